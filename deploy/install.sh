#!/usr/bin/env bash
# Install the patient-education kiosk on a fresh Debian 12 (bookworm) PC.
#
#   Run as root, from the project checkout:   sudo bash deploy/install.sh
#
# Content from the front desk (Syncthing, see deploy/README.md "Content from the front desk"):
#   sudo KIOSK_SYNC_FROM=<the desk's Syncthing device ID> bash deploy/install.sh
# Optional: KIOSK_NAME (this kiosk's name, default its host name), KIOSK_SYNC_FROM_ADDRESS
# (e.g. tcp://192.168.1.20:22000 if local discovery can't find the desk),
# KIOSK_SYNC_INTRODUCER=true (a group's head office), KIOSK_SYNC_LISTEN, KIOSK_SYNC=no (none).
#
# Safe to run again, e.g. after updating the checkout: it brings everything to the same
# state, restarts the kiosk if it is running, and never changes what is in the content
# folder (/opt/kiosk/content; it is handed to the kiosk user, whose Syncthing writes it) or
# the staff PIN once they exist.
set -euo pipefail
umask 022   # everything installed here must be readable by the kiosk user

KIOSK_USER=kiosk
APP_DIR=/opt/kiosk
VENV="$APP_DIR/.venv"
STATE_DIR=/var/lib/kiosk
UNIT=kiosk.service
SRC="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

step() { printf '\n==> %s\n' "$*"; }
note() { printf '    %s\n' "$*"; }
warn() { printf 'WARNING: %s\n' "$*" >&2; }
die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }
systemd_running() { [[ -d /run/systemd/system ]]; }

# --- Checks -----------------------------------------------------------------------------
[[ $EUID -eq 0 ]] || die "please run as root: sudo bash $0"
[[ -f $SRC/pyproject.toml && -f $SRC/deploy/$UNIT ]] \
    || die "$SRC does not look like the kiosk project: run deploy/install.sh from the checkout"
grep -q '^VERSION_CODENAME=bookworm' /etc/os-release \
    || warn "this script is made for Debian 12 (bookworm); continuing anyway"

# --- 1. Debian packages -----------------------------------------------------------------
step "Installing Debian packages"
PACKAGES=(
    cage                      # the Wayland kiosk compositor (Debian's release build)
    # Debian 12's cage (0.1.4) refuses to start when the Xwayland program is missing, even
    # though the kiosk never uses X11 (Xwayland itself is only started if an X11 app asks).
    xwayland
    python3 python3-venv      # Python 3.11 and its venv module
    rsync procps sudo         # used below, by kiosk.service (pkill), and for set-pin
    syncthing                 # content from the desk, status and pictures back (kiosk-sync)
    # Libraries Qt's Wayland platform plugin (shipped inside the PySide6 wheels) loads:
    libxkbcommon0 libwayland-client0 libwayland-cursor0 libwayland-egl1
    libegl1 libgl1 libfontconfig1 libdbus-1-3
    # Mesa's EGL and GPU drivers, so cage and Qt draw with the graphics chip:
    libegl-mesa0 libgl1-mesa-dri
)
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q "${PACKAGES[@]}"

# --- 2. The kiosk user ------------------------------------------------------------------
step "Creating the '$KIOSK_USER' user"
if id -u "$KIOSK_USER" >/dev/null 2>&1; then
    note "already there"
else
    # A system user with no password and no shell: it can only run the kiosk.
    # It gets a home folder because Qt and fontconfig keep small caches there.
    useradd --system --user-group --create-home --home-dir "/home/$KIOSK_USER" \
        --shell /usr/sbin/nologin --comment "Patient education kiosk" "$KIOSK_USER"
fi

# --- 3. The program, in /opt/kiosk ------------------------------------------------------
step "Copying the project to $APP_DIR"
install -d -m 0755 "$APP_DIR"
# Owned by root and read-only for the kiosk user: the app cannot change its own code.
# content/ and .venv/ are left out: excluded folders are also safe from --delete.
rsync -a --delete --no-owner --no-group --chmod=u+rwX,go+rX,go-w \
    --exclude=/.git --exclude=/.venv --exclude=/content --exclude=/snapshots \
    --exclude=/build --exclude='*.egg-info' \
    --exclude=__pycache__ --exclude=.pytest_cache --exclude=.ruff_cache \
    "$SRC/" "$APP_DIR/"
if [[ -d $APP_DIR/content ]]; then
    # The office edits this folder on the PC; a re-install must not undo their changes.
    note "kept the existing $APP_DIR/content (the checkout's content/ was not copied)"
else
    rsync -a --no-owner --no-group --chmod=u+rwX,go+rX,go-w "$SRC/content/" "$APP_DIR/content/"
    note "installed the content folder: $APP_DIR/content"
fi

step "Installing the app and its pinned Python packages into $VENV"
# Debian's own Python, so the interpreter's path never changes under the venv.
if ! "$VENV/bin/python" -m pip --version >/dev/null 2>&1; then
    /usr/bin/python3 -m venv --clear "$VENV"
fi
# Editable: the app finds resources/ (fonts, images) and content/ next to its own code
# (kiosk/paths.py), so the code must be run from $APP_DIR, not from a copy in the venv.
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --editable "$APP_DIR"

# --- 4. Its state folder ----------------------------------------------------------------
step "Preparing $STATE_DIR (PIN hash and lockout count)"
# systemd also creates it (StateDirectory=kiosk), but `kiosk set-pin` runs before first start.
install -d -m 0700 -o "$KIOSK_USER" -g "$KIOSK_USER" "$STATE_DIR"

# --- 5. The systemd service -------------------------------------------------------------
step "Installing the $UNIT systemd service"
install -m 0644 "$APP_DIR/deploy/$UNIT" "/etc/systemd/system/$UNIT"
# `sudo kiosk-set-pin`: the PIN where the service reads it (the pad with no PIN names it).
install -m 0755 "$APP_DIR/deploy/kiosk-set-pin" /usr/local/sbin/kiosk-set-pin
if systemd_running; then
    systemctl daemon-reload
fi
APP_DIR="$APP_DIR" bash "$APP_DIR/deploy/install-voice.sh"  # read aloud: kiosk-voice.path/.service
KIOSK_USER="$KIOSK_USER" bash "$APP_DIR/deploy/sound.sh"  # read aloud: ALSA for the kiosk user

# --- 6. Keys a patient could press ------------------------------------------------------
step "Making the power, sleep and reboot keys do nothing"
# logind acts on these keys itself, whatever program is on the screen.
install -d /etc/systemd/logind.conf.d
cat > /etc/systemd/logind.conf.d/90-kiosk.conf <<'EOF'
# Installed by the kiosk's deploy/install.sh: nothing a patient presses turns the kiosk off.
# Staff shut down with `sudo systemctl poweroff`.
[Login]
HandlePowerKey=ignore
HandlePowerKeyLongPress=ignore
HandleRebootKey=ignore
HandleRebootKeyLongPress=ignore
HandleSuspendKey=ignore
HandleSuspendKeyLongPress=ignore
HandleHibernateKey=ignore
HandleHibernateKeyLongPress=ignore
HandleLidSwitch=ignore
HandleLidSwitchExternalPower=ignore
HandleLidSwitchDocked=ignore
IdleAction=ignore
EOF

# While cage runs, the kernel does not see Ctrl+Alt+Del; during the seconds between two
# starts it would, and it would reboot the PC. Masking the target makes it do nothing.
systemctl mask ctrl-alt-del.target
install -d /etc/systemd/system.conf.d
cat > /etc/systemd/system.conf.d/90-kiosk.conf <<'EOF'
# Installed by the kiosk's deploy/install.sh: Ctrl+Alt+Del pressed 7 times in 2 s would
# otherwise force a reboot even with ctrl-alt-del.target masked.
[Manager]
CtrlAltDelBurstAction=none
EOF

# Alt+SysRq (PrintScreen) key combinations go straight to the kernel, past cage: with
# Debian's default setting, Alt+SysRq+B reboots at once. Turn them all off.
cat > /etc/sysctl.d/90-kiosk.conf <<'EOF'
# Installed by the kiosk's deploy/install.sh: no Magic SysRq keys on a public keyboard.
kernel.sysrq = 0
EOF
sysctl -q -p /etc/sysctl.d/90-kiosk.conf || warn "could not apply kernel.sysrq=0 now; it applies at the next boot"

# --- 7. No screen blanking --------------------------------------------------------------
step "Turning console blanking off"
# cage (wlroots) never blanks the screen itself, and while it runs the kernel leaves the
# console alone. The kernel's own text-console blanking still applies whenever the console
# shows text: during boot, between two starts of the kiosk, or while it is stopped for
# maintenance. consoleblank=0 on the kernel command line turns that off, so the screen
# never goes dark by itself (a dark screen looks like a broken kiosk).
if [[ -f /etc/default/grub ]]; then
    # A drop-in rather than an edit of /etc/default/grub: re-running adds nothing twice.
    install -d /etc/default/grub.d
    cat > /etc/default/grub.d/90-kiosk.cfg <<'EOF'
# Installed by the kiosk's deploy/install.sh: never blank the text console.
GRUB_CMDLINE_LINUX_DEFAULT="$GRUB_CMDLINE_LINUX_DEFAULT consoleblank=0"
EOF
    if command -v update-grub >/dev/null 2>&1; then
        update-grub
    else
        warn "update-grub not found: run it before rebooting"
    fi
else
    warn "no /etc/default/grub (not booted with GRUB?): add consoleblank=0 to the kernel command line yourself"
fi

# --- 7b. Content from the desk, reports back: Syncthing ----------------------------------
SYNC_ID=""
KIOSK_NAME=${KIOSK_NAME:-$(hostname -s | tr -c 'A-Za-z0-9._\n-' '-')}
REPORT_DIR="$STATE_DIR/report"
step "Setting up the status report in $REPORT_DIR, and pictures of every screen"
install -d -m 0700 -o "$KIOSK_USER" -g "$KIOSK_USER" "$REPORT_DIR"
for unit in kiosk-pictures.service kiosk-pictures.path kiosk-sync.service; do
    install -m 0644 "$APP_DIR/deploy/$unit" "/etc/systemd/system/$unit"
done
if systemd_running; then
    systemctl daemon-reload
fi
systemctl enable kiosk-pictures.path
# What belongs to this office only: never synced, laid over the shared settings.toml.
install -d -m 0755 /etc/kiosk
if [[ ! -f /etc/kiosk/office.toml ]]; then
    cat > /etc/kiosk/office.toml <<'EOF'
# This office's own settings, laid over content/settings.toml (which is the same in every
# office of a group). Any key of settings.toml may be set here; sync never touches this file.
# Check it with: /opt/kiosk/.venv/bin/kiosk check /opt/kiosk/content
#
# office_name = "Elm Street Podiatry"
# screen_diagonal_inches = 21.5
EOF
    note "wrote /etc/kiosk/office.toml (all commented out: the shared settings stand)"
fi
if [[ ${KIOSK_SYNC:-yes} == no ]]; then
    note "KIOSK_SYNC=no: no Syncthing; content is changed on this PC only"
    systemctl disable kiosk-sync.service 2>/dev/null || true
else
    step "Setting up Syncthing for the kiosk user (content in, status out)"
    # Syncthing runs as the kiosk user and writes the content folder.
    chown -R "$KIOSK_USER:$KIOSK_USER" "$APP_DIR/content"
    SYNC_ID=$(runuser -u "$KIOSK_USER" -- env \
        SOURCE_ADDRESS="${KIOSK_SYNC_FROM_ADDRESS:-dynamic}" \
        SOURCE_INTRODUCER="${KIOSK_SYNC_INTRODUCER:-false}" \
        LISTEN="${KIOSK_SYNC_LISTEN:-tcp://0.0.0.0:22000}" \
        "$APP_DIR/deploy/kiosk-sync-setup.sh" "$STATE_DIR/syncthing" "$APP_DIR/content" \
        "$REPORT_DIR" "$KIOSK_NAME" "${KIOSK_SYNC_FROM:-}" | tail -n1)
    systemctl enable kiosk-sync.service
    if systemd_running; then
        systemctl restart kiosk-sync.service   # its configuration was written again
    fi
    [[ -n ${KIOSK_SYNC_FROM:-} ]] || warn "no KIOSK_SYNC_FROM given: the kiosk has no desk to" \
        "take content from yet. Re-run with KIOSK_SYNC_FROM=<the desk's device ID>."
fi

# --- 8. Start the kiosk at boot ---------------------------------------------------------
step "Enabling the kiosk at boot"
systemctl set-default graphical.target
systemctl enable "$UNIT"
if systemctl is-enabled --quiet display-manager.service 2>/dev/null; then
    warn "a desktop login screen (display-manager.service) is enabled; it fights the kiosk" \
         "for the screen. Disable it: systemctl disable display-manager.service"
fi
if systemd_running && systemctl is-active --quiet "$UNIT"; then
    # Re-run after an update: load the new code now.
    systemctl restart "$UNIT"
    note "the running kiosk was restarted with the new version"
fi

# --- Done -------------------------------------------------------------------------------
cat <<EOF

Done. Next steps:

  1. Set the staff PIN (at least 6 digits; asked twice, not shown):
       sudo kiosk-set-pin

  2. Optionally check the content folder:
       sudo -u $KIOSK_USER $VENV/bin/kiosk check $APP_DIR/content

  3. Reboot:
       sudo reboot
     The kiosk starts on its own. Logs: journalctl -u kiosk

EOF
if [[ -n $SYNC_ID ]]; then
    cat <<EOF
Content from the front desk: this kiosk's Syncthing device ID is

       $SYNC_ID

  The one step on the desk PC (its Syncthing web page, http://127.0.0.1:8384):
    "Add Remote Device", paste the ID above, name it $KIOSK_NAME, tick "Auto Accept";
    on its "Sharing" tab tick the folder "Kiosk content" (ID kiosk-content); Save.
  The kiosk's reports then arrive in the desk's folder "Kiosk report $KIOSK_NAME".
  (Step by step, and for a group of offices: deploy/README.md.)

EOF
fi
