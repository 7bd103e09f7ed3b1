/* results-table.h — PkResultsTable: a virtualised table over any SQL result.
 *
 * A GtkColumnView whose model holds one light row object per result row; cells are fetched
 * a page at a time (PK_RESULTS_TABLE_PAGE_ROWS rows, pk_conn_query_page) on worker threads,
 * each with its own connection, so millions of rows scroll without being loaded. A row shows
 * placeholders until its page arrives. Headers show the column name and its DuckDB type;
 * numbers are right-aligned, NULL is dimmed. Clicking a header re-queries sorted; Ctrl+C and
 * the context menu copy cells and rows as tab-separated text; the footer shows the row count
 * and an export menu (CSV, JSON, Parquet through pk_data_export).
 *
 * Threading: every function is called on the GTK main thread. The widget borrows the PkDb,
 * which must outlive it; dispose cancels outstanding fetches and waits for none. */
#pragma once

#include <gtk/gtk.h>

#include "pika/data.h"

G_BEGIN_DECLS

#define PK_RESULTS_TABLE_PAGE_ROWS 500

#define PK_TYPE_RESULTS_TABLE (pk_results_table_get_type())
G_DECLARE_FINAL_TYPE(PkResultsTable, pk_results_table, PK, RESULTS_TABLE, GtkWidget)

/* A new, empty table over db (borrowed; it must outlive the widget). Signals:
 *   "exported" (const char *path, const char *error_message_or_NULL): an export ended;
 *   "loaded"   (): the column headers are known (after set_sql) or a page arrived. */
GtkWidget *pk_results_table_new(PkDb *db);

/* Shows the result of sql (one SELECT; copied) with n_rows rows (the caller knows it, e.g. from
 * pk_graph_value_n_rows; G_MAXUINT64 = count it on a worker first). Drops the previous result
 * and any sort. NULL sql clears the table. */
void pk_results_table_set_sql(PkResultsTable *self, const char *sql, guint64 n_rows);

/* The current SQL (borrowed, NULL when empty) and row count. */
const char *pk_results_table_get_sql(PkResultsTable *self);
guint64 pk_results_table_get_n_rows(PkResultsTable *self);

/* Sorts by column (name as in the result; NULL = the query's own order), re-querying. */
void pk_results_table_sort(PkResultsTable *self, const char *column, gboolean descending);

/* Text of one cell: a new string, NULL for SQL NULL or while its page is still loading
 * (*out_loaded, may be NULL, tells the two apart). Columns count from 0. */
char *pk_results_table_dup_cell(PkResultsTable *self, guint64 row, guint column,
                                gboolean *out_loaded);

/* The selected rows as tab-separated text, one line per row (loaded cells only; a row whose
 * page is not loaded yet is fetched synchronously). New string, "" when nothing is selected. */
char *pk_results_table_dup_selection_text(PkResultsTable *self);
/* Copies the selection to the clipboard (what Ctrl+C does). */
void pk_results_table_copy_selection(PkResultsTable *self);

/* Inner widgets for tests and the window (borrowed). */
GtkColumnView *pk_results_table_get_view(PkResultsTable *self);
GtkScrolledWindow *pk_results_table_get_scrolled(PkResultsTable *self);
GtkSelectionModel *pk_results_table_get_selection(PkResultsTable *self);

/* The Export menu button (borrowed). */
GtkWidget *pk_results_table_get_export_button(PkResultsTable *self);

/* How many pages have been fetched since set_sql (for tests and the status bar). */
guint pk_results_table_get_n_pages_fetched(PkResultsTable *self);

/* While the table shows a part of a result (the selected rows), whole_sql is that whole
 * result: the export menu then offers both. NULL: the table shows the whole result. */
void pk_results_table_set_whole_sql(PkResultsTable *self, const char *whole_sql);

/* Exports the rows shown (sorted as shown) to path on a worker; format AUTO = from the
 * extension. Emits "exported" when done; without a handler, says so in a toast of its own. */
void pk_results_table_export(PkResultsTable *self, const char *path, PkDataFormat format);
/* The same, or with whole the whole result (set_whole_sql) while a part is shown. */
void pk_results_table_export_rows(PkResultsTable *self, const char *path, PkDataFormat format,
                                  gboolean whole);

G_END_DECLS
