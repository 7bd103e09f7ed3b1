/* catalog.c — what the database holds: tables and views, row counts, column statistics, unique
 * table names; plus small helpers to read VARCHAR and BIGINT vectors of a chunk. */
#include "data-private.h"

#include <string.h>

gboolean pk_data_vector_valid(duckdb_vector vector, idx_t row) {
    uint64_t *validity = duckdb_vector_get_validity(vector);
    return validity == NULL || duckdb_validity_row_is_valid(validity, row);
}

char *pk_data_vector_strdup(duckdb_vector vector, idx_t row) {
    duckdb_string_t *strings = duckdb_vector_get_data(vector);
    duckdb_string_t *s = &strings[row];
    return g_strndup(duckdb_string_t_data(s), duckdb_string_t_length(*s));
}

static gint64 vector_int64(duckdb_vector vector, idx_t row) {
    return pk_data_vector_valid(vector, row) ? ((int64_t *)duckdb_vector_get_data(vector))[row] : 0;
}

/* Rows of a two-column VARCHAR query as a flat array (name, value, name, value...). */
static gboolean query_text_pairs(PkConn *conn, const char *sql, GPtrArray **out, GError **error) {
    duckdb_result result;
    if (!pk_exec_run(conn, sql, NULL, NULL, NULL, &result, error)) {
        return FALSE;
    }
    GPtrArray *pairs = g_ptr_array_new_with_free_func(g_free);
    duckdb_data_chunk chunk;
    while ((chunk = duckdb_fetch_chunk(result)) != NULL) {
        idx_t n = duckdb_data_chunk_get_size(chunk);
        for (idx_t row = 0; row < n; row++) {
            for (idx_t col = 0; col < 2; col++) {
                duckdb_vector vector = duckdb_data_chunk_get_vector(chunk, col);
                g_ptr_array_add(pairs, pk_data_vector_valid(vector, row)
                                           ? pk_data_vector_strdup(vector, row)
                                           : g_strdup(""));
            }
        }
        duckdb_destroy_data_chunk(&chunk);
    }
    duckdb_destroy_result(&result);
    *out = pairs;
    return TRUE;
}

gboolean pk_conn_list_tables(PkConn *conn, char ***out_names, gboolean **out_is_view,
                             GError **error) {
    GPtrArray *pairs = NULL;
    if (conn == NULL || out_names == NULL) {
        g_set_error_literal(error, PK_ERROR, PK_ERROR_INVALID, "No connection given.");
        return FALSE;
    }
    if (!query_text_pairs(conn,
                          "SELECT table_name, table_type FROM information_schema.tables "
                          "WHERE table_schema = 'main' ORDER BY table_name",
                          &pairs, error)) {
        return FALSE;
    }
    guint n = pairs->len / 2;
    char **names = g_new0(char *, n + 1);
    gboolean *is_view = g_new0(gboolean, MAX(n, 1));
    for (guint i = 0; i < n; i++) {
        names[i] = g_strdup(g_ptr_array_index(pairs, 2 * i));
        is_view[i] = g_strcmp0(g_ptr_array_index(pairs, 2 * i + 1), "VIEW") == 0;
    }
    g_ptr_array_unref(pairs);
    *out_names = names;
    if (out_is_view != NULL) {
        *out_is_view = is_view;
    } else {
        g_free(is_view);
    }
    return TRUE;
}

gboolean pk_conn_table_exists(PkConn *conn, const char *table) {
    g_return_val_if_fail(conn != NULL && table != NULL, FALSE);
    g_autofree char *literal = pk_data_quote_literal(table);
    g_autofree char *sql =
        g_strdup_printf("SELECT count(*)::VARCHAR FROM information_schema.tables "
                        "WHERE lower(table_name) = lower(%s)",
                        literal);
    g_autofree char *count = NULL;
    if (!pk_exec_scalar_text(conn, sql, &count, NULL)) {
        return FALSE;
    }
    return g_strcmp0(count, "0") != 0;
}

gboolean pk_conn_row_count(PkConn *conn, const char *table, guint64 *out_n_rows, GError **error) {
    if (conn == NULL || table == NULL || out_n_rows == NULL) {
        g_set_error_literal(error, PK_ERROR, PK_ERROR_INVALID, "No table given.");
        return FALSE;
    }
    if (!pk_conn_table_exists(conn, table)) {
        g_set_error(error, PK_ERROR, PK_ERROR_NOT_FOUND, "No table or view named \"%s\".", table);
        return FALSE;
    }
    g_autofree char *quoted = pk_data_quote_ident(table);
    g_autofree char *sql = g_strdup_printf("SELECT count(*)::VARCHAR FROM %s", quoted);
    g_autofree char *text = NULL;
    if (!pk_exec_scalar_text(conn, sql, &text, error)) {
        return FALSE;
    }
    *out_n_rows = g_ascii_strtoull(text, NULL, 10);
    return TRUE;
}

char *pk_conn_unique_table_name(PkConn *conn, const char *base) {
    char *name = g_strdup(base);
    for (guint i = 2; pk_conn_table_exists(conn, name); i++) {
        g_free(name);
        name = g_strdup_printf("%s_%u", base, i);
    }
    return name;
}

void pk_column_stats_free(PkColumnStats *stats, guint n_columns) {
    for (guint i = 0; stats != NULL && i < n_columns; i++) {
        g_free(stats[i].name);
        g_free(stats[i].type_name);
        g_free(stats[i].min);
        g_free(stats[i].max);
    }
    g_free(stats);
}

/* SELECT count(*), then per column: min, max (as text), nulls, approximate distinct. */
static char *stats_sql(const PkSchema *schema, const char *table) {
    g_autofree char *quoted_table = pk_data_quote_ident(table);
    GString *sql = g_string_new("SELECT count(*)::BIGINT");
    for (guint i = 0; i < schema->n_columns; i++) {
        g_autofree char *c = pk_data_quote_ident(schema->columns[i].name);
        if (schema->columns[i].convertible) {
            g_string_append_printf(sql, ", min(%s)::VARCHAR, max(%s)::VARCHAR", c, c);
        } else {
            g_string_append(sql, ", NULL::VARCHAR, NULL::VARCHAR");
        }
        g_string_append_printf(sql,
                               ", (count(*) - count(%s))::BIGINT, "
                               "approx_count_distinct(%s)::BIGINT",
                               c, c);
    }
    g_string_append_printf(sql, " FROM %s", quoted_table);
    return g_string_free(sql, FALSE);
}

static void stats_fill(PkColumnStats *stats, const PkSchema *schema, duckdb_data_chunk chunk) {
    guint64 n_rows = (guint64)vector_int64(duckdb_data_chunk_get_vector(chunk, 0), 0);
    for (guint i = 0; i < schema->n_columns; i++) {
        duckdb_vector min = duckdb_data_chunk_get_vector(chunk, 1 + 4 * i);
        duckdb_vector max = duckdb_data_chunk_get_vector(chunk, 2 + 4 * i);
        stats[i].name = g_strdup(schema->columns[i].name);
        stats[i].type_name = g_strdup(schema->columns[i].type_name);
        stats[i].min = pk_data_vector_valid(min, 0) ? pk_data_vector_strdup(min, 0) : NULL;
        stats[i].max = pk_data_vector_valid(max, 0) ? pk_data_vector_strdup(max, 0) : NULL;
        stats[i].n_rows = n_rows;
        stats[i].n_nulls = (guint64)vector_int64(duckdb_data_chunk_get_vector(chunk, 3 + 4 * i), 0);
        /* HyperLogLog can overshoot (1.3x for a million distinct doubles in DuckDB 1.4), but
         * there are never more distinct values than values */
        stats[i].approx_distinct =
            MIN((guint64)vector_int64(duckdb_data_chunk_get_vector(chunk, 4 + 4 * i), 0),
                n_rows - stats[i].n_nulls);
    }
}

gboolean pk_conn_column_stats(PkConn *conn, const char *table, PkCancel *cancel,
                              PkColumnStats **out_stats, guint *out_n_columns, GError **error) {
    PkSchema *schema = NULL;
    duckdb_result result;
    duckdb_data_chunk chunk = NULL;
    gboolean ok = FALSE;
    if (out_stats == NULL || out_n_columns == NULL) {
        g_set_error_literal(error, PK_ERROR, PK_ERROR_INVALID, "No place for the statistics.");
        return FALSE;
    }
    if (!pk_conn_describe_table(conn, table, &schema, error)) {
        return FALSE;
    }
    g_autofree char *sql = stats_sql(schema, table);
    if (!pk_exec_run(conn, sql, cancel, NULL, NULL, &result, error)) {
        goto out;
    }
    chunk = duckdb_fetch_chunk(result);
    if (chunk != NULL && duckdb_data_chunk_get_size(chunk) == 1) {
        PkColumnStats *stats = g_new0(PkColumnStats, MAX(schema->n_columns, 1));
        stats_fill(stats, schema, chunk);
        *out_stats = stats;
        *out_n_columns = schema->n_columns;
        ok = TRUE;
    } else {
        g_set_error(error, PK_ERROR, PK_ERROR_QUERY, "No statistics for \"%s\".", table);
    }
    duckdb_destroy_data_chunk(&chunk);
    duckdb_destroy_result(&result);
out:
    pk_schema_free(schema);
    return ok;
}

/* What a database may hold to count as plain data: each query lists objects that would run
 * code when read, written or named (views, macros, defaults and generated columns, CHECK
 * constraints), or that Pika-Plot never makes. The catalog functions read metadata only. */
static const struct {
    const char *what;
    const char *sql;
} unusual_objects[] = {
    {"a view", "SELECT view_name FROM duckdb_views() WHERE NOT internal"},
    {"a macro", "SELECT function_name FROM duckdb_functions() WHERE NOT internal"},
    {"a sequence", "SELECT sequence_name FROM duckdb_sequences()"},
    {"a type", "SELECT type_name FROM duckdb_types() WHERE NOT internal"},
    {"an index", "SELECT index_name FROM duckdb_indexes()"},
    {"a schema", "SELECT schema_name FROM duckdb_schemas() WHERE NOT internal"},
    {"a computed or default column",
     "SELECT table_name || '.' || column_name FROM duckdb_columns() "
     "WHERE NOT internal AND column_default IS NOT NULL"},
    {"a check", "SELECT table_name FROM duckdb_constraints() "
                "WHERE constraint_type NOT IN ('PRIMARY KEY', 'NOT NULL', 'UNIQUE')"},
    {"a table outside the main schema",
     "SELECT schema_name || '.' || table_name FROM duckdb_tables() "
     "WHERE NOT internal AND schema_name <> 'main'"},
};

gboolean pk_db_check_plain(PkDb *db, char **out_reason, GError **error) {
    g_return_val_if_fail(db != NULL && out_reason != NULL, FALSE);
    g_autoptr(PkConn) conn = pk_db_connect(db, error);
    if (conn == NULL) {
        return FALSE;
    }
    *out_reason = NULL;
    for (guint i = 0; i < G_N_ELEMENTS(unusual_objects); i++) {
        g_autofree char *sql = g_strdup_printf("SELECT first(name)::VARCHAR FROM (%s) AS o(name)",
                                               unusual_objects[i].sql);
        g_autofree char *name = NULL;
        if (!pk_exec_scalar_text(conn, sql, &name, error)) {
            return FALSE;
        }
        if (name != NULL) {
            *out_reason = g_strdup_printf("it holds %s (%s) that Pika-Plot does not make",
                                          unusual_objects[i].what, name);
            return TRUE;
        }
    }
    return TRUE;
}
