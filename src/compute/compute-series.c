/* compute-series.c — the public column operations: statistics, M4 line reduction and row
 * masks (the bin2d and hist1d doors are in compute-ops.c, the dispatch in compute.c). */
#include "compute-private.h"

#include "pika/error.h"

#include <math.h>
#include <string.h>

/* Stats ------------------------------------------------------------------------------------- */

typedef struct {
    guint column;
    PkRangeStats stats;
} StatsCall;

static gboolean reset_stats(gpointer user_data, GError **error) {
    (void)error;
    StatsCall *c = user_data;
    memset(&c->stats, 0, sizeof c->stats);
    return TRUE;
}

static void check_stats(gpointer user_data, const char *backend) {
    (void)user_data;
    (void)backend;
}

static gboolean call_stats(const PkBackendVtable *vt, PkBackend *backend, gpointer state,
                           const PkBackendData *data, gpointer user_data, PkCancel *cancel,
                           GError **error) {
    StatsCall *c = user_data;
    pk_compute_unsupported_if_missing(vt->stats != NULL, vt->name, PK_OP_STATS, error);
    return vt->stats != NULL &&
           vt->stats(backend, state, data, c->column, &c->stats, cancel, error);
}

gboolean pk_compute_column_stats(PkCompute *compute, PkComputeDataset *dataset, guint column,
                                 PkCancel *cancel, PkRangeStats *out_stats, GError **error) {
    StatsCall c = {column, PK_RANGE_STATS_EMPTY};
    const char *backend = NULL;
    if (compute == NULL || dataset == NULL || out_stats == NULL || dataset->compute != compute) {
        g_set_error(error, PK_ERROR, PK_ERROR_INVALID,
                    "column stats: missing engine, dataset or output");
        return FALSE;
    }
    if (!pk_dataset_is_doubles(dataset, column)) {
        g_set_error(error, PK_ERROR, PK_ERROR_INVALID,
                    "column stats: column %u is not a numeric column of this dataset", column);
        return FALSE;
    }
    if (!pk_compute_dispatch(compute, dataset, PK_OP_STATS, NULL, call_stats, reset_stats,
                             check_stats, &c, cancel, &backend, error)) {
        return FALSE;
    }
    pk_compute_count(compute, &compute->counters.n_column_stats, 1);
    *out_stats = c.stats;
    return TRUE;
}

/* M4 ---------------------------------------------------------------------------------------- */

typedef struct {
    PkCompute *compute;
    const PkM4Request *request;
    PkM4 *m4;
} M4Call;

void pk_m4_free(PkM4 *m4) {
    if (m4 == NULL) {
        return;
    }
    g_free(m4->first_row);
    g_free(m4->last_row);
    g_free(m4->min_row);
    g_free(m4->max_row);
    g_free(m4->min_y);
    g_free(m4->max_y);
    g_free(m4);
}

static gboolean alloc_m4(M4Call *c, GError **error) {
    PkM4 *m = g_new0(PkM4, 1);
    guint n = c->request->width;
    m->width = n;
    gboolean ok = (m->first_row = pk_compute_alloc_plane(c->compute, n, 4, error)) != NULL &&
                  (m->last_row = pk_compute_alloc_plane(c->compute, n, 4, error)) != NULL &&
                  (m->min_row = pk_compute_alloc_plane(c->compute, n, 4, error)) != NULL &&
                  (m->max_row = pk_compute_alloc_plane(c->compute, n, 4, error)) != NULL &&
                  (m->min_y = pk_compute_alloc_plane(c->compute, n, 8, error)) != NULL &&
                  (m->max_y = pk_compute_alloc_plane(c->compute, n, 8, error)) != NULL;
    if (!ok) {
        pk_m4_free(m);
        return FALSE;
    }
    c->m4 = m;
    return TRUE;
}

static gboolean reset_m4(gpointer user_data, GError **error) {
    M4Call *c = user_data;
    g_clear_pointer(&c->m4, pk_m4_free);
    return alloc_m4(c, error);
}

static void check_m4(gpointer user_data, const char *backend) {
    M4Call *c = user_data;
    guint n = c->m4->width;
    pk_compute_check_plane(c->m4->first_row, n, 4, backend);
    pk_compute_check_plane(c->m4->last_row, n, 4, backend);
    pk_compute_check_plane(c->m4->min_row, n, 4, backend);
    pk_compute_check_plane(c->m4->max_row, n, 4, backend);
    pk_compute_check_plane(c->m4->min_y, n, 8, backend);
    pk_compute_check_plane(c->m4->max_y, n, 8, backend);
}

static gboolean call_m4(const PkBackendVtable *vt, PkBackend *backend, gpointer state,
                        const PkBackendData *data, gpointer user_data, PkCancel *cancel,
                        GError **error) {
    M4Call *c = user_data;
    pk_compute_unsupported_if_missing(vt->m4 != NULL, vt->name, PK_OP_M4, error);
    return vt->m4 != NULL && vt->m4(backend, state, data, c->request, c->m4, cancel, error);
}

gboolean pk_compute_m4(PkCompute *compute, PkComputeDataset *dataset, const PkM4Request *request,
                       PkCancel *cancel, PkM4 **out_m4, GError **error) {
    M4Call c = {compute, request, NULL};
    const char *backend = NULL;
    if (compute == NULL || dataset == NULL || request == NULL || out_m4 == NULL ||
        dataset->compute != compute) {
        g_set_error(error, PK_ERROR, PK_ERROR_INVALID, "m4: missing engine, dataset or request");
        return FALSE;
    }
    if (!pk_validate_m4(dataset, request, error) || !alloc_m4(&c, error)) {
        return FALSE;
    }
    if (!pk_compute_dispatch(compute, dataset, PK_OP_M4, request, call_m4, reset_m4, check_m4, &c,
                             cancel, &backend, error)) {
        pk_m4_free(c.m4);
        return FALSE;
    }
    c.m4->backend = backend;
    *out_m4 = c.m4;
    return TRUE;
}

/* Mask -------------------------------------------------------------------------------------- */

typedef struct {
    PkCompute *compute;
    const PkPredicate *predicate;
    gsize n_rows;
    PkMask *mask;
} MaskCall;

void pk_mask_free(PkMask *mask) {
    if (mask == NULL) {
        return;
    }
    g_free(mask->words);
    g_free(mask);
}

static gboolean alloc_mask(MaskCall *c, GError **error) {
    PkMask *m = g_new0(PkMask, 1);
    m->n_rows = c->n_rows;
    m->words = pk_compute_alloc_plane(c->compute, (c->n_rows + 63) / 64, 8, error);
    if (m->words == NULL) {
        pk_mask_free(m);
        return FALSE;
    }
    c->mask = m;
    return TRUE;
}

static gboolean reset_mask(gpointer user_data, GError **error) {
    MaskCall *c = user_data;
    g_clear_pointer(&c->mask, pk_mask_free);
    return alloc_mask(c, error);
}

static void check_mask(gpointer user_data, const char *backend) {
    MaskCall *c = user_data;
    pk_compute_check_plane(c->mask->words, (c->n_rows + 63) / 64, 8, backend);
}

static gboolean call_mask(const PkBackendVtable *vt, PkBackend *backend, gpointer state,
                          const PkBackendData *data, gpointer user_data, PkCancel *cancel,
                          GError **error) {
    MaskCall *c = user_data;
    pk_compute_unsupported_if_missing(vt->mask != NULL, vt->name, PK_OP_MASK, error);
    return vt->mask != NULL && vt->mask(backend, state, data, c->predicate, c->mask, cancel, error);
}

gboolean pk_compute_mask(PkCompute *compute, PkComputeDataset *dataset,
                         const PkPredicate *predicate, PkCancel *cancel, PkMask **out_mask,
                         GError **error) {
    MaskCall c = {compute, predicate, 0, NULL};
    const char *backend = NULL;
    if (compute == NULL || dataset == NULL || predicate == NULL || out_mask == NULL ||
        dataset->compute != compute) {
        g_set_error(error, PK_ERROR, PK_ERROR_INVALID,
                    "mask: missing engine, dataset or predicate");
        return FALSE;
    }
    if (!pk_validate_predicate(dataset, predicate, error)) {
        return FALSE;
    }
    c.n_rows = dataset->n_rows;
    if (!alloc_mask(&c, error)) {
        return FALSE;
    }
    if (!pk_compute_dispatch(compute, dataset, PK_OP_MASK, predicate, call_mask, reset_mask,
                             check_mask, &c, cancel, &backend, error)) {
        pk_mask_free(c.mask);
        return FALSE;
    }
    c.mask->backend = backend;
    *out_mask = c.mask;
    return TRUE;
}
