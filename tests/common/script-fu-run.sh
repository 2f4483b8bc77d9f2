# Sourced by tests/host/gimp-run.sh (GIMP 2.10) and tests/gimp3/gimp3-run.sh
# (GIMP 3): what a Script-Fu test run is, whichever GIMP runs it.

script_fu_common=$(cd "$(dirname "$0")/../common" && pwd)

# script_fu_program WORK DATA PRELUDE TEST.scm... [-- COMMAND ARGS...]
# Sets program to the Script-Fu that defines the test folders, runs
# PRELUDE (forms that load the helpers) and loads every TEST.scm up to
# "--", then ends the results; sets consumed to how many of the TEST.scm
# and "--" arguments it read, for the caller to shift.
script_fu_program() {
  _work=$1 _data=$2 _prelude=$3
  shift 3
  consumed=0
  program="(define test-data-dir \"$_data/photos\")"
  program="$program (define test-out-dir \"$_work/out\")"
  program="$program (define test-results \"$_work/results.txt\")"
  program="$program (load \"$script_fu_common/script-fu-checks.scm\")"
  program="$program $_prelude"
  while [ $# -gt 0 ] && [ "$1" != "--" ]; do
    program="$program (load \"$1\")"
    consumed=$((consumed + 1))
    shift
  done
  [ $# -gt 0 ] && consumed=$((consumed + 1))
  program="(begin $program (test-finish))"
}

# sanitizer_reports LOG
# Succeeds, printing them, when LOG holds reports of the sanitizers from
# a plug-in process.  GIMP does not look at how a plug-in exits once it
# has answered: a leak the plug-in's LeakSanitizer finds at exit, after
# the call succeeded, only shows in GIMP's output.
sanitizer_reports() {
  grep -n -A12 -E 'ERROR: (AddressSanitizer|LeakSanitizer)|: runtime error: ' \
    "$1" 2>/dev/null
}

# script_fu_finish STATUS WORK [COMMAND ARGS...]
# Fails unless GIMP exited with STATUS 0, WORK/results.txt says every
# check passed and the run finished, and no plug-in process reported an
# error of the sanitizers (in the sanitizer build); then runs COMMAND,
# with @OUT@ in its arguments replaced by WORK/out.
script_fu_finish() {
  _status=$1 _work=$2
  shift 2
  cat "$_work/results.txt" 2>/dev/null
  if [ "$_status" -ne 0 ] || ! grep -q '^done' "$_work/results.txt" 2>/dev/null \
    || grep -q '^not ok' "$_work/results.txt"; then
    echo "FAIL (GIMP exit status $_status); GIMP's output:" >&2
    grep -v '^$' "$_work/gimp.log" | tail -40 >&2
    return 1
  fi
  if sanitizer_reports "$_work/gimp.log" >&2; then
    echo "FAIL: the plug-in's sanitizers reported errors (above)" >&2
    return 1
  fi
  [ $# -gt 0 ] || return 0
  _cmd=$1
  shift
  for _arg in "$@"; do
    set -- "$@" "$(printf '%s' "$_arg" | sed "s|@OUT@|$_work/out|g")"
    shift
  done
  "$_cmd" "$@" || return 1
}
