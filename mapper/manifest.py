"""`mapper-manifest.json`: what each output was made from, so that a result can be verified.

Every command that writes files records, in a `mapper-manifest.json` beside its outputs, the
tool version, the command, its settings, and each input and output with SHA-256, size in
bytes and row or feature count. Entries are keyed by output file name, so later commands
update the manifest rather than replace it.

The name is the mapper's own, and the file says who wrote it (``"generator": "mapper"``):
a `mapper-manifest.json` without that marker belongs to someone else and is never
overwritten, and no output may take the manifest's name. The manifest records file names,
hashes, sizes and row counts, never a row's content, so it can go beside a public output;
entries made from or holding testimony data (the testimony file, an unmatched report) are
marked ``"restricted": true``. Beside a public output (``record(..., public=True)``) such a
file is not even named (a file name can name a witness, "interview_Petrenko.csv"): it is
recorded by SHA-256, bytes and rows under a neutral label, ``"restricted input 1"``.
The file is deterministic (sorted keys, paths relative to the manifest, no timestamps) so
that two runs on the same inputs give the same bytes; set ``MAPPER_MANIFEST_TIMESTAMP=1``
(or pass ``timestamp=True``) to add the time of the run (``SOURCE_DATE_EPOCH`` is honoured
when set).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import os
from collections.abc import Iterable
from pathlib import Path

from .io import INCOMPLETE_SUFFIX, InputError, incomplete_sets, write_text

MANIFEST = "mapper-manifest.json"
FORMAT_VERSION = 2
#: The marker by which the mapper recognises a manifest it wrote.
GENERATOR = "mapper"
#: Why an entry is marked restricted.
RESTRICTED_NOTE = ("holds or is derived row by row from testimony data: for the team's "
                   "review, not for publication")


def sha256(path: str | os.PathLike) -> str:
    """SHA-256 of a file's bytes (of every file, in path order, for a folder)."""
    h = hashlib.sha256()
    path = Path(path)
    files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    for f in files:
        if path.is_dir():
            h.update(f.relative_to(path).as_posix().encode() + b"\0")
        with open(f, "rb") as fh:
            for chunk in iter(lambda fh=fh: fh.read(1 << 20), b""):
                h.update(chunk)
    return h.hexdigest()


def count_rows(path: str | os.PathLike) -> int | None:
    """Features in a layer, data rows in a table; None where counting makes no sense."""
    path = Path(path)
    suffix = path.suffix.lower()
    try:
        if suffix in (".geojson", ".json"):
            data = json.loads(path.read_text(encoding="utf-8"))
            return len(data.get("features", [])) if isinstance(data, dict) else None
        if suffix in (".csv", ".tsv"):
            return _count_csv_rows(path, "\t" if suffix == ".tsv" else ",")
        if suffix in (".gpkg", ".kml"):
            import pyogrio

            return int(sum(pyogrio.read_info(path, layer=name)["features"]
                           for name, _ in pyogrio.list_layers(path)
                           if name != "layer_styles"))  # a GeoPackage's QGIS style
        if suffix in (".parquet", ".geoparquet"):
            import pyarrow.parquet as pq

            return int(pq.ParquetFile(path).metadata.num_rows)
        if suffix in (".xlsx", ".xlsm"):
            from .io import read_table

            return len(read_table(path))
    except Exception:  # a manifest must not fail the command that wrote the file
        return None
    return None


def _count_csv_rows(path: Path, sep: str) -> int:
    """Data rows of a CSV, streamed (a 2M-row file is never held in memory)."""
    from .io import MAX_CELL, detect_encoding

    with open(path, "rb") as fh:
        head = fh.read(1 << 16)
        encoding = detect_encoding(head[: head.rfind(b"\n") + 1] or head)
    csv.field_size_limit(MAX_CELL)
    n, second = 0, None
    with open(path, encoding=encoding, errors="replace", newline="") as fh:
        for row in csv.reader(fh, delimiter=sep):
            if any(c.strip() for c in row):
                n += 1
                if n == 2:
                    second = row
    n = max(n - 1, 0)
    if n and second and second[0].startswith("#"):  # HXL hashtag row
        n -= 1
    return n


def describe(path: str | os.PathLike, base: Path, rows: int | None = None) -> dict:
    """Path (relative to the manifest), SHA-256, bytes and rows of one file.

    ``rows``: the row count when the caller knows it (saves reading a big table again).
    """
    path = Path(path)
    entry: dict = {"path": _rel(path, base)}
    if not path.exists():
        entry["missing"] = True
        return entry
    entry["sha256"] = sha256(path)
    if path.is_dir():
        entry["files"] = sum(1 for p in path.rglob("*") if p.is_file())
    else:
        entry["bytes"] = path.stat().st_size
        rows = rows if rows is not None else count_rows(path)
        if rows is not None:
            entry["rows"] = rows
    return entry


def _rel(path: Path, base: Path) -> str:
    try:
        return Path(os.path.relpath(path.resolve(), base.resolve())).as_posix()
    except ValueError:  # another drive on Windows
        return path.resolve().as_posix()


def _plain(value):
    """Settings as JSON values (paths as text)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, os.PathLike):
        return os.fspath(value)
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


def _now() -> str:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = (dt.datetime.fromtimestamp(int(epoch), dt.UTC) if epoch
              else dt.datetime.now(dt.UTC))
    return moment.replace(microsecond=0).isoformat().replace("+00:00", "Z")


def check_outputs(outputs: Iterable[str | os.PathLike | None],
                  named: Iterable[str | os.PathLike | None] = ()) -> None:
    """Refuse outputs that would overwrite a file the mapper did not write.

    No output may take the manifest's name, or go beside a `mapper-manifest.json` that the
    mapper did not write; and a file written *beside* the one the user named (``join``'s
    NAME_flows.csv, NAME_unmatched.csv ...) may replace only a file that the folder's
    manifest lists as the mapper's.

    Parameters
    ----------
    outputs : iterable of path or None
        The files a command is about to write.
    named : iterable of path or None
        The outputs the user named (``-o``): they may replace any file.

    Raises
    ------
    InputError
        Naming the file that would be overwritten and what to do.
    """
    outputs = [Path(o) for o in outputs if o is not None]
    chosen = {Path(n).resolve() for n in named if n is not None}
    for out in outputs:
        if out.resolve() in chosen or not out.is_file():
            continue
        mpath = out.resolve().parent / MANIFEST
        listed = _load(mpath)["outputs"] if mpath.exists() and not _foreign(mpath) else {}
        if out.name not in listed:
            raise InputError(f"{out}: a file of this name is already here and the mapper "
                             "did not write it (it is not in mapper-manifest.json), so it "
                             "is left untouched and nothing was written. Move it, or "
                             "choose another output name with -o.")
    for out in outputs:
        if out is None:
            continue
        out = Path(out)
        if out.name.lower() == MANIFEST:
            raise InputError(f"{out}: this name is kept for the record of what the mapper "
                             "wrote. Choose another output name with -o.")
        owner = _foreign(out.resolve().parent / MANIFEST)
        if owner:
            raise InputError(owner)


def _foreign(path: Path) -> str | None:
    """A message when ``path`` exists and is not a manifest the mapper wrote."""
    if not path.exists():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        data = None
    if isinstance(data, dict) and data.get("generator") == GENERATOR:
        return None
    return (f"{path}: this file was not written by the mapper, so it is left untouched and "
            "nothing was written beside it. Move it away, or write the outputs to another "
            "folder with -o (a restricted report: choose its place with --report).")


def record(command: str, inputs: Iterable[str | os.PathLike],
           outputs: Iterable[str | os.PathLike], settings: dict | None = None, *,
           timestamp: bool | None = None,
           restricted: Iterable[str | os.PathLike] = (),
           rows: dict | None = None, public: bool = False) -> list[Path]:
    """Write or update `mapper-manifest.json` beside each output folder; return the manifests.

    Each output gets an entry (keyed by its path relative to the manifest) holding the
    command, tool version, settings, its own SHA-256/bytes/rows and those of every input.

    Parameters
    ----------
    command : str
        The command that wrote the outputs.
    inputs, outputs : iterable of path
        What it read and wrote.
    settings : dict, optional
        Its options (paths are recorded as given).
    timestamp : bool, optional
        Add the time of the run (default: ``MAPPER_MANIFEST_TIMESTAMP``).
    restricted : iterable of path, optional
        Inputs or outputs that hold testimony data; their entries get
        ``"restricted": true`` and a note. No row of any file is ever recorded.
    rows : dict of path to int, optional
        Row counts the caller already knows (a table it read or wrote), so that big
        tables are not read again.
    public : bool, default False
        The outputs not listed in ``restricted`` are public. A manifest beside them then
        names no restricted file (a file name can name a witness): each restricted input,
        and each restricted output written in another folder, is recorded by SHA-256,
        bytes and rows under a neutral label (``"restricted input 1"``,
        ``"restricted output 1"``). A folder holding only restricted outputs (the report
        beside the testimony file) keeps the names.

    Returns
    -------
    list of pathlib.Path
        The manifests written.

    Raises
    ------
    InputError
        When a folder holds a `mapper-manifest.json` that the mapper did not write.

    Examples
    --------
    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp())
    >>> (d / "private").mkdir(); (d / "out").mkdir()
    >>> _ = (d / "private" / "interview_Petrenko.csv").write_text("facility")
    >>> _ = (d / "out" / "map.html").write_text("<html></html>")
    >>> m = record("map", [d / "private" / "interview_Petrenko.csv"], [d / "out" / "map.html"],
    ...            restricted=[d / "private" / "interview_Petrenko.csv"], public=True)
    >>> "Petrenko" in m[0].read_text(), json.loads(m[0].read_text())["outputs"][
    ...     "map.html"]["inputs"][0]["label"]
    (False, 'restricted input 1')
    """
    from . import __version__

    if timestamp is None:
        timestamp = os.environ.get("MAPPER_MANIFEST_TIMESTAMP", "") not in ("", "0")
    outputs = [Path(o) for o in outputs]
    inputs = [Path(i) for i in inputs]
    secret = {Path(r).resolve() for r in restricted}
    known = {Path(k).resolve(): v for k, v in (rows or {}).items()}
    described: dict[tuple[Path, Path], dict] = {}

    def desc(p: Path, folder: Path) -> dict:
        """`describe`, once per file: a 100 MB input is hashed once, not once per output."""
        key = (p.resolve(), folder)
        if key not in described:
            described[key] = describe(p, folder, known.get(p.resolve()))
        return dict(described[key])

    def mark(entry: dict, path: Path) -> dict:
        if path.resolve() in secret:
            entry["restricted"] = True
            entry["restricted_note"] = RESTRICTED_NOTE
        return entry

    def label(entry: dict, kind: str, n: int) -> dict:
        """A restricted file beside a public output: no name, no path (see ``public``)."""
        entry = {k: v for k, v in entry.items() if k != "path"}
        return {"label": f"restricted {kind} {n}", "restricted": True,
                "restricted_note": RESTRICTED_NOTE, **entry}

    by_dir: dict[Path, list[Path]] = {}
    for out in outputs:
        by_dir.setdefault(out.resolve().parent, []).append(out)
    written = []
    for folder, outs in sorted(by_dir.items()):
        mpath = folder / MANIFEST
        owner = _foreign(mpath)
        if owner:
            raise InputError(owner)
        data = _load(mpath)
        # beside a public output, restricted files are labelled, never named
        hide = public and any(o.resolve() not in secret for o in outs)
        ins, n = [], 0
        for i in inputs:
            if hide and i.resolve() in secret:
                n += 1
                ins.append(label(desc(i, folder), "input", n))
            else:
                ins.append(mark(desc(i, folder), i))
        elsewhere = [o for o in outputs if o.resolve() in secret
                     and o.resolve().parent != folder] if hide else []
        for out in outs:
            if hide and out.resolve() in secret:  # never listed by name here
                continue
            entry = {
                "command": command,
                "tool": "mapper",
                "tool_version": __version__,
                "settings": _plain(settings or {}),
                "inputs": ins,
                **{k: v for k, v in desc(out, folder).items() if k != "path"},
            }
            if elsewhere:
                entry["restricted_outputs"] = [label(desc(o, folder), "output", k)
                                               for k, o in enumerate(elsewhere, 1)]
            mark(entry, out)
            if timestamp:
                entry["recorded_at"] = _now()
            data["outputs"][_rel(out, folder)] = entry
        text = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
        written.append(write_text(mpath, text))
    return written


def _load(path: Path) -> dict:
    fresh = {"generator": GENERATOR, "manifest_version": FORMAT_VERSION, "outputs": {}}
    if not path.exists():
        return fresh
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return fresh  # unreadable: start again rather than fail the command
    if not isinstance(data, dict) or not isinstance(data.get("outputs"), dict):
        return fresh
    data["manifest_version"] = FORMAT_VERSION
    data["generator"] = GENERATOR
    return data


def verify(path: str | os.PathLike) -> list[str]:
    """Files listed in a manifest whose bytes no longer match (empty list: all match).

    A set of outputs left half-moved by a killed command (see `mapper.io.staged_outputs`)
    is listed too, each of its files followed by " (incomplete set)".
    Restricted files recorded under a label beside a public output (see `record`) are
    not named, so they are not checked here; their own manifest, beside them, lists them.

    Parameters
    ----------
    path : str or os.PathLike
        A `mapper-manifest.json`.

    Returns
    -------
    list of str
        Paths relative to the manifest, sorted.
    """
    path = Path(path)
    base = path.parent
    data = json.loads(path.read_text(encoding="utf-8"))
    changed = []
    for marker in incomplete_sets(base):
        try:
            names = json.loads(marker.read_text(encoding="utf-8")).get("set", [])
        except (OSError, json.JSONDecodeError, AttributeError):
            names = [marker.name.removeprefix(".").removesuffix(INCOMPLETE_SUFFIX)]
        changed += [f"{n} (incomplete set)" for n in names]
    for name, entry in sorted(data.get("outputs", {}).items()):
        # a restricted input beside a public output has a label, no path: not located here
        files = [(name, entry)] + [(i["path"], i) for i in entry.get("inputs", [])
                                   if "path" in i]
        for rel, e in files:
            target = base / rel
            if "sha256" in e and (not target.exists() or sha256(target) != e["sha256"]):
                changed.append(rel)
    return sorted(set(changed))
