"""Packaging: one version source; an installed wheel writes into the working directory only.

`pip install .` (not editable) goes into a fresh virtual environment in a temporary folder.
To keep this under a minute, the new environment's dependencies are those already in the
test environment (a ``.pth`` file points at its site-packages) and the package itself is
installed with ``--no-deps``; everything of `mapper` comes from the wheel.
"""

from __future__ import annotations

import json
import subprocess
import sys
import sysconfig
import tomllib
from importlib.metadata import version
from pathlib import Path

import pytest

import mapper

REPO = Path(__file__).resolve().parents[1]


def test_one_version_source():
    declared = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["version"]
    assert mapper.__version__ == version("detention-mapper") == declared
    assert f'__version__ = "{declared}"' not in (REPO / "mapper" / "__init__.py").read_text()


def test_declared_dependencies_are_used():
    deps = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["dependencies"]
    names = {d.split(">")[0].split("=")[0].split("<")[0].strip().lower() for d in deps}
    assert "simplekml" not in names and "branca" not in names  # nothing imports them
    assert {"folium", "tqdm", "mapclassify", "matplotlib"} <= names


def _files(root: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(root)): (p.stat().st_size, p.stat().st_mtime_ns)
            for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts}


@pytest.mark.slow
def test_installed_wheel_builds_into_the_working_directory(tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    py = venv / "bin" / "python"
    site = Path(subprocess.run([str(py), "-c", "import sysconfig; "
                                "print(sysconfig.get_paths()['purelib'])"],
                               check=True, capture_output=True, text=True).stdout.strip())
    (site / "_test_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(py), "install", "--quiet",
                    "--no-deps", "--no-input", str(REPO)], check=True, timeout=300)
    installed = site / "mapper"
    assert (installed / "data" / "geo" / "registry.csv").is_file()
    where = subprocess.run([str(py), "-c", "import mapper; print(mapper.__file__)"],
                           check=True, capture_output=True, text=True, cwd=tmp_path)
    assert Path(where.stdout.strip()).parent == installed  # the wheel, not the clone

    work = tmp_path / "empty"
    work.mkdir()
    before_venv = _files(venv)
    before_repo = (REPO / "facilities.geojson").stat().st_mtime_ns
    res = subprocess.run([str(venv / "bin" / "mapper"), "build"], cwd=work,
                         capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr
    assert "Wrote facilities.geojson" in res.stdout
    assert sorted(p.name for p in work.iterdir()) == ["facilities.geojson", "mapper-manifest.json"]
    assert _files(venv) == before_venv  # nothing written into the installed package
    assert (REPO / "facilities.geojson").stat().st_mtime_ns == before_repo
    # the packaged registry was the input: the same layer as the one shipped in the wheel
    built = (work / "facilities.geojson").read_bytes()
    assert built == (installed / "data" / "facilities.geojson").read_bytes()
    manifest = json.loads((work / "mapper-manifest.json").read_text())
    assert "facilities.geojson" in manifest["outputs"]
    res = subprocess.run([str(venv / "bin" / "mapper"), "--version"], capture_output=True,
                         text=True, check=True)
    assert res.stdout.strip().endswith(version("detention-mapper"))
