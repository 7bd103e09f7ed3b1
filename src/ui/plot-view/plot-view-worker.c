/* plot-view-worker.c — the plot view's worker thread: loads a session (fetching the plot's
 * columns once through its own connection), prepares and renders frames, picks and exports.
 *
 *   main thread                          worker thread (one per view)
 *   load/prepare/pick/export  --slots-->  loop: take the newest job of the highest kind
 *     (a new prepare replaces the queued        load > export > prepare > pick
 *      one and cancels the running one)       run it; post the result to the main loop
 *   take_* <----- pk_app_run_on_main ------
 *
 * Newest wins: there is one slot per kind, so a queued request that was not started yet is
 * replaced (dropped), and a running prepare is cancelled through its PkCancel. Results carry
 * the worker; the main-thread callback delivers them only while worker->view is set, which
 * only the main thread changes (pk_view_worker_detach), so a result never reaches a disposed
 * view. The session lives and dies on the worker thread. */
#include "pika/data.h"
#include "pika/error.h"
#include "pika/render.h"
#include "app.h"
#include "plot-view-private.h"

#include "platform.h"

/* The worker's nice value (Linux: per thread, inherited by the engine's CPU threads that it
 * starts), so that the GTK main thread and the renderer's threads run first while the pointer
 * moves: a frame transformed on the main thread is always ready before an exact one. */
#define WORKER_NICE 10

/* In the order they are taken: a selection's rows go before the brush that makes the next
 * ones, both before plain pans. */
typedef enum { JOB_LOAD, JOB_EXPORT, JOB_ROWS, JOB_BRUSH, JOB_PREPARE, JOB_PICK, N_JOBS } JobKind;

typedef struct {
    JobKind kind;
    PkPlotSpec spec;          /* load */
    char *sql, *selected_sql; /* load */
    double view[4];           /* prepare, export */
    double width, height, scale;
    char *path;        /* export */
    PkViewScene *vs;   /* pick */
    double x, y;       /* pick */
    PkPlotBrush brush; /* brush (vertices: owned copy) */
    guint serial;      /* brush */
    PkRowSet *rows;    /* rows (NULL: clear the selection) */
} Job;

struct PkViewWorker {
    gint ref;
    GMutex lock;
    GCond cond;
    GThread *thread;
    gboolean quit;
    Job *slots[N_JOBS];
    Job *running;
    PkCancel *cancel; /* of the running job */
    PkPlotView *view; /* main thread only; NULL once detached */
    PkDb *db;
    PkCompute *compute;
    PkPlotSession *session; /* worker thread only */
    char *sql;              /* the session's relation (worker thread only) */
    gint theme;             /* PkTheme frames are drawn in (atomic: set by the view) */
};

typedef struct {
    PkViewWorker *worker;
    JobKind kind;
    PkViewLoaded loaded;
    PkViewScene *vs;
    double view[4];
    cairo_surface_t *image;
    double ms;
    char *text; /* pick: the tooltip, or NULL */
    double x, y;
    char *path;
    PkRowSet *rows;
    guint serial;
    GError *error;
} Result;

static void job_free(Job *job) {
    if (job == NULL) {
        return;
    }
    pk_plot_spec_clear(&job->spec);
    g_free(job->sql);
    g_free(job->selected_sql);
    g_free(job->path);
    pk_view_scene_unref(job->vs);
    g_free((double *)job->brush.vertices);
    pk_row_set_unref(job->rows);
    g_free(job);
}

static void worker_unref(PkViewWorker *w) {
    if (!g_atomic_int_dec_and_test(&w->ref)) {
        return;
    }
    for (guint i = 0; i < N_JOBS; i++) {
        job_free(w->slots[i]);
    }
    pk_plot_session_free(w->session);
    g_free(w->sql);
    pk_cancel_unref(w->cancel);
    g_mutex_clear(&w->lock);
    g_cond_clear(&w->cond);
    g_free(w);
}

static void result_free(gpointer data) {
    Result *r = data;
    g_clear_error(&r->loaded.error);
    pk_view_scene_unref(r->vs);
    g_clear_pointer(&r->image, cairo_surface_destroy);
    g_free(r->text);
    g_free(r->path);
    pk_row_set_unref(r->rows);
    g_clear_error(&r->error);
    worker_unref(r->worker);
    g_free(r);
}

/* Main thread: hands a result to the view if it is still there. */
static gboolean deliver(gpointer data) {
    Result *r = data;
    PkPlotView *view = r->worker->view;
    if (view == NULL) {
        return G_SOURCE_REMOVE;
    }
    switch (r->kind) {
    case JOB_LOAD:
        pk_plot_view_take_loaded(view, &r->loaded);
        break;
    case JOB_PREPARE:
    case JOB_ROWS:
        pk_plot_view_take_frame(view, r->vs, r->view, r->image, r->ms, r->error);
        break;
    case JOB_BRUSH:
        pk_plot_view_take_brush(view, r->rows, r->serial, r->error);
        break;
    case JOB_PICK:
        pk_plot_view_take_pick(view, r->text, r->x, r->y);
        break;
    case JOB_EXPORT:
        pk_plot_view_take_export(view, r->path, r->error);
        break;
    default:
        break;
    }
    return G_SOURCE_REMOVE;
}

static void post(PkViewWorker *w, Result *r) {
    r->worker = w;
    g_atomic_int_inc(&w->ref);
    pk_app_run_on_main(deliver, r, result_free);
}

static void run_load(PkViewWorker *w, Job *job, Result *r) {
    pk_plot_session_free(g_steal_pointer(&w->session));
    g_free(w->sql);
    w->sql = g_strdup(job->sql);
    PkConn *conn = pk_db_connect(w->db, &r->loaded.error);
    if (conn != NULL) {
        PkPlotPrepInput input = {conn,        w->compute, job->sql,  job->width,
                                 job->height, job->scale, w->cancel, job->selected_sql};
        w->session = pk_plot_session_new(&job->spec, &input, &r->loaded.error);
        pk_conn_close(conn);
    }
    if (w->session != NULL) {
        pk_plot_session_get_home(w->session, &r->loaded.home[0], &r->loaded.home[1],
                                 &r->loaded.home[2], &r->loaded.home[3]);
        pk_plot_session_get_scales(w->session, &r->loaded.x_scale, &r->loaded.y_scale);
        r->loaded.n_rows = pk_plot_session_get_n_rows(w->session);
    }
}

static void run_prepare(PkViewWorker *w, Job *job, Result *r) {
    gint64 t0 = g_get_monotonic_time();
    PkScene *scene = NULL;
    memcpy(r->view, job->view, sizeof r->view);
    if (w->session == NULL) {
        g_set_error(&r->error, PK_ERROR, PK_ERROR_INVALID, "the plot's data is not loaded");
        return;
    }
    if (!pk_plot_session_prepare(w->session, job->view[0], job->view[1], job->view[2], job->view[3],
                                 job->width, job->height, job->scale, w->cancel, &scene, NULL,
                                 &r->error)) {
        return;
    }
    scene->spec.theme = (PkTheme)g_atomic_int_get(&w->theme);
    PkViewScene *vs = g_new0(PkViewScene, 1);
    *vs = (PkViewScene){1, scene, job->width, job->height, job->scale};
    r->vs = vs;
    if (job->kind == JOB_EXPORT) {
        PkExportFormat format;
        if (pk_export_format_from_path(job->path, &format, &r->error)) {
            pk_render_export(scene, job->path, format, job->width, job->height, job->scale,
                             &r->error);
        }
        r->path = g_strdup(job->path);
        return;
    }
    gint64 t1 = g_get_monotonic_time();
    r->image = pk_render_to_image(scene, job->width, job->height, job->scale, &r->error);
    r->ms = (double)(g_get_monotonic_time() - t0) / 1000.0;
    g_debug("plot view: prepared in %.1f ms, rendered in %.1f ms", (double)(t1 - t0) / 1000.0,
            (double)(g_get_monotonic_time() - t1) / 1000.0);
}

/* Asks the database, through a connection of the worker's own, for one row of sql (offset
 * row) as text; NULL when it cannot (the tooltip then says less). */
static PkTextPage *query_row(PkViewWorker *w, const char *sql, guint64 row) {
    g_autoptr(GError) error = NULL;
    PkTextPage *page = NULL;
    PkConn *conn = pk_db_connect(w->db, &error);
    if (conn == NULL || !pk_conn_query_page(conn, sql, row, 1, w->cancel, &page, &error)) {
        g_debug("plot view: the hovered row is not shown (%s)", error->message);
    }
    pk_conn_close(conn);
    return page;
}

/* The rows of a bar chart's group (the plot's x column as text equal to group), or -1. */
static gint64 count_group(PkViewWorker *w, const PkPlotSpec *spec, const char *group) {
    g_autofree char *x = pk_data_quote_ident(spec->x.column);
    g_autofree char *literal = pk_data_quote_literal(group);
    g_autofree char *sql =
        g_strdup_printf("SELECT count(*) FROM (%s) AS pika_source WHERE "
                        "CAST(%s AS VARCHAR) = %s OR (%s IS NULL AND %s = 'NULL')",
                        w->sql, x, literal, x, literal);
    g_autoptr(PkTextPage) page = query_row(w, sql, 0);
    const char *n = page != NULL && page->n_rows == 1 ? pk_text_page_get(page, 0, 0) : NULL;
    return n != NULL ? g_ascii_strtoll(n, NULL, 10) : -1;
}

/* The tooltip: the session's pick on a scatter (a density bin's representative row fetched
 * whole, every column), the scene's description elsewhere (plot-view-hover.c). */
static void run_pick(PkViewWorker *w, Job *job, Result *r) {
    r->x = job->x, r->y = job->y;
    if (w->session == NULL) {
        return;
    }
    const PkViewScene *vs = job->vs;
    if (vs->scene->spec.type != PK_PLOT_SCATTER) {
        g_autofree char *group = NULL;
        r->text = pk_view_hover_describe(vs, job->x, job->y, &group);
        const PkPlotSpec *spec = &vs->scene->spec;
        if (group != NULL && r->text != NULL &&
            (spec->agg != PK_PLOT_AGG_COUNT || spec->color != NULL)) {
            gint64 n = count_group(w, spec, group);
            if (n >= 0) {
                g_autofree char *count = pk_format_count((guint64)n);
                char *text = g_strdup_printf("%s\nRows: %s", r->text, count);
                g_free(r->text), r->text = text;
            }
        }
        return;
    }
    PkPlotPick pick = {0};
    if (pk_plot_session_pick(w->session, vs->scene, vs->width, vs->height, vs->scale, job->x,
                             job->y, 6.0, w->cancel, &pick, NULL) &&
        pick.found) {
        g_autoptr(PkTextPage) row = pick.is_bin ? query_row(w, w->sql, pick.row) : NULL;
        r->text = pk_view_hover_pick_text(&pick, row);
    }
    pk_plot_pick_clear(&pick);
}

static void run_brush(PkViewWorker *w, Job *job, Result *r) {
    r->serial = job->serial;
    if (w->session == NULL) {
        g_set_error(&r->error, PK_ERROR, PK_ERROR_INVALID, "the plot's data is not loaded");
        return;
    }
    gint64 t0 = g_get_monotonic_time();
    pk_plot_session_brush(w->session, &job->brush, w->cancel, &r->rows, &r->error);
    g_debug("plot view: brushed in %.1f ms", (double)(g_get_monotonic_time() - t0) / 1000.0);
}

/* New selected rows, then the frame of the view with them. */
static void run_rows(PkViewWorker *w, Job *job, Result *r) {
    if (w->session == NULL) {
        g_set_error(&r->error, PK_ERROR, PK_ERROR_INVALID, "the plot's data is not loaded");
        return;
    }
    gint64 t0 = g_get_monotonic_time();
    if (pk_plot_session_set_selected_rows(w->session, job->rows, &r->error)) {
        g_debug("plot view: selected rows taken in %.1f ms",
                (double)(g_get_monotonic_time() - t0) / 1000.0);
        run_prepare(w, job, r);
    }
}

/* Takes the most important queued job, or NULL to quit. */
static Job *next_job(PkViewWorker *w) {
    g_mutex_lock(&w->lock);
    Job *job = NULL;
    while (job == NULL && !w->quit) {
        for (guint i = 0; i < N_JOBS && job == NULL; i++) {
            job = g_steal_pointer(&w->slots[i]);
        }
        if (job == NULL) {
            g_cond_wait(&w->cond, &w->lock);
        }
    }
    if (job != NULL) {
        pk_cancel_reset(w->cancel);
        w->running = job;
    }
    g_mutex_unlock(&w->lock);
    return job;
}

static void lower_priority(void) {
    if (!pk_platform_lower_thread_priority(WORKER_NICE)) {
        g_debug("plot view: the worker keeps its priority");
    }
}

static gpointer worker_main(gpointer data) {
    PkViewWorker *w = data;
    Job *job;
    lower_priority();
    while ((job = next_job(w)) != NULL) {
        Result *r = g_new0(Result, 1);
        r->kind = job->kind;
        if (job->kind == JOB_LOAD) {
            run_load(w, job, r);
        } else if (job->kind == JOB_PICK) {
            run_pick(w, job, r);
        } else if (job->kind == JOB_BRUSH) {
            run_brush(w, job, r);
        } else if (job->kind == JOB_ROWS) {
            run_rows(w, job, r);
        } else {
            run_prepare(w, job, r);
        }
        g_mutex_lock(&w->lock);
        w->running = NULL;
        g_mutex_unlock(&w->lock);
        job_free(job);
        if (r->error != NULL && g_error_matches(r->error, PK_ERROR, PK_ERROR_CANCELLED)) {
            r->worker = w; /* dropped: a newer request replaced it */
            g_atomic_int_inc(&w->ref);
            result_free(r);
        } else {
            post(w, r);
        }
    }
    worker_unref(w);
    return NULL;
}

PkViewWorker *pk_view_worker_new(PkPlotView *view, PkDb *db, PkCompute *compute) {
    PkViewWorker *w = g_new0(PkViewWorker, 1);
    w->ref = 2; /* the view's and the thread's */
    g_mutex_init(&w->lock);
    g_cond_init(&w->cond);
    w->cancel = pk_cancel_new();
    w->view = view, w->db = db, w->compute = compute;
    w->thread = g_thread_new("pika-plot-view", worker_main, w);
    return w;
}

void pk_view_worker_detach(PkViewWorker *w) {
    if (w == NULL) {
        return;
    }
    w->view = NULL;
    g_mutex_lock(&w->lock);
    w->quit = TRUE;
    pk_cancel_request(w->cancel);
    g_cond_signal(&w->cond);
    g_mutex_unlock(&w->lock);
    g_thread_join(w->thread);
    worker_unref(w);
}

static void queue(PkViewWorker *w, Job *job, gboolean cancel_running) {
    g_mutex_lock(&w->lock);
    job_free(w->slots[job->kind]);
    w->slots[job->kind] = job;
    if (cancel_running && w->running != NULL && w->running->kind == job->kind) {
        pk_cancel_request(w->cancel);
    }
    g_cond_signal(&w->cond);
    g_mutex_unlock(&w->lock);
}

void pk_view_worker_load(PkViewWorker *w, const PkPlotSpec *spec, const char *sql,
                         const char *selected_sql, double width, double height, double scale) {
    Job *job = g_new0(Job, 1);
    job->kind = JOB_LOAD;
    pk_plot_spec_copy(&job->spec, spec);
    job->sql = g_strdup(sql), job->selected_sql = g_strdup(selected_sql);
    job->width = width, job->height = height, job->scale = scale;
    g_mutex_lock(&w->lock);
    for (guint i = 0; i < N_JOBS; i++) {
        g_clear_pointer(&w->slots[i], job_free); /* nothing queued survives a reload */
    }
    if (w->running != NULL) {
        pk_cancel_request(w->cancel);
    }
    g_mutex_unlock(&w->lock);
    queue(w, job, FALSE);
}

void pk_view_worker_prepare(PkViewWorker *w, const double view[4], double width, double height,
                            double scale) {
    Job *job = g_new0(Job, 1);
    job->kind = JOB_PREPARE;
    memcpy(job->view, view, sizeof job->view);
    job->width = width, job->height = height, job->scale = scale;
    queue(w, job, TRUE);
}

void pk_view_worker_pick(PkViewWorker *w, PkViewScene *vs, double x, double y) {
    Job *job = g_new0(Job, 1);
    job->kind = JOB_PICK;
    job->vs = pk_view_scene_ref(vs);
    job->x = x, job->y = y;
    queue(w, job, TRUE);
}

void pk_view_worker_export(PkViewWorker *w, const double view[4], const char *path, double width,
                           double height, double scale) {
    Job *job = g_new0(Job, 1);
    job->kind = JOB_EXPORT;
    memcpy(job->view, view, sizeof job->view);
    job->path = g_strdup(path);
    job->width = width, job->height = height, job->scale = scale;
    queue(w, job, FALSE);
}

gboolean pk_view_worker_is_busy(PkViewWorker *w) {
    g_mutex_lock(&w->lock);
    gboolean busy = w->running != NULL && w->running->kind != JOB_PICK; /* hover: not busy */
    for (guint i = 0; i < N_JOBS && !busy; i++) {
        busy = w->slots[i] != NULL && i != JOB_PICK;
    }
    g_mutex_unlock(&w->lock);
    return busy;
}

void pk_view_worker_brush(PkViewWorker *w, const PkPlotBrush *brush, guint serial) {
    Job *job = g_new0(Job, 1);
    job->kind = JOB_BRUSH;
    job->brush = *brush;
    job->brush.vertices = brush->vertices != NULL
                              ? g_memdup2(brush->vertices, 2 * sizeof(double) * brush->n_vertices)
                              : NULL;
    job->serial = serial;
    queue(w, job, TRUE);
}

void pk_view_worker_set_rows(PkViewWorker *w, PkRowSet *rows, const double view[4], double width,
                             double height, double scale) {
    Job *job = g_new0(Job, 1);
    job->kind = JOB_ROWS;
    job->rows = rows != NULL ? pk_row_set_ref(rows) : NULL;
    memcpy(job->view, view, sizeof job->view);
    job->width = width, job->height = height, job->scale = scale;
    queue(w, job, FALSE);
}

void pk_view_worker_set_theme(PkViewWorker *w, PkTheme theme) {
    g_atomic_int_set(&w->theme, (gint)theme);
}
