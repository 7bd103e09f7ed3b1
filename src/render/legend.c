/* legend.c — what the colours mean: swatches for categories, a colour bar for densities and
 * heatmap values.
 *
 * Colour-bar labels for densities are 1-2-5 counts placed at their shaded position (so the
 * same code serves linear, log, cube-root and equalised shading), thinned so labels never
 * overlap. The bar itself is a vertical linear gradient (vector in SVG/PDF). With a
 * selection the colour map shows the selected rows, and so does the bar's scale. */
#include "render-private.h"

#include <math.h>

guint32 pk_legend_category_color(const PkScene *scene, guint i) {
    if (scene->color_has_other && i + 1 == scene->n_color_categories) {
        return PK_PALETTE_OTHER;
    }
    return pk_palette_get(i);
}

/* Swatch rows: the first at the plot area's top + 2, one every LEGEND_ROW_PX. */
#define LEGEND_ROW_PX (PK_FONT_TICK_PX + 7)

int pk_layout_legend_category_at(const PkScene *scene, double width, double height, double x,
                                 double y) {
    if (!pk_layout_has_legend(scene) || scene->n_color_categories < 2) {
        return -1;
    }
    PkRect area;
    pk_layout_plot_area(scene, width, height, &area);
    double x0 = area.x + area.width + 12, y0 = area.y + 2;
    double row = floor((y - y0) / LEGEND_ROW_PX);
    if (x < x0 || x > width || row < 0 || row >= scene->n_color_categories ||
        (y0 + (row + 1) * LEGEND_ROW_PX > area.y + area.height &&
         row + 1 < scene->n_color_categories)) { /* "…" and below */
        return -1;
    }
    return (int)row;
}

static void draw_swatches(cairo_t *cr, const PkDrawContext *ctx, double x) {
    const PkScene *scene = ctx->scene;
    PkTextStyle style = {PK_FONT_TICK_PX, FALSE, ctx->theme->text};
    double row = LEGEND_ROW_PX;
    double y = ctx->area.y + 2;
    for (guint i = 0; i < scene->n_color_categories; i++) {
        if (y + row > ctx->area.y + ctx->area.height && i + 1 < scene->n_color_categories) {
            pk_text_draw(cr, "…", &style, x, y, 0.0, 0.0, 0.0);
            break;
        }
        pk_set_source_rgb32(cr, pk_legend_category_color(scene, i), 1.0);
        cairo_rectangle(cr, x, y + 2, PK_SWATCH_PX, PK_SWATCH_PX);
        cairo_fill(cr);
        pk_text_draw(cr, scene->color_categories[i], &style, x + PK_SWATCH_PX + 6,
                     y + 2 + PK_SWATCH_PX / 2, 0.0, 0.5, 0.0);
        y += row;
    }
}

static void draw_bar(cairo_t *cr, const PkDrawContext *ctx, double x, double y, double h) {
    cairo_pattern_t *gradient = cairo_pattern_create_linear(0, y + h, 0, y);
    for (int i = 0; i <= 32; i++) {
        guint32 c = pk_colormap_sample(ctx->scene->spec.colormap, i / 32.0);
        cairo_pattern_add_color_stop_rgb(gradient, i / 32.0, ((c >> 16) & 0xff) / 255.0,
                                         ((c >> 8) & 0xff) / 255.0, (c & 0xff) / 255.0);
    }
    cairo_set_source(cr, gradient);
    cairo_rectangle(cr, x, y, PK_COLORBAR_PX, h);
    cairo_fill(cr);
    cairo_pattern_destroy(gradient);
    pk_set_source_rgb32(cr, ctx->theme->axis, 1.0);
    cairo_set_line_width(cr, 1.0);
    cairo_rectangle(cr, floor(x) + 0.5, floor(y) + 0.5, PK_COLORBAR_PX, floor(h));
    cairo_stroke(cr);
}

static void draw_bar_label(cairo_t *cr, const PkDrawContext *ctx, double x, double y, double h,
                           double t, const char *label, double *last_y) {
    double py = y + h - t * h;
    if (fabs(py - *last_y) < PK_FONT_TICK_PX + 2) {
        return;
    }
    *last_y = py;
    PkTextStyle style = {PK_FONT_TICK_PX, FALSE, ctx->theme->text};
    pk_set_source_rgb32(cr, ctx->theme->axis, 1.0);
    cairo_move_to(cr, x + PK_COLORBAR_PX, floor(py) + 0.5);
    cairo_line_to(cr, x + PK_COLORBAR_PX + 4, floor(py) + 0.5);
    cairo_stroke(cr);
    pk_text_draw(cr, label, &style, x + PK_COLORBAR_PX + 6, py, 0.0, 0.5, 0.0);
}

static void density_labels(cairo_t *cr, const PkDrawContext *ctx, double x, double y, double h) {
    const PkShader *shader = ctx->shader;
    guint32 max = pk_shader_get_max(shader);
    double last_y = -1e9;
    char label[64];
    pk_format_number(max, 1, label, sizeof label);
    draw_bar_label(cr, ctx, x, y, h, pk_shader_position(shader, max), label, &last_y);
    static const int steps[] = {5, 2, 1};
    for (double mag = pow(10.0, floor(log10(MAX(max, 1u)))); mag >= 1; mag /= 10) {
        for (guint k = 0; k < G_N_ELEMENTS(steps); k++) {
            double v = steps[k] * mag;
            if (v < max && v >= 1) {
                pk_format_number(v, 1, label, sizeof label);
                draw_bar_label(cr, ctx, x, y, h, pk_shader_position(shader, (guint32)v), label,
                               &last_y);
            }
        }
    }
}

static void value_labels(cairo_t *cr, const PkDrawContext *ctx, double x, double y, double h) {
    const PkScene *scene = ctx->scene;
    gboolean selected = scene->has_selection && scene->selected_cells != NULL;
    double lo = selected ? scene->selected_cell_min : scene->cell_min;
    double hi = selected ? scene->selected_cell_max : scene->cell_max;
    if (!(hi > lo)) {
        hi = lo + 1;
    }
    GArray *ticks = pk_ticks_linear(lo, hi, (guint)MAX(2.0, h / 40));
    double step = ticks->len > 1 ? g_array_index(ticks, PkTick, 1).value -
                                       g_array_index(ticks, PkTick, 0).value
                                 : 0;
    gboolean custom = scene->spec.number_format != PK_NUMBER_FORMAT_AUTO ||
                      scene->spec.digits != PK_PLOT_DIGITS_AUTO;
    double last_y = -1e9;
    for (guint i = ticks->len; i-- > 0;) {
        PkTick *t = &g_array_index(ticks, PkTick, i);
        if (custom) { /* a heatmap's values are its colours: the spec's number format */
            pk_format_value(t->value, scene->spec.number_format, scene->spec.digits, step, t->label,
                            sizeof t->label);
        }
        draw_bar_label(cr, ctx, x, y, h, (t->value - lo) / (hi - lo), t->label, &last_y);
    }
    g_array_unref(ticks);
}

static char *bar_title(const PkScene *scene) {
    if (scene->spec.type == PK_PLOT_HEATMAP && scene->spec.value != NULL &&
        scene->spec.agg != PK_PLOT_AGG_COUNT) {
        return g_strdup_printf("%s(%s)", pk_plot_agg_name(scene->spec.agg), scene->spec.value);
    }
    return g_strdup("count");
}

void pk_legend_draw(cairo_t *cr, const PkDrawContext *ctx) {
    if (!pk_layout_has_legend(ctx->scene)) {
        return;
    }
    double x = ctx->area.x + ctx->area.width + 12;
    if (ctx->scene->n_color_categories > 1) {
        draw_swatches(cr, ctx, x);
        return;
    }
    g_autofree char *title = bar_title(ctx->scene);
    PkTextStyle style = {PK_FONT_TICK_PX, FALSE, ctx->theme->muted};
    pk_text_draw(cr, title, &style, x, ctx->area.y, 0.0, 0.0, 0.0);
    double y = ctx->area.y + PK_FONT_TICK_PX + 10;
    double h = MIN(ctx->area.height - (y - ctx->area.y) - 4, 300.0);
    if (h < 20) {
        return;
    }
    draw_bar(cr, ctx, x, y, h);
    if (ctx->shader != NULL) {
        density_labels(cr, ctx, x, y, h);
    } else {
        value_labels(cr, ctx, x, y, h);
    }
}
