/* Semi-discrete entropic transport to a palette (semidiscrete.c).

   A Gaussian cloud of 2000 colors is sent to a palette of six colors of
   unequal weights.  With small ε (0.001) the mass each palette color
   receives matches its weight within 0.01 (measured: 0.0015 after
   200 000 samples); the semi-dual objective rises along
   the averaged SGD; a larger ε gives a smoother map (lower mean Jacobian
   norm of T, measured below), and the default ε does not posterize.  */
#include <math.h>
#include <string.h>

#include "test-util.h"

#define N_COLORS 6

static const gdouble palette_colors[N_COLORS * 3] = {
  0.9, 0.2, 0.2, /* red */
  0.2, 0.7, 0.3, /* green */
  0.2, 0.3, 0.9, /* blue */
  0.9, 0.8, 0.2, /* yellow */
  0.1, 0.1, 0.1, /* black */
  0.9, 0.9, 0.9, /* white */
};
static const gdouble palette_weights[N_COLORS]
    = { 0.10, 0.15, 0.20, 0.25, 0.10, 0.20 };

static SobolevCloud *
palette_new (void)
{
  SobolevCloud *p = sobolev_cloud_new_from_data (3, N_COLORS, palette_colors,
                                                 palette_weights, NULL);

  g_assert_nonnull (p);
  return p;
}

static SobolevCloud *
source_new (void)
{
  return test_normal_cloud (3, 2000, 0.5, 0.2, 0.5, 1.5, 31);
}

/* Small ε: the masses match the weights within 0.01 after 200 000
   samples; the dual objective rises from one checkpoint to the next.  */
static void
test_masses_and_dual (void)
{
  g_autoptr (SobolevCloud) q = source_new ();
  g_autoptr (SobolevCloud) p = palette_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (SobolevPaletteMap) map
      = sobolev_palette_map_new (p, 1e-3, 7, &error);
  const guint checkpoints[] = { 10, 100, 1000, 10000, 100000, 200000 };
  gdouble masses[N_COLORS], last = -G_MAXDOUBLE, worst = 0.0;
  guint done = 0;

  g_assert_no_error (error);
  for (guint c = 0; c < G_N_ELEMENTS (checkpoints); c++)
    {
      gdouble h;

      sobolev_palette_map_sgd (map, q, checkpoints[c] - done);
      done = checkpoints[c];
      h = sobolev_palette_map_dual (map, q);
      g_test_message ("after %6u samples: dual %.6f", done, h);
      g_assert_cmpfloat (h, >, last);
      last = h;
    }
  sobolev_palette_map_masses (map, q, masses);
  for (guint j = 0; j < N_COLORS; j++)
    {
      g_test_message ("color %u: mass %.4f, weight %.2f", j, masses[j],
                      palette_weights[j]);
      worst = MAX (worst, fabs (masses[j] - palette_weights[j]));
    }
  g_test_message ("largest mass error %.4f", worst);
  g_assert_cmpfloat (worst, <, 0.01);
}

/* The largest and the mean Frobenius norm of T's Jacobian over the
   source (central differences): the map's local gain, how much it
   amplifies a small color difference (what paints false edges); and the
   fraction of the source's weight that T sends within 0.01 of a palette
   color (posterized).  */
static void
map_roughness (const SobolevPaletteMap *map, const SobolevCloud *q,
               gdouble *max_gain, gdouble *mean_gain, gdouble *snapped)
{
  const gdouble d = 1e-5;
  gdouble sum = 0.0, near = 0.0, total = 0.0;

  *max_gain = 0.0;
  for (gsize i = 0; i < q->n; i++)
    {
      gdouble x[6 * 3], tx[6 * 3], frob = 0.0, image[3], best = G_MAXDOUBLE;

      for (guint a = 0; a < 3; a++)
        for (guint s = 0; s < 2; s++)
          {
            memcpy (x + (2 * a + s) * 3, q->points + i * 3,
                    3 * sizeof (gdouble));
            x[(2 * a + s) * 3 + a] += s ? -d : d;
          }
      sobolev_palette_map_apply (map, x, 6, tx);
      for (guint a = 0; a < 3; a++)
        for (guint b = 0; b < 3; b++)
          {
            gdouble g = (tx[2 * a * 3 + b] - tx[(2 * a + 1) * 3 + b]) / (2 * d);

            frob += g * g;
          }
      sobolev_palette_map_apply (map, q->points + i * 3, 1, image);
      for (guint j = 0; j < N_COLORS; j++)
        {
          gdouble d2 = 0.0;

          for (guint a = 0; a < 3; a++)
            d2 += (image[a] - palette_colors[j * 3 + a])
                  * (image[a] - palette_colors[j * 3 + a]);
          best = MIN (best, d2);
        }
      *max_gain = MAX (*max_gain, sqrt (frob));
      sum += q->weights[i] * sqrt (frob);
      near += q->weights[i] * (sqrt (best) < 0.01);
      total += q->weights[i];
    }
  *mean_gain = sum / total;
  *snapped = near / total;
}

/* ε from 0.001 to 0.2 (50 000 samples each).  Measured:
     ε       0.001 0.003 0.01  0.02  0.03  0.05  0.1   0.2
     max ‖J‖ 285   93    27    12.2  7.9   4.5   2.2   1.1
     mean    3.37  3.20  3.26  3.03  2.77  2.30  1.60  0.97
     snapped 0.96  0.85  0.55  0.26  0.11  0.012 0     0
   The largest gain falls at every step up, the mean from ε = 0.01 on
   (below, the map is flat almost everywhere with steep seams, and the
   mean is the seams' share).  ε = 0.001 posterizes (over 90 % of the
   colors land on a palette color); the default 0.05 does not (under
   5 %).  */
static void
test_larger_epsilon_smoother (void)
{
  g_autoptr (SobolevCloud) q = source_new ();
  g_autoptr (SobolevCloud) p = palette_new ();
  const gdouble epsilons[] = { 0.001, 0.003, 0.01, 0.02, 0.03, 0.05, 0.1, 0.2 };
  gdouble last_max = G_MAXDOUBLE, last_mean = G_MAXDOUBLE;
  SobolevParams defaults;
  gboolean saw_default = FALSE;

  sobolev_params_init (&defaults);
  for (guint e = 0; e < G_N_ELEMENTS (epsilons); e++)
    {
      g_autoptr (SobolevPaletteMap) map
          = sobolev_palette_map_new (p, epsilons[e], 7, NULL);
      gdouble max_gain, mean_gain, snapped;

      sobolev_palette_map_sgd (map, q, 50000);
      map_roughness (map, q, &max_gain, &mean_gain, &snapped);
      g_test_message ("eps %.3f: max |J_T| %.2f, mean %.3f, snapped %.3f",
                      epsilons[e], max_gain, mean_gain, snapped);
      g_assert_cmpfloat (max_gain, <, last_max);
      last_max = max_gain;
      if (epsilons[e] >= 0.01)
        {
          g_assert_cmpfloat (mean_gain, <, last_mean);
          last_mean = mean_gain;
        }
      if (e == 0)
        g_assert_cmpfloat (snapped, >, 0.9);
      if (epsilons[e] == defaults.palette_softness)
        {
          g_assert_cmpfloat (snapped, <, 0.05);
          saw_default = TRUE;
        }
    }
  g_assert_true (saw_default);
}

/* Through the engine: the particles end where the palette's mean is
   (each palette color receives its weight), and the same seed gives the
   same bytes.  */
static void
test_flow (void)
{
  g_autoptr (SobolevCloud) q = source_new ();
  g_autoptr (SobolevCloud) p = palette_new ();
  SobolevParams params;
  SobolevPath *paths[2];
  gdouble mean_end[3] = { 0 }, mean_palette[3] = { 0 }, total = 0.0;

  sobolev_params_init (&params);
  params.method = SOBOLEV_METHOD_PALETTE;
  params.steps = 8;
  params.max_displacement = 0.0;
  for (guint r = 0; r < 2; r++)
    {
      g_autoptr (GError) error = NULL;

      paths[r] = sobolev_flow_run (&sobolev_palette_flow_class, &params, q, p,
                                   NULL, 0, NULL, NULL, NULL, &error);
      g_assert_no_error (error);
    }
  {
    guint last = paths[0]->n_snapshots - 1;
    const gdouble *end = paths[0]->particles[last];

    g_assert_cmpmem (end, q->n * 3 * sizeof (gdouble),
                     paths[1]->particles[last], q->n * 3 * sizeof (gdouble));
    for (gsize i = 0; i < q->n; i++)
      {
        total += q->weights[i];
        for (guint a = 0; a < 3; a++)
          mean_end[a] += q->weights[i] * end[i * 3 + a];
      }
  }
  for (guint j = 0; j < N_COLORS; j++)
    for (guint a = 0; a < 3; a++)
      mean_palette[a] += palette_weights[j] * palette_colors[j * 3 + a];
  for (guint a = 0; a < 3; a++)
    g_assert_cmpfloat_with_epsilon (mean_end[a] / total, mean_palette[a], 0.01);
  sobolev_path_free (paths[0]);
  sobolev_path_free (paths[1]);
}

/* Palettes that cannot be transported to, refused with their reason.  */
static void
test_bad_palettes (void)
{
  g_autoptr (SobolevCloud) q = source_new ();
  SobolevCloud empty = { 3, 0, NULL, NULL };
  const gdouble one[] = { 0.5, 0.5, 0.5 };
  const gdouble two[] = { 0.5, 0.5, 0.5, 0.1, 0.1, 0.1 };
  const gdouble one_weighted[] = { 1.0, 0.0 };
  g_autoptr (SobolevCloud) single
      = sobolev_cloud_new_from_data (3, 1, one, NULL, NULL);
  g_autoptr (SobolevCloud) single_weighted
      = sobolev_cloud_new_from_data (3, 2, two, one_weighted, NULL);
  g_autoptr (SobolevCloud) p = palette_new ();
  SobolevParams params;
  GError *error = NULL;

  g_assert_null (sobolev_palette_map_new (&empty, 0.01, 1, &error));
  g_assert_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_EMPTY_CLOUD);
  g_assert_nonnull (strstr (error->message, "palette has no colors"));
  g_clear_error (&error);
  g_assert_null (sobolev_palette_map_new (single, 0.01, 1, &error));
  g_assert_nonnull (strstr (error->message, "only one color"));
  g_clear_error (&error);
  g_assert_null (sobolev_palette_map_new (single_weighted, 0.01, 1, &error));
  g_assert_nonnull (strstr (error->message, "only one color"));
  g_clear_error (&error);

  /* Six palette colors, four pixels.  */
  g_assert_false (sobolev_palette_check (p, 4, &error));
  g_assert_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (
      strstr (error->message, "6 colors, more than the image's 4 pixels"));
  g_clear_error (&error);
  g_assert_true (sobolev_palette_check (p, 6, NULL));
  sobolev_params_init (&params);
  params.method = SOBOLEV_METHOD_PALETTE;
  g_assert_null (sobolev_flow_run (&sobolev_palette_flow_class, &params, q,
                                   single, NULL, 0, NULL, NULL, NULL, &error));
  g_assert_nonnull (strstr (error->message, "only one color"));
  g_clear_error (&error);
}

static void
test_bad_parameters (void)
{
  static const gchar *const bad[] = {
    "palette-softness",
    "0",
    "palette-softness",
    "2",
    "palette-iterations",
    "10",
    "palette-iterations",
    "100000000",
    NULL,
  };

  test_assert_params_refused (bad);
}

static void
test_registered (void)
{
  test_assert_method_registered ("palette", &sobolev_palette_flow_class);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/semidiscrete/masses-and-dual", test_masses_and_dual);
  g_test_add_func ("/semidiscrete/larger-epsilon-smoother",
                   test_larger_epsilon_smoother);
  g_test_add_func ("/semidiscrete/flow", test_flow);
  g_test_add_func ("/semidiscrete/bad-palettes", test_bad_palettes);
  g_test_add_func ("/semidiscrete/bad-parameters", test_bad_parameters);
  g_test_add_func ("/semidiscrete/registered", test_registered);
  return g_test_run ();
}
