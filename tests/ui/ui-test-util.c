/* ui-test-util.c — main-loop and screenshot helpers of the widget tests (see ui-test-util.h). */
#define _DEFAULT_SOURCE /* sigaction */
#include "ui-test-util.h"

#include <execinfo.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

/* A test that dies of a signal says where: the faulting thread's stack goes to stderr (names
 * come from -rdynamic), then the signal takes its default course, so ctest still sees the
 * crash. Installed before main by the constructor; only async-signal-safe calls inside. */
static void on_crash(int sig) {
    static const char head[] = "\n*** crashed by signal ";
    char num[4] = {(char)('0' + sig / 10 % 10), (char)('0' + sig % 10), '\n', 0};
    (void)!write(STDERR_FILENO, head, sizeof head - 1);
    (void)!write(STDERR_FILENO, num, 3);
    void *frames[64];
    backtrace_symbols_fd(frames, backtrace(frames, 64), STDERR_FILENO);
    raise(sig); /* SA_RESETHAND: the default action now */
}

__attribute__((constructor)) static void install_crash_report(void) {
    void *frames[1];
    backtrace(frames, 1); /* loads libgcc now: not from inside the handler */
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_crash;
    sa.sa_flags = (int)SA_RESETHAND;
    const int sigs[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT};
    for (size_t i = 0; i < G_N_ELEMENTS(sigs); i++) {
        sigaction(sigs[i], &sa, NULL);
    }
}

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
    g_autofree char *dir =
        g_build_filename(build != NULL ? build : g_get_tmp_dir(), "ui-shots", NULL);
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
    g_autoptr(GdkTexture) texture =
        gsk_renderer_render_texture(renderer, node, &GRAPHENE_RECT_INIT(0, 0, (float)w, (float)h));
    g_assert_true(gdk_texture_save_to_png(texture, path));
    g_test_message("screenshot: %s", path);
}

static void collect_labels(GtkWidget *widget, const char *css_class, GPtrArray *out) {
    if (!gtk_widget_get_mapped(widget)) {
        return;
    }
    if (GTK_IS_LABEL(widget) &&
        (css_class == NULL || gtk_widget_has_css_class(widget, css_class))) {
        g_ptr_array_add(out, g_strdup(gtk_label_get_text(GTK_LABEL(widget))));
    }
    for (GtkWidget *child = gtk_widget_get_first_child(widget); child != NULL;
         child = gtk_widget_get_next_sibling(child)) {
        collect_labels(child, css_class, out);
    }
}

char **ui_dup_shown_labels(GtkWidget *root, const char *css_class) {
    GPtrArray *out = g_ptr_array_new();
    collect_labels(root, css_class, out);
    g_ptr_array_add(out, NULL);
    return (char **)g_ptr_array_free(out, FALSE);
}
