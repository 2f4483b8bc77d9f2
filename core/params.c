/* sobolev-transfer — the parameter table: defaults, validation, specs.  */
#include "params.h"

#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "neural-descent.h"
#include "sobolev-error.h"

const SobolevParamChoice sobolev_method_choices[] = {
  { SOBOLEV_METHOD_KERNEL, "kernel", N_ ("Kernel Sobolev descent") },
  { SOBOLEV_METHOD_NEURAL, "neural", N_ ("Neural Sobolev descent") },
  { SOBOLEV_METHOD_SLICED, "sliced", N_ ("Sliced-Wasserstein flow") },
  { SOBOLEV_METHOD_SINKHORN, "sinkhorn", N_ ("Sinkhorn-divergence flow") },
  { SOBOLEV_METHOD_NSGF, "nsgf", N_ ("Neural Sinkhorn gradient flow") },
  { SOBOLEV_METHOD_PALETTE, "palette", N_ ("Entropic transport to a palette") },
  { 0, NULL, NULL },
};

const SobolevParamChoice sobolev_space_choices[] = {
  { SOBOLEV_SPACE_SRGB, "srgb", N_ ("sRGB (encoded)") },
  { SOBOLEV_SPACE_LINEAR_RGB, "linear", N_ ("Linear RGB") },
  { SOBOLEV_SPACE_CIELAB, "cielab", N_ ("CIELAB") },
  { SOBOLEV_SPACE_OKLAB, "oklab", N_ ("Oklab") },
  { 0, NULL, NULL },
};

const SobolevParamChoice sobolev_map_choices[] = {
  { SOBOLEV_MAP_SPLAT, "splat", N_ ("Splat the particles' moves") },
  { SOBOLEV_MAP_PASSENGERS, "passengers", N_ ("Move the LUT nodes") },
  { 0, NULL, NULL },
};

/* Neural Sobolev descent's enums (mlp.h, neural-descent.h); the table
   gives their defaults as 0, the first choice here.  */
static const SobolevParamChoice sobolev_activation_choices[] = {
  { SOBOLEV_ACTIVATION_TANH, "tanh", N_ ("tanh") },
  { SOBOLEV_ACTIVATION_SOFTPLUS, "softplus", N_ ("softplus") },
  { 0, NULL, NULL },
};

static const SobolevParamChoice sobolev_penalty_choices[] = {
  { SOBOLEV_PENALTY_MIXTURE, "mixture", N_ ("Source and reference") },
  { SOBOLEV_PENALTY_SOURCE, "source", N_ ("Source only") },
  { 0, NULL, NULL },
};

static const SobolevParamChoice sobolev_step_rule_choices[] = {
  { SOBOLEV_NEURAL_STEP_SOBOLEV, "sobolev", N_ ("Scaled by the distance") },
  { SOBOLEV_NEURAL_STEP_UNIT, "unit", N_ ("Unit mean step") },
  { SOBOLEV_NEURAL_STEP_PLAIN, "plain", N_ ("Plain gradient (paper)") },
  { 0, NULL, NULL },
};

#define SPEC_INT(f, nm, lb, sym, bl, mn, mx, df, fl)                           \
  { nm, lb, sym, bl,   SOBOLEV_PARAM_TYPE_INT,     mn,                         \
    mx, df, fl,  NULL, offsetof (SobolevParams, f) },
#define SPEC_DOUBLE(f, nm, lb, sym, bl, mn, mx, df, fl)                        \
  { nm, lb, sym, bl,   SOBOLEV_PARAM_TYPE_DOUBLE,  mn,                         \
    mx, df, fl,  NULL, offsetof (SobolevParams, f) },
#define SPEC_ENUM(f, nm, lb, sym, bl, df, fl, ch)                              \
  { nm, lb, sym, bl, SOBOLEV_PARAM_TYPE_ENUM,    0,                            \
    0,  df, fl,  ch, offsetof (SobolevParams, f) },

const SobolevParamSpec sobolev_param_specs[]
    = { SOBOLEV_PARAM_TABLE (SPEC_INT, SPEC_DOUBLE, SPEC_ENUM) };

const guint sobolev_n_param_specs = G_N_ELEMENTS (sobolev_param_specs);

void
sobolev_params_init (SobolevParams *params)
{
  memset (params, 0, sizeof *params);
  for (guint i = 0; i < sobolev_n_param_specs; i++)
    sobolev_params_set (params, &sobolev_param_specs[i],
                        sobolev_param_specs[i].def);
}

gdouble
sobolev_params_get (const SobolevParams *params, const SobolevParamSpec *spec)
{
  const guint8 *base = (const guint8 *) params + spec->offset;

  if (spec->type == SOBOLEV_PARAM_TYPE_DOUBLE)
    return *(const gdouble *) base;
  return *(const gint *) base;
}

void
sobolev_params_set (SobolevParams *params, const SobolevParamSpec *spec,
                    gdouble value)
{
  guint8 *base = (guint8 *) params + spec->offset;

  if (spec->type == SOBOLEV_PARAM_TYPE_DOUBLE)
    *(gdouble *) base = value;
  else
    *(gint *) base = (gint) lround (value);
}

static gboolean
param_choice_valid (const SobolevParamSpec *spec, gint value)
{
  return sobolev_param_choice_nick (spec, value) != NULL;
}

gboolean
sobolev_param_applies (const SobolevParamSpec *spec, gint method)
{
  if (spec->flags & SOBOLEV_PARAM_KERNEL)
    return method == SOBOLEV_METHOD_KERNEL;
  if (spec->flags & SOBOLEV_PARAM_NEURAL)
    return method == SOBOLEV_METHOD_NEURAL;
  if (spec->flags & SOBOLEV_PARAM_SLICED)
    return method == SOBOLEV_METHOD_SLICED;
  if (spec->flags & SOBOLEV_PARAM_SINKHORN)
    return method == SOBOLEV_METHOD_SINKHORN || method == SOBOLEV_METHOD_NSGF;
  if (spec->flags & SOBOLEV_PARAM_PALETTE)
    return method == SOBOLEV_METHOD_PALETTE;
  return TRUE;
}

const gchar *
sobolev_param_choice_nick (const SobolevParamSpec *spec, gint value)
{
  if (spec->choices == NULL)
    return NULL;
  for (const SobolevParamChoice *c = spec->choices; c->nick; c++)
    if (c->value == value)
      return c->nick;
  return NULL;
}

/* "kernel, neural": the nicks of an enum, for messages.  */
static gchar *
param_choice_list (const SobolevParamSpec *spec)
{
  GString *names = g_string_new (NULL);

  for (const SobolevParamChoice *c = spec->choices; c->nick; c++)
    g_string_append_printf (names, "%s%s", names->len ? ", " : "", c->nick);
  return g_string_free (names, FALSE);
}

static gboolean
param_check_value (const SobolevParamSpec *spec, gdouble v, GError **error)
{
  if (spec->type == SOBOLEV_PARAM_TYPE_ENUM)
    {
      if (!param_choice_valid (spec, (gint) v))
        {
          g_autofree gchar *names = param_choice_list (spec);

          g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_INVALID_ARGUMENT,
                       "%s: %g is not one of the choices (%s)", spec->name, v,
                       names);
          return FALSE;
        }
      return TRUE;
    }
  if (!isfinite (v) || v < spec->min || v > spec->max)
    {
      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_INVALID_ARGUMENT,
                   "%s must be between %g and %g (got %g)", spec->name,
                   spec->min, spec->max, v);
      return FALSE;
    }
  return TRUE;
}

gboolean
sobolev_params_validate (const SobolevParams *params, GError **error)
{
  for (guint i = 0; i < sobolev_n_param_specs; i++)
    {
      const SobolevParamSpec *spec = &sobolev_param_specs[i];

      if (!param_check_value (spec, sobolev_params_get (params, spec), error))
        return FALSE;
    }
  return TRUE;
}

const SobolevParamSpec *
sobolev_param_spec_find (const gchar *name)
{
  g_autofree gchar *dashed = NULL;

  if (name == NULL)
    return NULL;
  dashed = g_strdelimit (g_strdup (name), "_", '-');
  for (guint i = 0; i < sobolev_n_param_specs; i++)
    if (strcmp (sobolev_param_specs[i].name, dashed) == 0)
      return &sobolev_param_specs[i];
  return NULL;
}

gboolean
sobolev_params_set_from_string (SobolevParams *params,
                                const SobolevParamSpec *spec, const gchar *text,
                                GError **error)
{
  gchar *end = NULL;
  gdouble v;

  if (text == NULL || *text == '\0')
    {
      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_INVALID_ARGUMENT,
                   "%s: missing value", spec->name);
      return FALSE;
    }
  if (spec->type == SOBOLEV_PARAM_TYPE_ENUM)
    for (const SobolevParamChoice *c = spec->choices; c->nick; c++)
      if (g_ascii_strcasecmp (c->nick, text) == 0)
        {
          sobolev_params_set (params, spec, c->value);
          return TRUE;
        }
  v = g_ascii_strtod (text, &end);
  if (end == text || *end != '\0')
    {
      if (spec->type == SOBOLEV_PARAM_TYPE_ENUM)
        {
          g_autofree gchar *names = param_choice_list (spec);

          g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_INVALID_ARGUMENT,
                       "%s: “%s” is not one of %s", spec->name, text, names);
        }
      else
        g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_INVALID_ARGUMENT,
                     "%s: “%s” is not a number", spec->name, text);
      return FALSE;
    }
  if (spec->type != SOBOLEV_PARAM_TYPE_DOUBLE && v != floor (v))
    {
      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_INVALID_ARGUMENT,
                   "%s: “%s” is not a whole number", spec->name, text);
      return FALSE;
    }
  if (!param_check_value (spec, v, error))
    return FALSE;
  sobolev_params_set (params, spec, v);
  return TRUE;
}
