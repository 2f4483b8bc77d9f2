/* sobolev-transfer — fuzz target: .cube text, not NUL-terminated.  */
#include <glib.h>
#include <string.h>

#include "fuzz-target.h"
#include "lut-io.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  /* The bytes as given: both drivers end them at the edge of what may
     be read (libFuzzer's exact-size block, smoke-main.c's guard page).  */
  const gchar *text = (const gchar *) data;
  GError *error = NULL;
  SobolevLut *lut;

  lut = sobolev_lut_from_cube (text ? text : "", (gssize) size, &error);
  /* Exactly one of the two, and an error always says something.  */
  if ((lut == NULL) == (error == NULL)
      || (error != NULL && (error->message == NULL || !error->message[0])))
    __builtin_trap ();
  if (lut)
    {
      gchar *again = sobolev_lut_to_cube (lut, NULL);
      SobolevLut *back = sobolev_lut_from_cube (again, -1, NULL);

      /* What we write, we read back to the same floats.  */
      if (back == NULL || back->size != lut->size
          || memcmp (back->data, lut->data,
                     sizeof (gfloat) * 3 * lut->size * lut->size * lut->size))
        __builtin_trap ();
      sobolev_lut_free (back);
      g_free (again);
      sobolev_lut_free (lut);
    }
  g_clear_error (&error);
  return 0;
}
