/* sobolev-transfer — the core library, host-free.  Include this.  */
#ifndef SOBOLEV_H
#define SOBOLEV_H

#include "sobolev-error.h"
#include "i18n.h"
#include "cloud.h"
#include "histogram.h"
#include "colorspace.h"
#include "params.h"
#include "param-options.h"
#include "rff.h"
#include "method.h"
#include "kernel-descent.h"
#include "sliced-flow.h"
#include "sinkhorn-flow.h"
#include "semidiscrete.h"
#include "palette-file.h"
#include "color-summary.h"
#include "flow.h"
#include "lut.h"
#include "lut-bake.h"
#include "edge-guard.h"
#include "lut-io.h"
#include "safe-file.h"
#include "text-lines.h"
#include "metrics.h"
#include "transfer.h"
#include "recolor.h"
#include "morph.h"
#include "chroma-points.h"
#include "live-recolor.h"

#endif
