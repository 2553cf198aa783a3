"""`fwatlas sync`: read each framework's and each tool's packages from the index and update
data/index/<framework-id>.yaml and data/index/tool-<tool-id>.yaml.

Everything is fetched before anything is written, so a network error leaves
the data as it was (exit 2). Hand-written facts are never changed; where they
disagree with the index they are reported (exit 1).

A framework's packages named `<first package>-<suffix>` are its variants (role: variant): plugins,
backends and separate builds. For a framework's packages the default Linux x86-64 wheel's
accelerator is read once per release series: from PEP 658 metadata where the index serves it,
else from the wheel's METADATA member alone, with HTTP range requests (index/lazywheel.py).

What reaches the data files, the terminal and the pages is checked here:
- credentials in the index URL are sent with the requests only; the files and
  every message carry the URL without them (index/credentials.py);
- each answer is capped in size and time, and so is the whole run (index/client.py):
  FWATLAS_SYNC_MAX_BYTES (50 MB), FWATLAS_SYNC_REQUEST_SECONDS (60) and
  FWATLAS_SYNC_SECONDS (600), or the arguments of `run`;
- files whose wheel tags the model rejects are skipped and counted, each release is
  validated against the model, and each new file as a whole with the loader's own
  parser and model: a file `fwatlas check` would reject is never written;
- all files are written to temporary files first and then renamed; when any write
  fails, the files already renamed get their old text back and no temporary file stays.
"""
from __future__ import annotations

import argparse
import difflib
import os
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO
from urllib.parse import urlsplit

from packaging.utils import canonicalize_name
from pydantic import ValidationError

from ..load import load
from ..model import IndexFile, IndexRelease
from ..problems import format_problems, sort_problems
from ..validate import validate
from ..yamlfile import read_yaml
from . import compare, config, derive, lazywheel, store
from .client import IndexClient, Limits, SyncError, printable


class WriteError(Exception):
    """A data file could not be read or written; the message names it."""


def _release_ok(info: derive.ReleaseInfo) -> bool:
    """The release as it will be written passes the model the loader checks it with."""
    try:
        IndexRelease.model_validate({
            "version": info.version, "uploaded": info.uploaded or derive.UNKNOWN, "python": list(info.python),
            "free_threaded": list(info.free_threaded), "platforms": list(info.platforms),
            "accelerator": info.accelerator, "accelerator_extras": dict(info.accelerator_extras or {}),
            "yanked": bool(info.yanked), "requires_python": info.requires_python})
    except (ValidationError, TypeError, ValueError):
        return False
    return True


def variant_roles(names: list[str]) -> list[str | None]:
    """A framework's packages named `<first package>-<suffix>` (jax-cuda12-plugin, mlx-metal,
    paddlepaddle-gpu, tensorflow-cpu) are its variants: builds, plugins and backends published under
    their own names. The others (jax, jaxlib) are the framework itself."""
    if not names:
        return []
    first = canonicalize_name(names[0])
    return [None if i == 0 or not canonicalize_name(n).startswith(first + "-") else "variant"
            for i, n in enumerate(names)]


IGNORES_RANGE = "the server ignores Range requests"
GIVE_UP_AFTER = 3  # transient failures in a row from one file host: the rest waits for the next sync


class _Accelerators:
    """The default wheel's accelerator, from PEP 658 metadata where the index serves it, else from
    the wheel's METADATA read with range requests (lazywheel). A wheel that cannot be read that way
    is "unknown"; a failure that may pass (a timeout, a 5xx) leaves the value out, so the next sync
    tries again."""

    def __init__(self, client: IndexClient):
        self.client = client
        self.read = 0
        self.unknown: Counter[str] = Counter()
        self.later: Counter[str] = Counter()
        self._no_range: set[str] = set()
        self._failing: Counter[str] = Counter()

    def set(self, info: derive.ReleaseInfo) -> None:
        wheel = info.default_wheel
        python = derive.wheel_python(wheel)
        text = self.client.metadata(wheel)
        if text is not None:
            info.accelerator, info.accelerator_extras = derive.accelerators(text, python)
            return
        host = _host(wheel["url"])
        if host in self._no_range:
            info.accelerator = derive.UNKNOWN
            self.unknown[IGNORES_RANGE] += 1
            return
        if self._failing[host] >= GIVE_UP_AFTER:
            self.later[f"not tried: {host} failed {GIVE_UP_AFTER} times in a row"] += 1
            return
        got = lazywheel.read(self.client, wheel)
        if got.metadata is not None:
            self.read += 1
            self._failing[host] = 0
            info.accelerator, info.accelerator_extras = derive.accelerators(
                got.metadata, python, lazywheel.bundled_cuda(got.names))
        elif got.transient:
            self._failing[host] += 1
            self.later[got.failure or "no answer"] += 1
        else:
            info.accelerator = derive.UNKNOWN
            self.unknown[got.failure or "unreadable"] += 1
            if got.failure == IGNORES_RANGE:
                self._no_range.add(host)

    def report(self) -> list[str]:
        lines = []
        tried = self.read + sum(self.unknown.values()) + sum(self.later.values())
        if tried:
            lines.append(f"fwatlas sync: {self.read} of {tried} wheel(s) without PEP 658 metadata read with range "
                         "requests (only their METADATA)")
        if self.unknown:
            lines.append("fwatlas sync: accelerator unknown for " + _counts(self.unknown))
        if self.later:
            lines.append("fwatlas sync: accelerator left for the next sync for " + _counts(self.later))
        return lines


def _counts(counter: Counter) -> str:
    return "; ".join(f"{n} wheel(s): {printable(reason, 160)}" for reason, n in counter.most_common(5)) + (
        f"; and {len(counter) - 5} other reason(s)" if len(counter) > 5 else "")


def _host(url: str) -> str:
    return urlsplit(url).netloc.rpartition("@")[2]


def _fetch(client: IndexClient, names: list[str], roles: list[str | None], old_doc, skipped: dict[str, int],
           accelerators: _Accelerators | None) -> tuple[list, int]:
    """(name, page URL, releases, role) per package, with accelerators when `accelerators` is given;
    and how many releases are new. `skipped` counts the files and releases left out because the data
    files cannot hold them."""
    recorded = {canonicalize_name(k): v for k, v in store.recorded(old_doc).items()}
    packages, new = [], 0
    for name, role in zip(names, roles):
        page = client.project(name)
        files: list[str] = []
        infos = derive.releases(page.files, files)
        skipped["files"] += len(files)
        old = recorded.get(page.name, {})
        for info in infos:  # a recorded release keeps what its metadata showed: no second request
            entry = old.get(info.version)
            if entry is not None:
                info.accelerator = entry.get("accelerator")
                info.accelerator_extras = dict(entry.get("accelerator_extras") or {})
        fresh = [i for i in infos if i.version not in old]
        new += len(fresh)
        if accelerators is not None:
            for info in _to_read(infos, fresh):  # one metadata read per series, at most
                accelerators.set(info)
        valid = [i for i in infos if _release_ok(i)]
        skipped["releases"] += len(infos) - len(valid)
        packages.append((page.name, page.url, valid, role))
    return packages, new


def _to_read(infos: list[derive.ReleaseInfo], fresh: list[derive.ReleaseInfo]) -> list[derive.ReleaseInfo]:
    """The releases whose default wheel's metadata is read: per series, the newest new release, or,
    in a series none of whose releases has an accelerator recorded yet (synced before the index
    offered a way to read it), its newest release. Yanked releases and those without a default
    Linux x86-64 wheel are passed over."""
    by_series: dict[tuple, list[derive.ReleaseInfo]] = {}
    for info in infos:  # newest first
        by_series.setdefault(info.series, []).append(info)
    fresh_ids = {id(i) for i in fresh}
    out = []
    for releases in by_series.values():
        readable = [i for i in releases if not i.yanked and i.default_wheel is not None]
        new = [i for i in readable if id(i) in fresh_ids]
        if new:
            out.append(new[0])
        elif readable and not any(i.accelerator for i in releases):
            out.append(readable[0])
    return out


def _index_model(text: str, display: str) -> tuple[IndexFile | None, list]:
    """The new machine file as the loader will read it (same parser, same model), before it is
    written; with the problems `fwatlas check` would report about its form."""
    # the text is checked before it is written anywhere: read_yaml gets its bytes, not a path
    doc, problems = read_yaml(Path(display), display, raw=text.encode("utf-8"))
    if problems:
        return None, problems
    obj, problems = validate(doc, IndexFile)
    return obj, problems  # type: ignore[return-value]


def _reason(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__


def _write_all(changes: list[tuple[Path, str, str, str]]) -> None:
    """Write every changed file, or none: first each to a temporary file beside it, then rename
    them all. A failure removes the temporary files and puts back the files already renamed."""
    temps: list[tuple[Path, Path, str, str]] = []
    done: list[tuple[Path, str, str]] = []
    try:
        for path, display, old_text, new_text in changes:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
            except OSError as exc:
                raise WriteError(f"cannot write {display}: {_reason(exc)}") from None
            temps.append((Path(name), path, display, old_text))
            try:
                with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
                    f.write(new_text)
                    f.flush()
                    os.fsync(f.fileno())
                if path.exists():  # the file keeps its mode (mkstemp makes 0600)
                    os.chmod(name, path.stat().st_mode & 0o777)
                else:
                    umask = os.umask(0)
                    os.umask(umask)
                    os.chmod(name, 0o666 & ~umask)
            except OSError as exc:
                raise WriteError(f"cannot write {display}: {_reason(exc)}") from None
        for tmp, path, display, old_text in temps:
            existed = path.exists()
            try:
                os.replace(tmp, path)
            except OSError as exc:
                raise WriteError(f"cannot write {display}: {_reason(exc)}") from None
            done.append((path, old_text, "existed" if existed else "new"))
    except WriteError:
        for tmp, *_ in temps:
            tmp.unlink(missing_ok=True)
        for path, old_text, how in reversed(done):  # put back what was already renamed
            try:
                if how == "new":
                    path.unlink(missing_ok=True)
                else:
                    _restore(path, old_text)
            except OSError:
                pass
        raise


def _restore(path: Path, text: str) -> None:
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(text)
        os.chmod(name, path.stat().st_mode & 0o777)
        os.replace(name, path)
    except OSError:
        Path(name).unlink(missing_ok=True)
        raise


@dataclass
class _Target:
    """One machine file to write: a framework's (data/index/<id>.yaml) or a tool's (tool-<id>.yaml)."""

    kind: str  # "framework" or "tool"
    id: str
    names: list[str]
    roles: list[str | None]
    path: Path
    file_id: str
    header: str


def _targets(root: Path, kb, wanted: list[str] | None) -> tuple[list[_Target], str | None]:
    """What to sync: the named frameworks and tools, or every framework and every tool with packages."""
    tools = {t_id: t for t_id, t in kb.tools.items() if t.packages}
    if wanted is None:
        wanted = sorted(kb.frameworks) + sorted(tools)
    missing = [w for w in wanted if w not in kb.frameworks and w not in tools]
    if missing:
        return [], (f"no framework or tool with packages {printable(', '.join(missing))} (frameworks: "
                    f"{', '.join(sorted(kb.frameworks))}; tools: {', '.join(sorted(tools)) or 'none'})")
    clash = [w for w in wanted if w in kb.frameworks and w.startswith(store.TOOL_PREFIX)]
    if clash:
        return [], (f"the framework id {printable(clash[0])} starts with {store.TOOL_PREFIX!r}, which "
                    "data/index/ keeps for the files of tools: rename the framework")
    out = []
    for w in dict.fromkeys(wanted):
        if w in kb.frameworks:
            names = list(kb.frameworks[w].packages)
            roles = variant_roles(names)
            # the framework's own packages first, then its variants (the wheel matrices read the first)
            order = sorted(range(len(names)), key=lambda i: roles[i] is not None)
            out.append(_Target("framework", w, [names[i] for i in order], [roles[i] for i in order],
                               store.path_of(root, w), w, store.HEADER))
        if w in tools:
            names = list(tools[w].packages)
            out.append(_Target("tool", w, names, [None] * len(names), store.tool_path_of(root, w),
                               store.TOOL_PREFIX + w, store.TOOL_HEADER))
    return out, None


def run(root: Path, frameworks: list[str] | None = None, dry_run: bool = False, index_url: str | None = None,
        out: TextIO | None = None, err: TextIO | None = None, *, request_seconds: float | None = None,
        run_seconds: float | None = None, max_bytes: int | None = None) -> int:
    """Sync the named frameworks and tools (`frameworks`: their ids; None: every framework and every
    tool that names packages)."""
    out, err = out or sys.stdout, err or sys.stderr
    started = time.monotonic()
    try:
        limits = Limits.from_env(request_seconds, run_seconds, max_bytes)
    except ValueError as exc:
        print(f"fwatlas sync: {exc}", file=err)
        return 2
    kb, _ = load(root)
    targets, problem = _targets(root, kb, frameworks or None)
    if problem:
        print(f"fwatlas sync: {problem}", file=err)
        return 2
    plans = []
    skipped = {"files": 0, "releases": 0}
    client = None
    accelerators = None

    def fail(message: str) -> int:
        text = client.scrub(message) if client is not None else printable(message, limit=2000)
        print(f"fwatlas sync: {text}", file=err)
        print("fwatlas sync: nothing was written", file=err)
        return 2

    try:
        client = IndexClient(index_url or config.index_url(), verify=config.ca_bundle() or True, limits=limits,
                             started=started)
        accelerators = _Accelerators(client)
        for target in targets:
            if not target.names:
                continue  # no package on the index (the framework file says why)
            path = target.path
            display = path.relative_to(root).as_posix()
            try:
                old_text = path.read_text(encoding="utf-8") if path.exists() else ""
            except (OSError, UnicodeDecodeError) as exc:
                reason = _reason(exc) if isinstance(exc, OSError) else "not UTF-8"
                print(f"fwatlas sync: cannot read {display}: {reason}, left as it is", file=err)
                return 2
            try:
                old_doc = store.load_text(old_text) if old_text else None
            except Exception as exc:  # noqa: BLE001 - any YAML error: keep the file for a person to fix
                print(f"fwatlas sync: {display} is not valid YAML, left as it is: {printable(exc, 300)}", file=err)
                return 2
            # accelerators only for frameworks: a tool's wheels (torchvision, a vendor plugin) get
            # theirs from the framework they sit on, so their own metadata would mislead
            packages, new = _fetch(client, target.names, target.roles, old_doc, skipped,
                                   accelerators if target.kind == "framework" else None)
            plans.append((target, old_text, packages, new))
    except SyncError as exc:
        return fail(str(exc))
    finally:
        if client is not None:
            client.close()

    # everything is fetched: build the new texts, check each as `fwatlas check` will, then write them all
    changes, found = [], []
    fact_ids = compare.python_fact_ids(kb.dimensions)
    for target, old_text, packages, _ in plans:
        doc = store.update(store.load_text(old_text) if old_text else None, target.file_id, client.public_index,
                           packages, header=target.header)
        new_text = store.dump_text(doc, like=old_text)
        display = target.path.relative_to(root).as_posix()
        model, problems = _index_model(new_text, display)
        if model is None or problems:
            return fail(f"{display} would not pass `fwatlas check`, not written: "
                        + "; ".join(p.text() for p in problems[:3]))
        if new_text != old_text:
            changes.append((target.path, display, old_text, new_text))
        if target.kind == "framework":
            fw_doc = kb.docs.get(("framework", target.id))
            if fw_doc is not None:
                found += compare.disagreements(kb.frameworks[target.id], fw_doc, model, fact_ids)
        else:
            tool_doc = kb.docs.get(("tool", target.id))
            if tool_doc is not None:
                found += compare.tool_last_release(kb.tools[target.id], tool_doc, model)
    if dry_run:
        for _, display, old_text, new_text in changes:
            out.writelines(difflib.unified_diff(old_text.splitlines(True), new_text.splitlines(True),
                                                f"a/{display}", f"b/{display}"))
    else:
        try:
            _write_all(changes)
        except WriteError as exc:
            return fail(str(exc))
    found = sort_problems(found)
    if found:
        print(format_problems(found, "text"), file=out)
    if skipped["files"]:
        print(f"fwatlas sync: {skipped['files']} file(s) skipped: wheel tags the data files cannot hold "
              "(not a real platform, too long, or no CPython version)", file=out)
    if skipped["releases"]:
        print(f"fwatlas sync: {skipped['releases']} release(s) skipped: values the data files cannot hold", file=out)
    for line in accelerators.report() if accelerators else []:
        print(line, file=out)
    packages = sum(len(p[2]) for p in plans)
    releases = sum(len(pkg[2]) for p in plans for pkg in p[2])
    new = sum(p[3] for p in plans)
    print(f"fwatlas sync: {packages} packages, {releases} releases ({new} new), {client.requests} requests, "
          f"{time.monotonic() - started:.1f} s; {len(changes)} file(s) "
          f"{'would change (dry run, nothing written)' if dry_run else 'written'}; "
          f"{len(found)} disagreement(s) with hand-written facts", file=out)
    return 1 if found else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="fwatlas sync",
        description="Read versions, Python versions and platforms of frameworks and tools from the package index "
                    "into data/index/.")
    parser.add_argument("frameworks", nargs="*", metavar="id",
                        help="framework or tool ids (default: every framework and every tool with packages)")
    parser.add_argument("--dry-run", action="store_true", help="print the diff of the data files, write nothing")
    parser.add_argument("--index-url", help="the simple index to read (default: pip's configured index)")
    parser.add_argument("--root", default=".", help="the project folder")
    args = parser.parse_args(argv)
    return run(Path(args.root), args.frameworks or None, args.dry_run, args.index_url)


if __name__ == "__main__":
    sys.exit(main())
