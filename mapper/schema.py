"""The facility layer's fields, defined once.

Everything that needs to know the fields — the registry reader, `mapper validate`, the
GeoJSON writer, the public allowlist, the JSON Schema and the data dictionary — reads them
from here, so the documentation and the checks can never drift apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

FACILITY_TYPES = (
    "sizo",
    "penal_colony",
    "temporary_detention",
    "military_unit",
    "filtration_site",
    "improvised",
    "other",
)
CONTEXTS = (
    "captivity_since_2022",
    "political_prisoners",
    "donbas_2014",
    "convict_transfer",
    "deportation_centre",
)
DETAINEES = ("pow", "civilian", "both", "unknown")
#: Who controls the place on the edition date: Russia itself, occupied Ukraine, or a part
#: of Ukraine occupied when people were held there and liberated since.
CONTROL_STATUSES = ("russia", "occupied", "liberated")
COUNTRIES = ("RU", "UA")
PRECISIONS = ("exact", "settlement", "region")

#: An ISO date, year-month or year: what sources give.
PARTIAL_DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")
#: A facility's official number as its name states it: "2" (SIZO-2), "120" (IK-120).
OFFICIAL_NUMBER = re.compile(r"^[0-9]{1,4}[A-Za-zА-Яа-я]?$")
#: A stable facility id: lowercase ASCII words joined by hyphens.
ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
REGION_CODE = re.compile(r"^(RU-[A-Z]{2,3}|UA-\d{2})$")


@dataclass(frozen=True)
class Field:
    """One property of the facility layer.

    ``kind`` is the JSON type as users see it: ``string``, ``boolean``, ``number``,
    ``date`` (ISO date, year-month or year), ``list`` (of strings) or ``sources``
    (list of ``{url, date, publisher, title, retrieved_from?}``). ``public`` fields may go
    out in a public build.
    """

    name: str
    kind: str
    description: str
    required: bool = False
    allowed: tuple[str, ...] | None = None
    public: bool = True
    in_registry: bool = True


LAYER_FIELDS: tuple[Field, ...] = (
    Field("id", "string", "Stable slug, never reused (e.g. `ru-rostov-taganrog-sizo-2`).",
          required=True),
    Field("name_en", "string", "Name in English.", required=True),
    Field("name_uk", "string", "Name in Ukrainian."),
    Field("name_ru", "string", "Name in Russian."),
    Field("aliases", "list", "Other names and spellings seen in the sources."),
    Field("facility_type", "string", "Kind of place.", required=True, allowed=FACILITY_TYPES),
    Field("official_number", "string",
          "The facility's official number where a source states it (SIZO-2 → `2`, IK-120 → "
          "`120`); null otherwise."),
    Field("country", "string",
          "ISO 3166-1 country within internationally recognised borders (Crimea is UA).",
          required=True, allowed=COUNTRIES),
    Field("occupied", "boolean",
          "In Ukraine and under Russian control when people were held there (Crimea and "
          "Sevastopol since 2014; also places liberated since).", required=True),
    Field("control_status", "string",
          "Who controls the place on the edition date: `russia` (in Russia), `occupied` "
          "(Ukraine, under Russian occupation), `liberated` (Ukraine, occupied when people "
          "were held there, liberated since). From the sourced table geo/territory.csv.",
          required=True, allowed=CONTROL_STATUSES, in_registry=False),
    Field("liberated_date", "date",
          "When the place was liberated (ISO date, year-month or year), where a source gives "
          "it; null otherwise. Sourced in geo/territory.csv.", in_registry=False),
    Field("region_code", "string", "ISO 3166-2 code of the admin-1 region (e.g. RU-ROS, UA-43).",
          required=True),
    Field("region_en", "string", "Region name in English."),
    Field("region_uk", "string", "Region name in Ukrainian.", in_registry=False),
    Field("region_ru", "string", "Region name in Russian.", in_registry=False),
    Field("settlement_en", "string", "Settlement (town or village), in English."),
    Field("settlement_local", "string", "Settlement in the local language."),
    Field("address", "string", "Street address, where a source gives one."),
    Field("geocode_precision", "string",
          "`exact`: a coordinate or address stated by a source; `settlement`: the named "
          "settlement from the gazetteer; `region`: only the region is known, the point is "
          "the region's representative point.",
          required=True, allowed=PRECISIONS, in_registry=False),
    Field("geocode_source", "string",
          "Where the point came from: `source`, `geonames:<id>` or `region-point:<code>`.",
          required=True, in_registry=False),
    Field("sources", "sources",
          "Public sources, at least one: list of `{url, date, publisher, title, "
          "retrieved_from}`. `url` is the outlet's canonical address; `date` the publication "
          "date (null where the source is undated); `publisher` the outlet as it names "
          "itself; `title` in the original language (null where not established); "
          "`retrieved_from` the mirror or preview address the page was read at, where "
          "different.", required=True, in_registry=False),
    Field("reported_detainees", "string", "Who the sources report held there.",
          required=True, allowed=DETAINEES),
    Field("context", "string",
          "Why Ukrainians were held there: captivity in the full-scale war, political "
          "prisoners, the 2014 Donbas war, convicts moved from occupied Ukraine, or "
          "deportation centres.", required=True, allowed=CONTEXTS),
    Field("first_reported", "date", "Earliest reported use (ISO date, year-month or year)."),
    Field("last_reported", "date", "Latest reported use (ISO date, year-month or year)."),
    Field("former_ids", "list", "Ids of registry rows merged into this one."),
    Field("notes", "string", "Reviewer's notes, free text: never published.", public=False),
)

#: Registry columns, in file order. Sources are two aligned columns there, because
#: researchers edit the registry in a spreadsheet; coordinates are optional columns.
REGISTRY_COLUMNS: tuple[str, ...] = (
    "id", "name_en", "name_uk", "name_ru", "aliases", "facility_type", "official_number",
    "country",
    "occupied", "region_code", "region_en", "settlement_en", "settlement_local", "address",
    "lat", "lon", "reported_detainees", "context", "first_reported", "last_reported",
    "source_urls", "source_dates", "former_ids", "notes",
)
#: Optional registry column: pins a gazetteer place where the name alone is ambiguous.
#: `official_number` may be missing from a candidate file (it is then empty).
REGISTRY_OPTIONAL = ("geonames_id",)
#: Registry columns a file may lack (read as empty): candidate files predate them.
REGISTRY_DEFAULTS = ("official_number",)
REGISTRY_REQUIRED = ("id", "name_en", "facility_type", "country", "occupied", "region_code",
                     "reported_detainees", "context", "source_urls", "source_dates")

FIELDS_BY_NAME = {f.name: f for f in LAYER_FIELDS}
#: The keys of one source in the layer, in order (``retrieved_from`` only when it differs).
SOURCE_KEYS = ("url", "date", "publisher", "title", "retrieved_from")
PUBLIC_FIELDS = tuple(f.name for f in LAYER_FIELDS if f.public)


def json_schema() -> dict:
    """JSON Schema (2020-12) of one feature of the facility layer."""
    props: dict[str, dict] = {}
    for f in LAYER_FIELDS:
        if f.kind == "boolean":
            p: dict = {"type": "boolean"}
        elif f.kind == "list":
            p = {"type": "array", "items": {"type": "string"}}
        elif f.kind == "sources":
            p = {"type": "array", "minItems": 1, "items": {
                "type": "object", "required": ["url"],
                "properties": {"url": {"type": "string", "pattern": "^https?://"},
                               "date": {"type": ["string", "null"],
                                        "pattern": PARTIAL_DATE.pattern},
                               "publisher": {"type": ["string", "null"]},
                               "title": {"type": ["string", "null"]},
                               "retrieved_from": {"type": "string",
                                                  "pattern": "^https?://"}}}}
        elif f.kind == "date":
            p = {"type": ["string", "null"], "pattern": PARTIAL_DATE.pattern}
        else:
            p = {"type": "string"} if f.required else {"type": ["string", "null"]}
        if f.allowed:
            p["enum"] = list(f.allowed)
        p["description"] = f.description
        props[f.name] = p
    props["id"]["pattern"] = ID_PATTERN.pattern
    props["region_code"]["pattern"] = REGION_CODE.pattern
    props["official_number"]["pattern"] = OFFICIAL_NUMBER.pattern
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Facility layer feature",
        "type": "object",
        "required": ["type", "geometry", "properties"],
        "properties": {
            "type": {"const": "Feature"},
            "geometry": {
                "type": "object", "required": ["type", "coordinates"],
                "properties": {
                    "type": {"const": "Point"},
                    "coordinates": {"type": "array", "minItems": 2, "maxItems": 2,
                                    "prefixItems": [
                                        {"type": "number", "minimum": -180, "maximum": 180},
                                        {"type": "number", "minimum": -90, "maximum": 90}]},
                },
            },
            "properties": {"type": "object",
                           "required": [f.name for f in LAYER_FIELDS if f.required],
                           "properties": props},
        },
    }


def data_dictionary() -> str:
    """The data dictionary as Markdown, for `docs/` and the README."""
    lines = ["| field | type | required | allowed values | public | meaning |",
             "|---|---|---|---|---|---|"]
    for f in LAYER_FIELDS:
        allowed = ", ".join(f"`{a}`" for a in f.allowed) if f.allowed else ""
        lines.append(f"| `{f.name}` | {f.kind} | {'yes' if f.required else ''} | {allowed} | "
                     f"{'yes' if f.public else 'no'} | {f.description} |")
    return "\n".join(lines) + "\n"
