/* sobolev-transfer — splitting loops over the kept threads.  */
#include "parallel.h"

#include <cblas.h>
#include <stdio.h>
#include <string.h>

/* What one loop saw: how often each item was visited, and each piece's
   range as its chunk index reported it.  */
typedef struct
{
  gsize n;
  guint chunks;
  gint *visits;
  gsize *piece_start, *piece_end;
  gint *piece_calls;
} Coverage;

static void
coverage_record (gsize start, gsize end, guint chunk, gpointer data)
{
  Coverage *cov = data;

  g_assert_cmpuint (chunk, <, cov->chunks);
  g_atomic_int_inc (&cov->piece_calls[chunk]);
  cov->piece_start[chunk] = start;
  cov->piece_end[chunk] = end;
  for (gsize i = start; i < end; i++)
    g_atomic_int_inc (&cov->visits[i]);
}

/* Runs one loop over n items and checks that every item was visited
   once, by pieces that are the documented ones: chunk c covers
   [n c / chunks, n (c + 1) / chunks).  */
static void
check_one_loop (gsize n, gsize min_items, guint n_threads)
{
  Coverage cov = { n, sobolev_parallel_chunks (n, min_items, n_threads) };

  cov.visits = g_new0 (gint, MAX (n, 1));
  cov.piece_start = g_new0 (gsize, cov.chunks);
  cov.piece_end = g_new0 (gsize, cov.chunks);
  cov.piece_calls = g_new0 (gint, cov.chunks);
  sobolev_parallel_for (n, min_items, n_threads, coverage_record, &cov);
  for (gsize i = 0; i < n; i++)
    g_assert_cmpint (cov.visits[i], ==, 1);
  for (guint c = 0; n > 0 && c < cov.chunks; c++)
    {
      g_assert_cmpint (cov.piece_calls[c], ==, 1);
      g_assert_cmpuint (cov.piece_start[c], ==, n * c / cov.chunks);
      g_assert_cmpuint (cov.piece_end[c], ==, n * (c + 1) / cov.chunks);
    }
  g_free (cov.visits);
  g_free (cov.piece_start);
  g_free (cov.piece_end);
  g_free (cov.piece_calls);
}

static void
test_parallel_covers_each_item_once (void)
{
  const gsize sizes[] = { 0, 1, 2, 7, 100, 1000, 65537 };
  const guint threads[] = { 0, 1, 2, 3, 8 };

  for (guint a = 0; a < G_N_ELEMENTS (sizes); a++)
    for (guint b = 0; b < G_N_ELEMENTS (threads); b++)
      {
        check_one_loop (sizes[a], 1, threads[b]);
        check_one_loop (sizes[a], 100, threads[b]);
      }
  /* Many loops one after another reuse the same threads.  */
  for (guint r = 0; r < 500; r++)
    check_one_loop (1000, 1, 4);
}

/* Pieces that wait for each other: they only finish if every piece runs
   at the same time, on its own thread, as when each had a thread made
   for it.  This test runs first, when no call has made threads yet.  */
typedef struct
{
  GMutex lock;
  GCond cond;
  guint arrived, parties;
  gboolean all_met, gave_up;
} Meeting;

static void
meeting_attend (gsize start, gsize end, guint chunk, gpointer data)
{
  Meeting *m = data;
  gint64 deadline = g_get_monotonic_time () + 30 * G_TIME_SPAN_SECOND;

  (void) start, (void) end, (void) chunk;
  g_mutex_lock (&m->lock);
  if (++m->arrived == m->parties)
    {
      m->all_met = TRUE;
      g_cond_broadcast (&m->cond);
    }
  while (!m->all_met)
    if (!g_cond_wait_until (&m->cond, &m->lock, deadline))
      {
        m->gave_up = TRUE;
        break;
      }
  g_mutex_unlock (&m->lock);
}

static void
test_parallel_pieces_run_at_once (void)
{
  const guint parties = 6;
  Meeting m = { .parties = parties };

  g_mutex_init (&m.lock);
  g_cond_init (&m.cond);
  g_assert_cmpuint (sobolev_parallel_chunks (parties, 1, parties), ==, parties);
  sobolev_parallel_for (parties, 1, parties, meeting_attend, &m);
  g_assert_false (m.gave_up);
  g_mutex_clear (&m.lock);
  g_cond_clear (&m.cond);
}

/* A piece that splits a loop of its own.  */
static void
nested_piece (gsize start, gsize end, guint chunk, gpointer data)
{
  (void) chunk, (void) data;
  for (gsize i = start; i < end; i++)
    check_one_loop (300 + i, 1, 3);
}

static gpointer
caller_thread (gpointer data)
{
  (void) data;
  for (guint r = 0; r < 100; r++)
    {
      check_one_loop (5000, 1, 2);
      sobolev_parallel_for (4, 1, 4, nested_piece, NULL);
    }
  return NULL;
}

/* Loops from several threads at once, some of whose pieces split loops
   themselves, all finish and each covers its items once.  */
static void
test_parallel_concurrent_and_nested (void)
{
  GThread *callers[4];

  for (guint t = 0; t < G_N_ELEMENTS (callers); t++)
    callers[t] = g_thread_new ("caller", caller_thread, NULL);
  for (guint t = 0; t < G_N_ELEMENTS (callers); t++)
    g_thread_join (callers[t]);
}

/* The number of threads this process has.  */
static guint
thread_count (void)
{
  g_autoptr (GDir) dir = g_dir_open ("/proc/self/task", 0, NULL);
  guint n = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir))
    n++;
  return n;
}

/* The child's part: its threads as it starts, and after a product large
   enough for OpenBLAS to split it, were it allowed to.  */
static int
print_blas_threads (void)
{
  enum
  {
    N = 384
  };
  g_autofree gdouble *a = g_new (gdouble, N * N);
  g_autofree gdouble *c = g_new0 (gdouble, N * N);
  guint at_start = thread_count ();

  for (gsize i = 0; i < N * N; i++)
    a[i] = (gdouble) (i % 7) - 3.0;
  cblas_dgemm (CblasRowMajor, CblasNoTrans, CblasTrans, N, N, N, 1.0, a, N, a,
               N, 0.0, c, N);
  printf ("%u %u\n", at_start, thread_count ());
  return c[0] > 0.0 ? 0 : 1;
}

/* Started without OPENBLAS_NUM_THREADS (what a user's GIMP and shell
   give), a program on the core has no thread of OpenBLAS's: the ones
   OpenBLAS starts when it is loaded (one per processor but one) would
   spin for their timeout, and a product must not start them again.  */
static void
test_parallel_no_blas_threads (void)
{
  g_autofree gchar *self = g_file_read_link ("/proc/self/exe", NULL);
  gchar *argv[] = { self, (gchar *) "--print-blas-threads", NULL };
  g_auto (GStrv) envp
      = g_environ_unsetenv (g_get_environ (), "OPENBLAS_NUM_THREADS");
  g_autofree gchar *out = NULL;
  gint status = -1;

  envp = g_environ_unsetenv (envp, "OMP_NUM_THREADS");
  g_assert_nonnull (self);
  g_test_message ("%u processors", g_get_num_processors ());
  g_assert_true (g_spawn_sync (NULL, argv, envp, G_SPAWN_DEFAULT, NULL, NULL,
                               &out, NULL, &status, NULL));
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_cmpstr (out, ==, "1 1\n");
}

int
main (int argc, char **argv)
{
  if (argc == 2 && strcmp (argv[1], "--print-blas-threads") == 0)
    return print_blas_threads ();
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/parallel/pieces-run-at-once",
                   test_parallel_pieces_run_at_once);
  g_test_add_func ("/parallel/covers-each-item-once",
                   test_parallel_covers_each_item_once);
  g_test_add_func ("/parallel/concurrent-and-nested",
                   test_parallel_concurrent_and_nested);
  g_test_add_func ("/parallel/no-blas-threads", test_parallel_no_blas_threads);
  return g_test_run ();
}
