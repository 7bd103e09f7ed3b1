/* node-editor.h — PkNodeEditor: one node's notebook cell in a window of its own, opened from
 * the canvas (a double click on a card).
 *
 * The window is transient for the main window but not modal. It holds a PkCell built over
 * the window's controller (so edits, runs and toasts go where the notebook's go) and follows
 * the node's state through the controller's "node-status" signal. It closes itself when its
 * node is removed and retitles itself when the node is renamed. Main thread only. */
#pragma once

#include <gtk/gtk.h>

#include "controller.h"

G_BEGIN_DECLS

#define PK_TYPE_NODE_EDITOR (pk_node_editor_get_type())
G_DECLARE_FINAL_TYPE(PkNodeEditor, pk_node_editor, PK, NODE_EDITOR, GtkWindow)

/* parent: may be NULL; ctl: borrowed, must outlive the window (the canvas closes its
 * editors when it goes). */
GtkWidget *pk_node_editor_new(GtkWindow *parent, PkController *ctl, PkNodeId node);
PkNodeId pk_node_editor_get_node(PkNodeEditor *editor);

G_END_DECLS
