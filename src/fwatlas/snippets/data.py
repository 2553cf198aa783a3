"""Reading the snippet data: task files, run units, results and pins.

Cheap on purpose (YAML, hashlib and the data models only): `fwatlas check` and the page
renderer use it.

    data/snippets/requirements.txt   the pins the snippets run against
    data/snippets/<task>.yaml        a task: title, question, one entry per framework
    data/snippets/<task>/<name>.py   the code, runnable as is (only files in the task's own folder)
    data/snippets/results.yaml       the recorded run of every unit (written by run.py --record)
    data/snippets/equivalents.yaml   concept -> API per framework, linked to tasks
    data/snippets/api-results.yaml   the recorded check of every dated API (snippets/apicheck.py --record)

Every file is read with the project's line-keeping YAML reader (`yamlfile.read_yaml`), so
a broken file is a list of problems with file:line, never an exception. The loaders below
are lenient (they keep what they can read, for the page and the runner); the rules in
`checks/snippets.py` validate the same documents against the models here and report
every mistake. A snippet file is only ever opened through `snippet_path`, which refuses
paths outside data/snippets/<task>/, names that do not end in .py and symlinks leading out.
"""

from __future__ import annotations

import functools
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Annotated, Any, Literal

from pydantic import Field, PlainValidator, StringConstraints, WithJsonSchema, model_validator

from .. import versions
from ..model import Id, IsoDate, Strict, Text, Version
from ..problems import Problem
from ..safefile import read_bytes
from ..yamlfile import Document, read_yaml

SNIPPETS_DIR = Path("data") / "snippets"
RESULTS_FILE = "results.yaml"
EQUIVALENTS_FILE = "equivalents.yaml"
REQUIREMENTS_FILE = "requirements.txt"
NOT_TASKS = {"results", "equivalents", "api-results"}  # api-results: snippets/apicheck.py
# A snippet is a screen or two of code; anything larger is a mistake (or a file that is not a snippet).
MAX_SNIPPET_BYTES = 100_000
KERAS_BACKENDS = ("tensorflow", "jax", "torch")
RUN_STATUSES = ("passed", "failed", "expected-error")
# a task's `file:` (relative to data/snippets): <task>/<name>.py, no other characters
FILE_PATTERN = r"^[a-z0-9][a-z0-9-]*/[A-Za-z0-9_][A-Za-z0-9_.-]*\.py$"
# a run unit: a snippet file, or a file on one Keras backend (also claims' `runs:`)
UNIT_PATTERN = r"^[a-z0-9][a-z0-9_/.-]*\.py(@[a-z]+)?$"

# distribution (as pinned) -> the module a snippet imports
DIST_MODULES = {
    "torch": "torch",
    "tensorflow-cpu": "tensorflow",
    "tensorflow": "tensorflow",
    "jax": "jax",
    "jaxlib": "jaxlib",
    "keras": "keras",
    "flax": "flax",
    "optax": "optax",
    "mlx": "mlx",
}

FRAMEWORK_LABELS = {"pytorch": "PyTorch", "keras": "Keras", "jax": "JAX", "tensorflow": "TensorFlow", "mlx": "MLX"}


# --- the models (what `fwatlas check` requires of each file; rule snippet.data) --------------

def _json_value(value: Any) -> Any:
    """What a snippet printed: JSON values only (a YAML date or tag would not survive the page)."""
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    if isinstance(value, list):
        return [_json_value(v) for v in value]
    if isinstance(value, dict) and all(isinstance(k, str) for k in value):
        return {k: _json_value(v) for k, v in value.items()}
    raise ValueError("a run's output holds JSON values only (text, numbers, true/false, null, lists, mappings)")


JsonValue = Annotated[Any, PlainValidator(_json_value), WithJsonSchema({})]
Sha256 = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
DistName = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?$")]
UnitKey = Annotated[str, StringConstraints(pattern=UNIT_PATTERN)]
KerasBackend = Literal[KERAS_BACKENDS]  # type: ignore[valid-type]


class SnippetExpect(Strict):
    error: Text  # evidence runs: text the last line of the expected error contains


class SnippetEntry(Strict):
    """One framework's answer to a task: a file (maybe on several Keras backends) or a `none` note."""

    framework: Text  # a framework id under data/frameworks/ (rule snippet.framework)
    file: Text | None = None  # <task>/<name>.py, relative to data/snippets (rule snippet.path)
    backends: list[KerasBackend] = []
    asserts: list[Text] = []
    none: Text | None = None
    note: Text | None = None
    expect: SnippetExpect | None = None

    @model_validator(mode="after")
    def _file_or_none(self):
        if bool(self.file) == bool(self.none):
            raise ValueError("an entry has either a `file` or a `none` note (why there is no idiomatic way)")
        return self


class SnippetTask(Strict):
    id: Id
    title: Text
    question: Text
    order: int = 99
    evidence: bool = False  # seeds: runs that grade claims, not shown as side-by-side code
    snippets: list[SnippetEntry] = Field(min_length=1)


class SnippetRun(Strict):
    """One recorded run of a unit (machine-written by `python -m fwatlas.snippets.run --record`)."""

    file: Text
    backend: KerasBackend | None = None
    sha256: Sha256
    status: Literal[RUN_STATUSES]  # type: ignore[valid-type]
    date: IsoDate
    duration_s: Annotated[float, Field(ge=0)]
    versions: dict[DistName, Version] = {}
    output: JsonValue = None
    error: Text | None = None


class SnippetResults(Strict):
    runs: dict[UnitKey, SnippetRun] = {}


class EquivalentConcept(Strict):
    concept: Text
    task: Id
    apis: dict[Text, Text] = {}  # framework id -> API


class SnippetEquivalents(Strict):
    concepts: list[EquivalentConcept] = []


# --- what the page and the runner use ------------------------------------------------------

@dataclass
class Entry:
    """One framework's answer to a task: a file (maybe on several Keras backends) or a `none` note."""

    framework: str
    file: str | None = None  # relative to data/snippets, as written in the task
    backends: list[str] = field(default_factory=list)
    asserts: list[str] = field(default_factory=list)
    none: str | None = None
    note: str | None = None
    expect_error: str | None = None  # evidence runs: the error the code is expected to raise
    path: Path | None = None  # the file, resolved; None when `file` is refused (see `refused`)
    refused: str = ""  # why `file` may not be read (outside its task folder, not .py, ...)
    index: int = 0  # its position in the task's `snippets:` list

    def units(self) -> list[str]:
        if not self.file:
            return []
        return [f"{self.file}@{b}" for b in self.backends] if self.backends else [self.file]


@dataclass
class Task:
    id: str
    title: str
    question: str
    order: int
    entries: list[Entry]
    path: Path
    evidence: bool = False  # seeds: runs that grade claims, not shown as side-by-side code

    def units(self) -> list[str]:
        return [u for e in self.entries for u in e.units()]


def snippets_dir(root: Path) -> Path:
    return root / SNIPPETS_DIR


def read_doc(root: Path, path: Path) -> tuple[Document, list[Problem]]:
    """One snippet YAML file, parsed safely with line numbers (problems instead of exceptions).
    Parsed once per version of the file: several rules, the page and the runner read it.
    A file that is a symlink leading out of data/snippets/ is not read."""
    display = path.relative_to(root).as_posix() if path.is_relative_to(root) else path.as_posix()
    try:
        inside = path.resolve().is_relative_to(snippets_dir(root).resolve())
    except (OSError, RuntimeError):
        inside = False
    if not inside:
        return Document(file=display), [Problem(display, 0, 0, "yaml.read", "the file leads outside data/snippets/",
                                                "replace the symlink with the file itself")]
    try:
        stat = path.stat()
    except OSError:
        return read_yaml(path, display)
    return _read_doc(str(path), display, stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=64)
def _read_doc(path: str, display: str, _mtime_ns: int, _size: int) -> tuple[Document, list[Problem]]:
    return read_yaml(Path(path), display)


def task_files(root: Path) -> list[Path]:
    return [p for p in sorted(snippets_dir(root).glob("*.yaml")) if p.stem not in NOT_TASKS]


def snippet_path(root: Path, task: str, file: object) -> tuple[Path | None, str]:
    """The snippet file a task names, resolved (symlinks too), or None and why it is refused.

    A task's files live in its own folder, data/snippets/<task>/, and are Python files:
    nothing else on the machine can be hashed, shown on the page or run.
    """
    where = f"data/snippets/{task}/"
    if not isinstance(file, str) or not file.strip():
        return None, f"`file` must name a .py file in {where}"
    if "\\" in file or "\x00" in file or file != file.strip():
        return None, f"{file!r} is not a plain relative path (use / between folder and file)"
    rel = PurePosixPath(file)
    if rel.is_absolute() or file.startswith("~"):
        return None, f"{file!r} is an absolute path; snippet files live in {where}"
    if any(part in ("..", ".") for part in file.split("/")):
        return None, f"{file!r} steps out of its folder; snippet files live in {where}"
    if rel.suffix != ".py":
        return None, f"{file!r} is not a Python file (.py)"
    if not re.fullmatch(FILE_PATTERN, file):
        return None, f"{file!r} is not <task>/<name>.py (letters, digits, _ . - in the name)"
    base = snippets_dir(root).resolve() / task
    try:
        target = (snippets_dir(root).resolve() / file).resolve()
    except (OSError, RuntimeError) as exc:  # a symlink loop
        return None, f"{file!r} cannot be resolved: {exc}"
    if not target.is_relative_to(base) or target == base:
        how = "leads" if (snippets_dir(root) / file).is_symlink() else "is"
        return None, f"{file!r} {how} outside {where}"
    if target.suffix != ".py":
        return None, f"{file!r} leads to {target.name!r}, which is not a Python file (.py)"
    return target, ""


def read_snippet(path: Path | None) -> str | None:
    """The code of a snippet file, or None when it is missing, not a regular file or too large."""
    if path is None or not path.is_file() or path.stat().st_size > MAX_SNIPPET_BYTES:
        return None
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def _texts(value: object) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def load_tasks(root: Path) -> list[Task]:
    """Every task file that can be read; entries that cannot be read are left out (rule snippet.data
    reports them). A refused `file` keeps its entry, with `path` None and the reason in `refused`."""
    tasks = []
    for path in task_files(root):
        doc, _ = read_doc(root, path)
        raw = doc.data
        if not isinstance(raw, dict):
            continue
        entries = []
        for index, e in enumerate(raw.get("snippets") if isinstance(raw.get("snippets"), list) else []):
            if not isinstance(e, dict) or not _text(e.get("framework")):
                continue
            file = _text(e.get("file"))
            found, refused = snippet_path(root, path.stem, file) if file else (None, "")
            expect = e.get("expect")
            entries.append(Entry(
                framework=e["framework"], file=file, backends=_texts(e.get("backends")),
                asserts=_texts(e.get("asserts")), none=_text(e.get("none")), note=_text(e.get("note")),
                expect_error=_text(expect.get("error")) if isinstance(expect, dict) else None,
                path=found, refused=refused, index=index))
        order = raw.get("order", 99)
        tasks.append(Task(_text(raw.get("id")) or path.stem, _text(raw.get("title")) or path.stem,
                          _text(raw.get("question")) or "",
                          order if isinstance(order, int) and not isinstance(order, bool) else 99,
                          entries, path, raw.get("evidence") is True))
    return sorted(tasks, key=lambda t: (t.evidence, t.order, t.id))


def split_unit(unit: str) -> tuple[str, str | None]:
    file, _, backend = unit.partition("@")
    return file, backend or None


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def results_doc(root: Path) -> tuple[Document, list[Problem]] | None:
    """results.yaml parsed with its lines, or None when there is none."""
    path = snippets_dir(root) / RESULTS_FILE
    return read_doc(root, path) if path.is_file() else None


def runs_of(data: object) -> dict[str, dict]:
    """The `runs` of a parsed results file: every unit whose entry is a mapping."""
    runs = data.get("runs") if isinstance(data, dict) else None
    if not isinstance(runs, dict):
        return {}
    return {u: r for u, r in runs.items() if isinstance(u, str) and isinstance(r, dict)}


def load_results(root: Path) -> dict[str, dict]:
    """unit -> recorded run ({} when results.yaml is missing or cannot be parsed)."""
    found = results_doc(root)
    return runs_of(found[0].data) if found else {}


def load_run_file(path: Path) -> dict[str, dict]:
    """unit -> run, from any file in the results format (the runner's record of its last run)."""
    doc, _ = read_yaml(path, path.name)
    return runs_of(doc.data)


def load_pins(root: Path) -> dict[str, str]:
    path = snippets_dir(root) / REQUIREMENTS_FILE
    return read_pins(path) if path.is_file() else {}


PIN_PATTERN = r"^[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?(\[[A-Za-z0-9._,-]+\])?==[A-Za-z0-9.+!_-]+$"
MAX_PINS_BYTES = 10_000


def pin_problems(path: Path) -> list[tuple[int, str]]:
    """(line, why) for every line of a requirements file that is not `name==version` or a comment.

    pip reads options from the same file (`-r other.txt`, `--index-url`, `-e path`, a URL):
    none of those may reach the snippet environment, which installs exactly the pins."""
    try:
        raw = read_bytes(path, MAX_PINS_BYTES)
    except OSError as exc:
        return [(0, f"cannot read the file: {exc.strerror}")]
    if len(raw) > MAX_PINS_BYTES:
        return [(0, f"the file has {len(raw)} bytes, more than {MAX_PINS_BYTES}")]
    out = []
    for n, line in enumerate(raw.decode("utf-8", "replace").splitlines(), 1):
        pin = line.split("#", 1)[0].strip()
        if not pin:
            continue
        if not re.fullmatch(PIN_PATTERN, pin):
            out.append((n, f"{_clip(pin)!r} is not a pin (name==version)"))
            continue
        try:
            versions.parse(pin.split("==", 1)[1])
        except ValueError as exc:
            out.append((n, str(exc)))
    return out


def _clip(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def read_pins(path: Path) -> dict[str, str]:
    """{normalized name: version} for every ``name==version`` line of a requirements file."""
    out: dict[str, str] = {}
    for line in read_bytes(path).decode("utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if "==" in line:
            name, version = line.split("==", 1)
            out[normalize(name.split("[", 1)[0])] = version.strip()
    return out


def normalize(name: str) -> str:
    return name.strip().lower().replace("_", "-").replace(".", "-")


def load_equivalents(root: Path) -> list[dict]:
    path = snippets_dir(root) / EQUIVALENTS_FILE
    if not path.is_file():
        return []
    doc, _ = read_doc(root, path)
    concepts = doc.data.get("concepts") if isinstance(doc.data, dict) else None
    return [c for c in concepts if isinstance(c, dict)] if isinstance(concepts, list) else []
