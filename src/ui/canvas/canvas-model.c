/* canvas-model.c — the canvas's cards and edges read from the graph, the layered layout of
 * never-placed nodes, and the canvas's graph edits (move, connect, delete, duplicate).
 *
 * Invariant: after pk_canvas_sync the cards are the graph's nodes in notebook order, each
 * with the graph's position, and `edges` holds every edge between them. Every edit stops a
 * running evaluation first (the graph refuses edits while it evaluates), resumes it after,
 * and ends with a sync and the notebook's "changed". */
#include "canvas-private.h"

#include "cell.h"

static void card_free(PkCard *card) {
    pk_canvas_card_invalidate(card);
    g_free(card->name);
    g_free(card->state_text);
    g_free(card->detail);
    g_free(card);
}

void pk_canvas_card_invalidate(PkCard *card) {
    g_clear_object(&card->name_layout);
    g_clear_object(&card->kind_layout);
    g_clear_object(&card->detail_layout);
    g_clear_object(&card->state_layout);
}

/* The first non-empty line of text, whitespace collapsed, at most 80 characters. */
static char *first_line(const char *text) {
    g_auto(GStrv) lines = g_strsplit(text != NULL ? text : "", "\n", -1);
    for (guint i = 0; lines[i] != NULL; i++) {
        char *line = g_strstrip(lines[i]);
        while (*line == '#') {
            line++;
        }
        if (*g_strstrip(line) != '\0') {
            return g_utf8_substring(line, 0, MIN(g_utf8_strlen(line, -1), 80));
        }
    }
    return g_strdup("");
}

static char *plot_detail(GVariant *params) {
    g_autoptr(GVariant) spec = pk_params_get_child(params, "spec");
    if (spec == NULL) {
        return g_strdup("plot");
    }
    g_autoptr(GVariant) x = pk_params_get_child(spec, "x");
    g_autoptr(GVariant) y = pk_params_get_child(spec, "y");
    const char *type = pk_params_get_string(spec, "type", NULL);
    const char *xc = x != NULL ? pk_params_get_string(x, "column", NULL) : NULL;
    const char *yc = y != NULL ? pk_params_get_string(y, "column", NULL) : NULL;
    return g_strdup_printf("%s%s%s%s%s", type != NULL ? type : "plot", xc != NULL ? " · " : "",
                           xc != NULL ? xc : "", yc != NULL ? " × " : "", yc != NULL ? yc : "");
}

static char *card_detail(PkGraph *graph, PkCard *card) {
    g_autoptr(GVariant) params = pk_graph_get_params(graph, card->id);
    switch (card->kind) {
    case PK_NODE_SOURCE: {
        const char *path = pk_params_get_string(params, "path", NULL);
        return path != NULL ? g_path_get_basename(path)
                            : g_strdup(pk_params_get_string(params, "table", "table"));
    }
    case PK_NODE_QUERY:
        return first_line(pk_params_get_string(params, "sql", ""));
    case PK_NODE_TRANSFORM:
        return g_strdup(pk_params_get_string(params, "op", "transform"));
    case PK_NODE_PLOT:
        return plot_detail(params);
    case PK_NODE_NOTE:
        return first_line(pk_params_get_string(params, "text", ""));
    case PK_NODE_EXPORT:
    default:
        return g_strdup(pk_params_get_string(params, "path", ""));
    }
}

static guint card_input_slots(PkGraph *graph, PkCard *card) {
    guint n = pk_graph_n_inputs(graph, card->id);
    switch (card->kind) {
    case PK_NODE_QUERY:
        return n + 1; /* a spare slot appends an input */
    case PK_NODE_TRANSFORM: {
        g_autoptr(GVariant) params = pk_graph_get_params(graph, card->id);
        return MAX(n, g_strcmp0(pk_params_get_string(params, "op", ""), "join") == 0 ? 2u : 1u);
    }
    case PK_NODE_PLOT:
    case PK_NODE_EXPORT:
        return MAX(n, 1u);
    case PK_NODE_SOURCE:
    case PK_NODE_NOTE:
    default:
        return n;
    }
}

static void set_text(char **slot, char *text, PangoLayout **layout) {
    if (g_strcmp0(*slot, text) == 0) {
        g_free(text);
        return;
    }
    g_free(*slot);
    *slot = text;
    g_clear_object(layout);
}

void pk_canvas_card_set_status(PkCanvas *canvas, PkCard *card, const PkNodeStatus *status) {
    card->state = status->state;
    set_text(&card->state_text, pk_cell_format_state(canvas->graph, status), &card->state_layout);
    if (card->state_text[0] == '\0') {
        set_text(&card->state_text, g_strdup("Not run yet"), &card->state_layout);
    }
}

static void card_update(PkCanvas *canvas, PkCard *card, gboolean fresh) {
    PkGraph *graph = canvas->graph;
    card->kind = pk_graph_get_kind(graph, card->id);
    set_text(&card->name, g_strdup(pk_graph_get_name(graph, card->id)), &card->name_layout);
    set_text(&card->detail, card_detail(graph, card), &card->detail_layout);
    pk_graph_get_position(graph, card->id, &card->x, &card->y);
    card->n_in = card_input_slots(graph, card);
    card->has_out = pk_node_kind_output(card->kind) != PK_PORT_NONE;
    card->w = PK_CARD_W;
    card->h = MAX(PK_CARD_H, 24.0 + card->n_in * 22.0);
    if (fresh) {
        PkNodeStatus status = {0};
        pk_graph_get_status(graph, card->id, &status);
        pk_canvas_card_set_status(canvas, card, &status);
        pk_node_status_clear(&status);
    }
}

static void read_edges(PkCanvas *canvas) {
    g_array_set_size(canvas->edges, 0);
    for (guint i = 0; i < canvas->cards->len; i++) {
        PkCard *to = canvas->cards->pdata[i];
        guint n = pk_graph_n_inputs(canvas->graph, to->id);
        for (guint p = 0; p < n; p++) {
            PkCard *from = g_hash_table_lookup(
                canvas->by_id, GUINT_TO_POINTER(pk_graph_get_input(canvas->graph, to->id, p)));
            if (from != NULL) {
                PkEdge edge = {from, to, p};
                g_array_append_val(canvas->edges, edge);
            }
        }
    }
}

static void close_editor(PkCanvas *canvas, PkNodeId node) {
    GtkWindow *editor = g_hash_table_lookup(canvas->editors, GUINT_TO_POINTER(node));
    if (editor != NULL) {
        gtk_window_destroy(editor); /* its "destroy" handler drops it from the table */
    }
}

void pk_canvas_sync(PkCanvas *canvas) {
    g_return_if_fail(PK_IS_CANVAS(canvas));
    guint n = 0;
    g_autofree PkNodeId *ids = pk_graph_list_nodes(canvas->graph, &n);
    g_autoptr(GHashTable) old = canvas->by_id;
    canvas->by_id = g_hash_table_new(NULL, NULL);
    g_ptr_array_set_size(canvas->cards, 0);
    for (guint i = 0; i < n; i++) {
        PkCard *card = NULL;
        gboolean fresh =
            !g_hash_table_steal_extended(old, GUINT_TO_POINTER(ids[i]), NULL, (gpointer *)&card);
        if (fresh) {
            card = g_new0(PkCard, 1);
            card->id = ids[i];
        }
        card_update(canvas, card, fresh);
        g_ptr_array_add(canvas->cards, card);
        g_hash_table_insert(canvas->by_id, GUINT_TO_POINTER(card->id), card);
    }
    GHashTableIter iter;
    gpointer key, value;
    g_hash_table_iter_init(&iter, old);
    while (g_hash_table_iter_next(&iter, &key, &value)) {
        close_editor(canvas, GPOINTER_TO_UINT(key));
        card_free(value);
    }
    read_edges(canvas);
    if (canvas->laid_out && pk_canvas_layout_unplaced(canvas)) {
        pk_controller_notify_graph_changed(canvas->ctl); /* re-enters: nothing left to place */
    }
    if (canvas->primary != 0 &&
        !g_hash_table_contains(canvas->by_id, GUINT_TO_POINTER(canvas->primary))) {
        canvas->primary = 0;
    }
    canvas->minimap_stale = TRUE;
    pk_canvas_selection_changed(canvas);
}

void pk_canvas_free_cards(PkCanvas *canvas) {
    for (guint i = 0; canvas->cards != NULL && i < canvas->cards->len; i++) {
        card_free(canvas->cards->pdata[i]);
    }
    g_clear_pointer(&canvas->cards, g_ptr_array_unref);
    g_clear_pointer(&canvas->by_id, g_hash_table_unref);
    g_clear_pointer(&canvas->edges, g_array_unref);
}

/* ---- layout -------------------------------------------------------------------------------- */

static guint card_depth(PkCanvas *canvas, PkCard *card, GHashTable *memo, guint guard) {
    gpointer known;
    if (g_hash_table_lookup_extended(memo, card, NULL, &known)) {
        return GPOINTER_TO_UINT(known);
    }
    guint depth = 0;
    guint n = pk_graph_n_inputs(canvas->graph, card->id);
    for (guint p = 0; p < n && guard < 4096; p++) {
        PkCard *in = g_hash_table_lookup(
            canvas->by_id, GUINT_TO_POINTER(pk_graph_get_input(canvas->graph, card->id, p)));
        if (in != NULL) {
            depth = MAX(depth, card_depth(canvas, in, memo, guard + 1) + 1);
        }
    }
    g_hash_table_insert(memo, card, GUINT_TO_POINTER(depth));
    return depth;
}

static gboolean at_origin(const PkCard *card) {
    return card->x == 0.0 && card->y == 0.0;
}

typedef struct {
    PkCard *card;
    guint depth, index;
} Placing;

static int placing_cmp(gconstpointer a, gconstpointer b) {
    const Placing *pa = a, *pb = b;
    if (pa->depth != pb->depth) {
        return pa->depth < pb->depth ? -1 : 1;
    }
    return pa->index < pb->index ? -1 : pa->index > pb->index;
}

/* The top of the free area: below every placed card (or 0 when none is placed). */
static double free_top(PkCanvas *canvas, double *left) {
    gboolean any = FALSE;
    double bottom = 0;
    *left = 0;
    for (guint i = 0; i < canvas->cards->len; i++) {
        PkCard *card = canvas->cards->pdata[i];
        if (!at_origin(card)) {
            *left = any ? MIN(*left, card->x) : card->x;
            bottom = any ? MAX(bottom, card->y + card->h) : card->y + card->h;
            any = TRUE;
        }
    }
    return any ? bottom + PK_LAYOUT_DY : 0;
}

/* Lays out the cards at the origin (when more than one is there: never placed) in columns by
 * lineage depth, each next to its first input when it can. Writes the positions to the graph.
 * Returns TRUE when any card moved. */
gboolean pk_canvas_layout_unplaced(PkCanvas *canvas) {
    g_autoptr(GArray) todo = g_array_new(FALSE, FALSE, sizeof(Placing));
    g_autoptr(GHashTable) memo = g_hash_table_new(NULL, NULL);
    for (guint i = 0; i < canvas->cards->len; i++) {
        PkCard *card = canvas->cards->pdata[i];
        if (at_origin(card)) {
            Placing p = {card, card_depth(canvas, card, memo, 0), i};
            g_array_append_val(todo, p);
        }
    }
    if (todo->len < 2) {
        return FALSE;
    }
    g_array_sort(todo, placing_cmp);
    double left, top = free_top(canvas, &left);
    g_autoptr(GArray) next = g_array_new(FALSE, TRUE, sizeof(double));
    g_autoptr(GHashTable) placed = g_hash_table_new(NULL, NULL);
    for (guint i = 0; i < todo->len; i++) {
        Placing *p = &g_array_index(todo, Placing, i);
        if (next->len <= p->depth) {
            g_array_set_size(next, p->depth + 1);
        }
        double y = MAX(top, g_array_index(next, double, p->depth));
        PkCard *in = g_hash_table_lookup(
            canvas->by_id, GUINT_TO_POINTER(pk_graph_get_input(canvas->graph, p->card->id, 0)));
        if (in != NULL && g_hash_table_contains(placed, in)) {
            y = MAX(y, in->y);
        }
        p->card->x = left + p->depth * PK_LAYOUT_DX;
        p->card->y = y;
        g_array_index(next, double, p->depth) = y + MAX(p->card->h, PK_CARD_H) + 54.0;
        g_hash_table_add(placed, p->card);
        pk_graph_set_position(canvas->graph, p->card->id, p->card->x, p->card->y);
    }
    canvas->minimap_stale = TRUE;
    return TRUE;
}

/* ---- edits --------------------------------------------------------------------------------- */

/* Stops a running evaluation for an edit; returns whether one ran (to resume after). */
static gboolean stop_for_edit(PkCanvas *canvas) {
    gboolean busy = pk_controller_is_busy(canvas->ctl);
    pk_controller_stop(canvas->ctl);
    return busy;
}

void pk_canvas_commit_moves(PkCanvas *canvas) {
    for (guint i = 0; i < canvas->cards->len; i++) {
        PkCard *card = canvas->cards->pdata[i];
        if (card->selected) {
            pk_graph_set_position(canvas->graph, card->id, card->x, card->y);
        }
    }
    canvas->minimap_stale = TRUE;
    pk_controller_notify_graph_changed(canvas->ctl);
}

static void report(PkCanvas *canvas, const GError *error) {
    g_message("canvas: %s", error->message);
    pk_controller_toast(canvas->ctl, error->message);
}

/* Connects from's output to input port of to (NULL: only the detached input is dropped). A
 * drag that started on a connected input (conn_detached) moves that edge. A refused edge is
 * reported and the old edge restored. */
void pk_canvas_connect(PkCanvas *canvas, PkCard *from, PkCard *to, guint port) {
    PkCard *old_to = canvas->conn_detached;
    guint old_port = canvas->conn_detached_port;
    if (old_to != NULL && old_to == to && old_port == port) {
        return;
    }
    gboolean resume = stop_for_edit(canvas);
    g_autoptr(GError) error = NULL;
    PkNodeId from_id = from->id, to_id = to != NULL ? to->id : 0;
    PkNodeId old_id = old_to != NULL ? old_to->id : 0;
    if (old_id != 0 && !pk_graph_disconnect(canvas->graph, old_id, old_port, &error)) {
        report(canvas, error);
        return;
    }
    if (to_id != 0) {
        guint n = pk_graph_n_inputs(canvas->graph, to_id);
        if (to->kind == PK_NODE_QUERY && port > n) {
            port = n;
        }
        if (!pk_graph_connect(canvas->graph, from_id, to_id, port, &error)) {
            report(canvas, error);
            if (old_id != 0 && !pk_graph_connect(canvas->graph, from_id, old_id, old_port, NULL)) {
                pk_graph_connect(canvas->graph, from_id, old_id,
                                 pk_graph_n_inputs(canvas->graph, old_id), NULL);
            }
            to_id = 0;
        }
    }
    pk_canvas_sync(canvas);
    pk_controller_notify_graph_changed(canvas->ctl);
    if (to_id != 0 || resume) {
        pk_controller_run(canvas->ctl, resume ? 0 : to_id);
    }
}

void pk_canvas_delete_selected(PkCanvas *canvas) {
    g_autoptr(GArray) doomed = g_array_new(FALSE, FALSE, sizeof(PkNodeId));
    for (guint i = 0; i < canvas->cards->len; i++) {
        PkCard *card = canvas->cards->pdata[i];
        if (card->selected) {
            g_array_append_val(doomed, card->id);
        }
    }
    if (doomed->len == 0) {
        return;
    }
    gboolean resume = stop_for_edit(canvas);
    for (guint i = 0; i < doomed->len; i++) {
        g_autoptr(GError) error = NULL;
        if (!pk_graph_remove_node(canvas->graph, g_array_index(doomed, PkNodeId, i), &error)) {
            report(canvas, error);
        }
    }
    pk_controller_notify_graph_changed(canvas->ctl);
    pk_canvas_sync(canvas);
    gtk_widget_grab_focus(GTK_WIDGET(canvas));
    if (resume) {
        pk_controller_run(canvas->ctl, 0);
    }
}

static char *copy_name(PkGraph *graph, const char *name, PkNodeKind kind) {
    for (guint i = 1; i < 10000; i++) {
        char *candidate =
            i == 1 ? g_strdup_printf("%s_copy", name) : g_strdup_printf("%s_copy%u", name, i);
        if (strlen(candidate) <= 63 && pk_graph_find(graph, candidate) == 0) {
            return candidate;
        }
        g_free(candidate);
    }
    return g_strdup_printf("%s_%u", pk_node_kind_name(kind), g_random_int());
}

/* Duplicates one card; map: old id -> new id of the copies made so far. */
static PkNodeId duplicate_card(PkCanvas *canvas, PkCard *card, GHashTable *map, GError **error) {
    g_autofree char *name = copy_name(canvas->graph, card->name, card->kind);
    g_autoptr(GVariant) params = pk_graph_get_params(canvas->graph, card->id);
    PkNodeId copy = pk_graph_add_node(canvas->graph, card->kind, name, params, error);
    if (copy == 0) {
        return 0;
    }
    guint n = pk_graph_n_inputs(canvas->graph, card->id);
    for (guint p = 0; p < n; p++) {
        if (pk_graph_input_is_derived(canvas->graph, card->id, p)) {
            continue; /* the copy's own SQL names it: derived for the copy too */
        }
        PkNodeId in = pk_graph_get_input(canvas->graph, card->id, p);
        PkNodeId mapped = GPOINTER_TO_UINT(g_hash_table_lookup(map, GUINT_TO_POINTER(in)));
        if (!pk_graph_connect(canvas->graph, mapped != 0 ? mapped : in, copy, p, error)) {
            pk_graph_remove_node(canvas->graph, copy, NULL);
            return 0;
        }
    }
    pk_graph_set_position(canvas->graph, copy, card->x + 40, card->y + 40);
    g_hash_table_insert(map, GUINT_TO_POINTER(card->id), GUINT_TO_POINTER(copy));
    return copy;
}

void pk_canvas_duplicate_selected(PkCanvas *canvas) {
    g_autoptr(GHashTable) map = g_hash_table_new(NULL, NULL);
    g_autoptr(GPtrArray) chosen = g_ptr_array_new();
    for (guint i = 0; i < canvas->cards->len; i++) {
        PkCard *card = canvas->cards->pdata[i];
        if (card->selected) {
            g_ptr_array_add(chosen, card);
        }
    }
    if (chosen->len == 0) {
        return;
    }
    stop_for_edit(canvas);
    /* Inputs first, so a copied chain connects to its own copies. */
    g_autoptr(GHashTable) memo = g_hash_table_new(NULL, NULL);
    for (guint pass = 0; pass < 64 && g_hash_table_size(map) < chosen->len; pass++) {
        for (guint i = 0; i < chosen->len; i++) {
            PkCard *card = chosen->pdata[i];
            if (card_depth(canvas, card, memo, 0) != pass ||
                g_hash_table_contains(map, GUINT_TO_POINTER(card->id))) {
                continue;
            }
            g_autoptr(GError) error = NULL;
            if (duplicate_card(canvas, card, map, &error) == 0) {
                report(canvas, error);
                g_hash_table_insert(map, GUINT_TO_POINTER(card->id), NULL);
            }
        }
    }
    pk_controller_notify_graph_changed(canvas->ctl);
    pk_canvas_sync(canvas);
    gtk_widget_grab_focus(GTK_WIDGET(canvas));
    for (guint i = 0; i < canvas->cards->len; i++) {
        PkCard *card = canvas->cards->pdata[i];
        card->selected = FALSE;
    }
    GHashTableIter iter;
    gpointer value;
    g_hash_table_iter_init(&iter, map);
    while (g_hash_table_iter_next(&iter, NULL, &value)) {
        PkCard *card = g_hash_table_lookup(canvas->by_id, value);
        if (card != NULL) {
            card->selected = TRUE;
            canvas->primary = card->id;
        }
    }
    pk_canvas_selection_changed(canvas);
    pk_controller_run(canvas->ctl, 0);
}
