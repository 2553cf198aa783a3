"""Reading the snippet data: task files, run units, results and pins.

Cheap on purpose (yaml + hashlib only): `fwatlas check` and the page renderer use it.

    data/snippets/requirements.txt   the pins the snippets run against
    data/snippets/<task>.yaml        a task: title, question, one entry per framework
    data/snippets/<task>/<fw>.py     the code, runnable as is
    data/snippets/results.yaml       the last run of every unit (written by run.py)
    data/snippets/equivalents.yaml   concept -> API per framework, linked to tasks
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import yaml

SNIPPETS_DIR = Path("data") / "snippets"
RESULTS_FILE = "results.yaml"
EQUIVALENTS_FILE = "equivalents.yaml"
REQUIREMENTS_FILE = "requirements.txt"
NOT_TASKS = {"results", "equivalents"}
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C parser when available: check stays fast


def _load(path: Path):
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)  # noqa: S506 - a safe loader

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


@dataclass
class Entry:
    """One framework's answer to a task: a file (maybe on several Keras backends) or a `none` note."""

    framework: str
    file: str | None = None  # relative to data/snippets
    backends: list[str] = field(default_factory=list)
    asserts: list[str] = field(default_factory=list)
    none: str | None = None
    note: str | None = None
    expect_error: str | None = None  # evidence runs: the error the code is expected to raise

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


def load_tasks(root: Path) -> list[Task]:
    base = snippets_dir(root)
    tasks = []
    for path in sorted(base.glob("*.yaml")):
        if path.stem in NOT_TASKS:
            continue
        raw = _load(path) or {}
        entries = [
            Entry(
                framework=e["framework"],
                file=e.get("file"),
                backends=list(e.get("backends") or []),
                asserts=list(e.get("asserts") or []),
                none=e.get("none"),
                note=e.get("note"),
                expect_error=(e.get("expect") or {}).get("error"),
            )
            for e in raw.get("snippets", [])
        ]
        tasks.append(Task(raw.get("id", path.stem), raw.get("title", path.stem), raw.get("question", ""),
                          int(raw.get("order", 99)), entries, path, bool(raw.get("evidence", False))))
    return sorted(tasks, key=lambda t: (t.evidence, t.order, t.id))


def split_unit(unit: str) -> tuple[str, str | None]:
    file, _, backend = unit.partition("@")
    return file, backend or None


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def load_results(root: Path) -> dict[str, dict]:
    path = snippets_dir(root) / RESULTS_FILE
    if not path.is_file():
        return {}
    stat = path.stat()
    # two rules and the page read it: parse once per version of the file
    return dict(_results(str(path), stat.st_mtime_ns, stat.st_size))


@functools.lru_cache(maxsize=4)
def _results(path: str, _mtime_ns: int, _size: int) -> dict[str, dict]:
    raw = _load(Path(path)) or {}
    return dict(raw.get("runs") or {})


def load_pins(root: Path) -> dict[str, str]:
    path = snippets_dir(root) / REQUIREMENTS_FILE
    return read_pins(path) if path.is_file() else {}


def read_pins(path: Path) -> dict[str, str]:
    """{normalized name: version} for every ``name==version`` line of a requirements file."""
    out: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
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
    return list((_load(path) or {}).get("concepts") or [])
