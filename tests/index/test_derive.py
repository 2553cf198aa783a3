"""What sync derives from recorded, trimmed PEP 691/700 pages (tests/fixtures/index/)."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from fwatlas.index import derive

FIXTURES = Path(__file__).parents[1] / "fixtures" / "index"


def releases(name: str) -> dict[str, derive.ReleaseInfo]:
    files = json.loads((FIXTURES / f"{name}.json").read_text())["files"]
    return {r.version: r for r in derive.releases(files)}


def test_cpython_wheels_free_threaded_and_platforms():
    torch = releases("torch")
    assert list(torch) == ["2.15.0", "2.9.1", "2.9.0"]  # newest first
    new = torch["2.15.0"]
    assert new.python == ["3.11", "3.13", "3.15"]
    assert new.free_threaded == ["3.14"]  # cp314t, listed apart
    assert new.platforms == ["linux-aarch64", "linux-x86_64", "macos-arm64", "windows-x86_64"]
    assert new.uploaded == dt.date(2026, 10, 28) and new.requires_python == ">=3.11"
    assert new.default_wheel["filename"] == "torch-2.15.0-cp313-cp313-manylinux_2_28_x86_64.whl"
    assert not new.yanked


def test_abi3_runs_up_to_the_newest_cpython_of_the_project():
    # cp38-abi3 wheels with requires-python >=3.9; an older release has cp311 wheels: 3.9 to 3.11
    st = releases("safetensors")
    assert list(st) == ["0.7.0", "0.3.0"]  # 0.7.0.dev0 left out
    assert st["0.7.0"].python == ["3.9", "3.10", "3.11"]
    # musllinux counts as Linux; a PyPy wheel adds its platform but no CPython
    assert st["0.7.0"].platforms == ["linux-aarch64", "linux-x86_64", "macos-arm64", "windows-x86_64"]


def test_universal2_is_both_macs_and_sdist_adds_no_platform():
    ms = releases("markupsafe")["2.1.5"]
    assert ms.platforms == ["linux-aarch64", "macos-arm64", "macos-x86_64", "windows-x86"]
    assert ms.python == ["3.7", "3.8", "3.9", "3.10", "3.11", "3.12"]  # sdist: requires-python >=3.7, up to cp312


def test_pure_python_and_missing_upload_time():
    tg = releases("tinygrad")
    assert tg["0.14.0"].platforms == ["any"]
    assert tg["0.14.0"].python == []  # nothing caps a pure wheel: requires-python only
    assert tg["0.14.0"].requires_python == ">=3.11"
    assert derive.python_range([], ">=3.11") == "3.11+"
    assert tg["0.14.0"].uploaded == dt.date(2026, 8, 24)  # the wheel has a time, the sdist none
    assert tg["0.1.0"].uploaded is None  # no PEP 700 time at all: "unknown", no crash


def test_sdist_only_and_yanked():
    ch = releases("chainer")
    assert ch["7.0.0"].yanked and not ch["7.8.1"].yanked  # yanked with a reason string
    assert ch["1.5.0"].yanked and not ch["1.5.0.1"].yanked
    assert ch["7.8.1"].platforms == [] and ch["7.8.1"].python == []
    assert ch["7.8.1"].requires_python == ">=3.5.0"
    theano = releases("theano")
    assert list(theano) == ["1.0.5", "0.4.0"] and theano["1.0.5"].requires_python is None


def test_all_files_yanked_yanks_the_release():
    jl = releases("jaxlib")
    assert jl["0.4.32"].yanked and not jl["0.4.31"].yanked
    assert jl["0.9.2"].python == ["3.13"] and jl["0.9.2"].free_threaded == ["3.14"]


@pytest.mark.parametrize("metadata, python, expected", [
    ("torch-2.15.0-cp313-cp313-manylinux_2_28_x86_64.whl.metadata", "3.13", ("cuda-13", {})),
    ("torch-2.9.1-cp312-cp312-manylinux_2_28_x86_64.whl.metadata", "3.12", ("cuda-12", {})),
    # TensorFlow's CUDA libraries come only with the and-cuda extra
    ("tensorflow-2.21.0-cp312-cp312-manylinux_2_27_x86_64.whl.metadata", "3.12", ("none", {"and-cuda": "cuda-12"})),
])
def test_accelerator_from_core_metadata(metadata, python, expected):
    assert derive.accelerators((FIXTURES / "files" / metadata).read_text(), python) == expected


@pytest.mark.parametrize("platform, names", [
    ("manylinux_2_17_x86_64", ["linux-x86_64"]), ("musllinux_1_2_aarch64", ["linux-aarch64"]),
    ("linux_x86_64", ["linux-x86_64"]), ("macosx_10_9_universal2", ["macos-arm64", "macos-x86_64"]),
    ("macosx_10_6_intel", ["macos-x86_64"]), ("macosx_11_0_arm64", ["macos-arm64"]),
    ("win_amd64", ["windows-x86_64"]), ("win_arm64", ["windows-arm64"]), ("any", ["any"]),
])
def test_platform_names(platform, names):
    assert derive.platform_names(platform) == names


def test_a_none_any_wheel_for_one_cpython_is_compiled_not_pure():
    """MindSpore's cp310-none-any wheels hold Linux aarch64 binaries: not "any" (pure Python)."""
    files = [{"filename": f"mindspore-2.10.0-{tag}.whl", "url": "x"} for tag in
             ("cp310-none-any", "cp311-none-any", "cp310-cp310-manylinux1_x86_64")]
    files.append({"filename": "tinylib-1.0.0-py3-none-any.whl", "url": "x"})
    [ms] = derive.releases(files[:3])
    assert ms.platforms == ["any-compiled", "linux-x86_64"] and ms.python == ["3.10", "3.11"]
    assert ms.default_wheel["filename"].endswith("manylinux1_x86_64.whl")  # the tagged one, not the none-any
    [pure] = derive.releases(files[3:])
    assert pure.platforms == ["any"]
    from fwatlas.model import IndexRelease
    IndexRelease.model_validate({"version": "2.10.0", "uploaded": "unknown", "platforms": ms.platforms})


def test_a_py3_none_linux_wheel_is_the_default_when_there_is_no_cpython_one():
    """mxnet 1.x and mlx-cuda-12 publish py3-none-manylinux wheels: compiled code that does not link to
    Python. Their metadata still shows the accelerator, so such a wheel is the default one."""
    files = [{"filename": f"mlx_cuda_12-0.32.4-{tag}.whl", "url": "x"} for tag in
             ("py3-none-manylinux_2_35_x86_64", "py3-none-manylinux_2_35_aarch64")]
    [only] = derive.releases(files)
    assert only.default_wheel["filename"].endswith("py3-none-manylinux_2_35_x86_64.whl")
    files.append({"filename": "mlx_cuda_12-0.32.4-cp312-cp312-manylinux_2_35_x86_64.whl", "url": "x"})
    [both] = derive.releases(files)
    assert both.default_wheel["filename"].endswith("cp312-cp312-manylinux_2_35_x86_64.whl")
    [pure] = derive.releases([{"filename": "x-1.0-py3-none-any.whl", "url": "x"}])
    assert pure.default_wheel is None
