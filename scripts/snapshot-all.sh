#!/usr/bin/env bash
# Render every screen on the five supported screens, in both text sizes and both languages
# (and high contrast twice), into snapshots/<screen>[-larger][-contrast]/: what to look at before calling UI work done.
set -euo pipefail
cd "$(dirname "$0")/.."
kiosk=.venv/bin/kiosk
out=${1:-snapshots}
screens=("1280x800 10" "1366x768 15.6" "1920x1080 21.5" "1080x1920 21.5" "3840x2160 27")
for screen in "${screens[@]}"; do
  read -r size diagonal <<<"$screen"
  name="${size}-${diagonal}in"
  "$kiosk" snapshot "$out/$name" --size "$size" --diagonal "$diagonal" >/dev/null
  "$kiosk" snapshot "$out/$name-larger" --size "$size" --diagonal "$diagonal" --larger-text >/dev/null
  "$kiosk" snapshot "$out/$name-es" --size "$size" --diagonal "$diagonal" --language es >/dev/null
  "$kiosk" snapshot "$out/$name-es-larger" --size "$size" --diagonal "$diagonal" --language es \
    --larger-text >/dev/null
done
"$kiosk" snapshot "$out/1920x1080-21.5in-contrast" --size 1920x1080 --diagonal 21.5 --high-contrast >/dev/null
"$kiosk" snapshot "$out/1280x800-10in-larger-contrast" --size 1280x800 --diagonal 10 --larger-text --high-contrast >/dev/null
# With a take-home address (the bundled content ships without one): its button and card.
with_address=$(mktemp -d)
trap 'rm -rf "$with_address"' EXIT
cp -r content "$with_address/content"
printf '\ntake_home_url = "https://www.your-office.example/stress-fracture"\n' \
  >>"$with_address/content/settings.toml"
for screen in "${screens[@]}"; do
  read -r size diagonal <<<"$screen"
  "$kiosk" snapshot "$out/${size}-${diagonal}in-take-home" --size "$size" --diagonal "$diagonal" \
    --content "$with_address/content" >/dev/null
done
echo "snapshots in $out/"
