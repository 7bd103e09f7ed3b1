/* results-table-actions.c — what the results table does on request: copy cells and rows as
 * tab-separated text, and export the whole result (CSV, JSON, Parquet) to a chosen file.
 *
 * Actions (group "table"): copy (Ctrl+C: the selected rows), copy-cell and copy-row (the cell
 * under the context menu), export (parameter "csv", "json" or "parquet": asks for a file).
 * Copying a row whose page is not loaded fetches that page on the main thread (a user action
 * on a bounded range: at most MAX_COPY_ROWS rows are copied). */
#include "results-table-private.h"

#include <string.h>

#define MAX_COPY_ROWS 100000

/* Tabs and line breaks inside a cell would break the tab-separated layout. */
static void append_cell(GString *out, const char *text) {
    for (const char *p = text; p != NULL && *p != '\0'; p++) {
        g_string_append_c(out, (*p == '\t' || *p == '\n' || *p == '\r') ? ' ' : *p);
    }
}

static gboolean ensure_row(PkResultsTable *self, guint64 row, GError **error) {
    gboolean loaded = FALSE;
    g_autofree char *unused = pk_results_table_dup_cell(self, row, 0, &loaded);
    if (loaded) {
        return TRUE;
    }
    PkFetcher *fetcher = pk_results_table_get_fetcher(self);
    PkConn *conn = pk_fetcher_take_conn(fetcher, error);
    if (conn == NULL) {
        return FALSE;
    }
    guint page = (guint)(row / PK_RESULTS_TABLE_PAGE_ROWS);
    PkTextPage *text = NULL;
    gboolean ok = pk_conn_query_page(conn, pk_results_table_get_shown_sql(self),
                                     (guint64)page * PK_RESULTS_TABLE_PAGE_ROWS,
                                     PK_RESULTS_TABLE_PAGE_ROWS, NULL, &text, error);
    pk_fetcher_give_conn(fetcher, conn);
    if (ok) {
        pk_results_table_store_page(self, page, text);
    }
    return ok;
}

static gboolean append_row(PkResultsTable *self, GString *out, guint64 row, GError **error) {
    if (!ensure_row(self, row, error)) {
        return FALSE;
    }
    guint n_columns = pk_results_table_get_n_columns(self);
    for (guint c = 0; c < n_columns; c++) {
        g_autofree char *cell = pk_results_table_dup_cell(self, row, c, NULL);
        if (c > 0) {
            g_string_append_c(out, '\t');
        }
        append_cell(out, cell);
    }
    g_string_append_c(out, '\n');
    return TRUE;
}

char *pk_results_table_dup_selection_text(PkResultsTable *self) {
    g_return_val_if_fail(PK_IS_RESULTS_TABLE(self), NULL);
    GString *out = g_string_new(NULL);
    g_autoptr(GtkBitset) set =
        gtk_selection_model_get_selection(pk_results_table_get_selection(self));
    GtkBitsetIter it;
    guint row = 0, n = 0;
    g_autoptr(GError) error = NULL;
    gboolean more = gtk_bitset_iter_init_first(&it, set, &row);
    while (more && n < MAX_COPY_ROWS && append_row(self, out, row, &error)) {
        n++;
        more = gtk_bitset_iter_next(&it, &row);
    }
    if (error != NULL) {
        pk_results_table_toast(self, error->message);
    } else if (more) {
        pk_results_table_toast(self, "Copied the first 100,000 selected rows.");
    }
    return g_string_free(out, FALSE);
}

static void set_clipboard(PkResultsTable *self, const char *text) {
    gdk_clipboard_set_text(gtk_widget_get_clipboard(GTK_WIDGET(self)), text);
}

void pk_results_table_copy_selection(PkResultsTable *self) {
    g_return_if_fail(PK_IS_RESULTS_TABLE(self));
    g_autofree char *text = pk_results_table_dup_selection_text(self);
    if (text[0] != '\0') {
        set_clipboard(self, text);
    }
}

static void action_copy(GtkWidget *widget, const char *name, GVariant *param) {
    (void)name;
    (void)param;
    pk_results_table_copy_selection(PK_RESULTS_TABLE(widget));
}

static void action_copy_cell(GtkWidget *widget, const char *name, GVariant *param) {
    PkResultsTable *self = PK_RESULTS_TABLE(widget);
    (void)name;
    (void)param;
    guint row = 0, column = 0;
    pk_results_table_get_menu_cell(self, &row, &column);
    gboolean loaded = FALSE;
    g_autofree char *cell = pk_results_table_dup_cell(self, row, column, &loaded);
    if (loaded) {
        set_clipboard(self, cell != NULL ? cell : "");
    }
}

static void action_copy_row(GtkWidget *widget, const char *name, GVariant *param) {
    PkResultsTable *self = PK_RESULTS_TABLE(widget);
    (void)name;
    (void)param;
    guint row = 0, column = 0;
    pk_results_table_get_menu_cell(self, &row, &column);
    g_autoptr(GString) out = g_string_new(NULL);
    g_autoptr(GError) error = NULL;
    if (append_row(self, out, row, &error)) {
        g_string_truncate(out, out->len - 1); /* no trailing newline for one row */
        set_clipboard(self, out->str);
    } else {
        pk_results_table_toast(self, error->message);
    }
}

/* ---- export ------------------------------------------------------------------------------- */

/* Says how the export ended: in a toast of the table's own unless someone listens to
 * "exported" (the notebook shows it in the window's toasts, with the file's folder). */
static void on_exported(GObject *source, GAsyncResult *result, gpointer user_data) {
    PkResultsTable *self = PK_RESULTS_TABLE(source);
    g_autofree char *path = user_data;
    g_autoptr(GError) error = NULL;
    gboolean ok = g_task_propagate_boolean(G_TASK(result), &error);
    if (!g_signal_has_handler_pending(self, g_signal_lookup("exported", PK_TYPE_RESULTS_TABLE), 0,
                                      TRUE)) {
        g_autofree char *text = ok ? g_strdup_printf("Exported %s", path) : NULL;
        pk_results_table_toast_file(self, ok ? text : error->message, ok ? path : NULL);
    }
    pk_results_table_emit_exported(self, path, ok ? NULL : error->message);
}

void pk_results_table_export(PkResultsTable *self, const char *path, PkDataFormat format) {
    pk_results_table_export_rows(self, path, format, FALSE);
}

void pk_results_table_export_rows(PkResultsTable *self, const char *path, PkDataFormat format,
                                  gboolean whole) {
    g_return_if_fail(PK_IS_RESULTS_TABLE(self));
    g_return_if_fail(path != NULL);
    const char *whole_sql = pk_results_table_get_whole_sql(self);
    const char *sql = whole && whole_sql != NULL ? whole_sql : pk_results_table_get_shown_sql(self);
    if (sql == NULL) {
        pk_results_table_emit_exported(self, path, "There is no result to export.");
        return;
    }
    pk_fetcher_export(pk_results_table_get_fetcher(self), G_OBJECT(self), sql, path, format,
                      on_exported, g_strdup(path));
}

static void on_chooser_response(GtkNativeDialog *dialog, int response, gpointer user_data) {
    PkResultsTable *self = user_data;
    if (response == GTK_RESPONSE_ACCEPT) {
        g_autoptr(GFile) file = gtk_file_chooser_get_file(GTK_FILE_CHOOSER(dialog));
        g_autofree char *path = file != NULL ? g_file_get_path(file) : NULL;
        PkDataFormat format = GPOINTER_TO_INT(g_object_get_data(G_OBJECT(dialog), "format"));
        gboolean whole = GPOINTER_TO_INT(g_object_get_data(G_OBJECT(dialog), "whole"));
        if (path != NULL) {
            pk_results_table_export_rows(self, path, format, whole);
        }
    }
    gtk_native_dialog_destroy(dialog);
    g_object_unref(dialog);
    g_object_unref(self);
}

static void action_export(GtkWidget *widget, const char *name, GVariant *param) {
    PkResultsTable *self = PK_RESULTS_TABLE(widget);
    (void)name;
    /* "csv" (the rows shown) or "csv:whole" (the whole result, also while only the selected
     * rows are shown) */
    g_auto(GStrv) parts = g_strsplit(g_variant_get_string(param, NULL), ":", 2);
    PkDataFormat format = PK_DATA_FORMAT_CSV;
    if (!pk_data_format_from_name(parts[0], &format)) {
        return;
    }
    gboolean whole = parts[1] != NULL && g_str_equal(parts[1], "whole");
    const char *ext = format == PK_DATA_FORMAT_JSON      ? "json"
                      : format == PK_DATA_FORMAT_PARQUET ? "parquet"
                                                         : "csv";
    GtkRoot *root = gtk_widget_get_root(widget);
    GtkFileChooserNative *chooser =
        gtk_file_chooser_native_new("Export Result", GTK_IS_WINDOW(root) ? GTK_WINDOW(root) : NULL,
                                    GTK_FILE_CHOOSER_ACTION_SAVE, "_Export", "_Cancel");
    gboolean subset = !whole && pk_results_table_get_whole_sql(self) != NULL;
    g_autofree char *suggested = g_strdup_printf("%s.%s", subset ? "selected" : "result", ext);
    gtk_file_chooser_set_current_name(GTK_FILE_CHOOSER(chooser), suggested);
    gtk_native_dialog_set_modal(GTK_NATIVE_DIALOG(chooser), TRUE);
    g_object_set_data(G_OBJECT(chooser), "format", GINT_TO_POINTER(format));
    g_object_set_data(G_OBJECT(chooser), "whole", GINT_TO_POINTER(whole));
    g_signal_connect(chooser, "response", G_CALLBACK(on_chooser_response), g_object_ref(self));
    gtk_native_dialog_show(GTK_NATIVE_DIALOG(chooser));
}

void pk_results_table_install_actions(GtkWidgetClass *widget_class) {
    gtk_widget_class_install_action(widget_class, "table.copy", NULL, action_copy);
    gtk_widget_class_install_action(widget_class, "table.copy-cell", NULL, action_copy_cell);
    gtk_widget_class_install_action(widget_class, "table.copy-row", NULL, action_copy_row);
    gtk_widget_class_install_action(widget_class, "table.export", "s", action_export);
    gtk_widget_class_add_binding_action(widget_class, GDK_KEY_c, GDK_CONTROL_MASK, "table.copy",
                                        NULL);
}
