/* fuzz-import-options.c — a source node's import options, from workspace text to an import.
 *
 * The input is the "params" object of a source node as a workspace file holds it (format,
 * delimiter, header, quote, escape, null_strings, skip_rows, sample_rows, date and timestamp
 * formats, decimal_separator, encoding, skip_bad_rows, all_text, include/exclude_columns,
 * column_types), optionally followed by a line "%%" and the bytes of the file to import:
 *
 *   {"delimiter": ";", "header": 2, "column_types": ["b=DOUBLE"]}
 *   %%
 *   a;b
 *   1;2.5
 *
 * Without the "%%" line a small CSV file is imported. The object goes into a workspace text
 * (fuzz_workspace_text), which is loaded by the workspace reader, so the options reach the
 * graph exactly as they do from a file. The source's "path" is then pointed at the scratch
 * file (named with the extension of the path given, when it is one the importer knows, so
 * the format may follow it) and the source is loaded: options become PkImportOptions, the
 * file is sniffed and imported into the process's in-memory database. */
#include "fuzz-util.h"

#include "pika/workspace.h"

#include <glib/gstdio.h>
#include <string.h>

#define SEPARATOR "\n%%\n"

static const char default_file[] = "a,b,c\n1,2.5,x\n3,,y\n";

/* "data" plus the extension of the given path when the importer knows it, else ".csv". */
static char *file_name_for(const char *given) {
    static const char *const known[] = {".csv",     ".tsv", ".txt", ".json", ".ndjson", ".jsonl",
                                        ".parquet", ".pq",  ".gz",  ".zst",  NULL};
    const char *dot = given != NULL ? strrchr(given, '.') : NULL;
    for (guint i = 0; dot != NULL && known[i] != NULL; i++) {
        if (g_ascii_strcasecmp(dot, known[i]) == 0) {
            g_autofree char *lower = g_ascii_strdown(dot, -1);
            return g_strconcat("data", lower, NULL);
        }
    }
    return g_strdup("data.csv");
}

/* The source's parameters with "path" replaced by file (new, floating). */
static GVariant *with_path(GVariant *params, const char *file) {
    GVariantDict dict;
    g_variant_dict_init(&dict, params);
    g_variant_dict_insert(&dict, "path", "s", file);
    return g_variant_dict_end(&dict);
}

static void import_source(PkGraph *graph, PkNodeId id, const char *content, gsize content_len) {
    g_autoptr(GVariant) params = pk_graph_get_params(graph, id);
    const char *given = pk_params_get_string(params, "path", NULL);
    if (given == NULL) {
        return; /* a source over an existing table: nothing is imported */
    }
    g_autofree char *dir = g_build_filename(fuzz_tmpdir(), "source", NULL);
    g_autofree char *name = file_name_for(given);
    g_autofree char *file = g_build_filename(dir, name, NULL);
    g_autoptr(GError) error = NULL;
    g_mkdir_with_parents(dir, 0700);
    fuzz_write_file(file, content, content_len);
    if (!pk_graph_set_params(graph, id, with_path(params, file), &error)) {
        g_error("fuzz-import-options: the path cannot be set: %s", error->message);
    }
    /* Earlier inputs' imports are forgotten, so this one is not skipped as fresh. */
    fuzz_exec("DROP TABLE IF EXISTS pika_sources; DROP TABLE IF EXISTS pika_src_source");
    if (!pk_graph_load_sources(graph, NULL, &error)) {
        g_error("fuzz-import-options: loading was cancelled: %s", error->message);
    }
    PkNodeStatus status;
    pk_graph_get_status(graph, id, &status);
    g_assert(status.state == PK_NODE_DONE || status.state == PK_NODE_ERROR);
    g_assert(status.state == PK_NODE_DONE || status.message != NULL);
    fuzz_note("%s: %s", pk_node_state_name(status.state),
              status.message != NULL ? status.message : "");
    pk_node_status_clear(&status);
    g_unlink(file);
}

/* The offset of the first SEPARATOR in data (which may hold NUL bytes), or size. */
static gsize find_separator(const char *data, gsize size) {
    gsize n = strlen(SEPARATOR);
    for (gsize i = 0; i + n <= size; i++) {
        if (memcmp(data + i, SEPARATOR, n) == 0) {
            return i;
        }
    }
    return size;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    fuzz_init();
    const char *text = (const char *)data;
    gsize params_len = find_separator(text, size);
    gboolean has_file = params_len < size;
    const char *content = has_file ? text + params_len + strlen(SEPARATOR) : default_file;
    gsize content_len = has_file ? size - params_len - strlen(SEPARATOR) : strlen(default_file);

    gsize len = 0;
    g_autofree char *workspace =
        fuzz_workspace_text("source", "source", text, params_len, NULL, NULL, &len);
    g_autoptr(PkGraph) graph = pk_graph_new(fuzz_db(), NULL, fuzz_tmpdir());
    pk_graph_set_workers(graph, 1);
    g_autoptr(GError) error = NULL;
    if (!pk_workspace_load_data(graph, workspace, len, "options.pika", &error)) {
        fuzz_note("not loaded: %s", error->message);
        return 0;
    }
    PkNodeId id = pk_graph_find(graph, "source");
    if (id != 0 && pk_graph_get_kind(graph, id) == PK_NODE_SOURCE) {
        import_source(graph, id, content, content_len);
    }
    return 0;
}
