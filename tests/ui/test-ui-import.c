/* test-ui-import.c — the import dialog over real corpus files and a real graph: the preview
 * follows an option change, a type override and a name reach the source node's parameters,
 * the import makes the table, and a ragged file shows the inline error whose "Skip bad rows"
 * fix imports it. Runs under a display (Xvfb); screenshots go to $PIKA_BUILD_DIR/ui-shots. */
#include "pika-test.h"
#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "app.h"
#include "import-dialog.h"
#include "ui-test-util.h"

typedef struct {
    PkDb *db;
    PkGraph *graph;
    PkImportDialog *dialog;
    PkNodeId done_node;
    gboolean done;
} Fixture;

static char *corpus(const char *name) {
    const char *data = g_getenv("PIKA_TEST_DATA");
    return g_build_filename(data != NULL ? data : "tests/data", "corpus", name, NULL);
}

static void on_done(PkNodeId node, gpointer data) {
    Fixture *f = data;
    f->done = TRUE;
    f->done_node = node;
}

static gboolean idle(gpointer data) {
    Fixture *f = data;
    return f->done || !pk_import_dialog_is_busy(f->dialog);
}

static gboolean finished(gpointer data) {
    return ((Fixture *)data)->done;
}

static void open_dialog(Fixture *f, const char *file) {
    g_autoptr(GError) error = NULL;
    f->db = pk_db_open(NULL, NULL, &error);
    g_assert_no_error(error);
    f->graph = pk_graph_new(f->db, NULL, NULL);
    g_autofree char *path = corpus(file);
    const char *files[] = {path, NULL};
    f->dialog = pk_import_dialog_new(NULL, f->graph, files, on_done, f);
    gtk_window_present(GTK_WINDOW(f->dialog));
    g_assert_true(ui_wait_for(idle, f, 10000));
    g_assert_nonnull(pk_import_dialog_get_sniff(f->dialog));
}

static void close_fixture(Fixture *f) {
    if (!f->done) {
        gtk_window_close(GTK_WINDOW(f->dialog));
    }
    ui_pump(50);
    pk_graph_free(f->graph);
    pk_db_close(f->db);
}

static void test_semicolon_preview_options_and_import(void) {
    Fixture f = {0};
    open_dialog(&f, "semicolon-decimal-comma.csv");
    const PkSniffResult *sniff = pk_import_dialog_get_sniff(f.dialog);
    g_assert_cmpstr(sniff->delimiter, ==, ";");
    g_assert_cmpuint(sniff->preview->n_rows, ==, 3);
    g_assert_cmpstr(sniff->schema->columns[0].name, ==, "produkt");
    /* An option change re-sniffs and the preview follows. */
    guint before = pk_import_dialog_get_n_sniffs(f.dialog);
    g_assert_true(pk_import_dialog_set_option(f.dialog, "header", "none"));
    g_assert_true(ui_wait_for(idle, &f, 10000));
    g_assert_cmpuint(pk_import_dialog_get_n_sniffs(f.dialog), >, before);
    sniff = pk_import_dialog_get_sniff(f.dialog);
    g_assert_cmpuint(sniff->preview->n_rows, ==, 4);
    g_assert_cmpstr(sniff->schema->columns[0].name, !=, "produkt");
    g_assert_true(pk_import_dialog_set_option(f.dialog, "header", "first"));
    g_assert_true(ui_wait_for(idle, &f, 10000));
    g_assert_cmpstr(pk_import_dialog_get_sniff(f.dialog)->schema->columns[0].name, ==, "produkt");
    g_assert_false(pk_import_dialog_set_option(f.dialog, "no-such-option", "x"));
    /* Override a type, name the source, import. */
    g_assert_true(pk_import_dialog_set_column(f.dialog, "menge", TRUE, "DOUBLE"));
    g_assert_true(pk_import_dialog_set_option(f.dialog, "name", "prices"));
    ui_pump(100);
    ui_save_shot(GTK_WIDGET(f.dialog), "import-dialog.png");
    pk_import_dialog_start_import(f.dialog);
    g_assert_true(ui_wait_for(finished, &f, 20000));
    g_assert_cmpuint(f.done_node, !=, 0);
    g_assert_cmpuint(pk_graph_find(f.graph, "prices"), ==, f.done_node);
    g_autoptr(GVariant) params = pk_graph_get_params(f.graph, f.done_node);
    g_assert_cmpstr(pk_params_get_string(params, "header", NULL), ==, "first");
    g_assert_true(
        g_str_has_suffix(pk_params_get_string(params, "path", ""), "semicolon-decimal-comma.csv"));
    g_auto(GStrv) types = pk_params_get_strv(params, "column_types");
    g_assert_nonnull(types);
    g_assert_cmpstr(types[0], ==, "menge=DOUBLE");
    PkNodeStatus st = {0};
    pk_graph_get_status(f.graph, f.done_node, &st);
    g_assert_cmpint(st.state, ==, PK_NODE_DONE);
    g_assert_cmpuint(st.n_rows, ==, 3);
    pk_node_status_clear(&st);
    g_autoptr(GError) error = NULL;
    g_autoptr(PkConn) conn = pk_db_connect(f.db, &error);
    g_autoptr(PkSchema) schema = NULL;
    g_assert_true(pk_conn_describe_table(conn, "pika_src_prices", &schema, &error));
    int menge = pk_schema_find(schema, "menge");
    g_assert_cmpint(menge, >=, 0);
    g_assert_cmpstr(schema->columns[menge].type_name, ==, "DOUBLE");
    g_clear_pointer(&conn, pk_conn_close);
    close_fixture(&f);
}

static void test_ragged_shows_error_and_skip_fixes(void) {
    Fixture f = {0};
    open_dialog(&f, "ragged.csv");
    pk_import_dialog_start_import(f.dialog);
    g_assert_true(ui_wait_for(idle, &f, 20000));
    g_assert_false(f.done);
    const char *message = pk_import_dialog_get_error(f.dialog);
    g_assert_nonnull(message);
    g_test_message("inline error: %s", message);
    g_assert_nonnull(strstr(message, "line 8"));
    g_assert_true(pk_import_dialog_offers_skip_bad_rows(f.dialog));
    g_assert_cmpuint(pk_graph_n_nodes(f.graph), ==, 0); /* the failed source is not kept */
    ui_save_shot(GTK_WIDGET(f.dialog), "import-dialog-ragged.png");
    pk_import_dialog_apply_fix(f.dialog);
    g_assert_true(ui_wait_for(finished, &f, 20000));
    g_assert_cmpuint(f.done_node, !=, 0);
    g_autoptr(GVariant) params = pk_graph_get_params(f.graph, f.done_node);
    gboolean skip = FALSE;
    g_assert_true(pk_params_get_bool(params, "skip_bad_rows", FALSE, &skip, NULL));
    g_assert_true(skip);
    PkNodeStatus st = {0};
    pk_graph_get_status(f.graph, f.done_node, &st);
    g_assert_cmpint(st.state, ==, PK_NODE_DONE);
    g_assert_cmpuint(st.n_rows, ==, 19);
    pk_node_status_clear(&st);
    close_fixture(&f);
}

/* The error labels the dialog shows now, joined by newlines ("" when none). */
static char *shown_errors(Fixture *f) {
    ui_pump(50); /* a frame: visibility changes are drawn */
    g_auto(GStrv) labels = ui_dup_shown_labels(GTK_WIDGET(f->dialog), "error");
    return g_strjoinv("\n", labels);
}

static void test_invalid_name_blocks_import(void) {
    Fixture f = {0};
    open_dialog(&f, "crlf.csv");
    g_autofree char *before = shown_errors(&f);
    g_assert_cmpstr(before, ==, "");
    /* a word SQL reserves: the message says so, next to the name, and nothing is imported */
    g_assert_true(pk_import_dialog_set_option(f.dialog, "name", "select"));
    g_autofree char *shown = shown_errors(&f);
    g_assert_nonnull(strstr(shown, "'select' cannot name a node: it is a word SQL reserves."));
    g_assert_nonnull(strstr(shown, "e.g. select_1"));
    ui_save_shot(GTK_WIDGET(f.dialog), "import-invalid-name.png");
    pk_import_dialog_start_import(f.dialog);
    ui_pump(200);
    g_assert_false(f.done);
    g_assert_cmpuint(pk_graph_n_nodes(f.graph), ==, 0);
    /* a name that breaks the identifier rule says which rule */
    g_assert_true(pk_import_dialog_set_option(f.dialog, "name", "2024 sales"));
    g_autofree char *rule = shown_errors(&f);
    g_assert_nonnull(strstr(rule, "'2024 sales' is not a valid node name: use letters"));
    /* a valid name takes the message away */
    g_assert_true(pk_import_dialog_set_option(f.dialog, "name", "sales_2024"));
    g_autofree char *after = shown_errors(&f);
    g_assert_cmpstr(after, ==, "");
    close_fixture(&f);
    g_assert_true(f.done);
    g_assert_cmpuint(f.done_node, ==, 0); /* closing ends the dialog with no node */
}

int main(int argc, char **argv) {
    pk_app_choose_renderer(); /* as pika-plot does */
    g_test_init(&argc, &argv, NULL);
    gtk_init();
    adw_init();
    g_test_add_func("/ui/import/option-change-refreshes-preview-and-import-keeps-options",
                    test_semicolon_preview_options_and_import);
    g_test_add_func("/ui/import/ragged-file-shows-line-and-skip-bad-rows-fixes-it",
                    test_ragged_shows_error_and_skip_fixes);
    g_test_add_func("/ui/import/invalid-name-blocks-import", test_invalid_name_blocks_import);
    return pk_test_run();
}
