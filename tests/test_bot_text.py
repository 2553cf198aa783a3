"""What the bots post is inert text, and the scripts that post it survive a broken `gh` (issue #25).

Data reaches GitHub in two places: the data diff (one comment per pull request,
scripts/pr_comment.py) and the rolling index-sync pull request's body (the diff
plus sync's report, scripts/rolling_pr.py). Data text must arrive as text: no
HTML, no links, no notifications, no credentials, and no line that ends a table
row or a code fence. The scripts talk to GitHub through `gh`; here a fake `gh`,
first on PATH, is missing, prints garbage, hangs, floods or fails.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from support import REPO, TINY, edit
from fwatlas.cli import main

ROLLING = REPO / "scripts" / "rolling_pr.py"
COMMENT = REPO / "scripts" / "pr_comment.py"
MARKER = "<!-- fwatlas-data-diff -->"
GH_LIMIT = 65_536  # GitHub refuses longer comments and pull-request bodies

HOSTILE = ("<img src=x onerror=alert(1)> [click](javascript:alert(1)) ![i](https://t.example/p.png) "
           "**bold** `code` ~~gone~~ $x$ &amp; | cc @octocat @org/team #12 owner/repo#3 GH-4 "
           "https://user:s3cret@host.example/path")
ZWJ = "\u200d"


def _git(root: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org",
           "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.org",
           "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    return subprocess.run(["git", "-C", str(root), *args], env=env, check=True, capture_output=True,
                          text=True).stdout.strip()


def bare(md: str) -> str:
    """The characters of Markdown text that are not backslash-escaped."""
    out, i = [], 0
    while i < len(md):
        if md[i] == "\\" and i + 1 < len(md):
            i += 2
            continue
        out.append(md[i])
        i += 1
    return "".join(out)


def unescape(md: str) -> str:
    """What a reader sees of escaped inline text."""
    return re.sub(r"\\(.)", r"\1", md).replace(ZWJ, "")


def live_references(md: str) -> list[str]:
    """What GitHub would turn into a notification or an issue link."""
    return (re.findall(r"(?:^|[^\w`])@[A-Za-z0-9][\w/-]*", md) + re.findall(r"#[0-9]+", md)
            + re.findall(r"\bGH-[0-9]+", md, re.IGNORECASE))


# -- the data diff as Markdown --------------------------------------------------------
def test_diff_markdown_keeps_data_as_text():
    from fwatlas.datadiff import md_inline
    md = md_inline(HOSTILE, limit=1000)
    assert not set(bare(md)) & set("<>[]`*~$&|!\\_"), md  # every active character is escaped
    assert live_references(md) == []
    assert "s3cret" not in md and "https://host.example/path" in unescape(md)
    # and a reader still reads the same words
    assert unescape(md) == HOSTILE.replace("user:s3cret@", "")


def test_diff_markdown_rows_and_headings_stay_one_line():
    from fwatlas.datadiff import to_markdown
    name = "Alpha\n```\n## Owned\r\n| a | b |\u2028x"
    d = {"frameworks": {"alpha": {"name": name, "status": "changed", "releases": [
             {"change": "added", "version": "1.0", "date": "2026-01-01"}],
             "facts": [{"change": "changed (value)", "dimension": "execution.gpu",
                        "before": "official\n| x | y | z |", "after": "a|b\r\nc"}]}},
         "tools": {"t": {"change": "changed", "before": "active\n# big", "after": "archived"}},
         "claims": {"c": {"change": "added", "verdict": "wrong\n- item"}}}
    md = to_markdown(d, "main")
    lines = md.splitlines()
    assert len(lines) == len(to_markdown(_plain(d), "main").splitlines())  # no line added by the data
    row = next(line for line in lines if "execution.gpu" in line)
    assert bare(row).count("|") == 5, row  # four cells
    assert "```" not in md and not [line for line in lines if line.startswith("## Owned")]


def _plain(d: dict) -> dict:
    text = json.dumps(d)
    return json.loads(re.sub(r"\\[nr]|\\u2028", " ", text))


def test_diff_cells_are_cut_without_breaking_an_escape():
    from fwatlas.datadiff import md_inline
    md = md_inline("x" * 198 + "|" * 50)
    assert md.endswith("\u2026") and bare(md).count("|") == 0


def test_diff_base_ref_with_backticks_stays_code():
    from fwatlas.datadiff import to_markdown
    md = to_markdown({"frameworks": {}, "tools": {}, "claims": {}}, "we`ird``ref")
    assert md.splitlines()[0] == "## Data changes against ``` we`ird``ref ```"


def test_fwatlas_diff_escapes_and_redacts_end_to_end(tiny, capsys):
    _git(tiny, "init", "-q")
    _git(tiny, "add", "-A")
    _git(tiny, "commit", "-qm", "base")
    edit(tiny, "data/frameworks/alpha.yaml", replace=["name: Alpha\n", 'name: "Alpha @octocat #7"\n'])
    edit(tiny, "data/frameworks/alpha.yaml", replace=["  execution.gpu:\n    value: official",
                                                      "  execution.gpu:\n    value: " + json.dumps(HOSTILE)])
    assert main(["diff", "HEAD", "--root", str(tiny)]) == 0
    md = capsys.readouterr().out
    assert "<img" not in bare(md) and "](javascript:" not in bare(md) and live_references(md) == []
    assert f"### Alpha @{ZWJ}octocat #{ZWJ}7 (`alpha`): changed" in md
    for fmt in ("text", "json"):  # credentials leave no output
        assert main(["diff", "HEAD", "--root", str(tiny), "--format", fmt]) == 0
        out = capsys.readouterr().out
        assert "s3cret" not in out and "host.example/path" in out
