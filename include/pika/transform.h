/* pika/transform.h — transform nodes: forms a user fills in, turned into one SELECT statement.
 *
 * A transform's parameters are an a{sv} dictionary with the key "op" naming the operation
 * (filter, sort, sample, group_by, join, pivot, unpivot, derive, delta, time_bin, row_id) and
 * the op's own keys (docs/transforms.md lists them with an example each). Dictionaries may come
 * from C callers (as, u, i, aa{sv}) or from JSON through json-glib (int64 or double numbers,
 * av arrays of variants, a{sv} objects); both are accepted.
 *
 * The generated SQL reads the input relations by name (the upstream nodes' names). Every
 * column name and every value from a form is quoted; only the ops that are SQL by design (a
 * filter's "expression", a derived column's "expression") paste user text, which is safe
 * because the graph runs it on a locked-down database as a subquery.
 *
 * Thread rule: pure functions of their arguments; callable from any thread. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Checks the structure of a transform form without a database: a known op (otherwise the
 * message lists the accepted ones), required keys present and of the right type (the message
 * names the key), names and numbers in range (sample sizes 0..1e12, fractions in (0, 1],
 * time-bin widths > 0...). *out_n_inputs (may be NULL) receives the number of inputs the op
 * reads: 2 for join, 1 otherwise. Errors: PK_ERROR_INVALID. */
gboolean pk_transform_check(GVariant *params, guint *out_n_inputs, GError **error);

/* One SELECT statement (no trailing semicolon) computing the transform over the relations
 * named inputs[0..n_inputs) (plain identifiers; quoted here). Checks the form first, as
 * pk_transform_check does, and that n_inputs matches the op. Returns a new string, or NULL
 * with PK_ERROR_INVALID.
 *
 * A join suffixes the right input's columns whose names the left input also has; that needs
 * the inputs' columns (pk_transform_sql_columns). Without them the right input's clashing
 * columns keep DuckDB's automatic names (name_1). */
char *pk_transform_sql(GVariant *params, const char *const *inputs, guint n_inputs, GError **error);

/* The same with the inputs' column names: columns[i] is a NULL-terminated list of input i's
 * columns, or NULL when unknown (columns itself may be NULL). Only join uses them. */
char *pk_transform_sql_columns(GVariant *params, const char *const *inputs,
                               const char *const *const *columns, guint n_inputs, GError **error);

/* The names of the ops, NULL-terminated, static. */
const char *const *pk_transform_op_names(void);

G_END_DECLS
