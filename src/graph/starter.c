/* starter.c — the graph a new workspace starts with, so no one faces a blank canvas.
 *
 * For each file: a source, a preview query, and up to four plots chosen from its columns:
 * density scatters of the numeric pairs that are most correlated (measured on a sample), a
 * line of the mean of the first numeric column (or the row count) per hour, day or month
 * (whichever cuts the span into at most about 1,000 steps) when there is a time column, a
 * histogram when there is a single numeric column, and a bar chart of counts for a text column
 * with few distinct values. Columns that look like row ids are left out of pairs (the classifier
 * is plot-defaults.c's, shared with the default spec of a new plot). */
#include "graph-private.h"

#include "pika/error.h"

#include <math.h>
#include <string.h>

#define STARTER_MAX_PLOTS 4
#define STARTER_MAX_NUMERIC 6      /* columns considered for pairs */
#define STARTER_SAMPLE_ROWS 100000 /* rows sampled for correlations and distinct counts */

/* name, or name_2, name_3... whichever is free and valid. New string. */
static char *free_name(PkGraph *graph, const char *base) {
    g_autofree char *clean =
        g_strcanon(g_ascii_strdown(base, -1), "abcdefghijklmnopqrstuvwxyz0123456789_", '_');
    if (strlen(clean) > 50) {
        clean[50] = '\0';
    }
    g_autofree char *valid =
        pk_graph_check_name(clean, NULL) ? g_strdup(clean) : g_strconcat("t_", clean, NULL);
    char *name = g_strdup(valid);
    for (guint i = 2; pk_graph_find(graph, name) != 0; i++) {
        g_free(name);
        name = g_strdup_printf("%s_%u", valid, i);
    }
    return name;
}

static GVariant *string_param(const char *key, const char *value) {
    GVariantDict dict;
    g_variant_dict_init(&dict, NULL);
    g_variant_dict_insert(&dict, key, "s", value);
    return g_variant_dict_end(&dict);
}

/* A plot of x (and y) over input, named base (NULL: from the columns). */
static PkNodeId add_plot(PkGraph *graph, PkNodeId input, PkPlotType type, const char *x,
                         const char *y, const char *base, double row, GError **error) {
    PkPlotSpec spec;
    pk_plot_spec_init(&spec);
    spec.type = type;
    pk_plot_spec_set_string(&spec.x.column, x);
    pk_plot_spec_set_string(&spec.y.column, y);
    g_autofree char *title = type == PK_PLOT_SCATTER     ? g_strdup_printf("%s against %s", y, x)
                             : type == PK_PLOT_LINE      ? g_strdup_printf("%s per %s", y, x)
                             : type == PK_PLOT_HISTOGRAM ? g_strdup_printf("Distribution of %s", x)
                                                         : g_strdup_printf("Rows per %s", x);
    pk_plot_spec_set_string(&spec.title, title);
    GVariantDict dict;
    g_variant_dict_init(&dict, NULL);
    g_variant_dict_insert_value(&dict, "spec", pk_plot_spec_to_variant(&spec));
    pk_plot_spec_clear(&spec);
    g_autofree char *fallback = y != NULL ? g_strdup_printf("%s_vs_%s", y, x)
                                          : g_strdup_printf("%s_%s", x, pk_plot_type_name(type));
    g_autofree char *name = free_name(graph, base != NULL ? base : fallback);
    PkNodeId id = pk_graph_add_node(graph, PK_NODE_PLOT, name, g_variant_dict_end(&dict), error);
    if (id != 0 && !pk_graph_connect(graph, input, id, 0, error)) {
        return 0;
    }
    pk_graph_set_position(graph, id, 640, row * 420);
    return id;
}

/* Correlations of the numeric pairs on a sample, strongest first. */
typedef struct {
    guint a, b;
    double r;
} Pair;

static int by_strength(gconstpointer pa, gconstpointer pb) {
    double a = fabs(((const Pair *)pa)->r), b = fabs(((const Pair *)pb)->r);
    return (a < b) - (a > b);
}

static GArray *rank_pairs(PkConn *conn, const char *relation, char **columns, const guint *numeric,
                          guint n) {
    GArray *pairs = g_array_new(FALSE, FALSE, sizeof(Pair));
    GString *sql = g_string_new("SELECT ");
    for (guint i = 0; i < n; i++) {
        for (guint j = i + 1; j < n; j++) {
            g_autofree char *a = pk_data_quote_ident(columns[numeric[i]]);
            g_autofree char *b = pk_data_quote_ident(columns[numeric[j]]);
            g_string_append_printf(sql, "%scoalesce(corr(%s::DOUBLE, %s::DOUBLE), 0)",
                                   pairs->len > 0 ? ", " : "", a, b);
            Pair pair = {numeric[i], numeric[j], 0};
            g_array_append_val(pairs, pair);
        }
    }
    g_string_append_printf(sql,
                           " FROM (SELECT * FROM %s USING SAMPLE reservoir(%d ROWS) "
                           "REPEATABLE (42))",
                           relation, STARTER_SAMPLE_ROWS);
    g_autoptr(PkFrame) frame = NULL;
    if (pairs->len > 0 && pk_conn_query_frame(conn, sql->str, NULL, NULL, NULL, &frame, NULL)) {
        for (guint k = 0; k < pairs->len; k++) {
            double r = pk_column_get_as_double(pk_frame_get_column(frame, k), 0);
            g_array_index(pairs, Pair, k).r = isfinite(r) ? r : 0;
        }
    }
    g_string_free(sql, TRUE);
    g_array_sort(pairs, by_strength);
    return pairs;
}

/* A text column with 2..50 distinct values (on a sample), or -1. */
static int few_categories(PkConn *conn, const char *relation, char **columns, PkColClass *cls) {
    for (guint i = 0; columns[i] != NULL; i++) {
        if (cls[i] != PK_COL_CLASS_TEXT) {
            continue;
        }
        g_autofree char *c = pk_data_quote_ident(columns[i]);
        g_autofree char *sql =
            g_strdup_printf("SELECT approx_count_distinct(%s) FROM (SELECT * FROM %s USING SAMPLE "
                            "reservoir(%d ROWS) REPEATABLE (42))",
                            c, relation, STARTER_SAMPLE_ROWS);
        g_autoptr(PkFrame) frame = NULL;
        if (pk_conn_query_frame(conn, sql, NULL, NULL, NULL, &frame, NULL)) {
            double n = pk_column_get_as_double(pk_frame_get_column(frame, 0), 0);
            if (n >= 2 && n <= 50) {
                return (int)i;
            }
        }
    }
    return -1;
}

/* The calendar unit that cuts the time column's span into at most about 1,000 steps. */
static const char *time_unit(PkConn *conn, const char *relation, const char *column) {
    static const struct {
        const char *name;
        double seconds;
    } units[] = {{"second", 1},    {"minute", 60},     {"hour", 3600},    {"day", 86400},
                 {"week", 604800}, {"month", 2629800}, {"year", 31557600}};
    g_autofree char *c = pk_data_quote_ident(column);
    g_autofree char *sql = g_strdup_printf(
        "SELECT epoch(max(%s)::TIMESTAMP) - epoch(min(%s)::TIMESTAMP) FROM %s", c, c, relation);
    g_autoptr(PkFrame) frame = NULL;
    double span = 0;
    if (pk_conn_query_frame(conn, sql, NULL, NULL, NULL, &frame, NULL)) {
        span = pk_column_get_as_double(pk_frame_get_column(frame, 0), 0);
    }
    for (guint i = 0; i < G_N_ELEMENTS(units); i++) {
        if (!(span / units[i].seconds > 1000)) {
            return units[i].name;
        }
    }
    return "year";
}

/* A query of the mean of measure (or, without one, the row count) per calendar unit of the time
 * column, and a line of it. */
static gboolean add_timeline(PkGraph *graph, PkConn *conn, PkNodeId source, const char *column,
                             const char *measure, double row, GError **error) {
    g_autoptr(PkGraphValue) value = pk_graph_get_value(graph, source);
    g_autofree char *relation = g_strdup_printf("(%s)", value->sql);
    const char *unit = time_unit(conn, relation, column);
    const char *src = pk_graph_get_name(graph, source);
    g_autofree char *c = pk_data_quote_ident(column);
    g_autofree char *s = pk_data_quote_ident(src);
    g_autofree char *u = pk_data_quote_ident(unit);
    g_autofree char *out =
        measure != NULL ? g_strdup_printf("mean_%s", measure) : g_strdup("n_rows");
    g_autofree char *m = measure != NULL ? pk_data_quote_ident(measure) : NULL;
    g_autofree char *o = pk_data_quote_ident(out);
    g_autofree char *agg = measure != NULL ? g_strdup_printf("avg(%s)", m) : g_strdup("count(*)");
    g_autofree char *sql = g_strdup_printf(
        "SELECT date_trunc('%s', %s) AS %s, %s AS %s\nFROM %s\nWHERE %s IS NOT NULL\n"
        "GROUP BY 1\nORDER BY 1",
        unit, c, u, agg, o, s, c);
    g_autofree char *base = g_strdup_printf("%s_by_%s", src, unit);
    g_autofree char *name = free_name(graph, base);
    PkNodeId q = pk_graph_add_node(graph, PK_NODE_QUERY, name, string_param("sql", sql), error);
    if (q == 0 || !pk_graph_connect(graph, source, q, 0, error)) {
        return FALSE;
    }
    pk_graph_set_position(graph, q, 320, (row + 1) * 420);
    g_autofree char *plot_name = g_strdup_printf("%s_per_%s", out, unit);
    PkNodeId plot = add_plot(graph, q, PK_PLOT_LINE, unit, out, plot_name, row, error);
    if (plot == 0) {
        return FALSE;
    }
    return TRUE;
}

/* The plots for one loaded source. */
static gboolean add_plots(PkGraph *graph, PkConn *conn, PkNodeId source, double row,
                          GError **error) {
    g_autoptr(PkGraphValue) value = pk_graph_get_value(graph, source);
    char **columns = value->columns;
    guint n_cols = g_strv_length(columns);
    g_autofree PkColClass *cls = g_new0(PkColClass, n_cols + 1);
    guint numeric[STARTER_MAX_NUMERIC], n_num = 0;
    int time_col = -1;
    for (guint i = 0; i < n_cols; i++) {
        cls[i] = pk_graph_classify_column(columns[i], value->column_types[i]);
        if (cls[i] == PK_COL_CLASS_NUMBER && n_num < STARTER_MAX_NUMERIC) {
            numeric[n_num++] = i;
        }
        if (cls[i] == PK_COL_CLASS_TIME && time_col < 0) {
            time_col = (int)i;
        }
    }
    g_autofree char *relation = g_strdup_printf("(%s)", value->sql);
    g_autoptr(GArray) pairs = rank_pairs(conn, relation, columns, numeric, n_num);
    guint n_plots = 0;
    for (guint k = 0; k < pairs->len && k < 2; k++) {
        Pair *p = &g_array_index(pairs, Pair, k);
        if (add_plot(graph, source, PK_PLOT_SCATTER, columns[p->a], columns[p->b], NULL,
                     row + n_plots++, error) == 0) {
            return FALSE;
        }
    }
    if (time_col >= 0 &&
        !add_timeline(graph, conn, source, columns[time_col],
                      n_num > 0 ? columns[numeric[0]] : NULL, row + n_plots++, error)) {
        return FALSE;
    }
    if (n_num == 1 && add_plot(graph, source, PK_PLOT_HISTOGRAM, columns[numeric[0]], NULL, NULL,
                               row + n_plots++, error) == 0) {
        return FALSE;
    }
    int text = few_categories(conn, relation, columns, cls);
    if (text >= 0 && n_plots < STARTER_MAX_PLOTS &&
        add_plot(graph, source, PK_PLOT_BAR, columns[text], NULL, NULL, row + n_plots++, error) ==
            0) {
        return FALSE;
    }
    return TRUE;
}

gboolean pk_graph_add_starter(PkGraph *graph, const char *const *files, PkCancel *cancel,
                              GError **error) {
    g_autoptr(GArray) sources = g_array_new(FALSE, FALSE, sizeof(PkNodeId));
    for (guint i = 0; files != NULL && files[i] != NULL; i++) {
        g_autofree char *base = pk_data_table_name_for_path(files[i]);
        g_autofree char *name = free_name(graph, base);
        g_autofree char *path = g_canonicalize_filename(files[i], NULL);
        PkNodeId id =
            pk_graph_add_node(graph, PK_NODE_SOURCE, name, string_param("path", path), error);
        if (id == 0) {
            return FALSE;
        }
        g_array_append_val(sources, id);
    }
    if (!pk_graph_load_sources(graph, cancel, error)) {
        return FALSE;
    }
    for (guint i = 0; i < sources->len; i++) {
        if (!pk_graph_add_starter_for(graph, g_array_index(sources, PkNodeId, i), error)) {
            return FALSE;
        }
    }
    return TRUE;
}

gboolean pk_graph_add_starter_for(PkGraph *graph, PkNodeId src, GError **error) {
    PkNodeStatus st;
    pk_graph_get_status(graph, src, &st);
    if (st.state != PK_NODE_DONE) {
        g_set_error(error, PK_ERROR, st.error_code != 0 ? st.error_code : PK_ERROR_FAILED, "%s",
                    st.message != NULL ? st.message : "The source did not load.");
        pk_node_status_clear(&st);
        return FALSE;
    }
    pk_node_status_clear(&st);
    PkConn *conn = pk_db_connect(graph->db, error);
    if (conn == NULL) {
        return FALSE;
    }
    /* Below what the canvas shows already: one row of cards per source. */
    double row = 0;
    guint n = 0;
    g_autofree PkNodeId *ids = pk_graph_list_nodes(graph, &n);
    for (guint i = 0; i < n; i++) {
        double x = 0, y = 0;
        if (ids[i] != src) {
            pk_graph_get_position(graph, ids[i], &x, &y);
            row = MAX(row, floor(y / 420) + 1);
        }
    }
    const char *name = pk_graph_get_name(graph, src);
    g_autofree char *quoted = pk_data_quote_ident(name);
    g_autofree char *sql = g_strdup_printf("SELECT * FROM %s LIMIT 1000", quoted);
    g_autofree char *base = g_strdup_printf("%s_preview", name);
    g_autofree char *qname = free_name(graph, base);
    PkNodeId q = pk_graph_add_node(graph, PK_NODE_QUERY, qname, string_param("sql", sql), error);
    gboolean ok = q != 0 && pk_graph_connect(graph, src, q, 0, error);
    pk_graph_set_position(graph, src, 0, row * 420);
    if (ok) {
        pk_graph_set_position(graph, q, 320, row * 420);
        ok = add_plots(graph, conn, src, row, error);
    }
    pk_conn_close(conn);
    return ok;
}
