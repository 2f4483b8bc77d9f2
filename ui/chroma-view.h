/* sobolev-transfer — a picture of the colors: the source, the reference
   and the current particles on the Oklab chroma plane (a, b), each point
   drawn in its own color with an area proportional to its weight.  */
#ifndef UI_CHROMA_VIEW_H
#define UI_CHROMA_VIEW_H

#include <glib/gi18n-lib.h>

#include <gtk/gtk.h>
#include "sobolev.h"

G_BEGIN_DECLS

/* A drawing area of size × size pixels.  */
GtkWidget *ui_chroma_view_new (gint size);

/* The clouds to show (encoded sRGB, copied; either may be NULL).  */
void ui_chroma_view_set_source (GtkWidget *view, const SobolevCloud *source);
void ui_chroma_view_set_reference (GtkWidget *view,
                                   const SobolevCloud *reference);

/* The particles at the current strength (encoded sRGB, copied), or NULL
   to show the source's own colors as the current ones.  */
void ui_chroma_view_set_current (GtkWidget *view, const SobolevCloud *current);

/* The number of points of each kind last drawn (for tests).  */
void ui_chroma_view_get_counts (GtkWidget *view, gsize *source,
                                gsize *reference, gsize *current);

G_END_DECLS

#endif
