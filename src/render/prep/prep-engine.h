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

void pk_prep_categories_build(PkColumn *column, guint max_k, PkPrepCategories *cats);
/* Another frame's codes (e.g. the selected rows') in cats' indices, matched by name: names
 * outside the top K go to "other" (or nowhere without it). New array of the column's rows. */
guint32 *pk_prep_categories_apply(const PkPrepCategories *cats, PkColumn *column);
void pk_prep_categories_clear(PkPrepCategories *cats);

G_END_DECLS
