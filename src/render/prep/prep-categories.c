/* prep-categories.c — the colour categories of a plot: the K most frequent names of a text
 * column plus "other", and any other frame's codes mapped to them by name.
 *
 * One mapping serves a one-off scatter (prep-grid.c) and an interactive session
 * (prep-session-scatter.c), so a plot looks the same whichever drew it. Ties in frequency go
 * by dictionary order. */
#include "pika/render-kit.h"
#include "prep-engine.h"

#include <stdlib.h>

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

/* Each row's index through remap (NULL rows and unknown codes: PK_CATEGORY_NONE). */
static guint32 *remap_rows(PkColumn *column, const guint32 *remap) {
    gsize n_rows = pk_column_get_n_rows(column);
    guint n_dict = pk_column_get_n_categories(column);
    const guint32 *codes = pk_column_get_codes(column);
    guint32 *out = g_new(guint32, MAX(n_rows, 1));
    for (gsize r = 0; r < n_rows; r++) {
        out[r] =
            pk_column_is_valid(column, r) && codes[r] < n_dict ? remap[codes[r]] : PK_CATEGORY_NONE;
    }
    return out;
}

void pk_prep_categories_build(PkColumn *column, guint max_k, PkPrepCategories *cats) {
    gsize n_rows = pk_column_get_n_rows(column);
    guint n_dict = pk_column_get_n_categories(column);
    const guint32 *codes = pk_column_get_codes(column);
    CodeCount *order = g_new0(CodeCount, MAX(n_dict, 1));
    for (guint i = 0; i < n_dict; i++) {
        order[i].code = i;
    }
    for (gsize r = 0; r < n_rows; r++) {
        if (pk_column_is_valid(column, r) && codes[r] < n_dict) {
            order[codes[r]].count++;
        }
    }
    qsort(order, n_dict, sizeof *order, by_count_desc);
    guint k = CLAMP(max_k, 1u, (guint)PK_PALETTE_SIZE);
    cats->has_other = n_dict > k;
    cats->n = cats->has_other ? k : n_dict;
    guint32 *remap = g_new(guint32, MAX(n_dict, 1));
    cats->names = g_new0(char *, cats->n + 1);
    for (guint i = 0; i < n_dict; i++) {
        remap[order[i].code] = MIN(i, cats->n - 1);
        if (i < cats->n) {
            cats->names[i] = g_strdup(cats->has_other && i == cats->n - 1
                                          ? "other"
                                          : pk_column_get_category(column, order[i].code));
        }
    }
    cats->codes = remap_rows(column, remap);
    g_free(remap);
    g_free(order);
}

guint32 *pk_prep_categories_apply(const PkPrepCategories *cats, PkColumn *column) {
    guint n_dict = pk_column_get_n_categories(column), n_named = cats->n - cats->has_other;
    guint32 *remap = g_new(guint32, MAX(n_dict, 1));
    for (guint c = 0; c < n_dict; c++) {
        remap[c] = cats->has_other ? cats->n - 1 : PK_CATEGORY_NONE;
        for (guint i = 0; i < n_named; i++) {
            if (g_strcmp0(cats->names[i], pk_column_get_category(column, c)) == 0) {
                remap[c] = i;
                break;
            }
        }
    }
    guint32 *out = remap_rows(column, remap);
    g_free(remap);
    return out;
}

void pk_prep_categories_clear(PkPrepCategories *cats) {
    g_clear_pointer(&cats->codes, g_free);
    g_clear_pointer(&cats->names, g_strfreev);
    cats->n = 0;
    cats->has_other = FALSE;
}
