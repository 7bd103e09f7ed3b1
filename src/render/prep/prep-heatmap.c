/* prep-heatmap.c — heatmaps: bin2d over x × y (numbers binned, categories as code slots over
 * [-0.5, n - 0.5)), with a value aggregate; and the selected rows over the same cells, with
 * categories matched by name to the full axis' categories. The code slots, the dataset and
 * the statistics come from data made by prep-data.c (per call, or kept by a session). */
#include "pika/compute.h"
#include "pika/error.h"
#include "pika/render-kit.h"
#include "prep-engine.h"
#include "prep-private.h"

#include <math.h>

#define HEATMAP_MAX_SIDE PK_PREP_HEATMAP_MAX_SIDE

/* Cells of the spec's bin width over a numeric axis: an automatic range becomes whole cells
 * at multiples of the width; a fixed range (a viewport) keeps its ends and takes the count of
 * cells closest to that width. */
static void width_cells(const PkRangeStats *st, const PkPlotSpec *spec, const PkPlotAxis *spec_axis,
                        PkSceneAxis *axis, guint *out_bins) {
    double lo = 0, hi = 0;
    guint n = 0;
    pk_prep_width_bins(st, spec, spec_axis, axis, HEATMAP_MAX_SIDE, &lo, &hi, &n);
    if (!spec_axis->fixed_range) {
        axis->lo = lo, axis->hi = hi, *out_bins = n;
        return;
    }
    double w = (hi - lo) / n;
    *out_bins = (guint)CLAMP(round((axis->hi - axis->lo) / w), 1.0, (double)HEATMAP_MAX_SIDE);
}

/* One heatmap axis over data's column: categories (code doubles in data) over
 * [-0.5, n - 0.5), numbers binned. */
static gboolean heat_axis(PkPrepData *data, guint index, const PkPlotSpec *spec,
                          const PkPlotAxis *spec_axis, PkSceneAxis *axis, guint bins,
                          guint *out_bins, GError **error) {
    PkColumn *column = pk_frame_find_column(data->frame, spec_axis->column);
    if (pk_column_get_type(column) != PK_COLUMN_TYPE_CATEGORY) {
        PkRangeStats st;
        if (!pk_prep_data_stats(data, index, &st, error)) {
            return FALSE;
        }
        pk_prep_axis_range(&st, spec_axis, axis);
        *out_bins = bins;
        if (spec->bin_width > 0 && axis->scale != PK_SCALE_LOG) {
            width_cells(&st, spec, spec_axis, axis, out_bins);
        }
        return TRUE;
    }
    guint n_cat = pk_prep_heat_n_categories(column);
    const char **names = g_new0(const char *, n_cat + 1);
    for (guint i = 0; i < n_cat; i++) {
        names[i] = pk_column_get_category(column, i);
    }
    pk_scene_axis_set_categories(axis, names, n_cat);
    g_free(names);
    *out_bins = MAX(n_cat, 1u);
    return TRUE;
}

static void fill_cells(const PkScene *scene, const PkGrid *grid, double **out_cells,
                       double *out_min, double *out_max);

/* The selected rows aggregated over the same cells; their own colour range. */
static gboolean selected_heatmap(PkScene *scene, const PkPlotPrepInput *input, PkPrepData *selected,
                                 const PkBin2dRequest *full_req, GError **error) {
    PkBin2dRequest req = *full_req;
    req.x_column = selected->xi, req.y_column = selected->yi;
    req.value_column = full_req->value_column >= 0 ? selected->vi : -1;
    PkGrid *grid = NULL;
    if (!pk_compute_bin2d(input->compute, selected->ds, &req, input->cancel, &grid, error)) {
        return FALSE;
    }
    fill_cells(scene, grid, &scene->selected_cells, &scene->selected_cell_min,
               &scene->selected_cell_max);
    pk_grid_free(grid);
    return TRUE;
}

static void fill_cells(const PkScene *scene, const PkGrid *grid, double **out_cells,
                       double *out_min, double *out_max) {
    gsize n = (gsize)grid->width * grid->height;
    double *cells = g_new(double, MAX(n, 1));
    double lo = INFINITY, hi = -INFINITY;
    for (gsize i = 0; i < n; i++) {
        double v = NAN;
        if (grid->counts[i] > 0) {
            switch (scene->spec.agg) {
            case PK_PLOT_AGG_COUNT:
                v = grid->counts[i];
                break;
            case PK_PLOT_AGG_MEAN:
                v = grid->values[i] / grid->counts[i];
                break;
            default:
                v = grid->values[i];
            }
        }
        cells[i] = v;
        if (isfinite(v)) {
            lo = MIN(lo, v), hi = MAX(hi, v);
        }
    }
    if (!isfinite(lo)) {
        lo = 0, hi = 1;
    }
    *out_cells = cells, *out_min = lo, *out_max = hi;
}

gboolean pk_prep_heatmap(PkScene *scene, const PkPlotPrepInput *input, PkPrepData *data,
                         PkPrepData *selected, GError **error) {
    static const PkAgg aggs[] = {PK_AGG_COUNT, PK_AGG_SUM, PK_AGG_MEAN, PK_AGG_MIN, PK_AGG_MAX};
    guint bins = scene->spec.bins > 0 ? MIN(scene->spec.bins, HEATMAP_MAX_SIDE) : 50;
    PkBin2dRequest req = PK_BIN2D_REQUEST_INIT;
    PkGrid *grid = NULL;
    gboolean ok = heat_axis(data, data->xi, &scene->spec, &scene->spec.x, &scene->x, bins,
                            &req.viewport.width, error) &&
                  heat_axis(data, data->yi, &scene->spec, &scene->spec.y, &scene->y, bins,
                            &req.viewport.height, error);
    req.x_column = data->xi, req.y_column = data->yi;
    if (data->vi >= 0) {
        req.value_column = data->vi;
        req.agg = aggs[scene->spec.agg];
    }
    if (ok) {
        req.viewport.x0 = scene->x.lo, req.viewport.x1 = scene->x.hi;
        req.viewport.y0 = scene->y.lo, req.viewport.y1 = scene->y.hi;
        req.viewport.x_axis = pk_prep_compute_axis(&scene->x);
        req.viewport.y_axis = pk_prep_compute_axis(&scene->y);
        ok = pk_compute_bin2d(input->compute, data->ds, &req, input->cancel, &grid, error);
    }
    if (ok) {
        scene->nx = grid->width, scene->ny = grid->height;
        fill_cells(scene, grid, &scene->cells, &scene->cell_min, &scene->cell_max);
        scene->n_drawn = grid->n_in_view;
        scene->n_invalid = grid->n_skipped_invalid;
        scene->n_nonpositive_x = grid->n_nonpositive;
        scene->mode = "cells";
        g_free(scene->backend),
            scene->backend = g_strdup(pk_prep_backend_label(input->compute, grid->backend));
        if (selected != NULL) {
            ok = selected_heatmap(scene, input, selected, &req, error);
        }
    }
    pk_grid_free(grid);
    return ok;
}
