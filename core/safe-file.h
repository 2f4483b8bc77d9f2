/* sobolev-transfer — replacing a file without ever losing it: where a
   new version of a file goes, and writing one whole or not at all.  */
#ifndef SOBOLEV_SAFE_FILE_H
#define SOBOLEV_SAFE_FILE_H

#include <glib.h>

G_BEGIN_DECLS

/* The file that saving to path replaces, after checking that it may be
   replaced: path itself, or, when path is a symbolic link, the file it
   points to (a link is written through, so it keeps pointing at the new
   version, as editors and cp do).  Refuses (SOBOLEV_ERROR_IO, messages
   naming path): a link to nothing, a folder, a missing folder, a file or
   folder marked read-only (no write permission at all: refused even for
   root, who could write it anyway).  */
gchar *sobolev_safe_file_target (const gchar *path, GError **error);

/* A new name for a temporary file beside target, ending in target's
   extension (".NAME.PID-N.tmp.EXT", hidden): savers that choose the
   format by the name see the right one.  Temporary files of runs that
   were killed while saving over target are removed first.  */
gchar *sobolev_safe_file_temporary (const gchar *target);

/* Puts the whole, written file tmp in place of target: flushes it to the
   disk, gives it target's permissions when target exists, renames it
   over target and flushes the folder.  On failure tmp is removed, target
   is as it was, and the message names path (what the user gave).  */
gboolean sobolev_safe_file_commit (const gchar *tmp, const gchar *target,
                                   const gchar *path, GError **error);

/* Writes length bytes to path the same way: to a temporary file beside
   the target, checking every write, then committed.  */
gboolean sobolev_safe_file_write (const gchar *path, const void *data,
                                  gsize length, GError **error);

/* TRUE when a and b are one existing file, under any name or link: a
   save must not replace the file it reads.  */
gboolean sobolev_safe_file_same (const gchar *a, const gchar *b);

G_END_DECLS

#endif
