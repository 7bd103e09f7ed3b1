/* prep.c — pk_plot_prepare: validate the spec against the query's columns, then hand the
 * work to the SQL side (bar, box) or fetch the needed columns once and aggregate them (scatter,
 * line, histogram, heatmap). Timings are split into query and aggregation. With a
 * selection, the selected relation is fetched (or aggregated) too, with the same columns.
 * A line with a bucket plots the relation of its buckets (one row per bucket and colour),
 * built in SQL, instead of the rows. */
#include "pika/error.h"
#include "pika/render-kit.h"
#include "prep-private.h"

static double now_ms(void) {
    return (double)g_get_monotonic_time() / 1000.0;
}

static void resolve_scales(PkScene *scene, const PkPlotField *fields, guint n) {
    for (guint i = 0; i < n; i++) {
        if (g_strcmp0(fields[i].name, scene->spec.x.column) == 0) {
            scene->x.scale = pk_plot_axis_resolve_scale(&scene->spec.x, fields[i].type);
        }
        if (g_strcmp0(fields[i].name, scene->spec.y.column) == 0) {
            scene->y.scale = pk_plot_axis_resolve_scale(&scene->spec.y, fields[i].type);
        }
    }
}

/* Line, histogram, heatmap: their data made for this one scene. */
static gboolean prepare_data(PkScene *scene, const PkPlotPrepInput *input, PkFrame *frame,
                             PkFrame *selected, GError **error) {
    PkPrepData *data = pk_prep_data_new(input->compute, &scene->spec, frame, NULL, error);
    PkPrepData *sdata = NULL;
    gboolean ok = data != NULL &&
                  (selected == NULL || (sdata = pk_prep_data_new(input->compute, &scene->spec,
                                                                 selected, data, error)) != NULL);
    if (ok && scene->spec.type == PK_PLOT_LINE) {
        ok = pk_prep_line(scene, input, data, sdata, error);
    } else if (ok && scene->spec.type == PK_PLOT_HISTOGRAM) {
        ok = pk_prep_histogram(scene, input, data, sdata, error);
    } else if (ok) {
        ok = pk_prep_heatmap(scene, input, data, sdata, error);
    }
    pk_prep_data_free(sdata);
    pk_prep_data_free(data);
    return ok;
}

static gboolean prepare_rows(PkScene *scene, const PkPlotPrepInput *input, PkPlotPrepTimings *t,
                             GError **error) {
    const PkPlotSpec *spec = &scene->spec;
    const char *columns[] = {spec->x.column, spec->y.column, spec->color, spec->value, spec->size};
    PkFrame *frame = NULL, *selected = NULL;
    double t0 = now_ms();
    if (!pk_prep_fetch(input->conn, input->sql, columns, G_N_ELEMENTS(columns), input->cancel,
                       &frame, error) ||
        (input->selected_sql != NULL &&
         !pk_prep_fetch(input->conn, input->selected_sql, columns, G_N_ELEMENTS(columns),
                        input->cancel, &selected, error))) {
        pk_frame_unref(frame);
        return FALSE;
    }
    t->query_ms = now_ms() - t0;
    t->n_rows = pk_frame_get_n_rows(frame);
    scene->n_rows = t->n_rows;
    if (selected != NULL) {
        pk_scene_set_selection(scene, pk_frame_get_n_rows(selected), t->n_rows);
    }
    gboolean ok = TRUE;
    t0 = now_ms();
    if (t->n_rows == 0) {
        scene->empty_message = g_strdup("No rows to plot: the query returned nothing");
    } else if (spec->type == PK_PLOT_SCATTER) {
        ok = pk_prep_scatter(scene, input, frame, selected, error);
    } else {
        ok = prepare_data(scene, input, frame, selected, error);
    }
    t->aggregate_ms = now_ms() - t0;
    pk_frame_unref(frame);
    pk_frame_unref(selected);
    return ok;
}

gboolean pk_prep_x_is_time(const PkPlotSpec *spec, const PkPlotField *fields, guint n) {
    for (guint i = 0; i < n; i++) {
        if (g_strcmp0(fields[i].name, spec->x.column) == 0) {
            return fields[i].type == PK_COLUMN_TYPE_TIMESTAMP;
        }
    }
    return FALSE;
}

gboolean pk_plot_prepare(const PkPlotSpec *spec, const PkPlotPrepInput *input, PkScene **out_scene,
                         PkPlotPrepTimings *timings, GError **error) {
    g_return_val_if_fail(spec != NULL && input != NULL && out_scene != NULL, FALSE);
    if (input->conn == NULL || input->compute == NULL || input->sql == NULL ||
        !(input->width >= 1 && input->height >= 1 && input->scale > 0)) {
        g_set_error(error, PK_ERROR, PK_ERROR_INVALID,
                    "preparing a plot needs a connection, an engine, SQL and a positive size");
        return FALSE;
    }
    PkPlotPrepTimings t = {0};
    PkPlotField *fields = NULL;
    char **names = NULL;
    guint n_fields = 0;
    PkScene *scene = NULL;
    PkPlotPrepInput line_input = *input;
    g_autofree char *line_sql = NULL;
    g_autofree char *line_selected = NULL;
    double t0 = now_ms();
    gboolean ok = pk_prep_describe(input->conn, input->sql, &fields, &n_fields, &names, error) &&
                  pk_plot_spec_validate_fields(spec, fields, n_fields, error);
    if (ok && pk_plot_spec_line_bucket(spec) != PK_BUCKET_NONE) {
        ok = pk_prep_line_relations(spec, input, pk_prep_x_is_time(spec, fields, n_fields),
                                    &line_sql, &line_selected, error);
        line_input.sql = line_sql, line_input.selected_sql = line_selected;
        input = &line_input; /* the buckets are the line's rows */
    }
    if (ok) {
        scene = pk_scene_new(spec);
        resolve_scales(scene, fields, n_fields);
        if (spec->type == PK_PLOT_BAR || spec->type == PK_PLOT_BOX) {
            ok = spec->type == PK_PLOT_BAR ? pk_prep_bar(scene, input, error)
                                           : pk_prep_box(scene, input, error);
            t.query_ms = now_ms() - t0;
            t.n_rows = scene->n_rows;
        } else {
            ok = prepare_rows(scene, input, &t, error);
        }
    }
    g_free(fields);
    g_strfreev(names);
    if (!ok) {
        pk_scene_free(scene);
        return FALSE;
    }
    if (timings != NULL) {
        *timings = t;
    }
    *out_scene = scene;
    return TRUE;
}
