/* kernel-common.h — the pieces both CPU backends share: the bin formula, row predicates and
 * the comparisons behind min/max/first/last. One definition each, so the reference and the
 * fast path cannot drift apart. Files including this are compiled with -ffp-contract=off.
 *
 * The bin formula (see pika/compute.h):
 *     valid  = v >= lo && v < hi               (NaN and ±inf fail one of the two)
 *     t      = (float)(v - lo)                 (double subtraction, one rounding)
 *     i      = (int)(t * s)                    (s = (float)(n / (hi - lo)); t * s >= 0, so the
 *                                               truncation is floorf)
 *     i      = min(i, n - 1)
 * Invalid rows are mapped to a sentinel bin (n for 1D, width * height for 2D) by the fast
 * path so that its loops stay branch-free; the reference simply skips them. */
#pragma once

#include "backend.h"

#include <math.h>

/* One axis of the bin formula, prepared once per request. */
typedef struct {
    double lo, hi;
    float scale;
    guint n;
} PkAxisMap;

static inline PkAxisMap pk_axis_map_make(double lo, double hi, guint n) {
    PkAxisMap map = {lo, hi, (float)((double)n / (hi - lo)), n};
    return map;
}

/* TRUE when v falls in [lo, hi) (FALSE for NaN and ±inf). */
static inline gboolean pk_axis_map_contains(const PkAxisMap *map, double v) {
    return v >= map->lo && v < map->hi;
}

/* The bin of a v that pk_axis_map_contains() accepted. */
static inline guint pk_axis_map_bin(const PkAxisMap *map, double v) {
    float t = (float)(v - map->lo);
    float p = t * map->scale;
    int i = (int)p;
    return i > (int)map->n - 1 ? map->n - 1 : (guint)i;
}

static inline gboolean pk_kernel_is_finite(double v) {
    return v - v == 0.0;
}

static inline gboolean pk_kernel_mask_get(const guint64 *words, gsize row) {
    return (words[row / 64] >> (row % 64)) & 1u;
}

/* Even-odd point-in-polygon over n (x, y) pairs, the rule written in pika/compute.h. */
static inline gboolean pk_kernel_in_polygon(const double *poly, guint n, double px, double py) {
    gboolean inside = FALSE;
    for (guint i = 0, j = n - 1; i < n; j = i++) {
        double ax = poly[2 * j], ay = poly[2 * j + 1];
        double bx = poly[2 * i], by = poly[2 * i + 1];
        if ((ay > py) != (by > py)) {
            double cross = (bx - ax) * (py - ay) - (px - ax) * (by - ay);
            if ((by > ay) ? cross > 0.0 : cross < 0.0) {
                inside = !inside;
            }
        }
    }
    return inside;
}

/* Whether row satisfies the predicate (already validated against the data). */
static inline gboolean pk_kernel_predicate(const PkPredicate *p, const PkBackendData *data,
                                           gsize row) {
    switch (p->kind) {
    case PK_PREDICATE_NONE:
        return TRUE;
    case PK_PREDICATE_BOX: {
        double x = data->columns[p->x_column].doubles[row];
        double y = data->columns[p->y_column].doubles[row];
        return x >= p->x0 && x < p->x1 && y >= p->y0 && y < p->y1;
    }
    case PK_PREDICATE_POLYGON: {
        double x = data->columns[p->x_column].doubles[row];
        double y = data->columns[p->y_column].doubles[row];
        if (!pk_kernel_is_finite(x) || !pk_kernel_is_finite(y)) {
            return FALSE;
        }
        return pk_kernel_in_polygon(p->polygon, p->n_vertices, x, y);
    }
    case PK_PREDICATE_CATEGORIES: {
        guint32 code = data->columns[p->category_column].codes[row];
        return code < PK_COMPUTE_MAX_CATEGORIES &&
               ((p->category_set[code / 64] >> (code % 64)) & 1u);
    }
    case PK_PREDICATE_MASK:
        return pk_kernel_mask_get(p->mask, row);
    }
    g_assert_not_reached();
}

/* M4 and min/max merges: a candidate (value, row) replaces the current one when its value is
 * strictly better, or equal with a smaller row id — so the answer never depends on the order
 * rows were visited in. */
static inline gboolean pk_kernel_min_wins(double v, guint32 row, double cur, guint32 cur_row) {
    return cur_row == PK_ROW_NONE || v < cur || (v == cur && row < cur_row);
}

static inline gboolean pk_kernel_max_wins(double v, guint32 row, double cur, guint32 cur_row) {
    return cur_row == PK_ROW_NONE || v > cur || (v == cur && row < cur_row);
}

/* Range statistics: one more value, in row order. Start from PK_RANGE_STATS_EMPTY. */
static inline void pk_kernel_stats_add(PkRangeStats *s, double v) {
    if (isnan(v)) {
        s->n_nan++;
    } else if (isinf(v)) {
        s->n_inf++;
    } else {
        s->n_finite++;
        s->min = isnan(s->min) || v < s->min ? v : s->min;
        s->max = isnan(s->max) || v > s->max ? v : s->max;
        if (v > 0.0 && (isnan(s->min_positive) || v < s->min_positive)) {
            s->min_positive = v;
        }
    }
}

/* Doubles as unsigned integers that order like the doubles (for atomic min/max on devices
 * without float atomics, and to compare results bit-for-bit): flip the sign bit of positives,
 * every bit of negatives. */
static inline guint64 pk_kernel_ordered_from_double(double v) {
    union {
        double d;
        guint64 u;
    } bits = {.d = v};
    return (bits.u >> 63) ? ~bits.u : bits.u | (G_GUINT64_CONSTANT(1) << 63);
}

static inline double pk_kernel_ordered_to_double(guint64 u) {
    union {
        double d;
        guint64 u;
    } bits;
    bits.u = (u >> 63) ? u & ~(G_GUINT64_CONSTANT(1) << 63) : ~u;
    return bits.d;
}
