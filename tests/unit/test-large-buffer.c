/* Unit tests of the core's large working buffers: sizes, zeroing after
   reuse, alignment, failure on overflow, and the huge-page advice as
   the kernel records it.  */
#include <stdio.h>
#include <string.h>

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

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/large-buffer/small-is-plain", test_small_is_plain);
  g_test_add_func ("/large-buffer/large-is-aligned-and-whole",
                   test_large_is_aligned_and_whole);
  g_test_add_func ("/large-buffer/zeroed-after-reuse", test_zeroed_after_reuse);
  g_test_add_func ("/large-buffer/overflow-fails", test_overflow_fails);
  g_test_add_func ("/large-buffer/huge-page-advice", test_huge_page_advice);
  return g_test_run ();
}
