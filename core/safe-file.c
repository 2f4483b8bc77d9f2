/* sobolev-transfer — replacing a file without ever losing it.  */
#include "safe-file.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "sobolev-error.h"

static gboolean
safe_file_fail (GError **error, const gchar *path, const gchar *why)
{
  g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_IO, "cannot write “%s”: %s",
               path, why);
  return FALSE;
}

/* No write permission for anyone, or none for us.  Root passes access ()
   on every file; a file its owner marked read-only is still left alone.  */
static gboolean
safe_file_read_only (const gchar *path, const GStatBuf *st)
{
  return (st->st_mode & (S_IWUSR | S_IWGRP | S_IWOTH)) == 0
         || g_access (path, W_OK) != 0;
}

gchar *
sobolev_safe_file_target (const gchar *path, GError **error)
{
  g_autofree gchar *target = NULL;
  g_autofree gchar *dir = NULL;
  GStatBuf st;

  g_return_val_if_fail (path != NULL, NULL);

  if (g_lstat (path, &st) == 0 && S_ISLNK (st.st_mode))
    {
      target = realpath (path, NULL);
      if (target == NULL)
        {
          g_autofree gchar *link = g_file_read_link (path, NULL);
          g_autofree gchar *why = g_strdup_printf (
              "it is a symbolic link to “%s”, which does not exist",
              link ? link : "?");

          safe_file_fail (error, path, why);
          return NULL;
        }
    }
  else
    target = g_strdup (path);

  if (g_stat (target, &st) == 0)
    {
      if (S_ISDIR (st.st_mode))
        {
          safe_file_fail (error, path, "it is a folder");
          return NULL;
        }
      if (safe_file_read_only (target, &st))
        {
          safe_file_fail (error, path,
                          "the file is read-only (it was left as it was)");
          return NULL;
        }
    }
  dir = g_path_get_dirname (target);
  if (g_stat (dir, &st) != 0 || !S_ISDIR (st.st_mode))
    {
      g_autofree gchar *why = g_strdup_printf ("no folder “%s”", dir);

      safe_file_fail (error, path, why);
      return NULL;
    }
  if (safe_file_read_only (dir, &st))
    {
      g_autofree gchar *why
          = g_strdup_printf ("the folder “%s” is read-only", dir);

      safe_file_fail (error, path, why);
      return NULL;
    }
  return g_steal_pointer (&target);
}

/* Removes the temporary files of earlier runs that were killed while
   saving over base in dir (".BASE.PID-N.tmp…" whose PID is gone).  */
static void
safe_file_remove_stale (const gchar *dir, const gchar *base)
{
  g_autofree gchar *prefix = g_strdup_printf (".%s.", base);
  GDir *folder = g_dir_open (dir, 0, NULL);
  const gchar *name;

  if (folder == NULL)
    return;
  while ((name = g_dir_read_name (folder)))
    {
      const gchar *rest;
      gchar *end;
      glong pid;

      if (!g_str_has_prefix (name, prefix))
        continue;
      rest = name + strlen (prefix);
      pid = strtol (rest, &end, 10);
      if (end == rest || *end != '-' || !strstr (end, ".tmp") || pid <= 0)
        continue;
      if (kill ((pid_t) pid, 0) != 0 && errno == ESRCH)
        {
          g_autofree gchar *stale = g_build_filename (dir, name, NULL);

          g_unlink (stale);
        }
    }
  g_dir_close (folder);
}

gchar *
sobolev_safe_file_temporary (const gchar *target)
{
  static gint count = 0;
  g_autofree gchar *dir = g_path_get_dirname (target);
  g_autofree gchar *base = g_path_get_basename (target);
  const gchar *dot = strrchr (base, '.');

  safe_file_remove_stale (dir, base);
  return g_strdup_printf ("%s/.%s.%u-%d.tmp%s", dir, base, (guint) getpid (),
                          g_atomic_int_add (&count, 1), dot ? dot : "");
}

gboolean
sobolev_safe_file_commit (const gchar *tmp, const gchar *target,
                          const gchar *path, GError **error)
{
  GStatBuf st;
  int fd, saved;

  fd = open (tmp, O_RDONLY | O_CLOEXEC);
  if (fd < 0 || fsync (fd) != 0)
    goto fail;
  /* The new version keeps the old one's permissions.  */
  if (g_stat (target, &st) == 0 && fchmod (fd, st.st_mode & 07777) != 0)
    goto fail;
  close (fd);
  fd = -1;
  if (g_rename (tmp, target) != 0)
    goto fail;
  {
    g_autofree gchar *dir = g_path_get_dirname (target);
    int dfd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

    /* So the rename itself survives a crash.  */
    if (dfd >= 0)
      {
        fsync (dfd);
        close (dfd);
      }
  }
  return TRUE;

fail:
  saved = errno;
  if (fd >= 0)
    close (fd);
  g_unlink (tmp);
  return safe_file_fail (error, path, g_strerror (saved));
}

gboolean
sobolev_safe_file_write (const gchar *path, const void *data, gsize length,
                         GError **error)
{
  g_autofree gchar *target = NULL;
  g_autofree gchar *tmp = NULL;
  const gchar *p = data;
  int fd, saved;

  target = sobolev_safe_file_target (path, error);
  if (target == NULL)
    return FALSE;
  tmp = sobolev_safe_file_temporary (target);
  fd = open (tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
  if (fd < 0)
    return safe_file_fail (error, path, g_strerror (errno));
  while (length > 0)
    {
      gssize n = write (fd, p, MIN (length, (gsize) G_MAXSSIZE));

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          saved = n < 0 ? errno : ENOSPC;
          close (fd);
          g_unlink (tmp);
          return safe_file_fail (error, path, g_strerror (saved));
        }
      p += n;
      length -= n;
    }
  if (close (fd) != 0)
    {
      saved = errno;
      g_unlink (tmp);
      return safe_file_fail (error, path, g_strerror (saved));
    }
  return sobolev_safe_file_commit (tmp, target, path, error);
}

gboolean
sobolev_safe_file_same (const gchar *a, const gchar *b)
{
  GStatBuf sa, sb;

  return g_stat (a, &sa) == 0 && g_stat (b, &sb) == 0 && sa.st_dev == sb.st_dev
         && sa.st_ino == sb.st_ino;
}
