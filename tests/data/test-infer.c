/* test-infer.c — columns typed beyond DuckDB's sniffing (src/data/infer*.c): dates and times
 * in the formats of docs/data-import.md (the day/month order decided from the sample, month
 * first when it cannot be), numbers named as epoch times, type overrides that try the formats,
 * bad values that fail the import or become rejected rows, and the notes that say why a column
 * is text. Each case goes through pk_data_import and pk_data_sniff, which must agree. */
#include "pika-test.h"
#include "data-fixture.h"
#include "pika/data.h"

#include <glib/gstdio.h>
#include <string.h>

static char *corpus(const char *name) {
    const char *dir = g_getenv("PIKA_TEST_DATA");
    g_assert_nonnull(dir);
    return g_build_filename(dir, "corpus", name, NULL);
}

/* Writes name in the fixture's folder; returns its path. */
static char *write_file(Fixture *f, const char *name, const char *text) {
    char *path = g_build_filename(f->dir, name, NULL);
    g_assert_true(g_file_set_contents(path, text, -1, NULL));
    return path;
}

/* Imports path into table "t" (replacing it); NULL and error set on failure. */
static PkImportResult *import_path(Fixture *f, const char *path, PkImportOptions *opts,
                                   GError **error) {
    PkImportOptions defaults;
    if (opts == NULL) {
        pk_import_options_defaults(&defaults);
        opts = &defaults;
    }
    opts->table = "t";
    opts->replace = TRUE;
    const char *paths[] = {path, NULL};
    PkImportResult *result = NULL;
    if (!pk_data_import(f->conn, paths, opts, NULL, NULL, NULL, &result, error)) {
        return NULL;
    }
    return result;
}

static const char *type_of(const PkSchema *schema, const char *column) {
    int i = pk_schema_find(schema, column);
    g_assert_cmpint(i, >=, 0);
    return schema->columns[i].type_name;
}

static const PkColumnNote *note_of(const PkColumnNote *notes, guint n_notes, const char *column) {
    for (guint i = 0; i < n_notes; i++) {
        if (strcmp(notes[i].column, column) == 0) {
            return &notes[i];
        }
    }
    return NULL;
}

/* The text of one value of table t. New string. */
static char *value_of(Fixture *f, const char *sql) {
    g_autoptr(PkTextPage) page = NULL;
    g_autoptr(GError) error = NULL;
    g_assert_true(pk_conn_query_page(f->conn, sql, 0, 1, NULL, &page, &error));
    g_assert_no_error(error);
    g_assert_cmpuint(page->n_rows, ==, 1);
    return g_strdup(pk_text_page_get(page, 0, 0));
}

static void assert_contains(const char *text, const char *piece) {
    if (text == NULL || strstr(text, piece) == NULL) {
        g_error("\"%s\" lacks \"%s\"", text != NULL ? text : "(null)", piece);
    }
}

typedef struct {
    const char *values[4];        /* column v, one per row (NULL ends) */
    const char *type;             /* what v becomes */
    const char *format;           /* the format noted for v, NULL when none */
    gboolean month_first_guessed; /* the note says the order was a guess */
    const char *first;            /* the first value as the table has it */
} DateCase;

static const DateCase date_cases[] = {
    {{"Jan 1 2000", "Apr 01 1965"}, "DATE", "%b %d %Y", FALSE, "2000-01-01"},
    {{"Jan 1, 2000", "Feb 15, 2000"}, "DATE", "%b %d, %Y", FALSE, "2000-01-01"},
    {{"1 Jan 2000", "15 Feb 2000"}, "DATE", "%d %b %Y", FALSE, "2000-01-01"},
    {{"01-Jan-2000", "15-Feb-2001"}, "DATE", "%d-%b-%Y", FALSE, "2000-01-01"},
    {{"January 1, 2000", "February 15, 2000"}, "DATE", "%B %d, %Y", FALSE, "2000-01-01"},
    /* day and month: decided by a day above 12, or a guess (month first) */
    {{"01/02/2000", "03/04/2001"}, "DATE", "%m/%d/%Y", TRUE, "2000-01-02"},
    {{"01/02/2000", "13/02/2000"}, "DATE", "%d/%m/%Y", FALSE, "2000-02-01"},
    {{"01/02/2000", "02/13/2000"}, "DATE", "%m/%d/%Y", FALSE, "2000-01-02"},
    {{"01-02-2000", "03-04-2000"}, "DATE", "%m-%d-%Y", TRUE, "2000-01-02"},
    {{"13/02/2000", "02/13/2000"}, "VARCHAR", NULL, FALSE, "13/02/2000"},
    {{"1/2/00", "12/31/99"}, "DATE", "%m/%d/%y", FALSE, "2000-01-02"},
    {{"15.01.2024", "01.02.2024"}, "DATE", "%d.%m.%Y", FALSE, "2024-01-15"},
    {{"02.01.2024", "01.02.2024"}, "DATE", "%d.%m.%Y", FALSE, "2024-01-02"},
    {{"2000/01/31", "2000/02/01"}, "DATE", "%Y/%m/%d", FALSE, "2000-01-31"},
    /* times */
    {{"2000-01-01T00:00:00Z", "2000-01-02T10:00:00Z"},
     "TIMESTAMP WITH TIME ZONE",
     NULL,
     FALSE,
     NULL},
    {{"2000-01-01T00:00:00+02:00", "2000-01-02T10:00:00-05:00"},
     "TIMESTAMP WITH TIME ZONE",
     NULL,
     FALSE,
     NULL},
    {{"2000-01-01 10:00", "2000-01-02 11:30"}, "TIMESTAMP", NULL, FALSE, "2000-01-01 10:00:00"},
    {{"01/02/2000 10:00", "03/04/2001 11:30"},
     "TIMESTAMP",
     "%m/%d/%Y %H:%M",
     TRUE,
     "2000-01-02 10:00:00"},
    {{"25/02/2000 10:00:05", "03/04/2001 11:30:00"},
     "TIMESTAMP",
     "%d/%m/%Y %H:%M:%S",
     FALSE,
     "2000-02-25 10:00:05"},
    {{"1/2/2000 10:00 PM", "12/30/2000 9:15 AM"},
     "TIMESTAMP",
     "%m/%d/%Y %I:%M %p",
     FALSE,
     "2000-01-02 22:00:00"},
    {{"Jan 1 2000 10:00", "Feb 15 2000 11:00"},
     "TIMESTAMP",
     "%b %d %Y %H:%M",
     FALSE,
     "2000-01-01 10:00:00"},
    {{"31.12.1999 23:59", "01.01.2000 00:00"},
     "TIMESTAMP",
     "%d.%m.%Y %H:%M",
     FALSE,
     "1999-12-31 23:59:00"},
    /* not dates */
    {{"apple", "01/02/2000"}, "VARCHAR", NULL, FALSE, "apple"},
    {{"2000", "1999"}, "BIGINT", NULL, FALSE, "2000"},
};

static void check_date_case(Fixture *f, const DateCase *c, guint index) {
    GString *text = g_string_new("id,v\n");
    for (guint i = 0; i < G_N_ELEMENTS(c->values) && c->values[i] != NULL; i++) {
        g_string_append_printf(text, "%u,\"%s\"\n", i, c->values[i]);
    }
    g_autofree char *name = g_strdup_printf("dates-%u.csv", index);
    g_autofree char *path = write_file(f, name, text->str);
    g_string_free(text, TRUE);
    g_test_message("case %u: %s, %s", index, c->values[0], c->values[1]);
    g_autoptr(GError) error = NULL;
    g_autoptr(PkSniffResult) sniff = NULL;
    g_assert_true(pk_data_sniff(f->conn, path, NULL, &sniff, &error));
    g_assert_no_error(error);
    PkImportResult *result = import_path(f, path, NULL, &error);
    g_assert_no_error(error);
    /* the sniff (the window's preview) and the import agree */
    g_assert_cmpstr(type_of(sniff->schema, "v"), ==, c->type);
    g_assert_cmpstr(type_of(result->tables[0].schema, "v"), ==, c->type);
    const PkColumnNote *notes[] = {
        note_of(sniff->notes, sniff->n_notes, "v"),
        note_of(result->tables[0].notes, result->tables[0].n_notes, "v")};
    for (guint i = 0; i < G_N_ELEMENTS(notes); i++) {
        g_assert_cmpstr(notes[i] != NULL ? notes[i]->format : NULL, ==, c->format);
        const char *note = notes[i] != NULL ? notes[i]->note : NULL;
        g_assert_cmpint(note != NULL && strstr(note, "read month first") != NULL, ==,
                        c->month_first_guessed);
    }
    if (c->format != NULL) {
        gboolean time = strstr(c->format, "%H") != NULL || strstr(c->format, "%I") != NULL;
        g_assert_cmpstr(time ? sniff->timestamp_format : sniff->date_format, ==, c->format);
    }
    if (c->first != NULL) {
        g_autofree char *first = value_of(f, "SELECT v FROM t ORDER BY id");
        g_assert_cmpstr(first, ==, c->first);
    }
    pk_import_result_free(result);
}

static void test_date_formats_are_inferred(Fixture *f, gconstpointer data) {
    (void)data;
    for (guint i = 0; i < G_N_ELEMENTS(date_cases); i++) {
        check_date_case(f, &date_cases[i], i);
    }
}

/* The ambiguous order is a guess only while every sampled value allows both: one day above 12
 * anywhere in the sample decides it. */
static void test_one_day_above_12_decides_the_order(Fixture *f, gconstpointer data) {
    (void)data;
    GString *text = g_string_new("id,d\n");
    for (guint i = 0; i < 200; i++) {
        g_string_append_printf(text, "%u,%02u/%02u/2000\n", i, i % 12 + 1, i % 12 + 1);
    }
    g_string_append(text, "200,05/28/2000\n");
    g_autofree char *path = write_file(f, "late-day.csv", text->str);
    g_string_free(text, TRUE);
    g_autoptr(GError) error = NULL;
    PkImportResult *result = import_path(f, path, NULL, &error);
    g_assert_no_error(error);
    g_assert_cmpstr(type_of(result->tables[0].schema, "d"), ==, "DATE");
    const PkColumnNote *note = note_of(result->tables[0].notes, result->tables[0].n_notes, "d");
    g_assert_nonnull(note);
    g_assert_cmpstr(note->format, ==, "%m/%d/%Y");
    g_assert_null(note->note);
    g_autofree char *last = value_of(f, "SELECT d FROM t WHERE id = 200");
    g_assert_cmpstr(last, ==, "2000-05-28");
    pk_import_result_free(result);
}

/* A file takes one date format: a second column in another format stays text and says why. */
static void test_second_date_format_stays_text(Fixture *f, gconstpointer data) {
    (void)data;
    g_autofree char *path = corpus("timestamps.csv");
    g_autoptr(GError) error = NULL;
    PkImportResult *result = import_path(f, path, NULL, &error);
    g_assert_no_error(error);
    const PkImportedTable *t = &result->tables[0];
    g_assert_cmpstr(type_of(t->schema, "us"), ==, "DATE");
    g_assert_cmpstr(type_of(t->schema, "eu"), ==, "VARCHAR");
    g_assert_cmpstr(note_of(t->notes, t->n_notes, "us")->format, ==, "%m/%d/%Y");
    const PkColumnNote *eu = note_of(t->notes, t->n_notes, "eu");
    g_assert_null(eu->format);
    assert_contains(eu->note, "written %d.%m.%Y, but the file's other dates are read as %m/%d/%Y");
    pk_import_result_free(result);
}

/* Numbers whose name gives a unit are times since 1970 when their values are (1973 to 2099);
 * elapsed times named the same way stay numbers. */
static void test_epoch_columns_named_with_a_unit(Fixture *f, gconstpointer data) {
    (void)data;
    g_autofree char *path =
        write_file(f, "epoch.csv",
                   "id,ts_s,time (ms),epoch_ms,timestamp (ms),t_us,elapsed (s)\n"
                   "1,946684800,946684800000,946684800000,946684800123,"
                   "946684800000001,0.5\n"
                   "2,946771200.5,946771200123,1700000000000,946771200000,"
                   "946771200000000,12.25\n");
    g_autoptr(GError) error = NULL;
    g_autoptr(PkSniffResult) sniff = NULL;
    g_assert_true(pk_data_sniff(f->conn, path, NULL, &sniff, &error));
    PkImportResult *result = import_path(f, path, NULL, &error);
    g_assert_no_error(error);
    const PkImportedTable *t = &result->tables[0];
    const char *const times[] = {"ts_s", "time (ms)", "epoch_ms", "timestamp (ms)", "t_us", NULL};
    const char *const formats[] = {"epoch-s", "epoch-ms", "epoch-ms", "epoch-ms", "epoch-us"};
    for (guint i = 0; times[i] != NULL; i++) {
        g_assert_cmpstr(type_of(t->schema, times[i]), ==, "TIMESTAMP");
        g_assert_cmpstr(type_of(sniff->schema, times[i]), ==, "TIMESTAMP");
        g_assert_cmpstr(note_of(t->notes, t->n_notes, times[i])->format, ==, formats[i]);
    }
    g_assert_cmpstr(type_of(t->schema, "elapsed (s)"), ==, "DOUBLE");
    g_assert_null(note_of(t->notes, t->n_notes, "elapsed (s)"));
    g_autofree char *row = value_of(f, "SELECT concat_ws(' | ', ts_s, \"time (ms)\", epoch_ms, "
                                       "\"timestamp (ms)\", t_us) FROM t WHERE id = 2");
    g_assert_cmpstr(row, ==,
                    "2000-01-02 00:00:00.5 | 2000-01-02 00:00:00.123 | 2023-11-14 22:13:20 | "
                    "2000-01-02 00:00:00 | 2000-01-02 00:00:00");
    pk_import_result_free(result);
}

/* A name that says "time since 1970" without a unit (ts, timestamp, epoch..., unix...,
 * posix...) takes the unit in which every sampled value is a time from 1973 to 2099; numbers
 * that are no such time in any unit stay numbers. */
static void test_epoch_unit_from_the_values(Fixture *f, gconstpointer data) {
    (void)data;
    g_autofree char *path =
        write_file(f, "epoch-any.csv",
                   "id,created_ts,timestamp,unix_time,posix,event_ts\n"
                   "1,946684800000,946684800,946684800000000,946684800000000000,1\n"
                   "2,1700000000000,1700000000,1700000000000000,1700000000000000000,2\n");
    g_autoptr(GError) error = NULL;
    g_autoptr(PkSniffResult) sniff = NULL;
    g_assert_true(pk_data_sniff(f->conn, path, NULL, &sniff, &error));
    g_assert_no_error(error);
    PkImportResult *result = import_path(f, path, NULL, &error);
    g_assert_no_error(error);
    const PkImportedTable *t = &result->tables[0];
    const char *const names[] = {"created_ts", "timestamp", "unix_time", "posix"};
    const char *const formats[] = {"epoch-ms", "epoch-s", "epoch-us", "epoch-ns"};
    for (guint i = 0; i < G_N_ELEMENTS(names); i++) {
        g_assert_cmpstr(type_of(t->schema, names[i]), ==, "TIMESTAMP");
        g_assert_cmpstr(type_of(sniff->schema, names[i]), ==, "TIMESTAMP");
        g_assert_cmpstr(note_of(t->notes, t->n_notes, names[i])->format, ==, formats[i]);
    }
    g_assert_cmpstr(type_of(t->schema, "event_ts"), ==, "BIGINT");
    g_assert_null(note_of(t->notes, t->n_notes, "event_ts"));
    g_autofree char *row = value_of(f, "SELECT concat_ws(' | ', created_ts, \"timestamp\", "
                                       "unix_time, posix) FROM t WHERE id = 2");
    g_assert_cmpstr(row, ==,
                    "2023-11-14 22:13:20 | 2023-11-14 22:13:20 | 2023-11-14 22:13:20 | "
                    "2023-11-14 22:13:20");
    pk_import_result_free(result);
}

/* A value beyond the sample that does not fit the inferred format: the import fails naming
 * the line, the column, the value and how to keep the column text; with skip_bad_rows the row
 * is rejected and listed like any bad row. */
static void test_bad_date_value_fails_or_is_rejected(Fixture *f, gconstpointer data) {
    (void)data;
    GString *text = g_string_new("id,day\n");
    for (guint i = 1; i <= 40; i++) {
        g_string_append_printf(text, "%u,Jan %u 2000\n", i, i % 28 + 1);
    }
    g_string_append(text, "41,someday\n42,Feb 2 2000\n");
    g_autofree char *path = write_file(f, "late-bad-date.csv", text->str);
    g_string_free(text, TRUE);
    PkImportOptions opts;
    pk_import_options_defaults(&opts);
    opts.sample_rows = 10;
    g_autoptr(GError) error = NULL;
    g_assert_null(import_path(f, path, &opts, &error));
    g_assert_error(error, PK_ERROR, PK_ERROR_TYPE);
    assert_contains(error->message,
                    "line 42: column \"day\": value \"someday\" is not a valid DATE");
    assert_contains(error->message, "--type day=VARCHAR keeps it text");
    g_clear_error(&error);
    g_assert_false(pk_conn_table_exists(f->conn, "t"));

    opts.skip_bad_rows = TRUE;
    PkImportResult *result = import_path(f, path, &opts, &error);
    g_assert_no_error(error);
    g_assert_cmpuint(result->tables[0].n_rows, ==, 41);
    g_assert_cmpstr(type_of(result->tables[0].schema, "day"), ==, "DATE");
    g_assert_cmpuint(result->n_rejected, ==, 1);
    g_assert_cmpuint(result->rejects[0].line, ==, 42);
    g_assert_cmpstr(result->rejects[0].column, ==, "day");
    g_assert_cmpstr(result->rejects[0].text, ==, "41,someday");
    assert_contains(result->rejects[0].message, "\"someday\"");
    pk_import_result_free(result);
}

/* A DATE override on dates DuckDB cannot read tries the table: stocks.csv ("Jan 1 2000") with
 * skip_bad_rows keeps every row instead of rejecting them all; the value that fits no format
 * is the only bad row. */
static void test_override_tries_the_formats(Fixture *f, gconstpointer data) {
    (void)data;
    g_autofree char *stocks = corpus("stocks.csv");
    PkImportOptions opts;
    pk_import_options_defaults(&opts);
    const char *const types[] = {"date=DATE", NULL};
    opts.column_types = types;
    opts.skip_bad_rows = TRUE;
    g_autoptr(GError) error = NULL;
    PkImportResult *result = import_path(f, stocks, &opts, &error);
    g_assert_no_error(error);
    const PkImportedTable *t = &result->tables[0];
    g_assert_cmpuint(t->n_rows, ==, 12);
    g_assert_cmpuint(result->n_rejected, ==, 0);
    g_assert_cmpstr(type_of(t->schema, "date"), ==, "DATE");
    g_assert_cmpstr(note_of(t->notes, t->n_notes, "date")->format, ==, "%b %d %Y");
    g_autofree char *max = value_of(f, "SELECT max(date) FROM t");
    g_assert_cmpstr(max, ==, "2000-05-01");
    pk_import_result_free(result);

    const char *const as_time[] = {"date=TIMESTAMP", NULL};
    opts.column_types = as_time;
    opts.skip_bad_rows = FALSE;
    result = import_path(f, stocks, &opts, &error);
    g_assert_no_error(error);
    g_assert_cmpstr(type_of(result->tables[0].schema, "date"), ==, "TIMESTAMP");
    pk_import_result_free(result);

    g_autofree char *path =
        write_file(f, "override.csv", "id,day\n1,Jan 1 2000\n2,someday\n3,Mar 3 2000\n");
    const char *const day[] = {"day=DATE", NULL};
    opts.column_types = day;
    opts.skip_bad_rows = TRUE;
    result = import_path(f, path, &opts, &error);
    g_assert_no_error(error);
    g_assert_cmpuint(result->tables[0].n_rows, ==, 2);
    g_assert_cmpuint(result->n_rejected, ==, 1);
    g_assert_cmpuint(result->rejects[0].line, ==, 3);
    const PkColumnNote *note = note_of(result->tables[0].notes, result->tables[0].n_notes, "day");
    g_assert_cmpstr(note->format, ==, "%b %d %Y");
    g_assert_cmpstr(note->note, ==, "1 of the 3 sampled values is not written %b %d %Y");
    pk_import_result_free(result);
}

/* A column that is text because of one value (or a few) names them and their lines, in the
 * sniff and in the import's report. */
static void test_one_bad_value_is_named(Fixture *f, gconstpointer data) {
    (void)data;
    g_autofree char *mixed = corpus("mixed-types.csv");
    g_autoptr(GError) error = NULL;
    g_autoptr(PkSniffResult) sniff = NULL;
    g_assert_true(pk_data_sniff(f->conn, mixed, NULL, &sniff, &error));
    g_assert_no_error(error);
    PkImportResult *result = import_path(f, mixed, NULL, &error);
    g_assert_no_error(error);
    const char *expected = "text because of \"thirty\" on line 4 (the other values are numbers)";
    g_assert_cmpstr(note_of(sniff->notes, sniff->n_notes, "mixed")->note, ==, expected);
    const PkImportedTable *t = &result->tables[0];
    g_assert_cmpstr(type_of(t->schema, "mixed"), ==, "VARCHAR");
    g_assert_cmpstr(note_of(t->notes, t->n_notes, "mixed")->note, ==, expected);
    pk_import_result_free(result);

    g_autofree char *path = write_file(f, "few-bad.csv",
                                       "id,price,day\n1,1.5,Jan 1 2000\n2,\"n/a \",Jan 2 2000\n"
                                       "3,2.5,soon\n4,3,Jan 4 2000\n5,4,Jan 5 2000\n6,?,Jan 6 "
                                       "2000\n7,5.5,Jan 7 2000\n");
    result = import_path(f, path, NULL, &error);
    g_assert_no_error(error);
    t = &result->tables[0];
    g_assert_cmpstr(note_of(t->notes, t->n_notes, "price")->note, ==,
                    "text because of \"n/a \" on line 3 and \"?\" on line 7 (the other values are "
                    "numbers)");
    g_assert_cmpstr(note_of(t->notes, t->n_notes, "day")->note, ==,
                    "text because of \"soon\" on line 4 (the other values are dates written "
                    "%b %d %Y)");
    pk_import_result_free(result);
}

int main(int argc, char **argv) {
    g_test_init(&argc, &argv, NULL);
#define ADD(path, func) g_test_add(path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
    ADD("/data/infer/date-formats-are-inferred", test_date_formats_are_inferred);
    ADD("/data/infer/one-day-above-12-decides-the-order", test_one_day_above_12_decides_the_order);
    ADD("/data/infer/second-date-format-stays-text", test_second_date_format_stays_text);
    ADD("/data/infer/epoch-columns-named-with-a-unit", test_epoch_columns_named_with_a_unit);
    ADD("/data/infer/bad-date-value-fails-or-is-rejected",
        test_bad_date_value_fails_or_is_rejected);
    ADD("/data/infer/override-tries-the-formats", test_override_tries_the_formats);
    ADD("/data/infer/one-bad-value-is-named", test_one_bad_value_is_named);
    ADD("/data/infer/epoch-unit-from-the-values", test_epoch_unit_from_the_values);
    return pk_test_run();
}
