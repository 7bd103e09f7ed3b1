/* test-vulkan-device.c — probing, capabilities, the missing-loader path, resident upload with
 * many viewports, chunking under a small memory cap, injected device loss, cancellation. */
#include "pika-test.h"
#include "vk-test-util.h"

#include <string.h>

static void test_probe_reports_caps(void) {
    PkBackend *be = pk_vkt_backend_new();
    if (be == NULL) {
        return;
    }
    const PkBackendVtable *vt = pk_backend_vulkan_vtable();
    const PkComputeCaps *caps = vt->get_caps(be);
    g_test_message("device %s, type %d, heap %" G_GUINT64_FORMAT, caps->device_name,
                   caps->device_type, caps->memory_size);
    g_assert_cmpstr(caps->backend, ==, "vulkan");
    g_assert_true(strlen(caps->device_name) > 0);
    g_assert_cmpuint(caps->memory_cap, ==, caps->memory_size / 10 * 7);
    g_assert_cmpuint(caps->max_buffer_size, >, 0);
    g_assert_cmpuint(caps->workgroup_size, ==, 256);
    if (caps->device_type == PK_DEVICE_TYPE_CPU) {
        g_assert_false(caps->is_gpu);
    }
    g_assert_true(vt->is_healthy(be));
    vt->destroy(be);
}

static void test_missing_loader_is_unsupported(void) {
    g_autofree char *before = g_strdup(g_getenv("PIKA_VULKAN_LOADER"));
    g_setenv("PIKA_VULKAN_LOADER", "/nonexistent/libvulkan.so.1", TRUE);
    PkBackend *be = NULL;
    GError *error = NULL;
    g_assert_false(pk_backend_vulkan_vtable()->probe(&be, &error));
    g_assert_error(error, PK_ERROR, PK_ERROR_UNSUPPORTED);
    g_assert_nonnull(strstr(error->message, "no Vulkan loader"));
    g_assert_null(be);
    g_error_free(error);
    if (before != NULL) { /* the loader the other cases were asked to use */
        g_setenv("PIKA_VULKAN_LOADER", before, TRUE);
    } else {
        g_unsetenv("PIKA_VULKAN_LOADER");
    }
}

typedef struct {
    gsize n;
    double *x, *y;
    PkBackendColumn cols[2];
    PkBackendData data;
} Points;

static void points_init(Points *p, gsize n, GRand *rand) {
    p->n = n;
    p->x = g_new(double, n);
    p->y = g_new(double, n);
    for (gsize i = 0; i < n; i++) {
        p->x[i] = pk_vkt_uniform(rand, -1.0, 1.0);
        p->y[i] = pk_vkt_uniform(rand, -1.0, 1.0);
    }
    p->cols[0] = (PkBackendColumn){p->x, NULL};
    p->cols[1] = (PkBackendColumn){p->y, NULL};
    p->data = (PkBackendData){n, 2, p->cols};
}

static void points_clear(Points *p) {
    g_free(p->x);
    g_free(p->y);
}

/* Runs counts over vp and compares with the reference; returns the GError result. */
static gboolean check_counts(PkBackend *be, gpointer state, Points *p, const PkViewport *vp,
                             PkCancel *cancel, GError **error) {
    gsize plane = (gsize)vp->width * vp->height;
    PkBin2dRequest req = PK_BIN2D_REQUEST_INIT;
    req.viewport = *vp;
    PkGrid grid = {0};
    grid.width = vp->width;
    grid.height = vp->height;
    grid.counts = g_new0(guint32, plane + 2);
    grid.counts[plane] = 0xdeadbeef;
    gboolean ok =
        pk_backend_vulkan_vtable()->bin2d(be, state, &p->data, &req, &grid, cancel, error);
    if (ok) {
        guint32 *ref = g_new0(guint32, plane);
        guint64 counters[4];
        pk_vkt_ref_counts(p->x, p->y, p->n, vp, ref, counters);
        g_assert_cmpmem(grid.counts, plane * 4, ref, plane * 4);
        g_assert_cmphex(grid.counts[plane], ==, 0xdeadbeef);
        g_assert_cmpuint(grid.n_in_view, ==, counters[0]);
        g_assert_cmpuint(grid.n_skipped_invalid, ==, counters[2]);
        g_assert_cmpuint(grid.n_out_of_view, ==, counters[3]);
        g_free(ref);
    }
    g_free(grid.counts);
    return ok;
}

static void test_resident_many_viewports(void) {
    PkBackend *be = pk_vkt_backend_new();
    if (be == NULL) {
        return;
    }
    const PkBackendVtable *vt = pk_backend_vulkan_vtable();
    GRand *rand = g_rand_new_with_seed(pk_vkt_seed());
    Points p;
    points_init(&p, 300001, rand);
    pk_vk_set_resident_chunk_rows(be, 1u << 16); /* several resident blocks */
    gpointer state = vt->dataset_new(be, p.n);
    GError *error = NULL;
    g_assert_true(vt->dataset_upload(be, state, &p.data, &error));
    g_assert_cmpuint(be->resident_size, ==, p.n * 16);
    for (int v = 0; v < 6; v++) {
        double cx = pk_vkt_uniform(rand, -0.5, 0.5), half = 0.5 / (v + 1);
        PkViewport vp = {
            cx - half,           cx + half,          -half, half, PK_AXIS_LINEAR, PK_AXIS_LINEAR,
            (guint)(7 + 97 * v), (guint)(5 + 61 * v)};
        g_assert_true(check_counts(be, state, &p, &vp, NULL, &error));
        g_assert_no_error(error);
    }
    vt->dataset_free(be, state);
    g_assert_cmpuint(be->resident_size, ==, 0);
    points_clear(&p);
    g_rand_free(rand);
    vt->destroy(be);
}

static void test_small_cap_streams_in_chunks(void) {
    PkBackend *be = pk_vkt_backend_new();
    if (be == NULL) {
        return;
    }
    const PkBackendVtable *vt = pk_backend_vulkan_vtable();
    GRand *rand = g_rand_new_with_seed(pk_vkt_seed() + 1);
    Points p;
    points_init(&p, 100003, rand);
    vt->set_memory_cap(be, 256 * 1024);
    g_assert_cmpuint(vt->get_caps(be)->memory_cap, ==, 256 * 1024);
    gpointer state = vt->dataset_new(be, p.n);
    GError *error = NULL;
    g_assert_true(vt->dataset_upload(be, state, &p.data, &error));
    g_assert_cmpuint(be->resident_size, ==, 0); /* nothing fits: streams */
    PkViewport vp = {-0.9, 0.8, -1.0, 0.7, PK_AXIS_LINEAR, PK_AXIS_LINEAR, 64, 48};
    g_assert_true(check_counts(be, state, &p, &vp, NULL, &error));
    vt->dataset_free(be, state);
    points_clear(&p);
    g_rand_free(rand);
    vt->destroy(be);
}

static void test_injected_loss_marks_unhealthy(void) {
    PkBackend *be = pk_vkt_backend_new();
    if (be == NULL) {
        return;
    }
    const PkBackendVtable *vt = pk_backend_vulkan_vtable();
    GRand *rand = g_rand_new_with_seed(pk_vkt_seed() + 2);
    Points p;
    points_init(&p, 50000, rand);
    vt->set_memory_cap(be, 128 * 1024); /* many chunks */
    gpointer state = vt->dataset_new(be, p.n);
    GError *error = NULL;
    PkViewport vp = {-1, 1, -1, 1, PK_AXIS_LINEAR, PK_AXIS_LINEAR, 32, 32};
    g_assert_true(vt->supports(be, PK_OP_BIN2D, &(PkBin2dRequest){.viewport = vp}));
    vt->inject_device_loss(be, 3);
    g_assert_false(check_counts(be, state, &p, &vp, NULL, &error));
    g_assert_error(error, PK_ERROR, PK_ERROR_DEVICE);
    g_assert_nonnull(strstr(error->message, "VK_ERROR_DEVICE_LOST"));
    g_clear_error(&error);
    g_assert_false(vt->is_healthy(be));
    g_assert_false(vt->supports(be, PK_OP_BIN2D, &(PkBin2dRequest){.viewport = vp}));
    g_assert_false(check_counts(be, state, &p, &vp, NULL, &error));
    g_assert_error(error, PK_ERROR, PK_ERROR_DEVICE);
    g_clear_error(&error);
    vt->dataset_free(be, state);
    points_clear(&p);
    g_rand_free(rand);
    vt->destroy(be);
}

static void test_cancel_stops_between_chunks(void) {
    PkBackend *be = pk_vkt_backend_new();
    if (be == NULL) {
        return;
    }
    const PkBackendVtable *vt = pk_backend_vulkan_vtable();
    GRand *rand = g_rand_new_with_seed(pk_vkt_seed() + 3);
    Points p;
    points_init(&p, 20000, rand);
    gpointer state = vt->dataset_new(be, p.n);
    PkCancel *cancel = pk_cancel_new();
    pk_cancel_request(cancel);
    GError *error = NULL;
    PkViewport vp = {-1, 1, -1, 1, PK_AXIS_LINEAR, PK_AXIS_LINEAR, 16, 16};
    g_assert_false(check_counts(be, state, &p, &vp, cancel, &error));
    g_assert_error(error, PK_ERROR, PK_ERROR_CANCELLED);
    g_clear_error(&error);
    g_assert_true(vt->is_healthy(be));
    pk_cancel_reset(cancel);
    g_assert_true(check_counts(be, state, &p, &vp, cancel, &error));
    pk_cancel_unref(cancel);
    vt->dataset_free(be, state);
    points_clear(&p);
    g_rand_free(rand);
    vt->destroy(be);
}

int main(int argc, char **argv) {
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/vulkan/device/probe-reports-caps", test_probe_reports_caps);
    g_test_add_func("/vulkan/device/missing-loader-is-unsupported",
                    test_missing_loader_is_unsupported);
    g_test_add_func("/vulkan/device/resident-upload-serves-many-viewports",
                    test_resident_many_viewports);
    g_test_add_func("/vulkan/device/small-memory-cap-streams-in-chunks",
                    test_small_cap_streams_in_chunks);
    g_test_add_func("/vulkan/device/injected-loss-marks-backend-unhealthy",
                    test_injected_loss_marks_unhealthy);
    g_test_add_func("/vulkan/device/cancel-stops-between-chunks", test_cancel_stops_between_chunks);
    return pk_test_run();
}
