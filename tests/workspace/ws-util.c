/* ws-util.c — see ws-util.h. */
#include "ws-util.h"

#include <glib/gstdio.h>
#include <stdarg.h>
#include <string.h>

void ws_graph_init(WsGraph *g, const char *base_dir) {
    g_autoptr(GError) error = NULL;
    g->db = pk_db_open(NULL, NULL, &error);
    g_assert_no_error(error);
    g_autofree char *fixtures = ws_fixture("");
    g->graph = pk_graph_new(g->db, NULL, base_dir != NULL ? base_dir : fixtures);
    g_assert_nonnull(g->graph);
}

void ws_graph_clear(WsGraph *g) {
    g_clear_pointer(&g->graph, pk_graph_free);
    g_clear_pointer(&g->db, pk_db_close);
}

char *ws_fixture(const char *name) {
    const char *src = g_getenv("PIKA_SOURCE_DIR");
    g_assert_nonnull(src);
    return g_build_filename(src, "tests", "workspace", "fixtures", name, NULL);
}

char *ws_tmpdir(void) {
    g_autoptr(GError) error = NULL;
    char *dir = g_dir_make_tmp("pika-ws-XXXXXX", &error);
    g_assert_no_error(error);
    return dir;
}

void ws_rmdir(const char *dir) {
    GDir *d = g_dir_open(dir, 0, NULL);
    const char *name;
    while (d != NULL && (name = g_dir_read_name(d)) != NULL) {
        g_autofree char *path = g_build_filename(dir, name, NULL);
        if (g_file_test(path, G_FILE_TEST_IS_DIR)) {
            ws_rmdir(path);
        } else {
            g_unlink(path);
        }
    }
    if (d != NULL) {
        g_dir_close(d);
    }
    g_rmdir(dir);
}

char *ws_read(const char *path, gsize *out_len) {
    char *data = NULL;
    gsize len = 0;
    g_autoptr(GError) error = NULL;
    g_file_get_contents(path, &data, &len, &error);
    g_assert_no_error(error);
    if (out_len != NULL) {
        *out_len = len;
    }
    return data;
}

char *ws_expect_failure(const char *fixture, int code, ...) {
    WsGraph g;
    ws_graph_init(&g, NULL);
    g_autofree char *path = ws_fixture(fixture);
    GError *error = NULL;
    g_assert_false(pk_workspace_load(g.graph, path, &error));
    g_assert_nonnull(error);
    g_test_message("%s: %s", fixture, error->message);
    g_assert_error(error, PK_ERROR, code);
    g_assert_nonnull(strstr(error->message, fixture));
    va_list args;
    va_start(args, code);
    const char *fragment;
    while ((fragment = va_arg(args, const char *)) != NULL) {
        if (strstr(error->message, fragment) == NULL) {
            g_error("message of %s lacks \"%s\": %s", fixture, fragment, error->message);
        }
    }
    va_end(args);
    char *message = g_strdup(error->message);
    g_error_free(error);
    ws_graph_clear(&g);
    return message;
}
