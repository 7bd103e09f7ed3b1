/* notebook.c — the notebook widget (see notebook.h): a view of the controller's graph.
 *
 * Layout: a scrolled window holding a clamp holding a vertical box of PkCell widgets, one per
 * node, in pk_graph_list_nodes order. `cells` maps node id -> cell; pk_notebook_sync keeps
 * existing cells (so editors keep their text and plots their pictures) and re-orders them.
 *
 * Start-up: new cells show their header (name, kind, state) at once; their bodies (editors,
 * plot views, tables: tens of milliseconds each) are built one at a time, top down, in an
 * idle callback after each painted frame — so the first frame lists every cell with its
 * state, and the window answers input between two bodies. A timeout stands in for the frame
 * when none comes (a hidden window). Bodies are built only while the notebook is mapped:
 * while the canvas shows instead, the rest wait for the notebook to show again.
 *
 * Cells get their node's state changes from the controller's "node-status" signal, and the
 * cell list follows its "graph-changed". */
#include "notebook.h"

#include "cell.h"

#include <adwaita.h>

struct _PkNotebook {
    GtkWidget parent_instance;
    GtkWidget *scroller;
    GtkWidget *box;
    PkController *ctl;
    PkGraph *graph;     /* the controller's */
    GHashTable *cells;  /* PkNodeId -> PkCell (borrowed: children of box) */
    guint body_idle;    /* builds the next missing cell body */
    guint body_timeout; /* the same when no frame is painted */
    PkNodeId scroll_to; /* a cell to bring into view once laid out */
    guint scroll_source, scroll_tries;
};

G_DEFINE_FINAL_TYPE(PkNotebook, pk_notebook, GTK_TYPE_WIDGET)

static void on_node_status(PkController *ctl, guint node, gpointer status, gpointer data) {
    (void)ctl;
    PkNotebook *notebook = data;
    PkCell *cell = g_hash_table_lookup(notebook->cells, GUINT_TO_POINTER(node));
    if (cell != NULL) {
        pk_cell_set_status(cell, status);
    }
}

static void on_graph_changed(PkController *ctl, gpointer data) {
    (void)ctl;
    pk_notebook_sync(data);
}

static gboolean body_timeout_fired(gpointer data);

static gboolean build_next_body(gpointer data) {
    PkNotebook *notebook = data;
    notebook->body_idle = 0;
    g_clear_handle_id(&notebook->body_timeout, g_source_remove);
    if (!gtk_widget_get_mapped(GTK_WIDGET(notebook))) {
        return G_SOURCE_REMOVE; /* another view shows (the canvas): go on when mapped */
    }
    GtkWidget *child = gtk_widget_get_first_child(notebook->box);
    while (child != NULL && pk_cell_has_body(PK_CELL(child))) {
        child = gtk_widget_get_next_sibling(child);
    }
    if (child == NULL) {
        return G_SOURCE_REMOVE;
    }
    pk_cell_build_body(PK_CELL(child));
    for (child = gtk_widget_get_next_sibling(child); child != NULL;
         child = gtk_widget_get_next_sibling(child)) {
        if (!pk_cell_has_body(PK_CELL(child))) {
            /* The next one after the frame this body is painted in (or a timeout). */
            notebook->body_timeout = g_timeout_add(150, body_timeout_fired, notebook);
            break;
        }
    }
    return G_SOURCE_REMOVE;
}

static void schedule_body(PkNotebook *notebook) {
    if (notebook->body_idle == 0) {
        /* Before the next frame (GDK_PRIORITY_REDRAW), after input: a window that keeps
         * painting (spinners) would otherwise starve a default idle. */
        notebook->body_idle =
            g_idle_add_full(G_PRIORITY_HIGH_IDLE, build_next_body, notebook, NULL);
    }
}

static gboolean body_timeout_fired(gpointer data) {
    PkNotebook *notebook = data;
    notebook->body_timeout = 0;
    schedule_body(notebook);
    return G_SOURCE_REMOVE;
}

static void on_after_paint(GdkFrameClock *clock, gpointer data) {
    (void)clock;
    PkNotebook *notebook = data;
    if (notebook->body_timeout != 0) {
        g_clear_handle_id(&notebook->body_timeout, g_source_remove);
        schedule_body(notebook);
    }
}

static void on_realize(GtkWidget *widget, gpointer data) {
    (void)data;
    g_signal_connect_object(gtk_widget_get_frame_clock(widget), "after-paint",
                            G_CALLBACK(on_after_paint), widget, 0);
}

void pk_notebook_forget_cells(PkNotebook *notebook, const PkNodeId *nodes, guint n) {
    for (guint i = 0; i < n; i++) {
        GtkWidget *cell = g_hash_table_lookup(notebook->cells, GUINT_TO_POINTER(nodes[i]));
        if (cell != NULL) {
            g_hash_table_remove(notebook->cells, GUINT_TO_POINTER(nodes[i]));
            gtk_box_remove(GTK_BOX(notebook->box), cell);
        }
    }
}

/* Every cell re-reads where it stands and what it reads (pk_cell_refresh). */
static void refresh_cells(PkNotebook *notebook) {
    GHashTableIter iter;
    gpointer cell;
    g_hash_table_iter_init(&iter, notebook->cells);
    while (g_hash_table_iter_next(&iter, NULL, &cell)) {
        pk_cell_refresh(cell);
    }
}

void pk_notebook_sync(PkNotebook *notebook) {
    guint n = 0;
    g_autofree PkNodeId *ids = pk_graph_list_nodes(notebook->graph, &n);
    g_autoptr(GHashTable) old = notebook->cells;
    notebook->cells = g_hash_table_new(NULL, NULL);
    /* Cells stay where they are and are only reordered: a widget taken out of the tree and put
     * back loses its actions in GTK 4.8 (the menu and ▶ of every cell went grey after an undo). */
    GtkWidget *previous = NULL;
    for (guint i = 0; i < n; i++) {
        GtkWidget *cell = g_hash_table_lookup(old, GUINT_TO_POINTER(ids[i]));
        if (cell == NULL) {
            cell = pk_cell_new(notebook->ctl, ids[i]);
            PkNodeStatus status = {0};
            pk_graph_get_status(notebook->graph, ids[i], &status);
            pk_cell_set_status(PK_CELL(cell), &status);
            pk_node_status_clear(&status);
            gtk_box_insert_child_after(GTK_BOX(notebook->box), cell, previous);
        } else {
            g_hash_table_remove(old, GUINT_TO_POINTER(ids[i]));
            if (gtk_widget_get_prev_sibling(cell) != previous) {
                gtk_box_reorder_child_after(GTK_BOX(notebook->box), cell, previous);
            }
        }
        g_hash_table_insert(notebook->cells, GUINT_TO_POINTER(ids[i]), cell);
        previous = cell;
    }
    GHashTableIter iter;
    gpointer gone;
    g_hash_table_iter_init(&iter, old);
    while (g_hash_table_iter_next(&iter, NULL, &gone)) {
        gtk_box_remove(GTK_BOX(notebook->box), gone);
    }
    refresh_cells(notebook);
    if (notebook->body_idle == 0 && notebook->body_timeout == 0) {
        notebook->body_timeout = g_timeout_add(150, body_timeout_fired, notebook);
    }
}

static void pk_notebook_init(PkNotebook *notebook) {
    notebook->cells = g_hash_table_new(NULL, NULL);
    notebook->scroller = gtk_scrolled_window_new();
    gtk_scrolled_window_set_policy(GTK_SCROLLED_WINDOW(notebook->scroller), GTK_POLICY_NEVER,
                                   GTK_POLICY_AUTOMATIC);
    gtk_widget_set_parent(notebook->scroller, GTK_WIDGET(notebook));
    notebook->box = gtk_box_new(GTK_ORIENTATION_VERTICAL, 14);
    gtk_widget_add_css_class(notebook->box, "pk-notebook");
    GtkWidget *clamp = adw_clamp_new();
    adw_clamp_set_maximum_size(ADW_CLAMP(clamp), 1100);
    adw_clamp_set_tightening_threshold(ADW_CLAMP(clamp), 800);
    adw_clamp_set_child(ADW_CLAMP(clamp), notebook->box);
    gtk_scrolled_window_set_child(GTK_SCROLLED_WINDOW(notebook->scroller), clamp);
    g_signal_connect(notebook, "realize", G_CALLBACK(on_realize), NULL);
}

static void pk_notebook_dispose(GObject *object) {
    PkNotebook *notebook = PK_NOTEBOOK(object);
    g_clear_handle_id(&notebook->body_idle, g_source_remove);
    g_clear_handle_id(&notebook->body_timeout, g_source_remove);
    g_clear_handle_id(&notebook->scroll_source, g_source_remove);
    if (notebook->ctl != NULL) {
        g_signal_handlers_disconnect_by_data(notebook->ctl, notebook);
    }
    g_clear_pointer(&notebook->scroller, gtk_widget_unparent);
    g_clear_pointer(&notebook->cells, g_hash_table_unref);
    g_clear_object(&notebook->ctl);
    G_OBJECT_CLASS(pk_notebook_parent_class)->dispose(object);
}

static void pk_notebook_map(GtkWidget *widget) {
    GTK_WIDGET_CLASS(pk_notebook_parent_class)->map(widget);
    schedule_body(PK_NOTEBOOK(widget));
}

static void pk_notebook_class_init(PkNotebookClass *klass) {
    G_OBJECT_CLASS(klass)->dispose = pk_notebook_dispose;
    GTK_WIDGET_CLASS(klass)->map = pk_notebook_map;
    gtk_widget_class_set_layout_manager_type(GTK_WIDGET_CLASS(klass), GTK_TYPE_BIN_LAYOUT);
}

GtkWidget *pk_notebook_new(PkController *ctl) {
    PkNotebook *notebook = g_object_new(PK_TYPE_NOTEBOOK, NULL);
    notebook->ctl = g_object_ref(ctl);
    notebook->graph = pk_controller_get_graph(ctl);
    g_signal_connect(ctl, "node-status", G_CALLBACK(on_node_status), notebook);
    g_signal_connect(ctl, "graph-changed", G_CALLBACK(on_graph_changed), notebook);
    pk_notebook_sync(notebook);
    return GTK_WIDGET(notebook);
}

PkController *pk_notebook_get_controller(PkNotebook *notebook) {
    return notebook->ctl;
}

/* Scrolls once the cell has its place (a new cell is laid out a few frames later); gives up
 * after about two seconds. */
static gboolean scroll_when_laid_out(gpointer data) {
    PkNotebook *notebook = data;
    PkCell *cell = g_hash_table_lookup(notebook->cells, GUINT_TO_POINTER(notebook->scroll_to));
    graphene_point_t top;
    gboolean placed =
        cell != NULL && gtk_widget_get_mapped(GTK_WIDGET(cell)) &&
        gtk_widget_get_height(GTK_WIDGET(cell)) > 0 &&
        gtk_widget_compute_point(GTK_WIDGET(cell), notebook->box, &GRAPHENE_POINT_INIT(0, 0), &top);
    if (!placed && ++notebook->scroll_tries < 40) {
        return G_SOURCE_CONTINUE;
    }
    if (placed) {
        GtkAdjustment *adj =
            gtk_scrolled_window_get_vadjustment(GTK_SCROLLED_WINDOW(notebook->scroller));
        gtk_adjustment_set_value(adj, MAX(top.y - 12, 0));
    }
    notebook->scroll_source = 0;
    return G_SOURCE_REMOVE;
}

void pk_notebook_scroll_to(PkNotebook *notebook, PkNodeId node) {
    g_return_if_fail(PK_IS_NOTEBOOK(notebook));
    notebook->scroll_to = node;
    notebook->scroll_tries = 0;
    if (notebook->scroll_source == 0) {
        notebook->scroll_source = g_timeout_add(50, scroll_when_laid_out, notebook);
    }
}

GPtrArray *pk_notebook_list_plot_views(PkNotebook *notebook, GArray *out_nodes) {
    GPtrArray *views = g_ptr_array_new();
    for (GtkWidget *child = gtk_widget_get_first_child(notebook->box); child != NULL;
         child = gtk_widget_get_next_sibling(child)) {
        GtkWidget *view = pk_cell_get_plot_view(PK_CELL(child));
        if (view != NULL) {
            PkNodeId node = pk_cell_get_node(PK_CELL(child));
            g_ptr_array_add(views, view);
            g_array_append_val(out_nodes, node);
        }
    }
    return views;
}

GtkWidget *pk_notebook_get_cell(PkNotebook *notebook, PkNodeId node) {
    return g_hash_table_lookup(notebook->cells, GUINT_TO_POINTER(node));
}

gboolean pk_notebook_is_built(PkNotebook *notebook) {
    for (GtkWidget *child = gtk_widget_get_first_child(notebook->box); child != NULL;
         child = gtk_widget_get_next_sibling(child)) {
        if (!pk_cell_has_body(PK_CELL(child))) {
            return FALSE;
        }
    }
    return TRUE;
}
