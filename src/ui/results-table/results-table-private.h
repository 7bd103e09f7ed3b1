/* results-table-private.h — internals shared by results-table*.c: the page fetcher (worker
 * threads with pooled connections) and accessors the action code uses.
 * Threading: PkFetcher functions may be called from the main thread; its work runs on GTask
 * worker threads, each taking a connection from the pool for the duration of one query. */
#pragma once

#include "results-table.h"

typedef struct PkFetcher PkFetcher;

typedef struct {
    guint page;
    guint generation;
    PkTextPage *text;        /* NULL on error */
    PkTextPage *header_copy; /* a copy of text when the fetch started at row 0 */
    guint64 n_rows;          /* counted rows when asked, else G_MAXUINT64 */
    GError *error;
} PkFetchResult;

PkFetcher *pk_fetcher_new(PkDb *db);
void pk_fetcher_unref(PkFetcher *fetcher);
/* Fetches rows [offset, offset + limit) of sql on a worker; count also counts the result's
 * rows. callback runs on the calling thread's main context with source as source object. */
void pk_fetcher_fetch(PkFetcher *fetcher, GObject *source, const char *sql, guint page,
                      guint64 offset, guint64 limit, gboolean count, guint generation,
                      GAsyncReadyCallback callback, gpointer user_data);
PkFetchResult *pk_fetcher_finish(GAsyncResult *result);
void pk_fetch_result_free(PkFetchResult *result);
/* Cancels the running fetches (they finish with PK_ERROR_CANCELLED); later ones run. */
void pk_fetcher_cancel_all(PkFetcher *fetcher);
/* Cancels, waits for running work and closes the pooled connections; later work fails. */
void pk_fetcher_shutdown(PkFetcher *fetcher);
/* A connection for one thread's use; give it back after. NULL with error after shutdown. */
PkConn *pk_fetcher_take_conn(PkFetcher *fetcher, GError **error);
void pk_fetcher_give_conn(PkFetcher *fetcher, PkConn *conn);
/* Runs export of sql to path on a worker; callback gets a task whose boolean says success. */
void pk_fetcher_export(PkFetcher *fetcher, GObject *source, const char *sql, const char *path,
                       PkDataFormat format, GAsyncReadyCallback callback, gpointer user_data);

PkFetcher *pk_results_table_get_fetcher(PkResultsTable *self);
const char *pk_results_table_get_shown_sql(PkResultsTable *self);
guint pk_results_table_get_n_columns(PkResultsTable *self);
void pk_results_table_toast(PkResultsTable *self, const char *text);
/* A toast about a written file (toast.h). */
void pk_results_table_toast_file(PkResultsTable *self, const char *text, const char *path);
const char *pk_results_table_get_whole_sql(PkResultsTable *self);
void pk_results_table_emit_exported(PkResultsTable *self, const char *path, const char *error);
void pk_results_table_get_menu_cell(PkResultsTable *self, guint *row, guint *column);
void pk_results_table_store_page(PkResultsTable *self, guint index, PkTextPage *text);
void pk_results_table_install_actions(GtkWidgetClass *widget_class);
