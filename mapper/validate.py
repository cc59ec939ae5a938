"""`mapper validate`: check any file the project reads and explain each problem.

The kind of file is recognised from its content: a GeoJSON layer, a facility registry
(it has `source_urls`), or a testimony table.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from jsonschema import Draft202012Validator

from . import schema
from .geocode import check_point
from .io import InputError, printable, read_table
from .layer import LIST_FIELDS, layer_problems, list_from_text
from .registry import Problem, validate_registry


def _decimals(x: float) -> int:
    text = repr(float(x))
    return len(text.split(".")[1]) if "." in text and "e" not in text else 0


def validate_layer_file(path: str | os.PathLike) -> list[Problem]:
    """Check a facility layer against RFC 7946, the schema and the boundaries."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        return [Problem(str(path), None, "", f"not a readable GeoJSON file ({exc})")]
    structural, repairs = layer_problems(data, path)
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection" \
            or not isinstance(data.get("features"), list):
        return structural
    problems: list[Problem] = [*structural, *repairs]
    broken = {p.facility for p in structural}  # told once, in plain words, above
    if "crs" in data:
        problems.append(Problem(str(path), None, "", "has a 'crs' member, which RFC 7946 removed",
                                "write WGS84 lon/lat without a crs member"))
    validator = Draft202012Validator(schema.json_schema())
    for i, feat in enumerate(data["features"], start=1):
        if not isinstance(feat, dict):
            continue
        props = feat.get("properties") if isinstance(feat.get("properties"), dict) else {}
        fid = props.get("id") if isinstance(props.get("id"), str) and props.get("id") \
            else ""
        who = fid or f"feature {i}"

        def add(msg: str, hint: str = "", who: str = who) -> None:
            problems.append(Problem(str(path), None, who, msg, hint))

        for err in sorted(validator.iter_errors(feat), key=lambda e: [str(p) for p in e.path]):
            where = [str(p) for p in err.path]
            if who in broken and (not where or where[0] == "geometry"
                                  or where[-1] == "id" or "'id'" in err.message):
                continue  # a missing point or id is told above, in plain words
            if len(where) >= 2 and where[1] in LIST_FIELDS and list_from_text(
                    props.get(where[1])) is not None:
                continue  # a list saved as text: told above
            add(f"{'.'.join(where) or 'feature'}: {printable(err.message)[:200]}")
        coords = (feat.get("geometry") or {}).get("coordinates") or []
        if who in broken:
            continue
        if len(coords) == 2 and all(isinstance(c, (int, float)) for c in coords):
            if max(_decimals(c) for c in coords) > 6:
                add("coordinates have more than 6 decimals", "round to 6 decimals (RFC 7946 §11.2)")
            if props.get("region_code") and props.get("country"):
                err, _ = check_point(coords[0], coords[1], props["region_code"],
                                     props["country"])
                if err:
                    add(err, "lon comes first in GeoJSON: check the order and the region")
    return problems


def validate_file(path: str | os.PathLike, reference: str | None = None, *,
                  sheet: str | int | None = None) -> tuple[str, list[Problem]]:
    """Validate a layer, registry or testimony file; return its kind and its problems.

    What reading had to repair (merged cells, other sheets, encodings, a title above the
    header...) is reported as a problem too.

    Parameters
    ----------
    path : str or os.PathLike
        A registry, layer (GeoJSON) or testimony file (CSV/XLSX).
    reference : str, optional
        A testimony file's facility column when it is not a default name.
    sheet : str or int, optional
        A workbook's sheet (default: the first).

    Returns
    -------
    (str, list of Problem)
        The kind of file found, and its problems (empty: none).
    """
    path = Path(path)
    if path.suffix.lower() in (".geojson", ".json"):
        return "facility layer", validate_layer_file(path)
    try:
        df = read_table(path, sheet=sheet)
    except InputError as exc:
        return "file", [Problem(str(path), None, "", str(exc).removeprefix(f"{path}: "))]
    read = list(df.attrs.get("warnings", []))  # what reading had to repair is a problem too
    if "source_urls" in df.columns or "facility_type" in df.columns:
        return "facility registry", read + validate_registry(df)
    from .match import validate_testimonies  # testimony tables: see match.py

    try:
        return "testimony file", read + validate_testimonies(df, reference=reference)
    except InputError as exc:  # e.g. two columns share the reference column's name
        return "testimony file", [*read, Problem(str(path), 1, "",
                                                 str(exc).removeprefix(f"{path}: "))]


def source_warnings_for(path: str | os.PathLike) -> list[Problem]:
    """Source URLs in a registry or layer that are mirrors, CMS previews or carry tracking
    parameters (`mapper.sources.mirror_reason`): warnings, not errors.

    Parameters
    ----------
    path : str or os.PathLike
        A registry (CSV/XLSX with ``source_urls``) or a facility layer (GeoJSON).

    Returns
    -------
    list of Problem
        One per such URL; empty for other files or when the file cannot be read (its
        errors are reported by `validate_file`).
    """
    from .registry import source_warnings
    from .sources import mirror_reason

    path = Path(path)
    if path.suffix.lower() in (".geojson", ".json"):
        try:
            feats = json.loads(path.read_text(encoding="utf-8")).get("features", [])
        except (OSError, UnicodeDecodeError, json.JSONDecodeError, AttributeError):
            return []
        out = []
        for i, feat in enumerate(feats, start=1):
            props = feat.get("properties") or {}
            for src in props.get("sources") or []:
                url = src.get("url", "") if isinstance(src, dict) else str(src)
                why = mirror_reason(url)
                if why:
                    out.append(Problem(str(path), None, str(props.get("id") or f"feature {i}"),
                                       f"source URL '{url}' is not the outlet's own address: "
                                       f"{why}", "use the canonical address; keep this one as "
                                       "retrieved_from"))
        return out
    try:
        df = read_table(path)
    except InputError:
        return []
    return source_warnings(df) if "source_urls" in df.columns else []
