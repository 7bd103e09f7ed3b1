/* plot-view-hover.c — what the plot view's hover tooltip says, worked out on the worker from
 * the frame's scene (immutable, so any thread may read it):
 *
 *   bar        the group, its value (per series when there are several) and its row count
 *   histogram  the bin's range and its count (or density), and the selected count
 *   line       the nearest sample (in pixels, within HOVER_RADIUS_PX): series, x and y
 *   box        the five numbers (whiskers, quartiles, median), the outlier and row counts
 *   heatmap    the cell's x and y (ranges or categories) and its value
 *   scatter    the session's pick (plotprep.h): a mark's values, or a density bin's count
 *              and its representative row with every column of the input
 *
 * Places on an axis (bin edges, cell ranges, a line's sample) are written as the axis labels
 * its ticks (times one unit finer than the axis's, places between ticks one digit finer); values
 * read on the value axis (counts, aggregates, box statistics, a cell's value) in the spec's
 * number format (pk_format_value: up to 6 significant digits in the automatic one); row counts
 * with thousands separators. */
#include "pika/data.h"
#include "pika/render-kit.h"
#include "plot-view-private.h"

#include <math.h>
#include <string.h>

#define HOVER_RADIUS_PX 24.0
#define MAX_ROW_COLUMNS 40

typedef struct {
    const PkScene *scene;
    PkRect area;
    PkScale sx, sy;
    double x, y; /* the pointer in data units (category index on categorical axes) */
} Hover;

/* The ticks' step on an axis drawn length_px long with one tick per px_per_tick pixels (as the
 * renderer's axes), or 0 on log axes (6 significant digits then). */
static double axis_step(const PkSceneAxis *axis, double length_px, double px_per_tick) {
    if (axis->scale == PK_SCALE_LOG || axis->scale == PK_SCALE_CATEGORICAL) {
        return 0;
    }
    return pk_ticks_nice_step(axis->hi - axis->lo, (guint)MAX(3.0, length_px / px_per_tick));
}

/* Whether axis is the one the spec's number format writes (as the renderer's axes decide). */
static gboolean is_value_axis(const PkScene *s, const PkSceneAxis *axis) {
    gboolean horizontal = s->spec.type == PK_PLOT_BAR && s->spec.horizontal;
    return axis == (horizontal ? &s->x : &s->y) &&
           (axis->scale == PK_SCALE_LINEAR || axis->scale == PK_SCALE_LOG);
}

/* v as the axis of s labels it (the value axis in the spec's number format): one digit finer
 * than its ticks (step: the axis's tick step), or with up to 6 significant digits for step 0
 * (a data value rather than a place on the axis). */
static void format_on_axis(const PkScene *s, const PkSceneAxis *axis, double step, double v,
                           char *buf, gsize size) {
    if (axis->scale == PK_SCALE_TIME) {
        guint multiple = 1;
        PkTimeUnit unit = pk_ticks_time_unit(axis->lo, axis->hi, 8, &multiple);
        pk_format_time((gint64)llround(v),
                       (PkTimeUnit)MIN((int)unit + 1, (int)PK_TIME_UNIT_MICROSECOND), buf, size);
    } else if (axis->scale == PK_SCALE_CATEGORICAL) {
        long i = lround(v);
        g_strlcpy(buf,
                  i >= 0 && i < (long)axis->n_categories && axis->categories != NULL
                      ? axis->categories[i]
                      : "",
                  size);
    } else if (is_value_axis(s, axis)) {
        pk_format_value(v, s->spec.number_format, s->spec.digits, step / 10, buf, size);
    } else {
        pk_format_number(v, step / 10, buf, size);
    }
}

/* A value read on the value axis (a count, an aggregate, a cell's value): in the spec's number
 * format, up to 6 significant digits ("1,234,567", "0.25"). */
static void format_value(const PkScene *s, double v, char *buf, gsize size) {
    pk_format_value(v, s->spec.number_format, s->spec.digits, 0, buf, size);
}

static const char *axis_name(const PkSceneAxis *axis, const char *column, const char *fallback) {
    return axis->label != NULL && axis->label[0] != '\0' ? axis->label
           : column != NULL                              ? column
                                                         : fallback;
}

/* What the bars' values are: "count", "mean of price". A new string. */
static char *value_name(const PkPlotSpec *spec) {
    const char *column = spec->value != NULL ? spec->value : spec->y.column;
    if (column == NULL || spec->agg == PK_PLOT_AGG_COUNT) {
        return g_strdup("count");
    }
    return g_strdup_printf("%s of %s", pk_plot_agg_name(spec->agg), column);
}

static gboolean in_area(const Hover *h, double px, double py) {
    return px >= h->area.x && px <= h->area.x + h->area.width && py >= h->area.y &&
           py <= h->area.y + h->area.height;
}

static char *describe_histogram(const Hover *h) {
    const PkScene *s = h->scene;
    for (guint i = 0; i < s->n_bins; i++) {
        double lo = s->bin_edges[i], hi = s->bin_edges[i + 1];
        if (!(h->x >= lo && h->x < hi)) {
            continue;
        }
        char a[64], b[64], n[64];
        double width = hi - lo;
        if (s->x.scale == PK_SCALE_TIME) {
            format_on_axis(s, &s->x, 0, lo, a, sizeof a);
            format_on_axis(s, &s->x, 0, hi, b, sizeof b);
        } else {
            /* as the axis labels them, one digit finer, and fine enough to tell bins apart */
            double step = axis_step(&s->x, h->area.width, 70.0) / 10;
            step = pow(10, floor(log10(step > 0 ? MIN(step, width) : width)));
            pk_format_number(lo, step, a, sizeof a);
            pk_format_number(hi, step, b, sizeof b);
        }
        format_value(s, s->bin_heights[i], n, sizeof n);
        GString *text = g_string_new(NULL);
        g_string_append_printf(text, "%s: %s to %s\n%s: %s",
                               axis_name(&s->x, s->spec.x.column, "x"), a, b,
                               s->spec.density ? "Density" : "Count", n);
        if (s->has_selection && s->selected_bin_heights != NULL) {
            format_value(s, s->selected_bin_heights[i], n, sizeof n);
            g_string_append_printf(text, "\nSelected: %s", n);
        }
        return g_string_free(text, FALSE);
    }
    return NULL;
}

/* The bar chart's group under the pointer: text in out_text, the group's name in out_group
 * (for the count, which the worker asks the database for). */
static char *describe_bars(const Hover *h, char **out_group) {
    const PkScene *s = h->scene;
    gboolean horizontal = s->spec.horizontal;
    const PkSceneAxis *cat = horizontal ? &s->y : &s->x;
    double c = horizontal ? h->y : h->x;
    long i = lround(c);
    if (cat->categories == NULL || i < 0 || i >= (long)s->n_groups || fabs(c - (double)i) > 0.4) {
        return NULL;
    }
    g_autofree char *what = value_name(&s->spec);
    GString *text = g_string_new(NULL);
    g_string_append_printf(text, "%s: %s", axis_name(cat, s->spec.x.column, "group"),
                           cat->categories[i]);
    guint n_series = MAX(s->n_bar_series, 1u);
    for (guint k = 0; k < n_series; k++) {
        char v[64];
        double value = s->bar_values[(gsize)i * n_series + k];
        if (!isfinite(value)) {
            continue;
        }
        format_value(s, value, v, sizeof v);
        if (n_series > 1 && s->color_categories != NULL && k < s->n_color_categories) {
            g_string_append_printf(text, "\n%s: %s", s->color_categories[k], v);
        } else {
            g_string_append_printf(text, "\n%c%s: %s", g_ascii_toupper(what[0]), what + 1, v);
        }
    }
    *out_group = g_strdup(cat->categories[i]);
    return g_string_free(text, FALSE);
}

static char *describe_line(const Hover *h, double px, double py) {
    const PkScene *s = h->scene;
    double best = HOVER_RADIUS_PX * HOVER_RADIUS_PX;
    const PkSceneSeries *best_series = NULL;
    gsize best_i = 0;
    for (guint k = 0; k < s->n_series; k++) {
        const PkSceneSeries *series = &s->series[k];
        for (gsize i = 0; i < series->n; i++) {
            double dx = pk_scale_map(&h->sx, series->x[i]) - px;
            double dy = pk_scale_map(&h->sy, series->y[i]) - py;
            double d = dx * dx + dy * dy;
            if (isfinite(d) && d < best) {
                best = d, best_series = series, best_i = i;
            }
        }
    }
    if (best_series == NULL) {
        return NULL;
    }
    char x[64], y[64];
    format_on_axis(s, &s->x, 0, best_series->x[best_i], x, sizeof x);
    format_on_axis(s, &s->y, 0, best_series->y[best_i], y, sizeof y);
    GString *text = g_string_new(NULL);
    if (best_series->name != NULL) {
        g_string_append_printf(text, "%s: %s\n", s->spec.color != NULL ? s->spec.color : "series",
                               best_series->name);
    }
    g_string_append_printf(text, "%s: %s\n%s: %s", axis_name(&s->x, s->spec.x.column, "x"), x,
                           axis_name(&s->y, s->spec.y.column, "y"), y);
    return g_string_free(text, FALSE);
}

static char *describe_box(const Hover *h) {
    const PkScene *s = h->scene;
    long i = lround(h->x);
    if (i < 0 || i >= (long)s->n_boxes || fabs(h->x - (double)i) > 0.4) {
        return NULL;
    }
    const PkSceneBox *b = &s->boxes[i];
    char v[5][64];
    const double values[5] = {b->whisker_hi, b->q3, b->median, b->q1, b->whisker_lo};
    for (guint k = 0; k < 5; k++) {
        format_on_axis(s, &s->y, 0, values[k], v[k], sizeof v[k]);
    }
    g_autofree char *n = pk_format_count(b->n);
    g_autofree char *outliers = pk_format_count(b->n_outliers_total);
    return g_strdup_printf("%s: %s\nUpper whisker: %s\nQ3: %s\nMedian: %s\nQ1: %s\n"
                           "Lower whisker: %s\nOutliers: %s\nRows: %s",
                           axis_name(&s->x, s->spec.x.column, "group"),
                           b->name != NULL ? b->name : "", v[0], v[1], v[2], v[3], v[4], outliers,
                           n);
}

/* One axis of a heatmap cell: its category, or its range in data units. */
static void cell_range(const Hover *h, const PkSceneAxis *axis, const PkScale *scale, double p0,
                       double p1, double step, char *buf, gsize size) {
    double a = pk_scale_invert(scale, p0), b = pk_scale_invert(scale, p1);
    if (axis->scale == PK_SCALE_CATEGORICAL) {
        format_on_axis(h->scene, axis, 0, (a + b) / 2, buf, size);
        return;
    }
    (void)h;
    char ta[64], tb[64];
    format_on_axis(h->scene, axis, step, MIN(a, b), ta, sizeof ta);
    format_on_axis(h->scene, axis, step, MAX(a, b), tb, sizeof tb);
    g_snprintf(buf, size, "%s to %s", ta, tb);
}

static char *describe_heatmap(const Hover *h, double px, double py) {
    const PkScene *s = h->scene;
    if (s->cells == NULL || s->nx == 0 || s->ny == 0) {
        return NULL;
    }
    double x0 = pk_scale_map(&h->sx, s->x.lo), x1 = pk_scale_map(&h->sx, s->x.hi);
    double y0 = pk_scale_map(&h->sy, s->y.lo), y1 = pk_scale_map(&h->sy, s->y.hi);
    double dx = (x1 - x0) / s->nx, dy = (y1 - y0) / s->ny;
    long i = (long)floor((px - x0) / dx), j = (long)floor((py - y0) / dy);
    if (i < 0 || j < 0 || i >= (long)s->nx || j >= (long)s->ny) {
        return NULL;
    }
    double value = s->cells[(gsize)j * s->nx + (gsize)i];
    if (!isfinite(value)) {
        return NULL;
    }
    char xr[160], yr[160], v[64];
    cell_range(h, &s->x, &h->sx, x0 + (double)i * dx, x0 + (double)(i + 1) * dx,
               axis_step(&s->x, h->area.width, 70.0), xr, sizeof xr);
    cell_range(h, &s->y, &h->sy, y0 + (double)j * dy, y0 + (double)(j + 1) * dy,
               axis_step(&s->y, h->area.height, 45.0), yr, sizeof yr);
    format_value(s, value, v, sizeof v);
    g_autofree char *what = value_name(&s->spec);
    return g_strdup_printf("%s: %s\n%s: %s\n%c%s: %s", axis_name(&s->x, s->spec.x.column, "x"), xr,
                           axis_name(&s->y, s->spec.y.column, "y"), yr, g_ascii_toupper(what[0]),
                           what + 1, v);
}

char *pk_view_hover_describe(const PkViewScene *vs, double px, double py, char **out_group) {
    Hover h = {.scene = vs->scene};
    *out_group = NULL;
    if (vs->scene->empty_message != NULL) {
        return NULL;
    }
    pk_layout_plot_area(vs->scene, vs->width, vs->height, &h.area);
    pk_scale_init(&h.sx, h.scene->x.scale, h.scene->x.lo, h.scene->x.hi, h.area.x,
                  h.area.x + h.area.width);
    pk_scale_init(&h.sy, h.scene->y.scale, h.scene->y.lo, h.scene->y.hi, h.area.y + h.area.height,
                  h.area.y);
    if (!in_area(&h, px, py)) {
        return NULL;
    }
    h.x = pk_scale_invert(&h.sx, px), h.y = pk_scale_invert(&h.sy, py);
    switch (vs->scene->spec.type) {
    case PK_PLOT_HISTOGRAM:
        return describe_histogram(&h);
    case PK_PLOT_BAR:
        return describe_bars(&h, out_group);
    case PK_PLOT_LINE:
        return describe_line(&h, px, py);
    case PK_PLOT_BOX:
        return describe_box(&h);
    case PK_PLOT_HEATMAP:
        return describe_heatmap(&h, px, py);
    default:
        return NULL;
    }
}

/* Whether the fetched row is the picked one: its plotted columns (pick->text, "name: value"
 * lines, numbers as %.6g) say the same. A relation read again need not keep its order (a
 * query without ORDER BY over parallel operators); then the tooltip shows the plotted
 * columns only, never another row's. */
static gboolean row_matches(const PkPlotPick *pick, const PkTextPage *row) {
    g_auto(GStrv) lines = g_strsplit(pick->text != NULL ? pick->text : "", "\n", -1);
    for (guint i = 0; lines[i] != NULL; i++) {
        char *sep = strstr(lines[i], ": ");
        if (sep == NULL) {
            continue;
        }
        *sep = '\0';
        const char *want = sep + 2;
        for (guint c = 0; c < row->n_columns; c++) {
            if (strcmp(row->column_names[c], lines[i]) != 0) {
                continue;
            }
            const char *have = pk_text_page_get(row, 0, c);
            char *end = NULL;
            double v = have != NULL ? g_ascii_strtod(have, &end) : NAN;
            char number[64];
            if (have != NULL && end != NULL && *end == '\0' && end != have) {
                g_snprintf(number, sizeof number, "%.6g", v);
                have = number;
            } else if (have != NULL && strchr(want, 'T') != NULL && strchr(have, ' ') != NULL) {
                continue; /* a timestamp, written two ways */
            }
            if (g_strcmp0(have != NULL ? have : "NULL", want) != 0) {
                g_debug("plot view: the row read again is not the picked one (%s: %s, not %s)",
                        lines[i], have, want);
                return FALSE;
            }
        }
    }
    return TRUE;
}

char *pk_view_hover_pick_text(const PkPlotPick *pick, const PkTextPage *row) {
    if (!pick->is_bin) {
        return g_strdup_printf("Row %" G_GUINT64_FORMAT "\n%s", pick->row, pick->text);
    }
    g_autofree char *count = pk_format_count(pick->count);
    g_autofree char *n = pk_format_count(pick->row);
    GString *text = g_string_new(NULL);
    g_string_append_printf(text, "%s %s in this bin\nRepresentative row %s:", count,
                           pick->count == 1 ? "row" : "rows", n);
    if (row == NULL || row->n_rows == 0 || !row_matches(pick, row)) {
        g_string_append_printf(text, "\n%s", pick->text); /* its plotted columns */
        return g_string_free(text, FALSE);
    }
    guint shown = MIN(row->n_columns, MAX_ROW_COLUMNS);
    for (guint c = 0; c < shown; c++) {
        const char *v = pk_text_page_get(row, 0, c);
        g_string_append_printf(text, "\n%s: %s", row->column_names[c], v != NULL ? v : "NULL");
    }
    if (shown < row->n_columns) {
        g_string_append_printf(text, "\n… %u more columns", row->n_columns - shown);
    }
    return g_string_free(text, FALSE);
}
