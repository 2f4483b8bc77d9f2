/* The selection's mask as the GIMP hosts read it (plug_in_mask_read):
   for masks stored as 8-bit, 16-bit and float values, any rectangle of
   them gives the same weights as babl's conversion to "Y float".  */
#include <gegl.h>

#include "layer-rules.h"

static void
check_mask_format (const gchar *format_name)
{
  const Babl *format = babl_format (format_name);
  const GeglRectangle whole = { 0, 0, 300, 70 };
  /* Inside, touching the border, and one row.  */
  const GeglRectangle rects[] = { { 0, 0, 300, 70 },
                                  { 17, 5, 123, 31 },
                                  { 250, 60, 50, 10 },
                                  { 3, 44, 281, 1 } };
  g_autoptr (GeglBuffer) buffer = gegl_buffer_new (&whole, format);
  g_autofree gfloat *values = g_new (gfloat, 300 * 70);

  /* Every 8-bit value, every 16-bit step of 97, and values in between. */
  for (gint k = 0; k < 300 * 70; k++)
    values[k] = (gfloat) ((k * 97 % 65536) / 65535.0);
  gegl_buffer_set (buffer, &whole, 0, babl_format ("Y float"), values,
                   GEGL_AUTO_ROWSTRIDE);
  for (guint r = 0; r < G_N_ELEMENTS (rects); r++)
    {
      gsize n = (gsize) rects[r].width * rects[r].height;
      g_autofree gfloat *read = g_new (gfloat, n);
      g_autofree gfloat *expected = g_new (gfloat, n);

      plug_in_mask_read (buffer, &rects[r], read);
      gegl_buffer_get (buffer, &rects[r], 1.0, babl_format ("Y float"),
                       expected, GEGL_AUTO_ROWSTRIDE, GEGL_ABYSS_NONE);
      for (gsize k = 0; k < n; k++)
        if (read[k] != expected[k])
          g_error ("%s, rectangle %u, value %" G_GSIZE_FORMAT
                   ": %.9g, babl %.9g",
                   format_name, r, k, read[k], expected[k]);
    }
}

static void
test_u8 (void)
{
  check_mask_format ("Y u8");
}

static void
test_u16 (void)
{
  check_mask_format ("Y u16");
}

static void
test_float (void)
{
  check_mask_format ("Y float");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  gegl_init (&argc, &argv);
  g_test_add_func ("/mask-read/u8", test_u8);
  g_test_add_func ("/mask-read/u16", test_u16);
  g_test_add_func ("/mask-read/float", test_float);
  return g_test_run ();
}
