/* cpu-reference.c — the scalar CPU backend: the oracle every other backend is tested
 * against. One loop per operation, rows in order, each rule written once (kernel-common.h)
 * and applied in the most obvious way; no threads, no tricks. Speed is not a goal. */
#include "cpu-private.h"

#include "pika/error.h"

#include <math.h>
#include <string.h>

static gboolean poll_cancel(gsize row, PkCancel *cancel, GError **error) {
    return row % PK_CPU_CANCEL_ROWS == 0 && pk_cancel_set_error_if_requested(cancel, error);
}

static void init_grid(const PkBin2dRequest *r, PkGrid *out, gsize n_cells) {
    memset(out->counts, 0, n_cells * sizeof(guint32));
    if (out->selected != NULL) {
        memset(out->selected, 0, n_cells * sizeof(guint32));
    }
    if (out->category_counts != NULL) {
        memset(out->category_counts, 0, n_cells * out->n_categories * sizeof(guint32));
    }
    for (gsize i = 0; out->values != NULL && i < n_cells; i++) {
        out->values[i] = r->agg == PK_AGG_MIN || r->agg == PK_AGG_MAX ? NAN : 0.0;
    }
    for (gsize i = 0; out->representative != NULL && i < n_cells; i++) {
        out->representative[i] = PK_ROW_NONE;
    }
    out->n_in_view = out->n_selected = out->n_skipped_invalid = out->n_out_of_view = 0;
}

static void add_value(PkAgg agg, double *cell, double v) {
    switch (agg) {
    case PK_AGG_COUNT:
        break;
    case PK_AGG_SUM:
    case PK_AGG_MEAN:
        *cell += v;
        break;
    case PK_AGG_MIN:
        if (isnan(*cell) || v < *cell) {
            *cell = v;
        }
        break;
    case PK_AGG_MAX:
        if (isnan(*cell) || v > *cell) {
            *cell = v;
        }
        break;
    }
}

/* One row of bin2d into the planes. */
static void bin2d_row(const PkBackendData *data, const PkBin2dRequest *r, const PkAxisMap *mx,
                      const PkAxisMap *my, gsize row, PkGrid *out) {
    double x = data->columns[r->x_column].doubles[row];
    double y = data->columns[r->y_column].doubles[row];
    double v = r->agg != PK_AGG_COUNT ? data->columns[r->value_column].doubles[row] : 0.0;
    if (!pk_kernel_is_finite(x) || !pk_kernel_is_finite(y) || !pk_kernel_is_finite(v)) {
        out->n_skipped_invalid++;
        return;
    }
    if (!pk_axis_map_contains(mx, x) || !pk_axis_map_contains(my, y)) {
        out->n_out_of_view++;
        return;
    }
    gsize n_cells = (gsize)mx->n * my->n;
    gsize cell = (gsize)pk_axis_map_bin(my, y) * mx->n + pk_axis_map_bin(mx, x);
    out->counts[cell]++;
    out->n_in_view++;
    if (r->selection != NULL && pk_kernel_predicate(r->selection, data, row)) {
        out->selected[cell]++;
        out->n_selected++;
    }
    if (out->category_counts != NULL) {
        guint32 code = data->columns[r->category_column].codes[row];
        if (code < out->n_categories) {
            out->category_counts[code * n_cells + cell]++;
        }
    }
    if (out->values != NULL) {
        add_value(r->agg, &out->values[cell], v);
    }
    if (out->representative != NULL && out->representative[cell] == PK_ROW_NONE) {
        out->representative[cell] = (guint32)row;
    }
}

static gboolean ref_bin2d(PkBackend *backend, gpointer state, const PkBackendData *data,
                          const PkBin2dRequest *r, PkGrid *out, PkCancel *cancel, GError **error) {
    (void)backend;
    (void)state;
    const PkViewport *v = &r->viewport;
    PkAxisMap mx = pk_axis_map_make(v->x0, v->x1, v->width);
    PkAxisMap my = pk_axis_map_make(v->y0, v->y1, v->height);
    init_grid(r, out, (gsize)v->width * v->height);
    for (gsize row = 0; row < data->n_rows; row++) {
        if (poll_cancel(row, cancel, error)) {
            return FALSE;
        }
        bin2d_row(data, r, &mx, &my, row, out);
    }
    return TRUE;
}

static gboolean ref_hist1d(PkBackend *backend, gpointer state, const PkBackendData *data,
                           const PkHist1dRequest *r, PkHistogram *out, PkCancel *cancel,
                           GError **error) {
    (void)backend;
    (void)state;
    PkAxisMap map = pk_axis_map_make(r->lo, r->hi, r->n_bins);
    const double *values = data->columns[r->column].doubles;
    memset(out->counts, 0, r->n_bins * sizeof(guint32));
    if (out->selected != NULL) {
        memset(out->selected, 0, r->n_bins * sizeof(guint32));
    }
    out->n_in_range = out->n_selected = out->n_skipped_invalid = out->n_out_of_range = 0;
    for (gsize row = 0; row < data->n_rows; row++) {
        if (poll_cancel(row, cancel, error)) {
            return FALSE;
        }
        double v = values[row];
        if (!pk_kernel_is_finite(v)) {
            out->n_skipped_invalid++;
        } else if (!pk_axis_map_contains(&map, v)) {
            out->n_out_of_range++;
        } else {
            guint bin = pk_axis_map_bin(&map, v);
            out->counts[bin]++;
            out->n_in_range++;
            if (r->selection != NULL && pk_kernel_predicate(r->selection, data, row)) {
                out->selected[bin]++;
                out->n_selected++;
            }
        }
    }
    return TRUE;
}

static gboolean ref_stats(PkBackend *backend, gpointer state, const PkBackendData *data,
                          guint column, PkRangeStats *out, PkCancel *cancel, GError **error) {
    (void)backend;
    (void)state;
    const double *values = data->columns[column].doubles;
    PkRangeStats s = PK_RANGE_STATS_EMPTY;
    for (gsize row = 0; row < data->n_rows; row++) {
        if (poll_cancel(row, cancel, error)) {
            return FALSE;
        }
        pk_kernel_stats_add(&s, values[row]);
    }
    *out = s;
    return TRUE;
}

static void init_m4(PkM4 *out) {
    for (guint i = 0; i < out->width; i++) {
        out->first_row[i] = out->last_row[i] = PK_ROW_NONE;
        out->min_row[i] = out->max_row[i] = PK_ROW_NONE;
        out->min_y[i] = out->max_y[i] = NAN;
    }
    out->n_rows_used = 0;
}

static gboolean ref_m4(PkBackend *backend, gpointer state, const PkBackendData *data,
                       const PkM4Request *r, PkM4 *out, PkCancel *cancel, GError **error) {
    (void)backend;
    (void)state;
    PkAxisMap map = pk_axis_map_make(r->x0, r->x1, r->width);
    const double *xs = data->columns[r->x_column].doubles;
    const double *ys = data->columns[r->y_column].doubles;
    init_m4(out);
    for (gsize row = 0; row < data->n_rows; row++) {
        if (poll_cancel(row, cancel, error)) {
            return FALSE;
        }
        double x = xs[row], y = ys[row];
        if ((r->filter != NULL && !pk_kernel_predicate(r->filter, data, row)) ||
            !pk_kernel_is_finite(y) || !pk_axis_map_contains(&map, x)) {
            continue;
        }
        guint b = pk_axis_map_bin(&map, x);
        guint32 id = (guint32)row;
        out->n_rows_used++;
        if (out->first_row[b] == PK_ROW_NONE) {
            out->first_row[b] = id;
        }
        out->last_row[b] = id;
        if (pk_kernel_min_wins(y, id, out->min_y[b], out->min_row[b])) {
            out->min_y[b] = y;
            out->min_row[b] = id;
        }
        if (pk_kernel_max_wins(y, id, out->max_y[b], out->max_row[b])) {
            out->max_y[b] = y;
            out->max_row[b] = id;
        }
    }
    return TRUE;
}

static gboolean ref_mask(PkBackend *backend, gpointer state, const PkBackendData *data,
                         const PkPredicate *p, PkMask *out, PkCancel *cancel, GError **error) {
    (void)backend;
    (void)state;
    memset(out->words, 0, (data->n_rows + 63) / 64 * sizeof(guint64));
    out->n_set = 0;
    for (gsize row = 0; row < data->n_rows; row++) {
        if (poll_cancel(row, cancel, error)) {
            return FALSE;
        }
        if (pk_kernel_predicate(p, data, row)) {
            out->words[row / 64] |= G_GUINT64_CONSTANT(1) << (row % 64);
            out->n_set++;
        }
    }
    return TRUE;
}

static gboolean ref_probe(PkBackend **out_backend, GError **error) {
    (void)error;
    PkBackend *backend = g_new0(PkBackend, 1);
    backend->n_threads = 1;
    pk_cpu_fill_caps(backend, "cpu-reference");
    *out_backend = backend;
    return TRUE;
}

static void cpu_destroy(PkBackend *backend) {
    g_free(backend);
}

static const PkComputeCaps *cpu_get_caps(PkBackend *backend) {
    return &backend->caps;
}

static gboolean cpu_supports(PkBackend *backend, PkOp op, const void *request) {
    (void)backend;
    (void)op;
    (void)request;
    return TRUE;
}

static guint64 cpu_estimate(PkBackend *backend, PkOp op, const void *request, gsize n_rows) {
    (void)backend;
    (void)op;
    (void)request;
    (void)n_rows;
    return 0;
}

const PkBackendVtable *pk_backend_cpu_reference_vtable(void) {
    static const PkBackendVtable vtable = {
        .name = "cpu-reference",
        .probe = ref_probe,
        .destroy = cpu_destroy,
        .get_caps = cpu_get_caps,
        .supports = cpu_supports,
        .estimate = cpu_estimate,
        .bin2d = ref_bin2d,
        .hist1d = ref_hist1d,
        .stats = ref_stats,
        .m4 = ref_m4,
        .mask = ref_mask,
    };
    return &vtable;
}
