/* sobolev-transfer — image headers and completeness, read before decoding.  */
#include "image-header.h"
#include <glib/gi18n-lib.h>

#include <stdio.h>
#include <string.h>

#include "sobolev-error.h"

static const struct
{
  const gchar *magic;
  gsize offset, length;
  SobolevImageFormat format;
} magics[] = {
  { "\x89PNG\r\n\x1a\n", 0, 8, SOBOLEV_IMAGE_FORMAT_PNG },
  { "\xff\xd8\xff", 0, 3, SOBOLEV_IMAGE_FORMAT_JPEG },
  { "II*\0", 0, 4, SOBOLEV_IMAGE_FORMAT_TIFF },
  { "MM\0*", 0, 4, SOBOLEV_IMAGE_FORMAT_TIFF },
  { "WEBP", 8, 4, SOBOLEV_IMAGE_FORMAT_WEBP },
  { "GIF8", 0, 4, SOBOLEV_IMAGE_FORMAT_GIF },
  { "\x76\x2f\x31\x01", 0, 4, SOBOLEV_IMAGE_FORMAT_EXR },
  { "#?RADIANCE", 0, 10, SOBOLEV_IMAGE_FORMAT_RGBE },
  { "#?RGBE", 0, 6, SOBOLEV_IMAGE_FORMAT_RGBE },
  { "P3", 0, 2, SOBOLEV_IMAGE_FORMAT_PPM },
  { "P6", 0, 2, SOBOLEV_IMAGE_FORMAT_PPM },
};

SobolevImageFormat
sobolev_image_header_sniff (const guchar *head, gsize length)
{
  for (guint i = 0; i < G_N_ELEMENTS (magics); i++)
    if (length >= magics[i].offset + magics[i].length
        && memcmp (head + magics[i].offset, magics[i].magic, magics[i].length)
               == 0)
      return magics[i].format;
  return SOBOLEV_IMAGE_FORMAT_UNKNOWN;
}

static guint32
be32 (const guchar *p)
{
  return (guint32) p[0] << 24 | (guint32) p[1] << 16 | (guint32) p[2] << 8
         | p[3];
}

static guint16
be16 (const guchar *p)
{
  return (guint16) (p[0] << 8 | p[1]);
}

static guint16
le16 (const guchar *p)
{
  return (guint16) (p[1] << 8 | p[0]);
}

static guint32
le32 (const guchar *p)
{
  return (guint32) p[3] << 24 | (guint32) p[2] << 16 | (guint32) p[1] << 8
         | p[0];
}

static gboolean
damaged (GError **error, const gchar *what)
{
  g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_IO, "%s", what);
  return FALSE;
}

/* Chunks from the signature to IEND, each wholly inside the file.  */
static gboolean
png_read (const guchar *d, gsize n, SobolevImageHeader *h, GError **error)
{
  gsize at = 8;
  gboolean seen_data = FALSE;

  if (n < 33 || memcmp (d + 12, "IHDR", 4) != 0)
    return damaged (error, _ ("the PNG is damaged (no header chunk)"));
  h->width = be32 (d + 16);
  h->height = be32 (d + 20);
  while (at + 12 <= n)
    {
      guint32 len = be32 (d + at);
      const guchar *type = d + at + 4;

      if (len > n - at - 12)
        break;
      if (memcmp (type, "IDAT", 4) == 0)
        seen_data = TRUE;
      if (memcmp (type, "IEND", 4) == 0)
        {
          if (!seen_data)
            return damaged (error, _ ("the PNG is damaged (no image data)"));
          return TRUE;
        }
      at += 12 + (gsize) len;
    }
  return damaged (error, _ ("the PNG is cut short (it ends before its last "
                            "chunk)"));
}

/* Markers up to the first scan (the frame header among them), then the
   end-of-image marker somewhere after the scan.  */
static gboolean
jpeg_read (const guchar *d, gsize n, SobolevImageHeader *h, GError **error)
{
  gsize at = 2;
  gboolean seen_frame = FALSE;

  for (;;)
    {
      guchar marker;
      guint16 len;

      while (at < n && d[at] == 0xff)
        at++;
      if (at >= n)
        return damaged (error, _ ("the JPEG is cut short (it ends in its "
                                  "header)"));
      if (d[at - 1] != 0xff)
        return damaged (error, _ ("the JPEG is damaged (a marker is missing)"));
      marker = d[at++];
      if (marker == 0xd8 || marker == 0x01
          || (marker >= 0xd0 && marker <= 0xd7))
        continue; /* markers without a length */
      if (marker == 0xd9)
        return damaged (error, _ ("the JPEG is damaged (it ends before its "
                                  "image data)"));
      if (at + 2 > n)
        return damaged (error, _ ("the JPEG is cut short (it ends in its "
                                  "header)"));
      len = be16 (d + at);
      if (len < 2 || len > n - at)
        return damaged (error, _ ("the JPEG is cut short (it ends in its "
                                  "header)"));
      /* Frame headers: every SOFn but DHT (C4), JPG (C8) and DAC (CC).  */
      if (marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8
          && marker != 0xcc)
        {
          guint components;

          if (len < 8)
            return damaged (error, _ ("the JPEG is damaged (frame header)"));
          h->height = be16 (d + at + 3);
          h->width = be16 (d + at + 5);
          components = d[at + 7];
          if (components == 4)
            {
              g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_IO,
                           _ ("it is a CMYK JPEG, which this tool would decode "
                              "with wrong colors: convert it to RGB first (for "
                              "example in GIMP, or with ImageMagick: convert "
                              "IN.jpg -colorspace sRGB OUT.png)"));
              return FALSE;
            }
          if (components != 1 && components != 3)
            return damaged (error, _ ("the JPEG is damaged (frame header)"));
          seen_frame = TRUE;
        }
      if (marker == 0xda)
        {
          gsize scan = at + len;
          gsize end = n;

          if (!seen_frame)
            return damaged (error, _ ("the JPEG is damaged (a scan before its "
                                      "frame header)"));
          /* Some cameras add bytes after the end marker: look back over
             the last 64 KiB for it.  */
          while (end >= scan + 2 && end + 65536 > n)
            {
              if (d[end - 2] == 0xff && d[end - 1] == 0xd9)
                return TRUE;
              end--;
            }
          return damaged (error, _ ("the JPEG is cut short (no end-of-image "
                                    "marker after its data)"));
        }
      at += len;
    }
}

/* The first directory: size, and every strip or tile inside the file.  */
static gboolean
tiff_read (const guchar *d, gsize n, SobolevImageHeader *h, GError **error)
{
  gboolean little = d[0] == 'I';
  guint16 (*u16) (const guchar *) = little ? le16 : be16;
  guint32 (*u32) (const guchar *) = little ? le32 : be32;
  guint32 ifd, count;
  guint64 offsets_at = 0, counts_at = 0, n_pieces = 0, counts_n = 0;
  guint16 offsets_type = 0, counts_type = 0;

  if (n < 8)
    return damaged (error, _ ("the TIFF is cut short"));
  ifd = u32 (d + 4);
  if (ifd < 8 || (guint64) ifd + 2 > n)
    return damaged (error, _ ("the TIFF is cut short (no image directory)"));
  count = u16 (d + ifd);
  if ((guint64) ifd + 2 + 12ull * count > n)
    return damaged (error,
                    _ ("the TIFF is cut short (in its image directory)"));
  for (guint32 i = 0; i < count; i++)
    {
      const guchar *e = d + ifd + 2 + 12 * i;
      guint16 tag = u16 (e), type = u16 (e + 2);
      guint32 values = u32 (e + 4);
      guint32 value = type == 3 ? u16 (e + 8) : u32 (e + 8);
      /* Where the values are: in the entry when they fit in 4 bytes.  */
      guint64 at = (type == 3 && values <= 2) || (type == 4 && values <= 1)
                       ? (guint64) (e + 8 - d)
                       : u32 (e + 8);

      if (tag == 256)
        h->width = value;
      else if (tag == 257)
        h->height = value;
      else if (tag == 273 || tag == 324)
        offsets_at = at, n_pieces = values, offsets_type = type;
      else if (tag == 279 || tag == 325)
        counts_at = at, counts_n = values, counts_type = type;
    }
  if (n_pieces == 0 || counts_n != n_pieces
      || (offsets_type != 3 && offsets_type != 4)
      || (counts_type != 3 && counts_type != 4))
    return damaged (error, _ ("the TIFF is damaged (no strips or tiles)"));
  if (offsets_at + n_pieces * (offsets_type == 3 ? 2 : 4) > n
      || counts_at + n_pieces * (counts_type == 3 ? 2 : 4) > n)
    return damaged (error, _ ("the TIFF is cut short (in its strip table)"));
  for (guint64 i = 0; i < n_pieces; i++)
    {
      guint64 offset = offsets_type == 3 ? u16 (d + offsets_at + 2 * i)
                                         : u32 (d + offsets_at + 4 * i);
      guint64 bytes = counts_type == 3 ? u16 (d + counts_at + 2 * i)
                                       : u32 (d + counts_at + 4 * i);

      if (offset + bytes > n)
        return damaged (error, _ ("the TIFF is cut short (its image data "
                                  "ends early)"));
    }
  return TRUE;
}

/* The canvas size of a WebP: VP8X, lossless VP8L or lossy VP8.  */
static void
webp_read (const guchar *d, gsize n, SobolevImageHeader *h)
{
  if (n >= 30 && memcmp (d + 12, "VP8X", 4) == 0)
    {
      h->width = 1 + (d[24] | d[25] << 8 | (guint32) d[26] << 16);
      h->height = 1 + (d[27] | d[28] << 8 | (guint32) d[29] << 16);
    }
  else if (n >= 25 && memcmp (d + 12, "VP8L", 4) == 0)
    {
      guint32 bits = le32 (d + 21);

      h->width = 1 + (bits & 0x3fff);
      h->height = 1 + ((bits >> 14) & 0x3fff);
    }
  else if (n >= 30 && memcmp (d + 12, "VP8 ", 4) == 0)
    {
      h->width = le16 (d + 26) & 0x3fff;
      h->height = le16 (d + 28) & 0x3fff;
    }
}

/* RGBE: header lines up to a blank one, then "-Y height +X width".  */
static void
rgbe_read (const guchar *d, gsize n, SobolevImageHeader *h)
{
  gsize at = 0;

  while (at < n && at < 65536)
    {
      const guchar *line = d + at;
      const guchar *nl = memchr (line, '\n', n - at);
      gsize len;

      if (!nl)
        return;
      len = nl - line;
      at += len + 1;
      if (len >= 2 && (line[0] == '-' || line[0] == '+') && line[1] == 'Y')
        {
          gchar buf[64];
          guint64 height, width;

          if (len >= sizeof buf)
            return;
          memcpy (buf, line, len);
          buf[len] = '\0';
          if (sscanf (buf,
                      "%*1[-+]Y %" G_GUINT64_FORMAT
                      " %*1[-+]X %" G_GUINT64_FORMAT,
                      &height, &width)
              == 2)
            {
              h->width = width;
              h->height = height;
            }
          return;
        }
    }
}

/* PPM: magic, then width, height and maximum among blanks and comments.  */
static void
ppm_read (const guchar *d, gsize n, SobolevImageHeader *h)
{
  guint64 numbers[2] = { 0, 0 };
  gsize at = 2;

  for (guint k = 0; k < 2; k++)
    {
      for (;;)
        {
          while (at < n && g_ascii_isspace (d[at]))
            at++;
          if (at < n && d[at] == '#')
            {
              while (at < n && d[at] != '\n')
                at++;
              continue;
            }
          break;
        }
      if (at >= n || !g_ascii_isdigit (d[at]))
        return;
      while (at < n && g_ascii_isdigit (d[at]) && numbers[k] < G_MAXUINT32)
        numbers[k] = numbers[k] * 10 + (d[at++] - '0');
    }
  h->width = numbers[0];
  h->height = numbers[1];
}

/* OpenEXR: the dataWindow attribute (box2i) among the header's.  */
static void
exr_read (const guchar *d, gsize n, SobolevImageHeader *h)
{
  gsize at = 8;

  while (at < n && d[at] != '\0')
    {
      const guchar *name = d + at;
      const guchar *name_end = memchr (name, '\0', n - at);
      const guchar *type_end;
      guint32 size;

      if (!name_end)
        return;
      type_end = memchr (name_end + 1, '\0', n - (name_end + 1 - d));
      if (!type_end || (gsize) (type_end + 5 - d) > n)
        return;
      size = le32 (type_end + 1);
      at = type_end + 5 - d;
      if (size > n - at)
        return;
      if (strcmp ((const gchar *) name, "dataWindow") == 0 && size == 16)
        {
          gint32 xmin = (gint32) le32 (d + at),
                 ymin = (gint32) le32 (d + at + 4);
          gint32 xmax = (gint32) le32 (d + at + 8),
                 ymax = (gint32) le32 (d + at + 12);

          if (xmax >= xmin && ymax >= ymin)
            {
              h->width = (guint64) ((gint64) xmax - xmin + 1);
              h->height = (guint64) ((gint64) ymax - ymin + 1);
            }
          return;
        }
      at += size;
    }
}

gboolean
sobolev_image_header_read (const guchar *data, gsize length,
                           SobolevImageHeader *header, GError **error)
{
  memset (header, 0, sizeof *header);
  header->format = sobolev_image_header_sniff (data, length);
  switch (header->format)
    {
    case SOBOLEV_IMAGE_FORMAT_PNG:
      return png_read (data, length, header, error);
    case SOBOLEV_IMAGE_FORMAT_JPEG:
      return jpeg_read (data, length, header, error);
    case SOBOLEV_IMAGE_FORMAT_TIFF:
      return tiff_read (data, length, header, error);
    case SOBOLEV_IMAGE_FORMAT_WEBP:
      webp_read (data, length, header);
      return TRUE;
    case SOBOLEV_IMAGE_FORMAT_GIF:
      if (length >= 10)
        {
          header->width = le16 (data + 6);
          header->height = le16 (data + 8);
        }
      return TRUE;
    case SOBOLEV_IMAGE_FORMAT_EXR:
      exr_read (data, length, header);
      return TRUE;
    case SOBOLEV_IMAGE_FORMAT_RGBE:
      rgbe_read (data, length, header);
      return TRUE;
    case SOBOLEV_IMAGE_FORMAT_PPM:
      ppm_read (data, length, header);
      return TRUE;
    case SOBOLEV_IMAGE_FORMAT_UNKNOWN:
    default:
      return damaged (error, _ ("not a PNG, JPEG, TIFF, WebP, GIF, OpenEXR, "
                                "RGBE or PPM image"));
    }
}
