/* What the plot view's hover tooltip says over scenes built by hand (plot-view-hover.c): a
 * line's nearest sample, a box's five numbers and outlier count, a heatmap cell and its value,
 * a histogram bin and a bar chart's group (its value in the spec's number format); nothing
 * outside the plot area; a density bin's
 * representative row with every column, only when it is the picked row. The pointer is put
 * where the renderer's layout puts the data point. */
#include "pika-test.h"
#include "pika/render-kit.h"
#include "plot-view-private.h"

#include <gtk/gtk.h>
#include <math.h>
#include <string.h>

#define PAGE_W 640.0
#define PAGE_H 400.0

static PkScene *scene_new(PkPlotType type, const char *x, const char *y) {
    PkPlotSpec spec;
    pk_plot_spec_init(&spec);
    spec.type = type;
    spec.x.column = g_strdup(x);
    spec.y.column = g_strdup(y);
    PkScene *scene = pk_scene_new(&spec);
    pk_plot_spec_clear(&spec);
    return scene;
}

static void set_range(PkSceneAxis *axis, double lo, double hi) {
    axis->scale = PK_SCALE_LINEAR;
    axis->lo = lo, axis->hi = hi;
}

/* The tooltip over data point (x, y) of scene (freed); *out_group as pk_view_hover_describe. */
static char *describe_at(PkScene *scene, double x, double y, char **out_group) {
    PkViewScene vs = {1, scene, PAGE_W, PAGE_H, 1.0};
    PkRect a;
    pk_layout_plot_area(scene, PAGE_W, PAGE_H, &a);
    PkScale sx, sy;
    pk_scale_init(&sx, scene->x.scale, scene->x.lo, scene->x.hi, a.x, a.x + a.width);
    pk_scale_init(&sy, scene->y.scale, scene->y.lo, scene->y.hi, a.y + a.height, a.y);
    char *group = NULL;
    char *text = pk_view_hover_describe(&vs, pk_scale_map(&sx, x), pk_scale_map(&sy, y), &group);
    if (out_group != NULL) {
        *out_group = group;
    } else {
        g_free(group);
    }
    g_test_message("(%g, %g): %s", x, y, text != NULL ? text : "(none)");
    return text;
}

static void test_line(void) {
    PkScene *scene = scene_new(PK_PLOT_LINE, "t", "v");
    set_range(&scene->x, 0, 10);
    set_range(&scene->y, 0, 100);
    scene->n_series = 1;
    scene->series = g_new0(PkSceneSeries, 1);
    scene->series[0].n = 3;
    scene->series[0].x = g_memdup2((double[]){2, 5, 8}, 3 * sizeof(double));
    scene->series[0].y = g_memdup2((double[]){10, 40.5, 90}, 3 * sizeof(double));
    g_autofree char *near = describe_at(scene, 5.1, 41, NULL);
    g_assert_cmpstr(near, ==, "t: 5\nv: 40.5");
    g_autofree char *far = describe_at(scene, 5, 95, NULL); /* 24 px away or more: nothing */
    g_assert_null(far);
    pk_scene_free(scene);
}

static void test_box(void) {
    PkScene *scene = scene_new(PK_PLOT_BOX, "kind", "price");
    const char *const names[] = {"a", "b"};
    pk_scene_axis_set_categories(&scene->x, names, 2);
    set_range(&scene->y, 0, 100);
    scene->n_boxes = 2;
    scene->boxes = g_new0(PkSceneBox, 2);
    for (guint i = 0; i < 2; i++) {
        scene->boxes[i] = (PkSceneBox){g_strdup(names[i]), 20, 50, 70, 5, 95, 1000, NULL, 0, 7};
    }
    g_autofree char *text = describe_at(scene, 1, 60, NULL);
    g_assert_cmpstr(text, ==,
                    "kind: b\nUpper whisker: 95\nQ3: 70\nMedian: 50\nQ1: 20\nLower whisker: 5\n"
                    "Outliers: 7\nRows: 1,000");
    g_autofree char *between = describe_at(scene, 0.5, 60, NULL);
    g_assert_null(between);
    pk_scene_free(scene);
}

static void test_heatmap(void) {
    PkScene *scene = scene_new(PK_PLOT_HEATMAP, "x", "y");
    set_range(&scene->x, 0, 4);
    set_range(&scene->y, 0, 2);
    scene->nx = 4, scene->ny = 2;
    scene->cells = g_new(double, 8);
    for (guint i = 0; i < 8; i++) {
        scene->cells[i] = i == 6 ? 1234 : (i == 1 ? NAN : (double)i);
    }
    scene->cell_min = 0, scene->cell_max = 1234;
    g_autofree char *text = describe_at(scene, 2.5, 1.5, NULL); /* row 1, column 2: cell 6 */
    g_assert_nonnull(text);
    g_assert_true(g_str_has_prefix(text, "x: 2.0")); /* digits as the axis, one finer */
    g_assert_nonnull(strstr(text, " to 3.0"));
    g_assert_nonnull(strstr(text, "\ny: 1.0"));
    g_assert_nonnull(strstr(text, " to 2.0"));
    g_assert_true(g_str_has_suffix(text, "\nCount: 1,234"));
    g_autofree char *empty = describe_at(scene, 1.5, 0.5, NULL); /* cell 1: empty */
    g_assert_null(empty);
    pk_scene_free(scene);
}

static void test_histogram_and_bars(void) {
    PkScene *hist = scene_new(PK_PLOT_HISTOGRAM, "x", NULL);
    set_range(&hist->x, 0, 10);
    set_range(&hist->y, 0, 3000);
    hist->n_bins = 4;
    hist->bin_edges = g_memdup2((double[]){0, 2.5, 5, 7.5, 10}, 5 * sizeof(double));
    hist->bin_heights = g_memdup2((double[]){1, 2500, 3, 4}, 4 * sizeof(double));
    g_autofree char *bin = describe_at(hist, 3, 100, NULL);
    g_assert_cmpstr(bin, ==, "x: 2.5 to 5.0\nCount: 2,500");
    pk_scene_free(hist);

    PkScene *bars = scene_new(PK_PLOT_BAR, "kind", NULL);
    const char *const names[] = {"a", "b", "c"};
    pk_scene_axis_set_categories(&bars->x, names, 3);
    set_range(&bars->y, 0, 50);
    bars->n_groups = 3, bars->n_bar_series = 1;
    bars->bar_values = g_memdup2((double[]){10, 42, 7}, 3 * sizeof(double));
    g_autofree char *group = NULL;
    g_autofree char *bar = describe_at(bars, 2, 3, &group);
    g_assert_cmpstr(bar, ==, "kind: c\nCount: 7");
    g_assert_cmpstr(group, ==, "c");
    g_autofree char *outside = describe_at(bars, 1, 60, NULL); /* above the plot area */
    g_assert_null(outside);
    bars->spec.number_format = PK_NUMBER_FORMAT_SI; /* as the value axis writes it */
    bars->bar_values[1] = 4200;
    set_range(&bars->y, 0, 5000);
    g_autofree char *si = describe_at(bars, 1, 100, NULL);
    g_assert_cmpstr(si, ==, "kind: b\nCount: 4.2k");
    pk_scene_free(bars);
}

/* A density bin's tooltip: every column of the representative row when the row read again is
 * the picked one (its plotted columns agree), else the plotted columns only. */
static void test_density_row(void) {
    PkPlotPick pick = {TRUE, TRUE, 1234, 7, (char *)"x: 3.941\ny: 2.729"};
    char *names[] = {(char *)"ts", (char *)"x", (char *)"y", (char *)"kind"};
    char *types[] = {(char *)"TIMESTAMP", (char *)"DOUBLE", (char *)"DOUBLE", (char *)"VARCHAR"};
    char *cells[] = {(char *)"2024-01-01 00:00:53", (char *)"3.941", (char *)"2.729", NULL};
    PkTextPage row = {4, 1, names, types, cells};
    g_autofree char *whole = pk_view_hover_pick_text(&pick, &row);
    g_assert_cmpstr(whole, ==,
                    "1,234 rows in this bin\nRepresentative row 7:\nts: 2024-01-01 00:00:53\n"
                    "x: 3.941\ny: 2.729\nkind: NULL");
    cells[2] = (char *)"2.7291";
    g_autofree char *other = pk_view_hover_pick_text(&pick, &row);
    g_assert_cmpstr(other, ==, "1,234 rows in this bin\nRepresentative row 7:\nx: 3.941\ny: 2.729");
}

int main(int argc, char **argv) {
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/ui/plot-hover/line-nearest-sample", test_line);
    g_test_add_func("/ui/plot-hover/box-five-numbers", test_box);
    g_test_add_func("/ui/plot-hover/heatmap-cell", test_heatmap);
    g_test_add_func("/ui/plot-hover/histogram-bin-and-bar-group", test_histogram_and_bars);
    g_test_add_func("/ui/plot-hover/density-representative-row", test_density_row);
    return pk_test_run();
}
