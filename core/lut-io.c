/* sobolev-transfer — LUT files: .cube text and HALD CLUT images.  */
#include "lut-io.h"

#include <errno.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "safe-file.h"
#include "sobolev-error.h"
#include "text-lines.h"

/* Nine significant digits are enough for any float to read back as the
   same float.  */
static void
lut_io_append_value (GString *out, gfloat value)
{
  gchar buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_ascii_formatd (buf, sizeof buf, "%.9g", (gdouble) value);
  g_string_append (out, buf);
}

gchar *
sobolev_lut_to_cube (const SobolevLut *lut, const gchar *title)
{
  gsize n_nodes, i;
  GString *out;

  g_return_val_if_fail (lut != NULL, NULL);

  n_nodes = (gsize) lut->size * lut->size * lut->size;
  out = g_string_sized_new (n_nodes * 30 + 256);
  if (title != NULL)
    {
      /* A title is one line between quotes: drop what would break it.  */
      g_string_append (out, "TITLE \"");
      for (const gchar *c = title; *c != '\0'; c++)
        if (*c != '"' && *c != '\n' && *c != '\r')
          g_string_append_c (out, *c);
      g_string_append (out, "\"\n");
    }
  g_string_append (out, "# Written by sobolev-transfer\n");
  g_string_append_printf (out, "LUT_3D_SIZE %u\n", lut->size);
  g_string_append (out, "DOMAIN_MIN 0 0 0\nDOMAIN_MAX 1 1 1\n");
  for (i = 0; i < n_nodes; i++)
    {
      const gfloat *v = lut->data + i * 3;

      lut_io_append_value (out, v[0]);
      g_string_append_c (out, ' ');
      lut_io_append_value (out, v[1]);
      g_string_append_c (out, ' ');
      lut_io_append_value (out, v[2]);
      g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}

/* Reads up to max numbers separated by blanks from [p, end); returns how
   many, or −1 on something that is not a finite number.  */
static gint
lut_io_parse_numbers (const gchar *p, const gchar *end, gdouble *values,
                      gint max)
{
  gint n = 0;

  for (;;)
    {
      /* Longer than any float written in full: "-1.2345678901234567e-308". */
      gchar number[64];
      const gchar *token;
      gchar *stop;
      gdouble v;

      while (p < end && (*p == ' ' || *p == '\t'))
        p++;
      if (p >= end)
        return n;
      if (n == max)
        return -1;
      /* The number is copied out before it is parsed: the text need not
         be NUL-terminated, and g_ascii_strtod would read past its end.  */
      token = p;
      while (p < end && *p != ' ' && *p != '\t')
        p++;
      if ((gsize) (p - token) >= sizeof number)
        return -1;
      memcpy (number, token, p - token);
      number[p - token] = '\0';
      v = g_ascii_strtod (number, &stop);
      if (stop != number + (p - token) || !isfinite (v))
        return -1;
      values[n++] = v;
    }
}

static gboolean
lut_io_keyword_is (const gchar *p, const gchar *end, const gchar *keyword,
                   const gchar **rest)
{
  gsize len = strlen (keyword);

  if (!sobolev_text_has_prefix (p, end, keyword))
    return FALSE;
  if (p + len < end && p[len] != ' ' && p[len] != '\t')
    return FALSE;
  *rest = p + len;
  return TRUE;
}

SobolevLut *
sobolev_lut_from_cube (const gchar *text, gssize length, GError **error)
{
  const gchar *p, *text_end;
  SobolevLut *lut = NULL;
  gsize n_nodes = 0, count = 0;
  guint size = 0, line_no = 0;

  g_return_val_if_fail (text != NULL, NULL);

  text_end = text + (length < 0 ? strlen (text) : (gsize) length);
  for (p = text; p < text_end;)
    {
      const gchar *end, *rest;
      const gchar *line = sobolev_text_next_line (&p, text_end, &end);
      gdouble v[3];
      gfloat node[3];
      gboolean is_min;
      gint n;

      line_no++;
      while (line < end && (*line == ' ' || *line == '\t'))
        line++;
      while (end > line && (end[-1] == ' ' || end[-1] == '\t'))
        end--;
      if (line == end || *line == '#')
        continue;

      if (g_ascii_isalpha (*line))
        {
          if (size != 0 && count > 0)
            {
              g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_IO,
                           _ ("line %u: keyword after the table's values"),
                           line_no);
              goto fail;
            }
          if (lut_io_keyword_is (line, end, "LUT_3D_SIZE", &rest))
            {
              n = lut_io_parse_numbers (rest, end, v, 1);
              if (n != 1 || v[0] != floor (v[0]) || v[0] < SOBOLEV_CUBE_MIN_SIZE
                  || v[0] > SOBOLEV_CUBE_MAX_SIZE)
                {
                  g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_IO,
                               _ ("line %u: LUT_3D_SIZE must be a whole "
                                  "number from %d to %d"),
                               line_no, SOBOLEV_CUBE_MIN_SIZE,
                               SOBOLEV_CUBE_MAX_SIZE);
                  goto fail;
                }
              if (size != 0)
                {
                  g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_IO,
                               _ ("line %u: LUT_3D_SIZE given twice"), line_no);
                  goto fail;
                }
              size = (guint) v[0];
              n_nodes = (gsize) size * size * size;
              /* A node's line is at least "0 0 0", and lines are apart
                 by at least a "\n": the table needs 6 n_nodes − 1 bytes
                 after this line.  A text too short for that cannot hold
                 it, and the table (200 MB for size 256) is not allocated
                 for it; its values are still read and checked, so the
                 error is the same one.  */
              if (((gsize) (text_end - p) + 1) / 6 >= n_nodes)
                {
                  lut = sobolev_lut_new_identity (size, error);
                  if (lut == NULL)
                    goto fail;
                }
            }
          else if (lut_io_keyword_is (line, end, "LUT_1D_SIZE", &rest))
            {
              g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_IO,
                           _ ("line %u: 1-D LUTs are not supported, only 3-D "
                              "ones"),
                           line_no);
              goto fail;
            }
          else if ((is_min = lut_io_keyword_is (line, end, "DOMAIN_MIN", &rest))
                   || lut_io_keyword_is (line, end, "DOMAIN_MAX", &rest))
            {
              gdouble want = is_min ? 0.0 : 1.0;

              n = lut_io_parse_numbers (rest, end, v, 3);
              if (n != 3)
                {
                  g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_IO,
                               _ ("line %u: %s needs three numbers"), line_no,
                               is_min ? "DOMAIN_MIN" : "DOMAIN_MAX");
                  goto fail;
                }
              if (v[0] != want || v[1] != want || v[2] != want)
                {
                  g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_IO,
                               _ ("line %u: only the domain 0 … 1 is "
                                  "supported"),
                               line_no);
                  goto fail;
                }
            }
          else if (lut_io_keyword_is (line, end, "LUT_3D_INPUT_RANGE", &rest))
            {
              n = lut_io_parse_numbers (rest, end, v, 2);
              if (n != 2 || v[0] != 0.0 || v[1] != 1.0)
                {
                  g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_IO,
                               _ ("line %u: only the input range 0 … 1 is "
                                  "supported"),
                               line_no);
                  goto fail;
                }
            }
          /* TITLE and keywords of other programs carry nothing we use.  */
          continue;
        }

      if (size == 0)
        {
          g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_IO,
                       _ ("line %u: values before LUT_3D_SIZE"), line_no);
          goto fail;
        }
      if (count == n_nodes)
        {
          g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_IO,
                       _ ("line %u: more values than LUT_3D_SIZE %u "
                          "holds"),
                       line_no, size);
          goto fail;
        }
      n = lut_io_parse_numbers (line, end, v, 3);
      if (n != 3)
        {
          g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_IO,
                       _ ("line %u: expected three finite numbers"), line_no);
          goto fail;
        }
      node[0] = (gfloat) v[0];
      node[1] = (gfloat) v[1];
      node[2] = (gfloat) v[2];
      if (!isfinite (node[0]) || !isfinite (node[1]) || !isfinite (node[2]))
        {
          g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_IO,
                       _ ("line %u: value too large"), line_no);
          goto fail;
        }
      if (lut != NULL)
        memcpy (lut->data + count * 3, node, sizeof node);
      count++;
    }

  if (size == 0)
    {
      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_IO,
                   _ ("no LUT_3D_SIZE line: not a 3-D .cube LUT"));
      return NULL;
    }
  /* A text too short for the table never reaches its count.  */
  if (count != n_nodes || lut == NULL)
    {
      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_IO,
                   _ ("%u values where LUT_3D_SIZE %u needs %u"), (guint) count,
                   size, (guint) n_nodes);
      goto fail;
    }
  return lut;

fail:
  sobolev_lut_free (lut);
  return NULL;
}

gboolean
sobolev_lut_save_cube (const SobolevLut *lut, const gchar *path,
                       const gchar *title, GError **error)
{
  g_autofree gchar *text = NULL;

  g_return_val_if_fail (lut != NULL && path != NULL, FALSE);

  text = sobolev_lut_to_cube (lut, title);
  return sobolev_safe_file_write (path, text, strlen (text), error);
}

/* A .cube of 256³ nodes with long numbers is about 700 MB; anything
   larger is not a LUT this reader accepts, and is not read.  */
#define LUT_IO_MAX_CUBE_BYTES (G_GINT64_CONSTANT (1) << 30)

SobolevLut *
sobolev_lut_load_cube (const gchar *path, GError **error)
{
  g_autofree gchar *text = NULL;
  g_autoptr (GError) local = NULL;
  GStatBuf st;
  gsize length;
  SobolevLut *lut;

  g_return_val_if_fail (path != NULL, NULL);

  if (g_stat (path, &st) != 0)
    {
      int saved = errno;

      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_IO,
                   _ ("cannot read “%s”: %s"), path, g_strerror (saved));
      return NULL;
    }
  if (!S_ISREG (st.st_mode) || st.st_size > LUT_IO_MAX_CUBE_BYTES)
    {
      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_IO,
                   _ ("cannot read “%s”: %s"), path,
                   S_ISDIR (st.st_mode) ? _ ("it is a folder")
                                        : _ ("not a .cube LUT file"));
      return NULL;
    }
  if (!g_file_get_contents (path, &text, &length, &local))
    {
      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_IO,
                   _ ("cannot read “%s”: %s"), path, local->message);
      return NULL;
    }
  lut = sobolev_lut_from_cube (text, length, &local);
  if (lut == NULL)
    g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_IO,
                 _ ("cannot read “%s”: %s"), path, local->message);
  return lut;
}

SobolevLut *
sobolev_lut_resample (const SobolevLut *lut, guint size, GError **error)
{
  SobolevLut *out;
  gsize r, g, b;

  g_return_val_if_fail (lut != NULL, NULL);

  if (size == lut->size)
    return sobolev_lut_copy (lut);
  out = sobolev_lut_new_identity (size, error);
  if (out == NULL)
    return NULL;
  for (b = 0; b < size; b++)
    for (g = 0; g < size; g++)
      for (r = 0; r < size; r++)
        {
          gfloat *node = out->data + ((b * size + g) * size + r) * 3;
          gfloat in[3];

          in[0] = (gfloat) r / (size - 1);
          in[1] = (gfloat) g / (size - 1);
          in[2] = (gfloat) b / (size - 1);
          sobolev_lut_eval (lut, in, node);
        }
  return out;
}

gfloat *
sobolev_lut_to_hald (const SobolevLut *lut, guint level, guint *side,
                     GError **error)
{
  g_autoptr (SobolevLut) nodes = NULL;
  gsize n, i;
  gfloat *pixels;

  g_return_val_if_fail (lut != NULL && side != NULL, NULL);

  if (level < SOBOLEV_HALD_MIN_LEVEL || level > SOBOLEV_HALD_MAX_LEVEL)
    {
      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_INVALID_ARGUMENT,
                   _ ("HALD level %u is out of range (%d to %d)"), level,
                   SOBOLEV_HALD_MIN_LEVEL, SOBOLEV_HALD_MAX_LEVEL);
      return NULL;
    }
  nodes = sobolev_lut_resample (lut, level * level, error);
  if (nodes == NULL)
    return NULL;
  /* The HALD image is the node list itself, row after row.  */
  n = (gsize) nodes->size * nodes->size * nodes->size * 3;
  pixels = g_new (gfloat, n);
  for (i = 0; i < n; i++)
    pixels[i] = CLAMP (nodes->data[i], 0.0f, 1.0f);
  *side = level * level * level;
  return pixels;
}

SobolevLut *
sobolev_lut_from_hald (const gfloat *pixels, guint channels, guint width,
                       guint height, GError **error)
{
  guint level;
  SobolevLut *lut;
  gsize n, i;

  g_return_val_if_fail (pixels != NULL, NULL);

  if (channels != 3 && channels != 4)
    {
      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_INVALID_ARGUMENT,
                   _ ("a HALD image has 3 or 4 channels, not %u"), channels);
      return NULL;
    }
  for (level = SOBOLEV_HALD_MIN_LEVEL; level <= SOBOLEV_HALD_MAX_LEVEL; level++)
    if (level * level * level == width)
      break;
  if (width != height || level > SOBOLEV_HALD_MAX_LEVEL)
    {
      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_INVALID_ARGUMENT,
                   _ ("a %u × %u image is not a HALD CLUT (it must be a "
                      "square of side level³, level %d to %d)"),
                   width, height, SOBOLEV_HALD_MIN_LEVEL,
                   SOBOLEV_HALD_MAX_LEVEL);
      return NULL;
    }
  lut = sobolev_lut_new_identity (level * level, error);
  if (lut == NULL)
    return NULL;
  n = (gsize) width * height;
  for (i = 0; i < n; i++)
    {
      const gfloat *pixel = pixels + i * channels;
      gfloat *node = lut->data + i * 3;

      if (!isfinite (pixel[0]) || !isfinite (pixel[1]) || !isfinite (pixel[2]))
        {
          g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_INVALID_ARGUMENT,
                       _ ("the HALD image has a value that is not finite"));
          sobolev_lut_free (lut);
          return NULL;
        }
      node[0] = pixel[0];
      node[1] = pixel[1];
      node[2] = pixel[2];
    }
  return lut;
}
