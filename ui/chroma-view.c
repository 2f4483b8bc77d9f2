/* sobolev-transfer — the Oklab chroma-plane view of the three clouds.  */
#include "chroma-view.h"

#include <math.h>
#include <string.h>

/* Half the side of the plotted square in Oklab a/b fits the source and
   the reference with a margin, between these bounds (sRGB's gamut fits
   in ±0.33; photos often stay within ±0.1).  */
#define AB_EXTENT_MIN 0.04
#define AB_EXTENT_MAX 0.34
#define AB_MARGIN 1.15
/* The heaviest points drawn of each cloud: enough to show a palette,
   few enough to redraw while a slider moves.  */
#define MAX_POINTS 1500
#define MAX_RADIUS 7.0

typedef struct
{
  SobolevChromaPoints *source;
  SobolevChromaPoints *reference;
  SobolevChromaPoints *current;
  gdouble extent;
  gsize drawn[3];
} ChromaView;

static void
chroma_view_free (gpointer data)
{
  ChromaView *view = data;

  sobolev_chroma_points_free (view->source);
  sobolev_chroma_points_free (view->reference);
  sobolev_chroma_points_free (view->current);
  g_free (view);
}

static ChromaView *
get_view (GtkWidget *widget)
{
  return g_object_get_data (G_OBJECT (widget), "sobolev-chroma-view");
}

/* The scale follows the source and the reference only, so it stays put
   while the current colors are scrubbed between them.  */
static void
update_extent (ChromaView *view)
{
  gdouble e = MAX (sobolev_chroma_points_extent (view->source),
                   sobolev_chroma_points_extent (view->reference));

  view->extent = CLAMP (e * AB_MARGIN, AB_EXTENT_MIN, AB_EXTENT_MAX);
}

/* Area proportional to weight, with a floor so light colors stay seen. */
static gdouble
radius_of (gdouble w, gdouble scale)
{
  return MAX (0.8, sqrt (w) * MAX_RADIUS * scale);
}

static gsize
draw_points (cairo_t *cr, const SobolevChromaPoints *p, gdouble cx, gdouble cy,
             gdouble px_per_unit, gdouble scale, gint style)
{
  gsize drawn = 0;

  if (!p)
    return 0;
  /* Lightest first, so the heavy points stay on top.  */
  for (gsize k = p->n; k-- > 0;)
    {
      gdouble x = cx + p->ab[k * 2] * px_per_unit;
      gdouble y = cy - p->ab[k * 2 + 1] * px_per_unit;
      gdouble r = radius_of (p->w[k], scale);
      const gdouble *c = &p->rgb[k * 3];

      cairo_new_sub_path (cr);
      cairo_arc (cr, x, y, r, 0.0, 2.0 * G_PI);
      switch (style)
        {
        case 0: /* source: faint grey discs, where the colors start */
          cairo_set_source_rgba (cr, 0.75, 0.75, 0.75, 0.25);
          cairo_fill (cr);
          break;
        case 1: /* reference: rings in their own color */
          cairo_set_source_rgba (cr, c[0], c[1], c[2], 0.9);
          cairo_set_line_width (cr, 1.2);
          cairo_stroke (cr);
          break;
        default: /* current: solid discs in their current color */
          cairo_set_source_rgba (cr, c[0], c[1], c[2], 0.95);
          cairo_fill_preserve (cr);
          cairo_set_source_rgba (cr, 0.0, 0.0, 0.0, 0.5);
          cairo_set_line_width (cr, 0.6);
          cairo_stroke (cr);
          break;
        }
      drawn++;
    }
  return drawn;
}

static gboolean
chroma_view_expose (GtkWidget *widget, GdkEventExpose *event, gpointer data)
{
  ChromaView *view = get_view (widget);
  GtkAllocation alloc;
  cairo_t *cr;
  gdouble side, cx, cy, px_per_unit, scale;
  const SobolevChromaPoints *current;

  gtk_widget_get_allocation (widget, &alloc);
  cr = gdk_cairo_create (gtk_widget_get_window (widget));
  gdk_cairo_region (cr, event->region);
  cairo_clip (cr);

  side = MIN (alloc.width, alloc.height);
  cx = alloc.width / 2.0;
  cy = alloc.height / 2.0;
  px_per_unit = side / (2.0 * view->extent);
  scale = side / 200.0;

  cairo_set_source_rgb (cr, 0.22, 0.22, 0.22);
  cairo_paint (cr);

  /* The neutral axis and the a, b axes.  */
  cairo_set_source_rgba (cr, 1.0, 1.0, 1.0, 0.18);
  cairo_set_line_width (cr, 1.0);
  cairo_move_to (cr, 0, floor (cy) + 0.5);
  cairo_line_to (cr, alloc.width, floor (cy) + 0.5);
  cairo_move_to (cr, floor (cx) + 0.5, 0);
  cairo_line_to (cr, floor (cx) + 0.5, alloc.height);
  cairo_stroke (cr);

  current = view->current ? view->current : view->source;
  view->drawn[0]
      = draw_points (cr, view->source, cx, cy, px_per_unit, scale, 0);
  view->drawn[1]
      = draw_points (cr, view->reference, cx, cy, px_per_unit, scale, 1);
  view->drawn[2] = draw_points (cr, current, cx, cy, px_per_unit, scale, 2);

  /* Axis names, small, in a corner.  */
  cairo_set_source_rgba (cr, 1.0, 1.0, 1.0, 0.5);
  cairo_select_font_face (cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL,
                          CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size (cr, 9.0);
  cairo_move_to (cr, alloc.width - 12, cy - 3);
  cairo_show_text (cr, "a");
  cairo_move_to (cr, cx + 3, 10);
  cairo_show_text (cr, "b");

  cairo_destroy (cr);
  return TRUE;
}

GtkWidget *
ui_chroma_view_new (gint size)
{
  GtkWidget *area = gtk_drawing_area_new ();
  ChromaView *view = g_new0 (ChromaView, 1);

  view->extent = AB_EXTENT_MAX;
  gtk_widget_set_size_request (area, size, size);
  g_object_set_data_full (G_OBJECT (area), "sobolev-chroma-view", view,
                          chroma_view_free);
  g_signal_connect (area, "expose-event", G_CALLBACK (chroma_view_expose),
                    NULL);
  return area;
}

/* Replaces the points in slot with cloud's and redraws.  */
static void
chroma_view_set (GtkWidget *view, SobolevChromaPoints **slot,
                 const SobolevCloud *cloud)
{
  sobolev_chroma_points_free (*slot);
  *slot = sobolev_chroma_points_new (cloud, MAX_POINTS);
  update_extent (get_view (view));
  gtk_widget_queue_draw (view);
}

void
ui_chroma_view_set_source (GtkWidget *view, const SobolevCloud *source)
{
  chroma_view_set (view, &get_view (view)->source, source);
}

void
ui_chroma_view_set_reference (GtkWidget *view, const SobolevCloud *reference)
{
  chroma_view_set (view, &get_view (view)->reference, reference);
}

void
ui_chroma_view_set_current (GtkWidget *view, const SobolevCloud *current)
{
  chroma_view_set (view, &get_view (view)->current, current);
}

void
ui_chroma_view_get_counts (GtkWidget *view, gsize *source, gsize *reference,
                           gsize *current)
{
  ChromaView *v = get_view (view);

  if (source)
    *source = v->drawn[0];
  if (reference)
    *reference = v->drawn[1];
  if (current)
    *current = v->drawn[2];
}
