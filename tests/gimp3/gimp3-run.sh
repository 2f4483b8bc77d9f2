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
. "$here/../common/script-fu-run.sh"
data=${SOBOLEV_DATA_DIR:-$here/../../data}
gimp=${GIMP3_CONSOLE:-gimp-console-3.0}

if ! command -v "$gimp" >/dev/null 2>&1; then
  echo "error: $gimp not found; the GIMP 3 tests run in the root that" \
    "build-aux/gimp3-root makes" >&2
  exit 1
fi

rm -rf "$work"
sh "$here/../common/gimp-seed-profile.sh" GIMP3_DIRECTORY "$work/profile" \
  "$gimp"
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

script_fu_program "$work" "$data" "(load \"$here/lib3.scm\")" "$@"
shift "$consumed"

# A private HOME too: GIMP 3 writes caches there.  GIMP 3.0.4 itself
# logs a GLib critical when it quits, so criticals cannot be fatal here.
# --quit: GIMP quits even when the batch command fails.
unset G_DEBUG
# SOBOLEV_FILE_SIZE_LIMIT (KiB), if set, caps the size of every file
# GIMP and its plug-ins write, as a full disk would: a test makes a save
# fail midway with it.
(
  if [ -n "${SOBOLEV_FILE_SIZE_LIMIT:-}" ]; then
    ulimit -f $((SOBOLEV_FILE_SIZE_LIMIT * 2)) || exit 1
  fi
  HOME="$work/home" GIMP3_DIRECTORY="$work/profile" exec timeout 600 "$gimp" \
    -i -d -f --batch-interpreter plug-in-script-fu-eval --quit \
    -b "$program" >"$work/gimp.log" 2>&1
)
status=$?

script_fu_finish $status "$work" "$@"
