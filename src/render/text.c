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

/* Measuring without a surface to draw on (the layout decides rectangles for hit testing as
 * well as for drawing): a 1x1 surface's context per thread, and the widths it measured, since
 * a page is laid out several times per frame and a bar chart may have thousands of labels. */
#define SCRATCH_MAX_WIDTHS 65536

typedef struct {
    cairo_t *cr;
    GHashTable *widths; /* "size_px\x1ftext" -> double width, boxed */
} Scratch;

static void scratch_free(gpointer data) {
    Scratch *scratch = data;
    cairo_destroy(scratch->cr);
    g_hash_table_destroy(scratch->widths);
    g_free(scratch);
}

static GPrivate scratch_key = G_PRIVATE_INIT(scratch_free);

static Scratch *scratch_get(void) {
    Scratch *scratch = g_private_get(&scratch_key);
    if (scratch == NULL) {
        scratch = g_new0(Scratch, 1);
        cairo_surface_t *surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 1, 1);
        scratch->cr = cairo_create(surface);
        cairo_surface_destroy(surface);
        scratch->widths = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
        g_private_set(&scratch_key, scratch);
    }
    return scratch;
}

double pk_text_width(const char *text, double size_px) {
    if (text == NULL || *text == '\0') {
        return 0.0;
    }
    Scratch *scratch = scratch_get();
    char *key = g_strdup_printf("%g\x1f%s", size_px, text);
    const double *known = g_hash_table_lookup(scratch->widths, key);
    if (known != NULL) {
        g_free(key);
        return *known;
    }
    if (g_hash_table_size(scratch->widths) >= SCRATCH_MAX_WIDTHS) {
        g_hash_table_remove_all(scratch->widths);
    }
    PkTextStyle style = {.size_px = size_px};
    double w, h;
    pk_text_measure(scratch->cr, text, &style, &w, &h);
    g_hash_table_insert(scratch->widths, key, g_memdup2(&w, sizeof w));
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
