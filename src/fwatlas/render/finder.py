"""The requirements finder: which needs a reader can state, the facts that answer
them, and the ready-made questions. The verdicts are computed in the browser
(docs/assets/finder.js) from the JSON built here, so the state lives in the URL.
"""
from __future__ import annotations

from ..kb import KnowledgeBase
from ..model import NOT_APPLICABLE, UNKNOWN, VIA_BACKEND, answer_kind
from . import urls

FINDER = "finder.md"
# Support levels a need accepts, by the reader's choice of minimum ("level" in the URL).
LEVELS = {
    "official": ["official"],
    "plugin": ["official", "plugin"],
    "any": ["official", "plugin", "community", "experimental"],
}
PLATFORMS = ("Linux", "macOS", "Windows")
PYTHONS = ("3.10", "3.11", "3.12", "3.13", "3.14")

# Ready-made questions: a label and the finder's query string. Each is also linked from home.
# They all count support at the default level, "official or plugin": a weaker level still shows,
# with who maintains it, but never as "yes".
QUESTIONS = [
    ("I have a Mac", "need=hardware.apple_silicon&os=macOS"),
    ("I have an AMD GPU", "need=hardware.amd_rocm"),
    ("I deploy to phones", "need=deployment.mobile_edge,hardware.mobile_npu"),
    ("I need TPUs", "need=hardware.tpu"),
    ("I want something that will still be maintained", "status=active"),
    ("Apple GPU, phones and ONNX export", "need=hardware.apple_silicon,deployment.mobile_edge,onnx"),
]


def needs(kb: KnowledgeBase) -> list[dict]:
    """Every need the finder offers, grouped: support rows, tool rows, ONNX export."""
    dims = kb.dimensions
    groups = []
    hardware = [d for d in dims.values() if d.type == "support" and d.id.startswith("hardware.")]
    groups.append({"label": "Hardware", "needs": [
        {"id": d.id, "label": d.label, "kind": "support", "dimension": d.id, "help": d.help,
         "os_scope": d.os_scope} for d in hardware]})
    deploy = [d for d in dims.values() if d.type == "tools" and d.id.startswith("deployment.")]
    items = [{"id": d.id, "label": d.label, "kind": "tools", "dimension": d.id,
              "help": f"{d.help} At least one tool that is still active."} for d in deploy]
    if "deployment.exchange_formats" in dims:
        items.append({"id": "onnx", "label": "ONNX export", "kind": "onnx", "dimension": "deployment.exchange_formats",
                      "help": "An active ONNX tool among the exchange formats that exports a model to ONNX "
                              "(import alone does not count)."})
    groups.append({"label": "Deployment", "needs": items})
    other = [d for d in dims.values() if d.type == "support" and d.id.split(".")[0] in ("distributed", "debugging")]
    groups.append({"label": "Training and debugging", "needs": [
        {"id": d.id, "label": d.label, "kind": "support", "dimension": d.id, "help": d.help} for d in other]})
    return groups


ANSWER = {UNKNOWN: "unknown", NOT_APPLICABLE: "na", VIA_BACKEND: "via"}


def finder_data(kb: KnowledgeBase, page: str) -> dict:
    """The facts the finder reads, per framework: short value, answer kind, bounds,
    `via` frameworks, tools with their status, and the link to the cited cell."""
    wanted = {n["dimension"] for g in needs(kb) for n in g["needs"]}
    wanted |= {"history.status", "installation.platforms", "installation.python_versions"}
    frameworks = []
    for fw in kb.ranked_frameworks():
        cells = {}
        for dim_id in sorted(wanted):
            fact, topic = fw.facts.get(dim_id), kb.topic_of(dim_id)
            if fact is None or topic is None:
                continue
            value = fact.value
            entry = {"a": ANSWER.get(answer_kind(value), "value"),
                     "href": urls.url_relative(page, urls.topic_page(topic.id), f"{fw.id}--{dim_id}")}
            if entry["a"] == "value":
                if kb.dimensions[dim_id].type == "tools":
                    # `dir`: which way the tool moves a model, where the data records it (exchange formats)
                    entry["tools"] = [{"name": t.name, "status": t.status,
                                       **({"dir": fact.directions[t.id]} if t.id in fact.directions else {})}
                                      for t in (kb.tools.get(i) for i in value) if t is not None]
                else:
                    entry["v"] = value
            if fact.until:
                entry["until"] = fact.until
            if fact.via:
                entry["via"] = fact.via
            if fact.routes:  # who maintains a support level that comes through a separate route
                entry["routes"] = [t.name for t in (kb.tools.get(i) for i in fact.routes) if t is not None]
            cells[dim_id] = entry
        frameworks.append({"id": fw.id, "name": fw.name, "status": kb.status_of(fw),
                           "href": urls.url_relative(page, urls.framework_page(fw.id)), "cells": cells,
                           "builds": current_builds(kb, fw.id, page)})
    flat = [{k: n[k] for k in ("id", "label", "kind", "dimension", "os_scope") if k in n}
            for g in needs(kb) for n in g["needs"]]
    return {"levels": LEVELS, "needs": flat, "frameworks": frameworks, "row_accelerator": ROW_ACCELERATOR}


# Which accelerator build answers a hardware row when the reader also names an OS.
ROW_ACCELERATOR = {"hardware.nvidia_cuda": "cuda", "hardware.amd_rocm": "rocm", "hardware.intel_gpu": "xpu",
                   "hardware.apple_silicon": "metal", "hardware.ascend": "cann", "hardware.tpu": "tpu",
                   "hardware.cpu": "cpu"}
OS_OF_PLATFORM = {"linux": "Linux", "macos": "macOS", "windows": "Windows"}


def current_builds(kb: KnowledgeBase, fw_id: str, page: str) -> list[dict] | None:
    """The builds that ship the framework's newest release on the index: accelerator, the OSes
    and Pythons they cover, and a link to them. None when the framework has no build file, so
    the finder can tell "no build for this OS" (the data covers the pair) from "not recorded";
    also None for a framework without builds (tinygrad compiles its kernels at run time)."""
    from ..versions import in_span
    from .install import INSTALL, _releases
    builds = kb.builds.get(fw_id)
    if builds is None or not builds.variants:  # no file, or no builds at all (a pure-Python package)
        return None
    releases = _releases(kb, fw_id)
    if not releases:
        return None
    newest = releases[0]
    out = []
    for v in builds.variants:
        if not in_span(newest["v"], v.series.since, v.series.until):
            continue
        oses = sorted({OS_OF_PLATFORM[p.split("-")[0]] for p in v.platforms})
        out.append({"acc": v.accelerator, "os": oses, "py": list(v.python) if v.python is not None else newest["py"],
                    "label": v.id, "href": urls.url_relative(page, INSTALL, "all-builds")})
    return out


def question_rows(kb: KnowledgeBase, query: str, page: str) -> list[dict]:
    """The table rows that answer a ready-made question, for readers without JavaScript."""
    from urllib.parse import parse_qs
    params = parse_qs(query)
    by_id = {n["id"]: n for g in needs(kb) for n in g["needs"]}
    dims = [by_id[i]["dimension"] for i in ",".join(params.get("need", [])).split(",") if i in by_id]
    if "os" in params:
        dims.append("installation.platforms")
    if "status" in params:
        dims.append("history.status")
    rows = []
    for dim_id in dict.fromkeys(dims):
        topic, dim = kb.topic_of(dim_id), kb.dimensions.get(dim_id)
        if topic and dim:
            rows.append({"label": dim.label, "href": urls.relative(page, urls.topic_page(topic.id), dim_id)})
    return rows
