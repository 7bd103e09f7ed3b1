/* ops-bin2d.c — bin2d (counts, selected plane, category planes, representative rows, min/max)
 * and hist1d, which runs the same shader as a grid of height 1 over y = x (a row in [lo, hi)
 * on x is then also in [lo, hi) on y, and lands in row 0).
 *
 * Output slots (bindings 10..15): 0 counts, 1 selected, 2 category planes, 3 representative
 * rows (start PK_ROW_NONE, atomicMin), 4 min/max as ordered 64-bit keys (start at the
 * identity), 5 counters [in view, selected, invalid, out of view] as uint64.
 *
 * Counts only have three kernels: grids that fit in shared memory are counted there
 * (bin2d-shared); larger grids with many rows per cell are counted in bands (below); the rest
 * with global atomics (bin2d specialised for counts).
 *
 * Banded counts: with uniform rows, the generic kernel is bound by one global atomic per row
 * (100M scattered atomics into an 8 MB grid). The grid is cut into bands of whole rows that
 * fit in shared memory, and each chunk takes two passes: bin2d-band-sort sorts each tile's
 * rows by band and writes their cells within the band, 16 bits each (slot 1, scratch), with
 * where each band's run starts in the tile (slot 2, scratch); bin2d-band-count then gives each
 * workgroup one band over a part of the tiles, counted in shared memory and added to the grid
 * once. The rows are read once; the scratch costs 2 bytes a row more to write and to read.
 * Sums and means are not done here (float atomics would not meet PK_COMPUTE_FLOAT_RTOL in
 * every order): supports() says no and the CPU answers. */
#include "vk-private.h"

#include <math.h>
#include <string.h>

enum { SLOT_COUNTS, SLOT_SELECTED, SLOT_CATS, SLOT_REP, SLOT_KEYS, SLOT_COUNTERS };

static gboolean pk_vk_usable(PkBackend *be) {
    return be->healthy && be->has_float64 && be->has_int64_atomics;
}

#define PK_VK_MAX_BANDS 512u /* bin2d-band-sort.comp's MAX_BANDS */

typedef struct {
    guint32 band_rows, n_bands;
    guint32 tile_rows, table_words;
    gsize chunk_rows;
} PkVkBands;

static guint32 pk_vk_bin2d_flags(const PkBin2dRequest *req, gint *cols);

/* Bytes of the two scratch slots for chunks of plan->chunk_rows rows. */
static guint64 pk_vk_band_scratch_size(const PkVkBands *plan, guint64 *out_table) {
    guint64 tiles = (plan->chunk_rows + plan->tile_rows - 1) / plan->tile_rows;
    *out_table = tiles * plan->table_words * 4;
    return tiles * plan->tile_rows / 2 * 4;
}

/* Whether counts of n_rows rows into a w x h grid go in bands, and how. */
static gboolean pk_vk_band_plan(PkBackend *be, guint32 w, guint32 h, gsize n_rows, PkVkBands *out) {
    guint64 plane = (guint64)w * h;
    guint32 cells = MIN(be->shared_bins, 65536u); /* a cell within a band is 16 bits */
    if (be->banded == 0 || be->force_generic || plane <= be->shared_bins || w > cells ||
        n_rows == 0) {
        return FALSE;
    }
    /* Where they pay: at least PK_VK_BAND_ROWS_PER_CELL rows per cell (docs/vulkan.md). */
    if (be->banded < 0 && n_rows < PK_VK_BAND_ROWS_PER_CELL * plane) {
        return FALSE;
    }
    out->band_rows = MIN(cells / w, h);
    out->n_bands = (h + out->band_rows - 1) / out->band_rows;
    out->tile_rows = PK_VK_WORKGROUP * be->band_rows_per_thread;
    out->table_words = (out->n_bands + 2) / 2;
    out->chunk_rows = MIN(n_rows, (gsize)be->resident_chunk_rows);
    guint64 table = 0;
    guint64 scratch = pk_vk_band_scratch_size(out, &table);
    /* The scratch (about 2 bytes a row) must leave most of the device to the data. */
    return out->n_bands <= PK_VK_MAX_BANDS && scratch + table <= be->memory_cap / 4;
}

static guint64 pk_vk_bin2d_output_size(const PkBin2dRequest *req) {
    guint64 plane = (guint64)req->viewport.width * req->viewport.height;
    guint64 size = plane * 4 + 64;
    size += req->selection != NULL ? plane * 4 : 0;
    size += req->category_column >= 0 ? plane * 4 * req->n_categories : 0;
    size += req->want_representative ? plane * 4 : 0;
    size += req->agg != PK_AGG_COUNT ? plane * 8 : 0;
    return size;
}

gboolean pk_vk_bin2d_supported(PkBackend *be, const PkBin2dRequest *req) {
    guint64 plane = (guint64)req->viewport.width * req->viewport.height;
    guint64 range = be->props.limits.maxStorageBufferRange;
    if (!pk_vk_usable(be) || req->agg == PK_AGG_SUM || req->agg == PK_AGG_MEAN) {
        return FALSE;
    }
    if (plane * 8 > range || (guint64)req->n_categories * plane * 4 > range) {
        return FALSE;
    }
    return pk_vk_bin2d_output_size(req) <= be->memory_cap;
}

guint64 pk_vk_bin2d_estimate(PkBackend *be, const PkBin2dRequest *req, gsize n_rows) {
    guint64 size = pk_vk_bin2d_output_size(req);
    PkVkBands plan;
    gint cols[PK_VK_N_INPUTS] = {-1, -1, -1, -1, -1, -1, -1};
    if (pk_vk_bin2d_flags(req, cols) == 0 &&
        pk_vk_band_plan(be, req->viewport.width, req->viewport.height, n_rows, &plan)) {
        guint64 table;
        size += pk_vk_band_scratch_size(&plan, &table) + table;
    }
    return pk_vk_run_estimate(be, size, 2, n_rows);
}

static guint32 pk_vk_bin2d_flags(const PkBin2dRequest *req, gint *cols) {
    guint32 flags = 0;
    cols[PK_VK_B_X] = (gint)req->x_column;
    cols[PK_VK_B_Y] = (gint)req->y_column;
    if (req->agg == PK_AGG_MIN || req->agg == PK_AGG_MAX) {
        cols[PK_VK_B_VALUE] = req->value_column;
        flags |= PK_VK_F_VALUE | (req->agg == PK_AGG_MIN ? PK_VK_F_MIN : PK_VK_F_MAX);
    }
    if (req->category_column >= 0 && req->n_categories > 0) {
        cols[PK_VK_B_CAT] = req->category_column;
        flags |= PK_VK_F_CAT;
    }
    if (req->selection != NULL) {
        flags |= PK_VK_F_SEL;
        pk_vk_predicate_columns(req->selection, cols);
    }
    if (req->want_representative) {
        flags |= PK_VK_F_REP;
    }
    return flags;
}

static gboolean pk_vk_bin2d_outputs(PkVkRun *run, const PkBin2dRequest *req, guint32 flags,
                                    GError **error) {
    VkDeviceSize plane = (VkDeviceSize)req->viewport.width * req->viewport.height;
    gboolean ok = pk_vk_run_add_output(run, SLOT_COUNTS, plane * 4, 0, error) &&
                  pk_vk_run_add_output(run, SLOT_COUNTERS, 4 * 8, 0, error);
    if (ok && (flags & PK_VK_F_SEL)) {
        ok = pk_vk_run_add_output(run, SLOT_SELECTED, plane * 4, 0, error);
    }
    if (ok && (flags & PK_VK_F_CAT)) {
        ok = pk_vk_run_add_output(run, SLOT_CATS, plane * 4 * req->n_categories, 0, error);
    }
    if (ok && (flags & PK_VK_F_REP)) {
        ok = pk_vk_run_add_output(run, SLOT_REP, plane * 4, PK_ROW_NONE, error);
    }
    if (ok && (flags & (PK_VK_F_MIN | PK_VK_F_MAX))) {
        guint32 fill = (flags & PK_VK_F_MIN) ? G_MAXUINT32 : 0;
        ok = pk_vk_run_add_output(run, SLOT_KEYS, plane * 8, fill, error);
    }
    return ok;
}

static void pk_vk_bin2d_read(PkVkRun *run, const PkBin2dRequest *req, guint32 flags, PkGrid *out) {
    gsize plane = (gsize)req->viewport.width * req->viewport.height;
    memcpy(out->counts, pk_vk_run_get_output(run, SLOT_COUNTS), plane * 4);
    if ((flags & PK_VK_F_SEL) && out->selected != NULL) {
        memcpy(out->selected, pk_vk_run_get_output(run, SLOT_SELECTED), plane * 4);
    }
    if ((flags & PK_VK_F_CAT) && out->category_counts != NULL) {
        memcpy(out->category_counts, pk_vk_run_get_output(run, SLOT_CATS),
               plane * 4 * req->n_categories);
    }
    if ((flags & PK_VK_F_REP) && out->representative != NULL) {
        memcpy(out->representative, pk_vk_run_get_output(run, SLOT_REP), plane * 4);
    }
    if ((flags & (PK_VK_F_MIN | PK_VK_F_MAX)) && out->values != NULL) {
        const guint64 *keys = pk_vk_run_get_output(run, SLOT_KEYS);
        for (gsize i = 0; i < plane; i++) {
            out->values[i] = out->counts[i] == 0 ? NAN : pk_vk_key_to_double(keys[i]);
        }
    }
    const guint64 *counters = pk_vk_run_get_output(run, SLOT_COUNTERS);
    out->n_in_view = counters[0];
    out->n_selected = counters[1];
    out->n_skipped_invalid = counters[2];
    out->n_out_of_view = counters[3];
}

static void pk_vk_viewport_push(PkVkPush *push, double x0, double x1, double y0, double y1, guint w,
                                guint h) {
    push->ox = x0;
    push->hx = x1;
    push->oy = y0;
    push->hy = y1;
    push->sx = pk_vk_scale(w, x0, x1);
    push->sy = pk_vk_scale(h, y0, y1);
    push->w = w;
    push->h = h;
}

/* Prepares run for banded counts: scratch slots, the second pass, the push fields. FALSE with
 * error set when the scratch cannot be had. */
static gboolean pk_vk_band_setup(PkVkRun *run, const PkVkBands *plan, PkVkPush *push,
                                 GError **error) {
    PkBackend *be = run->be;
    guint64 table = 0;
    guint64 scratch = pk_vk_band_scratch_size(plan, &table);
    if (!pk_vk_run_add_scratch(run, SLOT_SELECTED, scratch, error) ||
        !pk_vk_run_add_scratch(run, SLOT_CATS, table, error)) {
        return FALSE;
    }
    gsize tiles = (plan->chunk_rows + plan->tile_rows - 1) / plan->tile_rows;
    /* Parts per band: about be->band_groups workgroups in all, each at least 16 tiles. */
    guint32 parts = (be->band_groups + plan->n_bands - 1) / plan->n_bands;
    parts = (guint32)CLAMP(MIN((gsize)parts, tiles / 16), 1, PK_VK_MAX_GROUPS / plan->n_bands);
    run->then = PK_VK_PIPE_BAND_COUNT;
    run->then_groups = plan->n_bands * parts;
    push->band_rows = plan->band_rows;
    push->n_bands = plan->n_bands;
    return TRUE;
}

static PkVkPipe pk_vk_bin2d_pipe(PkBackend *be, guint32 flags, guint64 plane) {
    if (flags == 0 && plane <= be->shared_bins && !be->force_generic) {
        return PK_VK_PIPE_BIN2D_SHARED;
    }
    return flags == 0 ? PK_VK_PIPE_BIN2D_COUNTS : PK_VK_PIPE_BIN2D;
}

gboolean pk_vk_bin2d(PkBackend *be, gpointer state, const PkBackendData *data,
                     const PkBin2dRequest *req, PkGrid *out, PkCancel *cancel, GError **error) {
    gint cols[PK_VK_N_INPUTS] = {-1, -1, -1, -1, -1, -1, -1};
    guint32 flags = pk_vk_bin2d_flags(req, cols);
    const PkViewport *vp = &req->viewport;
    PkVkPush push = {0};
    PkVkRun run;
    gboolean ok = pk_vk_run_init(&run, be, state, data, cols, req->selection, error) &&
                  pk_vk_bin2d_outputs(&run, req, flags, error);
    if (ok) {
        pk_vk_viewport_push(&push, vp->x0, vp->x1, vp->y0, vp->y1, vp->width, vp->height);
        push.flags = flags;
        push.n_categories = req->n_categories;
        pk_vk_fill_predicate_push(&push, req->selection);
        PkVkPipe pipe = pk_vk_bin2d_pipe(be, flags, (guint64)vp->width * vp->height);
        PkVkBands plan;
        if (flags == 0 && pk_vk_band_plan(be, vp->width, vp->height, data->n_rows, &plan)) {
            ok = pk_vk_band_setup(&run, &plan, &push, error);
            pipe = PK_VK_PIPE_BAND_SORT;
        }
        ok = ok && pk_vk_run_pass(&run, pipe, &push, TRUE, TRUE, cancel, error);
    }
    if (ok) {
        pk_vk_bin2d_read(&run, req, flags, out);
    }
    pk_vk_run_clear(&run);
    return ok;
}

gboolean pk_vk_hist1d(PkBackend *be, gpointer state, const PkBackendData *data,
                      const PkHist1dRequest *req, PkHistogram *out, PkCancel *cancel,
                      GError **error) {
    gint cols[PK_VK_N_INPUTS] = {(gint)req->column, (gint)req->column, -1, -1, -1, -1, -1};
    guint32 flags = 0;
    PkVkPush push = {0};
    PkVkRun run;
    if (req->selection != NULL) {
        flags = PK_VK_F_SEL;
        pk_vk_predicate_columns(req->selection, cols);
    }
    gboolean ok =
        pk_vk_run_init(&run, be, state, data, cols, req->selection, error) &&
        pk_vk_run_add_output(&run, SLOT_COUNTS, (VkDeviceSize)req->n_bins * 4, 0, error) &&
        pk_vk_run_add_output(&run, SLOT_COUNTERS, 4 * 8, 0, error) &&
        (flags == 0 ||
         pk_vk_run_add_output(&run, SLOT_SELECTED, (VkDeviceSize)req->n_bins * 4, 0, error));
    if (ok) {
        pk_vk_viewport_push(&push, req->lo, req->hi, req->lo, req->hi, req->n_bins, 1);
        push.flags = flags;
        pk_vk_fill_predicate_push(&push, req->selection);
        ok = pk_vk_run_pass(&run, pk_vk_bin2d_pipe(be, flags, req->n_bins), &push, TRUE, TRUE,
                            cancel, error);
    }
    if (ok) {
        memcpy(out->counts, pk_vk_run_get_output(&run, SLOT_COUNTS), (gsize)req->n_bins * 4);
        if (flags != 0 && out->selected != NULL) {
            memcpy(out->selected, pk_vk_run_get_output(&run, SLOT_SELECTED),
                   (gsize)req->n_bins * 4);
        }
        const guint64 *counters = pk_vk_run_get_output(&run, SLOT_COUNTERS);
        out->n_in_range = counters[0];
        out->n_selected = counters[1];
        out->n_skipped_invalid = counters[2];
        out->n_out_of_range = counters[3];
    }
    pk_vk_run_clear(&run);
    return ok;
}
