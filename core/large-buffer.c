/* sobolev-transfer — large working buffers backed by huge pages.  */
#include "large-buffer.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

/* The size of a transparent huge page on x86-64 and arm64 (4 KiB base
   pages).  */
#define HUGE_PAGE_BYTES ((gsize) 2 << 20)

gpointer
sobolev_large_try_alloc (gsize n_items, gsize item_size, gboolean zero)
{
  gsize bytes;
  void *p = NULL;

  if (!g_size_checked_mul (&bytes, n_items, item_size))
    return NULL;
  if (bytes < HUGE_PAGE_BYTES / 2)
    return zero ? g_try_malloc0 (bytes) : g_try_malloc (bytes);
  /* Whole huge pages: the kernel backs only the aligned 2 MiB ranges
     the advice covers in full, and the tail of a buffer would fault in
     4 KiB at a time.  */
  if (bytes > G_MAXSIZE - HUGE_PAGE_BYTES)
    return NULL;
  bytes = (bytes + HUGE_PAGE_BYTES - 1) & ~(HUGE_PAGE_BYTES - 1);
  if (posix_memalign (&p, HUGE_PAGE_BYTES, bytes) != 0)
    return NULL;
#ifdef MADV_HUGEPAGE
  /* Advice only: a kernel without huge pages ignores it, and the buffer
     works the same.  */
  (void) madvise (p, bytes, MADV_HUGEPAGE);
#endif
  if (zero)
    memset (p, 0, bytes);
  return p;
}

gpointer
sobolev_large_alloc (gsize n_items, gsize item_size, gboolean zero)
{
  gpointer p = sobolev_large_try_alloc (n_items, item_size, zero);

  if (!p && n_items > 0 && item_size > 0)
    g_error ("sobolev_large_alloc: failed to allocate %" G_GSIZE_FORMAT
             " × %" G_GSIZE_FORMAT " bytes",
             n_items, item_size);
  return p;
}
