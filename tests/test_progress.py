"""Progress bars: drawn on a terminal, silent in CI, in pipes and with --quiet."""

from __future__ import annotations

import io
import os
import pty
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

import mapper
from mapper import _progress
from mapper.cli import main
from mapper.join import join_testimonies


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture
def terminal(monkeypatch):
    """Call it in the test body: pytest re-installs its own stderr after fixtures run."""
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("MAPPER_QUIET", raising=False)
    monkeypatch.setattr(_progress, "_QUIET", False)

    def install() -> FakeTerminal:
        err = FakeTerminal()
        monkeypatch.setattr(sys, "stderr", err)
        return err

    return install


def test_bar_on_a_terminal_for_large_work(terminal):
    terminal = terminal()
    assert list(_progress.progress(range(3000), desc="Counting")) == list(range(3000))
    assert "Counting" in terminal.getvalue() and "3000" in terminal.getvalue()


def test_no_bar_for_small_work_pipes_ci_or_quiet(terminal, monkeypatch):
    terminal = terminal()
    small = range(10)
    assert _progress.progress(small) is small
    big = range(5000)
    _progress.set_quiet(True)
    assert _progress.progress(big) is big
    _progress.set_quiet(False)
    monkeypatch.setenv("CI", "true")
    assert _progress.progress(big) is big
    monkeypatch.delenv("CI")
    monkeypatch.setattr(sys, "stderr", io.StringIO())  # a pipe or a file
    assert _progress.progress(big) is big
    assert terminal.getvalue() == ""


def test_join_shows_matching_progress_on_a_terminal(terminal, monkeypatch):
    terminal = terminal()
    monkeypatch.setattr(_progress, "DEFAULT_MIN_TOTAL", 2)
    layer = mapper.load_facilities()
    rows = pd.DataFrame({"facility": ["ru-rostov-taganrog-sizo-2", "Taganrog sizo2",
                                      "ua-donetsk-olenivka-ik-120"]})
    result = join_testimonies(layer, rows)
    assert result.counts["matched"] == 3
    assert "Matching references" in terminal.getvalue()


def test_global_quiet_option(monkeypatch, tmp_path):
    monkeypatch.setattr(_progress, "_QUIET", False)
    res = CliRunner().invoke(main, ["--quiet", "build", "-o", str(tmp_path / "f.geojson")])
    assert res.exit_code == 0, res.output
    assert _progress._QUIET is True
    _progress.set_quiet(False)


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
def test_real_terminal_shows_a_bar_and_a_pipe_does_not(tmp_path):
    """`mapper join` on a file with many distinct references, its stderr a real pty."""
    refs = [f"СИЗО-{i % 7 + 1} Таганрог {i}" for i in range(1200)]
    src = tmp_path / "t.csv"
    pd.DataFrame({"facility": refs}).to_csv(src, index=False)
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "MAPPER_QUIET")}
    cmd = [sys.executable, "-m", "mapper.cli", "join", str(src), "-o",
           str(tmp_path / "j.geojson")]
    master, slave = pty.openpty()
    proc = subprocess.run(cmd, stderr=slave, stdout=subprocess.DEVNULL, env=env,
                          cwd=tmp_path, timeout=120, check=False)
    os.close(slave)
    seen = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    os.close(master)
    assert proc.returncode == 0
    assert b"Matching references" in seen
    piped = subprocess.run(cmd, capture_output=True, env=env, cwd=tmp_path, timeout=120,
                           check=False)
    assert piped.returncode == 0 and b"Matching references" not in piped.stderr
    assert Path(tmp_path / "j.geojson").exists()
