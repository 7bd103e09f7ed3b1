/* sniff.c — looking at a file before importing it: dialect (sniff_csv), schema and first rows.
 *
 * Everything reads a sample only (DuckDB's sample_size, LIMIT on the preview), so sniffing is
 * fast whatever the file size. pk_sniff_resolve_csv() also fixes two things DuckDB's strict
 * sniffer gets wrong and that the import relies on:
 *   - "collapse": a file with a few ragged or garbage rows is sniffed as ONE column although its
 *     header clearly has delimiters. We sniff again tolerating errors; if that finds more
 *     columns, its dialect is used and the import reads with the rejects table (then fails with
 *     the first bad line unless bad rows are to be skipped).
 *   - semicolon-separated files often use decimal commas: with ';' as the delimiter, numbers
 *     written 1,5 in the first 64 KiB (more of them than numbers written 1.5) set
 *     decimal_separator=','. */
#include "data-private.h"
#include "import-private.h"

#include "pika/path.h"

#include <glib/gstdio.h>
#include <string.h>

static char *dialect_char(char *text) {
    if (text == NULL || strcmp(text, "(empty)") == 0) {
        g_free(text);
        return g_strdup("");
    }
    if (strcmp(text, "\\n") == 0 || strcmp(text, "\\r\\n") == 0 || strcmp(text, "\\r") == 0) {
        char *real = g_strcompress(text);
        g_free(text);
        return real;
    }
    return text;
}

#define PREVIEW_ROWS 20
#define MAX_PREVIEW_REJECTS 100
#define PREVIEW_HEAD_BYTES (1u << 20) /* a larger file's preview reads this much of it */

static gint preview_counter = 0;

/* The texts of a LIST(VARCHAR) vector entry, NULL-terminated (NULL entries as ""). */
static char **list_strv(duckdb_vector vector, idx_t row) {
    const duckdb_list_entry *entries = duckdb_vector_get_data(vector);
    duckdb_vector child = duckdb_list_vector_get_child(vector);
    duckdb_list_entry entry = entries[row];
    char **strv = g_new0(char *, entry.length + 1);
    for (idx_t i = 0; i < entry.length; i++) {
        idx_t at = entry.offset + i;
        strv[i] = pk_data_vector_valid(child, at) ? pk_data_vector_strdup(child, at) : g_strdup("");
    }
    return strv;
}

void pk_sniff_dialect_clear(PkSniffDialect *d) {
    g_clear_pointer(&d->column_names, g_strfreev);
    g_clear_pointer(&d->column_types, g_strfreev);
    g_clear_pointer(&d->delimiter, g_free);
    g_clear_pointer(&d->quote, g_free);
    g_clear_pointer(&d->escape, g_free);
    g_clear_pointer(&d->newline, g_free);
    g_clear_pointer(&d->date_format, g_free);
    g_clear_pointer(&d->timestamp_format, g_free);
}

gboolean pk_sniff_dialect(PkConn *conn, const char *path, const PkImportOptions *opts,
                          gboolean tolerant, PkCancel *cancel, PkSniffDialect *out,
                          GError **error) {
    const char *paths[] = {path, NULL};
    g_autofree char *call = pk_import_build_read_call(paths, PK_DATA_FORMAT_CSV, opts,
                                                      tolerant ? "ignore_errors=true" : NULL);
    /* read_csv(['p'], ...) -> sniff_csv('p', ...) */
    g_autofree char *literal = pk_data_quote_literal(path);
    g_autofree char *list = g_strdup_printf("read_csv([%s]", literal);
    g_assert(g_str_has_prefix(call, list));
    g_autofree char *sql =
        g_strdup_printf("SELECT Delimiter, Quote, Escape, NewLineDelimiter, SkipRows::VARCHAR, "
                        "HasHeader::VARCHAR, DateFormat, TimestampFormat, len(Columns)::VARCHAR, "
                        "[c.name FOR c IN Columns], [c.type FOR c IN Columns] "
                        "FROM sniff_csv(%s%s",
                        literal, call + strlen(list));
    duckdb_result result;
    if (!pk_exec_run(conn, sql, cancel, NULL, NULL, &result, error)) {
        return FALSE;
    }
    duckdb_data_chunk chunk = duckdb_fetch_chunk(result);
    gboolean ok = chunk != NULL && duckdb_data_chunk_get_size(chunk) == 1;
    char *values[9] = {NULL};
    for (idx_t c = 0; ok && c < 9; c++) {
        duckdb_vector vector = duckdb_data_chunk_get_vector(chunk, c);
        values[c] = pk_data_vector_valid(vector, 0) ? pk_data_vector_strdup(vector, 0) : NULL;
    }
    if (ok) {
        out->column_names = list_strv(duckdb_data_chunk_get_vector(chunk, 9), 0);
        out->column_types = list_strv(duckdb_data_chunk_get_vector(chunk, 10), 0);
    }
    duckdb_destroy_data_chunk(&chunk);
    duckdb_destroy_result(&result);
    if (!ok) {
        g_set_error(error, PK_ERROR, PK_ERROR_PARSE, "Could not sniff %s.", path);
        return FALSE;
    }
    out->delimiter = dialect_char(values[0]);
    out->quote = dialect_char(values[1]);
    out->escape = dialect_char(values[2]);
    out->newline = dialect_char(values[3]);
    out->skip_rows = values[4] != NULL ? (guint)g_ascii_strtoull(values[4], NULL, 10) : 0;
    out->has_header = g_strcmp0(values[5], "true") == 0;
    out->date_format = values[6];
    out->timestamp_format = values[7];
    out->n_columns = values[8] != NULL ? (guint)g_ascii_strtoull(values[8], NULL, 10) : 0;
    g_free(values[4]);
    g_free(values[5]);
    g_free(values[8]);
    return TRUE;
}

/* The first 64 KiB of a file as text (NULL when it cannot be read). */
static char *file_head(const char *path) {
    g_autoptr(GMappedFile) mapped = g_mapped_file_new(path, FALSE, NULL);
    if (mapped == NULL) {
        return NULL;
    }
    gsize length = MIN(g_mapped_file_get_length(mapped), 65536);
    return g_strndup(g_mapped_file_get_contents(mapped), length);
}

/* TRUE when more numbers in the file's head are written with a decimal comma (digit, ',',
 * digit) than with a decimal point. Only asked for ';'-separated files, where a ',' between
 * digits cannot be a delimiter. */
static gboolean head_uses_decimal_comma(const char *path) {
    g_autofree char *head = file_head(path);
    guint commas = 0, points = 0;
    for (gsize i = 1; head != NULL && head[i] != '\0' && head[i + 1] != '\0'; i++) {
        if (g_ascii_isdigit(head[i - 1]) && g_ascii_isdigit(head[i + 1])) {
            commas += head[i] == ',';
            points += head[i] == '.';
        }
    }
    return commas > points;
}

/* TRUE when the first non-skipped line holds a likely delimiter (so one column is suspicious). */
static gboolean first_line_has_delimiter(const char *path, guint skip) {
    g_autofree char *contents = file_head(path);
    if (contents == NULL) {
        return FALSE;
    }
    char **lines = g_strsplit(contents, "\n", (gint)skip + 2);
    gboolean found = g_strv_length(lines) > skip && strpbrk(lines[skip], ",;\t|") != NULL;
    g_strfreev(lines);
    return found;
}

/* Collapse: when d, the strict sniffer's dialect, has one column although the first line has
 * delimiters, sniffs again tolerating errors; TRUE (d replaced) when that finds more columns. */
static gboolean uncollapse(PkConn *conn, const char *path, const PkImportOptions *opts,
                           PkCancel *cancel, PkSniffDialect *d) {
    if (opts->delimiter != NULL || d->n_columns > 1 ||
        !first_line_has_delimiter(path, d->skip_rows + opts->skip_rows)) {
        return FALSE;
    }
    PkSniffDialect tolerant = {0};
    if (!pk_sniff_dialect(conn, path, opts, TRUE, cancel, &tolerant, NULL) ||
        tolerant.n_columns <= 1) {
        pk_sniff_dialect_clear(&tolerant);
        return FALSE;
    }
    pk_sniff_dialect_clear(d);
    *d = tolerant;
    return TRUE;
}

/* FALSE (with the error) when a type override names a column that d, the file's dialect,
 * does not have: the error names it and lists the file's columns. */
static gboolean check_override_columns(const char *path, const PkImportOptions *opts,
                                       const PkSniffDialect *d, GError **error) {
    for (guint i = 0; opts->column_types != NULL && opts->column_types[i] != NULL; i++) {
        g_autofree char *name = NULL;
        g_autofree char *type = NULL;
        if (!pk_import_split_override(opts->column_types[i], &name, &type, error)) {
            return FALSE;
        }
        if (d->column_names != NULL &&
            g_strv_contains((const char *const *)d->column_names, name)) {
            continue;
        }
        g_autofree char *base = g_path_get_basename(path);
        GString *columns = g_string_new(NULL);
        for (guint c = 0; d->column_names != NULL && d->column_names[c] != NULL; c++) {
            g_string_append_printf(columns, "%s\"%s\"", c > 0 ? ", " : "", d->column_names[c]);
        }
        g_set_error(error, PK_ERROR, PK_ERROR_NOT_FOUND,
                    "Cannot read column \"%s\" as %s: %s has no such column. Its columns are "
                    "%s.",
                    name, type, base, columns->len > 0 ? columns->str : "(none)");
        g_string_free(columns, TRUE);
        return FALSE;
    }
    return TRUE;
}

/* The dialect of a read with type overrides when DuckDB's sniff with them fails (*error
 * holds why): DuckDB checks the overridden names against the columns its strict sniffer sees,
 * which are one for a file it collapses (a ragged row). The file's columns are learnt without
 * the overrides; an override of a column the file lacks fails saying so, and a collapsed
 * file is sniffed again with the overrides, tolerating errors. FALSE with *error set (the
 * original error when neither applies). */
static gboolean resolve_typed_after_failure(PkConn *conn, const char *path,
                                            const PkImportOptions *opts, PkCancel *cancel,
                                            PkResolvedRead *out, GError **error) {
    if (g_error_matches(*error, PK_ERROR, PK_ERROR_CANCELLED)) {
        return FALSE;
    }
    PkImportOptions untyped = *opts;
    untyped.column_types = NULL;
    PkSniffDialect d = {0};
    if (!pk_sniff_dialect(conn, path, &untyped, FALSE, cancel, &d, NULL)) {
        pk_sniff_dialect_clear(&d);
        return FALSE;
    }
    gboolean collapsed = uncollapse(conn, path, &untyped, cancel, &d);
    GError *local = NULL;
    gboolean ok = check_override_columns(path, opts, &d, &local);
    pk_sniff_dialect_clear(&d);
    if (ok && !collapsed) {
        return FALSE; /* the columns are there: DuckDB's error stands */
    }
    if (ok) {
        ok = pk_sniff_dialect(conn, path, opts, TRUE, cancel, &out->dialect, &local);
        out->collapsed = ok;
        out->opts.delimiter = ok ? out->dialect.delimiter : opts->delimiter;
    }
    g_clear_error(error);
    if (local != NULL) {
        g_propagate_error(error, local);
    }
    return ok;
}

gboolean pk_sniff_resolve_csv(PkConn *conn, const char *path, const PkImportOptions *opts,
                              PkCancel *cancel, PkResolvedRead *out, GError **error) {
    memset(out, 0, sizeof *out);
    out->opts = *opts;
    gboolean typed = opts->column_types != NULL && opts->column_types[0] != NULL;
    GError *local = NULL;
    if (pk_sniff_dialect(conn, path, opts, FALSE, cancel, &out->dialect, &local)) {
        out->collapsed = uncollapse(conn, path, opts, cancel, &out->dialect);
        if (out->collapsed) {
            out->opts.delimiter = out->dialect.delimiter;
        }
    } else {
        pk_sniff_dialect_clear(&out->dialect);
        if (!typed || !resolve_typed_after_failure(conn, path, opts, cancel, out, &local)) {
            pk_sniff_dialect_clear(&out->dialect);
            g_propagate_error(error, local);
            return FALSE;
        }
    }
    if (opts->decimal_separator == NULL && g_strcmp0(out->dialect.delimiter, ";") == 0 &&
        head_uses_decimal_comma(path)) {
        out->opts.decimal_separator = ",";
    }
    return TRUE;
}

void pk_sniff_result_free(PkSniffResult *result) {
    if (result == NULL) {
        return;
    }
    g_free(result->path);
    g_free(result->delimiter);
    g_free(result->quote);
    g_free(result->escape);
    g_free(result->newline);
    g_free(result->date_format);
    g_free(result->timestamp_format);
    pk_schema_free(result->schema);
    pk_text_page_free(result->preview);
    g_free(result->read_sql);
    g_free(result->relation_sql);
    pk_column_notes_free(result->notes, result->n_notes);
    for (guint i = 0; i < result->n_rejects; i++) {
        pk_reject_clear(&result->rejects[i]);
    }
    g_free(result->rejects);
    g_free(result);
}

/* The dialect and the formats the read uses (the caller's, sniffed or inferred). */
static void take_dialect(PkSniffResult *result, PkResolvedRead *r) {
    PkSniffDialect *d = &r->dialect;
    result->delimiter = g_steal_pointer(&d->delimiter);
    result->quote = g_steal_pointer(&d->quote);
    result->escape = g_steal_pointer(&d->escape);
    result->newline = g_steal_pointer(&d->newline);
    result->date_format =
        g_strdup(r->opts.date_format != NULL ? r->opts.date_format : d->date_format);
    result->timestamp_format =
        g_strdup(r->opts.timestamp_format != NULL ? r->opts.timestamp_format : d->timestamp_format);
    result->has_header = d->has_header;
    result->skip_rows = d->skip_rows;
    result->notes = pk_resolved_read_dup_notes(r, &result->n_notes);
}

/* Keeps the rejects of the lines the preview read: from the first data line, PREVIEW_ROWS
 * lines and one more for each bad one (a quoted line break counts as a line: an estimate). */
static guint preview_window(const PkResolvedRead *r, GArray *rejects) {
    guint64 end = r->dialect.skip_rows + (r->dialect.has_header ? 1 : 0) + 1 + PREVIEW_ROWS;
    guint64 last = 0;
    guint n_lines = 0, kept = 0;
    for (; kept < rejects->len; kept++) {
        const PkReject *reject = &g_array_index(rejects, PkReject, kept);
        if (reject->line >= end) {
            break;
        }
        if (reject->line != last) {
            end++, n_lines++;
            last = reject->line;
        }
    }
    for (guint i = kept; i < rejects->len; i++) {
        pk_reject_clear(&g_array_index(rejects, PkReject, i));
    }
    g_array_set_size(rejects, kept);
    return n_lines;
}

/* A note on each overridden column whose type does not read a value of the preview's rows:
 * "DOUBLE does not read "n/a" on line 4 (2 values of the first rows)". */
static void note_failed_overrides(PkResolvedRead *r, const GArray *rejects) {
    for (guint i = 0; i < rejects->len; i++) {
        const PkReject *reject = &g_array_index(rejects, PkReject, i);
        g_autofree char *type =
            reject->column != NULL ? pk_import_dup_override(&r->opts, reject->column) : NULL;
        gboolean first = TRUE;
        guint n = 0;
        for (guint j = 0; j < rejects->len; j++) {
            const PkReject *other = &g_array_index(rejects, PkReject, j);
            if (g_strcmp0(other->error_type, "CAST") == 0 &&
                g_strcmp0(other->column, reject->column) == 0) {
                first = first && j >= i;
                n++;
            }
        }
        if (type == NULL || !first || g_strcmp0(reject->error_type, "CAST") != 0) {
            continue;
        }
        g_autofree char *more =
            n > 1 ? g_strdup_printf(" (%u values of the first rows)", n) : g_strdup("");
        pk_resolved_read_add_note(
            r, reject->column, NULL,
            g_strdup_printf("%s does not read \"%s\" on line %" G_GUINT64_FORMAT "%s", type,
                            reject->value != NULL ? reject->value : "", reject->line, more));
    }
}

/* A copy of the first PREVIEW_HEAD_BYTES of path, up to its last line break there, in the
 * temporary folder (registered; *out_copy). FALSE when path is no larger, has no line break
 * there, or the copy cannot be written. */
static gboolean copy_head(const char *path, char **out_copy) {
    g_autoptr(GMappedFile) mapped = g_mapped_file_new(path, FALSE, NULL);
    if (mapped == NULL || g_mapped_file_get_length(mapped) <= PREVIEW_HEAD_BYTES) {
        return FALSE;
    }
    const char *contents = g_mapped_file_get_contents(mapped);
    gsize end = PREVIEW_HEAD_BYTES;
    while (end > 0 && contents[end - 1] != '\n') {
        end--;
    }
    char *copy = NULL;
    int fd = end > 0 ? g_file_open_tmp("pika-preview-XXXXXX.csv", &copy, NULL) : -1;
    if (fd < 0) {
        return FALSE;
    }
    g_close(fd, NULL);
    pk_path_register_temp(copy);
    if (!g_file_set_contents(copy, contents, (gssize)end, NULL)) {
        pk_path_discard_temp(copy);
        g_free(copy);
        return FALSE;
    }
    *out_copy = copy;
    return TRUE;
}

/* extra, then the date and timestamp formats of r's read (the caller's, else DuckDB's). */
static char *with_formats(const PkResolvedRead *r, const char *extra) {
    const char *date = r->opts.date_format != NULL ? r->opts.date_format : r->dialect.date_format;
    const char *time =
        r->opts.timestamp_format != NULL ? r->opts.timestamp_format : r->dialect.timestamp_format;
    GString *args = g_string_new(extra);
    if (date != NULL && date[0] != '\0') {
        g_autofree char *literal = pk_data_quote_literal(date);
        g_string_append_printf(args, "%sdateformat=%s", args->len > 0 ? ", " : "", literal);
    }
    if (time != NULL && time[0] != '\0') {
        g_autofree char *literal = pk_data_quote_literal(time);
        g_string_append_printf(args, "%stimestampformat=%s", args->len > 0 ? ", " : "", literal);
    }
    return g_string_free(args, FALSE);
}

/* A read of head, the copy of path's head, with the dialect, columns and types of the read of
 * path itself, so that it makes the same rows. New string, or NULL when the types are not
 * learnt. */
static char *head_read_call(PkConn *conn, const char *path, const char *head,
                            const PkResolvedRead *r, const char *extra) {
    const char *paths[] = {path, NULL};
    g_autofree char *whole = pk_import_build_read_call(paths, PK_DATA_FORMAT_CSV, &r->opts,
                                                       r->collapsed ? "ignore_errors=true" : NULL);
    g_autofree char *sql = g_strdup_printf("SELECT * FROM %s", whole);
    g_autoptr(PkSchema) schema = NULL;
    guint n = g_strv_length(r->dialect.column_names);
    if (!pk_conn_describe_sql(conn, sql, &schema, NULL) || schema->n_columns != n) {
        return NULL;
    }
    g_autofree const char **types = g_new0(const char *, n + 1);
    for (guint i = 0; i < n; i++) {
        types[i] = schema->columns[i].type_name;
    }
    g_autofree char *args = with_formats(r, extra);
    return pk_import_build_sample_call(head, r, types, args);
}

/* Lists the rows of read (bounded: a small file, or a large one's head) that do not parse, in
 * result (n_rejected, rejects) and as notes of overridden columns. Every value is converted:
 * DuckDB records rejects as its scan goes and keeps them only when the scan ends. */
static gboolean list_preview_rejects(PkConn *conn, const char *path, PkResolvedRead *r,
                                     const char *select, const char *read, const char *errors,
                                     const char *scans, PkSniffResult *result, GError **error) {
    g_autofree char *scan =
        g_strdup_printf("SELECT count(COLUMNS(*)) FROM (SELECT %s FROM %s)", select, read);
    GArray *rejects = g_array_new(FALSE, TRUE, sizeof(PkReject));
    guint64 n_all = 0;
    gboolean ok = pk_exec_statements(conn, scan, NULL, NULL, NULL, error) &&
                  pk_import_read_rejects(conn, errors, scans, &r->dialect, MAX_PREVIEW_REJECTS,
                                         rejects, &n_all, error);
    for (guint i = 0; i < rejects->len; i++) { /* the head's lines are the file's */
        PkReject *reject = &g_array_index(rejects, PkReject, i);
        g_free(reject->path);
        reject->path = g_strdup(path);
    }
    if (ok) {
        result->n_rejected = preview_window(r, rejects);
        note_failed_overrides(r, rejects);
        result->n_rejects = rejects->len;
    }
    result->rejects = (PkReject *)(void *)g_array_free(rejects, FALSE);
    return ok;
}

/* The preview of a CSV read: the first PREVIEW_ROWS rows that parse, and the rows among the
 * first ones that do not. A file larger than PREVIEW_HEAD_BYTES is read through a copy of its
 * head (typed as the whole file's read types it): a read that skips bad rows goes on until it
 * has its rows, and must not scan a large file of bad ones. */
static gboolean read_csv_preview(PkConn *conn, const char *path, PkResolvedRead *r,
                                 const char *select, PkSniffResult *result, GError **error) {
    const char *paths[] = {path, NULL};
    gint id = g_atomic_int_add(&preview_counter, 1);
    g_autofree char *errors = g_strdup_printf("pk_preview_errors_%d", id);
    g_autofree char *scans = g_strdup_printf("pk_preview_scans_%d", id);
    g_autofree char *store =
        g_strdup_printf("store_rejects=true, rejects_table='%s', rejects_scan='%s'", errors, scans);
    GStatBuf st;
    gboolean small = g_stat(path, &st) == 0 && st.st_size <= (goffset)PREVIEW_HEAD_BYTES;
    gboolean bytes = r->opts.encoding == NULL || g_ascii_strncasecmp(r->opts.encoding, "utf-16", 6);
    g_autofree char *head = NULL;
    g_autofree char *page_read = NULL, *scan_read = NULL;
    if (!small && bytes && copy_head(path, &head)) {
        page_read = head_read_call(conn, path, head, r, NULL);
        scan_read = head_read_call(conn, path, head, r, store);
    }
    if (page_read == NULL || scan_read == NULL) {
        g_clear_pointer(&page_read, g_free);
        g_clear_pointer(&scan_read, g_free);
        page_read =
            pk_import_build_read_call(paths, PK_DATA_FORMAT_CSV, &r->opts, "ignore_errors=true");
        scan_read =
            small ? pk_import_build_read_call(paths, PK_DATA_FORMAT_CSV, &r->opts, store) : NULL;
    }
    g_autofree char *sql = g_strdup_printf("SELECT %s FROM %s", select, page_read);
    g_autofree char *drop =
        g_strdup_printf("DROP TABLE IF EXISTS %s; DROP TABLE IF EXISTS %s", errors, scans);
    gboolean ok = pk_conn_query_page(conn, sql, 0, PREVIEW_ROWS, NULL, &result->preview, error) &&
                  (scan_read == NULL || list_preview_rejects(conn, path, r, select, scan_read,
                                                             errors, scans, result, error));
    pk_exec_statements(conn, drop, NULL, NULL, NULL, NULL);
    if (head != NULL) {
        pk_path_discard_temp(head);
    }
    return ok;
}

gboolean pk_data_sniff(PkConn *conn, const char *path, const PkImportOptions *opts,
                       PkSniffResult **out_result, GError **error) {
    PkImportOptions defaults;
    PkResolvedRead resolved;
    const char *paths[] = {path, NULL};
    gboolean ok = FALSE;
    g_autofree char *select = NULL;
    g_autofree char *sql = NULL;
    memset(&resolved, 0, sizeof resolved);
    if (conn == NULL || path == NULL || out_result == NULL) {
        g_set_error_literal(error, PK_ERROR, PK_ERROR_INVALID, "No file to sniff.");
        return FALSE;
    }
    if (opts == NULL) {
        pk_import_options_defaults(&defaults);
        opts = &defaults;
    }
    PkSniffResult *result = g_new0(PkSniffResult, 1);
    result->path = g_strdup(path);
    result->format = pk_import_resolve_format(paths, opts);
    if (!pk_import_validate(conn, paths, opts, error) ||
        !pk_import_resolve(conn, paths, result->format, opts, NULL, &resolved, error)) {
        goto out;
    }
    result->read_sql = pk_import_build_read_call(paths, result->format, &resolved.opts,
                                                 resolved.collapsed ? "ignore_errors=true" : NULL);
    select = pk_import_build_select_list(&resolved, result->format);
    sql = g_strdup_printf("SELECT %s FROM %s", select, result->read_sql);
    ok = pk_conn_describe_sql(conn, sql, &result->schema, error) &&
         (result->format == PK_DATA_FORMAT_CSV
              ? read_csv_preview(conn, path, &resolved, select, result, error)
              : pk_conn_query_page(conn, sql, 0, PREVIEW_ROWS, NULL, &result->preview, error));
    take_dialect(result, &resolved);
    result->relation_sql = g_steal_pointer(&sql);
out:
    pk_resolved_read_clear(&resolved);
    if (!ok) {
        pk_import_explain_long_line(path, opts, error);
        pk_sniff_result_free(result);
        return FALSE;
    }
    *out_result = result;
    return TRUE;
}
