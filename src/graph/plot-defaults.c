/* plot-defaults.c — the plot a new plot cell starts from, chosen from its input's column types.
 *
 * One classifier (pk_graph_classify_column) serves this and the starter graph: numbers, times
 * and text by DuckDB type name, numbers named like row ids ("id", "*_id", "index", "row") left
 * out. The default spec is the first rule that the classes allow (pika/graph.h lists them), so
 * a plot draws something sensible before anyone touches its editor. Specs are built as
 * PkPlotSpec and written with pk_plot_spec_to_variant, the same shape a plot node stores. */
#include "graph-private.h"

#include <string.h>

PkColClass pk_graph_classify_column(const char *name, const char *type) {
    static const char *const numbers[] = {"TINYINT", "SMALLINT", "INTEGER",   "BIGINT",
                                          "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER",
                                          "UBIGINT", "FLOAT",    "DOUBLE",    NULL};
    if (name == NULL || type == NULL) {
        return PK_COL_CLASS_OTHER;
    }
    g_autofree char *lower = g_ascii_strdown(name, -1);
    gboolean id_like = strcmp(lower, "id") == 0 || g_str_has_suffix(lower, "_id") ||
                       strcmp(lower, "index") == 0 || strcmp(lower, "row") == 0;
    if (g_strv_contains(numbers, type) || g_str_has_prefix(type, "DECIMAL")) {
        return id_like ? PK_COL_CLASS_OTHER : PK_COL_CLASS_NUMBER;
    }
    if (g_str_has_prefix(type, "TIMESTAMP") || strcmp(type, "DATE") == 0) {
        return PK_COL_CLASS_TIME;
    }
    return strcmp(type, "VARCHAR") == 0 ? PK_COL_CLASS_TEXT : PK_COL_CLASS_OTHER;
}

/* The first column of each class, and the second number. */
typedef struct {
    const char *number, *number2, *time, *text;
} Picks;

static Picks pick_columns(const char *const *names, const char *const *types, guint n) {
    Picks p = {NULL, NULL, NULL, NULL};
    for (guint i = 0; names != NULL && types != NULL && i < n; i++) {
        switch (pk_graph_classify_column(names[i], types[i])) {
        case PK_COL_CLASS_NUMBER:
            if (p.number == NULL) {
                p.number = names[i];
            } else if (p.number2 == NULL) {
                p.number2 = names[i];
            }
            break;
        case PK_COL_CLASS_TIME:
            p.time = p.time != NULL ? p.time : names[i];
            break;
        case PK_COL_CLASS_TEXT:
            p.text = p.text != NULL ? p.text : names[i];
            break;
        case PK_COL_CLASS_OTHER:
            break;
        }
    }
    return p;
}

/* Fills spec from the picks by the first rule that applies; FALSE when none does. */
static gboolean choose(const Picks *p, PkPlotSpec *spec) {
    if (p->number2 != NULL) {
        spec->type = PK_PLOT_SCATTER;
        pk_plot_spec_set_string(&spec->x.column, p->number);
        pk_plot_spec_set_string(&spec->y.column, p->number2);
    } else if (p->time != NULL && p->number != NULL) {
        spec->type = PK_PLOT_LINE;
        spec->bucket = PK_BUCKET_AUTO;
        spec->agg = PK_PLOT_AGG_MEAN;
        pk_plot_spec_set_string(&spec->x.column, p->time);
        pk_plot_spec_set_string(&spec->y.column, p->number);
    } else if (p->text != NULL && p->number != NULL) {
        spec->type = PK_PLOT_BAR;
        spec->agg = PK_PLOT_AGG_MEAN;
        pk_plot_spec_set_string(&spec->x.column, p->text);
        pk_plot_spec_set_string(&spec->y.column, p->number);
    } else if (p->number != NULL || p->time != NULL) {
        spec->type = PK_PLOT_HISTOGRAM;
        pk_plot_spec_set_string(&spec->x.column, p->number != NULL ? p->number : p->time);
    } else if (p->text != NULL) {
        spec->type = PK_PLOT_BAR;
        pk_plot_spec_set_string(&spec->x.column, p->text);
    } else {
        return FALSE;
    }
    return TRUE;
}

GVariant *pk_plot_spec_default_for_columns(const char *const *names, const char *const *types,
                                           guint n_columns) {
    PkPlotSpec spec;
    pk_plot_spec_init(&spec);
    Picks picks = pick_columns(names, types, n_columns);
    choose(&picks, &spec);
    GVariant *out = pk_plot_spec_to_variant(&spec);
    pk_plot_spec_clear(&spec);
    return out;
}

GVariant *pk_plot_spec_params_for_type(GVariant *params, PkPlotType type) {
    GVariantBuilder b;
    g_variant_builder_init(&b, G_VARIANT_TYPE_VARDICT);
    gboolean default_type = type == PK_PLOT_SCATTER; /* pk_plot_spec_init's: not written */
    if (!default_type) {
        g_variant_builder_add(&b, "{sv}", "type", g_variant_new_string(pk_plot_type_name(type)));
    }
    if (params != NULL && g_variant_is_of_type(params, G_VARIANT_TYPE_VARDICT)) {
        GVariantIter iter;
        const char *key;
        GVariant *value;
        g_variant_iter_init(&iter, params);
        while (g_variant_iter_loop(&iter, "{&sv}", &key, &value)) {
            if (strcmp(key, "type") != 0 && pk_plot_option_applies(type, key)) {
                g_variant_builder_add(&b, "{sv}", key, value);
            }
        }
    }
    GVariant *out = g_variant_builder_end(&b);
    GVariant *sorted = pk_params_canonical(out);
    g_variant_unref(g_variant_ref_sink(out));
    return sorted;
}
