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

/* ---- opening a workspace to evaluate it ----------------------------------------------------
 *
 * A workspace file may come from someone else, with a cache beside it. The CLI (pika run) and
 * the window open one through pk_workspace_open_locked, and nothing else:
 *  1. The cache (pk_workspace_cache_path) is used only if this application wrote it last on
 *     this computer (pika/trust.h) and it holds plain tables that match the records of their
 *     imports (pk_graph_check_cache); it is checked read-only before anything else. Otherwise
 *     it is moved aside, never deleted, to "<cache>.moved-YYYYmmdd-HHMMSS", a new one is
 *     made, and the note says so. A cache that cannot be opened (empty, truncated, not a
 *     database, a folder, a dangling link) is treated the same way.
 *  2. The graph is read from the file (pk_workspace_open).
 *  3. Its sources are imported where they are new or changed (pk_graph_load_sources); a
 *     failed import stays on its node with the import's own message.
 *  4. The database is locked down (pk_workspace_lock): from then on the workspace's SQL can
 *     read the loaded tables and the declared source files, nothing else, and write nothing.
 *     Exports are written by the application to paths it resolved (pika/path.h). */

/* What opening a workspace has to say. Strings are owned: free with pk_workspace_opened_clear. */
typedef struct {
    char *note;       /* a sentence for the user about the cache (moved aside...), or NULL */
    double open_ms;   /* step 1 and 2: the cache checked and opened, the file read */
    double import_ms; /* step 3 and 4: the sources imported, the database locked */
} PkWorkspaceOpened;

void pk_workspace_opened_clear(PkWorkspaceOpened *opened);

/* Steps 1-4. On success returns a new graph over *out_db (both owned by the caller: free the
 * graph first, then pk_db_close the database, which records the cache as written here) and
 * fills *out_opened (may be NULL). cancel (may be NULL) stops the imports.
 * Errors: those of pk_workspace_open and pk_db_open, PK_ERROR_BUSY (the cache is in use by
 * another program), PK_ERROR_IO (a bad cache cannot be moved aside), PK_ERROR_CANCELLED. */
PkGraph *pk_workspace_open_locked(const char *path, PkCompute *compute, PkCancel *cancel,
                                  PkDb **out_db, PkWorkspaceOpened *out_opened, GError **error);

/* Step 1 alone: the cache database of the workspace at path, checked (moved aside and made
 * anew when it may not be used); *out_note (may be NULL) gets the note about it, or NULL.
 * Free with pk_db_close. */
PkDb *pk_workspace_open_cache(const char *path, char **out_note, GError **error);

/* Step 4 alone: locks db down for graph's SQL, with the graph's source files still readable
 * (pk_graph_dup_source_files). Also used after importing more files into a workspace that was
 * reopened for the import. Errors: as pk_db_lock_down_allowing. */
gboolean pk_workspace_lock(PkDb *db, PkGraph *graph, GError **error);

/* What step 1 would do with the cache of the workspace at path, in a sentence (new string),
 * without changing anything: none yet, in order, in use, or not used and why. *out_usable
 * (may be NULL): whether it would be used as it is. */
char *pk_workspace_describe_cache(const char *path, gboolean *out_usable);

G_END_DECLS
