/* cmd-info.c — `pika info`: versions of Pika-Plot and the libraries it runs on.
 *
 *   Pika-Plot  0.1.0
 *   DuckDB     v1.4.4
 *   GLib       2.74.6
 *   Cairo      1.16.0
 *
 * With --json: {"pika":"0.1.0","duckdb":"v1.4.4","glib":"2.74.6","cairo":"1.16.0"}, keys in
 * that order; a library the build lacks is left out. Versions are those loaded at run time,
 * not those compiled against. Compute devices join this list once the compute layer does. */
#include "cli-private.h"

#ifdef PIKA_CLI_HAVE_DATA
#include "pika/data.h"
#endif
#ifdef PIKA_CLI_HAVE_CAIRO
#include <cairo.h>
#endif

typedef struct {
    const char *key;
    const char *label;
    char *value;
} InfoItem;

static GArray *collect_items(void) {
    GArray *items = g_array_new(FALSE, FALSE, sizeof(InfoItem));
    InfoItem item = {"pika", "Pika-Plot", g_strdup(PIKA_VERSION)};
    g_array_append_val(items, item);
#ifdef PIKA_CLI_HAVE_DATA
    item = (InfoItem){"duckdb", "DuckDB", NULL};
    if (pk_data_check_version(NULL)) {
        item.value = g_strdup(pk_data_library_version());
    } else {
        item.value = g_strdup_printf("%s (this build expects %s)", pk_data_library_version(),
                                     PK_DATA_DUCKDB_VERSION);
    }
    g_array_append_val(items, item);
#endif
    item = (InfoItem){"glib", "GLib", g_strdup_printf("%u.%u.%u", glib_major_version,
                                                      glib_minor_version, glib_micro_version)};
    g_array_append_val(items, item);
#ifdef PIKA_CLI_HAVE_CAIRO
    item = (InfoItem){"cairo", "Cairo", g_strdup(cairo_version_string())};
    g_array_append_val(items, item);
#endif
    return items;
}

static void print_items(const GArray *items, gboolean json) {
    GString *out = g_string_new(json ? "{" : "");
    for (guint i = 0; i < items->len; i++) {
        const InfoItem *item = &g_array_index(items, InfoItem, i);
        if (json) {
            g_string_append(out, i > 0 ? "," : "");
            pk_cli_json_append_string(out, item->key);
            g_string_append_c(out, ':');
            pk_cli_json_append_string(out, item->value);
        } else {
            g_string_append_printf(out, "%-10s %s\n", item->label, item->value);
        }
    }
    g_string_append(out, json ? "}\n" : "");
    fputs(out->str, stdout);
    g_string_free(out, TRUE);
}

int pk_cli_cmd_info(int argc, char **argv) {
    const char *cmd = "info";
    gboolean json = FALSE;
    const GOptionEntry entries[] = {
        {"json", 0, 0, G_OPTION_ARG_NONE, &json, "Print JSON", NULL},
        G_OPTION_ENTRY_NULL,
    };
    GOptionContext *context = pk_cli_context_new(
        cmd, "- print versions", "Prints the versions of Pika-Plot, DuckDB, GLib and Cairo.",
        entries);
    int status = pk_cli_parse(context, cmd, &argc, &argv);
    if (status < 0 && argc > 1) {
        status = pk_cli_usage_error(cmd, "unexpected argument '%s'", argv[1]);
    }
    if (status < 0) {
        GArray *items = collect_items();
        print_items(items, json);
        for (guint i = 0; i < items->len; i++) {
            g_free(g_array_index(items, InfoItem, i).value);
        }
        g_array_unref(items);
        status = PK_CLI_EXIT_OK;
    }
    g_option_context_free(context);
    return status;
}
