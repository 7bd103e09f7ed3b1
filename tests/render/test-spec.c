/* Tests of plot specifications: defaults, names, copies and validation messages. */
#include "pika-test.h"
#include "pika/core.h"
#include "pika/plot.h"
#include "pika/scene.h"

#include <string.h>

static const PkPlotField fields[] = {
    {"x", PK_COLUMN_TYPE_DOUBLE},
    {"y", PK_COLUMN_TYPE_INT64},
    {"when", PK_COLUMN_TYPE_TIMESTAMP},
    {"kind", PK_COLUMN_TYPE_CATEGORY},
};

static gboolean validate(const PkPlotSpec *spec, GError **error) {
    return pk_plot_spec_validate_fields(spec, fields, G_N_ELEMENTS(fields), error);
}

static void spec_xy(PkPlotSpec *spec, PkPlotType type, const char *x, const char *y) {
    pk_plot_spec_init(spec);
    spec->type = type;
    pk_plot_spec_set_string(&spec->x.column, x);
    pk_plot_spec_set_string(&spec->y.column, y);
}

static void test_unknown_column_lists_available(void) {
    PkPlotSpec spec;
    spec_xy(&spec, PK_PLOT_SCATTER, "x", "price");
    g_autoptr(GError) error = NULL;
    g_assert_false(validate(&spec, &error));
    g_assert_error(error, PK_ERROR, PK_ERROR_NOT_FOUND);
    g_assert_nonnull(strstr(error->message, "\"price\""));
    g_assert_nonnull(strstr(error->message, "available columns: x, y, when, kind"));
    pk_plot_spec_clear(&spec);
}

static void test_text_on_numeric_axis_is_rejected(void) {
    PkPlotSpec spec;
    spec_xy(&spec, PK_PLOT_SCATTER, "kind", "y");
    g_autoptr(GError) error = NULL;
    g_assert_false(validate(&spec, &error));
    g_assert_error(error, PK_ERROR, PK_ERROR_TYPE);
    g_assert_nonnull(strstr(error->message, "holds text"));
    pk_plot_spec_clear(&spec);
}

static void test_fixed_range_needs_min_below_max(void) {
    PkPlotSpec spec;
    spec_xy(&spec, PK_PLOT_SCATTER, "x", "y");
    spec.y.fixed_range = TRUE;
    spec.y.min = 5;
    spec.y.max = 5;
    g_autoptr(GError) error = NULL;
    g_assert_false(validate(&spec, &error));
    g_assert_error(error, PK_ERROR, PK_ERROR_INVALID);
    g_assert_nonnull(strstr(error->message, "min < max"));
    g_clear_error(&error);
    spec.y.min = -1;
    spec.y.scale = PK_SCALE_LOG;
    g_assert_false(validate(&spec, &error));
    g_assert_error(error, PK_ERROR, PK_ERROR_INVALID);
    g_assert_nonnull(strstr(error->message, "min > 0"));
    pk_plot_spec_clear(&spec);
}

static void test_log_scale_rejects_time_and_text(void) {
    PkPlotSpec spec;
    spec_xy(&spec, PK_PLOT_LINE, "when", "y");
    spec.x.scale = PK_SCALE_LOG;
    g_autoptr(GError) error = NULL;
    g_assert_false(validate(&spec, &error));
    g_assert_error(error, PK_ERROR, PK_ERROR_TYPE);
    g_assert_nonnull(strstr(error->message, "log scale"));
    pk_plot_spec_clear(&spec);
}

static void test_each_type_accepts_its_columns(void) {
    PkPlotSpec spec;
    spec_xy(&spec, PK_PLOT_HISTOGRAM, "x", NULL);
    g_assert_true(validate(&spec, NULL));
    pk_plot_spec_clear(&spec);
    spec_xy(&spec, PK_PLOT_BAR, "kind", "y");
    spec.agg = PK_PLOT_AGG_MEAN;
    g_assert_true(validate(&spec, NULL));
    pk_plot_spec_clear(&spec);
    spec_xy(&spec, PK_PLOT_HEATMAP, "kind", "x");
    pk_plot_spec_set_string(&spec.value, "y");
    spec.agg = PK_PLOT_AGG_SUM;
    g_assert_true(validate(&spec, NULL));
    pk_plot_spec_clear(&spec);
    spec_xy(&spec, PK_PLOT_BOX, "kind", "x");
    g_assert_true(validate(&spec, NULL));
    pk_plot_spec_clear(&spec);
    spec_xy(&spec, PK_PLOT_LINE, "when", "x");
    pk_plot_spec_set_string(&spec.color, "kind");
    g_assert_true(validate(&spec, NULL));
    pk_plot_spec_clear(&spec);
}

static void test_missing_columns_and_values(void) {
    PkPlotSpec spec;
    spec_xy(&spec, PK_PLOT_SCATTER, "x", NULL);
    g_autoptr(GError) error = NULL;
    g_assert_false(validate(&spec, &error));
    g_assert_error(error, PK_ERROR, PK_ERROR_INVALID);
    g_assert_nonnull(strstr(error->message, "needs a y column"));
    g_clear_error(&error);
    pk_plot_spec_clear(&spec);
    spec_xy(&spec, PK_PLOT_HEATMAP, "x", "y");
    spec.agg = PK_PLOT_AGG_MAX;
    g_assert_false(validate(&spec, &error));
    g_assert_error(error, PK_ERROR, PK_ERROR_INVALID);
    g_assert_nonnull(strstr(error->message, "needs a value column"));
    g_clear_error(&error);
    pk_plot_spec_set_string(&spec.value, "kind");
    g_assert_false(validate(&spec, &error));
    g_assert_error(error, PK_ERROR, PK_ERROR_TYPE);
    pk_plot_spec_clear(&spec);
}

static void test_value_only_where_aggregated(void) {
    PkPlotSpec spec;
    spec_xy(&spec, PK_PLOT_SCATTER, "x", "y");
    pk_plot_spec_set_string(&spec.value, "x");
    spec.agg = PK_PLOT_AGG_MEAN;
    g_autoptr(GError) error = NULL;
    g_assert_false(validate(&spec, &error));
    g_assert_error(error, PK_ERROR, PK_ERROR_UNSUPPORTED);
    g_assert_nonnull(strstr(error->message, "use --type heatmap"));
    spec.type = PK_PLOT_HEATMAP;
    g_clear_error(&error);
    g_assert_true(validate(&spec, &error));
    g_assert_no_error(error);
    pk_plot_spec_clear(&spec);
}

static void test_validate_against_frame(void) {
    g_autoptr(PkColumn) a = pk_column_new(PK_COLUMN_TYPE_DOUBLE, "a", 2, NULL);
    pk_column_publish(a);
    g_autoptr(PkFrame) frame = pk_frame_new();
    pk_frame_add_column(frame, a);
    pk_frame_publish(frame);
    PkPlotSpec spec;
    spec_xy(&spec, PK_PLOT_HISTOGRAM, "b", NULL);
    g_autoptr(GError) error = NULL;
    g_assert_false(pk_plot_spec_validate(&spec, frame, &error));
    g_assert_error(error, PK_ERROR, PK_ERROR_NOT_FOUND);
    g_assert_nonnull(strstr(error->message, "available columns: a"));
    pk_plot_spec_set_string(&spec.x.column, "a");
    g_assert_true(pk_plot_spec_validate(&spec, frame, NULL));
    pk_plot_spec_clear(&spec);
}

static void test_names_round_trip(void) {
    PkPlotType type;
    g_assert_true(pk_plot_type_parse("heatmap", &type, NULL));
    g_assert_cmpint(type, ==, PK_PLOT_HEATMAP);
    g_assert_cmpstr(pk_plot_type_name(PK_PLOT_BOX), ==, "box");
    PkColormap map;
    g_assert_true(pk_colormap_parse("Inferno", &map, NULL));
    g_assert_cmpstr(pk_colormap_name(map), ==, "inferno");
    PkShade shade;
    g_autoptr(GError) error = NULL;
    g_assert_false(pk_shade_parse("sqrt", &shade, &error));
    g_assert_error(error, PK_ERROR, PK_ERROR_INVALID);
    g_assert_nonnull(strstr(error->message, "eq_hist, log, linear, cbrt"));
    PkPlotAgg agg;
    g_assert_true(pk_plot_agg_parse("mean", &agg, NULL));
    g_assert_cmpint(agg, ==, PK_PLOT_AGG_MEAN);
}

static void test_copy_is_deep_and_summary_reads_well(void) {
    PkPlotSpec spec;
    spec_xy(&spec, PK_PLOT_SCATTER, "x", "y");
    pk_plot_spec_set_string(&spec.title, "T");
    PkScene *scene = pk_scene_new(&spec);
    pk_plot_spec_clear(&spec);
    g_assert_cmpstr(scene->spec.title, ==, "T");
    g_assert_cmpstr(scene->x.label, ==, "x");
    scene->mode = "density";
    scene->n_rows = scene->n_drawn = 12345678;
    g_autofree char *summary = pk_scene_summary(scene);
    g_assert_cmpstr(summary, ==, "density · 12,345,678 points · CPU");
    scene->n_nonpositive_x = 12;
    g_autofree char *notes = pk_scene_notes(scene);
    g_assert_cmpstr(notes, ==, "12 non-positive x values skipped (log axis)");
    pk_scene_free(scene);
}

int main(int argc, char **argv) {
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/render/spec/unknown-column-lists-available",
                    test_unknown_column_lists_available);
    g_test_add_func("/render/spec/text-on-numeric-axis-rejected",
                    test_text_on_numeric_axis_is_rejected);
    g_test_add_func("/render/spec/fixed-range-needs-min-below-max",
                    test_fixed_range_needs_min_below_max);
    g_test_add_func("/render/spec/log-scale-rejects-time", test_log_scale_rejects_time_and_text);
    g_test_add_func("/render/spec/each-type-accepts-its-columns",
                    test_each_type_accepts_its_columns);
    g_test_add_func("/render/spec/missing-columns-and-values", test_missing_columns_and_values);
    g_test_add_func("/render/spec/value-only-where-aggregated", test_value_only_where_aggregated);
    g_test_add_func("/render/spec/validate-against-frame", test_validate_against_frame);
    g_test_add_func("/render/spec/names-round-trip", test_names_round_trip);
    g_test_add_func("/render/scene/copy-deep-summary", test_copy_is_deep_and_summary_reads_well);
    return pk_test_run();
}
