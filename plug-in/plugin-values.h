/* sobolev-transfer — the values of the plug-in's procedure, kept between
   runs.  The dialog fills this struct; the plug-in stores it with
   gimp_set_data after a successful run and restores it with
   gimp_get_data.  */
#ifndef PLUG_IN_VALUES_H
#define PLUG_IN_VALUES_H

#include <libgimp/gimp.h>
#include "sobolev.h"

G_BEGIN_DECLS

#define PLUG_IN_PROC "plug-in-sobolev-transfer"
#define PLUG_IN_FILE_PROC "plug-in-sobolev-transfer-file"
#define PLUG_IN_BINARY "sobolev-transfer"
#define PLUG_IN_ROLE "sobolev-transfer"

#define PLUG_IN_LUT_PATH_MAX 4096
#define PLUG_IN_PALETTE_NAME_MAX 512

/* Everything the procedure needs besides the image and the drawable.  A
   plain struct of fixed size, so gimp_set_data can store it as bytes.  */
typedef struct
{
  gint32 reference_id;                  /* a layer; -1 when none is chosen */
  SobolevParams params;                 /* the core's parameter table */
  gchar lut_path[PLUG_IN_LUT_PATH_MAX]; /* .cube to write, or "" */
  gint32 reference_selection; /* the reference image's selection weighs */
  gint32 new_layer;           /* the result goes to a new layer */
  /* A GIMP palette instead of the reference layer, when use_palette; the
     name is kept either way, so a dialog offers it again.  */
  gint32 use_palette;
  gchar palette[PLUG_IN_PALETTE_NAME_MAX];
  /* A saved look (.cube file) applied instead of any reference, when
     use_look; the path is kept either way.  */
  gint32 use_look;
  gchar look_path[PLUG_IN_LUT_PATH_MAX];
} PlugInValues;

/* No reference, the table's defaults, no LUT file, no palette, no look.  */
void plug_in_values_init (PlugInValues *values);

/* Restores the values stored by the last successful run.  Returns FALSE
   (and leaves values initialized to defaults) when nothing was stored or
   the stored bytes do not fit this build.  A reference ID that no longer
   names a layer is reset to -1 and *stale_reference set, so the caller
   can say so; parameters that do not fit this build's table are replaced
   by the defaults.  stale_reference may be NULL.  */
gboolean plug_in_values_load (PlugInValues *values, gboolean *stale_reference);

/* Stores values for the next run (with last values, or the dialog).  */
void plug_in_values_save (const PlugInValues *values);

G_END_DECLS

#endif
