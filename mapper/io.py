"""Reading researchers' files and writing outputs safely.

Researchers' spreadsheets arrive as UTF-8, UTF-8 with a BOM (Excel), Windows-1251 (older
Russian and Ukrainian Excel), UTF-16 (Excel's "Unicode text") or XLSX, and often damaged:
a title above the header, merged cells, duplicate column names, NUL bytes, lines pasted in
from another encoding, a workbook renamed .csv. `read_table` reads what can be read and
tells each repair in ``df.attrs["warnings"]``, or refuses with a message saying what to do.

Outputs are written atomically (a crash or Ctrl-C leaves the previous file intact, never
half a file), multi-file outputs as a set (`staged_outputs`), and every CSV cell that a
spreadsheet would run as a formula is made inert (`inert`).
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import functools
import io
import json
import math
import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd
from charset_normalizer import from_bytes

from ._progress import read_bytes
from .errors import InputError, Problem, printable  # InputError: also mapper.io.InputError

#: Encodings tried in order when a CSV is not UTF-8.
FALLBACK_ENCODINGS = ("cp1251", "koi8_r", "utf_16")
#: Delimiters recognised in a CSV: comma, semicolon (Excel in uk/ru and most of Europe),
#: tab, and the vertical bar some databases export.
DELIMITERS = (",", ";", "\t", "|")
#: Leading rows looked at to find the header (a title or blank rows may come first).
HEADER_SEARCH_ROWS = 10
#: The largest cell the careful parser accepts (the csv module's default is 128 kB).
MAX_CELL = 1 << 28
#: Warnings kept per kind (the first ones show the pattern).
MAX_WARNINGS = 20
#: Signatures of files that are not text tables, whatever their name says.
_BINARY_MAGIC = (
    (b"\xd0\xcf\x11\xe0", "an old Excel .xls (or Word .doc) file"),
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
    (b"SQLite format 3\x00", "an SQLite database (a GeoPackage?)"),
    (b"PAR1", "a Parquet file"),
)
_SAVE_AS = "open it in a spreadsheet and save it as CSV UTF-8 or as .xlsx"
#: Text with no cell in it: separators, quotes and white space only (``\s`` is what
#: ``str.strip`` removes). A search, not a copy of the first 4 MB without those characters.
_BLANK_TABLE = re.compile(r"[,;\t|\s\"']*")


class _Notes:
    """The warnings of one read: each a `Problem`, at most `MAX_WARNINGS` per kind."""

    def __init__(self, path: Path):
        self.path = str(path)
        self.items: list[Problem] = []

    def add(self, row: int | None, message: str, hint: str = "") -> None:
        self.items.append(Problem(self.path, row, "", message, hint))


def _excerpt(text: str, limit: int = 60) -> str:
    """A cell quoted in a message: one line, at most ``limit`` characters, printable."""
    text = printable(text, keep_newlines=False)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _column_letter(i: int) -> str:
    """Spreadsheet column letter of 0-based column ``i`` (0 → A, 26 → AA)."""
    letters = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        letters = chr(65 + r) + letters
    return letters


def _utf16_without_bom(head: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when ``head`` is UTF-16 text that lacks its BOM.

    In UTF-16 every character takes two bytes; for Latin and Cyrillic text one byte of each
    pair is 0x00 or 0x04 (the Cyrillic block), so one parity of bytes is nearly constant.
    """
    head = head[: len(head) // 2 * 2]
    if len(head) < 8:
        return None
    even, odd = head[0::2], head[1::2]

    def plain(b: bytes) -> float:
        return (b.count(0) + b.count(4)) / len(b)

    if plain(odd) > 0.9 and even.count(0) / len(even) < 0.05 and odd.count(0):
        return "utf-16-le"
    if plain(even) > 0.9 and odd.count(0) / len(odd) < 0.05 and even.count(0):
        return "utf-16-be"
    return None


def _is_utf8(data: bytes) -> bool:
    """Whether ``data`` is valid UTF-8, checked by Arrow's validator without copying it."""
    import pyarrow as pa

    offsets = pa.py_buffer(np.array([0, len(data)], dtype=np.int64))
    text = pa.LargeStringArray.from_buffers(1, offsets, pa.py_buffer(data))
    try:
        text.validate(full=True)
    except pa.ArrowInvalid:
        return False
    return True


def detect_encoding(data: bytes) -> str:
    """Name the text encoding of ``data``.

    UTF-8 (with or without BOM), UTF-16 (with a BOM, or without one: Excel's "Unicode
    text"), or a Cyrillic single-byte encoding (Windows-1251, KOI8-R) guessed by
    charset-normalizer.

    Parameters
    ----------
    data : bytes
        The file's bytes (or its first part).

    Returns
    -------
    str
        A Python codec name.

    Examples
    --------
    >>> detect_encoding("установа".encode("cp1251"))
    'cp1251'
    >>> detect_encoding("facility,date".encode("utf-16-le"))
    'utf-16-le'
    """
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return "utf-32"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf_16"
    no_bom = _utf16_without_bom(data[:4096])
    if no_bom:
        return no_bom
    if _is_utf8(data):
        return "utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8"
    best = from_bytes(data[: 1 << 20], cp_isolation=list(FALLBACK_ENCODINGS[:2])).best()
    return best.encoding if best is not None else "cp1251"


def _line_of(data: bytes, pos: int) -> int:
    return data.count(b"\n", 0, pos) + 1


def _check_binary(path: Path, data: bytes) -> str | None:
    """Refuse files that are not text; return 'xlsx' for a workbook named like a CSV."""
    if data.startswith(b"PK\x03\x04"):
        import zipfile

        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                names = set(zf.namelist())
        except zipfile.BadZipFile:
            names = set()
        if "xl/workbook.xml" in names:
            return "xlsx"
        kind = ("an OpenDocument spreadsheet (.ods)" if "content.xml" in names
                else "a ZIP archive")
        raise InputError(f"{path}: this is {kind}, not a CSV table. To read it, {_SAVE_AS}.")
    start = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith((b"<!doctype html", b"<html", b"<?xml", b"<table")):
        kind = ("an Excel 2003 XML spreadsheet" if b"urn:schemas-microsoft-com:office:spreadsheet"
                in data[:4096] else "an XML file" if start.startswith(b"<?xml")
                else "a web page (HTML), as Excel's 'Save as web page' writes")
        raise InputError(f"{path}: this is {kind}, not a CSV table. To read it, {_SAVE_AS}.")
    for magic, kind in _BINARY_MAGIC:
        if data.startswith(magic):
            raise InputError(f"{path}: this is {kind}, not a CSV table. To read it, "
                             f"{_SAVE_AS}.")
    return None


def _strip_nul(path: Path, data: bytes, notes: _Notes) -> bytes:
    """Remove stray NUL bytes (they end rows early in some parsers) and say where they were."""
    head = data[:65536]
    controls = sum(head.count(bytes([b])) for b in (*range(0, 9), 11, 12, *range(14, 27),
                                                    *range(28, 32)))
    if controls > max(16, len(head) // 100):
        pos = next(i for i, b in enumerate(head) if b < 32 and b not in (9, 10, 13, 27))
        raise InputError(f"{path}: this file holds binary data (control bytes from line "
                         f"{_line_of(data, pos)}), not a text table. To read it, {_SAVE_AS}.")
    n = data.count(b"\x00")
    if not n:
        return data
    if head.count(b"\x00") > max(16, len(head) // 100):
        line = _line_of(data, data.index(0))
        raise InputError(f"{path}: this file holds binary data (NUL bytes from line "
                         f"{line}), not a text table. "
                         f"To read it, {_SAVE_AS}.")
    lines, pos, more = [], -1, False
    while True:
        pos = data.find(b"\x00", pos + 1)
        if pos < 0:
            break
        line = _line_of(data, pos)
        if line not in lines:
            if len(lines) == 10:
                more = True
                break
            lines.append(line)
    notes.add(None, f"{n} NUL byte(s) (invisible characters left by a broken export) were "
              f"removed, on line(s) {', '.join(map(str, lines))}"
              + (" and more" if more else ""),
              "check those rows in the original file")
    return data.replace(b"\x00", b"")


def _decode(path: Path, data: bytes, notes: _Notes) -> tuple[str | None, str]:
    """The file's text (None for UTF-8: the bytes are used) and its encoding.

    Rows in another encoding than the rest of the file are read in their own, and told.
    """
    encoding = detect_encoding(data)
    if encoding.startswith("utf-16") or encoding == "utf-32":
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            raise InputError(f"{path}: the file looks like UTF-16 text but byte {exc.start} "
                             f"cannot be read. To read it, {_SAVE_AS}.") from exc
        if encoding != "utf_16":
            notes.add(None, f"read as {encoding.upper()} without a byte-order mark "
                      "(Excel's 'Unicode text')", "")
        return text.lstrip("\ufeff"), encoding
    if encoding.startswith("utf-8"):
        return None, encoding  # pyarrow reads the bytes as they are
    # not UTF-8 as a whole: whole-file Windows-1251, or a file pasted together from both
    utf8_rows, other_rows = [], []
    lines = data.split(b"\n")
    for i, line in enumerate(lines):
        if line.isascii():
            continue
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            other_rows.append(i)
        else:
            utf8_rows.append(i)
    if utf8_rows and other_rows:
        legacy = detect_encoding(b"\n".join(lines[i] for i in other_rows[:2000]))
        bad = set(other_rows)
        text = "\n".join(line.decode(legacy if i in bad else "utf-8", errors="replace")
                         for i, line in enumerate(lines))
        shown = ", ".join(str(i + 1) for i in other_rows[:10])
        notes.add(None, f"mixed encodings: {len(other_rows)} line(s) are {legacy}, the rest "
                  f"UTF-8 (lines {shown}{' and more' if len(other_rows) > 10 else ''}); each "
                  "line was read in its own encoding",
                  "check those rows, and save the file once as CSV UTF-8")
        return text.lstrip("\ufeff"), f"utf-8+{legacy}"
    return data.decode(encoding, errors="replace"), encoding


def _sample_rows(text: str, sep: str, limit: int = 30) -> list[list[str]]:
    """The first records of ``text`` split on ``sep`` (quotes respected)."""
    csv.field_size_limit(MAX_CELL)
    end = 0
    for _ in range(limit):
        nxt = text.find("\n", end)
        if nxt < 0:
            end = len(text)
            break
        end = nxt + 1
    sample = text[: min(end, 4 << 20)]
    try:
        reader = csv.reader(io.StringIO(sample), delimiter=sep)
        return [r for _, r in zip(range(limit), reader, strict=False)]
    except csv.Error:
        return [line.split(sep) for line in sample.splitlines()[:limit]]


def _sniff(text: str) -> tuple[str, list[list[str]]]:
    """The delimiter (the one that splits the first rows most evenly) and those rows."""
    best: tuple[tuple[int, int], str, list[list[str]]] | None = None
    for sep in DELIMITERS:
        rows = _sample_rows(text, sep)
        widths = [len(r) for r in rows if any(c.strip() for c in r)]
        if not widths:
            continue
        common = max(set(widths), key=widths.count)
        score = (widths.count(common) if common > 1 else 0, common)
        if best is None or score > best[0]:
            best = (score, sep, rows)
    if best is None:
        return ",", []
    return best[1], best[2]


def _header_index(rows: list[list[str]]) -> int:
    """Where the header is: the first row with two or more filled cells.

    Report templates put a title ("Звіт про ...") and blank rows above the table; such rows
    have one filled cell at most. A one-column table keeps its first row as the header.
    """
    filled = [sum(1 for c in r if str(c).strip()) for r in rows]
    if not filled or max(filled) < 2:  # one column: its first filled row
        return next((i for i, n in enumerate(filled) if n), 0)
    for i, n in enumerate(filled[:HEADER_SEARCH_ROWS]):
        if n >= 2:
            return i
    return 0


def _tell_skipped(rows: list[list[str]], h: int, first_line: int, notes: _Notes) -> None:
    if h:
        text = "; ".join(_excerpt(" ".join(c for c in r if str(c).strip()))
                         for r in rows[:h] if any(str(c).strip() for c in r))
        notes.add(first_line + h, f"the header is on row {first_line + h}, not row "
                  f"{first_line}: the {h} row(s) above it were read as a title, not data"
                  + (f" ({text})" if text else ""),
                  "if they are data, put the column names on the first row")


def _unique_names(names: list[str], notes: _Notes) -> tuple[list[str], dict[str, list[str]]]:
    """Column names made unique: a second 'facility' becomes 'facility (2)', and is told.

    Returns the names and, for each duplicated name, every column that carries it.
    """
    out: list[str] = []
    dups: dict[str, list[str]] = {}
    first_of: dict[str, int] = {}
    for i, raw in enumerate(names):
        base = raw or f"column_{_column_letter(i)}"
        if base.lower() not in first_of:
            first_of[base.lower()] = i
            out.append(base)
            continue
        j = first_of[base.lower()]
        k = 2
        while f"{base} ({k})".lower() in (o.lower() for o in out):
            k += 1
        new = f"{base} ({k})"
        dups.setdefault(out[j], [out[j]]).append(new)
        notes.add(1, f"two columns are named '{_excerpt(base)}' (columns {_column_letter(j)} "
                  f"and {_column_letter(i)}); the second is read as '{_excerpt(new)}'",
                  "rename one of them: a command never guesses which one you meant")
        out.append(new)
    return out, dups


def _arrow_table(path: Path, data, sep: str, skip: int, names: list[str]):
    """Parse the CSV body with pyarrow (fast; every cell a string); None if it is ragged."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    try:
        return pacsv.read_csv(
            pa.BufferReader(data),
            read_options=pacsv.ReadOptions(skip_rows=skip, column_names=names,
                                           block_size=1 << 24),
            parse_options=pacsv.ParseOptions(delimiter=sep, newlines_in_values=True),
            convert_options=pacsv.ConvertOptions(
                column_types={n: pa.string() for n in names}, strings_can_be_null=False,
                quoted_strings_can_be_null=False))
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return None


def _python_rows(path: Path, text: str, sep: str, skip: int, width: int,
                 first_row: int) -> list[list[str]]:
    """The careful parser: short rows padded; extra cells refused unless empty."""
    rows: list[list[str]] = []
    csv.field_size_limit(MAX_CELL)
    reader = csv.reader(io.StringIO(text), delimiter=sep)
    try:
        for i, r in enumerate(reader):
            if i < skip:
                continue
            if len(r) > width:
                extra = [c for c in r[width:] if c.strip()]
                if extra:
                    raise InputError(
                        f"{path}: row {first_row + len(rows)} has {len(r)} cells but the "
                        f"header names {width} columns (extra: '{_excerpt(extra[0])}'). A "
                        f"'{sep}' inside a cell needs quotes around the cell; or add a name "
                        "for the extra column in the header.")
                r = r[:width]
            rows.append(r + [""] * (width - len(r)))
    except csv.Error as exc:
        raise InputError(f"{path}: not a readable CSV table near row "
                         f"{first_row + len(rows)} ({exc}); {_SAVE_AS}.") from exc
    return rows


def _read_csv(path: Path, data: bytes, suffix: str, notes: _Notes) -> tuple[pd.DataFrame, int,
                                                                          str]:
    if not (data.startswith((b"\xff\xfe", b"\xfe\xff")) or _utf16_without_bom(data[:4096])):
        data = _strip_nul(path, data, notes)
    text, encoding = _decode(path, data, notes)
    head = text[: 4 << 20] if text is not None else data[: 4 << 20].decode(
        "utf-8", errors="ignore").lstrip("\ufeff")
    sep_line = 0
    m = re.match(r'"?sep=(.)"?[ \t]*\r?\n', head[:16])
    if m:  # Excel's "sep=;" first line names the delimiter
        sep, sep_line = m.group(1), 1
        rows = _sample_rows(head[m.end():], sep)
    elif suffix == ".tsv":
        sep, rows = "\t", _sample_rows(head, "\t")
    else:
        sep, rows = _sniff(head)
    blank = _BLANK_TABLE.fullmatch(head) is not None
    del head
    if blank or not rows or not any(any(c.strip() for c in r) for r in rows):
        raise InputError(f"{path}: the file is empty: there is no header row and no data.")
    h = _header_index(rows)
    _tell_skipped(rows, h, 1 + sep_line, notes)
    names, dups = _unique_names([c.strip().lstrip("\ufeff").strip() for c in rows[h]], notes)
    skip = sep_line + h + 1
    first_row = skip + 1
    import pyarrow as pa

    buf = pa.py_buffer(data if text is None else text.encode("utf-8"))  # no copy of data
    # only a file with more lines than rows can have a cell spanning lines (or swallowing
    # rows): counting line ends is cheap, checking every cell is not
    lines = (data.count(b"\n") or data.count(b"\r")) if b'"' in data else 0
    del data
    if buf.size >= 3 and buf[:3].to_pybytes() == b"\xef\xbb\xbf":
        buf = buf[3:]  # a slice, not a copy
    table = _arrow_table(path, buf, sep, skip, names)
    if table is not None:
        import pyarrow.compute as pc

        del buf, text  # the file's bytes are no longer needed: free them before converting
        for i, name in enumerate(names):  # one column at a time: never two tables at once
            table = table.set_column(i, name, pc.utf8_trim_whitespace(table.column(i)))
        df = table.to_pandas()
        del table
    else:
        if text is None:
            text = buf.to_pybytes().decode("utf-8")
        del buf
        body = _python_rows(path, text, sep, skip, len(names), first_row)
        df = pd.DataFrame(body, columns=names, dtype=str)
    if lines > skip + len(df):
        _refuse_swallowed_rows(path, df, sep, first_row)
    df.attrs["duplicate_columns"] = dups
    return df, first_row, encoding


def _refuse_swallowed_rows(path: Path, df: pd.DataFrame, sep: str, first_row: int) -> None:
    """Refuse a cell that holds whole rows: a quote opened and never closed.

    A cell may span lines (Excel writes them quoted), but a line inside it that holds as
    many separators as a row does means the parser read on past where a quote should have
    closed, swallowing the rows below into one cell: rows lost without a word.
    """
    width = len(df.columns)
    need = max(1, width - 1)
    for col in df.columns:
        s = df[col]
        multi = (s.str.contains("\n", regex=False) | s.str.contains("\r", regex=False)
                 ).fillna(False).to_numpy(dtype=bool)
        for i in np.flatnonzero(multi)[:1000]:
            lines = str(s.iat[int(i)]).strip().splitlines()
            rowlike = [ln for ln in lines[1:] if ln.count(sep) >= need]
            if rowlike:
                raise InputError(
                    f"{path}: row {first_row + int(i)}, column '{_excerpt(col)}': the cell runs "
                    f"over {len(lines)} lines of the file and holds what look like "
                    f"{len(rowlike)} more row(s) (e.g. '{_excerpt(rowlike[0])}'): a quote "
                    "(\") opens there and is never closed, so those rows would be lost. Add "
                    "the closing quote, or remove the opening one.")


def _cell_text(value) -> str:
    """A spreadsheet cell as the text a person sees (5, not 5.0; dates as ISO dates)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return str(value).strip()


def _sheet_scan(zpath: Path, sheet_xml: str) -> tuple[list[str], list[str]]:
    """Merged ranges ("A5:A7") and never-calculated formula cells ("B3") of one worksheet.

    Read from the XLSX's XML, in chunks (openpyxl's read-only mode, which keeps big
    workbooks small in memory, loads neither). A formula cell without a cached value
    (``<c><f>…</f><v/></c>``, no value: a workbook written by a program and never saved
    by a spreadsheet) would otherwise be read as an empty cell, silently.
    """
    import zipfile

    merged: list[str] = []
    uncached: list[str] = []
    merge_re = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+\d+(?::[A-Z]+\d+)?)"')
    cell_re = re.compile(rb'<(?:\w+:)?c\s[^>]*?r="([A-Z]+\d+)"[^>]*>(.*?)</(?:\w+:)?c>',
                         re.S)
    value_re = re.compile(rb"<(?:\w+:)?v>[^<]+</(?:\w+:)?v>")
    with zipfile.ZipFile(zpath) as zf, zf.open(sheet_xml.lstrip("/")) as fh:
        tail = b""
        while chunk := fh.read(1 << 20):
            buf = tail + chunk
            cut = buf.rfind(b"</c>")
            cut = len(buf) if cut < 0 else cut + 4
            part, tail = buf[:cut], buf[cut:][-(1 << 20):]
            merged += [m.decode() for m in merge_re.findall(part)]
            if b"<f" in part:
                uncached += [ref.decode() for ref, body in cell_re.findall(part)
                             if b"<f" in body and not value_re.search(body)]
        merged += [m.decode() for m in merge_re.findall(tail)]
    return list(dict.fromkeys(merged)), uncached


def _xlsx_sheet_paths(path: Path) -> dict[str, str]:
    """Each sheet's XML part inside an XLSX ("Sheet1" → "xl/worksheets/sheet1.xml")."""
    import posixpath
    import zipfile
    from xml.etree import ElementTree as ET

    with zipfile.ZipFile(path) as zf:
        book = ET.fromstring(zf.read("xl/workbook.xml"))
        rels = ET.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target", "") for r in rels}
    out = {}
    for el in book.iter():
        if el.tag.rsplit("}", 1)[-1] != "sheet":
            continue
        rid = next((v for k, v in el.attrib.items() if k.rsplit("}", 1)[-1] == "id"), "")
        target = targets.get(rid, "")
        out[el.get("name", "")] = (target.lstrip("/") if target.startswith("/")
                                   else posixpath.normpath(posixpath.join("xl", target)))
    return out


def _xlsx_rows(path: Path, sheet: str | int | None
               ) -> tuple[list[list], str, list[tuple[str, int, bool]]]:
    """(rows from A1, the sheet read, the other sheets as (name, rows, hidden)).

    With python-calamine (Rust; a 300,000-row sheet in 3 s instead of a minute with
    openpyxl) when installed, else openpyxl's read-only mode. The sheet read by default is
    the first one a person sees (a hidden first sheet is not it).
    """
    try:
        from python_calamine import CalamineWorkbook
    except ImportError:  # pragma: no cover - calamine is a dependency
        CalamineWorkbook = None
    if CalamineWorkbook is not None:
        with open(path, "rb") as fh:  # a file object: the name may end in .csv
            wb = CalamineWorkbook.from_filelike(fh)
        meta = [(m.name, str(m.visible).rsplit(".", 1)[-1].lower() == "visible")
                for m in wb.sheets_metadata
                if str(m.typ).rsplit(".", 1)[-1].lower() == "worksheet"]
        names = [n for n, _ in meta]

        def load(name: str) -> list[list]:
            return wb.get_sheet_by_name(name).to_python(skip_empty_area=False)
    else:  # pragma: no cover
        import openpyxl

        wbo = openpyxl.load_workbook(open(path, "rb"), read_only=True,  # noqa: SIM115
                                     data_only=True, keep_links=False)
        meta = [(w.title, getattr(w, "sheet_state", "visible") == "visible")
                for w in wbo.worksheets]
        names = [n for n, _ in meta]

        def load(name: str) -> list[list]:
            return [list(r) for r in wbo[name].iter_rows(min_row=1, min_col=1,
                                                         values_only=True)]
    if not names:
        raise InputError(f"{path}: the workbook has no worksheet.")
    if sheet is None:
        chosen = next((n for n, visible in meta if visible), names[0])
    elif str(sheet) in names:
        chosen = str(sheet)
    elif str(sheet).isdigit() and 1 <= int(sheet) <= len(names):
        chosen = names[int(sheet) - 1]
    else:
        raise InputError(f"{path}: no sheet '{_excerpt(str(sheet))}'; the sheets are: "
                         + ", ".join(f"'{_excerpt(n)}'" for n in names) + ".")
    others = []
    for name, visible in meta if sheet is None else ():  # a sheet asked for: the user knows
        if name == chosen:
            continue
        rows = load(name)
        n = sum(1 for r in rows if any(v not in (None, "") for v in r))
        if n:
            others.append((name, n, not visible))
    return load(chosen), chosen, others


def _read_xlsx(path: Path, sheet: str | int | None, notes: _Notes
               ) -> tuple[pd.DataFrame, int]:
    from openpyxl.utils.cell import range_boundaries

    try:
        raw, title, others = _xlsx_rows(path, sheet)
    except InputError:
        raise
    except Exception as exc:  # the readers raise many kinds; the user needs one message
        raise InputError(f"{path}: cannot read this spreadsheet ({exc}). {_SAVE_AS}."
                         ) from exc
    if others:
        shown = ", ".join(f"'{_excerpt(n)}' (about {k} rows" + (", hidden" if h else "") + ")"
                          for n, k, h in others)
        notes.add(None, f"the workbook has {len(others)} more sheet(s) with data that "
                  f"were NOT read: {shown}; only '{_excerpt(title)}' was",
                  "to read another sheet, pass --sheet NAME; to count them all, copy "
                  "their rows into one sheet")
    rows = [[_cell_text(v) for v in r] for r in raw]
    del raw
    try:
        xml = _xlsx_sheet_paths(path).get(title)
    except Exception:
        xml = None
        notes.add(None, "merged cells and formulas could not be checked in this workbook",
                  "check merged cells by eye, or save the workbook again from a spreadsheet")
    ws_title = title
    width = max((len(r) for r in rows), default=0)
    rows = [r + [""] * (width - len(r)) for r in rows]
    merged, uncached = _sheet_scan(path, xml) if xml else ([], [])
    if uncached:
        notes.add(None, f"{len(uncached)} cell(s) hold formulas that were never calculated "
                  f"({', '.join(uncached[:8])}{', …' if len(uncached) > 8 else ''}): the "
                  "workbook was written by a program and never saved by a spreadsheet, so "
                  "they are read as empty",
                  "open the workbook in Excel or LibreOffice, save it, and run again")
    filled = []
    for ref in merged:
        c0, r0, c1, r1 = range_boundaries(ref)
        if r0 > len(rows) or c0 > width:
            continue
        value = rows[r0 - 1][c0 - 1]
        for r in range(r0, min(r1, len(rows)) + 1):
            for c in range(c0, min(c1, width) + 1):
                rows[r - 1][c - 1] = value
        if value and r1 > r0:
            filled.append((ref, value))
    if filled:
        shown = "; ".join(f"{ref} '{_excerpt(v, 30)}'" for ref, v in filled[:5])
        notes.add(None, f"{len(filled)} merged cell range(s) span several rows ({shown}"
                  + ("; …" if len(filled) > 5 else "") + "): every row of a range was given "
                  "its value, as the spreadsheet shows it",
                  "check that every row of the range really has this value; unmerge the "
                  "cells to be sure")
    if not any(any(r) for r in rows):
        raise InputError(f"{path}: the sheet '{_excerpt(ws_title)}' is empty: there is no "
                         "header row and no data.")
    h = _header_index(rows[:30])
    _tell_skipped(rows, h, 1, notes)
    names_, dups = _unique_names(rows[h], notes)
    df = pd.DataFrame(rows[h + 1:], columns=names_, dtype=str)
    df.attrs["duplicate_columns"] = dups
    df.attrs["sheet"] = ws_title
    return df, h + 2


def _tidy(df: pd.DataFrame, notes: _Notes, first_row: int) -> pd.DataFrame:
    """Drop padding (empty unnamed columns, empty rows at the end); name unnamed data."""
    drop = []
    for i, col in enumerate(df.columns):
        if re.fullmatch(r"column_[A-Z]+", col):
            if not (df[col] != "").any():
                drop.append(col)
            else:
                row = first_row + int(np.flatnonzero((df[col] != "").to_numpy())[0])
                notes.add(1, f"column {_column_letter(i)} has data (from row {row}) but no "
                          f"name; it is read as '{col}'", "give it a name in the header row")
    if drop:
        df = df.drop(columns=drop)
    # (a filled last row, the usual case, needs no look at the million rows above it)
    if len(df) and len(df.columns) and not (df.iloc[-1:] != "").to_numpy().any():
        filled = (df != "").any(axis=1).to_numpy()
        last = int(np.flatnonzero(filled)[-1]) + 1 if filled.any() else 0
        if last < len(df):  # Excel exports pad with empty rows: they are not testimonies
            df = df.iloc[:last].copy()
    return df


def read_table(path: str | os.PathLike, *, sheet: str | int | None = None) -> pd.DataFrame:
    """Read a CSV (any of the encodings above) or XLSX file as a table of strings.

    Every cell is a string ("" for empty), so nothing is silently turned into a number or a
    date. Hostile files get a clear `InputError` (binary files, PDFs, old .xls, archives,
    empty files, rows with more cells than the header) or are read with a warning in
    ``df.attrs["warnings"]``: an XLSX named .csv, UTF-16 without a BOM, NUL bytes, lines in
    Windows-1251 inside a UTF-8 file, a title above the header, duplicate or missing column
    names, merged cells, a workbook's other sheets (hidden ones too: the first *visible*
    sheet is read by default), formulas never calculated. Excel's ``sep=;`` first line, the
    semicolons of uk/ru Excel and trailing empty rows and columns are simply handled.

    Parameters
    ----------
    path : str or os.PathLike
        A .csv, .tsv, .txt, .xlsx or .xlsm file.
    sheet : str or int, optional
        The sheet of a workbook to read (name, or number from 1). Default: the first.

    Returns
    -------
    pandas.DataFrame
        The table, with ``attrs``: ``path``, ``encoding`` ("xlsx" for workbooks),
        ``first_row`` (spreadsheet row of the first data row), ``warnings`` (list of
        `Problem`) and ``duplicate_columns``.

    Raises
    ------
    InputError
        When the file cannot be read as a table; the message says what to do.

    Examples
    --------
    >>> import mapper
    >>> from mapper.paths import demo_testimonies_path
    >>> df = mapper.read_table(demo_testimonies_path())
    >>> df.attrs["encoding"], df.attrs["first_row"], df.attrs["warnings"]
    ('utf-8', 2, [])
    """
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: file not found.")
    if path.is_dir():
        raise InputError(f"{path}: is a folder, not a file.")
    notes = _Notes(path)
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".xlsm", ".csv", ".txt", ".tsv"):
        raise InputError(f"{path}: unsupported file type '{_excerpt(suffix)}'. Use .csv or "
                         ".xlsx.")
    # a progress bar for a large file on a terminal (mapper._progress)
    data = b"" if suffix in (".xlsx", ".xlsm") else read_bytes(path)
    if suffix in (".xlsx", ".xlsm") or _check_binary(path, data) == "xlsx":
        if data:
            notes.add(None, f"this file is an Excel workbook (.xlsx) although its name ends "
                      f"in {suffix}; it was read as a workbook", "rename it to .xlsx")
        del data
        df, first_row = _read_xlsx(path, sheet, notes)
        encoding = "xlsx"
    else:
        box = [data]
        del data  # the reader frees the bytes once parsed: hold no reference here
        df, first_row, encoding = _read_csv(path, box.pop(), suffix, notes)
    dups = df.attrs.get("duplicate_columns", {})
    df = _tidy(df, notes, first_row)
    df.attrs.update({"path": str(path), "encoding": encoding, "first_row": first_row,
                     "warnings": notes.items, "duplicate_columns": dups})
    return df


# --- writing -------------------------------------------------------------------------------

#: Characters that make a spreadsheet treat a cell as a formula (OWASP "CSV injection":
#: https://owasp.org/www-community/attacks/CSV_Injection): =, +, -, @, tab, carriage return.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def inert(text: str) -> str:
    """Make a cell that a spreadsheet would run as a formula plain text (prefix ``'``).

    The one rule for every CSV the mapper writes (match output, joined tables, reports,
    exports), whatever the cell came from (a CSV, an XLSX text cell, the registry).

    Parameters
    ----------
    text : str
        One cell.

    Returns
    -------
    str
        ``text``, with ``'`` in front when it starts with ``= + - @``, a tab or a CR.

    Examples
    --------
    >>> inert('=HYPERLINK("http://x","click")')
    '\\'=HYPERLINK("http://x","click")'
    >>> inert("СІЗО-2")
    'СІЗО-2'
    """
    return "'" + text if text.startswith(FORMULA_START) else text


def inert_frame(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` with `inert` applied to every column name and every text cell (numbers kept).

    Parameters
    ----------
    df : pandas.DataFrame
        A table about to be written as CSV.

    Returns
    -------
    pandas.DataFrame
        A copy whose text cells cannot run as formulas.

    Examples
    --------
    >>> inert_frame(pd.DataFrame({"a": ["+cmd", "x"], "=n": [-2, 3]})).to_dict("list")
    {'a': ["'+cmd", 'x'], "'=n": [-2, 3]}
    """
    out = {}
    for col in df.columns:
        s = df[col]
        if pd.api.types.is_numeric_dtype(s) or pd.api.types.is_bool_dtype(s):
            out[col] = s
            continue
        text = s.astype(str).where(s.notna(), "")
        live = text.str.startswith(FORMULA_START).fillna(False).to_numpy(dtype=bool)
        if live.any():  # found vectorised; defused by the one rule, `inert`
            text = text.copy()
            text[live] = text[live].map(inert)
            out[col] = text
        else:
            out[col] = s
    frame = pd.DataFrame(out, index=df.index)
    frame.columns = [inert(str(c)) for c in df.columns]  # a header cell is a cell too
    return frame


def write_csv(df: pd.DataFrame, path: str | os.PathLike, *,
              chunk_rows: int = 200_000) -> Path:
    """Write a table as CSV for spreadsheets, atomically; formulas made inert.

    UTF-8 with a BOM (Excel then shows Cyrillic correctly), Unix newlines, every text cell
    through `inert`; written in chunks so that a big table is never copied whole.

    Parameters
    ----------
    df : pandas.DataFrame
        The table.
    path : str or os.PathLike
        Where to write it.
    chunk_rows : int, default 200000
        Rows made inert and written at a time.

    Returns
    -------
    pathlib.Path
        ``path``.

    Raises
    ------
    InputError
        When the folder cannot be written (read-only, a folder in the way...).
    """
    with atomic_write(path, encoding="utf-8-sig") as fh:
        if not len(df):
            inert_frame(df).to_csv(fh, index=False, lineterminator="\n")
        for start in range(0, len(df), chunk_rows):
            part = df.iloc[start: start + chunk_rows]
            body = _csv_body(part)
            if body is None:  # not plain text and integers: pandas writes it
                inert_frame(part).to_csv(fh, index=False, header=start == 0,
                                         lineterminator="\n")
                continue
            if start == 0:
                inert_frame(part.iloc[:0]).to_csv(fh, index=False, lineterminator="\n")
            fh.flush()  # the header (and the BOM) first; the rows are UTF-8 bytes already
            fh.buffer.write(body)
    return Path(path)


@functools.cache
def _csv_specials() -> tuple[frozenset[str], frozenset[str]]:
    """(characters that make the csv module quote a cell, characters it refuses).

    Asked of the csv module itself, with the settings pandas' ``to_csv`` uses, so that
    `_csv_body` quotes exactly as it would (Python 3.11 quotes a cell holding a comma, a
    quote or a newline, not one holding a carriage return; later versions may differ).
    """
    quote, refuse = set(), set()
    for code in range(128):
        c = chr(code)
        buf = io.StringIO()
        try:
            csv.writer(buf, lineterminator="\n").writerow([f"a{c}b", "x"])
        except csv.Error:
            refuse.add(c)
            continue
        if buf.getvalue().startswith('"'):
            quote.add(c)
    return frozenset(quote), frozenset(refuse)


def _char_class(chars: frozenset[str]) -> str:
    """A regular expression (RE2) matching any of ``chars``."""
    return "[" + "".join(f"\\x{{{ord(c):x}}}" for c in sorted(chars)) + "]"


def _csv_cells(s: pd.Series):
    """A column's CSV cells as an Arrow string array, as `inert_frame` + ``to_csv`` write
    them; None for a column this does not handle (floats, booleans, dates, other objects).
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    if pd.api.types.is_integer_dtype(s.dtype) and isinstance(s.dtype, np.dtype):
        # never a formula: inert_frame keeps numbers as they are
        return pc.cast(pa.array(s.to_numpy()), pa.large_string())
    if isinstance(s.dtype, pd.StringDtype):
        text = pc.fill_null(pa.array(s.array), "")
    elif s.dtype == object:
        values = s.to_numpy(dtype=object, copy=True)
        values[s.isna().to_numpy()] = ""
        kinds = {type(v) for v in values}
        if not kinds <= {str, int}:
            return None
        if int in kinds:  # a number among text: written as text (str), made inert
            values = np.array([str(v) for v in values], dtype=object)
        try:
            text = pa.array(values, type=pa.large_string())
        except (pa.ArrowException, UnicodeError):  # lone surrogates: not UTF-8
            return None
    else:
        return None
    text = pc.cast(text, pa.large_string())
    if isinstance(text, pa.ChunkedArray):
        text = text.combine_chunks()
    quote, refuse = _csv_specials()
    if refuse and pc.any(pc.match_substring_regex(text, _char_class(refuse))).as_py():
        return None  # pandas raises the csv module's error
    starts = "^" + _char_class(frozenset("".join(FORMULA_START)))
    q, tick, none = (pa.scalar(c, pa.large_string()) for c in ('"', "'", ""))
    text = pc.if_else(pc.match_substring_regex(text, starts),
                      pc.binary_join_element_wise(tick, text, none), text)  # `inert`
    needs = pc.match_substring_regex(text, _char_class(quote))
    if not pc.any(needs).as_py():
        return text
    escaped = (pc.replace_substring(text, '"', '""')
               if pc.any(pc.match_substring(text, '"')).as_py() else text)
    return pc.if_else(needs, pc.binary_join_element_wise(q, escaped, q, none), text)


def _csv_body(df: pd.DataFrame):
    """The rows of ``df`` as ``inert_frame(df).to_csv(header=False)`` writes them (UTF-8).

    Built column by column with Arrow: a report of a million rows in a fraction of the
    time pandas takes going through one Python object per cell. None when a column is not
    text or integers, the table has a single column (the csv module quotes an empty row)
    or repeated column names: then pandas writes it.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    if len(df.columns) < 2 or not df.columns.is_unique:
        return None
    cells = [_csv_cells(df.iloc[:, i]) for i in range(len(df.columns))]
    if any(c is None for c in cells):
        return None
    comma, none, end = (pa.scalar(c, pa.large_string()) for c in (",", "", "\n"))
    lines = pc.binary_join_element_wise(pc.binary_join_element_wise(*cells, comma), none, end)
    if isinstance(lines, pa.ChunkedArray):
        lines = lines.combine_chunks()
    offsets = np.frombuffer(lines.buffers()[1], dtype=np.int64,
                            count=lines.offset + len(lines) + 1)[lines.offset:]
    return lines.buffers()[2][int(offsets[0]): int(offsets[-1])]


def _cannot_write(path: Path, exc: OSError) -> InputError:
    reason = exc.strerror or str(exc)
    return InputError(f"{path}: cannot write here ({reason}). Choose another output file or "
                      "folder with -o, or check that the folder is writable.")


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike) -> Iterator[Path]:
    """A temporary path beside ``path``, moved over ``path`` only on success.

    For writers that create the file themselves (GDAL, pyarrow): the temporary name does not
    exist yet when it is handed over. A folder that cannot be written, or a folder where the
    file should go, raises `InputError` with what to do, not a traceback.

    Parameters
    ----------
    path : str or os.PathLike
        The file to (re)place.

    Yields
    ------
    pathlib.Path
        A temporary name in the same folder.

    Raises
    ------
    InputError
        When the folder cannot be written, or ``path`` is a folder.
    """
    path = Path(path)
    if path.is_dir():
        raise InputError(f"{path}: a folder has this name, so the file cannot be written. "
                         "Choose another output name with -o, or move the folder.")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=path.suffix,
                                   dir=path.parent)
    except OSError as exc:
        raise _cannot_write(path, exc) from exc
    os.close(fd)
    os.unlink(tmp)
    try:
        yield Path(tmp)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException as exc:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise _cannot_write(path, exc) from exc
        raise


@contextlib.contextmanager
def atomic_write(path: str | os.PathLike, mode: str = "w", **kwargs) -> Iterator[io.IOBase]:
    """Open a temporary file beside ``path``; move it over ``path`` only on success."""
    if "b" not in mode:
        kwargs.setdefault("encoding", "utf-8")
        kwargs.setdefault("newline", "\n")
    with atomic_path(path) as tmp, open(tmp, mode, **kwargs) as fh:
        yield fh
        fh.flush()
        os.fsync(fh.fileno())


#: Left in an output folder while a set of files is being moved into place; its presence
#: means the set there is incomplete (the command was killed between two moves).
INCOMPLETE_SUFFIX = ".mapper-incomplete.json"


def incomplete_sets(folder: str | os.PathLike) -> list[Path]:
    """The markers of output sets left half-moved in ``folder`` (empty: none).

    Parameters
    ----------
    folder : str or os.PathLike
        An output folder.

    Returns
    -------
    list of pathlib.Path
        One marker per interrupted set; each lists the files of its set.
    """
    return sorted(Path(folder).glob(f".*{INCOMPLETE_SUFFIX}"))


@contextlib.contextmanager
def staged_outputs(paths: dict[str, Path]) -> Iterator[dict[str, Path]]:
    """Write several files as one set: into a staging folder, then moved together.

    Yields the same keys mapped to paths inside a staging folder beside the outputs. When
    the block succeeds, a marker listing the set is written, the files are moved over the
    outputs (each move atomic), and the marker is removed; if the process is killed between
    two moves the marker stays, so `incomplete_sets` (and `mapper.manifest.verify`) tell
    that the folder holds a mixed set. If the block fails, nothing is moved.

    Parameters
    ----------
    paths : dict of str to pathlib.Path
        The final paths of the set, all in one folder.

    Yields
    ------
    dict of str to pathlib.Path
        Where to write each file now.

    Raises
    ------
    InputError
        When an output is a folder or the folder cannot be written.
    """
    finals = {k: Path(p) for k, p in paths.items()}
    folders = {p.resolve().parent for p in finals.values()}
    if len(folders) != 1:
        raise ValueError("staged_outputs: all files of a set go into one folder")
    folder = next(iter(folders))
    for p in finals.values():
        if p.is_dir():
            raise InputError(f"{p}: a folder has this name, so this output cannot be "
                             "written. Choose another output name with -o, or move the "
                             "folder.")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        stage = Path(tempfile.mkdtemp(prefix=".mapper-staging-", dir=folder))
    except OSError as exc:
        raise _cannot_write(next(iter(finals.values())), exc) from exc
    try:
        yield {k: stage / p.name for k, p in finals.items()}
        first = min(finals.values(), key=lambda p: p.name)
        marker = folder / f".{first.name}{INCOMPLETE_SUFFIX}"
        write_text(marker, json.dumps({"set": sorted(p.name for p in finals.values())},
                                      ensure_ascii=False) + "\n")
        for p in finals.values():
            try:
                os.replace(stage / p.name, p)
            except OSError as exc:
                raise _cannot_write(p, exc) from exc
        marker.unlink()
    finally:
        import shutil

        shutil.rmtree(stage, ignore_errors=True)


def refuse_overwriting_inputs(outputs: list[str | os.PathLike | None],
                              inputs: list[str | os.PathLike | None]) -> None:
    """Raise `InputError` when an output would overwrite one of the command's inputs.

    Parameters
    ----------
    outputs, inputs : list of path or None
        The files the command writes and reads (None entries are ignored).

    Raises
    ------
    InputError
        Naming the output and the input it would destroy.

    Examples
    --------
    >>> refuse_overwriting_inputs(["out.csv"], ["in.csv"])  # different files: fine
    """
    for out in outputs:
        if out is None or not Path(out).exists():
            continue
        for inp in inputs:
            if inp is not None and Path(inp).exists() and os.path.samefile(out, inp):
                raise InputError(f"{out}: this is the input file {inp}; writing the output "
                                 "there would destroy it. Choose another output name "
                                 "with -o.")


def _clean(value):
    """JSON-ready value: NaN and None become null, numpy scalars become Python ones."""
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item") and not isinstance(value, (list, dict, str)):
        return value.item()
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value]
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    return value


def feature_collection_text(features: list[dict], **members) -> str:
    """RFC 7946 text: one feature per line, so that edition diffs stay readable.

    Keys keep the order given (schema order), coordinates are rounded to 6 decimals
    (about 10 cm), and there is no ``crs`` member.
    """
    lines = []
    for feat in features:
        geom = feat.get("geometry")
        if geom and geom.get("type") == "Point":
            x, y = geom["coordinates"][:2]
            geom = {"type": "Point", "coordinates": [round(float(x), 6), round(float(y), 6)]}
        out = {"type": "Feature", "geometry": geom, "properties": _clean(feat["properties"])}
        if "id" in feat:
            out = {"type": "Feature", "id": feat["id"], **{k: v for k, v in out.items()
                                                              if k != "type"}}
        lines.append(json.dumps(out, ensure_ascii=False, separators=(",", ":")))
    return collection_text(lines, **members)


def collection_text(lines: list[str], **members) -> str:
    """`feature_collection_text` from features already written as JSON, one per line."""
    head = {"type": "FeatureCollection", **members}
    head_text = json.dumps(head, ensure_ascii=False, separators=(",", ":"))[:-1]
    return head_text + ',"features":[\n' + ",\n".join(lines) + "\n]}\n"


def json_values(values: list) -> list[str]:
    """Each value as `feature_collection_text` writes a property: JSON, once per value.

    For long columns with few distinct values (facility ids, names, counts): the same text
    as ``json.dumps(_clean(v))``, computed once per distinct value (by type and value, so
    that ``1`` and ``True`` stay apart).
    """
    done: dict = {}
    out = []
    for v in values:
        key = (type(v), v)
        try:
            text = done.get(key)
        except TypeError:  # a list or a dict: written each time
            key, text = None, None
        if text is None:
            text = json.dumps(_clean(v), ensure_ascii=False, separators=(",", ":"))
            if key is not None:
                done[key] = text
        out.append(text)
    return out


def write_text(path: str | os.PathLike, text: str) -> Path:
    """Write ``text`` atomically as UTF-8 with Unix newlines."""
    with atomic_write(path) as fh:
        fh.write(text)
    return Path(path)
