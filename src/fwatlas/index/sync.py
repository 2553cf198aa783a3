"""`fwatlas sync`: read each framework's packages from the index and update data/index/<id>.yaml.

Everything is fetched before anything is written, so a network error leaves
the data as it was (exit 2). Hand-written facts are never changed; where they
disagree with the index they are reported (exit 1).
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

from ..load import load
from ..model import IndexFile
from ..problems import format_problems, sort_problems
from ..validate import validate
from ..yamlfile import read_yaml
from . import compare, config, derive, store
from .client import IndexClient, SyncError


def _fetch(client: IndexClient, names: list[str], old_doc) -> tuple[list, int]:
    """(name, page URL, releases) per package, with accelerators; and how many releases are new."""
    recorded = {canonicalize_name(k): v for k, v in store.recorded(old_doc).items()}
    packages, new = [], 0
    for name in names:
        page = client.project(name)
        infos = derive.releases(page.files)
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
        packages.append((page.name, page.url, infos))
    return packages, new


def _index_model(text: str, display: str) -> IndexFile | None:
    """The new machine file as the loader will read it (same parser, same model), before it is written."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "index.yaml"
        path.write_text(text, encoding="utf-8")
        doc, problems = read_yaml(path, display)
    if problems:
        return None
    obj, _ = validate(doc, IndexFile)
    return obj  # type: ignore[return-value]


def run(root: Path, frameworks: list[str] | None = None, dry_run: bool = False, index_url: str | None = None,
        out: TextIO | None = None, err: TextIO | None = None) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    started = time.monotonic()
    kb, _ = load(root)
    wanted = frameworks or sorted(kb.frameworks)
    missing = [f for f in wanted if f not in kb.frameworks]
    if missing:
        print(f"fwatlas sync: no framework {', '.join(missing)} (ids: {', '.join(sorted(kb.frameworks))})", file=err)
        return 2
    index = index_url or config.index_url()
    index = index if index.endswith("/") else index + "/"
    plans = []
    client = IndexClient(index, verify=config.ca_bundle() or True)
    try:
        for fw_id in wanted:
            names = kb.frameworks[fw_id].packages
            if not names:
                continue  # no package on the index (the framework file says why)
            path = store.path_of(root, fw_id)
            old_text = path.read_text(encoding="utf-8") if path.exists() else ""
            try:
                old_doc = store.load_text(old_text) if old_text else None
            except Exception as exc:  # noqa: BLE001 - any YAML error: keep the file for a person to fix
                print(f"fwatlas sync: {path.relative_to(root)} is not valid YAML, left as it is: {exc}", file=err)
                return 2
            packages, new = _fetch(client, names, old_doc)
            plans.append((fw_id, path, old_text, old_doc, packages, new))
    except SyncError as exc:
        print(f"fwatlas sync: {exc}", file=err)
        print("fwatlas sync: nothing was written", file=err)
        return 2
    finally:
        client.close()

    # everything is fetched: build the new texts, then write them all
    changes, found = [], []
    fact_ids = compare.python_fact_ids(kb.dimensions)
    for fw_id, path, old_text, old_doc, packages, _ in plans:
        doc = store.update(old_doc, fw_id, index, packages)
        new_text = store.dump_text(doc, like=old_text)
        display = path.relative_to(root).as_posix()
        if new_text != old_text:
            changes.append((path, display, old_text, new_text))
        model = _index_model(new_text, display)
        fw_doc = kb.docs.get(("framework", fw_id))
        if model is not None and fw_doc is not None:
            found += compare.disagreements(kb.frameworks[fw_id], fw_doc, model, fact_ids)
    if dry_run:
        for _, display, old_text, new_text in changes:
            out.writelines(difflib.unified_diff(old_text.splitlines(True), new_text.splitlines(True),
                                                f"a/{display}", f"b/{display}"))
    else:
        temps = []
        for path, _, _, new_text in changes:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(path.name + ".tmp")
            tmp.write_text(new_text, encoding="utf-8")
            temps.append((tmp, path))
        for tmp, path in temps:
            os.replace(tmp, path)
    found = sort_problems(found)
    if found:
        print(format_problems(found, "text"), file=out)
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
