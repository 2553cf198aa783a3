"""Rules for the build files (data/builds/<framework-id>.yaml): they name a real framework and
real release series, and where the package index can tell the same thing (platforms, the
default wheel's accelerator), the two agree. A disagreement is reported with the line of the
hand-written build; nothing is ever rewritten."""
from __future__ import annotations

from ..kb import version_key
from ..index.compare import primary_package
from ..versions import in_span
from .base import at, rule


def _files(kb):
    for fw_id, builds in sorted(kb.builds.items()):
        yield fw_id, builds, kb.frameworks.get(fw_id)


def _known_versions(kb, fw_id: str, fw) -> list[str]:
    versions = [r.version for r in fw.releases] if fw else []
    index = kb.index.get(fw_id)
    versions += [r.version for p in (index.packages if index else []) for r in p.releases]
    return versions


def _names_a_release(series: str, versions: list[str]) -> bool:
    parts = series.split(".")
    return any(v.split(".")[:len(parts)] == parts or v == series for v in versions)


@rule("builds.framework")
def builds_framework(kb):
    """A build file belongs to a known framework, and gives either variants or, in `none`,
    why the framework has no accelerator builds (not both).

    Bad: data/builds/gamma.yaml when there is no data/frameworks/gamma.yaml.
    """
    for fw_id, builds, fw in _files(kb):
        if fw is None and ("framework", fw_id) not in kb.broken:  # a broken framework file is reported itself
            yield at(kb, "builds", fw_id, ("id",), "builds.framework", f"no framework has the id {fw_id!r}",
                     "name the file after a framework in data/frameworks/")
        if bool(builds.variants) == bool(builds.none):
            yield at(kb, "builds", fw_id, ("none",) if builds.none else ("id",), "builds.framework",
                     "a build file gives either variants or `none` (why there are no accelerator builds)",
                     "list the builds under `variants:`, or remove them and say why in `none:`")


@rule("builds.series")
def builds_series(kb):
    """Each build's series span names release series the framework has (its releases or the
    index), ends no earlier than it starts, and its variant ids are unique; `default_in`
    lies inside the span.

    Bad: `series: {since: "3.0"}` when no 3.0 release exists.
    """
    for fw_id, builds, fw in _files(kb):
        versions = _known_versions(kb, fw_id, fw)
        seen = set()
        for i, v in enumerate(builds.variants):
            where = ("variants", i)
            if v.id in seen:
                yield at(kb, "builds", fw_id, where + ("id",), "builds.series", f"variant id {v.id!r} is used twice",
                         "give each variant its own id (cuda-12.8, cuda-12.8-aarch64)")
            seen.add(v.id)
            for name, span in (("series", v.series), ("default_in", v.default_in)):
                if span is None:
                    continue
                for end in ("since", "until"):
                    value = getattr(span, end)
                    if value and versions and not _names_a_release(value, versions):
                        yield at(kb, "builds", fw_id, where + (name, end), "builds.series",
                                 f"{v.id}: {name}.{end} {value} names no release of {fw_id}",
                                 "use a release series the framework has (see its releases and data/index)")
                if span.until and version_key(span.until) < version_key(span.since):
                    yield at(kb, "builds", fw_id, where + (name, "until"), "builds.series",
                             f"{v.id}: {name} ends ({span.until}) before it starts ({span.since})",
                             "`until` is the last series that had it")
            if v.default_in and (version_key(v.default_in.since) < version_key(v.series.since) or (
                    v.series.until and not in_span(v.default_in.until or v.default_in.since, v.series.since,
                                                    v.series.until))):
                yield at(kb, "builds", fw_id, where + ("default_in",), "builds.series",
                         f"{v.id}: default_in lies outside the build's own series span",
                         "a build can be the default only in series that ship it")


def _index_releases(kb, fw_id: str, package_name: str):
    index = kb.index.get(fw_id)
    if index is None:
        return []
    base = package_name.split("[")[0].strip().lower()
    for p in index.packages:
        if p.name.lower() == base:
            return [r for r in p.releases if not r.yanked]
    return []


@rule("builds.index")
def builds_index(kb):
    """Warning: a build on the default package index has wheels on the index for each platform it
    names, in the newest release of its span. A wheel tagged `none-any` (pure Python to pip) that
    the build file lists for OS platforms must say so in its note, so it never reads as pure Python.

    Bad: `platforms: [linux-x86_64, windows-x86_64]` when the index has no Windows wheels in that span.
    """
    for fw_id, builds, fw in _files(kb):
        for i, v in enumerate(builds.variants):
            if v.channel != "default-index":
                continue
            covered = [r for r in _index_releases(kb, fw_id, v.package)
                       if in_span(r.version, v.series.since, v.series.until)]
            if not covered:
                continue
            newest = max(covered, key=lambda r: version_key(r.version))
            missing = [p for p in v.platforms if p not in newest.platforms]
            if not missing:
                continue
            if "any" in newest.platforms or "any-compiled" in newest.platforms:
                # a none-any wheel installs anywhere, compiled or not: the note must say what it holds
                if "none-any" not in (v.note or ""):
                    yield at(kb, "builds", fw_id, ("variants", i, "platforms"), "builds.index",
                             f"{v.id}: the index has no {', '.join(missing)} wheel of {v.package} {newest.version}, "
                             "only one tagged none-any (pure Python to pip)",
                             "say in the note that the none-any wheel carries this platform's binaries, "
                             "or remove the platform", "warning")
                continue
            yield at(kb, "builds", fw_id, ("variants", i, "platforms"), "builds.index",
                     f"{v.id}: {v.package} {newest.version} on the index has no wheels for {', '.join(missing)} "
                     f"(it has {', '.join(newest.platforms)})",
                     "check the project's table against the index; the index is what pip installs", "warning")


@rule("builds.default-accelerator")
def builds_default_accelerator(kb):
    """Warning: the build a plain `pip install` gives on Linux x86-64 (`default_in`) has the
    accelerator the index's metadata shows for those releases: the default wheel's, or the
    extra's when the build installs one (`tensorflow[and-cuda]`). Only a named accelerator is
    compared: `none` (no CUDA packages pulled in) also fits a build that loads the system's CUDA.

    Bad: a cuda 12 build as the default in 2.0 when the index metadata of 2.0.0 says cuda-13.
    """
    for fw_id, builds, fw in _files(kb):
        for i, v in enumerate(builds.variants):
            if v.default_in is None or "linux-x86_64" not in v.platforms:
                continue
            extra = v.package.partition("[")[2].rstrip("]").strip()
            for r in _index_releases(kb, fw_id, v.package):
                if not in_span(r.version, v.default_in.since, v.default_in.until):
                    continue
                seen = r.accelerator_extras.get(extra, "") if extra else (r.accelerator or "")
                kind, _, major = seen.partition("-")
                if kind in ("", "none", "unknown"):
                    continue
                mine_major = (v.accelerator_version or "").split(".")[0]
                if kind != v.accelerator or (major and mine_major and major != mine_major):
                    yield at(kb, "builds", fw_id, ("variants", i, "default_in"), "builds.default-accelerator",
                             f"{v.id}: the index metadata of {v.package} {r.version} says "
                             f"{'its ' + extra + ' extra installs' if extra else 'its default wheel is'} {seen}, "
                             f"not {v.accelerator} {v.accelerator_version or ''}".rstrip(),
                             "check which build a plain pip install gives in that release", "warning")
                    break
