/* 2-D shape morphing (the paper's Figures 5 and 6): points sampled from
   a shape, moved by Sobolev descent, end up distributed like the other
   shape: the MMD to it falls at least tenfold.  */
#include <math.h>
#include <string.h>

#include "morph.h"
#include "test-util.h"

static CliImage *
load_shape (const gchar *name)
{
  g_autofree gchar *rel = g_strdup_printf ("shapes/%s.png", name);
  g_autofree gchar *path = test_data_path (rel);
  g_autoptr (GError) error = NULL;
  CliImage *image = cli_image_load (path, &error);

  g_assert_no_error (error);
  return image;
}

/* Every sampled point lies in a dark pixel of the shape, and the same
   seed gives the same points.  */
static void
test_sample (void)
{
  g_autoptr (CliImage) heart = load_shape ("heart");
  g_autoptr (GError) error = NULL;
  g_autoptr (SobolevCloud) a = sobolev_morph_sample_shape (
      heart->pixels, heart->width, heart->height, 2000, 7, &error);
  g_autoptr (SobolevCloud) b = sobolev_morph_sample_shape (
      heart->pixels, heart->width, heart->height, 2000, 7, NULL);
  g_autoptr (SobolevCloud) c = sobolev_morph_sample_shape (
      heart->pixels, heart->width, heart->height, 2000, 8, NULL);
  gdouble mean_x = 0.0;

  g_assert_no_error (error);
  g_assert_cmpuint (a->dim, ==, 2);
  g_assert_cmpuint (a->n, ==, 2000);
  for (gsize i = 0; i < a->n; i++)
    {
      gdouble x = a->points[i * 2], y = a->points[i * 2 + 1];
      guint px = (guint) (x * heart->width), py = (guint) (y * heart->height);
      const gfloat *p;

      g_assert_cmpfloat (x, >=, 0.0);
      g_assert_cmpfloat (x, <, 1.0);
      g_assert_cmpfloat (y, >=, 0.0);
      g_assert_cmpfloat (y, <, 1.0);
      p = heart->pixels + ((gsize) py * heart->width + px) * 4;
      g_assert_cmpfloat (p[1], <, 0.5);
      mean_x += x / a->n;
    }
  /* The heart is symmetric about the middle.  */
  g_assert_cmpfloat (fabs (mean_x - 0.5), <, 0.02);
  g_assert_cmpmem (a->points, a->n * 2 * sizeof (gdouble), b->points,
                   b->n * 2 * sizeof (gdouble));
  g_assert_true (memcmp (a->points, c->points, a->n * 2 * sizeof (gdouble))
                 != 0);
}

static void
test_sample_blank (void)
{
  g_autoptr (CliImage) white = cli_image_new (8, 8);
  g_autoptr (GError) error = NULL;

  for (gsize i = 0; i < 8 * 8 * 4; i++)
    white->pixels[i] = 1.0f;
  g_assert_null (sobolev_morph_sample_shape (white->pixels, white->width,
                                             white->height, 10, 1, &error));
  g_assert_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_EMPTY_CLOUD);
}

typedef struct
{
  const gchar *a, *b;
} ShapePair;

static void
test_morph (gconstpointer data)
{
  const ShapePair *pair = data;
  g_autoptr (CliImage) image_a = load_shape (pair->a);
  g_autoptr (CliImage) image_b = load_shape (pair->b);
  g_autoptr (SobolevCloud) a = NULL;
  g_autoptr (SobolevCloud) b = NULL;
  g_autoptr (SobolevCloud) end = NULL;
  g_autoptr (SobolevPath) path = NULL;
  g_autofree gfloat *strip = NULL;
  g_autoptr (GError) error = NULL;
  SobolevParams params;
  gdouble d0, d1, e0, e1;

  sobolev_morph_params_init (&params);
  params.snapshots = 5;
  a = sobolev_morph_sample_shape (image_a->pixels, image_a->width,
                                  image_a->height, 1000, 1, &error);
  g_assert_no_error (error);
  b = sobolev_morph_sample_shape (image_b->pixels, image_b->width,
                                  image_b->height, 1000, 2, &error);
  g_assert_no_error (error);
  path = sobolev_morph_run (a, b, &params, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (path->n_snapshots, ==, 6);
  g_assert_cmpmem (path->particles[0], a->n * 2 * sizeof (gdouble), a->points,
                   a->n * 2 * sizeof (gdouble));
  end = sobolev_cloud_new_from_data (2, path->n_particles,
                                     path->particles[path->n_snapshots - 1],
                                     NULL, &error);
  g_assert_no_error (error);

  /* The report's estimate, and an exact one that shares nothing with the
     method's random features.  */
  d0 = sobolev_morph_distance (a, b);
  d1 = sobolev_morph_distance (end, b);
  e0 = sobolev_mmd_exact (a, b, 0.05, 1000, 3);
  e1 = sobolev_mmd_exact (end, b, 0.05, 1000, 3);
  g_test_message ("%s → %s: MMD %.4g → %.4g (%.1f×), exact %.4g → %.4g "
                  "(%.1f×)",
                  pair->a, pair->b, d0, d1, d0 / d1, e0, e1, e0 / e1);
  g_assert_cmpfloat (d0 / d1, >=, 10.0);
  g_assert_cmpfloat (e0 / e1, >=, 10.0);

  /* Six panels of 32 × 32, white where nothing is drawn.  */
  strip = sobolev_morph_render (path, b, 32);
  g_assert_nonnull (strip);
  g_assert_cmpfloat (strip[((gsize) 31 * 6 * 32 + 6 * 32 - 1) * 4], ==, 1.0f);
}

int
main (int argc, char **argv)
{
  static const ShapePair pairs[] = {
    { "heart", "star" },
    { "cross", "ring" },
  };

  g_test_init (&argc, &argv, NULL);
  cli_image_io_init ();
  g_test_add_func ("/cli/morph/sample", test_sample);
  g_test_add_func ("/cli/morph/sample-blank", test_sample_blank);
  for (guint i = 0; i < G_N_ELEMENTS (pairs); i++)
    {
      g_autofree gchar *name
          = g_strdup_printf ("/cli/morph/%s-to-%s", pairs[i].a, pairs[i].b);
      g_test_add_data_func (name, &pairs[i], test_morph);
    }
  return g_test_run ();
}
