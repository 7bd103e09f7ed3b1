/* bench-vulkan.c — GPU figures of the Vulkan backend, driven through its vtable.
 *
 * Generates seeded data (uniform, clustered = Gaussian mixture, heavy-tailed = Cauchy), makes
 * it resident, then times bin2d counts (1920x1080 and 1024x1024), the privatised small-grid
 * variant against the generic one, and M4 into 1920 columns. Prints one JSON line per case:
 * gpu_ms is the dispatch time from device timestamps, wall_ms the whole call (descriptor
 * update, submit, wait, readback), upload_ms dataset upload plus one call. Medians of
 * PIKA_BENCH_REPS runs (default 20) after a warm-up. Each case checks the grid against the
 * bin formula on the CPU ("exact"). Variant "read-only" bins into a viewport that holds no
 * point: every row is read and tested, no atomics (the read-bandwidth floor of the pass).
 * Variants "banded" and "atomics" force counts in bands on and off ("auto" lets the backend
 * choose); "kernel" names what ran.
 * Env: PIKA_BENCH_ROWS (comma list, default 10000000,50000000,100000000), PIKA_BENCH_SEED,
 * PIKA_BENCH_WARMUP_MS (calls repeated before timing, default 300), PIKA_BENCH_QUICK=1 (only
 * uniform data: 1920x1080, read-only, 96x96 and M4). */
#include "vk-private.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static double now_ms(void) {
    return (double)g_get_monotonic_time() / 1000.0;
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double median(double *v, guint n) {
    qsort(v, n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

static guint64 rng_state;
static double rng_unit(void) {
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (double)(rng_state >> 11) * (1.0 / 9007199254740992.0);
}

static double rng_normal(void) {
    double u = rng_unit() + 1e-300, v = rng_unit();
    return sqrt(-2.0 * log(u)) * cos(6.283185307179586 * v);
}

static void generate(const char *dist, double *x, double *y, gsize n) {
    for (gsize i = 0; i < n; i++) {
        if (strcmp(dist, "uniform") == 0) {
            x[i] = rng_unit();
            y[i] = rng_unit();
        } else if (strcmp(dist, "clustered") == 0) {
            double c = (double)(i % 5) * 0.2 + 0.1;
            x[i] = c + 0.05 * rng_normal();
            y[i] = 1.0 - c + 0.05 * rng_normal();
        } else {
            x[i] = 0.5 + 0.02 * tan(3.141592653589793 * (rng_unit() - 0.5));
            y[i] = 0.5 + 0.02 * tan(3.141592653589793 * (rng_unit() - 0.5));
        }
    }
}

static gboolean check_exact(const double *x, const double *y, gsize n, const PkViewport *vp,
                            const guint32 *counts) {
    gsize plane = (gsize)vp->width * vp->height;
    guint32 *ref = g_new0(guint32, plane);
    float sx = (float)((double)vp->width / (vp->x1 - vp->x0));
    float sy = (float)((double)vp->height / (vp->y1 - vp->y0));
    for (gsize i = 0; i < n; i++) {
        if (!(x[i] >= vp->x0 && x[i] < vp->x1 && y[i] >= vp->y0 && y[i] < vp->y1)) {
            continue;
        }
        guint bx = (guint)((float)(x[i] - vp->x0) * sx);
        guint by = (guint)((float)(y[i] - vp->y0) * sy);
        bx = MIN(bx, vp->width - 1);
        by = MIN(by, vp->height - 1);
        ref[(gsize)by * vp->width + bx]++;
    }
    gboolean same = memcmp(ref, counts, plane * 4) == 0;
    g_free(ref);
    return same;
}

typedef struct {
    PkBackend *be;
    const PkBackendVtable *vt;
    PkBackendColumn cols[2];
    PkBackendData data;
    gpointer state;
    guint reps;
    double warmup_ms;
    gboolean quick;
} Bench;

static void bench_counts(Bench *b, const char *dist, guint w, guint h, const char *variant) {
    PkBin2dRequest req = PK_BIN2D_REQUEST_INIT;
    double lo = strcmp(variant, "read-only") == 0 ? 2.0 : 0.0;
    req.viewport = (PkViewport){lo, lo + 1, lo, lo + 1, PK_AXIS_LINEAR, PK_AXIS_LINEAR, w, h};
    PkGrid grid = {.width = w, .height = h};
    grid.counts = g_new(guint32, (gsize)w * h);
    double *gpu = g_new(double, b->reps), *wall = g_new(double, b->reps);
    GError *error = NULL;
    pk_vk_set_force_generic(b->be, strcmp(variant, "generic") == 0);
    pk_vk_set_banded(b->be, strcmp(variant, "banded") == 0    ? 1
                            : strcmp(variant, "atomics") == 0 ? 0
                                                              : -1);
    gboolean ok = TRUE;
    for (double t0 = now_ms(); ok && now_ms() - t0 < b->warmup_ms;) {
        ok = b->vt->bin2d(b->be, b->state, &b->data, &req, &grid, NULL, &error);
    }
    for (guint r = 0; ok && r < b->reps; r++) {
        double t0 = now_ms();
        ok = b->vt->bin2d(b->be, b->state, &b->data, &req, &grid, NULL, &error);
        wall[r] = now_ms() - t0;
        gpu[r] = pk_vk_get_last_gpu_ms(b->be);
    }
    if (!ok) {
        fprintf(stderr, "bin2d failed: %s\n", error->message);
        exit(1);
    }
    gboolean exact = check_exact(b->cols[0].doubles, b->cols[1].doubles, b->data.n_rows,
                                 &req.viewport, grid.counts);
    double g = median(gpu, b->reps), wm = median(wall, b->reps);
    static const char *kernels[PK_VK_N_PIPES] = {[PK_VK_PIPE_BIN2D] = "bin2d",
                                                 [PK_VK_PIPE_BIN2D_SHARED] = "shared",
                                                 [PK_VK_PIPE_BIN2D_COUNTS] = "atomics",
                                                 [PK_VK_PIPE_BAND_SORT] = "banded"};
    const char *kernel = kernels[b->be->last_pipe] != NULL ? kernels[b->be->last_pipe] : "?";
    printf("{\"suite\":\"vulkan\",\"op\":\"bin2d-count\",\"variant\":\"%s\",\"kernel\":\"%s\","
           "\"device\":\"%s\",\"dist\":\"%s\",\"rows\":%zu,\"grid\":\"%ux%u\",\"gpu_ms\":%.4f,"
           "\"wall_ms\":%.4f,\"gpu_mpts_s\":%.0f,\"exact\":%s}\n",
           variant, kernel, b->be->device_name, dist, b->data.n_rows, w, h, g, wm,
           (double)b->data.n_rows / g / 1e3, exact ? "true" : "false");
    fflush(stdout);
    pk_vk_set_force_generic(b->be, FALSE);
    pk_vk_set_banded(b->be, -1);
    g_free(gpu);
    g_free(wall);
    g_free(grid.counts);
}

static void bench_upload(Bench *b, const char *dist) {
    double t[3];
    PkBin2dRequest req = PK_BIN2D_REQUEST_INIT;
    req.viewport = (PkViewport){0, 1, 0, 1, PK_AXIS_LINEAR, PK_AXIS_LINEAR, 1920, 1080};
    PkGrid grid = {.width = 1920, .height = 1080};
    grid.counts = g_new(guint32, 1920 * 1080);
    for (guint r = 0; r < 3; r++) {
        GError *error = NULL;
        double t0 = now_ms();
        gpointer state = b->vt->dataset_new(b->be, b->data.n_rows);
        gboolean ok = b->vt->dataset_upload(b->be, state, &b->data, &error) &&
                      b->vt->bin2d(b->be, state, &b->data, &req, &grid, NULL, &error);
        t[r] = now_ms() - t0;
        b->vt->dataset_free(b->be, state);
        if (!ok) {
            fprintf(stderr, "upload failed: %s\n", error->message);
            exit(1);
        }
    }
    printf("{\"suite\":\"vulkan\",\"op\":\"bin2d-count-with-upload\",\"device\":\"%s\","
           "\"dist\":\"%s\",\"rows\":%zu,\"grid\":\"1920x1080\",\"wall_ms\":%.3f}\n",
           b->be->device_name, dist, b->data.n_rows, median(t, 3));
    fflush(stdout);
    g_free(grid.counts);
}

static void bench_m4(Bench *b, double *x, double *y, gsize n) {
    double walk = 0.0;
    for (gsize i = 0; i < n; i++) {
        x[i] = (double)i;
        walk += rng_normal();
        y[i] = walk;
    }
    gpointer state = b->vt->dataset_new(b->be, n);
    PkM4Request req = {0, 1, 0.0, (double)n, 1920, NULL};
    PkM4 m4 = {.width = 1920};
    guint32 *rows = g_new(guint32, 4 * 1920);
    double *ys = g_new(double, 2 * 1920);
    m4.first_row = rows, m4.last_row = rows + 1920, m4.min_row = rows + 3840;
    m4.max_row = rows + 5760, m4.min_y = ys, m4.max_y = ys + 1920;
    double *gpu = g_new(double, b->reps), *wall = g_new(double, b->reps);
    GError *error = NULL;
    gboolean ok = b->vt->dataset_upload(b->be, state, &b->data, &error);
    for (double t0 = now_ms(); ok && now_ms() - t0 < b->warmup_ms;) {
        ok = b->vt->m4(b->be, state, &b->data, &req, &m4, NULL, &error);
    }
    for (guint r = 0; ok && r < b->reps; r++) {
        double t0 = now_ms();
        ok = b->vt->m4(b->be, state, &b->data, &req, &m4, NULL, &error);
        wall[r] = now_ms() - t0;
        gpu[r] = pk_vk_get_last_gpu_ms(b->be);
    }
    if (!ok) {
        fprintf(stderr, "m4 failed: %s\n", error->message);
        exit(1);
    }
    gboolean exact = m4.n_rows_used == n && m4.first_row[0] == 0 && m4.last_row[1919] == n - 1;
    printf("{\"suite\":\"vulkan\",\"op\":\"m4\",\"device\":\"%s\",\"rows\":%zu,\"width\":1920,"
           "\"gpu_ms\":%.4f,\"wall_ms\":%.4f,\"sane\":%s}\n",
           b->be->device_name, n, median(gpu, b->reps), median(wall, b->reps),
           exact ? "true" : "false");
    fflush(stdout);
    b->vt->dataset_free(b->be, state);
    g_free(rows), g_free(ys), g_free(gpu), g_free(wall);
}

static void bench_rows(Bench *b, gsize n, gboolean full) {
    static const char *dists[] = {"uniform", "clustered", "heavy-tailed"};
    double *x = g_new(double, n), *y = g_new(double, n);
    b->cols[0] = (PkBackendColumn){x, NULL};
    b->cols[1] = (PkBackendColumn){y, NULL};
    b->data = (PkBackendData){n, 2, b->cols};
    for (guint d = 0; d < G_N_ELEMENTS(dists); d++) {
        generate(dists[d], x, y, n);
        GError *error = NULL;
        b->state = b->vt->dataset_new(b->be, n);
        if (!b->vt->dataset_upload(b->be, b->state, &b->data, &error)) {
            fprintf(stderr, "upload failed: %s\n", error->message);
            exit(1);
        }
        bench_counts(b, dists[d], 1920, 1080, "auto");
        bench_counts(b, dists[d], 1920, 1080, "banded");
        bench_counts(b, dists[d], 1920, 1080, "atomics");
        if (d == 0) {
            bench_counts(b, dists[d], 1920, 1080, "read-only");
        }
        if (!b->quick) {
            bench_counts(b, dists[d], 1024, 1024, "banded");
            bench_counts(b, dists[d], 1024, 1024, "atomics");
        }
        if (full) {
            bench_counts(b, dists[d], 96, 96, "auto");
            bench_counts(b, dists[d], 96, 96, "generic");
        }
        b->vt->dataset_free(b->be, b->state);
        if (full && d == 0 && !b->quick) {
            bench_upload(b, dists[d]);
        }
        if (b->quick) {
            break;
        }
    }
    if (full) {
        bench_m4(b, x, y, n);
    }
    g_free(x);
    g_free(y);
}

int main(void) {
    const char *seed = g_getenv("PIKA_BENCH_SEED");
    const char *rows = g_getenv("PIKA_BENCH_ROWS");
    const char *reps = g_getenv("PIKA_BENCH_REPS");
    rng_state = seed != NULL ? strtoull(seed, NULL, 10) : 42;
    rng_state = rng_state * 0x9e3779b97f4a7c15ull + 1;
    fprintf(stderr, "seed %s\n", seed != NULL ? seed : "42");
    const char *warmup = g_getenv("PIKA_BENCH_WARMUP_MS");
    Bench b = {.vt = pk_backend_vulkan_vtable(),
               .reps = reps != NULL ? (guint)atoi(reps) : 20,
               .warmup_ms = warmup != NULL ? g_ascii_strtod(warmup, NULL) : 300.0,
               .quick = g_strcmp0(g_getenv("PIKA_BENCH_QUICK"), "1") == 0};
    GError *error = NULL;
    if (!b.vt->probe(&b.be, &error)) {
        fprintf(stderr, "no Vulkan device: %s\n", error->message);
        return 77;
    }
    fprintf(stderr,
            "device %s, timestamps %d, shared bins %u, block rows %u, rows/thread %u, "
            "dedicated %d, subgroup ops %d\n",
            b.be->device_name, b.be->has_timestamps, b.be->shared_bins, b.be->resident_chunk_rows,
            b.be->rows_per_thread, b.be->dedicated, b.be->has_subgroup_ops);
    for (guint i = 0; i < b.be->memory_props.memoryTypeCount; i++) {
        VkMemoryType *type = &b.be->memory_props.memoryTypes[i];
        fprintf(stderr, "memory type %u: heap %u (%.1f GiB) flags 0x%x\n", i, type->heapIndex,
                (double)b.be->memory_props.memoryHeaps[type->heapIndex].size / (1 << 30),
                type->propertyFlags);
    }
    char **list = g_strsplit(rows != NULL ? rows : "10000000,50000000,100000000", ",", -1);
    guint n_list = g_strv_length(list);
    for (guint i = 0; i < n_list; i++) {
        bench_rows(&b, (gsize)g_ascii_strtoull(list[i], NULL, 10), i + 1 == n_list);
    }
    g_strfreev(list);
    b.vt->destroy(b.be);
    return 0;
}
