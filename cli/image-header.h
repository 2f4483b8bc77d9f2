/* sobolev-transfer — what an image file's own bytes say before any decoder
   sees them: its format, its size, and whether it is whole.  Decoders
   trust headers (a tiny file may claim a 10¹⁰-pixel image), some end the
   process on a malformed one, and GEGL's report nothing when a file is cut
   short; these checks come first.  */
#ifndef CLI_IMAGE_HEADER_H
#define CLI_IMAGE_HEADER_H

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  IMAGE_FORMAT_UNKNOWN,
  IMAGE_FORMAT_PNG,
  IMAGE_FORMAT_JPEG,
  IMAGE_FORMAT_TIFF,
  IMAGE_FORMAT_WEBP,
  IMAGE_FORMAT_GIF,
  IMAGE_FORMAT_EXR,
  IMAGE_FORMAT_RGBE,
  IMAGE_FORMAT_PPM,
} ImageFormat;

typedef struct
{
  ImageFormat format;
  /* 0 when the header does not say (the decoder is asked then).  */
  guint64 width, height;
} ImageHeader;

/* The format from the first bytes (not the name).  */
ImageFormat image_header_sniff (const guchar *head, gsize length);

/* The GEGL operation that loads format, e.g. "gegl:png-load".  */
const gchar *image_header_load_operation (ImageFormat format);

/* Reads the header of the file's bytes data[0 … length) and checks that
   the file is whole and of a kind the decoders handle: a PNG reaches its
   IEND chunk, a JPEG has its end-of-image marker after the scan and no
   CMYK, a TIFF's strips and tiles lie inside the file.  On failure the
   message says what is wrong, without the file's name (the caller adds
   it).  */
gboolean image_header_read (const guchar *data, gsize length,
                            ImageHeader *header, GError **error);

G_END_DECLS

#endif
