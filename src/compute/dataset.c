/* dataset.c — the columns requests run over.
 *
 * A dataset holds n_rows rows in columns that are only ever appended: published PkColumns
 * (DOUBLE used in place, its NULL rows being NaN already (column.h); INT64, TIMESTAMP and BOOL
 * converted once to doubles with NULL -> NaN;
 * CATEGORY codes in place, their NULL rows being PK_CATEGORY_NONE already (column.h)),
 * borrowed arrays, and log10 columns derived on demand from a double column, cached per source
 * column (non-positive values become NaN, so backends skip them as invalid).
 *
 *   columns[i]  PkDatasetColumn  (what keeps the data alive, the log cache)
 *   views[i]    PkBackendColumn  (the host pointers backends read)
 *
 * Backends get a copy of views per call, so an append on another thread never moves memory
 * under a running kernel. */
#include "compute-private.h"

#include "pika/error.h"

#include <math.h>
#include <string.h>

G_STATIC_ASSERT(PK_COLUMN_NULL_CODE == PK_CATEGORY_NONE);

PkComputeDataset *pk_compute_dataset_new(PkCompute *compute, gsize n_rows, GError **error) {
    g_return_val_if_fail(compute != NULL, NULL);
    if (n_rows >= G_MAXUINT32) {
        g_set_error(error, PK_ERROR, PK_ERROR_TOO_LARGE,
                    "a dataset holds fewer than 2^32 rows (asked for %" G_GSIZE_FORMAT ")", n_rows);
        return NULL;
    }
    PkComputeDataset *dataset = g_new0(PkComputeDataset, 1);
    dataset->compute = compute;
    dataset->n_rows = n_rows;
    g_mutex_init(&dataset->lock);
    dataset->columns = g_array_new(FALSE, TRUE, sizeof(PkDatasetColumn));
    dataset->views = g_array_new(FALSE, TRUE, sizeof(PkBackendColumn));
    pk_compute_count(compute, &compute->counters.n_datasets, 1);
    return dataset;
}

void pk_compute_dataset_free(PkComputeDataset *dataset) {
    if (dataset == NULL) {
        return;
    }
    pk_dataset_free_states(dataset);
    for (guint i = 0; i < dataset->columns->len; i++) {
        PkDatasetColumn *c = &g_array_index(dataset->columns, PkDatasetColumn, i);
        pk_column_unref(c->column);
        g_free(c->owned);
    }
    g_array_unref(dataset->columns);
    g_array_unref(dataset->views);
    g_mutex_clear(&dataset->lock);
    g_free(dataset);
}

void pk_dataset_free_states(PkComputeDataset *dataset) {
    PkCompute *compute = dataset->compute;
    for (guint i = 0; i < PK_SLOT_COUNT; i++) {
        PkBackendSlot *slot = &compute->slots[i];
        if (dataset->states[i] != NULL && slot->vtable->dataset_free != NULL) {
            g_mutex_lock(&slot->lock);
            slot->vtable->dataset_free(slot->backend, dataset->states[i]);
            g_mutex_unlock(&slot->lock);
        }
        dataset->states[i] = NULL;
        dataset->n_uploaded[i] = 0;
    }
}

void pk_dataset_count_uploaded(PkComputeDataset *dataset, PkSlot slot, const PkBackendData *data) {
    if (data->n_columns > dataset->n_uploaded[slot]) {
        PkCompute *compute = dataset->compute;
        pk_compute_count(compute, &compute->counters.n_uploaded_columns,
                         data->n_columns - dataset->n_uploaded[slot]);
        dataset->n_uploaded[slot] = data->n_columns;
    }
}

static guint append(PkComputeDataset *dataset, PkColumn *column, double *owned,
                    const double *doubles, const guint32 *codes, gboolean is_codes) {
    static const double no_doubles[1] = {0.0};
    static const guint32 no_codes[1] = {0};
    PkDatasetColumn c = {column, owned, -1, 0};
    /* empty arrays may come as NULL: backends still get a pointer, which they never read */
    PkBackendColumn view = {is_codes ? NULL : (doubles != NULL ? doubles : no_doubles),
                            is_codes ? (codes != NULL ? codes : no_codes) : NULL};
    g_mutex_lock(&dataset->lock);
    guint index = dataset->columns->len;
    g_array_append_val(dataset->columns, c);
    g_array_append_val(dataset->views, view);
    g_mutex_unlock(&dataset->lock);
    return index;
}

guint pk_compute_dataset_add_doubles(PkComputeDataset *dataset, const double *values) {
    g_return_val_if_fail(dataset != NULL && (values != NULL || dataset->n_rows == 0), 0);
    return append(dataset, NULL, NULL, values, NULL, FALSE);
}

guint pk_compute_dataset_add_codes(PkComputeDataset *dataset, const guint32 *codes) {
    g_return_val_if_fail(dataset != NULL && (codes != NULL || dataset->n_rows == 0), 0);
    return append(dataset, NULL, NULL, NULL, codes, TRUE);
}

gsize pk_compute_dataset_get_n_rows(const PkComputeDataset *dataset) {
    g_return_val_if_fail(dataset != NULL, 0);
    return dataset->n_rows;
}

/* Converts a non-double, non-category column to doubles (NULL -> NaN). */
static double *convert_to_doubles(PkColumn *column, GError **error) {
    gsize n = pk_column_get_n_rows(column);
    double *out = g_try_malloc(MAX(n, 1) * sizeof(double));
    if (out == NULL) {
        g_set_error(error, PK_ERROR, PK_ERROR_NOMEM,
                    "out of memory converting column \"%s\" (%" G_GSIZE_FORMAT " rows)",
                    pk_column_get_name(column), n);
        return NULL;
    }
    for (gsize i = 0; i < n; i++) {
        out[i] = pk_column_get_as_double(column, i);
    }
    return out;
}

gboolean pk_compute_dataset_add_column(PkComputeDataset *dataset, PkColumn *column,
                                       guint *out_index, GError **error) {
    g_return_val_if_fail(dataset != NULL && column != NULL && out_index != NULL, FALSE);
    if (!pk_column_is_published(column)) {
        g_set_error(error, PK_ERROR, PK_ERROR_INVALID,
                    "column \"%s\" must be published before computing over it",
                    pk_column_get_name(column));
        return FALSE;
    }
    if (pk_column_get_n_rows(column) != dataset->n_rows) {
        g_set_error(error, PK_ERROR, PK_ERROR_INVALID,
                    "column \"%s\" has %" G_GSIZE_FORMAT " rows, the dataset %" G_GSIZE_FORMAT,
                    pk_column_get_name(column), pk_column_get_n_rows(column), dataset->n_rows);
        return FALSE;
    }
    const double *doubles = NULL;
    const guint32 *codes = NULL;
    double *owned = NULL;
    gboolean ok;
    switch (pk_column_get_type(column)) {
    case PK_COLUMN_TYPE_DOUBLE:
        doubles = pk_column_get_doubles(column);
        ok = TRUE;
        break;
    case PK_COLUMN_TYPE_CATEGORY:
        /* NULL rows carry PK_COLUMN_NULL_CODE, which is PK_CATEGORY_NONE (column.h) */
        codes = pk_column_get_codes(column);
        ok = TRUE;
        break;
    default:
        owned = convert_to_doubles(column, error);
        doubles = owned;
        ok = owned != NULL;
        pk_compute_count(dataset->compute, &dataset->compute->counters.n_converted_columns, ok);
        break;
    }
    if (!ok) {
        return FALSE;
    }
    *out_index = append(dataset, pk_column_ref(column), owned, doubles, codes,
                        pk_column_get_type(column) == PK_COLUMN_TYPE_CATEGORY);
    return TRUE;
}

gboolean pk_compute_dataset_make_resident(PkComputeDataset *dataset, GError **error) {
    g_return_val_if_fail(dataset != NULL, FALSE);
    PkCompute *compute = dataset->compute;
    PkSlot index = compute->slots[compute->primary].disabled ? compute->fallback : compute->primary;
    PkBackendSlot *slot = &compute->slots[index];
    if (slot->vtable->dataset_upload == NULL) {
        return TRUE;
    }
    PkBackendData data;
    pk_dataset_snapshot(dataset, &data);
    g_mutex_lock(&slot->lock);
    if (dataset->states[index] == NULL && slot->vtable->dataset_new != NULL) {
        dataset->states[index] = slot->vtable->dataset_new(slot->backend, dataset->n_rows);
    }
    gboolean ok = slot->vtable->dataset_upload(slot->backend, dataset->states[index], &data, error);
    if (ok) {
        pk_dataset_count_uploaded(dataset, index, &data);
    }
    g_mutex_unlock(&slot->lock);
    g_free((gpointer)data.columns);
    return ok;
}

void pk_dataset_snapshot(PkComputeDataset *dataset, PkBackendData *out) {
    g_mutex_lock(&dataset->lock);
    out->n_rows = dataset->n_rows;
    out->n_columns = dataset->views->len;
    out->columns =
        g_memdup2(dataset->views->data, MAX(1, dataset->views->len) * sizeof(PkBackendColumn));
    g_mutex_unlock(&dataset->lock);
}

gboolean pk_dataset_is_doubles(PkComputeDataset *dataset, guint column) {
    gboolean yes = FALSE;
    g_mutex_lock(&dataset->lock);
    if (column < dataset->views->len) {
        yes = g_array_index(dataset->views, PkBackendColumn, column).codes == NULL;
    }
    g_mutex_unlock(&dataset->lock);
    return yes;
}

gboolean pk_dataset_is_codes(PkComputeDataset *dataset, guint column) {
    gboolean yes = FALSE;
    g_mutex_lock(&dataset->lock);
    if (column < dataset->views->len) {
        yes = g_array_index(dataset->views, PkBackendColumn, column).codes != NULL;
    }
    g_mutex_unlock(&dataset->lock);
    return yes;
}

/* log10 of every row; v <= 0, NaN and -inf become NaN. Returns the count of v <= 0. */
static double *derive_log10(const double *src, gsize n, guint64 *out_nonpositive, GError **error) {
    double *out = g_try_malloc(MAX(n, 1) * sizeof(double));
    guint64 n_nonpositive = 0;
    if (out == NULL) {
        g_set_error(error, PK_ERROR, PK_ERROR_NOMEM,
                    "out of memory deriving a log10 column of %" G_GSIZE_FORMAT " rows", n);
        return NULL;
    }
    for (gsize i = 0; i < n; i++) {
        double v = src[i];
        n_nonpositive += v <= 0.0;
        out[i] = v > 0.0 ? log10(v) : NAN;
    }
    *out_nonpositive = n_nonpositive;
    return out;
}

gboolean pk_dataset_get_log_column(PkComputeDataset *dataset, guint column, guint *out_index,
                                   GError **error) {
    g_mutex_lock(&dataset->lock);
    PkDatasetColumn *c = &g_array_index(dataset->columns, PkDatasetColumn, column);
    gint cached = c->log_index;
    const double *src = g_array_index(dataset->views, PkBackendColumn, column).doubles;
    g_mutex_unlock(&dataset->lock);
    if (cached >= 0) {
        *out_index = (guint)cached;
        return TRUE;
    }
    guint64 n_nonpositive = 0;
    double *derived = derive_log10(src, dataset->n_rows, &n_nonpositive, error);
    if (derived == NULL) {
        return FALSE;
    }
    guint index = append(dataset, NULL, derived, derived, NULL, FALSE);
    g_mutex_lock(&dataset->lock);
    c = &g_array_index(dataset->columns, PkDatasetColumn, column);
    if (c->log_index < 0) {
        c->log_index = (gint)index;
        g_array_index(dataset->columns, PkDatasetColumn, index).n_nonpositive = n_nonpositive;
    }
    *out_index = (guint)c->log_index; /* a racing thread's copy wins; ours stays unused */
    g_mutex_unlock(&dataset->lock);
    return TRUE;
}

guint64 pk_dataset_count_nonpositive(PkComputeDataset *dataset, const guint *columns,
                                     guint n_columns) {
    g_assert(n_columns == 1 || n_columns == 2);
    g_mutex_lock(&dataset->lock);
    const double *a = g_array_index(dataset->views, PkBackendColumn, columns[0]).doubles;
    const double *b =
        n_columns == 2 ? g_array_index(dataset->views, PkBackendColumn, columns[1]).doubles : a;
    g_mutex_unlock(&dataset->lock);
    guint64 n = 0;
    for (gsize i = 0; i < dataset->n_rows; i++) {
        n += (a[i] <= 0.0) | (b[i] <= 0.0);
    }
    return n;
}
