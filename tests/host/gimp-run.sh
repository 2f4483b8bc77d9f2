#!/bin/sh
# Runs Script-Fu test files in a real headless GIMP 2.10 whose private
# profile (GIMP2_DIRECTORY) holds the freshly built plug-in and the
# project's Script-Fu scripts; then runs any checks given after "--".
#
#   gimp-run.sh [--env NAME=VALUE]... PLUGIN HOST_ARGS WORKDIR TEST.scm...
#               [-- COMMAND ARGS...]
#
# --env sets a variable for GIMP and so for the plug-in.
# The tests write WORKDIR/results.txt ("ok NAME", "not ok NAME -- DETAIL",
# and a final "done" line); this fails unless every check passed and the
# run finished.  In COMMAND's arguments, @OUT@ is WORKDIR/out.
set -u

while [ "${1:-}" = "--env" ]; do
  export "$2"
  shift 2
done
plugin=$1 args_prog=$2 work=$3
shift 3
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../common/script-fu-run.sh"
data=${SOBOLEV_DATA_DIR:-$here/../../data}
gimp=${GIMP_CONSOLE:-gimp-console-2.10}

if ! command -v "$gimp" >/dev/null 2>&1; then
  echo "error: $gimp not found; the host tests need GIMP 2.10 installed" >&2
  exit 1
fi

rm -rf "$work"
sh "$here/../common/gimp-seed-profile.sh" GIMP2_DIRECTORY "$work/profile" \
  "$gimp"
mkdir -p "$work/profile/plug-ins/sobolev-transfer" "$work/profile/scripts" \
  "$work/profile/gradients" "$work/profile/palettes" \
  "$work/out"
cp "$plugin" "$work/profile/plug-ins/sobolev-transfer/sobolev-transfer"
cp "$data"/scripts/*.scm "$work/profile/scripts/" 2>/dev/null
"$args_prog" > "$work/args.scm" || exit 1

script_fu_program "$work" "$data" \
  "(load \"$work/args.scm\") (load \"$here/lib.scm\")" "$@"
shift "$consumed"

# Every -b runs in a new Script-Fu process, so the whole test is one.
# GIMP and its plug-ins get a cache folder of their own, empty, as the
# profile is: neither the user's nor shared between tests.  babl 0.1.98
# times a lookup table for each 8-bit conversion its cache lists, at the
# start of every process that starts GEGL: with the cache GIMP writes
# when it quits, each GIMP plug-in the test starts took about half a
# second more, and the tests' times depended on what ran before them.
GIMP2_DIRECTORY="$work/profile" XDG_CACHE_HOME="$work/cache" \
  timeout 600 "$gimp" -i -d -f \
  -b "$program" -b '(gimp-quit 0)' > "$work/gimp.log" 2>&1
status=$?

script_fu_finish $status "$work" "$@"
