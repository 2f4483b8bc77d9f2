/* sobolev-transfer — splitting a loop over threads.

   Threads are made per call: the core keeps no global pool (so it keeps
   no global state), and the calls that use this are milliseconds long,
   against tens of microseconds to start a thread.  */
#include "parallel.h"

#include <cblas.h>

typedef struct
{
  SobolevRangeFunc func;
  gpointer data;
  gsize start, end;
  guint chunk;
} ParallelPiece;

void
sobolev_parallel_init (void)
{
  static gsize once = 0;

  /* OpenBLAS's threads would only spin against the core's own on the
     core's small matrices (measured with bench-core: a job of 0.49 s took
     0.80 s with two BLAS threads).  */
  if (g_once_init_enter (&once))
    {
      openblas_set_num_threads (1);
      g_once_init_leave (&once, 1);
    }
}

guint
sobolev_parallel_chunks (gsize n, gsize min_items, guint n_threads)
{
  gsize pieces;

  if (n_threads == 0)
    n_threads = g_get_num_processors ();
  pieces = min_items > 0 ? n / min_items : n;
  return (guint) CLAMP (pieces, 1, MAX (n_threads, 1u));
}

static gpointer
parallel_run_piece (gpointer data)
{
  ParallelPiece *piece = data;

  piece->func (piece->start, piece->end, piece->chunk, piece->data);
  return NULL;
}

void
sobolev_parallel_for (gsize n, gsize min_items, guint n_threads,
                      SobolevRangeFunc func, gpointer data)
{
  guint chunks = sobolev_parallel_chunks (n, min_items, n_threads);
  ParallelPiece *pieces;
  GThread **threads;

  if (n == 0)
    return;
  if (chunks == 1)
    {
      func (0, n, 0, data);
      return;
    }
  pieces = g_new (ParallelPiece, chunks);
  threads = g_new0 (GThread *, chunks);
  for (guint c = 0; c < chunks; c++)
    {
      pieces[c] = (ParallelPiece){ func, data, n * c / chunks,
                                   n * (c + 1) / chunks, c };
      if (c > 0)
        threads[c]
            = g_thread_new ("sobolev-worker", parallel_run_piece, &pieces[c]);
    }
  parallel_run_piece (&pieces[0]);
  for (guint c = 1; c < chunks; c++)
    g_thread_join (threads[c]);
  g_free (threads);
  g_free (pieces);
}
