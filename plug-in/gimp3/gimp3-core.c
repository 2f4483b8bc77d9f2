/* sobolev-transfer — the GIMP 3 host's one call into the core.  */
#include "gimp3-core.h"

#include <glib/gi18n-lib.h>

typedef struct
{
  SobolevGimp3Progress progress;
  gpointer user_data;
} ProgressRelay;

static void
relay_progress (gdouble fraction, gdouble distance, gpointer user_data)
{
  ProgressRelay *relay = user_data;

  if (relay->progress)
    relay->progress (fraction, relay->user_data);
}

static SobolevCloud *
pixels_cloud (const SobolevGimp3Pixels *pixels, guint bits, const gchar *what,
              GError **error)
{
  g_autoptr (SobolevHistogram) hist = NULL;
  SobolevCloud *cloud;
  GError *local = NULL;

  hist = sobolev_histogram_new (bits, error);
  if (!hist)
    return NULL;
  if (!sobolev_histogram_add_pixels (hist, pixels->data, pixels->type,
                                     pixels->channels, pixels->n_pixels,
                                     pixels->mask, error))
    {
      g_prefix_error (error, "%s: ", what);
      return NULL;
    }
  cloud = sobolev_histogram_to_cloud (hist, &local);
  if (!cloud)
    {
      /* Nothing that weighs is a wrong input, not a failure of the run.  */
      if (g_error_matches (local, SOBOLEV_ERROR, SOBOLEV_ERROR_EMPTY_CLOUD))
        g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_INVALID_ARGUMENT,
                     _ ("The %s has no visible pixel (fully transparent, or "
                        "outside the selection): there are no colors to "
                        "work with"),
                     what);
      else
        g_propagate_prefixed_error (error, g_steal_pointer (&local),
                                    "%s: ", what);
      g_clear_error (&local);
    }
  return cloud;
}

SobolevLut *
sobolev_gimp3_compute_lut (const SobolevGimp3Pixels *source,
                           const SobolevGimp3Pixels *reference,
                           const SobolevParams *params,
                           SobolevGimp3Progress progress, gpointer user_data,
                           GError **error)
{
  g_autoptr (SobolevCloud) source_cloud = NULL;
  g_autoptr (SobolevCloud) reference_cloud = NULL;
  g_autoptr (SobolevTransfer) transfer = NULL;
  ProgressRelay relay = { progress, user_data };

  if (!sobolev_params_validate (params, error))
    return NULL;
  /* Finer than the descent's bins: the refinement passes need the colors
     inside each bin (transfer.h).  */
  source_cloud = pixels_cloud (source, SOBOLEV_SOURCE_BITS,
                               _ ("layer to recolor"), error);
  if (!source_cloud)
    return NULL;
  reference_cloud
      = pixels_cloud (reference, params->bits, _ ("reference layer"), error);
  if (!reference_cloud)
    return NULL;
  transfer = sobolev_transfer_run (source_cloud, reference_cloud, params,
                                   relay_progress, NULL, &relay, error);
  if (!transfer)
    return NULL;
  return sobolev_transfer_lut_at (transfer, params->strength,
                                  params->preserve_lightness);
}
