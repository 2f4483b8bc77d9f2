/* sobolev-transfer — the command's progress bar on stderr.  */
#include "progress.h"

#include <stdio.h>

void
cli_progress_init (CliProgress *progress, gboolean enabled, guint n_files,
                   const gchar *label)
{
  *progress = (CliProgress){ .enabled = enabled,
                             .n_files = n_files,
                             .fractions = g_new0 (gdouble, n_files),
                             .label = label };
  g_mutex_init (&progress->lock);
}

static void
cli_progress_draw (CliProgress *progress, gboolean force)
{
  gint64 now = g_get_monotonic_time ();
  gdouble total = 0.0;
  guint done = 0, width = 30, filled;
  gchar bar[64];

  if (!force && now - progress->last_draw < 100000)
    return;
  progress->last_draw = now;
  for (guint i = 0; i < progress->n_files; i++)
    {
      total += progress->fractions[i];
      done += progress->fractions[i] >= 1.0;
    }
  total /= progress->n_files;
  filled = (guint) (total * width + 0.5);
  for (guint i = 0; i < width; i++)
    bar[i] = i < filled ? '#' : '-';
  bar[width] = '\0';
  if (progress->n_files > 1)
    fprintf (stderr, "\r[%s] %3d%%  %u/%u files", bar,
             (gint) (total * 100 + 0.5), done, progress->n_files);
  else
    fprintf (stderr, "\r[%s] %3d%%  %s", bar, (gint) (total * 100 + 0.5),
             progress->label);
  fflush (stderr);
}

void
cli_progress_set (CliProgress *progress, guint file, gdouble fraction)
{
  if (!progress->enabled)
    return;
  g_mutex_lock (&progress->lock);
  progress->fractions[file] = CLAMP (fraction, 0.0, 1.0);
  cli_progress_draw (progress, fraction >= 1.0);
  g_mutex_unlock (&progress->lock);
}

void
cli_progress_finish (CliProgress *progress)
{
  if (progress->enabled)
    {
      /* Erase the bar: what stays on the terminal is the messages.  */
      fprintf (stderr, "\r\033[K");
      fflush (stderr);
    }
  g_clear_pointer (&progress->fractions, g_free);
  g_mutex_clear (&progress->lock);
}

void
cli_stage_progress (gdouble fraction, gpointer user_data)
{
  CliStage *stage = user_data;

  cli_progress_set (stage->progress, stage->file,
                    stage->from + (stage->to - stage->from) * fraction);
}
