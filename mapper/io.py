"""Reading researchers' files and writing outputs safely.

Researchers' spreadsheets arrive as UTF-8, UTF-8 with a BOM (Excel), Windows-1251 (older
Russian and Ukrainian Excel) or XLSX. Outputs are written atomically: a crash or Ctrl-C
leaves the previous file intact, never half a file.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import math
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
from charset_normalizer import from_bytes

from .errors import InputError, printable  # noqa: F401  (re-exported: the old import path)

#: Encodings tried in order when a CSV is not UTF-8.
FALLBACK_ENCODINGS = ("cp1251", "koi8_r", "utf_16")


def detect_encoding(data: bytes) -> str:
    """Name the text encoding of ``data``: UTF-8 (with or without BOM) or a Cyrillic one."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf_16"
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return "utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8"
    best = from_bytes(data, cp_isolation=list(FALLBACK_ENCODINGS)).best()
    return best.encoding if best is not None else "cp1251"


def read_table(path: str | os.PathLike) -> pd.DataFrame:
    """Read a CSV (any of the encodings above) or XLSX file as a table of strings.

    Every cell is a string ("" for empty), so nothing is silently turned into a number
    or a date. The encoding found is kept in ``df.attrs["encoding"]``; the spreadsheet
    row number of each row (header = row 1) in ``df.attrs["first_row"]``.
    """
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: file not found.")
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        try:
            df = pd.read_excel(path, dtype=str, keep_default_na=False, engine="openpyxl")
        except Exception as exc:  # openpyxl raises many kinds; the user needs one message
            raise InputError(f"{path}: cannot read this spreadsheet ({exc}).") from exc
        df.attrs["encoding"] = "xlsx"
    elif suffix in (".csv", ".txt", ".tsv"):
        data = path.read_bytes()
        encoding = detect_encoding(data)
        text = data.decode(encoding)
        sep = "\t" if suffix == ".tsv" else _sniff_delimiter(text[:65536])
        if encoding not in ("utf-8", "utf-8-sig"):
            data = text.encode("utf-8")
        del text
        try:  # pyarrow's parser: a million rows in a few seconds
            df = pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False, sep=sep,
                             engine="pyarrow",
                             encoding="utf-8")
        except Exception:  # pyarrow's messages are terse: let the careful parser explain
            try:
                df = pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False, sep=sep,
                                 encoding="utf-8")
            except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
                raise InputError(f"{path}: not a readable CSV table ({exc}).") from exc
        df.attrs["encoding"] = encoding
    else:
        raise InputError(f"{path}: unsupported file type '{suffix}'. Use .csv or .xlsx.")
    df.columns = [str(c).strip().lstrip("\ufeff").strip() for c in df.columns]
    for col in df.columns:
        df[col] = df[col].fillna("").astype(str).str.strip()
    df.attrs["path"] = str(path)
    df.attrs["first_row"] = 2
    return df


def _sniff_delimiter(sample: str) -> str:
    """Comma, semicolon (Excel in many locales) or tab, as the file's first lines show."""
    sample = sample[: sample.rfind("\n") + 1] or sample
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
    except csv.Error:
        return ","


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike) -> Iterator[Path]:
    """A temporary path beside ``path``, moved over ``path`` only on success.

    For writers that create the file themselves (GDAL, pyarrow): the temporary name does not
    exist yet when it is handed over.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=path.suffix, dir=path.parent)
    os.close(fd)
    os.unlink(tmp)
    try:
        yield Path(tmp)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
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
    head = {"type": "FeatureCollection", **members}
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
    head_text = json.dumps(head, ensure_ascii=False, separators=(",", ":"))[:-1]
    return head_text + ',"features":[\n' + ",\n".join(lines) + "\n]}\n"


def write_text(path: str | os.PathLike, text: str) -> Path:
    """Write ``text`` atomically as UTF-8 with Unix newlines."""
    with atomic_write(path) as fh:
        fh.write(text)
    return Path(path)
