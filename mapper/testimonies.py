"""A testimony table's columns and the checks that come before matching.

Which column holds the reference, the count, the date, the category and the sex (by
default name, in English, Ukrainian and Russian), and the values people write for them.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from .registry import Problem

#: Column names recognised by default (compared case-insensitively), per role.
DEFAULT_COLUMNS: dict[str, tuple[str, ...]] = {
    "reference": ("facility", "facility_reference", "reference", "facility_name",
                  "facility_id", "place_of_detention", "place", "location", "установа",
                  "заклад", "місце утримання", "місце", "учреждение", "место содержания",
                  "место"),
    "count": ("count", "n", "testimonies", "number", "кількість", "количество"),
    "date": ("date", "detention_date", "date_detained", "period", "year", "дата", "рік",
             "год"),
    "category": ("category", "detainee_category", "status", "категорія", "категория",
                 "статус"),
    "sex": ("sex", "gender", "стать", "пол"),
    "route": ("route", "transfers", "path", "маршрут", "переміщення"),
}
CATEGORY_VALUES = {
    "pow": ("pow", "p.o.w.", "prisoner of war", "military", "soldier", "servicemember",
            "військовополонений", "військовополонена", "військовий", "військова", "впл", "в/п",
            "военнопленный", "военнопленная", "военный", "вп"),
    "civilian": ("civilian", "civ", "civil", "цивільний", "цивільна", "цивільні",
                 "гражданский", "гражданская", "мирный житель", "мирна жителька", "цив"),
}
SEX_VALUES = {
    "female": ("f", "female", "woman", "w", "ж", "жін", "жінка", "жен", "женщина", "жіноча"),
    "male": ("m", "male", "man", "ч", "чол", "чоловік", "м", "муж", "мужчина", "чоловіча"),
}
UNKNOWN_VALUES = ("", "unknown", "n/a", "na", "-", "—", "?", "невідомо", "неизвестно")
_CAT_LOOKUP = {v: k for k, vs in CATEGORY_VALUES.items() for v in vs}
_SEX_LOOKUP = {v: k for k, vs in SEX_VALUES.items() for v in vs}
YEAR_RE = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
DATE_OK = re.compile(r"^\s*(\d{4}(-\d{1,2}(-\d{1,2})?)?|\d{1,2}[./]\d{1,2}[./]\d{4}|"
                     r"\d{1,2}[./]\d{4}|\d{4}\s*[-–—/]\s*\d{4}|"
                     r"\d{4}-\d{2}(-\d{2})?\s*[-–—/]\s*\d{4}-\d{2}(-\d{2})?)\s*$")


def find_column(df: pd.DataFrame, role: str, given: str | None = None) -> str | None:
    """The column of ``df`` for ``role``: the one given, else a default name; None if absent.

    Raises `InputError` when a column was named explicitly but is not in the file, or when
    the column found shares its name with another column (`mapper.io.read_table` names the
    second one "NAME (2)").
    """
    from .io import InputError

    cols = {c.strip().lower(): c for c in df.columns}
    found = None
    if given:
        if given in df.columns:
            found = given
        elif given.strip().lower() in cols:
            found = cols[given.strip().lower()]
        else:
            raise InputError(f"{df.attrs.get('path', 'table')}: no column '{given}' (the "
                             f"columns are: {', '.join(map(str, df.columns))}).")
    else:
        found = next((cols[name] for name in DEFAULT_COLUMNS[role] if name in cols), None)
    twins = df.attrs.get("duplicate_columns", {}).get(found)
    if twins:  # two columns with one name: never pick one silently
        raise InputError(f"{df.attrs.get('path', 'table')}: {len(twins)} columns are named "
                         f"'{found}'; which one holds the {role} is not clear. Rename the "
                         "others in the file (or pass the column to use, e.g. "
                         f"--{'column' if role == 'reference' else role} '{twins[-1]}').")
    return found


def normalise_category(value: str) -> str | None:
    """'pow' or 'civilian' for the ways people write them; '' when blank; None if unknown."""
    v = str(value or "").strip().lower()
    if v in UNKNOWN_VALUES:
        return ""
    return _CAT_LOOKUP.get(v)


def normalise_sex(value: str) -> str | None:
    """'female' or 'male'; '' when blank or unknown; None when not understood."""
    v = str(value or "").strip().lower().rstrip(".")
    if v in UNKNOWN_VALUES:
        return ""
    return _SEX_LOOKUP.get(v)


def validate_testimonies(df: pd.DataFrame, **columns: str | None) -> list[Problem]:
    """(contract) Problems of a testimony table, each with its spreadsheet row and a hint.

    Checks: a facility reference column exists, references are not empty, dates, counts,
    categories and sex are readable. Matching itself is not checked here (`mapper match`
    reports each unplaced reference).
    """
    path = df.attrs.get("path", "testimonies")
    first = df.attrs.get("first_row", 2)
    problems: list[Problem] = []
    try:
        cols = {role: find_column(df, role, columns.get(role)) for role in DEFAULT_COLUMNS}
    except Exception as exc:  # an explicitly named column is missing
        return [Problem(path, 1, "", str(exc).removeprefix(f"{path}: "))]
    if cols["reference"] is None:
        return [Problem(path, 1, "", "no facility reference column",
                        "name the column holding the facility 'facility' (or one of: "
                        + ", ".join(DEFAULT_COLUMNS["reference"][:6])
                        + "), or pass --reference COLUMN")]
    ref, cnt, date = cols["reference"], cols["count"], cols["date"]
    cat, sex = cols["category"], cols["sex"]
    # each check once per distinct value (a 2M-row file holds a few thousand), then the
    # rows it flags; problems in row order, checks in this order within a row
    found: list[tuple[int, int, Problem]] = []
    refs = df[ref].astype(str).str.strip()

    def flag(mask: np.ndarray, check: int, message, hint: str, column: str | None = None,
             who: bool = True) -> None:
        idx = np.flatnonzero(mask)
        if not len(idx):
            return
        names = refs.iloc[idx].tolist()
        values = df[column].iloc[idx].tolist() if column else [""] * len(idx)
        for k, name, v in zip(idx.tolist(), names, values, strict=True):
            v = "" if v is None or (isinstance(v, float) and v != v) else str(v)
            found.append((k, check, Problem(path, first + k, name if who else "",
                                            message(v.strip()), hint)))

    def per_value(column: str, bad) -> np.ndarray:
        codes, uniques = pd.factorize(df[column], sort=False)
        verdict = np.array([bool(bad(str(u))) for u in uniques] + [bool(bad(""))])
        return verdict[np.where(codes < 0, len(uniques), codes)]

    flag((refs == "").to_numpy(dtype=bool), 0, lambda v: f"empty facility reference in '{ref}'",
         "write the facility's name, town and number, or its id", who=False)
    if cnt:
        from .join import MAX_COUNT, count_flags

        _text, bad, huge = count_flags(df[cnt])
        flag(bad, 1, lambda v: f"count '{v}' is not a whole number",
             "write a whole number of testimonies (0 or more)", cnt)
        flag(huge, 1, lambda v: f"count '{v}' is too large to be a number of testimonies",
             f"a count is at most {MAX_COUNT:,}: check the cell", cnt)
    if date:
        flag(per_value(date, lambda d: d.strip() and not (DATE_OK.match(d.strip())
                                                           and YEAR_RE.search(d))),
             2, lambda v: f"date '{v}' is not understood",
             "write YYYY, YYYY-MM, YYYY-MM-DD or DD.MM.YYYY", date)
    if cat:
        flag(per_value(cat, lambda c: normalise_category(c) is None), 3,
             lambda v: f"category '{v}' is not understood",
             "write pow or civilian (or leave it empty)", cat)
    if sex:
        flag(per_value(sex, lambda x: normalise_sex(x) is None), 4,
             lambda v: f"sex '{v}' is not understood",
             "write female or male (or leave it empty)", sex)
    problems += [p for _k, _c, p in sorted(found, key=lambda t: (t[0], t[1]))]
    return problems
