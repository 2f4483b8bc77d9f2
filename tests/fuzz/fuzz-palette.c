/* sobolev-transfer — fuzz target: GIMP palette (.gpl) text, not
   NUL-terminated.  */
#include <glib.h>

#include "fuzz-target.h"
#include "palette-file.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  const gchar *text = (const gchar *) data;
  GError *error = NULL;
  SobolevPalette *palette;

  palette = sobolev_palette_from_gpl (text ? text : "", (gssize) size, &error);
  /* Exactly one of the two, and an error always says something.  */
  if ((palette == NULL) == (error == NULL)
      || (error != NULL && (error->message == NULL || !error->message[0])))
    __builtin_trap ();
  if (palette)
    {
      /* Colors within bounds, a name per color, all text valid UTF-8.  */
      if (palette->n < 1 || palette->n > SOBOLEV_PALETTE_MAX_COLORS
          || palette->columns > 256
          || (palette->name && !g_utf8_validate (palette->name, -1, NULL)))
        __builtin_trap ();
      for (gsize i = 0; i < palette->n * 3; i++)
        if (!(palette->colors[i] >= 0.0 && palette->colors[i] <= 1.0))
          __builtin_trap ();
      for (gsize i = 0; i < palette->n; i++)
        if (palette->names[i] == NULL
            || !g_utf8_validate (palette->names[i], -1, NULL))
          __builtin_trap ();
      if (palette->names[palette->n] != NULL)
        __builtin_trap ();
      sobolev_palette_free (palette);
    }
  g_clear_error (&error);
  return 0;
}
