/* sobolev-transfer — turning moved particles into a LUT.

   The field is only constrained where the source has mass, so LUT nodes
   moved as passengers drift where no pixel is (see PROTOTYPE.md).  Grid
   splatting instead spreads the particles' own moves over the cube: a
   Nadaraya–Watson estimate with a small Gaussian, falling back to a wide
   one (and then to the mean move) where no particle is near.  It costs
   O(cells) per LUT whatever the number of particles.  */
#include "lut-bake.h"

#include <math.h>
#include <string.h>

#include "large-buffer.h"
#include "parallel.h"
#include "sobolev-error.h"

/* Local weight (normalized: the particles' weights sum to one) below
   which a node leans on the wider estimate: about a twentieth of an
   average occupied cell of a 32³ grid.  */
#define BAKE_WEIGHT_FLOOR 2e-5
/* The wide estimate: a coarse grid of 8³ cells blurred by one cell.  */
#define BAKE_COARSE_SIDE 8
#define BAKE_COARSE_SIGMA 1.0

gdouble *
sobolev_lut_node_colors (guint size)
{
  gdouble *nodes = sobolev_large_new (gdouble, (gsize) size * size * size * 3);
  gsize i = 0;

  for (guint b = 0; b < size; b++)
    for (guint g = 0; g < size; g++)
      for (guint r = 0; r < size; r++)
        {
          nodes[i++] = (gdouble) r / (size - 1);
          nodes[i++] = (gdouble) g / (size - 1);
          nodes[i++] = (gdouble) b / (size - 1);
        }
  return nodes;
}

SobolevLut *
sobolev_lut_from_nodes (guint size, const gdouble *nodes, GError **error)
{
  SobolevLut *lut = sobolev_lut_new_identity (size, error);
  gsize n;

  if (lut == NULL)
    return NULL;
  n = (gsize) size * size * size * 3;
  for (gsize i = 0; i < n; i++)
    lut->data[i] = (gfloat) CLAMP (nodes[i], 0.0, 1.0);
  return lut;
}

/* A grid of side³ cells, each with 4 channels: weight and weighted
   displacement.  Cell (x, y, z) covers [x/side, (x+1)/side) in red, … */
typedef struct
{
  guint side;
  gdouble *cells; /* side³ × 4, x fastest */
} BakeGrid;

static void
bake_grid_init (BakeGrid *grid, guint side)
{
  grid->side = side;
  grid->cells = sobolev_large_new0 (gdouble, (gsize) side * side * side * 4);
}

static inline guint
bake_cell_1d (guint side, gdouble v)
{
  gdouble x = v * side;

  if (!(x > 0.0))
    return 0;
  return x >= side - 1 ? side - 1 : (guint) x;
}

static void
bake_grid_splat (BakeGrid *grid, const gdouble *start, const gdouble *end,
                 const gdouble *weights, gsize n)
{
  const guint s = grid->side;

  for (gsize i = 0; i < n; i++)
    {
      const gdouble *x = start + 3 * i, *y = end + 3 * i;
      gsize cell
          = ((gsize) bake_cell_1d (s, x[2]) * s + bake_cell_1d (s, x[1])) * s
            + bake_cell_1d (s, x[0]);
      gdouble *c = grid->cells + cell * 4;
      gdouble w = weights[i];

      c[0] += w;
      c[1] += w * (y[0] - x[0]);
      c[2] += w * (y[1] - x[1]);
      c[3] += w * (y[2] - x[2]);
    }
}

/* Separable Gaussian blur of all four channels, zero outside the cube:
   both the weight and the weighted moves lose the same mass at the
   border, so their ratio stays unbiased.  */
static void
bake_grid_blur (BakeGrid *grid, gdouble sigma)
{
  const guint s = grid->side;
  const gint radius = MAX (1, (gint) ceil (3.0 * sigma));
  gdouble *kernel = g_new (gdouble, 2 * radius + 1);
  gdouble *line = g_new (gdouble, (gsize) s * 4);
  gsize stride[3] = { 1, s, (gsize) s * s };

  if (sigma <= 0.0)
    {
      g_free (kernel);
      g_free (line);
      return;
    }
  for (gint k = -radius; k <= radius; k++)
    kernel[k + radius] = exp (-0.5 * k * k / (sigma * sigma));

  for (int axis = 0; axis < 3; axis++)
    {
      gsize st = stride[axis];

      for (guint u = 0; u < s; u++)
        for (guint v = 0; v < s; v++)
          {
            gsize base;

            /* The two other axes index the line's origin.  */
            if (axis == 0)
              base = ((gsize) v * s + u) * s;
            else if (axis == 1)
              base = (gsize) v * s * s + u;
            else
              base = (gsize) v * s + u;
            for (guint t = 0; t < s; t++)
              {
                gdouble acc[4] = { 0, 0, 0, 0 };

                for (gint k = -radius; k <= radius; k++)
                  {
                    gint tt = (gint) t + k;
                    const gdouble *c;

                    if (tt < 0 || tt >= (gint) s)
                      continue;
                    c = grid->cells + (base + (gsize) tt * st) * 4;
                    for (int ch = 0; ch < 4; ch++)
                      acc[ch] += kernel[k + radius] * c[ch];
                  }
                memcpy (line + (gsize) t * 4, acc, sizeof acc);
              }
            for (guint t = 0; t < s; t++)
              memcpy (grid->cells + (base + (gsize) t * st) * 4,
                      line + (gsize) t * 4, 4 * sizeof (gdouble));
          }
    }
  g_free (kernel);
  g_free (line);
}

/* Where LUT node v of size along one axis reads a grid of side cells
   (cell centers at (i + ½)/side): the two cells around it and the
   weight of the second.  The nodes lie on a lattice, so each axis is
   worked out once per grid, not once per node.  */
typedef struct
{
  guint i0, i1;
  gdouble f;
} BakeAxisTap;

static BakeAxisTap *
bake_axis_taps (guint side, guint size)
{
  BakeAxisTap *taps = g_new (BakeAxisTap, size);

  for (guint v = 0; v < size; v++)
    {
      gdouble u
          = CLAMP ((gdouble) v / (size - 1) * side - 0.5, 0.0, side - 1.0);

      taps[v].i0 = MIN ((guint) u, side - 1);
      taps[v].i1 = MIN (taps[v].i0 + 1, side - 1);
      taps[v].f = u - taps[v].i0;
    }
  return taps;
}

/* The grid along the red axis at the green and blue of LUT nodes
   (g, b): for each cell column x, the four channels bilinear in green
   and blue, into line (side × 4).  A row of nodes then reads the grid
   by one linear step along red.  */
static void
bake_grid_line (const BakeGrid *grid, const BakeAxisTap *taps, guint g, guint b,
                gdouble *line)
{
  const guint s = grid->side;
  const BakeAxisTap *ty = &taps[g], *tz = &taps[b];
  const gdouble wy[2] = { 1 - ty->f, ty->f }, wz[2] = { 1 - tz->f, tz->f };
  const guint ys[2] = { ty->i0, ty->i1 }, zs[2] = { tz->i0, tz->i1 };
  const gdouble *rows[4];
  gdouble w[4];

  for (int corner = 0; corner < 4; corner++)
    {
      rows[corner] = grid->cells
                     + ((gsize) zs[corner >> 1] * s + ys[corner & 1]) * s * 4;
      w[corner] = wy[corner & 1] * wz[corner >> 1];
    }
  for (guint x = 0; x < s; x++)
    for (int ch = 0; ch < 4; ch++)
      line[x * 4 + ch] = w[0] * rows[0][x * 4 + ch] + w[1] * rows[1][x * 4 + ch]
                         + w[2] * rows[2][x * 4 + ch]
                         + w[3] * rows[3][x * 4 + ch];
}

/* The grid at node r of a row whose line bake_grid_line made.  */
static inline void
bake_line_read (const gdouble *line, const BakeAxisTap *tap, gdouble out[4])
{
  for (int ch = 0; ch < 4; ch++)
    out[ch] = (1 - tap->f) * line[tap->i0 * 4 + ch]
              + tap->f * line[tap->i1 * 4 + ch];
}

typedef struct
{
  const BakeGrid *fine, *coarse;
  const BakeAxisTap *fine_taps, *coarse_taps;
  guint size;
  const gdouble *fallback, *mean;
  gdouble floor_w;
  gfloat *data;
} BakeNodesJob;

/* The LUT's nodes [start, end): each blends the fine grid's mean move
   into the coarse grid's, and that into the fallback, by how much weight
   each grid has there.  Nodes are taken a row (along red) at a time.  */
static void
bake_nodes_range (gsize start, gsize end, guint chunk, gpointer data)
{
  const BakeNodesJob *job = data;
  const guint size = job->size;
  gdouble *fine_line = g_new (gdouble, (gsize) job->fine->side * 4);
  gdouble *coarse_line = g_new (gdouble, (gsize) job->coarse->side * 4);
  gsize line_row = G_MAXSIZE;

  (void) chunk;
  for (gsize k = start; k < end; k++)
    {
      const guint r = k % size, g = (k / size) % size,
                  b = k / ((gsize) size * size);
      /* The node's color, as sobolev_lut_node_colors has it.  */
      const gdouble x[3] = { (gdouble) r / (size - 1), (gdouble) g / (size - 1),
                             (gdouble) b / (size - 1) };
      gdouble f[4], c[4], wide[3], local[3];
      gdouble alpha_wide, alpha_local;

      if (k / size != line_row)
        {
          line_row = k / size;
          bake_grid_line (job->coarse, job->coarse_taps, g, b, coarse_line);
          bake_grid_line (job->fine, job->fine_taps, g, b, fine_line);
        }
      bake_line_read (coarse_line, &job->coarse_taps[r], c);
      bake_line_read (fine_line, &job->fine_taps[r], f);
      /* Far from every particle: the mean move, or the passenger.  */
      alpha_wide = c[0] / (c[0] + job->floor_w);
      for (int ch = 0; ch < 3; ch++)
        {
          gdouble far = job->fallback ? job->fallback[3 * k + ch] - x[ch]
                                      : job->mean[ch];

          wide[ch] = c[0] > 0.0 ? c[ch + 1] / c[0] : 0.0;
          wide[ch] = alpha_wide * wide[ch] + (1.0 - alpha_wide) * far;
        }
      alpha_local = f[0] / (f[0] + job->floor_w);
      for (int ch = 0; ch < 3; ch++)
        {
          local[ch] = f[0] > 0.0 ? f[ch + 1] / f[0] : 0.0;
          local[ch] = alpha_local * local[ch] + (1.0 - alpha_local) * wide[ch];
          job->data[3 * k + ch] = (gfloat) CLAMP (x[ch] + local[ch], 0.0, 1.0);
        }
    }
  g_free (fine_line);
  g_free (coarse_line);
}

SobolevLut *
sobolev_lut_bake_splat (guint size, const gdouble *start, const gdouble *end,
                        const gdouble *weights, gsize n, guint bits,
                        gdouble sigma_cells, const gdouble *fallback,
                        GError **error)
{
  SobolevLut *lut;
  BakeGrid fine, coarse;
  BakeNodesJob job;
  gdouble mean[3] = { 0, 0, 0 }, total = 0.0;
  BakeAxisTap *fine_taps, *coarse_taps;
  gsize n_nodes;

  if (bits < 1 || bits > 7)
    {
      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_INVALID_ARGUMENT,
                   "splatting grid bits must be between 1 and 7 (got %u)",
                   bits);
      return NULL;
    }
  lut = sobolev_lut_new_identity (size, error);
  if (lut == NULL)
    return NULL;

  for (gsize i = 0; i < n; i++)
    {
      total += weights[i];
      for (int c = 0; c < 3; c++)
        mean[c] += weights[i] * (end[3 * i + c] - start[3 * i + c]);
    }
  for (int c = 0; c < 3; c++)
    mean[c] = total > 0.0 ? mean[c] / total : 0.0;

  bake_grid_init (&fine, 1u << bits);
  bake_grid_splat (&fine, start, end, weights, n);
  bake_grid_blur (&fine, sigma_cells);
  bake_grid_init (&coarse, BAKE_COARSE_SIDE);
  bake_grid_splat (&coarse, start, end, weights, n);
  bake_grid_blur (&coarse, BAKE_COARSE_SIGMA);

  fine_taps = bake_axis_taps (fine.side, size);
  coarse_taps = bake_axis_taps (coarse.side, size);
  n_nodes = (gsize) size * size * size;
  job = (BakeNodesJob){ .fine = &fine,
                        .coarse = &coarse,
                        .fine_taps = fine_taps,
                        .coarse_taps = coarse_taps,
                        .size = size,
                        .fallback = fallback,
                        .mean = mean,
                        .floor_w
                        = BAKE_WEIGHT_FLOOR * (total > 0.0 ? total : 1.0),
                        .data = lut->data };
  sobolev_parallel_for (n_nodes, 16384, 0, bake_nodes_range, &job);
  g_free (fine_taps);
  g_free (coarse_taps);
  g_free (fine.cells);
  g_free (coarse.cells);
  return lut;
}
