/* buffer.c — malloc for small buffers, kept mappings for large ones and for scratch (see
 * pika/buffer.h).
 *
 * A large buffer is a mapping of whole 2 MiB blocks starting on a 2 MiB boundary. Its mapped
 * size is recorded in `mapped` (pointer -> size), as it can exceed what the caller asked for:
 *
 *   alloc    smallest kept mapping that is big enough, else reserve size + 2 MiB and trim both
 *            ends to the boundary
 *   grow     in place while the mapping is big enough, else move the pages to a new aligned
 *            range (pk_platform_remap: on Linux huge pages stay whole, nothing is copied)
 *   shrink   unmap the whole pages past the new size
 *   free     keep the mapping while the kept total stays under the cap, else unmap it
 *
 * Kept mappings are not returned to the kernel, so reusing them costs no page faults: fetching
 * 10M rows again writes into memory the process already has. A kept mapping serves any request
 * it can hold, whole, so a column that then grows by doubling stays in place; its pages stay
 * resident with that buffer until it is freed (they were resident in the pool before), so the
 * process holds at most its live buffers, their unused tails and the cap. The cap bounds what
 * an idle process holds (keep_cap). Under AddressSanitizer every buffer comes from malloc, so
 * overflows are caught. Mappings come from the platform seam (platform.h). */
#if !defined(__SANITIZE_ADDRESS__)
#define PK_BUFFER_MAPPED 1
#endif

#include "pika/buffer.h"

#include "platform.h"

#include <string.h>

#ifdef PK_BUFFER_MAPPED

#define HUGE_PAGE ((gsize)2 << 20)
#define KEEP_CAP_MAX ((gsize)512 << 20)

typedef struct {
    guint8 *start;
    gsize size;
} Mapping;

static GMutex lock;
static GHashTable *mapped; /* guint8 * -> GSIZE_TO_POINTER(mapped size), live and kept */
static GArray *kept;       /* Mapping, freed and kept for reuse */
static gsize kept_bytes;

static gsize page_round(gsize bytes) {
    return (bytes + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
}

static gboolean is_large(gsize bytes) {
    return bytes >= PK_BUFFER_LARGE;
}

/* At most 512 MiB and 1/16 of the machine's memory. */
static gsize keep_cap(void) {
    static gsize cap;
    if (cap == 0) {
        gsize memory = (gsize)pk_platform_get_physical_memory();
        cap = MAX(MIN(KEEP_CAP_MAX, memory / 16), 1);
    }
    return cap;
}

/* Callers hold `lock`. */
static void record(guint8 *start, gsize size) {
    if (mapped == NULL) {
        mapped = g_hash_table_new(g_direct_hash, g_direct_equal);
        kept = g_array_new(FALSE, FALSE, sizeof(Mapping));
    }
    g_hash_table_insert(mapped, start, GSIZE_TO_POINTER(size));
}

static gsize mapped_size(guint8 *start) {
    gpointer size = g_hash_table_lookup(mapped, start);
    g_assert(size != NULL);
    return GPOINTER_TO_SIZE(size);
}

/* Takes the smallest kept mapping of at least `size` bytes; NULL if none. */
static guint8 *take_kept(gsize size) {
    guint best = G_MAXUINT;
    for (guint i = 0; kept != NULL && i < kept->len; i++) {
        Mapping *m = &g_array_index(kept, Mapping, i);
        if (m->size >= size &&
            (best == G_MAXUINT || m->size < g_array_index(kept, Mapping, best).size)) {
            best = i;
        }
    }
    if (best == G_MAXUINT) {
        return NULL;
    }
    guint8 *start = g_array_index(kept, Mapping, best).start;
    kept_bytes -= g_array_index(kept, Mapping, best).size;
    g_array_remove_index_fast(kept, best);
    return start;
}

static gpointer alloc_large(gsize bytes) {
    gsize size = page_round(bytes);
    g_mutex_lock(&lock);
    guint8 *start = take_kept(size);
    g_mutex_unlock(&lock);
    if (start != NULL) {
        return start;
    }
    start = pk_platform_map(size, HUGE_PAGE); /* aligned, unpopulated */
    if (start != NULL) {
        g_mutex_lock(&lock);
        record(start, size);
        g_mutex_unlock(&lock);
    }
    return start;
}

static void free_large(guint8 *start) {
    g_mutex_lock(&lock);
    gsize size = mapped_size(start);
    gboolean keep = kept_bytes + size <= keep_cap();
    if (keep) {
        g_array_append_val(kept, ((Mapping){start, size}));
        kept_bytes += size;
    } else {
        g_hash_table_remove(mapped, start);
    }
    g_mutex_unlock(&lock);
    if (!keep) {
        pk_platform_unmap(start, size);
    }
}

/* Resizes a large buffer to another large size. A buffer grows in place while its mapping is
 * big enough (a kept mapping usually is); only a shrink gives pages back. */
static gpointer resize_large(guint8 *start, gsize old_bytes, gsize new_bytes) {
    gsize want = page_round(new_bytes);
    g_mutex_lock(&lock);
    gsize size = mapped_size(start);
    g_mutex_unlock(&lock);
    if (want <= size) {
        if (want < size && new_bytes < old_bytes) {
            pk_platform_unmap(start + want, size - want);
            g_mutex_lock(&lock);
            record(start, want);
            g_mutex_unlock(&lock);
        }
        return start;
    }
    guint8 *target = pk_platform_remap(start, size, want, HUGE_PAGE);
    if (target == NULL) {
        return NULL;
    }
    g_mutex_lock(&lock);
    g_hash_table_remove(mapped, start);
    record(target, want);
    g_mutex_unlock(&lock);
    return target;
}

gpointer pk_buffer_alloc(gsize bytes) {
    return is_large(bytes) ? alloc_large(bytes) : g_try_malloc(MAX(bytes, 1));
}

gpointer pk_buffer_realloc(gpointer buffer, gsize old_bytes, gsize new_bytes) {
    if (!is_large(old_bytes) && !is_large(new_bytes)) {
        return g_try_realloc(buffer, MAX(new_bytes, 1));
    }
    if (is_large(old_bytes) && is_large(new_bytes)) {
        return resize_large(buffer, old_bytes, new_bytes);
    }
    /* Crossing the threshold: copy between the two kinds. */
    gpointer other = pk_buffer_alloc(new_bytes);
    if (other == NULL) {
        return NULL;
    }
    memcpy(other, buffer, MIN(old_bytes, new_bytes));
    pk_buffer_free(buffer, old_bytes);
    return other;
}

void pk_buffer_free(gpointer buffer, gsize bytes) {
    if (buffer == NULL) {
        return;
    }
    if (is_large(bytes)) {
        free_large(buffer);
    } else {
        g_free(buffer);
    }
}

gpointer pk_buffer_alloc_scratch(gsize bytes) {
    return alloc_large(MAX(bytes, 1));
}

void pk_buffer_free_scratch(gpointer buffer) {
    if (buffer != NULL) {
        free_large(buffer);
    }
}

#else /* malloc throughout */

gpointer pk_buffer_alloc(gsize bytes) {
    return g_try_malloc(MAX(bytes, 1));
}

gpointer pk_buffer_realloc(gpointer buffer, gsize old_bytes, gsize new_bytes) {
    (void)old_bytes;
    return g_try_realloc(buffer, MAX(new_bytes, 1));
}

void pk_buffer_free(gpointer buffer, gsize bytes) {
    (void)bytes;
    g_free(buffer);
}

gpointer pk_buffer_alloc_scratch(gsize bytes) {
    return g_try_malloc(MAX(bytes, 1));
}

void pk_buffer_free_scratch(gpointer buffer) {
    g_free(buffer);
}

#endif
