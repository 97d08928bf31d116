"""A short soak (`make soak` runs the long one): every screen, many times, and nothing grows."""

import subprocess
import sys
from pathlib import Path

from tests.soak import Sample, problems

PROJECT_ROOT = Path(__file__).resolve().parents[1]


def test_a_thousand_random_taps_visit_every_screen_and_leave_every_series_flat():
    # A process of its own, as `make soak` runs it: this test session's heap, shaped by hundreds
    # of earlier tests, moves resident memory by itself.
    run = subprocess.run([sys.executable, "-m", "tests.soak", "--steps", "1000", "--every", "100",
                          "--seed", "7"], cwd=PROJECT_ROOT, capture_output=True, text=True,
                         timeout=600, check=False)
    report = run.stdout + run.stderr
    assert run.returncode == 0, report
    visited = next(line for line in run.stdout.splitlines() if line.startswith("screens visited:"))
    names = {visit.rsplit(" ", 1)[0] for visit in visited.split(":", 1)[1].strip().split(", ")}
    assert names == {"home", "topic", "still-reading", "attract", "pin-pad", "read-aloud"}, report


def flat(step: int, **changes: int) -> Sample:
    values = {"rss_kib": 80_000, "fds": 10, "threads": 3, "widgets": 160, "objects": 34_000}
    return Sample(step=step, **{**values, **changes})


def test_the_flatness_check_catches_a_leak_of_widgets_memory_or_objects():
    steady = [flat(step) for step in range(0, 1000, 100)]
    assert problems(steady) == []
    assert "widgets" in problems([*steady, flat(1000, widgets=161)])[0]
    assert "resident memory" in problems([*steady, flat(1000, rss_kib=83_000)])[0]
    assert "objects" in problems([*steady, flat(1000, objects=35_000)])[0]
    assert "fds" in problems([*steady, flat(1000, fds=11)])[0]
