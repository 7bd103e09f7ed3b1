/* controller.c — the window controller (controller.h): evaluation, the graph observer,
 * selections and the signals every view listens to. Graph edits that add, move or rewire
 * nodes are in controller-edit.c.
 *
 * Evaluation: `busy` while pk_graph_evaluate_async runs; `generation` counts evaluations so a
 * stale completion (of one cancelled by an edit) is ignored. A run asked for while busy is
 * remembered in `pending` (a node, or 0 for all; two different nodes become "all").
 * Observer calls come from workers: each is copied into a StatusEvent and delivered on the
 * main loop through a weak reference, so a controller released meanwhile is skipped. */
#include "controller.h"

#include "app.h"

#define SELECTION_RUN_DELAY_MS 700

struct _PkController {
    GObject parent_instance;
    PkGraph *graph;
    PkDb *db;
    PkCompute *compute;
    guint observer;
    gboolean busy;
    gboolean has_pending;
    PkNodeId pending;
    guint generation;
    guint selection_run; /* runs what a selection made dirty, once brushing pauses */
};

G_DEFINE_FINAL_TYPE(PkController, pk_controller, G_TYPE_OBJECT)

enum {
    SIGNAL_NODE_STATUS,
    SIGNAL_GRAPH_CHANGED,
    SIGNAL_CHANGED,
    SIGNAL_TOAST,
    SIGNAL_FOCUS_NODE,
    SIGNAL_FRAME,
    N_SIGNALS
};
static guint signals[N_SIGNALS];

typedef struct {
    GWeakRef ctl;
    PkNodeId node;
    PkNodeStatus status;
    guint generation;
    gboolean ok;
    char *message;
} StatusEvent;

static void status_event_free(StatusEvent *event) {
    g_weak_ref_clear(&event->ctl);
    pk_node_status_clear(&event->status);
    g_free(event->message);
    g_free(event);
}

static StatusEvent *status_event_new(PkController *ctl) {
    StatusEvent *event = g_new0(StatusEvent, 1);
    g_weak_ref_init(&event->ctl, ctl);
    return event;
}

static gboolean deliver_status(gpointer data) {
    StatusEvent *event = data;
    g_autoptr(PkController) ctl = g_weak_ref_get(&event->ctl);
    if (ctl != NULL && ctl->observer != 0) {
        g_signal_emit(ctl, signals[SIGNAL_NODE_STATUS], 0, (guint)event->node,
                      (gpointer)&event->status);
        if (event->status.state == PK_NODE_DONE || event->status.state == PK_NODE_ERROR) {
            g_signal_emit(ctl, signals[SIGNAL_CHANGED], 0);
        }
    }
    return G_SOURCE_REMOVE;
}

/* Worker thread (or the main thread for edits): copy and forward. */
static void on_graph_status(PkGraph *graph, PkNodeId node, const PkNodeStatus *status,
                            gpointer user_data) {
    (void)graph;
    StatusEvent *event = status_event_new(user_data);
    event->node = node;
    event->status = *status;
    event->status.message = g_strdup(status->message);
    pk_app_run_on_main(deliver_status, event, (GDestroyNotify)status_event_free);
}

static void start_evaluation(PkController *ctl, PkNodeId node);

static gboolean deliver_done(gpointer data) {
    StatusEvent *event = data;
    g_autoptr(PkController) ctl = g_weak_ref_get(&event->ctl);
    if (ctl == NULL || event->generation != ctl->generation) {
        return G_SOURCE_REMOVE;
    }
    ctl->busy = FALSE;
    if (!event->ok && event->message != NULL) {
        g_debug("evaluation ended: %s", event->message);
    }
    if (ctl->has_pending) {
        ctl->has_pending = FALSE;
        start_evaluation(ctl, ctl->pending);
    }
    g_signal_emit(ctl, signals[SIGNAL_CHANGED], 0);
    return G_SOURCE_REMOVE;
}

static void on_evaluation_done(PkGraph *graph, gboolean ok, const GError *error,
                               gpointer user_data) {
    (void)graph;
    StatusEvent *event = user_data;
    event->ok = ok;
    event->message = error != NULL ? g_strdup(error->message) : NULL;
    pk_app_run_on_main(deliver_done, event, (GDestroyNotify)status_event_free);
}

static void start_evaluation(PkController *ctl, PkNodeId node) {
    g_autoptr(GError) error = NULL;
    StatusEvent *event = status_event_new(ctl);
    event->generation = ++ctl->generation;
    ctl->busy = TRUE;
    if (!pk_graph_evaluate_async(ctl->graph, node, on_evaluation_done, event, &error)) {
        ctl->busy = FALSE;
        status_event_free(event);
        pk_controller_toast(ctl, error->message);
    }
}

void pk_controller_run(PkController *ctl, PkNodeId node) {
    g_return_if_fail(PK_IS_CONTROLLER(ctl));
    if (ctl->observer == 0) {
        return; /* shut down */
    }
    if (!ctl->busy) {
        start_evaluation(ctl, node);
        return;
    }
    if (ctl->has_pending && ctl->pending != node) {
        node = 0;
    }
    ctl->has_pending = TRUE;
    ctl->pending = node;
}

gboolean pk_controller_is_busy(PkController *ctl) {
    return ctl->busy;
}

void pk_controller_stop(PkController *ctl) {
    g_return_if_fail(PK_IS_CONTROLLER(ctl));
    if (!ctl->busy) {
        return;
    }
    pk_graph_cancel(ctl->graph, 0);
    pk_graph_wait(ctl->graph);
    ctl->busy = FALSE;
    ctl->generation++; /* its completion, still queued, is stale now */
}

void pk_controller_shutdown(PkController *ctl) {
    g_return_if_fail(PK_IS_CONTROLLER(ctl));
    g_clear_handle_id(&ctl->selection_run, g_source_remove);
    pk_controller_stop(ctl);
    if (ctl->observer != 0) {
        pk_graph_remove_observer(ctl->graph, ctl->observer);
        ctl->observer = 0;
    }
}

gboolean pk_controller_set_params(PkController *ctl, PkNodeId node, GVariant *params,
                                  GError **error) {
    g_autoptr(GVariant) owned = g_variant_ref_sink(params);
    pk_controller_stop(ctl);
    if (!pk_graph_set_params(ctl->graph, node, owned, error)) {
        return FALSE;
    }
    g_signal_emit(ctl, signals[SIGNAL_CHANGED], 0);
    return TRUE;
}

static gboolean run_after_selection(gpointer data) {
    PkController *ctl = data;
    ctl->selection_run = 0;
    pk_controller_run(ctl, 0);
    return G_SOURCE_REMOVE;
}

/* The run waits for brushing to pause: plots wired straight to the source already show the
 * selection from memory, and each run re-aggregates every plot of the source in the database. */
gboolean pk_controller_set_selection(PkController *ctl, PkNodeId node, const PkSelection *selection,
                                     GError **error) {
    pk_controller_stop(ctl);
    if (!pk_graph_set_selection(ctl->graph, node, selection, error)) {
        return FALSE;
    }
    g_signal_emit(ctl, signals[SIGNAL_CHANGED], 0);
    g_clear_handle_id(&ctl->selection_run, g_source_remove);
    ctl->selection_run = g_timeout_add(SELECTION_RUN_DELAY_MS, run_after_selection, ctl);
    return TRUE;
}

void pk_controller_notify_graph_changed(PkController *ctl) {
    g_return_if_fail(PK_IS_CONTROLLER(ctl));
    g_signal_emit(ctl, signals[SIGNAL_GRAPH_CHANGED], 0);
    g_signal_emit(ctl, signals[SIGNAL_CHANGED], 0);
}

void pk_controller_notify_changed(PkController *ctl) {
    g_return_if_fail(PK_IS_CONTROLLER(ctl));
    g_signal_emit(ctl, signals[SIGNAL_CHANGED], 0);
}

void pk_controller_toast(PkController *ctl, const char *message) {
    pk_controller_toast_file(ctl, message, NULL);
}

void pk_controller_toast_file(PkController *ctl, const char *message, const char *path) {
    g_return_if_fail(PK_IS_CONTROLLER(ctl));
    g_signal_emit(ctl, signals[SIGNAL_TOAST], 0, message, path);
}

void pk_controller_focus_node(PkController *ctl, PkNodeId node) {
    g_signal_emit(ctl, signals[SIGNAL_FOCUS_NODE], 0, (guint)node);
}

void pk_controller_report_frame(PkController *ctl, double frame_ms) {
    g_signal_emit(ctl, signals[SIGNAL_FRAME], 0, frame_ms);
}

static void pk_controller_init(PkController *ctl) {
    (void)ctl;
}

static void pk_controller_dispose(GObject *object) {
    pk_controller_shutdown(PK_CONTROLLER(object));
    G_OBJECT_CLASS(pk_controller_parent_class)->dispose(object);
}

static void pk_controller_class_init(PkControllerClass *klass) {
    G_OBJECT_CLASS(klass)->dispose = pk_controller_dispose;
    GType type = G_TYPE_FROM_CLASS(klass);
    signals[SIGNAL_NODE_STATUS] =
        g_signal_new("node-status", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 2,
                     G_TYPE_UINT, G_TYPE_POINTER);
    signals[SIGNAL_GRAPH_CHANGED] =
        g_signal_new("graph-changed", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
    signals[SIGNAL_CHANGED] =
        g_signal_new("changed", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
    signals[SIGNAL_TOAST] = g_signal_new("toast", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                         G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
    signals[SIGNAL_FOCUS_NODE] = g_signal_new("focus-node", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                              NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
    signals[SIGNAL_FRAME] = g_signal_new("frame", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                         G_TYPE_NONE, 1, G_TYPE_DOUBLE);
}

PkController *pk_controller_new(PkGraph *graph, PkDb *db, PkCompute *compute) {
    PkController *ctl = g_object_new(PK_TYPE_CONTROLLER, NULL);
    ctl->graph = graph;
    ctl->db = db;
    ctl->compute = compute;
    ctl->observer = pk_graph_add_observer(graph, on_graph_status, ctl);
    return ctl;
}

PkGraph *pk_controller_get_graph(PkController *ctl) {
    return ctl->graph;
}

PkDb *pk_controller_get_db(PkController *ctl) {
    return ctl->db;
}

PkCompute *pk_controller_get_compute(PkController *ctl) {
    return ctl->compute;
}
