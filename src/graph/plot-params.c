/* plot-params.c — a plot spec as node parameters (a{sv}) and back.
 *
 * Only fields that differ from pk_plot_spec_init are written, keys sorted, so the variant of
 * a default spec is empty and a workspace file holds what the user chose. Key names are the
 * spec's field names and the values the CLI's enum names (pk_plot_type_name...). Numbers are
 * written as int64 ('x') or double ('d') and read from any numeric type, as JSON loads them.
 *
 * Invariants: from_variant(to_variant(spec)) equals spec in every field that means something
 * (min and max of an axis only when its range is fixed); to_variant(from_variant(v)) equals
 * v for a canonical v. Unknown keys and absurd numbers are refused, naming the key. */
#include "pika/error.h"
#include "pika/graph.h"

#include <float.h>
#include <stddef.h>
#include <string.h>

typedef enum {
    FIELD_STRING, /* char * */
    FIELD_UINT,   /* guint, read in [min, max] */
    FIELD_INT,    /* int, read in [min, max] */
    FIELD_DOUBLE, /* double, read in [min, max] */
    FIELD_BOOL,   /* gboolean, written only when TRUE */
    FIELD_ENUM,   /* an int-sized enum, by name */
    FIELD_AXIS,   /* PkPlotAxis, as a nested dictionary */
} FieldKind;

typedef enum {
    ENUM_TYPE,
    ENUM_AGG,
    ENUM_LEGEND,
    ENUM_THEME,
    ENUM_COLORMAP,
    ENUM_SHADE,
    ENUM_BAR_ORDER,
    ENUM_NUMBER_FORMAT,
    ENUM_BUCKET,
} EnumKind;

typedef struct {
    const char *key;
    FieldKind kind;
    gsize offset;
    double min, max; /* numbers; for FIELD_ENUM, min is the EnumKind */
} Field;

/* Sorted by key: to_variant writes in this order. */
static const Field fields[] = {
    {"agg", FIELD_ENUM, offsetof(PkPlotSpec, agg), ENUM_AGG, 0},
    {"alpha", FIELD_DOUBLE, offsetof(PkPlotSpec, alpha), 0, 1},
    {"area", FIELD_BOOL, offsetof(PkPlotSpec, area), 0, 0},
    {"bar_order", FIELD_ENUM, offsetof(PkPlotSpec, bar_order), ENUM_BAR_ORDER, 0},
    {"bin_width", FIELD_DOUBLE, offsetof(PkPlotSpec, bin_width), 0, DBL_MAX},
    {"bins", FIELD_UINT, offsetof(PkPlotSpec, bins), 0, PK_PLOT_MAX_BINS},
    {"bucket", FIELD_ENUM, offsetof(PkPlotSpec, bucket), ENUM_BUCKET, 0},
    {"color", FIELD_STRING, offsetof(PkPlotSpec, color), 0, 0},
    {"colormap", FIELD_ENUM, offsetof(PkPlotSpec, colormap), ENUM_COLORMAP, 0},
    {"cumulative", FIELD_BOOL, offsetof(PkPlotSpec, cumulative), 0, 0},
    {"density", FIELD_BOOL, offsetof(PkPlotSpec, density), 0, 0},
    {"digits", FIELD_INT, offsetof(PkPlotSpec, digits), PK_PLOT_DIGITS_AUTO, PK_PLOT_MAX_DIGITS},
    {"horizontal", FIELD_BOOL, offsetof(PkPlotSpec, horizontal), 0, 0},
    {"legend", FIELD_ENUM, offsetof(PkPlotSpec, legend), ENUM_LEGEND, 0},
    {"max_categories", FIELD_UINT, offsetof(PkPlotSpec, max_categories), 1, 20},
    {"max_outliers", FIELD_UINT, offsetof(PkPlotSpec, max_outliers), 0, 1000000},
    {"number_format", FIELD_ENUM, offsetof(PkPlotSpec, number_format), ENUM_NUMBER_FORMAT, 0},
    {"point_size", FIELD_DOUBLE, offsetof(PkPlotSpec, point_size), 0, 1000},
    {"raw_threshold", FIELD_UINT, offsetof(PkPlotSpec, raw_threshold), 0, 1e9},
    {"shade", FIELD_ENUM, offsetof(PkPlotSpec, shade), ENUM_SHADE, 0},
    {"size", FIELD_STRING, offsetof(PkPlotSpec, size), 0, 0},
    {"spread_px", FIELD_UINT, offsetof(PkPlotSpec, spread_px), 0, 100},
    {"stacked", FIELD_BOOL, offsetof(PkPlotSpec, stacked), 0, 0},
    {"theme", FIELD_ENUM, offsetof(PkPlotSpec, theme), ENUM_THEME, 0},
    {"title", FIELD_STRING, offsetof(PkPlotSpec, title), 0, 0},
    {"type", FIELD_ENUM, offsetof(PkPlotSpec, type), ENUM_TYPE, 0},
    {"value", FIELD_STRING, offsetof(PkPlotSpec, value), 0, 0},
    {"x", FIELD_AXIS, offsetof(PkPlotSpec, x), 0, 0},
    {"y", FIELD_AXIS, offsetof(PkPlotSpec, y), 0, 0},
};

static const char *const axis_keys[] = {"column", "label", "max", "min", "scale", NULL};
static const char *const theme_names[] = {"light", "dark", NULL};

#define FIELD_PTR(spec, field) ((void *)((char *)(spec) + (field)->offset))

static const char *enum_name(EnumKind kind, int value) {
    switch (kind) {
    case ENUM_TYPE:
        return pk_plot_type_name((PkPlotType)value);
    case ENUM_AGG:
        return pk_plot_agg_name((PkPlotAgg)value);
    case ENUM_COLORMAP:
        return pk_colormap_name((PkColormap)value);
    case ENUM_SHADE:
        return pk_shade_name((PkShade)value);
    case ENUM_THEME:
        return (guint)value < 2 ? theme_names[value] : "unknown";
    case ENUM_LEGEND:
        return pk_legend_name((PkLegendPlacement)value);
    case ENUM_BAR_ORDER:
        return pk_bar_order_name((PkBarOrder)value);
    case ENUM_NUMBER_FORMAT:
        return pk_number_format_name((PkNumberFormat)value);
    case ENUM_BUCKET:
        return pk_bucket_name((PkBucket)value);
    }
    return "unknown";
}

static gboolean enum_parse(EnumKind kind, const char *text, int *out, GError **error) {
    PkPlotType t;
    PkPlotAgg a;
    PkColormap c;
    PkShade s;
    PkTheme th;
    PkBarOrder bo;
    PkNumberFormat nf;
    PkBucket bu;
    PkLegendPlacement le;
    gboolean ok = FALSE;
    switch (kind) {
    case ENUM_TYPE:
        ok = pk_plot_type_parse(text, &t, error);
        *out = ok ? (int)t : 0;
        break;
    case ENUM_AGG:
        ok = pk_plot_agg_parse(text, &a, error);
        *out = ok ? (int)a : 0;
        break;
    case ENUM_COLORMAP:
        ok = pk_colormap_parse(text, &c, error);
        *out = ok ? (int)c : 0;
        break;
    case ENUM_SHADE:
        ok = pk_shade_parse(text, &s, error);
        *out = ok ? (int)s : 0;
        break;
    case ENUM_THEME:
        ok = pk_theme_parse(text, &th, error);
        *out = ok ? (int)th : 0;
        break;
    case ENUM_BAR_ORDER:
        ok = pk_bar_order_parse(text, &bo, error);
        *out = ok ? (int)bo : 0;
        break;
    case ENUM_NUMBER_FORMAT:
        ok = pk_number_format_parse(text, &nf, error);
        *out = ok ? (int)nf : 0;
        break;
    case ENUM_BUCKET:
        ok = pk_bucket_parse(text, &bu, error);
        *out = ok ? (int)bu : 0;
        break;
    case ENUM_LEGEND:
        ok = pk_legend_parse(text, &le, error);
        *out = ok ? (int)le : 0;
        break;
    }
    return ok;
}

/* ---- spec -> variant -------------------------------------------------------------------- */

static GVariant *axis_to_variant(const PkPlotAxis *axis) {
    GVariantBuilder b;
    g_variant_builder_init(&b, G_VARIANT_TYPE_VARDICT);
    if (axis->column != NULL) {
        g_variant_builder_add(&b, "{sv}", "column", g_variant_new_string(axis->column));
    }
    if (axis->label != NULL) {
        g_variant_builder_add(&b, "{sv}", "label", g_variant_new_string(axis->label));
    }
    if (axis->fixed_range) {
        g_variant_builder_add(&b, "{sv}", "max", g_variant_new_double(axis->max));
        g_variant_builder_add(&b, "{sv}", "min", g_variant_new_double(axis->min));
    }
    if (axis->scale != PK_SCALE_AUTO) {
        g_variant_builder_add(&b, "{sv}", "scale",
                              g_variant_new_string(pk_scale_kind_name(axis->scale)));
    }
    return g_variant_builder_end(&b);
}

/* The field's value as a variant, or NULL when it has its default value. */
static GVariant *field_to_variant(const Field *f, const PkPlotSpec *spec, const PkPlotSpec *def) {
    const void *p = FIELD_PTR(spec, f), *d = FIELD_PTR(def, f);
    switch (f->kind) {
    case FIELD_STRING: {
        const char *s = *(char *const *)p;
        return s != NULL ? g_variant_new_string(s) : NULL;
    }
    case FIELD_UINT:
        return *(const guint *)p != *(const guint *)d ? g_variant_new_int64(*(const guint *)p)
                                                      : NULL;
    case FIELD_INT:
        return *(const int *)p != *(const int *)d ? g_variant_new_int64(*(const int *)p) : NULL;
    case FIELD_DOUBLE:
        return *(const double *)p != *(const double *)d ? g_variant_new_double(*(const double *)p)
                                                        : NULL;
    case FIELD_BOOL:
        return *(const gboolean *)p ? g_variant_new_boolean(TRUE) : NULL;
    case FIELD_ENUM:
        return *(const int *)p != *(const int *)d
                   ? g_variant_new_string(enum_name((EnumKind)f->min, *(const int *)p))
                   : NULL;
    case FIELD_AXIS: {
        GVariant *axis = axis_to_variant(p);
        if (g_variant_n_children(axis) == 0) {
            g_variant_unref(g_variant_ref_sink(axis));
            return NULL;
        }
        return axis;
    }
    }
    return NULL;
}

GVariant *pk_plot_spec_to_variant(const PkPlotSpec *spec) {
    g_return_val_if_fail(spec != NULL, NULL);
    PkPlotSpec def;
    pk_plot_spec_init(&def);
    GVariantBuilder b;
    g_variant_builder_init(&b, G_VARIANT_TYPE_VARDICT);
    for (guint i = 0; i < G_N_ELEMENTS(fields); i++) {
        GVariant *value = field_to_variant(&fields[i], spec, &def);
        if (value != NULL) {
            g_variant_builder_add(&b, "{sv}", fields[i].key, value);
        }
    }
    return g_variant_builder_end(&b);
}

/* ---- variant -> spec -------------------------------------------------------------------- */

G_STATIC_ASSERT(sizeof(PkPlotType) == sizeof(int) && sizeof(PkLegendPlacement) == sizeof(int));
G_STATIC_ASSERT(sizeof(PkBarOrder) == sizeof(int) && sizeof(PkNumberFormat) == sizeof(int) &&
                sizeof(PkBucket) == sizeof(int));

static gboolean check_keys(GVariant *dict, const char *where, const char *const *known,
                           GError **error) {
    GVariantIter iter;
    const char *key;
    GVariant *value;
    g_variant_iter_init(&iter, dict);
    while (g_variant_iter_loop(&iter, "{&sv}", &key, &value)) {
        if (!g_strv_contains(known, key)) {
            g_autofree char *list = g_strjoinv(", ", (char **)known);
            g_set_error(error, PK_ERROR, PK_ERROR_INVALID,
                        "Unknown plot parameter '%s%s'; expected one of: %s.", where, key, list);
            g_variant_unref(value);
            return FALSE;
        }
    }
    return TRUE;
}

static gboolean read_string(GVariant *dict, const char *key, char **field, GError **error) {
    g_autoptr(GVariant) value = pk_params_get_child(dict, key);
    if (value == NULL) {
        return TRUE;
    }
    if (!g_variant_is_of_type(value, G_VARIANT_TYPE_STRING)) {
        g_set_error(error, PK_ERROR, PK_ERROR_INVALID, "Parameter '%s' must be a string.", key);
        return FALSE;
    }
    pk_plot_spec_set_string(field, g_variant_get_string(value, NULL));
    return TRUE;
}

static gboolean axis_from_variant(GVariant *dict, const char *key, PkPlotAxis *axis,
                                  GError **error) {
    g_autofree char *where = g_strconcat(key, ".", NULL);
    g_autoptr(GVariant) has_min = pk_params_get_child(dict, "min");
    g_autoptr(GVariant) has_max = pk_params_get_child(dict, "max");
    const char *scale = NULL;
    int kind = 0;
    if (!g_variant_is_of_type(dict, G_VARIANT_TYPE_VARDICT)) {
        g_set_error(error, PK_ERROR, PK_ERROR_INVALID,
                    "Parameter '%s' must be a dictionary {column, scale, min, max, label}.", key);
        return FALSE;
    }
    if (!check_keys(dict, where, axis_keys, error) ||
        !read_string(dict, "column", &axis->column, error) ||
        !read_string(dict, "label", &axis->label, error) ||
        !pk_params_get_double(dict, "min", 0, -DBL_MAX, DBL_MAX, &axis->min, error) ||
        !pk_params_get_double(dict, "max", 0, -DBL_MAX, DBL_MAX, &axis->max, error)) {
        return FALSE;
    }
    if ((has_min == NULL) != (has_max == NULL)) {
        g_set_error(error, PK_ERROR, PK_ERROR_INVALID,
                    "Parameter '%s' has only one of 'min' and 'max'; a fixed range needs both.",
                    key);
        return FALSE;
    }
    axis->fixed_range = has_min != NULL;
    g_autoptr(GVariant) scale_value = pk_params_get_child(dict, "scale");
    if (scale_value != NULL) {
        scale = g_variant_is_of_type(scale_value, G_VARIANT_TYPE_STRING)
                    ? g_variant_get_string(scale_value, NULL)
                    : "";
        if (!pk_scale_kind_parse(scale, (PkScaleKind *)&kind, error)) {
            return FALSE;
        }
        axis->scale = (PkScaleKind)kind;
    }
    return TRUE;
}

static gboolean field_from_variant(const Field *f, GVariant *dict, PkPlotSpec *spec,
                                   GError **error) {
    void *p = FIELD_PTR(spec, f);
    gint64 n = 0;
    int e = 0;
    switch (f->kind) {
    case FIELD_STRING:
        return read_string(dict, f->key, p, error);
    case FIELD_UINT:
        if (!pk_params_get_int(dict, f->key, *(guint *)p, (gint64)f->min, (gint64)f->max, &n,
                               error)) {
            return FALSE;
        }
        *(guint *)p = (guint)n;
        return TRUE;
    case FIELD_INT:
        if (!pk_params_get_int(dict, f->key, *(int *)p, (gint64)f->min, (gint64)f->max, &n,
                               error)) {
            return FALSE;
        }
        *(int *)p = (int)n;
        return TRUE;
    case FIELD_DOUBLE:
        return pk_params_get_double(dict, f->key, *(double *)p, f->min, f->max, p, error);
    case FIELD_BOOL:
        return pk_params_get_bool(dict, f->key, *(gboolean *)p, p, error);
    case FIELD_ENUM: {
        g_autoptr(GVariant) value = pk_params_get_child(dict, f->key);
        if (value == NULL) {
            return TRUE;
        }
        const char *text = g_variant_is_of_type(value, G_VARIANT_TYPE_STRING)
                               ? g_variant_get_string(value, NULL)
                               : "";
        if (!enum_parse((EnumKind)f->min, text, &e, error)) {
            g_prefix_error(error, "Parameter '%s': ", f->key);
            return FALSE;
        }
        *(int *)p = e;
        return TRUE;
    }
    case FIELD_AXIS: {
        g_autoptr(GVariant) value = pk_params_get_child(dict, f->key);
        return value == NULL || axis_from_variant(value, f->key, p, error);
    }
    }
    return FALSE;
}

gboolean pk_plot_spec_from_variant(GVariant *dict, PkPlotSpec *spec, GError **error) {
    g_return_val_if_fail(spec != NULL, FALSE);
    const char *known[G_N_ELEMENTS(fields) + 1];
    PkPlotSpec tmp;
    pk_plot_spec_init(&tmp);
    if (dict == NULL) {
        *spec = tmp;
        return TRUE;
    }
    if (!g_variant_is_of_type(dict, G_VARIANT_TYPE_VARDICT)) {
        g_set_error(error, PK_ERROR, PK_ERROR_INVALID,
                    "A plot spec must be a dictionary (a{sv}), not '%s'.",
                    g_variant_get_type_string(dict));
        return FALSE;
    }
    for (guint i = 0; i < G_N_ELEMENTS(fields); i++) {
        known[i] = fields[i].key;
    }
    known[G_N_ELEMENTS(fields)] = NULL;
    if (!check_keys(dict, "", known, error)) {
        return FALSE;
    }
    for (guint i = 0; i < G_N_ELEMENTS(fields); i++) {
        if (!field_from_variant(&fields[i], dict, &tmp, error)) {
            pk_plot_spec_clear(&tmp);
            return FALSE;
        }
    }
    *spec = tmp;
    return TRUE;
}
