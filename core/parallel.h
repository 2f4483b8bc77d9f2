/* sobolev-transfer — splitting a loop over threads.  */
#ifndef SOBOLEV_PARALLEL_H
#define SOBOLEV_PARALLEL_H

#include <glib.h>

G_BEGIN_DECLS

/* Marks a hot loop to be compiled for AVX2 and for the baseline, the
   right one chosen when the library loads (GCC's function
   multi-versioning; a plain function elsewhere).  GCC reads "avx2,fma"
   as two targets: a third copy is for a processor with FMA but not
   AVX2.  One copy for both (arch=x86-64-v3) was no faster in bench-core
   and would change results in their last bits.  */
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__)            \
    && defined(__linux__) && !defined(__SANITIZE_ADDRESS__)
#define SOBOLEV_HOT_LOOP __attribute__ ((target_clones ("avx2,fma", "default")))
#else
#define SOBOLEV_HOT_LOOP
#endif

/* Processes items [start, end) of a range.  chunk is the index of the
   piece (0 … n_chunks − 1), so callers can keep per-chunk partial sums.  */
typedef void (*SobolevRangeFunc) (gsize start, gsize end, guint chunk,
                                  gpointer data);

/* How many pieces sobolev_parallel_for will cut n items into when no
   piece may be smaller than min_items: at most the number of processors
   (or n_threads when non-zero), at least one.  */
guint sobolev_parallel_chunks (gsize n, gsize min_items, guint n_threads);

/* Calls func on sobolev_parallel_chunks (n, min_items, n_threads)
   consecutive pieces of [0, n), concurrently, and returns when all are
   done.  The calling thread runs pieces too: every one that no kept
   worker thread has taken.  func may split loops of its own.  */
void sobolev_parallel_for (gsize n, gsize min_items, guint n_threads,
                           SobolevRangeFunc func, gpointer data);

G_END_DECLS

#endif
