"""Public builds: allowlist, small-count suppression that cannot be subtracted back,
and `validate_public` catching planted leaks in every export format."""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from mapper import export as ex
from mapper import schema
from mapper.cli import main
from mapper.layer import write_layer
from mapper.publish import (
    breakdowns,
    make_public,
    parse_label,
    suppress_table,
    validate_public,
)

N = 5


@pytest.fixture
def joined(joined_layer) -> gpd.GeoDataFrame:
    """The shared joined layer (conftest), copied so a test may change it."""
    return joined_layer.copy()


# --- the reader: brute force, independent of the implementation ------------------------

def reader_bounds(published: dict[str, str], true: dict[str, int], threshold: int
                  ) -> dict[str, set[int]]:
    """Every value of each cell consistent with what is published, found by enumeration.

    The reader knows each published number or range, that every breakdown plus its
    remainder adds up to the total, and whether each breakdown is complete (remainder 0).
    """
    cells = {c: parse_label(v) for c, v in published.items()}
    groups = breakdowns(published)

    def values(c):
        cell = cells[c]
        return range(cell.lo, int(cell.hi) + 1)

    rem_complete = []
    for g in groups:
        rem_complete.append(true["testimonies"] - sum(true[c] for c in g) == 0)

    def sumset(ranges: list[range], cap: int) -> set[int]:
        sums = {0}
        for rg in ranges:
            sums = {a + b for a in sums for b in rg if a + b <= cap}
        return sums

    possible: dict[str, set[int]] = {c: set() for c in published}
    for t in values("testimonies"):
        parts_by_group = [[values(c) for c in g] + [range(0, 1) if done else range(1, t + 1)]
                          for g, done in zip(groups, rem_complete, strict=True)]
        if any(t not in sumset(parts, t) for parts in parts_by_group):
            continue
        possible["testimonies"].add(t)
        for g, parts in zip(groups, parts_by_group, strict=True):
            for j, c in enumerate(g):
                rest = sumset(parts[:j] + parts[j + 1:], t)
                possible[c].update(v for v in parts[j] if t - v in rest)
    return possible


counts = st.integers(min_value=0, max_value=14)


@st.composite
def rows(draw):
    pow_, civ, unknown_cat = draw(counts), draw(counts), draw(st.integers(0, 6))
    total = pow_ + civ + unknown_cat
    female = draw(st.integers(0, total))
    male = draw(st.integers(0, total - female))
    y22 = draw(st.integers(0, total))
    y23 = draw(st.integers(0, total - y22))
    return {"testimonies": total, "testimonies_pow": pow_, "testimonies_civilian": civ,
            "testimonies_female": female, "testimonies_male": male,
            "testimonies_2022": y22, "testimonies_2023": y23}


@settings(max_examples=150, deadline=None)
@given(rows(), st.sampled_from([3, 5]))
def test_no_suppressed_count_can_be_worked_back(row, threshold):
    published = {c: ex_label for c, ex_label in
                 ((c, str(v)) for c, v in suppress_table(pd.DataFrame([row]), threshold)
                  .iloc[0].items())}
    # primary suppression: no small count is shown exactly, every range is true
    for c, v in row.items():
        cell = parse_label(published[c])
        assert cell.lo <= v <= cell.hi, (c, v, published[c])
        if 0 < v < threshold:
            assert not cell.exact and cell.lo <= 1, (c, v, published[c])
    possible = reader_bounds(published, row, threshold)
    hidden = {c: v for c, v in row.items() if 0 < v < threshold}
    for c, v in hidden.items():
        assert v in possible[c]
        assert len(possible[c]) >= 2, (c, v, published, possible[c])
    # a reader who takes every breakdown as complete cannot pin a small count either
    complete = reader_bounds(published, {c: 0 for c in row} | {"testimonies": 0}, threshold)
    for c in hidden:
        assert len(complete[c]) != 1, (c, published, complete[c])


def test_secondary_suppression_examples():
    def pub(**row):
        return {k.removeprefix("testimonies_"): str(v) for k, v in
                suppress_table(pd.DataFrame([{f"testimonies_{k}" if k != "total" else
                                              "testimonies": v for k, v in row.items()}]))
                .iloc[0].items()}

    # 9 = pow + 5: pow would be 4; the civilian count becomes a range
    assert pub(total=9, pow=4, civilian=5) == {"testimonies": "9", "pow": "1–4",
                                               "civilian": "5–9"}
    # both halves small: the total is shown as a range
    assert pub(total=8, pow=4, civilian=4)["testimonies"] == "5–9"
    # nothing small: everything exact
    assert pub(total=20, pow=10, civilian=10) == {"testimonies": "20", "pow": "10",
                                                 "civilian": "10"}
    assert pub(total=0, pow=0, civilian=0) == {"testimonies": "0", "pow": "0",
                                              "civilian": "0"}


def test_make_public_keeps_only_allowlisted_fields(joined):
    public = make_public(joined)
    extra = set(public.columns) - set(schema.PUBLIC_FIELDS) - {"geometry"}
    assert extra == {c for c in joined.columns if c.startswith("testimonies")}
    assert "notes" not in public.columns and len(public) == len(joined)
    for c in extra:
        for v in public[c]:
            cell = parse_label(v)
            assert isinstance(v, str) and cell is not None
            assert not (cell.lo == cell.hi and 0 < cell.lo < N)
    assert joined["notes"].notna().any()  # the layer has notes to drop


def test_make_public_precision(joined):
    public = make_public(joined, precision=2)
    for g in public.geometry:
        assert round(g.x, 2) == g.x and round(g.y, 2) == g.y
    with pytest.raises(ValueError):
        make_public(joined, threshold=2)


def test_suppress_table_flows():
    flows = pd.DataFrame({"from_id": ["a", "b", "c"], "to_id": ["x", "x", "y"],
                          "transfers": [1, 7, 0]})
    out = suppress_table(flows, 5)
    assert list(out["transfers"]) == ["1–4", "7", "0"]
    assert list(out["from_id"]) == ["a", "b", "c"]


@pytest.mark.parametrize("fmt", ex.FORMATS)
def test_public_export_passes_validate_public(joined, tmp_path, fmt):
    path = ex.export_layer(make_public(joined), tmp_path / f"public.{fmt}",
                           hxl=(fmt == "csv"))
    assert validate_public(path) == []


@pytest.mark.parametrize("fmt", ex.FORMATS)
def test_unsafe_exports_fail_naming_each_leak(joined, tmp_path, fmt):
    public = make_public(joined)
    fid = public.loc[0, "id"]
    public.loc[0, "testimonies_pow"] = "3"  # planted small count
    public["surname"] = "Shevchenko"  # planted personal field
    public["notes"] = "reviewer note"
    path = ex.export_layer(public, tmp_path / f"leaky.{fmt}")
    problems = [str(p) for p in validate_public(path)]
    assert any("surname" in p and "personal" in p for p in problems), problems
    assert any("'notes'" in p for p in problems), problems
    assert any(fid in p and "testimonies_pow = 3 is a small count" in p for p in problems)


def test_validate_public_finds_a_derivable_count(joined, tmp_path):
    public = make_public(joined)
    public.loc[5, ["testimonies", "testimonies_pow", "testimonies_civilian",
                   "testimonies_2022", "testimonies_2023"]] = ["9", "1–4", "5", "0", "9"]
    path = ex.export_layer(public, tmp_path / "derivable.geojson")
    problems = [str(p) for p in validate_public(path)]
    assert any(public.loc[5, "id"] in p and "exactly 4" in p for p in problems), problems


def test_validate_public_finds_contact_data(joined, tmp_path):
    public = make_public(joined)
    public.loc[2, "address"] = "call +380 67 123 45 67"
    public.at[3, "aliases"] = ["write to someone@example.org"]
    path = ex.export_layer(public, tmp_path / "contact.geojson")
    problems = [str(p) for p in validate_public(path)]
    assert len([p for p in problems if "e-mail address or phone" in p]) == 2


def test_cli_export_public_and_refuses_unsafe(joined, tmp_path):
    src = tmp_path / "joined.geojson"
    write_layer(joined, src)
    out = tmp_path / "public.gpkg"
    res = CliRunner().invoke(main, ["export", "--joined", str(src), "--public",
                                    "--precision", "2", "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert validate_public(out) == []
    manifest = json.loads((tmp_path / "mapper-manifest.json").read_text())
    assert manifest["outputs"]["public.gpkg"]["settings"]["public"] is True
    # the plain layer exported without --public is not safe (it has notes)
    plain = tmp_path / "plain.csv"
    CliRunner().invoke(main, ["export", "-o", str(plain)])
    assert any("notes" in str(p) for p in validate_public(plain))


# --- the public paths of the command line ------------------------------------------------

PUBLIC_COMMANDS = ("join", "map", "figure", "export")
#: The record of a command's inputs and outputs (mapper.manifest), checked on its own there.
MANIFESTS = {"manifest.json", "mapper-manifest.json"}


def test_publishing_options_are_declared_once_with_one_range():
    from mapper import cli
    from mapper.publish import DEFAULT_THRESHOLD

    seen = []
    for name in PUBLIC_COMMANDS:
        params = {p.name: p for p in cli.main.commands[name].params}
        thr, prec, pub = params["threshold"], params["precision"], params["public"]
        assert (thr.type.min, thr.type.max, thr.default) == (3, 100, 5), name
        assert (prec.type.min, prec.type.max, prec.default) == (0, 6, None), name
        assert pub.is_flag, name
        seen.append((thr.help, prec.help, pub.help))
    assert len(set(seen)) == 1  # the same three options everywhere
    assert cli.DEFAULT_THRESHOLD == DEFAULT_THRESHOLD
    validate = {p.name: p for p in cli.main.commands["validate"].params}["threshold"]
    assert (validate.type.min, validate.type.max, validate.default) == (3, 100, 5)
    for name in PUBLIC_COMMANDS:  # a threshold of 2 would show "1–1", the count itself
        res = CliRunner().invoke(main, [name, "--public", "--threshold", "2", "-o", "x"])
        assert res.exit_code == 2 and "2 is not in the range 3<=x<=100" in res.output


def run_public(command: str, testimonies: Path, out: Path, *extra: str) -> tuple[Path, str]:
    """Run one public command on a testimony file; return its output and what it printed."""
    runner = CliRunner()
    if command == "join":
        target = out / "public.geojson"
        res = runner.invoke(main, ["join", str(testimonies), "-o", str(target), "--public",
                                   *extra])
    elif command == "export":
        internal = out.parent / "internal" / "joined.geojson"
        first = runner.invoke(main, ["join", str(testimonies), "-o", str(internal)])
        assert first.exit_code == 0, first.output
        target = out / "public.gpkg"
        res = runner.invoke(main, ["export", "--joined", str(internal), "--public",
                                   "-o", str(target), *extra])
    else:
        target = out / ("public.html" if command == "map" else "public.svg")
        res = runner.invoke(main, [command, "--testimonies", str(testimonies), "--public",
                                   "-o", str(target), *extra])
    assert res.exit_code == 0, res.output
    return target, res.output


@pytest.mark.parametrize("command", PUBLIC_COMMANDS)
def test_nothing_personal_is_written_beside_a_public_output(command, named_testimonies,
                                                            tmp_path):
    from conftest import PERSONAL_STRINGS

    out = tmp_path / "out"
    target, printed = run_public(command, named_testimonies, out)
    beside = sorted(p.name for p in out.rglob("*"))
    assert not [n for n in beside if "RESTRICTED" in n], beside
    if command != "export":  # the unplaced reference quotes a person: a restricted report,
        # beside the testimony file it quotes (in/testimonies.csv), not beside the output
        report = named_testimonies.parent / "testimonies_RESTRICTED_unmatched_public.csv"
        text = report.read_text(encoding="utf-8-sig")
        assert "Петренка" in text  # nothing lost: the team still sees it ...
        assert str(report) in printed
        assert "RESTRICTED, not for publication" in printed
    for path in out.rglob("*"):  # ... but nothing beside the public output quotes it,
        if path.is_dir():       # the manifest included: it names no testimony file
            continue
        data = path.read_bytes()
        for s in (*PERSONAL_STRINGS, "testimonies.csv", "testimonies_RESTRICTED"):
            assert s.encode() not in data, (path.name, s)
    if target.suffix != ".svg":  # every published file of the set passes the check
        public = [str(out / n) for n in beside if n not in MANIFESTS]
        res = CliRunner().invoke(main, ["validate", "--public", *public])
        assert res.exit_code == 0, res.output


@pytest.mark.parametrize("command", ("join", "map", "figure"))
def test_a_restricted_report_never_goes_in_the_public_folder(command, tmp_path):
    """Testimony file in the output's own folder: the report goes to RESTRICTED/ there;
    --report in the output's folder is refused; --report elsewhere is used."""
    from conftest import named_testimonies_text

    out = tmp_path / "out"
    out.mkdir()
    src = out / "w.csv"
    src.write_text(named_testimonies_text(), encoding="utf-8")
    target, printed = run_public(command, src, out)
    report = out / "RESTRICTED" / "w_RESTRICTED_unmatched_public.csv"
    assert "Петренка" in report.read_text(encoding="utf-8-sig")
    assert "in the subfolder RESTRICTED/" in printed
    assert sorted(p.name for p in out.iterdir() if "RESTRICTED" in p.name) == ["RESTRICTED"]

    beside = out / "mine.csv"
    args = ["-o", str(target), "--public", "--report", str(beside)]
    args = ([command, str(src), *args] if command == "join"
            else [command, "--testimonies", str(src), *args])
    res = CliRunner().invoke(main, args)
    assert res.exit_code == 1, res.output
    assert (f"{beside}: this report holds testimony text and would go in the folder of the "
            f"public output {target.name}") in res.output
    assert not beside.exists()

    chosen = tmp_path / "private" / "mine.csv"
    res = CliRunner().invoke(main, [*args[:-1], str(chosen)])
    assert res.exit_code == 0, res.output
    assert "Петренка" in chosen.read_text(encoding="utf-8-sig")
    assert f"RESTRICTED, not for publication: {chosen}" in res.output


def test_a_foreign_manifest_beside_the_testimony_file_is_left_alone(named_testimonies,
                                                                   tmp_path):
    theirs = named_testimonies.parent / "mapper-manifest.json"
    theirs.write_text("{}\n")
    out = tmp_path / "out" / "p.svg"
    res = CliRunner().invoke(main, ["figure", "--testimonies", str(named_testimonies),
                                    "--public", "-o", str(out)])
    assert res.exit_code == 1, res.output
    assert "choose its place with --report" in res.output
    assert theirs.read_text() == "{}\n" and not out.exists()


def test_without_public_the_report_stays_beside_the_output(named_testimonies, tmp_path):
    out = tmp_path / "out" / "x.html"
    res = CliRunner().invoke(main, ["map", "--testimonies", str(named_testimonies),
                                    "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert "Петренка" in (out.parent / "x_unmatched.csv").read_text(encoding="utf-8-sig")
    assert sorted(p.name for p in named_testimonies.parent.iterdir()) == ["testimonies.csv"]
    manifest = json.loads((out.parent / "mapper-manifest.json").read_text(encoding="utf-8"))
    assert manifest["outputs"]["x.html"]["inputs"][1]["path"] == "../in/testimonies.csv"


@pytest.mark.parametrize("command", PUBLIC_COMMANDS)
def test_public_outputs_do_not_depend_on_a_hidden_count(command, tmp_path):
    """1 or 4 testimonies at Novocherkassk SIZO-3 must give the same public bytes (a map,
    a figure, a joined set or an export that skipped the rules would differ)."""
    from conftest import named_testimonies_text

    outputs = {}
    for n in (1, 4):
        src = tmp_path / f"in{n}" / "t.csv"
        src.parent.mkdir()
        src.write_text(named_testimonies_text(novocherkassk=n), encoding="utf-8")
        target, _ = run_public(command, src, tmp_path / f"out{n}")
        files = sorted(p for p in target.parent.iterdir()
                       if "RESTRICTED" not in p.name and p.name not in MANIFESTS)
        outputs[n] = {p.name: p.read_bytes() for p in files}
    assert outputs[1] == outputs[4]
    # and the hidden count is real: without --public the outputs differ
    plain = {}
    for n in (1, 4):
        src = tmp_path / f"in{n}" / "t.csv"
        out = tmp_path / f"plain{n}" / ("x.svg" if command == "figure" else "x.html")
        if command in ("join", "export"):
            out = out.with_suffix(".geojson")
            CliRunner().invoke(main, ["join", str(src), "-o", str(out)])
        else:
            CliRunner().invoke(main, [command, "--testimonies", str(src), "-o", str(out)])
        plain[n] = out.read_bytes()
    assert plain[1] != plain[4]


def test_export_public_refuses_what_the_check_finds(joined, tmp_path, monkeypatch):
    """Should the public build ever let a small count through, `export --public` reads the
    written file back, names the leak and removes it."""
    import mapper.publish

    real = mapper.publish.public_build
    fid = joined.iloc[0]["id"]

    def broken_build(data, **kwargs):
        res = real(data, **kwargs)
        res.layer.loc[res.layer["id"] == fid, "testimonies_pow"] = "3"
        return res

    monkeypatch.setattr(mapper.publish, "public_build", broken_build)
    src = tmp_path / "joined.geojson"
    write_layer(joined, src)
    out = tmp_path / "public.csv"
    res = CliRunner().invoke(main, ["export", "--joined", str(src), "--public", "-o", str(out)])
    assert res.exit_code == 1
    assert f"Not written: {out} would not be safe to publish" in res.output
    assert f"{out}, row 2 ({fid}): testimonies_pow = 3 is a small count (below 5)" in res.output
    assert not out.exists()
    for name in MANIFESTS:  # nor is it recorded as written
        assert not (tmp_path / name).exists() or "public.csv" not in (
            tmp_path / name).read_text()


def test_join_public_precision_and_restricted_report(named_testimonies, tmp_path):
    out = tmp_path / "out"
    target, printed = run_public("join", named_testimonies, out, "--precision", "1")
    layer = json.loads(target.read_text(encoding="utf-8"))
    for f in layer["features"]:
        x, y = f["geometry"]["coordinates"]
        assert (round(x, 1), round(y, 1)) == (x, y)
    rows = {f["properties"]["id"]: f["properties"] for f in layer["features"]}
    assert rows["ru-rostov-taganrog-sizo-2"]["testimonies"] == "11"
    assert rows["ru-rostov-novocherkassk-sizo-3"]["testimonies"] == "1–4"
    assert rows["ua-crimea-simferopol-sizo-1"]["testimonies"] == "1–4"
    regions = pd.read_csv(out / "public_regions.csv", dtype=str, encoding="utf-8-sig")
    assert regions.set_index("region_code").loc["RU-ROS", "testimonies"] == "12–15"
    assert str(named_testimonies.parent / "testimonies_RESTRICTED_unmatched_public.csv") \
        in printed


# --- the suppression rules, pinned with hand-worked examples --------------------------------
# Each expected value below was worked out by hand from the reader model in the module text
# (the reasoning is in the comments), never by calling the code under test.

def published(threshold: int = N, **row) -> dict[str, str]:
    from mapper.publish import label, protect_row

    names = {k: "testimonies" if k == "total" else f"testimonies_{k}" for k in row}
    cells = protect_row({names[k]: v for k, v in row.items()}, threshold)
    return {k: label(cells[names[k]]) for k in row}


def test_small_counts_that_pin_each_other_are_shown_from_zero():
    # threshold 3; total 2 = 2022 + 2023 (1 + 1), no category. Primary: all "1–2"; a reader
    # who knows the years are complete gets 2022 + 2023 = total ≤ 2, so 1 + 1: pinned. No
    # exact cell to widen, so the first small cell of the years becomes "0–2": then
    # total ∈ [1, 2], 2022 ∈ [0, 1], 2023 ∈ [1, 2]: narrowed, never pinned: accepted.
    assert published(3, total=2, pow=0, civilian=0, **{"2022": 1, "2023": 1}) == {
        "total": "1–2", "pow": "0", "civilian": "0", "2022": "0–2", "2023": "1–2"}


def test_the_last_resort_withholds_a_breakdown():
    # threshold 3; total 4, civilian 3 (1 testimony without a category), years 2 + 2.
    # Primary: years "1–2" each; complete years sum to 4, so both are 2: pinned. Widening
    # the total (band 3–5) and civilian (3–5) does not help: civilian ≥ 3 plus an unknown
    # category ≥ 1 still makes the total 4. "0–2" for each year still sums to 4 only as
    # 2 + 2. Last resort: the years are withheld as "0–<top of the total>" = "0–5".
    assert published(3, total=4, pow=0, civilian=3, **{"2022": 2, "2023": 2}) == {
        "total": "3–5", "pow": "0", "civilian": "3–5", "2022": "0–5", "2023": "0–5"}


@pytest.mark.parametrize("row, expected", [
    # nothing small: shown as is
    ({"total": 5, "pow": 5, "civilian": 0}, {"total": "5", "pow": "5", "civilian": "0"}),
    # a category missing: the reader knows the remainder is ≥ 1, so 7 = pow + 5 + r pins
    # pow = 1; civilian is widened (5–9): still pow ≤ 7 − 5 − 1; then the total (5–9):
    # pow ∈ [1, 3], no longer pinned and no exact cell left to widen: accepted
    ({"total": 7, "pow": 1, "civilian": 5},
     {"total": "5–9", "pow": "1–4", "civilian": "5–9"}),
    # 9 = 4 + 5: the smallest exact cell of pow's own breakdown (civilian) is widened
    ({"total": 9, "pow": 4, "civilian": 5}, {"total": "9", "pow": "1–4", "civilian": "5–9"}),
    # 14 = 4 + 10: civilian widened to its band 10–14
    ({"total": 14, "pow": 4, "civilian": 10},
     {"total": "14", "pow": "1–4", "civilian": "10–14"}),
    # both small and complete: the total would be 2..8; shown as its band
    ({"total": 3, "pow": 2, "civilian": 1},
     {"total": "1–4", "pow": "1–4", "civilian": "1–4"}),
    # a year breakdown alone: 6 = 2 + 4 → both small, the total's band is 5–9
    ({"total": 6, "2022": 2, "2023": 4}, {"total": "5–9", "2022": "1–4", "2023": "1–4"}),
])
def test_secondary_suppression_more_examples(row, expected):
    assert published(**row) == expected


def test_threshold_three_and_its_floor():
    from mapper.publish import protect_row

    assert published(3, total=2) == {"total": "1–2"}
    assert published(3, total=3) == {"total": "3"}
    with pytest.raises(ValueError, match=r"^threshold 2: use 3 or more \(with 2, '1–1' would "
                                         r"show the count itself\)\.$"):
        protect_row({"testimonies": 1}, 2)


@pytest.mark.parametrize("text, cell", [
    (7, (7, 7)), (7.0, (7, 7)), ("7", (7, 7)), (" 7 ", (7, 7)), ("'7", (7, 7)),
    ("1–4", (1, 4)), ("1-4", (1, 4)), ("1 — 4", (1, 4)), ("1 − 4", (1, 4)), ("0–9", (0, 9)),
    ("≥5", (5, float("inf"))), (">= 5", (5, float("inf"))), ("5+", (5, float("inf"))),
    ("4–1", None), ("x", None), ("", None), (None, None), (float("nan"), None),
    (True, None), (7.5, None), ("1–4–5", None),
])
def test_parse_label(text, cell):
    got = parse_label(text)
    assert (None if got is None else (got.lo, got.hi)) == cell
    if got is not None:
        assert got.small is False


def test_labels_and_bands():
    from mapper.publish import Cell, _band, _primary, label

    assert label(Cell(7, 7)) == "7" and label(Cell(0, 0)) == "0"
    assert label(Cell(1, 4)) == "1–4" and label(Cell(10, 14.0)) == "10–14"
    assert _primary(5) == Cell(1, 4, small=True) and _primary(3) == Cell(1, 2, small=True)
    assert _band(5, 5) == Cell(5, 9) and _band(9, 5) == Cell(5, 9)
    assert _band(10, 5) == Cell(10, 14) and _band(7, 3) == Cell(6, 8)
    assert Cell(3, 3).exact and not Cell(3, 4).exact


def test_breakdowns_and_count_columns():
    from mapper.publish import count_columns

    cols = ["id", "testimonies", "testimonies_2023", "testimonies_male", "testimonies_pow",
            "testimonies_2022", "testimonies_female", "testimonies_civilian",
            "testimonies_other", "transfers"]
    assert breakdowns(cols) == [["testimonies_pow", "testimonies_civilian"],
                                ["testimonies_male", "testimonies_female"],
                                ["testimonies_2023", "testimonies_2022"],
                                ["testimonies_other"]]
    assert breakdowns(["testimonies"]) == []
    df = pd.DataFrame(columns=cols)
    assert count_columns(df) == ["testimonies", "testimonies_2023", "testimonies_male",
                                 "testimonies_pow", "testimonies_2022", "testimonies_female",
                                 "testimonies_civilian", "testimonies_other", "transfers"]
    assert count_columns(df, extra=()) == count_columns(df)[:-1]


def test_feasible_bounds_by_hand():
    from mapper.publish import Cell, feasible

    cells = {"testimonies": Cell(9, 9), "a": Cell(1, 4, True), "b": Cell(5, 5)}
    # complete breakdown: a = 9 − 5 = 4
    assert feasible(cells, [["a", "b"]], None) == {"testimonies": (9, 9), "a": (4, 4),
                                                  "b": (5, 5), "~0": (0, 0)}
    # with a remainder of at least 1: a ∈ [1, 3], the remainder ∈ [0, 3] ∩ [1, ∞) = [1, 3]
    assert feasible(cells, [["a", "b"]], [Cell(1, float("inf"))]) == {
        "testimonies": (9, 9), "a": (1, 3), "b": (5, 5), "~0": (1, 3)}
    # a breakdown that cannot add up: nothing can be derived
    bad = {"testimonies": Cell(2, 2), "a": Cell(5, 5)}
    assert feasible(bad, [["a"]], None) == {"testimonies": None, "a": None}
    # no total or no breakdown: the cells as shown
    assert feasible({"a": Cell(1, 4)}, [["a"]], None) == {"a": (1, 4)}
    assert feasible(cells, [], None) == {"testimonies": (9, 9), "a": (1, 4), "b": (5, 5)}


def test_suppress_table_inputs():
    df = pd.DataFrame({"id": ["a", "b"], "testimonies": [3, None]})
    out = suppress_table(df)
    assert list(out["testimonies"]) == ["1–4", "0"] and list(out["id"]) == ["a", "b"]
    assert out.attrs["public"] == {"threshold": 5}
    assert list(df["testimonies"].fillna(-1)) == [3, -1]  # the input is left alone
    assert suppress_table(pd.DataFrame({"id": ["a"]})).equals(pd.DataFrame({"id": ["a"]}))
    for bad, why in (("1–4", "'1–4' is not a count; public builds need the integer counts"),
                     (-1, "'-1' is not a whole non-negative count"),
                     (2.5, "'2.5' is not a whole non-negative count")):
        with pytest.raises(ValueError, match=f"row 2, column testimonies: {why}"):
            suppress_table(pd.DataFrame({"testimonies": [7, bad]}))
    # counts without a total each stand alone (no breakdown reasoning)
    out = suppress_table(pd.DataFrame({"testimonies_pow": [4], "testimonies_civilian": [5]}))
    assert out.iloc[0].to_dict() == {"testimonies_pow": "1–4", "testimonies_civilian": "5"}
    # an explicit list of columns
    out = suppress_table(pd.DataFrame({"n": [2], "testimonies": [2]}), columns=["n"])
    assert out.iloc[0].to_dict() == {"n": "1–4", "testimonies": 2}


def test_public_regions_by_hand():
    from mapper.publish import public_regions

    layer = pd.DataFrame({"region_code": ["A", "A", "B", "C"],
                          "testimonies": ["11", "1–4", "0", "10–14"],
                          "testimonies_pow": ["5", "5", "0", "0"]})
    regions = pd.DataFrame({"region_code": ["A", "B", "C", "D"], "region_en": list("abcd"),
                            "testimonies": [15, 0, 12, 3], "testimonies_pow": [10, 0, 0, 0],
                            "facilities": [2, 1, 1, 0]})
    out = public_regions(layer, regions)
    assert out.to_dict("list") == {
        "region_code": ["A", "B", "C", "D"], "region_en": ["a", "b", "c", "d"],
        "testimonies": ["12–15", "0", "10–14", "0"], "testimonies_pow": ["10", "0", "0", "0"],
        "facilities": [2, 1, 1, 0]}
    assert out.attrs["public"] == {"derived_from": "public facility counts"}


def test_public_build_takes_a_layer_or_a_join(joined):
    from mapper.join import JoinResult
    from mapper.publish import public_build

    layer = joined.head(3).copy()
    layer.attrs["synthetic"] = True
    pub = public_build(layer, threshold=5, precision=1)
    assert list(pub.flows.columns) == ["from_id", "to_id", "transfers"] and pub.flows.empty
    assert list(pub.regions.columns) == ["region_code"] and pub.regions.empty
    assert pub.report.empty and pub.synthetic is True and pub.counts == {}
    assert pub.layer.attrs["public"] == {"threshold": 5, "precision": 1}
    report = pd.DataFrame({"row": [2], "column": ["facility"], "reference": ["Petrenko"],
                           "match_status": ["unmatched"], "match_reason": ["none"]})
    flows = pd.DataFrame({"from_id": ["a"], "to_id": ["b"], "transfers": [2]})
    regions = pd.DataFrame({"region_code": [layer.iloc[0]["region_code"]],
                            "testimonies": [int(layer.iloc[0]["testimonies"])]})
    res = JoinResult(layer=layer, flows=flows, regions=regions, report=report,
                     counts={"rows_read": 9}, synthetic=False, source="x.csv",
                     shape="aggregated")
    pub = public_build(res, threshold=4)
    assert pub.report.empty and list(pub.report.columns) == list(report.columns)
    assert list(pub.flows["transfers"]) == ["1–3"]
    assert (pub.counts, pub.source, pub.shape, pub.synthetic) == ({"rows_read": 9}, "x.csv",
                                                                  "aggregated", False)
    assert pub.warnings == []
    assert len(res.report) == 1  # the join itself is left alone
    with pytest.raises(ValueError, match=r"public_build takes a facility layer \(GeoDataFrame\) "
                                         "or a JoinResult, not list"):
        public_build([1, 2])


def test_make_public_reprojects_and_checks_precision(joined):
    layer = joined.head(2).to_crs("EPSG:3857")
    out = make_public(layer)
    assert out.crs.equals("EPSG:4326")
    assert out.geometry.x.round(6).tolist() == joined.head(2).geometry.x.round(6).tolist()
    for bad in (-1, 7):
        with pytest.raises(ValueError, match=f"precision {bad}: use 0 to 6 decimals"):
            make_public(joined.head(1), precision=bad)
    zero = make_public(joined.head(1), precision=0)
    g = zero.geometry.iloc[0]
    assert (g.x, g.y) == (round(joined.geometry.iloc[0].x), round(joined.geometry.iloc[0].y))


def test_validate_public_keeps_its_old_import_path(tmp_path):
    from mapper import publish, validate

    path = tmp_path / "r.csv"
    path.write_text("region_code,testimonies\nA,3\n", encoding="utf-8")
    assert publish.validate_public(path, threshold=3) == validate.validate_public(
        path, threshold=3) == []
    assert [p.message for p in publish.validate_public(path)] == [
        "testimonies = 3 is a small count (below 5)"]


@pytest.mark.parametrize("row, expected", [
    # years 10 + 4 + 6 = 20, complete: 2023 = 4 would follow. The CHEAPEST exact cell of its
    # own breakdown is widened first (2024 = 6 → 5–9: 2023 ∈ [20 − 10 − 9, 20 − 10 − 5] =
    # [1, 5], every value 1–4 possible), so 2022 stays exact
    ({"total": 20, "2022": 10, "2023": 4, "2024": 6},
     {"total": "20", "2022": "10", "2023": "1–4", "2024": "5–9"}),
    # pow = 20 − 16 is given away by its OWN breakdown: civilian is widened (15–19), not the
    # years (which are complete and hide nothing)
    ({"total": 20, "pow": 4, "civilian": 16, "2022": 10, "2023": 10},
     {"total": "20", "pow": "1–4", "civilian": "15–19", "2022": "10", "2023": "10"}),
])
def test_which_cell_is_widened_first(row, expected):
    assert published(**row) == expected


def test_zero_widening_stays_within_the_pinned_breakdown():
    # threshold 3; total 4; pow 1 + civilian 1 (+ 2 without a category); years 1 + 3.
    # 2022 = 4 − 3 is pinned: 2023 → 3–5 does not help (2022 ≤ 4 − 3), the total → 3–5
    # does. A reader who takes the categories as complete then gets pow + civilian = 4, so
    # 2 + 2: the small cells of THAT breakdown are shown from 0 (0–2, still pinned) and at
    # last withheld (0–5); the years' "1–2" is left alone.
    assert published(3, total=4, pow=1, civilian=1, **{"2022": 1, "2023": 3}) == {
        "total": "3–5", "pow": "0–5", "civilian": "0–5", "2022": "1–2", "2023": "3–5"}


def test_public_tables_keep_their_index_and_text_dtype():
    from mapper.publish import public_regions

    df = pd.DataFrame({"testimonies": [3, 12]}, index=[10, 20])
    out = suppress_table(df)
    assert out["testimonies"].to_dict() == {10: "1–4", 20: "12"}
    assert out["testimonies"].dtype == object  # text GDAL and pyarrow write as strings
    layer = pd.DataFrame({"region_code": ["A"], "testimonies": ["1–4"]})
    regions = pd.DataFrame({"region_code": ["A", "B"], "testimonies": [3, 0]}, index=[7, 9])
    got = public_regions(layer, regions)["testimonies"]
    assert got.to_dict() == {7: "1–4", 9: "0"} and got.dtype == object


def test_public_build_of_a_bare_layer(joined):
    from mapper.join import REPORT_COLUMNS
    from mapper.publish import public_build

    layer = joined.head(2).copy()
    layer["testimonies"] = [4, 12]
    for c in [c for c in layer.columns if c.startswith("testimonies_")]:
        layer[c] = 0
    pub = public_build(layer, threshold=4)
    assert list(pub.layer["testimonies"]) == ["4", "12"]  # 4 is not small below 4
    assert list(pub.report.columns) == list(REPORT_COLUMNS)
    assert list(public_build(layer).layer["testimonies"]) == ["1–4", "12"]


def test_make_public_crs_and_precision_by_hand(joined):
    layer = joined.head(2).copy()
    xs, ys = [g.x for g in layer.geometry], [g.y for g in layer.geometry]
    bare = layer.set_crs(None, allow_override=True)
    out = make_public(bare)
    assert out.crs is not None and out.crs.equals("EPSG:4326")
    two = make_public(layer, precision=2)
    assert [g.x for g in two.geometry] == [round(x, 2) for x in xs]
    assert [g.y for g in two.geometry] == [round(y, 2) for y in ys]
    six = make_public(layer, precision=6)
    assert [g.x for g in six.geometry] == [round(x, 6) for x in xs]


def test_join_public_refuses_what_the_check_finds(named_testimonies, tmp_path, monkeypatch):
    """The same safety net under `join --public`: a region table that gives a hidden count
    back (as notebook 02 once published it) is caught, and no public file is left."""
    import mapper.publish

    real = mapper.publish.public_build

    def broken_build(data, **kwargs):
        res = real(data, **kwargs)
        res.regions = suppress_table(data.regions, kwargs.get("threshold", 5))
        return res

    monkeypatch.setattr(mapper.publish, "public_build", broken_build)
    out = tmp_path / "out" / "public.geojson"
    res = CliRunner().invoke(main, ["join", str(named_testimonies), "-o", str(out),
                                    "--public"])
    assert res.exit_code == 1
    assert "would not be safe to publish" in res.output
    assert ("(ru-rostov-novocherkassk-sizo-3): testimonies is shown as '1–4', but the region "
            "total RU-ROS = '15'") in res.output
    assert sorted(p.name for p in out.parent.iterdir()) == []


def test_map_public_refuses_what_the_check_finds(named_testimonies, tmp_path, monkeypatch):
    import mapper.publish

    real = mapper.publish.public_build

    def broken_build(data, **kwargs):
        res = real(data, **kwargs)
        res.layer["testimonies"] = res.layer["testimonies"].replace("1–4", "3")
        return res

    monkeypatch.setattr(mapper.publish, "public_build", broken_build)
    out = tmp_path / "public.html"
    res = CliRunner().invoke(main, ["map", "--testimonies", str(named_testimonies), "-o",
                                    str(out), "--public"])
    assert res.exit_code == 1
    assert (f"{out} (facilities) (ru-rostov-novocherkassk-sizo-3): testimonies = 3 is a "
            "small count (below 5)") in res.output
    assert not out.exists()
