/* cpu-fast-ops.c — hist1d, column stats, M4 and masks on all cores. Each op splits rows into
 * contiguous parts (one per thread), each part fills private results, and the parts are
 * merged in row order — the same rules as the reference (kernel-common.h), so integer
 * results are identical. Masks split on 64-row boundaries so parts write disjoint words. */
#include "cpu-private.h"

#include "pika/error.h"

#include <math.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#define PK_OPS_MAX_PARTS 64
#define PK_OPS_MIN_ROWS (1u << 16)

typedef struct {
    const PkBackendData *data;
    const void *request;
    guint n_parts;
    PkCancel *cancel;
    gint cancelled;
    gpointer outs[PK_OPS_MAX_PARTS];
} OpsTask;

static guint ops_parts(PkBackend *backend, gsize n_rows) {
    guint n = MIN(pk_cpu_get_n_threads(backend), PK_OPS_MAX_PARTS);
    return (guint)MAX((gsize)1, MIN((gsize)n, n_rows / PK_OPS_MIN_ROWS));
}

/* TRUE (and the task marked) when the token fired; polled every PK_CPU_CANCEL_ROWS rows. */
static gboolean ops_cancelled(OpsTask *t, gsize row, gsize begin) {
    if ((row - begin) % PK_CPU_CANCEL_ROWS != 0) {
        return FALSE;
    }
    if (g_atomic_int_get(&t->cancelled) || pk_cancel_is_requested(t->cancel)) {
        g_atomic_int_set(&t->cancelled, 1);
        return TRUE;
    }
    return FALSE;
}

static gboolean ops_finish(OpsTask *t, GError **error) {
    if (g_atomic_int_get(&t->cancelled)) {
        pk_cancel_set_error_if_requested(t->cancel, error);
        return FALSE;
    }
    return TRUE;
}

/* Hist1d ------------------------------------------------------------------------------------ */

static void hist_part(gpointer data, guint index) {
    OpsTask *t = data;
    const PkHist1dRequest *r = t->request;
    PkHistogram *h = t->outs[index];
    PkAxisMap map = pk_axis_map_make(r->lo, r->hi, r->n_bins);
    const double *values = t->data->columns[r->column].doubles;
    gsize begin, end;
    pk_cpu_split(t->data->n_rows, t->n_parts, index, &begin, &end);
    memset(h->counts, 0, r->n_bins * sizeof(guint32));
    if (h->selected != NULL) {
        memset(h->selected, 0, r->n_bins * sizeof(guint32));
    }
    for (gsize row = begin; row < end; row++) {
        if (ops_cancelled(t, row, begin)) {
            return;
        }
        double v = values[row];
        if (!pk_kernel_is_finite(v)) {
            h->n_skipped_invalid++;
        } else if (!pk_axis_map_contains(&map, v)) {
            h->n_out_of_range++;
        } else {
            guint bin = pk_axis_map_bin(&map, v);
            h->counts[bin]++;
            h->n_in_range++;
            if (h->selected != NULL && pk_kernel_predicate(r->selection, t->data, row)) {
                h->selected[bin]++;
                h->n_selected++;
            }
        }
    }
}

gboolean pk_cpu_fast_hist1d(PkBackend *backend, const PkBackendData *data, const PkHist1dRequest *r,
                            PkHistogram *out, PkCancel *cancel, GError **error) {
    OpsTask t = {data, r, ops_parts(backend, data->n_rows), cancel, 0, {NULL}};
    PkHistogram parts[PK_OPS_MAX_PARTS];
    memset(parts, 0, sizeof parts);
    out->n_in_range = out->n_selected = out->n_skipped_invalid = out->n_out_of_range = 0;
    parts[0] = *out;
    gboolean ok = TRUE;
    for (guint i = 0; i < t.n_parts; i++) {
        t.outs[i] = &parts[i];
        if (i > 0) {
            parts[i].counts = g_try_malloc(r->n_bins * sizeof(guint32));
            parts[i].selected = out->selected ? g_try_malloc(r->n_bins * sizeof(guint32)) : NULL;
            ok = ok && parts[i].counts != NULL && (!out->selected || parts[i].selected);
        }
    }
    if (!ok) {
        g_set_error(error, PK_ERROR, PK_ERROR_NOMEM, "out of memory for per-thread histograms");
        goto out;
    }
    pk_cpu_parallel_run(t.n_parts, t.n_parts, hist_part, &t);
    ok = ops_finish(&t, error);
    for (guint i = 0; ok && i < t.n_parts; i++) {
        for (guint b = 0; i > 0 && b < r->n_bins; b++) {
            parts[0].counts[b] += parts[i].counts[b];
            if (out->selected != NULL) {
                parts[0].selected[b] += parts[i].selected[b];
            }
        }
        out->n_in_range += parts[i].n_in_range;
        out->n_selected += parts[i].n_selected;
        out->n_skipped_invalid += parts[i].n_skipped_invalid;
        out->n_out_of_range += parts[i].n_out_of_range;
    }
out:
    for (guint i = 1; i < t.n_parts; i++) {
        g_free(parts[i].counts);
        g_free(parts[i].selected);
    }
    return ok;
}

/* Stats ------------------------------------------------------------------------------------- */

/* Adds the statistics of later rows p into s (row order: equal extremes keep s's). */
static void stats_merge(PkRangeStats *s, const PkRangeStats *p) {
    s->n_nan += p->n_nan;
    s->n_inf += p->n_inf;
    s->n_finite += p->n_finite;
    s->min = isnan(s->min) || p->min < s->min ? p->min : s->min;
    s->max = isnan(s->max) || p->max > s->max ? p->max : s->max;
    if (!isnan(p->min_positive) && (isnan(s->min_positive) || p->min_positive < s->min_positive)) {
        s->min_positive = p->min_positive;
    }
}

/* Statistics of rows [begin, end) one row at a time, in row order (the reference's rules). */
static void stats_rows_scalar(const double *values, gsize begin, gsize end, PkRangeStats *out) {
    PkRangeStats s = PK_RANGE_STATS_EMPTY;
    for (gsize row = begin; row < end; row++) {
        pk_kernel_stats_add(&s, values[row]);
    }
    *out = s;
}

#ifdef __SSE2__
/* The same with SSE2, two rows per step and no branches. A row that is not finite becomes NaN,
 * which minpd/maxpd pass over (they return the second operand, the running extreme, when the
 * first is NaN); so does a row that is not > 0 for min_positive. Rows are counted with the
 * all-ones compare masks (-1 per lane). Equal extremes of opposite sign (-0.0 and +0.0) may
 * come out as either. */
static void stats_rows(const double *values, gsize begin, gsize end, PkRangeStats *out) {
    const __m128d inf = _mm_set1_pd(INFINITY);
    const __m128d nan = _mm_set1_pd(NAN);
    const __m128d abs_mask = _mm_castsi128_pd(_mm_set1_epi64x(0x7fffffffffffffffLL));
    __m128d lo = inf, hi = _mm_set1_pd(-INFINITY), lo_pos = inf;
    __m128i n_nan = _mm_setzero_si128(), n_inf = _mm_setzero_si128();
    gsize row = begin;
    for (; row + 2 <= end; row += 2) {
        __m128d v = _mm_loadu_pd(values + row);
        __m128d mag = _mm_and_pd(v, abs_mask);
        __m128d finite = _mm_cmplt_pd(mag, inf); /* false for NaN and ±inf */
        __m128d f = _mm_or_pd(_mm_and_pd(finite, v), _mm_andnot_pd(finite, nan));
        lo = _mm_min_pd(f, lo);
        hi = _mm_max_pd(f, hi);
        __m128d pos = _mm_cmpgt_pd(f, _mm_setzero_pd());
        lo_pos = _mm_min_pd(_mm_or_pd(_mm_and_pd(pos, f), _mm_andnot_pd(pos, nan)), lo_pos);
        n_nan = _mm_sub_epi64(n_nan, _mm_castpd_si128(_mm_cmpunord_pd(v, v)));
        n_inf = _mm_sub_epi64(n_inf, _mm_castpd_si128(_mm_cmpeq_pd(mag, inf)));
    }
    double l[2], h[2], p[2];
    guint64 a[2], b[2];
    _mm_storeu_pd(l, lo);
    _mm_storeu_pd(h, hi);
    _mm_storeu_pd(p, lo_pos);
    _mm_storeu_si128((__m128i *)a, n_nan);
    _mm_storeu_si128((__m128i *)b, n_inf);
    PkRangeStats s = PK_RANGE_STATS_EMPTY;
    s.n_nan = a[0] + a[1];
    s.n_inf = b[0] + b[1];
    s.n_finite = (row - begin) - s.n_nan - s.n_inf;
    if (s.n_finite > 0) {
        s.min = MIN(l[0], l[1]);
        s.max = MAX(h[0], h[1]);
    }
    double min_pos = MIN(p[0], p[1]);
    s.min_positive = min_pos < INFINITY ? min_pos : NAN;
    PkRangeStats tail;
    stats_rows_scalar(values, row, end, &tail);
    stats_merge(&s, &tail);
    *out = s;
}
#else
#define stats_rows stats_rows_scalar
#endif

static void stats_part(gpointer data, guint index) {
    OpsTask *t = data;
    const guint *column = t->request;
    PkRangeStats *s = t->outs[index];
    const double *values = t->data->columns[*column].doubles;
    gsize begin, end;
    pk_cpu_split(t->data->n_rows, t->n_parts, index, &begin, &end);
    *s = PK_RANGE_STATS_EMPTY;
    for (gsize row = begin; row < end; row += PK_CPU_CANCEL_ROWS) {
        if (ops_cancelled(t, row, begin)) {
            return;
        }
        PkRangeStats block;
        stats_rows(values, row, MIN(end, row + PK_CPU_CANCEL_ROWS), &block);
        stats_merge(s, &block);
    }
}

gboolean pk_cpu_fast_stats(PkBackend *backend, const PkBackendData *data, guint column,
                           PkRangeStats *out, PkCancel *cancel, GError **error) {
    OpsTask t = {data, &column, ops_parts(backend, data->n_rows), cancel, 0, {NULL}};
    PkRangeStats parts[PK_OPS_MAX_PARTS];
    for (guint i = 0; i < t.n_parts; i++) {
        t.outs[i] = &parts[i];
    }
    pk_cpu_parallel_run(t.n_parts, t.n_parts, stats_part, &t);
    if (!ops_finish(&t, error)) {
        return FALSE;
    }
    PkRangeStats s = parts[0];
    for (guint i = 1; i < t.n_parts; i++) {
        stats_merge(&s, &parts[i]);
    }
    *out = s;
    return TRUE;
}

/* M4 ---------------------------------------------------------------------------------------- */

static void m4_init(PkM4 *m) {
    for (guint i = 0; i < m->width; i++) {
        m->first_row[i] = m->last_row[i] = m->min_row[i] = m->max_row[i] = PK_ROW_NONE;
        m->min_y[i] = m->max_y[i] = NAN;
    }
    m->n_rows_used = 0;
}

static void m4_part(gpointer data, guint index) {
    OpsTask *t = data;
    const PkM4Request *r = t->request;
    PkM4 *m = t->outs[index];
    PkAxisMap map = pk_axis_map_make(r->x0, r->x1, r->width);
    const double *xs = t->data->columns[r->x_column].doubles;
    const double *ys = t->data->columns[r->y_column].doubles;
    gsize begin, end;
    pk_cpu_split(t->data->n_rows, t->n_parts, index, &begin, &end);
    m4_init(m);
    for (gsize row = begin; row < end; row++) {
        if (ops_cancelled(t, row, begin)) {
            return;
        }
        double x = xs[row], y = ys[row];
        if (!pk_kernel_is_finite(y) || !pk_axis_map_contains(&map, x) ||
            (r->filter != NULL && !pk_kernel_predicate(r->filter, t->data, row))) {
            continue;
        }
        guint b = pk_axis_map_bin(&map, x);
        guint32 id = (guint32)row;
        m->n_rows_used++;
        m->first_row[b] = m->first_row[b] == PK_ROW_NONE ? id : m->first_row[b];
        m->last_row[b] = id;
        if (y < m->min_y[b] || m->min_row[b] == PK_ROW_NONE) {
            m->min_y[b] = y; /* rows ascend within a part: equal y keeps the earlier row */
            m->min_row[b] = id;
        }
        if (y > m->max_y[b] || m->max_row[b] == PK_ROW_NONE) {
            m->max_y[b] = y;
            m->max_row[b] = id;
        }
    }
}

static void m4_merge(PkM4 *dst, const PkM4 *src) {
    for (guint b = 0; b < dst->width; b++) {
        if (src->first_row[b] == PK_ROW_NONE) {
            continue;
        }
        dst->first_row[b] = MIN(dst->first_row[b], src->first_row[b]);
        dst->last_row[b] = dst->last_row[b] == PK_ROW_NONE
                               ? src->last_row[b]
                               : MAX(dst->last_row[b], src->last_row[b]);
        if (pk_kernel_min_wins(src->min_y[b], src->min_row[b], dst->min_y[b], dst->min_row[b])) {
            dst->min_y[b] = src->min_y[b];
            dst->min_row[b] = src->min_row[b];
        }
        if (pk_kernel_max_wins(src->max_y[b], src->max_row[b], dst->max_y[b], dst->max_row[b])) {
            dst->max_y[b] = src->max_y[b];
            dst->max_row[b] = src->max_row[b];
        }
    }
    dst->n_rows_used += src->n_rows_used;
}

static PkM4 *m4_part_new(guint width) {
    PkM4 *m = g_new0(PkM4, 1);
    m->width = width;
    m->first_row = g_try_malloc(width * 4 * sizeof(guint32));
    m->min_y = g_try_malloc(width * 2 * sizeof(double));
    if (m->first_row == NULL || m->min_y == NULL) {
        g_free(m->first_row);
        g_free(m->min_y);
        g_free(m);
        return NULL;
    }
    m->last_row = m->first_row + width;
    m->min_row = m->first_row + 2 * width;
    m->max_row = m->first_row + 3 * width;
    m->max_y = m->min_y + width;
    return m;
}

static void m4_part_free(PkM4 *m) {
    if (m != NULL) {
        g_free(m->first_row);
        g_free(m->min_y);
        g_free(m);
    }
}

gboolean pk_cpu_fast_m4(PkBackend *backend, const PkBackendData *data, const PkM4Request *r,
                        PkM4 *out, PkCancel *cancel, GError **error) {
    OpsTask t = {data, r, ops_parts(backend, data->n_rows), cancel, 0, {NULL}};
    gboolean ok = TRUE;
    t.outs[0] = out;
    for (guint i = 1; i < t.n_parts; i++) {
        ok = ok && (t.outs[i] = m4_part_new(r->width)) != NULL;
    }
    if (!ok) {
        g_set_error(error, PK_ERROR, PK_ERROR_NOMEM, "out of memory for per-thread M4 columns");
        goto out;
    }
    pk_cpu_parallel_run(t.n_parts, t.n_parts, m4_part, &t);
    ok = ops_finish(&t, error);
    for (guint i = 1; ok && i < t.n_parts; i++) {
        m4_merge(out, t.outs[i]);
    }
out:
    for (guint i = 1; i < t.n_parts; i++) {
        m4_part_free(t.outs[i]);
    }
    return ok;
}

/* Mask -------------------------------------------------------------------------------------- */

/* The box test of pk_kernel_predicate for up to 64 rows, branch-free (NaN fails every
 * comparison, as there). */
static guint64 box_word(const PkPredicate *p, const double *xs, const double *ys, gsize n) {
    const double x0 = p->x0, x1 = p->x1, y0 = p->y0, y1 = p->y1;
    guint64 word = 0;
    for (gsize i = 0; i < n; i++) {
        double x = xs[i], y = ys[i];
        guint64 in = (guint64)((x >= x0) & (x < x1) & (y >= y0) & (y < y1));
        word |= in << i;
    }
    return word;
}

static void mask_part(gpointer data, guint index) {
    OpsTask *t = data;
    const PkPredicate *p = t->request;
    PkMask *m = t->outs[0];
    guint64 *n_set = t->outs[index + 1];
    gsize n_words = (t->data->n_rows + 63) / 64;
    gsize w0, w1;
    pk_cpu_split(n_words, t->n_parts, index, &w0, &w1);
    *n_set = 0;
    for (gsize w = w0; w < w1; w++) {
        if (ops_cancelled(t, w * 64, w0 * 64)) {
            return;
        }
        gsize end = MIN(t->data->n_rows, (w + 1) * 64);
        guint64 word = 0;
        if (p->kind == PK_PREDICATE_BOX) {
            word = box_word(p, t->data->columns[p->x_column].doubles + w * 64,
                            t->data->columns[p->y_column].doubles + w * 64, end - w * 64);
        } else {
            for (gsize row = w * 64; row < end; row++) {
                word |= (guint64)pk_kernel_predicate(p, t->data, row) << (row % 64);
            }
        }
        m->words[w] = word;
        *n_set += (guint64)__builtin_popcountll(word);
    }
}

gboolean pk_cpu_fast_mask(PkBackend *backend, const PkBackendData *data, const PkPredicate *p,
                          PkMask *out, PkCancel *cancel, GError **error) {
    guint n_parts = MIN(ops_parts(backend, data->n_rows), PK_OPS_MAX_PARTS - 1);
    OpsTask t = {data, p, n_parts, cancel, 0, {NULL}};
    guint64 n_set[PK_OPS_MAX_PARTS];
    t.outs[0] = out;
    for (guint i = 0; i < n_parts; i++) {
        t.outs[i + 1] = &n_set[i];
    }
    pk_cpu_parallel_run(n_parts, n_parts, mask_part, &t);
    if (!ops_finish(&t, error)) {
        return FALSE;
    }
    out->n_set = 0;
    for (guint i = 0; i < n_parts; i++) {
        out->n_set += n_set[i];
    }
    return TRUE;
}
