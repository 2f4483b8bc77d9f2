#!/bin/sh
# Runs Script-Fu test files in a real headless GIMP 3 (gimp-console-3.0)
# whose private profile (GIMP3_DIRECTORY) holds the freshly built plug-in
# and the project's Script-Fu scripts; then runs any checks given after
# "--".
#
#   gimp3-run.sh PLUGIN WORKDIR TEST.scm... [-- COMMAND ARGS...]
#
# The tests write WORKDIR/results.txt ("ok NAME", "not ok NAME -- DETAIL",
# and a final "done" line); this fails unless every check passed and the
# run finished.  In COMMAND's arguments, @OUT@ is WORKDIR/out.
set -u
plugin=$1 work=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)
data=${SOBOLEV_DATA_DIR:-$here/../../data}
gimp=${GIMP3_CONSOLE:-gimp-console-3.0}

if ! command -v "$gimp" >/dev/null 2>&1; then
  echo "error: $gimp not found; the GIMP 3 tests run in the root that" \
    "build-aux/gimp3-root makes" >&2
  exit 1
fi

rm -rf "$work"
mkdir -p "$work/profile/plug-ins/sobolev-transfer" "$work/profile/scripts" \
  "$work/out" "$work/home"
cp "$plugin" "$work/profile/plug-ins/sobolev-transfer/sobolev-transfer"
cp "$data"/scripts/*.scm "$work/profile/scripts/"
# The plug-in's catalogs, where GIMP 3 looks for them (set_i18n).
for mo in "$(dirname "$plugin")"/../../po/*/LC_MESSAGES/*.mo; do
  [ -f "$mo" ] || continue
  lang=$(basename "$(dirname "$(dirname "$mo")")")
  mkdir -p "$work/profile/plug-ins/sobolev-transfer/locale/$lang/LC_MESSAGES"
  cp "$mo" "$work/profile/plug-ins/sobolev-transfer/locale/$lang/LC_MESSAGES/"
done

scm="(define test-data-dir \"$data/photos\")"
scm="$scm (define test-out-dir \"$work/out\")"
scm="$scm (define test-results \"$work/results.txt\")"
scm="$scm (load \"$here/lib3.scm\")"
while [ $# -gt 0 ] && [ "$1" != "--" ]; do
  scm="$scm (load \"$1\")"
  shift
done
[ $# -gt 0 ] && shift
scm="(begin $scm (test-finish))"

# A private HOME too: GIMP 3 writes caches there.  GIMP 3.0.4 itself
# logs a GLib critical when it quits, so criticals cannot be fatal here.
# --quit: GIMP quits even when the batch command fails.
unset G_DEBUG
HOME="$work/home" GIMP3_DIRECTORY="$work/profile" timeout 600 "$gimp" -i \
  -d -f --batch-interpreter plug-in-script-fu-eval --quit -b "$scm" \
  >"$work/gimp.log" 2>&1
status=$?

cat "$work/results.txt" 2>/dev/null
if [ $status -ne 0 ] || ! grep -q '^done' "$work/results.txt" 2>/dev/null \
  || grep -q '^not ok' "$work/results.txt"; then
  echo "FAIL (GIMP exit status $status); GIMP's output:" >&2
  grep -v '^$' "$work/gimp.log" | tail -40 >&2
  exit 1
fi

if [ $# -gt 0 ]; then
  cmd=$1
  shift
  for arg in "$@"; do
    set -- "$@" "$(printf '%s' "$arg" | sed "s|@OUT@|$work/out|g")"
    shift
  done
  "$cmd" "$@" || exit 1
fi
exit 0
