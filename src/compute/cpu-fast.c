/* cpu-fast.c — the CPU fast backend: its vtable, probe and thread setting. The kernels are
 * in cpu-fast-bin2d.c (bin2d: private grids per thread and a parallel reduce) and
 * cpu-fast-ops.c (hist1d, stats, M4, masks), the fork-join helper in cpu-pool.c. */
#include "cpu-private.h"

static gboolean fast_probe(PkBackend **out_backend, GError **error) {
    (void)error;
    PkBackend *backend = g_new0(PkBackend, 1);
    pk_cpu_fill_caps(backend, "cpu");
    *out_backend = backend;
    return TRUE;
}

static void fast_destroy(PkBackend *backend) {
    g_free(backend);
}

static const PkComputeCaps *fast_get_caps(PkBackend *backend) {
    return &backend->caps;
}

static gboolean fast_supports(PkBackend *backend, PkOp op, const void *request) {
    (void)backend;
    (void)op;
    (void)request;
    return TRUE;
}

static guint64 fast_estimate(PkBackend *backend, PkOp op, const void *request, gsize n_rows) {
    (void)backend;
    (void)op;
    (void)request;
    (void)n_rows;
    return 0;
}

static void fast_set_n_threads(PkBackend *backend, guint n_threads) {
    backend->n_threads = n_threads;
    pk_cpu_fill_caps(backend, "cpu");
}

static gboolean fast_bin2d(PkBackend *backend, gpointer state, const PkBackendData *data,
                           const PkBin2dRequest *request, PkGrid *out, PkCancel *cancel,
                           GError **error) {
    (void)state;
    return pk_cpu_fast_bin2d(backend, data, request, out, cancel, error);
}

static gboolean fast_hist1d(PkBackend *backend, gpointer state, const PkBackendData *data,
                            const PkHist1dRequest *request, PkHistogram *out, PkCancel *cancel,
                            GError **error) {
    (void)state;
    return pk_cpu_fast_hist1d(backend, data, request, out, cancel, error);
}

static gboolean fast_stats(PkBackend *backend, gpointer state, const PkBackendData *data,
                           guint column, PkRangeStats *out, PkCancel *cancel, GError **error) {
    (void)state;
    return pk_cpu_fast_stats(backend, data, column, out, cancel, error);
}

static gboolean fast_m4(PkBackend *backend, gpointer state, const PkBackendData *data,
                        const PkM4Request *request, PkM4 *out, PkCancel *cancel, GError **error) {
    (void)state;
    return pk_cpu_fast_m4(backend, data, request, out, cancel, error);
}

static gboolean fast_mask(PkBackend *backend, gpointer state, const PkBackendData *data,
                          const PkPredicate *predicate, PkMask *out, PkCancel *cancel,
                          GError **error) {
    (void)state;
    return pk_cpu_fast_mask(backend, data, predicate, out, cancel, error);
}

const PkBackendVtable *pk_backend_cpu_fast_vtable(void) {
    static const PkBackendVtable vtable = {
        .name = "cpu",
        .probe = fast_probe,
        .destroy = fast_destroy,
        .get_caps = fast_get_caps,
        .supports = fast_supports,
        .estimate = fast_estimate,
        .bin2d = fast_bin2d,
        .hist1d = fast_hist1d,
        .stats = fast_stats,
        .m4 = fast_m4,
        .mask = fast_mask,
        .set_n_threads = fast_set_n_threads,
    };
    return &vtable;
}
