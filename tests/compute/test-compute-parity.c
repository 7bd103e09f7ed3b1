/* test-compute-parity.c — the CPU fast path against the CPU reference on every operation and
 * every shape of the parity table (parity.c), with one thread and with every core. */
#include "pika-test.h"
#include "parity.h"

static PkCompute *engine_with_threads(guint n_threads) {
    g_autoptr(GError) error = NULL;
    PkCompute *engine = pk_compute_new(PK_COMPUTE_POLICY_CPU, &error);
    g_assert_no_error(error);
    g_assert_cmpstr(pk_compute_get_caps(engine)->backend, ==, "cpu");
    pk_compute_set_n_threads(engine, n_threads);
    return engine;
}

static PkCompute *cpu_one_thread(const char **out_reason) {
    static PkCompute *engine;
    (void)out_reason;
    if (engine == NULL) {
        engine = engine_with_threads(1);
    }
    return engine;
}

/* Three threads even on fewer cores, so that part boundaries and merges are exercised. */
static PkCompute *cpu_three_threads(const char **out_reason) {
    static PkCompute *engine;
    (void)out_reason;
    if (engine == NULL) {
        engine = engine_with_threads(3);
    }
    return engine;
}

/* The CPU fast path answers every operation itself: no fallback to the reference. */
static const ParityExpect cpu_answers = {"cpu", NULL, NULL};

int main(int argc, char **argv) {
    g_test_init(&argc, &argv, NULL);
    parity_seed();
    parity_add_tests("cpu-1-thread", cpu_one_thread, &cpu_answers);
    parity_add_tests("cpu-3-threads", cpu_three_threads, &cpu_answers);
    return pk_test_run();
}
