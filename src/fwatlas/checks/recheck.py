"""A fact checked before its framework's newest release, in a row that can change with a release."""
from __future__ import annotations

from .base import at, rule


@rule("source.recheck-due")
def recheck_due(kb):
    """Notice: a fact whose row can change with a release was checked after the newest release.

    The rows are those marked `release_dependent` in data/dimensions.yaml (hardware, installation,
    deployment, distributed, execution); the newest release is the framework's last upload to the
    package index (data/index/) or its newest entry in `releases:`, whichever is later. A notice,
    not a warning: each new release makes all of a framework's such facts due at once, and most
    values still hold. `fwatlas stale --due` lists them per framework, hardware and installation first.

    Bad: `hardware.nvidia_cuda` with `as_of: 2026-08-01` when torch 2.15.0 was uploaded on 2026-10-28.
    """
    for fw in kb.sorted_frameworks():
        for dim_id, fact in fw.facts.items():
            newest = kb.recheck_due(fw, dim_id)
            if newest is None:
                continue
            where = (f"{newest.package} {newest.version} was uploaded to the index on {newest.date}"
                     if newest.source == "index" else f"{newest.version} is dated {newest.date} in `releases:`")
            yield at(kb, "framework", fw.id, ("facts", dim_id, "as_of"), "source.recheck-due",
                     f"{fw.name} {dim_id} was checked on {fact.as_of}, before its newest release: {where}",
                     f"open the sources again for {newest.version}; update the value if it changed, and `as_of`",
                     "notice")
