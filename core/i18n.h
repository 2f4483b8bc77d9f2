/* sobolev-transfer — where the translations are: the parameter table's
   and every host's strings share one text domain (GETTEXT_PACKAGE).  */
#ifndef SOBOLEV_I18N_H
#define SOBOLEV_I18N_H

#include <glib.h>

G_BEGIN_DECLS

/* Where the compiled catalogs are (…/<lang>/LC_MESSAGES/<domain>.mo):
   $SOBOLEV_LOCALEDIR if set, else a "locale" folder next to the running
   executable if there is one (a plug-in installed into a GIMP profile),
   else the build's localedir.  */
const gchar *sobolev_locale_dir (void);

/* Binds the text domain to sobolev_locale_dir () in UTF-8 and makes it
   the default.  Call once before any string is translated.  */
void sobolev_i18n_init (void);

G_END_DECLS

#endif
