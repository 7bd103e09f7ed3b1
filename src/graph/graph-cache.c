/* graph-cache.c — node values and the value cache.
 *
 * A value is immutable once published and reference-counted, so a view may keep drawing one
 * while the graph computes its successor. The cache maps (node id, parameter hash, input value
 * ids, and for sources the file fingerprint and selection) to a value; going back to earlier
 * parameters (undo) finds the earlier value. Entries are dropped least recently used first
 * when their estimated bytes exceed the budget; a node's current value stays alive through the
 * node's own reference. All functions here except the value accessors run under graph->lock. */
#include "graph-private.h"

#include "pika/scene.h"

typedef struct {
    PkGraphValue *value;
    guint64 last_used;
} PkCacheEntry;

/* Value ids are unique in the process, so materialised tables of two graphs sharing one
 * database never collide. */
static guint64 next_value_id = 1;
G_LOCK_DEFINE_STATIC(value_ids);

PkGraphValue *pk_graph_value_new(PkGraph *graph, PkPortType type) {
    PkGraphValue *value = g_new0(PkGraphValue, 1);
    value->ref_count = 1;
    value->type = type;
    G_LOCK(value_ids);
    value->id = next_value_id++;
    G_UNLOCK(value_ids);
    g_atomic_int_inc(&graph->janitor->ref_count);
    value->janitor = graph->janitor;
    return value;
}

PkJanitor *pk_janitor_new(void) {
    PkJanitor *janitor = g_new0(PkJanitor, 1);
    janitor->ref_count = 1;
    g_mutex_init(&janitor->lock);
    janitor->tables = g_ptr_array_new_with_free_func(g_free);
    return janitor;
}

void pk_janitor_unref(PkJanitor *janitor) {
    if (janitor == NULL || !g_atomic_int_dec_and_test(&janitor->ref_count)) {
        return;
    }
    /* Tables still queued live in the in-memory results database and go with it. */
    g_ptr_array_unref(janitor->tables);
    g_mutex_clear(&janitor->lock);
    g_free(janitor);
}

void pk_janitor_sweep(PkJanitor *janitor, PkConn *conn) {
    g_mutex_lock(&janitor->lock);
    g_autoptr(GPtrArray) tables = g_steal_pointer(&janitor->tables);
    janitor->tables = g_ptr_array_new_with_free_func(g_free);
    g_mutex_unlock(&janitor->lock);
    for (guint i = 0; i < tables->len; i++) {
        g_autofree char *sql = g_strdup_printf("DROP TABLE IF EXISTS %s", (char *)tables->pdata[i]);
        g_autoptr(GError) error = NULL;
        if (!pk_conn_exec(conn, sql, NULL, &error)) {
            g_debug("graph: could not drop %s: %s", (char *)tables->pdata[i], error->message);
        }
    }
}

void pk_graph_value_set_columns(PkGraphValue *value, const PkSchema *schema) {
    value->columns = g_new0(char *, schema->n_columns + 1);
    value->column_types = g_new0(char *, schema->n_columns + 1);
    for (guint i = 0; i < schema->n_columns; i++) {
        value->columns[i] = g_strdup(schema->columns[i].name);
        value->column_types[i] = g_strdup(schema->columns[i].type_name);
    }
}

PkGraphValue *pk_graph_value_ref(PkGraphValue *value) {
    g_atomic_int_inc(&value->ref_count);
    return value;
}

void pk_graph_value_unref(PkGraphValue *value) {
    if (value == NULL || !g_atomic_int_dec_and_test(&value->ref_count)) {
        return;
    }
    if (value->table != NULL) {
        g_mutex_lock(&value->janitor->lock);
        g_ptr_array_add(value->janitor->tables, g_steal_pointer(&value->table));
        g_mutex_unlock(&value->janitor->lock);
    }
    pk_janitor_unref(value->janitor);
    g_free(value->sql);
    g_free(value->selected_sql);
    g_strfreev(value->columns);
    g_strfreev(value->column_types);
    pk_scene_free(value->scene);
    g_free(value);
}

guint64 pk_graph_value_id(const PkGraphValue *value) {
    return value->id;
}

PkPortType pk_graph_value_type(const PkGraphValue *value) {
    return value->type;
}

const char *pk_graph_value_sql(const PkGraphValue *value, gboolean selected) {
    return selected ? value->selected_sql : value->sql;
}

guint64 pk_graph_value_n_rows(const PkGraphValue *value) {
    return value->n_rows;
}

const char *const *pk_graph_value_columns(const PkGraphValue *value) {
    return (const char *const *)value->columns;
}

const char *const *pk_graph_value_column_types(const PkGraphValue *value) {
    return (const char *const *)value->column_types;
}

const PkScene *pk_graph_value_scene(const PkGraphValue *value) {
    return value->scene;
}

void pk_graph_value_page(const PkGraphValue *value, double *width, double *height, double *scale) {
    *width = value->width;
    *height = value->height;
    *scale = value->scale;
}

/* ---- the cache ----------------------------------------------------------------------------- */

void pk_graph_cache_free_entry(gpointer data) {
    PkCacheEntry *entry = data;
    pk_graph_value_unref(entry->value);
    g_free(entry);
}

/* Names are part of the key: a query reads its inputs by name, and a source's table is named
 * after it. */
char *pk_graph_cache_key(PkGraph *graph, PkNode *node, PkGraphValue **inputs, guint n_inputs) {
    GString *key = g_string_new(NULL);
    g_string_append_printf(key, "%u:%s:%016" G_GINT64_MODIFIER "x:", node->id, node->name,
                           node->param_hash);
    for (guint i = 0; i < n_inputs; i++) {
        PkNode *in = pk_graph_node(graph, g_array_index(node->inputs, PkNodeId, i));
        g_string_append_printf(key, "%s=%" G_GUINT64_FORMAT ",", in->name, inputs[i]->id);
    }
    if (node->kind == PK_NODE_SOURCE) {
        g_autofree char *predicate = pk_graph_selection_predicate(node, NULL);
        g_string_append_printf(key, ":%s:%s", node->fingerprint ? node->fingerprint : "",
                               predicate ? predicate : "");
    }
    return g_string_free(key, FALSE);
}

PkGraphValue *pk_graph_cache_lookup(PkGraph *graph, const char *key) {
    PkCacheEntry *entry = g_hash_table_lookup(graph->cache, key);
    if (entry == NULL) {
        return NULL;
    }
    entry->last_used = ++graph->cache_clock;
    return pk_graph_value_ref(entry->value);
}

void pk_graph_cache_insert(PkGraph *graph, const char *key, PkGraphValue *value) {
    PkCacheEntry *old = g_hash_table_lookup(graph->cache, key);
    if (old != NULL) {
        graph->cache_bytes -= old->value->bytes;
    }
    PkCacheEntry *entry = g_new0(PkCacheEntry, 1);
    entry->value = pk_graph_value_ref(value);
    entry->last_used = ++graph->cache_clock;
    g_hash_table_replace(graph->cache, g_strdup(key), entry);
    graph->cache_bytes += value->bytes;
    pk_graph_cache_trim(graph);
}

/* Drops least recently used entries until the cache fits its budget. Linear scans: the cache
 * holds at most a few entries per node, and trimming runs once per finished node. */
void pk_graph_cache_trim(PkGraph *graph) {
    while (graph->cache_bytes > graph->cache_budget && g_hash_table_size(graph->cache) > 0) {
        GHashTableIter iter;
        gpointer key, data;
        const char *oldest = NULL;
        guint64 oldest_use = G_MAXUINT64;
        g_hash_table_iter_init(&iter, graph->cache);
        while (g_hash_table_iter_next(&iter, &key, &data)) {
            PkCacheEntry *entry = data;
            if (entry->last_used < oldest_use) {
                oldest_use = entry->last_used;
                oldest = key;
            }
        }
        PkCacheEntry *entry = g_hash_table_lookup(graph->cache, oldest);
        graph->cache_bytes -= entry->value->bytes;
        g_hash_table_remove(graph->cache, oldest);
    }
}
