/* parity.c — the parity table (see parity.h): shapes, operations, comparisons, and who must
 * answer each call. */
#include "parity.h"

#include "pika/error.h"

#include <math.h>
#include <string.h>

guint32 parity_seed(void) {
    static guint32 seed;
    static gsize done = 0;
    if (g_once_init_enter(&done)) {
        const char *env = g_getenv("PIKA_TEST_SEED");
        seed = env != NULL ? (guint32)g_ascii_strtoull(env, NULL, 10) : 20240607u;
        g_printerr("# seed %u (set PIKA_TEST_SEED to change)\n", seed);
        g_once_init_leave(&done, 1);
    }
    return seed;
}

static ParityData *data_new(gsize n, double x0, double x1, double y0, double y1, guint w, guint h) {
    ParityData *d = g_new0(ParityData, 1);
    d->n_rows = n;
    d->xs = g_new0(double, MAX(n, 1));
    d->ys = g_new0(double, MAX(n, 1));
    d->vs = g_new0(double, MAX(n, 1));
    d->codes = g_new0(guint32, MAX(n, 1));
    d->viewport = (PkViewport){x0, x1, y0, y1, PK_AXIS_LINEAR, PK_AXIS_LINEAR, w, h};
    return d;
}

void parity_data_free(ParityData *d) {
    if (d != NULL) {
        g_free(d->xs);
        g_free(d->ys);
        g_free(d->vs);
        g_free(d->codes);
        g_free(d);
    }
}

/* Values in [0.5, 1.5) (some NaN), codes 0..7 or NONE. */
static void fill_values(ParityData *d, GRand *rand) {
    for (gsize i = 0; i < d->n_rows; i++) {
        d->vs[i] = i % 97 == 5 ? NAN : g_rand_double_range(rand, 0.5, 1.5);
        guint32 c = (guint32)g_rand_int_range(rand, 0, 9);
        d->codes[i] = c == 8 ? PK_CATEGORY_NONE : c;
    }
}

ParityData *parity_data_new_uniform(gsize n, guint32 seed) {
    GRand *rand = g_rand_new_with_seed(seed);
    ParityData *d = data_new(n, 0.0, 1.0, 0.0, 1.0, 61, 37);
    for (gsize i = 0; i < n; i++) {
        d->xs[i] = g_rand_double_range(rand, -0.2, 1.2);
        d->ys[i] = g_rand_double_range(rand, -0.2, 1.2);
        if (i % 251 == 7) {
            d->xs[i] = NAN;
        }
    }
    fill_values(d, rand);
    g_rand_free(rand);
    return d;
}

typedef enum {
    SHAPE_EMPTY,
    SHAPE_ONE_ROW,
    SHAPE_ODD_1000,
    SHAPE_ODD_65537,
    SHAPE_MILLION,
    SHAPE_ALL_NAN,
    SHAPE_ONE_BIN,
    SHAPE_BIN_EDGES,
    SHAPE_EXACT_EDGES,
    SHAPE_INFINITIES,
    SHAPE_HUGE,
    SHAPE_TINY,
    SHAPE_DEEP_ZOOM,
    SHAPE_CROWDED,
    N_SHAPES,
} Shape;

static const char *shape_names[N_SHAPES] = {
    "no-rows",
    "one-row",
    "1000-rows",
    "65537-rows",
    "million-rows",
    "all-nan",
    "all-in-one-bin",
    "points-on-bin-edges",
    "points-on-exact-1920x1080-edges",
    "infinities",
    "huge-coordinates",
    "tiny-coordinates",
    "deep-zoom",
    "crowded-bins",
};

/* Points exactly on every bin edge of a 64 x 32 grid over [-1, 1)², the upper edges and the
 * doubles just below them. */
static ParityData *make_edges(GRand *rand) {
    ParityData *d = data_new(65 * 33 * 2, -1.0, 1.0, -1.0, 1.0, 64, 32);
    gsize k = 0;
    for (guint i = 0; i <= 64; i++) {
        for (guint j = 0; j <= 32; j++) {
            double x = -1.0 + 2.0 * i / 64.0, y = -1.0 + 2.0 * j / 32.0;
            d->xs[k] = x;
            d->ys[k++] = y;
            d->xs[k] = nextafter(x, -2.0);
            d->ys[k++] = nextafter(y, -2.0);
        }
    }
    fill_values(d, rand);
    return d;
}

/* The bin formula of pika/compute.h, written out again here rather than borrowed from the
 * kernels: the bin of v on an axis of n bins over [lo, hi), or -1 outside. One float multiply
 * and no addition after it, so no contraction can change it. */
static gint64 formula_bin(double v, double lo, double hi, guint n) {
    if (!(v >= lo && v < hi)) {
        return -1;
    }
    float t = (float)(v - lo);
    float s = (float)((double)n / (hi - lo));
    gint64 i = (gint64)floorf(t * s);
    return i > (gint64)n - 1 ? (gint64)n - 1 : i;
}

/* The smallest double the formula puts in bin i or above (lo for 0, hi for n): bisection over
 * doubles, keeping formula_bin(a) < i <= formula_bin(b). */
static double exact_edge(double lo, double hi, guint n, guint i) {
    if (i == 0 || i >= n) {
        return i == 0 ? lo : hi;
    }
    double a = lo, b = nextafter(hi, lo);
    while (nextafter(a, b) < b) {
        double mid = a + (b - a) / 2.0;
        if (!(mid > a && mid < b)) {
            mid = nextafter(a, b);
        }
        if (formula_bin(mid, lo, hi, n) >= (gint64)i) {
            b = mid;
        } else {
            a = mid;
        }
    }
    g_assert_cmpint(formula_bin(b, lo, hi, n), ==, i);
    g_assert_cmpint(formula_bin(a, lo, hi, n), ==, (gint64)i - 1);
    return b;
}

#define EDGES_W 1920
#define EDGES_H 1080
#define EDGES_X0 -3.7e5
#define EDGES_X1 1.23e6
#define EDGES_Y0 0.1
#define EDGES_Y1 0.7

ParityData *parity_data_new_exact_edges(guint32 seed, gint64 **out_cells) {
    ParityData *d =
        data_new(5 * (EDGES_W + 1), EDGES_X0, EDGES_X1, EDGES_Y0, EDGES_Y1, EDGES_W, EDGES_H);
    gint64 *cells = g_new(gint64, d->n_rows);
    gsize k = 0;
    for (guint i = 0; i <= EDGES_W; i++) {
        guint j = i % (EDGES_H + 1);
        double ex = exact_edge(EDGES_X0, EDGES_X1, EDGES_W, i);
        double ey = exact_edge(EDGES_Y0, EDGES_Y1, EDGES_H, j);
        double bx = nextafter(ex, -INFINITY), by = nextafter(ey, -INFINITY);
        double nx = EDGES_X0 + i * (EDGES_X1 - EDGES_X0) / EDGES_W;
        double ny = EDGES_Y0 + j * (EDGES_Y1 - EDGES_Y0) / EDGES_H;
        const double points[5][2] = {{ex, ey}, {bx, ey}, {ex, by}, {bx, by}, {nx, ny}};
        for (guint p = 0; p < 5; p++, k++) {
            d->xs[k] = points[p][0];
            d->ys[k] = points[p][1];
            gint64 cx = formula_bin(d->xs[k], EDGES_X0, EDGES_X1, EDGES_W);
            gint64 cy = formula_bin(d->ys[k], EDGES_Y0, EDGES_Y1, EDGES_H);
            cells[k] = cx < 0 || cy < 0 ? -1 : cy * EDGES_W + cx;
        }
    }
    GRand *rand = g_rand_new_with_seed(seed);
    fill_values(d, rand);
    g_rand_free(rand);
    if (out_cells != NULL) {
        *out_cells = cells;
    } else {
        g_free(cells);
    }
    return d;
}

static ParityData *make_scaled(GRand *rand, gsize n, double lo, double hi, double vlo, double vhi,
                               guint w, guint h) {
    ParityData *d = data_new(n, vlo, vhi, vlo, vhi, w, h);
    for (gsize i = 0; i < n; i++) {
        /* half over the whole range, half around the view */
        double a = i % 2 ? lo : 1.5 * vlo, b = i % 2 ? hi : 1.5 * vhi;
        d->xs[i] = g_rand_double_range(rand, a, b);
        d->ys[i] = g_rand_double_range(rand, a, b);
    }
    fill_values(d, rand);
    return d;
}

static ParityData *make_shape(Shape shape, GRand *rand) {
    guint32 seed = g_rand_int(rand);
    ParityData *d = NULL;
    switch (shape) {
    case SHAPE_EMPTY:
        return parity_data_new_uniform(0, seed);
    case SHAPE_ONE_ROW:
        d = parity_data_new_uniform(1, seed);
        d->xs[0] = d->ys[0] = 0.5;
        return d;
    case SHAPE_ODD_1000:
        return parity_data_new_uniform(1000, seed);
    case SHAPE_ODD_65537:
        return parity_data_new_uniform(65537, seed);
    case SHAPE_MILLION:
        d = parity_data_new_uniform(1000000, seed);
        d->viewport.width = 1920;
        d->viewport.height = 1080;
        return d;
    case SHAPE_ALL_NAN:
        d = parity_data_new_uniform(777, seed);
        for (gsize i = 0; i < d->n_rows; i++) {
            d->xs[i] = d->ys[i] = NAN;
        }
        return d;
    case SHAPE_ONE_BIN:
        d = parity_data_new_uniform(5000, seed);
        for (gsize i = 0; i < d->n_rows; i++) {
            d->xs[i] = 0.25;
            d->ys[i] = 0.75;
        }
        return d;
    case SHAPE_BIN_EDGES:
        return make_edges(rand);
    case SHAPE_EXACT_EDGES:
        return parity_data_new_exact_edges(seed, NULL);
    case SHAPE_INFINITIES:
        d = parity_data_new_uniform(3001, seed);
        for (gsize i = 0; i < d->n_rows; i += 3) {
            d->xs[i] = i % 2 ? INFINITY : -INFINITY;
            d->ys[(i + 1) % d->n_rows] = i % 4 ? -INFINITY : INFINITY;
        }
        return d;
    case SHAPE_HUGE:
        return make_scaled(rand, 4099, -1e300, 1e300, -1e30, 1e30, 100, 50);
    case SHAPE_TINY:
        d = make_scaled(rand, 4099, -1e-300, 1e-300, -1e-30, 1e-30, 100, 50);
        return d;
    case SHAPE_DEEP_ZOOM: {
        /* timestamps in µs over ~11 days near 1.7e15; the view is a millionth of that */
        d = make_scaled(rand, 20011, 1.7e15, 1.7e15 + 1e12, 0, 1, 1000, 100);
        double x0 = 1.7e15 + 4.5e11;
        for (gsize i = 0; i < d->n_rows; i += 2) {
            d->xs[i] = x0 + floor(g_rand_double_range(rand, -1e5, 1.1e6));
            d->ys[i] = d->xs[i] + g_rand_double_range(rand, -10, 1e6);
        }
        d->viewport =
            (PkViewport){x0, x0 + 1e6, x0, x0 + 1e6, PK_AXIS_LINEAR, PK_AXIS_LINEAR, 1000, 100};
        return d;
    }
    case SHAPE_CROWDED:
        /* Far more rows than cells, enough for several threads, a third of them in three
         * bins: the fast path's one-byte counts wrap many times in every part. */
        d = parity_data_new_uniform(400003, seed);
        for (gsize i = 0; i < d->n_rows; i += 3) {
            d->xs[i] = 0.1 + 0.4 * (double)(i % 9 / 3);
            d->ys[i] = 0.3;
        }
        return d;
    case N_SHAPES:
        break;
    }
    g_assert_not_reached();
}

static ParityData *get_shape(Shape shape) {
    static ParityData *cache[N_SHAPES];
    if (cache[shape] == NULL) {
        GRand *rand = g_rand_new_with_seed(parity_seed() + (guint32)shape * 7919u);
        cache[shape] = make_shape(shape, rand);
        g_rand_free(rand);
    }
    return cache[shape];
}

PkComputeDataset *parity_dataset(PkCompute *compute, const ParityData *d) {
    g_autoptr(GError) error = NULL;
    PkComputeDataset *ds = pk_compute_dataset_new(compute, d->n_rows, &error);
    g_assert_no_error(error);
    g_assert_cmpuint(pk_compute_dataset_add_doubles(ds, d->xs), ==, 0);
    g_assert_cmpuint(pk_compute_dataset_add_doubles(ds, d->ys), ==, 1);
    g_assert_cmpuint(pk_compute_dataset_add_doubles(ds, d->vs), ==, 2);
    g_assert_cmpuint(pk_compute_dataset_add_codes(ds, d->codes), ==, 3);
    return ds;
}

typedef enum {
    OP_COUNT,
    OP_COUNT_LOG,
    OP_SUM,
    OP_MEAN,
    OP_MIN,
    OP_MAX,
    OP_CATEGORIES,
    OP_SEL_BOX,
    OP_SEL_POLYGON,
    OP_SEL_CATEGORIES,
    OP_SEL_MASK,
    OP_REPRESENTATIVE,
    OP_EVERYTHING,
    OP_HIST1D,
    OP_HIST1D_LOG,
    OP_STATS,
    OP_M4,
    OP_M4_FILTER,
    OP_MASK_BOX,
    OP_MASK_POLYGON,
    N_OPS,
} Op;

static const char *op_names[N_OPS] = {
    "bin2d-count",
    "bin2d-count-log",
    "bin2d-sum",
    "bin2d-mean",
    "bin2d-min",
    "bin2d-max",
    "bin2d-categories",
    "bin2d-select-box",
    "bin2d-select-polygon",
    "bin2d-select-categories",
    "bin2d-select-mask",
    "bin2d-representative",
    "bin2d-everything",
    "hist1d",
    "hist1d-log",
    "stats",
    "m4",
    "m4-filtered",
    "mask-box",
    "mask-polygon",
};

/* Predicates over a shape, built from its viewport. */
typedef struct {
    PkPredicate box, polygon, categories, mask;
    double vertices[10];
    guint64 set[4];
    guint64 *bits;
} Predicates;

static void predicates_init(Predicates *p, const ParityData *d) {
    const PkViewport *v = &d->viewport;
    double w = v->x1 - v->x0, h = v->y1 - v->y0;
    static const double shape[10] = {0.1, 0.1, 0.9, 0.2, 0.5, 0.95, 0.45, 0.5, 0.2, 0.7};
    memset(p, 0, sizeof *p);
    p->box = (PkPredicate){.kind = PK_PREDICATE_BOX,
                           .x_column = 0,
                           .y_column = 1,
                           .x0 = v->x0 + 0.25 * w,
                           .x1 = v->x0 + 0.75 * w,
                           .y0 = v->y0 + 0.1 * h,
                           .y1 = v->y0 + 0.6 * h};
    for (guint i = 0; i < 5; i++) {
        p->vertices[2 * i] = v->x0 + shape[2 * i] * w;
        p->vertices[2 * i + 1] = v->y0 + shape[2 * i + 1] * h;
    }
    p->polygon = (PkPredicate){.kind = PK_PREDICATE_POLYGON,
                               .x_column = 0,
                               .y_column = 1,
                               .polygon = p->vertices,
                               .n_vertices = 5};
    p->set[0] = (1u << 1) | (1u << 3) | (1u << 5);
    p->categories = (PkPredicate){
        .kind = PK_PREDICATE_CATEGORIES, .category_column = 3, .category_set = p->set};
    gsize n_words = (d->n_rows + 63) / 64;
    p->bits = g_new0(guint64, MAX(n_words, 1));
    for (gsize i = 0; i < d->n_rows; i++) {
        if (((i * 2654435761u) >> 7) & 1u) {
            p->bits[i / 64] |= G_GUINT64_CONSTANT(1) << (i % 64);
        }
    }
    p->mask = (PkPredicate){.kind = PK_PREDICATE_MASK, .mask = p->bits};
}

static void log_viewport(PkViewport *v) {
    if (!(v->x0 > 0.0)) {
        *v = (PkViewport){1e-3, 10.0, 1e-3, 10.0, PK_AXIS_LOG, PK_AXIS_LOG, v->width, v->height};
    }
    v->x_axis = v->y_axis = PK_AXIS_LOG;
}

static PkBin2dRequest bin2d_request(Op op, const ParityData *d, const Predicates *p) {
    PkBin2dRequest r = PK_BIN2D_REQUEST_INIT;
    static const PkAgg aggs[] = {PK_AGG_SUM, PK_AGG_MEAN, PK_AGG_MIN, PK_AGG_MAX};
    r.viewport = d->viewport;
    if (op == OP_COUNT_LOG) {
        log_viewport(&r.viewport);
    }
    if (op >= OP_SUM && op <= OP_MAX) {
        r.agg = aggs[op - OP_SUM];
        r.value_column = 2;
    }
    if (op == OP_CATEGORIES || op == OP_EVERYTHING) {
        r.category_column = 3;
        r.n_categories = 6; /* codes 6, 7 and NONE are skipped */
    }
    r.selection = op == OP_SEL_BOX          ? &p->box
                  : op == OP_SEL_POLYGON    ? &p->polygon
                  : op == OP_SEL_CATEGORIES ? &p->categories
                  : op == OP_SEL_MASK       ? &p->mask
                  : op == OP_EVERYTHING     ? &p->polygon
                                            : NULL;
    r.want_representative = op == OP_REPRESENTATIVE || op == OP_EVERYTHING;
    if (op == OP_EVERYTHING) {
        r.agg = PK_AGG_MIN;
        r.value_column = 2;
    }
    return r;
}

static gboolean same_double(double a, double b) {
    return (isnan(a) && isnan(b)) || a == b;
}

static void assert_planes(const guint32 *a, const guint32 *b, gsize n, const char *what) {
    g_assert_true((a == NULL) == (b == NULL));
    for (gsize i = 0; a != NULL && i < n; i++) {
        if (a[i] != b[i]) {
            g_error("%s differ at %" G_GSIZE_FORMAT ": %u vs %u", what, i, a[i], b[i]);
        }
    }
}

void parity_assert_grid(const PkGrid *a, const PkGrid *b, PkAgg agg) {
    gsize n = (gsize)a->width * a->height;
    g_assert_cmpuint(a->width, ==, b->width);
    g_assert_cmpuint(a->height, ==, b->height);
    g_assert_cmpuint(a->n_in_view, ==, b->n_in_view);
    g_assert_cmpuint(a->n_selected, ==, b->n_selected);
    g_assert_cmpuint(a->n_skipped_invalid, ==, b->n_skipped_invalid);
    g_assert_cmpuint(a->n_out_of_view, ==, b->n_out_of_view);
    g_assert_cmpuint(a->n_nonpositive, ==, b->n_nonpositive);
    assert_planes(a->counts, b->counts, n, "counts");
    assert_planes(a->selected, b->selected, n, "selected counts");
    g_assert_cmpuint(a->n_categories, ==, b->n_categories);
    assert_planes(a->category_counts, b->category_counts, n * a->n_categories, "categories");
    assert_planes(a->representative, b->representative, n, "representative rows");
    g_assert_true((a->values == NULL) == (b->values == NULL));
    for (gsize i = 0; a->values != NULL && i < n; i++) {
        double x = a->values[i], y = b->values[i];
        if (agg == PK_AGG_SUM || agg == PK_AGG_MEAN) {
            g_assert_cmpfloat(fabs(x - y), <=, PK_COMPUTE_FLOAT_RTOL * MAX(fabs(x), fabs(y)));
        } else if (!same_double(x, y)) {
            g_error("values differ at %" G_GSIZE_FORMAT ": %.17g vs %.17g", i, x, y);
        }
    }
}

void parity_assert_m4(const PkM4 *a, const PkM4 *b) {
    g_assert_cmpuint(a->width, ==, b->width);
    g_assert_cmpuint(a->n_rows_used, ==, b->n_rows_used);
    assert_planes(a->first_row, b->first_row, a->width, "m4 first rows");
    assert_planes(a->last_row, b->last_row, a->width, "m4 last rows");
    assert_planes(a->min_row, b->min_row, a->width, "m4 min rows");
    assert_planes(a->max_row, b->max_row, a->width, "m4 max rows");
    for (guint i = 0; i < a->width; i++) {
        g_assert_true(same_double(a->min_y[i], b->min_y[i]));
        g_assert_true(same_double(a->max_y[i], b->max_y[i]));
    }
}

/* One call of a case: the engine under test, who must answer, and the fallback count before. */
typedef struct {
    PkCompute *engine;
    const ParityExpect *expect;
    const char *op;
    guint64 n_fallbacks;
} Call;

static gboolean is_cpu_only(const ParityExpect *expect, const char *op) {
    for (guint i = 0; expect->cpu_only != NULL && expect->cpu_only[i] != NULL; i++) {
        if (strcmp(expect->cpu_only[i], op) == 0) {
            return TRUE;
        }
    }
    return FALSE;
}

static void call_begin(Call *call) {
    PkComputeFallback fb;
    pk_compute_get_fallback(call->engine, &fb);
    call->n_fallbacks = fb.n_fallbacks;
}

/* Checks who answered the call just made (answered: the result's backend, NULL where the
 * result has none) and what the engine's fallback record says about it. A wrong answerer
 * fails the case but lets it go on comparing results, so that one run lists every case a
 * fallback answered. */
static void call_end(const Call *call, const char *answered) {
    PkComputeFallback fb;
    pk_compute_get_fallback(call->engine, &fb);
    gboolean cpu_only = is_cpu_only(call->expect, call->op);
    const char *want = cpu_only ? "cpu" : call->expect->backend;
    guint64 n_want = call->n_fallbacks + (cpu_only ? 1 : 0);
    if ((answered != NULL && strcmp(answered, want) != 0) || fb.fell_back != cpu_only ||
        fb.n_fallbacks != n_want || fb.device_lost ||
        (cpu_only && strstr(fb.reason, call->expect->fallback_reason) == NULL) ||
        (!cpu_only && strcmp(pk_compute_get_caps(call->engine)->backend, want) != 0)) {
        g_test_fail_printf("%s: answered by %s, %s (fallbacks %" G_GUINT64_FORMAT
                           " -> %" G_GUINT64_FORMAT "%s: \"%s\"); expected %s%s",
                           call->op, answered != NULL ? answered : "(not named)",
                           fb.fell_back ? "as a fallback" : "not as a fallback", call->n_fallbacks,
                           fb.n_fallbacks, fb.device_lost ? ", device lost" : "", fb.reason, want,
                           cpu_only ? " as the documented fallback" : "");
    }
}

static void check_bin2d(Call *call, PkComputeDataset *ds, PkComputeDataset *ref_ds,
                        const PkBin2dRequest *r) {
    g_autoptr(GError) error = NULL;
    PkGrid *a = NULL, *b = NULL;
    call_begin(call);
    g_assert_true(pk_compute_bin2d(call->engine, ds, r, NULL, &a, &error));
    g_assert_no_error(error);
    call_end(call, a->backend);
    g_assert_true(pk_compute_bin2d(parity_reference(), ref_ds, r, NULL, &b, &error));
    g_assert_cmpstr(b->backend, ==, "cpu-reference");
    parity_assert_grid(a, b, r->agg);
    pk_grid_free(a);
    pk_grid_free(b);
}

static void check_hist1d(Call *call, PkComputeDataset *ds, PkComputeDataset *ref_ds,
                         const PkHist1dRequest *r) {
    g_autoptr(GError) error = NULL;
    PkHistogram *a = NULL, *b = NULL;
    call_begin(call);
    g_assert_true(pk_compute_hist1d(call->engine, ds, r, NULL, &a, &error));
    call_end(call, a->backend);
    g_assert_true(pk_compute_hist1d(parity_reference(), ref_ds, r, NULL, &b, &error));
    g_assert_no_error(error);
    g_assert_cmpuint(a->n_in_range, ==, b->n_in_range);
    g_assert_cmpuint(a->n_selected, ==, b->n_selected);
    g_assert_cmpuint(a->n_skipped_invalid, ==, b->n_skipped_invalid);
    g_assert_cmpuint(a->n_out_of_range, ==, b->n_out_of_range);
    g_assert_cmpuint(a->n_nonpositive, ==, b->n_nonpositive);
    assert_planes(a->counts, b->counts, a->n_bins, "histogram counts");
    assert_planes(a->selected, b->selected, a->n_bins, "histogram selected");
    pk_histogram_free(a);
    pk_histogram_free(b);
}

static void check_stats(Call *call, PkComputeDataset *ds, PkComputeDataset *ref_ds) {
    g_autoptr(GError) error = NULL;
    PkRangeStats a, b;
    for (guint column = 0; column < 3; column++) {
        call_begin(call);
        g_assert_true(pk_compute_column_stats(call->engine, ds, column, NULL, &a, &error));
        call_end(call, NULL); /* statistics name no backend: the fallback record tells */
        g_assert_true(
            pk_compute_column_stats(parity_reference(), ref_ds, column, NULL, &b, &error));
        g_assert_no_error(error);
        g_assert_true(same_double(a.min, b.min) && same_double(a.max, b.max));
        g_assert_true(same_double(a.min_positive, b.min_positive));
        g_assert_cmpuint(a.n_finite, ==, b.n_finite);
        g_assert_cmpuint(a.n_nan, ==, b.n_nan);
        g_assert_cmpuint(a.n_inf, ==, b.n_inf);
    }
}

static void check_m4(Call *call, PkComputeDataset *ds, PkComputeDataset *ref_ds,
                     const PkM4Request *r) {
    g_autoptr(GError) error = NULL;
    PkM4 *a = NULL, *b = NULL;
    call_begin(call);
    g_assert_true(pk_compute_m4(call->engine, ds, r, NULL, &a, &error));
    call_end(call, a->backend);
    g_assert_true(pk_compute_m4(parity_reference(), ref_ds, r, NULL, &b, &error));
    g_assert_no_error(error);
    parity_assert_m4(a, b);
    pk_m4_free(a);
    pk_m4_free(b);
}

static void check_mask(Call *call, PkComputeDataset *ds, PkComputeDataset *ref_ds,
                       const PkPredicate *p) {
    g_autoptr(GError) error = NULL;
    PkMask *a = NULL, *b = NULL;
    call_begin(call);
    g_assert_true(pk_compute_mask(call->engine, ds, p, NULL, &a, &error));
    call_end(call, a->backend);
    g_assert_true(pk_compute_mask(parity_reference(), ref_ds, p, NULL, &b, &error));
    g_assert_no_error(error);
    g_assert_cmpuint(a->n_rows, ==, b->n_rows);
    g_assert_cmpuint(a->n_set, ==, b->n_set);
    g_assert_cmpmem(a->words, (a->n_rows + 63) / 64 * 8, b->words, (b->n_rows + 63) / 64 * 8);
    pk_mask_free(a);
    pk_mask_free(b);
}

static void run_op(Call *call, Op op, const ParityData *d) {
    Predicates p;
    predicates_init(&p, d);
    PkComputeDataset *ds = parity_dataset(call->engine, d);
    PkComputeDataset *ref_ds = parity_dataset(parity_reference(), d);
    const PkViewport *v = &d->viewport;
    PkHist1dRequest h = {0, v->x0, v->x1, v->width, PK_AXIS_LINEAR, &p.box};
    PkM4Request m = {0, 1, v->x0, v->x1, v->width, op == OP_M4_FILTER ? &p.categories : NULL};
    if (op <= OP_EVERYTHING) {
        PkBin2dRequest r = bin2d_request(op, d, &p);
        check_bin2d(call, ds, ref_ds, &r);
    } else if (op == OP_HIST1D || op == OP_HIST1D_LOG) {
        if (op == OP_HIST1D_LOG) {
            PkViewport lv = *v;
            log_viewport(&lv);
            h = (PkHist1dRequest){0, lv.x0, lv.x1, lv.width, PK_AXIS_LOG, NULL};
        }
        check_hist1d(call, ds, ref_ds, &h);
    } else if (op == OP_STATS) {
        check_stats(call, ds, ref_ds);
    } else if (op == OP_M4 || op == OP_M4_FILTER) {
        check_m4(call, ds, ref_ds, &m);
    } else {
        check_mask(call, ds, ref_ds, op == OP_MASK_BOX ? &p.box : &p.polygon);
    }
    pk_compute_dataset_free(ds);
    pk_compute_dataset_free(ref_ds);
    g_free(p.bits);
}

PkCompute *parity_reference(void) {
    static PkCompute *reference;
    if (reference == NULL) {
        g_autoptr(GError) error = NULL;
        reference = pk_compute_new(PK_COMPUTE_POLICY_CPU_REFERENCE, &error);
        g_assert_no_error(error);
        pk_compute_test_set_check_outputs(reference, TRUE);
    }
    return reference;
}

typedef struct {
    ParityEngineFunc get_engine;
    const ParityExpect *expect;
    Shape shape;
    Op op;
} Case;

static void test_case(gconstpointer data) {
    const Case *c = data;
    const char *reason = NULL;
    PkCompute *engine = c->get_engine(&reason);
    if (engine == NULL) {
        g_test_skip(reason);
        return;
    }
    pk_compute_test_set_check_outputs(engine, TRUE);
    Call call = {engine, c->expect, op_names[c->op], 0};
    run_op(&call, c->op, get_shape(c->shape));
}

void parity_add_tests(const char *label, ParityEngineFunc get_engine, const ParityExpect *expect) {
    g_assert_nonnull(expect);
    for (guint i = 0; expect->cpu_only != NULL && expect->cpu_only[i] != NULL; i++) {
        gboolean known = FALSE;
        for (guint op = 0; op < N_OPS; op++) {
            known = known || strcmp(op_names[op], expect->cpu_only[i]) == 0;
        }
        g_assert_true(known); /* a misspelt name would silently expect nothing */
    }
    for (guint op = 0; op < N_OPS; op++) {
        for (guint shape = 0; shape < N_SHAPES; shape++) {
            Case *c = g_new0(Case, 1);
            *c = (Case){get_engine, expect, (Shape)shape, (Op)op};
            g_autofree char *path = g_strdup_printf("/compute/parity/%s/%s/%s", label, op_names[op],
                                                    shape_names[shape]);
            g_test_add_data_func_full(path, c, test_case, g_free);
        }
    }
}
