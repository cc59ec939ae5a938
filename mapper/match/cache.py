"""The matcher of a facility table, built once and kept; matching a column of references.

Building a `Matcher` parses every name in the registry; it is kept in memory per table
*content* (so aliases edited in place take effect at once) and between runs in a cache
folder (`cache_dir`).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from . import towns
from .matcher import MATCH_COLUMNS, Matcher, _as_list, _text
from .vocabulary import VOCABULARY_PATH


def _matching_table(layer: pd.DataFrame) -> pd.DataFrame:
    """The columns the matcher reads, each cell as one string."""
    cols = [c for c in MATCH_COLUMNS if c in layer.columns]
    return pd.DataFrame({c: layer[c].map(lambda v: "|".join(_as_list(v))
                                         if isinstance(v, (list, tuple, np.ndarray))
                                         else _text(v)) for c in cols})


def content_key(layer: pd.DataFrame) -> int:
    """A hash of what the matcher reads from a facility table (its names, places, kinds).

    Parameters
    ----------
    layer : pandas.DataFrame
        A facility layer or registry table.

    Returns
    -------
    int
        Equal for tables with equal matching content, whatever the object; changes when
        an alias or name is edited in place.
    """
    return _table_key(_matching_table(layer))


def _table_key(table: pd.DataFrame) -> int:
    """The in-memory key of a matching table (for this process: `hash` is salted)."""
    return int(pd.util.hash_pandas_object(table, index=False).sum()) ^ hash(tuple(table))


_MATCHERS: dict[int, Matcher] = {}


def cache_dir() -> Path | None:
    """Where built matchers are kept between runs; None when the cache is off.

    ``MAPPER_CACHE_DIR`` chooses the folder, and an empty value or ``off`` turns the cache
    off; by default ``$XDG_CACHE_HOME/detention-mapper`` (``~/.cache/detention-mapper``).
    The cache holds only what is built from the public registry, never a testimony.
    """
    env = os.environ.get("MAPPER_CACHE_DIR")
    if env is not None:
        return None if env.strip().lower() in ("", "off", "0") else Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "detention-mapper"


@lru_cache(maxsize=1)
def _code_fingerprint() -> str:
    """A hash of everything but the table that shapes a built matcher: this package's
    code, the vocabulary file, the reference tables (gazetteer, region names) and the
    versions of Python and of the libraries it uses."""
    import anyascii
    import rapidfuzz

    from ..paths import reference_dir

    h = hashlib.sha256()
    for f in [*sorted(Path(__file__).resolve().parents[1].rglob("*.py")), VOCABULARY_PATH,
              *sorted(reference_dir().glob("*.csv"))]:
        h.update(f.name.encode() + b"\0" + f.read_bytes())
    for v in (sys.version, np.__version__, pd.__version__, rapidfuzz.__version__,
              getattr(anyascii, "__version__", "")):
        h.update(str(v).encode() + b"\0")
    return h.hexdigest()


def _cache_file(table: pd.DataFrame, folder: Path) -> Path:
    """The file of a table's matcher (`_matching_table`): named by a hash of its content
    and of the code."""
    h = hashlib.sha256(_code_fingerprint().encode())
    h.update("\0".join(table.columns).encode())
    h.update(pd.util.hash_pandas_object(table, index=False).to_numpy().tobytes())
    return folder / f"matcher-{h.hexdigest()[:32]}.pickle"


_CACHE_KEEP = 8  # built matchers kept in the cache folder


def _load_or_build(layer: pd.DataFrame, table: pd.DataFrame) -> Matcher:
    """A matcher read from the cache folder (`cache_dir`), else built and stored there.

    Building parses every name in the registry and reads the gazetteer (`towns.tables`),
    a second or two; reading both back takes milliseconds. The file is named by a hash of
    the table's matching content and of everything else that shapes the matcher
    (`_code_fingerprint`), so an edit to any of them builds anew. A folder that cannot be
    written, or a file that cannot be read, only costs the build. The file is a pickle,
    written only by this function (mode 0600): like any of a user's own caches, the folder
    must not be writable by others.
    """
    folder = cache_dir()
    if folder is None:
        return Matcher(layer)
    path = _cache_file(table, folder)
    try:
        with path.open("rb") as f:
            m, built = pickle.load(f)
        if isinstance(m, Matcher) and isinstance(built, dict):
            towns.use_tables(built)
            return m
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError,
            ValueError, TypeError):
        pass
    m = Matcher(layer)
    tmp = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=path.name, suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            pickle.dump((m, towns.tables()), f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
        # the newest few are kept: each edit of the registry or the code leaves one behind
        old = sorted(folder.glob("matcher-*.pickle"), key=lambda q: q.stat().st_mtime)
        for q in old[:-_CACHE_KEEP]:
            q.unlink()
    except OSError:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
    return m


def matcher_for(layer: pd.DataFrame) -> Matcher:
    """The (cached) matcher of a facility table, keyed on the table's content.

    Parameters
    ----------
    layer : pandas.DataFrame
        A facility layer or registry table.

    Returns
    -------
    Matcher
        Reused while the table's names, aliases, places and kinds are unchanged; rebuilt
        when they change, even when the same object was edited in place. Between runs it
        is kept in `cache_dir` (set ``MAPPER_CACHE_DIR=off`` to build it every time).
    """
    table = _matching_table(layer)  # read once, for both keys
    key = _table_key(table)
    m = _MATCHERS.get(key)
    if m is None:
        m = _load_or_build(layer, table)
        if len(_MATCHERS) >= 4:
            _MATCHERS.pop(next(iter(_MATCHERS)))
        _MATCHERS[key] = m
    return m


def match_references(refs: pd.Series | Iterable[str], layer: pd.DataFrame | None = None
                     ) -> pd.DataFrame:
    """(contract) Match free-text facility references to facility ids.

    Parameters
    ----------
    refs : pandas.Series or iterable of str
        The references as written.
    layer : pandas.DataFrame, optional
        The facility layer (default: the committed layer).

    Returns
    -------
    pandas.DataFrame
        Aligned with ``refs``: ``facility_id`` ("" unless matched), ``match_score``
        (0–100), ``match_status`` (matched | ambiguous | unmatched) and ``match_reason``
        (how it matched; for ambiguous rows, every candidate id; for unmatched rows, what
        to do).

    Examples
    --------
    >>> import mapper.match as mm, pandas as pd
    >>> from mapper.registry import load_registry
    >>> reg = load_registry()
    >>> mm.match_references(pd.Series(["СІЗО-2 Таганрог"]), reg).facility_id[0]
    'ru-rostov-taganrog-sizo-2'
    """
    if layer is None:
        from ..layer import load_facilities

        layer = load_facilities()
    if not isinstance(refs, pd.Series):
        refs = pd.Series(list(refs), dtype=object)
    return matcher_for(layer).match_series(refs)


def with_places(refs: pd.Series, places: pd.DataFrame | None) -> pd.Series:
    """References with the row's place cells read as their words: "the FSB office
    (Simferopol, Crimea)".

    Testimony sheets often give the town or region in columns of their own, and people
    describe a facility without naming its place when the sheet already does ("the school
    basement", "the district police station"). A place that singles out a facility the
    reference describes matches it; one that contradicts the reference's own place makes the
    row ambiguous, never a guess. An empty reference stays empty: a place alone names no
    facility.

    Parameters
    ----------
    refs : pandas.Series
        The references as written.
    places : pandas.DataFrame or None
        The place columns, aligned with ``refs`` (town, district, region...); None or no
        columns leaves ``refs`` as they are.

    Returns
    -------
    pandas.Series
        Aligned with ``refs``; object dtype.

    Examples
    --------
    >>> import pandas as pd
    >>> with_places(pd.Series(["the school basement", ""]),
    ...             pd.DataFrame({"town": ["Yahidne", "Izium"]})).tolist()
    ['the school basement (Yahidne)', '']
    """
    if places is None or places.shape[1] == 0:
        return refs
    def cell(v) -> str:
        return "" if v is None or (np.isscalar(v) and pd.isna(v)) else str(v).strip()

    cells = [[cell(v) for v in places[c].tolist()] for c in places.columns]
    out = []
    for ref, *where in zip([cell(r) for r in refs.tolist()], *cells, strict=True):
        said = ", ".join(w for w in where if w)
        out.append(f"{ref} ({said})" if ref and said else ref)
    return pd.Series(out, index=refs.index, dtype=object)
