/* sobolev-transfer — the procedure's values, kept between runs.  */
#include "plugin-values.h"

#include <string.h>

void
plug_in_values_init (PlugInValues *values)
{
  memset (values, 0, sizeof *values);
  values->reference_id = -1;
  sobolev_params_init (&values->params);
}

gboolean
plug_in_values_load (PlugInValues *values, gboolean *stale_reference)
{
  PlugInValues stored;

  plug_in_values_init (values);
  if (stale_reference)
    *stale_reference = FALSE;

  /* Stored bytes of another size come from another build: ignore them
     rather than read a struct of a different layout.  */
  if (gimp_get_data_size (PLUG_IN_PROC) != sizeof stored)
    return FALSE;
  if (!gimp_get_data (PLUG_IN_PROC, &stored))
    return FALSE;

  stored.lut_path[PLUG_IN_LUT_PATH_MAX - 1] = '\0';
  stored.palette[PLUG_IN_PALETTE_NAME_MAX - 1] = '\0';
  stored.look_path[PLUG_IN_LUT_PATH_MAX - 1] = '\0';
  if (sobolev_params_validate (&stored.params, NULL))
    values->params = stored.params;
  memcpy (values->lut_path, stored.lut_path, sizeof values->lut_path);
  /* A palette that has gone since is reported by name when used.  */
  memcpy (values->palette, stored.palette, sizeof values->palette);
  values->use_palette = stored.use_palette && stored.palette[0] != '\0';
  memcpy (values->look_path, stored.look_path, sizeof values->look_path);
  values->use_look = stored.use_look && stored.look_path[0] != '\0';

  /* IDs are reused within a session only by the same item, but the item
     may have been deleted, or its image closed, since.  */
  if (stored.reference_id >= 0 && gimp_item_is_valid (stored.reference_id)
      && gimp_item_is_layer (stored.reference_id))
    values->reference_id = stored.reference_id;
  else if (stored.reference_id >= 0 && stale_reference && !values->use_palette
           && !values->use_look)
    *stale_reference = TRUE;
  return TRUE;
}

void
plug_in_values_save (const PlugInValues *values)
{
  gimp_set_data (PLUG_IN_PROC, values, sizeof *values);
}
