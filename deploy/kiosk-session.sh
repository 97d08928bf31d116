#!/bin/sh
# The kiosk service's main process (deploy/kiosk.service ExecStart): cage with the app as its
# one program, and the app's own exit status handed on to systemd.
#
# Why a script and not cage itself: Debian 12's cage (0.1.4) exits with status 0 whatever
# its program's status, so systemd could not tell "staff chose Exit" (the app's status 75,
# which the unit's RestartPreventExitStatus= does not restart on) from a crash. The app
# writes its status into $KIOSK_EXIT_STATUS_FILE (kiosk/systemd.py record_exit_status);
# this script exits with it.
set -u
CAGE=${KIOSK_CAGE:-/usr/bin/cage}
PROGRAM=${KIOSK_PROGRAM:-/opt/kiosk/.venv/bin/kiosk}
KIOSK_EXIT_STATUS_FILE="${RUNTIME_DIRECTORY:-${XDG_RUNTIME_DIR:-/tmp}}/kiosk-exit-status"
export KIOSK_EXIT_STATUS_FILE
rm -f "$KIOSK_EXIT_STATUS_FILE"

# Not exec'd: this shell waits for cage, then reads what the app left. The signal to stop
# goes to the app, never to cage (see ExecStop= in kiosk.service).
# -d: ask clients not to draw decorations. No -s: switching consoles stays off.
"$CAGE" -d -- "$PROGRAM" "$@"
status=$?
if [ -r "$KIOSK_EXIT_STATUS_FILE" ]; then
    read -r app_status < "$KIOSK_EXIT_STATUS_FILE" || app_status=""
    case $app_status in
        ''|*[!0-9]*) ;;                     # unreadable: cage's status stands
        *) status=$app_status ;;
    esac
fi
exit "$status"
