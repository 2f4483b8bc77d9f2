/* The sliced-Wasserstein flow (sliced-flow.c).

   In 1-D, one full step (h = 1) is the exact monotone rearrangement:
   sorted source matched to sorted target for equal weights, and the
   barycenter of each particle's quantile interval for unequal ones.  In
   3-D, the sliced W₂ to the target (64 fixed directions, not the flow's)
   falls at every one of 40 steps, from 0.39 to 0.0037 (asserted: below 0.005).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "test-util.h"

static int
compare_double (const void *a, const void *b)
{
  gdouble x = *(const gdouble *) a, y = *(const gdouble *) b;

  return (x > y) - (x < y);
}

static gpointer
sliced_new (const SobolevCloud *target, gdouble h, guint directions,
            gdouble noise)
{
  SobolevParams params;
  g_autoptr (GError) error = NULL;
  gpointer state;

  sobolev_params_init (&params);
  params.method = SOBOLEV_METHOD_SLICED;
  params.sliced_step = h;
  params.sliced_directions = directions;
  params.sliced_noise = noise;
  state = sobolev_sliced_flow_class.create (&params, target, &error);
  g_assert_no_error (error);
  return state;
}

/* One step with h = 1 of equal-weight 1-D clouds of the same size sends
   the k-th smallest source point onto the k-th smallest target point.  */
static void
test_one_step_sorts (void)
{
  const gsize n = 200;
  g_autoptr (SobolevCloud) q = test_uniform_cloud (1, n, 0.0, 1.0, 1, 1, 3);
  g_autoptr (SobolevCloud) p = test_normal_cloud (1, n, 2.0, 0.5, 1, 1, 4);
  g_autofree gdouble *move = g_new (gdouble, n);
  g_autofree gdouble *sorted_q = g_memdup2 (q->points, n * sizeof (gdouble));
  g_autofree gdouble *sorted_p = g_memdup2 (p->points, n * sizeof (gdouble));
  g_autoptr (GError) error = NULL;
  gpointer state = sliced_new (p, 1.0, 5, 0.0);

  g_assert_true (sobolev_sliced_flow_class.fit (state, q, 0, 1, &error));
  sobolev_sliced_flow_class.displacement (state, q->points, n, move);
  qsort (sorted_q, n, sizeof (gdouble), compare_double);
  qsort (sorted_p, n, sizeof (gdouble), compare_double);
  for (gsize i = 0; i < n; i++)
    {
      gdouble x = q->points[i];
      gdouble *at = bsearch (&x, sorted_q, n, sizeof (gdouble), compare_double);

      g_assert_nonnull (at);
      g_assert_cmpfloat_with_epsilon (x + move[i], sorted_p[at - sorted_q],
                                      1e-12);
    }
  sobolev_sliced_flow_class.destroy (state);
}

/* Unequal weights: the source's two halves of mass go to the mean of the
   target's quantile function over their halves.  q = {0, 1} (½ each),
   p = {10 (⅓), 20 (⅔)}: 0 takes [0, ½] of the quantiles, ⅓ of it at 10
   and ⅙ at 20, so it goes to (10/3 + 20/6) / ½ = 40/3; 1 goes to 20.  A
   passenger half way between them moves half way between their moves,
   and one beyond the last particle moves as it does.  */
static void
test_one_step_weighted (void)
{
  const gdouble qx[] = { 1.0, 0.0 }, qw[] = { 3.0, 3.0 };
  const gdouble px[] = { 20.0, 10.0 }, pw[] = { 2.0, 1.0 };
  const gdouble passengers[] = { 0.5, 5.0 };
  g_autoptr (SobolevCloud) q = sobolev_cloud_new_from_data (1, 2, qx, qw, NULL);
  g_autoptr (SobolevCloud) p = sobolev_cloud_new_from_data (1, 2, px, pw, NULL);
  gdouble move[2], ride[2], bary[2];
  gpointer state = sliced_new (p, 1.0, 1, 0.0);

  g_assert_true (sobolev_sliced_flow_class.fit (state, q, 0, 1, NULL));
  sobolev_sliced_flow_class.displacement (state, q->points, 2, move);
  g_assert_cmpfloat_with_epsilon (1.0 + move[0], 20.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (0.0 + move[1], 40.0 / 3.0, 1e-12);
  sobolev_sliced_flow_class.displacement (state, passengers, 2, ride);
  g_assert_cmpfloat_with_epsilon (ride[0], 0.5 * (move[0] + move[1]), 1e-12);
  g_assert_cmpfloat_with_epsilon (ride[1], move[0], 1e-12);
  sobolev_sliced_flow_class.destroy (state);

  sobolev_monotone_barycenters (qx, qw, 2, px, pw, 2, bary);
  g_assert_cmpfloat_with_epsilon (bary[0], 20.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (bary[1], 40.0 / 3.0, 1e-12);
}

/* The field at the fitted particles, which the fit keeps for them, is
   the field the knots give anywhere else: the particles' moves are the
   same, bit for bit, when they come with one more point (and so are
   searched for), for particles with weight and without.  */
static void
test_fitted_particles (void)
{
  g_autoptr (SobolevCloud) q = test_normal_cloud (3, 500, 0.4, 0.1, 1, 1, 21);
  g_autoptr (SobolevCloud) p = test_uniform_cloud (3, 300, 0.2, 0.9, 1, 2, 22);
  const gsize n = q->n;
  g_autofree gdouble *more = g_new (gdouble, (n + 1) * 3);
  g_autofree gdouble *at_fitted = g_new (gdouble, n * 3);
  g_autofree gdouble *searched = g_new (gdouble, (n + 1) * 3);
  gpointer state = sliced_new (p, 0.5, 12, 0.0);

  for (gsize i = 0; i < n; i += 7)
    q->weights[i] = 0.0;
  g_assert_true (sobolev_sliced_flow_class.fit (state, q, 0, 1, NULL));
  memcpy (more, q->points, n * 3 * sizeof (gdouble));
  more[n * 3] = more[n * 3 + 1] = more[n * 3 + 2] = 0.5;
  sobolev_sliced_flow_class.displacement (state, q->points, n, at_fitted);
  sobolev_sliced_flow_class.displacement (state, more, n + 1, searched);
  for (gsize i = 0; i < n * 3; i++)
    g_assert_cmpfloat (at_fitted[i], ==, searched[i]);
  sobolev_sliced_flow_class.destroy (state);
}

/* Positions closer than a millionth of each other, in shuffled order,
   still go to the targets of their own ranks: 200 within 2e-10 of 1 (a
   run the sort orders by qsort) and 10 within 1e-11 of 2 (by
   insertion), sent onto the equally weighted targets 0, 1, …, 209.  */
static void
test_close_positions (void)
{
  const gsize n_far = 200, n_near = 10, n = n_far + n_near;
  g_autofree gdouble *t = g_new (gdouble, n), *w = g_new (gdouble, n);
  g_autofree gdouble *s = g_new (gdouble, n), *b = g_new (gdouble, n);
  g_autofree gdouble *out = g_new (gdouble, n);
  g_autofree gsize *rank = g_new (gsize, n);
  GRand *rand = g_rand_new_with_seed (5);

  for (gsize i = 0; i < n; i++)
    rank[i] = i;
  /* Shuffle the ranks within each group.  */
  for (gsize i = n_far - 1; i > 0; i--)
    {
      gsize j = g_rand_int_range (rand, 0, (gint32) i + 1), r = rank[i];

      rank[i] = rank[j], rank[j] = r;
    }
  for (gsize i = n - 1; i > n_far; i--)
    {
      gsize j = n_far + g_rand_int_range (rand, 0, (gint32) (i - n_far) + 1);
      gsize r = rank[i];

      rank[i] = rank[j], rank[j] = r;
    }
  g_rand_free (rand);
  for (gsize i = 0; i < n; i++)
    {
      t[i] = rank[i] < n_far ? 1.0 + rank[i] * 1e-12
                             : 2.0 + (rank[i] - n_far) * 1e-12;
      w[i] = b[i] = 1.0;
      s[i] = (gdouble) i;
    }
  sobolev_monotone_barycenters (t, w, n, s, b, n, out);
  for (gsize i = 0; i < n; i++)
    g_assert_cmpfloat_with_epsilon (out[i], (gdouble) rank[i], 1e-9);
}

/* 3-D: a Gaussian blob flows onto a weighted uniform box; the sliced W₂
   falls at every step and ends below 0.005 (measured: 0.0037).  */
static void
test_sliced_w2_decreases (void)
{
  const guint n_steps = 40;
  g_autoptr (SobolevCloud) q = test_normal_cloud (3, 800, 0.3, 0.08, 1, 1, 11);
  g_autoptr (SobolevCloud) p
      = test_uniform_cloud (3, 600, 0.45, 0.95, 0.5, 2.0, 12);
  g_autofree gdouble *move = g_new (gdouble, q->n * 3);
  gdouble before = sobolev_sliced_w2 (q, p, 64, 7), last = before;
  gpointer state = sliced_new (p, 0.5, 12, 0.0);

  sobolev_cloud_normalize (q);
  sobolev_cloud_normalize (p);
  for (guint step = 0; step < n_steps; step++)
    {
      gdouble now;

      g_assert_true (
          sobolev_sliced_flow_class.fit (state, q, step, n_steps, NULL));
      sobolev_sliced_flow_class.displacement (state, q->points, q->n, move);
      for (gsize i = 0; i < q->n * 3; i++)
        q->points[i] += move[i];
      now = sobolev_sliced_w2 (q, p, 64, 7);
      if (g_test_verbose ())
        g_printerr ("step %2u: SW2 %.5f\n", step + 1, now);
      g_assert_cmpfloat (now, <, last);
      last = now;
    }
  g_test_message ("sliced W2 %.4f -> %.4f in %u steps", before, last, n_steps);
  g_assert_cmpfloat (last, <, 0.005);
  sobolev_sliced_flow_class.destroy (state);
}

/* Through the engine, with noise and passengers: the same seed gives the
   same bytes, another seed other bytes.  */
static void
test_deterministic (void)
{
  g_autoptr (SobolevCloud) q = test_normal_cloud (3, 300, 0.3, 0.1, 1, 2, 21);
  g_autoptr (SobolevCloud) p = test_uniform_cloud (3, 200, 0.4, 0.9, 1, 1, 22);
  g_autoptr (SobolevCloud) riders = test_uniform_cloud (3, 50, 0, 1, 1, 1, 23);
  SobolevPath *paths[3];
  SobolevParams params;
  gsize bytes = q->n * 3 * sizeof (gdouble);

  sobolev_params_init (&params);
  params.method = SOBOLEV_METHOD_SLICED;
  params.steps = 10;
  params.sliced_noise = 1e-4;
  for (guint r = 0; r < 3; r++)
    {
      g_autoptr (GError) error = NULL;

      params.seed = r < 2 ? 5 : 6;
      paths[r] = sobolev_flow_run (&sobolev_sliced_flow_class, &params, q, p,
                                   riders->points, riders->n, NULL, NULL, NULL,
                                   &error);
      g_assert_no_error (error);
    }
  {
    guint last = paths[0]->n_snapshots - 1;

    g_assert_cmpmem (paths[0]->particles[last], bytes,
                     paths[1]->particles[last], bytes);
    g_assert_cmpmem (
        paths[0]->passengers[last], riders->n * 3 * sizeof (gdouble),
        paths[1]->passengers[last], riders->n * 3 * sizeof (gdouble));
    g_assert_true (
        memcmp (paths[0]->particles[last], paths[2]->particles[last], bytes)
        != 0);
  }
  for (guint r = 0; r < 3; r++)
    sobolev_path_free (paths[r]);
}

/* Each parameter out of range is refused, naming it.  */
static void
test_bad_parameters (void)
{
  static const gchar *const bad[] = {
    "sliced-directions",
    "0",
    "sliced-directions",
    "5000",
    "sliced-step-size",
    "0",
    "sliced-step-size",
    "2",
    "sliced-noise",
    "-1",
    "sliced-noise",
    "nan",
    NULL,
  };

  test_assert_params_refused (bad);
}

/* The method runs as the pipeline runs it, by its nick.  */
static void
test_registered (void)
{
  test_assert_method_registered ("sliced", &sobolev_sliced_flow_class);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sliced/one-step-sorts", test_one_step_sorts);
  g_test_add_func ("/sliced/one-step-weighted", test_one_step_weighted);
  g_test_add_func ("/sliced/close-positions", test_close_positions);
  g_test_add_func ("/sliced/fitted-particles", test_fitted_particles);
  g_test_add_func ("/sliced/sliced-w2-decreases", test_sliced_w2_decreases);
  g_test_add_func ("/sliced/deterministic", test_deterministic);
  g_test_add_func ("/sliced/bad-parameters", test_bad_parameters);
  g_test_add_func ("/sliced/registered", test_registered);
  return g_test_run ();
}
