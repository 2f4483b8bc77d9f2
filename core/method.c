/* sobolev-transfer — the table of methods.  */
#include "method.h"

#include <string.h>

#define METHOD_CLASS(id, nick, label, klass) [id] = &klass,
static const SobolevMethodClass *const method_table[]
    = { SOBOLEV_METHODS (METHOD_CLASS) };

#define METHOD_CHOICE(id, nick, label, klass) { id, nick, label },
const SobolevParamChoice sobolev_method_choices[] = {
  SOBOLEV_METHODS (METHOD_CHOICE){ 0, NULL, NULL },
};

const SobolevMethodClass *
sobolev_method_get (SobolevMethodId id)
{
  if ((guint) id >= G_N_ELEMENTS (method_table))
    return NULL;
  return method_table[id];
}

const SobolevMethodClass *
sobolev_param_owner (const SobolevParamSpec *spec)
{
  for (guint m = 0; m < G_N_ELEMENTS (method_table); m++)
    for (const gchar *const *name = method_table[m]->own_params; name && *name;
         name++)
      if (strcmp (*name, spec->name) == 0)
        return method_table[m];
  return NULL;
}

void
sobolev_method_corrector_params (SobolevParams *params)
{
  SobolevParams defaults;

  if (params->method == SOBOLEV_METHOD_SLICED)
    return;
  sobolev_params_init (&defaults);
  for (guint i = 0; i < sobolev_n_param_specs; i++)
    {
      const SobolevParamSpec *spec = &sobolev_param_specs[i];

      if (sobolev_param_owner (spec) == &sobolev_sliced_flow_class)
        sobolev_params_set (params, spec, sobolev_params_get (&defaults, spec));
    }
  params->method = SOBOLEV_METHOD_SLICED;
}

static gboolean
method_owns (const SobolevMethodClass *klass, const SobolevParamSpec *spec)
{
  for (const gchar *const *name = klass->own_params; name && *name; name++)
    if (strcmp (*name, spec->name) == 0)
      return TRUE;
  return FALSE;
}

/* A parameter may be shared by a few methods (the Sinkhorn flow and its
   learned field): it applies to each that lists it.  */
gboolean
sobolev_param_applies (const SobolevParamSpec *spec, gint method)
{
  const SobolevMethodClass *klass = sobolev_method_get (method);

  return sobolev_param_owner (spec) == NULL
         || (klass != NULL && method_owns (klass, spec));
}
