/* sobolev-transfer — what every fuzz target defines: libFuzzer's entry
   point.  The same targets build with libFuzzer (run-libfuzzer.sh) and,
   for the test suite, with smoke-main.c.  */
#ifndef SOBOLEV_FUZZ_TARGET_H
#define SOBOLEV_FUZZ_TARGET_H

#include <stddef.h>
#include <stdint.h>

/* Parses data[0 … size) with one of the project's parsers.  Must not
   crash, read out of bounds or leak, whatever the bytes.  */
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

#endif
