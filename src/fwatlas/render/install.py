"""The install question: which release and which build run on a reader's machine.

Two inputs meet here, and nowhere else:
- data/builds/<id>.yaml (hand-curated from the projects' own tables): each build variant,
  its accelerator, publisher, install command, platforms and the span of release series
  that shipped it;
- data/index/<id>.yaml (machine-written by `fwatlas sync`): every release of the
  framework's wheel package with its day, Python versions and platforms.

A variant covers the index releases inside its series span. Its Pythons are its own list
where the project's table gives one, else those of the release's default wheels; a
variant on the default index also needs the release to have wheels for the platform.
The picker (docs/assets/install.js) answers from the JSON built here, so a verdict never
rests on two facts that were recorded separately.
"""
from __future__ import annotations

import posixpath

from ..kb import KnowledgeBase, version_key
from . import urls
from ..index.compare import primary_package
from ..versions import in_span
from .wheels import PLATFORMS

INSTALL = "install.md"

ACCELERATORS = {
    "cpu": "CPU only", "cuda": "NVIDIA GPU (CUDA)", "rocm": "AMD GPU (ROCm)", "xpu": "Intel GPU (XPU)",
    "metal": "Apple GPU (Metal)", "directml": "DirectML (any DirectX 12 GPU)", "cann": "Huawei Ascend (CANN)",
    "tpu": "Google TPU", "neuron": "AWS Trainium/Inferentia (Neuron)", "gaudi": "Intel Gaudi",
}
PUBLISHERS = {"project": "the project", "vendor": "the hardware vendor", "community": "a third party"}
CHANNELS = {
    "default-index": "the package index (plain pip install)", "extra-index": "the project's own index",
    "vendor-index": "the vendor's index or download site", "vendor-package": "a package the vendor publishes",
    "conda": "a conda channel", "source-only": "build from source",
}

# NVIDIA GPU generations and their compute capability, as NVIDIA's tables list them. A build
# runs a GPU whose capability has the same major version and a minor at least that of a
# target compiled in (CUDA's binary compatibility).
GPU_SOURCES = [
    {"url": "https://developer.nvidia.com/cuda-gpus", "title": "NVIDIA: CUDA GPU Compute Capability"},
    {"url": "https://developer.nvidia.com/cuda-legacy-gpus", "title": "NVIDIA: Legacy CUDA GPU Compute Capability"},
]
GPU_GENERATIONS = [
    ("12.0", "Blackwell: GeForce RTX 50 series, RTX PRO Blackwell"),
    ("10.0", "Blackwell data center: B200, GB200"),
    ("9.0", "Hopper: H100, H200, GH200"),
    ("8.9", "Ada: GeForce RTX 40 series, L4, L40"),
    ("8.6", "Ampere: GeForce RTX 30 series, A10, A40"),
    ("7.0", "Volta: V100, TITAN V"),
    ("6.1", "Pascal: GeForce GTX 10 series, P40"),
]


def _releases(kb: KnowledgeBase, fw_id: str) -> list[dict]:
    """The framework's wheel releases from the index, newest first (yanked ones left out)."""
    index = kb.index.get(fw_id)
    package = primary_package(index) if index else None
    if package is None:
        return []
    live = sorted((r for r in package.releases if not r.yanked), key=lambda r: version_key(r.version), reverse=True)
    return [{"v": r.version, "d": str(r.uploaded), "py": list(r.python), "ft": list(r.free_threaded),
             "pl": list(r.platforms)} for r in live]


def _variant(kb: KnowledgeBase, fw_id: str, position: int, v, releases: list[dict]) -> dict:
    covered = [i for i, r in enumerate(releases) if in_span(r["v"], v.series.since, v.series.until)]
    doc = kb.docs.get(("builds", fw_id))
    return {
        "id": v.id, "acc": v.accelerator, "accv": v.accelerator_version or "",
        "label": ACCELERATORS.get(v.accelerator, v.accelerator) + (f" {v.accelerator_version}" if v.accelerator_version else ""),
        "publisher": v.publisher, "maintainer": v.maintainer or "", "channel": v.channel, "package": v.package,
        "index_url": v.index_url or "", "install": v.install, "platforms": list(v.platforms),
        "python": list(v.python) if v.python is not None else None, "ft": list(v.free_threaded),
        "since": v.series.since, "until": v.series.until or "",
        "default_since": v.default_in.since if v.default_in else "",
        "default_until": (v.default_in.until or "") if v.default_in else "",
        "archs": list(v.gpu_archs), "min_gpu": v.min_gpu or "", "min_driver": v.min_driver or "",
        "note": v.note or "", "sources": [{"url": s.url, "title": s.title} for s in v.sources],
        "releases": covered,
        # where it is written, for "view data" links
        "file": doc.file if doc else "", "line": doc.where(("variants", position))[0] if doc else 0,
    }


def install_data(kb: KnowledgeBase, page: str = INSTALL) -> dict:
    """Everything the picker needs: per framework its releases and build variants.

    Computed once per knowledge base and page folder (every framework page asks for it, and
    only its links depend on the page, through the page's folder): callers read it, never
    change it."""
    memo = vars(kb).setdefault("_install_data", {})
    folder = posixpath.dirname(page)
    if folder not in memo:
        memo[folder] = _install_data(kb, page)
    return memo[folder]


def _install_data(kb: KnowledgeBase, page: str) -> dict:
    frameworks = []
    for fw in kb.ranked_frameworks():
        builds = kb.builds.get(fw.id)
        if builds is None:
            continue
        releases = _releases(kb, fw.id)
        frameworks.append({
            "id": fw.id, "name": fw.name, "href": urls.relative(page, urls.framework_page(fw.id), "builds"),
            # a release can be pinned only for the framework's own packages (a plugin numbers its own releases)
            "packages": [p.lower() for p in fw.packages],
            "releases": releases, "none": builds.none or "",
            "sources": [{"url": s.url, "title": s.title} for s in builds.sources],
            "variants": [_variant(kb, fw.id, i, v, releases) for i, v in enumerate(builds.variants)],
            "numpy": [{"major": n.major, "since": n.series.since, "until": n.series.until or "",
                       "sources": [{"url": s.url, "title": s.title} for s in n.sources]} for n in builds.numpy],
        })
    seen_platforms = {p for f in frameworks for v in f["variants"] for p in v["platforms"]}
    sources = _shared_sources(frameworks)
    seen_acc = {v["acc"] for f in frameworks for v in f["variants"]}
    pythons = sorted({p for f in frameworks for r in f["releases"] for p in r["py"]}
                     | {p for f in frameworks for v in f["variants"] for p in (v["python"] or [])},
                     key=lambda m: tuple(int(x) for x in m.split(".")), reverse=True)
    return {
        "frameworks": frameworks, "sources": sources,
        "platforms": [[k, label] for k, label in PLATFORMS.items() if k in seen_platforms],
        "accelerators": [[k, label] for k, label in ACCELERATORS.items() if k in seen_acc],
        "pythons": pythons,
        "gpus": [[cc, label] for cc, label in GPU_GENERATIONS],
        "gpu_sources": GPU_SOURCES,
        "publishers": PUBLISHERS, "channels": CHANNELS,
    }


def _shared_sources(frameworks: list[dict]) -> list[dict]:
    """Sources repeat across builds: keep each once, and let builds name them by position."""
    table: dict[str, int] = {}
    shared = []
    for f in frameworks:
        for v in f["variants"]:
            refs = []
            for src in v["sources"]:
                if src["url"] not in table:
                    table[src["url"]] = len(shared)
                    shared.append(src)
                refs.append(table[src["url"]])
            v["src"] = refs
    return shared


def picker_json(data: dict) -> dict:
    """What the browser needs of `install_data`: no notes, no repeated sources, no releases for
    frameworks without builds (the tables on the page hold the rest)."""
    keep = ("id", "acc", "accv", "publisher", "maintainer", "channel", "package", "index_url", "install",
            "platforms", "python", "archs", "min_gpu", "min_driver", "default_since", "src", "releases")
    # the script builds the framework's link itself: a URL as the install page sees it (urls.url_relative)
    frameworks = [{**{k: urls.resolve(INSTALL, f[k]) if k == "href" else f[k]
                      for k in ("id", "name", "href", "packages", "none")},
                   "sources": [s["url"] for s in f["sources"]],
                   "releases": f["releases"] if f["variants"] else [],
                   # a span covers neighbouring releases (sorted by version): sent as [first, last] positions
                   "variants": [{k: v[k] for k in keep if v[k] not in ("", None, []) and k != "releases"}
                                | {"platforms": v["platforms"], "archs": v["archs"], "python": v["python"],
                                   "span": [v["releases"][0], v["releases"][-1]] if v["releases"] else []}
                                for v in f["variants"]]}
                  for f in data["frameworks"]]
    for f in frameworks:
        # releases repeat the same Python and platform lists: each distinct pair once, as "shapes"
        shapes: list[list] = []
        packed = []
        for r in f["releases"]:
            shape = [r["py"], r["pl"]]
            if shape not in shapes:
                shapes.append(shape)
            packed.append([r["v"], r["d"], shapes.index(shape)])
        f["shapes"], f["releases"] = shapes, packed
    # sources travel as bare URLs (their titles are in the tables and on the framework pages)
    # the GPU generations' names and sources are in the form and the page; the script needs only the numbers
    return {**{k: v for k, v in data.items() if k not in ("frameworks", "sources", "gpus", "gpu_sources")},
            "gpus": [[cc, ""] for cc, _ in data["gpus"]],
            "sources": [s["url"] for s in data["sources"]], "frameworks": frameworks}


def variant_rows(data: dict) -> list[dict]:
    """The same data as plain table rows, for the page without JavaScript and for search."""
    rows = []
    for fw in data["frameworks"]:
        releases = fw["releases"]
        for v in fw["variants"]:
            shown = [releases[i]["v"] for i in v["releases"]]
            rows.append({**v, "framework": fw["name"], "framework_id": fw["id"],
                         "newest": shown[0] if shown else "", "oldest": shown[-1] if shown else "",
                         "span": v["since"] + ("\u2013" + v["until"] if v["until"] else " onwards"),
                         "platform_labels": [PLATFORMS.get(p, p) for p in v["platforms"]],
                         "who": v["maintainer"] or PUBLISHERS[v["publisher"]].capitalize(),
                         "where": CHANNELS[v["channel"]]})
    return rows


def builds_tables(data: dict, current_only: bool = False) -> list[dict]:
    """Per framework: its build rows (newest series first), or why it has none. current_only:
    just the builds of the newest release (the install page without JavaScript; every build is
    on the framework's page)."""
    rows = variant_rows(data)
    tables = []
    for fw in data["frameworks"]:
        mine = sorted((r for r in rows if r["framework_id"] == fw["id"] and (not current_only or 0 in r["releases"])),
                      key=lambda r: (version_key(r["until"] or "99999"), version_key(r["since"])), reverse=True)
        tables.append({"id": fw["id"], "name": fw["name"], "none": fw["none"], "sources": fw["sources"],
                       "rows": mine, "href": fw["href"], "newest": fw["releases"][0]["v"] if fw["releases"] else ""})
    return tables


# Ready-made install questions, each a picker state (also linked from home).
QUESTIONS = [
    ("Newest for an Intel Mac", "os=macos-x86_64&acc=cpu"),
    ("RTX 50-series GPU on Linux", "os=linux-x86_64&acc=cuda&gpu=12.0"),
    ("AMD GPU on Windows", "os=windows-x86_64&acc=rocm"),
    ("Intel Arc on Windows", "os=windows-x86_64&acc=xpu"),
    ("Apple silicon GPU", "os=macos-arm64&acc=metal"),
]


def series_matrix(kb: KnowledgeBase, fw_id: str, newest: int = 8) -> dict | None:
    """The framework page's build axis: the newest release series (from the index) as rows,
    one column per accelerator, each cell naming the builds that ship that series; a build
    that a plain `pip install` gives is marked. None without a build file or index data."""
    builds = kb.builds.get(fw_id)
    releases = _releases(kb, fw_id)
    if builds is None or not builds.variants or not releases:
        return None
    series: dict[str, list[str]] = {}
    for r in releases:
        parts = r["v"].split(".")
        series.setdefault(".".join(parts[:2]), []).append(r["v"])
    rows = []
    accs = [a for a in ACCELERATORS if any(v.accelerator == a for v in builds.variants)]
    for name, versions in list(series.items())[:newest]:
        cells = {}
        for acc in accs:
            found = []
            for v in builds.variants:
                if v.accelerator != acc or not any(in_span(x, v.series.since, v.series.until) for x in versions):
                    continue
                default = bool(v.default_in) and any(in_span(x, v.default_in.since, v.default_in.until) for x in versions)
                # a version where the accelerator has one (CUDA 12.8), else a tick; vendor builds say so
                text = (v.accelerator_version or "\u2713") + (" (vendor)" if v.publisher != "project" else "")
                found.append({"text": text, "default": default, "vendor": v.publisher != "project",
                              "platforms": [PLATFORMS.get(p, p) for p in v.platforms], "id": v.id})
            # one entry per version: builds for other platforms of the same version merge
            merged: dict[str, dict] = {}
            for f in found:
                m = merged.setdefault(f["text"], {**f, "platforms": []})
                m["default"] |= f["default"]
                m["platforms"] += [p for p in f["platforms"] if p not in m["platforms"]]
            cells[acc] = sorted(merged.values(), key=lambda f: [int(x) if x.isdigit() else 0 for x in f["text"].split(".")])
        rows.append({"series": name, "cells": cells})
    return {"columns": [(a, ACCELERATORS[a]) for a in accs], "rows": rows}
