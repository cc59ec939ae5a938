"""Progress bars (tqdm) for long work: shown on a terminal, silent everywhere else.

A bar is drawn only when all of these hold: standard error is a terminal (not a pipe, a
file or a notebook's captured stream), ``CI`` is not set, ``MAPPER_QUIET`` is not set,
`set_quiet` was not called (``mapper --quiet ...``), and the work is large enough to be
worth it (``min_total`` items). Otherwise the iterable is returned as it is, at no cost.

Any module can wrap a loop::

    from ._progress import progress
    for ref in progress(uniques, desc="Matching references", unit="ref", min_total=5000):
        ...
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

_QUIET = False
#: Below this many items a loop is fast: no bar.
DEFAULT_MIN_TOTAL = 1000
#: Files below this many bytes are read without a bar.
MIN_BYTES = 16 * 1024 * 1024
CHUNK = 4 * 1024 * 1024


def set_quiet(quiet: bool = True) -> None:
    """Silence (or allow again) every progress bar of this process."""
    global _QUIET
    _QUIET = bool(quiet)


def enabled() -> bool:
    """Whether bars are drawn now: a terminal, not CI, not quiet."""
    if _QUIET or os.environ.get("MAPPER_QUIET") or os.environ.get("CI"):
        return False
    stream = sys.stderr
    try:
        return bool(stream is not None and stream.isatty())
    except (AttributeError, ValueError):  # replaced or closed stream
        return False


def _shape() -> dict[str, int]:
    """The bar's width (the terminal's, at most 100) and the screen's height.

    A terminal that reports no size (a bare pseudo-terminal) would make tqdm draw nothing:
    80 × 24 is used then.
    """
    size = shutil.get_terminal_size((80, 24))
    return {"ncols": min(size.columns or 80, 100), "nrows": max(size.lines, 24)}


def progress(iterable: Iterable[T], *, total: int | None = None, desc: str = "",
             unit: str = "it", min_total: int | None = None) -> Iterable[T]:
    """``iterable``, with a tqdm bar on standard error when `enabled` and large enough.

    ``min_total`` (default `DEFAULT_MIN_TOTAL`): fewer items than this, no bar.
    """
    min_total = DEFAULT_MIN_TOTAL if min_total is None else min_total
    if total is None:
        try:
            total = len(iterable)  # type: ignore[arg-type]
        except TypeError:
            total = None
    if not enabled() or (total is not None and total < min_total):
        return iterable
    from tqdm import tqdm

    return tqdm(iterable, total=total, desc=desc, unit=unit, file=sys.stderr,
                leave=False, mininterval=0.25, **_shape())


def read_bytes(path: str | os.PathLike, desc: str | None = None) -> bytes:
    """A file's bytes, read in chunks with a bar in bytes for a large file on a terminal."""
    path = Path(path)
    size = path.stat().st_size
    if size < MIN_BYTES or not enabled():
        return path.read_bytes()
    from tqdm import tqdm

    buf = bytearray()
    with open(path, "rb") as fh, tqdm(total=size, unit="B", unit_scale=True,
                                      unit_divisor=1024, desc=desc or f"Reading {path.name}",
                                      file=sys.stderr, leave=False, **_shape()) as bar:
        for chunk in iter(lambda: fh.read(CHUNK), b""):
            buf += chunk
            bar.update(len(chunk))
    return bytes(buf)

