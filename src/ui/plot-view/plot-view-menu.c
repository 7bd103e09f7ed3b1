/* plot-view-menu.c — the plot view's menu button: export the view (PNG, SVG, PDF at a chosen
 * size, prepared afresh at that size on the view's worker and drawn by pk_render_export) and
 * the data (CSV, JSON, Parquet: the plot's input relation, or its selected rows, through
 * pk_data_export on a GTask with a connection of its own). Formats follow the file name's
 * extension; the file chooser offers a size choice for images and, while there is a
 * selection, a choice of all rows or the selected ones for data. Results are reported through
 * the view's "message" signal (the window shows them as toasts). */
#include "pika/data.h"
#include "dump-id.h"
#include "plot-view-private.h"

typedef struct {
    PkDb *db;
    char *sql, *path;
} DataExport;

static void data_export_free(gpointer data) {
    DataExport *job = data;
    g_free(job->sql);
    g_free(job->path);
    g_free(job);
}

static void data_export_thread(GTask *task, gpointer source, gpointer data,
                               GCancellable *cancellable) {
    (void)source, (void)cancellable;
    DataExport *job = data;
    GError *error = NULL;
    g_autoptr(PkConn) conn = pk_db_connect(job->db, &error);
    if (conn != NULL && pk_data_export(conn, NULL, job->sql, job->path,
                                       pk_data_format_for_path(job->path), NULL, &error)) {
        g_task_return_boolean(task, TRUE);
        return;
    }
    g_task_return_error(task, error);
}

static void data_export_done(GObject *source, GAsyncResult *result, gpointer user_data) {
    (void)user_data;
    PkPlotView *view = PK_PLOT_VIEW(source);
    DataExport *job = g_task_get_task_data(G_TASK(result));
    g_autoptr(GError) error = NULL;
    g_task_propagate_boolean(G_TASK(result), &error);
    pk_plot_view_take_export(view, job->path, error);
}

/* rows: "selected" exports the selected relation (when there is a selection), else all. */
static void export_data(PkPlotView *view, const char *path, const char *rows) {
    const char *selected = pk_plot_view_get_selected_sql(view);
    const char *sql = g_strcmp0(rows, "selected") == 0 && selected != NULL
                          ? selected
                          : pk_plot_view_get_sql(view);
    if (sql == NULL) {
        return;
    }
    DataExport *job = g_new0(DataExport, 1);
    job->db = pk_plot_view_get_db(view);
    job->sql = g_strdup(sql);
    job->path = g_strdup(path);
    g_autoptr(GTask) task = g_task_new(view, NULL, data_export_done, NULL);
    g_task_set_task_data(task, job, data_export_free);
    g_task_run_in_thread(task, data_export_thread);
}

static void export_view(PkPlotView *view, const char *path, const char *size) {
    double w = gtk_widget_get_width(GTK_WIDGET(view)), h = gtk_widget_get_height(GTK_WIDGET(view));
    if (size != NULL && g_strcmp0(size, "current") != 0) {
        sscanf(size, "%lfx%lf", &w, &h);
    }
    double v[4];
    pk_plot_view_get_view(view, v);
    pk_view_worker_export(pk_plot_view_get_worker(view), v, path, w, h, 1.0);
}

static void on_chooser_response(GtkNativeDialog *dialog, int response, gpointer data) {
    PkPlotView *view = PK_PLOT_VIEW(data);
    gboolean images = GPOINTER_TO_INT(g_object_get_data(G_OBJECT(dialog), "images"));
    if (response == GTK_RESPONSE_ACCEPT) {
        g_autoptr(GFile) file = gtk_file_chooser_get_file(GTK_FILE_CHOOSER(dialog));
        g_autofree char *path = g_file_get_path(file);
        if (images) {
            export_view(view, path, gtk_file_chooser_get_choice(GTK_FILE_CHOOSER(dialog), "size"));
        } else {
            export_data(view, path, gtk_file_chooser_get_choice(GTK_FILE_CHOOSER(dialog), "rows"));
        }
    }
    g_object_unref(dialog);
    g_object_unref(view);
}

static void choose_file(PkPlotView *view, gboolean images) {
    GtkRoot *root = gtk_widget_get_root(GTK_WIDGET(view));
    GtkFileChooserNative *dialog =
        gtk_file_chooser_native_new(images ? "Export the View" : "Export the Data",
                                    GTK_IS_WINDOW(root) ? GTK_WINDOW(root) : NULL,
                                    GTK_FILE_CHOOSER_ACTION_SAVE, "_Export", "_Cancel");
    GtkFileChooser *chooser = GTK_FILE_CHOOSER(dialog);
    gtk_file_chooser_set_current_name(chooser, images ? "plot.png" : "data.csv");
    if (images) {
        const char *ids[] = {"current", "1280x720", "1920x1080", "3840x2160", NULL};
        const char *labels[] = {"As shown", "1280 × 720", "1920 × 1080", "3840 × 2160", NULL};
        gtk_file_chooser_add_choice(chooser, "size", "Size", ids, labels);
        gtk_file_chooser_set_choice(chooser, "size", "current");
    } else if (pk_plot_view_get_selected_sql(view) != NULL) {
        const char *ids[] = {"all", "selected", NULL};
        const char *labels[] = {"All rows", "Selected rows", NULL};
        gtk_file_chooser_add_choice(chooser, "rows", "Rows", ids, labels);
        gtk_file_chooser_set_choice(chooser, "rows", "all");
    }
    g_object_set_data(G_OBJECT(dialog), "images", GINT_TO_POINTER(images));
    g_signal_connect(dialog, "response", G_CALLBACK(on_chooser_response), g_object_ref(view));
    gtk_native_dialog_show(GTK_NATIVE_DIALOG(dialog));
}

static void action_export_view(GtkWidget *widget, const char *name, GVariant *param) {
    (void)name, (void)param;
    choose_file(PK_PLOT_VIEW(widget), TRUE);
}

static void action_export_data(GtkWidget *widget, const char *name, GVariant *param) {
    (void)name, (void)param;
    choose_file(PK_PLOT_VIEW(widget), FALSE);
}

static void action_reset(GtkWidget *widget, const char *name, GVariant *param) {
    (void)name, (void)param;
    pk_plot_view_reset(PK_PLOT_VIEW(widget));
}

void pk_plot_view_menu_class_init(GtkWidgetClass *klass) {
    gtk_widget_class_install_action(klass, "plot.export-view", NULL, action_export_view);
    gtk_widget_class_install_action(klass, "plot.export-data", NULL, action_export_data);
    gtk_widget_class_install_action(klass, "plot.reset", NULL, action_reset);
}

GtkWidget *pk_plot_view_menu_new(PkPlotView *view) {
    g_autoptr(GMenu) menu = g_menu_new();
    g_menu_append(menu, "Reset View", "plot.reset");
    g_menu_append(menu, "Export View…", "plot.export-view");
    g_menu_append(menu, "Export Data…", "plot.export-data");
    GtkWidget *button = gtk_menu_button_new();
    gtk_menu_button_set_icon_name(GTK_MENU_BUTTON(button), "view-more-symbolic");
    gtk_menu_button_set_menu_model(GTK_MENU_BUTTON(button), G_MENU_MODEL(menu));
    gtk_widget_add_css_class(button, "flat");
    gtk_widget_set_tooltip_text(button, "Plot menu");
    pk_dump_id(button, "%s/view-menu",
               pk_graph_get_name(pk_plot_view_get_graph(view), pk_plot_view_get_node(view)));
    return button;
}
