#!/usr/bin/env python3
"""Keep ONE rolling pull request for the scheduled index sync (.github/workflows/sync.yml).

After `fwatlas sync` has written data/, this commits data/ onto the branch
bot/index-sync (recreated from the current commit and force-pushed), then opens
a pull request for it only if none is open for that branch; an open one gets
its body replaced. The body is the data diff (`fwatlas diff origin/BASE`).
When data/ has no changes, an open rolling pull request is obsolete and is
closed.

Usage: .venv/bin/python scripts/rolling_pr.py [--dry-run] [--body-file FILE] [--report FILE] [--gh-timeout SECONDS]

--dry-run changes nothing: no commit, no push, and the gh commands that would
write are printed instead of run (the read-only `gh pr list` still runs).
The gh executable is $GH (default gh); it authenticates with $GH_TOKEN. The push
uses the same token through an explicit URL of $GITHUB_REPOSITORY on
$GITHUB_SERVER_URL and an HTTP header passed by environment (never the command
line), because the checkout keeps no credentials (persist-credentials: false).
Without a token it pushes to `origin`.

The body is inert text: the diff escapes data (`fwatlas diff`), sync's report
sits in a code block whose fence no line of it can close, URLs lose their user
information (a token in PIP_INDEX_URL), and a body over GitHub's limit is cut
at whole lines with the report's block still closed. Each gh call may take
$FWATLAS_GH_TIMEOUT seconds (or --gh-timeout; default 120) and print at most
50 MB. Exit status: 0 done; 1 git or `fwatlas diff` failed; 2 bad arguments;
3 gh is missing, failed, timed out or printed something unreadable. Every
failure is one line on stderr, and the body is complete before gh sees it.
"""
from __future__ import annotations

import argparse
import base64
import json
import os
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

from fwatlas.datadiff import md_code, md_fence
from pr_comment import REPO_PATTERN, GhError, cut_lines, gh, gh_timeout, one_line, redact, run_gh

BRANCH = "bot/index-sync"
TITLE = "Index sync: versions, dates and platforms from the package index"
COMMIT_MESSAGE = "Index sync: releases, Python versions and platforms from the package index"
BOT_NAME = "github-actions[bot]"
BOT_EMAIL = "41898282+github-actions[bot]@users.noreply.github.com"
MAX_BODY = 60_000  # GitHub refuses bodies over 65,536 characters
MAX_REPORT = 20_000  # of the body, for sync's report (the diff gets the rest)
GIT_TIMEOUT = 600.0  # seconds for a git command or `fwatlas diff`
EXIT_FAILED, EXIT_USAGE, EXIT_GH = 1, 2, 3
INTRO = ("Written by the weekly index sync (`.github/workflows/sync.yml`); this pull request is "
         "force-updated in place, so review the newest state.\n\n")


class StepError(Exception):
    """git or `fwatlas diff` failed (the message is one line)."""


def run(cmd: list[str], root: Path, env: dict | None = None, check: bool = True) -> subprocess.CompletedProcess:
    what = " ".join(["fwatlas", cmd[3]] if cmd[1:3] == ["-m", "fwatlas.cli"] else cmd[:2])
    try:
        result = subprocess.run(cmd, cwd=root, capture_output=True, text=True, env=env, timeout=GIT_TIMEOUT,
                                stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        raise StepError(f"`{what}` timed out after {GIT_TIMEOUT:g} s") from None
    except OSError as exc:
        raise StepError(f"cannot run `{what}`: {exc.strerror or exc}") from None
    if check and result.returncode != 0:
        raise StepError(f"`{what}` failed ({result.returncode}): {one_line(result.stderr[-2000:])}")
    return result


def show(cmd: list[str]) -> str:
    return " ".join(shlex.quote(c) for c in cmd)


def data_changed(root: Path) -> bool:
    return bool(run(["git", "status", "--porcelain", "--", "data"], root).stdout.strip())


def read_text(path: str, limit: int = 2 * MAX_BODY) -> str:
    """A file's text, no more of it than could be sent."""
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return f.read(limit)
    except OSError as exc:
        raise StepError(f"cannot read {path}: {exc.strerror or exc}") from None


def make_body(root: Path, args) -> str:
    """The whole body, before anything is sent: intro, the diff, sync's report in a closed block."""
    if args.body_file:
        diff = read_text(args.body_file)
    else:
        diff = run([sys.executable, "-m", "fwatlas.cli", "diff", f"origin/{args.base}", "--root", str(root)],
                   root).stdout
    report = redact(read_text(args.report)).strip() if args.report else ""
    section = ""
    if report:
        report = cut_lines(report, MAX_REPORT, "(cut: `fwatlas check` lists every disagreement)")
        section = ("\n<details><summary>Disagreements with hand-written values (not overwritten)</summary>\n\n"
                   f"{md_fence(report)}\n\n</details>\n")
    room = MAX_BODY - len(INTRO) - len(section) - 1
    diff = cut_lines(redact(diff).strip(), room,
                     f"(cut at {MAX_BODY} characters: run {md_code(f'fwatlas diff origin/{args.base}')} for all)")
    return INTRO + diff + "\n" + section


def open_prs(args) -> list[dict]:
    cmd = ["pr", "list", "--head", args.branch, "--base", args.base, "--state", "open",
           "--json", "number,url"] + (["--repo", args.repo] if args.repo else [])
    text = run_gh(cmd, args.timeout, limit=1_000_000)
    try:
        prs = json.loads(text)
    except ValueError:
        raise GhError(f"gh pr list printed unreadable output, not JSON: {one_line(text, 80)!r}") from None
    if not (isinstance(prs, list) and all(isinstance(pr, dict) and type(pr.get("number")) is int for pr in prs)):
        raise GhError(f"gh pr list printed unreadable output, not a list of pull requests: {one_line(text, 80)!r}")
    return prs


def push(root: Path, args) -> None:
    """Recreate the branch from the current commit with data/ committed, and force-push it."""
    run(["git", "checkout", "-B", args.branch], root)
    run(["git", "add", "-A", "--", "data"], root)
    run(["git", "-c", f"user.name={BOT_NAME}", "-c", f"user.email={BOT_EMAIL}", "commit", "--quiet",
         "-m", COMMIT_MESSAGE], root)
    token = os.environ.get("GH_TOKEN") or os.environ.get("GITHUB_TOKEN")
    env = dict(os.environ)
    if token and args.repo:
        server = os.environ.get("GITHUB_SERVER_URL", "https://github.com").rstrip("/")
        remote = f"{server}/{args.repo}.git"
        basic = base64.b64encode(f"x-access-token:{token}".encode()).decode()
        # config by environment: the token stays out of argv, the URL and .git/config
        env.update({"GIT_CONFIG_COUNT": "1", "GIT_CONFIG_KEY_0": f"http.{server}/.extraheader",
                    "GIT_CONFIG_VALUE_0": f"AUTHORIZATION: basic {basic}"})
    else:
        remote = "origin"
    run(["git", "push", "--force", "--quiet", remote, f"HEAD:refs/heads/{args.branch}"], root, env=env)


def act(cmd: list[str], args) -> None:
    """Run a gh command that writes (or, with --dry-run, print it)."""
    if args.dry_run:
        print(f"would run: {show(gh() + cmd)}")
    else:
        run_gh(cmd, args.timeout)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--dry-run", action="store_true", help="change nothing; print what would be done")
    p.add_argument("--branch", default=BRANCH)
    p.add_argument("--base", default="main")
    p.add_argument("--title", default=TITLE)
    p.add_argument("--body-file", help="the data diff as Markdown (default: run `fwatlas diff origin/BASE`)")
    p.add_argument("--report", help="sync's report, added to the body in a collapsed section")
    p.add_argument("--repo", default=os.environ.get("GITHUB_REPOSITORY", ""), help="owner/name")
    p.add_argument("--root", default=".", help="the clone (default: .)")
    p.add_argument("--gh-timeout", help="seconds each gh call may take (default $FWATLAS_GH_TIMEOUT or 120)")
    args = p.parse_args(argv)
    try:
        args.timeout = gh_timeout(args.gh_timeout)
        if args.repo and not REPO_PATTERN.fullmatch(args.repo):
            raise ValueError(f"--repo (or GITHUB_REPOSITORY) is owner/name, not {args.repo!r}")
    except ValueError as exc:
        print(f"rolling_pr: {one_line(str(exc))}", file=sys.stderr)
        return EXIT_USAGE
    try:
        return roll(args)
    except GhError as exc:
        print(f"rolling_pr: {exc}", file=sys.stderr)
        return EXIT_GH
    except StepError as exc:
        print(f"rolling_pr: {exc}", file=sys.stderr)
        return EXIT_FAILED


def roll(args) -> int:
    root = Path(args.root).resolve()
    repo = ["--repo", args.repo] if args.repo else []

    prs = open_prs(args)
    if not data_changed(root):
        print("rolling_pr: data/ has no changes")
        for pr in prs:
            act(["pr", "close", str(pr["number"]), "--delete-branch", "--comment",
                 "The package index and main agree now: nothing left to sync."] + repo, args)
        return 0
    body = make_body(root, args)
    with tempfile.TemporaryDirectory() as tmp:
        body_file = Path(tmp) / "body.md"
        body_file.write_text(body, encoding="utf-8")
        if args.dry_run:
            print(f"would commit data/ onto {args.branch} (from the current commit) and force-push it")
        else:
            push(root, args)
        if prs:
            number = str(prs[0]["number"])
            act(["pr", "edit", number, "--title", args.title, "--body-file", str(body_file)] + repo, args)
            print(f"rolling_pr: updated pull request #{number}")
        else:
            act(["pr", "create", "--head", args.branch, "--base", args.base, "--title", args.title,
                 "--body-file", str(body_file)] + repo, args)
            print("rolling_pr: opened a pull request")
    if args.dry_run:
        print("--- body ---")
        print(body)
    return 0


if __name__ == "__main__":
    sys.exit(main())
