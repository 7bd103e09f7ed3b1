/* buffer.c — malloc for small buffers, huge-page mappings for large ones (see buffer.h).
 *
 * A large buffer is a mapping of whole 2 MiB pages starting on a 2 MiB boundary:
 *
 *   reserve size + 2 MiB ──trim both ends──▶ [aligned, aligned + mapped) ──madvise HUGEPAGE
 *
 * Growing reserves a new aligned range and moves the old pages there with mremap, so huge pages
 * stay whole and nothing is copied. Shrinking unmaps the tail in place. Where transparent huge
 * pages are off the mappings still work, with ordinary pages. */
#ifdef __linux__
#define _GNU_SOURCE /* mremap */
#include <sys/mman.h>
#endif

#include "buffer.h"

#include <string.h>

#ifdef __linux__

#define HUGE_PAGE ((gsize)2 << 20)

static gsize mapped_size(gsize bytes) {
    return (bytes + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
}

static gboolean is_large(gsize bytes) {
    return bytes >= PK_BUFFER_LARGE;
}

/* An aligned, unpopulated range of `size` bytes (a multiple of HUGE_PAGE), or NULL. */
static guint8 *reserve_aligned(gsize size) {
    guint8 *raw = mmap(NULL, size + HUGE_PAGE, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (raw == MAP_FAILED) {
        return NULL;
    }
    guint8 *aligned = (guint8 *)(((guintptr)raw + HUGE_PAGE - 1) & ~(guintptr)(HUGE_PAGE - 1));
    gsize head = (gsize)(aligned - raw);
    if (head > 0) {
        munmap(raw, head);
    }
    munmap(aligned + size, HUGE_PAGE - head);
    return aligned;
}

static gpointer map_large(gsize bytes) {
    gsize size = mapped_size(bytes);
    guint8 *buffer = reserve_aligned(size);
    if (buffer != NULL) {
        madvise(buffer, size, MADV_HUGEPAGE); /* a hint; fails harmlessly where THP is off */
    }
    return buffer;
}

gpointer pk_buffer_alloc(gsize bytes) {
    return is_large(bytes) ? map_large(bytes) : g_try_malloc(MAX(bytes, 1));
}

gpointer pk_buffer_realloc(gpointer buffer, gsize old_bytes, gsize new_bytes) {
    if (!is_large(old_bytes) && !is_large(new_bytes)) {
        return g_try_realloc(buffer, MAX(new_bytes, 1));
    }
    if (is_large(old_bytes) && is_large(new_bytes)) {
        gsize old_size = mapped_size(old_bytes);
        gsize new_size = mapped_size(new_bytes);
        if (new_size <= old_size) {
            if (new_size < old_size) {
                munmap((guint8 *)buffer + new_size, old_size - new_size);
            }
            return buffer;
        }
        guint8 *target = reserve_aligned(new_size);
        if (target == NULL) {
            return NULL;
        }
        void *moved = mremap(buffer, old_size, new_size, MREMAP_MAYMOVE | MREMAP_FIXED, target);
        if (moved == MAP_FAILED) {
            munmap(target, new_size);
            return NULL;
        }
        return moved;
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
        munmap(buffer, mapped_size(bytes));
    } else {
        g_free(buffer);
    }
}

#else /* not Linux: malloc throughout */

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

#endif
