/* plot-line.c — line series (already reduced with M4 to a few points per pixel column), with
 * an optional filled area down to zero (or the bottom of the plot when zero is out of view).
 * NaN breaks a line. With a selection, every series is drawn muted and the selected rows'
 * series (M4 of the selected rows) in colour on top. */
#include "render-private.h"

#include <math.h>

static void trace(cairo_t *cr, const PkDrawContext *ctx, const PkSceneSeries *s,
                  double *out_first_x, double *out_last_x) {
    gboolean pen_down = FALSE;
    for (gsize i = 0; i < s->n; i++) {
        double x = pk_scale_map(&ctx->sx, s->x[i]);
        double y = pk_scale_map(&ctx->sy, s->y[i]);
        if (!isfinite(x) || !isfinite(y)) {
            pen_down = FALSE;
            continue;
        }
        if (!pen_down) {
            if (isnan(*out_first_x)) {
                *out_first_x = x;
            }
            cairo_move_to(cr, x, y);
        } else {
            cairo_line_to(cr, x, y);
        }
        *out_last_x = x;
        pen_down = TRUE;
    }
}

/* One series: an optional area (at area_alpha) and the line (at line_alpha). */
static void series_draw(cairo_t *cr, const PkDrawContext *ctx, const PkSceneSeries *s, double base,
                        guint32 color, double line_alpha, double area_alpha) {
    double first = NAN, last = NAN;
    if (ctx->scene->spec.area) {
        cairo_new_path(cr);
        trace(cr, ctx, s, &first, &last);
        if (isfinite(first)) {
            cairo_line_to(cr, last, base);
            cairo_line_to(cr, first, base);
            cairo_close_path(cr);
            pk_set_source_rgb32(cr, color, area_alpha);
            cairo_fill(cr);
        }
    }
    cairo_new_path(cr);
    trace(cr, ctx, s, &first, &last);
    pk_set_source_rgb32(cr, color, line_alpha);
    cairo_set_line_width(cr, 1.5);
    cairo_stroke(cr);
}

void pk_plot_line_draw(cairo_t *cr, const PkDrawContext *ctx) {
    const PkScene *scene = ctx->scene;
    double base = pk_scale_map(&ctx->sy, 0.0);
    if (!isfinite(base) || base > ctx->area.y + ctx->area.height) {
        base = ctx->area.y + ctx->area.height;
    }
    base = MAX(base, ctx->area.y);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    gboolean selection = scene->has_selection && scene->selected_series != NULL;
    for (guint i = 0; i < scene->n_series; i++) {
        guint32 color =
            scene->n_color_categories > 1 ? pk_legend_category_color(scene, i) : pk_palette_get(i);
        if (selection) {
            series_draw(cr, ctx, &scene->series[i], base, ctx->theme->muted, PK_MUTED_ALPHA,
                        PK_MUTED_ALPHA * 0.4);
        } else {
            series_draw(cr, ctx, &scene->series[i], base, color, 1.0, 0.25);
        }
    }
    for (guint i = 0; selection && i < scene->n_series; i++) {
        guint32 color =
            scene->n_color_categories > 1 ? pk_legend_category_color(scene, i) : pk_palette_get(i);
        series_draw(cr, ctx, &scene->selected_series[i], base, color, 1.0, 0.25);
    }
}
