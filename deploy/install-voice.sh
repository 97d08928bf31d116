#!/usr/bin/env bash
# Read aloud on the deployed kiosk: the voice tools, and the audio remade by itself after a
# change to the content. Run by deploy/install.sh (as root), after the app and its venv are
# installed; safe to run again, e.g. after adding a language folder (it then watches it too).
#
# Installs espeak-ng (Spanish's voice) from Debian, the [voice] extra into the kiosk's venv
# (piper-tts and its English voice, soundfile), kiosk-voice.service and kiosk-voice.path. The
# running kiosk only ever plays the files they make; it never starts either of them.
set -euo pipefail
umask 022

APP_DIR=${APP_DIR:-/opt/kiosk}
VENV="$APP_DIR/.venv"
CONTENT="$APP_DIR/content"
UNITS=/etc/systemd/system

printf '\n==> %s\n' "Read aloud: the voice tools, and audio remade after content changes"
[[ $EUID -eq 0 ]] || { printf 'ERROR: please run as root\n' >&2; exit 1; }

DEBIAN_FRONTEND=noninteractive apt-get install -y -q espeak-ng
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --editable "$APP_DIR[voice]"

install -m 0644 "$APP_DIR/deploy/kiosk-voice.service" "$UNITS/kiosk-voice.service"
install -m 0644 "$APP_DIR/deploy/kiosk-voice.path" "$UNITS/kiosk-voice.path"
# One PathChanged= a language folder (its topic files and words.toml), as they are today.
install -d "$UNITS/kiosk-voice.path.d"
{
    printf '# Written by deploy/install-voice.sh: the language folders of %s.\n' "$CONTENT"
    printf '# Added a language? Run: sudo bash %s/deploy/install-voice.sh\n[Path]\n' "$APP_DIR"
    for folder in "$CONTENT"/*/; do
        if [[ -d $folder ]]; then printf "PathChanged=%s\n" "${folder%/}"; fi
    done
} > "$UNITS/kiosk-voice.path.d/languages.conf"

systemctl enable kiosk-voice.path
if [[ -d /run/systemd/system ]]; then
    systemctl daemon-reload
    systemctl restart kiosk-voice.path
    # The content kept from before may have text the bundled audio does not speak.
    systemctl start --no-block kiosk-voice.service
    printf '    %s\n' "the audio is being brought up to date: journalctl -u kiosk-voice"
fi
