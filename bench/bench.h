/* bench.h — shared pieces of pika-bench: timing, medians, seeded data, JSON-lines output.
 *
 * Every suite is a function `int pk_bench_<suite>(int argc, char **argv)` that prints one JSON
 * object per measured case on stdout (never anything else there; notes go to stderr) and
 * returns a process exit code. Times are medians of repeated runs after a warm-up. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Monotonic time in milliseconds. */
double pk_bench_now_ms(void);
/* Median of n values (sorts the array in place). */
double pk_bench_median(double *values, guint n);
/* Prints one JSON line built from a printf-style body without braces, e.g.
 * pk_bench_emit("\"suite\":\"compute\",\"ms\":%.3f", ms). */
void pk_bench_emit(const char *format, ...) G_GNUC_PRINTF(1, 2);
/* The seed for generated data: PIKA_BENCH_SEED or 42; printed to stderr once. */
guint32 pk_bench_seed(void);

int pk_bench_compute(int argc, char **argv);
int pk_bench_data(int argc, char **argv);
int pk_bench_render(int argc, char **argv);
int pk_bench_graph(int argc, char **argv);
int pk_bench_session(int argc, char **argv);

G_END_DECLS
