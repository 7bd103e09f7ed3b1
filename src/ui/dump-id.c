/* dump-id.c — names for controls (dump-id.h). */
#include "dump-id.h"

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
