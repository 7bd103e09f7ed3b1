/* prep-grid.c — the compute side of preparation: scatter (raw marks or exact density with
 * category planes), lines (M4 per series and pixel column), histograms (Freedman–Diaconis bin
 * width with a Sturges fallback) and heatmaps (binned numbers or categories, with a value).
 *
 * Colour categories keep the K most frequent codes (K = spec->max_categories, at most 20);
 * the rest become one "other" category. Ranges come from the engine's column statistics
 * (min_positive on log axes) unless the spec fixes them, padded by 2% so edge points stay in
 * the half-open viewport.
 *
 * Scatter works over frames and makes its dataset per call (a session has its own fast path,
 * prep-session-scatter.c); lines and histograms work over data made by prep-data.c, which
 * pk_plot_prepare makes per call and a session keeps, so that they only aggregate here.
 *
 * A selection (a second frame or data: the selected rows) is aggregated with the same axes,
 * viewport, grid, bin edges, pixel columns and categories (matched by name, since the selected
 * frame has its own dictionaries) into the scene's selected_* layers. */
#include "pika/compute.h"
#include "pika/error.h"
#include "pika/render-kit.h"
#include "prep-engine.h"
#include "prep-private.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The selected frame's codes for the colour column, or NULL without colour categories. */
static guint32 *selected_codes(const PkScene *scene, const PkPrepCategories *map,
                               PkFrame *selected) {
    if (map->names == NULL) {
        return NULL;
    }
    return pk_prep_categories_apply(map, pk_frame_find_column(selected, scene->spec.color));
}

const char *pk_prep_backend_label(PkCompute *compute, const char *backend) {
    if (backend != NULL && g_str_has_prefix(backend, "cpu")) {
        return "CPU";
    }
    return pk_compute_get_caps(compute)->is_gpu ? "GPU" : "CPU (lavapipe)";
}

/* Axis range from stats or the spec; padded; positive on log axes. */
void pk_prep_axis_range(const PkRangeStats *st, const PkPlotAxis *spec_axis, PkSceneAxis *axis) {
    gboolean log_axis = axis->scale == PK_SCALE_LOG;
    double lo = log_axis ? st->min_positive : st->min, hi = st->max;
    if (spec_axis->fixed_range) {
        axis->lo = spec_axis->min, axis->hi = spec_axis->max;
        return;
    }
    if (!isfinite(lo) || !isfinite(hi)) {
        lo = log_axis ? 1 : 0, hi = log_axis ? 10 : 1;
    }
    if (log_axis) {
        double a = log10(lo), b = log10(hi), pad = b > a ? (b - a) * 0.02 : 0.5;
        axis->lo = pow(10, a - pad), axis->hi = pow(10, b + pad);
    } else {
        double pad = hi > lo ? (hi - lo) * 0.02 : (fabs(lo) > 0 ? fabs(lo) * 0.1 : 0.5);
        axis->lo = lo - pad, axis->hi = hi + pad;
    }
}

gboolean pk_prep_axis_range_of(PkCompute *compute, PkComputeDataset *ds, guint column,
                               const PkPlotAxis *spec_axis, PkSceneAxis *axis, GError **error) {
    PkRangeStats st;
    if (!pk_compute_column_stats(compute, ds, column, NULL, &st, error)) {
        return FALSE;
    }
    pk_prep_axis_range(&st, spec_axis, axis);
    return TRUE;
}

PkAxis pk_prep_compute_axis(const PkSceneAxis *axis) {
    return axis->scale == PK_SCALE_LOG ? PK_AXIS_LOG : PK_AXIS_LINEAR;
}

gboolean pk_prep_add_column(PkComputeDataset *ds, PkFrame *frame, const char *name, guint *out,
                            GError **error) {
    return pk_compute_dataset_add_column(ds, pk_frame_find_column(frame, name), out, error);
}

/* Scatter --------------------------------------------------------------------------------- */

typedef struct {
    gsize n;
    double *x, *y, *size;
    guint32 *color;
    guint64 n_invalid, n_nonpositive_x, n_nonpositive_y;
} Marks;

static void size_range(PkColumn *sc, double range[2]) {
    range[0] = INFINITY, range[1] = -INFINITY;
    for (gsize r = 0; sc != NULL && r < pk_column_get_n_rows(sc); r++) {
        double v = pk_column_get_as_double(sc, r);
        if (isfinite(v)) {
            range[0] = MIN(range[0], v), range[1] = MAX(range[1], v);
        }
    }
}

/* The marks of frame's rows: codes (or NULL) are colour indices, NULL rows the last one;
 * sizes are scaled over the range [0] .. [1]. */
static void marks_build(const PkScene *scene, PkFrame *frame, const guint32 *codes, guint n_cat,
                        const double srange[2], Marks *m) {
    PkColumn *xc = pk_frame_find_column(frame, scene->spec.x.column);
    PkColumn *yc = pk_frame_find_column(frame, scene->spec.y.column);
    PkColumn *sc = scene->spec.size ? pk_frame_find_column(frame, scene->spec.size) : NULL;
    gsize n = pk_frame_get_n_rows(frame), k = 0;
    double smin = srange[0], smax = srange[1];
    m->x = g_new(double, MAX(n, 1)), m->y = g_new(double, MAX(n, 1));
    m->color = codes != NULL ? g_new(guint32, MAX(n, 1)) : NULL;
    m->size = sc != NULL ? g_new(double, MAX(n, 1)) : NULL;
    for (gsize r = 0; r < n; r++) {
        double x = pk_column_get_as_double(xc, r), y = pk_column_get_as_double(yc, r);
        if (!isfinite(x) || !isfinite(y)) {
            m->n_invalid++;
            continue;
        }
        if ((scene->x.scale == PK_SCALE_LOG && x <= 0) ||
            (scene->y.scale == PK_SCALE_LOG && y <= 0)) {
            m->n_nonpositive_x += scene->x.scale == PK_SCALE_LOG && x <= 0;
            m->n_nonpositive_y += !(scene->x.scale == PK_SCALE_LOG && x <= 0);
            continue;
        }
        m->x[k] = x, m->y[k] = y;
        if (m->color != NULL) {
            m->color[k] = codes[r] == PK_CATEGORY_NONE ? n_cat - 1 : codes[r];
        }
        if (m->size != NULL) {
            double v = pk_column_get_as_double(sc, r);
            m->size[k] = smax > smin && isfinite(v) ? (v - smin) / (smax - smin) : 0.5;
        }
        k++;
    }
    m->n = k;
}

static void raw_points(PkScene *scene, PkFrame *frame, PkFrame *selected,
                       const PkPrepCategories *map) {
    double srange[2];
    size_range(scene->spec.size ? pk_frame_find_column(frame, scene->spec.size) : NULL, srange);
    Marks m = {0};
    marks_build(scene, frame, map->codes, map->n, srange, &m);
    scene->px = m.x, scene->py = m.y, scene->pcolor = m.color, scene->psize = m.size;
    scene->n_points = m.n;
    scene->n_invalid += m.n_invalid;
    scene->n_nonpositive_x += m.n_nonpositive_x, scene->n_nonpositive_y += m.n_nonpositive_y;
    scene->n_drawn = m.n;
    scene->mode = "points";
    if (selected != NULL) {
        g_autofree guint32 *codes = selected_codes(scene, map, selected);
        Marks s = {0};
        marks_build(scene, selected, codes, map->n, srange, &s);
        scene->spx = s.x, scene->spy = s.y, scene->spcolor = s.color, scene->spsize = s.size;
        scene->n_selected_points = s.n;
    }
}

/* The selected rows binned like every row (same viewport, grid and category planes). */
static gboolean selected_density(PkScene *scene, const PkPlotPrepInput *input, PkFrame *selected,
                                 const PkBin2dRequest *full_req, const PkPrepCategories *map,
                                 GError **error) {
    PkComputeDataset *ds =
        pk_compute_dataset_new(input->compute, pk_frame_get_n_rows(selected), error);
    g_autofree guint32 *codes = selected_codes(scene, map, selected);
    PkBin2dRequest req = *full_req;
    PkGrid *grid = NULL;
    gboolean ok = ds != NULL &&
                  pk_prep_add_column(ds, selected, scene->spec.x.column, &req.x_column, error) &&
                  pk_prep_add_column(ds, selected, scene->spec.y.column, &req.y_column, error);
    if (ok && codes != NULL) {
        req.category_column = (gint)pk_compute_dataset_add_codes(ds, codes);
        req.n_categories = map->n;
    }
    ok = ok && pk_compute_bin2d(input->compute, ds, &req, input->cancel, &grid, error);
    if (ok) {
        PkSceneDensity *d = &scene->selected_density;
        d->width = grid->width, d->height = grid->height;
        d->counts = g_steal_pointer(&grid->counts);
        d->category_counts = g_steal_pointer(&grid->category_counts);
        d->n_categories = grid->n_categories;
    }
    pk_grid_free(grid);
    pk_compute_dataset_free(ds);
    return ok;
}

/* Colour columns of at most this many codes are counted per code and folded (below). */
#define FOLD_MAX_CODES 32

/* The density grid of the scatter, with colour planes when code_map is set. A column of few
 * codes is counted in its own codes, a plane per code, and the planes are folded into the top
 * K and "other" afterwards (pk_prep_categories_fold): the same planes as counting codes remapped
 * row by row, without writing a code per row (at 100M rows, 400 MB of fresh memory, which cost
 * more than the count). Other columns are remapped into map->codes. */
static gboolean density(PkScene *scene, PkFrame *frame, const PkPlotPrepInput *input,
                        PkComputeDataset *ds, PkBin2dRequest *req, PkPrepCategories *map,
                        const guint32 *code_map, PkGrid **out_grid, GError **error) {
    PkColumn *cc = code_map != NULL ? pk_frame_find_column(frame, scene->spec.color) : NULL;
    guint n_codes = cc != NULL ? pk_column_get_n_categories(cc) : 0;
    gboolean fold = n_codes >= 1 && n_codes <= FOLD_MAX_CODES;
    guint ci = 0;
    if (fold) {
        if (!pk_compute_dataset_add_column(ds, cc, &ci, error)) {
            return FALSE;
        }
        req->category_column = (gint)ci, req->n_categories = n_codes;
    } else if (cc != NULL) {
        map->codes = pk_prep_categories_remap(cc, code_map);
        req->category_column = (gint)pk_compute_dataset_add_codes(ds, map->codes);
        req->n_categories = map->n;
    }
    if (!pk_compute_bin2d(input->compute, ds, req, input->cancel, out_grid, error)) {
        return FALSE;
    }
    if (fold) {
        PkGrid *grid = *out_grid;
        pk_prep_categories_fold(map, code_map, n_codes, grid->category_counts,
                                (gsize)grid->width * grid->height);
        grid->n_categories = map->n;
        req->category_column = -1, req->n_categories = 0; /* the selected rows' are their own */
    }
    return TRUE;
}

/* When the colour column holds categories: ranks its codes into the top K plus "other", tells
 * the scene their names and returns the code map (pk_prep_categories_rank; NULL and map left
 * empty otherwise). */
static guint32 *color_categories_rank(PkScene *scene, PkFrame *frame, PkPrepCategories *map) {
    PkColumn *cc = scene->spec.color ? pk_frame_find_column(frame, scene->spec.color) : NULL;
    if (cc == NULL || pk_column_get_type(cc) != PK_COLUMN_TYPE_CATEGORY) {
        return NULL;
    }
    guint32 *code_map = pk_prep_categories_rank(cc, scene->spec.max_categories, map);
    pk_scene_set_color_categories(scene, (const char *const *)map->names, map->n, map->has_other);
    return code_map;
}

gboolean pk_prep_scatter(PkScene *scene, const PkPlotPrepInput *input, PkFrame *frame,
                         PkFrame *selected, GError **error) {
    gsize n = pk_frame_get_n_rows(frame);
    PkPrepCategories map = {0};
    g_autofree guint32 *code_map = color_categories_rank(scene, frame, &map);
    PkComputeDataset *ds = pk_compute_dataset_new(input->compute, n, error);
    guint xi = 0, yi = 0;
    PkGrid *grid = NULL;
    PkBin2dRequest req = PK_BIN2D_REQUEST_INIT;
    gboolean ok = ds != NULL && pk_prep_add_column(ds, frame, scene->spec.x.column, &xi, error) &&
                  pk_prep_add_column(ds, frame, scene->spec.y.column, &yi, error) &&
                  pk_prep_axis_range_of(input->compute, ds, xi, &scene->spec.x, &scene->x, error) &&
                  pk_prep_axis_range_of(input->compute, ds, yi, &scene->spec.y, &scene->y, error);
    if (ok && n > scene->spec.raw_threshold) {
        PkRect area;
        scene->has_density = TRUE;
        pk_layout_plot_area(scene, input->width, input->height, &area);
        req.x_column = xi, req.y_column = yi;
        req.viewport = (PkViewport){scene->x.lo,
                                    scene->x.hi,
                                    scene->y.lo,
                                    scene->y.hi,
                                    pk_prep_compute_axis(&scene->x),
                                    pk_prep_compute_axis(&scene->y),
                                    (guint)MIN(lround(area.width * input->scale), 4096),
                                    (guint)MIN(lround(area.height * input->scale), 4096)};
        ok = density(scene, frame, input, ds, &req, &map, code_map, &grid, error);
        scene->has_density = ok && grid->n_in_view > scene->spec.raw_threshold;
    }
    if (ok && scene->has_density) {
        PkSceneDensity *d = &scene->density;
        d->width = grid->width, d->height = grid->height;
        d->counts = g_steal_pointer(&grid->counts);
        d->category_counts = g_steal_pointer(&grid->category_counts);
        d->n_categories = grid->n_categories;
        scene->n_drawn = grid->n_in_view;
        scene->n_invalid = grid->n_skipped_invalid;
        scene->n_nonpositive_x = grid->n_nonpositive; /* the engine counts either axis */
        scene->mode = "density";
        g_free(scene->backend),
            scene->backend = g_strdup(pk_prep_backend_label(input->compute, grid->backend));
        if (selected != NULL) {
            ok = selected_density(scene, input, selected, &req, &map, error);
        }
    } else if (ok) {
        if (code_map != NULL && map.codes == NULL) {
            map.codes =
                pk_prep_categories_remap(pk_frame_find_column(frame, scene->spec.color), code_map);
        }
        raw_points(scene, frame, selected, &map);
    }
    pk_grid_free(grid);
    pk_compute_dataset_free(ds);
    pk_prep_categories_clear(&map);
    return ok;
}

/* Lines ----------------------------------------------------------------------------------- */

typedef struct {
    double x;
    guint32 row;
} M4Point;

static int by_x_then_row(const void *a, const void *b) {
    const M4Point *p = a, *q = b;
    return p->x < q->x ? -1 : p->x > q->x ? 1 : (p->row > q->row) - (p->row < q->row);
}

static void series_from_m4(PkSceneSeries *s, const PkM4 *m4, PkColumn *xc, PkColumn *yc) {
    s->x = g_new(double, (gsize)m4->width * 4 + 1), s->y = g_new(double, (gsize)m4->width * 4 + 1);
    for (guint c = 0; c < m4->width; c++) {
        guint32 rows[4] = {m4->first_row[c], m4->min_row[c], m4->max_row[c], m4->last_row[c]};
        M4Point pts[4];
        guint n = 0;
        for (guint k = 0; k < 4; k++) {
            gboolean dup = rows[k] == PK_ROW_NONE;
            for (guint j = 0; j < n && !dup; j++) {
                dup = pts[j].row == rows[k];
            }
            if (!dup) {
                pts[n++] = (M4Point){pk_column_get_as_double(xc, rows[k]), rows[k]};
            }
        }
        qsort(pts, n, sizeof *pts, by_x_then_row);
        for (guint k = 0; k < n; k++) {
            s->x[s->n] = pts[k].x, s->y[s->n] = pk_column_get_as_double(yc, pts[k].row);
            s->n++;
        }
    }
}

/* One M4 reduction per series over data for scene's x range into width pixel columns: one
 * per colour category (or one without colour codes) into out. The scene's own series (main)
 * take the categories' names and tell the scene's backend. */
static gboolean m4_series(PkScene *scene, const PkPlotPrepInput *input, PkPrepData *data,
                          guint width, gboolean main, PkSceneSeries *out, guint *out_n,
                          guint64 *out_n_used, GError **error) {
    gboolean ok = TRUE;
    guint n_series = data->ci >= 0 ? scene->n_color_categories : 1;
    for (guint s = 0; ok && s < n_series; s++) {
        guint64 set[4] = {0};
        set[s / 64] |= G_GUINT64_CONSTANT(1) << (s % 64);
        PkPredicate filter = {.kind = PK_PREDICATE_CATEGORIES,
                              .category_column = (guint)MAX(data->ci, 0),
                              .category_set = set};
        PkM4Request req = {data->xi,    data->yi, scene->x.lo,
                           scene->x.hi, width,    data->ci >= 0 ? &filter : NULL};
        PkM4 *m4 = NULL;
        ok = pk_compute_m4(input->compute, data->ds, &req, input->cancel, &m4, error);
        if (ok) {
            out[s].name = main && data->ci >= 0 ? g_strdup(scene->color_categories[s]) : NULL;
            series_from_m4(&out[s], m4, pk_frame_find_column(data->frame, scene->spec.x.column),
                           pk_frame_find_column(data->frame, scene->spec.y.column));
            *out_n_used += m4->n_rows_used;
            (*out_n)++;
        }
        if (ok && main) {
            g_free(scene->backend);
            scene->backend = g_strdup(pk_prep_backend_label(input->compute, m4->backend));
        }
        pk_m4_free(m4);
    }
    return ok;
}

gboolean pk_prep_line(PkScene *scene, const PkPlotPrepInput *input, PkPrepData *data,
                      PkPrepData *selected, GError **error) {
    PkRangeStats sx, sy;
    if (!pk_prep_data_stats(data, data->xi, &sx, error) ||
        !pk_prep_data_stats(data, data->yi, &sy, error)) {
        return FALSE;
    }
    pk_prep_axis_range(&sx, &scene->spec.x, &scene->x);
    pk_prep_axis_range(&sy, &scene->spec.y, &scene->y);
    if (data->cats.codes != NULL) {
        pk_scene_set_color_categories(scene, (const char *const *)data->cats.names, data->cats.n,
                                      data->cats.has_other);
    }
    PkRect area;
    pk_layout_plot_area(scene, input->width, input->height, &area);
    guint width = (guint)MAX(lround(area.width * input->scale), 1);
    guint n_series = data->cats.codes != NULL ? data->cats.n : 1;
    scene->series = g_new0(PkSceneSeries, n_series);
    scene->mode = "lines";
    gboolean ok = m4_series(scene, input, data, width, TRUE, scene->series, &scene->n_series,
                            &scene->n_drawn, error);
    if (ok && selected != NULL) {
        guint64 n_used = 0;
        guint n = 0;
        scene->selected_series = g_new0(PkSceneSeries, MAX(scene->n_series, 1u));
        ok = m4_series(scene, input, selected, width, FALSE, scene->selected_series, &n, &n_used,
                       error);
    }
    return ok;
}

/* Histograms ------------------------------------------------------------------------------ */

/* Freedman–Diaconis from a fine histogram's quartiles; Sturges when the IQR is zero. */
static guint auto_bins(PkCompute *compute, PkComputeDataset *ds, PkHist1dRequest req,
                       GError **error) {
    req.n_bins = 2048;
    PkHistogram *fine = NULL;
    if (!pk_compute_hist1d(compute, ds, &req, NULL, &fine, error)) {
        return 0;
    }
    guint64 n = fine->n_in_range, seen = 0;
    double q[2] = {NAN, NAN}, targets[2] = {0.25 * n, 0.75 * n};
    for (guint i = 0, t = 0; i < fine->n_bins && t < 2; i++) {
        seen += fine->counts[i];
        while (t < 2 && seen >= targets[t] && seen > 0) {
            q[t++] = (i + 0.5) / fine->n_bins;
        }
    }
    pk_histogram_free(fine);
    double iqr = q[1] - q[0]; /* as a fraction of the range */
    guint sturges = (guint)ceil(log2(MAX((double)n, 1.0))) + 1;
    if (!(iqr > 1.0 / 2048) || n < 4) {
        return CLAMP(sturges, 1u, 200u);
    }
    double width = 2 * iqr * pow((double)n, -1.0 / 3);
    return (guint)CLAMP(ceil(1.0 / width), 1.0, 200.0);
}

/* Whole bins of width w from a multiple of w at or below lo: up to hi (inclusive: a value
 * at hi falls inside), or covering hi (exclusive). */
static double cover(double lo, double hi, double w, gboolean inclusive, double *out_first) {
    *out_first = floor(lo / w) * w;
    return inclusive ? floor((hi - *out_first) / w) + 1
                     : MAX(1.0, ceil((hi - *out_first) / w - 1e-9));
}

void pk_prep_width_bins(const PkRangeStats *st, const PkPlotSpec *spec, const PkPlotAxis *spec_axis,
                        const PkSceneAxis *axis, guint max_bins, double *out_lo, double *out_hi,
                        guint *out_n) {
    double lo = axis->lo, hi = axis->hi, first = 0;
    gboolean data = !spec_axis->fixed_range;
    if (data && isfinite(st->min) && isfinite(st->max)) {
        lo = st->min, hi = st->max; /* the data's own extremes, not the padded view */
    }
    double w = spec->bin_width * (axis->scale == PK_SCALE_TIME ? 1e6 : 1.0);
    double n = cover(lo, hi, w, data, &first);
    if (n > max_bins) {
        w *= ceil(n / max_bins);
        n = cover(lo, hi, w, data, &first);
    }
    *out_lo = first, *out_hi = first + n * w;
    *out_n = (guint)CLAMP(n, 1.0, (double)max_bins);
}

/* Bar heights from counts: cumulative and/or a density over `total` rows. */
static void bin_heights(const PkScene *scene, const guint32 *counts, double total, double *out) {
    double sum = 0, denom = MAX(total, 1.0);
    for (guint i = 0; i < scene->n_bins; i++) {
        double v = counts[i];
        sum += v;
        v = scene->spec.cumulative ? sum : v;
        if (scene->spec.density) {
            v = scene->spec.cumulative
                    ? v / denom
                    : v / (denom * (scene->bin_edges[i + 1] - scene->bin_edges[i]));
        }
        out[i] = v;
    }
}

gboolean pk_prep_histogram_selected(PkScene *scene, const PkPlotPrepInput *input,
                                    PkPrepData *selected, GError **error) {
    gboolean log_axis = scene->x.scale == PK_SCALE_LOG;
    PkHist1dRequest req = {selected->xi,
                           log_axis ? scene->x.lo : scene->bin_edges[0],
                           log_axis ? scene->x.hi : scene->bin_edges[scene->n_bins],
                           scene->n_bins,
                           pk_prep_compute_axis(&scene->x),
                           NULL};
    PkHistogram *h = NULL;
    if (!pk_compute_hist1d(input->compute, selected->ds, &req, input->cancel, &h, error)) {
        return FALSE;
    }
    scene->selected_bin_heights = g_new(double, MAX(scene->n_bins, 1u));
    bin_heights(scene, h->counts, (double)scene->n_drawn, scene->selected_bin_heights);
    pk_histogram_free(h);
    return TRUE;
}

/* The bars of h (over req's range) into the scene, y fitted to them. */
static void take_bars(PkScene *scene, const PkPlotPrepInput *input, const PkHist1dRequest *req,
                      const PkHistogram *h) {
    gboolean log_axis = scene->x.scale == PK_SCALE_LOG;
    double a = log_axis ? log10(req->lo) : req->lo;
    double b = log_axis ? log10(req->hi) : req->hi;
    scene->n_bins = h->n_bins;
    scene->bin_edges = g_new(double, h->n_bins + 1);
    scene->bin_heights = g_new(double, h->n_bins);
    double ymax = 0;
    for (guint i = 0; i <= h->n_bins; i++) {
        double e = i == h->n_bins ? b : a + (b - a) * i / h->n_bins;
        scene->bin_edges[i] = log_axis ? pow(10, e) : e;
    }
    bin_heights(scene, h->counts, (double)h->n_in_range, scene->bin_heights);
    for (guint i = 0; i < h->n_bins; i++) {
        ymax = MAX(ymax, scene->bin_heights[i]);
    }
    scene->y.scale = PK_SCALE_LINEAR;
    scene->y.lo = 0, scene->y.hi = ymax > 0 ? ymax * 1.05 : 1;
    g_free(scene->y.label);
    scene->y.label = g_strdup(scene->spec.y.label != NULL ? scene->spec.y.label
                              : scene->spec.density       ? "density"
                                                          : "count");
    scene->n_drawn = h->n_in_range;
    scene->n_nonpositive_x = h->n_nonpositive;
    scene->n_invalid = h->n_skipped_invalid;
    scene->mode = "bins";
    g_free(scene->backend);
    scene->backend = g_strdup(pk_prep_backend_label(input->compute, h->backend));
}

gboolean pk_prep_histogram(PkScene *scene, const PkPlotPrepInput *input, PkPrepData *data,
                           PkPrepData *selected, GError **error) {
    PkRangeStats st;
    if (!pk_prep_data_stats(data, data->xi, &st, error)) {
        return FALSE;
    }
    pk_prep_axis_range(&st, &scene->spec.x, &scene->x);
    PkHist1dRequest req = {data->xi, scene->x.lo, scene->x.hi, 1, pk_prep_compute_axis(&scene->x),
                           NULL};
    guint width_bins = 0;
    if (scene->spec.bin_width > 0 && scene->x.scale != PK_SCALE_LOG) {
        pk_prep_width_bins(&st, &scene->spec, &scene->spec.x, &scene->x, PK_PLOT_MAX_BINS, &req.lo,
                           &req.hi, &width_bins);
    }
    if (width_bins > 0 && !scene->spec.x.fixed_range) {
        scene->x.lo = req.lo, scene->x.hi = req.hi; /* whole bins at the edges */
    }
    req.n_bins = width_bins > 0         ? width_bins
                 : scene->spec.bins > 0 ? MIN(scene->spec.bins, (guint)PK_PLOT_MAX_BINS)
                                        : auto_bins(input->compute, data->ds, req, error);
    PkHistogram *h = NULL;
    gboolean ok = req.n_bins > 0 &&
                  pk_compute_hist1d(input->compute, data->ds, &req, input->cancel, &h, error);
    if (ok) {
        take_bars(scene, input, &req, h);
        if (selected != NULL) {
            ok = pk_prep_histogram_selected(scene, input, selected, error);
        }
    }
    pk_histogram_free(h);
    return ok;
}

PkCompute *pk_plot_compute_new(GError **error) {
    return pk_compute_new(pk_compute_policy_from_env(PK_COMPUTE_POLICY_AUTO), error);
}

void pk_plot_compute_free(PkCompute *compute) {
    pk_compute_free(compute);
}
