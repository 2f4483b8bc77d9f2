/* sobolev-transfer — keeping a recoloring's edges to the photo's own.  */
#include "edge-guard.h"

#include <math.h>
#include <string.h>
#include "colorspace.h"
#include "large-buffer.h"
#include "metrics.h"
#include "parallel.h"

/* The grid the guard works on: at most this many cells, each the mean
   of scale × scale pixels.  A 512-pixel photo is its own grid.  */
#define GUARD_GRID_MAX_CELLS 262144

/* The fit: |d − p|² weighted by the confidence ψ in the map's move p,
   plus GUARD_SMOOTHING Σ w (d_i − d_j)² over neighbors, with w =
   1 / (|ΔLab| + GUARD_EDGE_SOFTNESS) (CIELAB / 100): the moves may jump
   where the source has an edge and are smooth where it is flat or
   finely textured.  Small enough to leave a clean map's moves as they
   are.  */
#define GUARD_SMOOTHING 0.01
#define GUARD_EDGE_SOFTNESS 0.01

/* Confidence: ψ ← ψ / (1 + (r / GUARD_FALSE_RATIO)⁸) with r the
   result's gradient over the one allowed, taken as the largest over each
   3 × 3 neighborhood so that a false edge is removed with both its
   sides.  Below 0.8 of the allowed gradient a move is trusted, above it
   not at all.  The eighth power is three squarings, not a call to pow
   on every cell of every round.  */
#define GUARD_FALSE_RATIO 0.8

static inline gdouble
guard_trust (gdouble ratio)
{
  gdouble r = ratio / GUARD_FALSE_RATIO;

  r *= r;
  r *= r;
  r *= r;
  return 1.0 / (1.0 + r);
}

/* Rounds of (find false edges, refit): each round finds the edges the
   previous fit still paints.  Three were enough for one stage; a second
   stage (a map applied to the first's result) paints edges on top of the
   first's and needs more: with three, 3 of the 10 development pairs kept
   false edges on 4 % of their pixels, with six none above 2 %.  */
#define GUARD_ROUNDS 6

/* A round that distrusts no move by more than this changes nothing worth
   a fit: the rounds stop (and a map with nothing to distrust is used as
   it is).  */
#define GUARD_TRUSTED 0.999

/* Conjugate-gradient iterations per round and channel, from the previous
   round's fit; fixed, so the result does not depend on timing.  The
   rounds go on from each other's fits, so the last one has had 90: on
   the dev pairs 15 per round gave the FE and MMD of 30 (0.0030 and
   0.0445 against 0.0034 and 0.0441) at a fifth less CPU, and 4 rounds
   of 30 did not (FE up to 0.029).  Fewer fall short on the neural
   method's maps: its worst pair's FE was 0.0146 at 15, 0.0168 at 12
   and 0.0201 at 10 (the sliced flow's barely moved).  */
#define GUARD_CG_ITERATIONS 15

/* The result may always change by this many ΔE per pixel, whatever the
   source does there: the allowed gradient is gain × the source's + this.
   The false-edge measure's own floor is 2, but a guard that lenient lets
   a gentle ramp (a blurred background changes by 0.1 to 0.5 ΔE per
   pixel) steepen tenfold: no single step is an edge, yet across the
   background the colors swing through the reference's, in bands.  On
   the dev pairs (sliced flow; mean MMD, SSIM-Y, FE; bench-quality on a
   build that read the floor from the environment) 2 gave 0.0441,
   0.749, 0.0028; 1 gave 0.0477, 0.757, 0.0008; 0.5 gave 0.0513, 0.763,
   0.0006; 0.25 gave 0.0533, 0.766, 0.0004 (kernel descent: 0.066 at 2,
   0.074 at 0.5, 0.076 at 0.25).  It must stay above 0: it also keeps
   the ratio to the allowed gradient finite where the source is flat.  */
#define GUARD_FLOOR 0.5

struct _SobolevEdgeGuard
{
  guint width, height; /* the image */
  guint scale;         /* image pixels per cell, along each axis */
  guint grid_width, grid_height;
  gdouble *sum; /* per cell: the source's encoded sRGB summed */
  guint *count; /* per cell: pixels added */
  gfloat *move; /* per cell: clean result − source, encoded sRGB */
  gfloat *mix;  /* per cell: how much of the clean move replaces the map */
  /* The second stage (see sobolev_edge_guard_solve), on the first's
     result: its map, and its moves and mix as above (NULL: the map as
     it is).  */
  SobolevLut *second_lut;
  SobolevLutApplier *second_applier;
  gfloat *second_move;
  gfloat *second_mix;
  gboolean solved;
};

gdouble
sobolev_fidelity_gain (gdouble fidelity)
{
  return fidelity >= 1.0 ? 0.0 : 1.0 / (1.0 - MAX (fidelity, 0.0));
}

gdouble
sobolev_guard_gain (gdouble fidelity, gboolean saved_look)
{
  return (saved_look ? 3.0 : 1.0) * sobolev_fidelity_gain (fidelity);
}

SobolevEdgeGuard *
sobolev_edge_guard_new (guint width, guint height)
{
  return sobolev_edge_guard_new_with_grid (width, height, GUARD_GRID_MAX_CELLS);
}

SobolevEdgeGuard *
sobolev_edge_guard_new_with_grid (guint width, guint height, gsize max_cells)
{
  SobolevEdgeGuard *guard;
  guint s = 1;

  g_return_val_if_fail (width > 0 && height > 0, NULL);
  guard = g_new0 (SobolevEdgeGuard, 1);
  while ((gsize) ((width + s - 1) / s) * ((height + s - 1) / s)
         > MAX (max_cells, 1))
    s++;
  guard->width = width;
  guard->height = height;
  guard->scale = s;
  guard->grid_width = (width + s - 1) / s;
  guard->grid_height = (height + s - 1) / s;
  guard->sum = sobolev_large_new0 (gdouble, (gsize) guard->grid_width
                                                * guard->grid_height * 3);
  guard->count = sobolev_large_new0 (guint, (gsize) guard->grid_width
                                                * guard->grid_height);
  return guard;
}

void
sobolev_edge_guard_free (SobolevEdgeGuard *guard)
{
  if (!guard)
    return;
  g_free (guard->sum);
  g_free (guard->count);
  g_free (guard->move);
  g_free (guard->mix);
  g_free (guard->second_move);
  g_free (guard->second_mix);
  sobolev_lut_applier_free (guard->second_applier);
  sobolev_lut_free (guard->second_lut);
  g_free (guard);
}

/* The colors of a row of width pixels, as floats (3 a pixel).  The type
   is looked at once a row, not once a channel.  */
static void
guard_read_row (SobolevPixelType type, guint channels, const guint8 *row,
                guint width, gfloat *rgb)
{
  const gsize n = (gsize) width * channels;
  gsize k = 0;

  switch (type)
    {
    case SOBOLEV_PIXEL_U8:
      for (gsize i = 0; i < n; i += channels)
        for (guint c = 0; c < 3; c++)
          rgb[k++] = row[i + c] * (1.0f / 255.0f);
      break;
    case SOBOLEV_PIXEL_U16:
      for (gsize i = 0; i < n; i += channels)
        for (guint c = 0; c < 3; c++)
          rgb[k++] = ((const guint16 *) row)[i + c] * (1.0f / 65535.0f);
      break;
    default:
      for (gsize i = 0; i < n; i += channels)
        for (guint c = 0; c < 3; c++)
          rgb[k++] = ((const gfloat *) row)[i + c];
      break;
    }
}

/* Writes a row's colors (3 floats a pixel) to out in the row's type;
   with 4 channels each pixel keeps in's alpha (in may be out).  */
static void
guard_write_row (SobolevPixelType type, guint channels, const gfloat *rgb,
                 const guint8 *in, guint8 *out, guint width)
{
  for (guint p = 0; p < width; p++)
    {
      const gsize i = (gsize) p * channels;
      const gfloat *color = rgb + (gsize) p * 3;

      switch (type)
        {
        case SOBOLEV_PIXEL_U8:
          for (guint c = 0; c < 3; c++)
            out[i + c]
                = (guint8) lrintf (CLAMP (color[c], 0.0f, 1.0f) * 255.0f);
          if (channels == 4)
            out[i + 3] = in[i + 3];
          break;
        case SOBOLEV_PIXEL_U16:
          for (guint c = 0; c < 3; c++)
            ((guint16 *) out)[i + c]
                = (guint16) lrintf (CLAMP (color[c], 0.0f, 1.0f) * 65535.0f);
          if (channels == 4)
            ((guint16 *) out)[i + 3] = ((const guint16 *) in)[i + 3];
          break;
        default:
          for (guint c = 0; c < 3; c++)
            ((gfloat *) out)[i + c] = color[c];
          if (channels == 4)
            ((gfloat *) out)[i + 3] = ((const gfloat *) in)[i + 3];
          break;
        }
    }
}

/* A strip of pixels to sum into the guard's cells.  */
typedef struct
{
  SobolevEdgeGuard *guard;
  SobolevPixelType type;
  guint channels;
  const guint8 *pixels;
  gsize stride;
  guint x, y, width, height;
} GuardAddJob;

/* Sums the strip's rows that fall in the cell rows [start, end) counted
   from the strip's first: no two pieces share a cell.  */
static void
guard_add_rows (gsize start, gsize end, guint chunk, gpointer data)
{
  const GuardAddJob *job = data;
  SobolevEdgeGuard *guard = job->guard;
  const guint scale = guard->scale, first = job->y / scale;
  const guint j0 = MAX (job->y, (first + start) * scale) - job->y;
  const guint j1 = MIN (job->y + job->height, (first + end) * scale) - job->y;

  gfloat *colors = g_new (gfloat, (gsize) job->width * 3);

  (void) chunk;
  for (guint j = j0; j < j1; j++)
    {
      gsize cell
          = (gsize) ((job->y + j) / scale) * guard->grid_width + job->x / scale;
      /* The first pixel of the row in the next cell.  */
      guint next = (job->x / scale + 1) * scale - job->x;

      guard_read_row (job->type, job->channels,
                      job->pixels + (gsize) j * job->stride, job->width,
                      colors);
      for (guint i = 0; i < job->width; i++)
        {
          const gfloat *rgb = colors + (gsize) i * 3;

          if (i == next)
            cell++, next += scale;
          if (!isfinite (rgb[0]) || !isfinite (rgb[1]) || !isfinite (rgb[2]))
            continue;
          for (int c = 0; c < 3; c++)
            guard->sum[cell * 3 + c] += rgb[c];
          guard->count[cell]++;
        }
    }
  g_free (colors);
}

void
sobolev_edge_guard_add_pixels (SobolevEdgeGuard *guard, SobolevPixelType type,
                               guint channels, const void *pixels, gsize stride,
                               guint x, guint y, guint width, guint height,
                               guint n_threads)
{
  GuardAddJob job
      = { guard, type, channels, pixels, stride, x, y, width, height };

  g_return_if_fail (guard != NULL && (channels == 3 || channels == 4));
  g_return_if_fail (x + width <= guard->width && y + height <= guard->height);
  if (width == 0 || height == 0)
    return;
  sobolev_parallel_for ((y + height - 1) / guard->scale - y / guard->scale + 1,
                        MAX (1u, 65536 / ((gsize) width * guard->scale)),
                        n_threads, guard_add_rows, &job);
}

static inline gdouble
guard_distance (const gdouble *a, const gdouble *b)
{
  return sqrt ((a[0] - b[0]) * (a[0] - b[0]) + (a[1] - b[1]) * (a[1] - b[1])
               + (a[2] - b[2]) * (a[2] - b[2]));
}

/* Rows per block of the solver: sums are taken per block and then added
   in block order, so the result does not depend on the threads.  */
#define GUARD_BLOCK_ROWS 8

/* The fit's system, shared by the three channels: A = diag (ψ + tiny)
   + L, L the weighted graph Laplacian of the grid.  The solver keeps
   each channel in its own plane, in single precision, with a margin of
   zeros of more than a row on either side: a cell's product with A is
   then the same five terms everywhere (a missing neighbor has weight
   zero), and a block of rows is one run of cells the compiler can
   vectorize.  A fixed count of iterations from the previous round's fit
   is far from converged to float's rounding.  Sums are taken in double,
   in a fixed order.  */
typedef struct
{
  guint w, h;
  gsize n;       /* cells */
  gsize stride;  /* floats from one plane to the next */
  gfloat *right; /* weight of the edge to the right neighbor (0 at a border) */
  gfloat *down;  /* weight of the edge to the neighbor below (0 at a border) */
  gfloat *diag;  /* A's diagonal */
  guint n_threads;
  /* The state of the solve, three planes each: z = r / diag is the
     preconditioned residual and q = A p.  */
  gfloat *inverse; /* 1 / diag */
  gfloat *x, *r, *z, *p, *q;
  gfloat alpha[3], beta[3];
  gdouble *partial; /* per block: 3 sums */
  int stage;
  gboolean warm; /* x holds the last solve's result, as it was handed out */
} GuardSolver;

/* The passes of the solve.  Each is one sweep over the grid; the
   conjugate direction's product is updated as A p = A z + β A p, so
   that the new direction and its product take one sweep (A z reads only
   the preconditioned residual, which the previous sweep finished).  */
enum
{
  GUARD_STAGE_RESIDUAL, /* r = b − A x (b in r), z; sums of r·z */
  GUARD_STAGE_FIRST,    /* p = z, q = A z; sums of p·q */
  GUARD_STAGE_UPDATE,   /* x += α p, r −= α q, z; sums of r·z */
  GUARD_STAGE_DIRECTION /* p = z + β p, q = A z + β q; sums of p·q */
};

/* Cells taken together, as one vector of single-precision lanes.  A
   pass covers whole vectors: the last block reaches into the zero
   margin after the grid, where every plane stays zero.  */
#define GUARD_LANES 8

/* A vector of lanes, which may be loaded from and stored to any float
   (unaligned, and aliasing the floats it covers).  */
typedef gfloat GuardLanes
    __attribute__ ((vector_size (GUARD_LANES * 4), aligned (4), may_alias));
typedef gdouble GuardWideLanes
    __attribute__ ((vector_size (GUARD_LANES / 2 * 8)));

#define guard_load(p) (*(const GuardLanes *) (p))
#define guard_store(p, v) (*(GuardLanes *) (p) = (v))

/* The lanes' products a·b, in double, added pairwise into half as many
   lanes.  */
#define guard_products(a, b)                                                   \
  (__builtin_convertvector(__builtin_shufflevector (a, a, 0, 1, 2, 3),         \
                           GuardWideLanes)                                     \
       * __builtin_convertvector(__builtin_shufflevector (b, b, 0, 1, 2, 3),   \
                                 GuardWideLanes)                               \
   + __builtin_convertvector(__builtin_shufflevector (a, a, 4, 5, 6, 7),       \
                             GuardWideLanes)                                   \
         * __builtin_convertvector(__builtin_shufflevector (b, b, 4, 5, 6, 7), \
                                   GuardWideLanes))

/* (A v) at cells k… of one plane v, from A's diagonal d and the edge
   weights e (right) and f (down) on a grid w cells wide.  */
#define GUARD_PRODUCT(v, k)                                                    \
  (guard_load (d + (k)) * guard_load (v + (k))                                 \
   - guard_load (e + (k)) * guard_load (v + (k) + 1)                           \
   - guard_load (e + (k) -1) * guard_load (v + (k) -1)                         \
   - guard_load (f + (k)) * guard_load (v + (k) + w)                           \
   - guard_load (f + (k) -w) * guard_load (v + (k) -w))

/* The loop of one pass over the cells [k0, k1) of a plane: the body
   sets a and b, whose products are summed.  */
#define GUARD_SWEEP(body)                                                      \
  for (gsize i = k0; i < k1; i += GUARD_LANES)                                 \
    {                                                                          \
      GuardLanes a, b;                                                         \
                                                                               \
      body;                                                                    \
      sums += guard_products (a, b);                                           \
    }

/* One pass of the solve over the cells [k0, k1) of channel c, a whole
   number of vectors; returns the pass's sum over them.  */
static inline __attribute__ ((always_inline)) gdouble
guard_solver_run (GuardSolver *s, int c, gsize k0, gsize k1)
{
  const gsize o = c * s->stride;
  gfloat *restrict x = s->x + o, *restrict r = s->r + o, *restrict z = s->z + o,
                   *restrict p = s->p + o, *restrict q = s->q + o;
  const gfloat *restrict inverse = s->inverse, *restrict d = s->diag,
                         *restrict e = s->right, *restrict f = s->down;
  const gsize w = s->w;
  const gfloat alpha = s->alpha[c], beta = s->beta[c];
  GuardWideLanes sums = { 0.0 };
  gdouble sum = 0.0;

  switch (s->stage)
    {
    case GUARD_STAGE_RESIDUAL:
      GUARD_SWEEP (a = guard_load (r + i) - GUARD_PRODUCT (x, i);
                   b = a * guard_load (inverse + i); guard_store (r + i, a);
                   guard_store (z + i, b));
      break;
    case GUARD_STAGE_FIRST:
      GUARD_SWEEP (a = guard_load (z + i); b = GUARD_PRODUCT (z, i);
                   guard_store (p + i, a); guard_store (q + i, b));
      break;
    case GUARD_STAGE_UPDATE:
      GUARD_SWEEP (
          guard_store (x + i, guard_load (x + i) + alpha * guard_load (p + i));
          a = guard_load (r + i) - alpha * guard_load (q + i);
          b = a * guard_load (inverse + i); guard_store (r + i, a);
          guard_store (z + i, b));
      break;
    default:
      GUARD_SWEEP (a = guard_load (z + i) + beta * guard_load (p + i);
                   b = GUARD_PRODUCT (z, i) + beta * guard_load (q + i);
                   guard_store (p + i, a); guard_store (q + i, b));
      break;
    }
  for (guint l = 0; l < GUARD_LANES / 2; l++)
    sum += sums[l];
  return sum;
}

SOBOLEV_HOT_LOOP static void
guard_solver_blocks (gsize start, gsize end, guint chunk, gpointer data)
{
  GuardSolver *s = data;

  (void) chunk;
  for (gsize block = start; block < end; block++)
    {
      const gsize k0 = block * GUARD_BLOCK_ROWS * s->w;
      const gsize k1
          = MIN ((s->n + GUARD_LANES - 1) / GUARD_LANES * GUARD_LANES,
                 k0 + GUARD_BLOCK_ROWS * s->w);

      for (int c = 0; c < 3; c++)
        s->partial[block * 3 + c] = guard_solver_run (s, c, k0, k1);
    }
}

/* Runs a stage over all blocks; returns the three channel sums.  */
static void
guard_solver_stage (GuardSolver *s, int stage, gdouble sums[3])
{
  gsize n_blocks = (s->h + GUARD_BLOCK_ROWS - 1) / GUARD_BLOCK_ROWS;

  s->stage = stage;
  sobolev_parallel_for (n_blocks, MAX (1u, 16384 / (s->w * GUARD_BLOCK_ROWS)),
                        s->n_threads, guard_solver_blocks, s);
  sums[0] = sums[1] = sums[2] = 0.0;
  for (gsize b = 0; b < n_blocks; b++)
    for (int c = 0; c < 3; c++)
      sums[c] += s->partial[b * 3 + c];
}

/* planes planes of the solver's layout, their margins zero; returns the
   first cell of the first plane.  */
static gfloat *
guard_solver_planes (const GuardSolver *s, int planes)
{
  const gsize margin = (s->stride - s->n) / 2;
  gfloat *all = sobolev_large_new (gfloat, s->stride * planes);

  for (int i = 0; i < planes; i++)
    {
      memset (all + i * s->stride, 0, margin * sizeof (gfloat));
      memset (all + i * s->stride + margin + s->n, 0,
              (s->stride - s->n - margin) * sizeof (gfloat));
    }
  return all + margin;
}

static void
guard_solver_planes_free (const GuardSolver *s, gfloat *planes)
{
  g_free (planes - (s->stride - s->n) / 2);
}

/* Gives the solver the grid's edge weights and its working vectors, once
   for all the rounds of both stages: allocating them per solve cost more
   in page faults than a sweep.  */
static void
guard_solver_init (GuardSolver *s, guint w, guint h, const gdouble *right,
                   const gdouble *down, guint n_threads)
{
  const gsize n = (gsize) w * h;

  *s = (GuardSolver){ .w = w,
                      .h = h,
                      .n = n,
                      .stride = n + 2 * ((gsize) w + GUARD_LANES),
                      .n_threads = n_threads };
  s->right = guard_solver_planes (s, 1);
  s->down = guard_solver_planes (s, 1);
  for (gsize k = 0; k < n; k++)
    s->right[k] = (gfloat) right[k], s->down[k] = (gfloat) down[k];
  s->diag = guard_solver_planes (s, 1);
  s->inverse = guard_solver_planes (s, 1);
  s->x = guard_solver_planes (s, 3);
  s->r = guard_solver_planes (s, 3);
  s->z = guard_solver_planes (s, 3);
  s->p = guard_solver_planes (s, 3);
  s->q = guard_solver_planes (s, 3);
  s->partial
      = g_new (gdouble, ((h + GUARD_BLOCK_ROWS - 1) / GUARD_BLOCK_ROWS) * 3);
}

static void
guard_solver_clear (GuardSolver *s)
{
  gfloat *planes[] = { s->right, s->down, s->diag, s->inverse, s->x,
                       s->r,     s->z,    s->p,    s->q };

  for (guint i = 0; i < G_N_ELEMENTS (planes); i++)
    guard_solver_planes_free (s, planes[i]);
  g_free (s->partial);
}

/* Copies between the solver's x planes and channels interleaved (3 a
   cell), over cells [start, end): from into the planes, or the planes
   out into to.  */
typedef struct
{
  GuardSolver *s;
  const gdouble *from; /* into the planes, if not NULL */
  gdouble *to;         /* else out of them */
} GuardCopyJob;

static void
guard_copy_range (gsize start, gsize end, guint chunk, gpointer data)
{
  const GuardCopyJob *job = data;
  GuardSolver *s = job->s;

  (void) chunk;
  for (int c = 0; c < 3; c++)
    {
      gfloat *plane = s->x + c * s->stride;

      if (job->from)
        for (gsize k = start; k < end; k++)
          plane[k] = (gfloat) job->from[3 * k + c];
      else
        for (gsize k = start; k < end; k++)
          job->to[3 * k + c] = plane[k];
    }
}

/* A x = b for the three channels at once by Jacobi-preconditioned
   conjugate gradients, from x: A's diagonal and its inverse are in the
   solver's diag and inverse, b in its r planes; x holds the channels
   interleaved.  After the first solve the solver goes on from its own
   x planes (the last result), which guard_solver_result hands out.  */
static void
guard_solve_system (GuardSolver *s, const gdouble *x)
{
  const gsize n = s->n;
  gdouble rz[3], pq[3], rz_next[3];

  if (!s->warm)
    sobolev_parallel_for (n, 16384, s->n_threads, guard_copy_range,
                          &(GuardCopyJob){ s, x, NULL });
  guard_solver_stage (s, GUARD_STAGE_RESIDUAL, rz);
  guard_solver_stage (s, GUARD_STAGE_FIRST, pq);
  for (int it = 0; it < GUARD_CG_ITERATIONS; it++)
    {
      for (int c = 0; c < 3; c++)
        s->alpha[c]
            = (gfloat) (pq[c] > 0.0 && rz[c] > 1e-300 ? rz[c] / pq[c] : 0.0);
      guard_solver_stage (s, GUARD_STAGE_UPDATE, rz_next);
      if (it + 1 == GUARD_CG_ITERATIONS)
        break;
      for (int c = 0; c < 3; c++)
        {
          s->beta[c] = (gfloat) (rz[c] > 1e-300 ? rz_next[c] / rz[c] : 0.0);
          rz[c] = rz_next[c];
        }
      guard_solver_stage (s, GUARD_STAGE_DIRECTION, pq);
    }
  s->warm = TRUE;
}

/* The last solve's result, into x (the channels interleaved).  */
static void
guard_solver_result (GuardSolver *s, gdouble *x)
{
  sobolev_parallel_for (s->n, 16384, s->n_threads, guard_copy_range,
                        &(GuardCopyJob){ s, NULL, x });
}

/* Cells per piece of the guard's loops that run on threads.  */
#define GUARD_PIECE 8192

/* Rows per piece of the loops over whole rows of a grid w cells wide.  */
static inline gsize
guard_rows_per_piece (guint w)
{
  return MAX (1u, GUARD_PIECE / w);
}

/* n colors of a grid into CIELAB, less less (if not NULL), split over
   threads by cells.  */
typedef struct
{
  const gdouble *in;
  gdouble *out;
  const gdouble *less;
} GuardLabJob;

static void
guard_lab_range (gsize start, gsize end, guint chunk, gpointer data)
{
  const GuardLabJob *job = data;

  (void) chunk;
  sobolev_colorspace_from_srgb (SOBOLEV_SPACE_CIELAB, job->in + 3 * start,
                                job->out + 3 * start, end - start);
  if (job->less)
    for (gsize k = start * 3; k < end * 3; k++)
      job->out[k] -= job->less[k];
}

static void
guard_to_lab (const gdouble *in, gdouble *out, const gdouble *less, gsize n,
              guint n_threads)
{
  GuardLabJob job = { in, out, less };

  sobolev_parallel_for (n, GUARD_PIECE, n_threads, guard_lab_range, &job);
}

/* What every stage of a solve shares: the source on the grid, and the
   stages' working planes (allocated once: a fresh plane costs its page
   faults on first touch, more than a pass over it).  */
typedef struct
{
  guint w, h;
  gsize n;
  gdouble floor;
  gdouble gain;
  const gdouble *grad_src; /* its gradient */
  const gdouble *right, *down;
  guint n_threads;
  GuardSolver *solver; /* the fit's, on this grid */
  /* A stage's (see guard_stage): 3 per cell, then 1 per cell.  */
  gdouble *map_move, *move, *result;
  gdouble *ratio, *psi;
} GuardGrid;

/* The parts of a round of a stage that run on threads.  */
typedef enum
{
  GUARD_ROUND_RESULT, /* by cells: the result so far, lab_base + move */
  GUARD_ROUND_RATIO,  /* by rows: its gradient over the one allowed */
  GUARD_ROUND_TRUST,  /* by rows: the trust in each move, and the system */
  /* After the last round: */
  GUARD_ROUND_CLEAN, /* by cells: the clean result as a move from base */
  GUARD_ROUND_MIX    /* by rows: the least ψ, and how much of the clean
                        move to use */
} GuardRoundPart;

typedef struct
{
  GuardRoundPart part;
  const GuardGrid *g;
  const gdouble *base, *lab_base, *map_move;
  gdouble *move, *result, *ratio, *psi;
  gfloat *move_srgb, *mix;
  gsize rows_per_piece;
  guint n_pieces; /* of the parts by rows */
  gdouble *least; /* per piece: the least trust it gave a move, or ψ */
} GuardRoundJob;

/* For every cell of row j of plane (w × h, borders repeated), the
   largest value of its 3 × 3 neighborhood into out (w), or with
   complement the largest 1 − value (1 − the least value: 1 − v falls
   as v rises, rounding included).  Columns first, then along the row,
   so each value is read three times, not nine.  */
static void
guard_neighborhood_row (const gdouble *plane, guint w, guint h, guint j,
                        gboolean complement, gdouble *out)
{
  const gdouble *above = plane + (gsize) (j > 0 ? j - 1 : 0) * w;
  const gdouble *row = plane + (gsize) j * w;
  const gdouble *below = plane + (gsize) MIN (j + 1, h - 1) * w;

  for (guint i = 0; i < w; i++)
    out[i] = complement ? MIN (MIN (above[i], row[i]), below[i])
                        : MAX (MAX (above[i], row[i]), below[i]);
  {
    gdouble previous = out[0], current = out[0];

    for (guint i = 0; i < w; i++)
      {
        const gdouble next = out[MIN (i + 1, w - 1)];

        out[i] = complement ? 1.0 - MIN (MIN (previous, current), next)
                            : MAX (MAX (previous, current), next);
        previous = current;
        current = next;
      }
  }
}

/* The trust in the moves of rows [y0, y1): each one's ψ is multiplied by
   the trust that the largest ratio of its 3 × 3 neighborhood leaves,
   and the fit's system for the round is written into the solver: A's
   diagonal (ψ, a tiny floor, the edge weights) and its inverse, and
   b = ψ × the map's move.  */
static gdouble
guard_round_trust (const GuardRoundJob *job, guint y0, guint y1)
{
  const GuardGrid *g = job->g;
  GuardSolver *s = g->solver;
  const guint w = g->w, h = g->h;
  gdouble *most = g_new (gdouble, w);
  gdouble least = 1.0;

  for (guint j = y0; j < y1; j++)
    for (guint i = 0; i < w; i++)
      {
        const gsize k = (gsize) j * w + i;
        gdouble trust, d;

        /* The row's largest ratios, once per row.  */
        if (i == 0)
          guard_neighborhood_row (job->ratio, w, h, j, FALSE, most);
        trust = guard_trust (most[i]);
        least = MIN (least, trust);
        job->psi[k] *= trust;
        d = job->psi[k] + 1e-4;
        if (i + 1 < w)
          d += g->right[k];
        if (i > 0)
          d += g->right[k - 1];
        if (j + 1 < h)
          d += g->down[k];
        if (j > 0)
          d += g->down[k - w];
        s->diag[k] = (gfloat) d;
        s->inverse[k] = (gfloat) (1.0 / d);
        for (int c = 0; c < 3; c++)
          s->r[c * s->stride + k]
              = (gfloat) (job->psi[k] * job->map_move[3 * k + c]);
      }
  g_free (most);
  return least;
}

/* How much of the clean move to use in rows [y0, y1), if there is one
   (job->mix): all of it where the map's move was distrusted (and
   around: 4 × the largest distrust of the 3 × 3 neighborhood), none
   where the map is clean.  Returns the least ψ of the rows.  */
static gdouble
guard_round_mix (const GuardRoundJob *job, guint y0, guint y1)
{
  const guint w = job->g->w, h = job->g->h;
  gdouble *most = g_new (gdouble, w);
  gdouble least = 1.0;

  for (guint j = y0; j < y1; j++)
    {
      guard_neighborhood_row (job->psi, w, h, j, TRUE, most);
      for (guint i = 0; i < w; i++)
        {
          const gsize k = (gsize) j * w + i;

          if (job->mix)
            job->mix[k] = (gfloat) MIN (1.0, 4.0 * most[i]);
          least = MIN (least, job->psi[k]);
        }
    }
  g_free (most);
  return least;
}

static void
guard_round_range (gsize start, gsize end, guint chunk, gpointer data)
{
  const GuardRoundJob *job = data;
  const GuardGrid *g = job->g;

  switch (job->part)
    {
    case GUARD_ROUND_RESULT:
      if (g->solver->warm)
        /* The move is the last solve's, still in the solver's planes.  */
        for (gsize k = start; k < end; k++)
          for (int c = 0; c < 3; c++)
            job->result[3 * k + c]
                = job->lab_base[3 * k + c]
                  + (gdouble) g->solver->x[c * g->solver->stride + k];
      else
        for (gsize k = start * 3; k < end * 3; k++)
          job->result[k] = job->lab_base[k] + job->move[k];
      break;
    case GUARD_ROUND_RATIO:
      sobolev_lab_gradient_rows (job->result, g->w, g->h, start, end,
                                 job->ratio);
      for (gsize k = start * g->w; k < end * g->w; k++)
        job->ratio[k] /= g->gain * g->grad_src[k] + g->floor;
      break;
    case GUARD_ROUND_TRUST:
      job->least[chunk] = guard_round_trust (job, start, end);
      break;
    case GUARD_ROUND_CLEAN:
      for (gsize k = start * 3; k < end * 3; k++)
        job->move[k] += job->lab_base[k];
      sobolev_colorspace_to_srgb (SOBOLEV_SPACE_CIELAB, job->move + 3 * start,
                                  job->move + 3 * start, end - start);
      for (gsize k = start * 3; k < end * 3; k++)
        job->move_srgb[k] = (gfloat) (job->move[k] - job->base[k]);
      break;
    default:
      job->least[chunk] = guard_round_mix (job, start, end);
      break;
    }
}

/* Runs one part of a round; returns the least trust for the trust, the
   least ψ for the mix.  */
static gdouble
guard_round_run (GuardRoundJob *job, GuardRoundPart part)
{
  const GuardGrid *g = job->g;
  gdouble least = 1.0;

  job->part = part;
  if (part == GUARD_ROUND_RESULT || part == GUARD_ROUND_CLEAN)
    {
      sobolev_parallel_for (g->n, GUARD_PIECE, g->n_threads, guard_round_range,
                            job);
      return least;
    }
  sobolev_parallel_for (g->h, job->rows_per_piece, g->n_threads,
                        guard_round_range, job);
  if (part != GUARD_ROUND_RATIO)
    for (guint c = 0; c < job->n_pieces; c++)
      least = MIN (least, job->least[c]);
  return least;
}

/* One stage: base (encoded sRGB, and lab_base, its CIELAB) through lut.
   Where the result has edges the source does not explain, the moves are
   refitted; *move gets the clean result − base (encoded sRGB) and *mix
   how much of it replaces the map, or both stay NULL when nothing was
   distrusted.  mapped (NULL or n × 3) receives the map's colors at the
   cells.  Returns the least trust a move kept (below 1/2: the map
   painted a false edge there).  */
static gdouble
guard_stage (const GuardGrid *g, const gdouble *base, const gdouble *lab_base,
             const SobolevLut *lut, gdouble *mapped, gfloat **move_out,
             gfloat **mix_out)
{
  const gsize n = g->n;
  gdouble *map_move = g->map_move, *move = g->move, *psi = g->psi;
  gdouble least_kept;
  GuardSolver *solver = g->solver;
  GuardRoundJob job;
  int rounds = 0;

  /* The map's moves at the cells, in CIELAB.  */
  if (mapped == NULL)
    mapped = map_move;
  sobolev_lut_eval_points (lut, base, mapped, n, g->n_threads);
  guard_to_lab (mapped, map_move, lab_base, n, g->n_threads);

  memcpy (move, map_move, n * 3 * sizeof (gdouble));
  for (gsize k = 0; k < n; k++)
    psi[k] = 1.0;
  solver->warm = FALSE;
  job = (GuardRoundJob){ .g = g,
                         .base = base,
                         .lab_base = lab_base,
                         .map_move = map_move,
                         .move = move,
                         .result = g->result,
                         .ratio = g->ratio,
                         .psi = psi,
                         .rows_per_piece = guard_rows_per_piece (g->w) };
  job.n_pieces
      = sobolev_parallel_chunks (g->h, job.rows_per_piece, g->n_threads);
  job.least = g_new (gdouble, job.n_pieces);
  for (int round = 0; round < GUARD_ROUNDS; round++)
    {
      guard_round_run (&job, GUARD_ROUND_RESULT);
      guard_round_run (&job, GUARD_ROUND_RATIO);
      /* Nothing (more) to distrust: a clean map is left exactly as it
         is, and a fit that paints no false edge is kept.  */
      if (guard_round_run (&job, GUARD_ROUND_TRUST) > GUARD_TRUSTED)
        break;
      guard_solve_system (solver, move);
      rounds++;
    }

  /* After a fit: the clean result as a move from base in encoded sRGB,
     and how much of it to use.  */
  if (rounds > 0)
    {
      guard_solver_result (solver, move);
      job.mix = *mix_out = sobolev_large_new (gfloat, n);
      job.move_srgb = *move_out = sobolev_large_new (gfloat, n * 3);
      guard_round_run (&job, GUARD_ROUND_CLEAN);
    }
  least_kept = guard_round_run (&job, GUARD_ROUND_MIX);
  g_free (job.least);
  return least_kept;
}

/* What a stage makes of one color of base at cell k: the map's color
   map, moved toward the clean one as the stage's mix says.  */
static inline gfloat
guard_blend (gfloat map, gfloat base, gfloat move, gfloat mix)
{
  return map + mix * (base + move - map);
}

/* The source on the grid, split over threads: by cells, each cell's
   mean color (src) and its CIELAB (lab); then by rows, the gradient of
   lab and the weights of the edges to the right and below.  */
typedef struct
{
  const SobolevEdgeGuard *guard;
  gdouble *src, *lab, *grad_src, *right, *down;
  gboolean rows;
} GuardSourceJob;

static void
guard_source_range (gsize start, gsize end, guint chunk, gpointer data)
{
  const GuardSourceJob *job = data;
  const SobolevEdgeGuard *guard = job->guard;
  const guint w = guard->grid_width, h = guard->grid_height;

  (void) chunk;
  if (!job->rows)
    {
      for (gsize k = start; k < end; k++)
        for (int c = 0; c < 3; c++)
          job->src[3 * k + c]
              = guard->count[k] ? guard->sum[3 * k + c] / guard->count[k] : 0.0;
      sobolev_colorspace_from_srgb (SOBOLEV_SPACE_CIELAB, job->src + 3 * start,
                                    job->lab + 3 * start, end - start);
      return;
    }
  sobolev_lab_gradient_rows (job->lab, w, h, start, end, job->grad_src);
  for (guint j = start; j < end; j++)
    for (guint i = 0; i < w; i++)
      {
        const gsize k = (gsize) j * w + i;
        const gdouble *lab = job->lab;

        if (i + 1 < w)
          job->right[k] = GUARD_SMOOTHING
                          / (guard_distance (lab + 3 * k, lab + 3 * k + 3)
                             + GUARD_EDGE_SOFTNESS);
        if (j + 1 < h)
          job->down[k] = GUARD_SMOOTHING
                         / (guard_distance (lab + 3 * k, lab + 3 * (k + w))
                            + GUARD_EDGE_SOFTNESS);
      }
}

void
sobolev_edge_guard_solve (SobolevEdgeGuard *guard, const SobolevLut *lut,
                          gdouble gain, guint n_threads)
{
  const guint w = guard->grid_width, h = guard->grid_height;
  const gsize n = (gsize) w * h;
  gdouble *src, *lab, *grad_src, *right, *down, *mapped;
  GuardSolver solver;
  GuardGrid grid;
  gdouble least_kept;

  g_return_if_fail (guard != NULL && lut != NULL);
  g_clear_pointer (&guard->move, g_free);
  g_clear_pointer (&guard->mix, g_free);
  g_clear_pointer (&guard->second_move, g_free);
  g_clear_pointer (&guard->second_mix, g_free);
  g_clear_pointer (&guard->second_applier, sobolev_lut_applier_free);
  g_clear_pointer (&guard->second_lut, sobolev_lut_free);
  guard->solved = FALSE;
  if (!(gain > 0.0))
    return;

  src = sobolev_large_new (gdouble, n * 3);
  lab = sobolev_large_new (gdouble, n * 3);
  grad_src = sobolev_large_new (gdouble, n);
  right = sobolev_large_new0 (gdouble, n);
  down = sobolev_large_new0 (gdouble, n);
  {
    GuardSourceJob job = { guard, src, lab, grad_src, right, down, FALSE };

    sobolev_parallel_for (n, GUARD_PIECE, n_threads, guard_source_range, &job);
    job.rows = TRUE;
    sobolev_parallel_for (h, guard_rows_per_piece (w), n_threads,
                          guard_source_range, &job);
  }
  guard_solver_init (&solver, w, h, right, down, n_threads);
  grid = (GuardGrid){ .w = w,
                      .h = h,
                      .n = n,
                      .floor = GUARD_FLOOR * guard->scale,
                      .gain = gain,
                      .grad_src = grad_src,
                      .right = right,
                      .down = down,
                      .n_threads = n_threads,
                      .solver = &solver,
                      .map_move = sobolev_large_new (gdouble, n * 3),
                      .move = sobolev_large_new (gdouble, n * 3),
                      .result = sobolev_large_new (gdouble, n * 3),
                      .ratio = sobolev_large_new (gdouble, n),
                      .psi = sobolev_large_new (gdouble, n) };
  /* The map at the cells: the second stage starts from it.  */
  mapped = sobolev_large_new (gdouble, n * 3);
  least_kept
      = guard_stage (&grid, src, lab, lut, mapped, &guard->move, &guard->mix);
  guard->solved = guard->move != NULL;

  /* What the guard held back where the map painted false edges, a second
     map may carry: the first stage's result is transported again toward
     the map's target, and the second map is guarded against the source's
     own edges in turn.  */
  if (guard->solved && least_kept < 0.5 && lut->refine)
    {
      gfloat *first = sobolev_large_new (gfloat, n * 3),
             *weight = sobolev_large_new (gfloat, n);
      gdouble *first_d = mapped, *first_lab;
      const gdouble cell = (gdouble) guard->scale * guard->scale;

      /* The first stage, over the map at the cells (in place).  */
      for (gsize k = 0; k < n; k++)
        {
          for (int c = 0; c < 3; c++)
            {
              first[k * 3 + c]
                  = CLAMP (guard_blend ((gfloat) first_d[k * 3 + c],
                                        (gfloat) src[k * 3 + c],
                                        guard->move[k * 3 + c], guard->mix[k]),
                           0.0f, 1.0f);
              first_d[k * 3 + c] = first[k * 3 + c];
            }
          weight[k] = (gfloat) MIN (1.0, guard->count[k] / cell);
        }
      guard->second_lut = sobolev_lut_refine (lut, first, weight, w, h);
      if (guard->second_lut)
        {
          first_lab = sobolev_large_new (gdouble, n * 3);
          guard_to_lab (first_d, first_lab, NULL, n, n_threads);
          guard_stage (&grid, first_d, first_lab, guard->second_lut, NULL,
                       &guard->second_move, &guard->second_mix);
          guard->second_applier = sobolev_lut_applier_new (guard->second_lut);
          g_free (first_lab);
        }
      g_free (first), g_free (weight);
    }

  guard_solver_clear (&solver);
  g_free (mapped);
  g_free (grid.map_move), g_free (grid.move), g_free (grid.result);
  g_free (grid.ratio), g_free (grid.psi);
  g_free (src), g_free (lab), g_free (grad_src);
  g_free (right), g_free (down);
}

typedef struct
{
  const SobolevEdgeGuard *guard;
  const SobolevLutApplier *applier;
  SobolevPixelType type;
  guint channels;
  const guint8 *in;
  gsize in_stride;
  guint8 *out;
  gsize out_stride;
  guint x, y, width;
} GuardApplyJob;

/* Where image coordinate v falls between cells: cell a, the next one b,
   and the weight t of b (cell centers, clamped at the borders).  */
static inline void
guard_cell_position (guint v, guint scale, guint cells, guint *a, guint *b,
                     gfloat *t)
{
  gfloat f = ((gfloat) v + 0.5f) / scale - 0.5f;

  f = CLAMP (f, 0.0f, (gfloat) (cells - 1));
  *a = (guint) f;
  *b = MIN (*a + 1, cells - 1);
  *t = f - *a;
}

/* A stage's moves and mixes along one image row: the grid's rows a and
   b mixed with weight t of b, per grid column move (3) then mix (1), so
   that each pixel of the row has only its two columns to mix.  */
static void
guard_row_moves (const gfloat *move, const gfloat *mix, guint grid_width,
                 guint a, guint b, gfloat t, gfloat *out)
{
  const gfloat *move_a = move + (gsize) a * grid_width * 3;
  const gfloat *move_b = move + (gsize) b * grid_width * 3;
  const gfloat *mix_a = mix + (gsize) a * grid_width;
  const gfloat *mix_b = mix + (gsize) b * grid_width;

  for (guint i = 0; i < grid_width; i++)
    {
      for (int c = 0; c < 3; c++)
        out[i * 4 + c] = (1.0f - t) * move_a[i * 3 + c] + t * move_b[i * 3 + c];
      out[i * 4 + 3] = (1.0f - t) * mix_a[i] + t * mix_b[i];
    }
}

/* Blends one stage into res: map (the stage's LUT at base) moved toward
   base + the stage's move by its mix, both from the row's moves.  */
static inline void
guard_row_blend (const GuardApplyJob *job, const gfloat *row_moves,
                 const guint *xa, const gfloat *tx, const gfloat *map,
                 const gfloat *base, gfloat *res)
{
  for (guint i = 0; i < job->width; i++)
    {
      const gfloat *a = row_moves + (gsize) xa[i] * 4;
      const gfloat *b = a + (xa[i] + 1 < job->guard->grid_width ? 4 : 0);
      gfloat m = a[3] + tx[i] * (b[3] - a[3]);

      for (int c = 0; c < 3; c++)
        res[(gsize) i * 3 + c]
            = guard_blend (map[(gsize) i * 3 + c], base[(gsize) i * 3 + c],
                           a[c] + tx[i] * (b[c] - a[c]), m);
    }
}

SOBOLEV_HOT_LOOP static void
guard_apply_rows (gsize start, gsize end, guint chunk, gpointer data)
{
  const GuardApplyJob *job = data;
  const SobolevEdgeGuard *g = job->guard;
  const guint w = job->width;
  const gsize row_bytes = (gsize) w * 3 * sizeof (gfloat);
  gfloat *src = g_new (gfloat, (gsize) w * 3);
  gfloat *map = g_new (gfloat, (gsize) w * 3);
  gfloat *res = g_new (gfloat, (gsize) w * 3);
  gfloat *row_moves = g_new (gfloat, (gsize) g->grid_width * 4);
  gfloat *second_row_moves
      = g->second_move ? g_new (gfloat, (gsize) g->grid_width * 4) : NULL;
  guint *xa = g_new (guint, w);
  gfloat *tx = g_new (gfloat, w);

  (void) chunk;
  for (guint i = 0; i < w; i++)
    {
      guint xb;

      guard_cell_position (job->x + i, g->scale, g->grid_width, &xa[i], &xb,
                           &tx[i]);
    }
  for (gsize row = start; row < end; row++)
    {
      const guint8 *in = job->in + row * job->in_stride;
      guint8 *out = job->out + row * job->out_stride;
      guint ya, yb;
      gfloat ty;

      guard_cell_position (job->y + row, g->scale, g->grid_height, &ya, &yb,
                           &ty);
      guard_row_moves (g->move, g->mix, g->grid_width, ya, yb, ty, row_moves);
      guard_read_row (job->type, job->channels, in, w, src);
      sobolev_lut_applier_apply (job->applier, SOBOLEV_PIXEL_FLOAT, 3, src,
                                 row_bytes, map, row_bytes, w, 1, NULL, 1);
      guard_row_blend (job, row_moves, xa, tx, map, src, res);
      if (g->second_applier)
        {
          /* The second stage starts where the first ended.  */
          for (gsize k = 0; k < (gsize) w * 3; k++)
            res[k] = CLAMP (res[k], 0.0f, 1.0f);
          sobolev_lut_applier_apply (g->second_applier, SOBOLEV_PIXEL_FLOAT, 3,
                                     res, row_bytes, map, row_bytes, w, 1, NULL,
                                     1);
          if (second_row_moves)
            {
              guard_row_moves (g->second_move, g->second_mix, g->grid_width, ya,
                               yb, ty, second_row_moves);
              guard_row_blend (job, second_row_moves, xa, tx, map, res, map);
            }
          memcpy (res, map, row_bytes);
        }
      guard_write_row (job->type, job->channels, res, in, out, w);
    }
  g_free (src), g_free (map), g_free (res);
  g_free (row_moves), g_free (second_row_moves), g_free (xa), g_free (tx);
}

void
sobolev_edge_guard_apply (const SobolevEdgeGuard *guard,
                          const SobolevLutApplier *applier,
                          SobolevPixelType type, guint channels, const void *in,
                          gsize in_stride, void *out, gsize out_stride, guint x,
                          guint y, guint width, guint height, guint n_threads)
{
  GuardApplyJob job = { guard, applier,    type, channels, in,   in_stride,
                        out,   out_stride, x,    y,        width };

  g_return_if_fail (guard != NULL && applier != NULL
                    && (channels == 3 || channels == 4));
  if (width == 0 || height == 0)
    return;
  if (!guard->solved)
    {
      sobolev_lut_applier_apply (applier, type, channels, in, in_stride, out,
                                 out_stride, width, height, NULL, n_threads);
      return;
    }
  sobolev_parallel_for (height, MAX (1u, 65536 / width), n_threads,
                        guard_apply_rows, &job);
}

void
sobolev_edge_guard_apply_image (const SobolevLut *lut, gdouble gain,
                                SobolevPixelType type, guint channels,
                                const void *in, gsize in_stride, void *out,
                                gsize out_stride, guint width, guint height,
                                guint n_threads)
{
  g_autoptr (SobolevEdgeGuard) guard = NULL;
  g_autoptr (SobolevLutApplier) applier = NULL;

  if (width == 0 || height == 0)
    return;
  guard = sobolev_edge_guard_new (width, height);
  applier = sobolev_lut_applier_new (lut);
  sobolev_edge_guard_add_pixels (guard, type, channels, in, in_stride, 0, 0,
                                 width, height, n_threads);
  sobolev_edge_guard_solve (guard, lut, gain, n_threads);
  sobolev_edge_guard_apply (guard, applier, type, channels, in, in_stride, out,
                            out_stride, 0, 0, width, height, n_threads);
}

/* The preview's grid: the same as the final result's, so that the
   preview shows what OK will apply.  */
#define GUARD_PREVIEW_CELLS GUARD_GRID_MAX_CELLS

void
sobolev_edge_guard_preview (SobolevEdgeGuard **guard, const SobolevLut *lut,
                            gdouble gain, gsize max_cells, const guint8 *in,
                            guint8 *out, guint channels, guint width,
                            guint height, gboolean split)
{
  gsize stride = (gsize) width * channels;
  guint half = width / 2;

  memcpy (out, in, stride * height);
  if (lut && width > 0 && height > 0)
    {
      g_autoptr (SobolevLutApplier) applier = sobolev_lut_applier_new (lut);

      if (*guard == NULL)
        {
          *guard = sobolev_edge_guard_new_with_grid (
              width, height, max_cells ? max_cells : GUARD_PREVIEW_CELLS);
          if (gain > 0.0)
            {
              sobolev_edge_guard_add_pixels (*guard, SOBOLEV_PIXEL_U8, channels,
                                             in, stride, 0, 0, width, height,
                                             0);
              sobolev_edge_guard_solve (*guard, lut, gain, 0);
            }
        }
      sobolev_edge_guard_apply (*guard, applier, SOBOLEV_PIXEL_U8, channels, in,
                                stride, out, stride, 0, 0, width, height, 1);
    }
  if (!split || width <= 2)
    return;
  for (guint y = 0; y < height; y++)
    {
      guint8 *row = out + y * stride;

      memcpy (row, in + y * stride, (gsize) half * channels);
      for (guint c = 0; c < MIN (channels, 3); c++)
        row[half * channels + c] = 128;
      if (channels == 4)
        row[half * channels + 3] = 255;
    }
}
