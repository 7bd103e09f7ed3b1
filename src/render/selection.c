/* selection.c — how a selection (linked brushing) looks: the muted grey ramp under the
 * selected layer, compositing a selected image over the muted one, and the "selected N of M
 * rows" label.
 *
 * The ramp runs from just off the plot background (few rows) to a mid grey (many), so the
 * whole data set stays readable as context while any colour of the colour maps or the
 * palette stands out on top of it. */
#include "pika/render-kit.h"
#include "render-private.h"

#include <math.h>

#define N_LUT 256

static guint32 muted_luts[2][N_LUT];

static guint32 lerp_grey(guint32 a, guint32 b, double f) {
    guint32 out = 0xff000000u;
    for (int shift = 0; shift <= 16; shift += 8) {
        double ca = (a >> shift) & 0xff, cb = (b >> shift) & 0xff;
        out |= (guint32)lround(ca + (cb - ca) * f) << shift;
    }
    return out;
}

static gpointer build_muted(gpointer data) {
    (void)data;
    static const guint32 ends[2][2] = {{0xe2e2e2, 0x8a8a8a}, {0x3a3c41, 0x8c9097}};
    for (int t = 0; t < 2; t++) {
        for (int i = 0; i < N_LUT; i++) {
            muted_luts[t][i] = lerp_grey(ends[t][0], ends[t][1], i / (N_LUT - 1.0));
        }
    }
    return NULL;
}

const guint32 *pk_selection_muted_lut(PkTheme theme) {
    static GOnce once = G_ONCE_INIT;
    g_once(&once, build_muted, NULL);
    return muted_luts[theme == PK_THEME_DARK ? 1 : 0];
}

void pk_selection_blend_over(const guint32 *src, guint width, guint height, guint32 *out,
                             gsize stride_px) {
    for (guint y = 0; y < height; y++) {
        const guint32 *s = src + (gsize)y * width;
        guint32 *d = out + (gsize)y * stride_px;
        for (guint x = 0; x < width; x++) {
            guint32 a = s[x] >> 24;
            if (a == 0xff || a == 0) {
                d[x] = a == 0 ? d[x] : s[x];
                continue;
            }
            guint32 px = 0;
            for (int shift = 0; shift <= 24; shift += 8) { /* premultiplied OVER */
                guint32 cs = (s[x] >> shift) & 0xff, cd = (d[x] >> shift) & 0xff;
                px |= MIN(cs + (cd * (255 - a) + 127) / 255, 255u) << shift;
            }
            d[x] = px;
        }
    }
}

void pk_selection_draw_label(cairo_t *cr, const PkDrawContext *ctx) {
    g_autofree char *label = pk_scene_selection_label(ctx->scene);
    if (label == NULL || ctx->scene->empty_message != NULL) {
        return;
    }
    PkTextStyle style = {PK_FONT_NOTE_PX + 1, FALSE, ctx->theme->text};
    double w = 0, h = 0;
    pk_text_measure(cr, label, &style, &w, &h);
    const PkRect *a = &ctx->area;
    double pad = 4, x1 = a->x + a->width - 6, y0 = a->y + 6;
    pk_set_source_rgb32(cr, ctx->theme->plot_background, 0.85);
    cairo_rectangle(cr, x1 - w - 2 * pad, y0, w + 2 * pad, h + 2 * pad);
    cairo_fill_preserve(cr);
    pk_set_source_rgb32(cr, ctx->theme->grid, 1.0);
    cairo_set_line_width(cr, 1.0);
    cairo_stroke(cr);
    pk_text_draw(cr, label, &style, x1 - pad, y0 + pad, 1.0, 0.0, 0.0);
}
