/* dataset.c — device-resident columns.
 *
 * A resident column is a list of device buffers ("blocks") of resident_chunk_rows rows each
 * (a power of two that one storage-buffer binding can address; the last block is shorter):
 *
 *     column c:  [block 0: rows 0 .. R-1][block 1: rows R .. 2R-1] ... [block k: rest]
 *
 * Columns are uploaded once, through a staging buffer in pieces, while the resident total
 * stays within three quarters of the memory cap (the rest is left for outputs and streamed
 * chunks); a column that does not fit stays on the host and streams per request (run.c).
 * Columns are only appended, so state->columns grows with the data's column count. */
#include "vk-private.h"

typedef struct {
    gboolean resident;
    guint n_blocks;
    PkVkBuffer *blocks;
    guint64 size;
} PkVkColumn;

struct PkVkDataset {
    gsize n_rows;
    guint32 block_rows;
    GArray *columns; /* PkVkColumn */
};

gpointer pk_vk_dataset_new(PkBackend *be, gsize n_rows) {
    PkVkDataset *ds = g_new0(PkVkDataset, 1);
    ds->n_rows = n_rows;
    ds->block_rows = be->resident_chunk_rows;
    ds->columns = g_array_new(FALSE, TRUE, sizeof(PkVkColumn));
    return ds;
}

static void pk_vk_column_clear(PkBackend *be, PkVkColumn *col) {
    for (guint b = 0; b < col->n_blocks; b++) {
        pk_vk_buffer_clear(be, &col->blocks[b]);
    }
    g_free(col->blocks);
    if (col->resident) {
        be->resident_size -= col->size;
    }
    col->blocks = NULL;
    col->n_blocks = 0;
    col->resident = FALSE;
}

static gboolean pk_vk_column_upload(PkBackend *be, PkVkDataset *ds, PkVkColumn *col,
                                    const PkBackendColumn *src, GError **error) {
    gsize elem = src->doubles != NULL ? sizeof(double) : sizeof(guint32);
    const char *bytes =
        src->doubles != NULL ? (const char *)src->doubles : (const char *)src->codes;
    col->size = (guint64)ds->n_rows * elem;
    if (ds->n_rows == 0 || be->resident_size + col->size > be->memory_cap / 4 * 3) {
        return TRUE; /* streams */
    }
    col->n_blocks = (guint)((ds->n_rows + ds->block_rows - 1) / ds->block_rows);
    col->blocks = g_new0(PkVkBuffer, col->n_blocks);
    col->resident = TRUE;
    be->resident_size += col->size;
    for (guint b = 0; b < col->n_blocks; b++) {
        gsize first = (gsize)b * ds->block_rows;
        gsize rows = MIN((gsize)ds->block_rows, ds->n_rows - first);
        if (!pk_vk_buffer_init(be, &col->blocks[b], rows * elem, FALSE, error) ||
            !pk_vk_upload(be, bytes + first * elem, rows * elem, &col->blocks[b], 0, error)) {
            pk_vk_column_clear(be, col);
            return FALSE;
        }
    }
    return TRUE;
}

gboolean pk_vk_dataset_upload(PkBackend *be, gpointer state, const PkBackendData *data,
                              GError **error) {
    PkVkDataset *ds = state;
    g_assert(data->n_rows == ds->n_rows);
    while (ds->columns->len < data->n_columns) {
        PkVkColumn col = {0};
        if (!pk_vk_column_upload(be, ds, &col, &data->columns[ds->columns->len], error)) {
            return FALSE;
        }
        g_array_append_val(ds->columns, col);
    }
    return TRUE;
}

void pk_vk_dataset_free(PkBackend *be, gpointer state) {
    PkVkDataset *ds = state;
    if (ds == NULL) {
        return;
    }
    for (guint c = 0; c < ds->columns->len; c++) {
        pk_vk_column_clear(be, &g_array_index(ds->columns, PkVkColumn, c));
    }
    g_array_free(ds->columns, TRUE);
    g_free(ds);
}

PkVkBuffer *pk_vk_dataset_get_resident(PkVkDataset *ds, guint column, gsize row,
                                       VkDeviceSize *out_offset) {
    if (column >= ds->columns->len) {
        return NULL;
    }
    PkVkColumn *col = &g_array_index(ds->columns, PkVkColumn, column);
    if (!col->resident) {
        return NULL;
    }
    guint block = (guint)(row / ds->block_rows);
    gsize elem = col->size / ds->n_rows;
    *out_offset = (VkDeviceSize)(row - (gsize)block * ds->block_rows) * elem;
    return &col->blocks[block];
}

guint32 pk_vk_dataset_get_block_rows(const PkVkDataset *ds) {
    return ds->block_rows;
}
