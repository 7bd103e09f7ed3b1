/* errors.c — DuckDB's error text translated into PK_ERROR codes at the door of the layer.
 *
 * DuckDB reports CSV problems as text ("CSV Error on Line: 8", "Expected Number of Columns: 3
 * Found: 4", "Invalid unicode", "Maximum line size", "Could not convert string"). We recognise
 * those pieces with regular expressions, pick a stable code and write a message that says what
 * is wrong, where (file, line, column, value) and what to do about it. Anything we do not
 * recognise keeps DuckDB's first line under PK_ERROR_QUERY. */
#include "data-private.h"

#include <string.h>

/* The first capture of pattern in text as a new string, or NULL. */
static char *capture(const char *pattern, const char *text) {
    g_autoptr(GRegex) regex = g_regex_new(pattern, G_REGEX_CASELESS, 0, NULL);
    g_autoptr(GMatchInfo) match = NULL;
    g_assert(regex != NULL);
    if (!g_regex_match(regex, text, 0, &match)) {
        return NULL;
    }
    return g_match_info_fetch(match, 1);
}

static gboolean contains(const char *text, const char *piece) {
    return strstr(text, piece) != NULL;
}

/* DuckDB's first line without its "Xxx Error: " prefix. */
static char *first_line(const char *text) {
    const char *start = text;
    const char *colon = strstr(text, "Error: ");
    if (colon != NULL && colon - text < 40) {
        start = colon + strlen("Error: ");
    }
    const char *end = strchr(start, '\n');
    return end != NULL ? g_strndup(start, (gsize)(end - start)) : g_strdup(start);
}

static char *missing_extension(const char *text) {
    char *name = capture("exists in the ([A-Za-z0-9_]+) extension", text);
    if (name == NULL) {
        name = capture("required extension '([A-Za-z0-9_]+)'", text);
    }
    if (name == NULL) {
        name = capture("Extension \"([A-Za-z0-9_]+)\" is an existing extension", text);
    }
    return name;
}

/* Whether text is DuckDB's message for an interrupted statement: "INTERRUPT Error: ..." itself,
 * or as the message of the first error type ("Invalid Input Error: INTERRUPT Error: ...", how
 * an export's cancelled table function comes back). The words inside a quoted value ("Could not
 * convert string 'INTERRUPT Error'") are data, not a cancellation. */
static gboolean is_interrupt(const char *text) {
    static const char word[] = "INTERRUPT Error";
    if (text == NULL) {
        return FALSE;
    }
    if (g_str_has_prefix(text, word)) {
        return TRUE;
    }
    const char *first = strstr(text, " Error: ");
    return first != NULL && g_str_has_prefix(first + strlen(" Error: "), word);
}

int pk_data_error_code(duckdb_error_type type, const char *text) {
    g_autofree char *extension = NULL;
    if (type == DUCKDB_ERROR_INTERRUPT || is_interrupt(text)) {
        return PK_ERROR_CANCELLED;
    }
    if (contains(text, "Invalid unicode")) {
        return PK_ERROR_ENCODING;
    }
    if (contains(text, "Expected Number of Columns")) {
        return PK_ERROR_RAGGED;
    }
    if (contains(text, "Maximum line size")) {
        return PK_ERROR_TOO_LARGE;
    }
    if (contains(text, "Could not convert string") || contains(text, "Error when converting")) {
        return PK_ERROR_TYPE;
    }
    if (contains(text, "COLUMN_TYPES error")) {
        return PK_ERROR_INVALID;
    }
    if (contains(text, "No files found") || contains(text, "does not exist") ||
        contains(text, "No such file")) {
        return PK_ERROR_NOT_FOUND;
    }
    if (type == DUCKDB_ERROR_PERMISSION || contains(text, "disabled by configuration") ||
        contains(text, "Permission Error")) {
        return PK_ERROR_SECURITY;
    }
    if (type == DUCKDB_ERROR_MISSING_EXTENSION || type == DUCKDB_ERROR_AUTOLOAD ||
        (extension = missing_extension(text)) != NULL) {
        return PK_ERROR_UNSUPPORTED;
    }
    if (contains(text, "already exists")) {
        return PK_ERROR_EXISTS;
    }
    if (type == DUCKDB_ERROR_OUT_OF_MEMORY || contains(text, "Out of Memory")) {
        return PK_ERROR_NOMEM;
    }
    if (contains(text, "CSV Error") || contains(text, "sniffing file") ||
        contains(text, "Malformed JSON") || contains(text, "unterminated quote")) {
        return PK_ERROR_PARSE;
    }
    if (type == DUCKDB_ERROR_IO || contains(text, "IO Error")) {
        return PK_ERROR_IO;
    }
    return PK_ERROR_QUERY;
}

static char *csv_where(const char *text) {
    g_autofree char *file = capture("\\n\\s*file = ([^\\n]+)", text);
    g_autofree char *line = capture("CSV Error on Line: ([0-9]+)", text);
    g_autofree char *base = file != NULL ? g_path_get_basename(file) : NULL;
    if (base != NULL && line != NULL) {
        return g_strdup_printf("%s, line %s: ", base, line);
    }
    if (line != NULL) {
        return g_strdup_printf("Line %s: ", line);
    }
    return base != NULL ? g_strdup_printf("%s: ", base) : g_strdup("");
}

static char *describe(int code, const char *text) {
    g_autofree char *where = csv_where(text);
    g_autofree char *head = first_line(text);
    if (contains(text, "COLUMN_TYPES error")) {
        /* the import checks the names itself (sniff.c): this is a file whose columns the
         * reader did not make out, so the named columns seemed not to be there */
        g_autofree char *names = capture("Columns with names: (.*) do not exist", text);
        return g_strdup_printf("%sthe column types name %s, which the reader did not find among "
                               "the file's columns. Check the column names, give the delimiter "
                               "(--delimiter) and header options, or use --skip-bad-rows.",
                               where, names != NULL ? names : "columns");
    }
    switch (code) {
    case PK_ERROR_RAGGED: {
        g_autofree char *expected = capture("Expected Number of Columns: ([0-9]+)", text);
        g_autofree char *found =
            capture("Expected Number of Columns: [0-9]+ Found: ([0-9]+)", text);
        return g_strdup_printf("%sexpected %s columns but found %s. Fix the row, or import "
                               "with --skip-bad-rows to skip such rows and list them.",
                               where, expected != NULL ? expected : "?",
                               found != NULL ? found : "?");
    }
    case PK_ERROR_ENCODING:
        return g_strdup_printf("%sthe text is not valid UTF-8. If the file is Latin-1 "
                               "(ISO-8859-1), import it with --encoding latin-1.",
                               where);
    case PK_ERROR_TOO_LARGE: {
        g_autofree char *limit = capture("Maximum line size of ([0-9]+) bytes", text);
        return g_strdup_printf("%sa line is longer than the limit of %s bytes. Raise the "
                               "limit with --max-line-size BYTES.",
                               where, limit != NULL ? limit : "?");
    }
    case PK_ERROR_TYPE: {
        g_autofree char *column = capture("converting column \"([^\"]*)\"", text);
        g_autofree char *value = capture("Could not convert string \"([^\"]*)\"", text);
        g_autofree char *type = capture("to '([^']*)'", text);
        if (column != NULL) {
            return g_strdup_printf("%scolumn \"%s\": value \"%s\" is not a valid %s. Choose "
                                   "another type for the column (or VARCHAR), or use "
                                   "--skip-bad-rows.",
                                   where, column, value != NULL ? value : "?",
                                   type != NULL ? type : "value");
        }
        return g_strdup_printf("%s%s", where, head);
    }
    case PK_ERROR_UNSUPPORTED: {
        g_autofree char *extension = missing_extension(text);
        if (extension != NULL) {
            return g_strdup_printf("The DuckDB extension \"%s\" is not available offline; "
                                   "only json, parquet and icu are built in. (%s)",
                                   extension, head);
        }
        return g_strdup(head);
    }
    case PK_ERROR_PARSE:
        if (contains(text, "sniffing file")) {
            return g_strdup_printf("%sthe CSV dialect could not be detected. Give the delimiter "
                                   "(--delimiter), quote and header options, or use "
                                   "--skip-bad-rows.",
                                   where);
        }
        return g_strdup_printf("%s%s", where, head);
    case PK_ERROR_SECURITY:
        return g_strdup_printf("Refused: %s (file access from SQL is disabled here).", head);
    case PK_ERROR_CANCELLED:
        return g_strdup("Cancelled.");
    default:
        return g_strdup_printf("%s%s", where, head);
    }
}

void pk_data_set_error(GError **error, duckdb_error_type type, const char *text,
                       const char *context) {
    if (text == NULL) {
        text = "unknown error";
    }
    if (strstr(text, "unsuccessful or closed pending query result") != NULL) {
        /* DuckDB's answer to executing a pending result that had failed: its real error was
         * not read first (exec.c reads it). Never shown to a user as such. */
        g_message("a failed pending result was executed: %s", text);
        text = "The query failed while it ran and DuckDB kept no reason. Run it again.";
    }
    int code = pk_data_error_code(type, text);
    g_autofree char *message = describe(code, text);
    g_debug("DuckDB error (%d -> %s): %s", (int)type, pk_error_code_name(code), text);
    if (context != NULL) {
        g_set_error(error, PK_ERROR, code, "%s: %s", context, message);
    } else {
        g_set_error_literal(error, PK_ERROR, code, message);
    }
}

char *pk_data_reject_reason(const PkReject *reject) {
    const char *message = reject->message != NULL ? reject->message : "";
    g_autofree char *value = capture("Could not convert string \"([^\"]*)\"", message);
    g_autofree char *type = capture("to '([^']*)'", message);
    g_autofree char *head = first_line(message);
    if (value != NULL && type != NULL && reject->column != NULL) {
        return g_strdup_printf("column \"%s\": value \"%s\" is not a valid %s", reject->column,
                               value, type);
    }
    if (reject->column != NULL) {
        return g_strdup_printf("column \"%s\": %s", reject->column, head);
    }
    return g_steal_pointer(&head);
}
