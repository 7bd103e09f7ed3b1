/* pika/plot.h — the plot specification: what to draw, as a plain struct.
 *
 * A PkPlotSpec says which plot type to draw from which columns, with which scales, ranges,
 * colours, shading and labels. It holds no data and no drawing state: the workspace file
 * stores it, the CLI fills it from arguments, and the preparation step (pika/plotprep.h)
 * turns it plus a query result into a scene (pika/scene.h) that the renderer draws.
 *
 * Strings in a spec are owned by it (g_strdup'd); pk_plot_spec_clear frees them and
 * pk_plot_spec_copy duplicates them. A spec starts from pk_plot_spec_init (defaults), so
 * fields added later get sensible values in old code.
 *
 * Validation (pk_plot_spec_validate*) checks the spec against the columns that exist and
 * returns errors a user can act on: an unknown column lists the available ones, a text column
 * on a numeric axis says so, a fixed range needs min < max, a log range needs min > 0.
 *
 * Thread rule: plain data; no shared state. */
#pragma once

#include "pika/column.h"

#include <glib.h>

G_BEGIN_DECLS

/* The most histogram or heatmap bins per axis a plot may ask for. */
#define PK_PLOT_MAX_BINS 10000

typedef enum {
    PK_PLOT_SCATTER,
    PK_PLOT_LINE,
    PK_PLOT_HISTOGRAM,
    PK_PLOT_BAR,
    PK_PLOT_HEATMAP,
    PK_PLOT_BOX,
} PkPlotType;

typedef enum {
    PK_SCALE_AUTO, /* linear for numbers, time for timestamps, categorical for text */
    PK_SCALE_LINEAR,
    PK_SCALE_LOG,
    PK_SCALE_TIME, /* values are microseconds since the Unix epoch, UTC */
    PK_SCALE_CATEGORICAL,
} PkScaleKind;

typedef enum {
    PK_SHADE_EQ_HIST, /* histogram equalisation: every colour used about equally */
    PK_SHADE_LOG,
    PK_SHADE_LINEAR,
    PK_SHADE_CBRT,
} PkShade;

typedef enum {
    PK_THEME_LIGHT,
    PK_THEME_DARK,
} PkTheme;

typedef enum {
    PK_COLORMAP_VIRIDIS,
    PK_COLORMAP_MAGMA,
    PK_COLORMAP_INFERNO,
    PK_COLORMAP_PLASMA,
    PK_COLORMAP_CIVIDIS,
    PK_COLORMAP_FIRE,
    PK_COLORMAP_GREYS,
    PK_COLORMAP_N,
} PkColormap;

/* Aggregation of a value column (heatmap cells, bars). */
typedef enum {
    PK_PLOT_AGG_COUNT,
    PK_PLOT_AGG_SUM,
    PK_PLOT_AGG_MEAN,
    PK_PLOT_AGG_MIN,
    PK_PLOT_AGG_MAX,
} PkPlotAgg;

/* Where the legend goes. Top and bottom legends flow their entries in lines across the plot
 * area's width; left and right ones are a column beside it. */
typedef enum {
    PK_LEGEND_AUTO, /* right of the plot when there is something to explain */
    PK_LEGEND_RIGHT,
    PK_LEGEND_TOP,
    PK_LEGEND_BOTTOM,
    PK_LEGEND_LEFT,
    PK_LEGEND_NONE,
} PkLegendPlacement;

/* The order of a bar chart's categories. */
typedef enum {
    PK_BAR_ORDER_LABEL, /* by label, ascending (the default) */
    PK_BAR_ORDER_VALUE, /* by value (the sum of a category's bars), largest first */
} PkBarOrder;

/* How the value axis and tooltips write numbers (pk_format_value in pika/render-kit.h). */
typedef enum {
    PK_NUMBER_FORMAT_AUTO,    /* thousands separators, decimals as the tick step needs */
    PK_NUMBER_FORMAT_PLAIN,   /* no thousands separators */
    PK_NUMBER_FORMAT_FIXED,   /* thousands separators and a fixed number of decimals */
    PK_NUMBER_FORMAT_SI,      /* SI prefixes: 1.5k, 2M, 3G, 20m, 5µ */
    PK_NUMBER_FORMAT_PERCENT, /* times 100 with a '%' sign: 0.25 -> 25% */
} PkNumberFormat;

/* The time bucket a line aggregates y over (per distinct x for numeric x). */
typedef enum {
    PK_BUCKET_NONE, /* no aggregation: every row is a point of the line */
    PK_BUCKET_AUTO, /* timestamps: the calendar unit giving at most about 1,000 buckets;
                     * numbers: each distinct x */
    PK_BUCKET_SECOND,
    PK_BUCKET_MINUTE,
    PK_BUCKET_HOUR,
    PK_BUCKET_DAY,
    PK_BUCKET_WEEK,
    PK_BUCKET_MONTH,
    PK_BUCKET_YEAR,
} PkBucket;

/* The digits of a number format chosen automatically (PkPlotSpec.digits). */
#define PK_PLOT_DIGITS_AUTO (-1)
/* The most decimals a number format may ask for. */
#define PK_PLOT_MAX_DIGITS 12

/* One axis of the plot: the column on it, its scale, its range and its label. */
typedef struct {
    char *column; /* NULL = none (y of a histogram) */
    PkScaleKind scale;
    gboolean fixed_range; /* FALSE = automatic from the data */
    double min, max;      /* used when fixed_range */
    char *label;          /* NULL = the column name */
} PkPlotAxis;

typedef struct {
    PkPlotType type;
    PkPlotAxis x, y;
    char *color;   /* colour column: categories for scatter/line/bar/box series */
    char *size;    /* size column for raw scatter marks (NULL = fixed size) */
    char *value;   /* value column for heatmap/bar (NULL = count rows) */
    PkPlotAgg agg; /* aggregation of value (bar, heatmap) or of y (bar, line): count, sum,
                    * mean, min, max */
    char *title;   /* NULL = no title */
    PkLegendPlacement legend;
    PkTheme theme;
    PkColormap colormap;
    PkShade shade;
    guint spread_px;              /* density: grow isolated pixels by this radius (0 = off) */
    double point_size;            /* raw marks: radius in logical pixels */
    double alpha;                 /* raw marks and bars: opacity 0..1 */
    guint raw_threshold;          /* scatter: raw marks up to this many points in view */
    guint max_categories;         /* colour categories shown before "other" (1..20) */
    guint bins;                   /* histogram/heatmap bins per axis; 0 = automatic, at most
                                   * PK_PLOT_MAX_BINS */
    gboolean density;             /* histogram: normalise to a probability density */
    gboolean cumulative;          /* histogram: cumulative counts */
    gboolean area;                /* line: fill under the line */
    gboolean stacked;             /* bar: stack series instead of grouping them */
    gboolean horizontal;          /* bar: bars grow along x */
    guint max_outliers;           /* box: outliers drawn per box at most */
    double bin_width;             /* histogram/heatmap: bin width in data units (0 = use bins); wins
                                   * over bins when both are set */
    PkBarOrder bar_order;         /* bar: category order */
    PkNumberFormat number_format; /* value axis and tooltips */
    int digits;      /* decimals of the number format; PK_PLOT_DIGITS_AUTO = automatic */
    PkBucket bucket; /* line: aggregate y (with agg) per time bucket; NONE = raw rows;
                      * an agg other than count on a line without a bucket means AUTO */
} PkPlotSpec;

/* Fills spec with defaults: scatter, automatic scales and ranges, light theme, viridis,
 * eq_hist, point size 2.5, alpha 0.8, raw threshold 100,000, 10 colour categories, automatic
 * bins, 200 outliers per box, bars by label, automatic number format and digits, no line
 * bucket. Any previous contents are not freed. */
void pk_plot_spec_init(PkPlotSpec *spec);
/* Frees the strings of spec and re-initialises it. NULL-safe. */
void pk_plot_spec_clear(PkPlotSpec *spec);
/* Deep copy of src into dest (dest's previous contents are not freed). */
void pk_plot_spec_copy(PkPlotSpec *dest, const PkPlotSpec *src);
/* Replaces *field with a copy of text (NULL allowed), freeing the old string. */
void pk_plot_spec_set_string(char **field, const char *text);

/* Names <-> enums: "scatter", "line", "histogram", "bar", "heatmap", "box"; "auto", "linear",
 * "log", "time", "categorical"; "eq_hist", "log", "linear", "cbrt"; "light", "dark";
 * "viridis", "magma", "inferno", "plasma", "cividis", "fire", "greys"; "count", "sum",
 * "mean", "min", "max". Parsers return FALSE and fill PK_ERROR_INVALID (listing the accepted
 * names) for unknown text. Name functions return static strings. */
gboolean pk_plot_type_parse(const char *text, PkPlotType *out, GError **error);
gboolean pk_scale_kind_parse(const char *text, PkScaleKind *out, GError **error);
gboolean pk_shade_parse(const char *text, PkShade *out, GError **error);
gboolean pk_theme_parse(const char *text, PkTheme *out, GError **error);
gboolean pk_colormap_parse(const char *text, PkColormap *out, GError **error);
gboolean pk_plot_agg_parse(const char *text, PkPlotAgg *out, GError **error);
/* "label", "value"; "auto", "plain", "fixed", "si", "percent"; "none", "auto", "second",
 * "minute", "hour", "day", "week", "month", "year"; "auto", "right", "top", "bottom", "left",
 * "none". */
gboolean pk_bar_order_parse(const char *text, PkBarOrder *out, GError **error);
gboolean pk_number_format_parse(const char *text, PkNumberFormat *out, GError **error);
gboolean pk_bucket_parse(const char *text, PkBucket *out, GError **error);
gboolean pk_legend_parse(const char *text, PkLegendPlacement *out, GError **error);
const char *pk_bar_order_name(PkBarOrder order);
const char *pk_number_format_name(PkNumberFormat format);
const char *pk_bucket_name(PkBucket bucket);
const char *pk_legend_name(PkLegendPlacement legend);
const char *pk_plot_type_name(PkPlotType type);
const char *pk_scale_kind_name(PkScaleKind kind);
const char *pk_shade_name(PkShade shade);
const char *pk_colormap_name(PkColormap colormap);
const char *pk_plot_agg_name(PkPlotAgg agg);

/* The columns a spec can be checked against: a frame's, or a schema's (names and types). */
typedef struct {
    const char *name;
    PkColumnType type; /* CATEGORY stands for every text type */
} PkPlotField;

/* Checks spec against n_fields columns: the columns the plot type needs are given and exist
 * (PK_ERROR_NOT_FOUND, message lists the available columns), numeric axes hold numbers or
 * timestamps (PK_ERROR_TYPE), a log scale is not on text or time, a time scale is on a
 * timestamp or number, fixed ranges have min < max (and min > 0 on a log axis),
 * aggregations other than count have a value column (or, for bars and lines, a y column)
 * (PK_ERROR_INVALID); a calendar bucket needs a timestamp x (PK_ERROR_TYPE); value, agg and
 * bucket are refused where they do not apply (PK_ERROR_UNSUPPORTED, see above); bin width
 * is finite and >= 0, digits within PK_PLOT_MAX_DIGITS (PK_ERROR_INVALID). */
gboolean pk_plot_spec_validate_fields(const PkPlotSpec *spec, const PkPlotField *fields,
                                      guint n_fields, GError **error);
/* The same check against the columns of a frame. */
gboolean pk_plot_spec_validate(const PkPlotSpec *spec, const PkFrame *frame, GError **error);

/* Which options apply to which plot type ------------------------------------------------
 *
 * Options are named by their plot parameter keys (pika/graph.h, pk_plot_spec_to_variant):
 * "x", "y", "color", "size", "value", "agg", "bucket", "bins", "bin_width", "density",
 * "cumulative", "area", "stacked", "horizontal", "bar_order", "max_outliers", "point_size",
 * "alpha", "raw_threshold", "spread_px", "colormap", "shade", "max_categories", "title",
 * "legend", "theme", "number_format", "digits", "type".
 * An editor shows an option for a type only when it applies. Validation agrees: an option that
 * applies is never refused for the type; one that does not is ignored when drawing, except
 * "value", "agg" and "bucket", which are refused (PK_ERROR_UNSUPPORTED) when set on a type
 * they do not apply to, so a script learns that they had no effect. */

/* Whether option (a parameter key) applies to plots of type. FALSE for unknown names. */
gboolean pk_plot_option_applies(PkPlotType type, const char *option);
/* The option names that apply to type, in the order an editor would show them (static,
 * NULL-terminated; do not free). */
const char *const *pk_plot_options_for_type(PkPlotType type);
/* Every option name (static, NULL-terminated). */
const char *const *pk_plot_options_all(void);

/* The bucket a line of this spec aggregates over: spec->bucket, or AUTO when the spec asks
 * for an aggregate other than count without one; NONE for other plot types. */
PkBucket pk_plot_spec_line_bucket(const PkPlotSpec *spec);

/* The scale an axis will use for a column of the given type (resolves PK_SCALE_AUTO). */
PkScaleKind pk_plot_axis_resolve_scale(const PkPlotAxis *axis, PkColumnType type);

G_END_DECLS
