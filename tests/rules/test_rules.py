"""Each rule has its own case file in cases/<rule-id>.yaml: a bad edit of the tiny
(good) project and the exact file:line the rule must report. The good project
itself must be clean under every rule."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from support import TODAY, edit
from fwatlas.checks import RULES
from fwatlas.pipeline import check_project

CASES = Path(__file__).parent / "cases"


def test_good_fixture_is_clean(tiny):
    _, problems = check_project(tiny, TODAY)
    assert [p.text() for p in problems] == []


def test_every_rule_has_a_case_and_a_docstring():
    ids = {r.id for r in RULES}
    assert ids == {p.stem for p in CASES.glob("*.yaml")}
    assert all(r.summary for r in RULES)


@pytest.mark.parametrize("case_file", sorted(CASES.glob("*.yaml")), ids=lambda p: p.stem)
def test_rule_reports_exact_line(case_file, tiny):
    case = yaml.safe_load(case_file.read_text())
    bad = case["bad"]
    for e in bad["edits"]:
        edit(tiny, e["file"], replace=e["replace"])
    _, problems = check_project(tiny, TODAY)
    mine = [p for p in problems if p.rule == case["rule"]]
    assert sorted(f"{p.file}:{p.line}" for p in mine) == sorted(bad["expect"]), [p.text() for p in problems]
    assert all(p.severity == bad.get("severity", "error") for p in mine)
    assert all(p.hint for p in mine), "every problem carries a fix hint"
    others = {p.rule for p in problems} - {case["rule"]}
    assert others <= set(bad.get("also", [])), [p.text() for p in problems]
