/* prep-engine.h — compute-engine helpers shared by the files of pika-plotprep that see the
 * engine (prep-grid.c, prep-heatmap.c, prep-categories.c, the session). Includes pika/compute.h, so
 * never with pika/data.h. */
#pragma once

#include "pika/compute.h"
#include "prep-private.h"

G_BEGIN_DECLS

/* "CPU", "GPU" or "CPU (lavapipe)" for the backend that answered. Static. */
const char *pk_prep_backend_label(PkCompute *compute, const char *backend);
/* An axis range from a column's statistics st (min_positive on log axes) or the spec's fixed
 * range, padded by 2%. */
void pk_prep_axis_range(const PkRangeStats *st, const PkPlotAxis *spec_axis, PkSceneAxis *axis);
/* The same from the statistics the engine computes for a dataset column. */
gboolean pk_prep_axis_range_of(PkCompute *compute, PkComputeDataset *ds, guint column,
                               const PkPlotAxis *spec_axis, PkSceneAxis *axis, GError **error);
PkAxis pk_prep_compute_axis(const PkSceneAxis *axis);
/* Bins of spec->bin_width (seconds on a time axis, data units otherwise) over a column of
 * statistics st: edges at whole multiples of the width, from *out_lo to *out_hi, covering the
 * column's own extremes (automatic range) or the axis' fixed range. A width that would give
 * more than max_bins bins is widened to a whole multiple of itself. *out_n: the bin count. */
void pk_prep_width_bins(const PkRangeStats *st, const PkPlotSpec *spec, const PkPlotAxis *spec_axis,
                        const PkSceneAxis *axis, guint max_bins, double *out_lo, double *out_hi,
                        guint *out_n);
/* Adds the frame's column by name to the dataset. */
gboolean pk_prep_add_column(PkComputeDataset *ds, PkFrame *frame, const char *name, guint *out,
                            GError **error);

/* prep-categories.c: the colour categories of a plot, the K most frequent names of a text
 * column (K clamped to the palette) plus "other" for the rest. */
typedef struct {
    guint32 *codes; /* per row: category index, or PK_CATEGORY_NONE for NULL */
    char **names;   /* n names, NULL-terminated */
    guint n;
    gboolean has_other;
} PkPrepCategories;

/* Fills cats' names, n and has_other, not its codes; returns the column's code map: code ->
 * category index, n_dict + 1 entries (the last, PK_CATEGORY_NONE, for NULL rows). Owned. */
guint32 *pk_prep_categories_rank(PkColumn *column, guint max_k, PkPrepCategories *cats);
/* pk_prep_categories_rank, and cats->codes made through the map. */
void pk_prep_categories_build(PkColumn *column, guint max_k, PkPrepCategories *cats);
/* Another frame's code map (e.g. the selected rows') into cats' indices, matched by name:
 * names outside the top K go to "other" (or nowhere without it). Owned, n_dict + 1 entries. */
guint32 *pk_prep_categories_map(const PkPrepCategories *cats, PkColumn *column);
/* Each row's index through map (NULL rows: PK_CATEGORY_NONE). New array of the column's rows. */
guint32 *pk_prep_categories_remap(PkColumn *column, const guint32 *map);
/* pk_prep_categories_map, then remap: another frame's codes in cats' indices. */
guint32 *pk_prep_categories_apply(const PkPrepCategories *cats, PkColumn *column);
/* Planes counted per dictionary code (n_codes planes of n_cells, plane c at c × n_cells, the
 * column's own codes; map and cats from pk_prep_categories_rank of that column) folded in place
 * into cats' planes (the first cats->n): plane i becomes the sum of the planes of the codes
 * that map sends to i. Exact, as every sum is of counts;
 * the same planes as counting through pk_prep_categories_remap's codes. */
void pk_prep_categories_fold(const PkPrepCategories *cats, const guint32 *map, guint n_codes,
                             guint32 *planes, gsize n_cells);
void pk_prep_categories_clear(PkPrepCategories *cats);

/* prep-data.c (see there): a line's, histogram's or heatmap's dataset and what is derived from
 * its rows once. Owned by whoever made it; the session keeps its own between prepares. */
#define PK_PREP_DATA_MAX_COLUMNS 8 /* statistics are kept for dataset columns below this */
#define PK_PREP_HEATMAP_MAX_SIDE 200u
struct PkPrepData {
    PkCompute *compute; /* borrowed */
    PkComputeDataset *ds;
    PkFrame *frame;          /* a reference; NULL over borrowed doubles */
    guint xi, yi;            /* dataset columns of x and y */
    gint ci, vi;             /* colour codes (line), value (heatmap); -1 without */
    PkPrepCategories cats;   /* line, every row: the colour categories */
    guint32 *codes;          /* line, selected rows: their codes in all->cats */
    double *x_keep, *y_keep; /* heatmap: categorical axes as code doubles (ds borrows them) */
    PkRangeStats stats[PK_PREP_DATA_MAX_COLUMNS];
    guint32 stats_known; /* bit per column of stats[] */
};
/* Over n borrowed doubles (a histogram's selected x gathered by a brush): x only. */
PkPrepData *pk_prep_data_new_doubles(PkCompute *compute, const double *xs, gsize n, GError **error);
/* Uploads the dataset now (a session's, which is aggregated frame after frame); a failure is
 * logged and the rows stay on the host. */
void pk_prep_data_make_resident(PkPrepData *data);
/* The range statistics of a dataset column: computed by the engine on first use, then kept. */
gboolean pk_prep_data_stats(PkPrepData *data, guint column, PkRangeStats *out, GError **error);
/* Whether x and y are the frame's own columns (no categorical axis as codes): a brush can
 * test them. */
gboolean pk_prep_data_has_plain_xy(const PkPrepData *data);
/* The categories of a heatmap axis: the first ones of the column's dictionary. */
guint pk_prep_heat_n_categories(PkColumn *column);

G_END_DECLS
