/* cell.h — one notebook cell: a coloured border for its kind, a header (name, kind, state
 * line, run, collapse, menu) and the kind's body (cell-bodies.h).
 * The cell holds no domain state: it reads its node from the notebook's graph and writes
 * edits back through it. Main thread only. */
#pragma once

#include <gtk/gtk.h>

#include "notebook.h"

G_BEGIN_DECLS

#define PK_TYPE_CELL (pk_cell_get_type())
G_DECLARE_FINAL_TYPE(PkCell, pk_cell, PK, CELL, GtkWidget)

/* notebook: borrowed (the cell's ancestor). The cell starts with its header only (name, kind,
 * state); pk_cell_build_body adds the kind's body, so a notebook can show every cell's state
 * at once and build the heavier bodies afterwards. */
GtkWidget *pk_cell_new(PkController *ctl, PkNodeId node);
gboolean pk_cell_has_body(PkCell *cell);
/* Builds the body (once) and shows it the node's last state. */
void pk_cell_build_body(PkCell *cell);
PkNodeId pk_cell_get_node(PkCell *cell);
/* Shows a state change of the node (and refreshes the body when the node is done). */
void pk_cell_set_status(PkCell *cell, const PkNodeStatus *status);
/* The graph around the cell changed (cells added, moved or removed, edges rewired, undo):
 * enables the actions that make sense where the cell stands now (Run, Move Up/Down), says in
 * the ▶ tooltip and the menu why one is not available, and has the body re-read its input
 * (input picker, column lists). The notebook calls it after every change of the graph. */
void pk_cell_refresh(PkCell *cell);
/* Whether the cell action ("run", "move-up", "delete"...) is enabled now. */
gboolean pk_cell_action_enabled(PkCell *cell, const char *action);
/* The plot view inside a plot cell, or NULL. Borrowed. */
GtkWidget *pk_cell_get_plot_view(PkCell *cell);
/* The state line as shown ("✓ 50,000 rows · 120 ms"). Borrowed. */
const char *pk_cell_get_state_text(PkCell *cell);

/* The state line for a status ("Running… 40% · 1.2 s", "✓ 50,000 rows · 120 ms", the error).
 * graph: to name an upstream cause. New string. */
char *pk_cell_format_state(PkGraph *graph, const PkNodeStatus *status);

G_END_DECLS
