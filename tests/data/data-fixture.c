/* data-fixture.c — the data tests' shared fixture (data-fixture.h). */
#include "data-fixture.h"

#include <glib/gstdio.h>

void fixture_set_up(Fixture *f, gconstpointer data) {
    (void)data;
    g_autoptr(GError) error = NULL;
    f->db = pk_db_open(NULL, NULL, &error);
    g_assert_no_error(error);
    f->conn = pk_db_connect(f->db, &error);
    g_assert_no_error(error);
    f->dir = g_dir_make_tmp("pika-test-data-XXXXXX", &error);
    g_assert_no_error(error);
}

void fixture_tear_down(Fixture *f, gconstpointer data) {
    (void)data;
    pk_conn_close(f->conn);
    pk_db_close(f->db);
    g_autoptr(GDir) dir = g_dir_open(f->dir, 0, NULL);
    const char *name;
    while (dir != NULL && (name = g_dir_read_name(dir)) != NULL) {
        g_autofree char *path = g_build_filename(f->dir, name, NULL);
        g_unlink(path);
    }
    g_rmdir(f->dir);
    g_free(f->dir);
}
