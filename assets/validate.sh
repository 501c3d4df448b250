#!/usr/bin/env bash
# ctest assets_validate: checks Ferry's desktop integration files and icon set.
#   bash assets/validate.sh [ASSETS_DIR]
# - org.ferry.Ferry.metainfo.xml with `appstreamcli validate --no-net` (Debian: appstream)
# - org.ferry.Ferry.desktop with `desktop-file-validate` (Debian: desktop-file-utils)
#   A validator that is not installed is reported and skipped (the other checks still run);
#   one that is installed and finds an error fails the test.
# - the committed PNGs: every hicolor size of the app icon, and for every page icon source
#   pages/NAME.svg the four renders NAME.png, NAME@2x.png, NAME-light.png, NAME-light@2x.png,
#   each a PNG of the right pixel size (render.sh makes them).
set -uo pipefail

dir=${1:-$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)}
app=org.ferry.Ferry
failures=0
skipped=""
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

if command -v appstreamcli >/dev/null; then
  appstreamcli validate --no-net "$dir/$app.metainfo.xml" || fail "appstreamcli validate $app.metainfo.xml"
else
  echo "SKIP: appstreamcli is not installed (Debian package: appstream); metainfo not validated" >&2
  skipped+=" appstreamcli"
fi

if command -v desktop-file-validate >/dev/null; then
  desktop-file-validate "$dir/$app.desktop" || fail "desktop-file-validate $app.desktop"
else
  echo "SKIP: desktop-file-validate is not installed (Debian package: desktop-file-utils); desktop file not validated" >&2
  skipped+=" desktop-file-validate"
fi

# The three files must agree on the app id.
grep -qx "Icon=$app" "$dir/$app.desktop" || fail "$app.desktop: Icon= is not $app"
grep -qx "Exec=ferry" "$dir/$app.desktop" || fail "$app.desktop: Exec= is not ferry"
grep -q "<launchable type=\"desktop-id\">$app.desktop</launchable>" "$dir/$app.metainfo.xml" \
  || fail "$app.metainfo.xml: launchable is not $app.desktop"
grep -q "<id>$app</id>" "$dir/$app.metainfo.xml" || fail "$app.metainfo.xml: id is not $app"

# png_is FILE SIZE: FILE is a PNG of SIZE x SIZE pixels (signature, then IHDR width and height).
png_is() {
  local file=$1 size=$2 sig dims
  [ -f "$file" ] || { fail "missing $file"; return; }
  sig=$(od -An -tx1 -N8 "$file" | tr -d ' \n')
  [ "$sig" = 89504e470d0a1a0a ] || { fail "$file is not a PNG"; return; }
  dims=$(od -An -tu1 -j16 -N8 "$file" | awk '{print $1*16777216+$2*65536+$3*256+$4 "x" $5*16777216+$6*65536+$7*256+$8}')
  [ "$dims" = "${size}x${size}" ] || fail "$file is $dims, expected ${size}x${size}"
}

[ -f "$dir/icons/$app.svg" ] || fail "missing icons/$app.svg"
for n in 16 24 32 48 64 128 256 512; do
  png_is "$dir/icons/hicolor/${n}x${n}/apps/$app.png" "$n"
done

pages=0
for svg in "$dir"/icons/pages/*.svg; do
  [ -f "$svg" ] || break
  name=${svg%.svg}
  png_is "$name.png" 24
  png_is "$name@2x.png" 48
  png_is "$name-light.png" 24
  png_is "$name-light@2x.png" 48
  pages=$((pages + 1))
done
[ "$pages" -gt 0 ] || fail "no page icons under icons/pages"

if [ "$failures" -gt 0 ]; then
  echo "assets_validate: $failures problem(s)" >&2
  exit 1
fi
echo "assets_validate: ok, $((pages * 4 + 8)) icon PNGs checked${skipped:+; not installed, so skipped:$skipped}"
