/* Unit tests of reading whether an ICC profile is sRGB, on the profiles
   the sample photos carry and on damaged and altered copies of them, each
   verdict checked against babl's own: a profile taken for sRGB here must
   be one babl maps to its built-in sRGB space.  */
#include <math.h>
#include <string.h>
#include <babl/babl.h>
#include <gio/gio.h>

#include "sobolev.h"

/* A big-endian 32-bit number at p, wherever it is aligned.  */
static guint32
be32 (const guint8 *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8)
         | (guint32) p[3];
}

static GBytes *
sample_file (const gchar *name)
{
  g_autofree gchar *path
      = g_build_filename (g_getenv ("SOBOLEV_DATA_DIR"), "photos", name, NULL);
  gchar *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  return g_bytes_new_take (contents, length);
}

/* The profile in a PNG's iCCP chunk: a name, a NUL, the method byte and
   the zlib stream.  */
static GByteArray *
png_profile (const gchar *name)
{
  g_autoptr (GBytes) file = sample_file (name);
  gsize length;
  const guint8 *data = g_bytes_get_data (file, &length);

  for (gsize at = 8; at + 12 <= length;)
    {
      guint32 size = be32 (data + at);
      const guint8 *chunk = data + at + 8;

      g_assert_cmpuint (size, <=, length - at - 12);
      if (memcmp (data + at + 4, "iCCP", 4) == 0)
        {
          g_autoptr (GZlibDecompressor) inflate
              = g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_ZLIB);
          gsize name_end = strnlen ((const gchar *) chunk, size) + 2;
          g_autoptr (GInputStream) raw = g_memory_input_stream_new_from_data (
              chunk + name_end, size - name_end, NULL);
          g_autoptr (GInputStream) in
              = g_converter_input_stream_new (raw, G_CONVERTER (inflate));
          GByteArray *profile = g_byte_array_new ();
          guint8 buf[4096];
          gssize n;

          while ((n = g_input_stream_read (in, buf, sizeof buf, NULL, NULL))
                 > 0)
            g_byte_array_append (profile, buf, n);
          g_assert_cmpint (n, ==, 0);
          return profile;
        }
      at += 12 + size;
    }
  g_assert_not_reached ();
}

/* The profile in a JPEG's single APP2 ICC_PROFILE segment.  */
static GByteArray *
jpeg_profile (const gchar *name)
{
  static const gchar marker[] = "ICC_PROFILE";
  g_autoptr (GBytes) file = sample_file (name);
  gsize length;
  const guint8 *data = g_bytes_get_data (file, &length);

  for (gsize at = 2; at + 4 <= length && data[at] == 0xff;)
    {
      gsize size = (data[at + 2] << 8) | data[at + 3];

      g_assert_cmpuint (size, <=, length - at - 2);
      if (data[at + 1] == 0xe2 && memcmp (data + at + 4, marker, 12) == 0)
        {
          GByteArray *profile = g_byte_array_new ();

          /* The marker, then this segment's number and the count.  */
          g_byte_array_append (profile, data + at + 4 + 14, size - 2 - 14);
          return profile;
        }
      at += 2 + size;
    }
  g_assert_not_reached ();
}

/* Whether babl maps the profile to its built-in sRGB space.  */
static gboolean
babl_takes_for_srgb (const GByteArray *icc)
{
  const char *error = NULL;
  const Babl *space
      = babl_space_from_icc ((const char *) icc->data, (int) icc->len,
                             BABL_ICC_INTENT_RELATIVE_COLORIMETRIC, &error);

  return space != NULL && space == babl_space ("sRGB");
}

/* The offset of tag sig's data in icc.  */
static guint32
tag_offset (const GByteArray *icc, const gchar *sig)
{
  guint32 count = be32 (icc->data + 128);

  for (guint32 t = 0; t < count; t++)
    if (memcmp (icc->data + 132 + 12 * t, sig, 4) == 0)
      return be32 (icc->data + 132 + 12 * t + 4);
  g_assert_not_reached ();
}

static void
put_u32 (GByteArray *icc, guint32 at, guint32 v)
{
  guint32 be = GUINT32_TO_BE (v);

  memcpy (icc->data + at, &be, 4);
}

static void
assert_verdict (const GByteArray *icc, gboolean srgb, const gchar *what)
{
  gboolean read = sobolev_icc_profile_is_srgb (icc->data, icc->len);

  if (read != srgb)
    g_error ("%s: read as %s", what, read ? "sRGB" : "not sRGB");
  /* Never sRGB here when babl would not map it to its sRGB.  */
  if (read && !babl_takes_for_srgb (icc))
    g_error ("%s: babl does not take it for sRGB", what);
}

static void
test_sample_profiles (void)
{
  g_autoptr (GByteArray) srgb = png_profile ("chelsea.png");
  g_autoptr (GByteArray) adobe = jpeg_profile ("rocket.jpg");

  g_assert_true (babl_takes_for_srgb (srgb));
  assert_verdict (srgb, TRUE, "the sRGB profile of chelsea.png");
  assert_verdict (adobe, FALSE, "the Adobe RGB profile of rocket.jpg");
  g_assert_false (sobolev_icc_profile_is_srgb (NULL, 0));
}

/* Colorants moved: by a tenth of the tolerance the profile is still
   sRGB, by four times it is not.  */
static void
test_moved_colorant (void)
{
  const gchar *tags[] = { "rXYZ", "gXYZ", "bXYZ" };

  for (guint c = 0; c < 3; c++)
    for (guint k = 0; k < 3; k++)
      {
        static const gdouble moves[] = { 0.00005, -0.00005, 0.002, -0.002 };

        for (guint m = 0; m < G_N_ELEMENTS (moves); m++)
          {
            g_autoptr (GByteArray) icc = png_profile ("chelsea.png");
            guint32 at = tag_offset (icc, tags[c]) + 8 + 4 * k;
            gint32 v = (gint32) be32 (icc->data + at);
            g_autofree gchar *what
                = g_strdup_printf ("%s[%u] moved by %g", tags[c], k, moves[m]);

            put_u32 (icc, at, (guint32) (v + (gint32) (moves[m] * 65536)));
            assert_verdict (icc, fabs (moves[m]) < 0.001, what);
          }
      }
}

/* Other tone curves in the same table: gamma 2.2, and sRGB's with one
   entry off by 1 %.  */
static void
test_other_curves (void)
{
  for (guint variant = 0; variant < 2; variant++)
    {
      g_autoptr (GByteArray) icc = png_profile ("chelsea.png");
      guint32 at = tag_offset (icc, "gTRC");
      guint32 count = be32 (icc->data + at + 8);
      /* The profile shares one table between the channels: a copy of it
         at the end, for green alone.  */
      guint32 copy = icc->len;
      guint32 n = be32 (icc->data + 128);
      /* Appended from a copy: appending may move the array's bytes.  */
      g_autofree guint8 *table = g_memdup2 (icc->data + at, 12 + 2 * count);

      g_byte_array_append (icc, table, 12 + 2 * count);
      for (guint32 i = 0; i < count; i++)
        {
          guint8 *entry = icc->data + copy + 12 + 2 * i;
          guint16 v = (guint16) ((entry[0] << 8) | entry[1]);

          if (variant == 0)
            v = (guint16) lround (pow ((gdouble) i / (count - 1), 2.2) * 65535);
          else if (i == count / 2)
            v = (guint16) (v * 1.01);
          entry[0] = v >> 8;
          entry[1] = v & 0xff;
        }
      for (guint32 t = 0; t < n; t++)
        if (memcmp (icc->data + 132 + 12 * t, "gTRC", 4) == 0)
          put_u32 (icc, 132 + 12 * t + 4, copy);
      put_u32 (icc, 0, icc->len);
      assert_verdict (icc, FALSE,
                      variant == 0 ? "green gamma 2.2" : "one entry off");
    }
}

/* A gamma alone, a parametric curve, a lookup-table tag and a grey
   profile are not read as sRGB.  */
static void
test_other_forms (void)
{
  g_autoptr (GByteArray) gamma = png_profile ("chelsea.png");
  g_autoptr (GByteArray) table = png_profile ("chelsea.png");
  g_autoptr (GByteArray) grey = png_profile ("chelsea.png");
  g_autoptr (GByteArray) para = png_profile ("chelsea.png");
  guint32 n = be32 (table->data + 128);

  /* All three channels share the table: a count of 1 makes it a gamma.  */
  put_u32 (gamma, tag_offset (gamma, "rTRC") + 8, 1);
  assert_verdict (gamma, FALSE, "a gamma curve");
  /* The same bytes under a parametric curve's type.  */
  memcpy (para->data + tag_offset (para, "rTRC"), "para", 4);
  assert_verdict (para, FALSE, "a parametric curve");
  for (guint32 t = 0; t < n; t++)
    if (memcmp (table->data + 132 + 12 * t, "dmnd", 4) == 0)
      memcpy (table->data + 132 + 12 * t, "A2B0", 4);
  assert_verdict (table, FALSE, "an A2B0 tag");
  /* The same tag with its data past the end still counts.  */
  for (guint32 t = 0; t < n; t++)
    if (memcmp (table->data + 132 + 12 * t, "A2B0", 4) == 0)
      put_u32 (table, 132 + 12 * t + 4, table->len + 100);
  assert_verdict (table, FALSE, "an A2B0 tag whose data is past the end");
  memcpy (grey->data + 16, "GRAY", 4);
  assert_verdict (grey, FALSE, "a grey profile");
}

/* Every shorter copy, and tag tables and offsets that point outside the
   data, are refused without reading past the end (the sanitizer build
   checks that).  */
static void
test_damaged (void)
{
  g_autoptr (GByteArray) icc = png_profile ("chelsea.png");
  guint32 n = be32 (icc->data + 128);

  for (guint len = 0; len < icc->len; len++)
    {
      g_autofree guint8 *part = g_memdup2 (icc->data, len);

      g_assert_false (sobolev_icc_profile_is_srgb (part, len));
    }
  for (guint32 t = 0; t < n; t++)
    {
      g_autoptr (GByteArray) bad = png_profile ("chelsea.png");

      put_u32 (bad, 132 + 12 * t + 4, bad->len - 4);
      if (memcmp (bad->data + 132 + 12 * t, "rXYZ", 4) == 0
          || memcmp (bad->data + 132 + 12 * t, "rTRC", 4) == 0)
        assert_verdict (bad, FALSE, "a tag past the end");
    }
  put_u32 (icc, 128, 0xffffffffu);
  assert_verdict (icc, FALSE, "a tag count past the end");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  babl_init ();
  g_test_add_func ("/icc-profile/sample-profiles", test_sample_profiles);
  g_test_add_func ("/icc-profile/moved-colorant", test_moved_colorant);
  g_test_add_func ("/icc-profile/other-curves", test_other_curves);
  g_test_add_func ("/icc-profile/other-forms", test_other_forms);
  g_test_add_func ("/icc-profile/damaged", test_damaged);
  return g_test_run ();
}
