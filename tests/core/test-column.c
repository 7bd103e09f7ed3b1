/* Tests of the core column buffers and frames. */
#include "pika-test.h"
#include "pika/buffer.h"
#include "pika/core.h"

#include <math.h>
#include <string.h>

static void test_new_is_all_valid(void) {
    g_autoptr(GError) error = NULL;
    g_autoptr(PkColumn) column = pk_column_new(PK_COLUMN_TYPE_DOUBLE, "x", 100, &error);
    g_assert_no_error(error);
    double *values = pk_column_get_data_mut(column);
    for (gsize i = 0; i < 100; i++) {
        values[i] = (double)i;
    }
    pk_column_publish(column);
    g_assert_null(pk_column_get_validity(column));
    g_assert_cmpuint(pk_column_get_null_count(column), ==, 0);
    g_assert_cmpfloat(pk_column_get_doubles(column)[42], ==, 42.0);
    g_assert_true(pk_column_is_published(column));
}

static void test_nulls_are_counted(void) {
    g_autoptr(PkColumn) column = pk_column_new(PK_COLUMN_TYPE_INT64, "n", 130, NULL);
    pk_column_set_null(column, 0);
    pk_column_set_null(column, 64);
    pk_column_set_null(column, 129);
    pk_column_publish(column);
    g_assert_cmpuint(pk_column_get_null_count(column), ==, 3);
    g_assert_false(pk_column_is_valid(column, 64));
    g_assert_true(pk_column_is_valid(column, 65));
    g_assert_true(isnan(pk_column_get_as_double(column, 129)));
}

/* Fills rows [from, to) of a double column with their own index. */
static void fill_rows(PkColumn *column, gsize from, gsize to) {
    double *values = pk_column_get_data_mut(column);
    for (gsize i = from; i < to; i++) {
        values[i] = (double)i;
    }
}

static void assert_rows(PkColumn *column, gsize n_rows) {
    const double *values = pk_column_get_data_mut(column);
    for (gsize i = 0; i < n_rows; i++) {
        if (values[i] != (double)i) {
            g_error("row %" G_GSIZE_FORMAT " holds %g", i, values[i]);
        }
    }
}

/* A NULL double is NaN in the values themselves, which kernels read without the bitmap. */
static void test_null_doubles_are_nan(void) {
    g_autoptr(PkColumn) column = pk_column_new(PK_COLUMN_TYPE_DOUBLE, "x", 70, NULL);
    fill_rows(column, 0, 70);
    pk_column_set_null(column, 3);
    pk_column_set_null(column, 69);
    pk_column_publish(column);
    const double *values = pk_column_get_doubles(column);
    g_assert_true(isnan(values[3]) && isnan(values[69]));
    g_assert_cmpfloat(values[4], ==, 4.0);
}

static void test_resize_keeps_validity(void) {
    g_autoptr(PkColumn) column = pk_column_new(PK_COLUMN_TYPE_DOUBLE, "x", 10, NULL);
    pk_column_set_null(column, 3);
    g_assert_true(pk_column_resize(column, 200, NULL));
    pk_column_publish(column);
    g_assert_false(pk_column_is_valid(column, 3));
    g_assert_true(pk_column_is_valid(column, 10));
    g_assert_true(pk_column_is_valid(column, 199));
    g_assert_cmpuint(pk_column_get_null_count(column), ==, 1);
}

/* Values survive resizes across the small/large buffer threshold (4 MiB: 524,288 doubles) in
 * both directions, and large buffers start on a 2 MiB boundary, where huge pages can back them
 * (on Linux, outside AddressSanitizer, which gets malloc throughout). */
static void test_resize_across_buffer_kinds(void) {
    const gsize sizes[] = {1000, 600000, 3000000, 3000001, 700000, 524288, 524287, 10, 0, 5};
    g_autoptr(PkColumn) column = pk_column_new(PK_COLUMN_TYPE_DOUBLE, "x", 1000, NULL);
    fill_rows(column, 0, 1000);
    gsize filled = 1000;
    for (gsize k = 1; k < G_N_ELEMENTS(sizes); k++) {
        g_assert_true(pk_column_resize(column, sizes[k], NULL));
        assert_rows(column, MIN(filled, sizes[k]));
        fill_rows(column, 0, sizes[k]);
        filled = sizes[k];
#if defined(__linux__) && !defined(__SANITIZE_ADDRESS__)
        if (sizes[k] * sizeof(double) >= ((gsize)4 << 20)) {
            g_assert_cmpuint((guintptr)pk_column_get_data_mut(column) % ((gsize)2 << 20), ==, 0);
        }
#endif
    }
    pk_column_publish(column);
    g_assert_cmpuint(pk_column_get_n_rows(column), ==, 5);
}

/* The memory of a freed large column serves the next one, whose growth then stays in place. */
static void test_freed_large_buffers_are_reused(void) {
#if defined(__linux__) && !defined(__SANITIZE_ADDRESS__)
    PkColumn *first = pk_column_new(PK_COLUMN_TYPE_DOUBLE, "x", 2000000, NULL);
    fill_rows(first, 0, 2000000);
    gpointer memory = pk_column_get_data_mut(first);
    pk_column_unref(first);
    g_autoptr(PkColumn) second = pk_column_new(PK_COLUMN_TYPE_DOUBLE, "y", 600000, NULL);
    g_assert_true(pk_column_get_data_mut(second) == memory);
    fill_rows(second, 0, 600000);
    g_assert_true(pk_column_resize(second, 1900000, NULL));
    g_assert_true(pk_column_get_data_mut(second) == memory);
    assert_rows(second, 600000);
#else
    g_test_skip("large buffers come from malloc here");
#endif
}

/* Scratch of any size is kept when freed and serves the next scratch of its size; it is
 * writable to its last byte. */
static void test_scratch_is_kept_for_the_next_call(void) {
    const gsize bytes = 1920 * 1080; /* a one-byte plane, below PK_BUFFER_LARGE */
    guint8 *first = pk_buffer_alloc_scratch(bytes);
    g_assert_nonnull(first);
    memset(first, 7, bytes);
    pk_buffer_free_scratch(first);
    guint8 *second = pk_buffer_alloc_scratch(bytes);
    g_assert_nonnull(second);
#if defined(__linux__) && !defined(__SANITIZE_ADDRESS__)
    g_assert_true(second == first);
    g_assert_cmpuint((guintptr)second % ((gsize)2 << 20), ==, 0);
#endif
    second[bytes - 1] = 1;
    pk_buffer_free_scratch(second);
    pk_buffer_free_scratch(NULL);
}

static void test_categories_deduplicate(void) {
    g_autoptr(PkColumn) column = pk_column_new(PK_COLUMN_TYPE_CATEGORY, "c", 4, NULL);
    guint32 *codes = pk_column_get_data_mut(column);
    codes[0] = pk_column_add_category(column, "red");
    codes[1] = pk_column_add_category(column, "blue");
    codes[2] = pk_column_add_category(column, "red");
    codes[3] = pk_column_add_category(column, "green");
    pk_column_publish(column);
    g_assert_cmpuint(pk_column_get_n_categories(column), ==, 3);
    g_assert_cmpuint(codes[2], ==, 0);
    g_assert_cmpstr(pk_column_get_category(column, 2), ==, "green");
    guint32 code = 99;
    g_assert_true(pk_column_lookup_category(column, "blue", &code));
    g_assert_cmpuint(code, ==, 1);
    g_assert_false(pk_column_lookup_category(column, "mauve", NULL));
}

static void test_huge_column_is_nomem(void) {
    g_autoptr(GError) error = NULL;
    PkColumn *column = pk_column_new(PK_COLUMN_TYPE_DOUBLE, "x", G_MAXSIZE / 4, &error);
    g_assert_null(column);
    g_assert_error(error, PK_ERROR, PK_ERROR_NOMEM);
    g_assert_nonnull(strstr(error->message, "too large"));
}

static void test_frame_finds_columns(void) {
    g_autoptr(PkColumn) a = pk_column_new(PK_COLUMN_TYPE_DOUBLE, "a", 5, NULL);
    g_autoptr(PkColumn) b = pk_column_new(PK_COLUMN_TYPE_BOOL, "b", 5, NULL);
    pk_column_publish(a);
    pk_column_publish(b);
    g_autoptr(PkFrame) frame = pk_frame_new();
    pk_frame_add_column(frame, a);
    pk_frame_add_column(frame, b);
    pk_frame_publish(frame);
    g_assert_cmpuint(pk_frame_get_n_columns(frame), ==, 2);
    g_assert_cmpuint(pk_frame_get_n_rows(frame), ==, 5);
    g_assert_true(pk_frame_find_column(frame, "b") == b);
    g_assert_null(pk_frame_find_column(frame, "c"));
}

static void on_cancel(gpointer user_data) {
    (*(int *)user_data)++;
}

static void test_cancel_runs_handlers_once(void) {
    g_autoptr(PkCancel) cancel = pk_cancel_new();
    int calls = 0;
    gulong id = pk_cancel_connect(cancel, on_cancel, &calls);
    g_assert_false(pk_cancel_is_requested(cancel));
    pk_cancel_request(cancel);
    pk_cancel_request(cancel);
    g_assert_cmpint(calls, ==, 1);
    g_autoptr(GError) error = NULL;
    g_assert_true(pk_cancel_set_error_if_requested(cancel, &error));
    g_assert_error(error, PK_ERROR, PK_ERROR_CANCELLED);
    pk_cancel_disconnect(cancel, id);
    pk_cancel_reset(cancel);
    pk_cancel_request(cancel);
    g_assert_cmpint(calls, ==, 1);
    g_assert_false(pk_cancel_is_requested(NULL));
}

static void test_error_code_names_are_stable(void) {
    g_assert_cmpstr(pk_error_code_name(PK_ERROR_RAGGED), ==, "ragged");
    g_assert_cmpstr(pk_error_code_name(PK_ERROR_NOT_FOUND), ==, "not-found");
    g_assert_cmpstr(pk_error_code_name(9999), ==, "failed");
}

int main(int argc, char **argv) {
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/core/column/new-is-all-valid", test_new_is_all_valid);
    g_test_add_func("/core/column/nulls-are-counted", test_nulls_are_counted);
    g_test_add_func("/core/column/null-doubles-are-nan", test_null_doubles_are_nan);
    g_test_add_func("/core/column/resize-keeps-validity", test_resize_keeps_validity);
    g_test_add_func("/core/column/resize-across-buffer-kinds", test_resize_across_buffer_kinds);
    g_test_add_func("/core/column/freed-large-buffers-are-reused",
                    test_freed_large_buffers_are_reused);
    g_test_add_func("/core/buffer/scratch-is-kept-for-the-next-call",
                    test_scratch_is_kept_for_the_next_call);
    g_test_add_func("/core/column/categories-deduplicate", test_categories_deduplicate);
    g_test_add_func("/core/column/huge-column-is-nomem", test_huge_column_is_nomem);
    g_test_add_func("/core/frame/finds-columns", test_frame_finds_columns);
    g_test_add_func("/core/cancel/runs-handlers-once", test_cancel_runs_handlers_once);
    g_test_add_func("/core/error/code-names-are-stable", test_error_code_names_are_stable);
    return pk_test_run();
}
