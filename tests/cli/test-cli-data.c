/* End-to-end tests of `pika import`, `query`, `schema` and `export` on small files: outputs
 * compared with tests/cli/expected/, JSON parsed, exit codes and error messages checked. */
#include "pika-test.h"
#include "cli-test-util.h"

#include <json-glib/json-glib.h>
#include <string.h>

/* Parses JSON text; the returned parser owns the tree. */
static JsonParser *parse_json(const char *text) {
    JsonParser *parser = json_parser_new();
    g_autoptr(GError) error = NULL;
    json_parser_load_from_data(parser, text, -1, &error);
    if (error != NULL) {
        g_test_message("not JSON: %s", text);
    }
    g_assert_no_error(error);
    return parser;
}

static JsonObject *root_object(JsonParser *parser) {
    return json_node_get_object(json_parser_get_root(parser));
}

static JsonObject *array_object(JsonObject *object, const char *member, guint index) {
    JsonArray *array = json_object_get_array_member(object, member);
    g_assert_cmpuint(json_array_get_length(array), >, index);
    return json_array_get_object_element(array, index);
}

/* Asserts the column types of a JSON "columns" array. */
static void assert_column_types(JsonObject *table, const char *const *types) {
    JsonArray *columns = json_object_get_array_member(table, "columns");
    g_assert_cmpuint(json_array_get_length(columns), ==, g_strv_length((char **)types));
    for (guint i = 0; types[i] != NULL; i++) {
        JsonObject *column = json_array_get_object_element(columns, i);
        g_assert_cmpstr(json_object_get_string_member(column, "type"), ==, types[i]);
    }
}

static void test_import_prints_schema_and_row_count(void) {
    g_autofree char *small = cli_fixture("small.csv");
    g_auto(CliRun) run = {0};
    cli_run(&run, NULL, "import", small, NULL);
    g_assert_cmpint(run.status, ==, 0);
    g_assert_cmpstr(run.err, ==, "");
    cli_assert_expected(run.out, "import-small.txt");
}

static void test_import_json_report_parses(void) {
    static const char *const types[] = {"BIGINT",    "VARCHAR", "DOUBLE",
                                        "TIMESTAMP", "BOOLEAN", NULL};
    g_autofree char *small = cli_fixture("small.csv");
    g_auto(CliRun) run = {0};
    cli_run(&run, NULL, "import", small, "--json", NULL);
    g_assert_cmpint(run.status, ==, 0);
    g_autoptr(JsonParser) parser = parse_json(run.out);
    JsonObject *table = array_object(root_object(parser), "tables", 0);
    g_assert_cmpstr(json_object_get_string_member(table, "name"), ==, "small");
    g_assert_cmpint(json_object_get_int_member(table, "row_count"), ==, 5);
    assert_column_types(table, types);
    g_assert_cmpint(json_object_get_int_member(root_object(parser), "rejected_rows"), ==, 0);
    cli_assert_expected(run.out, "import-small.json");
}

static void test_import_options_are_applied(void) {
    static const char *const types[] = {"VARCHAR", "VARCHAR", NULL};
    g_autofree char *small = cli_fixture("small.csv");
    g_auto(CliRun) run = {0};
    cli_run(&run, NULL, "import", small, "--table", "fruit", "--include", "id,name", "--type",
            "id=VARCHAR", "--json", NULL);
    g_assert_cmpint(run.status, ==, 0);
    g_autoptr(JsonParser) parser = parse_json(run.out);
    JsonObject *table = array_object(root_object(parser), "tables", 0);
    g_assert_cmpstr(json_object_get_string_member(table, "name"), ==, "fruit");
    assert_column_types(table, types);
}

static void test_import_missing_file_fails(void) {
    g_auto(CliRun) run = {0};
    cli_run(&run, NULL, "import", "/nonexistent/no-such-file.csv", NULL);
    cli_assert_failure(&run, 1, "import", "no-such-file.csv");
}

static void test_import_binary_file_fails(void) {
    g_autofree char *binary = cli_corpus("binary.png");
    g_auto(CliRun) run = {0};
    cli_run(&run, NULL, "import", binary, NULL);
    cli_assert_failure(&run, 1, "import", "binary");
}

static void test_import_ragged_row_names_line(void) {
    g_autofree char *ragged = cli_fixture("ragged-line-4.csv");
    g_auto(CliRun) run = {0};
    cli_run(&run, NULL, "import", ragged, NULL);
    cli_assert_failure(&run, 1, "import", "line 4");
    g_assert_nonnull(strstr(run.err, "--skip-bad-rows"));
}

static void test_import_skip_bad_rows_reports_rejects(void) {
    g_autofree char *ragged = cli_fixture("ragged-line-4.csv");
    g_auto(CliRun) run = {0};
    cli_run(&run, NULL, "import", ragged, "--skip-bad-rows", "--json", NULL);
    g_assert_cmpint(run.status, ==, 0);
    g_autoptr(JsonParser) parser = parse_json(run.out);
    JsonObject *root = root_object(parser);
    g_assert_cmpint(json_object_get_int_member(root, "rejected_rows"), ==, 1);
    JsonObject *reject = array_object(root, "rejects", 0);
    g_assert_cmpint(json_object_get_int_member(reject, "line"), ==, 4);
    JsonObject *table = array_object(root, "tables", 0);
    g_assert_cmpint(json_object_get_int_member(table, "row_count"), ==, 3);

    g_auto(CliRun) text = {0};
    cli_run(&text, NULL, "import", ragged, "--skip-bad-rows", NULL);
    g_assert_cmpint(text.status, ==, 0);
    cli_assert_expected(text.out, "import-ragged-skip.txt");
    /* the list of rejected rows goes to stderr */
    g_assert_nonnull(strstr(text.err, "\nRejected 1 row:\n"
                                      " file              | line | column | value | error\n"));
    g_assert_nonnull(strstr(text.err, " ragged-line-4.csv |    4 |        |       | "
                                      "Expected Number of Columns: 3 Found: 4\n"));
}

/* Rows that do not parse are listed with line, column, value and reason: on stderr after an
 * import with --skip-bad-rows, and before importing by --dry-run (which flags the type override
 * that fails on the first rows); --json has them as an array. */
static void test_import_lists_rejected_rows(void) {
    g_autofree char *dir = cli_tmpdir();
    g_autofree char *path = g_build_filename(dir, "prices.csv", NULL);
    g_assert_true(g_file_set_contents(path, "id,price\n1,1.5\n2,none\n3,2.5\n", -1, NULL));
    const char *row = " prices.csv |    3 | price  | none  | "
                      "Could not convert string \"none\" to 'DOUBLE'\n";
    g_auto(CliRun) text = {0};
    cli_run(&text, NULL, "import", path, "--type", "price=DOUBLE", "--skip-bad-rows", NULL);
    g_assert_cmpint(text.status, ==, 0);
    g_assert_nonnull(strstr(text.out, "Table \"prices\": 2 rows, 2 columns\n"));
    g_assert_nonnull(strstr(text.err, "Rejected 1 row:\n"));
    g_assert_nonnull(strstr(text.err, row));

    g_auto(CliRun) json = {0};
    cli_run(&json, NULL, "import", path, "--type", "price=DOUBLE", "--skip-bad-rows", "--json",
            NULL);
    g_assert_cmpint(json.status, ==, 0);
    g_autoptr(JsonParser) parser = parse_json(json.out);
    JsonObject *reject = array_object(root_object(parser), "rejects", 0);
    g_assert_cmpint(json_object_get_int_member(reject, "line"), ==, 3);
    g_assert_cmpstr(json_object_get_string_member(reject, "column"), ==, "price");
    g_assert_cmpstr(json_object_get_string_member(reject, "value"), ==, "none");
    g_assert_cmpstr(json_object_get_string_member(reject, "error_type"), ==, "CAST");

    g_auto(CliRun) dry = {0};
    cli_run(&dry, NULL, "import", path, "--type", "price=DOUBLE", "--dry-run", NULL);
    g_assert_cmpint(dry.status, ==, 0);
    g_assert_nonnull(strstr(dry.out, "  price: DOUBLE does not read \"none\" on line 3\n"));
    g_assert_nonnull(strstr(dry.err, "1 of the first rows does not parse; an import fails on "
                                     "them unless --skip-bad-rows:\n"));
    g_assert_nonnull(strstr(dry.err, row));
    g_auto(CliRun) dry_json = {0};
    cli_run(&dry_json, NULL, "import", path, "--type", "price=DOUBLE", "--dry-run", "--json", NULL);
    g_assert_cmpint(dry_json.status, ==, 0);
    g_autoptr(JsonParser) dry_parser = parse_json(dry_json.out);
    JsonObject *file = array_object(root_object(dry_parser), "files", 0);
    g_assert_cmpint(json_object_get_int_member(file, "rejected_rows"), ==, 1);
    JsonObject *dry_reject = array_object(file, "rejects", 0);
    g_assert_cmpstr(json_object_get_string_member(dry_reject, "value"), ==, "none");
    g_assert_cmpuint(json_array_get_length(json_object_get_array_member(file, "preview")), ==, 2);
    cli_rmtree(dir);
}

/* A type override on a file with a ragged row: applied with --skip-bad-rows (the ragged row
 * listed), the ragged row's error without it, the preview lists the values the override cannot
 * read; an override of a column the file lacks names it and lists the file's columns. */
static void test_import_override_with_ragged_row(void) {
    g_autofree char *dir = cli_tmpdir();
    g_autofree char *path = g_build_filename(dir, "sales.csv", NULL);
    GString *text = g_string_new("day,city,amount,items\n");
    for (guint i = 0; i < 200; i++) {
        g_string_append_printf(text, "2020-01-%02u,%s,%u.5,%u%s\n", 1 + i % 28,
                               i % 2 == 0 ? "Oslo" : "Bergen", i, 1 + i % 9, i == 5 ? ",oops" : "");
    }
    g_assert_true(g_file_set_contents(path, text->str, -1, NULL));
    g_string_free(text, TRUE);

    g_auto(CliRun) skip = {0};
    cli_run(&skip, NULL, "import", path, "--type", "items=VARCHAR", "--skip-bad-rows", "--json",
            NULL);
    g_assert_cmpint(skip.status, ==, 0);
    g_autoptr(JsonParser) parser = parse_json(skip.out);
    JsonObject *root = root_object(parser);
    g_assert_cmpint(json_object_get_int_member(root, "rejected_rows"), ==, 1);
    g_assert_cmpint(json_object_get_int_member(array_object(root, "rejects", 0), "line"), ==, 7);
    JsonObject *table = array_object(root, "tables", 0);
    g_assert_cmpint(json_object_get_int_member(table, "row_count"), ==, 199);
    g_auto(CliRun) text_run = {0};
    cli_run(&text_run, NULL, "import", path, "--type", "items=VARCHAR", "--skip-bad-rows", NULL);
    g_assert_cmpint(text_run.status, ==, 0);
    g_assert_nonnull(strstr(text_run.out, " items  | VARCHAR\n"));

    g_auto(CliRun) strict = {0};
    cli_run(&strict, NULL, "import", path, "--type", "items=VARCHAR", NULL);
    cli_assert_failure(&strict, 1, "import",
                       "sales.csv, line 7: expected 4 columns but found 5. Fix the row, or "
                       "import with --skip-bad-rows");

    g_auto(CliRun) dry = {0};
    cli_run(&dry, NULL, "import", path, "--type", "items=DATE", "--dry-run", NULL);
    g_assert_cmpint(dry.status, ==, 0);
    g_assert_nonnull(strstr(dry.out, " items  | DATE\n"));
    g_assert_nonnull(strstr(dry.out, "  items: DATE does not read \"1\" on line 2"));
    g_assert_nonnull(
        strstr(dry.err, " sales.csv |    2 | items  | 1     | Could not convert string \"1\" to "
                        "'DATE'\n"));
    g_assert_nonnull(strstr(dry.err, "Expected Number of Columns: 4 Found: 5"));

    g_auto(CliRun) unknown = {0};
    cli_run(&unknown, NULL, "import", path, "--type", "nosuch=INTEGER", "--dry-run", NULL);
    cli_assert_failure(&unknown, 1, "import",
                       "Cannot read column \"nosuch\" as INTEGER: sales.csv has no such column. "
                       "Its columns are \"day\", \"city\", \"amount\", \"items\".");
    g_assert_null(strstr(unknown.err, "COLUMN_TYPES"));
    cli_rmtree(dir);
}

/* An import that would keep no rows fails (exit 1) with the reason and leaves no table. */
static void test_import_zero_rows_is_refused(void) {
    g_autofree char *dir = cli_tmpdir();
    g_autofree char *db = g_build_filename(dir, "f.duckdb", NULL);
    g_autofree char *header_only = cli_corpus("header-only.csv");
    g_autofree char *crlf = cli_corpus("crlf.csv");
    g_auto(CliRun) header = {0};
    cli_run(&header, NULL, "import", header_only, "--db", db, NULL);
    cli_assert_failure(&header, 1, "import", "header-only.csv has a header but no rows");
    g_auto(CliRun) rejected = {0};
    cli_run(&rejected, NULL, "import", crlf, "--db", db, "--type", "c=BIGINT", "--skip-bad-rows",
            "--json", NULL);
    cli_assert_failure(&rejected, 1, "import",
                       "crlf.csv: all 3 rows were rejected, so there is nothing to import. The "
                       "first: line 2, column \"c\": value \"x\" is not a valid BIGINT.");
    g_auto(CliRun) schema = {0};
    cli_run(&schema, NULL, "schema", "--db", db, "--json", NULL);
    g_assert_cmpint(schema.status, ==, 0);
    g_assert_cmpstr(schema.out, ==, "{\"tables\":[]}\n");
    cli_rmtree(dir);
}

static void test_import_dry_run_shows_dialect(void) {
    g_autofree char *semicolons = cli_corpus("semicolon-decimal-comma.csv");
    g_auto(CliRun) run = {0};
    cli_run(&run, NULL, "import", semicolons, "--dry-run", NULL);
    g_assert_cmpint(run.status, ==, 0);
    g_assert_nonnull(strstr(run.out, "  delimiter         \";\"\n"));
    g_assert_nonnull(strstr(run.out, "First "));

    g_auto(CliRun) json = {0};
    cli_run(&json, NULL, "import", semicolons, "--dry-run", "--json", NULL);
    g_assert_cmpint(json.status, ==, 0);
    g_autoptr(JsonParser) parser = parse_json(json.out);
    JsonObject *file = array_object(root_object(parser), "files", 0);
    g_assert_cmpstr(json_object_get_string_member(file, "delimiter"), ==, ";");
    g_assert_cmpstr(json_object_get_string_member(file, "format"), ==, "csv");
    g_assert_true(json_object_get_boolean_member(file, "has_header"));
}

static void test_import_reads_parquet_and_ndjson(void) {
    const char *const names[] = {"small.parquet", "records.ndjson"};
    for (guint i = 0; i < G_N_ELEMENTS(names); i++) {
        g_autofree char *path = cli_corpus(names[i]);
        g_auto(CliRun) run = {0};
        cli_run(&run, NULL, "import", path, "--json", NULL);
        g_assert_cmpint(run.status, ==, 0);
        g_autoptr(JsonParser) parser = parse_json(run.out);
        JsonObject *table = array_object(root_object(parser), "tables", 0);
        g_assert_cmpint(json_object_get_int_member(table, "row_count"), >, 0);
    }
}

/* A JSON field of text and numbers is text without quote marks: WHERE Title = 'Slam' works. */
static void test_import_json_mixed_field_is_text(void) {
    static const char *const types[] = {"VARCHAR", "BIGINT", "JSON", NULL};
    g_autofree char *movies = cli_corpus("movies-mixed.json");
    g_auto(CliRun) import = {0};
    cli_run(&import, NULL, "import", movies, "--json", NULL);
    g_assert_cmpint(import.status, ==, 0);
    g_autoptr(JsonParser) parser = parse_json(import.out);
    assert_column_types(array_object(root_object(parser), "tables", 0), types);
    g_auto(CliRun) query = {0};
    cli_run(&query, NULL, "query", "--file", movies, "--format", "csv",
            "SELECT Title, Year FROM movies_mixed WHERE Title = 'Slam' OR Title = '1776' "
            "ORDER BY Year",
            NULL);
    g_assert_cmpint(query.status, ==, 0);
    g_assert_cmpstr(query.out, ==, "Title,Year\n1776,1972\nSlam,1998\n");
}

/* The same through the graph (pika run): the query over the JSON text column finds its row, a
 * comparison that fails while it runs says DuckDB's reason (never "pending query result"), and
 * a source of a header and no rows fails with the reason. */
static void test_run_json_text_and_empty_source(void) {
    g_autofree char *dir = cli_tmpdir();
    g_autofree char *movies = cli_corpus("movies-mixed.json");
    g_autofree char *header_only = cli_corpus("header-only.csv");
    const char *copies[][2] = {{movies, "movies.json"}, {header_only, "empty.csv"}};
    for (guint i = 0; i < G_N_ELEMENTS(copies); i++) {
        g_autofree char *text = NULL;
        gsize length = 0;
        g_autofree char *to = g_build_filename(dir, copies[i][1], NULL);
        g_assert_true(g_file_get_contents(copies[i][0], &text, &length, NULL));
        g_assert_true(g_file_set_contents(to, text, (gssize)length, NULL));
    }
    g_autofree char *ws = g_build_filename(dir, "movies.pika", NULL);
    g_assert_true(g_file_set_contents(
        ws,
        "{\"format\": \"pika-workspace\", \"version\": 1, \"nodes\": ["
        "{\"name\": \"movies\", \"kind\": \"source\", \"params\": {\"path\": \"movies.json\"}},"
        "{\"name\": \"slam\", \"kind\": \"query\", \"params\": {\"sql\": "
        "\"SELECT * FROM movies WHERE Title = 'Slam'\"}},"
        "{\"name\": \"bad\", \"kind\": \"query\", \"params\": {\"sql\": "
        "\"SELECT * FROM movies WHERE Title = 1776\"}},"
        "{\"name\": \"nothing\", \"kind\": \"source\", \"params\": {\"path\": \"empty.csv\"}}],"
        "\"edges\": [{\"from\": \"movies\", \"to\": \"slam\", \"port\": 0},"
        "{\"from\": \"movies\", \"to\": \"bad\", \"port\": 0}]}",
        -1, NULL));
    g_autofree char *out = g_build_filename(dir, "out", NULL);
    g_auto(CliRun) run = {0};
    cli_run(&run, NULL, "run", ws, "--out", out, NULL);
    g_test_message("%s%s", run.out, run.err);
    g_assert_cmpint(run.status, ==, 1);
    g_autofree char *all = g_strconcat(run.out, run.err, NULL);
    g_assert_null(strstr(all, "pending"));
    g_autoptr(GRegex) slam =
        g_regex_new("^slam +query +done .* 1 rows", G_REGEX_MULTILINE, 0, NULL);
    g_assert_true(g_regex_match(slam, all, 0, NULL));
    g_autoptr(GRegex) bad =
        g_regex_new("^bad +query +error .*Could not convert string", G_REGEX_MULTILINE, 0, NULL);
    g_assert_true(g_regex_match(bad, all, 0, NULL));
    g_assert_nonnull(
        strstr(all, "empty.csv has a header but no rows: there is nothing to import."));
    cli_rmtree(dir);
}

/* Dates like "Jan 1 2000" are inferred in the CLI as in the window, and the report says with
 * which format; a DATE override tries the formats (every row kept with --skip-bad-rows); a
 * column that is text because of one value names it and its line. */
static void test_import_infers_dates_and_says_why_text(void) {
    g_autofree char *stocks = cli_corpus("stocks.csv");
    g_auto(CliRun) run = {0};
    cli_run(&run, NULL, "import", stocks, NULL);
    g_assert_cmpint(run.status, ==, 0);
    g_assert_nonnull(strstr(run.out, " date   | DATE\n"));
    g_assert_nonnull(strstr(run.out, "\nColumn notes:\n  date: read with the format %b %d %Y\n"));

    g_auto(CliRun) override = {0};
    cli_run(&override, NULL, "import", stocks, "--type", "date=DATE", "--skip-bad-rows", "--json",
            NULL);
    g_assert_cmpint(override.status, ==, 0);
    g_autoptr(JsonParser) parser = parse_json(override.out);
    JsonObject *table = array_object(root_object(parser), "tables", 0);
    g_assert_cmpint(json_object_get_int_member(table, "row_count"), ==, 12);
    JsonObject *note = array_object(table, "column_notes", 0);
    g_assert_cmpstr(json_object_get_string_member(note, "column"), ==, "date");
    g_assert_cmpstr(json_object_get_string_member(note, "format"), ==, "%b %d %Y");

    g_autofree char *mixed = cli_corpus("mixed-types.csv");
    g_auto(CliRun) text = {0};
    cli_run(&text, NULL, "import", mixed, NULL);
    g_assert_cmpint(text.status, ==, 0);
    g_assert_nonnull(strstr(text.out, "  mixed: text because of \"thirty\" on line 4 (the other "
                                      "values are numbers)\n"));
    g_auto(CliRun) dry = {0};
    cli_run(&dry, NULL, "import", mixed, "--dry-run", "--json", NULL);
    g_assert_cmpint(dry.status, ==, 0);
    g_autoptr(JsonParser) dry_parser = parse_json(dry.out);
    JsonObject *file = array_object(root_object(dry_parser), "files", 0);
    JsonObject *dry_note = array_object(file, "column_notes", 0);
    g_assert_true(json_object_get_null_member(dry_note, "format"));
    g_assert_cmpstr(json_object_get_string_member(dry_note, "note"), ==,
                    "text because of \"thirty\" on line 4 (the other values are numbers)");
}

static void test_import_bad_option_values_are_usage_errors(void) {
    const char *const cases[][2] = {
        {"--header", "sometimes"}, {"--sample", "0"}, {"--type", "no-equals-sign"},
        {"--format", "xml"},       {"--skip", "-3"},
    };
    g_autofree char *small = cli_fixture("small.csv");
    for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_auto(CliRun) run = {0};
        cli_run(&run, NULL, "import", small, cases[i][0], cases[i][1], NULL);
        cli_assert_failure(&run, 2, "import", cases[i][0]);
    }
    g_auto(CliRun) run = {0};
    cli_run(&run, NULL, "import", NULL);
    cli_assert_failure(&run, 2, "import", "missing FILE");
}

static void test_import_into_db_file_persists(void) {
    g_autofree char *dir = cli_tmpdir();
    g_autofree char *db = g_build_filename(dir, "f.duckdb", NULL);
    g_autofree char *small = cli_fixture("small.csv");
    g_auto(CliRun) import = {0};
    cli_run(&import, NULL, "import", small, "--db", db, NULL);
    g_assert_cmpint(import.status, ==, 0);

    g_auto(CliRun) list = {0};
    cli_run(&list, NULL, "schema", "--db", db, NULL);
    g_assert_cmpint(list.status, ==, 0);
    cli_assert_expected(list.out, "schema-list.txt");

    g_auto(CliRun) table = {0};
    cli_run(&table, NULL, "schema", "--db", db, "small", NULL);
    g_assert_cmpint(table.status, ==, 0);
    cli_assert_expected(table.out, "schema-small.txt");

    g_auto(CliRun) json = {0};
    cli_run(&json, NULL, "schema", "--db", db, "--json", NULL);
    g_assert_cmpint(json.status, ==, 0);
    g_autoptr(JsonParser) parser = parse_json(json.out);
    JsonObject *entry = array_object(root_object(parser), "tables", 0);
    g_assert_cmpstr(json_object_get_string_member(entry, "kind"), ==, "table");
    g_assert_cmpint(json_object_get_int_member(entry, "row_count"), ==, 5);

    g_auto(CliRun) again = {0};
    cli_run(&again, NULL, "import", small, "--db", db, "--table", "small", NULL);
    cli_assert_failure(&again, 1, "import", "small");
    g_auto(CliRun) replace = {0};
    cli_run(&replace, NULL, "import", small, "--db", db, "--table", "small", "--replace", NULL);
    g_assert_cmpint(replace.status, ==, 0);
    cli_rmtree(dir);
}

static void test_schema_missing_table_fails(void) {
    g_auto(CliRun) run = {0};
    cli_run(&run, NULL, "schema", "no_such_table", NULL);
    cli_assert_failure(&run, 1, "schema", "no_such_table");
}

static void run_small_query(CliRun *run, const char *format, const char *limit) {
    g_autofree char *small = cli_fixture("small.csv");
    cli_run(run, NULL, "query", "--file", small, "--format", format, "--limit", limit,
            "SELECT * FROM small ORDER BY id", NULL);
    g_assert_cmpint(run->status, ==, 0);
    g_assert_cmpstr(run->err, ==, "");
}

static void test_query_formats_match_expected(void) {
    g_auto(CliRun) table = {0};
    run_small_query(&table, "table", "100");
    cli_assert_expected(table.out, "query-small-table.txt");
    g_auto(CliRun) csv = {0};
    run_small_query(&csv, "csv", "100");
    cli_assert_expected(csv.out, "query-small.csv");
    g_auto(CliRun) json = {0};
    run_small_query(&json, "json", "100");
    cli_assert_expected(json.out, "query-small.json");
}

static void test_query_json_is_typed(void) {
    g_auto(CliRun) run = {0};
    run_small_query(&run, "json", "100");
    g_autoptr(JsonParser) parser = parse_json(run.out);
    JsonObject *root = root_object(parser);
    g_assert_cmpint(json_object_get_int_member(root, "row_count"), ==, 5);
    JsonArray *rows = json_object_get_array_member(root, "rows");
    JsonArray *row0 = json_array_get_array_element(rows, 0);
    g_assert_cmpint(json_array_get_int_element(row0, 0), ==, 1);
    g_assert_cmpfloat(json_array_get_double_element(row0, 2), ==, 1.25);
    g_assert_true(json_array_get_boolean_element(row0, 4));
    JsonArray *row1 = json_array_get_array_element(rows, 1);
    g_assert_true(json_array_get_null_element(row1, 2));
    JsonArray *row2 = json_array_get_array_element(rows, 2);
    g_assert_cmpstr(json_array_get_string_element(row2, 1), ==, "cherry, red");
}

static void test_query_limit_says_when_cut(void) {
    g_auto(CliRun) cut = {0};
    run_small_query(&cut, "table", "2");
    g_assert_true(g_str_has_suffix(cut.out, "\n(first 2 rows shown: --limit 2)\n"));
    g_auto(CliRun) whole = {0};
    run_small_query(&whole, "table", "5");
    g_assert_true(g_str_has_suffix(whole.out, "\n(5 rows)\n"));
    g_auto(CliRun) csv = {0};
    run_small_query(&csv, "csv", "2");
    g_auto(GStrv) lines = g_strsplit(csv.out, "\n", -1);
    g_assert_cmpuint(g_strv_length(lines), ==, 4); /* header, 2 rows, "" after the last \n */
}

static void test_query_reads_sql_from_stdin(void) {
    g_auto(CliRun) run = {0};
    cli_run(&run, "SELECT 6 * 7 AS answer;\n", "query", "--format", "csv", "-", NULL);
    g_assert_cmpint(run.status, ==, 0);
    g_assert_cmpstr(run.out, ==, "answer\n42\n");
}

static void test_query_bad_sql_fails(void) {
    g_auto(CliRun) run = {0};
    cli_run(&run, NULL, "query", "SELEKT 1", NULL);
    cli_assert_failure(&run, 1, "query", "syntax error");
    g_auto(CliRun) usage = {0};
    cli_run(&usage, NULL, "query", "--format", "yaml", "SELECT 1", NULL);
    cli_assert_failure(&usage, 2, "query", "--format");
    g_auto(CliRun) missing = {0};
    cli_run(&missing, NULL, "query", NULL);
    cli_assert_failure(&missing, 2, "query", "missing SQL");
}

static void test_query_statements_without_rows_run(void) {
    g_autofree char *dir = cli_tmpdir();
    g_autofree char *db = g_build_filename(dir, "f.duckdb", NULL);
    g_auto(CliRun) create = {0};
    cli_run(&create, NULL, "query", "--db", db, "CREATE TABLE t AS SELECT 42 AS answer", NULL);
    g_assert_cmpint(create.status, ==, 0);
    g_assert_cmpstr(create.out, ==, "");
    g_auto(CliRun) select = {0};
    cli_run(&select, NULL, "query", "--db", db, "--format", "csv", "FROM t", NULL);
    g_assert_cmpint(select.status, ==, 0);
    g_assert_cmpstr(select.out, ==, "answer\n42\n");
    cli_rmtree(dir);
}

static void test_query_file_tables_do_not_stay_in_db(void) {
    g_autofree char *dir = cli_tmpdir();
    g_autofree char *db = g_build_filename(dir, "f.duckdb", NULL);
    g_autofree char *small = cli_fixture("small.csv");
    g_auto(CliRun) query = {0};
    cli_run(&query, NULL, "query", "--db", db, "--file", small, "--format", "csv",
            "SELECT count(*) AS n FROM small", NULL);
    g_assert_cmpint(query.status, ==, 0);
    g_assert_cmpstr(query.out, ==, "n\n5\n");
    g_auto(CliRun) schema = {0};
    cli_run(&schema, NULL, "schema", "--db", db, "--json", NULL);
    g_assert_cmpint(schema.status, ==, 0);
    g_assert_cmpstr(schema.out, ==, "{\"tables\":[]}\n");
    cli_rmtree(dir);
}

static void test_export_round_trips(void) {
    const char *const extensions[] = {"csv", "json", "parquet"};
    g_autofree char *dir = cli_tmpdir();
    g_autofree char *small = cli_fixture("small.csv");
    g_auto(CliRun) original = {0};
    run_small_query(&original, "csv", "100");
    for (guint i = 0; i < G_N_ELEMENTS(extensions); i++) {
        g_autofree char *name = g_strdup_printf("out.%s", extensions[i]);
        g_autofree char *path = g_build_filename(dir, name, NULL);
        g_auto(CliRun) export = {0};
        cli_run(&export, NULL, "export", "--file", small, "--table", "small", "-o", path, NULL);
        g_assert_cmpint(export.status, ==, 0);
        g_autofree char *wrote = g_strdup_printf("Wrote %s (%s)\n", path, extensions[i]);
        g_assert_cmpstr(export.out, ==, wrote);
        g_auto(CliRun) back = {0};
        cli_run(&back, NULL, "query", "--file", path, "--format", "csv",
                "SELECT * FROM out ORDER BY id", NULL);
        g_assert_cmpint(back.status, ==, 0);
        g_assert_cmpstr(back.out, ==, original.out);
    }
    cli_rmtree(dir);
}

static void test_export_writes_query_result(void) {
    g_autofree char *dir = cli_tmpdir();
    g_autofree char *path = g_build_filename(dir, "answer.txt", NULL);
    g_auto(CliRun) run = {0};
    cli_run(&run, NULL, "export", "--sql", "SELECT 42 AS answer", "--format", "csv", "-o", path,
            NULL);
    g_assert_cmpint(run.status, ==, 0);
    g_autofree char *contents = NULL;
    g_assert_true(g_file_get_contents(path, &contents, NULL, NULL));
    g_assert_cmpstr(contents, ==, "answer\n42\n");
    cli_rmtree(dir);
}

static void test_export_usage_and_failures(void) {
    g_auto(CliRun) neither = {0};
    cli_run(&neither, NULL, "export", "-o", "/tmp/x.csv", NULL);
    cli_assert_failure(&neither, 2, "export", "exactly one of --table and --sql");
    g_auto(CliRun) both = {0};
    cli_run(&both, NULL, "export", "--table", "t", "--sql", "SELECT 1", "-o", "x.csv", NULL);
    cli_assert_failure(&both, 2, "export", "exactly one of --table and --sql");
    g_auto(CliRun) no_output = {0};
    cli_run(&no_output, NULL, "export", "--sql", "SELECT 1", NULL);
    cli_assert_failure(&no_output, 2, "export", "missing -o FILE");
    g_auto(CliRun) format = {0};
    cli_run(&format, NULL, "export", "--sql", "SELECT 1", "-o", "x", "--format", "xls", NULL);
    cli_assert_failure(&format, 2, "export", "--format");
    g_auto(CliRun) missing = {0};
    cli_run(&missing, NULL, "export", "--table", "no_such_table", "-o", "/tmp/x.csv", NULL);
    cli_assert_failure(&missing, 1, "export", "no_such_table");
}

/* Sizes and bin counts a plot cannot have are usage errors, before anything is read. */
static void test_plot_limits_are_usage_errors(void) {
    g_autofree char *csv = cli_fixture("small.csv");
    g_autofree char *dir = cli_tmpdir();
    g_autofree char *png = g_build_filename(dir, "p.png", NULL);
    const char *cases[][4] = {
        {"--width", "32767", "--height", "32767"},
        {"--width", "9000", "--height", "9000"},
        {"--bins", "-1", "--scale", "1"},
        {"--bins", "10001", "--scale", "1"},
    };
    const char *pieces[] = {"too large", "64 million pixels", "--bins is 0 (automatic) to 10000",
                            "not 10001"};
    for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_auto(CliRun) run = {0};
        gint64 start = g_get_monotonic_time();
        cli_run(&run, NULL, "plot", "--file", csv, "--type", "histogram", "-x", "a", "-o", png,
                cases[i][0], cases[i][1], cases[i][2], cases[i][3], NULL);
        g_assert_cmpint(g_get_monotonic_time() - start, <, 5 * G_USEC_PER_SEC);
        cli_assert_failure(&run, 2, "plot", pieces[i]);
        g_assert_false(g_file_test(png, G_FILE_TEST_EXISTS));
    }
    g_auto(CliRun) line = {0};
    cli_run(&line, NULL, "import", csv, "--max-line-size", "12", NULL);
    cli_assert_failure(&line, 2, "import", "--max-line-size is a number of bytes from 1024");
    cli_rmtree(dir);
}

int main(int argc, char **argv) {
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/cli/import/prints-schema-and-row-count",
                    test_import_prints_schema_and_row_count);
    g_test_add_func("/cli/import/json-report-parses", test_import_json_report_parses);
    g_test_add_func("/cli/import/options-are-applied", test_import_options_are_applied);
    g_test_add_func("/cli/import/missing-file-fails", test_import_missing_file_fails);
    g_test_add_func("/cli/import/binary-file-fails", test_import_binary_file_fails);
    g_test_add_func("/cli/import/ragged-row-names-line", test_import_ragged_row_names_line);
    g_test_add_func("/cli/import/lists-rejected-rows", test_import_lists_rejected_rows);
    g_test_add_func("/cli/run/json-text-query-and-empty-source",
                    test_run_json_text_and_empty_source);
    g_test_add_func("/cli/import/skip-bad-rows-reports-rejects",
                    test_import_skip_bad_rows_reports_rejects);
    g_test_add_func("/cli/import/override-with-ragged-row", test_import_override_with_ragged_row);
    g_test_add_func("/cli/import/zero-rows-is-refused", test_import_zero_rows_is_refused);
    g_test_add_func("/cli/import/dry-run-shows-dialect", test_import_dry_run_shows_dialect);
    g_test_add_func("/cli/import/reads-parquet-and-ndjson", test_import_reads_parquet_and_ndjson);
    g_test_add_func("/cli/import/json-mixed-field-is-text", test_import_json_mixed_field_is_text);
    g_test_add_func("/cli/import/infers-dates-and-says-why-text",
                    test_import_infers_dates_and_says_why_text);
    g_test_add_func("/cli/import/bad-option-values-are-usage-errors",
                    test_import_bad_option_values_are_usage_errors);
    g_test_add_func("/cli/import/into-db-file-persists", test_import_into_db_file_persists);
    g_test_add_func("/cli/schema/missing-table-fails", test_schema_missing_table_fails);
    g_test_add_func("/cli/query/formats-match-expected", test_query_formats_match_expected);
    g_test_add_func("/cli/query/json-is-typed", test_query_json_is_typed);
    g_test_add_func("/cli/query/limit-says-when-cut", test_query_limit_says_when_cut);
    g_test_add_func("/cli/query/reads-sql-from-stdin", test_query_reads_sql_from_stdin);
    g_test_add_func("/cli/query/bad-sql-fails", test_query_bad_sql_fails);
    g_test_add_func("/cli/query/statements-without-rows-run",
                    test_query_statements_without_rows_run);
    g_test_add_func("/cli/query/file-tables-do-not-stay-in-db",
                    test_query_file_tables_do_not_stay_in_db);
    g_test_add_func("/cli/export/round-trips", test_export_round_trips);
    g_test_add_func("/cli/plot/limits-are-usage-errors", test_plot_limits_are_usage_errors);
    g_test_add_func("/cli/export/writes-query-result", test_export_writes_query_result);
    g_test_add_func("/cli/export/usage-and-failures", test_export_usage_and_failures);
    return pk_test_run();
}
