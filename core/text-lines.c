/* sobolev-transfer — the lines of a text held in memory.  */
#include "text-lines.h"

#include <string.h>

const gchar *
sobolev_text_next_line (const gchar **p, const gchar *text_end,
                        const gchar **line_end)
{
  const gchar *line = *p, *end;

  while (*p < text_end && **p != '\n')
    (*p)++;
  end = *p;
  if (*p < text_end)
    (*p)++;
  if (end > line && end[-1] == '\r')
    end--;
  *line_end = end;
  return line;
}

gboolean
sobolev_text_has_prefix (const gchar *p, const gchar *end, const gchar *word)
{
  gsize len = strlen (word);

  return (gsize) (end - p) >= len && strncmp (p, word, len) == 0;
}
