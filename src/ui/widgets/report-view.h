/* report-view.h — what an import skipped and decided, shown the same way in the import
 * dialog (before importing: the preview's bad rows and column notes) and in a source cell
 * (after importing: the rows skipped).
 *
 * A report is the immutable (ta(tssss)a(sss)) of pk_import_report_new (data.h): the number
 * of rejected rows, the rows listed (line, column, value, DuckDB's kind, message) and the column
 * notes (column, format, note). The widget shows the notes as lines ("date: read as
 * %b %d %Y") and the rows in an expander ("2 rows do not parse ▸": Line, Column, Value,
 * Reason). Main thread only. */
#pragma once

#include <gtk/gtk.h>

#include "pika/data.h"

G_BEGIN_DECLS

GtkWidget *pk_report_view_new(void);
/* Shows report (NULL: nothing; the widget hides). one, many: the rows' title for one row and
 * for several after the count ("bad row skipped", "bad rows skipped"). */
void pk_report_view_show(GtkWidget *widget, GVariant *report, const char *one, const char *many);

G_END_DECLS
