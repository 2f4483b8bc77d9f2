/* sobolev-transfer — a zoom preview whose picture fills the room the
   dialog gives it, in GIMP 2.10 and GIMP 3 alike.  */
#ifndef UI_PREVIEW_FIT_H
#define UI_PREVIEW_FIT_H

#include <libgimp/gimp.h>
#include <libgimp/gimpui.h>

G_BEGIN_DECLS

/* The longest side, in screen pixels, the picture grows to: every
   pixel of it is recolored and guarded on each change.  */
#define UI_PREVIEW_FIT_MAX_SIDE 1024

/* Makes preview (a GimpZoomPreview, just made, of a region of width ×
   height pixels: the drawable's selection bounds) follow the dialog's
   size: when its area is given more or less room, the whole region is
   drawn at the size that fits the room, never larger than the region
   itself nor than UI_PREVIEW_FIT_MAX_SIDE, and the preview is
   invalidated so it is drawn anew.  The area never asks for more than
   it first asked for, so the dialog can be made small again.  When the
   dialog first shows, it is widened once (to at most nine tenths of the
   monitor) by what the picture would gain from the area's whole height:
   a landscape photo then fills the column instead of leaving grey below
   it.  */
void ui_preview_fit_follow_room (GimpPreview *preview, gint width, gint height);

/* Packs preview (made to follow the room above) at the top of column, a
   vertical box, taking the height the column has to spare; the widgets
   packed under it stay right under its picture and controls, and the
   height the picture does not use is left at the bottom of the
   column.  */
void ui_preview_fit_pack (GimpPreview *preview, GtkWidget *column);

G_END_DECLS

#endif
