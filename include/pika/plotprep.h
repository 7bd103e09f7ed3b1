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
    PkConn *conn;             /* borrowed: runs the SQL */
    PkCompute *compute;       /* borrowed: aggregates */
    const char *sql;          /* the relation to plot: any SELECT ("SELECT * FROM t") */
    double width, height;     /* page size in logical pixels */
    double scale;             /* device-pixel ratio */
    PkCancel *cancel;         /* may be NULL */
    const char *selected_sql; /* NULL = no selection; else the selected subset of sql: a
                                 relation with the same columns (linked brushing) */
} PkPlotPrepInput;

/* Where the time went, in milliseconds. */
typedef struct {
    double query_ms;     /* SQL: describe, fetch columns or aggregate */
    double aggregate_ms; /* compute engine: stats, bin2d, hist1d, M4 */
    guint64 n_rows;      /* rows fetched */
} PkPlotPrepTimings;

/* Prepares spec over input->sql into a new scene (*out_scene, free with pk_scene_free).
 * timings may be NULL. Errors: validation errors of pk_plot_spec_validate_fields (unknown
 * column with the list of available ones, wrong types, bad ranges), PK_ERROR_QUERY from SQL,
 * PK_ERROR_NOMEM, PK_ERROR_CANCELLED. An empty result is not an error: the scene carries an
 * empty_message. */
gboolean pk_plot_prepare(const PkPlotSpec *spec, const PkPlotPrepInput *input, PkScene **out_scene,
                         PkPlotPrepTimings *timings, GError **error);

/* A compute engine with the policy from PIKA_COMPUTE (default auto), for callers that do not
 * include pika/compute.h (which cannot meet pika/data.h in one file). Free with
 * pk_plot_compute_free (NULL-safe). Errors: as pk_compute_new. */
PkCompute *pk_plot_compute_new(GError **error);
void pk_plot_compute_free(PkCompute *compute);

/* The SQL that a bar chart runs over `sql` (for display and tests). Returns a new string. */
char *pk_plot_bar_sql(const PkPlotSpec *spec, const char *sql);
/* The SQL of a line that aggregates y (spec->agg) per bucket of x: unit is a date_trunc unit
 * ("hour", "day", ...) for timestamps, or NULL to group per distinct x. Returns a new string. */
char *pk_plot_line_sql(const PkPlotSpec *spec, const char *unit, const char *sql);
/* The SQL that a box plot runs over `sql`. Returns a new string. */
char *pk_plot_box_sql(const PkPlotSpec *spec, const char *sql);

/* Interactive sessions ------------------------------------------------------------------------
 *
 * A session is a plot being looked at: its columns are fetched once (and registered once with
 * the compute engine, so on a GPU they stay resident), then every pan or zoom re-aggregates
 * them for a new viewport without touching the database:
 *
 *   pk_plot_session_new      describe, validate, fetch the columns (and the selected rows),
 *                            register them; bar and box plots are prepared once and kept
 *   pk_plot_session_prepare  one scene for a viewport [x0, x1] × [y0, y1] (data units) at a
 *                            page size: scatter density through bin2d (raw marks under the
 *                            threshold), lines through M4, histograms re-binned over x,
 *                            heatmaps re-binned; bar and box plots return their kept scene
 *   pk_plot_session_pick     what lies under a pointer: a mark's values, or a density bin's
 *                            count and its representative row (the smallest row id in it)
 *
 * A session's scene at a viewport equals pk_plot_prepare with the spec's ranges fixed to that
 * viewport (counts bit-identical), except that raw scatter marks are limited to the rows that
 * can touch the plot area (in view, plus a margin of a few pixels).
 * Thread rule: one call at a time per session (prepare and pick included), from any thread;
 * the session owns no connection after pk_plot_session_new returns. */

typedef struct PkPlotSession PkPlotSession;

/* Fetches spec's columns over input->sql (and input->selected_sql) through input->conn and
 * keeps them. input->width, height and scale are the page of the initial ranges (used by bar
 * and box plots); input->cancel stops the fetch. Errors: as pk_plot_prepare. Free with
 * pk_plot_session_free. */
PkPlotSession *pk_plot_session_new(const PkPlotSpec *spec, const PkPlotPrepInput *input,
                                   GError **error);
void pk_plot_session_free(PkPlotSession *session); /* NULL-safe */

/* The spec the session was made for (borrowed). */
const PkPlotSpec *pk_plot_session_get_spec(const PkPlotSession *session);
/* Rows fetched. */
guint64 pk_plot_session_get_n_rows(const PkPlotSession *session);
/* The "home" viewport: the spec's fixed ranges, else the data's ranges padded as
 * pk_plot_prepare pads them (histograms: y from the bars at the home x range). Any output
 * may be NULL. */
void pk_plot_session_get_home(const PkPlotSession *session, double *x0, double *x1, double *y0,
                              double *y1);
/* The resolved scales of the axes (categorical axes do not pan or zoom). */
void pk_plot_session_get_scales(const PkPlotSession *session, PkScaleKind *out_x,
                                PkScaleKind *out_y);

/* A new scene for the viewport (x0 < x1, y0 < y1; > 0 on log axes; categorical axes keep
 * their range) on a page of width × height logical pixels at scale. timings may be NULL.
 * Errors: PK_ERROR_INVALID for a bad viewport or size, PK_ERROR_NOMEM, PK_ERROR_CANCELLED. */
gboolean pk_plot_session_prepare(PkPlotSession *session, double x0, double x1, double y0, double y1,
                                 double width, double height, double scale, PkCancel *cancel,
                                 PkScene **out_scene, PkPlotPrepTimings *timings, GError **error);

/* What is under a point of a scene made by this session. */
typedef struct {
    gboolean found;  /* FALSE: nothing there (the other fields are 0/NULL) */
    gboolean is_bin; /* a density bin (count, representative row) or a raw mark */
    guint64 count;   /* rows in the bin; 1 for a mark */
    guint64 row;     /* the mark's row, or the bin's representative row */
    char *text;      /* "x: 1.25\ny: 3.5\nkind: a" — the row's plotted columns */
} PkPlotPick;

void pk_plot_pick_clear(PkPlotPick *pick);

/* Brushing inside a session ------------------------------------------------------------------
 *
 * A session's rows are its input's rows in order. When several sessions read the same relation
 * (plots wired straight to one source), a row mask made over one of them means the same rows in
 * all of them, so a brush in one plot re-draws the selected plane of every other plot from the
 * memory they already hold, without asking the database:
 *
 *   pk_plot_session_brush             the rows inside a box or polygon over the session's x
 *                                     and y columns (or an interval of x), as a row mask
 *   pk_plot_session_set_selected_rows the rows of a mask become the session's selected rows
 *                                     (replacing those fetched from input->selected_sql)
 *
 * The predicates are those of the graph's selections (pika/graph.h: x in [x0, x1), y in
 * [y0, y1); a polygon by the even-odd rule of pika/compute.h), so the selected plane equals
 * the one the selected SQL relation gives. */

typedef enum {
    PK_PLOT_BRUSH_INTERVAL, /* x in [x0, x1) */
    PK_PLOT_BRUSH_BOX,      /* x in [x0, x1) and y in [y0, y1) */
    PK_PLOT_BRUSH_POLYGON,  /* (x, y) inside the polygon */
} PkPlotBrushKind;

typedef struct {
    PkPlotBrushKind kind;
    double x0, x1, y0, y1;  /* INTERVAL, BOX: data units */
    const double *vertices; /* POLYGON: n_vertices (x, y) pairs, data units */
    guint n_vertices;
} PkPlotBrush;

/* A set of row ids as a bitmap: immutable once made, ref-counted, safe to share between
 * threads (one brushing view makes it, every linked view reads it). */
typedef struct PkRowSet PkRowSet;
PkRowSet *pk_row_set_ref(PkRowSet *rows);
void pk_row_set_unref(PkRowSet *rows);              /* NULL-safe */
gsize pk_row_set_get_n_rows(const PkRowSet *rows);  /* the rows it is over */
guint64 pk_row_set_get_n_set(const PkRowSet *rows); /* the rows in it */
gboolean pk_row_set_contains(const PkRowSet *rows, gsize row);

/* The session's rows inside brush (over the spec's x and y columns). Scatter, line,
 * histogram (INTERVAL only) and heatmap sessions; PK_ERROR_UNSUPPORTED for bar and box
 * plots, PK_ERROR_INVALID for a brush that needs a y column the session lacks or for a
 * polygon with fewer than 3 vertices; PK_ERROR_CANCELLED. */
gboolean pk_plot_session_brush(PkPlotSession *session, const PkPlotBrush *brush, PkCancel *cancel,
                               PkRowSet **out_rows, GError **error);

/* Makes rows the session's selected rows (NULL: no selection). rows must be over the
 * session's row count (PK_ERROR_INVALID otherwise). The next prepare draws the selected plane
 * from them. Not for bar and box sessions (PK_ERROR_UNSUPPORTED). */
gboolean pk_plot_session_set_selected_rows(PkPlotSession *session, const PkRowSet *rows,
                                           GError **error);
/* Whether the session can take selected rows from a mask (not bar and box plots). */
gboolean pk_plot_session_can_take_rows(const PkPlotSession *session);

/* Looks at (px, py), in the logical pixels of the page scene was drawn on (width × height at
 * scale): in density mode the bin there, with its count and the smallest row id in it; with
 * raw marks the nearest mark within radius_px. Scatter plots only (others: found = FALSE).
 * Errors: PK_ERROR_CANCELLED. */
gboolean pk_plot_session_pick(PkPlotSession *session, const PkScene *scene, double width,
                              double height, double scale, double px, double py, double radius_px,
                              PkCancel *cancel, PkPlotPick *out_pick, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(PkRowSet, pk_row_set_unref)

G_END_DECLS
