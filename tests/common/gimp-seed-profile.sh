#!/bin/sh
# Gives a new private GIMP profile what GIMP's first start writes into one
# (pluginrc, the registry of the system's plug-ins, and the rest), copied
# from a model profile that GIMP started once with nothing of this
# project in it.  A first start asks every plug-in on the system what it
# registers: about 3 s of processor time for GIMP 2.10 and 6 s for GIMP 3,
# at the start of every test otherwise.  The project's plug-in is not in
# the copy: GIMP asks it at the test's start, as when a user installs it
# into a profile GIMP has used before.
#
#   gimp-seed-profile.sh PROFILE_VAR PROFILE GIMP_CONSOLE
#
# PROFILE_VAR is GIMP2_DIRECTORY or GIMP3_DIRECTORY, GIMP_CONSOLE that
# GIMP's headless binary, which is started so that it quits at once.  The
# model is kept in $SOBOLEV_GIMP_SEED/<GIMP_CONSOLE's name> and made by
# the first test that needs it.  Without SOBOLEV_GIMP_SEED, or if GIMP
# fails to make the model, PROFILE is left as it is.
set -u
var=$1 profile=$2 gimp=$3
[ -n "${SOBOLEV_GIMP_SEED:-}" ] || exit 0
# GIMP 3 needs its batch interpreter named, and --quit to quit.
if [ "$var" = GIMP3_DIRECTORY ]; then
  set -- "$gimp" -i -d -f --batch-interpreter plug-in-script-fu-eval --quit \
    -b '(gimp-quit 0)'
else
  set -- "$gimp" -i -d -f -b '(gimp-quit 0)'
fi
model="$SOBOLEV_GIMP_SEED/$(basename "$gimp")"
if [ ! -f "$model/pluginrc" ]; then
  mkdir -p "$SOBOLEV_GIMP_SEED" || exit 0
  tmp=$(mktemp -d "$SOBOLEV_GIMP_SEED/new.XXXXXX") || exit 0
  mkdir "$tmp/profile" "$tmp/home"
  # GIMP 3 logs criticals of its own when it quits.
  env -u G_DEBUG HOME="$tmp/home" "$var=$tmp/profile" timeout 300 "$@" \
    >"$tmp/gimp.log" 2>&1
  # Tests that start together may each make one: the first rename wins.
  if [ -f "$tmp/profile/pluginrc" ]; then
    mv -T "$tmp/profile" "$model" 2>/dev/null
  fi
  rm -rf "$tmp"
fi
if [ -f "$model/pluginrc" ]; then
  mkdir -p "$profile" && cp -R "$model/." "$profile/"
fi
exit 0
