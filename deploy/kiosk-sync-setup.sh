#!/usr/bin/env bash
# Set up the kiosk's Syncthing from files: keys (made once), then config.xml written from
# deploy/syncthing/kiosk.xml. Run by deploy/install.sh as the kiosk user; the end-to-end tests
# (tests/e2e/test_sync.py) run it too, on private folders and ports.
#
#   kiosk-sync-setup.sh HOME CONTENT_DIR REPORT_DIR NAME [SOURCE_ID]
#
# SOURCE_ID is the device ID of the Syncthing the content comes from: the front-desk PC, or
# for a group of offices the head office's. Without it the kiosk has no source yet (re-run
# with it). Optional settings, from the environment:
#   SOURCE_NAME        a name for it                      (default: front desk)
#   SOURCE_ADDRESS     where it listens, e.g. tcp://192.168.1.20:22000  (default: dynamic,
#                      found by local discovery on the office network)
#   SOURCE_INTRODUCER  true for a head office that introduces the other devices (false)
#   LISTEN             where this kiosk listens           (default: tcp://0.0.0.0:22000)
#   LOCAL_ANNOUNCE     local discovery on the LAN         (default: true)
#   GUI_ADDRESS        Syncthing's web page, this PC only (default: 127.0.0.1:8384)
#   REPORT_DELAY_S     seconds the report folder waits before sending a change (default 2)
# Prints the kiosk's device ID on the last line.
set -euo pipefail

[[ $# -ge 4 ]] || { echo "usage: $0 HOME CONTENT_DIR REPORT_DIR NAME [SOURCE_ID]" >&2; exit 2; }
HOME_DIR=$1 CONTENT_DIR=$2 REPORT_DIR=$3 NAME=$4 SOURCE_ID=${5:-}
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SYNCTHING=${SYNCTHING:-syncthing}

[[ $NAME =~ ^[A-Za-z0-9._-]+$ ]] || { echo "NAME may hold letters, digits, . _ - only" >&2; exit 2; }
if [[ -n $SOURCE_ID && ! $SOURCE_ID =~ ^[A-Z0-9]{7}(-[A-Z0-9]{7}){7}$ ]]; then
    echo "SOURCE_ID '$SOURCE_ID' is not a Syncthing device ID (8 groups of 7, like ABCDEFG-...)" >&2
    exit 2
fi

mkdir -p "$HOME_DIR"
chmod 0700 "$HOME_DIR"
if [[ ! -f $HOME_DIR/cert.pem ]]; then
    "$SYNCTHING" generate --home="$HOME_DIR" --no-default-folder >/dev/null 2>&1
fi
KIOSK_ID=$("$SYNCTHING" serve --home="$HOME_DIR" --device-id)

# The API key stays the same across re-runs (tools that use it keep working).
API_KEY=""
if [[ -f $HOME_DIR/config.xml ]]; then
    API_KEY=$(sed -n 's:.*<apikey>\([A-Za-z0-9]*\)</apikey>.*:\1:p' "$HOME_DIR/config.xml" | head -n1)
fi
[[ -n $API_KEY ]] || API_KEY=$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 32)

source_device="" source_in_folder=""
if [[ -n $SOURCE_ID ]]; then
    source_in_folder="<device id=\"$SOURCE_ID\" introducedBy=\"\"></device>"
    source_device="<device id=\"$SOURCE_ID\" name=\"${SOURCE_NAME:-front desk}\" compression=\"metadata\" introducer=\"${SOURCE_INTRODUCER:-false}\"><address>${SOURCE_ADDRESS:-dynamic}</address></device>"
fi

fill() {
    local text
    text=$(<"$HERE/syncthing/kiosk.xml")
    text=${text//@SOURCE_DEVICE_IN_FOLDER@/$source_in_folder}
    text=${text//@SOURCE_DEVICE@/$source_device}
    text=${text//@SOURCE_ADDRESS@/${SOURCE_ADDRESS:-dynamic}}
    text=${text//@KIOSK_ID@/$KIOSK_ID}
    text=${text//@NAME@/$NAME}
    text=${text//@CONTENT_DIR@/$CONTENT_DIR}
    text=${text//@REPORT_DIR@/$REPORT_DIR}
    text=${text//@REPORT_DELAY_S@/${REPORT_DELAY_S:-2}}
    text=${text//@GUI_ADDRESS@/${GUI_ADDRESS:-127.0.0.1:8384}}
    text=${text//@API_KEY@/$API_KEY}
    text=${text//@LISTEN@/${LISTEN:-tcp://0.0.0.0:22000}}
    text=${text//@LOCAL_ANNOUNCE@/${LOCAL_ANNOUNCE:-true}}
    text=${text//@RECONNECT_S@/${RECONNECT_S:-60}}
    printf '%s\n' "$text"
}
fill > "$HOME_DIR/config.xml.new"
mv "$HOME_DIR/config.xml.new" "$HOME_DIR/config.xml"

# Syncthing shares a folder only once its marker is there (a folder that went missing, an
# unmounted disk, is then never taken for "everything deleted").
mkdir -p "$CONTENT_DIR/.stfolder" "$REPORT_DIR/.stfolder"
# The report's own temporary files (kiosk/status.py, deploy/kiosk-pictures.py) are not sent.
printf '%s\n' '// Written by deploy/kiosk-sync-setup.sh' '.*.tmp' '.screens-*' \
    > "$REPORT_DIR/.stignore"
echo "$KIOSK_ID"
