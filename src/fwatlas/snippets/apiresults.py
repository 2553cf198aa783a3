"""What the recorded check of the dated APIs says (data/snippets/api-results.yaml) and what
each API's dates say must hold at a pinned version. The rules (checks/apis.py) and the pages
(render/apis.py) read these; the runner that records the results is apicheck.py, which
imports the whole pipeline, so they must not import it."""
from __future__ import annotations

import functools
import hashlib
import json
from pathlib import Path

import yaml

RESULTS = Path("data") / "snippets" / "api-results.yaml"
# the pinned distribution that carries each framework's APIs
PACKAGES = {"pytorch": "torch", "tensorflow": "tensorflow-cpu", "jax": "jax", "keras": "keras", "mlx": "mlx"}


def entry_hash(api) -> str:
    """What a recorded result depends on: the name, the dates and the statuses."""
    data = {"name": api.name, "since": api.since, "until": api.until, "backend": api.backend,
            "statuses": [s.model_dump() for s in api.statuses]}
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:16]


def expectation(api, pinned: str) -> tuple[str, str | None]:
    """(present|absent, warning or None) that the API's dates say must hold at `pinned`."""
    from ..kb import version_key
    v = version_key(pinned)
    if version_key(api.since) > v or (api.until and version_key(api.until) < v):
        return "absent", None
    status = None
    for s in api.statuses:  # oldest first: the last one that started by `pinned`
        if version_key(s.since) <= v:
            status = s
    warning = status.warning if status is not None and status.status == "deprecated" else None
    return "present", warning


def pinned_package(kb, fw_id: str, pins: dict[str, str]) -> str | None:
    """The pinned distribution that carries a framework's APIs: the known one, else the first of
    the framework's own packages that is pinned."""
    fw = kb.frameworks.get(fw_id)
    for name in [PACKAGES.get(fw_id), fw_id] + list(fw.packages if fw else []):
        if name and name in pins:
            return name
    return None


def load_recorded(root: Path) -> dict:
    path = root / RESULTS
    try:
        st = path.stat()
    except OSError:
        return {}
    return _load_recorded(str(path), st.st_mtime_ns, st.st_size)


@functools.lru_cache(maxsize=4)  # every check reads this ~140 KB file: once per version of it (callers only read)
def _load_recorded(path: str, _mtime_ns: int, _size: int) -> dict:
    try:
        # libyaml's parser where PyYAML has it
        data = yaml.load(Path(path).read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}
    except (OSError, yaml.YAMLError):
        return {}
    results = data.get("results") if isinstance(data, dict) else None
    return results if isinstance(results, dict) else {}
