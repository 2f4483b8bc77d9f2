/* sobolev-transfer — large working buffers backed by huge pages.  */
#ifndef SOBOLEV_LARGE_BUFFER_H
#define SOBOLEV_LARGE_BUFFER_H

#include <glib.h>

G_BEGIN_DECLS

/* Allocates n_items × item_size bytes (zeroed when zero is TRUE) for a
   buffer the core sweeps in full: the guard's grid, the histogram's
   index, a flow's knots, a LUT's nodes.  From 1 MiB on, the buffer is
   whole 2 MiB pages, aligned, and the kernel is asked to back it with
   transparent huge pages, also where the system grants them only on
   request (as the machine the benchmarks ran on does): faulting such
   buffers in 4 KiB at a time took about a third of a job's time there
   (bench-core).  Smaller buffers are
   g_malloc's.  Either way, free with g_free.  Aborts when memory runs
   out, as g_malloc does.  */
gpointer sobolev_large_alloc (gsize n_items, gsize item_size, gboolean zero);

/* The same, but NULL when memory runs out or the size overflows, as
   g_try_malloc: for a buffer the caller can do without.  */
gpointer sobolev_large_try_alloc (gsize n_items, gsize item_size,
                                  gboolean zero);

#define sobolev_large_new(type, n)                                             \
  ((type *) sobolev_large_alloc ((n), sizeof (type), FALSE))
#define sobolev_large_new0(type, n)                                            \
  ((type *) sobolev_large_alloc ((n), sizeof (type), TRUE))

G_END_DECLS

#endif
