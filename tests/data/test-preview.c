/* test-preview.c — what the import dialog learns before importing, and what an import reports:
 * the preview lists the rows that would be rejected (line, column, value, reason) instead of
 * hiding them, a type override that fails on the first rows is flagged with a column note, an
 * import lists its rejected rows with their values, and a query over a JSON text column fails
 * with DuckDB's own message, never "pending query result". */
#include "pika-test.h"
#include "data-fixture.h"
#include "pika/data.h"

#include <glib/gstdio.h>
#include <string.h>

static char *write_file(Fixture *f, const char *name, const char *text) {
    char *path = g_build_filename(f->dir, name, NULL);
    g_assert_true(g_file_set_contents(path, text, -1, NULL));
    return path;
}

static void assert_contains(const char *text, const char *piece) {
    if (text == NULL || strstr(text, piece) == NULL) {
        g_error("\"%s\" lacks \"%s\"", text != NULL ? text : "(null)", piece);
    }
}

static const PkColumnNote *note_of(const PkColumnNote *notes, guint n_notes, const char *column) {
    for (guint i = 0; i < n_notes; i++) {
        if (strcmp(notes[i].column, column) == 0) {
            return &notes[i];
        }
    }
    return NULL;
}

static void assert_reject(const PkReject *r, guint64 line, const char *column, const char *value,
                          const char *type) {
    g_assert_cmpuint(r->line, ==, line);
    g_assert_cmpstr(r->column, ==, column);
    g_assert_cmpstr(r->value, ==, value);
    g_assert_cmpstr(r->error_type, ==, type);
    g_assert_nonnull(r->message);
    g_assert_nonnull(r->path);
}

/* price=DOUBLE does not read "n/a" on line 3: the preview says so before anything is imported
 * (the sniff succeeds, the row is listed, the column has a note), the import fails naming the
 * line, and with skip_bad_rows the import lists the row with its value. */
static void test_failing_override_is_flagged(Fixture *f, gconstpointer data) {
    (void)data;
    g_autofree char *path =
        write_file(f, "prices.csv", "id,price\n1,1.5\n2,n/a\n3,2.5\n4,\"3,5\"\n5,4.5\n");
    const char *types[] = {"price=DOUBLE", NULL};
    const char *nulls[] = {"", NULL};
    PkImportOptions opts;
    pk_import_options_defaults(&opts);
    opts.column_types = types;
    opts.null_strings = nulls;
    g_autoptr(GError) error = NULL;
    g_autoptr(PkSniffResult) sniff = NULL;
    g_assert_true(pk_data_sniff(f->conn, path, &opts, &sniff, &error));
    g_assert_no_error(error);
    g_assert_cmpuint(sniff->preview->n_rows, ==, 3);
    g_assert_cmpuint(sniff->n_rejected, ==, 2);
    g_assert_cmpuint(sniff->n_rejects, ==, 2);
    assert_reject(&sniff->rejects[0], 3, "price", "n/a", "CAST");
    assert_reject(&sniff->rejects[1], 5, "price", "3,5", "CAST");
    assert_contains(sniff->rejects[0].message, "Could not convert string \"n/a\" to 'DOUBLE'");
    const PkColumnNote *note = note_of(sniff->notes, sniff->n_notes, "price");
    g_assert_nonnull(note);
    g_assert_cmpstr(note->note, ==,
                    "DOUBLE does not read \"n/a\" on line 3 (2 values of the first rows)");

    const char *paths[] = {path, NULL};
    opts.table = "t";
    g_assert_false(pk_data_import(f->conn, paths, &opts, NULL, NULL, NULL, NULL, &error));
    g_assert_error(error, PK_ERROR, PK_ERROR_TYPE);
    assert_contains(error->message, "line 3: column \"price\": value \"n/a\"");
    g_clear_error(&error);

    opts.skip_bad_rows = TRUE;
    g_autoptr(PkImportResult) result = NULL;
    g_assert_true(pk_data_import(f->conn, paths, &opts, NULL, NULL, NULL, &result, &error));
    g_assert_no_error(error);
    g_assert_cmpuint(result->tables[0].n_rows, ==, 3);
    g_assert_cmpuint(result->n_rejected, ==, 2);
    g_assert_cmpuint(result->n_rejects, ==, 2);
    assert_reject(&result->rejects[0], 3, "price", "n/a", "CAST");
    assert_reject(&result->rejects[1], 5, "price", "3,5", "CAST");
    assert_contains(result->rejects[1].text, "4,\"3,5\"");
}

/* A ragged line among the first rows is shown as a rejected row, not dropped silently; bad
 * lines beyond the rows the preview read are not its business. A clean file has none. */
static void test_bad_rows_are_listed_not_hidden(Fixture *f, gconstpointer data) {
    (void)data;
    GString *text = g_string_new("a,b,c\n1,2,3\n4,5,6,7\n");
    for (guint i = 0; i < 60; i++) {
        g_string_append_printf(text, "%u,%u,%u\n", i, i + 1, i + 2);
    }
    g_string_append(text, "8,9,10,11\n");
    g_autofree char *path = write_file(f, "ragged.csv", text->str);
    g_string_free(text, TRUE);
    PkImportOptions opts;
    pk_import_options_defaults(&opts);
    opts.skip_bad_rows = TRUE;
    g_autoptr(GError) error = NULL;
    g_autoptr(PkSniffResult) sniff = NULL;
    g_assert_true(pk_data_sniff(f->conn, path, &opts, &sniff, &error));
    g_assert_no_error(error);
    g_assert_cmpuint(sniff->preview->n_rows, ==, 20);
    g_assert_cmpstr(pk_text_page_get(sniff->preview, 1, 0), ==, "0");
    g_assert_cmpuint(sniff->n_rejected, ==, 1);
    g_assert_cmpuint(sniff->n_rejects, ==, 1);
    assert_reject(&sniff->rejects[0], 3, NULL, NULL, "TOO MANY COLUMNS");
    assert_contains(sniff->rejects[0].text, "4,5,6,7");

    g_autofree char *clean = write_file(f, "clean.csv", "a,b\n1,2\n3,4\n");
    g_autoptr(PkSniffResult) clean_sniff = NULL;
    g_assert_true(pk_data_sniff(f->conn, clean, NULL, &clean_sniff, &error));
    g_assert_no_error(error);
    g_assert_cmpuint(clean_sniff->n_rejected, ==, 0);
    g_assert_cmpuint(clean_sniff->n_rejects, ==, 0);
    g_assert_cmpuint(clean_sniff->preview->n_rows, ==, 2);
}

/* A large file's preview reads its head only (the first MiB), typed as the whole file is:
 * the bad rows among the first ones are listed under the file's own path and lines. */
static void test_large_file_preview_reads_the_head(Fixture *f, gconstpointer data) {
    (void)data;
    GString *text = g_string_new("id,code,day\n");
    for (guint i = 0; i < 80000; i++) { /* about 2 MB */
        gboolean bad = i == 1 || i == 3;
        g_string_append_printf(text, "%u,%s%u,2000-01-%02u\n", i, bad ? "x" : "", i, i % 28 + 1);
    }
    g_autofree char *path = write_file(f, "large.csv", text->str);
    g_string_free(text, TRUE);
    const char *types[] = {"code=BIGINT", NULL};
    PkImportOptions opts;
    pk_import_options_defaults(&opts);
    opts.column_types = types;
    g_autoptr(GError) error = NULL;
    g_autoptr(PkSniffResult) sniff = NULL;
    g_assert_true(pk_data_sniff(f->conn, path, &opts, &sniff, &error));
    g_assert_no_error(error);
    g_assert_cmpuint(sniff->preview->n_rows, ==, 20);
    g_assert_cmpstr(pk_text_page_get(sniff->preview, 0, 2), ==, "2000-01-01");
    g_assert_cmpstr(sniff->preview->type_names[2], ==, "DATE");
    g_assert_cmpuint(sniff->n_rejected, ==, 2);
    assert_reject(&sniff->rejects[0], 3, "code", "x1", "CAST");
    assert_reject(&sniff->rejects[1], 5, "code", "x3", "CAST");
    g_assert_cmpstr(sniff->rejects[0].path, ==, path);
}

/* sales.csv: a header and 200 rows of four columns (day, city, amount, items), line 7 with a
 * fifth field: DuckDB's strict sniffer sees the file as one column. */
static char *write_ragged_sales(Fixture *f) {
    static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    GString *text = g_string_new("day,city,amount,items\n");
    for (guint i = 0; i < 200; i++) {
        g_string_append_printf(text, "%s %u %u,%s,%u.%u,%u%s\n", months[i % 12], 1 + i % 28,
                               2020 + i % 3, i % 2 == 0 ? "Oslo" : "Bergen", 10 + (i * 37) % 90,
                               i % 10, 1 + i % 9, i == 5 ? ",oops" : "");
    }
    char *path = write_file(f, "sales.csv", text->str);
    g_string_free(text, TRUE);
    return path;
}

static const char *type_of(const PkSchema *schema, const char *column) {
    for (guint i = 0; i < schema->n_columns; i++) {
        if (strcmp(schema->columns[i].name, column) == 0) {
            return schema->columns[i].type_name;
        }
    }
    return NULL;
}

/* A type override on a file with a ragged row: the override applies to its column and the
 * ragged row is rejected (listed with skip_bad_rows, the import's error without). */
static void test_override_with_ragged_row_imports(Fixture *f, gconstpointer data) {
    (void)data;
    g_autofree char *path = write_ragged_sales(f);
    const char *paths[] = {path, NULL};
    const char *types[] = {"items=VARCHAR", NULL};
    PkImportOptions opts;
    pk_import_options_defaults(&opts);
    opts.column_types = types;
    opts.table = "sales";
    g_autoptr(GError) error = NULL;
    g_assert_false(pk_data_import(f->conn, paths, &opts, NULL, NULL, NULL, NULL, &error));
    g_assert_error(error, PK_ERROR, PK_ERROR_RAGGED);
    assert_contains(error->message, "sales.csv, line 7: expected 4 columns but found 5");
    assert_contains(error->message, "--skip-bad-rows");
    g_clear_error(&error);

    opts.skip_bad_rows = TRUE;
    g_autoptr(PkImportResult) result = NULL;
    g_assert_true(pk_data_import(f->conn, paths, &opts, NULL, NULL, NULL, &result, &error));
    g_assert_no_error(error);
    g_assert_cmpuint(result->tables[0].n_rows, ==, 199);
    g_assert_cmpstr(type_of(result->tables[0].schema, "items"), ==, "VARCHAR");
    g_assert_cmpstr(type_of(result->tables[0].schema, "amount"), ==, "DOUBLE");
    g_assert_cmpuint(result->n_rejected, ==, 1);
    g_assert_cmpuint(result->n_rejects, ==, 1);
    assert_reject(&result->rejects[0], 7, NULL, NULL, "TOO MANY COLUMNS");
    assert_contains(result->rejects[0].text, "oops");
}

/* The preview of a file with a ragged row and an override that fails: the override's type is
 * shown, the values it cannot read are listed as CAST rejects and the ragged row as such. */
static void test_override_with_ragged_row_previews(Fixture *f, gconstpointer data) {
    (void)data;
    g_autofree char *path = write_ragged_sales(f);
    const char *types[] = {"items=DATE", NULL};
    PkImportOptions opts;
    pk_import_options_defaults(&opts);
    opts.column_types = types;
    g_autoptr(GError) error = NULL;
    g_autoptr(PkSniffResult) sniff = NULL;
    g_assert_true(pk_data_sniff(f->conn, path, &opts, &sniff, &error));
    g_assert_no_error(error);
    g_assert_cmpstr(type_of(sniff->schema, "items"), ==, "DATE");
    g_assert_cmpuint(sniff->preview->n_rows, ==, 0);
    g_assert_cmpuint(sniff->n_rejects, >=, 2);
    assert_reject(&sniff->rejects[0], 2, "items", "1", "CAST");
    gboolean ragged = FALSE;
    for (guint i = 0; i < sniff->n_rejects; i++) {
        ragged = ragged || (sniff->rejects[i].line == 7 &&
                            g_strcmp0(sniff->rejects[i].error_type, "TOO MANY COLUMNS") == 0);
    }
    g_assert_true(ragged);
    const PkColumnNote *note = note_of(sniff->notes, sniff->n_notes, "items");
    g_assert_nonnull(note);
    assert_contains(note->note, "DATE does not read \"1\" on line 2");
}

/* An override of a column the file lacks fails naming it and listing the file's columns, with a
 * ragged row or without; DuckDB's own wording never shows. */
static void test_override_of_unknown_column_says_so(Fixture *f, gconstpointer data) {
    (void)data;
    g_autofree char *ragged = write_ragged_sales(f);
    g_autofree char *clean = write_file(f, "clean.csv", "day,city\nMon,Oslo\nTue,Bergen\n");
    const char *types[] = {"nosuch=INTEGER", NULL};
    PkImportOptions opts;
    pk_import_options_defaults(&opts);
    opts.column_types = types;
    opts.skip_bad_rows = TRUE;
    const char *files[] = {ragged, clean};
    const char *columns[] = {"Its columns are \"day\", \"city\", \"amount\", \"items\".",
                             "Its columns are \"day\", \"city\"."};
    for (guint i = 0; i < 2; i++) {
        g_autoptr(GError) error = NULL;
        g_autoptr(PkSniffResult) sniff = NULL;
        g_assert_false(pk_data_sniff(f->conn, files[i], &opts, &sniff, &error));
        g_assert_error(error, PK_ERROR, PK_ERROR_NOT_FOUND);
        assert_contains(error->message, "Cannot read column \"nosuch\" as INTEGER");
        assert_contains(error->message, columns[i]);
        g_assert_null(strstr(error->message, "COLUMN_TYPES"));
        g_clear_error(&error);
        const char *paths[] = {files[i], NULL};
        g_assert_false(pk_data_import(f->conn, paths, &opts, NULL, NULL, NULL, NULL, &error));
        g_assert_error(error, PK_ERROR, PK_ERROR_NOT_FOUND);
        assert_contains(error->message, columns[i]);
    }
}

/* A query over a JSON field of text and numbers: text comparisons work, and a comparison that
 * fails while it runs says what DuckDB says, by every way a query is run. */
static void test_json_text_query_errors_are_duckdbs(Fixture *f, gconstpointer data) {
    (void)data;
    const char *dir = g_getenv("PIKA_TEST_DATA");
    g_assert_nonnull(dir);
    g_autofree char *path = g_build_filename(dir, "corpus", "movies-mixed.json", NULL);
    const char *paths[] = {path, NULL};
    PkImportOptions opts;
    pk_import_options_defaults(&opts);
    opts.table = "movies";
    g_autoptr(GError) error = NULL;
    g_assert_true(pk_data_import(f->conn, paths, &opts, NULL, NULL, NULL, NULL, &error));
    g_assert_no_error(error);
    g_autoptr(PkTextPage) page = NULL;
    g_assert_true(pk_conn_query_page(f->conn, "SELECT Year FROM movies WHERE Title = 'Slam'", 0, 10,
                                     NULL, &page, &error));
    g_assert_no_error(error);
    g_assert_cmpuint(page->n_rows, ==, 1);
    g_assert_cmpstr(pk_text_page_get(page, 0, 0), ==, "1998");

    const char *bad = "SELECT Year FROM movies WHERE Title = 1776";
    GError *errors[4] = {NULL};
    PkTextPage *bad_page = NULL;
    PkFrame *frame = NULL;
    g_assert_false(pk_conn_exec(f->conn, bad, NULL, &errors[0]));
    g_assert_false(pk_conn_query_page(f->conn, bad, 0, 10, NULL, &bad_page, &errors[1]));
    g_assert_false(pk_conn_query_frame(f->conn, bad, NULL, NULL, NULL, &frame, &errors[2]));
    g_autofree char *out = g_build_filename(f->dir, "bad.csv", NULL);
    g_assert_false(pk_data_export(f->conn, NULL, bad, out, PK_DATA_FORMAT_CSV, NULL, &errors[3]));
    for (guint i = 0; i < G_N_ELEMENTS(errors); i++) {
        g_assert_nonnull(errors[i]);
        g_test_message("%u: %s", i, errors[i]->message);
        assert_contains(errors[i]->message, "Could not convert string");
        g_assert_null(strstr(errors[i]->message, "pending"));
        g_error_free(errors[i]);
    }
    g_assert_false(g_file_test(out, G_FILE_TEST_EXISTS));
}

int main(int argc, char **argv) {
    g_test_init(&argc, &argv, NULL);
#define ADD(path, func) g_test_add(path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
    ADD("/data/preview/failing-override-is-flagged", test_failing_override_is_flagged);
    ADD("/data/preview/bad-rows-are-listed-not-hidden", test_bad_rows_are_listed_not_hidden);
    ADD("/data/preview/large-file-preview-reads-the-head", test_large_file_preview_reads_the_head);
    ADD("/data/preview/override-with-ragged-row-imports", test_override_with_ragged_row_imports);
    ADD("/data/preview/override-with-ragged-row-previews", test_override_with_ragged_row_previews);
    ADD("/data/preview/override-of-unknown-column-says-so",
        test_override_of_unknown_column_says_so);
    ADD("/data/query/json-text-query-errors-are-duckdbs", test_json_text_query_errors_are_duckdbs);
    return pk_test_run();
}
