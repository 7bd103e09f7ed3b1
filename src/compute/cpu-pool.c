/* cpu-pool.c — capabilities of the CPU backends and the small fork-join helper the fast
 * path uses: threads are started per parallel section (tens of microseconds, negligible next
 * to the millions of rows that make a section worth splitting) and joined before returning,
 * so no state outlives a call. */
#include "cpu-private.h"

#include "platform.h"

void pk_cpu_fill_caps(PkBackend *backend, const char *name) {
    guint64 memory = pk_platform_get_physical_memory();
    PkComputeCaps *caps = &backend->caps;
    guint n_threads = pk_cpu_get_n_threads(backend);
    g_snprintf(backend->device_name, sizeof backend->device_name, "CPU (%u thread%s)", n_threads,
               n_threads == 1 ? "" : "s");
    caps->backend = name;
    caps->device_name = backend->device_name;
    caps->device_type = PK_DEVICE_TYPE_CPU;
    caps->is_gpu = FALSE;
    caps->memory_size = memory;
    caps->memory_cap = memory / 10 * 7;
    caps->max_buffer_size = memory;
    caps->max_grid_width = PK_COMPUTE_MAX_GRID_SIDE;
    caps->max_grid_height = PK_COMPUTE_MAX_GRID_SIDE;
    caps->workgroup_size = 1;
    caps->n_threads = pk_cpu_get_n_threads(backend);
}

guint pk_cpu_get_n_threads(const PkBackend *backend) {
    if (backend->n_threads > 0) {
        return backend->n_threads;
    }
    const char *env = g_getenv("PIKA_THREADS");
    guint64 n = env != NULL ? g_ascii_strtoull(env, NULL, 10) : 0;
    if (n > 0 && n <= 1024) {
        return (guint)n;
    }
    return MAX(1u, g_get_num_processors());
}

typedef struct {
    PkCpuTaskFunc func;
    gpointer task;
    guint n_tasks;
    gint next; /* atomically claimed task index */
} Pool;

static gpointer worker(gpointer data) {
    Pool *pool = data;
    for (;;) {
        gint i = g_atomic_int_add(&pool->next, 1);
        if (i >= (gint)pool->n_tasks) {
            return NULL;
        }
        pool->func(pool->task, (guint)i);
    }
}

void pk_cpu_parallel_run(guint n_threads, guint n_tasks, PkCpuTaskFunc func, gpointer task) {
    Pool pool = {func, task, n_tasks, 0};
    guint n_extra = MIN(n_threads, n_tasks) > 0 ? MIN(n_threads, n_tasks) - 1 : 0;
    GThread *threads[64];
    n_extra = MIN(n_extra, G_N_ELEMENTS(threads));
    for (guint i = 0; i < n_extra; i++) {
        threads[i] = g_thread_new("pika-compute", worker, &pool);
    }
    worker(&pool);
    for (guint i = 0; i < n_extra; i++) {
        g_thread_join(threads[i]);
    }
}

void pk_cpu_split(gsize n_rows, guint n_parts, guint i, gsize *begin, gsize *end) {
    gsize base = n_rows / n_parts;
    gsize extra = n_rows % n_parts;
    *begin = i * base + MIN(i, extra);
    *end = *begin + base + (i < extra ? 1 : 0);
}
