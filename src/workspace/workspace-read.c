/* workspace-read.c — a workspace file into a graph.
 *
 * Order of work: the raw bytes are checked (workspace-text.c), json-glib parses them, the
 * version is read (older documents are upgraded in memory, newer ones refused), then nodes are
 * added in file order (which is the notebook order), edges are connected in (target, port)
 * order, selections set and the viewport restored. The first problem stops loading: the graph
 * is then discarded by the caller, so there is no partial state to undo.
 *
 * Every message starts with the file's name and says which node, edge or field is wrong. */
#include "workspace-private.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

typedef struct {
    PkGraph *graph;
    const char *name;    /* the file, for messages */
    const char *abs_dir; /* non-NULL: relative source paths become absolute against it */
} Reader;

typedef struct {
    PkNodeId from, to;
    guint port;
    const char *from_name, *to_name;
} Edge;

/* ---- layout ------------------------------------------------------------------------------- */

static gboolean check_coord(const Reader *r, const char *where, const char *what, double v,
                            GError **error) {
    if (!isfinite(v) || fabs(v) > PK_WORKSPACE_MAX_COORD) {
        pk_ws_error(error, PK_ERROR_INVALID, r->name, PK_WS_FIX,
                    "%s: %s %g is out of range (at most %g either way)", where, what, v,
                    PK_WORKSPACE_MAX_COORD);
        return FALSE;
    }
    return TRUE;
}

static gboolean read_position(const Reader *r, PkNodeId id, JsonNode *node, const char *where,
                              GError **error) {
    JsonArray *array = JSON_NODE_HOLDS_ARRAY(node) ? json_node_get_array(node) : NULL;
    double xy[2];
    for (guint i = 0; array != NULL && i < 2 && json_array_get_length(array) == 2; i++) {
        JsonNode *c = json_array_get_element(array, i);
        GType t = JSON_NODE_HOLDS_VALUE(c) ? json_node_get_value_type(c) : G_TYPE_NONE;
        if (t != G_TYPE_INT64 && t != G_TYPE_DOUBLE) {
            array = NULL;
            break;
        }
        xy[i] = t == G_TYPE_INT64 ? (double)json_node_get_int(c) : json_node_get_double(c);
    }
    if (array == NULL || json_array_get_length(array) != 2) {
        pk_ws_error(error, PK_ERROR_TYPE, r->name, PK_WS_FIX,
                    "%s: \"position\" must be an array of two numbers [x, y]", where);
        return FALSE;
    }
    if (!check_coord(r, where, "position x", xy[0], error) ||
        !check_coord(r, where, "position y", xy[1], error)) {
        return FALSE;
    }
    pk_graph_set_position(r->graph, id, xy[0], xy[1]);
    return TRUE;
}

static gboolean read_viewport(const Reader *r, JsonNode *node, GError **error) {
    if (!JSON_NODE_HOLDS_OBJECT(node)) {
        pk_ws_error(error, PK_ERROR_TYPE, r->name, PK_WS_FIX,
                    "\"viewport\" must be an object, not %s", pk_ws_json_type_name(node));
        return FALSE;
    }
    JsonObject *obj = json_node_get_object(node);
    double x = 0, y = 0, zoom = 1;
    if (!pk_ws_get_number(obj, "x", FALSE, &x, r->name, "the viewport", error) ||
        !pk_ws_get_number(obj, "y", FALSE, &y, r->name, "the viewport", error) ||
        !pk_ws_get_number(obj, "zoom", FALSE, &zoom, r->name, "the viewport", error) ||
        !check_coord(r, "the viewport", "x", x, error) ||
        !check_coord(r, "the viewport", "y", y, error)) {
        return FALSE;
    }
    if (!(zoom >= PK_WORKSPACE_MIN_ZOOM && zoom <= PK_WORKSPACE_MAX_ZOOM)) {
        pk_ws_error(error, PK_ERROR_INVALID, r->name, PK_WS_FIX,
                    "the viewport: zoom %g is out of range (%g to %g)", zoom, PK_WORKSPACE_MIN_ZOOM,
                    PK_WORKSPACE_MAX_ZOOM);
        return FALSE;
    }
    pk_graph_set_viewport(r->graph, x, y, zoom);
    return TRUE;
}

/* ---- nodes -------------------------------------------------------------------------------- */

/* Source paths are relative to the workspace's folder; when the graph resolves against
 * another folder they are made absolute here. */
static GVariant *fix_source_path(const Reader *r, PkNodeKind kind, GVariant *params) {
    const char *path = pk_params_get_string(params, "path", NULL);
    if (kind != PK_NODE_SOURCE || r->abs_dir == NULL || path == NULL || g_path_is_absolute(path)) {
        return params;
    }
    g_autofree char *absolute = g_canonicalize_filename(path, r->abs_dir);
    GVariant *fixed = g_variant_ref_sink(pk_ws_params_replace_string(params, "path", absolute));
    g_variant_unref(params);
    return fixed;
}

static gboolean read_node_extras(const Reader *r, PkNodeId id, JsonObject *obj, const char *where,
                                 GError **error) {
    JsonNode *position = json_object_get_member(obj, "position");
    if (position != NULL && !read_position(r, id, position, where, error)) {
        return FALSE;
    }
    const char *fingerprint = NULL;
    if (!pk_ws_get_string(obj, "fingerprint", FALSE, &fingerprint, r->name, where, error)) {
        return FALSE;
    }
    if (fingerprint != NULL && pk_graph_get_kind(r->graph, id) == PK_NODE_SOURCE) {
        if (strlen(fingerprint) > 256) {
            pk_ws_error(error, PK_ERROR_INVALID, r->name, PK_WS_FIX,
                        "%s: the fingerprint is too long", where);
            return FALSE;
        }
        pk_graph_set_fingerprint(r->graph, id, fingerprint);
    }
    return TRUE;
}

static gboolean read_node(const Reader *r, JsonNode *node, guint index, GError **error) {
    g_autofree char *where = g_strdup_printf("node %u", index + 1);
    if (!JSON_NODE_HOLDS_OBJECT(node)) {
        pk_ws_error(error, PK_ERROR_TYPE, r->name, PK_WS_FIX, "%s must be an object, not %s", where,
                    pk_ws_json_type_name(node));
        return FALSE;
    }
    JsonObject *obj = json_node_get_object(node);
    const char *name = NULL, *kind_text = NULL;
    if (!pk_ws_get_string(obj, "name", TRUE, &name, r->name, where, error) ||
        !pk_ws_get_string(obj, "kind", TRUE, &kind_text, r->name, where, error)) {
        return FALSE;
    }
    g_free(where);
    where = g_strdup_printf("node %u (\"%s\")", index + 1, name);
    PkNodeKind kind;
    if (!pk_node_kind_parse(kind_text, &kind, error)) {
        pk_ws_wrap(error, r->name, where,
                   "this Pika-Plot does not know that kind of node; "
                   "open the file with a newer Pika-Plot or remove the node");
        return FALSE;
    }
    GVariant *params = NULL;
    JsonNode *params_node = json_object_get_member(obj, "params");
    if (params_node != NULL) {
        params = pk_ws_params_from_json(params_node, r->name, where, error);
        if (params == NULL) {
            return FALSE;
        }
        params = fix_source_path(r, kind, g_variant_ref_sink(params));
    }
    PkNodeId id = pk_graph_add_node(r->graph, kind, name, params, error);
    g_clear_pointer(&params, g_variant_unref);
    if (id == 0) {
        pk_ws_wrap(error, r->name, where, PK_WS_FIX);
        return FALSE;
    }
    return read_node_extras(r, id, obj, where, error);
}

static gboolean read_nodes(const Reader *r, JsonObject *root, GError **error) {
    JsonNode *node = json_object_get_member(root, "nodes");
    if (node == NULL || !JSON_NODE_HOLDS_ARRAY(node)) {
        pk_ws_error(error, node == NULL ? PK_ERROR_PARSE : PK_ERROR_TYPE, r->name, PK_WS_FIX,
                    "\"nodes\" must be an array of nodes");
        return FALSE;
    }
    JsonArray *nodes = json_node_get_array(node);
    guint n = json_array_get_length(nodes);
    if (n > PK_WORKSPACE_MAX_NODES) {
        pk_ws_error(error, PK_ERROR_TOO_LARGE, r->name,
                    "split the analysis into several workspaces",
                    "%u nodes, more than a workspace may hold (%d)", n, PK_WORKSPACE_MAX_NODES);
        return FALSE;
    }
    for (guint i = 0; i < n; i++) {
        if (!read_node(r, json_array_get_element(nodes, i), i, error)) {
            return FALSE;
        }
    }
    return TRUE;
}

/* ---- edges -------------------------------------------------------------------------------- */

static gboolean read_edge(const Reader *r, JsonNode *node, guint index, Edge *out, GError **error) {
    g_autofree char *where = g_strdup_printf("edge %u", index + 1);
    if (!JSON_NODE_HOLDS_OBJECT(node)) {
        pk_ws_error(error, PK_ERROR_TYPE, r->name, PK_WS_FIX, "%s must be an object, not %s", where,
                    pk_ws_json_type_name(node));
        return FALSE;
    }
    JsonObject *obj = json_node_get_object(node);
    gint64 port = 0;
    if (!pk_ws_get_string(obj, "from", TRUE, &out->from_name, r->name, where, error) ||
        !pk_ws_get_string(obj, "to", TRUE, &out->to_name, r->name, where, error) ||
        !pk_ws_get_int(obj, "port", FALSE, &port, r->name, where, error)) {
        return FALSE;
    }
    if (port < 0 || port >= PK_WORKSPACE_MAX_EDGES) {
        pk_ws_error(error, PK_ERROR_INVALID, r->name, PK_WS_FIX,
                    "%s: port %" G_GINT64_FORMAT " is out of range", where, port);
        return FALSE;
    }
    out->port = (guint)port;
    out->from = pk_graph_find(r->graph, out->from_name);
    out->to = pk_graph_find(r->graph, out->to_name);
    const char *missing = out->from == 0 ? out->from_name : out->to == 0 ? out->to_name : NULL;
    if (missing != NULL) {
        pk_ws_error(error, PK_ERROR_NOT_FOUND, r->name, PK_WS_FIX,
                    "%s (\"%s\" -> \"%s\") refers to a node named \"%s\", which the file does "
                    "not have",
                    where, out->from_name, out->to_name, missing);
        return FALSE;
    }
    return TRUE;
}

static int compare_edges(gconstpointer a, gconstpointer b) {
    const Edge *x = a, *y = b;
    if (x->to != y->to) {
        return x->to < y->to ? -1 : 1;
    }
    return x->port < y->port ? -1 : x->port > y->port ? 1 : 0;
}

static gboolean read_edges(const Reader *r, JsonObject *root, GError **error) {
    JsonNode *node = json_object_get_member(root, "edges");
    if (node == NULL) {
        return TRUE;
    }
    if (!JSON_NODE_HOLDS_ARRAY(node)) {
        pk_ws_error(error, PK_ERROR_TYPE, r->name, PK_WS_FIX, "\"edges\" must be an array, not %s",
                    pk_ws_json_type_name(node));
        return FALSE;
    }
    JsonArray *array = json_node_get_array(node);
    guint n = json_array_get_length(array);
    if (n > PK_WORKSPACE_MAX_EDGES) {
        pk_ws_error(error, PK_ERROR_TOO_LARGE, r->name,
                    "split the analysis into several "
                    "workspaces",
                    "%u edges, more than a workspace may hold (%d)", n, PK_WORKSPACE_MAX_EDGES);
        return FALSE;
    }
    g_autofree Edge *edges = g_new0(Edge, MAX(n, 1));
    for (guint i = 0; i < n; i++) {
        if (!read_edge(r, json_array_get_element(array, i), i, &edges[i], error)) {
            return FALSE;
        }
    }
    qsort(edges, n, sizeof *edges, compare_edges);
    for (guint i = 0; i < n; i++) {
        if (!pk_graph_connect(r->graph, edges[i].from, edges[i].to, edges[i].port, error)) {
            g_autofree char *where =
                g_strdup_printf("edge \"%s\" -> \"%s\" (port %u)", edges[i].from_name,
                                edges[i].to_name, edges[i].port);
            pk_ws_wrap(error, r->name, where, PK_WS_FIX);
            return FALSE;
        }
    }
    return TRUE;
}

/* ---- selections ----------------------------------------------------------------------------- */

/* A selection bound: a number, or "inf" / "-inf" for an open side. */
static gboolean read_bound(const Reader *r, JsonObject *obj, const char *key, double *out,
                           const char *where, GError **error) {
    const char *text = NULL;
    JsonNode *node = json_object_get_member(obj, key);
    if (node != NULL && JSON_NODE_HOLDS_VALUE(node) &&
        json_node_get_value_type(node) == G_TYPE_STRING) {
        text = json_node_get_string(node);
        if (g_strcmp0(text, "inf") != 0 && g_strcmp0(text, "-inf") != 0) {
            pk_ws_error(error, PK_ERROR_TYPE, r->name, PK_WS_FIX,
                        "%s: \"%s\" must be a number, \"inf\" or \"-inf\"", where, key);
            return FALSE;
        }
        *out = text[0] == '-' ? -INFINITY : INFINITY;
        return TRUE;
    }
    return pk_ws_get_number(obj, key, FALSE, out, r->name, where, error);
}

static gboolean read_categories(const Reader *r, JsonObject *obj, PkSelection *sel,
                                const char *where, GError **error) {
    JsonNode *node = json_object_get_member(obj, "categories");
    if (node == NULL) {
        sel->categories = g_new0(char *, 1);
        return TRUE;
    }
    JsonArray *array = JSON_NODE_HOLDS_ARRAY(node) ? json_node_get_array(node) : NULL;
    guint n = array != NULL ? json_array_get_length(array) : 0;
    sel->categories = g_new0(char *, n + 1);
    for (guint i = 0; i < n; i++) {
        JsonNode *c = json_array_get_element(array, i);
        if (!JSON_NODE_HOLDS_VALUE(c) || json_node_get_value_type(c) != G_TYPE_STRING) {
            array = NULL;
            break;
        }
        sel->categories[i] = g_strdup(json_node_get_string(c));
    }
    if (array == NULL) {
        pk_ws_error(error, PK_ERROR_TYPE, r->name, PK_WS_FIX,
                    "%s: \"categories\" must be an array of strings", where);
        return FALSE;
    }
    return TRUE;
}

/* A lasso's "points": [[x, y], ...], finite numbers. */
static gboolean read_points(const Reader *r, JsonObject *obj, PkSelection *sel, const char *where,
                            GError **error) {
    JsonNode *node = json_object_get_member(obj, "points");
    JsonArray *array =
        node != NULL && JSON_NODE_HOLDS_ARRAY(node) ? json_node_get_array(node) : NULL;
    guint n = array != NULL ? json_array_get_length(array) : 0;
    gboolean ok = n >= 3 && n <= PK_SELECTION_MAX_VERTICES;
    sel->polygon = g_new0(double, 2 * (gsize)MAX(n, 1));
    for (guint i = 0; ok && i < n; i++) {
        JsonNode *p = json_array_get_element(array, i);
        JsonArray *xy = JSON_NODE_HOLDS_ARRAY(p) ? json_node_get_array(p) : NULL;
        ok = xy != NULL && json_array_get_length(xy) == 2;
        for (guint k = 0; ok && k < 2; k++) {
            JsonNode *v = json_array_get_element(xy, k);
            ok = JSON_NODE_HOLDS_VALUE(v) && (json_node_get_value_type(v) == G_TYPE_DOUBLE ||
                                              json_node_get_value_type(v) == G_TYPE_INT64);
            sel->polygon[2 * i + k] = ok ? json_node_get_double(v) : 0;
            ok = ok && isfinite(sel->polygon[2 * i + k]);
        }
    }
    sel->n_vertices = n;
    if (!ok) {
        pk_ws_error(error, PK_ERROR_TYPE, r->name, PK_WS_FIX,
                    "%s: \"points\" must be an array of 3 to %d [x, y] pairs of numbers", where,
                    PK_SELECTION_MAX_VERTICES);
    }
    return ok;
}

static gboolean parse_selection(const Reader *r, JsonObject *obj, PkSelection *sel,
                                const char *where, GError **error) {
    const char *kind = NULL, *x = NULL, *y = NULL;
    if (!pk_ws_get_string(obj, "kind", TRUE, &kind, r->name, where, error) ||
        !pk_ws_get_string(obj, "x", TRUE, &x, r->name, where, error) ||
        !pk_ws_get_string(obj, "y", FALSE, &y, r->name, where, error)) {
        return FALSE;
    }
    static const char *const kinds[] = {"interval", "box", "categories", "polygon"};
    guint k = 0;
    while (k < G_N_ELEMENTS(kinds) && strcmp(kinds[k], kind) != 0) {
        k++;
    }
    if (k == G_N_ELEMENTS(kinds)) {
        pk_ws_error(error, PK_ERROR_INVALID, r->name, PK_WS_FIX,
                    "%s: unknown kind \"%s\" "
                    "(interval, box, categories or polygon)",
                    where, kind);
        return FALSE;
    }
    sel->kind = (PkSelectionKind)k;
    sel->x_column = g_strdup(x);
    sel->y_column = g_strdup(y);
    if (sel->kind == PK_SELECTION_CATEGORIES) {
        return read_categories(r, obj, sel, where, error);
    }
    if (sel->kind == PK_SELECTION_POLYGON) {
        return read_points(r, obj, sel, where, error);
    }
    return read_bound(r, obj, "x0", &sel->x0, where, error) &&
           read_bound(r, obj, "x1", &sel->x1, where, error) &&
           read_bound(r, obj, "y0", &sel->y0, where, error) &&
           read_bound(r, obj, "y1", &sel->y1, where, error);
}

static gboolean read_selection(const Reader *r, JsonNode *node, guint index, GError **error) {
    g_autofree char *where = g_strdup_printf("selection %u", index + 1);
    if (!JSON_NODE_HOLDS_OBJECT(node)) {
        pk_ws_error(error, PK_ERROR_TYPE, r->name, PK_WS_FIX, "%s must be an object", where);
        return FALSE;
    }
    JsonObject *obj = json_node_get_object(node);
    const char *on = NULL;
    if (!pk_ws_get_string(obj, "source", TRUE, &on, r->name, where, error)) {
        return FALSE;
    }
    PkNodeId id = pk_graph_find(r->graph, on);
    if (id == 0) {
        pk_ws_error(error, PK_ERROR_NOT_FOUND, r->name, PK_WS_FIX,
                    "%s is on a node named \"%s\", which the file does not have", where, on);
        return FALSE;
    }
    PkSelection sel = {0};
    gboolean ok = parse_selection(r, obj, &sel, where, error) &&
                  pk_graph_set_selection(r->graph, id, &sel, error);
    if (!ok && error != NULL && (*error)->domain == PK_ERROR &&
        !g_str_has_prefix((*error)->message, r->name)) {
        pk_ws_wrap(error, r->name, where, PK_WS_FIX);
    }
    pk_selection_clear(&sel);
    return ok;
}

static gboolean read_selections(const Reader *r, JsonObject *root, GError **error) {
    JsonNode *node = json_object_get_member(root, "selections");
    if (node == NULL) {
        return TRUE;
    }
    if (!JSON_NODE_HOLDS_ARRAY(node)) {
        pk_ws_error(error, PK_ERROR_TYPE, r->name, PK_WS_FIX,
                    "\"selections\" must be an array, not %s", pk_ws_json_type_name(node));
        return FALSE;
    }
    JsonArray *array = json_node_get_array(node);
    guint n = json_array_get_length(array);
    for (guint i = 0; i < n; i++) {
        if (!read_selection(r, json_array_get_element(array, i), i, error)) {
            return FALSE;
        }
    }
    return TRUE;
}

/* ---- the document ------------------------------------------------------------------------- */

static gboolean read_current(const Reader *r, JsonObject *root, GError **error) {
    const char *format = NULL;
    if (!pk_ws_get_string(root, "format", TRUE, &format, r->name, "the file", error)) {
        return FALSE;
    }
    if (strcmp(format, "pika-workspace") != 0) {
        pk_ws_error(error, PK_ERROR_PARSE, r->name, PK_WS_NOT_OURS,
                    "the format is \"%s\", not \"pika-workspace\"", format);
        return FALSE;
    }
    JsonNode *viewport = json_object_get_member(root, "viewport");
    return read_nodes(r, root, error) && read_edges(r, root, error) &&
           read_selections(r, root, error) &&
           (viewport == NULL || read_viewport(r, viewport, error));
}

static gboolean read_version(const Reader *r, JsonObject *root, gint64 *out, GError **error) {
    if (!json_object_has_member(root, "version")) {
        pk_ws_error(error, PK_ERROR_PARSE, r->name, PK_WS_NOT_OURS,
                    "the file has no format version (\"version\")");
        return FALSE;
    }
    if (!pk_ws_get_int(root, "version", TRUE, out, r->name, "the file", error)) {
        return FALSE;
    }
    if (*out < 0) {
        pk_ws_error(error, PK_ERROR_VERSION, r->name, PK_WS_NOT_OURS,
                    "file version %" G_GINT64_FORMAT " does not exist", *out);
        return FALSE;
    }
    if (*out > PK_WORKSPACE_VERSION) {
        pk_ws_error(error, PK_ERROR_VERSION, r->name, "open it with a newer Pika-Plot",
                    "made by a newer Pika-Plot: file version %" G_GINT64_FORMAT
                    ", this version reads up to %d",
                    *out, PK_WORKSPACE_VERSION);
        return FALSE;
    }
    return TRUE;
}

/* json-glib's messages read "<data>:LINE:COL: Parse error: WHAT". */
static void parse_failed(const Reader *r, const GError *json_error, GError **error) {
    unsigned line = 0, col = 0;
    const char *what = strstr(json_error->message, "error: ");
    what = what != NULL ? what + strlen("error: ") : json_error->message;
    if (sscanf(json_error->message, "<data>:%u:%u", &line, &col) == 2) {
        pk_ws_error(error, PK_ERROR_PARSE, r->name, PK_WS_FIX,
                    "not valid JSON at line %u, column %u (%s): the file is damaged or was "
                    "cut short",
                    line, col, what);
    } else {
        pk_ws_error(error, PK_ERROR_PARSE, r->name, PK_WS_FIX,
                    "not valid JSON (%s): the file is damaged or was cut short", what);
    }
}

static gboolean read_document(const Reader *r, const char *data, gsize len, GError **error) {
    gsize skip = 0;
    if (!pk_ws_check_text(data, len, r->name, &skip, error)) {
        return FALSE;
    }
    g_autoptr(JsonParser) parser = json_parser_new();
    g_autoptr(GError) json_error = NULL;
    if (!json_parser_load_from_data(parser, data + skip, (gssize)(len - skip), &json_error)) {
        parse_failed(r, json_error, error);
        return FALSE;
    }
    JsonNode *root = json_parser_get_root(parser);
    if (root == NULL || !JSON_NODE_HOLDS_OBJECT(root)) {
        pk_ws_error(error, PK_ERROR_TYPE, r->name, PK_WS_NOT_OURS,
                    "the top level is %s, not an object",
                    root == NULL ? "empty" : pk_ws_json_type_name(root));
        return FALSE;
    }
    gint64 version = 0;
    if (!read_version(r, json_node_get_object(root), &version, error)) {
        return FALSE;
    }
    g_autoptr(JsonObject) current =
        version == PK_WORKSPACE_VERSION
            ? json_object_ref(json_node_get_object(root))
            : pk_ws_upgrade_v0(json_node_get_object(root), r->name, error);
    return current != NULL && read_current(r, current, error);
}

static gboolean check_empty(PkGraph *graph, GError **error) {
    if (graph == NULL || pk_graph_n_nodes(graph) != 0) {
        g_set_error(error, PK_ERROR, PK_ERROR_INVALID, "a workspace loads into a new, empty graph");
        return FALSE;
    }
    return TRUE;
}

gboolean pk_workspace_load_data(PkGraph *graph, const char *data, gsize len,
                                const char *name_for_messages, GError **error) {
    g_return_val_if_fail(data != NULL || len == 0, FALSE);
    if (!check_empty(graph, error)) {
        return FALSE;
    }
    Reader r = {graph, name_for_messages != NULL ? name_for_messages : "workspace", NULL};
    return read_document(&r, data != NULL ? data : "", len, error);
}

gboolean pk_workspace_load(PkGraph *graph, const char *path, GError **error) {
    if (!check_empty(graph, error) || path == NULL) {
        if (path == NULL) {
            g_set_error(error, PK_ERROR, PK_ERROR_INVALID, "no workspace file given");
        }
        return FALSE;
    }
    gsize len = 0;
    g_autofree char *data = pk_ws_read_file(path, &len, error);
    if (data == NULL) {
        return FALSE;
    }
    g_autofree char *dir = g_path_get_dirname(path);
    g_autofree char *file_dir = g_canonicalize_filename(dir, NULL);
    g_autofree char *graph_dir = g_canonicalize_filename(
        pk_graph_get_base_dir(graph) != NULL ? pk_graph_get_base_dir(graph) : ".", NULL);
    Reader r = {graph, path, strcmp(file_dir, graph_dir) != 0 ? file_dir : NULL};
    return read_document(&r, data, len, error);
}

PkGraph *pk_workspace_open(PkDb *db, PkCompute *compute, const char *path, GError **error) {
    if (path == NULL) {
        g_set_error(error, PK_ERROR, PK_ERROR_INVALID, "no workspace file given");
        return NULL;
    }
    g_autofree char *dir = g_path_get_dirname(path);
    g_autofree char *base_dir = g_canonicalize_filename(dir, NULL);
    g_autoptr(PkGraph) graph = pk_graph_new(db, compute, base_dir);
    if (!pk_workspace_load(graph, path, error)) {
        return NULL;
    }
    return g_steal_pointer(&graph);
}
