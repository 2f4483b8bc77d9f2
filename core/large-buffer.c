/* sobolev-transfer — memory backed by huge pages: the core's large
   working buffers, and a process's whole heap.  */
#include "large-buffer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#ifdef __GLIBC__
#include <gnu/libc-version.h>
#endif

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

#if defined(__GLIBC__) && defined(__linux__) && !defined(__SANITIZE_ADDRESS__)
#define HEAP_TUNABLE "glibc.malloc.hugetlb"

/* Whether the kernel gives huge pages only to memory advised for them
   (with "always" the heap has them already, with "never" not at all).  */
static gboolean
heap_huge_pages_on_request (void)
{
  g_autofree gchar *mode = NULL;

  return g_file_get_contents ("/sys/kernel/mm/transparent_hugepage/enabled",
                              &mode, NULL, NULL)
         && strstr (mode, "[madvise]") != NULL;
}

/* Whether this glibc reads the tunable (2.35 on).  */
static gboolean
heap_tunable_known (void)
{
  guint major = 0, minor = 0;

  return sscanf (gnu_get_libc_version (), "%u.%u", &major, &minor) == 2
         && (major > 2 || (major == 2 && minor >= 35));
}
#endif

void
sobolev_heap_on_huge_pages (char **argv)
{
#if defined(__GLIBC__) && defined(__linux__) && !defined(__SANITIZE_ADDRESS__)
  g_autofree gchar *before = g_strdup (g_getenv ("GLIBC_TUNABLES"));
  g_autofree gchar *after = NULL;
  g_autofree gchar *self = NULL;

  if (!argv || (before && strstr (before, HEAP_TUNABLE))
      || !heap_tunable_known () || !heap_huge_pages_on_request ())
    return;
  after = before && before[0]
              ? g_strconcat (before, ":", HEAP_TUNABLE "=1", NULL)
              : g_strdup (HEAP_TUNABLE "=1");
  if (!g_setenv ("GLIBC_TUNABLES", after, TRUE))
    return;
  /* The program's own path, not /proc/self/exe: the process takes its
     name from the file it runs, and would be called "exe" in ps, top
     and a debugger.  */
  self = g_file_read_link ("/proc/self/exe", NULL);
  execv (self ? self : "/proc/self/exe", argv);
  /* Still this program: only the variable changed; put it back.  */
  if (before)
    g_setenv ("GLIBC_TUNABLES", before, TRUE);
  else
    g_unsetenv ("GLIBC_TUNABLES");
#else
  (void) argv;
#endif
}
