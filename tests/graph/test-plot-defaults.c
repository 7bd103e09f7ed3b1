/* Default plot specs from an input's column types (each rule of pika/graph.h, row-id-like
 * columns skipped, no usable columns), each default drawn for real over a DuckDB table of those
 * types; the new finishing options as plot parameters (names agree with the options per type,
 * a workspace file round-trip), and dropping the options a new type does not take. */
#include "pika-test.h"
#include "pika/core.h"
#include "pika/data.h"
#include "pika/graph.h"
#include "pika/plotprep.h"
#include "pika/workspace.h"

#include <string.h>

static PkDb *db;
static PkConn *conn;
static PkCompute *compute;

typedef struct {
    const char *what;
    const char *columns;  /* "name TYPE, name TYPE" (DuckDB) */
    const char *rows;     /* VALUES rows of a table of those columns */
    const char *expected; /* the default spec, as GVariant text */
} Case;

static const Case cases[] = {
    {"two numbers", "a DOUBLE, b INTEGER", "(1.5, 2), (2.5, 4), (3.5, 5)",
     "{'x': <{'column': <'a'>}>, 'y': <{'column': <'b'>}>}"},
    {"a time and a number", "ts TIMESTAMP, v DECIMAL(10,2)",
     "(TIMESTAMP '2024-01-01 10:00', 1.5), (TIMESTAMP '2024-01-02 10:00', 2.5)",
     "{'agg': <'mean'>, 'bucket': <'auto'>, 'type': <'line'>, 'x': <{'column': <'ts'>}>, "
     "'y': <{'column': <'v'>}>}"},
    {"text and a number", "k VARCHAR, v BIGINT", "('a', 1), ('b', 2), ('a', 5)",
     "{'agg': <'mean'>, 'type': <'bar'>, 'x': <{'column': <'k'>}>, 'y': <{'column': <'v'>}>}"},
    {"one number", "v FLOAT", "(1), (2), (2), (3)",
     "{'type': <'histogram'>, 'x': <{'column': <'v'>}>}"},
    {"text alone", "k VARCHAR", "('a'), ('b'), ('b')",
     "{'type': <'bar'>, 'x': <{'column': <'k'>}>}"},
    {"ids are skipped", "id BIGINT, user_id INTEGER, price DOUBLE, kind VARCHAR",
     "(1, 7, 9.5, 'x'), (2, 8, 3.5, 'y')",
     "{'agg': <'mean'>, 'type': <'bar'>, 'x': <{'column': <'kind'>}>, "
     "'y': <{'column': <'price'>}>}"},
    {"a time alone", "d DATE, row INTEGER", "(DATE '2024-01-01', 1), (DATE '2024-03-01', 2)",
     "{'type': <'histogram'>, 'x': <{'column': <'d'>}>}"},
    {"nothing plottable", "b BLOB", "('\\x01'::BLOB)", "@a{sv} {}"},
};

/* The columns' names and DuckDB type names, as a graph value lists them. */
static void describe(const char *sql, char ***out_names, char ***out_types) {
    PkSchema *schema = NULL;
    g_autoptr(GError) error = NULL;
    g_assert_true(pk_conn_describe_sql(conn, sql, &schema, &error));
    GPtrArray *names = g_ptr_array_new(), *types = g_ptr_array_new();
    for (guint i = 0; i < schema->n_columns; i++) {
        g_ptr_array_add(names, g_strdup(schema->columns[i].name));
        g_ptr_array_add(types, g_strdup(schema->columns[i].type_name));
    }
    g_ptr_array_add(names, NULL), g_ptr_array_add(types, NULL);
    *out_names = (char **)g_ptr_array_free(names, FALSE);
    *out_types = (char **)g_ptr_array_free(types, FALSE);
    pk_schema_free(schema);
}

static void test_default_specs_follow_the_types(void) {
    for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
        const Case *c = &cases[i];
        g_test_message("case: %s", c->what);
        g_autoptr(GError) error = NULL;
        g_autofree char *table = g_strdup_printf("t%u", i);
        g_autofree char *create = g_strdup_printf("CREATE TABLE %s (%s); INSERT INTO %s VALUES %s",
                                                  table, c->columns, table, c->rows);
        g_assert_true(pk_conn_exec(conn, create, NULL, &error));
        g_assert_no_error(error);
        g_autofree char *sql = g_strdup_printf("SELECT * FROM %s", table);
        g_auto(GStrv) names = NULL;
        g_auto(GStrv) types = NULL;
        describe(sql, &names, &types);
        g_autoptr(GVariant) spec = g_variant_ref_sink(pk_plot_spec_default_for_columns(
            (const char *const *)names, (const char *const *)types, g_strv_length(names)));
        g_autofree char *text = g_variant_print(spec, TRUE);
        g_autoptr(GVariant) expected =
            g_variant_parse(G_VARIANT_TYPE_VARDICT, c->expected, NULL, NULL, NULL);
        g_autofree char *expected_text = g_variant_print(expected, TRUE);
        g_assert_cmpstr(text, ==, expected_text);
        if (g_variant_n_children(spec) == 0) {
            continue; /* nothing to draw */
        }
        /* the default draws: it validates and prepares over the real table */
        PkPlotSpec plot;
        g_assert_true(pk_plot_spec_from_variant(spec, &plot, &error));
        PkPlotPrepInput input = {conn, compute, sql, 320, 240, 1.0, NULL, NULL};
        PkScene *scene = NULL;
        g_assert_true(pk_plot_prepare(&plot, &input, &scene, NULL, &error));
        g_assert_no_error(error);
        g_assert_null(scene->empty_message);
        pk_scene_free(scene);
        pk_plot_spec_clear(&plot);
    }
}

static void test_no_columns_give_the_empty_spec(void) {
    g_autoptr(GVariant) none = g_variant_ref_sink(pk_plot_spec_default_for_columns(NULL, NULL, 0));
    g_assert_cmpuint(g_variant_n_children(none), ==, 0);
    const char *names[] = {"id", "row_id", NULL}, *types[] = {"BIGINT", "INTEGER", NULL};
    g_autoptr(GVariant) ids = g_variant_ref_sink(pk_plot_spec_default_for_columns(names, types, 2));
    g_assert_cmpuint(g_variant_n_children(ids), ==, 0);
}

/* A spec with every finishing option away from its default. */
static void finished_spec(PkPlotSpec *spec) {
    pk_plot_spec_init(spec);
    spec->type = PK_PLOT_BAR;
    pk_plot_spec_set_string(&spec->x.column, "k");
    pk_plot_spec_set_string(&spec->y.column, "v");
    pk_plot_spec_set_string(&spec->x.label, "Kind");
    pk_plot_spec_set_string(&spec->y.label, "Mean value");
    pk_plot_spec_set_string(&spec->title, "Finished");
    spec->agg = PK_PLOT_AGG_MEAN;
    spec->bar_order = PK_BAR_ORDER_VALUE;
    spec->number_format = PK_NUMBER_FORMAT_PERCENT;
    spec->digits = 1;
    spec->legend = PK_LEGEND_NONE;
    spec->bin_width = 0.25;
    spec->bucket = PK_BUCKET_MONTH;
}

static void assert_same_finish(const PkPlotSpec *a, const PkPlotSpec *b) {
    g_assert_cmpint(a->type, ==, b->type);
    g_assert_cmpstr(a->x.label, ==, b->x.label);
    g_assert_cmpstr(a->y.label, ==, b->y.label);
    g_assert_cmpstr(a->title, ==, b->title);
    g_assert_cmpint(a->agg, ==, b->agg);
    g_assert_cmpint(a->bar_order, ==, b->bar_order);
    g_assert_cmpint(a->number_format, ==, b->number_format);
    g_assert_cmpint(a->digits, ==, b->digits);
    g_assert_cmpint(a->legend, ==, b->legend);
    g_assert_cmpfloat(a->bin_width, ==, b->bin_width);
    g_assert_cmpint(a->bucket, ==, b->bucket);
}

static void test_finishing_options_round_trip(void) {
    PkPlotSpec spec, back;
    finished_spec(&spec);
    g_autoptr(GVariant) v = g_variant_ref_sink(pk_plot_spec_to_variant(&spec));
    g_autoptr(GError) error = NULL;
    g_assert_true(pk_plot_spec_from_variant(v, &back, &error));
    assert_same_finish(&spec, &back);
    pk_plot_spec_clear(&back);
    /* automatic digits are not written; 0 digits are */
    spec.digits = 0;
    g_autoptr(GVariant) zero = g_variant_ref_sink(pk_plot_spec_to_variant(&spec));
    g_assert_true(g_variant_lookup(zero, "digits", "x", NULL));
    /* through a workspace file (JSON numbers, strings and nesting) */
    PkGraph *graph = pk_graph_new(db, compute, NULL);
    GVariantDict params;
    g_variant_dict_init(&params, NULL);
    g_variant_dict_insert_value(&params, "spec", pk_plot_spec_to_variant(&spec));
    g_assert_cmpuint(
        pk_graph_add_node(graph, PK_NODE_PLOT, "finished", g_variant_dict_end(&params), &error), !=,
        0);
    g_assert_no_error(error);
    gsize len = 0;
    g_autofree char *json = pk_workspace_to_json(graph, NULL, &len, &error);
    g_assert_no_error(error);
    g_assert_nonnull(strstr(json, "\"bar_order\": \"value\""));
    PkGraph *again = pk_graph_new(db, compute, NULL);
    g_assert_true(pk_workspace_load_data(again, json, len, "finished.pika", &error));
    g_assert_no_error(error);
    g_autoptr(GVariant) loaded = pk_graph_get_params(again, pk_graph_find(again, "finished"));
    g_autoptr(GVariant) loaded_spec = g_variant_lookup_value(loaded, "spec", NULL);
    g_assert_true(pk_plot_spec_from_variant(loaded_spec, &back, &error));
    assert_same_finish(&spec, &back);
    pk_plot_spec_clear(&back);
    pk_graph_free(graph);
    pk_graph_free(again);
    /* out of range */
    GVariantDict bad;
    g_variant_dict_init(&bad, NULL);
    g_variant_dict_insert(&bad, "digits", "x", (gint64)13);
    g_autoptr(GVariant) bad_v = g_variant_ref_sink(g_variant_dict_end(&bad));
    g_assert_false(pk_plot_spec_from_variant(bad_v, &back, &error));
    g_assert_error(error, PK_ERROR, PK_ERROR_INVALID);
    g_assert_nonnull(strstr(error->message, "digits"));
    pk_plot_spec_clear(&spec);
}

/* The option names are the parameter keys: every key a spec can write is an option. */
static void test_option_names_are_parameter_keys(void) {
    PkPlotSpec spec;
    finished_spec(&spec);
    pk_plot_spec_set_string(&spec.color, "c");
    pk_plot_spec_set_string(&spec.size, "s");
    pk_plot_spec_set_string(&spec.value, "v");
    spec.theme = PK_THEME_DARK, spec.colormap = PK_COLORMAP_FIRE, spec.shade = PK_SHADE_LOG;
    spec.spread_px = 1, spec.point_size = 3, spec.alpha = 0.5, spec.raw_threshold = 5;
    spec.max_categories = 3, spec.bins = 7, spec.density = spec.cumulative = TRUE;
    spec.area = spec.stacked = spec.horizontal = TRUE, spec.max_outliers = 3;
    g_autoptr(GVariant) v = g_variant_ref_sink(pk_plot_spec_to_variant(&spec));
    const char *const *options = pk_plot_options_all();
    g_assert_cmpuint(g_variant_n_children(v), ==, g_strv_length((char **)options));
    for (guint i = 0; options[i] != NULL; i++) {
        g_autoptr(GVariant) child = g_variant_lookup_value(v, options[i], NULL);
        g_assert_nonnull(child);
    }
    pk_plot_spec_clear(&spec);
}

static void test_params_for_type_drop_what_does_not_apply(void) {
    PkPlotSpec spec;
    finished_spec(&spec);
    spec.bucket = PK_BUCKET_NONE;
    spec.stacked = TRUE;
    g_autoptr(GVariant) bar = g_variant_ref_sink(pk_plot_spec_to_variant(&spec));
    g_autoptr(GVariant) hist = pk_plot_spec_params_for_type(bar, PK_PLOT_HISTOGRAM);
    g_autofree char *text = g_variant_print(hist, FALSE);
    g_assert_cmpstr(text, ==,
                    "{'bin_width': <0.25>, 'digits': <int64 1>, 'legend': <'none'>, "
                    "'number_format': <'percent'>, 'title': <'Finished'>, "
                    "'type': <'histogram'>, 'x': <{'column': <'k'>, 'label': <'Kind'>}>}");
    PkPlotSpec back;
    g_autoptr(GError) error = NULL;
    g_assert_true(pk_plot_spec_from_variant(hist, &back, &error));
    g_assert_cmpint(back.type, ==, PK_PLOT_HISTOGRAM);
    g_assert_null(back.y.column);
    g_assert_cmpint(back.agg, ==, PK_PLOT_AGG_COUNT);
    pk_plot_spec_clear(&back);
    g_autoptr(GVariant) scatter = pk_plot_spec_params_for_type(NULL, PK_PLOT_SCATTER);
    g_assert_cmpuint(g_variant_n_children(scatter), ==, 0);
    pk_plot_spec_clear(&spec);
}

int main(int argc, char **argv) {
    g_test_init(&argc, &argv, NULL);
    g_autoptr(GError) error = NULL;
    db = pk_db_open(NULL, NULL, &error);
    g_assert_no_error(error);
    conn = pk_db_connect(db, &error);
    g_assert_no_error(error);
    compute = pk_plot_compute_new(&error);
    g_assert_no_error(error);
    g_test_add_func("/graph/plot-defaults/follow-the-column-types",
                    test_default_specs_follow_the_types);
    g_test_add_func("/graph/plot-defaults/no-columns-give-the-empty-spec",
                    test_no_columns_give_the_empty_spec);
    g_test_add_func("/graph/plot-defaults/finishing-options-round-trip",
                    test_finishing_options_round_trip);
    g_test_add_func("/graph/plot-defaults/option-names-are-parameter-keys",
                    test_option_names_are_parameter_keys);
    g_test_add_func("/graph/plot-defaults/params-for-type-drop-what-does-not-apply",
                    test_params_for_type_drop_what_does_not_apply);
    int rc = pk_test_run();
    pk_plot_compute_free(compute);
    pk_conn_close(conn);
    pk_db_close(db);
    return rc;
}
