"""The gazetteer, read for matching: which words are towns, and how towns are written.

The matcher must tell a typo of a facility's town from another town's exact name, a
town's case or adjective from another word, and a region's capital from its region; these
helpers read the committed GeoNames tables (`mapper.reference`) once per process, or
take them back from the matcher cache (`tables`, `use_tables`): building them is most of a
second, and every new process (each worker of `Matcher.match_many`) would pay it again.
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import wraps

import pandas as pd

from ..names import latin, skeleton
from .normalise import stem

#: A word that exactly names a gazetteer town this large is not a typo of another town.
TYPO_BLOCKING_POPULATION = 10_000
#: A city this large has a SIZO of its own: a SIZO word there is never its other facility.
SIZO_CITY_POPULATION = 100_000
#: A city this large has several penal colonies in and around it: a stated colony number
#: there is not loosely the one colony the registry records without a number.
COLONY_CITY_POPULATION = 1_000_000
_SK_ADJECTIVE = re.compile(r"[scz]k[a-z]{2,4}$")
_SK_TOWN = ("sk", "ck", "zk")
#: ... and with the feminine "-ская" folded to "-ska" ("Мичуринская", "Мичуринской")
_SK_NAME_ADJECTIVE = re.compile(r"[scz]k(?:a|[a-z]{2,4})$")
#: г/к/х before the Ukrainian locative -і become з/ц/с: "Таганрозі", "Луці", "Ірпені" (no)
_ALTERNATION = {"z": ("h", "g"), "c": ("k",), "s": ("h", "kh")}


#: The gazetteer tables built so far in this process: (builder, arguments) → table.
_TABLES: dict[tuple, object] = {}


def _table(build):
    """Build a gazetteer table once per process (`_TABLES`), on first use."""
    @wraps(build)
    def once(*args):
        key = (build.__name__, *args)
        if key not in _TABLES:
            _TABLES[key] = build(*args)
        return _TABLES[key]
    return once


def tables() -> dict[tuple, object]:
    """Every gazetteer table the matcher reads, built now where not yet: for the matcher
    cache to keep beside a built matcher, and for forked workers to share."""
    for build, args in ((_large_towns, ()), (_large_towns, (SIZO_CITY_POPULATION, True)),
                        (_settlement_regions, ()), (_compound_towns, ()),
                        (_gazetteer_skeletons, ()), (_gazetteer_stems, ()),
                        (_gazetteer_pairs, ())):
        build(*args)
    return dict(_TABLES)


def use_tables(built: dict[tuple, object]) -> None:
    """Take tables that `tables` gave (read back from the matcher cache) as built."""
    _TABLES.update(built)


def _house_numbers(address: str) -> list[str]:
    """House numbers of an address with their letter: "вул. Лісова, 1-Б" gives "1b"."""
    return [num + (latin(letter) if letter else "")
            for num, letter in re.findall(r"(\d+)(?:\s*[-/]?\s*([^\W\d_])(?![^\W\d_]))?",
                                          address)]


def _of_population(towns: pd.DataFrame, population: int) -> pd.DataFrame:
    """The towns of a gazetteer table with ``population`` people or more."""
    return towns[pd.to_numeric(towns["population"], errors="coerce").fillna(0) >= population]


@_table
def _large_towns(population: int = TYPO_BLOCKING_POPULATION, every_word: bool = False
                 ) -> dict[str, frozenset[str]]:
    """Stem of every one-word name of a gazetteer town of ``population`` or more → the
    regions (ISO 3166-2) where a town of that name is; with ``every_word``, also each word
    of three letters or more of longer names ("Улан-Удэ", "Ростов-на-Дону"). A town of a
    neighbouring country counts too, its country code standing for the region ("Гродно" →
    BY): "у Гродні" is Hrodna, not a typo of Grozny."""
    from ..reference import gazetteer, neighbour_towns

    out: dict[str, set[str]] = defaultdict(set)
    big = _of_population(gazetteer(), population)
    abroad = _of_population(neighbour_towns(), population)
    rows = [*zip(big["name"], big["cyrillic_names"], big["iso_3166_2"], strict=True),
            *zip(abroad["name"], abroad["cyrillic_names"] + "|" + abroad["latin_names"],
                 abroad["country"], strict=True)]
    for name, other, code in rows:
        for n in [name, *str(other).split("|")]:
            toks = latin(n).split()
            for t in toks if (every_word or len(toks) == 1) else ():
                if (len(toks) == 1 or len(t) >= 3) and not t.isdigit():
                    out[stem(t)].add(code)
    return {k: frozenset(v) for k, v in out.items()}


@_table
def _settlement_regions() -> dict[str, frozenset[str]]:
    """Stem of every one-word name of every gazetteer settlement, villages too → the
    regions (ISO 3166-2) where a settlement of that name is."""
    from ..reference import gazetteer

    out: dict[str, set[str]] = defaultdict(set)
    gaz = gazetteer()
    for name, other, code in zip(gaz["name"], gaz["cyrillic_names"], gaz["iso_3166_2"],
                                 strict=True):
        for n in [name, *str(other).split("|")]:
            toks = latin(n).split()
            if n and n != "nan" and len(toks) == 1 and not toks[0].isdigit():
                out[stem(toks[0])].add(code)
    return {k: frozenset(v) for k, v in out.items()}


def _a_case_of(skel: str, town: str) -> bool:
    """Whether a word's skeleton is a case of a town's ("novotroicke" of "novotroick",
    Czech "nikolsku" of "nikolske"): the town, less a final vowel, and at most two letters
    more that are no "-sk" of another town's name ("kirovsk" is not a case of "kirov")."""
    base = town[:-1] if town[-1:] in "aeiouy" and len(town) > 4 else town
    rest = skel[len(base):]
    return skel.startswith(base) and len(rest) <= 2 and rest not in _SK_TOWN


def _town_read_whole(skel: str, shortest: int = 4) -> frozenset[str]:
    """The regions of the gazetteer towns of `TYPO_BLOCKING_POPULATION` or more that a word
    spells, read whole or less a final case vowel ("Вольске" is Volsk, "Уляновске"
    Ulyanovsk, "Орське" Orsk); empty if none, or if the reading is shorter than
    ``shortest``."""
    towns = _gazetteer_skeletons()
    if len(skel) >= shortest and skel in towns:
        return towns[skel]
    if len(skel) > shortest and skel[-1:] in "aeiouy":
        return towns.get(skel[:-1], frozenset())
    return frozenset()


def _russian_or_ukrainian_town(skel: str) -> frozenset[str]:
    """The regions of Russia or Ukraine where a gazetteer town of `TYPO_BLOCKING_POPULATION`
    or more is that a noun of the text spells, whole or less a case ending of one or two
    letters ("Ангарске", "Ярославля", "Pokrowie", "Полтави"); empty if none. For a reason's
    words only: a word the registry reads as no facility's town may still be a town, which
    a researcher needs told apart from a spelling the registry lacks."""
    towns, stems = _gazetteer_skeletons(), _gazetteer_stems()
    regions = (towns.get(skel) or towns.get(skel[:-1]) or towns.get(skel[:-2])
               or stems.get(skel[:-1]) or frozenset()) if len(skel) >= 5 else frozenset()
    return frozenset(c for c in regions if c.startswith(("RU-", "UA-")))


def _reads_as_town(skel: str) -> bool:
    """Whether a word spells a gazetteer town (`_town_read_whole`): "Крымске" is Krymsk."""
    return bool(_town_read_whole(skel))


def _compound_key(parts) -> str:
    """A hyphenated town name's key, each word by its stem: "Калач-на-Дону" and "Калаче-на-
    Дону" (its locative) meet, as "Komsomolsk-on-Amur" and "Комсомольск-на-Амуре"."""
    stems = [stem(x) for x in parts if x]
    return "-".join("na" if s in ("on", "na") else s for s in stems)


@_table
def _compound_towns() -> dict[str, frozenset[str]]:
    """`_compound_key` of every hyphenated name of a gazetteer town of
    `TYPO_BLOCKING_POPULATION` or more → the regions where a town of that name is."""
    from ..reference import gazetteer

    gaz = _of_population(gazetteer(), TYPO_BLOCKING_POPULATION)
    out: dict[str, set[str]] = defaultdict(set)
    for name, other, code in zip(gaz["name"], gaz["cyrillic_names"], gaz["iso_3166_2"],
                                 strict=True):
        for n in [name, *str(other).split("|")]:
            if "-" in n and len(n.split()) == 1:
                out[_compound_key(n.split("-"))].add(code)
    return {k: frozenset(v) for k, v in out.items()}


@_table
def _gazetteer_skeletons() -> dict[str, frozenset[str]]:
    """The skeleton of every one-word name (any script) of every gazetteer town of
    `TYPO_BLOCKING_POPULATION` or more → the regions (ISO 3166-2) where a town of that name
    is (villages are left out: "Kurskoye" must not hide that "Курское" is Kursk's)."""
    from ..reference import gazetteer

    gaz = _of_population(gazetteer(), TYPO_BLOCKING_POPULATION)
    out: dict[str, set[str]] = defaultdict(set)
    for name, other, code in zip(gaz["name"], gaz["cyrillic_names"], gaz["iso_3166_2"],
                                 strict=True):
        for n in [name, *str(other).split("|")]:
            if n and n != "nan" and len(n.split()) == 1:
                out[skeleton(n)].add(code)
    return {k: frozenset(v) for k, v in out.items()}


@_table
def _gazetteer_stems() -> dict[str, frozenset[str]]:
    """`_gazetteer_skeletons` less the final vowel of names ending in one ("evpatoria" →
    "evpatori"), the regions where such a town is: where a case ending replaces it."""
    out: dict[str, set[str]] = defaultdict(set)
    for k, codes in _gazetteer_skeletons().items():
        if len(k) >= 7 and k[-1] in "aeiouy":
            out[k[:-1]] |= codes
    return {k: frozenset(v) for k, v in out.items()}


@_table
def _own_town_names() -> dict[str, tuple[str, ...]]:
    """A town's names in Cyrillic (GeoNames alternate names), by the ``geocode_source`` of a
    facility placed at it ("geonames:693379"): the Russian name of a Ukrainian town
    ("Снигирёвка" for Снігурівка), former names, nicknames. Read only while the facility
    index is built, so not one of `tables` (a built matcher never reads it)."""
    from ..reference import gazetteer

    gaz = gazetteer()
    return {f"geonames:{gid}": tuple(n for n in str(other).split("|") if n and n != "nan")
            for gid, other in zip(gaz["geonameid"], gaz["cyrillic_names"], strict=True)}


@_table
def _gazetteer_pairs() -> frozenset[tuple[str, str]]:
    """The stems of every two-word name of a gazetteer town of `TYPO_BLOCKING_POPULATION`
    or more ("Новый Оскол" → ("nov", "oskol")): a town of its own, not part of "Старый
    Оскол"."""
    from ..reference import gazetteer

    gaz = _of_population(gazetteer(), TYPO_BLOCKING_POPULATION)
    out: set[tuple[str, str]] = set()
    for name, other in zip(gaz["name"], gaz["cyrillic_names"], strict=True):
        for n in [name, *str(other).split("|")]:
            toks = latin(n).split()
            if len(toks) == 2 and not any(t.isdigit() for t in toks):
                out.add((stem(toks[0]), stem(toks[1])))
    return frozenset(out)


def _ikavism(skel: str) -> str | None:
    """The skeleton with its last "i" before final consonants read as "o" ("tahanrih" →
    "tahanroh"), or None when the word does not end so."""
    m = re.search(r"i([^aeiouy]+)$", skel)
    return skel[:m.start()] + "o" + m.group(1) if m and len(skel) >= 5 else None


def _jota(raw: str) -> str | None:
    """The word with a Spanish "j" before a vowel read as "kh" ("Jersón" → "khersón",
    "Jarp" → "kharp"), or None when it does not start so. Spanish writes Russian and
    Ukrainian "х" as "j", which the skeleton folds like the "j" of "Jalta" (y)."""
    s = latin(raw)
    return "kh" + s[1:] if re.match(r"j[aeiou]", s) else None


def _allowed_distance(s: str) -> int:
    """Edits tolerated as typos: none in short words (Ufa, Tula), more in long ones."""
    return 0 if len(s) <= 4 else 1 if len(s) <= 8 else 2
