/* import.c — files into tables, all or nothing.
 *
 *   for each group of files (all in one, or one per file):
 *     resolve the read (infer.c): the CSV dialect (sniff.c), then columns inferred from a
 *       sample of the first file (formats, types, SELECT expressions, notes)
 *     CREATE TABLE "pk_import_staging_N" AS SELECT <columns> FROM read_xxx([...], options)
 *                                                   -- progress, cancel; atomic by itself
 *     rejects (skip_bad_rows, or a file the strict sniffer could not read):
 *       read the rejects table, fail with the first bad line unless skipping, drop it
 *     no rows: refuse (EMPTY) with the reason
 *     BEGIN; [DROP TABLE "name" (replace)]; ALTER TABLE staging RENAME TO "name"; COMMIT
 *   any failure or cancellation: drop the staging table and the tables this import created,
 *   so no table is left behind and a replaced table survives a failed import.
 *
 * The big CREATE runs in autocommit mode, not inside an explicit transaction: in a
 * transaction DuckDB keeps the new rows transaction-local and copies them again on COMMIT,
 * which cost as much as 3.4 s of a 10 s import of 10M rows.
 *
 * CSV reads name their buffer size (PK_IMPORT_CSV_BUFFER_BYTES, in every read call: sniffing,
 * previews and imports alike) unless a maximum line size is given (DuckDB then sizes the
 * buffer from it): DuckDB 1.4 with its default reads a 10M-row file into a database file
 * 1.3-1.6x slower than with any buffer size named, 8 to 64 MiB alike (docs/PERFORMANCE.md).
 * The buffer is also the longest line DuckDB reads; a longer one fails the read with line 1
 * named, so its real line is found here (import-long-lines.c), and with skip_bad_rows it is
 * skipped and listed like any bad row.
 *
 * Tables are named after the file (sanitised, made unique) unless opts->table is given. */
#include "import-private.h"

#include "pika/path.h"

#include <string.h>

#define MAX_REJECTS_LISTED 1000

static gint import_counter = 0;

static gboolean validate_overrides(const PkImportOptions *opts, GError **error) {
    for (guint i = 0; opts->column_types != NULL && opts->column_types[i] != NULL; i++) {
        g_autofree char *name = NULL;
        g_autofree char *type = NULL;
        if (!pk_import_split_override(opts->column_types[i], &name, &type, error)) {
            return FALSE;
        }
    }
    if (opts->header == PK_HEADER_LINE && opts->header_line == 0) {
        g_set_error_literal(error, PK_ERROR, PK_ERROR_INVALID,
                            "The header line is counted from 1.");
        return FALSE;
    }
    return TRUE;
}

gboolean pk_import_validate(PkConn *conn, const char *const *paths, const PkImportOptions *opts,
                            GError **error) {
    if (conn == NULL || paths == NULL || paths[0] == NULL || opts == NULL) {
        g_set_error_literal(error, PK_ERROR, PK_ERROR_INVALID, "No file to import.");
        return FALSE;
    }
    if (pk_db_is_locked_down(conn->db)) {
        g_set_error_literal(error, PK_ERROR, PK_ERROR_SECURITY,
                            "Importing files is disabled for this database (locked down).");
        return FALSE;
    }
    PkDataFormat format = pk_import_resolve_format(paths, opts);
    return validate_overrides(opts, error) && pk_import_check_files(paths, format, opts, error);
}

/* One column of the SELECT list: r's expression for it (or the column), cast to its type
 * override when casts apply, named as the column. */
static void append_column(GString *sql, const char *name, const PkResolvedRead *r, gboolean casts) {
    g_autofree char *quoted = pk_data_quote_ident(name);
    const char *expr = pk_resolved_read_expr(r, name);
    g_autofree char *type = casts ? pk_import_dup_override(&r->opts, name) : NULL;
    if (type != NULL) {
        g_string_append_printf(sql, "CAST(%s AS %s) AS %s", expr != NULL ? expr : quoted, type,
                               quoted);
    } else if (expr != NULL) {
        g_string_append_printf(sql, "%s AS %s", expr, quoted);
    } else {
        g_string_append(sql, quoted);
    }
}

/* The columns that * REPLACE (...) lists: those with a cast, then those with an expression. */
static GPtrArray *replaced_columns(const PkResolvedRead *r, gboolean casts) {
    GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
    const char *const *types = r->opts.column_types;
    for (guint i = 0; casts && types != NULL && types[i] != NULL; i++) {
        char *n = NULL;
        g_autofree char *t = NULL;
        if (pk_import_split_override(types[i], &n, &t, NULL)) {
            g_ptr_array_add(names, n);
        }
    }
    for (guint i = 0; r->exprs != NULL && i < r->exprs->len; i += 2) {
        const char *n = g_ptr_array_index(r->exprs, i);
        if (!g_ptr_array_find_with_equal_func(names, n, g_str_equal, NULL)) {
            g_ptr_array_add(names, g_strdup(n));
        }
    }
    return names;
}

char *pk_import_build_select_list(const PkResolvedRead *r, PkDataFormat format) {
    const PkImportOptions *opts = &r->opts;
    gboolean casts = format == PK_DATA_FORMAT_PARQUET || format == PK_DATA_FORMAT_JSON;
    GString *sql = g_string_new(NULL);
    if (opts->include_columns != NULL && opts->include_columns[0] != NULL) {
        for (guint i = 0; opts->include_columns[i] != NULL; i++) {
            g_string_append(sql, i > 0 ? ", " : "");
            append_column(sql, opts->include_columns[i], r, casts);
        }
        return g_string_free(sql, FALSE);
    }
    g_string_append_c(sql, '*');
    if (opts->exclude_columns != NULL && opts->exclude_columns[0] != NULL) {
        g_string_append(sql, " EXCLUDE (");
        for (guint i = 0; opts->exclude_columns[i] != NULL; i++) {
            g_autofree char *quoted = pk_data_quote_ident(opts->exclude_columns[i]);
            g_string_append_printf(sql, "%s%s", i > 0 ? ", " : "", quoted);
        }
        g_string_append_c(sql, ')');
    }
    g_autoptr(GPtrArray) replaced = replaced_columns(r, casts);
    for (guint i = 0; i < replaced->len; i++) {
        g_string_append(sql, i > 0 ? ", " : " REPLACE (");
        append_column(sql, g_ptr_array_index(replaced, i), r, casts);
    }
    if (replaced->len > 0) {
        g_string_append_c(sql, ')');
    }
    return g_string_free(sql, FALSE);
}

void pk_import_result_free(PkImportResult *result) {
    if (result == NULL) {
        return;
    }
    for (guint i = 0; i < result->n_tables; i++) {
        g_free(result->tables[i].name);
        pk_schema_free(result->tables[i].schema);
        pk_column_notes_free(result->tables[i].notes, result->tables[i].n_notes);
    }
    g_free(result->tables);
    for (guint i = 0; i < result->n_rejects; i++) {
        pk_reject_clear(&result->rejects[i]);
    }
    g_free(result->rejects);
    g_free(result);
}

/* State of one import call. */
typedef struct {
    PkConn *conn;
    const PkImportOptions *opts;
    PkCancel *cancel;
    PkProgressFunc progress;
    gpointer user_data;
    GArray *tables;  /* PkImportedTable */
    GArray *rejects; /* PkReject */
    guint64 n_rejected;
    gboolean has_header; /* of the last CSV read */
    PkColumnNote *notes; /* of the last read (n_notes) */
    guint n_notes;
} Import;

static char *pick_table_name(Import *im, const char *const *paths, gboolean several,
                             GError **error) {
    const char *wanted = im->opts->table;
    if (wanted == NULL || several) {
        g_autofree char *base = pk_data_table_name_for_path(paths[0]);
        g_autofree char *joined = wanted != NULL ? g_strdup_printf("%s_%s", wanted, base) : NULL;
        return pk_conn_unique_table_name(im->conn, joined != NULL ? joined : base);
    }
    if (pk_conn_table_exists(im->conn, wanted) && !im->opts->replace) {
        g_set_error(error, PK_ERROR, PK_ERROR_EXISTS,
                    "A table named \"%s\" already exists. "
                    "Choose another name or replace it (--replace).",
                    wanted);
        return NULL;
    }
    return g_strdup(wanted);
}

void pk_reject_clear(PkReject *r) {
    g_clear_pointer(&r->path, g_free);
    g_clear_pointer(&r->column, g_free);
    g_clear_pointer(&r->error_type, g_free);
    g_clear_pointer(&r->message, g_free);
    g_clear_pointer(&r->text, g_free);
    g_clear_pointer(&r->value, g_free);
}

char *pk_import_reject_value(const PkSniffDialect *d, const char *message) {
    g_autoptr(GRegex) regex = g_regex_new("Could not convert string \"(.*)\" to '", 0, 0, NULL);
    g_autoptr(GMatchInfo) match = NULL;
    if (message == NULL || !g_regex_match(regex, message, 0, &match)) {
        return NULL;
    }
    g_autofree char *raw = g_match_info_fetch(match, 1);
    const char *quote = d != NULL ? d->quote : NULL, *escape = d != NULL ? d->escape : NULL;
    if (quote == NULL || quote[0] == '\0' || escape == NULL || escape[0] == '\0') {
        return g_steal_pointer(&raw);
    }
    g_autofree char *escaped = g_strconcat(escape, quote, NULL);
    g_auto(GStrv) parts = g_strsplit(raw, escaped, -1);
    return g_strjoinv(quote, parts);
}

static char *reject_text(duckdb_vector vector, idx_t row) {
    return pk_data_vector_valid(vector, row) ? pk_data_vector_strdup(vector, row) : NULL;
}

gboolean pk_import_read_rejects(PkConn *conn, const char *errors, const char *scans,
                                const PkSniffDialect *dialect, guint max_listed, GArray *rejects,
                                guint64 *out_n_rejected, GError **error) {
    g_autofree char *sql = g_strdup_printf(
        "SELECT s.file_path, e.line::VARCHAR, e.column_name, e.error_type::VARCHAR, "
        "e.error_message, e.csv_line, (SELECT count(DISTINCT (file_id, line)) FROM %s)::VARCHAR "
        "FROM %s e JOIN %s s USING (scan_id, file_id) ORDER BY e.file_id, e.line, "
        /* A line can have several errors; the wrong column count explains the others. */
        "e.error_type::VARCHAR NOT IN ('TOO MANY COLUMNS', 'MISSING COLUMNS'), e.column_idx "
        "LIMIT %u",
        errors, errors, scans, max_listed);
    duckdb_result result;
    if (!pk_exec_run(conn, sql, NULL, NULL, NULL, &result, error)) {
        return FALSE;
    }
    duckdb_data_chunk chunk;
    guint64 n_rejected = 0; /* the same on every row */
    while ((chunk = duckdb_fetch_chunk(result)) != NULL) {
        for (idx_t row = 0; row < duckdb_data_chunk_get_size(chunk); row++) {
            PkReject r = {0};
            g_autofree char *line = reject_text(duckdb_data_chunk_get_vector(chunk, 1), row);
            g_autofree char *count = reject_text(duckdb_data_chunk_get_vector(chunk, 6), row);
            r.path = reject_text(duckdb_data_chunk_get_vector(chunk, 0), row);
            r.line = line != NULL ? g_ascii_strtoull(line, NULL, 10) : 0;
            r.column = reject_text(duckdb_data_chunk_get_vector(chunk, 2), row);
            r.error_type = reject_text(duckdb_data_chunk_get_vector(chunk, 3), row);
            r.message = reject_text(duckdb_data_chunk_get_vector(chunk, 4), row);
            r.text = reject_text(duckdb_data_chunk_get_vector(chunk, 5), row);
            r.value = g_strcmp0(r.error_type, "CAST") == 0
                          ? pk_import_reject_value(dialect, r.message)
                          : NULL;
            n_rejected = count != NULL ? g_ascii_strtoull(count, NULL, 10) : 0;
            g_array_append_val(rejects, r);
        }
        duckdb_destroy_data_chunk(&chunk);
    }
    duckdb_destroy_result(&result);
    *out_n_rejected = n_rejected;
    return TRUE;
}

static gboolean read_rejects(Import *im, const char *errors, const char *scans,
                             const PkResolvedRead *r, GError **error) {
    guint64 n_rejected = 0;
    if (!pk_import_read_rejects(im->conn, errors, scans, &r->dialect, MAX_REJECTS_LISTED,
                                im->rejects, &n_rejected, error)) {
        return FALSE;
    }
    im->n_rejected += n_rejected;
    return TRUE;
}

/* Without skip_bad_rows, the first bad line becomes the error. */
static gboolean fail_on_rejects(Import *im, GError **error) {
    if (im->opts->skip_bad_rows || im->rejects->len == 0) {
        return TRUE;
    }
    PkReject *r = &g_array_index(im->rejects, PkReject, 0);
    g_autofree char *text = g_strdup_printf(
        "Invalid Input Error: CSV Error on Line: %" G_GUINT64_FORMAT "\n%s\n  file = %s\n", r->line,
        r->message != NULL ? r->message : "", r->path != NULL ? r->path : "");
    GError *translated = NULL;
    pk_data_set_error(&translated, DUCKDB_ERROR_INVALID_INPUT, text, NULL);
    g_set_error(error, PK_ERROR, translated->code, "%s (%" G_GUINT64_FORMAT " bad row%s in all.)",
                translated->message, im->n_rejected, im->n_rejected == 1 ? "" : "s");
    g_error_free(translated);
    return FALSE;
}

static gboolean run_create(Import *im, const char *name, const char *const *paths,
                           PkDataFormat format, const PkResolvedRead *r, GError **error) {
    gboolean use_rejects =
        format == PK_DATA_FORMAT_CSV && (im->opts->skip_bad_rows || r->collapsed);
    gint id = g_atomic_int_add(&import_counter, 1);
    g_autofree char *errors = g_strdup_printf("pk_reject_errors_%d", id);
    g_autofree char *scans = g_strdup_printf("pk_reject_scans_%d", id);
    GString *extra = g_string_new(NULL);
    if (use_rejects) {
        g_string_append_printf(extra,
                               "%sstore_rejects=true, rejects_table='%s', "
                               "rejects_scan='%s'",
                               extra->len > 0 ? ", " : "", errors, scans);
    }
    g_autofree char *read = pk_import_build_read_call(paths, format, &r->opts, extra->str);
    g_string_free(extra, TRUE);
    g_autofree char *select = pk_import_build_select_list(r, format);
    g_autofree char *quoted = pk_data_quote_ident(name);
    g_autofree char *sql =
        g_strdup_printf("CREATE TABLE %s AS SELECT %s FROM %s", quoted, select, read);
    g_debug("import: %s", sql);
    if (!pk_exec_run(im->conn, sql, im->cancel, im->progress, im->user_data, NULL, error)) {
        return FALSE;
    }
    if (!use_rejects) {
        return TRUE;
    }
    g_autofree char *drop = g_strdup_printf("DROP TABLE IF EXISTS %s; "
                                            "DROP TABLE IF EXISTS %s",
                                            errors, scans);
    gboolean ok = read_rejects(im, errors, scans, r, error) && fail_on_rejects(im, error);
    pk_exec_statements(im->conn, drop, NULL, NULL, NULL, NULL);
    return ok;
}

/* A value that does not fit the format a column was read with because of its sample: the
 * error says so and how to keep the column text. */
static void explain_inferred_format(const PkResolvedRead *r, const PkImportOptions *opts,
                                    GError **error) {
    if (error == NULL || !g_error_matches(*error, PK_ERROR, PK_ERROR_TYPE) || r->notes == NULL) {
        return;
    }
    for (guint i = 0; i < r->notes->len; i++) {
        const PkColumnNote *n = &g_array_index(r->notes, PkColumnNote, i);
        g_autofree char *override = pk_import_dup_override(opts, n->column);
        g_autofree char *needle = g_strdup_printf("column \"%s\":", n->column);
        if (n->format == NULL || n->format[0] != '%' || override != NULL ||
            strstr((*error)->message, needle) == NULL) {
            continue;
        }
        char *message = g_strdup_printf("%s (The sampled values of \"%s\" were all written %s, "
                                        "so the column was read with that format; --type "
                                        "%s=VARCHAR keeps it text.)",
                                        (*error)->message, n->column, n->format, n->column);
        g_free((*error)->message);
        (*error)->message = message;
        return;
    }
}

static gboolean create_table_from(Import *im, const char *name, const char *const *paths,
                                  GError **error) {
    PkDataFormat format = pk_import_resolve_format(paths, im->opts);
    PkResolvedRead r;
    gboolean ok = pk_import_resolve(im->conn, paths, format, im->opts, im->cancel, &r, error) &&
                  run_create(im, name, paths, format, &r, error);
    if (!ok) {
        explain_inferred_format(&r, im->opts, error);
    }
    im->has_header = format == PK_DATA_FORMAT_CSV && r.dialect.has_header;
    pk_column_notes_free(im->notes, im->n_notes);
    im->notes = pk_resolved_read_dup_notes(&r, &im->n_notes);
    pk_resolved_read_clear(&r);
    return ok;
}

/* A line too long for the reader: says where it really is, or (skip_bad_rows) imports a copy
 * without such lines and lists them as rejects of the original. */
static gboolean retry_without_long_lines(Import *im, const char *name, const char *path,
                                         GError **error) {
    if (!im->opts->skip_bad_rows) {
        pk_import_explain_long_line(path, im->opts, error);
        return FALSE;
    }
    GArray *long_lines = NULL;
    g_autofree char *copy = NULL;
    if (!pk_import_find_long_lines(path, pk_import_line_limit(im->opts), TRUE, &long_lines, &copy,
                                   NULL)) {
        return FALSE; /* the reader's error stands */
    }
    gboolean ok = FALSE;
    if (long_lines->len == 0) {
        /* no physical line is too long (a quoted field spans lines): the reader's error */
    } else {
        const char *copies[] = {copy, NULL};
        g_clear_error(error);
        ok = create_table_from(im, name, copies, error);
        for (guint i = 0; i < im->rejects->len; i++) { /* the copy's rows are the file's */
            PkReject *r = &g_array_index(im->rejects, PkReject, i);
            if (g_strcmp0(r->path, copy) == 0) {
                g_free(r->path);
                r->path = g_strdup(path);
            }
        }
        im->n_rejected += long_lines->len;
        g_array_prepend_vals(im->rejects, long_lines->data, long_lines->len);
        g_array_set_size(long_lines, 0); /* their strings now belong to im->rejects */
    }
    for (guint i = 0; i < long_lines->len; i++) {
        PkReject *r = &g_array_index(long_lines, PkReject, i);
        pk_reject_clear(r);
    }
    g_array_unref(long_lines);
    pk_path_discard_temp(copy);
    return ok;
}

static gboolean create_table(Import *im, const char *name, const char *const *paths,
                             GError **error) {
    GError *local = NULL;
    if (create_table_from(im, name, paths, &local)) {
        return TRUE;
    }
    gboolean csv = pk_import_resolve_format(paths, im->opts) == PK_DATA_FORMAT_CSV;
    if (csv && paths[1] == NULL && g_error_matches(local, PK_ERROR, PK_ERROR_TOO_LARGE) &&
        retry_without_long_lines(im, name, paths[0], &local)) {
        return TRUE;
    }
    g_propagate_error(error, local);
    return FALSE;
}

/* Gives the staging table its final name, replacing a table of that name (only reached when
 * replacing was asked for: pick_table_name refuses otherwise). */
static gboolean rename_staging(Import *im, const char *staging, const char *name, GError **error) {
    g_autofree char *quoted = pk_data_quote_ident(name);
    g_autofree char *sql = g_strdup_printf("BEGIN TRANSACTION; DROP TABLE IF EXISTS %s; "
                                           "ALTER TABLE %s RENAME TO %s; COMMIT",
                                           quoted, staging, quoted);
    if (!pk_exec_statements(im->conn, sql, NULL, NULL, NULL, error)) {
        pk_exec_statements(im->conn, "ROLLBACK", NULL, NULL, NULL, NULL);
        return FALSE;
    }
    return TRUE;
}

static void drop_table(PkConn *conn, const char *name) {
    g_autofree char *quoted = pk_data_quote_ident(name);
    g_autofree char *sql = g_strdup_printf("DROP TABLE IF EXISTS %s", quoted);
    pk_exec_statements(conn, sql, NULL, NULL, NULL, NULL);
}

/* Refuses a table of no rows, saying why: every row was rejected (the first reason), or the
 * file holds a header, or nothing, beyond the lines skipped. rejects_before: the rejects listed
 * before this table's. */
static gboolean check_has_rows(Import *im, const char *table, const char *const *paths,
                               guint64 n_rejected, guint rejects_before, GError **error) {
    g_autofree char *quoted = pk_data_quote_ident(table);
    g_autofree char *sql = g_strdup_printf("SELECT (count(*) > 0)::VARCHAR FROM %s", quoted);
    g_autofree char *any = NULL;
    if (!pk_exec_scalar_text(im->conn, sql, &any, error)) {
        return FALSE;
    }
    if (g_strcmp0(any, "true") == 0) {
        return TRUE;
    }
    if (n_rejected > 0 && im->rejects->len > rejects_before) {
        const PkReject *r = &g_array_index(im->rejects, PkReject, rejects_before);
        g_autofree char *base = g_path_get_basename(r->path != NULL ? r->path : paths[0]);
        g_autofree char *reason = pk_data_reject_reason(r);
        g_set_error(error, PK_ERROR, PK_ERROR_EMPTY,
                    "%s: all %" G_GUINT64_FORMAT " rows were rejected, so there is nothing to "
                    "import. The first: line %" G_GUINT64_FORMAT ", %s. Choose other column "
                    "types, or fix the file.",
                    base, n_rejected, r->line, reason);
    } else if (paths[1] != NULL) {
        g_set_error(error, PK_ERROR, PK_ERROR_EMPTY,
                    "None of the %u files has any rows: there is nothing to import.",
                    g_strv_length((char **)paths));
    } else {
        g_set_error(error, PK_ERROR, PK_ERROR_EMPTY, "%s has %s: there is nothing to import.",
                    paths[0], im->has_header ? "a header but no rows" : "no rows");
    }
    return FALSE;
}

static gboolean import_group(Import *im, const char *const *paths, gboolean several,
                             GError **error) {
    PkImportedTable table = {0};
    g_autofree char *staging =
        g_strdup_printf("pk_import_staging_%d", g_atomic_int_add(&import_counter, 1));
    guint64 rejected_before = im->n_rejected;
    guint rejects_before = im->rejects->len;
    table.name = pick_table_name(im, paths, several, error);
    gboolean created =
        table.name != NULL && create_table(im, staging, paths, error) &&
        check_has_rows(im, staging, paths, im->n_rejected - rejected_before, rejects_before, error);
    if (!created || !rename_staging(im, staging, table.name, error)) {
        drop_table(im->conn, staging);
        g_free(table.name);
        return FALSE;
    }
    table.notes = g_steal_pointer(&im->notes);
    table.n_notes = im->n_notes;
    im->n_notes = 0;
    g_array_append_val(im->tables, table); /* from here on, a failure drops it */
    PkImportedTable *added = &g_array_index(im->tables, PkImportedTable, im->tables->len - 1);
    return pk_conn_row_count(im->conn, added->name, &added->n_rows, error) &&
           pk_conn_describe_table(im->conn, added->name, &added->schema, error);
}

static gboolean import_all(Import *im, const char *const *paths, GError **error) {
    guint n_paths = g_strv_length((char **)paths);
    if (!im->opts->one_table_per_file || n_paths == 1) {
        return import_group(im, paths, FALSE, error);
    }
    for (guint i = 0; i < n_paths; i++) {
        const char *one[] = {paths[i], NULL};
        if (!import_group(im, one, TRUE, error)) {
            return FALSE;
        }
    }
    return TRUE;
}

static PkImportResult *import_take_result(Import *im) {
    PkImportResult *result = g_new0(PkImportResult, 1);
    result->n_tables = im->tables->len;
    result->tables = (PkImportedTable *)(void *)g_array_free(im->tables, FALSE);
    result->n_rejects = im->rejects->len;
    result->rejects = (PkReject *)(void *)g_array_free(im->rejects, FALSE);
    result->n_rejected = im->n_rejected;
    im->tables = NULL;
    im->rejects = NULL;
    return result;
}

gboolean pk_data_import(PkConn *conn, const char *const *paths, const PkImportOptions *opts,
                        PkCancel *cancel, PkProgressFunc progress, gpointer user_data,
                        PkImportResult **out_result, GError **error) {
    PkImportOptions defaults;
    if (opts == NULL) {
        pk_import_options_defaults(&defaults);
        opts = &defaults;
    }
    if (!pk_import_validate(conn, paths, opts, error)) {
        return FALSE;
    }
    gint64 start_us = g_get_monotonic_time();
    Import im = {conn,
                 opts,
                 cancel,
                 progress,
                 user_data,
                 g_array_new(FALSE, TRUE, sizeof(PkImportedTable)),
                 g_array_new(FALSE, TRUE, sizeof(PkReject)),
                 0,
                 FALSE,
                 NULL,
                 0};
    gboolean ok = import_all(&im, paths, error);
    PkImportResult *result = import_take_result(&im);
    pk_column_notes_free(im.notes, im.n_notes);
    if (!ok) {
        for (guint i = 0; i < result->n_tables; i++) {
            drop_table(conn, result->tables[i].name);
        }
        pk_import_result_free(result);
        return FALSE;
    }
    result->seconds = (double)(g_get_monotonic_time() - start_us) / 1e6;
    if (out_result != NULL) {
        *out_result = result;
    } else {
        pk_import_result_free(result);
    }
    return TRUE;
}
