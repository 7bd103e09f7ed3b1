/* plot-spec.c — the plot specification: defaults, copies, enum names and validation.
 *
 * Enum <-> name tables are the single source for the CLI, the workspace file and error
 * messages. Validation works on a list of (name, type) fields so that a frame and a schema
 * are checked by the same code. */
#include "pika/error.h"
#include "pika/plot.h"

#include <math.h>
#include <string.h>

static const char *const type_names[] = {"scatter", "line", "histogram", "bar",
                                         "heatmap", "box",  NULL};
static const char *const scale_names[] = {"auto", "linear", "log", "time", "categorical", NULL};
static const char *const shade_names[] = {"eq_hist", "log", "linear", "cbrt", NULL};
static const char *const theme_names[] = {"light", "dark", NULL};
static const char *const colormap_names[] = {"viridis", "magma", "inferno", "plasma",
                                             "cividis", "fire",  "greys",   NULL};
static const char *const agg_names[] = {"count", "sum", "mean", "min", "max", NULL};
static const char *const bar_order_names[] = {"label", "value", NULL};
static const char *const number_format_names[] = {"auto", "plain", "fixed", "si", "percent", NULL};
static const char *const bucket_names[] = {"none", "auto", "second", "minute", "hour",
                                           "day",  "week", "month",  "year",   NULL};
static const char *const legend_names[] = {"auto", "right", "top", "bottom", "left", "none", NULL};

void pk_plot_spec_init(PkPlotSpec *spec) {
    g_return_if_fail(spec != NULL);
    memset(spec, 0, sizeof *spec);
    spec->type = PK_PLOT_SCATTER;
    spec->x.scale = PK_SCALE_AUTO;
    spec->y.scale = PK_SCALE_AUTO;
    spec->agg = PK_PLOT_AGG_COUNT;
    spec->legend = PK_LEGEND_AUTO;
    spec->theme = PK_THEME_LIGHT;
    spec->colormap = PK_COLORMAP_VIRIDIS;
    spec->shade = PK_SHADE_EQ_HIST;
    spec->point_size = 2.5;
    spec->alpha = 0.8;
    spec->raw_threshold = 100000;
    spec->max_categories = 10;
    spec->max_outliers = 200;
    spec->bar_order = PK_BAR_ORDER_LABEL;
    spec->number_format = PK_NUMBER_FORMAT_AUTO;
    spec->digits = PK_PLOT_DIGITS_AUTO;
    spec->bucket = PK_BUCKET_NONE;
}

static void axis_clear(PkPlotAxis *axis) {
    g_clear_pointer(&axis->column, g_free);
    g_clear_pointer(&axis->label, g_free);
}

void pk_plot_spec_clear(PkPlotSpec *spec) {
    if (spec == NULL) {
        return;
    }
    axis_clear(&spec->x);
    axis_clear(&spec->y);
    g_free(spec->color);
    g_free(spec->size);
    g_free(spec->value);
    g_free(spec->title);
    pk_plot_spec_init(spec);
}

void pk_plot_spec_copy(PkPlotSpec *dest, const PkPlotSpec *src) {
    g_return_if_fail(dest != NULL && src != NULL);
    *dest = *src;
    dest->x.column = g_strdup(src->x.column);
    dest->x.label = g_strdup(src->x.label);
    dest->y.column = g_strdup(src->y.column);
    dest->y.label = g_strdup(src->y.label);
    dest->color = g_strdup(src->color);
    dest->size = g_strdup(src->size);
    dest->value = g_strdup(src->value);
    dest->title = g_strdup(src->title);
}

void pk_plot_spec_set_string(char **field, const char *text) {
    g_return_if_fail(field != NULL);
    char *copy = g_strdup(text);
    g_free(*field);
    *field = copy;
}

static gboolean parse_name(const char *const *names, const char *what, const char *text, int *out,
                           GError **error) {
    for (int i = 0; text != NULL && names[i] != NULL; i++) {
        if (g_ascii_strcasecmp(names[i], text) == 0) {
            *out = i;
            return TRUE;
        }
    }
    g_autofree char *list = g_strjoinv(", ", (char **)names);
    g_set_error(error, PK_ERROR, PK_ERROR_INVALID, "unknown %s \"%s\"; expected one of: %s", what,
                text != NULL ? text : "", list);
    return FALSE;
}

#define DEFINE_PARSE(fn, type, names, what)                                                        \
    gboolean fn(const char *text, type *out, GError **error) {                                     \
        int value = 0;                                                                             \
        if (!parse_name(names, what, text, &value, error)) {                                       \
            return FALSE;                                                                          \
        }                                                                                          \
        *out = (type)value;                                                                        \
        return TRUE;                                                                               \
    }

DEFINE_PARSE(pk_plot_type_parse, PkPlotType, type_names, "plot type")
DEFINE_PARSE(pk_scale_kind_parse, PkScaleKind, scale_names, "scale")
DEFINE_PARSE(pk_shade_parse, PkShade, shade_names, "shading")
DEFINE_PARSE(pk_theme_parse, PkTheme, theme_names, "theme")
DEFINE_PARSE(pk_colormap_parse, PkColormap, colormap_names, "colour map")
DEFINE_PARSE(pk_plot_agg_parse, PkPlotAgg, agg_names, "aggregation")
DEFINE_PARSE(pk_bar_order_parse, PkBarOrder, bar_order_names, "bar order")
DEFINE_PARSE(pk_number_format_parse, PkNumberFormat, number_format_names, "number format")
DEFINE_PARSE(pk_bucket_parse, PkBucket, bucket_names, "bucket")
DEFINE_PARSE(pk_legend_parse, PkLegendPlacement, legend_names, "legend")

#define NAME_OF(names, value)                                                                      \
    ((guint)(value) < G_N_ELEMENTS(names) - 1 ? names[(guint)(value)] : "unknown")

const char *pk_plot_type_name(PkPlotType type) {
    return NAME_OF(type_names, type);
}
const char *pk_scale_kind_name(PkScaleKind kind) {
    return NAME_OF(scale_names, kind);
}
const char *pk_shade_name(PkShade shade) {
    return NAME_OF(shade_names, shade);
}
const char *pk_colormap_name(PkColormap colormap) {
    return NAME_OF(colormap_names, colormap);
}
const char *pk_plot_agg_name(PkPlotAgg agg) {
    return NAME_OF(agg_names, agg);
}
const char *pk_bar_order_name(PkBarOrder order) {
    return NAME_OF(bar_order_names, order);
}
const char *pk_number_format_name(PkNumberFormat format) {
    return NAME_OF(number_format_names, format);
}
const char *pk_bucket_name(PkBucket bucket) {
    return NAME_OF(bucket_names, bucket);
}
const char *pk_legend_name(PkLegendPlacement legend) {
    return NAME_OF(legend_names, legend);
}

/* Options per type ------------------------------------------------------------------------ */

#define T(type) (1u << (type))
#define ALL_TYPES                                                                                  \
    (T(PK_PLOT_SCATTER) | T(PK_PLOT_LINE) | T(PK_PLOT_HISTOGRAM) | T(PK_PLOT_BAR) |                \
     T(PK_PLOT_HEATMAP) | T(PK_PLOT_BOX))

/* One table, in editor order: the applicability query, the per-type lists and validation all
 * read it. */
static const struct {
    const char *name;
    guint types;
} options[] = {
    {"type", ALL_TYPES},
    {"x", ALL_TYPES},
    {"y", ALL_TYPES & ~T(PK_PLOT_HISTOGRAM)},
    {"color", T(PK_PLOT_SCATTER) | T(PK_PLOT_LINE) | T(PK_PLOT_BAR)},
    {"size", T(PK_PLOT_SCATTER)},
    {"value", T(PK_PLOT_BAR) | T(PK_PLOT_HEATMAP)},
    {"agg", T(PK_PLOT_BAR) | T(PK_PLOT_HEATMAP) | T(PK_PLOT_LINE)},
    {"bucket", T(PK_PLOT_LINE)},
    {"bins", T(PK_PLOT_HISTOGRAM) | T(PK_PLOT_HEATMAP)},
    {"bin_width", T(PK_PLOT_HISTOGRAM) | T(PK_PLOT_HEATMAP)},
    {"density", T(PK_PLOT_HISTOGRAM)},
    {"cumulative", T(PK_PLOT_HISTOGRAM)},
    {"area", T(PK_PLOT_LINE)},
    {"stacked", T(PK_PLOT_BAR)},
    {"horizontal", T(PK_PLOT_BAR)},
    {"bar_order", T(PK_PLOT_BAR)},
    {"max_outliers", T(PK_PLOT_BOX)},
    {"point_size", T(PK_PLOT_SCATTER)},
    {"alpha", T(PK_PLOT_SCATTER) | T(PK_PLOT_BAR)},
    {"raw_threshold", T(PK_PLOT_SCATTER)},
    {"spread_px", T(PK_PLOT_SCATTER)},
    {"colormap", T(PK_PLOT_SCATTER) | T(PK_PLOT_HEATMAP)},
    {"shade", T(PK_PLOT_SCATTER) | T(PK_PLOT_HEATMAP)},
    {"max_categories", T(PK_PLOT_SCATTER) | T(PK_PLOT_LINE)},
    {"title", ALL_TYPES},
    {"legend", ALL_TYPES},
    {"theme", ALL_TYPES},
    {"number_format", ALL_TYPES},
    {"digits", ALL_TYPES},
};

#define N_TYPES 6

gboolean pk_plot_option_applies(PkPlotType type, const char *option) {
    for (guint i = 0; option != NULL && i < G_N_ELEMENTS(options); i++) {
        if (strcmp(options[i].name, option) == 0) {
            return (guint)type < N_TYPES && (options[i].types & T(type)) != 0;
        }
    }
    return FALSE;
}

const char *const *pk_plot_options_for_type(PkPlotType type) {
    static const char *lists[N_TYPES][G_N_ELEMENTS(options) + 1];
    static gsize done = 0;
    if (g_once_init_enter(&done)) {
        for (guint t = 0; t < N_TYPES; t++) {
            guint n = 0;
            for (guint i = 0; i < G_N_ELEMENTS(options); i++) {
                if (options[i].types & T(t)) {
                    lists[t][n++] = options[i].name;
                }
            }
            lists[t][n] = NULL;
        }
        g_once_init_leave(&done, 1);
    }
    return (guint)type < N_TYPES ? lists[type] : lists[0] + G_N_ELEMENTS(options);
}

const char *const *pk_plot_options_all(void) {
    static const char *all[G_N_ELEMENTS(options) + 1];
    static gsize done = 0;
    if (g_once_init_enter(&done)) {
        for (guint i = 0; i < G_N_ELEMENTS(options); i++) {
            all[i] = options[i].name;
        }
        g_once_init_leave(&done, 1);
    }
    return all;
}

PkBucket pk_plot_spec_line_bucket(const PkPlotSpec *spec) {
    if (spec->type != PK_PLOT_LINE) {
        return PK_BUCKET_NONE;
    }
    if (spec->bucket == PK_BUCKET_NONE && spec->agg != PK_PLOT_AGG_COUNT) {
        return PK_BUCKET_AUTO;
    }
    return spec->bucket;
}

PkScaleKind pk_plot_axis_resolve_scale(const PkPlotAxis *axis, PkColumnType type) {
    if (axis->scale != PK_SCALE_AUTO) {
        return axis->scale;
    }
    switch (type) {
    case PK_COLUMN_TYPE_TIMESTAMP:
        return PK_SCALE_TIME;
    case PK_COLUMN_TYPE_CATEGORY:
        return PK_SCALE_CATEGORICAL;
    default:
        return PK_SCALE_LINEAR;
    }
}

/* Validation ------------------------------------------------------------------------------ */

static const PkPlotField *find_field(const PkPlotField *fields, guint n, const char *name) {
    for (guint i = 0; i < n; i++) {
        if (g_strcmp0(fields[i].name, name) == 0) {
            return &fields[i];
        }
    }
    return NULL;
}

static gboolean check_column(const char *role, const char *name, const PkPlotField *fields, guint n,
                             const PkPlotField **out, GError **error) {
    const PkPlotField *field = find_field(fields, n, name);
    if (field != NULL) {
        *out = field;
        return TRUE;
    }
    GString *list = g_string_new(NULL);
    for (guint i = 0; i < n; i++) {
        g_string_append_printf(list, "%s%s", i > 0 ? ", " : "", fields[i].name);
    }
    g_set_error(error, PK_ERROR, PK_ERROR_NOT_FOUND,
                "%s column \"%s\" does not exist; available columns: %s", role, name,
                n > 0 ? list->str : "(none)");
    g_string_free(list, TRUE);
    return FALSE;
}

static gboolean is_numeric(PkColumnType type) {
    return type != PK_COLUMN_TYPE_CATEGORY;
}

/* An axis: the column exists, its type suits the scale, a fixed range is ordered. */
static gboolean check_axis(const char *role, const PkPlotAxis *axis, gboolean numeric,
                           const PkPlotField *fields, guint n, GError **error) {
    const PkPlotField *field = NULL;
    if (!check_column(role, axis->column, fields, n, &field, error)) {
        return FALSE;
    }
    PkScaleKind scale = pk_plot_axis_resolve_scale(axis, field->type);
    if (numeric && !is_numeric(field->type)) {
        g_set_error(error, PK_ERROR, PK_ERROR_TYPE,
                    "%s column \"%s\" holds text, but this plot needs numbers on %s; choose a "
                    "numeric or timestamp column",
                    role, axis->column, role);
        return FALSE;
    }
    if ((scale == PK_SCALE_LOG || scale == PK_SCALE_TIME || scale == PK_SCALE_LINEAR) &&
        !is_numeric(field->type)) {
        g_set_error(error, PK_ERROR, PK_ERROR_TYPE,
                    "a %s scale needs numbers, but %s column \"%s\" holds text",
                    pk_scale_kind_name(scale), role, axis->column);
        return FALSE;
    }
    if (scale == PK_SCALE_LOG && field->type == PK_COLUMN_TYPE_TIMESTAMP) {
        g_set_error(error, PK_ERROR, PK_ERROR_TYPE,
                    "a log scale cannot show timestamps (%s column \"%s\")", role, axis->column);
        return FALSE;
    }
    if (axis->fixed_range && !(axis->min < axis->max)) {
        g_set_error(error, PK_ERROR, PK_ERROR_INVALID,
                    "the %s range needs min < max (got min %g, max %g)", role, axis->min,
                    axis->max);
        return FALSE;
    }
    if (axis->fixed_range && scale == PK_SCALE_LOG && !(axis->min > 0)) {
        g_set_error(error, PK_ERROR, PK_ERROR_INVALID, "a log %s range needs min > 0 (got %g)",
                    role, axis->min);
        return FALSE;
    }
    return TRUE;
}

static gboolean need(const char *role, const char *name, const char *type, GError **error) {
    if (name != NULL && name[0] != '\0') {
        return TRUE;
    }
    g_set_error(error, PK_ERROR, PK_ERROR_INVALID, "a %s plot needs a %s column", type, role);
    return FALSE;
}

/* value, agg and bucket where they apply (the table above); other options are ignored. */
static gboolean check_applies(const PkPlotSpec *spec, GError **error) {
    const char *type = pk_plot_type_name(spec->type);
    if ((spec->value != NULL && !pk_plot_option_applies(spec->type, "value")) ||
        (spec->agg != PK_PLOT_AGG_COUNT && !pk_plot_option_applies(spec->type, "agg"))) {
        g_set_error(error, PK_ERROR, PK_ERROR_UNSUPPORTED,
                    "a %s plot does not aggregate a value; --value and --agg apply to bar and "
                    "heatmap plots, --agg and --bucket to line plots (for x and y coloured by "
                    "an aggregate, use --type heatmap)",
                    type);
        return FALSE;
    }
    if (spec->bucket != PK_BUCKET_NONE && !pk_plot_option_applies(spec->type, "bucket")) {
        g_set_error(error, PK_ERROR, PK_ERROR_UNSUPPORTED,
                    "a %s plot has no time buckets; --bucket applies to line plots", type);
        return FALSE;
    }
    return TRUE;
}

/* The finishing options: bin width and digits in range. */
static gboolean check_finish(const PkPlotSpec *spec, GError **error) {
    if (!(spec->bin_width >= 0) || !isfinite(spec->bin_width)) {
        g_set_error(error, PK_ERROR, PK_ERROR_INVALID,
                    "the bin width must be a positive number (or 0 for a bin count), not %g",
                    spec->bin_width);
        return FALSE;
    }
    if (spec->digits != PK_PLOT_DIGITS_AUTO &&
        (spec->digits < 0 || spec->digits > PK_PLOT_MAX_DIGITS)) {
        g_set_error(error, PK_ERROR, PK_ERROR_INVALID,
                    "digits must be 0 to %d (or automatic), not %d", PK_PLOT_MAX_DIGITS,
                    spec->digits);
        return FALSE;
    }
    return TRUE;
}

/* A calendar bucket needs a timestamp x; a bucketed line needs a numeric y except to count. */
static gboolean check_bucket(const PkPlotSpec *spec, const PkPlotField *fields, guint n,
                             GError **error) {
    PkBucket bucket = pk_plot_spec_line_bucket(spec);
    const PkPlotField *x = find_field(fields, n, spec->x.column);
    if (bucket > PK_BUCKET_AUTO && x != NULL && x->type != PK_COLUMN_TYPE_TIMESTAMP) {
        g_set_error(error, PK_ERROR, PK_ERROR_TYPE,
                    "the bucket %s needs timestamps on x, but x column \"%s\" holds numbers; "
                    "use --bucket auto (one point per distinct x) or none",
                    pk_bucket_name(bucket), spec->x.column);
        return FALSE;
    }
    return TRUE;
}

gboolean pk_plot_spec_validate_fields(const PkPlotSpec *spec, const PkPlotField *fields,
                                      guint n_fields, GError **error) {
    g_return_val_if_fail(spec != NULL, FALSE);
    const char *type = pk_plot_type_name(spec->type);
    const PkPlotField *field = NULL;
    gboolean y_needed = spec->type != PK_PLOT_HISTOGRAM && spec->type != PK_PLOT_BAR;
    gboolean x_numeric = spec->type == PK_PLOT_SCATTER || spec->type == PK_PLOT_LINE ||
                         spec->type == PK_PLOT_HISTOGRAM;
    gboolean y_numeric = spec->type != PK_PLOT_HEATMAP;

    if (!need("x", spec->x.column, type, error) ||
        !check_axis("x", &spec->x, x_numeric, fields, n_fields, error)) {
        return FALSE;
    }
    if (y_needed && !need("y", spec->y.column, type, error)) {
        return FALSE;
    }
    if (spec->y.column != NULL && !check_axis("y", &spec->y, y_numeric, fields, n_fields, error)) {
        return FALSE;
    }
    if (spec->color != NULL &&
        !check_column("colour", spec->color, fields, n_fields, &field, error)) {
        return FALSE;
    }
    if (spec->size != NULL && !check_column("size", spec->size, fields, n_fields, &field, error)) {
        return FALSE;
    }
    if (spec->size != NULL && !is_numeric(field->type)) {
        g_set_error(error, PK_ERROR, PK_ERROR_TYPE, "size column \"%s\" must hold numbers",
                    spec->size);
        return FALSE;
    }
    if (!check_applies(spec, error) || !check_finish(spec, error)) {
        return FALSE;
    }
    gboolean y_is_value =
        (spec->type == PK_PLOT_BAR || spec->type == PK_PLOT_LINE) && spec->y.column != NULL;
    if (spec->agg != PK_PLOT_AGG_COUNT && spec->value == NULL && !y_is_value) {
        g_set_error(error, PK_ERROR, PK_ERROR_INVALID,
                    "the aggregation %s needs a value column (--value)",
                    pk_plot_agg_name(spec->agg));
        return FALSE;
    }
    if (!check_bucket(spec, fields, n_fields, error)) {
        return FALSE;
    }
    if (spec->value != NULL &&
        !check_column("value", spec->value, fields, n_fields, &field, error)) {
        return FALSE;
    }
    if (spec->value != NULL && !is_numeric(field->type)) {
        g_set_error(error, PK_ERROR, PK_ERROR_TYPE, "value column \"%s\" must hold numbers",
                    spec->value);
        return FALSE;
    }
    return TRUE;
}

gboolean pk_plot_spec_validate(const PkPlotSpec *spec, const PkFrame *frame, GError **error) {
    g_return_val_if_fail(spec != NULL && frame != NULL, FALSE);
    guint n = pk_frame_get_n_columns(frame);
    PkPlotField *fields = g_new0(PkPlotField, MAX(n, 1));
    for (guint i = 0; i < n; i++) {
        PkColumn *column = pk_frame_get_column(frame, i);
        fields[i].name = pk_column_get_name(column);
        fields[i].type = pk_column_get_type(column);
    }
    gboolean ok = pk_plot_spec_validate_fields(spec, fields, n, error);
    g_free(fields);
    return ok;
}
