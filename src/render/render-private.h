/* render-private.h — what the files of the renderer share.
 *
 * Theme colours, font sizes (logical pixels), text drawing (text.c, Pango), axes (axes.c),
 * legends (legend.c) and one draw function per plot type (plot-*.c). Every draw function
 * works in logical pixels on a cairo_t whose user space is the page; `area` is the plot
 * area from pk_layout_plot_area. */
#pragma once

#include "pika/render.h"

#include <cairo.h>

G_BEGIN_DECLS

#define PK_FONT_TICK_PX 11.0
#define PK_FONT_LABEL_PX 12.0
#define PK_FONT_TITLE_PX 15.0
#define PK_FONT_NOTE_PX 10.0
#define PK_SWATCH_PX 11.0
#define PK_COLORBAR_PX 14.0

typedef struct {
    guint32 background, plot_background, grid, axis, text, muted;
} PkThemeColors;

/* Everything a draw function needs: the page, the plot area and its scales, and the frame's
 * shader (density counts only, else NULL; owned by pk_render_draw, shared by the density
 * layer and the colour bar so the grid is scanned once per frame). */
typedef struct {
    const PkScene *scene;
    const PkThemeColors *theme;
    double width, height, scale;
    PkRect area;
    PkScale sx, sy;
    const PkShader *shader;
    PkLegendLayout legend; /* from pk_layout_page with area; owned by pk_render_draw */
} PkDrawContext;

const PkThemeColors *pk_theme_get(PkTheme theme);
void pk_set_source_rgb32(cairo_t *cr, guint32 argb, double alpha);

/* shade.c: pk_shade_counts with a shader built by the caller. With over, empty bins leave
 * out untouched instead of writing transparent pixels (out already holds what lies below). */
gboolean pk_shade_counts_with(const PkShader *shader, const guint32 *counts, guint width,
                              guint height, PkColormap colormap, guint spread_px, gboolean over,
                              guint32 *out, gsize stride_px, GError **error);
/* The same with any 256-entry opaque colour table (the muted ramp of a selection). */
gboolean pk_shade_counts_lut_with(const PkShader *shader, const guint32 *counts, guint width,
                                  guint height, const guint32 *lut, guint spread_px, gboolean over,
                                  guint32 *out, gsize stride_px, GError **error);

/* selection.c: how a selection looks. Unselected marks are drawn in the theme's muted colour
 * at PK_MUTED_ALPHA (densities and heatmap cells in a grey ramp that stays quiet on the
 * theme's background), selected ones as usual on top. */
#define PK_MUTED_ALPHA 0.35
/* The grey ramp (256 entries, opaque, low values first) for the theme. Static. */
const guint32 *pk_selection_muted_lut(PkTheme theme);
/* Composites premultiplied ARGB32 src (width × height, row stride width) over out. */
void pk_selection_blend_over(const guint32 *src, guint width, guint height, guint32 *out,
                             gsize stride_px);
/* "selected N of M rows" in the top-right corner of the plot area (nothing without one). */
void pk_selection_draw_label(cairo_t *cr, const PkDrawContext *ctx);

/* layout.c. Swatch rows of a legend are PK_LEGEND_ROW_PX high: the swatch 2 pixels below
 * the row's top, its name beside it. */
#define PK_LEGEND_ROW_PX (PK_FONT_TICK_PX + 7)
/* The plot area and the legend (out_legend may be NULL; else free its rows with
 * pk_layout_legend_clear): the one computation behind pk_layout_plot_area and
 * pk_layout_legend. */
void pk_layout_page(const PkScene *scene, double width, double height, PkRect *out_area,
                    PkLegendLayout *out_legend);
gboolean pk_layout_x_labels_rotated(const PkScene *scene, double plot_width);
/* The widest slot rotated x tick labels get: longer ones are cut with an ellipsis. */
double pk_layout_x_label_max_px(const PkScene *scene);

/* text.c: draws text at (x, y) anchored by (ax, ay) in [0, 1] (0,0 = top-left of the text),
 * rotated by angle radians around the anchor. Returns the text's width. */
typedef struct {
    double size_px;
    gboolean bold;
    guint32 color;
} PkTextStyle;
double pk_text_draw(cairo_t *cr, const char *text, const PkTextStyle *style, double x, double y,
                    double ax, double ay, double angle);
/* The same, cut to at most max_width_px with "…" at its end when the text is wider. */
double pk_text_draw_fit(cairo_t *cr, const char *text, const PkTextStyle *style,
                        double max_width_px, double x, double y, double ax, double ay,
                        double angle);
void pk_text_measure(cairo_t *cr, const char *text, const PkTextStyle *style, double *out_width,
                     double *out_height);
/* The width in pixels of text at size_px (regular weight), measured without a surface to draw
 * on (a scratch one per thread). */
double pk_text_width(const char *text, double size_px);

/* axes.c */
void pk_axes_draw_grid(cairo_t *cr, const PkDrawContext *ctx);
void pk_axes_draw(cairo_t *cr, const PkDrawContext *ctx);

/* legend.c */
void pk_legend_draw(cairo_t *cr, const PkDrawContext *ctx);
/* The colour of category i of the scene's colour categories (grey for "other"). */
guint32 pk_legend_category_color(const PkScene *scene, guint i);

/* plot-*.c: the data layer, clipped to the area by the caller. */
gboolean pk_plot_scatter_draw(cairo_t *cr, const PkDrawContext *ctx, GError **error);
void pk_plot_line_draw(cairo_t *cr, const PkDrawContext *ctx);
void pk_plot_histogram_draw(cairo_t *cr, const PkDrawContext *ctx);
void pk_plot_bar_draw(cairo_t *cr, const PkDrawContext *ctx);
/* Whether a bar chart's selected values are parts of its bars (counts, sums: drawn over them)
 * rather than values of their own (means, minima, maxima: drawn beside them). */
gboolean pk_plot_bar_selection_is_part(const PkScene *scene);
gboolean pk_plot_heatmap_draw(cairo_t *cr, const PkDrawContext *ctx, GError **error);
void pk_plot_box_draw(cairo_t *cr, const PkDrawContext *ctx);

G_END_DECLS
