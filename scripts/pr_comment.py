#!/usr/bin/env python3
"""The data diff as ONE comment on a pull request, updated in place on every push.

The comment starts with a hidden marker; the script lists the pull request's
comments (`gh api`), edits the one by the bot that carries the marker (PATCH)
and posts a new one only when there is none (POST).

Usage: python3 scripts/pr_comment.py --pr N --body-file data-diff.md [--dry-run] [--gh-timeout SECONDS]

The body is Markdown from `fwatlas diff`, which writes data as inert text
(escaped, no @mentions or issue links, no credentials in URLs); a body over
GitHub's limit is cut at a line. The repository is $GITHUB_REPOSITORY (or
--repo); the gh executable is $GH (default gh), authenticated by $GH_TOKEN. A
pull request from a fork runs with a read-only token: writing then fails with
HTTP 403, and the script says so and exits 0 (the diff is in the job summary
anyway). --dry-run lists the comments but only prints what it would send.

Each gh call may take $FWATLAS_GH_TIMEOUT seconds (or --gh-timeout; default
120) and print at most 50 MB. Exit status: 0 written (or refused to a read-only
token); 2 bad arguments or an unreadable body file (nothing sent); 3 gh is
missing, failed, timed out or printed something unreadable (one line on
stderr; nothing is written after a failed listing).
"""
from __future__ import annotations

import argparse
import json
import os
import re
import selectors
import shlex
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

MARKER = "<!-- fwatlas-data-diff -->"
BOT_LOGIN = "github-actions[bot]"
MAX_BODY = 60_000  # GitHub refuses comments over 65,536 characters
GH_TIMEOUT = 120.0  # seconds per gh call
MAX_GH_OUTPUT = 50_000_000  # bytes: a page of 100 comments of the largest size is about 6.5 MB
REPO_PATTERN = re.compile(r"[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+")
READ_ONLY = re.compile(r"HTTP 403|Resource not accessible by integration")
EXIT_USAGE, EXIT_GH = 2, 3


# -- running gh: bounded in time and output, one-line errors -----------------------------
class GhError(Exception):
    """gh is missing, failed, hung or printed something unreadable (the message is one line)."""

    def __init__(self, message: str, status: int | None = None, stderr: str = ""):
        super().__init__(message)
        self.status, self.stderr = status, stderr


_USERINFO = re.compile(r"\b([A-Za-z][A-Za-z0-9+.-]*://)[^/?#\s\"'`<>\\]*@")


def redact(text: str) -> str:
    """URLs without their user information (`https://user:token@host/` becomes `https://host/`)."""
    return _USERINFO.sub(r"\1", text)


def one_line(text: str, limit: int = 300) -> str:
    """Text for a one-line message: credentials removed, whitespace runs (line breaks too) as one space."""
    text = " ".join(redact(text).split())
    return text if len(text) <= limit else text[:limit - 1] + "\u2026"


def gh() -> list[str]:
    return shlex.split(os.environ.get("GH") or "gh")


def gh_timeout(value: str | None) -> float:
    """The timeout of each gh call: the option, else $FWATLAS_GH_TIMEOUT, else GH_TIMEOUT."""
    text = value if value is not None else os.environ.get("FWATLAS_GH_TIMEOUT", "")
    if not text:
        return GH_TIMEOUT
    try:
        seconds = float(text)
    except ValueError:
        seconds = 0.0
    if not 0 < seconds < 86_400:
        raise ValueError(f"the gh timeout must be a number of seconds, not {text!r}")
    return seconds


def _stop(proc: subprocess.Popen) -> None:
    """Kill gh and whatever it started (its own process group), and reap it."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        proc.kill()
    proc.wait()


def run_gh(args: list[str], timeout: float, limit: int = MAX_GH_OUTPUT) -> str:
    """gh's standard output; GhError if it cannot start, exits non-zero, outlives `timeout`
    or prints more than `limit` bytes (then it is killed, with anything it started)."""
    cmd = gh() + args
    label = " ".join(["gh"] + args[:2 if args[:1] == ["pr"] else 1])
    if len(cmd) <= len(args):
        raise GhError("$GH names no program")
    try:
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                start_new_session=True)
    except FileNotFoundError:
        raise GhError(f"{cmd[0]} not found (install the GitHub CLI, or set $GH)") from None
    except OSError as exc:
        raise GhError(f"cannot run {cmd[0]}: {exc.strerror or exc}") from None
    out, err = bytearray(), bytearray()
    deadline = time.monotonic() + timeout
    done = False
    try:
        with selectors.DefaultSelector() as sel:
            sel.register(proc.stdout, selectors.EVENT_READ, out)  # type: ignore[arg-type]
            sel.register(proc.stderr, selectors.EVENT_READ, err)  # type: ignore[arg-type]
            while sel.get_map():
                left = deadline - time.monotonic()
                if left <= 0:
                    raise GhError(f"{label} timed out after {timeout:g} s")
                for key, _ in sel.select(left):
                    chunk = os.read(key.fd, 1 << 16)
                    if not chunk:
                        sel.unregister(key.fileobj)
                    elif len(key.data) + len(chunk) > limit:
                        raise GhError(f"{label} printed more than {limit:,} bytes")
                    else:
                        key.data.extend(chunk)
        try:
            status = proc.wait(max(0.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            raise GhError(f"{label} timed out after {timeout:g} s") from None
        done = True
    finally:
        if not done:
            _stop(proc)
        proc.stdout.close()  # type: ignore[union-attr]
        proc.stderr.close()  # type: ignore[union-attr]
    stderr = err.decode("utf-8", errors="replace")
    if status != 0:
        raise GhError(f"{label} failed (exit {status}): {one_line(stderr) or 'no message'}", status, stderr)
    return out.decode("utf-8", errors="replace")


# -- the comments ------------------------------------------------------------------------
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


def _is_comment(item) -> bool:
    return (isinstance(item, dict) and type(item.get("id")) is int and isinstance(item.get("body"), (str, type(None)))
            and isinstance(item.get("user"), (dict, type(None))))


def comments(repo: str, pr: str, timeout: float) -> list[dict]:
    text = run_gh(["api", "--paginate", f"repos/{repo}/issues/{pr}/comments?per_page=100"], timeout)
    try:
        pages = json_values(text)
    except ValueError:
        raise GhError(f"gh api printed unreadable output, not JSON: {one_line(text, 80)!r}") from None
    out: list = []
    for page in pages:
        if not isinstance(page, list):
            raise GhError(f"gh api printed unreadable output, not a list of comments: {one_line(str(page), 80)!r}")
        for item in page:
            out.extend(item if isinstance(item, list) else [item])  # --slurp nests pages once more
    if not pages or not all(_is_comment(c) for c in out):
        raise GhError("gh api printed unreadable output, not a list of comments with numeric ids")
    return out


def find_marked(found: list[dict], bot: str) -> dict | None:
    """The bot's own marked comment (a marker pasted by someone else, or by an unknown author, is not ours)."""
    return next((c for c in found if MARKER in (c.get("body") or "")
                 and (c.get("user") or {}).get("login") == bot), None)


def cut_lines(text: str, limit: int, note: str) -> str:
    """text, or as many whole lines of it as fit in `limit` characters with the note after them."""
    if len(text) <= limit:
        return text
    end = text.rfind("\n", 0, max(0, limit - len(note) - 2) + 1)
    return (text[:end].rstrip("\n") + "\n\n" if end > 0 else "") + note


def body_of(path: str) -> str:
    with open(path, encoding="utf-8", errors="replace") as f:  # read no more than can be sent
        text = f.read(MAX_BODY + 1).strip()
    text = cut_lines(text, MAX_BODY, "(cut: the whole diff is in the check job's summary)")
    return f"{MARKER}\n{text}\n"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--pr", default=os.environ.get("PR_NUMBER", ""), help="pull request number")
    p.add_argument("--repo", default=os.environ.get("GITHUB_REPOSITORY", ""), help="owner/name")
    p.add_argument("--body-file", required=True, help="the data diff as Markdown")
    p.add_argument("--bot-login", default=BOT_LOGIN, help="whose marked comment is edited")
    p.add_argument("--dry-run", action="store_true", help="only print what would be sent")
    p.add_argument("--gh-timeout", help=f"seconds each gh call may take (default $FWATLAS_GH_TIMEOUT or {GH_TIMEOUT:g})")
    args = p.parse_args(argv)
    if not (args.pr.isdigit() and REPO_PATTERN.fullmatch(args.repo)):
        print("pr_comment: need --pr NUMBER and --repo owner/name (or PR_NUMBER and GITHUB_REPOSITORY)",
              file=sys.stderr)
        return EXIT_USAGE
    try:
        timeout = gh_timeout(args.gh_timeout)
        body = body_of(args.body_file)  # all of it, before anything is sent
    except (OSError, ValueError) as exc:
        detail = f"{exc.strerror}: {exc.filename}" if isinstance(exc, OSError) and exc.strerror else str(exc)
        print(f"pr_comment: {one_line(detail)}; no comment written", file=sys.stderr)
        return EXIT_USAGE
    try:
        existing = find_marked(comments(args.repo, args.pr, timeout), args.bot_login)
    except GhError as exc:
        print(f"pr_comment: could not list the comments: {exc}; no comment written", file=sys.stderr)
        return EXIT_GH
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
        try:
            answer = run_gh(cmd + ["--input", str(payload)], timeout)
        except GhError as exc:
            if exc.status and READ_ONLY.search(exc.stderr):
                # a fork's read-only token: not this job's failure
                print(f"pr_comment: could not write the comment ({one_line(exc.stderr)}); "
                      "the diff is in the job summary", file=sys.stderr)
                return 0
            print(f"pr_comment: writing the comment failed: {exc}", file=sys.stderr)
            return EXIT_GH
    try:
        if not isinstance(json.loads(answer), dict):
            raise ValueError
    except ValueError:
        print(f"pr_comment: gh api printed unreadable output after writing: {one_line(answer, 80)!r}; "
              "check the pull request's comments", file=sys.stderr)
        return EXIT_GH
    print(f"pr_comment: {'updated' if existing else 'posted'} the data diff comment")
    return 0


if __name__ == "__main__":
    sys.exit(main())
