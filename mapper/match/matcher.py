"""Steps 3 and 4 of matching: candidates from an index over the registry, then a decision.

`Matcher` indexes one facility layer (names, aliases, settlements, regions, kinds,
numbers), gathers each candidate's evidence from a `Parsed` reference (`Matcher._evidence`)
and decides precision first (`Matcher._decide`): the number decides, a kind of another
family rules out, a tie is ambiguous with every candidate id, and every answer carries a
``match_reason`` a researcher can act on.
"""

from __future__ import annotations

import multiprocessing
import os
import re
import sys
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from itertools import pairwise
from typing import NamedTuple

import numpy as np
import pandas as pd
from rapidfuzz import process
from rapidfuzz.distance import OSA

from ..names import latin, skeleton
from .normalise import normalise, stem
from .parse import (
    _ADJECTIVE_RE,
    _QUOTED,
    Parsed,
    Word,
    _as_written,
    parse,
)
from .towns import (
    _ALTERNATION,
    _SK_ADJECTIVE,
    _SK_NAME_ADJECTIVE,
    _SK_TOWN,
    COLONY_CITY_POPULATION,
    SIZO_CITY_POPULATION,
    _a_case_of,
    _allowed_distance,
    _compound_key,
    _compound_towns,
    _gazetteer_pairs,
    _gazetteer_skeletons,
    _gazetteer_stems,
    _house_numbers,
    _ikavism,
    _jota,
    _large_towns,
    _own_town_names,
    _russian_or_ukrainian_town,
    _settlement_regions,
    _town_read_whole,
)
from .towns import tables as town_tables
from .vocabulary import Vocabulary, _tokens, load_vocabulary

STATUSES = ("matched", "ambiguous", "unmatched")
#: Longer references are not parsed: no facility's name, town and number takes this much,
#: and matching a pasted page word by word only wastes minutes.
MAX_REFERENCE_CHARS = 1000
#: The registry's facility_type → kind (names add more kinds, e.g. an IVS that is a police
#: building).
TYPE_KINDS = {"sizo": "sizo", "penal_colony": "colony", "filtration_site": "filtration",
              "temporary_detention": "ivs"}
#: Kinds a reference may give for a facility the registry records without a kind
#: (basements, torture sites, seized buildings): they describe, they do not rule out.
KINDLESS_OK = frozenset({"camp"})
#: Name words in three or more facilities' names are generic ("torture", "basement").
GENERIC_NAME_FACILITIES = 3
_ID_RE = re.compile(r"\b(?:ru|ua)-[a-z0-9]+(?:-[a-z0-9]+)+\b")
#: A word of Latin letters only, any diacritics ("olenyivkában", "chersons").
_LATIN_WORD = re.compile(r"[a-zà-ɏ]+")
#: A town's adjective as written, which may also spell another town whole ("Вяземский" is a
#: town in Khabarovsk Krai, "Київський" a village): never named as a town in a reason.
_TOWN_ADJECTIVE = re.compile(
    r"[сц]ьк(?:ий|ій|а|ої|ого|ому|ою|е|их)$|[сц]к(?:ий|ая|ой|ую|ое|ие|их|ого|ому)$|"
    r"sk(?:aya|aja|oye|oje|iy|ij|yi|y|a|oj)$")
#: The adjective of a town in "-цьк"/"-цк" as a skeleton ("luckoho", "luckii": Lutsk's).
_CK_ADJECTIVE = re.compile(r"([a-z]{2,}c)k(?:oho|omu|ii|im|ih|ia|ie|oi|oe|om|a|e|i|u)$")
#: The oblique cases of a plural town name in "-ки" ("Ровеньках", "Ровеньків"), latin, and
#: the stem of its adjective ("Олешківський" "oleskiv", Russian "Алешковский" "aleskov").
_PLURAL_TOWN_CASE = re.compile(r"k(?:ah|am|ami|iv|ov)$")
#: Quote marks that open a quotation, and the mark that closes each.
_QUOTE_PAIRS = {'"': '"', "«": "»", "“": "”", "„": "“", "‘": "’", "'": "'", "‹": "›",
                "”": "”"}

# --- the facility index ---------------------------------------------------------------------

def _near_spellings(own: list[str], others: Iterable[str]) -> list[str]:
    """The names of ``others`` that spell one of ``own`` with the same number of words, as
    long within a letter, and at most one letter in four changed, as skeletons: the name in
    the other language, not a cut or garbled one ("Челябі", "Краснодор")."""
    keys = [(len(o.split()), skeleton(o)) for o in own if o]
    return [n for n in others if any(
        len(n.split()) == words and abs(len(s := skeleton(n)) - len(k)) <= 1
        and OSA.distance(s, k) <= max(1, len(k) // 4) for words, k in keys if k)]


def _districts(p: Parsed) -> set[str]:
    """The district words of a facility's name or address ("Ковровский район")."""
    return {w.stem for w in p.words if w.ctx == "region" and len(w.stem) >= 4}


def _as_list(value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, float) and value != value:  # NaN
        return []
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value if v]
    if hasattr(value, "tolist"):
        return [str(v) for v in value.tolist() if v]
    return [t.strip() for t in str(value).split(";") if t.strip()]


def _text(value) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return str(value).strip()


def _name_variants(name: str) -> list[str]:
    """"Stakhanov (Kadiivka)" → the whole, "Stakhanov", "Kadiivka"."""
    parts = [p.strip() for p in re.split(r"[()/;|,]", name) if p.strip()]
    return list(dict.fromkeys([name, *parts]))


@dataclass
class _Facility:
    id: str
    label: str
    kinds: frozenset[str]
    named_kinds: frozenset[str]  # kinds its own names say (rank above the type's kind)
    numbers: frozenset[int]
    settlements: list[tuple[str, ...]]  # each variant as a tuple of stems
    region_code: str
    region_label: str
    landmarks: frozenset[tuple[str, int | None]] = frozenset()  # what it is inside
    places: frozenset[str] = frozenset()  # other kinds of place its names say ("garage")
    name_heads: frozenset[str] = frozenset()  # name words another word follows ("Полярный")
    house: frozenset[str] = frozenset()  # the house numbers of its address ("1" of "1-Б")
    women: bool = False  # its names say it holds women ("Women's Penal Colony No. 11")
    men_only: bool = False  # its names say a regime only men serve ("Strict-regime colony")
    district_name: str = ""  # the town district its names say ("Railway District Police")
    works: bool = False  # its names say a works ("Vovchansk aggregate plant")
    directorate: bool = False  # its names say a regional directorate ("FSB Directorate")
    medicine: str = ""  # the branch of medicine its names say ("Tuberculosis Hospital No. 3")
    # its names put it under the federal penal service, not a regional directorate
    # ("ФКУ СИЗО № 2 ФСИН России": Lefortovo)
    federal: bool = False
    border: bool = False  # its names say the border service ("FSB Border Directorate")


@dataclass
class _Entry:
    """What one stem means: places and name words of facilities."""

    settle: set[tuple[int, int]] = field(default_factory=set)  # (facility idx, variant idx)
    region: set[int] = field(default_factory=set)
    name: set[int] = field(default_factory=set)
    generic: set[int] = field(default_factory=set)  # name words shared by many facilities


@dataclass(frozen=True)
class Match:
    """The answer for one reference."""

    facility_id: str
    match_score: int
    match_status: str
    match_reason: str


def _common_words_only(what: str, words: Iterable[str], shown: str) -> Match:
    """Unmatched: only common words of the text ("garage", "sanatorio") point to the
    facilities ``shown``, no place or name: a description, not a name."""
    return Match("", 0, "unmatched",
                 f"{what}: only the common word(s) '{' '.join(dict.fromkeys(words))}' point to "
                 f"{shown}, no place or name; name the town or the facility (or add the phrase "
                 "to its aliases)")


def _building_only(what: str, names: set[str], ids: list[str]) -> Match:
    """Ambiguous: only a word for a kind of building many towns have (`[places] buildings`)
    points to these facilities, with no town or name."""
    return Match("", 0, "ambiguous",
                 f"{what}: only a word for a kind of building ('{' '.join(sorted(names))}') "
                 f"points to {'; '.join(ids[:4])}, with no town or name: many towns have one; "
                 "name the town")


@dataclass
class _Evidence:
    level: int = 0  # 3 whole settlement, 2 its main word, 1 region or landmark, 0 none
    settle_words: int = 0
    names: set[str] = field(default_factory=set)
    generic: int = 0
    quoted: int = 0
    street: set[str] = field(default_factory=set)
    name_pos: set[tuple[int, bool]] = field(default_factory=set)  # (position, quoted)
    place_pos: set[tuple[int, bool]] = field(default_factory=set)
    typos: int = 0  # edits needed for the place words that name this facility's town
    # a name hit from a word written as a name (capital, quotes), an acronym, a street or a
    # landmark; not only common words ("sanatorio", "tuberculosis")
    proper: bool = False
    town_pos: frozenset[int] = frozenset()  # the words that name its town
    common: dict[int, str] = field(default_factory=dict)  # common words hitting its names
    # region evidence from a word that is not only a landmark ("под Волгоградом" is one)
    in_region: bool = False
    area_only: bool = False  # the region only through a wide area ("Siberia": `[wide_areas]`)
    # the region only through a town named like it, as written ("in Volgograd": the city,
    # where the facility is not, or its region)
    capital_of: str = ""
    # the words giving that region evidence (-1: a region phrase), to tell them from the
    # town's own words ("ростовского Донецка": Rostov oblast is said apart from the town)
    region_at: set[int] = field(default_factory=set)
    # name words that are a word for another kind of place ("hotel"): position → key
    other_at: dict[int, tuple[str, bool]] = field(default_factory=dict)  # (key, capital)
    # the town the text places it near is its own town ("bei Oleniwka" of the Olenivka colony)
    near_own: bool = False
    # the registry knows only its region, and the text names a town of that region by a word
    # that also names the region (`Matcher._town_unknown`)
    town_unknown: bool = False


class _Score(NamedTuple):
    """How well one candidate fits: candidates compare field by field, first to last."""

    quoted: int  # quoted names of it in the text
    town: int  # its town named (the evidence level, 2 or 3), else 0
    names: int  # distinct name words of it
    level: int  # 3 whole settlement, 2 its main word, 1 region or landmark, 0 none
    kind: int  # 2 the kinds agree, 1 loosely, 0 they conflict (`Matcher._kind_relation`)
    number: int  # 2 the number agrees, 1 it records none, 0 another (`_number_relation`)
    settle_words: int
    named_kind: int  # its own names say the text's kind
    generic: int  # generic name words
    typos: int  # minus the typos its town was read through: written right beats a typo


class _Said(NamedTuple):
    """Where the text places the facility, over all candidates (`Matcher._said`)."""

    town_at: set[int]  # positions of words that name a settlement
    town: bool  # a town is named
    region: bool  # a region is named, by the text's own words
    regions: set[str]  # ... which regions


@dataclass
class _Screened:
    """The candidates a text's place, kind and number leave (`Matcher._screen`), and the ids
    of those set aside, by why."""

    scored: dict[int, _Score]
    ruled_out: list[str]
    numbered_out: dict[int, int]  # facility → its kind relation: another number
    near_only: list[str]  # in the region of a town the text is only near
    region_only: list[str]  # of a kind a region had many of, by the region alone
    area_only: list[str]  # somewhere in a wide area the text names ("Siberia")
    capital_only: list[str]  # in the region of a city the text may mean itself
    capital_words: dict[str, str]  # ... and that city's word, as written


def _in_a_town_of(p: Parsed, e: _Evidence, fac: _Facility,
                  towns: dict[str, frozenset[str]], extra: Iterable[str] = ()) -> bool:
    """Whether a word the text places facility ``fac`` by (or a key of ``extra``) is a town
    of ``towns`` (stem -> regions) in its region: a large town has many places of a kind."""
    stems = [w.stem for w in p.words if (w.pos, w.quoted) in e.place_pos] + list(extra)
    if e.place_pos:  # ... as the facility's town, however the text spelt it ("Archangelsk")
        stems += [k for st in fac.settlements for k in st]
    return any(fac.region_code in towns.get(s, ()) for s in stems)


def _by_common_words(e: _Evidence, places: list[Word]) -> bool:
    """Whether only common words of the text reach a facility: no town, region or name
    (unless a name we cannot read stands next to them: "Baakliia printing office", a
    misspelt town)."""
    return not e.level and not e.proper and not any(
        w.cap and (w.pos - 1 in e.common or w.pos + 1 in e.common) for w in places)


#: Federal cities: the city is the region ("в Петербурге" is anywhere in St Petersburg).
FEDERAL_CITIES = frozenset({"RU-MOW", "RU-SPE", "UA-40"})

MATCH_COLUMNS = ("id", "name_en", "name_uk", "name_ru", "aliases", "facility_type",
                 "region_code", "region_en", "region_uk", "region_ru", "settlement_en",
                 "settlement_local", "address", "former_ids", "official_number",
                 "geocode_source")


class Matcher:
    """Matches references against one facility layer; build once, call many times.

    Parameters
    ----------
    layer : pandas.DataFrame
        The facility layer (GeoDataFrame from `mapper.layer.load_facilities`) or the
        registry table: it needs ``id``, the names, ``aliases``, ``facility_type``,
        ``region_code``, region names and ``settlement_en``/``settlement_local``; it uses
        ``address`` (street names are name words) and ``official_number`` when present.
    vocabulary : Vocabulary, optional
        The generic vocabulary; `load_vocabulary()` by default.

    Examples
    --------
    >>> from mapper.registry import load_registry
    >>> Matcher(load_registry()).match("друге СІЗО Сімферополя").facility_id
    'ua-crimea-simferopol-sizo-2'
    """

    def __init__(self, layer: pd.DataFrame, vocabulary: Vocabulary | None = None):
        self.voc = vocabulary or load_vocabulary()
        self.facilities: list[_Facility] = []
        self.ids: dict[str, str] = {}
        self.vocab: dict[str, _Entry] = defaultdict(_Entry)
        self._by_kind: dict[str, set[int]] = defaultdict(set)
        self._by_number: dict[int, set[int]] = defaultdict(set)
        self._by_region: dict[str, set[int]] = defaultdict(set)
        self._by_landmark: dict[tuple[str, int | None], set[int]] = defaultdict(set)
        self._cache: dict[str, Match] = {}
        self._names: dict[str, set[str]] = defaultdict(set)  # a name exactly as written
        # names made of a region's word and a loose kind word only ("Володимирський
        # централ"), by their words' stems: such a name, in any case
        self._regional_names: dict[tuple[str, ...], set[str]] = defaultdict(set)
        self._word_cache: dict[str, list[tuple[str, int]]] = {}
        # acronym groups' keys ("oda"): an acronym does not decline as a short noun does
        self._acronyms = frozenset(c for roles in self.voc.roles.values()
                                   for role, c in roles if role == "acronym")
        # the English words of colonies' nicknames' groups ("polar", "wolf"), their keys
        self._nicknames = frozenset(self.voc.nicknames.values())
        name_stems: list[set[str]] = []
        self._town: list[tuple[str, str]] = []  # (region code, settlement) per facility
        # towns where the registry tells district departments apart ("Railway District Police")
        self._district_towns: set[tuple[str, str]] = set()
        self._street_only: list[frozenset[str]] = []  # per facility: address street words
        # per facility: its name words written as names (capitalised inside a name, or a
        # name of one word): in a text all in lower case, only these name it
        self._written_names: list[frozenset[str]] = []
        self._named_settle: set[str] = set()  # settlement words inside towns' names ("selo")
        self._town_skels: list[set[str]] = []  # skeletons of each facility's town names
        self._compound_keys: set[str] = set()  # ... and their `_compound_key`s
        self._cut_from: dict[str, set[str]] = defaultdict(set)  # place key → its skeletons
        # (both by a town's name, lower case; read only while the index is built)
        spellings: dict[str, set[str]] = defaultdict(set)  # its other spellings in names
        records = layer.to_dict("records")
        # a Ukrainian town's Russian name, a near spelling of its own, as texts written under
        # occupation give it ("Снигирёвка" of Снігурівка), for each namesake town: a row
        # placed only at region level has no gazetteer entry of its own
        russian_names: dict[str, set[str]] = defaultdict(set)
        for rec in records:
            if _text(rec.get("region_code")).startswith("UA-"):
                own = [_text(rec.get("settlement_en")), _text(rec.get("settlement_local"))]
                russian_names[own[0].lower()] |= set(_near_spellings(
                    own, _own_town_names().get(_text(rec.get("geocode_source")), ())))
        for rec in records:
            self._add(rec, name_stems, spellings, russian_names)
        # Another spelling of a facility's town in its names ("Западная колония, Макеевка"
        # for Makiivka) is a spelling of the town for every facility there, not a name, and
        # of that name wherever it is a town's: "у Василівці" is either Vasylivka
        for idx, town in enumerate(self._town):
            for sp in sorted(spellings.get(town[1].lower(), ())):
                fac = self.facilities[idx]
                if (sp,) not in fac.settlements:
                    fac.settlements.append((sp,))
                    self.vocab[sp].settle.add((idx, len(fac.settlements) - 1))
                name_stems[idx].discard(sp)
        # distinctive name words only: generic ones ("torture", "basement") would tie; a word
        # for a kind of building many towns have (`[places] buildings`) stays a name word
        # however many facilities share it: each is at such a building, and the town says
        # which ("the railway station in Trostianets", once Horlivka's is a row too)
        counts: dict[str, int] = defaultdict(int)
        for stems in name_stems:
            for s in stems:
                counts[s] += 1
        for idx, stems in enumerate(name_stems):
            for s in stems:
                if counts[s] < GENERIC_NAME_FACILITIES or s in self.voc.buildings:
                    self.vocab[s].name.add(idx)
                else:
                    self.vocab[s].generic.add(idx)
        self._keys = list(self.vocab)

    def _add(self, rec: dict, name_stems: list[set[str]], spellings: dict[str, set[str]],
             russian_names: dict[str, set[str]]) -> None:
        idx = len(self.facilities)
        fid = _text(rec.get("id"))
        self.ids[fid.lower()] = fid
        for old in _as_list(rec.get("former_ids")):
            self.ids.setdefault(old.lower(), fid)
        names = [_text(rec.get(c)) for c in ("name_en", "name_uk", "name_ru")]
        names = [n for n in names + _as_list(rec.get("aliases")) if n]
        for n in names:
            self._names[latin(normalise(n))].add(fid)
        kinds: set[str] = set()
        ftype = _text(rec.get("facility_type"))
        numbers: set[int] = set()
        official = _text(rec.get("official_number"))
        if official.isdigit():
            numbers.add(int(official))
        m = re.search(r"-(?:sizo|ik|colony|liu|t|ivs|vk)-(\d{1,3})$", fid)
        if m:
            numbers.add(int(m.group(1)))
        words: set[str] = set()
        own_kind = TYPE_KINDS.get(ftype)
        landmarks: set[tuple[str, int | None]] = set()
        places: set[str] = set()
        head_pairs: set[tuple[str, str]] = set()
        women = men_only = works = directorate = federal = border = False
        district_name = medicine = ""
        named: set[str] = set()  # every word of its names but their streets
        written: set[str] = set()  # ... and those written as names
        name_streets: set[str] = set()
        # districts its names or address give ("(Гулькевичский район)", "Ковровский район"):
        # region evidence, "colony No. 7 near Kovrov", "в Ковровском районе"
        districts: set[str] = set()
        for name in names:
            p = parse(name, loose=False, vocabulary=self.voc)
            # a region's or town's word and a loose kind word only (`_regional_names`); the
            # part before a comma too ("Омский централ, Омск" is "the Omsk central")
            for part in dict.fromkeys([name, name.split(",")[0]]):
                q = p if part == name else parse(part, loose=False, vocabulary=self.voc)
                if (q.kinds and (q.region_codes or q.words) and q.number is None
                        and all(w.ctx == "place" for w in q.words)
                        and not parse(part, vocabulary=self.voc).kind_words):
                    self._regional_names[tuple(stem(w) for w in _tokens(normalise(part)))].add(
                        fid)
            women, men_only = women or bool(p.women), men_only or bool(p.men_only)
            works = works or p.works
            directorate = directorate or bool(p.directorate)
            border = border or bool(p.border)
            district_name = district_name or p.district_name
            medicine = medicine or p.medicine
            federal = federal or (p.federal_penal and not p.regional_penal)
            # a street a name gives ("MGB prison, 14 Molodizhna St") is a street, as in the
            # address: "Molodizhne, outside Olenivka" is a village, not that prison
            named |= {w.stem for w in p.words if w.ctx != "street"}
            written |= {w.stem for w in p.words
                        if w.cap and (not w.first or len(p.words) == 1)}
            name_streets |= {w.stem for w in p.words if w.ctx == "street" and len(w.stem) >= 3}
            districts |= _districts(p)
            seq = [w for w in p.words if w.ctx in ("place", "street")]
            head_pairs |= {(a.stem, b.stem) for a, b in pairwise(seq) if b.pos == a.pos + 1}
            inside: set[str] = set()
            if own_kind is not None and len(p.kinds) > 1:  # "SIZO No. 2 (at colony No. 1)"
                # the other kind, with its own number, is where the facility is, not what
                # it is: "в симферопольской колонии" is not this SIZO
                inside = {k for k, _ in p.pairs if k != own_kind}
                landmarks |= {(k, v) for k, v in p.pairs if k != own_kind}
                landmarks |= {(k, None) for k in inside}
            elif own_kind is None and p.other_places and not p.kinds & KINDLESS_OK:
                # a custodial kind word beside another kind of place in a kindless row's
                # name says where the place is, not what it is: "Izium hospital garages" is
                # not a prison hospital ("a prison in Izium" is not singled out by it); a
                # camp is what such a place is used as ("PVR at the Taganrog hotel")
                inside = set(p.kinds)
                landmarks |= {(k, None) for k in inside}
            kinds |= p.kinds - inside
            places |= {st for st, _ in p.other_places}
            if p.number is not None:
                numbers.add(p.number)
            landmarks |= set(p.landmarks)
            words |= {w.stem for w in p.words if w.ctx in ("place", "street")}
            words |= p.name_tokens | (p.town_only_names & self.voc.town_only)
        address = _text(rec.get("address"))
        streets: set[str] = set()
        house = frozenset(_house_numbers(address)) if address else frozenset()
        if address:
            # a note in brackets ("(street only, as given by the source)") names nothing
            address = re.sub(r"\([a-z][^()]*\)", " ", address)
            p = parse(address, loose=False, vocabulary=self.voc)
            words |= {w.stem for w in p.words if len(w.stem) >= 3}
            streets = {w.stem for w in p.words if w.ctx == "street" and len(w.stem) >= 3}
            districts |= _districts(p)
        named_kinds = frozenset(kinds)
        if ftype in TYPE_KINDS:
            kinds.add(TYPE_KINDS[ftype])  # a police building used as an IVS is both
        # places: settlement variants and the region's names
        source = _text(rec.get("geocode_source"))
        settle_names = [_text(rec.get("settlement_en")), _text(rec.get("settlement_local")),
                        *self.voc.town_aliases.get(source, ())]
        if _text(rec.get("region_code")).startswith("UA-"):
            # ... and its Russian name (not former or nicknames, which name other things too:
            # "Калинин", "Жданов"); Russian towns' other names in GeoNames are too often
            # garbled or another town's ("Москова", "Володимир")
            settle_names += sorted(russian_names[settle_names[0].lower()])
        settlements: list[tuple[str, ...]] = []
        for sname in settle_names:
            for var in _name_variants(sname) if sname else []:
                st = tuple(w.stem for w in self._place_words(var)
                           if w.stem not in ("na", "on", "d"))
                # a settlement word inside the name ("Красное Село", "Krasnoye Selo") is a word
                # of the name: "Красная" alone is not the town ("в Красной Поляне")
                own = tuple(k for k in (stem(t) for t in _tokens(var)[1:])
                            if ("settlement_word", "") in self.voc.roles.get(k, ()))
                if st and own:
                    st += tuple(k for k in own if k not in st)
                    self._named_settle |= set(own)
                if st and st not in settlements:
                    settlements.append(st)
                joined = (stem("".join(_tokens(var))),)
                if len(st) > 1 and joined not in settlements:
                    settlements.append(joined)  # "Старооскольский" meets "Stary Oskol"
        self._town_skels.append({skeleton(var) for sname in settle_names if sname
                                 for var in _name_variants(sname)})
        self._compound_keys |= {_compound_key(re.split(r"[-\s]+", var)) for sname in
                                settle_names if sname for var in _name_variants(sname)}
        for v, st in enumerate(settlements):
            for s in st:
                self.vocab[s].settle.add((idx, v))
        region_stems: set[str] = set()
        code = _text(rec.get("region_code"))
        self._by_region[code].add(idx)
        for col in ("region_en", "region_uk", "region_ru"):
            for var in _name_variants(_text(rec.get(col))):
                stems = {w.stem for w in self._place_words(var)}
                region_stems |= stems - self.voc.compass if len(stems) > 1 else stems
        for s in region_stems | districts:
            self.vocab[s].region.add(idx)
        region_stems |= districts
        place = {s for st in settlements for s in st} | region_stems
        town = (code, _text(rec.get("settlement_en")))
        self._town.append(town)
        mains = [st[0] for st in settlements if len(st) == 1 and len(st[0]) >= 5]
        for w in words - place:
            # (or the town in another case: "виправна колонія у Валуйках" names no more
            # than the town and the kind)
            if any(OSA.distance(w, m) <= min(_allowed_distance(w), _allowed_distance(m))
                   and w[:2] == m[:2] for m in mains) or any(
                    len(sk) >= 5 and w.startswith(sk[:-1])
                    and len(w) - len(sk) + 1 <= 2 for sk in self._town_skels[-1]):
                spellings[town[1].lower()].add(w)
        name_stems.append({w for w in words if w not in place and len(w) >= 3})
        # its address's street names that none of its names say: a street, never a name
        # ("ул. Красноармейская" of a Krasnodar SIZO is not the town of Krasnoarmeysk)
        self._street_only.append(frozenset((streets | name_streets) - named))
        self._written_names.append(frozenset(written))
        # a name goes on after a word when another name word follows it, not its town
        # ("СИЗО «Лефортово», Москва": "Lefortovo serves as …" is no longer name)
        heads = {a for a, b in head_pairs if b not in place}
        label = _text(rec.get("name_en")) or fid
        region_label = _text(rec.get("region_en")) or code
        fac = _Facility(fid, label, frozenset(kinds), named_kinds, frozenset(numbers),
                        settlements, code, region_label, frozenset(landmarks),
                        frozenset(places), frozenset(heads), house, women, men_only,
                        district_name, works, directorate, medicine, federal, border)
        self.facilities.append(fac)
        if district_name:
            self._district_towns.add(town)
        for lm in landmarks:
            self._by_landmark[lm].add(idx)
        for k in kinds:
            self._by_kind[k].add(idx)
        for n in numbers:
            self._by_number[n].add(idx)

    def _place_words(self, name: str) -> list[Word]:
        """The words of a settlement's or region's name, each key noted with its spelling."""
        words = parse(name, vocabulary=self.voc).words
        for w in words:
            self._cut_from[w.stem].add(w.skel)
        return words

    # --- lookups -----------------------------------------------------------------
    def _lookup(self, word: str, typos: bool = True) -> list[tuple[str, int]]:
        """Index keys that ``word`` may be, with the number of edits (typos) needed."""
        hit = self._word_cache.get(word if typos else "=" + word)
        if hit is not None:
            return hit
        out: list[tuple[str, int]] = []
        if word in self.vocab:
            out.append((word, 0))
        else:
            # an adjective or inflected form longer than the key ("vazmin" → "vazm"), unless
            # the word is itself a town's name and the key only a facility's name word
            # ("Shcherbinka", a Moscow town, is no form of "Serbsky")
            town = word in _large_towns()
            for cut in (1, 2):
                key = word[:-cut]
                if (len(key) >= 4 and key in self.vocab
                        and not (town and not (self.vocab[key].settle or self.vocab[key].region))):
                    out.append((key, 0))
                    break
            if not out and len(word) >= 6:
                # ... or shorter: "-ія"/"-ия" nouns lose their "i" to the ending rule in
                # some cases only ("адміністрації" "administrac", "адміністрація"
                # "administraci"; "типографии", "типография")
                for end in ("i", "a", "o"):
                    if word + end in self.vocab:
                        out.append((word + end, 0))
                        break
            if not out and len(word) >= 7 and word[-2:] in ("an", "in", "en"):
                # the Finnish genitive "-n" of a place ("Olenivkan vankila", "Mariupolin"):
                # only a place's key, never a name word's
                key = stem(word[:-1])
                e = self.vocab.get(key)
                if len(key) >= 5 and e is not None and (e.settle or e.region):
                    out.append((key, 0))
            if not out and len(word) >= 7 and word.endswith("er"):
                # the German adjective of a town, "-er" ("Moskauer Untersuchungsgefängnis",
                # "Charkiwer"): only a place's key
                out = [(key, d) for key, d in self._lookup(stem(word[:-2]), typos)
                       if self.vocab[key].settle or self.vocab[key].region]
            if not out and len(word) >= 8 and word.endswith("as"):
                # the Finnish inessive "-ssa" of a place ("Olenivkassa", its skeleton
                # "olenivkasa" less the ending rule's "a"): only a place's key
                key = stem(word[:-1])
                e = self.vocab.get(key)
                if len(key) >= 5 and e is not None and (e.settle or e.region):
                    out.append((key, 0))
            if not out and len(word) >= 6 and _PLURAL_TOWN_CASE.search(word):
                # a plural town name in "-ки" in another case ("в Ровеньках", "Ровеньків"
                # are Ровеньки; "Валуйкам" Валуйки): its nominative's key, a place's only
                out = [(key, d) for key, d in self._lookup(
                    stem(_PLURAL_TOWN_CASE.sub("ki", word)), typos)
                    if self.vocab[key].settle or self.vocab[key].region]
            if not out and len(word) >= 6 and word.endswith("vc"):
                # the locative of a "-вка"/"-ówka" place ("w Olenowce", "в Оленівці"): "-vk"
                # lost with the ending, "-vc" is what the alternation leaves
                out = [(key, d) for key, d in self._lookup(word[:-1], typos)
                       if self.vocab[key].settle or self.vocab[key].region]
            if not out and len(word) >= 5 and word[-1] in _ALTERNATION:
                # the Ukrainian locative's consonant change: "Таганрозі" is "Таганрог",
                # "Таганрозький" its adjective; "у Бахмуці" "Бахмут" is not one of them
                for end in _ALTERNATION[word[-1]]:
                    if word[:-1] + end in self.vocab:
                        out.append((word[:-1] + end, 0))
                        break
            if (not out and 3 <= len(word) <= 4 and word[-1] in "aeiouy"
                    and word[:-1] + "a" in self.vocab and word[:-1] + "a" not in self._acronyms):
                # a short a-stem name in another case: "«Ямою»", "Ямі" are "Яма"; "Уфе" "Уфа"
                # (not an acronym: "одеський", key "ode", is Odesa's, not the "ОДА")
                out.append((word[:-1] + "a", 0))
            if not out and len(word) >= 3 and word[-1] not in "aeiou":
                # a fleeting vowel: "Торжке" (stem "torz") is "Торжок", "Орла" "Орёл"; a
                # four-letter key only of a town ("Ельца" is "Елец")
                for key in (word + "ok", word + "ek", word[:-1] + "o" + word[-1],
                            word[:-1] + "e" + word[-1]):
                    if key in self.vocab and (len(key) >= 5 or (
                            len(key) == 4 and self.vocab[key].settle)):
                        out.append((key, 0))
                        break
            if not out and "oe" in word:
                # Dutch spelling: "oe" is u ("Manhoesj" is Manhush, "Koersk" Kursk); a
                # place's key only
                key = word.replace("oe", "u")
                e = self.vocab.get(key)
                if e is not None and (e.settle or e.region):
                    out.append((key, 0))
            voiced = word
            if not out and "s" in word:
                # German spelling: "s" before a vowel is voiced ("Isjum" is Izium)
                voiced = re.sub(r"(^|[aeiouy])s(?=[aeiouy])", r"\1z", word)
                if voiced != word and voiced in self.vocab:
                    out.append((voiced, 0))
            k = _allowed_distance(word) if typos else 0
            # ... and its typos are read on the voiced spelling too, where the plain one
            # finds nothing ("Besymjannoje" is "Безымянное", one letter from "Безіменне")
            for spelling in dict.fromkeys((word, voiced)):
                if out or not k:
                    break
                found = process.extract(spelling, self._keys, scorer=OSA.distance,
                                        score_cutoff=k, limit=8)
                if found:
                    best = min(d for _, d, _ in found)
                    out = [(key, d) for key, d, _ in found
                           if d == best and _allowed_distance(key) >= d]
        self._word_cache[word if typos else "=" + word] = out
        return out

    def match(self, reference: str) -> Match:
        """Match one reference (cached per normalised text).

        Parameters
        ----------
        reference : str
            A facility reference as written.

        Returns
        -------
        Match
            ``facility_id`` ("" unless matched), ``match_score``, ``match_status`` and a
            ``match_reason`` a researcher can act on.
        """
        return self._matched(normalise(reference))

    def _matched(self, key: str) -> Match:
        """The answer for a normalised reference, from the cache or matched now."""
        hit = self._cache.get(key)
        if hit is None:
            hit = self._match(key)
            self._cache[key] = hit
        return hit

    def match_many(self, references: Iterable[str], *, desc: str = "") -> list[Match]:
        """Match many distinct references, shared out between the machine's cores.

        A large batch (`PARALLEL_FROM` or more) on Linux is matched by forked worker
        processes, which read this matcher as it is (nothing is copied or pickled but the
        answers); elsewhere, or for a small batch, one by one. The answers are the same
        either way, in the order given, and they fill this matcher's cache.
        """
        from .._progress import progress

        keys = [normalise(str(r)) for r in references]  # once each (a third of a second)
        workers = min(os.cpu_count() or 1, 4)
        todo = [k for k in dict.fromkeys(keys) if k not in self._cache]
        if len(todo) >= PARALLEL_FROM and workers > 1 and sys.platform.startswith("linux"):
            chunks = [todo[i:i + _CHUNK] for i in range(0, len(todo), _CHUNK)]
            global _FORKED
            _FORKED = self
            town_tables()  # built once here, not once in every worker
            try:
                with multiprocessing.get_context("fork").Pool(workers) as pool:
                    for chunk, hits in zip(chunks, progress(
                            pool.imap(_match_chunk, chunks), total=len(chunks), desc=desc,
                            unit=f"×{_CHUNK} refs", min_total=2), strict=True):
                        self._cache.update(zip(chunk, hits, strict=True))
            finally:
                _FORKED = None
        return [self._matched(k) for k in progress(keys, desc=desc, unit="ref")]

    # --- step 3: candidates ------------------------------------------------------
    def _evidence(self, p: Parsed) -> tuple[dict[int, _Evidence], int, list[Word]]:
        """Per facility: the place level, name words and quoted names the text hits."""
        ev: dict[int, _Evidence] = defaultdict(_Evidence)
        settle_hits: dict[tuple[int, int], set[str]] = defaultdict(set)
        settle_pos: dict[tuple[int, int], set[int]] = defaultdict(set)
        edits = 0
        unknown: list[Word] = []
        other_towns: list[Word] = []  # words read whole as a town the registry does not have
        other_words = {st for st, _ in p.other_places}
        said_regions: set[str] = set()  # regions a region word names ("région de Iakoutsk")
        # (facility, position) → a town named like its region, as written: the city or the
        # region ("in Volgograd")
        capital_at: dict[tuple[int, int], str] = {}
        capital_word: dict[tuple[int, str], bool] = {}  # (position, region) → the city?
        # Typos are tolerated in names written as names (capitalised or quoted) and in a
        # reference typed all in lower case; not in the lower-case words of a text that
        # uses capitals, however short ("східній", eastern, is not the village of Yahidne;
        # "країни", of the country, is not Krasnoye Selo).
        towns_at = self._compound_towns_at(p)
        for w in p.words:
            whole = p.compound.get(w.pos)
            if (whole and whole not in self._compound_keys
                    and not _compound_towns().get(whole, FEDERAL_CITIES) & FEDERAL_CITIES):
                # a word of a town's hyphenated name that no registry facility is in: that
                # town ("penal colony in Komsomolsk-on-Amur" is not Amur oblast's colony; a
                # federal city is its region: "в Санкт-Петербурге")
                other_towns.append(w)
                continue
            # written as a name: with a capital, or anywhere in a text of one case
            as_name = w.cap or p.lowercase
            found = self._word_keys(w, p)
            if not found and w.cap and (alt := _ikavism(w.skel)):
                # Ukrainian "і" for "о" in a closing syllable: "Таганріг" is Taganrog,
                # "Новозибків" Novozybkov
                found = self._lookup(stem(alt), typos=False)
            if not found and w.cap and (alt := _jota(w.raw)):
                # Spanish "j" for "х" ("en la localidad de Jarp" is Kharp): a place's key only
                found = [(key, d) for key, d in self._lookup(stem(alt), typos=False)
                         if self.vocab[key].settle or self.vocab[key].region]
            if not found and w.cap:  # "Izjumban", "Chersons", "Olenivkos", "Izjoem"
                found = self._latin_town(w.raw)
            if found and min(d for _, d in found) > 0:
                found = self._not_another_town(w, found)
            if found and w.ctx == "place" and not as_name:
                # "бранка" (a captive) is not Bryansk; "Брянк", written as a name, is its typo
                found = [(key, d) for key, d in found if not self._sk_cut(w, key)]
            if found and w.own_name:  # "во Владимирском поселке" is not Vladimir
                found = [(key, d) for key, d in found
                         if any(not self._adjectival(w.skel, f) for f, _ in
                                self.vocab[key].settle)]
            if not found:
                unknown.append(w)
                continue
            edits = max(edits, min(d for _, d in found))
            # (a town of the region the next words name: `_town_before_its_region`)
            town_of = (self._town_before_its_region(w, p)
                       if as_name and not w.quoted else frozenset())
            for key, d in found:
                e = self.vocab[key]
                if w.ctx == "place":
                    # "в Брянском СИЗО": an adjective that names both a region and its
                    # capital, before a kind word of its own, is region evidence (issue 8,
                    # rule 4), not the city; before a loose word it is the town's own name
                    # for the place ("иркутский централ", "Донецкое училище")
                    capital_of = ({self.facilities[f].region_code for f in e.region}
                                  if p.kind_words else set())
                    # ... unless written with a capital inside the text, right before its
                    # kind word: then it is the institution's name ("у Херсонському слідчому
                    # ізоляторі", "в Брянском СИЗО"; Russian and Ukrainian write a town's
                    # adjective in lower case otherwise)
                    named = ((w.cap and not w.first and not w.quoted and not p.lowercase
                              and w.pos + 1 in p.kind_at) or w.pos in p.official_at
                             # ... or before one SIZO word, in any case: a town's SIZO is
                             # called by its town ("херсонского СИЗО", "тверское СИЗО"; the
                             # region's others by theirs, "Старобільське СІЗО", "СІЗО на
                             # Чонгарі": tests/data/relabels_review16.csv)
                             or (w.pos + 1 in p.kind_at and "sizo" in p.kind_words
                                 and not p.plural_kind and p.number is None))
                    for fv in e.settle:
                        adjective = self._adjectival(w.skel, fv[0])
                        # ... and an adjective read so is no town of that name in another
                        # region either ("Донецкая колония", "Донецькому СІЗО": Donetsk
                        # oblast's, not the town of Donetsk in Rostov oblast), unless written
                        # as that institution's name
                        if ((capital_of and (adjective or w.adj)
                             and not (named and self._kind_relation(
                                 p, self.facilities[fv[0]]) == 2))
                                or (w.own_name and adjective)):
                            continue
                        if d == 0 and as_name and (((not w.adj or w.after_city) and (
                                self._spells_another_town(w.skel, fv[0])
                                or self._another_town_for_a_part(w.skel, fv)))
                                or self._a_namesake_in_its_region(w, fv[0])):
                            # a town of its own read whole, which only the ending rule brings
                            # to the facility's town: "Брянка" (Luhansk oblast) is not Bryansk
                            other_towns.append(w)
                            continue
                        settle_hits[fv].add(key)
                        settle_pos[fv].add(w.pos)
                        ev[fv[0]].place_pos.add((w.pos, w.quoted))
                        ev[fv[0]].typos = max(ev[fv[0]].typos, d)
                    for f in e.name:
                        if key in self._street_only[f]:
                            continue  # a street of its address, written with no street word
                        if any(pos != w.pos and f not in facs for pos, facs in
                               towns_at.get(p.compound.get(w.pos), ())):
                            # a word hyphenated to another facility's town is the other half
                            # of a place's name, not a name word: the border crossing
                            # «Колотилівка-Покровка» is not Hostomel's "Pokrovsky" complex
                            continue
                        if not w.quoted and as_name and (
                                (w.placed and self._another_town(w.skel, f))
                                or (d == 0 and (w.after_city
                                                or not _ADJECTIVE_RE.search(w.raw))
                                    and self._spells_another_town(w.skel, f))
                                or (d == 0 and self._ck_adjective_town(w.skel, f))
                                or (town_of and self.facilities[f].region_code
                                    not in town_of)):
                            # where a town stands, a word that is another town read whole
                            # is that town: "в Покровську" (Pokrovsk) is not Hostomel's
                            # "Pokrovsky" complex; nor is a town's name as written,
                            # wherever it stands ("dal penitenziario di Pokrov"), nor one
                            # before its region ("в черте Покрова Владимирской области")
                            other_towns.append(w)
                            continue
                        ev[f].names.add(key)
                        ev[f].name_pos.add((w.pos, w.quoted))
                        ev[f].quoted += w.quoted
                        # (a word for another kind of place, "Hotel", is a common noun even
                        # with a capital: "the ‘Bryansk’ Hotel" is not the Taganrog Hotel)
                        # (in a text all in lower case, a word its names write as a name:
                        # "a new camp" is not the food base's "(new prison)")
                        if ((w.cap or (p.lowercase and key in self._written_names[f]))
                                and w.stem not in other_words) or w.quoted:
                            ev[f].proper = True
                        else:
                            ev[f].common[w.pos] = w.stem
                        if w.stem in other_words and not w.quoted:
                            ev[f].other_at[w.pos] = (key, w.cap)
                    for f in e.generic:
                        ev[f].generic += 1
                        if w.cap or w.quoted:  # "Северный волк": a name word many share
                            ev[f].proper = True
                elif w.ctx == "name":  # an acronym's long form
                    for f in e.name:
                        ev[f].names.add(key)
                        ev[f].proper = True
                    # ... or a quoted name beside another kind of place ('отеля
                    # "Таганрог"'): the name of a facility whose own names say that kind of
                    # place and that name ("отель «Таганрог»")
                    for f, _v in e.settle:
                        if self.facilities[f].places & other_words:
                            ev[f].names.add(key)
                            ev[f].name_pos.add((w.pos, w.quoted))
                            ev[f].quoted += w.quoted
                            ev[f].proper = True
                elif w.ctx == "street":  # a street name of the facility's address
                    # (one many facilities' streets share, "улица Ленина", too: with the
                    # town or house number it still singles one out)
                    for f in (*e.name, *e.generic):
                        ev[f].street.add(key)
                if w.ctx in ("place", "region", "landmark") and not w.own_name:
                    if w.ctx == "region":
                        said_regions |= {self.facilities[f].region_code for f in e.region}
                        said_regions |= {self.facilities[f].region_code for f, _ in e.settle}
                    for f in e.region:
                        if (w.ctx != "place" or p.number in self.facilities[f].numbers
                                or not self._another_town(w.skel, f)):
                            ev[f].level = max(ev[f].level, 1)
                            ev[f].in_region |= w.ctx != "landmark"
                            if w.ctx != "landmark":
                                ev[f].region_at.add(w.pos)
                            fac = self.facilities[f]
                            if w.ctx == "place" and p.number not in fac.numbers:
                                key_rc = (w.pos, fac.region_code)
                                if key_rc not in capital_word:  # once per word and region
                                    capital_word[key_rc] = self._town_of_its_region(
                                        w, fac.region_code, p)
                                if capital_word[key_rc] and not any(
                                        w.stem in st for st in fac.settlements):
                                    capital_at[(f, w.pos)] = w.raw
                        else:
                            other_towns.append(w)
                    if w.ctx != "place":  # a town as region or landmark: its area
                        # (a village's: "near" a city is one of many places around it,
                        # "фильтрационный лагерь под Донецком" may be Olenivka's; the town
                        # as the index knows it, "Cherson" being Kherson's typo, or the whole
                        # of a hyphenated name: "Yoşkar-Ola şehrinin yakınında" is near a city)
                        city_in = (() if w.ctx != "landmark" else
                                   _compound_towns().get(whole, ()) if whole else
                                   _large_towns().get(key, ()))
                        for f, _v in e.settle:
                            ev[f].level = max(ev[f].level, 1)
                            ev[f].near_own |= (w.ctx == "landmark" and self.facilities[
                                f].region_code not in city_in)
                            ev[f].in_region |= w.ctx != "landmark"
                            if w.ctx != "landmark":
                                ev[f].region_at.add(w.pos)
        for (f, v), keys in settle_hits.items():
            st = self.facilities[f].settlements[v]
            # ... the settlement word of a name, right after its other word ("Красном Селе",
            # not "в селе Красная Горка")
            keys |= {k for q, k in p.settle_words if k in st and k in self._named_settle
                     and q - 1 in settle_pos[(f, v)]}
            full = all(s in keys for s in st)
            main = max(st, key=len)
            lv = 3 if full else 2 if main in keys and not set(st) & self._named_settle else 0
            if lv == 2 and not p.lowercase and not any(
                    w.cap or w.quoted for w in p.words if w.pos in settle_pos[(f, v)]):
                lv = 0  # a part of a town's name is written as a name: "где проходит
                # фильтрация" does not name Velyki Prokhody
            # (a stated number the facility has decides: "Кировская ИК-11")
            if lv == 2 and p.number not in self.facilities[f].numbers and any(
                    w.stem in keys and (self._another_town(w.skel, f) or (
                    prev.pos == w.pos - 1 and (prev.stem, w.stem) in _gazetteer_pairs()
                    and (prev.stem, w.stem) not in self.facilities[f].settlements))
                               for prev, w in zip([Word("", pos=-9), *p.words[:-1]],
                                                  p.words, strict=True)):
                lv = 0  # "в Кіровську" is Kirovsk, not (part of) Kirovo-Chepetsk
                other_towns += [w for w in p.words if w.stem in keys]
            if (lv, len(keys)) > (ev[f].level, ev[f].settle_words):
                ev[f].level, ev[f].settle_words = lv, len(keys)
                ev[f].town_pos = frozenset(settle_pos[(f, v)])
            if lv:
                q = any(w.quoted and w.stem in keys for w in p.words)
                ev[f].quoted += q
        # the most specific reading of the town words wins: "Kirovo-Chepetsk" is not Kirov,
        # "Rostov-on-Don" not Donskoy, "Kakhovka" not (part of) Nova Kakhovka
        whole = {f: e.town_pos for f, e in ev.items() if e.level == 3}
        for f, e in ev.items():
            if e.level >= 2 and any(
                    g != f and self._town[g] != self._town[f] and gp >= e.town_pos
                    and (e.level == 2 or gp > e.town_pos) for g, gp in whole.items()):
                e.level = 0
        for f, e in ev.items():
            if e.region_at and e.level == 1 and all((f, q) in capital_at for q in e.region_at):
                e.capital_of = capital_at[(f, min(e.region_at))]
        codes = p.region_codes
        if len(codes) > 1:
            # a word for a wide area ("Siberia", "the Urals") beside a region or town in it
            # ("de la région de Iakoutsk, en Sibérie orientale") says no more than that one
            towns = {self.facilities[f].region_code for f, e in ev.items() if e.level >= 2}
            named = codes & (said_regions | p.one_region_codes | towns)
            codes = named or codes
        for code in codes:
            for f in self._by_region.get(code, ()):
                # (only through a wide area: somewhere in it, never singled out by it)
                ev[f].area_only = (not ev[f].in_region and code in p.wide_codes
                                   and code not in p.one_region_codes)
                ev[f].level = max(ev[f].level, 1)
                ev[f].in_region = True
                ev[f].region_at.add(-1)
        for lm in p.landmarks:  # "на території колонії № 1": the facility inside it
            for f in self._by_landmark.get(lm, ()):
                ev[f].names.add(f"at {lm[0]} {lm[1] or ''}".strip())
                ev[f].proper = True
        for canon in p.name_tokens:
            e = self.vocab.get(canon)
            if e is not None:
                for f in e.name:
                    ev[f].names.add(canon)
                    ev[f].proper = True
                for f in e.generic:
                    ev[f].generic += 1
        if p.border:  # the border service named, where the text places a site of it
            for f, e in ev.items():
                if self.facilities[f].border and (e.level or e.names):
                    e.names.add("border")
        for canon in p.town_only_names:
            e = self.vocab.get(canon)
            if e is not None:
                for f in e.name:
                    if f in ev and ev[f].level >= 2:
                        ev[f].names.add(canon)
                        ev[f].proper = True
        # a street name alone ("вул. Вокзальна" is in every town) is not enough: it needs
        # a second street word, the house number of its address ("вулиця Лісова, 1-Б"),
        # or a kind of building the facility's names say ("SBU",
        # "поліції ... на вулиці Енергетиків")
        for f, e in ev.items():
            if e.street and (len(e.street) >= 2 or e.level or e.names or e.generic
                             or (p.house_numbers & self.facilities[f].house
                                 and not any(g.level >= 2 for g in ev.values()))
                             or p.kind_words & self.facilities[f].named_kinds
                             or (p.number_source == "ordinal"
                                 and p.number in self.facilities[f].numbers)):
                # ... or the ordinal of a numbered unit ("шестого отдела на улице
                # Чернышевского": the former 6th department, on that street)
                e.names |= {"street:" + s for s in e.street}
                e.proper = True
        # a word for another kind of place in a facility's name ("Taganrog Hotel") names it
        # only beside its own name or town ("Hotel Taganrog", 'отеля "Таганрог"'): "a hotel in
        # Taganrog" is one of the town's hotels, "the ‘Bryansk’ Hotel" another hotel (alone,
        # in lower case, it stays a common word the reason can name: "held in a garage")
        named_at = {w.pos for w in p.words if w.ctx == "name"}  # 'в отеле «Курск»'
        for e in ev.values():
            beside = {pos for pos, _ in e.name_pos if pos not in e.other_at} | set(e.town_pos)
            for pos, (key, cap) in list(e.other_at.items()):
                if not {pos - 1, pos + 1} & beside and (
                        e.town_pos or cap or {pos - 1, pos + 1} & named_at):
                    e.names.discard(key)
                    e.name_pos = {(q, qq) for q, qq in e.name_pos if q != pos}
                    e.common.pop(pos, None)
        found = {f: e for f, e in ev.items() if e.level or e.names}
        if not found:  # say which town the text names: "kirovsk", not "nothing recognised"
            for w in other_towns:
                if w not in unknown:
                    unknown.append(w)
        return (found, edits, unknown)

    def _latin_town(self, raw: str) -> list[tuple[str, int]]:
        """A registry town that a Latin-script word names through a case ending or a
        spelling of `[latin_town_cases]` ("Izjumban", in Izium; "Olenyivkában"), or none.

        Only towns, with at most one typo ("Chersons": German "Cherson" is one edit from
        "Kherson"): a word no registry town explains stays unknown, so that its reason can
        name it.
        """
        word = raw.lower()
        if not _LATIN_WORD.fullmatch(word):
            return []
        forms = {word} | {word.replace(a, b) for a, b in self.voc.town_spellings if a in word}
        bases = set(forms - {word})
        for form in forms:
            for end in self.voc.town_endings:
                if form.endswith(end) and len(form) - len(end) >= 4:
                    base = form[: -len(end)]
                    for a, b in self.voc.town_lengthened:
                        if base.endswith(a):
                            base = base[: -len(a)] + b
                    bases |= {base, base + "a"}  # Lithuanian "Olenivkos" of "Olenivka"
        return sorted({(key, d) for base in bases
                       for key, d in self._lookup(stem(base))
                       if d <= 1 and self.vocab[key].settle})

    def _name_goes_on(self, idx: int, w: Word | None) -> bool:
        """Whether a name of facility ``idx`` has another word after the word ``w`` hits."""
        if w is None:
            return False
        heads = self.facilities[idx].name_heads
        return w.stem in heads or any(k in heads for k, _ in self._lookup(w.stem, False))

    def _adjectival(self, skel: str, idx: int) -> bool:
        """Whether a word is an adjective made from facility ``idx``'s town name.

        "Брянском"/"херсонской"/"Донецького" are adjectives (their ending runs two letters or
        more past the town's name, or has the adjective's -sk-); "Брянске", "Херсона",
        "Донецька" are the town itself. "Брянском" may also be the town's instrumental ("под
        Брянском"), rare in a facility reference.
        """
        if not skel:
            return False
        for town in self._town_skels[idx]:
            if town and skel.startswith(town):
                rest = skel[len(town):]  # "Брянский" is "bransk" + "i"; "Херсоні" the town
                return len(rest) >= 2 or (rest in ("i", "y") and town[-2:] in _SK_TOWN)
        return bool(_SK_ADJECTIVE.search(skel))

    def _sk_cut(self, w: Word, key: str) -> bool:
        """Whether ``w`` meets a place's key only because the ending rule cut its "-sk".

        Every case and adjective of "Брянск" keeps the "-sk" ("Брянска", "брянский",
        "Брянську"); "бранка" (a captive) meets its key "bran" through the ending "-ka" alone.
        Asked only of lower-case words in a text that writes names with capitals, where no
        typo is read either.
        """
        def sk_after(skel: str) -> bool:
            return skel.startswith(key) and skel[len(key):len(key) + 2] in _SK_TOWN

        spelt = self._cut_from.get(key)
        return (bool(spelt) and w.skel.startswith(key) and not sk_after(w.skel)
                and all(sk_after(sk) for sk in spelt))

    def _another_town(self, skel: str, idx: int) -> bool:
        """Whether a word, read whole, names a gazetteer town other than facility ``idx``'s.

        Used when the word hits only a part of the facility's town name: "Кіровську" and
        "Кіровській" are Kirovsk ("kirovsk" + a case or adjective ending), a town of its own,
        not the "Kirovo" of Kirovo-Chepetsk. The most specific reading of the word wins.
        """
        towns = _gazetteer_skeletons()
        whole = None
        for cut in range(4):  # the longest reading wins: "kirovsk|u", not "kirov|sku" ...
            head = skel[:len(skel) - cut]
            if len(head) >= 4 and head in towns:
                other = (head not in self._town_skels[idx]
                         and self.facilities[idx].region_code not in towns[head])
                if cut or not other or not _SK_NAME_ADJECTIVE.search(skel):
                    return other
                # ... but a word that spells a town exactly with an adjective's ending is as
                # often an adjective: "Курская" is Kursk's, whatever the stanitsa Kurskaya
                # ("Kirovsk" is Kirovsk, not Kirov's)
                whole = other
        if whole is None and len(skel) >= 6:
            # ... or its nominative less its final vowel, the case ending changed
            # ("Євпаторії" is Yevpatoriia, "evpatori" of "evpatoria")
            regions = _gazetteer_stems().get(skel)
            if regions:
                return (skel not in self._town_skels[idx]
                        and self.facilities[idx].region_code not in regions)
        return bool(whole)

    def _other_towns_named(self, p: Parsed) -> set[str]:
        """The regions of gazetteer towns (10,000+) the text names that no registry facility
        is in: capitalised place words read whole or less a case vowel, or hyphenated compounds
        ("Segezha", "Sol-Iletsk"); not a region's name ("Омске"), an adjective or a noun
        before its kind word ("Курский следственный изолятор", "Tula colony")."""
        compounds = _compound_towns()
        out: set[str] = set()
        for w in p.words:
            if (w.ctx != "place" or not w.raw[:1].isupper() or w.quoted or w.adj
                    or _SK_ADJECTIVE.search(w.skel) or w.pos + 1 in p.kind_at
                    or any(self.vocab[k].region or self.vocab[k].settle
                           for k, _ in self._lookup(w.stem, False))):
                continue
            if w.pos in p.compound:
                out |= compounds.get(p.compound[w.pos], frozenset())
            else:
                out |= _town_read_whole(w.skel)
        return out

    def _spells_another_town(self, skel: str, idx: int, any_region: bool = False) -> bool:
        """Whether a word is, exactly as written, the name of a gazetteer town of another
        region than facility ``idx``'s (with ``any_region``, of any region), and not its own
        town's ("Брянка", Bryanka in Luhansk oblast, is not Bryansk, though both have the
        key "bran")."""
        whole = _gazetteer_skeletons().get(skel)
        # (read whole, or less one case ending: "Уляновске" is Ulyanovsk, not Ulan-Ude)
        regions = whole or _town_read_whole(skel, shortest=5)
        return (bool(regions)
                and (any_region or self.facilities[idx].region_code not in regions)
                # (nor a word of its own town's name, "Кирово" of "Кирово-Чепецк", "Novgorod"
                # of "Nizhny Novgorod", nor one of its cases: "в Новотроицке" is Novotroitsk's,
                # whatever Novotroitske's spelling; Czech "v Nikolsku" is Nikolske's; but
                # "Talitsa", a town's whole name, is not Talitsy's)
                and not any(skel in own or (not whole and skel[:-1] in own)
                            or (_a_case_of(skel, own) and not (
                    whole and own[-1:] in "aeiouy")) for own in self._town_skels[idx]))

    def _a_namesake_in_its_region(self, w: Word, idx: int) -> bool:
        """Whether a word in Latin letters, or after a city word, spells whole another
        gazetteer settlement of facility ``idx``'s own region, named like an adjective of its
        town: "in Yessentukskaya", "г. Ессентукская" are the stanitsa, not Yessentuki (a
        Cyrillic "Ессентукская тюрьма" stays the town's adjective)."""
        if not (w.raw.isascii() or w.after_city) or w.skel not in _gazetteer_skeletons():
            return False
        # (its town's name and then an adjective's ending: "esentuk" + "skaia")
        return any(len(base := town.rstrip("aeiouy")) >= 4 and w.skel.startswith(base)
                   and w.skel[len(base):len(base) + 2] in _SK_TOWN
                   and len(w.skel) - len(base) >= 3 for town in self._town_skels[idx])

    def _another_town_for_a_part(self, skel: str, fv: tuple[int, int]) -> bool:
        """Whether a word that meets one word of a facility's two-word town is itself the
        whole name of another gazetteer town, in any region: "Khrustalnyi" (the former
        Krasnyi Luch) is not Bokovo-Khrustalne, though both are in Luhansk oblast."""
        idx, v = fv
        return (len(self.facilities[idx].settlements[v]) >= 2
                and self._spells_another_town(skel, idx, any_region=True))

    def _ck_adjective_town(self, skel: str, idx: int) -> bool:
        """Whether a word is the adjective of a "-цьк"/"-цк" town of another region than
        facility ``idx``'s: "Луцького СІЗО" is Lutsk's (Volyn), whose adjective's key "luc"
        is also the key of "Луч" in Krasnyi Luch; the key drops the town's "-ьк", so the
        town is read back from the word as written."""
        m = _CK_ADJECTIVE.match(skel)
        return bool(m) and self._spells_another_town(m.group(1) + "k", idx)

    def _town_of_its_region(self, w: Word, code: str, p: Parsed) -> bool:
        """Whether a word, read whole, is a town of region ``code`` (the caller asks whether
        it is a facility's own town).

        A region named after its capital: "SIZO in Volgograd", "в Волгограде" may name the
        city, where the registry records no SIZO, as well as the oblast with its SIZO in
        Kamyshin. Not so an adjective ("Волгоградской", "Луганський": issue 8, rule 4), a
        noun before its kind word ("the Tula colony"), a federal city (the city is the
        region), or a word beside another town of the region ("Sviatohirsk, in Donetsk").
        """
        if code in FEDERAL_CITIES or code not in _large_towns().get(w.stem, ()):
            return False
        before_kind = w.pos + 1 in p.kind_at
        if w.adj or _SK_ADJECTIVE.search(w.skel) or before_kind:
            # ... an adjective or a noun before its kind word is the region's ("в
            # Волгоградской колонии"), unless right before a SIZO or IVS word (those stand in
            # towns) in a region whose capital the registry has nothing in ("смоленский
            # СИЗО": Smolensk's own SIZO-1, or loosely the oblast's in Vyazma)
            capital_in_registry = any(w.stem in st for g in self._by_region.get(code, ())
                                      for st in self.facilities[g].settlements)
            if not (before_kind and p.kinds <= {"sizo", "ivs"} and not capital_in_registry):
                return False
        # (the town in any case, by its key: "Volgograd", "Волгограде", "Вологде")
        return not any(v.pos != w.pos and v.ctx == "place" and any(
            self.vocab[k].settle for k, _ in self._lookup(v.stem, False)) for v in p.words)

    def _town_before_its_region(self, w: Word, p: Parsed) -> frozenset[str]:
        """The regions the next word names, when a gazetteer town of one of them is named
        like ``w``; empty otherwise.

        A town and then its region is how a text places a town ("в черте Покрова
        Владимирской области", "Pokrov, Vladimir region"): there "Покрова" is the town of
        Pokrov, not the name word of Hostomel's Pokrovsky complex in Kyiv oblast.
        """
        after = next((v for v in p.words if v.pos == w.pos + 1), None)
        if after is None or after.ctx != "region":
            return frozenset()
        regions = {self.facilities[g].region_code for k, _ in self._lookup(after.stem, False)
                   for g in self.vocab[k].region}
        return (frozenset(regions) if regions & _settlement_regions().get(w.stem, frozenset())
                else frozenset())

    def _towns_named(self, places: list[Word], p: Parsed) -> list[str]:
        """The towns of Russia or Ukraine that words no registry facility's town explains
        name, each as written with its regions ("Pokrov (Vladimir Oblast, Dnipropetrovsk
        Oblast)"): nouns written with a capital only (not "más", "below"), not acronyms
        ("СШОР"), not quoted (a facility's own name: «Мишка»), not part of a hyphenated
        name ("Новгород-Сіверський" is not Novgorod) nor adjectives ("ярославской")."""
        from ..reference import regions

        names = regions()["name_en"].to_dict()
        out = []
        for w in places:
            if (w.cap and not w.raw.isupper() and not w.quoted and w.pos not in p.compound
                    and not w.adj and not _SK_ADJECTIVE.search(w.skel)
                    and not _TOWN_ADJECTIVE.search(w.raw.lower())):
                codes = sorted(_russian_or_ukrainian_town(w.skel))
                if codes:
                    where = ", ".join(names.get(c, c) for c in codes[:3])
                    out.append(f"{w.raw} ({where}{', …' if len(codes) > 3 else ''})")
        return list(dict.fromkeys(out))

    def _word_keys(self, w: Word, p: Parsed) -> list[tuple[str, int]]:
        """Index keys a word of the text may be: typos tolerated in a word written as a name,
        with a capital or anywhere in a text of one case (`_lookup`)."""
        return self._lookup(w.stem, typos=not w.exact and (w.cap or p.lowercase))

    def _compound_towns_at(self, p: Parsed) -> dict[str, list[tuple[int, set[int]]]]:
        """The key of each hyphenated compound of the text → its words that read as registry
        facilities' town (`_word_keys`, as `_evidence` reads them): (position, those
        facilities)."""
        out: dict[str, list[tuple[int, set[int]]]] = defaultdict(list)
        for w in p.words:
            whole = p.compound.get(w.pos)
            if not whole:
                continue
            facs = {f for k, _ in self._word_keys(w, p) for f, _v in self.vocab[k].settle}
            if facs:
                out[whole].append((w.pos, facs))
        return out

    def _not_another_town(self, w: Word, found: list[tuple[str, int]]
                          ) -> list[tuple[str, int]]:
        """Drop typo readings of a word that is itself the name of a large town elsewhere.

        "колония Краснодон" is Krasnodon (Sorokyne, Luhansk Oblast, about 50,000 people),
        not two typos away from Krasnodar: a word that exactly names a gazetteer town of at
        least `TYPO_BLOCKING_POPULATION` people is read as a typo only for a facility in a
        region where a town of that name is.
        """
        regions = _large_towns().get(w.stem)
        if not regions or w.ctx != "place":
            return found
        out = []
        for key, d in found:
            e = self.vocab[key]
            facs = {f for f, _ in e.settle} | e.name | e.region
            if any(self.facilities[f].region_code in regions for f in facs):
                out.append((key, d))
        return out

    # --- step 4: decide ----------------------------------------------------------
    def _kind_relation(self, p: Parsed, fac: _Facility) -> int:
        """2 the kinds agree (or none given), 1 same family or loose, 0 they conflict."""
        if (p.women and fac.men_only) or (p.men_only and fac.women):
            # Russian law sends women to general-regime colonies only: a women's colony is
            # not a strict- or special-regime one, whatever the kind word
            return 0
        if p.men_only and "hospital" in fac.kinds and not fac.men_only:
            # ... and a colony-hospital treats convicts of every regime: "a high-security penal
            # colony in Omsk" is the town's colony, not its colony-hospital (a strict-regime
            # colony with a hospital of its own says its regime: Nizhny Novgorod's)
            return 0
        if not p.kinds or p.kinds & fac.kinds:
            return 2
        if not fac.kinds:
            # ... a prison word beside a makeshift one ("Тюрьма и одновременно пыточная"): the
            # prison is the makeshift place, loosely
            if p.makeshift and p.kinds <= (self.voc.loose.get("prison", frozenset())
                                           | self.voc.loose.get("detention", frozenset())
                                           | self.voc.loose.get("detention_centre", frozenset())):
                return 1
            # (a loose "camp" stands for a colony or filtration site too: the word decides)
            return 1 if p.kinds <= KINDLESS_OK or (
                not p.kind_words and p.loose_said and p.loose_said <= KINDLESS_OK) else 0
        fam = self.voc.families
        if (p.makeshift and all("police" in fam.get(k, ()) for k in fac.kinds)
                and p.kinds <= self.voc.loose.get("prison", frozenset())):
            # a torture prison may be a police station made one ("prison-torture in
            # the liberated Kupyansk"), loosely
            return 1
        mine = set().union(*(fam.get(k, frozenset()) for k in p.kinds))
        theirs = set().union(*(fam.get(k, frozenset()) for k in fac.kinds))
        return 1 if mine & theirs else 0

    @staticmethod
    def _number_relation(p: Parsed, fac: _Facility) -> int:
        """2 the number agrees (or none given), 1 the registry records none, 0 conflict."""
        if p.number is None or p.number in fac.numbers:
            return 2
        return 1 if not fac.numbers else 0

    def _unquoted(self, ref: str) -> str:
        """A reference wholly inside one pair of quote marks, without them, when the words
        inside describe a place rather than name one: a cell that quotes a passage ('«в
        подвале СБУ в Славянске»') is not a name in quotes, and read as one every word of
        it would be a name word ('«Полярная сова»' keeps its quotes)."""
        t = ref.strip()
        close = _QUOTE_PAIRS.get(t[:1])
        if len(t) < 3 or t[-1:] != close or t[0] in t[1:-1] or close in t[1:-1]:
            return ref
        inner = t[1:-1].strip()
        if len(inner.split()) >= 3 or parse(inner, vocabulary=self.voc).kinds:
            return inner
        return ref

    def _match(self, ref: str) -> Match:
        if not ref or not re.search(r"\w", ref):
            return Match("", 0, "unmatched", "empty reference")
        if len(ref) > MAX_REFERENCE_CHARS:
            return Match("", 0, "unmatched",
                         f"reference is {len(ref):,} characters long, too long to be a "
                         "facility's name, town and number: check the cell (a whole text "
                         "pasted into it?) and write the facility or its id")
        ref = self._unquoted(ref)
        words = re.findall(r"[^\W\d_]+", ref)
        if len([w for w in words if len(w) > 1]) >= 2 and (
                not any(c.islower() for c in ref)
                or (all(w[0].isupper() for w in words)
                    and sum(not w.isupper() for w in words) >= 4)):
            # a text all in capitals (a headline, a form typed with caps lock), or with every
            # word capitalised (a headline in title case, four words or more: a shorter one is
            # as often a name, "3 Energy Workers' Street"): capitals say nothing there, as in
            # one all in lower case ("У СУМНОЗВІСНІЙ ОЛЕНІВЦІ", "A New Camp For Prisoners")
            ref = ref.lower()
        direct = self.ids.get(ref.strip(" .;,").lower())
        if direct is None:
            found = {self.ids[m] for m in _ID_RE.findall(ref.lower()) if m in self.ids}
            direct = found.pop() if len(found) == 1 else None
        if direct is not None:
            return Match(direct, 100, "matched", "facility id")
        same = self._names.get(latin(ref), set())
        if len(same) == 1:
            return Match(next(iter(same)), 100, "matched", "a name of the facility")
        p = parse(ref, vocabulary=self.voc)
        if p.landmarks and not any(lm in self._by_landmark for lm in p.landmarks):
            if not p.kinds:
                # the only kind is where the place is ("у спецв'язниці ФСБ на базі СІЗО-2
                # Сімферополя"), and the registry records nothing inside that facility: the
                # text is at that facility
                p = parse(ref, vocabulary=self.voc, containers=False)
            else:
                # a place of a kind the numbered facility it stands in is also known as,
                # and nothing recorded inside it: that facility ("фільтраційна тюрма на
                # базі колишньої Волноваської виправної колонії № 120" is colony No. 120,
                # known as a filtration camp)
                hosts = [self.facilities[f] for f in {
                    f for kind, n in p.landmarks if n is not None
                    for f in self._by_kind.get(kind, set()) & self._by_number.get(n, set())}]
                if len(hosts) == 1 and p.kinds & hosts[0].kinds:
                    return Match(hosts[0].id, 90, "matched",
                                 f"{self._describe(p)} at {hosts[0].label}, which the registry "
                                 "also records as that kind of place, and nothing inside it")
                if len(hosts) == 1 and p.kinds <= {"sizo", "ivs"} and "colony" in hosts[0].kinds:
                    # a colony's SIZO section ("дільниць слідчого ізолятора при ДУ «Північна
                    # виправна колонія № 90»": cells run as a SIZO inside the colony), and
                    # nothing the registry records inside it: part of that colony
                    return Match(hosts[0].id, 85, "matched",
                                 f"{self._describe(p)} at {hosts[0].label}: a section of it, "
                                 "and the registry records nothing inside it")
        if p.listed_if_towns and all(
                st in _settlement_regions()
                or any(self.vocab[key].settle or self.vocab[key].name
                       for key, _ in self._lookup(st))
                for st in p.listed_if_towns):
            # "в алчевську та луганську", "в с. безымяное и в с. казацкое", "лефортовская,
            # бутырская и владимирский централ": two towns or facility names listed
            p = replace(p, listed=p.listed_if_towns)
        ev, edits, unknown = self._evidence(p)
        got = self._decide(p, ev, edits, unknown)
        quoted = [q.group(1) for q in _QUOTED.finditer(ref)]
        if (got.match_status != "matched" and len(quoted) == 1 and not p.ukraine_run
                and not p.planned and not p.likeness and not p.several and not p.listed
                and not p.plural):
            # the text quotes one of a facility's names whole ('У в'язниці "Володимирський
            # централ" в Росії', 'колонія "Владимирский централ"'): that facility, whatever
            # the words around the quotes (words of a name may also be kind or region
            # words, "централ", "Володимир"); not when the text says it may name two places
            same = self._names.get(latin(quoted[0]), set())
            if len(same) == 1:
                fid = next(iter(same))
                f = next(i for i, fac in enumerate(self.facilities) if fac.id == fid)
                # ... unless the text places it in another town ('«Лефортово» в Казани',
                # 'ресторан "Лефортово" у Львові': a namesake)
                elsewhere = any(eg.level >= 2 and self._town[g] != self._town[f]
                                for g, eg in ev.items()) or any(
                    w.ctx == "place" and w.cap and not w.first and not w.quoted
                    and self._another_town(w.skel or w.stem, f) for w in unknown)
                # ... or gives a number the facility does not have (recorded with another):
                # "колонию № 3 «Полярная сова»" is IK-3's number and IK-18's nickname
                clash = (p.number is not None and self.facilities[f].numbers
                         and p.number not in self.facilities[f].numbers)
                if clash:
                    others = sorted(self.facilities[g].id for g in self._by_number.get(
                        p.number, set()) if g != f and self._kind_relation(
                            p, self.facilities[g]) == 2
                        and self.facilities[g].region_code == self.facilities[f].region_code)
                    return Match("", 0, "ambiguous",
                                 f"{self._describe(p)}: more than one place fits: the quoted "
                                 f"name points to {fid}, but the number {p.number} is not its"
                                 + (f" (it is {'; '.join(others[:3])}'s)" if others else "")
                                 + "; the text does not say which")
                if not elsewhere:
                    return Match(fid, 90, "matched", "a name of the facility, quoted")
        if got.match_status != "matched" and not (p.ukraine_run or p.planned or p.likeness
                                                  or p.several or p.listed or p.plural):
            # a name made of a region's word and a loose kind word, in another case than the
            # registry writes it ("до Володимирського централу": Vladimir Central; its words
            # alone say only Vladimir oblast and some prison), unless the text names a town
            # other than the facility's own ("ростовским централом": Rostov-on-Don's word is
            # its region's too, and the city has seven registry places)
            words = [stem(w) for w in _tokens(ref)]
            same = {fid for name, fids in self._regional_names.items()
                    for i in range(len(words) - len(name) + 1)
                    if tuple(words[i:i + len(name)]) == name for fid in fids}
            if len(same) == 1:
                fid = same.pop()
                own = self._town[next(i for i, fac in enumerate(self.facilities)
                                      if fac.id == fid)]
                if (all(self._town[g] == own for g, e in ev.items() if e.level >= 2)
                        and not any(w.ctx == "place" and w.cap for w in unknown)):
                    return Match(fid, 90, "matched", "a name of the facility, in another case")
        if (got.match_status == "matched" and p.lowercase and edits and not p.kinds
                and not p.number_source and not any(w.quoted for w in p.words)
                and (edits >= 2 or not any(
                    e.level >= 2 for f, e in ev.items()
                    if self.facilities[f].id == got.facility_id))):
            # all in lower case, with no kind word or number, the words that point to the
            # facility are read with two typos, or are a name word read with one: no capital
            # says they are a name at all ("na komisariat w nikolśkem" is no Komisarivka,
            # "un internado" no "internal affairs"); a town with one typo stays ("в оленовке")
            return Match("", 0, "unmatched",
                         f"facility: only a word read with {edits} typo(s) points to "
                         f"{got.facility_id}, in a text with no capitals and no kind of place; "
                         "if it is that facility, write its name as the registry spells it "
                         "or add this spelling to its aliases")
        return got

    def _decide(self, p: Parsed, ev: dict[int, _Evidence], edits: int,
                unknown: list[Word]) -> Match:
        """The answer, from the parsed text and each candidate's evidence, in steps: a
        text about a place in Ukraine's custody, one only planned, or a likeness
        (`_refused`); no candidate at all
        (`_without_evidence`); a directorate's own site (`_as_directorate`); each candidate
        screened against the text's place, kind and number (`_screen`), with a reason when
        none passes (`_none_fits`); ties broken only by the text's own words (`_break_ties`),
        or said (`_tied`); and the one best candidate checked that the text singles it out
        (`_vet`)."""
        what = self._describe(p)
        places = [w for w in unknown if w.ctx == "place"]
        refused = self._refused(p, what, ev)
        if refused is not None:
            return refused
        if not ev:
            found = self._without_evidence(p, what, places, unknown)
            if isinstance(found, Match):
                return found
            ev = found
        said = self._said(p, ev)
        got = self._as_directorate(p, ev, said)
        if got is not None:
            return got
        if said.town:
            ev = self._town_unknown(ev)
        screened = self._screen(p, ev, edits, said)
        if not screened.scored:
            return self._none_fits(p, what, ev, screened, said, places)
        best = max(screened.scored.values())
        scored = self._break_ties(p, what, ev, screened.scored, best)
        if isinstance(scored, Match):
            return scored
        tied = [f for f, s in scored.items() if s == best]
        if len(tied) > 1:
            return self._tied(p, what, ev, scored, best, edits, places)
        return self._vet(p, what, tied[0], ev, scored, best, edits, places, unknown,
                         screened.numbered_out)

    def _refused(self, p: Parsed, what: str, ev: dict[int, _Evidence]) -> Match | None:
        """Not an answer with a facility: the text speaks of a place in Ukraine's custody, of
        one only planned, or likens a place to a facility."""
        if p.ukraine_run:
            return Match("", 0, "unmatched",
                         f"{what}: the text speaks of a place in Ukraine's custody, holding "
                         f"Russian prisoners or collaborators ('{p.ukraine_run}'); the "
                         "registry records places where Russia holds Ukrainians (if this "
                         "is one, write its id)")
        if p.planned:
            return Match("", 0, "unmatched",
                         f"{what}: the text speaks of a place only planned or promised "
                         f"('{p.planned}'), not one where people are or were held (if it "
                         "was built and used, write its id)")
        if p.likeness and ev:
            near = [f for f, e in ev.items() if e.names or e.level >= 2] or list(ev)
            return Match("", 0, "ambiguous",
                         f"{what}: the text compares a place with a facility ('{p.likeness}'"
                         f"): more than one place fits, that facility or another like it (closest: "
                         f"{'; '.join(sorted(self.facilities[f].id for f in near)[:3])}); "
                         "if it is that facility, write its id")
        return None

    def _without_evidence(self, p: Parsed, what: str, places: list[Word],
                          unknown: list[Word]) -> Match | dict[int, _Evidence]:
        """No facility's place or name words are in the text: why not (a town abroad, a town
        with no facility, a body with many sites, a kind alone), or, for a kind and number
        alone, the facilities of that kind and number (to be screened like any)."""
        if p.other_places:  # "the ‘Taganrog’ Hotel": a hotel named after a town
            shown = " ".join(raw for _, raw in p.other_places)
            return Match("", 0, "unmatched",
                         f"{what}: the text is about another kind of place ('{shown}'), "
                         "with no town or name of a registry facility; if that place is "
                         "a facility, add its name to the facility's aliases")
        towns = [_large_towns().get(w.stem, frozenset()) for w in places]
        abroad = sorted(set().union(*towns))
        if (places and all(towns) and all(w.cap for w in places)
                and not any(c.startswith(("RU-", "UA-")) for c in abroad)):
            # "у Гродні": only towns of a neighbouring country, none of Russia or Ukraine
            from ..reference import countries

            names = countries()["NAME_EN"].to_dict()
            shown = " or ".join(names.get(c, c) for c in abroad)
            return Match("", 0, "unmatched",
                         f"{what}: the text names a town in {shown}, outside Russia and "
                         "Ukraine, where the registry records no facility; if one was "
                         "used there, add it to the registry with its source")
        if places and (named := self._towns_named(places, p)):
            # "колония в Ангарске": a town, only not one the registry has a facility in
            shown = "; ".join(named)
            return Match("", 0, "unmatched",
                         f"{what}: the text names {shown}, a town at which no registry "
                         "facility is written; if one was used there, add it to the "
                         "registry with its source, or if the registry has it under "
                         "another spelling of the town, add this one to its aliases")
        if places:
            shown = _as_written(places)
            return Match("", 0, "unmatched",
                         f"{what}: place or name not in the registry ({shown}); if the "
                         "facility is in the registry, add this spelling to its aliases")
        areas = [w for w in unknown if w.ctx == "region" and (w.cap or p.lowercase)]
        if areas:  # "Colony #16 in Poltava Oblast": not Salavat's IK-16 by its number
            return Match("", 0, "unmatched",
                         f"{what}: the text names a region or district where the registry "
                         f"records no such facility ({_as_written(areas)}); if the facility "
                         "is in the registry, correct its region or write its id")
        streets = sorted({self.facilities[f].id for w in p.words
                          for key, _ in self._lookup(w.stem, False)
                          for f in self.vocab[key].name
                          if w.ctx == "street" or key in self._street_only[f]})
        if streets:  # "a detention facility on Perekopska Street", "СБУ на Щорса"
            return Match("", 0, "unmatched",
                         f"{what}: only a street points to {'; '.join(streets[:4])}, and "
                         "a street of that name may be in any town; name the town, the "
                         "house number or the kind of facility")
        empty = sorted(c for c in p.region_codes if not self._by_region.get(c))
        if empty:  # "в подмосковном центре …" (the registry has nothing in RU-MOS)
            return Match("", 0, "unmatched",
                         f"{what}: the registry records no facility in {', '.join(empty)}; "
                         "if the facility is recorded in a neighbouring region, correct "
                         "its region or write its id")
        bodies = self._bodies(p)
        if not p.kinds and bodies:  # "в подвале СБУ", "the FSB building": which town's?
            sites = sorted({self.facilities[f].id for c in bodies
                            for f in self.vocab[c].name | self.vocab[c].generic})
            return Match("", 0, "unmatched",
                         f"{what}: the text names a body ({', '.join(bodies).upper()}) "
                         f"but no town, and the registry records {len(sites)} of its "
                         f"sites ({'; '.join(sites[:6])}"
                         f"{f' and {len(sites) - 6} more' if len(sites) > 6 else ''}); "
                         "add the town or the street")
        if not p.kinds:
            return Match("", 0, "unmatched", "no facility kind, number, place or name "
                         "recognised")
        of_kind = set().union(*(self._by_kind[k] for k in p.kinds))
        if p.number is None:  # "в тюремной больнице": a kind, nothing else
            return Match("", 0, "unmatched",
                         f"{what}: the text names no town, number or name, and the "
                         f"registry records {len(of_kind)} facilities of that kind; add "
                         "the town, the number or the name (a town or region column "
                         "of the file can be read with the reference: --where COLUMN)")
        pool = of_kind & self._by_number.get(p.number, set())
        if not pool:
            return Match("", 0, "unmatched", f"no {what} in the registry")
        return {f: _Evidence() for f in pool}

    def _said(self, p: Parsed, ev: dict[int, _Evidence]) -> _Said:
        """Where the text places the facility, over all candidates: whether it names a town,
        a region, and which regions by its own words."""
        # a town named, or a facility's name word standing where a town stands that is a
        # settlement's name too ("ИВС в Свердловске Луганской области": Sverdlovsk, now
        # Dovzhansk, where the registry's colony is named after it, not the region's IVS)
        town_at = {w.pos for w in p.words if w.ctx == "place" and w.cap
                   and w.stem in _settlement_regions()}
        town_said = any(e.level >= 2 or any(q in town_at for q, _ in e.name_pos)
                        for e in ev.values())
        region_said = any(e.in_region for e in ev.values())
        # the regions the text places the facility in, by its own words (not a landmark's)
        said_in = {self.facilities[f].region_code for f, e in ev.items() if e.in_region}
        return _Said(town_at, town_said, region_said, said_in)

    def _as_directorate(self, p: Parsed, ev: dict[int, _Evidence], said: _Said) -> Match | None:
        """A directorate the text names ("УФСБ по Херсонской области") is its region's site:
        by its jurisdiction's name (a federal city), or by a region and no town."""
        if not p.directorate:
            return None
        if said.town:
            # a directorate's jurisdiction may be a federal city, a region of its own ("УФСБ
            # по Республике Крым и г. Севастополю"): there the town's words name the region
            if all(e.town_pos <= e.region_at and self.facilities[f].region_code in FEDERAL_CITIES
                   for f, e in ev.items() if e.level >= 2):
                return self._directorate(p, ev, only=True)
            return None
        if said.region and not self._names_a_town_it_lacks(p, said.town_at):
            # (not when the text names a town the registry has nothing in: "крымского
            # пограничного управления ФСБ в Балаклаве" is not Simferopol's directorate)
            return self._directorate(p, ev)
        return None

    def _screen(self, p: Parsed, ev: dict[int, _Evidence], edits: int, said: _Said) -> _Screened:
        """Each candidate against what the text says of the place, kind and number: scored
        when it may be the facility, else set aside with why (ruled out, another number,
        only near a town, only a region or a wide area, a city's or its region's)."""
        town_said, region_said, said_in = said.town, said.region, said.regions
        scored: dict[int, _Score] = {}
        ruled_out: list[str] = []
        numbered_out: dict[int, int] = {}  # facility → its kind relation
        near_only: list[str] = []  # in the region of a town the text is only near
        region_only: list[str] = []  # of a kind a region had many of, by the region alone
        area_only: list[str] = []  # somewhere in a wide area the text names ("Siberia")
        town_regions = self._other_towns_named(p)
        capital_only: list[str] = []  # in the region of a city the text may mean itself
        capital_words: dict[str, str] = {}  # ... and that city's word, as written
        # a kind of building many towns have, named in the text (`[places] buildings`)
        built = (p.name_tokens | {w.stem for w in p.words}) & self.voc.buildings
        for f, e in ev.items():
            fac = self.facilities[f]
            if e.level < 2 and (town_said or (region_said and not e.in_region)) and not (
                    e.names - p.kind_words):
                # the text names a town (or a region): a facility elsewhere is not it, even
                # when the kind word is in its names ("Мелітопольська виховна колонія для
                # неповнолітніх" is not Kherson's IVS, once a "juvenile detention centre")
                continue
            if (not e.level and not e.proper and e.common and region_said
                    and not town_said):
                # ... nor one that only common words of the text reach ("a colony in the
                # northern Arkhangelsk region": "northern" is no name of Kherson's Northern
                # colony there)
                continue
            if e.level < 2 and any(
                    g != f and ev[g].level >= 2 and ev[g].town_pos and not ev[g].typos
                    and self.facilities[g].region_code != fac.region_code
                    and not any(w.came_from for w in p.words if w.pos in ev[g].town_pos)
                    # (the town read from this facility's own name word, which has the
                    # stated number: "Приазовська виправна колонія №107" is Mariupol's
                    # colony, not the town of Pryazovske)
                    and not (p.number is not None and p.number in fac.numbers
                             and ev[g].town_pos <= {q for q, _ in e.name_pos})
                    for g in ev):
                # only its name, while the text places the facility in a town of another
                # region ("дитячий табір “Променистий” у Євпаторії" is not Bucha's
                # Promenystyi camp): a name many places share, or a place the registry lacks
                # (a town people came from, "з Херсона до Лефортово", or one read through a
                # typo, "Trestanecká", does not count)
                ruled_out.append(fac.id)
                continue
            if (e.level >= 2 and not e.names - p.kind_words and e.town_pos
                    and all(w.came_from for w in p.words if w.pos in e.town_pos)
                    and any(g != f and ev[g].proper and ev[g].names - p.kind_words
                            for g in ev)):
                # its town only as where people came from, while a facility is named by its
                # name ("в СИЗО Лефортово из Херсона" is Lefortovo, not Kherson's SIZO)
                ruled_out.append(fac.id)
                continue
            if built and not p.kinds and (
                    (town_said and e.level < 2 and not e.names - built)
                    or (e.level >= 2 and not e.names & built and not any(
                        fac.kinds & self.voc.building_kinds.get(b, frozenset())
                        for b in built)
                        and not (fac.works and built & self.voc.works_buildings))):
                # the text names a kind of building many towns have, in a town: not that
                # building of another town, nor another facility of this one ("das Gebäude
                # der Bezirksverwaltung von Berdjansk" is neither Izium's district
                # administration nor the Berdiansk colony)
                ruled_out.append(fac.id)
                continue
            if region_said and edits and not e.level and not e.in_region:
                # the text names a region, and only a name word read with a typo points to a
                # facility in another ("„Miliz“ der „Volksrepublik Luhansk“" is not Sloviansk's
                # "міліції"; a name written right, "Лефортово", is the facility wherever the
                # text says the people came from)
                ruled_out.append(fac.id)
                continue
            if (e.level == 1 and not e.in_region and not e.names and said_in
                    and fac.region_code not in said_in):
                # only the region of a landmark, while the text places the facility in
                # another region ("IK-6, 250 km east of Moscow in the Vladimir region" is not
                # Moscow oblast's IK-6)
                ruled_out.append(fac.id)
                continue
            kr = self._kind_relation(p, fac)
            if kr == 0 and e.level >= 2 and any(n.startswith("street:") for n in e.names):
                # the street of its address, in its town, singles the facility out even when
                # the kind word disagrees ("СІЗО за адресою <the IVS's street>"): loosely
                kr = 1
            nr = self._number_relation(p, fac)
            if nr == 0:
                numbered_out[f] = kr
                continue
            if p.district_name and p.district_name != fac.district_name and (
                    fac.district_name or (fac.kinds & {"ivs", "police"} and not e.names
                                          and self._town[f] in self._district_towns)):
                # "the Kyivsky District Police Department" is not the Railway district's, and
                # where the registry tells a town's district departments apart, a district
                # department's IVS is not the town's ("в ИВС Ленинского РОВД Симферополя" is
                # not the Simferopol IVS, whose names say no district)
                ruled_out.append(fac.id)
                continue
            soft = kr < 2 or nr < 2
            if (kr == 0 or (kr + nr < 3)  # a conflict, or two softer disagreements at once
                    or (kr < 2 and p.number is not None)  # "ИК-1" is not "СИЗО-1"
                    # "колония строгого режима" is no SIZO, unless the SIZO's own proper
                    # name says which ("тюрьма строгого режима Лефортово": loosely)
                    or (kr < 2 and p.firm and not (kr == 1 and e.proper and e.names))
                    # soft needs a town or name, or a village the text places it near
                    # ("a prison complex near Olenivka": near a village is at it)
                    or (soft and e.level < 2 and not e.names and not e.near_own)
                    # ... and a number written as one ("No. 2", "№ 17") with no kind word
                    # needs more than the town to be a row that records none ("… No. 2 in
                    # Vladikavkaz" is not its TsVSIG; a house number after a street may be)
                    or (nr < 2 and not p.kinds and not e.names
                        and p.number_source == "kind")
                    # ... and a town that is not also its region's name, right before the
                    # kind word ("Irkutsk colony": any colony of Irkutsk oblast, not loosely
                    # the city's SIZO)
                    or (kr < 2 and not e.names and e.town_pos and all(
                        q + 1 in p.kind_at and f in self.vocab[w.stem].region
                        for w in p.words if w.pos in e.town_pos for q in (w.pos,)))):
                ruled_out.append(fac.id)
                continue
            if (p.women and not fac.women and e.level < 2 and not e.names
                    and p.number is None):
                # "a women's penal colony in … Mordovia": a region alone does not make its
                # colony not recorded as a women's one the place the text means (the region
                # may hold a women's colony the registry lacks)
                ruled_out.append(fac.id)
                continue
            if (p.vague and e.level < 2 and not e.names and p.number is None
                    and not e.near_own):
                ruled_out.append(fac.id)  # "a prison in Kirov oblast": a region is not enough
                continue
            if (p.kinds & self.voc.many_per_region and e.level < 2 and not e.names
                    and p.number is None and not e.near_own):
                # "a filtration camp in the Kherson Oblast": a region had many, the registry
                # records some; the region's one registry site is not singled out
                region_only.append(fac.id)
                continue
            if (e.level == 1 and not e.in_region and not e.names and p.number is None
                    and not e.near_own):
                # "в колонии под Волгоградом": near a town, somewhere in its region; the
                # landmark alone does not single out the region's one facility
                near_only.append(fac.id)
                continue
            if not p.kinds and e.level < 2 and not e.names and p.number is None:
                # "the detention centre in Sumy region": no kind word, no town, no name; a
                # region alone is not enough (nor a town the text is only near)
                (near_only if e.near_own else ruled_out).append(fac.id)
                continue
            if e.capital_of and e.in_region and not e.area_only and e.level < 2 and not e.names:
                capital_only.append(fac.id)
                capital_words[fac.id] = e.capital_of
                continue
            if e.level < 2 and (e.quoted or e.level == 1) and e.names and all(
                    ("other_place", "") in self.voc.roles.get(k, ()) for k in e.names):
                # a common word for a kind of place is a facility's name only beside its
                # town, quoted or in its region too ("“i garage”" in Melitopol, "гаражі на
                # Луганщині", are not the Stakhanov garage)
                ruled_out.append(fac.id)
                continue
            if (e.level < 2 and not e.names and not e.capital_of
                    and fac.region_code in town_regions):
                # "Penal Colony No. 7, … Segezha, Republic of Karelia": the text names a town
                # of the region that the registry has nothing in, not Petrozavodsk's colony
                ruled_out.append(fac.id)
                continue
            if e.area_only and e.level < 2 and not e.names:
                # "ИК-6 в Сибири": a wide area is many regions, and FSIN numbers per region
                area_only.append(fac.id)
                continue
            if kr < 2 and not e.names and any(
                    g != f and ev[g].level >= e.level for g in ev):
                # another kind than the registry's, and only the town to go by: the town
                # must have no other facility ("училище" in Donetsk is not its
                # filtration site; in Sedove it is the only one there)
                ruled_out.append(fac.id)
                continue
            if (kr < 2 and "sizo" in p.kinds and p.number is None and "sizo" not in fac.kinds
                    and (not e.names or self._only_its_towns_adjective(p, f, e))
                    and _in_a_town_of(p, e, fac, _large_towns(SIZO_CITY_POPULATION, True),
                                      [k for st in fac.settlements for k in st]
                                      if e.names else ())):
                # a city of 100,000 or more has a SIZO of its own: "следственный изолятор в
                # Улан-Удэ" is that SIZO, not the colony the registry records there (a
                # village's only facility may be called a SIZO: "изолятор в Еленовке"); so
                # too the town's adjective the colony's names carry ("Керченський слідчий
                # ізолятор" is not the Kerch colony, «Керченская исправительная колония»)
                ruled_out.append(fac.id)
                continue
            if (kr < 2 and not e.names and ("colony" in p.kind_words or "camp" in p.loose_said)
                    and p.number is None
                    and fac.kinds & {"sizo", "prison"} and "colony" not in fac.kinds
                    and _in_a_town_of(p, e, fac, _large_towns(SIZO_CITY_POPULATION, True))):
                # ... and a colony or a camp in such a city is one of the places in and
                # around it, not loosely its SIZO or prison ("в колонії в Кірові" is not
                # Kirov's SIZO-1, "eine Strafkolonie in der Stadt Wladimir" not Vladimir
                # Central, "im Lager in Kursk" not the Kursk SIZO)
                ruled_out.append(fac.id)
                continue
            if (kr < 2 and not e.names and "school" in p.kinds
                    and "school" not in fac.named_kinds
                    and _in_a_town_of(p, e, fac, _large_towns())):
                # a school in a town of 10,000 or more is one of its many schools, not the
                # town's filtration site ("do szkoły w Nowoazowsku"); a village's school
                # may be its site ("at the school in Bezymyane")
                ruled_out.append(fac.id)
                continue
            strong_place = e.level if e.level >= 2 else 0
            scored[f] = _Score(e.quoted, strong_place, len(e.names), e.level, kr, nr,
                               e.settle_words, int(bool(p.kinds & fac.named_kinds)), e.generic,
                               -e.typos)
        return _Screened(scored, ruled_out, numbered_out, near_only, region_only, area_only,
                         capital_only, capital_words)

    def _none_fits(self, p: Parsed, what: str, ev: dict[int, _Evidence], screened: _Screened,
                   said: _Said, places: list[Word]) -> Match:
        """Why no candidate passed the screen, in the words a researcher can act on."""
        ruled_out, numbered_out = screened.ruled_out, screened.numbered_out
        near_only, region_only = screened.near_only, screened.region_only
        area_only, capital_only = screened.area_only, screened.capital_only
        capital_words = screened.capital_words
        if capital_only and not numbered_out:
            word = capital_words[min(capital_only)]
            return Match("", 0, "ambiguous",
                         f"{what}: '{word}' may be the city, where the registry records none, "
                         "or its region, which points to "
                         f"{'; '.join(sorted(capital_only)[:6])}"
                         f"{f' and {len(capital_only) - 6} more' if len(capital_only) > 6 else ''}"
                         " (name the town or the facility)")
        if area_only:
            return Match("", 0, "ambiguous",
                         f"{what}: the text places it only in a wide area ('{p.wide_area}'), "
                         "many regions, each numbering its own facilities; it points to "
                         f"{'; '.join(sorted(area_only)[:6])}"
                         f"{f' or {len(area_only) - 6} more' if len(area_only) > 6 else ''}"
                         " or one the registry does not record (name the town or the region)")
        if near_only and not numbered_out:
            return Match("", 0, "ambiguous",
                         f"{what}: the text places it only near a town, so more than one "
                         f"place fits; the region points to {'; '.join(sorted(near_only)[:6])}"
                         " (name the town or the facility)")
        if region_only and not numbered_out:
            return Match("", 0, "ambiguous",
                         f"{what}: the text places it only in a region, which had many places "
                         "of that kind; the region points to "
                         f"{'; '.join(sorted(region_only)[:6])}, those the registry records "
                         "(name the town or the facility)")
        if ruled_out and not numbered_out and all(
                e.level == 1 and not e.in_region and not e.near_own for e in ev.values()):
            # only a city the text is near points to them: "no … at that place" would say
            # the place has none ("a jail near Taganrog" is not the Taganrog SIZO)
            return Match("", 0, "unmatched",
                         f"{what}: the text places it only near a town, which has many "
                         "places around it; the kind of place it names does not single out "
                         "one of the facilities the town's words point to ("
                         f"{'; '.join(sorted(ruled_out)[:6])}) (name the town or the "
                         "facility)")
        if ruled_out and not numbered_out and all(
                e.level == 0 for e in ev.values()):
            # only words of their names point to them, no place the registry knows ("a
            # medical clinic": the Izium clinic by a name word, no hospital): "no … at that
            # place" would speak of a place the text never named
            return Match("", 0, "unmatched",
                         f"{what}: no facility of that kind fits these words; only words of "
                         "their names point to facilities of another kind "
                         f"({'; '.join(sorted(ruled_out)[:6])}); if the place is in the "
                         "registry, name its town or write its id")
        if (got := self._the_regions_number(p, what, ev, numbered_out)):
            return got
        # "катівні на Харківщині", "у кримських в'язницях": a region and no town (not "СІЗО в
        # Харкові", a city with none of the region's facilities, nor a name written as one, which
        # may be a town the registry has nothing in); "no … at that place" would say the region
        # has none, then list those it has
        only_in: list[str] = []
        if (all(e.level < 2 for e in ev.values()) and not said.town_at
                and not any(w.cap or w.quoted or p.lowercase for w in places)):
            only_in = sorted({self.facilities[f].region_label for f, e in ev.items()
                              if e.in_region})
        return Match("", 0, "unmatched",
                     self._why_not(p, what, [self.facilities[f].id for f in sorted(
                         numbered_out, key=lambda g: (-numbered_out[g], self.facilities[g].id))],
                                   sorted(ruled_out), only_in))

    def _break_ties(self, p: Parsed, what: str, ev: dict[int, _Evidence],
                    scored: dict[int, _Score], best: _Score) -> dict[int, _Score] | Match:
        """Of the candidates that tie for ``best``, keep those the text's own words single
        out, never the better known; a text about another kind of place may leave none."""
        def tied() -> list[int]:
            return [f for f, s in scored.items() if s == best]

        def keeping(keep: Iterable[int]) -> dict[int, _Score]:
            return {f: s for f, s in scored.items() if s != best or f in keep}

        if p.makeshift and not p.kinds and len(tied()) > 1:
            # "катівня у Вовчанську", "на заводі у Вовчанську": a torture chamber or a works
            # is a makeshift site, not the town's filtration camp; a checkpoint post is
            # itself a makeshift place ("катівня у Василівці": the dormitory or the
            # checkpoint and filtration post there)
            cp = self.vocab.get("checkpoint") or _Entry()
            keep = [f for f in tied() if "filtration" not in self.facilities[f].kinds
                    or f in cp.name | cp.generic]
            if len(keep) > 1 and p.works:
                # ... and a works is the one whose names say a works ("На заводі у
                # Вовчанську" is the aggregate plant, not the police building there)
                keep = [f for f in keep if self.facilities[f].works] or keep
            if 1 <= len(keep) < len(tied()):  # (the reason then names the makeshift places)
                scored = keeping(keep)
        if p.other_places and not p.kinds and len(tied()) > 1:
            # the text is about another kind of place ("a basement in the military town of
            # Hostomel"): of the town's facilities that tie, those only the town points to are
            # not it, as when the town has one facility (`_not_one_facility`)
            said = {st for st, _ in p.other_places}
            # (unless one of them is that kind of place by its names: "a hotel in Taganrog" is
            # one of its hotels, maybe the Taganrog Hotel point, maybe not: ambiguous)
            other = [] if any(self._its_place(f, st) for f in tied() for st in said) else [
                f for f in tied() if self._only_the_town(p, f, ev[f])]
            if other and len(other) == len(tied()):
                shown = " ".join(raw for _, raw in p.other_places)
                top = sorted(self.facilities[f].id for f in tied())
                return Match("", 0, "unmatched",
                             f"{what}: the text is about another kind of place ('{shown}'), "
                             f"and only the town points to {'; '.join(top[:4])}; if that "
                             "place is one of them, add the word to its aliases")
            scored = keeping(set(tied()) - set(other))
        # each rule below keeps one of the tied facilities, or none
        rules = [
            # a name written as a name ("Lefortovo prison") beats common words only
            # ("isolation", the translation of Izolyatsia): "his isolation in Lefortovo prison"
            lambda f: ev[f].proper and all(not ev[g].proper and not ev[g].level and ev[g].common
                                           for g in tied() if g != f),
            # towns of one name in two regions, and the text names the region apart from the
            # town ("в СИЗО ростовского Донецка"): the town in that region
            lambda f: (scored[f].town >= 2 and ev[f].region_at - ev[f].town_pos
                       and len({self._town[g] for g in tied()}) > 1),
            # a district named by its town's adjective, then its region ("Скадовский районный
            # отдел полиции Херсонской области"): the facility both words point to, not every
            # one the region holds
            lambda f: p.district and scored[f].town < 2 and len(ev[f].region_at) >= 2,
        ]
        # what the text says of the place against what the registry records of each: "женскую
        # колонию в Запорожской области" is the colony whose names say women; "в
        # Железнодорожном РОВД Симферополя" the town's facility of that district, not its IVS;
        # a regional directorate's SIZO not the federal service's
        for said, has in ((p.women, lambda fac: fac.women),
                          (p.district_name, lambda fac: fac.district_name == p.district_name),
                          # "СИЗО №2 УФСИН России по г. Москве": of the two SIZO-2s the city
                          # directorate's (Butyrka), not the federal service's (Lefortovo);
                          # only between equals: "больница УФСИН в Торжке" is loosely said
                          (p.regional_penal, lambda fac: not fac.federal),
                          # (in a place the text names: "В ЛИУ-3" alone may be any region's)
                          (best.level and p.medicine, lambda fac: fac.medicine == p.medicine)):
            rules.append(lambda f, said=said, has=has: said and has(self.facilities[f]))
        for rule in rules:
            if len(tied()) > 1 and len(keep := [f for f in tied() if rule(f)]) == 1:
                scored = keeping(keep)
        return scored

    def _tied(self, p: Parsed, what: str, ev: dict[int, _Evidence], scored: dict[int, _Score],
              best: _Score, edits: int, places: list[Word]) -> Match:
        """More than one candidate fits equally: ambiguous, or unmatched when only words many
        places share point to each."""
        top = sorted(self.facilities[f].id for f, s in scored.items() if s == best)
        tied = [ev[f] for f, s in scored.items() if s == best]
        if all(e.level < 2 and not e.quoted and e.names and e.names <= self.voc.buildings
               for e in tied):
            # only a word for a kind of building points to each ("at the railway station",
            # sites of two towns): many towns have one (as for one facility, below)
            return _building_only(what, set().union(*(e.names for e in tied)), top)
        if all(self._elsewhere_in_town(p, f, ev[f]) for f, s in scored.items() if s == best):
            # ... and so whoever ties: "turning the philharmonic into a prison" in a town with
            # a SIZO and a colony is neither
            return Match("", 0, "unmatched",
                         f"{what}: the text is about another kind of place ('"
                         f"{self._another_place(p)}'), and only the town points to "
                         f"{'; '.join(top[:8])}; if that place is one of them, add the word "
                         "to its aliases")
        shown = "; ".join(top[:8]) + (f"; … {len(top) - 8} more" if len(top) > 8 else "")
        if p.number is None and all(e.common and _by_common_words(e, places)
                                    for e in tied):
            # only common words point to each ("в гараже": two registry garages), as
            # for one facility below
            return _common_words_only(
                what, (v for e in tied for v in e.common.values()), shown)
        plural = p.plural_kind or p.plural
        if plural and not any(e.quoted for e in tied):
            # a plural kind or place word ("бердянским изоляторам", "las prisiones de
            # Mariúpol") says why, whoever ties
            return Match("", 0, "ambiguous",
                         f"{what}: '{plural}' speaks of several places there, not "
                         f"one facility (closest: {shown}); give one reference per place")
        return Match("", self._score(p, best, edits), "ambiguous",
                     f"{what}: {len(top)} facilities fit equally: {shown}; the text "
                     "does not say which (add the street, number or name)")

    def _vet_number(self, p: Parsed, what: str, f: int, ev: dict[int, _Evidence],
                    scored: dict[int, _Score], best: _Score, edits: int,
                    numbered_out: dict[int, int]) -> Match | None:
        """The best candidate ``f`` against the number the text states: not singled out when
        the number is another facility's, there or in its region (FSIN numbers per region),
        or when ``f`` records none and a city has several of its kind."""
        fac, e = self.facilities[f], ev[f]
        if p.number_source == "of another kind" and not {n for _, n in p.pairs} & fac.numbers:
            # "filtration camp of the former Volnovakha colony No. 120": the number is the
            # colony's, and a colony of that number the text's words also point to is where
            # the text is (matched when its names say the other kind too), or may be
            owners = sorted(g for g in scored if g != f and (ev[g].names or ev[g].level >= 2)
                            and any(k in self.facilities[g].kinds
                                    and n in self.facilities[g].numbers for k, n in p.pairs))
            if len(owners) == 1 and p.kinds <= self.facilities[owners[0]].named_kinds:
                g = owners[0]
                return Match(self.facilities[g].id, self._score(p, scored[g], edits,
                                                                self.facilities[g]),
                             "matched", f"{what}, by number and name: the number is its "
                             "own, and its names say each kind the text does")
            if owners:
                return Match("", 0, "ambiguous",
                             f"{what}: the town points to {fac.id}, the number (of the "
                             "other kind the text names) to "
                             f"{'; '.join(self.facilities[g].id for g in owners[:4])}; the "
                             "text does not say which")
        if best.number < 2:  # the number points to another facility there, the name to this
            other = sorted(self.facilities[g].id for g, s in scored.items()
                           if g != f and s.number == 2 and s.kind == 2
                           and p.number in self.facilities[g].numbers
                           and ev[g].level >= min(e.level, 2))
            if other:
                return Match("", self._score(p, best, edits), "ambiguous",
                             f"{what}: the name points to {fac.id} (no number recorded), "
                             f"the number to {'; '.join(other[:4])}; the text does not say "
                             "which (if they are one facility, merge them in the registry)")
        if best.number < 2 and p.number_source == "kind":
            # FSIN numbers per region: "SIZO-2 Bryansk" may be the Bryansk region's SIZO-2
            # (in Novozybkov) as much as the unnumbered SIZO in Bryansk
            numbered = sorted(
                self.facilities[g].id for g in self._by_number.get(p.number, set())
                & self._by_region.get(fac.region_code, set())
                if g != f and self._kind_relation(p, self.facilities[g]) == 2)
            if numbered:
                return Match("", self._score(p, best, edits), "ambiguous",
                             f"{what}: the town points to {fac.id} (no number recorded), "
                             f"the number to {'; '.join(numbered[:4])}, No. {p.number} of "
                             "that region (FSIN numbers per region); the text does not say "
                             "which")
        if best.number < 2:  # a stated number, a facility recorded without one: singled out?
            rivals = sorted(self.facilities[r].id for r, kr in numbered_out.items()
                            if kr == 2 and ev[r].level >= e.level
                            and len(ev[r].names) >= len(e.names))
            if rivals:
                return Match("", 0, "unmatched",
                             f"no {what} at that place in the registry: {fac.id} records no "
                             f"number, but {'; '.join(rivals[:4])} (another number) is there "
                             "too, so the text does not single it out")
        if (best.number < 2 and not e.names and "colony" in fac.kinds
                and _in_a_town_of(p, e, fac, _large_towns(COLONY_CITY_POPULATION, True))):
            return Match("", 0, "unmatched",
                         f"{what}: {fac.id} records no number, and a city of a million has "
                         f"several colonies in and around it: No. {p.number} may be another "
                         "(if it is this one, add the number to the registry)")
        if (best.number < 2 and p.number_source == "kind" and not e.names and not e.in_region
                and not p.region_codes and not any(w.ctx == "region" for w in p.words)):
            # a stated number the facility does not record, and only a one-word town to go
            # by: if settlements of that name are in other regions too, the number may be
            # theirs ("Алексеевской колонии № 25": Oleksiivka's colony in Kharkiv oblast,
            # not Alekseyevka's in Belgorod oblast)
            elsewhere = sorted({code for w in p.words if (w.pos, w.quoted) in e.place_pos
                                for code in _settlement_regions().get(w.stem, ())}
                               - {fac.region_code})
            if elsewhere and all(len(v) == 1 for v in fac.settlements):
                return Match("", 0, "unmatched",
                             f"{what}: {fac.id} records no number, and settlements of that "
                             f"name are in other regions too ({'; '.join(elsewhere[:4])}); "
                             "the text does not say which (name the region)")
        return None

    def _vet(self, p: Parsed, what: str, f: int, ev: dict[int, _Evidence],
             scored: dict[int, _Score], best: _Score, edits: int, places: list[Word],
             unknown: list[Word], numbered_out: dict[int, int]) -> Match:
        """The one best candidate ``f``: matched, unless the text does not single it out (its
        number is another's, `_vet_number`; a name or town of the text is not its own, only a
        common word or a route's start points to it)."""
        fac, e = self.facilities[f], ev[f]
        number_ok = p.number is not None and p.number in fac.numbers
        got = self._vet_number(p, what, f, ev, scored, best, edits, numbered_out)
        if got is not None:
            return got
        mine = {pos for pos, _ in e.name_pos}
        # (a word naming this facility's town is not another's name: "colony in Labytnangi",
        # the town of IK-8, is a word of the Kharp colonies' address there)
        theirs = {g: {pos for pos, _ in ev[g].name_pos} - e.town_pos for g in scored}
        named_too = sorted(self.facilities[g].id for g in scored
                           if g != f and (ev[g].quoted or ev[g].proper)
                           and ev[g].names - e.names and theirs[g]
                           and (ev[g].quoted or (theirs[g] - mine and mine - theirs[g])))
        if (e.quoted or e.proper) and named_too:
            # "СИЗО «Лефортово» и СИЗО «Матросская Тишина»", with quotes or without
            return Match("", self._score(p, best, edits), "ambiguous",
                         f"{what}: the text names more than one facility: {fac.id}; "
                         f"{'; '.join(named_too[:4])}; give one reference per row")
        if (p.vague and p.kinds and p.number is None and not e.names and e.level >= 2
                and not e.generic  # (a body's word says more: "the FSB detention centre")
                and any({"custodial", "police"} & self.voc.families.get(k, frozenset())
                        for k in fac.kinds)):
            # "у тюрмі в Луганську": "prison" alone is also what texts call a makeshift
            # prison (a basement, a seized building); with such places in the registry
            # there too, the town's one custodial facility is not singled out
            # (in its town: "a prison camp in Olenivka, Donetsk" names the oblast after the
            # village, not Donetsk's makeshift prisons)
            makeshift = sorted(self.facilities[g].id for g, eg in ev.items()
                               if g != f and eg.level >= e.level
                               and not self.facilities[g].kinds
                               and self._town[g] == self._town[f])
            if makeshift:
                return Match("", 0, "ambiguous",
                             f"{what}: more than one place fits: a 'prison' there may be "
                             f"{fac.id} or one of the makeshift places the registry has "
                             f"there too ({'; '.join(makeshift[:4])}); name the facility")
        if (e.level < 2 and not number_ok and not e.quoted and e.names
                and e.names <= self.voc.buildings
                # (near its own village it is that village's: "a holiday camp near
                # Novoplatonivka", as "a prison complex near Olenivka")
                and not e.near_own
                and (not any(w.cap and not w.quoted for w in places) or any(
                    w.ctx == "region" and w.cap for w in unknown))):
            # only a word for a kind of building that many towns have points to it, with no
            # town of its own ("в захопленому терористами військкоматі", "to the nearby
            # train station", "в підвалі одного з дитячих санаторіїв"): one such building
            # somewhere, not this one (unless the text writes a name we cannot read, which
            # may be its town misspelt: "un sanatoriu pentru copii din Bucea", "Baakliia
            # printing office", unless the text also names a region the registry has no
            # facility in: "im Sanatorium Sosnowy Bor … der Region Jaroslawl")
            return _building_only(what, e.names, sorted(
                self.facilities[g].id for g, eg in ev.items() if eg.names & e.names))
        if (p.route_start and e.town_pos and e.town_pos <= p.route_start and not e.names
                and not number_ok and not e.quoted):
            # only the start of a route points to it ("da Mariupol a Volodarsk", "from
            # Kherson to Crimea"): the town people were taken FROM, not where they were held
            return Match("", 0, "ambiguous",
                         f"{what}: the text names a route ('{p.route}'); its start points to "
                         f"{fac.id}, but the start is where people were taken from, and "
                         "where they were held is not said; name the place of holding")
        refused = self._not_one_facility(p, what, f, ev, number_ok)
        if refused is not None:
            return refused
        nick = self._nicknames
        if (not number_ok and not e.level and not e.quoted and e.names
                and e.names <= nick and sum(any(k in nick for k, _ in self._word_keys(w, p))
                                            for w in p.words) < 2):
            # one word of a colony's nickname ("Wolf", "das ukrainische Volk" by one typo):
            # a nickname is its words together ("Polar Wolf", «Белый медведь», "Poar Bear"
            # with a typo)
            return Match("", 0, "unmatched",
                         f"{what}: only one word of a nickname points to {fac.id}; write the "
                         "whole nickname, the town or the number")
        if not number_ok and _by_common_words(e, places):
            # only common words of a text that writes names with capitals ("sanatorio",
            # "garage") point to it: a description, not a name
            return _common_words_only(what, e.common.values(), fac.id)
        if not e.level and not number_ok:
            # only its name points to it, and the text places it in a town of another
            # region ("Zahid-1 (West-1), de gevangenis in Lviv" is not Makiivka's "Western"
            # colony): a name word of another place, not this facility
            elsewhere = [w for w in places if w.ctx == "place" and not w.quoted
                         and w.cap and not w.first and not w.adj
                         and (w.pos, w.quoted) not in e.name_pos
                         and self._another_town(w.skel or w.stem, f)]
            if elsewhere:
                return Match("", 0, "unmatched",
                             f"{what}: the name points to {fac.id}, but the text places it "
                             f"in another town ('{_as_written(elsewhere)}'); if the facility "
                             "is there, add it to the registry")
        sticky = self._sticky(p, f, e, places)
        quoted_other = [w for w in places if w.quoted]
        proper = [w for w in places if w.namey and not w.quoted]
        # (a quoted word beside a number and town that both fit is a source or a nickname:
        # "по данным «Медиазоны», в СИЗО-2 Таганрога")
        if (quoted_other and not e.quoted and not (number_ok and e.level >= 2)) or (
                sticky and not number_ok) or (
                proper and not number_ok and not e.names and e.level < 3):
            shown = _as_written(sticky + quoted_other + proper)
            return Match("", 0, "unmatched",
                         f"{what}: closest is {fac.id}, but the words '{shown}' are not in "
                         "its names or places; if it is the same facility, add this "
                         "spelling to its aliases")
        if (fac.places and not e.names and not number_ok
                and fac.kinds <= {"filtration", "camp"}
                and not fac.places & {w.stem for w in p.words}):
            # the facility is another kind of place (a hotel, a café, a garage): a town has
            # many, so its town and a kind ("a temporary centre for refugees in Taganrog")
            # do not single it out; its word or its name does ("the ‘Taganrog’ Hotel")
            return Match("", 0, "unmatched",
                         f"{what}: only the town points to {fac.id}, a "
                         f"'{' '.join(sorted(fac.places))}' by its names, and the text does "
                         "not name that place; name it (or add the phrase to its aliases)")
        return Match(fac.id, self._score(p, best, edits, fac) - 10 * e.town_unknown, "matched",
                     self._explain(p, best, edits, fac, near=e.near_own and best.level == 1
                                   and not e.in_region, town_unknown=e.town_unknown))

    def _sticky(self, p: Parsed, f: int, e: _Evidence, places: list[Word]) -> list[Word]:
        """Words the registry does not know that belong to the name the text gives facility
        ``f``: quoted, or written next to its name or town words or to a kind word. Each
        must be one of its names (else the text names another place)."""
        # a quoted name must be a name of the facility ("«Полярная сова»" is not "Полярный
        # волк"); an unknown word written next to a name or town word is part of it
        # ("Купянск-Узловой" is not Kupiansk); an unknown proper name elsewhere may be
        # another place, so place evidence alone does not decide against it.
        hits = e.name_pos | e.place_pos
        # (a lower-case word after a name word is part of the name when the facility's name
        # goes on there with another word — "Полярная сова" is not "Полярный волк" — or is
        # joined to it by a hyphen; "Camp Radiant became …" is not a longer name)
        word_at = {w.pos: w for w in p.words}
        # (a quoted word opening the text is still inside the quotes: "„Sowę Polarną”")
        # (a border crossing is named by the villages on both sides: "погранпереход
        # Колотиловка-Покровка", "the Kolotilovka-Pokrovka border crossing")
        crossing = "checkpoint" in e.names
        sticky = [w for w in places
                  if not (crossing and w.hyph and (w.pos - 1, w.quoted) in e.place_pos)
                  and (not w.first or w.quoted) and (w.quoted or w.namey or (
                      (w.pos - 1, w.quoted) in hits and w.hyph) or (
                      (w.pos - 1, w.quoted) in hits
                      and any(p_ == w.pos - 1 for p_, _ in e.name_pos)
                      and (p.lowercase or self._name_goes_on(f, word_at.get(w.pos - 1)))))
                  and ((w.pos - 1, w.quoted) in hits or (w.pos + 1, w.quoted) in hits)]
        # an unknown name written next to a kind word is that place's own name ("лагерь
        # Спутник … в пригороде Таганрога"): it must be one of the facility's names
        sticky += [w for w in places if w.namey and not w.quoted
                   and {w.pos - 1, w.pos + 1} & p.kind_at
                   and w.stem not in {s.stem for s in sticky}
                   and not self._lookup(w.stem, False)]
        # ... and so is a place adjective ("-ская") written next to a kind word that the
        # registry knows only as a name of other facilities, no place ("Мичуринской
        # исправительной колонии в Горловке": a street of Tambov's colony, not a name of
        # Horlivka's)
        for w in p.words:
            if (not w.cap or w.quoted or not {w.pos - 1, w.pos + 1} & p.kind_at
                    or not _SK_NAME_ADJECTIVE.search(w.skel or "")
                    or w.stem in {s.stem for s in sticky} or (w.pos, w.quoted) in e.name_pos
                    or (w.pos, w.quoted) in e.place_pos):
                continue
            entries = [self.vocab[key] for key, _ in self._lookup(w.stem, False)]
            if entries and all(not h.settle and not h.region and f not in h.name | h.generic
                               for h in entries):
                sticky.append(w)
        return sticky

    def _only_its_towns_adjective(self, p: Parsed, f: int, e: _Evidence) -> bool:
        """Whether facility ``f``'s only name words in the text are its town's adjective
        ("Керченський" of «Керченская исправительная колония»): the town, not a name."""
        words = [w for w in p.words if (w.pos, w.quoted) in e.name_pos]
        return (bool(e.names) and bool(words) and e.names <= {w.stem for w in words}
                and all(self._adjectival(w.skel, f) for w in words))

    def _the_regions_number(self, p: Parsed, what: str, ev: dict[int, _Evidence],
                            numbered_out: dict[int, int]) -> Match | None:
        """The one facility of that kind and number in a region whose adjective the text's
        town word is, when the number rules out every facility of its capital.

        "у Брянському СІЗО №2": the adjective is the Bryansk region's as much as the city's
        (issue 8, rule 4); Bryansk's SIZO is No. 1, and FSIN numbers per region, so No. 2 is
        the region's SIZO-2 in Novozybkov. Only with a number written beside the kind.
        """
        if p.number is None or p.number_source != "kind":
            return None
        adjectives = {w.pos for w in p.words if w.ctx == "place"
                      and (w.adj or _SK_ADJECTIVE.search(w.skel))}
        codes = {self.facilities[f].region_code for f, kr in numbered_out.items()
                 if kr == 2 and ev[f].level >= 2 and ev[f].town_pos
                 and ev[f].town_pos <= adjectives & ev[f].region_at}
        if len(codes) != 1 or any(e.level >= 2 and f not in numbered_out
                                  for f, e in ev.items()):
            return None
        code = codes.pop()
        found = [g for g in self._by_number.get(p.number, set())
                 & self._by_region.get(code, set())
                 if self._kind_relation(p, self.facilities[g]) == 2]
        if len(found) != 1:
            return None
        fac = self.facilities[found[0]]
        return Match(fac.id, 80, "matched",
                     f"{what}, by region: the town's adjective is its region's too, and the "
                     "town's facility of that kind has another number (FSIN numbers per "
                     "region)")

    def _names_a_town_it_lacks(self, p: Parsed, town_at: set[int]) -> bool:
        """Whether the text names a gazetteer town, in any case ("в Феодосии"), that no
        registry facility is in nor names its region."""
        return any((w.pos in town_at or (w.ctx == "place" and w.cap
                                         and _gazetteer_stems().get(w.skel)))
                   and not any(self.vocab[k].region or self.vocab[k].settle
                               for k, _ in self._lookup(w.stem, False))
                   for w in p.words)

    def _directorate(self, p: Parsed, ev: dict[int, _Evidence],
                     only: bool = False) -> Match | None:
        """A body's regional directorate, with a region and no town ("крымского управления
        ФСБ"): the site of that body whose names say a directorate, in that region.

        A directorate is one office per region, so the region says which; a body's other
        offices ("an FSB office in Crimea", the Izium SBU building for "the Kharkiv regional
        department of the SBU") are not read so. With `only` (the region is a city, "УФСБ по
        Москве"), a text the registry has no directorate for is unmatched, not the body's
        other site in that city (the FSB's Lefortovo SIZO).
        """
        bodies = p.name_tokens & self.voc.institutions
        if not bodies or p.number is not None:
            return None
        # (one whose names say a directorate: the FSB's SIZO, a town's SBU office are not)
        # (a border directorate is the border service's, not the body's regional one)
        sites = sorted(f for f, e in ev.items()
                       if e.in_region and self.facilities[f].directorate
                       and self.facilities[f].border == bool(p.border) and any(
                           f in self.vocab[c].name | self.vocab[c].generic
                           for c in bodies if c in self.vocab))
        what = self._describe(p)
        said = f"a regional directorate ('{p.directorate}') of {', '.join(sorted(bodies))}"
        if len(sites) == 1:
            return Match(self.facilities[sites[0]].id, 80, "matched",
                         f"{what}, {said}: the registry's directorate of that body in "
                         "that region")
        if sites:
            ids = "; ".join(self.facilities[f].id for f in sites)
            return Match("", 0, "ambiguous",
                         f"{what}: {said}, and the registry records {len(sites)} such "
                         f"directorates in that region: {ids}; name the town or the street")
        if only and bodies:
            return Match("", 0, "unmatched",
                         f"{what}: {said}, and the registry records no directorate of that "
                         "body there; if the site is in the registry, add this name to its "
                         "aliases")
        return None

    def _town_unknown(self, ev: dict[int, _Evidence]) -> dict[int, _Evidence]:
        """Facilities the registry knows only by region, placed in the town the text names.

        A word that names both a town and its region ("IK-1 in Stavropol", "колония в
        Краснодаре") may mean either; a facility whose town the registry does not know may be
        in that town, so it stands beside the town's own facilities (and the number, if any,
        decides between them) instead of being ruled out as "elsewhere in the region".
        """
        # region → its named town's (level, words, -typos)
        level: dict[str, tuple[int, int, int]] = {}
        said: dict[str, set[int]] = {}  # region → the words naming its towns
        for g, eg in ev.items():
            if eg.level >= 2:
                code = self.facilities[g].region_code
                level[code] = max(level.get(code, (0, 0, 0)),
                                  (eg.level, eg.settle_words, -eg.typos))
                said.setdefault(code, set()).update(eg.town_pos)
        out = dict(ev)
        for f, e in ev.items():
            fac = self.facilities[f]
            if (not self._town[f][1] and fac.region_code in level and e.in_region
                    and e.region_at & said[fac.region_code] and e.level < 2 and not e.names):
                lv, words, typos = level[fac.region_code]
                out[f] = replace(e, level=lv, settle_words=words, typos=-typos,
                                 town_unknown=True,
                                 town_pos=frozenset(e.region_at & said[fac.region_code]))
        return out

    def _elsewhere_in_town(self, p: Parsed, f: int, e: _Evidence) -> bool:
        """Whether the text is about another kind of place in facility ``f``'s town, with no
        kind word or only a loose custodial one ("the secret prison at the airport of
        Mariupol" is not the town's SIZO), and only the town points to ``f``."""
        fac = self.facilities[f]
        number_ok = p.number is not None and p.number in fac.numbers
        return (not p.kinds or (p.vague and not number_ok and any(
            "custodial" in self.voc.families.get(k, ()) for k in fac.kinds))
            ) and self._only_the_town(p, f, e)

    def _another_place(self, p: Parsed, f: int | None = None) -> str:
        """The words of the other kind of place a text is about (not facility ``f``'s), or
        else the body it names ("the FSB building in Kupiansk"), for the reason."""
        words = [raw for st, raw in p.other_places if f is None or not self._its_place(f, st)]
        return " ".join(words or [c.upper() for c in self._bodies(p)])

    def _bodies(self, p: Parsed) -> list[str]:
        """The acronym groups of bodies (`[places] institutions`) the text names that some
        facility's names carry ("СБУ", "the FSB"), sorted."""
        return sorted(c for c in p.name_tokens & self.voc.institutions if c in self.vocab)

    def _its_place(self, f: int, word: str) -> bool:
        """Whether facility ``f``'s names say the kind of place ``word`` is ("hotel" of the
        Taganrog Hotel; "airfield", the group of "аэропорт", of the Hostomel airfield)."""
        e = self.vocab.get(word) if word in self.voc.buildings else None
        return word in self.facilities[f].places or (e is not None and f in e.name)

    def _only_the_town(self, p: Parsed, f: int, e: _Evidence) -> bool:
        """Whether the text names another kind of place than facility ``f`` and only the
        town points to it ("у житловому будинку в Гостомелі": a dwelling; its town has two
        facilities, neither named so)."""
        fac = self.facilities[f]
        other = any(not self._its_place(f, st) for st, _ in p.other_places)
        # only the town (a name word written where the town is, "Еленовка", is the town)
        by_town = not ({pos for pos, _ in e.name_pos} - {pos for pos, _ in e.place_pos})
        # a body's acronym in its names is more than the town, even one several facilities
        # share ("the FSB office in Simferopol": the town's FSB building); a body it does not
        # carry is another place, with no kind word ("the FSB building in Kupiansk" is not
        # its police building; an "FSB prison in Krasnodar" may be the town's SIZO)
        bodies = [] if p.kinds else self._bodies(p)
        acronym = any(f in self.vocab[c].name | self.vocab[c].generic for c in bodies)
        return ((other or bool(bodies)) and by_town and not acronym and not e.quoted
                and p.number not in fac.numbers)

    def _one_site_of_a_village(self, p: Parsed, f: int, ev: dict[int, _Evidence]) -> bool:
        """Whether counted places of a kind in one village are the registry's one site there.

        "three filtration camps have been set up in the village of Bezimian": places of one
        kind in a village (a settlement word, a town under 10,000) where the registry has one
        facility of that kind are its site; in a town ("дві основні катівні у Маріуполі"),
        with no kind word ("two in Olinivka") or with two such facilities there, no one is told.
        """
        fac, e = self.facilities[f], ev[f]
        if not (p.kinds & fac.kinds and p.settle_words and e.level >= 2):
            return False
        if any(fac.region_code in _large_towns().get(w.stem, ())
               for w in p.words if (w.pos, w.quoted) in e.place_pos):
            return False
        return not any(g != f and self._town[g] == self._town[f]
                       and p.kinds & self.facilities[g].kinds for g in ev)

    def _not_one_facility(self, p: Parsed, what: str, f: int, ev: dict[int, _Evidence],
                          number_ok: bool) -> Match | None:
        """Why the best facility is still not the one the text means, if it is not.

        Four classes of real text that fit one facility by its town, yet do not name it:
        the text counts several places ("дві основні катівні у Маріуполі"), speaks of a
        class of places without a town ("у центрах тимчасового утримання іноземців"),
        names another kind of place there ("Спортзал … в Таганроге"), or names two towns
        ("из сел Никольское и Безымянное").
        """
        fac, e = self.facilities[f], ev[f]
        if p.local and not e.level and not e.names and not e.quoted:
            # "local Penal Colony No. 14": the town is in the sentence around it, and every
            # region numbers its own colonies; the registry's only No. 14 need not be it
            return Match("", 0, "ambiguous",
                         f"{what}: the text says '{p.local}', so its town is named outside "
                         f"the reference; by kind and number alone the registry points to "
                         f"{fac.id}, but each region numbers its own; add the town (a town "
                         "column can be read with the reference: --where COLUMN)")
        if (number_ok and not e.level and not e.names and not e.quoted
                and fac.region_code.startswith("RU-")):
            # "колонии № 18", "ИК-18": Russia numbers its institutions region by region
            # (Ukraine's penal institutions are numbered across the country), so a number
            # with no town or region fits colonies the registry does not record; its only
            # No. 18 need not be the one meant
            return Match("", 0, "ambiguous",
                         f"{what}: no town or region could be read in the text, and Russia "
                         "numbers its institutions region by region; by kind and number alone the "
                         f"registry points to {fac.id}, but others of that number are not in "
                         "it; add the town or the region (a town column can be read with the "
                         "reference: --where COLUMN)")
        if p.one_of_many and not p.kinds and not e.names and not e.quoted and not number_ok:
            return Match("", 0, "ambiguous",
                         f"{what}: the text speaks of one of several places ('{p.one_of_many}')"
                         f" and only the town points to {fac.id}; name the place, or write the "
                         "id if it is that facility")
        by_kind: dict[str, set[int]] = defaultdict(set)
        for k, n in p.pairs:
            by_kind[k].add(n)
        numbers = [n for ns in by_kind.values() if len(ns) > 1 for n in sorted(ns)]
        if numbers and not p.landmarks and not set(numbers) <= fac.numbers:
            # two numbers of one kind ("СІЗО №2 та СІЗО №8", "from IK-1 to IK-6"): two places
            # (unless the facility has both: "колонія №120 (колишня №52)")
            return Match("", 0, "ambiguous",
                         f"{what}: the text gives more than one number of one kind ("
                         f"{', '.join(map(str, numbers))}), so no one facility can be told "
                         f"(closest: {fac.id}); give one reference per place")
        if p.listed and not number_ok and not e.quoted:
            return Match("", 0, "ambiguous",
                         f"{what}: the text lists several places ('"
                         f"{', '.join(p.listed)}'), so no one facility can be told (closest: "
                         f"{fac.id}); give one reference per place")
        if p.several and not self._one_site_of_a_village(p, f, ev):
            return Match("", 0, "ambiguous",
                         f"{what}: the text speaks of several places ('{p.several}'), so no "
                         f"one facility can be told (closest: {fac.id}); give one "
                         "reference per place")
        if p.plural and e.level < 2 and not e.quoted and not number_ok:
            return Match("", 0, "unmatched",
                         f"{what}: '{p.plural}' speaks of a class of places, not one "
                         f"facility (closest: {fac.id}); name the town or the facility")
        if (p.plural and not p.kinds and not e.quoted and not number_ok and not e.names
                and p.plural.lower() in self.voc.plural_written):
            # ... and with a town but no kind word, of several places there ("centros de
            # internamiento temporal … en las afueras de Mariúpol"), unless a name or number
            # singles one out (a plural beside a kind word may be another clause's: "трое
            # из которых освободились из колоний … в спецприемнике")
            return Match("", 0, "ambiguous",
                         f"{what}: '{p.plural}' speaks of several places there, not one "
                         f"facility (closest: {fac.id}); give one reference per place")
        if p.plural_kind and not e.quoted and not number_ok:
            return Match("", 0, "ambiguous",
                         f"{what}: '{p.plural_kind}' speaks of several places there, not one "
                         f"facility (closest: {fac.id}); give one reference per place")
        if (p.district and fac.kinds & p.also_only and not fac.kinds & (p.kinds - p.also_only)
                and not e.names and not number_ok):
            # a district's police department ("the Centralny district police station in
            # Simferopol") is one of the town's police departments, not the IVS the police
            # word also names
            return Match("", 0, "unmatched",
                         f"{what}: the text speaks of a district's police department "
                         f"('{p.district}'), not the town's {fac.id}; if the department is a "
                         "facility, add it to the registry")
        if p.superlative and e.level < 2 and not e.names and not number_ok and not e.quoted:
            # "самой строгой колонии Красноярского края": the strictest (largest, oldest) of
            # the region's places of that kind, chosen by what the registry does not record;
            # its one registry facility there need not be it
            return Match("", 0, "ambiguous",
                         f"{what}: the text picks one of several places in the region by a quality "
                         f"('{p.superlative}') the registry does not record, with no town, "
                         f"name or number (closest: {fac.id}); name the town or the facility")
        if (p.makeshift and not p.kinds and not e.names and not number_ok and not e.quoted
                and (fams := [self.voc.families[k] for k in fac.kinds
                              if self.voc.families.get(k)])
                and all({"custodial", "medical"} & fam for fam in fams)):
            # "a makeshift prison in Vladimir", "a factory in Vladimir", "a house in Darivka":
            # a makeshift place, and only the town points to its FSIN prison, colony or SIZO
            # (a kind of no family, the "detention" a SIZO's names say, tells nothing)
            return Match("", 0, "unmatched",
                         f"{what}: the text speaks of a makeshift place ('{p.makeshift}'), and "
                         f"only the town points to {fac.id}, an official institution; if the "
                         "place is inside it, name the institution")
        if self._elsewhere_in_town(p, f, e):
            # (a loose "prison" word with it is a makeshift prison there: "the secret prison
            # at the airport of Mariupol" is not the town's SIZO; a camp at a market is the
            # town's camp)
            return Match("", 0, "unmatched",
                         f"{what}: the text is about another kind of place ('"
                         f"{self._another_place(p, f)}'), and only the town points to {fac.id}; if "
                         "that place is the facility, add the word to its aliases")
        mine = {pos for pos, _ in e.place_pos | e.name_pos}  # its town, its names
        if e.level >= 2 and not (e.names and e.quoted) and not e.town_unknown:
            # (a town that gives its name to the facility's region is the region, after the
            # facility's own or before it outside a route: "lembaga pemasyarakatan di
            # Olenivka, Donetsk", "the Moscow CTDFN Sakharovo"; "from Donetsk to Olenivka"
            # names two places)
            first = min(mine, default=-1)
            # (a town of residents or refugees, "беженцев из Мариуполя", is theirs)
            origin = {w.pos: w.origin for w in p.words}
            towns = sorted({self._town[g][1] for g, eg in ev.items()
                            if eg.level >= 2 and self._town[g] != self._town[f]
                            and not eg.town_unknown
                            and not ({pos for pos, _ in eg.place_pos} & mine)
                            and not all(origin.get(pos) for pos, _ in eg.place_pos)
                            and not (fac.region_label.split()[0].lower()
                                     == self._town[g][1].lower()
                                     and (min(pos for pos, _ in eg.place_pos) > first
                                          or not p.route))})
            if towns:
                return Match("", 0, "ambiguous",
                             f"{what}: the text names more than one place ({self._town[f][1]}"
                             f"; {'; '.join(towns[:4])}), so no one facility can be told "
                             f"(closest: {fac.id}); give one reference per place")
        return None

    # --- wording and scores ------------------------------------------------------------
    def _describe(self, p: Parsed) -> str:
        kinds = " or ".join(sorted(self.voc.labels.get(k, k) for k in p.kinds)) or "facility"
        return kinds + (f" No. {p.number}" if p.number is not None else "")

    def _disagreement(self, p: Parsed, fac: _Facility, best: _Score) -> str:
        out = []
        if best.kind < 2:
            said = " or ".join(sorted(self.voc.labels.get(k, k) for k in p.kinds))
            has = " or ".join(sorted(self.voc.labels.get(k, k) for k in fac.kinds)) or \
                "no kind"
            out.append(f"{said} where the registry records {has}")
        if best.number < 2:
            out.append(f"No. {p.number} where the registry records no number")
        return " and ".join(out)

    def _why_not(self, p: Parsed, what: str, numbered_out: list[str],
                 ruled_out: list[str], only_in: list[str] = ()) -> str:
        """Why no facility fits: another number, or another kind at the place the text names
        (in ``only_in``, the regions of a text that names no town)."""
        if numbered_out:
            return (f"no {what} at that place in the registry (the number decides); same "
                    f"place or name, other number or none: {'; '.join(numbered_out[:6])}")
        if ruled_out:
            sex = ""
            out = [f for f in self.facilities if f.id in ruled_out]
            if p.women and any(f.men_only for f in out):
                sex = (f" (the text says '{p.women}': a women's colony is not one of a "
                       "regime only men serve)")
            elif p.women and not any(f.women for f in out):
                sex = (f" (the text says '{p.women}', and none there is recorded as a "
                       "women's colony)")
            elif p.men_only and any(f.women for f in out):
                sex = (f" (the text says '{p.men_only}', a regime only men serve: not a "
                       "women's colony)")
            if only_in:
                more = f" and {len(ruled_out) - 6} more" if len(ruled_out) > 6 else ""
                return (f"{what}: the text places it only in {' and '.join(only_in)}, not in a "
                        f"town, and the registry records no {what} there that its words single "
                        f"out{sex}; facilities there: {'; '.join(ruled_out[:6])}{more} (name the "
                        "town or the facility)")
            return (f"no {what} at that place in the registry{sex}; other facilities there: "
                    + "; ".join(ruled_out[:6]))
        return f"no {what} in the registry"

    @staticmethod
    def _score(p: Parsed, best: _Score, edits: int,
               fac: _Facility | None = None) -> int:
        score = 100 - 5 * edits
        names, lv, kr, nr = best.names, best.level, best.kind, best.number
        if lv == 2:
            score -= 5
        elif lv == 1:
            score -= 10
        elif lv == 0 and not names:
            score -= 20  # kind and number only
        if not p.kinds:
            score -= 10
        if kr < 2:
            score -= 10
        if nr < 2:
            score -= 10
        if p.number is None and fac is not None and fac.numbers:
            score -= 10
        return max(score, 40)

    def _explain(self, p: Parsed, best: _Score, edits: int, fac: _Facility,
                 near: bool = False, town_unknown: bool = False) -> str:
        lv, names = best.level, best.names + best.generic
        where = {3: "settlement", 2: "settlement (part of its name)",
                 1: "the town the text places it near" if near else "region",
                 0: "name" if names else "kind and number only"}[lv]
        parts = []
        parts.append(" ".join(sorted(self.voc.labels.get(k, k) for k in p.kinds))
                     or "no kind given")
        if p.number is not None:
            parts.append(f"No. {p.number}")
        elif fac.numbers:
            parts.append("no number given")
        parts.append(f"by {where}")
        if town_unknown:
            parts.append(f"which the registry records only as {fac.region_label}")
        if names and lv:
            parts.append("and name")
        if best.quoted:
            parts.append("quoted name")
        if edits:
            parts.append(f"{edits} typo(s) tolerated")
        if best.kind < 2 or best.number < 2:
            parts.append("loosely: the text says " + self._disagreement(p, fac, best))
        return ", ".join(parts)

    def match_series(self, refs: pd.Series) -> pd.DataFrame:
        """Match a column; each distinct string is matched once.

        Parameters
        ----------
        refs : pandas.Series
            References, any index; missing cells count as empty references.

        Returns
        -------
        pandas.DataFrame
            ``facility_id``, ``match_score``, ``match_status``, ``match_reason``, aligned
            with ``refs``.
        """
        codes, uniques = pd.factorize(refs, sort=False)
        res = [*self.match_many(uniques), self.match("")]  # code -1: missing
        take = np.where(codes < 0, len(res) - 1, codes)

        def spread(values: list[str]) -> pd.api.extensions.ExtensionArray:
            # per distinct reference, then taken per row as compact (Arrow) strings: no
            # Python object per row (2M rows stay small)
            return pd.array(values, dtype="str").take(take)

        out = {
            "facility_id": spread([r.facility_id for r in res]),
            "match_score": np.array([r.match_score for r in res], dtype=np.int64)[take],
            "match_status": spread([r.match_status for r in res]),
            "match_reason": spread([r.match_reason for r in res]),
        }
        return pd.DataFrame(out, index=refs.index)


#: From this many distinct references, `Matcher.match_many` shares them out between the
#: cores (forked processes, on Linux); below it, starting the processes costs more than it
#: saves.
PARALLEL_FROM = 2000
_CHUNK = 250
_FORKED: Matcher | None = None  # the matcher a forked worker reads


def _match_chunk(chunk: list[str]) -> list[Match]:
    """In a forked worker: match a chunk of normalised references with the parent's matcher."""
    return [_FORKED._match(r) for r in chunk]
