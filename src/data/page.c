/* page.c — one page of a query's rows as text.
 *
 * The query is wrapped as SELECT COLUMNS(*)::VARCHAR FROM (<sql>) LIMIT l OFFSET o, so DuckDB
 * renders the values and stops after the page: nothing beyond it is materialised for tables.
 * Names and DuckDB type names come from describing the original query. pk_conn_query_text
 * hands the same text over one chunk at a time instead of collecting it. */
#include "data-private.h"

#include <string.h>

void pk_text_page_free(PkTextPage *page) {
    if (page == NULL) {
        return;
    }
    g_strfreev(page->column_names);
    g_strfreev(page->type_names);
    for (gsize i = 0; i < (gsize)page->n_rows * page->n_columns; i++) {
        g_free(page->cells[i]);
    }
    g_free(page->cells);
    g_free(page);
}

const char *pk_text_page_get(const PkTextPage *page, guint row, guint column) {
    g_assert(row < page->n_rows && column < page->n_columns);
    return page->cells[(gsize)row * page->n_columns + column];
}

/* The query without trailing blanks and semicolons, so it can be wrapped. */
static char *strip_sql(const char *sql) {
    char *copy = g_strdup(sql);
    gsize len = strlen(copy);
    while (len > 0 && (g_ascii_isspace(copy[len - 1]) || copy[len - 1] == ';')) {
        copy[--len] = '\0';
    }
    return copy;
}

static void page_append_chunk(PkTextPage *page, GPtrArray *cells, duckdb_data_chunk chunk) {
    idx_t n = duckdb_data_chunk_get_size(chunk);
    for (idx_t row = 0; row < n; row++) {
        for (guint col = 0; col < page->n_columns; col++) {
            duckdb_vector vector = duckdb_data_chunk_get_vector(chunk, col);
            g_ptr_array_add(cells, pk_data_vector_valid(vector, row)
                                       ? pk_data_vector_strdup(vector, row)
                                       : NULL);
        }
    }
    page->n_rows += (guint)n;
}

static PkTextPage *page_from_schema(const PkSchema *schema) {
    PkTextPage *page = g_new0(PkTextPage, 1);
    page->n_columns = schema->n_columns;
    page->column_names = g_new0(char *, schema->n_columns + 1);
    page->type_names = g_new0(char *, schema->n_columns + 1);
    for (guint i = 0; i < schema->n_columns; i++) {
        page->column_names[i] = g_strdup(schema->columns[i].name);
        page->type_names[i] = g_strdup(schema->columns[i].type_name);
    }
    return page;
}

/* Prepares the text query of rows [offset, offset + limit) and an empty page holding the
 * columns' names and types. */
static gboolean page_query(PkConn *conn, const char *sql, guint64 offset, guint64 limit,
                           char **out_sql, PkTextPage **out_page, GError **error) {
    PkSchema *schema = NULL;
    if (conn == NULL || sql == NULL) {
        g_set_error_literal(error, PK_ERROR, PK_ERROR_INVALID, "No connection or SQL given.");
        return FALSE;
    }
    g_autofree char *stripped = strip_sql(sql);
    if (!pk_conn_describe_sql(conn, stripped, &schema, error)) {
        return FALSE;
    }
    *out_sql = g_strdup_printf("SELECT COLUMNS(*)::VARCHAR FROM (%s\n) LIMIT %" G_GUINT64_FORMAT
                               " OFFSET %" G_GUINT64_FORMAT,
                               stripped, limit, offset);
    *out_page = page_from_schema(schema);
    pk_schema_free(schema);
    return TRUE;
}

static void page_clear_rows(PkTextPage *page) {
    for (gsize i = 0; page->cells != NULL && i < (gsize)page->n_rows * page->n_columns; i++) {
        g_free(page->cells[i]);
    }
    g_clear_pointer(&page->cells, g_free);
    page->n_rows = 0;
}

gboolean pk_conn_query_page(PkConn *conn, const char *sql, guint64 offset, guint64 limit,
                            PkCancel *cancel, PkTextPage **out_page, GError **error) {
    g_autofree char *paged = NULL;
    PkTextPage *page = NULL;
    duckdb_result result;
    if (out_page == NULL) {
        g_set_error_literal(error, PK_ERROR, PK_ERROR_INVALID, "No page to fill given.");
        return FALSE;
    }
    if (!page_query(conn, sql, offset, limit, &paged, &page, error)) {
        return FALSE;
    }
    if (page->n_columns == 0 || limit == 0) {
        page->cells = g_new0(char *, 1);
        *out_page = page;
        return TRUE;
    }
    if (!pk_exec_run(conn, paged, cancel, NULL, NULL, &result, error)) {
        pk_text_page_free(page);
        return FALSE;
    }
    GPtrArray *cells = g_ptr_array_new();
    duckdb_data_chunk chunk;
    while ((chunk = duckdb_fetch_chunk(result)) != NULL) {
        page_append_chunk(page, cells, chunk);
        duckdb_destroy_data_chunk(&chunk);
    }
    duckdb_destroy_result(&result);
    g_ptr_array_add(cells, NULL);
    page->cells = (char **)g_ptr_array_free(cells, FALSE);
    *out_page = page;
    return TRUE;
}

gboolean pk_conn_query_text(PkConn *conn, const char *sql, guint64 limit, PkCancel *cancel,
                            PkTextPageFunc func, gpointer user_data, GError **error) {
    g_autofree char *paged = NULL;
    PkTextPage *page = NULL;
    duckdb_result result;
    if (func == NULL) {
        g_set_error_literal(error, PK_ERROR, PK_ERROR_INVALID, "No page function given.");
        return FALSE;
    }
    if (!page_query(conn, sql, 0, limit, &paged, &page, error)) {
        return FALSE;
    }
    gboolean has_rows = page->n_columns > 0 && limit > 0;
    if (has_rows && !pk_exec_run(conn, paged, cancel, NULL, NULL, &result, error)) {
        pk_text_page_free(page);
        return FALSE;
    }
    gboolean more = TRUE, called = FALSE;
    duckdb_data_chunk chunk;
    while (has_rows && more && (chunk = duckdb_fetch_chunk(result)) != NULL) {
        GPtrArray *cells = g_ptr_array_new();
        page_append_chunk(page, cells, chunk);
        duckdb_destroy_data_chunk(&chunk);
        g_ptr_array_add(cells, NULL);
        page->cells = (char **)g_ptr_array_free(cells, FALSE);
        more = func(page, user_data) && !pk_cancel_is_requested(cancel);
        called = TRUE;
        page_clear_rows(page);
    }
    if (has_rows) {
        duckdb_destroy_result(&result);
    }
    if (!called) {
        page->cells = g_new0(char *, 1);
        func(page, user_data);
    }
    pk_text_page_free(page);
    return !pk_cancel_set_error_if_requested(cancel, error);
}
