/* plot-heatmap.c — a value per (x, y) cell, coloured by the colour map over the finite range
 * of the cells; empty cells (NaN) stay background.
 *
 * Cells are uniform in the axes' transformed space (linear, log decades or category slots),
 * so cell edges are interpolated in pixels between the ends of the axes. Drawn as vector
 * rectangles (crisp in SVG/PDF); preparation keeps the grid modest (at most 200 × 200).
 * With a selection, every cell is drawn in the muted grey ramp (the full extent stays in
 * view) and the cells holding selected rows over them, coloured by the selected rows'
 * aggregate over its own range (which the colour bar then shows). */
#include "render-private.h"

#include <math.h>

/* Cells coloured from lut over [lo, hi]; NaN cells are skipped. */
static void cells_draw(cairo_t *cr, const PkDrawContext *ctx, const double *cells, double lo,
                       double hi, const guint32 *lut) {
    const PkScene *scene = ctx->scene;
    double x0 = pk_scale_map(&ctx->sx, scene->x.lo), x1 = pk_scale_map(&ctx->sx, scene->x.hi);
    double y0 = pk_scale_map(&ctx->sy, scene->y.lo), y1 = pk_scale_map(&ctx->sy, scene->y.hi);
    double dx = (x1 - x0) / scene->nx, dy = (y1 - y0) / scene->ny;
    double span = hi - lo;
    for (guint j = 0; j < scene->ny; j++) {
        for (guint i = 0; i < scene->nx; i++) {
            double v = cells[(gsize)j * scene->nx + i];
            if (!isfinite(v)) {
                continue;
            }
            double t = span > 0 ? CLAMP((v - lo) / span, 0.0, 1.0) : 1.0;
            pk_set_source_rgb32(cr, lut[(int)lround(t * 255.0)], 1.0);
            double ax = round(x0 + i * dx), bx = round(x0 + (i + 1) * dx);
            double ay = round(y0 + (j + 1) * dy), by = round(y0 + j * dy);
            cairo_rectangle(cr, ax, ay, bx - ax, by - ay);
            cairo_fill(cr);
        }
    }
}

gboolean pk_plot_heatmap_draw(cairo_t *cr, const PkDrawContext *ctx, GError **error) {
    (void)error;
    const PkScene *scene = ctx->scene;
    if (scene->cells == NULL || scene->nx == 0 || scene->ny == 0) {
        return TRUE;
    }
    cairo_set_antialias(cr, CAIRO_ANTIALIAS_NONE);
    const guint32 *lut = pk_colormap_get_lut(scene->spec.colormap);
    if (!scene->has_selection) {
        cells_draw(cr, ctx, scene->cells, scene->cell_min, scene->cell_max, lut);
    } else {
        cells_draw(cr, ctx, scene->cells, scene->cell_min, scene->cell_max,
                   pk_selection_muted_lut(scene->spec.theme));
        if (scene->selected_cells != NULL) {
            cells_draw(cr, ctx, scene->selected_cells, scene->selected_cell_min,
                       scene->selected_cell_max, lut);
        }
    }
    cairo_set_antialias(cr, CAIRO_ANTIALIAS_DEFAULT);
    return TRUE;
}
