/* cell-query.c — the body of a query cell: an SQL editor (GtkSourceView, SQL highlighting),
 * the error of the last run under it, and the results table.
 *
 * Ctrl+Enter (or the cell's Run) writes the editor's text as the node's "sql" parameter and
 * evaluates the node. The editor holds the text being typed; the graph holds what runs. */
#include "cell-bodies.h"
#include "dump-id.h"

#include "words.h"

#include <adwaita.h>
#include <gtksourceview/gtksource.h>

struct _PkCellQuery {
    GtkBox parent_instance;
    PkController *ctl; /* borrowed: outlives the cell */
    PkNodeId node;
    GtkWidget *view;
    GtkWidget *error_label;
    GtkWidget *results;
};

G_DEFINE_FINAL_TYPE(PkCellQuery, pk_cell_query, GTK_TYPE_BOX)

/* The error above the results, which are greyed out while they are not this cell's. */
static void show_error(PkCellQuery *cell, const char *message) {
    g_autofree char *words = pk_ui_words(message);
    gtk_label_set_text(GTK_LABEL(cell->error_label), words != NULL ? words : "");
    gtk_widget_set_visible(cell->error_label, message != NULL);
    pk_cell_results_set_stale(cell->results, message != NULL);
}

static gboolean run_query(GtkWidget *widget, GVariant *args, gpointer data) {
    (void)widget, (void)args;
    PkCellQuery *cell = data;
    GtkTextBuffer *buffer = gtk_text_view_get_buffer(GTK_TEXT_VIEW(cell->view));
    GtkTextIter start, end;
    gtk_text_buffer_get_bounds(buffer, &start, &end);
    g_autofree char *sql = gtk_text_buffer_get_text(buffer, &start, &end, FALSE);
    PkGraph *graph = pk_controller_get_graph(cell->ctl);
    g_autoptr(GError) error = NULL;
    GVariant *params = pk_cell_params_with(graph, cell->node, "sql", g_variant_new_string(sql));
    if (!pk_controller_set_params(cell->ctl, cell->node, params, &error)) {
        show_error(cell, error->message);
        return TRUE;
    }
    show_error(cell, NULL);
    pk_controller_run(cell->ctl, cell->node);
    return TRUE;
}

/* The editor's colours follow the light or dark style. */
static void follow_style(AdwStyleManager *manager, GParamSpec *pspec, gpointer data) {
    (void)pspec;
    PkCellQuery *cell = data;
    GtkSourceStyleScheme *scheme = gtk_source_style_scheme_manager_get_scheme(
        gtk_source_style_scheme_manager_get_default(),
        adw_style_manager_get_dark(manager) ? "Adwaita-dark" : "Adwaita");
    GtkTextBuffer *buffer = gtk_text_view_get_buffer(GTK_TEXT_VIEW(cell->view));
    gtk_source_buffer_set_style_scheme(GTK_SOURCE_BUFFER(buffer), scheme);
}

static GtkWidget *build_editor(PkCellQuery *cell, const char *sql) {
    GtkSourceBuffer *buffer = gtk_source_buffer_new(NULL);
    GtkSourceLanguage *lang =
        gtk_source_language_manager_get_language(gtk_source_language_manager_get_default(), "sql");
    gtk_source_buffer_set_language(buffer, lang);
    gtk_source_buffer_set_highlight_syntax(buffer, TRUE);
    gtk_text_buffer_set_text(GTK_TEXT_BUFFER(buffer), sql, -1);
    cell->view = gtk_source_view_new_with_buffer(buffer);
    g_object_unref(buffer);
    gtk_text_view_set_monospace(GTK_TEXT_VIEW(cell->view), TRUE);
    gtk_text_view_set_top_margin(GTK_TEXT_VIEW(cell->view), 8);
    gtk_text_view_set_bottom_margin(GTK_TEXT_VIEW(cell->view), 8);
    gtk_text_view_set_left_margin(GTK_TEXT_VIEW(cell->view), 8);
    gtk_source_view_set_show_line_numbers(GTK_SOURCE_VIEW(cell->view), TRUE);
    gtk_source_view_set_highlight_current_line(GTK_SOURCE_VIEW(cell->view), FALSE);
    gtk_source_view_set_tab_width(GTK_SOURCE_VIEW(cell->view), 4);
    gtk_widget_set_tooltip_text(cell->view, "Ctrl+Enter runs the query");
    GtkEventController *shortcuts = gtk_shortcut_controller_new();
    gtk_event_controller_set_propagation_phase(shortcuts, GTK_PHASE_CAPTURE);
    gtk_shortcut_controller_add_shortcut(
        GTK_SHORTCUT_CONTROLLER(shortcuts),
        gtk_shortcut_new(gtk_shortcut_trigger_parse_string("<Control>Return|<Control>KP_Enter"),
                         gtk_callback_action_new(run_query, cell, NULL)));
    gtk_widget_add_controller(cell->view, shortcuts);
    AdwStyleManager *style = adw_style_manager_get_default();
    g_signal_connect_object(style, "notify::dark", G_CALLBACK(follow_style), cell, 0);
    follow_style(style, NULL, cell);
    GtkWidget *frame = gtk_frame_new(NULL);
    gtk_widget_add_css_class(frame, "pk-editor");
    gtk_frame_set_child(GTK_FRAME(frame), cell->view);
    return frame;
}

static void pk_cell_query_init(PkCellQuery *cell) {
    gtk_orientable_set_orientation(GTK_ORIENTABLE(cell), GTK_ORIENTATION_VERTICAL);
    gtk_box_set_spacing(GTK_BOX(cell), 8);
}

static void pk_cell_query_class_init(PkCellQueryClass *klass) {
    (void)klass;
}

GtkWidget *pk_cell_query_new(PkController *ctl, PkNodeId node) {
    PkCellQuery *cell = g_object_new(PK_TYPE_CELL_QUERY, NULL);
    PkGraph *graph = pk_controller_get_graph(ctl);
    cell->ctl = ctl;
    cell->node = node;
    g_autoptr(GVariant) params = pk_graph_get_params(graph, node);
    gtk_box_append(GTK_BOX(cell), build_editor(cell, pk_params_get_string(params, "sql", "")));
    cell->error_label = gtk_label_new(NULL);
    gtk_widget_add_css_class(cell->error_label, "error");
    gtk_label_set_wrap(GTK_LABEL(cell->error_label), TRUE);
    gtk_label_set_xalign(GTK_LABEL(cell->error_label), 0.0f);
    gtk_label_set_selectable(GTK_LABEL(cell->error_label), TRUE);
    gtk_widget_set_visible(cell->error_label, FALSE);
    gtk_box_append(GTK_BOX(cell), cell->error_label);
    cell->results = pk_cell_results_new(ctl);
    pk_dump_id(cell->view, "%s/sql", pk_graph_get_name(pk_controller_get_graph(ctl), node));
    pk_cell_results_name(cell->results, pk_graph_get_name(pk_controller_get_graph(ctl), node));
    gtk_box_append(GTK_BOX(cell), cell->results);
    return GTK_WIDGET(cell);
}

void pk_cell_query_update(PkCellQuery *cell, const PkNodeStatus *status) {
    if (status->state == PK_NODE_ERROR) {
        show_error(cell, status->message);
    } else if (status->state == PK_NODE_DONE) {
        show_error(cell, NULL);
        pk_cell_results_show(cell->results, pk_controller_get_graph(cell->ctl), cell->node);
    }
}
