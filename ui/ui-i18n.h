/* sobolev-transfer — translations of the plug-in and its dialog.

   Include this before any core header: it defines _() and N_() for the
   project's text domain (GETTEXT_PACKAGE).  */
#ifndef UI_I18N_H
#define UI_I18N_H

#include <glib/gi18n-lib.h>

G_BEGIN_DECLS

/* Where the compiled catalogs are (…/<lang>/LC_MESSAGES/<domain>.mo):
   $SOBOLEV_LOCALEDIR if set, else a "locale" folder next to the plug-in's
   executable if there is one (an install into a GIMP profile), else the
   build's localedir.  */
const gchar *ui_locale_dir (void);

/* Binds the text domain to ui_locale_dir () in UTF-8.  Call once
   before any string is translated.  */
void ui_i18n_init (void);

G_END_DECLS

#endif
