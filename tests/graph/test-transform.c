/* test-transform.c — transform forms run on a real in-memory DuckDB, their refusals, hostile
 * names, and plot specs as parameters (round trips and refusals).
 *
 * Forms are written in GVariant text: 'i' numbers as C callers pass them, <int64 n>, <1.5>
 * and [<...>] arrays as json-glib loads JSON. Results are compared as text:
 * "col,col;cell,cell;..." with NULL for SQL NULL. */
#include "pika-test.h"
#include "pika/data.h"
#include "pika/error.h"
#include "pika/graph.h"
#include "pika/transform.h"

#include <math.h>
#include <string.h>

static PkDb *db;
static PkConn *conn;

#define HOSTILE_TABLE "bad\"tab;le"
#define HOSTILE_COL "we\"ird; DROP TABLE t; --"
#define HOSTILE_KEY "k'ey"
#define HOSTILE_TS "ts\");"

/* A dictionary from GVariant text: a new, non-floating reference (g_variant_parse's). */
static GVariant *form(const char *text) {
    GError *error = NULL;
    GVariant *v = g_variant_parse(G_VARIANT_TYPE_VARDICT, text, NULL, NULL, &error);
    g_assert_no_error(error);
    return v;
}

static char *page_text(const PkTextPage *page) {
    GString *s = g_string_new(NULL);
    for (guint c = 0; c < page->n_columns; c++) {
        g_string_append_printf(s, "%s%s", c > 0 ? "," : "", page->column_names[c]);
    }
    for (guint r = 0; r < page->n_rows; r++) {
        g_string_append(s, ";");
        for (guint c = 0; c < page->n_columns; c++) {
            const char *cell = pk_text_page_get(page, r, c);
            g_string_append_printf(s, "%s%s", c > 0 ? "," : "", cell != NULL ? cell : "NULL");
        }
    }
    return g_string_free(s, FALSE);
}

static char *query_text(const char *sql) {
    PkTextPage *page = NULL;
    GError *error = NULL;
    if (!pk_conn_query_page(conn, sql, 0, 1000, NULL, &page, &error)) {
        g_error("query failed: %s\n%s", error->message, sql);
    }
    char *text = page_text(page);
    pk_text_page_free(page);
    return text;
}

/* Runs a form over one input (or two, with the inputs' columns when given). */
static char *run_form2(const char *text, const char *in0, const char *in1, const char *const *cols0,
                       const char *const *cols1) {
    g_autoptr(GVariant) params = form(text);
    const char *inputs[] = {in0, in1};
    const char *const *columns[] = {cols0, cols1};
    GError *error = NULL;
    guint n_inputs = 0;
    g_assert_true(pk_transform_check(params, &n_inputs, &error));
    g_assert_no_error(error);
    g_assert_cmpuint(n_inputs, ==, in1 != NULL ? 2 : 1);
    g_autofree char *sql =
        pk_transform_sql_columns(params, inputs, cols0 != NULL ? columns : NULL, n_inputs, &error);
    g_assert_no_error(error);
    g_assert_null(strchr(sql + strlen(sql) - 1, ';'));
    /* The graph wraps transform SQL as a subquery: it must work there too. */
    g_autofree char *wrapped = g_strdup_printf("SELECT * FROM (%s) AS sub", sql);
    g_autofree char *direct = query_text(sql);
    g_autofree char *sub = query_text(wrapped);
    if (in1 == NULL || cols0 != NULL) { /* without columns a join keeps duplicate names */
        g_assert_cmpstr(direct, ==, sub);
    }
    return g_steal_pointer(&sub);
}

static char *run_form(const char *text) {
    return run_form2(text, "t", NULL, NULL, NULL);
}

#define ASSERT_FORM(text, expected)                                                                \
    do {                                                                                           \
        g_autofree char *got_ = run_form(text);                                                    \
        g_assert_cmpstr(got_, ==, expected);                                                       \
    } while (0)

/* The form is refused by check and by sql, with code and a piece of the message. */
static void assert_refused(const char *text, int code, const char *piece) {
    g_autoptr(GVariant) params = form(text);
    const char *inputs[] = {"t", "u"};
    GError *error = NULL;
    g_assert_false(pk_transform_check(params, NULL, &error));
    g_assert_error(error, PK_ERROR, code);
    if (strstr(error->message, piece) == NULL) {
        g_error("message \"%s\" lacks \"%s\"", error->message, piece);
    }
    g_clear_error(&error);
    const char *op = pk_params_get_string(params, "op", "");
    char *sql = pk_transform_sql(params, inputs, strcmp(op, "join") == 0 ? 2 : 1, &error);
    g_assert_null(sql);
    g_assert_error(error, PK_ERROR, code);
    g_assert_nonnull(strstr(error->message, piece));
    g_clear_error(&error);
}

static void exec(const char *sql) {
    GError *error = NULL;
    g_assert_true(pk_conn_exec(conn, sql, NULL, &error));
    g_assert_no_error(error);
}

static void setup_tables(void) {
    exec("CREATE TABLE t (id INTEGER, name VARCHAR, v DOUBLE, g VARCHAR, ts TIMESTAMP)");
    exec("INSERT INTO t VALUES (1, 'apple', 1.5, 'a', '2024-01-01 00:10:00'),"
         " (2, 'banana', 2.5, 'b', '2024-01-01 00:20:00'),"
         " (3, 'cherry', NULL, 'a', '2024-01-01 01:05:00'),"
         " (4, 'date', 4.0, 'b', '2024-01-01 01:50:00'),"
         " (5, NULL, 10.0, 'a', '2024-01-01 03:00:00')");
    exec("CREATE TABLE u (id INTEGER, name VARCHAR, w INTEGER)");
    exec("INSERT INTO u VALUES (1, 'x', 100), (2, 'y', 200), (9, 'z', 900)");
    exec("CREATE TABLE wide (k VARCHAR, jan INTEGER, feb INTEGER)");
    exec("INSERT INTO wide VALUES ('p', 1, 2), ('q', 3, NULL)");
    exec("CREATE TABLE \"bad\"\"tab;le\" (\"we\"\"ird; DROP TABLE t; --\" INTEGER,"
         " \"k'ey\" VARCHAR, \"ts\"\");\" TIMESTAMP)");
    exec("INSERT INTO \"bad\"\"tab;le\" VALUES (1, 'it''s', '2024-01-01 00:00:00'),"
         " (2, 'it''s', '2024-01-01 00:30:00'), (4, 'x;y', '2024-01-01 02:00:00')");
}

/* ---- filter ------------------------------------------------------------------------------ */

static void test_filter_each_condition_op(void) {
    static const struct {
        const char *condition;
        const char *ids;
    } cases[] = {
        {"'column': <'id'>, 'op': <'='>, 'value': <2>", "id;2"},
        {"'column': <'id'>, 'value': <int64 2>", "id;2"},
        {"'column': <'id'>, 'op': <'!='>, 'value': <2>", "id;1;3;4;5"},
        {"'column': <'v'>, 'op': <'<'>, 'value': <2.5>", "id;1"},
        {"'column': <'v'>, 'op': <'<='>, 'value': <2.5>", "id;1;2"},
        {"'column': <'v'>, 'op': <'>'>, 'value': <4>", "id;5"},
        {"'column': <'v'>, 'op': <'>='>, 'value': <4>", "id;4;5"},
        {"'column': <'v'>, 'op': <'between'>, 'low': <2>, 'high': <4.0>", "id;2;4"},
        {"'column': <'name'>, 'op': <'in'>, 'values': <[<'apple'>, <'date'>]>", "id;1;4"},
        {"'column': <'id'>, 'op': <'not_in'>, 'values': <[1, 2, 3]>", "id;4;5"},
        {"'column': <'v'>, 'op': <'is_null'>", "id;3"},
        {"'column': <'name'>, 'op': <'not_null'>", "id;1;2;3;4"},
        {"'column': <'name'>, 'op': <'contains'>, 'value': <'an'>", "id;2"},
        {"'column': <'name'>, 'op': <'starts_with'>, 'value': <'ch'>", "id;3"},
        {"'column': <'ts'>, 'op': <'>='>, 'value': <'2024-01-01 01:00:00'>", "id;3;4;5"},
        {"'column': <'id'>, 'op': <'contains'>, 'value': <'4'>", "id;4"},
    };
    for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autofree char *text =
            g_strdup_printf("{'op': <'filter'>, 'conditions': <[<{%s}>]>}", cases[i].condition);
        g_autofree char *all = run_form(text);
        /* keep only the id column: wrap once more */
        g_autoptr(GVariant) params = form(text);
        const char *inputs[] = {"t"};
        g_autofree char *sql = pk_transform_sql(params, inputs, 1, NULL);
        g_autofree char *ids_sql = g_strdup_printf("SELECT id FROM (%s) ORDER BY id", sql);
        g_autofree char *ids = query_text(ids_sql);
        g_assert_cmpstr(ids, ==, cases[i].ids);
        g_assert_true(g_str_has_prefix(all, "id,name,v,g,ts"));
    }
}

static void test_filter_all_any_and_expression(void) {
    ASSERT_FORM("{'op': <'filter'>, 'combine': <'all'>, 'conditions': <[<{'column': <'g'>,"
                " 'value': <'a'>}>, <{'column': <'v'>, 'op': <'>'>, 'value': <1>}>]>}",
                "id,name,v,g,ts;1,apple,1.5,a,2024-01-01 00:10:00;"
                "5,NULL,10.0,a,2024-01-01 03:00:00");
    g_autofree char *any =
        run_form("{'op': <'filter'>, 'combine': <'any'>, 'conditions': <[<{'column': <'id'>,"
                 " 'value': <1>}>, <{'column': <'id'>, 'value': <5>}>]>}");
    g_assert_cmpstr(any, ==,
                    "id,name,v,g,ts;1,apple,1.5,a,2024-01-01 00:10:00;"
                    "5,NULL,10.0,a,2024-01-01 03:00:00");
    ASSERT_FORM("{'op': <'filter'>, 'expression': <'id * 2 = 6 OR name = \\'it;s\\''>}",
                "id,name,v,g,ts;3,cherry,NULL,a,2024-01-01 01:05:00");
    ASSERT_FORM("{'op': <'filter'>, 'expression': <'v > 2'>, 'conditions': <[<{'column':"
                " <'g'>, 'value': <'b'>}>]>}",
                "id,name,v,g,ts;2,banana,2.5,b,2024-01-01 00:20:00;"
                "4,date,4.0,b,2024-01-01 01:50:00");
}

static void test_filter_refusals(void) {
    assert_refused("{'op': <'filter'>}", PK_ERROR_INVALID, "needs 'conditions' or an");
    assert_refused("{'op': <'filter'>, 'conditions': <[<{'column': <'id'>, 'op': <'~'>,"
                   " 'value': <1>}>]>}",
                   PK_ERROR_INVALID, "expected one of: =, !=");
    assert_refused("{'op': <'filter'>, 'conditions': <[<{'column': <'id'>}>]>}", PK_ERROR_INVALID,
                   "Condition 1: Parameter 'value' is missing");
    assert_refused("{'op': <'filter'>, 'conditions': <[<{'op': <'='>, 'value': <1>}>]>}",
                   PK_ERROR_INVALID, "Parameter 'column' is missing");
    assert_refused("{'op': <'filter'>, 'conditions': <[<{'column': <'id'>, 'op': <'in'>}>]>}",
                   PK_ERROR_INVALID, "Parameter 'values' is missing or empty");
    assert_refused("{'op': <'filter'>, 'conditions': <[<{'column': <'id'>, 'value': <nan>}>]>}",
                   PK_ERROR_INVALID, "finite");
    assert_refused("{'op': <'filter'>, 'combine': <'some'>, 'expression': <'true'>}",
                   PK_ERROR_INVALID, "expected all or any");
    assert_refused("{'op': <'filter'>, 'expression': <'1=1); DROP TABLE t; SELECT (1'>}",
                   PK_ERROR_INVALID, "closes a parenthesis");
    assert_refused("{'op': <'filter'>, 'expression': <'1=1; DROP TABLE t'>}", PK_ERROR_INVALID,
                   "without ';'");
    assert_refused("{'op': <'filter'>, 'expression': <'1=1 --'>}", PK_ERROR_INVALID, "comments");
    assert_refused("{'op': <'filter'>, 'expression': <'name = \\'x'>}", PK_ERROR_INVALID,
                   "unterminated quote");
    assert_refused("{'op': <'filter'>, 'expression': <'$$)$$'>}", PK_ERROR_INVALID, "'$'");
    assert_refused("{'op': <'filter'>, 'expression': <\"E'\\\\'')\">}", PK_ERROR_INVALID,
                   "closes a parenthesis");
    assert_refused("{'op': <'filter'>, 'conditions': <'id'>}", PK_ERROR_INVALID,
                   "must be {column, op, value}");
    assert_refused("{'op': <'filter'>, 'conditions': <42>}", PK_ERROR_INVALID,
                   "Parameter 'conditions' must be a list");
}

/* ---- sort, sample ------------------------------------------------------------------------ */

static void test_sort_descending_and_nulls(void) {
    ASSERT_FORM("{'op': <'sort'>, 'by': <[<{'column': <'v'>, 'descending': <true>,"
                " 'nulls_first': <true>}>]>}",
                "id,name,v,g,ts;3,cherry,NULL,a,2024-01-01 01:05:00;"
                "5,NULL,10.0,a,2024-01-01 03:00:00;4,date,4.0,b,2024-01-01 01:50:00;"
                "2,banana,2.5,b,2024-01-01 00:20:00;1,apple,1.5,a,2024-01-01 00:10:00");
    ASSERT_FORM("{'op': <'sort'>, 'by': <['g', 'name']>}",
                "id,name,v,g,ts;1,apple,1.5,a,2024-01-01 00:10:00;"
                "3,cherry,NULL,a,2024-01-01 01:05:00;5,NULL,10.0,a,2024-01-01 03:00:00;"
                "2,banana,2.5,b,2024-01-01 00:20:00;4,date,4.0,b,2024-01-01 01:50:00");
    assert_refused("{'op': <'sort'>}", PK_ERROR_INVALID, "Parameter 'by' is missing");
    assert_refused("{'op': <'sort'>, 'by': <[<{'column': <'v'>, 'descending': <'yes'>}>]>}",
                   PK_ERROR_INVALID, "Parameter 'descending' must be true or false");
}

static guint count_rows(const char *text) {
    guint n = 0;
    for (const char *p = text; *p != '\0'; p++) {
        n += *p == ';';
    }
    return n;
}

static void test_sample_sizes_and_seeds(void) {
    const char *rows = "{'op': <'sample'>, 'n': <int64 3>, 'seed': <int64 42>}";
    g_autofree char *a = run_form(rows);
    g_autofree char *b = run_form(rows);
    g_assert_cmpuint(count_rows(a), ==, 3);
    g_assert_cmpstr(a, ==, b);
    g_autofree char *all = run_form("{'op': <'sample'>, 'fraction': <1.0>}");
    g_assert_cmpuint(count_rows(all), ==, 5);
    g_autofree char *none = run_form("{'op': <'sample'>, 'n': <0>}");
    g_assert_cmpstr(none, ==, "id,name,v,g,ts");
    const char *bern = "{'op': <'sample'>, 'fraction': <0.5>, 'method': <'bernoulli'>,"
                       " 'seed': <7>}";
    g_autofree char *c = run_form(bern);
    g_autofree char *d = run_form(bern);
    g_assert_cmpstr(c, ==, d);
    g_assert_cmpuint(count_rows(c), <=, 5);
    g_autofree char *sys = run_form("{'op': <'sample'>, 'fraction': <int64 1>, 'method':"
                                    " <'system'>, 'seed': <1>}");
    g_assert_cmpuint(count_rows(sys), ==, 5);
}

static void test_sample_refusals(void) {
    assert_refused("{'op': <'sample'>}", PK_ERROR_INVALID, "either 'n'");
    assert_refused("{'op': <'sample'>, 'n': <1>, 'fraction': <0.5>}", PK_ERROR_INVALID, "not both");
    assert_refused("{'op': <'sample'>, 'n': <-1>}", PK_ERROR_INVALID, "Parameter 'n' is -1");
    assert_refused("{'op': <'sample'>, 'n': <2e12>}", PK_ERROR_INVALID, "Parameter 'n'");
    assert_refused("{'op': <'sample'>, 'n': <2.5>}", PK_ERROR_INVALID, "whole number");
    assert_refused("{'op': <'sample'>, 'fraction': <0.0>}", PK_ERROR_INVALID, "greater than 0");
    assert_refused("{'op': <'sample'>, 'fraction': <1.5>}", PK_ERROR_INVALID,
                   "Parameter 'fraction' is 1.5");
    assert_refused("{'op': <'sample'>, 'n': <3>, 'method': <'system'>}", PK_ERROR_INVALID,
                   "reservoir method");
    assert_refused("{'op': <'sample'>, 'n': <3>, 'method': <'magic'>}", PK_ERROR_INVALID,
                   "expected reservoir, bernoulli or system");
    assert_refused("{'op': <'sample'>, 'n': <3>, 'seed': <-1>}", PK_ERROR_INVALID,
                   "Parameter 'seed'");
}

/* ---- group_by, time_bin ------------------------------------------------------------------ */

static void test_group_by_every_aggregate(void) {
    ASSERT_FORM("{'op': <'group_by'>, 'keys': <['g']>, 'aggregates': <["
                "<{'func': <'count'>}>, <{'func': <'count'>, 'column': <'v'>}>,"
                "<{'func': <'count_distinct'>, 'column': <'g'>, 'as': <'groups'>}>,"
                "<{'func': <'sum'>, 'column': <'v'>}>, <{'func': <'mean'>, 'column': <'id'>}>,"
                "<{'func': <'min'>, 'column': <'name'>}>, <{'func': <'max'>, 'column': <'v'>}>,"
                "<{'func': <'median'>, 'column': <'id'>}>]>}",
                "g,count,count_v,groups,sum_v,mean_id,min_name,max_v,median_id;"
                "a,3,2,1,11.5,3.0,apple,10.0,3.0;b,2,2,1,6.5,3.0,banana,4.0,3.0");
    ASSERT_FORM("{'op': <'group_by'>, 'aggregates': <[<{'func': <'stddev'>, 'column':"
                " <'id'>}>, <{'func': <'first'>, 'column': <'id'>, 'as': <'f'>}>,"
                " <{'func': <'last'>, 'column': <'id'>, 'as': <'l'>}>]>}",
                "stddev_id,f,l;1.5811388300841898,1,5");
    ASSERT_FORM("{'op': <'group_by'>, 'keys': <['g']>}", "g;a;b");
    assert_refused("{'op': <'group_by'>}", PK_ERROR_INVALID, "needs 'keys', 'aggregates'");
    assert_refused("{'op': <'group_by'>, 'aggregates': <[<{'func': <'avg'>, 'column':"
                   " <'v'>}>]>}",
                   PK_ERROR_INVALID, "expected one of: count, count_distinct");
    assert_refused("{'op': <'group_by'>, 'aggregates': <[<{'func': <'sum'>}>]>}", PK_ERROR_INVALID,
                   "needs a 'column'");
    assert_refused("{'op': <'group_by'>, 'keys': <[<''>]>, 'aggregates': <[<{'func':"
                   " <'count'>}>]>}",
                   PK_ERROR_INVALID, "element 1 must be a column name");
}

static void test_time_bin_widths(void) {
    ASSERT_FORM("{'op': <'time_bin'>, 'column': <'ts'>, 'width': <'1 hour'>, 'aggregates':"
                " <[<{'func': <'count'>}>, <{'func': <'sum'>, 'column': <'v'>}>]>}",
                "ts_bin,count,sum_v;2024-01-01 00:00:00,2,4.0;2024-01-01 01:00:00,2,4.0;"
                "2024-01-01 03:00:00,1,10.0");
    ASSERT_FORM("{'op': <'time_bin'>, 'column': <'ts'>, 'width': <'30 min'>, 'as': <'half'>,"
                " 'keys': <['g']>, 'aggregates': <[<{'func': <'count'>, 'as': <'n'>}>]>}",
                "half,g,n;2024-01-01 00:00:00,a,1;2024-01-01 00:00:00,b,1;"
                "2024-01-01 01:00:00,a,1;2024-01-01 01:30:00,b,1;2024-01-01 03:00:00,a,1");
    g_autofree char *added = run_form("{'op': <'time_bin'>, 'column': <'ts'>, 'width':"
                                      " <'15 minutes'>}");
    g_assert_true(g_str_has_prefix(added, "id,name,v,g,ts,ts_bin;1,apple,1.5,a,"
                                          "2024-01-01 00:10:00,2024-01-01 00:00:00;"));
    assert_refused("{'op': <'time_bin'>, 'column': <'ts'>, 'width': <'0 hours'>}", PK_ERROR_INVALID,
                   "greater than 0");
    assert_refused("{'op': <'time_bin'>, 'column': <'ts'>, 'width': <'-5 minutes'>}",
                   PK_ERROR_INVALID, "greater than 0");
    assert_refused("{'op': <'time_bin'>, 'column': <'ts'>, 'width': <'1.5 hours'>}",
                   PK_ERROR_INVALID, "whole number and a unit");
    assert_refused("{'op': <'time_bin'>, 'column': <'ts'>, 'width': <'3 fortnights'>}",
                   PK_ERROR_INVALID, "e.g. \"15 minutes\"");
    assert_refused("{'op': <'time_bin'>, 'column': <'ts'>}", PK_ERROR_INVALID,
                   "Parameter 'width' is missing");
    assert_refused("{'op': <'time_bin'>, 'column': <'ts'>, 'width': <3600>}", PK_ERROR_INVALID,
                   "Parameter 'width' must be a string");
}

/* ---- join -------------------------------------------------------------------------------- */

static const char *const t_columns[] = {"id", "name", "v", "g", "ts", NULL};
static const char *const u_columns[] = {"id", "NAME", "w", NULL};

static char *run_join(const char *how) {
    g_autofree char *text = g_strdup_printf(
        "{'op': <'join'>, 'how': <'%s'>, 'on': <[<{'left': <'id'>, 'right': <'id'>}>]>}", how);
    g_autofree char *sorted = NULL;
    g_autoptr(GVariant) params = form(text);
    const char *inputs[] = {"t", "u"};
    const char *const *columns[] = {t_columns, u_columns};
    GError *error = NULL;
    g_autofree char *sql = pk_transform_sql_columns(params, inputs, columns, 2, &error);
    g_assert_no_error(error);
    g_autofree char *plain = run_form2(text, "t", "u", t_columns, u_columns);
    (void)plain;
    sorted = g_strdup_printf("SELECT * EXCLUDE (g, ts) FROM (%s) ORDER BY ALL", sql);
    return query_text(sorted);
}

static void test_join_every_kind(void) {
    g_autofree char *inner = run_join("inner");
    g_assert_cmpstr(inner, ==,
                    "id,name,v,id_right,NAME_right,w;1,apple,1.5,1,x,100;"
                    "2,banana,2.5,2,y,200");
    g_autofree char *left = run_join("left");
    g_assert_cmpstr(left, ==,
                    "id,name,v,id_right,NAME_right,w;1,apple,1.5,1,x,100;"
                    "2,banana,2.5,2,y,200;3,cherry,NULL,NULL,NULL,NULL;"
                    "4,date,4.0,NULL,NULL,NULL;5,NULL,10.0,NULL,NULL,NULL");
    g_autofree char *right = run_join("right");
    g_assert_cmpstr(right, ==,
                    "id,name,v,id_right,NAME_right,w;1,apple,1.5,1,x,100;"
                    "2,banana,2.5,2,y,200;NULL,NULL,NULL,9,z,900");
    g_autofree char *full = run_join("full");
    g_assert_cmpuint(count_rows(full), ==, 6);
    g_autofree char *semi = run_join("semi");
    g_assert_cmpstr(semi, ==, "id,name,v;1,apple,1.5;2,banana,2.5");
    g_autofree char *anti = run_join("anti");
    g_assert_cmpstr(anti, ==, "id,name,v;3,cherry,NULL;4,date,4.0;5,NULL,10.0");
    /* A suffix of one's own, a column name standing for both sides, a self-join. */
    const char *const cols[] = {"id", "name", "v", "g", "ts", NULL};
    g_autofree char *self =
        run_form2("{'op': <'join'>, 'on': <['id']>, 'suffix': <'_2'>}", "t", "t", cols, cols);
    g_assert_true(g_str_has_prefix(self, "id,name,v,g,ts,id_2,name_2,v_2,g_2,ts_2;"));
    /* Without the columns the clashing names keep the database's automatic renaming. */
    g_autofree char *plain = run_form2("{'op': <'join'>, 'on': <[<{'left': <'id'>,"
                                       " 'right': <'id'>}>]>}",
                                       "t", "u", NULL, NULL);
    g_assert_true(g_str_has_prefix(plain, "id,name,v,g,ts,id_1,name_1,w;"));
    g_assert_cmpuint(count_rows(plain), ==, 2);
}

static void test_join_refusals(void) {
    assert_refused("{'op': <'join'>}", PK_ERROR_INVALID, "Parameter 'on' is missing");
    assert_refused("{'op': <'join'>, 'how': <'cross'>, 'on': <['id']>}", PK_ERROR_INVALID,
                   "expected inner, left, right, full, semi or anti");
    assert_refused("{'op': <'join'>, 'on': <[<{'left': <'id'>}>]>}", PK_ERROR_INVALID,
                   "Parameter 'on', element 1: Parameter 'right' is missing");
    g_autoptr(GVariant) params = form("{'op': <'join'>, 'on': <['id']>}");
    const char *inputs[] = {"t"};
    GError *error = NULL;
    g_assert_null(pk_transform_sql(params, inputs, 1, &error));
    g_assert_error(error, PK_ERROR, PK_ERROR_INVALID);
    g_assert_nonnull(strstr(error->message, "A join transform reads 2 inputs, not 1"));
    g_clear_error(&error);
}

/* ---- pivot, unpivot ---------------------------------------------------------------------- */

static void test_pivot_and_unpivot(void) {
    ASSERT_FORM("{'op': <'pivot'>, 'rows': <['g']>, 'column': <'name'>, 'value': <'v'>,"
                " 'values': <['apple', 'banana', 'date']>}",
                "g,apple,banana,date;a,1.5,NULL,NULL;b,NULL,2.5,4.0");
    ASSERT_FORM("{'op': <'pivot'>, 'rows': <['g']>, 'column': <'name'>, 'value': <'id'>,"
                " 'agg': <'max'>, 'values': <['apple', 'date']>}",
                "g,apple,date;a,1,NULL;b,NULL,4");
    g_autofree char *counted = run_form2("{'op': <'pivot'>, 'rows': <['k']>, 'column': <'k'>,"
                                         " 'values': <['p', 'q']>}",
                                         "wide", NULL, NULL, NULL);
    g_assert_cmpstr(counted, ==, "k,p,q;p,1,0;q,0,1");
    assert_refused("{'op': <'pivot'>, 'column': <'g'>}", PK_ERROR_INVALID,
                   "List the values that become columns. Parameter 'values' is missing");
    g_autofree char *un = run_form2("{'op': <'unpivot'>, 'columns': <['jan', 'feb']>,"
                                    " 'name': <'month'>, 'value': <'amount'>}",
                                    "wide", NULL, NULL, NULL);
    g_assert_cmpstr(un, ==, "k,month,amount;p,jan,1;p,feb,2;q,jan,3");
    g_autofree char *nulls = run_form2("{'op': <'unpivot'>, 'columns': <['jan', 'feb']>,"
                                       " 'include_nulls': <true>}",
                                       "wide", NULL, NULL, NULL);
    g_assert_cmpstr(nulls, ==, "k,name,value;p,jan,1;p,feb,2;q,jan,3;q,feb,NULL");
    assert_refused("{'op': <'pivot'>, 'rows': <['g']>}", PK_ERROR_INVALID,
                   "Parameter 'column' is missing");
    assert_refused("{'op': <'pivot'>, 'column': <'g'>, 'agg': <'sum'>}", PK_ERROR_INVALID,
                   "needs a 'column'");
    assert_refused("{'op': <'unpivot'>, 'columns': <@as []>}", PK_ERROR_INVALID,
                   "Parameter 'columns' is missing or empty");
}

/* ---- derive, delta, row_id --------------------------------------------------------------- */

static void test_derive_delta_row_id(void) {
    ASSERT_FORM("{'op': <'derive'>, 'name': <'double'>, 'expression': <'v * 2'>}",
                "id,name,v,g,ts,double;1,apple,1.5,a,2024-01-01 00:10:00,3.0;"
                "2,banana,2.5,b,2024-01-01 00:20:00,5.0;3,cherry,NULL,a,2024-01-01 01:05:00,NULL;"
                "4,date,4.0,b,2024-01-01 01:50:00,8.0;5,NULL,10.0,a,2024-01-01 03:00:00,20.0");
    g_autofree char *replaced = run_form("{'op': <'derive'>, 'name': <'name'>, 'expression':"
                                         " <'upper(name)'>, 'replace': <true>}");
    g_assert_true(g_str_has_prefix(replaced, "id,name,v,g,ts;1,APPLE,"));
    ASSERT_FORM("{'op': <'delta'>, 'column': <'v'>, 'order_by': <'id'>}",
                "id,name,v,g,ts,v_delta;1,apple,1.5,a,2024-01-01 00:10:00,NULL;"
                "2,banana,2.5,b,2024-01-01 00:20:00,1.0;3,cherry,NULL,a,2024-01-01 01:05:00,NULL;"
                "4,date,4.0,b,2024-01-01 01:50:00,NULL;5,NULL,10.0,a,2024-01-01 03:00:00,6.0");
    ASSERT_FORM("{'op': <'delta'>, 'column': <'id'>, 'order_by': <[<{'column': <'ts'>}>]>,"
                " 'partition_by': <['g']>, 'as': <'step'>}",
                "id,name,v,g,ts,step;1,apple,1.5,a,2024-01-01 00:10:00,NULL;"
                "3,cherry,NULL,a,2024-01-01 01:05:00,2;5,NULL,10.0,a,2024-01-01 03:00:00,2;"
                "2,banana,2.5,b,2024-01-01 00:20:00,NULL;4,date,4.0,b,2024-01-01 01:50:00,2");
    ASSERT_FORM("{'op': <'row_id'>, 'order_by': <[<{'column': <'id'>, 'descending':"
                " <true>}>]>, 'as': <'n'>}",
                "n,id,name,v,g,ts;1,5,NULL,10.0,a,2024-01-01 03:00:00;"
                "2,4,date,4.0,b,2024-01-01 01:50:00;3,3,cherry,NULL,a,2024-01-01 01:05:00;"
                "4,2,banana,2.5,b,2024-01-01 00:20:00;5,1,apple,1.5,a,2024-01-01 00:10:00");
    g_autofree char *ids = run_form("{'op': <'row_id'>}");
    g_assert_true(g_str_has_prefix(ids, "row_id,id,name,v,g,ts;1,"));
    g_assert_cmpuint(count_rows(ids), ==, 5);
    assert_refused("{'op': <'derive'>, 'name': <'x'>}", PK_ERROR_INVALID,
                   "Parameter 'expression' is missing");
    assert_refused("{'op': <'derive'>, 'name': <'x'>, 'expression': <'(1'>}", PK_ERROR_INVALID,
                   "unclosed parenthesis");
    assert_refused("{'op': <'delta'>, 'column': <'v'>}", PK_ERROR_INVALID,
                   "Parameter 'order_by' is missing");
    assert_refused("{'op': <'row_id'>, 'as': <''>}", PK_ERROR_INVALID, "Parameter 'as'");
}

/* ---- the form as a whole ----------------------------------------------------------------- */

static void test_check_ops_and_inputs(void) {
    guint n = 0;
    GError *error = NULL;
    for (const char *const *name = pk_transform_op_names(); *name != NULL; name++) {
        g_autofree char *text = g_strdup_printf("{'op': <'%s'>}", *name);
        g_autoptr(GVariant) params = form(text);
        if (strcmp(*name, "row_id") == 0) { /* the one op whose keys are all optional */
            g_assert_true(pk_transform_check(params, &n, &error));
            g_assert_cmpuint(n, ==, 1);
            continue;
        }
        g_assert_false(pk_transform_check(params, &n, &error));
        g_assert_error(error, PK_ERROR, PK_ERROR_INVALID);
        g_assert_true(g_str_has_prefix(error->message, "Transform "));
        g_clear_error(&error);
    }
    assert_refused("{'op': <'explode'>}", PK_ERROR_INVALID,
                   "Unknown transform op \"explode\"; expected one of: filter, sort, sample, "
                   "group_by, join, pivot, unpivot, derive, delta, time_bin, row_id");
    assert_refused("{'sql': <'select 1'>}", PK_ERROR_INVALID, "Parameter 'op' is missing");
    assert_refused("{'op': <5>}", PK_ERROR_INVALID, "Parameter 'op' must be a string");
    g_autoptr(GVariant) notdict = g_variant_ref_sink(g_variant_new_string("filter"));
    g_assert_false(pk_transform_check(notdict, &n, &error));
    g_assert_error(error, PK_ERROR, PK_ERROR_INVALID);
    g_assert_nonnull(strstr(error->message, "must be a dictionary"));
    g_clear_error(&error);
    g_autoptr(GVariant) join = form("{'op': <'join'>, 'on': <['id']>}");
    g_assert_true(pk_transform_check(join, &n, &error));
    g_assert_cmpuint(n, ==, 2);
    g_autoptr(GVariant) sort = form("{'op': <'sort'>, 'by': <'id'>}");
    const char *inputs[] = {""};
    g_assert_null(pk_transform_sql(sort, inputs, 1, &error));
    g_assert_error(error, PK_ERROR, PK_ERROR_INVALID);
    g_assert_nonnull(strstr(error->message, "Input 1 of the transform has no name"));
    g_clear_error(&error);
    g_autoptr(GString) big = g_string_new("{'op': <'group_by'>, 'keys': <[");
    for (guint i = 0; i <= 4096; i++) {
        g_string_append_printf(big, "%s'k%u'", i > 0 ? ", " : "", i);
    }
    g_string_append(big, "]>}");
    assert_refused(big->str, PK_ERROR_INVALID, "more than 4096 elements");
}

/* The shapes json-glib produces: int64 and double numbers, av arrays, a{sv} objects, and
 * the shapes C callers pass: 'as', 'u', 'aa{sv}'. */
static void test_json_and_c_shapes(void) {
    ASSERT_FORM("{'op': <'filter'>, 'conditions': <[<{'column': <'id'>, 'op': <'in'>,"
                " 'values': <[<int64 1>, <2.0>]>}>]>}",
                "id,name,v,g,ts;1,apple,1.5,a,2024-01-01 00:10:00;"
                "2,banana,2.5,b,2024-01-01 00:20:00");
    ASSERT_FORM("{'op': <'filter'>, 'conditions': <[{'column': <'id'>, 'op': <'<='>,"
                " 'value': <uint32 1>}]>}",
                "id,name,v,g,ts;1,apple,1.5,a,2024-01-01 00:10:00");
    ASSERT_FORM("{'op': <'group_by'>, 'keys': <@as ['g']>, 'aggregates': <[{'func': <'count'>,"
                " 'as': <'n'>}]>}",
                "g,n;a,3;b,2");
    ASSERT_FORM("{'op': <'filter'>, 'conditions': <[<{'column': <'v'>, 'op': <'between'>,"
                " 'low': <int64 1>, 'high': <2.5>}>, <{'column': <'g'>, 'value': <'a'>}>]>,"
                " 'combine': <'all'>}",
                "id,name,v,g,ts;1,apple,1.5,a,2024-01-01 00:10:00");
    ASSERT_FORM("{'op': <'sample'>, 'n': <uint32 0>}", "id,name,v,g,ts");
    ASSERT_FORM("{'op': <'filter'>, 'conditions': <[<{'column': <'name'>, 'value': <true>,"
                " 'op': <'is_null'>}>]>}",
                "id,name,v,g,ts;5,NULL,10.0,a,2024-01-01 03:00:00");
}

/* Names with quotes, semicolons and comment markers reach SQL quoted: each op runs on a table
 * named with them, the output keeps the names, and table t is still there. */
static void test_hostile_names_are_quoted(void) {
    static const char *const forms[] = {
        "{'op': <'filter'>, 'conditions': <[<{'column': <'" HOSTILE_COL "'>, 'op': <'in'>,"
        " 'values': <[1, 2]>}>, <{'column': <\"k'ey\">, 'value': <\"it's\">}>,"
        " <{'column': <\"k'ey\">, 'op': <'contains'>, 'value': <\"'; DROP TABLE t; --\">}>]>,"
        " 'combine': <'any'>}",
        "{'op': <'sort'>, 'by': <[<{'column': <'" HOSTILE_COL "'>, 'descending': <true>}>]>}",
        "{'op': <'sample'>, 'n': <2>, 'seed': <3>}",
        "{'op': <'group_by'>, 'keys': <[\"k'ey\"]>, 'aggregates': <[<{'func': <'sum'>,"
        " 'column': <'" HOSTILE_COL "'>, 'as': <'\"); DROP TABLE t; --'>}>]>}",
        "{'op': <'pivot'>, 'rows': <[\"k'ey\"]>, 'column': <\"k'ey\">, 'value': <'" HOSTILE_COL
        "'>, 'values': <[\"it's\", 'x;y']>}",
        "{'op': <'pivot'>, 'column': <\"k'ey\">, 'values': <[\"it's\"]>}",
        "{'op': <'unpivot'>, 'columns': <['" HOSTILE_COL "']>, 'name': <'n\"; --'>,"
        " 'value': <\"v'\">}",
        "{'op': <'derive'>, 'name': <'" HOSTILE_COL "2'>, 'expression': <'\""
        "we\"\"ird; DROP"
        " TABLE t; --\" + 1'>}",
        "{'op': <'delta'>, 'column': <'" HOSTILE_COL "'>, 'order_by': <['" HOSTILE_TS "']>,"
        " 'partition_by': <[\"k'ey\"]>, 'as': <'d\";'>}",
        "{'op': <'time_bin'>, 'column': <'" HOSTILE_TS "'>, 'width': <'1 hour'>, 'keys':"
        " <[\"k'ey\"]>, 'aggregates': <[<{'func': <'count_distinct'>, 'column': <'" HOSTILE_COL
        "'>}>]>}",
        "{'op': <'row_id'>, 'as': <'id\"; DROP TABLE t'>, 'order_by': <['" HOSTILE_COL "']>}",
    };
    for (guint i = 0; i < G_N_ELEMENTS(forms); i++) {
        g_autofree char *out = run_form2(forms[i], HOSTILE_TABLE, NULL, NULL, NULL);
        g_assert_cmpuint(count_rows(out), >=, 1);
        g_autofree char *t = query_text("SELECT count(*) AS n FROM t");
        g_assert_cmpstr(t, ==, "n;5");
    }
    g_autofree char *grouped = run_form2(forms[3], HOSTILE_TABLE, NULL, NULL, NULL);
    g_assert_cmpstr(grouped, ==, "k'ey,\"); DROP TABLE t; --;it's,3;x;y,4");
    const char *const cols[] = {HOSTILE_COL, HOSTILE_KEY, HOSTILE_TS, NULL};
    g_autofree char *joined = run_form2("{'op': <'join'>, 'on': <[<{'left': <'" HOSTILE_COL
                                        "'>, 'right': <'" HOSTILE_COL "'>}>]>, 'suffix':"
                                        " <'\"; --'>}",
                                        HOSTILE_TABLE, HOSTILE_TABLE, cols, cols);
    g_assert_true(g_str_has_prefix(joined, HOSTILE_COL "," HOSTILE_KEY "," HOSTILE_TS
                                                       "," HOSTILE_COL "\"; --,"));
    g_assert_true(g_str_has_suffix(joined, ";4,x;y,2024-01-01 02:00:00,4,x;y,2024-01-01 02:00:00"));
}

/* ---- plot specs as parameters ------------------------------------------------------------ */

static void assert_axis_equal(const PkPlotAxis *a, const PkPlotAxis *b) {
    g_assert_cmpstr(a->column, ==, b->column);
    g_assert_cmpint(a->scale, ==, b->scale);
    g_assert_cmpint(a->fixed_range, ==, b->fixed_range);
    g_assert_cmpfloat(a->min, ==, b->min);
    g_assert_cmpfloat(a->max, ==, b->max);
    g_assert_cmpstr(a->label, ==, b->label);
}

static void assert_spec_equal(const PkPlotSpec *a, const PkPlotSpec *b) {
    g_assert_cmpint(a->type, ==, b->type);
    assert_axis_equal(&a->x, &b->x);
    assert_axis_equal(&a->y, &b->y);
    g_assert_cmpstr(a->color, ==, b->color);
    g_assert_cmpstr(a->size, ==, b->size);
    g_assert_cmpstr(a->value, ==, b->value);
    g_assert_cmpint(a->agg, ==, b->agg);
    g_assert_cmpstr(a->title, ==, b->title);
    g_assert_cmpint(a->legend, ==, b->legend);
    g_assert_cmpint(a->theme, ==, b->theme);
    g_assert_cmpint(a->colormap, ==, b->colormap);
    g_assert_cmpint(a->shade, ==, b->shade);
    g_assert_cmpuint(a->spread_px, ==, b->spread_px);
    g_assert_cmpfloat(a->point_size, ==, b->point_size);
    g_assert_cmpfloat(a->alpha, ==, b->alpha);
    g_assert_cmpuint(a->raw_threshold, ==, b->raw_threshold);
    g_assert_cmpuint(a->max_categories, ==, b->max_categories);
    g_assert_cmpuint(a->bins, ==, b->bins);
    g_assert_cmpint(a->density, ==, b->density);
    g_assert_cmpint(a->cumulative, ==, b->cumulative);
    g_assert_cmpint(a->area, ==, b->area);
    g_assert_cmpint(a->stacked, ==, b->stacked);
    g_assert_cmpint(a->horizontal, ==, b->horizontal);
    g_assert_cmpuint(a->max_outliers, ==, b->max_outliers);
}

static void round_trip(const PkPlotSpec *spec) {
    g_autoptr(GVariant) v = g_variant_ref_sink(pk_plot_spec_to_variant(spec));
    PkPlotSpec back;
    GError *error = NULL;
    g_assert_true(pk_plot_spec_from_variant(v, &back, &error));
    g_assert_no_error(error);
    assert_spec_equal(spec, &back);
    g_autoptr(GVariant) again = g_variant_ref_sink(pk_plot_spec_to_variant(&back));
    g_assert_true(g_variant_equal(v, again));
    pk_plot_spec_clear(&back);
}

static void test_plot_spec_round_trip(void) {
    PkPlotSpec spec;
    pk_plot_spec_init(&spec);
    g_autoptr(GVariant) empty = g_variant_ref_sink(pk_plot_spec_to_variant(&spec));
    g_assert_cmpuint(g_variant_n_children(empty), ==, 0);
    round_trip(&spec);
    spec.type = PK_PLOT_HISTOGRAM;
    pk_plot_spec_set_string(&spec.x.column, "price \"usd\"");
    spec.x.scale = PK_SCALE_LOG;
    spec.x.fixed_range = TRUE;
    spec.x.min = 0.1;
    spec.x.max = 1e300;
    pk_plot_spec_set_string(&spec.x.label, "Price");
    pk_plot_spec_set_string(&spec.y.column, "");
    spec.y.scale = PK_SCALE_TIME;
    pk_plot_spec_set_string(&spec.color, "g");
    pk_plot_spec_set_string(&spec.size, "s");
    pk_plot_spec_set_string(&spec.value, "v");
    spec.agg = PK_PLOT_AGG_MEAN;
    pk_plot_spec_set_string(&spec.title, "T\xc3\xa9st");
    spec.legend = PK_LEGEND_NONE;
    spec.theme = PK_THEME_DARK;
    spec.colormap = PK_COLORMAP_GREYS;
    spec.shade = PK_SHADE_CBRT;
    spec.spread_px = 3;
    spec.point_size = 0.1 + 0.2;
    spec.alpha = 1.0 / 3.0;
    spec.raw_threshold = 0;
    spec.max_categories = 20;
    spec.bins = PK_PLOT_MAX_BINS;
    spec.density = spec.cumulative = spec.area = spec.stacked = spec.horizontal = TRUE;
    spec.max_outliers = 0;
    round_trip(&spec);
    g_autoptr(GVariant) v = g_variant_ref_sink(pk_plot_spec_to_variant(&spec));
    g_autofree char *text = g_variant_print(v, FALSE);
    g_assert_nonnull(strstr(text, "'type': <'histogram'>"));
    g_assert_nonnull(strstr(text, "'scale': <'log'>"));
    g_assert_nonnull(strstr(text, "'colormap': <'greys'>"));
    g_assert_nonnull(strstr(text, "'legend': <'none'>"));
    pk_plot_spec_clear(&spec);
    for (int type = PK_PLOT_SCATTER; type <= PK_PLOT_BOX; type++) {
        spec.type = (PkPlotType)type;
        round_trip(&spec);
    }
    for (int legend = PK_LEGEND_AUTO; legend <= PK_LEGEND_NONE; legend++) {
        spec.legend = (PkLegendPlacement)legend;
        round_trip(&spec);
        g_autoptr(GVariant) lv = g_variant_ref_sink(pk_plot_spec_to_variant(&spec));
        g_autofree char *want = g_strdup_printf("'legend': <'%s'>", pk_legend_name(spec.legend));
        g_autofree char *printed = g_variant_print(lv, FALSE);
        g_assert_true((strstr(printed, want) != NULL) == (spec.legend != PK_LEGEND_AUTO));
    }
}

static void test_plot_spec_canonical_variant(void) {
    const char *text = "{'agg': <'max'>, 'bins': <int64 50>, 'colormap': <'fire'>, 'point_size':"
                       " <4.5>, 'theme': <'dark'>, 'type': <'heatmap'>, 'value': <'w'>, 'x':"
                       " <{'column': <'a'>, 'max': <10.0>, 'min': <-10.0>}>, 'y': <{'column':"
                       " <'b'>, 'label': <'B'>, 'scale': <'categorical'>}>}";
    g_autoptr(GVariant) v = form(text);
    PkPlotSpec spec;
    GError *error = NULL;
    g_assert_true(pk_plot_spec_from_variant(v, &spec, &error));
    g_assert_no_error(error);
    g_assert_cmpint(spec.type, ==, PK_PLOT_HEATMAP);
    g_assert_true(spec.x.fixed_range);
    g_assert_cmpfloat(spec.x.min, ==, -10.0);
    g_assert_cmpuint(spec.bins, ==, 50);
    g_autoptr(GVariant) back = g_variant_ref_sink(pk_plot_spec_to_variant(&spec));
    g_assert_true(g_variant_equal(v, back));
    pk_plot_spec_clear(&spec);
    /* JSON numbers: an int64 for a double field, a double for a count. */
    g_autoptr(GVariant) json = form(
        "{'point_size': <int64 3>, 'bins': <20.0>, 'x': <{'min': <int64 0>, 'max': <int64 5>}>}");
    g_assert_true(pk_plot_spec_from_variant(json, &spec, &error));
    g_assert_cmpfloat(spec.point_size, ==, 3.0);
    g_assert_cmpuint(spec.bins, ==, 20);
    g_assert_cmpfloat(spec.x.max, ==, 5.0);
    pk_plot_spec_clear(&spec);
}

static void assert_spec_refused(const char *text, const char *piece) {
    g_autoptr(GVariant) v = form(text);
    PkPlotSpec spec;
    pk_plot_spec_init(&spec);
    spec.bins = 7; /* untouched on failure */
    GError *error = NULL;
    g_assert_false(pk_plot_spec_from_variant(v, &spec, &error));
    g_assert_error(error, PK_ERROR, PK_ERROR_INVALID);
    if (strstr(error->message, piece) == NULL) {
        g_error("message \"%s\" lacks \"%s\"", error->message, piece);
    }
    g_assert_cmpuint(spec.bins, ==, 7);
    g_clear_error(&error);
}

static void test_plot_spec_refusals(void) {
    assert_spec_refused("{'tilte': <'x'>}", "Unknown plot parameter 'tilte'; expected one of:");
    assert_spec_refused("{'x': <{'colum': <'a'>}>}", "Unknown plot parameter 'x.colum'");
    assert_spec_refused("{'type': <'pie'>}", "Parameter 'type': unknown plot type \"pie\"");
    assert_spec_refused("{'legend': <'middle'>}",
                        "unknown legend \"middle\"; expected one of: auto, right, top, bottom, "
                        "left, none");
    assert_spec_refused("{'bins': <int64 10001>}", "Parameter 'bins' is 10001");
    assert_spec_refused("{'point_size': <1000.5>}", "Parameter 'point_size'");
    assert_spec_refused("{'max_categories': <0>}", "Parameter 'max_categories' is 0");
    assert_spec_refused("{'max_categories': <21>}", "Parameter 'max_categories' is 21");
    assert_spec_refused("{'alpha': <-0.5>}", "Parameter 'alpha'");
    assert_spec_refused("{'x': <{'min': <nan>, 'max': <1.0>}>}", "Parameter 'min'");
    assert_spec_refused("{'y': <{'min': <0.0>, 'max': <inf>}>}", "Parameter 'max'");
    assert_spec_refused("{'x': <{'min': <0.0>}>}", "only one of 'min' and 'max'");
    assert_spec_refused("{'x': <'a'>}", "Parameter 'x' must be a dictionary");
    assert_spec_refused("{'title': <5>}", "Parameter 'title' must be a string");
    assert_spec_refused("{'density': <'yes'>}", "Parameter 'density' must be true or false");
    assert_spec_refused("{'x': <{'scale': <'sqrt'>}>}", "unknown scale \"sqrt\"");
    PkPlotSpec spec;
    GError *error = NULL;
    g_autoptr(GVariant) s = g_variant_ref_sink(g_variant_new_string("scatter"));
    g_assert_false(pk_plot_spec_from_variant(s, &spec, &error));
    g_assert_error(error, PK_ERROR, PK_ERROR_INVALID);
    g_assert_nonnull(strstr(error->message, "must be a dictionary"));
    g_clear_error(&error);
}

/* Adds a scatter plot with this page to a new graph: the node id, or 0 with *error set. */
static PkNodeId add_plot_page(const char *page, GError **error) {
    g_autofree char *text = g_strdup_printf(
        "{'spec': <{'type': <'scatter'>, 'x': <{'column': <'x'>}>, 'y': <{'column': <'y'>}>}>, "
        "%s}",
        page);
    g_autoptr(GVariant) params = form(text);
    PkGraph *graph = pk_graph_new(db, NULL, NULL);
    PkNodeId id = pk_graph_add_node(graph, PK_NODE_PLOT, "p", params, error);
    pk_graph_free(graph);
    return id;
}

/* A plot's page must make a picture the renderer draws: each number in its range was not
 * enough (16383 × 16383 at scale 2 asked an export for a 4 GiB image). */
static void test_plot_page_within_picture_limits(void) {
    g_autoptr(GError) error = NULL;
    g_assert_cmpuint(add_plot_page("'width': <8192.0>, 'height': <8192.0>", &error), >, 0);
    g_assert_no_error(error);
    g_assert_cmpuint(add_plot_page("'width': <1024.0>, 'height': <1024.0>, 'scale': <8.0>", &error),
                     >, 0);
    g_assert_no_error(error);
    g_assert_cmpuint(add_plot_page("'width': <16384.0>, 'height': <16384.0>", &error), ==, 0);
    g_assert_error(error, PK_ERROR, PK_ERROR_TOO_LARGE);
    g_assert_nonnull(strstr(error->message, "64 million pixels in all"));
    g_clear_error(&error);
    g_assert_cmpuint(add_plot_page("'width': <8000.0>, 'height': <16.0>, 'scale': <8.0>", &error),
                     ==, 0);
    g_assert_error(error, PK_ERROR, PK_ERROR_TOO_LARGE);
    g_assert_nonnull(strstr(error->message, "16384 pixels a side"));
}

static void count_release(gpointer data) {
    (*(int *)data)++;
}

/* Canonical forms and hashes hold no reference to the values they read: once the caller's
 * dictionary and the canonical copy are gone, so are the bytes every value was read from
 * (top level, nested in a dictionary, inside an array). A leaked reference per value made
 * every loaded workspace leak its parameters. */
static void test_params_canonical_keeps_no_reference(void) {
    g_autoptr(GVariant) built = g_variant_ref_sink(
        g_variant_new_parsed("{'text': <'kept'>, 'axis': <{'column': <'x'>, 'max': <2.5>}>, "
                             "'list': <[<'a'>, <int64 3>]>}"));
    /* The same dictionary over bytes that count their release: every value read from it
     * keeps these bytes alive. */
    int released = 0;
    gsize size = g_variant_get_size(built);
    gpointer bytes = g_memdup2(g_variant_get_data(built), size);
    GVariant *params = g_variant_ref_sink(g_variant_new_from_data(
        G_VARIANT_TYPE_VARDICT, bytes, size, TRUE, count_release, &released));

    GVariant *canonical = pk_params_canonical(params);
    g_assert_cmpuint(g_variant_n_children(canonical), ==, 3);
    g_assert_cmpuint(pk_params_hash(params), ==, pk_params_hash(canonical));
    g_assert_cmpuint(pk_params_hash_without(params, "list"), !=, pk_params_hash(params));
    g_variant_unref(canonical);
    g_variant_unref(params);
    g_assert_cmpint(released, ==, 1);
    g_free(bytes);
}

int main(int argc, char **argv) {
    g_test_init(&argc, &argv, NULL);
    GError *error = NULL;
    db = pk_db_open(NULL, NULL, &error);
    g_assert_no_error(error);
    conn = pk_db_connect(db, &error);
    g_assert_no_error(error);
    setup_tables();
    g_test_add_func("/graph/transform/filter/each-condition-op", test_filter_each_condition_op);
    g_test_add_func("/graph/transform/filter/all-any-and-expression",
                    test_filter_all_any_and_expression);
    g_test_add_func("/graph/transform/filter/refusals-name-the-key", test_filter_refusals);
    g_test_add_func("/graph/transform/sort/descending-and-nulls-first",
                    test_sort_descending_and_nulls);
    g_test_add_func("/graph/transform/sample/seed-makes-it-repeatable",
                    test_sample_sizes_and_seeds);
    g_test_add_func("/graph/transform/sample/absurd-numbers-refused", test_sample_refusals);
    g_test_add_func("/graph/transform/group-by/every-aggregate", test_group_by_every_aggregate);
    g_test_add_func("/graph/transform/time-bin/widths-and-aggregates", test_time_bin_widths);
    g_test_add_func("/graph/transform/join/every-kind-suffixes-clashes", test_join_every_kind);
    g_test_add_func("/graph/transform/join/refusals", test_join_refusals);
    g_test_add_func("/graph/transform/pivot-unpivot/round-the-table", test_pivot_and_unpivot);
    g_test_add_func("/graph/transform/derive-delta-row-id/add-columns", test_derive_delta_row_id);
    g_test_add_func("/graph/transform/check/unknown-op-lists-the-ops", test_check_ops_and_inputs);
    g_test_add_func("/graph/transform/forms/json-and-c-shapes-accepted", test_json_and_c_shapes);
    g_test_add_func("/graph/transform/hostile/names-stay-quoted", test_hostile_names_are_quoted);
    g_test_add_func("/graph/plot-params/page-within-picture-limits",
                    test_plot_page_within_picture_limits);
    g_test_add_func("/graph/params/canonical-keeps-no-reference",
                    test_params_canonical_keeps_no_reference);
    g_test_add_func("/graph/plot-params/round-trip-every-field", test_plot_spec_round_trip);
    g_test_add_func("/graph/plot-params/canonical-variant-round-trip",
                    test_plot_spec_canonical_variant);
    g_test_add_func("/graph/plot-params/unknown-keys-and-absurd-numbers-refused",
                    test_plot_spec_refusals);
    int rc = pk_test_run();
    pk_conn_close(conn);
    pk_db_close(db);
    return rc;
}
