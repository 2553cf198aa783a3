"""The checker against a real local HTTP server: every outcome, retries, limits, anchors."""
from __future__ import annotations

import datetime as dt
import time

import pytest

from fwatlas.links.checker import Settings, check_urls, fragment_to_find, parse_retry_after


def one(url, settings):
    return check_urls([url], settings)[url]


def test_200_is_ok(server, fast):
    r = one(server.url("/status/200"), fast)
    assert (r.status, r.code, r.final_url) == ("ok", 200, None)
    assert server.state.methods("/status/200")["HEAD"] >= 1  # HEAD first


def test_three_301_hops_end_in_200_as_redirected(server, fast):
    r = one(server.url("/chain/3"), fast)
    assert r.status == "redirected" and r.code == 200
    assert r.final_url == server.url("/landing")


def test_redirect_loop_is_broken(server, fast):
    r = one(server.url("/loop/a"), fast)
    assert r.status == "broken" and "redirect loop" in r.detail


def test_too_many_redirects_is_broken(server, fast):
    fast.max_redirects = 2
    r = one(server.url("/chain/3"), fast)
    assert r.status == "broken" and "too many redirects" in r.detail


@pytest.mark.parametrize("code", [404, 410, 400])
def test_4xx_is_broken(server, fast, code):
    r = one(server.url(f"/status/{code}"), fast)
    assert (r.status, r.code) == ("broken", code)
    assert r.detail.startswith(str(code))


def test_429_waits_for_retry_after_then_succeeds(server, fast):
    path = "/retry-after/once"
    start = time.monotonic()
    r = one(server.url(path), fast)
    assert r.status == "ok"
    assert time.monotonic() - start >= 0.95  # honoured Retry-After: 1
    assert server.state.requests(path) == 2


def test_429_forever_is_unverified(server, fast):
    fast.retries, fast.max_wait = 1, 0.05  # Retry-After (1 s) capped, to keep the test fast
    r = one(server.url("/always-429"), fast)
    assert r.status == "unverified" and r.code == 429


def test_500_then_200_is_retried(server, fast):
    path = "/flaky/a"
    r = one(server.url(path), fast)
    assert r.status == "ok"
    assert server.state.methods(path) == {"HEAD": 1, "GET": 2}  # HEAD 500 -> GET 500 -> (backoff) GET 200


def test_500_forever_is_broken_after_retries(server, fast):
    r = one(server.url("/status/503"), fast)
    assert r.status == "broken" and "after 3 attempts" in r.detail


def test_slow_response_times_out(server, fast):
    fast.timeout = 0.3
    start = time.monotonic()
    r = one(server.url("/slow"), fast)
    elapsed = time.monotonic() - start
    assert r.status == "broken" and "timed out" in r.detail
    assert elapsed < 0.3 * 3 + 0.5  # three attempts (1 + 2 retries), no more


def test_connection_refused_is_unreachable_not_broken(closed_port, fast):
    r = one(f"http://127.0.0.1:{closed_port}/", fast)
    assert r.status == "unreachable" and "connect" in r.detail


def test_a_dns_failure_is_unreachable(fast):
    import httpx

    def refuse(request):
        raise httpx.ConnectError("[Errno -2] Name or service not known", request=request)

    url = "https://no-such-host.invalid/page"
    r = check_urls([url], fast, transport=httpx.MockTransport(refuse))[url]
    assert r.status == "unreachable" and "Name or service not known" in r.detail


def test_a_redirect_to_another_scheme_says_so_in_plain_words(fast):
    import httpx

    def to_mail(request):
        return httpx.Response(302, headers={"location": "mailto:team@example.org"})

    url = "https://example.org/contact"
    r = check_urls([url], fast, transport=httpx.MockTransport(to_mail))[url]
    assert r.status == "broken"
    assert "mailto:team@example.org, which is not a web page (a mailto address)" in r.detail


def test_head_405_falls_back_to_get(server, fast):
    r = one(server.url("/head405"), fast)
    assert r.status == "ok"
    assert server.state.methods("/head405") == {"HEAD": 1, "GET": 1}


def test_anchor_present_or_missing(server, fast):
    urls = [server.url("/anchors#present"), server.url("/anchors#named"), server.url("/anchors#install"),
            server.url("/anchors#missing")]
    results = check_urls(urls, fast)
    assert [results[u].status for u in urls] == ["ok", "ok", "ok", "anchor"]
    assert "'missing'" in results[urls[3]].detail
    assert server.state.methods("/anchors") == {"GET": 1}  # one GET for all fragments of a page


def test_bot_walls_are_unverified(server, fast):
    assert one(server.url("/challenge"), fast).status == "unverified"
    assert one(server.url("/denied"), fast).status == "unverified"


def test_at_most_two_requests_per_host(server, fast):
    fast.concurrency = 10
    urls = [server.url(f"/busy/g/{i}") for i in range(8)]
    results = check_urls(urls, fast)
    assert all(r.status == "ok" for r in results.values())
    assert server.state.max_active["g"] == 2  # in parallel, but never more than two


def test_retry_after_as_http_date():
    now = dt.datetime(2026, 11, 22, 12, 0, 0, tzinfo=dt.timezone.utc)
    assert parse_retry_after("Sun, 22 Nov 2026 12:00:30 GMT", now) == 30
    assert parse_retry_after("7", now) == 7
    assert parse_retry_after("soon", now) is None


def test_fragments_that_cannot_be_checked():
    assert fragment_to_find("https://x.org/p#intro") == "intro"
    assert fragment_to_find("https://x.org/p#") is None
    assert fragment_to_find("https://github.com/o/r/blob/main/f.py#L10-L20") is None
    assert fragment_to_find("https://x.org/app#/route") is None
    assert fragment_to_find("https://x.org/p#:~:text=hello") is None


def test_settings_defaults():
    s = Settings()
    assert (s.timeout, s.retries, s.per_host) == (10.0, 2, 2)
