"""The staff PIN: a salted scrypt hash on disk and a lockout that survives restarts."""

from __future__ import annotations

import getpass
import hashlib
import hmac
import json
import logging
import math
import os
import secrets
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from kiosk import paths
from kiosk.record import Record

log = logging.getLogger(__name__)

MIN_DIGITS = 6
MAX_DIGITS = 12
# scrypt with n=2**17, r=8 needs 128 MiB; OpenSSL's default cap (32 MiB) would refuse it.
_SCRYPT_MAXMEM = 2**28


class PinError(ValueError):
    """A PIN that breaks the rules (not digits, too short/long); str() is a message for staff."""


class Attempt(Record):
    """The outcome of one PIN entry."""

    ok: bool
    failures: int  # consecutive failures after this attempt (0 on success)
    locked_for: float  # seconds the pad stays locked from now (0 if not locked)


def validate_pin(pin: str) -> None:
    """Raise PinError unless the PIN is MIN_DIGITS to MAX_DIGITS ASCII digits."""
    if not pin:
        raise PinError("The PIN is empty.")
    # isascii() too: str.isdigit() also accepts digits such as '²' or '٣'.
    if not (pin.isascii() and pin.isdigit()):
        raise PinError("The PIN must contain digits only.")
    if not MIN_DIGITS <= len(pin) <= MAX_DIGITS:
        raise PinError(f"The PIN must have {MIN_DIGITS} to {MAX_DIGITS} digits.")


def _scrypt(pin: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(pin.encode(), salt=salt, n=n, r=r, p=p, maxmem=_SCRYPT_MAXMEM, dklen=32)


def _write_atomic(path: Path, data: bytes) -> None:
    """Replace path with data so that a crash leaves either the old or the new file (mode 0600)."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    # Without syncing the folder the rename itself may be lost on power failure.
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


class PinStore:
    """The staff PIN hash and the failure lockout, kept in state_dir.

    It fails safe: a state folder that can't be made or written keeps the failure count and
    the lockout in this process (said once in the log, and by ``problem`` for the staff
    panel); a lockout file that can't be read counts as the longest lockout, not as none."""

    MIN_DIGITS = MIN_DIGITS

    def __init__(
        self,
        state_dir: Path,
        *,
        clock: Callable[[], float] = time.time,
        free_tries: int = 3,
        base_wait: float = 30.0,
        max_wait: float = 3600.0,
        scrypt_n: int = 2**17,
    ) -> None:
        self._dir = Path(state_dir)
        self._pin_path = self._dir / "pin.json"
        self._lock_path = self._dir / "lockout.json"
        self._clock = clock
        self._free_tries = free_tries
        self._base_wait = base_wait
        self._max_wait = max_wait
        self._scrypt_n = scrypt_n
        # State this process failed to write, so an unwritable disk cannot reset the count.
        self._unsaved: tuple[int, float] = (0, 0.0)
        self._problem: str | None = None
        self._reported: set[str] = set()  # each state problem is logged once
        self._locked_until = 0.0  # the lockout this process has seen start, until it ends
        try:
            paths.make_state_dir(self._dir)
        except OSError as error:
            self._report(f"the state folder {self._dir} can't be made "
                         f"({paths.describe(error)}): the staff PIN can't be read or saved, "
                         "and failed tries are counted in memory only")

    @property
    def state_dir(self) -> Path:
        """The folder holding pin.json and lockout.json."""
        return self._dir

    @property
    def problem(self) -> str | None:
        """Why the lockout is not being kept on disk (for the staff panel); None when it is."""
        return self._problem

    def has_pin(self) -> bool:
        """Whether a PIN has been set."""
        try:
            return self._pin_path.is_file()
        except OSError as error:
            self._report(f"the staff PIN in {self._pin_path} can't be read "
                         f"({paths.describe(error)}); set it again with `kiosk set-pin`")
            return False

    def set_pin(self, pin: str) -> None:
        """Validate and store the PIN's hash, and clear any lockout. Raises OSError when the
        state folder can't be made or written."""
        validate_pin(pin)
        paths.make_state_dir(self._dir)
        salt, r, p = secrets.token_bytes(16), 8, 1
        digest = _scrypt(pin, salt, self._scrypt_n, r, p)
        record = {"salt": salt.hex(), "n": self._scrypt_n, "r": r, "p": p, "hash": digest.hex()}
        _write_atomic(self._pin_path, json.dumps(record).encode())
        self._unsaved = (0, 0.0)
        self._write_lockout(0, 0.0)

    def locked_for(self) -> float:
        """Seconds of lockout remaining now (0.0 if none)."""
        now = self._clock()
        return max(0.0, self._read_lockout(now)[1] - now)

    def verify(self, pin: str) -> Attempt:
        """Check the PIN unless locked, and record the outcome on disk."""
        now = self._clock()
        failures, until = self._read_lockout(now)
        if until > now:
            return Attempt(ok=False, failures=failures, locked_for=until - now)
        if not self.has_pin():
            return Attempt(ok=False, failures=0, locked_for=0.0)
        if self._matches(pin):
            self._write_lockout(0, 0.0)
            return Attempt(ok=True, failures=0, locked_for=0.0)
        failures += 1
        until = 0.0
        if failures >= self._free_tries:
            # Exponent capped so a huge stored count cannot overflow a float.
            doubling = 2.0 ** min(failures - self._free_tries, 60)
            until = now + min(self._base_wait * doubling, self._max_wait)
            log.warning("staff PIN pad locked for %.0f s after %d failed tries in a row",
                        until - now, failures)
            self._locked_until = until
        self._write_lockout(failures, until)
        return Attempt(ok=False, failures=failures, locked_for=max(0.0, until - now))

    def _matches(self, pin: str) -> bool:
        try:
            rec = json.loads(self._pin_path.read_bytes())
            expected = bytes.fromhex(rec["hash"])
            got = _scrypt(pin, bytes.fromhex(rec["salt"]), rec["n"], rec["r"], rec["p"])
        except Exception:
            return False  # a damaged record opens nothing
        return hmac.compare_digest(got, expected)

    def _read_lockout(self, now: float) -> tuple[int, float]:
        try:
            data = json.loads(self._lock_path.read_bytes())
            failures, until = data["failures"], float(data["locked_until"])
            if type(failures) is not int or failures < 0 or not math.isfinite(until):
                raise ValueError("bad lockout record")
        except (FileNotFoundError, NotADirectoryError):  # none yet, or no state folder
            failures, until = 0, 0.0
        except OSError as error:
            # Can't be read at all: the count is unknown, and may have been high. The longest
            # lockout, kept (in memory at least) so it does expire.
            self._report(f"the lockout in {self._lock_path} can't be read "
                         f"({paths.describe(error)}); the pad counts as locked for the "
                         "longest wait")
            failures = max(self._free_tries, self._unsaved[0])
            until = self._unsaved[1] or now + self._max_wait
            self._start_unknown_lock(failures, until)
        except Exception:
            # Unknown count: assume the threshold was reached and lock for the base wait,
            # written back so the lock expires instead of restarting on every read.
            failures = max(self._free_tries, self._unsaved[0])
            until = self._unsaved[1] or now + self._base_wait
            self._start_unknown_lock(failures, until)
        failures, until = max(failures, self._unsaved[0]), max(until, self._unsaved[1])
        if until > now + self._max_wait:
            # The clock went backwards: keep the longest wait, persisted so it does expire.
            until = now + self._max_wait
            self._write_lockout(failures, until)
        self._note_end(now, until)
        return failures, until

    def _start_unknown_lock(self, failures: int, until: float) -> None:
        if until != self._locked_until:
            log.warning("staff PIN pad locked until %s: the lockout record was unreadable",
                        time.strftime("%H:%M:%S", time.localtime(until)))
            self._locked_until = until
        self._write_lockout(failures, until)

    def _note_end(self, now: float, until: float) -> None:
        """Log the end of a lockout this process saw start, once, when it is next looked at."""
        if until > now:
            self._locked_until = max(self._locked_until, until)
        elif self._locked_until:
            log.info("staff PIN pad lockout ended")
            self._locked_until = 0.0

    def _write_lockout(self, failures: int, until: float) -> None:
        data = json.dumps({"failures": failures, "locked_until": until}).encode()
        try:
            paths.make_state_dir(self._dir)  # it may have been removed, or fixed, since
            _write_atomic(self._lock_path, data)
        except OSError as error:
            # Never crash the pad; keep the lock in this process at least.
            self._unsaved = (failures, until)
            self._report(f"the lockout can't be saved in {self._dir} "
                         f"({paths.describe(error)}): failed tries are counted in memory "
                         "only, until the kiosk restarts")
        else:
            self._unsaved = (0, 0.0)
            if self._problem is not None:
                log.info("the lockout is saved in %s again", self._dir)
                self._problem = None

    def _report(self, problem: str) -> None:
        """Log a state problem once for the life of the store (not on every tap of the pad);
        the first one since the state was last saved is the one the staff panel shows."""
        if problem not in self._reported:
            self._reported.add(problem)
            log.error("%s", problem)
        if self._problem is None:
            self._problem = problem


def set_pin_interactive(
    store: PinStore,
    ask: Callable[[str], str] = getpass.getpass,
    say: Callable[[str], None] = print,
) -> int:
    """The `kiosk set-pin` command: asks twice with hidden echo, returns a process exit code."""
    try:
        first = ask(f"New staff PIN ({MIN_DIGITS} to {MAX_DIGITS} digits): ")
        validate_pin(first)
        second = ask("Type the same PIN again: ")
    except PinError as exc:
        say(f"{exc} The PIN was not changed.")
        return 1
    except (EOFError, KeyboardInterrupt):
        say("\nCancelled. The PIN was not changed.")
        return 2
    if not hmac.compare_digest(first.encode(), second.encode()):
        say("The two entries differ. The PIN was not changed.")
        return 1
    try:
        store.set_pin(first)
    except OSError as exc:
        say(f"Could not save the PIN in {store.state_dir}: {exc.strerror or exc}")
        return 1
    say("PIN set.")
    return 0
