/* The dialogs' preview picture (core/live-preview): its edge guard is
   solved on a worker thread, the picture is then exactly what
   sobolev_edge_guard_preview makes on the calling thread, the newest
   map wins, and freeing while a solve runs waits for it.  */
#include <string.h>

#include "live-preview.h"

#define WIDTH 360
#define HEIGHT 240
#define CHANNELS 3

typedef struct
{
  guint ready; /* calls of the ready function */
  gboolean off_main;
  GThread *main_thread;
} Fixture;

static void
on_ready (gpointer data)
{
  Fixture *f = data;

  f->ready++;
  if (g_thread_self () != f->main_thread)
    f->off_main = TRUE;
}

/* A smooth gradient with a little grain: a steep map amplifies the
   grain into edges the photo does not have, which the guard removes.  */
static guint8 *
make_source (void)
{
  guint8 *pixels = g_malloc ((gsize) WIDTH * HEIGHT * CHANNELS);
  GRand *rand = g_rand_new_with_seed (7);

  for (guint y = 0; y < HEIGHT; y++)
    for (guint x = 0; x < WIDTH; x++)
      {
        guint8 *p = pixels + ((gsize) y * WIDTH + x) * CHANNELS;

        p[0] = (guint8) (60 + 120 * x / WIDTH + g_rand_int_range (rand, 0, 6));
        p[1] = (guint8) (90 + 80 * y / HEIGHT + g_rand_int_range (rand, 0, 6));
        p[2] = (guint8) (128 + g_rand_int_range (rand, 0, 6));
      }
  g_rand_free (rand);
  return pixels;
}

/* The identity with each channel's contrast around 0.5 raised by
   contrast.  */
static SobolevLut *
make_lut (gdouble contrast)
{
  SobolevLut *lut = sobolev_lut_new_identity (17, NULL);
  gsize n = (gsize) lut->size * lut->size * lut->size * 3;

  for (gsize i = 0; i < n; i++)
    lut->data[i]
        = (gfloat) CLAMP ((lut->data[i] - 0.5) * contrast + 0.5, 0.0, 1.0);
  return lut;
}

/* What the dialogs drew before: everything on the calling thread.  */
static guint8 *
expected_picture (const guint8 *source, const SobolevLut *lut, gdouble gain,
                  gboolean split)
{
  SobolevEdgeGuard *guard = NULL;
  guint8 *out = g_malloc ((gsize) WIDTH * HEIGHT * CHANNELS);

  sobolev_edge_guard_preview (&guard, lut, gain, 0, source, out, CHANNELS,
                              WIDTH, HEIGHT, split);
  g_clear_pointer (&guard, sobolev_edge_guard_free);
  return out;
}

static void
wait_ready (Fixture *f, guint count)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while (f->ready < count)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
}

static gboolean
same_picture (const guint8 *a, const guint8 *b)
{
  return memcmp (a, b, (gsize) WIDTH * HEIGHT * CHANNELS) == 0;
}

static guint8 *
picture (SobolevLivePreview *preview, gboolean split, gboolean keep_previous)
{
  gint stride = 0;
  guint8 *out = sobolev_live_preview_picture (preview, WIDTH, HEIGHT, split,
                                              keep_previous, FALSE, &stride);

  g_assert_nonnull (out);
  g_assert_cmpint (stride, ==, WIDTH * CHANNELS);
  return out;
}

/* The solve runs off the main thread; meanwhile the picture is the plain
   map's, after it exactly the guarded one.  */
static void
test_solved_off_main_thread (void)
{
  Fixture f = { 0, FALSE, g_thread_self () };
  g_autofree guint8 *source = make_source ();
  g_autoptr (SobolevLut) lut = make_lut (6.0);
  gdouble gain = sobolev_fidelity_gain (2.0 / 3.0);
  g_autofree guint8 *guarded = expected_picture (source, lut, gain, FALSE);
  g_autofree guint8 *guarded_split = expected_picture (source, lut, gain, TRUE);
  g_autofree guint8 *plain = expected_picture (source, lut, 0.0, FALSE);
  SobolevLivePreview *preview = sobolev_live_preview_new (on_ready, &f);
  guint8 *out;
  gboolean stale = FALSE;

  /* The map is steep enough for the guard to change the picture.  */
  g_assert_false (same_picture (guarded, plain));

  g_assert_true (sobolev_live_preview_set_source (preview, source, WIDTH,
                                                  HEIGHT, CHANNELS));
  sobolev_live_preview_set_map (preview, lut, gain, 0);
  g_assert_true (sobolev_live_preview_solving (preview));
  g_assert_true (sobolev_live_preview_mark (preview, FALSE, FALSE, &stale));
  g_assert_true (stale);
  out = picture (preview, FALSE, FALSE);
  g_assert_true (same_picture (out, plain));
  g_free (out);
  g_assert_cmpuint (f.ready, ==, 0);

  wait_ready (&f, 1);
  g_assert_false (f.off_main); /* ready is called on the main thread */
  g_assert_false (sobolev_live_preview_solving (preview));
  g_assert_true (sobolev_live_preview_mark (preview, FALSE, FALSE, &stale));
  g_assert_false (stale);
  out = picture (preview, FALSE, FALSE);
  g_assert_true (same_picture (out, guarded));
  g_free (out);
  out = picture (preview, TRUE, FALSE);
  g_assert_true (same_picture (out, guarded_split));
  g_free (out);

  /* The same pixels again keep the solve.  */
  g_assert_true (sobolev_live_preview_set_source (preview, source, WIDTH,
                                                  HEIGHT, CHANNELS));
  g_assert_false (sobolev_live_preview_solving (preview));
  /* A preview of another size (resized, its pixels not read again yet)
     gets no picture: GIMP would draw one of this size past its end.  */
  g_assert_null (sobolev_live_preview_picture (
      preview, WIDTH * 2, HEIGHT * 2, FALSE, FALSE, FALSE, &(gint){ 0 }));
  g_assert_null (sobolev_live_preview_picture (
      preview, WIDTH, HEIGHT - 1, FALSE, FALSE, FALSE, &(gint){ 0 }));
  g_free (picture (preview, FALSE, FALSE)); /* its own size: one */
  /* Gray pixels have no picture.  */
  g_assert_false (
      sobolev_live_preview_set_source (preview, source, WIDTH, HEIGHT, 1));
  g_assert_null (sobolev_live_preview_picture (preview, WIDTH, HEIGHT, FALSE,
                                               FALSE, FALSE, &(gint){ 0 }));
  sobolev_live_preview_free (preview);
}

/* Maps set while a solve runs: only the newest is solved and shown;
   until it is in, keep_previous shows the last solved map's picture.  */
static void
test_newest_map_wins (void)
{
  Fixture f = { 0, FALSE, g_thread_self () };
  g_autofree guint8 *source = make_source ();
  g_autoptr (SobolevLut) first = make_lut (6.0);
  g_autoptr (SobolevLut) second = make_lut (4.0);
  g_autoptr (SobolevLut) third = make_lut (8.0);
  gdouble gain = sobolev_fidelity_gain (0.5);
  g_autofree guint8 *want_first = expected_picture (source, first, gain, FALSE);
  g_autofree guint8 *want_third = expected_picture (source, third, gain, FALSE);
  SobolevLivePreview *preview = sobolev_live_preview_new (on_ready, &f);
  guint8 *out;

  sobolev_live_preview_set_source (preview, source, WIDTH, HEIGHT, CHANNELS);
  sobolev_live_preview_set_map (preview, first, gain, 0);
  wait_ready (&f, 1);

  sobolev_live_preview_set_map (preview, second, gain, 0);
  sobolev_live_preview_set_map (preview, third, gain, 0);
  out = picture (preview, FALSE, TRUE);
  g_assert_true (same_picture (out, want_first));
  g_free (out);
  wait_ready (&f, 2);
  out = picture (preview, FALSE, FALSE);
  g_assert_true (same_picture (out, want_third));
  g_free (out);

  /* A solve the worker may still finish for the second map is dropped:
     ready is not called again.  */
  for (gint i = 0; i < 50; i++)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (10000);
    }
  g_assert_cmpuint (f.ready, ==, 2);
  sobolev_live_preview_free (preview);
}

/* Freed while its worker solves: it waits for the worker, and ready is
   never called after.  */
static void
test_free_while_solving (void)
{
  Fixture f = { 0, FALSE, g_thread_self () };
  g_autofree guint8 *source = make_source ();
  g_autoptr (SobolevLut) lut = make_lut (6.0);
  SobolevLivePreview *preview = sobolev_live_preview_new (on_ready, &f);

  sobolev_live_preview_set_source (preview, source, WIDTH, HEIGHT, CHANNELS);
  sobolev_live_preview_set_map (preview, lut, sobolev_fidelity_gain (0.5), 0);
  sobolev_live_preview_free (preview);
  for (gint i = 0; i < 20; i++)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (10000);
    }
  g_assert_cmpuint (f.ready, ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/preview-preview/solved-off-main-thread",
                   test_solved_off_main_thread);
  g_test_add_func ("/preview-preview/newest-map-wins", test_newest_map_wins);
  g_test_add_func ("/preview-preview/free-while-solving",
                   test_free_while_solving);
  return g_test_run ();
}
