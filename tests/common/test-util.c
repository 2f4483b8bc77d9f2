/* sobolev-transfer — helpers for tests and benchmarks.  */
#include "test-util.h"

#include <math.h>
#include <string.h>

const TestPair test_pairs[] = {
  { "chelsea.png", "coffee.png" },   { "coffee.png", "chelsea.png" },
  { "astronaut.png", "rocket.jpg" }, { "rocket.jpg", "astronaut.png" },
  { "chelsea.png", "retina.jpg" },
};
const guint test_n_pairs = G_N_ELEMENTS (test_pairs);

gchar *
test_data_path (const gchar *relative)
{
  const gchar *dir = g_getenv ("SOBOLEV_DATA_DIR");

#ifdef SOBOLEV_SOURCE_ROOT
  if (dir == NULL)
    return g_build_filename (SOBOLEV_SOURCE_ROOT, "data", relative, NULL);
#endif
  if (dir == NULL)
    dir = "data";
  return g_build_filename (dir, relative, NULL);
}

CliImage *
test_load_photo (const gchar *name)
{
  g_autofree gchar *relative = g_build_filename ("photos", name, NULL);
  g_autofree gchar *path = test_data_path (relative);
  g_autoptr (GError) error = NULL;
  CliImage *image = cli_image_load (path, &error);

  if (image == NULL)
    g_error ("cannot load sample %s: %s", path, error->message);
  return image;
}

SobolevCloud *
test_image_cloud (const CliImage *image, guint bits)
{
  g_autoptr (SobolevHistogram) hist = sobolev_histogram_new (bits, NULL);
  g_autoptr (GError) error = NULL;
  SobolevCloud *cloud;

  g_assert_nonnull (hist);
  if (!sobolev_histogram_add_pixels (hist, image->pixels, SOBOLEV_PIXEL_FLOAT,
                                     4, (gsize) image->width * image->height,
                                     NULL, &error))
    g_error ("histogram: %s", error->message);
  cloud = sobolev_histogram_to_cloud (hist, &error);
  if (cloud == NULL)
    g_error ("histogram: %s", error->message);
  return cloud;
}

CliImage *
test_apply_lut (const CliImage *image, const SobolevLut *lut)
{
  CliImage *out = cli_image_new (image->width, image->height);

  out->bit_depth = image->bit_depth;
  out->has_alpha = image->has_alpha;
  sobolev_lut_apply (lut, SOBOLEV_PIXEL_FLOAT, 4, image->pixels,
                     (gsize) image->width * 4 * sizeof (gfloat), out->pixels,
                     (gsize) image->width * 4 * sizeof (gfloat), image->width,
                     image->height, NULL, 0);
  return out;
}

CliImage *
test_apply_result (const CliImage *image, const SobolevLut *lut,
                   gdouble fidelity)
{
  CliImage *out = cli_image_new (image->width, image->height);
  gsize stride = (gsize) image->width * 4 * sizeof (gfloat);

  out->bit_depth = image->bit_depth;
  out->has_alpha = image->has_alpha;
  sobolev_edge_guard_apply_image (lut, sobolev_fidelity_gain (fidelity),
                                  SOBOLEV_PIXEL_FLOAT, 4, image->pixels, stride,
                                  out->pixels, stride, image->width,
                                  image->height, 0);
  return out;
}

gboolean
test_recolor_feed (SobolevRecolor *recolor, SobolevRecolorInput input,
                   const CliImage *image, GError **error)
{
  return sobolev_recolor_add_pixels (
      recolor, input, image->pixels, SOBOLEV_PIXEL_FLOAT, 4, image->width,
      image->height, (gsize) image->width * 4 * sizeof (gfloat), NULL, error);
}

SobolevRecolor *
test_recolor_run (const CliImage *source, const CliImage *reference,
                  const SobolevCloud *palette, const SobolevParams *params)
{
  g_autoptr (GError) error = NULL;
  SobolevRecolor *recolor = sobolev_recolor_new (params, &error);

  if (recolor == NULL
      || !test_recolor_feed (recolor, SOBOLEV_RECOLOR_SOURCE, source, &error)
      || !(palette ? sobolev_recolor_set_palette (
               recolor, palette->points, palette->weights, palette->n, &error)
                   : test_recolor_feed (recolor, SOBOLEV_RECOLOR_REFERENCE,
                                        reference, &error))
      || !sobolev_recolor_run (recolor, NULL, NULL, NULL, &error))
    g_error ("%s", error->message);
  return recolor;
}

CliImage *
test_downscale (const CliImage *image, guint max_side)
{
  guint side = MAX (image->width, image->height);
  guint f = (side + max_side - 1) / max_side;
  CliImage *out;

  if (f <= 1)
    {
      out = cli_image_new (image->width, image->height);
      memcpy (out->pixels, image->pixels,
              (gsize) image->width * image->height * 4 * sizeof (gfloat));
      out->bit_depth = image->bit_depth;
      out->has_alpha = image->has_alpha;
      return out;
    }
  out = cli_image_new (image->width / f, image->height / f);
  for (guint y = 0; y < out->height; y++)
    for (guint x = 0; x < out->width; x++)
      for (int c = 0; c < 4; c++)
        {
          gfloat s = 0.0f;

          for (guint dy = 0; dy < f; dy++)
            for (guint dx = 0; dx < f; dx++)
              s += image->pixels[(((gsize) y * f + dy) * image->width + x * f
                                  + dx)
                                     * 4
                                 + c];
          out->pixels[((gsize) y * out->width + x) * 4 + c] = s / (f * f);
        }
  return out;
}

static void
test_draw_weights (SobolevCloud *c, gdouble w_lo, gdouble w_hi, GRand *rand)
{
  for (gsize i = 0; i < c->n; i++)
    c->weights[i]
        = w_lo == w_hi ? w_lo : g_rand_double_range (rand, w_lo, w_hi);
}

SobolevCloud *
test_uniform_cloud (guint dim, gsize n, gdouble lo, gdouble hi, gdouble w_lo,
                    gdouble w_hi, guint32 seed)
{
  GRand *rand = g_rand_new_with_seed (seed);
  SobolevCloud *c = sobolev_cloud_new (dim, n);

  for (gsize i = 0; i < n * dim; i++)
    c->points[i] = g_rand_double_range (rand, lo, hi);
  test_draw_weights (c, w_lo, w_hi, rand);
  g_rand_free (rand);
  return c;
}

SobolevCloud *
test_normal_cloud (guint dim, gsize n, gdouble mean, gdouble sd, gdouble w_lo,
                   gdouble w_hi, guint32 seed)
{
  GRand *rand = g_rand_new_with_seed (seed);
  SobolevCloud *c = sobolev_cloud_new (dim, n);

  for (gsize i = 0; i < n * dim; i++)
    {
      gdouble u = 1.0 - g_rand_double (rand), v = g_rand_double (rand);

      c->points[i] = mean + sd * sqrt (-2 * log (u)) * cos (2 * G_PI * v);
    }
  test_draw_weights (c, w_lo, w_hi, rand);
  g_rand_free (rand);
  return c;
}

gboolean
test_params_set_arg (SobolevParams *params, const gchar *arg)
{
  const gchar *eq = strchr (arg, '=');
  g_autofree gchar *name = NULL;
  const SobolevParamSpec *spec;
  g_autoptr (GError) error = NULL;

  if (eq == NULL)
    return FALSE;
  name = g_strndup (arg, eq - arg);
  spec = sobolev_param_spec_find (name);
  if (spec == NULL)
    g_error ("no parameter named %s", name);
  if (!sobolev_params_set_from_string (params, spec, eq + 1, &error))
    g_error ("%s", error->message);
  return TRUE;
}

void
test_watch_progress (gdouble fraction, gpointer data)
{
  TestWatch *w = data;

  if (fraction < w->last_fraction)
    w->backwards = TRUE;
  w->last_fraction = fraction;
  w->calls++;
}

gboolean
test_watch_cancel (gpointer data)
{
  TestWatch *w = data;

  return w->cancel_after > 0 && w->calls >= w->cancel_after;
}

void
test_assert_params_refused (const gchar *const *names_and_values)
{
  for (guint i = 0; names_and_values[i] && names_and_values[i + 1]; i += 2)
    {
      SobolevParams params;
      const SobolevParamSpec *spec
          = sobolev_param_spec_find (names_and_values[i]);
      g_autoptr (GError) error = NULL;

      g_assert_nonnull (spec);
      sobolev_params_init (&params);
      g_assert_false (sobolev_params_set_from_string (
          &params, spec, names_and_values[i + 1], &error));
      g_assert_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_INVALID_ARGUMENT);
      g_assert_nonnull (strstr (error->message, names_and_values[i]));
    }
}

void
test_assert_method_registered (const gchar *nick,
                               const SobolevMethodClass *klass)
{
  const SobolevParamSpec *spec = sobolev_param_spec_find ("method");
  SobolevParams params;

  sobolev_params_init (&params);
  g_assert_true (sobolev_params_set_from_string (&params, spec, nick, NULL));
  g_assert_true (sobolev_method_get (params.method) == klass);
  g_assert_cmpstr (klass->nick, ==, nick);
}
