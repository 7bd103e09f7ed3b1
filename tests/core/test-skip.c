/* test-skip.c — pk_test_run() (tests/pika-test.h), which every test executable returns from
 * main(): an executable whose every case was skipped exits 77, which ctest shows as Skipped;
 * one that ran a case exits 0. Runs skip-helper (next to this executable) in each mode. */
#include "pika-test.h"

#include <glib.h>
#include <string.h>
#include <sys/wait.h>

/* Runs skip-helper in mode; returns its exit status, its output in out_stdout. */
static int run_helper(const char *mode, char **out_stdout) {
    g_autofree char *helper =
        g_build_filename(g_getenv("PIKA_BUILD_DIR"), "tests", "pika-skip-helper", NULL);
    const char *argv[] = {helper, "--tap", NULL};
    g_auto(GStrv) env = g_environ_setenv(g_get_environ(), "PIKA_SKIP_HELPER", mode, TRUE);
    int status = 0;
    g_autoptr(GError) error = NULL;
    g_assert_true(g_spawn_sync(NULL, (char **)argv, env, G_SPAWN_DEFAULT, NULL, NULL, out_stdout,
                               NULL, &status, &error));
    g_assert_no_error(error);
    g_assert_true(WIFEXITED(status));
    return WEXITSTATUS(status);
}

static void test_every_case_skipped_exits_77(void) {
    g_autofree char *out = NULL;
    g_assert_cmpint(run_helper("skip-all", &out), ==, PK_TEST_SKIPPED);
    g_assert_nonnull(strstr(out, "ok 2 /skip-helper/skipped-too # SKIP nothing to run it on"));
}

static void test_a_case_that_ran_exits_0(void) {
    g_autofree char *out = NULL;
    g_assert_cmpint(run_helper("skip-some", &out), ==, 0);
    g_assert_nonnull(strstr(out, "# SKIP nothing to run it on"));
    g_assert_nonnull(strstr(out, "ok 2 /skip-helper/passes\n"));
}

static void test_no_case_exits_0(void) {
    g_autofree char *out = NULL;
    g_assert_cmpint(run_helper("none", &out), ==, 0);
}

int main(int argc, char **argv) {
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/test/run/every-case-skipped-exits-77", test_every_case_skipped_exits_77);
    g_test_add_func("/test/run/a-case-that-ran-exits-0", test_a_case_that_ran_exits_0);
    g_test_add_func("/test/run/no-case-exits-0", test_no_case_exits_0);
    return pk_test_run();
}
