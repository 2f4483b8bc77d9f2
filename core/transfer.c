/* sobolev-transfer — a whole job: color clouds in, a path of LUTs out.  */
#include "transfer.h"

#include <math.h>
#include <string.h>

#include "colorspace.h"
#include "lut-bake.h"
#include "sobolev-error.h"

/* The Gaussian that spreads the particles' moves on the grid, in cells
   of the histogram.  Measured with bench-defaults at the defaults (LUT
   65, anneal 0.35): mean MMD 0.0445 at 0.25 and at 0.01 cells, 0.0566 at
   0.5; the prototype's 0.75 cost more still.  A wider blur averages the
   moves of neighboring bins that go to different places.  */
#define TRANSFER_SPLAT_SIGMA 0.25

struct _SobolevTransfer
{
  SobolevParams params;
  SobolevCloud *source;    /* encoded sRGB */
  SobolevCloud *reference; /* encoded sRGB */
  SobolevPath *path;       /* working space */
  /* The LUT of each snapshot, baked when first asked for: a slider at
     strength 1 never pays for the others.  */
  GMutex lock;
  SobolevLut **luts;
};

static gdouble *
transfer_to_srgb (SobolevColorSpace space, const gdouble *points, gsize n)
{
  gdouble *srgb = g_new (gdouble, n * 3);

  sobolev_colorspace_to_srgb (space, points, srgb, n);
  return srgb;
}

SobolevTransfer *
sobolev_transfer_run (const SobolevCloud *source, const SobolevCloud *reference,
                      const SobolevParams *params, SobolevProgressFunc progress,
                      SobolevCancelFunc cancel, gpointer user_data,
                      GError **error)
{
  SobolevTransfer *transfer;
  g_autoptr (SobolevCloud) work_source = NULL;
  g_autoptr (SobolevCloud) work_reference = NULL;
  g_autofree gdouble *passengers = NULL;
  gsize n_passengers = 0;
  const SobolevMethodClass *method;
  SobolevPath *path;

  if (!sobolev_params_validate (params, error)
      || !sobolev_cloud_check (source, "the source", error)
      || !sobolev_cloud_check (reference, "the reference", error))
    return NULL;
  if (source->dim != 3 || reference->dim != 3)
    {
      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_INVALID_ARGUMENT,
                   "color transfer needs 3-D color clouds (got %u and %u)",
                   source->dim, reference->dim);
      return NULL;
    }
  method = sobolev_method_get (params->method);
  if (method == NULL)
    {
      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_INVALID_ARGUMENT,
                   "unknown method %d", params->method);
      return NULL;
    }

  work_source = sobolev_cloud_copy (source);
  work_reference = sobolev_cloud_copy (reference);
  sobolev_colorspace_from_srgb (params->space, source->points,
                                work_source->points, source->n);
  sobolev_colorspace_from_srgb (params->space, reference->points,
                                work_reference->points, reference->n);
  if (params->map_mode == SOBOLEV_MAP_PASSENGERS)
    {
      n_passengers
          = (gsize) params->lut_size * params->lut_size * params->lut_size;
      passengers = sobolev_lut_node_colors (params->lut_size);
      sobolev_colorspace_from_srgb (params->space, passengers, passengers,
                                    n_passengers);
    }

  path = sobolev_flow_run (method, params, work_source, work_reference,
                           passengers, n_passengers, progress, cancel,
                           user_data, error);
  if (path == NULL)
    return NULL;

  transfer = g_new0 (SobolevTransfer, 1);
  transfer->params = *params;
  transfer->source = sobolev_cloud_copy (source);
  sobolev_cloud_normalize (transfer->source);
  transfer->reference = sobolev_cloud_copy (reference);
  sobolev_cloud_normalize (transfer->reference);
  transfer->path = path;
  g_mutex_init (&transfer->lock);
  transfer->luts = g_new0 (SobolevLut *, path->n_snapshots);
  return transfer;
}

void
sobolev_transfer_free (SobolevTransfer *transfer)
{
  if (transfer == NULL)
    return;
  for (guint k = 0; k < transfer->path->n_snapshots; k++)
    sobolev_lut_free (transfer->luts[k]);
  g_free (transfer->luts);
  sobolev_path_free (transfer->path);
  sobolev_cloud_free (transfer->source);
  sobolev_cloud_free (transfer->reference);
  g_mutex_clear (&transfer->lock);
  g_free (transfer);
}

static SobolevLut *
transfer_bake (const SobolevTransfer *transfer, guint k)
{
  const SobolevParams *params = &transfer->params;
  const SobolevPath *path = transfer->path;
  g_autofree gdouble *end = NULL;
  g_autofree gdouble *nodes = NULL;

  if (path->passengers)
    nodes = transfer_to_srgb (params->space, path->passengers[k],
                              path->n_passengers);
  if (params->map_mode == SOBOLEV_MAP_PASSENGERS)
    return sobolev_lut_from_nodes (params->lut_size, nodes, NULL);
  end = transfer_to_srgb (params->space, path->particles[k], path->n_particles);
  return sobolev_lut_bake_splat (
      params->lut_size, transfer->source->points, end, path->weights,
      path->n_particles, params->bits, TRANSFER_SPLAT_SIGMA, nodes, NULL);
}

static const SobolevLut *
transfer_snapshot_lut (const SobolevTransfer *transfer, guint k)
{
  SobolevTransfer *mutable = (SobolevTransfer *) transfer;
  const SobolevLut *lut;

  g_mutex_lock (&mutable->lock);
  if (mutable->luts[k] == NULL)
    mutable->luts[k] = transfer_bake (transfer, k);
  lut = mutable->luts[k];
  g_mutex_unlock (&mutable->lock);
  return lut;
}

/* The snapshot interval [k, k + 1] holding path fraction t, and the
   position u ∈ [0, 1] inside it.  */
static guint
transfer_locate (const SobolevPath *path, gdouble t, gdouble *u)
{
  guint last = path->n_snapshots - 1;

  t = CLAMP (t, 0.0, 1.0);
  for (guint k = 0; k < last; k++)
    if (t <= path->length[k + 1] || k + 1 == last)
      {
        gdouble span = path->length[k + 1] - path->length[k];

        *u = span > 0.0 ? CLAMP ((t - path->length[k]) / span, 0.0, 1.0) : 1.0;
        return k;
      }
  *u = 0.0;
  return 0;
}

SobolevLut *
sobolev_transfer_lut_at (const SobolevTransfer *transfer, gdouble strength,
                         gdouble preserve_lightness)
{
  const SobolevPath *path = transfer->path;
  SobolevLut *lut;
  gdouble u;
  guint k;

  if (path->n_snapshots < 2)
    lut = sobolev_lut_copy (transfer_snapshot_lut (transfer, 0));
  else
    {
      k = transfer_locate (path, strength, &u);
      lut = sobolev_lut_copy (transfer_snapshot_lut (transfer, k));
      if (u > 0.0)
        sobolev_lut_mix (lut, transfer_snapshot_lut (transfer, k + 1), u, lut);
    }
  sobolev_lut_preserve_lightness (lut, CLAMP (preserve_lightness, 0.0, 1.0));
  return lut;
}

SobolevCloud *
sobolev_transfer_particles_at (const SobolevTransfer *transfer,
                               gdouble strength)
{
  const SobolevPath *path = transfer->path;
  SobolevCloud *cloud = sobolev_cloud_new (3, path->n_particles);
  gdouble u = 0.0;
  guint k = 0, k1;

  if (path->n_snapshots >= 2)
    k = transfer_locate (path, strength, &u);
  k1 = MIN (k + 1, path->n_snapshots - 1);
  for (gsize i = 0; i < path->n_particles * 3; i++)
    cloud->points[i]
        = (1.0 - u) * path->particles[k][i] + u * path->particles[k1][i];
  sobolev_colorspace_to_srgb (transfer->params.space, cloud->points,
                              cloud->points, path->n_particles);
  memcpy (cloud->weights, path->weights, path->n_particles * sizeof (gdouble));
  return cloud;
}

const SobolevCloud *
sobolev_transfer_source (const SobolevTransfer *transfer)
{
  return transfer->source;
}

const SobolevCloud *
sobolev_transfer_reference (const SobolevTransfer *transfer)
{
  return transfer->reference;
}

const SobolevPath *
sobolev_transfer_path (const SobolevTransfer *transfer)
{
  return transfer->path;
}

const SobolevParams *
sobolev_transfer_params (const SobolevTransfer *transfer)
{
  return &transfer->params;
}
