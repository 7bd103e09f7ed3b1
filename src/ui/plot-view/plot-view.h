/* plot-view.h — PkPlotView: one plot node's picture, interactive.
 *
 * The view reads the plot node's spec (parameter "spec") and its input's relation (the input
 * node's value, pk_graph_value_sql), fetches the plot's columns once on a worker
 * (PkPlotSession, pika/plotprep.h) and then re-aggregates on one worker thread for every
 * change of the viewport: drag pans, the wheel zooms around the pointer, a pinch zooms,
 * Shift+drag zooms into a box, a double click or Home resets. The newest request wins; until
 * its frame arrives the previous frame is drawn transformed to the new viewport under live
 * axes, so the view never freezes (docs/interaction.md).
 *
 * Linked brushing (plot-view-brush.c): a box or lasso drawn with a selection tool, or a
 * Ctrl+drag, selects rows; every view of a plot wired straight to the same source shows them
 * at once from memory, and on release the selection is set on the source in the graph (saved
 * with the workspace, and the selected relation of every node downstream). A chip shows the
 * count; Escape or its ✕ clears.
 *
 * Hover shows a tooltip: a bar's group, value and count; a histogram bin's range and count;
 * a line's nearest sample; a box's five numbers and outlier count; a heatmap cell and its
 * value; a point's values, or a density bin's count and its representative row with every
 * column (plot-view-hover.c). The selection's box, interval or lasso stays drawn after
 * release until the selection is cleared or replaced. A badge says "Density · 10,000,000 points ·
 * CPU" or "Raw · 50,000 points"; a menu button exports the view (PNG/SVG/PDF at a chosen size) and
 * the data (CSV/JSON/Parquet). When an interaction ends (about 300 ms without input) the view
 * writes the node's "view" parameter ({"x": [lo, hi], "y": [lo, hi]}, a{sv} of av doubles; removed
 * on reset) through pk_graph_set_params.
 *
 * With PIKA_FRAME_LOG=path in the environment, every frame appends one line to path:
 * "<ms since the last pointer event> <transformed|exact|static> <frame ms>".
 *
 * Threads: every function here is called on the GTK main thread. The graph, database and
 * engine are borrowed and must outlive the view; the view opens its own connection. */
#pragma once

#include "controller.h"
#include "pika/graph.h"

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define PK_TYPE_PLOT_VIEW (pk_plot_view_get_type())
G_DECLARE_FINAL_TYPE(PkPlotView, pk_plot_view, PK, PLOT_VIEW, GtkWidget)

/* A new view of plot (a PK_NODE_PLOT node of the controller's graph; ctl borrowed, it must
 * outlive the view and have a compute engine). Selections are committed through the
 * controller. The view loads its data at once (on a worker); until then it shows
 * "Loading…". Errors (no input, a bad spec, SQL errors) are shown in the view. */
GtkWidget *pk_plot_view_new(PkController *ctl, PkNodeId plot);
PkController *pk_plot_view_get_controller(PkPlotView *view);

PkNodeId pk_plot_view_get_node(PkPlotView *view);

/* Re-reads the node's spec and input (after either changed) and reloads the data. The input
 * node must have a value (pk_graph_get_value): evaluate it first. */
void pk_plot_view_refresh(PkPlotView *view);

/* The viewport shown (data units; time: microseconds). FALSE (outputs untouched) while
 * nothing is loaded. Any output may be NULL. */
gboolean pk_plot_view_get_viewport(PkPlotView *view, double *x0, double *x1, double *y0,
                                   double *y1);
/* Moves the view to a viewport (x0 < x1, y0 < y1; ignored otherwise) as an interaction
 * would: the previous frame is shown transformed and a re-aggregation is queued. */
void pk_plot_view_set_viewport(PkPlotView *view, double x0, double x1, double y0, double y1);
/* Back to the data's ranges (or the spec's fixed ranges); clears the node's "view". */
void pk_plot_view_reset(PkPlotView *view);

/* The time of the last frame drawn, in milliseconds (0 before the first). The "frame" signal
 * (void handler(PkPlotView *, double frame_ms, gboolean exact, gpointer)) is emitted after
 * every frame; exact is FALSE for a transformed previous frame. */
double pk_plot_view_get_frame_ms(PkPlotView *view);
/* Exact frames received from the worker so far (tests wait for it to grow). */
/* When the last new exact frame was drawn, on the monotonic clock (g_get_monotonic_time, µs);
 * 0 before the first. */
gint64 pk_plot_view_get_exact_drawn_us(PkPlotView *self);
guint pk_plot_view_get_n_exact_frames(PkPlotView *view);
/* TRUE while the data loads or a re-aggregation is queued or running. */
gboolean pk_plot_view_is_busy(PkPlotView *view);
/* The badge text ("Density · 10,000,000 points · CPU"), borrowed; NULL before the first
 * frame. */
const char *pk_plot_view_get_badge(PkPlotView *view);

/* What a drag does: pan (the default), select the rows in a box (an interval of x on
 * histograms and lines), or select the rows inside a drawn outline (a lasso). Ctrl+drag
 * selects with a box whatever the tool. */
typedef enum { PK_PLOT_TOOL_PAN, PK_PLOT_TOOL_BOX, PK_PLOT_TOOL_LASSO } PkPlotTool;
void pk_plot_view_set_tool(PkPlotView *view, PkPlotTool tool);
PkPlotTool pk_plot_view_get_tool(PkPlotView *view);

/* The selection's shape drawn over the plot, a brush being drawn or, after release, the
 * source's box, interval or lasso over this plot's columns (kept until the selection is
 * cleared or replaced): its bounds in widget pixels. FALSE (outputs untouched) without one. */
gboolean pk_plot_view_get_brush_bounds(PkPlotView *view, double *x0, double *y0, double *x1,
                                       double *y1);
/* The hover tooltip's text (borrowed), or NULL when none shows. */
const char *pk_plot_view_get_hover_text(PkPlotView *view);

/* Adds to the state dump's object of this plot (pika/window-dump.c): "brush": [x0, y0, x1, y1]
 * of the selection's shape drawn, in widget pixels, or null; "tooltip": the hover tooltip's
 * text or null; "area": [x, y, width, height] of the plot area (widget pixels) or null;
 * "legend": [{"name", "x", "y"}] a point in each colour legend row shown, whichever side
 * the legend is on: the middle of its swatch across, of the row down (widget pixels; empty
 * without swatches). */
void pk_plot_view_dump(PkPlotView *view, JsonBuilder *b);

/* Rows of the selection in the last frame, or -1 without a selection (or a frame). */
gint64 pk_plot_view_get_n_selected(PkPlotView *view);

/* Exports the current view as drawn (format from the extension: .png, .svg, .pdf) at
 * width × height logical pixels (PNG: at scale). Runs on the calling thread. */
gboolean pk_plot_view_export_image(PkPlotView *view, const char *path, double width, double height,
                                   double scale, GError **error);

G_END_DECLS
