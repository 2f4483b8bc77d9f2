/* sobolev-transfer — reading and writing image files through GEGL.  */
#ifndef SOBOLEV_IMAGE_IO_H
#define SOBOLEV_IMAGE_IO_H

#include <glib.h>

G_BEGIN_DECLS

/* An image as packed float R'G'B'A (encoded sRGB, straight alpha).  */
typedef struct
{
  guint width;
  guint height;
  gfloat *pixels;  /* width × height × 4 */
  guint bit_depth; /* of the file: 8, 16 or 32 */
  gboolean has_alpha;
} SobolevImage;

/* Starts GEGL once per process (safe to call often).  */
void sobolev_image_io_init (void);

/* Stops GEGL at the end of the process if it was started (GEGL then
   checks for leaks and says so).  */
void sobolev_image_io_exit (void);

/* Loads any file GEGL can load.  */
SobolevImage *sobolev_image_load (const gchar *path, GError **error);

/* Saves to the format the file name's extension names, at bit_depth (8 or
   16; 32 where the format has float), with alpha if has_alpha.  Writes to
   a temporary file beside path and renames it, so path is never left
   half-written.  */
gboolean sobolev_image_save (const SobolevImage *image, const gchar *path,
                             GError **error);

/* Checks that path can be saved to: a known extension, an existing,
   writable folder, not a folder itself.  sobolev_image_save checks the
   same; this lets a caller fail before long work.  */
gboolean sobolev_image_check_save_path (const gchar *path, GError **error);

SobolevImage *sobolev_image_new (guint width, guint height);
void sobolev_image_free (SobolevImage *image);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SobolevImage, sobolev_image_free)

G_END_DECLS

#endif
