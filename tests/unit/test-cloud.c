/* Weighted clouds and the histogram builder.  */
#include <math.h>

#include "sobolev.h"

/* The same colors as u8, u16 and float give the same cloud; alpha and
   the mask weigh the pixels.  */
static void
test_pixel_types_agree (void)
{
  const gsize n = 5000;
  guint8 *u8 = g_new (guint8, n * 4);
  guint16 *u16 = g_new (guint16, n * 4);
  gfloat *f = g_new (gfloat, n * 4);
  gfloat *mask = g_new (gfloat, n);
  GRand *rand = g_rand_new_with_seed (1);
  SobolevPixelType types[]
      = { SOBOLEV_PIXEL_U8, SOBOLEV_PIXEL_U16, SOBOLEV_PIXEL_FLOAT };
  const void *data[] = { u8, u16, f };
  SobolevCloud *clouds[3];

  for (gsize i = 0; i < n * 4; i++)
    {
      u8[i] = (guint8) g_rand_int_range (rand, 0, 256);
      u16[i] = u8[i] * 257;
      f[i] = u8[i] / 255.0f;
    }
  for (gsize i = 0; i < n; i++)
    mask[i] = (gfloat) g_rand_double (rand);
  for (int t = 0; t < 3; t++)
    {
      g_autoptr (SobolevHistogram) h = sobolev_histogram_new (4, NULL);

      g_assert_true (sobolev_histogram_add_pixels (h, data[t], types[t], 4, n,
                                                   mask, NULL));
      clouds[t] = sobolev_histogram_to_cloud (h, NULL);
      g_assert_nonnull (clouds[t]);
    }
  for (int t = 1; t < 3; t++)
    {
      g_assert_cmpuint (clouds[t]->n, ==, clouds[0]->n);
      for (gsize i = 0; i < clouds[0]->n * 3; i++)
        g_assert_cmpfloat (fabs (clouds[t]->points[i] - clouds[0]->points[i]),
                           <, 1e-6);
      for (gsize i = 0; i < clouds[0]->n; i++)
        g_assert_cmpfloat (fabs (clouds[t]->weights[i] - clouds[0]->weights[i]),
                           <, 1e-6);
    }
  g_assert_cmpfloat (fabs (sobolev_cloud_total_weight (clouds[0]) - 1.0), <,
                     1e-12);
  for (int t = 0; t < 3; t++)
    sobolev_cloud_free (clouds[t]);
  g_rand_free (rand);
  g_free (u8), g_free (u16), g_free (f), g_free (mask);
}

/* 8-bit pixels in runs of one bin, as a photo's neighbors mostly are
   (with transparent and masked-out pixels inside the runs), give the
   very same cloud added all at once as one pixel at a time.  */
static void
test_byte_runs (void)
{
  const gsize n = 6000;
  guint8 *px = g_new (guint8, n * 4);
  gfloat *mask = g_new (gfloat, n);
  GRand *rand = g_rand_new_with_seed (3);
  g_autoptr (SobolevHistogram) whole = sobolev_histogram_new (6, NULL);
  g_autoptr (SobolevHistogram) single = sobolev_histogram_new (6, NULL);
  g_autoptr (SobolevCloud) a = NULL;
  g_autoptr (SobolevCloud) b = NULL;

  for (gsize i = 0; i < n;)
    {
      guint8 base[3];
      gsize run = g_rand_int_range (rand, 1, 12);

      for (int c = 0; c < 3; c++)
        base[c] = (guint8) g_rand_int_range (rand, 0, 252);
      for (; run > 0 && i < n; run--, i++)
        {
          /* 0-3 more per channel: mostly the same 6-bit bin, not always.  */
          for (int c = 0; c < 3; c++)
            px[i * 4 + c] = base[c] + (guint8) g_rand_int_range (rand, 0, 4);
          px[i * 4 + 3] = g_rand_int_range (rand, 0, 8) == 0
                              ? 0
                              : (guint8) g_rand_int_range (rand, 1, 256);
          mask[i] = g_rand_int_range (rand, 0, 8) == 0
                        ? 0.0f
                        : (gfloat) g_rand_double (rand);
        }
    }
  g_assert_true (sobolev_histogram_add_pixels (whole, px, SOBOLEV_PIXEL_U8, 4,
                                               n, mask, NULL));
  for (gsize i = 0; i < n; i++)
    g_assert_true (sobolev_histogram_add_pixels (
        single, px + i * 4, SOBOLEV_PIXEL_U8, 4, 1, mask + i, NULL));
  g_assert_cmpfloat (sobolev_histogram_total_weight (whole), ==,
                     sobolev_histogram_total_weight (single));
  a = sobolev_histogram_to_cloud (whole, NULL);
  b = sobolev_histogram_to_cloud (single, NULL);
  g_assert_cmpuint (a->n, ==, b->n);
  g_assert_cmpmem (a->points, a->n * 3 * sizeof (gdouble), b->points,
                   b->n * 3 * sizeof (gdouble));
  g_assert_cmpmem (a->weights, a->n * sizeof (gdouble), b->weights,
                   b->n * sizeof (gdouble));
  g_rand_free (rand);
  g_free (px), g_free (mask);
}

/* A particle sits at the weighted mean color of its bin and weighs the
   bin's total weight.  */
static void
test_bin_means (void)
{
  gfloat px[] = {
    0.10f, 0.10f, 0.10f, 1.0f, /* bin (0,0,0) with weight 1 */
    0.20f, 0.20f, 0.20f, 0.5f, /* same bin, weight 0.5 */
    0.90f, 0.10f, 0.10f, 1.0f, /* bin (1,0,0), masked to 0.25 */
    0.50f, 0.50f, 0.50f, 0.0f, /* transparent: no weight */
  };
  gfloat mask[] = { 1.0f, 1.0f, 0.25f, 1.0f };
  g_autoptr (SobolevHistogram) h = sobolev_histogram_new (1, NULL);
  g_autoptr (SobolevCloud) c = NULL;

  g_assert_true (sobolev_histogram_add_pixels (h, px, SOBOLEV_PIXEL_FLOAT, 4, 4,
                                               mask, NULL));
  g_assert_cmpfloat (sobolev_histogram_total_weight (h), ==, 1.75);
  c = sobolev_histogram_to_cloud (h, NULL);
  g_assert_cmpuint (c->n, ==, 2);
  g_assert_cmpfloat (fabs (c->points[0] - (0.1 + 0.5 * 0.2) / 1.5), <, 1e-7);
  g_assert_cmpfloat (fabs (c->weights[0] - 1.5 / 1.75), <, 1e-12);
  g_assert_cmpfloat (fabs (c->points[3] - 0.9), <, 1e-7);
  g_assert_cmpfloat (fabs (c->weights[1] - 0.25 / 1.75), <, 1e-12);
}

/* However many pixels, the cloud has at most one particle per bin, and
   float values beyond [0, 1] keep their value in the mean.  */
static void
test_bounded_and_over_range (void)
{
  g_autoptr (SobolevHistogram) h = sobolev_histogram_new (3, NULL);
  g_autoptr (SobolevCloud) c = NULL;
  gfloat row[1024 * 3];
  GRand *rand = g_rand_new_with_seed (2);
  gfloat bright[3] = { 1.5f, 1.5f, 1.5f };

  for (int r = 0; r < 200; r++)
    {
      for (int i = 0; i < 1024 * 3; i++)
        row[i] = (gfloat) g_rand_double (rand);
      g_assert_true (sobolev_histogram_add_pixels (h, row, SOBOLEV_PIXEL_FLOAT,
                                                   3, 1024, NULL, NULL));
    }
  g_assert_true (sobolev_histogram_add_pixels (h, bright, SOBOLEV_PIXEL_FLOAT,
                                               3, 1, NULL, NULL));
  c = sobolev_histogram_to_cloud (h, NULL);
  g_assert_cmpuint (c->n, ==, 8 * 8 * 8);
  /* The top bin's mean is pulled above its range by the 1.5 pixel.  */
  g_assert_cmpfloat (c->points[(c->n - 1) * 3], >, 0.9375 + 0.0001);
  g_rand_free (rand);
}

static void
test_cloud_from_data (void)
{
  gdouble pts[] = { 0.0, 1.0, 2.0 }, w[] = { 1.0, 2.0, 1.0 };
  g_autoptr (SobolevCloud) c = sobolev_cloud_new_from_data (1, 3, pts, w, NULL);
  g_autoptr (SobolevCloud) u
      = sobolev_cloud_new_from_data (1, 3, pts, NULL, NULL);
  g_autoptr (SobolevCloud) copy = sobolev_cloud_copy (c);

  g_assert_cmpfloat (sobolev_cloud_total_weight (c), ==, 4.0);
  g_assert_cmpfloat (sobolev_cloud_total_weight (u), ==, 3.0);
  sobolev_cloud_normalize (copy);
  g_assert_cmpfloat (copy->weights[1], ==, 0.5);
  g_assert_cmpfloat (c->weights[1], ==, 2.0);
}

/* Three tight blobs weighing 0.5, 0.3 and 0.2: k-means with k = 3 finds
   their means and their weights, the same twice; k out of range or
   above the number of points is refused.  */
static void
test_summarize (void)
{
  static const gdouble means[3][3]
      = { { 0.8, 0.1, 0.1 }, { 0.1, 0.2, 0.7 }, { 0.95, 0.9, 0.8 } };
  static const gdouble shares[3] = { 0.5, 0.3, 0.2 };
  g_autoptr (SobolevCloud) cloud = sobolev_cloud_new (3, 300);
  g_autoptr (SobolevCloud) summary = NULL;
  g_autoptr (SobolevCloud) again = NULL;
  g_autoptr (GRand) rand = g_rand_new_with_seed (7);
  g_autoptr (GError) error = NULL;

  for (gsize i = 0; i < 300; i++)
    {
      guint blob = i % 3;

      for (guint c = 0; c < 3; c++)
        cloud->points[i * 3 + c]
            = means[blob][c] + g_rand_double_range (rand, -0.02, 0.02);
      cloud->weights[i] = shares[blob];
    }
  summary = sobolev_cloud_summarize (cloud, 3, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (summary->n, ==, 3);
  sobolev_cloud_normalize (summary);
  for (guint blob = 0; blob < 3; blob++)
    {
      gboolean found = FALSE;

      for (gsize j = 0; j < 3; j++)
        {
          gdouble d = 0.0;

          for (guint c = 0; c < 3; c++)
            d = MAX (d, fabs (summary->points[j * 3 + c] - means[blob][c]));
          if (d < 0.01)
            {
              g_assert_cmpfloat_with_epsilon (summary->weights[j], shares[blob],
                                              1e-12);
              found = TRUE;
            }
        }
      g_assert_true (found);
    }
  again = sobolev_cloud_summarize (cloud, 3, NULL);
  sobolev_cloud_normalize (again);
  g_assert_cmpmem (again->points, 9 * sizeof (gdouble), summary->points,
                   9 * sizeof (gdouble));

  g_assert_null (sobolev_cloud_summarize (cloud, 1, &error));
  g_assert_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_null (sobolev_cloud_summarize (cloud, 257, &error));
  g_assert_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  {
    g_autoptr (SobolevCloud) two = sobolev_cloud_new (3, 2);

    two->weights[0] = two->weights[1] = 1.0;
    two->points[0] = 1.0;
    g_assert_null (sobolev_cloud_summarize (two, 3, &error));
    g_assert_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_INVALID_ARGUMENT);
    g_assert_nonnull (strstr (error->message, "only 2 distinct"));
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cloud/pixel-types-agree", test_pixel_types_agree);
  g_test_add_func ("/cloud/byte-runs", test_byte_runs);
  g_test_add_func ("/cloud/bin-means", test_bin_means);
  g_test_add_func ("/cloud/bounded-and-over-range",
                   test_bounded_and_over_range);
  g_test_add_func ("/cloud/from-data", test_cloud_from_data);
  g_test_add_func ("/cloud/summarize", test_summarize);
  return g_test_run ();
}
