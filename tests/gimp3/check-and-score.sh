#!/bin/sh
# After the GIMP 3 layer tests: compares the images they wrote
# (OUT/checks.txt), then scores the file procedure's recoloring of the
# sample photo (MMD to the reference down, lightness structure kept).
#
#   check-and-score.sh PIXEL_CHECK SCORE OUT PHOTOS
set -u
pixel_check=$1 score=$2 out=$3 photos=$4
status=0
"$pixel_check" "$out/checks.txt" || status=1
"$score" "$photos/chelsea.png" "$photos/coffee.png" \
  "$out/file-chelsea-coffee.png" || status=1
exit $status
