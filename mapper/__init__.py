"""Map the detention facilities where Russia holds Ukrainian prisoners of war and civilians.

The data flow, one function per stage (each takes and returns (Geo)DataFrames)::

    registry ─► build_layer ─► facilities.geojson ─► load_facilities
    testimonies ─► read_testimonies ─► match_references / join_testimonies ─► JoinResult
    layer or JoinResult ─► public_build ─► render_map / plot / folium_layer / export_layer
    published file ─► validate_public
"""

from importlib.metadata import PackageNotFoundError, version

from .export import export_layer, read_export
from .io import InputError, read_table
from .join import JoinResult, as_join, join_testimonies, read_testimonies
from .layer import BuildError, build_layer, load_facilities, read_geojson, write_layer
from .match import match_references
from .publish import make_public, public_build, public_regions
from .registry import load_registry, validate_registry
from .render import render_map, save_map
from .validate import validate_public

try:  # one version source: pyproject.toml, as installed
    __version__ = version("detention-mapper")
except PackageNotFoundError:  # pragma: no cover - running from a source tree never installed
    __version__ = "0+unknown"

#: Imported on first use (PEP 562), so that `import mapper` and the CLI do not load
#: matplotlib and folium until a plot or a folium layer is asked for.
_LAZY = {"plot": ".figure", "folium_layer": ".foliumlayer", "explore": ".foliumlayer"}


def __getattr__(name: str):
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(_LAZY[name], __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'mapper' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


__all__ = [
    "BuildError",
    "InputError",
    "JoinResult",
    "__version__",
    "as_join",
    "build_layer",
    "explore",
    "export_layer",
    "folium_layer",
    "join_testimonies",
    "load_facilities",
    "load_registry",
    "make_public",
    "match_references",
    "plot",
    "public_build",
    "public_regions",
    "read_export",
    "read_geojson",
    "read_table",
    "read_testimonies",
    "render_map",
    "save_map",
    "validate_public",
    "validate_registry",
    "write_layer",
]
