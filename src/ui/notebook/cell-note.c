/* cell-note.c — the body of a note cell: markdown shown formatted, edited in place.
 *
 * The renderer turns a small markdown subset into Pango markup for a GtkLabel: headings (#,
 * ##, ###), paragraphs, bullet lists (-, *), numbered lists (1.), **bold**, *italic* or
 * _italic_, `code`. Everything else is shown as text; all text is escaped, so a note cannot
 * inject markup. Edit swaps the label for a text view; Done writes the "text" parameter. */
#include "cell-bodies.h"

#include <string.h>

struct _PkCellNote {
    GtkBox parent_instance;
    PkController *ctl; /* borrowed: outlives the cell */
    PkNodeId node;
    GtkWidget *stack;
    GtkWidget *label;
    GtkWidget *editor;
    GtkWidget *button;
};

G_DEFINE_FINAL_TYPE(PkCellNote, pk_cell_note, GTK_TYPE_BOX)

/* Appends text with inline spans: `code`, **bold**, *italic*, _italic_. */
static void inline_markup(GString *out, const char *text) {
    gboolean bold = FALSE, italic = FALSE;
    for (const char *p = text; *p != '\0'; p++) {
        const char *close = NULL;
        if (*p == '`' && (close = strchr(p + 1, '`')) != NULL) {
            g_autofree char *code = g_markup_escape_text(p + 1, close - p - 1);
            g_string_append_printf(out, "<tt>%s</tt>", code);
            p = close;
        } else if (p[0] == '*' && p[1] == '*') {
            g_string_append(out, bold ? "</b>" : "<b>");
            bold = !bold;
            p++;
        } else if (*p == '*' || (*p == '_' && (p == text || !g_ascii_isalnum(p[-1]) || italic))) {
            g_string_append(out, italic ? "</i>" : "<i>");
            italic = !italic;
        } else {
            g_autofree char *ch = g_markup_escape_text(p, g_utf8_next_char(p) - p);
            g_string_append(out, ch);
            p = g_utf8_next_char(p) - 1;
        }
    }
    g_string_append(out, italic ? "</i>" : "");
    g_string_append(out, bold ? "</b>" : "");
}

static const char *list_item(const char *line) {
    if ((line[0] == '-' || line[0] == '*') && line[1] == ' ') {
        return line + 2;
    }
    const char *p = line;
    while (g_ascii_isdigit(*p)) {
        p++;
    }
    return p > line && p[0] == '.' && p[1] == ' ' ? line : NULL;
}

static char *markdown_to_markup(const char *markdown) {
    GString *out = g_string_new(NULL);
    g_auto(GStrv) lines = g_strsplit(markdown != NULL ? markdown : "", "\n", -1);
    gboolean blank = TRUE;
    for (guint i = 0; lines[i] != NULL; i++) {
        const char *line = g_strchug(lines[i]);
        guint level = 0;
        while (line[level] == '#') {
            level++;
        }
        const char *item = list_item(line);
        if (*line == '\0') {
            blank = TRUE;
            continue;
        }
        if (out->len > 0) {
            g_string_append(out, blank || level > 0 || item != NULL ? "\n\n" : " ");
        }
        if (level > 0 && level <= 3 && line[level] == ' ') {
            const char *sizes[] = {"", "xx-large", "x-large", "large"};
            g_string_append_printf(out, "<span size=\"%s\" weight=\"bold\">", sizes[level]);
            inline_markup(out, line + level + 1);
            g_string_append(out, "</span>");
        } else if (item != NULL) {
            if (out->len > 2 && !blank) {
                g_string_truncate(out, out->len - 1); /* list items: one line each */
            }
            g_string_append(out, item == line ? "" : "  •  ");
            inline_markup(out, item == line ? line : item);
        } else {
            inline_markup(out, line);
        }
        blank = level > 0;
    }
    return g_string_free(out, FALSE);
}

static void show_text(PkCellNote *cell) {
    g_autoptr(GVariant) params =
        pk_graph_get_params(pk_controller_get_graph(cell->ctl), cell->node);
    const char *text = pk_params_get_string(params, "text", "");
    g_autofree char *markup = markdown_to_markup(text);
    gtk_label_set_markup(GTK_LABEL(cell->label), markup);
    gtk_text_buffer_set_text(gtk_text_view_get_buffer(GTK_TEXT_VIEW(cell->editor)), text, -1);
}

static void on_edit(GtkButton *button, gpointer data) {
    PkCellNote *cell = data;
    GtkStack *stack = GTK_STACK(cell->stack);
    gboolean editing = g_str_equal(gtk_stack_get_visible_child_name(stack), "edit");
    if (!editing) {
        gtk_stack_set_visible_child_name(stack, "edit");
        gtk_button_set_label(button, "Done");
        gtk_widget_grab_focus(cell->editor);
        return;
    }
    GtkTextBuffer *buffer = gtk_text_view_get_buffer(GTK_TEXT_VIEW(cell->editor));
    GtkTextIter start, end;
    gtk_text_buffer_get_bounds(buffer, &start, &end);
    g_autofree char *text = gtk_text_buffer_get_text(buffer, &start, &end, FALSE);
    g_autoptr(GError) error = NULL;
    GVariant *params = pk_cell_params_with(pk_controller_get_graph(cell->ctl), cell->node, "text",
                                           g_variant_new_string(text));
    if (!pk_controller_set_params(cell->ctl, cell->node, params, &error)) {
        pk_controller_toast(cell->ctl, error->message);
        return;
    }
    show_text(cell);
    gtk_stack_set_visible_child_name(stack, "show");
    gtk_button_set_label(button, "Edit");
}

static void pk_cell_note_init(PkCellNote *cell) {
    gtk_orientable_set_orientation(GTK_ORIENTABLE(cell), GTK_ORIENTATION_VERTICAL);
    gtk_box_set_spacing(GTK_BOX(cell), 6);
}

static void pk_cell_note_class_init(PkCellNoteClass *klass) {
    (void)klass;
}

GtkWidget *pk_cell_note_new(PkController *ctl, PkNodeId node) {
    PkCellNote *cell = g_object_new(PK_TYPE_CELL_NOTE, NULL);
    cell->ctl = ctl;
    cell->node = node;
    cell->label = gtk_label_new(NULL);
    gtk_label_set_wrap(GTK_LABEL(cell->label), TRUE);
    gtk_label_set_xalign(GTK_LABEL(cell->label), 0.0f);
    gtk_label_set_selectable(GTK_LABEL(cell->label), TRUE);
    cell->editor = gtk_text_view_new();
    gtk_text_view_set_wrap_mode(GTK_TEXT_VIEW(cell->editor), GTK_WRAP_WORD_CHAR);
    gtk_text_view_set_monospace(GTK_TEXT_VIEW(cell->editor), TRUE);
    gtk_widget_set_size_request(cell->editor, -1, 120);
    GtkWidget *frame = gtk_frame_new(NULL);
    gtk_frame_set_child(GTK_FRAME(frame), cell->editor);
    gtk_widget_add_css_class(frame, "pk-editor");
    cell->stack = gtk_stack_new();
    gtk_stack_set_vhomogeneous(GTK_STACK(cell->stack), FALSE);
    gtk_stack_add_named(GTK_STACK(cell->stack), cell->label, "show");
    gtk_stack_add_named(GTK_STACK(cell->stack), frame, "edit");
    gtk_box_append(GTK_BOX(cell), cell->stack);
    cell->button = gtk_button_new_with_label("Edit");
    gtk_widget_set_halign(cell->button, GTK_ALIGN_END);
    gtk_widget_add_css_class(cell->button, "flat");
    g_signal_connect(cell->button, "clicked", G_CALLBACK(on_edit), cell);
    gtk_box_append(GTK_BOX(cell), cell->button);
    show_text(cell);
    return GTK_WIDGET(cell);
}
