/* sobolev-transfer — what an image file's own bytes say before any decoder
   sees them: its format, its size, and whether it is whole.  Decoders
   trust headers (a tiny file may claim a 10¹⁰-pixel image), some end the
   process on a malformed one, and GEGL's report nothing when a file is cut
   short; these checks come first.  */
#ifndef SOBOLEV_IMAGE_HEADER_H
#define SOBOLEV_IMAGE_HEADER_H

#include <glib.h>

G_BEGIN_DECLS

/* Images with more pixels than this are refused by the hosts that read
   image files before anything is allocated for them (200 megapixels),
   unless the user sets another limit.  */
#define SOBOLEV_IMAGE_DEFAULT_MAX_PIXELS G_GUINT64_CONSTANT (200000000)

typedef enum
{
  SOBOLEV_IMAGE_FORMAT_UNKNOWN,
  SOBOLEV_IMAGE_FORMAT_PNG,
  SOBOLEV_IMAGE_FORMAT_JPEG,
  SOBOLEV_IMAGE_FORMAT_TIFF,
  SOBOLEV_IMAGE_FORMAT_WEBP,
  SOBOLEV_IMAGE_FORMAT_GIF,
  SOBOLEV_IMAGE_FORMAT_EXR,
  SOBOLEV_IMAGE_FORMAT_RGBE,
  SOBOLEV_IMAGE_FORMAT_PPM,
} SobolevImageFormat;

typedef struct
{
  SobolevImageFormat format;
  /* 0 when the header does not say (the decoder is asked then).  */
  guint64 width, height;
} SobolevImageHeader;

/* The format from the first bytes (not the name).  */
SobolevImageFormat sobolev_image_header_sniff (const guchar *head,
                                               gsize length);

/* Reads the header of the file's bytes data[0 … length) and checks that
   the file is whole and of a kind the decoders handle: a PNG reaches its
   IEND chunk, a JPEG has its end-of-image marker after the scan and no
   CMYK, a TIFF's strips and tiles lie inside the file.  On failure the
   message says what is wrong, without the file's name (the caller adds
   it).  */
gboolean sobolev_image_header_read (const guchar *data, gsize length,
                                    SobolevImageHeader *header, GError **error);

G_END_DECLS

#endif
