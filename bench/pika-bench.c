/* pika-bench — Pika-Plot's benchmarks: seeded data, warm-up, medians, JSON lines on stdout.
 *
 *   pika-bench SUITE [suite options]     SUITE: compute, data, render, graph, session (those
 *                                        built in)
 *   pika-bench list
 * Not a test: figures are recorded with their command in docs/PERFORMANCE.md. */
#include "bench.h"
#include "pika/log.h"

#include <stdio.h>
#include <string.h>

typedef struct {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *what;
} Suite;

static const Suite suites[] = {
#ifdef PIKA_BENCH_HAVE_COMPUTE
    {"compute", pk_bench_compute, "binning, histograms and M4 on every compute backend"},
#endif
#ifdef PIKA_BENCH_HAVE_DATA
    {"data", pk_bench_data, "fetching query results into column buffers"},
#endif
#ifdef PIKA_BENCH_HAVE_RENDER
    {"render", pk_bench_render, "shading and axes of aggregated frames"},
#endif
#ifdef PIKA_BENCH_HAVE_GRAPH
    {"graph", pk_bench_graph, "a workspace evaluated, then one plot re-specified"},
#endif
#ifdef PIKA_BENCH_HAVE_SESSION
    {"session", pk_bench_session, "pan frames of interactive plot sessions, per plot type"},
#endif
    {NULL, NULL, NULL},
};

static void list_suites(FILE *out) {
    fprintf(out, "usage: pika-bench SUITE [options]   (SUITE --help for its options)\n\nsuites:\n");
    for (const Suite *s = suites; s->name != NULL; s++) {
        fprintf(out, "  %-8s %s\n", s->name, s->what);
    }
}

int main(int argc, char **argv) {
    pk_log_init(PK_LOG_LEVEL_WARNING);
    if (argc < 2 || strcmp(argv[1], "list") == 0 || strcmp(argv[1], "--help") == 0) {
        list_suites(argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    for (const Suite *s = suites; s->name != NULL; s++) {
        if (strcmp(argv[1], s->name) == 0) {
            return s->run(argc - 1, argv + 1);
        }
    }
    fprintf(stderr, "pika-bench: unknown suite \"%s\"\n", argv[1]);
    list_suites(stderr);
    return 2;
}
