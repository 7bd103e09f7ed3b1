/* cpu-private.h — what the CPU backends share: capabilities, the thread pool and the fast
 * path's per-op kernels (cpu-fast*.c).
 *
 * Parallel work: pk_cpu_parallel_run() runs func(task, i) for i in [0, n_tasks) on up to
 * n_threads threads (the caller's thread included) and returns when all are done. Row ranges
 * are split into contiguous, ordered parts so that "first row wins" merges stay exact. */
#pragma once

#include "kernel-common.h"

G_BEGIN_DECLS

/* Rows between two polls of the cancellation token. */
#define PK_CPU_CANCEL_ROWS (1u << 16)

struct PkBackend {
    PkComputeCaps caps;
    guint n_threads; /* 0 = one per processor */
    char device_name[128];
};

void pk_cpu_fill_caps(PkBackend *backend, const char *name);
guint pk_cpu_get_n_threads(const PkBackend *backend);

typedef void (*PkCpuTaskFunc)(gpointer task, guint index);
void pk_cpu_parallel_run(guint n_threads, guint n_tasks, PkCpuTaskFunc func, gpointer task);

/* Splits [0, n_rows) into n_parts contiguous ranges; part i is [*begin, *end). */
void pk_cpu_split(gsize n_rows, guint n_parts, guint i, gsize *begin, gsize *end);

/* Fast-path kernels (cpu-fast-bin2d.c, cpu-fast-ops.c). */
gboolean pk_cpu_fast_bin2d(PkBackend *backend, const PkBackendData *data,
                           const PkBin2dRequest *request, PkGrid *out, PkCancel *cancel,
                           GError **error);
gboolean pk_cpu_fast_hist1d(PkBackend *backend, const PkBackendData *data,
                            const PkHist1dRequest *request, PkHistogram *out, PkCancel *cancel,
                            GError **error);
gboolean pk_cpu_fast_stats(PkBackend *backend, const PkBackendData *data, guint column,
                           PkRangeStats *out, PkCancel *cancel, GError **error);
gboolean pk_cpu_fast_m4(PkBackend *backend, const PkBackendData *data, const PkM4Request *request,
                        PkM4 *out, PkCancel *cancel, GError **error);
gboolean pk_cpu_fast_mask(PkBackend *backend, const PkBackendData *data,
                          const PkPredicate *predicate, PkMask *out, PkCancel *cancel,
                          GError **error);

G_END_DECLS
