/* sobolev-transfer — semi-discrete entropic optimal transport to a
   palette (Genevay, Cuturi, Peyré, Bach, NIPS 2016, "Stochastic
   optimization for large-scale optimal transport"; the map's regularity
   at ε > 0 as in Houdard et al.).

   The palette's dual potentials are found by averaged stochastic
   gradient ascent on the semi-dual, sampling source colors by weight.
   The map is the barycentric projection T(x) = Σ_j χ_j(x) y_j: smooth
   for ε > 0, a hard nearest-color assignment (posterization) as ε → 0,
   which is why the default ε is not small.

   As a method, each step refits the potentials to the current particles
   (warm, from the last ones) and moves every point the fraction
   1 / (L − ℓ) of the way to its image: if the map did not change, the
   points would travel straight to T(x) at constant speed and arrive at
   the last step, which then applies the map of the cloud it sees.  */
#include "semidiscrete.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "sobolev-error.h"

/* γ in the step γ / √k: the potentials live on the scale of the cost
   differences between palette colors (a few hundredths in sRGB).  */
#define PALETTE_SGD_STEP 0.05

struct _SobolevPaletteMap
{
  guint dim;
  gsize k;
  gdouble *colors;  /* k × dim */
  gdouble *weights; /* k, normalized */
  gdouble *log_weights;
  gdouble epsilon;
  gdouble *v;       /* the SGD iterate */
  gdouble *average; /* the potentials in use: the running average */
  guint64 n_done;
  GRand *rand;
};

gboolean
sobolev_palette_check (const SobolevCloud *palette, gsize n_source_pixels,
                       GError **error)
{
  gsize n_positive = 0;

  if (palette == NULL || palette->n == 0)
    {
      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_EMPTY_CLOUD,
                   _ ("the palette has no colors"));
      return FALSE;
    }
  if (!sobolev_cloud_check (palette, "the palette", error))
    return FALSE;
  for (gsize j = 0; j < palette->n; j++)
    n_positive += palette->weights[j] > 0.0;
  if (n_positive < 2)
    {
      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_INVALID_ARGUMENT,
                   _ ("the palette has only one color: every color would "
                      "map to it; give at least two"));
      return FALSE;
    }
  if (n_source_pixels > 0 && palette->n > n_source_pixels)
    {
      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_INVALID_ARGUMENT,
                   /* %lu: xgettext cannot see through G_GSIZE_FORMAT.  */
                   _ ("the palette has %lu colors, more than the image's "
                      "%lu pixels"),
                   (gulong) palette->n, (gulong) n_source_pixels);
      return FALSE;
    }
  return TRUE;
}

SobolevPaletteMap *
sobolev_palette_map_new (const SobolevCloud *palette, gdouble epsilon,
                         guint32 seed, GError **error)
{
  SobolevPaletteMap *map;
  gdouble total;

  if (!sobolev_palette_check (palette, 0, error))
    return NULL;
  if (!(epsilon > 0.0) || !isfinite (epsilon))
    {
      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_INVALID_ARGUMENT,
                   "the palette softness ε must be positive (got %g)", epsilon);
      return NULL;
    }
  map = g_new0 (SobolevPaletteMap, 1);
  map->dim = palette->dim;
  map->k = palette->n;
  map->colors = g_memdup2 (palette->points,
                           palette->n * palette->dim * sizeof (gdouble));
  map->weights = g_new (gdouble, map->k);
  map->log_weights = g_new (gdouble, map->k);
  total = sobolev_cloud_total_weight (palette);
  for (gsize j = 0; j < map->k; j++)
    {
      map->weights[j] = palette->weights[j] / total;
      map->log_weights[j]
          = map->weights[j] > 0.0 ? log (map->weights[j]) : -INFINITY;
    }
  map->epsilon = epsilon;
  map->v = g_new0 (gdouble, map->k);
  map->average = g_new0 (gdouble, map->k);
  map->rand = g_rand_new_with_seed (seed ^ 0xc0105u);
  return map;
}

void
sobolev_palette_map_free (SobolevPaletteMap *map)
{
  if (map == NULL)
    return;
  g_free (map->colors);
  g_free (map->weights);
  g_free (map->log_weights);
  g_free (map->v);
  g_free (map->average);
  g_rand_free (map->rand);
  g_free (map);
}

/* χ(x) for potentials v into chi (k); returns
   log Σ_j b_j exp((v_j − c(x, y_j)) / ε).  */
static gdouble
palette_shares (const SobolevPaletteMap *map, const gdouble *v,
                const gdouble *x, gdouble *chi)
{
  gdouble top = -G_MAXDOUBLE, sum = 0.0;

  for (gsize j = 0; j < map->k; j++)
    {
      const gdouble *y = map->colors + j * map->dim;
      gdouble d2 = 0.0;

      for (guint a = 0; a < map->dim; a++)
        d2 += (x[a] - y[a]) * (x[a] - y[a]);
      chi[j] = map->log_weights[j] + (v[j] - 0.5 * d2) / map->epsilon;
      top = MAX (top, chi[j]);
    }
  for (gsize j = 0; j < map->k; j++)
    sum += chi[j] = exp (chi[j] - top);
  for (gsize j = 0; j < map->k; j++)
    chi[j] /= sum;
  return top + log (sum);
}

void
sobolev_palette_map_sgd (SobolevPaletteMap *map, const SobolevCloud *source,
                         guint n_iterations)
{
  g_autofree gdouble *cum = g_new (gdouble, source->n);
  g_autofree gdouble *chi = g_new (gdouble, map->k);
  gdouble total = sobolev_cloud_cumulate (source, cum);

  for (guint it = 0; it < n_iterations; it++)
    {
      gdouble u = g_rand_double (map->rand) * total, step;
      gsize drawn = sobolev_cloud_draw (cum, source->n, u);

      palette_shares (map, map->v, source->points + drawn * map->dim, chi);
      map->n_done++;
      step = PALETTE_SGD_STEP / sqrt ((gdouble) map->n_done);
      for (gsize j = 0; j < map->k; j++)
        {
          map->v[j] += step * (map->weights[j] - chi[j]);
          map->average[j] += (map->v[j] - map->average[j]) / map->n_done;
        }
    }
}

void
sobolev_palette_map_restart (SobolevPaletteMap *map)
{
  memcpy (map->v, map->average, map->k * sizeof (gdouble));
  map->n_done = 0;
}

gdouble
sobolev_palette_map_dual (const SobolevPaletteMap *map,
                          const SobolevCloud *source)
{
  g_autofree gdouble *chi = g_new (gdouble, map->k);
  gdouble total = sobolev_cloud_total_weight (source), h = 0.0;

  for (gsize j = 0; j < map->k; j++)
    h += map->weights[j] * map->average[j];
  for (gsize i = 0; i < source->n; i++)
    if (source->weights[i] > 0.0)
      h -= map->epsilon * source->weights[i] / total
           * palette_shares (map, map->average, source->points + i * map->dim,
                             chi);
  return h;
}

void
sobolev_palette_map_masses (const SobolevPaletteMap *map,
                            const SobolevCloud *source, gdouble *masses)
{
  g_autofree gdouble *chi = g_new (gdouble, map->k);
  gdouble total = sobolev_cloud_total_weight (source);

  memset (masses, 0, map->k * sizeof (gdouble));
  for (gsize i = 0; i < source->n; i++)
    {
      palette_shares (map, map->average, source->points + i * map->dim, chi);
      for (gsize j = 0; j < map->k; j++)
        masses[j] += source->weights[i] / total * chi[j];
    }
}

void
sobolev_palette_map_apply (const SobolevPaletteMap *map, const gdouble *points,
                           gsize n, gdouble *out)
{
  g_autofree gdouble *chi = g_new (gdouble, map->k);

  for (gsize i = 0; i < n; i++)
    {
      gdouble *o = out + i * map->dim;

      palette_shares (map, map->average, points + i * map->dim, chi);
      memset (o, 0, map->dim * sizeof (gdouble));
      for (gsize j = 0; j < map->k; j++)
        for (guint a = 0; a < map->dim; a++)
          o[a] += chi[j] * map->colors[j * map->dim + a];
    }
}

/* The method.  */

typedef struct
{
  SobolevPaletteMap *map;
  guint iterations;
  gdouble fraction; /* of T(x) − x taken at this step */
} PaletteFlow;

static gpointer
palette_flow_create (const SobolevParams *params, const SobolevCloud *target,
                     GError **error)
{
  SobolevPaletteMap *map = sobolev_palette_map_new (
      target, params->palette_softness, (guint32) params->seed, error);
  PaletteFlow *pf;

  if (map == NULL)
    return NULL;
  pf = g_new0 (PaletteFlow, 1);
  pf->map = map;
  pf->iterations = params->palette_iterations;
  return pf;
}

static gboolean
palette_flow_fit (gpointer state, const SobolevCloud *current, guint step,
                  guint n_steps, GError **error)
{
  PaletteFlow *pf = state;

  if (!sobolev_cloud_check (current, "the source", error))
    return FALSE;
  sobolev_palette_map_restart (pf->map);
  sobolev_palette_map_sgd (pf->map, current, pf->iterations);
  pf->fraction = 1.0 / (n_steps - MIN (step, n_steps - 1));
  return TRUE;
}

static void
palette_flow_displacement (gpointer state, const gdouble *points, gsize n,
                           gdouble *out)
{
  PaletteFlow *pf = state;

  sobolev_palette_map_apply (pf->map, points, n, out);
  for (gsize i = 0; i < n * pf->map->dim; i++)
    out[i] = pf->fraction * (out[i] - points[i]);
}

static void
palette_flow_destroy (gpointer state)
{
  PaletteFlow *pf = state;

  sobolev_palette_map_free (pf->map);
  g_free (pf);
}

static const gchar *const palette_flow_params[]
    = { "palette-softness", "palette-iterations", NULL };

const SobolevMethodClass sobolev_palette_flow_class = {
  .id = SOBOLEV_METHOD_PALETTE,
  .nick = "palette",
  .own_params = palette_flow_params,
  .refines_itself = TRUE,
  .create = palette_flow_create,
  .fit = palette_flow_fit,
  .displacement = palette_flow_displacement,
  .destroy = palette_flow_destroy,
};
