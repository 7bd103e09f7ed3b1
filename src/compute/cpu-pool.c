/* cpu-pool.c — capabilities of the CPU backends, their scratch memory and the small
 * fork-join helper the fast path uses: threads are started per parallel section (tens of
 * microseconds, negligible next to the millions of rows that make a section worth splitting)
 * and joined before returning, so no thread outlives a call. */
#include "cpu-private.h"

#include <unistd.h>

void pk_cpu_fill_caps(PkBackend *backend, const char *name) {
    long pages = sysconf(_SC_PHYS_PAGES);
    long page_size = sysconf(_SC_PAGESIZE);
    guint64 memory = pages > 0 && page_size > 0 ? (guint64)pages * (guint64)page_size : 0;
    PkComputeCaps *caps = &backend->caps;
    guint n_threads = pk_cpu_get_n_threads(backend);
    g_snprintf(backend->device_name, sizeof backend->device_name, "CPU (%u thread%s)",
               n_threads, n_threads == 1 ? "" : "s");
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

typedef struct {
    gpointer memory;
    gsize bytes;
} PkCpuScratch;

gpointer pk_cpu_scratch_take(PkBackend *backend, gsize bytes, gsize *size) {
    /* The smallest kept block that is large enough. */
    PkCpuScratch found = {NULL, 0};
    g_mutex_lock(&backend->scratch_lock);
    guint best = G_MAXUINT;
    for (guint i = 0; backend->scratch != NULL && i < backend->scratch->len; i++) {
        const PkCpuScratch *s = &g_array_index(backend->scratch, PkCpuScratch, i);
        if (s->bytes >= bytes &&
            (best == G_MAXUINT ||
             s->bytes < g_array_index(backend->scratch, PkCpuScratch, best).bytes)) {
            best = i;
        }
    }
    if (best != G_MAXUINT) {
        found = g_array_index(backend->scratch, PkCpuScratch, best);
        g_array_remove_index(backend->scratch, best);
        backend->scratch_bytes -= found.bytes;
    }
    g_mutex_unlock(&backend->scratch_lock);
    if (found.memory == NULL) {
        found.bytes = MAX(bytes, 1);
        found.memory = g_try_malloc(found.bytes);
    }
    *size = found.bytes;
    return found.memory;
}

/* Kept blocks are in the order they were given back; the oldest make room for a newer one. */
void pk_cpu_scratch_give(PkBackend *backend, gpointer memory, gsize size) {
    if (memory == NULL) {
        return;
    }
    GPtrArray *dropped = g_ptr_array_new_with_free_func(g_free);
    g_mutex_lock(&backend->scratch_lock);
    if (backend->scratch == NULL) {
        backend->scratch = g_array_new(FALSE, FALSE, sizeof(PkCpuScratch));
    }
    while (size <= PK_CPU_SCRATCH_KEEP && backend->scratch_bytes + size > PK_CPU_SCRATCH_KEEP) {
        PkCpuScratch oldest = g_array_index(backend->scratch, PkCpuScratch, 0);
        g_array_remove_index(backend->scratch, 0);
        backend->scratch_bytes -= oldest.bytes;
        g_ptr_array_add(dropped, oldest.memory);
    }
    if (size <= PK_CPU_SCRATCH_KEEP) {
        PkCpuScratch s = {memory, size};
        g_array_append_val(backend->scratch, s);
        backend->scratch_bytes += size;
    } else {
        g_ptr_array_add(dropped, memory);
    }
    g_mutex_unlock(&backend->scratch_lock);
    g_ptr_array_unref(dropped);
}

PkBackend *pk_cpu_backend_new(const char *name, guint n_threads) {
    PkBackend *backend = g_new0(PkBackend, 1);
    backend->n_threads = n_threads;
    g_mutex_init(&backend->scratch_lock);
    pk_cpu_fill_caps(backend, name);
    return backend;
}

void pk_cpu_backend_free(PkBackend *backend) {
    if (backend == NULL) {
        return;
    }
    for (guint i = 0; backend->scratch != NULL && i < backend->scratch->len; i++) {
        g_free(g_array_index(backend->scratch, PkCpuScratch, i).memory);
    }
    if (backend->scratch != NULL) {
        g_array_free(backend->scratch, TRUE);
    }
    g_mutex_clear(&backend->scratch_lock);
    g_free(backend);
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
    gint next;                 /* atomically claimed task index */
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
