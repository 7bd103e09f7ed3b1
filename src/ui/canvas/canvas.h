/* canvas.h — PkCanvas: the notebook's graph as node cards on an infinite canvas.
 *
 * One card per node (name, kind, a detail line, the state line; input ports on the left, the
 * output port on the right) and a curve per edge, all drawn by this one widget with
 * GtkSnapshot: cards outside the view are skipped, text is left out below a zoom level, and
 * each card's Pango layouts are kept until its name or state changes. Overlays: a toolbar
 * (zoom out, zoom in, fit all), breadcrumbs of the selected node's lineage and a minimap.
 *
 * Input (docs/app.md, "Canvas"): drag the background, middle-drag or scroll to pan;
 * Ctrl+scroll or pinch zooms around the pointer; Home fits all; drag cards to move them; drag
 * from an output port to an input port to connect, from a connected input port to reconnect
 * or disconnect; Shift+drag on the background selects with a box; Delete removes and Ctrl+D
 * duplicates the selection; a double click opens a node's editor window.
 *
 * The canvas holds no domain state: positions are pk_graph_set_position, the view is
 * pk_graph_set_viewport (written when an interaction ends), connections pk_graph_connect.
 * Every edit stops a running evaluation first (pk_notebook_stop), re-syncs the notebook when
 * nodes come or go, runs what it made dirty through pk_notebook_run and emits the notebook's
 * "changed" (pk_notebook_notify_changed), so the window's dirty mark follows.
 *
 * Nodes that were never placed (more than one node at the origin) are laid out in layers by
 * lineage depth when the canvas first shows, and their positions are written to the graph.
 *
 * With PIKA_FRAME_LOG=path, every frame the canvas draws appends
 * "<ms since the last pointer event> <canvas-full|canvas-lod> <frame ms> <snapshot ms>"
 * (the plot view's format, plot-view.h). Main thread only. */
#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

#include "controller.h"

G_BEGIN_DECLS

#define PK_TYPE_CANVAS (pk_canvas_get_type())
G_DECLARE_FINAL_TYPE(PkCanvas, pk_canvas, PK, CANVAS, GtkWidget)

/* A canvas over the controller's graph. ctl: borrowed, must outlive the canvas. */
GtkWidget *pk_canvas_new(PkController *ctl);
/* Re-reads the graph's nodes, edges and positions (the controller's "changed" does this). */
void pk_canvas_sync(PkCanvas *canvas);
/* Fits every card into the view. */
void pk_canvas_fit_all(PkCanvas *canvas);
/* The view: the canvas point at the widget's top-left corner, and the zoom. */
void pk_canvas_get_view(PkCanvas *canvas, double *x, double *y, double *zoom);
/* Selects only node (0: nothing). */
void pk_canvas_select(PkCanvas *canvas, PkNodeId node);
/* Opens (or raises) the editor window of node. */
void pk_canvas_open_editor(PkCanvas *canvas, PkNodeId node);

/* Adds the canvas's state to a state dump, as members of the open object:
 *   "bounds": [x, y, w, h] (the canvas), "viewport": [x, y, zoom], "edges": n,
 *   "editors": open editor windows, "crumbs": [names],
 *   "cards": [{"name", "position": [x, y], "selected", "bounds": [x, y, w, h] | null,
 *              "inputs": [[x, y], ...], "output": [x, y] | null}]
 * bounds and ports are in relative_to's coordinates (null when the card is out of view). */
void pk_canvas_dump(PkCanvas *canvas, JsonBuilder *builder, GtkWidget *relative_to);

G_END_DECLS
