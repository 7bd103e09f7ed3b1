/* ops-other.c — column statistics, M4 and row masks on the device.
 *
 * stats: one pass; the counters buffer holds [min key, max key, min positive key, n finite,
 * n NaN, n inf]; minima are stored as ~key with atomicMax, so every counter starts at 0. M4: two
 * passes over every chunk, the first for first/last rows and min/max keys per pixel column (minima
 * again as ~key), the second for the smallest row holding each extreme (exact ties, smallest row
 * wins). mask: one 64-bit word per invocation. */
#include "vk-private.h"

#include <math.h>
#include <string.h>

gboolean pk_vk_stats(PkBackend *be, gpointer state, const PkBackendData *data, guint column,
                     PkRangeStats *out, PkCancel *cancel, GError **error) {
    gint cols[PK_VK_N_INPUTS] = {(gint)column, -1, -1, -1, -1, -1, -1};
    PkVkPush push = {0};
    PkVkRun run;
    gboolean ok = pk_vk_run_init(&run, be, state, data, cols, NULL, error) &&
                  pk_vk_run_add_output(&run, 5, 6 * 8, 0, error);
    if (ok) {
        ok = pk_vk_run_pass(&run, PK_VK_PIPE_STATS, &push, TRUE, TRUE, cancel, error);
    }
    if (ok) {
        const guint64 *c = pk_vk_run_get_output(&run, 5);
        out->n_finite = c[3];
        out->n_nan = c[4];
        out->n_inf = c[5];
        out->min = c[3] > 0 ? pk_vk_key_to_double(~c[0]) : NAN;
        out->max = c[3] > 0 ? pk_vk_key_to_double(c[1]) : NAN;
        out->min_positive = c[2] != 0 ? pk_vk_key_to_double(~c[2]) : NAN;
    }
    pk_vk_run_clear(&run);
    return ok;
}

static gboolean pk_vk_m4_outputs(PkVkRun *run, guint width, GError **error) {
    VkDeviceSize plane = (VkDeviceSize)width * 4;
    return pk_vk_run_add_output(run, 0, plane, PK_ROW_NONE, error) &&
           pk_vk_run_add_output(run, 1, plane, 0, error) &&
           pk_vk_run_add_output(run, 2, plane, PK_ROW_NONE, error) &&
           pk_vk_run_add_output(run, 3, plane, PK_ROW_NONE, error) &&
           pk_vk_run_add_output(run, 4, plane * 4, 0, error) &&
           pk_vk_run_add_output(run, 5, 8, 0, error);
}

/* min_y / max_y are read from the rows the device chose, so they are the CPU's doubles bit
 * for bit (-0.0 included). */
static void pk_vk_m4_read(PkVkRun *run, const double *ys, guint width, PkM4 *out) {
    const guint32 *first = pk_vk_run_get_output(run, 0);
    const guint32 *last = pk_vk_run_get_output(run, 1);
    memcpy(out->first_row, first, (gsize)width * 4);
    memcpy(out->min_row, pk_vk_run_get_output(run, 2), (gsize)width * 4);
    memcpy(out->max_row, pk_vk_run_get_output(run, 3), (gsize)width * 4);
    for (guint c = 0; c < width; c++) {
        gboolean empty = first[c] == PK_ROW_NONE;
        out->last_row[c] = empty ? PK_ROW_NONE : last[c];
        out->min_y[c] = empty ? NAN : ys[out->min_row[c]];
        out->max_y[c] = empty ? NAN : ys[out->max_row[c]];
    }
    out->n_rows_used = *(const guint64 *)pk_vk_run_get_output(run, 5);
}

gboolean pk_vk_m4(PkBackend *be, gpointer state, const PkBackendData *data, const PkM4Request *req,
                  PkM4 *out, PkCancel *cancel, GError **error) {
    gint cols[PK_VK_N_INPUTS] = {(gint)req->x_column, (gint)req->y_column, -1, -1, -1, -1, -1};
    PkVkPush push = {0};
    PkVkRun run;
    pk_vk_predicate_columns(req->filter, cols);
    gboolean ok = pk_vk_run_init(&run, be, state, data, cols, req->filter, error) &&
                  pk_vk_m4_outputs(&run, req->width, error);
    if (ok) {
        push.ox = req->x0;
        push.hx = req->x1;
        push.sx = pk_vk_scale(req->width, req->x0, req->x1);
        push.w = req->width;
        pk_vk_fill_predicate_push(&push, req->filter);
        push.pass = 0;
        ok = pk_vk_run_pass(&run, PK_VK_PIPE_M4, &push, TRUE, FALSE, cancel, error);
    }
    if (ok) {
        push.pass = 1;
        ok = pk_vk_run_pass(&run, PK_VK_PIPE_M4, &push, FALSE, TRUE, cancel, error);
    }
    if (ok) {
        pk_vk_m4_read(&run, data->columns[req->y_column].doubles, req->width, out);
    }
    pk_vk_run_clear(&run);
    return ok;
}

gboolean pk_vk_mask(PkBackend *be, gpointer state, const PkBackendData *data,
                    const PkPredicate *predicate, PkMask *out, PkCancel *cancel, GError **error) {
    gint cols[PK_VK_N_INPUTS] = {-1, -1, -1, -1, -1, -1, -1};
    gsize n_words = (data->n_rows + 63) / 64;
    PkVkPush push = {0};
    PkVkRun run;
    pk_vk_predicate_columns(predicate, cols);
    gboolean ok = pk_vk_run_init(&run, be, state, data, cols, predicate, error) &&
                  pk_vk_run_add_output(&run, 0, n_words * 8, 0, error) &&
                  pk_vk_run_add_output(&run, 5, 8, 0, error);
    if (ok) {
        pk_vk_fill_predicate_push(&push, predicate);
        ok = pk_vk_run_pass(&run, PK_VK_PIPE_MASK, &push, TRUE, TRUE, cancel, error);
    }
    if (ok) {
        memcpy(out->words, pk_vk_run_get_output(&run, 0), n_words * 8);
        out->n_set = *(const guint64 *)pk_vk_run_get_output(&run, 5);
    }
    pk_vk_run_clear(&run);
    return ok;
}
