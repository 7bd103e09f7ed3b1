/* bench-util.c — timing, medians, seeds and JSON-lines output for pika-bench. */
#include "bench.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

double pk_bench_now_ms(void) {
    return (double)g_get_monotonic_time() / 1000.0;
}

static int compare_doubles(const void *a, const void *b) {
    double x = *(const double *)a;
    double y = *(const double *)b;
    return (x > y) - (x < y);
}

double pk_bench_median(double *values, guint n) {
    g_assert(n > 0);
    qsort(values, n, sizeof(double), compare_doubles);
    return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2.0;
}

void pk_bench_emit(const char *format, ...) {
    va_list args;
    va_start(args, format);
    g_autofree char *body = g_strdup_vprintf(format, args);
    va_end(args);
    printf("{%s}\n", body);
    fflush(stdout);
}

guint32 pk_bench_seed(void) {
    static guint32 seed;
    static gsize done = 0;
    if (g_once_init_enter(&done)) {
        const char *env = g_getenv("PIKA_BENCH_SEED");
        seed = env != NULL ? (guint32)g_ascii_strtoull(env, NULL, 10) : 42;
        fprintf(stderr, "pika-bench: seed %u (set PIKA_BENCH_SEED to change)\n", seed);
        g_once_init_leave(&done, 1);
    }
    return seed;
}
