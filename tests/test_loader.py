"""Every YAML trap becomes one positioned problem with a hint, never a traceback."""
from __future__ import annotations

import pytest

from support import TODAY, edit
from fwatlas.pipeline import check_project

ALPHA = "data/frameworks/alpha.yaml"
BILLION_LAUGHS = "id: alpha\na: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"
    for p, c in zip("abcdefgh", "bcdefghi"))

TRAPS = [  # (case, file content or bytes, rule, line)
    ("syntax error", "id: alpha\nname: [unclosed\n", "yaml.syntax", 3),
    ("duplicate key", "id: alpha\nname: A\nname: B\n", "yaml.duplicate-key", 3),
    ("1.10 read as a number", "id: alpha\nname: A\nversion: 1.10\n", "yaml.number", 3),
    ("no read as a boolean", "id: alpha\nname: no\n", "yaml.ambiguous-bool", 2),
    ("octal 017", "id: alpha\nname: 017\n", "yaml.number", 2),
    ("sexagesimal 12:30", "id: alpha\nname: 12:30\n", "yaml.number", 2),
    ("not a mapping", "- id: alpha\n", "yaml.not-mapping", 1),
    ("empty file", "", "yaml.empty", 0),
    ("only a comment", "# nothing here\n", "yaml.empty", 0),
    ("invalid UTF-8", b"id: alpha\nname: \xff\xfe\n", "yaml.encoding", 2),
    ("alias bomb", BILLION_LAUGHS, "yaml.alias", 3),
    ("python tag", "id: alpha\nname: !!python/object/apply:os.system ['echo hi']\n", "yaml.tag", 2),
    ("custom tag", "id: alpha\nname: !secret x\n", "yaml.tag", 2),
    ("merge key", "id: alpha\nbase: &b {x: 1}\nother:\n  <<: *b\n", "yaml.alias", 4),
    ("key read as a boolean", "id: alpha\non: x\n", "yaml.ambiguous-bool", 2),
    ("tab indentation", "id: alpha\nfacts:\n\tx: 1\n", "yaml.syntax", 3),
    ("two documents", "id: alpha\n---\nid: beta\n", "yaml.syntax", 2),
]


@pytest.mark.parametrize("case,content,rule,line", TRAPS, ids=[t[0] for t in TRAPS])
def test_trap_is_one_problem(tiny, case, content, rule, line):
    if isinstance(content, bytes):
        edit(tiny, ALPHA, raw=content)
    else:
        edit(tiny, ALPHA, content=content)
    _, problems = check_project(tiny, TODAY)
    mine = [p for p in problems if p.file == ALPHA]
    assert [p.rule for p in mine][:1] == [rule], [p.text() for p in mine]
    assert mine[0].line == line
    assert mine[0].hint


def test_alias_bomb_is_fast(tiny):
    import time
    edit(tiny, ALPHA, content=BILLION_LAUGHS)
    start = time.perf_counter()
    check_project(tiny, TODAY)
    assert time.perf_counter() - start < 5  # expanding it would take ~10^9 steps


@pytest.mark.parametrize("old,new,line,text", [
    ('since: "2.0"', "since: 2.0", 27, 'write "2.0" in quotes'),        # a version read as a number
    ("name: Alpha", "name: 2020-01-01", 3, "the date 2020-01-01"),      # a date where text is expected
])
def test_unquoted_value_where_text_expected(tiny, old, new, line, text):
    edit(tiny, ALPHA, replace=[old, new])
    _, problems = check_project(tiny, TODAY)
    [p] = [p for p in problems if p.file == ALPHA]
    assert (p.rule, p.line) == ("schema.type", line)
    assert text in p.message + p.hint


def test_one_bad_file_does_not_hide_others(tiny):
    edit(tiny, ALPHA, content="id: alpha\nname: [unclosed\n")
    edit(tiny, "data/tools/alpha-serving.yaml", replace=["category: server", "category: servr"])
    edit(tiny, "data/claims/alpha-python-only.yaml", replace=["verdict: misleading", "verdict: misleadin"])
    _, problems = check_project(tiny, TODAY)
    files = {p.file for p in problems}
    assert {ALPHA, "data/tools/alpha-serving.yaml", "data/claims/alpha-python-only.yaml"} <= files
    # references to the broken framework are not reported again
    assert not [p for p in problems if p.rule.startswith("ref.") and "alpha" in p.message]


def test_yml_extension_is_refused(tiny):
    (tiny / "data/tools/alpha-serving.yaml").rename(tiny / "data/tools/alpha-serving.yml")
    _, problems = check_project(tiny, TODAY)
    assert any(p.rule == "schema.file-name" and p.file.endswith(".yml") for p in problems)
