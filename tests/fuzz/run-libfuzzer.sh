#!/bin/sh
# Coverage-guided fuzzing of the project's parsers with clang's libFuzzer,
# AddressSanitizer and UndefinedBehaviorSanitizer.
#
#   tests/fuzz/run-libfuzzer.sh [TARGET [RUNS]]
#
# TARGET is cube, hald, palette or image-header (default: all four); RUNS the
# executions per target (default 10000000).  Builds into build-fuzz/ beside the source tree,
# starts from the seed corpus in tests/fuzz/corpus/TARGET (the inputs
# found are kept in build-fuzz/corpus-TARGET) and prints libFuzzer's
# final statistics.  Needs Debian's clang (build-aux/debian-packages.txt).
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
out=$top/build-fuzz
targets=${1:-cube hald palette image-header}
runs=${2:-10000000}
mkdir -p "$out"

# The parsers and what they call, instrumented; the rest of the core is
# not needed by them.
core="lut-io.c lut.c palette-file.c image-header.c cloud.c colorspace.c parallel.c \
  safe-file.c sobolev-error.c text-lines.c"
flags="-g -O1 -std=c11 -D_GNU_SOURCE -DGETTEXT_PACKAGE=\"sobolev-transfer\" \
  -fsanitize=fuzzer,address,undefined \
  -fno-sanitize-recover=undefined -I$top/core $(pkg-config --cflags glib-2.0)"
libs="$(pkg-config --libs glib-2.0 openblas) -lm -lpthread"

for target in $targets; do
  exe=$out/fuzz-$target
  sources=""
  for f in $core; do sources="$sources $top/core/$f"; done
  # shellcheck disable=SC2086
  clang $flags -o "$exe" "$top/tests/fuzz/fuzz-$target.c" $sources $libs
  mkdir -p "$out/corpus-$target"
  echo "== $target: $runs runs"
  # Crashes and slow inputs are written beside the build, not wherever
  # the script was started.
  "$exe" -runs="$runs" -max_len=4096 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$out/" \
    "$out/corpus-$target" "$top/tests/fuzz/corpus/$target" 2>&1 \
    | grep -v '^#[0-9]*	\(NEW\|REDUCE\|pulse\)'
done
