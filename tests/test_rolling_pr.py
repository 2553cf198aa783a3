"""The automation scripts against a fake `gh` (a script that logs its arguments and
answers with canned JSON): one rolling pull request for the index sync, and one
data-diff comment per pull request, edited in place."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from support import REPO, TINY, edit

ROLLING = REPO / "scripts" / "rolling_pr.py"
COMMENT = REPO / "scripts" / "pr_comment.py"
MARKER = "<!-- fwatlas-data-diff -->"

FAKE_GH = f"""#!{sys.executable}
import json, os, sys
args = sys.argv[1:]
record = {{"argv": args}}
for flag in ("--input", "--body-file"):
    if flag in args:  # keep what was sent: the file is temporary
        record["sent"] = open(args[args.index(flag) + 1], encoding="utf-8").read()
with open(os.environ["FAKE_GH_LOG"], "a", encoding="utf-8") as log:
    log.write(json.dumps(record) + "\\n")
if args[:2] == ["pr", "list"]:
    print(os.environ.get("FAKE_GH_PRS", "[]"))
elif args[:1] == ["api"] and "--method" not in args:
    print(os.environ.get("FAKE_GH_COMMENTS", "[]"))
elif os.environ.get("FAKE_GH_WRITE_FAILS"):
    print("HTTP 403: Resource not accessible by integration", file=sys.stderr)
    sys.exit(1)
else:
    print("{{}}")
"""


def git(repo: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org",
           "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.org",
           "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    return subprocess.run(["git", "-C", str(repo), *args], env=env, check=True, capture_output=True,
                          text=True).stdout.strip()


@pytest.fixture
def fake_gh(tmp_path, monkeypatch):
    gh = tmp_path / "gh"
    gh.write_text(FAKE_GH, encoding="utf-8")
    gh.chmod(0o755)
    log = tmp_path / "gh.log"
    monkeypatch.setenv("GH", str(gh))
    monkeypatch.setenv("FAKE_GH_LOG", str(log))
    for name in ("GH_TOKEN", "GITHUB_TOKEN", "GITHUB_REPOSITORY", "FAKE_GH_PRS", "FAKE_GH_COMMENTS",
                 "FAKE_GH_WRITE_FAILS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")

    def calls() -> list[dict]:
        return [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []
    return calls


@pytest.fixture
def clone(tmp_path) -> Path:
    """A clone of a bare `origin` holding the tiny data, with data/ changed as a sync would."""
    origin = tmp_path / "origin.git"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(origin))
    repo = tmp_path / "clone"
    shutil.copytree(TINY / "data", repo / "data")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "data")
    git(repo, "remote", "add", "origin", str(origin))
    git(repo, "push", "-q", "origin", "main")
    edit(repo, "data/frameworks/alpha.yaml", replace=["  execution.gpu:\n    value: official",
                                                      "  execution.gpu:\n    value: experimental"])
    (tmp_path / "diff.md").write_text("## Data changes against `origin/main`\n\n| changed (value) | `execution.gpu` |\n")
    return repo


def run(script: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(script), *args], cwd=cwd, capture_output=True, text=True)


# -- rolling pull request -------------------------------------------------------------
def test_dry_run_without_open_pr_creates_one(clone, fake_gh):
    head = git(clone, "rev-parse", "HEAD")
    result = run(ROLLING, "--dry-run", "--body-file", "../diff.md", "--repo", "owner/atlas", cwd=clone)
    assert result.returncode == 0, result.stderr
    assert f"would run: {os.environ['GH']} pr create --head bot/index-sync --base main" in result.stdout
    assert "would commit data/ onto bot/index-sync" in result.stdout
    assert "| changed (value) | `execution.gpu` |" in result.stdout  # the body is the data diff
    # only the read-only query ran; nothing was committed or pushed
    assert [c["argv"][:2] for c in fake_gh()] == [["pr", "list"]]
    assert fake_gh()[0]["argv"] == ["pr", "list", "--head", "bot/index-sync", "--base", "main", "--state", "open",
                                    "--json", "number,url", "--repo", "owner/atlas"]
    assert git(clone, "rev-parse", "HEAD") == head and git(clone, "branch", "--show-current") == "main"
    assert git(clone, "status", "--porcelain") == "M data/frameworks/alpha.yaml"


def test_dry_run_with_open_pr_edits_its_body(clone, fake_gh, monkeypatch):
    monkeypatch.setenv("FAKE_GH_PRS", '[{"number": 7, "url": "https://github.com/owner/atlas/pull/7"}]')
    result = run(ROLLING, "--dry-run", "--body-file", "../diff.md", cwd=clone)
    assert result.returncode == 0, result.stderr
    assert f"would run: {os.environ['GH']} pr edit 7 --title" in result.stdout
    assert "pr create" not in result.stdout
    assert [c["argv"][:2] for c in fake_gh()] == [["pr", "list"]]


def test_default_body_is_fwatlas_diff_against_origin_main(clone, fake_gh):
    result = run(ROLLING, "--dry-run", cwd=clone)
    assert result.returncode == 0, result.stderr
    body = result.stdout.split("--- body ---", 1)[1]
    assert "## Data changes against `origin/main`" in body
    assert "| changed (value) | `execution.gpu` | official | experimental |" in body


def test_no_data_changes_closes_an_obsolete_pr(clone, fake_gh, monkeypatch):
    git(clone, "checkout", "--", "data")
    monkeypatch.setenv("FAKE_GH_PRS", '[{"number": 7, "url": "u"}]')
    result = run(ROLLING, "--dry-run", "--body-file", "../diff.md", cwd=clone)
    assert result.returncode == 0, result.stderr
    assert "data/ has no changes" in result.stdout and "pr close 7 --delete-branch" in result.stdout
    assert "pr create" not in result.stdout and "pr edit" not in result.stdout


def test_for_real_force_pushes_one_branch_and_opens_one_pr(clone, fake_gh, monkeypatch, tmp_path):
    origin = tmp_path / "origin.git"
    result = run(ROLLING, "--body-file", "../diff.md", "--report", "../diff.md", cwd=clone)
    assert result.returncode == 0, result.stderr
    first = git(origin, "rev-parse", "refs/heads/bot/index-sync")
    assert git(origin, "rev-parse", "refs/heads/bot/index-sync^") == git(origin, "rev-parse", "refs/heads/main")
    assert "experimental" in git(origin, "show", "refs/heads/bot/index-sync:data/frameworks/alpha.yaml")
    create = [c for c in fake_gh() if c["argv"][:2] == ["pr", "create"]]
    assert len(create) == 1 and "| changed (value) | `execution.gpu` |" in create[0]["sent"]
    assert "<details><summary>Disagreements" in create[0]["sent"]
    # next week: the branch is rebuilt from main and force-pushed, the open PR edited
    git(clone, "checkout", "-q", "main")
    edit(clone, "data/frameworks/alpha.yaml", replace=["  execution.gpu:\n    value: official",
                                                      "  execution.gpu:\n    value: community"])
    monkeypatch.setenv("FAKE_GH_PRS", '[{"number": 7, "url": "u"}]')
    result = run(ROLLING, "--body-file", "../diff.md", cwd=clone)
    assert result.returncode == 0, result.stderr
    second = git(origin, "rev-parse", "refs/heads/bot/index-sync")
    assert second != first and git(origin, "rev-parse", "refs/heads/bot/index-sync^") == \
        git(origin, "rev-parse", "refs/heads/main")
    argvs = [c["argv"][:3] for c in fake_gh()]
    assert argvs.count(["pr", "create", "--head"]) == 1 and ["pr", "edit", "7"] in argvs


# -- one data-diff comment per pull request -------------------------------------------
COMMENTS = [{"id": 11, "body": f"{MARKER} pasted by someone", "user": {"login": "someone"}},
            {"id": 42, "body": f"{MARKER}\nold diff", "user": {"login": "github-actions[bot]"}}]


def comment(tmp_path, *extra: str) -> subprocess.CompletedProcess:
    return run(COMMENT, "--pr", "5", "--repo", "owner/atlas", "--body-file", str(tmp_path / "diff.md"), *extra,
               cwd=tmp_path)


def test_existing_marker_comment_is_patched(clone, fake_gh, monkeypatch, tmp_path):
    # two pages, as `gh api --paginate` prints them
    monkeypatch.setenv("FAKE_GH_COMMENTS", json.dumps(COMMENTS[:1]) + json.dumps(COMMENTS[1:]))
    result = comment(tmp_path)
    assert result.returncode == 0, result.stderr
    calls = fake_gh()
    assert calls[0]["argv"] == ["api", "--paginate", "repos/owner/atlas/issues/5/comments?per_page=100"]
    assert calls[1]["argv"][:4] == ["api", "--method", "PATCH", "repos/owner/atlas/issues/comments/42"]
    body = json.loads(calls[1]["sent"])["body"]
    assert body.startswith(MARKER + "\n## Data changes") and "`execution.gpu`" in body
    assert len(calls) == 2 and "updated" in result.stdout


def test_without_marker_comment_one_is_posted(clone, fake_gh, monkeypatch, tmp_path):
    monkeypatch.setenv("FAKE_GH_COMMENTS", json.dumps(COMMENTS[:1]))  # a marker, but not the bot's
    result = comment(tmp_path)
    assert result.returncode == 0, result.stderr
    calls = fake_gh()
    assert calls[1]["argv"][:4] == ["api", "--method", "POST", "repos/owner/atlas/issues/5/comments"]
    assert json.loads(calls[1]["sent"])["body"].startswith(MARKER)


def test_comment_dry_run_and_read_only_token(clone, fake_gh, monkeypatch, tmp_path):
    monkeypatch.setenv("FAKE_GH_COMMENTS", json.dumps(COMMENTS))
    result = comment(tmp_path, "--dry-run")
    assert result.returncode == 0 and "would run: gh api --method PATCH repos/owner/atlas/issues/comments/42" \
        in result.stdout
    assert len(fake_gh()) == 1  # only the listing
    # a fork's pull request: the token cannot write; the job must not fail for that
    monkeypatch.setenv("FAKE_GH_WRITE_FAILS", "1")
    result = comment(tmp_path)
    assert result.returncode == 0 and "could not write the comment" in result.stderr
    assert "403" in result.stderr


# -- the workflows that run them ------------------------------------------------------
def test_workflows_run_the_scripts_with_least_privilege():
    import yaml
    sync = yaml.safe_load((REPO / ".github/workflows/sync.yml").read_text())
    assert sync[True].keys() >= {"schedule", "workflow_dispatch"}  # YAML 1.1 reads `on` as true
    assert sync["permissions"] == {}
    [job] = sync["jobs"].values()
    assert job["permissions"] == {"contents": "write", "pull-requests": "write"}
    runs = "\n".join(s.get("run", "") for s in job["steps"])
    assert "make .venv/bin/fwatlas" in runs and ".venv/bin/fwatlas sync" in runs and "scripts/rolling_pr.py" in runs
    pr = yaml.safe_load((REPO / ".github/workflows/pr.yml").read_text())
    assert pr["permissions"] == {}
    assert pr["jobs"]["check"]["permissions"] == {"contents": "read"}
    assert pr["jobs"]["comment"]["permissions"] == {"contents": "read", "pull-requests": "write"}
    assert "scripts/pr_comment.py" in "\n".join(s.get("run", "") for s in pr["jobs"]["comment"]["steps"])
    for wf in (sync, pr):
        for j in wf["jobs"].values():
            for step in j["steps"]:
                assert "${{" not in step.get("run", "")
                if step.get("uses", "").startswith("actions/checkout@"):
                    assert step["with"]["persist-credentials"] is False
