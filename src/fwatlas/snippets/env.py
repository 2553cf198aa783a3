"""The heavy snippet environment: torch, TensorFlow, JAX and Keras in one virtualenv.

The venv lives at ``${XDG_CACHE_HOME:-~/.cache}/fwatlas/snippet-env-<hash>`` where
<hash> is the sha256 of ``data/snippets/requirements.txt`` (the pins) plus the Python
version, so a pin change builds a new env and an unchanged one is reused.

    python -m fwatlas.snippets.env          # create or reuse; print its python
    python -m fwatlas.snippets.env --path   # print the path only, create nothing
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from .data import normalize, pin_problems, read_pins

ROOT = Path(__file__).resolve().parents[3]
REQUIREMENTS = ROOT / "data" / "snippets" / "requirements.txt"
MARKER = ".fwatlas-complete"


def pins(requirements: Path = REQUIREMENTS) -> dict[str, str]:
    """{normalized name: version} for every ``name==version`` line."""
    return read_pins(requirements)


def env_key(requirements: Path = REQUIREMENTS) -> str:
    h = hashlib.sha256(requirements.read_bytes())
    h.update(f"py{sys.version_info.major}.{sys.version_info.minor}".encode())
    return h.hexdigest()[:16]


def env_dir(requirements: Path = REQUIREMENTS) -> Path:
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return cache / "fwatlas" / f"snippet-env-{env_key(requirements)}"


def env_python(requirements: Path = REQUIREMENTS) -> Path:
    return env_dir(requirements) / "bin" / "python"


def is_ready(requirements: Path = REQUIREMENTS) -> bool:
    return (env_dir(requirements) / MARKER).is_file()


def ensure(requirements: Path = REQUIREMENTS, *, log=print) -> Path:
    """Create the env if it is missing or incomplete; return its python."""
    bad = pin_problems(requirements)
    if bad:  # pip would read options, other files or URLs from it: install exactly the pins or nothing
        raise SystemExit("snippet env: " + "; ".join(f"{requirements.name}:{n}: {why}" for n, why in bad))
    target = env_dir(requirements)
    if is_ready(requirements):
        log(f"snippet env: reusing {target}")
        return env_python(requirements)
    if target.exists():
        log(f"snippet env: removing incomplete {target}")
        shutil.rmtree(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    log(f"snippet env: creating {target} (several minutes, ~7 GB)")
    subprocess.run([sys.executable, "-m", "venv", str(target)], check=True)
    py = target / "bin" / "python"
    env = dict(os.environ)
    # The pins in requirements.txt are the constraint; a machine-wide pip
    # constraint file must not silently swap in another version.
    env["PIP_CONSTRAINT"] = os.devnull
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    cmd = [str(py), "-m", "pip", "install", "--progress-bar", "off", "-r", str(requirements)]
    log("snippet env: " + " ".join(cmd[2:]))
    subprocess.run(cmd, check=True, env=env)
    installed = installed_versions(py)
    wrong = {n: (v, installed.get(n)) for n, v in pins(requirements).items() if installed.get(n) != v}
    if wrong:
        raise SystemExit(f"snippet env: installed versions differ from the pins: {wrong}")
    (target / MARKER).write_text(f"{time.monotonic() - started:.0f}s\n", encoding="utf-8")
    log(f"snippet env: ready in {time.monotonic() - started:.0f}s")
    return py


def installed_versions(python: Path) -> dict[str, str]:
    """{normalized name: version} of every distribution in the env (no imports of the frameworks)."""
    code = (
        "import importlib.metadata as m, json;"
        "print(json.dumps({d.metadata['Name']: d.version for d in m.distributions()}))"
    )
    import json

    out = subprocess.run([str(python), "-c", code], check=True, capture_output=True, text=True).stdout
    return {normalize(k): v for k, v in json.loads(out).items()}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m fwatlas.snippets.env", description=__doc__.splitlines()[0])
    ap.add_argument("--path", action="store_true", help="print the env path and exit (create nothing)")
    ap.add_argument("--requirements", type=Path, default=REQUIREMENTS)
    args = ap.parse_args(argv)
    if args.path:
        print(env_dir(args.requirements))
        return 0
    print(ensure(args.requirements, log=lambda m: print(m, file=sys.stderr, flush=True)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
