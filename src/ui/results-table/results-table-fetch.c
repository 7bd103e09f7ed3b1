/* results-table-fetch.c — the results table's page fetcher: queries on GTask workers, each
 * with a connection taken from a small pool (a PkConn serves one thread at a time).
 *
 * Invariants: n_running counts work between pk_fetcher_fetch/export and the end of its
 * worker function; shutdown waits for it to reach 0 before closing the pooled connections,
 * so the borrowed PkDb can be closed once the widget is disposed. `cancel` is replaced by a
 * fresh token on every cancel_all; each job holds a reference to the token it started with. */
#include "results-table-private.h"

struct PkFetcher {
    gint ref_count;
    PkDb *db;
    GMutex lock;
    GCond idle;
    guint n_running;
    gboolean closed;
    GPtrArray *pool;         /* idle PkConn* */
    PkCancel *cancel;        /* page fetches: replaced by cancel_all */
    PkCancel *export_cancel; /* exports: only shutdown cancels them */
};

typedef struct {
    PkFetcher *fetcher;
    PkCancel *cancel;
    char *sql;
    char *path;
    PkDataFormat format;
    guint page, generation;
    guint64 offset, limit;
    gboolean count;
} Job;

static PkFetcher *fetcher_ref(PkFetcher *fetcher) {
    g_atomic_int_inc(&fetcher->ref_count);
    return fetcher;
}

static void job_free(gpointer data) {
    Job *job = data;
    pk_cancel_unref(job->cancel);
    pk_fetcher_unref(job->fetcher);
    g_free(job->sql);
    g_free(job->path);
    g_free(job);
}

PkFetcher *pk_fetcher_new(PkDb *db) {
    PkFetcher *fetcher = g_new0(PkFetcher, 1);
    fetcher->ref_count = 1;
    fetcher->db = db;
    g_mutex_init(&fetcher->lock);
    g_cond_init(&fetcher->idle);
    fetcher->pool = g_ptr_array_new();
    fetcher->cancel = pk_cancel_new();
    fetcher->export_cancel = pk_cancel_new();
    return fetcher;
}

static void close_pool(PkFetcher *fetcher) {
    for (guint i = 0; i < fetcher->pool->len; i++) {
        pk_conn_close(g_ptr_array_index(fetcher->pool, i));
    }
    g_ptr_array_set_size(fetcher->pool, 0);
}

void pk_fetcher_unref(PkFetcher *fetcher) {
    if (fetcher == NULL || !g_atomic_int_dec_and_test(&fetcher->ref_count)) {
        return;
    }
    close_pool(fetcher);
    g_ptr_array_unref(fetcher->pool);
    pk_cancel_unref(fetcher->cancel);
    pk_cancel_unref(fetcher->export_cancel);
    g_mutex_clear(&fetcher->lock);
    g_cond_clear(&fetcher->idle);
    g_free(fetcher);
}

PkConn *pk_fetcher_take_conn(PkFetcher *fetcher, GError **error) {
    g_mutex_lock(&fetcher->lock);
    PkConn *conn = NULL;
    gboolean closed = fetcher->closed;
    if (!closed && fetcher->pool->len > 0) {
        conn = g_ptr_array_steal_index_fast(fetcher->pool, fetcher->pool->len - 1);
    }
    g_mutex_unlock(&fetcher->lock);
    if (closed) {
        g_set_error(error, PK_ERROR, PK_ERROR_CANCELLED, "Cancelled: the table was closed.");
        return NULL;
    }
    return conn != NULL ? conn : pk_db_connect(fetcher->db, error);
}

void pk_fetcher_give_conn(PkFetcher *fetcher, PkConn *conn) {
    if (conn == NULL) {
        return;
    }
    g_mutex_lock(&fetcher->lock);
    gboolean keep = !fetcher->closed && fetcher->pool->len < 4;
    if (keep) {
        g_ptr_array_add(fetcher->pool, conn);
    }
    g_mutex_unlock(&fetcher->lock);
    if (!keep) {
        pk_conn_close(conn);
    }
}

static PkCancel *begin_work(PkFetcher *fetcher, gboolean export) {
    g_mutex_lock(&fetcher->lock);
    fetcher->n_running++;
    PkCancel *cancel = pk_cancel_ref(export ? fetcher->export_cancel : fetcher->cancel);
    g_mutex_unlock(&fetcher->lock);
    return cancel;
}

static void end_work(PkFetcher *fetcher) {
    g_mutex_lock(&fetcher->lock);
    fetcher->n_running--;
    g_cond_broadcast(&fetcher->idle);
    g_mutex_unlock(&fetcher->lock);
}

void pk_fetcher_cancel_all(PkFetcher *fetcher) {
    g_mutex_lock(&fetcher->lock);
    PkCancel *old = fetcher->cancel;
    fetcher->cancel = pk_cancel_new();
    g_mutex_unlock(&fetcher->lock);
    pk_cancel_request(old);
    pk_cancel_unref(old);
}

void pk_fetcher_shutdown(PkFetcher *fetcher) {
    pk_fetcher_cancel_all(fetcher);
    pk_cancel_request(fetcher->export_cancel);
    g_mutex_lock(&fetcher->lock);
    fetcher->closed = TRUE;
    while (fetcher->n_running > 0) {
        g_cond_wait(&fetcher->idle, &fetcher->lock);
    }
    close_pool(fetcher);
    g_mutex_unlock(&fetcher->lock);
}

static PkTextPage *text_page_copy(const PkTextPage *src) {
    PkTextPage *page = g_new0(PkTextPage, 1);
    page->n_columns = src->n_columns;
    page->n_rows = src->n_rows;
    page->column_names = g_strdupv(src->column_names);
    page->type_names = g_strdupv(src->type_names);
    gsize n = (gsize)src->n_rows * src->n_columns;
    page->cells = g_new0(char *, n + 1);
    for (gsize i = 0; i < n; i++) {
        page->cells[i] = g_strdup(src->cells[i]);
    }
    return page;
}

static gboolean count_rows(PkConn *conn, const char *sql, PkCancel *cancel, guint64 *out,
                           GError **error) {
    g_autofree char *count_sql = g_strdup_printf("SELECT count(*) FROM (%s) AS pk_counted", sql);
    g_autoptr(PkTextPage) page = NULL;
    if (!pk_conn_query_page(conn, count_sql, 0, 1, cancel, &page, error)) {
        return FALSE;
    }
    const char *text = page->n_rows > 0 ? pk_text_page_get(page, 0, 0) : NULL;
    *out = text != NULL ? g_ascii_strtoull(text, NULL, 10) : 0;
    return TRUE;
}

static void fetch_thread(GTask *task, gpointer source, gpointer data, GCancellable *unused) {
    Job *job = data;
    (void)source;
    (void)unused;
    PkFetchResult *res = g_new0(PkFetchResult, 1);
    res->page = job->page;
    res->generation = job->generation;
    res->n_rows = G_MAXUINT64;
    PkConn *conn = pk_fetcher_take_conn(job->fetcher, &res->error);
    gboolean ok =
        conn != NULL &&
        pk_conn_query_page(conn, job->sql, job->offset, job->limit, job->cancel, &res->text,
                           &res->error) &&
        (!job->count || count_rows(conn, job->sql, job->cancel, &res->n_rows, &res->error));
    if (!ok) {
        g_clear_pointer(&res->text, pk_text_page_free);
    } else if (job->offset == 0) {
        res->header_copy = text_page_copy(res->text);
    }
    pk_fetcher_give_conn(job->fetcher, conn);
    end_work(job->fetcher);
    g_task_return_pointer(task, res, (GDestroyNotify)pk_fetch_result_free);
}

void pk_fetcher_fetch(PkFetcher *fetcher, GObject *source, const char *sql, guint page,
                      guint64 offset, guint64 limit, gboolean count, guint generation,
                      GAsyncReadyCallback callback, gpointer user_data) {
    Job *job = g_new0(Job, 1);
    job->fetcher = fetcher_ref(fetcher);
    job->cancel = begin_work(fetcher, FALSE);
    job->sql = g_strdup(sql);
    job->page = page;
    job->offset = offset;
    job->limit = limit;
    job->count = count;
    job->generation = generation;
    g_autoptr(GTask) task = g_task_new(source, NULL, callback, user_data);
    g_task_set_task_data(task, job, job_free);
    g_task_run_in_thread(task, fetch_thread);
}

PkFetchResult *pk_fetcher_finish(GAsyncResult *result) {
    return g_task_propagate_pointer(G_TASK(result), NULL);
}

void pk_fetch_result_free(PkFetchResult *result) {
    if (result == NULL) {
        return;
    }
    pk_text_page_free(result->text);
    pk_text_page_free(result->header_copy);
    g_clear_error(&result->error);
    g_free(result);
}

static void export_thread(GTask *task, gpointer source, gpointer data, GCancellable *unused) {
    Job *job = data;
    (void)source;
    (void)unused;
    GError *error = NULL;
    PkConn *conn = pk_fetcher_take_conn(job->fetcher, &error);
    gboolean ok = conn != NULL &&
                  pk_data_export(conn, NULL, job->sql, job->path, job->format, job->cancel, &error);
    pk_fetcher_give_conn(job->fetcher, conn);
    end_work(job->fetcher);
    if (ok) {
        g_task_return_boolean(task, TRUE);
    } else {
        g_task_return_error(task, error);
    }
}

void pk_fetcher_export(PkFetcher *fetcher, GObject *source, const char *sql, const char *path,
                       PkDataFormat format, GAsyncReadyCallback callback, gpointer user_data) {
    Job *job = g_new0(Job, 1);
    job->fetcher = fetcher_ref(fetcher);
    job->cancel = begin_work(fetcher, TRUE);
    job->sql = g_strdup(sql);
    job->path = g_strdup(path);
    job->format = format;
    g_autoptr(GTask) task = g_task_new(source, NULL, callback, user_data);
    g_task_set_task_data(task, job, job_free);
    g_task_run_in_thread(task, export_thread);
}
