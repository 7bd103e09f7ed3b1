/* cpu-fast-bin2d.c — bin2d on all cores.
 *
 * Rows are split into one contiguous range per thread ("part"). Part 0 writes straight into
 * the output planes; every other part into private planes of the same shape. Then a parallel
 * reduce adds the private planes into the output, each thread owning a range of cells:
 *
 *     rows  [ part 0 ........ | part 1 ........ ]      cells [ reduce 0 | reduce 1 ]
 *     out   <- part 0                                    out[c] += part1[c] (+ part2[c] ...)
 *
 * Inside a part, rows go in blocks of PK_BLOCK_ROWS: a branch-free, vectorisable pass
 * computes each row's cell (invalid rows get cell 0 and weight 0) and counts valid/finite
 * rows; a second pass scatters `counts[cell] += weight`. The general kernel (values,
 * categories, selection, representative) reuses the first pass and visits only valid rows.
 * The token is polled between blocks. Merges keep the reference's answers exactly: parts are
 * in row order, so "first row wins" and "strictly smaller wins" merge part by part. */
#include "cpu-private.h"

#include "pika/error.h"

#include <math.h>
#include <string.h>

#define PK_BLOCK_ROWS 1024
#define PK_MAX_PARTS 64
#define PK_PREFETCH_ROWS 24
/* Below this many rows a single part is faster than starting threads. */
#define PK_MIN_ROWS_PER_PART (1u << 17)

typedef struct {
    guint32 *counts, *selected, *categories, *representative;
    double *values;
    guint64 n_in_view, n_selected, n_finite;
} Part;

typedef struct {
    const PkBackendData *data;
    const PkBin2dRequest *r;
    PkAxisMap mx, my;
    gsize n_cells;
    guint n_parts;
    gboolean general;
    PkCancel *cancel;
    gint cancelled;
    Part parts[PK_MAX_PARTS];
} Task;

/* First pass over one block: cell index and weight (1 = counted) of every row. Returns the
 * number of rows with finite x, y (and value). Written so the compiler vectorises it. */
static guint64 block_cells(const Task *t, gsize begin, guint n, guint32 *cells,
                           guint32 *weights) {
    const double *xs = t->data->columns[t->r->x_column].doubles + begin;
    const double *ys = t->data->columns[t->r->y_column].doubles + begin;
    const double x0 = t->mx.lo, x1 = t->mx.hi, y0 = t->my.lo, y1 = t->my.hi;
    const float sx = t->mx.scale, sy = t->my.scale;
    const int wmax = (int)t->mx.n - 1, hmax = (int)t->my.n - 1, w = (int)t->mx.n;
    guint64 n_finite = 0;
    for (guint i = 0; i < n; i++) {
        double x = xs[i], y = ys[i];
        int valid = (x >= x0) & (x < x1) & (y >= y0) & (y < y1);
        n_finite += (x - x == 0.0) & (y - y == 0.0);
        double cx = valid ? x : x0;
        double cy = valid ? y : y0;
        int ix = (int)((float)(cx - x0) * sx);
        int iy = (int)((float)(cy - y0) * sy);
        ix = ix > wmax ? wmax : ix;
        iy = iy > hmax ? hmax : iy;
        cells[i] = (guint32)(iy * w + ix);
        weights[i] = (guint32)valid;
    }
    return n_finite;
}

static void part_count_block(Part *p, const guint32 *cells, const guint32 *weights, guint n) {
    guint32 *counts = p->counts;
    guint64 n_in = 0;
    guint i = 0;
    /* The grid is larger than the caches: prefetch the cells a few rows ahead so that many
     * misses are in flight at once. */
    for (; i + PK_PREFETCH_ROWS < n; i++) {
        __builtin_prefetch(&counts[cells[i + PK_PREFETCH_ROWS]], 1, 1);
        counts[cells[i]] += weights[i];
        n_in += weights[i];
    }
    for (; i < n; i++) {
        counts[cells[i]] += weights[i];
        n_in += weights[i];
    }
    p->n_in_view += n_in;
}

static void part_general_row(const Task *t, Part *p, gsize row, guint32 cell) {
    const PkBin2dRequest *r = t->r;
    p->counts[cell]++;
    p->n_in_view++;
    if (p->selected != NULL && pk_kernel_predicate(r->selection, t->data, row)) {
        p->selected[cell]++;
        p->n_selected++;
    }
    if (p->categories != NULL) {
        guint32 code = t->data->columns[r->category_column].codes[row];
        if (code < r->n_categories) {
            p->categories[code * t->n_cells + cell]++;
        }
    }
    if (p->values != NULL) {
        double v = t->data->columns[r->value_column].doubles[row];
        double *cur = &p->values[cell];
        if (r->agg == PK_AGG_SUM || r->agg == PK_AGG_MEAN) {
            *cur += v;
        } else if (isnan(*cur) || (r->agg == PK_AGG_MIN ? v < *cur : v > *cur)) {
            *cur = v;
        }
    }
    if (p->representative != NULL && p->representative[cell] == PK_ROW_NONE) {
        p->representative[cell] = (guint32)row;
    }
}

/* General kernel: a row counts when x, y are in view and the value (if any) is finite. */
static guint64 part_general_block(const Task *t, Part *p, gsize begin, guint n,
                                  const guint32 *cells, guint32 *weights, guint64 n_finite) {
    if (t->r->agg == PK_AGG_COUNT) {
        for (guint i = 0; i < n; i++) {
            if (weights[i]) {
                part_general_row(t, p, begin + i, cells[i]);
            }
        }
        return n_finite;
    }
    const double *vs = t->data->columns[t->r->value_column].doubles + begin;
    const double *xs = t->data->columns[t->r->x_column].doubles + begin;
    const double *ys = t->data->columns[t->r->y_column].doubles + begin;
    for (guint i = 0; i < n; i++) {
        gboolean finite_v = pk_kernel_is_finite(vs[i]);
        if (!finite_v && pk_kernel_is_finite(xs[i]) && pk_kernel_is_finite(ys[i])) {
            n_finite--; /* counted as finite by block_cells, but its value is not */
        }
        if (weights[i] && finite_v) {
            part_general_row(t, p, begin + i, cells[i]);
        }
    }
    return n_finite;
}

static void run_part(gpointer data, guint index) {
    Task *t = data;
    Part *p = &t->parts[index];
    guint32 cells[PK_BLOCK_ROWS], weights[PK_BLOCK_ROWS];
    gsize begin, end;
    pk_cpu_split(t->data->n_rows, t->n_parts, index, &begin, &end);
    for (gsize b = begin; b < end; b += PK_BLOCK_ROWS) {
        if (((b - begin) % PK_CPU_CANCEL_ROWS) < PK_BLOCK_ROWS &&
            (g_atomic_int_get(&t->cancelled) || pk_cancel_is_requested(t->cancel))) {
            g_atomic_int_set(&t->cancelled, 1);
            return;
        }
        guint n = (guint)MIN((gsize)PK_BLOCK_ROWS, end - b);
        guint64 n_finite = block_cells(t, b, n, cells, weights);
        if (t->general) {
            n_finite = part_general_block(t, p, b, n, cells, weights, n_finite);
        } else {
            part_count_block(p, cells, weights, n);
        }
        p->n_finite += n_finite;
    }
}

static void init_part(const Task *t, Part *p) {
    gsize n = t->n_cells;
    memset(p->counts, 0, n * sizeof(guint32));
    if (p->selected != NULL) {
        memset(p->selected, 0, n * sizeof(guint32));
    }
    if (p->categories != NULL) {
        memset(p->categories, 0, n * t->r->n_categories * sizeof(guint32));
    }
    double empty = t->r->agg == PK_AGG_MIN || t->r->agg == PK_AGG_MAX ? NAN : 0.0;
    for (gsize i = 0; p->values != NULL && i < n; i++) {
        p->values[i] = empty;
    }
    for (gsize i = 0; p->representative != NULL && i < n; i++) {
        p->representative[i] = PK_ROW_NONE;
    }
}

static void run_part_task(gpointer data, guint index) {
    Task *t = data;
    init_part(t, &t->parts[index]);
    run_part(data, index);
}

static void free_parts(Task *t) {
    for (guint i = 1; i < t->n_parts; i++) {
        Part *p = &t->parts[i];
        g_free(p->counts);
        g_free(p->selected);
        g_free(p->categories);
        g_free(p->values);
        g_free(p->representative);
    }
}

static gboolean alloc_parts(Task *t, const PkGrid *out, GError **error) {
    gsize n = t->n_cells;
    Part *first = &t->parts[0];
    first->counts = out->counts;
    first->selected = out->selected;
    first->categories = out->category_counts;
    first->values = out->values;
    first->representative = out->representative;
    for (guint i = 1; i < t->n_parts; i++) {
        Part *p = &t->parts[i];
        gboolean ok = (p->counts = g_try_malloc(n * 4)) != NULL &&
            (out->selected == NULL || (p->selected = g_try_malloc(n * 4)) != NULL) &&
            (out->category_counts == NULL ||
             (p->categories = g_try_malloc(n * out->n_categories * 4)) != NULL) &&
            (out->values == NULL || (p->values = g_try_malloc(n * 8)) != NULL) &&
            (out->representative == NULL || (p->representative = g_try_malloc(n * 4)) != NULL);
        if (!ok) {
            g_set_error(error, PK_ERROR, PK_ERROR_NOMEM,
                        "out of memory for per-thread grids of %" G_GSIZE_FORMAT " cells", n);
            return FALSE;
        }
    }
    return TRUE;
}

static void add_plane(guint32 *restrict dst, const guint32 *restrict src, gsize a, gsize b) {
    for (gsize i = a; i < b; i++) {
        dst[i] += src[i];
    }
}

static void merge_values(PkAgg agg, double *restrict dst, const double *restrict src, gsize a,
                         gsize b) {
    for (gsize i = a; i < b; i++) {
        double v = src[i];
        if (agg == PK_AGG_SUM || agg == PK_AGG_MEAN) {
            dst[i] += v;
        } else if (!isnan(v) && (isnan(dst[i]) || (agg == PK_AGG_MIN ? v < dst[i] : v > dst[i]))) {
            dst[i] = v;
        }
    }
}

static void reduce_task(gpointer data, guint index) {
    Task *t = data;
    gsize a, b;
    pk_cpu_split(t->n_cells, t->n_parts, index, &a, &b);
    Part *out = &t->parts[0];
    for (guint k = 1; k < t->n_parts; k++) {
        const Part *p = &t->parts[k];
        add_plane(out->counts, p->counts, a, b);
        if (out->selected != NULL) {
            add_plane(out->selected, p->selected, a, b);
        }
        for (guint c = 0; out->categories != NULL && c < t->r->n_categories; c++) {
            add_plane(out->categories + c * t->n_cells, p->categories + c * t->n_cells, a, b);
        }
        if (out->values != NULL) {
            merge_values(t->r->agg, out->values, p->values, a, b);
        }
        for (gsize i = a; out->representative != NULL && i < b; i++) {
            out->representative[i] = MIN(out->representative[i], p->representative[i]);
        }
    }
}

/* One part per thread, fewer for small inputs or when private planes would be too large. */
static guint choose_parts(PkBackend *backend, gsize n_rows, gsize n_cells, const PkGrid *out) {
    gsize cell_bytes = 4 + (out->selected ? 4 : 0) + (gsize)out->n_categories * 4 +
                       (out->values ? 8 : 0) + (out->representative ? 4 : 0);
    gsize budget = (gsize)1 << 30;
    guint n = MIN(pk_cpu_get_n_threads(backend), PK_MAX_PARTS);
    n = (guint)MIN((gsize)n, MAX((gsize)1, n_rows / PK_MIN_ROWS_PER_PART));
    n = (guint)MIN((gsize)n, 1 + budget / MAX((gsize)1, n_cells * cell_bytes));
    return MAX(n, 1u);
}

gboolean pk_cpu_fast_bin2d(PkBackend *backend, const PkBackendData *data,
                           const PkBin2dRequest *r, PkGrid *out, PkCancel *cancel,
                           GError **error) {
    const PkViewport *v = &r->viewport;
    Task *t = g_new0(Task, 1);
    gboolean ok = FALSE;
    t->data = data;
    t->r = r;
    t->mx = pk_axis_map_make(v->x0, v->x1, v->width);
    t->my = pk_axis_map_make(v->y0, v->y1, v->height);
    t->n_cells = (gsize)v->width * v->height;
    t->general = out->selected != NULL || out->category_counts != NULL ||
                 out->values != NULL || out->representative != NULL;
    t->cancel = cancel;
    t->n_parts = choose_parts(backend, data->n_rows, t->n_cells, out);
    if (!alloc_parts(t, out, error)) {
        goto out;
    }
    pk_cpu_parallel_run(t->n_parts, t->n_parts, run_part_task, t);
    if (g_atomic_int_get(&t->cancelled)) {
        ok = !pk_cancel_set_error_if_requested(cancel, error);
        g_assert(!ok);
        goto out;
    }
    pk_cpu_parallel_run(t->n_parts, t->n_parts, reduce_task, t);
    out->n_in_view = out->n_selected = out->n_skipped_invalid = out->n_out_of_view = 0;
    for (guint i = 0; i < t->n_parts; i++) {
        out->n_in_view += t->parts[i].n_in_view;
        out->n_selected += t->parts[i].n_selected;
        out->n_out_of_view += t->parts[i].n_finite - t->parts[i].n_in_view;
    }
    out->n_skipped_invalid = data->n_rows - out->n_in_view - out->n_out_of_view;
    ok = TRUE;
out:
    free_parts(t);
    g_free(t);
    return ok;
}
