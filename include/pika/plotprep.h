/* pika/plotprep.h — preparing a plot: a spec plus a query becomes a scene, ready to draw.
 *
 * This is the only part of the renderer that touches data: it describes and runs SQL through
 * the data layer (bar charts and box plots aggregate in DuckDB; other types fetch the columns
 * they need once) and aggregates rows into pixel grids, histograms and M4 lines through the
 * compute engine. Drawing (pika/render.h) never needs DuckDB. Lives in the pika-plotprep
 * library (src/render/prep), which depends on pika-data, pika-compute and pika-render.
 *
 * Scatter plots switch from raw marks to an exact density image when more than
 * spec->raw_threshold points are in view; the density grid is the plot area of the page
 * (pk_layout_plot_area) times the scale factor, so one bin is one device pixel.
 * With a selection (input->selected_sql), the selected rows are aggregated a second time over
 * the same axes, bins, categories and grid into the scene's "selected" plane; the picture
 * shows everything muted and the selection on top (see PkScene).
 * Thread rule: one call per connection at a time; the compute engine may be shared. */
#pragma once

#include "pika/cancel.h"
#include "pika/plot.h"
#include "pika/scene.h"

#include <glib.h>

G_BEGIN_DECLS

typedef struct PkConn PkConn;
typedef struct PkCompute PkCompute;

typedef struct {
    PkConn *conn;            /* borrowed: runs the SQL */
    PkCompute *compute;      /* borrowed: aggregates */
    const char *sql;         /* the relation to plot: any SELECT ("SELECT * FROM t") */
    double width, height;    /* page size in logical pixels */
    double scale;            /* device-pixel ratio */
    PkCancel *cancel;        /* may be NULL */
    const char *selected_sql; /* NULL = no selection; else the selected subset of sql: a
                                 relation with the same columns (linked brushing) */
} PkPlotPrepInput;

/* Where the time went, in milliseconds. */
typedef struct {
    double query_ms;         /* SQL: describe, fetch columns or aggregate */
    double aggregate_ms;     /* compute engine: stats, bin2d, hist1d, M4 */
    guint64 n_rows;          /* rows fetched */
} PkPlotPrepTimings;

/* Prepares spec over input->sql into a new scene (*out_scene, free with pk_scene_free).
 * timings may be NULL. Errors: validation errors of pk_plot_spec_validate_fields (unknown
 * column with the list of available ones, wrong types, bad ranges), PK_ERROR_QUERY from SQL,
 * PK_ERROR_NOMEM, PK_ERROR_CANCELLED. An empty result is not an error: the scene carries an
 * empty_message. */
gboolean pk_plot_prepare(const PkPlotSpec *spec, const PkPlotPrepInput *input,
                         PkScene **out_scene, PkPlotPrepTimings *timings, GError **error);

/* A compute engine with the policy from PIKA_COMPUTE (default auto), for callers that do not
 * include pika/compute.h (which cannot meet pika/data.h in one file). Free with
 * pk_plot_compute_free (NULL-safe). Errors: as pk_compute_new. */
PkCompute *pk_plot_compute_new(GError **error);
void pk_plot_compute_free(PkCompute *compute);

/* The SQL that a bar chart runs over `sql` (for display and tests). Returns a new string. */
char *pk_plot_bar_sql(const PkPlotSpec *spec, const char *sql);
/* The SQL that a box plot runs over `sql`. Returns a new string. */
char *pk_plot_box_sql(const PkPlotSpec *spec, const char *sql);

G_END_DECLS
