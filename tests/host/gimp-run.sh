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
data=${SOBOLEV_DATA_DIR:-$here/../../data}
gimp=${GIMP_CONSOLE:-gimp-console-2.10}

if ! command -v "$gimp" >/dev/null 2>&1; then
  echo "error: $gimp not found; the host tests need GIMP 2.10 installed" >&2
  exit 1
fi

rm -rf "$work"
mkdir -p "$work/profile/plug-ins/sobolev-transfer" "$work/profile/scripts" \
  "$work/profile/gradients" "$work/profile/palettes" \
  "$work/out"
cp "$plugin" "$work/profile/plug-ins/sobolev-transfer/sobolev-transfer"
cp "$data"/scripts/*.scm "$work/profile/scripts/" 2>/dev/null
"$args_prog" > "$work/args.scm" || exit 1

scm="(define test-data-dir \"$data/photos\")"
scm="$scm (define test-out-dir \"$work/out\")"
scm="$scm (define test-results \"$work/results.txt\")"
scm="$scm (load \"$work/args.scm\") (load \"$here/lib.scm\")"
while [ $# -gt 0 ] && [ "$1" != "--" ]; do
  scm="$scm (load \"$1\")"
  shift
done
[ $# -gt 0 ] && shift
scm="(begin $scm (test-finish))"

# Every -b runs in a new Script-Fu process, so the whole test is one.
GIMP2_DIRECTORY="$work/profile" timeout 600 "$gimp" -i -d -f \
  -b "$scm" -b '(gimp-quit 0)' > "$work/gimp.log" 2>&1
status=$?

cat "$work/results.txt" 2>/dev/null
if [ $status -ne 0 ] || ! grep -q '^done' "$work/results.txt" 2>/dev/null \
  || grep -q '^not ok' "$work/results.txt"; then
  echo "FAIL (GIMP exit status $status); GIMP's output:" >&2
  grep -v '^$' "$work/gimp.log" | tail -40 >&2
  exit 1
fi

if [ $# -gt 0 ]; then
  # Substitute @OUT@ in the check's arguments.
  cmd=$1
  shift
  for arg in "$@"; do
    set -- "$@" "$(printf '%s' "$arg" | sed "s|@OUT@|$work/out|g")"
    shift
  done
  "$cmd" "$@" || exit 1
fi
exit 0
