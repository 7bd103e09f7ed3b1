/* plot-line.c — line series (already reduced with M4 to a few points per pixel column), with
 * an optional filled area down to zero (or the bottom of the plot when zero is out of view).
 * NaN breaks a line. */
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

void pk_plot_line_draw(cairo_t *cr, const PkDrawContext *ctx) {
    const PkScene *scene = ctx->scene;
    double base = pk_scale_map(&ctx->sy, 0.0);
    if (!isfinite(base) || base > ctx->area.y + ctx->area.height) {
        base = ctx->area.y + ctx->area.height;
    }
    base = MAX(base, ctx->area.y);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    for (guint i = 0; i < scene->n_series; i++) {
        const PkSceneSeries *s = &scene->series[i];
        guint32 color = scene->n_color_categories > 1 ? pk_legend_category_color(scene, i)
                                                      : pk_palette_get(i);
        double first = NAN, last = NAN;
        if (scene->spec.area) {
            cairo_new_path(cr);
            trace(cr, ctx, s, &first, &last);
            if (isfinite(first)) {
                cairo_line_to(cr, last, base);
                cairo_line_to(cr, first, base);
                cairo_close_path(cr);
                pk_set_source_rgb32(cr, color, 0.25);
                cairo_fill(cr);
            }
        }
        cairo_new_path(cr);
        trace(cr, ctx, s, &first, &last);
        pk_set_source_rgb32(cr, color, 1.0);
        cairo_set_line_width(cr, 1.5);
        cairo_stroke(cr);
    }
}
