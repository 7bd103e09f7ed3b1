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

/* A valid spec of each type over the test fields. */
static void base_spec(PkPlotSpec *spec, PkPlotType type) {
    static const char *const xs[] = {"x", "when", "x", "kind", "x", "kind"};
    static const char *const ys[] = {"y", "x", NULL, "x", "y", "x"};
    spec_xy(spec, type, xs[type], ys[type]);
}

/* Sets option to a valid value other than its default. */
static void set_option(PkPlotSpec *spec, const char *option) {
    const struct {
        const char *name;
        gsize offset;
        int value;
    } ints[] = {
        {"agg", G_STRUCT_OFFSET(PkPlotSpec, agg), PK_PLOT_AGG_MEAN},
        {"bucket", G_STRUCT_OFFSET(PkPlotSpec, bucket), PK_BUCKET_DAY},
        {"bins", G_STRUCT_OFFSET(PkPlotSpec, bins), 20},
        {"density", G_STRUCT_OFFSET(PkPlotSpec, density), TRUE},
        {"cumulative", G_STRUCT_OFFSET(PkPlotSpec, cumulative), TRUE},
        {"area", G_STRUCT_OFFSET(PkPlotSpec, area), TRUE},
        {"stacked", G_STRUCT_OFFSET(PkPlotSpec, stacked), TRUE},
        {"horizontal", G_STRUCT_OFFSET(PkPlotSpec, horizontal), TRUE},
        {"bar_order", G_STRUCT_OFFSET(PkPlotSpec, bar_order), PK_BAR_ORDER_VALUE},
        {"max_outliers", G_STRUCT_OFFSET(PkPlotSpec, max_outliers), 5},
        {"raw_threshold", G_STRUCT_OFFSET(PkPlotSpec, raw_threshold), 10},
        {"spread_px", G_STRUCT_OFFSET(PkPlotSpec, spread_px), 1},
        {"colormap", G_STRUCT_OFFSET(PkPlotSpec, colormap), PK_COLORMAP_MAGMA},
        {"shade", G_STRUCT_OFFSET(PkPlotSpec, shade), PK_SHADE_LOG},
        {"max_categories", G_STRUCT_OFFSET(PkPlotSpec, max_categories), 5},
        {"legend", G_STRUCT_OFFSET(PkPlotSpec, legend), PK_LEGEND_NONE},
        {"theme", G_STRUCT_OFFSET(PkPlotSpec, theme), PK_THEME_DARK},
        {"number_format", G_STRUCT_OFFSET(PkPlotSpec, number_format), PK_NUMBER_FORMAT_SI},
        {"digits", G_STRUCT_OFFSET(PkPlotSpec, digits), 3},
    };
    for (guint i = 0; i < G_N_ELEMENTS(ints); i++) {
        if (strcmp(ints[i].name, option) == 0) {
            *(int *)G_STRUCT_MEMBER_P(spec, ints[i].offset) = ints[i].value;
        }
    }
    if (strcmp(option, "agg") == 0 && spec->type == PK_PLOT_HEATMAP) {
        pk_plot_spec_set_string(&spec->value, "x"); /* a heatmap's mean is of a value */
    }
    pk_plot_spec_set_string(&spec->color, strcmp(option, "color") == 0 ? "kind" : spec->color);
    pk_plot_spec_set_string(&spec->size, strcmp(option, "size") == 0 ? "x" : spec->size);
    pk_plot_spec_set_string(&spec->value, strcmp(option, "value") == 0 ? "x" : spec->value);
    pk_plot_spec_set_string(&spec->title, strcmp(option, "title") == 0 ? "T" : spec->title);
    if (strcmp(option, "y") == 0 && spec->y.column == NULL) {
        pk_plot_spec_set_string(&spec->y.column, "x");
    }
    spec->bin_width = strcmp(option, "bin_width") == 0 ? 2.0 : spec->bin_width;
    spec->point_size = strcmp(option, "point_size") == 0 ? 4.0 : spec->point_size;
    spec->alpha = strcmp(option, "alpha") == 0 ? 0.5 : spec->alpha;
}

/* Every option that applies to a type validates on it; one that does not is either ignored or
 * refused as unsupported (value, agg and bucket always are). */
static void test_options_agree_with_validation(void) {
    const char *const *all = pk_plot_options_all();
    g_assert_cmpuint(g_strv_length((char **)all), >=, 29);
    for (PkPlotType type = PK_PLOT_SCATTER; type <= PK_PLOT_BOX; type++) {
        const char *const *mine = pk_plot_options_for_type(type);
        for (guint i = 0; mine[i] != NULL; i++) {
            g_assert_true(pk_plot_option_applies(type, mine[i]));
        }
        for (guint i = 0; all[i] != NULL; i++) {
            PkPlotSpec spec;
            base_spec(&spec, type);
            set_option(&spec, all[i]);
            g_autoptr(GError) error = NULL;
            gboolean ok = validate(&spec, &error);
            gboolean applies = pk_plot_option_applies(type, all[i]);
            g_assert_cmpint(applies, ==, g_strv_contains(mine, all[i]));
            if (applies) {
                g_assert_no_error(error);
                g_assert_true(ok);
            } else if (!ok) {
                g_assert_error(error, PK_ERROR, PK_ERROR_UNSUPPORTED);
            }
            gboolean refused =
                g_strv_contains((const char *const[]){"value", "agg", "bucket", NULL}, all[i]);
            g_assert_true(applies || !refused || !ok);
            pk_plot_spec_clear(&spec);
        }
    }
    g_assert_false(pk_plot_option_applies(PK_PLOT_BAR, "no_such_option"));
    g_assert_true(pk_plot_option_applies(PK_PLOT_LINE, "agg"));
    g_assert_true(pk_plot_option_applies(PK_PLOT_LINE, "bucket"));
    g_assert_false(pk_plot_option_applies(PK_PLOT_SCATTER, "bins"));
    g_assert_true(pk_plot_option_applies(PK_PLOT_HEATMAP, "bin_width"));
}

static void test_line_buckets_validate(void) {
    PkPlotSpec spec;
    base_spec(&spec, PK_PLOT_LINE);
    spec.agg = PK_PLOT_AGG_SUM; /* no bucket: automatic */
    g_assert_cmpint(pk_plot_spec_line_bucket(&spec), ==, PK_BUCKET_AUTO);
    g_autoptr(GError) error = NULL;
    g_assert_true(validate(&spec, &error));
    pk_plot_spec_set_string(&spec.x.column, "y"); /* numbers on x: only per distinct value */
    spec.bucket = PK_BUCKET_HOUR;
    g_assert_false(validate(&spec, &error));
    g_assert_error(error, PK_ERROR, PK_ERROR_TYPE);
    g_assert_nonnull(strstr(error->message, "needs timestamps on x"));
    g_clear_error(&error);
    spec.bucket = PK_BUCKET_AUTO;
    g_assert_true(validate(&spec, &error));
    spec.agg = PK_PLOT_AGG_COUNT, spec.bucket = PK_BUCKET_NONE;
    g_assert_cmpint(pk_plot_spec_line_bucket(&spec), ==, PK_BUCKET_NONE);
    spec.bin_width = -1;
    g_assert_false(validate(&spec, &error));
    g_assert_error(error, PK_ERROR, PK_ERROR_INVALID);
    g_assert_nonnull(strstr(error->message, "bin width"));
    g_clear_error(&error);
    spec.bin_width = 0, spec.digits = 13;
    g_assert_false(validate(&spec, &error));
    g_assert_nonnull(strstr(error->message, "digits must be 0 to 12"));
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
    PkBarOrder order;
    PkNumberFormat format;
    PkBucket bucket;
    PkLegendPlacement legend;
    g_assert_true(pk_bar_order_parse("value", &order, NULL));
    g_assert_cmpstr(pk_bar_order_name(order), ==, "value");
    g_assert_true(pk_number_format_parse("SI", &format, NULL));
    g_assert_cmpstr(pk_number_format_name(format), ==, "si");
    g_assert_true(pk_bucket_parse("week", &bucket, NULL));
    g_assert_cmpstr(pk_bucket_name(bucket), ==, "week");
    static const char *const legends[] = {"auto", "right", "top", "bottom", "left", "none"};
    for (guint i = 0; i < G_N_ELEMENTS(legends); i++) {
        g_assert_true(pk_legend_parse(legends[i], &legend, NULL));
        g_assert_cmpstr(pk_legend_name(legend), ==, legends[i]);
    }
    g_assert_true(pk_legend_parse("Bottom", &legend, NULL));
    g_assert_cmpint(legend, ==, PK_LEGEND_BOTTOM);
    g_clear_error(&error);
    g_assert_false(pk_legend_parse("middle", &legend, &error));
    g_assert_error(error, PK_ERROR, PK_ERROR_INVALID);
    g_assert_nonnull(strstr(error->message,
                            "unknown legend \"middle\"; expected one of: auto, right, top, "
                            "bottom, left, none"));
    g_clear_error(&error);
    g_assert_false(pk_number_format_parse("money", &format, &error));
    g_assert_nonnull(strstr(error->message, "auto, plain, fixed, si, percent"));
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
    g_test_add_func("/render/spec/options-agree-with-validation",
                    test_options_agree_with_validation);
    g_test_add_func("/render/spec/line-buckets-validate", test_line_buckets_validate);
    g_test_add_func("/render/spec/names-round-trip", test_names_round_trip);
    g_test_add_func("/render/scene/copy-deep-summary", test_copy_is_deep_and_summary_reads_well);
    return pk_test_run();
}
