"""The contributor's path: editor schemas, scaffolding, the data diff, pre-commit filtering."""
from __future__ import annotations

import json
import subprocess

from fwatlas.cli import main
from fwatlas.export import stale_schemas
from support import REPO, edit
from test_build import ENV, MKDOCS, build


def test_committed_schemas_match_the_models():
    assert stale_schemas(REPO) == [], "run `.venv/bin/fwatlas schema` and commit data/schema/"


def test_new_framework_appears_on_every_page(tiny, tmp_path, capsys):
    # CONTRIBUTING.md: `fwatlas new framework <id> --name ...`, then replace the TODO summary.
    assert main(["new", "framework", "gamma", "--name", "Gamma", "--root", str(tiny)]) == 0
    assert main(["check", "--root", str(tiny)]) == 0           # valid at once
    assert main(["check", "--strict", "--root", str(tiny)]) == 1  # but the TODO must be filled
    edit(tiny, "data/frameworks/gamma.yaml", replace=['"TODO: one sentence in your own words."', "A test framework."])
    capsys.readouterr()
    # what is left is research: every fact is still unknown, over the 10% a framework may have
    assert main(["check", "--strict", "--root", str(tiny)]) == 1
    assert "fact.unknown-share" in capsys.readouterr().out
    result = subprocess.run(MKDOCS + ["build", "-f", str(tiny / "mkdocs.yml"), "-d", str(tmp_path / "site")],
                            capture_output=True, text=True, env=ENV)
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    pages = ["index.html", "compare/index.html", "frameworks/gamma/index.html"]
    pages += [p.relative_to(site).as_posix() for p in site.glob("topics/*/index.html")]
    for page in pages:
        assert "Gamma" in (site / page).read_text(), page
    assert json.loads((site / "api/v1/frameworks/gamma.json").read_text())["facts"]["history.status"]["value"] == "unknown"


def test_new_never_overwrites_and_checks_the_id(tiny, capsys):
    before = (tiny / "data/frameworks/alpha.yaml").read_text()
    assert main(["new", "framework", "alpha", "--root", str(tiny)]) == 2
    assert (tiny / "data/frameworks/alpha.yaml").read_text() == before
    assert main(["new", "framework", "Bad_Id", "--root", str(tiny)]) == 2
    assert "already exists" in capsys.readouterr().err


def test_new_tool_and_claim_load_and_flag_their_placeholders(tiny, capsys):
    assert main(["new", "tool", "delta-serve", "--root", str(tiny)]) == 0
    assert main(["new", "claim", "delta-is-fast", "--root", str(tiny)]) == 0
    capsys.readouterr()
    assert main(["check", "--root", str(tiny), "--format", "json"]) == 0
    problems = json.loads(capsys.readouterr().out)
    assert {p["rule"] for p in problems} == {"content.todo"}
    assert {p["file"] for p in problems} == {"data/tools/delta-serve.yaml", "data/claims/delta-is-fast.yaml"}


def _git(root, *args):
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True)


def test_diff_lists_facts_added_changed_removed(tiny, capsys):
    _git(tiny, "init", "-q")
    _git(tiny, "-c", "user.email=t@t", "-c", "user.name=t", "add", "-A")
    _git(tiny, "-c", "user.email=t@t", "-c", "user.name=t", "commit", "-qm", "base")
    edit(tiny, "data/frameworks/beta.yaml", replace=["value: plugin", "value: official"])
    edit(tiny, "data/frameworks/alpha.yaml", replace=["  execution.jit:\n    value: true\n    as_of: 2026-11-01\n"
                                                      "    sources:\n      - url: https://alpha.example.org/jit\n"
                                                      "        title: JIT guide\n", ""])
    edit(tiny, "data/tools/old-serving.yaml", replace=["status: archived", "status: deprecated"])
    assert main(["diff", "HEAD", "--root", str(tiny), "--format", "json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["frameworks"]["beta"]["facts"] == [
        {"change": "changed (value)", "dimension": "execution.gpu", "before": "plugin", "after": "official"}]
    assert d["frameworks"]["alpha"]["facts"][0]["change"] == "removed"
    assert d["tools"]["old-serving"] == {"change": "changed", "before": "archived", "after": "deprecated"}
    assert main(["diff", "HEAD", "--root", str(tiny)]) == 0
    assert "| changed (value) | `execution.gpu` | plugin | official |" in capsys.readouterr().out
    assert main(["diff", "no-such-ref", "--root", str(tiny)]) == 2


def test_check_only_reports_the_given_files(tiny, capsys):
    edit(tiny, "data/frameworks/alpha.yaml", replace=["value: eager", "value: eagre"])
    edit(tiny, "data/tools/alpha-serving.yaml", replace=["status: active", "status: activ"])
    assert main(["check", "--root", str(tiny), "--only", str(tiny / "data/frameworks/alpha.yaml")]) == 1
    out = capsys.readouterr().out
    assert "alpha.yaml" in out and "alpha-serving" not in out
