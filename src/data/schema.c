/* schema.c — schemas of tables, views and results; table listing, row counts, column statistics
 * and SQL quoting.
 *
 * Schemas come from preparing a statement (nothing runs): DuckDB reports each result column's
 * logical type, which we name like DuckDB does and map to our column types. */
#include "data-private.h"

#include <string.h>

char *pk_data_quote_ident(const char *name) {
    GString *out = g_string_new("\"");
    for (const char *p = name; *p != '\0'; p++) {
        if (*p == '"') {
            g_string_append_c(out, '"');
        }
        g_string_append_c(out, *p);
    }
    g_string_append_c(out, '"');
    return g_string_free(out, FALSE);
}

char *pk_data_quote_literal(const char *text) {
    GString *out = g_string_new("'");
    for (const char *p = text; *p != '\0'; p++) {
        if (*p == '\'') {
            g_string_append_c(out, '\'');
        }
        g_string_append_c(out, *p);
    }
    g_string_append_c(out, '\'');
    return g_string_free(out, FALSE);
}

static const char *type_id_name(duckdb_type id) {
    static const struct {
        duckdb_type id;
        const char *name;
    } names[] = {
        {DUCKDB_TYPE_BOOLEAN, "BOOLEAN"},
        {DUCKDB_TYPE_TINYINT, "TINYINT"},
        {DUCKDB_TYPE_SMALLINT, "SMALLINT"},
        {DUCKDB_TYPE_INTEGER, "INTEGER"},
        {DUCKDB_TYPE_BIGINT, "BIGINT"},
        {DUCKDB_TYPE_UTINYINT, "UTINYINT"},
        {DUCKDB_TYPE_USMALLINT, "USMALLINT"},
        {DUCKDB_TYPE_UINTEGER, "UINTEGER"},
        {DUCKDB_TYPE_UBIGINT, "UBIGINT"},
        {DUCKDB_TYPE_FLOAT, "FLOAT"},
        {DUCKDB_TYPE_DOUBLE, "DOUBLE"},
        {DUCKDB_TYPE_TIMESTAMP, "TIMESTAMP"},
        {DUCKDB_TYPE_DATE, "DATE"},
        {DUCKDB_TYPE_TIME, "TIME"},
        {DUCKDB_TYPE_INTERVAL, "INTERVAL"},
        {DUCKDB_TYPE_HUGEINT, "HUGEINT"},
        {DUCKDB_TYPE_UHUGEINT, "UHUGEINT"},
        {DUCKDB_TYPE_VARCHAR, "VARCHAR"},
        {DUCKDB_TYPE_BLOB, "BLOB"},
        {DUCKDB_TYPE_TIMESTAMP_S, "TIMESTAMP_S"},
        {DUCKDB_TYPE_TIMESTAMP_MS, "TIMESTAMP_MS"},
        {DUCKDB_TYPE_TIMESTAMP_NS, "TIMESTAMP_NS"},
        {DUCKDB_TYPE_ENUM, "ENUM"},
        {DUCKDB_TYPE_LIST, "LIST"},
        {DUCKDB_TYPE_STRUCT, "STRUCT"},
        {DUCKDB_TYPE_MAP, "MAP"},
        {DUCKDB_TYPE_ARRAY, "ARRAY"},
        {DUCKDB_TYPE_UUID, "UUID"},
        {DUCKDB_TYPE_UNION, "UNION"},
        {DUCKDB_TYPE_BIT, "BIT"},
        {DUCKDB_TYPE_TIME_TZ, "TIME WITH TIME ZONE"},
        {DUCKDB_TYPE_TIMESTAMP_TZ, "TIMESTAMP WITH TIME ZONE"},
        {DUCKDB_TYPE_BIGNUM, "BIGNUM"},
        {DUCKDB_TYPE_SQLNULL, "NULL"},
    };
    for (gsize i = 0; i < G_N_ELEMENTS(names); i++) {
        if (names[i].id == id) {
            return names[i].name;
        }
    }
    return "UNKNOWN";
}

static char *type_name(duckdb_logical_type type) {
    duckdb_type id = duckdb_get_type_id(type);
    if (id == DUCKDB_TYPE_DECIMAL) {
        return g_strdup_printf("DECIMAL(%u,%u)", duckdb_decimal_width(type),
                               duckdb_decimal_scale(type));
    }
    if (id == DUCKDB_TYPE_LIST) {
        duckdb_logical_type child = duckdb_list_type_child_type(type);
        g_autofree char *inner = type_name(child);
        duckdb_destroy_logical_type(&child);
        return g_strdup_printf("%s[]", inner);
    }
    if (id == DUCKDB_TYPE_VARCHAR) { /* JSON is VARCHAR with an alias: say so */
        char *alias = duckdb_logical_type_get_alias(type);
        gboolean json = alias != NULL && g_ascii_strcasecmp(alias, "JSON") == 0;
        duckdb_free(alias);
        if (json) {
            return g_strdup("JSON");
        }
    }
    return g_strdup(type_id_name(id));
}

gboolean pk_data_map_type(duckdb_logical_type type, PkColumnType *out_type) {
    switch (duckdb_get_type_id(type)) {
    case DUCKDB_TYPE_TINYINT:
    case DUCKDB_TYPE_SMALLINT:
    case DUCKDB_TYPE_INTEGER:
    case DUCKDB_TYPE_BIGINT:
    case DUCKDB_TYPE_UTINYINT:
    case DUCKDB_TYPE_USMALLINT:
    case DUCKDB_TYPE_UINTEGER:
        *out_type = PK_COLUMN_TYPE_INT64;
        return TRUE;
    case DUCKDB_TYPE_UBIGINT:
    case DUCKDB_TYPE_HUGEINT:
    case DUCKDB_TYPE_UHUGEINT:
    case DUCKDB_TYPE_FLOAT:
    case DUCKDB_TYPE_DOUBLE:
    case DUCKDB_TYPE_DECIMAL:
        *out_type = PK_COLUMN_TYPE_DOUBLE;
        return TRUE;
    case DUCKDB_TYPE_TIMESTAMP:
    case DUCKDB_TYPE_TIMESTAMP_S:
    case DUCKDB_TYPE_TIMESTAMP_MS:
    case DUCKDB_TYPE_TIMESTAMP_NS:
    case DUCKDB_TYPE_TIMESTAMP_TZ:
    case DUCKDB_TYPE_DATE:
        *out_type = PK_COLUMN_TYPE_TIMESTAMP;
        return TRUE;
    case DUCKDB_TYPE_BOOLEAN:
        *out_type = PK_COLUMN_TYPE_BOOL;
        return TRUE;
    case DUCKDB_TYPE_VARCHAR:
    case DUCKDB_TYPE_ENUM:
        *out_type = PK_COLUMN_TYPE_CATEGORY;
        return TRUE;
    default:
        return FALSE;
    }
}

static void schema_column_set(PkSchemaColumn *column, const char *name, duckdb_logical_type type) {
    column->name = g_strdup(name != NULL ? name : "");
    column->type_name = type_name(type);
    column->type = PK_COLUMN_TYPE_CATEGORY;
    column->convertible = pk_data_map_type(type, &column->type);
}

PkSchema *pk_schema_from_result(duckdb_result *result) {
    PkSchema *schema = g_new0(PkSchema, 1);
    schema->n_columns = (guint)duckdb_column_count(result);
    schema->columns = g_new0(PkSchemaColumn, MAX(schema->n_columns, 1));
    for (guint i = 0; i < schema->n_columns; i++) {
        duckdb_logical_type type = duckdb_column_logical_type(result, i);
        schema_column_set(&schema->columns[i], duckdb_column_name(result, i), type);
        duckdb_destroy_logical_type(&type);
    }
    return schema;
}

void pk_schema_free(PkSchema *schema) {
    if (schema == NULL) {
        return;
    }
    for (guint i = 0; i < schema->n_columns; i++) {
        g_free(schema->columns[i].name);
        g_free(schema->columns[i].type_name);
    }
    g_free(schema->columns);
    g_free(schema);
}

int pk_schema_find(const PkSchema *schema, const char *name) {
    for (guint i = 0; schema != NULL && i < schema->n_columns; i++) {
        if (g_strcmp0(schema->columns[i].name, name) == 0) {
            return (int)i;
        }
    }
    return -1;
}

gboolean pk_conn_describe_sql(PkConn *conn, const char *sql, PkSchema **out_schema,
                              GError **error) {
    duckdb_prepared_statement stmt = NULL;
    if (conn == NULL || sql == NULL || out_schema == NULL) {
        g_set_error_literal(error, PK_ERROR, PK_ERROR_INVALID, "Nothing to describe.");
        return FALSE;
    }
    if (duckdb_prepare(conn->conn, sql, &stmt) == DuckDBError) {
        pk_data_set_error(error, DUCKDB_ERROR_INVALID, duckdb_prepare_error(stmt), NULL);
        duckdb_destroy_prepare(&stmt);
        return FALSE;
    }
    PkSchema *schema = g_new0(PkSchema, 1);
    schema->n_columns = (guint)duckdb_prepared_statement_column_count(stmt);
    schema->columns = g_new0(PkSchemaColumn, MAX(schema->n_columns, 1));
    for (guint i = 0; i < schema->n_columns; i++) {
        duckdb_logical_type type = duckdb_prepared_statement_column_logical_type(stmt, i);
        const char *name = duckdb_prepared_statement_column_name(stmt, i);
        schema_column_set(&schema->columns[i], name, type);
        duckdb_free((void *)name);
        duckdb_destroy_logical_type(&type);
    }
    duckdb_destroy_prepare(&stmt);
    *out_schema = schema;
    return TRUE;
}

gboolean pk_conn_describe_table(PkConn *conn, const char *table, PkSchema **out_schema,
                                GError **error) {
    if (table == NULL || table[0] == '\0') {
        g_set_error_literal(error, PK_ERROR, PK_ERROR_INVALID, "No table name given.");
        return FALSE;
    }
    if (conn != NULL && !pk_conn_table_exists(conn, table)) {
        g_set_error(error, PK_ERROR, PK_ERROR_NOT_FOUND, "No table or view named \"%s\".", table);
        return FALSE;
    }
    g_autofree char *quoted = pk_data_quote_ident(table);
    g_autofree char *sql = g_strdup_printf("SELECT * FROM %s", quoted);
    return pk_conn_describe_sql(conn, sql, out_schema, error);
}
