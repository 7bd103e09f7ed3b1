/* ui-test-util.c — main-loop and screenshot helpers of the widget tests (see ui-test-util.h). */
#include "ui-test-util.h"

gboolean ui_wait_for(gboolean (*cond)(gpointer), gpointer data, guint timeout_ms) {
    gint64 end = g_get_monotonic_time() + (gint64)timeout_ms * 1000;
    while (!cond(data) && g_get_monotonic_time() < end) {
        if (!g_main_context_iteration(NULL, FALSE)) {
            g_usleep(1000);
        }
    }
    return cond(data);
}

void ui_pump(guint ms) {
    gint64 end = g_get_monotonic_time() + (gint64)ms * 1000;
    while (g_get_monotonic_time() < end) {
        if (!g_main_context_iteration(NULL, FALSE)) {
            g_usleep(1000);
        }
    }
}

void ui_save_shot(GtkWidget *widget, const char *name) {
    const char *build = g_getenv("PIKA_BUILD_DIR");
    g_autofree char *dir = g_build_filename(build != NULL ? build : g_get_tmp_dir(), "ui-shots",
                                            NULL);
    g_mkdir_with_parents(dir, 0755);
    g_autofree char *path = g_build_filename(dir, name, NULL);
    int w = gtk_widget_get_width(widget), h = gtk_widget_get_height(widget);
    g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new(widget);
    g_autoptr(GskRenderNode) node = NULL;
    for (int tries = 0; node == NULL && tries < 100; tries++) {
        ui_pump(20); /* the paintable draws what the last frame drew */
        GtkSnapshot *snapshot = gtk_snapshot_new();
        gdk_paintable_snapshot(paintable, snapshot, w, h);
        node = gtk_snapshot_free_to_node(snapshot);
    }
    g_assert_nonnull(node);
    GskRenderer *renderer = gtk_native_get_renderer(gtk_widget_get_native(widget));
    g_autoptr(GdkTexture) texture = gsk_renderer_render_texture(
        renderer, node, &GRAPHENE_RECT_INIT(0, 0, (float)w, (float)h));
    g_assert_true(gdk_texture_save_to_png(texture, path));
    g_test_message("screenshot: %s", path);
}
