#!/bin/sh
# Remakes the command-line pictures of README.md with the built command.
# Usage: cli/doc/make-pictures.sh BUILD_DIR   (run from the project root;
# needs ImageMagick's convert to lay the photos side by side).
set -e
build=${1:-build}
exe="$build/cli/sobolev-transfer"
doc=cli/doc
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$exe" -q data/photos/chelsea.png data/photos/coffee.png "$tmp/cat-coffee.png"
convert data/photos/chelsea.png data/photos/coffee.png "$tmp/cat-coffee.png" \
  -resize x200 -bordercolor white -border 4 +append -strip -quality 85 \
  "$doc/transfer-example.jpg"

"$exe" morph --frames 6 --cell 112 data/shapes/heart.png \
  data/shapes/star.png "$doc/heart-to-star.png"
