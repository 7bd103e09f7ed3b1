/* infer-json.c — JSON fields that mix text and numbers come in as text.
 *
 * read_json types a field whose values are of several kinds ("Slam", 1776, true) as JSON, whose
 * text keeps the quote marks of strings ("\"Slam\""), so WHERE Title = 'Slam' finds nothing.
 * When the sample (the first SAMPLE_ROWS records) of such a column holds scalars only, the
 * SELECT list reads it as ("Title" ->> '$'): strings without quotes, numbers and booleans as
 * written, null as NULL. A column holding objects or arrays stays JSON. */
#include "import-private.h"

#include <string.h>

#define SAMPLE_ROWS 20480

/* The JSON columns of the read that the table keeps. New array of names. */
static GPtrArray *json_columns(PkConn *conn, const char *read, const PkImportOptions *opts) {
    g_autofree char *sql = g_strdup_printf("SELECT * FROM %s", read);
    g_autoptr(PkSchema) schema = NULL;
    g_autoptr(GError) error = NULL;
    GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
    if (!pk_conn_describe_sql(conn, sql, &schema, &error)) {
        g_debug("infer: JSON columns not inferred: %s", error->message);
        return names;
    }
    for (guint i = 0; i < schema->n_columns; i++) {
        const PkSchemaColumn *c = &schema->columns[i];
        if (strcmp(c->type_name, "JSON") == 0 && pk_import_keeps_column(opts, c->name)) {
            g_ptr_array_add(names, g_strdup(c->name));
        }
    }
    return names;
}

void pk_infer_json(PkConn *conn, const char *const *paths, PkResolvedRead *r, PkCancel *cancel) {
    g_autofree char *read = pk_import_build_read_call(paths, PK_DATA_FORMAT_JSON, &r->opts, NULL);
    g_autoptr(GPtrArray) names = json_columns(conn, read, &r->opts);
    if (names->len == 0) {
        return;
    }
    /* per column: values that are objects or arrays, values that are not null */
    GString *sql = g_string_new("SELECT ");
    for (guint i = 0; i < names->len; i++) {
        g_autofree char *q = pk_data_quote_ident(g_ptr_array_index(names, i));
        g_string_append_printf(sql,
                               "%scount(*) FILTER (WHERE json_type(%s) IN ('OBJECT', 'ARRAY')), "
                               "count(%s)",
                               i > 0 ? ", " : "", q, q);
    }
    g_string_append_printf(sql, " FROM (SELECT * FROM %s LIMIT %d)", read, SAMPLE_ROWS);
    g_autoptr(PkTextPage) page = NULL;
    g_autoptr(GError) error = NULL;
    gboolean ok = pk_conn_query_page(conn, sql->str, 0, 1, cancel, &page, &error);
    g_string_free(sql, TRUE);
    if (!ok || page->n_rows != 1) {
        g_debug("infer: JSON columns not sampled: %s", error != NULL ? error->message : "");
        return;
    }
    for (guint i = 0; i < names->len; i++) {
        const char *name = g_ptr_array_index(names, i);
        if (g_strcmp0(pk_text_page_get(page, 0, 2 * i), "0") != 0) {
            continue; /* objects or arrays: stays JSON */
        }
        g_autofree char *q = pk_data_quote_ident(name);
        pk_resolved_read_add_expr(r, name, g_strdup_printf("(%s ->> '$')", q));
        if (g_strcmp0(pk_text_page_get(page, 0, 2 * i + 1), "0") != 0) {
            pk_resolved_read_add_note(r, name, NULL,
                                      g_strdup("text and numbers mixed: read as text"));
        }
    }
}
