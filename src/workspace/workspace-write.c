/* workspace-write.c — a graph as canonical workspace JSON.
 *
 * The text is a pure function of the graph (and the target folder), so saving twice gives the
 * same bytes and a file loaded and saved again is unchanged:
 *
 *   {
 *     "format": "pika-workspace",
 *     "version": 1,
 *     "viewport": {"x": 0.0, "y": 0.0, "zoom": 1.0},
 *     "nodes": [                          notebook order
 *       {
 *         "name": "trips",
 *         "kind": "source",
 *         "position": [0.0, 0.0],
 *         "fingerprint": "...",           sources that were imported
 *         "params": {...}                 keys sorted (pk_params_canonical)
 *       }
 *     ],
 *     "edges": [                          wired inputs only (a query's derived inputs come
 *                                         from its SQL on load), by target, then port
 *       {"from": "trips", "to": "busy", "port": 0}
 *     ],
 *     "selections": [                     one per source with a selection, notebook order
 *       {"source": "trips", "kind": "interval", "x": "fare", "x0": 1.0, "x1": 2.0}
 *     ]
 *   }
 *
 * Source paths inside the target folder are written relative to it, others absolute. */
#include "workspace-private.h"

#include <math.h>
#include <string.h>

typedef struct {
    const PkGraph *graph;
    const char *dir;      /* canonical target folder */
    const char *base_dir; /* canonical folder the graph resolves relative paths against */
    GString *out;
} Writer;

/* The source path as it should appear in a file living in w->dir. New string. */
static char *path_for_file(const Writer *w, const char *path) {
    g_autofree char *absolute = g_canonicalize_filename(path, w->base_dir);
    gsize n = strlen(w->dir);
    gboolean root = strcmp(w->dir, "/") == 0;
    if (root) {
        return g_strdup(absolute + 1);
    }
    if (strncmp(absolute, w->dir, n) == 0 && absolute[n] == '/' && absolute[n + 1] != '\0') {
        return g_strdup(absolute + n + 1);
    }
    return g_steal_pointer(&absolute);
}

static GVariant *params_for_file(const Writer *w, PkNodeId id) {
    g_autoptr(GVariant) params = pk_graph_get_params(w->graph, id);
    if (params == NULL) {
        return NULL;
    }
    const char *path = pk_params_get_string(params, "path", NULL);
    if (pk_graph_get_kind(w->graph, id) == PK_NODE_SOURCE && path != NULL && path[0] != '\0') {
        g_autofree char *written = path_for_file(w, path);
        g_autoptr(GVariant) fixed =
            g_variant_ref_sink(pk_ws_params_replace_string(params, "path", written));
        return pk_params_canonical(fixed);
    }
    return pk_params_canonical(params);
}

static gboolean write_node(const Writer *w, PkNodeId id, gboolean last, GError **error) {
    GString *out = w->out;
    const char *name = pk_graph_get_name(w->graph, id);
    double x = 0, y = 0;
    pk_graph_get_position(w->graph, id, &x, &y);
    g_string_append(out, "    {\n      \"name\": ");
    pk_ws_write_string(out, name);
    g_string_append(out, ",\n      \"kind\": ");
    pk_ws_write_string(out, pk_node_kind_name(pk_graph_get_kind(w->graph, id)));
    g_string_append(out, ",\n      \"position\": [");
    pk_ws_write_double(out, isfinite(x) ? x : 0.0);
    g_string_append(out, ", ");
    pk_ws_write_double(out, isfinite(y) ? y : 0.0);
    g_string_append(out, "]");
    const char *fingerprint = pk_graph_get_kind(w->graph, id) == PK_NODE_SOURCE
                                  ? pk_graph_get_fingerprint(w->graph, id)
                                  : NULL;
    if (fingerprint != NULL) {
        g_string_append(out, ",\n      \"fingerprint\": ");
        pk_ws_write_string(out, fingerprint);
    }
    g_autoptr(GVariant) params = params_for_file(w, id);
    if (params != NULL) {
        g_autofree char *where = g_strdup_printf("node \"%s\"", name);
        g_string_append(out, ",\n      \"params\": ");
        if (!pk_ws_write_value(out, params, 6, where, error)) {
            return FALSE;
        }
    }
    g_string_append(out, last ? "\n    }\n" : "\n    },\n");
    return TRUE;
}

static void write_edges(const Writer *w, const PkNodeId *ids, guint n) {
    GString *out = w->out;
    gboolean first = TRUE;
    g_string_append(out, "  \"edges\": [");
    for (guint i = 0; i < n; i++) {
        guint n_inputs = pk_graph_n_inputs(w->graph, ids[i]);
        for (guint port = 0; port < n_inputs; port++) {
            PkNodeId from = pk_graph_get_input(w->graph, ids[i], port);
            if (from == 0 || pk_graph_input_is_derived(w->graph, ids[i], port)) {
                continue;
            }
            g_string_append(out, first ? "\n    {\"from\": " : ",\n    {\"from\": ");
            pk_ws_write_string(out, pk_graph_get_name(w->graph, from));
            g_string_append(out, ", \"to\": ");
            pk_ws_write_string(out, pk_graph_get_name(w->graph, ids[i]));
            g_string_append_printf(out, ", \"port\": %u}", port);
            first = FALSE;
        }
    }
    g_string_append(out, first ? "]" : "\n  ]");
}

static void write_bound(GString *out, const char *key, double value) {
    g_string_append_printf(out, ", \"%s\": ", key);
    if (isinf(value)) {
        g_string_append(out, value < 0 ? "\"-inf\"" : "\"inf\"");
    } else {
        pk_ws_write_double(out, isnan(value) ? 0.0 : value);
    }
}

static void write_selection(GString *out, const char *source, const PkSelection *sel) {
    static const char *const kinds[] = {"interval", "box", "categories", "polygon"};
    g_string_append(out, "    {\"source\": ");
    pk_ws_write_string(out, source);
    g_string_append_printf(out, ", \"kind\": \"%s\", \"x\": ", kinds[sel->kind]);
    pk_ws_write_string(out, sel->x_column != NULL ? sel->x_column : "");
    if ((sel->kind == PK_SELECTION_BOX || sel->kind == PK_SELECTION_POLYGON) &&
        sel->y_column != NULL) {
        g_string_append(out, ", \"y\": ");
        pk_ws_write_string(out, sel->y_column);
    }
    if (sel->kind == PK_SELECTION_CATEGORIES) {
        g_string_append(out, ", \"categories\": [");
        for (guint i = 0; sel->categories != NULL && sel->categories[i] != NULL; i++) {
            g_string_append(out, i > 0 ? ", " : "");
            pk_ws_write_string(out, sel->categories[i]);
        }
        g_string_append(out, "]}");
        return;
    }
    if (sel->kind == PK_SELECTION_POLYGON) {
        g_string_append(out, ", \"points\": [");
        for (guint i = 0; i < sel->n_vertices; i++) {
            g_string_append(out, i > 0 ? ", [" : "[");
            pk_ws_write_double(out, sel->polygon[2 * i]);
            g_string_append(out, ", ");
            pk_ws_write_double(out, sel->polygon[2 * i + 1]);
            g_string_append(out, "]");
        }
        g_string_append(out, "]}");
        return;
    }
    write_bound(out, "x0", sel->x0);
    write_bound(out, "x1", sel->x1);
    if (sel->kind == PK_SELECTION_BOX) {
        write_bound(out, "y0", sel->y0);
        write_bound(out, "y1", sel->y1);
    }
    g_string_append(out, "}");
}

static void write_selections(const Writer *w, const PkNodeId *ids, guint n) {
    GString *out = w->out;
    gboolean first = TRUE;
    g_string_append(out, ",\n  \"selections\": [");
    for (guint i = 0; i < n; i++) {
        PkSelection sel = {0};
        if (pk_graph_get_kind(w->graph, ids[i]) != PK_NODE_SOURCE ||
            !pk_graph_get_selection(w->graph, ids[i], &sel)) {
            continue;
        }
        g_string_append(out, first ? "\n" : ",\n");
        write_selection(out, pk_graph_get_name(w->graph, ids[i]), &sel);
        pk_selection_clear(&sel);
        first = FALSE;
    }
    g_string_append(out, first ? "]\n" : "\n  ]\n");
}

static void write_viewport(const Writer *w) {
    double x = 0, y = 0, zoom = 1;
    pk_graph_get_viewport(w->graph, &x, &y, &zoom);
    g_string_append(w->out, "  \"viewport\": {\"x\": ");
    pk_ws_write_double(w->out, isfinite(x) ? x : 0.0);
    g_string_append(w->out, ", \"y\": ");
    pk_ws_write_double(w->out, isfinite(y) ? y : 0.0);
    g_string_append(w->out, ", \"zoom\": ");
    pk_ws_write_double(w->out, isfinite(zoom) && zoom > 0 ? zoom : 1.0);
    g_string_append(w->out, "},\n");
}

char *pk_workspace_to_json(const PkGraph *graph, const char *dir, gsize *out_len, GError **error) {
    if (graph == NULL) {
        g_set_error(error, PK_ERROR, PK_ERROR_INVALID, "no graph to save");
        return NULL;
    }
    const char *graph_dir =
        pk_graph_get_base_dir(graph) != NULL ? pk_graph_get_base_dir(graph) : ".";
    g_autofree char *base_dir = g_canonicalize_filename(graph_dir, NULL);
    g_autofree char *target = g_canonicalize_filename(dir != NULL ? dir : base_dir, NULL);
    g_autoptr(GString) out = g_string_new("{\n  \"format\": \"pika-workspace\",\n");
    g_string_append_printf(out, "  \"version\": %d,\n", PK_WORKSPACE_VERSION);
    Writer w = {graph, target, base_dir, out};
    write_viewport(&w);
    guint n = 0;
    g_autofree PkNodeId *ids = pk_graph_list_nodes(graph, &n);
    g_string_append(out, n == 0 ? "  \"nodes\": [],\n" : "  \"nodes\": [\n");
    for (guint i = 0; i < n; i++) {
        if (!write_node(&w, ids[i], i + 1 == n, error)) {
            return NULL;
        }
    }
    if (n > 0) {
        g_string_append(out, "  ],\n");
    }
    write_edges(&w, ids, n);
    write_selections(&w, ids, n);
    g_string_append(out, "}\n");
    if (out_len != NULL) {
        *out_len = out->len;
    }
    return g_string_free(g_steal_pointer(&out), FALSE);
}
