"""Step 2 of matching: what a reference says about a facility.

`parse` reads the words of a normalised reference into a `Parsed`: the kind (SIZO,
colony, IVS...), the number, the places (settlement, region, landmark, street) and the
distinctive name words, each with the context that decides what it means (a number after a
street word is a house number; a town before "області" is a region).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from ..names import latin, skeleton
from .normalise import _BROKEN_WORD, _CYRILLIC_LETTER, normalise, stem
from .towns import _compound_key, _reads_as_town
from .vocabulary import _DIGIT_SPLIT, _ELISION, Vocabulary, load_vocabulary

NUMBER_SIGNS = frozenset({"no", "nr", "n", "num", "number", "nomer", "#",
                          # Italian, Spanish, French, Portuguese "numero"; Dutch, German
                          # "nummer"; Polish "numer"; Czech "číslo"; Bosnian, Croatian,
                          # Serbian "broj"
                          "numero", "nummer", "numer", "cislo", "broj"})

_SENTENCE_END = re.compile(r"[.!?…]\s+$")
_DATE = re.compile(r"\b\d{1,2}[./]\d{1,2}[./](?:\d{4}|\d{2})\b")
#: An FSIN (or Soviet) institution code, in capitals: two letters, a region code and the
#: institution's own number ("ИЗ-77/1" SIZO No. 1, "ОГ 98/3" colony No. 3, "VS-389/36"); the
#: region code is no facility number ("из 12/3" is a preposition and a fraction).
_FSIN_CODE = re.compile(r"\b([А-ЯЁA-Z]{2})[-‐–\s]?\d{2,3}/(\d{1,3})\b")

#: An FSIN prison's short name: a Cyrillic capital "Т" (тюрьма), a hyphen and a one-digit
#: number ("Т-2 Ельца", "ФКУ Т-2"); two digits are a tank ("Т-72").
_FSIN_PRISON = re.compile(r"(?<![\w-])Т-([1-9])(?![\w-])")


def _fsin_code(m: re.Match) -> str:
    """"IZ-61/1" (a SIZO) → "SIZO No. 1"; "ОГ 98/3" → "No. 3" (the kind is said elsewhere)."""
    return ("SIZO " if m.group(1) in ("ИЗ", "IZ") else "") + f"No. {m.group(2)}"


#: A distance from a town, in km, from which on the town is no evidence of the region: "a
#: prison located about 250 kilometers east of Moscow" is in Vladimir oblast.
FAR_KM = 100

#: An English possessive ("Kursk's", "the region's").
_POSSESSIVE = re.compile(r"^([A-Za-z][\w-]*?)['’]s$")
#: A Turkish or Crimean Tatar case suffix after a proper name's apostrophe ("Herson'un",
#: "Akmescit'teki", "Kuzey Kutup Dairesi'nde"); never a vowel alone or "-ya", "-na", which
#: end transliterated Ukrainian words ("Vil'na", "Dar'ya").
_TURKISH_SUFFIX = re.compile(
    r"^([A-Za-zÇĞİÖŞÜçğıöşüÂâÎîÛû][\w]*?)['’](?:n[iıuü]n|[iıuü]n|n?d[ae]n?|n?t[ae]n?|"
    r"n?[dt][ae]ki|y[iı]|n[iıuü]|yl[ae])$")
#: A number in Turkish or Crimean Tatar: "33 Numaralı", "3 no'lu", "3 Nolu" (numbered 3),
#: "1-nci", "2-nci", "3-üncü" (the 1st, 2nd, 3rd).
_TURKISH_NUMBER = re.compile(
    r"\b(\d{1,3})(?:\s+[Nn]umaral[ıi]\b|\s+[Nn][Oo]['’]?l[uü]\b|[-‐]?(?:[ıiuü]?nc[ıiuü])\b)")
#: Words joining two items of a list ("in the police building and in the IVS"), as latin
#: ("or" joins two words for one place: "a prison or colony").
_CONJUNCTIONS = frozenset({"and", "i", "y", "ta", "und"})
#: "Or", latin ("или", "або", "oder", "lub"): a number after it, with its sign, is another
#: number of the kind before ("SIZO No. 1 or No. 2": either place, not No. 1).
_ALTERNATIVES = frozenset({"or", "ili", "abo", "oder", "lub", "albo", "ou", "o", "eller",
                           "nebo", "alebo", "sau", "arba", "vai", "veya", "atau"})
#: Prepositions that open each item of such a list ("in", "в", "у", "на", "w", "im"), latin.
_LIST_HEADS = frozenset({"in", "at", "on", "into", "v", "vo", "u", "na", "w", "im", "en",
                         "nel", "nella"})
_WORD = re.compile(r"[^\W_]+(?:['’ʼ`][^\W_]+)*|[№#]")
_QUOTED = re.compile(r"[«“„\"‘‹]([^«»“”„\"‘’‹›]{1,80})[»”“\"’›]")
#: Plural endings of an adjective made from a place ("тюменских", "луганських", "rosyjskich").
_PLURAL_ADJECTIVE = re.compile(r"(?:ских|ские|скими|ських|ські|ськими|skich|skie)$", re.I)
#: Russian adjective endings no town name takes in any case ("Курская" is an adjective,
#: "Курска" the town's genitive; both have the skeleton "kurska").
_FULL_ADJECTIVE = re.compile(r"(?:ая|яя|ое|ее|ые|ие|ую|юю)$", re.I)
#: A masculine or neuter adjective in the locative ("на Кировском", "на Шевченківському")
_STREET_ADJECTIVE_RE = re.compile(r"(?:ском|ськом|ському|ськім)$", re.I)
#: Cyrillic adjective endings (ru, uk): "Кировском", "Садовій", "Шевченківському".
_ADJECTIVE_RE = re.compile(r"(?:ий|ый|ой|ая|ое|ого|ому|ом|ую|ые|ых|ій|а|е|ої|ою|ім|ей"
                           # ... and transliterated ("Kirovskoye", "Kirovske", "Kirovsky")
                           r"|sk(?:oye|oe|iy|yi|yy|y|ij|yj|i|e|a|aya))$", re.I)

#: A settlement word written as an adjective ("городского", "міського", "сельского").
_SETTLEMENT_ADJECTIVE_RE = re.compile(
    r"(?:ск|ськ)(?:ий|ый|ой|ая|ое|ого|ому|ом|ую|ые|ых|ої|ою|ім|ій|а|е|і|их)$", re.I)

# --- step 2: parse --------------------------------------------------------------------------

@dataclass
class _Tok:
    raw: str
    latin: str
    stem: str
    skel: str
    pos: int
    quoted: bool = False
    # inside quotes that hold a whole name, capital first, three words or more («Олешківський
    # районний відділ поліції»): a kind word there is the name's own, not a "so-called" kind
    named_quote: bool = False
    namey: bool = False  # a capitalised word or an acronym not at the start: a proper name
    first: bool = False
    cap: bool = False
    roles: frozenset[tuple[str, str]] = frozenset()
    phrase: bool = False  # consumed by a phrase
    ctx: str = "place"  # place | region | landmark | street
    stop: bool = False  # followed by a comma, semicolon or bracket
    paren: str = ""  # the bracket that follows it, "(" or ")" ("№7 (Голая Пристань) и №90")
    hyph: bool = False  # joined to the word before by a hyphen ("Зубово-Полянського")
    own_name: bool = False  # an adjective before a settlement word ("Владимирском поселке")
    slashed: bool = False  # a number followed by "/" and digits ("77/2", "12/3")


@dataclass
class Word:
    """A word of a reference that may be a place or a name."""

    stem: str
    ctx: str = "place"
    quoted: bool = False
    namey: bool = False
    pos: int = 0
    first: bool = False
    cap: bool = False  # written with a capital (or quoted): typos are tolerated
    skel: str = ""  # the word's skeleton, ending kept ("branskom"): adjective or town?
    own_name: bool = False  # an adjective before a settlement word: that settlement's name
    exact: bool = False  # a common noun of the vocabulary ("спортзал"): never a typo
    hyph: bool = False  # joined to the word before by a hyphen ("Купянск-Узловой")
    adj: bool = False  # a Russian adjective's full ending ("Курская", not "Курска")
    # after a preposition of place ("в Покровську", "in Kherson"): where a town stands
    placed: bool = False
    # after a "from" word ("з Херсона", "from Kherson"): where people came from, not the place
    came_from: bool = False
    # after a word for residents or refugees ("беженцев из Мариуполя", "residents of
    # Mariupol"): the people's town, not a second place
    origin: bool = False
    # after a city word ("г. Ессентукская", "місто …"): a town's name as written, never an
    # adjective of another town
    after_city: bool = False
    raw: str = ""  # the word as written, for messages ("Okrestina", not "okrestin")


@dataclass
class Parsed:
    """What a reference says: kinds, number(s), places and names, and how it said them."""

    kinds: frozenset[str]
    number: int | None
    words: list[Word]
    all_numbers: list[int] = field(default_factory=list)
    number_source: str = ""  # "kind" (next to a kind word or No.), "ordinal", "bare"
    region_codes: frozenset[str] = frozenset()
    name_tokens: frozenset[str] = frozenset()  # acronyms: name words of the facility
    kind_words: frozenset[str] = frozenset()  # strong kinds as the text wrote them
    loose_said: frozenset[str] = frozenset()  # ... and loose ones ("camp"), before widening
    lowercase: bool = False  # the whole reference is in lower case (typed, not copied)
    # (kind, number) written together, e.g. ("colony", 1) in "SIZO No. 2 at colony No. 1"
    pairs: frozenset[tuple[str, int]] = frozenset()
    # kinds the facility is inside, not its own ("СІЗО на території колонії № 1")
    landmarks: frozenset[tuple[str, int | None]] = frozenset()
    firm: frozenset[str] = frozenset()  # kinds stated firmly ("строгого режима": a colony)
    # other kinds of place heading the text: (stem, as written) ("Спортзал", "sports hall")
    other_places: tuple[tuple[str, str], ...] = ()
    several: str = ""  # the words counting several places ("дві ... катівні")
    plural: str = ""  # a plural kind word ("у центрах", "prisons")
    # the words saying the place holds Russian prisoners ("військовополонених росіян")
    ukraine_run: str = ""
    # the words saying the place is only planned or promised ("пообіцяли збудувати")
    planned: str = ""
    # the words comparing the place with a facility ("аналог ... «Ізоляція»")
    likeness: str = ""
    # kind words of two or more places listed one after another ("in the police building,
    # in the temporary detention center, in the building of the printing house")
    listed: tuple[str, ...] = ()
    # ... in a text all in lower case, two words joined by "and" where towns stand: a list
    # if the registry's index reads both as towns or facility names (`Matcher._match`)
    listed_if_towns: tuple[str, ...] = ()
    # every kind word is one that a region alone does not narrow down ("a prison in Kirov
    # oblast"; `[loose_kinds] region_not_enough` in the vocabulary)
    vague: bool = False
    # a plural kind word and no singular one ("из местных колоний", "незаконних в'язниць")
    plural_kind: str = ""
    kind_at: frozenset[int] = frozenset()  # positions of the kind words
    # words for a torture chamber or a works ("катівня", "на заводі", "Folterräume"): a
    # makeshift site, not a filtration camp (`[places] makeshift`)
    makeshift: str = ""
    # ... a works (a factory, a plant: `[places] works`)
    works: bool = False
    # words for a body's regional directorate ("управления", "УФСБ": `[places] directorate`)
    directorate: str = ""
    # a word for a body's border service ("пограничного"): `[places] border`
    border: str = ""
    # "one of" the places of a town that are no registry kind ("В одному з підвалів")
    one_of_many: str = ""
    # a word saying the place holds women ("женская", "women's"), and the words of a regime
    # only men serve ("строгого режима", "strict-regime"): `[places] women`, `men_only`
    women: str = ""
    men_only: str = ""
    # a superlative picking one place of a kind by what the registry does not record ("самой
    # строгой колонии", "the largest prison"): `[places] superlative`
    superlative: str = ""
    # the penal service's regional directorate, or the federal service, named
    # (`[places] regional_penal`, `federal_penal`: "УФСИН по г. Москве", "ФСИН России")
    regional_penal: bool = False
    federal_penal: bool = False
    # the name of the district beside a district word, its group's English word ("в
    # Железнодорожном РОВД": "railway"): `[district_names]`
    district_name: str = ""
    # the branch of medicine a hospital word says ("туберкулезной больнице": `[medicine]`)
    medicine: str = ""
    # a word saying the place is named elsewhere in the text ("the local police station",
    # "в местное СИЗО-1"): `[places] local`
    local: str = ""
    # name words that count only beside the facility's town ("station": a gas station too)
    town_only_names: frozenset[str] = frozenset()
    house_numbers: frozenset[str] = frozenset()  # numbers written with a street ("Лісова, 1-Б")
    # capitalised words before Ukrainian "слідчий ізолятор": an official name ("Херсонський
    # слідчий ізолятор"), even opening the text
    official_at: frozenset[int] = frozenset()
    # kinds reached only through another kind's word (`[also_kinds]`: a police word also
    # names the IVS in its cells)
    also_only: frozenset[str] = frozenset()
    # a word naming a district ("the Kyivsky District Police Department", "РОВД")
    district: str = ""
    # the words naming where a route starts ("da Mariupol a Volodarsk", "з Маріуполя до
    # Таганрога"): positions of the start's words, and the route as written
    route_start: frozenset[int] = frozenset()
    route: str = ""
    # settlement words in the text: (position, stem) ("в Красном Селе": (2, "sel"))
    settle_words: frozenset[tuple[int, str]] = frozenset()
    # region codes named by a word for one region ("Адыгея"), not a wide area ("Кавказ")
    one_region_codes: frozenset[str] = frozenset()
    # ... and by a word for a wide area (`[wide_areas]`: "Siberia"), with its words as written
    wide_codes: frozenset[str] = frozenset()
    wide_area: str = ""
    # the key of a hyphenated compound at each of its words' positions (`_compound_key`)
    compound: dict[int, str] = field(default_factory=dict)


def _is_number_sign(t: _Tok) -> bool:
    """A number sign ("No.", "№", "numero", "číslo"), as written or stemmed."""
    return t.latin in NUMBER_SIGNS or t.stem in NUMBER_SIGNS


def _split(text: str) -> list[_Tok]:
    quotes = list(_QUOTED.finditer(text))
    quoted_spans = [m.span(1) for m in quotes]
    named_spans = [m.span(1) for m in quotes
                   if m.group(1)[:1].isupper() and len(_WORD.findall(m.group(1))) >= 3]
    toks: list[_Tok] = []
    prev_end = -1
    for m in _WORD.finditer(text):
        raw = m.group(0)
        el = _ELISION.match(raw) or _POSSESSIVE.match(raw) or _TURKISH_SUFFIX.match(raw)
        if el:  # "d'Olenivka", "nell'ex colonia": the name after the article; "Kursk's";
            raw = el.group(1)  # Turkish "Akmescit'teki", "Dairesi'nde": the name before
        # (a soft sign's apostrophe may end the word before: "Gus’-Khrustal’nyy")
        hyph = prev_end >= 0 and text[prev_end:m.start()] in ("-", "'-", "’-", "ʼ-")
        opens = prev_end >= 0 and bool(_SENTENCE_END.search(text[prev_end:m.start()]))
        prev_end = m.end()
        stop = bool(re.match(r"\s*[,;()\[\]:]", text[m.end():]))
        bracket = re.match(r"\s*([()\[\]])", text[m.end():])
        q = any(a <= m.start() < b for a, b in quoted_spans)
        named_quote = any(a <= m.start() < b for a, b in named_spans)
        alpha = raw.isalpha()
        # a capital opening a sentence is no sign of a name ("… Севастополя. Там …")
        namey = alpha and raw[:1].isupper() and (len(raw) > 1) and not opens
        if raw in "№#":
            parts = ["no"]
        else:
            parts = _DIGIT_SPLIT.sub(" ", latin(raw.replace("’", "'").replace("ʼ", "'")
                                                .replace("`", "'"))).split()
            # "10th colony": the English ordinal ending is no word
            if len(parts) == 2 and parts[0].isdigit() and parts[1] in ("st", "nd", "rd", "th"):
                parts = parts[:1]
        for k, part in enumerate(parts):
            sk = skeleton(part) if not part.isdigit() else part
            toks.append(_Tok(raw, part, stem(part) if not part.isdigit() else part, sk,
                             len(toks), quoted=q, named_quote=named_quote, namey=namey,
                             cap=raw[:1].isupper() or q, hyph=hyph and k == 0))
        if toks:
            toks[-1].slashed = raw.isdigit() and re.match(r"/\d", text[m.end():]) is not None
            toks[-1].stop = stop
            toks[-1].paren = ("(" if bracket.group(1) in "([" else ")") if bracket else ""
    # A headline in Title Case ("In Bucha, a Summer Camp Became a Torture Chamber"):
    # capitals say nothing about names there
    longer = [t for t in toks if len(t.raw) >= 4 and t.raw.isalpha()]
    if len(longer) >= 4 and sum(t.raw[:1].isupper() for t in longer) >= 0.75 * len(longer):
        for t in toks:
            t.namey = False
    if toks:
        toks[0].first = True
        first_raw = toks[0].raw
        for t in toks:
            if t.raw is first_raw:
                t.first = True
            else:
                break
    return toks


def _roles(voc: Vocabulary, toks: list[_Tok], loose: bool = True) -> None:
    """Give each token its vocabulary roles; phrases first, longest first.

    In a facility's own name (``loose=False``) a vague phrase ("Correctional Institution")
    is read word by word: the registry's "Исправительное учреждение №4" is a colony.
    """
    i = 0
    while i < len(toks):
        t = toks[i]
        done = False
        for pattern, roles in voc.exact.get(t.latin, ()):
            seg = toks[i:i + len(pattern)]
            if tuple(tk.latin for tk in seg) == pattern:
                for tk in seg:
                    tk.roles = roles
                    tk.phrase = len(pattern) > 1
                i += len(pattern)
                done = True
                break
        if done:
            continue
        for pattern, roles in _phrases_at(voc, toks, i):
            if not loose and roles <= voc.vague_roles:
                continue
            n = len(pattern)
            seg = toks[i:i + n]
            if all(r == "acronym" for r, _ in roles) and any(
                    r in ("kind", "weak") for j in range(i + 1, i + n)
                    for _, rs in _phrases_at(voc, toks, j) for r, _ in rs):
                continue  # "в центре временного содержания …": the kind's phrase wins
            for tk in seg:
                tk.roles = roles
                tk.phrase = True
            i += n
            done = True
            break
        if done:
            continue
        r = voc.roles.get(t.stem, frozenset())
        if not r:
            for pre, pr in voc.prefixes:
                if t.skel.startswith(pre):
                    r = pr
                    break
        if not r and not _CYRILLIC_LETTER.search(t.raw):
            # the head of a Latin-script compound ("Justizvollzugs|kolonie"); never a
            # Cyrillic word, whose endings say other things ("автоколонне", a convoy)
            for head, hr in voc.heads:
                if t.skel.endswith(head) and len(t.skel) >= len(head) + 3:
                    r = hr
                    break
        t.roles = r
        i += 1


def _phrases_at(voc: Vocabulary, toks: list[_Tok], i: int
                ) -> list[tuple[tuple[str, ...], frozenset[tuple[str, str]]]]:
    """The vocabulary phrases written from token ``i`` on, longest first."""
    t = toks[i]
    out = []
    for pattern, roles in voc.phrases.get(t.stem, ()) + voc.phrases.get(t.skel, ()):
        seg = toks[i:i + len(pattern)]
        if len(seg) == len(pattern) and all(
                (tk.skel.startswith(p[:-1]) if p.endswith("*") else tk.stem == p)
                for tk, p in zip(seg, pattern, strict=True)):
            out.append((pattern, roles))
    return out


def _is_measure(voc: Vocabulary, t: _Tok) -> bool:
    return t.stem in voc.measure or any(t.skel.startswith(p) for p in voc.measure_prefixes)


def _spelt_quantity(voc: Vocabulary, t: _Tok) -> bool:
    """Whether a word before a distance word can be its quantity spelt out ("тридцати",
    "thirty", "treinta", "une trentaine de"): a lower-case word the vocabulary gives no
    other role, or a counting word."""
    return t.raw.islower() and (not t.roles or t.latin in voc.counts)


def _after_residents(voc: Vocabulary, toks: list[_Tok], i: int) -> bool:
    """Whether token ``i`` follows a word for residents or refugees, with a "from" or "of"
    word or none between ("беженцев из Мариуполя", "жителей Мариуполя", "residents of")."""
    j = i - 1
    if j >= 0 and (toks[j].latin in voc.came_from or toks[j].latin in ("of", "von", "de")):
        j -= 1
    return j >= 0 and toks[j].stem in voc.residents


def _role(t: _Tok, name: str) -> str | None:
    for r, v in t.roles:
        if r == name:
            return v
    return None


def _kinds_said(voc: Vocabulary, t: _Tok) -> frozenset[str]:
    """The kinds a kind word may be: its own and its loose family ("detention centre": a
    SIZO, an IVS, a TsVSIG …), or a weak word's ("изолятор": a SIZO or an IVS)."""
    kind, weak = _role(t, "kind"), _role(t, "weak")
    if kind is not None:
        return frozenset(voc.loose.get(kind, {kind}))
    return frozenset(weak.split("|")) if weak is not None else frozenset()


def _after_near(toks: list[_Tok], i: int) -> bool:
    """Whether a near word stands within three words before token ``i``: a kind of place
    there is a landmark ("behind the supermarket"), not the place the text is about."""
    return any(_role(tk, "near") is not None for tk in toks[max(0, i - 3):i])


#: "for" before a penal service's area ("ФСИН России по г. Москве", "for the city of
#: Moscow", "für die Stadt Moskau"), where "in" may say where the facility stands instead
_FOR = frozenset({"po", "for", "fur", "pour", "para", "dla", "voor"})


def _jurisdiction(toks: list, is_num: list[bool], lower: bool = False) -> set[int]:
    """Read the places after a penal-service word as its directorate's area, regions ("УФСИН
    России по Республике Крым и г. Севастополю": Crimea and the federal city), not the
    facility's town: the first place, then more only after "and" (a place is a word with
    a capital, or any word of a text with none). The positions of the service words whose
    area follows a "for" word."""
    n = len(toks)
    with_area: set[int] = set()
    for k, t in enumerate(toks):
        if all(_role(t, r) is None
               for r in ("regional_penal", "federal_penal", "jurisdiction")):
            continue
        j = k + 1
        while j < n and j <= k + 12 and not is_num[j] and _role(toks[j], "kind") is None:
            u = toks[j]
            if _role(u, "region_alias") is None and (u.roles or not (lower or u.raw[:1].isupper())):
                if not u.roles or toks[j - 1].stop:
                    break  # a word of another clause
                j += 1
                continue
            if toks[j - 1].paren == "(":
                break  # "ФСИН России (Лефортово)": the facility's name in brackets
            if not u.roles:
                u.ctx = "region"
            if any(tk.latin in _FOR for tk in toks[k + 1:j]):
                with_area.add(k)
            j += 1
            while j < n and (_role(toks[j], "region_word") is not None
                             or _role(toks[j], "region_before") is not None):
                j += 1  # "по Ростовской области"
            if not (j < n and toks[j].latin in _CONJUNCTIONS and not toks[j - 1].stop):
                break
            j += 1
    return with_area


def _name_after_region_word(toks: list, i: int) -> bool:
    """Whether the region word at ``i`` names the region after it ("nördlichen Region
    Archangelsk"): a Latin-script word after a lower-case one and before a capitalised name."""
    t = toks[i]
    return (0 < i < len(toks) - 1 and t.raw.isascii() and t.raw.isalpha()
            and toks[i - 1].raw.isalpha() and toks[i - 1].raw.islower()
            and not toks[i - 1].stop and not toks[i + 1].roles
            and toks[i + 1].raw[:1].isupper())


def _landmark_at(toks: list[_Tok], is_num: list[bool], at: range,
                 ctx: str = "landmark") -> int | None:
    """Mark the first word at positions ``at`` that the vocabulary gives no role as the
    landmark a near word points to, past generic words and a word for a city; its position,
    or None if another word stands first. A town a long way off (``ctx="far"``: "250 km east
    of Moscow") says nothing of where the facility is, not even its region. A preposition
    of place on the way places the town itself: "used for torture in Balakliia"."""
    for j in at:
        if toks[j].latin in _LIST_HEADS and _role(toks[j], "near") is None:
            return None
        if not toks[j].roles and not is_num[j]:
            # the whole of a hyphenated name ("near Rostov-on-Don": not Don, nor Donskoy)
            a, b = j, j
            while a > 0 and toks[a].hyph:
                a -= 1
            while b + 1 < len(toks) and toks[b + 1].hyph:
                b += 1
            for k in range(a, b + 1):
                if not toks[k].roles and not is_num[k]:
                    toks[k].ctx = ctx
            return j
        if all(_role(toks[j], r) is None for r in ("generic", "city_word", "near")):
            return None  # (past a direction too: "250 kilometers east of Moscow")
        if toks[j].stop:
            return None  # nor across a comma ("for torture, Balakliia, Kharkiv region")
    return None


def _name_word(t: _Tok) -> bool:
    """A word written as a name: capitalised letters that the vocabulary gives no role."""
    return t.cap and t.raw.isalpha() and not t.roles


def _route_at(voc: Vocabulary, toks: list[_Tok], i: int, k: int) -> bool:
    """Whether the "from" word at ``i`` and a "to" word at ``k`` frame a route.

    The start (``toks[i + 1:k]``, one or two words) and the word after the "to" word are
    written as names, no comma or bracket inside the start, and the two places differ.
    """
    if k + 1 >= len(toks) or toks[k].latin not in voc.route_to:
        return False
    start, end = toks[i + 1:k], toks[k + 1]
    return (all(_name_word(tk) for tk in start) and not any(tk.stop for tk in start[:-1])
            and _name_word(end) and end.stem != start[-1].stem)


def _route(voc: Vocabulary, toks: list[_Tok]) -> tuple[set[int], str]:
    """Where a route starts: a "from" word, a place of one or two words, a "to" word and a
    second place written as a name ("da Mariupol a Volodarsk", "from Mariupol to Volodarsk").

    Returns the positions of every route's start words and the last route as written.
    """
    route_start: set[int] = set()
    route = ""
    for i, t in enumerate(toks):
        if t.latin not in voc.route_from or t.stop:
            continue
        for k in (i + 2, i + 3):  # a start of one word, then of two
            if _route_at(voc, toks, i, k):
                route_start |= set(range(i + 1, k))
                route = " ".join(tk.raw for tk in toks[i:k + 2])
                break
    return route_start, route

#: A bracketed initialism: two to six capitals ("(МПБ)", "(SSU)").
_INITIALISM = re.compile(r"\s*\(([A-ZА-ЯЁІЇЄҐ]{2,6})\)")


def _initialisms_out(text: str) -> str:
    """Drop a bracketed initialism that spells the words before it: "межрегиональной
    психиатрической больнице (МПБ)" says nothing the words do not, and an unknown
    abbreviation must not count as a place or name the registry lacks."""
    def drop(m: re.Match) -> str:
        letters = m.group(1).lower()
        words = re.findall(r"[^\W\d_]+", text[:m.start()])[-len(letters):]
        initials = "".join(w[0] for w in words).lower()
        return "" if len(words) == len(letters) and initials == letters else m.group(0)
    return _INITIALISM.sub(drop, text)


def _nickname_words(voc: Vocabulary, text: str) -> str:
    """One word for a colony's nickname written as its words ("Polarwolf" → "Polar wolf",
    "Eisbärenkolonie" → "Polar bear kolonie"), so that each meets the nickname's name word;
    a capital stays on the first."""
    low = latin(text).lower()
    if not any(head.rstrip("*") in low for head, _ in voc.nickname_words):
        return text  # (most texts: one reading of the whole, not one per word)

    def apart(m: re.Match) -> str:
        word = m.group(0)
        key = latin(word).lower()
        for head, words in voc.nickname_words:
            if key == head or (head.endswith("*") and key.startswith(head[:-1])):
                rest = key[len(head) - 1:] if head.endswith("*") else ""
                # (less a German linking "en" or "s": "Eisbär|en|kolonie")
                rest = re.sub(r"^(?:en|s)(?=[^aeiouy]...)", "", rest)
                out = words + (" " + rest if len(rest) > 3 else "")
                return out[:1].upper() + out[1:] if word[:1].isupper() else out
        return word

    return _WORD.sub(apart, text)


def parse(text: str, *, loose: bool = True, vocabulary: Vocabulary | None = None,
          containers: bool = True) -> Parsed:
    """Split a reference into kinds, the facility number, places and names.

    The number is the one written next to a kind word or after "No"/"№"/"#" ("SIZO No. 2",
    "СИЗО-2", "5-й СІЗО", "IK 120"), or an ordinal word next to a kind word ("друге СІЗО");
    a bare number counts only in a short reference. House numbers (next to a street word),
    counts and distances (before "km", "років", "prisoners"...) and numbers above 999 are
    never facility numbers. With ``loose`` (references), "prison" and "camp" stand for any
    kind people call so.

    Parameters
    ----------
    text : str
        The reference (or a facility's own name, with ``loose=False``).
    loose : bool
        Whether loose kind words stand for several kinds (references) or their own kind
        (the registry's names).
    vocabulary : Vocabulary, optional
        The generic vocabulary; `load_vocabulary()` by default.
    containers : bool
        Whether a kind after a container phrase ("на території колонії № 1") is where the
        facility is (a landmark) rather than what it is.

    Returns
    -------
    Parsed

    Examples
    --------
    >>> parse("вул. Вокзальна, 12").number is None
    True
    >>> parse("друге СІЗО Сімферополя").number
    2
    """
    voc = vocabulary or load_vocabulary()

    def joined(m: re.Match) -> str:
        a, b = (voc.roles.get(stem(latin(x)), frozenset()) for x in m.groups())
        whole = voc.roles.get(stem(latin(m.group(1) + m.group(2))), frozenset())
        if not a and not b and any(r == "kind" for r, _ in whole):
            return m.group(1) + m.group(2)
        return m.group(0)

    # "24.02.2022" is no facility number; "IZ-77/1" is SIZO No. 1; "коло-нії" is "колонії"
    # ... and Turkish "33 Numaralı", "1-nci" (numbered 33, the 1st) is No. 33, No. 1
    toks = _split(_TURKISH_NUMBER.sub(r"No. \1", _DATE.sub(" ", _FSIN_PRISON.sub(
        r"тюрьма № \1", _FSIN_CODE.sub(_fsin_code, _BROKEN_WORD.sub(
            joined, _initialisms_out(_nickname_words(voc, normalise(text)))))))))
    _roles(voc, toks, loose)
    n = len(toks)
    for i in range(n - 1):
        # a number word right after a number sign is the number ("číslo dvě", "numero due",
        # "номер два"); elsewhere it may count places ("dvě věznice")
        word = toks[i + 1].latin
        if _is_number_sign(toks[i]) and word in voc.cardinals and (
                word not in voc.spelt_cardinals or len(toks[i].latin) > 3):
            v = str(voc.cardinals[word])
            toks[i + 1] = replace(toks[i + 1], raw=v, latin=v, stem=v, skel=v,
                                  roles=frozenset(), namey=False, cap=False)
    # a nickname's word in any language is its group's English word ("Lobo" is "wolf")
    nicks = [voc.nicknames.get("=" + t.latin) or voc.nicknames.get(t.stem)
             if not t.roles else None for t in toks]
    for i, t in enumerate(toks):
        nick = nicks[i]
        town = t.raw[:1].isupper() and _reads_as_town(t.skel)
        if (nick is not None and town and not voc.nicknames.get("=" + t.latin)
                and not any(nicks[j] not in (None, nick) for j in (i - 1, i + 1)
                            if 0 <= j < len(toks))):
            # a town read whole, not a nickname's word: "в Вольске" (Volsk); but beside
            # another word of a nickname it is that nickname's ("Polarni volk", not Polyarny)
            nick = None
        if nick is not None:
            toks[i] = replace(t, stem=nick, skel=nick)
        elif town and any(r == "region_alias" for r, _ in voc.roles.get(t.stem, ())):
            # ... nor is a town read whole a region's other name through its key: "в Крымске"
            # (Krymsk, Krasnodar krai) is not Crimea
            toks[i] = replace(t, roles=frozenset(r for r in t.roles if r[0] != "region_alias"))
    is_num = [t.latin.isdigit() for t in toks]
    kind_at = [bool(_role(t, "kind") or _role(t, "weak")) for t in toks]
    numbered_at = [i for i, t in enumerate(toks) if _role(t, "numbered") is not None]
    # a kind just after a container phrase ("на території колонії № 1", "on the grounds of
    # a school") is where the facility is, not what it is
    landmark_kind: set[int] = set()
    lower = not any(ch.isupper() for t in toks for ch in t.raw)  # capitals say nothing
    for i, t in enumerate(toks):
        if not containers or _role(t, "container") is None or (
                i + 1 < n and _role(toks[i + 1], "container") is not None):
            continue
        found = False
        for j in range(i + 1, n):
            # (the kind within four words; then all of its words: "on the territory of the
            # former Volnovakha correctional colony")
            if kind_at[j] and (found or j < i + 5):
                landmark_kind.add(j)
                found = True
            elif found or j >= i + 5 or (not toks[j].roles and not (
                    (toks[j].raw[:1].isupper() or lower) and j + 1 < n and kind_at[j + 1])):
                # (the town's adjective of the container may stand before its kind: "на
                # базі колишньої Волноваської виправної колонії")
                break
    not_facility_number: set[int] = set()

    def street_name(j: int, end: int) -> int:
        """Mark the words from ``j`` (up to ``end``, a comma or a known word) a street's
        name; the index after them. A region's word right after the street word is the
        street's name ("на улице Уральской", "вул. Київська")."""
        first = j
        while j < end and not is_num[j] and (not toks[j].roles or (j == first and all(
                r in ("region_alias", "wide_area") for r, _ in toks[j].roles))):
            toks[j].ctx, toks[j].roles = "street", frozenset()
            j += 1
            if toks[j - 1].stop:
                break
        return j

    house_at: set[str] = set()  # house numbers: a number right after a street's name
    landmark_next: set[int] = set()
    far_next: set[int] = set()  # distance words of a long way ("250 km from"): far landmarks
    for i, t in enumerate(toks):
        suf = (next((s for s in voc.street_suffixes
                     if t.skel.endswith(s) and len(t.skel) - len(s) >= 5), None)
               if not t.roles and not is_num[i] and t.ctx == "place" else None)
        if suf:
            # a street's name and its street word in one ("Energiarbeiderveien 3")
            t.ctx, t.stem = "street", stem(t.skel[: -len(suf)])
            if i + 1 < n and is_num[i + 1]:
                not_facility_number.add(i + 1)
                house_at.add(toks[i + 1].latin)
        if _role(t, "part") is not None:  # "корпус 3", "барак № 200": a part's number
            for j in (i - 1, i + 1, i + 2):
                if not (0 <= j < n and is_num[j]) or (
                        j == i + 2 and toks[i + 1].latin not in NUMBER_SIGNS):
                    continue
                k = j + 1  # "бараке 97-й колонии": the number is the next kind word's
                while k < n and k <= j + 2 and _role(toks[k], "generic") is not None:
                    k += 1
                # ... unless that kind has its own ("в камере №5 СИЗО-2")
                if not (k < n and kind_at[k]) or (k + 1 < n and is_num[k + 1]):
                    not_facility_number.add(j)
        if is_num[i] and t.slashed and len(t.latin) == 2:
            # an FSIN code without its letters ("the Federal Detention Center 77/2", "СИЗО
            # 77/1", "remand prison No. 77/6"): the region's code, then the SIZO's number
            k = i - 2 if i > 1 and _is_number_sign(toks[i - 1]) else i - 1
            if k >= 0 and kind_at[k] and "sizo" in _kinds_said(voc, toks[k]):
                not_facility_number.add(i)
        if is_num[i] and i + 1 < n and toks[i + 1].stem in voc.people:
            not_facility_number.add(i)  # "150 заключенных из колонии": a count of people
        if is_num[i] and i + 1 < n and _is_measure(voc, toks[i + 1]) and not kind_at[i + 1]:
            not_facility_number.add(i)
            if _role(toks[i + 1], "distance") is not None:  # "50 km from Kherson"
                landmark_next.add(i + 1)
                if (toks[i].latin.isdigit() and int(toks[i].latin) >= FAR_KM
                        and toks[i + 1].latin.startswith(("km", "kilomet", "mile"))):
                    far_next.add(i + 1)  # "250 kilometers east of Moscow": not its region
        if (_role(t, "distance") is not None and not kind_at[i] and i
                and _spelt_quantity(voc, toks[i - 1])):
            # ... or a number in words: "в тридцати километрах от Мариуполя", "about thirty
            # kilometres from Mariupol", "a unos treinta kilómetros de Mariúpol"
            landmark_next.add(i)
        if _role(t, "date") is not None:  # "24 лютого 2022", "February 24": a date
            for j in (i - 1, i + 1):
                if 0 <= j < n and is_num[j]:
                    not_facility_number.add(j)
        if (i and toks[i - 1].latin == "na" and (i == n - 1 or t.stop) and not t.roles
                and t.raw[:1].isupper() and _STREET_ADJECTIVE_RE.search(t.raw)):
            # "СИЗО № 1 на Кировском": a prospect's name, its street word left out; a region
            # is "в Кировской области", never "на Кировском"
            t.ctx = "street"
        if _role(t, "street") is not None:  # "вул. Вокзальна, 12"; "ул. Лесная, 3-А"
            # "на Кировском проспекте", "на Садовій вулиці": an adjective right before the
            # street word is the street's name, never a place
            # (not across a comma: "Макеевка, улица Ленина, 123" is the town, then the street)
            if (i > 0 and not toks[i - 1].roles and not is_num[i - 1] and not toks[i - 1].stop
                    and _ADJECTIVE_RE.search(toks[i - 1].raw)):
                toks[i - 1].ctx = "street"
            j = street_name(i + 1, min(n, i + 4))
            if j > i + 1 and j < n and _role(toks[j], "street_former") is not None:
                # "ulicy Luteranckiej (dawniej Kirowa)": the street's former name
                j = street_name(j + 1, min(n, j + 3))
            if j < n and is_num[j]:
                not_facility_number.add(j)
                # with its letter ("1-Б", "1б")
                letter = (toks[j + 1].latin if j + 1 < n and len(toks[j + 1].raw) == 1
                          and toks[j + 1].raw.isalpha() else "")
                house_at.add(toks[j].latin + letter)
            elif (j + 1 < n and is_num[j + 1] and j > i + 1
                  and _is_number_sign(toks[j])):
                not_facility_number.add(j + 1)  # "на вулиці Енергетиків №3"
        if _role(t, "street_after") is not None:  # "62 Shchorsa Street", "Lenina Street, 175"
            j = i - 1
            while j >= max(0, i - 3) and not is_num[j] and not toks[j].roles:
                toks[j].ctx = "street"
                j -= 1
            # the number before or after is the house number ("144 Yablunska Street":
            # with the facility's address it names the facility, as "вулиця Лісова, 1-Б")
            if j >= 0 and is_num[j]:
                not_facility_number.add(j)
                house_at.add(toks[j].latin)
            if i + 1 < n and is_num[i + 1]:
                not_facility_number.add(i + 1)
                house_at.add(toks[i + 1].latin)
            elif i + 2 < n and is_num[i + 2] and _is_number_sign(toks[i + 1]):
                not_facility_number.add(i + 2)  # "Power Workers Street Nr. 3"
                house_at.add(toks[i + 2].latin)
        if (t.latin in ("na", "po") and i + 2 < n and toks[i + 1].raw[:1].isupper()
                and not toks[i + 1].roles and toks[i + 1].ctx == "place"
                and is_num[i + 2] and toks[i + 2].raw.isdigit()
                and not (i + 3 < n and toks[i + 3].roles and not toks[i + 2].stop
                         and toks[i + 3].latin not in _LIST_HEADS)):
            # "на Теплоенергетиків 3", "на Куйбышева, 61": "on" (на, по; the same letters in
            # Polish, Czech or Serbian "na") a capitalised name and a number is a street and
            # its house, then maybe where ("… 3 в Херсоні"); "на Харківщині 28 катівень"
            # counts places
            toks[i + 1].ctx = "street"
            not_facility_number.add(i + 2)
            house_at.add(toks[i + 2].latin)
        if _role(t, "near") is not None:
            landmark_next.add(i)
        if _role(t, "settlement_word") is not None and i + 1 < n and not toks[i + 1].roles:
            toks[i + 1].namey = True  # "посёлок Хомутовка": a settlement's name
        if (_role(t, "settlement_word") is not None and i > 0 and not toks[i - 1].roles
                and not is_num[i - 1] and toks[i - 1].ctx == "place"
                and _ADJECTIVE_RE.search(toks[i - 1].raw)
                and not _SETTLEMENT_ADJECTIVE_RE.search(t.raw)):
            # "во Владимирском поселке", "в Червоному селищі": an adjective before the
            # settlement word is the settlement's own name, not the town it derives from;
            # not before a settlement adjective ("Симферопольского городского отдела": the
            # city's department of Simferopol)
            toks[i - 1].own_name = True
            toks[i - 1].namey = True
        if (_role(t, "region_word") is not None and i + 1 < n and not t.stop
                and not toks[i + 1].roles and toks[i + 1].raw.isalpha()
                and toks[i + 1].raw.islower()):
            # "w obwodzie donieckim", "в області Донецькій": the lower-case adjective after
            # the region word is the region (a town before it stays the town)
            toks[i + 1].ctx = "region"
        elif _role(t, "region_word") is not None and _name_after_region_word(toks, i):
            # "in der abgelegenen nördlichen Region Archangelsk": after a lower-case word,
            # a Latin-script region word goes with the name after it, not the word before
            toks[i + 1].ctx = "region"
        elif _role(t, "region_word") is not None:
            j = i - 1
            while j >= 0 and toks[j].roles and _role(toks[j], "region_alias") is None:
                j -= 1  # "Ростовской области", "Kharkiv Oblast", "Чугуївського району"
            # never across a comma: "w osiedlu Komsomolski, w obwodzie tulskim", "à
            # Novozybkov, région de Bryansk", "im Ort Oleniwka, Region Donezk"
            if j >= 0 and i - j <= 2 and not is_num[j] and not toks[j].stop:
                toks[j].ctx = "region"
                while toks[j].hyph and j > 0 and not toks[j - 1].roles:
                    j -= 1  # "Зубово-Полянського району": the whole name is the district
                    toks[j].ctx = "region"
                # "Krasnodar Krai, Volgograd and Vladimir oblasts": a plural region word
                # makes every place of the list before it a region
                while (_role(t, "region_plural") is not None and j >= 2
                       and (toks[j - 1].latin in _CONJUNCTIONS or toks[j - 1].stop)):
                    k = j - 1 if toks[j - 1].stop else j - 2
                    if k < 0 or toks[k].roles or is_num[k] or not toks[k].raw[:1].isupper():
                        break
                    toks[k].ctx = "region"
                    j = k
        if (_role(t, "region_word") is not None and _role(t, "region_before") is None
                and (i == 0 or toks[i - 1].stop) and i + 1 < n and not toks[i + 1].roles
                and toks[i + 1].raw[:1].isupper()):
            # ... and there, first in its clause, it goes with the name after it (German,
            # Dutch and Nordic order: "Oleniwka, Region Donezk", "Oblast Saporischschja")
            toks[i + 1].ctx = "region"
        if _role(t, "region_before") is not None:
            for j in range(i + 1, min(n, i + 3)):
                if not toks[j].roles:
                    toks[j].ctx = "region"
                    break
    with_area = _jurisdiction(toks, is_num, lower)
    for i in landmark_next:
        # (past small words and a word for a city: "unweit der Stadt Cherson", "near the
        # city of Kherson"; near a village is at it: "вблизи деревни Сахарово")
        _landmark_at(toks, is_num, range(i + 1, min(n, i + 5)))
    for i in far_next:  # (after any near word's landmark: "250 km east of Moscow")
        _landmark_at(toks, is_num, range(i + 1, min(n, i + 5)), "far")
    for i, t in enumerate(toks):
        if _role(t, "near_after") is not None:  # "Yoşkar-Ola şehrinin yakınında"
            j = _landmark_at(toks, is_num, range(i - 1, max(-1, i - 5), -1))
            while j and toks[j].hyph:  # (the whole of a hyphenated name before it)
                j -= 1
                toks[j].ctx = "landmark"
    for i, t in enumerate(toks):
        if _role(t, "other_place") is None:
            continue
        # a quoted name beside another kind of place is that place's name, not a town ("the
        # ‘Taganrog’ Hotel", 'отеля "Таганрог"')
        for step in (-1, 1):
            j = i + step
            while 0 <= j < n and toks[j].quoted and not toks[j].roles:
                toks[j].ctx = "name"
                j += step
    for j in sorted(not_facility_number):
        if toks[j].slashed and toks[j].latin in house_at and j + 1 < n and is_num[j + 1]:
            # a house number with its slash ("ул. Лесная, 12/3"): the part after it too
            not_facility_number.add(j + 1)
    suffixes = voc.region_suffixes
    for t in toks:  # "на Харківщині": the region, as a place word
        if not t.roles and t.ctx == "place":
            for suf in suffixes:
                if t.skel.endswith(suf) and len(t.skel) - len(suf) >= 4:
                    t.stem = stem(t.skel[: -len(suf)])
                    t.ctx = "region"
                    break

    strong: set[str] = set()
    written: set[str] = set()  # the strong kinds written, not reached through `also_kinds`
    loose_said: set[str] = set()  # loose kinds written ("camp" for camp, colony, filtration)
    weak: list[frozenset[str]] = []
    words: list[Word] = []
    numbers: list[tuple[int, int]] = []  # (position, value)
    ordinals: list[tuple[int, int]] = []
    sign_pos: list[int] = []
    kind_pos: list[int] = []
    regions: set[str] = set()
    one_regions: set[str] = set()  # ... of words naming one region, not a wide area
    wide: set[str] = set()  # ... of words naming a wide area ("Siberia"), and as written
    wide_raw: list[str] = []
    names: set[str] = set()
    firm: set[str] = set()
    other_places: list[str] = []
    several = plural = ""
    town_only_names: set[str] = set()
    captives: list[str] = []
    planned: list[str] = []
    so_called = False  # "так называемый …": the kind words after it are stated firmly
    regime = False  # a regime stated ("строгого режима"): a colony firmly
    likeness: list[str] = []
    vague = True  # every kind word so far is one that a region alone does not narrow
    plural_kind = ""
    # places listed one after another ("in the police building, in the temporary detention
    # center", "СИЗО и колония"): a comma or "and" starts the next part; a part is an item
    # when "and" joins it to the next or the one before, or it starts with a preposition
    segment = 0
    seg_kinds: dict[int, set[str]] = defaultdict(set)
    seg_head: dict[int, bool] = {}
    seg_raw: dict[int, list[str]] = defaultdict(list)
    # a district's name beside a district word ("в Железнодорожном РОВД"): the district, no
    # name of a facility or place (`Parsed.district_name`)
    district_at = {j for i, t in enumerate(toks) if _role(t, "district") is not None
                   for j in range(max(0, i - 1), min(len(toks), i + 2))
                   if toks[j].stem in voc.district_names}
    for i, t in enumerate(toks):
        if i and (toks[i - 1].stop or t.latin in _CONJUNCTIONS):
            segment += 1
            if t.latin in _CONJUNCTIONS:
                seg_head[segment] = seg_head[segment - 1] = True
        if segment not in seg_head and t.latin not in _CONJUNCTIONS:
            seg_head[segment] = t.latin in _LIST_HEADS
        is_plural = t.latin in voc.plural
        if is_plural and not plural and not any(
                _role(tk, "one_of") is not None for tk in toks[max(0, i - 6):i]):
            plural = t.raw  # ("one of the main detention facilities" is one place)
        if _role(t, "ukraine_run") is not None:
            captives.append(t.raw)
            continue
        if _role(t, "planned") is not None:
            planned.append(t.raw)
            continue
        if _role(t, "so_called") is not None:
            so_called = True
            continue
        if _role(t, "likeness") is not None:
            likeness.append(t.raw)
            continue
        if (t.latin in voc.counts and not several and not (i + 1 < n and toks[i + 1].hyph)
                and not any(_role(tk, "one_of") is not None for tk in toks[max(0, i - 3):i])):
            # "дві основні катівні", "сім місць"; "two-storey" counts no places, "one of
            # two prisons" one
            for j in range(i + 1, min(n, i + 4)):
                if toks[j].stem in voc.people:
                    break  # "двух сотрудников СИЗО-1": two people of one place
                if (kind_at[j] or toks[j].stem in voc.sites) and j not in landmark_kind:
                    several = " ".join(dict.fromkeys(tk.raw for tk in toks[i:j + 1]))
                    break
            else:
                # a count standing for places, then where they are ("two in Olinivka", "три
                # у Маріуполі"): several places, whatever kind ("two prisons in X" above)
                # (not a number's name: "Facility Number Two in Taganrog")
                if (i + 1 < n and toks[i + 1].latin in _LIST_HEADS and not any(kind_at)
                        and not (i and _is_number_sign(toks[i - 1]))
                        and not any(tk.stem in voc.people for tk in toks[:i])):
                    several = f"{t.raw} {toks[i + 1].raw}"
        if is_num[i]:
            if len(t.latin) <= 3 and i not in not_facility_number:
                numbers.append((i, int(t.latin)))
            continue
        if t.latin in voc.ordinals and not t.phrase:
            ordinals.append((i, voc.ordinals[t.latin]))
            continue
        kind = _role(t, "kind")
        wk = _role(t, "weak")
        if kind is not None or wk is not None:
            if i in landmark_kind:
                continue
            if loose and (any(_role(tk, "finder") is not None for tk in toks[i + 1:i + 3])
                          or any(_role(tk, "finder_before") is not None
                                 for tk in toks[max(0, i - 2):i])):
                continue  # "the police discovered a torture chamber": not what was found

            kind_pos.append(i)
            if t.phrase and i > 0 and toks[i - 1].phrase and toks[i - 1].roles == t.roles:
                continue  # one phrase, one kind
            # a place adjective in the plural before it ("в тюменских СИЗО", "у луганських
            # ІВС", "w rosyjskich koloniach"): the kind word is plural too, even if it does
            # not decline
            plural_adj = i > 0 and _PLURAL_ADJECTIVE.search(toks[i - 1].raw) is not None
            if loose and (is_plural or plural_adj) and not any(
                    _role(tk, "one_of") is not None for tk in toks[max(0, i - 4):i]):
                plural_kind = plural_kind or t.raw
                continue  # "из местных колоний": a class of places, not this one's kind
            seg_kinds[segment].add(kind if kind is not None else wk)
            seg_raw[segment].append(t.raw)
            said_kinds = _kinds_said(voc, t)
            vague = vague and bool(voc.vague & said_kinds)
            if kind is not None:
                if loose and kind in voc.loose:
                    weak.append(voc.loose[kind])
                    loose_said.add(kind)
                elif loose and t.quoted and not t.named_quote:
                    # a "so-called" kind: «фільтраційна» тюрма
                    weak.append(frozenset({kind}))
                else:
                    strong.add(kind)
                    written.add(kind)
                    if loose:
                        strong |= voc.also.get(kind, frozenset())
                    if loose and (is_plural or plural_adj):
                        # "one of" the town's colonies ("в одну з колоній Твері"): it has
                        # several of that kind, stated firmly, never loosely its SIZO
                        firm.add(kind)
            else:
                weak.append(frozenset(wk.split("|")))
            continue
        canon = _role(t, "acronym")
        if canon is not None:
            if (not t.phrase and _role(t, "other_place") is not None) or canon in voc.town_only:
                # one common word that is also another kind of place ("station": a gas,
                # bus or water-filtration station too), or where in a town ("в центрі"),
                # names the facility only with its town
                town_only_names.add(canon)
                if _role(t, "other_place") is not None and not _after_near(toks, i):
                    # ... and is another kind of place, as below ("тюрьма в аэропорту
                    # Мариуполя"), by its group's word ("airfield" of "аэропорт")
                    other_places.append((canon, t.raw))
            elif not (t.phrase and i > 0 and toks[i - 1].phrase
                      and toks[i - 1].roles == t.roles):
                names.add(canon)
                seg_kinds[segment].add("name:" + canon)  # "the SBU building": a place
                seg_raw[segment].append(t.raw)
                for s in voc.expansions.get(canon, ()):
                    words.append(Word(s, "name", t.quoted, False, i, t.first))
            continue
        code = _role(t, "region_alias")
        if code is not None and not (t.hyph and _role(t, "wide_area") is not None):
            # (a word may name several regions: "the Russian Arctic"; a wide area's word
            # joined to a town's is that town's name: "Каменск-Уральский")
            codes = {v for r, v in t.roles if r == "region_alias"}
            regions |= codes
            if _role(t, "wide_area") is not None:
                wide |= codes
                wide_raw.append(t.raw)
            elif len(codes) == 1:
                one_regions |= codes
            continue
        fk = _role(t, "firm")
        if fk is not None:
            said = fk.split()  # a key may name several kinds ("prison sizo")
            firm.update(said)
            strong.update(said)
            regime |= "colony" in said
            continue
        if _role(t, "other_place") is not None:
            # another kind of place anywhere in the text ("Спортзал для …", "у
            # Маріупольському аеропорту"), unless it is a landmark ("behind the
            # supermarket"); it stays a name word ("garage" of a garage)
            if not _after_near(toks, i):
                other_places.append((t.stem, t.raw))
            words.append(Word(t.stem, t.ctx, t.quoted, False, i, t.first, t.cap, t.skel,
                              exact=True, raw=t.raw))
            continue
        if t.latin in voc.counts:
            continue
        if _is_number_sign(t):
            sign_pos.append(i)
            continue
        if t.roles or i in district_at:  # generic, street, region and near words
            continue
        if t.ctx == "street":
            words.append(Word(t.stem, "street", t.quoted, False, i, t.first, t.cap, raw=t.raw))
            continue
        # the first half of a compound adjective, in lower case ("судово-психіатричної",
        # "военно-полевой"): a word of the language, never a town read with a typo
        compound = (i + 1 < len(toks) and toks[i + 1].hyph and t.raw[-1:] in "оеoe"
                    and t.raw.islower() and toks[i + 1].raw.islower())
        words.append(Word(t.stem, t.ctx, t.quoted, t.namey and not t.first, i, t.first,
                          t.cap, t.skel, t.own_name, hyph=t.hyph, exact=compound,
                          adj=bool(_FULL_ADJECTIVE.search(t.raw)),
                          placed=i > 0 and toks[i - 1].latin in _LIST_HEADS,
                          came_from=i > 0 and toks[i - 1].latin in voc.came_from,
                          origin=_after_residents(voc, toks, i),
                          after_city=i > 0 and _role(toks[i - 1], "city_word") is not None,
                          raw=t.raw))
    if regime and "prison" in loose_said and "colony" not in written:
        # a regime beside a prison word: a colony, or a prison (Russian prisons have their
        # regimes too: "тюрьмы особого режима №2 в Красноярском крае" may be the krai's
        # prison No. 2), both firmly
        strong.add("prison")
        firm.add("prison")
    # "колония … для пожизненно осужденных": the narrower kind is what the place is; only
    # a kind the text writes narrows ("ИВС … отдела милиции" is the IVS; a police word
    # alone also reaches the IVS through `also_kinds`, and stays both), and not beside a
    # named district ("в ИВС Железнодорожного РОВД": the district's department says which)
    if not district_at:
        strong -= {k for said in written for k in voc.narrows.get(said, ())}
    kinds: frozenset[str]
    if strong:
        kinds = frozenset(strong)
    elif weak:
        inter = frozenset.intersection(*weak)
        kinds = inter or frozenset.union(*weak)  # "“filtration” prison": either
    else:
        kinds = frozenset()
    number = None
    source = ""
    anchors = kind_pos + sign_pos + numbered_at

    def _near(p_: int, ks: list[int]) -> bool:
        return any(abs(p_ - k) <= 1 or (abs(p_ - k) == 2 and k + 1 in sign_pos) for k in ks)

    def _kind_of(k: int) -> str | None:
        return _role(toks[k], "kind")

    landmarks: set[tuple[str, int | None]] = set()
    lm_pos = sorted(landmark_kind)
    if lm_pos:
        lm_kinds = {kk for k in lm_pos if (kk := _kind_of(k)) is not None}
        lm_nums = [(p_, v) for p_, v in numbers
                   if _near(p_, lm_pos) and not _near(p_, kind_pos)]
        if not lm_nums:
            # ... or a number sign's number a few words after it, with no other kind between
            # ("en el territorio de la antigua colonia correccional Volnovakha (№120)")
            lm_nums = [(p_, v) for p_, v in numbers
                       if p_ - 1 in sign_pos and 0 < p_ - lm_pos[-1] <= 5
                       and not any(lm_pos[-1] < k < p_ for k in kind_pos)]
        numbers = [(p_, v) for p_, v in numbers if (p_, v) not in lm_nums]
        for kk in lm_kinds:
            landmarks |= {(kk, v) for _, v in lm_nums} or {(kk, None)}
    pairs: set[tuple[str, int]] = set()
    for p_, v in numbers:
        near_k = [k for k in kind_pos if _near(p_, [k]) and _kind_of(k) is not None]
        if near_k:
            k = min(near_k, key=lambda k: (abs(k - p_), k > p_))
            pairs.add((_kind_of(k), v))
    # "училища № 17 і № 27", "IK-1, № 6": a number listed after a kind's number (a number
    # sign before it, "and", "or" or a comma between) is another number of that kind
    kind_of_num = {p_: k for p_, v in numbers for k, v2 in pairs if v2 == v
                   and any(_near(p_, [kp]) and _kind_of(kp) == k for kp in kind_pos)}
    for p_, v in numbers:
        if p_ in kind_of_num:
            continue
        k = p_ - 1
        if k >= 0 and k in sign_pos:
            k -= 1
        else:
            continue
        if k >= 0 and toks[k].latin in _CONJUNCTIONS | _ALTERNATIVES:
            k -= 1
        elif not (k >= 0 and toks[k].stop):
            continue
        if k >= 0 and toks[k].paren == ")":
            # ... and an aside in brackets after that number ("колонии №7 (Голая Пристань)
            # и №90 (Херсон)"): the number before the aside
            opened = [j for j in range(max(0, k - 5), k) if toks[j].paren == "("]
            if opened and not any(toks[j].paren for j in range(opened[-1] + 1, k)):
                k = opened[-1]
        if k in kind_of_num:
            pairs.add((kind_of_num[k], v))
            kind_of_num[p_] = kind_of_num[k]
    number_at = -1
    if numbers:
        near = [(p, v) for p, v in numbers if _near(p, anchors)]
        if near:
            number_at, number = near[0]
            source = "kind"
        elif len(words) + len(kind_pos) <= 4 and (
                numbers[0][0] > 0 or kind_pos):
            # a bare number in a short reference ("Курськ 1", "10th colony"); one that
            # opens a text with no kind word is a count ("21 znajduje się w Lefortowie")
            number, source = numbers[0][1], "bare"
    if number is None and ordinals:
        near = [v for p, v in ordinals if any(abs(p - k) <= 1
                                              for k in kind_pos + numbered_at)]
        if near:
            number, source = near[0], "ordinal"
    strong_pos = [k for k in kind_pos if _role(toks[k], "kind") is not None]
    if loose and number_at >= 0 and len(strong) > 1 and strong_pos:
        # "СІЗО на території колонії № 1": the number is the other kind's
        anchor = min(kind_pos, key=lambda k: (abs(k - number_at), k > number_at))
        if _role(toks[anchor], "kind") != _role(toks[strong_pos[0]], "kind"):
            number, source = None, "of another kind"
    # two places listed, each with its own kind ("in the police building, in the temporary
    # detention center"), not one place said twice ("СІЗО, слідчий ізолятор")
    listed: tuple[str, ...] = ()
    said = [k for k in sorted(seg_kinds) if seg_head.get(k)]
    if loose and any(seg_kinds[a].isdisjoint(seg_kinds[b])
                     for k, a in enumerate(said) for b in said[k + 1:]):
        listed = tuple(dict.fromkeys(w for k in said for w in seg_raw[k]))
    # two places joined by "and", each a capitalised name where a town stands ("в с.
    # Безымяное и в с. Казацкое", "Лефортовская, Бутырская и Владимирский Централ"):
    # a list of places, whatever kind words stand with them

    def _town_like(k: int) -> bool:
        return (0 <= k < n and not toks[k].roles and not is_num[k] and toks[k].ctx == "place"
                and (toks[k].raw[:1].isupper() or lower) and toks[k].raw.isalpha())

    listed_if_towns: tuple[str, ...] = ()
    if loose and not listed:
        for i, t in enumerate(toks):
            if t.latin not in _CONJUNCTIONS or not i or toks[i - 1].stop:
                continue
            k = i + 1

            def _lead(j: int) -> bool:  # "в", "in", "village", "с." (село): before a place
                return (toks[j].latin in _LIST_HEADS or len(toks[j].raw) == 1
                        or _role(toks[j], "settlement_word") is not None)

            while k < n and _lead(k):
                k += 1
            # (the first item where a place stands: after "in", a settlement word or a
            # comma, or opening the text; German nouns are capitalised: "Leiden und
            # Sterben", "für Jugendliche und Frauen" list no places)
            plain = i < 2 or toks[i - 2].stop or _lead(i - 2)
            # ... or the last word of a two-word name right after a kind word ("в колонии
            # Голой Пристани и Херсона": two places, one kind word)
            two = (not plain and i >= 3 and _town_like(i - 2)
                   and _role(toks[i - 3], "kind") is not None)
            head = plain or two
            if (head and _town_like(i - 1) and _town_like(k)
                    and toks[i - 1].stem != toks[k].stem
                    and (k + 1 >= n or not toks[k + 1].hyph)):
                if lower:  # (capitals say nothing: the index must know both as towns)
                    listed_if_towns = (toks[i - 1].stem, toks[k].stem)
                else:
                    listed = (" ".join(tk.raw for tk in toks[i - 1 - two:i]), toks[k].raw)
                break
    if so_called:  # ... a loose kind ("the so-called Olenivka prison") stays loose
        firm |= {k for k in strong if k not in voc.loose}
    route_start, route = _route(voc, toks)
    # words joined by hyphens into one town's name ("Komsomolsk-on-Amur", "Калач-на-Дону"):
    # their skeleton read whole, at each word's position
    compound: dict[int, str] = {}
    i = 0
    while i < n:
        k = i + 1
        while k < n and toks[k].hyph:
            k += 1
        if k - i > 1:
            whole = _compound_key(tk.raw for tk in toks[i:k])
            compound |= {tk.pos: whole for tk in toks[i:k]}
        i = k
    return Parsed(kinds, number, words, [v for _, v in numbers], source, frozenset(regions),
                  frozenset(names), frozenset(strong), loose_said=frozenset(loose_said),
                  one_region_codes=frozenset(one_regions), wide_codes=frozenset(wide),
                  wide_area=" ".join(wide_raw), compound=compound,
                  town_only_names=frozenset(town_only_names - names),
                  house_numbers=frozenset(house_at),
                  official_at=frozenset(
                      i for i in range(n - 2) if toks[i].cap and not toks[i].quoted
                      and toks[i + 1].stem.startswith("slidc")
                      and toks[i + 2].stem.startswith("izolator")),
                  lowercase=lower,
                  pairs=frozenset(pairs), landmarks=frozenset(landmarks),
                  firm=frozenset(firm), other_places=tuple(dict.fromkeys(other_places)),
                  several=several, plural=plural, ukraine_run=" ".join(captives),
                  planned=" ".join(planned), likeness=" ".join(likeness),
                  listed=listed, listed_if_towns=listed_if_towns,
                  vague=bool(kinds) and not strong and vague,
                  plural_kind=plural_kind if not kinds else "",
                  kind_at=frozenset(kind_pos),
                  also_only=frozenset(strong - written - {k for ks in weak for k in ks}),
                  district=next((t.raw for t in toks if _role(t, "district") is not None), ""),
                  district_name=next((voc.district_names[toks[j].stem]
                                      for j in sorted(district_at)), ""),
                  makeshift=" ".join(t.raw for t in toks if _role(t, "makeshift") is not None
                                     or _role(t, "works") is not None),
                  works=any(_role(t, "works") is not None for t in toks),
                  medicine=next((m for t in toks if (m := _role(t, "medicine"))), ""),
                  local=next((t.raw for t in toks if _role(t, "local") is not None), ""),
                  directorate=" ".join(t.raw for t in toks
                                       if _role(t, "directorate") is not None),
                  border=next((t.raw for t in toks if _role(t, "border") is not None), ""),
                  one_of_many=next((" ".join(tk.raw for tk in toks[max(0, i - 3):i + 1])
                                    for i, t in enumerate(toks)
                                    if _role(t, "many_places") is not None and any(
                                        _role(tk, "one_of") is not None
                                        for tk in toks[max(0, i - 3):i])), ""),
                  women=next((t.raw for t in toks if _role(t, "women") is not None), ""),
                  men_only=" ".join(dict.fromkeys(
                      t.raw for t in toks if _role(t, "men_only") is not None)),
                  superlative=" ".join(
                      t.raw for t in toks if _role(t, "superlative") is not None),
                  # the federal service "по г. Москве", "for the city of Moscow": that
                  # place's directorate, as "УФСИН по г. Москве"
                  regional_penal=any(_role(t, "regional_penal") is not None or (
                      _role(t, "federal_penal") is not None and k in with_area)
                      for k, t in enumerate(toks)),
                  federal_penal=any(_role(t, "federal_penal") is not None
                                    and k not in with_area for k, t in enumerate(toks)),
                  route_start=frozenset(route_start), route=route,
                  settle_words=frozenset((i, t.stem) for i, t in enumerate(toks)
                                         if _role(t, "settlement_word") is not None))


def _as_written(words: Iterable[Word]) -> str:
    """Words as the text writes them, each once, for a message ("Okrestina Minsk")."""
    return " ".join(dict.fromkeys(w.raw or w.stem for w in words))
