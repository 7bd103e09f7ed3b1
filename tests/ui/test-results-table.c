/* test-results-table.c — PkResultsTable over a real in-memory DuckDB: a million rows scroll to
 * the end fetching only a few pages, sorting by a header re-queries, copying gives
 * tab-separated rows, export writes a file (and reports a refusal after lock-down).
 * Runs under a display (Xvfb); writes screenshots to $PIKA_BUILD_DIR/ui-shots (or /tmp). */
#include "pika-test.h"
#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "app.h"
#include "cell-bodies.h"
#include "pika/graph.h"
#include "results-table.h"
#include "ui-test-util.h"

#define N_ROWS 1000000

typedef struct {
    PkDb *db;
    GtkWidget *window;
    PkResultsTable *table;
} Fixture;

static gboolean header_loaded(gpointer data) {
    Fixture *f = data;
    gboolean loaded = FALSE;
    g_autofree char *cell = pk_results_table_dup_cell(f->table, 0, 0, &loaded);
    return loaded && gtk_widget_get_height(GTK_WIDGET(f->table)) > 0;
}

static void fixture_setup(Fixture *f, gconstpointer data) {
    (void)data;
    g_autoptr(GError) error = NULL;
    f->db = pk_db_open(NULL, NULL, &error);
    g_assert_no_error(error);
    g_autoptr(PkConn) conn = pk_db_connect(f->db, &error);
    g_assert_no_error(error);
    g_autofree char *sql =
        g_strdup_printf("CREATE TABLE t AS SELECT i AS id, i * 0.5 AS half, 'row ' || i AS label, "
                        "CASE WHEN i %% 7 = 0 THEN NULL ELSE i %% 100 END AS maybe, "
                        "DATE '2024-01-01' + CAST(i %% 365 AS INTEGER) AS day FROM range(%d) r(i)",
                        N_ROWS);
    g_assert_true(pk_conn_exec(conn, sql, NULL, &error));
    f->window = gtk_window_new();
    gtk_window_set_default_size(GTK_WINDOW(f->window), 900, 560);
    f->table = PK_RESULTS_TABLE(pk_results_table_new(f->db));
    gtk_window_set_child(GTK_WINDOW(f->window), GTK_WIDGET(f->table));
    gtk_window_present(GTK_WINDOW(f->window));
    pk_results_table_set_sql(f->table, "SELECT * FROM t", G_MAXUINT64);
    g_assert_true(ui_wait_for(header_loaded, f, 10000));
}

static void fixture_teardown(Fixture *f, gconstpointer data) {
    (void)data;
    gtk_window_destroy(GTK_WINDOW(f->window));
    ui_pump(50);
    pk_db_close(f->db);
}

typedef struct {
    Fixture *f;
    guint64 row;
} RowWait;

static gboolean row_loaded(gpointer data) {
    RowWait *w = data;
    gboolean loaded = FALSE;
    g_autofree char *cell = pk_results_table_dup_cell(w->f->table, w->row, 0, &loaded);
    return loaded;
}

static void test_counts_rows(Fixture *f, gconstpointer data) {
    (void)data;
    g_assert_cmpuint(pk_results_table_get_n_rows(f->table), ==, N_ROWS);
    g_autofree char *null_cell = NULL;
    gboolean loaded = FALSE;
    null_cell = pk_results_table_dup_cell(f->table, 7, 3, &loaded);
    g_assert_true(loaded);
    g_assert_null(null_cell); /* row 7: 7 % 7 == 0 -> NULL */
    GListModel *columns = gtk_column_view_get_columns(pk_results_table_get_view(f->table));
    g_assert_cmpuint(g_list_model_get_n_items(columns), ==, 5);
    g_autoptr(GtkColumnViewColumn) first = g_list_model_get_item(columns, 0);
    g_assert_cmpstr(gtk_column_view_column_get_title(first), ==, "id\nBIGINT");
    ui_pump(200);
    ui_save_shot(f->window, "results-table.png");
}

static void test_scroll_to_end(Fixture *f, gconstpointer data) {
    (void)data;
    GtkAdjustment *adj =
        gtk_scrolled_window_get_vadjustment(pk_results_table_get_scrolled(f->table));
    RowWait w = {f, N_ROWS - 1};
    gint64 end = g_get_monotonic_time() + 15 * G_USEC_PER_SEC;
    while (!row_loaded(&w) && g_get_monotonic_time() < end) {
        gtk_adjustment_set_value(adj,
                                 gtk_adjustment_get_upper(adj) - gtk_adjustment_get_page_size(adj));
        ui_pump(30);
    }
    g_assert_true(row_loaded(&w));
    g_autofree char *id = pk_results_table_dup_cell(f->table, N_ROWS - 1, 0, NULL);
    g_autofree char *label = pk_results_table_dup_cell(f->table, N_ROWS - 1, 2, NULL);
    g_assert_cmpstr(id, ==, "999999");
    g_assert_cmpstr(label, ==, "row 999999");
    guint pages = pk_results_table_get_n_pages_fetched(f->table);
    g_test_message("pages fetched for 1,000,000 rows: %u", pages);
    g_assert_cmpuint(pages, <=, 6);
    ui_save_shot(f->window, "results-table-end.png");
}

static void test_sort_by_header(Fixture *f, gconstpointer data) {
    (void)data;
    pk_results_table_sort(f->table, "id", TRUE);
    RowWait w = {f, 0};
    g_assert_true(ui_wait_for(row_loaded, &w, 10000));
    g_autofree char *first = pk_results_table_dup_cell(f->table, 0, 0, NULL);
    g_assert_cmpstr(first, ==, "999999");
    g_assert_nonnull(strstr(pk_results_table_get_sql(f->table), "FROM t"));
    /* A header click goes through the view's sorter the same way. */
    GListModel *columns = gtk_column_view_get_columns(pk_results_table_get_view(f->table));
    g_autoptr(GtkColumnViewColumn) label = g_list_model_get_item(columns, 2);
    gtk_column_view_sort_by_column(pk_results_table_get_view(f->table), label, GTK_SORT_ASCENDING);
    g_assert_true(ui_wait_for(row_loaded, &w, 10000));
    g_autofree char *by_label = pk_results_table_dup_cell(f->table, 0, 2, NULL);
    g_assert_cmpstr(by_label, ==, "row 0");
    ui_pump(100);
    ui_save_shot(f->window, "results-table-sorted.png");
}

static void on_text(GObject *clipboard, GAsyncResult *result, gpointer data) {
    char **out = data;
    *out = gdk_clipboard_read_text_finish(GDK_CLIPBOARD(clipboard), result, NULL);
    if (*out == NULL) {
        *out = g_strdup("");
    }
}

static gboolean is_set(gpointer data) {
    return *(char **)data != NULL;
}

static void test_copy_rows(Fixture *f, gconstpointer data) {
    (void)data;
    GtkSelectionModel *selection = pk_results_table_get_selection(f->table);
    gtk_selection_model_select_range(selection, 6, 2, TRUE);
    g_autofree char *text = pk_results_table_dup_selection_text(f->table);
    g_assert_cmpstr(text, ==, "6\t3.0\trow 6\t6\t2024-01-07\n7\t3.5\trow 7\t\t2024-01-08\n");
    pk_results_table_copy_selection(f->table);
    char *pasted = NULL;
    gdk_clipboard_read_text_async(gtk_widget_get_clipboard(GTK_WIDGET(f->table)), NULL, on_text,
                                  &pasted);
    g_assert_true(ui_wait_for(is_set, &pasted, 5000));
    g_assert_cmpstr(pasted, ==, text);
    g_free(pasted);
}

typedef struct {
    char *path, *error;
    gboolean done;
} Exported;

static void on_exported(PkResultsTable *table, const char *path, const char *error, gpointer data) {
    Exported *e = data;
    (void)table;
    e->path = g_strdup(path);
    e->error = g_strdup(error);
    e->done = TRUE;
}

static gboolean export_done(gpointer data) {
    return ((Exported *)data)->done;
}

static void test_export_and_refusal(Fixture *f, gconstpointer data) {
    (void)data;
    g_autofree char *dir = g_dir_make_tmp("pika-rt-XXXXXX", NULL);
    g_autofree char *path = g_build_filename(dir, "out.csv", NULL);
    Exported e = {0};
    g_signal_connect(f->table, "exported", G_CALLBACK(on_exported), &e);
    pk_results_table_set_sql(f->table, "SELECT id, label FROM t WHERE id < 3", 3);
    g_assert_true(ui_wait_for(header_loaded, f, 5000));
    pk_results_table_export(f->table, path, PK_DATA_FORMAT_AUTO);
    g_assert_true(ui_wait_for(export_done, &e, 10000));
    g_assert_null(e.error);
    g_autofree char *contents = NULL;
    g_assert_true(g_file_get_contents(path, &contents, NULL, NULL));
    g_assert_true(g_str_has_prefix(contents, "id,label\n0,row 0\n"));
    g_clear_pointer(&e.path, g_free);
    e.done = FALSE;
    /* A locked-down database (a workspace from elsewhere) still exports where the user
     * chose: the application writes the file, the SQL only produces rows. */
    g_autoptr(GError) error = NULL;
    g_assert_true(pk_db_lock_down(f->db, &error));
    g_unlink(path);
    pk_results_table_export(f->table, path, PK_DATA_FORMAT_CSV);
    g_assert_true(ui_wait_for(export_done, &e, 10000));
    g_assert_null(e.error);
    g_assert_true(g_file_test(path, G_FILE_TEST_IS_REGULAR));
    g_clear_pointer(&e.path, g_free);
    e.done = FALSE;
    /* A folder that does not exist is refused with a message naming it. */
    g_autofree char *missing = g_build_filename(dir, "nowhere", "out.csv", NULL);
    pk_results_table_export(f->table, missing, PK_DATA_FORMAT_CSV);
    g_assert_true(ui_wait_for(export_done, &e, 10000));
    g_assert_nonnull(e.error);
    g_test_message("refused: %s", e.error);
    g_assert_nonnull(strstr(e.error, "nowhere"));
    g_free(e.path);
    g_free(e.error);
    g_unlink(path);
    g_rmdir(dir);
}

/* The results under a query: while the source has a selection a switch shows only the selected
 * rows (the query's selected relation); without one the switch hides and every row is back. */
/* The switch is always there (a selection does not move the page), usable with a selection. */
static gboolean switch_shown(gpointer data) {
    GtkWidget *row = gtk_widget_get_parent(GTK_WIDGET(data));
    return gtk_widget_get_visible(row) && gtk_widget_get_sensitive(row);
}

static void test_filters_to_the_selection(Fixture *f, gconstpointer data) {
    (void)data;
    g_autoptr(GError) error = NULL;
    PkGraph *graph = pk_graph_new(f->db, NULL, NULL);
    PkNodeId src = pk_graph_add_node(graph, PK_NODE_SOURCE, "src",
                                     g_variant_new_parsed("{'table': <'t'>}"), &error);
    PkNodeId q = pk_graph_add_node(graph, PK_NODE_QUERY, "big",
                                   g_variant_new_parsed("{'sql': <'SELECT * FROM src WHERE id "
                                                        "< 500000'>}"),
                                   &error);
    g_assert_true(pk_graph_connect(graph, src, q, 0, &error));
    PkSelection sel = {
        .kind = PK_SELECTION_INTERVAL, .x_column = (char *)"id", .x0 = 100, .x1 = 350};
    g_assert_true(pk_graph_set_selection(graph, src, &sel, &error));
    g_assert_true(pk_graph_evaluate(graph, 0, &error));
    g_assert_no_error(error);
    PkController *ctl = pk_controller_new(graph, f->db, NULL);
    GtkWidget *results = pk_cell_results_new(ctl);
    gtk_window_set_child(GTK_WINDOW(f->window), results);
    pk_cell_results_show(results, graph, q);
    PkResultsTable *table = PK_RESULTS_TABLE(pk_cell_results_get_table(results));
    GtkWidget *only = pk_cell_results_get_switch(results);
    g_assert_true(switch_shown(only));
    g_assert_cmpuint(pk_results_table_get_n_rows(table), ==, 500000);
    gtk_switch_set_active(GTK_SWITCH(only), TRUE);
    Fixture view = *f;
    view.table = table;
    g_assert_true(ui_wait_for(header_loaded, &view, 10000));
    g_assert_cmpuint(pk_results_table_get_n_rows(table), ==, 250); /* counted on a worker */
    gboolean loaded = FALSE;
    g_autofree char *first = pk_results_table_dup_cell(table, 0, 0, &loaded);
    g_assert_cmpstr(first, ==, "100");
    ui_save_shot(f->window, "results-table-selected.png");
    /* The export menu says which rows it writes, and writes those: the selected rows, or the
     * whole result although only the selected rows are shown. */
    g_autofree char *dir = g_dir_make_tmp("pika-rt-XXXXXX", NULL);
    const gboolean wholes[] = {FALSE, TRUE};
    const guint lines[] = {251, 500001};
    for (guint i = 0; i < 2; i++) {
        g_autofree char *path = g_build_filename(dir, wholes[i] ? "all.csv" : "some.csv", NULL);
        Exported e = {0};
        gulong id = g_signal_connect(table, "exported", G_CALLBACK(on_exported), &e);
        pk_results_table_export_rows(table, path, PK_DATA_FORMAT_CSV, wholes[i]);
        g_assert_true(ui_wait_for(export_done, &e, 20000));
        g_signal_handler_disconnect(table, id);
        g_assert_null(e.error);
        g_autofree char *contents = NULL;
        g_assert_true(g_file_get_contents(path, &contents, NULL, NULL));
        guint n = 0;
        for (const char *c = contents; *c != '\0'; c++) {
            n += *c == '\n';
        }
        g_assert_cmpuint(n, ==, lines[i]);
        g_free(e.path);
        g_unlink(path);
    }
    g_rmdir(dir);
    g_assert_true(pk_graph_set_selection(graph, src, NULL, &error));
    g_assert_true(pk_graph_evaluate(graph, 0, &error));
    pk_cell_results_show(results, graph, q);
    g_assert_false(switch_shown(only));
    g_assert_cmpuint(pk_results_table_get_n_rows(table), ==, 500000);
    gtk_window_set_child(GTK_WINDOW(f->window), NULL);
    g_object_unref(ctl);
    pk_graph_free(graph);
}

int main(int argc, char **argv) {
    pk_app_choose_renderer(); /* as pika-plot does */
    g_test_init(&argc, &argv, NULL);
    gtk_init();
    adw_init();
    g_test_add("/ui/results-table/filters-to-the-selection", Fixture, NULL, fixture_setup,
               test_filters_to_the_selection, fixture_teardown);
    g_test_add("/ui/results-table/counts-rows-and-shows-types", Fixture, NULL, fixture_setup,
               test_counts_rows, fixture_teardown);
    g_test_add("/ui/results-table/scroll-to-end-fetches-few-pages", Fixture, NULL, fixture_setup,
               test_scroll_to_end, fixture_teardown);
    g_test_add("/ui/results-table/sort-by-header-requeries", Fixture, NULL, fixture_setup,
               test_sort_by_header, fixture_teardown);
    g_test_add("/ui/results-table/copy-rows-as-tab-separated", Fixture, NULL, fixture_setup,
               test_copy_rows, fixture_teardown);
    g_test_add("/ui/results-table/export-writes-also-when-locked", Fixture, NULL, fixture_setup,
               test_export_and_refusal, fixture_teardown);
    return pk_test_run();
}
