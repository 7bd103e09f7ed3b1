/* Tests of the renderer's pure parts: ticks, formatting, scales, colour maps, shading. */
#include "pika-test.h"
#include "pika/core.h"
#include "pika/render-kit.h"
#include "pika/render.h"

#include <math.h>
#include <string.h>

static GArray *labels_of(GArray *ticks, gboolean include_minor) {
    GArray *out = g_array_new(TRUE, TRUE, sizeof(char *));
    for (guint i = 0; i < ticks->len; i++) {
        PkTick *t = &g_array_index(ticks, PkTick, i);
        if (include_minor || !t->minor) {
            char *label = t->label;
            g_array_append_val(out, label);
        }
    }
    return out;
}

static void assert_labels(GArray *ticks, const char *expected) {
    GArray *labels = labels_of(ticks, FALSE);
    g_autofree char *joined = g_strjoinv(" ", (char **)labels->data);
    g_assert_cmpstr(joined, ==, expected);
    g_array_unref(labels);
}

static void test_nice_step_is_1_2_5(void) {
    g_assert_cmpfloat_with_epsilon(pk_ticks_nice_step(10, 5), 2.0, 1e-12);
    g_assert_cmpfloat_with_epsilon(pk_ticks_nice_step(1, 4), 0.2, 1e-12);
    g_assert_cmpfloat_with_epsilon(pk_ticks_nice_step(7, 2), 5.0, 1e-12);
    g_assert_cmpfloat_with_epsilon(pk_ticks_nice_step(9e6, 10), 1e6, 1e-3);
    g_assert_cmpfloat_with_epsilon(pk_ticks_nice_step(0.003, 3), 0.001, 1e-15);
}

static void test_linear_ticks_cover_range(void) {
    GArray *t = pk_ticks_linear(0, 10, 5);
    assert_labels(t, "0 2 4 6 8 10");
    g_array_unref(t);
    t = pk_ticks_linear(-0.35, 0.35, 6);
    assert_labels(t, "-0.3 -0.2 -0.1 0.0 0.1 0.2 0.3");
    g_array_unref(t);
    t = pk_ticks_linear(0, 2.5e6, 5);
    assert_labels(t, "0 500,000 1,000,000 1,500,000 2,000,000 2,500,000");
    g_array_unref(t);
    t = pk_ticks_linear(5, 5, 5);
    g_assert_cmpuint(t->len, ==, 0);
    g_array_unref(t);
}

static void test_log_ticks_are_decades(void) {
    GArray *t = pk_ticks_log(1, 1e6, 8);
    assert_labels(t, "1 10 100 1,000 10,000 100,000 1,000,000");
    g_array_unref(t);
    t = pk_ticks_log(1e-3, 1e12, 5);
    assert_labels(t, "0.001 1 1,000 1,000,000 1e9 1e12");
    g_array_unref(t);
    t = pk_ticks_log(1, 100, 5);
    assert_labels(t, "1 2 5 10 20 50 100");
    g_array_unref(t);
    /* Inside one decade there are no decade ticks: linear ticks instead. */
    t = pk_ticks_log(3, 4, 5);
    assert_labels(t, "3.0 3.2 3.4 3.6 3.8 4.0");
    g_array_unref(t);
}

#define US_DAY (86400.0 * 1e6)
static const double t2024 = 1704067200.0 * 1e6; /* 2024-01-01T00:00:00Z */

static void test_time_units_span_years_to_microseconds(void) {
    guint mult = 0;
    g_assert_cmpint(pk_ticks_time_unit(0, 30 * 365.25 * US_DAY, 6, &mult), ==, PK_TIME_UNIT_YEAR);
    g_assert_cmpuint(mult, ==, 5);
    g_assert_cmpint(pk_ticks_time_unit(t2024, t2024 + 365 * US_DAY, 6, &mult), ==,
                    PK_TIME_UNIT_MONTH);
    g_assert_cmpuint(mult, ==, 2);
    g_assert_cmpint(pk_ticks_time_unit(t2024, t2024 + 10 * US_DAY, 5, &mult), ==, PK_TIME_UNIT_DAY);
    g_assert_cmpint(pk_ticks_time_unit(t2024, t2024 + US_DAY, 8, &mult), ==, PK_TIME_UNIT_HOUR);
    g_assert_cmpuint(mult, ==, 3);
    g_assert_cmpint(pk_ticks_time_unit(t2024, t2024 + 600e6, 5, &mult), ==, PK_TIME_UNIT_MINUTE);
    g_assert_cmpint(pk_ticks_time_unit(t2024, t2024 + 10e6, 5, &mult), ==, PK_TIME_UNIT_SECOND);
    g_assert_cmpint(pk_ticks_time_unit(t2024, t2024 + 50e3, 5, &mult), ==,
                    PK_TIME_UNIT_MILLISECOND);
    g_assert_cmpint(pk_ticks_time_unit(t2024, t2024 + 40, 4, &mult), ==, PK_TIME_UNIT_MICROSECOND);
    g_assert_cmpuint(mult, ==, 10);
}

static void test_time_ticks_are_calendar_aligned(void) {
    GArray *t = pk_ticks_time(t2024 - 1, t2024 + 365 * US_DAY, 6);
    assert_labels(t, "2024-01 2024-03 2024-05 2024-07 2024-09 2024-11");
    g_array_unref(t);
    t = pk_ticks_time(t2024 + 3600e6 * 0.5, t2024 + 3600e6 * 12, 4);
    assert_labels(t, "03:00 06:00 09:00 12:00");
    g_array_unref(t);
    t = pk_ticks_time(0, 10 * 365.25 * US_DAY, 5);
    assert_labels(t, "1970 1972 1974 1976 1978 1980");
    g_array_unref(t);
    t = pk_ticks_time(t2024, t2024 + 40, 4);
    assert_labels(t, "00.000000 00.000010 00.000020 00.000030 00.000040");
    g_array_unref(t);
}

static void test_categorical_ticks_thin_labels(void) {
    const char *names[] = {"a", "b", "c", "d", "e", "f", "g"};
    GArray *t = pk_ticks_categorical(names, 7, 3);
    g_assert_cmpuint(t->len, ==, 7);
    assert_labels(t, "a d g");
    g_array_unref(t);
    t = pk_ticks_categorical(names, 7, 10);
    assert_labels(t, "a b c d e f g");
    g_array_unref(t);
}

static void test_numbers_have_thousands_separators(void) {
    char buf[64];
    pk_format_number(1234567, 1, buf, sizeof buf);
    g_assert_cmpstr(buf, ==, "1,234,567");
    pk_format_number(-1234.5, 0.5, buf, sizeof buf);
    g_assert_cmpstr(buf, ==, "-1,234.5");
    pk_format_number(0.25, 0.05, buf, sizeof buf);
    g_assert_cmpstr(buf, ==, "0.25");
    pk_format_number(1e-17, 0.1, buf, sizeof buf);
    g_assert_cmpstr(buf, ==, "0.0");
    pk_format_number(2.5e18, 5e17, buf, sizeof buf);
    g_assert_cmpstr(buf, ==, "2.5e+18");
    pk_format_number(3.14159, 0, buf, sizeof buf);
    g_assert_cmpstr(buf, ==, "3.14159");
    pk_format_number(NAN, 0, buf, sizeof buf);
    g_assert_cmpstr(buf, ==, "NaN");
    g_autofree char *count = pk_format_count(12345678);
    g_assert_cmpstr(count, ==, "12,345,678");
    g_autofree char *small = pk_format_count(999);
    g_assert_cmpstr(small, ==, "999");
}

static void test_dates_format_per_unit(void) {
    char buf[64];
    gint64 t =
        (gint64)t2024 + (gint64)(((31 + 4) * 24 + 14) * 3600 + 5 * 60 + 9) * 1000000 + 250125;
    pk_format_time(t, PK_TIME_UNIT_YEAR, buf, sizeof buf);
    g_assert_cmpstr(buf, ==, "2024");
    pk_format_time(t, PK_TIME_UNIT_MONTH, buf, sizeof buf);
    g_assert_cmpstr(buf, ==, "2024-02");
    pk_format_time(t, PK_TIME_UNIT_DAY, buf, sizeof buf);
    g_assert_cmpstr(buf, ==, "2024-02-05");
    pk_format_time(t, PK_TIME_UNIT_HOUR, buf, sizeof buf);
    g_assert_cmpstr(buf, ==, "02-05 14:05");
    pk_format_time(t, PK_TIME_UNIT_SECOND, buf, sizeof buf);
    g_assert_cmpstr(buf, ==, "14:05:09");
    pk_format_time(t, PK_TIME_UNIT_MILLISECOND, buf, sizeof buf);
    g_assert_cmpstr(buf, ==, "14:05:09.250");
    pk_format_time(t, PK_TIME_UNIT_MICROSECOND, buf, sizeof buf);
    g_assert_cmpstr(buf, ==, "09.250125");
    pk_format_time(-1, PK_TIME_UNIT_MICROSECOND, buf, sizeof buf);
    g_assert_cmpstr(buf, ==, "59.999999");
}

static void test_scales_map_and_invert(void) {
    PkScale s;
    pk_scale_init(&s, PK_SCALE_LINEAR, 0, 10, 100, 200);
    g_assert_cmpfloat_with_epsilon(pk_scale_map(&s, 5), 150, 1e-9);
    g_assert_cmpfloat_with_epsilon(pk_scale_invert(&s, 120), 2, 1e-9);
    pk_scale_init(&s, PK_SCALE_LOG, 1, 1000, 300, 0);
    g_assert_cmpfloat_with_epsilon(pk_scale_map(&s, 10), 200, 1e-9);
    g_assert_cmpfloat_with_epsilon(pk_scale_invert(&s, 100), 100, 1e-9);
    g_assert_true(isnan(pk_scale_map(&s, 0)));
    g_assert_true(isnan(pk_scale_map(&s, -5)));
}

static void test_colormaps_run_from_dark_to_light(void) {
    for (int m = 0; m < PK_COLORMAP_N; m++) {
        const guint32 *lut = pk_colormap_get_lut((PkColormap)m);
        double lum[2];
        for (int k = 0; k < 2; k++) {
            guint32 c = lut[k * 255];
            g_assert_cmphex(c >> 24, ==, 0xff);
            lum[k] = 0.2126 * ((c >> 16) & 0xff) + 0.7152 * ((c >> 8) & 0xff) + 0.0722 * (c & 0xff);
        }
        if (m == PK_COLORMAP_GREYS) {
            g_assert_cmpfloat(lum[0], >, lum[1]); /* greys: white to black */
        } else {
            g_assert_cmpfloat(lum[0], <, lum[1]);
        }
    }
    g_assert_cmphex(pk_colormap_get_lut(PK_COLORMAP_VIRIDIS)[0], ==, 0xff440154);
    g_assert_cmphex(pk_colormap_get_lut(PK_COLORMAP_VIRIDIS)[255], ==, 0xfffde725);
    g_assert_cmphex(pk_colormap_sample(PK_COLORMAP_MAGMA, 2.0), ==, 0xfffcfdbf);
    g_assert_cmphex(pk_palette_get(0), ==, pk_palette_get(PK_PALETTE_SIZE));
    g_assert_cmphex(pk_palette_get(0), !=, pk_palette_get(1));
}

static void test_eq_hist_spreads_ranks_evenly(void) {
    /* Values 1, 10, 100, 1000 once each: ranks 0, 1/3, 2/3, 1 whatever the magnitudes. */
    guint32 counts[] = {0, 1, 10, 0, 100, 1000, 0};
    g_autoptr(GError) error = NULL;
    PkShader *s = pk_shader_new(counts, G_N_ELEMENTS(counts), PK_SHADE_EQ_HIST, &error);
    g_assert_no_error(error);
    g_assert_cmpfloat_with_epsilon(pk_shader_position(s, 1), 0.0, 1e-6);
    g_assert_cmpfloat_with_epsilon(pk_shader_position(s, 10), 1.0 / 3, 1e-6);
    g_assert_cmpfloat_with_epsilon(pk_shader_position(s, 100), 2.0 / 3, 1e-6);
    g_assert_cmpfloat_with_epsilon(pk_shader_position(s, 1000), 1.0, 1e-6);
    g_assert_cmpuint(pk_shader_value_at(s, 0.5), ==, 100);
    g_assert_cmpuint(pk_shader_get_max(s), ==, 1000);
    pk_shader_free(s);
}

static void test_eq_hist_handles_counts_beyond_table(void) {
    guint32 counts[] = {5, 70000, 3000000, 3000000};
    PkShader *s = pk_shader_new(counts, 4, PK_SHADE_EQ_HIST, NULL);
    g_assert_cmpfloat_with_epsilon(pk_shader_position(s, 5), 0.0, 1e-6);
    g_assert_cmpfloat_with_epsilon(pk_shader_position(s, 70000), 1.0 / 3, 1e-6);
    g_assert_cmpfloat_with_epsilon(pk_shader_position(s, 3000000), 1.0, 1e-6);
    pk_shader_free(s);
    guint32 same[] = {0, 7, 7};
    s = pk_shader_new(same, 3, PK_SHADE_EQ_HIST, NULL);
    g_assert_cmpfloat(pk_shader_position(s, 7), ==, 1.0);
    pk_shader_free(s);
}

static void test_log_linear_cbrt_positions(void) {
    guint32 counts[] = {1, 8, 1000};
    PkShader *s = pk_shader_new(counts, 3, PK_SHADE_LINEAR, NULL);
    g_assert_cmpfloat_with_epsilon(pk_shader_position(s, 500), 0.5, 1e-6);
    pk_shader_free(s);
    s = pk_shader_new(counts, 3, PK_SHADE_CBRT, NULL);
    g_assert_cmpfloat_with_epsilon(pk_shader_position(s, 8), 0.2, 1e-6);
    pk_shader_free(s);
    s = pk_shader_new(counts, 3, PK_SHADE_LOG, NULL);
    g_assert_cmpfloat_with_epsilon(pk_shader_position(s, 1000), 1.0, 1e-6);
    g_assert_cmpfloat_with_epsilon(pk_shader_position(s, 8), log1p(8) / log1p(1000), 1e-6);
    pk_shader_free(s);
}

static void test_shading_flips_rows_and_leaves_empty_transparent(void) {
    /* 2 x 2 grid, row 0 = bottom: bottom-left 1, top-right 4. */
    guint32 counts[] = {1, 0, 0, 4};
    guint32 out[2 * 3];
    memset(out, 0xab, sizeof out);
    g_assert_true(
        pk_shade_counts(counts, 2, 2, PK_SHADE_LINEAR, PK_COLORMAP_GREYS, 0, out, 3, NULL));
    const guint32 *lut = pk_colormap_get_lut(PK_COLORMAP_GREYS);
    g_assert_cmphex(out[0], ==, 0);          /* top-left empty */
    g_assert_cmphex(out[1], ==, lut[255]);   /* top-right = max */
    g_assert_cmphex(out[2], ==, 0xabababab); /* stride padding untouched */
    g_assert_cmphex(out[3], ==, lut[64]);    /* bottom-left 1/4 */
    g_assert_cmphex(out[4], ==, 0);
}

static void test_spreading_fills_neighbours(void) {
    guint32 counts[25] = {0};
    counts[12] = 3; /* centre of 5 x 5 */
    guint32 out[25];
    g_assert_true(
        pk_shade_counts(counts, 5, 5, PK_SHADE_LINEAR, PK_COLORMAP_VIRIDIS, 1, out, 5, NULL));
    guint n_filled = 0;
    for (int i = 0; i < 25; i++) {
        n_filled += out[i] != 0;
    }
    g_assert_cmpuint(n_filled, ==, 9);
    g_assert_cmphex(out[0], ==, 0);
}

static void test_category_blend_mixes_colours(void) {
    /* One bin, two categories with equal counts: the mean of red and blue, fully opaque. */
    guint32 planes[] = {5, 5};
    guint32 colors[] = {0xffff0000, 0xff0000ff};
    guint32 out[1];
    g_assert_true(pk_shade_categories(planes, 2, colors, 1, 1, PK_SHADE_EQ_HIST, 0, out, 1, NULL));
    g_assert_cmphex(out[0], ==, 0xff800080);
}

/* The colour table is filled from a few positions (runs of equal colour); every count must
 * still get the colour of its own position. */
static void test_shade_table_matches_positions(void) {
    static const PkShade shades[] = {PK_SHADE_LINEAR, PK_SHADE_LOG, PK_SHADE_CBRT,
                                     PK_SHADE_EQ_HIST};
    const guint n = 70001; /* 0..70000: beyond the exact tables too */
    g_autofree guint32 *counts = g_new(guint32, n);
    g_autofree guint32 *out = g_new(guint32, n);
    for (guint v = 0; v < n; v++) {
        counts[v] = v;
    }
    const guint32 *lut = pk_colormap_get_lut(PK_COLORMAP_MAGMA);
    for (guint i = 0; i < G_N_ELEMENTS(shades); i++) {
        g_assert_true(pk_shade_counts(counts, n, 1, shades[i], PK_COLORMAP_MAGMA, 0, out, n, NULL));
        PkShader *s = pk_shader_new(counts, n, shades[i], NULL);
        g_assert_cmphex(out[0], ==, 0);
        for (guint v = 1; v < n; v++) {
            double t = pk_shader_position(s, v);
            double f = shades[i] == PK_SHADE_LOG    ? log1p(v) / log1p(n - 1)
                       : shades[i] == PK_SHADE_CBRT ? cbrt(v) / cbrt(n - 1)
                                                    : (double)v / (n - 1);
            if (shades[i] != PK_SHADE_EQ_HIST) { /* tables round positions to float */
                g_assert_cmpfloat_with_epsilon(t, f, 1e-7);
            }
            int k = v <= 65535 ? (int)((float)t * 255.0f + 0.5f) : (int)(t * 255.0 + 0.5);
            g_assert_cmphex(out[v], ==, lut[k]);
        }
        pk_shader_free(s);
    }
}

/* A dense plot, where every non-empty bin holds at least a few rows: eq_hist's colour table
 * starts at count 1, below the smallest count, and those positions are 0 (they were an
 * unsigned difference that wrapped around, and the table lookup read far outside the map). */
static void test_eq_hist_smallest_count_above_one(void) {
    const guint n = 4096;
    g_autofree guint32 *counts = g_new(guint32, n);
    g_autofree guint32 *out = g_new(guint32, n);
    for (guint i = 0; i < n; i++) {
        counts[i] = i % 7 == 0 ? 0 : 5 + i % 140;
    }
    g_autoptr(GError) error = NULL;
    g_assert_true(
        pk_shade_counts(counts, n, 1, PK_SHADE_EQ_HIST, PK_COLORMAP_MAGMA, 0, out, n, &error));
    g_assert_no_error(error);
    PkShader *s = pk_shader_new(counts, n, PK_SHADE_EQ_HIST, NULL);
    for (guint32 v = 1; v < 5; v++) {
        g_assert_cmpfloat(pk_shader_position(s, v), ==, 0.0);
    }
    g_assert_cmpfloat(pk_shader_position(s, 5), ==, 0.0);
    g_assert_cmpfloat(pk_shader_position(s, 144), ==, 1.0);
    pk_shader_free(s);
    const guint32 *lut = pk_colormap_get_lut(PK_COLORMAP_MAGMA);
    for (guint i = 0; i < n; i++) {
        g_assert_true(counts[i] == 0 ? out[i] == 0 : out[i] != 0);
        if (counts[i] == 5) {
            g_assert_cmphex(out[i], ==, lut[0]);
        }
    }
}

/* The legend hit test follows the swatches as drawn: down the swatch column the rows come in
 * order, each over a drawn (non-background) swatch; beside the legend there is none. */
static void test_legend_rows_are_where_swatches_are(void) {
    PkPlotSpec spec;
    pk_plot_spec_init(&spec);
    PkScene *scene = pk_scene_new(&spec);
    const char *names[] = {"north", "south", "east", "west"};
    pk_scene_set_color_categories(scene, names, 4, FALSE);
    scene->x.lo = 0, scene->x.hi = 1, scene->y.lo = 0, scene->y.hi = 1;
    const double w = 480, h = 320;
    g_autoptr(GError) error = NULL;
    cairo_surface_t *image = pk_render_to_image(scene, w, h, 1.0, &error);
    g_assert_no_error(error);
    PkRect area;
    pk_layout_plot_area(scene, w, h, &area);
    int x = (int)(area.x + area.width + 12 + 5); /* the swatches' middle */
    const guint8 *px = cairo_image_surface_get_data(image);
    int stride = cairo_image_surface_get_stride(image);
    guint32 background = *(const guint32 *)(px + 2 * stride + 2 * 4);
    int last = -1;
    for (int y = 0; y < (int)h; y++) {
        int row = pk_layout_legend_category_at(scene, w, h, x, y);
        if (row < 0) {
            continue;
        }
        g_assert_cmpint(row, >=, last); /* in order */
        if (row != last) {              /* a little below the row's top: inside its swatch */
            guint32 c = *(const guint32 *)(px + (gsize)(y + 6) * stride + (gsize)x * 4);
            g_assert_cmphex(c, !=, background);
        }
        last = row;
    }
    g_assert_cmpint(last, ==, 3);
    g_assert_cmpint(pk_layout_legend_category_at(scene, w, h, area.x + 5, area.y + 5), ==, -1);
    cairo_surface_destroy(image);
    pk_scene_free(scene);
    pk_plot_spec_clear(&spec);
}

/* A bar chart coloured by its own categories (each group has a value in one series only): each
 * bar takes its group's whole width instead of one series' sliver of it. */
static void test_bars_take_the_group_when_one_series_each(void) {
    static const char *const names[] = {"a", "b", "c"};
    PkPlotSpec spec;
    pk_plot_spec_init(&spec);
    spec.type = PK_PLOT_BAR;
    PkScene *scene = pk_scene_new(&spec);
    scene->n_groups = 3, scene->n_bar_series = 3;
    scene->bar_values = g_new(double, 9);
    for (guint i = 0; i < 9; i++) {
        scene->bar_values[i] = i % 4 == 0 ? 10.0 : NAN; /* group g in series g */
    }
    pk_scene_set_color_categories(scene, names, 3, FALSE);
    pk_scene_axis_set_categories(&scene->x, names, 3);
    scene->y.lo = 0, scene->y.hi = 10;
    const double w = 480, h = 320;
    g_autoptr(GError) error = NULL;
    cairo_surface_t *image = pk_render_to_image(scene, w, h, 1.0, &error);
    g_assert_no_error(error);
    PkRect area;
    pk_layout_plot_area(scene, w, h, &area);
    const guint8 *px = cairo_image_surface_get_data(image);
    int stride = cairo_image_surface_get_stride(image);
    int y = (int)(area.y + area.height * 0.6);
    double slot = area.width / 3;
    for (guint g = 0; g < 3; g++) {
        double centre = area.x + slot * (g + 0.5);
        guint32 mid = *(const guint32 *)(px + (gsize)y * stride + (gsize)centre * 4);
        guint32 side =
            *(const guint32 *)(px + (gsize)y * stride + (gsize)(centre + 0.3 * slot) * 4);
        guint32 gap =
            *(const guint32 *)(px + (gsize)y * stride + (gsize)(centre + 0.48 * slot) * 4);
        g_assert_cmphex(mid, ==, side);
        g_assert_cmphex(mid, !=, gap);
    }
    cairo_surface_destroy(image);
    pk_scene_free(scene);
    pk_plot_spec_clear(&spec);
}

static gboolean rects_overlap(const PkRect *a, const PkRect *b) {
    return a->x < b->x + b->width && b->x < a->x + a->width && a->y < b->y + b->height &&
           b->y < a->y + a->height;
}

/* Whether the pixel (x, y) lies on the legend's side of the plot area. */
static gboolean on_side(PkLegendPlacement side, const PkRect *area, int x, int y) {
    switch (side) {
    case PK_LEGEND_RIGHT:
        return x >= area->x + area->width;
    case PK_LEGEND_LEFT:
        return x < area->x;
    case PK_LEGEND_TOP:
        return y < area->y;
    case PK_LEGEND_BOTTOM:
        return y >= area->y + area->height;
    default:
        return FALSE;
    }
}

/* Checks one legend of a scene (no marks: only the legend has the palette's colours) on a
 * w × h page: rows inside the page and the legend's box, apart from each other and from the
 * plot area; the hit test gives each row's category at its middle and at its swatch, none
 * inside the plot area; every pixel in a category's colour is on the legend's side, and each
 * row's swatch has one. */
static void check_legend_side(PkScene *scene, PkLegendPlacement side, double w, double h) {
    scene->spec.legend = side;
    PkRect area;
    PkLegendLayout lg;
    pk_layout_plot_area(scene, w, h, &area);
    pk_layout_legend(scene, w, h, &lg);
    g_assert_cmpint(lg.side, ==, side == PK_LEGEND_AUTO ? PK_LEGEND_RIGHT : side);
    g_assert_cmpuint(lg.n_rows, >, 0);
    g_assert_false(rects_overlap(&lg.box, &area));
    for (guint i = 0; i < lg.n_rows; i++) {
        const PkRect *r = &lg.rows[i];
        g_assert_cmpfloat(r->x, >=, 0);
        g_assert_cmpfloat(r->y, >=, 0);
        g_assert_cmpfloat(r->x + r->width, <=, w);
        g_assert_cmpfloat(r->y + r->height, <=, h);
        g_assert_false(rects_overlap(r, &area));
        g_assert_cmpfloat(r->x, >=, lg.box.x);
        g_assert_cmpfloat(r->x + r->width, <=, lg.box.x + lg.box.width + 0.001);
        for (guint j = 0; j < i; j++) {
            g_assert_false(rects_overlap(r, &lg.rows[j]));
        }
        double cx = r->x + r->width / 2, cy = r->y + r->height / 2;
        g_assert_cmpint(pk_layout_legend_category_at(scene, w, h, cx, cy), ==, (int)i);
        g_assert_cmpint(pk_layout_legend_category_at(scene, w, h, r->x + 5, cy), ==, (int)i);
    }
    g_assert_cmpint(pk_layout_legend_category_at(scene, w, h, area.x + area.width / 2,
                                                 area.y + area.height / 2),
                    ==, -1);
    g_autoptr(GError) error = NULL;
    cairo_surface_t *image = pk_render_to_image(scene, w, h, 1.0, &error);
    g_assert_no_error(error);
    const guint8 *px = cairo_image_surface_get_data(image);
    int stride = cairo_image_surface_get_stride(image);
    for (guint i = 0; i < lg.n_rows; i++) { /* the middle of each row's swatch */
        int x = (int)(lg.rows[i].x + 5), y = (int)(lg.rows[i].y + 7);
        guint32 c = *(const guint32 *)(px + (gsize)y * stride + (gsize)x * 4) | 0xff000000u;
        g_assert_cmphex(c, ==, pk_palette_get(i) | 0xff000000u);
    }
    guint n_found = 0;
    for (int y = 0; y < (int)h; y++) {
        for (int x = 0; x < (int)w; x++) {
            guint32 c = *(const guint32 *)(px + (gsize)y * stride + (gsize)x * 4);
            for (guint i = 0; i < scene->n_color_categories; i++) {
                if (c == (pk_palette_get(i) | 0xff000000u)) {
                    if (!on_side(lg.side, &area, x, y)) {
                        g_error("%s legend at %gx%g: category %u's colour at %d,%d",
                                pk_legend_name(side), w, h, i, x, y);
                    }
                    n_found++;
                }
            }
        }
    }
    g_assert_cmpuint(n_found, >=, lg.n_rows * 9 * 9);
    cairo_surface_destroy(image);
    pk_layout_legend_clear(&lg);
}

/* Every placement puts the legend on its side of the plot area, rows and drawing agreeing,
 * at a roomy and a small size, with short and long names. */
static void test_legend_every_side(void) {
    static const PkLegendPlacement sides[] = {PK_LEGEND_AUTO, PK_LEGEND_RIGHT, PK_LEGEND_TOP,
                                              PK_LEGEND_BOTTOM, PK_LEGEND_LEFT};
    static const double sizes[][2] = {{640, 420}, {320, 240}};
    const char *shortn[] = {"north", "south", "east", "west"};
    const char *longn[] = {"a category name far too long to fit anywhere on a small page",
                           "b",
                           "another rather long name",
                           "WWWWWWWWWWWWWWWWWWWWWWWWWWWW",
                           "e",
                           "f",
                           "g"};
    for (guint n = 0; n < 2; n++) {
        PkPlotSpec spec;
        pk_plot_spec_init(&spec);
        pk_plot_spec_set_string(&spec.title, "A title");
        pk_plot_spec_set_string(&spec.x.label, "x label");
        pk_plot_spec_set_string(&spec.y.label, "y label");
        PkScene *scene = pk_scene_new(&spec);
        g_test_message("%s names", n == 0 ? "short" : "long");
        if (n == 0) {
            pk_scene_set_color_categories(scene, shortn, G_N_ELEMENTS(shortn), FALSE);
        } else {
            pk_scene_set_color_categories(scene, longn, G_N_ELEMENTS(longn), FALSE);
        }
        for (guint s = 0; s < G_N_ELEMENTS(sides); s++) {
            for (guint z = 0; z < G_N_ELEMENTS(sizes); z++) {
                check_legend_side(scene, sides[s], sizes[z][0], sizes[z][1]);
            }
        }
        pk_scene_free(scene);
        pk_plot_spec_clear(&spec);
    }
}

/* A top or bottom legend flows its entries in lines: more than one when they do not fit the
 * plot's width, as many as a quarter of the page allows, then "…" ends the last line. The
 * plot area gives up the band's height; without a legend it keeps the whole page. */
static void test_legend_band_wraps(void) {
    PkPlotSpec spec;
    pk_plot_spec_init(&spec);
    PkScene *scene = pk_scene_new(&spec);
    const char *names[20];
    char buf[20][32];
    for (guint i = 0; i < 20; i++) {
        g_snprintf(buf[i], sizeof buf[i], "category %u", i);
        names[i] = buf[i];
    }
    pk_scene_set_color_categories(scene, names, 6, FALSE);
    PkRect none_area, area;
    PkLegendLayout lg;
    scene->spec.legend = PK_LEGEND_NONE;
    pk_layout_plot_area(scene, 480, 360, &none_area);
    scene->spec.legend = PK_LEGEND_BOTTOM;
    pk_layout_plot_area(scene, 480, 360, &area);
    pk_layout_legend(scene, 480, 360, &lg);
    g_assert_false(lg.more);
    g_assert_cmpuint(lg.n_rows, ==, 6);
    g_assert_cmpfloat(lg.rows[5].y, >, lg.rows[0].y); /* wrapped */
    g_assert_cmpfloat(lg.rows[1].y, ==, lg.rows[0].y);
    g_assert_cmpfloat(lg.rows[1].x, >, lg.rows[0].x); /* across */
    g_assert_cmpfloat(area.width, ==, none_area.width);
    g_assert_cmpfloat(area.height, <=, none_area.height - lg.box.height);
    pk_layout_legend_clear(&lg);
    pk_scene_set_color_categories(scene, names, 20, FALSE);
    scene->spec.legend = PK_LEGEND_TOP;
    pk_layout_legend(scene, 320, 240, &lg);
    g_assert_true(lg.more);
    g_assert_cmpuint(lg.n_rows, <, 20);
    g_assert_cmpfloat(lg.box.height, <=, 240 * 0.25);
    g_assert_cmpfloat(lg.ellipsis.y, ==, lg.rows[lg.n_rows - 1].y);
    g_assert_cmpfloat(lg.ellipsis.x + lg.ellipsis.width, <=, lg.box.x + lg.box.width);
    g_assert_cmpint(
        pk_layout_legend_category_at(scene, 320, 240, lg.ellipsis.x + 2, lg.ellipsis.y + 5), ==,
        -1);
    pk_layout_legend_clear(&lg);
    pk_scene_free(scene);
    pk_plot_spec_clear(&spec);
}

/* Pictures in pixels: at most 32767 device pixels a side and 16384 × 16384 in all. */
static void test_picture_size_limits(void) {
    g_autoptr(GError) error = NULL;
    g_assert_true(pk_render_check_size(8192, 8192, 1, &error));
    g_assert_true(pk_render_check_size(16384, 4096, 1, &error));
    g_assert_true(pk_render_check_size(1920, 1080, 4, &error));
    g_assert_true(pk_render_check_size(1, 1, 0.25, &error));
    g_assert_no_error(error);
    g_assert_false(pk_render_check_size(8193, 8193, 1, &error));
    g_assert_error(error, PK_ERROR, PK_ERROR_TOO_LARGE);
    g_assert_nonnull(strstr(error->message, "64 million pixels in all"));
    g_clear_error(&error);
    g_assert_false(pk_render_check_size(16384, 10, 2, &error));
    g_assert_error(error, PK_ERROR, PK_ERROR_TOO_LARGE);
    g_assert_nonnull(strstr(error->message, "16384 pixels a side"));
    g_clear_error(&error);
    g_assert_false(pk_render_check_size(NAN, 10, 1, &error));
    g_assert_error(error, PK_ERROR, PK_ERROR_INVALID);
    g_clear_error(&error);
    g_assert_false(pk_render_check_size(16384, 16384, 8, &error));
    g_assert_error(error, PK_ERROR, PK_ERROR_TOO_LARGE);
}

static void assert_format(double v, PkNumberFormat format, int digits, double step,
                          const char *expected) {
    char buf[64];
    pk_format_value(v, format, digits, step, buf, sizeof buf);
    g_assert_cmpstr(buf, ==, expected);
}

static void test_number_formats(void) {
    const PkNumberFormat AUTO = PK_NUMBER_FORMAT_AUTO, PLAIN = PK_NUMBER_FORMAT_PLAIN;
    const PkNumberFormat FIXED = PK_NUMBER_FORMAT_FIXED, SI = PK_NUMBER_FORMAT_SI;
    const PkNumberFormat PERCENT = PK_NUMBER_FORMAT_PERCENT;
    /* thousands separators, and without them */
    assert_format(1234567, AUTO, -1, 0, "1,234,567");
    assert_format(-1234567.5, AUTO, -1, 0.5, "-1,234,567.5");
    assert_format(1234567, PLAIN, -1, 0, "1234567");
    assert_format(-2500000, PLAIN, -1, 500000, "-2500000");
    /* fixed digits (2 when automatic), no "-0" */
    assert_format(1234.5, FIXED, -1, 0, "1,234.50");
    assert_format(1234.5678, FIXED, 3, 0, "1,234.568");
    assert_format(-0.0001, FIXED, 2, 0, "0.00");
    assert_format(-42, FIXED, 0, 0, "-42");
    assert_format(0.5, AUTO, 3, 0, "0.500");
    assert_format(0.256, AUTO, -1, 0, "0.256");
    assert_format(99, (PkNumberFormat)42, -1, 0, "99");
    /* SI prefixes */
    assert_format(1500, SI, -1, 0, "1.5k");
    assert_format(2e6, SI, -1, 0, "2M");
    assert_format(-0.02, SI, -1, 0, "-20m");
    assert_format(5e-6, SI, -1, 0, "5µ");
    assert_format(3.2e9, SI, 2, 0, "3.20G");
    assert_format(999960, SI, 1, 0, "1.0M");
    assert_format(0, SI, -1, 500, "0");
    assert_format(512, SI, -1, 0, "512");
    assert_format(1.5e6, SI, -1, 500000, "1.5M");
    assert_format(500000, SI, -1, 500000, "500k");
    /* percent */
    assert_format(0.256, PERCENT, -1, 0, "25.6%");
    assert_format(0.25, PERCENT, 0, 0, "25%");
    assert_format(-0.5, PERCENT, 1, 0, "-50.0%");
    assert_format(0.2, PERCENT, -1, 0.1, "20%");
    assert_format(0.05, PERCENT, -1, 0.05, "5%");
    assert_format(12.5, PERCENT, -1, 0, "1,250%");
    /* NaN and infinities read the same in every format */
    const PkNumberFormat formats[] = {AUTO, PLAIN, FIXED, SI, PERCENT};
    for (guint i = 0; i < G_N_ELEMENTS(formats); i++) {
        assert_format(NAN, formats[i], -1, 0, "NaN");
        assert_format(INFINITY, formats[i], 2, 0, "inf");
        assert_format(-INFINITY, formats[i], -1, 1, "-inf");
    }
}

int main(int argc, char **argv) {
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/render/ticks/nice-step-is-1-2-5", test_nice_step_is_1_2_5);
    g_test_add_func("/render/legend/rows-are-where-swatches-are",
                    test_legend_rows_are_where_swatches_are);
    g_test_add_func("/render/legend/every-side-draws-on-its-side", test_legend_every_side);
    g_test_add_func("/render/legend/band-wraps-into-lines", test_legend_band_wraps);
    g_test_add_func("/render/ticks/linear-cover-range", test_linear_ticks_cover_range);
    g_test_add_func("/render/ticks/log-decades", test_log_ticks_are_decades);
    g_test_add_func("/render/ticks/time-units-years-to-microseconds",
                    test_time_units_span_years_to_microseconds);
    g_test_add_func("/render/ticks/time-calendar-aligned", test_time_ticks_are_calendar_aligned);
    g_test_add_func("/render/ticks/categorical-thinned", test_categorical_ticks_thin_labels);
    g_test_add_func("/render/format/thousands-separators", test_numbers_have_thousands_separators);
    g_test_add_func("/render/format/dates-per-unit", test_dates_format_per_unit);
    g_test_add_func("/render/scale/map-and-invert", test_scales_map_and_invert);
    g_test_add_func("/render/colormap/dark-to-light", test_colormaps_run_from_dark_to_light);
    g_test_add_func("/render/shade/eq-hist-ranks-evenly", test_eq_hist_spreads_ranks_evenly);
    g_test_add_func("/render/shade/eq-hist-beyond-table", test_eq_hist_handles_counts_beyond_table);
    g_test_add_func("/render/shade/log-linear-cbrt", test_log_linear_cbrt_positions);
    g_test_add_func("/render/bars/whole-group-when-one-series-each",
                    test_bars_take_the_group_when_one_series_each);
    g_test_add_func("/render/shade/eq-hist-smallest-count-above-one",
                    test_eq_hist_smallest_count_above_one);
    g_test_add_func("/render/shade/color-table-matches-positions",
                    test_shade_table_matches_positions);
    g_test_add_func("/render/shade/flips-rows-empty-transparent",
                    test_shading_flips_rows_and_leaves_empty_transparent);
    g_test_add_func("/render/shade/spreading-fills-neighbours", test_spreading_fills_neighbours);
    g_test_add_func("/render/shade/category-blend-mixes", test_category_blend_mixes_colours);
    g_test_add_func("/render/export/picture-size-limits", test_picture_size_limits);
    g_test_add_func("/render/format/number-formats", test_number_formats);
    return pk_test_run();
}
