/* sql-refs.c — the tables a SELECT statement names, as DuckDB's own parser sees them.
 *
 * json_serialize_sql (the built-in json extension) turns a statement into its parsed tree as
 * JSON. A small reader here (DuckDB writes the JSON, but it is checked all the same) flattens
 * it into rows indexed by their order in the text (parent, key, container or not, with the
 * string members of an object gathered on it), and the rows are walked in C:
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
    char *type;                       /* objects: their "type" member */
    char *table, *schema, *catalog;   /* table references */
    char *cte_key;                    /* CTE entries: their "key" member */
    char *cte_name;                   /* recursive CTE nodes */
    char *error_type, *error_message; /* the root, when the statement did not serialize */
    gboolean is_entry;                /* a cte_map.map[k] element */
    gint64 entry_index, entry_owner;  /* its k and the query node that owns it */
    GArray *entries;                  /* owners: ids of their CTE entries, in order */
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
    g_free(row->error_type);
    g_free(row->error_message);
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
    char **slot = strcmp(key, "type") == 0            ? &object->type
                  : strcmp(key, "table_name") == 0    ? &object->table
                  : strcmp(key, "schema_name") == 0   ? &object->schema
                  : strcmp(key, "catalog_name") == 0  ? &object->catalog
                  : strcmp(key, "key") == 0           ? &object->cte_key
                  : strcmp(key, "cte_name") == 0      ? &object->cte_name
                  : strcmp(key, "error_type") == 0    ? &object->error_type
                  : strcmp(key, "error_message") == 0 ? &object->error_message
                                                      : NULL;
    if (slot != NULL && *slot == NULL) {
        *slot = g_strdup(text);
    }
}

/* ---- the JSON text into rows ------------------------------------------------------------ */

#define MAX_DEPTH 4096 /* DuckDB's own parser stops far below this */

typedef struct {
    Tree *tree;
    const char *p, *end;
    gint64 next_id;
    gboolean error;    /* the root's "error": true */
    gint64 statements; /* id of the root's "statements" array, or -1 */
} Json;

static void skip_space(Json *j) {
    while (j->p < j->end && g_ascii_isspace(*j->p)) {
        j->p++;
    }
}

/* Four hex digits after "\u" (j->p on the 'u'), leaving j->p on the last; -1 when invalid. */
static gint32 read_hex4(Json *j) {
    gint32 c = 0;
    for (int k = 0; k < 4; k++) {
        int digit = j->p + 1 < j->end ? g_ascii_xdigit_value(*++j->p) : -1;
        if (digit < 0) {
            return -1;
        }
        c = c * 16 + digit;
    }
    return c;
}

/* The character of a "\u" escape (j->p on the 'u'), with a surrogate pair joined; -1 when
 * invalid. A lone surrogate half becomes U+FFFD. */
static gint32 read_unicode(Json *j) {
    gint32 c = read_hex4(j);
    if (c < 0xD800 || c > 0xDBFF) {
        return c >= 0xDC00 && c <= 0xDFFF ? 0xFFFD : c;
    }
    if (j->end - j->p > 6 && j->p[1] == '\\' && j->p[2] == 'u') {
        const char *back = j->p;
        j->p += 2;
        gint32 low = read_hex4(j);
        if (low >= 0xDC00 && low <= 0xDFFF) {
            return 0x10000 + ((c - 0xD800) << 10) + (low - 0xDC00);
        }
        j->p = back;
    }
    return 0xFFFD;
}

/* Reads a JSON string at j->p (on its opening quote) into a new string, or NULL. */
static char *read_string(Json *j) {
    static const char escapes[] = "\"\\/bfnrt";
    static const char chars[] = "\"\\/\b\f\n\r\t";
    GString *out = g_string_new(NULL);
    for (j->p++; j->p < j->end && *j->p != '"'; j->p++) {
        if (*j->p != '\\') {
            g_string_append_c(out, *j->p);
            continue;
        }
        const char *simple = ++j->p < j->end && *j->p != '\0' ? strchr(escapes, *j->p) : NULL;
        gint32 c = simple != NULL                  ? chars[simple - escapes]
                   : j->p < j->end && *j->p == 'u' ? read_unicode(j)
                                                   : -1;
        if (c < 0) {
            break;
        }
        g_string_append_unichar(out, (gunichar)c);
    }
    if (j->p >= j->end || *j->p != '"') {
        g_string_free(out, TRUE);
        return NULL;
    }
    j->p++;
    return g_string_free(out, FALSE);
}

static gboolean read_value(Json *j, gint64 parent, const char *key, guint depth);

/* Reads the members (object) or elements (array) of the container id, after its bracket. */
static gboolean read_children(Json *j, gint64 id, gboolean object, guint depth) {
    char close = object ? '}' : ']';
    skip_space(j);
    if (j->p < j->end && *j->p == close) {
        j->p++;
        return TRUE;
    }
    for (guint index = 0;; index++) {
        g_autofree char *key = NULL;
        skip_space(j);
        if (object) {
            key = j->p < j->end && *j->p == '"' ? read_string(j) : NULL;
            skip_space(j);
            if (key == NULL || j->p >= j->end || *j->p++ != ':') {
                return FALSE;
            }
        } else {
            key = g_strdup_printf("%u", index);
        }
        if (!read_value(j, id, key, depth + 1)) {
            return FALSE;
        }
        skip_space(j);
        if (j->p < j->end && *j->p == ',') {
            j->p++;
        } else if (j->p < j->end && *j->p == close) {
            j->p++;
            return TRUE;
        } else {
            return FALSE;
        }
    }
}

/* One value under parent (-1: the root) as member or element `key`. */
static gboolean read_value(Json *j, gint64 parent, const char *key, guint depth) {
    skip_space(j);
    if (j->p >= j->end || depth > MAX_DEPTH) {
        return FALSE;
    }
    gint64 id = j->next_id++;
    char c = *j->p;
    if (c == '{' || c == '[') {
        j->p++;
        TreeRow *row = tree_row(j->tree, id);
        row->parent = parent;
        row->key = g_strdup(key);
        row->is_object = c == '{';
        row->is_array = c == '[';
        if (parent == 0 && c == '[' && g_strcmp0(key, "statements") == 0) {
            j->statements = id;
        }
        return read_children(j, id, c == '{', depth);
    }
    if (c == '"') {
        g_autofree char *text = read_string(j);
        if (text != NULL && parent >= 0) {
            take_member(tree_row(j->tree, parent), key, text);
        }
        return text != NULL;
    }
    const char *start = j->p;
    while (j->p < j->end && (g_ascii_isalnum(*j->p) || strchr("+-.", *j->p) != NULL)) {
        j->p++;
    }
    if (parent == 0 && g_strcmp0(key, "error") == 0 && j->p - start == 4 &&
        strncmp(start, "true", 4) == 0) {
        j->error = TRUE;
    }
    return j->p > start;
}

/* The rows of json (json_serialize_sql's output) into tree; FALSE when it is not JSON. */
static gboolean read_json(Tree *tree, const char *json, Json *out) {
    *out = (Json){tree, json, json + strlen(json), 0, FALSE, -1};
    if (!read_value(out, -1, NULL, 0)) {
        return FALSE;
    }
    skip_space(out);
    return out->p == out->end && tree->rows->len > 0 && tree_row(tree, 0)->is_object;
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

/* The statement's tree; FALSE with the parser's error or a refusal of anything but one SELECT. */
static gboolean check_statement(Tree *tree, const Json *json, GError **error) {
    TreeRow *root = tree_row(tree, 0);
    if (json->error) {
        if (g_strcmp0(root->error_type, "parser") == 0) {
            g_set_error(error, PK_ERROR, PK_ERROR_QUERY, "%s",
                        root->error_message != NULL ? root->error_message : "Syntax error.");
        } else {
            g_set_error_literal(error, PK_ERROR, PK_ERROR_INVALID,
                                "Only a SELECT statement (possibly with WITH) can read tables "
                                "here; write the query as one SELECT.");
        }
        return FALSE;
    }
    guint n = 0;
    for (guint id = 0; json->statements >= 0 && id < tree->rows->len; id++) {
        TreeRow *row = tree_row(tree, id);
        n += (row->is_object || row->is_array) && row->parent == json->statements ? 1 : 0;
    }
    if (n != 1) {
        g_set_error(error, PK_ERROR, PK_ERROR_INVALID,
                    "%s; write the query as one SELECT statement.",
                    n == 0 ? "The SQL holds no statement" : "The SQL holds several statements");
        return FALSE;
    }
    return TRUE;
}

static char **parse_refs(PkConn *conn, const char *sql, GError **error) {
    g_autofree char *literal = pk_data_quote_literal(sql);
    g_autofree char *query = g_strdup_printf("SELECT json_serialize_sql(%s)", literal);
    g_autoptr(PkTextPage) page = NULL;
    if (!pk_conn_query_page(conn, query, 0, 1, NULL, &page, error)) {
        return NULL;
    }
    const char *text = page->n_rows == 1 ? pk_text_page_get(page, 0, 0) : NULL;
    Tree tree = {g_array_new(FALSE, TRUE, sizeof(TreeRow))};
    g_array_set_clear_func(tree.rows, tree_row_clear);
    Json json;
    char **refs = NULL;
    if (text == NULL || !read_json(&tree, text, &json)) {
        g_set_error_literal(error, PK_ERROR, PK_ERROR_QUERY,
                            "DuckDB's parser gave a tree that could not be read.");
    } else if (check_statement(&tree, &json, error)) {
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
