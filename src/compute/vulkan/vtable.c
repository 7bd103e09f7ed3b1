/* vtable.c — the Vulkan backend's entry in the backend registry (backend.h): probe and
 * teardown, capabilities, health, what it supports, memory estimates and test hooks.
 * Supported: bin2d counts with selection (box, polygon, categories, mask), category planes,
 * representative rows and min/max; hist1d; column stats; M4; masks. Not supported (the CPU
 * answers): sums and means, anything on a device without shaderFloat64 and 64-bit atomics,
 * outputs larger than one storage binding or the memory cap, and everything once the device
 * was lost. */
#include "vk-private.h"

static void pk_vk_destroy(PkBackend *be) {
    if (be == NULL) {
        return;
    }
    pk_vk_device_destroy(be);
    pk_vk_loader_close(&be->fn);
    g_free(be);
}

static gboolean pk_vk_probe(PkBackend **out_backend, GError **error) {
    PkBackend *be = g_new0(PkBackend, 1);
    be->inject_countdown = -1;
    if (!pk_vk_loader_open(&be->fn, error)) {
        g_free(be);
        return FALSE;
    }
    if (!pk_vk_instance_create(be, error) || !pk_vk_device_create(be, error)) {
        if (error != NULL && *error != NULL && (*error)->code == PK_ERROR_DEVICE) {
            (*error)->code = PK_ERROR_UNSUPPORTED;
        }
        pk_vk_destroy(be);
        return FALSE;
    }
    g_debug("vulkan: using %s (memory cap %" G_GUINT64_FORMAT " bytes)", be->device_name,
            be->memory_cap);
    *out_backend = be;
    return TRUE;
}

static const PkComputeCaps *pk_vk_get_caps(PkBackend *be) {
    be->caps.memory_cap = be->memory_cap;
    return &be->caps;
}

static gboolean pk_vk_is_healthy(PkBackend *be) {
    return be->healthy;
}

static gboolean pk_vk_supports(PkBackend *be, PkOp op, const void *request) {
    if (!be->healthy || !be->has_float64 || !be->has_int64_atomics) {
        return FALSE;
    }
    switch (op) {
    case PK_OP_BIN2D:
        return pk_vk_bin2d_supported(be, request);
    case PK_OP_HIST1D: {
        const PkHist1dRequest *req = request;
        return (guint64)req->n_bins * 8 <= be->props.limits.maxStorageBufferRange;
    }
    case PK_OP_M4: {
        const PkM4Request *req = request;
        return be->has_subgroup_ops &&
               (guint64)req->width * 16 <= be->props.limits.maxStorageBufferRange;
    }
    case PK_OP_STATS:
    case PK_OP_MASK:
        return TRUE;
    }
    return FALSE;
}

static guint64 pk_vk_estimate(PkBackend *be, PkOp op, const void *request, gsize n_rows) {
    switch (op) {
    case PK_OP_BIN2D:
        return pk_vk_bin2d_estimate(be, request, n_rows);
    case PK_OP_HIST1D:
        return pk_vk_run_estimate(be, (guint64)((const PkHist1dRequest *)request)->n_bins * 8, 1,
                                  n_rows);
    case PK_OP_M4:
        return pk_vk_run_estimate(be, (guint64)((const PkM4Request *)request)->width * 32, 2,
                                  n_rows);
    case PK_OP_STATS:
        return pk_vk_run_estimate(be, 64, 1, n_rows);
    case PK_OP_MASK:
        return pk_vk_run_estimate(be, (n_rows + 63) / 64 * 8, 2, n_rows);
    }
    return 0;
}

static void pk_vk_inject_device_loss(PkBackend *be, guint after_chunks) {
    be->inject_countdown = (gint)MIN(after_chunks, (guint)G_MAXINT);
}

static void pk_vk_set_memory_cap(PkBackend *be, guint64 cap_size) {
    be->memory_cap = cap_size != 0 ? cap_size : be->caps.memory_size / 10 * 7;
}

void pk_vk_set_resident_chunk_rows(PkBackend *be, guint32 rows) {
    g_assert(rows >= PK_VK_MIN_CHUNK_ROWS && (rows & (rows - 1)) == 0);
    be->resident_chunk_rows = rows;
}

void pk_vk_set_force_generic(PkBackend *be, gboolean force) {
    be->force_generic = force;
}

void pk_vk_set_banded(PkBackend *be, gint mode) {
    be->banded = mode;
}

double pk_vk_get_last_gpu_ms(PkBackend *be) {
    return be->last_gpu_ms;
}

static const PkBackendVtable pk_vk_vtable = {
    .name = "vulkan",
    .probe = pk_vk_probe,
    .destroy = pk_vk_destroy,
    .get_caps = pk_vk_get_caps,
    .is_healthy = pk_vk_is_healthy,
    .supports = pk_vk_supports,
    .estimate = pk_vk_estimate,
    .dataset_new = pk_vk_dataset_new,
    .dataset_upload = pk_vk_dataset_upload,
    .dataset_free = pk_vk_dataset_free,
    .bin2d = pk_vk_bin2d,
    .hist1d = pk_vk_hist1d,
    .stats = pk_vk_stats,
    .m4 = pk_vk_m4,
    .mask = pk_vk_mask,
    .inject_device_loss = pk_vk_inject_device_loss,
    .set_memory_cap = pk_vk_set_memory_cap,
};

const PkBackendVtable *pk_backend_vulkan_vtable(void) {
    return &pk_vk_vtable;
}
