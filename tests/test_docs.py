"""Docs as contracts: numpydoc docstrings on every public name, their examples run, the API
reference and the README's function table are generated from them and up to date, and the
README's Python example calls only what exists with arguments that exist."""

from __future__ import annotations

import ast
import doctest
import importlib.util
import inspect
import re
from pathlib import Path

import pytest

import mapper

REPO = Path(__file__).resolve().parents[1]
PUBLIC = [n for n in mapper.__all__ if not n.startswith("__")]
#: numpydoc checks not enforced: "See Also" and an extended summary are optional.
IGNORED = {"SA01", "ES01"}
#: Every public function and class must have these sections (names numpydoc uses).
REQUIRED = ("Parameters", "Examples")


def _builder():
    spec = importlib.util.spec_from_file_location("build_api", REPO / "docs" / "build_api.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _where(obj) -> str:
    try:
        return f"{Path(inspect.getsourcefile(obj)).relative_to(REPO)}:" \
               f"{inspect.getsourcelines(obj)[1]}"
    except (TypeError, OSError, ValueError):
        return "?"


def test_every_public_name_has_a_valid_numpydoc_docstring():
    """One failure lists every straggler, so all can be fixed in one go."""
    from numpydoc.docscrape import ClassDoc, FunctionDoc
    from numpydoc.validate import validate

    failures = []
    for name in PUBLIC:
        obj = getattr(mapper, name)
        errors = [f"{code} {msg}" for code, msg in validate(f"mapper.{name}")["errors"]
                  if code not in IGNORED]
        doc = ClassDoc(obj) if inspect.isclass(obj) else FunctionDoc(obj)
        try:
            has_params = bool(inspect.signature(obj).parameters)
        except ValueError:  # an exception class: no signature of its own
            has_params = False
        for section in REQUIRED:
            if section == "Parameters" and not has_params:
                continue
            if not doc[section]:
                errors.append(f"no {section} section")
        if not inspect.isclass(obj) and not doc["Returns"]:
            errors.append("no Returns section")
        if errors:
            failures.append(f"mapper.{name} ({_where(obj)}):\n    " + "\n    ".join(errors))
    assert not failures, ("public names whose docstrings need work "
                          f"({len(failures)}):\n" + "\n".join(failures))


def test_functions_that_raise_input_error_say_so():
    """A public function whose own body raises InputError documents it under Raises."""
    from numpydoc.docscrape import FunctionDoc

    missing = []
    for name in PUBLIC:
        obj = getattr(mapper, name)
        if inspect.isclass(obj):
            continue
        src = inspect.getsource(obj)
        raises = "raise InputError" in src or "raise BuildError" in src
        if raises and not FunctionDoc(obj)["Raises"]:
            missing.append(f"mapper.{name} ({_where(obj)})")
    assert not missing, "document the errors under Raises: " + ", ".join(missing)


@pytest.mark.parametrize("name", PUBLIC)
def test_docstring_examples_run(name, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # examples never write into the repository
    obj = getattr(mapper, name)
    tests = doctest.DocTestFinder(recurse=False).find(obj, f"mapper.{name}",
                                                      globs={"mapper": mapper})
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    ran = 0
    for t in tests:
        runner.run(t)
        ran += len(t.examples)
    assert ran, f"mapper.{name} has no runnable example"
    assert runner.failures == 0, f"mapper.{name}: {runner.failures} example(s) failed"
    assert list(tmp_path.iterdir()) == [], \
        f"mapper.{name}'s examples wrote into the working directory"


def test_api_reference_and_readme_table_are_up_to_date():
    build = _builder()
    api = (REPO / "docs" / "api.md").read_text(encoding="utf-8")
    assert api == build.api_page(), "docs/api.md is out of date: run python docs/build_api.py"
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert readme == build.readme_text(readme), \
        "README.md's function table is out of date: run python docs/build_api.py"
    for name in PUBLIC:
        assert f"## `{name}`" in api


def _readme_python() -> str:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Python API", 1)[1].split("\n## ", 1)[0]
    return "\n".join(re.findall(r"```python\n(.*?)```", section, flags=re.S))


def test_readme_python_example_matches_the_signatures():
    """Every mapper.X the README calls is public, and every keyword it passes exists."""
    tree = ast.parse(_readme_python())
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call)
             and isinstance(n.func, ast.Attribute) and isinstance(n.func.value, ast.Name)
             and n.func.value.id == "mapper"]
    assert len(calls) >= 8
    for call in calls:
        name = call.func.attr
        assert name in mapper.__all__, f"README calls mapper.{name}, which is not public"
        params = inspect.signature(getattr(mapper, name)).parameters
        takes_kwargs = any(p.kind is p.VAR_KEYWORD for p in params.values())
        for kw in call.keywords:
            assert kw.arg in params or takes_kwargs, \
                f"README passes {kw.arg}= to mapper.{name}, which has no such parameter"
