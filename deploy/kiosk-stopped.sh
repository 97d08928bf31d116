#!/bin/sh
# Run by deploy/kiosk.service (ExecStopPost=, as root) once the kiosk has stopped. When staff
# chose "Exit the kiosk" (exit status 75, see RestartPreventExitStatus=), the service does not
# start it again, and the screen would otherwise be blank or show boot messages: write on
# the console what staff should do next.
[ "${EXIT_STATUS:-}" = "75" ] || exit 0
TTY=${KIOSK_TTY:-/dev/tty1}
{
    printf '\033[2J\033[H'   # clear the screen, cursor to the top
    printf '\n\n  The kiosk is stopped for maintenance.\n\n'
    printf '  To start it again: restart the PC,\n'
    printf '  or sign in (Ctrl+Alt+F2, or over SSH) and run:  sudo systemctl start kiosk\n\n'
} > "$TTY" 2>/dev/null || true
exit 0
