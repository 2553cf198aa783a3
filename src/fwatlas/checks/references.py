"""Rules that every id named in the data points at something that exists."""
from __future__ import annotations

import difflib

from .base import at, rule


def _did_you_mean(name: str, options) -> str:
    close = difflib.get_close_matches(name, list(options), n=1)
    return f"did you mean {close[0]!r}?" if close else "check the spelling"


@rule("ref.dimension")
def fact_dimensions(kb):
    """Every fact names a dimension from data/dimensions.yaml.

    Bad: `facts: {execution.defualt_mode: ...}`.
    """
    if kb.dimensions_file is None:
        return
    dims = kb.dimensions
    for fw in kb.frameworks.values():
        for dim_id in fw.facts:
            if dim_id not in dims:
                yield at(kb, "framework", fw.id, ("facts", dim_id), "ref.dimension",
                         f"unknown dimension {dim_id!r}", _did_you_mean(dim_id, dims), key=True)


def _tool_refs(kb, current_only: bool = False):
    """(framework, path, tool id) for every tool a framework names: in `tools` facts
    and in `routes`, current values (and, unless current_only, earlier ones)."""
    dims = kb.dimensions
    for fw in kb.frameworks.values():
        for dim_id, fact in fw.facts.items():
            is_tools = dims.get(dim_id) is not None and dims[dim_id].type == "tools"
            entries = [(("facts", dim_id), fact)]
            if not current_only:
                entries += [(("facts", dim_id, "previously", i), p) for i, p in enumerate(fact.previously)]
            for path, entry in entries:
                if is_tools and isinstance(entry.value, list):
                    for n, tool_id in enumerate(entry.value):
                        if isinstance(tool_id, str):
                            yield fw, dim_id, path + ("value", n), tool_id
                for n, tool_id in enumerate(entry.routes):
                    yield fw, dim_id, path + ("routes", n), tool_id


@rule("ref.tool")
def tool_ids(kb):
    """Tool ids in `tools` facts, in `routes` and in `replaced_by` exist under data/tools/.

    Bad: `value: [tensorflow-lite]` when only `litert.yaml` exists.
    """
    known = set(kb.tools) | {i for k, i in kb.broken if k == "tool"}
    for fw, _dim_id, path, tool_id in _tool_refs(kb):
        if tool_id not in known:
            yield at(kb, "framework", fw.id, path, "ref.tool", f"unknown tool {tool_id!r}",
                     _did_you_mean(tool_id, known) + " (or add data/tools/" + tool_id + ".yaml)")
    for tool in kb.tools.values():
        if tool.replaced_by and tool.replaced_by not in known:
            yield at(kb, "tool", tool.id, ("replaced_by",), "ref.tool", f"unknown tool {tool.replaced_by!r}",
                     _did_you_mean(tool.replaced_by, known))


@rule("ref.tool-framework")
def tools_list_their_frameworks(kb):
    """A tool named in a framework's current `tools` fact or `routes` lists that
    framework in its `frameworks`.

    The framework pages and the tools page list a tool under the frameworks it
    names, so both sides must agree. Bad: Keras's `deployment.browser` is
    `[tensorflow-js]` while `tensorflow-js.yaml` has `frameworks: [tensorflow]`.
    """
    for fw, dim_id, path, tool_id in _tool_refs(kb, current_only=True):
        tool = kb.tools.get(tool_id)
        if tool is not None and fw.id not in tool.frameworks:
            yield at(kb, "framework", fw.id, path, "ref.tool-framework",
                     f"{dim_id} names tool {tool_id!r}, whose `frameworks` does not list {fw.id!r}",
                     f"add {fw.id} to `frameworks:` in {kb.file_of('tool', tool_id)}, or drop the tool here")


@rule("ref.framework")
def framework_ids(kb):
    """A tool's `frameworks`, a lineage `target` and a fact's `via` are framework ids under data/frameworks/.

    Bad: `frameworks: [torch]` (the id is `pytorch`); `lineage: [{target: chainr, ...}]`; `via: [jaxx]`.
    """
    known = set(kb.frameworks) | {i for k, i in kb.broken if k == "framework"}
    named = [("tool", t.id, ("frameworks", n), fw_id) for t in kb.tools.values()
             for n, fw_id in enumerate(t.frameworks) if fw_id != "TODO"]  # a placeholder: content.todo says so
    named += [("framework", fw.id, ("lineage", n, "target"), link.target)
              for fw in kb.frameworks.values() for n, link in enumerate(fw.lineage)]
    named += [("framework", fw.id, ("facts", dim_id, "via", n), target)
              for fw in kb.frameworks.values() for dim_id, fact in fw.facts.items()
              for n, target in enumerate(fact.via)]
    for kind, entity_id, path, fw_id in named:
        if fw_id not in known:
            yield at(kb, kind, entity_id, path, "ref.framework", f"unknown framework {fw_id!r}",
                     _did_you_mean(fw_id, known))


def _address_problem(kb, address: str) -> tuple[str, str] | None:
    """Why `framework:dimension` does not resolve, as (message, hint), or None."""
    fw_id, _, dim_id = address.partition(":")
    if ("framework", fw_id) in kb.broken or kb.dimensions_file is None:
        return None  # the file that failed to load is reported; its followers are not
    if fw_id not in kb.frameworks:
        return f"unknown framework {fw_id!r}", _did_you_mean(fw_id, kb.frameworks)
    if dim_id not in kb.dimensions:
        return f"unknown dimension {dim_id!r}", _did_you_mean(dim_id, kb.dimensions)
    if dim_id not in kb.frameworks[fw_id].facts:
        return f"{fw_id} has no fact for {dim_id!r}", f"add it to data/frameworks/{fw_id}.yaml"
    return None


@rule("ref.evidence")
def claim_evidence(kb):
    """Claim evidence and fact checks point at facts that exist (`framework:dimension`).

    Bad: `evidence: [tensorflow:execution.mode]`.
    """
    for claim in kb.claims.values():
        addresses = [(("evidence", n), a) for n, a in enumerate(claim.evidence)]
        if claim.check and claim.check.fact:
            addresses.append((("check", "fact"), claim.check.fact))
        for path, address in addresses:
            found = _address_problem(kb, address)
            if found:
                yield at(kb, "claim", claim.id, path, "ref.evidence", found[0], found[1])


@rule("ref.topic")
def claim_topics(kb):
    """A claim's `topic` is a topic id from data/dimensions.yaml.

    Bad: `topic: speed` when there is no topic `speed`.
    """
    if kb.dimensions_file is None:
        return
    topics = {t.id for t in kb.topics}
    for claim in kb.claims.values():
        if claim.topic not in topics:
            yield at(kb, "claim", claim.id, ("topic",), "ref.topic", f"unknown topic {claim.topic!r}",
                     _did_you_mean(claim.topic, topics))
