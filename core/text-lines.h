/* sobolev-transfer — the lines of a text held in memory, for the
   parsers of text files (.cube LUTs, .gpl palettes).  */
#ifndef SOBOLEV_TEXT_LINES_H
#define SOBOLEV_TEXT_LINES_H

#include <glib.h>

G_BEGIN_DECLS

/* The line that starts at *p, before text_end: returns its start, sets
   *line_end just past its last character (a final "\n" or "\r\n" left
   out) and moves *p to the start of the next line.  */
const gchar *sobolev_text_next_line (const gchar **p, const gchar *text_end,
                                     const gchar **line_end);

/* Whether the text [p, end) starts with word.  */
gboolean sobolev_text_has_prefix (const gchar *p, const gchar *end,
                                  const gchar *word);

G_END_DECLS

#endif
