/* cell-export.c — the body of an export cell: the file it writes (relative to the export
 * folder) and a button that writes it. The path entry writes the "path" parameter when
 * activated or when Export is pressed; the toast says where the file went. */
#include "cell-bodies.h"
#include "dump-id.h"

struct _PkCellExport {
    GtkBox parent_instance;
    PkController *ctl; /* borrowed: outlives the cell */
    PkNodeId node;
    GtkWidget *input;
    GtkWidget *entry;
    gboolean waiting; /* a run started here: toast when it ends */
};

G_DEFINE_FINAL_TYPE(PkCellExport, pk_cell_export, GTK_TYPE_BOX)

static void on_export(GtkWidget *widget, gpointer data) {
    (void)widget;
    PkCellExport *cell = data;
    const char *path = gtk_editable_get_text(GTK_EDITABLE(cell->entry));
    g_autoptr(GError) error = NULL;
    GVariant *params = pk_cell_params_with(pk_controller_get_graph(cell->ctl), cell->node, "path",
                                           g_variant_new_string(path));
    if (!pk_controller_set_params(cell->ctl, cell->node, params, &error)) {
        pk_controller_toast(cell->ctl, error->message);
        return;
    }
    cell->waiting = TRUE;
    pk_controller_run(cell->ctl, cell->node);
}

static void pk_cell_export_init(PkCellExport *cell) {
    gtk_orientable_set_orientation(GTK_ORIENTABLE(cell), GTK_ORIENTATION_HORIZONTAL);
    gtk_box_set_spacing(GTK_BOX(cell), 8);
}

static void pk_cell_export_class_init(PkCellExportClass *klass) {
    (void)klass;
}

GtkWidget *pk_cell_export_new(PkController *ctl, PkNodeId node) {
    PkCellExport *cell = g_object_new(PK_TYPE_CELL_EXPORT, NULL);
    cell->ctl = ctl;
    cell->node = node;
    PkGraph *graph = pk_controller_get_graph(ctl);
    g_autoptr(GVariant) params = pk_graph_get_params(graph, node);
    GtkWidget *from = gtk_label_new("Export");
    gtk_widget_add_css_class(from, "dim-label");
    gtk_box_append(GTK_BOX(cell), from);
    cell->input = pk_cell_input_picker_new(ctl, node);
    pk_dump_id(cell->input, "%s/input", pk_graph_get_name(graph, node));
    gtk_box_append(GTK_BOX(cell), cell->input);
    GtkWidget *label = gtk_label_new("to file");
    gtk_widget_add_css_class(label, "dim-label");
    gtk_box_append(GTK_BOX(cell), label);
    cell->entry = gtk_entry_new();
    pk_dump_id(cell->entry, "%s/path", pk_graph_get_name(graph, node));
    gtk_editable_set_text(GTK_EDITABLE(cell->entry), pk_params_get_string(params, "path", ""));
    gtk_widget_set_hexpand(cell->entry, TRUE);
    g_autofree char *tip = g_strdup_printf("Written in %s (.csv, .json, .parquet; plots .png, "
                                           ".svg, .pdf)",
                                           pk_graph_get_export_dir(graph));
    gtk_widget_set_tooltip_text(cell->entry, tip);
    g_signal_connect(cell->entry, "activate", G_CALLBACK(on_export), cell);
    gtk_box_append(GTK_BOX(cell), cell->entry);
    GtkWidget *button = gtk_button_new_with_label("Export");
    pk_dump_id(button, "%s/export", pk_graph_get_name(graph, node));
    g_signal_connect(button, "clicked", G_CALLBACK(on_export), cell);
    gtk_box_append(GTK_BOX(cell), button);
    return GTK_WIDGET(cell);
}

void pk_cell_export_update(PkCellExport *cell, const PkNodeStatus *status) {
    if (!cell->waiting || (status->state != PK_NODE_DONE && status->state != PK_NODE_ERROR)) {
        return;
    }
    cell->waiting = FALSE;
    PkGraph *graph = pk_controller_get_graph(cell->ctl);
    g_autoptr(GVariant) params = pk_graph_get_params(graph, cell->node);
    g_autofree char *path = g_build_filename(pk_graph_get_export_dir(graph),
                                             pk_params_get_string(params, "path", ""), NULL);
    if (status->state == PK_NODE_DONE) {
        g_autofree char *text = g_strdup_printf("Exported %s", path);
        pk_controller_toast_file(cell->ctl, text, path);
    } else {
        g_autofree char *text = g_strdup_printf("Export failed: %s", status->message);
        pk_controller_toast(cell->ctl, text);
    }
}

void pk_cell_export_graph_changed(PkCellExport *cell) {
    pk_cell_input_picker_refresh(cell->input);
}
