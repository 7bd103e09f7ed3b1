/* cmd-import.c — `pika import FILE...`: import files into tables and report what was inferred.
 *
 * Arguments map one to one onto PkImportOptions (the strings stay owned by ImportArgs for the
 * whole call). Several files make one table each, unless --one-table (or --table NAME) puts them
 * into one. --dry-run sniffs instead: dialect, columns, types and the first rows, nothing is
 * written. The report goes to stdout, readable by default:
 *
 *   Table "demo": 1,000,000 rows, 5 columns
 *    column   | type
 *   ----------+-----------
 *    ts       | TIMESTAMP
 *   (5 columns)
 *   Column notes:               (formats read with, why a column is text)
 *     date: read with the format %b %d %Y
 *   Imported 1 file in 0.84 s.
 *
 * Rejected rows (--skip-bad-rows) are listed on stderr, as are the rows among the first ones
 * that an import would reject (--dry-run):
 *   Rejected 2 rows:
 *    file | line | column | value | error
 *
 * and with --json one object:
 *   {"tables":[{"name":..,"row_count":N,"columns":[{"name":..,"type":..}],
 *               "column_notes":[{"column":..,"format":..|null,"note":..|null}]}],
 *    "rejected_rows":N,"rejects":[{"file":..,"line":N,"column":..|null,"error_type":..,
 *    "message":..,"value":..|null}],"seconds":S}
 * A failed or interrupted import leaves no table (the data layer imports in one transaction). */
#include "cli-private.h"

#include <string.h>

#define MAX_REJECTS_SHOWN 20

typedef struct {
    char *db, *table, *format, *delimiter, *header, *quote, *escape, *sample, *skip, *max_line;
    char *date_format, *timestamp_format, *encoding, *decimal;
    char **nulls, **includes, **excludes, **types;
    gboolean one_table, replace, skip_bad_rows, dry_run, json;
    char **include_list, **exclude_list; /* --include/--exclude split at commas */
} ImportArgs;

static void args_clear(ImportArgs *a) {
    char **strings[] = {&a->db,      &a->table,       &a->format,           &a->delimiter,
                        &a->header,  &a->quote,       &a->escape,           &a->sample,
                        &a->skip,    &a->date_format, &a->timestamp_format, &a->encoding,
                        &a->decimal, &a->max_line};
    for (guint i = 0; i < G_N_ELEMENTS(strings); i++) {
        g_clear_pointer(strings[i], g_free);
    }
    char ***arrays[] = {&a->nulls, &a->includes,     &a->excludes,
                        &a->types, &a->include_list, &a->exclude_list};
    for (guint i = 0; i < G_N_ELEMENTS(arrays); i++) {
        g_clear_pointer(arrays[i], g_strfreev);
    }
}

/* "a,b" "c" -> {"a", "b", "c"}; NULL when none. */
static char **split_columns(char **values) {
    if (values == NULL) {
        return NULL;
    }
    GPtrArray *out = g_ptr_array_new();
    for (guint i = 0; values[i] != NULL; i++) {
        g_auto(GStrv) parts = g_strsplit(values[i], ",", -1);
        for (guint p = 0; parts[p] != NULL; p++) {
            char *name = g_strstrip(g_strdup(parts[p]));
            if (name[0] == '\0') {
                g_free(name);
                continue;
            }
            g_ptr_array_add(out, name);
        }
    }
    g_ptr_array_add(out, NULL);
    return (char **)g_ptr_array_free(out, FALSE);
}

/* Accepts a character, "\t", "tab", or "auto" (leaves NULL). Rewrites a->delimiter. */
static gboolean normalise_delimiter(ImportArgs *a) {
    if (a->delimiter == NULL) {
        return TRUE;
    }
    if (g_ascii_strcasecmp(a->delimiter, "auto") == 0) {
        g_clear_pointer(&a->delimiter, g_free);
        return TRUE;
    }
    if (g_ascii_strcasecmp(a->delimiter, "tab") == 0 || strcmp(a->delimiter, "\\t") == 0) {
        g_free(a->delimiter);
        a->delimiter = g_strdup("\t");
    }
    return a->delimiter[0] != '\0';
}

static gboolean parse_header(const char *text, PkImportOptions *opts) {
    guint64 line = 0;
    if (text == NULL || g_ascii_strcasecmp(text, "auto") == 0) {
        opts->header = PK_HEADER_AUTO;
    } else if (g_ascii_strcasecmp(text, "none") == 0) {
        opts->header = PK_HEADER_NONE;
    } else if (g_ascii_strcasecmp(text, "first") == 0) {
        opts->header = PK_HEADER_FIRST;
    } else if (pk_cli_parse_count(text, &line) && line >= 1 && line <= G_MAXUINT) {
        opts->header = line == 1 ? PK_HEADER_FIRST : PK_HEADER_LINE;
        opts->header_line = (guint)line;
    } else {
        return FALSE;
    }
    return TRUE;
}

/* Fills opts from a (strings borrowed from a). Returns a usage message, or NULL when valid. */
static char *args_to_options(ImportArgs *a, guint n_files, PkImportOptions *opts) {
    guint64 n = 0;
    pk_import_options_defaults(opts);
    if (a->format != NULL && !pk_data_format_from_name(a->format, &opts->format)) {
        return g_strdup_printf("unknown --format '%s' (auto, csv, parquet or json)", a->format);
    }
    if (!normalise_delimiter(a)) {
        return g_strdup("--delimiter must not be empty");
    }
    if (!parse_header(a->header, opts)) {
        return g_strdup_printf("--header must be none, first, auto or a line number, not '%s'",
                               a->header);
    }
    if (a->skip != NULL) {
        if (!pk_cli_parse_count(a->skip, &n) || n > G_MAXUINT) {
            return g_strdup_printf("--skip must be a whole number, not '%s'", a->skip);
        }
        opts->skip_rows = (guint)n;
    }
    if (a->sample != NULL && g_ascii_strcasecmp(a->sample, "all") == 0) {
        opts->sample_rows = -1;
    } else if (a->sample != NULL) {
        if (!pk_cli_parse_count(a->sample, &n) || n == 0 || n > G_MAXINT64) {
            return g_strdup_printf("--sample must be a positive number or 'all', not '%s'",
                                   a->sample);
        }
        opts->sample_rows = (gint64)n;
    }
    if (a->max_line != NULL) {
        if (!pk_cli_parse_count(a->max_line, &n) || n < 1024 || n > PK_IMPORT_MAX_LINE_SIZE) {
            return g_strdup_printf("--max-line-size is a number of bytes from 1024 to %u, not "
                                   "'%s'",
                                   PK_IMPORT_MAX_LINE_SIZE, a->max_line);
        }
        opts->max_line_size = n;
    }
    for (guint i = 0; a->types != NULL && a->types[i] != NULL; i++) {
        const char *eq = strchr(a->types[i], '=');
        if (eq == NULL || eq == a->types[i] || eq[1] == '\0') {
            return g_strdup_printf("--type wants COLUMN=TYPE, not '%s'", a->types[i]);
        }
    }
    a->include_list = split_columns(a->includes);
    a->exclude_list = split_columns(a->excludes);
    opts->table = a->table;
    opts->replace = a->replace;
    opts->one_table_per_file = n_files > 1 && !a->one_table && a->table == NULL;
    opts->delimiter = a->delimiter;
    opts->quote = a->quote;
    opts->escape = a->escape;
    opts->null_strings = (const char *const *)a->nulls;
    opts->date_format = a->date_format;
    opts->timestamp_format = a->timestamp_format;
    opts->decimal_separator = a->decimal;
    opts->encoding = a->encoding;
    opts->skip_bad_rows = a->skip_bad_rows;
    opts->include_columns = (const char *const *)a->include_list;
    opts->exclude_columns = (const char *const *)a->exclude_list;
    opts->column_types = (const char *const *)a->types;
    return NULL;
}

/* ---- reports ------------------------------------------------------------------------------ */

static void json_append_opt_string(GString *out, const char *text) {
    if (text == NULL) {
        g_string_append(out, "null");
    } else {
        pk_cli_json_append_string(out, text);
    }
}

/* ,"column_notes":[{"column":..,"format":..|null,"note":..|null}] */
static void json_append_notes(GString *out, const PkColumnNote *notes, guint n_notes) {
    g_string_append(out, ",\"column_notes\":[");
    for (guint i = 0; i < n_notes; i++) {
        g_string_append(out, i > 0 ? ",{\"column\":" : "{\"column\":");
        pk_cli_json_append_string(out, notes[i].column);
        g_string_append(out, ",\"format\":");
        json_append_opt_string(out, notes[i].format);
        g_string_append(out, ",\"note\":");
        json_append_opt_string(out, notes[i].note);
        g_string_append_c(out, '}');
    }
    g_string_append_c(out, ']');
}

/* "read with the format %b %d %Y", "read as seconds since 1970-01-01 UTC"; NULL when none. */
static const char *format_words(const char *format, char **to_free) {
    static const char *const epochs[][2] = {{"epoch-s", "seconds"},
                                            {"epoch-ms", "milliseconds"},
                                            {"epoch-us", "microseconds"},
                                            {"epoch-ns", "nanoseconds"}};
    *to_free = NULL;
    for (guint i = 0; format != NULL && i < G_N_ELEMENTS(epochs); i++) {
        if (strcmp(format, epochs[i][0]) == 0) {
            return *to_free = g_strdup_printf("read as %s since 1970-01-01 UTC", epochs[i][1]);
        }
    }
    return format != NULL ? (*to_free = g_strdup_printf("read with the format %s", format)) : NULL;
}

/* Column notes:
 *   date: read with the format %b %d %Y
 *   price: text because of "n/a" on line 8 (the other values are numbers) */
static void print_notes_text(const PkColumnNote *notes, guint n_notes) {
    if (n_notes > 0) {
        printf("\nColumn notes:\n");
    }
    for (guint i = 0; i < n_notes; i++) {
        g_autofree char *words = NULL;
        format_words(notes[i].format, &words);
        printf("  %s: %s%s%s\n", notes[i].column, words != NULL ? words : "",
               words != NULL && notes[i].note != NULL ? "; " : "",
               notes[i].note != NULL ? notes[i].note : "");
    }
}

/* ,"rejected_rows":N,"rejects":[{"file":..,"line":N,"column":..|null,"error_type":..,
 *  "message":..,"value":..|null}] */
static void json_append_rejects(GString *out, guint64 n_rejected, const PkReject *rejects,
                                guint n_rejects) {
    g_string_append_printf(out, ",\"rejected_rows\":%" G_GUINT64_FORMAT ",\"rejects\":[",
                           n_rejected);
    for (guint r = 0; r < n_rejects; r++) {
        const PkReject *reject = &rejects[r];
        g_string_append(out, r > 0 ? ",{\"file\":" : "{\"file\":");
        json_append_opt_string(out, reject->path);
        g_string_append_printf(out, ",\"line\":%" G_GUINT64_FORMAT ",\"column\":", reject->line);
        json_append_opt_string(out, reject->column);
        g_string_append(out, ",\"error_type\":");
        json_append_opt_string(out, reject->error_type);
        g_string_append(out, ",\"message\":");
        json_append_opt_string(out, reject->message);
        g_string_append(out, ",\"value\":");
        json_append_opt_string(out, reject->value);
        g_string_append_c(out, '}');
    }
    g_string_append_c(out, ']');
}

/* The rejects as a table on stderr, under title (the first MAX_REJECTS_SHOWN). */
static void print_rejects_text(const char *title, guint64 n_rejected, const PkReject *rejects,
                               guint n_rejects) {
    fprintf(stderr, "\n%s\n", title);
    PkCliWriter *writer = pk_cli_writer_new(stderr, PK_CLI_FORMAT_TABLE);
    pk_cli_writer_add_column(writer, "file", NULL);
    pk_cli_writer_add_column(writer, "line", "BIGINT");
    pk_cli_writer_add_column(writer, "column", NULL);
    pk_cli_writer_add_column(writer, "value", NULL);
    pk_cli_writer_add_column(writer, "error", NULL);
    guint n_shown = MIN(n_rejects, MAX_REJECTS_SHOWN);
    for (guint r = 0; r < n_shown; r++) {
        const PkReject *reject = &rejects[r];
        g_autofree char *base = reject->path != NULL ? g_path_get_basename(reject->path) : NULL;
        g_autofree char *line = g_strdup_printf("%" G_GUINT64_FORMAT, reject->line);
        const char *message = reject->message != NULL ? reject->message : reject->error_type;
        const char *cast = message != NULL ? strstr(message, "Could not convert") : NULL;
        const char *cells[] = {
            base, reject->line > 0 ? line : "", reject->column != NULL ? reject->column : "",
            reject->value != NULL ? reject->value : "", cast != NULL ? cast : message};
        pk_cli_writer_add_row(writer, cells);
    }
    g_autofree char *footer = n_rejected > n_shown
                                  ? g_strdup_printf("first %u shown; --json lists up to %u",
                                                    n_shown, MAX(n_rejects, n_shown))
                                  : g_strdup("");
    pk_cli_writer_end(writer, footer);
    pk_cli_writer_free(writer);
}

static void print_result_json(const PkImportResult *result) {
    GString *out = g_string_new("{\"tables\":[");
    for (guint t = 0; t < result->n_tables; t++) {
        const PkImportedTable *table = &result->tables[t];
        g_string_append(out, t > 0 ? ",{\"name\":" : "{\"name\":");
        pk_cli_json_append_string(out, table->name);
        g_string_append_printf(out,
                               ",\"row_count\":%" G_GUINT64_FORMAT ",\"columns\":", table->n_rows);
        pk_cli_json_append_schema(out, table->schema);
        json_append_notes(out, table->notes, table->n_notes);
        g_string_append_c(out, '}');
    }
    g_string_append_c(out, ']');
    json_append_rejects(out, result->n_rejected, result->rejects, result->n_rejects);
    g_string_append_printf(out, ",\"seconds\":%.3f}\n", result->seconds);
    fputs(out->str, stdout);
    g_string_free(out, TRUE);
}

static void print_result_text(const PkImportResult *result, guint n_files) {
    for (guint t = 0; t < result->n_tables; t++) {
        const PkImportedTable *table = &result->tables[t];
        g_autofree char *rows = pk_cli_format_thousands(table->n_rows);
        guint n_columns = table->schema != NULL ? table->schema->n_columns : 0;
        printf("%sTable \"%s\": %s row%s, %u column%s\n", t > 0 ? "\n" : "", table->name, rows,
               table->n_rows == 1 ? "" : "s", n_columns, n_columns == 1 ? "" : "s");
        pk_cli_print_schema_table(table->schema);
        print_notes_text(table->notes, table->n_notes);
    }
    if (result->n_rejected > 0) {
        g_autofree char *count = pk_cli_format_thousands(result->n_rejected);
        g_autofree char *title =
            g_strdup_printf("Rejected %s row%s:", count, result->n_rejected == 1 ? "" : "s");
        print_rejects_text(title, result->n_rejected, result->rejects, result->n_rejects);
    }
    printf("\nImported %u file%s in %.2f s.\n", n_files, n_files == 1 ? "" : "s", result->seconds);
}

static void print_sniff_json(GString *out, const PkSniffResult *sniff) {
    g_string_append(out, "{\"path\":");
    pk_cli_json_append_string(out, sniff->path);
    g_string_append(out, ",\"format\":");
    pk_cli_json_append_string(out, pk_data_format_name(sniff->format));
    const char *keys[] = {"delimiter", "quote",       "escape",
                          "newline",   "date_format", "timestamp_format"};
    const char *values[] = {sniff->delimiter, sniff->quote,       sniff->escape,
                            sniff->newline,   sniff->date_format, sniff->timestamp_format};
    for (guint i = 0; i < G_N_ELEMENTS(keys); i++) {
        g_string_append_printf(out, ",\"%s\":", keys[i]);
        json_append_opt_string(out, values[i]);
    }
    g_string_append_printf(out, ",\"has_header\":%s,\"skip_rows\":%u,\"columns\":",
                           sniff->has_header ? "true" : "false", sniff->skip_rows);
    pk_cli_json_append_schema(out, sniff->schema);
    json_append_notes(out, sniff->notes, sniff->n_notes);
    json_append_rejects(out, sniff->n_rejected, sniff->rejects, sniff->n_rejects);
    g_string_append(out, ",\"preview\":[");
    const PkTextPage *page = sniff->preview;
    for (guint r = 0; page != NULL && r < page->n_rows; r++) {
        g_string_append(out, r > 0 ? ",[" : "[");
        for (guint c = 0; c < page->n_columns; c++) {
            g_string_append(out, c > 0 ? "," : "");
            json_append_opt_string(out, pk_text_page_get(page, r, c));
        }
        g_string_append_c(out, ']');
    }
    g_string_append(out, "]}");
}

static void print_preview(const PkTextPage *page) {
    PkCliWriter *writer = pk_cli_writer_new(stdout, PK_CLI_FORMAT_TABLE);
    for (guint c = 0; c < page->n_columns; c++) {
        pk_cli_writer_add_column(writer, page->column_names[c], page->type_names[c]);
    }
    for (guint r = 0; r < page->n_rows; r++) {
        pk_cli_writer_add_row(writer, (const char *const *)&page->cells[r * page->n_columns]);
    }
    pk_cli_writer_end(writer, "");
    pk_cli_writer_free(writer);
}

static void print_sniff_text(const PkSniffResult *sniff, gboolean first) {
    const char *labels[] = {"delimiter", "quote",       "escape",
                            "newline",   "date format", "timestamp format"};
    const char *values[] = {sniff->delimiter, sniff->quote,       sniff->escape,
                            sniff->newline,   sniff->date_format, sniff->timestamp_format};
    printf("%sFile %s (%s)\n", first ? "" : "\n", sniff->path, pk_data_format_name(sniff->format));
    for (guint i = 0; i < G_N_ELEMENTS(labels); i++) {
        if (values[i] != NULL && values[i][0] != '\0') {
            g_autofree char *escaped = g_strescape(values[i], NULL);
            printf("  %-17s \"%s\"\n", labels[i], escaped);
        }
    }
    if (sniff->format == PK_DATA_FORMAT_CSV) {
        printf("  %-17s %s\n  %-17s %u\n", "header", sniff->has_header ? "yes" : "no",
               "skipped lines", sniff->skip_rows);
    }
    printf("\n");
    pk_cli_print_schema_table(sniff->schema);
    print_notes_text(sniff->notes, sniff->n_notes);
    if (sniff->preview != NULL && sniff->preview->n_rows > 0) {
        printf("\nFirst %u rows:\n", sniff->preview->n_rows);
        print_preview(sniff->preview);
    }
    if (sniff->n_rejected > 0) {
        fflush(stdout);
        g_autofree char *title = g_strdup_printf(
            "%s: %" G_GUINT64_FORMAT " of the first rows do%s not parse; an import fails on "
            "them unless --skip-bad-rows:",
            sniff->path, sniff->n_rejected, sniff->n_rejected == 1 ? "es" : "");
        print_rejects_text(title, sniff->n_rejected, sniff->rejects, sniff->n_rejects);
    }
}

/* ---- running ------------------------------------------------------------------------------ */

static int run_dry(PkCliSession *session, char **files, const PkImportOptions *opts,
                   gboolean json) {
    GString *out = g_string_new("{\"files\":[");
    int status = PK_CLI_EXIT_OK;
    for (guint i = 0; files[i] != NULL && status == PK_CLI_EXIT_OK; i++) {
        PkSniffResult *sniff = NULL;
        g_autoptr(GError) error = NULL;
        if (!pk_data_sniff(session->conn, files[i], opts, &sniff, &error)) {
            status = pk_cli_fail("import", error);
            break;
        }
        if (json) {
            g_string_append(out, i > 0 ? "," : "");
            print_sniff_json(out, sniff);
        } else {
            print_sniff_text(sniff, i == 0);
        }
        pk_sniff_result_free(sniff);
    }
    if (json && status == PK_CLI_EXIT_OK) {
        g_string_append(out, "]}\n");
        fputs(out->str, stdout);
    }
    g_string_free(out, TRUE);
    return status;
}

static int run_import(PkCliSession *session, char **files, const PkImportOptions *opts,
                      gboolean json) {
    guint n_files = g_strv_length(files);
    g_autofree char *base = g_path_get_basename(files[0]);
    g_autofree char *label = n_files == 1 ? g_strdup_printf("Importing %s", base)
                                          : g_strdup_printf("Importing %u files", n_files);
    PkCliProgress *progress = pk_cli_progress_new(label);
    PkImportResult *result = NULL;
    g_autoptr(GError) error = NULL;
    gboolean ok =
        pk_data_import(session->conn, (const char *const *)files, opts, pk_cli_get_cancel(),
                       pk_cli_progress_update, progress, &result, &error);
    pk_cli_progress_free(progress);
    if (!ok) {
        return pk_cli_fail("import", error);
    }
    if (json) {
        print_result_json(result);
    } else {
        print_result_text(result, n_files);
    }
    pk_import_result_free(result);
    return PK_CLI_EXIT_OK;
}

static const char summary[] =
    "Imports CSV/TSV (any delimiter), Parquet and JSON/NDJSON files into tables of a DuckDB\n"
    "database (in memory unless --db), inferring column types, and prints the schema, the row\n"
    "count and any rejected rows. Several files make one table each unless --one-table.\n"
    "A failed or interrupted (Ctrl+C) import leaves no table.";

int pk_cli_cmd_import(int argc, char **argv) {
    const char *cmd = "import";
    ImportArgs a = {0};
    const GOptionEntry entries[] = {
        {"db", 0, 0, G_OPTION_ARG_FILENAME, &a.db, "Database file (default: in memory)", "PATH"},
        {"table", 't', 0, G_OPTION_ARG_STRING, &a.table, "Table name (default: from the file name)",
         "NAME"},
        {"replace", 0, 0, G_OPTION_ARG_NONE, &a.replace, "Replace a table of that name", NULL},
        {"one-table", 0, 0, G_OPTION_ARG_NONE, &a.one_table, "Several files into one table", NULL},
        {"format", 'f', 0, G_OPTION_ARG_STRING, &a.format, "auto (default), csv, parquet, json",
         "FMT"},
        {"delimiter", 'd', 0, G_OPTION_ARG_STRING, &a.delimiter,
         "Field delimiter: a character, tab or auto", "C"},
        {"header", 0, 0, G_OPTION_ARG_STRING, &a.header, "Header row: auto, none, first or line N",
         "H"},
        {"quote", 0, 0, G_OPTION_ARG_STRING, &a.quote, "Quote character", "C"},
        {"escape", 0, 0, G_OPTION_ARG_STRING, &a.escape, "Escape character", "C"},
        {"null", 0, 0, G_OPTION_ARG_STRING_ARRAY, &a.nulls, "A text that means NULL (repeatable)",
         "STR"},
        {"skip", 0, 0, G_OPTION_ARG_STRING, &a.skip, "Lines to skip at the start", "N"},
        {"max-line-size", 0, 0, G_OPTION_ARG_STRING, &a.max_line,
         "Longest line in bytes (default 16 MiB)", "BYTES"},
        {"sample", 0, 0, G_OPTION_ARG_STRING, &a.sample, "Rows used to infer types, or all", "N"},
        {"include", 0, 0, G_OPTION_ARG_STRING_ARRAY, &a.includes, "Keep only these columns",
         "COLS"},
        {"exclude", 0, 0, G_OPTION_ARG_STRING_ARRAY, &a.excludes, "Drop these columns", "COLS"},
        {"type", 0, 0, G_OPTION_ARG_STRING_ARRAY, &a.types, "Column type override (repeatable)",
         "COL=TYPE"},
        {"date-format", 0, 0, G_OPTION_ARG_STRING, &a.date_format, "strptime format of dates",
         "FMT"},
        {"timestamp-format", 0, 0, G_OPTION_ARG_STRING, &a.timestamp_format,
         "strptime format of timestamps", "FMT"},
        {"decimal-separator", 0, 0, G_OPTION_ARG_STRING, &a.decimal, "Decimal separator (. or ,)",
         "C"},
        {"encoding", 0, 0, G_OPTION_ARG_STRING, &a.encoding, "utf-8 (default), latin-1, utf-16",
         "ENC"},
        {"skip-bad-rows", 0, 0, G_OPTION_ARG_NONE, &a.skip_bad_rows,
         "Skip rows that do not parse and report them", NULL},
        {"dry-run", 'n', 0, G_OPTION_ARG_NONE, &a.dry_run,
         "Only sniff: show dialect, types and first rows", NULL},
        {"json", 0, 0, G_OPTION_ARG_NONE, &a.json, "Print JSON", NULL},
        G_OPTION_ENTRY_NULL,
    };
    GOptionContext *context = pk_cli_context_new(cmd, "FILE... - import files", summary, entries);
    PkCliSession *session = NULL;
    PkImportOptions opts;
    g_autofree char *message = NULL;
    g_autoptr(GError) error = NULL;
    int status = pk_cli_parse(context, cmd, &argc, &argv);
    if (status >= 0) {
        goto out;
    }
    if (argc < 2) {
        status = pk_cli_usage_error(cmd, "missing FILE");
        goto out;
    }
    message = args_to_options(&a, (guint)argc - 1, &opts);
    if (message != NULL) {
        status = pk_cli_usage_error(cmd, "%s", message);
        goto out;
    }
    session = pk_cli_session_open(a.dry_run ? NULL : a.db, &error);
    if (session == NULL) {
        status = pk_cli_fail(cmd, error);
        goto out;
    }
    status = a.dry_run ? run_dry(session, argv + 1, &opts, a.json)
                       : run_import(session, argv + 1, &opts, a.json);
out:
    pk_cli_session_close(session);
    g_option_context_free(context);
    args_clear(&a);
    return status;
}
