/* plot-scatter.c — scatter marks: a shaded density image, or raw circles.
 *
 * Density: the grid covers the plot area exactly (bin (0, 0) at the lower-left corner), so the
 * shaded image is scaled onto the area with nearest-neighbour filtering: one bin is one
 * device pixel when the grid was made at the area's size times the scale factor. In SVG/PDF
 * the image is embedded. Raw marks: one path per colour, filled once.
 * With a selection, every row is shaded in the muted grey ramp (marks: muted grey, faint) and
 * the selected rows in colour on top, from the same grid size and categories. */
#include "pika/error.h"
#include "render-private.h"

#define PK_MAX_COLOR_PLANES 256

#include <math.h>

/* Blends a density's category planes (colours from the scene's categories) into pixels. */
static gboolean shade_planes(const PkScene *scene, const PkSceneDensity *d, guint32 *pixels,
                             gsize stride, GError **error) {
    guint32 colors[PK_MAX_COLOR_PLANES];
    guint n = MIN(d->n_categories, PK_MAX_COLOR_PLANES);
    for (guint c = 0; c < n; c++) {
        colors[c] = pk_legend_category_color(scene, c);
    }
    return pk_shade_categories(d->category_counts, n, colors, d->width, d->height,
                               scene->spec.shade, scene->spec.spread_px, pixels, stride, error);
}

static gboolean shade_selection(const PkDrawContext *ctx, gboolean over, guint32 *pixels,
                                gsize stride, GError **error);

static cairo_surface_t *density_image(const PkDrawContext *ctx, GError **error) {
    const PkScene *scene = ctx->scene;
    const PkSceneDensity *d = &scene->density;
    cairo_surface_t *image =
        cairo_image_surface_create(CAIRO_FORMAT_ARGB32, (int)d->width, (int)d->height);
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
    if (scene->has_selection) {
        ok = shade_selection(ctx, FALSE, pixels, stride, error);
    } else if (d->category_counts != NULL && d->n_categories > 0) {
        ok = shade_planes(scene, d, pixels, stride, error);
    } else {
        ok = pk_shade_counts_with(ctx->shader, d->counts, d->width, d->height, scene->spec.colormap,
                                  scene->spec.spread_px, FALSE, pixels, stride, error);
    }
    cairo_surface_mark_dirty(image);
    if (!ok) {
        cairo_surface_destroy(image);
        return NULL;
    }
    return image;
}

static gboolean is_integer(double v) {
    return v == floor(v) && fabs(v) < 1e9;
}

/* The direct path: when cr draws straight into an ARGB32/RGB24 image with a plain
 * translation, the plot area is pixel-aligned, the grid is the area's size in pixels and the
 * clip is exactly the area, painting the (opaque or empty) density image with OVER is the
 * same as writing the shaded bins into the target's pixels where they are not empty. That
 * saves the image allocation and the composite. Returns the first pixel of the area. */
static guint32 *direct_pixels(cairo_t *cr, const PkDrawContext *ctx, gsize *out_stride_px) {
    const PkSceneDensity *d = &ctx->scene->density;
    cairo_surface_t *target = cairo_get_group_target(cr);
    if (cairo_surface_get_type(target) != CAIRO_SURFACE_TYPE_IMAGE ||
        cairo_get_operator(cr) != CAIRO_OPERATOR_OVER) {
        return NULL;
    }
    cairo_format_t format = cairo_image_surface_get_format(target);
    if (format != CAIRO_FORMAT_ARGB32 && format != CAIRO_FORMAT_RGB24) {
        return NULL;
    }
    cairo_matrix_t m;
    double sx = 0, sy = 0, ox = 0, oy = 0;
    cairo_get_matrix(cr, &m);
    cairo_surface_get_device_scale(target, &sx, &sy);
    cairo_surface_get_device_offset(target, &ox, &oy);
    const PkRect *a = &ctx->area;
    double x0 = a->x * m.xx + m.x0 + ox, y0 = a->y * m.yy + m.y0 + oy;
    if (m.xy != 0 || m.yx != 0 || m.xx != m.yy || sx != 1 || sy != 1 || !is_integer(x0) ||
        !is_integer(y0) || a->width * m.xx != d->width || a->height * m.yy != d->height || x0 < 0 ||
        y0 < 0 || x0 + d->width > cairo_image_surface_get_width(target) ||
        y0 + d->height > cairo_image_surface_get_height(target)) {
        return NULL;
    }
    cairo_rectangle_list_t *clip = cairo_copy_clip_rectangle_list(cr);
    gboolean exact = clip->status == CAIRO_STATUS_SUCCESS && clip->num_rectangles == 1 &&
                     clip->rectangles[0].x == a->x && clip->rectangles[0].y == a->y &&
                     clip->rectangles[0].width == a->width &&
                     clip->rectangles[0].height == a->height;
    cairo_rectangle_list_destroy(clip);
    if (!exact) {
        return NULL;
    }
    cairo_surface_flush(target);
    gsize stride = (gsize)cairo_image_surface_get_stride(target) / 4;
    *out_stride_px = stride;
    return (guint32 *)cairo_image_surface_get_data(target) + (gsize)y0 * stride + (gsize)x0;
}

/* With a selection: every row shaded in the muted ramp, then the selected rows in colour on
 * top (empty selected bins leave the grey). ctx->shader is the selected counts' shader. With
 * over, empty bins of both leave pixels untouched. */
static gboolean shade_selection(const PkDrawContext *ctx, gboolean over, guint32 *pixels,
                                gsize stride, GError **error) {
    const PkScene *scene = ctx->scene;
    const PkSceneDensity *d = &scene->density, *sd = &scene->selected_density;
    PkShader *muted =
        pk_shader_new(d->counts, (gsize)d->width * d->height, scene->spec.shade, error);
    if (muted == NULL) {
        return FALSE;
    }
    gboolean ok = pk_shade_counts_lut_with(muted, d->counts, d->width, d->height,
                                           pk_selection_muted_lut(scene->spec.theme),
                                           scene->spec.spread_px, over, pixels, stride, error);
    pk_shader_free(muted);
    if (!ok || sd->counts == NULL) {
        return ok;
    }
    if (sd->category_counts == NULL || sd->n_categories == 0) {
        return pk_shade_counts_with(ctx->shader, sd->counts, d->width, d->height,
                                    scene->spec.colormap, scene->spec.spread_px, TRUE, pixels,
                                    stride, error);
    }
    guint32 *top = g_try_new0(guint32, (gsize)d->width * d->height);
    if (top == NULL) {
        g_set_error(error, PK_ERROR, PK_ERROR_NOMEM, "not enough memory to shade the selection");
        return FALSE;
    }
    ok = shade_planes(scene, sd, top, d->width, error);
    if (ok) {
        pk_selection_blend_over(top, d->width, d->height, pixels, stride);
    }
    g_free(top);
    return ok;
}

static gboolean draw_density(cairo_t *cr, const PkDrawContext *ctx, GError **error) {
    const PkScene *scene = ctx->scene;
    const PkSceneDensity *d = &scene->density;
    if (d->width == 0 || d->height == 0 || d->counts == NULL) {
        return TRUE;
    }
    const PkSceneDensity *top = scene->has_selection ? &scene->selected_density : d;
    gsize stride = 0;
    guint32 *pixels = top->category_counts == NULL ? direct_pixels(cr, ctx, &stride) : NULL;
    if (pixels != NULL) {
        gboolean ok = scene->has_selection
                          ? shade_selection(ctx, TRUE, pixels, stride, error)
                          : pk_shade_counts_with(ctx->shader, d->counts, d->width, d->height,
                                                 scene->spec.colormap, scene->spec.spread_px, TRUE,
                                                 pixels, stride, error);
        cairo_surface_mark_dirty(cairo_get_group_target(cr));
        return ok;
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

typedef struct {
    gsize n;
    const double *x, *y, *size;
    const guint32 *color;
} PointSet;

/* One path per colour, filled once; muted: one grey path for every mark. */
static void draw_points(cairo_t *cr, const PkDrawContext *ctx, const PointSet *p, gboolean muted) {
    const PkScene *scene = ctx->scene;
    guint n_colors = p->color != NULL && !muted ? MAX(scene->n_color_categories, 1u) : 1;
    for (guint c = 0; c < n_colors; c++) {
        cairo_new_path(cr);
        for (gsize i = 0; i < p->n; i++) {
            if (n_colors > 1 && p->color[i] != c) {
                continue;
            }
            double x = pk_scale_map(&ctx->sx, p->x[i]);
            double y = pk_scale_map(&ctx->sy, p->y[i]);
            if (!isfinite(x) || !isfinite(y)) {
                continue;
            }
            double r = scene->spec.point_size;
            if (p->size != NULL && isfinite(p->size[i])) {
                r *= 0.5 + 2.5 * CLAMP(p->size[i], 0.0, 1.0);
            }
            cairo_new_sub_path(cr);
            cairo_arc(cr, x, y, r, 0, 2 * G_PI);
        }
        if (muted) {
            pk_set_source_rgb32(cr, ctx->theme->muted, PK_MUTED_ALPHA * scene->spec.alpha);
        } else {
            guint32 color =
                p->color != NULL ? pk_legend_category_color(scene, c) : pk_palette_get(0);
            pk_set_source_rgb32(cr, color, scene->spec.alpha);
        }
        cairo_fill(cr);
    }
}

gboolean pk_plot_scatter_draw(cairo_t *cr, const PkDrawContext *ctx, GError **error) {
    const PkScene *scene = ctx->scene;
    if (scene->has_density) {
        return draw_density(cr, ctx, error);
    }
    PointSet all = {scene->n_points, scene->px, scene->py, scene->psize, scene->pcolor};
    draw_points(cr, ctx, &all, scene->has_selection);
    if (scene->has_selection) {
        PointSet selected = {scene->n_selected_points, scene->spx, scene->spy, scene->spsize,
                             scene->spcolor};
        draw_points(cr, ctx, &selected, FALSE);
    }
    return TRUE;
}
