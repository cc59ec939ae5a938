"""Where the project's data lives: the repository when run from a clone, else the wheel."""

from __future__ import annotations

from pathlib import Path

_REPO = Path(__file__).resolve().parents[1]
_PACKAGED = Path(__file__).resolve().parent / "data"


def _root() -> Path:
    return _REPO if (_REPO / "geo").is_dir() else _PACKAGED


def geo_dir() -> Path:
    """The `geo/` folder: registry, reference data and their provenance."""
    return _root() / "geo"


def reference_dir() -> Path:
    """Boundaries, countries, gazetteer and region names."""
    return geo_dir() / "reference"


def registry_path() -> Path:
    """The human-edited facility registry."""
    return geo_dir() / "registry.csv"


def layer_path() -> Path:
    """The built, committed facility layer."""
    return _root() / "facilities.geojson"


def demo_testimonies_path() -> Path:
    """The synthetic demo testimony file (never real data)."""
    return geo_dir() / "demo" / "testimonies_SYNTHETIC.csv"
