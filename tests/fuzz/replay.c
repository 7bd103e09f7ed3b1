/* replay.c — runs a fuzz target once over each given file, or each file of a given folder:
 * the committed corpus as an ordinary test, in builds without libFuzzer (gcc, the sanitizer
 * build). Inputs that once crashed live in the corpus, so they stay regression tests.
 *   test-fuzz-corpus-NAME [FILE_OR_FOLDER...]
 * Without paths it replays $PIKA_SOURCE_DIR/tests/fuzz/corpus/NAME (FUZZ_TARGET_NAME, set by
 * the build); options such as ctest's --tap are ignored. Prints one TAP result and exits 0
 * when every input ran (a bad input aborts, as under libFuzzer), 1 when a path cannot be read
 * or no input was found. */
#include "fuzz-util.h"

#include <stdio.h>

static gboolean run_file(const char *path) {
    g_autofree char *data = NULL;
    gsize len = 0;
    g_autoptr(GError) error = NULL;
    if (!g_file_get_contents(path, &data, &len, &error)) {
        fprintf(stderr, "replay: %s\n", error->message);
        return FALSE;
    }
    printf("replay: %s (%zu bytes)\n", path, (size_t)len);
    fflush(stdout);
    /* A copy of exactly len bytes, so ASan sees reads past the end as libFuzzer's inputs do. */
    g_autofree guint8 *copy = g_memdup2(data, len);
    LLVMFuzzerTestOneInput(copy, len);
    return TRUE;
}

static gint compare_paths(gconstpointer a, gconstpointer b) {
    return g_strcmp0(*(char *const *)a, *(char *const *)b);
}

static gboolean run_path(const char *path, guint *n_inputs) {
    if (!g_file_test(path, G_FILE_TEST_IS_DIR)) {
        *n_inputs += 1;
        return run_file(path);
    }
    g_autoptr(GError) error = NULL;
    GDir *dir = g_dir_open(path, 0, &error);
    if (dir == NULL) {
        fprintf(stderr, "replay: %s\n", error->message);
        return FALSE;
    }
    g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
    const char *name;
    while ((name = g_dir_read_name(dir)) != NULL) {
        g_ptr_array_add(names, g_build_filename(path, name, NULL));
    }
    g_dir_close(dir);
    g_ptr_array_sort(names, compare_paths);
    gboolean ok = TRUE;
    for (guint i = 0; i < names->len && ok; i++) {
        ok = run_path(g_ptr_array_index(names, i), n_inputs);
    }
    return ok;
}

int main(int argc, char **argv) {
    guint n_inputs = 0, n_paths = 0;
    gboolean ok = TRUE;
    for (int i = 1; i < argc && ok; i++) {
        if (argv[i][0] != '-') {
            ok = run_path(argv[i], &n_inputs);
            n_paths++;
        }
    }
    if (n_paths == 0) {
        const char *source = g_getenv("PIKA_SOURCE_DIR");
        g_autofree char *corpus = g_build_filename(source != NULL ? source : ".", "tests", "fuzz",
                                                   "corpus", FUZZ_TARGET_NAME, NULL);
        ok = run_path(corpus, &n_inputs);
    }
    /* one TAP result, which the test run's check (scripts/check-tests.sh) looks for */
    ok = ok && n_inputs > 0;
    printf("%s 1 - %s: %u inputs replayed\n1..1\n", ok ? "ok" : "not ok", FUZZ_TARGET_NAME,
           n_inputs);
    return ok ? 0 : 1;
}
