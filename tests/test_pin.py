"""The staff PIN store: hashing, rules, the persistent lockout and the set-pin command."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kiosk.pin import Attempt, PinError, PinStore, set_pin_interactive, validate_pin

PIN = "739164"
WRONG = "000000"
CHEAP_N = 2**4
REPO_ROOT = Path(__file__).resolve().parent.parent


class FakeClock:
    """A wall clock the test moves by hand."""

    def __init__(self, now: float = 1_700_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def make_store(state_dir: Path, clock: FakeClock, **kwargs: object) -> PinStore:
    return PinStore(state_dir, clock=clock, scrypt_n=CHEAP_N, **kwargs)  # type: ignore[arg-type]


def fail_until_locked(store: PinStore) -> Attempt:
    attempt = store.verify(WRONG)
    while not attempt.locked_for:
        attempt = store.verify(WRONG)
    return attempt


def test_setting_a_pin_stores_no_digits_and_keeps_the_hash_private(tmp_path, clock):
    state = tmp_path / "state"
    store = make_store(state, clock)
    store.set_pin(PIN)
    store.verify(WRONG)

    assert store.has_pin()
    for path in state.iterdir():
        assert PIN.encode() not in path.read_bytes(), path.name
    assert (state / "pin.json").stat().st_mode & 0o777 == 0o600
    assert state.stat().st_mode & 0o077 == 0


def test_the_correct_pin_opens_and_a_wrong_one_does_not(tmp_path, clock):
    store = make_store(tmp_path, clock)
    store.set_pin(PIN)

    assert store.verify(PIN) == Attempt(ok=True, failures=0, locked_for=0.0)
    assert store.verify(WRONG) == Attempt(ok=False, failures=1, locked_for=0.0)
    assert not store.verify(PIN + "1").ok


def test_verification_uses_the_parameters_stored_with_the_hash(tmp_path, clock):
    make_store(tmp_path, clock).set_pin(PIN)
    assert json.loads((tmp_path / "pin.json").read_text())["n"] == CHEAP_N

    # The default (expensive) n would give another hash; the stored n must win.
    assert PinStore(tmp_path, clock=clock).verify(PIN).ok
    assert PinStore(tmp_path, clock=clock, scrypt_n=2**5).verify(PIN).ok


def test_without_a_pin_nothing_opens_and_nothing_is_counted(tmp_path, clock):
    store = make_store(tmp_path, clock)
    assert not store.has_pin()
    assert store.verify(PIN) == Attempt(ok=False, failures=0, locked_for=0.0)


@pytest.mark.parametrize(
    "bad", ["", "12345", "12a456", "abcdef", "123 456", "1234567890123", "١٢٣٤٥٦"]
)
def test_pins_that_break_the_rules_are_refused(tmp_path, clock, bad):
    store = make_store(tmp_path, clock)
    with pytest.raises(PinError):
        validate_pin(bad)
    with pytest.raises(PinError):
        store.set_pin(bad)
    assert not store.has_pin()


def test_six_and_twelve_digit_pins_are_accepted(tmp_path, clock):
    validate_pin("123456")
    validate_pin("123456789012")


def test_three_wrong_tries_lock_with_a_doubling_capped_wait(tmp_path, clock):
    store = make_store(tmp_path, clock, max_wait=200.0)
    store.set_pin(PIN)

    assert store.verify(WRONG) == Attempt(False, 1, 0.0)
    assert store.verify(WRONG) == Attempt(False, 2, 0.0)
    assert store.verify(WRONG) == Attempt(False, 3, 30.0)

    clock.now += 10
    assert store.locked_for() == 20.0
    # While locked even the correct PIN is refused, and the count does not move.
    assert store.verify(PIN) == Attempt(False, 3, 20.0)

    waits = []
    for _ in range(3):
        clock.now += store.locked_for()
        assert store.locked_for() == 0.0
        waits.append(store.verify(WRONG).locked_for)
    assert waits == [60.0, 120.0, 200.0]


def test_a_success_resets_the_count(tmp_path, clock):
    store = make_store(tmp_path, clock)
    store.set_pin(PIN)
    fail_until_locked(store)
    clock.now += store.locked_for()

    assert store.verify(PIN) == Attempt(ok=True, failures=0, locked_for=0.0)
    assert store.verify(WRONG) == Attempt(False, 1, 0.0)
    assert store.verify(WRONG) == Attempt(False, 2, 0.0)
    assert store.verify(WRONG).locked_for == 30.0


def test_setting_a_new_pin_clears_the_lockout(tmp_path, clock):
    store = make_store(tmp_path, clock)
    store.set_pin(PIN)
    fail_until_locked(store)

    make_store(tmp_path, clock).set_pin("246813")
    assert store.locked_for() == 0.0
    assert store.verify("246813").ok


def test_the_lockout_survives_a_new_store_on_the_same_folder(tmp_path, clock):
    store = make_store(tmp_path, clock)
    store.set_pin(PIN)
    fail_until_locked(store)
    clock.now += 5

    restarted = make_store(tmp_path, clock)
    assert restarted.locked_for() == 25.0
    assert restarted.verify(PIN) == Attempt(False, 3, 25.0)
    clock.now += 25
    assert restarted.verify(WRONG) == Attempt(False, 4, 60.0)


def test_the_lockout_survives_a_real_new_process(tmp_path):
    clock = FakeClock(time.time())  # the child process uses the real clock
    store = make_store(tmp_path, clock)
    store.set_pin(PIN)
    fail_until_locked(store)

    script = (
        "import sys; from pathlib import Path; from kiosk.pin import PinStore\n"
        "store = PinStore(Path(sys.argv[1]))\n"
        "print(store.locked_for() > 0, store.verify(sys.argv[2]).failures)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    result = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path), PIN],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=True,
    )
    assert result.stdout.split() == ["True", "3"]


def test_a_corrupt_lockout_file_does_not_unlock_or_crash(tmp_path, clock):
    store = make_store(tmp_path, clock)
    store.set_pin(PIN)
    (tmp_path / "lockout.json").write_bytes(b"\x00\xff{garbage\x9c")

    restarted = make_store(tmp_path, clock)
    assert restarted.locked_for() == 30.0
    assert not restarted.verify(PIN).ok
    # The conservative lock expires once instead of restarting on every read.
    clock.now += 30
    assert restarted.locked_for() == 0.0
    assert restarted.verify(PIN).ok


@pytest.mark.parametrize(
    "content",
    [b"", b"[]", b'{"failures": "x", "locked_until": 0}', b'{"failures": -1, "locked_until": 0}'],
)
def test_a_malformed_lockout_record_locks_for_the_base_wait(tmp_path, clock, content):
    (tmp_path / "lockout.json").write_bytes(content)
    assert make_store(tmp_path, clock).locked_for() == 30.0


def test_a_damaged_hash_record_opens_nothing(tmp_path, clock):
    store = make_store(tmp_path, clock)
    store.set_pin(PIN)
    (tmp_path / "pin.json").write_text('{"salt": "zz"}')
    assert not store.verify(PIN).ok


def test_a_clock_gone_backwards_cannot_stretch_the_lock_beyond_the_maximum(tmp_path, clock):
    store = make_store(tmp_path, clock, max_wait=600.0)
    store.set_pin(PIN)
    fail_until_locked(store)

    clock.now -= 86_400
    assert store.locked_for() == 600.0
    clock.now += 600
    assert store.locked_for() == 0.0


def scripted(answers: list[str | type[BaseException]]):
    """An `ask` that replays answers (raising exception classes) and a `say` that records."""
    said: list[str] = []
    queue = list(answers)

    def ask(prompt: str) -> str:
        said.append(prompt)
        answer = queue.pop(0)
        if isinstance(answer, type):
            raise answer
        return answer

    return ask, said.append, said


def test_set_pin_command_with_matching_entries_sets_the_pin(tmp_path, clock):
    store = make_store(tmp_path, clock)
    ask, say, said = scripted([PIN, PIN])

    assert set_pin_interactive(store, ask=ask, say=say) == 0
    assert store.verify(PIN).ok
    assert not any(PIN in line for line in said)


def test_set_pin_command_with_different_entries_sets_nothing(tmp_path, clock):
    store = make_store(tmp_path, clock)
    ask, say, said = scripted([PIN, "739165"])

    assert set_pin_interactive(store, ask=ask, say=say) == 1
    assert not store.has_pin()
    assert not any(PIN in line or "739165" in line for line in said)


def test_set_pin_command_refuses_a_short_pin(tmp_path, clock):
    store = make_store(tmp_path, clock)
    ask, say, said = scripted(["1234", "1234"])

    assert set_pin_interactive(store, ask=ask, say=say) == 1
    assert not store.has_pin()
    assert not any("1234" in line for line in said)


@pytest.mark.parametrize("interruption", [EOFError, KeyboardInterrupt])
def test_set_pin_command_cancelled_sets_nothing(tmp_path, clock, interruption):
    store = make_store(tmp_path, clock)
    ask, say, said = scripted([PIN, interruption])

    assert set_pin_interactive(store, ask=ask, say=say) == 2
    assert not store.has_pin()
    assert not any(PIN in line for line in said)
