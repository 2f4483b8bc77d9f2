/* sobolev-transfer — the three clouds seen from above (Oklab a/b: hue
   and colorfulness) and from the side (lightness against colorfulness).  */
#include "chroma-view.h"

#include <glib/gi18n-lib.h>
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

/* Where a point goes in a panel: from above (a → right, b → up) or
   from the side (colorfulness → right, lightness → up).  */
typedef struct
{
  gboolean side;
  gdouble x0, y0;        /* the panel's origin on screen */
  gdouble width, height; /* its size */
  gdouble px_per_unit;   /* of a, b and colorfulness */
} Panel;

static void
panel_place (const Panel *panel, const SobolevChromaPoints *p, gsize k,
             gdouble *x, gdouble *y)
{
  gdouble a = p->ab[k * 2], b = p->ab[k * 2 + 1];

  if (panel->side)
    {
      *x = panel->x0 + 6.0 + hypot (a, b) * panel->px_per_unit;
      *y = panel->y0 + panel->height * (1.0 - CLAMP (p->lightness[k], 0, 1));
    }
  else
    {
      *x = panel->x0 + panel->width / 2.0 + a * panel->px_per_unit;
      *y = panel->y0 + panel->height / 2.0 - b * panel->px_per_unit;
    }
}

static gsize
draw_points (cairo_t *cr, const SobolevChromaPoints *p, const Panel *panel,
             gdouble scale, gint style)
{
  gsize drawn = 0;

  if (!p)
    return 0;
  /* Lightest first, so the heavy points stay on top.  */
  for (gsize k = p->n; k-- > 0;)
    {
      gdouble x, y;
      gdouble r = radius_of (p->w[k], scale);
      const gdouble *c = &p->rgb[k * 3];

      panel_place (panel, p, k, &x, &y);
      cairo_new_sub_path (cr);
      cairo_arc (cr, x, y, r, 0.0, 2.0 * G_PI);
      switch (style)
        {
        case 0: /* before: faint grey discs, where the colors start */
          cairo_set_source_rgba (cr, 0.75, 0.75, 0.75, 0.22);
          cairo_fill (cr);
          break;
        case 1: /* reference: rings in their own color, drawn last so the
                   current discs never hide them */
          cairo_set_source_rgba (cr, c[0], c[1], c[2], 0.95);
          cairo_set_line_width (cr, 1.3);
          cairo_stroke_preserve (cr);
          cairo_set_source_rgba (cr, 1.0, 1.0, 1.0, 0.35);
          cairo_set_line_width (cr, 0.4);
          cairo_stroke (cr);
          break;
        default: /* now: discs in their current color, see-through */
          cairo_set_source_rgba (cr, c[0], c[1], c[2], 0.7);
          cairo_fill (cr);
          break;
        }
      drawn++;
    }
  return drawn;
}

/* A label at (x, y) (its baseline; align 0 puts its left end there, 1
   its right end), on a patch of the panel's grey: the points it lies
   over, light colors under "light" most of all, would hide it.  */
static void
panel_text (cairo_t *cr, gdouble x, gdouble y, const gchar *text, gdouble align)
{
  cairo_text_extents_t ext;
  gdouble left;

  cairo_text_extents (cr, text, &ext);
  left = x - align * ext.x_advance;
  cairo_set_source_rgba (cr, 0.22, 0.22, 0.22, 0.85);
  cairo_rectangle (cr, floor (left - 2), floor (y + ext.y_bearing - 1),
                   ceil (ext.x_advance + 4), ceil (ext.height + 2));
  cairo_fill (cr);
  cairo_set_source_rgba (cr, 1.0, 1.0, 1.0, 0.75);
  cairo_move_to (cr, left, y);
  cairo_show_text (cr, text);
}

/* Paints the view on cr, whose origin is the widget's corner.  */
static void
chroma_view_paint (GtkWidget *widget, cairo_t *cr)
{
  ChromaView *view = get_view (widget);
  GtkAllocation alloc;
  gdouble side, scale;
  Panel top, profile;
  const SobolevChromaPoints *current;

  gtk_widget_get_allocation (widget, &alloc);

  /* A square for the view from above, a third as wide for the side.  */
  side = MIN (alloc.width * 3.0 / 4.0, alloc.height);
  scale = side / 200.0;
  top = (Panel){ FALSE, 0.0, 0.0, side, side, side / (2.0 * view->extent) };
  profile = (Panel){ TRUE, side + 6.0,
                     0.0,  alloc.width - side - 6.0,
                     side, (alloc.width - side - 18.0) / view->extent };

  cairo_set_source_rgb (cr, 0.22, 0.22, 0.22);
  cairo_rectangle (cr, top.x0, top.y0, top.width, top.height);
  cairo_rectangle (cr, profile.x0, profile.y0, profile.width, profile.height);
  cairo_fill (cr);

  /* The neutral axis (greys) in both panels.  */
  cairo_set_source_rgba (cr, 1.0, 1.0, 1.0, 0.18);
  cairo_set_line_width (cr, 1.0);
  cairo_move_to (cr, 0, floor (side / 2) + 0.5);
  cairo_line_to (cr, side, floor (side / 2) + 0.5);
  cairo_move_to (cr, floor (side / 2) + 0.5, 0);
  cairo_line_to (cr, floor (side / 2) + 0.5, side);
  cairo_move_to (cr, profile.x0 + 6.5, 0);
  cairo_line_to (cr, profile.x0 + 6.5, side);
  cairo_stroke (cr);

  current = view->current ? view->current : view->source;
  view->drawn[0] = draw_points (cr, view->source, &top, scale, 0);
  view->drawn[2] = draw_points (cr, current, &top, scale, 2);
  view->drawn[1] = draw_points (cr, view->reference, &top, scale, 1);
  draw_points (cr, view->source, &profile, scale * 0.7, 0);
  draw_points (cr, current, &profile, scale * 0.7, 2);
  draw_points (cr, view->reference, &profile, scale * 0.7, 1);

  /* The axes in words.  */
  cairo_select_font_face (cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL,
                          CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size (cr, 9.0);
  /* TRANSLATORS: the ends of the color view's axes (Oklab a and b, then
     lightness and colorfulness); keep them short.  */
  panel_text (cr, side - 3, side / 2 - 3, _ ("red"), 1.0);
  panel_text (cr, 3, side / 2 - 3, _ ("green"), 0.0);
  panel_text (cr, side / 2 + 3, 10, _ ("yellow"), 0.0);
  panel_text (cr, side / 2 + 3, side - 4, _ ("blue"), 0.0);
  panel_text (cr, profile.x0 + 9, 10, _ ("light"), 0.0);
  panel_text (cr, profile.x0 + 9, side - 4, _ ("dark"), 0.0);
  panel_text (cr, alloc.width - 3, side / 2 - 3, _ ("vivid"), 1.0);
}

/* The same painting for the GTK 2 dialog (GIMP 2.10) and the GTK 3 one
   (GIMP 3).  */
#if GTK_CHECK_VERSION(3, 0, 0)
static gboolean
chroma_view_draw (GtkWidget *widget, cairo_t *cr, gpointer data)
{
  chroma_view_paint (widget, cr);
  return TRUE;
}
#else
static gboolean
chroma_view_expose (GtkWidget *widget, GdkEventExpose *event, gpointer data)
{
  cairo_t *cr = gdk_cairo_create (gtk_widget_get_window (widget));

  gdk_cairo_region (cr, event->region);
  cairo_clip (cr);
  chroma_view_paint (widget, cr);
  cairo_destroy (cr);
  return TRUE;
}
#endif

GtkWidget *
ui_chroma_view_new (gint size)
{
  GtkWidget *area = gtk_drawing_area_new ();
  ChromaView *view = g_new0 (ChromaView, 1);

  view->extent = AB_EXTENT_MAX;
  /* The view from above, size × size, and beside it the side view.  */
  gtk_widget_set_size_request (area, size + size / 3, size);
  g_object_set_data_full (G_OBJECT (area), "sobolev-chroma-view", view,
                          chroma_view_free);
#if GTK_CHECK_VERSION(3, 0, 0)
  g_signal_connect (area, "draw", G_CALLBACK (chroma_view_draw), NULL);
#else
  g_signal_connect (area, "expose-event", G_CALLBACK (chroma_view_expose),
                    NULL);
#endif
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
