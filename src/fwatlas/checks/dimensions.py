"""Rules for data/dimensions.yaml."""
from __future__ import annotations

from .base import at, rule


@rule("dimension.duplicate")
def duplicate_ids(kb):
    """Topic and dimension ids are unique.

    Bad: two dimensions both called `execution.default_mode`.
    """
    seen: set[str] = set()
    for ti, topic in enumerate(kb.topics):
        if topic.id in seen:
            yield at(kb, "dimensions", "dimensions", ("topics", ti, "id"), "dimension.duplicate",
                     f"topic {topic.id!r} is defined twice", "merge the two topics")
        seen.add(topic.id)
        for di, dim in enumerate(topic.dimensions):
            if dim.id in seen:
                yield at(kb, "dimensions", "dimensions", ("topics", ti, "dimensions", di, "id"),
                         "dimension.duplicate", f"dimension {dim.id!r} is defined twice", "rename or remove one")
            seen.add(dim.id)


@rule("dimension.topic-prefix")
def topic_prefix(kb):
    """A dimension id starts with its topic id: `execution.default_mode` lives under topic `execution`.

    Bad: `api.languages` listed under topic `history`.
    """
    for ti, topic in enumerate(kb.topics):
        for di, dim in enumerate(topic.dimensions):
            if dim.id.split(".")[0] != topic.id:
                yield at(kb, "dimensions", "dimensions", ("topics", ti, "dimensions", di, "id"),
                         "dimension.topic-prefix", f"{dim.id!r} is listed under topic {topic.id!r}",
                         f"rename it to {topic.id}.{dim.id.split('.')[-1]} or move it")


@rule("dimension.values")
def enum_values(kb):
    """Enum dimensions list their vocabulary under `values`; other types have none.

    Bad: `type: enum` with no `values:`; `type: text` with `values:`.
    """
    for ti, topic in enumerate(kb.topics):
        for di, dim in enumerate(topic.dimensions):
            path = ("topics", ti, "dimensions", di)
            if dim.type == "enum" and not dim.values:
                yield at(kb, "dimensions", "dimensions", path + ("type",), "dimension.values",
                         f"enum dimension {dim.id!r} has no values", "add `values:` with a meaning for each")
            elif dim.type != "enum" and dim.values is not None:
                yield at(kb, "dimensions", "dimensions", path + ("values",), "dimension.values",
                         f"{dim.type} dimension {dim.id!r} cannot list values",
                         "remove `values:` or make it `type: enum`", key=True)
