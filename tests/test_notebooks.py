"""The worked notebooks run, top to bottom, in the normal test suite (so they never rot)."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))


def test_there_are_worked_notebooks():
    assert [p.name for p in NOTEBOOKS] == ["01_explore_and_export.ipynb",
                                           "02_join_and_publish.ipynb",
                                           "03_folium_and_plot.ipynb"]


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
