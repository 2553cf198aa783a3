"""The GitHub workflows are safe by zizmor's audits: actions pinned to commits, least
privilege per job, no credentials left in checkouts, no template injection into shells."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from support import REPO

ZIZMOR = Path(sys.executable).with_name("zizmor")


def test_workflows_have_no_zizmor_findings():
    result = subprocess.run([str(ZIZMOR), "--offline", "--format", "plain", str(REPO / ".github" / "workflows")],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]


def test_zizmor_catches_an_unpinned_action_and_an_injection(tmp_path):
    # the audit is live, not a no-op: a bad workflow fails it
    (tmp_path / "bad.yml").write_text(
        "on: pull_request\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    permissions: {}\n"
        "    steps:\n      - uses: actions/checkout@v4\n        with: {persist-credentials: false}\n"
        "      - run: echo ${{ github.head_ref }}\n")
    result = subprocess.run([str(ZIZMOR), "--offline", "--format", "plain", str(tmp_path / "bad.yml")],
                            capture_output=True, text=True)
    assert result.returncode != 0
    assert "unpinned-uses" in result.stdout and "template-injection" in result.stdout
