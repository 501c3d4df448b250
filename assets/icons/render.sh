#!/usr/bin/env bash
# Renders Ferry's icon PNGs from their SVG sources. The PNGs are committed (the build and CI never
# render anything); run this after changing an SVG:
#   bash assets/icons/render.sh
# - org.ferry.Ferry.svg   -> hicolor/<N>x<N>/apps/org.ferry.Ferry.png for N in 16 24 32 48 64 128 256 512
# - pages/<name>.svg      -> pages/<name>.png (24 px), pages/<name>@2x.png (48 px), dark grey #444,
#                            and pages/<name>-light.png, pages/<name>-light@2x.png, light grey #eee
#                            (the source's #444 replaced by #eee).
# Renderer: rsvg-convert (Debian: librsvg2-bin), else ImageMagick's convert, else inkscape.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# render SVG SIZE OUT.png
if command -v rsvg-convert >/dev/null; then
  render() { rsvg-convert --width "$2" --height "$2" --format png --output "$3" "$1"; }
elif command -v convert >/dev/null && convert -version 2>/dev/null | grep -q ImageMagick; then
  render() { convert -background none -density 1200 "$1" -resize "$2x$2" -strip "PNG32:$3"; }
elif command -v inkscape >/dev/null; then
  render() { inkscape "$1" --export-type=png --export-width="$2" --export-height="$2" \
               --export-filename="$3" >/dev/null 2>&1; }
else
  echo "render.sh: no SVG renderer; install librsvg2-bin (rsvg-convert)" >&2
  exit 1
fi

for n in 16 24 32 48 64 128 256 512; do
  mkdir -p "$here/hicolor/${n}x${n}/apps"
  render "$here/org.ferry.Ferry.svg" "$n" "$here/hicolor/${n}x${n}/apps/org.ferry.Ferry.png"
done

for svg in "$here"/pages/*.svg; do
  name=$(basename "$svg" .svg)
  render "$svg" 24 "$here/pages/$name.png"
  render "$svg" 48 "$here/pages/$name@2x.png"
  sed 's/#444\b/#eee/g' "$svg" > "$tmp/$name-light.svg"
  render "$tmp/$name-light.svg" 24 "$here/pages/$name-light.png"
  render "$tmp/$name-light.svg" 48 "$here/pages/$name-light@2x.png"
done

echo "render.sh: rendered $(find "$here/hicolor" "$here/pages" -name '*.png' | wc -l) PNGs" >&2
