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


# -- fake gh ---------------------------------------------------------------------------
FAKE_GH = f"""#!{sys.executable}
import json, os, subprocess, sys, time
args = sys.argv[1:]
record = {{"argv": args}}
for flag in ("--input", "--body-file"):
    if flag in args:
        record["sent"] = open(args[args.index(flag) + 1], encoding="utf-8").read()
with open(os.environ["FAKE_GH_LOG"], "a", encoding="utf-8") as log:
    log.write(json.dumps(record) + "\\n")
write = args[:2] in (["pr", "create"], ["pr", "edit"], ["pr", "close"]) or "--method" in args
mode = os.environ.get("FAKE_GH_MODE", "ok")
if mode != "ok" and os.environ.get("FAKE_GH_ON", "read") == ("write" if write else "read"):
    if mode == "garbage":
        print("<html><body><h1>502 Bad Gateway</h1></body></html>")
        sys.exit(0)
    if mode == "json":
        print(os.environ["FAKE_GH_JSON"])
        sys.exit(0)
    if mode == "fail":
        print("HTTP 502: Bad Gateway (https://x-access-token:ghs_SECRET@api.github.com/graphql)", file=sys.stderr)
        print("Try again later.", file=sys.stderr)
        sys.exit(1)
    if mode == "hang":  # and a child holding the output open: both stop by themselves
        with open(os.environ["FAKE_GH_PIDS"], "a") as pids:
            child = subprocess.Popen(["sleep", "12"])
            pids.write(f"{{os.getpid()}} {{child.pid}}\\n")
        time.sleep(12)
        sys.exit(0)
    if mode == "flood":  # far more than any real answer, then stop
        chunk = "[" * (1 << 20)
        for _ in range(120):
            sys.stdout.write(chunk)
        sys.exit(0)
if args[:2] == ["pr", "list"]:
    print(os.environ.get("FAKE_GH_PRS", "[]"))
elif args[:1] == ["api"] and "--method" not in args:
    print(os.environ.get("FAKE_GH_COMMENTS", "[]"))
elif args[:2] == ["pr", "create"]:
    print("https://github.com/owner/atlas/pull/9")
else:
    print("{{}}")
"""


@pytest.fixture
def gh(tmp_path, monkeypatch):
    """A fake `gh` first on PATH; gh.calls() lists what it was asked."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "gh"
    fake.write_text(FAKE_GH, encoding="utf-8")
    fake.chmod(0o755)
    log = tmp_path / "gh.log"
    (tmp_path / "diff.md").write_text("## Data changes against `origin/main`\n\n| changed (value) | `execution.gpu` |\n")
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("FAKE_GH_LOG", str(log))
    monkeypatch.setenv("FAKE_GH_PIDS", str(tmp_path / "gh.pids"))
    monkeypatch.setenv("FWATLAS_GH_TIMEOUT", "1")
    for name in ("GH", "GH_TOKEN", "GITHUB_TOKEN", "GITHUB_REPOSITORY", "FAKE_GH_PRS", "FAKE_GH_COMMENTS",
                 "FAKE_GH_MODE", "FAKE_GH_ON", "FAKE_GH_JSON"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")

    class Gh:
        path = fake
        dir = bin_dir

        @staticmethod
        def calls() -> list[dict]:
            return [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []

        @staticmethod
        def writes() -> list[dict]:
            return [c for c in Gh.calls() if c["argv"][:2] in (["pr", "create"], ["pr", "edit"], ["pr", "close"])
                    or "--method" in c["argv"]]

        @staticmethod
        def pids() -> list[int]:
            found = tmp_path / "gh.pids"
            return [int(p) for p in found.read_text().split()] if found.exists() else []
    return Gh


@pytest.fixture
def clone(tmp_path) -> Path:
    """A clone of a bare `origin` holding the tiny data, with data/ changed as a sync would."""
    origin = tmp_path / "origin.git"
    _git(tmp_path, "init", "-q", "--bare", "-b", "main", str(origin))
    repo = tmp_path / "clone"
    shutil.copytree(TINY / "data", repo / "data")
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "data")
    _git(repo, "remote", "add", "origin", str(origin))
    _git(repo, "push", "-q", "origin", "main")
    edit(repo, "data/frameworks/alpha.yaml", replace=["  execution.gpu:\n    value: official",
                                                      "  execution.gpu:\n    value: experimental"])
    (tmp_path / "diff.md").write_text("## Data changes against `origin/main`\n\n| changed (value) | `execution.gpu` |\n")
    return repo


def run(script: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(script), *args], cwd=cwd, capture_output=True, text=True,
                          timeout=60)


def rolling(clone: Path, *extra: str) -> subprocess.CompletedProcess:
    return run(ROLLING, "--body-file", "../diff.md", "--repo", "owner/atlas", *extra, cwd=clone)


def comment(tmp_path: Path, *extra: str) -> subprocess.CompletedProcess:
    return run(COMMENT, "--pr", "5", "--repo", "owner/atlas", "--body-file", str(tmp_path / "diff.md"), *extra,
               cwd=tmp_path)


def one_line_error(result: subprocess.CompletedProcess, script: str) -> str:
    err = result.stderr.strip()
    assert "Traceback" not in err and len(err.splitlines()) == 1, result.stderr
    assert err.startswith(f"{script}: "), err
    return err


def running(pid: int) -> bool:
    """Whether a process still runs (a killed one may stay a zombie until PID 1 reaps it)."""
    if not Path("/proc/self/stat").exists():
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        return True
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rpartition(")")[2].split()[0] not in ("Z", "X")


def branch_pushed(tmp_path: Path) -> bool:
    return bool(_git(tmp_path / "origin.git", "branch", "--list", "bot/index-sync"))


# -- the sync report in the rolling pull request's body -----------------------------------
def fenced_report(body: str) -> tuple[str, list[str]]:
    """The text of the report's code block, read as a CommonMark parser does."""
    lines = body.splitlines()
    start = next(i for i, line in enumerate(lines) if re.fullmatch(r"`{3,}text", line))
    fence = lines[start][:-len("text")]
    end = next(i for i in range(start + 1, len(lines))
               if re.fullmatch(r" {0,3}`{%d,} *" % len(fence), lines[i]))
    return "\n".join(lines[start + 1:end]), lines[end + 1:]


def test_report_cannot_close_its_code_fence(clone, gh, tmp_path):
    report = ("data/frameworks/alpha.yaml:3:7: index.release-date: Alpha\n```\n</details>\n\n"
              "@octocat <img src=x> see #12\n`````\nlast line")
    (tmp_path / "report.txt").write_text(report)
    result = rolling(clone, "--dry-run", "--report", "../report.txt")
    assert result.returncode == 0, result.stderr
    body = result.stdout.split("--- body ---\n", 1)[1]
    text, after = fenced_report(body)
    assert text == report  # all of it inside the block (where GitHub links nothing)
    assert [line for line in after if line.strip()] == ["</details>"]


def test_report_and_body_lose_credentials(clone, gh, tmp_path):
    (tmp_path / "report.txt").write_text("x.yaml:1:1: index.release-date: differs "
                                         "(https://__token__:pypi-S3CRET@index.example/simple/alpha/)")
    (tmp_path / "diff.md").write_text("| a | https://bot:ghp_S3CRET@github.com/x |\n")
    result = rolling(clone, "--dry-run", "--report", "../report.txt")
    assert result.returncode == 0, result.stderr
    assert "S3CRET" not in result.stdout
    assert "(https://index.example/simple/alpha/)" in result.stdout and "https://github.com/x" in result.stdout


def test_long_body_is_cut_at_a_line_and_keeps_the_report_closed(clone, gh, tmp_path):
    (tmp_path / "diff.md").write_text("".join(f"| changed | `x` | {'a' * 90} | {i} |\n" for i in range(900)))
    (tmp_path / "report.txt").write_text("".join(f"x.yaml:{i}:1: index.release-date: {'b' * 80}\n"
                                                 for i in range(400)))
    result = rolling(clone, "--dry-run", "--report", "../report.txt")
    assert result.returncode == 0, result.stderr
    body = result.stdout.split("--- body ---\n", 1)[1]
    assert len(body) <= GH_LIMIT
    text, after = fenced_report(body)
    assert all(re.fullmatch(r"x\.yaml:\d+:1: index\.release-date: b{80}|\(cut.*\)|", line)
               for line in text.splitlines()), text[-300:]
    assert "</details>" in after
    table = [line for line in body.splitlines() if line.startswith("| changed")]
    assert table and all(line.endswith(" |") for line in table)  # whole rows only


def test_comment_body_is_cut_at_a_line(gh, tmp_path, monkeypatch):
    (tmp_path / "diff.md").write_text("".join(f"| changed | `x` | {'a' * 90} | {i} |\n" for i in range(900)))
    result = comment(tmp_path)
    assert result.returncode == 0, result.stderr
    [post] = gh.writes()
    body = json.loads(post["sent"])["body"]
    assert len(body) <= GH_LIMIT
    table = [line for line in body.splitlines() if line.startswith("| changed")]
    assert len(table) < 900 and all(line.endswith(" |") for line in table)


# -- the comment script against a broken gh ------------------------------------------------
def test_comment_gh_missing(gh, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    result = comment(tmp_path)
    assert result.returncode == 3
    assert "gh" in one_line_error(result, "pr_comment") and "not found" in result.stderr


def test_comment_gh_prints_garbage(gh, tmp_path, monkeypatch):
    monkeypatch.setenv("FAKE_GH_MODE", "garbage")
    result = comment(tmp_path)
    assert result.returncode == 3 and "unreadable" in one_line_error(result, "pr_comment")
    assert gh.writes() == []


@pytest.mark.parametrize("answer", [
    {"message": "Bad credentials"},  # an error object, not a list of comments
    [{"id": "1/../../../../user", "body": MARKER, "user": {"login": "github-actions[bot]"}}],  # not an id
    ["a", "b"],
])
def test_comment_gh_prints_json_of_the_wrong_shape(gh, tmp_path, monkeypatch, answer):
    monkeypatch.setenv("FAKE_GH_MODE", "json")
    monkeypatch.setenv("FAKE_GH_JSON", json.dumps(answer))
    result = comment(tmp_path)
    assert result.returncode == 3 and "unreadable" in one_line_error(result, "pr_comment")
    assert gh.writes() == []


def test_comment_gh_hangs(gh, tmp_path, monkeypatch):
    monkeypatch.setenv("FAKE_GH_MODE", "hang")
    started = time.monotonic()
    result = comment(tmp_path)
    assert time.monotonic() - started < 8  # the fake and its child would sleep 12 s
    assert result.returncode == 3 and "timed out after 1 s" in one_line_error(result, "pr_comment")
    assert gh.writes() == []
    assert gh.pids() and not [pid for pid in gh.pids() if running(pid)]  # stopped, not left behind


def test_comment_gh_write_hangs(gh, tmp_path, monkeypatch):
    monkeypatch.setenv("FAKE_GH_MODE", "hang")
    monkeypatch.setenv("FAKE_GH_ON", "write")
    result = comment(tmp_path, "--gh-timeout", "0.5")
    assert result.returncode == 3 and "timed out after 0.5 s" in one_line_error(result, "pr_comment")


def test_comment_gh_fails(gh, tmp_path, monkeypatch):
    monkeypatch.setenv("FAKE_GH_MODE", "fail")
    result = comment(tmp_path)
    err = one_line_error(result, "pr_comment")
    assert result.returncode == 3 and "502" in err and "ghs_SECRET" not in err
    assert gh.writes() == []


def test_comment_gh_floods(gh, tmp_path, monkeypatch):
    monkeypatch.setenv("FAKE_GH_MODE", "flood")
    monkeypatch.setenv("FWATLAS_GH_TIMEOUT", "30")
    result = comment(tmp_path)
    assert result.returncode == 3 and "more than" in one_line_error(result, "pr_comment")
    assert gh.writes() == []


def test_comment_write_fails_for_another_reason_than_a_read_only_token(gh, tmp_path, monkeypatch):
    monkeypatch.setenv("FAKE_GH_MODE", "fail")
    monkeypatch.setenv("FAKE_GH_ON", "write")
    result = comment(tmp_path)
    assert result.returncode == 3 and "502" in one_line_error(result, "pr_comment")


def test_comment_without_an_author_is_not_ours(gh, tmp_path, monkeypatch):
    monkeypatch.setenv("FAKE_GH_COMMENTS", json.dumps([{"id": 8, "body": f"{MARKER}\nold", "user": None}]))
    result = comment(tmp_path)
    assert result.returncode == 0, result.stderr
    assert [c["argv"][:3] for c in gh.writes()] == [["api", "--method", "POST"]]


def test_comment_body_file_missing_posts_nothing(gh, tmp_path):
    result = run(COMMENT, "--pr", "5", "--repo", "owner/atlas", "--body-file", str(tmp_path / "none.md"),
                 cwd=tmp_path)
    assert result.returncode == 2 and "none.md" in one_line_error(result, "pr_comment")
    assert gh.calls() == []


# -- the rolling pull request against a broken gh ------------------------------------------
def test_rolling_gh_missing(clone, gh, tmp_path, monkeypatch):
    path = str(tmp_path / "empty") + os.pathsep + str(Path(shutil.which("git")).parent)  # git, but no gh
    if shutil.which("gh", path=path):
        pytest.skip("a real gh is installed next to git")
    monkeypatch.setenv("PATH", path)
    result = rolling(clone)
    assert result.returncode == 3 and "not found" in one_line_error(result, "rolling_pr")
    assert not branch_pushed(tmp_path)


@pytest.mark.parametrize("answer", ["<html>502</html>", "", '{"number": 7}', '[{"number": "7; rm -rf"}]'])
def test_rolling_gh_prints_garbage(clone, gh, tmp_path, monkeypatch, answer):
    monkeypatch.setenv("FAKE_GH_MODE", "json")
    monkeypatch.setenv("FAKE_GH_JSON", answer)
    result = rolling(clone)
    assert result.returncode == 3 and "unreadable" in one_line_error(result, "rolling_pr")
    assert gh.writes() == [] and not branch_pushed(tmp_path)


def test_rolling_gh_hangs(clone, gh, tmp_path, monkeypatch):
    monkeypatch.setenv("FAKE_GH_MODE", "hang")
    started = time.monotonic()
    result = rolling(clone)
    assert time.monotonic() - started < 8
    assert result.returncode == 3 and "timed out after 1 s" in one_line_error(result, "rolling_pr")
    assert gh.writes() == [] and not branch_pushed(tmp_path)
    assert gh.pids() and not [pid for pid in gh.pids() if running(pid)]


def test_rolling_gh_fails(clone, gh, tmp_path, monkeypatch):
    monkeypatch.setenv("FAKE_GH_MODE", "fail")
    result = rolling(clone)
    err = one_line_error(result, "rolling_pr")
    assert result.returncode == 3 and "502" in err and "ghs_SECRET" not in err
    assert gh.writes() == [] and not branch_pushed(tmp_path)


def test_rolling_gh_floods(clone, gh, tmp_path, monkeypatch):
    monkeypatch.setenv("FAKE_GH_MODE", "flood")
    monkeypatch.setenv("FWATLAS_GH_TIMEOUT", "30")
    result = rolling(clone)
    assert result.returncode == 3 and "more than" in one_line_error(result, "rolling_pr")


@pytest.mark.parametrize("mode", ["fail", "hang"])
def test_rolling_gh_write_fails(clone, gh, tmp_path, monkeypatch, mode):
    monkeypatch.setenv("FAKE_GH_MODE", mode)
    monkeypatch.setenv("FAKE_GH_ON", "write")
    result = rolling(clone)
    assert result.returncode == 3 and "pr create" in one_line_error(result, "rolling_pr")


def test_rolling_diff_failure_posts_nothing(clone, gh, tmp_path):
    # the default body is `fwatlas diff origin/BASE`: a base that does not exist fails it
    result = run(ROLLING, "--base", "no-such-branch", "--repo", "owner/atlas", cwd=clone)
    assert result.returncode == 1 and "fwatlas" in one_line_error(result, "rolling_pr")
    assert gh.writes() == [] and not branch_pushed(tmp_path)
