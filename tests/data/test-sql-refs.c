/* test-sql-refs.c — the tables a statement names, read by DuckDB's parser (pk_sql_table_refs):
 * joins, CTEs, subqueries, set operations, quoted and qualified names, columns that share a
 * table's name, and the errors for what is not one SELECT. */
#include "pika-test.h"
#include "pika/data.h"

#include <string.h>

/* Asserts that sql names exactly the tables of `expected` (a space-separated list, in order). */
static void assert_refs(const char *sql, const char *expected) {
    g_autoptr(GError) error = NULL;
    g_auto(GStrv) refs = pk_sql_table_refs(sql, &error);
    g_assert_no_error(error);
    g_assert_nonnull(refs);
    g_autofree char *joined = g_strjoinv(" ", refs);
    if (strcmp(joined, expected) != 0) {
        g_test_message("SQL: %s\nexpected: [%s]\ngot:      [%s]", sql, expected, joined);
    }
    g_assert_cmpstr(joined, ==, expected);
}

static void test_plain_and_join(void) {
    assert_refs("SELECT * FROM sales", "sales");
    assert_refs("SELECT * FROM query1 JOIN sales USING (id)", "query1 sales");
    assert_refs("SELECT a.x FROM a LEFT JOIN b ON a.id = b.id, c", "a b c");
    assert_refs("FROM a", "a");
    assert_refs("TABLE a", "a");
    assert_refs("SUMMARIZE a", "a");
    assert_refs("SELECT 1", "");
    assert_refs("SELECT * FROM a JOIN A ON TRUE", "a"); /* once, whatever the case */
}

static void test_cte_names_are_not_tables(void) {
    assert_refs("WITH c AS (SELECT * FROM a) SELECT * FROM c JOIN b USING (id)", "a b");
    /* A CTE shadowing a node's name: the body reads the CTE, not the node. */
    assert_refs("WITH sales AS (SELECT * FROM raw) SELECT * FROM sales", "raw");
    /* Inside its own definition a plain CTE's name is the outer table (as DuckDB binds it)... */
    assert_refs("WITH sales AS (SELECT * FROM sales) SELECT * FROM sales", "sales");
    /* ...and so is a later CTE's name. */
    assert_refs("WITH b AS (SELECT * FROM c), c AS (SELECT 1) SELECT * FROM b", "c");
    assert_refs("WITH b AS (SELECT 1), c AS (SELECT * FROM b) SELECT * FROM c", "");
    /* A recursive CTE reads itself, not a table. */
    assert_refs("WITH RECURSIVE r AS (SELECT 1 AS n UNION ALL SELECT n + 1 FROM r WHERE n < 3) "
                "SELECT * FROM r",
                "");
    /* A CTE's scope is its statement: the same name outside a subquery's WITH is a table. */
    assert_refs("SELECT * FROM (WITH t AS (SELECT 1 AS id) SELECT * FROM t) JOIN t USING (id)",
                "t");
}

static void test_subqueries_and_set_operations(void) {
    assert_refs("SELECT * FROM (SELECT * FROM inner_t) s", "inner_t");
    assert_refs("SELECT * FROM a WHERE id IN (SELECT id FROM b) AND EXISTS (SELECT 1 FROM c)",
                "a b c");
    assert_refs("SELECT (SELECT max(x) FROM m) AS top FROM a", "m a");
    assert_refs("SELECT x FROM a UNION SELECT x FROM b EXCEPT SELECT x FROM c", "a b c");
    assert_refs("FROM sales PIVOT (sum(amount) FOR region IN ('n', 's')) JOIN b USING (k)",
                "sales b");
    assert_refs("SELECT * FROM a, LATERAL (SELECT * FROM b WHERE b.id = a.id)", "a b");
}

static void test_quoted_and_qualified_names(void) {
    assert_refs("SELECT * FROM \"My Table\"", "My Table");
    assert_refs("SELECT * FROM \"Sales\" JOIN sales USING (id)", "Sales");
    assert_refs("SELECT * FROM main.sales", "\"main\".\"sales\"");
    assert_refs("SELECT * FROM \"my db\".\"s\".\"t\"", "\"my db\".\"s\".\"t\"");
    assert_refs("SELECT * FROM read_csv('data.csv')", ""); /* a table function, no table */
    /* Escapes in the parser's JSON: quotes, backslashes, tabs, letters beyond ASCII. */
    assert_refs("SELECT * FROM \"Straße \"\"x\"\" a\\b\tc 😀\"", "Straße \"x\" a\\b\tc 😀");
}

static void test_column_named_like_a_table(void) {
    /* sales is a column here and a table only in FROM. */
    assert_refs("SELECT sales, sales.x FROM orders JOIN sales ON orders.sales = sales.id",
                "orders sales");
    assert_refs("SELECT sales FROM orders", "orders");
    assert_refs("SELECT 'sales' AS sales FROM orders AS sales", "orders");
}

static void test_parse_error_is_duckdbs(void) {
    g_autoptr(GError) error = NULL;
    g_auto(GStrv) refs = pk_sql_table_refs("SELEC * FROM a", &error);
    g_assert_null(refs);
    g_assert_error(error, PK_ERROR, PK_ERROR_QUERY);
    g_assert_nonnull(strstr(error->message, "syntax error at or near \"SELEC\""));
}

static void test_not_one_select_is_refused(void) {
    const char *const cases[] = {"INSERT INTO a VALUES (1)", "SELECT 1; SELECT 2", "",
                                 "PIVOT sales ON region USING sum(amount)", NULL};
    const char *const words[] = {"one SELECT", "several statements", "no statement", "one SELECT",
                                 NULL};
    for (guint i = 0; cases[i] != NULL; i++) {
        g_autoptr(GError) error = NULL;
        g_auto(GStrv) refs = pk_sql_table_refs(cases[i], &error);
        g_assert_null(refs);
        g_assert_error(error, PK_ERROR, PK_ERROR_INVALID);
        g_assert_nonnull(strstr(error->message, words[i]));
    }
}

static gpointer parse_many(gpointer data) {
    (void)data;
    for (guint i = 0; i < 20; i++) {
        g_auto(GStrv) refs = pk_sql_table_refs("SELECT * FROM a JOIN b USING (id)", NULL);
        g_assert_cmpuint(g_strv_length(refs), ==, 2);
    }
    return NULL;
}

static void test_threads_share_the_parser(void) {
    GThread *threads[4];
    for (guint i = 0; i < G_N_ELEMENTS(threads); i++) {
        threads[i] = g_thread_new("refs", parse_many, NULL);
    }
    for (guint i = 0; i < G_N_ELEMENTS(threads); i++) {
        g_thread_join(threads[i]);
    }
}

int main(int argc, char **argv) {
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/data/sql-refs/plain-and-join", test_plain_and_join);
    g_test_add_func("/data/sql-refs/cte-names-are-not-tables", test_cte_names_are_not_tables);
    g_test_add_func("/data/sql-refs/subqueries-and-set-operations",
                    test_subqueries_and_set_operations);
    g_test_add_func("/data/sql-refs/quoted-and-qualified-names", test_quoted_and_qualified_names);
    g_test_add_func("/data/sql-refs/column-named-like-a-table", test_column_named_like_a_table);
    g_test_add_func("/data/sql-refs/parse-error-is-duckdbs", test_parse_error_is_duckdbs);
    g_test_add_func("/data/sql-refs/not-one-select-is-refused", test_not_one_select_is_refused);
    g_test_add_func("/data/sql-refs/threads-share-the-parser", test_threads_share_the_parser);
    return pk_test_run();
}
