/* sobolev-transfer — the command's progress bar on stderr.  */
#ifndef CLI_PROGRESS_H
#define CLI_PROGRESS_H

#include <glib.h>

G_BEGIN_DECLS

/* A bar over n_files files, drawn at most ten times a second; label
   names the work when there is one file.  Safe from several threads.  */
typedef struct
{
  GMutex lock;
  gboolean enabled;
  guint n_files;
  gdouble *fractions;
  gint64 last_draw;
  const gchar *label;
} CliProgress;

/* A bar over n_files, drawn when enabled.  */
void cli_progress_init (CliProgress *progress, gboolean enabled, guint n_files,
                        const gchar *label);

/* Sets how far file is, in [0, 1].  */
void cli_progress_set (CliProgress *progress, guint file, gdouble fraction);

/* Erases the bar and frees what init took.  */
void cli_progress_finish (CliProgress *progress);

/* One stage of one file's work: its fraction maps to [from, to] of the
   file.  */
typedef struct
{
  CliProgress *progress;
  guint file;
  gdouble from, to;
} CliStage;

/* A SobolevProgressFunc for a CliStage.  */
void cli_stage_progress (gdouble fraction, gpointer user_data);

G_END_DECLS

#endif
