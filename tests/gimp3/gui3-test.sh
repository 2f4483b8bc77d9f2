#!/bin/sh
# The GIMP 3 plug-in's dialog in the real gimp-3.0 GUI, under Xvfb.
#
#   gui3-test.sh PLUGIN PIXEL_CHECK WORKDIR [LANG_TITLE]
#
# A fresh private profile (the welcome dialog turned off), the plug-in
# called interactively from Script-Fu (gui3-session.scm); xdotool finds
# the dialog by its title ("Sobolev Color Transfer", or LANG_TITLE when
# the caller set a locale), saves a screenshot, presses OK: the layer
# changed; the second dialog is cancelled: the layer did not change.
set -u
plugin=$1 pixel_check=$2 work=$3
title=${4:-Sobolev Color Transfer}
here=$(cd "$(dirname "$0")" && pwd)
data=${SOBOLEV_DATA_DIR:-$here/../../data}

fail() {
  echo "not ok - $*"
  [ -f "$work/gimp.log" ] && grep -v '^$' "$work/gimp.log" | tail -30
  exit 1
}
for tool in gimp-3.0 Xvfb xdotool import; do
  command -v $tool >/dev/null 2>&1 \
    || fail "$tool not found; the GIMP 3 tests run in the root that build-aux/gimp3-root makes"
done

rm -rf "$work"
mkdir -p "$work/profile/plug-ins/sobolev-transfer" "$work/home" "$work/out"
cp "$plugin" "$work/profile/plug-ins/sobolev-transfer/sobolev-transfer"
for mo in "$(dirname "$plugin")"/../../po/*/LC_MESSAGES/*.mo; do
  [ -f "$mo" ] || continue
  lang=$(basename "$(dirname "$(dirname "$mo")")")
  mkdir -p "$work/profile/plug-ins/sobolev-transfer/locale/$lang/LC_MESSAGES"
  cp "$mo" "$work/profile/plug-ins/sobolev-transfer/locale/$lang/LC_MESSAGES/"
done
# A fresh GIMP 3 profile greets with a welcome dialog; this turns it off.
echo '(show-welcome-dialog no)' >"$work/profile/gimprc"

xvfb_pid= gimp_pid=
cleanup() {
  [ -n "$gimp_pid" ] && kill "$gimp_pid" 2>/dev/null
  [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null
  wait 2>/dev/null
}
trap cleanup EXIT

# A private X server on a display it picks itself (-displayfd): tests
# that start servers at the same moment cannot take the same one.
Xvfb -displayfd 3 -screen 0 1600x1200x24 -nolisten tcp \
  3>"$work/display" >"$work/xvfb.log" 2>&1 &
xvfb_pid=$!
for _ in $(seq 300); do
  n=$(cat "$work/display" 2>/dev/null)
  [ -n "$n" ] && DISPLAY=":$n" xdotool getmouselocation >/dev/null 2>&1 \
    && break
  kill -0 "$xvfb_pid" 2>/dev/null || break
  sleep 0.1
done
n=$(cat "$work/display" 2>/dev/null)
if [ -z "$n" ] || ! DISPLAY=":$n" xdotool getmouselocation >/dev/null 2>&1
then
  kill "$xvfb_pid" 2>/dev/null
  xvfb_pid=
fi
export DISPLAY=":$n"
[ -n "$xvfb_pid" ] || fail "could not start Xvfb"

unset G_DEBUG
HOME="$work/home" GIMP3_DIRECTORY="$work/profile" gimp-3.0 --no-splash \
  --new-instance --batch-interpreter plug-in-script-fu-eval --quit -b "
(begin
  (define gui-source \"$data/photos/chelsea.png\")
  (define gui-reference \"$data/photos/coffee.png\")
  (define gui-out \"$work/out\")
  (define gui-results \"$work/results.txt\")
  (load \"$here/gui3-session.scm\"))" >"$work/gimp.log" 2>&1 &
gimp_pid=$!

# The id of a visible window with exactly this name, within $2 seconds.
find_window() {
  for _ in $(seq $(($2 * 5))); do
    id=$(xdotool search --onlyvisible --name "^$1\$" 2>/dev/null | head -1)
    [ -n "$id" ] && { echo "$id"; return 0; }
    kill -0 "$gimp_pid" 2>/dev/null || return 1
    sleep 0.2
  done
  return 1
}
wait_gone() {
  for _ in $(seq 300); do
    xdotool search --onlyvisible --name . 2>/dev/null | grep -qx "$1" \
      || return 0
    sleep 0.2
  done
  return 1
}
press() {
  xdotool windowfocus --sync "$1" 2>/dev/null || xdotool windowfocus "$1"
  sleep 0.5
  xdotool key --clearmodifiers "$2"
}

start=$(date +%s)
wid=$(find_window "$title" 240) || fail "no window titled \"$title\" appeared"
echo "# dialog after $(($(date +%s) - start)) s"
sleep 2
import -window "$wid" "$work/out/dialog.png" 2>/dev/null
press "$wid" alt+o
wait_gone "$wid" || fail "the dialog did not close after OK"

wid=$(find_window "$title" 120) || fail "the second dialog did not appear"
sleep 1
press "$wid" Escape
wait_gone "$wid" || fail "the dialog did not close on Escape"

for _ in $(seq 300); do
  kill -0 "$gimp_pid" 2>/dev/null || break
  sleep 0.2
done
kill -0 "$gimp_pid" 2>/dev/null && fail "GIMP did not quit"
gimp_pid=
grep -q '^done' "$work/results.txt" 2>/dev/null \
  || fail "the session did not finish"
cat "$work/results.txt"

printf 'changed %s %s 0.5\nsame %s %s\n' "$work/out/before.png" \
  "$work/out/ok.png" "$work/out/ok.png" "$work/out/cancel.png" \
  >"$work/checks.txt"
"$pixel_check" "$work/checks.txt" || fail "pixels (see above)"
[ -s "$work/out/dialog.png" ] || fail "no screenshot of the dialog"
echo "ok - OK applied, Cancel left the layer unchanged; screenshot $work/out/dialog.png"
