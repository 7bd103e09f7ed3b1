/* test-compute-vulkan.c — the Vulkan backend through the public engine (labels compute;vulkan):
 * the parity table against the CPU reference (every case asserting that Vulkan answered, or
 * for sums and means that the CPU answered as the documented fallback), an injected device
 * loss in the middle of a chunked request, a request beyond the memory cap streaming in
 * chunks, and an operation the device does not support. On lavapipe by default; every case
 * skips, saying why, only where no Vulkan device exists. */
#include "pika-test.h"
#include "parity.h"

#include "pika/error.h"

#include <string.h>

static char *skip_reason;

/* An engine whose requests go to Vulkan, or NULL with the reason in skip_reason. */
static PkCompute *vulkan_engine_new(void) {
    g_autoptr(GError) error = NULL;
    PkCompute *engine = pk_compute_new(PK_COMPUTE_POLICY_VULKAN, &error);
    g_assert_no_error(error);
    GPtrArray *list = pk_compute_list_backends(engine);
    gboolean found = FALSE;
    for (guint i = 0; i < list->len; i++) {
        found = found || strcmp(((PkComputeCaps *)list->pdata[i])->backend, "vulkan") == 0;
    }
    g_ptr_array_unref(list);
    if (!found) {
        g_free(skip_reason);
        skip_reason = g_strdup_printf("no Vulkan device: %s", pk_compute_get_probe_note(engine));
        pk_compute_free(engine);
        return NULL;
    }
    g_assert_cmpstr(pk_compute_get_caps(engine)->backend, ==, "vulkan");
    pk_compute_test_set_check_outputs(engine, TRUE);
    return engine;
}

static PkCompute *shared_engine(const char **out_reason) {
    static PkCompute *engine;
    static gboolean tried;
    if (!tried) {
        tried = TRUE;
        engine = vulkan_engine_new();
    }
    *out_reason = skip_reason;
    return engine;
}

static PkGrid *bin_million(PkCompute *engine, ParityData **out_data, PkGrid **out_ref) {
    g_autoptr(GError) error = NULL;
    ParityData *d = parity_data_new_uniform(1000000, parity_seed());
    PkComputeDataset *ds = parity_dataset(engine, d);
    PkComputeDataset *ref_ds = parity_dataset(parity_reference(), d);
    PkBin2dRequest r = PK_BIN2D_REQUEST_INIT;
    r.viewport = d->viewport;
    PkGrid *g = NULL;
    g_assert_true(pk_compute_bin2d(engine, ds, &r, NULL, &g, &error));
    g_assert_no_error(error);
    g_assert_true(pk_compute_bin2d(parity_reference(), ref_ds, &r, NULL, out_ref, &error));
    parity_assert_grid(g, *out_ref, PK_AGG_COUNT);
    pk_compute_dataset_free(ds);
    pk_compute_dataset_free(ref_ds);
    *out_data = d;
    return g;
}

static void test_device_loss_mid_request_falls_back(void) {
    PkCompute *engine = vulkan_engine_new();
    if (engine == NULL) {
        g_test_skip(skip_reason);
        return;
    }
    pk_compute_set_memory_cap(engine, 4u << 20); /* 16 MB of input: several chunks */
    pk_compute_inject_device_loss(engine, 1);    /* lost after the first chunk */
    ParityData *d = NULL;
    PkGrid *ref = NULL;
    PkGrid *g = bin_million(engine, &d, &ref);
    g_assert_cmpstr(g->backend, ==, "cpu");
    PkComputeFallback fb;
    pk_compute_get_fallback(engine, &fb);
    g_assert_true(fb.fell_back);
    g_assert_true(fb.device_lost);
    g_assert_cmpuint(fb.n_fallbacks, ==, 1);
    g_assert_nonnull(strstr(fb.reason, "vulkan"));
    g_assert_cmpstr(pk_compute_get_caps(engine)->backend, ==, "cpu"); /* until restart */
    pk_grid_free(g);
    pk_grid_free(ref);
    parity_data_free(d);
    pk_compute_free(engine);
}

static void test_request_beyond_memory_cap_streams_in_chunks(void) {
    PkCompute *engine = vulkan_engine_new();
    if (engine == NULL) {
        g_test_skip(skip_reason);
        return;
    }
    pk_compute_set_memory_cap(engine, 4u << 20);
    ParityData *d = NULL;
    PkGrid *ref = NULL;
    PkGrid *g = bin_million(engine, &d, &ref);
    g_assert_cmpstr(g->backend, ==, "vulkan");
    PkComputeFallback fb;
    pk_compute_get_fallback(engine, &fb);
    g_assert_false(fb.fell_back);
    pk_grid_free(g);
    pk_grid_free(ref);
    parity_data_free(d);
    pk_compute_free(engine);
}

static void test_unsupported_op_is_answered_by_the_cpu(void) {
    PkCompute *engine = vulkan_engine_new();
    if (engine == NULL) {
        g_test_skip(skip_reason);
        return;
    }
    pk_compute_test_set_unsupported(engine, PK_OP_HIST1D, TRUE);
    g_autoptr(GError) error = NULL;
    ParityData *d = parity_data_new_uniform(10000, parity_seed());
    PkComputeDataset *ds = parity_dataset(engine, d);
    PkHist1dRequest r = {0, 0.0, 1.0, 100, PK_AXIS_LINEAR, NULL};
    PkHistogram *h = NULL;
    g_assert_true(pk_compute_hist1d(engine, ds, &r, NULL, &h, &error));
    g_assert_cmpstr(h->backend, ==, "cpu");
    PkComputeFallback fb;
    pk_compute_get_fallback(engine, &fb);
    g_assert_true(fb.fell_back && !fb.device_lost);
    g_assert_nonnull(strstr(fb.reason, "does not support this hist1d request"));
    pk_histogram_free(h);
    pk_compute_dataset_free(ds);
    parity_data_free(d);
    pk_compute_free(engine);
}

typedef struct {
    guint n_calls;
    char reason[256];
} FallbackSeen;

static void on_fallback(const PkComputeFallback *fb, gpointer data) {
    FallbackSeen *seen = data;
    seen->n_calls++;
    g_strlcpy(seen->reason, fb->reason, sizeof seen->reason);
}

/* docs/vulkan.md: sums and means are not done on the device; the CPU answers them, the call
 * is recorded as a fallback, and the fallback callback (the window's toast) runs once. */
static void test_sums_and_means_fall_back_to_the_cpu_visibly(void) {
    PkCompute *engine = vulkan_engine_new();
    if (engine == NULL) {
        g_test_skip(skip_reason);
        return;
    }
    FallbackSeen seen = {0};
    pk_compute_set_fallback_func(engine, on_fallback, &seen);
    ParityData *d = parity_data_new_uniform(10000, parity_seed());
    PkComputeDataset *ds = parity_dataset(engine, d);
    static const PkAgg aggs[] = {PK_AGG_COUNT, PK_AGG_SUM, PK_AGG_MEAN, PK_AGG_MAX};
    static const char *const answered[] = {"vulkan", "cpu", "cpu", "vulkan"};
    for (guint i = 0; i < G_N_ELEMENTS(aggs); i++) {
        g_autoptr(GError) error = NULL;
        PkBin2dRequest r = PK_BIN2D_REQUEST_INIT;
        r.viewport = d->viewport;
        r.agg = aggs[i];
        r.value_column = aggs[i] == PK_AGG_COUNT ? -1 : 2;
        PkGrid *g = NULL;
        g_assert_true(pk_compute_bin2d(engine, ds, &r, NULL, &g, &error));
        g_assert_no_error(error);
        g_assert_cmpstr(g->backend, ==, answered[i]);
        PkComputeFallback fb;
        pk_compute_get_fallback(engine, &fb);
        g_assert_cmpint(fb.fell_back, ==, strcmp(answered[i], "cpu") == 0);
        g_assert_false(fb.device_lost);
        g_assert_cmpuint(fb.n_fallbacks, ==, MIN(i, 2));
        pk_grid_free(g);
    }
    g_assert_cmpuint(seen.n_calls, ==, 1); /* the first fallback only */
    g_assert_cmpstr(seen.reason, ==, "vulkan does not support this bin2d request");
    g_assert_cmpstr(pk_compute_get_caps(engine)->backend, ==, "vulkan");
    pk_compute_dataset_free(ds);
    parity_data_free(d);
    pk_compute_free(engine);
}

/* Vulkan answers every operation but sums and means, which docs/vulkan.md leaves to the CPU. */
static const char *const vulkan_cpu_only[] = {"bin2d-sum", "bin2d-mean", NULL};
static const ParityExpect vulkan_answers = {"vulkan", vulkan_cpu_only,
                                            "vulkan does not support this bin2d request"};

int main(int argc, char **argv) {
    g_test_init(&argc, &argv, NULL);
    parity_seed();
    parity_add_tests("vulkan", shared_engine, &vulkan_answers);
    g_test_add_func("/compute/vulkan/sums-and-means-fall-back-to-the-cpu-visibly",
                    test_sums_and_means_fall_back_to_the_cpu_visibly);
    g_test_add_func("/compute/vulkan/device-loss-mid-request-falls-back",
                    test_device_loss_mid_request_falls_back);
    g_test_add_func("/compute/vulkan/request-beyond-memory-cap-streams-in-chunks",
                    test_request_beyond_memory_cap_streams_in_chunks);
    g_test_add_func("/compute/vulkan/unsupported-op-is-answered-by-the-cpu",
                    test_unsupported_op_is_answered_by_the_cpu);
    return pk_test_run();
}
