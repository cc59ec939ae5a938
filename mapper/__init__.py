"""Map the detention facilities where Russia holds Ukrainian prisoners of war and civilians.

The data flow, one function per stage::

    registry ──► build_layer ──► facilities.geojson ──► load_facilities
"""

from .io import InputError, read_table
from .layer import BuildError, build_layer, load_facilities, read_geojson, write_layer
from .registry import load_registry, validate_registry

__version__ = "0.1.0"

__all__ = [
    "BuildError",
    "InputError",
    "__version__",
    "build_layer",
    "load_facilities",
    "load_registry",
    "read_geojson",
    "read_table",
    "validate_registry",
    "write_layer",
]
