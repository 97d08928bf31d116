"""The `kiosk` command: run the kiosk, check content, snapshot screens, set the staff PIN."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk import paths

if TYPE_CHECKING:
    from kiosk.content import Content

def parse_size(text: str) -> tuple[int, int]:
    """'1920x1080' -> (1920, 1080)."""
    try:
        width, height = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a size like 1920x1080") from None
    if not (200 <= width <= 10_000 and 200 <= height <= 10_000):
        raise argparse.ArgumentTypeError(f"'{text}' is not a screen size")
    return width, height


def _run(run: argparse.ArgumentParser) -> None:
    run.add_argument("--content", metavar="DIR", help="content folder (default: the bundled "
                     "one, or $KIOSK_CONTENT_DIR)")
    run.add_argument("--state-dir", metavar="DIR", help="per-machine state: PIN, lockout, last "
                     "good content (default: $KIOSK_STATE_DIR or the user's app-data folder)")
    run.add_argument("--report-dir", metavar="DIR", help="where kiosk-status.txt and .json are "
                     "written (default: $KIOSK_REPORT_DIR or report/ in the state folder)")
    run.add_argument("--windowed", action="store_true", help="a normal window, for development")
    run.add_argument("--size", type=parse_size, metavar="WxH",
                     help="window size with --windowed (default 1280x800)")
    run.add_argument("--diagonal", type=float, metavar="INCHES",
                     help="the screen's diagonal, if it reports a wrong physical size")


def _content_folder(command: argparse.ArgumentParser) -> None:
    command.add_argument("content", nargs="?", metavar="CONTENT_DIR")


def _snapshot(snap: argparse.ArgumentParser) -> None:
    snap.add_argument("out", metavar="OUT_DIR")
    snap.add_argument("--content", metavar="DIR")
    snap.add_argument("--size", type=parse_size, default=(1920, 1080), metavar="WxH",
                      help="screen size in pixels (default 1920x1080)")
    snap.add_argument("--diagonal", type=float, default=21.5, metavar="INCHES",
                      help="screen diagonal, for the physical density (default 21.5)")
    snap.add_argument("--larger-text", action="store_true",
                      help="every screen as a patient who chose Larger text sees it")
    snap.add_argument("--high-contrast", action="store_true",
                      help="every screen as a patient who chose High contrast sees it")
    snap.add_argument("--language", metavar="CODE",
                      help="every screen in this language (one of settings.toml's languages)")


def _state_folder(command: argparse.ArgumentParser) -> None:
    command.add_argument("--state-dir", metavar="DIR")


def _stats(stats: argparse.ArgumentParser) -> None:
    stats.add_argument("--days", type=int, default=14, metavar="N",
                       help="days of visits to count (default 14; topics over 30 or N)")
    stats.add_argument("--csv", metavar="FILE", help="write one row per day as CSV instead")
    stats.add_argument("--state-dir", metavar="DIR")


def _status(status: argparse.ArgumentParser) -> None:
    status.add_argument("--json", action="store_true", help="the machine-readable status")
    status.add_argument("--report-dir", metavar="DIR")
    status.add_argument("--state-dir", metavar="DIR")


# Each command: its help line, and what adds its arguments.
_COMMANDS: dict[str, tuple[str, Callable[[argparse.ArgumentParser], None]]] = {
    "run": ("run the kiosk (the default)", _run),
    "check": ("validate a content folder and list its problems", _content_folder),
    "voice": ("make the read-aloud audio of every page that lacks it (needs the [voice] extra)",
              _content_folder),
    "snapshot": ("render every screen to PNG files, offscreen", _snapshot),
    "set-pin": ("set the staff PIN (asked twice, not shown)", _state_folder),
    "stats": ("what patients read: visits, topics, switches", _stats),
    "status": ("what the kiosk last reported: what it shows, its last problem, faults, uptime",
               _status),
}
COMMANDS = tuple(_COMMANDS)


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The command line; with only, just that command's part of it. argparse takes about a
    millisecond a command, and `kiosk run` is started after every boot (bench/README.md)."""
    parser = argparse.ArgumentParser(
        prog="kiosk", description="A touchscreen kiosk that teaches patients about stress "
        "fractures. With no command, it runs the kiosk.")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (help_line, arguments) in _COMMANDS.items():
        if only in (None, name):
            arguments(commands.add_parser(name, help=help_line))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] not in (*COMMANDS, "-h", "--help"):
        argv.insert(0, "run")
    # Only the command asked for is built; `kiosk --help` builds them all.
    args = build_parser(argv[0] if argv[0] in COMMANDS else None).parse_args(argv)
    logging.basicConfig(level=logging.INFO, stream=sys.stderr,
                        format="%(asctime)s kiosk %(levelname)s %(message)s")
    if args.command == "check":
        return check(args.content)
    if args.command == "voice":
        from kiosk.voice_build import render

        return render(paths.content_dir(args.content))
    if args.command == "snapshot":
        from kiosk.snapshot import snapshot

        return snapshot(args.out, paths.content_dir(args.content), args.size, args.diagonal,
                        larger_text=args.larger_text, high_contrast=args.high_contrast,
                        language=args.language)
    if args.command == "stats":
        return stats(args)
    if args.command == "status":
        return status(args)
    if args.command == "set-pin":
        from kiosk.pin import PinStore, set_pin_interactive

        if not (args.state_dir or os.environ.get("KIOSK_STATE_DIR")) and \
                paths.SET_PIN_WRAPPER.exists():
            print("kiosk set-pin: on this PC the kiosk runs as a service, which reads its PIN "
                  "from its own state folder. Set it with:  sudo kiosk-set-pin",
                  file=sys.stderr)
            return 1

        return set_pin_interactive(PinStore(paths.state_dir(args.state_dir)))
    if not has_display():
        print("kiosk: no display found (neither DISPLAY nor WAYLAND_DISPLAY is set). Run it on "
              "the kiosk's screen, or try: xvfb-run -a make run", file=sys.stderr)
        return 1
    from kiosk.app import run

    return run(args)


def stats(args: argparse.Namespace) -> int:
    """`kiosk stats`: the usage figures for the office manager, or a CSV for a spreadsheet."""
    from kiosk.usage import UsageLog, write_csv

    if not 1 <= args.days <= 400:
        print("kiosk stats: --days takes a number of days from 1 to 400", file=sys.stderr)
        return 2
    usage = UsageLog(paths.state_dir(args.state_dir))
    try:
        if args.csv:
            with open(args.csv, "w", encoding="utf-8", newline="") as out:
                write_csv(usage.daily_rows(args.days), out)
            print(f"wrote {args.days} days to {args.csv}")
            return 0
        figures = usage.figures(days=args.days, topic_days=max(30, args.days))
    finally:
        usage.close()
    print(f"Visits per day, last {len(figures.days)} days:")
    for day, count in figures.days:
        print(f"  {day:%a %d %b}  {count:4d}  {'#' * min(count, 60)}")
    span = max(30, args.days)
    print(f"\n{figures.visits} visits in the last {span} days. Topics opened:")
    for slug, count in figures.topics:
        print(f"  {slug:28s} {count:4d}")
    if figures.shares:
        print("Share of visits that used:")
        for name, share in figures.shares.items():
            print(f"  {name:28s} {share:6.0%}")
    return 0


def status(args: argparse.Namespace) -> int:
    """`kiosk status [--json]`: what the kiosk last wrote into its report folder."""
    from kiosk.status import read_status

    chosen = args.report_dir or args.state_dir or os.environ.get("KIOSK_REPORT_DIR") or \
        os.environ.get("KIOSK_STATE_DIR")
    if not chosen and paths.SET_PIN_WRAPPER.exists():  # the deployed PC: the service's report
        folder = paths.DEPLOYED_REPORT_DIR
    else:
        folder = paths.report_dir(args.report_dir, paths.state_dir(args.state_dir))
    try:
        text = read_status(folder, as_json=args.json)
    except PermissionError:
        print(f"kiosk status: {folder} is the kiosk user's; run it with sudo", file=sys.stderr)
        return 1
    if text is None:
        print(f"kiosk status: no status in {folder} yet: the kiosk has not run with this "
              "report folder (see --report-dir, $KIOSK_REPORT_DIR)", file=sys.stderr)
        return 1
    print(text, end="")
    return 0


def has_display() -> bool:
    """Whether Qt can open a window here; an explicit QT_QPA_PLATFORM is trusted."""
    if os.environ.get("QT_QPA_PLATFORM") or sys.platform != "linux":
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def check(folder: str | None) -> int:
    """`kiosk check`: print each problem as file:line: message; exit 1 if there are any."""
    from kiosk.content import ContentError, load_content

    root = paths.content_dir(folder)
    try:
        content = load_content(root)
    except ContentError as error:
        for problem in error.problems:
            print(problem)
        count = len(error.problems)
        print(f"{count} problem{'s' if count != 1 else ''} in {root}: the kiosk will keep "
              "showing its last good content until they are fixed.", file=sys.stderr)
        return 1
    print_voice_warnings(content)
    for problem in content.left_out:
        print(problem)
    names = " and ".join(f"'{code}'" for code in content.codes)
    if content.left_out:
        count = len(content.left_out)
        print(f"{count} problem{'s' if count != 1 else ''} in {root}: the kiosk shows "
              f"{len(content.topics)} topics in {names} only, until they are fixed.",
              file=sys.stderr)
        return 1
    print(f"{root}: OK, {len(content.topics)} topics in {names}.")
    if paths.office_file().is_file():
        print(f"(with this office's own settings from {paths.office_file()})")
    return 0


def print_voice_warnings(content: Content) -> None:
    """The pages whose read-aloud audio is out of date, and the command that remakes it."""
    from kiosk.voice import stale_warnings

    program = Path(sys.argv[0]).resolve() if Path(sys.argv[0]).name == "kiosk" else None
    command = f"{program or 'kiosk'} voice {content.root}"
    for line in stale_warnings(content, command):
        print(line)
