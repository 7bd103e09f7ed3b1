/* test-graph.c — graph semantics on a real in-memory DuckDB: dirty propagation, counting
 * evaluations, parallel branches, cycles, errors naming their cause, cancellation, the value
 * cache, renames, selections, source fingerprints and SQL from untrusted files. */
#define _DEFAULT_SOURCE /* symlink */
#include "pika-test.h"
#include "graph-test-util.h"
#include "pika/data.h"
#include "pika/error.h"
#include "pika/graph.h"
#include "pika/plotprep.h"
#include "pika/scene.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

typedef struct {
    PkDb *db;
    PkCompute *compute;
    PkGraph *graph;
    char *dir;
} Fixture;

static void fixture_setup(Fixture *f, gconstpointer data) {
    (void)data;
    g_autoptr(GError) error = NULL;
    f->dir = g_dir_make_tmp("pika-graph-XXXXXX", &error);
    g_assert_no_error(error);
    f->db = pk_db_open(NULL, NULL, &error);
    g_assert_no_error(error);
    PkConn *conn = pk_db_connect(f->db, &error);
    g_assert_no_error(error);
    g_assert_true(pk_conn_exec(conn,
                               "CREATE TABLE t AS SELECT i AS x, i % 10 AS g, i * 0.5 AS y "
                               "FROM range(1000) r(i)",
                               NULL, &error));
    g_assert_no_error(error);
    pk_conn_close(conn);
    f->compute = pk_plot_compute_new(&error);
    g_assert_no_error(error);
    f->graph = pk_graph_new(f->db, f->compute, f->dir);
}

static void remove_tree(const char *dir) {
    g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
    const char *name;
    while (d != NULL && (name = g_dir_read_name(d)) != NULL) {
        g_autofree char *path = g_build_filename(dir, name, NULL);
        g_remove(path);
    }
    g_rmdir(dir);
}

static void fixture_teardown(Fixture *f, gconstpointer data) {
    (void)data;
    pk_graph_free(f->graph);
    pk_plot_compute_free(f->compute);
    pk_db_close(f->db);
    remove_tree(f->dir);
    g_free(f->dir);
}

#define params1 graph_test_params1

static PkNodeId add(Fixture *f, PkNodeKind kind, const char *name, GVariant *params) {
    return graph_test_add(f->graph, kind, name, params);
}

static PkNodeId add_query(Fixture *f, const char *name, const char *sql, PkNodeId input) {
    PkNodeId id = add(f, PK_NODE_QUERY, name, params1("sql", sql));
    if (input != 0) {
        g_autoptr(GError) error = NULL;
        g_assert_true(
            pk_graph_connect(f->graph, input, id, pk_graph_n_inputs(f->graph, id), &error));
        g_assert_no_error(error);
    }
    return id;
}

static PkNodeId add_table_source(Fixture *f) {
    return add(f, PK_NODE_SOURCE, "src", params1("table", "t"));
}

static PkNodeState state_of(Fixture *f, PkNodeId id, PkNodeStatus *out) {
    pk_graph_get_status(f->graph, id, out);
    return out->state;
}

static void evaluate_ok(Fixture *f, PkNodeId target) {
    g_autoptr(GError) error = NULL;
    g_assert_true(pk_graph_evaluate(f->graph, target, &error));
    g_assert_no_error(error);
}

static void test_dirty_and_counts(Fixture *f, gconstpointer data) {
    (void)data;
    PkNodeId src = add_table_source(f);
    PkNodeId a = add_query(f, "a", "SELECT x, g FROM src WHERE x < 500", src);
    PkNodeId b = add_query(f, "b", "SELECT g, count(*) AS n FROM a GROUP BY g", a);
    PkNodeId c = add_query(f, "c", "SELECT max(y) AS m FROM src", src);
    evaluate_ok(f, 0);
    PkNodeStatus st;
    g_assert_cmpint(state_of(f, b, &st), ==, PK_NODE_DONE);
    g_assert_cmpuint(st.n_rows, ==, 10);
    pk_node_status_clear(&st);
    for (PkNodeId id = src; id <= c; id++) {
        g_assert_cmpuint(pk_graph_get_run_count(f->graph, id), ==, 1);
    }
    /* Nothing changed: nothing runs. */
    evaluate_ok(f, 0);
    g_assert_cmpuint(pk_graph_get_run_count(f->graph, b), ==, 1);
    /* Changing a marks a and b dirty, not src or c. */
    g_assert_true(pk_graph_set_params(f->graph, a,
                                      params1("sql", "SELECT x, g FROM src WHERE x < 100"), NULL));
    pk_graph_get_status(f->graph, b, &st);
    g_assert_true(st.dirty);
    pk_node_status_clear(&st);
    pk_graph_get_status(f->graph, c, &st);
    g_assert_false(st.dirty);
    pk_node_status_clear(&st);
    evaluate_ok(f, 0);
    g_assert_cmpuint(pk_graph_get_run_count(f->graph, src), ==, 1);
    g_assert_cmpuint(pk_graph_get_run_count(f->graph, a), ==, 2);
    g_assert_cmpuint(pk_graph_get_run_count(f->graph, b), ==, 2);
    g_assert_cmpuint(pk_graph_get_run_count(f->graph, c), ==, 1);
    g_autoptr(PkGraphValue) value = pk_graph_get_value(f->graph, a);
    g_assert_cmpuint(pk_graph_value_n_rows(value), ==, 100);
    /* The same parameters again change nothing. */
    g_assert_true(pk_graph_set_params(f->graph, a,
                                      params1("sql", "SELECT x, g FROM src WHERE x < 100"), NULL));
    pk_graph_get_status(f->graph, a, &st);
    g_assert_false(st.dirty);
    pk_node_status_clear(&st);
}

static void test_target_only(Fixture *f, gconstpointer data) {
    (void)data;
    PkNodeId src = add_table_source(f);
    PkNodeId a = add_query(f, "a", "SELECT * FROM src", src);
    PkNodeId b = add_query(f, "b", "SELECT * FROM src", src);
    evaluate_ok(f, a);
    g_assert_cmpuint(pk_graph_get_run_count(f->graph, a), ==, 1);
    g_assert_cmpuint(pk_graph_get_run_count(f->graph, b), ==, 0);
}

static void test_cache_hit_on_undo(Fixture *f, gconstpointer data) {
    (void)data;
    PkNodeId src = add_table_source(f);
    PkNodeId a = add_query(f, "a", "SELECT * FROM src WHERE x < 10", src);
    PkNodeId b = add_query(f, "b", "SELECT count(*) FROM a", a);
    evaluate_ok(f, 0);
    g_assert_true(
        pk_graph_set_params(f->graph, a, params1("sql", "SELECT * FROM src WHERE x < 20"), NULL));
    evaluate_ok(f, 0);
    g_assert_true(
        pk_graph_set_params(f->graph, a, params1("sql", "SELECT * FROM src WHERE x < 10"), NULL));
    evaluate_ok(f, 0);
    PkNodeStatus st;
    pk_graph_get_status(f->graph, b, &st);
    g_assert_true(st.cached);
    g_assert_cmpint(st.state, ==, PK_NODE_DONE);
    pk_node_status_clear(&st);
    g_assert_cmpuint(pk_graph_get_run_count(f->graph, a), ==, 2);
    g_assert_cmpuint(pk_graph_get_run_count(f->graph, b), ==, 2);
    /* A budget of zero bytes keeps nothing: the same undo runs again. */
    pk_graph_set_cache_budget(f->graph, 0);
    g_assert_true(
        pk_graph_set_params(f->graph, a, params1("sql", "SELECT * FROM src WHERE x < 20"), NULL));
    evaluate_ok(f, 0);
    g_assert_cmpuint(pk_graph_get_run_count(f->graph, a), ==, 3);
}

static void test_cycle_refused(Fixture *f, gconstpointer data) {
    (void)data;
    PkNodeId src = add_table_source(f);
    PkNodeId a = add_query(f, "a", "SELECT * FROM src", src);
    PkNodeId b = add_query(f, "b", "SELECT * FROM a", a);
    g_autoptr(GError) error = NULL;
    g_assert_false(pk_graph_connect(f->graph, b, a, 1, &error));
    g_assert_error(error, PK_ERROR, PK_ERROR_INVALID);
    g_assert_nonnull(strstr(error->message, "cycle"));
    g_clear_error(&error);
    g_assert_false(pk_graph_connect(f->graph, a, a, 1, &error));
    g_assert_error(error, PK_ERROR, PK_ERROR_INVALID);
}

static void test_ports_typed(Fixture *f, gconstpointer data) {
    (void)data;
    PkNodeId src = add_table_source(f);
    GVariantBuilder b;
    g_variant_builder_init(&b, G_VARIANT_TYPE_VARDICT);
    GVariantDict spec;
    g_variant_dict_init(&spec, NULL);
    g_variant_dict_insert(&spec, "type", "s", "histogram");
    GVariantDict x;
    g_variant_dict_init(&x, NULL);
    g_variant_dict_insert(&x, "column", "s", "x");
    g_variant_dict_insert_value(&spec, "x", g_variant_dict_end(&x));
    g_variant_builder_add(&b, "{sv}", "spec", g_variant_dict_end(&spec));
    PkNodeId plot = add(f, PK_NODE_PLOT, "p", g_variant_builder_end(&b));
    PkNodeId q = add_query(f, "q", "SELECT 1", 0);
    g_autoptr(GError) error = NULL;
    g_assert_false(pk_graph_connect(f->graph, plot, q, 0, &error));
    g_assert_error(error, PK_ERROR, PK_ERROR_INVALID);
    g_assert_nonnull(strstr(error->message, "picture"));
    g_clear_error(&error);
    g_assert_false(pk_graph_connect(f->graph, q, src, 0, &error));
    g_assert_error(error, PK_ERROR, PK_ERROR_INVALID);
    g_clear_error(&error);
    g_assert_true(pk_graph_connect(f->graph, src, plot, 0, &error));
    g_assert_false(pk_graph_connect(f->graph, q, plot, 1, &error));
    g_assert_error(error, PK_ERROR, PK_ERROR_INVALID);
    g_clear_error(&error);
    evaluate_ok(f, plot);
    g_autoptr(PkGraphValue) value = pk_graph_get_value(f->graph, plot);
    g_assert_nonnull(pk_graph_value_scene(value));
    g_assert_cmpuint(pk_graph_value_n_rows(value), ==, 1000);
}

/* A plot's "view" parameter is what the window shows: its axes take those ranges. */
static void test_plot_view(Fixture *f, gconstpointer data) {
    (void)data;
    PkNodeId src = add_table_source(f);
    g_autoptr(GVariant) params = g_variant_ref_sink(g_variant_new_parsed(
        "{'spec': <{'type': <'scatter'>, 'x': <{'column': <'x'>}>, 'y': <{'column': <'y'>}>}>,"
        " 'view': <{'x': <[<10.0>, <20.0>]>, 'y': <[<int64 1>, <int64 5>]>}>}"));
    PkNodeId plot = add(f, PK_NODE_PLOT, "p", params);
    g_assert_true(pk_graph_connect(f->graph, src, plot, 0, NULL));
    evaluate_ok(f, plot);
    g_autoptr(PkGraphValue) value = pk_graph_get_value(f->graph, plot);
    const PkScene *scene = pk_graph_value_scene(value);
    g_assert_cmpfloat(scene->x.lo, ==, 10.0);
    g_assert_cmpfloat(scene->x.hi, ==, 20.0);
    g_assert_cmpfloat(scene->y.lo, ==, 1.0);
    g_assert_cmpfloat(scene->y.hi, ==, 5.0);
    /* Moving the view keeps the plot done (its window shows the view) but dirty. */
    g_autoptr(GVariant) moved = g_variant_ref_sink(g_variant_new_parsed(
        "{'spec': <{'type': <'scatter'>, 'x': <{'column': <'x'>}>, 'y': <{'column': <'y'>}>}>,"
        " 'view': <{'x': <[<12.0>, <22.0>]>}>}"));
    g_assert_true(pk_graph_set_params(f->graph, plot, moved, NULL));
    PkNodeStatus st;
    g_assert_cmpint(state_of(f, plot, &st), ==, PK_NODE_DONE);
    g_assert_true(st.dirty);
    pk_node_status_clear(&st);
    evaluate_ok(f, 0);
    g_assert_cmpuint(pk_graph_get_run_count(f->graph, plot), ==, 2);
    g_autoptr(PkGraphValue) again = pk_graph_get_value(f->graph, plot);
    g_assert_cmpfloat(pk_graph_value_scene(again)->x.lo, ==, 12.0);
    g_autoptr(GError) error = NULL;
    g_autoptr(GVariant) bad = g_variant_ref_sink(g_variant_new_parsed(
        "{'spec': <{'x': <{'column': <'x'>}>}>, 'view': <{'x': <[<3.0>, <2.0>]>}>}"));
    g_assert_false(pk_graph_set_params(f->graph, plot, bad, &error));
    g_assert_error(error, PK_ERROR, PK_ERROR_INVALID);
    g_assert_nonnull(strstr(error->message, "view.x"));
}

static void test_names(Fixture *f, gconstpointer data) {
    (void)data;
    g_autoptr(GError) error = NULL;
    const char *bad[] = {"", "1abc", "a-b", "select", "pika_x", "a b", NULL};
    for (guint i = 0; bad[i] != NULL; i++) {
        g_assert_false(pk_graph_check_name(bad[i], &error));
        g_assert_error(error, PK_ERROR, PK_ERROR_INVALID);
        g_clear_error(&error);
    }
    add_table_source(f);
    g_assert_cmpuint(
        pk_graph_add_node(f->graph, PK_NODE_QUERY, "SRC", params1("sql", "SELECT 1"), &error), ==,
        0);
    g_assert_error(error, PK_ERROR, PK_ERROR_EXISTS);
}

static void test_error_propagation(Fixture *f, gconstpointer data) {
    (void)data;
    PkNodeId src = add_table_source(f);
    PkNodeId bad = add_query(f, "bad", "SELECT no_such_column FROM src", src);
    PkNodeId after = add_query(f, "after", "SELECT * FROM bad", bad);
    PkNodeId later = add_query(f, "later", "SELECT * FROM after", after);
    PkNodeId good = add_query(f, "good", "SELECT count(*) FROM src", src);
    g_autoptr(GError) error = NULL;
    g_assert_false(pk_graph_evaluate(f->graph, 0, &error));
    g_assert_error(error, PK_ERROR, PK_ERROR_FAILED);
    g_assert_nonnull(strstr(error->message, "bad"));
    g_assert_null(strstr(error->message, "after"));
    PkNodeStatus st;
    g_assert_cmpint(state_of(f, bad, &st), ==, PK_NODE_ERROR);
    g_assert_cmpint(st.error_code, ==, PK_ERROR_QUERY);
    g_assert_nonnull(strstr(st.message, "no_such_column"));
    pk_node_status_clear(&st);
    for (guint i = 0; i < 2; i++) {
        g_assert_cmpint(state_of(f, i == 0 ? after : later, &st), ==, PK_NODE_ERROR);
        g_assert_cmpint(st.error_code, ==, PK_ERROR_UPSTREAM);
        g_assert_cmpuint(st.cause, ==, bad);
        g_assert_nonnull(strstr(st.message, "'bad' failed"));
        pk_node_status_clear(&st);
    }
    g_assert_cmpint(state_of(f, good, &st), ==, PK_NODE_DONE);
    pk_node_status_clear(&st);
    g_assert_cmpuint(pk_graph_get_run_count(f->graph, after), ==, 0);
}

static void test_rename_breaks_reader(Fixture *f, gconstpointer data) {
    (void)data;
    PkNodeId src = add_table_source(f);
    PkNodeId a = add_query(f, "a", "SELECT * FROM src", src);
    PkNodeId b = add_query(f, "b", "SELECT * FROM a", a);
    evaluate_ok(f, 0);
    g_assert_true(pk_graph_rename(f->graph, a, "renamed", NULL));
    g_autoptr(GError) error = NULL;
    g_assert_false(pk_graph_evaluate(f->graph, 0, &error));
    PkNodeStatus st;
    g_assert_cmpint(state_of(f, b, &st), ==, PK_NODE_ERROR);
    g_assert_nonnull(strstr(st.message, "a"));
    g_test_message("%s", st.message);
    g_assert_nonnull(strstr(st.message, "renamed"));
    pk_node_status_clear(&st);
}

typedef struct {
    GMutex lock;
    guint64 running; /* bit n: node n is running (progress repeats RUNNING) */
    gint max_running;
    gboolean saw_running;
} Watch;

static void watch_states(PkGraph *graph, PkNodeId node, const PkNodeStatus *status,
                         gpointer user_data) {
    (void)graph;
    Watch *w = user_data;
    g_assert_cmpuint(node, <, 64);
    g_mutex_lock(&w->lock);
    if (status->state == PK_NODE_RUNNING) {
        w->running |= G_GUINT64_CONSTANT(1) << node;
        w->max_running = MAX(w->max_running, __builtin_popcountll(w->running));
        w->saw_running = TRUE;
    } else {
        w->running &= ~(G_GUINT64_CONSTANT(1) << node);
    }
    g_mutex_unlock(&w->lock);
}

#define SLOW_SQL "SELECT sum(hash(i)) AS h FROM range(%d) r(i)"

static void test_parallel_branches(Fixture *f, gconstpointer data) {
    (void)data;
    Watch w = {0};
    g_mutex_init(&w.lock);
    pk_graph_add_observer(f->graph, watch_states, &w);
    pk_graph_set_workers(f->graph, 2);
    g_autofree char *slow1 = g_strdup_printf(SLOW_SQL, 30000000);
    g_autofree char *slow2 = g_strdup_printf(SLOW_SQL, 30000001);
    add_query(f, "left_branch", slow1, 0);
    add_query(f, "right_branch", slow2, 0);
    evaluate_ok(f, 0);
    g_assert_cmpint(w.max_running, ==, 2);
    g_mutex_clear(&w.lock);
}

static void test_cancel(Fixture *f, gconstpointer data) {
    (void)data;
    Watch w = {0};
    g_mutex_init(&w.lock);
    pk_graph_add_observer(f->graph, watch_states, &w);
    g_autofree char *endless = g_strdup_printf(SLOW_SQL, 2000000000);
    PkNodeId slow = add_query(f, "slow", endless, 0);
    PkNodeId after = add_query(f, "after", "SELECT * FROM slow", slow);
    g_autoptr(GError) error = NULL;
    g_assert_true(pk_graph_evaluate_async(f->graph, 0, NULL, NULL, &error));
    for (guint i = 0; i < 500; i++) {
        g_mutex_lock(&w.lock);
        gboolean started = w.saw_running;
        g_mutex_unlock(&w.lock);
        if (started) {
            break;
        }
        g_usleep(10000);
    }
    gint64 t0 = g_get_monotonic_time();
    pk_graph_cancel(f->graph, slow);
    pk_graph_wait(f->graph);
    g_assert_cmpint(g_get_monotonic_time() - t0, <, 5 * G_USEC_PER_SEC);
    PkNodeStatus st;
    g_assert_cmpint(state_of(f, slow, &st), ==, PK_NODE_CANCELLED);
    g_assert_true(st.dirty);
    pk_node_status_clear(&st);
    g_assert_cmpint(state_of(f, after, &st), ==, PK_NODE_CANCELLED);
    pk_node_status_clear(&st);
    g_mutex_clear(&w.lock);
}

static void test_busy_refused(Fixture *f, gconstpointer data) {
    (void)data;
    g_autofree char *endless = g_strdup_printf(SLOW_SQL, 2000000000);
    PkNodeId slow = add_query(f, "slow", endless, 0);
    g_autoptr(GError) error = NULL;
    g_assert_true(pk_graph_evaluate_async(f->graph, 0, NULL, NULL, &error));
    g_assert_false(pk_graph_set_params(f->graph, slow, params1("sql", "SELECT 1"), &error));
    g_assert_error(error, PK_ERROR, PK_ERROR_INVALID);
    g_assert_nonnull(strstr(error->message, "busy"));
    pk_graph_cancel(f->graph, 0);
    pk_graph_wait(f->graph);
}

static void test_selection(Fixture *f, gconstpointer data) {
    (void)data;
    PkNodeId src = add_table_source(f);
    PkNodeId agg = add_query(f, "agg", "SELECT g, count(*) AS n FROM src GROUP BY g", src);
    evaluate_ok(f, 0);
    PkSelection sel = {.kind = PK_SELECTION_INTERVAL, .x_column = (char *)"x", .x0 = 0, .x1 = 100};
    g_autoptr(GError) error = NULL;
    g_assert_true(pk_graph_set_selection(f->graph, agg, &sel, &error));
    g_assert_no_error(error);
    PkNodeStatus st;
    pk_graph_get_status(f->graph, agg, &st);
    g_assert_true(st.dirty);
    pk_node_status_clear(&st);
    evaluate_ok(f, 0);
    g_autoptr(PkGraphValue) value = pk_graph_get_value(f->graph, agg);
    const char *selected = pk_graph_value_sql(value, TRUE);
    g_assert_nonnull(selected);
    g_autofree char *sql = g_strdup_printf("SELECT sum(n) FROM (%s)", selected);
    PkConn *conn = pk_db_connect(f->db, &error);
    g_autoptr(PkTextPage) page = NULL;
    g_assert_true(pk_conn_query_page(conn, sql, 0, 1, NULL, &page, &error));
    g_assert_no_error(error);
    g_assert_cmpstr(pk_text_page_get(page, 0, 0), ==, "100");
    pk_conn_close(conn);
    /* An unknown column and a bad range are refused. */
    sel.x_column = (char *)"nope";
    g_assert_false(pk_graph_set_selection(f->graph, agg, &sel, &error));
    g_assert_error(error, PK_ERROR, PK_ERROR_NOT_FOUND);
    g_clear_error(&error);
    sel.x_column = (char *)"x";
    sel.x1 = -1;
    g_assert_false(pk_graph_set_selection(f->graph, agg, &sel, &error));
    g_assert_error(error, PK_ERROR, PK_ERROR_INVALID);
    g_clear_error(&error);
    /* Clearing brings back the plain relation. */
    g_assert_true(pk_graph_set_selection(f->graph, agg, NULL, &error));
    evaluate_ok(f, 0);
    g_autoptr(PkGraphValue) cleared = pk_graph_get_value(f->graph, agg);
    g_assert_null(pk_graph_value_sql(cleared, TRUE));
}

/* Rows of the selected relation of node (its value must exist). */
static gint64 selected_count(Fixture *f, PkNodeId node) {
    g_autoptr(PkGraphValue) value = pk_graph_get_value(f->graph, node);
    g_autofree char *sql =
        g_strdup_printf("SELECT count(*) FROM (%s)", pk_graph_value_sql(value, TRUE));
    g_autoptr(GError) error = NULL;
    PkConn *conn = pk_db_connect(f->db, &error);
    g_autoptr(PkTextPage) page = NULL;
    g_assert_true(pk_conn_query_page(conn, sql, 0, 1, NULL, &page, &error));
    g_assert_no_error(error);
    gint64 n = g_ascii_strtoll(pk_text_page_get(page, 0, 0), NULL, 10);
    pk_conn_close(conn);
    return n;
}

/* A lasso selects in SQL exactly the rows the engine's even-odd rule (pika/compute.h) puts
 * inside, the same test written out here. */
static void test_lasso_selection(Fixture *f, gconstpointer data) {
    (void)data;
    PkNodeId src = add_table_source(f);
    evaluate_ok(f, 0);
    double poly[] = {-10, -1, 700, 20, 300, 420, 120.5, 90, 40, 300};
    guint n = G_N_ELEMENTS(poly) / 2;
    gint64 expected = 0;
    for (int i = 0; i < 1000; i++) {
        double px = i, py = i * 0.5;
        gboolean inside = FALSE;
        for (guint a = n - 1, b = 0; b < n; a = b++) {
            double ax = poly[2 * a], ay = poly[2 * a + 1], bx = poly[2 * b], by = poly[2 * b + 1];
            if ((ay > py) != (by > py)) {
                double cross = (bx - ax) * (py - ay) - (px - ax) * (by - ay);
                inside ^= (by > ay) ? cross > 0.0 : cross < 0.0;
            }
        }
        expected += inside;
    }
    PkSelection sel = {.kind = PK_SELECTION_POLYGON,
                       .x_column = (char *)"x",
                       .y_column = (char *)"y",
                       .polygon = poly,
                       .n_vertices = n};
    g_autoptr(GError) error = NULL;
    g_assert_true(pk_graph_set_selection(f->graph, src, &sel, &error));
    g_assert_no_error(error);
    evaluate_ok(f, 0);
    g_assert_cmpint(expected, >, 0);
    g_assert_cmpint(selected_count(f, src), ==, expected);
    sel.n_vertices = 2; /* not a polygon */
    g_assert_false(pk_graph_set_selection(f->graph, src, &sel, &error));
    g_assert_error(error, PK_ERROR, PK_ERROR_INVALID);
    g_assert_nonnull(strstr(error->message, "lasso"));
}

/* Time columns are selected in microseconds since the epoch, the unit of plot axes. */
static void test_time_selection(Fixture *f, gconstpointer data) {
    (void)data;
    g_autoptr(GError) error = NULL;
    PkConn *conn = pk_db_connect(f->db, &error);
    g_assert_true(pk_conn_exec(conn,
                               "CREATE TABLE hours AS SELECT TIMESTAMP '2024-03-01' + "
                               "INTERVAL (i) HOUR AS ts, i FROM range(72) r(i)",
                               NULL, &error));
    pk_conn_close(conn);
    PkNodeId src = add(f, PK_NODE_SOURCE, "hours", params1("table", "hours"));
    evaluate_ok(f, 0);
    double day2 = 1709251200.0 * 1e6 + 86400e6; /* 2024-03-02 00:00 UTC */
    PkSelection sel = {
        .kind = PK_SELECTION_INTERVAL, .x_column = (char *)"ts", .x0 = day2, .x1 = day2 + 86400e6};
    g_assert_true(pk_graph_set_selection(f->graph, src, &sel, &error));
    g_assert_no_error(error);
    evaluate_ok(f, 0);
    g_assert_cmpint(selected_count(f, src), ==, 24);
}

static char *write_csv(Fixture *f, const char *name, guint n) {
    g_autofree char *path = g_build_filename(f->dir, name, NULL);
    GString *text = g_string_new("a,b\n");
    for (guint i = 0; i < n; i++) {
        g_string_append_printf(text, "%u,%u\n", i, i * 2);
    }
    g_assert_true(g_file_set_contents(path, text->str, (gssize)text->len, NULL));
    g_string_free(text, TRUE);
    return g_steal_pointer(&path);
}

static void test_file_source_cache(Fixture *f, gconstpointer data) {
    (void)data;
    g_autofree char *csv = write_csv(f, "data.csv", 50);
    g_autofree char *dbpath = g_build_filename(f->dir, "cache.duckdb", NULL);
    for (guint round = 0; round < 3; round++) {
        if (round == 2) {
            g_free(write_csv(f, "data.csv", 70)); /* the file changes */
        }
        g_autoptr(GError) error = NULL;
        PkDb *db = pk_db_open(dbpath, NULL, &error);
        g_assert_no_error(error);
        PkGraph *graph = pk_graph_new(db, NULL, f->dir);
        PkNodeId src =
            pk_graph_add_node(graph, PK_NODE_SOURCE, "data", params1("path", "data.csv"), &error);
        g_assert_no_error(error);
        g_assert_true(pk_graph_load_sources(graph, NULL, &error));
        PkNodeStatus st;
        pk_graph_get_status(graph, src, &st);
        g_assert_cmpint(st.state, ==, PK_NODE_DONE);
        g_assert_cmpuint(st.n_rows, ==, round == 2 ? 70 : 50);
        /* Imported the first time and after the change; reused in between. */
        if (round == 1) {
            g_assert_null(st.message);
        } else {
            g_assert_nonnull(st.message);
        }
        pk_node_status_clear(&st);
        g_assert_nonnull(pk_graph_get_fingerprint(graph, src));
        pk_graph_free(graph);
        pk_db_close(db);
    }
}

static void test_missing_source_file(Fixture *f, gconstpointer data) {
    (void)data;
    PkNodeId src = add(f, PK_NODE_SOURCE, "gone", params1("path", "missing.csv"));
    PkNodeId q = add_query(f, "q", "SELECT * FROM gone", src);
    PkNodeId other = add_query(f, "other", "SELECT 42 AS answer", 0);
    g_autoptr(GError) error = NULL;
    g_assert_true(pk_graph_load_sources(f->graph, NULL, &error));
    g_assert_false(pk_graph_evaluate(f->graph, 0, &error));
    PkNodeStatus st;
    g_assert_cmpint(state_of(f, src, &st), ==, PK_NODE_ERROR);
    g_assert_cmpint(st.error_code, ==, PK_ERROR_NOT_FOUND);
    g_assert_nonnull(strstr(st.message, "Locate the file"));
    pk_node_status_clear(&st);
    g_assert_cmpint(state_of(f, q, &st), ==, PK_NODE_ERROR);
    g_assert_cmpuint(st.cause, ==, src);
    pk_node_status_clear(&st);
    g_assert_cmpint(state_of(f, other, &st), ==, PK_NODE_DONE);
    pk_node_status_clear(&st);
}

/* A cancellation requested before the sources begin loading (Ctrl+C while the database
 * opens) stops them: nothing is imported. */
static void test_cancel_before_loading(Fixture *f, gconstpointer data) {
    (void)data;
    g_autofree char *csv = write_csv(f, "early.csv", 50);
    PkNodeId src = add(f, PK_NODE_SOURCE, "early", params1("path", "early.csv"));
    PkCancel *cancel = pk_cancel_new();
    pk_cancel_request(cancel);
    g_autoptr(GError) error = NULL;
    g_assert_false(pk_graph_load_sources(f->graph, cancel, &error));
    g_assert_error(error, PK_ERROR, PK_ERROR_CANCELLED);
    PkNodeStatus st;
    g_assert_cmpint(state_of(f, src, &st), ==, PK_NODE_CANCELLED);
    pk_node_status_clear(&st);
    PkConn *conn = pk_db_connect(f->db, &error);
    g_assert_false(pk_conn_table_exists(conn, "pika_src_early"));
    pk_conn_close(conn);
    g_clear_error(&error);
    /* the same for an evaluation */
    PkNodeId q = add_query(f, "q", "SELECT 1 AS one", 0);
    g_assert_false(pk_graph_evaluate_cancellable(f->graph, q, cancel, &error));
    g_assert_error(error, PK_ERROR, PK_ERROR_CANCELLED);
    g_assert_cmpint(state_of(f, q, &st), ==, PK_NODE_CANCELLED);
    pk_node_status_clear(&st);
    pk_cancel_unref(cancel);
}

/* SQL from an untrusted file, once the database is locked, reaches no file. */
static void test_locked_sql_contained(Fixture *f, gconstpointer data) {
    (void)data;
    g_autoptr(GError) error = NULL;
    g_assert_true(pk_db_lock_down(f->db, &error));
    const char *hostile[] = {"SELECT * FROM read_csv('/etc/passwd')",
                             "COPY (SELECT 1) TO '/tmp/pika-hostile.csv'",
                             "SELECT 1; COPY (SELECT 1) TO '/tmp/pika-hostile.csv'",
                             "INSTALL httpfs",
                             "LOAD httpfs",
                             "ATTACH '/tmp/pika-hostile.duckdb' AS h",
                             "SET enable_external_access = true",
                             "PRAGMA enable_external_access",
                             "SELECT * FROM read_text('/etc/hostname')",
                             NULL};
    for (guint i = 0; hostile[i] != NULL; i++) {
        g_autofree char *name = g_strdup_printf("h%u", i);
        PkNodeId q = add_query(f, name, hostile[i], 0);
        g_assert_false(pk_graph_evaluate(f->graph, q, &error));
        g_clear_error(&error);
        PkNodeStatus st;
        g_assert_cmpint(state_of(f, q, &st), ==, PK_NODE_ERROR);
        g_test_message("%s -> %s", hostile[i], st.message);
        g_assert_nonnull(st.message);
        pk_node_status_clear(&st);
    }
    g_assert_false(g_file_test("/tmp/pika-hostile.csv", G_FILE_TEST_EXISTS));
    g_assert_false(g_file_test("/tmp/pika-hostile.duckdb", G_FILE_TEST_EXISTS));
}

static void test_export_paths(Fixture *f, gconstpointer data) {
    (void)data;
    const char *bad[] = {"/tmp/x.csv", "../x.csv", "a/../../x.csv", NULL};
    for (guint i = 0; bad[i] != NULL; i++) {
        g_autoptr(GError) error = NULL;
        g_assert_cmpuint(
            pk_graph_add_node(f->graph, PK_NODE_EXPORT, "e", params1("path", bad[i]), &error), ==,
            0);
        g_assert_error(error, PK_ERROR, PK_ERROR_SECURITY);
    }
    PkNodeId src = add_table_source(f);
    PkNodeId e = add(f, PK_NODE_EXPORT, "e", params1("path", "out.csv"));
    g_assert_true(pk_graph_connect(f->graph, src, e, 0, NULL));
    pk_graph_set_export_dir(f->graph, f->dir);
    g_autoptr(GError) error = NULL;
    /* No folder is opened to SQL: the application writes the export itself. */
    g_assert_true(pk_db_lock_down(f->db, &error));
    evaluate_ok(f, 0);
    g_autofree char *out = g_build_filename(f->dir, "out.csv", NULL);
    g_autofree char *text = NULL;
    g_assert_true(g_file_get_contents(out, &text, NULL, NULL));
    g_assert_true(g_str_has_prefix(text, "x,g,y\n"));
}

/* evil -> ../victim inside the export folder: "evil/pwned.csv" has no "..", but leads out. */
static void test_export_through_symlink_refused(Fixture *f, gconstpointer data) {
    (void)data;
    g_autofree char *out_dir = g_build_filename(f->dir, "out", NULL);
    g_autofree char *victim = g_build_filename(f->dir, "victim", NULL);
    g_autofree char *link = g_build_filename(out_dir, "evil", NULL);
    g_assert_cmpint(g_mkdir(out_dir, 0700), ==, 0);
    g_assert_cmpint(g_mkdir(victim, 0700), ==, 0);
    g_assert_cmpint(symlink("../victim", link), ==, 0);
    PkNodeId src = add_table_source(f);
    PkNodeId e = add(f, PK_NODE_EXPORT, "e", params1("path", "evil/pwned.csv"));
    g_assert_true(pk_graph_connect(f->graph, src, e, 0, NULL));
    pk_graph_set_export_dir(f->graph, out_dir);
    g_autoptr(GError) error = NULL;
    g_assert_true(pk_db_lock_down(f->db, &error));
    g_assert_false(pk_graph_evaluate(f->graph, 0, &error));
    PkNodeStatus st;
    g_assert_cmpint(state_of(f, e, &st), ==, PK_NODE_ERROR);
    g_assert_cmpint(st.error_code, ==, PK_ERROR_SECURITY);
    g_assert_nonnull(strstr(st.message, "leads outside the folder"));
    pk_node_status_clear(&st);
    g_autofree char *pwned = g_build_filename(victim, "pwned.csv", NULL);
    g_assert_false(g_file_test(pwned, G_FILE_TEST_EXISTS));
}

static void test_validate(Fixture *f, gconstpointer data) {
    (void)data;
    g_autofree char *csv = write_csv(f, "v.csv", 10);
    PkNodeId src = add(f, PK_NODE_SOURCE, "v", params1("path", "v.csv"));
    PkNodeId ok = add_query(f, "ok", "SELECT a + b AS s FROM v", src);
    PkNodeId bad = add_query(f, "bad", "SELECT c FROM v", src);
    g_autoptr(GError) error = NULL;
    g_assert_false(pk_graph_validate(f->graph, &error));
    g_assert_nonnull(strstr(error->message, "bad"));
    PkNodeStatus st;
    g_assert_cmpint(state_of(f, ok, &st), ==, PK_NODE_IDLE);
    pk_node_status_clear(&st);
    g_assert_cmpint(state_of(f, bad, &st), ==, PK_NODE_ERROR);
    g_assert_nonnull(strstr(st.message, "c"));
    pk_node_status_clear(&st);
    /* Nothing was imported. */
    PkConn *conn = pk_db_connect(f->db, &error);
    g_assert_false(pk_conn_table_exists(conn, "pika_src_v"));
    pk_conn_close(conn);
}

int main(int argc, char **argv) {
    g_test_init(&argc, &argv, NULL);
#define ADD(path, fn) g_test_add(path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
    ADD("/graph/dirty/only-dirty-nodes-recompute", test_dirty_and_counts);
    ADD("/graph/dirty/target-runs-only-what-it-needs", test_target_only);
    ADD("/graph/cache/undo-is-a-cache-hit", test_cache_hit_on_undo);
    ADD("/graph/edges/cycle-refused", test_cycle_refused);
    ADD("/graph/edges/ports-are-typed", test_ports_typed);
    ADD("/graph/names/identifiers-unique", test_names);
    ADD("/graph/plot/view-sets-the-axes", test_plot_view);
    ADD("/graph/errors/dependents-name-the-cause", test_error_propagation);
    ADD("/graph/errors/rename-breaks-readers-by-name", test_rename_breaks_reader);
    ADD("/graph/eval/independent-branches-in-parallel", test_parallel_branches);
    ADD("/graph/eval/cancel-running-node", test_cancel);
    ADD("/graph/eval/changes-refused-while-busy", test_busy_refused);
    ADD("/graph/selection/shared-downstream", test_selection);
    ADD("/graph/selection/lasso-selects-what-the-engine-selects", test_lasso_selection);
    ADD("/graph/selection/time-columns-in-microseconds", test_time_selection);
    ADD("/graph/source/import-once-per-fingerprint", test_file_source_cache);
    ADD("/graph/source/missing-file-says-locate", test_missing_source_file);
    ADD("/graph/source/cancel-before-loading-imports-nothing", test_cancel_before_loading);
    ADD("/graph/security/locked-sql-reaches-no-file", test_locked_sql_contained);
    ADD("/graph/export/paths-stay-in-export-folder", test_export_paths);
    ADD("/graph/export/symlinked-folder-refused", test_export_through_symlink_refused);
    ADD("/graph/validate/prepares-without-running", test_validate);
    return pk_test_run();
}
