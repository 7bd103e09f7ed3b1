/* cmd-new.c — `pika new WORKSPACE --source FILE...`: a starter workspace.
 *
 * Imports each file into the workspace's cache database and writes a workspace with a source,
 * a preview query and a few plots worth showing per file (pk_graph_add_starter, the same
 * starter the desktop app offers). An existing workspace is never overwritten without
 * --force, and then the previous one is kept as WORKSPACE.bak. */
#include "cli-private.h"

#include "pika/data.h"
#include "pika/error.h"
#include "pika/graph.h"
#include "pika/path.h"
#include "pika/trust.h"
#include "pika/workspace.h"

/* A cache made for a workspace that was not written (an error, Ctrl+C) is removed with it. */
static void remove_cache(const char *cache) {
    g_autofree char *wal = g_strconcat(cache, ".wal", NULL);
    pk_path_discard_temp(cache);
    pk_path_discard_temp(wal);
    pk_trust_forget(cache);
}

static int make_starter(const char *path, char **sources) {
    g_autoptr(GError) error = NULL;
    g_autofree char *cache = pk_workspace_cache_path(path);
    g_autofree char *wal = g_strconcat(cache, ".wal", NULL);
    g_autofree char *dir = g_path_get_dirname(path);
    /* Whatever was there belongs to the workspace being replaced: start from an empty cache,
     * registered as temporary until the workspace is written. */
    remove_cache(cache);
    pk_path_register_temp(cache);
    pk_path_register_temp(wal);
    PkDb *db = pk_db_open(cache, NULL, &error);
    PkGraph *graph = db != NULL ? pk_graph_new(db, NULL, dir) : NULL;
    gboolean ok =
        graph != NULL &&
        pk_graph_add_starter(graph, (const char *const *)sources, pk_cli_get_cancel(), &error) &&
        !pk_cancel_set_error_if_requested(pk_cli_get_cancel(), &error) &&
        pk_workspace_save(graph, path, &error);
    if (ok) {
        guint n = 0;
        g_autofree PkNodeId *ids = pk_graph_list_nodes(graph, &n);
        for (guint i = 0; i < n; i++) {
            printf("%-24s %s\n", pk_graph_get_name(graph, ids[i]),
                   pk_node_kind_name(pk_graph_get_kind(graph, ids[i])));
        }
        printf("Wrote %s (%u nodes). Draw its plots with: pika run %s --out DIR\n", path, n, path);
    }
    pk_graph_free(graph);
    pk_db_close(db);
    if (ok) {
        pk_path_unregister_temp(cache);
        pk_path_unregister_temp(wal);
    } else {
        remove_cache(cache);
    }
    return ok ? PK_CLI_EXIT_OK : pk_cli_fail("new", error);
}

int pk_cli_cmd_new(int argc, char **argv) {
    g_auto(GStrv) sources = NULL;
    gboolean force = FALSE;
    const GOptionEntry entries[] = {
        {"source", 's', 0, G_OPTION_ARG_FILENAME_ARRAY, &sources,
         "A data file (CSV, TSV, Parquet, JSON); repeat for several", "FILE"},
        {"force", 0, 0, G_OPTION_ARG_NONE, &force,
         "Replace an existing workspace (the old one is kept as .bak)", NULL},
        {NULL, 0, 0, 0, NULL, NULL, NULL}};
    GOptionContext *context = pk_cli_context_new(
        "new", "WORKSPACE", "Create a starter workspace from data files.", entries);
    int code = pk_cli_parse(context, "new", &argc, &argv);
    g_option_context_free(context);
    if (code >= 0) {
        return code;
    }
    if (argc != 2) {
        return pk_cli_usage_error("new", "give one workspace file to create (%d given)", argc - 1);
    }
    if (sources == NULL || sources[0] == NULL) {
        return pk_cli_usage_error("new", "give at least one --source FILE");
    }
    if (!g_str_has_suffix(argv[1], ".pika")) {
        return pk_cli_usage_error("new", "name the workspace WORKSPACE.pika");
    }
    if (g_file_test(argv[1], G_FILE_TEST_EXISTS) && !force) {
        fprintf(stderr, "pika: new: %s exists; use --force to replace it (it is kept as .bak)\n",
                argv[1]);
        return PK_CLI_EXIT_FAILURE;
    }
    return make_starter(argv[1], sources);
}
