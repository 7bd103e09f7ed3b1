/* text.c — Pango text for labels, titles and notes.
 *
 * One PangoLayout per cairo_t, kept as its user data and reused for every string (creating
 * a layout costs more than laying out a short label); DejaVu Sans at an absolute pixel size,
 * hinting off and grey antialiasing so that text looks the same on every surface type and
 * machine (tests pin the font files with a fonts.conf). Anchors place the text's ink box relative
 * to a point. */
#include "render-private.h"

#include <pango/pangocairo.h>

static const cairo_user_data_key_t layout_key;

static PangoLayout *layout_create(cairo_t *cr) {
    PangoLayout *layout = pango_cairo_create_layout(cr);
    cairo_font_options_t *options = cairo_font_options_create();
    cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE);
    cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_antialias(options, CAIRO_ANTIALIAS_GRAY);
    pango_cairo_context_set_font_options(pango_layout_get_context(layout), options);
    cairo_font_options_destroy(options);
    pango_layout_context_changed(layout);
    return layout;
}

/* The layout kept on cr (borrowed), brought up to date with cr's current transformation,
 * holding text in style. */
static PangoLayout *layout_get(cairo_t *cr, const char *text, const PkTextStyle *style) {
    PangoLayout *layout = cairo_get_user_data(cr, &layout_key);
    if (layout == NULL) {
        layout = layout_create(cr);
        if (cairo_set_user_data(cr, &layout_key, layout, g_object_unref) != CAIRO_STATUS_SUCCESS) {
            g_object_unref(layout);
            layout = NULL;
        }
    }
    if (layout == NULL) {
        return NULL;
    }
    pango_cairo_update_layout(cr, layout);
    PangoFontDescription *font = pango_font_description_from_string("DejaVu Sans");
    pango_font_description_set_absolute_size(font, style->size_px * PANGO_SCALE);
    pango_font_description_set_weight(font, style->bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_layout_set_font_description(layout, font);
    pango_font_description_free(font);
    pango_layout_set_width(layout, -1);
    pango_layout_set_ellipsize(layout, PANGO_ELLIPSIZE_NONE);
    pango_layout_set_text(layout, text, -1);
    return layout;
}

void pk_text_measure(cairo_t *cr, const char *text, const PkTextStyle *style, double *out_width,
                     double *out_height) {
    PangoLayout *layout = layout_get(cr, text, style);
    int w = 0, h = 0;
    if (layout != NULL) {
        pango_layout_get_pixel_size(layout, &w, &h);
    }
    *out_width = w;
    *out_height = h;
}

/* A 1x1 surface's context per thread, to measure text when there is nothing to draw on (the
 * layout decides rectangles for hit testing as well as for drawing). */
static void scratch_free(gpointer cr) {
    cairo_surface_t *surface = cairo_get_target(cr);
    cairo_surface_reference(surface);
    cairo_destroy(cr);
    cairo_surface_destroy(surface);
}

static GPrivate scratch_key = G_PRIVATE_INIT(scratch_free);

double pk_text_width(const char *text, double size_px) {
    if (text == NULL || *text == '\0') {
        return 0.0;
    }
    cairo_t *cr = g_private_get(&scratch_key);
    if (cr == NULL) {
        cairo_surface_t *surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 1, 1);
        cr = cairo_create(surface);
        cairo_surface_destroy(surface);
        g_private_set(&scratch_key, cr);
    }
    PkTextStyle style = {.size_px = size_px};
    double w, h;
    pk_text_measure(cr, text, &style, &w, &h);
    return w;
}

double pk_text_draw(cairo_t *cr, const char *text, const PkTextStyle *style, double x, double y,
                    double ax, double ay, double angle) {
    return pk_text_draw_fit(cr, text, style, -1, x, y, ax, ay, angle);
}

double pk_text_draw_fit(cairo_t *cr, const char *text, const PkTextStyle *style,
                        double max_width_px, double x, double y, double ax, double ay,
                        double angle) {
    if (text == NULL || text[0] == '\0') {
        return 0.0;
    }
    PangoLayout *layout = layout_get(cr, text, style);
    if (layout == NULL) {
        return 0.0;
    }
    if (max_width_px >= 0) { /* the layout is shared: the limit holds for this text only */
        pango_layout_set_width(layout, (int)(MAX(max_width_px, 1.0) * PANGO_SCALE));
        pango_layout_set_ellipsize(layout, PANGO_ELLIPSIZE_END);
    }
    PangoRectangle logical;
    pango_layout_get_extents(layout, NULL, &logical);
    double w = (double)logical.width / PANGO_SCALE;
    double h = (double)logical.height / PANGO_SCALE;
    cairo_save(cr);
    cairo_translate(cr, x, y);
    cairo_rotate(cr, angle);
    cairo_move_to(cr, -ax * w, -ay * h);
    pk_set_source_rgb32(cr, style->color, 1.0);
    pango_cairo_show_layout(cr, layout);
    cairo_restore(cr);
    return w;
}
