/* sobolev-transfer — the GIMP 3 dialog: GIMP's procedure dialog (its
   presets, Reset, Help) around a live preview computed on a worker
   thread, the reference picker, the table's parameters (the result's
   in front, the others under Advanced) and a picture of the colors.  */
#ifndef SOBOLEV_GIMP3_DIALOG_H
#define SOBOLEV_GIMP3_DIALOG_H

#include <libgimp/gimp.h>
#include "sobolev.h"

G_BEGIN_DECLS

/* Shows the dialog for recoloring drawable of image with the values of
   config, which it edits, and runs the descent on a worker thread while
   the user edits.  When config has no reference yet, the selected layer
   of the most recently opened other image (else another layer of image)
   is proposed.  Returns TRUE on OK; *computed is then the finished run
   for exactly config's values (the caller owns it; take the map at
   config's strength and lightness), or NULL when there is none (the
   caller runs it itself).  Returns FALSE on Cancel or close, the worker
   stopped.  Main thread.  */
gboolean sobolev_gimp3_dialog_run (GimpProcedure *procedure,
                                   GimpProcedureConfig *config,
                                   GimpImage *image, GimpDrawable *drawable,
                                   SobolevRecolor **computed);

G_END_DECLS

#endif
