"""The contributor's path: editor schemas, scaffolding, the data diff, pre-commit filtering."""
from __future__ import annotations

import json
import shutil
import subprocess

from fwatlas.cli import main
from fwatlas.export import stale_schemas
from support import REPO, edit
from test_build import ENV, MKDOCS, build


def test_committed_schemas_match_the_models():
    assert stale_schemas(REPO) == [], "run `.venv/bin/fwatlas schema` and commit data/schema/"


def build_site(project, out):
    return subprocess.run(MKDOCS + ["build", "-f", str(project / "mkdocs.yml"), "-d", str(out)],
                          capture_output=True, text=True, env=ENV)


def test_new_framework_is_a_draft_until_researched_then_appears_on_every_page(tiny, tmp_path, capsys):
    # CONTRIBUTING.md: `fwatlas new framework <id> --name ...`, then replace the TODO summary.
    assert main(["new", "framework", "gamma", "--name", "Gamma", "--root", str(tiny)]) == 0
    assert main(["check", "--root", str(tiny)]) == 0           # valid at once
    assert main(["check", "--strict", "--root", str(tiny)]) == 1  # but the placeholders must be filled
    edit(tiny, "data/frameworks/gamma.yaml", replace=['"TODO: one sentence in your own words."', "A test framework."])
    capsys.readouterr()
    assert main(["check", "--strict", "--root", str(tiny)]) == 1
    out = capsys.readouterr().out
    assert "content.todo" in out and "Not researched yet." in out and "fact.unknown-share" in out
    # mostly placeholders: a draft on its own page and on home, not in the tables
    result = build_site(tiny, tmp_path / "draft")
    assert result.returncode == 0, result.stderr
    site = tmp_path / "draft"
    assert "Draft:" in (site / "frameworks/gamma/index.html").read_text()
    assert "Gamma" in (site / "index.html").read_text()
    assert 'data-framework="gamma"' not in (site / "compare/index.html").read_text()
    assert '"id":"gamma"' not in (site / "finder/index.html").read_text()
    # researched (here: every search written down), it appears everywhere
    path = tiny / "data/frameworks/gamma.yaml"
    path.write_text(path.read_text().replace("Not researched yet.", "Searched the project site; not stated."))
    result = build_site(tiny, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    pages = ["index.html", "compare/index.html", "finder/index.html", "frameworks/gamma/index.html"]
    pages += [p.relative_to(site).as_posix() for p in site.glob("topics/*/index.html")]
    for page in pages:
        assert "Gamma" in (site / page).read_text(), page
    assert 'data-framework="gamma"' in (site / "compare/index.html").read_text()
    assert '"id":"gamma"' in (site / "finder/index.html").read_text()
    assert "Draft:" not in (site / "frameworks/gamma/index.html").read_text()
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
    # the tool's frameworks are left for the contributor, not guessed
    assert any("frameworks" in p["message"] for p in problems if p["file"] == "data/tools/delta-serve.yaml")
    assert "frameworks: [TODO]" in (tiny / "data/tools/delta-serve.yaml").read_text()


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


def test_new_never_writes_outside_data_through_links(tiny, tmp_path, capsys):
    outside = tmp_path / "outside"
    outside.mkdir()
    # a dangling link where the new file would go
    (tiny / "data/frameworks/epsilon.yaml").symlink_to(outside / "epsilon.yaml")
    assert main(["new", "framework", "epsilon", "--root", str(tiny)]) == 2
    assert not (outside / "epsilon.yaml").exists()
    # a symlinked folder under data/
    shutil.rmtree(tiny / "data/claims")
    (tiny / "data/claims").symlink_to(outside, target_is_directory=True)
    assert main(["new", "claim", "zeta", "--root", str(tiny)]) == 2
    assert list(outside.iterdir()) == []
    assert "outside data/" in capsys.readouterr().err


def test_diff_defaults_to_main_without_a_remote(tiny, capsys):
    _git(tiny, "init", "-q", "-b", "main")
    _git(tiny, "-c", "user.email=t@t", "-c", "user.name=t", "add", "-A")
    _git(tiny, "-c", "user.email=t@t", "-c", "user.name=t", "commit", "-qm", "base")
    edit(tiny, "data/frameworks/beta.yaml", replace=["value: plugin", "value: official"])
    assert main(["diff", "--root", str(tiny), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["frameworks"]["beta"]["status"] == "changed"
