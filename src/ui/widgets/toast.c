/* toast.c — toasts that name what they are about (toast.h). */
#include "toast.h"

AdwToast *pk_toast_new(const char *message, const char *path) {
    AdwToast *toast = adw_toast_new(message);
    adw_toast_set_timeout(toast, path != NULL ? 6 : 4);
    if (path != NULL) {
        adw_toast_set_button_label(toast, "Open Folder");
        adw_toast_set_action_name(toast, "win.open-folder");
        adw_toast_set_action_target_value(toast, g_variant_new_string(path));
    }
    return toast;
}

void pk_toast_open_folder(GtkWidget *any, const char *path, GError **error) {
    g_autofree char *dir = g_path_get_dirname(path);
    g_autoptr(GFile) folder = g_file_new_for_path(dir);
    g_autofree char *uri = g_file_get_uri(folder);
    GdkDisplay *display = any != NULL ? gtk_widget_get_display(any) : gdk_display_get_default();
    g_autoptr(GdkAppLaunchContext) context = gdk_display_get_app_launch_context(display);
    g_app_info_launch_default_for_uri(uri, G_APP_LAUNCH_CONTEXT(context), error);
}
