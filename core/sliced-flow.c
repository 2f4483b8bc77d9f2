/* sobolev-transfer — the sliced-Wasserstein flow (Liutkus et al., ICML
   2019; Bonet et al., "Efficient gradient flows in sliced-Wasserstein
   space").

   Each step draws N_θ random unit directions θ_k (new ones every step,
   from the seed and the step's index).  Along each, the current cloud q
   and the target p project to 1-D weighted clouds whose optimal
   transport is the monotone rearrangement T_k = F_p⁻¹ ∘ F_q.  The step
   is

     x ← x + h (d / N_θ) Σ_k θ_k (T_k(θ_k·x) − θ_k·x) + √(2 λ h) ξ

   The factor d (the dimension) makes a full step (h = 1) move a
   translation all the way on average, since E θθᵀ = I/d; in 1-D it makes
   one step with h = 1 the exact monotone rearrangement.  The papers'
   plain average is this with h/d.  ξ is standard normal noise from a
   deterministic generator: λ is the temperature of the entropic term
   (0 by default: for colors it only adds grain).

   T_k is known exactly at the particles (the barycenter of where the
   monotone plan sends each particle's mass); between them the
   displacement is interpolated linearly, and beyond the outermost
   particles it is held constant, so any point (a passenger) has a
   displacement.  */
#include "sliced-flow.h"

#include <math.h>
#include <string.h>

#include "large-buffer.h"
#include "parallel.h"
#include "sobolev-error.h"

typedef struct
{
  gdouble t;
  gdouble w;
} Atom;

/* A 1-D displacement known at knots (sorted, distinct positions), with
   an index of equal-width buckets over them so that finding a point's
   knot interval costs a short search instead of one over every knot.  */
typedef struct
{
  const gdouble *t;
  const gdouble *move;
  gsize n;
  /* first[b]: the first knot whose bucket is b or later (b ≤ n_buckets).  */
  guint32 *first;
  gsize n_buckets;
  gdouble origin;
  gdouble per_unit;
} Knots;

typedef struct AtomScratch AtomScratch;

typedef struct
{
  guint dim;
  guint n_directions;
  gdouble step;
  gdouble noise;
  guint32 seed;
  const SobolevCloud *target;
  guint fitted_step;
  guint64 noise_calls;
  /* The field of the current step: the directions (N_θ × dim) and along
     direction k, knots[k] positions with their displacements.  */
  gdouble *directions;
  gsize capacity;
  gdouble *knot_t;
  gdouble *knot_move;
  guint32 *knot_buckets;
  Knots *knots;
  /* The particles of the last fit (fitted_n × dim) and, along direction
     k, each one's move (row k of n_directions × fitted_n, in the
     particles' order): the field at the fitted particles themselves is
     read there instead of searched for among the knots.  */
  gdouble *fitted_points;
  gsize fitted_n;
  gdouble *particle_moves;
  /* Whether the knots of the current fit are indexed.  */
  gboolean indexed;
  /* One set of sorting buffers per piece of the fit's parallel loop.  */
  AtomScratch *scratch;
  guint n_scratch;
} SlicedFlow;

/* One step's fit, shared by the threads that fit its directions.  */
typedef struct
{
  SlicedFlow *flow;
  const SobolevCloud *current;
} SlicedFit;

/* One displacement call, shared by the threads that split its points.  */
typedef struct
{
  const SlicedFlow *flow;
  const gdouble *points;
  const gdouble *moves; /* the fitted particles' moves, when points are
                           those particles; else NULL */
  gdouble *out;
} SlicedDisplace;

/* A key whose unsigned order is the order of the positions: the sign
   bit flipped for positives, every bit for negatives (−0 counts as +0,
   as a comparison would have it; positions are never NaN).  */
static inline guint64
atom_key (gdouble t)
{
  union
  {
    gdouble d;
    guint64 u;
  } v = { t + 0.0 };

  return (v.u >> 63) ? ~v.u : v.u ^ (G_GUINT64_CONSTANT (1) << 63);
}

/* The sort orders atoms first by a coarse key: the position's place
   between the smallest and the largest, in 22 bits (monotone in the
   position, since subtracting and scaling in floating point keep their
   order).  A radix sort on it takes two passes of 11 bits over (prefix,
   index) pairs of 8 bytes.  Atoms that share a prefix lie within a
   four-millionth of the range of each other; those few runs are then
   ordered by their whole keys.  */
#define ATOM_PREFIX_BITS 22
#define ATOM_RADIX_BITS 11
#define ATOM_RADIX_PASSES                                                      \
  ((ATOM_PREFIX_BITS + ATOM_RADIX_BITS - 1) / ATOM_RADIX_BITS)
#define ATOM_RADIX_SIZE (1u << ATOM_RADIX_BITS)

/* Runs of equal prefixes longer than this are sorted by
   g_qsort_with_data, not by insertion.  */
#define ATOM_INSERTION_RUN 16

typedef struct
{
  guint32 prefix; /* the position's place in the range (see above) */
  guint32 index;  /* of the atom in the input */
} PrefixAtom;

/* The buffers one thread's sorts reuse from direction to direction and
   step to step (allocating them per sort had the kernel clear fresh pages
   for every one).  */
struct AtomScratch
{
  gsize capacity;     /* atoms each buffer holds */
  Atom *source_atoms; /* projections, in the particles' order */
  Atom *target_atoms; /* projections, in the target's order */
  Atom *source_sorted;
  Atom *target_sorted;
  guint32 *order;    /* input index of each sorted source atom */
  gdouble *spans;    /* monotone_knots's */
  PrefixAtom *keyed; /* 2 × capacity: the radix sort's two arrays */
  gsize *counts;     /* ATOM_RADIX_PASSES × ATOM_RADIX_SIZE */
};

/* Whether a goes after b: by whole key, then by input order, which is
   what keeps the sort stable.  */
static inline gboolean
atom_after (const Atom *atoms, const PrefixAtom *a, const PrefixAtom *b)
{
  guint64 ka = atom_key (atoms[a->index].t), kb = atom_key (atoms[b->index].t);

  return ka > kb || (ka == kb && a->index > b->index);
}

static gint
atom_compare (gconstpointer a, gconstpointer b, gpointer atoms)
{
  if (atom_after (atoms, a, b))
    return 1;
  return atom_after (atoms, b, a) ? -1 : 0;
}

/* Orders a run of equal prefixes by whole key, stably.  */
static void
atoms_sort_run (const Atom *atoms, PrefixAtom *run, gsize n)
{
  if (n > ATOM_INSERTION_RUN)
    {
      g_qsort_with_data (run, (gint) n, sizeof *run, atom_compare,
                         (gpointer) atoms);
      return;
    }
  for (gsize i = 1; i < n; i++)
    {
      PrefixAtom item = run[i];
      gsize j = i;

      while (j > 0 && atom_after (atoms, &run[j - 1], &item))
        {
          run[j] = run[j - 1];
          j--;
        }
      run[j] = item;
    }
}

/* Writes atoms in[0 … n − 1] to out sorted by position, stably (atoms at
   the same position keep their order, as a merge sort would leave them):
   a least-significant-digit radix sort on the positions' prefixes, then
   each run that shares one by whole key.  The sort runs twice per
   direction and step, on thousands of atoms, where a comparison sort's
   n log n calls through a function pointer were a fifth of a run.  order (NULL
   or n), if given, receives the input index of each sorted atom; scratch holds
   at least n atoms.  */
static void
atoms_sort (const Atom *in, gsize n, Atom *out, guint32 *order,
            AtomScratch *scratch)
{
  gsize *counts = scratch->counts;
  PrefixAtom *from, *to;
  gdouble lo, hi, scale = 0.0;

  if (n == 0)
    return;
  g_assert (n <= G_MAXUINT32 && n <= scratch->capacity);
  memset (counts, 0, ATOM_RADIX_PASSES * ATOM_RADIX_SIZE * sizeof *counts);
  from = scratch->keyed;
  to = scratch->keyed + n;
  lo = hi = in[0].t;
  for (gsize i = 1; i < n; i++)
    {
      lo = MIN (lo, in[i].t);
      hi = MAX (hi, in[i].t);
    }
  if (hi > lo)
    scale = ((1u << ATOM_PREFIX_BITS) - 1) / (hi - lo);
  for (gsize i = 0; i < n; i++)
    {
      from[i] = (PrefixAtom){ MIN ((guint32) ((in[i].t - lo) * scale),
                                   (1u << ATOM_PREFIX_BITS) - 1),
                              (guint32) i };
      for (guint p = 0; p < ATOM_RADIX_PASSES; p++)
        counts[p * ATOM_RADIX_SIZE
               + ((from[i].prefix >> (p * ATOM_RADIX_BITS))
                  & (ATOM_RADIX_SIZE - 1))]++;
    }
  for (guint p = 0; p < ATOM_RADIX_PASSES; p++)
    {
      gsize *count = counts + p * ATOM_RADIX_SIZE, start = 0;
      guint shift = p * ATOM_RADIX_BITS;

      /* A digit every key shares orders nothing.  */
      if (count[(from[0].prefix >> shift) & (ATOM_RADIX_SIZE - 1)] == n)
        continue;
      for (guint d = 0; d < ATOM_RADIX_SIZE; d++)
        {
          gsize c = count[d];

          count[d] = start;
          start += c;
        }
      for (gsize i = 0; i < n; i++)
        to[count[(from[i].prefix >> shift) & (ATOM_RADIX_SIZE - 1)]++]
            = from[i];
      {
        PrefixAtom *swap = from;

        from = to;
        to = swap;
      }
    }
  for (gsize i = 0; i < n;)
    {
      gsize end = i + 1;

      while (end < n && from[end].prefix == from[i].prefix)
        end++;
      if (end - i > 1)
        atoms_sort_run (in, from + i, end - i);
      i = end;
    }
  for (gsize i = 0; i < n; i++)
    {
      const Atom *a = &in[from[i].index];

      /* −0 becomes +0, as the key has it.  */
      out[i] = (Atom){ a->t + 0.0, a->w };
      if (order)
        order[i] = from[i].index;
    }
}

/* Sorts atoms as atoms_sort does and turns their weights into cumulative
   fractions (the last exactly 1).  Returns the total weight.  */
static gdouble
atoms_sort_cumulate (const Atom *in, gsize n, Atom *out, guint32 *order,
                     AtomScratch *scratch)
{
  gdouble total = 0.0, run = 0.0;

  atoms_sort (in, n, out, order, scratch);
  for (gsize i = 0; i < n; i++)
    total += out[i].w;
  for (gsize i = 0; i < n; i++)
    {
      run += out[i].w;
      out[i].w = run / total;
    }
  out[n - 1].w = 1.0;
  return total;
}

/* Frees the buffers sized by scratch's capacity.  */
static void
atom_scratch_free_buffers (AtomScratch *scratch)
{
  g_free (scratch->source_atoms);
  g_free (scratch->target_atoms);
  g_free (scratch->source_sorted);
  g_free (scratch->target_sorted);
  g_free (scratch->order);
  g_free (scratch->spans);
  g_free (scratch->keyed);
}

/* Makes scratch hold at least n atoms.  */
static void
atom_scratch_reserve (AtomScratch *scratch, gsize n)
{
  if (n <= scratch->capacity)
    return;
  atom_scratch_free_buffers (scratch);
  scratch->capacity = n;
  scratch->source_atoms = g_new (Atom, n);
  scratch->target_atoms = g_new (Atom, n);
  scratch->source_sorted = g_new (Atom, n);
  scratch->target_sorted = g_new (Atom, n);
  scratch->order = g_new (guint32, n);
  scratch->spans = g_new (gdouble, n);
  scratch->keyed = g_new (PrefixAtom, 2 * n);
  if (scratch->counts == NULL)
    scratch->counts = g_new (gsize, ATOM_RADIX_PASSES * ATOM_RADIX_SIZE);
}

static void
atom_scratch_clear (AtomScratch *scratch)
{
  atom_scratch_free_buffers (scratch);
  g_free (scratch->counts);
  memset (scratch, 0, sizeof *scratch);
}

/* The monotone plan from sorted, cumulated source atoms to sorted,
   cumulated target atoms: for each distinct source position that carries
   mass, the mean target position of its mass (∫ F_p⁻¹ over its quantile
   interval, divided by the interval's length).  Writes knot positions
   and displacements; returns how many.  span (n) is scratch.  */
static gsize
monotone_knots (const Atom *src, gsize n, const Atom *dst, gsize m,
                gdouble *knot_t, gdouble *knot_move, gdouble *span)
{
  gsize j = 0, n_knots = 0;
  gdouble c0 = 0.0;

  for (gsize i = 0; i < n;)
    {
      gsize last = i;
      gdouble c1, u, integral = 0.0;

      /* Equal positions form one atom: the field is a function of t.  */
      while (last + 1 < n && src[last + 1].t == src[i].t)
        last++;
      c1 = src[last].w;
      if (c1 > c0)
        {
          for (u = c0; u < c1;)
            {
              gdouble end;

              while (j + 1 < m && dst[j].w <= u)
                j++;
              end = (j + 1 < m) ? MIN (c1, dst[j].w) : c1;
              integral += (end - u) * dst[j].t;
              u = end;
            }
          knot_t[n_knots] = src[i].t;
          knot_move[n_knots] = integral;
          span[n_knots] = c1 - c0;
          n_knots++;
        }
      c0 = c1;
      i = last + 1;
    }
  /* The divisions apart from the walk, whose branches they would wait
     on, and side by side.  */
  for (gsize k = 0; k < n_knots; k++)
    knot_move[k] = knot_move[k] / span[k] - knot_t[k];
  return n_knots;
}

/* The bucket of position t, clamped to the index: monotone in t, which
   is all the search relies on.  */
static inline gsize
knots_bucket (const Knots *knots, gdouble t)
{
  gdouble b = (t - knots->origin) * knots->per_unit;

  if (!(b > 0.0))
    return 0;
  return b >= (gdouble) (knots->n_buckets - 1) ? knots->n_buckets - 1
                                               : (gsize) b;
}

/* Indexes knots t[0 … n − 1] into first (n + 1 entries; n is also the
   number of buckets).  */
static void
knots_index (Knots *knots, const gdouble *t, const gdouble *move, gsize n,
             guint32 *first)
{
  gsize b = 0;

  *knots = (Knots){ t, move, n, first, n, t[0], 0.0 };
  if (n > 1 && t[n - 1] > t[0])
    knots->per_unit = (gdouble) n / (t[n - 1] - t[0]);
  for (gsize i = 0; i < n; i++)
    {
      gsize bi = knots_bucket (knots, t[i]);

      while (b <= bi)
        first[b++] = (guint32) i;
    }
  while (b <= n)
    first[b++] = (guint32) n;
}

/* The displacement at t from knots: linear between knots, constant
   beyond them.  */
static gdouble
knots_eval (const Knots *knots, gdouble t)
{
  const gdouble *knot_t = knots->t, *knot_move = knots->move;
  const gsize n = knots->n;
  gsize b, lo, hi;

  if (t <= knot_t[0])
    return knot_move[0];
  if (t >= knot_t[n - 1])
    return knot_move[n - 1];
  /* A knot in an earlier bucket is at or before t, one in a later bucket
     after it: the last knot at or before t, lo, is in [first[b] − 1,
     first[b + 1] − 1], and t < knot_t[hi] for hi = first[b + 1] (or the
     last knot, which is past t).  */
  b = knots_bucket (knots, t);
  lo = knots->first[b] > 0 ? knots->first[b] - 1 : 0;
  hi = MIN (knots->first[b + 1], n - 1);
  while (hi - lo > 1)
    {
      gsize mid = lo + (hi - lo) / 2;

      if (knot_t[mid] <= t)
        lo = mid;
      else
        hi = mid;
    }
  return knot_move[lo]
         + (knot_move[hi] - knot_move[lo]) * (t - knot_t[lo])
               / (knot_t[hi] - knot_t[lo]);
}

/* The move of each sorted atom, written at its input index (order): the
   knot at its position, or for an atom without mass, which has no knot,
   the field between the knots around it, as knots_eval would give it.
   The atoms come in order, so the knots are walked, not searched.  */
static void
knots_at_atoms (const gdouble *knot_t, const gdouble *knot_move, gsize n_knots,
                const Atom *atoms, const guint32 *order, gsize n,
                gdouble *moves)
{
  gsize k = 0;

  for (gsize i = 0; i < n; i++)
    {
      gdouble t = atoms[i].t, move;

      while (k + 1 < n_knots && knot_t[k + 1] <= t)
        k++;
      if (knot_t[k] == t || t < knot_t[k] || k + 1 == n_knots)
        move = knot_move[k];
      else
        move = knot_move[k]
               + (knot_move[k + 1] - knot_move[k]) * (t - knot_t[k])
                     / (knot_t[k + 1] - knot_t[k]);
      moves[order[i]] = move;
    }
}

void
sobolev_monotone_barycenters (const gdouble *t, const gdouble *w, gsize n,
                              const gdouble *s, const gdouble *b, gsize m,
                              gdouble *out)
{
  AtomScratch scratch = { 0 };
  gdouble *knot_t = g_new (gdouble, n), *knot_move = g_new (gdouble, n);
  guint32 *buckets = g_new (guint32, n + 1);
  Knots knots;

  atom_scratch_reserve (&scratch, MAX (n, m));
  for (gsize i = 0; i < n; i++)
    scratch.source_atoms[i] = (Atom){ t[i], w[i] };
  for (gsize j = 0; j < m; j++)
    scratch.target_atoms[j] = (Atom){ s[j], b[j] };
  atoms_sort_cumulate (scratch.source_atoms, n, scratch.source_sorted, NULL,
                       &scratch);
  atoms_sort_cumulate (scratch.target_atoms, m, scratch.target_sorted, NULL,
                       &scratch);
  knots_index (&knots, knot_t, knot_move,
               monotone_knots (scratch.source_sorted, n, scratch.target_sorted,
                               m, knot_t, knot_move, scratch.spans),
               buckets);
  for (gsize i = 0; i < n; i++)
    out[i] = t[i] + knots_eval (&knots, t[i]);
  g_free (buckets);
  g_free (knot_t);
  g_free (knot_move);
  atom_scratch_clear (&scratch);
}

static gpointer
sliced_flow_create (const SobolevParams *params, const SobolevCloud *target,
                    GError **error)
{
  SlicedFlow *sf;

  if (!sobolev_cloud_check (target, "the reference", error))
    return NULL;
  sf = g_new0 (SlicedFlow, 1);
  sf->dim = target->dim;
  sf->n_directions = params->sliced_directions;
  sf->step = params->sliced_step;
  sf->noise = params->sliced_noise;
  sf->seed = (guint32) params->seed;
  sf->target = target;
  sf->directions = g_new (gdouble, (gsize) sf->n_directions * sf->dim);
  sf->knots = g_new0 (Knots, sf->n_directions);
  return sf;
}

/* A generator for one purpose at one step: the same seed, step and
   purpose give the same numbers, whatever came before.  */
static GRand *
sliced_flow_rand (const SlicedFlow *sf, guint step, guint32 purpose,
                  guint64 call)
{
  guint32 key[5]
      = { sf->seed, step, purpose, (guint32) call, (guint32) (call >> 32) };

  return g_rand_new_with_seed_array (key, G_N_ELEMENTS (key));
}

static gdouble
gaussian (GRand *rand)
{
  gdouble u = 1.0 - g_rand_double (rand), v = g_rand_double (rand);

  return sqrt (-2.0 * log (u)) * cos (2.0 * G_PI * v);
}

/* The monotone plans along directions [start, end) of the step: each
   direction sorts its own projections, so directions run concurrently
   and give the same knots in any order.  */
static void
sliced_flow_fit_directions (gsize start, gsize end, guint chunk, gpointer data)
{
  const SlicedFit *fit = data;
  SlicedFlow *sf = fit->flow;
  const SobolevCloud *current = fit->current, *p = sf->target;
  const guint dim = sf->dim;
  AtomScratch *scratch = &sf->scratch[chunk];

  atom_scratch_reserve (scratch, MAX (current->n, p->n));
  for (gsize k = start; k < end; k++)
    {
      const gdouble *theta = sf->directions + k * dim;
      gdouble *knot_t = sf->knot_t + k * sf->capacity;
      gdouble *knot_move = sf->knot_move + k * sf->capacity;
      gsize n_knots;

      for (gsize i = 0; i < current->n; i++)
        {
          gdouble t = 0.0;

          for (guint a = 0; a < dim; a++)
            t += theta[a] * current->points[i * dim + a];
          scratch->source_atoms[i] = (Atom){ t, current->weights[i] };
        }
      for (gsize j = 0; j < p->n; j++)
        {
          gdouble s = 0.0;

          for (guint a = 0; a < dim; a++)
            s += theta[a] * p->points[j * dim + a];
          scratch->target_atoms[j] = (Atom){ s, p->weights[j] };
        }
      atoms_sort_cumulate (scratch->source_atoms, current->n,
                           scratch->source_sorted, scratch->order, scratch);
      atoms_sort_cumulate (scratch->target_atoms, p->n, scratch->target_sorted,
                           NULL, scratch);
      n_knots = monotone_knots (scratch->source_sorted, current->n,
                                scratch->target_sorted, p->n, knot_t, knot_move,
                                scratch->spans);
      /* Indexed only when points other than the particles ask for the
         field (sliced_flow_index).  */
      sf->knots[k] = (Knots){ knot_t, knot_move, n_knots, NULL, 0, 0.0, 0.0 };
      knots_at_atoms (knot_t, knot_move, n_knots, scratch->source_sorted,
                      scratch->order, current->n,
                      sf->particle_moves + k * current->n);
    }
}

/* Indexes the knots of the step's directions, once per fit, for
   knots_eval.  */
static void
sliced_flow_index (SlicedFlow *sf)
{
  if (sf->indexed)
    return;
  for (guint k = 0; k < sf->n_directions; k++)
    {
      Knots *knots = &sf->knots[k];

      knots_index (knots, knots->t, knots->move, knots->n,
                   sf->knot_buckets + (gsize) k * (sf->capacity + 1));
    }
  sf->indexed = TRUE;
}

static gboolean
sliced_flow_fit (gpointer state, const SobolevCloud *current, guint step,
                 guint n_steps, GError **error)
{
  SlicedFlow *sf = state;
  const guint dim = sf->dim;
  SlicedFit fit = { sf, current };
  GRand *rand;
  guint n_chunks;

  (void) n_steps;
  if (!sobolev_cloud_check (current, "the source", error))
    return FALSE;
  if (current->n > sf->capacity)
    {
      sf->capacity = current->n;
      g_free (sf->knot_t);
      g_free (sf->knot_move);
      g_free (sf->knot_buckets);
      sf->knot_t = sobolev_large_new (gdouble, sf->capacity * sf->n_directions);
      sf->knot_move
          = sobolev_large_new (gdouble, sf->capacity * sf->n_directions);
      sf->knot_buckets
          = sobolev_large_new (guint32, (sf->capacity + 1) * sf->n_directions);
      g_free (sf->fitted_points);
      g_free (sf->particle_moves);
      sf->fitted_points = sobolev_large_new (gdouble, sf->capacity * dim);
      sf->particle_moves
          = sobolev_large_new (gdouble, sf->capacity * sf->n_directions);
    }
  sf->fitted_n = current->n;
  memcpy (sf->fitted_points, current->points,
          current->n * dim * sizeof (gdouble));
  sf->fitted_step = step;
  sf->noise_calls = 0;
  sf->indexed = FALSE;

  rand = sliced_flow_rand (sf, step, 0, 0);
  for (guint k = 0; k < sf->n_directions; k++)
    {
      gdouble *theta = sf->directions + (gsize) k * dim;
      gdouble norm2;

      do
        {
          norm2 = 0.0;
          for (guint a = 0; a < dim; a++)
            {
              theta[a] = gaussian (rand);
              norm2 += theta[a] * theta[a];
            }
        }
      while (norm2 < 1e-12);
      for (guint a = 0; a < dim; a++)
        theta[a] /= sqrt (norm2);
    }
  g_rand_free (rand);
  n_chunks = sobolev_parallel_chunks (sf->n_directions, 1, 0);
  if (n_chunks > sf->n_scratch)
    {
      sf->scratch = g_renew (AtomScratch, sf->scratch, n_chunks);
      memset (sf->scratch + sf->n_scratch, 0,
              (n_chunks - sf->n_scratch) * sizeof *sf->scratch);
      sf->n_scratch = n_chunks;
    }
  sobolev_parallel_for (sf->n_directions, 1, 0, sliced_flow_fit_directions,
                        &fit);
  return TRUE;
}

/* The displacement of points [start, end): each point sums its
   directions in the same order whichever thread has it.  */
static void
sliced_flow_displace_range (gsize start, gsize end, guint chunk, gpointer data)
{
  const SlicedDisplace *job = data;
  const SlicedFlow *sf = job->flow;
  const guint dim = sf->dim;
  const gdouble scale = sf->step * dim / sf->n_directions;

  (void) chunk;
  for (guint k = 0; k < sf->n_directions; k++)
    {
      const gdouble *theta = sf->directions + (gsize) k * dim;
      const Knots *knots = &sf->knots[k];

      if (job->moves)
        {
          const gdouble *moves = job->moves + (gsize) k * sf->fitted_n;

          for (gsize i = start; i < end; i++)
            {
              gdouble move = scale * moves[i];

              for (guint a = 0; a < dim; a++)
                job->out[i * dim + a] += move * theta[a];
            }
          continue;
        }
      for (gsize i = start; i < end; i++)
        {
          gdouble t = 0.0, move;

          for (guint a = 0; a < dim; a++)
            t += theta[a] * job->points[i * dim + a];
          move = scale * knots_eval (knots, t);
          for (guint a = 0; a < dim; a++)
            job->out[i * dim + a] += move * theta[a];
        }
    }
}

static void
sliced_flow_displacement (gpointer state, const gdouble *points, gsize n,
                          gdouble *out)
{
  SlicedFlow *sf = state;
  SlicedDisplace job = { sf, points, NULL, out };

  /* At the fitted particles (the flow's first call of every step), the
     moves the fit found for them.  */
  if (n == sf->fitted_n
      && memcmp (points, sf->fitted_points, n * sf->dim * sizeof (gdouble))
             == 0)
    job.moves = sf->particle_moves;
  else
    sliced_flow_index (sf);
  memset (out, 0, n * sf->dim * sizeof (gdouble));
  sobolev_parallel_for (n, 1024, 0, sliced_flow_displace_range, &job);
  if (sf->noise > 0.0)
    {
      /* Each call (particles, then passengers) draws its own noise,
         in the same order every run.  */
      GRand *rand
          = sliced_flow_rand (sf, sf->fitted_step, 1, sf->noise_calls++);
      gdouble sd = sqrt (2.0 * sf->noise * sf->step);

      for (gsize i = 0; i < n * sf->dim; i++)
        out[i] += sd * gaussian (rand);
      g_rand_free (rand);
    }
}

static void
sliced_flow_destroy (gpointer state)
{
  SlicedFlow *sf = state;

  g_free (sf->directions);
  g_free (sf->knots);
  g_free (sf->knot_buckets);
  g_free (sf->knot_t);
  g_free (sf->knot_move);
  g_free (sf->fitted_points);
  g_free (sf->particle_moves);
  for (guint c = 0; c < sf->n_scratch; c++)
    atom_scratch_clear (&sf->scratch[c]);
  g_free (sf->scratch);
  g_free (sf);
}

static const gchar *const sliced_flow_params[]
    = { "sliced-directions", "sliced-step-size", "sliced-noise", NULL };

const SobolevMethodClass sobolev_sliced_flow_class = {
  .id = SOBOLEV_METHOD_SLICED,
  .nick = "sliced",
  .own_params = sliced_flow_params,
  .create = sliced_flow_create,
  .fit = sliced_flow_fit,
  .displacement = sliced_flow_displacement,
  .destroy = sliced_flow_destroy,
};
