/* main.c — `pika-plot [WORKSPACE | FILE...]`: the desktop application (app.c). */
#include "app.h"

int main(int argc, char **argv) {
    PkApp *app = pk_app_new();
    g_set_application_name("Pika-Plot");
    int status = g_application_run(G_APPLICATION(app), argc, argv);
    g_object_unref(app);
    return status;
}
