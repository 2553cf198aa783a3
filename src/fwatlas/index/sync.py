"""`fwatlas sync`: read each framework's packages from the index and update data/index/<id>.yaml.

Everything is fetched before anything is written, so a network error leaves
the data as it was (exit 2). Hand-written facts are never changed; where they
disagree with the index they are reported (exit 1).

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
from pathlib import Path
from typing import TextIO

from packaging.utils import canonicalize_name
from pydantic import ValidationError

from ..load import load
from ..model import IndexFile, IndexRelease
from ..problems import format_problems, sort_problems
from ..validate import validate
from ..yamlfile import read_yaml
from . import compare, config, derive, store
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


def _fetch(client: IndexClient, names: list[str], old_doc, skipped: dict[str, int]) -> tuple[list, int]:
    """(name, page URL, releases) per package, with accelerators; and how many releases are new.
    `skipped` counts the files and releases left out because the data files cannot hold them."""
    recorded = {canonicalize_name(k): v for k, v in store.recorded(old_doc).items()}
    packages, new = [], 0
    for name in names:
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
        series: dict[tuple, derive.ReleaseInfo] = {}
        for info in fresh:  # newest first: the newest new release of each series
            if not info.yanked and info.default_wheel is not None:
                series.setdefault(info.series, info)
        for info in series.values():  # one metadata request per series, at most
            text = client.metadata(info.default_wheel)
            if text is not None:
                python = derive.wheel_python(info.default_wheel)
                info.accelerator, info.accelerator_extras = derive.accelerators(text, python)
        valid = [i for i in infos if _release_ok(i)]
        skipped["releases"] += len(infos) - len(valid)
        packages.append((page.name, page.url, valid))
    return packages, new


class _Unwritten:
    """A new file's text where read_yaml expects a path (it only reads the bytes): the text is
    checked before it is written anywhere."""

    def __init__(self, text: str):
        self._raw = text.encode("utf-8")

    def read_bytes(self) -> bytes:
        return self._raw


def _index_model(text: str, display: str) -> tuple[IndexFile | None, list]:
    """The new machine file as the loader will read it (same parser, same model), before it is
    written; with the problems `fwatlas check` would report about its form."""
    doc, problems = read_yaml(_Unwritten(text), display)  # type: ignore[arg-type]
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


def run(root: Path, frameworks: list[str] | None = None, dry_run: bool = False, index_url: str | None = None,
        out: TextIO | None = None, err: TextIO | None = None, *, request_seconds: float | None = None,
        run_seconds: float | None = None, max_bytes: int | None = None) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    started = time.monotonic()
    try:
        limits = Limits.from_env(request_seconds, run_seconds, max_bytes)
    except ValueError as exc:
        print(f"fwatlas sync: {exc}", file=err)
        return 2
    kb, _ = load(root)
    wanted = frameworks or sorted(kb.frameworks)
    missing = [f for f in wanted if f not in kb.frameworks]
    if missing:
        print(f"fwatlas sync: no framework {printable(', '.join(missing))} (ids: {', '.join(sorted(kb.frameworks))})",
              file=err)
        return 2
    plans = []
    skipped = {"files": 0, "releases": 0}
    client = None

    def fail(message: str) -> int:
        text = client.scrub(message) if client is not None else printable(message, limit=2000)
        print(f"fwatlas sync: {text}", file=err)
        print("fwatlas sync: nothing was written", file=err)
        return 2

    try:
        client = IndexClient(index_url or config.index_url(), verify=config.ca_bundle() or True, limits=limits,
                             started=started)
        for fw_id in wanted:
            names = kb.frameworks[fw_id].packages
            if not names:
                continue  # no package on the index (the framework file says why)
            path = store.path_of(root, fw_id)
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
            packages, new = _fetch(client, names, old_doc, skipped)
            plans.append((fw_id, path, old_text, old_doc, packages, new))
    except SyncError as exc:
        return fail(str(exc))
    finally:
        if client is not None:
            client.close()

    # everything is fetched: build the new texts, check each as `fwatlas check` will, then write them all
    changes, found = [], []
    fact_ids = compare.python_fact_ids(kb.dimensions)
    for fw_id, path, old_text, old_doc, packages, _ in plans:
        doc = store.update(old_doc, fw_id, client.public_index, packages)
        new_text = store.dump_text(doc, like=old_text)
        display = path.relative_to(root).as_posix()
        model, problems = _index_model(new_text, display)
        if model is None or problems:
            return fail(f"{display} would not pass `fwatlas check`, not written: "
                        + "; ".join(p.text() for p in problems[:3]))
        if new_text != old_text:
            changes.append((path, display, old_text, new_text))
        fw_doc = kb.docs.get(("framework", fw_id))
        if fw_doc is not None:
            found += compare.disagreements(kb.frameworks[fw_id], fw_doc, model, fact_ids)
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
    packages = sum(len(p[4]) for p in plans)
    releases = sum(len(infos) for p in plans for _, _, infos in p[4])
    new = sum(p[5] for p in plans)
    print(f"fwatlas sync: {packages} packages, {releases} releases ({new} new), {client.requests} requests, "
          f"{time.monotonic() - started:.1f} s; {len(changes)} file(s) "
          f"{'would change (dry run, nothing written)' if dry_run else 'written'}; "
          f"{len(found)} disagreement(s) with hand-written facts", file=out)
    return 1 if found else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="fwatlas sync",
        description="Read versions, Python versions and platforms from the package index into data/index/.")
    parser.add_argument("frameworks", nargs="*", help="framework ids (default: all)")
    parser.add_argument("--dry-run", action="store_true", help="print the diff of the data files, write nothing")
    parser.add_argument("--index-url", help="the simple index to read (default: pip's configured index)")
    parser.add_argument("--root", default=".", help="the project folder")
    args = parser.parse_args(argv)
    return run(Path(args.root), args.frameworks or None, args.dry_run, args.index_url)


if __name__ == "__main__":
    sys.exit(main())
