/* sobolev-transfer — splitting a loop over threads.  */
#ifndef SOBOLEV_PARALLEL_H
#define SOBOLEV_PARALLEL_H

#include <glib.h>

G_BEGIN_DECLS

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
   done.  The calling thread does the first piece itself.  */
void sobolev_parallel_for (gsize n, gsize min_items, guint n_threads,
                           SobolevRangeFunc func, gpointer data);

G_END_DECLS

#endif
