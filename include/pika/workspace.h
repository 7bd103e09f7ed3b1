/* pika/workspace.h — the `.pika` workspace file: a PkGraph saved as recipes.
 *
 * A workspace file is JSON (docs/workspace.md): a format version, the nodes in notebook order
 * (kind, name, parameters, canvas position, and for sources the fingerprint of the file when
 * it was last imported), the edges, the selections (linked brushing) and the canvas viewport.
 * It holds recipes only, never data: imported tables live in a DuckDB cache file beside the
 * workspace (pk_workspace_cache_path), which is derived and safe to delete.
 *
 * Writing is canonical: nodes in notebook order, edges in (target, port) order, parameter keys
 * sorted, numbers in their shortest round-trip form, 2-space indent, a trailing newline; so
 * save -> load -> save gives identical bytes and files diff well.
 *
 * Reading is defensive, because a workspace may come from someone else: the file size, the
 * JSON nesting depth (checked before parsing), the number of nodes and edges, and every number
 * (finite, within bounds) are limited; every error names the file and says what to do. Loading
 * never writes anything. Loading only builds the graph: SQL from the file runs later, once the
 * sources are loaded and the database is locked down (see pika/graph.h).
 *
 * Threads: the functions here run on the thread that owns the graph (see pika/graph.h) and must
 * not be called while the graph evaluates. pk_workspace_cache_path is thread-safe. */
#pragma once

#include "pika/error.h"
#include "pika/graph.h"

#include <glib.h>

G_BEGIN_DECLS

/* The format version this build writes. Files of versions 0..PK_WORKSPACE_VERSION load (older
 * ones are upgraded in memory); newer ones are refused with PK_ERROR_VERSION. */
#define PK_WORKSPACE_VERSION 1

/* Limits on what a workspace file may hold. Beyond them loading fails with
 * PK_ERROR_TOO_LARGE (file size, nesting, node and edge counts) or PK_ERROR_INVALID (numbers). */
#define PK_WORKSPACE_MAX_FILE_SIZE (16u * 1024u * 1024u) /* bytes */
#define PK_WORKSPACE_MAX_DEPTH 64                        /* nested JSON arrays and objects */
#define PK_WORKSPACE_MAX_NODES 2000
#define PK_WORKSPACE_MAX_EDGES 20000
#define PK_WORKSPACE_MAX_COORD 1e9 /* |x|, |y| of positions and the viewport */
#define PK_WORKSPACE_MIN_ZOOM 1e-3
#define PK_WORKSPACE_MAX_ZOOM 1e3

/* Fills graph, which must be empty (PK_ERROR_INVALID otherwise), from the workspace file at
 * path. Relative source paths in the file are relative to the file's folder: create the graph
 * with that folder as base_dir (pk_workspace_open does); when the graph's base_dir is another
 * folder, relative source paths are made absolute on load. Reads only path; writes nothing.
 * All or nothing: on error the graph is in an unspecified state and the caller frees it.
 * Errors: PK_ERROR_NOT_FOUND/IO (the file), TOO_LARGE, EMPTY, NOT_TEXT, ENCODING, PARSE (not
 * JSON, damaged or truncated), TYPE (a field of the wrong JSON type), VERSION (newer file),
 * INVALID/EXISTS/NOT_FOUND (nodes, edges, parameters, cycles, numbers), each message starting
 * with the file's name. */
gboolean pk_workspace_load(PkGraph *graph, const char *path, GError **error);

/* The same from len bytes of data (need not be NUL-terminated). name_for_messages (not NULL)
 * names the data in error messages; relative source paths stay as written. */
gboolean pk_workspace_load_data(PkGraph *graph, const char *data, gsize len,
                                const char *name_for_messages, GError **error);

/* A new graph over db and compute (borrowed, as pk_graph_new) whose base_dir is the folder of
 * path, filled from the file. Returns NULL on error (nothing is left behind). Free with
 * pk_graph_free. */
PkGraph *pk_workspace_open(PkDb *db, PkCompute *compute, const char *path, GError **error);

/* The graph as canonical workspace JSON (UTF-8, NUL-terminated; length in *out_len when
 * out_len is not NULL). dir is the folder the file will live in: source paths inside it (or
 * below it) are written relative to it, others absolute; NULL = the graph's base_dir.
 * Errors: PK_ERROR_INVALID when a parameter cannot be written (a NaN or infinite number,
 * naming the node and key). Free with g_free. */
char *pk_workspace_to_json(const PkGraph *graph, const char *dir, gsize *out_len, GError **error);

/* Saves the graph to path atomically: writes path.tmp-XXXXXX in the same folder, flushes it
 * to disk, keeps the previous file as path.bak, renames the temporary file over path and
 * flushes the folder. On any error path is untouched and the temporary file is removed.
 * A new file gets mode 0666 minus the umask; a replaced one keeps its mode.
 * Errors: PK_ERROR_INVALID (see pk_workspace_to_json), PK_ERROR_IO naming the file and the
 * system's reason. */
gboolean pk_workspace_save(const PkGraph *graph, const char *path, GError **error);

/* The DuckDB cache file beside the workspace at path ("analysis.pika" ->
 * "analysis.pika.duckdb"). Derived data: safe to delete, rebuilt when needed. New string. */
char *pk_workspace_cache_path(const char *path);

/* The backup kept by pk_workspace_save ("analysis.pika" -> "analysis.pika.bak"). New string. */
char *pk_workspace_backup_path(const char *path);

G_END_DECLS
