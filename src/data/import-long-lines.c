/* import-long-lines.c — lines longer than the CSV reader takes.
 *
 * DuckDB reads a CSV line of at most its buffer (or max_line_size) and fails a longer one as
 * "CSV Error on Line: 1" wherever it is, before any ignore_errors applies. On that error the
 * importer asks here for the real place: one streaming pass over the file counts physical
 * lines (a quoted field spanning lines counts as several, which can only make a line look
 * shorter; when no line is found too long, DuckDB's own message stands).
 *
 * With skip_bad_rows, the same pass writes a copy of the file into the temporary folder with
 * each too-long line emptied (its line break kept, so every other line keeps its number, and
 * DuckDB skips empty lines), and the import reads the copy; the emptied lines are reported as
 * rejects of the original file. The copy is registered as temporary (pika/path.h) and removed
 * afterwards. */
#include "import-private.h"

#include "pika/path.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#define READ_BYTES (1u << 20)
#define SHOWN_BYTES 80 /* of a too-long line, in its reject */

typedef struct {
    guint64 limit;
    FILE *out;              /* the copy, or NULL when only looking */
    GString *line;          /* the current line while it is within the limit */
    guint64 line_no;        /* 1-based */
    guint64 line_bytes;     /* of the current line so far, without its break */
    GArray *long_lines;     /* PkReject, for the lines over the limit */
    const char *shown_path; /* the original file, named in rejects */
} Scan;

static void add_long_line(Scan *s) {
    PkReject r = {0};
    r.path = g_strdup(s->shown_path);
    r.line = s->line_no;
    r.error_type = g_strdup("LINE SIZE OVER MAXIMUM");
    r.message = g_strdup_printf("the line is %" G_GUINT64_FORMAT " bytes long, more than the "
                                "limit of %" G_GUINT64_FORMAT " bytes",
                                s->line_bytes, s->limit);
    r.text = g_strdup_printf("%.*s…", (int)MIN(s->line->len, SHOWN_BYTES), s->line->str);
    g_array_append_val(s->long_lines, r);
}

/* The end of the current line (its break not included in bytes). */
static gboolean end_line(Scan *s, const char *brk, gsize brk_len) {
    gboolean too_long = s->line_bytes >= s->limit;
    if (too_long) {
        add_long_line(s);
    }
    if (s->out != NULL &&
        ((!too_long && fwrite(s->line->str, 1, s->line->len, s->out) != s->line->len) ||
         fwrite(brk, 1, brk_len, s->out) != brk_len)) {
        return FALSE;
    }
    g_string_truncate(s->line, 0);
    s->line_bytes = 0;
    s->line_no++;
    return TRUE;
}

/* Adds bytes of the current line; keeps them only while the line is within the limit (and
 * SHOWN_BYTES of a longer one, for its reject). */
static void add_bytes(Scan *s, const char *bytes, gsize n) {
    guint64 keep = s->line_bytes < s->limit ? s->limit - s->line_bytes : 0;
    g_string_append_len(s->line, bytes, (gssize)MIN((guint64)n, keep));
    s->line_bytes += n;
}

static gboolean scan_file(FILE *in, Scan *s) {
    g_autofree char *buffer = g_malloc(READ_BYTES);
    gsize n;
    while ((n = fread(buffer, 1, READ_BYTES, in)) > 0) {
        const char *p = buffer, *end = buffer + n;
        while (p < end) {
            const char *nl = memchr(p, '\n', (gsize)(end - p));
            if (nl == NULL) {
                add_bytes(s, p, (gsize)(end - p));
                break;
            }
            gsize len = (gsize)(nl - p);
            gboolean cr = len > 0 && p[len - 1] == '\r';
            add_bytes(s, p, len - cr);
            if (!end_line(s, cr ? "\r\n" : "\n", cr ? 2 : 1)) {
                return FALSE;
            }
            p = nl + 1;
        }
    }
    if (ferror(in)) {
        return FALSE;
    }
    return s->line_bytes == 0 || end_line(s, "", 0);
}

static void clear_rejects(GArray *rejects) {
    for (guint i = 0; i < rejects->len; i++) {
        PkReject *r = &g_array_index(rejects, PkReject, i);
        g_free(r->path);
        g_free(r->error_type);
        g_free(r->message);
        g_free(r->text);
    }
    g_array_unref(rejects);
}

gboolean pk_import_find_long_lines(const char *path, guint64 limit, gboolean copy,
                                   GArray **out_rejects, char **out_copy, GError **error) {
    FILE *in = g_fopen(path, "rb");
    if (in == NULL) {
        g_set_error(error, PK_ERROR, PK_ERROR_IO, "Cannot read %s: %s.", path, g_strerror(errno));
        return FALSE;
    }
    Scan s = {limit, NULL, g_string_new(NULL), 1, 0, g_array_new(FALSE, TRUE, sizeof(PkReject)),
              path};
    g_autofree char *copy_path = NULL;
    gboolean ok = TRUE;
    if (copy) {
        g_autofree char *base = g_path_get_basename(path);
        g_autofree char *name = g_strdup_printf("pika-XXXXXX-%s", base); /* keeps the extension */
        int fd = g_file_open_tmp(name, &copy_path, error);
        ok = fd >= 0 && (s.out = fdopen(fd, "wb")) != NULL;
        if (ok) {
            pk_path_register_temp(copy_path);
        }
    }
    ok = ok && scan_file(in, &s);
    ok = (s.out == NULL || fclose(s.out) == 0) && ok;
    fclose(in);
    g_string_free(s.line, TRUE);
    if (!ok) {
        if (error != NULL && *error == NULL) {
            g_set_error(error, PK_ERROR, PK_ERROR_IO,
                        "Cannot make a copy of %s without its long lines: %s.", path,
                        g_strerror(errno));
        }
        pk_path_discard_temp(copy_path);
        clear_rejects(s.long_lines);
        return FALSE;
    }
    *out_rejects = s.long_lines;
    if (out_copy != NULL) {
        *out_copy = g_steal_pointer(&copy_path);
    }
    return TRUE;
}

guint64 pk_import_line_limit(const PkImportOptions *opts) {
    return opts->max_line_size > 0 ? opts->max_line_size : PK_IMPORT_CSV_BUFFER_BYTES;
}

void pk_import_explain_long_line(const char *path, const PkImportOptions *opts, GError **error) {
    GArray *long_lines = NULL;
    if (error == NULL || !g_error_matches(*error, PK_ERROR, PK_ERROR_TOO_LARGE) ||
        !pk_import_find_long_lines(path, pk_import_line_limit(opts), FALSE, &long_lines, NULL,
                                   NULL)) {
        return;
    }
    if (long_lines->len > 0) {
        PkReject *first = &g_array_index(long_lines, PkReject, 0);
        g_autofree char *base = g_path_get_basename(path);
        g_clear_error(error);
        g_set_error(error, PK_ERROR, PK_ERROR_TOO_LARGE,
                    "%s, line %" G_GUINT64_FORMAT ": %s. Raise the limit with --max-line-size "
                    "BYTES, or skip such lines with --skip-bad-rows.",
                    base, first->line, first->message);
    }
    clear_rejects(long_lines);
}
