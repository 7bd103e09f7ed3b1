/* prep-session-scatter.c — the scatter fast path of an interactive session, and picking.
 *
 * At creation the x and y columns (and the colour codes, mapped once to the top K categories
 * plus "other" by prep-categories.c, as for any scatter) are registered with the compute engine in
 * a dataset that lives as long as the session (on a GPU: resident on the device). A prepare is then
 * one bin2d over that dataset (plus one over the selected rows' dataset), or — when at most
 * raw_threshold points are in view — one pass building the marks that can touch the plot area (in
 * view plus a margin of a few pixels), so pan and zoom never re-read or re-convert the data.
 *
 * Picking a density bin finds the smallest row id whose x and y fall into that bin by the
 * engine's bin formula (pika/compute.h), evaluated here in the same order: float32 relative
 * to the viewport origin, no FMA. */
#include "pika/error.h"
#include "pika/render-kit.h"
#include "prep-session-private.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Lifecycle ------------------------------------------------------------------------------- */

static void size_range(PkColumn *sc, double range[2]) {
    range[0] = INFINITY, range[1] = -INFINITY;
    for (gsize r = 0; sc != NULL && r < pk_column_get_n_rows(sc); r++) {
        double v = pk_column_get_as_double(sc, r);
        if (isfinite(v)) {
            range[0] = MIN(range[0], v), range[1] = MAX(range[1], v);
        }
    }
}

/* A dataset over frame's x and y (and codes, when given), uploaded now. */
static PkComputeDataset *dataset_new(PkPlotSession *session, PkFrame *frame, const guint32 *codes,
                                     guint *xi, guint *yi, gint *ci, GError **error) {
    PkComputeDataset *ds =
        pk_compute_dataset_new(session->compute, pk_frame_get_n_rows(frame), error);
    if (ds == NULL || !pk_prep_add_column(ds, frame, session->spec.x.column, xi, error) ||
        !pk_prep_add_column(ds, frame, session->spec.y.column, yi, error)) {
        pk_compute_dataset_free(ds);
        return NULL;
    }
    *ci = codes != NULL ? (gint)pk_compute_dataset_add_codes(ds, codes) : -1;
    g_autoptr(GError) upload_error = NULL;
    if (!pk_compute_dataset_make_resident(ds, &upload_error)) {
        g_debug("plot session: columns stay on the host: %s", upload_error->message);
    }
    return ds;
}

gboolean pk_session_scatter_init(PkPlotSession *session, GError **error) {
    PkFrame *frame = session->frame;
    PkColumn *cc = session->spec.color ? pk_frame_find_column(frame, session->spec.color) : NULL;
    if (cc != NULL && pk_column_get_type(cc) == PK_COLUMN_TYPE_CATEGORY) {
        pk_prep_categories_build(cc, session->spec.max_categories, &session->cats);
    }
    size_range(session->spec.size ? pk_frame_find_column(frame, session->spec.size) : NULL,
               session->size_range);
    session->ds = dataset_new(session, frame, session->cats.codes, &session->xi, &session->yi,
                              &session->ci, error);
    if (session->ds == NULL || !pk_session_scatter_set_selected(session, error)) {
        return FALSE;
    }
    PkSceneAxis ax = {.scale = session->x_scale}, ay = {.scale = session->y_scale};
    if (!pk_prep_axis_range_of(session->compute, session->ds, session->xi, &session->spec.x, &ax,
                               error) ||
        !pk_prep_axis_range_of(session->compute, session->ds, session->yi, &session->spec.y, &ay,
                               error)) {
        return FALSE;
    }
    session->home[0] = ax.lo, session->home[1] = ax.hi;
    session->home[2] = ay.lo, session->home[3] = ay.hi;
    return TRUE;
}

gboolean pk_session_scatter_set_selected(PkPlotSession *session, GError **error) {
    pk_compute_dataset_free(g_steal_pointer(&session->sds));
    g_clear_pointer(&session->selected_codes, g_free);
    g_clear_pointer(&session->selected_rows, pk_row_set_unref);
    if (session->selected == NULL) {
        return TRUE;
    }
    if (session->cats.codes != NULL) {
        session->selected_codes = pk_prep_categories_apply(
            &session->cats, pk_frame_find_column(session->selected, session->spec.color));
    }
    session->sds = dataset_new(session, session->selected, session->selected_codes, &session->sxi,
                               &session->syi, &session->sci, error);
    return session->sds != NULL;
}

void pk_session_scatter_clear(PkPlotSession *session) {
    pk_compute_dataset_free(session->ds);
    pk_compute_dataset_free(session->sds);
    pk_prep_categories_clear(&session->cats);
    g_clear_pointer(&session->selected_codes, g_free);
    pk_grid_free(session->last_grid);
    pk_row_set_unref(session->selected_rows);
    g_free(session->sel_x);
    g_free(session->sel_y);
    g_free(session->sel_codes);
    session->ds = session->sds = NULL;
    session->last_grid = NULL;
    session->selected_rows = NULL;
    session->sel_x = session->sel_y = NULL;
    session->sel_codes = NULL;
    session->sel_capacity = 0;
}

/* Raw marks ------------------------------------------------------------------------------- */

/* A value on an axis in the space it is drawn in (log10 on log axes). */
static double axis_space(PkScaleKind scale, double v) {
    return scale == PK_SCALE_LOG ? log10(v) : v;
}

/* The marks of frame's rows that can touch the plot area: lim = x lo, x hi, y lo, y hi in
 * axis space, the viewport grown by a margin. Invalid and non-positive rows are counted as
 * prep-grid.c counts them, over every row. */
static void marks_in_view(const PkPlotSession *session, const PkScene *scene, PkFrame *frame,
                          const guint32 *codes, const double lim[4], PkScene *out,
                          gboolean selected, const PkRowSet *only) {
    PkColumn *xc = pk_frame_find_column(frame, scene->spec.x.column);
    PkColumn *yc = pk_frame_find_column(frame, scene->spec.y.column);
    PkColumn *sc = scene->spec.size ? pk_frame_find_column(frame, scene->spec.size) : NULL;
    gsize n = pk_frame_get_n_rows(frame), k = 0;
    double smin = session->size_range[0], smax = session->size_range[1];
    gboolean xlog = scene->x.scale == PK_SCALE_LOG, ylog = scene->y.scale == PK_SCALE_LOG;
    GArray *xs = g_array_new(FALSE, FALSE, sizeof(double));
    GArray *ys = g_array_new(FALSE, FALSE, sizeof(double));
    GArray *cs = codes != NULL ? g_array_new(FALSE, FALSE, sizeof(guint32)) : NULL;
    GArray *ss = sc != NULL ? g_array_new(FALSE, FALSE, sizeof(double)) : NULL;
    for (gsize r = 0; r < n; r++) {
        if (only != NULL && !pk_row_set_contains(only, r)) {
            continue;
        }
        double x = pk_column_get_as_double(xc, r), y = pk_column_get_as_double(yc, r);
        if (!isfinite(x) || !isfinite(y)) {
            out->n_invalid += !selected;
            continue;
        }
        if ((xlog && x <= 0) || (ylog && y <= 0)) {
            out->n_nonpositive_x += !selected && xlog && x <= 0;
            out->n_nonpositive_y += !selected && !(xlog && x <= 0);
            continue;
        }
        double ax = axis_space(scene->x.scale, x), ay = axis_space(scene->y.scale, y);
        if (!(ax >= lim[0] && ax <= lim[1] && ay >= lim[2] && ay <= lim[3])) {
            continue;
        }
        g_array_append_val(xs, x);
        g_array_append_val(ys, y);
        if (cs != NULL) {
            guint32 c = codes[r] == PK_CATEGORY_NONE ? session->cats.n - 1 : codes[r];
            g_array_append_val(cs, c);
        }
        if (ss != NULL) {
            double v = pk_column_get_as_double(sc, r);
            double s = smax > smin && isfinite(v) ? (v - smin) / (smax - smin) : 0.5;
            g_array_append_val(ss, s);
        }
        k++;
    }
    double **px = selected ? &out->spx : &out->px, **py = selected ? &out->spy : &out->py;
    double **psize = selected ? &out->spsize : &out->psize;
    guint32 **pcolor = selected ? &out->spcolor : &out->pcolor;
    *px = (double *)g_array_free(xs, FALSE), *py = (double *)g_array_free(ys, FALSE);
    *pcolor = cs != NULL ? (guint32 *)g_array_free(cs, FALSE) : NULL;
    *psize = ss != NULL ? (double *)g_array_free(ss, FALSE) : NULL;
    if (selected) {
        out->n_selected_points = k;
    } else {
        out->n_points = k, out->n_drawn = k;
    }
}

static void raw_marks(const PkPlotSession *session, PkScene *scene, const PkRect *area) {
    double margin_px = 4 * scene->spec.point_size + 4;
    double lim[4] = {
        axis_space(scene->x.scale, scene->x.lo), axis_space(scene->x.scale, scene->x.hi),
        axis_space(scene->y.scale, scene->y.lo), axis_space(scene->y.scale, scene->y.hi)};
    double mx = (lim[1] - lim[0]) * margin_px / MAX(area->width, 1.0);
    double my = (lim[3] - lim[2]) * margin_px / MAX(area->height, 1.0);
    lim[0] -= mx, lim[1] += mx, lim[2] -= my, lim[3] += my;
    scene->mode = "points";
    marks_in_view(session, scene, session->frame, session->cats.codes, lim, scene, FALSE, NULL);
    if (session->selected_rows != NULL) {
        marks_in_view(session, scene, session->frame, session->cats.codes, lim, scene, TRUE,
                      session->selected_rows);
    } else if (session->selected != NULL) {
        marks_in_view(session, scene, session->selected, session->selected_codes, lim, scene, TRUE,
                      NULL);
    }
}

/* Density --------------------------------------------------------------------------------- */

static void take_density(PkSceneDensity *d, PkGrid *grid) {
    d->width = grid->width, d->height = grid->height;
    d->counts = g_steal_pointer(&grid->counts);
    d->category_counts = g_steal_pointer(&grid->category_counts);
    d->n_categories = grid->n_categories;
}

/* A copy of grid's counts and category planes (the only planes a session asks for). */
static PkGrid *grid_dup(const PkGrid *grid) {
    PkGrid *copy = g_new(PkGrid, 1);
    *copy = *grid;
    gsize cells = (gsize)grid->width * grid->height;
    copy->counts = g_memdup2(grid->counts, cells * sizeof(guint32));
    copy->category_counts =
        grid->category_counts == NULL
            ? NULL
            : g_memdup2(grid->category_counts, cells * grid->n_categories * sizeof(guint32));
    copy->selected = NULL, copy->values = NULL, copy->representative = NULL;
    return copy;
}

static gboolean same_request(const PkBin2dRequest *a, const PkBin2dRequest *b) {
    const PkViewport *u = &a->viewport, *v = &b->viewport;
    return a->x_column == b->x_column && a->y_column == b->y_column && a->agg == b->agg &&
           a->value_column == b->value_column && a->category_column == b->category_column &&
           a->n_categories == b->n_categories && a->selection == b->selection &&
           a->want_representative == b->want_representative && u->x0 == v->x0 && u->x1 == v->x1 &&
           u->y0 == v->y0 && u->y1 == v->y1 && u->x_axis == v->x_axis && u->y_axis == v->y_axis &&
           u->width == v->width && u->height == v->height;
}

/* The bin2d of every row for req. The last one is kept: when only the selection changed (a
 * brush in a linked plot), the same viewport is asked for again and only the selected plane
 * needs the engine. */
static gboolean all_rows_grid(PkPlotSession *session, const PkBin2dRequest *req, PkCancel *cancel,
                              PkGrid **out, GError **error) {
    if (session->last_grid != NULL && same_request(&session->last_req, req)) {
        *out = grid_dup(session->last_grid);
        return TRUE;
    }
    if (!pk_compute_bin2d(session->compute, session->ds, req, cancel, out, error)) {
        return FALSE;
    }
    pk_grid_free(session->last_grid);
    session->last_grid = grid_dup(*out);
    session->last_req = *req;
    return TRUE;
}

static gboolean density(PkPlotSession *session, PkScene *scene, const PkPlotPrepInput *input,
                        const PkRect *area, GError **error) {
    PkBin2dRequest req = PK_BIN2D_REQUEST_INIT;
    req.x_column = session->xi, req.y_column = session->yi;
    req.viewport = (PkViewport){scene->x.lo,
                                scene->x.hi,
                                scene->y.lo,
                                scene->y.hi,
                                pk_prep_compute_axis(&scene->x),
                                pk_prep_compute_axis(&scene->y),
                                (guint)MIN(lround(area->width * input->scale), 4096),
                                (guint)MIN(lround(area->height * input->scale), 4096)};
    if (session->ci >= 0) {
        req.category_column = session->ci, req.n_categories = session->cats.n;
    }
    PkGrid *grid = NULL, *sgrid = NULL;
    if (!all_rows_grid(session, &req, input->cancel, &grid, error)) {
        return FALSE;
    }
    scene->has_density = grid->n_in_view > scene->spec.raw_threshold;
    gboolean ok = TRUE;
    if (scene->has_density) {
        take_density(&scene->density, grid);
        scene->n_drawn = grid->n_in_view;
        scene->n_invalid = grid->n_skipped_invalid;
        scene->n_nonpositive_x = grid->n_nonpositive; /* the engine counts either axis */
        scene->mode = "density";
        g_free(scene->backend);
        scene->backend = g_strdup(pk_prep_backend_label(session->compute, grid->backend));
    }
    if (scene->has_density && session->sds != NULL) {
        req.x_column = session->sxi, req.y_column = session->syi;
        req.category_column = session->sci;
        ok = pk_compute_bin2d(session->compute, session->sds, &req, input->cancel, &sgrid, error);
        if (ok) {
            take_density(&scene->selected_density, sgrid);
        }
    }
    pk_grid_free(grid);
    pk_grid_free(sgrid);
    return ok;
}

gboolean pk_session_scatter_prepare(PkPlotSession *session, PkScene *scene,
                                    const PkPlotPrepInput *input, GError **error) {
    if (session->cats.names != NULL) {
        pk_scene_set_color_categories(scene, (const char *const *)session->cats.names,
                                      session->cats.n, session->cats.has_other);
    }
    scene->x.lo = scene->spec.x.fixed_range ? scene->spec.x.min : session->home[0];
    scene->x.hi = scene->spec.x.fixed_range ? scene->spec.x.max : session->home[1];
    scene->y.lo = scene->spec.y.fixed_range ? scene->spec.y.min : session->home[2];
    scene->y.hi = scene->spec.y.fixed_range ? scene->spec.y.max : session->home[3];
    PkRect area;
    if (pk_frame_get_n_rows(session->frame) > scene->spec.raw_threshold) {
        scene->has_density = TRUE;
        pk_layout_plot_area(scene, input->width, input->height, &area);
        if (!density(session, scene, input, &area, error)) {
            return FALSE;
        }
    }
    if (!scene->has_density) {
        pk_layout_plot_area(scene, input->width, input->height, &area);
        raw_marks(session, scene, &area);
    }
    return pk_cancel_set_error_if_requested(input->cancel, error) == FALSE;
}
