/* graph.c — the graph's structure: nodes, names, parameters, edges, layout, observers and
 * dirty propagation. Evaluation lives in graph-eval.c, what each kind does in graph-nodes.c. */
#include "graph-private.h"

#include "pika/error.h"

#include <string.h>

/* Words that would make a node name unusable as a table name in SQL without quotes. */
static const char *const reserved_words[] = {
    "all",   "and",    "any",     "as",      "asc",     "between",   "by",     "case",     "cast",
    "check", "column", "create",  "cross",   "default", "delete",    "desc",   "distinct", "drop",
    "else",  "end",    "except",  "exists",  "false",   "fetch",     "for",    "from",     "full",
    "group", "having", "in",      "inner",   "insert",  "intersect", "into",   "is",       "join",
    "left",  "like",   "limit",   "natural", "not",     "null",      "offset", "on",       "or",
    "order", "outer",  "pivot",   "qualify", "right",   "select",    "set",    "table",    "then",
    "true",  "union",  "unpivot", "update",  "using",   "values",    "when",   "where",    "window",
    "with",  NULL};

gboolean pk_graph_check_name(const char *name, GError **error) {
    if (name == NULL || name[0] == '\0') {
        g_set_error_literal(error, PK_ERROR, PK_ERROR_INVALID, "A node needs a name.");
        return FALSE;
    }
    gsize n = strlen(name);
    gboolean ok = n <= 63 && (g_ascii_isalpha(name[0]) || name[0] == '_');
    for (gsize i = 0; ok && i < n; i++) {
        ok = g_ascii_isalnum(name[i]) || name[i] == '_';
    }
    if (!ok) {
        g_set_error(error, PK_ERROR, PK_ERROR_INVALID,
                    "'%.80s' is not a valid node name: use letters, digits and '_', starting "
                    "with a letter or '_', at most 63 characters (e.g. sales_2024).",
                    name);
        return FALSE;
    }
    g_autofree char *lower = g_ascii_strdown(name, -1);
    if (g_strv_contains(reserved_words, lower) || g_str_has_prefix(lower, "pika_")) {
        g_set_error(error, PK_ERROR, PK_ERROR_INVALID,
                    "'%s' cannot name a node: it is %s. Choose another name, e.g. %s_1.", name,
                    g_str_has_prefix(lower, "pika_") ? "reserved for Pika-Plot's own tables"
                                                     : "a word SQL reserves",
                    name);
        return FALSE;
    }
    return TRUE;
}

static void node_free(gpointer data) {
    PkNode *node = data;
    g_free(node->name);
    g_clear_pointer(&node->params, g_variant_unref);
    g_array_unref(node->inputs);
    g_strfreev(node->refs);
    g_free(node->fingerprint);
    g_free(node->load_error);
    g_clear_pointer(&node->import_report, g_variant_unref);
    if (node->selection != NULL) {
        pk_selection_clear(node->selection);
        g_free(node->selection);
    }
    g_free(node->message);
    pk_graph_value_unref(node->value);
    g_clear_pointer(&node->cancel, pk_cancel_unref);
    g_free(node);
}

PkGraph *pk_graph_new(PkDb *db, PkCompute *compute, const char *base_dir) {
    g_return_val_if_fail(db != NULL, NULL);
    PkGraph *graph = g_new0(PkGraph, 1);
    graph->db = db;
    graph->compute = compute;
    graph->base_dir =
        base_dir != NULL ? g_canonicalize_filename(base_dir, NULL) : g_get_current_dir();
    graph->nodes = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, node_free);
    graph->order = g_array_new(FALSE, FALSE, sizeof(PkNodeId));
    graph->next_id = 1;
    graph->view_zoom = 1.0;
    graph->observers = g_array_new(FALSE, FALSE, sizeof(PkObserver));
    graph->next_observer = 1;
    g_mutex_init(&graph->lock);
    g_cond_init(&graph->changed);
    graph->janitor = pk_janitor_new();
    graph->cache =
        g_hash_table_new_full(g_str_hash, g_str_equal, g_free, pk_graph_cache_free_entry);
    graph->cache_budget = 512u << 20;
    return graph;
}

void pk_graph_free(PkGraph *graph) {
    if (graph == NULL) {
        return;
    }
    pk_graph_cancel(graph, 0);
    pk_graph_wait(graph);
    g_hash_table_unref(graph->cache);
    g_hash_table_unref(graph->nodes);
    pk_janitor_unref(graph->janitor);
    g_clear_pointer(&graph->held, g_ptr_array_unref);
    g_array_unref(graph->order);
    g_array_unref(graph->observers);
    g_mutex_clear(&graph->lock);
    g_cond_clear(&graph->changed);
    g_free(graph->base_dir);
    g_free(graph->export_dir);
    g_free(graph);
}

const char *pk_graph_get_base_dir(const PkGraph *graph) {
    return graph->base_dir;
}

void pk_graph_set_export_dir(PkGraph *graph, const char *dir) {
    g_free(graph->export_dir);
    graph->export_dir = dir != NULL ? g_canonicalize_filename(dir, graph->base_dir) : NULL;
}

const char *pk_graph_get_export_dir(const PkGraph *graph) {
    return graph->export_dir != NULL ? graph->export_dir : graph->base_dir;
}

void pk_graph_set_cache_budget(PkGraph *graph, guint64 bytes) {
    g_mutex_lock(&graph->lock);
    graph->cache_budget = bytes;
    pk_graph_cache_trim(graph);
    g_mutex_unlock(&graph->lock);
}

void pk_graph_set_workers(PkGraph *graph, guint n) {
    graph->n_workers = n;
}

PkNode *pk_graph_node(const PkGraph *graph, PkNodeId id) {
    return g_hash_table_lookup(graph->nodes, GUINT_TO_POINTER(id));
}

gboolean pk_graph_check_idle(PkGraph *graph, GError **error) {
    g_mutex_lock(&graph->lock);
    gboolean busy = graph->running;
    g_mutex_unlock(&graph->lock);
    if (busy) {
        g_set_error_literal(error, PK_ERROR, PK_ERROR_INVALID,
                            "The graph is busy evaluating; cancel or wait, then try again.");
    }
    return !busy;
}

static PkNode *get_node(PkGraph *graph, PkNodeId id, GError **error) {
    PkNode *node = pk_graph_node(graph, id);
    if (node == NULL) {
        g_set_error(error, PK_ERROR, PK_ERROR_NOT_FOUND, "There is no node with id %u.", id);
    }
    return node;
}

static gboolean check_unique(PkGraph *graph, const char *name, PkNodeId except, GError **error) {
    PkNodeId other = pk_graph_find(graph, name);
    if (other != 0 && other != except) {
        g_set_error(error, PK_ERROR, PK_ERROR_EXISTS,
                    "A node named '%s' already exists; choose another name.", name);
        return FALSE;
    }
    return TRUE;
}

/* A requested id must be free; 0 asks for the next one. */
static gboolean check_new_id(PkGraph *graph, PkNodeId id, GError **error) {
    if (id != 0 && pk_graph_node(graph, id) != NULL) {
        g_set_error(error, PK_ERROR, PK_ERROR_EXISTS,
                    "Node id %u is taken by '%s'; remove that node first.", id,
                    pk_graph_node(graph, id)->name);
        return FALSE;
    }
    return TRUE;
}

PkNodeId pk_graph_add_node_with_id(PkGraph *graph, PkNodeId id, PkNodeKind kind, const char *name,
                                   GVariant *params, GError **error) {
    g_return_val_if_fail(graph != NULL, 0);
    g_autoptr(GVariant) sunk = params != NULL ? g_variant_ref_sink(params) : NULL;
    if (!pk_graph_check_idle(graph, error) || !check_new_id(graph, id, error) ||
        !pk_graph_check_name(name, error) || !check_unique(graph, name, 0, error)) {
        return 0;
    }
    g_autoptr(GVariant) canon = pk_params_canonical(sunk);
    if (!pk_graph_check_params(kind, canon, error)) {
        g_prefix_error(error, "Node '%s': ", name);
        return 0;
    }
    PkNode *node = g_new0(PkNode, 1);
    node->id = id != 0 ? id : graph->next_id;
    graph->next_id = MAX(graph->next_id, node->id + 1); /* fresh ids never reuse old ones */
    node->kind = kind;
    node->name = g_strdup(name);
    node->params = g_steal_pointer(&canon);
    node->param_hash = pk_params_hash(node->params);
    node->inputs = g_array_new(FALSE, FALSE, sizeof(PkNodeId));
    node->dirty = TRUE;
    if (kind == PK_NODE_QUERY) {
        node->refs = pk_graph_parse_refs(pk_params_get_string(node->params, "sql", ""));
    }
    g_hash_table_insert(graph->nodes, GUINT_TO_POINTER(node->id), node);
    g_array_append_val(graph->order, node->id);
    PkNodeId added = node->id;
    if (!pk_graph_derive(graph, error)) {
        g_array_set_size(graph->order, graph->order->len - 1);
        g_hash_table_remove(graph->nodes, GUINT_TO_POINTER(added));
        g_prefix_error(error, "Node '%s': ", name);
        return 0;
    }
    return added;
}

PkNodeId pk_graph_add_node(PkGraph *graph, PkNodeKind kind, const char *name, GVariant *params,
                           GError **error) {
    return pk_graph_add_node_with_id(graph, 0, kind, name, params, error);
}

gboolean pk_graph_remove_node(PkGraph *graph, PkNodeId id, GError **error) {
    if (!pk_graph_check_idle(graph, error) || get_node(graph, id, error) == NULL) {
        return FALSE;
    }
    guint n_deps = 0;
    g_autofree PkNodeId *deps = pk_graph_get_dependents(graph, id, &n_deps);
    for (guint i = 0; i < n_deps; i++) {
        PkNode *dep = pk_graph_node(graph, deps[i]);
        for (guint p = dep->inputs->len; p-- > 0;) {
            if (g_array_index(dep->inputs, PkNodeId, p) == id) {
                g_array_remove_index(dep->inputs, p);
                dep->n_wired -= p < dep->n_wired ? 1 : 0;
            }
        }
        pk_graph_mark_dirty(graph, deps[i]);
    }
    for (guint i = 0; i < graph->order->len; i++) {
        if (g_array_index(graph->order, PkNodeId, i) == id) {
            g_array_remove_index(graph->order, i);
            break;
        }
    }
    g_hash_table_remove(graph->nodes, GUINT_TO_POINTER(id));
    g_autoptr(GError) local = NULL;
    if (!pk_graph_derive(graph, &local)) { /* fewer nodes cannot close a cycle */
        g_warning("graph: inputs not derived after removing a node: %s", local->message);
    }
    return TRUE;
}

/* A plot's view changed: it needs evaluating again (for exports and saved pictures) but keeps
 * its state, since its window already shows the new view; what reads it is dirty as usual. */
static void mark_view_changed(PkGraph *graph, PkNode *node) {
    g_mutex_lock(&graph->lock);
    node->dirty = TRUE;
    g_mutex_unlock(&graph->lock);
    pk_graph_notify(graph, node);
    guint n = 0;
    g_autofree PkNodeId *deps = pk_graph_get_dependents(graph, node->id, &n);
    for (guint i = 0; i < n; i++) {
        pk_graph_mark_dirty(graph, deps[i]);
    }
}

/* A query's new SQL: its refs, and the inputs they derive. On a cycle the query keeps its SQL,
 * refs and inputs, and FALSE comes back. Other kinds: TRUE. */
static gboolean set_query_params(PkGraph *graph, PkNode *node, GVariant *params, GError **error) {
    if (node->kind != PK_NODE_QUERY) {
        return TRUE;
    }
    char **old_refs = node->refs;
    node->refs = pk_graph_parse_refs(pk_params_get_string(params, "sql", ""));
    if (!pk_graph_derive(graph, error)) {
        g_strfreev(node->refs);
        node->refs = old_refs;
        g_prefix_error(error, "Query '%s': ", node->name);
        return FALSE;
    }
    g_strfreev(old_refs);
    return TRUE;
}

gboolean pk_graph_set_params(PkGraph *graph, PkNodeId id, GVariant *params, GError **error) {
    g_autoptr(GVariant) sunk = params != NULL ? g_variant_ref_sink(params) : NULL;
    PkNode *node = get_node(graph, id, error);
    if (node == NULL || !pk_graph_check_idle(graph, error)) {
        return FALSE;
    }
    g_autoptr(GVariant) canon = pk_params_canonical(sunk);
    if (!pk_graph_check_params(node->kind, canon, error)) {
        g_prefix_error(error, "Node '%s': ", node->name);
        return FALSE;
    }
    guint64 hash = pk_params_hash(canon);
    if (hash == node->param_hash) {
        return TRUE;
    }
    gboolean view_only =
        node->kind == PK_NODE_PLOT &&
        pk_params_hash_without(canon, "view") == pk_params_hash_without(node->params, "view");
    if (!set_query_params(graph, node, canon, error)) {
        return FALSE;
    }
    g_variant_unref(node->params);
    node->params = g_steal_pointer(&canon);
    node->param_hash = hash;
    g_clear_pointer(&node->load_error, g_free);
    g_clear_pointer(&node->import_report, g_variant_unref);
    if (view_only) {
        mark_view_changed(graph, node);
    } else {
        pk_graph_mark_dirty(graph, id);
    }
    return TRUE;
}

gboolean pk_graph_rename(PkGraph *graph, PkNodeId id, const char *name, GError **error) {
    PkNode *node = get_node(graph, id, error);
    if (node == NULL || !pk_graph_check_idle(graph, error) || !pk_graph_check_name(name, error) ||
        !check_unique(graph, name, id, error)) {
        return FALSE;
    }
    if (strcmp(node->name, name) != 0) {
        char *old = node->name;
        node->name = g_strdup(name);
        if (!pk_graph_derive(graph, error)) {
            g_free(node->name);
            node->name = old;
            g_prefix_error(error, "Cannot rename '%s' to '%s': ", old, name);
            return FALSE;
        }
        g_free(old);
        pk_graph_mark_dirty(graph, id);
    }
    return TRUE;
}

/* TRUE when `from` is `to` or downstream of it (so an edge to -> ... -> from exists). */
static gboolean reaches_seen(PkGraph *graph, PkNodeId from, PkNodeId to, GHashTable *seen) {
    if (from == to) {
        return TRUE;
    }
    if (!g_hash_table_add(seen, GUINT_TO_POINTER(from))) {
        return FALSE; /* explored already */
    }
    PkNode *node = pk_graph_node(graph, from);
    for (guint i = 0; i < node->inputs->len; i++) {
        if (reaches_seen(graph, g_array_index(node->inputs, PkNodeId, i), to, seen)) {
            return TRUE;
        }
    }
    return FALSE;
}

static gboolean reaches(PkGraph *graph, PkNodeId from, PkNodeId to) {
    g_autoptr(GHashTable) seen = g_hash_table_new(g_direct_hash, g_direct_equal);
    return reaches_seen(graph, from, to, seen);
}

static gboolean check_edge(PkGraph *graph, PkNode *src, PkNode *dst, guint port, GError **error) {
    PkPortType out = pk_node_kind_output(src->kind);
    PkPortType in = pk_graph_input_type(dst->kind);
    guint max = pk_graph_max_inputs(dst->kind, dst->params);
    if (out == PK_PORT_NONE || in == PK_PORT_NONE || (in != PK_PORT_ANY && in != out)) {
        g_set_error(error, PK_ERROR, PK_ERROR_INVALID, "Cannot connect %s '%s' to %s '%s': %s.",
                    pk_node_kind_name(src->kind), src->name, pk_node_kind_name(dst->kind),
                    dst->name,
                    out == PK_PORT_NONE   ? "it has no output"
                    : in == PK_PORT_NONE  ? "it takes no input"
                    : out == PK_PORT_PLOT ? "a plot gives a picture, not rows"
                                          : "it takes a plot, not rows");
        return FALSE;
    }
    if (port > dst->inputs->len || port >= max) {
        g_set_error(error, PK_ERROR, PK_ERROR_INVALID,
                    "%s '%s' has no free input %u (it takes %u).", pk_node_kind_name(dst->kind),
                    dst->name, port, max);
        return FALSE;
    }
    if (reaches(graph, src->id, dst->id)) {
        g_set_error(error, PK_ERROR, PK_ERROR_INVALID,
                    "Connecting '%s' to '%s' would make a cycle: '%s' already reads from '%s'.",
                    src->name, dst->name, src->name, dst->name);
        return FALSE;
    }
    return TRUE;
}

gboolean pk_graph_connect(PkGraph *graph, PkNodeId from, PkNodeId to, guint port, GError **error) {
    PkNode *src = get_node(graph, from, error);
    PkNode *dst = src != NULL ? get_node(graph, to, error) : NULL;
    if (dst == NULL || !pk_graph_check_idle(graph, error) ||
        !check_edge(graph, src, dst, port, error)) {
        return FALSE;
    }
    if (dst->kind == PK_NODE_QUERY) {
        /* wired inputs come before derived ones; the derived run loses `from` if it had it */
        g_array_insert_val(dst->inputs, MIN(port, dst->n_wired), from);
        dst->n_wired++;
        for (guint p = dst->inputs->len; p-- > dst->n_wired;) {
            if (g_array_index(dst->inputs, PkNodeId, p) == from) {
                g_array_remove_index(dst->inputs, p);
            }
        }
    } else if (port < dst->inputs->len) {
        if (pk_node_kind_output(dst->kind) != PK_PORT_TABLE ||
            pk_graph_max_inputs(dst->kind, dst->params) != G_MAXUINT) {
            g_array_index(dst->inputs, PkNodeId, port) = from; /* replace the edge */
        } else {
            g_array_insert_val(dst->inputs, port, from);
        }
    } else {
        g_array_append_val(dst->inputs, from);
    }
    if (dst->kind != PK_NODE_QUERY) {
        dst->n_wired = dst->inputs->len;
    }
    pk_graph_mark_dirty(graph, to);
    return TRUE;
}

gboolean pk_graph_disconnect(PkGraph *graph, PkNodeId to, guint port, GError **error) {
    PkNode *dst = get_node(graph, to, error);
    if (dst == NULL || !pk_graph_check_idle(graph, error)) {
        return FALSE;
    }
    if (port >= dst->inputs->len) {
        g_set_error(error, PK_ERROR, PK_ERROR_NOT_FOUND, "Node '%s' has no input %u.", dst->name,
                    port);
        return FALSE;
    }
    if (port >= dst->n_wired) {
        PkNode *src = pk_graph_node(graph, g_array_index(dst->inputs, PkNodeId, port));
        g_set_error(error, PK_ERROR, PK_ERROR_INVALID,
                    "'%s' is an input of '%s' because its SQL names it; change the SQL to stop "
                    "reading it.",
                    src->name, dst->name);
        return FALSE;
    }
    g_array_remove_index(dst->inputs, port);
    dst->n_wired--;
    pk_graph_mark_dirty(graph, to);
    g_autoptr(GError) local = NULL;
    if (!pk_graph_derive(graph, &local)) { /* at most the same edge comes back, derived */
        g_warning("graph: inputs not derived after a disconnection: %s", local->message);
    }
    return TRUE;
}

/* ---- reading ------------------------------------------------------------------------------- */

PkNodeId *pk_graph_list_nodes(const PkGraph *graph, guint *out_n) {
    *out_n = graph->order->len;
    return g_memdup2(graph->order->data, sizeof(PkNodeId) * MAX(graph->order->len, 1));
}

guint pk_graph_n_nodes(const PkGraph *graph) {
    return graph->order->len;
}

PkNodeId pk_graph_find(const PkGraph *graph, const char *name) {
    for (guint i = 0; name != NULL && i < graph->order->len; i++) {
        PkNode *node = pk_graph_node(graph, g_array_index(graph->order, PkNodeId, i));
        if (g_ascii_strcasecmp(node->name, name) == 0) { /* SQL names ignore case */
            return node->id;
        }
    }
    return 0;
}

gboolean pk_graph_has_node(const PkGraph *graph, PkNodeId id) {
    return pk_graph_node(graph, id) != NULL;
}

PkNodeKind pk_graph_get_kind(const PkGraph *graph, PkNodeId id) {
    PkNode *node = pk_graph_node(graph, id);
    g_return_val_if_fail(node != NULL, PK_NODE_NOTE);
    return node->kind;
}

const char *pk_graph_get_name(const PkGraph *graph, PkNodeId id) {
    PkNode *node = pk_graph_node(graph, id);
    return node != NULL ? node->name : NULL;
}

GVariant *pk_graph_get_params(const PkGraph *graph, PkNodeId id) {
    PkNode *node = pk_graph_node(graph, id);
    return node != NULL ? g_variant_ref(node->params) : NULL;
}

guint pk_graph_n_inputs(const PkGraph *graph, PkNodeId id) {
    PkNode *node = pk_graph_node(graph, id);
    return node != NULL ? node->inputs->len : 0;
}

PkNodeId pk_graph_get_input(const PkGraph *graph, PkNodeId id, guint port) {
    PkNode *node = pk_graph_node(graph, id);
    return node != NULL && port < node->inputs->len ? g_array_index(node->inputs, PkNodeId, port)
                                                    : 0;
}

PkNodeId *pk_graph_get_dependents(const PkGraph *graph, PkNodeId id, guint *out_n) {
    GArray *deps = g_array_new(FALSE, FALSE, sizeof(PkNodeId));
    for (guint i = 0; i < graph->order->len; i++) {
        PkNode *node = pk_graph_node(graph, g_array_index(graph->order, PkNodeId, i));
        for (guint p = 0; p < node->inputs->len; p++) {
            if (g_array_index(node->inputs, PkNodeId, p) == id) {
                g_array_append_val(deps, node->id);
                break;
            }
        }
    }
    *out_n = deps->len;
    return (PkNodeId *)g_array_free(deps, FALSE);
}

/* Depth-first post-order from every node: inputs before the nodes that read them. */
static void visit(const PkGraph *graph, PkNodeId id, GHashTable *seen, GArray *out) {
    if (g_hash_table_contains(seen, GUINT_TO_POINTER(id))) {
        return;
    }
    g_hash_table_add(seen, GUINT_TO_POINTER(id));
    PkNode *node = pk_graph_node(graph, id);
    for (guint p = 0; p < node->inputs->len; p++) {
        visit(graph, g_array_index(node->inputs, PkNodeId, p), seen, out);
    }
    g_array_append_val(out, id);
}

PkNodeId *pk_graph_topological(const PkGraph *graph, guint *out_n) {
    g_autoptr(GHashTable) seen = g_hash_table_new(g_direct_hash, g_direct_equal);
    GArray *out = g_array_new(FALSE, FALSE, sizeof(PkNodeId));
    for (guint i = 0; i < graph->order->len; i++) {
        visit(graph, g_array_index(graph->order, PkNodeId, i), seen, out);
    }
    *out_n = out->len;
    return (PkNodeId *)g_array_free(out, FALSE);
}

/* ---- layout -------------------------------------------------------------------------------- */

gboolean pk_graph_move(PkGraph *graph, PkNodeId id, guint index, GError **error) {
    if (get_node(graph, id, error) == NULL) {
        return FALSE;
    }
    for (guint i = 0; i < graph->order->len; i++) {
        if (g_array_index(graph->order, PkNodeId, i) == id) {
            g_array_remove_index(graph->order, i);
            break;
        }
    }
    g_array_insert_val(graph->order, MIN(index, graph->order->len), id);
    return TRUE;
}

void pk_graph_set_position(PkGraph *graph, PkNodeId id, double x, double y) {
    PkNode *node = pk_graph_node(graph, id);
    g_return_if_fail(node != NULL);
    node->x = x;
    node->y = y;
}

void pk_graph_get_position(const PkGraph *graph, PkNodeId id, double *x, double *y) {
    PkNode *node = pk_graph_node(graph, id);
    *x = node != NULL ? node->x : 0;
    *y = node != NULL ? node->y : 0;
}

void pk_graph_set_viewport(PkGraph *graph, double x, double y, double zoom) {
    graph->view_x = x;
    graph->view_y = y;
    graph->view_zoom = zoom;
}

void pk_graph_get_viewport(const PkGraph *graph, double *x, double *y, double *zoom) {
    *x = graph->view_x;
    *y = graph->view_y;
    *zoom = graph->view_zoom;
}

const char *pk_graph_get_fingerprint(const PkGraph *graph, PkNodeId id) {
    PkNode *node = pk_graph_node(graph, id);
    return node != NULL ? node->fingerprint : NULL;
}

void pk_graph_set_fingerprint(PkGraph *graph, PkNodeId id, const char *fingerprint) {
    PkNode *node = pk_graph_node(graph, id);
    g_return_if_fail(node != NULL);
    g_mutex_lock(&graph->lock);
    g_free(node->fingerprint);
    node->fingerprint = g_strdup(fingerprint);
    g_mutex_unlock(&graph->lock);
}

/* ---- observers, status and dirt ------------------------------------------------------------ */

guint pk_graph_add_observer(PkGraph *graph, PkGraphObserver func, gpointer user_data) {
    PkObserver observer = {graph->next_observer++, func, user_data};
    g_mutex_lock(&graph->lock);
    g_array_append_val(graph->observers, observer);
    g_mutex_unlock(&graph->lock);
    return observer.id;
}

void pk_graph_remove_observer(PkGraph *graph, guint id) {
    g_mutex_lock(&graph->lock);
    for (guint i = 0; i < graph->observers->len; i++) {
        if (g_array_index(graph->observers, PkObserver, i).id == id) {
            g_array_remove_index(graph->observers, i);
            break;
        }
    }
    g_mutex_unlock(&graph->lock);
}

void pk_node_status_clear(PkNodeStatus *status) {
    if (status != NULL) {
        g_clear_pointer(&status->message, g_free);
    }
}

void pk_graph_snapshot(PkNode *node, PkNodeStatus *out) {
    memset(out, 0, sizeof *out);
    out->state = node->state;
    out->dirty = node->dirty;
    out->cached = node->cached;
    out->progress = node->progress;
    out->elapsed_ms = node->state == PK_NODE_RUNNING
                          ? (double)(g_get_monotonic_time() - node->started_us) / 1000.0
                          : node->elapsed_ms;
    out->n_rows = node->n_rows;
    out->error_code = node->error_code;
    out->message = g_strdup(node->message);
    out->cause = node->cause;
}

void pk_graph_get_status(PkGraph *graph, PkNodeId id, PkNodeStatus *out) {
    g_mutex_lock(&graph->lock);
    PkNode *node = pk_graph_node(graph, id);
    if (node != NULL) {
        pk_graph_snapshot(node, out);
    } else {
        memset(out, 0, sizeof *out);
    }
    g_mutex_unlock(&graph->lock);
}

PkGraphValue *pk_graph_get_value(PkGraph *graph, PkNodeId id) {
    g_mutex_lock(&graph->lock);
    PkNode *node = pk_graph_node(graph, id);
    PkGraphValue *value = node != NULL && node->state == PK_NODE_DONE && node->value != NULL
                              ? pk_graph_value_ref(node->value)
                              : NULL;
    g_mutex_unlock(&graph->lock);
    return value;
}

GVariant *pk_graph_get_import_report(PkGraph *graph, PkNodeId id) {
    g_mutex_lock(&graph->lock);
    PkNode *node = pk_graph_node(graph, id);
    GVariant *report =
        node != NULL && node->import_report != NULL ? g_variant_ref(node->import_report) : NULL;
    g_mutex_unlock(&graph->lock);
    return report;
}

guint pk_graph_get_run_count(PkGraph *graph, PkNodeId id) {
    g_mutex_lock(&graph->lock);
    PkNode *node = pk_graph_node(graph, id);
    guint n = node != NULL ? node->run_count : 0;
    g_mutex_unlock(&graph->lock);
    return n;
}

void pk_graph_notify(PkGraph *graph, PkNode *node) {
    g_mutex_lock(&graph->lock);
    PkNodeStatus status;
    pk_graph_snapshot(node, &status);
    guint n = graph->observers->len;
    g_autofree PkObserver *observers =
        g_memdup2(graph->observers->data, sizeof(PkObserver) * MAX(n, 1));
    g_mutex_unlock(&graph->lock);
    for (guint i = 0; i < n; i++) {
        observers[i].func(graph, node->id, &status, observers[i].user_data);
    }
    pk_node_status_clear(&status);
}

void pk_graph_mark_dirty(PkGraph *graph, PkNodeId id) {
    PkNode *node = pk_graph_node(graph, id);
    g_mutex_lock(&graph->lock);
    if (node->dirty && node->state == PK_NODE_IDLE) {
        g_mutex_unlock(&graph->lock);
        return; /* a dirty node's downstream is dirty already */
    }
    node->dirty = TRUE;
    node->state = PK_NODE_IDLE;
    node->cached = FALSE;
    g_clear_pointer(&node->message, g_free);
    node->error_code = 0;
    node->cause = 0;
    g_mutex_unlock(&graph->lock);
    pk_graph_notify(graph, node);
    guint n = 0;
    g_autofree PkNodeId *deps = pk_graph_get_dependents(graph, id, &n);
    for (guint i = 0; i < n; i++) {
        pk_graph_mark_dirty(graph, deps[i]);
    }
}
