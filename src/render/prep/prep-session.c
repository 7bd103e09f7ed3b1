/* prep-session.c — interactive sessions: fetch a plot's columns once, then re-aggregate them
 * for every viewport (pika/plotprep.h, "Interactive sessions").
 *
 * Dispatch by plot type:
 *   scatter            the fast path in prep-session-scatter.c (datasets registered once)
 *   line, histogram,   the preparation functions of prep-grid.c / prep-heatmap.c over data
 *   heatmap            made once (prep-data.c: the dataset, converted columns, categories,
 *                      statistics; on a GPU uploaded once) and kept, with the spec's ranges
 *                      fixed to the viewport; the selected rows' data is made at the first
 *                      prepare after the selection changes and kept until it changes again
 *   bar, box           prepared once in SQL at creation; prepare copies the kept scene and
 *                      sets its numeric axis to the viewport
 * so a session's scene is the scene pk_plot_prepare makes with the same fixed ranges. The
 * home viewport is the ranges of the scene made with the spec's own (automatic) ranges.
 * A mutex per session serialises its calls (the thread rule asks callers for that anyway). */
#include "pika/error.h"
#include "prep-session-private.h"

#include <math.h>

static double now_ms(void) {
    return (double)g_get_monotonic_time() / 1000.0;
}

static void resolve_scales(const PkPlotSession *session, PkScene *scene) {
    for (guint i = 0; i < session->n_fields; i++) {
        const PkPlotField *f = &session->fields[i];
        if (g_strcmp0(f->name, scene->spec.x.column) == 0) {
            scene->x.scale = pk_plot_axis_resolve_scale(&scene->spec.x, f->type);
        }
        if (g_strcmp0(f->name, scene->spec.y.column) == 0) {
            scene->y.scale = pk_plot_axis_resolve_scale(&scene->spec.y, f->type);
        }
    }
}

PkScene *pk_session_scene_new(PkPlotSession *session, const double viewport[4]) {
    PkPlotSpec spec;
    pk_plot_spec_copy(&spec, &session->spec);
    if (viewport != NULL && session->x_scale != PK_SCALE_CATEGORICAL) {
        spec.x.fixed_range = TRUE, spec.x.min = viewport[0], spec.x.max = viewport[1];
    }
    if (viewport != NULL && session->y_scale != PK_SCALE_CATEGORICAL) {
        spec.y.fixed_range = TRUE, spec.y.min = viewport[2], spec.y.max = viewport[3];
    }
    PkScene *scene = pk_scene_new(&spec);
    pk_plot_spec_clear(&spec);
    resolve_scales(session, scene);
    if (session->frame != NULL) {
        scene->n_rows = pk_frame_get_n_rows(session->frame);
        gint64 n_selected = pk_session_n_selected(session);
        if (n_selected >= 0) {
            pk_scene_set_selection(scene, (guint64)n_selected, scene->n_rows);
        }
    }
    return scene;
}

/* dst takes src's bars (everything pk_prep_histogram sets). */
static void copy_bars(PkScene *dst, const PkScene *src) {
    dst->n_bins = src->n_bins;
    dst->bin_edges = g_memdup2(src->bin_edges, (src->n_bins + 1) * sizeof(double));
    dst->bin_heights = g_memdup2(src->bin_heights, MAX(src->n_bins, 1u) * sizeof(double));
    dst->x.lo = src->x.lo, dst->x.hi = src->x.hi;
    dst->y.scale = src->y.scale, dst->y.lo = src->y.lo, dst->y.hi = src->y.hi;
    g_free(dst->y.label), dst->y.label = g_strdup(src->y.label);
    dst->n_drawn = src->n_drawn;
    dst->n_nonpositive_x = src->n_nonpositive_x;
    dst->n_invalid = src->n_invalid;
    dst->mode = src->mode;
    g_free(dst->backend), dst->backend = g_strdup(src->backend);
}

static gboolean same_key(const double a[5], const double b[5]) {
    for (guint i = 0; i < 5; i++) {
        if (!(a[i] == b[i] || (isnan(a[i]) && isnan(b[i])))) {
            return FALSE;
        }
    }
    return TRUE;
}

/* The selected rows' data (*out NULL without a selection): made from the selected frame, or
 * for a histogram from the x gathered by a brush, at the first prepare that needs it. */
static gboolean selected_data(PkPlotSession *session, PkPrepData **out, GError **error) {
    if (session->sdata == NULL && session->selected_rows != NULL) {
        session->sdata = pk_prep_data_new_doubles(session->compute, session->sel_x,
                                                  (gsize)pk_session_n_selected(session), error);
    } else if (session->sdata == NULL && session->selected != NULL) {
        session->sdata = pk_prep_data_new(session->compute, &session->spec, session->selected,
                                          session->data, error);
    }
    *out = session->sdata;
    return session->sdata != NULL || (session->selected_rows == NULL && session->selected == NULL);
}

/* Histograms: the bars of every row are kept from the last prepare while the x range and the
 * page stay the same, so a brush in a linked view only bins the selected rows. */
static gboolean histogram_rows(PkPlotSession *session, PkScene *scene, const PkPlotPrepInput *input,
                               GError **error) {
    const PkPlotAxis *x = &scene->spec.x; /* the viewport's x range, or automatic */
    const double key[5] = {x->fixed_range ? x->min : NAN, x->fixed_range ? x->max : NAN,
                           input->width * input->scale, input->height * input->scale,
                           x->fixed_range};
    if (session->hist_all == NULL || !same_key(key, session->hist_key)) {
        PkScene *all = pk_session_scene_dup(scene);
        if (!pk_prep_histogram(all, input, session->data, NULL, error)) {
            pk_scene_free(all);
            return FALSE;
        }
        pk_scene_free(session->hist_all);
        session->hist_all = all;
        memcpy(session->hist_key, key, sizeof key);
    }
    copy_bars(scene, session->hist_all);
    PkPrepData *selected = NULL;
    return selected_data(session, &selected, error) &&
           (selected == NULL || pk_prep_histogram_selected(scene, input, selected, error));
}

/* Line, histogram and heatmap over the kept frame; scatter through the fast path. */
static gboolean prepare_rows(PkPlotSession *session, PkScene *scene, const PkPlotPrepInput *input,
                             GError **error) {
    if (scene->n_rows == 0) {
        scene->empty_message = g_strdup("No rows to plot: the query returned nothing");
        return TRUE;
    }
    PkPrepData *selected = NULL;
    switch (session->spec.type) {
    case PK_PLOT_SCATTER:
        return pk_session_scatter_prepare(session, scene, input, error);
    case PK_PLOT_LINE:
        return selected_data(session, &selected, error) &&
               pk_prep_line(scene, input, session->data, selected, error);
    case PK_PLOT_HISTOGRAM:
        return histogram_rows(session, scene, input, error);
    default:
        return selected_data(session, &selected, error) &&
               pk_prep_heatmap(scene, input, session->data, selected, error);
    }
}

static void set_home(PkPlotSession *session, const PkScene *scene) {
    session->home[0] = scene->x.lo, session->home[1] = scene->x.hi;
    session->home[2] = scene->y.lo, session->home[3] = scene->y.hi;
}

/* Bar and box: prepared in SQL once. Others: fetch the columns, then the home scene. */
static gboolean session_load(PkPlotSession *session, const PkPlotPrepInput *input, GError **error) {
    const PkPlotSpec *spec = &session->spec;
    if (spec->type == PK_PLOT_BAR || spec->type == PK_PLOT_BOX) {
        session->kept = pk_session_scene_new(session, NULL);
        gboolean ok = spec->type == PK_PLOT_BAR ? pk_prep_bar(session->kept, input, error)
                                                : pk_prep_box(session->kept, input, error);
        if (ok) {
            set_home(session, session->kept);
        }
        return ok;
    }
    const char *columns[] = {spec->x.column, spec->y.column, spec->color, spec->value, spec->size};
    if (!pk_prep_fetch(input->conn, input->sql, columns, G_N_ELEMENTS(columns), input->cancel,
                       &session->frame, error) ||
        (input->selected_sql != NULL &&
         !pk_prep_fetch(input->conn, input->selected_sql, columns, G_N_ELEMENTS(columns),
                        input->cancel, &session->selected, error))) {
        return FALSE;
    }
    gboolean has_rows = pk_frame_get_n_rows(session->frame) > 0;
    if (spec->type == PK_PLOT_SCATTER && has_rows) {
        return pk_session_scatter_init(session, error);
    }
    if (has_rows) { /* kept for every prepare (an empty frame needs none) */
        session->data = pk_prep_data_new(session->compute, spec, session->frame, NULL, error);
        if (session->data == NULL) {
            return FALSE;
        }
        pk_prep_data_make_resident(session->data);
    }
    g_autoptr(PkScene) scene = pk_session_scene_new(session, NULL);
    if (!prepare_rows(session, scene, input, error)) {
        return FALSE;
    }
    set_home(session, scene);
    return TRUE;
}

PkPlotSession *pk_plot_session_new(const PkPlotSpec *spec, const PkPlotPrepInput *input,
                                   GError **error) {
    g_return_val_if_fail(spec != NULL && input != NULL, NULL);
    if (input->conn == NULL || input->compute == NULL || input->sql == NULL ||
        !(input->width >= 1 && input->height >= 1 && input->scale > 0)) {
        g_set_error(error, PK_ERROR, PK_ERROR_INVALID,
                    "a plot session needs a connection, an engine, SQL and a positive size");
        return NULL;
    }
    PkPlotSession *session = g_new0(PkPlotSession, 1);
    pk_plot_spec_copy(&session->spec, spec);
    session->compute = input->compute;
    g_mutex_init(&session->lock);
    session->ci = session->sci = -1;
    session->home[1] = session->home[3] = 1;
    gboolean ok = pk_prep_describe(input->conn, input->sql, &session->fields, &session->n_fields,
                                   &session->field_names, error) &&
                  pk_plot_spec_validate_fields(spec, session->fields, session->n_fields, error);
    PkPlotPrepInput line_input = *input;
    g_autofree char *line_sql = NULL;
    g_autofree char *line_selected = NULL;
    if (ok && pk_plot_spec_line_bucket(spec) != PK_BUCKET_NONE) {
        ok = pk_prep_line_relations(spec, input,
                                    pk_prep_x_is_time(spec, session->fields, session->n_fields),
                                    &line_sql, &line_selected, error);
        line_input.sql = line_sql, line_input.selected_sql = line_selected;
        session->bucketed = TRUE; /* its rows are buckets: no row masks shared with others */
    }
    if (ok) {
        g_autoptr(PkScene) probe = pk_scene_new(spec);
        resolve_scales(session, probe);
        session->x_scale = probe->x.scale, session->y_scale = probe->y.scale;
        ok = session_load(session, &line_input, error);
    }
    if (!ok) {
        pk_plot_session_free(session);
        return NULL;
    }
    return session;
}

void pk_plot_session_free(PkPlotSession *session) {
    if (session == NULL) {
        return;
    }
    pk_prep_data_free(session->sdata); /* before sel_x, which it may borrow */
    pk_prep_data_free(session->data);
    pk_session_scatter_clear(session);
    pk_scene_free(session->kept);
    pk_scene_free(session->hist_all);
    pk_frame_unref(session->frame);
    pk_frame_unref(session->selected);
    g_free(session->fields);
    g_strfreev(session->field_names);
    pk_plot_spec_clear(&session->spec);
    g_mutex_clear(&session->lock);
    g_free(session);
}

const PkPlotSpec *pk_plot_session_get_spec(const PkPlotSession *session) {
    g_return_val_if_fail(session != NULL, NULL);
    return &session->spec;
}

guint64 pk_plot_session_get_n_rows(const PkPlotSession *session) {
    g_return_val_if_fail(session != NULL, 0);
    return session->frame != NULL ? pk_frame_get_n_rows(session->frame)
                                  : (session->kept != NULL ? session->kept->n_rows : 0);
}

void pk_plot_session_get_home(const PkPlotSession *session, double *x0, double *x1, double *y0,
                              double *y1) {
    g_return_if_fail(session != NULL);
    double *out[4] = {x0, x1, y0, y1};
    for (guint i = 0; i < 4; i++) {
        if (out[i] != NULL) {
            *out[i] = session->home[i];
        }
    }
}

void pk_plot_session_get_scales(const PkPlotSession *session, PkScaleKind *out_x,
                                PkScaleKind *out_y) {
    g_return_if_fail(session != NULL);
    if (out_x != NULL) {
        *out_x = session->x_scale;
    }
    if (out_y != NULL) {
        *out_y = session->y_scale;
    }
}

static gboolean check_viewport(const PkPlotSession *session, const double v[4], double width,
                               double height, double scale, GError **error) {
    gboolean finite = isfinite(v[0]) && isfinite(v[1]) && isfinite(v[2]) && isfinite(v[3]);
    gboolean log_ok = (session->x_scale != PK_SCALE_LOG || v[0] > 0) &&
                      (session->y_scale != PK_SCALE_LOG || v[2] > 0);
    if (!finite || !(v[0] < v[1]) || !(v[2] < v[3]) || !log_ok) {
        g_set_error(error, PK_ERROR, PK_ERROR_INVALID,
                    "the viewport [%g, %g] × [%g, %g] is not a range of the plot's axes "
                    "(lo < hi, finite, > 0 on log axes)",
                    v[0], v[1], v[2], v[3]);
        return FALSE;
    }
    if (!(width >= 1 && height >= 1 && scale > 0)) {
        g_set_error(error, PK_ERROR, PK_ERROR_INVALID,
                    "preparing a plot needs a positive size (got %g × %g at scale %g)", width,
                    height, scale);
        return FALSE;
    }
    return TRUE;
}

/* The kept bar or box scene, with its numeric axes moved to the viewport. */
static PkScene *kept_at(const PkPlotSession *session, const double v[4]) {
    PkScene *scene = pk_session_scene_dup(session->kept);
    if (scene->x.scale != PK_SCALE_CATEGORICAL) {
        scene->x.lo = v[0], scene->x.hi = v[1];
    }
    if (scene->y.scale != PK_SCALE_CATEGORICAL) {
        scene->y.lo = v[2], scene->y.hi = v[3];
    }
    return scene;
}

gboolean pk_plot_session_prepare(PkPlotSession *session, double x0, double x1, double y0, double y1,
                                 double width, double height, double scale, PkCancel *cancel,
                                 PkScene **out_scene, PkPlotPrepTimings *timings, GError **error) {
    g_return_val_if_fail(session != NULL && out_scene != NULL, FALSE);
    const double v[4] = {x0, x1, y0, y1};
    if (!check_viewport(session, v, width, height, scale, error)) {
        return FALSE;
    }
    double t0 = now_ms();
    PkScene *scene = NULL;
    gboolean ok = TRUE;
    g_mutex_lock(&session->lock);
    if (session->kept != NULL) {
        scene = kept_at(session, v);
    } else {
        PkPlotPrepInput input = {NULL, session->compute, NULL, width, height, scale, cancel, NULL};
        scene = pk_session_scene_new(session, v);
        ok = prepare_rows(session, scene, &input, error);
        /* Histograms fit y to their bars; an interactive view keeps the y it was asked for. */
        if (ok && session->spec.type == PK_PLOT_HISTOGRAM && scene->empty_message == NULL) {
            scene->y.lo = y0, scene->y.hi = y1;
        }
    }
    g_mutex_unlock(&session->lock);
    if (!ok) {
        pk_scene_free(scene);
        return FALSE;
    }
    if (timings != NULL) {
        *timings = (PkPlotPrepTimings){0, now_ms() - t0, pk_plot_session_get_n_rows(session)};
    }
    *out_scene = scene;
    return TRUE;
}
