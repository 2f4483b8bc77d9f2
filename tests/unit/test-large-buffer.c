/* Unit tests of the core's large working buffers: sizes, zeroing after
   reuse, alignment, failure on overflow, and the huge-page advice as
   the kernel records it; and of starting a program again with its heap
   on huge pages.  */
#include <stdio.h>
#include <string.h>
#ifdef __GLIBC__
#include <gnu/libc-version.h>
#endif

#include "sobolev.h"

#define MIB ((gsize) 1 << 20)

/* Whether every byte of p[0 … n) is zero.  */
static gboolean
all_zero (const guint8 *p, gsize n)
{
  for (gsize i = 0; i < n; i++)
    if (p[i])
      return FALSE;
  return TRUE;
}

/* The VmFlags line of the mapping of this process that holds address,
   from /proc/self/smaps; NULL when none does or the file is missing.  */
static gchar *
mapping_flags (gconstpointer address)
{
  g_autofree gchar *smaps = NULL;
  g_auto (GStrv) lines = NULL;
  gboolean inside = FALSE;
  guintptr a = (guintptr) address;

  if (!g_file_get_contents ("/proc/self/smaps", &smaps, NULL, NULL))
    return NULL;
  lines = g_strsplit (smaps, "\n", -1);
  for (gchar **line = lines; *line; line++)
    {
      unsigned long long start, end;

      /* A mapping's first line starts with its range; its other lines
         with a name and a colon.  */
      if (sscanf (*line, "%llx-%llx", &start, &end) == 2)
        inside = a >= start && a < end;
      else if (inside && g_str_has_prefix (*line, "VmFlags:"))
        return g_strdup (*line);
    }
  return NULL;
}

static void
test_small_is_plain (void)
{
  guint8 *p = sobolev_large_new0 (guint8, 1000);

  g_assert_nonnull (p);
  g_assert_true (all_zero (p, 1000));
  memset (p, 0xff, 1000);
  g_free (p);
  g_assert_null (sobolev_large_alloc (0, 8, FALSE));
}

static void
test_large_is_aligned_and_whole (void)
{
  const gsize sizes[] = { MIB, 3 * MIB / 2, 2 * MIB, 5 * MIB + 7 };

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      guint8 *p = sobolev_large_new (guint8, sizes[i]);

      g_assert_nonnull (p);
      g_assert_cmpuint ((guintptr) p % (2 * MIB), ==, 0);
      /* Every byte asked for is there to write.  */
      memset (p, 0xa5, sizes[i]);
      g_assert_cmpuint (p[sizes[i] - 1], ==, 0xa5);
      g_free (p);
    }
}

static void
test_zeroed_after_reuse (void)
{
  /* A freed buffer's memory may come back: zero must still mean zero.  */
  for (int round = 0; round < 4; round++)
    {
      gdouble *p = sobolev_large_new0 (gdouble, 3 * MIB / sizeof (gdouble));

      g_assert_true (all_zero ((const guint8 *) p, 3 * MIB));
      memset (p, 0xff, 3 * MIB);
      g_free (p);
    }
}

static void
test_overflow_fails (void)
{
  g_assert_null (sobolev_large_try_alloc (G_MAXSIZE / 2, 3, FALSE));
  g_assert_null (sobolev_large_try_alloc (G_MAXSIZE - MIB, 1, FALSE));
}

static void
test_huge_page_advice (void)
{
  guint8 *p;
  g_autofree gchar *flags = NULL;

  if (!g_file_test ("/sys/kernel/mm/transparent_hugepage/enabled",
                    G_FILE_TEST_EXISTS))
    {
      /* Without the kernel's support the advice is moot; the buffer
         tests above still hold.  */
      g_test_skip ("this kernel has no transparent huge pages");
      return;
    }
  p = sobolev_large_new (guint8, 4 * MIB);
  p[0] = 1;
  flags = mapping_flags (p);
  g_assert_nonnull (flags);
  /* "hg": the mapping is advised to use huge pages.  */
  g_assert_nonnull (strstr (flags, " hg"));
  g_free (p);
}

/* This process's name, as ps shows it.  */
static gchar *
process_name (void)
{
  gchar *name = NULL;

  g_assert_true (g_file_get_contents ("/proc/self/comm", &name, NULL, NULL));
  return g_strchomp (name);
}

/* What this program sees when started with GLIBC_TUNABLES set to
   tunables (NULL: unset) as "--child ARG": the child calls
   sobolev_heap_on_huge_pages and prints its variable, ARG and its
   process name.  */
static gchar *
child_output (const gchar *tunables)
{
  g_autofree gchar *self = g_file_read_link ("/proc/self/exe", NULL);
  gchar *argv[]
      = { self, (gchar *) "--child", (gchar *) "kept argument ü", NULL };
  g_auto (GStrv) envp = g_get_environ ();
  gchar *out = NULL;
  gint status = -1;

  envp = tunables ? g_environ_setenv (envp, "GLIBC_TUNABLES", tunables, TRUE)
                  : g_environ_unsetenv (envp, "GLIBC_TUNABLES");
  g_assert_nonnull (self);
  g_assert_true (g_spawn_sync (NULL, argv, envp, G_SPAWN_DEFAULT, NULL, NULL,
                               &out, NULL, &status, NULL));
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return out;
}

/* Whether the program is expected to start again: glibc 2.35 on, the
   kernel's huge pages on request only, not a sanitizer build.  */
static gboolean
heap_reexec_expected (void)
{
#if defined(__SANITIZE_ADDRESS__) || !defined(__GLIBC__)
  return FALSE;
#else
  g_autofree gchar *mode = NULL;
  guint major = 0, minor = 0;

  if (!g_file_get_contents ("/sys/kernel/mm/transparent_hugepage/enabled",
                            &mode, NULL, NULL)
      || !strstr (mode, "[madvise]"))
    return FALSE;
  sscanf (gnu_get_libc_version (), "%u.%u", &major, &minor);
  return major > 2 || (major == 2 && minor >= 35);
#endif
}

static void
test_heap_on_huge_pages (void)
{
  const gboolean expected = heap_reexec_expected ();
  g_autofree gchar *unset = child_output (NULL);
  g_autofree gchar *kept = child_output ("glibc.malloc.tcache_count=7");
  g_autofree gchar *refused = child_output ("glibc.malloc.hugetlb=0");
  /* Started again, the program keeps its name (not "exe").  */
  g_autofree gchar *name = process_name ();
  g_autofree gchar *tail = g_strdup_printf ("kept argument ü\n%s\n", name);
  g_autofree gchar *unset_expected = g_strconcat (
      expected ? "glibc.malloc.hugetlb=1\n" : "(unset)\n", tail, NULL);
  g_autofree gchar *kept_expected
      = g_strconcat (expected ? "glibc.malloc.tcache_count=7:glibc.malloc."
                                "hugetlb=1\n"
                              : "glibc.malloc.tcache_count=7\n",
                     tail, NULL);
  g_autofree gchar *refused_expected
      = g_strconcat ("glibc.malloc.hugetlb=0\n", tail, NULL);

  g_test_message ("started again: %s", expected ? "expected" : "not expected");
  g_assert_cmpstr (unset, ==, unset_expected);
  /* What the caller had set stays, before the added tunable.  */
  g_assert_cmpstr (kept, ==, kept_expected);
  /* The tunable already named, whatever its value: left alone.  */
  g_assert_cmpstr (refused, ==, refused_expected);
}

int
main (int argc, char **argv)
{
  if (argc == 3 && strcmp (argv[1], "--child") == 0)
    {
      const gchar *tunables;
      g_autofree gchar *name = NULL;

      sobolev_heap_on_huge_pages (argv);
      tunables = g_getenv ("GLIBC_TUNABLES");
      name = process_name ();
      printf ("%s\n%s\n%s\n", tunables ? tunables : "(unset)", argv[2], name);
      return 0;
    }
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/large-buffer/small-is-plain", test_small_is_plain);
  g_test_add_func ("/large-buffer/large-is-aligned-and-whole",
                   test_large_is_aligned_and_whole);
  g_test_add_func ("/large-buffer/zeroed-after-reuse", test_zeroed_after_reuse);
  g_test_add_func ("/large-buffer/overflow-fails", test_overflow_fails);
  g_test_add_func ("/large-buffer/huge-page-advice", test_huge_page_advice);
  g_test_add_func ("/large-buffer/heap-on-huge-pages", test_heap_on_huge_pages);
  return g_test_run ();
}
