/* test-workspace-robust.c — damaged, hostile and absurd workspace files: each is refused with
 * its own error code and a message naming the file and what is wrong, or (hostile SQL) loads
 * as inert recipes. The committed fixtures live in fixtures/; the large ones (10,000 nodes,
 * 17 MiB) are generated under the temp folder. */
#include "pika-test.h"
#include "ws-util.h"

#include <glib/gstdio.h>
#include <string.h>

static void expect(const char *fixture, int code, const char *fragment) {
    g_autofree char *message = ws_expect_failure(fixture, code, fragment, NULL);
}

static void test_truncated(void) {
    expect("truncated.pika", PK_ERROR_PARSE, "cut short");
}

static void test_corrupt(void) {
    g_autofree char *m =
        ws_expect_failure("corrupt.pika", PK_ERROR_PARSE, "line 5", "not valid JSON", ".bak", NULL);
}

static void test_binary(void) {
    expect("binary.pika", PK_ERROR_NOT_TEXT, "binary");
}

static void test_empty(void) {
    expect("empty.pika", PK_ERROR_EMPTY, "empty");
}

static void test_not_object(void) {
    expect("not-object.pika", PK_ERROR_TYPE, "top level is an array");
}

static void test_no_version(void) {
    expect("no-version.pika", PK_ERROR_PARSE, "no format version");
}

static void test_version_string(void) {
    expect("version-string.pika", PK_ERROR_TYPE, "\"version\" must be an integer");
}

static void test_newer_version(void) {
    expect("newer-version.pika", PK_ERROR_VERSION,
           "made by a newer Pika-Plot: file version 3, this version reads up to 1");
}

static void test_wrong_types(void) {
    expect("wrong-types.pika", PK_ERROR_TYPE, "node 1: \"name\" must be a string, not a number");
    expect("wrong-type-nodes.pika", PK_ERROR_TYPE, "\"nodes\" must be an array");
}

static void test_unknown_kind(void) {
    expect("unknown-kind.pika", PK_ERROR_INVALID, "node 2 (\"model\")");
}

static void test_duplicate_names(void) {
    expect("duplicate-names.pika", PK_ERROR_EXISTS, "node 2 (\"trips\")");
}

static void test_edge_unknown_node(void) {
    expect("edge-unknown-node.pika", PK_ERROR_NOT_FOUND, "node named \"ghost\"");
}

static void test_cycle(void) {
    expect("cycle.pika", PK_ERROR_INVALID, "edge \"b\" -> \"c\"");
}

/* Queries naming each other in their SQL, with no edge in the file. */
static void test_sql_cycle(void) {
    expect("sql-cycle.pika", PK_ERROR_INVALID, "'a' reads 'c', 'c' reads 'b', 'b' reads 'a'");
}

static void test_deep_nesting(void) {
    expect("deep-nesting.pika", PK_ERROR_TOO_LARGE, "nested more than 64 levels");
}

/* Two workspaces joined in one file: json-glib would read both, keep the second and leak the
 * first. Refused before parsing, as is a JavaScript assignment around the object. */
static void test_two_documents(void) {
    g_autofree char *m = ws_expect_failure("two-documents.pika", PK_ERROR_PARSE, "line 8",
                                           "a second JSON value", NULL);
    static const char *const texts[] = {
        "[1] {\"format\": \"pika-workspace\", \"version\": 1, \"nodes\": []}",
        "var w = {\"format\": \"pika-workspace\", \"version\": 1, \"nodes\": []};",
    };
    for (guint i = 0; i < G_N_ELEMENTS(texts); i++) {
        WsGraph g;
        ws_graph_init(&g, NULL);
        g_autoptr(GError) error = NULL;
        g_assert_false(
            pk_workspace_load_data(g.graph, texts[i], strlen(texts[i]), "joined.pika", &error));
        g_assert_error(error, PK_ERROR, PK_ERROR_PARSE);
        g_assert_nonnull(strstr(error->message, "a second JSON value"));
        g_assert_cmpuint(pk_graph_n_nodes(g.graph), ==, 0);
        ws_graph_clear(&g);
    }
}

/* A note whose text is the JSON string literal text (its escapes as written). */
static gboolean load_note(const char *text, GError **error) {
    g_autofree char *doc =
        g_strdup_printf("{\"format\": \"pika-workspace\", \"version\": 1, \"nodes\": "
                        "[{\"name\": \"n\", \"kind\": \"note\", \"params\": {\"text\": \"%s\"}}]}",
                        text);
    WsGraph g;
    ws_graph_init(&g, NULL);
    gboolean ok = pk_workspace_load_data(g.graph, doc, strlen(doc), "escapes.pika", error);
    ws_graph_clear(&g);
    return ok;
}

/* json-glib reads C's octal escapes and lone low surrogates, which make strings that are not
 * UTF-8 (a GLib critical, then a load that failed without an error). Only JSON's escapes
 * pass, surrogates in pairs. */
static void test_non_json_escapes(void) {
    static const char *const refused[] = {"\\222", "\\udc00x", "\\ud800\\u0041",
                                          "\\x41", "\\q",      "\\u12"};
    for (guint i = 0; i < G_N_ELEMENTS(refused); i++) {
        g_autoptr(GError) error = NULL;
        g_assert_false(load_note(refused[i], &error));
        g_assert_error(error, PK_ERROR, PK_ERROR_PARSE);
        if (strstr(error->message, "is not a JSON escape") == NULL) {
            g_error("%s: %s", refused[i], error->message);
        }
    }
    static const char *const loaded[] = {"\\\"\\\\\\/\\b\\f\\n\\r\\t", "\\u00e9\\u20AC",
                                         "\\ud83d\\ude00"};
    for (guint i = 0; i < G_N_ELEMENTS(loaded); i++) {
        g_autoptr(GError) error = NULL;
        g_assert_true(load_note(loaded[i], &error));
        g_assert_no_error(error);
    }
}

static void test_brackets_in_strings(void) {
    WsGraph g;
    ws_graph_init(&g, NULL);
    g_autofree char *path = ws_fixture("brackets-in-strings.pika");
    g_autoptr(GError) error = NULL;
    g_assert_true(pk_workspace_load(g.graph, path, &error));
    g_assert_no_error(error);
    ws_graph_clear(&g);
}

static void test_absurd_numbers(void) {
    expect("absurd-position.pika", PK_ERROR_INVALID, "position x 1e+308 is out of range");
    expect("absurd-viewport.pika", PK_ERROR_INVALID, "zoom 0 is out of range");
    expect("absurd-number.pika", PK_ERROR_INVALID, "\"weight\" is a number too large");
    expect("absurd-integer.pika", PK_ERROR_INVALID, "too large (at most 18 digits)");
    expect("absurd-plot-size.pika", PK_ERROR_INVALID, "width");
}

static void test_absurd_plot_bins(void) {
    expect("absurd-bins.pika", PK_ERROR_INVALID, "bins");
}

/* Hostile SQL is only text until it is evaluated on a locked-down database (the graph's
 * integration tests evaluate these); loading must accept it as inert recipes. */
static const char *const hostile_fixtures[] = {"hostile-copy-to.pika",
                                               "hostile-read-csv.pika",
                                               "hostile-install-load.pika",
                                               "hostile-attach.pika",
                                               "hostile-set-external-access.pika",
                                               "hostile-pragma.pika"};

static void test_hostile_sql_loads_as_recipes(void) {
    const char *const *names = hostile_fixtures;
    for (guint i = 0; i < G_N_ELEMENTS(hostile_fixtures); i++) {
        WsGraph g;
        ws_graph_init(&g, NULL);
        g_autofree char *path = ws_fixture(names[i]);
        g_autoptr(GError) error = NULL;
        g_assert_true(pk_workspace_load(g.graph, path, &error));
        g_assert_no_error(error);
        g_assert_cmpuint(pk_graph_n_nodes(g.graph), >=, 3);
        g_assert_cmpuint(pk_graph_find(g.graph, "q1"), !=, 0);
        ws_graph_clear(&g);
    }
}

/* Copies fixture and trips.csv into a new scratch folder; returns the copy's path there. */
static char *scratch_copy(const char *fixture, char **out_dir) {
    *out_dir = ws_tmpdir();
    const char *files[] = {fixture, "trips.csv"};
    for (guint i = 0; i < G_N_ELEMENTS(files); i++) {
        g_autofree char *from = ws_fixture(files[i]);
        g_autofree char *to = g_build_filename(*out_dir, files[i], NULL);
        gsize len = 0;
        g_autofree char *data = ws_read(from, &len);
        g_assert_true(g_file_set_contents(to, data, (gssize)len, NULL));
    }
    return g_build_filename(*out_dir, fixture, NULL);
}

/* The hostile fixtures opened through the door the CLI (pika run) and the window both use,
 * pk_workspace_open_locked: the source loads, and every query is refused without touching a
 * file outside the workspace. */
static void test_hostile_sql_refused_through_the_door(void) {
    const char *const *names = hostile_fixtures;
    for (guint i = 0; i < G_N_ELEMENTS(hostile_fixtures); i++) {
        g_autofree char *dir = NULL;
        g_autofree char *path = scratch_copy(names[i], &dir);
        g_autoptr(GError) error = NULL;
        PkDb *db = NULL;
        PkGraph *graph = pk_workspace_open_locked(path, NULL, NULL, &db, NULL, &error);
        g_assert_no_error(error);
        g_assert_nonnull(graph);
        guint n = 0, refused = 0;
        g_autofree PkNodeId *ids = pk_graph_list_nodes(graph, &n);
        for (guint k = 0; k < n; k++) {
            PkNodeKind kind = pk_graph_get_kind(graph, ids[k]);
            g_autoptr(GError) run_error = NULL;
            gboolean ran = pk_graph_evaluate(graph, ids[k], &run_error);
            if (kind == PK_NODE_SOURCE) {
                g_assert_no_error(run_error);
            } else if (kind == PK_NODE_QUERY) {
                g_assert_false(ran);
                g_assert_nonnull(run_error);
                g_test_message("%s: %s", names[i], run_error->message);
                refused++;
            }
        }
        g_assert_cmpuint(refused, >=, 2);
        pk_graph_free(graph);
        pk_db_close(db);
        ws_rmdir(dir);
    }
    const char *written[] = {"/tmp/pika-hostile-copy.csv", "/tmp/pika-hostile-copy2.csv",
                             "/tmp/pika-hostile.duckdb", "/tmp/pika-hostile2.duckdb"};
    for (guint i = 0; i < G_N_ELEMENTS(written); i++) {
        g_assert_false(g_file_test(written[i], G_FILE_TEST_EXISTS));
    }
}

static GString *many_notes(guint n) {
    GString *s = g_string_new("{\"format\": \"pika-workspace\", \"version\": 1, \"nodes\": [\n");
    for (guint i = 0; i < n; i++) {
        g_string_append_printf(s,
                               "%s{\"name\": \"n%u\", \"kind\": \"note\", \"position\": "
                               "[%u, 0], \"params\": {\"text\": \"note %u\"}}",
                               i ? ",\n" : "", i, i * 10, i);
    }
    g_string_append(s, "]}\n");
    return s;
}

static void test_ten_thousand_nodes_refused(void) {
    g_autoptr(GString) s = many_notes(10000);
    WsGraph g;
    ws_graph_init(&g, NULL);
    g_autoptr(GError) error = NULL;
    gint64 t0 = g_get_monotonic_time();
    g_assert_false(pk_workspace_load_data(g.graph, s->str, s->len, "many.pika", &error));
    double ms = (double)(g_get_monotonic_time() - t0) / 1000.0;
    g_test_message("10,000 nodes refused in %.1f ms", ms);
    g_assert_error(error, PK_ERROR, PK_ERROR_TOO_LARGE);
    g_assert_nonnull(strstr(error->message, "many.pika: 10000 nodes"));
    g_assert_cmpuint(pk_graph_n_nodes(g.graph), ==, 0);
    ws_graph_clear(&g);
}

static void test_node_limit_loads_quickly(void) {
    g_autoptr(GString) s = many_notes(PK_WORKSPACE_MAX_NODES);
    WsGraph g;
    ws_graph_init(&g, NULL);
    g_autoptr(GError) error = NULL;
    gint64 t0 = g_get_monotonic_time();
    g_assert_true(pk_workspace_load_data(g.graph, s->str, s->len, "limit.pika", &error));
    double ms = (double)(g_get_monotonic_time() - t0) / 1000.0;
    g_test_message("%d nodes loaded in %.1f ms", PK_WORKSPACE_MAX_NODES, ms);
    g_assert_no_error(error);
    g_assert_cmpuint(pk_graph_n_nodes(g.graph), ==, PK_WORKSPACE_MAX_NODES);
    g_assert_cmpfloat(ms, <, 5000.0);
    ws_graph_clear(&g);
}

static void test_size_limit(void) {
    g_autofree char *dir = ws_tmpdir();
    g_autofree char *path = g_build_filename(dir, "huge.pika", NULL);
    FILE *f = g_fopen(path, "wb");
    g_assert_nonnull(f);
    g_assert_cmpint(fputs("{\"version\": 1, \"nodes\": [], \"pad\": \"", f), >=, 0);
    g_assert_cmpint(fseek(f, 17L * 1024 * 1024, SEEK_SET), ==, 0); /* sparse: cheap */
    g_assert_cmpint(fputs("\"}\n", f), >=, 0);
    fclose(f);
    WsGraph g;
    ws_graph_init(&g, NULL);
    g_autoptr(GError) error = NULL;
    g_assert_false(pk_workspace_load(g.graph, path, &error));
    g_assert_error(error, PK_ERROR, PK_ERROR_TOO_LARGE);
    g_assert_nonnull(strstr(error->message, "huge.pika"));
    g_assert_nonnull(strstr(error->message, "16 MiB"));
    g_clear_error(&error);
    g_assert_false(
        pk_workspace_load_data(g.graph, "{}", PK_WORKSPACE_MAX_FILE_SIZE + 1u, "big.pika", &error));
    g_assert_error(error, PK_ERROR, PK_ERROR_TOO_LARGE);
    ws_graph_clear(&g);
    ws_rmdir(dir);
}

static void test_missing_and_odd_files(void) {
    WsGraph g;
    ws_graph_init(&g, NULL);
    g_autoptr(GError) error = NULL;
    g_assert_false(pk_workspace_load(g.graph, "/nonexistent/a.pika", &error));
    g_assert_error(error, PK_ERROR, PK_ERROR_NOT_FOUND);
    g_assert_nonnull(strstr(error->message, "/nonexistent/a.pika"));
    g_clear_error(&error);
    g_autofree char *dir = ws_tmpdir();
    g_assert_false(pk_workspace_load(g.graph, dir, &error));
    g_assert_error(error, PK_ERROR, PK_ERROR_IO);
    g_assert_nonnull(strstr(error->message, "not a regular file"));
    g_clear_error(&error);
    g_assert_false(pk_workspace_load_data(g.graph, "{\"version\": 1, \"x\": \"\xff\"}",
                                          strlen("{\"version\": 1, \"x\": \"\xff\"}"),
                                          "latin1.pika", &error));
    g_assert_error(error, PK_ERROR, PK_ERROR_ENCODING);
    ws_graph_clear(&g);
    ws_rmdir(dir);
}

static void test_loading_writes_nothing(void) {
    /* Every fixture, valid or not, is loaded from a scratch copy of the folder: afterwards the
     * folder holds exactly the same files with the same bytes. */
    g_autofree char *fixtures = ws_fixture("");
    g_autofree char *dir = ws_tmpdir();
    GDir *d = g_dir_open(fixtures, 0, NULL);
    g_assert_nonnull(d);
    const char *name;
    guint n = 0;
    while ((name = g_dir_read_name(d)) != NULL) {
        g_autofree char *from = g_build_filename(fixtures, name, NULL);
        g_autofree char *to = g_build_filename(dir, name, NULL);
        gsize len = 0;
        g_autofree char *data = ws_read(from, &len);
        g_assert_true(g_file_set_contents(to, data, (gssize)len, NULL));
        WsGraph g;
        ws_graph_init(&g, dir);
        g_autoptr(GError) error = NULL;
        pk_workspace_load(g.graph, to, &error);
        ws_graph_clear(&g);
        gsize len2 = 0;
        g_autofree char *after = ws_read(to, &len2);
        g_assert_cmpmem(after, len2, data, len);
        n++;
    }
    g_dir_close(d);
    d = g_dir_open(dir, 0, NULL);
    guint m = 0;
    while (g_dir_read_name(d) != NULL) {
        m++;
    }
    g_dir_close(d);
    g_assert_cmpuint(m, ==, n);
    ws_rmdir(dir);
}

int main(int argc, char **argv) {
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/workspace/robust/truncated-file-says-cut-short", test_truncated);
    g_test_add_func("/workspace/robust/hostile-sql-refused-through-the-door",
                    test_hostile_sql_refused_through_the_door);
    g_test_add_func("/workspace/robust/corrupt-json-names-line", test_corrupt);
    g_test_add_func("/workspace/robust/binary-file-refused", test_binary);
    g_test_add_func("/workspace/robust/empty-file-refused", test_empty);
    g_test_add_func("/workspace/robust/top-level-must-be-object", test_not_object);
    g_test_add_func("/workspace/robust/missing-version-refused", test_no_version);
    g_test_add_func("/workspace/robust/version-of-wrong-type-refused", test_version_string);
    g_test_add_func("/workspace/robust/newer-version-names-both-versions", test_newer_version);
    g_test_add_func("/workspace/robust/wrong-types-name-the-field", test_wrong_types);
    g_test_add_func("/workspace/robust/unknown-node-kind-refused", test_unknown_kind);
    g_test_add_func("/workspace/robust/duplicate-node-names-refused", test_duplicate_names);
    g_test_add_func("/workspace/robust/edge-to-unknown-node-refused", test_edge_unknown_node);
    g_test_add_func("/workspace/robust/cycle-refused-naming-the-edge", test_cycle);
    g_test_add_func("/workspace/robust/sql-cycle-refused-naming-the-nodes", test_sql_cycle);
    g_test_add_func("/workspace/robust/deep-nesting-refused-before-parsing", test_deep_nesting);
    g_test_add_func("/workspace/robust/second-document-refused-before-parsing", test_two_documents);
    g_test_add_func("/workspace/robust/only-json-escapes-in-strings", test_non_json_escapes);
    g_test_add_func("/workspace/robust/brackets-inside-strings-do-not-count",
                    test_brackets_in_strings);
    g_test_add_func("/workspace/robust/absurd-numbers-refused", test_absurd_numbers);
    g_test_add_func("/workspace/robust/absurd-plot-bins-refused", test_absurd_plot_bins);
    g_test_add_func("/workspace/robust/hostile-sql-loads-as-inert-recipes",
                    test_hostile_sql_loads_as_recipes);
    g_test_add_func("/workspace/robust/ten-thousand-nodes-refused",
                    test_ten_thousand_nodes_refused);
    g_test_add_func("/workspace/robust/node-limit-loads-quickly", test_node_limit_loads_quickly);
    g_test_add_func("/workspace/robust/file-over-16-mib-refused-unread", test_size_limit);
    g_test_add_func("/workspace/robust/missing-directory-and-non-utf8-files",
                    test_missing_and_odd_files);
    g_test_add_func("/workspace/robust/loading-writes-nothing", test_loading_writes_nothing);
    return pk_test_run();
}
