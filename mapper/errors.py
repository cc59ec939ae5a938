"""The one home of the errors the mapper raises and the problems it reports.

Modelled on osmnx's ``_errors.py`` (one small module of exception classes, imported by every
other module; https://github.com/gboeing/osmnx): `InputError` for a user's file that cannot be
used, `BuildError` for a registry that cannot be built, `Problem` for one thing wrong in a
file (file, spreadsheet row, facility, message, what to do). The old import paths
(`mapper.io.InputError`, `mapper.layer.BuildError`, `mapper.registry.Problem`) still work.

Every message that quotes a user's file goes through `printable`, so a cell holding terminal
control sequences (ESC, OSC 52 clipboard writes, OSC 8 links, C1 controls) or bidirectional
overrides (U+202E) is shown as visible escapes, never acted on by the terminal.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

__all__ = ["BuildError", "InputError", "Problem", "printable"]

#: Characters kept as they are although Unicode calls them controls.
_KEEP = frozenset("\n\t")
#: Unicode categories escaped: controls, format characters (bidi overrides, zero-width),
#: surrogates, private use, unassigned, line and paragraph separators.
_UNSAFE = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})


def _escape(ch: str) -> str:
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: object, *, keep_newlines: bool = True) -> str:
    """``text`` with every control and format character shown as a visible escape.

    Escapes C0 and C1 controls (ESC, BEL, CR, NUL...), DEL, Unicode format characters
    (bidirectional overrides and isolates such as U+202E, zero-width characters, the BOM)
    and line/paragraph separators; keeps tabs and, unless ``keep_newlines`` is false,
    newlines. Everything else (Cyrillic, accents, emoji) is unchanged.

    Parameters
    ----------
    text : object
        The text to show; other objects are converted with ``str``.
    keep_newlines : bool, default True
        Keep ``\\n`` (a message's own line breaks); false escapes it too (one cell quoted
        on one line).

    Returns
    -------
    str
        Text that is safe to write to a terminal.

    Examples
    --------
    >>> printable("СІЗО-2\\x1b]52;c;ZXZpbA==\\x07")
    'СІЗО-2\\\\x1b]52;c;ZXZpbA==\\\\x07'
    >>> printable("abc\\u202edef")
    'abc\\\\u202edef'
    """
    s = str(text)
    if s.isprintable():  # fast path: nothing to escape (isprintable is False for \\n)
        return s
    keep = _KEEP if keep_newlines else frozenset("\t")
    return "".join(_escape(ch) if ch not in keep and unicodedata.category(ch) in _UNSAFE
                   else ch for ch in s)


class InputError(ValueError):
    """A problem with a user's input file, worded for the researcher who made it.

    The message names the file, the row where it helps, and what to do. ``str()`` of the
    error is always printable (see `printable`).

    Examples
    --------
    >>> from mapper.errors import InputError
    >>> str(InputError("a.csv: row 3 holds '\\x1b[2J'"))
    "a.csv: row 3 holds '\\\\x1b[2J'"
    """

    def __str__(self) -> str:
        return printable(super().__str__())


@dataclass(frozen=True)
class Problem:
    """One thing wrong in an input file, with where it is and what to do about it.

    Examples
    --------
    >>> str(Problem("registry.csv", 4, "ru-x", "'name_en' is empty", "fill in 'name_en'"))
    "registry.csv, row 4 (ru-x): 'name_en' is empty → fill in 'name_en'"
    """

    file: str
    row: int | None
    facility: str
    message: str
    hint: str = ""

    def __str__(self) -> str:
        where = f"{self.file}" + (f", row {self.row}" if self.row else "")
        who = f" ({printable(self.facility, keep_newlines=False)})" if self.facility else ""
        hint = f" → {self.hint}" if self.hint else ""
        return printable(f"{where}{who}: {self.message}{hint}")


class BuildError(InputError):
    """The registry cannot be built; ``problems`` lists why.

    Parameters
    ----------
    problems : list of Problem
        Every problem found, each naming the file, row, facility and what to do; the
        message lists them one per line.

    Examples
    --------
    >>> import mapper
    >>> reg = mapper.load_registry().head(3).copy()
    >>> reg.loc[reg.index[0], "facility_type"] = "castle"
    >>> try:
    ...     mapper.build_layer(reg)
    ... except mapper.BuildError as exc:
    ...     print(len(exc.problems) >= 1)
    True
    """

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))
