/* sobolev-transfer — palette files: GIMP's .gpl text.  */
#ifndef SOBOLEV_PALETTE_FILE_H
#define SOBOLEV_PALETTE_FILE_H

#include <glib.h>

G_BEGIN_DECLS

/* Limits on what a palette file may hold: far above any real palette
   (GIMP's largest bundled one has 256 colors), low enough that a hostile
   file costs little to refuse.  */
#define SOBOLEV_PALETTE_MAX_COLORS 8192
#define SOBOLEV_PALETTE_MAX_BYTES (4 * 1024 * 1024)

/* A palette: n colors, equally weighted.  */
typedef struct
{
  gchar *name;     /* from "Name:", valid UTF-8; NULL when it has none */
  guint columns;   /* from "Columns:" (how GIMP lays it out); 0 if none */
  gsize n;         /* colors */
  gdouble *colors; /* n × 3, encoded sRGB in [0, 1] */
  gchar **names;   /* n names, valid UTF-8 ("" for none); NULL-ended */
} SobolevPalette;

/* Parses GIMP palette text (length bytes, or −1 if NUL-terminated): a
   first line "GIMP Palette", then optional "Name:" and "Columns:" lines,
   comments ('#') and blank lines anywhere, and one color per line, "R G
   B name", R, G, B whole numbers from 0 to 255 (the name may be
   missing).  CRLF line ends and a UTF-8 byte order mark are accepted.
   Refused, with SOBOLEV_ERROR_IO and a message that names the line: a
   missing header, a value that is not a whole number from 0 to 255,
   fewer than three values, a NUL byte, more than
   SOBOLEV_PALETTE_MAX_COLORS colors, more than SOBOLEV_PALETTE_MAX_BYTES
   bytes, and a palette with no color.  A palette of one color parses
   (it is a valid file); a run refuses it (sobolev_palette_check).  */
SobolevPalette *sobolev_palette_from_gpl (const gchar *text, gssize length,
                                          GError **error);

/* Reads a .gpl file: a regular file of at most SOBOLEV_PALETTE_MAX_BYTES
   (checked before it is read), parsed as sobolev_palette_from_gpl does;
   the message starts with the file's name.  */
SobolevPalette *sobolev_palette_load (const gchar *path, GError **error);

void sobolev_palette_free (SobolevPalette *palette);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SobolevPalette, sobolev_palette_free)

G_END_DECLS

#endif
