"""`fwatlas check`: exit codes, output formats, --strict."""
from __future__ import annotations

import json

from support import edit
from fwatlas.cli import main


def test_clean_data_exits_0(tiny, capsys):
    assert main(["check", "--root", str(tiny)]) == 0


def test_problems_exit_1_with_file_line_col(tiny, capsys):
    edit(tiny, "data/frameworks/alpha.yaml", replace=["value: eager", "value: eagre"])
    assert main(["check", "--root", str(tiny)]) == 1
    out = capsys.readouterr().out
    assert out.startswith("data/frameworks/alpha.yaml:26:12: fact.value: ")


def test_usage_error_exits_2(tmp_path, capsys):
    try:
        main(["check", "--format", "xml"])
    except SystemExit as exc:
        assert exc.code == 2
    assert main(["check", "--root", str(tmp_path)]) == 2


def test_github_and_json_formats(tiny, capsys):
    edit(tiny, "data/frameworks/alpha.yaml", replace=["value: eager", "value: eagre"])
    main(["check", "--root", str(tiny), "--format", "github"])
    assert capsys.readouterr().out.startswith("::error file=data/frameworks/alpha.yaml,line=26,col=12,title=fact.value::")
    main(["check", "--root", str(tiny), "--format", "json"])
    [problem] = json.loads(capsys.readouterr().out)
    assert problem["rule"] == "fact.value" and problem["line"] == 26


def test_warnings_fail_only_with_strict(tiny, capsys):
    edit(tiny, "data/claims/alpha-python-only.yaml", replace=["as_of: 2026-11-01", "as_of: 2020-01-01"])
    assert main(["check", "--root", str(tiny)]) == 0
    assert main(["check", "--root", str(tiny), "--strict"]) == 1


def test_a_repeated_check_reads_its_cache_and_an_edit_invalidates_it(tiny, capsys):
    edit(tiny, "data/frameworks/alpha.yaml", replace=["value: eager", "value: eagre"])
    assert main(["check", "--root", str(tiny)]) == 1
    first = capsys.readouterr()
    assert (tiny / ".cache/fwatlas/check.json").is_file()
    assert main(["check", "--root", str(tiny)]) == 1
    assert capsys.readouterr() == first  # same problems, same summary, from the cache
    edit(tiny, "data/frameworks/alpha.yaml", replace=["value: eagre", "value: eager"])
    assert main(["check", "--root", str(tiny)]) == 0
    assert "fact.value" not in capsys.readouterr().out


def test_a_corrupt_cache_is_ignored(tiny, capsys):
    assert main(["check", "--root", str(tiny)]) == 0
    (tiny / ".cache/fwatlas/check.json").write_text("{not json")
    assert main(["check", "--root", str(tiny)]) == 0
