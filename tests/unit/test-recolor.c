/* A recoloring (core/recolor.c): pixels in, in strips or at once, with
   selection weights or a palette; a run on the worker thread finishes
   with a map for the values it was made with, and one cancelled mid-run
   stops within a step; runs over shared colors do not disturb each
   other.  */
#include <math.h>
#include <string.h>
#include <glib.h>

#include "sobolev.h"

#define SIDE 32

/* A warm or cool gradient image, RGBA 8-bit, built in code.  */
static guint8 *
gradient_image (gboolean warm)
{
  guint8 *pixels = g_new (guint8, SIDE * SIDE * 4);

  for (guint y = 0; y < SIDE; y++)
    for (guint x = 0; x < SIDE; x++)
      {
        guint8 *p = pixels + (y * SIDE + x) * 4;
        guint8 a = (guint8) (120 + 4 * x), b = (guint8) (40 + 3 * y);

        p[0] = warm ? a : b;
        p[1] = (guint8) (90 + 2 * ((x + y) % 16));
        p[2] = warm ? b : a;
        p[3] = 255;
      }
  return pixels;
}

/* A recoloring of the warm image toward the cool one.  */
static SobolevRecolor *
warm_to_cool (const SobolevParams *params)
{
  g_autofree guint8 *warm = gradient_image (TRUE);
  g_autofree guint8 *cool = gradient_image (FALSE);
  g_autoptr (GError) error = NULL;
  SobolevRecolor *recolor = sobolev_recolor_new (params, &error);

  g_assert_no_error (error);
  g_assert_true (sobolev_recolor_add_pixels (recolor, SOBOLEV_RECOLOR_SOURCE,
                                             warm, SOBOLEV_PIXEL_U8, 4, SIDE,
                                             SIDE, SIDE * 4, NULL, &error));
  g_assert_true (sobolev_recolor_add_pixels (recolor, SOBOLEV_RECOLOR_REFERENCE,
                                             cool, SOBOLEV_PIXEL_U8, 4, SIDE,
                                             SIDE, SIDE * 4, NULL, &error));
  return recolor;
}

static gdouble
wait_done (SobolevRecolor *recolor)
{
  gdouble fraction = 0.0;
  gint64 deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;

  while (!sobolev_recolor_poll (recolor, &fraction))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (2000);
    }
  return fraction;
}

static void
test_worker_finishes (void)
{
  g_autoptr (SobolevRecolor) recolor = NULL;
  g_autoptr (SobolevLut) lut = NULL;
  g_autoptr (GError) error = NULL;
  SobolevParams params;
  gdouble fraction;
  gfloat in[3] = { 200 / 255.0f, 100 / 255.0f, 60 / 255.0f }, out[3];

  sobolev_params_init (&params);
  params.steps = 40;
  recolor = warm_to_cool (&params);
  g_assert_null (sobolev_recolor_lut (recolor));
  g_assert_true (sobolev_recolor_start (recolor, &error));
  g_assert_no_error (error);
  fraction = wait_done (recolor);
  g_assert_cmpfloat (fraction, >=, 0.99);
  g_assert_true (sobolev_recolor_join (recolor, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sobolev_recolor_params (recolor)->steps, ==, 40);

  /* A warm color moves toward the cool image: blue up, red down at full
     strength, nothing at zero strength.  */
  lut = sobolev_recolor_lut_at (recolor, 1.0, 0.0);
  sobolev_lut_eval (lut, in, out);
  g_assert_cmpfloat (out[2] - in[2], >, 0.1);
  g_assert_cmpfloat (out[0] - in[0], <, -0.1);
  g_clear_pointer (&lut, sobolev_lut_free);
  lut = sobolev_recolor_lut_at (recolor, 0.0, 0.0);
  sobolev_lut_eval (lut, in, out);
  g_assert_cmpfloat (fabsf (out[2] - in[2]), <, 0.02);
}

/* The same pixels given in strips with a row stride, or at once, give
   the same map, byte for byte; and the worker gives what a run on the
   calling thread gives.  */
static void
test_strips_same_bytes (void)
{
  g_autofree guint8 *warm = gradient_image (TRUE);
  g_autofree guint8 *cool = gradient_image (FALSE);
  g_autofree guint8 *padded = g_new0 (guint8, SIDE * (SIDE * 4 + 12));
  g_autoptr (SobolevRecolor) whole = NULL;
  g_autoptr (SobolevRecolor) strips = NULL;
  g_autoptr (SobolevLut) a = NULL;
  g_autoptr (SobolevLut) b = NULL;
  g_autoptr (GError) error = NULL;
  SobolevParams params;
  gsize stride = SIDE * 4 + 12;

  sobolev_params_init (&params);
  params.steps = 12;
  whole = warm_to_cool (&params);
  g_assert_true (sobolev_recolor_run (whole, NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  for (guint y = 0; y < SIDE; y++)
    memcpy (padded + y * stride, warm + y * SIDE * 4, SIDE * 4);
  strips = sobolev_recolor_new (&params, &error);
  for (guint y = 0; y < SIDE; y += 5)
    g_assert_true (sobolev_recolor_add_pixels (
        strips, SOBOLEV_RECOLOR_SOURCE, padded + y * stride, SOBOLEV_PIXEL_U8,
        4, SIDE, MIN (5, SIDE - y), stride, NULL, &error));
  g_assert_true (sobolev_recolor_add_pixels (strips, SOBOLEV_RECOLOR_REFERENCE,
                                             cool, SOBOLEV_PIXEL_U8, 4, SIDE,
                                             SIDE, SIDE * 4, NULL, &error));
  g_assert_true (sobolev_recolor_start (strips, &error));
  wait_done (strips);
  g_assert_true (sobolev_recolor_join (strips, &error));

  a = sobolev_recolor_lut (whole);
  b = sobolev_recolor_lut (strips);
  g_assert_cmpuint (a->size, ==, b->size);
  g_assert_cmpmem (a->data, a->size * a->size * a->size * 3 * sizeof (gfloat),
                   b->data, b->size * b->size * b->size * 3 * sizeof (gfloat));
}

/* Pixels outside the selection weigh nothing: a source whose right half
   is unselected recolors as its left half alone.  */
static void
test_selection_weights (void)
{
  g_autofree guint8 *warm = gradient_image (TRUE);
  g_autofree guint8 *cool = gradient_image (FALSE);
  g_autofree gfloat *mask = g_new0 (gfloat, SIDE * SIDE);
  g_autoptr (SobolevRecolor) recolor = NULL;
  g_autoptr (SobolevCloud) colors = NULL;
  g_autoptr (GError) error = NULL;
  SobolevParams params;

  for (guint y = 0; y < SIDE; y++)
    for (guint x = 0; x < SIDE / 2; x++)
      mask[y * SIDE + x] = 1.0f;
  sobolev_params_init (&params);
  params.bits = 7;
  recolor = sobolev_recolor_new (&params, &error);
  g_assert_true (sobolev_recolor_add_pixels (recolor, SOBOLEV_RECOLOR_SOURCE,
                                             warm, SOBOLEV_PIXEL_U8, 4, SIDE,
                                             SIDE, SIDE * 4, mask, &error));
  colors = sobolev_recolor_colors (recolor, SOBOLEV_RECOLOR_SOURCE, NULL);
  g_assert_nonnull (colors);
  /* Red is 120 + 4x: the left half stays below 120 + 4 × 16.  */
  for (gsize i = 0; i < colors->n; i++)
    g_assert_cmpfloat (colors->points[3 * i], <, (120 + 4 * 16) / 255.0);

  /* No weight at all is an empty cloud, said before any run.  */
  memset (mask, 0, SIDE * SIDE * sizeof (gfloat));
  sobolev_recolor_clear (recolor, SOBOLEV_RECOLOR_REFERENCE);
  g_assert_true (sobolev_recolor_add_pixels (recolor, SOBOLEV_RECOLOR_REFERENCE,
                                             cool, SOBOLEV_PIXEL_U8, 4, SIDE,
                                             SIDE, SIDE * 4, mask, &error));
  g_assert_false (
      sobolev_recolor_end_input (recolor, SOBOLEV_RECOLOR_REFERENCE, &error));
  g_assert_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_EMPTY_CLOUD);
}

/* A palette as the reference: its colors are used as given.  */
static void
test_palette (void)
{
  g_autofree guint8 *warm = gradient_image (TRUE);
  const gdouble palette[] = { 0.1, 0.3, 0.8, 0.2, 0.5, 0.9 };
  g_autoptr (SobolevRecolor) recolor = NULL;
  g_autoptr (SobolevCloud) reference = NULL;
  g_autoptr (SobolevLut) lut = NULL;
  g_autoptr (GError) error = NULL;
  SobolevParams params;
  gfloat in[3] = { 200 / 255.0f, 100 / 255.0f, 60 / 255.0f }, out[3];

  sobolev_params_init (&params);
  params.steps = 30;
  recolor = sobolev_recolor_new (&params, &error);
  g_assert_true (sobolev_recolor_add_pixels (recolor, SOBOLEV_RECOLOR_SOURCE,
                                             warm, SOBOLEV_PIXEL_U8, 4, SIDE,
                                             SIDE, SIDE * 4, NULL, &error));
  g_assert_true (
      sobolev_recolor_set_palette (recolor, palette, NULL, 2, &error));
  reference = sobolev_recolor_colors (recolor, SOBOLEV_RECOLOR_REFERENCE, NULL);
  g_assert_cmpuint (reference->n, ==, 2);
  g_assert_cmpfloat (reference->points[0], ==, 0.1);
  g_assert_true (sobolev_recolor_run (recolor, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  lut = sobolev_recolor_lut (recolor);
  sobolev_lut_eval (lut, in, out);
  g_assert_cmpfloat (out[2] - in[2], >, 0.2);
}

/* A photo as the palette method's reference is summed up in its 64 main
   colors, exactly as sobolev_recolor_summarize_reference makes them.  */
static void
test_palette_photo (void)
{
  g_autoptr (SobolevRecolor) summed = NULL;
  g_autoptr (SobolevRecolor) given = NULL;
  g_autoptr (SobolevCloud) reference = NULL;
  g_autoptr (SobolevCloud) plain = NULL;
  g_autoptr (SobolevLut) a = NULL;
  g_autoptr (SobolevLut) b = NULL;
  g_autoptr (GError) error = NULL;
  SobolevParams params;

  sobolev_params_init (&params);
  params.method = SOBOLEV_METHOD_PALETTE;
  /* A short run: what is compared is the reference it goes to.  */
  params.steps = 5;
  params.palette_iterations = 100;
  summed = warm_to_cool (&params);
  reference = sobolev_recolor_colors (summed, SOBOLEV_RECOLOR_REFERENCE, NULL);
  g_assert_cmpuint (reference->n, ==, 64);
  /* Another method moves toward every color of the photo.  */
  params.method = SOBOLEV_METHOD_SLICED;
  plain = sobolev_recolor_colors (summed, SOBOLEV_RECOLOR_REFERENCE, &params);
  g_assert_cmpuint (plain->n, >, 64);

  params.method = SOBOLEV_METHOD_PALETTE;
  given = warm_to_cool (&params);
  g_assert_true (sobolev_recolor_summarize_reference (given, 64, &error));
  g_assert_true (sobolev_recolor_run (summed, NULL, NULL, NULL, &error));
  g_assert_true (sobolev_recolor_run (given, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  a = sobolev_recolor_lut (summed);
  b = sobolev_recolor_lut (given);
  for (guint i = 0; i < 125; i++)
    {
      gfloat in[3] = { (i % 5) / 4.0f, (i / 5 % 5) / 4.0f, (i / 25) / 4.0f };
      gfloat out_a[3], out_b[3];

      sobolev_lut_eval (a, in, out_a);
      sobolev_lut_eval (b, in, out_b);
      g_assert_cmpmem (out_a, sizeof out_a, out_b, sizeof out_b);
    }
}

static void
test_cancel_mid_run (void)
{
  g_autoptr (SobolevRecolor) recolor = NULL;
  g_autoptr (GError) error = NULL;
  SobolevParams params;
  gdouble fraction = 0.0;
  gint64 t0, waited;

  sobolev_params_init (&params);
  params.steps = 100000; /* far longer than the test will wait */
  recolor = warm_to_cool (&params);
  g_assert_true (sobolev_recolor_start (recolor, &error));

  /* Let it get going, then cancel while it runs.  */
  t0 = g_get_monotonic_time ();
  while (fraction <= 0.0)
    {
      g_assert_false (sobolev_recolor_poll (recolor, &fraction));
      g_assert_cmpint (g_get_monotonic_time () - t0, <, 60 * G_USEC_PER_SEC);
      g_usleep (1000);
    }
  g_assert_cmpfloat (fraction, <, 0.5);
  sobolev_recolor_cancel (recolor);

  t0 = g_get_monotonic_time ();
  g_assert_false (sobolev_recolor_join (recolor, &error));
  waited = g_get_monotonic_time () - t0;
  g_assert_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_CANCELLED);
  g_assert_null (sobolev_recolor_lut (recolor));
  /* Within a step or so, not after the remaining 99 % of the steps.  */
  g_assert_cmpint (waited, <, 2 * G_USEC_PER_SEC);
}

/* Bad values are refused where the recoloring is made, before any pixel
   is read.  */
static void
test_bad_params (void)
{
  g_autoptr (GError) error = NULL;
  SobolevParams params;

  sobolev_params_init (&params);
  params.steps = 0;
  g_assert_null (sobolev_recolor_new (&params, &error));
  g_assert_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "steps"));
}

/* The coarse run of a dialog's first preview: valid values, no
   refinement, a smaller LUT, a coarser histogram, for the kernel descent
   a path about as long (steps × step and steps × cap kept) in fewer
   steps, and for the sliced flow fewer steps; at the extremes of the
   table too.  */
static void
test_coarse_params (void)
{
  SobolevParams params, coarse;

  sobolev_params_init (&params);
  params.method = SOBOLEV_METHOD_KERNEL; /* the one whose steps shrink */
  sobolev_recolor_coarse_params (&params, &coarse);
  g_assert_true (sobolev_params_validate (&coarse, NULL));
  g_assert_cmpint (coarse.refine, ==, 0);
  g_assert_cmpint (coarse.lut_size, <=, 33);
  g_assert_cmpint (coarse.steps, <, params.steps);
  g_assert_cmpfloat_with_epsilon (coarse.steps * coarse.step_size,
                                  params.steps * params.step_size,
                                  params.step_size * 3);
  g_assert_cmpfloat_with_epsilon (coarse.steps * coarse.max_displacement,
                                  params.steps * params.max_displacement,
                                  params.max_displacement * 3);
  g_assert_cmpfloat (coarse.strength, ==, params.strength);
  g_assert_cmpfloat (coarse.fidelity, ==, params.fidelity);
  g_assert_false (sobolev_params_same_descent (&coarse, &params));

  params.steps = 1;
  params.step_size = 100.0;
  params.max_displacement = 10.0;
  params.lut_size = 2;
  sobolev_recolor_coarse_params (&params, &coarse);
  g_assert_true (sobolev_params_validate (&coarse, NULL));
  g_assert_cmpint (coarse.steps, ==, 1);
  g_assert_cmpint (coarse.lut_size, ==, 2);

  params.steps = 100000;
  sobolev_recolor_coarse_params (&params, &coarse);
  g_assert_true (sobolev_params_validate (&coarse, NULL));

  /* The sliced flow, the default: a third of its steps, each the same
     fraction of the way, on a histogram of one bit less per channel;
     at one bit and one step it stays valid.  */
  sobolev_params_init (&params);
  g_assert_cmpint (params.method, ==, SOBOLEV_METHOD_SLICED);
  sobolev_recolor_coarse_params (&params, &coarse);
  g_assert_true (sobolev_params_validate (&coarse, NULL));
  g_assert_cmpint (coarse.refine, ==, 0);
  g_assert_cmpint (coarse.lut_size, <=, 33);
  g_assert_cmpint (coarse.steps, ==, params.steps / 3);
  g_assert_cmpint (coarse.bits, ==, params.bits - 1);
  g_assert_cmpfloat (coarse.sliced_step, ==, params.sliced_step);
  g_assert_cmpint (coarse.sliced_directions, ==, params.sliced_directions);
  g_assert_cmpfloat (coarse.strength, ==, params.strength);
  g_assert_false (sobolev_params_same_descent (&coarse, &params));
  params.steps = 1;
  params.bits = 1;
  sobolev_recolor_coarse_params (&params, &coarse);
  g_assert_true (sobolev_params_validate (&coarse, NULL));
  g_assert_cmpint (coarse.steps, ==, 1);
  g_assert_cmpint (coarse.bits, ==, 1);
}

/* The refinement passes run a third of the steps and half the
   snapshots: at the smallest documented values they go below the
   table's minimums, and the run must still succeed (a value the user may
   give is never refused after the work is done).  The kernel descent
   runs the first pass, so its smallest bandwidth and anneal count.  */
static void
test_refinement_at_the_minimums (void)
{
  static const struct
  {
    const gchar *name;
    gboolean at_max; /* else at its minimum */
  } cases[][2] = {
    { { "bandwidth", FALSE }, { "refine", TRUE } },
    { { "steps", FALSE }, { "refine", TRUE } },
    { { "snapshots", FALSE }, { "refine", TRUE } },
    { { "bandwidth", FALSE }, { "anneal", FALSE } },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (SobolevRecolor) recolor = NULL;
      g_autoptr (GError) error = NULL;
      g_autoptr (SobolevLut) lut = NULL;
      SobolevParams params;

      sobolev_params_init (&params);
      params.method = SOBOLEV_METHOD_KERNEL;
      params.steps = 12;
      for (guint k = 0; k < 2; k++)
        {
          const SobolevParamSpec *spec
              = sobolev_param_spec_find (cases[i][k].name);

          g_assert_nonnull (spec);
          sobolev_params_set (&params, spec,
                              cases[i][k].at_max ? spec->max : spec->min);
        }
      g_test_message ("%s %g, %s %g", cases[i][0].name,
                      sobolev_params_get (
                          &params, sobolev_param_spec_find (cases[i][0].name)),
                      cases[i][1].name,
                      sobolev_params_get (
                          &params, sobolev_param_spec_find (cases[i][1].name)));
      recolor = warm_to_cool (&params);
      g_assert_true (sobolev_recolor_run (recolor, NULL, NULL, NULL, &error));
      g_assert_no_error (error);
      lut = sobolev_recolor_lut (recolor);
      g_assert_nonnull (lut);
    }
}

/* Several runs over shared colors at once, cancelled in a burst, as a
   user dragging a slider causes: all stop, none leaks a thread, and the
   colors outlive the recoloring they were read into.  */
static void
test_many_restarts (void)
{
  SobolevRecolor *runs[8];
  SobolevRecolor *colors;
  SobolevParams params;

  sobolev_params_init (&params);
  colors = warm_to_cool (&params);
  params.steps = 100000;
  for (guint i = 0; i < G_N_ELEMENTS (runs); i++)
    {
      params.smoothness = 1e-3 * (i + 1);
      runs[i] = sobolev_recolor_new_like (colors, &params, NULL);
      g_assert_nonnull (runs[i]);
      g_assert_true (sobolev_recolor_start (runs[i], NULL));
      if (i > 0)
        sobolev_recolor_cancel (runs[i - 1]);
    }
  sobolev_recolor_free (colors);
  sobolev_recolor_cancel (runs[G_N_ELEMENTS (runs) - 1]);
  for (guint i = 0; i < G_N_ELEMENTS (runs); i++)
    {
      g_autoptr (GError) error = NULL;

      g_assert_false (sobolev_recolor_join (runs[i], &error));
      g_assert_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_CANCELLED);
      sobolev_recolor_free (runs[i]);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/recolor/worker-finishes", test_worker_finishes);
  g_test_add_func ("/recolor/strips-same-bytes", test_strips_same_bytes);
  g_test_add_func ("/recolor/selection-weights", test_selection_weights);
  g_test_add_func ("/recolor/palette", test_palette);
  g_test_add_func ("/recolor/palette-photo", test_palette_photo);
  g_test_add_func ("/recolor/cancel-mid-run", test_cancel_mid_run);
  g_test_add_func ("/recolor/bad-params", test_bad_params);
  g_test_add_func ("/recolor/coarse-params", test_coarse_params);
  g_test_add_func ("/recolor/refinement-at-the-minimums",
                   test_refinement_at_the_minimums);
  g_test_add_func ("/recolor/many-restarts", test_many_restarts);
  return g_test_run ();
}
