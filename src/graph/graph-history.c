/* graph-history.c — undo and redo of graph edits as snapshots of the recipe state.
 *
 * A state is the graph's nodes in notebook order, each with what a step restores:
 *
 *   PkHistState { label, nodes[n] }      label: the edit that led here (NULL for the first)
 *   PkHistNode  { id, kind, name, params (a reference to the node's own canonical a{sv}),
 *                 x, y, inputs[n_inputs], fingerprint, selection }
 *
 * Parameters are shared with the graph, so a snapshot costs a few small allocations per node.
 * The graph replaces a node's params only when their hash changes, so the same pointer means
 * the same parameters and comparing a state with the graph is cheap. Two states are equal when
 * their nodes are, position by position (so the order counts); a plot's "view", a source's
 * fingerprint and selection are not compared.
 *
 *   states: [s0] [s1] ... [current] ... [last]       undo moves current left, redo right;
 *            oldest                      redo list   a commit drops the redo list and appends
 *
 * A state holds the wired inputs only: a query's derived inputs follow from its parameters and
 * the names, so restoring holds derivation off (pk_graph_derive_hold: the steps in between may
 * name nodes in a cycle) and derives once at the end.
 *
 * Restoring a state applies the difference with the graph's functions, in an order where every
 * call is valid: remove nodes the state lacks; take the inputs off nodes whose inputs differ
 * (what remains is a subset of the state's acyclic edges); rename through temporary names
 * where a name is taken; set changed parameters; add the missing nodes under their ids;
 * connect; then the notebook order and positions. Every graph call leaves a valid graph, so a
 * refusal halfway is repaired by restoring the state from before the call. */
#include "graph-private.h"

#include "pika/error.h"
#include "pika/history.h"

#include <string.h>

typedef struct {
    PkNodeId id;
    PkNodeKind kind;
    char *name;
    GVariant *params;
    double x, y;
    PkNodeId *inputs;
    guint n_inputs;
    char *fingerprint;
    PkSelection *selection;
} PkHistNode;

typedef struct {
    char *label;
    PkHistNode *nodes;
    guint n_nodes;
} PkHistState;

struct PkHistory {
    PkGraph *graph;
    guint max_steps;
    GPtrArray *states; /* PkHistState*, oldest first; never empty */
    guint current;     /* the state the graph was last brought to or committed as */
};

#define EDIT_LABEL "Edit"

/* ---- snapshots ----------------------------------------------------------------------------- */

static void hist_node_clear(PkHistNode *node) {
    g_free(node->name);
    g_clear_pointer(&node->params, g_variant_unref);
    g_free(node->inputs);
    g_free(node->fingerprint);
    if (node->selection != NULL) {
        pk_selection_clear(node->selection);
        g_free(node->selection);
    }
}

static void state_free(gpointer data) {
    PkHistState *state = data;
    for (guint i = 0; i < state->n_nodes; i++) {
        hist_node_clear(&state->nodes[i]);
    }
    g_free(state->nodes);
    g_free(state->label);
    g_free(state);
}

static void hist_node_fill(PkHistNode *out, const PkNode *node) {
    out->id = node->id;
    out->kind = node->kind;
    out->name = g_strdup(node->name);
    out->params = g_variant_ref(node->params);
    out->x = node->x;
    out->y = node->y;
    out->n_inputs = node->n_wired; /* derived inputs follow from the params and names */
    out->inputs = g_memdup2(node->inputs->data, sizeof(PkNodeId) * MAX(node->n_wired, 1));
    out->fingerprint = g_strdup(node->fingerprint);
    if (node->selection != NULL) {
        out->selection = g_new0(PkSelection, 1);
        pk_selection_copy(out->selection, node->selection);
    }
}

/* The graph's state now. Reads the structure, which only the caller's thread changes. */
static PkHistState *state_take(const PkGraph *graph, const char *label) {
    PkHistState *state = g_new0(PkHistState, 1);
    state->label = g_strdup(label);
    state->n_nodes = graph->order->len;
    state->nodes = g_new0(PkHistNode, MAX(state->n_nodes, 1));
    for (guint i = 0; i < state->n_nodes; i++) {
        hist_node_fill(&state->nodes[i],
                       pk_graph_node(graph, g_array_index(graph->order, PkNodeId, i)));
    }
    return state;
}

/* Parameters equal for undo: a plot's "view" does not count. */
static gboolean same_params(PkNodeKind kind, GVariant *a, GVariant *b) {
    if (a == b) {
        return TRUE;
    }
    if (kind == PK_NODE_PLOT) {
        return pk_params_hash_without(a, "view") == pk_params_hash_without(b, "view");
    }
    return g_variant_equal(a, b);
}

static gboolean same_inputs(const PkNodeId *a, guint n_a, const PkNodeId *b, guint n_b) {
    return n_a == n_b && (n_a == 0 || memcmp(a, b, sizeof(PkNodeId) * n_a) == 0);
}

static gboolean same_node(const PkHistNode *a, const PkHistNode *b) {
    return a->id == b->id && a->kind == b->kind && strcmp(a->name, b->name) == 0 && a->x == b->x &&
           a->y == b->y && same_inputs(a->inputs, a->n_inputs, b->inputs, b->n_inputs) &&
           same_params(a->kind, a->params, b->params);
}

static gboolean same_state(const PkHistState *a, const PkHistState *b) {
    if (a->n_nodes != b->n_nodes) {
        return FALSE;
    }
    for (guint i = 0; i < a->n_nodes; i++) {
        if (!same_node(&a->nodes[i], &b->nodes[i])) {
            return FALSE;
        }
    }
    return TRUE;
}

static PkHistState *current_state(const PkHistory *history) {
    return history->states->pdata[history->current];
}

/* TRUE when the graph differs from the last recorded state. */
static gboolean has_uncommitted(const PkHistory *history) {
    PkHistState *now = state_take(history->graph, NULL);
    gboolean differs = !same_state(now, current_state(history));
    state_free(now);
    return differs;
}

/* ---- restoring: the difference, applied through the graph ---------------------------------- */

/* id -> PkHistNode* of state. */
static GHashTable *state_index(const PkHistState *state) {
    GHashTable *index = g_hash_table_new(g_direct_hash, g_direct_equal);
    for (guint i = 0; i < state->n_nodes; i++) {
        g_hash_table_insert(index, GUINT_TO_POINTER(state->nodes[i].id), &state->nodes[i]);
    }
    return index;
}

static PkHistNode *wanted(GHashTable *index, const PkNode *node) {
    PkHistNode *want = g_hash_table_lookup(index, GUINT_TO_POINTER(node->id));
    return want != NULL && want->kind == node->kind ? want : NULL;
}

/* Removes the nodes the state does not have (or has as another kind: added again later). */
static gboolean remove_extra(PkGraph *graph, GHashTable *index, GError **error) {
    guint n = 0;
    g_autofree PkNodeId *ids = pk_graph_list_nodes(graph, &n);
    for (guint i = 0; i < n; i++) {
        if (wanted(index, pk_graph_node(graph, ids[i])) == NULL &&
            !pk_graph_remove_node(graph, ids[i], error)) {
            return FALSE;
        }
    }
    return TRUE;
}

/* Takes every input off the nodes whose inputs differ from the state's. */
static gboolean clear_changed_inputs(PkGraph *graph, GHashTable *index, GError **error) {
    for (guint i = 0; i < graph->order->len; i++) {
        PkNode *node = pk_graph_node(graph, g_array_index(graph->order, PkNodeId, i));
        PkHistNode *want = wanted(index, node);
        if (same_inputs((PkNodeId *)(void *)node->inputs->data, node->inputs->len, want->inputs,
                        want->n_inputs)) {
            continue;
        }
        while (node->inputs->len > 0) {
            if (!pk_graph_disconnect(graph, node->id, node->inputs->len - 1, error)) {
                return FALSE;
            }
        }
    }
    return TRUE;
}

/* A name no node has, for a node on its way to a name another node still holds. */
static char *temporary_name(const PkGraph *graph, PkNodeId id) {
    char *name = g_strdup_printf("_undo_%u", id);
    for (guint k = 1; pk_graph_find(graph, name) != 0; k++) {
        g_free(name);
        name = g_strdup_printf("_undo_%u_%u", id, k);
    }
    return name;
}

/* Renames so that no rename meets a name still in use: a node whose name is free takes it at
 * once, the others go through a temporary name, and take theirs once every node has moved. */
static gboolean rename_all(PkGraph *graph, const PkHistState *state, GError **error) {
    g_autoptr(GPtrArray) later = g_ptr_array_new();
    for (guint i = 0; i < state->n_nodes; i++) {
        PkHistNode *want = &state->nodes[i];
        PkNode *node = pk_graph_node(graph, want->id);
        if (node == NULL || strcmp(node->name, want->name) == 0) {
            continue;
        }
        PkNodeId holder = pk_graph_find(graph, want->name);
        g_autofree char *name = holder == 0 || holder == want->id ? g_strdup(want->name)
                                                                  : temporary_name(graph, want->id);
        if (!pk_graph_rename(graph, want->id, name, error)) {
            return FALSE;
        }
        if (strcmp(name, want->name) != 0) {
            g_ptr_array_add(later, want);
        }
    }
    for (guint i = 0; i < later->len; i++) {
        PkHistNode *want = later->pdata[i];
        if (!pk_graph_rename(graph, want->id, want->name, error)) {
            return FALSE;
        }
    }
    return TRUE;
}

/* The state's parameters for node, with a plot's current "view" kept. New reference. */
static GVariant *params_keeping_view(const PkNode *node, GVariant *params) {
    if (node->kind != PK_NODE_PLOT) {
        return g_variant_ref(params);
    }
    g_autoptr(GVariant) view = g_variant_lookup_value(node->params, "view", NULL);
    GVariantDict dict;
    g_variant_dict_init(&dict, params);
    g_variant_dict_remove(&dict, "view");
    if (view != NULL) {
        g_variant_dict_insert_value(&dict, "view", view);
    }
    return g_variant_ref_sink(g_variant_dict_end(&dict));
}

static gboolean set_changed_params(PkGraph *graph, const PkHistState *state, GError **error) {
    for (guint i = 0; i < state->n_nodes; i++) {
        PkHistNode *want = &state->nodes[i];
        PkNode *node = pk_graph_node(graph, want->id);
        if (node == NULL || same_params(node->kind, node->params, want->params)) {
            continue;
        }
        g_autoptr(GVariant) params = params_keeping_view(node, want->params);
        if (!pk_graph_set_params(graph, want->id, params, error)) {
            return FALSE;
        }
    }
    return TRUE;
}

/* A node the state has and the graph lacks comes back as it was, under its id. */
static gboolean add_one(PkGraph *graph, const PkHistNode *want, GError **error) {
    if (pk_graph_add_node_with_id(graph, want->id, want->kind, want->name, want->params, error) ==
        0) {
        return FALSE;
    }
    if (want->fingerprint != NULL) {
        pk_graph_set_fingerprint(graph, want->id, want->fingerprint);
    }
    g_autoptr(GError) local = NULL;
    if (want->selection != NULL &&
        !pk_graph_set_selection(graph, want->id, want->selection, &local)) {
        g_debug("history: the selection of '%s' is not restored: %s", want->name, local->message);
    }
    return TRUE;
}

static gboolean add_missing(PkGraph *graph, const PkHistState *state, GError **error) {
    for (guint i = 0; i < state->n_nodes; i++) {
        if (pk_graph_node(graph, state->nodes[i].id) == NULL &&
            !add_one(graph, &state->nodes[i], error)) {
            return FALSE;
        }
    }
    return TRUE;
}

/* Connects the inputs of the nodes left without the state's inputs (all of them cleared). */
static gboolean connect_inputs(PkGraph *graph, const PkHistState *state, GError **error) {
    for (guint i = 0; i < state->n_nodes; i++) {
        PkHistNode *want = &state->nodes[i];
        PkNode *node = pk_graph_node(graph, want->id);
        if (same_inputs((PkNodeId *)(void *)node->inputs->data, node->inputs->len, want->inputs,
                        want->n_inputs)) {
            continue;
        }
        for (guint port = node->inputs->len; port < want->n_inputs; port++) {
            if (!pk_graph_connect(graph, want->inputs[port], want->id, port, error)) {
                return FALSE;
            }
        }
    }
    return TRUE;
}

/* Notebook order and canvas positions (layout: nothing becomes dirty, nothing fails). */
static void arrange(PkGraph *graph, const PkHistState *state) {
    for (guint i = 0; i < state->n_nodes; i++) {
        PkHistNode *want = &state->nodes[i];
        if (g_array_index(graph->order, PkNodeId, i) != want->id) {
            pk_graph_move(graph, want->id, i, NULL);
        }
        PkNode *node = pk_graph_node(graph, want->id);
        if (node->x != want->x || node->y != want->y) {
            pk_graph_set_position(graph, want->id, want->x, want->y);
        }
    }
}

static gboolean apply_state(PkGraph *graph, const PkHistState *state, GError **error) {
    g_autoptr(GHashTable) index = state_index(state);
    pk_graph_derive_hold(graph);
    gboolean ok = remove_extra(graph, index, error) && clear_changed_inputs(graph, index, error) &&
                  rename_all(graph, state, error) && set_changed_params(graph, state, error) &&
                  add_missing(graph, state, error) && connect_inputs(graph, state, error);
    GError *derive_error = NULL;
    if (!pk_graph_derive_release(graph, ok ? error : &derive_error)) {
        ok = FALSE;
    }
    g_clear_error(&derive_error);
    if (ok) {
        arrange(graph, state);
    }
    return ok;
}

/* Brings the graph to state number `to`. On a refusal halfway the graph goes back to where it
 * was and the history stays. */
static gboolean go_to(PkHistory *history, guint to, const char *verb, GError **error) {
    PkGraph *graph = history->graph;
    PkHistState *before = state_take(graph, NULL);
    GError *local = NULL;
    gboolean ok = apply_state(graph, history->states->pdata[to], &local);
    if (ok) {
        history->current = to;
    } else {
        g_autoptr(GError) repair = NULL;
        if (!apply_state(graph, before, &repair)) {
            g_warning("history: could not put the graph back after a failed %s: %s", verb,
                      repair->message);
        }
        g_propagate_prefixed_error(error, local, "Could not %s: ", verb);
    }
    state_free(before);
    return ok;
}

/* ---- the history --------------------------------------------------------------------------- */

PkHistory *pk_history_new(PkGraph *graph, guint max_steps) {
    g_return_val_if_fail(graph != NULL, NULL);
    PkHistory *history = g_new0(PkHistory, 1);
    history->graph = graph;
    history->max_steps = max_steps > 0 ? max_steps : PK_HISTORY_DEFAULT_STEPS;
    history->states = g_ptr_array_new_with_free_func(state_free);
    g_ptr_array_add(history->states, state_take(graph, NULL));
    return history;
}

void pk_history_free(PkHistory *history) {
    if (history == NULL) {
        return;
    }
    g_ptr_array_unref(history->states);
    g_free(history);
}

void pk_history_reset(PkHistory *history) {
    g_return_if_fail(history != NULL);
    g_ptr_array_set_size(history->states, 0);
    g_ptr_array_add(history->states, state_take(history->graph, NULL));
    history->current = 0;
}

gboolean pk_history_commit(PkHistory *history, const char *label) {
    g_return_val_if_fail(history != NULL, FALSE);
    PkHistState *now = state_take(history->graph, label != NULL ? label : EDIT_LABEL);
    if (same_state(now, current_state(history))) {
        state_free(now);
        return FALSE;
    }
    g_ptr_array_set_size(history->states, history->current + 1); /* forget the redo list */
    g_ptr_array_add(history->states, now);
    history->current++;
    while (history->states->len > history->max_steps + 1) {
        g_ptr_array_remove_index(history->states, 0);
        history->current--;
    }
    return TRUE;
}

guint pk_history_n_undo(const PkHistory *history) {
    return history->current;
}

guint pk_history_n_redo(const PkHistory *history) {
    return history->states->len - 1 - history->current;
}

gboolean pk_history_can_undo(const PkHistory *history) {
    return history->current > 0 || has_uncommitted(history);
}

gboolean pk_history_can_redo(const PkHistory *history) {
    return pk_history_n_redo(history) > 0 && !has_uncommitted(history);
}

const char *pk_history_undo_label(const PkHistory *history) {
    if (has_uncommitted(history)) {
        return EDIT_LABEL;
    }
    return history->current > 0 ? current_state(history)->label : NULL;
}

const char *pk_history_redo_label(const PkHistory *history) {
    if (!pk_history_can_redo(history)) {
        return NULL;
    }
    return ((PkHistState *)history->states->pdata[history->current + 1])->label;
}

gboolean pk_history_undo(PkHistory *history, GError **error) {
    g_return_val_if_fail(history != NULL, FALSE);
    if (!pk_graph_check_idle(history->graph, error)) {
        return FALSE;
    }
    pk_history_commit(history, EDIT_LABEL);
    if (history->current == 0) {
        g_set_error_literal(error, PK_ERROR, PK_ERROR_NOT_FOUND, "Nothing to undo.");
        return FALSE;
    }
    return go_to(history, history->current - 1, "undo", error);
}

gboolean pk_history_redo(PkHistory *history, GError **error) {
    g_return_val_if_fail(history != NULL, FALSE);
    if (!pk_graph_check_idle(history->graph, error)) {
        return FALSE;
    }
    pk_history_commit(history, EDIT_LABEL);
    if (pk_history_n_redo(history) == 0) {
        g_set_error_literal(error, PK_ERROR, PK_ERROR_NOT_FOUND, "Nothing to redo.");
        return FALSE;
    }
    return go_to(history, history->current + 1, "redo", error);
}
