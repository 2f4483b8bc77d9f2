/* sobolev-transfer — the dialog's worker thread (ui/job.c), without GTK:
   a job finishes with a transfer for the values it was started with, and
   a job cancelled mid-run stops within a step and returns no result.  */
#include <math.h>
#include <glib.h>

#include "job.h"

/* Two small clouds a measurable distance apart: a warm and a cool
   palette, weights built in code.  */
static SobolevCloud *
palette_cloud (gdouble r0, gdouble g0, gdouble b0, gdouble spread)
{
  const guint n = 64;
  SobolevCloud *cloud = sobolev_cloud_new (3, n);

  for (guint i = 0; i < n; i++)
    {
      gdouble t = (gdouble) i / (n - 1);

      cloud->points[i * 3 + 0] = CLAMP (r0 + spread * (t - 0.5), 0.0, 1.0);
      cloud->points[i * 3 + 1]
          = CLAMP (g0 + spread * ((i % 7) / 6.0 - 0.5), 0.0, 1.0);
      cloud->points[i * 3 + 2]
          = CLAMP (b0 + spread * ((i % 5) / 4.0 - 0.5), 0.0, 1.0);
      cloud->weights[i] = 1.0 + (i % 3);
    }
  sobolev_cloud_normalize (cloud);
  return cloud;
}

static gdouble
wait_done (SobolevJob *job, gdouble *distance)
{
  gdouble fraction = 0.0;
  gint64 deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;

  while (!sobolev_job_poll (job, &fraction, distance))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (2000);
    }
  return fraction;
}

static void
test_job_finishes (void)
{
  g_autoptr (SobolevCloud) source = palette_cloud (0.8, 0.4, 0.2, 0.3);
  g_autoptr (SobolevCloud) reference = palette_cloud (0.2, 0.4, 0.8, 0.3);
  g_autoptr (SobolevTransfer) transfer = NULL;
  g_autoptr (SobolevLut) lut = NULL;
  g_autoptr (GError) error = NULL;
  SobolevParams params;
  SobolevJob *job;
  gdouble fraction, distance = -1.0;
  gfloat in[3] = { 0.8f, 0.4f, 0.2f }, out[3];

  sobolev_params_init (&params);
  params.steps = 40;
  job = sobolev_job_start (source, reference, &params, 42, &error);
  g_assert_no_error (error);
  g_assert_nonnull (job);
  g_assert_cmpint (sobolev_job_tag (job), ==, 42);
  g_assert_cmpint (sobolev_job_params (job)->steps, ==, 40);

  fraction = wait_done (job, &distance);
  g_assert_cmpfloat (fraction, >=, 0.99);
  /* The progress bar's distance to the reference was measured.  */
  g_assert_cmpfloat (distance, >=, 0.0);
  transfer = sobolev_job_finish (job, &error);
  g_assert_no_error (error);
  g_assert_nonnull (transfer);
  g_assert_cmpint (sobolev_transfer_params (transfer)->steps, ==, 40);

  /* The kept path moves a warm color toward the cool palette: blue up,
     red down at full strength, nothing at zero strength.  */
  lut = sobolev_transfer_lut_at (transfer, 1.0, 0.0);
  sobolev_lut_eval (lut, in, out);
  g_assert_cmpfloat (out[2] - in[2], >, 0.1);
  g_assert_cmpfloat (out[0] - in[0], <, -0.1);
  g_clear_pointer (&lut, sobolev_lut_free);
  lut = sobolev_transfer_lut_at (transfer, 0.0, 0.0);
  sobolev_lut_eval (lut, in, out);
  g_assert_cmpfloat (fabsf (out[2] - in[2]), <, 0.02);
}

static void
test_job_cancel_mid_run (void)
{
  g_autoptr (SobolevCloud) source = palette_cloud (0.8, 0.4, 0.2, 0.3);
  g_autoptr (SobolevCloud) reference = palette_cloud (0.2, 0.4, 0.8, 0.3);
  g_autoptr (GError) error = NULL;
  SobolevParams params;
  SobolevJob *job;
  SobolevTransfer *transfer;
  gdouble fraction = 0.0;
  gint64 t0, waited;

  sobolev_params_init (&params);
  params.steps = 100000; /* far longer than the test will wait */
  job = sobolev_job_start (source, reference, &params, 0, &error);
  g_assert_no_error (error);

  /* Let it get going, then cancel while it runs.  */
  t0 = g_get_monotonic_time ();
  while (fraction <= 0.0)
    {
      g_assert_false (sobolev_job_poll (job, &fraction, NULL));
      g_assert_cmpint (g_get_monotonic_time () - t0, <, 60 * G_USEC_PER_SEC);
      g_usleep (1000);
    }
  g_assert_cmpfloat (fraction, <, 0.5);
  sobolev_job_cancel (job);

  t0 = g_get_monotonic_time ();
  transfer = sobolev_job_finish (job, &error);
  waited = g_get_monotonic_time () - t0;
  g_assert_null (transfer);
  g_assert_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_CANCELLED);
  /* Within a step or so, not after the remaining 99 % of the steps.  */
  g_assert_cmpint (waited, <, 2 * G_USEC_PER_SEC);
}

static void
test_job_bad_input (void)
{
  g_autoptr (SobolevCloud) source = palette_cloud (0.8, 0.4, 0.2, 0.3);
  g_autoptr (SobolevCloud) reference = palette_cloud (0.2, 0.4, 0.8, 0.3);
  g_autoptr (GError) error = NULL;
  SobolevParams params;
  SobolevJob *job;

  /* An invalid value reaches the worker and comes back as an error, not
     a crash: the dialog shows it.  */
  sobolev_params_init (&params);
  params.steps = 0;
  job = sobolev_job_start (source, reference, &params, 0, &error);
  g_assert_no_error (error);
  wait_done (job, NULL);
  g_assert_null (sobolev_job_finish (job, &error));
  g_assert_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_INVALID_ARGUMENT);
}

/* Several jobs at once, cancelled in a burst, as a user dragging a
   slider causes: all stop, none leaks a thread.  */
static void
test_job_many_restarts (void)
{
  g_autoptr (SobolevCloud) source = palette_cloud (0.8, 0.4, 0.2, 0.3);
  g_autoptr (SobolevCloud) reference = palette_cloud (0.2, 0.4, 0.8, 0.3);
  SobolevJob *jobs[8];
  SobolevParams params;

  sobolev_params_init (&params);
  params.steps = 100000;
  for (guint i = 0; i < G_N_ELEMENTS (jobs); i++)
    {
      params.smoothness = 1e-3 * (i + 1);
      jobs[i] = sobolev_job_start (source, reference, &params, (gint) i, NULL);
      g_assert_nonnull (jobs[i]);
      if (i > 0)
        sobolev_job_cancel (jobs[i - 1]);
    }
  sobolev_job_cancel (jobs[G_N_ELEMENTS (jobs) - 1]);
  for (guint i = 0; i < G_N_ELEMENTS (jobs); i++)
    {
      g_autoptr (GError) error = NULL;

      g_assert_null (sobolev_job_finish (jobs[i], &error));
      g_assert_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_CANCELLED);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ui/job/finishes", test_job_finishes);
  g_test_add_func ("/ui/job/cancel-mid-run", test_job_cancel_mid_run);
  g_test_add_func ("/ui/job/bad-input", test_job_bad_input);
  g_test_add_func ("/ui/job/many-restarts", test_job_many_restarts);
  return g_test_run ();
}
