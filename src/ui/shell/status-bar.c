/* status-bar.c — the status strip (see status-bar.h).
 *
 * Four labels in a row; memory is re-read every two seconds (the resident size the platform
 * seam reports, pk_platform_get_resident_memory), the frame time hides itself three seconds after
 * the last frame so it shows only while someone interacts. */
#include "status-bar.h"

#include "platform.h"

#include <string.h>

struct _PkStatusBar {
    GtkWidget parent_instance;
    GtkWidget *box;
    GtkWidget *focus_label;
    GtkWidget *frame_label;
    GtkWidget *memory_label;
    GtkWidget *device_label;
    guint memory_timer;
    guint frame_timer;
};

G_DEFINE_FINAL_TYPE(PkStatusBar, pk_status_bar, GTK_TYPE_WIDGET)

static gboolean update_memory(gpointer data) {
    PkStatusBar *bar = data;
    guint64 rss = pk_platform_get_resident_memory();
    g_autofree char *size = g_format_size(rss);
    g_autofree char *text = g_strdup_printf("Memory %s", size);
    gtk_label_set_text(GTK_LABEL(bar->memory_label), rss > 0 ? text : "");
    return G_SOURCE_CONTINUE;
}

static GtkWidget *status_label(GtkWidget *box, const char *tooltip) {
    GtkWidget *label = gtk_label_new(NULL);
    gtk_widget_set_tooltip_text(label, tooltip);
    gtk_label_set_ellipsize(GTK_LABEL(label), PANGO_ELLIPSIZE_END);
    gtk_widget_add_css_class(label, "dim-label");
    gtk_box_append(GTK_BOX(box), label);
    return label;
}

static void pk_status_bar_init(PkStatusBar *bar) {
    bar->box = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 18);
    gtk_widget_set_parent(bar->box, GTK_WIDGET(bar));
    gtk_widget_add_css_class(GTK_WIDGET(bar), "pk-status-bar");
    bar->focus_label = status_label(bar->box, "The selected cell and its rows");
    gtk_widget_set_hexpand(bar->focus_label, TRUE);
    gtk_label_set_xalign(GTK_LABEL(bar->focus_label), 0.0f);
    bar->frame_label = status_label(bar->box, "Time to draw the last frame of the plot");
    bar->memory_label = status_label(bar->box, "Memory in use by Pika-Plot");
    bar->device_label = status_label(bar->box, "Where plots are aggregated");
    update_memory(bar);
    bar->memory_timer = g_timeout_add_seconds(2, update_memory, bar);
}

static void pk_status_bar_dispose(GObject *object) {
    PkStatusBar *bar = PK_STATUS_BAR(object);
    g_clear_handle_id(&bar->memory_timer, g_source_remove);
    g_clear_handle_id(&bar->frame_timer, g_source_remove);
    g_clear_pointer(&bar->box, gtk_widget_unparent);
    G_OBJECT_CLASS(pk_status_bar_parent_class)->dispose(object);
}

static void pk_status_bar_class_init(PkStatusBarClass *klass) {
    G_OBJECT_CLASS(klass)->dispose = pk_status_bar_dispose;
    gtk_widget_class_set_layout_manager_type(GTK_WIDGET_CLASS(klass), GTK_TYPE_BIN_LAYOUT);
    gtk_widget_class_set_css_name(GTK_WIDGET_CLASS(klass), "statusbar");
}

GtkWidget *pk_status_bar_new(void) {
    return g_object_new(PK_TYPE_STATUS_BAR, NULL);
}

void pk_status_bar_set_focus(PkStatusBar *bar, const char *name, gboolean has_rows,
                             guint64 n_rows) {
    g_return_if_fail(PK_IS_STATUS_BAR(bar));
    g_autofree char *count = pk_format_count(n_rows);
    g_autofree char *text = NULL;
    if (name != NULL) {
        text = has_rows ? g_strdup_printf("%s · %s rows", name, count) : g_strdup(name);
    }
    gtk_label_set_text(GTK_LABEL(bar->focus_label), text != NULL ? text : "");
}

void pk_status_bar_set_device(PkStatusBar *bar, const char *device) {
    g_return_if_fail(PK_IS_STATUS_BAR(bar));
    g_autofree char *text = g_strdup_printf("Compute: %s", device);
    gtk_label_set_text(GTK_LABEL(bar->device_label), text);
}

static gboolean hide_frame(gpointer data) {
    PkStatusBar *bar = data;
    bar->frame_timer = 0;
    gtk_label_set_text(GTK_LABEL(bar->frame_label), "");
    return G_SOURCE_REMOVE;
}

void pk_status_bar_set_frame_ms(PkStatusBar *bar, double frame_ms) {
    g_return_if_fail(PK_IS_STATUS_BAR(bar));
    g_autofree char *text = g_strdup_printf("Frame %.1f ms", frame_ms);
    gtk_label_set_text(GTK_LABEL(bar->frame_label), text);
    g_clear_handle_id(&bar->frame_timer, g_source_remove);
    bar->frame_timer = g_timeout_add_seconds(3, hide_frame, bar);
}
