/* welcome.c — the welcome page (see welcome.h).
 *
 * An AdwStatusPage ("Drop a data file here") over three buttons and a boxed list of up to six
 * recent workspaces, newest first, that still exist. */
#include "welcome.h"

#include <adwaita.h>

#define MAX_RECENT 6

struct _PkWelcome {
    GtkWidget parent_instance;
    GtkWidget *page;
    GtkWidget *recent_title;
    GtkWidget *recent_list;
};

G_DEFINE_FINAL_TYPE(PkWelcome, pk_welcome, GTK_TYPE_WIDGET)

static GtkWidget *action_button(const char *label, const char *action, gboolean suggested) {
    GtkWidget *button = gtk_button_new_with_mnemonic(label);
    gtk_actionable_set_action_name(GTK_ACTIONABLE(button), action);
    gtk_widget_add_css_class(button, "pill");
    if (suggested) {
        gtk_widget_add_css_class(button, "suggested-action");
    }
    return button;
}

static gint by_modified(gconstpointer a, gconstpointer b) {
    GDateTime *ta = gtk_recent_info_get_modified(*(GtkRecentInfo *const *)a);
    GDateTime *tb = gtk_recent_info_get_modified(*(GtkRecentInfo *const *)b);
    return g_date_time_compare(tb, ta);
}

void pk_welcome_refresh(PkWelcome *welcome) {
    GtkWidget *child;
    while ((child = gtk_widget_get_first_child(welcome->recent_list)) != NULL) {
        gtk_list_box_remove(GTK_LIST_BOX(welcome->recent_list), child);
    }
    GList *items = gtk_recent_manager_get_items(gtk_recent_manager_get_default());
    g_autoptr(GPtrArray) pika = g_ptr_array_new();
    for (GList *l = items; l != NULL; l = l->next) {
        const char *uri = gtk_recent_info_get_uri(l->data);
        if (g_str_has_suffix(uri, ".pika") && gtk_recent_info_exists(l->data)) {
            g_ptr_array_add(pika, l->data);
        }
    }
    g_ptr_array_sort(pika, by_modified);
    for (guint i = 0; i < pika->len && i < MAX_RECENT; i++) {
        g_autofree char *path =
            g_filename_from_uri(gtk_recent_info_get_uri(pika->pdata[i]), NULL, NULL);
        if (path == NULL) {
            continue;
        }
        g_autofree char *name = g_path_get_basename(path);
        g_autofree char *dir = g_path_get_dirname(path);
        GtkWidget *row = adw_action_row_new();
        adw_preferences_row_set_title(ADW_PREFERENCES_ROW(row), name);
        adw_action_row_set_subtitle(ADW_ACTION_ROW(row), dir);
        adw_action_row_add_suffix(ADW_ACTION_ROW(row),
                                  gtk_image_new_from_icon_name("go-next-symbolic"));
        gtk_list_box_row_set_activatable(GTK_LIST_BOX_ROW(row), TRUE);
        gtk_actionable_set_action_name(GTK_ACTIONABLE(row), "win.open-recent");
        gtk_actionable_set_action_target(GTK_ACTIONABLE(row), "s", path);
        gtk_list_box_append(GTK_LIST_BOX(welcome->recent_list), row);
    }
    gboolean any = pika->len > 0;
    gtk_widget_set_visible(welcome->recent_title, any);
    gtk_widget_set_visible(welcome->recent_list, any);
    g_list_free_full(items, (GDestroyNotify)gtk_recent_info_unref);
}

void pk_welcome_note_recent(const char *path) {
    g_autofree char *uri = g_filename_to_uri(path, NULL, NULL);
    if (uri != NULL) {
        gtk_recent_manager_add_item(gtk_recent_manager_get_default(), uri);
    }
}

static void pk_welcome_init(PkWelcome *welcome) {
    welcome->page = adw_status_page_new();
    adw_status_page_set_icon_name(ADW_STATUS_PAGE(welcome->page), "document-send-symbolic");
    adw_status_page_set_title(ADW_STATUS_PAGE(welcome->page), "Drop a Data File Here");
    adw_status_page_set_description(ADW_STATUS_PAGE(welcome->page),
                                    "CSV, TSV, Parquet or JSON — it opens in a notebook with a "
                                    "preview query and plots worth looking at.");
    GtkWidget *box = gtk_box_new(GTK_ORIENTATION_VERTICAL, 24);
    GtkWidget *buttons = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 12);
    gtk_widget_set_halign(buttons, GTK_ALIGN_CENTER);
    gtk_box_append(GTK_BOX(buttons), action_button("Open the _Demo", "win.open-demo", TRUE));
    gtk_box_append(GTK_BOX(buttons), action_button("_Import a File…", "win.import", FALSE));
    gtk_box_append(GTK_BOX(buttons), action_button("_Open a Workspace…", "win.open", FALSE));
    gtk_box_append(GTK_BOX(box), buttons);
    welcome->recent_title = gtk_label_new("Recent Workspaces");
    gtk_widget_add_css_class(welcome->recent_title, "heading");
    gtk_label_set_xalign(GTK_LABEL(welcome->recent_title), 0.0f);
    welcome->recent_list = gtk_list_box_new();
    gtk_list_box_set_selection_mode(GTK_LIST_BOX(welcome->recent_list), GTK_SELECTION_NONE);
    gtk_widget_add_css_class(welcome->recent_list, "boxed-list");
    GtkWidget *recent = gtk_box_new(GTK_ORIENTATION_VERTICAL, 8);
    gtk_box_append(GTK_BOX(recent), welcome->recent_title);
    gtk_box_append(GTK_BOX(recent), welcome->recent_list);
    GtkWidget *clamp = adw_clamp_new();
    adw_clamp_set_maximum_size(ADW_CLAMP(clamp), 520);
    adw_clamp_set_child(ADW_CLAMP(clamp), recent);
    gtk_box_append(GTK_BOX(box), clamp);
    adw_status_page_set_child(ADW_STATUS_PAGE(welcome->page), box);
    gtk_widget_set_parent(welcome->page, GTK_WIDGET(welcome));
    pk_welcome_refresh(welcome);
}

static void pk_welcome_dispose(GObject *object) {
    PkWelcome *welcome = PK_WELCOME(object);
    g_clear_pointer(&welcome->page, gtk_widget_unparent);
    G_OBJECT_CLASS(pk_welcome_parent_class)->dispose(object);
}

static void pk_welcome_class_init(PkWelcomeClass *klass) {
    G_OBJECT_CLASS(klass)->dispose = pk_welcome_dispose;
    gtk_widget_class_set_layout_manager_type(GTK_WIDGET_CLASS(klass), GTK_TYPE_BIN_LAYOUT);
}

GtkWidget *pk_welcome_new(void) {
    return g_object_new(PK_TYPE_WELCOME, NULL);
}
