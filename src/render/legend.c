/* legend.c — what the colours mean: swatches for categories, a colour bar for densities and
 * heatmap values, drawn where pk_layout_page put the legend (ctx->legend): swatch rows in the
 * rows it gave (the hit test reads the same rows), a bar vertical in a left or right column
 * and horizontal in a top or bottom band.
 *
 * Colour-bar labels for densities are 1-2-5 counts placed at their shaded position (so the
 * same code serves linear, log, cube-root and equalised shading), thinned so labels never
 * overlap. The bar itself is a linear gradient (vector in SVG/PDF). With a
 * selection the colour map shows the selected rows, and so does the bar's scale. */
#include "render-private.h"

#include <math.h>

guint32 pk_legend_category_color(const PkScene *scene, guint i) {
    if (scene->color_has_other && i + 1 == scene->n_color_categories) {
        return PK_PALETTE_OTHER;
    }
    return pk_palette_get(i);
}

/* The swatches and names in the rows pk_layout_page gave; a name is cut with "…" where it
 * would leave its row (a right legend's rows reach the page's edge: 2 pixels short of it). */
static void draw_swatches(cairo_t *cr, const PkDrawContext *ctx) {
    const PkScene *scene = ctx->scene;
    const PkLegendLayout *lg = &ctx->legend;
    PkTextStyle style = {PK_FONT_TICK_PX, FALSE, ctx->theme->text};
    for (guint i = 0; i < lg->n_rows; i++) {
        const PkRect *r = &lg->rows[i];
        double name_x = r->x + PK_SWATCH_PX + 6;
        double right = lg->side == PK_LEGEND_RIGHT ? r->x + r->width - 2 : r->x + r->width;
        pk_set_source_rgb32(cr, pk_legend_category_color(scene, i), 1.0);
        cairo_rectangle(cr, r->x, r->y + 2, PK_SWATCH_PX, PK_SWATCH_PX);
        cairo_fill(cr);
        pk_text_draw_fit(cr, scene->color_categories[i], &style, MAX(right - name_x, 0.0), name_x,
                         r->y + 2 + PK_SWATCH_PX / 2, 0.0, 0.5, 0.0);
    }
    if (lg->more) {
        pk_text_draw(cr, "…", &style, lg->ellipsis.x, lg->ellipsis.y, 0.0, 0.0, 0.0);
    }
}

/* A colour bar: vertical (in a column legend, low values at the bottom) or horizontal (in a
 * band, low values on the left); len pixels long, PK_COLORBAR_PX thick, from (x, y). */
typedef struct {
    double x, y, len;
    gboolean horizontal;
} Bar;

static void draw_bar(cairo_t *cr, const PkDrawContext *ctx, const Bar *bar) {
    double x = bar->x, y = bar->y, len = bar->len, t = PK_COLORBAR_PX;
    cairo_pattern_t *gradient = bar->horizontal ? cairo_pattern_create_linear(x, 0, x + len, 0)
                                                : cairo_pattern_create_linear(0, y + len, 0, y);
    for (int i = 0; i <= 32; i++) {
        guint32 c = pk_colormap_sample(ctx->scene->spec.colormap, i / 32.0);
        cairo_pattern_add_color_stop_rgb(gradient, i / 32.0, ((c >> 16) & 0xff) / 255.0,
                                         ((c >> 8) & 0xff) / 255.0, (c & 0xff) / 255.0);
    }
    double w = bar->horizontal ? len : t, h = bar->horizontal ? t : len;
    cairo_set_source(cr, gradient);
    cairo_rectangle(cr, x, y, w, h);
    cairo_fill(cr);
    cairo_pattern_destroy(gradient);
    pk_set_source_rgb32(cr, ctx->theme->axis, 1.0);
    cairo_set_line_width(cr, 1.0);
    cairo_rectangle(cr, floor(x) + 0.5, floor(y) + 0.5, floor(w), floor(h));
    cairo_stroke(cr);
}

/* The last label drawn along a bar: its position and half its extent along the bar. */
typedef struct {
    double pos, half;
} LastLabel;

/* A tick and its label at position t in [0, 1] along the bar, unless the label would come
 * too close to the last one drawn. */
static void draw_bar_label(cairo_t *cr, const PkDrawContext *ctx, const Bar *bar, double t,
                           const char *label, LastLabel *last) {
    PkTextStyle style = {PK_FONT_TICK_PX, FALSE, ctx->theme->text};
    double p = bar->horizontal ? bar->x + t * bar->len : bar->y + bar->len - t * bar->len;
    double half = (PK_FONT_TICK_PX + 2) / 2;
    if (bar->horizontal) {
        double w = 0, h = 0;
        pk_text_measure(cr, label, &style, &w, &h);
        half = w / 2 + 4;
    }
    if (fabs(p - last->pos) < half + last->half) {
        return;
    }
    *last = (LastLabel){p, half};
    double e = bar->horizontal ? bar->y + PK_COLORBAR_PX : bar->x + PK_COLORBAR_PX;
    pk_set_source_rgb32(cr, ctx->theme->axis, 1.0);
    if (bar->horizontal) {
        cairo_move_to(cr, floor(p) + 0.5, e);
        cairo_line_to(cr, floor(p) + 0.5, e + 4);
    } else {
        cairo_move_to(cr, e, floor(p) + 0.5);
        cairo_line_to(cr, e + 4, floor(p) + 0.5);
    }
    cairo_stroke(cr);
    if (bar->horizontal) {
        pk_text_draw(cr, label, &style, p, e + 5, 0.5, 0.0, 0.0);
    } else {
        pk_text_draw(cr, label, &style, e + 6, p, 0.0, 0.5, 0.0);
    }
}

static void density_labels(cairo_t *cr, const PkDrawContext *ctx, const Bar *bar) {
    const PkShader *shader = ctx->shader;
    guint32 max = pk_shader_get_max(shader);
    LastLabel last = {-1e9, 0};
    char label[64];
    pk_format_number(max, 1, label, sizeof label);
    draw_bar_label(cr, ctx, bar, pk_shader_position(shader, max), label, &last);
    static const int steps[] = {5, 2, 1};
    for (double mag = pow(10.0, floor(log10(MAX(max, 1u)))); mag >= 1; mag /= 10) {
        for (guint k = 0; k < G_N_ELEMENTS(steps); k++) {
            double v = steps[k] * mag;
            if (v < max && v >= 1) {
                pk_format_number(v, 1, label, sizeof label);
                draw_bar_label(cr, ctx, bar, pk_shader_position(shader, (guint32)v), label, &last);
            }
        }
    }
}

static void value_labels(cairo_t *cr, const PkDrawContext *ctx, const Bar *bar) {
    const PkScene *scene = ctx->scene;
    gboolean selected = scene->has_selection && scene->selected_cells != NULL;
    double lo = selected ? scene->selected_cell_min : scene->cell_min;
    double hi = selected ? scene->selected_cell_max : scene->cell_max;
    if (!(hi > lo)) {
        hi = lo + 1;
    }
    GArray *ticks =
        pk_ticks_linear(lo, hi, (guint)MAX(2.0, bar->len / (bar->horizontal ? 70 : 40)));
    double step = ticks->len > 1 ? g_array_index(ticks, PkTick, 1).value -
                                       g_array_index(ticks, PkTick, 0).value
                                 : 0;
    gboolean custom = scene->spec.number_format != PK_NUMBER_FORMAT_AUTO ||
                      scene->spec.digits != PK_PLOT_DIGITS_AUTO;
    LastLabel last = {-1e9, 0};
    for (guint i = ticks->len; i-- > 0;) {
        PkTick *t = &g_array_index(ticks, PkTick, i);
        if (custom) { /* a heatmap's values are its colours: the spec's number format */
            pk_format_value(t->value, scene->spec.number_format, scene->spec.digits, step, t->label,
                            sizeof t->label);
        }
        draw_bar_label(cr, ctx, bar, (t->value - lo) / (hi - lo), t->label, &last);
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

/* A column's colour bar: its title on top, the bar under it (at most 300 pixels), labels on
 * its right. A band's: its title on the left, the bar beside it, labels under it. */
static void draw_colorbar(cairo_t *cr, const PkDrawContext *ctx) {
    const PkRect *box = &ctx->legend.box;
    g_autofree char *title = bar_title(ctx->scene);
    PkTextStyle style = {PK_FONT_TICK_PX, FALSE, ctx->theme->muted};
    Bar bar = {box->x, box->y + PK_FONT_TICK_PX + 10, 0, FALSE};
    if (ctx->legend.side == PK_LEGEND_TOP || ctx->legend.side == PK_LEGEND_BOTTOM) {
        double tw = 0, th = 0;
        pk_text_measure(cr, title, &style, &tw, &th);
        double label_px = 30; /* the end labels reach half their width past the bar */
        bar.horizontal = TRUE;
        bar.len = MIN(box->width - tw - 8 - 2 * label_px, 300.0);
        if (bar.len < 20) {
            return;
        }
        double x = box->x + (box->width - (tw + 8 + bar.len)) / 2;
        pk_text_draw(cr, title, &style, x, box->y + PK_COLORBAR_PX / 2, 0.0, 0.5, 0.0);
        bar.x = x + tw + 8, bar.y = box->y;
    } else {
        pk_text_draw(cr, title, &style, box->x, box->y, 0.0, 0.0, 0.0);
        bar.len = MIN(box->height - (bar.y - box->y) - 4, 300.0);
        if (bar.len < 20) {
            return;
        }
    }
    draw_bar(cr, ctx, &bar);
    if (ctx->shader != NULL) {
        density_labels(cr, ctx, &bar);
    } else {
        value_labels(cr, ctx, &bar);
    }
}

void pk_legend_draw(cairo_t *cr, const PkDrawContext *ctx) {
    if (ctx->legend.side == PK_LEGEND_NONE) {
        return;
    }
    if (ctx->scene->n_color_categories > 1) {
        draw_swatches(cr, ctx);
    } else {
        draw_colorbar(cr, ctx);
    }
}
