/* transform-ops.c — the transform ops that group, join and reshape: group_by (and the
 * aggregate list it shares with time_bin and pivot), time_bin, join, pivot and unpivot.
 *
 * Grouped results are ordered by their keys so that a table reads the same on every run;
 * joins alias their inputs "l" and "r" so that a table can be joined with itself. */
#include "transform-private.h"

#include "pika/error.h"
#include "pika/graph.h"

#include <string.h>

/* ---- aggregates ------------------------------------------------------------------------- */

typedef struct {
    const char *name; /* as a form writes it */
    const char *sql;  /* the database's function */
} PkTfAggFunc;

static const PkTfAggFunc agg_funcs[] = {
    {"count", "count"},   {"count_distinct", "count"},
    {"sum", "sum"},       {"mean", "avg"},
    {"min", "min"},       {"max", "max"},
    {"median", "median"}, {"stddev", "stddev_samp"},
    {"first", "first"},   {"last", "last"},
};

static void set_unknown_func(const char *func, GError **error) {
    g_autoptr(GString) list = g_string_new(NULL);
    for (guint i = 0; i < G_N_ELEMENTS(agg_funcs); i++) {
        g_string_append_printf(list, "%s%s", i > 0 ? ", " : "", agg_funcs[i].name);
    }
    g_set_error(error, PK_ERROR, PK_ERROR_INVALID,
                "unknown aggregate function \"%s\"; expected one of: %s.", func, list->str);
}

gboolean pk_tf_append_aggregate(GString *sql, const char *func, const char *column,
                                GError **error) {
    const PkTfAggFunc *f = NULL;
    for (guint i = 0; i < G_N_ELEMENTS(agg_funcs) && f == NULL; i++) {
        f = strcmp(agg_funcs[i].name, func) == 0 ? &agg_funcs[i] : NULL;
    }
    if (f == NULL) {
        set_unknown_func(func, error);
        return FALSE;
    }
    if (column == NULL && strcmp(func, "count") != 0) {
        g_set_error(error, PK_ERROR, PK_ERROR_INVALID,
                    "The aggregate %s needs a 'column' (only count counts rows without one).",
                    func);
        return FALSE;
    }
    g_string_append_printf(sql, "%s(%s", f->sql,
                           strcmp(func, "count_distinct") == 0 ? "DISTINCT " : "");
    if (column != NULL) {
        pk_tf_append_ident(sql, column);
    } else {
        g_string_append(sql, "*");
    }
    g_string_append(sql, ")");
    return TRUE;
}

static gboolean append_aggregate_item(GString *sql, GVariant *item, GError **error) {
    const char *func = NULL, *column = NULL, *as = NULL;
    if (!g_variant_is_of_type(item, G_VARIANT_TYPE_VARDICT)) {
        g_set_error(error, PK_ERROR, PK_ERROR_INVALID, "must be {func, column, as}.");
        return FALSE;
    }
    if (!pk_tf_get_name(item, "func", TRUE, &func, error) ||
        !pk_tf_get_name(item, "column", FALSE, &column, error) ||
        !pk_tf_get_name(item, "as", FALSE, &as, error) ||
        !pk_tf_append_aggregate(sql, func, column, error)) {
        return FALSE;
    }
    g_autofree char *default_as =
        column != NULL ? g_strconcat(func, "_", column, NULL) : g_strdup(func);
    g_string_append(sql, " AS ");
    pk_tf_append_ident(sql, as != NULL ? as : default_as);
    return TRUE;
}

gboolean pk_tf_append_aggregates(GString *sql, GVariant *dict, const char *key,
                                 gboolean leading_comma, guint *out_n, GError **error) {
    g_autoptr(GPtrArray) list = NULL;
    if (!pk_tf_get_list(dict, key, FALSE, &list, error)) {
        return FALSE;
    }
    for (guint i = 0; list != NULL && i < list->len; i++) {
        g_string_append(sql, i > 0 || leading_comma ? ", " : "");
        if (!append_aggregate_item(sql, list->pdata[i], error)) {
            g_prefix_error(error, "Parameter '%s', element %u: ", key, i + 1);
            return FALSE;
        }
    }
    *out_n = list != NULL ? list->len : 0;
    return TRUE;
}

/* ---- group_by --------------------------------------------------------------------------- */

gboolean pk_tf_build_group_by(PkTfCtx *ctx, GError **error) {
    g_autoptr(GPtrArray) keys = NULL;
    g_autoptr(GString) aggs = g_string_new(NULL);
    guint n_aggs = 0;
    if (!pk_tf_get_names(ctx->params, "keys", FALSE, &keys, error) ||
        !pk_tf_append_aggregates(aggs, ctx->params, "aggregates", keys != NULL, &n_aggs, error)) {
        return FALSE;
    }
    if (keys == NULL && n_aggs == 0) {
        g_set_error(error, PK_ERROR, PK_ERROR_INVALID,
                    "A group_by needs 'keys', 'aggregates' or both.");
        return FALSE;
    }
    g_string_append(ctx->sql, "SELECT ");
    pk_tf_append_idents(ctx->sql, keys, NULL);
    g_string_append_printf(ctx->sql, "%s FROM %s", aggs->str, ctx->in[0]);
    if (keys != NULL) {
        g_string_append(ctx->sql, " GROUP BY ");
        pk_tf_append_idents(ctx->sql, keys, NULL);
        g_string_append(ctx->sql, " ORDER BY ");
        pk_tf_append_idents(ctx->sql, keys, NULL);
    }
    return TRUE;
}

/* ---- time_bin --------------------------------------------------------------------------- */

typedef struct {
    const char *unit;  /* the interval unit written in SQL */
    const char *names; /* accepted spellings, space-separated */
} PkTfTimeUnit;

static const PkTfTimeUnit time_units[] = {
    {"microseconds", "us microsecond microseconds"},
    {"milliseconds", "ms millisecond milliseconds"},
    {"seconds", "s sec secs second seconds"},
    {"minutes", "min mins minute minutes"},
    {"hours", "h hr hrs hour hours"},
    {"days", "d day days"},
    {"weeks", "w week weeks"},
    {"months", "mon month months"},
    {"years", "y yr year years"},
};

/* "15 minutes" -> INTERVAL '15 minutes'. A whole number from 1 to 1,000,000 and a unit. */
static gboolean append_width(GString *sql, const char *width, GError **error) {
    g_autofree char *copy = g_strstrip(g_strdup(width));
    char *end = NULL;
    gint64 n = g_ascii_strtoll(copy, &end, 10);
    while (end != NULL && *end == ' ') {
        end++;
    }
    const char *unit = NULL;
    for (guint i = 0; end != NULL && *end != '\0' && i < G_N_ELEMENTS(time_units); i++) {
        g_auto(GStrv) names = g_strsplit(time_units[i].names, " ", -1);
        unit = g_strv_contains((const char *const *)names, end) ? time_units[i].unit : unit;
    }
    if (end == copy || unit == NULL) {
        g_set_error(error, PK_ERROR, PK_ERROR_INVALID,
                    "Parameter 'width' is \"%s\"; write a whole number and a unit "
                    "(microseconds, milliseconds, seconds, minutes, hours, days, weeks, months, "
                    "years), e.g. \"15 minutes\".",
                    width);
        return FALSE;
    }
    if (n <= 0 || n > 1000000) {
        g_set_error(error, PK_ERROR, PK_ERROR_INVALID,
                    "Parameter 'width' is \"%s\"; the number must be greater than 0 and at most "
                    "1000000.",
                    width);
        return FALSE;
    }
    g_string_append_printf(sql, "time_bucket(INTERVAL '%" G_GINT64_FORMAT " %s', ", n, unit);
    return TRUE;
}

gboolean pk_tf_build_time_bin(PkTfCtx *ctx, GError **error) {
    const char *column = NULL, *width = NULL, *as = NULL;
    g_autoptr(GPtrArray) keys = NULL;
    g_autoptr(GString) bin = g_string_new(NULL);
    g_autoptr(GString) aggs = g_string_new(NULL);
    guint n_aggs = 0;
    if (!pk_tf_get_name(ctx->params, "column", TRUE, &column, error) ||
        !pk_tf_get_name(ctx->params, "width", TRUE, &width, error) ||
        !pk_tf_get_name(ctx->params, "as", FALSE, &as, error) ||
        !pk_tf_get_names(ctx->params, "keys", FALSE, &keys, error) ||
        !pk_tf_append_aggregates(aggs, ctx->params, "aggregates", TRUE, &n_aggs, error) ||
        !append_width(bin, width, error)) {
        return FALSE;
    }
    g_autofree char *default_as = g_strconcat(column, "_bin", NULL);
    pk_tf_append_ident(bin, column);
    g_string_append(bin, ") AS ");
    pk_tf_append_ident(bin, as != NULL ? as : default_as);
    if (keys == NULL && n_aggs == 0) {
        g_string_append_printf(ctx->sql, "SELECT *, %s FROM %s", bin->str, ctx->in[0]);
        return TRUE;
    }
    g_string_append_printf(ctx->sql, "SELECT %s%s", bin->str, keys != NULL ? ", " : "");
    pk_tf_append_idents(ctx->sql, keys, NULL);
    g_string_append_printf(ctx->sql, "%s FROM %s GROUP BY 1%s", aggs->str, ctx->in[0],
                           keys != NULL ? ", " : "");
    pk_tf_append_idents(ctx->sql, keys, NULL);
    g_string_append_printf(ctx->sql, " ORDER BY 1%s", keys != NULL ? ", " : "");
    pk_tf_append_idents(ctx->sql, keys, NULL);
    return TRUE;
}

/* ---- join ------------------------------------------------------------------------------- */

static const char *const join_kinds[] = {"inner", "left", "right", "full", "semi", "anti", NULL};
static const char *const join_sql[] = {"JOIN",      "LEFT JOIN", "RIGHT JOIN", "FULL OUTER JOIN",
                                       "SEMI JOIN", "ANTI JOIN"};

/* "l"."a" = "r"."b" AND ... from the list under "on" (a column name stands for both sides). */
static gboolean append_join_on(GString *sql, GVariant *params, GError **error) {
    g_autoptr(GPtrArray) on = NULL;
    if (!pk_tf_get_list(params, "on", TRUE, &on, error)) {
        return FALSE;
    }
    for (guint i = 0; i < on->len; i++) {
        GVariant *pair = on->pdata[i];
        const char *left = NULL, *right = NULL;
        if (g_variant_is_of_type(pair, G_VARIANT_TYPE_STRING) &&
            *g_variant_get_string(pair, NULL) != '\0') {
            left = right = g_variant_get_string(pair, NULL);
        } else if (!g_variant_is_of_type(pair, G_VARIANT_TYPE_VARDICT)) {
            g_set_error(error, PK_ERROR, PK_ERROR_INVALID,
                        "Parameter 'on', element %u must be {left, right} or a column name.",
                        i + 1);
            return FALSE;
        } else if (!pk_tf_get_name(pair, "left", TRUE, &left, error) ||
                   !pk_tf_get_name(pair, "right", TRUE, &right, error)) {
            g_prefix_error(error, "Parameter 'on', element %u: ", i + 1);
            return FALSE;
        }
        g_string_append(sql, i > 0 ? " AND \"l\"." : "\"l\".");
        pk_tf_append_ident(sql, left);
        g_string_append(sql, " = \"r\".");
        pk_tf_append_ident(sql, right);
    }
    return TRUE;
}

static gboolean has_column(const char *const *columns, const char *name) {
    for (guint i = 0; columns[i] != NULL; i++) {
        if (g_ascii_strcasecmp(columns[i], name) == 0) {
            return TRUE; /* column names compare without case in SQL */
        }
    }
    return FALSE;
}

/* The right input's columns: those the left input also has get the suffix. */
static void append_right_columns(PkTfCtx *ctx, const char *suffix) {
    if (ctx->columns[0] == NULL || ctx->columns[1] == NULL) {
        g_string_append(ctx->sql, ", \"r\".*");
        return;
    }
    for (guint i = 0; ctx->columns[1][i] != NULL; i++) {
        const char *name = ctx->columns[1][i];
        g_string_append(ctx->sql, ", \"r\".");
        pk_tf_append_ident(ctx->sql, name);
        if (has_column(ctx->columns[0], name)) {
            g_autofree char *renamed = g_strconcat(name, suffix, NULL);
            g_string_append(ctx->sql, " AS ");
            pk_tf_append_ident(ctx->sql, renamed);
        }
    }
}

gboolean pk_tf_build_join(PkTfCtx *ctx, GError **error) {
    const char *how = NULL, *suffix = NULL;
    g_autoptr(GString) on = g_string_new(NULL);
    guint kind = 0;
    if (!pk_tf_get_name(ctx->params, "how", FALSE, &how, error) ||
        !pk_tf_get_name(ctx->params, "suffix", FALSE, &suffix, error) ||
        !append_join_on(on, ctx->params, error)) {
        return FALSE;
    }
    how = how != NULL ? how : "inner";
    while (join_kinds[kind] != NULL && strcmp(join_kinds[kind], how) != 0) {
        kind++;
    }
    if (join_kinds[kind] == NULL) {
        g_set_error(error, PK_ERROR, PK_ERROR_INVALID,
                    "Parameter 'how' is \"%s\"; expected inner, left, right, full, semi or anti.",
                    how);
        return FALSE;
    }
    g_string_append(ctx->sql, "SELECT \"l\".*");
    if (strcmp(how, "semi") != 0 && strcmp(how, "anti") != 0) {
        append_right_columns(ctx, suffix != NULL ? suffix : "_right");
    }
    g_string_append_printf(ctx->sql, " FROM %s AS \"l\" %s %s AS \"r\" ON %s", ctx->in[0],
                           join_sql[kind], ctx->in[1], on->str);
    return TRUE;
}

/* ---- pivot, unpivot --------------------------------------------------------------------- */

static gboolean append_pivot_values(GString *sql, GVariant *params, GError **error) {
    g_autoptr(GPtrArray) values = NULL;
    /* Listed, not found at run time: a pivot over the data's own values is several
     * statements in the database, which a prepared subquery cannot be, and the listed values
     * fix the output's columns before the query runs. */
    if (!pk_tf_get_list(params, "values", TRUE, &values, error)) {
        g_prefix_error(error, "List the values that become columns. ");
        return FALSE;
    }
    for (guint i = 0; values != NULL && i < values->len; i++) {
        g_string_append(sql, i > 0 ? ", " : " IN (");
        if (!pk_tf_append_literal(sql, values->pdata[i], "values", error)) {
            return FALSE;
        }
    }
    g_string_append(sql, values != NULL ? ")" : "");
    return TRUE;
}

gboolean pk_tf_build_pivot(PkTfCtx *ctx, GError **error) {
    const char *column = NULL, *value = NULL, *agg = NULL;
    g_autoptr(GPtrArray) rows = NULL;
    g_autoptr(GString) using = g_string_new(NULL);
    if (!pk_tf_get_names(ctx->params, "rows", FALSE, &rows, error) ||
        !pk_tf_get_name(ctx->params, "column", TRUE, &column, error) ||
        !pk_tf_get_name(ctx->params, "value", FALSE, &value, error) ||
        !pk_tf_get_name(ctx->params, "agg", FALSE, &agg, error)) {
        return FALSE;
    }
    agg = agg != NULL ? agg : value != NULL ? "sum" : "count";
    if (!pk_tf_append_aggregate(using, agg, value, error)) {
        return FALSE;
    }
    g_string_append_printf(ctx->sql, "SELECT * FROM (PIVOT %s ON ", ctx->in[0]);
    pk_tf_append_ident(ctx->sql, column);
    if (!append_pivot_values(ctx->sql, ctx->params, error)) {
        return FALSE;
    }
    g_string_append_printf(ctx->sql, " USING %s", using->str);
    if (rows != NULL) {
        g_string_append(ctx->sql, " GROUP BY ");
        pk_tf_append_idents(ctx->sql, rows, NULL);
        g_string_append(ctx->sql, ") ORDER BY ");
        pk_tf_append_idents(ctx->sql, rows, NULL);
    } else {
        g_string_append(ctx->sql, ") ORDER BY ALL"); /* the row keys are every other column */
    }
    return TRUE;
}

gboolean pk_tf_build_unpivot(PkTfCtx *ctx, GError **error) {
    const char *name = NULL, *value = NULL;
    g_autoptr(GPtrArray) columns = NULL;
    gboolean include_nulls = FALSE;
    if (!pk_tf_get_names(ctx->params, "columns", TRUE, &columns, error) ||
        !pk_tf_get_name(ctx->params, "name", FALSE, &name, error) ||
        !pk_tf_get_name(ctx->params, "value", FALSE, &value, error) ||
        !pk_params_get_bool(ctx->params, "include_nulls", FALSE, &include_nulls, error)) {
        return FALSE;
    }
    g_string_append_printf(ctx->sql, "SELECT * FROM %s UNPIVOT %s(", ctx->in[0],
                           include_nulls ? "INCLUDE NULLS " : "");
    pk_tf_append_ident(ctx->sql, value != NULL ? value : "value");
    g_string_append(ctx->sql, " FOR ");
    pk_tf_append_ident(ctx->sql, name != NULL ? name : "name");
    g_string_append(ctx->sql, " IN (");
    pk_tf_append_idents(ctx->sql, columns, NULL);
    g_string_append(ctx->sql, "))");
    return TRUE;
}
