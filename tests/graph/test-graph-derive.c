/* test-graph-derive.c — a query reads every node its SQL names (derived inputs) on a real
 * in-memory DuckDB: edges that follow the SQL and the node names, wired edges that stay,
 * cycles refused naming their nodes, evaluation of nodes nobody wired, undo and redo, and
 * workspace files that keep only the wired edges. */
#include "pika-test.h"
#include "graph-test-util.h"
#include "pika/data.h"
#include "pika/error.h"
#include "pika/graph.h"
#include "pika/history.h"
#include "pika/workspace.h"

#include <string.h>

typedef struct {
    PkDb *db;
    PkGraph *graph;
    PkHistory *history;
    PkNodeId sales, region;
} Fixture;

#define params1 graph_test_params1

static void fixture_setup(Fixture *f, gconstpointer data) {
    (void)data;
    g_autoptr(GError) error = NULL;
    f->db = pk_db_open(NULL, NULL, &error);
    g_assert_no_error(error);
    PkConn *conn = pk_db_connect(f->db, &error);
    g_assert_no_error(error);
    g_assert_true(pk_conn_exec(conn,
                               "CREATE TABLE t_sales AS SELECT i AS id, i * 10 AS amount "
                               "FROM range(6) r(i); "
                               "CREATE TABLE t_region AS SELECT i AS id, 'r' || i AS name "
                               "FROM range(4) r(i)",
                               NULL, &error));
    g_assert_no_error(error);
    pk_conn_close(conn);
    f->graph = pk_graph_new(f->db, NULL, NULL);
    f->sales = graph_test_add(f->graph, PK_NODE_SOURCE, "sales", params1("table", "t_sales"));
    f->region = graph_test_add(f->graph, PK_NODE_SOURCE, "region", params1("table", "t_region"));
    f->history = pk_history_new(f->graph, 0);
}

static void fixture_teardown(Fixture *f, gconstpointer data) {
    (void)data;
    pk_history_free(f->history);
    pk_graph_free(f->graph);
    pk_db_close(f->db);
}

static PkNodeId add_query(Fixture *f, const char *name, const char *sql) {
    return graph_test_add(f->graph, PK_NODE_QUERY, name, params1("sql", sql));
}

static void set_sql(Fixture *f, PkNodeId id, const char *sql) {
    g_autoptr(GError) error = NULL;
    g_assert_true(pk_graph_set_params(f->graph, id, params1("sql", sql), &error));
    g_assert_no_error(error);
}

/* The node's inputs as "name name*" (a star marks a derived input). */
static char *inputs_of(Fixture *f, PkNodeId id) {
    GString *text = g_string_new(NULL);
    for (guint p = 0; p < pk_graph_n_inputs(f->graph, id); p++) {
        g_string_append_printf(text, "%s%s%s", p > 0 ? " " : "",
                               pk_graph_get_name(f->graph, pk_graph_get_input(f->graph, id, p)),
                               pk_graph_input_is_derived(f->graph, id, p) ? "*" : "");
    }
    return g_string_free(text, FALSE);
}

#define assert_inputs(f, id, expected)                                                             \
    do {                                                                                           \
        g_autofree char *got_ = inputs_of(f, id);                                                  \
        g_assert_cmpstr(got_, ==, expected);                                                       \
    } while (0)

static void evaluate_ok(Fixture *f, PkNodeId target) {
    g_autoptr(GError) error = NULL;
    g_assert_true(pk_graph_evaluate(f->graph, target, &error));
    g_assert_no_error(error);
}

static gboolean is_dirty(Fixture *f, PkNodeId id) {
    PkNodeStatus st;
    pk_graph_get_status(f->graph, id, &st);
    gboolean dirty = st.dirty;
    pk_node_status_clear(&st);
    return dirty;
}

/* ---- tests ---------------------------------------------------------------------------------- */

static void test_edges_follow_sql(Fixture *f, gconstpointer data) {
    (void)data;
    PkNodeId q = add_query(f, "q", "SELECT * FROM sales");
    assert_inputs(f, q, "sales*");
    set_sql(f, q, "SELECT * FROM sales JOIN Region USING (id)"); /* names ignore case */
    assert_inputs(f, q, "sales* region*");
    set_sql(f, q,
            "SELECT * FROM region WHERE id IN (SELECT id FROM sales) UNION "
            "SELECT * FROM region");
    assert_inputs(f, q, "region* sales*");
    set_sql(f, q, "SELECT * FROM region");
    assert_inputs(f, q, "region*");
    set_sql(f, q, "SELECT 1 AS one");
    assert_inputs(f, q, "");
    /* SQL that does not parse is kept (the evaluation says what is wrong) and reads nothing. */
    set_sql(f, q, "SELECT * FRM sales");
    assert_inputs(f, q, "");
    g_autoptr(GError) error = NULL;
    g_assert_false(pk_graph_evaluate(f->graph, q, &error));
    PkNodeStatus st;
    pk_graph_get_status(f->graph, q, &st);
    g_test_message("%s", st.message);
    g_assert_nonnull(strstr(st.message, "syntax error"));
    pk_node_status_clear(&st);
}

static void test_ctes_columns_and_other_names(Fixture *f, gconstpointer data) {
    (void)data;
    /* A CTE named like a node hides it; a column named like a node is a column; a qualified
     * name is a database table, not a node; a plot or note is not a table. */
    graph_test_add(f->graph, PK_NODE_NOTE, "notes", params1("text", "hello"));
    PkNodeId q = add_query(f, "q",
                           "WITH sales AS (SELECT id, name AS sales FROM region) "
                           "SELECT sales, sales.id FROM sales JOIN main.t_sales USING (id), "
                           "notes");
    assert_inputs(f, q, "region*");
}

static void test_added_renamed_and_removed_nodes(Fixture *f, gconstpointer data) {
    (void)data;
    PkNodeId q = add_query(f, "q", "SELECT * FROM later JOIN sales USING (id)");
    assert_inputs(f, q, "sales*");
    PkNodeId later = add_query(f, "later", "SELECT id FROM region");
    assert_inputs(f, q, "later* sales*"); /* in the order the SQL names them */
    g_assert_true(pk_graph_rename(f->graph, later, "other", NULL));
    assert_inputs(f, q, "sales*");
    g_assert_true(pk_graph_rename(f->graph, later, "LATER", NULL));
    assert_inputs(f, q, "LATER* sales*");
    g_assert_true(pk_graph_remove_node(f->graph, f->sales, NULL));
    assert_inputs(f, q, "LATER*");
}

static void test_wired_edges_stay(Fixture *f, gconstpointer data) {
    (void)data;
    PkNodeId q = add_query(f, "q", "SELECT * FROM sales");
    g_autoptr(GError) error = NULL;
    g_assert_true(pk_graph_connect(f->graph, f->region, q, pk_graph_n_inputs(f->graph, q), &error));
    g_assert_no_error(error);
    assert_inputs(f, q, "region sales*"); /* wired inputs come first */
    set_sql(f, q, "SELECT 1 AS one");
    assert_inputs(f, q, "region");
    /* Wiring a node the SQL names makes its edge a wired one. */
    set_sql(f, q, "SELECT * FROM sales JOIN region USING (id)");
    assert_inputs(f, q, "region sales*");
    g_assert_true(pk_graph_connect(f->graph, f->sales, q, pk_graph_n_inputs(f->graph, q), &error));
    assert_inputs(f, q, "region sales");
    /* Unwiring it while the SQL names it leaves it derived. */
    g_assert_true(pk_graph_disconnect(f->graph, q, 1, &error));
    g_assert_no_error(error);
    assert_inputs(f, q, "region sales*");
    /* A derived input cannot be disconnected: the SQL says what the query reads. */
    g_assert_false(pk_graph_disconnect(f->graph, q, 1, &error));
    g_assert_error(error, PK_ERROR, PK_ERROR_INVALID);
    g_assert_nonnull(strstr(error->message, "'sales' is an input of 'q' because its SQL names it"));
    assert_inputs(f, q, "region sales*");
}

static void assert_cycle_error(GError *error, const char *piece) {
    g_assert_error(error, PK_ERROR, PK_ERROR_INVALID);
    g_test_message("%s", error->message);
    g_assert_nonnull(strstr(error->message, "would make a cycle"));
    g_assert_nonnull(strstr(error->message, piece));
}

static void test_cycle_refused(Fixture *f, gconstpointer data) {
    (void)data;
    PkNodeId q1 = add_query(f, "q1", "SELECT * FROM sales");
    PkNodeId q2 = add_query(f, "q2", "SELECT * FROM q1");
    /* The SQL change that closes a cycle is refused; the query keeps its SQL and inputs. */
    g_autoptr(GError) error = NULL;
    g_assert_false(pk_graph_set_params(f->graph, q1, params1("sql", "SELECT * FROM q2"), &error));
    assert_cycle_error(error, "'q1' reads 'q2', 'q2' reads 'q1'");
    g_autoptr(GVariant) params = pk_graph_get_params(f->graph, q1);
    g_assert_cmpstr(pk_params_get_string(params, "sql", NULL), ==, "SELECT * FROM sales");
    assert_inputs(f, q1, "sales*");
    assert_inputs(f, q2, "q1*");
    /* A query naming itself. */
    g_clear_error(&error);
    g_assert_false(pk_graph_set_params(f->graph, q2, params1("sql", "SELECT * FROM q2"), &error));
    assert_cycle_error(error, "'q2' reads 'q2'");
    /* A node whose SQL closes a cycle is not added. */
    PkNodeId q3 = add_query(f, "q3", "SELECT * FROM q4");
    g_clear_error(&error);
    g_assert_cmpuint(pk_graph_add_node(f->graph, PK_NODE_QUERY, "q4",
                                       params1("sql", "SELECT * FROM q3"), &error),
                     ==, 0);
    assert_cycle_error(error, "'q3' reads 'q4'");
    g_assert_cmpuint(pk_graph_find(f->graph, "q4"), ==, 0);
    assert_inputs(f, q3, "");
    /* Nor is a rename that makes a query read its own reader. */
    PkNodeId q5 = add_query(f, "q5", "SELECT * FROM q3");
    g_clear_error(&error);
    g_assert_false(pk_graph_rename(f->graph, q5, "q4", &error));
    assert_cycle_error(error, "'q3' reads 'q4', 'q4' reads 'q3'");
    g_assert_cmpstr(pk_graph_get_name(f->graph, q5), ==, "q5");
    assert_inputs(f, q3, "");
    /* Another node may take the name: q3 reads it from then on. */
    g_assert_true(pk_graph_rename(f->graph, q2, "q4", NULL));
    assert_inputs(f, q3, "q4*");
    /* A wired edge against the derived ones is refused as before. */
    g_clear_error(&error);
    g_assert_false(pk_graph_connect(f->graph, q2, q1, 0, &error));
    g_assert_error(error, PK_ERROR, PK_ERROR_INVALID);
    g_assert_nonnull(strstr(error->message, "would make a cycle"));
}

static void test_evaluation_reads_unwired_nodes(Fixture *f, gconstpointer data) {
    (void)data;
    PkNodeId q1 = add_query(f, "q1", "SELECT * FROM sales WHERE id < 4");
    PkNodeId q2 = add_query(f, "q2", "SELECT q1.id, amount, name FROM q1 JOIN region USING (id)");
    evaluate_ok(f, q2);
    g_autoptr(PkGraphValue) value = pk_graph_get_value(f->graph, q2);
    g_assert_nonnull(value);
    g_assert_cmpuint(pk_graph_value_n_rows(value), ==, 4);
    g_assert_cmpstr(pk_graph_value_columns(value)[2], ==, "name");
    /* A change upstream of a derived edge makes the reader dirty, and it reads the change. */
    set_sql(f, q1, "SELECT * FROM sales WHERE id < 2");
    g_assert_true(is_dirty(f, q2));
    evaluate_ok(f, q2);
    g_autoptr(PkGraphValue) again = pk_graph_get_value(f->graph, q2);
    g_assert_cmpuint(pk_graph_value_n_rows(again), ==, 2);
    /* A name that is not a node still fails, saying which names the query can read. */
    set_sql(f, q2, "SELECT * FROM nowhere JOIN q1 USING (id)");
    g_autoptr(GError) error = NULL;
    g_assert_false(pk_graph_evaluate(f->graph, q2, &error));
    PkNodeStatus st;
    pk_graph_get_status(f->graph, q2, &st);
    g_test_message("%s", st.message);
    g_assert_nonnull(strstr(st.message, "nowhere"));
    g_assert_nonnull(strstr(st.message, "q1"));
    pk_node_status_clear(&st);
}

static char *json(Fixture *f) {
    g_autoptr(GError) error = NULL;
    char *text = pk_workspace_to_json(f->graph, NULL, NULL, &error);
    g_assert_no_error(error);
    return text;
}

static void undo_ok(Fixture *f) {
    g_autoptr(GError) error = NULL;
    g_assert_true(pk_history_undo(f->history, &error));
    g_assert_no_error(error);
}

static void redo_ok(Fixture *f) {
    g_autoptr(GError) error = NULL;
    g_assert_true(pk_history_redo(f->history, &error));
    g_assert_no_error(error);
}

static void test_undo_redo(Fixture *f, gconstpointer data) {
    (void)data;
    PkNodeId q1 = add_query(f, "q1", "SELECT * FROM sales");
    PkNodeId q2 = add_query(f, "q2", "SELECT * FROM q1");
    pk_history_reset(f->history);
    g_autofree char *before = json(f);
    /* Turn the chain around: q1 reads q2, which reads region. On the way back (undo) and
     * forth again (redo), a state in between has each naming the other. */
    set_sql(f, q2, "SELECT * FROM region");
    set_sql(f, q1, "SELECT * FROM q2");
    g_assert_true(pk_history_commit(f->history, "Edit SQL"));
    g_autofree char *after = json(f);
    assert_inputs(f, q1, "q2*");
    assert_inputs(f, q2, "region*");
    undo_ok(f);
    assert_inputs(f, q1, "sales*");
    assert_inputs(f, q2, "q1*");
    g_autofree char *undone = json(f);
    g_assert_cmpstr(undone, ==, before);
    redo_ok(f);
    assert_inputs(f, q1, "q2*");
    assert_inputs(f, q2, "region*");
    g_autofree char *redone = json(f);
    g_assert_cmpstr(redone, ==, after);
    /* Removing a node takes its derived edges; undoing brings them back, still derived. */
    g_assert_true(pk_graph_remove_node(f->graph, f->region, NULL));
    g_assert_true(pk_history_commit(f->history, "Delete"));
    assert_inputs(f, q2, "");
    undo_ok(f);
    assert_inputs(f, q2, "region*");
    /* Wired and derived inputs together. */
    g_assert_true(pk_graph_connect(f->graph, f->sales, q2, 0, NULL));
    g_assert_true(pk_history_commit(f->history, "Connect"));
    assert_inputs(f, q2, "sales region*");
    undo_ok(f);
    assert_inputs(f, q2, "region*");
    redo_ok(f);
    assert_inputs(f, q2, "sales region*");
    g_assert_false(pk_history_can_redo(f->history));
}

static void test_undo_restores_evaluation(Fixture *f, gconstpointer data) {
    (void)data;
    PkNodeId q = add_query(f, "q", "SELECT * FROM sales");
    evaluate_ok(f, q);
    pk_history_reset(f->history);
    set_sql(f, q, "SELECT * FROM region");
    g_assert_true(pk_history_commit(f->history, "Edit SQL"));
    evaluate_ok(f, q);
    undo_ok(f);
    g_assert_true(is_dirty(f, q));
    evaluate_ok(f, q);
    g_autoptr(PkGraphValue) value = pk_graph_get_value(f->graph, q);
    g_assert_cmpuint(pk_graph_value_n_rows(value), ==, 6); /* sales again */
}

static void test_workspace_keeps_wired_edges_only(Fixture *f, gconstpointer data) {
    (void)data;
    PkNodeId q = add_query(f, "q", "SELECT * FROM sales JOIN region USING (id)");
    g_assert_true(pk_graph_connect(f->graph, f->region, q, 0, NULL));
    assert_inputs(f, q, "region sales*");
    g_autofree char *text = json(f);
    g_assert_nonnull(strstr(text, "{\"from\": \"region\", \"to\": \"q\", \"port\": 0}"));
    g_assert_null(strstr(text, "{\"from\": \"sales\""));
    /* Loading derives the rest again. */
    PkGraph *loaded = pk_graph_new(f->db, NULL, NULL);
    g_autoptr(GError) error = NULL;
    g_assert_true(pk_workspace_load_data(loaded, text, strlen(text), "test.pika", &error));
    g_assert_no_error(error);
    PkNodeId lq = pk_graph_find(loaded, "q");
    g_assert_cmpuint(pk_graph_n_inputs(loaded, lq), ==, 2);
    g_assert_cmpstr(pk_graph_get_name(loaded, pk_graph_get_input(loaded, lq, 0)), ==, "region");
    g_assert_false(pk_graph_input_is_derived(loaded, lq, 0));
    g_assert_cmpstr(pk_graph_get_name(loaded, pk_graph_get_input(loaded, lq, 1)), ==, "sales");
    g_assert_true(pk_graph_input_is_derived(loaded, lq, 1));
    g_autofree char *again = pk_workspace_to_json(loaded, NULL, NULL, &error);
    g_assert_cmpstr(again, ==, text);
    pk_graph_free(loaded);
}

int main(int argc, char **argv) {
    g_test_init(&argc, &argv, NULL);
#define ADD(path, fn) g_test_add(path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
    ADD("/graph/derive/edges-follow-the-sql", test_edges_follow_sql);
    ADD("/graph/derive/ctes-columns-and-other-names-are-not-inputs",
        test_ctes_columns_and_other_names);
    ADD("/graph/derive/nodes-added-renamed-removed", test_added_renamed_and_removed_nodes);
    ADD("/graph/derive/wired-edges-stay", test_wired_edges_stay);
    ADD("/graph/derive/cycle-refused-naming-the-nodes", test_cycle_refused);
    ADD("/graph/derive/evaluation-reads-unwired-nodes", test_evaluation_reads_unwired_nodes);
    ADD("/graph/derive/undo-redo-restore-edges", test_undo_redo);
    ADD("/graph/derive/undo-makes-the-query-read-again", test_undo_restores_evaluation);
    ADD("/graph/derive/workspace-keeps-wired-edges-only", test_workspace_keeps_wired_edges_only);
    return pk_test_run();
}
