#!/bin/sh
# The hostile-call table (test-hostile.scm) in real headless GIMP, with
# files it must not touch: copies of two sample photos as SOURCE and
# REFERENCE and an existing OUTPUT, in a folder of their own whose
# checksums are taken before GIMP starts and checked after it exits.
#
#   hostile.sh GIMP_RUN PLUGIN HOST_ARGS WORKDIR TEST.scm...
set -u
run=$1 plugin=$2 args_prog=$3 work=$4
shift 4
here=$(cd "$(dirname "$0")" && pwd)
data=${SOBOLEV_DATA_DIR:-$here/../../data}
files="$work-files"

rm -rf "$files" "$work-files.sha1" "$work-files.scm"
mkdir -p "$files" || exit 1
cp "$data/photos/chelsea.png" "$files/src.png" &&
  cp "$data/photos/coffee.png" "$files/ref.png" &&
  cp "$data/photos/chelsea.png" "$files/kept.png" || exit 1
(cd "$files" && sha1sum src.png ref.png kept.png) > "$work-files.sha1"
printf '(define hostile-dir "%s")\n' "$files" > "$work-files.scm"

sh "$run" "$plugin" "$args_prog" "$work" "$work-files.scm" "$@" || exit 1

if ! (cd "$files" && sha1sum -c --quiet "$work-files.sha1"); then
  echo "FAIL: a hostile call changed a file it must not touch" >&2
  exit 1
fi
left=$(ls -A "$files" | tr '\n' ' ')
if [ "$left" != "kept.png ref.png src.png " ]; then
  echo "FAIL: the folder holds “$left”, not just the three files" >&2
  exit 1
fi
echo "ok: src.png, ref.png and kept.png byte for byte as before, nothing added"
