"""`fwatlas links` end to end on the tiny data set served locally: cache, allowlist,
--only-new, --site, output formats and exit codes."""
from __future__ import annotations

import datetime as dt
import json
import subprocess
from pathlib import Path

import pytest

from fwatlas.cli import main


def run(project: Path, *args: str) -> int:
    return main(["links", "--root", str(project), "--timeout", "2", *args])


def cite(project: Path, url: str, after: str = "        title: GPU guide") -> int:
    """Add a source citing url to alpha's execution.gpu fact; returns its line."""
    path = project / "data" / "frameworks" / "alpha.yaml"
    text = path.read_text(encoding="utf-8")
    assert after in text
    path.write_text(text.replace(after, f"{after}\n      - url: {url}\n        title: Added", 1), encoding="utf-8")
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if line.endswith(f"url: {url}"))


def allowlist(project: Path, *entries: tuple[str, str]) -> None:
    body = "".join(f"  - url: {url}\n    reason: {reason}\n" for url, reason in entries)
    (project / "data" / "link-allowlist.yaml").write_text("entries:\n" + body if entries else "entries: []\n",
                                                           encoding="utf-8")


def cache_entries(project: Path) -> dict:
    return json.loads((project / ".cache" / "links.json").read_text(encoding="utf-8"))["entries"]


def served(server, project: Path) -> int:
    """Requests the server saw for this project's own URLs."""
    prefix = f"/{project.parent.name}/"
    with server.state.lock:
        return sum(n for (_, p), n in server.state.hits.items() if p.startswith(prefix))


def test_all_ok_exits_0_and_fills_the_cache(project, server, capsys):
    allowlist(project)
    assert run(project) == 0
    err = capsys.readouterr().err
    assert "16 URL(s)" in err and "0 error(s), 0 warning(s)" in err
    entries = cache_entries(project)
    assert len(entries) == 16 and {e["status"] for e in entries.values()} == {"ok"}
    assert all(dt.datetime.fromisoformat(e["checked"]) for e in entries.values())


def test_broken_link_is_reported_at_its_data_line(project, server, capsys):
    url = server.url("/status/404")
    line = cite(project, url)
    assert run(project) == 1
    out = capsys.readouterr().out
    assert out.startswith(f"data/frameworks/alpha.yaml:{line}:14: link.broken: broken link {url}: 404 Not Found")


def test_github_and_json_formats(project, server, capsys):
    url = server.url("/status/410")
    line = cite(project, url)
    cite(project, server.url("/always-429"), after="        title: JIT guide")
    assert run(project, "--format", "github", "--retries", "0") == 1
    out = capsys.readouterr().out.splitlines()
    assert f"::error file=data/frameworks/alpha.yaml,line={line},col=14,title=link.broken::broken link {url}" \
           f": 410 Gone" in out[0]
    assert any(o.startswith("::warning ") and "title=link.unverified::" in o for o in out)
    assert run(project, "--format", "json") == 1  # from the cache now
    problems = json.loads(capsys.readouterr().out)
    assert {(p["rule"], p["severity"]) for p in problems} == {("link.broken", "error"),
                                                              ("link.unverified", "warning")}


def test_only_warnings_exit_0(project, server, capsys):
    cite(project, server.url("/challenge"))
    assert run(project) == 0
    assert "link.unverified: warning: could not verify" in capsys.readouterr().out


def test_redirects_are_notes_not_problems(project, server, capsys):
    cite(project, server.url("/chain/2"))
    assert run(project) == 0
    err = capsys.readouterr().err
    assert f"redirects to {server.url('/landing')}" in err


# -- cache -----------------------------------------------------------------------

def test_fresh_cache_entries_are_not_fetched_again_until_max_age_0(project, server, capsys):
    assert run(project) == 0
    first = served(server, project)
    assert first >= 16
    assert run(project) == 0  # default --max-age 7: everything is fresh
    assert served(server, project) == first
    assert "16 from the cache" in capsys.readouterr().err
    assert run(project, "--max-age", "0") == 0  # the weekly run: check everything again
    assert served(server, project) >= 2 * first


def test_cached_result_is_reported_with_its_age(project, server, capsys):
    url = server.url("/status/200")  # fine today, but the cache (3 days old) says broken
    line = cite(project, url)
    checked = (dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=3, hours=1)).isoformat()
    (project / ".cache").mkdir()
    (project / ".cache" / "links.json").write_text(json.dumps({"version": 1, "entries": {
        url: {"status": "broken", "code": 404, "final_url": None, "detail": "404 Not Found", "checked": checked}}}))
    before = server.state.requests("/status/200")
    assert run(project) == 1
    out = capsys.readouterr().out
    assert f"alpha.yaml:{line}:14: link.broken:" in out and "checked 3 days ago" in out
    assert server.state.requests("/status/200") == before  # not fetched
    assert run(project, "--max-age", "2") == 0  # older than 2 days: fetched again, now ok
    assert cache_entries(project)[url]["status"] == "ok"


def test_a_corrupt_cache_is_ignored(project, server, capsys):
    (project / ".cache").mkdir()
    (project / ".cache" / "links.json").write_text("{not json")
    assert run(project) == 0
    assert "cannot read the link cache" in capsys.readouterr().err
    assert len(cache_entries(project)) == 16


# -- allowlist -------------------------------------------------------------------

def test_allowlisted_broken_url_is_silent(project, server, capsys):
    url = server.url("/status/404")
    cite(project, url)
    allowlist(project, (url, "Gone for good; the archived copy is cited next to it."))
    assert run(project) == 0
    assert capsys.readouterr().out == ""


def test_allowlist_prefix_entry(project, server, capsys):
    cite(project, server.url("/status/404"))
    allowlist(project, (server.url("/status/*"), "The whole section is gone."))
    assert run(project) == 0


def test_allowlist_entry_whose_url_checks_ok_is_stale(project, server, capsys):
    url = server.url("/status/200")
    cite(project, url)
    allowlist(project, (server.url("/status/404"), "first entry"), (url, "Was down in November."))
    assert run(project) == 1
    out = capsys.readouterr().out
    assert out.startswith(f"data/link-allowlist.yaml:4:5: link.allowlist-stale: stale allowlist entry {url}: "
                          "the URL now checks ok")


def test_allowlist_entry_matching_nothing_is_stale_in_a_full_run(project, server, capsys):
    site = project / "site"
    site.mkdir()
    allowlist(project, ("https://nowhere.example.org/", "Cited once."))
    assert run(project, "--site", str(site)) == 1
    assert "data/link-allowlist.yaml:2:5: link.allowlist-stale: stale allowlist entry " \
           "https://nowhere.example.org/: it matches no cited URL" in capsys.readouterr().out


def test_allowlist_entry_without_reason_is_an_error(project, server, capsys):
    (project / "data" / "link-allowlist.yaml").write_text(
        "entries:\n  - url: https://x.example.org/\n    reason: '  '\n", encoding="utf-8")
    assert run(project) == 1
    assert "data/link-allowlist.yaml:3:13: link.allowlist-invalid: every entry needs a `reason:`" \
        in capsys.readouterr().out


# -- --only-new ------------------------------------------------------------------

def git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", "-c", "init.defaultBranch=main",
                    "-c", "commit.gpgsign=false", *args], cwd=root, check=True, capture_output=True)


def test_only_new_checks_just_the_urls_a_change_adds(project, server, capsys):
    old_broken = server.url("/status/410")
    cite(project, old_broken, after="        title: JIT guide")
    git(project, "init", "-q")
    git(project, "add", "data")
    git(project, "commit", "-q", "-m", "base")
    new = server.url("/status/404")
    line = cite(project, new)
    before = served(server, project)
    gone_before = server.state.requests("/status/410")

    assert run(project, "--only-new", "HEAD") == 1
    out, err = capsys.readouterr()
    assert [l.split(": ")[1] for l in out.splitlines()] == ["link.broken"]
    assert out.startswith(f"data/frameworks/alpha.yaml:{line}:14: link.broken: broken link {new}")
    assert "1 URL(s) not cited at HEAD" in err
    assert served(server, project) == before  # the tiny data's own URLs were cited at HEAD
    assert server.state.requests("/status/410") == gone_before  # old, not checked


def test_only_new_reports_an_entry_whose_last_citation_the_change_removes(project, server, capsys):
    url = server.url("/status/404")
    cite(project, url)
    allowlist(project, (url, "Known to be gone."))
    git(project, "init", "-q")
    git(project, "add", "data")
    git(project, "commit", "-q", "-m", "base")
    path = project / "data" / "frameworks" / "alpha.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(f"      - url: {url}\n        title: Added\n", ""),
                    encoding="utf-8")
    assert run(project, "--only-new", "HEAD") == 1
    assert "link.allowlist-stale" in capsys.readouterr().out


def test_only_new_with_an_unknown_ref_is_a_usage_error(project, server, capsys):
    git(project, "init", "-q")
    assert run(project, "--only-new", "no-such-branch") == 2
    assert "unknown git ref" in capsys.readouterr().err


# -- the built site and usage errors ----------------------------------------------

def test_site_links_are_checked_at_their_page_line(project, server, capsys):
    site = project / "site"
    (site / "about").mkdir(parents=True)
    url = server.url("/status/404")
    (site / "about" / "index.html").write_text(f'<html><body>\n<p>See <a href="{url}">this</a></p>\n</body></html>')
    assert run(project, "--site", str(site)) == 1
    assert capsys.readouterr().out.startswith(f"site/about/index.html:2:8: link.broken: broken link {url}")


@pytest.mark.parametrize("args", [["--timeout", "0"], ["--max-age", "-1"], ["--retries", "x"], ["--format", "xml"]])
def test_bad_options_are_usage_errors(project, args, capsys):
    with pytest.raises(SystemExit) as exc:
        run(project, *args)
    assert exc.value.code == 2


def test_missing_data_or_site_is_a_usage_error(tmp_path, project, capsys):
    assert main(["links", "--root", str(tmp_path)]) == 2
    assert run(project, "--site", str(tmp_path / "nope")) == 2
    err = capsys.readouterr().err
    assert "no data/ folder" in err and "no such folder" in err and "Traceback" not in err


def test_offline_links_are_reported_once_not_cached_and_exit_3(project, closed_port, capsys):
    allowlist(project)
    for i in range(4):
        cite(project, f"http://127.0.0.1:{closed_port}/page-{i}")
    code = run(project)
    out = capsys.readouterr().out
    assert code == 3
    assert out.count("link.unreachable") == 1 and "4 URL(s) could not be reached" in out
    assert "link.broken" not in out
    assert not any(str(closed_port) in url for url in cache_entries(project))
