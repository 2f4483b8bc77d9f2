/* sobolev-transfer — a short fuzzing run without libFuzzer, for the test
   suite: every file of a seed corpus, then a fixed number of mutations of
   them (bytes flipped, inserted, deleted, cut; lines duplicated), from a
   fixed seed.  Each input ends where a guard page begins, so a read past
   its end crashes in any build, not only under the sanitizers. run-libfuzzer.sh
   runs the same targets with coverage guidance.

     smoke-fuzz-TARGET CORPUS_DIR ITERATIONS  */
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "fuzz-target.h"

static GByteArray *
mutate (const GByteArray *seed, GRand *rand)
{
  GByteArray *out = g_byte_array_sized_new (seed->len + 16);
  guint n = 1 + g_rand_int_range (rand, 0, 8);

  g_byte_array_append (out, seed->data, seed->len);
  for (guint k = 0; k < n; k++)
    {
      guint pos = out->len ? g_rand_int_range (rand, 0, out->len) : 0;
      /* Drawn once: MIN () evaluates its arguments twice.  */
      guint run = g_rand_int_range (rand, 1, 64);
      static const gchar interesting[] = "0123456789.-+eE \t\r\n#";
      guint8 byte;

      switch (g_rand_int_range (rand, 0, 6))
        {
        case 0: /* flip a bit */
          if (out->len)
            out->data[pos] ^= 1u << g_rand_int_range (rand, 0, 8);
          break;
        case 1: /* a byte from the format's alphabet */
          byte
              = interesting[g_rand_int_range (rand, 0, sizeof interesting - 1)];
          {
            /* GByteArray has no insert: append, then shift the tail.  */
            g_byte_array_append (out, &byte, 1);
            memmove (out->data + pos + 1, out->data + pos, out->len - 1 - pos);
            out->data[pos] = byte;
          }
          break;
        case 2: /* delete a run */
          if (out->len)
            g_byte_array_remove_range (out, pos, MIN (out->len - pos, run % 8));
          break;
        case 3: /* cut the end off */
          g_byte_array_set_size (out, pos);
          break;
        case 4: /* a random byte */
          byte = g_rand_int_range (rand, 0, 256);
          if (out->len)
            out->data[pos] = byte;
          break;
        default: /* repeat a piece */
          if (out->len)
            {
              guint len = MIN (out->len - pos, run);
              guint8 *piece = g_memdup2 (out->data + pos, len);

              g_byte_array_append (out, piece, len);
              g_free (piece);
            }
          break;
        }
    }
  return out;
}

/* Runs the target on a copy of input that ends at a page that may not be
   read.  */
static void
run_guarded (const guint8 *input, gsize len)
{
  gsize page = (gsize) sysconf (_SC_PAGESIZE);
  gsize span = (len + page - 1) / page * page + page;
  guint8 *base = mmap (NULL, span, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  guint8 *guard, *copy;

  if (base == MAP_FAILED)
    g_error ("mmap failed");
  guard = base + span - page;
  if (mprotect (guard, page, PROT_NONE) != 0)
    g_error ("mprotect failed");
  copy = guard - len;
  if (len)
    memcpy (copy, input, len);
  LLVMFuzzerTestOneInput (copy, len);
  munmap (base, span);
}

int
main (int argc, char **argv)
{
  GPtrArray *seeds = g_ptr_array_new ();
  GDir *dir;
  const gchar *name;
  GRand *rand;
  glong iterations;

  if (argc != 3)
    {
      fprintf (stderr, "usage: %s CORPUS_DIR ITERATIONS\n", argv[0]);
      return 2;
    }
  iterations = strtol (argv[2], NULL, 10);
  dir = g_dir_open (argv[1], 0, NULL);
  if (dir == NULL)
    {
      fprintf (stderr, "no corpus folder %s\n", argv[1]);
      return 2;
    }
  while ((name = g_dir_read_name (dir)))
    {
      gchar *path = g_build_filename (argv[1], name, NULL);
      gchar *contents;
      gsize length;

      if (g_file_get_contents (path, &contents, &length, NULL))
        {
          GByteArray *seed = g_byte_array_new ();

          g_byte_array_append (seed, (guint8 *) contents, length);
          g_ptr_array_add (seeds, seed);
          run_guarded (seed->data, seed->len);
          g_free (contents);
        }
      g_free (path);
    }
  g_dir_close (dir);
  if (seeds->len == 0)
    {
      fprintf (stderr, "the corpus %s is empty\n", argv[1]);
      return 2;
    }

  rand = g_rand_new_with_seed (20261130);
  for (glong i = 0; i < iterations; i++)
    {
      const GByteArray *seed
          = g_ptr_array_index (seeds, g_rand_int_range (rand, 0, seeds->len));
      GByteArray *input = mutate (seed, rand);

      run_guarded (input->data, input->len);
      g_byte_array_unref (input);
    }
  printf ("%u seeds, %ld mutated inputs, no crash\n", seeds->len, iterations);
  g_rand_free (rand);
  g_ptr_array_free (seeds, TRUE);
  return 0;
}
