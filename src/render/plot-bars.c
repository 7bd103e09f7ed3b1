/* plot-bars.c — histograms (bars over numeric bin edges) and bar charts (categories, grouped
 * or stacked series, vertical or horizontal).
 *
 * Bars grow from zero; on a log value axis (where zero does not exist) from the edge of the
 * plot. A bar chart's category axis is x (vertical bars) or y (horizontal bars); each category
 * owns the slot [i - 0.5, i + 0.5), of which bars fill the middle 80%.
 * With a selection, the bars of every row are muted grey and the selected bars (same bin
 * edges, groups and series) are drawn in colour: over them when the selected value is a part
 * of the whole (histogram counts, bar counts and sums), and beside them when it is a value of
 * its own (bar means, minima, maxima), so a selected mean larger than the overall mean is not
 * read as a part of a bar it overflows:
 *
 *      count / sum             mean / min / max
 *      +------+                +---+
 *      |muted |                |   |+---+
 *      |+----+|                |mut||sel|       one series slot: muted bar in the left half,
 *      ||sel ||                |   ||   |       selected bar in the right half
 *      ++----++                +---++---+ */
#include "render-private.h"

#include <math.h>

static double value_base(const PkScale *scale, double edge) {
    double base = pk_scale_map(scale, 0.0);
    return isfinite(base) ? base : edge;
}

static void histogram_bars(cairo_t *cr, const PkDrawContext *ctx, const double *heights,
                           guint32 color, double alpha) {
    const PkScene *scene = ctx->scene;
    double base = value_base(&ctx->sy, ctx->area.y + ctx->area.height);
    cairo_new_path(cr);
    for (guint i = 0; i < scene->n_bins; i++) {
        double x0 = pk_scale_map(&ctx->sx, scene->bin_edges[i]);
        double x1 = pk_scale_map(&ctx->sx, scene->bin_edges[i + 1]);
        double y = pk_scale_map(&ctx->sy, heights[i]);
        if (!isfinite(x0) || !isfinite(x1) || !isfinite(y) || heights[i] == 0) {
            continue;
        }
        double gap = x1 - x0 > 4 ? 1.0 : 0.0;
        cairo_rectangle(cr, x0, MIN(y, base), MAX(x1 - x0 - gap, 0.5), fabs(base - y));
    }
    pk_set_source_rgb32(cr, color, alpha);
    cairo_fill(cr);
}

void pk_plot_histogram_draw(cairo_t *cr, const PkDrawContext *ctx) {
    const PkScene *scene = ctx->scene;
    if (!scene->has_selection) {
        histogram_bars(cr, ctx, scene->bin_heights, pk_palette_get(0), 0.85);
        return;
    }
    histogram_bars(cr, ctx, scene->bin_heights, ctx->theme->muted, PK_MUTED_ALPHA);
    if (scene->selected_bin_heights != NULL) {
        histogram_bars(cr, ctx, scene->selected_bin_heights, pk_palette_get(0), 0.9);
    }
}

static void bar_rect(cairo_t *cr, const PkDrawContext *ctx, double slot0, double slot1, double v0,
                     double v1) {
    gboolean horizontal = ctx->scene->spec.horizontal;
    const PkScale *cat = horizontal ? &ctx->sy : &ctx->sx;
    const PkScale *val = horizontal ? &ctx->sx : &ctx->sy;
    double c0 = pk_scale_map(cat, slot0), c1 = pk_scale_map(cat, slot1);
    double p0 = pk_scale_map(val, v0), p1 = pk_scale_map(val, v1);
    if (!isfinite(p0)) {
        p0 = horizontal ? ctx->area.x : ctx->area.y + ctx->area.height;
    }
    if (!isfinite(c0) || !isfinite(c1) || !isfinite(p1)) {
        return;
    }
    if (horizontal) {
        cairo_rectangle(cr, MIN(p0, p1), MIN(c0, c1), fabs(p1 - p0), fabs(c1 - c0));
    } else {
        cairo_rectangle(cr, MIN(c0, c1), MIN(p0, p1), fabs(c1 - c0), fabs(p1 - p0));
    }
}

/* Whether no group has a value in more than one series (the colour column is a function of
 * the category, e.g. the category itself): side-by-side slots would leave each bar a sliver
 * of its group's width, so each bar takes the whole of it. Decided on every row's values, so
 * that selected bars line up with the muted ones. */
static gboolean one_series_per_group(const PkScene *scene) {
    guint n_series = MAX(scene->n_bar_series, 1u);
    if (n_series == 1 || scene->spec.stacked) {
        return FALSE;
    }
    for (guint g = 0; g < scene->n_groups; g++) {
        guint n = 0;
        for (guint s = 0; s < n_series; s++) {
            n += isfinite(scene->bar_values[(gsize)g * n_series + s]) ? 1 : 0;
        }
        if (n > 1) {
            return FALSE;
        }
    }
    return TRUE;
}

/* Bars of values (group-major); muted: every bar in the theme's muted colour. Each bar takes
 * the part [part0, part1] (fractions) of the width of its series slot (of its group, when no
 * group has more than one series). */
static void bars_draw(cairo_t *cr, const PkDrawContext *ctx, const double *values, gboolean muted,
                      double part0, double part1) {
    const PkScene *scene = ctx->scene;
    guint n_series = MAX(scene->n_bar_series, 1u);
    gboolean whole = one_series_per_group(scene);
    for (guint s = 0; s < n_series; s++) {
        cairo_new_path(cr);
        for (guint g = 0; g < scene->n_groups; g++) {
            double v = values[(gsize)g * n_series + s];
            if (!isfinite(v)) {
                continue;
            }
            if (scene->spec.stacked) {
                double below_pos = 0, below_neg = 0;
                for (guint k = 0; k < s; k++) {
                    double u = values[(gsize)g * n_series + k];
                    if (isfinite(u)) {
                        *(u >= 0 ? &below_pos : &below_neg) += u;
                    }
                }
                double start = v >= 0 ? below_pos : below_neg;
                bar_rect(cr, ctx, g - 0.4 + 0.8 * part0, g - 0.4 + 0.8 * part1, start, start + v);
            } else {
                double w = whole ? 0.8 : 0.8 / n_series, left = g - 0.4 + (whole ? 0 : s * w);
                bar_rect(cr, ctx, left + w * part0, left + w * part1, 0.0, v);
            }
        }
        guint32 color = n_series > 1 ? pk_legend_category_color(scene, s) : pk_palette_get(0);
        if (muted) {
            pk_set_source_rgb32(cr, ctx->theme->muted, PK_MUTED_ALPHA);
        } else {
            pk_set_source_rgb32(cr, color, MAX(scene->spec.alpha, 0.85));
        }
        cairo_fill(cr);
    }
}

gboolean pk_plot_bar_selection_is_part(const PkScene *scene) {
    gboolean counts = scene->spec.value == NULL && scene->spec.y.column == NULL;
    return counts || scene->spec.agg == PK_PLOT_AGG_COUNT || scene->spec.agg == PK_PLOT_AGG_SUM;
}

void pk_plot_bar_draw(cairo_t *cr, const PkDrawContext *ctx) {
    const PkScene *scene = ctx->scene;
    gboolean selection = scene->has_selection && scene->selected_bar_values != NULL;
    if (!selection || pk_plot_bar_selection_is_part(scene)) {
        bars_draw(cr, ctx, scene->bar_values, scene->has_selection, 0.0, 1.0);
        if (selection) {
            bars_draw(cr, ctx, scene->selected_bar_values, FALSE, 0.0, 1.0);
        }
        return;
    }
    bars_draw(cr, ctx, scene->bar_values, TRUE, 0.0, 0.5);
    bars_draw(cr, ctx, scene->selected_bar_values, FALSE, 0.5, 1.0);
}
