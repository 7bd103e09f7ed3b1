/* plot-scatter.c — scatter marks: a shaded density image, or raw circles.
 *
 * Density: the grid covers the plot area exactly (bin (0, 0) at the lower-left corner), so the
 * shaded image is scaled onto the area with nearest-neighbour filtering: one bin is one
 * device pixel when the grid was made at the area's size times the scale factor. In SVG/PDF
 * the image is embedded. Raw marks: one path per colour, filled once. */
#include "pika/error.h"
#include "render-private.h"

#define PK_MAX_COLOR_PLANES 256

#include <math.h>

static cairo_surface_t *density_image(const PkDrawContext *ctx, GError **error) {
    const PkScene *scene = ctx->scene;
    const PkSceneDensity *d = &scene->density;
    cairo_surface_t *image = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, (int)d->width,
                                                        (int)d->height);
    if (cairo_surface_status(image) != CAIRO_STATUS_SUCCESS) {
        g_set_error(error, PK_ERROR, PK_ERROR_NOMEM, "cannot create a %u × %u density image: %s",
                    d->width, d->height, cairo_status_to_string(cairo_surface_status(image)));
        cairo_surface_destroy(image);
        return NULL;
    }
    cairo_surface_flush(image);
    guint32 *pixels = (guint32 *)cairo_image_surface_get_data(image);
    gsize stride = (gsize)cairo_image_surface_get_stride(image) / 4;
    gboolean ok;
    if (d->category_counts != NULL && d->n_categories > 0) {
        guint32 colors[PK_MAX_COLOR_PLANES];
        for (guint c = 0; c < d->n_categories && c < PK_MAX_COLOR_PLANES; c++) {
            colors[c] = pk_legend_category_color(scene, c);
        }
        ok = pk_shade_categories(d->category_counts, MIN(d->n_categories,
                                 PK_MAX_COLOR_PLANES), colors, d->width, d->height,
                                 scene->spec.shade, scene->spec.spread_px, pixels, stride, error);
    } else {
        ok = pk_shade_counts(d->counts, d->width, d->height, scene->spec.shade,
                             scene->spec.colormap, scene->spec.spread_px, pixels, stride, error);
    }
    cairo_surface_mark_dirty(image);
    if (!ok) {
        cairo_surface_destroy(image);
        return NULL;
    }
    return image;
}

static gboolean draw_density(cairo_t *cr, const PkDrawContext *ctx, GError **error) {
    const PkSceneDensity *d = &ctx->scene->density;
    if (d->width == 0 || d->height == 0 || d->counts == NULL) {
        return TRUE;
    }
    cairo_surface_t *image = density_image(ctx, error);
    if (image == NULL) {
        return FALSE;
    }
    cairo_save(cr);
    cairo_translate(cr, ctx->area.x, ctx->area.y);
    cairo_scale(cr, ctx->area.width / d->width, ctx->area.height / d->height);
    cairo_set_source_surface(cr, image, 0, 0);
    cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_NEAREST);
    cairo_paint(cr);
    cairo_restore(cr);
    cairo_surface_destroy(image);
    return TRUE;
}

static void draw_points(cairo_t *cr, const PkDrawContext *ctx) {
    const PkScene *scene = ctx->scene;
    guint n_colors = scene->pcolor != NULL ? MAX(scene->n_color_categories, 1u) : 1;
    for (guint c = 0; c < n_colors; c++) {
        cairo_new_path(cr);
        for (gsize i = 0; i < scene->n_points; i++) {
            if (scene->pcolor != NULL && scene->pcolor[i] != c) {
                continue;
            }
            double x = pk_scale_map(&ctx->sx, scene->px[i]);
            double y = pk_scale_map(&ctx->sy, scene->py[i]);
            if (!isfinite(x) || !isfinite(y)) {
                continue;
            }
            double r = scene->spec.point_size;
            if (scene->psize != NULL && isfinite(scene->psize[i])) {
                r *= 0.5 + 2.5 * CLAMP(scene->psize[i], 0.0, 1.0);
            }
            cairo_new_sub_path(cr);
            cairo_arc(cr, x, y, r, 0, 2 * G_PI);
        }
        guint32 color = scene->pcolor != NULL ? pk_legend_category_color(scene, c)
                                              : pk_palette_get(0);
        pk_set_source_rgb32(cr, color, scene->spec.alpha);
        cairo_fill(cr);
    }
}

gboolean pk_plot_scatter_draw(cairo_t *cr, const PkDrawContext *ctx, GError **error) {
    if (ctx->scene->has_density) {
        return draw_density(cr, ctx, error);
    }
    draw_points(cr, ctx);
    return TRUE;
}
