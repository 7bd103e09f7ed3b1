/* buffer.h — storage for column values (private to the core layer).
 *
 * Small buffers come from malloc. Buffers of at least PK_BUFFER_LARGE bytes are, on Linux,
 * their own anonymous mappings aligned to 2 MiB (where transparent huge pages are on, the kernel
 * backs them with huge pages); growing them moves page tables instead of copying. A freed large
 * buffer is kept, up to a cap, for the next large allocation, so that fetching a query again
 * writes into memory the process already has instead of memory the kernel must find and zero
 * (a fault per 4 KiB page: about 100 ms for 160 MB on the development VM).
 *
 * Callers pass the size they asked for to every later call; which kind a buffer is follows from
 * that size alone. All functions are thread-safe. */
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
