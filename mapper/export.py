"""Export the facility layer (or a joined or public layer) to the formats researchers use.

Every format is written atomically (a temporary file beside the target, then `os.replace`)
and deterministically: the same layer gives the same bytes. Lists (``aliases``,
``former_ids``) and the ``sources`` list of ``{url, date}`` cannot be stored as such in a
GeoPackage or a CSV, so there they become readable text plus, for sources, a JSON column
that keeps the exact structure (see `docs/data-dictionary.md`, generated from this module
and `mapper.schema`).

==========  ==============================================================================
geojson     RFC 7946 via `mapper.layer.write_layer` (lists kept as JSON arrays)
gpkg        GeoPackage (GDAL): booleans as Boolean, counts as Integer64, lists as text;
            a default QGIS style in its ``layer_styles`` table (`qgis_style_qml`)
kml         KML 2.2 for Google Earth: name, a description balloon, typed ExtendedData,
            one ``<Style>`` per facility type and precision (`kml_styles`)
csv         UTF-8 with BOM (Excel opens Cyrillic correctly), lon/lat/wkt columns,
            optional HXL hashtag row; cells a spreadsheet would run as formulas made inert
parquet     GeoParquet 1.0 (pyarrow): lists as list columns, sources as list<struct>
==========  ==============================================================================
"""

from __future__ import annotations

import contextlib
import csv
import html
import io
import json
import math
import os
import re
from collections.abc import Iterator
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape

import geopandas as gpd
import pandas as pd
import shapely

from . import schema, style
from .io import FORMULA_START, InputError, atomic_path, atomic_write, inert, write_text
from .layer import write_layer

FORMATS = ("geojson", "gpkg", "kml", "csv", "parquet")
SUFFIXES = {".geojson": "geojson", ".json": "geojson", ".gpkg": "gpkg", ".kml": "kml",
            ".csv": "csv", ".parquet": "parquet", ".geoparquet": "parquet"}
#: Name of the layer inside a GeoPackage.
GPKG_LAYER = "facilities"
#: Fixed GeoPackage "last_change" stamp, so that the same layer gives the same bytes.
GPKG_DATE = "2000-01-01T00:00:00Z"
#: Fields that are lists of strings in the layer.
LIST_FIELDS = tuple(f.name for f in schema.LAYER_FIELDS if f.kind == "list")
#: Separator for list fields flattened to text (the registry uses the same one).
LIST_SEP = "; "
COUNT_PREFIX = "testimonies"

#: HXL hashtags (https://hxlstandard.org) for the CSV's second row, per column.
HXL_TAGS: dict[str, str] = {
    "id": "#loc+id",
    "name_en": "#loc+name+i_en",
    "name_uk": "#loc+name+i_uk",
    "name_ru": "#loc+name+i_ru",
    "aliases": "#loc+name+alt",
    "facility_type": "#loc+type",
    "country": "#country+code",
    "occupied": "#status+occupied",
    "control_status": "#status+control",
    "liberated_date": "#date+liberated",
    "official_number": "#loc+code+official",
    "region_code": "#adm1+code",
    "region_en": "#adm1+name+i_en",
    "region_uk": "#adm1+name+i_uk",
    "region_ru": "#adm1+name+i_ru",
    "settlement_en": "#loc+settlement+name+i_en",
    "settlement_local": "#loc+settlement+name+local",
    "address": "#loc+address",
    "geocode_precision": "#geo+precision",
    "geocode_source": "#geo+source",
    "sources": "#meta+source",
    "sources_json": "#meta+source+json",
    "reported_detainees": "#affected+type",
    "context": "#status+context",
    "first_reported": "#date+start",
    "last_reported": "#date+end",
    "former_ids": "#loc+id+former",
    "notes": "#meta+notes",
    "lon": "#geo+lon",
    "lat": "#geo+lat",
    "wkt": "#geo+wkt",
}

#: The QGIS style stored in every GeoPackage: its name, and the fixed time stamp.
GPKG_STYLE_NAME = "mapper: facility type and location precision"
#: KML icon scale and opacity per location precision (Google Earth tints its own pushpin
#: with the type's colour: no icon file is fetched from anywhere).
KML_PRECISION = {"exact": (1.1, 1.0), "settlement": (0.9, 0.85), "region": (0.75, 0.55)}


#: How each format stores the fields that are not plain text (for the data dictionary).
STORAGE = (
    ("GeoJSON", "JSON arrays", 'array of `{"url", "date"}`', "boolean", "integers"),
    ("GeoPackage", "text, `; `-separated",
     "text, one `date url` line per source, plus `sources_json` (the exact JSON)",
     "Boolean field", "Integer64"),
    ("KML", "as GeoPackage, in `ExtendedData`", "as GeoPackage, and as links in the balloon",
     "`bool` (1/0)", "`int`"),
    ("CSV", "as GeoPackage", "as GeoPackage (`n.d.` = no date)", "`true`/`false`", "integers"),
    ("GeoParquet", "`list<string>`", "`list<struct<url, date>>`", "boolean", "int64"),
)


# --- helpers -------------------------------------------------------------------------

def is_missing(value) -> bool:
    """True for None and NaN (pandas uses NaN for missing strings)."""
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return value is pd.NA


def count_columns(gdf: pd.DataFrame) -> list[str]:
    """The `testimonies*` count columns of a joined layer, in their order."""
    return [c for c in gdf.columns if str(c).startswith(COUNT_PREFIX)]


def ordered_columns(gdf: pd.DataFrame) -> list[str]:
    """Schema fields first (schema order), then counts and any other columns."""
    cols = [f.name for f in schema.LAYER_FIELDS if f.name in gdf.columns]
    return cols + [c for c in gdf.columns if c not in cols and c != "geometry"]


def _is_int(value) -> bool:
    """An integer count (also a float such as 3.0 that pandas made from an int column)."""
    if isinstance(value, bool) or is_missing(value):
        return False
    if hasattr(value, "item"):
        value = value.item()
    return isinstance(value, int) or (isinstance(value, float) and value.is_integer())


def _scalar(value):
    """A plain Python value: None for missing, int for integral counts."""
    if is_missing(value):
        return None
    if hasattr(value, "item") and not isinstance(value, (list, dict, str)):
        value = value.item()
    return value


def _as_list(value) -> list:
    if is_missing(value):
        return []
    if isinstance(value, str):  # a layer read by GDAL: the list arrives as JSON text
        try:
            parsed = json.loads(value)
        except json.JSONDecodeError:
            return [value]
        return parsed if isinstance(parsed, list) else [value]
    return list(value)


def sources_text(sources) -> str:
    """One line per source: ``date url``, then ``(publisher: title)`` where known
    (``n.d.`` where the source has no date)."""
    lines = []
    for s in _as_list(sources):
        get = s.get if isinstance(s, dict) else (lambda _k: None)
        date = get("date")
        url = get("url") if isinstance(s, dict) else str(s)
        about = ": ".join(str(get(k)) for k in ("publisher", "title")
                          if not is_missing(get(k)) and get(k))
        lines.append(f"{date if not is_missing(date) and date else 'n.d.'} {url}"
                     + (f" ({about})" if about else ""))
    return "\n".join(lines)


def sources_json(sources) -> str:
    """The sources exactly, as compact JSON: ``[{"url": ..., "date": ..., "publisher": ...,
    "title": ..., "retrieved_from": ...}, ...]`` (keys of `schema.SOURCE_KEYS` the source
    has; ``url`` and ``date`` always)."""
    items = []
    for s in _as_list(sources):
        if isinstance(s, dict):
            item = {k: (None if is_missing(s.get(k)) else s.get(k)) for k in schema.SOURCE_KEYS
                    if k in ("url", "date") or k in s}
            items.append(item)
    return json.dumps(items, ensure_ascii=False, separators=(",", ":"))


def _round_geometry(gdf: gpd.GeoDataFrame, decimals: int = 6) -> gpd.GeoDataFrame:
    """WGS84 points rounded to ``decimals`` (6 = about 10 cm, as in the GeoJSON)."""
    if gdf.crs is not None and not gdf.crs.equals("EPSG:4326"):
        gdf = gdf.to_crs("EPSG:4326")
    out = gdf.copy()
    xs = [round(float(g.x), decimals) for g in gdf.geometry]
    ys = [round(float(g.y), decimals) for g in gdf.geometry]
    out = out.set_geometry(gpd.points_from_xy(xs, ys, crs="EPSG:4326"))
    return out


def flat_table(gdf: gpd.GeoDataFrame) -> pd.DataFrame:
    """The layer as a flat table of scalars: lists as text, sources as text and JSON.

    Column order: schema fields (``sources_json`` right after ``sources``), then counts.
    Missing values stay missing (None); booleans stay booleans; counts stay integers
    (or the strings of a public build).
    """
    cols = ordered_columns(gdf)
    data: dict[str, list] = {}
    for col in cols:
        values = list(gdf[col])
        kind = schema.FIELDS_BY_NAME[col].kind if col in schema.FIELDS_BY_NAME else None
        if kind == "list":
            data[col] = [LIST_SEP.join(str(v) for v in _as_list(x)) for x in values]
        elif kind == "sources":
            data[col] = [sources_text(x) for x in values]
            data["sources_json"] = [sources_json(x) for x in values]
        elif kind == "boolean":
            data[col] = [None if is_missing(x) else bool(x) for x in values]
        elif col.startswith(COUNT_PREFIX) and all(_is_int(x) or is_missing(x) for x in values):
            data[col] = [None if is_missing(x) else int(_scalar(x)) for x in values]
        else:
            data[col] = [_scalar(x) for x in values]
    return pd.DataFrame(data, index=range(len(gdf)), dtype=object)


# --- formats -------------------------------------------------------------------------

def to_geojson(gdf: gpd.GeoDataFrame, path: str | os.PathLike) -> Path:
    """RFC 7946 GeoJSON, one feature per line, lists kept as arrays."""
    return write_layer(gdf, path, fields=tuple(ordered_columns(gdf)))


def to_gpkg(gdf: gpd.GeoDataFrame, path: str | os.PathLike) -> Path:
    """GeoPackage with proper field types, readable in QGIS.

    ``occupied`` is a Boolean field, counts Integer64, dates text (sources give partial
    dates such as ``2022-04``), lists ``;``-separated text, ``sources`` one ``date url``
    line per source plus ``sources_json``. The GeoPackage's ``last_change`` stamp is fixed
    (`GPKG_DATE`) so that the same layer gives the same bytes.
    """
    import pyogrio

    path = Path(path)
    gdf = _round_geometry(gdf)
    table = flat_table(gdf)
    for col in table.columns:
        table[col] = _typed(table[col])
    out = gpd.GeoDataFrame(table, geometry=gdf.geometry.values, crs="EPSG:4326")
    with atomic_path(path) as tmp, _gdal_config(OGR_CURRENT_DATE=GPKG_DATE):
        pyogrio.write_dataframe(out, tmp, layer=GPKG_LAYER, driver="GPKG",
                                layer_options={"SPATIAL_INDEX": "YES"},
                                dataset_options={"METADATA_TABLES": "NO"})
        _write_layer_style(tmp, GPKG_LAYER, out.geometry.name)
    return path


def _write_layer_style(gpkg: Path, layer: str, geometry_column: str) -> None:
    """Store the default QGIS style of ``layer`` in the GeoPackage's ``layer_styles`` table.

    The table has the columns QGIS creates when a user saves a style into a GeoPackage
    (``f_table_name``, ``styleName``, ``styleQML``, ``useAsDefault``, ...), and GDAL
    registers it in ``gpkg_contents`` as an attribute table, which is where QGIS looks
    (QGIS manual, "Save style: in database"). QGIS applies the style whose
    ``useAsDefault`` is true when the layer is opened.
    """
    import pyogrio

    # the geometry column name: GDAL calls it "geom" in a GeoPackage
    geom = pyogrio.read_info(gpkg, layer=layer).get("geometry_name") or geometry_column
    table = pd.DataFrame({
        "f_table_catalog": [""], "f_table_schema": [""], "f_table_name": [layer],
        "f_geometry_column": [geom], "styleName": [GPKG_STYLE_NAME],
        "styleQML": [qgis_style_qml()], "styleSLD": [""], "useAsDefault": [True],
        "description": ["Colour by facility type, fill and outline by location precision, "
                        "shape by territory, as on the mapper HTML map."],
        "owner": [""], "ui": [""],
        "update_time": [pd.Timestamp(GPKG_DATE)],
    })
    pyogrio.write_dataframe(table, gpkg, layer="layer_styles", driver="GPKG",
                            layer_options={"FID": "id"})


def _qml_props(props: dict[str, str]) -> str:
    return "".join(f'<prop k="{xml_escape(k)}" v="{xml_escape(str(v), {chr(34): "&quot;"})}"/>'
                   for k, v in props.items())


def qgis_style_qml(lang: str = "en") -> str:
    """The QGIS style (QML) of the facility layer, from `mapper.style`.

    A rule-based renderer: one rule per facility type (the map's colour) with one child rule
    per location precision (filled with a white outline where ``exact``, white with an
    outline in the type's colour at ``settlement`` level, the same dashed and fainter at
    ``region`` level), and the marker's shape from the territory (circle in Russia, diamond
    in occupied Ukraine, square elsewhere in Ukraine) as a data-defined property.

    Parameters
    ----------
    lang : {"en", "uk", "ru"}
        Language of the legend labels.

    Returns
    -------
    str
        The QML document (XML).
    """
    from .render import i18n

    text = i18n()[lang]

    def q(v: str) -> str:
        return xml_escape(v, {'"': "&quot;"})

    shape_expr = ("CASE WHEN \"country\" = 'RU' THEN 'circle' "
                  "WHEN \"occupied\" THEN 'diamond' ELSE 'square' END")
    ddp = ('<data_defined_properties><Option type="Map"><Option type="QString" name="name" '
           'value=""/><Option type="Map" name="properties"><Option type="Map" name="name">'
           '<Option type="bool" name="active" value="true"/><Option type="QString" '
           f'name="expression" value="{q(shape_expr)}"/><Option type="int" name="type" '
           'value="3"/></Option></Option><Option type="QString" name="type" '
           'value="collection"/></Option></data_defined_properties>')
    rules, symbols = [], []
    n = 0
    for ftype in schema.FACILITY_TYPES:
        children = []
        for prec in schema.PRECISIONS:
            st = style.marker_style(ftype, prec)
            props = {
                "color": style.qgis_colour(st["fill"], st["fill_opacity"]),
                "name": "circle",
                "outline_color": style.qgis_colour(st["stroke"]),
                "outline_style": "dash" if st["dash"] else "solid",
                "outline_width": f"{st['stroke_width'] * 0.25:g}",
                "outline_width_unit": "MM",
                "size": "3.4", "size_unit": "MM",
                "joinstyle": "bevel", "scale_method": "diameter",
            }
            symbols.append(f'<symbol type="marker" name="{n}" alpha="1" clip_to_extent="1" '
                           f'force_rhr="0"><layer class="SimpleMarker" enabled="1" '
                           f'locked="0" pass="0">{_qml_props(props)}{ddp}</layer></symbol>')
            label = f"{text['precision_name'][prec]}"
            children.append(f'<rule key="{ftype}-{prec}" symbol="{n}" label="{q(label)}" '
                            f'filter="{q(chr(34) + "geocode_precision" + chr(34))} = '
                            f"{q(repr(prec))}\"/>")
            n += 1
        rules.append(f'<rule key="{ftype}" label="{q(text["facility_type"][ftype])}" '
                     f'filter="{q(chr(34) + "facility_type" + chr(34))} = {q(repr(ftype))}">'
                     + "".join(children) + "</rule>")
    return ("<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
            '<qgis version="3.28.0" styleCategories="Symbology">'
            '<renderer-v2 type="RuleRenderer" symbollevels="0" enableorderby="0" '
            'forceraster="0" referencescale="-1"><rules key="{root}">' + "".join(rules)
            + "</rules><symbols>" + "".join(symbols) + "</symbols></renderer-v2>"
            "</qgis>\n")


def _typed(values: pd.Series) -> pd.Series:
    """A column with the dtype GDAL maps to the right field type (bool, int64, text)."""
    non_null = [_scalar(v) for v in values if not is_missing(v)]
    nulls = len(non_null) < len(values)
    if non_null and all(isinstance(v, bool) for v in non_null):
        return values.astype("boolean" if nulls else bool)
    if non_null and all(_is_int(v) for v in non_null):
        return values.astype("Int64" if nulls else "int64")
    return values.astype(object)


@contextlib.contextmanager
def _gdal_config(**options: str) -> Iterator[None]:
    import pyogrio

    old = pyogrio.get_gdal_config_option
    saved = {k: old(k) for k in options}
    pyogrio.set_gdal_config_options(options)
    try:
        yield
    finally:
        pyogrio.set_gdal_config_options(saved)


def _label(value: str) -> str:
    return value.replace("_", " ")


def kml_description(rec: dict, counts: list[str]) -> str:
    """The balloon Google Earth shows: type, region, counts and sources (all escaped)."""
    e = html.escape

    def row(label: str, value) -> str:
        return f"<tr><th align=\"left\">{e(label)}</th><td>{e(str(value))}</td></tr>"

    names = [rec.get(k) for k in ("name_uk", "name_ru") if not is_missing(rec.get(k))]
    rows = [row("Type", _label(rec.get("facility_type") or ""))]
    if not is_missing(rec.get("context")):
        rows.append(row("Context", _label(rec["context"])))
    region = ", ".join(str(rec[k]) for k in ("settlement_en", "region_en", "country")
                       if not is_missing(rec.get(k)))
    rows.append(row("Place", region))
    if "occupied" in rec and not is_missing(rec["occupied"]) and rec.get("country") == "UA":
        rows.append(row("Occupied", "yes" if rec["occupied"] else "no"))
    if not is_missing(rec.get("geocode_precision")):
        from .render import i18n

        helps = i18n()["en"]["precision_help"]
        prec = rec["geocode_precision"]
        rows.append(row("Location precision", f"{prec}: {helps[prec]}" if prec in helps
                        else prec))
    if not is_missing(rec.get("reported_detainees")):
        rows.append(row("Detainees reported", rec["reported_detainees"]))
    period = " – ".join(str(rec[k]) for k in ("first_reported", "last_reported")
                        if not is_missing(rec.get(k)))
    if period:
        rows.append(row("Reported", period))
    rows += [row(c.replace("_", " "), rec[c]) for c in counts if not is_missing(rec.get(c))]
    links = []
    for s in _as_list(rec.get("sources")):
        url = str(s.get("url", "")) if isinstance(s, dict) else str(s)
        date = s.get("date") if isinstance(s, dict) else None
        date = "n.d." if is_missing(date) or not date else str(date)
        label = url
        if isinstance(s, dict):  # the outlet and the title, where known, say what the link is
            label = " — ".join(str(s[k]) for k in ("publisher", "title")
                               if not is_missing(s.get(k)) and s.get(k)) or url
        if url.startswith(("http://", "https://")):
            links.append(f"<li>{e(date)} <a href=\"{e(url, quote=True)}\">{e(label)}</a></li>")
        else:
            links.append(f"<li>{e(date)} {e(url)}</li>")
    parts = [f"<p>{'<br/>'.join(e(str(n)) for n in names)}</p>" if names else "",
             "<table>" + "".join(rows) + "</table>",
             "<p><b>Sources</b></p><ol>" + "".join(links) + "</ol>" if links else ""]
    return "".join(p for p in parts if p)


def _kml_type(values: pd.Series) -> str:
    non_null = [_scalar(v) for v in values if not is_missing(v)]
    if non_null and all(isinstance(v, bool) for v in non_null):
        return "bool"
    if non_null and all(_is_int(v) for v in non_null):
        return "int"
    return "string"


def _kml_value(value) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(int(value)) if _is_int(value) else str(value)


def to_kml(gdf: gpd.GeoDataFrame, path: str | os.PathLike,
           title: str = "Detention facilities") -> Path:
    """KML 2.2 for Google Earth: one placemark per facility with a description balloon.

    Every field also goes into typed ``ExtendedData`` (a KML ``Schema``), so GIS tools
    (GDAL, QGIS) read the same columns as from the GeoPackage.
    """
    path = Path(path)
    gdf = _round_geometry(gdf)
    table = flat_table(gdf)
    counts = count_columns(table)
    types = {c: _kml_type(table[c]) for c in table.columns}
    esc = xml_escape
    out = io.StringIO()
    w = out.write
    w('<?xml version="1.0" encoding="UTF-8"?>\n')
    w('<kml xmlns="http://www.opengis.net/kml/2.2">\n<Document>\n')
    w(f"<name>{esc(title)}</name>\n")
    w(kml_styles())
    w('<Schema name="facilities" id="facilities">\n')
    for c in table.columns:
        w(f'<SimpleField name="{esc(c)}" type="{types[c]}"></SimpleField>\n')
    w("</Schema>\n")
    records = table.to_dict("records")
    originals = gdf.to_dict("records")
    for rec, orig, geom in zip(records, originals, gdf.geometry, strict=True):
        name = rec.get("name_en") if not is_missing(rec.get("name_en")) else rec.get("id")
        # the id attribute is what GDAL's LIBKML driver (QGIS) reads as the `id` field
        w(f'<Placemark id="{esc(str(rec.get("id", "")), {chr(34): "&quot;"})}">\n')
        w(f"<name>{esc(str(name))}</name>\n")
        desc = kml_description({**rec, "sources": orig.get("sources")}, counts)
        w(f"<description>{esc(desc)}</description>\n")
        w(f"<styleUrl>#{kml_style_id(rec.get('facility_type'), rec.get('geocode_precision'))}"
          "</styleUrl>\n")
        w('<ExtendedData><SchemaData schemaUrl="#facilities">\n')
        for c in table.columns:
            if not is_missing(rec[c]):
                w(f'<SimpleData name="{esc(c)}">{esc(_kml_value(rec[c]))}</SimpleData>\n')
        w("</SchemaData></ExtendedData>\n")
        w(f"<Point><coordinates>{_num(geom.x)},{_num(geom.y)}</coordinates></Point>\n")
        w("</Placemark>\n")
    w("</Document>\n</kml>\n")
    return write_text(path, out.getvalue())


def kml_style_id(facility_type, precision) -> str:
    """A placemark's ``<Style>`` id: ``<type>_<precision>`` (unknown: other, region)."""
    ftype = facility_type if facility_type in schema.FACILITY_TYPES else "other"
    prec = precision if precision in schema.PRECISIONS else "region"
    return f"{ftype}_{prec}"


def kml_styles() -> str:
    """One KML ``<Style>`` per facility type and location precision, from `mapper.style`.

    Google Earth tints its own pushpin with the type's colour (`style.TYPE_COLOURS`); a
    point known only to its settlement is smaller and a little transparent, one known only
    to its region smaller and fainter still (`KML_PRECISION`). No icon file is referenced,
    so opening the file fetches nothing. The balloon shows the placemark's name and its
    description (no driving directions).

    Returns
    -------
    str
        The ``<Style>`` elements, one per line.
    """
    balloon = xml_escape("<h3>$[name]</h3>$[description]")
    out = []
    for ftype in schema.FACILITY_TYPES:
        for prec in schema.PRECISIONS:
            scale, opacity = KML_PRECISION[prec]
            colour = style.kml_colour(style.type_colour(ftype), opacity)
            out.append(f'<Style id="{kml_style_id(ftype, prec)}"><IconStyle><color>{colour}'
                       f"</color><scale>{scale:g}</scale></IconStyle><LabelStyle><scale>0.8"
                       f"</scale></LabelStyle><BalloonStyle><text>{balloon}</text>"
                       "</BalloonStyle></Style>\n")
    return "".join(out)


def _num(x: float) -> str:
    """Shortest text of a coordinate already rounded to 6 decimals."""
    text = repr(round(float(x), 6))
    return text[:-2] if text.endswith(".0") else text


def to_csv(gdf: gpd.GeoDataFrame, path: str | os.PathLike, *, hxl: bool = False) -> Path:
    """CSV for spreadsheets: UTF-8 with BOM, lon/lat/wkt columns, formulas made inert.

    The BOM makes Excel read the file as UTF-8 (Cyrillic names show correctly). Every text
    cell that starts with ``= + - @``, a tab or a carriage return gets a leading ``'`` so
    that a spreadsheet shows it instead of running it. With ``hxl=True`` the second row
    holds HXL hashtags (see `HXL_TAGS`). Booleans are ``true``/``false``; lists and
    sources are written as in the GeoPackage.
    """
    path = Path(path)
    gdf = _round_geometry(gdf)
    table = flat_table(gdf)
    table["lon"] = [_num(g.x) for g in gdf.geometry]
    table["lat"] = [_num(g.y) for g in gdf.geometry]
    table["wkt"] = [shapely.to_wkt(g, rounding_precision=6, trim=True) for g in gdf.geometry]
    numeric = {"lon", "lat"}

    def cell(col: str, value) -> str:
        if is_missing(value):
            return ""
        if isinstance(value, bool):
            return "true" if value else "false"
        text = str(value)
        return text if col in numeric else inert(text)

    with atomic_write(path, "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\r\n")
        writer.writerow([inert(str(c)) for c in table.columns])
        if hxl:
            writer.writerow([hxl_tag(c) for c in table.columns])
        for rec in table.itertuples(index=False, name=None):
            writer.writerow([cell(c, v) for c, v in zip(table.columns, rec, strict=True)])
    return path


def hxl_tag(column: str) -> str:
    """HXL hashtag of a column; counts become ``#affected+testimonies[+...]``."""
    if column in HXL_TAGS:
        return HXL_TAGS[column]
    if column.startswith(COUNT_PREFIX):
        rest = column[len(COUNT_PREFIX):].strip("_")
        attrs = "".join(f"+{re.sub(r'[^a-z0-9_]', '', p.lower()) or 'x'}"
                        for p in rest.split("_") if p)
        return "#indicator+testimonies" + attrs
    return "#meta+" + re.sub(r"[^a-z0-9_]", "", column.lower())


def _arrow_type(col: str, values: list):
    import pyarrow as pa

    kind = schema.FIELDS_BY_NAME[col].kind if col in schema.FIELDS_BY_NAME else None
    if kind == "list":
        return pa.list_(pa.string())
    if kind == "sources":
        return pa.list_(pa.struct([(k, pa.string()) for k in schema.SOURCE_KEYS]))
    non_null = [_scalar(v) for v in values if not is_missing(v)]
    if kind == "boolean" or (non_null and all(isinstance(v, bool) for v in non_null)):
        return pa.bool_()
    if non_null and all(_is_int(v) for v in non_null):
        return pa.int64()
    return pa.string()


def to_parquet(gdf: gpd.GeoDataFrame, path: str | os.PathLike) -> Path:
    """GeoParquet 1.0 (WKB points, ``geo`` metadata): lists as list columns.

    ``aliases`` and ``former_ids`` are ``list<string>``, ``sources`` is
    ``list<struct<url, date, publisher, title, retrieved_from>>``. The column types are
    fixed here rather than guessed from the data, so an edition where every alias list is
    empty has the same schema.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = Path(path)
    gdf = _round_geometry(gdf)
    cols = ordered_columns(gdf)
    arrays, fields = [], []
    for col in cols:
        values = list(gdf[col])
        typ = _arrow_type(col, values)
        kind = schema.FIELDS_BY_NAME[col].kind if col in schema.FIELDS_BY_NAME else None
        if kind == "list":
            values = [[str(v) for v in _as_list(x)] for x in values]
        elif kind == "sources":
            values = json.loads("[" + ",".join(sources_json(x) for x in values) + "]")
        elif typ == pa.int64():
            values = [None if is_missing(v) else int(_scalar(v)) for v in values]
        else:
            values = [_scalar(v) for v in values]
        arrays.append(pa.array(values, type=typ))
        fields.append(pa.field(col, typ))
    arrays.append(pa.array(shapely.to_wkb(gdf.geometry.values, hex=False), type=pa.binary()))
    fields.append(pa.field("geometry", pa.binary()))
    bounds = [float(v) for v in gdf.total_bounds] if len(gdf) else []
    geo = {
        "version": "1.0.0", "primary_column": "geometry",
        "columns": {"geometry": {"encoding": "WKB", "geometry_types": ["Point"],
                                 "crs": gdf.crs.to_json_dict() if gdf.crs else None,
                                 **({"bbox": bounds} if bounds else {})}},
    }
    meta = {b"geo": json.dumps(geo, sort_keys=True, separators=(",", ":")).encode()}
    table = pa.Table.from_arrays(arrays, schema=pa.schema(fields, metadata=meta))
    with atomic_path(path) as tmp:
        pq.write_table(table, tmp, compression="zstd", write_statistics=True)
    return path


# --- dispatch ------------------------------------------------------------------------

def format_for(path: str | os.PathLike, fmt: str | None = None) -> str:
    """The export format: given explicitly, or from the file's suffix."""
    if fmt:
        fmt = fmt.lower()
        if fmt not in FORMATS:
            raise InputError(f"unknown format '{fmt}': use one of {', '.join(FORMATS)}.")
        return fmt
    suffix = Path(path).suffix.lower()
    if suffix not in SUFFIXES:
        raise InputError(f"{path}: cannot tell the format from the suffix '{suffix}'. "
                         f"Use --format {'|'.join(FORMATS)}.")
    return SUFFIXES[suffix]


def export_layer(gdf: gpd.GeoDataFrame, path: str | os.PathLike, fmt: str | None = None, *,
                 hxl: bool = False) -> Path:
    """Write the layer, a joined layer or a public build in one of the GIS formats.

    GeoJSON (RFC 7946), GeoPackage (typed fields and a default QGIS style), KML (Google
    Earth: a style per type and precision, a description balloon), CSV (UTF-8 with BOM,
    formulas made inert) or GeoParquet. Written atomically; same input, same bytes.

    Parameters
    ----------
    gdf : geopandas.GeoDataFrame or JoinResult
        What to write (a `JoinResult` writes its joined layer). Make it public first with
        `public_build` when the file is to be published.
    path : str or os.PathLike
        The file to write.
    fmt : {"geojson", "gpkg", "kml", "csv", "parquet"}, optional
        The format. Default: from the suffix of ``path``.
    hxl : bool
        CSV only: add a row of HXL hashtags.

    Returns
    -------
    pathlib.Path
        The file written.

    Raises
    ------
    InputError
        For an unknown format or suffix, or ``hxl`` with a format other than CSV.

    Examples
    --------
    >>> import tempfile, pathlib, mapper
    >>> out = pathlib.Path(tempfile.mkdtemp())
    >>> mapper.export_layer(mapper.load_facilities(), out / "facilities.gpkg").suffix
    '.gpkg'
    """
    from .join import as_join

    gdf = as_join(gdf, caller="export_layer").layer
    fmt = format_for(path, fmt)
    if hxl and fmt != "csv":
        raise InputError("--hxl adds a hashtag row to a CSV; use it with --format csv.")
    if fmt == "geojson":
        return to_geojson(gdf, path)
    if fmt == "gpkg":
        return to_gpkg(gdf, path)
    if fmt == "kml":
        return to_kml(gdf, path)
    if fmt == "csv":
        return to_csv(gdf, path, hxl=hxl)
    return to_parquet(gdf, path)


def read_export(path: str | os.PathLike) -> gpd.GeoDataFrame:
    """Read any export back (GDAL for GeoJSON/GPKG/KML/CSV, pyarrow for GeoParquet).

    Used by the tests and by `mapper validate --public`. CSV cells come back as text,
    with the HXL row (if any) dropped and the ``'`` that made formulas inert removed.

    Parameters
    ----------
    path : str or os.PathLike
        A file written by `export_layer` (format from its suffix).

    Returns
    -------
    geopandas.GeoDataFrame
        Its features (a GeoPackage's data layer, not its ``layer_styles`` table).

    Raises
    ------
    InputError
        When the format cannot be told from the suffix.

    Examples
    --------
    >>> import tempfile, pathlib, mapper
    >>> out = pathlib.Path(tempfile.mkdtemp())
    >>> path = mapper.export_layer(mapper.load_facilities(), out / "facilities.kml")
    >>> len(mapper.read_export(path)) == len(mapper.load_facilities())
    True
    """
    import pyogrio

    path = Path(path)
    fmt = format_for(path)
    if fmt == "parquet":
        return gpd.read_parquet(path)
    if fmt == "csv":
        with open(path, encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.reader(fh))
        if not rows:
            return gpd.GeoDataFrame()
        header, body = rows[0], rows[1:]
        if body and body[0] and body[0][0].startswith("#"):
            body = body[1:]
        df = pd.DataFrame([[v[1:] if v.startswith("'") and v[1:].startswith(FORMULA_START)
                            else v for v in r] for r in body], columns=header, dtype=object)
        geom = None
        if "wkt" in df.columns:
            geom = shapely.from_wkt(df["wkt"].replace("", None))
        return gpd.GeoDataFrame(df, geometry=geom, crs="EPSG:4326")
    if fmt == "gpkg":  # the data, not the `layer_styles` table beside it
        names = [str(n) for n, _ in pyogrio.list_layers(path)]
        layer = GPKG_LAYER if GPKG_LAYER in names else next(
            (n for n in names if n != "layer_styles"), None)
        return pyogrio.read_dataframe(path, layer=layer)
    return pyogrio.read_dataframe(path)


# --- schema artefacts ----------------------------------------------------------------

def json_schema_text() -> str:
    """`mapper.schema.json_schema()` as the text committed in `schema/`."""
    return json.dumps(schema.json_schema(), ensure_ascii=False, indent=2) + "\n"


def data_dictionary_text() -> str:
    """The data dictionary page (`docs/data-dictionary.md`), generated from the code."""
    hxl_rows = "\n".join(f"| `{c}` | `{t}` |" for c, t in HXL_TAGS.items())
    formats = "\n".join("| " + " | ".join(row) + " |" for row in (
        ("format", "lists (`aliases`, `former_ids`)", "`sources`", "`occupied`", "counts"),
        ("---",) * 5, *STORAGE))
    return f"""# Data dictionary: the facility layer

<!-- Generated by `mapper schema --dictionary docs/data-dictionary.md` from
     mapper/schema.py and mapper/export.py. Do not edit by hand. -->

One GeoJSON Point feature per facility (WGS84 longitude/latitude, RFC 7946, at most 6
decimals). The same fields are checked by `mapper validate` and described by the JSON
Schema in `schema/facility.schema.json`. Fields marked *public: no* never go out in a
public build (`--public`).

{schema.data_dictionary()}
## Joined layers: testimony counts

`mapper join` adds integer count columns, all named `testimonies*`: `testimonies` (total),
`testimonies_pow`, `testimonies_civilian`, `testimonies_female`, `testimonies_male` and
`testimonies_<YYYY>` (one per year present); 0 where there are none. A breakdown need not
add up to the total (some testimonies do not say the category, sex or year).

In a public build these columns are text: `0`, an exact count at or above the threshold
(`5`, `12`, ...), `1–4` (en dash) for a count below the threshold (5 by default), or a
range such as `10–14` where an exact number would let a reader subtract a suppressed count
back from a total (secondary suppression; see `mapper.publish`).

## How each export stores the fields

{formats}

Public builds store counts as text in every format.

CSV files are UTF-8 **with a byte-order mark**, so Excel shows Cyrillic names correctly when
the file is double-clicked, and end with `lon`, `lat` and `wkt` (`POINT (lon lat)`) columns.
Any text cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is prefixed with
`'` so that a spreadsheet shows it as text instead of running it as a formula; remove that one
leading `'` to get the original value (`mapper.export.read_export` does). With `--hxl` the
second row holds HXL hashtags:

| column | HXL hashtag |
|---|---|
{hxl_rows}
| `testimonies*` | `#indicator+testimonies[+pow, +civilian, +female, +male, +<year>]` |
"""


def write_schema_files(json_path: str | os.PathLike | None,
                       dictionary_path: str | os.PathLike | None) -> list[Path]:
    """Write the JSON Schema and/or the data dictionary; return the paths written."""
    written = []
    if json_path:
        written.append(write_text(json_path, json_schema_text()))
    if dictionary_path:
        written.append(write_text(dictionary_path, data_dictionary_text()))
    return written
