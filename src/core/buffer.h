/* buffer.h — storage for column values (private to the core layer).
 *
 * Small buffers come from malloc. Buffers of at least PK_BUFFER_LARGE bytes are, on Linux,
 * their own anonymous mappings aligned to 2 MiB and marked for transparent huge pages, so that
 * filling 80 MB of doubles costs 40 page faults instead of 20,000, and growing them moves page
 * tables instead of copying. Callers pass the size they allocated to every later call; which of
 * the two kinds a buffer is follows from that size alone. */
#ifndef PIKA_CORE_BUFFER_H
#define PIKA_CORE_BUFFER_H

#include <glib.h>

#define PK_BUFFER_LARGE ((gsize)4 << 20)

/* Returns NULL when the memory cannot be had. `bytes` may be 0. */
gpointer pk_buffer_alloc(gsize bytes);

/* Resizes a buffer from pk_buffer_alloc, keeping min(old, new) bytes. Returns NULL, leaving the
 * old buffer intact, when the memory cannot be had. */
gpointer pk_buffer_realloc(gpointer buffer, gsize old_bytes, gsize new_bytes);

void pk_buffer_free(gpointer buffer, gsize bytes);

#endif
