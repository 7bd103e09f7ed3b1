/* cell-bodies.h — the body of a notebook cell, one widget per node kind (cell-source.c,
 * cell-query.c, cell-transform.c, cell-plot.c, cell-note.c, cell-export.c).
 *
 * A body is built for one node of the notebook's graph and reads its parameters from there;
 * an edit becomes pk_notebook_set_params (and a run when the edit asks for one). update() is
 * called with every state change of the node, so a body can show results once it is done.
 * Main thread only. */
#pragma once

#include <gtk/gtk.h>

#include "notebook.h"

G_BEGIN_DECLS

#define PK_TYPE_CELL_SOURCE (pk_cell_source_get_type())
G_DECLARE_FINAL_TYPE(PkCellSource, pk_cell_source, PK, CELL_SOURCE, GtkBox)
#define PK_TYPE_CELL_QUERY (pk_cell_query_get_type())
G_DECLARE_FINAL_TYPE(PkCellQuery, pk_cell_query, PK, CELL_QUERY, GtkBox)
#define PK_TYPE_CELL_TRANSFORM (pk_cell_transform_get_type())
G_DECLARE_FINAL_TYPE(PkCellTransform, pk_cell_transform, PK, CELL_TRANSFORM, GtkBox)
#define PK_TYPE_CELL_PLOT (pk_cell_plot_get_type())
G_DECLARE_FINAL_TYPE(PkCellPlot, pk_cell_plot, PK, CELL_PLOT, GtkBox)
#define PK_TYPE_CELL_NOTE (pk_cell_note_get_type())
G_DECLARE_FINAL_TYPE(PkCellNote, pk_cell_note, PK, CELL_NOTE, GtkBox)
#define PK_TYPE_CELL_EXPORT (pk_cell_export_get_type())
G_DECLARE_FINAL_TYPE(PkCellExport, pk_cell_export, PK, CELL_EXPORT, GtkBox)

/* A new body for node (notebook borrowed). */
GtkWidget *pk_cell_body_new(PkController *ctl, PkNodeId node);
/* Passes a state change to the body. */
void pk_cell_body_update(GtkWidget *body, const PkNodeStatus *status);
/* The graph changed around the body's node (its input may be another table now). */
void pk_cell_body_graph_changed(GtkWidget *body);

GtkWidget *pk_cell_source_new(PkController *ctl, PkNodeId node);
void pk_cell_source_update(PkCellSource *cell, const PkNodeStatus *status);
GtkWidget *pk_cell_query_new(PkController *ctl, PkNodeId node);
void pk_cell_query_update(PkCellQuery *cell, const PkNodeStatus *status);
GtkWidget *pk_cell_transform_new(PkController *ctl, PkNodeId node);
void pk_cell_transform_update(PkCellTransform *cell, const PkNodeStatus *status);
void pk_cell_transform_graph_changed(PkCellTransform *cell);
GtkWidget *pk_cell_plot_new(PkController *ctl, PkNodeId node);
void pk_cell_plot_update(PkCellPlot *cell, const PkNodeStatus *status);
void pk_cell_plot_graph_changed(PkCellPlot *cell);
GtkWidget *pk_cell_plot_get_view(PkCellPlot *cell);
GtkWidget *pk_cell_note_new(PkController *ctl, PkNodeId node);
GtkWidget *pk_cell_export_new(PkController *ctl, PkNodeId node);
void pk_cell_export_update(PkCellExport *cell, const PkNodeStatus *status);
void pk_cell_export_graph_changed(PkCellExport *cell);

/* Helpers shared by the bodies. */
/* A copy of the node's parameters with key set to value (NULL removes it); floating. */
GVariant *pk_cell_params_with(PkGraph *graph, PkNodeId node, const char *key, GVariant *value);
/* The column names of the node's input port 0 when it is done (NULL-terminated, new), or NULL. */
char **pk_cell_input_columns(PkGraph *graph, PkNodeId node);
/* A drop-down choosing node's input (port 0) among the tables of the graph; a choice rewires
 * the graph (pk_notebook_set_input). refresh re-lists the tables and shows the current input
 * (after any change of the graph). */
GtkWidget *pk_cell_input_picker_new(PkController *ctl, PkNodeId node);
void pk_cell_input_picker_refresh(GtkWidget *picker);
/* A results table (PkResultsTable when built in, else a label) and how to show a value. */
GtkWidget *pk_cell_results_new(PkController *ctl);
void pk_cell_results_show(GtkWidget *results, PkGraph *graph, PkNodeId node);
/* The results' table (PkResultsTable; NULL without it) and its "only the selected rows" switch
 * (NULL without it; hidden while the source has no selection). Borrowed. */
GtkWidget *pk_cell_results_get_table(GtkWidget *results);
/* Gives the results' controls dump ids under node's name (dump-id.h). */
void pk_cell_results_name(GtkWidget *results, const char *node);
/* Greys the results out (stale: they are not what the cell's recipe gives now, e.g. under an
 * error) or shows them normally. */
void pk_cell_results_set_stale(GtkWidget *results, gboolean stale);
GtkWidget *pk_cell_results_get_switch(GtkWidget *results);

G_END_DECLS
