/* prep-engine.h — compute-engine helpers shared by the files of pika-plotprep that see the
 * engine (prep-grid.c, prep-heatmap.c, prep-categories.c, the session). Includes pika/compute.h, so
 * never with pika/data.h. */
#pragma once

#include "pika/compute.h"
#include "prep-private.h"

G_BEGIN_DECLS

/* "CPU", "GPU" or "CPU (lavapipe)" for the backend that answered. Static. */
const char *pk_prep_backend_label(PkCompute *compute, const char *backend);
/* An axis range from the column's statistics (min_positive on log axes) or the spec's fixed
 * range, padded by 2%; *out_finite: the column's finite values. */
gboolean pk_prep_axis_range(PkCompute *compute, PkComputeDataset *ds, guint column,
                            const PkPlotAxis *spec_axis, PkSceneAxis *axis, guint64 *out_finite,
                            GError **error);
PkAxis pk_prep_compute_axis(const PkSceneAxis *axis);
/* Bins of spec->bin_width (seconds on a time axis, data units otherwise) over a column:
 * edges at whole multiples of the width, from *out_lo to *out_hi, covering the column's own
 * extremes (automatic range) or the axis' fixed range. A width that would give more than
 * max_bins bins is widened to a whole multiple of itself. *out_n: the bin count. */
gboolean pk_prep_width_bins(PkCompute *compute, PkComputeDataset *ds, guint column,
                            const PkPlotSpec *spec, const PkPlotAxis *spec_axis,
                            const PkSceneAxis *axis, guint max_bins, double *out_lo, double *out_hi,
                            guint *out_n, GError **error);
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

G_END_DECLS
