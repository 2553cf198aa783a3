"""`fwatlas links`: check every external link the atlas cites.

One job per module:

| module | job |
| --- | --- |
| `collect.py` | every cited URL, and where it is cited (data files, built site) |
| `gitbase.py` | the URLs cited at a git ref (`--only-new BASE`) |
| `html.py` | read hrefs and anchor ids out of HTML |
| `checker.py` | fetch URLs with httpx (limits, retries, redirects, anchors) -> `Result` |
| `cache.py` | results with the time they were checked (`.cache/links.json`) |
| `allowlist.py` | `data/link-allowlist.yaml`: known-bad URLs, each with a reason |
| `report.py` | results -> `Problem`s (rules `link.*`) |
| `options.py` | the `links` options (light: every `fwatlas` command builds them) |
| `cli.py` | the `links` run |

Nothing is imported here, so `fwatlas check` does not pay for httpx.
"""
