"""Strict data models for the YAML files (pydantic v2).

Raw data only: values derived from it (latest release, staleness...) are
computed in `kb.py`. Unknown keys are errors (`extra="forbid"`), and strict
mode keeps YAML's numbers and booleans from slipping into string fields.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from . import versions
from pydantic import (AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field,
                      PlainValidator, StringConstraints, ValidationError, WithJsonSchema)

ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
DIMENSION_PATTERN = r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$"

SUPPORT_LEVELS = ("official", "plugin", "community", "experimental", "deprecated", "none")
# The three ways to give no value, kept apart (meanings in data/dimensions.yaml `no_answer`):
UNKNOWN = "unknown"                 # could not be verified
NOT_APPLICABLE = "not-applicable"   # the question cannot arise
VIA_BACKEND = "via-backend"         # whatever the frameworks named in `via` do
NO_ANSWER = (UNKNOWN, NOT_APPLICABLE, VIA_BACKEND)


def answer_kind(value: Any) -> str:
    """"value" for a real answer, else which of the three no-answer values it is."""
    return value if isinstance(value, str) and value in NO_ANSWER else "value"


def item_text(item: Any) -> str:
    """One list item as plain text: a name, or a mechanism as "name (status)"."""
    return f"{item['name']} ({item['status']})" if isinstance(item, dict) else str(item)


# A value a table shows (text, list item, mechanism name) stays this short; the rest goes in `note`.
MAX_SHOWN_CHARS = 80
# "3.10-3.14" (inclusive), or "3.11+" when nothing bounds it above (a pure-Python wheel)
VERSION_RANGE_PATTERN = r"^[0-9]+(\.[0-9]+)*(-[0-9]+(\.[0-9]+)*|\+)$"


def _iso_date(value: Any) -> Any:
    # YAML gives a date for an unquoted 2023-03-15; a quoted one arrives as text.
    if isinstance(value, dt.datetime):
        raise ValueError("expected a date without a time, like 2023-03-15")
    if isinstance(value, str):
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise ValueError("expected an ISO date like 2023-03-15")
        try:
            return dt.date.fromisoformat(value)
        except ValueError as exc:
            raise ValueError(f"not a real date: {exc}") from None
    return value


_SPACE = re.compile(r"\s")


def _http_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or _SPACE.search(value):
        raise ValueError("expected an http(s) URL like https://example.org/page")
    return value


def _fact_value(value: Any) -> Any:
    if isinstance(value, (str, bool, int)) or (isinstance(value, dt.date) and not isinstance(value, dt.datetime)):
        return value
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return value
    if isinstance(value, list) and all(isinstance(v, dict) for v in value):
        # a `mechanisms` value: [{name, status}, ...], kept as plain mappings once checked
        checked = []
        for i, item in enumerate(value, 1):
            try:
                checked.append(Mechanism.model_validate(item).model_dump())
            except ValidationError as exc:
                err = exc.errors(include_url=False)[0]
                where = ".".join(str(p) for p in err["loc"]) or "entry"
                raise ValueError(f"mechanism {i}, {where}: {err['msg']} "
                                 f"(each entry is {{name: ..., status: <support level>}})") from None
        return checked
    raise ValueError("a value is text, a number, true/false, an ISO date, a list of texts "
                     "or a list of {name, status} mechanisms")


# One {name, status} entry of a `mechanisms` value, as JSON Schema (for editors and the API).
MECHANISM_SCHEMA = {"type": "object", "additionalProperties": False, "required": ["name", "status"],
                    "properties": {"name": {"type": "string", "minLength": 1},
                                   "status": {"enum": list(SUPPORT_LEVELS)}}}

Text = Annotated[str, StringConstraints(strip_whitespace=False, min_length=1)]
Id = Annotated[str, StringConstraints(pattern=ID_PATTERN)]
DimensionId = Annotated[str, StringConstraints(pattern=DIMENSION_PATTERN)]
def _pep440(value: str) -> str:
    versions.parse(value)
    return value


Version = Annotated[str, AfterValidator(_pep440),
                    WithJsonSchema({"type": "string", "pattern": versions.SCHEMA_PATTERN})]
IsoDate = Annotated[dt.date, BeforeValidator(_iso_date),
                    WithJsonSchema({"type": "string", "format": "date"})]
HttpUrl = Annotated[str, AfterValidator(_http_url),
                    WithJsonSchema({"type": "string", "format": "uri", "pattern": "^https?://"})]
FactValue = Annotated[Any, PlainValidator(_fact_value), WithJsonSchema({
    "anyOf": [{"type": "string"}, {"type": "boolean"}, {"type": "integer"}, {"type": "string", "format": "date"},
              {"type": "array", "items": {"type": "string"}},
              {"type": "array", "items": MECHANISM_SCHEMA}]})]


class Strict(BaseModel):
    # defer_build: a model's validator is built when it first validates, not at import, so a
    # check after a one-file edit builds only that file's model (the rest come from the cache)
    model_config = ConfigDict(extra="forbid", strict=True, defer_build=True)


class Mechanism(Strict):
    """One named mechanism (a graph-capture API, a compiler) and its support level."""

    name: Text
    status: Literal[SUPPORT_LEVELS]  # type: ignore[valid-type]


class Source(Strict):
    url: HttpUrl
    title: Text
    archived: HttpUrl | None = None


class PreviousValue(Strict):
    """An earlier value. `until` is the last release that still had it."""

    value: FactValue
    since: Version | None = None
    until: Version | None = None
    routes: list[Id] = []
    apis: list[Text] = []
    sources: list[Source] = []
    note: Text | None = None


class Fact(Strict):
    """One framework's answer for one dimension.

    `since` is the release that shipped the value, `until` the last release that
    still had it (set only when it has ended). `routes` names tool entries for
    support maintained outside the core project; `apis` the API names behind a
    support level; `via` the frameworks whose values a `via-backend` fact takes.
    """

    value: FactValue
    since: Version | None = None
    until: Version | None = None
    routes: list[Id] = []
    apis: list[Text] = []
    via: list[Id] = []
    # for an exchange-format row: which way each listed tool moves a model (tool id -> import, export or both),
    # so "exports ONNX" is never read from a tool the framework can only import
    directions: dict[Id, Literal["import", "export", "both"]] = {}
    # for a count: the day the number refers to (as published), when that is not the as_of day
    measured: IsoDate | None = None
    # a short qualifier shown next to the value wherever it appears (the evidence is weaker than the value suggests)
    caveat: Text | None = None
    as_of: IsoDate
    sources: list[Source] = []
    note: Text | None = None
    previously: list[PreviousValue] = []


class Release(Strict):
    version: Version
    date: IsoDate
    highlights: Text | None = None
    # what this release dropped that changes a reader's choice (a CUDA major, a GPU generation, a platform)
    drops: list[Text] = []
    sources: list[Source] = Field(min_length=1)


LineageRelation = Literal["influenced-by", "succeeds", "merged-into", "forked-from", "integrated-into"]


class Lineage(Strict):
    """How this framework descends from or feeds into another (a framework id)."""

    relation: LineageRelation
    target: Id
    date: IsoDate | None = None
    note: Text | None = None
    sources: list[Source] = Field(min_length=1)


class Framework(Strict):
    id: Id
    name: Text
    summary: Text
    homepage: HttpUrl | None = None
    # its distributions on the package index (normalized or as published); `fwatlas sync` reads them
    packages: list[Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?$")]] = []
    packages_note: Text | None = None  # why `packages` is empty, or what it leaves out
    facts: dict[DimensionId, Fact] = {}
    releases: list[Release] = []
    lineage: list[Lineage] = []


ToolCategory = Literal["server", "mobile-edge", "browser", "exchange-format", "pipeline",
                       "compiler", "library", "hub", "hardware"]
ToolStatus = Literal["active", "maintenance", "paused", "deprecated", "archived"]
# A route in one of these states cannot carry current support on its own.
ENDED_TOOL_STATUSES = ("paused", "deprecated", "archived")


# A distribution's name on the package index (normalized or as published)
PackageName = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?$")]


class LastRelease(Strict):
    version: Version
    date: IsoDate


class Tool(Strict):
    id: Id
    name: Text
    formerly: list[Text] = []
    category: ToolCategory
    # "TODO" is the placeholder `fwatlas new tool` leaves (rule content.todo)
    frameworks: list[Id | Literal["TODO"]] = Field(min_length=1)
    summary: Text
    homepage: HttpUrl | None = None
    status: ToolStatus
    status_since: IsoDate | None = None
    replaced_by: Id | None = None
    first_release: IsoDate | None = None
    last_release: LastRelease | None = None
    # its distributions on the package index, current name first (ai-edge-litert, then the older
    # tflite-runtime); `fwatlas sync` records their releases in data/index/tool-<id>.yaml
    packages: list[PackageName] = []
    packages_note: Text | None = None  # what `packages` leaves out (builds on a vendor's own index, npm packages)
    # the day a person checked that a tool quiet on the index is still active (the note says on what
    # evidence): rule history.no-recent-release then reports a notice, not a warning, for 180 days
    activity_checked: IsoDate | None = None
    # for a tool in maintenance, deprecated or archived: where its maintainers sent users, in their
    # own words (a short quote), with the page that says it
    sent_users_to: Text | None = None
    sent_users_sources: list[Source] = []
    as_of: IsoDate
    sources: list[Source] = Field(min_length=1)
    note: Text | None = None


Verdict = Literal["accurate", "outdated", "misleading", "wrong", "depends"]


def _release_ref(value: str) -> str:
    versions.parse(value.partition("@")[2])
    return value


class ClaimCheck(Strict):
    """A machine check. One of three forms (see `checks/claims.py`):
    {fact, equals|contains}, {release, date|year}, {tool, status}."""

    fact: Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*:" + DIMENSION_PATTERN[1:])] | None = None
    equals: FactValue | None = None
    contains: Text | None = None
    release: Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*@"), AfterValidator(_release_ref)] | None = None
    date: IsoDate | None = None
    year: int | None = None
    tool: Id | None = None
    status: ToolStatus | None = None


class Claim(Strict):
    id: Id
    claim: Text
    topic: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]
    verdict: Verdict
    explanation: Text
    evidence: list[Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*:" + DIMENSION_PATTERN[1:])]] = []
    # recorded snippet runs that grade the claim: keys of data/snippets/results.yaml (file or file@backend)
    runs: list[Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_/.-]*\.py(@[a-z]+)?$")]] = []
    sources: list[Source] = []
    as_of: IsoDate
    check: ClaimCheck | None = None


DimensionType = Literal["text", "enum", "bool", "date", "version", "version-range", "url", "list",
                        "support", "tools", "mechanisms", "count"]


class Dimension(Strict):
    id: DimensionId
    label: Text
    type: DimensionType
    help: Text
    values: dict[str, Text] | None = None
    # the words readers search with ("Mac", "AMD", "phone"); only the site search sees them
    keywords: list[Text] = []
    # Which operating systems a value of this row speaks for, so the finder never combines it with an
    # OS it does not cover: "any" (it holds wherever the framework runs, like CPU support), a list
    # (the row is about those OSes only, like Apple silicon GPUs and macOS), or absent (the value does
    # not say: combined with an OS, the answer is "not known").
    os_scope: Literal["any"] | list[Text] | None = None
    # Whether a value of this row can change with a release (so a fact checked before the framework's
    # newest release is due for a re-check); absent: as its topic says.
    release_dependent: bool | None = None


class Topic(Strict):
    id: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]
    label: Text
    description: Text
    # Whether the rows of this topic can change with a release (hardware, installation...); a
    # dimension may say otherwise with its own `release_dependent`.
    release_dependent: bool = False
    dimensions: list[Dimension] = Field(min_length=1)


class DimensionsFile(Strict):
    support_levels: dict[str, Text]
    # what each value type looks like, and the three ways to give no value: shown on the rules page
    types: dict[DimensionType, Text] = {}
    no_answer: dict[Literal["unknown", "not-applicable", "via-backend"], Text] = {}
    topics: list[Topic] = Field(min_length=1)


class WeakHost(Strict):
    """A host (and optional path prefix) whose pages are not sources: a mirror,
    content farm, aggregator or machine-written summary. The reason says what to cite instead."""

    host: Annotated[str, StringConstraints(pattern=r"^[a-z0-9.-]+\.[a-z]{2,}$")]
    path: Annotated[str, StringConstraints(pattern=r"^/")] | None = None
    reason: Text


class WeakSourcesFile(Strict):
    hosts: list[WeakHost] = []
    # sites known to vanish (personal blogs, news sites that drop old pages): cite them with `archived:`
    vanishing: list[WeakHost] = []


PythonMinor = Annotated[str, StringConstraints(pattern=r"^[0-9]+\.[0-9]+$")]


class IndexRelease(Strict):
    """One final release as the package index shows it (machine-written by `fwatlas sync`)."""

    version: Version
    uploaded: IsoDate | Literal["unknown"]  # the first file's PEP 700 upload-time (UTC); unknown without it
    python: list[PythonMinor] = []  # CPython minors with wheels (abi3 and pure wheels: up to the newest seen)
    free_threaded: list[PythonMinor] = []  # free-threaded CPython builds (cp314t)
    # linux-x86_64, macos-arm64, ...; "any": a pure-Python wheel (py3-none-any); "any-compiled": a wheel
    # tagged for one CPython with no ABI or platform (cp310-none-any), which is not pure Python: it holds
    # compiled code for a platform its tag does not name (MindSpore's hold Linux aarch64 binaries)
    platforms: list[Annotated[str, StringConstraints(pattern=r"^[a-z0-9_.-]+$")]] = []
    # of the default Linux x86-64 wheel: the CUDA major its Requires-Dist pulls in (or, where the wheel's
    # file list was read, the CUDA runtime it bundles): cuda-12. none: it pulls in no CUDA packages and
    # carries no CUDA runtime, which is not "CPU only": it may load a CUDA the system provides (TensorFlow
    # before 2.14, paddlepaddle-gpu, MindSpore's GPU plugin). unknown: the wheel could not be read
    accelerator: Text | None = None
    accelerator_extras: dict[str, Text] = {}  # what an extra adds: {and-cuda: cuda-12}
    yanked: bool = False
    requires_python: Text | None = None


class IndexPackage(Strict):
    name: Text
    url: HttpUrl  # the index page every value of this package comes from
    # absent: the framework (or tool) itself. variant: a build, accelerator plugin or backend of the
    # framework published under its own name (<first package>-<suffix>: jax-cuda12-plugin, mlx-metal,
    # paddlepaddle-gpu, tensorflow-cpu); comparisons with hand-written facts and the wheel matrices
    # read the other packages
    role: Literal["variant"] | None = None
    releases: list[IndexRelease] = []


class IndexFile(Strict):
    """data/index/<framework-id>.yaml: what sync read from the index for one framework;
    data/index/tool-<tool-id>.yaml: the same for one tool's packages."""

    id: Id
    index: HttpUrl
    packages: list[IndexPackage] = []


# -- Builds: which accelerator builds each release series ships (hand-curated, data/builds/<id>.yaml) --

Accelerator = Literal["cpu", "cuda", "rocm", "xpu", "metal", "cann", "directml", "tpu", "neuron", "gaudi"]
# who builds and publishes it: the framework's own project, a hardware vendor, or a third party
Publisher = Literal["project", "vendor", "community"]
# where it is published
Channel = Literal["default-index", "extra-index", "vendor-index", "vendor-package", "conda", "source-only"]
# an OS and CPU pair, spelled as the index platforms are (data/index): linux-x86_64, macos-arm64 ...
OsArch = Literal["linux-x86_64", "linux-aarch64", "windows-x86_64", "windows-arm64", "macos-arm64", "macos-x86_64"]
SeriesVersion = Version  # a release series ("2.9") or one release ("2.9.1")


class SeriesSpan(Strict):
    """A span of release series: the first that had it, and the last (absent while it lasts)."""

    since: SeriesVersion
    until: SeriesVersion | None = None


class BuildVariant(Strict):
    """One build of a framework: one accelerator at one version, for certain platforms and Pythons,
    from one publisher, across a span of release series. A build whose properties change
    (platforms added, a GPU generation dropped) is split into two entries, so every entry's
    values hold for its whole span."""

    id: Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9.+-]*$")]  # cuda-12.8, rocm-6.4, cpu
    accelerator: Accelerator
    accelerator_version: Annotated[str, StringConstraints(pattern=r"^[0-9]+(\.[0-9]+)*$")] | None = None
    publisher: Publisher
    maintainer: Text | None = None  # the vendor or group behind a vendor or community build ("AMD")
    channel: Channel
    package: Text  # what pip installs: torch, jax[cuda13], tensorflow[and-cuda]
    index_url: HttpUrl | None = None  # for extra-index and vendor-index builds
    install: Text  # the exact command
    platforms: list[OsArch] = Field(min_length=1)
    # CPython minors; absent: the same as the release's default wheels on the package index (data/index)
    python: list[PythonMinor] | None = None
    free_threaded: list[PythonMinor] = []
    series: SeriesSpan
    # the release series where a plain `pip install <package>` gives this build on its platforms
    default_in: SeriesSpan | None = None
    # GPU targets compiled in: CUDA compute capabilities ("7.5", "12.0") or ROCm gfx targets ("gfx1100")
    gpu_archs: list[Annotated[str, StringConstraints(pattern=r"^([0-9]+\.[0-9]+|gfx[0-9a-f]+)$")]] = []
    min_gpu: Text | None = None  # as the project words it: "compute capability 7.5 (Turing)"
    min_driver: Text | None = None  # "570.26 on Linux"
    as_of: IsoDate
    sources: list[Source] = Field(min_length=1)
    note: Text | None = None


class NumpySupport(Strict):
    """From which release series a NumPy major version works (wheel metadata or release notes)."""

    major: int = Field(ge=1)
    series: SeriesSpan
    as_of: IsoDate
    sources: list[Source] = Field(min_length=1)
    note: Text | None = None


class BuildsFile(Strict):
    """data/builds/<framework-id>.yaml: the framework's accelerator builds per release series,
    from the project's own tables. A framework without accelerator builds says why in `none`."""

    id: Id
    variants: list[BuildVariant] = []
    numpy: list[NumpySupport] = []
    # why there are no variants (a pure-Python package, retired before wheels, ...): then variants is empty
    none: Text | None = None
    as_of: IsoDate
    sources: list[Source] = []


# -- APIs: when each named API arrived, changed and left (hand-curated, data/apis/<id>.yaml) --

ApiStatus = Literal["experimental", "beta", "stable", "deprecated", "removed"]
DottedName = Annotated[str, StringConstraints(pattern=r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$")]


class ApiStatusChange(Strict):
    """One step in an API's life: its status from a release on (oldest first)."""

    status: ApiStatus
    since: Version
    # for deprecated: the warning class the code raises at run time, if any ("DeprecationWarning")
    warning: Annotated[str, StringConstraints(pattern=r"^[A-Za-z_][A-Za-z0-9_.]*$")] | None = None


class DatedApi(Strict):
    """A named API with the release that shipped it (`since`: read from the tag or the wheel, not
    from the docs that first mentioned it), the last release that had it (`until`), its statuses,
    and, once deprecated or removed, what replaces it and the project's migration guide."""

    name: DottedName  # importable dotted name: module.attribute (torch.distributed.fsdp.fully_shard)
    dimension: DimensionId  # the comparison row it belongs to (distributed.model_sharding)
    since: Version
    until: Version | None = None
    statuses: list[ApiStatusChange] = []
    replaced_by: list[DottedName] = []
    migration: HttpUrl | None = None  # the project's own migration guide
    # where the check must run it (a Keras backend), when the API needs one
    backend: Literal["tensorflow", "jax", "torch"] | None = None
    note: Text | None = None
    as_of: IsoDate
    sources: list[Source] = Field(min_length=1)


class DefaultChange(Strict):
    """A changed default is an event of its own: a loader's safer default, an exporter's new path."""

    api: DottedName
    change: Text  # "weights_only defaults to True"
    since: Version
    note: Text | None = None
    as_of: IsoDate
    sources: list[Source] = Field(min_length=1)


class ApisFile(Strict):
    """data/apis/<framework-id>.yaml: the framework's dated APIs and changed defaults; for a retired
    or maintenance-only framework, where its maintainers sent users (their words, cited)."""

    id: Id
    apis: list[DatedApi] = []
    defaults: list[DefaultChange] = []
    sent_users_to: Text | None = None  # the maintainers' own words, short, in quotes
    sent_users_sources: list[Source] = []
    as_of: IsoDate


# One entry per kind of data file: the folder (or file) and its model.
KINDS: dict[str, type[Strict]] = {
    "dimensions": DimensionsFile,
    "weak-sources": WeakSourcesFile,
    "framework": Framework,
    "tool": Tool,
    "claim": Claim,
    "index": IndexFile,
    "builds": BuildsFile,
    "apis": ApisFile,
}
