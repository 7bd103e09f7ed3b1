/* test-cli-workspace.c — `pika new`, `pika run` and `pika validate` end to end: the integration
 * scenario (source -> filter -> aggregate query -> bar plot, source -> density scatter) on a
 * generated CSV, re-runs from the cache, starter workspaces, and hostile workspace files that
 * must be refused or contained without touching anything outside their folder. */
#include "pika-test.h"
#include "cli-test-util.h"

#include <glib/gstdio.h>
#include <string.h>

/* Rows of the generated CSV (PIKA_TEST_ROWS overrides; the benchmark runs 10M). */
static const char *scenario_rows(void) {
    const char *rows = g_getenv("PIKA_TEST_ROWS");
    return rows != NULL ? rows : "200000";
}

static void copy_file(const char *from, const char *to) {
    g_autofree char *text = NULL;
    gsize len = 0;
    g_assert_true(g_file_get_contents(from, &text, &len, NULL));
    g_assert_true(g_file_set_contents(to, text, (gssize)len, NULL));
}

/* A folder with the scenario workspace and its data.csv. */
static char *scenario_dir(void) {
    char *dir = cli_tmpdir();
    g_autofree char *fixture = cli_fixture("scenario.pika");
    g_autofree char *ws = g_build_filename(dir, "scenario.pika", NULL);
    g_autofree char *csv = g_build_filename(dir, "data.csv", NULL);
    copy_file(fixture, ws);
    g_auto(CliRun) run = {0};
    cli_run(&run, NULL, "demo-data", "--rows", scenario_rows(), "-o", csv, NULL);
    g_assert_cmpint(run.status, ==, 0);
    return dir;
}

/* The line of `pika run`'s report for node name. New string. */
static char *report_line(const char *out, const char *name) {
    g_auto(GStrv) lines = g_strsplit(out, "\n", -1);
    for (guint i = 0; lines[i] != NULL; i++) {
        if (g_str_has_prefix(lines[i], name) && lines[i][strlen(name)] == ' ') {
            return g_strdup(lines[i]);
        }
    }
    g_test_message("no line for %s in:\n%s", name, out);
    g_assert_not_reached();
}

static void test_scenario_runs_and_reuses_cache(void) {
    g_autofree char *dir = scenario_dir();
    g_autofree char *ws = g_build_filename(dir, "scenario.pika", NULL);
    g_autofree char *out = g_build_filename(dir, "out", NULL);
    for (guint round = 0; round < 2; round++) {
        g_auto(CliRun) run = {0};
        cli_run(&run, NULL, "run", ws, "--out", out, "--timings", NULL);
        if (run.status != 0) {
            g_test_message("stdout:\n%s\nstderr:\n%s", run.out, run.err);
        }
        g_assert_cmpint(run.status, ==, 0);
        g_autofree char *source = report_line(run.out, "trips");
        g_assert_nonnull(strstr(source, "done"));
        /* Imported the first time; the second run finds the table in the cache. */
        g_assert_true((strstr(source, "Imported") != NULL) == (round == 0));
        g_autofree char *bar = report_line(run.out, "categories");
        g_assert_nonnull(strstr(bar, "done"));
        g_assert_nonnull(strstr(run.err, "timings: open"));
        const char *files[] = {"categories.png", "density.png"};
        for (guint i = 0; i < G_N_ELEMENTS(files); i++) {
            g_autofree char *png = g_build_filename(out, files[i], NULL);
            g_assert_true(g_file_test(png, G_FILE_TEST_IS_REGULAR));
        }
    }
    g_auto(CliRun) check = {0};
    cli_run(&check, NULL, "validate", ws, NULL);
    g_assert_cmpint(check.status, ==, 0);
    g_assert_nonnull(strstr(check.out, "is valid (5 nodes)"));
    cli_rmtree(dir);
}

static void test_run_one_table_node(void) {
    g_autofree char *dir = scenario_dir();
    g_autofree char *ws = g_build_filename(dir, "scenario.pika", NULL);
    g_autofree char *out = g_build_filename(dir, "out", NULL);
    g_auto(CliRun) run = {0};
    cli_run(&run, NULL, "run", ws, "--out", out, "--node", "per_category", "--format", "csv", NULL);
    g_assert_cmpint(run.status, ==, 0);
    g_autofree char *csv = g_build_filename(out, "per_category.csv", NULL);
    g_autofree char *text = NULL;
    g_assert_true(g_file_get_contents(csv, &text, NULL, NULL));
    g_assert_true(g_str_has_prefix(text, "category,n,mean_value\n"));
    /* Only what the node needs ran: no plot was written. */
    g_autofree char *png = g_build_filename(out, "density.png", NULL);
    g_assert_false(g_file_test(png, G_FILE_TEST_EXISTS));
    g_auto(CliRun) bad = {0};
    cli_run(&bad, NULL, "run", ws, "--out", out, "--node", "nope", NULL);
    g_assert_cmpint(bad.status, ==, 1);
    g_assert_nonnull(strstr(bad.err, "no node 'nope'"));
    cli_rmtree(dir);
}

static void test_new_starter(void) {
    g_autofree char *dir = cli_tmpdir();
    g_autofree char *csv = g_build_filename(dir, "sales.csv", NULL);
    g_autofree char *ws = g_build_filename(dir, "sales.pika", NULL);
    g_auto(CliRun) data = {0};
    cli_run(&data, NULL, "demo-data", "--rows", "20000", "-o", csv, NULL);
    g_auto(CliRun) run = {0};
    cli_run(&run, NULL, "new", ws, "--source", csv, NULL);
    g_assert_cmpint(run.status, ==, 0);
    g_assert_nonnull(strstr(run.out, "sales_preview"));
    g_assert_nonnull(strstr(run.out, "plot"));
    g_auto(CliRun) check = {0};
    cli_run(&check, NULL, "validate", ws, NULL);
    g_assert_cmpint(check.status, ==, 0);
    /* The workspace names its source relative to itself. */
    g_autofree char *text = NULL;
    g_assert_true(g_file_get_contents(ws, &text, NULL, NULL));
    g_assert_nonnull(strstr(text, "\"path\": \"sales.csv\""));
    g_auto(CliRun) again = {0};
    cli_run(&again, NULL, "new", ws, "--source", csv, NULL);
    g_assert_cmpint(again.status, ==, 1);
    g_assert_nonnull(strstr(again.err, "--force"));
    cli_rmtree(dir);
}

static void test_validate_refuses_newer_version(void) {
    g_autofree char *ws = g_build_filename(g_getenv("PIKA_SOURCE_DIR"), "tests", "workspace",
                                           "fixtures", "newer-version.pika", NULL);
    g_auto(CliRun) run = {0};
    cli_run(&run, NULL, "validate", ws, NULL);
    g_assert_cmpint(run.status, ==, 1);
    g_assert_nonnull(strstr(run.err, "newer"));
}

static int compare_names(gconstpointer a, gconstpointer b) {
    return g_strcmp0(*(char *const *)a, *(char *const *)b);
}

/* Names of the files in dir, sorted, joined by spaces. */
static char *listing(const char *dir) {
    g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
    g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
    const char *name;
    while ((name = g_dir_read_name(d)) != NULL) {
        g_ptr_array_add(names, g_strdup(name));
    }
    g_ptr_array_sort(names, compare_names);
    g_ptr_array_add(names, NULL);
    return g_strjoinv(" ", (char **)names->pdata);
}

static void test_hostile_contained(gconstpointer data) {
    const char *name = data;
    g_autofree char *dir = cli_tmpdir();
    g_autofree char *fixtures =
        g_build_filename(g_getenv("PIKA_SOURCE_DIR"), "tests", "workspace", "fixtures", NULL);
    g_autofree char *from = g_build_filename(fixtures, name, NULL);
    g_autofree char *csv_from = g_build_filename(fixtures, "trips.csv", NULL);
    g_autofree char *ws = g_build_filename(dir, "hostile.pika", NULL);
    g_autofree char *csv = g_build_filename(dir, "trips.csv", NULL);
    g_autofree char *out = g_build_filename(dir, "out", NULL);
    copy_file(from, ws);
    copy_file(csv_from, csv);
    g_auto(CliRun) run = {0};
    cli_run(&run, NULL, "run", ws, "--out", out, NULL);
    g_test_message("%s: exit %d\n%s%s", name, run.status, run.out, run.err);
    g_assert_cmpint(run.status, ==, 1);
    g_assert_true(g_str_has_prefix(run.err, "pika: run: These nodes failed: "));
    g_assert_nonnull(strstr(run.out, "error"));
    /* Only the workspace, its data, its cache and the (empty) output folder are there. */
    g_autofree char *files = listing(dir);
    g_assert_cmpstr(files, ==, "hostile.pika hostile.pika.duckdb out trips.csv");
    g_autofree char *written = listing(out);
    g_assert_cmpstr(written, ==, "");
    const char *outside[] = {"/tmp/pika-hostile-copy.csv", "/tmp/pika-hostile-copy2.csv",
                             "/tmp/pika-hostile.duckdb", NULL};
    for (guint i = 0; outside[i] != NULL; i++) {
        g_assert_false(g_file_test(outside[i], G_FILE_TEST_EXISTS));
    }
    g_auto(CliRun) check = {0};
    cli_run(&check, NULL, "validate", ws, NULL);
    g_assert_cmpint(check.status, ==, 1);
    cli_rmtree(dir);
}

/* A workspace whose query2 names query1 and sales in its SQL, with no edges in the file (and
 * query2 before the nodes it names): run evaluates it, validate lists what it reads. */
static void test_query_reads_named_nodes(void) {
    g_autofree char *dir = cli_tmpdir();
    g_autofree char *fixture = cli_fixture("sql-names.pika");
    g_autofree char *ws = g_build_filename(dir, "w.pika", NULL);
    copy_file(fixture, ws);
    g_autofree char *sales = g_build_filename(dir, "sales.csv", NULL);
    g_autofree char *regions = g_build_filename(dir, "regions.csv", NULL);
    g_assert_true(g_file_set_contents(sales, "id,amount\n1,10\n2,20\n3,30\n4,40\n", -1, NULL));
    g_assert_true(g_file_set_contents(regions, "id,region\n1,north\n2,south\n3,east\n", -1, NULL));
    g_auto(CliRun) check = {0};
    cli_run(&check, NULL, "validate", ws, NULL);
    g_test_message("validate: exit %d\n%s%s", check.status, check.out, check.err);
    g_assert_cmpint(check.status, ==, 0);
    g_assert_nonnull(strstr(check.out, "reads query1, sales (named in its SQL)"));
    g_assert_nonnull(strstr(check.out, "reads regions (named in its SQL)"));
    g_autofree char *out = g_build_filename(dir, "out", NULL);
    g_auto(CliRun) run = {0};
    cli_run(&run, NULL, "run", ws, "--out", out, "--node", "query2", "--format", "csv", NULL);
    g_test_message("run: exit %d\n%s%s", run.status, run.out, run.err);
    g_assert_cmpint(run.status, ==, 0);
    g_autofree char *csv = g_build_filename(out, "query2.csv", NULL);
    g_autofree char *text = NULL;
    g_assert_true(g_file_get_contents(csv, &text, NULL, NULL));
    g_assert_cmpstr(text, ==, "id,region,amount\n1,north,10\n2,south,20\n");
    cli_rmtree(dir);
}

int main(int argc, char **argv) {
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/cli/workspace/scenario-runs-then-reuses-the-cache",
                    test_scenario_runs_and_reuses_cache);
    g_test_add_func("/cli/workspace/run-one-table-node", test_run_one_table_node);
    g_test_add_func("/cli/workspace/query-reads-the-nodes-its-sql-names",
                    test_query_reads_named_nodes);
    g_test_add_func("/cli/workspace/new-writes-a-starter", test_new_starter);
    g_test_add_func("/cli/workspace/validate-refuses-newer-version",
                    test_validate_refuses_newer_version);
    const char *hostile[] = {"hostile-attach.pika",       "hostile-copy-to.pika",
                             "hostile-install-load.pika", "hostile-pragma.pika",
                             "hostile-read-csv.pika",     "hostile-set-external-access.pika"};
    for (guint i = 0; i < G_N_ELEMENTS(hostile); i++) {
        g_autofree char *path = g_strdup_printf("/cli/workspace/hostile/%s", hostile[i]);
        g_test_add_data_func(path, hostile[i], test_hostile_contained);
    }
    return pk_test_run();
}
