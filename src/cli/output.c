/* output.c — tabular output of the `pika` command: a readable table, CSV or JSON.
 *
 * A PkCliWriter receives column names and types, then rows of text cells (NULL = SQL NULL).
 *
 * - CSV (RFC 4180): a header line, one line per row, fields quoted when they hold a comma, a
 *   quote or a line break; NULL is an empty field, the empty string is "".
 * - JSON: one object, streamed: {"columns":[{"name":..,"type":..}],"rows":[[..],..],
 *   "row_count":N}. Numbers are written as JSON numbers when the text is one (inf and nan stay
 *   strings), booleans as true/false, NULL as null, everything else as strings.
 * - table: like psql. Column widths come from the header and the first TABLE_SAMPLE_ROWS rows,
 *   which are buffered; later rows stream with those widths. Cells are cut at TABLE_MAX_WIDTH
 *   characters with "…", control characters shown as spaces, numbers right-aligned, NULL as
 *   "NULL". A footer says how many rows there were.
 *
 * Invariants: columns are fixed at the first row; every row has n_columns cells. */
#include "cli-private.h"

#include <string.h>

#define TABLE_SAMPLE_ROWS 1000
#define TABLE_MAX_WIDTH 48

struct PkCliWriter {
    FILE *out;
    PkCliFormat format;
    GPtrArray *names;   /* char * */
    GPtrArray *types;   /* char *, "" when unknown */
    GArray *kinds;      /* PkCliKind */
    GPtrArray *pending; /* table: buffered rows (GPtrArray of char *, NULL = SQL NULL) */
    guint *widths;      /* table: display width per column, once fixed */
    guint64 n_rows;
    gboolean started;
    GString *line;
};

gboolean pk_cli_format_parse(const char *text, PkCliFormat *out_format) {
    static const char *const names[] = {"table", "csv", "json"};
    for (guint i = 0; text != NULL && i < G_N_ELEMENTS(names); i++) {
        if (g_ascii_strcasecmp(text, names[i]) == 0) {
            *out_format = (PkCliFormat)i;
            return TRUE;
        }
    }
    return FALSE;
}

PkCliKind pk_cli_kind_from_type(const char *type_name) {
    static const char *const numeric[] = {
        "TINYINT",   "SMALLINT", "INTEGER", "BIGINT",   "HUGEINT", "UTINYINT",
        "USMALLINT", "UINTEGER", "UBIGINT", "UHUGEINT", "FLOAT",   "DOUBLE",
        "REAL",      "DECIMAL",  "INT",     "INT64",    "INT32",   "FLOAT64",
    };
    if (type_name == NULL) {
        return PK_CLI_KIND_TEXT;
    }
    if (g_ascii_strcasecmp(type_name, "BOOLEAN") == 0 ||
        g_ascii_strcasecmp(type_name, "BOOL") == 0) {
        return PK_CLI_KIND_BOOL;
    }
    for (guint i = 0; i < G_N_ELEMENTS(numeric); i++) {
        gsize n = strlen(numeric[i]);
        if (g_ascii_strncasecmp(type_name, numeric[i], n) == 0 &&
            (type_name[n] == '\0' || type_name[n] == '(')) {
            return PK_CLI_KIND_NUMBER;
        }
    }
    return PK_CLI_KIND_TEXT;
}

char *pk_cli_format_thousands(guint64 value) {
    char digits[32];
    g_snprintf(digits, sizeof digits, "%" G_GUINT64_FORMAT, value);
    GString *out = g_string_new(NULL);
    gsize n = strlen(digits);
    for (gsize i = 0; i < n; i++) {
        if (i > 0 && (n - i) % 3 == 0) {
            g_string_append_c(out, ',');
        }
        g_string_append_c(out, digits[i]);
    }
    return g_string_free(out, FALSE);
}

void pk_cli_json_append_string(GString *out, const char *text) {
    g_string_append_c(out, '"');
    for (const unsigned char *p = (const unsigned char *)text; *p != '\0'; p++) {
        switch (*p) {
        case '"':
            g_string_append(out, "\\\"");
            break;
        case '\\':
            g_string_append(out, "\\\\");
            break;
        case '\n':
            g_string_append(out, "\\n");
            break;
        case '\r':
            g_string_append(out, "\\r");
            break;
        case '\t':
            g_string_append(out, "\\t");
            break;
        default:
            if (*p < 0x20) {
                g_string_append_printf(out, "\\u%04x", *p);
            } else {
                g_string_append_c(out, (char)*p);
            }
        }
    }
    g_string_append_c(out, '"');
}

void pk_cli_csv_append_field(GString *out, const char *text) {
    if (text[0] != '\0' && strpbrk(text, ",\"\r\n") == NULL) {
        g_string_append(out, text);
        return;
    }
    g_string_append_c(out, '"');
    for (const char *p = text; *p != '\0'; p++) {
        if (*p == '"') {
            g_string_append_c(out, '"');
        }
        g_string_append_c(out, *p);
    }
    g_string_append_c(out, '"');
}

/* TRUE when text is a JSON number: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? */
static gboolean is_json_number(const char *p) {
    if (*p == '-') {
        p++;
    }
    if (*p == '0') {
        p++;
    } else if (*p >= '1' && *p <= '9') {
        while (g_ascii_isdigit(*p)) {
            p++;
        }
    } else {
        return FALSE;
    }
    if (*p == '.') {
        if (!g_ascii_isdigit(*++p)) {
            return FALSE;
        }
        while (g_ascii_isdigit(*p)) {
            p++;
        }
    }
    if (*p == 'e' || *p == 'E') {
        p++;
        if (*p == '+' || *p == '-') {
            p++;
        }
        if (!g_ascii_isdigit(*p)) {
            return FALSE;
        }
        while (g_ascii_isdigit(*p)) {
            p++;
        }
    }
    return *p == '\0';
}

static void json_append_cell(GString *out, const char *cell, PkCliKind kind) {
    if (cell == NULL) {
        g_string_append(out, "null");
    } else if (kind == PK_CLI_KIND_NUMBER && is_json_number(cell)) {
        g_string_append(out, cell);
    } else if (kind == PK_CLI_KIND_BOOL &&
               (strcmp(cell, "true") == 0 || strcmp(cell, "false") == 0)) {
        g_string_append(out, cell);
    } else {
        pk_cli_json_append_string(out, cell);
    }
}

PkCliWriter *pk_cli_writer_new(FILE *out, PkCliFormat format) {
    PkCliWriter *writer = g_new0(PkCliWriter, 1);
    writer->out = out;
    writer->format = format;
    writer->names = g_ptr_array_new_with_free_func(g_free);
    writer->types = g_ptr_array_new_with_free_func(g_free);
    writer->kinds = g_array_new(FALSE, FALSE, sizeof(PkCliKind));
    writer->pending = g_ptr_array_new_with_free_func((GDestroyNotify)g_ptr_array_unref);
    writer->line = g_string_sized_new(256);
    return writer;
}

void pk_cli_writer_free(PkCliWriter *writer) {
    if (writer == NULL) {
        return;
    }
    g_ptr_array_unref(writer->names);
    g_ptr_array_unref(writer->types);
    g_array_unref(writer->kinds);
    g_ptr_array_unref(writer->pending);
    g_free(writer->widths);
    g_string_free(writer->line, TRUE);
    g_free(writer);
}

void pk_cli_writer_add_column(PkCliWriter *writer, const char *name, const char *type_name) {
    g_assert(!writer->started);
    PkCliKind kind = pk_cli_kind_from_type(type_name);
    g_ptr_array_add(writer->names, g_strdup(name));
    g_ptr_array_add(writer->types, g_strdup(type_name != NULL ? type_name : ""));
    g_array_append_val(writer->kinds, kind);
}

static void flush_line(PkCliWriter *writer) {
    fwrite(writer->line->str, 1, writer->line->len, writer->out);
    g_string_truncate(writer->line, 0);
}

static void csv_write_row(PkCliWriter *writer, const char *const *cells) {
    for (guint c = 0; c < writer->names->len; c++) {
        if (c > 0) {
            g_string_append_c(writer->line, ',');
        }
        if (cells[c] != NULL) {
            pk_cli_csv_append_field(writer->line, cells[c]);
        }
    }
    g_string_append_c(writer->line, '\n');
    flush_line(writer);
}

static void json_start(PkCliWriter *writer) {
    g_string_append(writer->line, "{\"columns\":[");
    for (guint c = 0; c < writer->names->len; c++) {
        g_string_append(writer->line, c > 0 ? ",{\"name\":" : "{\"name\":");
        pk_cli_json_append_string(writer->line, g_ptr_array_index(writer->names, c));
        g_string_append(writer->line, ",\"type\":");
        pk_cli_json_append_string(writer->line, g_ptr_array_index(writer->types, c));
        g_string_append_c(writer->line, '}');
    }
    g_string_append(writer->line, "],\"rows\":[");
    flush_line(writer);
}

static void json_write_row(PkCliWriter *writer, const char *const *cells) {
    g_string_append(writer->line, writer->n_rows > 0 ? ",\n[" : "\n[");
    for (guint c = 0; c < writer->names->len; c++) {
        if (c > 0) {
            g_string_append_c(writer->line, ',');
        }
        json_append_cell(writer->line, cells[c], g_array_index(writer->kinds, PkCliKind, c));
    }
    g_string_append_c(writer->line, ']');
    flush_line(writer);
}

/* The display form of a cell: control characters as spaces, cut at TABLE_MAX_WIDTH. */
static char *table_cell_text(const char *cell) {
    if (cell == NULL) {
        return g_strdup("NULL");
    }
    char *text = g_utf8_make_valid(cell, -1);
    for (char *p = text; *p != '\0'; p++) {
        if ((unsigned char)*p < 0x20) {
            *p = ' ';
        }
    }
    if (g_utf8_strlen(text, -1) > TABLE_MAX_WIDTH) {
        char *end = g_utf8_offset_to_pointer(text, TABLE_MAX_WIDTH - 1);
        *end = '\0';
        char *cut = g_strconcat(text, "…", NULL);
        g_free(text);
        return cut;
    }
    return text;
}

static void table_append_padded(GString *line, const char *text, guint width, gboolean right) {
    guint n = (guint)g_utf8_strlen(text, -1);
    guint pad = n < width ? width - n : 0;
    if (right) {
        for (guint i = 0; i < pad; i++) {
            g_string_append_c(line, ' ');
        }
    }
    g_string_append(line, text);
    if (!right) {
        for (guint i = 0; i < pad; i++) {
            g_string_append_c(line, ' ');
        }
    }
}

/* One line of the table: " a | b " with trailing spaces trimmed. */
static void table_write_cells(PkCliWriter *writer, char **texts, gboolean align_numbers) {
    for (guint c = 0; c < writer->names->len; c++) {
        gboolean right =
            align_numbers && g_array_index(writer->kinds, PkCliKind, c) == PK_CLI_KIND_NUMBER;
        g_string_append(writer->line, c > 0 ? " | " : " ");
        table_append_padded(writer->line, texts[c], writer->widths[c], right);
    }
    while (writer->line->len > 0 && writer->line->str[writer->line->len - 1] == ' ') {
        g_string_truncate(writer->line, writer->line->len - 1);
    }
    g_string_append_c(writer->line, '\n');
    flush_line(writer);
}

/* Fixes the widths from the header and the buffered rows, then writes them all. */
static void table_flush_pending(PkCliWriter *writer) {
    guint n_columns = writer->names->len;
    writer->widths = g_new0(guint, MAX(n_columns, 1));
    for (guint c = 0; c < n_columns; c++) {
        g_autofree char *name = table_cell_text(g_ptr_array_index(writer->names, c));
        writer->widths[c] = (guint)g_utf8_strlen(name, -1);
        for (guint r = 0; r < writer->pending->len; r++) {
            GPtrArray *row = g_ptr_array_index(writer->pending, r);
            writer->widths[c] =
                MAX(writer->widths[c], (guint)g_utf8_strlen(g_ptr_array_index(row, c), -1));
        }
    }
    char **names = g_new0(char *, n_columns + 1);
    for (guint c = 0; c < n_columns; c++) {
        names[c] = table_cell_text(g_ptr_array_index(writer->names, c));
    }
    table_write_cells(writer, names, FALSE);
    g_strfreev(names);
    for (guint c = 0; c < n_columns; c++) {
        g_string_append(writer->line, c > 0 ? "-+-" : "-");
        for (guint i = 0; i < writer->widths[c]; i++) {
            g_string_append_c(writer->line, '-');
        }
    }
    g_string_append(writer->line, "-\n");
    flush_line(writer);
    for (guint r = 0; r < writer->pending->len; r++) {
        GPtrArray *row = g_ptr_array_index(writer->pending, r);
        table_write_cells(writer, (char **)row->pdata, TRUE);
    }
    g_ptr_array_set_size(writer->pending, 0);
}

static void table_add_row(PkCliWriter *writer, const char *const *cells) {
    GPtrArray *row = g_ptr_array_new_full(writer->names->len + 1, g_free);
    for (guint c = 0; c < writer->names->len; c++) {
        g_ptr_array_add(row, table_cell_text(cells[c]));
    }
    g_ptr_array_add(row, NULL);
    if (writer->widths != NULL) {
        table_write_cells(writer, (char **)row->pdata, TRUE);
        g_ptr_array_unref(row);
        return;
    }
    g_ptr_array_add(writer->pending, row);
    if (writer->pending->len >= TABLE_SAMPLE_ROWS) {
        table_flush_pending(writer);
    }
}

static void writer_start(PkCliWriter *writer) {
    writer->started = TRUE;
    if (writer->format == PK_CLI_FORMAT_CSV) {
        for (guint c = 0; c < writer->names->len; c++) {
            if (c > 0) {
                g_string_append_c(writer->line, ',');
            }
            pk_cli_csv_append_field(writer->line, g_ptr_array_index(writer->names, c));
        }
        g_string_append_c(writer->line, '\n');
        flush_line(writer);
    } else if (writer->format == PK_CLI_FORMAT_JSON) {
        json_start(writer);
    }
}

void pk_cli_writer_add_row(PkCliWriter *writer, const char *const *cells) {
    if (!writer->started) {
        writer_start(writer);
    }
    switch (writer->format) {
    case PK_CLI_FORMAT_CSV:
        csv_write_row(writer, cells);
        break;
    case PK_CLI_FORMAT_JSON:
        json_write_row(writer, cells);
        break;
    case PK_CLI_FORMAT_TABLE:
        table_add_row(writer, cells);
        break;
    }
    writer->n_rows++;
}

guint pk_cli_writer_get_n_columns(const PkCliWriter *writer) {
    return writer->names->len;
}

guint64 pk_cli_writer_get_n_rows(const PkCliWriter *writer) {
    return writer->n_rows;
}

void pk_cli_writer_end(PkCliWriter *writer, const char *footer) {
    if (!writer->started) {
        writer_start(writer);
    }
    if (writer->format == PK_CLI_FORMAT_JSON) {
        g_string_append_printf(writer->line, "%s],\"row_count\":%" G_GUINT64_FORMAT "}\n",
                               writer->n_rows > 0 ? "\n" : "", writer->n_rows);
        flush_line(writer);
    } else if (writer->format == PK_CLI_FORMAT_TABLE) {
        if (writer->widths == NULL) {
            table_flush_pending(writer);
        }
        g_autofree char *count = pk_cli_format_thousands(writer->n_rows);
        if (footer == NULL) {
            fprintf(writer->out, "(%s row%s)\n", count, writer->n_rows == 1 ? "" : "s");
        } else if (footer[0] != '\0') {
            fprintf(writer->out, "(%s)\n", footer);
        }
    }
}
