"""Placing free-text facility references on facility ids.

Testimony spreadsheets name a facility as people write it: "СІЗО-2 Таганрог",
"Таганрозький слідчий ізолятор №2", "SIZO No. 2 (Taganrog)", "ФКУ СИЗО-2 ГУФСИН России по
Ростовской области", "Taganrog sizo2". Fuzzy-matching such a string against every facility
name picks the nearest lookalike, which for a researcher is worse than no answer: SIZO-1
Kursk must never become SIZO-2 Kursk. So a reference is parsed into what identifies a
facility — its *kind* (SIZO, colony, IVS...), its *number* and its *place* (settlement or
region), plus distinctive name words ("Лефортово", "Polar Wolf") — and only facilities that
agree on all of them are candidates:

- the number decides: a reference with a number matches only facilities with that number;
- a reference must name a place or a name the registry knows, else it is ``unmatched``;
- the most specific evidence wins (settlement over region); a tie is ``ambiguous`` and the
  reason lists every candidate id.

Scripts and transliteration systems meet on `mapper.names.skeleton`; Russian and Ukrainian
adjectival endings ("Таганрозький", "Курское", "Ростовской") are cut so adjectives meet the
town's name; typos are absorbed by an edit distance (rapidfuzz OSA: a swap of two letters
is one edit) that grows with word length. Results are cached per distinct reference: a
million-row file holds a few thousand distinct strings, which is what makes `mapper join`
fast.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from rapidfuzz import process
from rapidfuzz.distance import OSA

from .names import latin, skeleton
from .registry import Problem

STATUSES = ("matched", "ambiguous", "unmatched")
#: Longer references are not parsed: no facility's name, town and number takes this much,
#: and matching a pasted page word by word only wastes minutes.
MAX_REFERENCE_CHARS = 1000

# --- domain vocabulary ---------------------------------------------------------------
# Facility-kind words in Ukrainian, Russian and English (transliterations are produced by
# the same skeleton key, so "sizo", "СИЗО" and "СІЗО" are one word). A word that names one
# kind is *strong*; a word shared by kinds ("ізолятор": SIZO or IVS) is *weak* and only
# narrows the strong words (or, alone, the intersection of the weak ones) down.
KIND_WORDS: dict[str, tuple[str, ...]] = {
    "sizo": ("сизо", "сізо", "sizo", "сидо", "слідчий", "следственный", "следственного",
             "pretrial", "remand", "sledstvennyi", "slidchyi"),
    "colony": ("ик", "ік", "вк", "ітк", "итк", "ik", "vk", "колония", "колонія", "колонии",
               "колонії", "colony", "исправительная", "виправна", "correctional",
               "penal", "koloniya", "koloniia", "kolonia"),
    "ivs": ("ивс", "ітт", "іт", "ivs", "itt", "временного", "тимчасового", "тримання",
            "содержания"),
    "police": ("police", "полиция", "поліція", "полиции", "поліції", "ровд", "овд", "рвумвс",
               "райвідділ", "райотдел", "militia", "міліція", "милиция"),
    "filtration": ("filtration", "фильтрация", "фільтрація", "фильтрационный",
                   "фільтраційний", "фильтрационного", "фільтраційного", "filtratsiya",
                   "filtracia"),
    "prison": ("prison", "тюрьма", "тюрьмы", "вʼязниця", "в'язниця", "централ", "tyurma",
               "jail", "тюрма"),
    "hospital": ("hospital", "больница", "лікарня", "лиу", "liu", "госпиталь", "шпиталь",
                 "medical"),
    "tsvsig": ("цвсиг", "цтсиг", "tsvsig", "foreign", "иностранных", "іноземців",
               "deportation", "депортации", "депортації"),
    "school": ("school", "школа", "училище", "училища", "ліцей", "лицей", "gymnasium"),
    "camp": ("camp", "табір", "лагерь", "табору", "лагеря"),
}
#: Kinds that people use loosely in a reference ("Olenivka prison", "Olenivka camp"): in a
#: reference they stand for any of these kinds; in a facility's own name, for their own kind.
LOOSE_KINDS: dict[str, tuple[str, ...]] = {
    "prison": ("prison", "sizo", "colony", "ivs", "hospital"),
    "camp": ("camp", "colony", "filtration"),
}
#: Words shared by several kinds: they narrow, they never decide alone against a strong word.
WEAK_KIND_WORDS: dict[str, tuple[str, ...]] = {
    "изолятор": ("sizo", "ivs"), "ізолятор": ("sizo", "ivs"), "isolator": ("sizo", "ivs"),
    "izolyator": ("sizo", "ivs"),
    "temporary": ("ivs", "tsvsig"), "тимчасового": ("ivs",), "временного": ("ivs", "tsvsig"),
}
#: The registry's facility_type → kind (names add more kinds, e.g. an IVS that is a police
#: building).
TYPE_KINDS = {"sizo": "sizo", "penal_colony": "colony", "filtration_site": "filtration",
              "temporary_detention": "ivs"}
KIND_LABELS = {"sizo": "SIZO", "colony": "penal colony", "ivs": "IVS", "police": "police site",
               "filtration": "filtration site", "prison": "prison", "hospital": "hospital",
               "tsvsig": "TsVSIG", "school": "school", "camp": "camp"}

#: Words that carry no identifying information in a reference (administrative boilerplate,
#: prepositions, "region", "town", "former", ...), in the three languages.
STOP_WORDS = (
    "фку", "фгу", "гуфсин", "уфсин", "фсин", "фсін", "россии", "росії", "рф", "russia",
    "russian", "федерации", "федерації", "по", "в", "во", "у", "на", "і", "и", "й", "та",
    "and", "the", "of", "at", "in", "on", "for", "near", "біля", "возле", "под", "під",
    "no", "nr", "n", "num", "number", "номер", "ном", "г", "гор", "город", "м", "місто",
    "city", "town", "village", "село", "с", "смт", "пгт", "пос", "поселок", "селище",
    "обл", "область", "области", "області", "oblast", "oblast'", "region", "regional",
    "край", "краю", "krai", "kray", "республика", "республики", "республіка", "республіки",
    "republic", "respublika", "автономная", "автономна", "autonomous", "ар", "arc", "ark",
    "округ", "okrug", "district", "район", "р", "н", "former", "колишній", "колишня",
    "бывший", "бывшая", "бывшего", "колишнього", "ex", "центр", "centre", "center",
    "facility", "заклад", "учреждение", "установа", "установи", "detention",
    "содержания", "тримання", "building", "будівля", "здание", "site", "місце", "место",
    "детский", "ru", "ua", "unspecified", "a", "an", "it", "its", "is", "was", "then",
    "also", "called", "known", "as", "so", "nazyvaemyi", "так", "званий", "называемый",
    "общего", "загального", "строгого", "суворого", "особого", "особливого", "режима",
    "режиму", "regime", "strict", "general", "maximum", "security", "special", "corrective",
    "колонию", "ик", "pre", "trial", "detention", "centre", "center", "correction",
)
#: Name words in three or more facilities' names are generic ("torture", "basement").
GENERIC_NAME_FACILITIES = 3
_ENDINGS = ("skoho", "skomu", "skoi", "skoe", "skih", "skie", "skim", "skii", "ski", "ska",
            "ske", "sko", "sku", "sk", "koho", "komu", "koi", "koe", "kih", "ki", "ka", "ke",
            "oho", "omu", "oi", "oe", "ii", "ie", "ih", "a", "e", "i", "o", "u")
_DIGIT_SPLIT = re.compile(r"(?<=[a-z])(?=\d)|(?<=\d)(?=[a-z])")
_ID_RE = re.compile(r"\b(?:ru|ua)-[a-z0-9]+(?:-[a-z0-9]+)+\b")
_SPACE = re.compile(r"\s+")


def stem(word: str) -> str:
    """The matching key of one word: skeleton, then one inflectional ending cut.

    "Таганрог", "Таганроге" and "Таганрозький" give "tahanroh"/"tahanroz" (one edit apart);
    "Курск", "Курская", "Курское", "Курський" all give "kur".
    """
    s = skeleton(word)
    if s.endswith("ck") and len(s) >= 5:  # Донецьк/Donetsk "doneck" meets Донецький "donec"
        return s[:-1]
    for end in _ENDINGS:
        if s.endswith(end) and len(s) - len(end) >= 3:
            return s[: -len(end)]
    return s


def _tokens(text: str) -> list[str]:
    """Words of ``text`` as latin lowercase, numbers split from letters ("sizo2" → sizo 2)."""
    t = latin(text)
    t = _DIGIT_SPLIT.sub(" ", t)
    t = re.sub(r"\bpre\s+trial\b", "pretrial", t)
    return t.split()


def _allowed_distance(s: str) -> int:
    """Edits tolerated as typos: none in short words (Ufa, Tula), more in long ones."""
    return 0 if len(s) <= 4 else 1 if len(s) <= 8 else 2


_KIND_STEMS: dict[str, frozenset[str]] = {}
_WEAK_STEMS: dict[str, frozenset[str]] = {}
for _kind, _words in KIND_WORDS.items():
    for _w in _words:
        for _t in _tokens(_w):
            _KIND_STEMS[stem(_t)] = frozenset({*_KIND_STEMS.get(stem(_t), ()), _kind})
for _w, _kinds in WEAK_KIND_WORDS.items():
    for _t in _tokens(_w):
        _WEAK_STEMS[stem(_t)] = frozenset(_kinds)
_STOP_STEMS = frozenset(stem(t) for w in STOP_WORDS for t in _tokens(w)) - set(_KIND_STEMS)


@dataclass
class Parsed:
    """What a reference says: kinds, number(s) and the remaining (place or name) stems."""

    kinds: frozenset[str]
    number: int | None
    words: list[str]
    all_numbers: list[int] = field(default_factory=list)


def parse(text: str, *, loose: bool = True) -> Parsed:
    """Split a reference into kinds, the facility number and the other words.

    The number is the one written next to a kind word or after "No"/"№"/"#" ("SIZO No. 2",
    "СИЗО-2", "5-й СІЗО", "IK 120"); otherwise the first number. Numbers above 999 (years,
    street numbers of large size) are not facility numbers. With ``loose`` (references),
    "prison" and "camp" stand for any kind people call so.
    """
    toks = _tokens(text)
    strong: set[str] = set()
    weak: list[frozenset[str]] = []
    words: list[str] = []
    numbers: list[tuple[int, int]] = []  # (position, value)
    kind_pos: list[int] = []
    for i, tok in enumerate(toks):
        if tok.isdigit():
            if len(tok) <= 3:
                numbers.append((i, int(tok)))
            continue
        st = stem(tok)
        if st in _KIND_STEMS:
            ks = _KIND_STEMS[st]
            if loose and ks & LOOSE_KINDS.keys():
                weak.append(frozenset(k2 for k in ks for k2 in LOOSE_KINDS.get(k, (k,))))
            else:
                strong |= ks
            kind_pos.append(i)
        elif st in _WEAK_STEMS:
            weak.append(_WEAK_STEMS[st])
            kind_pos.append(i)
        elif st in ("no", "n", "nr") or st in _STOP_STEMS:
            if st in ("no", "n", "nr"):
                kind_pos.append(i)
            continue
        else:
            words.append(st)
    kinds: frozenset[str]
    if strong:
        kinds = frozenset(strong)
    elif weak:
        inter = frozenset.intersection(*weak)
        kinds = inter or weak[0]
    else:
        kinds = frozenset()
    number = None
    if numbers:
        # a set of positions: a long text holds many numbers and kind words, and comparing
        # every number with every kind word was quadratic (a 1 MB cell took 18 s)
        beside = {k + d for k in kind_pos for d in (-1, 0, 1)}
        near = [v for p, v in numbers if p in beside]
        number = near[0] if near else numbers[0][1]
    return Parsed(kinds, number, words, [v for _, v in numbers])


# --- the facility index --------------------------------------------------------------

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


@dataclass
class _Entry:
    """What one stem means: a kind, a stop word, places and name words of facilities."""

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


class Matcher:
    """Matches references against one facility layer; build once, call many times.

    ``layer`` is the facility layer (GeoDataFrame from `mapper.layer.load_facilities`) or
    the registry table: it needs ``id``, the names, ``aliases``, ``facility_type``,
    ``region_code``, region names and ``settlement_en``/``settlement_local``.
    """

    def __init__(self, layer: pd.DataFrame):
        self.facilities: list[_Facility] = []
        self.ids: dict[str, str] = {}
        self.vocab: dict[str, _Entry] = defaultdict(_Entry)
        self._by_kind_number: dict[tuple[str, int], set[int]] = defaultdict(set)
        self._by_kind: dict[str, set[int]] = defaultdict(set)
        self._by_number: dict[int, set[int]] = defaultdict(set)
        self._cache: dict[str, Match] = {}
        self._names: dict[str, set[str]] = defaultdict(set)  # a name exactly as written
        self._word_cache: dict[str, list[tuple[str, int]]] = {}
        name_stems: list[set[str]] = []
        for rec in layer.to_dict("records"):
            self._add(rec, name_stems)
        # distinctive name words only: generic ones ("torture", "basement") would tie
        counts: dict[str, int] = defaultdict(int)
        for stems in name_stems:
            for s in stems:
                counts[s] += 1
        for idx, stems in enumerate(name_stems):
            for s in stems:
                if counts[s] < GENERIC_NAME_FACILITIES:
                    self.vocab[s].name.add(idx)
                else:
                    self.vocab[s].generic.add(idx)
        self._keys = list(self.vocab)

    def _add(self, rec: dict, name_stems: list[set[str]]) -> None:
        idx = len(self.facilities)
        fid = _text(rec.get("id"))
        self.ids[fid.lower()] = fid
        for old in _as_list(rec.get("former_ids")):
            self.ids.setdefault(old.lower(), fid)
        names = [_text(rec.get(c)) for c in ("name_en", "name_uk", "name_ru")]
        names = [n for n in names + _as_list(rec.get("aliases")) if n]
        for n in names:
            self._names[latin(n)].add(fid)
        kinds: set[str] = set()
        ftype = _text(rec.get("facility_type"))
        numbers: set[int] = set()
        m = re.search(r"-(?:sizo|ik|colony|liu|t|ivs|vk)-(\d{1,3})$", fid)
        if m:
            numbers.add(int(m.group(1)))
        words: set[str] = set()
        for name in names:
            p = parse(name, loose=False)
            kinds |= p.kinds
            if p.number is not None:
                numbers.add(p.number)
            words |= set(p.words)
        named_kinds = frozenset(kinds)
        if ftype in TYPE_KINDS:
            kinds.add(TYPE_KINDS[ftype])  # a police building used as an IVS is both
        # places: settlement variants and the region's names
        settle_names = [_text(rec.get("settlement_en")), _text(rec.get("settlement_local"))]
        settlements: list[tuple[str, ...]] = []
        for sname in settle_names:
            for var in _name_variants(sname) if sname else []:
                st = tuple(s for s in (stem(t) for t in _tokens(var))
                           if s not in _STOP_STEMS and s not in ("na", "on", "d"))
                if st and st not in settlements:
                    settlements.append(st)
                joined = (stem("".join(_tokens(var))),)
                if len(st) > 1 and joined not in settlements:
                    settlements.append(joined)  # "Старооскольский" meets "Stary Oskol"
        for v, st in enumerate(settlements):
            for s in st:
                self.vocab[s].settle.add((idx, v))
        region_stems: set[str] = set()
        code = _text(rec.get("region_code"))
        for col in ("region_en", "region_uk", "region_ru"):
            for var in _name_variants(_text(rec.get(col))):
                region_stems |= {stem(t) for t in _tokens(var)} - _STOP_STEMS
        for s in region_stems:
            if s not in _KIND_STEMS:
                self.vocab[s].region.add(idx)
        place = {s for st in settlements for s in st} | region_stems
        name_stems.append({w for w in words if w not in place and len(w) >= 3})
        label = _text(rec.get("name_en")) or fid
        region_label = _text(rec.get("region_en")) or code
        fac = _Facility(fid, label, frozenset(kinds), named_kinds, frozenset(numbers),
                        settlements, code, region_label)
        self.facilities.append(fac)
        for k in kinds:
            self._by_kind[k].add(idx)
            for n in numbers:
                self._by_kind_number[(k, n)].add(idx)
        for n in numbers:
            self._by_number[n].add(idx)

    # --- lookups -----------------------------------------------------------------
    def _lookup(self, word: str) -> list[tuple[str, int]]:
        """Vocabulary keys that ``word`` may be, with the number of edits (typos) needed."""
        hit = self._word_cache.get(word)
        if hit is not None:
            return hit
        out: list[tuple[str, int]] = []
        if word in self.vocab:
            out.append((word, 0))
        else:
            # an adjective or inflected form longer than the key ("vazmin" → "vazm")
            for cut in (1, 2):
                key = word[:-cut]
                if len(key) >= 4 and key in self.vocab:
                    out.append((key, 0))
                    break
            k = _allowed_distance(word)
            if not out and k:
                found = process.extract(word, self._keys, scorer=OSA.distance,
                                        score_cutoff=k, limit=8)
                if found:
                    best = min(d for _, d, _ in found)
                    out = [(key, d) for key, d, _ in found
                           if d == best and _allowed_distance(key) >= d]
        self._word_cache[word] = out
        return out

    def match(self, reference: str) -> Match:
        """Match one reference (cached per normalised text)."""
        key = _SPACE.sub(" ", unicodedata.normalize("NFC", str(reference or ""))).strip()
        key = key.lower()
        hit = self._cache.get(key)
        if hit is None:
            hit = self._match(key)
            self._cache[key] = hit
        return hit

    def _match(self, ref: str) -> Match:
        if not ref or not re.search(r"\w", ref):
            return Match("", 0, "unmatched", "empty reference")
        if len(ref) > MAX_REFERENCE_CHARS:
            return Match("", 0, "unmatched",
                         f"reference is {len(ref):,} characters long, too long to be a "
                         "facility's name, town and number: check the cell (a whole text "
                         "pasted into it?) and write the facility or its id")
        direct = self.ids.get(ref.strip(" .;,"))
        if direct is None:
            found = {self.ids[m] for m in _ID_RE.findall(ref) if m in self.ids}
            direct = found.pop() if len(found) == 1 else None
        if direct is not None:
            return Match(direct, 100, "matched", "facility id")
        same = self._names.get(latin(ref), set())
        if len(same) == 1:
            return Match(next(iter(same)), 100, "matched", "a name of the facility")
        p = parse(ref)
        # evidence per facility: (place level, distinctive name words), and the edits used
        settle_hits: dict[tuple[int, int], set[str]] = defaultdict(set)
        region_hit: set[int] = set()
        name_hit: dict[int, int] = defaultdict(int)
        generic_hit: dict[int, int] = defaultdict(int)
        edits = 0
        unknown: list[str] = []
        for w in p.words:
            found = self._lookup(w)
            if not found:
                unknown.append(w)
                continue
            edits = max(edits, min(d for _, d in found))
            for key, _ in found:
                e = self.vocab[key]
                for fv in e.settle:
                    settle_hits[fv].add(key)
                region_hit |= e.region
                for f in e.name:
                    name_hit[f] += 1
                for f in e.generic:
                    generic_hit[f] += 1
        level: dict[int, tuple[int, int]] = {}  # (place level, settlement words matched)
        for (f, v), keys in settle_hits.items():
            st = self.facilities[f].settlements[v]
            full = all(s in keys for s in st)
            main = max(st, key=len)
            lv = (3 if full else 2 if main in keys else 0, len(keys))
            level[f] = max(level.get(f, (0, 0)), lv)
        for f in region_hit:
            level[f] = max(level.get(f, (0, 0)), (1, 0))
        evidence = {f for f, lv in level.items() if lv[0]} | set(name_hit)

        # candidates by kind and number
        cands: set[int] | None = None
        if p.kinds:
            cands = set().union(*(self._by_kind[k] for k in p.kinds))
        numbered_out: set[int] = set()
        if p.number is not None:
            with_n = self._by_number.get(p.number, set())
            pool = cands if cands is not None else set(range(len(self.facilities)))
            numbered_out = {f for f in pool if f not in with_n}
            cands = pool & with_n
        what = self._describe(p)
        if evidence:
            if cands is None:
                cands = set(evidence)
            scored = {f: (*level.get(f, (0, 0)),
                          int(bool(p.kinds & self.facilities[f].named_kinds)),
                          name_hit.get(f, 0), generic_hit.get(f, 0))
                      for f in cands & evidence}
        elif unknown:
            return Match("", 0, "unmatched",
                         f"{what}: place or name not in the registry ({' '.join(unknown)})")
        elif cands is None:
            return Match("", 0, "unmatched", "no facility kind, number, place or name "
                         "recognised")
        else:
            scored = {f: (0, 0, int(bool(p.kinds & self.facilities[f].named_kinds)), 0, 0)
                      for f in cands}
        if not scored:
            return Match("", 0, "unmatched", self._why_not(p, what, evidence, numbered_out))
        best = max(scored.values())
        top = sorted(self.facilities[f].id for f, s in scored.items() if s == best)
        if len(top) > 1:
            shown = "; ".join(top[:8]) + (f"; … {len(top) - 8} more" if len(top) > 8 else "")
            return Match("", self._score(p, best, edits), "ambiguous",
                         f"{what}: {len(top)} facilities fit equally: {shown}")
        f = next(f for f, s in scored.items() if s == best)
        fac = self.facilities[f]
        if unknown and p.number is None and not (best[0] == 3 and p.kinds):
            # Words the registry does not know, and neither a number nor kind-and-town to
            # pin it down: this may be another facility ("Полярная сова" is not "Polar Wolf").
            return Match("", 0, "unmatched",
                         f"{what}: closest is {fac.id}, but the words "
                         f"'{' '.join(unknown)}' are not in its names; if it is the same "
                         "facility, add this spelling to its aliases")
        return Match(fac.id, self._score(p, best, edits, fac), "matched",
                     self._explain(p, best, edits, fac))

    # --- wording and scores ------------------------------------------------------------
    @staticmethod
    def _describe(p: Parsed) -> str:
        kinds = " or ".join(sorted(KIND_LABELS[k] for k in p.kinds)) or "facility"
        return kinds + (f" No. {p.number}" if p.number is not None else "")

    def _why_not(self, p: Parsed, what: str, evidence: set[int], numbered_out: set[int]) -> str:
        near = sorted(self.facilities[f].id for f in evidence & numbered_out)
        if near:
            return (f"no {what} at that place in the registry (the number decides); same "
                    f"place, other number or none: {'; '.join(near[:6])}")
        if p.kinds and evidence:
            other = sorted(self.facilities[f].id for f in evidence)[:6]
            return (f"no {what} at that place in the registry; other facilities there: "
                    + "; ".join(other))
        return f"no {what} in the registry"

    @staticmethod
    def _score(p: Parsed, best: tuple[int, ...], edits: int,
               fac: _Facility | None = None) -> int:
        score = 100 - 5 * edits
        lv, names = best[0], best[3]
        if lv == 2:
            score -= 5
        elif lv == 1:
            score -= 10
        elif lv == 0 and not names:
            score -= 20  # kind and number only
        if not p.kinds:
            score -= 10
        if p.number is None and fac is not None and fac.numbers:
            score -= 10
        return max(score, 40)

    @staticmethod
    def _explain(p: Parsed, best: tuple[int, ...], edits: int, fac: _Facility) -> str:
        lv, names = best[0], best[3] + best[4]
        where = {3: "settlement", 2: "settlement (part of its name)", 1: "region",
                 0: "name" if names else "kind and number only"}[lv]
        parts = []
        parts.append(" ".join(sorted(KIND_LABELS[k] for k in p.kinds)) or "no kind given")
        if p.number is not None:
            parts.append(f"No. {p.number}")
        elif fac.numbers:
            parts.append("no number given")
        parts.append(f"by {where}")
        if names and lv:
            parts.append("and name")
        if edits:
            parts.append(f"{edits} typo(s) tolerated")
        return ", ".join(parts)

    def match_series(self, refs: pd.Series) -> pd.DataFrame:
        """Match a column; each distinct string is matched once."""
        codes, uniques = pd.factorize(refs, sort=False)
        res = [self.match(str(u)) for u in uniques] + [self.match("")]  # code -1: missing
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


_MATCHERS: dict[int, tuple[pd.DataFrame, Matcher]] = {}


def matcher_for(layer: pd.DataFrame) -> Matcher:
    """The (cached) matcher of a layer object, so repeated calls reuse the index."""
    hit = _MATCHERS.get(id(layer))
    if hit is not None and hit[0] is layer:
        return hit[1]
    m = Matcher(layer)
    _MATCHERS.clear()
    _MATCHERS[id(layer)] = (layer, m)
    return m


def match_references(refs: pd.Series | Iterable[str], layer: pd.DataFrame | None = None
                     ) -> pd.DataFrame:
    """(contract) Match references to facility ids.

    Returns a DataFrame aligned with ``refs``: ``facility_id`` ("" unless matched),
    ``match_score`` (0–100), ``match_status`` (matched | ambiguous | unmatched) and
    ``match_reason`` (how it matched; for ambiguous rows, every candidate id).

    >>> import mapper.match as mm, pandas as pd
    >>> from mapper.registry import load_registry
    >>> reg = load_registry()
    >>> mm.match_references(pd.Series(["СІЗО-2 Таганрог"]), reg).facility_id[0]
    'ru-rostov-taganrog-sizo-2'
    """
    if layer is None:
        from .layer import load_facilities

        layer = load_facilities()
    if not isinstance(refs, pd.Series):
        refs = pd.Series(list(refs), dtype=object)
    return matcher_for(layer).match_series(refs)


# --- checking a testimony file ---------------------------------------------------------

#: Column names recognised by default (compared case-insensitively), per role.
DEFAULT_COLUMNS: dict[str, tuple[str, ...]] = {
    "reference": ("facility", "facility_reference", "reference", "facility_name",
                  "facility_id", "place_of_detention", "place", "location", "установа",
                  "заклад", "місце утримання", "місце", "учреждение", "место содержания",
                  "место"),
    "count": ("count", "n", "testimonies", "number", "кількість", "количество"),
    "date": ("date", "detention_date", "date_detained", "period", "year", "дата", "рік",
             "год"),
    "category": ("category", "detainee_category", "status", "категорія", "категория",
                 "статус"),
    "sex": ("sex", "gender", "стать", "пол"),
    "route": ("route", "transfers", "path", "маршрут", "переміщення"),
}
CATEGORY_VALUES = {
    "pow": ("pow", "p.o.w.", "prisoner of war", "military", "soldier", "servicemember",
            "військовополонений", "військовополонена", "військовий", "військова", "впл", "в/п",
            "военнопленный", "военнопленная", "военный", "вп"),
    "civilian": ("civilian", "civ", "civil", "цивільний", "цивільна", "цивільні",
                 "гражданский", "гражданская", "мирный житель", "мирна жителька", "цив"),
}
SEX_VALUES = {
    "female": ("f", "female", "woman", "w", "ж", "жін", "жінка", "жен", "женщина", "жіноча"),
    "male": ("m", "male", "man", "ч", "чол", "чоловік", "м", "муж", "мужчина", "чоловіча"),
}
UNKNOWN_VALUES = ("", "unknown", "n/a", "na", "-", "—", "?", "невідомо", "неизвестно")
_CAT_LOOKUP = {v: k for k, vs in CATEGORY_VALUES.items() for v in vs}
_SEX_LOOKUP = {v: k for k, vs in SEX_VALUES.items() for v in vs}
YEAR_RE = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
DATE_OK = re.compile(r"^\s*(\d{4}(-\d{1,2}(-\d{1,2})?)?|\d{1,2}[./]\d{1,2}[./]\d{4}|"
                     r"\d{1,2}[./]\d{4}|\d{4}\s*[-–—/]\s*\d{4}|"
                     r"\d{4}-\d{2}(-\d{2})?\s*[-–—/]\s*\d{4}-\d{2}(-\d{2})?)\s*$")


def find_column(df: pd.DataFrame, role: str, given: str | None = None) -> str | None:
    """The column of ``df`` for ``role``: the one given, else a default name; None if absent.

    Raises `InputError` when a column was named explicitly but is not in the file, or when
    the column found shares its name with another column (`mapper.io.read_table` names the
    second one "NAME (2)").
    """
    from .io import InputError

    cols = {c.strip().lower(): c for c in df.columns}
    found = None
    if given:
        if given in df.columns:
            found = given
        elif given.strip().lower() in cols:
            found = cols[given.strip().lower()]
        else:
            raise InputError(f"{df.attrs.get('path', 'table')}: no column '{given}' (the "
                             f"columns are: {', '.join(map(str, df.columns))}).")
    else:
        found = next((cols[name] for name in DEFAULT_COLUMNS[role] if name in cols), None)
    twins = df.attrs.get("duplicate_columns", {}).get(found)
    if twins:  # two columns with one name: never pick one silently
        raise InputError(f"{df.attrs.get('path', 'table')}: {len(twins)} columns are named "
                         f"'{found}'; which one holds the {role} is not clear. Rename the "
                         "others in the file (or pass the column to use, e.g. "
                         f"--{'column' if role == 'reference' else role} '{twins[-1]}').")
    return found


def normalise_category(value: str) -> str | None:
    """'pow' or 'civilian' for the ways people write them; '' when blank; None if unknown."""
    v = str(value or "").strip().lower()
    if v in UNKNOWN_VALUES:
        return ""
    return _CAT_LOOKUP.get(v)


def normalise_sex(value: str) -> str | None:
    """'female' or 'male'; '' when blank or unknown; None when not understood."""
    v = str(value or "").strip().lower().rstrip(".")
    if v in UNKNOWN_VALUES:
        return ""
    return _SEX_LOOKUP.get(v)


def validate_testimonies(df: pd.DataFrame, **columns: str | None) -> list[Problem]:
    """(contract) Problems of a testimony table, each with its spreadsheet row and a hint.

    Checks: a facility reference column exists, references are not empty, dates, counts,
    categories and sex are readable. Matching itself is not checked here (`mapper match`
    reports each unplaced reference).
    """
    path = df.attrs.get("path", "testimonies")
    first = df.attrs.get("first_row", 2)
    problems: list[Problem] = []
    try:
        cols = {role: find_column(df, role, columns.get(role)) for role in DEFAULT_COLUMNS}
    except Exception as exc:  # an explicitly named column is missing
        return [Problem(path, 1, "", str(exc).removeprefix(f"{path}: "))]
    if cols["reference"] is None:
        return [Problem(path, 1, "", "no facility reference column",
                        "name the column holding the facility 'facility' (or one of: "
                        + ", ".join(DEFAULT_COLUMNS["reference"][:6])
                        + "), or pass --reference COLUMN")]
    ref, cnt, date = cols["reference"], cols["count"], cols["date"]
    cat, sex = cols["category"], cols["sex"]
    # each check once per distinct value (a 2M-row file holds a few thousand), then the
    # rows it flags; problems in row order, checks in this order within a row
    found: list[tuple[int, int, Problem]] = []
    refs = df[ref].astype(str).str.strip()

    def flag(mask: np.ndarray, check: int, message, hint: str, column: str | None = None,
             who: bool = True) -> None:
        idx = np.flatnonzero(mask)
        if not len(idx):
            return
        names = refs.iloc[idx].tolist()
        values = df[column].iloc[idx].tolist() if column else [""] * len(idx)
        for k, name, v in zip(idx.tolist(), names, values, strict=True):
            v = "" if v is None or (isinstance(v, float) and v != v) else str(v)
            found.append((k, check, Problem(path, first + k, name if who else "",
                                            message(v.strip()), hint)))

    def per_value(column: str, bad) -> np.ndarray:
        codes, uniques = pd.factorize(df[column], sort=False)
        verdict = np.array([bool(bad(str(u))) for u in uniques] + [bool(bad(""))])
        return verdict[np.where(codes < 0, len(uniques), codes)]

    flag((refs == "").to_numpy(dtype=bool), 0, lambda v: f"empty facility reference in '{ref}'",
         "write the facility's name, town and number, or its id", who=False)
    if cnt:
        from .join import MAX_COUNT, count_flags

        _text, bad, huge = count_flags(df[cnt])
        flag(bad, 1, lambda v: f"count '{v}' is not a whole number",
             "write a whole number of testimonies (0 or more)", cnt)
        flag(huge, 1, lambda v: f"count '{v}' is too large to be a number of testimonies",
             f"a count is at most {MAX_COUNT:,}: check the cell", cnt)
    if date:
        flag(per_value(date, lambda d: d.strip() and not (DATE_OK.match(d.strip())
                                                           and YEAR_RE.search(d))),
             2, lambda v: f"date '{v}' is not understood",
             "write YYYY, YYYY-MM, YYYY-MM-DD or DD.MM.YYYY", date)
    if cat:
        flag(per_value(cat, lambda c: normalise_category(c) is None), 3,
             lambda v: f"category '{v}' is not understood",
             "write pow or civilian (or leave it empty)", cat)
    if sex:
        flag(per_value(sex, lambda x: normalise_sex(x) is None), 4,
             lambda v: f"sex '{v}' is not understood",
             "write female or male (or leave it empty)", sex)
    problems += [p for _k, _c, p in sorted(found, key=lambda t: (t[0], t[1]))]
    return problems
