/* draw.c — the one drawing routine: background, grid, data layer, axes, legend, title, notes.
 *
 * The same code draws into the window, PNG, SVG and PDF surfaces. The data layer is clipped to
 * the plot area; axes and text are drawn on top so marks never hide them. A selection adds
 * its "selected N of M rows" label in the plot's top-right corner, over the marks. */
#include "pika/error.h"
#include "render-private.h"

static const PkThemeColors themes[] = {
    [PK_THEME_LIGHT] = {0xffffffff, 0xffffffff, 0xffe8e8e8, 0xff4a4a4a, 0xff222222, 0xff6a6a6a},
    [PK_THEME_DARK] = {0xff1e1f22, 0xff1e1f22, 0xff34363b, 0xffa0a4ab, 0xffe8e8e8, 0xff9aa0a6},
};

const PkThemeColors *pk_theme_get(PkTheme theme) {
    return &themes[theme == PK_THEME_DARK ? PK_THEME_DARK : PK_THEME_LIGHT];
}

void pk_set_source_rgb32(cairo_t *cr, guint32 argb, double alpha) {
    cairo_set_source_rgba(cr, ((argb >> 16) & 0xff) / 255.0, ((argb >> 8) & 0xff) / 255.0,
                          (argb & 0xff) / 255.0, alpha);
}

static gboolean draw_layer(cairo_t *cr, const PkDrawContext *ctx, GError **error) {
    switch (ctx->scene->spec.type) {
    case PK_PLOT_SCATTER:
        return pk_plot_scatter_draw(cr, ctx, error);
    case PK_PLOT_LINE:
        pk_plot_line_draw(cr, ctx);
        return TRUE;
    case PK_PLOT_HISTOGRAM:
        pk_plot_histogram_draw(cr, ctx);
        return TRUE;
    case PK_PLOT_BAR:
        pk_plot_bar_draw(cr, ctx);
        return TRUE;
    case PK_PLOT_HEATMAP:
        return pk_plot_heatmap_draw(cr, ctx, error);
    case PK_PLOT_BOX:
        pk_plot_box_draw(cr, ctx);
        return TRUE;
    }
    return TRUE;
}

double pk_render_title_width(const char *title) {
    if (title == NULL || title[0] == '\0') {
        return 0;
    }
    cairo_surface_t *surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 1, 1);
    cairo_t *cr = cairo_create(surface);
    PkTextStyle style = {PK_FONT_TITLE_PX, TRUE, 0};
    double width = 0, height = 0;
    pk_text_measure(cr, title, &style, &width, &height);
    cairo_destroy(cr);
    cairo_surface_destroy(surface);
    return width;
}

static void draw_texts(cairo_t *cr, const PkDrawContext *ctx) {
    const PkScene *scene = ctx->scene;
    const PkRect *a = &ctx->area;
    if (scene->spec.title != NULL) {
        PkTextStyle style = {PK_FONT_TITLE_PX, TRUE, ctx->theme->text};
        pk_text_draw(cr, scene->spec.title, &style, a->x + a->width / 2, 8, 0.5, 0.0, 0.0);
    }
    if (scene->empty_message != NULL) {
        PkTextStyle style = {PK_FONT_LABEL_PX + 2, FALSE, ctx->theme->muted};
        pk_text_draw(cr, scene->empty_message, &style, a->x + a->width / 2, a->y + a->height / 2,
                     0.5, 0.5, 0.0);
    }
    g_autofree char *notes = pk_scene_notes(scene);
    if (notes != NULL) {
        PkTextStyle style = {PK_FONT_NOTE_PX, FALSE, ctx->theme->muted};
        pk_text_draw(cr, notes, &style, 8, ctx->height - 4, 0.0, 1.0, 0.0);
    }
}

/* The shader of the density layer that the colour map (and colour bar) shows: the counts, or
 * with a selection the selected counts (which must match the density grid's size). */
static gboolean frame_shader(const PkScene *scene, PkShader **out_shader, GError **error) {
    *out_shader = NULL;
    if (!scene->has_density || scene->density.counts == NULL) {
        return TRUE;
    }
    const PkSceneDensity *d = &scene->density;
    if (scene->has_selection && scene->selected_density.counts != NULL) {
        const PkSceneDensity *sd = &scene->selected_density;
        if (sd->width != d->width || sd->height != d->height) {
            g_set_error(error, PK_ERROR, PK_ERROR_INVALID,
                        "the selected density grid (%u × %u) differs from the density grid "
                        "(%u × %u)",
                        sd->width, sd->height, d->width, d->height);
            return FALSE;
        }
        d = sd;
    }
    *out_shader = pk_shader_new(d->counts, (gsize)d->width * d->height, scene->spec.shade, error);
    return *out_shader != NULL;
}

gboolean pk_render_draw(cairo_t *cr, const PkScene *scene, double width, double height,
                        double scale, GError **error) {
    g_return_val_if_fail(cr != NULL && scene != NULL, FALSE);
    if (!(width > 0 && height > 0 && scale > 0)) {
        g_set_error(error, PK_ERROR, PK_ERROR_INVALID,
                    "the picture needs a positive size (got %g × %g at scale %g)", width, height,
                    scale);
        return FALSE;
    }
    PkDrawContext ctx = {.scene = scene,
                         .theme = pk_theme_get(scene->spec.theme),
                         .width = width,
                         .height = height,
                         .scale = scale};
    PkShader *shader = NULL;
    if (!frame_shader(scene, &shader, error)) {
        return FALSE;
    }
    ctx.shader = shader;
    pk_layout_page(scene, width, height, &ctx.area, &ctx.legend);
    const PkRect *a = &ctx.area;
    pk_scale_init(&ctx.sx, scene->x.scale, scene->x.lo, scene->x.hi, a->x, a->x + a->width);
    pk_scale_init(&ctx.sy, scene->y.scale, scene->y.lo, scene->y.hi, a->y + a->height, a->y);

    cairo_save(cr);
    pk_set_source_rgb32(cr, ctx.theme->background, 1.0);
    cairo_rectangle(cr, 0, 0, width, height);
    cairo_fill(cr);
    pk_axes_draw_grid(cr, &ctx);
    gboolean ok = TRUE;
    if (scene->empty_message == NULL) {
        cairo_save(cr);
        cairo_rectangle(cr, a->x, a->y, a->width, a->height);
        cairo_clip(cr);
        ok = draw_layer(cr, &ctx, error);
        cairo_restore(cr);
    }
    if (ok) {
        pk_axes_draw(cr, &ctx);
        pk_legend_draw(cr, &ctx);
        pk_selection_draw_label(cr, &ctx);
        draw_texts(cr, &ctx);
    }
    cairo_restore(cr);
    pk_shader_free(shader);
    pk_layout_legend_clear(&ctx.legend);
    if (ok && cairo_status(cr) != CAIRO_STATUS_SUCCESS) {
        g_set_error(error, PK_ERROR, PK_ERROR_FAILED, "drawing failed: %s",
                    cairo_status_to_string(cairo_status(cr)));
        ok = FALSE;
    }
    return ok;
}
