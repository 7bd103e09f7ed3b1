/* fuzz-workspace.c — the workspace reader, fed whole files.
 *
 * The input is a .pika file. It is written to the scratch folder and opened the way the CLI
 * and the window open a file (pk_workspace_load into a graph whose base folder is another
 * one, so relative source paths are made absolute on the way in). Loading reads only the
 * file and never runs its SQL, so nothing else is touched.
 *
 * A file that loads must also keep the format's promise of canonical writing: the graph
 * writes (pk_workspace_to_json), that text loads again (pk_workspace_load_data) and writes
 * the same bytes. A broken promise aborts, so the fuzzer keeps the input. */
#include "fuzz-util.h"

#include "pika/workspace.h"

#include <stdio.h>
#include <stdlib.h>

typedef struct {
    char *file;     /* where each input is written */
    char *base_dir; /* the graphs' base folder: not the file's */
} Paths;

static const Paths *paths(void) {
    static Paths p = {NULL, NULL};
    if (p.file == NULL) {
        g_autofree char *dir = g_build_filename(fuzz_tmpdir(), "workspace", NULL);
        p.base_dir = g_build_filename(fuzz_tmpdir(), "elsewhere", NULL);
        g_mkdir_with_parents(dir, 0700);
        g_mkdir_with_parents(p.base_dir, 0700);
        p.file = g_build_filename(dir, "input.pika", NULL);
    }
    return &p;
}

static void broken_promise(const char *what, const char *first, const char *second,
                           const GError *error) {
    fprintf(stderr, "fuzz-workspace: %s\n%s\n---\n%s\n", what, first != NULL ? first : "",
            second != NULL ? second : (error != NULL ? error->message : ""));
    abort();
}

/* Write, load, write again: the two texts must be the same bytes. */
static void check_round_trip(PkGraph *graph) {
    g_autoptr(GError) error = NULL;
    gsize len = 0;
    g_autofree char *first = pk_workspace_to_json(graph, NULL, &len, &error);
    if (first == NULL) {
        broken_promise("a loaded workspace cannot be written", NULL, NULL, error);
    }
    g_autoptr(PkGraph) again = pk_graph_new(fuzz_db(), NULL, paths()->base_dir);
    if (!pk_workspace_load_data(again, first, len, "written.pika", &error)) {
        broken_promise("a written workspace does not load", first, NULL, error);
    }
    g_autofree char *second = pk_workspace_to_json(again, NULL, NULL, &error);
    if (second == NULL) {
        broken_promise("a reloaded workspace cannot be written", first, NULL, error);
    }
    if (g_strcmp0(first, second) != 0) {
        broken_promise("writing is not canonical: save, load, save differ", first, second, NULL);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    fuzz_init();
    const Paths *p = paths();
    g_autoptr(GError) error = NULL;
    fuzz_write_file(p->file, data, size);
    g_autoptr(PkGraph) graph = pk_graph_new(fuzz_db(), NULL, p->base_dir);
    if (pk_workspace_load(graph, p->file, &error)) {
        fuzz_note("loaded %u nodes", pk_graph_n_nodes(graph));
        check_round_trip(graph);
    } else if (error == NULL || error->domain != PK_ERROR) {
        broken_promise("loading failed without a Pika-Plot error", NULL, NULL, error);
    } else {
        fuzz_note("not loaded: %s", error->message);
    }
    return 0;
}
