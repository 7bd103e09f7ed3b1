/* compute-ops.c — the public operations: validate, rewrite log axes to derived log10
 * columns, allocate outputs, dispatch (compute.c), fill in what the front end owns
 * (n_nonpositive, backend), and free results.
 *
 * Every output plane is allocated with a trailing guard band:
 *
 *     [ plane: n elements .......................... ][ PK_GUARD_SIZE bytes of 0xA7 ]
 *
 * checked after each backend call — a backend writing past a plane aborts with its name. With
 * check_outputs (tests), planes are also poisoned first, so an element a backend forgets to
 * write cannot hide behind a zeroed allocation. Planes stay plain g_malloc memory: g_free
 * releases them. */
#include "compute-private.h"

#include "pika/error.h"

#include <math.h>
#include <string.h>

gpointer pk_compute_alloc_plane(PkCompute *compute, gsize n, gsize size, GError **error) {
    gsize bytes = n * size;
    guint8 *plane = g_try_malloc(bytes + PK_GUARD_SIZE);
    if (plane == NULL) {
        g_set_error(error, PK_ERROR, PK_ERROR_NOMEM,
                    "out of memory for a result of %" G_GSIZE_FORMAT " bytes", bytes);
        return NULL;
    }
    memset(plane + bytes, PK_GUARD_BYTE, PK_GUARD_SIZE);
    if (compute->check_outputs) {
        memset(plane, 0x5A, bytes);
    }
    return plane;
}

void pk_compute_check_plane(gconstpointer plane, gsize n, gsize size, const char *backend) {
    if (plane == NULL) {
        return; /* a plane the request did not ask for (no selection, no categories...) */
    }
    const guint8 *guard = (const guint8 *)plane + n * size;
    for (guint i = 0; i < PK_GUARD_SIZE; i++) {
        if (guard[i] != PK_GUARD_BYTE) {
            g_error("compute: backend %s wrote past the end of an output plane", backend);
        }
    }
}

void pk_compute_unsupported_if_missing(gboolean present, const char *backend, PkOp op,
                                       GError **error) {
    if (!present) {
        g_set_error(error, PK_ERROR, PK_ERROR_UNSUPPORTED, "%s has no %s", backend,
                    pk_compute_op_name(op));
    }
}

/* Bin2d ------------------------------------------------------------------------------------- */

typedef struct {
    PkCompute *compute;
    PkBin2dRequest request; /* linear: log axes rewritten */
    gsize n_cells;
    PkGrid *grid;
} Bin2dCall;

void pk_grid_free(PkGrid *grid) {
    if (grid == NULL) {
        return;
    }
    g_free(grid->counts);
    g_free(grid->selected);
    g_free(grid->category_counts);
    g_free(grid->values);
    g_free(grid->representative);
    g_free(grid);
}

static gboolean alloc_grid(Bin2dCall *c, GError **error) {
    const PkBin2dRequest *r = &c->request;
    PkGrid *g = g_new0(PkGrid, 1);
    gsize n = c->n_cells;
    g->width = r->viewport.width;
    g->height = r->viewport.height;
    g->n_categories = r->category_column >= 0 ? r->n_categories : 0;
    PkCompute *k = c->compute;
    gboolean ok = (g->counts = pk_compute_alloc_plane(k, n, 4, error)) != NULL;
    if (ok && r->selection != NULL) {
        ok = (g->selected = pk_compute_alloc_plane(k, n, 4, error)) != NULL;
    }
    if (ok && g->n_categories > 0) {
        ok =
            (g->category_counts = pk_compute_alloc_plane(k, n * g->n_categories, 4, error)) != NULL;
    }
    if (ok && r->agg != PK_AGG_COUNT) {
        ok = (g->values = pk_compute_alloc_plane(k, n, 8, error)) != NULL;
    }
    if (ok && r->want_representative) {
        ok = (g->representative = pk_compute_alloc_plane(k, n, 4, error)) != NULL;
    }
    if (!ok) {
        pk_grid_free(g);
        return FALSE;
    }
    c->grid = g;
    return TRUE;
}

static gboolean reset_bin2d(gpointer user_data, GError **error) {
    Bin2dCall *c = user_data;
    g_clear_pointer(&c->grid, pk_grid_free);
    return alloc_grid(c, error);
}

static void check_bin2d(gpointer user_data, const char *backend) {
    Bin2dCall *c = user_data;
    PkGrid *g = c->grid;
    pk_compute_check_plane(g->counts, c->n_cells, 4, backend);
    pk_compute_check_plane(g->selected, c->n_cells, 4, backend);
    pk_compute_check_plane(g->category_counts, c->n_cells * g->n_categories, 4, backend);
    pk_compute_check_plane(g->values, c->n_cells, 8, backend);
    pk_compute_check_plane(g->representative, c->n_cells, 4, backend);
}

static gboolean call_bin2d(const PkBackendVtable *vt, PkBackend *backend, gpointer state,
                           const PkBackendData *data, gpointer user_data, PkCancel *cancel,
                           GError **error) {
    Bin2dCall *c = user_data;
    pk_compute_unsupported_if_missing(vt->bin2d != NULL, vt->name, PK_OP_BIN2D, error);
    return vt->bin2d != NULL &&
           vt->bin2d(backend, state, data, &c->request, c->grid, cancel, error);
}

/* Rewrites log axes to linear axes over derived log10 columns; counts non-positive rows. */
static gboolean linearise_bin2d(PkComputeDataset *dataset, PkBin2dRequest *r,
                                guint64 *out_nonpositive, GError **error) {
    guint sources[2];
    guint n_log = 0;
    PkViewport *v = &r->viewport;
    if (v->x_axis == PK_AXIS_LOG) {
        sources[n_log++] = r->x_column;
        if (!pk_dataset_get_log_column(dataset, r->x_column, &r->x_column, error)) {
            return FALSE;
        }
        v->x0 = log10(v->x0);
        v->x1 = log10(v->x1);
        v->x_axis = PK_AXIS_LINEAR;
    }
    if (v->y_axis == PK_AXIS_LOG) {
        sources[n_log++] = r->y_column;
        if (!pk_dataset_get_log_column(dataset, r->y_column, &r->y_column, error)) {
            return FALSE;
        }
        v->y0 = log10(v->y0);
        v->y1 = log10(v->y1);
        v->y_axis = PK_AXIS_LINEAR;
    }
    *out_nonpositive = n_log > 0 ? pk_dataset_count_nonpositive(dataset, sources, n_log) : 0;
    return TRUE;
}

static gboolean check_args(PkCompute *compute, PkComputeDataset *dataset, gconstpointer request,
                           gconstpointer out, GError **error) {
    if (compute == NULL || dataset == NULL || request == NULL || out == NULL ||
        dataset->compute != compute) {
        g_set_error(error, PK_ERROR, PK_ERROR_INVALID,
                    "compute: missing engine, dataset, request or output "
                    "(or the dataset belongs to another engine)");
        return FALSE;
    }
    return TRUE;
}

gboolean pk_compute_bin2d(PkCompute *compute, PkComputeDataset *dataset,
                          const PkBin2dRequest *request, PkCancel *cancel, PkGrid **out_grid,
                          GError **error) {
    Bin2dCall c = {compute, PK_BIN2D_REQUEST_INIT, 0, NULL};
    guint64 n_nonpositive = 0;
    const char *backend = NULL;
    if (!check_args(compute, dataset, request, out_grid, error) ||
        !pk_validate_bin2d(dataset, request, error)) {
        return FALSE;
    }
    c.request = *request;
    c.n_cells = (gsize)request->viewport.width * request->viewport.height;
    if (!linearise_bin2d(dataset, &c.request, &n_nonpositive, error) || !alloc_grid(&c, error)) {
        return FALSE;
    }
    if (!pk_compute_dispatch(compute, dataset, PK_OP_BIN2D, &c.request, call_bin2d, reset_bin2d,
                             check_bin2d, &c, cancel, &backend, error)) {
        pk_grid_free(c.grid);
        return FALSE;
    }
    c.grid->n_nonpositive = n_nonpositive;
    c.grid->backend = backend;
    *out_grid = c.grid;
    return TRUE;
}

/* Hist1d ------------------------------------------------------------------------------------ */

typedef struct {
    PkCompute *compute;
    PkHist1dRequest request;
    PkHistogram *hist;
} Hist1dCall;

void pk_histogram_free(PkHistogram *histogram) {
    if (histogram == NULL) {
        return;
    }
    g_free(histogram->counts);
    g_free(histogram->selected);
    g_free(histogram);
}

static gboolean alloc_hist(Hist1dCall *c, GError **error) {
    PkHistogram *h = g_new0(PkHistogram, 1);
    h->n_bins = c->request.n_bins;
    if ((h->counts = pk_compute_alloc_plane(c->compute, h->n_bins, 4, error)) == NULL ||
        (c->request.selection != NULL &&
         (h->selected = pk_compute_alloc_plane(c->compute, h->n_bins, 4, error)) == NULL)) {
        pk_histogram_free(h);
        return FALSE;
    }
    c->hist = h;
    return TRUE;
}

static gboolean reset_hist1d(gpointer user_data, GError **error) {
    Hist1dCall *c = user_data;
    g_clear_pointer(&c->hist, pk_histogram_free);
    return alloc_hist(c, error);
}

static void check_hist1d(gpointer user_data, const char *backend) {
    Hist1dCall *c = user_data;
    pk_compute_check_plane(c->hist->counts, c->hist->n_bins, 4, backend);
    pk_compute_check_plane(c->hist->selected, c->hist->n_bins, 4, backend);
}

static gboolean call_hist1d(const PkBackendVtable *vt, PkBackend *backend, gpointer state,
                            const PkBackendData *data, gpointer user_data, PkCancel *cancel,
                            GError **error) {
    Hist1dCall *c = user_data;
    pk_compute_unsupported_if_missing(vt->hist1d != NULL, vt->name, PK_OP_HIST1D, error);
    return vt->hist1d != NULL &&
           vt->hist1d(backend, state, data, &c->request, c->hist, cancel, error);
}

gboolean pk_compute_hist1d(PkCompute *compute, PkComputeDataset *dataset,
                           const PkHist1dRequest *request, PkCancel *cancel,
                           PkHistogram **out_histogram, GError **error) {
    Hist1dCall c = {compute, {0, 0.0, 1.0, 1, PK_AXIS_LINEAR, NULL}, NULL};
    guint64 n_nonpositive = 0;
    const char *backend = NULL;
    if (!check_args(compute, dataset, request, out_histogram, error) ||
        !pk_validate_hist1d(dataset, request, error)) {
        return FALSE;
    }
    c.request = *request;
    if (request->axis == PK_AXIS_LOG) {
        if (!pk_dataset_get_log_column(dataset, request->column, &c.request.column, error)) {
            return FALSE;
        }
        c.request.lo = log10(request->lo);
        c.request.hi = log10(request->hi);
        c.request.axis = PK_AXIS_LINEAR;
        n_nonpositive = pk_dataset_count_nonpositive(dataset, &request->column, 1);
    }
    if (!alloc_hist(&c, error)) {
        return FALSE;
    }
    if (!pk_compute_dispatch(compute, dataset, PK_OP_HIST1D, &c.request, call_hist1d, reset_hist1d,
                             check_hist1d, &c, cancel, &backend, error)) {
        pk_histogram_free(c.hist);
        return FALSE;
    }
    c.hist->n_nonpositive = n_nonpositive;
    c.hist->backend = backend;
    *out_histogram = c.hist;
    return TRUE;
}
