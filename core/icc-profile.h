/* sobolev-transfer — what an ICC profile's own bytes say about the color
   space it describes, read without a color engine.  A host that must
   decide something before babl starts (whether babl needs its cache of
   conversions) cannot ask babl.  */
#ifndef SOBOLEV_ICC_PROFILE_H
#define SOBOLEV_ICC_PROFILE_H

#include <glib.h>

G_BEGIN_DECLS

/* TRUE when the ICC profile in icc (length bytes) is an RGB matrix/TRC
   profile whose colorants and tone curves are sRGB's, tables within half
   the tolerance babl allows when it maps such a profile to its built-in
   sRGB space: a photo carrying it has babl's sRGB formats.  FALSE for
   any other space, for forms babl may read otherwise (parametric curves,
   lookup-table profiles), and for damaged data.  */
gboolean sobolev_icc_profile_is_srgb (const guint8 *icc, gsize length);

G_END_DECLS

#endif
