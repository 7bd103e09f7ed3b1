/* sql-refs.c — the tables a SELECT statement names, as DuckDB's own parser sees them.
 *
 * json_serialize_sql (the built-in json extension) turns a statement into its parsed tree as
 * JSON; json_tree flattens that tree into rows (id, parent, key, type, text). The tree is read
 * here into arrays indexed by row id and walked in C:
 *
 *   table reference   an object whose "type" is "BASE_TABLE" (table_name, schema_name,
 *                     catalog_name); a column, a table function or a subquery is something else
 *   CTE entry         cte_map.map[k] = {"key": name, "value": {...}} of a query node (its owner)
 *   recursive CTE     a RECURSIVE_CTE_NODE object with "cte_name"
 *
 * An unqualified reference is a CTE, not a table, when walking up from it meets a scope that
 * defines the name: the owner of a CTE map (in its body, every entry; inside entry j, only the
 * entries before j, as DuckDB binds `WITH a AS (SELECT * FROM a)` to the outer table a), or a
 * recursive CTE of that name. Qualified references are always tables.
 *
 * The parsing runs on a private in-memory database with one connection, opened on first use and
 * kept for the life of the process; a mutex makes the function safe from any thread. */
#include "pika/data.h"

#include "pika/error.h"

#include <stdlib.h>
#include <string.h>

static GMutex refs_lock;
static PkDb *refs_db;     /* under refs_lock */
static PkConn *refs_conn; /* under refs_lock */

/* One row of the flattened tree, with the string fields of an object gathered on it. */
typedef struct {
    gint64 parent; /* -1 for the root */
    char *key;     /* member name, or the index of an array element */
    gboolean is_object, is_array;
    char *type;                      /* objects: their "type" member */
    char *table, *schema, *catalog;  /* table references */
    char *cte_key;                   /* CTE entries: their "key" member */
    char *cte_name;                  /* recursive CTE nodes */
    gboolean is_entry;               /* a cte_map.map[k] element */
    gint64 entry_index, entry_owner; /* its k and the query node that owns it */
    GArray *entries;                 /* owners: ids of their CTE entries, in order */
} TreeRow;

typedef struct {
    GArray *rows; /* TreeRow by id (gaps stay zeroed with parent -1) */
} Tree;

static void tree_row_clear(gpointer data) {
    TreeRow *row = data;
    g_free(row->key);
    g_free(row->type);
    g_free(row->table);
    g_free(row->schema);
    g_free(row->catalog);
    g_free(row->cte_key);
    g_free(row->cte_name);
    g_clear_pointer(&row->entries, g_array_unref);
}

static TreeRow *tree_row(Tree *tree, gint64 id) {
    if (id < 0) {
        return NULL;
    }
    while ((gint64)tree->rows->len <= id) {
        TreeRow empty = {.parent = -1};
        g_array_append_val(tree->rows, empty);
    }
    return &g_array_index(tree->rows, TreeRow, id);
}

/* Puts a string member on the object that holds it. */
static void take_member(TreeRow *object, const char *key, const char *text) {
    char **slot = strcmp(key, "type") == 0           ? &object->type
                  : strcmp(key, "table_name") == 0   ? &object->table
                  : strcmp(key, "schema_name") == 0  ? &object->schema
                  : strcmp(key, "catalog_name") == 0 ? &object->catalog
                  : strcmp(key, "key") == 0          ? &object->cte_key
                  : strcmp(key, "cte_name") == 0     ? &object->cte_name
                                                     : NULL;
    if (slot != NULL && *slot == NULL) {
        *slot = g_strdup(text);
    }
}

static gboolean read_rows(const PkTextPage *page, gpointer user_data) {
    Tree *tree = user_data;
    for (guint r = 0; r < page->n_rows; r++) {
        const char *id = pk_text_page_get(page, r, 0);
        const char *parent = pk_text_page_get(page, r, 1);
        const char *key = pk_text_page_get(page, r, 2);
        const char *type = pk_text_page_get(page, r, 3);
        const char *text = pk_text_page_get(page, r, 4);
        gint64 self = g_ascii_strtoll(id, NULL, 10);
        gint64 up = parent != NULL ? g_ascii_strtoll(parent, NULL, 10) : -1;
        if (text != NULL && key != NULL) {
            take_member(tree_row(tree, up), key, text);
            continue;
        }
        TreeRow *row = tree_row(tree, self);
        row->parent = up;
        row->key = g_strdup(key);
        row->is_object = g_strcmp0(type, "OBJECT") == 0;
        row->is_array = g_strcmp0(type, "ARRAY") == 0;
    }
    return TRUE;
}

/* Marks the CTE entries (objects in a "map" array of a "cte_map" object) and their owners. */
static void find_entries(Tree *tree) {
    for (guint id = 0; id < tree->rows->len; id++) {
        TreeRow *row = tree_row(tree, id);
        TreeRow *map = tree_row(tree, row->parent);
        TreeRow *cte_map = map != NULL ? tree_row(tree, map->parent) : NULL;
        if (!row->is_object || map == NULL || !map->is_array || g_strcmp0(map->key, "map") != 0 ||
            cte_map == NULL || g_strcmp0(cte_map->key, "cte_map") != 0 || cte_map->parent < 0 ||
            row->cte_key == NULL) {
            continue;
        }
        row->is_entry = TRUE;
        row->entry_index = g_ascii_strtoll(row->key, NULL, 10);
        row->entry_owner = cte_map->parent;
        TreeRow *owner = tree_row(tree, cte_map->parent);
        if (owner->entries == NULL) {
            owner->entries = g_array_new(FALSE, FALSE, sizeof(gint64));
        }
        gint64 entry = id;
        g_array_append_val(owner->entries, entry);
    }
}

/* TRUE when owner defines name for a reference reached through its entry number `within`
 * (-1: the reference is in the owner's body, where every entry is visible). */
static gboolean owner_defines(Tree *tree, TreeRow *owner, const char *name, gint64 within) {
    for (guint i = 0; owner->entries != NULL && i < owner->entries->len; i++) {
        TreeRow *entry = tree_row(tree, g_array_index(owner->entries, gint64, i));
        if ((within < 0 || entry->entry_index < within) &&
            g_ascii_strcasecmp(entry->cte_key, name) == 0) {
            return TRUE;
        }
    }
    return FALSE;
}

/* TRUE when the unqualified reference at id names a CTE in scope there. */
static gboolean is_cte(Tree *tree, gint64 id, const char *name) {
    gint64 within = -1, within_owner = -1;
    for (gint64 at = tree_row(tree, id)->parent; at >= 0; at = tree_row(tree, at)->parent) {
        TreeRow *row = tree_row(tree, at);
        if (row->is_entry) {
            within = row->entry_index;
            within_owner = row->entry_owner;
        }
        if (g_strcmp0(row->type, "RECURSIVE_CTE_NODE") == 0 && row->cte_name != NULL &&
            g_ascii_strcasecmp(row->cte_name, name) == 0) {
            return TRUE;
        }
        if (row->entries != NULL &&
            owner_defines(tree, row, name, within_owner == at ? within : -1)) {
            return TRUE;
        }
    }
    return FALSE;
}

/* The name to report for a table reference: bare, or quoted parts when qualified. */
static char *ref_name(const TreeRow *row) {
    if ((row->schema == NULL || row->schema[0] == '\0') &&
        (row->catalog == NULL || row->catalog[0] == '\0')) {
        return g_strdup(row->table);
    }
    GString *name = g_string_new(NULL);
    const char *parts[] = {row->catalog, row->schema, row->table};
    for (guint i = 0; i < G_N_ELEMENTS(parts); i++) {
        if (parts[i] != NULL && parts[i][0] != '\0') {
            g_autofree char *quoted = pk_data_quote_ident(parts[i]);
            g_string_append_printf(name, "%s%s", name->len > 0 ? "." : "", quoted);
        }
    }
    return g_string_free(name, FALSE);
}

static gboolean seen_name(GPtrArray *names, const char *name) {
    for (guint i = 0; i < names->len; i++) {
        if (g_ascii_strcasecmp(names->pdata[i], name) == 0) {
            return TRUE;
        }
    }
    return FALSE;
}

static char **collect_refs(Tree *tree) {
    GPtrArray *names = g_ptr_array_new();
    for (guint id = 0; id < tree->rows->len; id++) {
        TreeRow *row = tree_row(tree, id);
        if (!row->is_object || g_strcmp0(row->type, "BASE_TABLE") != 0 || row->table == NULL) {
            continue;
        }
        g_autofree char *name = ref_name(row);
        gboolean bare = strcmp(name, row->table) == 0;
        if ((bare && is_cte(tree, id, row->table)) || seen_name(names, name)) {
            continue;
        }
        g_ptr_array_add(names, g_steal_pointer(&name));
    }
    g_ptr_array_add(names, NULL);
    return (char **)g_ptr_array_free(names, FALSE);
}

/* The private parser connection (lock held). */
static PkConn *parser_conn(GError **error) {
    if (refs_conn != NULL) {
        return refs_conn;
    }
    PkDbOptions opts;
    pk_db_options_defaults(&opts);
    opts.threads = 1;
    opts.memory_limit_bytes = 64u << 20;
    refs_db = pk_db_open(NULL, &opts, error);
    refs_conn = refs_db != NULL ? pk_db_connect(refs_db, error) : NULL;
    if (refs_conn == NULL) {
        g_clear_pointer(&refs_db, pk_db_close);
    }
    return refs_conn;
}

/* Whether json_serialize_sql parsed one SELECT; its error otherwise. */
static gboolean check_statement(PkConn *conn, const char *literal, GError **error) {
    g_autofree char *sql = g_strdup_printf(
        "SELECT j->>'error', j->>'error_type', j->>'error_message', "
        "json_array_length(j->'statements') FROM (SELECT json_serialize_sql(%s) AS j)",
        literal);
    g_autoptr(PkTextPage) page = NULL;
    if (!pk_conn_query_page(conn, sql, 0, 1, NULL, &page, error)) {
        return FALSE;
    }
    g_assert(page->n_rows == 1);
    const char *type = pk_text_page_get(page, 0, 1);
    const char *message = pk_text_page_get(page, 0, 2);
    const char *n = pk_text_page_get(page, 0, 3);
    if (g_strcmp0(pk_text_page_get(page, 0, 0), "true") == 0) {
        if (g_strcmp0(type, "parser") == 0) {
            g_set_error(error, PK_ERROR, PK_ERROR_QUERY, "%s", message != NULL ? message : "");
        } else {
            g_set_error_literal(error, PK_ERROR, PK_ERROR_INVALID,
                                "Only a SELECT statement (possibly with WITH) can read tables "
                                "here; write the query as one SELECT.");
        }
        return FALSE;
    }
    if (g_strcmp0(n, "1") != 0) {
        g_set_error(error, PK_ERROR, PK_ERROR_INVALID,
                    "%s; write the query as one SELECT statement.",
                    g_strcmp0(n, "0") == 0 ? "The SQL holds no statement"
                                           : "The SQL holds several statements");
        return FALSE;
    }
    return TRUE;
}

static char **parse_refs(PkConn *conn, const char *sql, GError **error) {
    g_autofree char *literal = pk_data_quote_literal(sql);
    if (!check_statement(conn, literal, error)) {
        return NULL;
    }
    g_autofree char *tree_sql = g_strdup_printf(
        "SELECT id, parent, key, type, CASE WHEN type = 'VARCHAR' THEN value->>'$' END "
        "FROM json_tree(json_serialize_sql(%s)) WHERE type IN ('OBJECT', 'ARRAY') OR "
        "(type = 'VARCHAR' AND key IN ('type', 'table_name', 'schema_name', 'catalog_name', "
        "'key', 'cte_name')) ORDER BY id",
        literal);
    Tree tree = {g_array_new(FALSE, TRUE, sizeof(TreeRow))};
    g_array_set_clear_func(tree.rows, tree_row_clear);
    char **refs = NULL;
    if (pk_conn_query_text(conn, tree_sql, G_MAXINT64, NULL, read_rows, &tree, error)) {
        find_entries(&tree);
        refs = collect_refs(&tree);
    }
    g_array_unref(tree.rows);
    return refs;
}

char **pk_sql_table_refs(const char *sql, GError **error) {
    if (sql == NULL) {
        g_set_error_literal(error, PK_ERROR, PK_ERROR_INVALID, "No SQL to read table names from.");
        return NULL;
    }
    g_mutex_lock(&refs_lock);
    PkConn *conn = parser_conn(error);
    char **refs = conn != NULL ? parse_refs(conn, sql, error) : NULL;
    g_mutex_unlock(&refs_lock);
    return refs;
}
