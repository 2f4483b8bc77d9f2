/* sobolev-transfer — 2-D shape morphing (the paper's Figures 5 and 6).  */
#include "morph.h"

#include <math.h>

#include "method.h"
#include "metrics.h"
#include "sobolev-error.h"

#define MORPH_DISTANCE_SIGMA 0.05
#define MORPH_DISTANCE_FEATURES 500
#define MORPH_DISTANCE_SEED 20190416u

void
sobolev_morph_params_init (SobolevParams *params)
{
  sobolev_params_init (params);
  params->bandwidth = SOBOLEV_MORPH_BANDWIDTH;
  params->features = SOBOLEV_MORPH_FEATURES;
  params->steps = SOBOLEV_MORPH_STEPS;
  params->smoothness = SOBOLEV_MORPH_SMOOTHNESS;
  params->step_size = SOBOLEV_MORPH_STEP_SIZE;
  params->max_displacement = SOBOLEV_MORPH_MAX_DISPLACEMENT;
  params->anneal = SOBOLEV_MORPH_ANNEAL;
  params->gramian_samples = SOBOLEV_MORPH_GRAMIAN_SAMPLES;
}

SobolevCloud *
sobolev_morph_sample_shape (const gfloat *rgba, guint width, guint height,
                            gsize n, guint32 seed, GError **error)
{
  g_autoptr (GArray) dark = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autofree gdouble *points = NULL;
  guint32 seeds[2] = { seed, 0x5a4d };
  g_autoptr (GRand) rand = NULL;
  gsize n_pixels = (gsize) width * height;
  gdouble side = MAX (width, height);
  gdouble dx = (side - width) / 2.0;
  gdouble dy = (side - height) / 2.0;

  g_return_val_if_fail (n > 0, NULL);

  if (n_pixels > G_MAXUINT32)
    {
      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_INVALID_ARGUMENT,
                   "the shape image is too large");
      return NULL;
    }
  for (gsize i = 0; i < n_pixels; i++)
    {
      const gfloat *p = rgba + i * 4;
      gdouble a = CLAMP (p[3], 0.0f, 1.0f);
      /* Luminance of encoded sRGB laid over white (Rec. 709 weights).  */
      gdouble y = 0.2126 * p[0] + 0.7152 * p[1] + 0.0722 * p[2];

      if (a * y + (1.0 - a) < 0.5)
        {
          guint32 index = (guint32) i;
          g_array_append_val (dark, index);
        }
    }
  if (dark->len == 0)
    {
      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_EMPTY_CLOUD,
                   "the shape has no dark pixel to sample");
      return NULL;
    }
  rand = g_rand_new_with_seed_array (seeds, G_N_ELEMENTS (seeds));
  points = g_new (gdouble, n * 2);
  for (gsize k = 0; k < n; k++)
    {
      guint32 i = g_array_index (
          dark, guint32, g_rand_int_range (rand, 0, (gint32) dark->len));
      gdouble x = i % width + g_rand_double (rand);
      gdouble y = i / width + g_rand_double (rand);

      points[k * 2 + 0] = (x + dx) / side;
      points[k * 2 + 1] = (y + dy) / side;
    }
  return sobolev_cloud_new_from_data (2, n, points, NULL, error);
}

SobolevPath *
sobolev_morph_run (const SobolevCloud *a, const SobolevCloud *b,
                   const SobolevParams *params, SobolevProgressFunc progress,
                   SobolevCancelFunc cancel, gpointer user_data, GError **error)
{
  const SobolevMethodClass *method;

  if (!sobolev_params_validate (params, error))
    return NULL;
  method = sobolev_method_get (params->method);
  if (method == NULL)
    {
      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_INVALID_ARGUMENT,
                   "unknown method %d", params->method);
      return NULL;
    }
  return sobolev_flow_run (method, params, a, b, NULL, 0, progress, cancel,
                           user_data, error);
}

gdouble
sobolev_morph_distance (const SobolevCloud *a, const SobolevCloud *b)
{
  return sobolev_mmd_rff (a, b, MORPH_DISTANCE_SIGMA, MORPH_DISTANCE_FEATURES,
                          MORPH_DISTANCE_SEED);
}

/* Darkens the pixel under (x, y) of a panel toward value, clipped.  */
static void
morph_plot (gfloat *rgba, guint width, guint x0, guint cell, gdouble x,
            gdouble y, gfloat value)
{
  gint px = (gint) floor (x * cell), py = (gint) floor (y * cell);

  for (gint j = 0; j < 2; j++)
    for (gint i = 0; i < 2; i++)
      {
        gint u = px + i, v = py + j;
        gfloat *p;

        if (u < 0 || v < 0 || u >= (gint) cell || v >= (gint) cell)
          continue;
        p = rgba + ((gsize) v * width + x0 + u) * 4;
        for (guint c = 0; c < 3; c++)
          p[c] = MIN (p[c], value);
      }
}

gfloat *
sobolev_morph_render (const SobolevPath *path, const SobolevCloud *b,
                      guint cell)
{
  guint width, height = cell;
  gsize n_pixels;
  gfloat *rgba;

  g_return_val_if_fail (path != NULL && path->dim == 2 && b->dim == 2, NULL);

  width = cell * path->n_snapshots;
  n_pixels = (gsize) width * height;
  rgba = g_new (gfloat, n_pixels * 4);
  for (gsize i = 0; i < n_pixels * 4; i++)
    rgba[i] = 1.0f;
  for (guint k = 0; k < path->n_snapshots; k++)
    {
      guint x0 = k * cell;

      /* A thin frame tells the panels apart.  */
      for (guint t = 0; t < cell; t++)
        {
          gfloat *left = rgba + ((gsize) t * width + x0) * 4;
          gfloat *top = rgba + (x0 + t) * 4;

          for (guint c = 0; c < 3; c++)
            left[c] = top[c] = 0.75f;
        }
      for (gsize i = 0; i < b->n; i++)
        morph_plot (rgba, width, x0, cell, b->points[i * 2],
                    b->points[i * 2 + 1], 0.85f);
      for (gsize i = 0; i < path->n_particles; i++)
        morph_plot (rgba, width, x0, cell, path->particles[k][i * 2],
                    path->particles[k][i * 2 + 1], 0.0f);
    }
  return rgba;
}
