/* notebook.h — the notebook: one cell per graph node, in notebook order.
 *
 * A view of the controller's graph (controller.h): it follows "graph-changed" (cells appear,
 * go and reorder) and hands each "node-status" to the node's cell. Edits and evaluation go
 * through the controller, which the cells are handed. Main thread only. */
#pragma once

#include <gtk/gtk.h>

#include "controller.h"

G_BEGIN_DECLS

#define PK_TYPE_NOTEBOOK (pk_notebook_get_type())
G_DECLARE_FINAL_TYPE(PkNotebook, pk_notebook, PK, NOTEBOOK, GtkWidget)

/* ctl: a reference is taken. */
GtkWidget *pk_notebook_new(PkController *ctl);
PkController *pk_notebook_get_controller(PkNotebook *notebook);

/* Re-reads the graph's node list: new cells appear, removed ones go, order follows, and every
 * cell re-reads its input and actions. Done on the controller's "graph-changed". */
void pk_notebook_sync(PkNotebook *notebook);
/* Drops the cells of nodes (their editors showed what the graph no longer has); the next
 * pk_notebook_sync builds them again. */
void pk_notebook_forget_cells(PkNotebook *notebook, const PkNodeId *nodes, guint n);

/* Brings node's cell to the top of the view (after the next layout). */
void pk_notebook_scroll_to(PkNotebook *notebook, PkNodeId node);

/* Whether every cell has its body (they are built one at a time after the first frame). */
gboolean pk_notebook_is_built(PkNotebook *notebook);
/* The cell of node (PkCell, borrowed), or NULL. */
GtkWidget *pk_notebook_get_cell(PkNotebook *notebook, PkNodeId node);
/* The plot view widgets (borrowed) in notebook order, with their nodes in out_nodes (g_free). */
GPtrArray *pk_notebook_list_plot_views(PkNotebook *notebook, GArray *out_nodes);

G_END_DECLS
