/* sobolev-transfer — the core library, host-free.  Include this.  */
#ifndef SOBOLEV_H
#define SOBOLEV_H

#include "sobolev-error.h"
#include "cloud.h"
#include "histogram.h"
#include "colorspace.h"
#include "params.h"
#include "rff.h"
#include "method.h"
#include "kernel-descent.h"
#include "flow.h"
#include "lut.h"
#include "lut-bake.h"
#include "map-gain.h"
#include "lut-io.h"
#include "metrics.h"
#include "transfer.h"

#endif
