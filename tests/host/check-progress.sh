#!/bin/sh
# The progress bar the plug-in's runs showed, read from GIMP's log (the
# plug-in run with SOBOLEV_PROGRESS_TRACE set): in every run the bar only
# moves forward, so it shows the run once from left to right, as GIMP's
# own filters do; and runs reach its end.  Runs that fail stop early.
#
#   check-progress.sh LOG [COMMAND ARGS...]
#
# COMMAND, if given, runs after a passing check (the test's other check).
set -u
log=$1
shift

awk '
/^sobolev-transfer: progress run$/ { runs++; last = -1; next }
/^sobolev-transfer: progress [0-9]/ {
  v = $3 + 0
  values++
  if (runs == 0) {
    print "not ok: the bar moved before a run started"; bad = 1
  } else if (last >= 1.0) {
    printf "not ok: run %d moved the bar again after its end\n", runs; bad = 1
  } else if (v < last) {
    printf "not ok: run %d took the bar back from %.3f to %.3f\n", runs, last, v
    bad = 1
  }
  if (v >= 1.0)
    ended++
  last = v
}
END {
  printf "# progress: %d runs, %d values, %d runs reached the end\n", \
    runs, values, ended
  if (ended < 1) {
    print "not ok: no run reached the end of the bar"; bad = 1
  }
  if (!bad)
    print "ok: every run moved the bar forward only"
  exit bad
}' "$log" || exit 1
[ $# -eq 0 ] || exec "$@"
