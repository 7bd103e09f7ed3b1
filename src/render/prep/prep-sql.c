/* prep-sql.c — the SQL side of preparation: schemas, column fetches, and the aggregations
 * DuckDB does well (bar charts: a GROUP BY with few groups; box plots: quantiles per
 * category, whiskers at 1.5 IQR, outliers capped per box, the most extreme first).
 * With a selection the same SQL runs over the selected relation too, and its results are
 * placed in the full chart's groups, series and boxes by name.
 *
 * Identifiers are quoted with the data layer's quoting; the user's SQL is wrapped as a
 * subquery, never spliced. */
#include "pika/data.h"
#include "pika/render-kit.h"
#include "prep-private.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

gboolean pk_prep_describe(PkConn *conn, const char *sql, PkPlotField **out_fields, guint *out_n,
                          char ***out_names, GError **error) {
    PkSchema *schema = NULL;
    if (!pk_conn_describe_sql(conn, sql, &schema, error)) {
        return FALSE;
    }
    PkPlotField *fields = g_new0(PkPlotField, MAX(schema->n_columns, 1));
    char **names = g_new0(char *, schema->n_columns + 1);
    for (guint i = 0; i < schema->n_columns; i++) {
        names[i] = g_strdup(schema->columns[i].name);
        fields[i].name = names[i];
        fields[i].type = schema->columns[i].type;
    }
    *out_n = schema->n_columns;
    pk_schema_free(schema);
    *out_fields = fields;
    *out_names = names;
    return TRUE;
}

gboolean pk_prep_fetch(PkConn *conn, const char *sql, const char *const *columns, guint n,
                       PkCancel *cancel, PkFrame **out_frame, GError **error) {
    GString *select = g_string_new("SELECT ");
    guint n_added = 0;
    for (guint i = 0; i < n; i++) {
        gboolean seen = FALSE;
        for (guint j = 0; j < i; j++) {
            seen = seen || g_strcmp0(columns[i], columns[j]) == 0;
        }
        if (columns[i] == NULL || seen) {
            continue;
        }
        g_autofree char *ident = pk_data_quote_ident(columns[i]);
        g_string_append_printf(select, "%s%s", n_added++ > 0 ? ", " : "", ident);
    }
    g_string_append_printf(select, " FROM (%s) AS pika_source", sql);
    gboolean ok = pk_conn_query_frame(conn, select->str, cancel, NULL, NULL, out_frame, error);
    g_string_free(select, TRUE);
    return ok;
}

gboolean pk_prep_count(PkConn *conn, const char *sql, PkCancel *cancel, guint64 *out_n,
                       GError **error) {
    g_autofree char *count = g_strdup_printf("SELECT count(*) AS n FROM (%s) AS pika_source", sql);
    g_autoptr(PkFrame) frame = NULL;
    if (!pk_conn_query_frame(conn, count, cancel, NULL, NULL, &frame, error)) {
        return FALSE;
    }
    PkColumn *n = pk_frame_find_column(frame, "n");
    *out_n =
        n != NULL && pk_frame_get_n_rows(frame) == 1 ? (guint64)pk_column_get_as_double(n, 0) : 0;
    return TRUE;
}

/* The selection's row counts: n_selected of n_selection_total. */
static gboolean selection_counts(PkScene *scene, const PkPlotPrepInput *input, GError **error) {
    guint64 n_selected = 0, n_total = 0;
    if (!pk_prep_count(input->conn, input->sql, input->cancel, &n_total, error) ||
        !pk_prep_count(input->conn, input->selected_sql, input->cancel, &n_selected, error)) {
        return FALSE;
    }
    pk_scene_set_selection(scene, n_selected, n_total);
    return TRUE;
}

/* Bar charts ---------------------------------------------------------------------------- */

static const char *sql_agg(PkPlotAgg agg) {
    static const char *const names[] = {"count", "sum", "avg", "min", "max"};
    return names[agg];
}

char *pk_plot_bar_sql(const PkPlotSpec *spec, const char *sql) {
    g_autofree char *x = pk_data_quote_ident(spec->x.column);
    const char *value_name = spec->value != NULL ? spec->value : spec->y.column;
    g_autofree char *value = value_name != NULL ? pk_data_quote_ident(value_name) : NULL;
    g_autofree char *color = spec->color != NULL ? pk_data_quote_ident(spec->color) : NULL;
    g_autofree char *agg =
        value == NULL ? g_strdup("count(*)") : g_strdup_printf("%s(%s)", sql_agg(spec->agg), value);
    return g_strdup_printf("SELECT CAST(%s AS VARCHAR) AS k, %s%s%s CAST(%s AS DOUBLE) AS v "
                           "FROM (%s) AS pika_source GROUP BY ALL ORDER BY ALL",
                           x, color != NULL ? "CAST(" : "", color != NULL ? color : "",
                           color != NULL ? " AS VARCHAR) AS s," : "", agg, sql);
}

static guint index_of(GPtrArray *names, const char *name) {
    for (guint i = 0; i < names->len; i++) {
        if (g_strcmp0(g_ptr_array_index(names, i), name) == 0) {
            return i;
        }
    }
    g_ptr_array_add(names, g_strdup(name));
    return names->len - 1;
}

static gint find_name(GPtrArray *names, const char *name) {
    for (guint i = 0; i < names->len; i++) {
        if (g_strcmp0(g_ptr_array_index(names, i), name) == 0) {
            return (gint)i;
        }
    }
    return -1;
}

static const char *text_at(PkColumn *column, gsize row) {
    if (column == NULL) {
        return "";
    }
    if (!pk_column_is_valid(column, row)) {
        return "NULL";
    }
    return pk_column_get_category(column, pk_column_get_codes(column)[row]);
}

static void bar_extent(const PkScene *scene, const double *values, double *lo, double *hi) {
    guint ns = MAX(scene->n_bar_series, 1u);
    for (guint g = 0; values != NULL && g < scene->n_groups; g++) {
        double pos = 0, neg = 0;
        for (guint s = 0; s < ns; s++) {
            double v = values[g * ns + s];
            if (isfinite(v)) {
                pos = scene->spec.stacked ? pos + MAX(v, 0) : MAX(pos, v);
                neg = scene->spec.stacked ? neg + MIN(v, 0) : MIN(neg, v);
            }
        }
        *lo = MIN(*lo, neg), *hi = MAX(*hi, pos);
    }
}

/* The value axis covers every bar and every selected bar. */
static void bar_value_range(PkScene *scene) {
    double lo = 0, hi = 0;
    bar_extent(scene, scene->bar_values, &lo, &hi);
    bar_extent(scene, scene->selected_bar_values, &lo, &hi);
    PkSceneAxis *val = scene->spec.horizontal ? &scene->x : &scene->y;
    val->scale = PK_SCALE_LINEAR;
    val->lo = lo < 0 ? lo * 1.05 : 0;
    val->hi = hi > 0 ? hi * 1.05 : 1;
}

/* The bar SQL over the selected rows, placed in the full chart's groups and series: 0 where
 * a bar exists but no selected row is in it, NaN where no bar exists. */
static gboolean selected_bars(PkScene *scene, const PkPlotPrepInput *input, GPtrArray *groups,
                              GPtrArray *series, GError **error) {
    g_autofree char *sql = pk_plot_bar_sql(&scene->spec, input->selected_sql);
    g_autoptr(PkFrame) frame = NULL;
    if (!pk_conn_query_frame(input->conn, sql, input->cancel, NULL, NULL, &frame, error)) {
        return FALSE;
    }
    gsize n = (gsize)scene->n_groups * MAX(scene->n_bar_series, 1u);
    scene->selected_bar_values = g_new(double, MAX(n, 1));
    for (gsize i = 0; i < n; i++) {
        scene->selected_bar_values[i] = isfinite(scene->bar_values[i]) ? 0.0 : NAN;
    }
    PkColumn *k = pk_frame_find_column(frame, "k"), *s = pk_frame_find_column(frame, "s");
    PkColumn *v = pk_frame_find_column(frame, "v");
    for (gsize r = 0; r < pk_frame_get_n_rows(frame); r++) {
        gint g = find_name(groups, text_at(k, r)), j = find_name(series, text_at(s, r));
        if (g >= 0 && j >= 0) {
            scene->selected_bar_values[(gsize)g * MAX(scene->n_bar_series, 1u) + (gsize)j] =
                pk_column_get_as_double(v, r);
        }
    }
    return selection_counts(scene, input, error);
}

/* A group's value for ordering: the sum of its finite bars (NaN when it has none). */
typedef struct {
    guint index;
    double total;
} GroupKey;

static int by_total(gconstpointer pa, gconstpointer pb) {
    const GroupKey *a = pa, *b = pb;
    if (isnan(a->total) != isnan(b->total)) {
        return isnan(a->total) ? 1 : -1; /* groups without a value last */
    }
    if (a->total != b->total && !isnan(a->total)) {
        return a->total > b->total ? -1 : 1;
    }
    return (a->index > b->index) - (a->index < b->index); /* ties keep label order */
}

/* Reorders groups and the scene's bar values by value, largest first (bar_order "value"). */
static void order_by_value(PkScene *scene, GPtrArray *groups) {
    guint ns = MAX(scene->n_bar_series, 1u), n = groups->len;
    g_autofree GroupKey *keys = g_new(GroupKey, MAX(n, 1));
    for (guint g = 0; g < n; g++) {
        keys[g] = (GroupKey){g, NAN};
        for (guint s = 0; s < ns; s++) {
            double v = scene->bar_values[(gsize)g * ns + s];
            if (isfinite(v)) {
                keys[g].total = isnan(keys[g].total) ? v : keys[g].total + v;
            }
        }
    }
    qsort(keys, n, sizeof *keys, by_total);
    g_autofree double *values = g_new(double, MAX((gsize)n * ns, 1));
    g_autofree gpointer *names = g_new(gpointer, MAX(n, 1));
    for (guint g = 0; g < n; g++) {
        memcpy(values + (gsize)g * ns, scene->bar_values + (gsize)keys[g].index * ns,
               ns * sizeof(double));
        names[g] = groups->pdata[keys[g].index];
    }
    memcpy(scene->bar_values, values, (gsize)n * ns * sizeof(double));
    memcpy(groups->pdata, names, n * sizeof(gpointer));
}

gboolean pk_prep_bar(PkScene *scene, const PkPlotPrepInput *input, GError **error) {
    g_autofree char *sql = pk_plot_bar_sql(&scene->spec, input->sql);
    g_autoptr(PkFrame) frame = NULL;
    if (!pk_conn_query_frame(input->conn, sql, input->cancel, NULL, NULL, &frame, error)) {
        return FALSE;
    }
    gsize n = pk_frame_get_n_rows(frame);
    PkColumn *k = pk_frame_find_column(frame, "k"), *s = pk_frame_find_column(frame, "s");
    PkColumn *v = pk_frame_find_column(frame, "v");
    g_autoptr(GPtrArray) groups = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GPtrArray) series = g_ptr_array_new_with_free_func(g_free);
    for (gsize r = 0; r < n; r++) {
        index_of(groups, text_at(k, r));
        index_of(series, text_at(s, r));
    }
    guint ns = MAX(series->len, 1u);
    scene->n_groups = groups->len, scene->n_bar_series = ns;
    scene->bar_values = g_new(double, MAX((gsize)groups->len * ns, 1));
    for (gsize i = 0; i < (gsize)groups->len * ns; i++) {
        scene->bar_values[i] = NAN;
    }
    for (gsize r = 0; r < n; r++) {
        guint g = index_of(groups, text_at(k, r)), j = index_of(series, text_at(s, r));
        scene->bar_values[(gsize)g * ns + j] = pk_column_get_as_double(v, r);
    }
    if (scene->spec.bar_order == PK_BAR_ORDER_VALUE) {
        order_by_value(scene, groups);
    }
    PkSceneAxis *cat = scene->spec.horizontal ? &scene->y : &scene->x;
    PkSceneAxis *val = scene->spec.horizontal ? &scene->x : &scene->y;
    pk_scene_axis_set_categories(cat, (const char *const *)groups->pdata, groups->len);
    const char *vname = scene->spec.value != NULL ? scene->spec.value : scene->spec.y.column;
    g_free(cat->label), g_free(val->label);
    cat->label = g_strdup(scene->spec.x.label != NULL ? scene->spec.x.label : scene->spec.x.column);
    val->label = scene->spec.y.label != NULL ? g_strdup(scene->spec.y.label)
                 : vname != NULL
                     ? g_strdup_printf("%s(%s)", pk_plot_agg_name(scene->spec.agg), vname)
                     : g_strdup("count");
    if (s != NULL) {
        pk_scene_set_color_categories(scene, (const char *const *)series->pdata, series->len,
                                      FALSE);
    }
    if (input->selected_sql != NULL && !selected_bars(scene, input, groups, series, error)) {
        return FALSE;
    }
    bar_value_range(scene);
    scene->mode = "bars";
    scene->backend = (g_free(scene->backend), g_strdup("DuckDB"));
    scene->n_drawn = scene->n_rows = n;
    if (n == 0) {
        scene->empty_message = g_strdup("No rows to plot: the query returned nothing");
    }
    return TRUE;
}

/* Aggregated lines --------------------------------------------------------------------------- */

char *pk_plot_line_sql(const PkPlotSpec *spec, const char *unit, const char *sql) {
    g_autofree char *x = pk_data_quote_ident(spec->x.column);
    g_autofree char *y = pk_data_quote_ident(spec->y.column);
    g_autofree char *color = spec->color != NULL ? pk_data_quote_ident(spec->color) : NULL;
    g_autofree char *color_item = color != NULL ? g_strdup_printf("%s, ", color) : g_strdup("");
    g_autofree char *bucket =
        unit != NULL ? g_strdup_printf("date_trunc('%s', %s)", unit, x) : g_strdup(x);
    return g_strdup_printf("SELECT %s AS %s, %sCAST(%s(%s) AS DOUBLE) AS %s FROM (%s) AS "
                           "pika_source WHERE %s IS NOT NULL GROUP BY ALL ORDER BY ALL",
                           bucket, x, color_item, sql_agg(spec->agg), y, y, sql, x);
}

/* The calendar unit that cuts the time column's span into at most about 1,000 buckets. */
static gboolean auto_unit(const PkPlotSpec *spec, const PkPlotPrepInput *input, const char **out,
                          GError **error) {
    static const struct {
        const char *name;
        double seconds;
    } units[] = {{"second", 1},    {"minute", 60},     {"hour", 3600},    {"day", 86400},
                 {"week", 604800}, {"month", 2629800}, {"year", 31557600}};
    g_autofree char *x = pk_data_quote_ident(spec->x.column);
    g_autofree char *sql =
        g_strdup_printf("SELECT epoch(max(%s)::TIMESTAMP) - epoch(min(%s)::TIMESTAMP) AS span "
                        "FROM (%s) AS pika_source",
                        x, x, input->sql);
    g_autoptr(PkFrame) frame = NULL;
    if (!pk_conn_query_frame(input->conn, sql, input->cancel, NULL, NULL, &frame, error)) {
        return FALSE;
    }
    double span = pk_frame_get_n_rows(frame) == 1
                      ? pk_column_get_as_double(pk_frame_get_column(frame, 0), 0)
                      : 0;
    *out = "year";
    for (guint i = 0; i < G_N_ELEMENTS(units); i++) {
        if (!(span / units[i].seconds > 1000)) {
            *out = units[i].name;
            break;
        }
    }
    return TRUE;
}

gboolean pk_prep_line_relations(const PkPlotSpec *spec, const PkPlotPrepInput *input,
                                gboolean x_is_time, char **out_sql, char **out_selected,
                                GError **error) {
    PkBucket bucket = pk_plot_spec_line_bucket(spec);
    const char *unit = NULL;
    if (bucket > PK_BUCKET_AUTO) {
        unit = pk_bucket_name(bucket);
    } else if (x_is_time && !auto_unit(spec, input, &unit, error)) {
        return FALSE;
    }
    *out_sql = pk_plot_line_sql(spec, unit, input->sql);
    *out_selected =
        input->selected_sql != NULL ? pk_plot_line_sql(spec, unit, input->selected_sql) : NULL;
    return TRUE;
}

/* Box plots ----------------------------------------------------------------------------- */

static char *box_cte(const PkPlotSpec *spec, const char *sql) {
    g_autofree char *x = pk_data_quote_ident(spec->x.column);
    g_autofree char *y = pk_data_quote_ident(spec->y.column);
    return g_strdup_printf(
        "WITH src AS (SELECT * FROM (SELECT CAST(%s AS VARCHAR) AS k, CAST(%s AS DOUBLE) AS v "
        "FROM (%s) AS pika_source) WHERE isfinite(v)), "
        "q AS (SELECT k, count(*) AS n, quantile_cont(v, 0.25) AS q1, "
        "quantile_cont(v, 0.5) AS med, quantile_cont(v, 0.75) AS q3 FROM src GROUP BY k), "
        "j AS (SELECT src.k, v, q1, med, q3, q1 - 1.5 * (q3 - q1) AS lo, "
        "q3 + 1.5 * (q3 - q1) AS hi FROM src JOIN q ON src.k IS NOT DISTINCT FROM q.k) ",
        x, y, sql);
}

char *pk_plot_box_sql(const PkPlotSpec *spec, const char *sql) {
    g_autofree char *cte = box_cte(spec, sql);
    return g_strdup_printf(
        "%sSELECT k, any_value(n) AS n, any_value(q1) AS q1, any_value(med) AS med, "
        "any_value(q3) AS q3, min(v) FILTER (WHERE v >= lo) AS wlo, "
        "max(v) FILTER (WHERE v <= hi) AS whi, count(*) FILTER (WHERE v < lo OR v > hi) "
        "AS n_out FROM j JOIN q USING (k, q1, med, q3) GROUP BY k ORDER BY k",
        cte);
}

static char *outlier_sql(const PkPlotSpec *spec, const char *sql) {
    g_autofree char *cte = box_cte(spec, sql);
    return g_strdup_printf(
        "%sSELECT k, v FROM (SELECT k, v, row_number() OVER (PARTITION BY k ORDER BY "
        "abs(v - med) DESC) AS r FROM j WHERE v < lo OR v > hi) WHERE r <= %u ORDER BY k, v",
        cte, spec->max_outliers);
}

/* Boxes from the statistics and outlier queries; range[0..1] grows to cover whiskers and
 * drawn outliers. Returns *out_n boxes (at least one allocated). */
static PkSceneBox *boxes_from(PkFrame *stats, PkFrame *outliers, guint *out_n, double range[2]) {
    gsize n = pk_frame_get_n_rows(stats);
    PkColumn *k = pk_frame_find_column(stats, "k");
    PkSceneBox *boxes = g_new0(PkSceneBox, MAX(n, 1));
    static const char *const fields[] = {"q1", "med", "q3", "wlo", "whi"};
    for (gsize r = 0; r < n; r++) {
        PkSceneBox *b = &boxes[r];
        double *dst[] = {&b->q1, &b->median, &b->q3, &b->whisker_lo, &b->whisker_hi};
        for (guint f = 0; f < 5; f++) {
            *dst[f] = pk_column_get_as_double(pk_frame_find_column(stats, fields[f]), r);
        }
        b->name = g_strdup(text_at(k, r));
        b->n = (guint64)pk_column_get_as_double(pk_frame_find_column(stats, "n"), r);
        b->n_outliers_total =
            (guint64)pk_column_get_as_double(pk_frame_find_column(stats, "n_out"), r);
        b->outliers = g_new(double, MAX(b->n_outliers_total, 1));
        range[0] = MIN(range[0], b->whisker_lo), range[1] = MAX(range[1], b->whisker_hi);
    }
    PkColumn *ok = pk_frame_find_column(outliers, "k"), *ov = pk_frame_find_column(outliers, "v");
    for (gsize r = 0; r < pk_frame_get_n_rows(outliers); r++) {
        const char *name = text_at(ok, r);
        for (gsize i = 0; i < n; i++) {
            PkSceneBox *b = &boxes[i];
            if (g_strcmp0(b->name, name) == 0 && b->n_outliers < b->n_outliers_total) {
                double v = pk_column_get_as_double(ov, r);
                b->outliers[b->n_outliers++] = v;
                range[0] = MIN(range[0], v), range[1] = MAX(range[1], v);
            }
        }
    }
    *out_n = (guint)n;
    return boxes;
}

static gboolean box_query(const PkPlotSpec *spec, const PkPlotPrepInput *input, const char *sql,
                          PkFrame **out_stats, PkFrame **out_outliers, GError **error) {
    g_autofree char *stats_sql = pk_plot_box_sql(spec, sql);
    g_autofree char *outlier_text = outlier_sql(spec, sql);
    if (!pk_conn_query_frame(input->conn, stats_sql, input->cancel, NULL, NULL, out_stats, error)) {
        return FALSE;
    }
    if (!pk_conn_query_frame(input->conn, outlier_text, input->cancel, NULL, NULL, out_outliers,
                             error)) {
        g_clear_pointer(out_stats, pk_frame_unref);
        return FALSE;
    }
    return TRUE;
}

/* The selected rows' boxes, in the order of the full boxes (n = 0 where none is selected). */
static gboolean selected_boxes(PkScene *scene, const PkPlotPrepInput *input, double range[2],
                               GError **error) {
    g_autoptr(PkFrame) stats = NULL;
    g_autoptr(PkFrame) outliers = NULL;
    if (!box_query(&scene->spec, input, input->selected_sql, &stats, &outliers, error)) {
        return FALSE;
    }
    guint n = 0;
    PkSceneBox *found = boxes_from(stats, outliers, &n, range);
    scene->selected_boxes = g_new0(PkSceneBox, MAX(scene->n_boxes, 1u));
    for (guint i = 0; i < scene->n_boxes; i++) {
        PkSceneBox *b = &scene->selected_boxes[i];
        for (guint j = 0; j < n && b->name == NULL; j++) {
            if (found[j].name != NULL && g_strcmp0(found[j].name, scene->boxes[i].name) == 0) {
                *b = found[j];
                found[j] = (PkSceneBox){0};
            }
        }
        if (b->name == NULL) {
            b->name = g_strdup(scene->boxes[i].name);
            b->q1 = b->median = b->q3 = b->whisker_lo = b->whisker_hi = NAN;
        }
    }
    for (guint j = 0; j < n; j++) {
        g_free(found[j].name);
        g_free(found[j].outliers);
    }
    g_free(found);
    return selection_counts(scene, input, error);
}

gboolean pk_prep_box(PkScene *scene, const PkPlotPrepInput *input, GError **error) {
    g_autoptr(PkFrame) stats = NULL;
    g_autoptr(PkFrame) outliers = NULL;
    if (!box_query(&scene->spec, input, input->sql, &stats, &outliers, error)) {
        return FALSE;
    }
    double range[2] = {INFINITY, -INFINITY};
    scene->boxes = boxes_from(stats, outliers, &scene->n_boxes, range);
    g_autoptr(GPtrArray) names = g_ptr_array_new();
    for (guint i = 0; i < scene->n_boxes; i++) {
        g_ptr_array_add(names, scene->boxes[i].name);
        scene->n_rows += scene->boxes[i].n;
    }
    if (input->selected_sql != NULL && !selected_boxes(scene, input, range, error)) {
        return FALSE;
    }
    pk_scene_axis_set_categories(&scene->x, (const char *const *)names->pdata, names->len);
    g_free(scene->x.label);
    scene->x.label =
        g_strdup(scene->spec.x.label != NULL ? scene->spec.x.label : scene->spec.x.column);
    double lo = range[0], hi = range[1], pad = hi > lo ? (hi - lo) * 0.05 : 1.0;
    scene->y.scale = PK_SCALE_LINEAR;
    scene->y.lo = isfinite(lo) ? lo - pad : 0, scene->y.hi = isfinite(hi) ? hi + pad : 1;
    scene->mode = "boxes";
    scene->backend = (g_free(scene->backend), g_strdup("DuckDB"));
    scene->n_drawn = scene->n_rows;
    if (scene->n_boxes == 0) {
        scene->empty_message = g_strdup("No rows to plot: the query returned nothing");
    }
    return TRUE;
}
