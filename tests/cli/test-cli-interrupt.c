/* Ctrl+C during `pika import` and `pika run`: the command exits promptly with code 130 and
 * "pika: <command>:" on stderr, and leaves nothing behind (no table, no plot).
 *
 * The CSV is the demo dataset (about 45 MB per million rows) written into a temporary folder;
 * PIKA_TEST_CLI_ROWS overrides its size (default 4,000,000, which takes this machine's import
 * well past the 300 ms at which SIGINT is sent). */
#define _POSIX_C_SOURCE 200809L

#include "pika-test.h"
#include "cli-test-util.h"

#include <json-glib/json-glib.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define SIGINT_AFTER_MS 300
#define EXIT_WITHIN_MS 5000

static char *read_fd(int fd) {
    GString *text = g_string_new(NULL);
    char buffer[4096];
    gssize n;
    while ((n = read(fd, buffer, sizeof buffer)) > 0) {
        g_string_append_len(text, buffer, n);
    }
    return g_string_free(text, FALSE);
}

/* Waits for pid up to timeout_ms; returns the exit code (128 + signal if killed), or -1. */
static int wait_with_timeout(GPid pid, int timeout_ms, gint64 *out_waited_us) {
    gint64 start = g_get_monotonic_time();
    for (;;) {
        int wait_status = 0;
        pid_t done = waitpid(pid, &wait_status, WNOHANG);
        if (done == pid) {
            *out_waited_us = g_get_monotonic_time() - start;
            return WIFEXITED(wait_status) ? WEXITSTATUS(wait_status) : 128 + WTERMSIG(wait_status);
        }
        if (g_get_monotonic_time() - start > (gint64)timeout_ms * 1000) {
            kill(pid, SIGKILL);
            waitpid(pid, &wait_status, 0);
            return -1;
        }
        g_usleep(5000);
    }
}

/* Starts argv, waits until ready_path exists (pika made it, so it is past start-up and its
 * Ctrl+C handling is in place; at most 20 s), then sends SIGINT n_signals times (50 ms apart)
 * after delay_ms, and waits up to EXIT_WITHIN_MS; returns the exit code and the standard error
 * text (*out_err, new). */
static int run_and_interrupt(const char *const *argv, const char *ready_path, guint delay_ms,
                             guint n_signals, char **out_err) {
    GPid pid;
    int err_fd;
    g_autoptr(GError) error = NULL;
    g_spawn_async_with_pipes(NULL, (char **)argv, NULL,
                             G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                             &pid, NULL, NULL, &err_fd, &error);
    g_assert_no_error(error);
    for (guint waited_ms = 0; !g_file_test(ready_path, G_FILE_TEST_EXISTS); waited_ms += 5) {
        g_assert_cmpuint(waited_ms, <, 20000);
        g_usleep(5000);
    }
    g_usleep(delay_ms * 1000);
    for (guint i = 0; i < n_signals; i++) {
        g_assert_cmpint(kill(pid, SIGINT), ==, 0);
        g_usleep(50 * 1000);
    }
    gint64 waited_us = 0;
    int status = wait_with_timeout(pid, EXIT_WITHIN_MS, &waited_us);
    *out_err = read_fd(err_fd);
    close(err_fd);
    g_spawn_close_pid(pid);
    g_test_message("exit %d %.0f ms after SIGINT; stderr: %s", status, waited_us / 1000.0,
                   *out_err);
    return status;
}

static void test_sigint_cancels_import_and_leaves_no_table(void) {
    const char *rows = g_getenv("PIKA_TEST_CLI_ROWS") ? g_getenv("PIKA_TEST_CLI_ROWS") : "4000000";
    g_autofree char *dir = cli_tmpdir();
    g_autofree char *csv = g_build_filename(dir, "big.csv", NULL);
    g_autofree char *db = g_build_filename(dir, "big.duckdb", NULL);
    g_auto(CliRun) gen = {0};
    cli_run(&gen, NULL, "demo-data", "--rows", rows, "-o", csv, NULL);
    g_assert_cmpint(gen.status, ==, 0);

    const char *argv[] = {cli_pika_path(), "import", csv, "--db", db, "--table", "big", NULL};
    g_autofree char *err = NULL;
    g_assert_cmpint(run_and_interrupt(argv, db, SIGINT_AFTER_MS, 1, &err), ==, 130);
    g_assert_true(g_str_has_prefix(err, "pika: import: "));
    g_autofree char *lower = g_ascii_strdown(err, -1);
    g_assert_nonnull(strstr(lower, "cancel"));

    g_auto(CliRun) schema = {0};
    cli_run(&schema, NULL, "schema", "--db", db, "--json", NULL);
    g_assert_cmpint(schema.status, ==, 0);
    g_assert_cmpstr(schema.out, ==, "{\"tables\":[]}\n");
    cli_rmtree(dir);
}

/* Ctrl+C while `pika run` evaluates a long query: exit 130 promptly, no plot written. */
static void test_sigint_cancels_run(void) {
    g_autofree char *dir = cli_tmpdir();
    g_autofree char *ws = g_build_filename(dir, "long.pika", NULL);
    g_autofree char *out = g_build_filename(dir, "out", NULL);
    const char *text =
        "{\"format\": \"pika-workspace\", \"version\": 1, \"nodes\": [\n"
        " {\"name\": \"long\", \"kind\": \"query\", \"params\": {\"sql\":"
        " \"SELECT i % 100 AS k, sum(hash(i)) AS h FROM range(4000000000) r(i) GROUP BY 1\"}},\n"
        " {\"name\": \"p\", \"kind\": \"plot\", \"params\": {\"spec\": {\"type\":"
        " \"histogram\", \"x\": {\"column\": \"k\"}}}}],\n"
        " \"edges\": [{\"from\": \"long\", \"to\": \"p\", \"port\": 0}]}\n";
    g_assert_true(g_file_set_contents(ws, text, -1, NULL));
    const char *argv[] = {cli_pika_path(), "run", ws, "--out", out, NULL};
    g_autofree char *err = NULL;
    /* Later than for the import: past start-up, into the query. */
    g_assert_cmpint(run_and_interrupt(argv, out, SIGINT_AFTER_MS * 3, 1, &err), ==, 130);
    g_assert_true(g_str_has_prefix(err, "pika: run: "));
    g_autofree char *png = g_build_filename(out, "p.png", NULL);
    g_assert_false(g_file_test(png, G_FILE_TEST_EXISTS));
    cli_rmtree(dir);
}

/* Starts argv with stdout in a pipe, waits for a line starting with `line`, then sends SIGINT
 * n_signals times (50 ms apart); returns the exit code and stderr (*out_err, new). */
static int interrupt_after_line(const char *const *argv, const char *line, guint n_signals,
                                char **out_err) {
    GPid pid;
    int out_fd, err_fd;
    g_autoptr(GError) error = NULL;
    g_spawn_async_with_pipes(NULL, (char **)argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL, &pid,
                             NULL, &out_fd, &err_fd, &error);
    g_assert_no_error(error);
    FILE *out = fdopen(out_fd, "r");
    char buffer[4096];
    gboolean seen = FALSE;
    while (!seen && fgets(buffer, sizeof buffer, out) != NULL) {
        seen = g_str_has_prefix(buffer, line);
    }
    g_assert_true(seen);
    for (guint i = 0; i < n_signals; i++) {
        g_assert_cmpint(kill(pid, SIGINT), ==, 0);
        g_usleep(50 * 1000);
    }
    gint64 waited_us = 0;
    int status = wait_with_timeout(pid, EXIT_WITHIN_MS, &waited_us);
    while (fgets(buffer, sizeof buffer, out) != NULL) {
    }
    fclose(out);
    *out_err = read_fd(err_fd);
    close(err_fd);
    g_spawn_close_pid(pid);
    g_test_message("exit %d %.0f ms after SIGINT; stderr: %s", status, waited_us / 1000.0,
                   *out_err);
    return status;
}

/* Names in dir that are not complete outputs: temporary files of an interrupted write. */
static guint count_temporary(const char *dir) {
    g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
    guint n = 0;
    const char *name;
    while (d != NULL && (name = g_dir_read_name(d)) != NULL) {
        n += strstr(name, ".tmp-") != NULL;
    }
    return n;
}

static guint count_files(const char *dir) {
    g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
    guint n = 0;
    while (d != NULL && g_dir_read_name(d) != NULL) {
        n++;
    }
    return n;
}

/* A workspace of eight large plots of a generated source: writing them takes seconds. */
static char *plots_workspace(const char *dir) {
    g_autofree char *csv = g_build_filename(dir, "data.csv", NULL);
    g_auto(CliRun) gen = {0};
    cli_run(&gen, NULL, "demo-data", "--rows", "20000", "-o", csv, NULL);
    g_assert_cmpint(gen.status, ==, 0);
    GString *text = g_string_new("{\"format\": \"pika-workspace\", \"version\": 1, \"nodes\": [\n"
                                 " {\"name\": \"data\", \"kind\": \"source\", \"params\": "
                                 "{\"path\": \"data.csv\"}}");
    GString *edges = g_string_new(NULL);
    for (guint i = 0; i < 8; i++) {
        g_string_append_printf(text,
                               ",\n {\"name\": \"p%u\", \"kind\": \"plot\", \"params\": "
                               "{\"width\": 3000, \"height\": 2000, \"spec\": {\"type\": "
                               "\"scatter\", \"x\": {\"column\": \"x\"}, \"y\": {\"column\": "
                               "\"y\"}}}}",
                               i);
        g_string_append_printf(edges, "%s{\"from\": \"data\", \"to\": \"p%u\"}", i > 0 ? ", " : "",
                               i);
    }
    g_string_append_printf(text, "], \"edges\": [%s]}\n", edges->str);
    char *ws = g_build_filename(dir, "plots.pika", NULL);
    g_assert_true(g_file_set_contents(ws, text->str, -1, NULL));
    g_string_free(text, TRUE);
    g_string_free(edges, TRUE);
    return ws;
}

/* Ctrl+C once the first plot is written: exit 130, the rest is not written, nothing partial. */
static void test_sigint_in_write_phase(gconstpointer data) {
    guint n_signals = GPOINTER_TO_UINT(data);
    g_autofree char *dir = cli_tmpdir();
    g_autofree char *ws = plots_workspace(dir);
    g_autofree char *out = g_build_filename(dir, "out", NULL);
    const char *argv[] = {cli_pika_path(), "run", ws, "--out", out, NULL};
    g_autofree char *err = NULL;
    g_assert_cmpint(interrupt_after_line(argv, "Wrote ", n_signals, &err), ==, 130);
    if (n_signals == 1) {
        g_assert_true(g_str_has_prefix(err, "pika: run: "));
    }
    g_assert_cmpuint(count_temporary(out), ==, 0);
    g_assert_cmpuint(count_files(out), <, 8);
    cli_rmtree(dir);
}

/* Ctrl+C (once or twice) while `pika new` imports: no workspace and no cache are left. */
static void test_sigint_in_new(gconstpointer data) {
    guint n_signals = GPOINTER_TO_UINT(data);
    const char *rows = g_getenv("PIKA_TEST_CLI_ROWS") ? g_getenv("PIKA_TEST_CLI_ROWS") : "4000000";
    g_autofree char *dir = cli_tmpdir();
    g_autofree char *csv = g_build_filename(dir, "big.csv", NULL);
    g_autofree char *ws = g_build_filename(dir, "big.pika", NULL);
    g_autofree char *cache = g_build_filename(dir, "big.pika.duckdb", NULL);
    g_auto(CliRun) gen = {0};
    cli_run(&gen, NULL, "demo-data", "--rows", rows, "-o", csv, NULL);
    g_assert_cmpint(gen.status, ==, 0);
    const char *argv[] = {cli_pika_path(), "new", ws, "--source", csv, NULL};
    g_autofree char *err = NULL;
    g_assert_cmpint(run_and_interrupt(argv, cache, SIGINT_AFTER_MS, n_signals, &err), ==, 130);
    g_assert_cmpuint(count_files(dir), ==, 1); /* big.csv alone */
    cli_rmtree(dir);
}

int main(int argc, char **argv) {
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/cli/interrupt/sigint-cancels-import-and-leaves-no-table",
                    test_sigint_cancels_import_and_leaves_no_table);
    g_test_add_func("/cli/interrupt/sigint-cancels-run", test_sigint_cancels_run);
    g_test_add_data_func("/cli/interrupt/sigint-in-write-phase-writes-nothing-more",
                         GUINT_TO_POINTER(1), test_sigint_in_write_phase);
    g_test_add_data_func("/cli/interrupt/second-sigint-in-write-phase-leaves-no-temporary-file",
                         GUINT_TO_POINTER(2), test_sigint_in_write_phase);
    g_test_add_data_func("/cli/interrupt/sigint-in-new-leaves-no-cache", GUINT_TO_POINTER(1),
                         test_sigint_in_new);
    g_test_add_data_func("/cli/interrupt/second-sigint-in-new-leaves-no-cache", GUINT_TO_POINTER(2),
                         test_sigint_in_new);
    return pk_test_run();
}
