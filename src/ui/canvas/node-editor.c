/* node-editor.c — a node's editor window (node-editor.h).
 *
 *   ┌ header: name · kind ─────────────────────────┐
 *   │ scrolled: PkCell (header, state line, body)   │
 *   └───────────────────────────────────────────────┘
 *
 * The editor's cell gets the node's state changes through the controller's "node-status"
 * signal, as the notebook's own cell does. Ctrl+W closes the window. */
#include "node-editor.h"

#include "cell.h"

#include <adwaita.h>

struct _PkNodeEditor {
    GtkWindow parent_instance;
    PkController *ctl; /* borrowed */
    PkNodeId node;
    GtkWidget *title; /* AdwWindowTitle */
    GtkWidget *cell;
};

G_DEFINE_FINAL_TYPE(PkNodeEditor, pk_node_editor, GTK_TYPE_WINDOW)

static void on_node_status(PkController *ctl, guint node, gpointer status, gpointer data) {
    (void)ctl;
    PkNodeEditor *editor = data;
    if (node == editor->node) {
        pk_cell_set_status(PK_CELL(editor->cell), status);
    }
}

static void update_title(PkNodeEditor *editor) {
    PkGraph *graph = pk_controller_get_graph(editor->ctl);
    const char *name = pk_graph_get_name(graph, editor->node);
    const char *kind = pk_node_kind_name(pk_graph_get_kind(graph, editor->node));
    adw_window_title_set_title(ADW_WINDOW_TITLE(editor->title), name);
    adw_window_title_set_subtitle(ADW_WINDOW_TITLE(editor->title), kind);
    gtk_window_set_title(GTK_WINDOW(editor), name);
}

static void on_changed(PkController *ctl, gpointer data) {
    PkNodeEditor *editor = data;
    if (!pk_graph_has_node(pk_controller_get_graph(ctl), editor->node)) {
        gtk_window_destroy(GTK_WINDOW(editor));
        return;
    }
    update_title(editor);
}

static void pk_node_editor_init(PkNodeEditor *editor) {
    gtk_window_set_default_size(GTK_WINDOW(editor), 820, 640);
    gtk_window_set_modal(GTK_WINDOW(editor), FALSE);
    gtk_window_set_destroy_with_parent(GTK_WINDOW(editor), TRUE);
    GtkWidget *header = adw_header_bar_new();
    editor->title = adw_window_title_new("", "");
    adw_header_bar_set_title_widget(ADW_HEADER_BAR(header), editor->title);
    gtk_window_set_titlebar(GTK_WINDOW(editor), header);
    GtkEventController *keys = gtk_shortcut_controller_new();
    gtk_shortcut_controller_add_shortcut(
        GTK_SHORTCUT_CONTROLLER(keys),
        gtk_shortcut_new(gtk_keyval_trigger_new(GDK_KEY_w, GDK_CONTROL_MASK),
                         gtk_named_action_new("window.close")));
    gtk_widget_add_controller(GTK_WIDGET(editor), keys);
}

static void pk_node_editor_class_init(PkNodeEditorClass *klass) {
    (void)klass;
}

GtkWidget *pk_node_editor_new(GtkWindow *parent, PkController *ctl, PkNodeId node) {
    g_return_val_if_fail(PK_IS_CONTROLLER(ctl), NULL);
    PkNodeEditor *editor = g_object_new(PK_TYPE_NODE_EDITOR, NULL);
    editor->ctl = ctl;
    editor->node = node;
    if (parent != NULL) {
        gtk_window_set_transient_for(GTK_WINDOW(editor), parent);
    }
    update_title(editor);
    editor->cell = pk_cell_new(ctl, node);
    PkNodeStatus status = {0};
    pk_graph_get_status(pk_controller_get_graph(ctl), node, &status);
    pk_cell_set_status(PK_CELL(editor->cell), &status);
    pk_node_status_clear(&status);
    pk_cell_build_body(PK_CELL(editor->cell));
    GtkWidget *scroller = gtk_scrolled_window_new();
    gtk_scrolled_window_set_policy(GTK_SCROLLED_WINDOW(scroller), GTK_POLICY_NEVER,
                                   GTK_POLICY_AUTOMATIC);
    GtkWidget *box = gtk_box_new(GTK_ORIENTATION_VERTICAL, 0);
    gtk_widget_add_css_class(box, "pk-notebook");
    gtk_box_append(GTK_BOX(box), editor->cell);
    gtk_scrolled_window_set_child(GTK_SCROLLED_WINDOW(scroller), box);
    gtk_window_set_child(GTK_WINDOW(editor), scroller);
    g_signal_connect_object(ctl, "node-status", G_CALLBACK(on_node_status), editor, 0);
    g_signal_connect_object(ctl, "changed", G_CALLBACK(on_changed), editor, 0);
    return GTK_WIDGET(editor);
}

PkNodeId pk_node_editor_get_node(PkNodeEditor *editor) {
    return editor->node;
}
