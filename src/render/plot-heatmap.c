/* plot-heatmap.c — a value per (x, y) cell, coloured by the colour map over the finite range
 * of the cells; empty cells (NaN) stay background.
 *
 * Cells are uniform in the axes' transformed space (linear, log decades or category slots),
 * so cell edges are interpolated in pixels between the ends of the axes. Drawn as vector
 * rectangles (crisp in SVG/PDF); preparation keeps the grid modest (at most 200 × 200). */
#include "render-private.h"

#include <math.h>

gboolean pk_plot_heatmap_draw(cairo_t *cr, const PkDrawContext *ctx, GError **error) {
    (void)error;
    const PkScene *scene = ctx->scene;
    if (scene->cells == NULL || scene->nx == 0 || scene->ny == 0) {
        return TRUE;
    }
    double x0 = pk_scale_map(&ctx->sx, scene->x.lo), x1 = pk_scale_map(&ctx->sx, scene->x.hi);
    double y0 = pk_scale_map(&ctx->sy, scene->y.lo), y1 = pk_scale_map(&ctx->sy, scene->y.hi);
    double dx = (x1 - x0) / scene->nx, dy = (y1 - y0) / scene->ny;
    double lo = scene->cell_min, span = scene->cell_max - scene->cell_min;
    cairo_set_antialias(cr, CAIRO_ANTIALIAS_NONE);
    for (guint j = 0; j < scene->ny; j++) {
        for (guint i = 0; i < scene->nx; i++) {
            double v = scene->cells[(gsize)j * scene->nx + i];
            if (!isfinite(v)) {
                continue;
            }
            double t = span > 0 ? (v - lo) / span : 1.0;
            pk_set_source_rgb32(cr, pk_colormap_sample(scene->spec.colormap, t), 1.0);
            double ax = round(x0 + i * dx), bx = round(x0 + (i + 1) * dx);
            double ay = round(y0 + (j + 1) * dy), by = round(y0 + j * dy);
            cairo_rectangle(cr, ax, ay, bx - ax, by - ay);
            cairo_fill(cr);
        }
    }
    cairo_set_antialias(cr, CAIRO_ANTIALIAS_DEFAULT);
    return TRUE;
}
