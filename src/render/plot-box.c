/* plot-box.c — box plots: per category a box from Q1 to Q3 with the median, whiskers to the
 * furthest values within 1.5 IQR, and the outliers beyond (at most the spec's cap per box;
 * the scene's notes count those not drawn). Statistics arrive ready from preparation.
 * With a selection, each category's box of every row is drawn wide and muted, and the box of
 * its selected rows narrower, in colour, over it (none where no row of it is selected). */
#include "render-private.h"

#include <math.h>

/* One box at slot i, half_width slots wide each side; median in median_color. */
static void draw_one(cairo_t *cr, const PkDrawContext *ctx, const PkSceneBox *b, double i,
                     double half_width, guint32 color, guint32 median_color) {
    double xl = pk_scale_map(&ctx->sx, i - half_width);
    double xr = pk_scale_map(&ctx->sx, i + half_width);
    double xm = pk_scale_map(&ctx->sx, i);
    double cap = (xr - xl) * 0.25;
    double q1 = pk_scale_map(&ctx->sy, b->q1), q3 = pk_scale_map(&ctx->sy, b->q3);
    double med = pk_scale_map(&ctx->sy, b->median);
    double wl = pk_scale_map(&ctx->sy, b->whisker_lo), wh = pk_scale_map(&ctx->sy, b->whisker_hi);
    if (!isfinite(q1) || !isfinite(q3)) {
        return;
    }
    cairo_rectangle(cr, xl, q3, xr - xl, q1 - q3);
    pk_set_source_rgb32(cr, color, 0.45);
    cairo_fill_preserve(cr);
    pk_set_source_rgb32(cr, color, 1.0);
    cairo_set_line_width(cr, 1.2);
    cairo_stroke(cr);
    if (isfinite(wl) && isfinite(wh)) {
        cairo_move_to(cr, xm, q1);
        cairo_line_to(cr, xm, wl);
        cairo_move_to(cr, xm - cap, wl);
        cairo_line_to(cr, xm + cap, wl);
        cairo_move_to(cr, xm, q3);
        cairo_line_to(cr, xm, wh);
        cairo_move_to(cr, xm - cap, wh);
        cairo_line_to(cr, xm + cap, wh);
        cairo_stroke(cr);
    }
    pk_set_source_rgb32(cr, median_color, 1.0);
    cairo_set_line_width(cr, 2.0);
    cairo_move_to(cr, xl, med);
    cairo_line_to(cr, xr, med);
    cairo_stroke(cr);
    pk_set_source_rgb32(cr, color, 0.9);
    cairo_set_line_width(cr, 1.0);
    for (guint k = 0; k < b->n_outliers; k++) {
        double y = pk_scale_map(&ctx->sy, b->outliers[k]);
        if (isfinite(y)) {
            cairo_new_sub_path(cr);
            cairo_arc(cr, xm, y, 2.2, 0, 2 * G_PI);
        }
    }
    cairo_stroke(cr);
}

void pk_plot_box_draw(cairo_t *cr, const PkDrawContext *ctx) {
    const PkScene *scene = ctx->scene;
    gboolean selection = scene->has_selection && scene->selected_boxes != NULL;
    for (guint i = 0; i < scene->n_boxes; i++) {
        guint32 color = pk_palette_get(scene->n_boxes <= PK_PALETTE_SIZE ? i : 0);
        if (selection) {
            draw_one(cr, ctx, &scene->boxes[i], i, 0.36, ctx->theme->muted, ctx->theme->muted);
        } else {
            draw_one(cr, ctx, &scene->boxes[i], i, 0.3, color, ctx->theme->text);
        }
    }
    for (guint i = 0; selection && i < scene->n_boxes; i++) {
        guint32 color = pk_palette_get(scene->n_boxes <= PK_PALETTE_SIZE ? i : 0);
        if (scene->selected_boxes[i].n > 0) {
            draw_one(cr, ctx, &scene->selected_boxes[i], i, 0.2, color, ctx->theme->text);
        }
    }
}
