"""mapper-manifest.json: SHA-256, bytes and rows of inputs and outputs, deterministic, updated."""

from __future__ import annotations

import hashlib
import json

from click.testing import CliRunner

from mapper import __version__
from mapper.cli import main
from mapper.manifest import record, verify
from mapper.paths import layer_path


def test_record_describes_inputs_and_outputs(tmp_path):
    out = tmp_path / "out" / "table.csv"
    out.parent.mkdir()
    out.write_text("id,x\n#loc+id,#x\na,1\nb,2\n", encoding="utf-8")
    [manifest] = record("export", inputs=[layer_path()], outputs=[out],
                        settings={"format": "csv", "path": out})
    assert manifest == out.parent / "mapper-manifest.json"
    data = json.loads(manifest.read_text())
    entry = data["outputs"]["table.csv"]
    assert entry["sha256"] == hashlib.sha256(out.read_bytes()).hexdigest()
    assert entry["bytes"] == out.stat().st_size
    assert entry["rows"] == 2  # the HXL hashtag row is not data
    assert entry["tool_version"] == __version__ and entry["command"] == "export"
    [inp] = entry["inputs"]
    layer = json.loads(layer_path().read_text(encoding="utf-8"))
    assert inp["rows"] == len(layer["features"])
    assert inp["sha256"] == hashlib.sha256(layer_path().read_bytes()).hexdigest()
    assert not inp["path"].startswith("/")  # relative: same bytes in any checkout
    assert "recorded_at" not in entry


def test_record_is_deterministic_and_updates(tmp_path, monkeypatch):
    a, b = tmp_path / "a.geojson", tmp_path / "b.geojson"
    a.write_text('{"type":"FeatureCollection","features":[]}\n')
    b.write_text('{"type":"FeatureCollection","features":[]}\n')
    record("build", inputs=[], outputs=[a], settings={"k": 1})
    first = (tmp_path / "mapper-manifest.json").read_bytes()
    record("build", inputs=[], outputs=[a], settings={"k": 1})
    assert (tmp_path / "mapper-manifest.json").read_bytes() == first
    text = first.decode()
    assert json.dumps(json.loads(text), indent=2, sort_keys=True, ensure_ascii=False) + "\n" \
        == text  # sorted keys
    record("diff", inputs=[a], outputs=[b], settings={})
    data = json.loads((tmp_path / "mapper-manifest.json").read_text())
    assert sorted(data["outputs"]) == ["a.geojson", "b.geojson"]  # updated, not replaced
    monkeypatch.setenv("MAPPER_MANIFEST_TIMESTAMP", "1")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    record("build", inputs=[], outputs=[a], settings={})
    data = json.loads((tmp_path / "mapper-manifest.json").read_text())
    assert data["outputs"]["a.geojson"]["recorded_at"] == "2023-11-14T22:13:20Z"


def test_verify_detects_a_changed_file(tmp_path):
    out = tmp_path / "x.csv"
    out.write_text("a\n1\n")
    record("export", inputs=[], outputs=[out], settings={})
    assert verify(tmp_path / "mapper-manifest.json") == []
    out.write_text("a\n2\n")
    assert verify(tmp_path / "mapper-manifest.json") == ["x.csv"]


def test_cli_build_and_export_write_identical_manifests(tmp_path):
    runner = CliRunner()
    manifests = []
    for run in ("one", "two"):
        d = tmp_path / run
        res = runner.invoke(main, ["build", "--quiet", "-o", str(d / "facilities.geojson")])
        assert res.exit_code == 0, res.output
        res = runner.invoke(main, ["export", "--layer", str(d / "facilities.geojson"),
                                   "-o", str(d / "facilities.gpkg")])
        assert res.exit_code == 0, res.output
        manifests.append((d / "mapper-manifest.json").read_bytes())
    assert manifests[0] == manifests[1]
    data = json.loads(manifests[0])
    assert set(data["outputs"]) == {"facilities.geojson", "facilities.gpkg"}
    assert data["outputs"]["facilities.gpkg"]["rows"] == \
        data["outputs"]["facilities.geojson"]["rows"] > 100
    assert data["outputs"]["facilities.gpkg"]["inputs"][0]["path"] == "facilities.geojson"
