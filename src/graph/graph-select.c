/* graph-select.c — selections for linked brushing.
 *
 * A selection is a predicate over one source's rows. It lives on the source node; the source's
 * value then carries a second relation (its rows that satisfy the predicate), and every table
 * and plot downstream composes its own "selected" relation from it, so a bar chart of an
 * aggregate query shows the aggregate of the selected source rows. */
#include "graph-private.h"

#include "pika/error.h"

#include <math.h>
#include <string.h>

void pk_selection_clear(PkSelection *selection) {
    if (selection == NULL) {
        return;
    }
    g_free(selection->x_column);
    g_free(selection->y_column);
    g_strfreev(selection->categories);
    g_free(selection->polygon);
    memset(selection, 0, sizeof *selection);
}

void pk_selection_copy(PkSelection *dest, const PkSelection *src) {
    *dest = *src;
    dest->x_column = g_strdup(src->x_column);
    dest->y_column = g_strdup(src->y_column);
    dest->categories = g_strdupv(src->categories);
    dest->polygon =
        src->polygon != NULL ? g_memdup2(src->polygon, 2 * sizeof(double) * src->n_vertices) : NULL;
}

/* The column as SQL: quoted, and on a time column its microseconds since the epoch (the unit
 * plots and selections use for time). */
static char *column_expr(const char *column, const PkSchema *schema) {
    g_autofree char *name = pk_data_quote_ident(column);
    int i = schema != NULL ? pk_schema_find(schema, column) : -1;
    if (i >= 0 && schema->columns[i].convertible &&
        schema->columns[i].type == PK_COLUMN_TYPE_TIMESTAMP) {
        return g_strdup_printf("epoch_us(CAST(%s AS TIMESTAMP))", name);
    }
    return g_steal_pointer(&name);
}

static void append_range(GString *sql, const char *column, const PkSchema *schema, double lo,
                         double hi) {
    g_autofree char *name = column_expr(column, schema);
    char lo_text[G_ASCII_DTOSTR_BUF_SIZE], hi_text[G_ASCII_DTOSTR_BUF_SIZE];
    g_ascii_dtostr(lo_text, sizeof lo_text, lo);
    g_ascii_dtostr(hi_text, sizeof hi_text, hi);
    g_string_append_printf(sql, "(%s >= %s AND %s < %s)", name, lo_text, name, hi_text);
}

static void append_number(GString *sql, double v) {
    char text[G_ASCII_DTOSTR_BUF_SIZE];
    g_string_append(sql, g_ascii_dtostr(text, sizeof text, v));
}

/* The even-odd rule of pika/compute.h as SQL: an edge (a, b) crosses the ray from (x, y) to
 * +x when (a.y > y) != (b.y > y) and (b.x - a.x)(y - a.y) - (x - a.x)(b.y - a.y) has the
 * sign of b.y - a.y; the point is inside when an odd number of edges cross. */
static void append_polygon(GString *sql, const PkSelection *sel, const PkSchema *schema) {
    g_autofree char *x = column_expr(sel->x_column, schema);
    g_autofree char *y = column_expr(sel->y_column, schema);
    g_string_append_printf(sql, "(isfinite(%s) AND isfinite(%s) AND (0", x, y);
    for (guint i = 0, j = sel->n_vertices - 1; i < sel->n_vertices; j = i++) {
        double ax = sel->polygon[2 * j], ay = sel->polygon[2 * j + 1];
        double bx = sel->polygon[2 * i], by = sel->polygon[2 * i + 1];
        if (ay == by) {
            continue; /* never crosses */
        }
        g_string_append(sql, " + CAST(((");
        append_number(sql, ay);
        g_string_append_printf(sql, " > %s) <> (", y);
        append_number(sql, by);
        g_string_append_printf(sql, " > %s)) AND ((", y);
        append_number(sql, bx - ax);
        g_string_append_printf(sql, ") * (%s - ", y);
        append_number(sql, ay);
        g_string_append_printf(sql, ") - (%s - ", x);
        append_number(sql, ax);
        g_string_append(sql, ") * (");
        append_number(sql, by - ay);
        g_string_append_printf(sql, ")) %s 0 AS INTEGER)", by > ay ? ">" : "<");
    }
    g_string_append(sql, ") % 2 = 1)");
}

char *pk_selection_sql(const PkSelection *sel) {
    return pk_graph_selection_sql(sel, NULL);
}

char *pk_graph_selection_sql(const PkSelection *sel, const PkSchema *schema) {
    GString *sql = g_string_new(NULL);
    switch (sel->kind) {
    case PK_SELECTION_INTERVAL:
        append_range(sql, sel->x_column, schema, sel->x0, sel->x1);
        break;
    case PK_SELECTION_BOX:
        append_range(sql, sel->x_column, schema, sel->x0, sel->x1);
        g_string_append(sql, " AND ");
        append_range(sql, sel->y_column, schema, sel->y0, sel->y1);
        break;
    case PK_SELECTION_CATEGORIES: {
        g_autofree char *name = pk_data_quote_ident(sel->x_column);
        g_string_append_printf(sql, "CAST(%s AS VARCHAR) IN (", name);
        for (guint i = 0; sel->categories != NULL && sel->categories[i] != NULL; i++) {
            g_autofree char *literal = pk_data_quote_literal(sel->categories[i]);
            g_string_append_printf(sql, "%s%s", i > 0 ? ", " : "", literal);
        }
        g_string_append(sql, sel->categories != NULL && sel->categories[0] != NULL ? ")" : "NULL)");
        break;
    }
    case PK_SELECTION_POLYGON:
        append_polygon(sql, sel, schema);
        break;
    }
    return g_string_free(sql, FALSE);
}

const char *pk_graph_selection_missing_column(const PkNode *source, const PkSchema *schema) {
    const PkSelection *sel = source->selection;
    if (sel == NULL || schema == NULL) {
        return NULL;
    }
    gboolean two = sel->kind == PK_SELECTION_BOX || sel->kind == PK_SELECTION_POLYGON;
    if (pk_schema_find(schema, sel->x_column) < 0) {
        return sel->x_column;
    }
    return two && pk_schema_find(schema, sel->y_column) < 0 ? sel->y_column : NULL;
}

char *pk_graph_selection_predicate(const PkNode *source, const PkSchema *schema) {
    if (source->selection == NULL || pk_graph_selection_missing_column(source, schema) != NULL) {
        return NULL;
    }
    return pk_graph_selection_sql(source->selection, schema);
}

char *pk_graph_selection_dropped_note(const PkNode *source, const PkSchema *schema) {
    const char *missing = pk_graph_selection_missing_column(source, schema);
    if (missing == NULL) {
        return NULL;
    }
    return g_strdup_printf("The saved selection was not applied: it is on the column \"%s\", "
                           "which this source no longer has. Select again to replace it.",
                           missing);
}

/* The one source node upstream of id (0 for none or several); *n_sources counts them. */
static void collect_sources(const PkGraph *graph, PkNodeId id, GHashTable *seen,
                            GHashTable *sources) {
    if (!g_hash_table_add(seen, GUINT_TO_POINTER(id))) {
        return;
    }
    PkNode *node = pk_graph_node(graph, id);
    if (node->kind == PK_NODE_SOURCE) {
        g_hash_table_add(sources, GUINT_TO_POINTER(id));
    }
    for (guint i = 0; i < node->inputs->len; i++) {
        collect_sources(graph, g_array_index(node->inputs, PkNodeId, i), seen, sources);
    }
}

PkNodeId pk_graph_get_source_of(const PkGraph *graph, PkNodeId id) {
    if (pk_graph_node(graph, id) == NULL) {
        return 0;
    }
    g_autoptr(GHashTable) seen = g_hash_table_new(g_direct_hash, g_direct_equal);
    g_autoptr(GHashTable) sources = g_hash_table_new(g_direct_hash, g_direct_equal);
    collect_sources(graph, id, seen, sources);
    if (g_hash_table_size(sources) != 1) {
        return 0;
    }
    GHashTableIter iter;
    gpointer key;
    g_hash_table_iter_init(&iter, sources);
    g_hash_table_iter_next(&iter, &key, NULL);
    return GPOINTER_TO_UINT(key);
}

static gboolean check_polygon(const PkSelection *sel, GError **error) {
    gboolean ok = sel->x_column != NULL && sel->y_column != NULL && sel->polygon != NULL &&
                  sel->n_vertices >= 3 && sel->n_vertices <= PK_SELECTION_MAX_VERTICES;
    for (guint i = 0; ok && i < 2 * sel->n_vertices; i++) {
        ok = isfinite(sel->polygon[i]);
    }
    if (!ok) {
        g_set_error(error, PK_ERROR, PK_ERROR_INVALID,
                    "A lasso selection needs two columns and 3 to %d finite points.",
                    PK_SELECTION_MAX_VERTICES);
    }
    return ok;
}

static gboolean check_selection(const PkSelection *sel, GError **error) {
    if (sel->kind == PK_SELECTION_POLYGON) {
        return check_polygon(sel, error);
    }
    gboolean ranged = sel->kind != PK_SELECTION_CATEGORIES;
    gboolean ok = sel->x_column != NULL && (sel->kind != PK_SELECTION_BOX || sel->y_column);
    ok = ok && (!ranged || (isfinite(sel->x0) && isfinite(sel->x1) && sel->x0 < sel->x1));
    ok = ok && (sel->kind != PK_SELECTION_BOX ||
                (isfinite(sel->y0) && isfinite(sel->y1) && sel->y0 < sel->y1));
    if (!ok) {
        g_set_error_literal(error, PK_ERROR, PK_ERROR_INVALID,
                            "A selection needs its column(s) and finite ranges with low < high.");
    }
    return ok;
}

/* The source's columns, from its last value; NULL when it has not run. */
static gboolean source_has_column(PkGraph *graph, PkNode *source, const char *column) {
    g_mutex_lock(&graph->lock);
    gboolean found = source->value == NULL; /* not loaded yet: checked when it runs */
    for (guint i = 0; !found && source->value->columns[i] != NULL; i++) {
        found = g_ascii_strcasecmp(source->value->columns[i], column) == 0;
    }
    g_mutex_unlock(&graph->lock);
    return found;
}

gboolean pk_graph_set_selection(PkGraph *graph, PkNodeId id, const PkSelection *selection,
                                GError **error) {
    PkNodeId source_id = pk_graph_get_source_of(graph, id);
    if (source_id == 0) {
        g_set_error(error, PK_ERROR, PK_ERROR_INVALID,
                    "Node '%s' does not read from exactly one source, so its selection cannot "
                    "be traced back to source rows.",
                    pk_graph_get_name(graph, id));
        return FALSE;
    }
    PkNode *source = pk_graph_node(graph, source_id);
    if (selection != NULL) {
        if (!check_selection(selection, error)) {
            return FALSE;
        }
        const char *columns[] = {selection->x_column, selection->y_column};
        for (guint i = 0; i < 2 && columns[i] != NULL; i++) {
            if (!source_has_column(graph, source, columns[i])) {
                g_set_error(error, PK_ERROR, PK_ERROR_NOT_FOUND,
                            "Source '%s' has no column '%s' to select on.", source->name,
                            columns[i]);
                return FALSE;
            }
        }
    }
    if (!pk_graph_check_idle(graph, error)) {
        return FALSE;
    }
    if (source->selection != NULL) {
        pk_selection_clear(source->selection);
        g_clear_pointer(&source->selection, g_free);
    }
    if (selection != NULL) {
        source->selection = g_new0(PkSelection, 1);
        pk_selection_copy(source->selection, selection);
    }
    pk_graph_mark_dirty(graph, source_id);
    return TRUE;
}

gboolean pk_graph_get_selection(const PkGraph *graph, PkNodeId id, PkSelection *out) {
    PkNode *node = pk_graph_node(graph, id);
    if (node == NULL || node->selection == NULL) {
        return FALSE;
    }
    pk_selection_copy(out, node->selection);
    return TRUE;
}
