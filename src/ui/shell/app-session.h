/* app-session.h — what one window has open: a database, a graph over it, and the workspace
 * file it came from (or none for an unsaved workspace).
 *
 * A PkSession is a plain object owned by its window. It is built on a worker (opening a
 * workspace imports its sources, which can take a while) and then handed to the main thread,
 * which owns the graph from then on (pika/graph.h's one-thread rule).
 *
 * Locking: a workspace opened from a file runs SQL that someone else wrote, so it is opened
 * through pk_workspace_open_locked (the CLI's door too): its cache checked, its sources loaded,
 * then the database locked down (the declared source files may be read; nothing may be
 * written by SQL: exports are written by the application). Workspaces the user makes in the
 * app are not locked. Importing into a locked workspace first reopens the database
 * (pk_session_unlock), which replaces the graph; the window keeps that graph out of view, so
 * none of its SQL runs, until the import is over and pk_session_lock has locked it again. */
#pragma once

#include <gio/gio.h>

#include "app-compute.h"
#include "pika/graph.h"

G_BEGIN_DECLS

typedef struct {
    PkDb *db;
    PkGraph *graph;
    char *path;       /* the workspace file; NULL until saved */
    gboolean locked;  /* the database is locked down */
    char *note;       /* what opening it had to say (a cache moved aside), or NULL */
    char *saved_json; /* the workspace as last loaded or saved, for the dirty mark */
} PkSession;

void pk_session_free(PkSession *session); /* NULL-safe */

/* An empty, unsaved workspace over an in-memory database. */
PkSession *pk_session_new_empty(PkCompute *compute, GError **error);

/* Opens the workspace at path on a worker: its cache database, its graph, its sources
 * (pk_graph_load_sources), then the lock-down. Finish with pk_session_open_finish (a new
 * session, or NULL with the error). The builders below wait on the worker for the compute
 * engine when it is still being made (app-compute.h). */
void pk_session_open_async(const char *path, PkComputeSlot *compute, GCancellable *cancellable,
                           GAsyncReadyCallback callback, gpointer user_data);
PkSession *pk_session_open_finish(GAsyncResult *result, GError **error);

/* The demo: the sample data written by `pika demo-data` (the command beside this program) into
 * the user's cache folder once, then the starter graph over it. */
void pk_session_new_demo_async(PkComputeSlot *compute, GCancellable *cancellable,
                               GAsyncReadyCallback callback, gpointer user_data);
/* Finishes either of the two above. */
PkSession *pk_session_new_finish(GAsyncResult *result, GError **error);

/* Saves the graph to path (pk_workspace_save) and remembers path. Main thread, not while the
 * graph evaluates. */
gboolean pk_session_save(PkSession *session, const char *path, GError **error);
/* TRUE when the graph differs from what was last loaded or saved (an unsaved workspace with
 * nodes is dirty). Not while the graph evaluates (returns the previous answer then). */
gboolean pk_session_is_dirty(PkSession *session);
/* Reopens the database unlocked and rebuilds the graph from its own recipes (the old graph is
 * freed: callers drop every widget over it first). Loads the sources again. Main thread.
 * Nothing but imports may run on it before pk_session_lock. */
gboolean pk_session_unlock(PkSession *session, PkCompute *compute, GError **error);
/* Locks the session's database down for its workspace's SQL (pk_workspace_lock). */
gboolean pk_session_lock(PkSession *session, GError **error);

/* The file name to show ("analysis.pika", or "Untitled"). New string. */
char *pk_session_dup_title(const PkSession *session);

G_END_DECLS
