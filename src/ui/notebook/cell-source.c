/* cell-source.c — the body of a source cell: the file, its row count, and per column the type
 * and statistics (min, max, nulls, distinct values).
 *
 * Statistics come from pk_conn_column_stats on a GTask worker with its own connection, once
 * per imported value (value id); a newer request cancels the older one. The table is the
 * source's "table" parameter, or pika_src_<node name> for an imported file. */
#include "cell-bodies.h"

#include "dump-id.h"
#include "pika/data.h"
#include "report-view.h"
#include "status-bar.h"

struct _PkCellSource {
    GtkBox parent_instance;
    PkController *ctl; /* borrowed: outlives the cell */
    PkNodeId node;
    GtkWidget *summary;
    GtkWidget *report; /* the last import's skipped rows and column notes */
    GtkWidget *grid;
    guint64 shown_value;
    GCancellable *cancellable;
};

G_DEFINE_FINAL_TYPE(PkCellSource, pk_cell_source, GTK_TYPE_BOX)

typedef struct {
    PkDb *db;
    char *table;
    PkColumnStats *stats;
    guint n_columns;
} StatsJob;

static void stats_job_free(StatsJob *job) {
    g_free(job->table);
    pk_column_stats_free(job->stats, job->n_columns);
    g_free(job);
}

static void stats_thread(GTask *task, gpointer source, gpointer data, GCancellable *cancellable) {
    (void)source, (void)cancellable;
    StatsJob *job = data;
    GError *error = NULL;
    PkConn *conn = pk_db_connect(job->db, &error);
    gboolean ok = conn != NULL && pk_conn_column_stats(conn, job->table, NULL, &job->stats,
                                                       &job->n_columns, &error);
    pk_conn_close(conn);
    if (ok) {
        g_task_return_boolean(task, TRUE);
    } else {
        g_task_return_error(task, error);
    }
}

static void grid_cell(GtkWidget *grid, int col, int row, const char *text, gboolean header) {
    GtkWidget *label = gtk_label_new(text != NULL ? text : "—");
    gtk_label_set_xalign(GTK_LABEL(label), col >= 4 ? 1.0f : 0.0f);
    gtk_label_set_ellipsize(GTK_LABEL(label), PANGO_ELLIPSIZE_END);
    gtk_label_set_max_width_chars(GTK_LABEL(label), 28);
    gtk_widget_add_css_class(label, header ? "pk-grid-header" : "pk-grid-cell");
    if (col == 1 && !header) {
        gtk_widget_add_css_class(label, "dim-label");
    }
    gtk_grid_attach(GTK_GRID(grid), label, col, row, 1, 1);
}

static void show_stats(PkCellSource *cell, const StatsJob *job) {
    GtkWidget *child;
    while ((child = gtk_widget_get_first_child(cell->grid)) != NULL) {
        gtk_grid_remove(GTK_GRID(cell->grid), child);
    }
    const char *heads[] = {"Column", "Type", "Min", "Max", "Nulls", "Distinct"};
    for (int c = 0; c < 6; c++) {
        grid_cell(cell->grid, c, 0, heads[c], TRUE);
    }
    for (guint i = 0; i < job->n_columns; i++) {
        const PkColumnStats *s = &job->stats[i];
        g_autofree char *nulls = pk_format_count(s->n_nulls);
        g_autofree char *distinct = pk_format_count(s->approx_distinct);
        grid_cell(cell->grid, 0, (int)i + 1, s->name, FALSE);
        grid_cell(cell->grid, 1, (int)i + 1, s->type_name, FALSE);
        grid_cell(cell->grid, 2, (int)i + 1, s->min, FALSE);
        grid_cell(cell->grid, 3, (int)i + 1, s->max, FALSE);
        grid_cell(cell->grid, 4, (int)i + 1, nulls, FALSE);
        grid_cell(cell->grid, 5, (int)i + 1, distinct, FALSE);
    }
}

static void on_stats(GObject *source, GAsyncResult *result, gpointer data) {
    (void)source;
    g_autoptr(GError) error = NULL;
    if (!g_task_propagate_boolean(G_TASK(result), &error)) {
        if (!g_error_matches(error, G_IO_ERROR, G_IO_ERROR_CANCELLED)) {
            g_debug("column statistics: %s", error->message);
        }
        return;
    }
    show_stats(PK_CELL_SOURCE(data), g_task_get_task_data(G_TASK(result)));
}

static void request_stats(PkCellSource *cell) {
    PkGraph *graph = pk_controller_get_graph(cell->ctl);
    g_autoptr(GVariant) params = pk_graph_get_params(graph, cell->node);
    StatsJob *job = g_new0(StatsJob, 1);
    job->db = pk_controller_get_db(cell->ctl);
    const char *table = pk_params_get_string(params, "table", NULL);
    job->table = table != NULL
                     ? g_strdup(table)
                     : g_strdup_printf("pika_src_%s", pk_graph_get_name(graph, cell->node));
    g_cancellable_cancel(cell->cancellable);
    g_clear_object(&cell->cancellable);
    cell->cancellable = g_cancellable_new();
    /* The task's callback runs only while the cell lives: dispose cancels it, and a cancelled
     * GTask still calls back, so the callback holds the source object (the cell). */
    GTask *task = g_task_new(cell, cell->cancellable, on_stats, cell);
    g_task_set_task_data(task, job, (GDestroyNotify)stats_job_free);
    g_task_set_return_on_cancel(task, TRUE);
    g_task_run_in_thread(task, stats_thread);
    g_object_unref(task);
}

static void pk_cell_source_init(PkCellSource *cell) {
    gtk_orientable_set_orientation(GTK_ORIENTABLE(cell), GTK_ORIENTATION_VERTICAL);
    gtk_box_set_spacing(GTK_BOX(cell), 8);
}

static void pk_cell_source_dispose(GObject *object) {
    PkCellSource *cell = PK_CELL_SOURCE(object);
    g_cancellable_cancel(cell->cancellable);
    g_clear_object(&cell->cancellable);
    G_OBJECT_CLASS(pk_cell_source_parent_class)->dispose(object);
}

static void pk_cell_source_class_init(PkCellSourceClass *klass) {
    G_OBJECT_CLASS(klass)->dispose = pk_cell_source_dispose;
}

GtkWidget *pk_cell_source_new(PkController *ctl, PkNodeId node) {
    PkCellSource *cell = g_object_new(PK_TYPE_CELL_SOURCE, NULL);
    cell->ctl = ctl;
    cell->node = node;
    g_autoptr(GVariant) params = pk_graph_get_params(pk_controller_get_graph(ctl), node);
    const char *path = pk_params_get_string(params, "path", NULL);
    const char *table = pk_params_get_string(params, "table", NULL);
    cell->summary = gtk_label_new(path != NULL ? path : table);
    gtk_label_set_xalign(GTK_LABEL(cell->summary), 0.0f);
    gtk_label_set_ellipsize(GTK_LABEL(cell->summary), PANGO_ELLIPSIZE_MIDDLE);
    gtk_label_set_selectable(GTK_LABEL(cell->summary), TRUE);
    gtk_widget_add_css_class(cell->summary, "dim-label");
    gtk_box_append(GTK_BOX(cell), cell->summary);
    cell->report = pk_report_view_new();
    pk_dump_id_prefix(cell->report, pk_graph_get_name(pk_controller_get_graph(ctl), node));
    gtk_box_append(GTK_BOX(cell), cell->report);
    cell->grid = gtk_grid_new();
    gtk_grid_set_column_spacing(GTK_GRID(cell->grid), 18);
    gtk_grid_set_row_spacing(GTK_GRID(cell->grid), 3);
    gtk_box_append(GTK_BOX(cell), cell->grid);
    return GTK_WIDGET(cell);
}

void pk_cell_source_update(PkCellSource *cell, const PkNodeStatus *status) {
    if (status->state != PK_NODE_DONE) {
        return;
    }
    PkGraph *graph = pk_controller_get_graph(cell->ctl);
    g_autoptr(PkGraphValue) value = pk_graph_get_value(graph, cell->node);
    if (value == NULL || pk_graph_value_id(value) == cell->shown_value) {
        return;
    }
    cell->shown_value = pk_graph_value_id(value);
    g_autoptr(GVariant) params = pk_graph_get_params(graph, cell->node);
    const char *path = pk_params_get_string(params, "path", NULL);
    g_autofree char *rows = pk_format_count(pk_graph_value_n_rows(value));
    const char *const *columns = pk_graph_value_columns(value);
    g_autofree char *text =
        g_strdup_printf("%s · %s rows · %u columns", path != NULL ? path : "table", rows,
                        columns != NULL ? g_strv_length((char **)columns) : 0);
    gtk_label_set_text(GTK_LABEL(cell->summary), text);
    g_autoptr(GVariant) report = pk_graph_get_import_report(graph, cell->node);
    if (report != NULL) { /* kept from the import before (the cache gives none) */
        pk_report_view_show(cell->report, report, "bad row skipped", "bad rows skipped");
    }
    request_stats(cell);
}
