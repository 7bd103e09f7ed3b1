/* ab-bin2d.c — two builds of the CPU fast path's bin2d in one process, called in turn over the
 * same data: "new" (the working tree's pk_cpu_fast_bin2d) and "old" (another revision's,
 * compiled with its entry point renamed to pk_cpu_fast_bin2d_old). On a shared, noisy machine
 * the ratio of two calls made a few milliseconds apart is far steadier than the ratio of two
 * processes' medians. Built and run by bench/ab-bin2d.sh.
 *
 *   ab-bin2d RUNS THREADS uniform|clustered|heavy
 *
 * Prints one JSON line: medians and minima of each, and the median of the per-run ratios
 * old/new with its quartiles (above 1: new is faster). Exits 1 if the two grids differ. */
#include "cpu-private.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

gboolean pk_cpu_fast_bin2d_old(PkBackend *backend, const PkBackendData *data,
                               const PkBin2dRequest *request, PkGrid *out, PkCancel *cancel,
                               GError **error);

#define N_ROWS 10000000u
#define WIDTH 1920u
#define HEIGHT 1080u

static guint64 state = 42;

static double uniform(void) {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return (double)(state >> 11) * 0x1.0p-53;
}

static double gauss(void) {
    double a = uniform(), b = uniform();
    return sqrt(-2.0 * log(a + 1e-300)) * cos(2.0 * G_PI * b);
}

/* uniform: the unit square; clustered: eight Gaussian clusters (sd 0.03) inside it; heavy:
 * Cauchy around its centre (scale 0.1), about a quarter of the rows out of view. */
static gboolean generate(const char *dist, double *xs, double *ys) {
    for (gsize i = 0; i < N_ROWS; i++) {
        if (strcmp(dist, "uniform") == 0) {
            xs[i] = uniform();
            ys[i] = uniform();
        } else if (strcmp(dist, "clustered") == 0) {
            int c = (int)(uniform() * 8);
            xs[i] = 0.1 + 0.1 * c + 0.03 * gauss();
            ys[i] = 0.2 + 0.08 * c + 0.03 * gauss();
        } else if (strcmp(dist, "heavy") == 0) {
            xs[i] = 0.5 + 0.1 * tan(G_PI * (uniform() - 0.5));
            ys[i] = 0.5 + 0.1 * tan(G_PI * (uniform() - 0.5));
        } else {
            return FALSE;
        }
    }
    return TRUE;
}

static int compare_doubles(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double sorted_at(double *v, int n, double q) {
    qsort(v, (size_t)n, sizeof *v, compare_doubles);
    return v[(int)(q * (n - 1) + 0.5)];
}

int main(int argc, char **argv) {
    if (argc != 4 || atoi(argv[1]) < 1 || atoi(argv[2]) < 1) {
        fprintf(stderr, "usage: ab-bin2d RUNS THREADS uniform|clustered|heavy\n");
        return 2;
    }
    int runs = atoi(argv[1]);
    guint threads = (guint)atoi(argv[2]);
    double *xs = g_new(double, N_ROWS), *ys = g_new(double, N_ROWS);
    if (!generate(argv[3], xs, ys)) {
        fprintf(stderr, "ab-bin2d: unknown distribution %s\n", argv[3]);
        return 2;
    }
    PkBackendColumn columns[2] = {{xs, NULL}, {ys, NULL}};
    PkBackendData data = {N_ROWS, 2, columns};
    PkBackend backend = {.n_threads = threads};
    guint32 *planes[2] = {g_new0(guint32, WIDTH * HEIGHT), g_new0(guint32, WIDTH * HEIGHT)};
    double *ms[2] = {g_new(double, runs), g_new(double, runs)};
    double *ratio = g_new(double, runs);
    for (int run = -1; run < runs; run++) { /* run -1 warms up */
        for (int which = 0; which < 2; which++) {
            PkBin2dRequest r = PK_BIN2D_REQUEST_INIT;
            r.viewport = (PkViewport){0, 1, 0, 1, PK_AXIS_LINEAR, PK_AXIS_LINEAR, WIDTH, HEIGHT};
            PkGrid grid = {.width = WIDTH, .height = HEIGHT, .counts = planes[which]};
            GError *error = NULL;
            gint64 t0 = g_get_monotonic_time();
            gboolean ok = which == 0
                              ? pk_cpu_fast_bin2d(&backend, &data, &r, &grid, NULL, &error)
                              : pk_cpu_fast_bin2d_old(&backend, &data, &r, &grid, NULL, &error);
            double elapsed = (double)(g_get_monotonic_time() - t0) / 1000.0;
            if (!ok) {
                fprintf(stderr, "ab-bin2d: %s\n", error->message);
                return 1;
            }
            if (run >= 0) {
                ms[which][run] = elapsed;
            }
        }
        if (run >= 0) {
            ratio[run] = ms[1][run] / ms[0][run];
        }
    }
    if (memcmp(planes[0], planes[1], sizeof(guint32) * WIDTH * HEIGHT) != 0) {
        fprintf(stderr, "ab-bin2d: the two builds counted differently\n");
        return 1;
    }
    printf("{\"dist\":\"%s\",\"threads\":%u,\"runs\":%d,\"new_ms\":%.2f,\"new_min_ms\":%.2f,"
           "\"old_ms\":%.2f,\"old_min_ms\":%.2f,\"old_over_new\":%.3f,\"q1\":%.3f,\"q3\":%.3f}\n",
           argv[3], threads, runs, sorted_at(ms[0], runs, 0.5), sorted_at(ms[0], runs, 0.0),
           sorted_at(ms[1], runs, 0.5), sorted_at(ms[1], runs, 0.0), sorted_at(ratio, runs, 0.5),
           sorted_at(ratio, runs, 0.25), sorted_at(ratio, runs, 0.75));
    return 0;
}
