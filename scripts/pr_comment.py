#!/usr/bin/env python3
"""The data diff as ONE comment on a pull request, updated in place on every push.

The comment starts with a hidden marker; the script lists the pull request's
comments (`gh api`), edits the one by the bot that carries the marker (PATCH)
and posts a new one only when there is none (POST).

Usage: python3 scripts/pr_comment.py --pr N --body-file data-diff.md [--dry-run]

The repository is $GITHUB_REPOSITORY (or --repo); the gh executable is $GH
(default gh), authenticated by $GH_TOKEN. A pull request from a fork runs with a
read-only token: writing then fails, and the script says so and exits 0 (the
diff is in the job summary anyway). --dry-run lists the comments but only
prints what it would send.
"""
from __future__ import annotations

import argparse
import json
import os
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

MARKER = "<!-- fwatlas-data-diff -->"
BOT_LOGIN = "github-actions[bot]"
MAX_BODY = 60_000  # GitHub refuses comments over 65,536 characters


def gh() -> list[str]:
    return shlex.split(os.environ.get("GH", "gh"))


def json_values(text: str) -> list:
    """Every JSON value in text: `gh api --paginate` prints one array per page, back to back."""
    decoder, values, pos = json.JSONDecoder(), [], 0
    text = text.strip()
    while pos < len(text):
        value, pos = decoder.raw_decode(text, pos)
        values.append(value)
        while pos < len(text) and text[pos].isspace():
            pos += 1
    return values


def comments(repo: str, pr: str) -> list[dict]:
    result = subprocess.run(gh() + ["api", "--paginate", f"repos/{repo}/issues/{pr}/comments?per_page=100"],
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"listing comments failed: {result.stderr.strip()[-1000:]}")
    out: list[dict] = []
    for page in json_values(result.stdout):
        for item in page if isinstance(page, list) else [page]:
            out.extend(item if isinstance(item, list) else [item])  # --slurp nests pages once more
    return out


def find_marked(found: list[dict], bot: str) -> dict | None:
    """The bot's own marked comment (a marker pasted by someone else is not ours to edit)."""
    return next((c for c in found if MARKER in (c.get("body") or "")
                 and (c.get("user") or {}).get("login", bot) == bot), None)


def body_of(path: str) -> str:
    text = Path(path).read_text(encoding="utf-8").strip()
    if len(text) > MAX_BODY:
        text = text[:MAX_BODY] + "\n\n(cut: the whole diff is in the check job's summary)"
    return f"{MARKER}\n{text}\n"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--pr", default=os.environ.get("PR_NUMBER", ""), help="pull request number")
    p.add_argument("--repo", default=os.environ.get("GITHUB_REPOSITORY", ""), help="owner/name")
    p.add_argument("--body-file", required=True, help="the data diff as Markdown")
    p.add_argument("--bot-login", default=BOT_LOGIN, help="whose marked comment is edited")
    p.add_argument("--dry-run", action="store_true", help="only print what would be sent")
    args = p.parse_args(argv)
    if not (args.pr.isdigit() and args.repo):
        print("pr_comment: need --pr NUMBER and --repo owner/name (or PR_NUMBER and GITHUB_REPOSITORY)",
              file=sys.stderr)
        return 2
    body = body_of(args.body_file)
    try:
        existing = find_marked(comments(args.repo, args.pr), args.bot_login)
    except (RuntimeError, ValueError) as exc:
        print(f"pr_comment: {exc}; no comment written", file=sys.stderr)
        return 0
    if existing:
        cmd = ["api", "--method", "PATCH", f"repos/{args.repo}/issues/comments/{existing['id']}"]
    else:
        cmd = ["api", "--method", "POST", f"repos/{args.repo}/issues/{args.pr}/comments"]
    if args.dry_run:
        print("would run: gh " + " ".join(shlex.quote(c) for c in cmd) + " --input <body>")
        print(body)
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        payload = Path(tmp) / "payload.json"
        payload.write_text(json.dumps({"body": body}), encoding="utf-8")
        result = subprocess.run(gh() + cmd + ["--input", str(payload)], capture_output=True, text=True)
    if result.returncode != 0:
        # e.g. 403 "Resource not accessible by integration": a fork's read-only token
        print(f"pr_comment: could not write the comment ({result.stderr.strip()[-500:]}); "
              "the diff is in the job summary", file=sys.stderr)
        return 0
    print(f"pr_comment: {'updated' if existing else 'posted'} the data diff comment")
    return 0


if __name__ == "__main__":
    sys.exit(main())
