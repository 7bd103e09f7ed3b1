/* pika-test.h — what every test executable shares (library pika-test-support, linked by
 * pika_add_test()): running the registered cases so that ctest can tell "skipped" from
 * "passed".
 *
 * Threads: call from main() only. */
#pragma once

/* The exit status ctest (SKIP_RETURN_CODE) and Automake read as "skipped". */
#define PK_TEST_SKIPPED 77

/* Runs the registered cases with g_test_run() and returns its status, except that when cases
 * ran and every one of them was skipped (g_test_skip()) it returns PK_TEST_SKIPPED, so that an
 * executable that could do none of its work (no Vulkan device, no display) shows as Skipped
 * in ctest rather than Passed. Counts the TAP results GLib prints through g_print(). */
int pk_test_run(void);
