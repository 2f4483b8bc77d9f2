/* sobolev-transfer — splitting a loop over threads.

   The threads are kept between calls, in one pool per process: a job
   calls this hundreds of times (twice per step of a descent, a few times
   per conjugate-gradient iteration of the edge guard), and starting a
   thread per piece cost about 75 µs a call on the development machine.

   A call puts its pieces up for the pool and runs them itself too: it
   takes every piece no worker has taken, then waits only for the pieces
   being run.  So a call never waits for a worker to become free, calls
   from several threads at once share the workers, and a piece may itself
   split a loop.  Which thread runs a piece does not change what it
   computes: pieces are the same for the same n, whatever runs them.  */
#include "parallel.h"

#include <cblas.h>

/* One call's loop: pieces [0, chunks) of [0, n), claimed in order.  */
typedef struct
{
  SobolevRangeFunc func;
  gpointer data;
  gsize n;
  guint chunks;
  guint next; /* the first piece not yet claimed */
  guint done; /* pieces finished */
} ParallelLoop;

static GMutex pool_lock;
static GCond pool_work;                  /* a loop has pieces to claim */
static GCond pool_done;                  /* a piece has finished */
static GQueue pool_loops = G_QUEUE_INIT; /* loops with unclaimed pieces */
static guint pool_free;                  /* workers not running a piece */

/* Claims the next piece of the oldest loop that has one (pool_lock
   held): returns its loop, or NULL when none is left.  */
static ParallelLoop *
parallel_claim (ParallelLoop *only, guint *piece)
{
  ParallelLoop *loop = only ? only : g_queue_peek_head (&pool_loops);

  if (loop == NULL || loop->next == loop->chunks)
    return NULL;
  *piece = loop->next++;
  if (loop->next == loop->chunks)
    g_queue_remove (&pool_loops, loop);
  return loop;
}

/* Runs piece of loop (pool_lock not held) and counts it done.  */
static void
parallel_run (ParallelLoop *loop, guint piece)
{
  loop->func (loop->n * piece / loop->chunks,
              loop->n * (piece + 1) / loop->chunks, piece, loop->data);
  g_mutex_lock (&pool_lock);
  if (++loop->done == loop->chunks)
    g_cond_broadcast (&pool_done);
  g_mutex_unlock (&pool_lock);
}

static gpointer
parallel_worker (gpointer unused)
{
  (void) unused;
  g_mutex_lock (&pool_lock);
  for (;;)
    {
      ParallelLoop *loop;
      guint piece;

      while ((loop = parallel_claim (NULL, &piece)) == NULL)
        g_cond_wait (&pool_work, &pool_lock);
      pool_free--;
      g_mutex_unlock (&pool_lock);
      parallel_run (loop, piece);
      g_mutex_lock (&pool_lock);
      pool_free++;
    }
  return NULL;
}

/* Stops the threads OpenBLAS started when it was loaded: OpenBLAS's
   fork handler, exported but in no header.  Weak, so that a BLAS without
   it (another build of the library) leaves this a no-op.  */
extern int blas_thread_shutdown_ (void) __attribute__ ((weak));

/* OpenBLAS gets one thread, since the core splits its loops itself: its
   threads would only spin against the core's own on the core's small
   matrices (measured with bench-core: a job of 0.49 s took 0.80 s with
   two BLAS threads).  Set before main, while OpenBLAS's own thread still
   runs: set later, after a fork had stopped that thread (OpenBLAS stops
   it in the parent of every fork, as when the command starts its
   decoder), the number started a new one.  Lowering the number leaves
   the thread OpenBLAS started at load running, and it spins for its
   timeout (about 0.15 processor seconds per process, measured in the
   plug-in and the command) before it sleeps; it is stopped here, and
   with one thread OpenBLAS never starts it again.  */
__attribute__ ((constructor)) static void
parallel_init_at_load (void)
{
  openblas_set_num_threads (1);
  if (blas_thread_shutdown_)
    blas_thread_shutdown_ ();
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

void
sobolev_parallel_for (gsize n, gsize min_items, guint n_threads,
                      SobolevRangeFunc func, gpointer data)
{
  guint chunks = sobolev_parallel_chunks (n, min_items, n_threads);
  ParallelLoop loop = { func, data, n, chunks, 0, 0 };
  guint piece;

  if (n == 0)
    return;
  if (chunks == 1)
    {
      func (0, n, 0, data);
      return;
    }
  g_mutex_lock (&pool_lock);
  /* Enough free workers for this loop's other pieces.  */
  for (; pool_free < chunks - 1; pool_free++)
    g_thread_unref (g_thread_new ("sobolev-worker", parallel_worker, NULL));
  g_queue_push_tail (&pool_loops, &loop);
  g_cond_broadcast (&pool_work);
  while (parallel_claim (&loop, &piece))
    {
      g_mutex_unlock (&pool_lock);
      parallel_run (&loop, piece);
      g_mutex_lock (&pool_lock);
    }
  while (loop.done < loop.chunks)
    g_cond_wait (&pool_done, &pool_lock);
  g_mutex_unlock (&pool_lock);
}
