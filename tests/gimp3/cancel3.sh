#!/bin/sh
# Runs gimp3-run.sh on test-cancel.scm while a watcher kills the plug-in's
# process once it has run for SECONDS: what GIMP does when the user
# presses Cancel in the status bar.  The plug-in's short query run at
# GIMP's start (GIMP asks it what it registers) ends long before that
# and is left alone.
# Then pixel-check compares the images the test wrote.
#
#   cancel3.sh SECONDS PLUGIN PIXEL_CHECK WORKDIR
set -u
after=$1 plugin=$2 pixel_check=$3 work=$4
here=$(cd "$(dirname "$0")" && pwd)
installed="$work/profile/plug-ins/sobolev-transfer/sobolev-transfer"

(
  for _ in $(seq 3000); do
    for pid in $(pgrep -f "^$installed" 2>/dev/null); do
      age=$(ps -o etimes= -p "$pid" 2>/dev/null | tr -d ' ')
      if [ -n "$age" ] && [ "$age" -ge "$after" ]; then
        kill -KILL "$pid" 2>/dev/null \
          && echo "# killed the plug-in ($pid) after $age s" >&2
        exit 0
      fi
    done
    sleep 0.1
  done
  echo "# the plug-in never ran for $after s" >&2
) &
watcher=$!
"$here/gimp3-run.sh" "$plugin" "$work" "$here/test-cancel.scm" \
  -- "$pixel_check" "$work/out/checks.txt"
status=$?
kill "$watcher" 2>/dev/null
wait "$watcher" 2>/dev/null
exit $status
