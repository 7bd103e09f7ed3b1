/* import-options.c — import options: defaults, formats, table names, file checks, and the
 * read_csv / read_parquet / read_json call built from the options.
 *
 * Option strings end up inside SQL, always through pk_data_quote_literal / _ident; type names
 * (which cannot be quoted in a CAST) are checked against a strict pattern first. */
#include "import-private.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#define FIRST_BLOCK_SIZE 65536

static const char *const default_nulls[] = {"", "NULL", "null", "N/A", "NA", "n/a", NULL};

void pk_import_options_defaults(PkImportOptions *opts) {
    g_return_if_fail(opts != NULL);
    *opts = (PkImportOptions){0};
    opts->format = PK_DATA_FORMAT_AUTO;
    opts->header = PK_HEADER_AUTO;
    opts->header_line = 1;
}

const char *pk_data_format_name(PkDataFormat format) {
    switch (format) {
    case PK_DATA_FORMAT_CSV:
        return "csv";
    case PK_DATA_FORMAT_PARQUET:
        return "parquet";
    case PK_DATA_FORMAT_JSON:
        return "json";
    case PK_DATA_FORMAT_AUTO:
    default:
        return "auto";
    }
}

gboolean pk_data_format_from_name(const char *name, PkDataFormat *out_format) {
    static const struct {
        const char *name;
        PkDataFormat format;
    } names[] = {{"auto", PK_DATA_FORMAT_AUTO}, {"csv", PK_DATA_FORMAT_CSV},
                 {"tsv", PK_DATA_FORMAT_CSV},   {"parquet", PK_DATA_FORMAT_PARQUET},
                 {"json", PK_DATA_FORMAT_JSON}, {"ndjson", PK_DATA_FORMAT_JSON},
                 {"jsonl", PK_DATA_FORMAT_JSON}};
    for (gsize i = 0; name != NULL && i < G_N_ELEMENTS(names); i++) {
        if (g_ascii_strcasecmp(name, names[i].name) == 0) {
            *out_format = names[i].format;
            return TRUE;
        }
    }
    return FALSE;
}

PkDataFormat pk_data_format_for_path(const char *path) {
    g_autofree char *lower = g_ascii_strdown(path, -1);
    if (g_str_has_suffix(lower, ".gz") || g_str_has_suffix(lower, ".zst")) {
        lower[strlen(lower) - (g_str_has_suffix(lower, ".gz") ? 3 : 4)] = '\0';
    }
    if (g_str_has_suffix(lower, ".parquet") || g_str_has_suffix(lower, ".pq")) {
        return PK_DATA_FORMAT_PARQUET;
    }
    if (g_str_has_suffix(lower, ".json") || g_str_has_suffix(lower, ".ndjson") ||
        g_str_has_suffix(lower, ".jsonl")) {
        return PK_DATA_FORMAT_JSON;
    }
    return PK_DATA_FORMAT_CSV;
}

PkDataFormat pk_import_resolve_format(const char *const *paths, const PkImportOptions *opts) {
    if (opts->format != PK_DATA_FORMAT_AUTO) {
        return opts->format;
    }
    return pk_data_format_for_path(paths[0]);
}

char *pk_data_table_name_for_path(const char *path) {
    g_autofree char *base = g_path_get_basename(path);
    char *dot = strchr(base[0] == '.' ? base + 1 : base, '.');
    if (dot != NULL) {
        *dot = '\0';
    }
    GString *name = g_string_new(NULL);
    for (const char *p = base; *p != '\0'; p++) {
        char c = g_ascii_tolower(*p);
        if (g_ascii_isalnum(c)) {
            g_string_append_c(name, c);
        } else if (name->len > 0 && name->str[name->len - 1] != '_') {
            g_string_append_c(name, '_');
        }
    }
    while (name->len > 0 && name->str[name->len - 1] == '_') {
        g_string_truncate(name, name->len - 1);
    }
    if (name->len == 0 || g_ascii_isdigit(name->str[0])) {
        g_string_prepend(name, name->len == 0 ? "data" : "t_");
    }
    return g_string_free(name, FALSE);
}

/* Reads the first block and rejects empty and binary files. */
static gboolean check_text(const char *path, const PkImportOptions *opts, GError **error) {
    char block[FIRST_BLOCK_SIZE];
    FILE *file = fopen(path, "rb");
    if (file == NULL) {
        int saved = errno;
        g_set_error(error, PK_ERROR, saved == ENOENT ? PK_ERROR_NOT_FOUND : PK_ERROR_IO,
                    "Cannot read %s: %s.", path, g_strerror(saved));
        return FALSE;
    }
    size_t n = fread(block, 1, sizeof block, file);
    fclose(file);
    gboolean blank = TRUE;
    for (size_t i = 0; i < n && blank; i++) {
        blank = g_ascii_isspace(block[i]);
    }
    if (blank) {
        g_set_error(error, PK_ERROR, PK_ERROR_EMPTY, "%s is empty: there is nothing to import.",
                    path);
        return FALSE;
    }
    gboolean utf16 =
        opts->encoding != NULL && g_ascii_strncasecmp(opts->encoding, "utf-16", 6) == 0;
    if (!utf16 && memchr(block, '\0', n) != NULL) {
        g_set_error(error, PK_ERROR, PK_ERROR_NOT_TEXT,
                    "%s is not a text file (it contains binary data). Import CSV/TSV, Parquet "
                    "or JSON files.",
                    path);
        return FALSE;
    }
    return TRUE;
}

gboolean pk_import_check_files(const char *const *paths, PkDataFormat format,
                               const PkImportOptions *opts, GError **error) {
    for (guint i = 0; paths[i] != NULL; i++) {
        const char *path = paths[i];
        if (!g_file_test(path, G_FILE_TEST_EXISTS)) {
            g_set_error(error, PK_ERROR, PK_ERROR_NOT_FOUND, "File not found: %s.", path);
            return FALSE;
        }
        if (g_file_test(path, G_FILE_TEST_IS_DIR)) {
            g_set_error(error, PK_ERROR, PK_ERROR_IO, "%s is a folder, not a file.", path);
            return FALSE;
        }
        gboolean compressed = g_str_has_suffix(path, ".gz") || g_str_has_suffix(path, ".zst");
        if (format != PK_DATA_FORMAT_PARQUET && !compressed && !check_text(path, opts, error)) {
            return FALSE;
        }
    }
    return TRUE;
}

/* Skips the digits at p; NULL when there are none. */
static const char *skip_digits(const char *p) {
    const char *start = p;
    while (g_ascii_isdigit(*p)) {
        p++;
    }
    return p > start ? p : NULL;
}

/* TRUE for the type names allowed inside CAST(... AS type), which cannot be quoted:
 *
 *   WORD ( ' ' WORD )*  [ '(' DIGITS [ ',' [' '] DIGITS ] ')' ]  ( '[' [DIGITS] ']' )*
 *
 * (DOUBLE, DECIMAL(10, 2), TIMESTAMP WITH TIME ZONE, VARCHAR[]). Nothing else: a ')' that
 * closed the CAST would let the text run SQL of its own while the import can still read any
 * file ("INTEGER) AS b, (SELECT content FROM read_text(...)) AS c, CAST(1 AS INTEGER"). */
static gboolean valid_type_name(const char *type) {
    const char *p = type;
    if (p == NULL) {
        return FALSE;
    }
    for (;;) {
        if (!g_ascii_isalpha(*p) && *p != '_') {
            return FALSE; /* every word starts with a letter or '_', after one space */
        }
        while (g_ascii_isalnum(*p) || *p == '_') {
            p++;
        }
        if (*p != ' ') {
            break;
        }
        p++;
    }
    if (*p == '(') {
        p = skip_digits(p + 1);
        if (p != NULL && *p == ',') {
            p = skip_digits(p[1] == ' ' ? p + 2 : p + 1);
        }
        if (p == NULL || *p != ')') {
            return FALSE;
        }
        p++;
    }
    while (*p == '[') {
        p = g_ascii_isdigit(p[1]) ? skip_digits(p + 1) : p + 1;
        if (*p != ']') {
            return FALSE;
        }
        p++;
    }
    return *p == '\0';
}

gboolean pk_import_split_override(const char *spec, char **out_name, char **out_type,
                                  GError **error) {
    const char *eq = spec != NULL ? strrchr(spec, '=') : NULL;
    if (eq == NULL || eq == spec || !valid_type_name(eq + 1)) {
        g_set_error(error, PK_ERROR, PK_ERROR_INVALID,
                    "Invalid column type \"%s\": write NAME=TYPE, e.g. price=DOUBLE.",
                    spec != NULL ? spec : "");
        return FALSE;
    }
    *out_name = g_strndup(spec, (gsize)(eq - spec));
    *out_type = g_ascii_strup(eq + 1, -1);
    return TRUE;
}

static void append_list(GString *sql, const char *key, const char *const *values) {
    g_string_append_printf(sql, ", %s=[", key);
    for (guint i = 0; values[i] != NULL; i++) {
        g_autofree char *literal = pk_data_quote_literal(values[i]);
        g_string_append_printf(sql, "%s%s", i > 0 ? ", " : "", literal);
    }
    g_string_append_c(sql, ']');
}

static void append_text(GString *sql, const char *key, const char *value) {
    if (value != NULL) {
        g_autofree char *literal = pk_data_quote_literal(value);
        g_string_append_printf(sql, ", %s=%s", key, literal);
    }
}

static void append_csv_types(GString *sql, const PkImportOptions *opts) {
    if (opts->column_types == NULL || opts->column_types[0] == NULL) {
        return;
    }
    g_string_append(sql, ", types={");
    for (guint i = 0; opts->column_types[i] != NULL; i++) {
        g_autofree char *name = NULL;
        g_autofree char *type = NULL;
        if (!pk_import_split_override(opts->column_types[i], &name, &type, NULL)) {
            continue; /* validated by pk_import_validate_options */
        }
        g_autofree char *n = pk_data_quote_literal(name);
        g_autofree char *t = pk_data_quote_literal(type);
        g_string_append_printf(sql, "%s%s: %s", i > 0 ? ", " : "", n, t);
    }
    g_string_append_c(sql, '}');
}

static void append_csv_options(GString *sql, const PkImportOptions *opts) {
    append_text(sql, "delim", opts->delimiter);
    append_text(sql, "quote", opts->quote);
    append_text(sql, "escape", opts->escape);
    guint skip = opts->skip_rows;
    if (opts->header == PK_HEADER_NONE) {
        g_string_append(sql, ", header=false");
    } else if (opts->header == PK_HEADER_FIRST || opts->header == PK_HEADER_LINE) {
        g_string_append(sql, ", header=true");
        if (opts->header == PK_HEADER_LINE && opts->header_line > 1) {
            skip += opts->header_line - 1;
        }
    }
    if (skip > 0 || opts->header == PK_HEADER_LINE) {
        g_string_append_printf(sql, ", skip=%u", skip);
    }
    append_list(sql, "nullstr", opts->null_strings != NULL ? opts->null_strings : default_nulls);
    if (opts->sample_rows != 0) {
        g_string_append_printf(sql, ", sample_size=%" G_GINT64_FORMAT,
                               opts->sample_rows < 0 ? (gint64)-1 : opts->sample_rows);
    }
    append_text(sql, "dateformat", opts->date_format);
    append_text(sql, "timestampformat", opts->timestamp_format);
    append_text(sql, "decimal_separator", opts->decimal_separator);
    append_text(sql, "encoding", opts->encoding);
    if (opts->max_line_size > 0) {
        g_string_append_printf(sql, ", max_line_size=%" G_GUINT64_FORMAT, opts->max_line_size);
    } else {
        g_string_append_printf(sql, ", buffer_size=%u", PK_IMPORT_CSV_BUFFER_BYTES);
    }
    if (opts->all_text) {
        g_string_append(sql, ", all_varchar=true");
    }
    append_csv_types(sql, opts);
}

char *pk_import_build_read_call(const char *const *paths, PkDataFormat format,
                                const PkImportOptions *opts, const char *extra_args) {
    static const char *const functions[] = {"read_csv", "read_csv", "read_parquet", "read_json"};
    GString *sql = g_string_new(functions[format]);
    g_string_append(sql, "([");
    guint n_paths = 0;
    for (; paths[n_paths] != NULL; n_paths++) {
        g_autofree char *literal = pk_data_quote_literal(paths[n_paths]);
        g_string_append_printf(sql, "%s%s", n_paths > 0 ? ", " : "", literal);
    }
    g_string_append_c(sql, ']');
    if (n_paths > 1) {
        g_string_append(sql, ", union_by_name=true");
    }
    if (format == PK_DATA_FORMAT_CSV || format == PK_DATA_FORMAT_AUTO) {
        append_csv_options(sql, opts);
    } else if (format == PK_DATA_FORMAT_JSON) {
        g_string_append(sql, ", format='auto'");
    }
    if (extra_args != NULL && extra_args[0] != '\0') {
        g_string_append_printf(sql, ", %s", extra_args);
    }
    g_string_append_c(sql, ')');
    return g_string_free(sql, FALSE);
}

char *pk_import_build_sample_call(const char *path, const PkResolvedRead *r,
                                  const char *const *types, const char *extra_args) {
    const PkSniffDialect *d = &r->dialect;
    const PkImportOptions *opts = &r->opts;
    g_autofree char *literal = pk_data_quote_literal(path);
    GString *sql = g_string_new(NULL);
    g_string_append_printf(sql, "read_csv([%s], auto_detect=false", literal);
    append_text(sql, "delim", d->delimiter);
    append_text(sql, "quote", d->quote);
    append_text(sql, "escape", d->escape);
    g_string_append_printf(sql, ", header=%s, skip=%u", d->has_header ? "true" : "false",
                           d->skip_rows);
    append_list(sql, "nullstr", opts->null_strings != NULL ? opts->null_strings : default_nulls);
    append_text(sql, "decimal_separator", opts->decimal_separator);
    append_text(sql, "encoding", opts->encoding);
    if (opts->max_line_size > 0) {
        g_string_append_printf(sql, ", max_line_size=%" G_GUINT64_FORMAT, opts->max_line_size);
    } else {
        g_string_append_printf(sql, ", buffer_size=%u", PK_IMPORT_CSV_BUFFER_BYTES);
    }
    g_string_append(sql, ", ignore_errors=true, columns={");
    for (guint i = 0; d->column_names[i] != NULL; i++) {
        g_autofree char *name = pk_data_quote_literal(d->column_names[i]);
        const char *type = types != NULL && types[i] != NULL ? types[i] : "VARCHAR";
        g_string_append_printf(sql, "%s%s: '%s'", i > 0 ? ", " : "", name, type);
    }
    g_string_append_c(sql, '}');
    if (extra_args != NULL && extra_args[0] != '\0') {
        g_string_append_printf(sql, ", %s", extra_args);
    }
    g_string_append_c(sql, ')');
    return g_string_free(sql, FALSE);
}
