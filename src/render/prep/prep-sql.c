/* prep-sql.c — the SQL side of preparation: schemas, column fetches, and the aggregations
 * DuckDB does well (bar charts: a GROUP BY with few groups; box plots: quantiles per
 * category, whiskers at 1.5 IQR, outliers capped per box, the most extreme first).
 *
 * Identifiers are quoted with the data layer's quoting; the user's SQL is wrapped as a
 * subquery, never spliced. */
#include "pika/data.h"
#include "pika/render-kit.h"
#include "prep-private.h"

#include <math.h>

gboolean pk_prep_describe(PkConn *conn, const char *sql, PkPlotField **out_fields,
                          guint *out_n, char ***out_names, GError **error) {
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
    g_autofree char *agg = value == NULL ? g_strdup("count(*)")
                                         : g_strdup_printf("%s(%s)", sql_agg(spec->agg), value);
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

static const char *text_at(PkColumn *column, gsize row) {
    if (column == NULL) {
        return "";
    }
    if (!pk_column_is_valid(column, row)) {
        return "NULL";
    }
    return pk_column_get_category(column, pk_column_get_codes(column)[row]);
}

static void bar_value_range(PkScene *scene) {
    double lo = 0, hi = 0;
    guint ns = MAX(scene->n_bar_series, 1u);
    for (guint g = 0; g < scene->n_groups; g++) {
        double pos = 0, neg = 0;
        for (guint s = 0; s < ns; s++) {
            double v = scene->bar_values[g * ns + s];
            if (isfinite(v)) {
                pos = scene->spec.stacked ? pos + MAX(v, 0) : MAX(pos, v);
                neg = scene->spec.stacked ? neg + MIN(v, 0) : MIN(neg, v);
            }
        }
        lo = MIN(lo, neg), hi = MAX(hi, pos);
    }
    PkSceneAxis *val = scene->spec.horizontal ? &scene->x : &scene->y;
    val->scale = PK_SCALE_LINEAR;
    val->lo = lo < 0 ? lo * 1.05 : 0;
    val->hi = hi > 0 ? hi * 1.05 : 1;
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
    PkSceneAxis *cat = scene->spec.horizontal ? &scene->y : &scene->x;
    PkSceneAxis *val = scene->spec.horizontal ? &scene->x : &scene->y;
    pk_scene_axis_set_categories(cat, (const char *const *)groups->pdata, groups->len);
    g_free(cat->label), cat->label = g_strdup(scene->spec.x.column);
    const char *vname = scene->spec.value != NULL ? scene->spec.value : scene->spec.y.column;
    g_free(val->label);
    val->label = vname != NULL ? g_strdup_printf("%s(%s)", pk_plot_agg_name(scene->spec.agg),
                                                 vname)
                               : g_strdup("count");
    if (s != NULL) {
        pk_scene_set_color_categories(scene, (const char *const *)series->pdata, series->len,
                                      FALSE);
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

static void box_fill(PkScene *scene, PkFrame *stats, PkFrame *outliers) {
    gsize n = pk_frame_get_n_rows(stats);
    PkColumn *k = pk_frame_find_column(stats, "k");
    scene->n_boxes = (guint)n;
    scene->boxes = g_new0(PkSceneBox, MAX(n, 1));
    g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
    double lo = INFINITY, hi = -INFINITY;
    static const char *const fields[] = {"q1", "med", "q3", "wlo", "whi"};
    for (gsize r = 0; r < n; r++) {
        PkSceneBox *b = &scene->boxes[r];
        double *dst[] = {&b->q1, &b->median, &b->q3, &b->whisker_lo, &b->whisker_hi};
        for (guint f = 0; f < 5; f++) {
            *dst[f] = pk_column_get_as_double(pk_frame_find_column(stats, fields[f]), r);
        }
        b->name = g_strdup(text_at(k, r));
        b->n = (guint64)pk_column_get_as_double(pk_frame_find_column(stats, "n"), r);
        b->n_outliers_total = (guint64)pk_column_get_as_double(
            pk_frame_find_column(stats, "n_out"), r);
        b->outliers = g_new(double, MAX(b->n_outliers_total, 1));
        lo = MIN(lo, b->whisker_lo), hi = MAX(hi, b->whisker_hi);
        g_ptr_array_add(names, g_strdup(b->name));
        scene->n_rows += b->n;
    }
    PkColumn *ok = pk_frame_find_column(outliers, "k"), *ov = pk_frame_find_column(outliers, "v");
    for (gsize r = 0; r < pk_frame_get_n_rows(outliers); r++) {
        const char *name = text_at(ok, r);
        for (guint i = 0; i < scene->n_boxes; i++) {
            PkSceneBox *b = &scene->boxes[i];
            if (g_strcmp0(b->name, name) == 0 && b->n_outliers < b->n_outliers_total) {
                double v = pk_column_get_as_double(ov, r);
                b->outliers[b->n_outliers++] = v;
                lo = MIN(lo, v), hi = MAX(hi, v);
            }
        }
    }
    pk_scene_axis_set_categories(&scene->x, (const char *const *)names->pdata, names->len);
    g_free(scene->x.label), scene->x.label = g_strdup(scene->spec.x.column);
    double pad = hi > lo ? (hi - lo) * 0.05 : 1.0;
    scene->y.scale = PK_SCALE_LINEAR;
    scene->y.lo = isfinite(lo) ? lo - pad : 0, scene->y.hi = isfinite(hi) ? hi + pad : 1;
}

gboolean pk_prep_box(PkScene *scene, const PkPlotPrepInput *input, GError **error) {
    g_autofree char *sql = pk_plot_box_sql(&scene->spec, input->sql);
    g_autofree char *osql = outlier_sql(&scene->spec, input->sql);
    g_autoptr(PkFrame) stats = NULL;
    g_autoptr(PkFrame) outliers = NULL;
    if (!pk_conn_query_frame(input->conn, sql, input->cancel, NULL, NULL, &stats, error) ||
        !pk_conn_query_frame(input->conn, osql, input->cancel, NULL, NULL, &outliers, error)) {
        return FALSE;
    }
    box_fill(scene, stats, outliers);
    scene->mode = "boxes";
    scene->backend = (g_free(scene->backend), g_strdup("DuckDB"));
    scene->n_drawn = scene->n_rows;
    if (scene->n_boxes == 0) {
        scene->empty_message = g_strdup("No rows to plot: the query returned nothing");
    }
    return TRUE;
}
