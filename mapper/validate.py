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
from .io import InputError, read_table
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
    problems: list[Problem] = []
    if data.get("type") != "FeatureCollection":
        return [Problem(str(path), None, "", "not a GeoJSON FeatureCollection")]
    if "crs" in data:
        problems.append(Problem(str(path), None, "", "has a 'crs' member, which RFC 7946 removed",
                                "write WGS84 lon/lat without a crs member"))
    validator = Draft202012Validator(schema.json_schema())
    seen: set[str] = set()
    for i, feat in enumerate(data.get("features", []), start=1):
        props = feat.get("properties") or {}
        fid = str(props.get("id", ""))

        def add(msg: str, hint: str = "", fid: str = fid, i: int = i) -> None:
            problems.append(Problem(str(path), None, fid or f"feature {i}", msg, hint))

        for err in sorted(validator.iter_errors(feat), key=lambda e: list(e.path)):
            where = ".".join(str(p) for p in err.path) or "feature"
            add(f"{where}: {err.message}")
        if fid in seen:
            add(f"duplicate id '{fid}'", "ids must be unique")
        seen.add(fid)
        coords = (feat.get("geometry") or {}).get("coordinates") or []
        if len(coords) == 2 and all(isinstance(c, (int, float)) for c in coords):
            if max(_decimals(c) for c in coords) > 6:
                add("coordinates have more than 6 decimals", "round to 6 decimals (RFC 7946 §11.2)")
            if props.get("region_code") and props.get("country"):
                err, _ = check_point(coords[0], coords[1], props["region_code"],
                                     props["country"])
                if err:
                    add(err, "lon comes first in GeoJSON: check the order and the region")
    return problems


def validate_file(path: str | os.PathLike,
                  reference: str | None = None) -> tuple[str, list[Problem]]:
    """Validate a layer, registry or testimony file; return its kind and its problems.

    ``reference`` names a testimony file's facility column when it is not a default name.
    """
    path = Path(path)
    if path.suffix.lower() in (".geojson", ".json"):
        return "facility layer", validate_layer_file(path)
    try:
        df = read_table(path)
    except InputError as exc:
        return "file", [Problem(str(path), None, "", str(exc).removeprefix(f"{path}: "))]
    if "source_urls" in df.columns or "facility_type" in df.columns:
        return "facility registry", validate_registry(df)
    from .match import validate_testimonies  # testimony tables: see match.py

    return "testimony file", validate_testimonies(df, reference=reference)


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
