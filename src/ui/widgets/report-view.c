/* report-view.c — rejected rows and column notes of an import (report-view.h). */
#include "report-view.h"

#include "dump-id.h"
#include "status-bar.h"

#include <string.h>

#define REPORT_MAX_ROWS 50 /* rows shown; the count says how many there are */

typedef struct {
    GtkWidget *notes;    /* a label, one note per line */
    GtkWidget *expander; /* holds the grid of rows */
    GtkWidget *grid;
} Report;

GtkWidget *pk_report_view_new(void) {
    Report *r = g_new0(Report, 1);
    GtkWidget *box = gtk_box_new(GTK_ORIENTATION_VERTICAL, 4);
    g_object_set_data_full(G_OBJECT(box), "pika-report", r, g_free);
    r->notes = gtk_label_new(NULL);
    gtk_label_set_xalign(GTK_LABEL(r->notes), 0.0f);
    gtk_label_set_wrap(GTK_LABEL(r->notes), TRUE);
    gtk_label_set_selectable(GTK_LABEL(r->notes), TRUE);
    gtk_widget_add_css_class(r->notes, "dim-label");
    r->grid = gtk_grid_new();
    gtk_grid_set_column_spacing(GTK_GRID(r->grid), 16);
    gtk_grid_set_row_spacing(GTK_GRID(r->grid), 2);
    r->expander = gtk_expander_new(NULL);
    gtk_expander_set_child(GTK_EXPANDER(r->expander), r->grid);
    gtk_widget_add_css_class(r->expander, "warning");
    pk_dump_id(r->notes, "%s", "report-notes");
    pk_dump_id(r->expander, "%s", "report-rows");
    gtk_box_append(GTK_BOX(box), r->notes);
    gtk_box_append(GTK_BOX(box), r->expander);
    gtk_widget_set_visible(box, FALSE);
    return box;
}

static void grid_text(GtkWidget *grid, int col, int row, const char *text, gboolean header) {
    GtkWidget *label = gtk_label_new(text);
    gtk_label_set_xalign(GTK_LABEL(label), col == 0 ? 1.0f : 0.0f);
    gtk_label_set_ellipsize(GTK_LABEL(label), PANGO_ELLIPSIZE_END);
    gtk_label_set_max_width_chars(GTK_LABEL(label), col == 3 ? 70 : 24);
    gtk_label_set_selectable(GTK_LABEL(label), !header);
    gtk_widget_set_tooltip_text(label, text);
    gtk_widget_add_css_class(label, header ? "pk-grid-header" : "pk-grid-cell");
    gtk_grid_attach(GTK_GRID(grid), label, col, row, 1, 1);
}

void pk_report_view_show(GtkWidget *widget, GVariant *report, const char *one, const char *many) {
    Report *r = g_object_get_data(G_OBJECT(widget), "pika-report");
    GtkWidget *child;
    while ((child = gtk_widget_get_first_child(r->grid)) != NULL) {
        gtk_grid_remove(GTK_GRID(r->grid), child);
    }
    guint64 n_rejected = 0;
    g_autoptr(GVariant) rows = NULL, notes = NULL;
    if (report != NULL) {
        g_variant_get(report, "(t@a(tssss)@a(sss))", &n_rejected, &rows, &notes);
    }
    g_autoptr(GString) text = g_string_new(NULL);
    GVariantIter iter;
    const char *column, *format, *note;
    if (notes != NULL) {
        g_variant_iter_init(&iter, notes);
        while (g_variant_iter_next(&iter, "(&s&s&s)", &column, &format, &note)) {
            if (note[0] == '\0' && format[0] == '\0') {
                continue;
            }
            g_string_append_printf(text, "%s%s: %s", text->len > 0 ? "\n" : "", column,
                                   note[0] != '\0' ? note : "");
            if (note[0] == '\0') {
                g_string_append_printf(text, "read as %s", format);
            }
        }
    }
    gtk_label_set_text(GTK_LABEL(r->notes), text->str);
    gtk_widget_set_visible(r->notes, text->len > 0);
    if (n_rejected > 0 && rows != NULL) {
        g_autofree char *count = pk_format_count(n_rejected);
        g_autofree char *title = g_strdup_printf("%s %s", count, n_rejected == 1 ? one : many);
        gtk_expander_set_label(GTK_EXPANDER(r->expander), title);
        const char *heads[] = {"Line", "Column", "Value", "Reason"};
        for (int c = 0; c < 4; c++) {
            grid_text(r->grid, c, 0, heads[c], TRUE);
        }
        guint64 line;
        const char *value, *kind, *message;
        int row = 1;
        g_variant_iter_init(&iter, rows);
        while (row <= REPORT_MAX_ROWS &&
               g_variant_iter_next(&iter, "(t&s&s&s&s)", &line, &column, &value, &kind, &message)) {
            g_autofree char *line_text =
                line > 0 ? g_strdup_printf("%" G_GUINT64_FORMAT, line) : g_strdup("—");
            g_autofree char *first = g_strdup(message);
            char *nl = strchr(first, '\n');
            if (nl != NULL) {
                *nl = '\0';
            }
            grid_text(r->grid, 0, row, line_text, FALSE);
            grid_text(r->grid, 1, row, column[0] != '\0' ? column : "(row)", FALSE);
            grid_text(r->grid, 2, row, value[0] != '\0' ? value : "—", FALSE);
            grid_text(r->grid, 3, row, first, FALSE);
            row++;
        }
    }
    gtk_widget_set_visible(r->expander, n_rejected > 0);
    /* The rows as text for the state dump (dump-id.h): "line 6, amount, "n/a": reason". */
    g_autoptr(GString) all = g_string_new(NULL);
    if (rows != NULL) {
        guint64 line;
        const char *value, *kind, *message;
        g_variant_iter_init(&iter, rows);
        while (g_variant_iter_next(&iter, "(t&s&s&s&s)", &line, &column, &value, &kind, &message)) {
            g_string_append_printf(all, "line %" G_GUINT64_FORMAT ", %s, \"%s\": %s\n", line,
                                   column, value, message);
        }
    }
    pk_dump_text(r->expander, all->str);
    gtk_widget_set_visible(widget, text->len > 0 || n_rejected > 0);
}
