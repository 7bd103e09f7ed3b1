/* main.c — `pika-plot [WORKSPACE | FILE...]`: the desktop application (app.c). */
#include "app.h"

#include "pika/log.h"

int main(int argc, char **argv) {
    pk_app_tune_memory();
    pk_log_init(PK_LOG_LEVEL_MESSAGE);
    if (pk_app_choose_renderer() != NULL) {
        g_info("no GPU render node: GTK draws with its Cairo renderer (GSK_RENDERER overrides)");
    }
    PkApp *app = pk_app_new();
    g_set_application_name("Pika-Plot");
    int status = g_application_run(G_APPLICATION(app), argc, argv);
    g_object_unref(app);
    return status;
}
