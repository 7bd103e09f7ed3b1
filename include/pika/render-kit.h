/* pika/render-kit.h — the renderer's pure building blocks: no Cairo, no data source.
 *
 * Scales (data -> pixel), tick generation (1-2-5 steps, log decades, time units from years
 * to microseconds, categorical thinning), number/date formatting, colour maps and the
 * shading of aggregated counts into ARGB32 pixels, plus the page layout (where the plot area
 * sits). The drawing code (pika/render.h) and the preparation step both use them; the unit
 * tests test them without a surface.
 *
 * Pixel buffers are Cairo's CAIRO_FORMAT_ARGB32 layout without depending on Cairo: one
 * guint32 per pixel, native endian 0xAARRGGBB, premultiplied alpha, row 0 at the top.
 * Thread rule: every function is reentrant; colour tables are static and read-only. */
#pragma once

#include "pika/plot.h"
#include "pika/scene.h"

#include <glib.h>

G_BEGIN_DECLS

/* Scales ------------------------------------------------------------------------------------ */

/* Maps the data interval [d0, d1] onto the pixel interval [r0, r1] (r1 < r0 for y axes).
 * LOG maps log10(v) linearly (d0, d1 > 0); TIME and CATEGORICAL are linear. */
typedef struct {
    PkScaleKind kind;
    double d0, d1, r0, r1;
} PkScale;

void pk_scale_init(PkScale *scale, PkScaleKind kind, double d0, double d1, double r0, double r1);
/* Pixel of a data value; NaN for v <= 0 on a log scale (and for NaN). */
double pk_scale_map(const PkScale *scale, double v);
/* Data value at a pixel. */
double pk_scale_invert(const PkScale *scale, double px);

/* Ticks ------------------------------------------------------------------------------------- */

typedef struct {
    double value;   /* data units (category index on categorical axes) */
    gboolean minor; /* a minor tick: drawn short, no label */
    char label[64]; /* "" for minor ticks */
} PkTick;

typedef enum {
    PK_TIME_UNIT_YEAR,
    PK_TIME_UNIT_MONTH,
    PK_TIME_UNIT_DAY,
    PK_TIME_UNIT_HOUR,
    PK_TIME_UNIT_MINUTE,
    PK_TIME_UNIT_SECOND,
    PK_TIME_UNIT_MILLISECOND,
    PK_TIME_UNIT_MICROSECOND,
} PkTimeUnit;

/* The 1-2-5 step (times a power of ten) giving about `target` intervals over span > 0. */
double pk_ticks_nice_step(double span, guint target);
/* Ticks at multiples of a 1-2-5 step inside [lo, hi], labelled with just enough decimals and
 * thousands separators. Returns a new GArray of PkTick. */
GArray *pk_ticks_linear(double lo, double hi, guint target);
/* Decade ticks inside [lo, hi] (lo > 0): every decade, or every k-th when there are many;
 * with fewer than 3 decades, 2x and 5x ticks are labelled too; other integers are minor. */
GArray *pk_ticks_log(double lo, double hi, guint target);
/* The unit and multiple (1, 2, 5, 10, 15, 30, 3, 6, 12, ...) giving about `target` intervals
 * over [lo, hi] microseconds. */
PkTimeUnit pk_ticks_time_unit(double lo_us, double hi_us, guint target, guint *out_multiple);
/* Calendar-aligned time ticks (UTC) inside [lo, hi] microseconds, labelled for the unit. */
GArray *pk_ticks_time(double lo_us, double hi_us, guint target);
/* One tick per category, every step-th labelled so that at most max_labels carry a label
 * (the others are minor). labels may be NULL (labels are then the indices). */
GArray *pk_ticks_categorical(const char *const *labels, guint n, guint max_labels);
/* Dispatches on the scene axis' scale. */
GArray *pk_ticks_for_axis(const PkSceneAxis *axis, guint target);

/* Formatting -------------------------------------------------------------------------------- */

/* Formats v for an axis whose ticks are `step` apart (step 0: up to 6 significant digits):
 * "1,234,567", "0.25", "-3.5", "1.2e-07", "2.5e+18". */
void pk_format_number(double v, double step, char *buf, gsize size);
/* Formats v as a plot's number format asks (PkPlotSpec.number_format and .digits), for an
 * axis whose ticks are step apart (step 0: a single value, as in a tooltip):
 *   AUTO     pk_format_number's "1,234,567" / "0.25"; with digits, as FIXED
 *   PLAIN    the same without thousands separators: "1234567"
 *   FIXED    thousands separators and digits decimals (2 when automatic): "1,234.50"
 *   SI       an SI prefix (y z a f p n µ m k M G T P E Z Y): "1.5k", "-20m", "3M"; digits
 *            decimals, else as many as the step (or 3 significant digits) needs
 *   PERCENT  v × 100 with '%': 0.256 -> "25.6%"; digits decimals, else as the step needs
 * NaN is "NaN" and infinities "inf" / "-inf" in every format; no format writes "-0". */
void pk_format_value(double v, PkNumberFormat format, int digits, double step, char *buf,
                     gsize size);
/* 12345678 -> "12,345,678". Returns a new string. */
char *pk_format_count(guint64 n);
/* A UTC time (microseconds since the epoch) at a resolution fit for unit: "2024",
 * "2024-03", "2024-03-05", "03-05 14:00", "14:05:09", "14:05:09.250", "09.250125". */
void pk_format_time(gint64 us, PkTimeUnit unit, char *buf, gsize size);

/* Colour ------------------------------------------------------------------------------------ */

#define PK_PALETTE_SIZE 20
#define PK_PALETTE_OTHER 0xff9e9e9eu

/* The 256-entry table of a colour map, opaque 0xffRRGGBB, low values first. Static. */
const guint32 *pk_colormap_get_lut(PkColormap colormap);
/* The colour at t in [0, 1] (clamped). */
guint32 pk_colormap_sample(PkColormap colormap, double t);
/* Categorical colour i (cycles after PK_PALETTE_SIZE), opaque 0xffRRGGBB. */
guint32 pk_palette_get(guint index);

/* Shading ----------------------------------------------------------------------------------- */

/* A shader maps a count v > 0 to a position t in [0, 1] along the colour map for one frame
 * (linear v/max, log log1p(v)/log1p(max), cube root, or the rank of v among the non-empty
 * bins for eq_hist). Built once per frame: one pass over the counts. */
typedef struct PkShader PkShader;

/* Returns NULL with PK_ERROR_NOMEM if its tables cannot be allocated. */
PkShader *pk_shader_new(const guint32 *counts, gsize n, PkShade shade, GError **error);
void pk_shader_free(PkShader *shader); /* NULL-safe */
double pk_shader_position(const PkShader *shader, guint32 v);
guint32 pk_shader_get_max(const PkShader *shader);
/* The count whose position is closest to t (for colour-bar labels). */
guint32 pk_shader_value_at(const PkShader *shader, double t);

/* Shades a width × height count grid (row 0 = lowest y) into out (row 0 = top, stride_px
 * pixels per row): empty bins transparent, others the colour map at the shader's position.
 * spread_px > 0 first grows non-empty bins into empty neighbours within that radius (the
 * largest neighbour wins). */
gboolean pk_shade_counts(const guint32 *counts, guint width, guint height, PkShade shade,
                         PkColormap colormap, guint spread_px, guint32 *out, gsize stride_px,
                         GError **error);
/* Blends n_categories count planes: each bin's colour is the count-weighted mean of the
 * category colours (colors[c], 0xffRRGGBB), its opacity the shaded total (from 25% for the
 * emptiest to 100%). */
gboolean pk_shade_categories(const guint32 *planes, guint n_categories, const guint32 *colors,
                             guint width, guint height, PkShade shade, guint spread_px,
                             guint32 *out, gsize stride_px, GError **error);

/* Layout ------------------------------------------------------------------------------------ */

typedef struct {
    double x, y, width, height;
} PkRect;

/* Where the plot area of scene sits on a width × height (logical pixels) page: room for the
 * title, axis titles, tick labels and the legend. The density grid of a scatter is the plot
 * area times the scale factor, so preparation calls this before aggregating. */
void pk_layout_plot_area(const PkScene *scene, double width, double height, PkRect *out_area);
/* TRUE when the scene gets a legend (colour bar or swatches). */
gboolean pk_layout_has_legend(const PkScene *scene);
/* Where the legend goes on a page (pk_layout_legend). Rows are in category order and never
 * overlap; the drawing and the hit test both use them. */
typedef struct {
    PkLegendPlacement side; /* RIGHT, TOP, BOTTOM or LEFT (auto is right); NONE: no legend */
    PkRect box;             /* a column beside the plot area (left, right; a right one reaches the
                             * page's edge) or a band above or below it (top, bottom) */
    guint n_rows;           /* colour categories shown, 0 .. n_rows - 1 (0: a colour bar or none) */
    PkRect *rows;           /* n_rows rectangles, each a swatch and its name (owned) */
    gboolean more;          /* the categories from n_rows on did not fit: "…" drawn in ellipsis */
    PkRect ellipsis;
} PkLegendLayout;

/* Fills out_legend with the legend of scene on a width × height page (logical pixels); free
 * its rows with pk_layout_legend_clear. Any thread. */
void pk_layout_legend(const PkScene *scene, double width, double height,
                      PkLegendLayout *out_legend);
/* Frees the rows of legend (NULL-safe); the rest stays readable. */
void pk_layout_legend_clear(PkLegendLayout *legend);
/* The colour category whose legend row (swatch and name, pk_layout_legend) holds the point
 * (x, y) of a page of width × height, or -1 (no swatches, or none there). */
int pk_layout_legend_category_at(const PkScene *scene, double width, double height, double x,
                                 double y);

/* The version of the Cairo library loaded at run time ("1.16.0"). Static storage. */
const char *pk_render_cairo_version(void);

G_END_DECLS
