/* sobolev-transfer — the parameter table: defaults, validation, specs.  */
#include "params.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "method.h"
#include "mlp.h"
#include "sobolev-error.h"

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

/* What a fidelity of 0 keeps of the source's lightness, beside
   preserve_lightness; the share falls linearly to none at fidelity 1.
   The guard's gain bound keeps the photo's edges and textures, not its
   tones, and lightness SSIM against the source loses most where the
   tones change (a light photo toward a dark reference): keeping a
   little of them buys more SSIM for the same loss of match than a
   tighter bound alone.  On the dev pairs (sliced flow, bench-quality;
   mean MMD and SSIM-Y): fidelity 0.3 alone 0.0748 and 0.7929, 0.2 alone
   0.0860 and 0.7996; 0.4 with a tenth kept 0.0740 and 0.7960; 0.35
   with a sixth of 0.65 kept (the defaults) 0.0796 and 0.8005.  */
#define FIDELITY_LIGHTNESS (1.0 / 6.0)

gdouble
sobolev_params_lightness_kept (const SobolevParams *params)
{
  const gdouble kept = CLAMP (params->preserve_lightness, 0.0, 1.0);
  const gdouble fidelity = CLAMP (params->fidelity, 0.0, 1.0);

  return kept + (1.0 - kept) * FIDELITY_LIGHTNESS * (1.0 - fidelity);
}

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

gchar *
sobolev_param_choices_text (const SobolevParamSpec *spec,
                            const gchar *separator)
{
  GString *names = g_string_new (NULL);

  for (const SobolevParamChoice *c = spec->choices; c && c->nick; c++)
    g_string_append_printf (names, "%s%s", c == spec->choices ? "" : separator,
                            c->nick);
  return g_string_free (names, FALSE);
}

gchar *
sobolev_param_format (const SobolevParamSpec *spec, gdouble value)
{
  gchar buf[G_ASCII_DTOSTR_BUF_SIZE];

  switch (spec->type)
    {
    case SOBOLEV_PARAM_TYPE_DOUBLE:
      return g_strdup (g_ascii_formatd (buf, sizeof buf, "%g", value));
    case SOBOLEV_PARAM_TYPE_ENUM:
      return g_strdup (sobolev_param_choice_nick (spec, (gint) value));
    case SOBOLEV_PARAM_TYPE_INT:
    default:
      return g_strdup_printf ("%.0f", value);
    }
}

/* The frames of a range and of a help text, marked for translation and
   translated by the caller's function (hosts bind the catalogs).  */
/* TRANSLATORS: a parameter's range, as in "0.005 to 4".  */
static const gchar range_format[] = N_ ("%s to %s");
/* TRANSLATORS: a parameter's help, its range and its default, as in
   "Detail (0.005 to 4, default 0.3)".  */
static const gchar help_format[] = N_ ("%s (%s, default %s)");
/* TRANSLATORS: a parameter's help, its choices and its default, as in
   "How (kernel, neural, sliced; default sliced)".  */
static const gchar choice_help_format[] = N_ ("%s (%s; default %s)");

static const gchar *
param_translate (const gchar *(*translate) (const gchar *), const gchar *text)
{
  return translate ? translate (text) : text;
}

gchar *
sobolev_param_range_text (const SobolevParamSpec *spec,
                          const gchar *(*translate) (const gchar *) )
{
  g_autofree gchar *lo = NULL, *hi = NULL;

  if (spec->type == SOBOLEV_PARAM_TYPE_ENUM)
    return sobolev_param_choices_text (spec, ", ");
  lo = sobolev_param_format (spec, spec->min);
  hi = sobolev_param_format (spec, spec->max);
  return g_strdup_printf (param_translate (translate, range_format), lo, hi);
}

gchar *
sobolev_param_help (const SobolevParamSpec *spec, const gchar *blurb,
                    const gchar *(*translate) (const gchar *) )
{
  g_autofree gchar *range = sobolev_param_range_text (spec, translate);
  g_autofree gchar *def = sobolev_param_format (spec, spec->def);

  return g_strdup_printf (
      param_translate (translate, spec->type == SOBOLEV_PARAM_TYPE_ENUM
                                      ? choice_help_format
                                      : help_format),
      param_translate (translate, blurb), range, def);
}

gchar *
sobolev_params_help_markup (const gchar *(*translate) (const gchar *) )
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < sobolev_n_param_specs; i++)
    {
      const SobolevParamSpec *spec = &sobolev_param_specs[i];
      g_autofree gchar *name = g_markup_escape_text (
          translate ? translate (spec->label) : spec->label, -1);
      g_autofree gchar *blurb = g_markup_escape_text (
          translate ? translate (spec->blurb) : spec->blurb, -1);

      g_string_append_printf (
          text, "<b>%s</b>%s%s%s: %s\n", name, spec->symbol ? " (" : "",
          spec->symbol ? spec->symbol : "", spec->symbol ? ")" : "", blurb);
    }
  return g_string_free (text, FALSE);
}

gchar *
sobolev_params_markdown (void)
{
  GString *s
      = g_string_new ("| name | label | paper | range | default | help |\n"
                      "|---|---|---|---|---|---|\n");

  for (guint i = 0; i < sobolev_n_param_specs; i++)
    {
      const SobolevParamSpec *p = &sobolev_param_specs[i];
      const SobolevMethodClass *owner = sobolev_param_owner (p);
      g_autofree gchar *range = NULL, *def = NULL, *note = NULL;

      if (p->type == SOBOLEV_PARAM_TYPE_ENUM)
        {
          g_autofree gchar *nicks = sobolev_param_choices_text (p, "`, `");

          range = g_strdup_printf ("`%s`", nicks);
          def = g_strdup_printf ("`%s`",
                                 sobolev_param_choice_nick (p, (gint) p->def));
        }
      else
        {
          range = g_strdup_printf ("%.10g – %.10g", p->min, p->max);
          def = g_strdup_printf ("%.10g", p->def);
        }
      if (p->flags & SOBOLEV_PARAM_APPLY_ONLY)
        note = g_strdup (" (applies without a new descent)");
      else if (owner)
        note = g_strdup_printf (" (method `%s` only)", owner->nick);
      g_string_append_printf (s, "| `%s` | %s | %s | %s | %s | %s%s |\n",
                              p->name, p->label, p->symbol ? p->symbol : "",
                              range, def, p->blurb, note ? note : "");
    }
  return g_string_free (s, FALSE);
}

/* Integer ranges wider than this get a logarithmic slider (when they
   start above zero) or a plain number entry (when they do not: a
   seed).  */
#define WIDE_INT_RANGE 1000.0

/* Decimal places that show the smallest useful value of a double.  */
static gint
param_digits (const SobolevParamSpec *spec)
{
  gdouble smallest;

  if (spec->flags & SOBOLEV_PARAM_LOG)
    smallest = MAX (spec->min, spec->def / 100.0);
  else
    smallest = (spec->max - spec->min) / 1000.0;
  if (smallest <= 0.0)
    return 3;
  return CLAMP ((gint) ceil (-log10 (smallest)), 2, 6);
}

SobolevParamControl
sobolev_param_control (const SobolevParamSpec *spec)
{
  gboolean is_int = spec->type == SOBOLEV_PARAM_TYPE_INT;
  gdouble range = spec->max - spec->min;
  SobolevParamControl control = { SOBOLEV_CONTROL_SLIDER, FALSE, 0, 1.0, 1.0 };

  if (spec->type == SOBOLEV_PARAM_TYPE_ENUM)
    control.kind = SOBOLEV_CONTROL_CHOICE;
  else if (is_int && range > WIDE_INT_RANGE && spec->min <= 0.0)
    control.page = 10.0, control.kind = SOBOLEV_CONTROL_NUMBER;
  else if (is_int)
    {
      control.logarithmic
          = (spec->flags & SOBOLEV_PARAM_LOG)
            || (spec->min > 0.0 && spec->max / spec->min >= WIDE_INT_RANGE);
      control.page = MAX (1.0, floor (range / 20.0));
    }
  else
    {
      control.logarithmic = (spec->flags & SOBOLEV_PARAM_LOG) != 0;
      control.digits = param_digits (spec);
      control.step = pow (10.0, -control.digits);
      control.page = control.logarithmic ? control.step * 10.0 : range / 20.0;
    }
  return control;
}

gboolean
sobolev_params_same_descent (const SobolevParams *a, const SobolevParams *b)
{
  for (guint i = 0; i < sobolev_n_param_specs; i++)
    {
      const SobolevParamSpec *spec = &sobolev_param_specs[i];

      if (spec->flags & SOBOLEV_PARAM_APPLY_ONLY)
        continue;
      if (sobolev_params_get (a, spec) != sobolev_params_get (b, spec))
        return FALSE;
    }
  return TRUE;
}

/* A value as a person wrote it: integers in full (2147483647, not
   2.14748e+09), other numbers in the shortest form.  */
static gchar *
param_format_number (gdouble v)
{
  if (isfinite (v) && v == floor (v) && fabs (v) < 1e15)
    return g_strdup_printf ("%.0f", v);
  return g_strdup_printf ("%g", v);
}

static gboolean
param_check_value (const SobolevParamSpec *spec, gdouble v, GError **error)
{
  g_autofree gchar *got = param_format_number (v);

  if (spec->type == SOBOLEV_PARAM_TYPE_ENUM)
    {
      if (!param_choice_valid (spec, (gint) v))
        {
          g_autofree gchar *names = sobolev_param_choices_text (spec, ", ");

          g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_INVALID_ARGUMENT,
                       _ ("%s: %s is not one of the choices (%s)"), spec->name,
                       got, names);
          return FALSE;
        }
      return TRUE;
    }
  if (!isfinite (v) || v < spec->min || v > spec->max)
    {
      g_autofree gchar *min = param_format_number (spec->min);
      g_autofree gchar *max = param_format_number (spec->max);

      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_INVALID_ARGUMENT,
                   _ ("%s must be between %s and %s (got %s)"), spec->name, min,
                   max, got);
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
                   _ ("%s: missing value"), spec->name);
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
          g_autofree gchar *names = sobolev_param_choices_text (spec, ", ");

          g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_INVALID_ARGUMENT,
                       _ ("%s: “%s” is not one of %s"), spec->name, text,
                       names);
        }
      else
        g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_INVALID_ARGUMENT,
                     _ ("%s: “%s” is not a number"), spec->name, text);
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
