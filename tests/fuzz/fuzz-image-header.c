/* sobolev-transfer — fuzz target: the first bytes of an image file, as
   read before any decoder sees them (PNG chunks, JPEG markers, TIFF
   strips and tiles, the sizes of the others).  */
#include <glib.h>

#include "fuzz-target.h"
#include "image-header.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  SobolevImageHeader header;
  GError *error = NULL;
  gboolean ok;

  ok = sobolev_image_header_read (data, size, &header, &error);
  /* Exactly one of the two, an error always says something, and a file
     of no format the hosts know is never taken.  */
  if (ok == (error != NULL)
      || (error != NULL && (error->message == NULL || !error->message[0]))
      || (ok && header.format == SOBOLEV_IMAGE_FORMAT_UNKNOWN))
    __builtin_trap ();
  /* The format is the one the first bytes alone give.  */
  if (header.format != sobolev_image_header_sniff (data, size))
    __builtin_trap ();
  g_clear_error (&error);
  return 0;
}
