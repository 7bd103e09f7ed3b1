/* notebook.h — the notebook: one cell per graph node, in notebook order, and the one place
 * that starts evaluations of the graph.
 *
 * The notebook borrows the graph, database and compute engine (the window's session owns
 * them and outlives the notebook). It observes the graph (pk_graph_add_observer), marshals
 * each state change to the main loop and hands it to the node's cell. Only one evaluation
 * runs at a time (the graph refuses a second); a run asked for meanwhile is queued, and an
 * edit cancels the running evaluation first (pk_notebook_set_params).
 *
 * Signals: "toast" (a message for the user, and the path of the file it is about or NULL),
 * "changed" (the graph's recipes or states changed: the window updates its dirty mark and state
 * dump), "focus-node" (guint node id: the cell the user is in), "frame" (double ms: a plot view
 * drew a frame), "node-status" (guint node id, gpointer const PkNodeStatus *: a state change,
 * borrowed for the emission, delivered on the main loop to other views of the graph such as the
 * canvas and editor windows). Main thread only. */
#pragma once

#include <gtk/gtk.h>

#include "pika/graph.h"

G_BEGIN_DECLS

#define PK_TYPE_NOTEBOOK (pk_notebook_get_type())
G_DECLARE_FINAL_TYPE(PkNotebook, pk_notebook, PK, NOTEBOOK, GtkWidget)

/* graph, db, compute: borrowed, must outlive the notebook. */
GtkWidget *pk_notebook_new(PkGraph *graph, PkDb *db, PkCompute *compute);
PkGraph *pk_notebook_get_graph(PkNotebook *notebook);
PkDb *pk_notebook_get_db(PkNotebook *notebook);
PkCompute *pk_notebook_get_compute(PkNotebook *notebook);

/* Evaluates node and what it needs (0 = every node), now or after the running evaluation. */
void pk_notebook_run(PkNotebook *notebook, PkNodeId node);
gboolean pk_notebook_is_busy(PkNotebook *notebook);
/* Cancels a running evaluation and waits for it to stop. */
void pk_notebook_stop(PkNotebook *notebook);
/* pk_graph_set_params after stopping a running evaluation; on success emits "changed".
 * params: floating references are sunk. */
gboolean pk_notebook_set_params(PkNotebook *notebook, PkNodeId node, GVariant *params,
                                GError **error);

/* pk_graph_set_selection (selection NULL clears) after stopping a running evaluation; on
 * success emits "changed", and 700 ms later, unless another selection came meanwhile, runs
 * what became dirty (the selected planes downstream). */
gboolean pk_notebook_set_selection(PkNotebook *notebook, PkNodeId node,
                                   const PkSelection *selection, GError **error);

/* Adds a cell of kind next to node (above or below; node 0 = at the end), with starter
 * parameters and its input connected to the nearest table above. Returns the new node. */
PkNodeId pk_notebook_add_cell(PkNotebook *notebook, PkNodeId near, gboolean below, PkNodeKind kind,
                              GError **error);
/* Makes input the table node reads (its port 0), then runs node. On failure (a cycle) the
 * old input stays. */
gboolean pk_notebook_set_input(PkNotebook *notebook, PkNodeId node, PkNodeId input, GError **error);
gboolean pk_notebook_delete_cell(PkNotebook *notebook, PkNodeId node, GError **error);
/* Moves node's cell by delta places (-1 up, +1 down). */
gboolean pk_notebook_move_cell(PkNotebook *notebook, PkNodeId node, int delta, GError **error);
/* Re-reads the graph's node list: new cells appear, removed ones go, order follows. */
void pk_notebook_sync(PkNotebook *notebook);
/* Drops the cells of nodes (their editors showed what the graph no longer has); the next
 * pk_notebook_sync builds them again. */
void pk_notebook_forget_cells(PkNotebook *notebook, const PkNodeId *nodes, guint n);

/* Emits "changed": another view (the canvas) edited the graph's layout or recipes. */
void pk_notebook_notify_changed(PkNotebook *notebook);
/* Emits "toast" with a message. */
void pk_notebook_toast(PkNotebook *notebook, const char *message);
/* Emits "toast" about a file that was written (the toast offers to open its folder). */
void pk_notebook_toast_file(PkNotebook *notebook, const char *message, const char *path);
/* Emits "focus-node". */
void pk_notebook_focus_node(PkNotebook *notebook, PkNodeId node);
/* Brings node's cell to the top of the view (after the next layout). */
void pk_notebook_scroll_to(PkNotebook *notebook, PkNodeId node);
/* Emits "frame". */
void pk_notebook_report_frame(PkNotebook *notebook, double frame_ms);

/* The cell of node (PkCell, borrowed), or NULL. */
GtkWidget *pk_notebook_get_cell(PkNotebook *notebook, PkNodeId node);
/* The plot view widgets (borrowed) in notebook order, with their nodes in out_nodes (g_free);
 * empty when the plot view is not built in. */
GPtrArray *pk_notebook_list_plot_views(PkNotebook *notebook, GArray *out_nodes);

G_END_DECLS
