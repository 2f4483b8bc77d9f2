/* sobolev-transfer — fuzz target: a HALD CLUT image, as the bytes of its
   header (width, height, channels) and float pixels.  */
#include <glib.h>
#include <string.h>

#include "fuzz-target.h"
#include "lut-io.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  guint16 width, height;
  guint channels;
  gsize n_floats;
  gfloat *pixels;
  GError *error = NULL;
  SobolevLut *lut;

  if (size < 5)
    return 0;
  memcpy (&width, data, 2);
  memcpy (&height, data + 2, 2);
  channels = 3 + (data[4] & 1);
  data += 5;
  size -= 5;
  /* The pixels the header claims, as far as the input has bytes for them
     (the rest zero): a decoder always hands over a full image.  */
  n_floats = (gsize) width * height * channels;
  /* 2^20 floats: HALD levels up to 8 with 4 channels (512 × 512 × 4),
     the usual level.  The parser's paths do not depend on larger sizes
     (levels 9 to 16 only loop longer), and at 2^22 the larger images
     slowed the run (3224 against 3692 runs/s in 30 s from the seeds).  */
  if (n_floats > (1u << 20))
    return 0;
  pixels = g_new0 (gfloat, n_floats ? n_floats : 1);
  if (size && n_floats)
    memcpy (pixels, data, MIN (size, n_floats * sizeof (gfloat)));
  lut = sobolev_lut_from_hald (pixels, channels, width, height, &error);
  if ((lut == NULL) == (error == NULL))
    __builtin_trap ();
  sobolev_lut_free (lut);
  g_clear_error (&error);
  g_free (pixels);
  return 0;
}
