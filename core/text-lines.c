/* sobolev-transfer — the lines of a text held in memory.  */
#include "text-lines.h"

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
