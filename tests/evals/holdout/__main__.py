"""`python -m tests.evals.holdout`: print the held-out report (runs the slow report test)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

REPORT = f"{Path(__file__).with_name('test_holdout.py')}::test_report"

if __name__ == "__main__":
    sys.exit(pytest.main(["-q", "-m", "slow", "--no-header", "-p", "no:warnings", REPORT]))
