/* prep-heatmap.c — heatmaps: bin2d over x × y (numbers binned, categories as code slots over
 * [-0.5, n - 0.5)), with a value aggregate; and the selected rows over the same cells, with
 * categories matched by name to the full axis' categories. */
#include "pika/compute.h"
#include "pika/error.h"
#include "pika/render-kit.h"
#include "prep-engine.h"
#include "prep-private.h"

#include <math.h>

#define HEATMAP_MAX_SIDE 200u

/* Cells of the spec's bin width over a numeric axis: an automatic range becomes whole cells
 * at multiples of the width; a fixed range (a viewport) keeps its ends and takes the count of
 * cells closest to that width. */
static gboolean width_cells(const PkPlotPrepInput *input, PkComputeDataset *ds, guint column,
                            const PkPlotSpec *spec, const PkPlotAxis *spec_axis, PkSceneAxis *axis,
                            guint *out_bins, GError **error) {
    double lo = 0, hi = 0;
    guint n = 0;
    if (!pk_prep_width_bins(input->compute, ds, column, spec, spec_axis, axis, HEATMAP_MAX_SIDE,
                            &lo, &hi, &n, error)) {
        return FALSE;
    }
    if (!spec_axis->fixed_range) {
        axis->lo = lo, axis->hi = hi, *out_bins = n;
        return TRUE;
    }
    double w = (hi - lo) / n;
    *out_bins = (guint)CLAMP(round((axis->hi - axis->lo) / w), 1.0, (double)HEATMAP_MAX_SIDE);
    return TRUE;
}

/* Adds one heatmap axis: categories as code doubles over [-0.5, n - 0.5), numbers binned. */
static gboolean heat_axis(const PkPlotPrepInput *input, PkComputeDataset *ds, PkColumn *column,
                          const PkPlotSpec *spec, const PkPlotAxis *spec_axis, PkSceneAxis *axis,
                          guint bins, double **keep, guint *out_index, guint *out_bins,
                          GError **error) {
    if (pk_column_get_type(column) != PK_COLUMN_TYPE_CATEGORY) {
        guint64 n_finite = 0;
        *out_bins = bins;
        if (!pk_compute_dataset_add_column(ds, column, out_index, error) ||
            !pk_prep_axis_range(input->compute, ds, *out_index, spec_axis, axis, &n_finite,
                                error)) {
            return FALSE;
        }
        return spec->bin_width <= 0 || axis->scale == PK_SCALE_LOG ||
               width_cells(input, ds, *out_index, spec, spec_axis, axis, out_bins, error);
    }
    gsize n = pk_column_get_n_rows(column);
    guint n_cat = MIN(pk_column_get_n_categories(column), HEATMAP_MAX_SIDE);
    const guint32 *codes = pk_column_get_codes(column);
    *keep = g_new(double, MAX(n, 1));
    for (gsize r = 0; r < n; r++) {
        (*keep)[r] = pk_column_is_valid(column, r) ? (double)codes[r] : NAN;
    }
    *out_index = pk_compute_dataset_add_doubles(ds, *keep);
    const char **names = g_new0(const char *, n_cat + 1);
    for (guint i = 0; i < n_cat; i++) {
        names[i] = pk_column_get_category(column, i);
    }
    pk_scene_axis_set_categories(axis, names, n_cat);
    g_free(names);
    *out_bins = MAX(n_cat, 1u);
    return TRUE;
}

/* A selected frame's heatmap axis column: numbers as they are, categories as the index of
 * their name among the full axis' categories (NaN when absent). */
static gboolean selected_heat_axis(PkComputeDataset *ds, PkColumn *column, const PkSceneAxis *axis,
                                   double **keep, guint *out_index, GError **error) {
    if (axis->scale != PK_SCALE_CATEGORICAL) {
        return pk_compute_dataset_add_column(ds, column, out_index, error);
    }
    guint n_dict = pk_column_get_n_categories(column);
    g_autofree double *remap = g_new(double, MAX(n_dict, 1));
    for (guint c = 0; c < n_dict; c++) {
        remap[c] = NAN;
        for (guint i = 0; i < axis->n_categories; i++) {
            if (g_strcmp0(axis->categories[i], pk_column_get_category(column, c)) == 0) {
                remap[c] = i;
                break;
            }
        }
    }
    gsize n = pk_column_get_n_rows(column);
    const guint32 *codes = pk_column_get_codes(column);
    *keep = g_new(double, MAX(n, 1));
    for (gsize r = 0; r < n; r++) {
        (*keep)[r] = pk_column_is_valid(column, r) && codes[r] < n_dict ? remap[codes[r]] : NAN;
    }
    *out_index = pk_compute_dataset_add_doubles(ds, *keep);
    return TRUE;
}

static void fill_cells(const PkScene *scene, const PkGrid *grid, double **out_cells,
                       double *out_min, double *out_max);

/* The selected rows aggregated over the same cells; their own colour range. */
static gboolean selected_heatmap(PkScene *scene, const PkPlotPrepInput *input, PkFrame *selected,
                                 const PkBin2dRequest *full_req, GError **error) {
    PkComputeDataset *ds =
        pk_compute_dataset_new(input->compute, pk_frame_get_n_rows(selected), error);
    g_autofree double *xk = NULL;
    g_autofree double *yk = NULL;
    PkBin2dRequest req = *full_req;
    guint vi = 0;
    PkGrid *grid = NULL;
    gboolean ok = ds != NULL &&
                  selected_heat_axis(ds, pk_frame_find_column(selected, scene->spec.x.column),
                                     &scene->x, &xk, &req.x_column, error) &&
                  selected_heat_axis(ds, pk_frame_find_column(selected, scene->spec.y.column),
                                     &scene->y, &yk, &req.y_column, error);
    if (ok && req.value_column >= 0) {
        ok = pk_prep_add_column(ds, selected, scene->spec.value, &vi, error);
        req.value_column = (gint)vi;
    }
    ok = ok && pk_compute_bin2d(input->compute, ds, &req, input->cancel, &grid, error);
    if (ok) {
        fill_cells(scene, grid, &scene->selected_cells, &scene->selected_cell_min,
                   &scene->selected_cell_max);
    }
    pk_grid_free(grid);
    pk_compute_dataset_free(ds);
    return ok;
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

gboolean pk_prep_heatmap(PkScene *scene, const PkPlotPrepInput *input, PkFrame *frame,
                         PkFrame *selected, GError **error) {
    static const PkAgg aggs[] = {PK_AGG_COUNT, PK_AGG_SUM, PK_AGG_MEAN, PK_AGG_MIN, PK_AGG_MAX};
    gsize n = pk_frame_get_n_rows(frame);
    guint bins = scene->spec.bins > 0 ? MIN(scene->spec.bins, HEATMAP_MAX_SIDE) : 50;
    g_autofree double *xk = NULL;
    g_autofree double *yk = NULL;
    PkComputeDataset *ds = pk_compute_dataset_new(input->compute, n, error);
    PkBin2dRequest req = PK_BIN2D_REQUEST_INIT;
    guint vi = 0;
    PkGrid *grid = NULL;
    gboolean ok =
        ds != NULL &&
        heat_axis(input, ds, pk_frame_find_column(frame, scene->spec.x.column), &scene->spec,
                  &scene->spec.x, &scene->x, bins, &xk, &req.x_column, &req.viewport.width,
                  error) &&
        heat_axis(input, ds, pk_frame_find_column(frame, scene->spec.y.column), &scene->spec,
                  &scene->spec.y, &scene->y, bins, &yk, &req.y_column, &req.viewport.height, error);
    if (ok && scene->spec.value != NULL && scene->spec.agg != PK_PLOT_AGG_COUNT) {
        ok = pk_prep_add_column(ds, frame, scene->spec.value, &vi, error);
        req.value_column = (gint)vi;
        req.agg = aggs[scene->spec.agg];
    }
    if (ok) {
        req.viewport.x0 = scene->x.lo, req.viewport.x1 = scene->x.hi;
        req.viewport.y0 = scene->y.lo, req.viewport.y1 = scene->y.hi;
        req.viewport.x_axis = pk_prep_compute_axis(&scene->x);
        req.viewport.y_axis = pk_prep_compute_axis(&scene->y);
        ok = pk_compute_bin2d(input->compute, ds, &req, input->cancel, &grid, error);
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
    pk_compute_dataset_free(ds);
    return ok;
}
