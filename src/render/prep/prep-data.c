/* prep-data.c — the compute dataset of a line, histogram or heatmap, and what preparation
 * derives from the rows before any viewport is known, made once per frame:
 *
 *   PkPrepData
 *     ds            the engine's dataset: x (line, histogram, heatmap), y (line, heatmap),
 *                   colour codes (line), value (heatmap with an aggregate other than count)
 *     frame         a reference to the rows the columns come from (NULL over borrowed doubles)
 *     cats, codes   line: the colour categories of every row (top K plus "other"), or the
 *                   selected rows' codes in those categories
 *     x_keep ...    heatmap: a categorical axis as code doubles (NaN for NULL or, for selected
 *                   rows, a name outside the full axis' categories)
 *     stats         range statistics per dataset column, computed on first use
 *
 * pk_plot_prepare makes one for its frame and one for the selected rows, uses them once and
 * frees them; an interactive session keeps them (pika/plotprep.h), so that a pan or zoom only
 * aggregates: no timestamp converted, no statistics or categories recomputed, on a GPU nothing
 * uploaded again. Invariant: nothing here depends on the viewport or the page. */
#include "pika/error.h"
#include "prep-engine.h"

#include <math.h>

/* A categorical heatmap axis as code doubles. remap (NULL: the codes themselves) maps codes
 * of the column's dictionary to the full axis' indices (NaN: not on the axis). */
static double *codes_as_doubles(PkColumn *column, const double *remap, GError **error) {
    gsize n = pk_column_get_n_rows(column);
    guint n_dict = pk_column_get_n_categories(column);
    const guint32 *codes = pk_column_get_codes(column);
    double *out = g_try_malloc(MAX(n, 1) * sizeof(double));
    if (out == NULL) {
        g_set_error(error, PK_ERROR, PK_ERROR_NOMEM,
                    "out of memory converting column \"%s\" (%" G_GSIZE_FORMAT " rows)",
                    pk_column_get_name(column), n);
        return NULL;
    }
    for (gsize r = 0; r < n; r++) {
        gboolean valid = pk_column_is_valid(column, r) && (remap == NULL || codes[r] < n_dict);
        out[r] = !valid ? NAN : remap != NULL ? remap[codes[r]] : (double)codes[r];
    }
    return out;
}

/* For selected rows: the index of each of column's names among full's first n_full names. */
static double *remap_by_name(PkColumn *column, PkColumn *full, guint n_full) {
    guint n_dict = pk_column_get_n_categories(column);
    double *remap = g_new(double, MAX(n_dict, 1));
    for (guint c = 0; c < n_dict; c++) {
        remap[c] = NAN;
        for (guint i = 0; i < n_full; i++) {
            if (g_strcmp0(pk_column_get_category(full, i), pk_column_get_category(column, c)) ==
                0) {
                remap[c] = i;
                break;
            }
        }
    }
    return remap;
}

/* Adds a heatmap axis: numbers as they are, categories as code doubles (kept in *keep). */
static gboolean add_heat_axis(PkPrepData *data, const char *name, PkFrame *full_frame,
                              double **keep, guint *out_index, GError **error) {
    PkColumn *column = pk_frame_find_column(data->frame, name);
    if (pk_column_get_type(column) != PK_COLUMN_TYPE_CATEGORY) {
        return pk_compute_dataset_add_column(data->ds, column, out_index, error);
    }
    g_autofree double *remap = NULL;
    if (full_frame != NULL) {
        PkColumn *full = pk_frame_find_column(full_frame, name);
        remap = remap_by_name(column, full, pk_prep_heat_n_categories(full));
    }
    *keep = codes_as_doubles(column, remap, error);
    if (*keep == NULL) {
        return FALSE;
    }
    *out_index = pk_compute_dataset_add_doubles(data->ds, *keep);
    return TRUE;
}

/* Line: x, y and (with colour categories) the codes of every row or of the selected ones. */
static gboolean add_line(PkPrepData *data, const PkPlotSpec *spec, const PkPrepData *all,
                         GError **error) {
    if (!pk_prep_add_column(data->ds, data->frame, spec->x.column, &data->xi, error) ||
        !pk_prep_add_column(data->ds, data->frame, spec->y.column, &data->yi, error)) {
        return FALSE;
    }
    PkColumn *cc = spec->color ? pk_frame_find_column(data->frame, spec->color) : NULL;
    if (all == NULL && cc != NULL && pk_column_get_type(cc) == PK_COLUMN_TYPE_CATEGORY) {
        pk_prep_categories_build(cc, spec->max_categories, &data->cats);
        data->ci = (gint)pk_compute_dataset_add_codes(data->ds, data->cats.codes);
    } else if (all != NULL && all->cats.codes != NULL) {
        data->codes = pk_prep_categories_apply(&all->cats, cc);
        data->ci = (gint)pk_compute_dataset_add_codes(data->ds, data->codes);
    }
    return TRUE;
}

static gboolean add_heatmap(PkPrepData *data, const PkPlotSpec *spec, const PkPrepData *all,
                            GError **error) {
    PkFrame *full = all != NULL ? all->frame : NULL;
    if (!add_heat_axis(data, spec->x.column, full, &data->x_keep, &data->xi, error) ||
        !add_heat_axis(data, spec->y.column, full, &data->y_keep, &data->yi, error)) {
        return FALSE;
    }
    guint vi = 0;
    if (spec->value != NULL && spec->agg != PK_PLOT_AGG_COUNT) {
        if (!pk_prep_add_column(data->ds, data->frame, spec->value, &vi, error)) {
            return FALSE;
        }
        data->vi = (gint)vi;
    }
    return TRUE;
}

PkPrepData *pk_prep_data_new(PkCompute *compute, const PkPlotSpec *spec, PkFrame *frame,
                             const PkPrepData *all, GError **error) {
    g_assert(spec->type == PK_PLOT_LINE || spec->type == PK_PLOT_HISTOGRAM ||
             spec->type == PK_PLOT_HEATMAP);
    PkPrepData *data = g_new0(PkPrepData, 1);
    data->compute = compute;
    data->frame = pk_frame_ref(frame);
    data->ci = data->vi = -1;
    data->ds = pk_compute_dataset_new(compute, pk_frame_get_n_rows(frame), error);
    gboolean ok = data->ds != NULL;
    if (ok && spec->type == PK_PLOT_LINE) {
        ok = add_line(data, spec, all, error);
    } else if (ok && spec->type == PK_PLOT_HISTOGRAM) {
        ok = pk_prep_add_column(data->ds, frame, spec->x.column, &data->xi, error);
    } else if (ok) {
        ok = add_heatmap(data, spec, all, error);
    }
    if (!ok) {
        pk_prep_data_free(data);
        return NULL;
    }
    return data;
}

PkPrepData *pk_prep_data_new_doubles(PkCompute *compute, const double *xs, gsize n,
                                     GError **error) {
    PkComputeDataset *ds = pk_compute_dataset_new(compute, n, error);
    if (ds == NULL) {
        return NULL;
    }
    PkPrepData *data = g_new0(PkPrepData, 1);
    data->compute = compute;
    data->ds = ds;
    data->ci = data->vi = -1;
    data->xi = pk_compute_dataset_add_doubles(ds, xs);
    return data;
}

void pk_prep_data_make_resident(PkPrepData *data) {
    g_autoptr(GError) error = NULL;
    if (!pk_compute_dataset_make_resident(data->ds, &error)) {
        g_debug("plot session: columns stay on the host: %s", error->message);
    }
}

void pk_prep_data_free(PkPrepData *data) {
    if (data == NULL) {
        return;
    }
    pk_compute_dataset_free(data->ds); /* before the arrays it borrows */
    pk_prep_categories_clear(&data->cats);
    g_free(data->codes);
    g_free(data->x_keep);
    g_free(data->y_keep);
    pk_frame_unref(data->frame);
    g_free(data);
}

gboolean pk_prep_data_stats(PkPrepData *data, guint column, PkRangeStats *out, GError **error) {
    gboolean cached = column < PK_PREP_DATA_MAX_COLUMNS;
    if (cached && (data->stats_known & (1u << column))) {
        *out = data->stats[column];
        return TRUE;
    }
    if (!pk_compute_column_stats(data->compute, data->ds, column, NULL, out, error)) {
        return FALSE;
    }
    if (cached) {
        data->stats[column] = *out;
        data->stats_known |= 1u << column;
    }
    return TRUE;
}

gboolean pk_prep_data_has_plain_xy(const PkPrepData *data) {
    return data->frame != NULL && data->x_keep == NULL && data->y_keep == NULL;
}

guint pk_prep_heat_n_categories(PkColumn *column) {
    return MIN(pk_column_get_n_categories(column), PK_PREP_HEATMAP_MAX_SIDE);
}
