#!/bin/bash
# sobolev-transfer — the dialog in the real GIMP GUI, under Xvfb.
#
#   gui-test.sh PLUGIN LOCALE_BUILD_DIR DATA_DIR [SCREENSHOT]
#
# Installs the freshly built plug-in (and its compiled catalogs) into a
# private GIMP2_DIRECTORY, starts gimp-2.10 on a private X server, opens
# two sample photos and calls plug-in-sobolev-transfer interactively from
# Script-Fu.  xdotool finds the dialog by its title:
#   1. English: Help opens; split view; screenshot; OK -> the layer changed
#   2. English: press OK while it computes     -> it waits, then applies
#   3. English: press Cancel while it computes -> the layer is unchanged
#   4. German (LANG=de_DE.UTF-8): the title is German; close the window
#      while it computes                       -> the layer is unchanged
# SCREENSHOT, if given, receives the PNG of the first dialog, and
# SCREENSHOT with -de before .png the German one (taken mid-run).
set -u

plugin=$1
locale_build=$2
data=$3
screenshot=${4:-}

title_en='Sobolev Color Transfer'
title_de='Sobolev-Farbübertragung'

fail () {
  echo "FAIL: $*"
  # What the screen showed, for whoever reads the log.
  [ -n "${DISPLAY:-}" ] && import -window root /tmp/sobolev-ui-failure.png \
    2>/dev/null && echo "# screen at failure: /tmp/sobolev-ui-failure.png"
  for log in "$work"/*/gimp.log "$work"/*/progress.log; do
    [ -f "$log" ] && { echo "--- $log"; tail -40 "$log"; }
  done
  exit 1
}
for tool in Xvfb xdotool import compare gimp-2.10; do
  command -v $tool >/dev/null || fail "$tool is not installed"
done

work=$(mktemp -d /tmp/sobolev-ui-test.XXXXXX)
pids=()
cleanup () {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; done
  wait 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

# The plug-in and its catalogs, as a user's profile install has them.
install_profile () {
  local dir=$1
  mkdir -p "$dir/plug-ins/sobolev-transfer"
  cp "$plugin" "$dir/plug-ins/sobolev-transfer/sobolev-transfer"
  for mo in "$locale_build"/*/LC_MESSAGES/sobolev-transfer.mo; do
    local lang
    lang=$(basename "$(dirname "$(dirname "$mo")")")
    mkdir -p "$dir/plug-ins/sobolev-transfer/locale/$lang/LC_MESSAGES"
    cp "$mo" "$dir/plug-ins/sobolev-transfer/locale/$lang/LC_MESSAGES/"
  done
}

# A private X server on the first free display.
start_x () {
  for n in $(seq 90 140); do
    [ -e /tmp/.X$n-lock ] && continue
    Xvfb :$n -screen 0 1600x1200x24 -nolisten tcp >"$work/xvfb.log" 2>&1 &
    pids+=($!)
    for _ in $(seq 50); do
      if DISPLAY=:$n xdotool getmouselocation >/dev/null 2>&1; then
        export DISPLAY=:$n
        return 0
      fi
      sleep 0.1
    done
  done
  fail "could not start Xvfb"
}

# gimp-2.10 with a fresh profile running the session script for runs.
# Extra environment (LANG …) comes from the caller.
start_gimp () {
  local profile=$1 out=$2 runs=$3
  mkdir -p "$out"
  install_profile "$profile"
  (GIMP2_DIRECTORY=$profile exec gimp-2.10 --no-splash --no-fonts \
       --new-instance --console-messages -b "
(begin
  (define ui-source \"$data/photos/chelsea.png\")
  (define ui-reference \"$data/photos/coffee.png\")
  (define ui-outdir \"$out\")
  (define ui-runs '($runs))
  (load \"$(dirname "$0")/gui-session.scm\"))" \
       >"$out/gimp.log" 2>&1) &
  gimp_pid=$!
  pids+=($gimp_pid)
}

# The id of a visible window whose name matches, within $2 seconds.
find_window () {
  local pattern=$1 limit=$2 id
  for _ in $(seq $((limit * 5))); do
    id=$(xdotool search --onlyvisible --name "$pattern" 2>/dev/null | head -1)
    [ -n "$id" ] && { echo "$id"; return 0; }
    kill -0 "$gimp_pid" 2>/dev/null || return 1
    sleep 0.2
  done
  return 1
}

wait_gone () {
  local id=$1
  for _ in $(seq 300); do
    xdotool search --onlyvisible --name . 2>/dev/null | grep -qx "$id" \
      || return 0
    sleep 0.2
  done
  return 1
}

# Waits until the window's picture stops changing (the descent finished
# and the preview is drawn), at most $2 seconds.
wait_still () {
  local id=$1 limit=$2 prev="$work/still-a.png" cur="$work/still-b.png"
  import -window "$id" "$prev" 2>/dev/null
  for _ in $(seq $limit); do
    sleep 1
    import -window "$id" "$cur" 2>/dev/null
    if [ "$(compare -metric AE "$prev" "$cur" null: 2>&1)" = "0" ]; then
      return 0
    fi
    mv "$cur" "$prev"
  done
  return 1
}

press () {
  local id=$1 keys=$2
  xdotool windowfocus --sync "$id" 2>/dev/null || xdotool windowfocus "$id"
  sleep 0.3
  xdotool key --clearmodifiers $keys
}

differing_pixels () {
  compare -metric AE "$1" "$2" null: 2>&1
}

wait_gimp () {
  local limit=$1
  for _ in $(seq $((limit * 5))); do
    kill -0 "$gimp_pid" 2>/dev/null || return 0
    sleep 0.2
  done
  return 1
}

passed=0
failed=0
check () {
  if eval "$2"; then
    echo "ok - $1"; passed=$((passed + 1))
  else
    echo "not ok - $1"; failed=$((failed + 1))
  fi
}

start_x

# ---- English: OK, then Cancel -------------------------------------------
t0=$(date +%s)
out_en="$work/en"
LANG=C.UTF-8 LC_ALL= LANGUAGE= start_gimp "$work/profile-en" "$out_en" \
  '"ok" "undo" "okearly" "cancel"'

wid=$(find_window "^$title_en\$" 90) || fail "the dialog did not appear"
echo "# dialog found after $(( $(date +%s) - t0 )) s: window $wid"
check "English title" "[ \"\$(xdotool getwindowname $wid)\" = \"$title_en\" ]"

# Help: a window listing the parameters opens and closes.
press "$wid" F1
help=$(find_window "^$title_en Help\$" 20)
check "Help opens its window" "[ -n \"$help\" ]"
[ -n "$help" ] && { press "$help" Escape; wait_gone "$help"; }

# Before | after split, then wait for the descent and the preview.
press "$wid" alt+s
wait_still "$wid" 60 || echo "# the dialog kept changing for 60 s"
import -window "$wid" "$work/dialog.png"
check "screenshot saved" "[ -s $work/dialog.png ]"
[ -n "$screenshot" ] && cp "$work/dialog.png" "$screenshot"
press "$wid" alt+o
wait_gone "$wid" || fail "the dialog did not close after OK"

# Undo: while the next dialog is open, Ctrl+Z in the image's window
# takes back the OK (one undo step); the dialog is then cancelled.
wid=$(find_window "^$title_en\$" 60) || fail "the undo-run dialog did not appear"
img=$(find_window "chelsea.*GIMP" 20) || fail "the image window was not found"
# Once the dialog has settled (its descent done, focus where it stays).
wait_still "$wid" 60 || echo "# the dialog kept changing for 60 s"
press "$img" ctrl+z
sleep 1
press "$wid" alt+c
wait_gone "$wid" || fail "the dialog did not close after Cancel (undo run)"

# OK at once, while the worker computes: the dialog waits for the job
# and applies it.
wid=$(find_window "^$title_en\$" 60) || fail "the second dialog did not appear"
press "$wid" alt+o
wait_gone "$wid" || fail "the dialog did not close after an early OK"

wid=$(find_window "^$title_en\$" 60) || fail "the third dialog did not appear"
# Cancel at once: the worker is still computing.
press "$wid" alt+c
wait_gone "$wid" || fail "the dialog did not close after Cancel"
wait_gimp 60 || fail "gimp did not quit"

check "OK changed the layer" \
  "[ \"\$(differing_pixels $out_en/before.png $out_en/ok.png)\" != 0 ]"
check "one undo restores the exact original pixels" \
  "[ \"\$(differing_pixels $out_en/before.png $out_en/undo.png)\" = 0 ]"
check "OK while computing waited and changed the layer" \
  "[ \"\$(differing_pixels $out_en/undo.png $out_en/okearly.png)\" != 0 ]"
check "Cancel left the layer as it was" \
  "[ \"\$(differing_pixels $out_en/okearly.png $out_en/cancel.png)\" = 0 ]"
check "no crash" "! grep -qi 'crash\|segmentation\|wire read' $out_en/gimp.log"
echo "# English session: $(( $(date +%s) - t0 )) s"

# ---- German: the title, then close the window mid-run --------------------
t0=$(date +%s)
if ! locale -a 2>/dev/null | grep -qix 'de_DE.utf-\?8'; then
  # A private compiled locale: needs the locales package's sources only.
  mkdir -p "$work/locale"
  localedef -i de_DE -f UTF-8 "$work/locale/de_DE.UTF-8" >/dev/null 2>&1
  [ -d "$work/locale/de_DE.UTF-8" ] || fail "could not compile de_DE.UTF-8"
  export LOCPATH="$work/locale"
fi
out_de="$work/de"
LANG=de_DE.UTF-8 LC_ALL= LANGUAGE= start_gimp "$work/profile-de" "$out_de" \
  '"close"'
wid=$(find_window "^Sobolev" 90) || fail "the German dialog did not appear"
name=$(xdotool getwindowname "$wid")
echo "# German dialog title: $name"
check "German title" "[ \"\$name\" = \"$title_de\" ]"
import -window "$wid" "$work/dialog-de.png" 2>/dev/null
[ -n "$screenshot" ] && cp "$work/dialog-de.png" "${screenshot%.png}-de.png"
# Escape is how GtkDialog closes (the same response as the close button).
press "$wid" Escape
wait_gone "$wid" || { press "$wid" Escape; wait_gone "$wid"; } \
  || fail "the German dialog did not close"
wait_gimp 60 || fail "gimp did not quit"
check "closing left the layer as it was" \
  "[ \"\$(differing_pixels $out_de/before.png $out_de/close.png)\" = 0 ]"
# GIMP translates the menu label and the blurb with the text domain the
# plug-in registered: its name and folder are in pluginrc; what that
# domain gives for them in German is what the menu shows.
# (GIMP writes the profile folder as ${gimp_dir}.)
registered='(locale-def "sobolev-transfer" "${gimp_dir}/plug-ins/sobolev-transfer/locale")'
check "the text domain is registered with GIMP" \
  "grep -qF \"\$registered\" $work/profile-de/pluginrc"
de_text () {
  LANG=de_DE.UTF-8 LANGUAGE= LC_ALL= \
    TEXTDOMAINDIR="$work/profile-de/plug-ins/sobolev-transfer/locale" \
    gettext -d sobolev-transfer "$1"
}
label=$(de_text 'Sobolev Color _Transfer...')
blurb=$(de_text 'Recolor a layer to match the colors of a reference layer')
echo "# German menu label: $label"
echo "# German blurb: $blurb"
check "the menu label is translated" "[ \"\$label\" = 'Sobolev-_Farbübertragung …' ]"
check "the blurb is translated" "echo \"\$blurb\" | grep -q '^Eine Ebene umfärben'"
echo "# German session: $(( $(date +%s) - t0 )) s"

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
