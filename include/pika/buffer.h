/* pika/buffer.h — storage for column values and for the scratch planes of hot loops.
 *
 * Small buffers come from malloc. Buffers of at least PK_BUFFER_LARGE bytes are, on Linux,
 * their own anonymous mappings aligned to 2 MiB (where transparent huge pages are on, the kernel
 * backs them with huge pages); growing them moves page tables instead of copying. A freed large
 * buffer is kept, up to a cap, for the next large allocation, so that fetching a query again
 * writes into memory the process already has instead of memory the kernel must find and zero
 * (a fault per 4 KiB page: about 100 ms for 160 MB on the development VM).
 *
 * Callers pass the size they asked for to every later call; which kind a buffer is follows from
 * that size alone (scratch, below, has its own pair of calls). All functions are thread-safe. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define PK_BUFFER_LARGE ((gsize)4 << 20)

/* Returns NULL when the memory cannot be had. `bytes` may be 0. */
gpointer pk_buffer_alloc(gsize bytes);

/* Resizes a buffer from pk_buffer_alloc, keeping min(old, new) bytes. Returns NULL, leaving the
 * old buffer intact, when the memory cannot be had. */
gpointer pk_buffer_realloc(gpointer buffer, gsize old_bytes, gsize new_bytes);

void pk_buffer_free(gpointer buffer, gsize bytes);

/* Scratch memory that a call fills and gives back, such as the compute fast path's private
 * planes: whatever its size, it is served like a large buffer (a kept mapping when there is
 * one) and kept when freed, so the next call writes into memory the process already has rather
 * than faulting in fresh pages (a tenth of a two-thread bin2d of 10M rows on the development
 * VM). Contents are undefined; never resized. Returns NULL when the memory cannot be had. */
gpointer pk_buffer_alloc_scratch(gsize bytes);
void pk_buffer_free_scratch(gpointer buffer);

G_END_DECLS
