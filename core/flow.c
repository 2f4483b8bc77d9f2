/* sobolev-transfer — the engine that moves particles and passengers.  */
#include "flow.h"

#include <math.h>
#include <string.h>

#include "large-buffer.h"
#include "parallel.h"
#include "sobolev-error.h"

guint
sobolev_flow_snapshot_step (guint k, guint n_snapshots, guint n_steps)
{
  guint n_intervals, prev = 0;

  if (k == 0 || n_snapshots < 2)
    return k == 0 ? 0 : n_steps;
  n_intervals = MIN (n_snapshots - 1, n_steps);
  k = MIN (k, n_intervals);
  /* Quadratic in k: the flow moves most at the start, so the snapshots
     are denser there; strictly increasing, the last at n_steps.  */
  for (guint j = 1; j <= k; j++)
    {
      gdouble f = (gdouble) j / n_intervals;
      guint s = (guint) lround (n_steps * f * f);

      s = MAX (s, prev + 1);
      s = MIN (s, n_steps - (n_intervals - j));
      prev = s;
    }
  return prev;
}

void
sobolev_path_free (SobolevPath *path)
{
  if (path == NULL)
    return;
  for (guint k = 0; k < path->n_snapshots; k++)
    {
      g_free (path->particles[k]);
      if (path->passengers)
        g_free (path->passengers[k]);
    }
  g_free (path->particles);
  g_free (path->passengers);
  g_free (path->steps);
  g_free (path->length);
  g_free (path->weights);
  g_free (path);
}

/* Shortens each row of d (n × dim) to at most cap (cap ≤ 0: no cap) and
   returns Σ w_i ‖d_i‖ (w may be NULL).  */
/* A copy of n coordinates, in a buffer that a large cloud's snapshots
   fault in by huge pages.  */
static gdouble *
flow_copy_points (const gdouble *points, gsize n)
{
  gdouble *copy = sobolev_large_new (gdouble, n);

  memcpy (copy, points, n * sizeof (gdouble));
  return copy;
}

static gdouble
flow_cap_rows (gdouble *d, gsize n, guint dim, gdouble cap, const gdouble *w)
{
  gdouble length = 0.0;

  for (gsize i = 0; i < n; i++)
    {
      gdouble *row = d + i * dim;
      gdouble norm2 = 0.0, norm;

      for (guint a = 0; a < dim; a++)
        norm2 += row[a] * row[a];
      norm = sqrt (norm2);
      if (cap > 0.0 && norm > cap)
        {
          for (guint a = 0; a < dim; a++)
            row[a] *= cap / norm;
          norm = cap;
        }
      if (w)
        length += w[i] * norm;
    }
  return length;
}

static gboolean
flow_check_inputs (const SobolevMethodClass *method,
                   const SobolevParams *params, const SobolevCloud *source,
                   const SobolevCloud *target, const gdouble *passengers,
                   gsize n_passengers, GError **error)
{
  if (method == NULL)
    {
      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_INVALID_ARGUMENT,
                   "unknown transport method");
      return FALSE;
    }
  /* The parameters were checked where the run entered the core
     (sobolev_transfer_run); a refinement pass halves some of them.  */
  if (!sobolev_cloud_check (source, "the source", error)
      || !sobolev_cloud_check (target, "the reference", error))
    return FALSE;
  if (source->dim != target->dim)
    {
      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_INVALID_ARGUMENT,
                   "the source has dimension %u but the reference has "
                   "dimension %u",
                   source->dim, target->dim);
      return FALSE;
    }
  for (gsize i = 0; i < n_passengers * source->dim; i++)
    if (!isfinite (passengers[i]))
      {
        g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_INVALID_ARGUMENT,
                     "passenger %" G_GSIZE_FORMAT " is not finite",
                     i / source->dim);
        return FALSE;
      }
  return TRUE;
}

/* How far along each snapshot is (see SobolevPath): the particles'
   weighted mean distance from their start, never decreasing, over the
   final one; evenly spaced when nothing moved.  */
static void
flow_measure_progress (SobolevPath *path)
{
  const guint dim = path->dim, last = path->n_snapshots - 1;
  gdouble total_weight = 0.0, reached = 0.0;

  for (gsize i = 0; i < path->n_particles; i++)
    total_weight += path->weights[i];
  for (guint k = 0; k <= last; k++)
    {
      gdouble sum = 0.0;

      for (gsize i = 0; i < path->n_particles; i++)
        {
          gdouble d2 = 0.0;

          for (guint c = 0; c < dim; c++)
            {
              gdouble d = path->particles[k][i * dim + c]
                          - path->particles[0][i * dim + c];

              d2 += d * d;
            }
          sum += path->weights[i] * sqrt (d2);
        }
      reached = MAX (reached, total_weight > 0.0 ? sum / total_weight : 0.0);
      path->length[k] = reached;
    }
  path->total_length = reached;
  for (guint k = 0; k <= last; k++)
    path->length[k] = reached > 0.0 ? path->length[k] / reached
                                    : (last > 0 ? (gdouble) k / last : 0.0);
}

SobolevPath *
sobolev_flow_run (const SobolevMethodClass *method, const SobolevParams *params,
                  const SobolevCloud *source, const SobolevCloud *target,
                  const gdouble *passengers, gsize n_passengers,
                  SobolevProgressFunc progress, SobolevCancelFunc cancel,
                  gpointer user_data, GError **error)
{
  SobolevPath *path;
  SobolevCloud *q, *p;
  gpointer state;
  gdouble *move_q, *move_p = NULL, *pass = NULL;
  guint dim, n_steps, next = 1;
  gboolean ok = TRUE;

  if (!flow_check_inputs (method, params, source, target, passengers,
                          n_passengers, error))
    return NULL;
  if (passengers == NULL)
    n_passengers = 0;

  dim = source->dim;
  n_steps = params->steps;
  q = sobolev_cloud_copy (source);
  sobolev_cloud_normalize (q);
  p = sobolev_cloud_copy (target);
  sobolev_cloud_normalize (p);
  state = method->create (params, p, error);
  if (state == NULL)
    {
      sobolev_cloud_free (q);
      sobolev_cloud_free (p);
      return NULL;
    }

  path = g_new0 (SobolevPath, 1);
  path->dim = dim;
  path->n_particles = q->n;
  path->n_passengers = n_passengers;
  path->n_snapshots = MIN ((guint) params->snapshots, n_steps) + 1;
  path->steps = g_new0 (guint, path->n_snapshots);
  path->length = g_new0 (gdouble, path->n_snapshots);
  path->weights = g_memdup2 (q->weights, q->n * sizeof (gdouble));
  path->particles = g_new0 (gdouble *, path->n_snapshots);
  for (guint k = 0; k < path->n_snapshots; k++)
    path->steps[k] = sobolev_flow_snapshot_step (k, path->n_snapshots, n_steps);
  path->particles[0] = flow_copy_points (q->points, q->n * dim);
  if (n_passengers)
    {
      path->passengers = g_new0 (gdouble *, path->n_snapshots);
      pass = flow_copy_points (passengers, n_passengers * dim);
      path->passengers[0] = flow_copy_points (pass, n_passengers * dim);
      move_p = sobolev_large_new (gdouble, n_passengers * dim);
    }
  move_q = sobolev_large_new (gdouble, q->n * dim);

  for (guint step = 0; step < n_steps; step++)
    {
      if (cancel && cancel (user_data))
        {
          g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_CANCELLED,
                       "cancelled");
          ok = FALSE;
          break;
        }
      if (!method->fit (state, q, step, n_steps, error))
        {
          ok = FALSE;
          break;
        }
      method->displacement (state, q->points, q->n, move_q);
      if (n_passengers)
        method->displacement (state, pass, n_passengers, move_p);
      flow_cap_rows (move_q, q->n, dim, params->max_displacement, q->weights);
      for (gsize i = 0; i < q->n * dim; i++)
        q->points[i] += move_q[i];
      if (n_passengers)
        {
          flow_cap_rows (move_p, n_passengers, dim, params->max_displacement,
                         NULL);
          for (gsize i = 0; i < n_passengers * dim; i++)
            pass[i] += move_p[i];
        }
      for (gsize i = 0; i < q->n * dim; i++)
        if (!isfinite (q->points[i]))
          {
            g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_NUMERICAL,
                         "the particles diverged at step %u: lower the "
                         "step size ε",
                         step + 1);
            ok = FALSE;
            break;
          }
      if (!ok)
        break;

      if (next < path->n_snapshots && step + 1 == path->steps[next])
        {
          path->particles[next] = flow_copy_points (q->points, q->n * dim);
          if (n_passengers)
            path->passengers[next]
                = flow_copy_points (pass, n_passengers * dim);
          next++;
        }
      if (progress)
        progress ((gdouble) (step + 1) / n_steps, user_data);
    }

  method->destroy (state);
  sobolev_cloud_free (q);
  sobolev_cloud_free (p);
  g_free (move_q);
  g_free (move_p);
  g_free (pass);
  if (!ok)
    {
      /* Snapshots not reached are NULL; free what was kept.  */
      path->n_snapshots = next;
      sobolev_path_free (path);
      return NULL;
    }
  flow_measure_progress (path);
  return path;
}
