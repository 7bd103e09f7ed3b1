/* transform-private.h — shared pieces of the transform SQL generator (transform.c holds the
 * op table, the public entry points and the form readers; transform-ops.c the ops that group,
 * join and reshape). Not part of the public API. */
#pragma once

#include <glib.h>

/* What an op builder works with. in[i] are the inputs' names, already quoted; columns[i]
 * the inputs' column names when known (NULL otherwise). The builder appends one SELECT to sql
 * and checks the form as it goes; it is also run with placeholder inputs to check a form. */
typedef struct {
    GVariant *params;
    char *in[2];
    const char *const *columns[2];
    GString *sql;
} PkTfCtx;

typedef gboolean (*PkTfBuildFunc)(PkTfCtx *ctx, GError **error);

/* Limits that keep a hostile form from asking for absurd work. */
#define PK_TF_MAX_LIST 4096        /* elements of any list in a form */
#define PK_TF_MAX_NAME 1024        /* bytes of a column name */
#define PK_TF_MAX_EXPRESSION 65536 /* bytes of a SQL expression */

/* A string under key of dict, borrowed from dict. Missing: *out = NULL, an error when
 * required. Another type, or an empty or overlong name: PK_ERROR_INVALID naming key. */
gboolean pk_tf_get_name(GVariant *dict, const char *key, gboolean required, const char **out,
                        GError **error);
/* A list under key (as, av, aa{sv}, or a single string or dictionary standing for a list of
 * one): the elements, unboxed, as new references in a GPtrArray that frees them. Missing:
 * *out = NULL, an error when required; an empty list counts as missing. */
gboolean pk_tf_get_list(GVariant *dict, const char *key, gboolean required, GPtrArray **out,
                        GError **error);
/* A list of names (each element a non-empty string), copied: the array frees them. */
gboolean pk_tf_get_names(GVariant *dict, const char *key, gboolean required, GPtrArray **out,
                         GError **error);
/* A SQL expression: non-empty, not too long, balanced parentheses, closed quotes, and no ';'
 * or comment outside quotes, so that it stays one expression inside the parentheses the
 * generator puts around it. */
gboolean pk_tf_check_expression(const char *key, const char *expr, GError **error);

void pk_tf_append_ident(GString *sql, const char *name);
/* names joined by ", ", each quoted (with prefix, e.g. "\"l\".", before each when non-NULL). */
void pk_tf_append_idents(GString *sql, GPtrArray *names, const char *prefix);
/* A literal for a form value: strings quoted, numbers, booleans. Other types and non-finite
 * numbers: PK_ERROR_INVALID naming key. */
gboolean pk_tf_append_literal(GString *sql, GVariant *value, const char *key, GError **error);
/* An ORDER BY list from the list under key: elements are column names or dictionaries
 * {column, descending, nulls_first}. Missing: nothing is appended and *out_n = 0. */
gboolean pk_tf_append_order(GString *sql, GVariant *dict, const char *key, gboolean required,
                            guint *out_n, GError **error);
/* The aggregate expressions of the list under key ({func, column, as}), each preceded by
 * ", " when leading_comma or when it is not the first. *out_n receives how many. */
gboolean pk_tf_append_aggregates(GString *sql, GVariant *dict, const char *key,
                                 gboolean leading_comma, guint *out_n, GError **error);
/* One aggregate expression func(column) for a function name of the aggregate list. */
gboolean pk_tf_append_aggregate(GString *sql, const char *func, const char *column, GError **error);

gboolean pk_tf_build_group_by(PkTfCtx *ctx, GError **error);
gboolean pk_tf_build_time_bin(PkTfCtx *ctx, GError **error);
gboolean pk_tf_build_join(PkTfCtx *ctx, GError **error);
gboolean pk_tf_build_pivot(PkTfCtx *ctx, GError **error);
gboolean pk_tf_build_unpivot(PkTfCtx *ctx, GError **error);
