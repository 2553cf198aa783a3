"""Strict models: unknown keys with did-you-mean, types, formats, ids."""
from __future__ import annotations

import pytest

from support import TODAY, edit
from fwatlas.pipeline import check_project

ALPHA = "data/frameworks/alpha.yaml"

CASES = [  # (case, file, (old, new), rule, line, text in message or hint)
    ("unknown key", ALPHA, ("    since:", "    snice:"), "schema.unknown-key", 27, "did you mean 'since'?"),
    ("unknown top key", ALPHA, ("homepage:", "home_page:"), "schema.unknown-key", 5, "did you mean 'homepage'?"),
    ("missing key", ALPHA, ("name: Alpha\n", ""), "schema.missing-key", 2, "name"),
    ("bad enum", "data/tools/alpha-serving.yaml", ("status: active", "status: activ"), "schema.enum", 7,
     "did you mean 'active'?"),
    ("non-ISO date", ALPHA, ("as_of: 2026-11-01", "as_of: 01/11/2026"), "schema.value", 9, "ISO date"),
    ("impossible date", ALPHA, ("as_of: 2026-11-01", 'as_of: "2026-02-30"'), "schema.value", 9, "not a real date"),
    ("javascript url", ALPHA, ("url: https://alpha.example.org/blog/launch", "url: javascript:alert(1)"),
     "schema.value", 11, "http(s) URL"),
    ("bad id", ALPHA, ("id: alpha", "id: Alpha_1"), "schema.format", 2, "lowercase"),
    ("bad version", ALPHA, ('since: "2.0"', 'since: "2.x"'), "schema.value", 27, "PEP 440"),
    ("dashed version", ALPHA, ('since: "2.0"', 'since: "2.0-final"'), "schema.value", 27, "without a dash"),
    ("milestone version", ALPHA, ('since: "2.0"', 'since: "1.0.0-M2.1"'), "schema.value", 27, "milestones are not PEP 440"),
    ("mechanism status", ALPHA, ("status: deprecated", "status: deprecate"), "schema.value", 50, "mechanism 2"),
    ("number as text", ALPHA, ("name: Alpha", "name: 42"), "schema.type", 3, 'write "42" in quotes'),
    ("list expected", "data/tools/alpha-serving.yaml", ("frameworks: [alpha]", "frameworks: alpha"),
     "schema.type", 5, "expected list"),
    ("empty sources", "data/tools/alpha-serving.yaml", ("sources:\n  - url: https://alpha.example.org/serving\n    title: Serving guide\n", "sources: []\n"),
     "schema.empty", 9, "must not be empty"),
]


@pytest.mark.parametrize("case,file,change,rule,line,text", CASES, ids=[c[0] for c in CASES])
def test_schema_problem(tiny, case, file, change, rule, line, text):
    edit(tiny, file, replace=list(change))
    _, problems = check_project(tiny, TODAY)
    mine = [p for p in problems if p.file == file]
    assert len(mine) == 1, [p.text() for p in problems]
    p = mine[0]
    assert (p.rule, p.line) == (rule, line), p.text()
    assert text in p.message + p.hint


def test_file_name_must_equal_id(tiny):
    edit(tiny, "data/tools/alpha-serving.yaml", replace=["id: alpha-serving", "id: alpha-serve"])
    _, problems = check_project(tiny, TODAY)
    assert [(p.rule, p.line) for p in problems if p.file.endswith("alpha-serving.yaml")] == [("schema.id-filename", 2)]
