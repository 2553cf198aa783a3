"""Dated APIs in the API: api/v1/apis.json (per framework: how many, how many checked),
api/v1/apis/<id>.json (the file's APIs and changed defaults as in data/apis, each API with its
check in the pinned environment) and api/v1/apis.csv (one row per API). Schema: the data
file's, api/v1/schema/apis.schema.json. api/v1 only gains fields."""
from __future__ import annotations

import csv
import io
import json

from .kb import KnowledgeBase
from .render.apis import api_row


def _dumps(value) -> str:
    return json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def api_files(kb: KnowledgeBase) -> dict[str, str]:
    files, listing = {}, []
    rows = []
    for fw_id in sorted(kb.apis):
        apis = kb.apis[fw_id]
        record = apis.model_dump(mode="json", exclude_none=True)
        checks = {a.name + (f"@{a.backend}" if a.backend else ""): api_row(kb, fw_id, a)["check"] for a in apis.apis}
        for item in record["apis"]:
            item["checked"] = checks.get(item["name"] + (f"@{item['backend']}" if item.get("backend") else ""), "")
        files[f"apis/{fw_id}.json"] = _dumps(record)
        listing.append({"id": fw_id, "apis": len(apis.apis), "checked": sum(bool(c) for c in checks.values()),
                        "defaults": len(apis.defaults)})
        for a in apis.apis:
            row = api_row(kb, fw_id, a)
            rows.append([fw_id, a.name, a.backend or "", a.dimension, a.since, a.until or "", row["status"],
                         row["history"], " ".join(a.replaced_by), a.migration or "", row["check"]])
    files["apis.json"] = _dumps(listing)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["framework", "api", "backend", "dimension", "since", "until", "status", "history",
                     "replaced_by", "migration", "checked"])
    writer.writerows(rows)
    files["apis.csv"] = out.getvalue()
    return files
