/* test-workspace-save.c — the atomic save: the previous version is kept as .bak, a writer
 * killed between writing and renaming (a forked child, made to _exit() at that point through
 * PIKA_TEST_SAVE_CRASH) leaves the old file intact and loadable, stray temporary files do not
 * confuse loading, and a save that fails leaves the folder as it was. */
#define _POSIX_C_SOURCE 200809L /* fork, waitpid */

#include "pika-test.h"
#include "ws-util.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static PkNodeId add_note(PkGraph *graph, const char *name, const char *text) {
    GVariantBuilder b;
    g_variant_builder_init(&b, G_VARIANT_TYPE_VARDICT);
    g_variant_builder_add(&b, "{sv}", "text", g_variant_new_string(text));
    g_autoptr(GError) error = NULL;
    PkNodeId id = pk_graph_add_node(graph, PK_NODE_NOTE, name, g_variant_builder_end(&b), &error);
    g_assert_no_error(error);
    return id;
}

static void save_ok(PkGraph *graph, const char *path) {
    g_autoptr(GError) error = NULL;
    g_assert_true(pk_workspace_save(graph, path, &error));
    g_assert_no_error(error);
}

static gint compare_names(gconstpointer a, gconstpointer b) {
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Names in dir, sorted, joined by spaces, with temporary-file suffixes cut to ".tmp-". */
static char *listing(const char *dir) {
    GDir *d = g_dir_open(dir, 0, NULL);
    g_assert_nonnull(d);
    g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
    const char *name;
    while ((name = g_dir_read_name(d)) != NULL) {
        char *copy = g_strdup(name);
        char *tmp = strstr(copy, ".tmp-");
        if (tmp != NULL) {
            tmp[5] = '\0';
        }
        g_ptr_array_add(names, copy);
    }
    g_dir_close(d);
    g_ptr_array_sort(names, compare_names);
    g_ptr_array_add(names, NULL);
    return g_strjoinv(" ", (char **)names->pdata);
}

static void test_save_keeps_backup(void) {
    g_autofree char *dir = ws_tmpdir();
    g_autofree char *path = g_build_filename(dir, "a.pika", NULL);
    g_autofree char *bak = pk_workspace_backup_path(path);
    WsGraph g;
    ws_graph_init(&g, dir);
    add_note(g.graph, "first", "one");
    save_ok(g.graph, path);
    g_autofree char *v1 = ws_read(path, NULL);
    g_assert_false(g_file_test(bak, G_FILE_TEST_EXISTS));
    g_assert_cmpint(g_chmod(path, 0640), ==, 0);
    add_note(g.graph, "second", "two");
    save_ok(g.graph, path);
    g_autofree char *v2 = ws_read(path, NULL);
    g_autofree char *b = ws_read(bak, NULL);
    g_assert_cmpstr(b, ==, v1);
    g_assert_nonnull(strstr(v2, "\"second\""));
    GStatBuf st;
    g_assert_cmpint(g_stat(path, &st), ==, 0);
    g_assert_cmpint(st.st_mode & 0777, ==, 0640);
    g_autofree char *names = listing(dir);
    g_assert_cmpstr(names, ==, "a.pika a.pika.bak");
    ws_graph_clear(&g);
    ws_rmdir(dir);
}

/* Forks a child that saves graph to path and dies at crash_point. */
static void save_and_die(PkGraph *graph, const char *path, const char *crash_point) {
    pid_t pid = fork();
    g_assert_cmpint(pid, >=, 0);
    if (pid == 0) {
        g_setenv("PIKA_TEST_SAVE_CRASH", crash_point, TRUE);
        pk_workspace_save(graph, path, NULL);
        _exit(0); /* not reached when the hook fires */
    }
    int status = 0;
    g_assert_cmpint(waitpid(pid, &status, 0), ==, pid);
    g_assert_true(WIFEXITED(status));
    g_assert_cmpint(WEXITSTATUS(status), ==, 77);
}

static void check_old_intact(const char *dir, const char *path, const char *old) {
    g_autofree char *now = ws_read(path, NULL);
    g_assert_cmpstr(now, ==, old);
    WsGraph g;
    ws_graph_init(&g, dir);
    g_autoptr(GError) error = NULL;
    g_assert_true(pk_workspace_load(g.graph, path, &error));
    g_assert_no_error(error);
    g_assert_cmpuint(pk_graph_find(g.graph, "first"), !=, 0);
    g_assert_cmpuint(pk_graph_find(g.graph, "second"), ==, 0);
    ws_graph_clear(&g);
}

static void test_killed_writer_leaves_old_file(void) {
    g_autofree char *dir = ws_tmpdir();
    g_autofree char *path = g_build_filename(dir, "a.pika", NULL);
    WsGraph g;
    ws_graph_init(&g, dir);
    add_note(g.graph, "first", "one");
    save_ok(g.graph, path);
    g_autofree char *old = ws_read(path, NULL);
    add_note(g.graph, "second", "two");

    save_and_die(g.graph, path, "after-write");
    check_old_intact(dir, path, old);
    g_autofree char *names = listing(dir);
    g_assert_cmpstr(names, ==, "a.pika a.pika.tmp-"); /* the stray temp is left */

    save_and_die(g.graph, path, "after-backup");
    check_old_intact(dir, path, old);
    g_autofree char *bak_path = pk_workspace_backup_path(path);
    g_autofree char *bak = ws_read(bak_path, NULL);
    g_assert_cmpstr(bak, ==, old);

    /* The next save succeeds beside the strays, and loads. */
    save_ok(g.graph, path);
    WsGraph h;
    ws_graph_init(&h, dir);
    g_autoptr(GError) error = NULL;
    g_assert_true(pk_workspace_load(h.graph, path, &error));
    g_assert_no_error(error);
    g_assert_cmpuint(pk_graph_find(h.graph, "second"), !=, 0);
    ws_graph_clear(&h);
    ws_graph_clear(&g);
    ws_rmdir(dir);
}

static void test_leftover_temp_ignored(void) {
    g_autofree char *dir = ws_tmpdir();
    g_autofree char *path = g_build_filename(dir, "a.pika", NULL);
    g_autofree char *stray = g_build_filename(dir, "a.pika.tmp-Ab12Cd", NULL);
    g_assert_true(g_file_set_contents(stray, "{\"format\": \"pika-workspace\", \"vers", -1, NULL));
    WsGraph g;
    ws_graph_init(&g, dir);
    add_note(g.graph, "first", "one");
    save_ok(g.graph, path);
    ws_graph_clear(&g);
    ws_graph_init(&g, dir);
    g_autoptr(GError) error = NULL;
    g_assert_true(pk_workspace_load(g.graph, path, &error));
    g_assert_no_error(error);
    g_assert_cmpuint(pk_graph_n_nodes(g.graph), ==, 1);
    g_autofree char *s = ws_read(stray, NULL);
    g_assert_true(g_str_has_suffix(s, "\"vers")); /* untouched */
    ws_graph_clear(&g);
    ws_rmdir(dir);
}

static void test_failed_save_changes_nothing(void) {
    g_autofree char *dir = ws_tmpdir();
    g_autofree char *path = g_build_filename(dir, "a.pika", NULL);
    WsGraph g;
    ws_graph_init(&g, dir);
    add_note(g.graph, "first", "one");
    save_ok(g.graph, path);
    g_autofree char *old = ws_read(path, NULL);

    /* A parameter that cannot be written: nothing is created, the file is untouched. */
    GVariantBuilder b;
    g_variant_builder_init(&b, G_VARIANT_TYPE_VARDICT);
    g_variant_builder_add(&b, "{sv}", "weight", g_variant_new_double(INFINITY));
    g_autoptr(GError) error = NULL;
    g_assert_cmpuint(
        pk_graph_add_node(g.graph, PK_NODE_NOTE, "bad", g_variant_builder_end(&b), &error), !=, 0);
    g_assert_no_error(error);
    g_assert_false(pk_workspace_save(g.graph, path, &error));
    g_assert_error(error, PK_ERROR, PK_ERROR_INVALID);
    g_assert_nonnull(strstr(error->message, "a.pika: the workspace was not saved"));
    g_clear_error(&error);
    g_autofree char *now = ws_read(path, NULL);
    g_assert_cmpstr(now, ==, old);
    g_autofree char *names = listing(dir);
    g_assert_cmpstr(names, ==, "a.pika");

    /* A folder that does not exist. */
    g_autofree char *missing = g_build_filename(dir, "no", "such", "a.pika", NULL);
    ws_graph_clear(&g);
    ws_graph_init(&g, dir);
    add_note(g.graph, "first", "one");
    g_assert_false(pk_workspace_save(g.graph, missing, &error));
    g_assert_error(error, PK_ERROR, PK_ERROR_IO);
    g_assert_nonnull(strstr(error->message, "was not saved"));
    ws_graph_clear(&g);
    ws_rmdir(dir);
}

static void test_save_then_load_round_trip(void) {
    g_autofree char *dir = ws_tmpdir();
    g_autofree char *path = g_build_filename(dir, "a.pika", NULL);
    g_autofree char *fixture = ws_fixture("basic.pika");
    g_autofree char *fixtures = ws_fixture("");
    WsGraph g;
    ws_graph_init(&g, fixtures);
    g_autoptr(GError) error = NULL;
    g_assert_true(pk_workspace_load(g.graph, fixture, &error));
    g_assert_no_error(error);
    save_ok(g.graph, path);
    g_autofree char *first = ws_read(path, NULL);
    ws_graph_clear(&g);
    PkDb *db = pk_db_open(NULL, NULL, &error);
    g_assert_no_error(error);
    PkGraph *graph = pk_workspace_open(db, NULL, path, &error);
    g_assert_no_error(error);
    save_ok(graph, path);
    g_autofree char *second = ws_read(path, NULL);
    g_assert_cmpstr(second, ==, first);
    /* The source now lives outside the new workspace's folder: written absolute. */
    g_autofree char *abs = g_build_filename(fixtures, "data", "trips.csv", NULL);
    g_autofree char *quoted = g_strdup_printf("\"path\": \"%s\"", abs);
    g_assert_nonnull(strstr(second, quoted));
    pk_graph_free(graph);
    pk_db_close(db);
    ws_rmdir(dir);
}

int main(int argc, char **argv) {
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/workspace/save/previous-version-kept-as-bak", test_save_keeps_backup);
    g_test_add_func("/workspace/save/writer-killed-before-rename-leaves-old-file",
                    test_killed_writer_leaves_old_file);
    g_test_add_func("/workspace/save/leftover-temp-file-ignored", test_leftover_temp_ignored);
    g_test_add_func("/workspace/save/failed-save-changes-nothing",
                    test_failed_save_changes_nothing);
    g_test_add_func("/workspace/save/save-open-save-gives-identical-bytes",
                    test_save_then_load_round_trip);
    return pk_test_run();
}
