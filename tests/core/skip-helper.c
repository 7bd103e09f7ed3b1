/* skip-helper.c — a test executable for test-skip: registers the cases PIKA_SKIP_HELPER names
 * ("skip-all": two skipped cases, "skip-some": one skipped and one passing, "none": no case)
 * and returns pk_test_run(), whose exit status test-skip checks. */
#include "pika-test.h"

#include <glib.h>

static void skipped(void) {
    g_test_skip("nothing to run it on");
}

static void passes(void) {
    g_assert_cmpint(1 + 1, ==, 2);
}

int main(int argc, char **argv) {
    g_test_init(&argc, &argv, NULL);
    const char *mode = g_getenv("PIKA_SKIP_HELPER");
    if (g_strcmp0(mode, "skip-all") == 0 || g_strcmp0(mode, "skip-some") == 0) {
        g_test_add_func("/skip-helper/skipped", skipped);
    }
    if (g_strcmp0(mode, "skip-all") == 0) {
        g_test_add_func("/skip-helper/skipped-too", skipped);
    }
    if (g_strcmp0(mode, "skip-some") == 0) {
        g_test_add_func("/skip-helper/passes", passes);
    }
    return pk_test_run();
}
