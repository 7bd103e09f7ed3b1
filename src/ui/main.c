/* main.c — `pika-plot [WORKSPACE | FILE...]`: the desktop application (app.c). */
#include "app.h"

#include "pika/log.h"

int main(int argc, char **argv) {
    PkApp *app = pk_app_new();
    pk_log_init(PK_LOG_LEVEL_MESSAGE);
    g_set_application_name("Pika-Plot");
    int status = g_application_run(G_APPLICATION(app), argc, argv);
    g_object_unref(app);
    return status;
}
