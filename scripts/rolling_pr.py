#!/usr/bin/env python3
"""Keep ONE rolling pull request for the scheduled index sync (.github/workflows/sync.yml).

After `fwatlas sync` has written data/, this commits data/ onto the branch
bot/index-sync (recreated from the current commit and force-pushed), then opens
a pull request for it only if none is open for that branch; an open one gets
its body replaced. The body is the data diff (`fwatlas diff origin/BASE`).
When data/ has no changes, an open rolling pull request is obsolete and is
closed.

Usage: .venv/bin/python scripts/rolling_pr.py [--dry-run] [--body-file FILE] [--report FILE]

--dry-run changes nothing: no commit, no push, and the gh commands that would
write are printed instead of run (the read-only `gh pr list` still runs).
The gh executable is $GH (default gh); it authenticates with $GH_TOKEN. The push
uses the same token through an explicit URL of $GITHUB_REPOSITORY on
$GITHUB_SERVER_URL and an HTTP header passed by environment (never the command
line), because the checkout keeps no credentials (persist-credentials: false).
Without a token it pushes to `origin`.
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

BRANCH = "bot/index-sync"
TITLE = "Index sync: versions, dates and platforms from the package index"
COMMIT_MESSAGE = "Index sync: releases, Python versions and platforms from the package index"
BOT_NAME = "github-actions[bot]"
BOT_EMAIL = "41898282+github-actions[bot]@users.noreply.github.com"
MAX_BODY = 60_000  # GitHub refuses bodies over 65,536 characters
INTRO = ("Written by the weekly index sync (`.github/workflows/sync.yml`); this pull request is "
         "force-updated in place, so review the newest state.\n\n")


def gh() -> list[str]:
    return shlex.split(os.environ.get("GH", "gh"))


def run(cmd: list[str], root: Path, env: dict | None = None, check: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run(cmd, cwd=root, capture_output=True, text=True, env=env)
    if check and result.returncode != 0:
        raise SystemExit(f"rolling_pr: `{' '.join(cmd[:3])} ...` failed ({result.returncode}): "
                         f"{result.stderr.strip()[-2000:]}")
    return result


def show(cmd: list[str]) -> str:
    return " ".join(shlex.quote(c) for c in cmd)


def data_changed(root: Path) -> bool:
    return bool(run(["git", "status", "--porcelain", "--", "data"], root).stdout.strip())


def make_body(root: Path, args) -> str:
    if args.body_file:
        diff = Path(args.body_file).read_text(encoding="utf-8")
    else:
        diff = run([sys.executable, "-m", "fwatlas.cli", "diff", f"origin/{args.base}", "--root", str(root)],
                   root).stdout
    body = INTRO + diff.strip() + "\n"
    if args.report:
        report = Path(args.report).read_text(encoding="utf-8").strip()
        if report:
            body += ("\n<details><summary>Disagreements with hand-written values (not overwritten)</summary>\n\n"
                     f"```text\n{report}\n```\n\n</details>\n")
    if len(body) > MAX_BODY:
        body = body[:MAX_BODY] + f"\n\n(cut at {MAX_BODY} characters: run `fwatlas diff origin/{args.base}` for all)\n"
    return body


def open_prs(args) -> list[dict]:
    cmd = gh() + ["pr", "list", "--head", args.branch, "--base", args.base, "--state", "open",
                  "--json", "number,url"] + (["--repo", args.repo] if args.repo else [])
    result = run(cmd, Path(args.root))
    return json.loads(result.stdout or "[]")


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
    if args.dry_run:
        print(f"would run: {show(cmd)}")
    else:
        run(cmd, Path(args.root))


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
    args = p.parse_args(argv)
    root = Path(args.root).resolve()
    repo = ["--repo", args.repo] if args.repo else []

    prs = open_prs(args)
    if not data_changed(root):
        print("rolling_pr: data/ has no changes")
        for pr in prs:
            act(gh() + ["pr", "close", str(pr["number"]), "--delete-branch", "--comment",
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
            act(gh() + ["pr", "edit", number, "--title", args.title, "--body-file", str(body_file)] + repo, args)
            print(f"rolling_pr: updated pull request #{number}")
        else:
            act(gh() + ["pr", "create", "--head", args.branch, "--base", args.base, "--title", args.title,
                        "--body-file", str(body_file)] + repo, args)
            print("rolling_pr: opened a pull request")
    if args.dry_run:
        print("--- body ---")
        print(body)
    return 0


if __name__ == "__main__":
    sys.exit(main())
