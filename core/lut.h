/* sobolev-transfer — 3-D lookup tables: the transport map, and applying it.  */
#ifndef SOBOLEV_LUT_H
#define SOBOLEV_LUT_H

#include <glib.h>
#include "histogram.h"

G_BEGIN_DECLS

/* A size³ lattice over encoded sRGB [0, 1]³ holding output colors.  Node
   (r, g, b) is data[((b × size + g) × size + r) × 3 + c]: red varies
   fastest, as in .cube files.  data holds one float more than the nodes
   (zero): every LUT is made by sobolev_lut_new_identity or
   sobolev_lut_copy, which allocate it.  */
typedef struct _SobolevLutRefine SobolevLutRefine;

typedef struct
{
  guint size;
  gfloat *data;
  /* How a cleaned-up result of this map can be brought closer to what
     the map aimed at (NULL: it cannot); see sobolev_lut_set_refine.  */
  SobolevLutRefine *refine;
} SobolevLut;

/* A second map for colors a first one's result was moved to: given the
   width × height colors (encoded sRGB, packed RGB floats) and their
   weights, a LUT that carries them to the first map's target, or NULL.
   Called from any thread.  */
typedef SobolevLut *(*SobolevLutRefineFunc) (gpointer data,
                                             const gfloat *colors,
                                             const gfloat *weights, guint width,
                                             guint height);

/* Attaches to lut a way to refine a cleaned-up result (an edge guard
   calls it after cleaning; see edge-guard.h): func with data, freed by
   destroy when the last copy of lut is.  Copies of lut share it.  */
void sobolev_lut_set_refine (SobolevLut *lut, SobolevLutRefineFunc func,
                             gpointer data, GDestroyNotify destroy);

/* The second map for colors (see SobolevLutRefineFunc), or NULL when
   lut has no way to refine.  */
SobolevLut *sobolev_lut_refine (const SobolevLut *lut, const gfloat *colors,
                                const gfloat *weights, guint width,
                                guint height);

/* The identity LUT of size² nodes per side (size ≥ 2).  */
SobolevLut *sobolev_lut_new_identity (guint size, GError **error);
SobolevLut *sobolev_lut_copy (const SobolevLut *lut);
void sobolev_lut_free (SobolevLut *lut);

/* out = (1 − t) a + t b, node by node (same sizes).  */
void sobolev_lut_mix (const SobolevLut *a, const SobolevLut *b, gdouble t,
                      SobolevLut *out);

/* The map x ↦ outer (inner (x)), node by node, clamped to [0, 1]: a new
   LUT of inner's size.  */
SobolevLut *sobolev_lut_compose (const SobolevLut *outer,
                                 const SobolevLut *inner);

/* n colors (encoded sRGB, packed RGB) sent through the LUT into out
   (which may be in), on n_threads threads (0: one per processor).  */
void sobolev_lut_eval_points (const SobolevLut *lut, const gdouble *in,
                              gdouble *out, gsize n, guint n_threads);

/* A copy of a 3-D cloud with every point sent through the LUT, weights
   kept.  */
SobolevCloud *sobolev_lut_map_cloud (const SobolevLut *lut,
                                     const SobolevCloud *cloud);

/* Mixes each node's lightness back toward its input's (Oklab L) by
   amount ∈ [0, 1], keeping the node's hue and chroma.  Because the LUT is
   a function of the input color, this is exactly per-pixel lightness
   preservation at no per-pixel cost.  */
void sobolev_lut_preserve_lightness (SobolevLut *lut, gdouble amount);

/* A saved look (a LUT read from a file) applied part way, as the dialog's
   Strength and Preserve lightness apply a transport's map: mixed node by
   node with the identity at strength (0 the identity, 1 lut itself), then
   preserve_lightness of each input's lightness kept.  A new LUT of lut's
   size; at strength 1 and no lightness kept, a copy of lut.  */
SobolevLut *sobolev_lut_look_at (const SobolevLut *lut, gdouble strength,
                                 gdouble preserve_lightness);

/* Tetrahedral interpolation at one color.  Inputs outside [0, 1] are
   clamped to the cube and the excess is added back to the output, so the
   map's displacement at the border carries on outside it (float layers
   keep their over-range values); a NaN component passes through as NaN. */
void sobolev_lut_eval (const SobolevLut *lut, const gfloat in[3],
                       gfloat out[3]);

/* Applies the LUT to width × height pixels of channels (3 or 4; alpha is
   copied) components of type, rows `stride` bytes apart (in and out may
   be the same buffer, with the same strides).  mask, if not NULL, is
   width × height coverages in [0, 1]: out = in + mask (LUT(in) − in).
   Rows are shared among n_threads threads (0: one per processor).
   Integer outputs are rounded and clamped.  */
void sobolev_lut_apply (const SobolevLut *lut, SobolevPixelType type,
                        guint channels, const void *in, gsize in_stride,
                        void *out, gsize out_stride, guint width, guint height,
                        const gfloat *mask, guint n_threads);

/* A LUT prepared for applying many times (nodes padded for SIMD loads,
   tables for 8-bit input).  It reads the LUT when made: make a new one
   after changing the LUT.  Hosts that apply in strips or tiles make one
   and use it for all of them.  */
typedef struct _SobolevLutApplier SobolevLutApplier;

SobolevLutApplier *sobolev_lut_applier_new (const SobolevLut *lut);
void sobolev_lut_applier_free (SobolevLutApplier *applier);

/* sobolev_lut_apply with a prepared LUT.  */
void sobolev_lut_applier_apply (const SobolevLutApplier *applier,
                                SobolevPixelType type, guint channels,
                                const void *in, gsize in_stride, void *out,
                                gsize out_stride, guint width, guint height,
                                const gfloat *mask, guint n_threads);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SobolevLut, sobolev_lut_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SobolevLutApplier, sobolev_lut_applier_free)

G_END_DECLS

#endif
