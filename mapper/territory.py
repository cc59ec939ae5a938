"""Who controls a facility's place on the edition date, and since when.

``occupied`` in the registry keeps its meaning: the place was under Russian control when
people were held there. ``control_status`` says who controls it *now*:

- ``russia`` — the facility is in Russia;
- ``liberated`` — in Ukraine, and a source in ``geo/territory.csv`` reports its liberation
  (by settlement, or for a whole region);
- ``occupied`` — in Ukraine, and no source reports a liberation (Crimea and Sevastopol
  since 2014, the Donbas sites held since 2014, the areas occupied since 2022).

``geo/territory.csv`` (``region_code, settlement_en, control_status, liberated_date,
source_url, source_date, note``, and an optional ``facility_id``) is one row per liberated
area: a settlement row wins over its region's row. ``liberated_date`` is the date the source
gives (ISO date, year-month or year); a row may also say ``occupied`` for a place liberated
once and occupied again. A row with a ``facility_id`` speaks for that one facility and wins
over its settlement's row: a front-line town can be liberated in one part and held in another
(Vovchansk: liberated in September 2022; in 2024 sources report a filtration camp in a part
Russia holds again).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from . import schema
from .paths import geo_dir

COLUMNS = ("region_code", "settlement_en", "control_status", "liberated_date", "source_url",
           "source_date", "note")


@dataclass(frozen=True)
class Control:
    """The control status of one place, with the territory row that decided it."""

    status: str
    liberated_date: str | None = None
    source_url: str | None = None


def read_territory(path: str | Path | None = None) -> pd.DataFrame:
    """Read and check the territory table.

    Parameters
    ----------
    path : str or Path, optional
        Default ``geo/territory.csv``.

    Returns
    -------
    pandas.DataFrame
        The rows, every cell a string.

    Raises
    ------
    mapper.io.InputError
        If a column is missing or a row is malformed (the message names the row).
    """
    from .io import InputError

    path = Path(path) if path else geo_dir() / "territory.csv"
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = [c for c in COLUMNS if c not in df.columns]
    if missing:
        raise InputError(f"{path}: column(s) {', '.join(missing)} missing.")
    if "facility_id" not in df.columns:
        df["facility_id"] = ""
    for i, rec in enumerate(df.to_dict("records"), start=2):
        status, date = rec["control_status"], rec["liberated_date"]
        if status == "occupied" and rec["facility_id"] and not rec["source_url"].startswith(
                ("http://", "https://")):
            raise InputError(f"{path}, row {i}: a facility's own control row needs its "
                             "source_url.")
        if status not in ("liberated", "occupied"):
            raise InputError(f"{path}, row {i}: control_status '{status}' must be "
                             "liberated or occupied.")
        if date and not schema.PARTIAL_DATE.match(date):
            raise InputError(f"{path}, row {i}: liberated_date '{date}' is not "
                             "YYYY, YYYY-MM or YYYY-MM-DD.")
        if status == "liberated" and not rec["source_url"].startswith(("http://", "https://")):
            raise InputError(f"{path}, row {i}: a liberation needs its source_url.")
        if not rec["region_code"].startswith("UA-"):
            raise InputError(f"{path}, row {i}: region_code '{rec['region_code']}' is not "
                             "in Ukraine.")
    return df


def facility_rows(rules: dict[tuple[str, str], Control] | None = None) -> set[str]:
    """Ids that have a territory row of their own (each must be in the registry)."""
    rules = _default_rules() if rules is None else rules
    return {key[1] for key in rules if key[0] == "facility"}


@lru_cache(maxsize=1)
def _default_rules() -> dict[tuple[str, str], Control]:
    return rules_from(read_territory())


def rules_from(df: pd.DataFrame) -> dict[tuple[str, str], Control]:
    """Index territory rows by (region code, settlement or "") or ("facility", id)."""
    return {(("facility", r["facility_id"].strip()) if r.get("facility_id", "").strip() else
             (r["region_code"], r["settlement_en"].strip().lower())):
            Control(r["control_status"], r["liberated_date"] or None, r["source_url"] or None)
            for r in df.to_dict("records")}


def control_for(country: str, region_code: str, settlement: str | None,
                rules: dict[tuple[str, str], Control] | None = None,
                facility_id: str | None = None) -> Control:
    """The control status of a place on the edition date.

    Parameters
    ----------
    country : str
        ``RU`` or ``UA``.
    region_code : str
        ISO 3166-2 code of the place's region.
    settlement : str or None
        The settlement as the registry names it (``settlement_en``).
    rules : dict, optional
        From `rules_from`; default the shipped ``geo/territory.csv``.
    facility_id : str, optional
        The facility's id: a territory row for this facility wins over its settlement's.

    Returns
    -------
    Control
        ``russia`` for Russia; for Ukraine the facility's own row, else the settlement's
        row, else the region's row, else ``occupied`` with no date.

    Examples
    --------
    >>> control_for("RU", "RU-ROS", "Taganrog").status
    'russia'
    >>> control_for("UA", "UA-43", "Simferopol").status
    'occupied'
    """
    if country == "RU":
        return Control("russia")
    rules = _default_rules() if rules is None else rules
    own = rules.get(("facility", facility_id)) if facility_id else None
    if own:
        return own
    key = (settlement or "").strip().lower()
    return (rules.get((region_code, key)) if key else None) or rules.get(
        (region_code, "")) or Control("occupied")
