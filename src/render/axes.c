/* axes.c — grid lines, axis lines, ticks, tick labels and axis titles.
 *
 * Tick positions come from ticks.c (pure); this file only decides how many fit and where the
 * text goes. Lines are snapped to half pixels so one-pixel lines stay crisp on PNG. Rotated
 * categorical labels are anchored at their right end, under their tick, at -45 degrees. */
#include "render-private.h"

#include <math.h>

static double snap(double v) {
    return floor(v) + 0.5;
}

/* The axis that carries the values: x for horizontal bars, y otherwise. */
static gboolean is_value_axis(const PkScene *scene, const PkSceneAxis *axis) {
    gboolean horizontal = scene->spec.type == PK_PLOT_BAR && scene->spec.horizontal;
    return axis == (horizontal ? &scene->x : &scene->y);
}

/* Ticks of an axis, the value axis labelled in the spec's number format. */
static GArray *axis_ticks(const PkDrawContext *ctx, const PkSceneAxis *axis, guint target) {
    GArray *ticks = pk_ticks_for_axis(axis, target);
    const PkPlotSpec *spec = &ctx->scene->spec;
    gboolean custom =
        spec->number_format != PK_NUMBER_FORMAT_AUTO || spec->digits != PK_PLOT_DIGITS_AUTO;
    if (!custom || !is_value_axis(ctx->scene, axis) ||
        (axis->scale != PK_SCALE_LINEAR && axis->scale != PK_SCALE_LOG)) {
        return ticks;
    }
    double step = 0;
    for (guint i = 1; axis->scale == PK_SCALE_LINEAR && i < ticks->len && step == 0; i++) {
        step = g_array_index(ticks, PkTick, i).value - g_array_index(ticks, PkTick, i - 1).value;
    }
    for (guint i = 0; i < ticks->len; i++) {
        PkTick *t = &g_array_index(ticks, PkTick, i);
        if (!t->minor) {
            pk_format_value(t->value, spec->number_format, spec->digits, step, t->label,
                            sizeof t->label);
        }
    }
    return ticks;
}

static guint x_target(const PkDrawContext *ctx) {
    const PkSceneAxis *axis = &ctx->scene->x;
    if (axis->scale == PK_SCALE_CATEGORICAL) {
        if (pk_layout_x_labels_rotated(ctx->scene, ctx->area.width)) {
            return (guint)MAX(1.0, ctx->area.width / (PK_FONT_TICK_PX + 3));
        }
        return axis->n_categories;
    }
    return (guint)MAX(3.0, ctx->area.width / (axis->scale == PK_SCALE_TIME ? 90.0 : 70.0));
}

static guint y_target(const PkDrawContext *ctx) {
    if (ctx->scene->y.scale == PK_SCALE_CATEGORICAL) {
        return (guint)MAX(1.0, ctx->area.height / (PK_FONT_TICK_PX + 3));
    }
    return (guint)MAX(2.0, ctx->area.height / 45.0);
}

void pk_axes_draw_grid(cairo_t *cr, const PkDrawContext *ctx) {
    const PkRect *a = &ctx->area;
    pk_set_source_rgb32(cr, ctx->theme->plot_background, 1.0);
    cairo_rectangle(cr, a->x, a->y, a->width, a->height);
    cairo_fill(cr);
    pk_set_source_rgb32(cr, ctx->theme->grid, 1.0);
    cairo_set_line_width(cr, 1.0);
    if (ctx->scene->x.scale != PK_SCALE_CATEGORICAL) {
        GArray *ticks = pk_ticks_for_axis(&ctx->scene->x, x_target(ctx));
        for (guint i = 0; i < ticks->len; i++) {
            const PkTick *t = &g_array_index(ticks, PkTick, i);
            double px = snap(pk_scale_map(&ctx->sx, t->value));
            if (!t->minor && isfinite(px)) {
                cairo_move_to(cr, px, a->y);
                cairo_line_to(cr, px, a->y + a->height);
            }
        }
        g_array_unref(ticks);
    }
    if (ctx->scene->y.scale != PK_SCALE_CATEGORICAL) {
        GArray *ticks = pk_ticks_for_axis(&ctx->scene->y, y_target(ctx));
        for (guint i = 0; i < ticks->len; i++) {
            const PkTick *t = &g_array_index(ticks, PkTick, i);
            double py = snap(pk_scale_map(&ctx->sy, t->value));
            if (!t->minor && isfinite(py)) {
                cairo_move_to(cr, a->x, py);
                cairo_line_to(cr, a->x + a->width, py);
            }
        }
        g_array_unref(ticks);
    }
    cairo_stroke(cr);
}

static void draw_x_axis(cairo_t *cr, const PkDrawContext *ctx, double *out_bottom) {
    const PkRect *a = &ctx->area;
    double base = snap(a->y + a->height);
    gboolean rotated = pk_layout_x_labels_rotated(ctx->scene, a->width);
    PkTextStyle style = {PK_FONT_TICK_PX, FALSE, ctx->theme->text};
    GArray *ticks = axis_ticks(ctx, &ctx->scene->x, x_target(ctx));
    double bottom = base + 6 + PK_FONT_TICK_PX + 2;
    double label_max = pk_layout_x_label_max_px(ctx->scene); /* the depth the layout gave */
    pk_set_source_rgb32(cr, ctx->theme->axis, 1.0);
    for (guint i = 0; i < ticks->len; i++) {
        const PkTick *t = &g_array_index(ticks, PkTick, i);
        double px = pk_scale_map(&ctx->sx, t->value);
        if (!isfinite(px) || px < a->x - 0.5 || px > a->x + a->width + 0.5) {
            continue;
        }
        cairo_move_to(cr, snap(px), base);
        cairo_line_to(cr, snap(px), base + (t->minor ? 3 : 5));
        if (t->minor) {
            continue;
        }
        if (rotated) {
            double w = pk_text_draw_fit(cr, t->label, &style, label_max, px + 3, base + 6, 1.0, 0.0,
                                        -G_PI / 4);
            bottom = MAX(bottom, base + 8 + w * 0.72 + PK_FONT_TICK_PX * 0.7);
        } else { /* keep end labels on the page */
            double w = 0, h = 0;
            pk_text_measure(cr, t->label, &style, &w, &h);
            double cx = CLAMP(px, w / 2 + 2, MAX(ctx->width - w / 2 - 2, w / 2 + 2));
            pk_text_draw(cr, t->label, &style, cx, base + 6, 0.5, 0.0, 0.0);
        }
        pk_set_source_rgb32(cr, ctx->theme->axis, 1.0);
    }
    cairo_set_line_width(cr, 1.0);
    cairo_stroke(cr);
    g_array_unref(ticks);
    *out_bottom = bottom;
}

/* Returns the width of the widest tick label. */
static double draw_y_axis(cairo_t *cr, const PkDrawContext *ctx) {
    const PkRect *a = &ctx->area;
    double base = snap(a->x) - 1;
    PkTextStyle style = {PK_FONT_TICK_PX, FALSE, ctx->theme->text};
    GArray *ticks = axis_ticks(ctx, &ctx->scene->y, y_target(ctx));
    double widest = 0;
    pk_set_source_rgb32(cr, ctx->theme->axis, 1.0);
    for (guint i = 0; i < ticks->len; i++) {
        const PkTick *t = &g_array_index(ticks, PkTick, i);
        double py = pk_scale_map(&ctx->sy, t->value);
        if (!isfinite(py) || py < a->y - 0.5 || py > a->y + a->height + 0.5) {
            continue;
        }
        cairo_move_to(cr, base, snap(py));
        cairo_line_to(cr, base - (t->minor ? 3 : 5), snap(py));
        if (!t->minor) {
            widest = MAX(widest, pk_text_draw(cr, t->label, &style, base - 7, py, 1.0, 0.5, 0.0));
            pk_set_source_rgb32(cr, ctx->theme->axis, 1.0);
        }
    }
    cairo_set_line_width(cr, 1.0);
    cairo_stroke(cr);
    g_array_unref(ticks);
    return widest;
}

void pk_axes_draw(cairo_t *cr, const PkDrawContext *ctx) {
    const PkRect *a = &ctx->area;
    pk_set_source_rgb32(cr, ctx->theme->axis, 1.0);
    cairo_set_line_width(cr, 1.0);
    cairo_move_to(cr, snap(a->x) - 1, a->y);
    cairo_line_to(cr, snap(a->x) - 1, snap(a->y + a->height));
    cairo_line_to(cr, a->x + a->width, snap(a->y + a->height));
    cairo_stroke(cr);

    double bottom = 0;
    draw_x_axis(cr, ctx, &bottom);
    double widest = draw_y_axis(cr, ctx);
    PkTextStyle label = {PK_FONT_LABEL_PX, FALSE, ctx->theme->text};
    if (ctx->scene->x.label != NULL) {
        pk_text_draw(cr, ctx->scene->x.label, &label, a->x + a->width / 2, bottom + 4, 0.5, 0.0,
                     0.0);
    }
    if (ctx->scene->y.label != NULL) {
        const PkLegendLayout *lg = &ctx->legend; /* never over a left legend */
        double edge = lg->side == PK_LEGEND_LEFT ? lg->box.x + lg->box.width : 0;
        double x = MAX(snap(a->x) - 1 - 7 - widest - 6, edge + PK_FONT_LABEL_PX + 6);
        /* no longer than the plot area's side and a little of the margins above and below */
        pk_text_draw_fit(cr, ctx->scene->y.label, &label, a->height + 20, x, a->y + a->height / 2,
                         0.5, 1.0, -G_PI / 2);
    }
}
