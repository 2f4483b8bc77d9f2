/* Every bad input gets a GError with a clear message: no crash, no leak
   (the sanitizer build runs this too).  */
#include <math.h>
#include <string.h>

#include "kernel-descent.h"
#include "sobolev.h"

static SobolevCloud *
small_cloud (guint dim, gdouble offset)
{
  SobolevCloud *c = sobolev_cloud_new (dim, 50);

  for (gsize i = 0; i < 50 * dim; i++)
    c->points[i] = offset + 0.01 * (i % 17);
  for (gsize i = 0; i < 50; i++)
    c->weights[i] = 1.0;
  return c;
}

/* Runs a transfer that must fail with code, and a message naming what. */
static void
expect_transfer_error (const SobolevCloud *q, const SobolevCloud *p,
                       const SobolevParams *params, gint code,
                       const gchar *what)
{
  g_autoptr (GError) error = NULL;
  SobolevTransfer *t
      = sobolev_transfer_run (q, p, params, NULL, NULL, NULL, &error);

  g_assert_null (t);
  g_assert_error (error, SOBOLEV_ERROR, code);
  g_test_message ("%s", error->message);
  if (what)
    g_assert_nonnull (strstr (error->message, what));
}

static void
test_bad_parameters (void)
{
  g_autoptr (SobolevCloud) q = small_cloud (3, 0.2);
  g_autoptr (SobolevCloud) p = small_cloud (3, 0.5);
  const struct
  {
    const gchar *name;
    gdouble value;
  } cases[] = {
    { "bandwidth", 0.0 },
    { "bandwidth", -0.1 },
    { "bandwidth", NAN },
    { "features", 0 },
    { "smoothness", -1e-3 },
    { "smoothness", 0.0 },
    { "step-size", 0.0 },
    { "step-size", -0.5 },
    { "steps", 0 },
    { "lut-size", 1 },
    { "lut-size", 0 },
    { "strength", 1.5 },
    { "bits", 0 },
    { "bits", 8 },
    { "method", 99 },
    { "space", -1 },
    { "snapshots", 0 },
    { "anneal", 0.0 },
    { "max-displacement", INFINITY },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      SobolevParams params;
      const SobolevParamSpec *spec = sobolev_param_spec_find (cases[i].name);

      g_assert_nonnull (spec);
      sobolev_params_init (&params);
      sobolev_params_set (&params, spec, cases[i].value);
      if (spec->type == SOBOLEV_PARAM_TYPE_DOUBLE)
        g_assert_true (sobolev_params_get (&params, spec) == cases[i].value
                       || isnan (cases[i].value));
      expect_transfer_error (q, p, &params, SOBOLEV_ERROR_INVALID_ARGUMENT,
                             cases[i].name);
    }
}

static void
test_bad_clouds (void)
{
  SobolevParams params;
  g_autoptr (SobolevCloud) good = small_cloud (3, 0.2);
  g_autoptr (SobolevCloud) flat = small_cloud (2, 0.2);
  g_autoptr (SobolevCloud) empty = sobolev_cloud_new (3, 0);
  g_autoptr (SobolevCloud) weightless = small_cloud (3, 0.4);
  g_autoptr (SobolevCloud) nan_point = small_cloud (3, 0.4);
  g_autoptr (SobolevCloud) neg_weight = small_cloud (3, 0.4);
  g_autoptr (GError) error = NULL;
  gdouble pt[3] = { 0, 0, 0 };

  sobolev_params_init (&params);
  params.steps = 3;
  for (gsize i = 0; i < weightless->n; i++)
    weightless->weights[i] = 0.0;
  nan_point->points[7] = NAN;
  neg_weight->weights[3] = -1.0;

  expect_transfer_error (empty, good, &params, SOBOLEV_ERROR_EMPTY_CLOUD,
                         "source");
  expect_transfer_error (good, empty, &params, SOBOLEV_ERROR_EMPTY_CLOUD,
                         "reference");
  expect_transfer_error (weightless, good, &params, SOBOLEV_ERROR_EMPTY_CLOUD,
                         "weight");
  expect_transfer_error (good, nan_point, &params,
                         SOBOLEV_ERROR_INVALID_ARGUMENT, "finite");
  expect_transfer_error (neg_weight, good, &params,
                         SOBOLEV_ERROR_INVALID_ARGUMENT, "weight");
  expect_transfer_error (flat, flat, &params, SOBOLEV_ERROR_INVALID_ARGUMENT,
                         "3-D");

  /* Mismatched dimensions reach the engine too.  */
  g_assert_null (sobolev_flow_run (&sobolev_kernel_descent_class, &params, good,
                                   flat, NULL, 0, NULL, NULL, NULL, &error));
  g_assert_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "dimension"));
  g_clear_error (&error);

  g_assert_null (sobolev_cloud_new_from_data (3, 0, pt, NULL, &error));
  g_assert_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_EMPTY_CLOUD);
  g_clear_error (&error);
  g_assert_null (sobolev_cloud_new_from_data (0, 1, pt, NULL, &error));
  g_assert_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_INVALID_ARGUMENT);
}

static void
test_bad_pixels (void)
{
  g_autoptr (SobolevHistogram) h = sobolev_histogram_new (5, NULL);
  g_autoptr (GError) error = NULL;
  gfloat good[8] = { 0.1f, 0.2f, 0.3f, 1.0f, 0.5f, 0.5f, 0.5f, 1.0f };
  gfloat nan_px[8] = { 0.1f, 0.2f, 0.3f, 1.0f, NAN, 0.5f, 0.5f, 1.0f };
  gfloat inf_px[8] = { 0.1f, 0.2f, 0.3f, 1.0f, 0.5f, 0.5f, 0.5f, INFINITY };
  gfloat clear[8] = { 0.1f, 0.2f, 0.3f, 0.0f, 0.5f, 0.5f, 0.5f, 0.0f };
  gfloat huge_px[8] = { 0.1f, 0.2f, 0.3f, 1.0f, 3e38f, 0.5f, 0.5f, 1.0f };
  gfloat negative_px[8] = { -2e6f, 0.2f, 0.3f, 1.0f, 0.5f, 0.5f, 0.5f, 1.0f };
  gfloat hdr_px[8] = { 0.1f, 0.2f, 0.3f, 1.0f, 65504.0f, 8.0f, -0.5f, 1.0f };

  g_assert_true (sobolev_histogram_add_pixels (h, good, SOBOLEV_PIXEL_FLOAT, 4,
                                               2, NULL, NULL));
  g_assert_false (sobolev_histogram_add_pixels (h, nan_px, SOBOLEV_PIXEL_FLOAT,
                                                4, 2, NULL, &error));
  g_assert_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "pixel 1"));
  g_clear_error (&error);
  g_assert_false (sobolev_histogram_add_pixels (h, inf_px, SOBOLEV_PIXEL_FLOAT,
                                                4, 2, NULL, &error));
  g_clear_error (&error);
  /* Finite but absurd (a float file of garbage): refused as out of range,
     not left to break the descent's arithmetic later.  A bright HDR value
     is fine.  */
  g_assert_false (sobolev_histogram_add_pixels (h, huge_px, SOBOLEV_PIXEL_FLOAT,
                                                4, 2, NULL, &error));
  g_assert_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "pixel 1"));
  g_assert_nonnull (strstr (error->message, "out of range"));
  g_clear_error (&error);
  g_assert_false (sobolev_histogram_add_pixels (
      h, negative_px, SOBOLEV_PIXEL_FLOAT, 4, 2, NULL, &error));
  g_assert_nonnull (strstr (error->message, "out of range"));
  g_clear_error (&error);
  /* Nothing of the failed calls was added.  */
  g_assert_cmpfloat (sobolev_histogram_total_weight (h), ==, 2.0);
  g_assert_true (sobolev_histogram_add_pixels (h, hdr_px, SOBOLEV_PIXEL_FLOAT,
                                               4, 2, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (sobolev_histogram_add_pixels (h, good, SOBOLEV_PIXEL_FLOAT, 2,
                                                2, NULL, &error));
  g_assert_nonnull (strstr (error->message, "channels"));
  g_clear_error (&error);

  {
    g_autoptr (SobolevHistogram) transparent = sobolev_histogram_new (5, NULL);

    g_assert_true (sobolev_histogram_add_pixels (
        transparent, clear, SOBOLEV_PIXEL_FLOAT, 4, 2, NULL, NULL));
    g_assert_null (sobolev_histogram_to_cloud (transparent, &error));
    g_assert_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_EMPTY_CLOUD);
    g_assert_nonnull (strstr (error->message, "transparent"));
    g_clear_error (&error);
  }
  g_assert_null (sobolev_histogram_new (0, &error));
  g_assert_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_null (sobolev_histogram_new (8, &error));
  g_clear_error (&error);
}

static void
test_bad_building_blocks (void)
{
  g_autoptr (GError) error = NULL;

  g_assert_null (sobolev_rff_new (3, 0, 0.1, 1, &error));
  g_assert_nonnull (strstr (error->message, "m"));
  g_clear_error (&error);
  g_assert_null (sobolev_rff_new (3, 10, 0.0, 1, &error));
  g_assert_nonnull (strstr (error->message, "σ"));
  g_clear_error (&error);
  g_assert_null (sobolev_rff_new (0, 10, 0.1, 1, &error));
  g_clear_error (&error);
  g_assert_null (sobolev_lut_new_identity (1, &error));
  g_assert_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_null (
      sobolev_lut_bake_splat (33, NULL, NULL, NULL, 0, 0, 0.75, NULL, &error));
  g_clear_error (&error);
}

/* λ tiny with a degenerate cloud: the critic's system is singular and
   must fail cleanly, not return garbage.  */
static void
test_singular_critic (void)
{
  SobolevRff *rff = sobolev_rff_new (3, 64, 0.1, 1, NULL);
  g_autoptr (SobolevCloud) q = sobolev_cloud_new (3, 1);
  gdouble mu[64] = { 0 }, coef[64];
  g_autoptr (GError) error = NULL;

  q->weights[0] = 1.0;
  if (!sobolev_kernel_critic (rff, mu, q, 0.0, 0, coef, NULL, NULL, NULL,
                              &error))
    g_assert_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_NUMERICAL);
  else
    for (int j = 0; j < 64; j++)
      g_assert_true (isfinite (coef[j]));
  sobolev_rff_free (rff);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/errors/bad-parameters", test_bad_parameters);
  g_test_add_func ("/errors/bad-clouds", test_bad_clouds);
  g_test_add_func ("/errors/bad-pixels", test_bad_pixels);
  g_test_add_func ("/errors/bad-building-blocks", test_bad_building_blocks);
  g_test_add_func ("/errors/singular-critic", test_singular_critic);
  return g_test_run ();
}
