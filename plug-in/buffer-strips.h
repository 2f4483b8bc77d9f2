/* sobolev-transfer — a layer's GEGL buffer in and out of a recoloring,
   in strips.

   What both GIMP hosts (2.10 and 3) do with a layer's pixels once they
   hold its buffers: read a rectangle in strips of whole tile rows into
   a recoloring (each pixel weighing alpha × the selection's coverage),
   and write it back through the LUT and the edge guard into a shadow
   buffer, strip by strip.  A 100-megapixel float layer never sits in
   memory whole unless it fits the keep limit.  No libgimp call: each
   host gets the buffers, checks the layer, merges the shadow and says
   what went wrong in its own words.  */
#ifndef PLUG_IN_BUFFER_STRIPS_H
#define PLUG_IN_BUFFER_STRIPS_H

#include <gegl.h>
#include "layer-rules.h"
#include "sobolev.h"

G_BEGIN_DECLS

/* Progress of a long read or write, fraction in [0, 1].  */
typedef void (*PlugInProgress) (gdouble fraction, gpointer user_data);

/* The selection that weighs a read: its buffer and where the layer's
   origin lies in it (the layer's offsets in the image).  */
typedef struct
{
  GeglBuffer *buffer;
  gint x, y;
} PlugInSelection;

/* A rectangle of a layer being read, and then written back.  */
typedef struct _PlugInStrips PlugInStrips;

/* Opens rect of a layer's buffer (buffer coordinates), moved in
   format.  keep asks to keep its pixels between reading and writing
   when they take at most the keep limit (768 MB; SOBOLEV_KEEP_BYTES
   overrides it, 0 makes every run stream): then the layer is read once;
   the result is the same either way.  masked says that a selection will
   weigh the read.  NULL (SOBOLEV_ERROR_NUMERICAL) when memory runs
   out.  */
PlugInStrips *plug_in_strips_new (const GeglRectangle *rect,
                                  PlugInPixelFormat format, gboolean keep,
                                  gboolean masked, GError **error);

/* Reads the rectangle of buffer into input of recolor, strip by strip,
   each pixel weighing its alpha times selection's coverage (selection
   NULL: alpha only; not NULL only when opened masked), and ends that
   input.  progress may be NULL.  The core's error
   (SOBOLEV_ERROR_EMPTY_CLOUD when nothing weighs) is passed on as it
   is, for the host to word.  */
gboolean plug_in_strips_read (PlugInStrips *strips, GeglBuffer *buffer,
                              const PlugInSelection *selection,
                              SobolevRecolor *recolor,
                              SobolevRecolorInput input,
                              PlugInProgress progress, gpointer user_data,
                              GError **error);

/* The rectangle read, in buffer coordinates.  */
const GeglRectangle *plug_in_strips_rect (const PlugInStrips *strips);

/* Maps the rectangle's pixels (those kept, else read again from
   buffer) through lut and the edge guard at gain (0: the plain LUT),
   alpha kept, into the same rectangle of shadow.  The guard sees every
   strip before the first is written.  Kept pixels are overwritten: call
   it once.  progress may be NULL.  */
void plug_in_strips_write (PlugInStrips *strips, GeglBuffer *buffer,
                           GeglBuffer *shadow, const SobolevLut *lut,
                           gdouble gain, PlugInProgress progress,
                           gpointer user_data);

void plug_in_strips_free (PlugInStrips *strips);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlugInStrips, plug_in_strips_free)

G_END_DECLS

#endif
