/* sobolev-transfer — every user parameter, described once.

   SOBOLEV_PARAM_TABLE lists the parameters.  From it come the C struct
   (SobolevParams), the defaults, the validation, and the table of specs
   (sobolev_param_specs) that the plug-in's PDB arguments, the dialog's
   widgets, the command line's options and the README's table are made
   from.  Add a parameter here and it shows up everywhere.

   Each row: KIND (field, "name", label, paper symbol, blurb, min, max,
   default, flags[, choices]).  Names use '-' as PDB and the CLI want;
   labels and blurbs are marked for translation with N_ and translated by
   the hosts.  */
#ifndef SOBOLEV_PARAMS_H
#define SOBOLEV_PARAMS_H

#include <glib.h>
#include "colorspace.h"

G_BEGIN_DECLS

#ifndef N_
/* Spelled exactly as GLib spells it, so either may come first.  */
#define N_(String) (String)
#endif

typedef enum
{
  SOBOLEV_MAP_SPLAT,     /* particles' displacements splatted on the grid */
  SOBOLEV_MAP_PASSENGERS /* LUT nodes advected by the field */
} SobolevMapMode;

/* Flags of a parameter.  */
enum
{
  SOBOLEV_PARAM_BASIC = 0,      /* shown in the dialog's main area */
  SOBOLEV_PARAM_ADVANCED = 1,   /* shown in the dialog's expander */
  SOBOLEV_PARAM_LOG = 2,        /* a slider on it should be logarithmic */
  SOBOLEV_PARAM_APPLY_ONLY = 4, /* changes the result without a new descent */
  SOBOLEV_PARAM_PERCENT = 8     /* a fraction the dialog shows in percent */
};

/* clang-format off */
#define SOBOLEV_PARAM_TABLE(INT, DOUBLE, ENUM)                                \
  ENUM (method, "method", N_("Method"), NULL,                                 \
        N_("How the colors are transported: kernel Sobolev descent (random " \
         "Fourier features), neural Sobolev descent (an MLP critic), the " \
           "sliced-Wasserstein flow, the Sinkhorn-divergence flow, its "     \
           "learned field (NSGF), or entropic transport to the "             \
           "reference's colors as a palette"),                               \
        SOBOLEV_METHOD_SLICED, SOBOLEV_PARAM_ADVANCED, sobolev_method_choices) \
  DOUBLE (strength, "strength", N_("Strength"), "t",                          \
          N_("Fraction of the transport path travelled: 0 leaves the "       \
             "colors, 1 goes all the way to the reference"),                 \
          0.0, 1.0, 1.0,                                                        \
          SOBOLEV_PARAM_BASIC | SOBOLEV_PARAM_APPLY_ONLY | SOBOLEV_PARAM_PERCENT)      \
  DOUBLE (preserve_lightness, "preserve-lightness",                           \
          N_("Preserve lightness"), NULL,                                     \
          N_("How much of the original lightness to keep (Oklab L); 0 "     \
             "takes the reference's as far as Fidelity does, 1 keeps the "   \
             "source's"),                                                     \
          0.0, 1.0, 0.0,                                                        \
          SOBOLEV_PARAM_BASIC | SOBOLEV_PARAM_APPLY_ONLY | SOBOLEV_PARAM_PERCENT)      \
  DOUBLE (fidelity, "fidelity", N_("Fidelity"), NULL,                         \
          N_("How closely the colors follow the reference: lower values "   \
             "keep the result clean (no color fringes, blotches or "        \
             "grain the photo does not have) and keep a little of its "     \
             "lightness, 1 follows the reference whatever it does to the "   \
             "photo's edges and tones"),                                     \
          0.0, 1.0, 0.35,                                                       \
          SOBOLEV_PARAM_BASIC | SOBOLEV_PARAM_APPLY_ONLY | SOBOLEV_PARAM_PERCENT)      \
  DOUBLE (smoothness, "smoothness", N_("Smoothness"), "λ",                    \
          N_("Tikhonov regularization of the critic: larger values make "    \
             "the transport path smoother and less detailed"),               \
          1e-8, 10.0, 1e-2, SOBOLEV_PARAM_ADVANCED | SOBOLEV_PARAM_LOG)          \
  DOUBLE (bandwidth, "bandwidth", N_("Detail"), "σ",                          \
          N_("Bandwidth of the Gaussian kernel in the working space: "       \
             "smaller values match finer color detail"),                     \
          0.005, 4.0, 0.3, SOBOLEV_PARAM_ADVANCED | SOBOLEV_PARAM_LOG)           \
  INT (steps, "steps", N_("Quality (steps)"), "L",                            \
       N_("Number of descent steps along the path"),                          \
       1, 100000, 90, SOBOLEV_PARAM_ADVANCED)                                   \
  INT (seed, "seed", N_("Random seed"), NULL,                                 \
       N_("Seed of the random features: the same seed gives the same "      \
          "result"),                                                          \
       0, G_MAXINT32, 1, SOBOLEV_PARAM_ADVANCED)                                 \
  ENUM (space, "space", N_("Working space"), NULL,                            \
        N_("Color space the colors move in"),                                 \
        SOBOLEV_SPACE_SRGB, SOBOLEV_PARAM_ADVANCED, sobolev_space_choices)    \
  INT (features, "features", N_("Features"), "m",                             \
       N_("Number of random Fourier features of the kernel critic"),         \
       1, 4096, 128, SOBOLEV_PARAM_ADVANCED)                                  \
  DOUBLE (step_size, "step-size", N_("Step size"), "ε",                       \
          N_("Step of the particle update x ← x + ε ∇u(x)"),                 \
          1e-6, 100.0, 0.05, SOBOLEV_PARAM_ADVANCED | SOBOLEV_PARAM_LOG)      \
  DOUBLE (max_displacement, "max-displacement", N_("Step cap"), NULL,        \
          N_("Largest distance a color may move in one step (0: no cap)"),   \
          0.0, 10.0, 0.04, SOBOLEV_PARAM_ADVANCED)                            \
  DOUBLE (anneal, "anneal", N_("Coarse to fine"), NULL,                       \
          N_("Ratio of the final to the initial bandwidth and smoothness: " \
             "below 1 the path starts coarse and ends fine"),                 \
          0.01, 1.0, 0.35, SOBOLEV_PARAM_ADVANCED | SOBOLEV_PARAM_LOG)         \
  INT (gramian_samples, "gramian-samples", N_("Gramian samples"), NULL,       \
       N_("Particles drawn by weight to estimate the critic's kernel "       \
          "derivative Gramian (0: all of them)"),                            \
       0, 1000000, 1024, SOBOLEV_PARAM_ADVANCED)                             \
  INT (refine, "refine", N_("Refinement passes"), NULL,                       \
       N_("Short passes of the sliced flow from the colors the map so far " \
          "produces, composed onto it: they correct what the smooth map "   \
          "misses (the palette method's passes are its own)"),              \
       0, 8, 2, SOBOLEV_PARAM_ADVANCED)                                       \
  INT (bits, "bits", N_("Histogram bits"), NULL,                              \
       N_("Bits per channel of the color histogram that makes the "          \
          "particles"),                                                       \
       1, 7, 5, SOBOLEV_PARAM_ADVANCED)                                       \
  INT (lut_size, "lut-size", N_("LUT size"), NULL,                            \
       N_("Nodes per side of the 3-D lookup table that holds the map"),     \
       2, 129, 65, SOBOLEV_PARAM_ADVANCED)                                    \
  INT (snapshots, "snapshots", N_("Snapshots"), "K",                          \
       N_("Number of points kept along the path for the strength slider"), \
       1, 256, 16, SOBOLEV_PARAM_ADVANCED)                                    \
  ENUM (map, "map", N_("Map extension"), NULL,                           \
        N_("How the LUT nodes get their colors: splatting the particles' " \
           "moves on the grid, or moving the nodes as passengers"),          \
        SOBOLEV_MAP_SPLAT, SOBOLEV_PARAM_ADVANCED, sobolev_map_choices)       \
  INT (neural_width, "neural-width", N_("Critic width"), NULL,             \
       N_("Units per hidden layer of the neural critic"),                    \
       1, 1024, 32, SOBOLEV_PARAM_ADVANCED)                                   \
  INT (neural_depth, "neural-depth", N_("Critic depth"), NULL,              \
       N_("Hidden layers of the neural critic: more layers fit sharper "    \
          "critics and make the path less smooth"),                          \
       1, 8, 1, SOBOLEV_PARAM_ADVANCED)                                       \
  ENUM (activation, "activation", N_("Critic activation"), NULL,             \
        N_("Smooth activation of the neural critic's hidden units"),         \
        SOBOLEV_ACTIVATION_SOFTPLUS, SOBOLEV_PARAM_ADVANCED,                  \
        sobolev_activation_choices)                                           \
  INT (critic_steps, "critic-steps", N_("Critic steps"), "n_c",              \
       N_("Adam steps on the neural critic between two particle steps"),    \
       1, 1000, 10, SOBOLEV_PARAM_ADVANCED)                                   \
  DOUBLE (learning_rate, "learning-rate", N_("Learning rate"), "η",         \
          N_("Adam learning rate of the neural critic"),                     \
          1e-6, 1.0, 1e-2, SOBOLEV_PARAM_ADVANCED | SOBOLEV_PARAM_LOG)        \
  DOUBLE (penalty, "penalty", N_("Penalty weight"), "ρ",                     \
          N_("Weight of the augmented Lagrangian's quadratic term that "     \
             "holds the critic's mean squared gradient Ω at one"),           \
          1e-6, 1e4, 1e-3, SOBOLEV_PARAM_ADVANCED | SOBOLEV_PARAM_LOG)        \
  ENUM (penalty_measure, "penalty-measure", N_("Penalty measure"), NULL,    \
        N_("Where the critic's gradient is penalized: under the mixture of " \
           "source and reference (stable) or the source alone (the paper)"), \
        0, SOBOLEV_PARAM_ADVANCED, sobolev_penalty_choices)                   \
  DOUBLE (input_scale, "input-scale", N_("Critic input scale"), NULL,       \
          N_("Factor on the colors before the neural critic: the network's " \
             "counterpart of the kernel bandwidth (larger is finer)"),       \
          0.01, 1000.0, 10.0, SOBOLEV_PARAM_ADVANCED | SOBOLEV_PARAM_LOG)     \
  INT (batch_size, "batch-size", N_("Batch size"), NULL,                     \
       N_("Samples drawn by weight from each cloud for one critic step; "   \
          "a cloud with fewer points is used whole"),                        \
       1, 65536, 128, SOBOLEV_PARAM_ADVANCED)                                 \
  DOUBLE (neural_step_size, "neural-step-size", N_("Neural step size"), "ε",     \
          N_("Step of the neural particle update x ← x + ε (S/Ω) ∇f(x)"),          \
          1e-6, 100.0, 0.3, SOBOLEV_PARAM_ADVANCED | SOBOLEV_PARAM_LOG)       \
  ENUM (neural_step_rule, "neural-step-rule", N_("Neural step rule"), NULL, \
        N_("How the particles' step follows the critic: scaled by the "    \
           "estimated distance (it shrinks as the colors arrive), of unit " \
           "mean length, or the plain gradient"),                             \
        0, SOBOLEV_PARAM_ADVANCED, sobolev_step_rule_choices)\
  /* The sliced-Wasserstein flow (sliced-flow.c).  */                        \
  INT (sliced_directions, "sliced-directions", N_("Directions per step"),   \
       "N_θ", N_("Random directions the colors are matched along at each " \
                 "step of the sliced flow: more make each step steadier"),  \
       1, 1024, 12, SOBOLEV_PARAM_ADVANCED)           \
  DOUBLE (sliced_step, "sliced-step-size", N_("Sliced step size"), "h",     \
          N_("Fraction of the 1-D optimal moves (averaged over the "        \
             "directions, times the dimension) taken at each step"),        \
          1e-4, 1.0, 0.5, SOBOLEV_PARAM_ADVANCED | SOBOLEV_PARAM_LOG) \
  DOUBLE (sliced_noise, "sliced-noise", N_("Grain"), "λ",                   \
          N_("Temperature of the noise added at each step of the sliced "  \
             "flow (the entropic term); 0 adds none"),                      \
          0.0, 0.1, 0.0, SOBOLEV_PARAM_ADVANCED)      \
  /* The Sinkhorn-divergence flow and NSGF (sinkhorn-flow.c).  */            \
  DOUBLE (sinkhorn_blur, "sinkhorn-blur", N_("Matching blur"), "√ε",        \
          N_("Blur of the Sinkhorn divergence (ε = blur²): colors closer "  \
             "than this are matched softly, so smaller follows the "        \
             "reference more closely and costs more"),                      \
          0.005, 2.0, 0.05, SOBOLEV_PARAM_ADVANCED | SOBOLEV_PARAM_LOG) \
  DOUBLE (sinkhorn_step, "sinkhorn-step-size", N_("Sinkhorn step size"),   \
          "h", N_("Step along the Sinkhorn flow's velocity "                \
                  "−∇(f_qp − f_qq) at each step (1: the whole entropic "   \
                  "move)"),                                                 \
          1e-4, 1.0, 0.5, SOBOLEV_PARAM_ADVANCED | SOBOLEV_PARAM_LOG) \
  /* Semi-discrete entropic transport to a palette (semidiscrete.c).  */    \
  DOUBLE (palette_softness, "palette-softness", N_("Palette softness"),     \
          "ε", N_("Entropic regularization of the transport to the "        \
                  "palette: each color becomes a blend of nearby palette "  \
                  "colors; near 0 every color snaps to one (posterized)"),  \
          1e-5, 1.0, 0.05, SOBOLEV_PARAM_ADVANCED | SOBOLEV_PARAM_LOG) \
  INT (palette_iterations, "palette-iterations", N_("Palette iterations"),  \
       NULL, N_("Samples of averaged stochastic gradient ascent on the "     \
                "semi-dual, per step, that fit the palette's potentials"),  \
       100, 10000000, 20000, SOBOLEV_PARAM_ADVANCED) \
/* clang-format on */

#define SOBOLEV_PARAM_FIELD_INT(f, ...) gint f;
#define SOBOLEV_PARAM_FIELD_DOUBLE(f, ...) gdouble f;
#define SOBOLEV_PARAM_FIELD_ENUM(f, ...) gint f;

/* The values of all parameters.  */
typedef struct
{
  SOBOLEV_PARAM_TABLE (SOBOLEV_PARAM_FIELD_INT, SOBOLEV_PARAM_FIELD_DOUBLE,
                       SOBOLEV_PARAM_FIELD_ENUM)
} SobolevParams;

typedef enum
{
  SOBOLEV_PARAM_TYPE_INT,
  SOBOLEV_PARAM_TYPE_DOUBLE,
  SOBOLEV_PARAM_TYPE_ENUM
} SobolevParamType;

/* One choice of an enumerated parameter: nick is what PDB, Script-Fu and
   the CLI use ("kernel"), label what a person reads.  The list ends with
   a NULL nick.  */
typedef struct
{
  gint value;
  const gchar *nick;
  const gchar *label;
} SobolevParamChoice;

/* The description of one parameter.  */
typedef struct
{
  const gchar *name;   /* "step-size" */
  const gchar *label;  /* untranslated; hosts translate */
  const gchar *symbol; /* the paper's name, or NULL */
  const gchar *blurb;  /* untranslated help */
  SobolevParamType type;
  gdouble min, max, def;
  guint flags;
  const SobolevParamChoice *choices; /* enums only */
  gsize offset;                      /* into SobolevParams */
} SobolevParamSpec;

extern const SobolevParamSpec sobolev_param_specs[];
extern const guint sobolev_n_param_specs;

/* The choices of the enumerated rows, each defined where its values are:
   the methods in method.c, a method's own in the method's file.  */
extern const SobolevParamChoice sobolev_method_choices[];
extern const SobolevParamChoice sobolev_space_choices[];
extern const SobolevParamChoice sobolev_map_choices[];
extern const SobolevParamChoice sobolev_activation_choices[];
extern const SobolevParamChoice sobolev_penalty_choices[];
extern const SobolevParamChoice sobolev_step_rule_choices[];

/* Fills params with the defaults of the table.  */
void sobolev_params_init (SobolevParams *params);

/* The share of the source's lightness the map keeps: preserve_lightness,
   and below full fidelity part of the rest (a sixth at fidelity 0, none
   at 1), since following the reference's lightness is most of what
   changes the photo's tones.  */
gdouble sobolev_params_lightness_kept (const SobolevParams *params);

/* Checks every value against its range (and enums against their
   choices); the message names the parameter and its range.  */
gboolean sobolev_params_validate (const SobolevParams *params,
                                  GError **error);

/* The spec named name ("step-size"; "step_size" works too), or NULL.  */
const SobolevParamSpec *sobolev_param_spec_find (const gchar *name);

/* Reads and writes one value as a double (enums and ints converted).  */
gdouble sobolev_params_get (const SobolevParams *params,
                            const SobolevParamSpec *spec);
void sobolev_params_set (SobolevParams *params, const SobolevParamSpec *spec,
                         gdouble value);

/* Parses text ("0.3", "1e-3", an enum nick, or an enum's number) into the
   parameter, checking it against the range.  For the CLI and for tests.  */
gboolean sobolev_params_set_from_string (SobolevParams *params,
                                         const SobolevParamSpec *spec,
                                         const gchar *text, GError **error);

/* A value of the parameter as text, in ASCII whatever the locale: "%g"
   for reals, a whole number for integers, the nick for choices.  */
gchar *sobolev_param_format (const SobolevParamSpec *spec, gdouble value);

/* The nicks of an enumerated parameter joined by separator.  */
gchar *sobolev_param_choices_text (const SobolevParamSpec *spec,
                                   const gchar *separator);

/* The values the parameter takes: "0.005 to 4" or "kernel, neural",
   the words passed through translate (NULL: English).  */
gchar *sobolev_param_range_text (const SobolevParamSpec *spec,
                                 const gchar *(*translate) (const gchar *) );

/* The help of a parameter for hosts without a widget for it (PDB, the
   command line): blurb, then "(0.005 to 4, default 0.3)" or "(kernel,
   neural; default kernel)", all passed through translate (NULL: as they
   are, English).  */
gchar *sobolev_param_help (const SobolevParamSpec *spec, const gchar *blurb,
                           const gchar *(*translate) (const gchar *) );

/* Every parameter as a line of a dialog's help, in Pango markup:
   "<b>Label</b> (σ): blurb", label and blurb passed through translate
   (NULL: as they are).  */
gchar *sobolev_params_help_markup (const gchar *(*translate) (const gchar *));

/* The parameter table as a Markdown table, as README.md shows it.  */
gchar *sobolev_params_markdown (void);

/* Whether two sets of values make the same descent: they differ at most
   in parameters that apply without one (SOBOLEV_PARAM_APPLY_ONLY).  */
gboolean sobolev_params_same_descent (const SobolevParams *a,
                                      const SobolevParams *b);

/* How a dialog shows a parameter, so that no host guesses.  */
typedef enum
{
  SOBOLEV_CONTROL_CHOICE, /* a list of the choices */
  SOBOLEV_CONTROL_NUMBER, /* a plain number entry (a seed: no scale) */
  SOBOLEV_CONTROL_SLIDER  /* a slider with an entry */
} SobolevControlKind;

typedef struct
{
  SobolevControlKind kind;
  gboolean logarithmic; /* the slider moves on a log scale */
  gint digits;          /* decimal places shown */
  gdouble step, page;   /* increments of arrows and of page keys */
} SobolevParamControl;

/* The control for a parameter, from its type, range and flags.  */
SobolevParamControl sobolev_param_control (const SobolevParamSpec *spec);

/* The nick of an enum value, or NULL.  */
const gchar *sobolev_param_choice_nick (const SobolevParamSpec *spec,
                                        gint value);

G_END_DECLS

#endif
