/* sobolev-transfer — the GIMP 3 dialog: GIMP's procedure dialog made
   from the procedure's arguments (reference chooser, the table's
   parameters, an Advanced expander, GIMP's presets menu).  */
#ifndef SOBOLEV_GIMP3_DIALOG_H
#define SOBOLEV_GIMP3_DIALOG_H

#include <libgimp/gimp.h>

G_BEGIN_DECLS

/* Shows the dialog for config, which it edits; returns TRUE on OK.  When
   config has no reference yet, the first other layer of image (or the
   layer itself) is proposed.  */
gboolean sobolev_gimp3_dialog_run (GimpProcedure *procedure,
                                   GimpProcedureConfig *config,
                                   GimpImage *image, GimpDrawable *drawable);

G_END_DECLS

#endif
