/* test-cli-untrusted.c — workspaces from someone else, end to end through `pika run` and
 * `pika validate`: SQL reads no file but the declared sources (not even inside --out, not
 * through a symbolic link), exports stay inside --out whichever their kind, a cache beside the
 * workspace is used only when this program wrote it here and it holds what an import wrote,
 * a source edited in place (same size, modification time put back) is imported again, and an
 * import that fails says why. Each case is a folder made by the test:
 *
 *   <tmp>/ws/      the workspace, its data.csv, its cache
 *   <tmp>/out/     --out
 *   <tmp>/secret/  a file no workspace may read
 *   <tmp>/victim/  a folder no workspace may write to */
#define _DEFAULT_SOURCE /* symlink, utimensat */
#include "cli-test-util.h"
#include "pika-test.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define SECRET "SECRET-7f3a"

typedef struct {
    char *root, *ws_dir, *ws, *csv, *out, *secret, *victim;
} Case;

static void write_text(const char *path, const char *text) {
    g_assert_true(g_file_set_contents(path, text, -1, NULL));
}

static void case_init(Case *c) {
    c->root = cli_tmpdir();
    c->ws_dir = g_build_filename(c->root, "ws", NULL);
    c->ws = g_build_filename(c->ws_dir, "w.pika", NULL);
    c->csv = g_build_filename(c->ws_dir, "data.csv", NULL);
    c->out = g_build_filename(c->root, "out", NULL);
    c->secret = g_build_filename(c->root, "secret", NULL);
    c->victim = g_build_filename(c->root, "victim", NULL);
    const char *dirs[] = {c->ws_dir, c->out, c->secret, c->victim};
    for (guint i = 0; i < G_N_ELEMENTS(dirs); i++) {
        g_assert_cmpint(g_mkdir(dirs[i], 0700), ==, 0);
    }
    write_text(c->csv, "x,y,g\n1,10,a\n2,20,b\n3,30,a\n");
    g_autofree char *secret = g_build_filename(c->secret, "s.csv", NULL);
    write_text(secret, "k\n" SECRET "\n");
}

static void case_clear(Case *c) {
    cli_rmtree(c->root);
    g_free(c->root), g_free(c->ws_dir), g_free(c->ws), g_free(c->csv), g_free(c->out);
    g_free(c->secret), g_free(c->victim);
}

/* A workspace: the source data.csv, then `extra_nodes` (JSON objects, comma-led) and edges. */
static void write_workspace(const Case *c, const char *extra_nodes, const char *edges) {
    g_autofree char *text = g_strdup_printf(
        "{\"format\": \"pika-workspace\", \"version\": 1, \"nodes\": [\n"
        " {\"name\": \"data\", \"kind\": \"source\", \"params\": {\"path\": \"data.csv\"}}%s\n"
        "], \"edges\": [%s]}\n",
        extra_nodes, edges);
    write_text(c->ws, text);
}

static gboolean folder_is_empty(const char *path) {
    g_autoptr(GDir) dir = g_dir_open(path, 0, NULL);
    return dir != NULL && g_dir_read_name(dir) == NULL;
}

/* True when a file under dir (one level) contains text. */
static gboolean folder_mentions(const char *path, const char *text) {
    g_autoptr(GDir) dir = g_dir_open(path, 0, NULL);
    const char *name;
    while (dir != NULL && (name = g_dir_read_name(dir)) != NULL) {
        g_autofree char *file = g_build_filename(path, name, NULL);
        g_autofree char *contents = NULL;
        if (g_file_get_contents(file, &contents, NULL, NULL) && strstr(contents, text) != NULL) {
            return TRUE;
        }
    }
    return FALSE;
}

static void run_ws(CliRun *run, const Case *c, const char *node, const char *format) {
    if (node != NULL) {
        cli_run(run, NULL, "run", c->ws, "--out", c->out, "--node", node, "--format", format, NULL);
    } else {
        cli_run(run, NULL, "run", c->ws, "--out", c->out, NULL);
    }
    g_test_message("exit %d\n%s%s", run->status, run->out, run->err);
}

/* ---- reading --------------------------------------------------------------------------------- */

/* The query reads a secret with function (read_text, ...), through a link to / or inside --out;
 * an export node would write its rows to leak.csv. */
static void assert_read_refused(const char *function, const char *where) {
    Case c;
    case_init(&c);
    g_autofree char *link = g_build_filename(c.ws_dir, "rootlink", NULL);
    g_assert_cmpint(symlink("/", link), ==, 0);
    /* the secret, also inside --out (a folder once opened to SQL) */
    g_autofree char *in_out = g_build_filename(c.out, "s.csv", NULL);
    write_text(in_out, "k\n" SECRET "\n");
    g_autofree char *secret = g_build_filename(c.secret, "s.csv", NULL);
    g_autofree char *target =
        g_strcmp0(where, "out") == 0 ? g_strdup(in_out) : g_strconcat(link, secret, NULL);
    g_autofree char *call = g_strdup_printf("%s('%s')", function, target);
    g_autofree char *nodes = g_strdup_printf(
        ",\n {\"name\": \"leak\", \"kind\": \"query\", \"params\": {\"sql\": \"SELECT * FROM "
        "%s\"}},\n {\"name\": \"leakx\", \"kind\": \"export\", \"params\": {\"path\": "
        "\"leak.csv\"}}",
        call);
    write_workspace(&c, nodes,
                    "{\"from\": \"data\", \"to\": \"leak\"}, "
                    "{\"from\": \"leak\", \"to\": \"leakx\"}");
    g_auto(CliRun) run = {0};
    run_ws(&run, &c, NULL, NULL);
    g_assert_cmpint(run.status, ==, 1);
    g_assert_nonnull(strstr(run.out, "Refused"));
    g_autofree char *leak = g_build_filename(c.out, "leak.csv", NULL);
    g_assert_false(g_file_test(leak, G_FILE_TEST_EXISTS));
    g_assert_false(folder_mentions(c.ws_dir, SECRET));
    /* validate reports the same refusal, under the same lock-down */
    g_auto(CliRun) check = {0};
    cli_run(&check, NULL, "validate", c.ws, "--out", c.out, NULL);
    g_test_message("validate: exit %d\n%s%s", check.status, check.out, check.err);
    g_assert_cmpint(check.status, ==, 1);
    g_assert_nonnull(strstr(check.out, "Refused"));
    case_clear(&c);
}

static void test_read_through_symlink(gconstpointer data) {
    assert_read_refused(data, "link");
}

static void test_read_inside_out(gconstpointer data) {
    assert_read_refused(data, "out");
}

/* ---- writing --------------------------------------------------------------------------------- */

static void test_export_through_symlinked_folder(gconstpointer data) {
    const char *file = data;
    Case c;
    case_init(&c);
    g_autofree char *link = g_build_filename(c.out, "evil", NULL);
    g_assert_cmpint(symlink("../victim", link), ==, 0);
    g_autofree char *nodes = g_strdup_printf(
        ",\n {\"name\": \"p\", \"kind\": \"plot\", \"params\": {\"spec\": {\"type\": "
        "\"scatter\", \"x\": {\"column\": \"x\"}, \"y\": {\"column\": \"y\"}}}},\n"
        " {\"name\": \"px\", \"kind\": \"export\", \"params\": {\"path\": \"evil/%s\"}}",
        file);
    gboolean plot = !g_str_has_suffix(file, ".csv");
    write_workspace(&c, nodes,
                    plot ? "{\"from\": \"data\", \"to\": \"p\"}, {\"from\": \"p\", \"to\": \"px\"}"
                         : "{\"from\": \"data\", \"to\": \"p\"}, "
                           "{\"from\": \"data\", \"to\": \"px\"}");
    g_auto(CliRun) run = {0};
    run_ws(&run, &c, NULL, NULL);
    g_assert_cmpint(run.status, ==, 1);
    g_assert_nonnull(strstr(run.out, "leads outside the folder"));
    g_assert_true(folder_is_empty(c.victim));
    g_auto(CliRun) check = {0};
    cli_run(&check, NULL, "validate", c.ws, "--out", c.out, NULL);
    g_assert_cmpint(check.status, ==, 1);
    g_assert_nonnull(strstr(check.out, "leads outside the folder"));
    case_clear(&c);
}

/* ---- the cache ------------------------------------------------------------------------------- */

static const char *query_node = ",\n {\"name\": \"q\", \"kind\": \"query\", \"params\": "
                                "{\"sql\": \"SELECT sum(y) AS total FROM data\"}}";
static const char *query_edge = "{\"from\": \"data\", \"to\": \"q\"}";

/* Runs q into out/q.csv and returns its contents (new). */
static char *run_total(const Case *c, CliRun *run) {
    run_ws(run, c, "q", "csv");
    g_assert_cmpint(run->status, ==, 0);
    g_autofree char *path = g_build_filename(c->out, "q.csv", NULL);
    char *text = NULL;
    g_assert_true(g_file_get_contents(path, &text, NULL, NULL));
    return text;
}

static char *cache_path(const Case *c) {
    return g_strconcat(c->ws, ".duckdb", NULL);
}

/* One file beside the workspace whose name starts with "w.pika.duckdb.moved-". */
static gboolean moved_aside_exists(const Case *c) {
    g_autoptr(GDir) dir = g_dir_open(c->ws_dir, 0, NULL);
    const char *name;
    while ((name = g_dir_read_name(dir)) != NULL) {
        if (g_str_has_prefix(name, "w.pika.duckdb.moved-")) {
            return TRUE;
        }
    }
    return FALSE;
}

static void test_second_run_uses_its_own_cache(void) {
    Case c;
    case_init(&c);
    write_workspace(&c, query_node, query_edge);
    g_auto(CliRun) first = {0};
    g_autofree char *a = run_total(&c, &first);
    g_assert_cmpstr(a, ==, "total\n60\n");
    g_auto(CliRun) check = {0};
    cli_run(&check, NULL, "validate", c.ws, NULL);
    g_assert_nonnull(strstr(check.out, "Cache: the cache w.pika.duckdb is in order."));
    g_auto(CliRun) second = {0};
    g_autofree char *b = run_total(&c, &second);
    g_assert_cmpstr(b, ==, a);
    g_assert_null(strstr(second.err, "was not used"));
    g_assert_null(strstr(second.out, "Imported"));
    g_assert_false(moved_aside_exists(&c));
    case_clear(&c);
}

/* A cache shipped beside the workspace: its pika_src_data is a view that reads the secret. */
static void test_shipped_cache_with_a_view(void) {
    Case c;
    case_init(&c);
    write_workspace(&c, query_node, query_edge);
    g_autofree char *cache = cache_path(&c);
    g_autofree char *secret = g_build_filename(c.secret, "s.csv", NULL);
    g_autofree char *view = g_strdup_printf(
        "CREATE TABLE pika_sources (table_name VARCHAR PRIMARY KEY, fingerprint VARCHAR, "
        "options VARCHAR, n_rows BIGINT, columns VARCHAR); "
        "CREATE VIEW pika_src_data AS SELECT 0 AS x, length(content) AS y, content AS g "
        "FROM read_text('%s')",
        secret);
    /* made with pika itself, then copied in as a shipped file would be */
    g_autofree char *elsewhere = g_build_filename(c.root, "made.duckdb", NULL);
    g_auto(CliRun) make = {0};
    cli_run(&make, NULL, "query", "--db", elsewhere, view, NULL);
    g_assert_cmpint(make.status, ==, 0);
    g_autofree char *bytes = NULL;
    gsize len = 0;
    g_assert_true(g_file_get_contents(elsewhere, &bytes, &len, NULL));
    g_assert_true(g_file_set_contents(cache, bytes, (gssize)len, NULL));
    g_auto(CliRun) check = {0};
    cli_run(&check, NULL, "validate", c.ws, NULL);
    g_assert_nonnull(strstr(check.out, "will not be used: it was not written by Pika-Plot"));
    g_auto(CliRun) run = {0};
    g_autofree char *total = run_total(&c, &run);
    g_assert_cmpstr(total, ==, "total\n60\n");
    g_assert_nonnull(strstr(run.err, "was not used: it was not written by Pika-Plot"));
    g_assert_true(moved_aside_exists(&c));
    case_clear(&c);
}

/* A cache this program wrote, later given a view or a changed table (by pika itself, so the
 * file is trusted): the contents check refuses it. */
static void test_trusted_cache_with_foreign_contents(gconstpointer data) {
    const char *sql = data;
    Case c;
    case_init(&c);
    write_workspace(&c, query_node, query_edge);
    g_auto(CliRun) first = {0};
    g_autofree char *a = run_total(&c, &first);
    g_autofree char *cache = cache_path(&c);
    g_auto(CliRun) edit = {0};
    cli_run(&edit, NULL, "query", "--db", cache, sql, NULL);
    g_assert_cmpint(edit.status, ==, 0);
    g_auto(CliRun) run = {0};
    g_autofree char *b = run_total(&c, &run);
    g_assert_cmpstr(b, ==, "total\n60\n");
    g_assert_nonnull(strstr(run.err, "was not used"));
    g_assert_true(moved_aside_exists(&c));
    case_clear(&c);
}

static void test_damaged_cache(gconstpointer data) {
    const char *kind = data;
    Case c;
    case_init(&c);
    write_workspace(&c, query_node, query_edge);
    g_autofree char *cache = cache_path(&c);
    if (g_strcmp0(kind, "truncated") == 0) {
        g_auto(CliRun) first = {0};
        g_autofree char *a = run_total(&c, &first);
        g_assert_cmpint(truncate(cache, 4096), ==, 0);
    } else if (g_strcmp0(kind, "empty") == 0) {
        write_text(cache, "");
    } else if (g_strcmp0(kind, "text") == 0) {
        write_text(cache, "not a database\n");
    } else if (g_strcmp0(kind, "folder") == 0) {
        g_assert_cmpint(g_mkdir(cache, 0700), ==, 0);
    } else {
        g_assert_cmpint(symlink("/nonexistent/pika.duckdb", cache), ==, 0);
    }
    g_auto(CliRun) check = {0};
    cli_run(&check, NULL, "validate", c.ws, NULL);
    g_assert_cmpint(check.status, ==, 0);
    g_assert_nonnull(strstr(check.out, "will not be used"));
    g_auto(CliRun) run = {0};
    g_autofree char *total = run_total(&c, &run);
    g_assert_cmpstr(total, ==, "total\n60\n");
    g_assert_nonnull(strstr(run.err, "was not used"));
    g_assert_nonnull(strstr(run.err, "moved aside to w.pika.duckdb.moved-"));
    g_assert_true(moved_aside_exists(&c));
    g_assert_true(g_file_test(cache, G_FILE_TEST_IS_REGULAR));
    case_clear(&c);
}

/* ---- sources --------------------------------------------------------------------------------- */

/* A file of 20,000 rows (about 200 KB): its middle is far from both ends. */
static char *big_csv_text(guint changed_row) {
    GString *text = g_string_new("x,y,g\n");
    for (guint i = 0; i < 20000; i++) {
        g_string_append_printf(text, "%05u,%s,a\n", i, i == changed_row ? "90" : "10");
    }
    return g_string_free(text, FALSE);
}

/* Two digits in the middle change, the size stays, the modification time is put back. */
static void test_same_size_edit_is_imported_again(void) {
    Case c;
    case_init(&c);
    g_autofree char *before = big_csv_text(G_MAXUINT);
    g_autofree char *after = big_csv_text(10000);
    g_assert_cmpuint(strlen(before), ==, strlen(after));
    write_text(c.csv, before);
    write_workspace(&c, query_node, query_edge);
    g_auto(CliRun) first = {0};
    g_autofree char *a = run_total(&c, &first);
    g_assert_cmpstr(a, ==, "total\n200000\n");
    struct stat st;
    g_assert_cmpint(stat(c.csv, &st), ==, 0);
    write_text(c.csv, after);
    struct timespec times[2] = {st.st_atim, st.st_mtim};
    g_assert_cmpint(utimensat(AT_FDCWD, c.csv, times, 0), ==, 0);
    g_auto(CliRun) second = {0};
    g_autofree char *b = run_total(&c, &second);
    g_assert_cmpstr(b, ==, "total\n200080\n");
    case_clear(&c);
}

/* The file changes into one that cannot be imported: the run says why, with the line. */
static void test_failed_reimport_says_why(void) {
    Case c;
    case_init(&c);
    write_workspace(&c, query_node, query_edge);
    g_auto(CliRun) first = {0};
    g_autofree char *a = run_total(&c, &first);
    write_text(c.csv, "x,y,g\n1,10,a\n2,20,b,extra,fields\n3,30,a\n");
    g_auto(CliRun) run = {0};
    run_ws(&run, &c, "q", "csv");
    g_assert_cmpint(run.status, ==, 1);
    g_assert_null(strstr(run.out, "must be imported again"));
    g_assert_nonnull(strstr(run.out, "line 3"));
    g_assert_nonnull(strstr(run.out, "expected 3 columns"));
    write_text(c.csv, "");
    g_auto(CliRun) empty = {0};
    run_ws(&empty, &c, "q", "csv");
    g_assert_cmpint(empty.status, ==, 1);
    g_assert_nonnull(strstr(empty.out, "empty"));
    case_clear(&c);
}

/* ---- checks that run and validate share ------------------------------------------------------ */

static void test_nul_in_a_string_refused(void) {
    Case c;
    case_init(&c);
    write_workspace(&c,
                    ",\n {\"name\": \"q\", \"kind\": \"query\", \"params\": {\"sql\": "
                    "\"SELECT 1 AS x\\u0000 and more\"}}",
                    query_edge);
    const char *commands[] = {"run", "validate"};
    for (guint i = 0; i < G_N_ELEMENTS(commands); i++) {
        g_auto(CliRun) run = {0};
        cli_run(&run, NULL, commands[i], c.ws, NULL);
        g_autofree char *cmd = g_strdup(commands[i]);
        cli_assert_failure(&run, 1, cmd, "\\u0000");
    }
    case_clear(&c);
}

static void test_plot_too_large_refused_by_both(void) {
    Case c;
    case_init(&c);
    write_workspace(&c,
                    ",\n {\"name\": \"p\", \"kind\": \"plot\", \"params\": {\"width\": 16384, "
                    "\"height\": 16384, \"scale\": 8, \"spec\": {\"type\": \"scatter\", \"x\": "
                    "{\"column\": \"x\"}, \"y\": {\"column\": \"y\"}}}}",
                    "{\"from\": \"data\", \"to\": \"p\"}");
    const char *commands[] = {"run", "validate"};
    for (guint i = 0; i < G_N_ELEMENTS(commands); i++) {
        g_auto(CliRun) run = {0};
        cli_run(&run, NULL, commands[i], c.ws, "--out", c.out, NULL);
        cli_assert_failure(&run, 1, commands[i], "too large");
    }
    g_assert_true(folder_is_empty(c.out));
    case_clear(&c);
}

int main(int argc, char **argv) {
    g_test_init(&argc, &argv, NULL);
    const char *calls[] = {"read_text", "read_csv", "read_parquet", "glob"};
    const char *names[] = {"read-text", "read-csv", "read-parquet", "glob"};
    for (guint i = 0; i < G_N_ELEMENTS(calls); i++) {
        g_autofree char *a = g_strdup_printf("/cli/untrusted/read/%s-through-a-link", names[i]);
        g_autofree char *b = g_strdup_printf("/cli/untrusted/read/%s-inside-out", names[i]);
        g_test_add_data_func(a, calls[i], test_read_through_symlink);
        g_test_add_data_func(b, calls[i], test_read_inside_out);
    }
    const char *exports[] = {"pwned.svg", "pwned.png", "pwned.pdf", "pwned.csv"};
    for (guint i = 0; i < G_N_ELEMENTS(exports); i++) {
        g_autofree char *path =
            g_strdup_printf("/cli/untrusted/export/%s-through-a-linked-folder", exports[i]);
        g_test_add_data_func(path, exports[i], test_export_through_symlinked_folder);
    }
    g_test_add_func("/cli/untrusted/cache/second-run-uses-its-own",
                    test_second_run_uses_its_own_cache);
    g_test_add_func("/cli/untrusted/cache/shipped-with-a-view-is-moved-aside",
                    test_shipped_cache_with_a_view);
    g_test_add_data_func("/cli/untrusted/cache/view-added-later-is-moved-aside",
                         "CREATE VIEW v AS SELECT 1", test_trusted_cache_with_foreign_contents);
    g_test_add_data_func("/cli/untrusted/cache/macro-added-later-is-moved-aside",
                         "CREATE MACRO m(a) AS a + 1", test_trusted_cache_with_foreign_contents);
    g_test_add_data_func("/cli/untrusted/cache/table-not-matching-its-import-is-moved-aside",
                         "DELETE FROM pika_src_data WHERE y = 20",
                         test_trusted_cache_with_foreign_contents);
    const char *damaged[] = {"empty", "truncated", "text", "folder", "dangling-link"};
    for (guint i = 0; i < G_N_ELEMENTS(damaged); i++) {
        g_autofree char *path =
            g_strdup_printf("/cli/untrusted/cache/%s-is-moved-aside", damaged[i]);
        g_test_add_data_func(path, damaged[i], test_damaged_cache);
    }
    g_test_add_func("/cli/untrusted/source/same-size-edit-with-time-put-back-is-imported-again",
                    test_same_size_edit_is_imported_again);
    g_test_add_func("/cli/untrusted/source/failed-reimport-says-why",
                    test_failed_reimport_says_why);
    g_test_add_func("/cli/untrusted/check/nul-in-a-string-refused", test_nul_in_a_string_refused);
    g_test_add_func("/cli/untrusted/check/plot-too-large-refused-by-run-and-validate",
                    test_plot_too_large_refused_by_both);
    return pk_test_run();
}
