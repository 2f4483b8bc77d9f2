/* sobolev-transfer — memory backed by huge pages: the core's large
   working buffers, and a process's whole heap.  */
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
   (bench-core).  Smaller buffers are g_malloc's.  Either way, free with
   g_free.  Aborts when memory runs out, as g_malloc does.  */
gpointer sobolev_large_alloc (gsize n_items, gsize item_size, gboolean zero);

/* The same, but NULL when memory runs out or the size overflows, as
   g_try_malloc: for a buffer the caller can do without.  */
gpointer sobolev_large_try_alloc (gsize n_items, gsize item_size,
                                  gboolean zero);

/* Starts the program again (execv of its own file: same arguments,
   same name, same open files) with glibc's malloc asked to back its
   heap with transparent huge pages (the tunable glibc.malloc.hugetlb=1),
   where the system grants them only on request and glibc knows the
   tunable (2.35 on).  Everything the process allocates then benefits, GEGL's
   tiles and babl's tables too, which sobolev_large_alloc cannot reach:
   the plug-in at 20 MP took a quarter to two fifths less time
   (bench-plugin).  The command does not call it: its GEGL decoder's
   peak memory grew fivefold on such a heap.  Call it first thing in
   main (), before any thread starts.  Returns when there is nothing to
   do: the variable already names that tunable (also the way to refuse
   it: glibc.malloc.hugetlb=0), another system, a sanitizer build, or
   the program could not be started again.  */
void sobolev_heap_on_huge_pages (char **argv);

#define sobolev_large_new(type, n)                                             \
  ((type *) sobolev_large_alloc ((n), sizeof (type), FALSE))
#define sobolev_large_new0(type, n)                                            \
  ((type *) sobolev_large_alloc ((n), sizeof (type), TRUE))

G_END_DECLS

#endif
