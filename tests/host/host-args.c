/* Prints the plug-in's table parameters as Script-Fu definitions, so the
   host tests call the procedure with the table's own defaults and
   override parameters by name instead of listing them by hand.  */
#include <stdio.h>
#include <string.h>

#include "sobolev.h"

int
main (void)
{
  guint i;

  printf ("(define sobolev-param-names '(");
  for (i = 0; i < sobolev_n_param_specs; i++)
    printf ("%s\"%s\"", i ? " " : "", sobolev_param_specs[i].name);
  printf ("))\n(define sobolev-param-defaults (list");
  for (i = 0; i < sobolev_n_param_specs; i++)
    {
      const SobolevParamSpec *spec = &sobolev_param_specs[i];
      gchar buf[G_ASCII_DTOSTR_BUF_SIZE];

      switch (spec->type)
        {
        case SOBOLEV_PARAM_TYPE_INT:
          printf (" %d", (gint) spec->def);
          break;
        case SOBOLEV_PARAM_TYPE_DOUBLE:
          /* Always with a decimal point: Script-Fu reads "1" as an
             integer.  */
          g_ascii_formatd (buf, sizeof buf, "%.17g", spec->def);
          printf (" %s%s", buf, strpbrk (buf, ".en") ? "" : ".0");
          break;
        case SOBOLEV_PARAM_TYPE_ENUM:
          printf (" \"%s\"",
                  sobolev_param_choice_nick (spec, (gint) spec->def));
          break;
        }
    }
  printf ("))\n");
  return 0;
}
