/* test-path.c — paths named by untrusted input (pika/path.h) and the record of files this
 * program wrote (pika/trust.h), on real files in a temporary folder. */
#define _DEFAULT_SOURCE /* symlink, utimensat */
#include "pika-test.h"
#include "pika/error.h"
#include "pika/path.h"
#include "pika/trust.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct {
    char *dir;  /* the temporary folder */
    char *root; /* <dir>/out, the folder paths must stay in */
} Fixture;

static void touch(const char *path, const char *text) {
    g_assert_true(g_file_set_contents(path, text, -1, NULL));
}

static void setup(Fixture *f, gconstpointer data) {
    (void)data;
    f->dir = g_dir_make_tmp("pika-path-XXXXXX", NULL);
    f->root = g_build_filename(f->dir, "out", NULL);
    g_assert_cmpint(g_mkdir(f->root, 0700), ==, 0);
    g_autofree char *sub = g_build_filename(f->root, "sub", NULL);
    g_autofree char *outside = g_build_filename(f->dir, "outside", NULL);
    g_assert_cmpint(g_mkdir(sub, 0700), ==, 0);
    g_assert_cmpint(g_mkdir(outside, 0700), ==, 0);
    g_autofree char *to_outside = g_build_filename(f->root, "evil", NULL);
    g_assert_cmpint(symlink("../outside", to_outside), ==, 0);
    g_autofree char *to_sub = g_build_filename(f->root, "fine", NULL);
    g_assert_cmpint(symlink("sub", to_sub), ==, 0);
    g_autofree char *file_link = g_build_filename(f->root, "passwd.csv", NULL);
    g_assert_cmpint(symlink("/etc/passwd", file_link), ==, 0);
    g_autofree char *dangling = g_build_filename(f->root, "gone.csv", NULL);
    g_assert_cmpint(symlink("/nonexistent/gone.csv", dangling), ==, 0);
}

static void remove_tree(const char *path) {
    GDir *dir = g_dir_open(path, 0, NULL);
    const char *name;
    while (dir != NULL && (name = g_dir_read_name(dir)) != NULL) {
        g_autofree char *child = g_build_filename(path, name, NULL);
        if (g_file_test(child, G_FILE_TEST_IS_DIR) && !g_file_test(child, G_FILE_TEST_IS_SYMLINK)) {
            remove_tree(child);
        } else {
            g_unlink(child);
        }
    }
    if (dir != NULL) {
        g_dir_close(dir);
    }
    g_rmdir(path);
}

static void teardown(Fixture *f, gconstpointer data) {
    (void)data;
    remove_tree(f->dir);
    g_free(f->dir);
    g_free(f->root);
}

static void assert_inside(Fixture *f, const char *path, const char *expected_rel) {
    g_autoptr(GError) error = NULL;
    g_autofree char *resolved = pk_path_resolve_within(f->root, path, &error);
    g_assert_no_error(error);
    g_autofree char *real_root = realpath(f->root, NULL);
    g_autofree char *expected = g_build_filename(real_root, expected_rel, NULL);
    g_assert_cmpstr(resolved, ==, expected);
}

static void assert_refused(Fixture *f, const char *path, int code, const char *piece) {
    g_autoptr(GError) error = NULL;
    g_assert_null(pk_path_resolve_within(f->root, path, &error));
    g_assert_error(error, PK_ERROR, code);
    g_test_message("%s -> %s", path, error->message);
    g_assert_nonnull(strstr(error->message, piece));
}

static void test_resolve_inside(Fixture *f, gconstpointer data) {
    (void)data;
    assert_inside(f, "a.csv", "a.csv");
    assert_inside(f, "sub/a.csv", "sub/a.csv");
    assert_inside(f, "fine/a.csv", "sub/a.csv"); /* a link that stays inside */
    assert_inside(f, "sub/../a.csv", "a.csv");
    g_autofree char *absolute = g_build_filename(f->root, "sub", "b.png", NULL);
    assert_inside(f, absolute, "sub/b.png");
}

static void test_resolve_refuses_escapes(Fixture *f, gconstpointer data) {
    (void)data;
    assert_refused(f, "evil/pwned.svg", PK_ERROR_SECURITY, "leads outside the folder");
    assert_refused(f, "../a.csv", PK_ERROR_SECURITY, "leads outside the folder");
    assert_refused(f, "sub/../../a.csv", PK_ERROR_SECURITY, "leads outside the folder");
    assert_refused(f, "passwd.csv", PK_ERROR_SECURITY, "/etc/passwd");
    assert_refused(f, "gone.csv", PK_ERROR_SECURITY, "link to a missing file");
    assert_refused(f, "/tmp/x.csv", PK_ERROR_SECURITY, "leads outside the folder");
    /* a sibling whose name starts with the root's ("out" and "outside") is outside */
    g_autofree char *sibling = g_strconcat(f->root, "side", NULL);
    g_autofree char *in_sibling = g_build_filename(sibling, "x.csv", NULL);
    assert_refused(f, in_sibling, PK_ERROR_SECURITY, "leads outside the folder");
    assert_refused(f, "nowhere/x.csv", PK_ERROR_NOT_FOUND, "Folder not found");
    assert_refused(f, ".", PK_ERROR_INVALID, "names a folder");
    assert_refused(f, "sub/", PK_ERROR_INVALID, "names a folder");
    assert_refused(f, "", PK_ERROR_INVALID, "No file name");
}

static guint count_entries(const char *dir) {
    g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
    guint n = 0;
    while (g_dir_read_name(d) != NULL) {
        n++;
    }
    return n;
}

static void test_temporary_files(Fixture *f, gconstpointer data) {
    (void)data;
    g_autoptr(GError) error = NULL;
    g_autofree char *sub = g_build_filename(f->root, "sub", NULL);
    g_autofree char *target = g_build_filename(sub, "t.csv", NULL);
    g_autofree char *temp = pk_path_create_temp_beside(target, &error);
    g_assert_no_error(error);
    g_assert_true(g_str_has_prefix(temp, sub));
    g_assert_nonnull(strstr(temp, ".t.csv.tmp-"));
    touch(temp, "done\n");
    g_assert_true(pk_path_commit_temp(temp, target, &error));
    g_assert_cmpuint(count_entries(sub), ==, 1);
    g_autofree char *again = pk_path_create_temp_beside(target, &error);
    pk_path_discard_temp(again);
    g_assert_cmpuint(count_entries(sub), ==, 1);
    g_autofree char *missing = g_build_filename(f->root, "nowhere", "t.csv", NULL);
    g_assert_null(pk_path_create_temp_beside(missing, &error));
    g_assert_error(error, PK_ERROR, PK_ERROR_IO);
    g_assert_nonnull(strstr(error->message, missing));
}

/* An interrupted program removes what it registered. In a child process (the registry stays
 * locked after), which finds its folder in the environment. */
static void test_discard_all(void) {
    if (g_test_subprocess()) {
        const char *dir = g_getenv("PIKA_TEST_DISCARD_DIR");
        g_autofree char *target = g_build_filename(dir, "a.csv", NULL);
        g_autofree char *temp = pk_path_create_temp_beside(target, NULL);
        g_autofree char *made = g_build_filename(dir, "made.duckdb", NULL);
        touch(made, "x");
        pk_path_register_temp(made);
        g_assert_cmpuint(count_entries(dir), ==, 2);
        pk_path_discard_all_temps();
        return;
    }
    g_autofree char *dir = g_dir_make_tmp("pika-discard-XXXXXX", NULL);
    g_setenv("PIKA_TEST_DISCARD_DIR", dir, TRUE);
    g_test_trap_subprocess(NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
    g_test_trap_assert_passed();
    g_assert_cmpuint(count_entries(dir), ==, 0);
    g_rmdir(dir);
}

static void test_trust(Fixture *f, gconstpointer data) {
    (void)data;
    g_autofree char *db = g_build_filename(f->root, "w.pika.duckdb", NULL);
    g_autofree char *reason = NULL;
    touch(db, "0123456789");
    g_assert_false(pk_trust_check(db, &reason));
    g_assert_cmpstr(reason, ==, "it was not written by Pika-Plot on this computer");
    pk_trust_note_written(db);
    g_assert_true(pk_trust_check(db, NULL));
    /* the same size, the modification time put back: still a change */
    struct stat st;
    g_assert_cmpint(stat(db, &st), ==, 0);
    touch(db, "0123456780");
    struct timespec times[2] = {st.st_atim, st.st_mtim};
    g_assert_cmpint(utimensat(AT_FDCWD, db, times, 0), ==, 0);
    g_clear_pointer(&reason, g_free);
    g_assert_false(pk_trust_check(db, &reason));
    g_assert_cmpstr(reason, ==, "it changed since Pika-Plot last closed it");
    pk_trust_note_written(db);
    g_assert_true(pk_trust_check(db, NULL));
    /* a write-ahead log beside it */
    g_autofree char *wal = g_strconcat(db, ".wal", NULL);
    touch(wal, "log");
    g_clear_pointer(&reason, g_free);
    g_assert_false(pk_trust_check(db, &reason));
    g_assert_nonnull(strstr(reason, "write-ahead log"));
    g_unlink(wal);
    /* a copy elsewhere is not the file that was recorded */
    g_autofree char *copy = g_build_filename(f->root, "sub", "w.pika.duckdb", NULL);
    touch(copy, "0123456780");
    g_assert_false(pk_trust_check(copy, NULL));
    /* a link is not a regular file */
    g_autofree char *link = g_build_filename(f->root, "l.duckdb", NULL);
    g_assert_cmpint(symlink(db, link), ==, 0);
    pk_trust_note_written(link);
    g_clear_pointer(&reason, g_free);
    g_assert_false(pk_trust_check(link, &reason));
    g_assert_cmpstr(reason, ==, "it is not a regular file");
    pk_trust_forget(db);
    g_assert_false(pk_trust_check(db, NULL));
}

int main(int argc, char **argv) {
    g_autofree char *state = g_dir_make_tmp("pika-state-XXXXXX", NULL);
    g_setenv("XDG_STATE_HOME", state, TRUE); /* before GLib reads it */
    g_test_init(&argc, &argv, NULL);
#define ADD(path, fn) g_test_add(path, Fixture, NULL, setup, fn, teardown)
    ADD("/core/path/resolves-inside-the-folder", test_resolve_inside);
    ADD("/core/path/refuses-links-and-dots-that-lead-out", test_resolve_refuses_escapes);
    ADD("/core/path/temporary-files-commit-or-vanish", test_temporary_files);
    g_test_add_func("/core/path/interrupted-program-removes-its-temporary-files", test_discard_all);
    ADD("/core/trust/records-files-as-written-and-notices-changes", test_trust);
    return pk_test_run();
}
