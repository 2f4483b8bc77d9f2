/* sobolev-transfer — palette files: GIMP's .gpl text.

   The format as GIMP writes and reads it (app/core/gimppalette-load.c):
   "GIMP Palette", then "Name: …" and "Columns: N", then one color a
   line, "R G B name", with comments and blank lines allowed.  GIMP
   clamps out-of-range values with a warning; a file given to a command
   line or a script has nobody to read that warning, so here they are
   errors.  A bad "Columns:" is ignored, as GIMP does: it only lays the
   swatches out.  */
#include "palette-file.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "sobolev-error.h"
#include "text-lines.h"

#define PALETTE_HEADER "GIMP Palette"
#define PALETTE_MAX_COLUMNS 256

void
sobolev_palette_free (SobolevPalette *palette)
{
  if (palette == NULL)
    return;
  g_free (palette->name);
  g_free (palette->colors);
  g_strfreev (palette->names);
  g_free (palette);
}

static gboolean
palette_is_blank (gchar c)
{
  return c == ' ' || c == '\t' || c == '\v' || c == '\f';
}

/* [*p, end) without its blanks at either end.  */
static void
palette_trim (const gchar **p, const gchar **end)
{
  while (*p < *end && palette_is_blank (**p))
    (*p)++;
  while (*end > *p && palette_is_blank ((*end)[-1]))
    (*end)--;
}

/* The key "Name:" or "Columns:" at the start of [p, end): its value,
   trimmed, in [*value, end).  */
static gboolean
palette_key_is (const gchar *p, const gchar *end, const gchar *key,
                const gchar **value)
{
  if (!sobolev_text_has_prefix (p, end, key))
    return FALSE;
  *value = p + strlen (key);
  while (*value < end && palette_is_blank (**value))
    (*value)++;
  return TRUE;
}

/* One whole number from 0 to max at *p (digits only), advancing *p past
   it; FALSE for anything else, or a number followed by something that
   is not a blank.  */
static gboolean
palette_parse_value (const gchar **p, const gchar *end, guint max, guint *value)
{
  const gchar *q = *p;
  guint v = 0;

  if (q >= end || !g_ascii_isdigit (*q))
    return FALSE;
  for (; q < end && g_ascii_isdigit (*q); q++)
    {
      v = v * 10 + (guint) (*q - '0');
      if (v > max)
        return FALSE;
    }
  if (q < end && !palette_is_blank (*q))
    return FALSE;
  *value = v;
  *p = q;
  return TRUE;
}

/* Text a user may see: the bytes as valid UTF-8.  */
static gchar *
palette_text (const gchar *p, const gchar *end)
{
  return g_utf8_make_valid (p, end - p);
}

SobolevPalette *
sobolev_palette_from_gpl (const gchar *text, gssize length, GError **error)
{
  g_autoptr (GArray) colors = NULL;
  g_autoptr (GPtrArray) names = NULL;
  g_autofree gchar *name = NULL;
  const gchar *p, *text_end;
  guint columns = 0, line_no = 0;
  gboolean header = FALSE;
  SobolevPalette *palette;
  gsize size;

  g_return_val_if_fail (text != NULL, NULL);

  size = length < 0 ? strlen (text) : (gsize) length;
  if (size > SOBOLEV_PALETTE_MAX_BYTES)
    {
      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_IO,
                   _ ("the palette is larger than %d bytes"),
                   SOBOLEV_PALETTE_MAX_BYTES);
      return NULL;
    }
  text_end = text + size;
  p = text;
  if (size >= 3 && memcmp (p, "\xef\xbb\xbf", 3) == 0)
    p += 3;
  colors = g_array_new (FALSE, FALSE, sizeof (gdouble));
  names = g_ptr_array_new_with_free_func (g_free);

  while (p < text_end)
    {
      const gchar *end, *value;
      const gchar *line = sobolev_text_next_line (&p, text_end, &end);
      guint rgb[3];

      line_no++;
      if (memchr (line, '\0', end - line) != NULL)
        {
          g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_IO,
                       _ ("line %u: a NUL byte: this is not a text palette"),
                       line_no);
          return NULL;
        }
      palette_trim (&line, &end);

      if (!header)
        {
          if ((gsize) (end - line) != strlen (PALETTE_HEADER)
              || strncmp (line, PALETTE_HEADER, end - line) != 0)
            {
              g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_IO,
                           _ ("not a GIMP palette: the first line must be "
                              "“%s”"),
                           PALETTE_HEADER);
              return NULL;
            }
          header = TRUE;
          continue;
        }
      if (line == end || *line == '#')
        continue;
      if (palette_key_is (line, end, "Name:", &value))
        {
          g_free (name);
          name = palette_text (value, end);
          continue;
        }
      if (palette_key_is (line, end, "Columns:", &value))
        {
          guint v;

          columns = palette_parse_value (&value, end, PALETTE_MAX_COLUMNS, &v)
                            && value == end
                        ? v
                        : 0;
          continue;
        }

      for (guint c = 0; c < 3; c++)
        {
          if (c > 0 && (line == end || !palette_is_blank (*line)))
            {
              g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_IO,
                           _ ("line %u: a color needs three values, red, "
                              "green and blue"),
                           line_no);
              return NULL;
            }
          while (line < end && palette_is_blank (*line))
            line++;
          if (!palette_parse_value (&line, end, 255, &rgb[c]))
            {
              g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_IO,
                           _ ("line %u: expected a color “R G B name”, with "
                              "R, G and B whole numbers from 0 to 255"),
                           line_no);
              return NULL;
            }
        }
      if (colors->len / 3 == SOBOLEV_PALETTE_MAX_COLORS)
        {
          g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_IO,
                       _ ("line %u: more than %d colors"), line_no,
                       SOBOLEV_PALETTE_MAX_COLORS);
          return NULL;
        }
      for (guint c = 0; c < 3; c++)
        {
          gdouble v = rgb[c] / 255.0;

          g_array_append_val (colors, v);
        }
      palette_trim (&line, &end);
      g_ptr_array_add (names, palette_text (line, end));
    }

  if (!header)
    {
      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_IO,
                   _ ("not a GIMP palette: the file is empty"));
      return NULL;
    }
  if (colors->len == 0)
    {
      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_IO,
                   _ ("the palette has no colors"));
      return NULL;
    }
  palette = g_new0 (SobolevPalette, 1);
  palette->name = g_steal_pointer (&name);
  palette->columns = columns;
  palette->n = colors->len / 3;
  palette->colors = (gdouble *) g_array_free (g_steal_pointer (&colors), FALSE);
  g_ptr_array_add (names, NULL);
  palette->names
      = (gchar **) g_ptr_array_free (g_steal_pointer (&names), FALSE);
  return palette;
}

/* Reads at most SOBOLEV_PALETTE_MAX_BYTES of a regular file, its size
   checked before anything is read: a device or a huge file is refused at
   once, and one that grows while it is read is caught.  */
static gchar *
palette_read (const gchar *path, gsize *length, GError **error)
{
  struct stat st;
  gchar *data = NULL;
  gsize done = 0, capacity;
  gint fd, saved;

  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      saved = errno;
      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_IO, "%s",
                   g_strerror (saved));
      return NULL;
    }
  if (fstat (fd, &st) != 0)
    {
      saved = errno;
      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_IO, "%s",
                   g_strerror (saved));
      goto fail;
    }
  if (!S_ISREG (st.st_mode))
    {
      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_IO, "%s",
                   S_ISDIR (st.st_mode) ? _ ("it is a folder")
                                        : _ ("it is not a regular file"));
      goto fail;
    }
  if (st.st_size > SOBOLEV_PALETTE_MAX_BYTES)
    goto too_large;
  capacity = (gsize) st.st_size + 1;
  data = g_malloc (capacity + 1);
  for (;;)
    {
      gssize got;

      if (done == capacity)
        {
          /* It grew since: read on, up to one byte over the limit.  */
          if (capacity > SOBOLEV_PALETTE_MAX_BYTES)
            goto too_large;
          capacity = MIN (capacity * 2, (gsize) SOBOLEV_PALETTE_MAX_BYTES + 1);
          data = g_realloc (data, capacity + 1);
        }
      got = read (fd, data + done, capacity - done);
      if (got < 0 && errno == EINTR)
        continue;
      if (got < 0)
        {
          saved = errno;
          g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_IO, "%s",
                       g_strerror (saved));
          goto fail;
        }
      if (got == 0)
        break;
      done += got;
    }
  if (done > SOBOLEV_PALETTE_MAX_BYTES)
    goto too_large;
  close (fd);
  data[done] = '\0';
  *length = done;
  return data;

too_large:
  g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_IO,
               _ ("the palette is larger than %d bytes"),
               SOBOLEV_PALETTE_MAX_BYTES);
fail:
  g_free (data);
  close (fd);
  return NULL;
}

SobolevPalette *
sobolev_palette_load (const gchar *path, GError **error)
{
  g_autofree gchar *text = NULL;
  g_autoptr (GError) local = NULL;
  SobolevPalette *palette = NULL;
  gsize length = 0;

  g_return_val_if_fail (path != NULL, NULL);

  text = palette_read (path, &length, &local);
  if (text != NULL)
    palette = sobolev_palette_from_gpl (text, length, &local);
  if (palette == NULL)
    g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_IO, "“%s”: %s", path,
                 local->message);
  return palette;
}
