/* golden-scenes.c — fixed scenes for every plot type, built directly from numbers.
 *
 * Data comes from a fixed seed (not PIKA_TEST_SEED): the references are pictures of exactly
 * this data. Density grids are binned here with the compute engine's formula so the scenes
 * need no engine. The "-selected" scenes add a selection (linked brushing) to the scene of
 * the same name: a brushed box of the density, a sub-population of the histogram, a share of
 * each bar. */
#include "golden-scenes.h"

#include "pika/render-kit.h"

#include <math.h>
#include <string.h>

const char *const pk_golden_scene_names[] = {
    "scatter-density",
    "scatter-categories",
    "scatter-points",
    "scatter-log",
    "line",
    "area-time",
    "histogram",
    "bar",
    "bar-stacked-horizontal",
    "heatmap",
    "box",
    "empty",
    "scatter-density-selected",
    "histogram-selected",
    "bar-selected",
    NULL,
};

static double gauss(GRand *rand) {
    double u = g_rand_double_range(rand, 1e-12, 1.0), v = g_rand_double(rand);
    return sqrt(-2 * log(u)) * cos(2 * G_PI * v);
}

static PkScene *scene_new(PkPlotType type, PkTheme theme, const char *x, const char *y,
                          const char *title) {
    PkPlotSpec spec;
    pk_plot_spec_init(&spec);
    spec.type = type;
    spec.theme = theme;
    pk_plot_spec_set_string(&spec.x.column, x);
    pk_plot_spec_set_string(&spec.y.column, y);
    pk_plot_spec_set_string(&spec.title, title);
    PkScene *scene = pk_scene_new(&spec);
    pk_plot_spec_clear(&spec);
    return scene;
}

static void bin(PkSceneDensity *d, guint plane, double x, double y, double x0, double x1, double y0,
                double y1) {
    if (!(x >= x0 && x < x1 && y >= y0 && y < y1)) {
        return;
    }
    guint i = MIN((guint)floorf((float)(x - x0) * (float)(d->width / (x1 - x0))), d->width - 1);
    guint j = MIN((guint)floorf((float)(y - y0) * (float)(d->height / (y1 - y0))), d->height - 1);
    gsize k = (gsize)j * d->width + i;
    d->counts[k]++;
    if (d->category_counts != NULL) {
        d->category_counts[(gsize)plane * d->width * d->height + k]++;
    }
}

/* Selections: the rows inside a brushed box x in [-0.5, 2.5), y in [-0.5, 2.5). */
static gboolean brushed(double x, double y) {
    return x >= -0.5 && x < 2.5 && y >= -0.5 && y < 2.5;
}

static PkScene *density_scene(PkTheme theme, double w, double h, gboolean categories,
                              gboolean selection) {
    static const char *const names[] = {"alpha", "beta", "gamma"};
    PkScene *s = scene_new(PK_PLOT_SCATTER, theme, "x", "y",
                           categories ? "Three clusters by kind" : "Density of 200,000 points");
    s->has_density = TRUE;
    s->mode = "density";
    s->x.lo = -4, s->x.hi = 4, s->y.lo = -3, s->y.hi = 3;
    if (categories) {
        pk_scene_set_color_categories(s, names, 3, FALSE);
    }
    PkRect area;
    pk_layout_plot_area(s, w, h, &area);
    PkSceneDensity *d = &s->density;
    d->width = (guint)area.width, d->height = (guint)area.height;
    d->counts = g_new0(guint32, (gsize)d->width * d->height);
    if (categories) {
        d->n_categories = 3;
        d->category_counts = g_new0(guint32, (gsize)3 * d->width * d->height);
    }
    PkSceneDensity *sd = &s->selected_density;
    if (selection) {
        sd->width = d->width, sd->height = d->height;
        sd->counts = g_new0(guint32, (gsize)d->width * d->height);
    }
    GRand *rand = g_rand_new_with_seed(7);
    static const double centres[3][3] = {{-1.5, -0.8, 0.7}, {1.2, 0.9, 0.5}, {0.8, -1.4, 1.0}};
    for (guint i = 0; i < 200000; i++) {
        guint c = i % 3;
        double x = centres[c][0] + centres[c][2] * gauss(rand);
        double y = centres[c][1] + centres[c][2] * 0.8 * gauss(rand);
        bin(d, c, x, y, s->x.lo, s->x.hi, s->y.lo, s->y.hi);
        if (selection && brushed(x, y)) {
            bin(sd, 0, x, y, s->x.lo, s->x.hi, s->y.lo, s->y.hi);
            s->n_selected++;
        }
    }
    g_rand_free(rand);
    s->n_rows = s->n_drawn = 200000;
    if (selection) {
        pk_scene_set_selection(s, s->n_selected, 200000);
    }
    return s;
}

static PkScene *points_scene(PkTheme theme, gboolean log_x) {
    static const char *const names[] = {"north", "south", "east", "west"};
    PkScene *s = scene_new(PK_PLOT_SCATTER, theme, log_x ? "income" : "x", log_x ? "score" : "y",
                           log_x ? "Log x axis" : "400 points in four groups");
    GRand *rand = g_rand_new_with_seed(11);
    s->n_points = 400;
    s->px = g_new(double, 400), s->py = g_new(double, 400), s->pcolor = g_new(guint32, 400);
    for (guint i = 0; i < 400; i++) {
        s->pcolor[i] = log_x ? 0 : i % 4;
        double t = g_rand_double(rand);
        s->px[i] = log_x ? pow(10.0, 1 + 4 * t) : 10 * t;
        s->py[i] = (log_x ? 20 * (1 + 4 * t) : 3 * t + 2 * s->pcolor[i]) + 3 * gauss(rand);
    }
    g_rand_free(rand);
    if (log_x) {
        s->x.scale = PK_SCALE_LOG;
        s->x.lo = 10, s->x.hi = 1e5, s->y.lo = 0, s->y.hi = 110;
        s->n_nonpositive_x = 17;
        s->n_rows = 417;
    } else {
        pk_scene_set_color_categories(s, names, 4, FALSE);
        s->x.lo = 0, s->x.hi = 10, s->y.lo = -6, s->y.hi = 16;
        s->n_rows = 400;
    }
    s->n_drawn = 400;
    return s;
}

static void add_series(PkScene *s, const char *name, gsize n, double x0, double dx,
                       double (*f)(double)) {
    s->series = g_renew(PkSceneSeries, s->series, s->n_series + 1);
    PkSceneSeries *series = &s->series[s->n_series++];
    series->name = g_strdup(name);
    series->n = n;
    series->x = g_new(double, n), series->y = g_new(double, n);
    for (gsize i = 0; i < n; i++) {
        series->x[i] = x0 + i * dx;
        series->y[i] = f((double)i / n);
    }
    s->n_drawn += n;
}

static double wave(double t) {
    return sin(t * 4 * G_PI) * (1 - 0.5 * t);
}
static double slow(double t) {
    return 0.6 * cos(t * 2 * G_PI) + 0.2;
}
static double decay(double t) {
    return 1.2 * exp(-4 * t) - 0.6;
}
static double traffic(double t) {
    return 40 + 25 * sin(t * 8 * G_PI) + 30 * t;
}

static PkScene *line_scene(PkTheme theme) {
    static const char *const names[] = {"wave", "slow", "decay"};
    PkScene *s = scene_new(PK_PLOT_LINE, theme, "t", "signal", "Three series");
    s->mode = "lines";
    pk_scene_set_color_categories(s, names, 3, FALSE);
    add_series(s, "wave", 300, 0, 10.0 / 300, wave);
    add_series(s, "slow", 300, 0, 10.0 / 300, slow);
    add_series(s, "decay", 300, 0, 10.0 / 300, decay);
    s->n_rows = s->n_drawn;
    s->x.lo = 0, s->x.hi = 10, s->y.lo = -1.2, s->y.hi = 1.2;
    return s;
}

static PkScene *area_scene(PkTheme theme) {
    PkScene *s = scene_new(PK_PLOT_LINE, theme, "day", "visits", "Visits, March 2024");
    s->spec.area = TRUE;
    s->mode = "lines";
    s->x.scale = PK_SCALE_TIME;
    double t0 = 1709251200.0 * 1e6; /* 2024-03-01 */
    add_series(s, NULL, 31 * 4, t0, 86400e6 / 4, traffic);
    s->n_rows = s->n_drawn;
    s->x.lo = t0, s->x.hi = t0 + 31 * 86400e6, s->y.lo = 0, s->y.hi = 100;
    return s;
}

static PkScene *histogram_scene(PkTheme theme, gboolean selection) {
    PkScene *s =
        scene_new(PK_PLOT_HISTOGRAM, theme, "duration (s)", "count", "Histogram of 5,000 values");
    s->mode = "bins";
    s->n_bins = 30;
    s->bin_edges = g_new(double, 31), s->bin_heights = g_new0(double, 30);
    s->selected_bin_heights = selection ? g_new0(double, 30) : NULL;
    guint64 n_selected = 0;
    for (guint i = 0; i <= 30; i++) {
        s->bin_edges[i] = 20 + i * 2.0;
    }
    GRand *rand = g_rand_new_with_seed(3);
    for (guint i = 0; i < 5000; i++) {
        double v = 50 + 7 * gauss(rand) + (i % 5 == 0 ? 12 : 0);
        int k = (int)floor((v - 20) / 2);
        if (k >= 0 && k < 30) {
            s->bin_heights[k]++;
            if (selection && i % 5 == 0) { /* the shifted sub-population */
                s->selected_bin_heights[k]++;
            }
        }
        n_selected += i % 5 == 0;
    }
    if (selection) {
        pk_scene_set_selection(s, n_selected, 5000);
    }
    g_rand_free(rand);
    s->n_rows = s->n_drawn = 5000;
    s->x.lo = 20, s->x.hi = 80, s->y.lo = 0, s->y.hi = 500;
    return s;
}

static PkScene *bar_scene(PkTheme theme, gboolean stacked, gboolean selection) {
    static const char *const groups[] = {"Paris", "Lyon", "Marseille", "Lille", "Nantes"};
    static const char *const series[] = {"2023", "2024", "2025"};
    PkScene *s = scene_new(PK_PLOT_BAR, theme, "city", "sales",
                           stacked ? "Sales by city, stacked" : "Sales by city");
    s->mode = "bars";
    s->spec.stacked = stacked;
    s->spec.horizontal = stacked;
    guint ng = stacked ? 4 : 5, ns = stacked ? 3 : 2;
    s->n_groups = ng, s->n_bar_series = ns;
    s->bar_values = g_new(double, ng *ns);
    for (guint g = 0; g < ng; g++) {
        for (guint k = 0; k < ns; k++) {
            s->bar_values[g * ns + k] = 1000.0 * ((g * 7 + k * 3) % 9 + 2);
        }
    }
    if (selection) { /* a share of each bar; Lille has no selected rows */
        s->selected_bar_values = g_new(double, ng *ns);
        for (guint i = 0; i < ng * ns; i++) {
            double share = i / ns == 3 ? 0.0 : 0.2 + 0.15 * (i % 4);
            s->selected_bar_values[i] = s->bar_values[i] * share;
        }
        pk_scene_set_selection(s, 1234, 5678);
    }
    pk_scene_set_color_categories(s, series, ns, FALSE);
    PkSceneAxis *cat = stacked ? &s->y : &s->x, *val = stacked ? &s->x : &s->y;
    pk_scene_axis_set_categories(cat, groups, ng);
    g_free(cat->label), cat->label = g_strdup("city");
    g_free(val->label), val->label = g_strdup("sales (€)");
    val->lo = 0, val->hi = stacked ? 25000 : 11000;
    s->n_rows = s->n_drawn = ng * ns;
    return s;
}

static PkScene *heatmap_scene(PkTheme theme) {
    static const char *const days[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    PkScene *s = scene_new(PK_PLOT_HEATMAP, theme, "hour", "day", "Mean load by hour and day");
    s->mode = "cells";
    pk_plot_spec_set_string(&s->spec.value, "load");
    s->spec.agg = PK_PLOT_AGG_MEAN;
    pk_scene_axis_set_categories(&s->y, days, 7);
    s->x.lo = 0, s->x.hi = 24;
    s->nx = 24, s->ny = 7;
    s->cells = g_new(double, 24 * 7);
    s->cell_min = INFINITY, s->cell_max = -INFINITY;
    for (guint j = 0; j < 7; j++) {
        for (guint i = 0; i < 24; i++) {
            double v = (j < 5 ? 60 : 25) * exp(-pow((i - 14.0) / 4.5, 2)) + 10 + (i * j) % 5;
            s->cells[j * 24 + i] = (j == 6 && i < 3) ? NAN : v;
            s->cell_min = MIN(s->cell_min, v), s->cell_max = MAX(s->cell_max, v);
        }
    }
    s->n_rows = s->n_drawn = 24 * 7 * 100;
    return s;
}

static PkScene *box_scene(PkTheme theme) {
    static const char *const names[] = {"bronze", "silver", "gold", "platinum"};
    PkScene *s = scene_new(PK_PLOT_BOX, theme, "tier", "basket (€)", "Basket size by tier");
    s->mode = "boxes";
    pk_scene_axis_set_categories(&s->x, names, 4);
    s->n_boxes = 4;
    s->boxes = g_new0(PkSceneBox, 4);
    for (guint i = 0; i < 4; i++) {
        PkSceneBox *b = &s->boxes[i];
        double c = 30 + 15 * i;
        b->name = g_strdup(names[i]);
        b->q1 = c - 6 - i, b->median = c, b->q3 = c + 8 + 2 * i;
        b->whisker_lo = MAX(b->q1 - 1.5 * (b->q3 - b->q1), 5.0), b->whisker_hi = c + 30 + 3 * i;
        b->n = 1000;
        b->n_outliers = 3 + i;
        b->outliers = g_new(double, b->n_outliers);
        for (guint k = 0; k < b->n_outliers; k++) {
            b->outliers[k] = b->whisker_hi + 4 + 5 * k;
        }
        b->n_outliers_total = b->n_outliers + (i == 3 ? 250 : 0);
    }
    s->n_rows = s->n_drawn = 4000;
    s->y.lo = 0, s->y.hi = 120;
    return s;
}

PkScene *pk_golden_scene_new(const char *name, PkTheme theme, double width, double height) {
    if (strncmp(name, "scatter-density", 15) == 0 || strcmp(name, "scatter-categories") == 0) {
        return density_scene(theme, width, height, strcmp(name, "scatter-categories") == 0,
                             strcmp(name, "scatter-density-selected") == 0);
    }
    if (strcmp(name, "scatter-points") == 0 || strcmp(name, "scatter-log") == 0) {
        return points_scene(theme, strcmp(name, "scatter-log") == 0);
    }
    if (strcmp(name, "line") == 0) {
        return line_scene(theme);
    }
    if (strcmp(name, "area-time") == 0) {
        return area_scene(theme);
    }
    if (strncmp(name, "histogram", 9) == 0) {
        return histogram_scene(theme, strcmp(name, "histogram-selected") == 0);
    }
    if (strncmp(name, "bar", 3) == 0) {
        return bar_scene(theme, strcmp(name, "bar-stacked-horizontal") == 0,
                         strcmp(name, "bar-selected") == 0);
    }
    if (strcmp(name, "heatmap") == 0) {
        return heatmap_scene(theme);
    }
    if (strcmp(name, "box") == 0) {
        return box_scene(theme);
    }
    PkScene *s = scene_new(PK_PLOT_SCATTER, theme, "x", "y", "An empty result");
    s->empty_message = g_strdup("No rows to plot: the query returned nothing");
    return s;
}
