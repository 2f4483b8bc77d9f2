/* Runs that follow changing values (core/live-recolor.c): a restart
   cancels the run under way and only the last run's result is kept;
   a failing run says why once; freeing with runs under way stops
   them.  */
#include <glib.h>

#include "sobolev.h"

#define SIDE 24

/* A recoloring holding a warm gradient and a cool one, built in code.  */
static SobolevRecolor *
colors_new (void)
{
  g_autofree guint8 *warm = g_new (guint8, SIDE * SIDE * 3);
  g_autofree guint8 *cool = g_new (guint8, SIDE * SIDE * 3);
  SobolevParams params;
  SobolevRecolor *colors;

  for (guint i = 0; i < SIDE * SIDE; i++)
    {
      guint8 a = (guint8) (100 + 6 * (i % SIDE)),
             b = (guint8) (40 + 5 * (i / SIDE));

      warm[3 * i] = cool[3 * i + 2] = a;
      warm[3 * i + 2] = cool[3 * i] = b;
      warm[3 * i + 1] = cool[3 * i + 1] = 90;
    }
  sobolev_params_init (&params);
  colors = sobolev_recolor_new (&params, NULL);
  g_assert_true (sobolev_recolor_add_pixels (colors, SOBOLEV_RECOLOR_SOURCE,
                                             warm, SOBOLEV_PIXEL_U8, 3, SIDE,
                                             SIDE, SIDE * 3, NULL, NULL));
  g_assert_true (sobolev_recolor_add_pixels (colors, SOBOLEV_RECOLOR_REFERENCE,
                                             cool, SOBOLEV_PIXEL_U8, 3, SIDE,
                                             SIDE, SIDE * 3, NULL, NULL));
  return colors;
}

/* Polls until the run under way ends; returns how it ended.  */
static SobolevLiveState
wait_end (SobolevLiveRecolor *live, GError **error)
{
  gint64 deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;
  SobolevLiveState state;

  while ((state = sobolev_live_recolor_poll (live, NULL, error))
         == SOBOLEV_LIVE_RUNNING)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (2000);
    }
  return state;
}

static void
test_last_restart_wins (void)
{
  g_autoptr (SobolevRecolor) colors = colors_new ();
  SobolevLiveRecolor *live = sobolev_live_recolor_new ();
  SobolevParams params;
  SobolevRecolor *result;
  gint tag = -1;

  sobolev_params_init (&params);
  params.steps = 100000; /* cancelled long before it ends */
  g_assert_true (sobolev_live_recolor_restart (live, colors, &params, 1, NULL));
  params.steps = 20;
  g_assert_true (sobolev_live_recolor_restart (live, colors, &params, 2, NULL));
  g_assert_true (sobolev_live_recolor_running (live));
  g_assert_cmpint (wait_end (live, NULL), ==, SOBOLEV_LIVE_FINISHED);
  g_assert_false (sobolev_live_recolor_running (live));

  result = sobolev_live_recolor_result (live, &tag);
  g_assert_nonnull (result);
  g_assert_cmpint (tag, ==, 2);
  g_assert_cmpint (sobolev_recolor_params (result)->steps, ==, 20);
  /* Told once: the next poll has nothing new.  */
  g_assert_cmpint (sobolev_live_recolor_poll (live, NULL, NULL), ==,
                   SOBOLEV_LIVE_IDLE);

  /* A cancelled run leaves the result as it was.  */
  params.steps = 100000;
  g_assert_true (sobolev_live_recolor_restart (live, colors, &params, 3, NULL));
  sobolev_live_recolor_cancel (live);
  g_assert_cmpint (wait_end (live, NULL), ==, SOBOLEV_LIVE_IDLE);
  g_assert_true (sobolev_live_recolor_result (live, &tag) == result);
  g_assert_cmpint (tag, ==, 2);

  result = sobolev_live_recolor_take_result (live);
  g_assert_null (sobolev_live_recolor_result (live, NULL));
  sobolev_recolor_free (result);
  sobolev_live_recolor_free (live);
}

/* Bad values fail at the restart, and a run whose reference is empty
   says so; freeing with a run under way stops it.  */
static void
test_failures_and_free (void)
{
  g_autoptr (SobolevRecolor) colors = colors_new ();
  g_autoptr (SobolevRecolor) no_reference = NULL;
  SobolevLiveRecolor *live = sobolev_live_recolor_new ();
  g_autoptr (GError) error = NULL;
  SobolevParams params;

  sobolev_params_init (&params);
  params.steps = 0;
  g_assert_false (
      sobolev_live_recolor_restart (live, colors, &params, 0, &error));
  g_assert_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  sobolev_params_init (&params);
  no_reference = sobolev_recolor_new_like (colors, &params, NULL);
  sobolev_recolor_clear (no_reference, SOBOLEV_RECOLOR_REFERENCE);
  g_assert_false (
      sobolev_live_recolor_restart (live, no_reference, &params, 0, &error));
  g_assert_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_EMPTY_CLOUD);

  params.steps = 100000;
  g_assert_true (sobolev_live_recolor_restart (live, colors, &params, 0, NULL));
  g_assert_true (sobolev_live_recolor_busy (live));
  sobolev_live_recolor_free (live);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/live-recolor/last-restart-wins", test_last_restart_wins);
  g_test_add_func ("/live-recolor/failures-and-free", test_failures_and_free);
  return g_test_run ();
}
