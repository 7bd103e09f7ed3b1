/* controller.h — the window controller: one per workspace shown in a window, not a widget.
 *
 * It owns what every view of the workspace shares: evaluation requests (one evaluation at a
 * time; a run asked for meanwhile is queued; an edit cancels the running one first), the
 * graph observer and the hop of its reports to the main thread, graph edits made from the
 * window (parameters, inputs, adding, moving and deleting nodes, selections), toasts, the node
 * the user is in, and frame reports. The notebook, the canvas, cells, editors and plot views
 * are handed the controller when they are made and never look for it in the widget tree.
 *
 * It borrows the graph, database and compute engine (the window's session owns them and
 * outlives it).
 *
 * Signals (all on the main thread):
 *   "node-status" (guint node, gpointer const PkNodeStatus *): a state change of a node,
 *                 borrowed for the emission;
 *   "graph-changed" (): nodes were added, removed, moved or rewired (views re-read the graph);
 *   "changed"     (): recipes or states changed (the window updates its dirty mark and dump);
 *   "toast"       (const char *message, const char *path or NULL): a message for the user,
 *                 about the written file path when there is one;
 *   "focus-node"  (guint node): the node the user is in;
 *   "frame"       (double ms): a plot view drew a frame.
 * Main thread only. */
#pragma once

#include <glib-object.h>

#include "pika/compute.h"
#include "pika/graph.h"

G_BEGIN_DECLS

#define PK_TYPE_CONTROLLER (pk_controller_get_type())
G_DECLARE_FINAL_TYPE(PkController, pk_controller, PK, CONTROLLER, GObject)

/* graph, db, compute: borrowed, must outlive the controller. */
PkController *pk_controller_new(PkGraph *graph, PkDb *db, PkCompute *compute);
PkGraph *pk_controller_get_graph(PkController *ctl);
PkDb *pk_controller_get_db(PkController *ctl);
PkCompute *pk_controller_get_compute(PkController *ctl);

/* Evaluates node and what it needs (0 = every node), now or after the running evaluation. */
void pk_controller_run(PkController *ctl, PkNodeId node);
gboolean pk_controller_is_busy(PkController *ctl);
/* Cancels a running evaluation and waits for it to stop. */
void pk_controller_stop(PkController *ctl);
/* Stops evaluation and no longer observes the graph (before the session goes). */
void pk_controller_shutdown(PkController *ctl);

/* pk_graph_set_params after stopping a running evaluation; on success emits "changed".
 * params: floating references are sunk. */
gboolean pk_controller_set_params(PkController *ctl, PkNodeId node, GVariant *params,
                                  GError **error);
/* pk_graph_set_selection (selection NULL clears) after stopping a running evaluation; on
 * success emits "changed", and 700 ms later, unless another selection came meanwhile, runs
 * what became dirty (the selected planes downstream). */
gboolean pk_controller_set_selection(PkController *ctl, PkNodeId node, const PkSelection *selection,
                                     GError **error);
/* Makes input what node reads (its port 0), then runs node. On failure (a cycle) the old
 * input stays. */
gboolean pk_controller_set_input(PkController *ctl, PkNodeId node, PkNodeId input, GError **error);

/* Adds a node of kind next to near in notebook order (above or below; near 0 = at the end),
 * with starter parameters that evaluate as they are and its input connected: near itself
 * when adding below a table, else the nearest table above. Runs it. Returns the new node. */
PkNodeId pk_controller_add_node(PkController *ctl, PkNodeId near, gboolean below, PkNodeKind kind,
                                GError **error);
gboolean pk_controller_delete_node(PkController *ctl, PkNodeId node, GError **error);
/* Moves node by delta places in notebook order (-1 up, +1 down). */
gboolean pk_controller_move_node(PkController *ctl, PkNodeId node, int delta, GError **error);

/* Emits "graph-changed" and "changed": a view (the canvas, undo) changed the graph itself. */
void pk_controller_notify_graph_changed(PkController *ctl);
/* Emits "changed": recipes changed (a layout move on the canvas). */
void pk_controller_notify_changed(PkController *ctl);
/* Emits "toast" (path: the file it is about, or NULL). */
void pk_controller_toast(PkController *ctl, const char *message);
void pk_controller_toast_file(PkController *ctl, const char *message, const char *path);
/* Emits "focus-node". */
void pk_controller_focus_node(PkController *ctl, PkNodeId node);
/* Emits "frame". */
void pk_controller_report_frame(PkController *ctl, double frame_ms);

G_END_DECLS
