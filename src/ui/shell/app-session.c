/* app-session.c — building, saving and unlocking a window's session (see app-session.h).
 *
 * Building runs in a GTask thread: the graph is created there, filled and its sources loaded,
 * and only then handed to the main thread, which owns it from then on. Nothing else touches a
 * graph while it is being built, so the one-thread rule of pika/graph.h holds.
 *
 * The dirty mark compares the canonical workspace JSON (pk_workspace_to_json) with the text
 * last loaded or saved: every edit is a graph call, whoever made it (a cell, a plot view
 * writing its "view"), so comparing recipes catches them all without bookkeeping. */
#include "app-session.h"

#include "app.h"

#include "pika/data.h"
#include "pika/error.h"
#include "pika/workspace.h"
#include "platform.h"

#include <string.h>

void pk_session_free(PkSession *session) {
    if (session == NULL) {
        return;
    }
    g_clear_pointer(&session->graph, pk_graph_free);
    g_clear_pointer(&session->db, pk_db_close);
    g_free(session->path);
    g_free(session->saved_json);
    g_free(session->note);
    g_free(session);
}

static char *session_json(PkSession *session) {
    g_autoptr(GError) error = NULL;
    char *json = pk_workspace_to_json(session->graph, NULL, NULL, &error);
    if (json == NULL) {
        g_debug("workspace cannot be written yet: %s", error->message);
    }
    return json;
}

static void session_mark_saved(PkSession *session) {
    g_free(session->saved_json);
    session->saved_json = session_json(session);
}

PkSession *pk_session_new_empty(PkCompute *compute, GError **error) {
    PkDb *db = pk_db_open(NULL, NULL, error);
    if (db == NULL) {
        return NULL;
    }
    PkSession *session = g_new0(PkSession, 1);
    session->db = db;
    session->graph = pk_graph_new(db, compute, g_get_home_dir());
    session_mark_saved(session);
    return session;
}

gboolean pk_session_lock(PkSession *session, GError **error) {
    if (!pk_workspace_lock(session->db, session->graph, error)) {
        return FALSE;
    }
    session->locked = TRUE;
    return TRUE;
}

/* The database opens while the compute engine may still be probed; the graph needs both. */
static PkSession *session_open(const char *path, PkComputeSlot *slot, PkCancel *cancel,
                               GError **error) {
    PkSession *session = g_new0(PkSession, 1);
    session->path = g_canonicalize_filename(path, NULL);
    PkWorkspaceOpened opened = {0};
    session->graph = pk_workspace_open_locked(session->path, pk_compute_slot_wait(slot), cancel,
                                              &session->db, &opened, error);
    if (session->graph == NULL) {
        pk_session_free(session);
        return NULL;
    }
    pk_app_mark("workspace opened, sources loaded (worker)");
    session->locked = TRUE;
    session->note = g_steal_pointer(&opened.note);
    session_mark_saved(session);
    return session;
}

typedef struct {
    char *path;
    PkComputeSlot *compute; /* the engine, waited for on the worker */
} BuildJob;

static void build_job_free(BuildJob *job) {
    g_clear_object(&job->compute);
    g_free(job->path);
    g_free(job);
}

static void cancel_bridge(GCancellable *cancellable, gpointer cancel) {
    (void)cancellable;
    pk_cancel_request(cancel);
}

static PkSession *session_from_files(char **files, PkCompute *compute, PkCancel *cancel,
                                     GError **error) {
    PkSession *session = pk_session_new_empty(compute, error);
    if (session == NULL) {
        return NULL;
    }
    g_autofree char *dir = g_path_get_dirname(files[0]);
    pk_graph_free(session->graph);
    session->graph = pk_graph_new(session->db, compute, dir);
    if (!pk_graph_add_starter(session->graph, (const char *const *)files, cancel, error)) {
        pk_session_free(session);
        return NULL;
    }
    session_mark_saved(session);
    return session;
}

/* The demo data comes from `pika demo-data`, the one generator of the sample set: the CLI
 * installed beside this program writes it once into the user's cache folder. */
static char *demo_data_path(GCancellable *cancellable, GError **error) {
    g_autofree char *dir = g_build_filename(g_get_user_cache_dir(), "pika-plot", NULL);
    char *csv = g_build_filename(dir, "demo.csv", NULL);
    if (g_file_test(csv, G_FILE_TEST_IS_REGULAR)) {
        return csv;
    }
    g_autofree char *self = pk_platform_dup_executable_path();
    g_autofree char *bindir = self != NULL ? g_path_get_dirname(self) : g_strdup(".");
    g_autofree char *pika = g_build_filename(bindir, "pika", NULL);
    if (!g_file_test(pika, G_FILE_TEST_IS_EXECUTABLE)) {
        g_set_error(error, PK_ERROR, PK_ERROR_NOT_FOUND,
                    "The demo needs the pika command, expected at %s. Reinstall Pika-Plot, or "
                    "import a file of your own.",
                    pika);
        goto fail;
    }
    g_mkdir_with_parents(dir, 0755);
    g_autoptr(GSubprocess) proc =
        g_subprocess_new(G_SUBPROCESS_FLAGS_STDOUT_SILENCE, error, pika, "demo-data", "--rows",
                         "200000", "-o", csv, NULL);
    if (proc == NULL || !g_subprocess_wait_check(proc, cancellable, error)) {
        goto fail;
    }
    return csv;
fail:
    g_free(csv);
    return NULL;
}

static void build_thread(GTask *task, gpointer source, gpointer data, GCancellable *cancellable) {
    (void)source;
    BuildJob *job = data;
    GError *error = NULL;
    PkCancel *cancel = pk_cancel_new();
    gulong handler = g_cancellable_connect(cancellable, G_CALLBACK(cancel_bridge),
                                           pk_cancel_ref(cancel), (GDestroyNotify)pk_cancel_unref);
    PkSession *session = NULL;
    if (job->path != NULL) {
        session = session_open(job->path, job->compute, cancel, &error);
    } else {
        PkCompute *compute = pk_compute_slot_wait(job->compute);
        char *csv = demo_data_path(cancellable, &error);
        char *files[] = {csv, NULL};
        session = csv != NULL ? session_from_files(files, compute, cancel, &error) : NULL;
        g_free(csv);
    }
    g_cancellable_disconnect(cancellable, handler);
    pk_cancel_unref(cancel);
    if (session != NULL) {
        g_task_return_pointer(task, session, (GDestroyNotify)pk_session_free);
    } else {
        g_task_return_error(task, error);
    }
}

static void build_start(BuildJob *job, GCancellable *cancellable, GAsyncReadyCallback callback,
                        gpointer user_data) {
    GTask *task = g_task_new(NULL, cancellable, callback, user_data);
    g_task_set_task_data(task, job, (GDestroyNotify)build_job_free);
    g_task_run_in_thread(task, build_thread);
    g_object_unref(task);
}

void pk_session_open_async(const char *path, PkComputeSlot *compute, GCancellable *cancellable,
                           GAsyncReadyCallback callback, gpointer user_data) {
    BuildJob *job = g_new0(BuildJob, 1);
    job->path = g_strdup(path);
    job->compute = g_object_ref(compute);
    build_start(job, cancellable, callback, user_data);
}

PkSession *pk_session_open_finish(GAsyncResult *result, GError **error) {
    return g_task_propagate_pointer(G_TASK(result), error);
}

void pk_session_new_demo_async(PkComputeSlot *compute, GCancellable *cancellable,
                               GAsyncReadyCallback callback, gpointer user_data) {
    BuildJob *job = g_new0(BuildJob, 1);
    job->compute = g_object_ref(compute);
    build_start(job, cancellable, callback, user_data);
}

PkSession *pk_session_new_finish(GAsyncResult *result, GError **error) {
    return g_task_propagate_pointer(G_TASK(result), error);
}

gboolean pk_session_save(PkSession *session, const char *path, GError **error) {
    if (!pk_workspace_save(session->graph, path, error)) {
        return FALSE;
    }
    if (session->path == NULL || g_strcmp0(session->path, path) != 0) {
        g_free(session->path);
        session->path = g_canonicalize_filename(path, NULL);
    }
    g_free(session->saved_json);
    session->saved_json = pk_workspace_to_json(session->graph, NULL, NULL, NULL);
    return TRUE;
}

gboolean pk_session_is_dirty(PkSession *session) {
    g_autofree char *json = session_json(session);
    return json != NULL && g_strcmp0(json, session->saved_json) != 0;
}

gboolean pk_session_unlock(PkSession *session, PkCompute *compute, GError **error) {
    if (!session->locked) {
        return TRUE;
    }
    g_autofree char *json = pk_workspace_to_json(session->graph, NULL, NULL, error);
    if (json == NULL) {
        return FALSE;
    }
    g_autofree char *base = g_strdup(pk_graph_get_base_dir(session->graph));
    g_clear_pointer(&session->graph, pk_graph_free);
    g_clear_pointer(&session->db, pk_db_close);
    session->db = session->path != NULL ? pk_workspace_open_cache(session->path, NULL, error)
                                        : pk_db_open(NULL, NULL, error);
    if (session->db == NULL) {
        return FALSE;
    }
    session->graph = pk_graph_new(session->db, compute, base);
    session->locked = FALSE;
    return pk_workspace_load_data(session->graph, json, strlen(json), "workspace", error) &&
           pk_graph_load_sources(session->graph, NULL, error);
}

char *pk_session_dup_title(const PkSession *session) {
    return session->path != NULL ? g_path_get_basename(session->path) : g_strdup("Untitled");
}
