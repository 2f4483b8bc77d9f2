/* sobolev-transfer — where the translations are, for every host.  */
#include "i18n.h"

#include <libintl.h>

#ifndef SOBOLEV_LOCALEDIR
#error "SOBOLEV_LOCALEDIR must be defined (core/meson.build passes it)"
#endif

static gchar *
locale_dir_next_to_executable (void)
{
  gchar *exe = g_file_read_link ("/proc/self/exe", NULL);
  gchar *dir;
  gchar *locale;

  if (!exe)
    return NULL;
  dir = g_path_get_dirname (exe);
  locale = g_build_filename (dir, "locale", NULL);
  g_free (dir);
  g_free (exe);
  if (!g_file_test (locale, G_FILE_TEST_IS_DIR))
    {
      g_free (locale);
      return NULL;
    }
  return locale;
}

const gchar *
sobolev_locale_dir (void)
{
  static gchar *dir = NULL;

  if (g_once_init_enter (&dir))
    {
      const gchar *env = g_getenv ("SOBOLEV_LOCALEDIR");
      gchar *found = NULL;

      if (env && *env)
        found = g_strdup (env);
      if (!found)
        found = locale_dir_next_to_executable ();
      if (!found)
        found = g_strdup (SOBOLEV_LOCALEDIR);
      g_once_init_leave (&dir, found);
    }
  return dir;
}

void
sobolev_i18n_init (void)
{
  bindtextdomain (GETTEXT_PACKAGE, sobolev_locale_dir ());
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  /* So that plain gettext () in a host finds the catalog too.  */
  textdomain (GETTEXT_PACKAGE);
}
