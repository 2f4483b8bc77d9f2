/* sobolev-transfer — reading and writing image files through GEGL.  */
#ifndef CLI_IMAGE_IO_H
#define CLI_IMAGE_IO_H

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
} CliImage;

/* Sets the limit for the loads that follow (pixels; at least 1).  */
void cli_image_io_set_max_pixels (guint64 max_pixels);
guint64 cli_image_io_get_max_pixels (void);

/* Starts GEGL once per process (safe to call often).  */
void cli_image_io_init (void);

/* Stops GEGL at the end of the process if it was started (GEGL then
   checks for leaks and says so).  */
void cli_image_io_exit (void);

/* Loads a PNG, JPEG, TIFF, WebP, GIF, OpenEXR, RGBE or PPM file through
   GEGL.  Refuses, before decoding, a file whose header claims more pixels
   than the limit, a file cut short (PNG, JPEG, TIFF) and a CMYK JPEG.  */
CliImage *cli_image_load (const gchar *path, GError **error);

/* The number of pixels path's header claims, without decoding it; 0
   when the header does not say or the file cannot be read.  */
guint64 cli_image_peek_pixels (const gchar *path);

/* What a file holds, as its reader says it before the pixels are read.  */
typedef struct
{
  guint width;
  guint height;
  guint bit_depth;
  gboolean has_alpha;
} CliImageInfo;

/* A decoded file whose pixels are read in strips of rows, so that a
   caller never needs them all as floats at once.  */
typedef struct _CliImageReader CliImageReader;

/* Decodes path with the same checks as cli_image_load.  */
CliImageReader *cli_image_reader_open (const gchar *path, GError **error);
const CliImageInfo *cli_image_reader_info (const CliImageReader *reader);

/* Rows y … y + n_rows − 1 as packed float R'G'B'A (width × n_rows × 4).  */
void cli_image_reader_read (CliImageReader *reader, guint y, guint n_rows,
                            gfloat *pixels);
void cli_image_reader_free (CliImageReader *reader);

/* Saves to the format the file name's extension names, at bit_depth (8 or
   16; 32 where the format has float), with alpha if has_alpha.  Writes to
   a temporary file beside path, flushes it to the disk, checks that the
   file is whole and of the image's size, and only then renames it over
   path: path is never left half-written, and a failed write (a full disk)
   leaves it as it was.  Temporary files of earlier runs that were killed
   are removed.  A symbolic link is written through to its file; a
   read-only file or folder is refused (sobolev_safe_file_target).  */
gboolean cli_image_save (const CliImage *image, const gchar *path,
                         GError **error);

/* An image file written strip by strip: what cli_image_save does,
   without the whole image as floats.  new checks path as
   cli_image_save does; write takes rows y … y + n_rows − 1 as packed
   float R'G'B'A (width × n_rows × 4), in any order, each row once;
   commit writes the file (temporary file, flushed, verified, renamed).  */
typedef struct _CliImageWriter CliImageWriter;

CliImageWriter *cli_image_writer_new (const gchar *path, guint width,
                                      guint height, guint bit_depth,
                                      gboolean has_alpha, GError **error);
void cli_image_writer_write (CliImageWriter *writer, guint y, guint n_rows,
                             const gfloat *pixels);
gboolean cli_image_writer_commit (CliImageWriter *writer, GError **error);
void cli_image_writer_free (CliImageWriter *writer);

/* Checks that path can be saved to: a known extension, an existing,
   writable folder, not a folder itself, not a read-only file, not a
   symbolic link to nothing.  cli_image_save checks the
   same; this lets a caller fail before long work.  */
gboolean cli_image_check_save_path (const gchar *path, GError **error);

CliImage *cli_image_new (guint width, guint height);
void cli_image_free (CliImage *image);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CliImage, cli_image_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CliImageReader, cli_image_reader_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CliImageWriter, cli_image_writer_free)

G_END_DECLS

#endif
