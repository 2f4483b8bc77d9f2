/* sobolev-transfer — bounding the local gain of a color map.

   A false edge is a small color difference in the source made large in
   the result.  A map whose output differences are at most k times its
   input differences (in CIELAB, the space a person's eye and the
   false-edge measure share) cannot make one stronger than k×, however
   it moves the colors as a whole.  Tetrahedral interpolation is linear
   on tetrahedra, so bounding the node-to-node differences along every
   edge of those tetrahedra bounds the map inside each cell too (up to
   the shape of the cell in CIELAB).

   The bound is enforced by cyclic projection on the violated edges
   (Gauss–Seidel sweeps, alternating direction so no side of the cube is
   favored): each too-long edge is shortened to its bound, its two ends
   moving in inverse proportion to their stiffness (which grows with
   their source mass).  Only nodes next to
   source colors take part: elsewhere no pixel reads the map.  */
#include "map-gain.h"

#include <math.h>
#include <string.h>

#include "colorspace.h"

/* At most this many sweeps of the projection; it stops as soon as no
   edge is more than GAIN_TOLERANCE too long, which on the dev pairs
   happens before the cap (200 gave the same figures).  */
#define GAIN_SWEEPS 100
/* A node's stiffness is √(mass / mean mass) plus this floor: heavy nodes
   (many pixels, the match) move less, empty ones take most of a
   correction.  √ rather than the mass itself: with the mass, heavy pairs
   hardly ever settle (measured: the largest gain ratio stayed at 8× the
   bound after 200 sweeps on a gray source).  */
#define GAIN_MASS_FLOOR 0.05
/* Nodes within this many steps of a source color take part: a 5-bit
   histogram bin spans two cells of a 65³ LUT, and its pixels spread
   over the whole bin.  */
#define GAIN_REACH 2
#define GAIN_TOLERANCE 0.02
/* The bound works on a grid of this many nodes per side, whatever the
   LUT's size, and the LUT takes the bounded map back by interpolation:
   a map whose gain is bounded is smooth at the scale of a 33³ cell, and
   the projection on 33³ nodes costs an eighth of 65³'s per sweep and
   settles in fewer sweeps.  */
#define GAIN_GRID 33
/* The edges of the tetrahedra tetrahedral interpolation uses, from each
   node: the three axes, the three face diagonals and the main diagonal
   (as red, green, blue steps).  Bounding the axes alone leaves the
   diagonals free: a step along the gray axis is short in CIELAB, a red
   step long, so three bounded red, green and blue steps could add up to
   a large change between two nearly equal grays.  */
#define GAIN_EDGES 7
static const guint8 gain_offsets[GAIN_EDGES][3] = {
  { 1, 0, 0 }, { 0, 1, 0 }, { 0, 0, 1 }, { 1, 1, 0 },
  { 1, 0, 1 }, { 0, 1, 1 }, { 1, 1, 1 },
};

/* Trilinear splat of the source's weights onto the nodes.  */
static void
gain_splat_mass (guint s, const SobolevCloud *source, gdouble *mass)
{
  for (gsize i = 0; i < source->n; i++)
    {
      const gdouble *x = source->points + 3 * i;
      guint i0[3];
      gdouble f[3];

      for (int a = 0; a < 3; a++)
        {
          gdouble u = CLAMP (x[a], 0.0, 1.0) * (s - 1);

          i0[a] = MIN ((guint) u, s - 2);
          f[a] = u - i0[a];
        }
      for (int corner = 0; corner < 8; corner++)
        {
          gsize r = i0[0] + (corner & 1), g = i0[1] + (corner >> 1 & 1),
                b = i0[2] + (corner >> 2 & 1);
          gdouble w = (corner & 1 ? f[0] : 1 - f[0])
                      * (corner & 2 ? f[1] : 1 - f[1])
                      * (corner & 4 ? f[2] : 1 - f[2]);

          mass[(b * s + g) * s + r] += w * source->weights[i];
        }
    }
}

/* Gaussian blur of the node masses, σ = 1 node, zero outside: a 5-bit
   histogram puts its mass at bin means two nodes apart, and the nodes
   between them are as dense as the bins around them.  */
static void
gain_blur_mass (guint s, gdouble *mass)
{
  const gsize n = (gsize) s * s * s;
  const gsize stride[3] = { 1, s, (gsize) s * s };
  gdouble *tmp = g_new (gdouble, n);
  gdouble k[7];

  for (int i = -3; i <= 3; i++)
    k[i + 3] = exp (-0.5 * i * i);
  for (int axis = 0; axis < 3; axis++)
    {
      memcpy (tmp, mass, n * sizeof (gdouble));
      for (gsize j = 0; j < n; j++)
        {
          gint t = (gint) (j / stride[axis] % s);
          gdouble acc = 0.0;

          for (gint d = -3; d <= 3; d++)
            if (t + d >= 0 && t + d < (gint) s)
              acc += k[d + 3]
                     * tmp[(gsize) ((gssize) j + d * (gssize) stride[axis])];
          mass[j] = acc;
        }
    }
  g_free (tmp);
}

/* active[k]: some node within GAIN_REACH steps (in each axis) has mass.  */
static guint8 *
gain_active_nodes (guint s, const gdouble *mass)
{
  const gsize n = (gsize) s * s * s;
  guint8 *active = g_new0 (guint8, n), *tmp = g_new (guint8, n);
  const gsize stride[3] = { 1, s, (gsize) s * s };

  for (gsize k = 0; k < n; k++)
    active[k] = mass[k] > 0.0;
  /* Separable dilation, one axis at a time.  */
  for (int axis = 0; axis < 3; axis++)
    {
      memcpy (tmp, active, n);
      for (gsize k = 0; k < n; k++)
        {
          gint t = (gint) (k / stride[axis] % s);

          if (tmp[k])
            continue;
          for (gint d = -GAIN_REACH; d <= GAIN_REACH && !active[k]; d++)
            if (t + d >= 0 && t + d < (gint) s)
              active[k] = tmp[(gsize) ((gssize) k + d * (gssize) stride[axis])];
        }
    }
  g_free (tmp);
  return active;
}

/* Shortens edge (a, b) to its bound if it is longer; TRUE if it was.  */
static inline gboolean
gain_project_edge (gdouble *pa, gdouble *pb, gdouble ma, gdouble mb,
                   gdouble bound)
{
  gdouble d[3], len2 = 0.0, len, excess;

  for (int c = 0; c < 3; c++)
    {
      d[c] = pb[c] - pa[c];
      len2 += d[c] * d[c];
    }
  /* Within GAIN_TOLERANCE of the bound counts as met: the last percent
     takes as many sweeps as the rest and changes no pixel visibly.  */
  if (len2 <= bound * bound * (1.0 + GAIN_TOLERANCE) * (1.0 + GAIN_TOLERANCE))
    return FALSE;
  len = sqrt (len2);
  excess = (len - bound) / len;
  for (int c = 0; c < 3; c++)
    {
      /* The lighter node moves more.  */
      pa[c] += d[c] * excess * (mb / (ma + mb));
      pb[c] -= d[c] * excess * (ma / (ma + mb));
    }
  return TRUE;
}

/* The bound on the LUT's own nodes; FALSE if no edge was too long (the
   LUT is then untouched).  */
static gboolean
gain_bound_nodes (SobolevLut *lut, const SobolevCloud *source, gdouble gain)
{
  const guint s = lut->size;
  const gsize n = (gsize) s * s * s;
  const gsize stride[3] = { 1, s, (gsize) s * s };
  gsize step[GAIN_EDGES];
  gdouble *mass, *out, *in, *bound;
  guint8 *active;
  gsize *list, n_active = 0;
  gdouble mean_mass = 0.0;

  gboolean changed = FALSE;

  if (gain <= 0.0 || s < 2 || source == NULL || source->n == 0)
    return FALSE;
  mass = g_new0 (gdouble, n);
  gain_splat_mass (s, source, mass);
  active = gain_active_nodes (s, mass);
  gain_blur_mass (s, mass);
  list = g_new (gsize, n);
  for (gsize k = 0; k < n; k++)
    if (active[k])
      {
        list[n_active++] = k;
        mean_mass += mass[k];
      }
  mean_mass = n_active ? mean_mass / n_active : 1.0;

  /* Inputs and outputs of the taking-part nodes in CIELAB, and each
     node's bound along each axis (to its upper neighbor).  */
  in = g_new (gdouble, n_active * 3);
  out = g_new (gdouble, n_active * 3);
  bound = g_new (gdouble, n_active * GAIN_EDGES);
  for (int e = 0; e < GAIN_EDGES; e++)
    step[e] = gain_offsets[e][0] + gain_offsets[e][1] * stride[1]
              + gain_offsets[e][2] * stride[2];
  for (gsize i = 0; i < n_active; i++)
    {
      gsize k = list[i];
      gdouble rgb[3];

      for (int c = 0; c < 3; c++)
        {
          rgb[c] = (gdouble) (k / stride[c] % s) / (s - 1);
          out[3 * i + c] = lut->data[3 * k + c];
        }
      sobolev_colorspace_from_srgb (SOBOLEV_SPACE_CIELAB, rgb, in + 3 * i, 1);
    }
  sobolev_colorspace_from_srgb (SOBOLEV_SPACE_CIELAB, out, out, n_active);
  {
    /* Index of each node in the list, for its neighbors.  */
    gdouble *wt = g_new (gdouble, n);
    gsize *where = g_new (gsize, n);

    for (gsize i = 0; i < n_active; i++)
      where[list[i]] = i;
    for (gsize i = 0; i < n_active; i++)
      for (int e = 0; e < GAIN_EDGES; e++)
        {
          gsize k = list[i];
          gboolean inside = TRUE;

          for (int a = 0; a < 3; a++)
            inside &= k / stride[a] % s + gain_offsets[e][a] < s;
          bound[GAIN_EDGES * i + e] = -1.0; /* no neighbor taking part */
          if (inside && active[k + step[e]])
            {
              const gdouble *p = in + 3 * i;
              gdouble rgb[3], q[3], d2 = 0.0;

              for (int c = 0; c < 3; c++)
                rgb[c] = (gdouble) ((k + step[e]) / stride[c] % s) / (s - 1);
              sobolev_colorspace_from_srgb (SOBOLEV_SPACE_CIELAB, rgb, q, 1);
              for (int c = 0; c < 3; c++)
                d2 += (q[c] - p[c]) * (q[c] - p[c]);
              bound[GAIN_EDGES * i + e] = gain * sqrt (d2);
            }
        }
    for (gsize i = 0; i < n_active; i++)
      wt[list[i]] = sqrt (mass[list[i]] / mean_mass) + GAIN_MASS_FLOOR;
    for (int sweep = 0; sweep < GAIN_SWEEPS; sweep++)
      {
        gboolean any = FALSE;

        for (gsize j = 0; j < n_active; j++)
          {
            gsize i = sweep % 2 ? n_active - 1 - j : j;
            gsize k = list[i];

            for (int e = 0; e < GAIN_EDGES; e++)
              if (bound[GAIN_EDGES * i + e] >= 0.0)
                {
                  gsize nb = where[k + step[e]];

                  any |= gain_project_edge (out + 3 * i, out + 3 * nb, wt[k],
                                            wt[k + step[e]],
                                            bound[GAIN_EDGES * i + e]);
                }
          }
        changed |= any;
        if (!any)
          break;
      }
    g_free (where);
    g_free (wt);
  }
  sobolev_colorspace_to_srgb (SOBOLEV_SPACE_CIELAB, out, out, n_active);
  for (gsize i = 0; i < n_active && changed; i++)
    for (int c = 0; c < 3; c++)
      lut->data[3 * list[i] + c] = (gfloat) CLAMP (out[3 * i + c], 0.0, 1.0);
  g_free (mass);
  g_free (active);
  g_free (list);
  g_free (in);
  g_free (out);
  g_free (bound);
  return changed;
}

void
sobolev_map_bound_gain (SobolevLut *lut, const SobolevCloud *source,
                        gdouble gain)
{
  g_autoptr (SobolevLut) coarse = NULL;
  gsize n;

  if (gain <= 0.0 || source == NULL || source->n == 0)
    return;
  if (lut->size <= GAIN_GRID)
    {
      gain_bound_nodes (lut, source, gain);
      return;
    }
  coarse = sobolev_lut_new_identity (GAIN_GRID, NULL);
  n = (gsize) GAIN_GRID * GAIN_GRID * GAIN_GRID;
  for (gsize k = 0; k < n; k++)
    sobolev_lut_eval (lut, coarse->data + 3 * k, coarse->data + 3 * k);
  if (!gain_bound_nodes (coarse, source, gain))
    return;
  /* The LUT takes the bounded map, interpolated.  Adding only the
     correction to the LUT's own nodes brings the jumps back: they sit
     inside the coarse cells (measured: mean FE 0.24 on the dev pairs,
     as without the bound).  */
  n = (gsize) lut->size * lut->size * lut->size;
  for (gsize k = 0; k < n; k++)
    {
      gfloat x[3];

      for (int c = 0; c < 3; c++)
        x[c] = (gfloat) ((k
                          / (c == 0   ? 1
                             : c == 1 ? lut->size
                                      : lut->size * lut->size))
                         % lut->size)
               / (lut->size - 1);
      sobolev_lut_eval (coarse, x, lut->data + 3 * k);
    }
}

gdouble
sobolev_fidelity_gain (gdouble fidelity)
{
  return fidelity >= 1.0 ? 0.0 : 1.0 / (1.0 - MAX (fidelity, 0.0));
}
