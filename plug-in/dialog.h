/* sobolev-transfer — the plug-in's dialog (GTK 2, libgimpui 2.0).  */
#ifndef PLUG_IN_DIALOG_H
#define PLUG_IN_DIALOG_H

#include <glib/gi18n-lib.h>

#include <libgimp/gimp.h>
#include "sobolev.h"
#include "plugin-values.h"

G_BEGIN_DECLS

/* Shows the dialog for recoloring drawable_id of image_id, starting from
   values (last values or defaults), and runs the descent on a worker
   thread while the user edits.  Returns TRUE when the user pressed OK;
   values then holds the chosen reference, parameters and LUT path, and
   *computed the finished run for exactly those values (the caller owns
   it; take the LUT at values->params.strength), or NULL when there is
   none (the reference or source could not be read: the caller runs it
   itself and reports the error).  Returns FALSE on Cancel or close,
   with values and the image untouched and the worker stopped.  Main
   thread; calls gimp_ui_init.  */
gboolean plug_in_dialog_run (gint32 image_id, gint32 drawable_id,
                             PlugInValues *values, SobolevRecolor **computed);

G_END_DECLS

#endif
