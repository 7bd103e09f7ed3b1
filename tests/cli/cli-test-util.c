/* cli-test-util.c — spawning the built `pika` and comparing its output (see the header). */
#define _POSIX_C_SOURCE 200809L

#include "cli-test-util.h"

#include <glib/gstdio.h>
#include <stdarg.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

void cli_run_clear(CliRun *run) {
    g_clear_pointer(&run->out, g_free);
    g_clear_pointer(&run->err, g_free);
}

const char *cli_pika_path(void) {
    static char *path = NULL;
    if (path == NULL) {
        const char *build = g_getenv("PIKA_BUILD_DIR");
        g_assert_nonnull(build);
        path = g_build_filename(build, "bin", "pika", NULL);
    }
    return path;
}

static void write_stdin(int fd, const char *text) {
    gsize len = strlen(text);
    while (len > 0) {
        gssize n = write(fd, text, len);
        g_assert_cmpint(n, >, 0);
        text += n;
        len -= (gsize)n;
    }
}

static char *read_all(int fd) {
    GString *text = g_string_new(NULL);
    char buffer[65536];
    gssize n;
    while ((n = read(fd, buffer, sizeof buffer)) > 0) {
        g_string_append_len(text, buffer, n);
    }
    return g_string_free(text, FALSE);
}

void cli_runv(CliRun *run, const char *stdin_text, const char *const *args) {
    GPtrArray *argv = g_ptr_array_new();
    g_ptr_array_add(argv, (char *)cli_pika_path());
    for (guint i = 0; args[i] != NULL; i++) {
        g_ptr_array_add(argv, (char *)args[i]);
    }
    g_ptr_array_add(argv, NULL);
    g_autoptr(GError) error = NULL;
    int wait_status = 0;
    if (stdin_text == NULL) {
        g_spawn_sync(NULL, (char **)argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, &run->out,
                     &run->err, &wait_status, &error);
        g_assert_no_error(error);
    } else {
        GPid pid;
        int in_fd, out_fd, err_fd;
        g_spawn_async_with_pipes(NULL, (char **)argv->pdata, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL,
                                 NULL, &pid, &in_fd, &out_fd, &err_fd, &error);
        g_assert_no_error(error);
        write_stdin(in_fd, stdin_text);
        close(in_fd);
        run->out = read_all(out_fd); /* small outputs only: stderr is read after stdout */
        run->err = read_all(err_fd);
        close(out_fd);
        close(err_fd);
        g_assert_cmpint(waitpid(pid, &wait_status, 0), ==, pid);
        g_spawn_close_pid(pid);
    }
    g_ptr_array_unref(argv);
    run->status = WIFEXITED(wait_status) ? WEXITSTATUS(wait_status) : 128 + WTERMSIG(wait_status);
}

void cli_run(CliRun *run, const char *stdin_text, const char *first, ...) {
    GPtrArray *args = g_ptr_array_new();
    va_list ap;
    va_start(ap, first);
    for (const char *arg = first; arg != NULL; arg = va_arg(ap, const char *)) {
        g_ptr_array_add(args, (char *)arg);
    }
    va_end(ap);
    g_ptr_array_add(args, NULL);
    cli_runv(run, stdin_text, (const char *const *)args->pdata);
    g_ptr_array_unref(args);
}

char *cli_fixture(const char *name) {
    return g_build_filename(g_getenv("PIKA_SOURCE_DIR"), "tests", "cli", "fixtures", name, NULL);
}

char *cli_corpus(const char *name) {
    return g_build_filename(g_getenv("PIKA_TEST_DATA"), "corpus", name, NULL);
}

char *cli_tmpdir(void) {
    g_autoptr(GError) error = NULL;
    char *dir = g_dir_make_tmp("pika-cli-XXXXXX", &error);
    g_assert_no_error(error);
    return dir;
}

void cli_rmtree(const char *path) {
    GDir *dir = g_dir_open(path, 0, NULL);
    if (dir != NULL) {
        const char *name;
        while ((name = g_dir_read_name(dir)) != NULL) {
            g_autofree char *child = g_build_filename(path, name, NULL);
            if (g_file_test(child, G_FILE_TEST_IS_DIR) &&
                !g_file_test(child, G_FILE_TEST_IS_SYMLINK)) {
                cli_rmtree(child);
            } else {
                g_unlink(child);
            }
        }
        g_dir_close(dir);
    }
    g_rmdir(path);
}

char *cli_normalise(const char *text) {
    static const char *const patterns[][2] = {
        {" in [0-9]+\\.[0-9]+ s\\.", " in X s."},
        {"\"seconds\":[0-9.eE+-]+", "\"seconds\":X"},
    };
    char *result = g_strdup(text);
    for (guint i = 0; i < G_N_ELEMENTS(patterns); i++) {
        GRegex *regex = g_regex_new(patterns[i][0], 0, 0, NULL);
        char *next = g_regex_replace_literal(regex, result, -1, 0, patterns[i][1], 0, NULL);
        g_regex_unref(regex);
        g_free(result);
        result = next;
    }
    return result;
}

void cli_assert_expected(const char *text, const char *name) {
    g_autofree char *path =
        g_build_filename(g_getenv("PIKA_SOURCE_DIR"), "tests", "cli", "expected", name, NULL);
    g_autofree char *actual = cli_normalise(text);
    g_autofree char *expected = NULL;
    if (g_strcmp0(g_getenv("PIKA_UPDATE_EXPECTED"), "1") == 0) {
        g_autoptr(GError) error = NULL;
        g_file_set_contents(path, actual, -1, &error);
        g_assert_no_error(error);
        return;
    }
    g_autoptr(GError) error = NULL;
    g_file_get_contents(path, &expected, NULL, &error);
    g_assert_no_error(error);
    if (strcmp(actual, expected) != 0) {
        g_test_message("expected (%s):\n%s\nactual:\n%s", name, expected, actual);
    }
    g_assert_cmpstr(actual, ==, expected);
}

void cli_assert_failure(const CliRun *run, int status, const char *cmd, const char *piece) {
    g_autofree char *prefix = g_strdup_printf("pika: %s: ", cmd);
    if (run->status != status || !g_str_has_prefix(run->err, prefix) ||
        strstr(run->err, piece) == NULL) {
        g_test_message("exit %d, stderr: %s", run->status, run->err);
    }
    g_assert_cmpint(run->status, ==, status);
    g_assert_cmpstr(run->out, ==, "");
    g_assert_true(g_str_has_prefix(run->err, prefix));
    g_assert_nonnull(strstr(run->err, piece));
}

char *cli_file_sha256(const char *path) {
    g_autoptr(GMappedFile) file = g_mapped_file_new(path, FALSE, NULL);
    g_assert_nonnull(file);
    return g_compute_checksum_for_data(G_CHECKSUM_SHA256,
                                       (const guchar *)g_mapped_file_get_contents(file),
                                       g_mapped_file_get_length(file));
}
