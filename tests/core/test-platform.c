/* test-platform.c — the platform seam (src/core/platform.h) on this system: mappings keep their
 * contents through growth and shrinking, memory figures are plausible, a missing library is
 * named in the error, and an atomic replace interrupted at any step leaves the old or the new
 * file. The interrupt test sends itself SIGINT: <signal.h> and <unistd.h> here are test harness
 * only (kill, getpid), not a use of the platform outside the seam. */
#define _POSIX_C_SOURCE 200809L /* kill */
#include "pika-test.h"
#include "pika/error.h"
#include "platform.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MIB ((gsize)1 << 20)
#define ALIGN (2 * MIB)

static void fill(guint8 *p, gsize n, guint8 seed) {
    for (gsize i = 0; i < n; i += 4096) {
        p[i] = (guint8)(seed + i / 4096);
    }
}

static gboolean check(const guint8 *p, gsize n, guint8 seed) {
    for (gsize i = 0; i < n; i += 4096) {
        if (p[i] != (guint8)(seed + i / 4096)) {
            return FALSE;
        }
    }
    return TRUE;
}

static void test_map_remap_unmap(void) {
    guint8 *p = pk_platform_map(ALIGN, ALIGN);
    g_assert_nonnull(p);
    g_assert_cmpuint((guintptr)p % ALIGN, ==, 0);
    g_assert_cmpuint(p[0], ==, 0);
    g_assert_cmpuint(p[ALIGN - 1], ==, 0);
    fill(p, ALIGN, 7);
    guint8 *q = pk_platform_remap(p, ALIGN, 4 * ALIGN, ALIGN);
    g_assert_nonnull(q);
    g_assert_cmpuint((guintptr)q % ALIGN, ==, 0);
    g_assert_true(check(q, ALIGN, 7));
    g_assert_cmpuint(q[4 * ALIGN - 1], ==, 0); /* the new part is zero-filled */
    fill(q, 4 * ALIGN, 9);
    pk_platform_unmap(q + ALIGN, 3 * ALIGN); /* shrink: give back the tail */
    g_assert_true(check(q, ALIGN, 9));
    pk_platform_unmap(q, ALIGN);
}

static void test_memory_figures(void) {
    guint64 total = pk_platform_get_physical_memory();
    guint64 before = pk_platform_get_resident_memory();
    g_test_message("physical %" G_GUINT64_FORMAT " B, resident %" G_GUINT64_FORMAT " B", total,
                   before);
    g_assert_cmpuint(total, >, 64 * MIB);
    g_assert_cmpuint(before, >, 0);
    g_assert_cmpuint(before, <=, total);
    /* touching 64 MiB makes the process hold most of it */
    gsize size = 32 * ALIGN;
    guint8 *p = pk_platform_map(size, ALIGN);
    g_assert_nonnull(p);
    memset(p, 1, size);
    guint64 after = pk_platform_get_resident_memory();
    pk_platform_unmap(p, size);
    g_assert_cmpuint(after, >=, before + size / 2);
    g_assert_cmpuint(after, <=, total);
}

static void test_missing_library(void) {
    g_autoptr(GError) error = NULL;
    g_assert_null(pk_platform_library_open("/nonexistent/libpika-missing.so.1", &error));
    g_assert_error(error, PK_ERROR, PK_ERROR_NOT_FOUND);
    g_assert_nonnull(strstr(error->message, "libpika-missing.so.1"));
    g_clear_error(&error);
    /* GLib, which this program is linked with, is found and has its symbols */
    PkPlatformLibrary *glib = pk_platform_library_open("libglib-2.0.so.0", &error);
    g_assert_no_error(error);
    g_assert_nonnull(pk_platform_library_lookup(glib, "g_strdup"));
    g_assert_null(pk_platform_library_lookup(glib, "pk_platform_no_such_symbol"));
    pk_platform_library_close(glib);
    pk_platform_library_close(NULL);
}

static void test_real_path_and_query(void) {
    g_autofree char *dir = g_dir_make_tmp("pika-platform-XXXXXX", NULL);
    g_autofree char *file = g_build_filename(dir, "a.txt", NULL);
    g_autofree char *link = g_build_filename(dir, "l.txt", NULL);
    g_autofree char *twin = g_build_filename(dir, "twin.txt", NULL);
    g_assert_true(g_file_set_contents(file, "12345", -1, NULL));
    g_assert_cmpint(symlink("a.txt", link), ==, 0);
    g_autofree char *base = g_path_get_basename(dir);
    g_autofree char *dotted = g_build_filename(dir, "..", base, "l.txt", NULL);
    g_autofree char *real_file = pk_platform_dup_real_path(file);
    g_autofree char *real = pk_platform_dup_real_path(dotted);
    g_assert_cmpstr(real, ==, real_file);
    g_autofree char *missing = g_build_filename(dir, "none", NULL);
    g_assert_null(pk_platform_dup_real_path(missing));
    g_assert_cmpint(errno, ==, ENOENT);

    PkPlatformFileInfo followed, own, hard;
    g_assert_true(pk_platform_file_query(link, TRUE, &followed));
    g_assert_true(followed.is_regular);
    g_assert_cmpuint(followed.size, ==, 5);
    g_assert_true(pk_platform_file_query(link, FALSE, &own));
    g_assert_false(own.is_regular);
    g_assert_true(own.is_link);
    g_assert_true(pk_platform_file_link(file, twin));
    g_assert_true(pk_platform_file_query(twin, TRUE, &hard));
    g_assert_cmpuint(hard.device, ==, followed.device);
    g_assert_cmpuint(hard.inode, ==, followed.inode);
    g_assert_false(pk_platform_file_query(missing, TRUE, &own));
    g_assert_false(pk_platform_file_is_locked(file)); /* no other process holds it */
    g_autofree char *exe = pk_platform_dup_executable_path();
    g_assert_nonnull(exe);
    g_assert_true(g_str_has_suffix(exe, "test-core-platform"));
    g_unlink(twin);
    g_unlink(link);
    g_unlink(file);
    g_rmdir(dir);
}

/* The atomic replace as workspace saving does it, in a child process that exits at once after
 * step `stop` (0: nothing written yet, 1: the temporary file written and flushed, 2: renamed
 * over the target, 3: the folder flushed). */
static void replace_in_child(const char *target, int stop) {
    g_autofree char *dir = g_path_get_dirname(target);
    g_autofree char *tmp = g_build_filename(dir, "t.tmp-XXXXXX", NULL);
    PkPlatformFileInfo old;
    g_assert_true(pk_platform_file_query(target, TRUE, &old));
    int fd = pk_platform_file_create_temp(tmp);
    g_assert_cmpint(fd, >=, 0);
    if (stop == 0) {
        pk_platform_exit_now(0);
    }
    const char *text = "the new version\n";
    g_assert_true(pk_platform_file_write(fd, text, strlen(text)));
    g_assert_true(pk_platform_file_set_mode(fd, old.mode));
    g_assert_true(pk_platform_file_sync(fd));
    g_assert_true(g_close(fd, NULL));
    if (stop == 1) {
        pk_platform_exit_now(0);
    }
    g_assert_cmpint(g_rename(tmp, target), ==, 0);
    if (stop == 2) {
        pk_platform_exit_now(0);
    }
    g_assert_true(pk_platform_folder_sync(dir));
    pk_platform_exit_now(0);
}

static void test_durable_replace(void) {
    if (g_test_subprocess()) {
        replace_in_child(g_getenv("PIKA_TEST_TARGET"), atoi(g_getenv("PIKA_TEST_STOP")));
        return;
    }
    g_autofree char *dir = g_dir_make_tmp("pika-replace-XXXXXX", NULL);
    g_autofree char *target = g_build_filename(dir, "w.pika", NULL);
    g_setenv("PIKA_TEST_TARGET", target, TRUE);
    for (int stop = 0; stop <= 3; stop++) {
        g_assert_true(g_file_set_contents(target, "the old version\n", -1, NULL));
        g_assert_cmpint(g_chmod(target, 0640), ==, 0);
        g_autofree char *stop_text = g_strdup_printf("%d", stop);
        g_setenv("PIKA_TEST_STOP", stop_text, TRUE);
        g_test_trap_subprocess(NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
        g_test_trap_assert_passed();
        g_autofree char *now = NULL;
        g_assert_true(g_file_get_contents(target, &now, NULL, NULL));
        g_assert_cmpstr(now, ==, stop < 2 ? "the old version\n" : "the new version\n");
        PkPlatformFileInfo info;
        g_assert_true(pk_platform_file_query(target, TRUE, &info));
        g_assert_cmpuint(info.mode, ==, 0640);
        /* a stray temporary file at worst, removed here */
        GDir *d = g_dir_open(dir, 0, NULL);
        const char *name;
        while ((name = g_dir_read_name(d)) != NULL) {
            g_autofree char *path = g_build_filename(dir, name, NULL);
            if (g_str_has_prefix(name, "t.tmp-")) {
                g_unlink(path);
            }
        }
        g_dir_close(d);
    }
    g_unlink(target);
    g_rmdir(dir);
}

static void test_file_read_write(void) {
    g_autofree char *dir = g_dir_make_tmp("pika-platform-XXXXXX", NULL);
    g_autofree char *tmp = g_build_filename(dir, "r.tmp-XXXXXX", NULL);
    int fd = pk_platform_file_create_temp(tmp);
    g_assert_cmpint(fd, >=, 0);
    g_assert_true(pk_platform_file_write(fd, "abcdef", 6));
    g_assert_true(g_close(fd, NULL));
    fd = pk_platform_file_open_read(tmp);
    g_assert_cmpint(fd, >=, 0);
    guint64 size = 0;
    g_assert_true(pk_platform_file_get_size(fd, &size));
    g_assert_cmpuint(size, ==, 6);
    char buf[16] = {0};
    gsize n = 0;
    g_assert_true(pk_platform_file_read(fd, buf, sizeof buf - 1, &n));
    g_assert_cmpuint(n, ==, 6);
    g_assert_cmpstr(buf, ==, "abcdef");
    g_assert_true(g_close(fd, NULL));
    fd = pk_platform_file_open_read(dir); /* a folder opens, but has no size as a file */
    g_assert_cmpint(fd, >=, 0);
    g_assert_false(pk_platform_file_get_size(fd, &size));
    g_assert_true(g_close(fd, NULL));
    g_autofree char *missing = g_build_filename(dir, "none", NULL);
    g_assert_cmpint(pk_platform_file_open_read(missing), ==, -1);
    g_assert_cmpint(errno, ==, ENOENT);
    g_unlink(tmp);
    g_rmdir(dir);
}

static GMutex seen_lock;
static GCond seen_cond;
static guint seen;

static void on_interrupt(guint n_interrupts, gpointer data) {
    g_assert_true(data == &seen);
    g_mutex_lock(&seen_lock);
    seen = n_interrupts;
    g_cond_signal(&seen_cond);
    g_mutex_unlock(&seen_lock);
}

/* In a child process: Ctrl+C twice reaches the callback, counted, and does not end the process. */
static void test_interrupts(void) {
    if (g_test_subprocess()) {
        pk_platform_watch_interrupts(on_interrupt, &seen);
        for (guint i = 1; i <= 2; i++) {
            g_assert_cmpint(kill(getpid(), SIGINT), ==, 0);
            gint64 until = g_get_monotonic_time() + 10 * G_TIME_SPAN_SECOND;
            g_mutex_lock(&seen_lock);
            while (seen < i && g_cond_wait_until(&seen_cond, &seen_lock, until)) {
            }
            g_assert_cmpuint(seen, ==, i);
            g_mutex_unlock(&seen_lock);
        }
        return;
    }
    g_test_trap_subprocess(NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
    g_test_trap_assert_passed();
}

static gpointer lower_and_report(gpointer data) {
    (void)data;
    return GINT_TO_POINTER(pk_platform_lower_thread_priority(10));
}

/* In a child process, whose standard error GLib captures through a pipe. */
static void test_thread_priority_and_terminal(void) {
    if (g_test_subprocess()) {
        g_assert_false(pk_platform_stderr_is_terminal());
        pk_platform_tune_allocator(32 * MIB, 64 * MIB); /* accepted; nothing to observe */
        GThread *thread = g_thread_new("lower", lower_and_report, NULL);
        /* Linux: raising one's own nice value is always allowed */
        g_assert_true(GPOINTER_TO_INT(g_thread_join(thread)));
        return;
    }
    g_test_trap_subprocess(NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
    g_test_trap_assert_passed();
}

int main(int argc, char **argv) {
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/core/platform/map-remap-unmap-keep-contents", test_map_remap_unmap);
    g_test_add_func("/core/platform/memory-figures-are-plausible", test_memory_figures);
    g_test_add_func("/core/platform/missing-library-error-names-it", test_missing_library);
    g_test_add_func("/core/platform/real-path-and-file-identity", test_real_path_and_query);
    g_test_add_func("/core/platform/file-read-write-and-size", test_file_read_write);
    g_test_add_func("/core/platform/interrupted-replace-leaves-old-or-new", test_durable_replace);
    g_test_add_func("/core/platform/ctrl-c-reaches-the-callback-each-time", test_interrupts);
    g_test_add_func("/core/platform/worker-priority-and-terminal",
                    test_thread_priority_and_terminal);
    return pk_test_run();
}
