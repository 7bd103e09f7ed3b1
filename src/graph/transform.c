/* transform.c — transform forms to SQL: the op table, the public entry points, the readers of
 * form values shared by every op, and the row-wise ops (filter, sort, sample, derive, delta,
 * row_id). The grouping, joining and reshaping ops are in transform-ops.c.
 *
 * One builder per op both checks the form and writes the SQL; pk_transform_check runs it
 * over placeholder input names and throws the SQL away, so the two can never disagree.
 * Invariant: every name from a form reaches the SQL through pk_data_quote_ident and every
 * value through pk_data_quote_literal or a number printed here; only the keys documented as
 * SQL expressions are pasted, after pk_tf_check_expression. */
#include "transform-private.h"

#include "pika/data.h"
#include "pika/error.h"
#include "pika/graph.h"
#include "pika/transform.h"

#include <math.h>
#include <string.h>

/* ---- readers ---------------------------------------------------------------------------- */

gboolean pk_tf_get_name(GVariant *dict, const char *key, gboolean required, const char **out,
                        GError **error) {
    g_autoptr(GVariant) value = pk_params_get_child(dict, key);
    if (value == NULL) {
        if (required) {
            g_set_error(error, PK_ERROR, PK_ERROR_INVALID, "Parameter '%s' is missing.", key);
            return FALSE;
        }
        *out = NULL;
        return TRUE;
    }
    if (!g_variant_is_of_type(value, G_VARIANT_TYPE_STRING)) {
        g_set_error(error, PK_ERROR, PK_ERROR_INVALID, "Parameter '%s' must be a string.", key);
        return FALSE;
    }
    const char *text = pk_params_get_string(dict, key, NULL);
    gsize len = strlen(text);
    if (len == 0 || len > PK_TF_MAX_NAME) {
        g_set_error(error, PK_ERROR, PK_ERROR_INVALID,
                    "Parameter '%s' must be a name of 1 to %d bytes.", key, PK_TF_MAX_NAME);
        return FALSE;
    }
    *out = text; /* lives in dict, which the caller holds */
    return TRUE;
}

static gboolean list_push(GPtrArray *list, GVariant *element) {
    while (g_variant_is_of_type(element, G_VARIANT_TYPE_VARIANT)) {
        GVariant *inner = g_variant_get_variant(element);
        g_variant_unref(element);
        element = inner;
    }
    g_ptr_array_add(list, element);
    return list->len <= PK_TF_MAX_LIST;
}

gboolean pk_tf_get_list(GVariant *dict, const char *key, gboolean required, GPtrArray **out,
                        GError **error) {
    g_autoptr(GVariant) value = pk_params_get_child(dict, key);
    g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func((GDestroyNotify)g_variant_unref);
    if (value != NULL && (g_variant_is_of_type(value, G_VARIANT_TYPE_STRING) ||
                          g_variant_is_of_type(value, G_VARIANT_TYPE_VARDICT))) {
        list_push(list, g_variant_ref(value));
    } else if (value != NULL && g_variant_is_of_type(value, G_VARIANT_TYPE_ARRAY)) {
        GVariantIter iter;
        GVariant *child;
        g_variant_iter_init(&iter, value);
        while ((child = g_variant_iter_next_value(&iter)) != NULL) {
            if (!list_push(list, child)) {
                g_set_error(error, PK_ERROR, PK_ERROR_INVALID,
                            "Parameter '%s' has more than %d elements.", key, PK_TF_MAX_LIST);
                return FALSE;
            }
        }
    } else if (value != NULL) {
        g_set_error(error, PK_ERROR, PK_ERROR_INVALID, "Parameter '%s' must be a list.", key);
        return FALSE;
    }
    if (list->len == 0 && required) {
        g_set_error(error, PK_ERROR, PK_ERROR_INVALID, "Parameter '%s' is missing or empty.", key);
        return FALSE;
    }
    *out = list->len > 0 ? g_steal_pointer(&list) : NULL;
    return TRUE;
}

gboolean pk_tf_get_names(GVariant *dict, const char *key, gboolean required, GPtrArray **out,
                         GError **error) {
    g_autoptr(GPtrArray) list = NULL;
    if (!pk_tf_get_list(dict, key, required, &list, error)) {
        return FALSE;
    }
    if (list == NULL) {
        *out = NULL;
        return TRUE;
    }
    GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
    for (guint i = 0; i < list->len; i++) {
        GVariant *element = list->pdata[i];
        gsize len = 0;
        if (!g_variant_is_of_type(element, G_VARIANT_TYPE_STRING) ||
            (len = strlen(g_variant_get_string(element, NULL))) == 0 || len > PK_TF_MAX_NAME) {
            g_set_error(error, PK_ERROR, PK_ERROR_INVALID,
                        "Parameter '%s': element %u must be a column name.", key, i + 1);
            g_ptr_array_unref(names);
            return FALSE;
        }
        g_ptr_array_add(names, g_variant_dup_string(element, NULL));
    }
    *out = names;
    return TRUE;
}

/* ---- SQL pieces ------------------------------------------------------------------------- */

void pk_tf_append_ident(GString *sql, const char *name) {
    g_autofree char *quoted = pk_data_quote_ident(name);
    g_string_append(sql, quoted);
}

void pk_tf_append_idents(GString *sql, GPtrArray *names, const char *prefix) {
    for (guint i = 0; names != NULL && i < names->len; i++) {
        g_string_append(sql, i > 0 ? ", " : "");
        g_string_append(sql, prefix != NULL ? prefix : "");
        pk_tf_append_ident(sql, names->pdata[i]);
    }
}

gboolean pk_tf_append_literal(GString *sql, GVariant *value, const char *key, GError **error) {
    char buf[G_ASCII_DTOSTR_BUF_SIZE];
    double d = 0;
    switch (g_variant_classify(value)) {
    case G_VARIANT_CLASS_STRING: {
        g_autofree char *quoted = pk_data_quote_literal(g_variant_get_string(value, NULL));
        g_string_append(sql, quoted);
        return TRUE;
    }
    case G_VARIANT_CLASS_BOOLEAN:
        g_string_append(sql, g_variant_get_boolean(value) ? "TRUE" : "FALSE");
        return TRUE;
    case G_VARIANT_CLASS_INT64:
        g_string_append_printf(sql, "%" G_GINT64_FORMAT, g_variant_get_int64(value));
        return TRUE;
    case G_VARIANT_CLASS_UINT64:
        g_string_append_printf(sql, "%" G_GUINT64_FORMAT, g_variant_get_uint64(value));
        return TRUE;
    case G_VARIANT_CLASS_INT32:
        d = g_variant_get_int32(value);
        break;
    case G_VARIANT_CLASS_UINT32:
        d = g_variant_get_uint32(value);
        break;
    case G_VARIANT_CLASS_INT16:
        d = g_variant_get_int16(value);
        break;
    case G_VARIANT_CLASS_UINT16:
        d = g_variant_get_uint16(value);
        break;
    case G_VARIANT_CLASS_BYTE:
        d = g_variant_get_byte(value);
        break;
    case G_VARIANT_CLASS_DOUBLE:
        d = g_variant_get_double(value);
        break;
    default:
        g_set_error(error, PK_ERROR, PK_ERROR_INVALID,
                    "Parameter '%s' must be a string, a number or true/false.", key);
        return FALSE;
    }
    if (!isfinite(d)) {
        g_set_error(error, PK_ERROR, PK_ERROR_INVALID, "Parameter '%s' must be a finite number.",
                    key);
        return FALSE;
    }
    g_string_append(sql, g_ascii_dtostr(buf, sizeof buf, d));
    return TRUE;
}

/* Whether a quote opening at expr[i] is an escape string (E'...'), where a backslash escapes
 * the next character, as the database reads it. */
static gboolean is_escape_string(const char *expr, gsize i) {
    return i >= 1 && (expr[i - 1] == 'e' || expr[i - 1] == 'E') &&
           (i == 1 || !(g_ascii_isalnum(expr[i - 2]) || expr[i - 2] == '_'));
}

gboolean pk_tf_check_expression(const char *key, const char *expr, GError **error) {
    gsize len = strlen(expr);
    const char *problem = NULL;
    int depth = 0;
    char quote = 0;
    gboolean escapes = FALSE;
    if (len == 0 || len > PK_TF_MAX_EXPRESSION) {
        problem = "must be 1 to 65536 bytes";
    }
    for (gsize i = 0; problem == NULL && i < len; i++) {
        char c = expr[i];
        if (quote != 0) {
            if (escapes && c == '\\' && i + 1 < len) {
                i++;
            } else if (c == quote) {
                quote = 0;
            }
        } else if (c == '\'' || c == '"') {
            quote = c;
            escapes = c == '\'' && is_escape_string(expr, i);
        } else if (c == '(' || c == ')') {
            depth += c == '(' ? 1 : -1;
            problem = depth < 0 ? "closes a parenthesis it did not open" : NULL;
        } else if (c == ';') {
            problem = "must be one expression, without ';'";
        } else if ((c == '-' && expr[i + 1] == '-') || (c == '/' && expr[i + 1] == '*')) {
            problem = "must not contain comments";
        } else if (c == '$') {
            problem = "must not contain '$'";
        }
    }
    if (problem == NULL && quote != 0) {
        problem = "has an unterminated quote";
    } else if (problem == NULL && depth != 0) {
        problem = "has an unclosed parenthesis";
    }
    if (problem != NULL) {
        g_set_error(error, PK_ERROR, PK_ERROR_INVALID, "Parameter '%s' %s.", key, problem);
        return FALSE;
    }
    return TRUE;
}

/* One ORDER BY element: a column name or {column, descending, nulls_first}. */
static gboolean append_order_item(GString *sql, GVariant *item, GError **error) {
    const char *column = NULL;
    gboolean descending = FALSE, nulls_first = FALSE;
    if (g_variant_is_of_type(item, G_VARIANT_TYPE_STRING)) {
        column = g_variant_get_string(item, NULL);
    } else if (!g_variant_is_of_type(item, G_VARIANT_TYPE_VARDICT)) {
        g_set_error(error, PK_ERROR, PK_ERROR_INVALID,
                    "must be a column name or {column, descending, nulls_first}");
        return FALSE;
    } else if (!pk_tf_get_name(item, "column", TRUE, &column, error) ||
               !pk_params_get_bool(item, "descending", FALSE, &descending, error) ||
               !pk_params_get_bool(item, "nulls_first", FALSE, &nulls_first, error)) {
        return FALSE;
    }
    if (*column == '\0') {
        g_set_error(error, PK_ERROR, PK_ERROR_INVALID, "the column name is empty");
        return FALSE;
    }
    pk_tf_append_ident(sql, column);
    g_string_append(sql, descending ? " DESC" : " ASC");
    g_string_append(sql, nulls_first ? " NULLS FIRST" : " NULLS LAST");
    return TRUE;
}

gboolean pk_tf_append_order(GString *sql, GVariant *dict, const char *key, gboolean required,
                            guint *out_n, GError **error) {
    g_autoptr(GPtrArray) list = NULL;
    if (!pk_tf_get_list(dict, key, required, &list, error)) {
        return FALSE;
    }
    for (guint i = 0; list != NULL && i < list->len; i++) {
        g_string_append(sql, i > 0 ? ", " : "");
        if (!append_order_item(sql, list->pdata[i], error)) {
            g_prefix_error(error, "Parameter '%s', element %u: ", key, i + 1);
            return FALSE;
        }
    }
    *out_n = list != NULL ? list->len : 0;
    return TRUE;
}

/* ---- filter ----------------------------------------------------------------------------- */

static const char *const condition_ops[] = {
    "=",  "!=",     "<",       "<=",       ">",        ">=",          "between",
    "in", "not_in", "is_null", "not_null", "contains", "starts_with", NULL};

static gboolean lookup_value(GVariant *cond, const char *key, GVariant **out, GError **error) {
    *out = pk_params_get_child(cond, key);
    if (*out == NULL) {
        g_set_error(error, PK_ERROR, PK_ERROR_INVALID, "Parameter '%s' is missing.", key);
        return FALSE;
    }
    return TRUE;
}

/* column IN (v1, v2...) or NOT IN. */
static gboolean append_in_list(GString *sql, GVariant *cond, gboolean negate, GError **error) {
    g_autoptr(GPtrArray) values = NULL;
    if (!pk_tf_get_list(cond, "values", TRUE, &values, error)) {
        return FALSE;
    }
    g_string_append(sql, negate ? " NOT IN (" : " IN (");
    for (guint i = 0; i < values->len; i++) {
        g_string_append(sql, i > 0 ? ", " : "");
        if (!pk_tf_append_literal(sql, values->pdata[i], "values", error)) {
            return FALSE;
        }
    }
    g_string_append(sql, ")");
    return TRUE;
}

/* contains/starts_with: text matching on the column read as text. */
static gboolean append_text_match(GString *sql, const char *func, const char *column,
                                  GVariant *cond, GError **error) {
    g_autoptr(GVariant) value = NULL;
    if (!lookup_value(cond, "value", &value, error)) {
        return FALSE;
    }
    if (!g_variant_is_of_type(value, G_VARIANT_TYPE_STRING)) {
        g_set_error(error, PK_ERROR, PK_ERROR_INVALID, "Parameter 'value' must be a string.");
        return FALSE;
    }
    g_string_append_printf(sql, "%s(CAST(", func);
    pk_tf_append_ident(sql, column);
    g_string_append(sql, " AS VARCHAR), ");
    pk_tf_append_literal(sql, value, "value", NULL);
    g_string_append(sql, ")");
    return TRUE;
}

static gboolean append_condition(GString *sql, GVariant *cond, GError **error) {
    const char *column = NULL;
    const char *op = NULL;
    g_autoptr(GVariant) a = NULL, b = NULL;
    if (!g_variant_is_of_type(cond, G_VARIANT_TYPE_VARDICT)) {
        g_set_error(error, PK_ERROR, PK_ERROR_INVALID, "must be {column, op, value}.");
        return FALSE;
    }
    if (!pk_tf_get_name(cond, "column", TRUE, &column, error) ||
        !pk_tf_get_name(cond, "op", FALSE, &op, error)) {
        return FALSE;
    }
    op = op != NULL ? op : "=";
    if (!g_strv_contains(condition_ops, op)) {
        g_autofree char *list = g_strjoinv(", ", (char **)condition_ops);
        g_set_error(error, PK_ERROR, PK_ERROR_INVALID,
                    "unknown condition op \"%s\"; expected one of: %s.", op, list);
        return FALSE;
    }
    if (strcmp(op, "contains") == 0 || strcmp(op, "starts_with") == 0) {
        return append_text_match(sql, op, column, cond, error);
    }
    pk_tf_append_ident(sql, column);
    if (strcmp(op, "is_null") == 0 || strcmp(op, "not_null") == 0) {
        g_string_append(sql, op[0] == 'i' ? " IS NULL" : " IS NOT NULL");
        return TRUE;
    }
    if (strcmp(op, "in") == 0 || strcmp(op, "not_in") == 0) {
        return append_in_list(sql, cond, op[0] == 'n', error);
    }
    if (strcmp(op, "between") == 0) {
        g_string_append(sql, " BETWEEN ");
        return lookup_value(cond, "low", &a, error) && lookup_value(cond, "high", &b, error) &&
               pk_tf_append_literal(sql, a, "low", error) &&
               (g_string_append(sql, " AND "), pk_tf_append_literal(sql, b, "high", error));
    }
    g_string_append_printf(sql, " %s ", strcmp(op, "!=") == 0 ? "<>" : op);
    return lookup_value(cond, "value", &a, error) && pk_tf_append_literal(sql, a, "value", error);
}

static gboolean build_filter(PkTfCtx *ctx, GError **error) {
    g_autoptr(GPtrArray) conditions = NULL;
    const char *combine = NULL, *expression = NULL;
    if (!pk_tf_get_list(ctx->params, "conditions", FALSE, &conditions, error) ||
        !pk_tf_get_name(ctx->params, "combine", FALSE, &combine, error) ||
        !pk_tf_get_name(ctx->params, "expression", FALSE, &expression, error)) {
        return FALSE;
    }
    if (combine != NULL && strcmp(combine, "all") != 0 && strcmp(combine, "any") != 0) {
        g_set_error(error, PK_ERROR, PK_ERROR_INVALID,
                    "Parameter 'combine' is \"%s\"; expected all or any.", combine);
        return FALSE;
    }
    if (conditions == NULL && expression == NULL) {
        g_set_error(error, PK_ERROR, PK_ERROR_INVALID,
                    "A filter needs 'conditions' or an 'expression'.");
        return FALSE;
    }
    const char *joiner = combine != NULL && strcmp(combine, "any") == 0 ? " OR " : " AND ";
    g_string_append_printf(ctx->sql, "SELECT * FROM %s WHERE ", ctx->in[0]);
    for (guint i = 0; conditions != NULL && i < conditions->len; i++) {
        g_string_append_printf(ctx->sql, "%s(", i > 0 ? joiner : "");
        if (!append_condition(ctx->sql, conditions->pdata[i], error)) {
            g_prefix_error(error, "Condition %u: ", i + 1);
            return FALSE;
        }
        g_string_append(ctx->sql, ")");
    }
    if (expression != NULL) {
        if (!pk_tf_check_expression("expression", expression, error)) {
            return FALSE;
        }
        g_string_append_printf(ctx->sql, "%s(%s)", conditions != NULL ? joiner : "", expression);
    }
    return TRUE;
}

/* ---- sort, sample ----------------------------------------------------------------------- */

static gboolean build_sort(PkTfCtx *ctx, GError **error) {
    guint n = 0;
    g_string_append_printf(ctx->sql, "SELECT * FROM %s ORDER BY ", ctx->in[0]);
    return pk_tf_append_order(ctx->sql, ctx->params, "by", TRUE, &n, error);
}

static gboolean sample_method(PkTfCtx *ctx, gboolean rows, const char **out, GError **error) {
    static const char *const methods[] = {"reservoir", "bernoulli", "system", NULL};
    const char *method = NULL;
    if (!pk_tf_get_name(ctx->params, "method", FALSE, &method, error)) {
        return FALSE;
    }
    method = method != NULL ? method : rows ? "reservoir" : "bernoulli";
    if (!g_strv_contains(methods, method)) {
        g_set_error(error, PK_ERROR, PK_ERROR_INVALID,
                    "Parameter 'method' is \"%s\"; expected reservoir, bernoulli or system.",
                    method);
        return FALSE;
    }
    if (rows && strcmp(method, "reservoir") != 0) {
        g_set_error(error, PK_ERROR, PK_ERROR_INVALID,
                    "A sample of 'n' rows uses the reservoir method; %s samples a 'fraction'.",
                    method);
        return FALSE;
    }
    *out = method;
    return TRUE;
}

static gboolean build_sample(PkTfCtx *ctx, GError **error) {
    g_autoptr(GVariant) n_value = pk_params_get_child(ctx->params, "n");
    g_autoptr(GVariant) f_value = pk_params_get_child(ctx->params, "fraction");
    g_autoptr(GVariant) seed_value = pk_params_get_child(ctx->params, "seed");
    gint64 n = 0, seed = 0;
    double fraction = 1;
    const char *method = NULL;
    char buf[G_ASCII_DTOSTR_BUF_SIZE];
    if ((n_value == NULL) == (f_value == NULL)) {
        g_set_error(error, PK_ERROR, PK_ERROR_INVALID,
                    "A sample needs either 'n' (rows) or 'fraction' (0 to 1), not both.");
        return FALSE;
    }
    if (!pk_params_get_int(ctx->params, "n", 0, 0, (gint64)1e12, &n, error) ||
        !pk_params_get_double(ctx->params, "fraction", 1, 0, 1, &fraction, error) ||
        !pk_params_get_int(ctx->params, "seed", 0, 0, G_MAXINT32, &seed, error) ||
        !sample_method(ctx, n_value != NULL, &method, error)) {
        return FALSE;
    }
    if (fraction <= 0) {
        g_set_error(error, PK_ERROR, PK_ERROR_INVALID,
                    "Parameter 'fraction' must be greater than 0 and at most 1.");
        return FALSE;
    }
    g_string_append_printf(ctx->sql, "SELECT * FROM %s USING SAMPLE %s(", ctx->in[0], method);
    if (n_value != NULL) {
        g_string_append_printf(ctx->sql, "%" G_GINT64_FORMAT " ROWS)", n);
    } else {
        g_string_append_printf(ctx->sql, "%s PERCENT)",
                               g_ascii_dtostr(buf, sizeof buf, fraction * 100.0));
    }
    if (seed_value != NULL) {
        g_string_append_printf(ctx->sql, " REPEATABLE (%" G_GINT64_FORMAT ")", seed);
    }
    return TRUE;
}

/* ---- derive, delta, row_id -------------------------------------------------------------- */

static gboolean build_derive(PkTfCtx *ctx, GError **error) {
    const char *name = NULL, *expression = NULL;
    gboolean replace = FALSE;
    if (!pk_tf_get_name(ctx->params, "name", TRUE, &name, error) ||
        !pk_tf_get_name(ctx->params, "expression", TRUE, &expression, error) ||
        !pk_params_get_bool(ctx->params, "replace", FALSE, &replace, error) ||
        !pk_tf_check_expression("expression", expression, error)) {
        return FALSE;
    }
    g_string_append_printf(ctx->sql, replace ? "SELECT * REPLACE ((%s) AS " : "SELECT *, (%s) AS ",
                           expression);
    pk_tf_append_ident(ctx->sql, name);
    g_string_append_printf(ctx->sql, "%s FROM %s", replace ? ")" : "", ctx->in[0]);
    return TRUE;
}

static gboolean build_delta(PkTfCtx *ctx, GError **error) {
    const char *column = NULL, *as = NULL;
    g_autoptr(GPtrArray) partition = NULL;
    g_autoptr(GString) order = g_string_new(NULL);
    guint n = 0;
    if (!pk_tf_get_name(ctx->params, "column", TRUE, &column, error) ||
        !pk_tf_get_name(ctx->params, "as", FALSE, &as, error) ||
        !pk_tf_get_names(ctx->params, "partition_by", FALSE, &partition, error) ||
        !pk_tf_append_order(order, ctx->params, "order_by", TRUE, &n, error)) {
        return FALSE;
    }
    g_autofree char *default_as = g_strconcat(column, "_delta", NULL);
    g_autoptr(GString) keys = g_string_new(NULL);
    if (partition != NULL) {
        pk_tf_append_idents(keys, partition, NULL);
    }
    g_string_append(ctx->sql, "SELECT *, ");
    pk_tf_append_ident(ctx->sql, column);
    g_string_append(ctx->sql, " - lag(");
    pk_tf_append_ident(ctx->sql, column);
    g_string_append_printf(ctx->sql, ") OVER (%s%s%sORDER BY %s) AS ",
                           partition != NULL ? "PARTITION BY " : "", keys->str,
                           partition != NULL ? " " : "", order->str);
    pk_tf_append_ident(ctx->sql, as != NULL ? as : default_as);
    g_string_append_printf(ctx->sql, " FROM %s ORDER BY %s%s%s", ctx->in[0], keys->str,
                           partition != NULL ? ", " : "", order->str);
    return TRUE;
}

static gboolean build_row_id(PkTfCtx *ctx, GError **error) {
    const char *as = NULL;
    g_autoptr(GString) order = g_string_new(NULL);
    guint n = 0;
    if (!pk_tf_get_name(ctx->params, "as", FALSE, &as, error) ||
        !pk_tf_append_order(order, ctx->params, "order_by", FALSE, &n, error)) {
        return FALSE;
    }
    g_string_append_printf(ctx->sql, "SELECT row_number() OVER (%s%s) AS ",
                           n > 0 ? "ORDER BY " : "", order->str);
    pk_tf_append_ident(ctx->sql, as != NULL ? as : "row_id");
    g_string_append_printf(ctx->sql, ", * FROM %s ORDER BY 1", ctx->in[0]);
    return TRUE;
}

/* ---- the op table and the entry points -------------------------------------------------- */

typedef struct {
    const char *name;
    guint n_inputs;
    PkTfBuildFunc build;
} PkTfOp;

static const PkTfOp ops[] = {
    {"filter", 1, build_filter},         {"sort", 1, build_sort},
    {"sample", 1, build_sample},         {"group_by", 1, pk_tf_build_group_by},
    {"join", 2, pk_tf_build_join},       {"pivot", 1, pk_tf_build_pivot},
    {"unpivot", 1, pk_tf_build_unpivot}, {"derive", 1, build_derive},
    {"delta", 1, build_delta},           {"time_bin", 1, pk_tf_build_time_bin},
    {"row_id", 1, build_row_id},
};

static const char *const op_names[] = {"filter",  "sort",   "sample", "group_by", "join",   "pivot",
                                       "unpivot", "derive", "delta",  "time_bin", "row_id", NULL};

const char *const *pk_transform_op_names(void) {
    return op_names;
}

static const PkTfOp *find_op(GVariant *params, GError **error) {
    const char *name = NULL;
    if (params == NULL || !g_variant_is_of_type(params, G_VARIANT_TYPE_VARDICT)) {
        g_set_error(error, PK_ERROR, PK_ERROR_INVALID,
                    "A transform's parameters must be a dictionary (a{sv}).");
        return NULL;
    }
    if (!pk_tf_get_name(params, "op", TRUE, &name, error)) {
        return NULL;
    }
    for (guint i = 0; i < G_N_ELEMENTS(ops); i++) {
        if (strcmp(ops[i].name, name) == 0) {
            return &ops[i];
        }
    }
    g_autofree char *list = g_strjoinv(", ", (char **)op_names);
    g_set_error(error, PK_ERROR, PK_ERROR_INVALID,
                "Unknown transform op \"%s\"; expected one of: %s.", name, list);
    return NULL;
}

char *pk_transform_sql_columns(GVariant *params, const char *const *inputs,
                               const char *const *const *columns, guint n_inputs, GError **error) {
    const PkTfOp *op = find_op(params, error);
    PkTfCtx ctx = {.params = params};
    char *result = NULL;
    if (op == NULL) {
        return NULL;
    }
    if (n_inputs != op->n_inputs || inputs == NULL) {
        g_set_error(error, PK_ERROR, PK_ERROR_INVALID, "A %s transform reads %u input%s, not %u.",
                    op->name, op->n_inputs, op->n_inputs == 1 ? "" : "s", n_inputs);
        return NULL;
    }
    for (guint i = 0; i < n_inputs; i++) {
        if (inputs[i] == NULL || *inputs[i] == '\0') {
            g_set_error(error, PK_ERROR, PK_ERROR_INVALID, "Input %u of the transform has no name.",
                        i + 1);
            goto out;
        }
        ctx.in[i] = pk_data_quote_ident(inputs[i]);
        ctx.columns[i] = columns != NULL ? columns[i] : NULL;
    }
    ctx.sql = g_string_new(NULL);
    if (op->build(&ctx, error)) {
        result = g_string_free(g_steal_pointer(&ctx.sql), FALSE);
    } else {
        g_prefix_error(error, "Transform %s: ", op->name);
    }
out:
    if (ctx.sql != NULL) {
        g_string_free(ctx.sql, TRUE);
    }
    g_free(ctx.in[0]);
    g_free(ctx.in[1]);
    return result;
}

char *pk_transform_sql(GVariant *params, const char *const *inputs, guint n_inputs,
                       GError **error) {
    return pk_transform_sql_columns(params, inputs, NULL, n_inputs, error);
}

gboolean pk_transform_check(GVariant *params, guint *out_n_inputs, GError **error) {
    static const char *const placeholders[] = {"input_1", "input_2"};
    const PkTfOp *op = find_op(params, error);
    if (op == NULL) {
        return FALSE;
    }
    g_autofree char *sql = pk_transform_sql(params, placeholders, op->n_inputs, error);
    if (sql == NULL) {
        return FALSE;
    }
    if (out_n_inputs != NULL) {
        *out_n_inputs = op->n_inputs;
    }
    return TRUE;
}
