/* source-fingerprint.c — what says a source file is the one that was imported.
 *
 *   "<size>:<mtime in ns>:<hash>"     e.g. "2048:1700000000123456789:9f86d081884c7d65"
 *
 * The hash covers the whole file up to FULL_HASH_BYTES. A larger file is hashed in
 * N_SAMPLES blocks of SAMPLE_BYTES spread evenly over it, the first and last included (64 MiB
 * read whatever the size), so a fingerprint costs tens of milliseconds from the page cache.
 * Residual risk, for files above FULL_HASH_BYTES only: an edit that keeps the size, falls
 * wholly between two sampled blocks, and is made with the modification time restored to the
 * nanosecond (or within the same nanosecond tick) goes unnoticed; docs/graph.md says so.
 *
 * The hash is XXH64's round (multiply, rotate, multiply) over four 8-byte lanes: not a
 * cryptographic hash (a source file is the user's own input, not an attacker's), but one that
 * any change of a covered byte changes, at memory speed. The block offsets are part of the
 * hash, so moving bytes between blocks changes it too. */
#define _DEFAULT_SOURCE /* fseeko */
#include "graph-private.h"

#include "pika/error.h"
#include "platform.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>

#define FULL_HASH_BYTES (64u * 1024u * 1024u)
#define SAMPLE_BYTES (64u * 1024u)
#define N_SAMPLES 1024u
#define READ_BYTES (1024u * 1024u) /* a multiple of 32 */

#define P1 0x9E3779B185EBCA87ull
#define P2 0xC2B2AE3D27D4EB4Full
#define P3 0x165667B19E3779F9ull

typedef struct {
    guint64 lane[4];
    guint64 n_bytes;
} Hash;

static guint64 rotl(guint64 x, int r) {
    return (x << r) | (x >> (64 - r));
}

static guint64 mix(guint64 acc, guint64 input) {
    return rotl(acc + input * P2, 31) * P1;
}

static void hash_init(Hash *h) {
    *h = (Hash){{P1 + P2, P2, 0, (guint64)0 - P1}, 0};
}

/* Adds n bytes (whole 32-byte stripes, then the tail byte by byte into lane 0). */
static void hash_add(Hash *h, const guint8 *bytes, gsize n) {
    gsize i = 0;
    for (; i + 32 <= n; i += 32) {
        for (int k = 0; k < 4; k++) {
            guint64 word;
            memcpy(&word, bytes + i + 8 * k, 8);
            h->lane[k] = mix(h->lane[k], word);
        }
    }
    for (; i < n; i++) {
        h->lane[0] = rotl(h->lane[0] ^ (bytes[i] * P3), 11) * P1;
    }
    h->n_bytes += n;
}

static guint64 hash_end(const Hash *h) {
    guint64 v = rotl(h->lane[0], 1) + rotl(h->lane[1], 7) + rotl(h->lane[2], 12) +
                rotl(h->lane[3], 18) + h->n_bytes;
    v ^= v >> 33;
    v *= P2;
    v ^= v >> 29;
    v *= P3;
    return v ^ (v >> 32);
}

/* Hashes n bytes of file from offset (fewer at the end of the file). */
static gboolean hash_span(Hash *h, FILE *file, guint64 offset, guint64 n, guint8 *buffer) {
    if (fseeko(file, (off_t)offset, SEEK_SET) != 0) {
        return FALSE;
    }
    guint64 offset_word = offset;
    hash_add(h, (const guint8 *)&offset_word, sizeof offset_word);
    while (n > 0) {
        gsize want = (gsize)MIN(n, (guint64)READ_BYTES);
        gsize got = fread(buffer, 1, want, file);
        hash_add(h, buffer, got);
        if (got < want) {
            return !ferror(file);
        }
        n -= got;
    }
    return TRUE;
}

static gboolean hash_file(FILE *file, guint64 size, guint64 *out_hash) {
    g_autofree guint8 *buffer = g_malloc(READ_BYTES);
    Hash h;
    hash_init(&h);
    gboolean ok = TRUE;
    if (size <= FULL_HASH_BYTES) {
        ok = hash_span(&h, file, 0, size, buffer);
    } else {
        guint64 step = (size - SAMPLE_BYTES) / (N_SAMPLES - 1);
        for (guint i = 0; i < N_SAMPLES && ok; i++) {
            guint64 offset = i + 1 == N_SAMPLES ? size - SAMPLE_BYTES : i * step;
            ok = hash_span(&h, file, offset, SAMPLE_BYTES, buffer);
        }
    }
    *out_hash = hash_end(&h);
    return ok;
}

char *pk_graph_file_fingerprint(const char *path, GError **error) {
    PkPlatformFileInfo st;
    if (!pk_platform_file_query(path, TRUE, &st) || !st.is_regular) {
        g_set_error(error, PK_ERROR, PK_ERROR_NOT_FOUND,
                    "The source file %s is missing. Locate the file: put it back, or point the "
                    "source at where it is now.",
                    path);
        return NULL;
    }
    FILE *file = g_fopen(path, "rb");
    guint64 hash = 0;
    gboolean ok = file != NULL && hash_file(file, st.size, &hash);
    int saved = errno;
    if (file != NULL) {
        fclose(file);
    }
    if (!ok) {
        g_set_error(error, PK_ERROR, PK_ERROR_IO, "Cannot read the source file %s: %s.", path,
                    g_strerror(saved));
        return NULL;
    }
    gint64 mtime_ns = st.mtime_s * 1000000000 + st.mtime_ns;
    return g_strdup_printf("%" G_GUINT64_FORMAT ":%" G_GINT64_FORMAT ":%016" G_GINT64_MODIFIER "x",
                           st.size, mtime_ns, hash);
}
