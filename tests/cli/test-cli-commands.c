/* End-to-end tests of the `pika` command that need no data files: dispatch, help, usage
 * errors, exit codes, `pika info` and `pika demo-data`. */
#include "pika-test.h"
#include "cli-test-util.h"

#include <json-glib/json-glib.h>
#include <string.h>

static const char *const subcommands[] = {
#ifdef PIKA_TEST_HAVE_DATA
    "import", "query",     "schema", "export",
#endif
#ifdef PIKA_TEST_HAVE_PLOT
    "plot",
#endif
    "info",   "demo-data",
};

static void test_version_prints_version(void) {
    g_auto(CliRun) run = {0};
    cli_run(&run, NULL, "--version", NULL);
    g_assert_cmpint(run.status, ==, 0);
    g_autofree char *expected = g_strdup_printf("pika %s\n", PIKA_VERSION);
    g_assert_cmpstr(run.out, ==, expected);
}

static void test_help_lists_every_command(void) {
    g_auto(CliRun) run = {0};
    cli_run(&run, NULL, "--help", NULL);
    g_assert_cmpint(run.status, ==, 0);
    for (guint i = 0; i < G_N_ELEMENTS(subcommands); i++) {
        g_assert_nonnull(strstr(run.out, subcommands[i]));
    }
}

static void test_every_subcommand_has_help(void) {
    for (guint i = 0; i < G_N_ELEMENTS(subcommands); i++) {
        g_auto(CliRun) run = {0};
        g_autofree char *usage = g_strdup_printf("pika %s", subcommands[i]);
        cli_run(&run, NULL, subcommands[i], "--help", NULL);
        g_assert_cmpint(run.status, ==, 0);
        g_assert_true(g_str_has_prefix(run.out, "Usage:"));
        g_assert_nonnull(strstr(run.out, usage));
        g_assert_nonnull(strstr(run.out, "--help"));
        g_assert_cmpstr(run.err, ==, "");
    }
}

static void test_no_command_is_usage_error(void) {
    g_auto(CliRun) run = {0};
    cli_run(&run, NULL, NULL, NULL);
    g_assert_cmpint(run.status, ==, 2);
    g_assert_cmpstr(run.out, ==, "");
    g_assert_nonnull(strstr(run.err, "Usage: pika COMMAND"));
}

static void test_unknown_command_is_usage_error(void) {
    g_auto(CliRun) run = {0};
    cli_run(&run, NULL, "frobnicate", NULL);
    g_assert_cmpint(run.status, ==, 2);
    g_assert_cmpstr(run.err, ==, "pika: unknown command 'frobnicate'\nTry 'pika --help'.\n");
}

static void test_unknown_option_is_usage_error(void) {
    for (guint i = 0; i < G_N_ELEMENTS(subcommands); i++) {
        g_auto(CliRun) run = {0};
        cli_run(&run, NULL, subcommands[i], "--no-such-option", NULL);
        cli_assert_failure(&run, 2, subcommands[i], "--no-such-option");
        g_autofree char *hint = g_strdup_printf("Try 'pika %s --help'.", subcommands[i]);
        g_assert_nonnull(strstr(run.err, hint));
    }
}

static void test_info_lists_versions(void) {
    g_auto(CliRun) run = {0};
    cli_run(&run, NULL, "info", NULL);
    g_assert_cmpint(run.status, ==, 0);
    g_autofree char *pika = g_strdup_printf("Pika-Plot  %s\n", PIKA_VERSION);
    g_assert_true(g_str_has_prefix(run.out, pika));
#ifdef PIKA_TEST_HAVE_DATA
    g_assert_nonnull(strstr(run.out, "\nDuckDB     v1.4.4\n"));
#endif
    g_assert_nonnull(strstr(run.out, "\nGLib       2."));
    g_assert_nonnull(strstr(run.out, "\nCairo      1."));
    g_assert_nonnull(strstr(run.out, "\nCompute    "));
    g_assert_nonnull(strstr(run.out, "cpu: CPU ("));
    g_assert_nonnull(strstr(run.out, " [in use]\n"));
}

static void test_info_json_parses(void) {
    g_auto(CliRun) run = {0};
    cli_run(&run, NULL, "info", "--json", NULL);
    g_assert_cmpint(run.status, ==, 0);
    g_autoptr(JsonParser) parser = json_parser_new();
    g_autoptr(GError) error = NULL;
    json_parser_load_from_data(parser, run.out, -1, &error);
    g_assert_no_error(error);
    JsonObject *object = json_node_get_object(json_parser_get_root(parser));
    g_assert_cmpstr(json_object_get_string_member(object, "pika"), ==, PIKA_VERSION);
#ifdef PIKA_TEST_HAVE_DATA
    g_assert_cmpstr(json_object_get_string_member(object, "duckdb"), ==, "v1.4.4");
#endif
    g_assert_true(g_str_has_prefix(json_object_get_string_member(object, "glib"), "2."));
    g_assert_true(json_object_has_member(object, "cairo"));
    JsonObject *compute = json_object_get_object_member(object, "compute");
    g_assert_nonnull(compute);
    g_assert_nonnull(json_object_get_string_member(compute, "active"));
    g_assert_cmpuint(json_array_get_length(json_object_get_array_member(compute, "devices")), >=,
                     2);
}

/* Writes `rows` rows with `seed` into dir/name and returns the path. */
static char *demo_data(const char *dir, const char *name, const char *rows, const char *seed) {
    g_auto(CliRun) run = {0};
    char *path = g_build_filename(dir, name, NULL);
    cli_run(&run, NULL, "demo-data", "--rows", rows, "--seed", seed, "-o", path, NULL);
    g_assert_cmpint(run.status, ==, 0);
    g_assert_cmpstr(run.out, ==, "");
    g_assert_cmpstr(run.err, ==, "");
    return path;
}

static void test_demo_data_same_seed_same_bytes(void) {
    g_autofree char *dir = cli_tmpdir();
    /* More rows than one generation block (65,536) so that several threads take part. */
    g_autofree char *a = demo_data(dir, "a.csv", "300000", "7");
    g_autofree char *b = demo_data(dir, "b.csv", "300000", "7");
    g_autofree char *c = demo_data(dir, "c.csv", "300000", "8");
    g_autofree char *hash_a = cli_file_sha256(a);
    g_autofree char *hash_b = cli_file_sha256(b);
    g_autofree char *hash_c = cli_file_sha256(c);
    g_test_message("sha256 of 300,000 rows, seed 7: %s", hash_a);
    g_assert_cmpstr(hash_a, ==, hash_b);
    g_assert_cmpstr(hash_a, !=, hash_c);
    cli_rmtree(dir);
}

static void test_demo_data_matches_expected_rows(void) {
    g_auto(CliRun) run = {0};
    cli_run(&run, NULL, "demo-data", "--rows", "25", "--seed", "7", "-o", "-", NULL);
    g_assert_cmpint(run.status, ==, 0);
    cli_assert_expected(run.out, "demo-data-25-seed-7.csv");
}

/* Checks one data line: 5 fields, a timestamp not before the previous one, a known level. */
static void check_demo_line(const char *line, char *previous_ts, guint *n_null,
                            GHashTable *levels) {
    g_auto(GStrv) fields = g_strsplit(line, ",", -1);
    g_assert_cmpuint(g_strv_length(fields), ==, 5);
    g_assert_cmpuint(strlen(fields[0]), ==, 19);
    g_assert_true(g_str_has_prefix(fields[0], "2024-"));
    g_assert_cmpint(strcmp(fields[0], previous_ts), >=, 0);
    g_strlcpy(previous_ts, fields[0], 20);
    g_assert_cmpuint(strlen(fields[1]), >, 0);
    for (guint f = 2; f < 5; f++) {
        *n_null += fields[f][0] == '\0';
    }
    if (fields[3][0] != '\0') {
        g_assert_cmpfloat(g_ascii_strtod(fields[3], NULL), >, 0.0);
    }
    if (fields[4][0] != '\0') {
        g_hash_table_add(levels, g_strdup(fields[4]));
    }
}

static void test_demo_data_has_documented_shape(void) {
    g_auto(CliRun) run = {0};
    cli_run(&run, NULL, "demo-data", "--rows", "20000", "-o", "-", NULL);
    g_assert_cmpint(run.status, ==, 0);
    g_auto(GStrv) lines = g_strsplit(run.out, "\n", -1);
    g_assert_cmpstr(lines[0], ==, "ts,x,y,value,category");
    g_assert_cmpuint(g_strv_length(lines), ==, 20000 + 2); /* header, rows, "" after last \n */
    g_autoptr(GHashTable) levels = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    char previous_ts[20] = "";
    guint n_null = 0;
    for (guint i = 1; i <= 20000; i++) {
        check_demo_line(lines[i], previous_ts, &n_null, levels);
    }
    g_assert_cmpuint(g_hash_table_size(levels), ==, 12);
    g_assert_cmpuint(n_null, >, 20); /* about 0.35% of rows have a null: ~70 */
    g_assert_cmpuint(n_null, <, 200);
}

static void test_demo_data_bad_arguments_are_usage_errors(void) {
    const char *const cases[][4] = {
        {"demo-data", "--rows", "lots", "-o"},
        {"demo-data", "--rows", "0", "-o"},
        {"demo-data", "--seed", "-1", "-o"},
    };
    for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_auto(CliRun) run = {0};
        cli_run(&run, NULL, cases[i][0], cases[i][1], cases[i][2], cases[i][3], "-", NULL);
        cli_assert_failure(&run, 2, "demo-data", cases[i][1]);
    }
    g_auto(CliRun) run = {0};
    cli_run(&run, NULL, "demo-data", "--rows", "10", NULL);
    cli_assert_failure(&run, 2, "demo-data", "missing -o FILE");
}

static void test_demo_data_unwritable_path_fails(void) {
    g_auto(CliRun) run = {0};
    cli_run(&run, NULL, "demo-data", "--rows", "10", "-o", "/nonexistent-dir/demo.csv", NULL);
    cli_assert_failure(&run, 1, "demo-data", "cannot create '/nonexistent-dir/demo.csv'");
}

int main(int argc, char **argv) {
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/cli/version-prints-version", test_version_prints_version);
    g_test_add_func("/cli/help-lists-every-command", test_help_lists_every_command);
    g_test_add_func("/cli/every-subcommand-has-help", test_every_subcommand_has_help);
    g_test_add_func("/cli/no-command-is-usage-error", test_no_command_is_usage_error);
    g_test_add_func("/cli/unknown-command-is-usage-error", test_unknown_command_is_usage_error);
    g_test_add_func("/cli/unknown-option-is-usage-error", test_unknown_option_is_usage_error);
    g_test_add_func("/cli/info/lists-versions", test_info_lists_versions);
    g_test_add_func("/cli/info/json-parses", test_info_json_parses);
    g_test_add_func("/cli/demo-data/same-seed-same-bytes", test_demo_data_same_seed_same_bytes);
    g_test_add_func("/cli/demo-data/matches-expected-rows", test_demo_data_matches_expected_rows);
    g_test_add_func("/cli/demo-data/has-documented-shape", test_demo_data_has_documented_shape);
    g_test_add_func("/cli/demo-data/bad-arguments-are-usage-errors",
                    test_demo_data_bad_arguments_are_usage_errors);
    g_test_add_func("/cli/demo-data/unwritable-path-fails", test_demo_data_unwritable_path_fails);
    return pk_test_run();
}
