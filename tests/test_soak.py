"""A short soak (`make soak` runs the long one): every screen, many times, and nothing grows."""

from tests.soak import Sample, problems, run_soak


def test_a_thousand_random_taps_visit_every_screen_and_leave_every_series_flat(qapp):
    samples, visits = run_soak(steps=1000, every=100, seed=7)
    assert set(visits) == {"home", "topic", "still-reading", "attract", "pin-pad"}
    assert problems(samples) == []


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
