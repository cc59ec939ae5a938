"""The matcher's generic vocabulary, read from ``mapper/data/match_vocabulary.toml``.

Kind words, descriptive words, street and region words, ordinals, acronyms: researchers
extend that file to teach the matcher a new way of writing; no facility's name goes there.
"""

from __future__ import annotations

import re
import tomllib
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..names import latin, skeleton
from .normalise import stem

#: The generic vocabulary (kinds, descriptive words, street and region words, ordinals,
#: acronyms). Edit it to teach the matcher a new way of writing; never a facility name.
VOCABULARY_PATH = Path(__file__).resolve().parents[1] / "data" / "match_vocabulary.toml"
#: Where letters meet digits ("sizo2", "2b"): split into two words.
_DIGIT_SPLIT = re.compile(r"(?<=[a-z])(?=\d)|(?<=\d)(?=[a-z])")


@dataclass(frozen=True)
class Vocabulary:
    """The generic words of the matcher, read from `VOCABULARY_PATH` (see that file)."""

    roles: dict[str, frozenset[tuple[str, str]]]  # stem → {(role, value)}
    prefixes: tuple[tuple[str, frozenset[tuple[str, str]]], ...]  # skeleton prefix → roles
    phrases: dict[str, tuple[tuple[tuple[str, ...], frozenset[tuple[str, str]]], ...]]
    labels: dict[str, str]
    families: dict[str, frozenset[str]]
    loose: dict[str, frozenset[str]]
    ordinals: dict[str, int]  # latin word as written → number
    expansions: dict[str, tuple[str, ...]]
    measure: frozenset[str]
    measure_prefixes: tuple[str, ...]
    region_suffixes: tuple[str, ...] = ()
    # skeleton ending → roles: the head of a compound ("*kolonie": "Justizvollzugskolonie")
    heads: tuple[tuple[str, frozenset[tuple[str, str]]], ...] = ()
    # stems of compass words ("North" of "North Ossetia"): alone, never a region
    compass: frozenset[str] = frozenset()
    street_suffixes: tuple[str, ...] = ()  # "-straße", "-veien": a street's name in one word
    exact: dict[str, tuple[tuple[tuple[str, ...], frozenset[tuple[str, str]]], ...]] = (
        field(default_factory=dict))  # "=word": latin words as written
    counts: frozenset[str] = frozenset()  # counting words, latin as written ("dvi")
    sites: frozenset[str] = frozenset()  # stems of words for places that are counted
    people: frozenset[str] = frozenset()  # stems of words for people that are counted
    # stems of words for people by where they live or fled from ("беженцев из Мариуполя")
    residents: frozenset[str] = frozenset()
    plural: frozenset[str] = frozenset()  # plural forms of kinds, latin as written
    # ... and as written (Ukrainian "центри" and "центрі", singular, meet in latin)
    plural_written: frozenset[str] = frozenset()
    vague: frozenset[str] = frozenset()  # loose kinds a region alone does not narrow down
    # kinds a region had many of, of which the registry records some (filtration points)
    many_per_region: frozenset[str] = frozenset()
    cardinals: dict[str, int] = field(default_factory=dict)  # after a number sign only
    spelt_cardinals: frozenset[str] = frozenset()  # ... only after one spelt out ("number")
    also: dict[str, frozenset[str]] = field(default_factory=dict)  # police → {ivs}
    narrows: dict[str, frozenset[str]] = field(default_factory=dict)  # life → {colony}
    vague_roles: frozenset[tuple[str, str]] = frozenset()  # weak words naming a vague kind
    # name words (stems) and acronym groups (canons) that say a kind of building many towns
    # have ("санаторий", "military commissariat", "train station"): alone, never a facility
    buildings: frozenset[str] = frozenset()
    # acronym groups of bodies whose offices may be any building ("the FSB office")
    institutions: frozenset[str] = frozenset()
    # acronym groups that say where in a town ("downtown"): a name only beside the town
    town_only: frozenset[str] = frozenset()
    # a kind of building → kinds of facility that stand at one (`[building_kinds]`)
    building_kinds: dict[str, frozenset[str]] = field(default_factory=dict)
    # kinds of building a works is one of ("an enterprise in Vovchansk" may be its plant)
    works_buildings: frozenset[str] = frozenset()
    # words opening and continuing a route ("from … to …", "з … до …", "da … a …"), latin
    # as written
    route_from: frozenset[str] = frozenset()
    came_from: frozenset[str] = frozenset()  # "from" words that mean only that
    route_to: frozenset[str] = frozenset()
    # words of colonies' nicknames, stems ("=" + latin as written) → their group's English
    # word, a stem ("lobo" → "wolf")
    nicknames: dict[str, str] = field(default_factory=dict)
    # a town's other names no transliteration reaches, by its gazetteer id ("geonames:693805"
    # → "Aqmescit", Simferopol in Crimean Tatar)
    town_aliases: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # names of a town's districts, stems → their group's English word ("залізничний" →
    # "railway"): `[district_names]`, read only beside a district word
    district_names: dict[str, str] = field(default_factory=dict)
    # Latin-script case endings and spellings a town's name takes (`[latin_town_cases]`)
    town_endings: tuple[str, ...] = ()
    town_spellings: tuple[tuple[str, str], ...] = ()
    town_lengthened: tuple[tuple[str, str], ...] = ()
    # one word for a colony's nickname, as written (latin; "*" a prefix) → its words in
    # English (`[nickname_words]`: "Polarwolf" → "polar wolf", "Eisbär*" → "polar bear")
    nickname_words: tuple[tuple[str, str], ...] = ()


def _keys(entry: str) -> list[str]:
    """The matching keys of one vocabulary entry: stems, or a prefix for "word*"."""
    out = []
    for tok in _tokens(entry):
        out.append(skeleton(tok[:-1]) + "*" if tok.endswith("*") else stem(tok))
    return out


#: French and Italian elided articles and prepositions before a word ("d'Olenivka").
_ELISION = re.compile(r"^(?:[dlDL]|dell|nell|all|dall|sull|qu)['’ʼ]([^\W\d_].*)$")


def _tokens(text: str) -> list[str]:
    """Words of ``text`` as latin lowercase, numbers split from letters ("sizo2" → sizo 2),
    an elided article dropped as the text's words drop it ("jardin d'enfants")."""
    star = text.endswith("*")
    text = " ".join(m.group(1) if (m := _ELISION.match(w)) else w
                    for w in text.rstrip("*").split())
    t = _DIGIT_SPLIT.sub(" ", latin(text))
    toks = t.split()
    if star and toks:
        toks[-1] += "*"
    return toks


@lru_cache(maxsize=8)
def load_vocabulary(path: str | None = None) -> Vocabulary:
    """Read the matcher's vocabulary file.

    Parameters
    ----------
    path : str, optional
        A TOML file in the layout of ``mapper/data/match_vocabulary.toml``; the shipped
        file by default.

    Returns
    -------
    Vocabulary

    Raises
    ------
    ValueError
        When the file names a kind that it does not define, with the file and the entry.

    Examples
    --------
    >>> load_vocabulary().labels["sizo"]
    'SIZO'
    """
    p = Path(path) if path else VOCABULARY_PATH
    with p.open("rb") as f:
        data = tomllib.load(f)
    roles: dict[str, set[tuple[str, str]]] = defaultdict(set)
    prefixes: dict[str, set[tuple[str, str]]] = defaultdict(set)
    heads: dict[str, set[tuple[str, str]]] = defaultdict(set)
    phrases: dict[str, list[tuple[tuple[str, ...], frozenset[tuple[str, str]]]]] = (
        defaultdict(list))

    exact: dict[str, list[tuple[tuple[str, ...], frozenset[tuple[str, str]]]]] = (
        defaultdict(list))

    def put(table: dict, first: str, words: tuple[str, ...], role: tuple[str, str]) -> None:
        # one pattern, every role it was listed with ("=березня": generic and a date word)
        entries = table[first]
        for k, (ws, rs) in enumerate(entries):
            if ws == words:
                entries[k] = (ws, rs | {role})
                return
        entries.append((words, frozenset({role})))

    def add(entry: str, role: tuple[str, str]) -> None:
        if entry.startswith("="):
            words = tuple(_tokens(entry[1:]))
            if words:
                put(exact, words[0], words, role)
            return
        if entry.startswith("*"):
            heads[skeleton(latin(entry[1:]))].add(role)
            return
        keys = _keys(entry)
        if not keys:
            return
        if len(keys) > 1:
            put(phrases, keys[0].rstrip("*"), tuple(keys), role)
        elif keys[0].endswith("*"):
            prefixes[keys[0][:-1]].add(role)
        else:
            roles[keys[0]].add(role)

    kinds = data["kinds"]
    labels = {k: v["label"] for k, v in kinds.items()}
    families = {k: frozenset(v.get("families", [])) for k, v in kinds.items()}
    narrows = {k: frozenset(v["narrows"]) for k, v in kinds.items() if v.get("narrows")}
    bad = sorted({x for ks in narrows.values() for x in ks} - set(kinds))
    if bad:
        raise ValueError(f"{p}: a kind narrows unknown kind(s) {bad}")
    for kind, spec in kinds.items():
        for w in spec["words"]:
            add(w, ("kind", kind))
    for w, ks in data.get("weak_kinds", {}).items():
        bad = [k for k in ks if k not in kinds]
        if bad:
            raise ValueError(f"{p}: weak_kinds '{w}' names unknown kind(s) {bad}")
        add(w, ("weak", "|".join(ks)))
    loose = {}
    lk = dict(data.get("loose_kinds", {}))
    vague = lk.pop("region_not_enough", [])
    many = lk.pop("many_per_region", [])
    for b, ks in data.get("building_kinds", {}).items():
        bad = [x for x in ks if x not in kinds]
        if bad:
            raise ValueError(f"{p}: building_kinds '{b}' names unknown kind(s) {bad}")
    for k, ks in data.get("also_kinds", {}).items():
        bad = [x for x in [k, *ks] if x not in kinds]
        if bad:
            raise ValueError(f"{p}: also_kinds '{k}' names unknown kind(s) {bad}")
    for k, ks in lk.items():
        bad = [x for x in [k, *ks] if x not in kinds]
        if bad:
            raise ValueError(f"{p}: loose_kinds '{k}' names unknown kind(s) {bad}")
        loose[k] = frozenset(ks)
    for words in data.get("generic", {}).values():
        for w in words:
            add(w, ("generic", ""))
    ctx = data.get("context", {})
    for role, key in (("street", "street"), ("region_word", "region_words"),
                      ("region_before", "region_words_before"), ("near", "near_words"),
                      ("settlement_word", "settlement_words"),
                      ("numbered", "numbered_words"), ("street_after", "street_after"),
                      ("container", "container_words"), ("part", "part_words"),
                      ("distance", "distance_words"), ("date", "date_words"),
                      ("district", "district_words"), ("city_word", "city_words"),
                      ("near_after", "near_after_words"),
                      ("street_former", "street_former"),
                      ("jurisdiction", "jurisdiction_words")):
        for w in ctx.get(key, []):
            add(w, (role, ""))
    for w in ctx.get("region_words_plural", []):
        add(w, ("region_word", ""))
        add(w, ("region_plural", ""))
    for canon, words in data.get("acronyms", {}).items():
        for w in words:
            add(w, ("acronym", canon))
    for branch, words in data.get("medicine", {}).items():
        for w in words:
            add(w, ("medicine", branch))
    for codes, words in data.get("region_aliases", {}).items():
        for code in codes.split():  # "RU-MUR RU-NEN": words for a place in several regions
            for w in words:
                add(w, ("region_alias", code))
    for codes, words in data.get("wide_areas", {}).items():
        for w in words:  # ... and wide areas: they say where, never which
            for code in codes.split():
                add(w, ("region_alias", code))
            add(w, ("wide_area", ""))
    for key, words in data.get("firm_kinds", {}).items():
        if any(kind not in kinds for kind in key.split()):
            raise ValueError(f"{p}: firm_kinds '{key}' is not a kind")
        for w in words:
            add(w, ("firm", key))
    places = data.get("places", {})
    for role, key in (("other_place", "other"), ("ukraine_run", "ukraine_run"),
                      ("planned", "planned"), ("so_called", "so_called"),
                      ("likeness", "likeness"), ("one_of", "one_of"),
                      ("makeshift", "makeshift"), ("finder", "finders"),
                      ("finder_before", "finders_before"), ("women", "women"),
                      ("men_only", "men_only"), ("superlative", "superlative"),
                      ("works", "works"), ("many_places", "many_places"),
                      ("directorate", "directorate"), ("border", "border"),
                      ("local", "local"),
                      ("regional_penal", "regional_penal"),
                      ("federal_penal", "federal_penal")):
        for w in places.get(key, []):
            add(w, (role, ""))
    measure = [k for w in ctx.get("measure_words", []) for k in _keys(w)]
    ordinals = {latin(w): int(n) for n, ws in data.get("ordinals", {}).items() for w in ws}
    canon = set(data.get("acronyms", {}))

    def building_keys(key: str) -> frozenset[str]:
        # kinds of building, by acronym group (its first key) or stem
        return frozenset(w if w in canon else k for w in places.get(key, []) for k in _keys(w))

    # (by stem; "=word" as written, latin, where the stem reaches other words: "snowy" →
    # "snov", as "Сновськ")
    nicknames = {("=" + latin(w[1:]) if w.startswith("=") else _keys(w)[0]): stem(group)
                 for group, ws in data.get("nicknames", {}).items()
                 for w in [group, *ws] if len(_tokens(w.lstrip("="))) == 1}
    district_names = {_keys(w)[0]: group for group, ws in data.get("district_names", {}).items()
                      for w in [group, *ws] if len(_tokens(w)) == 1 and _keys(w)}
    expansions = {c: tuple(t if t in canon else stem(t) for t in _tokens(x))
                  for c, x in data.get("acronym_expansions", {}).items()}
    suffixes = tuple(skeleton(s) for s in ctx.get("region_suffixes", []))
    cases = data.get("latin_town_cases", {})
    prefixes_t = tuple(sorted(((k, frozenset(v)) for k, v in prefixes.items()),
                              key=lambda kv: -len(kv[0])))
    voc = Vocabulary(
        roles={k: frozenset(v) for k, v in roles.items()},
        prefixes=prefixes_t,
        heads=tuple(sorted(((k, frozenset(v)) for k, v in heads.items()),
                           key=lambda kv: -len(kv[0]))),
        phrases={k: tuple(sorted(v, key=lambda pv: -len(pv[0]))) for k, v in phrases.items()},
        labels=labels, families=families, loose=loose, ordinals=ordinals,
        cardinals={latin(w.lstrip("+")): int(n) for n, ws in data.get("cardinals", {}).items()
                   for w in ws},
        spelt_cardinals=frozenset(latin(w[1:]) for ws in data.get("cardinals", {}).values()
                                  for w in ws if w.startswith("+")),
        expansions=expansions,
        measure=frozenset(m for m in measure if not m.endswith("*")),
        measure_prefixes=tuple(m[:-1] for m in measure if m.endswith("*")),
        region_suffixes=suffixes,
        compass=frozenset(k for w in ctx.get("compass", []) for k in _keys(w)),
        street_suffixes=tuple(skeleton(s) for s in ctx.get("street_suffixes", [])),
        counts=frozenset(" ".join(_tokens(w)) for w in places.get("counts", [])),
        sites=frozenset(k for w in places.get("sites", []) for k in _keys(w)),
        buildings=building_keys("buildings"),
        institutions=frozenset(places.get("institutions", [])),
        town_only=frozenset(places.get("town_only", [])),
        works_buildings=building_keys("works_buildings"),
        building_kinds={b: frozenset(ks) for b, ks in data.get("building_kinds", {}).items()},
        route_from=frozenset(latin(w) for w in places.get("route_from", [])),
        came_from=frozenset(latin(w) for w in places.get("came_from", [])),
        route_to=frozenset(latin(w) for w in places.get("route_to", [])),
        nicknames=nicknames,
        town_aliases={k: tuple(v) for k, v in data.get("town_aliases", {}).items()},
        district_names=district_names,
        town_endings=tuple(cases.get("endings", [])),
        town_spellings=tuple(tuple(x) for x in cases.get("spellings", [])),
        town_lengthened=tuple(tuple(x) for x in cases.get("lengthened", [])),
        nickname_words=tuple((latin(w.rstrip("*")).lower() + "*" * w.endswith("*"), words)
                             for words, ws in data.get("nickname_words", {}).items()
                             for w in ws),
        people=frozenset(k for w in places.get("people", []) for k in _keys(w)),
        residents=frozenset(k for w in places.get("residents", []) for k in _keys(w)),
        plural=frozenset(" ".join(_tokens(w)) for w in places.get("plural", [])),
        plural_written=frozenset(w.lower() for w in places.get("plural", [])),
        vague=frozenset(vague),
        many_per_region=frozenset(many),
        also={k: frozenset(v) for k, v in data.get("also_kinds", {}).items()},
        narrows=narrows,
        vague_roles=frozenset(("weak", "|".join(ks)) for ks in data.get("weak_kinds", {}).values()
                              if set(ks) & set(vague)),
        exact={k: tuple(sorted(v, key=lambda pv: -len(pv[0]))) for k, v in exact.items()})
    return voc
