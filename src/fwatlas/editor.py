"""Editor support: the JSON Schema files and the comment that points editors at them.

The schemas are generated from the models (`fwatlas schema` writes them) and
committed under data/schema/, so an editor with the YAML language server
validates and completes a data file as it is typed.
"""
from __future__ import annotations

SCHEMA_DIR = "data/schema"
# kind -> the schema path as seen from a file of that kind
SCHEMA_REF = {
    "dimensions": "schema/dimensions.schema.json",
    "weak-sources": "schema/weak-sources.schema.json",
    "framework": "../schema/framework.schema.json",
    "tool": "../schema/tool.schema.json",
    "claim": "../schema/claim.schema.json",
    "index": "../schema/index.schema.json",
    "builds": "../schema/builds.schema.json",
    "apis": "../schema/apis.schema.json",
}


def editor_comment(kind: str) -> str:
    return f"# yaml-language-server: $schema={SCHEMA_REF[kind]}"
