/* dump-id.c — names for controls (dump-id.h). */
#include "dump-id.h"

#include <string.h>

#define DUMP_ID_KEY "pk-dump-id"

void pk_dump_id(GtkWidget *widget, const char *format, ...) {
    va_list args;
    va_start(args, format);
    char *id = g_strdup_vprintf(format, args);
    va_end(args);
    g_object_set_data_full(G_OBJECT(widget), DUMP_ID_KEY, id, g_free);
}

const char *pk_dump_id_get(GtkWidget *widget) {
    return g_object_get_data(G_OBJECT(widget), DUMP_ID_KEY);
}

#define DUMP_TEXT_KEY "pk-dump-text"

void pk_dump_text(GtkWidget *widget, const char *text) {
    g_object_set_data_full(G_OBJECT(widget), DUMP_TEXT_KEY, g_strdup(text), g_free);
}

const char *pk_dump_text_get(GtkWidget *widget) {
    return g_object_get_data(G_OBJECT(widget), DUMP_TEXT_KEY);
}

void pk_dump_id_prefix(GtkWidget *widget, const char *to) {
    const char *id = pk_dump_id_get(widget);
    if (id != NULL && strchr(id, '/') == NULL) {
        pk_dump_id(widget, "%s/%s", to, id);
    }
    for (GtkWidget *child = gtk_widget_get_first_child(widget); child != NULL;
         child = gtk_widget_get_next_sibling(child)) {
        pk_dump_id_prefix(child, to);
    }
}
