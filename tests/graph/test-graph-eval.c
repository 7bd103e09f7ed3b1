/* test-graph-eval.c — races between the graph's evaluation workers, made deterministic with an
 * observer that holds workers at chosen points (observers run on the worker that announces a
 * change, with the graph's lock released).
 *
 * The lost wake-up: a worker that finds nothing ready while another still runs announces the
 * changes it made (releasing the lock), then waits for a "changed" broadcast. If the last
 * running node finishes while it announces, that broadcast comes before the wait and the
 * evaluation never ends. Staged here with three query nodes on two workers:
 *
 *   worker 1: f running ...(held until q runs)... f fails -> d fails (its input did)
 *             -> nothing ready, q still running -> announces "d failed" ......... then waits?
 *   worker 2:                          q running ...(held until d's failure is announced)...
 *             q done -> broadcast -> nothing left: leaves
 *
 * The observer holds worker 1 in the announcement of d's failure until q is done and worker 2
 * has had time to broadcast and leave. */
#include "pika-test.h"
#include "graph-test-util.h"
#include "pika/data.h"
#include "pika/error.h"
#include "pika/graph.h"

#include <string.h>

#define STAGE_TIMEOUT_S 10 /* a stage that does not come within this fails the test */
#define EVAL_TIMEOUT_S 20  /* an evaluation that does not end within this is hung */

typedef struct {
    GMutex lock;
    GCond cond;
    PkNodeId f, d, q;
    gboolean q_running, d_failed, q_done;
    char *missed; /* the first stage that did not come in time */
} Stage;

/* Waits (lock held) until *flag, noting the stage when it times out. */
static void stage_wait(Stage *s, const gboolean *flag, const char *what) {
    gint64 end = g_get_monotonic_time() + STAGE_TIMEOUT_S * G_TIME_SPAN_SECOND;
    while (!*flag) {
        if (!g_cond_wait_until(&s->cond, &s->lock, end)) {
            if (s->missed == NULL) {
                s->missed = g_strdup(what);
            }
            return;
        }
    }
}

static void stage_set(Stage *s, gboolean *flag) {
    *flag = TRUE;
    g_cond_broadcast(&s->cond);
}

static void on_change(PkGraph *graph, PkNodeId node, const PkNodeStatus *status, gpointer data) {
    (void)graph;
    Stage *s = data;
    gboolean linger = FALSE;
    g_mutex_lock(&s->lock);
    if (node == s->f && status->state == PK_NODE_RUNNING) {
        stage_wait(s, &s->q_running, "q running on the other worker");
    } else if (node == s->q && status->state == PK_NODE_RUNNING) {
        stage_set(s, &s->q_running);
        stage_wait(s, &s->d_failed, "d's failure announced");
    } else if (node == s->d && status->state == PK_NODE_ERROR) {
        stage_set(s, &s->d_failed);
        stage_wait(s, &s->q_done, "q done");
        linger = TRUE;
    } else if (node == s->q && status->state == PK_NODE_DONE) {
        stage_set(s, &s->q_done);
    }
    g_mutex_unlock(&s->lock);
    if (linger) {
        /* q's worker now takes the lock, broadcasts and leaves: let it */
        g_usleep(200 * 1000);
    }
}

typedef struct {
    PkGraph *graph;
    gboolean ok;
    GError *error;
    gint done; /* atomic */
} Eval;

static gpointer evaluate_main(gpointer data) {
    Eval *e = data;
    e->ok = pk_graph_evaluate(e->graph, 0, &e->error);
    g_atomic_int_set(&e->done, 1);
    return NULL;
}

static PkNodeId add_query(PkGraph *graph, const char *name, const char *sql) {
    return graph_test_add(graph, PK_NODE_QUERY, name, graph_test_params1("sql", sql));
}

static void assert_state(PkGraph *graph, PkNodeId node, PkNodeState state) {
    PkNodeStatus status = {0};
    pk_graph_get_status(graph, node, &status);
    g_assert_cmpstr(pk_node_state_name(status.state), ==, pk_node_state_name(state));
    pk_node_status_clear(&status);
}

static void test_last_node_finishing_during_an_announcement_ends_the_evaluation(void) {
    g_autoptr(GError) error = NULL;
    PkDb *db = pk_db_open(NULL, NULL, &error);
    g_assert_no_error(error);
    PkGraph *graph = pk_graph_new(db, NULL, NULL);
    pk_graph_set_workers(graph, 2);
    Stage s = {0};
    g_mutex_init(&s.lock);
    g_cond_init(&s.cond);
    s.f = add_query(graph, "f", "SELECT * FROM no_such_table");
    s.d = add_query(graph, "d", "SELECT * FROM f");
    g_assert_true(pk_graph_connect(graph, s.f, s.d, 0, &error));
    g_assert_no_error(error);
    s.q = add_query(graph, "q", "SELECT 42 AS answer");
    guint observer = pk_graph_add_observer(graph, on_change, &s);

    Eval e = {graph, FALSE, NULL, 0};
    GThread *thread = g_thread_new("evaluate", evaluate_main, &e);
    gint64 end = g_get_monotonic_time() + EVAL_TIMEOUT_S * G_TIME_SPAN_SECOND;
    while (!g_atomic_int_get(&e.done) && g_get_monotonic_time() < end) {
        g_usleep(10 * 1000);
    }
    if (!g_atomic_int_get(&e.done)) {
        /* the thread cannot be joined: end the process with the verdict */
        g_error("the evaluation did not end within %d s: a worker waits for a wake-up that "
                "came while it announced a change (stages: q running %d, d failed %d, q done %d)",
                EVAL_TIMEOUT_S, s.q_running, s.d_failed, s.q_done);
    }
    g_thread_join(thread);
    g_assert_null(s.missed);
    g_assert_true(s.q_running && s.d_failed && s.q_done);
    g_assert_false(e.ok);
    g_assert_error(e.error, PK_ERROR, PK_ERROR_FAILED);
    g_assert_nonnull(strstr(e.error->message, "These nodes failed: f."));
    assert_state(graph, s.f, PK_NODE_ERROR);
    assert_state(graph, s.d, PK_NODE_ERROR);
    assert_state(graph, s.q, PK_NODE_DONE);

    g_clear_error(&e.error);
    pk_graph_remove_observer(graph, observer);
    pk_graph_free(graph);
    pk_db_close(db);
    g_free(s.missed);
    g_mutex_clear(&s.lock);
    g_cond_clear(&s.cond);
}

int main(int argc, char **argv) {
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/graph/eval/last-node-finishing-during-an-announcement-ends-the-evaluation",
                    test_last_node_finishing_during_an_announcement_ends_the_evaluation);
    return pk_test_run();
}
