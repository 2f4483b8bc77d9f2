/* sobolev-transfer — the interface every transport method implements.  */
#ifndef SOBOLEV_METHOD_H
#define SOBOLEV_METHOD_H

#include <glib.h>
#include "cloud.h"
#include "params.h"

G_BEGIN_DECLS

/* A method computes, from the current particles q and the fixed target p,
   a displacement field that can be evaluated at any point (so zero-weight
   passengers can ride it).  The flow engine (flow.h) calls, for each step
   ℓ = 0 … L−1: fit (current particles), then displacement (at the
   particles, and at the passengers), then moves every point.  Clouds are
   in the working space, of any dimension.  */
typedef struct
{
  SobolevMethodId id;
  const gchar *nick;

  /* Prepares a method for transporting toward target.  Parameters have
     been validated.  */
  gpointer (*create) (const SobolevParams *params, const SobolevCloud *target,
                      GError **error);

  /* Fits the field to the current particles for step `step` of n_steps.  */
  gboolean (*fit) (gpointer state, const SobolevCloud *current, guint step,
                   guint n_steps, GError **error);

  /* The displacement of this step (already scaled by the step size) at n
     points (n × dim), written to out (n × dim).  May be called several
     times after one fit; must not change the fitted field.  */
  void (*displacement) (gpointer state, const gdouble *points, gsize n,
                        gdouble *out);

  void (*destroy) (gpointer state);
} SobolevMethodClass;

/* The class of a method id, or NULL if the id is unknown.  */
const SobolevMethodClass *sobolev_method_get (SobolevMethodId id);

/* The methods, one per file.  */
extern const SobolevMethodClass sobolev_kernel_descent_class;
extern const SobolevMethodClass sobolev_neural_descent_class;
extern const SobolevMethodClass sobolev_sliced_flow_class;
extern const SobolevMethodClass sobolev_sinkhorn_flow_class;
extern const SobolevMethodClass sobolev_nsgf_class;
extern const SobolevMethodClass sobolev_palette_flow_class;

G_END_DECLS

#endif
