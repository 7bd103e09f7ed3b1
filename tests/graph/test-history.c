/* test-history.c — undo and redo of graph edits (pika/history.h) on a real in-memory DuckDB and
 * a real CSV file: every round trip must give back the workspace file byte for byte, node ids
 * must stay, and undoing a parameter change must find the earlier values in the cache. */
#include "pika-test.h"
#include "graph-test-util.h"
#include "pika/data.h"
#include "pika/error.h"
#include "pika/graph.h"
#include "pika/history.h"
#include "pika/plotprep.h"
#include "pika/workspace.h"

#include <glib/gstdio.h>
#include <string.h>

typedef struct {
    PkDb *db;
    PkCompute *compute;
    PkGraph *graph;
    PkHistory *history;
    char *dir;
} Fixture;

static void write_csv(const char *dir) {
    g_autoptr(GString) text = g_string_new("x,g,y\n");
    for (guint i = 0; i < 200; i++) {
        g_string_append_printf(text, "%u,%c,%u.5\n", i, 'a' + (char)(i % 5), i * 3);
    }
    g_autofree char *path = g_build_filename(dir, "data.csv", NULL);
    g_autoptr(GError) error = NULL;
    g_assert_true(g_file_set_contents(path, text->str, (gssize)text->len, &error));
    g_assert_no_error(error);
}

static void fixture_setup(Fixture *f, gconstpointer data) {
    (void)data;
    g_autoptr(GError) error = NULL;
    f->dir = g_dir_make_tmp("pika-history-XXXXXX", &error);
    g_assert_no_error(error);
    write_csv(f->dir);
    f->db = pk_db_open(NULL, NULL, &error);
    g_assert_no_error(error);
    f->compute = pk_plot_compute_new(&error);
    g_assert_no_error(error);
    f->graph = pk_graph_new(f->db, f->compute, f->dir);
    f->history = pk_history_new(f->graph, 0);
}

static void fixture_teardown(Fixture *f, gconstpointer data) {
    (void)data;
    pk_history_free(f->history);
    pk_graph_free(f->graph);
    pk_plot_compute_free(f->compute);
    pk_db_close(f->db);
    g_autofree char *csv = g_build_filename(f->dir, "data.csv", NULL);
    g_remove(csv);
    g_rmdir(f->dir);
    g_free(f->dir);
}

/* ---- helpers -------------------------------------------------------------------------------- */

#define params1 graph_test_params1

static PkNodeId add(Fixture *f, PkNodeKind kind, const char *name, GVariant *params) {
    return graph_test_add(f->graph, kind, name, params);
}

static void connect(Fixture *f, PkNodeId from, PkNodeId to) {
    g_autoptr(GError) error = NULL;
    g_assert_true(pk_graph_connect(f->graph, from, to, pk_graph_n_inputs(f->graph, to), &error));
    g_assert_no_error(error);
}

static PkNodeId add_query(Fixture *f, const char *name, const char *sql, PkNodeId input) {
    PkNodeId id = add(f, PK_NODE_QUERY, name, params1("sql", sql));
    if (input != 0) {
        connect(f, input, id);
    }
    return id;
}

static PkNodeId add_source(Fixture *f) {
    return add(f, PK_NODE_SOURCE, "src", params1("path", "data.csv"));
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

/* Commits the edit made since `before`, undoes it (the bytes of before come back) and redoes it
 * (the bytes after the edit come back). */
static void assert_round_trip(Fixture *f, const char *before, const char *label) {
    g_assert_true(pk_history_commit(f->history, label));
    g_autofree char *after = json(f);
    g_assert_cmpstr(after, !=, before);
    g_assert_cmpstr(pk_history_undo_label(f->history), ==, label);
    undo_ok(f);
    g_autofree char *undone = json(f);
    g_assert_cmpstr(undone, ==, before);
    g_assert_cmpstr(pk_history_redo_label(f->history), ==, label);
    redo_ok(f);
    g_autofree char *redone = json(f);
    g_assert_cmpstr(redone, ==, after);
}

/* src -> a -> b -> c, with d reading a and b. */
static void build_chain(Fixture *f, PkNodeId ids[5]) {
    ids[0] = add_source(f);
    ids[1] = add_query(f, "a", "SELECT x, g FROM src WHERE x < 150", ids[0]);
    ids[2] = add_query(f, "b", "SELECT g, count(*) AS n FROM a GROUP BY g", ids[1]);
    ids[3] = add_query(f, "c", "SELECT * FROM b ORDER BY g", ids[2]);
    ids[4] = add_query(f, "d", "SELECT * FROM a JOIN b USING (g)", ids[1]);
    connect(f, ids[2], ids[4]);
    for (guint i = 0; i < 5; i++) {
        pk_graph_set_position(f->graph, ids[i], 320.0 * i, 40.0 * i);
    }
    pk_history_reset(f->history);
}

/* ---- tests ---------------------------------------------------------------------------------- */

static void test_add_node(Fixture *f, gconstpointer data) {
    (void)data;
    PkNodeId ids[5];
    build_chain(f, ids);
    g_assert_false(pk_history_can_undo(f->history));
    g_assert_null(pk_history_undo_label(f->history));
    g_autofree char *before = json(f);
    PkNodeId e = add_query(f, "e", "SELECT * FROM c", ids[3]);
    pk_graph_set_position(f->graph, e, 10, 20);
    g_assert_true(pk_history_can_undo(f->history));
    assert_round_trip(f, before, "Add query");
    /* Redo brings the node back under the same id. */
    g_assert_cmpuint(pk_graph_find(f->graph, "e"), ==, e);
    /* A new node never reuses an id that undo took away. */
    undo_ok(f);
    PkNodeId other = add(f, PK_NODE_NOTE, "note", params1("text", "hello"));
    g_assert_cmpuint(other, >, e);
}

static void test_remove_middle(Fixture *f, gconstpointer data) {
    (void)data;
    PkNodeId ids[5];
    build_chain(f, ids);
    g_autofree char *before = json(f);
    g_assert_true(pk_graph_remove_node(f->graph, ids[2], NULL));
    g_assert_cmpuint(pk_graph_n_inputs(f->graph, ids[3]), ==, 0);
    assert_round_trip(f, before, "Delete");
    undo_ok(f);
    /* b is back with its id, its input, its readers on both their ports and its place. */
    g_assert_cmpuint(pk_graph_find(f->graph, "b"), ==, ids[2]);
    g_assert_cmpuint(pk_graph_get_input(f->graph, ids[2], 0), ==, ids[1]);
    g_assert_cmpuint(pk_graph_get_input(f->graph, ids[3], 0), ==, ids[2]);
    g_assert_cmpuint(pk_graph_get_input(f->graph, ids[4], 0), ==, ids[1]);
    g_assert_cmpuint(pk_graph_get_input(f->graph, ids[4], 1), ==, ids[2]);
    guint n = 0;
    g_autofree PkNodeId *order = pk_graph_list_nodes(f->graph, &n);
    g_assert_cmpuint(n, ==, 5);
    g_assert_cmpuint(order[2], ==, ids[2]);
    double x, y;
    pk_graph_get_position(f->graph, ids[2], &x, &y);
    g_assert_cmpfloat(x, ==, 640.0);
    g_assert_cmpfloat(y, ==, 80.0);
}

static void test_connect_disconnect(Fixture *f, gconstpointer data) {
    (void)data;
    PkNodeId ids[5];
    build_chain(f, ids);
    g_autofree char *before = json(f);
    connect(f, ids[0], ids[3]);
    assert_round_trip(f, before, "Connect");
    g_autofree char *before2 = json(f);
    /* d's first input goes; b moves up to port 0. */
    g_assert_true(pk_graph_disconnect(f->graph, ids[4], 0, NULL));
    g_assert_cmpuint(pk_graph_get_input(f->graph, ids[4], 0), ==, ids[2]);
    assert_round_trip(f, before2, "Disconnect");
    undo_ok(f);
    g_assert_cmpuint(pk_graph_get_input(f->graph, ids[4], 0), ==, ids[1]);
    g_assert_cmpuint(pk_graph_get_input(f->graph, ids[4], 1), ==, ids[2]);
}

static void test_move(Fixture *f, gconstpointer data) {
    (void)data;
    PkNodeId ids[5];
    build_chain(f, ids);
    g_autofree char *before = json(f);
    g_assert_true(pk_graph_move(f->graph, ids[4], 0, NULL));
    assert_round_trip(f, before, "Move cell");
    g_autofree char *before2 = json(f);
    pk_graph_set_position(f->graph, ids[1], -123.25, 4567.5);
    assert_round_trip(f, before2, "Move card");
    /* The viewport is not an edit. */
    pk_graph_set_viewport(f->graph, 10, 20, 2);
    g_assert_false(pk_history_commit(f->history, "Pan"));
}

/* The chain's queries read only src by name, so that renames do not change what they read. */
static void read_src_only(Fixture *f, const PkNodeId ids[5]) {
    for (guint i = 1; i < 5; i++) {
        g_assert_true(
            pk_graph_set_params(f->graph, ids[i], params1("sql", "SELECT * FROM src"), NULL));
    }
    pk_history_reset(f->history);
}

static void test_rename_swap(Fixture *f, gconstpointer data) {
    (void)data;
    PkNodeId ids[5];
    build_chain(f, ids);
    read_src_only(f, ids);
    g_autofree char *before = json(f);
    /* a <-> b through a temporary name, and c to a name d will give up. */
    g_assert_true(pk_graph_rename(f->graph, ids[1], "tmp", NULL));
    g_assert_true(pk_graph_rename(f->graph, ids[2], "a", NULL));
    g_assert_true(pk_graph_rename(f->graph, ids[1], "b", NULL));
    g_assert_true(pk_graph_rename(f->graph, ids[4], "e", NULL));
    g_assert_true(pk_graph_rename(f->graph, ids[3], "d", NULL));
    assert_round_trip(f, before, "Rename");
    undo_ok(f);
    g_assert_cmpuint(pk_graph_find(f->graph, "a"), ==, ids[1]);
    g_assert_cmpuint(pk_graph_find(f->graph, "d"), ==, ids[4]);
    /* A node named like the temporary names does not get in the way of a swap. */
    g_autofree char *taken = g_strdup_printf("_undo_%u", ids[1]);
    g_assert_true(pk_graph_rename(f->graph, ids[3], taken, NULL));
    g_assert_true(pk_history_commit(f->history, "Rename"));
    g_autofree char *before2 = json(f);
    g_assert_true(pk_graph_rename(f->graph, ids[1], "t", NULL));
    g_assert_true(pk_graph_rename(f->graph, ids[2], "a", NULL));
    g_assert_true(pk_graph_rename(f->graph, ids[1], "b", NULL));
    assert_round_trip(f, before2, "Swap");
    /* A change of case only is a rename too. */
    g_autofree char *before3 = json(f);
    g_assert_true(pk_graph_rename(f->graph, ids[1], "B", NULL));
    assert_round_trip(f, before3, "Rename");
}

static void test_param_change(Fixture *f, gconstpointer data) {
    (void)data;
    PkNodeId ids[5];
    build_chain(f, ids);
    g_autofree char *before = json(f);
    g_assert_true(pk_graph_set_params(f->graph, ids[1],
                                      params1("sql", "SELECT x, g FROM src WHERE x < 10"), NULL));
    assert_round_trip(f, before, "Edit SQL");
    g_autofree char *before2 = json(f);
    g_assert_true(pk_graph_set_params(f->graph, ids[2], params1("sql", "SELECT 1 AS one"), NULL));
    assert_round_trip(f, before2, "Edit SQL");
}

/* Swaps the names of one and two, or renames one to name when they are the same node. */
static gboolean rename_or_swap(Fixture *f, PkNodeId one, PkNodeId two, const char *name) {
    if (one == two) {
        return pk_graph_rename(f->graph, one, name, NULL);
    }
    g_autofree char *a = g_strdup(pk_graph_get_name(f->graph, one));
    g_autofree char *b = g_strdup(pk_graph_get_name(f->graph, two));
    return pk_graph_rename(f->graph, one, name, NULL) && pk_graph_rename(f->graph, two, a, NULL) &&
           pk_graph_rename(f->graph, one, b, NULL);
}

/* One random edit of the graph; FALSE when the one picked was refused (a cycle, a taken name)
 * or had nothing to act on. */
static gboolean random_edit(Fixture *f, GRand *rand, guint k) {
    guint n = 0;
    g_autofree PkNodeId *ids = pk_graph_list_nodes(f->graph, &n);
    PkNodeId one = n > 0 ? ids[g_rand_int_range(rand, 0, (gint32)n)] : 0;
    PkNodeId two = n > 0 ? ids[g_rand_int_range(rand, 0, (gint32)n)] : 0;
    g_autofree char *name = g_strdup_printf("n%u", k);
    g_autoptr(GError) error = NULL;
    gboolean ok = FALSE;
    switch (g_rand_int_range(rand, 0, 9)) {
    case 0:
        ok = pk_graph_add_node(f->graph, PK_NODE_QUERY, name, params1("sql", "SELECT 1"), &error) !=
             0;
        break;
    case 1:
        ok = pk_graph_add_node(f->graph, PK_NODE_NOTE, name, params1("text", name), &error) != 0;
        break;
    case 2:
        ok = one != 0 && pk_graph_remove_node(f->graph, one, &error);
        break;
    case 3:
        ok = one != 0 && pk_graph_get_kind(f->graph, two) == PK_NODE_QUERY &&
             pk_graph_connect(f->graph, one, two, pk_graph_n_inputs(f->graph, two), &error);
        break;
    case 4:
        ok =
            one != 0 && pk_graph_n_inputs(f->graph, one) > 0 &&
            pk_graph_disconnect(
                f->graph, one,
                (guint)g_rand_int_range(rand, 0, (gint32)pk_graph_n_inputs(f->graph, one)), &error);
        break;
    case 5:
        ok = one != 0 && pk_graph_move(f->graph, one, g_rand_int_range(rand, 0, 8), NULL);
        break;
    case 6:
        if (one != 0) {
            pk_graph_set_position(f->graph, one, g_rand_int_range(rand, -50, 50) * 10.0,
                                  g_rand_double(rand) * 1000.0);
        }
        ok = one != 0;
        break;
    case 7:
        ok = one != 0 && rename_or_swap(f, one, two, name);
        break;
    default: {
        /* Half the SQL edits name a node, so that the query reads it (a derived input). */
        PkNodeKind kind = two != 0 ? pk_graph_get_kind(f->graph, two) : PK_NODE_NOTE;
        gboolean names = k % 2 == 1 && pk_node_kind_output(kind) == PK_PORT_TABLE;
        g_autofree char *sql =
            names ? g_strdup_printf("SELECT * FROM %s", pk_graph_get_name(f->graph, two))
                  : g_strdup_printf("SELECT %u AS v", k);
        ok = one != 0 && pk_graph_get_kind(f->graph, one) == PK_NODE_QUERY &&
             pk_graph_set_params(f->graph, one, params1("sql", sql), &error);
    }
    }
    return ok;
}

/* The node ids in notebook order, each with its inputs (derived ones starred), as text. */
static char *id_list(Fixture *f) {
    guint n = 0;
    g_autofree PkNodeId *ids = pk_graph_list_nodes(f->graph, &n);
    GString *text = g_string_new(NULL);
    for (guint i = 0; i < n; i++) {
        g_string_append_printf(text, "%u(", ids[i]);
        for (guint p = 0; p < pk_graph_n_inputs(f->graph, ids[i]); p++) {
            g_string_append_printf(text, " %u%s", pk_graph_get_input(f->graph, ids[i], p),
                                   pk_graph_input_is_derived(f->graph, ids[i], p) ? "*" : "");
        }
        g_string_append(text, ") ");
    }
    return g_string_free(text, FALSE);
}

static void test_random_sequence(Fixture *f, gconstpointer data) {
    (void)data;
    const char *env = g_getenv("PIKA_TEST_SEED");
    guint32 seed = env != NULL ? (guint32)g_ascii_strtoull(env, NULL, 10) : g_random_int();
    g_test_message("seed %u (set PIKA_TEST_SEED to repeat)", seed);
    g_printerr("history random edits: seed %u\n", seed);
    g_autoptr(GRand) rand = g_rand_new_with_seed(seed);
    PkNodeId ids[5];
    build_chain(f, ids);
    /* Per state: the workspace text and the node ids in order (the text has no ids). */
    g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GPtrArray) orders = g_ptr_array_new_with_free_func(g_free);
    g_ptr_array_add(texts, json(f));
    g_ptr_array_add(orders, id_list(f));
    for (guint k = 0; texts->len <= 20; k++) {
        g_assert_cmpuint(k, <, 2000);
        if (random_edit(f, rand, k) && pk_history_commit(f->history, "Random")) {
            g_ptr_array_add(texts, json(f));
            g_ptr_array_add(orders, id_list(f));
        }
    }
    g_assert_cmpuint(pk_history_n_undo(f->history), ==, 20);
    g_test_message("last state (id(inputs), * derived): %s", (char *)orders->pdata[20]);
    for (guint i = 20; i-- > 0;) {
        undo_ok(f);
        g_autofree char *text = json(f);
        g_autofree char *order = id_list(f);
        g_assert_cmpstr(text, ==, texts->pdata[i]);
        g_assert_cmpstr(order, ==, orders->pdata[i]);
    }
    g_assert_false(pk_history_can_undo(f->history));
    for (guint i = 1; i <= 20; i++) {
        redo_ok(f);
        g_autofree char *text = json(f);
        g_autofree char *order = id_list(f);
        g_assert_cmpstr(text, ==, texts->pdata[i]);
        g_assert_cmpstr(order, ==, orders->pdata[i]);
    }
    g_assert_false(pk_history_can_redo(f->history));
}

static void test_redo_cleared(Fixture *f, gconstpointer data) {
    (void)data;
    PkNodeId ids[5];
    build_chain(f, ids);
    g_assert_true(pk_graph_rename(f->graph, ids[3], "first", NULL));
    g_assert_true(pk_history_commit(f->history, "Rename"));
    undo_ok(f);
    g_assert_true(pk_history_can_redo(f->history));
    g_assert_cmpstr(pk_history_redo_label(f->history), ==, "Rename");
    g_assert_true(pk_graph_rename(f->graph, ids[3], "second", NULL));
    /* An edit not committed yet leaves nothing to redo already. */
    g_assert_false(pk_history_can_redo(f->history));
    g_assert_true(pk_history_commit(f->history, "Rename again"));
    g_assert_false(pk_history_can_redo(f->history));
    g_assert_null(pk_history_redo_label(f->history));
    g_autoptr(GError) error = NULL;
    g_assert_false(pk_history_redo(f->history, &error));
    g_assert_error(error, PK_ERROR, PK_ERROR_NOT_FOUND);
    g_assert_nonnull(strstr(error->message, "Nothing to redo"));
    /* Committing the same state again records nothing. */
    g_assert_false(pk_history_commit(f->history, "Nothing"));
    g_assert_cmpuint(pk_history_n_undo(f->history), ==, 1);
}

static void test_uncommitted_edit(Fixture *f, gconstpointer data) {
    (void)data;
    PkNodeId ids[5];
    build_chain(f, ids);
    g_autofree char *before = json(f);
    g_assert_true(pk_graph_remove_node(f->graph, ids[4], NULL));
    g_assert_true(pk_history_can_undo(f->history));
    g_assert_cmpstr(pk_history_undo_label(f->history), ==, "Edit");
    undo_ok(f); /* commits the removal as "Edit", then takes it back */
    g_autofree char *text = json(f);
    g_assert_cmpstr(text, ==, before);
    g_assert_cmpstr(pk_history_redo_label(f->history), ==, "Edit");
    g_autoptr(GError) error = NULL;
    g_assert_false(pk_history_undo(f->history, &error));
    g_assert_error(error, PK_ERROR, PK_ERROR_NOT_FOUND);
    g_assert_nonnull(strstr(error->message, "Nothing to undo"));
}

static void test_max_steps(Fixture *f, gconstpointer data) {
    (void)data;
    PkNodeId ids[5];
    build_chain(f, ids);
    pk_history_free(f->history);
    f->history = pk_history_new(f->graph, 3);
    g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func(g_free);
    for (guint i = 0; i < 6; i++) {
        g_ptr_array_add(texts, json(f));
        pk_graph_set_position(f->graph, ids[0], i + 1.0, 0);
        g_assert_true(pk_history_commit(f->history, "Move"));
    }
    g_assert_cmpuint(pk_history_n_undo(f->history), ==, 3);
    for (guint i = 0; i < 3; i++) {
        undo_ok(f);
    }
    g_autofree char *text = json(f);
    g_assert_cmpstr(text, ==, texts->pdata[3]); /* the oldest steps are forgotten */
    g_autoptr(GError) error = NULL;
    g_assert_false(pk_history_undo(f->history, &error));
    g_assert_error(error, PK_ERROR, PK_ERROR_NOT_FOUND);
    g_assert_cmpuint(pk_history_n_redo(f->history), ==, 3);
}

#define SPEC "'spec': <{'type': <'%s'>, 'x': <{'column': <'x'>}>, 'y': <{'column': <'y'>}>}>"

static GVariant *plot_params(const char *type, double lo) {
    g_autofree char *text =
        g_strdup_printf("{" SPEC ", 'view': <{'x': <[<%g>, <%g>]>}>}", type, lo, lo + 10);
    return g_variant_new_parsed(text);
}

static double view_lo(Fixture *f, PkNodeId plot) {
    g_autoptr(GVariant) params = pk_graph_get_params(f->graph, plot);
    g_autoptr(GVariant) view = pk_params_get_child(params, "view");
    double range[2] = {0, 0};
    g_assert_true(pk_params_get_doubles(view, "x", range, 2, NULL));
    return range[0];
}

static void test_view_not_recorded(Fixture *f, gconstpointer data) {
    (void)data;
    PkNodeId src = add_source(f);
    PkNodeId plot = add(f, PK_NODE_PLOT, "p", plot_params("scatter", 0));
    connect(f, src, plot);
    pk_history_reset(f->history);
    /* A pan is not an edit. */
    g_assert_true(pk_graph_set_params(f->graph, plot, plot_params("scatter", 5), NULL));
    g_assert_false(pk_history_commit(f->history, "Pan"));
    g_assert_false(pk_history_can_undo(f->history));
    /* A spec change is; undoing it keeps the view the window shows now. */
    g_assert_true(pk_graph_set_params(f->graph, plot, plot_params("line", 5), NULL));
    g_assert_true(pk_history_commit(f->history, "Plot type"));
    g_assert_true(pk_graph_set_params(f->graph, plot, plot_params("line", 7), NULL));
    undo_ok(f);
    g_autoptr(GVariant) params = pk_graph_get_params(f->graph, plot);
    g_autoptr(GVariant) spec = pk_params_get_child(params, "spec");
    g_assert_cmpstr(pk_params_get_string(spec, "type", NULL), ==, "scatter");
    g_assert_cmpfloat(view_lo(f, plot), ==, 7);
    redo_ok(f);
    g_assert_cmpfloat(view_lo(f, plot), ==, 7);
    /* A removed plot comes back as its step recorded it, with the view of that time. */
    g_assert_true(pk_graph_remove_node(f->graph, plot, NULL));
    g_assert_true(pk_history_commit(f->history, "Delete"));
    undo_ok(f);
    g_assert_cmpfloat(view_lo(f, plot), ==, 5);
    g_assert_cmpuint(pk_graph_get_input(f->graph, plot, 0), ==, src);
}

static void evaluate_ok(Fixture *f) {
    g_autoptr(GError) error = NULL;
    g_assert_true(pk_graph_load_sources(f->graph, NULL, &error));
    g_assert_no_error(error);
    g_assert_true(pk_graph_evaluate(f->graph, 0, &error));
    g_assert_no_error(error);
}

static gboolean is_cached(Fixture *f, PkNodeId id) {
    PkNodeStatus st;
    pk_graph_get_status(f->graph, id, &st);
    gboolean cached = st.state == PK_NODE_DONE && !st.dirty;
    pk_node_status_clear(&st);
    return cached;
}

static void test_undo_hits_cache(Fixture *f, gconstpointer data) {
    (void)data;
    PkNodeId src = add_source(f);
    PkNodeId q = add_query(f, "q", "SELECT g, sum(y) AS s FROM src GROUP BY g", src);
    PkNodeId other = add_query(f, "other", "SELECT max(x) AS m FROM src", src);
    PkNodeId plot = add(f, PK_NODE_PLOT, "p", plot_params("scatter", 0));
    connect(f, src, plot);
    evaluate_ok(f);
    pk_history_reset(f->history);
    g_autofree char *before = json(f);
    g_assert_true(
        pk_graph_set_params(f->graph, q, params1("sql", "SELECT count(*) FROM src"), NULL));
    g_assert_true(pk_history_commit(f->history, "Edit SQL"));
    evaluate_ok(f);
    g_assert_cmpuint(pk_graph_get_run_count(f->graph, q), ==, 2);
    undo_ok(f);
    g_autofree char *undone = json(f);
    g_assert_cmpstr(undone, ==, before);
    /* Only q is dirty; evaluating finds its earlier value in the cache. */
    g_assert_true(is_cached(f, src));
    g_assert_true(is_cached(f, other));
    g_assert_true(is_cached(f, plot));
    g_assert_false(is_cached(f, q));
    evaluate_ok(f);
    g_assert_cmpuint(pk_graph_get_run_count(f->graph, src), ==, 1);
    g_assert_cmpuint(pk_graph_get_run_count(f->graph, other), ==, 1);
    g_assert_cmpuint(pk_graph_get_run_count(f->graph, plot), ==, 1);
    g_assert_cmpuint(pk_graph_get_run_count(f->graph, q), ==, 2);
    PkNodeStatus st;
    pk_graph_get_status(f->graph, q, &st);
    g_assert_true(st.cached);
    pk_node_status_clear(&st);
    /* Removing the source and undoing it imports nothing again (a source always checks its
     * file's fingerprint, which is all its run does here) and runs nothing downstream. */
    g_assert_true(pk_graph_remove_node(f->graph, src, NULL));
    g_assert_true(pk_history_commit(f->history, "Delete"));
    undo_ok(f);
    evaluate_ok(f);
    pk_graph_get_status(f->graph, src, &st);
    g_assert_cmpint(st.state, ==, PK_NODE_DONE);
    g_assert_null(st.message); /* "Imported." after an import */
    pk_node_status_clear(&st);
    g_assert_cmpuint(pk_graph_get_run_count(f->graph, other), ==, 1);
    g_assert_cmpuint(pk_graph_get_run_count(f->graph, q), ==, 2);
    g_autofree char *back = json(f);
    g_assert_cmpstr(back, ==, before);
}

#define SLOW_SQL "SELECT sum(hash(i)) AS h FROM range(2000000000) r(i)"

static void test_busy_refused(Fixture *f, gconstpointer data) {
    (void)data;
    PkNodeId slow = add_query(f, "slow", SLOW_SQL, 0);
    pk_history_reset(f->history);
    g_assert_true(pk_graph_rename(f->graph, slow, "slower", NULL));
    g_autoptr(GError) error = NULL;
    g_assert_true(pk_graph_evaluate_async(f->graph, 0, NULL, NULL, &error));
    g_assert_false(pk_history_undo(f->history, &error));
    g_assert_error(error, PK_ERROR, PK_ERROR_INVALID);
    g_assert_nonnull(strstr(error->message, "busy"));
    pk_graph_cancel(f->graph, 0);
    pk_graph_wait(f->graph);
    g_assert_cmpstr(pk_graph_get_name(f->graph, slow), ==, "slower");
    undo_ok(f);
    g_assert_cmpstr(pk_graph_get_name(f->graph, slow), ==, "slow");
}

static void test_add_with_id(Fixture *f, gconstpointer data) {
    (void)data;
    PkNodeId a = add(f, PK_NODE_NOTE, "a", NULL);
    g_autoptr(GError) error = NULL;
    g_assert_cmpuint(pk_graph_add_node_with_id(f->graph, a, PK_NODE_NOTE, "b", NULL, &error), ==,
                     0);
    g_assert_error(error, PK_ERROR, PK_ERROR_EXISTS);
    g_assert_nonnull(strstr(error->message, "'a'"));
    g_assert_cmpuint(pk_graph_add_node_with_id(f->graph, 40, PK_NODE_NOTE, "b", NULL, NULL), ==,
                     40);
    g_assert_cmpuint(add(f, PK_NODE_NOTE, "c", NULL), ==, 41);
}

/* The canvas is meant for 1,000 nodes: a step there is quick to record and to undo. */
static void test_thousand_nodes(Fixture *f, gconstpointer data) {
    (void)data;
    PkNodeId src = add_source(f);
    PkNodeId prev = src;
    for (guint i = 1; i < 1000; i++) {
        g_autofree char *name = g_strdup_printf("q%u", i);
        g_autofree char *sql =
            g_strdup_printf("SELECT * FROM %s", pk_graph_get_name(f->graph, prev));
        PkNodeId id = add_query(f, name, sql, i % 10 == 0 ? src : prev);
        pk_graph_set_position(f->graph, id, (i % 40) * 300.0, (i / 40) * 200.0);
        prev = id;
    }
    pk_history_reset(f->history);
    g_autofree char *before = json(f);
    gint64 t0 = g_get_monotonic_time();
    g_assert_false(pk_history_commit(f->history, "Nothing"));
    gint64 t1 = g_get_monotonic_time();
    g_assert_true(pk_graph_remove_node(f->graph, pk_graph_find(f->graph, "q500"), NULL));
    g_assert_true(pk_history_commit(f->history, "Delete"));
    gint64 t2 = g_get_monotonic_time();
    undo_ok(f);
    gint64 t3 = g_get_monotonic_time();
    g_autofree char *after = json(f);
    g_assert_cmpstr(after, ==, before);
    g_test_message("1,000 nodes: commit without change %.2f ms, delete + commit %.2f ms, "
                   "undo %.2f ms",
                   (double)(t1 - t0) / 1000.0, (double)(t2 - t1) / 1000.0,
                   (double)(t3 - t2) / 1000.0);
    g_assert_cmpint(t3 - t2, <, G_USEC_PER_SEC); /* generous: sanitizer builds are slow */
}

int main(int argc, char **argv) {
    g_test_init(&argc, &argv, NULL);
#define ADD(path, fn) g_test_add(path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
    ADD("/graph/history/add-node-round-trips", test_add_node);
    ADD("/graph/history/remove-middle-restores-edges-id-and-order", test_remove_middle);
    ADD("/graph/history/connect-and-disconnect-round-trip", test_connect_disconnect);
    ADD("/graph/history/move-order-and-position-round-trip", test_move);
    ADD("/graph/history/renames-and-swaps-never-collide", test_rename_swap);
    ADD("/graph/history/sql-change-round-trips", test_param_change);
    ADD("/graph/history/twenty-random-edits-undone-and-redone", test_random_sequence);
    ADD("/graph/history/commit-clears-redo", test_redo_cleared);
    ADD("/graph/history/undo-commits-pending-edits-first", test_uncommitted_edit);
    ADD("/graph/history/max-steps-drops-oldest", test_max_steps);
    ADD("/graph/history/plot-view-is-not-a-step", test_view_not_recorded);
    ADD("/graph/history/undo-finds-values-in-cache", test_undo_hits_cache);
    ADD("/graph/history/refused-while-busy", test_busy_refused);
    ADD("/graph/history/add-with-id-keeps-ids-stable", test_add_with_id);
    ADD("/graph/history/thousand-nodes-quick", test_thousand_nodes);
    return pk_test_run();
}
