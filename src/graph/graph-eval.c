/* graph-eval.c — evaluation: which nodes run, in what order, on which worker.
 *
 * An evaluation takes the dirty nodes that the target needs, queues them, and starts a few
 * workers, each with its own database connection. A worker takes any queued node whose
 * inputs are all done (so independent branches run side by side), answers it from the cache
 * when its key is there, runs it otherwise, and publishes the result. A node whose input
 * failed or was cancelled ends the same way without running, naming the cause. */
#include "graph-private.h"

#include "pika/data.h"
#include "pika/error.h"

#include <string.h>

typedef struct {
    PkGraph *graph;
    GArray *queue;      /* node ids of this evaluation, inputs before readers */
    guint n_left;       /* nodes of the queue not finished */
    GPtrArray *changed; /* nodes to notify once the lock is released */
} PkRun;

typedef struct {
    PkRun *run;
    PkGraphDoneFunc done;
    gpointer user_data;
} PkAsync;

/* ---- finishing nodes (lock held) ------------------------------------------------------------- */

static void finish_failed(PkRun *run, PkNode *node, int code, const char *message, PkNodeId cause) {
    node->state = code == PK_ERROR_CANCELLED ? PK_NODE_CANCELLED : PK_NODE_ERROR;
    node->error_code = code;
    g_free(node->message);
    node->message = g_strdup(message);
    node->cause = cause;
    node->in_run = FALSE;
    node->progress = -1;
    if (node->started_us != 0) {
        node->elapsed_ms = (double)(g_get_monotonic_time() - node->started_us) / 1000.0;
    }
    g_clear_pointer(&node->cancel, pk_cancel_unref);
    run->n_left--;
    g_ptr_array_add(run->changed, node);
}

static void finish_done(PkRun *run, PkNode *node, PkGraphValue *value, PkNodeJob *job,
                        gboolean cached) {
    node->state = PK_NODE_DONE;
    node->dirty = FALSE;
    node->cached = cached;
    node->in_run = FALSE;
    node->progress = 1;
    node->elapsed_ms = (double)(g_get_monotonic_time() - node->started_us) / 1000.0;
    node->n_rows = value != NULL ? value->n_rows : 0;
    node->error_code = 0;
    node->cause = 0;
    g_free(node->message);
    node->message = job != NULL ? g_steal_pointer(&job->note) : NULL;
    if (job != NULL && job->fingerprint != NULL) {
        g_free(node->fingerprint);
        node->fingerprint = g_steal_pointer(&job->fingerprint);
    }
    if (job != NULL && job->report != NULL) {
        g_clear_pointer(&node->import_report, g_variant_unref);
        node->import_report = g_steal_pointer(&job->report);
    }
    if (value != NULL && value != node->value) {
        pk_graph_value_unref(node->value);
        node->value = pk_graph_value_ref(value);
    }
    if (!cached) {
        node->run_count++;
    }
    g_clear_pointer(&node->cancel, pk_cancel_unref);
    run->n_left--;
    g_ptr_array_add(run->changed, node);
}

/* A queued node's inputs: TRUE when all are done; fails the node when one did not finish. */
static gboolean inputs_ready(PkRun *run, PkNode *node) {
    for (guint i = 0; i < node->inputs->len; i++) {
        PkNode *in = pk_graph_node(run->graph, g_array_index(node->inputs, PkNodeId, i));
        if (in->state == PK_NODE_ERROR || in->state == PK_NODE_CANCELLED) {
            gboolean cancelled = in->state == PK_NODE_CANCELLED;
            PkNodeId cause = in->cause != 0 ? in->cause : in->id;
            PkNode *origin = pk_graph_node(run->graph, cause);
            g_autofree char *message = g_strdup_printf(cancelled ? "Not run: '%s' was cancelled."
                                                                 : "Not run: '%s' failed.",
                                                       origin != NULL ? origin->name : in->name);
            finish_failed(run, node, cancelled ? PK_ERROR_CANCELLED : PK_ERROR_UPSTREAM, message,
                          cause);
            return FALSE;
        }
        if (in->state != PK_NODE_DONE) {
            return FALSE;
        }
    }
    return TRUE;
}

/* The first queued node that can run now, or NULL. */
static PkNode *take_ready(PkRun *run) {
    for (guint i = 0; i < run->queue->len; i++) {
        PkNode *node = pk_graph_node(run->graph, g_array_index(run->queue, PkNodeId, i));
        if (node->state != PK_NODE_QUEUED) {
            continue;
        }
        if (pk_cancel_is_requested(node->cancel)) {
            finish_failed(run, node, PK_ERROR_CANCELLED, "Cancelled.", 0);
            continue;
        }
        if (inputs_ready(run, node)) {
            return node;
        }
    }
    return NULL;
}

static void notify_changed(PkRun *run) {
    g_autoptr(GPtrArray) changed = run->changed;
    run->changed = g_ptr_array_new();
    g_mutex_unlock(&run->graph->lock);
    for (guint i = 0; i < changed->len; i++) {
        pk_graph_notify(run->graph, changed->pdata[i]);
    }
    g_mutex_lock(&run->graph->lock);
}

/* ---- running one node ------------------------------------------------------------------------ */

/* Runs node (taken under the lock, which is released meanwhile) and publishes the result. */
static void run_one(PkRun *run, PkNode *node, PkConn *conn) {
    PkGraph *graph = run->graph;
    guint n = node->inputs->len;
    g_autofree PkGraphValue **inputs = g_new0(PkGraphValue *, n + 1);
    for (guint i = 0; i < n; i++) {
        inputs[i] = pk_graph_value_ref(
            pk_graph_node(graph, g_array_index(node->inputs, PkNodeId, i))->value);
    }
    node->state = PK_NODE_RUNNING;
    node->started_us = g_get_monotonic_time();
    node->progress = -1;
    g_autofree char *key = pk_graph_cache_key(graph, node, inputs, n);
    /* Sources always run: their fingerprint says whether the file changed. */
    gboolean use_cache = !graph->validating;
    g_autoptr(PkGraphValue) value =
        node->kind != PK_NODE_SOURCE && use_cache ? pk_graph_cache_lookup(graph, key) : NULL;
    g_ptr_array_add(run->changed, node);
    PkNodeJob job = {graph, conn, node, inputs, n, pk_cancel_ref(node->cancel), NULL, NULL, NULL};
    gboolean cached = value != NULL;
    g_autoptr(GError) error = NULL;
    gboolean ok = cached;
    if (!cached) {
        notify_changed(run);
        g_mutex_unlock(&graph->lock);
        ok = use_cache ? pk_graph_run_node(&job, &value, &error)
                       : pk_graph_check_node(&job, &value, &error);
        g_mutex_lock(&graph->lock);
    }
    if (ok && value != NULL && !cached && use_cache) {
        g_free(key);
        g_free(node->fingerprint);
        node->fingerprint = g_steal_pointer(&job.fingerprint);
        key = pk_graph_cache_key(graph, node, inputs, n);
        PkGraphValue *earlier = pk_graph_cache_lookup(graph, key);
        if (earlier != NULL) { /* the same result as before: keep its id for downstream keys */
            pk_graph_value_unref(value);
            value = earlier;
        } else {
            pk_graph_cache_insert(graph, key, value);
        }
    }
    if (node->kind == PK_NODE_SOURCE && !graph->validating && !pk_db_is_locked_down(graph->db)) {
        /* An import can only happen before the lock-down: keep why it failed for the runs
         * after it, which cannot import (graph-source.c). */
        g_clear_pointer(&node->load_error, g_free);
        if (!ok) {
            node->load_error_code = error->domain == PK_ERROR ? error->code : PK_ERROR_FAILED;
            node->load_error = g_strdup(error->message);
        }
    }
    if (ok) {
        finish_done(run, node, value, &job, cached);
    } else {
        finish_failed(run, node, error->domain == PK_ERROR ? error->code : PK_ERROR_FAILED,
                      error->message, 0);
    }
    for (guint i = 0; i < n; i++) {
        pk_graph_value_unref(inputs[i]);
    }
    pk_cancel_unref(job.cancel);
    g_free(job.note);
    g_clear_pointer(&job.report, g_variant_unref);
    g_free(job.fingerprint);
}

static gpointer worker_main(gpointer data) {
    PkRun *run = data;
    PkGraph *graph = run->graph;
    g_autoptr(GError) error = NULL;
    PkConn *conn = pk_db_connect(graph->db, &error);
    if (conn != NULL) {
        pk_janitor_sweep(graph->janitor, conn);
    }
    g_mutex_lock(&graph->lock);
    while (run->n_left > 0) {
        PkNode *node = conn != NULL ? take_ready(run) : NULL;
        if (node != NULL) {
            graph->n_active++;
            run_one(run, node, conn);
            graph->n_active--;
            notify_changed(run);
            g_cond_broadcast(&graph->changed);
        } else if (conn == NULL || graph->n_active == 0) {
            /* Nothing runs and nothing is ready: what is left cannot run (no connection). */
            break;
        } else if (run->changed->len > 0) {
            /* Notifying releases the lock: look again before waiting, or a broadcast sent
             * meanwhile (the last node finishing) would be missed. */
            notify_changed(run);
        } else {
            g_cond_wait(&graph->changed, &graph->lock);
        }
    }
    g_mutex_unlock(&graph->lock);
    pk_conn_close(conn);
    return NULL;
}

/* ---- an evaluation --------------------------------------------------------------------------- */

/* TRUE when id is target or one of its ancestors. */
static gboolean needed_by(PkGraph *graph, PkNodeId id, PkNodeId target) {
    if (target == 0 || id == target) {
        return TRUE;
    }
    PkNode *node = pk_graph_node(graph, target);
    for (guint i = 0; i < node->inputs->len; i++) {
        if (needed_by(graph, id, g_array_index(node->inputs, PkNodeId, i))) {
            return TRUE;
        }
    }
    return FALSE;
}

static PkRun *run_begin(PkGraph *graph, PkNodeId target, gboolean sources_only, GError **error) {
    if (target != 0 && pk_graph_node(graph, target) == NULL) {
        g_set_error(error, PK_ERROR, PK_ERROR_NOT_FOUND, "There is no node with id %u.", target);
        return NULL;
    }
    g_mutex_lock(&graph->lock);
    if (graph->running) {
        g_mutex_unlock(&graph->lock);
        g_set_error_literal(error, PK_ERROR, PK_ERROR_INVALID,
                            "The graph is already evaluating; wait for it or cancel it.");
        return NULL;
    }
    graph->running = TRUE;
    PkRun *run = g_new0(PkRun, 1);
    run->graph = graph;
    run->queue = g_array_new(FALSE, FALSE, sizeof(PkNodeId));
    run->changed = g_ptr_array_new();
    guint n = 0;
    g_autofree PkNodeId *order = pk_graph_topological(graph, &n);
    for (guint i = 0; i < n; i++) {
        PkNode *node = pk_graph_node(graph, order[i]);
        gboolean wanted =
            sources_only ? node->kind == PK_NODE_SOURCE : needed_by(graph, node->id, target);
        if (!wanted || (!node->dirty && node->state == PK_NODE_DONE)) {
            continue;
        }
        node->state = PK_NODE_QUEUED;
        node->in_run = TRUE;
        node->started_us = 0;
        g_clear_pointer(&node->cancel, pk_cancel_unref);
        node->cancel = pk_cancel_new();
        g_array_append_val(run->queue, node->id);
        g_ptr_array_add(run->changed, node);
    }
    run->n_left = run->queue->len;
    notify_changed(run);
    g_mutex_unlock(&graph->lock);
    return run;
}

static void run_execute(PkRun *run) {
    guint n = run->graph->n_workers != 0 ? run->graph->n_workers
                                         : (guint)CLAMP(g_get_num_processors(), 1, 8);
    n = MIN(n, MAX(run->queue->len, 1));
    g_autofree GThread **threads = g_new0(GThread *, n);
    for (guint i = 0; i < n; i++) {
        threads[i] = g_thread_new("pika-graph", worker_main, run);
    }
    for (guint i = 0; i < n; i++) {
        g_thread_join(threads[i]);
    }
}

/* Ends the evaluation: FALSE with the failed nodes named when any did not finish. */
static gboolean run_end(PkRun *run, GError **error) {
    PkGraph *graph = run->graph;
    g_mutex_lock(&graph->lock);
    g_autoptr(GString) failed = g_string_new(NULL);
    gboolean cancelled = FALSE;
    for (guint i = 0; i < run->queue->len; i++) {
        PkNode *node = pk_graph_node(graph, g_array_index(run->queue, PkNodeId, i));
        if (node->in_run) { /* left behind (no connection): report it as failed */
            finish_failed(run, node, PK_ERROR_FAILED, "Could not run: no database connection.", 0);
        }
        if (node->state == PK_NODE_ERROR && node->error_code != PK_ERROR_UPSTREAM) {
            g_string_append_printf(failed, "%s%s", failed->len > 0 ? ", " : "", node->name);
        }
        cancelled = cancelled || node->state == PK_NODE_CANCELLED;
    }
    graph->running = FALSE;
    notify_changed(run);
    g_cond_broadcast(&graph->changed);
    g_mutex_unlock(&graph->lock);
    gboolean ok = failed->len == 0 && !cancelled;
    if (failed->len > 0) {
        g_set_error(error, PK_ERROR, PK_ERROR_FAILED, "These nodes failed: %s.", failed->str);
    } else if (cancelled) {
        g_set_error_literal(error, PK_ERROR, PK_ERROR_CANCELLED, "The evaluation was cancelled.");
    }
    g_array_unref(run->queue);
    g_ptr_array_unref(run->changed);
    g_free(run);
    return ok;
}

/* An evaluation with an outside cancellation token: connected once the run's nodes have their
 * own tokens, so that a request made before the run began (it fires at once on connecting)
 * or during it cancels them all. */
static gboolean run_cancellable(PkGraph *graph, PkNodeId target, gboolean sources_only,
                                PkCancel *cancel, GError **error) {
    PkRun *run = run_begin(graph, target, sources_only, error);
    if (run == NULL) {
        return FALSE;
    }
    gulong id = pk_cancel_connect(cancel, (PkCancelFunc)pk_graph_cancel_all, graph);
    run_execute(run);
    pk_cancel_disconnect(cancel, id);
    return run_end(run, error);
}

gboolean pk_graph_run(PkGraph *graph, PkNodeId target, gboolean sources_only, GError **error) {
    return run_cancellable(graph, target, sources_only, NULL, error);
}

gboolean pk_graph_evaluate(PkGraph *graph, PkNodeId target, GError **error) {
    return run_cancellable(graph, target, FALSE, NULL, error);
}

gboolean pk_graph_evaluate_cancellable(PkGraph *graph, PkNodeId target, PkCancel *cancel,
                                       GError **error) {
    return run_cancellable(graph, target, FALSE, cancel, error);
}

gboolean pk_graph_load_sources(PkGraph *graph, PkCancel *cancel, GError **error) {
    g_autoptr(GError) local = NULL;
    run_cancellable(graph, 0, TRUE, cancel, &local);
    return !pk_cancel_set_error_if_requested(cancel, error);
}

static gpointer async_main(gpointer data) {
    PkAsync *async = data;
    PkGraph *graph = async->run->graph;
    run_execute(async->run);
    g_autoptr(GError) error = NULL;
    gboolean ok = run_end(async->run, &error);
    if (async->done != NULL) {
        async->done(graph, ok, error, async->user_data);
    }
    g_free(async);
    return NULL;
}

gboolean pk_graph_evaluate_async(PkGraph *graph, PkNodeId target, PkGraphDoneFunc done,
                                 gpointer user_data, GError **error) {
    pk_graph_wait(graph); /* joins a driver that has finished */
    PkRun *run = run_begin(graph, target, FALSE, error);
    if (run == NULL) {
        return FALSE;
    }
    PkAsync *async = g_new0(PkAsync, 1);
    *async = (PkAsync){run, done, user_data};
    graph->driver = g_thread_new("pika-graph-run", async_main, async);
    return TRUE;
}

void pk_graph_wait(PkGraph *graph) {
    g_mutex_lock(&graph->lock);
    GThread *driver = g_steal_pointer(&graph->driver);
    g_mutex_unlock(&graph->lock);
    if (driver != NULL) {
        g_thread_join(driver);
    }
}

void pk_graph_cancel(PkGraph *graph, PkNodeId id) {
    g_mutex_lock(&graph->lock);
    GHashTableIter iter;
    gpointer data;
    g_hash_table_iter_init(&iter, graph->nodes);
    while (g_hash_table_iter_next(&iter, NULL, &data)) {
        PkNode *node = data;
        if ((id == 0 || node->id == id) && node->cancel != NULL) {
            pk_cancel_request(node->cancel);
        }
    }
    g_cond_broadcast(&graph->changed);
    g_mutex_unlock(&graph->lock);
}

void pk_graph_cancel_all(PkGraph *graph) {
    pk_graph_cancel(graph, 0);
}
