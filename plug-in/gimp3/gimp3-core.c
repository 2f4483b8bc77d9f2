/* sobolev-transfer — the GIMP 3 host's one call into the core.  */
#include "gimp3-core.h"

#include <glib/gi18n-lib.h>

gboolean
sobolev_gimp3_recolor_add (SobolevRecolor *recolor, SobolevRecolorInput input,
                           const SobolevGimp3Pixels *pixels, GError **error)
{
  const gchar *what = input == SOBOLEV_RECOLOR_SOURCE ? _ ("layer to recolor")
                                                      : _ ("reference layer");
  GError *local = NULL;

  if (!sobolev_recolor_add_pixels (
          recolor, input, pixels->data, pixels->type, pixels->channels,
          (guint) pixels->n_pixels, 1,
          pixels->n_pixels * pixels->channels
              * (pixels->type == SOBOLEV_PIXEL_U8    ? 1
                 : pixels->type == SOBOLEV_PIXEL_U16 ? 2
                                                     : 4),
          pixels->mask, error))
    {
      g_prefix_error (error, "%s: ", what);
      return FALSE;
    }
  if (sobolev_recolor_end_input (recolor, input, &local))
    return TRUE;
  if (g_error_matches (local, SOBOLEV_ERROR, SOBOLEV_ERROR_EMPTY_CLOUD))
    g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_INVALID_ARGUMENT,
                 _ ("The %s has no visible pixel (fully transparent, or "
                    "outside the selection): there are no colors to work "
                    "with"),
                 what);
  else
    g_propagate_prefixed_error (error, g_steal_pointer (&local), "%s: ", what);
  g_clear_error (&local);
  return FALSE;
}

gboolean
sobolev_gimp3_recolor_set_palette (SobolevRecolor *recolor,
                                   const SobolevGimp3Reference *ref,
                                   GError **error)
{
  if (sobolev_recolor_set_palette (recolor, ref->palette, NULL, ref->n_palette,
                                   error))
    return TRUE;
  (*error)->code = SOBOLEV_ERROR_INVALID_ARGUMENT;
  g_prefix_error (error, _ ("The palette \"%s\": "), ref->palette_name);
  return FALSE;
}

SobolevLut *
sobolev_gimp3_compute_lut (const SobolevGimp3Pixels *source,
                           const SobolevGimp3Reference *reference,
                           const SobolevParams *params,
                           SobolevGimp3Progress progress, gpointer user_data,
                           GError **error)
{
  g_autoptr (SobolevRecolor) recolor = sobolev_recolor_new (params, error);

  if (!recolor
      || !sobolev_gimp3_recolor_add (recolor, SOBOLEV_RECOLOR_SOURCE, source,
                                     error)
      || !(reference->pixels
               ? sobolev_gimp3_recolor_add (recolor, SOBOLEV_RECOLOR_REFERENCE,
                                            reference->pixels, error)
               : sobolev_gimp3_recolor_set_palette (recolor, reference, error))
      || !sobolev_recolor_run (recolor, progress, NULL, user_data, error))
    return NULL;
  return sobolev_recolor_lut (recolor);
}
