"""The code stays readable in pieces: no module over 300 lines, no function over 60 (pipelines, schemas, scripts)."""

import ast

from conftest import ROOT

FOLDERS = ("pipelines", "schemas", "scripts")


def _modules():
    for folder in FOLDERS:
        yield from sorted((ROOT / folder).rglob("*.py"))


def test_no_module_over_300_lines():
    long = {p.relative_to(ROOT).as_posix(): n for p in _modules() if (n := len(p.read_text(encoding="utf-8").splitlines())) > 300}
    assert long == {}


def test_no_function_over_60_lines():
    long = {}
    for path in _modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.end_lineno - node.lineno + 1 > 60:
                long[f"{path.relative_to(ROOT).as_posix()}:{node.name}"] = node.end_lineno - node.lineno + 1
    assert long == {}
