/* Compares images a GIMP 3 test exported, pixel by pixel.
     pixel-check CHECKS_FILE
   Each line of CHECKS_FILE is one check on two image files:
     same A B              every pixel equal (RGBA)
     changed A B F         at least a fraction F of the pixels' colors differ
     alpha A B             the alpha of every pixel equal
     inverse A B           every pixel of B is A's negative: each of R G B
                           one minus A's, alpha equal
     rect A B X Y W H      pixels outside the rectangle equal, and at least
                           half of those inside changed
     fill A X Y W H R G B  every pixel of A in the rectangle opaque and
                           within 12 of the 8-bit color R G B
     nearer A B F R G B... the mean distance from B's pixels to the
                           nearest of the 8-bit colors R G B... is below
                           F times A's
   Prints "ok"/"not ok" per check; fails if any check fails.  */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>

#include "image-io.h"

/* Files are 8 or 16 bits: a difference below half a 16-bit step is
   rounding, not a change.  */
#define EPS (0.5 / 65535.0)

static CliImage *
load (const gchar *path, GString *why)
{
  GError *error = NULL;
  CliImage *image = cli_image_load (path, &error);

  if (!image)
    {
      g_string_append_printf (why, "cannot load %s: %s", path, error->message);
      g_error_free (error);
    }
  return image;
}

static gboolean
differs (const gfloat *a, const gfloat *b, guint from, guint to)
{
  guint c;

  for (c = from; c < to; c++)
    if (ABS (a[c] - b[c]) > EPS)
      return TRUE;
  return FALSE;
}

/* The mean distance, in 8-bit units, from image's pixels to the nearest
   of n_colors colors (8-bit R G B words).  */
static gdouble
mean_distance_to (const CliImage *image, gchar **colors, guint n_colors)
{
  gsize i, n_pixels = (gsize) image->width * image->height;
  gdouble total = 0.0;

  for (i = 0; i < n_pixels; i++)
    {
      const gfloat *p = image->pixels + 4 * i;
      gdouble best = G_MAXDOUBLE;
      guint k, c;

      for (k = 0; k + 2 < n_colors; k += 3)
        {
          gdouble d2 = 0.0;

          for (c = 0; c < 3; c++)
            {
              gdouble d = p[c] * 255.0 - g_ascii_strtod (colors[k + c], NULL);

              d2 += d * d;
            }
          best = MIN (best, d2);
        }
      total += sqrt (best);
    }
  return total / MAX (n_pixels, 1);
}

static gboolean
check_fill (const CliImage *a, gchar **f, guint n, GString *why)
{
  gint x0, y0, x, y;
  guint c;

  if (n != 9)
    {
      g_string_append (why, "fill needs X Y W H R G B");
      return FALSE;
    }
  x0 = atoi (f[2]), y0 = atoi (f[3]);
  for (y = y0; y < y0 + atoi (f[5]) && y < (gint) a->height; y++)
    for (x = x0; x < x0 + atoi (f[4]) && x < (gint) a->width; x++)
      {
        const gfloat *p = a->pixels + 4 * ((gsize) y * a->width + x);

        for (c = 0; c < 3; c++)
          if (fabs (p[c] * 255.0 - atoi (f[6 + c])) > 12.0 || p[3] < 1.0)
            {
              g_string_append_printf (why,
                                      "pixel (%d, %d) is %.0f %.0f %.0f "
                                      "alpha %.2f",
                                      x, y, p[0] * 255.0, p[1] * 255.0,
                                      p[2] * 255.0, p[3]);
              return FALSE;
            }
      }
  return TRUE;
}

static gboolean
run_check (gchar **f, guint n, GString *why)
{
  g_autoptr (CliImage) a = NULL;
  g_autoptr (CliImage) b = NULL;
  gsize i, n_pixels, n_changed = 0, n_inside = 0, n_outside_changed = 0;
  gint x0 = 0, y0 = 0, w = 0, h = 0;
  const gchar *kind = f[0];

  if (n < 3)
    {
      g_string_append (why, "malformed check");
      return FALSE;
    }
  a = load (f[1], why);
  if (a && strcmp (kind, "fill") == 0)
    return check_fill (a, f, n, why);
  b = a ? load (f[2], why) : NULL;
  if (!a || !b)
    return FALSE;
  if (a->width != b->width || a->height != b->height)
    {
      g_string_append_printf (why, "sizes differ: %ux%u and %ux%u", a->width,
                              a->height, b->width, b->height);
      return FALSE;
    }
  n_pixels = (gsize) a->width * a->height;
  if (strcmp (kind, "nearer") == 0)
    {
      gdouble factor, da, db;

      if (n < 7 || (n - 4) % 3 != 0)
        {
          g_string_append (why, "nearer needs F and R G B triples");
          return FALSE;
        }
      factor = g_ascii_strtod (f[3], NULL);
      da = mean_distance_to (a, f + 4, n - 4);
      db = mean_distance_to (b, f + 4, n - 4);
      g_string_append_printf (why, "mean distance %.2f, then %.2f (%.2fx)", da,
                              db, db / MAX (da, 1e-9));
      return db < factor * da;
    }
  if (strcmp (kind, "rect") == 0)
    {
      if (n < 7)
        {
          g_string_append (why, "rect needs X Y W H");
          return FALSE;
        }
      x0 = atoi (f[3]), y0 = atoi (f[4]), w = atoi (f[5]), h = atoi (f[6]);
    }

  for (i = 0; i < n_pixels; i++)
    {
      const gfloat *pa = a->pixels + 4 * i, *pb = b->pixels + 4 * i;
      gint x = (gint) (i % a->width), y = (gint) (i / a->width);

      if (strcmp (kind, "same") == 0 && differs (pa, pb, 0, 4))
        {
          g_string_append_printf (why, "pixel (%d, %d) differs", x, y);
          return FALSE;
        }
      if (strcmp (kind, "inverse") == 0)
        {
          const gfloat negative[4]
              = { 1.0f - pa[0], 1.0f - pa[1], 1.0f - pa[2], pa[3] };

          if (differs (negative, pb, 0, 4))
            {
              g_string_append_printf (
                  why, "pixel (%d, %d): %.0f %.0f %.0f -> %.0f %.0f %.0f", x, y,
                  pa[0] * 255.0, pa[1] * 255.0, pa[2] * 255.0, pb[0] * 255.0,
                  pb[1] * 255.0, pb[2] * 255.0);
              return FALSE;
            }
        }
      if (strcmp (kind, "alpha") == 0 && differs (pa, pb, 3, 4))
        {
          g_string_append_printf (why, "alpha at (%d, %d): %g -> %g", x, y,
                                  pa[3], pb[3]);
          return FALSE;
        }
      if (strcmp (kind, "rect") == 0)
        {
          gboolean inside = x >= x0 && x < x0 + w && y >= y0 && y < y0 + h;

          if (inside)
            {
              n_inside++;
              n_changed += differs (pa, pb, 0, 3);
            }
          else
            n_outside_changed += differs (pa, pb, 0, 4);
        }
      else
        n_changed += differs (pa, pb, 0, 3);
    }

  if (strcmp (kind, "changed") == 0)
    {
      gdouble want = n > 3 ? g_ascii_strtod (f[3], NULL) : 0.5;

      g_string_append_printf (why, "%zu of %zu pixels changed", n_changed,
                              n_pixels);
      return n_changed >= want * n_pixels && n_changed > 0;
    }
  if (strcmp (kind, "rect") == 0)
    {
      g_string_append_printf (why,
                              "%zu of %zu inside changed, %zu outside changed",
                              n_changed, n_inside, n_outside_changed);
      return n_outside_changed == 0 && n_inside > 0
             && 2 * n_changed >= n_inside;
    }
  if (strcmp (kind, "same") == 0 || strcmp (kind, "alpha") == 0
      || strcmp (kind, "inverse") == 0)
    return TRUE;
  g_string_append_printf (why, "unknown check %s", kind);
  return FALSE;
}

int
main (int argc, char **argv)
{
  gchar *text = NULL, **lines;
  GError *error = NULL;
  guint i, n_failed = 0, n_checks = 0;

  if (argc != 2 || !g_file_get_contents (argv[1], &text, NULL, &error))
    {
      fprintf (stderr, "usage: pixel-check CHECKS_FILE (%s)\n",
               error ? error->message : "no file");
      return 2;
    }
  cli_image_io_init ();
  lines = g_strsplit (text, "\n", -1);
  for (i = 0; lines[i]; i++)
    {
      gchar **f = g_strsplit_set (g_strstrip (lines[i]), " ", -1);
      guint n = g_strv_length (f);
      GString *why = g_string_new (NULL);
      gboolean ok;

      if (n == 0 || !f[0][0])
        {
          g_strfreev (f);
          g_string_free (why, TRUE);
          continue;
        }
      ok = run_check (f, n, why);
      n_checks++;
      n_failed += !ok;
      printf ("%s %s -- %s\n", ok ? "ok" : "not ok", lines[i], why->str);
      g_string_free (why, TRUE);
      g_strfreev (f);
    }
  g_strfreev (lines);
  g_free (text);
  cli_image_io_exit ();
  if (n_checks == 0)
    {
      printf ("not ok: no checks were written\n");
      return 1;
    }
  return n_failed ? 1 : 0;
}
