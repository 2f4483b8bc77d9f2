/* sobolev-transfer — a zoom preview whose picture fills the room the
   dialog gives it.

   A GimpZoomPreview draws its drawable at the size it was made with
   (GimpPreview's "size" style property, at most 512 pixels), however
   large its area is allocated: enlarging the dialog only adds grey
   around the picture.  Here the preview's bounds (the picture's size at
   zoom 1) and size follow the area's allocation, with the drawable's
   proportions.  The change is made from an idle callback, after the
   layout: changing sizes inside size-allocate would start a new layout
   from within the current one.  */
#include "preview-fit.h"

#include <math.h>

typedef struct
{
  GimpPreview *preview;
  gint region_width, region_height; /* the pixels the preview shows */
  gdouble aspect;                   /* their width / height */
  gint min_width, min_height;       /* what the area first asked for, or 0 */
  gint width, height;               /* the picture's size wanted, 0 if none */
  gboolean shown;                   /* the dialog was first laid out */
  gint widen_by;                    /* pixels the dialog should widen */
  gint traced_bottom, traced_next;  /* the column's layout last traced */
  guint idle_id;
} PreviewFit;

/* The largest picture of the region's proportions in width × height
   screen pixels, at most one screen pixel a pixel (more would show the
   pixels magnified, as at a zoom the user did not ask for) and
   UI_PREVIEW_FIT_MAX_SIDE a side: its width.  */
static gdouble
preview_fit_width (const PreviewFit *fit, gdouble width, gdouble height)
{
  gdouble scale = MIN (width, height * fit->aspect);

  scale = MIN (scale, fit->region_width);
  return MIN (scale, fit->aspect >= 1.0
                         ? UI_PREVIEW_FIT_MAX_SIDE
                         : UI_PREVIEW_FIT_MAX_SIDE * fit->aspect);
}

/* The width the monitor of widget's window leaves for windows.  */
static gint
monitor_width (GtkWidget *widget)
{
  GdkWindow *window = gtk_widget_get_window (widget);
  GdkRectangle area = { 0, 0, G_MAXINT / 2, G_MAXINT / 2 };

  if (!window)
    return area.width;
#if GTK_CHECK_VERSION(3, 22, 0)
  gdk_monitor_get_workarea (gdk_display_get_monitor_at_window (
                                gtk_widget_get_display (widget), window),
                            &area);
#else
  {
    GdkScreen *screen = gtk_widget_get_screen (widget);

    gdk_screen_get_monitor_geometry (
        screen, gdk_screen_get_monitor_at_window (screen, window), &area);
  }
#endif
  return area.width;
}

/* Widens the dialog once, when it first shows, by the width a photo
   wider than the preview column wants: the column is as tall as the
   controls beside it, and a landscape photo drawn at the column's width
   would leave grey below it.  At most nine tenths of the monitor.  */
static void
preview_widen_dialog (PreviewFit *fit)
{
  GtkWidget *toplevel
      = gtk_widget_get_toplevel (gimp_preview_get_area (fit->preview));
  gint width, height, by;

  if (!GTK_IS_WINDOW (toplevel))
    return;
  gtk_window_get_size (GTK_WINDOW (toplevel), &width, &height);
  by = MIN (fit->widen_by, monitor_width (toplevel) * 9 / 10 - width);
  if (by > 8)
    gtk_window_resize (GTK_WINDOW (toplevel), width + by, height);
}

/* The picture's size at zoom 1 becomes width × height.  */
static void
preview_resize (PreviewFit *fit, gint width, gint height)
{
  GtkWidget *area = gimp_preview_get_area (fit->preview);

  gimp_preview_set_bounds (fit->preview, 0, 0, width, height);
#if GTK_CHECK_VERSION(3, 0, 0)
  /* It also makes the size the area's smallest: that is undone below.  */
  gimp_preview_set_size (fit->preview, width, height);
#else
  fit->preview->width = width;
  fit->preview->height = height;
#endif
  gtk_widget_set_size_request (area, fit->min_width, fit->min_height);
  /* A new layout, in which the zoom preview sets its scroll range for
     the new size, then a new drawing.  */
  gtk_widget_queue_resize (area);
  gimp_preview_invalidate (fit->preview);
}

static gboolean
preview_fit_idle (gpointer data)
{
  PreviewFit *fit = data;
  gint width, height;

  fit->idle_id = 0;
  if (fit->widen_by > 0)
    {
      preview_widen_dialog (fit);
      fit->widen_by = 0;
    }
  if (fit->min_width == 0)
    gtk_widget_get_size_request (gimp_preview_get_area (fit->preview),
                                 &fit->min_width, &fit->min_height);
  gimp_preview_get_size (fit->preview, &width, &height);
  if (fit->width > 0
      && (ABS (fit->width - width) > 2 || ABS (fit->height - height) > 2))
    preview_resize (fit, fit->width, fit->height);
  return G_SOURCE_REMOVE;
}

static void
area_size_allocate (GtkWidget *area, GtkAllocation *allocation, PreviewFit *fit)
{
  gdouble scale;
  gint width, height, current_width, current_height;

  if (allocation->width < 2 || allocation->height < 2)
    return;
  scale = preview_fit_width (fit, allocation->width, allocation->height);
  /* The first layout of the shown dialog: how much wider the picture
     would be with the column's whole height.  The preview's box is
     given the column's height, more than it asks for, and lays out the
     area at the height it asks for: the difference is the room.  */
  if (!fit->shown && gtk_widget_get_visible (gtk_widget_get_toplevel (area)))
    {
      GtkAllocation box;
      gint asked;

      gtk_widget_get_allocation (GTK_WIDGET (fit->preview), &box);
#if GTK_CHECK_VERSION(3, 0, 0)
      gtk_widget_get_preferred_height_for_width (GTK_WIDGET (fit->preview),
                                                 box.width, NULL, &asked);
#else
      {
        GtkRequisition requisition;

        gtk_widget_get_requisition (GTK_WIDGET (fit->preview), &requisition);
        asked = requisition.height;
      }
#endif
      fit->shown = TRUE;
      fit->widen_by = (gint) floor (
          preview_fit_width (fit, G_MAXINT / 2,
                             allocation->height + MAX (0, box.height - asked))
          - scale);
      if (g_getenv ("SOBOLEV_UI_TRACE"))
        g_printerr ("sobolev-transfer: preview room %d × %d, box %d of %d, "
                    "widen by %d\n",
                    allocation->width, allocation->height, box.height, asked,
                    fit->widen_by);
      if (fit->widen_by > 8 && fit->idle_id == 0)
        fit->idle_id = g_idle_add (preview_fit_idle, fit);
    }
  width = MAX (1, (gint) floor (scale));
  height = MAX (1, (gint) floor (scale / fit->aspect));
  height = MIN (height, allocation->height);
  fit->width = width;
  fit->height = height;
  /* The size is checked against the preview's own, which GIMP sets
     back when the style changes.  A pixel or two more or less is not
     worth reading and guarding the picture again.  */
  gimp_preview_get_size (fit->preview, &current_width, &current_height);
  if ((ABS (width - current_width) > 2 || ABS (height - current_height) > 2)
      && fit->idle_id == 0)
    fit->idle_id = g_idle_add (preview_fit_idle, fit);
}

static void
preview_fit_free (gpointer data)
{
  PreviewFit *fit = data;

  if (fit->idle_id)
    g_source_remove (fit->idle_id);
  g_free (fit);
}

/* Once column (a vertical box) has laid out its children: those after
   the preview are moved up by the height the preview leaves empty under
   its controls.  The box gives the preview all the room it has to
   spare, which the picture is fitted to; but a picture shown 1:1, or a
   landscape one in a tall column, takes less height than that, and
   GimpPreview keeps it at its top: the rest would be a hole between the
   preview and the widgets under it.  The preview's own allocation is
   left as it is, so the room the picture is fitted to does not change;
   the hole goes to the bottom of the column.  */
static void
column_size_allocate (GtkWidget *column, GtkAllocation *allocation,
                      GtkWidget *preview)
{
  PreviewFit *fit
      = g_object_get_data (G_OBJECT (preview), "sobolev-preview-fit");
  GtkWidget *controls = gimp_preview_get_controls (GIMP_PREVIEW (preview));
  GtkAllocation box, own;
  GList *children, *child;
  gboolean below = FALSE;
  gint x, bottom, lift, next = -1;

  if (!fit || gtk_widget_get_parent (preview) != column)
    return;
  gtk_widget_get_allocation (preview, &box);
  gtk_widget_get_allocation (controls, &own);
  if (!gtk_widget_translate_coordinates (controls, preview, 0, own.height, &x,
                                         &bottom))
    return;
  lift = MAX (0, box.height - bottom);
  children = gtk_container_get_children (GTK_CONTAINER (column));
  for (child = children; child; child = child->next)
    if (child->data == preview)
      below = TRUE;
    else if (below && gtk_widget_get_visible (child->data))
      {
        GtkAllocation moved;

        gtk_widget_get_allocation (child->data, &moved);
        moved.y -= lift;
        if (lift > 0)
          gtk_widget_size_allocate (child->data, &moved);
        if (next < 0)
          next = moved.y - box.y;
      }
  g_list_free (children);
  /* What the GUI tests read: the first widget under the preview follows
     its controls, whatever height the column has.  */
  if (g_getenv ("SOBOLEV_UI_TRACE")
      && (bottom != fit->traced_bottom || next != fit->traced_next))
    g_printerr ("sobolev-transfer: preview controls end at %d, the next "
                "widget starts at %d, the column has %d\n",
                bottom, next, allocation->height);
  fit->traced_bottom = bottom;
  fit->traced_next = next;
}

void
ui_preview_fit_pack (GimpPreview *preview, GtkWidget *column)
{
  gtk_box_pack_start (GTK_BOX (column), GTK_WIDGET (preview), TRUE, TRUE, 0);
  gtk_box_reorder_child (GTK_BOX (column), GTK_WIDGET (preview), 0);
  /* Disconnected when the preview is finalized: the column may outlive
     it.  */
  g_signal_connect_object (column, "size-allocate",
                           G_CALLBACK (column_size_allocate), preview,
                           G_CONNECT_AFTER);
}

void
ui_preview_fit_follow_room (GimpPreview *preview, gint width, gint height)
{
  GtkWidget *area = gimp_preview_get_area (preview);
  PreviewFit *fit = g_new0 (PreviewFit, 1);

  fit->preview = preview;
  fit->region_width = MAX (width, 1);
  fit->region_height = MAX (height, 1);
  fit->aspect = (gdouble) fit->region_width / fit->region_height;
  g_signal_connect (area, "size-allocate", G_CALLBACK (area_size_allocate),
                    fit);
  g_object_set_data_full (G_OBJECT (preview), "sobolev-preview-fit", fit,
                          preview_fit_free);
}
