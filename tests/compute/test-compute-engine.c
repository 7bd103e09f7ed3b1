/* test-compute-engine.c — the engine around the kernels: policy (names, PIKA_COMPUTE), probe
 * notes without Vulkan, per-call fallback and its record and callback, cancellation, request
 * validation errors, dataset column conversion and counts into reused scratch planes. */
#include "pika-test.h"
#include "compute-private.h"
#include "parity.h"

#include "pika/error.h"

#include <math.h>
#include <string.h>

static void test_policy_parses_names(void) {
    PkComputePolicy p;
    g_assert_true(pk_compute_policy_parse("vulkan", &p) && p == PK_COMPUTE_POLICY_VULKAN);
    g_assert_true(pk_compute_policy_parse("CPU", &p) && p == PK_COMPUTE_POLICY_CPU);
    g_assert_true(pk_compute_policy_parse("cpu-reference", &p) &&
                  p == PK_COMPUTE_POLICY_CPU_REFERENCE);
    g_assert_false(pk_compute_policy_parse("gpu", &p));
    g_assert_false(pk_compute_policy_parse(NULL, &p));
}

static void test_policy_env_overrides_and_ignores_unknown(void) {
    g_setenv("PIKA_COMPUTE", "cpu", TRUE);
    g_assert_cmpint(pk_compute_policy_from_env(PK_COMPUTE_POLICY_AUTO), ==, PK_COMPUTE_POLICY_CPU);
    g_setenv("PIKA_COMPUTE", "quantum", TRUE);
    g_test_expect_message("pika", G_LOG_LEVEL_WARNING, "*PIKA_COMPUTE=quantum*");
    g_assert_cmpint(pk_compute_policy_from_env(PK_COMPUTE_POLICY_AUTO), ==, PK_COMPUTE_POLICY_AUTO);
    g_test_assert_expected_messages();
    g_unsetenv("PIKA_COMPUTE");
}

static void test_no_vulkan_loader_answers_on_cpu(void) {
    g_autofree char *saved_loader = g_strdup(g_getenv("PIKA_VULKAN_LOADER"));
    g_setenv("PIKA_VULKAN_LOADER", "/nonexistent/libvulkan.so.1", TRUE);
    g_autoptr(GError) error = NULL;
    PkCompute *engine = pk_compute_new(PK_COMPUTE_POLICY_VULKAN, &error);
    g_assert_no_error(error);
    g_assert_cmpstr(pk_compute_get_caps(engine)->backend, ==, "cpu");
    g_assert_nonnull(strstr(pk_compute_get_probe_note(engine), "Vulkan is not available"));
    GPtrArray *list = pk_compute_list_backends(engine);
    for (guint i = 0; i < list->len; i++) {
        g_assert_cmpstr(((PkComputeCaps *)list->pdata[i])->backend, !=, "vulkan");
    }
    g_ptr_array_unref(list);
    ParityData *d = parity_data_new_uniform(1000, parity_seed());
    PkComputeDataset *ds = parity_dataset(engine, d);
    PkBin2dRequest r = PK_BIN2D_REQUEST_INIT;
    r.viewport = d->viewport;
    PkGrid *g = NULL;
    g_assert_true(pk_compute_bin2d(engine, ds, &r, NULL, &g, &error));
    g_assert_cmpstr(g->backend, ==, "cpu");
    pk_grid_free(g);
    pk_compute_dataset_free(ds);
    parity_data_free(d);
    pk_compute_free(engine);
    if (saved_loader != NULL) {
        g_setenv("PIKA_VULKAN_LOADER", saved_loader, TRUE);
    } else {
        g_unsetenv("PIKA_VULKAN_LOADER");
    }
}

static void on_fallback(const PkComputeFallback *fallback, gpointer user_data) {
    guint *n_calls = user_data;
    g_assert_true(fallback->fell_back);
    (*n_calls)++;
}

static void test_unsupported_op_is_answered_by_the_cpu(void) {
    g_autoptr(GError) error = NULL;
    PkCompute *engine = pk_compute_new(PK_COMPUTE_POLICY_CPU, &error);
    guint n_calls = 0;
    pk_compute_set_fallback_func(engine, on_fallback, &n_calls);
    pk_compute_test_set_unsupported(engine, PK_OP_M4, TRUE);
    ParityData *d = parity_data_new_uniform(5000, parity_seed());
    PkComputeDataset *ds = parity_dataset(engine, d);
    PkComputeDataset *ref_ds = parity_dataset(parity_reference(), d);
    PkM4Request r = {0, 1, 0.0, 1.0, 50, NULL};
    PkM4 *a = NULL, *b = NULL;
    for (guint i = 0; i < 2; i++) {
        g_assert_true(pk_compute_m4(engine, ds, &r, NULL, &a, &error));
        g_assert_cmpstr(a->backend, ==, "cpu-reference");
        g_assert_true(pk_compute_m4(parity_reference(), ref_ds, &r, NULL, &b, &error));
        parity_assert_m4(a, b);
        g_clear_pointer(&a, pk_m4_free);
        g_clear_pointer(&b, pk_m4_free);
    }
    PkComputeFallback fb;
    pk_compute_get_fallback(engine, &fb);
    g_assert_true(fb.fell_back);
    g_assert_false(fb.device_lost);
    g_assert_cmpuint(fb.n_fallbacks, ==, 2);
    g_assert_nonnull(strstr(fb.reason, "does not support this m4 request"));
    g_assert_cmpuint(n_calls, ==, 1); /* the callback runs on the first fallback only */
    PkRangeStats stats;
    g_assert_true(pk_compute_column_stats(engine, ds, 0, NULL, &stats, &error));
    pk_compute_get_fallback(engine, &fb);
    g_assert_false(fb.fell_back); /* the record describes the most recent call */
    pk_compute_dataset_free(ds);
    pk_compute_dataset_free(ref_ds);
    parity_data_free(d);
    pk_compute_free(engine);
}

static void test_cancelled_token_stops_a_request(void) {
    g_autoptr(GError) error = NULL;
    g_autoptr(PkCancel) cancel = pk_cancel_new();
    PkCompute *engine = pk_compute_new(PK_COMPUTE_POLICY_CPU, &error);
    ParityData *d = parity_data_new_uniform(300000, parity_seed());
    PkComputeDataset *ds = parity_dataset(engine, d);
    PkBin2dRequest r = PK_BIN2D_REQUEST_INIT;
    r.viewport = d->viewport;
    PkGrid *g = NULL;
    pk_cancel_request(cancel);
    g_assert_false(pk_compute_bin2d(engine, ds, &r, cancel, &g, &error));
    g_assert_error(error, PK_ERROR, PK_ERROR_CANCELLED);
    g_assert_null(g);
    pk_compute_dataset_free(ds);
    parity_data_free(d);
    pk_compute_free(engine);
}

static gboolean cancel_later(gpointer data) {
    pk_cancel_request(data);
    return G_SOURCE_REMOVE;
}

static gpointer cancel_thread(gpointer data) {
    g_usleep(20000);
    cancel_later(data);
    return NULL;
}

static void test_long_request_stops_when_cancelled(void) {
    g_autoptr(GError) error = NULL;
    g_autoptr(PkCancel) cancel = pk_cancel_new();
    PkCompute *engine = pk_compute_new(PK_COMPUTE_POLICY_CPU_REFERENCE, &error);
    ParityData *d = parity_data_new_uniform(2000000, parity_seed());
    PkComputeDataset *ds = parity_dataset(engine, d);
    double polygon[64];
    for (guint i = 0; i < 32; i++) { /* a 32-gon makes every row slow */
        polygon[2 * i] = 0.5 + 0.4 * cos(2 * G_PI * i / 32);
        polygon[2 * i + 1] = 0.5 + 0.4 * sin(2 * G_PI * i / 32);
    }
    PkPredicate p = {.kind = PK_PREDICATE_POLYGON,
                     .x_column = 0,
                     .y_column = 1,
                     .polygon = polygon,
                     .n_vertices = 32};
    PkMask *m = NULL;
    gint64 t0 = g_get_monotonic_time();
    GThread *thread = g_thread_new("cancel", cancel_thread, cancel);
    gboolean ok = pk_compute_mask(engine, ds, &p, cancel, &m, &error);
    gint64 elapsed_ms = (g_get_monotonic_time() - t0) / 1000;
    g_thread_join(thread);
    if (ok) { /* finished before the token fired: only acceptable if it was that quick */
        g_assert_cmpint(elapsed_ms, <, 25);
        pk_mask_free(m);
    } else {
        g_assert_error(error, PK_ERROR, PK_ERROR_CANCELLED);
    }
    pk_compute_dataset_free(ds);
    parity_data_free(d);
    pk_compute_free(engine);
}

typedef struct {
    const char *name;
    void (*edit)(PkBin2dRequest *r);
    int code;
    const char *message;
} BadRequest;

static void bad_viewport(PkBin2dRequest *r) {
    r->viewport.x1 = r->viewport.x0;
}
static void bad_nan_viewport(PkBin2dRequest *r) {
    r->viewport.y0 = NAN;
}
static void bad_grid(PkBin2dRequest *r) {
    r->viewport.width = 5000;
}
static void bad_value(PkBin2dRequest *r) {
    r->agg = PK_AGG_SUM;
}
static void bad_log(PkBin2dRequest *r) {
    r->viewport.x_axis = PK_AXIS_LOG;
    r->viewport.x0 = -1;
}
static void bad_column(PkBin2dRequest *r) {
    r->x_column = 42;
}
static void bad_categories(PkBin2dRequest *r) {
    r->category_column = 0;
    r->n_categories = 3;
}
static void bad_too_wide(PkBin2dRequest *r) {
    r->viewport.x0 = -1e308;
    r->viewport.x1 = 1e308;
}

static void test_invalid_requests_are_rejected(void) {
    static const BadRequest cases[] = {
        {"empty range", bad_viewport, PK_ERROR_INVALID, "must be finite and non-empty"},
        {"NaN range", bad_nan_viewport, PK_ERROR_INVALID, "bin2d y axis"},
        {"grid too large", bad_grid, PK_ERROR_TOO_LARGE, "between 1 and 4096"},
        {"sum without values", bad_value, PK_ERROR_INVALID, "needs a value column"},
        {"log of negatives", bad_log, PK_ERROR_INVALID, "log axis needs a positive range"},
        {"unknown column", bad_column, PK_ERROR_INVALID, "column 42 is not"},
        {"doubles as categories", bad_categories, PK_ERROR_INVALID, "not a category column"},
        {"range too wide", bad_too_wide, PK_ERROR_INVALID, "too wide or too narrow"},
    };
    PkCompute *engine = pk_compute_new(PK_COMPUTE_POLICY_CPU, NULL);
    ParityData *d = parity_data_new_uniform(10, parity_seed());
    PkComputeDataset *ds = parity_dataset(engine, d);
    for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autoptr(GError) error = NULL;
        PkBin2dRequest r = PK_BIN2D_REQUEST_INIT;
        PkGrid *g = NULL;
        r.viewport = d->viewport;
        cases[i].edit(&r);
        g_test_message("case: %s", cases[i].name);
        g_assert_false(pk_compute_bin2d(engine, ds, &r, NULL, &g, &error));
        g_assert_error(error, PK_ERROR, cases[i].code);
        g_assert_nonnull(strstr(error->message, cases[i].message));
        g_assert_null(g);
    }
    pk_compute_dataset_free(ds);
    parity_data_free(d);
    pk_compute_free(engine);
}

static void test_dataset_converts_columns_and_nulls(void) {
    g_autoptr(GError) error = NULL;
    PkCompute *engine = pk_compute_new(PK_COMPUTE_POLICY_CPU, NULL);
    PkColumn *ints = pk_column_new(PK_COLUMN_TYPE_INT64, "n", 3, &error);
    gint64 *iv = pk_column_get_data_mut(ints);
    iv[0] = 5;
    iv[1] = -7;
    iv[2] = 0;
    pk_column_set_null(ints, 2);
    pk_column_publish(ints);
    PkColumn *short_col = pk_column_new(PK_COLUMN_TYPE_DOUBLE, "short", 2, &error);
    pk_column_publish(short_col);
    PkComputeDataset *ds = pk_compute_dataset_new(engine, 3, &error);
    guint index = 99;
    g_assert_true(pk_compute_dataset_add_column(ds, ints, &index, &error));
    PkRangeStats s;
    g_assert_true(pk_compute_column_stats(engine, ds, index, NULL, &s, &error));
    g_assert_cmpfloat(s.min, ==, -7.0);
    g_assert_cmpfloat(s.max, ==, 5.0);
    g_assert_cmpuint(s.n_nan, ==, 1); /* the NULL */
    g_assert_false(pk_compute_dataset_add_column(ds, short_col, &index, &error));
    g_assert_error(error, PK_ERROR, PK_ERROR_INVALID);
    g_assert_nonnull(strstr(error->message, "has 2 rows"));
    pk_compute_dataset_free(ds);
    pk_column_unref(ints);
    pk_column_unref(short_col);
    pk_compute_free(engine);
}

static void test_auto_policy_uses_the_cpu_without_a_real_gpu(void) {
    PkCompute *engine = pk_compute_new(PK_COMPUTE_POLICY_AUTO, NULL);
    const PkComputeCaps *caps = pk_compute_get_caps(engine);
    if (caps->is_gpu) {
        g_test_skip("this machine has a real GPU");
    } else {
        g_assert_cmpstr(caps->backend, ==, "cpu");
        g_assert_nonnull(pk_compute_get_probe_note(engine)); /* says why not Vulkan */
    }
    pk_compute_free(engine);
}

/* Counts into one-byte planes reuse the last call's planes: the second of two calls on one
 * engine, over other data, still matches the reference. */
static void test_narrow_counts_start_from_zero_in_reused_planes(void) {
    g_autoptr(GError) error = NULL;
    PkCompute *engine = pk_compute_new(PK_COMPUTE_POLICY_CPU, &error);
    g_assert_no_error(error);
    for (guint round = 0; round < 2; round++) {
        ParityData *d = parity_data_new_uniform(100000, parity_seed() + round);
        PkComputeDataset *ds = parity_dataset(engine, d);
        PkComputeDataset *ref_ds = parity_dataset(parity_reference(), d);
        PkBin2dRequest r = PK_BIN2D_REQUEST_INIT;
        r.viewport = d->viewport;
        r.viewport.width = 64;
        r.viewport.height = 48;
        PkGrid *got = NULL, *want = NULL;
        g_assert_true(pk_compute_bin2d(engine, ds, &r, NULL, &got, &error));
        g_assert_true(pk_compute_bin2d(parity_reference(), ref_ds, &r, NULL, &want, &error));
        g_assert_cmpuint(got->n_in_view, >, 0);
        parity_assert_grid(got, want, PK_AGG_COUNT);
        pk_grid_free(got);
        pk_grid_free(want);
        pk_compute_dataset_free(ds);
        pk_compute_dataset_free(ref_ds);
        parity_data_free(d);
    }
    pk_compute_free(engine);
}

int main(int argc, char **argv) {
    g_test_init(&argc, &argv, NULL);
    parity_seed();
    g_test_add_func("/compute/policy/parses-names", test_policy_parses_names);
    g_test_add_func("/compute/policy/env-overrides-and-ignores-unknown",
                    test_policy_env_overrides_and_ignores_unknown);
    g_test_add_func("/compute/policy/auto-uses-the-cpu-without-a-real-gpu",
                    test_auto_policy_uses_the_cpu_without_a_real_gpu);
    g_test_add_func("/compute/fallback/no-vulkan-loader-answers-on-cpu",
                    test_no_vulkan_loader_answers_on_cpu);
    g_test_add_func("/compute/fallback/unsupported-op-is-answered-by-the-cpu",
                    test_unsupported_op_is_answered_by_the_cpu);
    g_test_add_func("/compute/cancel/cancelled-token-stops-a-request",
                    test_cancelled_token_stops_a_request);
    g_test_add_func("/compute/cancel/long-request-stops-when-cancelled",
                    test_long_request_stops_when_cancelled);
    g_test_add_func("/compute/errors/invalid-requests-are-rejected",
                    test_invalid_requests_are_rejected);
    g_test_add_func("/compute/dataset/converts-columns-and-nulls",
                    test_dataset_converts_columns_and_nulls);
    g_test_add_func("/compute/cpu/narrow-counts-start-from-zero-in-reused-planes",
                    test_narrow_counts_start_from_zero_in_reused_planes);
    return pk_test_run();
}
