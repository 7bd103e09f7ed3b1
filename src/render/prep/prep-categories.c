/* prep-categories.c — the colour categories of a plot: the K most frequent names of a text
 * column plus "other", and any other frame's codes mapped to them by name.
 *
 * One mapping serves a one-off scatter (prep-grid.c) and an interactive session
 * (prep-session-scatter.c), so a plot looks the same whichever drew it. Ties in frequency go
 * by dictionary order. */
#include "pika/render-kit.h"
#include "prep-engine.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
    guint64 count;
    guint32 code;
} CodeCount;

static int by_count_desc(const void *a, const void *b) {
    const CodeCount *p = a, *q = b;
    if (p->count != q->count) {
        return p->count < q->count ? 1 : -1;
    }
    return (p->code > q->code) - (p->code < q->code);
}

/* Up to this dictionary size, the count pass keeps four sets of counters, one per row modulo
 * 4, so that runs of one category do not wait on the same counter's last increment. */
#define SPLIT_COUNT_MAX_DICT 4096

/* NULL rows carry PK_COLUMN_NULL_CODE (column.h), beyond every dictionary: the maps below have
 * n_dict + 1 entries and a code is looked up as MIN(code, n_dict), with no test of validity
 * per row. */
guint32 *pk_prep_categories_remap(PkColumn *column, const guint32 *remap) {
    gsize n_rows = pk_column_get_n_rows(column);
    guint32 n_dict = pk_column_get_n_categories(column);
    const guint32 *codes = pk_column_get_codes(column);
    guint32 *out = g_new(guint32, MAX(n_rows, 1));
    for (gsize r = 0; r < n_rows; r++) {
        out[r] = remap[MIN(codes[r], n_dict)];
    }
    return out;
}

/* Rows per dictionary code into order[code].count. */
static void count_codes(PkColumn *column, CodeCount *order) {
    gsize n_rows = pk_column_get_n_rows(column);
    guint32 n_dict = pk_column_get_n_categories(column);
    const guint32 *codes = pk_column_get_codes(column);
    guint sets = n_dict <= SPLIT_COUNT_MAX_DICT ? 4 : 1;
    gsize stride = (gsize)n_dict + 1, r = 0;
    guint64 *counts = g_new0(guint64, stride * sets);
    if (sets == 4) {
        for (; r + 4 <= n_rows; r += 4) {
            counts[MIN(codes[r], n_dict)]++;
            counts[stride + MIN(codes[r + 1], n_dict)]++;
            counts[2 * stride + MIN(codes[r + 2], n_dict)]++;
            counts[3 * stride + MIN(codes[r + 3], n_dict)]++;
        }
    }
    for (; r < n_rows; r++) {
        counts[MIN(codes[r], n_dict)]++;
    }
    for (guint i = 0; i < n_dict; i++) {
        for (guint s = 0; s < sets; s++) {
            order[i].count += counts[s * stride + i];
        }
    }
    g_free(counts);
}

guint32 *pk_prep_categories_rank(PkColumn *column, guint max_k, PkPrepCategories *cats) {
    guint n_dict = pk_column_get_n_categories(column);
    CodeCount *order = g_new0(CodeCount, MAX(n_dict, 1));
    for (guint i = 0; i < n_dict; i++) {
        order[i].code = i;
    }
    count_codes(column, order);
    qsort(order, n_dict, sizeof *order, by_count_desc);
    guint k = CLAMP(max_k, 1u, (guint)PK_PALETTE_SIZE);
    cats->has_other = n_dict > k;
    cats->n = cats->has_other ? k : n_dict;
    guint32 *map = g_new(guint32, n_dict + 1);
    map[n_dict] = PK_CATEGORY_NONE;
    cats->names = g_new0(char *, cats->n + 1);
    for (guint i = 0; i < n_dict; i++) {
        map[order[i].code] = MIN(i, cats->n - 1);
        if (i < cats->n) {
            cats->names[i] = g_strdup(cats->has_other && i == cats->n - 1
                                          ? "other"
                                          : pk_column_get_category(column, order[i].code));
        }
    }
    g_free(order);
    return map;
}

void pk_prep_categories_build(PkColumn *column, guint max_k, PkPrepCategories *cats) {
    g_autofree guint32 *map = pk_prep_categories_rank(column, max_k, cats);
    cats->codes = pk_prep_categories_remap(column, map);
}

guint32 *pk_prep_categories_map(const PkPrepCategories *cats, PkColumn *column) {
    guint n_dict = pk_column_get_n_categories(column), n_named = cats->n - cats->has_other;
    guint32 *map = g_new(guint32, n_dict + 1);
    map[n_dict] = PK_CATEGORY_NONE;
    for (guint c = 0; c < n_dict; c++) {
        map[c] = cats->has_other ? cats->n - 1 : PK_CATEGORY_NONE;
        for (guint i = 0; i < n_named; i++) {
            if (g_strcmp0(cats->names[i], pk_column_get_category(column, c)) == 0) {
                map[c] = i;
                break;
            }
        }
    }
    return map;
}

guint32 *pk_prep_categories_apply(const PkPrepCategories *cats, PkColumn *column) {
    g_autofree guint32 *map = pk_prep_categories_map(cats, column);
    return pk_prep_categories_remap(column, map);
}

/* Moves planes so that plane i holds what plane perm[i] held, for every i, following the
 * permutation's cycles through one spare plane. */
static void permute_planes(guint32 *planes, const guint32 *perm, guint n, gsize n_cells,
                           guint32 *spare) {
    gsize size = n_cells * sizeof(guint32);
    gboolean *done = g_new0(gboolean, MAX(n, 1));
    for (guint start = 0; start < n; start++) {
        if (done[start] || perm[start] == start) {
            continue;
        }
        memcpy(spare, planes + start * n_cells, size);
        guint i = start;
        for (; perm[i] != start; i = perm[i]) {
            memcpy(planes + i * n_cells, planes + (gsize)perm[i] * n_cells, size);
            done[i] = TRUE;
        }
        memcpy(planes + i * n_cells, spare, size);
        done[i] = TRUE;
    }
    g_free(done);
}

void pk_prep_categories_fold(const PkPrepCategories *cats, const guint32 *map, guint n_codes,
                             guint32 *planes, gsize n_cells) {
    g_assert(cats->n <= n_codes);
    /* perm: the named categories' codes first, in order, then the rest in any order */
    guint32 *perm = g_new(guint32, MAX(n_codes, 1));
    guint n_named = cats->n - cats->has_other, rest = n_named;
    for (guint c = 0; c < n_codes; c++) {
        if (map[c] < n_named) {
            perm[map[c]] = c;
        } else {
            perm[rest++] = c;
        }
    }
    g_assert(rest == n_codes);
    guint32 *spare = g_new0(guint32, MAX(n_cells, 1));
    if (cats->has_other) {
        for (guint c = 0; c < n_codes; c++) {
            const guint32 *plane = planes + (gsize)c * n_cells;
            for (gsize i = 0; map[c] == cats->n - 1 && i < n_cells; i++) {
                spare[i] += plane[i];
            }
        }
        guint32 *other = g_steal_pointer(&spare);
        spare = g_new(guint32, MAX(n_cells, 1));
        permute_planes(planes, perm, n_codes, n_cells, spare);
        memcpy(planes + (gsize)(cats->n - 1) * n_cells, other, n_cells * sizeof(guint32));
        g_free(other);
    } else {
        permute_planes(planes, perm, n_codes, n_cells, spare);
    }
    g_free(spare);
    g_free(perm);
}

void pk_prep_categories_clear(PkPrepCategories *cats) {
    g_clear_pointer(&cats->codes, g_free);
    g_clear_pointer(&cats->names, g_strfreev);
    cats->n = 0;
    cats->has_other = FALSE;
}
