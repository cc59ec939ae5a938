"""The page's pure JavaScript modules (mapper/webmap/static), unit-tested under Node."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from mapper import webmap

JS_TESTS = Path(__file__).with_name("js")


def test_node_unit_tests():
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    out = subprocess.run([node, "--test", str(JS_TESTS)], capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stdout[-4000:] + out.stderr[-2000:]


def test_modules_are_inlined_in_order():
    js = webmap.script()
    order = [js.index(f"/* --- {name} --- */") for name in webmap.JS_MODULES
             if (webmap.STATIC / name).exists()]
    assert order == sorted(order)
    assert js.index("var MapperUtil") < js.index("var MapperLayers") < js.index("mapperTest")
