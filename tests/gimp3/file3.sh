#!/bin/sh
# The GIMP 3 file procedure (test-file.scm) with files it must not touch:
# copies of two sample photos as SOURCE and REFERENCE, and existing
# outputs, in a folder of their own whose checksums are taken before GIMP
# starts and checked after it exits; then pixel-check compares the
# images the calls that succeed wrote.
#
#   file3.sh PLUGIN PIXEL_CHECK WORKDIR TEST.scm
set -u
plugin=$1 pixel_check=$2 work=$3 test=$4
here=$(cd "$(dirname "$0")" && pwd)
data=${SOBOLEV_DATA_DIR:-$here/../../data}
files="$work-files"

rm -rf "$files" "$work-files.sha1" "$work-files.scm"
mkdir -p "$files" || exit 1
cp "$data/photos/chelsea.png" "$files/src.png" &&
  cp "$data/photos/coffee.png" "$files/ref.png" &&
  cp "$data/photos/chelsea.png" "$files/kept.png" &&
  cp "$data/photos/coffee.png" "$files/kept.xyz" &&
  cp "$data/photos/coffee.png" "$files/kept.tif" || exit 1
(cd "$files" && sha1sum src.png ref.png kept.png kept.xyz kept.tif) \
  >"$work-files.sha1"
printf '(define guarded-dir "%s") (define fixtures-dir "%s")\n' \
  "$files" "$here" >"$work-files.scm"

# Every file GIMP writes stops at 2 MiB, as on a full disk: the test's
# one large output (an uncompressed TIFF of over 3 MB) fails midway.
SOBOLEV_FILE_SIZE_LIMIT=2048 sh "$here/gimp3-run.sh" "$plugin" "$work" "$work-files.scm" "$test" \
  -- "$pixel_check" @OUT@/checks.txt || exit 1

if ! (cd "$files" && sha1sum -c --quiet "$work-files.sha1"); then
  echo "FAIL: a refused or failed call changed a file it must not touch" >&2
  exit 1
fi
left=$(ls -A "$files" | tr '\n' ' ')
if [ "$left" != "kept.png kept.tif kept.xyz ref.png src.png " ]; then
  echo "FAIL: the folder holds “$left”, not just the five files" >&2
  exit 1
fi
echo "ok: the guarded files byte for byte as before, nothing added"
