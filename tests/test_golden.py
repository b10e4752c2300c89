"""Golden output: the text report on the seeds, byte for byte.

A change in what replint says about the sample reports shows up here as a diff to
review. After an intended change, regenerate with:

    REPLINT_UPDATE_GOLDEN=1 pytest tests/test_golden.py
"""

from __future__ import annotations

import os
from pathlib import Path

GOLDEN = Path(__file__).parent / "golden" / "seeds.txt"


def test_text_output_on_seeds_matches_golden(replint_cmd):
    proc = replint_cmd("--no-color", "--jobs", "1", "seeds/")
    assert proc.returncode == 1, proc.stderr
    if os.environ.get("REPLINT_UPDATE_GOLDEN"):
        GOLDEN.write_text(proc.stdout, encoding="utf-8")
    expected = GOLDEN.read_text(encoding="utf-8")
    assert proc.stdout == expected
