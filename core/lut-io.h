/* sobolev-transfer — LUT files: .cube text and HALD CLUT images.  */
#ifndef SOBOLEV_LUT_IO_H
#define SOBOLEV_LUT_IO_H

#include <glib.h>
#include "lut.h"

G_BEGIN_DECLS

/* .cube sizes this project reads and writes (Adobe's limits).  */
#define SOBOLEV_CUBE_MIN_SIZE 2
#define SOBOLEV_CUBE_MAX_SIZE 256

/* HALD CLUT levels: an image of level³ × level³ pixels holding a LUT of
   level² nodes per side.  Level 8 (512 × 512, 64 nodes) is the usual.  */
#define SOBOLEV_HALD_MIN_LEVEL 2
#define SOBOLEV_HALD_MAX_LEVEL 16
#define SOBOLEV_HALD_DEFAULT_LEVEL 8

/* The .cube text of lut (Adobe Cube 1.0: TITLE, LUT_3D_SIZE, DOMAIN_MIN,
   DOMAIN_MAX, then one "r g b" line per node, red fastest).  Values are
   written with enough digits that reading them back gives the same
   floats.  title may be NULL.  */
gchar *sobolev_lut_to_cube (const SobolevLut *lut, const gchar *title);

/* Parses .cube text (length bytes, or −1 if NUL-terminated).  Accepts
   comments, blank lines, CRLF, TITLE and unknown keywords before the
   data; rejects 1-D LUTs, domains other than 0 … 1, sizes outside
   SOBOLEV_CUBE_MIN_SIZE … SOBOLEV_CUBE_MAX_SIZE, non-finite values and a
   node count other than size³.  Messages name the line.  The table is
   allocated only when the text is long enough to hold it, so a short
   hostile text costs no more memory than its length.  */
SobolevLut *sobolev_lut_from_cube (const gchar *text, gssize length,
                                   GError **error);

/* Writes lut to path as .cube through a temporary file and a rename, so
   path is never left half-written (sobolev_safe_file_write: a symbolic
   link is written through, a read-only file is refused).  */
gboolean sobolev_lut_save_cube (const SobolevLut *lut, const gchar *path,
                                const gchar *title, GError **error);

/* Reads a .cube file.  */
SobolevLut *sobolev_lut_load_cube (const gchar *path, GError **error);

/* A copy of lut with size nodes per side, its values evaluated by
   tetrahedral interpolation (an exact copy when the sizes agree).  */
SobolevLut *sobolev_lut_resample (const SobolevLut *lut, guint size,
                                  GError **error);

/* The HALD CLUT image of lut at level: level³ × level³ packed float RGB
   pixels in [0, 1] (pixel i holds node i of the level²-node LUT, red
   fastest).  *side receives level³.  */
gfloat *sobolev_lut_to_hald (const SobolevLut *lut, guint level, guint *side,
                             GError **error);

/* The LUT a HALD CLUT image holds: width = height = level³ pixels of
   channels (3 or 4, alpha ignored) floats, packed.  */
SobolevLut *sobolev_lut_from_hald (const gfloat *pixels, guint channels,
                                   guint width, guint height, GError **error);

G_END_DECLS

#endif
