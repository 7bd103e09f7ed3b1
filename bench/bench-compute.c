/* bench-compute.c — the compute suite of pika-bench: bin2d counts, hist1d and M4 over seeded
 * data on every requested backend, thread count and size; one JSON line per case.
 *
 *   pika-bench compute [--n 10000000,50000000] [--grid 1920x1080,1024x1024]
 *                      [--dist uniform,clustered,heavy] [--backend cpu,cpu-reference,vulkan]
 *                      [--threads 1,2] [--repeat 5] [--op bin2d,hist1d,m4,stats] [--resident]
 *
 * Data: x and y doubles, generated once per (n, dist) from the seed (PIKA_BENCH_SEED): uniform
 * over the viewport [0, 1)², a Gaussian mixture of 8 clusters, or heavy-tailed (Cauchy around
 * the centre; most of the tail falls outside the viewport). For M4, x is the row number (a
 * sorted series) and y a random walk. GPU rows report "ms" with the data resident and
 * "ms_with_upload" for a fresh dataset (upload included); "--resident" skips the latter. */
#include "bench.h"
#include "pika/compute.h"
#include "pika/error.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    char **ns, **grids, **dists, **backends, **threads, **ops;
    guint repeat;
    gboolean resident;
} Options;

static guint64 rng_next(guint64 *state) {
    guint64 z = (*state += G_GUINT64_CONSTANT(0x9E3779B97F4A7C15));
    z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

static double rng_uniform(guint64 *state) {
    return (double)(rng_next(state) >> 11) * 0x1.0p-53;
}

static double rng_gauss(guint64 *state) {
    double u = rng_uniform(state), v = rng_uniform(state);
    return sqrt(-2.0 * log(u + 1e-300)) * cos(2.0 * G_PI * v);
}

static void generate(const char *dist, gsize n, double *xs, double *ys) {
    guint64 state = pk_bench_seed();
    static const double cx[8] = {0.2, 0.5, 0.8, 0.3, 0.7, 0.15, 0.55, 0.9};
    static const double cy[8] = {0.3, 0.5, 0.2, 0.8, 0.7, 0.6, 0.1, 0.9};
    for (gsize i = 0; i < n; i++) {
        if (strcmp(dist, "clustered") == 0) {
            guint k = (guint)(rng_next(&state) % 8);
            double sd = 0.01 + 0.01 * k;
            xs[i] = cx[k] + sd * rng_gauss(&state);
            ys[i] = cy[k] + sd * rng_gauss(&state);
        } else if (strcmp(dist, "heavy") == 0) {
            xs[i] = 0.5 + 0.05 * tan(G_PI * (rng_uniform(&state) - 0.5));
            ys[i] = 0.5 + 0.05 * tan(G_PI * (rng_uniform(&state) - 0.5));
        } else {
            xs[i] = rng_uniform(&state);
            ys[i] = rng_uniform(&state);
        }
    }
}

static void generate_series(gsize n, double *xs, double *ys) {
    guint64 state = pk_bench_seed();
    double y = 0.0;
    for (gsize i = 0; i < n; i++) {
        xs[i] = (double)i;
        y += rng_gauss(&state);
        ys[i] = y;
    }
}

static gboolean run_once(PkCompute *compute, PkComputeDataset *ds, const char *op, gsize n, guint w,
                         guint h, GError **error) {
    if (strcmp(op, "m4") == 0) {
        PkM4Request r = {0, 1, 0.0, (double)n, w, NULL};
        PkM4 *m4 = NULL;
        gboolean ok = pk_compute_m4(compute, ds, &r, NULL, &m4, error);
        pk_m4_free(m4);
        return ok;
    }
    if (strcmp(op, "stats") == 0) {
        PkRangeStats stats;
        return pk_compute_column_stats(compute, ds, 0, NULL, &stats, error) &&
               pk_compute_column_stats(compute, ds, 1, NULL, &stats, error);
    }
    if (strcmp(op, "hist1d") == 0) {
        PkHist1dRequest r = {0, 0.0, 1.0, w, PK_AXIS_LINEAR, NULL};
        PkHistogram *hist = NULL;
        gboolean ok = pk_compute_hist1d(compute, ds, &r, NULL, &hist, error);
        pk_histogram_free(hist);
        return ok;
    }
    PkBin2dRequest r = PK_BIN2D_REQUEST_INIT;
    r.viewport = (PkViewport){0.0, 1.0, 0.0, 1.0, PK_AXIS_LINEAR, PK_AXIS_LINEAR, w, h};
    PkGrid *grid = NULL;
    gboolean ok = pk_compute_bin2d(compute, ds, &r, NULL, &grid, error);
    pk_grid_free(grid);
    return ok;
}

/* Median ms of `repeat` runs after one warm-up; with_upload: a fresh dataset per run. */
static gboolean measure(PkCompute *compute, const double *xs, const double *ys, gsize n,
                        const char *op, guint w, guint h, guint repeat, gboolean with_upload,
                        double *out_ms, GError **error) {
    double *times = g_new0(double, repeat);
    PkComputeDataset *ds = NULL;
    gboolean ok = TRUE;
    for (guint i = 0; ok && i <= repeat; i++) {
        if (ds == NULL || with_upload) {
            pk_compute_dataset_free(ds);
            ds = pk_compute_dataset_new(compute, n, error);
            ok = ds != NULL;
            if (ok) {
                pk_compute_dataset_add_doubles(ds, xs);
                pk_compute_dataset_add_doubles(ds, ys);
            }
            ok = ok && (with_upload || pk_compute_dataset_make_resident(ds, error));
        }
        double t0 = pk_bench_now_ms();
        ok = ok && run_once(compute, ds, op, n, w, h, error);
        if (i > 0) {
            times[i - 1] = pk_bench_now_ms() - t0;
        }
    }
    pk_compute_dataset_free(ds);
    if (ok) {
        *out_ms = pk_bench_median(times, repeat);
    }
    g_free(times);
    return ok;
}

typedef struct {
    const char *op, *dist;
    gsize n;
    guint w, h;
    const double *xs, *ys;
} Case;

static void emit(const Case *c, PkCompute *compute, double ms, double upload_ms) {
    const PkComputeCaps *caps = pk_compute_get_caps(compute);
    g_autofree char *upload =
        upload_ms >= 0.0 ? g_strdup_printf(",\"ms_with_upload\":%.3f", upload_ms) : g_strdup("");
    pk_bench_emit("\"suite\":\"compute\",\"op\":\"%s\",\"backend\":\"%s\",\"device\":\"%s\","
                  "\"n\":%" G_GSIZE_FORMAT ",\"grid\":\"%ux%u\",\"dist\":\"%s\","
                  "\"threads\":%u,\"ms\":%.3f,\"points_per_s\":%.0f%s",
                  c->op, caps->backend, caps->device_name, c->n, c->w, c->h, c->dist,
                  strcmp(caps->backend, "vulkan") == 0 ? 0 : caps->n_threads, ms,
                  ms > 0 ? (double)c->n / (ms / 1000.0) : 0.0, upload);
}

static int run_backend(const Case *c, const char *backend, const Options *o) {
    PkComputePolicy policy;
    GError *error = NULL;
    if (!pk_compute_policy_parse(backend, &policy)) {
        fprintf(stderr, "pika-bench compute: unknown backend %s\n", backend);
        return 2;
    }
    PkCompute *compute = pk_compute_new(policy, &error);
    if (compute == NULL || strcmp(pk_compute_get_caps(compute)->backend, backend) != 0) {
        fprintf(stderr, "pika-bench compute: backend %s unavailable: %s\n", backend,
                compute != NULL ? pk_compute_get_probe_note(compute) : error->message);
        g_clear_error(&error);
        pk_compute_free(compute);
        return 0;
    }
    gboolean gpu = strcmp(backend, "vulkan") == 0;
    for (guint t = 0; o->threads[t] != NULL && (t == 0 || !gpu); t++) {
        guint n_threads = (guint)g_ascii_strtoull(o->threads[t], NULL, 10);
        double ms = 0, upload_ms = -1;
        pk_compute_set_n_threads(compute, gpu ? 0 : n_threads);
        if (!measure(compute, c->xs, c->ys, c->n, c->op, c->w, c->h, o->repeat, FALSE, &ms,
                     &error) ||
            (gpu && !o->resident &&
             !measure(compute, c->xs, c->ys, c->n, c->op, c->w, c->h, o->repeat, TRUE, &upload_ms,
                      &error))) {
            fprintf(stderr, "pika-bench compute: %s\n", error->message);
            g_clear_error(&error);
            pk_compute_free(compute);
            return 1;
        }
        emit(c, compute, ms, upload_ms);
    }
    pk_compute_free(compute);
    return 0;
}

static int run_size(const Options *o, gsize n) {
    double *xs = g_try_malloc(MAX(n, 1) * sizeof(double));
    double *ys = g_try_malloc(MAX(n, 1) * sizeof(double));
    int rc = 0;
    if (xs == NULL || ys == NULL) {
        fprintf(stderr, "pika-bench compute: out of memory for %" G_GSIZE_FORMAT " rows\n", n);
        rc = 1;
    }
    for (guint d = 0; rc == 0 && o->dists[d] != NULL; d++) {
        gboolean have_points = FALSE, have_series = FALSE;
        for (guint p = 0; rc == 0 && o->ops[p] != NULL; p++) {
            gboolean series = strcmp(o->ops[p], "m4") == 0;
            if (series && !have_series) {
                generate_series(n, xs, ys);
            } else if (!series && !have_points) {
                generate(o->dists[d], n, xs, ys);
            }
            have_series = series;
            have_points = !series;
            for (guint g = 0; rc == 0 && o->grids[g] != NULL; g++) {
                Case c = {o->ops[p], series ? "walk" : o->dists[d], n, 0, 0, xs, ys};
                if (sscanf(o->grids[g], "%ux%u", &c.w, &c.h) != 2) {
                    fprintf(stderr, "pika-bench compute: bad grid %s\n", o->grids[g]);
                    rc = 2;
                }
                for (guint b = 0; rc == 0 && o->backends[b] != NULL; b++) {
                    rc = run_backend(&c, o->backends[b], o);
                }
            }
        }
    }
    g_free(xs);
    g_free(ys);
    return rc;
}

int pk_bench_compute(int argc, char **argv) {
    g_autofree char *ns = NULL, *grids = NULL, *dists = NULL, *backends = NULL;
    g_autofree char *threads = NULL, *ops = NULL;
    gint repeat = 5;
    gboolean resident = FALSE;
    GOptionEntry entries[] = {
        {"n", 0, 0, G_OPTION_ARG_STRING, &ns, "rows, comma-separated", "N,..."},
        {"grid", 0, 0, G_OPTION_ARG_STRING, &grids, "grids", "WxH,..."},
        {"dist", 0, 0, G_OPTION_ARG_STRING, &dists, "uniform, clustered, heavy", "D,..."},
        {"backend", 0, 0, G_OPTION_ARG_STRING, &backends, "cpu, cpu-reference, vulkan", "B,..."},
        {"threads", 0, 0, G_OPTION_ARG_STRING, &threads, "CPU threads", "T,..."},
        {"op", 0, 0, G_OPTION_ARG_STRING, &ops, "bin2d, hist1d, m4, stats (of x and y)", "OP,..."},
        {"repeat", 0, 0, G_OPTION_ARG_INT, &repeat, "runs per case (median)", "R"},
        {"resident", 0, 0, G_OPTION_ARG_NONE, &resident, "GPU: skip with-upload runs", NULL},
        G_OPTION_ENTRY_NULL,
    };
    g_autoptr(GOptionContext) context = g_option_context_new("- compute benchmarks");
    g_autoptr(GError) error = NULL;
    g_option_context_add_main_entries(context, entries, NULL);
    if (!g_option_context_parse(context, &argc, &argv, &error)) {
        fprintf(stderr, "pika-bench compute: %s\n", error->message);
        return 2;
    }
    Options o = {g_strsplit(ns ? ns : "10000000", ",", -1),
                 g_strsplit(grids ? grids : "1920x1080", ",", -1),
                 g_strsplit(dists ? dists : "uniform", ",", -1),
                 g_strsplit(backends ? backends : "cpu", ",", -1),
                 g_strsplit(threads ? threads : "0", ",", -1),
                 g_strsplit(ops ? ops : "bin2d", ",", -1),
                 (guint)MAX(repeat, 1),
                 resident};
    int rc = 0;
    for (guint i = 0; rc == 0 && o.ns[i] != NULL; i++) {
        rc = run_size(&o, (gsize)g_ascii_strtoull(o.ns[i], NULL, 10));
    }
    g_strfreev(o.ns);
    g_strfreev(o.grids);
    g_strfreev(o.dists);
    g_strfreev(o.backends);
    g_strfreev(o.threads);
    g_strfreev(o.ops);
    return rc;
}
