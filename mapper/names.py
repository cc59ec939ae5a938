"""Comparing names across scripts and transliteration systems.

One place is written "Оленівка" (Ukrainian), "Оленовка" (Russian), "Olenivka" (Ukrainian
national system), "Olenovka" or "Olenowka" (other systems). `anyascii` turns any script into
Latin; `skeleton` then folds the differences between transliteration systems (kh/h, ts/c,
ya/ia/ja, iy/yi/y, g/h, Polish sz/cz, doubled letters) so that all spellings of one name
meet on one key. It is a matching key, never shown to users.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from anyascii import anyascii

# Order matters: longer clusters first. Each pair folds what one system writes one way and
# another system another way; together they make the key independent of the system used.
_FOLDS = (
    # French: "ou" is u, "tch" is ch ("Izioum", "Marioupol", "Kozatcha Lopan")
    ("iou", "u"), ("ou", "u"), ("tch", "c"),
    # German "schtsch" is shch ("Blahowischtschenka"), before its "sch" and "tsch"
    ("schtsch", "s"), ("shch", "s"), ("szcz", "s"), ("sch", "s"), ("sh", "s"), ("sz", "s"),
    ("ch", "c"), ("cz", "c"), ("zh", "z"), ("kh", "h"),
    ("tz", "c"), ("ts", "c"), ("x", "ks"), ("w", "v"), ("g", "h"),
    ("ya", "a"), ("ia", "a"), ("ja", "a"), ("yu", "u"), ("iu", "u"), ("ju", "u"),
    ("ye", "e"), ("ie", "e"), ("je", "e"), ("yo", "e"), ("jo", "e"), ("io", "e"),
    ("yi", "i"), ("iy", "i"), ("ii", "i"), ("yy", "i"), ("y", "i"), ("j", "i"),
)
_FOLD_RE = re.compile("|".join(re.escape(a) for a, _ in _FOLDS))
_FOLD_MAP = dict(_FOLDS)
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_DOUBLE = re.compile(r"([a-z])\1+")


@lru_cache(maxsize=200_000)
def latin(text: str) -> str:
    """Lowercase ASCII transliteration, words separated by single spaces.

    Cached: a testimony file repeats its words across thousands of references."""
    text = unicodedata.normalize("NFC", text or "")
    text = anyascii(text).lower().replace("'", "")
    return _NON_ALNUM.sub(" ", text).strip()


@lru_cache(maxsize=200_000)
def skeleton(text: str) -> str:
    """A key on which spellings of one name in any script or system coincide."""
    s = latin(text).replace(" ", "")
    s = _FOLD_RE.sub(lambda m: _FOLD_MAP[m.group(0)], s)
    return _DOUBLE.sub(r"\1", s)


def variants(name: str) -> list[str]:
    """The name and the alternatives written inside it: "Stakhanov (Kadiivka)", "A / B"."""
    if not name:
        return []
    parts = re.split(r"[()/;|]", name)
    out = [name] if len(parts) == 1 else []
    out += [p.strip() for p in parts if p.strip()]
    return list(dict.fromkeys(out))
