"""The worked notebooks run, top to bottom, in the normal test suite (so they never rot),
and every file a notebook writes as public passes `mapper validate --public`."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest
from click.testing import CliRunner
from nbclient import NotebookClient

from mapper.cli import main

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))
#: Files a notebook writes for publication say so in their name.
PUBLIC_MARK = "public"


def test_there_are_worked_notebooks():
    assert [p.name for p in NOTEBOOKS] == ["01_explore_and_export.ipynb",
                                           "02_join_and_publish.ipynb",
                                           "03_folium_and_plot.ipynb"]


def public_files(folder: Path) -> list[Path]:
    """Every file under ``folder`` that a notebook wrote as public (by its name)."""
    return sorted(p for p in folder.rglob("*") if p.is_file() and PUBLIC_MARK in p.name
                  and not p.name.startswith("."))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs(path, tmp_path):
    raw = json.loads(path.read_text(encoding="utf-8"))
    assert all(not c.get("outputs") and not c.get("execution_count")
               for c in raw["cells"] if c["cell_type"] == "code"), "commit without outputs"
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    assert any(p.suffix == ".gpkg" for p in (tmp_path / "out").iterdir())
    html = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
            if "text/html" in o.get("data", {})]
    assert html, "the map shows inline"
    published = public_files(tmp_path)
    if path.stem.startswith("02"):
        # the publishing notebook writes a layer, its region table and a map as public
        assert {p.suffix for p in published} == {".gpkg", ".csv", ".html"}, published
        # and nothing that quotes the testimony file goes beside them
        assert not [p for p in (tmp_path / "out").iterdir() if "unmatched" in p.name]
    if published:
        # one output set: the region table is checked against the facility layer
        res = CliRunner().invoke(main, ["validate", "--public", *map(str, published)])
        assert res.exit_code == 0, res.output
        assert "safe to publish" in res.output
