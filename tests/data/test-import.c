/* test-import.c — the corpus of awkward files: each imports with the documented types and row
 * count, or fails with the documented code and message (docs/data-import.md keeps the table). */
#include "data-fixture.h"
#include "pika-test.h"
#include "pika/data.h"

#include <glib/gstdio.h>
#include <string.h>

/* NAME in a folder of this process's own: runs of the suite side by side (one machine, several
 * checkouts) must not write each other's files. Remove with remove_temp(). */
static char *temp_path(const char *name) {
    g_autofree char *dir = g_dir_make_tmp("pika-test-XXXXXX", NULL);
    g_assert_nonnull(dir);
    return g_build_filename(dir, name, NULL);
}

static void remove_temp(const char *path) {
    g_unlink(path);
    g_autofree char *dir = g_path_get_dirname(path);
    g_rmdir(dir);
}

static char *corpus(const char *name) {
    const char *dir = g_getenv("PIKA_TEST_DATA");
    g_assert_nonnull(dir);
    return g_build_filename(dir, "corpus", name, NULL);
}

/* Imports one corpus file; returns the result (NULL and error set on failure). */
static PkImportResult *import_file(Fixture *f, const char *name, const PkImportOptions *opts,
                                   GError **error) {
    g_autofree char *path = corpus(name);
    const char *paths[] = {path, NULL};
    PkImportResult *result = NULL;
    if (!pk_data_import(f->conn, paths, opts, NULL, NULL, NULL, &result, error)) {
        return NULL;
    }
    return result;
}

/* Asserts table 0 has n_rows rows and the types "name:TYPE name:TYPE ...". */
static void assert_table(const PkImportResult *result, guint64 n_rows, const char *types) {
    g_assert_nonnull(result);
    g_assert_cmpuint(result->n_tables, ==, 1);
    const PkImportedTable *table = &result->tables[0];
    GString *found = g_string_new(NULL);
    for (guint i = 0; i < table->schema->n_columns; i++) {
        g_string_append_printf(found, "%s%s:%s", i > 0 ? " " : "", table->schema->columns[i].name,
                               table->schema->columns[i].type_name);
    }
    g_assert_cmpstr(found->str, ==, types);
    g_assert_cmpuint(table->n_rows, ==, n_rows);
    g_string_free(found, TRUE);
}

static void assert_fails(Fixture *f, const char *name, const PkImportOptions *opts, int code,
                         const char *piece) {
    g_autoptr(GError) error = NULL;
    PkImportResult *result = import_file(f, name, opts, &error);
    g_assert_null(result);
    g_assert_error(error, PK_ERROR, code);
    if (strstr(error->message, piece) == NULL) {
        g_error("message \"%s\" lacks \"%s\"", error->message, piece);
    }
    /* Nothing is left behind. */
    char **names = NULL;
    g_assert_true(pk_conn_list_tables(f->conn, &names, NULL, NULL));
    g_assert_cmpuint(g_strv_length(names), ==, 0);
    g_strfreev(names);
}

typedef struct {
    const char *file;
    guint64 n_rows;
    const char *types;
} Case;

/* The files that import cleanly with default options. */
static const Case clean_cases[] = {
    {"crlf.csv", 3, "a:BIGINT b:DOUBLE c:VARCHAR"},
    {"utf8-bom.csv", 2, "city:VARCHAR population:BIGINT"},
    {"semicolon-decimal-comma.csv", 3, "produkt:VARCHAR preis:DOUBLE menge:BIGINT"},
    {"semicolon-decimal-point.csv", 3, "station:VARCHAR temp:DOUBLE humidity:BIGINT"},
    {"header-line-5.csv", 3, "station:VARCHAR temp:DOUBLE humidity:BIGINT"},
    {"duplicate-headers.csv", 2, "value:BIGINT value_1:BIGINT other:BIGINT value_2:BIGINT"},
    {"mixed-types.csv", 4, "id:BIGINT mixed:VARCHAR"},
    {"timestamps.csv", 3,
     "iso:TIMESTAMP us:DATE eu:VARCHAR "
     "epochish:TIMESTAMP WITH TIME ZONE"},
    {"thousands.csv", 3, "item:VARCHAR amount:VARCHAR"},
    {"tabs.tsv", 2, "a:BIGINT b:VARCHAR c:DOUBLE"},
    {"pipes.txt", 3, "a:BIGINT b:VARCHAR"},
    {"nulls-bools-dates.csv", 3, "id:BIGINT flag:BOOLEAN when:DATE"},
    {"null-strings.csv", 5, "id:BIGINT val:DOUBLE"},
    {"no-trailing-newline.csv", 2, "x:BIGINT y:BIGINT"},
    {"unbalanced-quotes.csv", 3, "id:BIGINT comment:VARCHAR"},
    {"small.parquet", 5, "id:INTEGER label:VARCHAR value:DECIMAL(21,1) day:DATE"},
    {"records.ndjson", 3, "id:BIGINT name:VARCHAR v:DOUBLE"},
    {"array.json", 2, "k:VARCHAR n:BIGINT"},
};

static void test_clean_corpus(Fixture *f, gconstpointer data) {
    (void)data;
    for (gsize i = 0; i < G_N_ELEMENTS(clean_cases); i++) {
        g_autoptr(GError) error = NULL;
        g_test_message("corpus file %s", clean_cases[i].file);
        PkImportResult *result = import_file(f, clean_cases[i].file, NULL, &error);
        g_assert_no_error(error);
        assert_table(result, clean_cases[i].n_rows, clean_cases[i].types);
        g_assert_cmpuint(result->n_rejected, ==, 0);
        pk_import_result_free(result);
    }
}

/* A table of no rows is refused with the reason, never reported as an import: a header and
 * no rows, or every row rejected (the count and the first reason); no table is left. */
static void test_zero_row_import_is_refused(Fixture *f, gconstpointer data) {
    (void)data;
    assert_fails(f, "header-only.csv", NULL, PK_ERROR_EMPTY,
                 "header-only.csv has a header but no rows: there is nothing to import.");
    PkImportOptions opts;
    pk_import_options_defaults(&opts);
    const char *const types[] = {"c=BIGINT", NULL};
    opts.column_types = types;
    opts.skip_bad_rows = TRUE;
    assert_fails(f, "crlf.csv", &opts, PK_ERROR_EMPTY,
                 "crlf.csv: all 3 rows were rejected, so there is nothing to import. The first: "
                 "line 2, column \"c\": value \"x\" is not a valid BIGINT.");
    /* a replaced table survives the refusal */
    g_autoptr(GError) error = NULL;
    PkImportOptions keep;
    pk_import_options_defaults(&keep);
    keep.table = "t";
    pk_import_result_free(import_file(f, "crlf.csv", &keep, &error));
    g_assert_no_error(error);
    opts.table = "t";
    opts.replace = TRUE;
    g_assert_null(import_file(f, "crlf.csv", &opts, &error));
    g_assert_error(error, PK_ERROR, PK_ERROR_EMPTY);
    guint64 n_rows = 0;
    g_assert_true(pk_conn_row_count(f->conn, "t", &n_rows, NULL));
    g_assert_cmpuint(n_rows, ==, 3);
}

static void test_table_names_from_files(Fixture *f, gconstpointer data) {
    (void)data;
    g_autoptr(GError) error = NULL;
    PkImportResult *a = import_file(f, "crlf.csv", NULL, &error);
    PkImportResult *b = import_file(f, "crlf.csv", NULL, &error);
    g_assert_no_error(error);
    g_assert_cmpstr(a->tables[0].name, ==, "crlf");
    g_assert_cmpstr(b->tables[0].name, ==, "crlf_2");
    pk_import_result_free(a);
    pk_import_result_free(b);
    g_autofree char *n1 = pk_data_table_name_for_path("/x/My Data (2).csv");
    g_autofree char *n2 = pk_data_table_name_for_path("2024-sales.csv.gz");
    g_assert_cmpstr(n1, ==, "my_data_2");
    g_assert_cmpstr(n2, ==, "t_2024_sales");
}

static void test_existing_table_name_is_refused(Fixture *f, gconstpointer data) {
    (void)data;
    g_autoptr(GError) error = NULL;
    PkImportOptions opts;
    pk_import_options_defaults(&opts);
    opts.table = "t";
    pk_import_result_free(import_file(f, "crlf.csv", &opts, &error));
    g_assert_no_error(error);
    g_assert_null(import_file(f, "pipes.txt", &opts, &error));
    g_assert_error(error, PK_ERROR, PK_ERROR_EXISTS);
    g_clear_error(&error);
    opts.replace = TRUE;
    PkImportResult *result = import_file(f, "pipes.txt", &opts, &error);
    g_assert_no_error(error);
    assert_table(result, 3, "a:BIGINT b:VARCHAR");
    pk_import_result_free(result);
}

static void test_ragged_row_reports_line_number(Fixture *f, gconstpointer data) {
    (void)data;
    assert_fails(f, "ragged.csv", NULL, PK_ERROR_RAGGED,
                 "line 8: expected 3 columns but "
                 "found 4");
    assert_fails(f, "ragged.csv", NULL, PK_ERROR_RAGGED, "--skip-bad-rows");
}

static void test_skip_bad_rows_reports_rejects(Fixture *f, gconstpointer data) {
    (void)data;
    g_autoptr(GError) error = NULL;
    PkImportOptions opts;
    pk_import_options_defaults(&opts);
    opts.skip_bad_rows = TRUE;
    PkImportResult *result = import_file(f, "ragged.csv", &opts, &error);
    g_assert_no_error(error);
    assert_table(result, 19, "id:BIGINT name:VARCHAR score:DOUBLE");
    g_assert_cmpuint(result->n_rejected, ==, 1);
    g_assert_cmpuint(result->n_rejects, ==, 1);
    g_assert_cmpuint(result->rejects[0].line, ==, 8);
    g_assert_cmpstr(result->rejects[0].error_type, ==, "TOO MANY COLUMNS");
    g_assert_cmpstr(result->rejects[0].text, ==, "7,name7,7.5,extra");
    pk_import_result_free(result);

    result = import_file(f, "garbage-lines.csv", &opts, &error);
    g_assert_no_error(error);
    assert_table(result, 20, "x:BIGINT y:BIGINT");
    g_assert_cmpuint(result->n_rejected, ==, 1);
    g_assert_cmpuint(result->rejects[0].line, ==, 12);
    pk_import_result_free(result);
}

static void test_garbage_line_fails_without_skip(Fixture *f, gconstpointer data) {
    (void)data;
    assert_fails(f, "garbage-lines.csv", NULL, PK_ERROR_RAGGED,
                 "line 12: expected 2 columns but found 1");
}

static void test_latin1_needs_encoding(Fixture *f, gconstpointer data) {
    (void)data;
    assert_fails(f, "latin1.csv", NULL, PK_ERROR_ENCODING, "--encoding latin-1");
    assert_fails(f, "invalid-utf8.csv", NULL, PK_ERROR_ENCODING, "line 3");
    g_autoptr(GError) error = NULL;
    PkImportOptions opts;
    pk_import_options_defaults(&opts);
    opts.encoding = "latin-1";
    PkImportResult *result = import_file(f, "latin1.csv", &opts, &error);
    g_assert_no_error(error);
    assert_table(result, 3, "name:VARCHAR city:VARCHAR");
    g_autoptr(PkTextPage) page = NULL;
    g_assert_true(pk_conn_query_page(f->conn, "SELECT * FROM latin1", 0, 1, NULL, &page, NULL));
    g_assert_cmpstr(pk_text_page_get(page, 0, 0), ==, "Jos\xc3\xa9");
    pk_import_result_free(result);
}

static void test_file_errors(Fixture *f, gconstpointer data) {
    (void)data;
    assert_fails(f, "missing.csv", NULL, PK_ERROR_NOT_FOUND, "missing.csv");
    assert_fails(f, "empty.csv", NULL, PK_ERROR_EMPTY, "empty");
    assert_fails(f, "binary.png", NULL, PK_ERROR_NOT_TEXT, "not a text file");
}

static void test_type_override_that_does_not_fit(Fixture *f, gconstpointer data) {
    (void)data;
    PkImportOptions opts;
    pk_import_options_defaults(&opts);
    const char *const types[] = {"mixed=BIGINT", NULL};
    opts.column_types = types;
    assert_fails(f, "mixed-types.csv", &opts, PK_ERROR_TYPE,
                 "line 4: column \"mixed\": value \"thirty\" is not a valid BIGINT");
    const char *const bad[] = {"mixed", NULL};
    opts.column_types = bad;
    assert_fails(f, "mixed-types.csv", &opts, PK_ERROR_INVALID, "NAME=TYPE");
}

/* A type override goes into CAST(... AS TYPE) unquoted (types cannot be quoted): only type
 * names pass, so an override from a workspace cannot close the CAST and read another file into
 * the table while the import may still read files. Type names of every shape still work. */
static void test_type_override_cannot_run_sql(Fixture *f, gconstpointer data) {
    (void)data;
    g_autoptr(GError) error = NULL;
    g_autofree char *dir = g_dir_make_tmp("pika-import-XXXXXX", &error);
    g_assert_no_error(error);
    g_autofree char *secret = g_build_filename(dir, "secret.txt", NULL);
    g_assert_true(g_file_set_contents(secret, "not for the table\n", -1, &error));
    GString *chars = g_string_new(NULL); /* the path without quotes: chr(47),chr(116),... */
    for (const char *p = secret; *p != '\0'; p++) {
        g_string_append_printf(chars, "%schr(%d)", p > secret ? "," : "", *p);
    }
    g_autofree char *injected = g_strdup_printf(
        "id=BIGINT) AS name, (SELECT content FROM read_text(concat(%s))) AS v, CAST(1 AS BIGINT",
        chars->str);
    g_string_free(chars, TRUE);
    PkImportOptions opts;
    pk_import_options_defaults(&opts);
    const char *const types[] = {injected, NULL};
    opts.column_types = types;
    assert_fails(f, "records.ndjson", &opts, PK_ERROR_INVALID, "Invalid column type");

    const char *const fine[] = {"id=DECIMAL(10, 2)", "v=DOUBLE PRECISION", NULL};
    opts.column_types = fine;
    PkImportResult *result = import_file(f, "records.ndjson", &opts, &error);
    g_assert_no_error(error);
    assert_table(result, 3, "id:DECIMAL(10,2) name:VARCHAR v:DOUBLE");
    pk_import_result_free(result);
    g_unlink(secret);
    g_rmdir(dir);
}

static void test_options_shape_the_table(Fixture *f, gconstpointer data) {
    (void)data;
    g_autoptr(GError) error = NULL;
    PkImportOptions opts;
    pk_import_options_defaults(&opts);
    const char *const types[] = {"menge=DOUBLE", NULL};
    const char *const exclude[] = {"produkt", NULL};
    opts.column_types = types;
    opts.exclude_columns = exclude;
    opts.table = "prices";
    PkImportResult *result = import_file(f, "semicolon-decimal-comma.csv", &opts, &error);
    g_assert_no_error(error);
    assert_table(result, 3, "preis:DOUBLE menge:DOUBLE");
    g_assert_cmpstr(result->tables[0].name, ==, "prices");
    pk_import_result_free(result);

    pk_import_options_defaults(&opts);
    opts.header = PK_HEADER_NONE;
    opts.skip_rows = 1;
    const char *const include[] = {"column0", NULL};
    opts.include_columns = include;
    result = import_file(f, "pipes.txt", &opts, &error);
    g_assert_no_error(error);
    assert_table(result, 3, "column0:BIGINT");
    pk_import_result_free(result);

    pk_import_options_defaults(&opts);
    opts.header = PK_HEADER_LINE;
    opts.header_line = 5;
    const char *const parquet_types[] = {"value=DOUBLE", NULL};
    result = import_file(f, "header-line-5.csv", &opts, &error);
    g_assert_no_error(error);
    assert_table(result, 3, "station:VARCHAR temp:DOUBLE humidity:BIGINT");
    pk_import_result_free(result);
    pk_import_options_defaults(&opts);
    opts.column_types = parquet_types;
    result = import_file(f, "small.parquet", &opts, &error);
    g_assert_no_error(error);
    assert_table(result, 5, "id:INTEGER label:VARCHAR value:DOUBLE day:DATE");
    pk_import_result_free(result);
}

static void test_several_files(Fixture *f, gconstpointer data) {
    (void)data;
    g_autoptr(GError) error = NULL;
    g_autofree char *a = corpus("crlf.csv");
    g_autofree char *b = corpus("crlf.csv");
    const char *paths[] = {a, b, NULL};
    PkImportOptions opts;
    pk_import_options_defaults(&opts);
    PkImportResult *result = NULL;
    g_assert_true(pk_data_import(f->conn, paths, &opts, NULL, NULL, NULL, &result, &error));
    assert_table(result, 6, "a:BIGINT b:DOUBLE c:VARCHAR");
    pk_import_result_free(result);
    opts.one_table_per_file = TRUE;
    g_assert_true(pk_data_import(f->conn, paths, &opts, NULL, NULL, NULL, &result, &error));
    g_assert_no_error(error);
    g_assert_cmpuint(result->n_tables, ==, 2);
    g_assert_cmpstr(result->tables[0].name, ==, "crlf_2");
    g_assert_cmpstr(result->tables[1].name, ==, "crlf_3");
    pk_import_result_free(result);
}

static void test_long_field(Fixture *f, gconstpointer data) {
    (void)data;
    g_autoptr(GError) error = NULL;
    g_autofree char *path = temp_path("pika-test-long-field.csv");
    GString *text = g_string_new("id,text\n0,first\n1,");
    for (int i = 0; i < 3 * 1000 * 1000; i++) {
        g_string_append_c(text, 'a' + i % 26);
    }
    g_string_append(text, "\n2,short\n");
    g_assert_true(g_file_set_contents(path, text->str, (gssize)text->len, NULL));
    g_string_free(text, TRUE);
    const char *paths[] = {path, NULL};
    PkImportResult *result = NULL;
    /* Lines up to the 16 MiB read buffer are read by default. */
    g_assert_true(pk_data_import(f->conn, paths, NULL, NULL, NULL, NULL, &result, &error));
    g_assert_no_error(error);
    assert_table(result, 3, "id:BIGINT text:VARCHAR");
    pk_import_result_free(result);
    /* Over a given limit: the error names the real line (DuckDB says line 1) and the remedies. */
    PkImportOptions opts;
    pk_import_options_defaults(&opts);
    opts.max_line_size = 1000 * 1000;
    g_assert_false(pk_data_import(f->conn, paths, &opts, NULL, NULL, NULL, &result, &error));
    g_assert_error(error, PK_ERROR, PK_ERROR_TOO_LARGE);
    g_test_message("%s", error->message);
    g_assert_nonnull(strstr(error->message, "line 3:"));
    g_assert_nonnull(strstr(error->message, "--max-line-size"));
    g_assert_nonnull(strstr(error->message, "--skip-bad-rows"));
    g_clear_error(&error);
    /* ... and the sniffer (a dry run) says the same. */
    PkSniffResult *sniff = NULL;
    g_assert_false(pk_data_sniff(f->conn, path, &opts, &sniff, &error));
    g_assert_error(error, PK_ERROR, PK_ERROR_TOO_LARGE);
    g_assert_nonnull(strstr(error->message, "line 3:"));
    g_clear_error(&error);
    /* Skipping bad rows skips the long line and lists it; the other lines keep their place. */
    opts.skip_bad_rows = TRUE;
    opts.replace = TRUE;
    g_assert_true(pk_data_import(f->conn, paths, &opts, NULL, NULL, NULL, &result, &error));
    g_assert_no_error(error);
    assert_table(result, 2, "id:BIGINT text:VARCHAR");
    g_assert_cmpuint(result->n_rejected, ==, 1);
    g_assert_cmpuint(result->n_rejects, ==, 1);
    g_assert_cmpuint(result->rejects[0].line, ==, 3);
    g_assert_cmpstr(result->rejects[0].path, ==, path);
    g_assert_cmpstr(result->rejects[0].error_type, ==, "LINE SIZE OVER MAXIMUM");
    pk_import_result_free(result);
    /* larger than the read buffer named by default: DuckDB then sizes it */
    opts.skip_bad_rows = FALSE;
    opts.max_line_size = 20 * 1000 * 1000;
    g_assert_true(pk_data_import(f->conn, paths, &opts, NULL, NULL, NULL, &result, &error));
    g_assert_no_error(error);
    assert_table(result, 3, "id:BIGINT text:VARCHAR");
    pk_import_result_free(result);
    remove_temp(path);
}

/* A file of several CSV read buffers (import.c names 16 MiB) comes in whole and in the
 * file's row order, which previews, row ids and "delta from the previous row" rely on. */
static void test_file_of_many_buffers_keeps_row_order(Fixture *f, gconstpointer data) {
    (void)data;
    g_autoptr(GError) error = NULL;
    g_autofree char *path = temp_path("pika-test-many-buffers.csv");
    const guint n = 700000; /* about 40 MB */
    GString *text = g_string_new("id,v,pad\n");
    for (guint i = 0; i < n; i++) {
        g_string_append_printf(text, "%u,%u.5,padding-to-make-the-file-large-%u\n", i, i % 977, i);
    }
    g_assert_true(g_file_set_contents(path, text->str, (gssize)text->len, NULL));
    g_string_free(text, TRUE);
    const char *paths[] = {path, NULL};
    PkImportResult *result = NULL;
    g_assert_true(pk_data_import(f->conn, paths, NULL, NULL, NULL, NULL, &result, &error));
    g_assert_no_error(error);
    assert_table(result, n, "id:BIGINT v:DOUBLE pad:VARCHAR");
    g_autofree char *table = pk_data_quote_ident(result->tables[0].name);
    g_autofree char *sql = g_strdup_printf("SELECT count(*) FILTER (WHERE id <> rowid) "
                                           "FROM %s",
                                           table);
    g_autoptr(PkFrame) frame = NULL;
    g_assert_true(pk_conn_query_frame(f->conn, sql, NULL, NULL, NULL, &frame, &error));
    g_assert_cmpfloat(pk_column_get_as_double(pk_frame_get_column(frame, 0), 0), ==, 0);
    pk_import_result_free(result);
    remove_temp(path);
}

/* A JSON field that mixes text and numbers comes in as text without quote marks, so WHERE
 * Title = 'Slam' finds its row; a field that holds arrays stays JSON. The sniff (the window's
 * preview) shows the same; a VARCHAR override reads the text the same way. */
static void test_json_mixed_field_is_unquoted_text(Fixture *f, gconstpointer data) {
    (void)data;
    g_autoptr(GError) error = NULL;
    PkImportResult *result = import_file(f, "movies-mixed.json", NULL, &error);
    g_assert_no_error(error);
    assert_table(result, 5, "Title:VARCHAR Year:BIGINT Cast:JSON");
    g_assert_cmpuint(result->tables[0].n_notes, ==, 1);
    g_assert_cmpstr(result->tables[0].notes[0].column, ==, "Title");
    g_assert_null(result->tables[0].notes[0].format);
    g_assert_cmpstr(result->tables[0].notes[0].note, ==, "text and numbers mixed: read as text");
    pk_import_result_free(result);
    g_autoptr(PkTextPage) page = NULL;
    g_assert_true(
        pk_conn_query_page(f->conn,
                           "SELECT Title, \"Cast\" FROM movies_mixed WHERE Title = 'Slam' "
                           "OR Title = '1776' OR Title LIKE 'The%' ORDER BY Year",
                           0, 10, NULL, &page, &error));
    g_assert_no_error(error);
    g_assert_cmpuint(page->n_rows, ==, 3);
    g_assert_cmpstr(pk_text_page_get(page, 0, 0), ==, "1776");
    g_assert_cmpstr(pk_text_page_get(page, 0, 1), ==, "\"William Daniels\"");
    g_assert_cmpstr(pk_text_page_get(page, 1, 0), ==, "The \"Big\" Night");
    g_assert_cmpstr(pk_text_page_get(page, 2, 0), ==, "Slam");

    g_autofree char *path = corpus("movies-mixed.json");
    g_autoptr(PkSniffResult) sniff = NULL;
    g_assert_true(pk_data_sniff(f->conn, path, NULL, &sniff, &error));
    g_assert_no_error(error);
    g_assert_cmpstr(sniff->schema->columns[0].type_name, ==, "VARCHAR");
    g_assert_cmpstr(pk_text_page_get(sniff->preview, 0, 0), ==, "Slam");
    g_assert_cmpuint(sniff->n_notes, ==, 1);

    PkImportOptions opts;
    pk_import_options_defaults(&opts);
    const char *const types[] = {"Title=VARCHAR", NULL};
    opts.column_types = types;
    opts.table = "typed";
    result = import_file(f, "movies-mixed.json", &opts, &error);
    g_assert_no_error(error);
    assert_table(result, 5, "Title:VARCHAR Year:BIGINT Cast:JSON");
    pk_import_result_free(result);
    g_clear_pointer(&page, pk_text_page_free);
    g_assert_true(pk_conn_query_page(f->conn, "SELECT count(*) FROM typed WHERE Title = 'Pi'", 0, 1,
                                     NULL, &page, &error));
    g_assert_cmpstr(pk_text_page_get(page, 0, 0), ==, "1");
}

static void test_sniff_reports_dialect_and_preview(Fixture *f, gconstpointer data) {
    (void)data;
    g_autoptr(GError) error = NULL;
    g_autofree char *path = corpus("semicolon-decimal-comma.csv");
    PkSniffResult *sniff = NULL;
    g_assert_true(pk_data_sniff(f->conn, path, NULL, &sniff, &error));
    g_assert_no_error(error);
    g_assert_cmpstr(sniff->delimiter, ==, ";");
    g_assert_true(sniff->has_header);
    g_assert_cmpuint(sniff->schema->n_columns, ==, 3);
    g_assert_cmpstr(sniff->schema->columns[1].type_name, ==, "DOUBLE");
    g_assert_cmpuint(sniff->preview->n_rows, ==, 3);
    g_assert_cmpstr(pk_text_page_get(sniff->preview, 2, 0), ==, "Kirsche");
    g_assert_cmpstr(pk_text_page_get(sniff->preview, 2, 1), ==, "12.75");
    pk_sniff_result_free(sniff);
    char **names = NULL;
    g_assert_true(pk_conn_list_tables(f->conn, &names, NULL, NULL));
    g_assert_cmpuint(g_strv_length(names), ==, 0);
    g_strfreev(names);

    g_autofree char *binary = corpus("binary.png");
    g_assert_false(pk_data_sniff(f->conn, binary, NULL, &sniff, &error));
    g_assert_error(error, PK_ERROR, PK_ERROR_NOT_TEXT);
}

int main(int argc, char **argv) {
    g_test_init(&argc, &argv, NULL);
#define ADD(path, func) g_test_add(path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
    ADD("/data/import/corpus-clean-files-have-documented-types", test_clean_corpus);
    ADD("/data/import/zero-row-import-is-refused-with-reason", test_zero_row_import_is_refused);
    ADD("/data/import/table-names-come-from-files-and-are-unique", test_table_names_from_files);
    ADD("/data/import/existing-table-name-is-refused-unless-replace",
        test_existing_table_name_is_refused);
    ADD("/data/import/ragged-row-reports-line-number", test_ragged_row_reports_line_number);
    ADD("/data/import/skip-bad-rows-reports-rejects", test_skip_bad_rows_reports_rejects);
    ADD("/data/import/garbage-line-fails-without-skip", test_garbage_line_fails_without_skip);
    ADD("/data/import/latin1-needs-encoding-option", test_latin1_needs_encoding);
    ADD("/data/import/missing-empty-and-binary-files-fail", test_file_errors);
    ADD("/data/import/type-override-that-does-not-fit-names-value",
        test_type_override_that_does_not_fit);
    ADD("/data/import/options-shape-the-table", test_options_shape_the_table);
    ADD("/data/import/type-override-cannot-run-sql", test_type_override_cannot_run_sql);
    ADD("/data/import/several-files-one-or-many-tables", test_several_files);
    ADD("/data/import/long-line-named-at-its-line-and-skipped-on-request", test_long_field);
    ADD("/data/import/file-of-many-buffers-keeps-row-order",
        test_file_of_many_buffers_keeps_row_order);
    ADD("/data/import/json-mixed-field-is-unquoted-text", test_json_mixed_field_is_unquoted_text);
    ADD("/data/sniff/reports-dialect-schema-and-preview", test_sniff_reports_dialect_and_preview);
    return pk_test_run();
}
