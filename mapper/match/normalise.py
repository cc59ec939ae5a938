"""Step 1 of matching: text artefacts out, and the matching key of a word.

Copied text carries HTML entities, soft and line-break hyphens, odd spaces and stress
marks; `normalise` takes them out before anything reads the words. `stem` is the key every
later step compares: a word's skeleton (`mapper.names.skeleton`) less one inflectional
ending, so "Курск", "Курская" and "Курський" meet.
"""

from __future__ import annotations

import html
import re
import unicodedata
from functools import lru_cache

from ..names import skeleton

#: Polish and Czech adjectival endings ("Lefortowskiego", "Butyrskiej", "Lefortovského")
#: come after the Russian and Ukrainian ones they resemble, as skeletons.
_ENDINGS = ("skoho", "skomu", "skom", "skoi", "skoe", "skih", "skie", "skim", "skii", "ski",
            "skeho", "skei", "keho",
            "ska", "ske", "sko", "sku", "sk", "koho", "komu", "koi", "koe", "kih", "kim", "kom",
            "ki", "ka",
            "ke", "oho", "omu", "om", "oi", "oe", "ii", "ie", "ih", "a", "e", "i", "o", "u")
_SPACE = re.compile(r"\s+")


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The matching key of one word: skeleton, then one inflectional ending cut.

    "Таганрог", "Таганроге" and "Таганрозький" give "tahanroh"/"tahanroz" (one edit apart);
    "Курск", "Курская", "Курское", "Курський" all give "kur".

    Examples
    --------
    >>> stem("Курское") == stem("Курськ")
    True
    """
    s = skeleton(word)
    for end in _ENDINGS:
        if s.endswith(end) and len(s) - len(end) >= 3:
            s = s[: -len(end)]
            break
    if s.endswith("ck") and len(s) >= 5:  # Донецьк/Donetsk "doneck" meets Донецький "donec"
        return s[:-1]
    return s


_ARTEFACTS = (
    (re.compile(r"(\w)[\u00ad\u200b\u2060]+(\w)"), r"\1\2"),  # soft hyphen, zero-width
    (re.compile(r"(\w)-[ \t]*\r?\n\s*(\w)"), r"\1\2"),  # line-break hyphen "ізоля-\nтор"
    (re.compile(r"[\u00a0\u2007\u202f\u2009\u200a]"), " "),  # non-breaking and thin spaces
    (re.compile(r"[‐‑‒–—―]"), "-"),  # dashes
    (re.compile(r"(?<=[^\W\d_])[\u0300\u0301]"), ""),  # stress marks "слі́дчий ізоля́тор"
)
#: Latin letters that look like Cyrillic ones, and back: a page that types "деpжавної
#: уcтанови" (Latin p, c) in Cyrillic words, or "Olenivkа" with a Cyrillic а, is read as
#: one script. Only in a word that mixes the two, and only when every letter of the minority
#: script has a twin.
_LATIN_CYRILLIC = dict(zip("aceiopxyACEHIKMOPTXB", "асеіорхуАСЕНІКМОРТХВ", strict=True))
_CYRILLIC_LATIN = {v: k for k, v in _LATIN_CYRILLIC.items()} | {"ѕ": "s"}
_MIXED = re.compile(r"[^\W\d_]*(?:[a-zA-Z][^\W\d_]*[а-яёіїєґА-ЯЁІЇЄҐ]|"
                    r"[а-яёіїєґА-ЯЁІЇЄҐ][^\W\d_]*[a-zA-Z])[^\W\d_]*")
#: ... looked for only in a text that has letters of both scripts (most have one: the
#: search above backtracks over every word, a third of the time `normalise` takes)
_LATIN_LETTER = re.compile(r"[a-zA-Z]")
_CYRILLIC_LETTER = re.compile(r"[а-яёіїєґА-ЯЁІЇЄҐ]")


def _one_script(m: re.Match) -> str:
    word = m.group(0)
    latin = [c for c in word if "a" <= c.lower() <= "z"]
    cyrillic = len(word) - len(latin)
    if cyrillic >= len(latin) and all(c in _LATIN_CYRILLIC for c in latin):
        return "".join(_LATIN_CYRILLIC.get(c, c) for c in word)
    if len(latin) > cyrillic and all(c in _CYRILLIC_LATIN for c in word if c not in latin):
        return "".join(_CYRILLIC_LATIN.get(c, c) for c in word)
    return word


#: A word broken by a hyphen with no line break ("коло-нії"): joined when the whole is a
#: kind word and neither part is a word the vocabulary knows.
_BROKEN_WORD = re.compile(r"\b([а-яіїєґё]{2,})-([а-яіїєґё]{2,})\b")


def normalise(text: str) -> str:
    """Text artefacts out: HTML entities, soft and line-break hyphens, odd spaces.

    Parameters
    ----------
    text : str
        A reference as copied from a page or a spreadsheet.

    Returns
    -------
    str
        NFC text with entities decoded, hyphenation joined, one space between words.

    Examples
    --------
    >>> normalise("Таганрозький ізоля-\\nтор&nbsp;№2")
    'Таганрозький ізолятор №2'
    """
    t = unicodedata.normalize("NFC", html.unescape(str(text or "")))
    for rx, repl in _ARTEFACTS:
        t = rx.sub(repl, t)
    if _LATIN_LETTER.search(t) and _CYRILLIC_LETTER.search(t):
        t = _MIXED.sub(_one_script, t)
    return _SPACE.sub(" ", t).strip()
