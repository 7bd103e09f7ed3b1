/* prep-engine.h — compute-engine helpers shared by the files of pika-plotprep that see the
 * engine (prep-grid.c, prep-heatmap.c). Includes pika/compute.h, so never with pika/data.h. */
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
/* Adds the frame's column by name to the dataset. */
gboolean pk_prep_add_column(PkComputeDataset *ds, PkFrame *frame, const char *name, guint *out,
                            GError **error);

G_END_DECLS
