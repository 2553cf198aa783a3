"""The URLs cited at a git ref, for `--only-new BASE` (check only what a change adds).

Kept simple on purpose: every string in the YAML files under data/ at BASE
that is an http(s) URL counts as cited there.
"""
from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any, Iterator

import yaml

from .collect import is_url

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class GitError(Exception):
    """BASE cannot be read (not a git repository, unknown ref...)."""


def _git(root: Path, *args: str) -> bytes:
    try:
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, check=False, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise GitError(f"cannot run git: {exc}") from None
    if done.returncode:
        raise GitError(done.stderr.decode("utf-8", "replace").strip() or f"git {args[0]} failed")
    return done.stdout


def _strings(data: Any) -> Iterator[str]:
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for value in data.values():
            yield from _strings(value)
    elif isinstance(data, list):
        for value in data:
            yield from _strings(value)


def urls_at(root: Path, ref: str, data_dir: str = "data", skip: tuple[str, ...] = ()) -> set[str]:
    """Every URL in data/**/*.yaml at `ref`. `skip`: paths (relative to root) to leave out."""
    if not ref or ref.startswith("-"):
        raise GitError(f"not a git ref: {ref!r}")
    prefix = _git(root, "rev-parse", "--show-prefix").decode().strip()  # fails outside a repository
    try:
        _git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    except GitError:
        raise GitError(f"unknown git ref {ref!r} (in CI, fetch the history: "
                       "actions/checkout with fetch-depth: 0)") from None
    skipped = {prefix + s for s in skip}
    listing = _git(root, "ls-tree", "-r", "-z", "--full-name", "--name-only", ref, "--", data_dir)
    names = [n for n in listing.decode("utf-8", "replace").split("\0")
             if n.endswith((".yaml", ".yml")) and n not in skipped]
    urls: set[str] = set()
    for text in _blobs(root, ref, names):
        try:
            data = yaml.load(text, Loader=_Loader)
        except yaml.YAMLError:
            continue  # a file that did not parse at BASE cites nothing we can count on
        urls.update(s.strip() for s in _strings(data) if is_url(s))
    return urls


def _blobs(root: Path, ref: str, names: list[str]) -> Iterator[str]:
    """The text of each file at ref, read by one `git cat-file --batch`."""
    if not names:
        return
    request = "".join(f"{ref}:{name}\n" for name in names).encode()
    try:
        done = subprocess.run(["git", "-C", str(root), "cat-file", "--batch"], input=request,
                              capture_output=True, check=False, timeout=120)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise GitError(f"cannot run git: {exc}") from None
    out, pos = done.stdout, 0
    while pos < len(out):
        end = out.index(b"\n", pos)
        header = out[pos:end].split()
        pos = end + 1
        if len(header) != 3 or header[1] != b"blob":
            continue  # "<name> missing"
        size = int(header[2])
        yield out[pos:pos + size].decode("utf-8", "replace")
        pos += size + 1
