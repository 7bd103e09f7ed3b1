/* graph-derive.c — a query reads every node its SQL names.
 *
 * A node's inputs are two runs of one array:
 *
 *   inputs: [ wired 0 .. n_wired-1 | derived n_wired .. len-1 ]
 *
 * Wired inputs are edges made with pk_graph_connect (by a user, or a workspace file); they stay
 * until disconnected. Derived inputs exist for query nodes only: they follow from the query's
 * refs (the table names its SQL reads, as DuckDB parses it: pk_sql_table_refs) and the names of
 * the graph's nodes. Each ref naming a source, query or transform that is not wired already is
 * one derived input, in the order the SQL names them. They are recomputed (pk_graph_derive)
 * after everything they follow from changes: a query's SQL, a node added, removed or renamed,
 * an edge wired or unwired. Only wired edges are saved; loading derives the rest again.
 *
 * Invariant: outside a hold, every query's derived run is what its refs give now, and the
 * inputs of all nodes together form no cycle. A change that would close one is undone by its
 * caller, which reports the cycle. Undo and redo hold derivation off while they rebuild the
 * wiring step by step (a state between two valid ones may hold a cycle), then derive once. */
#include "graph-private.h"

#include "pika/error.h"

#include <string.h>

char **pk_graph_parse_refs(const char *sql) {
    g_autoptr(GError) error = NULL;
    char **refs = pk_sql_table_refs(sql, &error);
    if (refs == NULL) {
        g_debug("graph: no inputs derived from SQL that does not parse: %s", error->message);
    }
    return refs;
}

gboolean pk_graph_input_is_derived(const PkGraph *graph, PkNodeId id, guint port) {
    PkNode *node = pk_graph_node(graph, id);
    return node != NULL && port >= node->n_wired && port < node->inputs->len;
}

static gboolean has_id(const PkNodeId *ids, guint n, PkNodeId id) {
    for (guint i = 0; i < n; i++) {
        if (ids[i] == id) {
            return TRUE;
        }
    }
    return FALSE;
}

/* Lower-case name -> PkNodeId of the nodes with a table output (SQL names ignore case, as
 * pk_graph_find does). */
static GHashTable *table_names(PkGraph *graph) {
    GHashTable *names = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    for (guint i = 0; i < graph->order->len; i++) {
        PkNode *node = pk_graph_node(graph, g_array_index(graph->order, PkNodeId, i));
        if (pk_node_kind_output(node->kind) == PK_PORT_TABLE) {
            g_hash_table_insert(names, g_ascii_strdown(node->name, -1), GUINT_TO_POINTER(node->id));
        }
    }
    return names;
}

/* The derived inputs node should have now (a query naming itself gets itself: a cycle). */
static GArray *wanted_inputs(GHashTable *names, PkNode *node) {
    GArray *out = g_array_new(FALSE, FALSE, sizeof(PkNodeId));
    for (guint i = 0; node->refs != NULL && node->refs[i] != NULL; i++) {
        g_autofree char *lower = g_ascii_strdown(node->refs[i], -1);
        PkNodeId id = GPOINTER_TO_UINT(g_hash_table_lookup(names, lower));
        if (id == 0 || has_id((PkNodeId *)(void *)node->inputs->data, node->n_wired, id) ||
            has_id((PkNodeId *)(void *)out->data, out->len, id)) {
            continue;
        }
        g_array_append_val(out, id);
    }
    return out;
}

/* ---- cycles -------------------------------------------------------------------------------- */

enum { WHITE, GREY, BLACK };

/* Depth first along inputs; on meeting a node still on the path, *out_cycle gets the path from
 * it to here (each node reads the next; the last reads the first). */
static gboolean find_cycle(PkGraph *graph, PkNodeId id, GHashTable *colour, GArray *path,
                           GArray **out_cycle) {
    g_hash_table_insert(colour, GUINT_TO_POINTER(id), GINT_TO_POINTER(GREY));
    g_array_append_val(path, id);
    PkNode *node = pk_graph_node(graph, id);
    for (guint p = 0; p < node->inputs->len; p++) {
        PkNodeId in = g_array_index(node->inputs, PkNodeId, p);
        int c = GPOINTER_TO_INT(g_hash_table_lookup(colour, GUINT_TO_POINTER(in)));
        if (c == GREY) {
            guint start = 0;
            while (g_array_index(path, PkNodeId, start) != in) {
                start++;
            }
            *out_cycle = g_array_new(FALSE, FALSE, sizeof(PkNodeId));
            g_array_append_vals(*out_cycle, &g_array_index(path, PkNodeId, start),
                                path->len - start);
            return TRUE;
        }
        if (c == WHITE && find_cycle(graph, in, colour, path, out_cycle)) {
            return TRUE;
        }
    }
    g_hash_table_insert(colour, GUINT_TO_POINTER(id), GINT_TO_POINTER(BLACK));
    g_array_set_size(path, path->len - 1);
    return FALSE;
}

/* FALSE with a message naming the nodes of a cycle, when the inputs hold one. */
static gboolean check_acyclic(PkGraph *graph, GError **error) {
    g_autoptr(GHashTable) colour = g_hash_table_new(g_direct_hash, g_direct_equal);
    g_autoptr(GArray) path = g_array_new(FALSE, FALSE, sizeof(PkNodeId));
    g_autoptr(GArray) cycle = NULL;
    for (guint i = 0; i < graph->order->len && cycle == NULL; i++) {
        PkNodeId id = g_array_index(graph->order, PkNodeId, i);
        if (!g_hash_table_contains(colour, GUINT_TO_POINTER(id))) {
            find_cycle(graph, id, colour, path, &cycle);
        }
    }
    if (cycle == NULL) {
        return TRUE;
    }
    GString *text = g_string_new(NULL);
    for (guint i = 0; i < cycle->len; i++) {
        PkNode *a = pk_graph_node(graph, g_array_index(cycle, PkNodeId, i));
        PkNode *b = pk_graph_node(graph, g_array_index(cycle, PkNodeId, (i + 1) % cycle->len));
        g_string_append_printf(text, "%s'%s' reads '%s'", i > 0 ? ", " : "", a->name, b->name);
    }
    g_set_error(error, PK_ERROR, PK_ERROR_INVALID,
                "The tables this SQL names would make a cycle: %s. A node cannot read its own "
                "result, directly or through other nodes; change the SQL so that it names "
                "other tables.",
                text->str);
    g_string_free(text, TRUE);
    return FALSE;
}

/* ---- derivation ---------------------------------------------------------------------------- */

typedef struct {
    PkNodeId id;
    GArray *inputs; /* as they were */
} Saved;

static void saved_free(gpointer data) {
    Saved *saved = data;
    g_array_unref(saved->inputs);
    g_free(saved);
}

static Saved *save_inputs(const PkNode *node) {
    Saved *saved = g_new0(Saved, 1);
    saved->id = node->id;
    saved->inputs = g_array_copy(node->inputs);
    return saved;
}

static gboolean same_ids(GArray *a, GArray *b) {
    return a->len == b->len &&
           (a->len == 0 || memcmp(a->data, b->data, sizeof(PkNodeId) * a->len) == 0);
}

/* Brings every query's derived run up to date; *out_changed gets the old inputs of the nodes
 * that changed. On a cycle every node is put back and FALSE comes back. */
static gboolean derive_inputs(PkGraph *graph, GPtrArray **out_changed, GError **error) {
    GPtrArray *changed = g_ptr_array_new_with_free_func(saved_free);
    g_autoptr(GHashTable) names = table_names(graph);
    for (guint i = 0; i < graph->order->len; i++) {
        PkNode *node = pk_graph_node(graph, g_array_index(graph->order, PkNodeId, i));
        if (node->kind != PK_NODE_QUERY) {
            continue;
        }
        g_autoptr(GArray) want = wanted_inputs(names, node);
        guint n_derived = node->inputs->len - node->n_wired;
        if (n_derived == want->len &&
            (want->len == 0 || memcmp(&g_array_index(node->inputs, PkNodeId, node->n_wired),
                                      want->data, sizeof(PkNodeId) * want->len) == 0)) {
            continue;
        }
        g_ptr_array_add(changed, save_inputs(node));
        g_array_set_size(node->inputs, node->n_wired);
        g_array_append_vals(node->inputs, want->data, want->len);
    }
    if (changed->len > 0 && !check_acyclic(graph, error)) {
        for (guint i = 0; i < changed->len; i++) {
            Saved *saved = changed->pdata[i];
            PkNode *node = pk_graph_node(graph, saved->id);
            g_array_set_size(node->inputs, 0);
            g_array_append_vals(node->inputs, saved->inputs->data, saved->inputs->len);
        }
        g_ptr_array_unref(changed);
        return FALSE;
    }
    *out_changed = changed;
    return TRUE;
}

gboolean pk_graph_derive(PkGraph *graph, GError **error) {
    if (graph->derive_held > 0) {
        return TRUE;
    }
    GPtrArray *changed = NULL;
    if (!derive_inputs(graph, &changed, error)) {
        return FALSE;
    }
    for (guint i = 0; i < changed->len; i++) {
        pk_graph_mark_dirty(graph, ((Saved *)changed->pdata[i])->id);
    }
    g_ptr_array_unref(changed);
    return TRUE;
}

void pk_graph_derive_hold(PkGraph *graph) {
    if (graph->derive_held++ > 0) {
        return;
    }
    g_assert(graph->held == NULL);
    graph->held = g_ptr_array_new_with_free_func(saved_free);
    for (guint i = 0; i < graph->order->len; i++) {
        PkNode *node = pk_graph_node(graph, g_array_index(graph->order, PkNodeId, i));
        if (node->inputs->len > node->n_wired) {
            g_ptr_array_add(graph->held, save_inputs(node));
            g_array_set_size(node->inputs, node->n_wired);
        }
    }
}

static gboolean held_has(GPtrArray *held, PkNodeId id) {
    for (guint i = 0; i < held->len; i++) {
        if (((Saved *)held->pdata[i])->id == id) {
            return TRUE;
        }
    }
    return FALSE;
}

gboolean pk_graph_derive_release(PkGraph *graph, GError **error) {
    g_assert(graph->derive_held > 0);
    if (--graph->derive_held > 0) {
        return TRUE;
    }
    g_autoptr(GPtrArray) held = g_steal_pointer(&graph->held);
    GPtrArray *changed = NULL;
    if (!derive_inputs(graph, &changed, error)) {
        return FALSE;
    }
    g_ptr_array_unref(changed);
    /* Dirty: the nodes whose inputs now differ from those they had when the hold began (a
     * node that lost its derived inputs for the hold and got the same back stays as it was;
     * wiring changed during the hold made its node dirty then). */
    for (guint i = 0; i < held->len; i++) {
        Saved *saved = held->pdata[i];
        PkNode *node = pk_graph_node(graph, saved->id);
        if (node != NULL && !same_ids(node->inputs, saved->inputs)) {
            pk_graph_mark_dirty(graph, node->id);
        }
    }
    for (guint i = 0; i < graph->order->len; i++) {
        PkNode *node = pk_graph_node(graph, g_array_index(graph->order, PkNodeId, i));
        if (node->inputs->len > node->n_wired && !held_has(held, node->id)) {
            pk_graph_mark_dirty(graph, node->id);
        }
    }
    return TRUE;
}
