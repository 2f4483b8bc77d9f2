/* sobolev-transfer — bounding the local gain of a color map.  */
#ifndef SOBOLEV_MAP_GAIN_H
#define SOBOLEV_MAP_GAIN_H

#include <glib.h>
#include "cloud.h"
#include "lut.h"

G_BEGIN_DECLS

/* Makes lut at most gain-Lipschitz in CIELAB where the source's colors
   are: for every two neighboring nodes a, b near a source color,
   |lut(a) − lut(b)| ≤ gain |a − b| (ΔE), so the map cannot amplify a
   local color difference more than gain× and paint an edge the source
   does not have.  Violating node pairs are pulled toward each other,
   the node with less source mass moving more, so the match where the
   pixels are is kept as far as the bound allows.  Nodes far from every
   source color are left as they are; a gain of 0 or below leaves the
   whole LUT alone.  source: encoded sRGB points and weights.  */
void sobolev_map_bound_gain (SobolevLut *lut, const SobolevCloud *source,
                             gdouble gain);

/* The gain bound a fidelity in [0, 1] asks for: 1 / (1 − fidelity), so
   0 allows no amplification at all, 0.5 twice, and 1 none of the bound
   (returns 0).  */
gdouble sobolev_fidelity_gain (gdouble fidelity);

G_END_DECLS

#endif
