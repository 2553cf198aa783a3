"""Fixtures shared by the non-browser tests (helpers live in support.py, so that
`from support import ...` never picks up tests/browser/conftest.py by mistake)."""
from support import tiny, update_goldens  # noqa: F401  (fixtures)


def pytest_addoption(parser):
    parser.addoption("--update-goldens", action="store_true", help="rewrite golden files from current output")
