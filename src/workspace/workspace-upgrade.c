/* workspace-upgrade.c — older workspace formats, turned into the current one in memory.
 *
 * Version 0 (the first file format) differed from version 1 in three ways:
 *
 *   version 0                                   version 1
 *   {"version": 0,                              {"format": "pika-workspace", "version": 1,
 *    "nodes": [{"name": "t", "kind": "source",   "nodes": [{"name": "t", "kind": "source",
 *               "path": "t.csv"}, ...],                     "params": {"path": "t.csv"}}, ...],
 *    "edges": [["t", "q"], ...]}                 "edges": [{"from": "t", "to": "q",
 *                                                           "port": 0}, ...]}
 *
 * - a node's parameters were the node's own members (everything but name and kind);
 * - an edge was a [from, to] pair, and a node's inputs were numbered in the order its edges
 *   appear;
 * - there was no layout, no selections and no fingerprints (sources are re-imported once).
 *
 * The upgrade only reshapes: the result goes through the same checks as a current file. */
#include "workspace-private.h"

#include <string.h>

static JsonObject *upgrade_node(JsonNode *node, const char *name, guint index, GError **error) {
    if (!JSON_NODE_HOLDS_OBJECT(node)) {
        pk_ws_error(error, PK_ERROR_TYPE, name, PK_WS_FIX, "node %u must be an object, not %s",
                    index + 1, pk_ws_json_type_name(node));
        return NULL;
    }
    JsonObject *old = json_node_get_object(node);
    JsonObject *upgraded = json_object_new();
    JsonObject *params = json_object_new();
    GList *members = json_object_get_members(old);
    for (GList *l = members; l != NULL; l = l->next) {
        const char *key = l->data;
        JsonNode *value = json_node_copy(json_object_get_member(old, key));
        if (strcmp(key, "name") == 0 || strcmp(key, "kind") == 0) {
            json_object_set_member(upgraded, key, value);
        } else {
            json_object_set_member(params, key, value);
        }
    }
    g_list_free(members);
    json_object_set_object_member(upgraded, "params", params);
    return upgraded;
}

static JsonArray *upgrade_nodes(JsonObject *root, const char *name, GError **error) {
    JsonNode *node = json_object_get_member(root, "nodes");
    if (node == NULL || !JSON_NODE_HOLDS_ARRAY(node)) {
        pk_ws_error(error, node == NULL ? PK_ERROR_PARSE : PK_ERROR_TYPE, name, PK_WS_FIX,
                    "\"nodes\" must be an array of nodes");
        return NULL;
    }
    JsonArray *old = json_node_get_array(node);
    guint n = json_array_get_length(old);
    if (n > PK_WORKSPACE_MAX_NODES) {
        /* Refused before copying; the same check runs again on the result. */
        pk_ws_error(error, PK_ERROR_TOO_LARGE, name,
                    "split the analysis into several "
                    "workspaces",
                    "%u nodes, more than a workspace may hold (%d)", n, PK_WORKSPACE_MAX_NODES);
        return NULL;
    }
    JsonArray *nodes = json_array_sized_new(n);
    for (guint i = 0; i < n; i++) {
        JsonObject *upgraded = upgrade_node(json_array_get_element(old, i), name, i, error);
        if (upgraded == NULL) {
            json_array_unref(nodes);
            return NULL;
        }
        json_array_add_object_element(nodes, upgraded);
    }
    return nodes;
}

static gboolean is_pair_of_strings(JsonNode *node) {
    if (!JSON_NODE_HOLDS_ARRAY(node) || json_array_get_length(json_node_get_array(node)) != 2) {
        return FALSE;
    }
    for (guint i = 0; i < 2; i++) {
        JsonNode *c = json_array_get_element(json_node_get_array(node), i);
        if (!JSON_NODE_HOLDS_VALUE(c) || json_node_get_value_type(c) != G_TYPE_STRING) {
            return FALSE;
        }
    }
    return TRUE;
}

static JsonArray *upgrade_edges(JsonObject *root, const char *name, GError **error) {
    JsonNode *node = json_object_get_member(root, "edges");
    JsonArray *edges = json_array_new();
    if (node == NULL) {
        return edges;
    }
    JsonArray *old = JSON_NODE_HOLDS_ARRAY(node) ? json_node_get_array(node) : NULL;
    guint n = old != NULL ? json_array_get_length(old) : 0;
    g_autoptr(GHashTable) ports = g_hash_table_new(g_str_hash, g_str_equal);
    for (guint i = 0; i < n && old != NULL; i++) {
        JsonNode *pair = json_array_get_element(old, i);
        if (!is_pair_of_strings(pair)) {
            old = NULL;
            break;
        }
        const char *from = json_array_get_string_element(json_node_get_array(pair), 0);
        const char *to = json_array_get_string_element(json_node_get_array(pair), 1);
        guint port = GPOINTER_TO_UINT(g_hash_table_lookup(ports, to));
        g_hash_table_insert(ports, (gpointer)to, GUINT_TO_POINTER(port + 1));
        JsonObject *edge = json_object_new();
        json_object_set_string_member(edge, "from", from);
        json_object_set_string_member(edge, "to", to);
        json_object_set_int_member(edge, "port", port);
        json_array_add_object_element(edges, edge);
    }
    if (old == NULL) {
        pk_ws_error(error, PK_ERROR_TYPE, name, PK_WS_FIX,
                    "\"edges\" of a version 0 file must be an array of [from, to] pairs");
        json_array_unref(edges);
        return NULL;
    }
    return edges;
}

JsonObject *pk_ws_upgrade_v0(JsonObject *root, const char *name, GError **error) {
    JsonArray *nodes = upgrade_nodes(root, name, error);
    if (nodes == NULL) {
        return NULL;
    }
    JsonArray *edges = upgrade_edges(root, name, error);
    if (edges == NULL) {
        json_array_unref(nodes);
        return NULL;
    }
    JsonObject *upgraded = json_object_new();
    json_object_set_string_member(upgraded, "format", "pika-workspace");
    json_object_set_int_member(upgraded, "version", PK_WORKSPACE_VERSION);
    json_object_set_array_member(upgraded, "nodes", nodes);
    json_object_set_array_member(upgraded, "edges", edges);
    return upgraded;
}
