/* sobolev-transfer — what an ICC profile's own bytes say about its space.  */
#include "icc-profile.h"

#include <math.h>
#include <string.h>

#define ICC_HEADER_BYTES 128
#define ICC_TAG_ENTRY_BYTES 12

/* sRGB's colorants adapted to D50 as babl's built-in sRGB space holds
   them (its RGB → XYZ matrix by columns), and how far a profile's may
   be: half of babl's own tolerance (0.001), so that a profile accepted
   here is one babl takes for its sRGB.  */
static const gdouble srgb_colorants[3][3] = {
  { 0.4360348, 0.2224879, 0.0139159 },
  { 0.3851167, 0.7169038, 0.0970605 },
  { 0.1430514, 0.0606083, 0.7139290 },
};
#define ICC_COLORANT_TOLERANCE 0.0005

/* babl's tolerances for a tone curve given as a table are 0.001 up to
   1024 entries and 0.0001 above: half of each.  */
#define ICC_SHORT_TABLE 1024
#define ICC_SHORT_TABLE_TOLERANCE 0.0005
#define ICC_LONG_TABLE_TOLERANCE 0.00005

typedef struct
{
  const guint8 *data;
  gsize length;
} IccBytes;

static guint32
icc_u32 (const guint8 *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8)
         | (guint32) p[3];
}

static guint16
icc_u16 (const guint8 *p)
{
  return (guint16) ((p[0] << 8) | p[1]);
}

/* The tag table's entry for sig (signature, offset, size), or NULL:
   also when the table itself does not fit, whatever count claims.  */
static const guint8 *
icc_tag_entry (const IccBytes *icc, const gchar *sig)
{
  guint32 count = icc_u32 (icc->data + ICC_HEADER_BYTES);

  if (count > (icc->length - ICC_HEADER_BYTES - 4) / ICC_TAG_ENTRY_BYTES)
    return NULL;
  for (guint32 t = 0; t < count; t++)
    {
      const guint8 *entry
          = icc->data + ICC_HEADER_BYTES + 4 + (gsize) t * ICC_TAG_ENTRY_BYTES;

      if (memcmp (entry, sig, 4) == 0)
        return entry;
    }
  return NULL;
}

/* The tag whose signature is sig, with at least min_size bytes inside
   the data: its first byte, or NULL.  */
static const guint8 *
icc_tag (const IccBytes *icc, const gchar *sig, guint32 min_size, guint32 *size)
{
  const guint8 *entry = icc_tag_entry (icc, sig);
  guint32 offset, tag_size;

  if (!entry)
    return NULL;
  offset = icc_u32 (entry + 4), tag_size = icc_u32 (entry + 8);
  if (tag_size < min_size || offset > icc->length
      || tag_size > icc->length - offset)
    return NULL;
  if (size)
    *size = tag_size;
  return icc->data + offset;
}

/* The sRGB curve from encoded to linear values.  */
static gdouble
srgb_to_linear (gdouble v)
{
  return v <= 0.04045 ? v / 12.92 : pow ((v + 0.055) / 1.055, 2.4);
}

static gboolean
icc_colorant_is_srgb (const IccBytes *icc, const gchar *sig, guint channel)
{
  /* 'XYZ ', 4 reserved bytes, then X, Y and Z as s15.16 fixed point.  */
  const guint8 *tag = icc_tag (icc, sig, 20, NULL);

  if (!tag || memcmp (tag, "XYZ ", 4) != 0)
    return FALSE;
  for (guint k = 0; k < 3; k++)
    {
      gdouble v = (gint32) icc_u32 (tag + 8 + 4 * k) / 65536.0;

      if (fabs (v - srgb_colorants[channel][k]) > ICC_COLORANT_TOLERANCE)
        return FALSE;
    }
  return TRUE;
}

static gboolean
icc_curve_is_srgb (const IccBytes *icc, const gchar *sig)
{
  guint32 size, count;
  const guint8 *tag = icc_tag (icc, sig, 12, &size);
  gdouble tolerance;

  /* Only a table: a gamma alone is not sRGB's curve, and babl reads a
     parametric curve by rules of its own.  */
  if (!tag || memcmp (tag, "curv", 4) != 0)
    return FALSE;
  count = icc_u32 (tag + 8);
  if (count < 2 || count > (size - 12) / 2)
    return FALSE;
  tolerance = count > ICC_SHORT_TABLE ? ICC_LONG_TABLE_TOLERANCE
                                      : ICC_SHORT_TABLE_TOLERANCE;
  for (guint32 i = 0; i < count; i++)
    {
      gdouble v = icc_u16 (tag + 12 + 2 * (gsize) i) / 65535.0;

      if (fabs (v - srgb_to_linear ((gdouble) i / (count - 1))) > tolerance)
        return FALSE;
    }
  return TRUE;
}

gboolean
sobolev_icc_profile_is_srgb (const guint8 *data, gsize length)
{
  static const gchar *const colorant_tags[3] = { "rXYZ", "gXYZ", "bXYZ" };
  static const gchar *const curve_tags[3] = { "rTRC", "gTRC", "bTRC" };
  /* Lookup tables may take precedence over the matrix and curves, even
     ones whose data is damaged.  */
  static const gchar *const table_tags[]
      = { "A2B0", "A2B1", "A2B2", "B2A0", "B2A1", "B2A2" };
  IccBytes icc = { data, length };

  if (!data || length < ICC_HEADER_BYTES + 4)
    return FALSE;
  /* The size the header gives, when it is shorter than the data.  */
  icc.length = MIN (length, icc_u32 (data));
  if (icc.length < ICC_HEADER_BYTES + 4 || memcmp (data + 16, "RGB ", 4) != 0
      || memcmp (data + 20, "XYZ ", 4) != 0)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (table_tags); i++)
    if (icc_tag_entry (&icc, table_tags[i]))
      return FALSE;
  for (guint c = 0; c < 3; c++)
    if (!icc_colorant_is_srgb (&icc, colorant_tags[c], c)
        || !icc_curve_is_srgb (&icc, curve_tags[c]))
      return FALSE;
  return TRUE;
}
