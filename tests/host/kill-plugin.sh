#!/bin/sh
# Runs gimp-run.sh ARGS… while a watcher kills the plug-in's process once
# it has run for a while: what GIMP does when the user presses Cancel in
# the status bar.  The plug-in's short query run at GIMP's start (a fresh
# profile) ends long before that and is left alone.
#
#   kill-plugin.sh SECONDS GIMP_RUN_SH PLUGIN HOST_ARGS WORKDIR TEST.scm…
set -u
after=$1 runner=$2 work=$5
shift 2
installed="$work/profile/plug-ins/sobolev-transfer/sobolev-transfer"

(
  # Poll for up to 5 minutes.
  for _ in $(seq 3000); do
    for pid in $(pgrep -f "^$installed" 2>/dev/null); do
      age=$(ps -o etimes= -p "$pid" 2>/dev/null | tr -d ' ')
      if [ -n "$age" ] && [ "$age" -ge "$after" ]; then
        kill -KILL "$pid" 2>/dev/null && echo "# killed the plug-in ($pid) after ${age} s" >&2
        exit 0
      fi
    done
    sleep 0.1
  done
  echo "# the plug-in never ran for ${after} s" >&2
) &
watcher=$!
"$runner" "$@"
status=$?
kill "$watcher" 2>/dev/null
wait "$watcher" 2>/dev/null
exit $status
