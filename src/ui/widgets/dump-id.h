/* dump-id.h — names for the controls a test (or a bug report) points at.
 *
 * A control given a dump id appears in the window's state dump (window-dump.c, "controls")
 * with where it is on screen, whether it is enabled, and what it holds (an entry's text, a
 * drop-down's choices and selection), so UI tests can click and type by name instead of by
 * guessed coordinates. Ids are "node/part" for a cell's controls ("sales_plot/input"),
 * "import/part" in the import dialog, and a bare name for the window's own ("add"). */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Names widget (printf-style id). */
void pk_dump_id(GtkWidget *widget, const char *format, ...) G_GNUC_PRINTF(2, 3);
/* The id of widget, or NULL. */
const char *pk_dump_id_get(GtkWidget *widget);
/* Text the dump shows for widget instead of what it can read from it (e.g. the rows a list
 * holds); NULL removes it. */
void pk_dump_text(GtkWidget *widget, const char *text);
const char *pk_dump_text_get(GtkWidget *widget);
/* Puts "to/" before the ids under widget that have no "/" yet (a shared part built before it
 * knew whose it is: "report-rows" -> "sales/report-rows"). */
void pk_dump_id_prefix(GtkWidget *widget, const char *to);

G_END_DECLS
