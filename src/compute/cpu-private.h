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
    guint n_threads;           /* 0 = one per processor */
    char device_name[128];
    GMutex scratch_lock;
    GArray *scratch;           /* PkCpuScratch: memory freed by earlier calls, kept */
    gsize scratch_bytes;
};

void pk_cpu_fill_caps(PkBackend *backend, const char *name);
guint pk_cpu_get_n_threads(const PkBackend *backend);
/* A CPU backend named `name` (its capabilities filled) and the one freeing it with the scratch
 * memory it keeps. n_threads: 0 = one per processor. */
PkBackend *pk_cpu_backend_new(const char *name, guint n_threads);
void pk_cpu_backend_free(PkBackend *backend);

/* Scratch memory for a call's private planes. A call gives back what it took, and the backend
 * keeps the most recently given PK_CPU_SCRATCH_KEEP bytes of it for later calls: memory the
 * process has already touched, where fresh memory costs a page fault per 4 KiB (a tenth of a
 * two-thread bin2d of 10M rows on the development VM). take returns at least `bytes` bytes, of
 * undefined contents, and their number in *size, which give is passed back; NULL when the
 * memory cannot be had. Thread-safe. */
#define PK_CPU_SCRATCH_KEEP ((gsize)64 << 20)
gpointer pk_cpu_scratch_take(PkBackend *backend, gsize bytes, gsize *size);
void pk_cpu_scratch_give(PkBackend *backend, gpointer memory, gsize size);

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
gboolean pk_cpu_fast_m4(PkBackend *backend, const PkBackendData *data,
                        const PkM4Request *request, PkM4 *out, PkCancel *cancel,
                        GError **error);
gboolean pk_cpu_fast_mask(PkBackend *backend, const PkBackendData *data,
                          const PkPredicate *predicate, PkMask *out, PkCancel *cancel,
                          GError **error);

G_END_DECLS
