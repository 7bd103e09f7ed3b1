/* test-workspace-format.c — the workspace format: canonical writing (save -> load -> save gives
 * identical bytes), what a file holds (nodes, parameters, edges, layout, selections,
 * fingerprints), the upgrade of a version 0 file, and source paths relative to the workspace's
 * folder. Real graphs over an in-memory DuckDB; nothing is evaluated. */
#include "pika-test.h"
#include "pika/graph.h"
#include "ws-util.h"

#include <math.h>
#include <string.h>

static GVariant *params(const char *text) {
    g_autoptr(GError) error = NULL;
    GVariant *v = g_variant_parse(G_VARIANT_TYPE_VARDICT, text, NULL, NULL, &error);
    g_assert_no_error(error);
    return v;
}

static PkNodeId add(PkGraph *graph, PkNodeKind kind, const char *name, const char *text) {
    g_autoptr(GError) error = NULL;
    g_autoptr(GVariant) p = params(text);
    PkNodeId id = pk_graph_add_node(graph, kind, name, p, &error);
    g_assert_no_error(error);
    return id;
}

static void connect(PkGraph *graph, PkNodeId from, PkNodeId to, guint port) {
    g_autoptr(GError) error = NULL;
    g_assert_true(pk_graph_connect(graph, from, to, port, &error));
    g_assert_no_error(error);
}

static char *to_json(PkGraph *graph, const char *dir) {
    g_autoptr(GError) error = NULL;
    gsize len = 0;
    char *text = pk_workspace_to_json(graph, dir, &len, &error);
    g_assert_no_error(error);
    g_assert_cmpuint(len, ==, strlen(text));
    return text;
}

/* Loads text into a new graph over base_dir and writes it again. */
static char *reload(const char *text, const char *base_dir) {
    WsGraph g;
    ws_graph_init(&g, base_dir);
    g_autoptr(GError) error = NULL;
    g_assert_true(pk_workspace_load_data(g.graph, text, strlen(text), "reload.pika", &error));
    g_assert_no_error(error);
    char *again = to_json(g.graph, NULL);
    ws_graph_clear(&g);
    return again;
}

static void test_fixture_round_trips_byte_for_byte(void) {
    WsGraph g;
    ws_graph_init(&g, NULL);
    g_autofree char *path = ws_fixture("basic.pika");
    g_autofree char *original = ws_read(path, NULL);
    g_autoptr(GError) error = NULL;
    g_assert_true(pk_workspace_load(g.graph, path, &error));
    g_assert_no_error(error);
    g_autofree char *fixtures = ws_fixture("");
    g_autofree char *saved = to_json(g.graph, fixtures);
    g_assert_cmpstr(saved, ==, original);
    ws_graph_clear(&g);
}

static void test_fixture_contents(void) {
    WsGraph g;
    ws_graph_init(&g, NULL);
    g_autofree char *path = ws_fixture("basic.pika");
    g_autoptr(GError) error = NULL;
    g_assert_true(pk_workspace_load(g.graph, path, &error));
    g_assert_no_error(error);
    guint n = 0;
    g_autofree PkNodeId *ids = pk_graph_list_nodes(g.graph, &n);
    g_assert_cmpuint(n, ==, 7);
    g_assert_cmpstr(pk_graph_get_name(g.graph, ids[0]), ==, "about");
    g_assert_cmpstr(pk_graph_get_name(g.graph, ids[6]), ==, "fares_png");
    PkNodeId trips = pk_graph_find(g.graph, "trips"), fares = pk_graph_find(g.graph, "fares");
    g_assert_cmpint(pk_graph_get_kind(g.graph, trips), ==, PK_NODE_SOURCE);
    g_assert_cmpstr(pk_graph_get_fingerprint(g.graph, trips), ==,
                    "2048:1700000000:9f86d081884c7d65");
    g_assert_cmpuint(pk_graph_get_input(g.graph, fares, 0), ==, pk_graph_find(g.graph, "by_hour"));
    double x, y, zoom;
    pk_graph_get_position(g.graph, fares, &x, &y);
    g_assert_cmpfloat(x, ==, 960.0);
    pk_graph_get_viewport(g.graph, &x, &y, &zoom);
    g_assert_cmpfloat(x, ==, -120.5);
    g_assert_cmpfloat(zoom, ==, 1.25);
    g_autoptr(GVariant) p = pk_graph_get_params(g.graph, fares);
    gint64 height = 0;
    double width = 0;
    g_assert_true(pk_params_get_int(p, "height", 0, 0, 100000, &height, NULL));
    g_assert_true(pk_params_get_double(p, "width", 0, 0, 100000, &width, NULL));
    g_assert_cmpint(height, ==, 400);
    g_assert_cmpfloat(width, ==, 640.5);
    PkSelection sel = {0};
    g_assert_true(pk_graph_get_selection(g.graph, trips, &sel));
    g_assert_cmpint(sel.kind, ==, PK_SELECTION_BOX);
    g_assert_cmpstr(sel.y_column, ==, "fare");
    g_assert_cmpfloat(sel.x0, ==, 1.5);
    pk_selection_clear(&sel);
    ws_graph_clear(&g);
}

/* A graph built through the API, with the awkward values: strings needing escapes, integers
 * and integral doubles, nested dictionaries, arrays, large and tiny numbers. */
static void test_save_load_save_identical(void) {
    g_autofree char *dir = ws_tmpdir();
    WsGraph g;
    ws_graph_init(&g, dir);
    PkNodeId src = add(g.graph, PK_NODE_SOURCE, "trips",
                       "{'path': <'sub/trips.csv'>, 'skip_rows': <int64 2>, "
                       "'null_strings': <['NA', '-']>, 'all_text': <false>}");
    PkNodeId other = add(g.graph, PK_NODE_SOURCE, "zones", "{'path': <'/srv/zones.parquet'>}");
    PkNodeId q = add(g.graph, PK_NODE_QUERY, "joined",
                     "{'sql': <'SELECT \"a\\\\b\", \\'é\\' AS e\\n\\tFROM trips, zones'>}");
    PkNodeId plot = add(g.graph, PK_NODE_PLOT, "p",
                        "{'spec': <{'type': <'scatter'>, 'x': <{'column': <'a'>, "
                        "'min': <0.1>, 'max': <1e300>, 'scale': <'log'>}>, "
                        "'y': <{'column': <'b'>}>}>, 'width': <1024.0>, 'scale': <2.0>}");
    add(g.graph, PK_NODE_NOTE, "readme", "{'text': <'ctrl \\u0001 and unicode \\u2603'>}");
    connect(g.graph, src, q, 0);
    connect(g.graph, other, q, 1);
    connect(g.graph, q, plot, 0);
    pk_graph_set_position(g.graph, plot, 1.0 / 3.0, -2.5e-7);
    pk_graph_set_viewport(g.graph, 12345.678, -0.0, 0.5);
    pk_graph_set_fingerprint(g.graph, src, "10:20:abc");
    PkSelection sel = {.kind = PK_SELECTION_CATEGORIES,
                       .x_column = (char *)"zone",
                       .categories = (char *[]){(char *)"A \"1\"", (char *)"B", NULL}};
    g_autoptr(GError) error = NULL;
    g_assert_true(pk_graph_set_selection(g.graph, src, &sel, &error));
    g_assert_no_error(error);
    double lasso[] = {0.5, 1.0, 2.25, 1.0, 1.0 / 3.0, -7e-9, -4.0, 3.0};
    PkSelection poly = {.kind = PK_SELECTION_POLYGON,
                        .x_column = (char *)"lon",
                        .y_column = (char *)"lat",
                        .polygon = lasso,
                        .n_vertices = 4};
    g_assert_true(pk_graph_set_selection(g.graph, other, &poly, &error));
    g_assert_no_error(error);

    g_autofree char *first = to_json(g.graph, NULL);
    g_test_message("%s", first);
    g_autofree char *second = reload(first, dir);
    g_assert_cmpstr(second, ==, first);
    g_autofree char *third = reload(second, dir);
    g_assert_cmpstr(third, ==, first);
    g_assert_nonnull(strstr(first, "\"path\": \"sub/trips.csv\""));
    g_assert_nonnull(strstr(first, "\"path\": \"/srv/zones.parquet\""));
    g_assert_nonnull(strstr(first, "\"width\": 1024.0"));
    g_assert_nonnull(strstr(first, "\"skip_rows\": 2\n"));
    g_assert_nonnull(strstr(first, "\\u0001"));
    g_assert_nonnull(strstr(first, "\"kind\": \"polygon\", \"x\": \"lon\", \"y\": \"lat\", "
                                   "\"points\": [[0.5, 1.0], [2.25, 1.0]"));
    g_assert_nonnull(strstr(first, "{\"from\": \"zones\", \"to\": \"joined\", \"port\": 1}"));
    g_assert_true(g_str_has_suffix(first, "}\n"));
    ws_graph_clear(&g);
    ws_rmdir(dir);
}

static void test_empty_graph(void) {
    WsGraph g;
    ws_graph_init(&g, NULL);
    g_autofree char *text = to_json(g.graph, NULL);
    g_assert_cmpstr(text, ==,
                    "{\n  \"format\": \"pika-workspace\",\n  \"version\": 1,\n"
                    "  \"viewport\": {\"x\": 0.0, \"y\": 0.0, \"zoom\": 1.0},\n"
                    "  \"nodes\": [],\n  \"edges\": [],\n  \"selections\": []\n}\n");
    g_autofree char *again = reload(text, NULL);
    g_assert_cmpstr(again, ==, text);
    ws_graph_clear(&g);
}

static void test_version0_upgrades(void) {
    WsGraph g;
    ws_graph_init(&g, NULL);
    g_autofree char *path = ws_fixture("version0.pika");
    g_autoptr(GError) error = NULL;
    g_assert_true(pk_workspace_load(g.graph, path, &error));
    g_assert_no_error(error);
    g_assert_cmpuint(pk_graph_n_nodes(g.graph), ==, 5);
    PkNodeId joined = pk_graph_find(g.graph, "joined");
    g_assert_cmpuint(pk_graph_n_inputs(g.graph, joined), ==, 2);
    g_assert_cmpuint(pk_graph_get_input(g.graph, joined, 0), ==, pk_graph_find(g.graph, "trips"));
    g_assert_cmpuint(pk_graph_get_input(g.graph, joined, 1), ==, pk_graph_find(g.graph, "zones"));
    g_autoptr(GVariant) p = pk_graph_get_params(g.graph, pk_graph_find(g.graph, "trips"));
    g_assert_cmpstr(pk_params_get_string(p, "delimiter", NULL), ==, ",");
    g_assert_cmpstr(pk_params_get_string(p, "path", NULL), ==, "data/trips.csv");
    g_autofree char *fixtures = ws_fixture("");
    g_autofree char *saved = to_json(g.graph, fixtures);
    g_assert_nonnull(strstr(saved, "\"version\": 1,"));
    g_assert_nonnull(strstr(saved, "\"path\": \"data/trips.csv\""));
    g_autofree char *again = reload(saved, fixtures);
    g_assert_cmpstr(again, ==, saved);
    ws_graph_clear(&g);
}

static const char *source_path_in(const char *text, char *buf, gsize size) {
    const char *p = strstr(text, "\"path\": \"");
    g_assert_nonnull(p);
    p += strlen("\"path\": \"");
    gsize n = (gsize)(strchr(p, '"') - p);
    g_assert_cmpuint(n, <, size);
    memcpy(buf, p, n);
    buf[n] = '\0';
    return buf;
}

static void test_source_paths_relative_inside(void) {
    g_autofree char *dir = ws_tmpdir();
    g_autofree char *sub = g_build_filename(dir, "data", NULL);
    g_autofree char *parent = g_path_get_dirname(dir);
    g_autofree char *abs = g_build_filename(dir, "data", "a.csv", NULL);
    WsGraph g;
    ws_graph_init(&g, dir);
    add(g.graph, PK_NODE_SOURCE, "a", "{'path': <'data/a.csv'>}");
    char buf[512];
    g_autofree char *same = to_json(g.graph, dir);
    g_assert_cmpstr(source_path_in(same, buf, sizeof buf), ==, "data/a.csv");
    g_autofree char *below = to_json(g.graph, sub);
    g_assert_cmpstr(source_path_in(below, buf, sizeof buf), ==, "a.csv");
    g_autofree char *beside = g_build_filename(dir, "other", NULL);
    g_autofree char *outside = to_json(g.graph, beside);
    g_assert_cmpstr(source_path_in(outside, buf, sizeof buf), ==, abs);
    g_autofree char *up = to_json(g.graph, parent);
    g_autofree char *rel = g_build_filename(dir + strlen(parent) + 1, "data", "a.csv", NULL);
    g_assert_cmpstr(source_path_in(up, buf, sizeof buf), ==, rel);
    ws_graph_clear(&g);

    /* A file loaded into a graph that resolves against another folder: made absolute. */
    g_autofree char *file = g_build_filename(dir, "w.pika", NULL);
    g_assert_true(g_file_set_contents(file, same, -1, NULL));
    ws_graph_init(&g, parent);
    g_autoptr(GError) error = NULL;
    g_assert_true(pk_workspace_load(g.graph, file, &error));
    g_assert_no_error(error);
    g_autoptr(GVariant) p = pk_graph_get_params(g.graph, pk_graph_find(g.graph, "a"));
    g_assert_cmpstr(pk_params_get_string(p, "path", NULL), ==, abs);
    ws_graph_clear(&g);

    /* pk_workspace_open: base_dir is the file's folder, paths stay relative. */
    PkDb *db = pk_db_open(NULL, NULL, &error);
    g_assert_no_error(error);
    PkGraph *graph = pk_workspace_open(db, NULL, file, &error);
    g_assert_no_error(error);
    g_autoptr(GVariant) p2 = pk_graph_get_params(graph, pk_graph_find(graph, "a"));
    g_assert_cmpstr(pk_params_get_string(p2, "path", NULL), ==, "data/a.csv");
    pk_graph_free(graph);
    pk_db_close(db);
    ws_rmdir(dir);
}

static void test_non_finite_refused_on_save(void) {
    WsGraph g;
    ws_graph_init(&g, NULL);
    GVariantBuilder b;
    g_variant_builder_init(&b, G_VARIANT_TYPE_VARDICT);
    g_variant_builder_add(&b, "{sv}", "text", g_variant_new_string("x"));
    g_variant_builder_add(&b, "{sv}", "weight", g_variant_new_double(NAN));
    g_autoptr(GError) error = NULL;
    g_assert_cmpuint(
        pk_graph_add_node(g.graph, PK_NODE_NOTE, "odd", g_variant_builder_end(&b), &error), !=, 0);
    g_assert_no_error(error);
    g_assert_null(pk_workspace_to_json(g.graph, NULL, NULL, &error));
    g_assert_error(error, PK_ERROR, PK_ERROR_INVALID);
    g_assert_nonnull(strstr(error->message, "node \"odd\""));
    g_assert_nonnull(strstr(error->message, "finite"));
    ws_graph_clear(&g);
}

static void test_load_needs_empty_graph(void) {
    WsGraph g;
    ws_graph_init(&g, NULL);
    add(g.graph, PK_NODE_NOTE, "n", "{'text': <'x'>}");
    g_autofree char *path = ws_fixture("basic.pika");
    g_autoptr(GError) error = NULL;
    g_assert_false(pk_workspace_load(g.graph, path, &error));
    g_assert_error(error, PK_ERROR, PK_ERROR_INVALID);
    g_assert_nonnull(strstr(error->message, "empty graph"));
    ws_graph_clear(&g);
}

static void test_derived_paths(void) {
    g_autofree char *cache = pk_workspace_cache_path("/home/a/analysis.pika");
    g_autofree char *bak = pk_workspace_backup_path("analysis.pika");
    g_assert_cmpstr(cache, ==, "/home/a/analysis.pika.duckdb");
    g_assert_cmpstr(bak, ==, "analysis.pika.bak");
}

/* Every legend placement is saved under the spec's "legend" key by name and loads back; a
 * workspace written before a plot had one (basic.pika) loads with the automatic legend. */
static void test_legend_placements_round_trip(void) {
    for (int legend = PK_LEGEND_AUTO; legend <= PK_LEGEND_NONE; legend++) {
        WsGraph g;
        ws_graph_init(&g, NULL);
        PkPlotSpec spec;
        pk_plot_spec_init(&spec);
        pk_plot_spec_set_string(&spec.x.column, "a");
        pk_plot_spec_set_string(&spec.y.column, "b");
        spec.legend = (PkLegendPlacement)legend;
        g_autoptr(GVariant) sv = g_variant_ref_sink(pk_plot_spec_to_variant(&spec));
        g_autofree char *spec_text = g_variant_print(sv, TRUE);
        g_autofree char *text = g_strdup_printf("{'spec': <%s>}", spec_text);
        add(g.graph, PK_NODE_PLOT, "p", text);
        g_autofree char *json = to_json(g.graph, NULL);
        g_autofree char *key = g_strdup_printf("\"legend\": \"%s\"", pk_legend_name(spec.legend));
        g_assert_true((strstr(json, key) != NULL) == (legend != PK_LEGEND_AUTO));
        WsGraph back;
        ws_graph_init(&back, NULL);
        g_autoptr(GError) error = NULL;
        g_assert_true(
            pk_workspace_load_data(back.graph, json, strlen(json), "legend.pika", &error));
        g_assert_no_error(error);
        g_autoptr(GVariant) p = pk_graph_get_params(back.graph, pk_graph_find(back.graph, "p"));
        g_autoptr(GVariant) loaded = g_variant_lookup_value(p, "spec", G_VARIANT_TYPE_VARDICT);
        PkPlotSpec got;
        g_assert_true(pk_plot_spec_from_variant(loaded, &got, &error));
        g_assert_cmpint(got.legend, ==, legend);
        pk_plot_spec_clear(&got);
        pk_plot_spec_clear(&spec);
        ws_graph_clear(&back);
        ws_graph_clear(&g);
    }
    WsGraph g;
    ws_graph_init(&g, NULL);
    g_autofree char *path = ws_fixture("basic.pika");
    g_autoptr(GError) error = NULL;
    g_assert_true(pk_workspace_load(g.graph, path, &error));
    g_autoptr(GVariant) p = pk_graph_get_params(g.graph, pk_graph_find(g.graph, "fares"));
    g_autoptr(GVariant) loaded = g_variant_lookup_value(p, "spec", G_VARIANT_TYPE_VARDICT);
    PkPlotSpec got;
    g_assert_true(pk_plot_spec_from_variant(loaded, &got, &error));
    g_assert_no_error(error);
    g_assert_cmpint(got.legend, ==, PK_LEGEND_AUTO);
    pk_plot_spec_clear(&got);
    ws_graph_clear(&g);
}

int main(int argc, char **argv) {
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/workspace/format/fixture-saves-back-byte-for-byte",
                    test_fixture_round_trips_byte_for_byte);
    g_test_add_func("/workspace/format/fixture-restores-nodes-edges-layout-selection",
                    test_fixture_contents);
    g_test_add_func("/workspace/format/save-load-save-gives-identical-bytes",
                    test_save_load_save_identical);
    g_test_add_func("/workspace/format/empty-graph-round-trips", test_empty_graph);
    g_test_add_func("/workspace/format/version-0-file-is-upgraded", test_version0_upgrades);
    g_test_add_func("/workspace/format/source-paths-relative-inside-folder-absolute-outside",
                    test_source_paths_relative_inside);
    g_test_add_func("/workspace/format/non-finite-parameter-refused-on-save",
                    test_non_finite_refused_on_save);
    g_test_add_func("/workspace/format/load-needs-an-empty-graph", test_load_needs_empty_graph);
    g_test_add_func("/workspace/format/cache-and-backup-paths", test_derived_paths);
    g_test_add_func("/workspace/format/legend-placements-round-trip",
                    test_legend_placements_round_trip);
    return pk_test_run();
}
