#!/usr/bin/env bash
# Sound for the kiosk's Read aloud, on Debian 12: the kiosk user plays through ALSA, from
# inside cage, with no sound server (PulseAudio or PipeWire would need a desktop session the
# kiosk does not have, and the kiosk is the only program that makes a sound).
#
#   Run as root:   sudo bash deploy/sound.sh        (deploy/install.sh runs it)
#   Optional:      KIOSK_SOUND_CARD=1 sudo bash deploy/sound.sh   (which card to use, from
#                  `aplay -l`; the default is ALSA's own, usually the PC's built-in sound)
#
# Safe to run again. A PC with no sound card is not an error: the kiosk then logs one line
# ("read aloud is off: no sound device") and shows no Read aloud button.
set -euo pipefail

KIOSK_USER=${KIOSK_USER:-kiosk}
CARD=${KIOSK_SOUND_CARD:-}
# The card's own level. The patient's Louder and Softer, and voice_volume in settings.toml,
# work below this: the card stays where nothing distorts and the loudest tap is loud enough.
LEVEL=${KIOSK_SOUND_LEVEL:-85%}

note() { printf '    %s\n' "$*"; }
warn() { printf 'WARNING: %s\n' "$*" >&2; }

[[ $EUID -eq 0 ]] || { echo "please run as root: sudo bash $0" >&2; exit 1; }

# libasound2: the ALSA library the kiosk's player (miniaudio) loads; alsa-utils: amixer and
# alsactl below, and aplay/speaker-test for whoever checks the sound by hand.
export DEBIAN_FRONTEND=noninteractive
apt-get install -y -q libasound2 alsa-utils

# The kiosk's login session (PAMName=login in kiosk.service) is given the sound devices by
# logind while it is the active session; the audio group keeps them its own between restarts.
if id "$KIOSK_USER" >/dev/null 2>&1; then
    usermod -a -G audio "$KIOSK_USER"
    note "$KIOSK_USER is in the audio group"
else
    warn "no user $KIOSK_USER yet: run this again after deploy/install.sh has made it"
fi

cards=$(awk '/^ *[0-9]+ \[/ {print $1}' /proc/asound/cards 2>/dev/null || true)
if [[ -z $cards ]]; then
    warn "no sound card found: the kiosk will run without Read aloud"
    exit 0
fi

if [[ -n $CARD ]]; then
    [[ " $cards " == *" $CARD "* ]] || { echo "no sound card $CARD (see aplay -l)" >&2; exit 1; }
    # Every ALSA program, the kiosk included, then plays on that card by default.
    printf 'defaults.pcm.card %s\ndefaults.ctl.card %s\n' "$CARD" "$CARD" > /etc/asound.conf
    note "sound goes to card $CARD (/etc/asound.conf)"
fi

for card in $cards; do
    # Unmuted and at LEVEL; a card that lacks a control simply skips it. Auto-mute turns the
    # speakers off while headphones are plugged in, so a patient's listening stays private.
    for control in Master PCM Speaker Headphone Front; do
        amixer -q -c "$card" sset "$control" "$LEVEL" unmute 2>/dev/null || true
    done
    amixer -q -c "$card" sset 'Auto-Mute Mode' Enabled 2>/dev/null || true
done
# Kept across reboots by Debian's alsa-restore service.
alsactl store || warn "alsactl could not store the levels; they may reset at the next boot"

note "sound cards: $(tr '\n' ' ' < /proc/asound/cards | tr -s ' ' | cut -c1-200)"
note "check it by ear: sudo -u $KIOSK_USER speaker-test -t wav -c 2 -l 1"
