/* sobolev-transfer — the classic exact optimal-transport color transfer.
   See exact-ot.h.  */
#include "exact-ot.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define NONE G_MAXSIZE

/* ---------------------------------------------------------------------- */
/* Linear assignment.                                                      */

/* The solver keeps column potentials v; a row's potential is implicit.
   Invariant between augmentations: every assigned row i has its column
   at the minimum of cost[i][j] − v[j] over all j.  Each augmentation is a
   Dijkstra search from one free row over reduced costs, growing a set of
   columns by increasing distance until it reaches an unassigned column;
   then the potentials of the settled columns are lowered by how much
   closer than that column they were, and the path is flipped.  */

typedef struct
{
  const gdouble *cost;
  gsize n;
  gdouble *v;    /* column potentials */
  gdouble *dist; /* Dijkstra distances of columns */
  gsize *row_of; /* column → assigned row or NONE */
  gsize *col_of; /* row → assigned column or NONE */
  gsize *pred;   /* column → row it was reached from */
  gsize *cols;   /* columns: [0, low) settled, [low, up) at the current
                    minimum distance, [up, n) not yet reached */
} Lap;

/* Warm start for hard instances (geometric costs, where column reduction
   leaves most rows free and each search then settles a large share of
   the columns): a forward auction with ε-scaling finds an assignment and
   column prices that are optimal to within ε per row.  Each assigned
   column is then raised until it is its row's minimum, and rows whose
   column stops being their minimum (another row's raise undercut it) are
   freed again.  The result satisfies the invariant exactly as column
   reduction does, so the augmentations that follow are what makes the
   answer optimal; the auction only makes them short.  Returns the number
   of free rows, listed in free_rows.  */
static gsize
lap_auction_init (Lap *lap, gsize *free_rows)
{
  const gsize n = lap->n;
  const gdouble *cost = lap->cost;
  gdouble *price = lap->dist; /* scratch until the augmentations */
  gdouble *slack = lap->v;    /* reused below for the potentials */
  gsize *stack = free_rows;
  gdouble lo = G_MAXDOUBLE, hi = -G_MAXDOUBLE, eps, eps_final;
  gsize n_free = 0;

  for (gsize k = 0; k < n * n; k++)
    {
      lo = MIN (lo, cost[k]);
      hi = MAX (hi, cost[k]);
    }
  if (!(hi > lo))
    hi = lo + 1.0;
  eps = (hi - lo) / 4.0;
  /* Measured on photo colors (n = 1000–4000): a coarser end leaves more
     work to the augmentations, a finer one costs more auction phases.  */
  eps_final = (hi - lo) * 1e-3 / (gdouble) n;

  for (gsize j = 0; j < n; j++)
    price[j] = 0.0;
  for (;;)
    {
      gsize top = 0;
      for (gsize j = 0; j < n; j++)
        lap->row_of[j] = NONE;
      for (gsize i = n; i-- > 0;)
        {
          lap->col_of[i] = NONE;
          stack[top++] = i;
        }
      while (top > 0)
        {
          gsize i = stack[--top];
          const gdouble *row = cost + i * n;
          gdouble r1 = G_MAXDOUBLE, r2 = G_MAXDOUBLE;
          gsize j1 = 0, owner;
          for (gsize j = 0; j < n; j++)
            {
              gdouble r = row[j] + price[j];
              if (r < r2)
                {
                  if (r < r1)
                    {
                      r2 = r1;
                      r1 = r;
                      j1 = j;
                    }
                  else
                    r2 = r;
                }
            }
          price[j1] += (n > 1 ? r2 - r1 : 0.0) + eps;
          owner = lap->row_of[j1];
          if (owner != NONE)
            {
              lap->col_of[owner] = NONE;
              stack[top++] = owner;
            }
          lap->row_of[j1] = i;
          lap->col_of[i] = j1;
        }
      if (eps <= eps_final)
        break;
      eps = MAX (eps / 5.0, eps_final);
    }

  /* v = −price, each assigned column raised to its row's minimum.  */
  for (gsize i = 0; i < n; i++)
    {
      const gdouble *row = cost + i * n;
      gdouble m = G_MAXDOUBLE;
      for (gsize j = 0; j < n; j++)
        m = MIN (m, row[j] + price[j]);
      slack[i] = row[lap->col_of[i]] + price[lap->col_of[i]] - m;
    }
  for (gsize i = 0; i < n; i++)
    price[lap->col_of[i]] -= slack[i];
  for (gsize j = 0; j < n; j++)
    lap->v[j] = -price[j];

  /* Free the rows whose column is no longer their minimum.  */
  for (gsize i = 0; i < n; i++)
    {
      const gdouble *row = cost + i * n;
      gsize j0 = lap->col_of[i];
      gdouble mine = row[j0] - lap->v[j0];
      gboolean tight = TRUE;
      for (gsize j = 0; j < n; j++)
        if (row[j] - lap->v[j] < mine)
          {
            tight = FALSE;
            break;
          }
      if (!tight)
        {
          lap->row_of[j0] = NONE;
          lap->col_of[i] = NONE;
          free_rows[n_free++] = i;
        }
    }
  return n_free;
}

/* One shortest augmenting path from the free row f.  */
static void
lap_augment (Lap *lap, gsize f)
{
  const gsize n = lap->n;
  const gdouble *frow = lap->cost + f * n;
  gdouble *v = lap->v;
  gdouble *dist = lap->dist;
  gsize *cols = lap->cols;
  gsize low = 0, up = 0, last = 0;
  gsize end = NONE;
  gdouble dmin = 0.0;

  for (gsize j = 0; j < n; j++)
    {
      cols[j] = j;
      dist[j] = frow[j] - v[j];
      lap->pred[j] = f;
    }

  while (end == NONE)
    {
      if (low == up)
        {
          /* Gather the unreached columns at the smallest distance.  */
          last = low;
          dmin = dist[cols[up]];
          up++;
          for (gsize k = up; k < n; k++)
            {
              gsize j = cols[k];
              gdouble h = dist[j];
              if (h <= dmin)
                {
                  if (h < dmin)
                    {
                      up = low;
                      dmin = h;
                    }
                  cols[k] = cols[up];
                  cols[up] = j;
                  up++;
                }
            }
          for (gsize k = low; k < up; k++)
            if (lap->row_of[cols[k]] == NONE)
              {
                end = cols[k];
                break;
              }
          if (end != NONE)
            break;
        }

      /* Settle one column at distance dmin and relax through its row.  */
      gsize j1 = cols[low++];
      gsize i = lap->row_of[j1];
      const gdouble *irow = lap->cost + i * n;
      gdouble u1 = irow[j1] - v[j1] - dmin;
      for (gsize k = up; k < n; k++)
        {
          gsize j = cols[k];
          gdouble h = irow[j] - v[j] - u1;
          if (h < dist[j])
            {
              dist[j] = h;
              lap->pred[j] = i;
              if (h == dmin)
                {
                  if (lap->row_of[j] == NONE)
                    {
                      end = j;
                      break;
                    }
                  cols[k] = cols[up];
                  cols[up] = j;
                  up++;
                }
            }
        }
    }

  /* Lower the potentials of the settled columns.  */
  for (gsize k = 0; k < last; k++)
    {
      gsize j = cols[k];
      v[j] += dist[j] - dmin;
    }

  /* Flip the path.  */
  for (;;)
    {
      gsize i = lap->pred[end];
      gsize next = lap->col_of[i];
      lap->row_of[end] = i;
      lap->col_of[i] = end;
      if (i == f)
        break;
      end = next;
    }
}

gdouble
exact_ot_assign (const gdouble *cost, gsize n, gsize *perm)
{
  Lap lap;
  gsize *free_rows;
  gsize n_free;
  gdouble total = 0.0;

  g_return_val_if_fail (n == 0 || (cost != NULL && perm != NULL), 0.0);
  if (n == 0)
    return 0.0;

  lap.cost = cost;
  lap.n = n;
  lap.v = g_new (gdouble, n);
  lap.dist = g_new (gdouble, n);
  lap.row_of = g_new (gsize, n);
  lap.col_of = perm;
  lap.pred = g_new (gsize, n);
  lap.cols = g_new (gsize, n);
  free_rows = g_new (gsize, n);

  n_free = lap_auction_init (&lap, free_rows);
  for (gsize k = 0; k < n_free; k++)
    lap_augment (&lap, free_rows[k]);

  for (gsize i = 0; i < n; i++)
    total += cost[i * n + perm[i]];

  g_free (free_rows);
  g_free (lap.cols);
  g_free (lap.pred);
  g_free (lap.row_of);
  g_free (lap.dist);
  g_free (lap.v);
  return total;
}

/* ---------------------------------------------------------------------- */
/* Sampling.                                                               */

/* Uniform in [0, bound), bound > 0.  */
static gsize
rand_below (GRand *rand, gsize bound)
{
  for (;;)
    {
      guint64 x = ((guint64) g_rand_int (rand) << 32) | g_rand_int (rand);
      guint64 r = x % bound;
      /* Reject the incomplete last block of [0, 2^64).  */
      if (x - r <= G_MAXUINT64 - ((guint64) bound - 1))
        return (gsize) r;
    }
}

typedef struct
{
  gsize rank;
  gsize slot;
} RankSlot;

static int
compare_rank_slot (const void *a, const void *b)
{
  const RankSlot *x = a, *y = b;
  if (x->rank != y->rank)
    return x->rank < y->rank ? -1 : 1;
  return x->slot < y->slot ? -1 : (x->slot > y->slot);
}

static gsize
count_opaque (const gfloat *pixels, gsize n_pixels)
{
  gsize count = 0;
  for (gsize p = 0; p < n_pixels; p++)
    count += pixels[4 * p + 3] != 0.0f;
  return count;
}

/* Draws n pixel indices with replacement, uniformly among the n_opaque
   pixels whose alpha is not 0, into index[].  */
static void
sample_pixels (GRand *rand, const gfloat *pixels, gsize n_pixels,
               gsize n_opaque, gsize n, gsize *index)
{
  RankSlot *draws;
  gsize k = 0, rank = 0;

  if (n_opaque == n_pixels)
    {
      for (gsize s = 0; s < n; s++)
        index[s] = rand_below (rand, n_pixels);
      return;
    }

  /* Draw ranks among opaque pixels, then resolve them in one pass.  */
  draws = g_new (RankSlot, n);
  for (gsize s = 0; s < n; s++)
    {
      draws[s].rank = rand_below (rand, n_opaque);
      draws[s].slot = s;
    }
  qsort (draws, n, sizeof (RankSlot), compare_rank_slot);
  for (gsize p = 0; p < n_pixels && k < n; p++)
    {
      if (pixels[4 * p + 3] == 0.0f)
        continue;
      while (k < n && draws[k].rank == rank)
        index[draws[k++].slot] = p;
      rank++;
    }
  g_free (draws);
}

/* ---------------------------------------------------------------------- */
/* Exact nearest neighbor: a k-d tree over the source samples.            */

typedef struct
{
  gsize n;
  gdouble *points; /* 3 per node, in tree order */
  gsize *id;       /* node → sample index */
  guint8 *axis;    /* node → splitting axis */
} KdTree;

/* Reorders nodes [lo, hi) so that the median on axis sits at the middle,
   smaller-or-equal before it and greater-or-equal after it.  */
static void
kd_select (KdTree *t, gsize lo, gsize hi, gsize mid, guint axis)
{
  while (hi - lo > 1)
    {
      gsize a = lo, b = hi - 1, m = lo + (hi - lo) / 2;
      gdouble pivot;
      gsize store;

      /* Median of three as pivot, moved to the end.  */
      gdouble xa = t->points[3 * a + axis], xm = t->points[3 * m + axis],
              xb = t->points[3 * b + axis];
      gsize pick = (xa < xm) == (xm < xb) ? m : (xm < xa) == (xa < xb) ? a : b;
#define KD_SWAP(p, q)                                                          \
  do                                                                           \
    {                                                                          \
      gsize _p = (p), _q = (q);                                                \
      for (guint _c = 0; _c < 3; _c++)                                         \
        {                                                                      \
          gdouble _t = t->points[3 * _p + _c];                                 \
          t->points[3 * _p + _c] = t->points[3 * _q + _c];                     \
          t->points[3 * _q + _c] = _t;                                         \
        }                                                                      \
      gsize _i = t->id[_p];                                                    \
      t->id[_p] = t->id[_q];                                                   \
      t->id[_q] = _i;                                                          \
    }                                                                          \
  while (0)
      KD_SWAP (pick, b);
      pivot = t->points[3 * b + axis];
      store = lo;
      for (gsize k = lo; k < b; k++)
        if (t->points[3 * k + axis] < pivot)
          {
            KD_SWAP (k, store);
            store++;
          }
      KD_SWAP (store, b);
#undef KD_SWAP
      if (store == mid)
        return;
      if (mid < store)
        hi = store;
      else
        lo = store + 1;
    }
}

static void
kd_build (KdTree *t, gsize lo, gsize hi)
{
  gdouble min[3], max[3];
  guint axis = 0;
  gsize mid;

  if (hi - lo < 1)
    return;
  mid = lo + (hi - lo) / 2;
  /* Split along the widest extent.  */
  for (guint c = 0; c < 3; c++)
    min[c] = max[c] = t->points[3 * lo + c];
  for (gsize k = lo + 1; k < hi; k++)
    for (guint c = 0; c < 3; c++)
      {
        gdouble x = t->points[3 * k + c];
        min[c] = MIN (min[c], x);
        max[c] = MAX (max[c], x);
      }
  for (guint c = 1; c < 3; c++)
    if (max[c] - min[c] > max[axis] - min[axis])
      axis = c;
  kd_select (t, lo, hi, mid, axis);
  t->axis[mid] = (guint8) axis;
  kd_build (t, lo, mid);
  kd_build (t, mid + 1, hi);
}

static void
kd_init (KdTree *t, const gdouble *points, gsize n)
{
  t->n = n;
  t->points = g_new (gdouble, 3 * n);
  memcpy (t->points, points, 3 * n * sizeof (gdouble));
  t->id = g_new (gsize, n);
  t->axis = g_new0 (guint8, n);
  for (gsize k = 0; k < n; k++)
    t->id[k] = k;
  kd_build (t, 0, n);
}

static void
kd_clear (KdTree *t)
{
  g_free (t->points);
  g_free (t->id);
  g_free (t->axis);
}

static void
kd_search (const KdTree *t, gsize lo, gsize hi, const gdouble q[3], gsize *best,
           gdouble *best_d)
{
  while (lo < hi)
    {
      gsize mid = lo + (hi - lo) / 2;
      const gdouble *p = t->points + 3 * mid;
      gdouble dx = q[0] - p[0], dy = q[1] - p[1], dz = q[2] - p[2];
      gdouble d = dx * dx + dy * dy + dz * dz;
      guint axis = t->axis[mid];
      gdouble diff = q[axis] - p[axis];

      if (d < *best_d || (d == *best_d && t->id[mid] < *best))
        {
          *best_d = d;
          *best = t->id[mid];
        }
      /* Near side first (recursively), far side only if it can hold a
         point as close as the best so far (ties matter for the index).  */
      if (diff < 0.0)
        {
          kd_search (t, lo, mid, q, best, best_d);
          if (diff * diff > *best_d)
            return;
          lo = mid + 1;
        }
      else
        {
          kd_search (t, mid + 1, hi, q, best, best_d);
          if (diff * diff > *best_d)
            return;
          hi = mid;
        }
    }
}

/* The index of the sample nearest to q, lowest index among ties.  */
static gsize
kd_nearest (const KdTree *t, const gdouble q[3])
{
  gsize best = 0;
  gdouble best_d = INFINITY;
  kd_search (t, 0, t->n, q, &best, &best_d);
  return best;
}

void
exact_ot_nearest (const gdouble *points, gsize n_points, const gfloat *pixels,
                  gsize n_pixels, gsize *nearest)
{
  KdTree tree;

  g_return_if_fail (n_points > 0 && points != NULL);
  g_return_if_fail (n_pixels == 0 || (pixels != NULL && nearest != NULL));
  kd_init (&tree, points, n_points);
  for (gsize p = 0; p < n_pixels; p++)
    {
      gdouble q[3] = { pixels[4 * p], pixels[4 * p + 1], pixels[4 * p + 2] };
      nearest[p] = kd_nearest (&tree, q);
    }
  kd_clear (&tree);
}

/* ---------------------------------------------------------------------- */
/* The recipe.                                                             */

/* A direct-mapped cache of exact colors → nearest sample, since photos
   repeat colors a lot.  */
#define CACHE_BITS 16

typedef struct
{
  guint32 key[3];
  guint32 value; /* G_MAXUINT32: empty */
} CacheEntry;

typedef struct
{
  const gfloat *source;
  gfloat *out;
  gsize begin, end;
  const KdTree *tree;
  const gdouble *src_samples; /* 3 per sample */
  const gdouble *target;      /* 3 per sample: assigned reference color */
  gboolean displacement;
} ExtendJob;

static gpointer
extend_run (gpointer data)
{
  const ExtendJob *job = data;
  gboolean use_cache = job->tree->n < G_MAXUINT32;
  CacheEntry *cache = NULL;

  if (use_cache)
    {
      cache = g_new (CacheEntry, (gsize) 1 << CACHE_BITS);
      for (gsize k = 0; k < (gsize) 1 << CACHE_BITS; k++)
        cache[k].value = G_MAXUINT32;
    }

  for (gsize p = job->begin; p < job->end; p++)
    {
      const gfloat *px = job->source + 4 * p;
      gfloat *o = job->out + 4 * p;
      gsize nearest = NONE;
      CacheEntry *entry = NULL;

      if (use_cache)
        {
          guint32 key[3];
          guint32 h;
          memcpy (key, px, sizeof key);
          h = key[0] * 0x9E3779B1u;
          h = (h ^ key[1]) * 0x85EBCA77u;
          h = (h ^ key[2]) * 0xC2B2AE3Du;
          h ^= h >> 15;
          entry = cache + (h & (((guint32) 1 << CACHE_BITS) - 1));
          if (entry->value != G_MAXUINT32
              && memcmp (entry->key, key, sizeof key) == 0)
            nearest = entry->value;
          else
            memcpy (entry->key, key, sizeof key);
        }
      if (nearest == NONE)
        {
          gdouble q[3] = { px[0], px[1], px[2] };
          nearest = kd_nearest (job->tree, q);
          if (entry != NULL)
            entry->value = (guint32) nearest;
        }

      const gdouble *t = job->target + 3 * nearest;
      if (job->displacement)
        {
          const gdouble *s = job->src_samples + 3 * nearest;
          for (guint c = 0; c < 3; c++)
            o[c] = (gfloat) CLAMP ((gdouble) px[c] + (t[c] - s[c]), 0.0, 1.0);
        }
      else
        for (guint c = 0; c < 3; c++)
          o[c] = (gfloat) t[c];
      o[3] = px[3];
    }

  g_free (cache);
  return NULL;
}

void
exact_ot_recolor (const gfloat *source, gsize n_source_pixels,
                  const gfloat *reference, gsize n_reference_pixels,
                  gsize n_samples, guint32 seed,
                  gboolean displacement_extension, gfloat *out)
{
  gsize n = n_samples;
  gsize src_opaque, ref_opaque;
  gsize *src_index, *ref_index, *perm;
  gdouble *src_pts, *ref_pts, *cost, *target;
  GRand *rand;
  KdTree tree;
  enum
  {
    N_JOBS = 2
  };
  ExtendJob jobs[N_JOBS];
  GThread *threads[N_JOBS];

  g_return_if_fail (n_source_pixels == 0 || source != NULL);
  g_return_if_fail (n_reference_pixels == 0 || reference != NULL);
  g_return_if_fail (n_source_pixels == 0 || out != NULL);

  src_opaque = count_opaque (source, n_source_pixels);
  ref_opaque = count_opaque (reference, n_reference_pixels);
  if (n == 0 || src_opaque == 0 || ref_opaque == 0)
    {
      if (n_source_pixels > 0)
        memcpy (out, source, 4 * n_source_pixels * sizeof (gfloat));
      return;
    }

  rand = g_rand_new_with_seed (seed);
  src_index = g_new (gsize, n);
  ref_index = g_new (gsize, n);
  sample_pixels (rand, source, n_source_pixels, src_opaque, n, src_index);
  sample_pixels (rand, reference, n_reference_pixels, ref_opaque, n, ref_index);
  g_rand_free (rand);

  src_pts = g_new (gdouble, 3 * n);
  ref_pts = g_new (gdouble, 3 * n);
  for (gsize s = 0; s < n; s++)
    for (guint c = 0; c < 3; c++)
      {
        src_pts[3 * s + c] = source[4 * src_index[s] + c];
        ref_pts[3 * s + c] = reference[4 * ref_index[s] + c];
      }

  cost = g_new (gdouble, n * n);
  for (gsize i = 0; i < n; i++)
    {
      const gdouble *a = src_pts + 3 * i;
      gdouble *row = cost + i * n;
      for (gsize j = 0; j < n; j++)
        {
          const gdouble *b = ref_pts + 3 * j;
          gdouble d0 = a[0] - b[0], d1 = a[1] - b[1], d2 = a[2] - b[2];
          row[j] = d0 * d0 + d1 * d1 + d2 * d2;
        }
    }
  perm = g_new (gsize, n);
  exact_ot_assign (cost, n, perm);
  g_free (cost);

  target = g_new (gdouble, 3 * n);
  for (gsize s = 0; s < n; s++)
    for (guint c = 0; c < 3; c++)
      target[3 * s + c] = ref_pts[3 * perm[s] + c];

  kd_init (&tree, src_pts, n);
  for (guint k = 0; k < N_JOBS; k++)
    {
      jobs[k].source = source;
      jobs[k].out = out;
      jobs[k].begin = n_source_pixels * k / N_JOBS;
      jobs[k].end = n_source_pixels * (k + 1) / N_JOBS;
      jobs[k].tree = &tree;
      jobs[k].src_samples = src_pts;
      jobs[k].target = target;
      jobs[k].displacement = displacement_extension;
    }
  /* Small images are not worth a thread.  */
  if (n_source_pixels < 65536)
    {
      jobs[0].end = n_source_pixels;
      extend_run (&jobs[0]);
    }
  else
    {
      for (guint k = 1; k < N_JOBS; k++)
        threads[k] = g_thread_new ("exact-ot", extend_run, &jobs[k]);
      extend_run (&jobs[0]);
      for (guint k = 1; k < N_JOBS; k++)
        g_thread_join (threads[k]);
    }

  kd_clear (&tree);
  g_free (target);
  g_free (perm);
  g_free (ref_pts);
  g_free (src_pts);
  g_free (ref_index);
  g_free (src_index);
}
