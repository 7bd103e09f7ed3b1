/* prep-private.h — what the files of pika-plotprep share.
 *
 * prep-sql.c sees the data layer (pika/data.h) and prep-grid.c the compute engine
 * (pika/compute.h); neither header is included here, so the two never meet in one file. */
#pragma once

#include "pika/plotprep.h"

G_BEGIN_DECLS

/* prep-sql.c */
/* The fields (names and types) of the relation, for validation. Free with g_free (names are
 * owned by *out_names, a strv). */
gboolean pk_prep_describe(PkConn *conn, const char *sql, PkPlotField **out_fields, guint *out_n,
                          char ***out_names, GError **error);
/* SELECT of the given columns (NULL entries skipped) over sql, fetched as a frame. */
gboolean pk_prep_fetch(PkConn *conn, const char *sql, const char *const *columns, guint n,
                       PkCancel *cancel, PkFrame **out_frame, GError **error);
/* Bar and box plots; with input->selected_sql also their selected layers. */
gboolean pk_prep_bar(PkScene *scene, const PkPlotPrepInput *input, GError **error);
gboolean pk_prep_box(PkScene *scene, const PkPlotPrepInput *input, GError **error);
/* A line that aggregates y per bucket (pk_plot_spec_line_bucket): the relations of its buckets
 * over input->sql and input->selected_sql (*out_selected NULL without a selection), with the
 * same buckets for both (an automatic unit is chosen from the full relation's time span).
 * x_is_time: x holds timestamps (else numbers are grouped per distinct value). */
gboolean pk_prep_line_relations(const PkPlotSpec *spec, const PkPlotPrepInput *input,
                                gboolean x_is_time, char **out_sql, char **out_selected,
                                GError **error);
/* prep.c: whether the spec's x column is a timestamp among fields. */
gboolean pk_prep_x_is_time(const PkPlotSpec *spec, const PkPlotField *fields, guint n);
/* count(*) of a relation. */
gboolean pk_prep_count(PkConn *conn, const char *sql, PkCancel *cancel, guint64 *out_n,
                       GError **error);

/* prep-data.c: the compute dataset of a line, histogram or heatmap over a frame (its columns
 * in spec order: x, y (if any), color (if any), value (if any), size (if any)), with what is
 * derived from the rows once (prep-engine.h has its fields). all: NULL for every row; for the
 * selected rows the data of every row, whose colour and axis categories they are matched to
 * by name. Errors: PK_ERROR_NOMEM, those of the engine's datasets. */
typedef struct PkPrepData PkPrepData;
PkPrepData *pk_prep_data_new(PkCompute *compute, const PkPlotSpec *spec, PkFrame *frame,
                             const PkPrepData *all, GError **error);
void pk_prep_data_free(PkPrepData *data); /* NULL-safe */

/* prep-grid.c: scatter over frames; selected (NULL = no selection) has the same columns and
 * holds the selected rows, aggregated into the scene's selected_* layers over the full
 * frame's axes. Line, histogram and heatmap over prepared data the same way. */
gboolean pk_prep_scatter(PkScene *scene, const PkPlotPrepInput *input, PkFrame *frame,
                         PkFrame *selected, GError **error);
gboolean pk_prep_line(PkScene *scene, const PkPlotPrepInput *input, PkPrepData *data,
                      PkPrepData *selected, GError **error);
gboolean pk_prep_histogram(PkScene *scene, const PkPlotPrepInput *input, PkPrepData *data,
                           PkPrepData *selected, GError **error);
/* The selected bars of a histogram scene already binned by pk_prep_histogram (same edges,
 * scaled over the same total) from the selected rows' data. */
gboolean pk_prep_histogram_selected(PkScene *scene, const PkPlotPrepInput *input,
                                    PkPrepData *selected, GError **error);
/* prep-heatmap.c */
gboolean pk_prep_heatmap(PkScene *scene, const PkPlotPrepInput *input, PkPrepData *data,
                         PkPrepData *selected, GError **error);

G_END_DECLS
