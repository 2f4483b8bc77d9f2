/* sobolev-transfer — the interface every transport method implements.  */
#ifndef SOBOLEV_METHOD_H
#define SOBOLEV_METHOD_H

#include <glib.h>
#include "cloud.h"
#include "params.h"

G_BEGIN_DECLS

/* The methods, one line each: id, the nick that PDB, Script-Fu and the
   command line use, the label a person reads, and the class (in the
   method's own file).  The order is the "method" parameter's, the first
   its default.  Adding a method is its file and a line here.  */
#define SOBOLEV_METHODS(METHOD)                                                \
  METHOD (SOBOLEV_METHOD_KERNEL, "kernel", N_ ("Kernel Sobolev descent"),      \
          sobolev_kernel_descent_class)                                        \
  METHOD (SOBOLEV_METHOD_NEURAL, "neural", N_ ("Neural Sobolev descent"),      \
          sobolev_neural_descent_class)                                        \
  METHOD (SOBOLEV_METHOD_SLICED, "sliced", N_ ("Sliced-Wasserstein flow"),     \
          sobolev_sliced_flow_class)                                           \
  METHOD (SOBOLEV_METHOD_SINKHORN, "sinkhorn",                                 \
          N_ ("Sinkhorn-divergence flow"), sobolev_sinkhorn_flow_class)        \
  METHOD (SOBOLEV_METHOD_NSGF, "nsgf", N_ ("Neural Sinkhorn gradient flow"),   \
          sobolev_nsgf_class)                                                  \
  METHOD (SOBOLEV_METHOD_PALETTE, "palette",                                   \
          N_ ("Entropic transport to a palette"), sobolev_palette_flow_class)

#define SOBOLEV_METHOD_ID(id, nick, label, klass) id,
typedef enum
{
  SOBOLEV_METHODS (SOBOLEV_METHOD_ID) SOBOLEV_N_METHODS
} SobolevMethodId;
#undef SOBOLEV_METHOD_ID

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

  /* The parameters that only this method uses (names in the table,
     NULL-terminated); every other method leaves them alone.  */
  const gchar *const *own_params;
  /* TRUE when the refinement passes (transfer.c) run this method too:
     its result is meant to be made of the target's own colors, as a
     palette's is, and another flow would leave them.  Otherwise they run
     the sliced-Wasserstein flow, the construction's corrector.  */
  gboolean refines_itself;

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

#define SOBOLEV_METHOD_CLASS(id, nick, label, klass)                           \
  extern const SobolevMethodClass klass;
SOBOLEV_METHODS (SOBOLEV_METHOD_CLASS)
#undef SOBOLEV_METHOD_CLASS

/* Turns params (a run's) into those of the map construction's corrector,
   the sliced-Wasserstein flow: the method becomes the sliced flow, and
   unless it was the sliced flow already, its own parameters take the
   table's defaults, so that no method's result depends on parameters
   that apply only to another.  */
void sobolev_method_corrector_params (SobolevParams *params);

/* Whether the parameter matters for the method: FALSE for one that
   other methods own and this one does not list.  */
gboolean sobolev_param_applies (const SobolevParamSpec *spec, gint method);

/* The method that owns the parameter, or NULL for one every method
   uses.  */
const SobolevMethodClass *sobolev_param_owner (const SobolevParamSpec *spec);

G_END_DECLS

#endif
