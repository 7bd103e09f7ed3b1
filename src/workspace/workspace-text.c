/* workspace-text.c — error messages of the workspace layer, and the checks made on the raw
 * bytes of a workspace before json-glib sees them.
 *
 * json-glib's parser recurses once per nested array or object, so a file of 100,000 '[' would
 * exhaust the stack: the nesting depth is measured here first by one linear scan that follows
 * strings and escapes (brackets inside strings do not count), and files deeper than
 * PK_WORKSPACE_MAX_DEPTH are refused. The same scan refuses integer literals that do not fit
 * 64 bits (json-glib would wrap them silently), a second value after the top-level one
 * (json-glib reads "{...} {...}" as two statements, keeps the last and leaks the first),
 * escapes that JSON does not have (json-glib reads "\222" as the byte 0x92: not UTF-8) and the
 * escape \u0000 (json-glib would hand over a C string cut at it: "data.csv\u0000.txt" would
 * quietly become "data.csv"). */
#include "workspace-private.h"

#include <stdarg.h>
#include <string.h>

void pk_ws_error(GError **error, int code, const char *name, const char *remedy, const char *fmt,
                 ...) {
    va_list args;
    va_start(args, fmt);
    g_autofree char *what = g_strdup_vprintf(fmt, args);
    va_end(args);
    g_set_error(error, PK_ERROR, code, "%s: %s; %s.", name, what, remedy);
}

void pk_ws_wrap(GError **error, const char *name, const char *where, const char *remedy) {
    if (error == NULL || *error == NULL) {
        return;
    }
    g_autofree char *what = g_strdup((*error)->message);
    gsize n = strlen(what);
    while (n > 0 && (what[n - 1] == '.' || g_ascii_isspace(what[n - 1]))) {
        what[--n] = '\0'; /* the graph's sentences end with a period; ours follows */
    }
    char *message = g_strdup_printf("%s: %s: %s; %s.", name, where, what, remedy);
    g_free((*error)->message);
    (*error)->message = message;
}

/* The 1-based line of byte offset pos. */
static guint line_of(const char *data, gsize pos) {
    guint line = 1;
    for (gsize i = 0; i < pos; i++) {
        line += data[i] == '\n';
    }
    return line;
}

/* Counts the digits of the number starting at data[i] and tells whether it is an integer
 * literal (no '.', no exponent). Returns the index after the number. */
static gsize scan_number(const char *data, gsize len, gsize i, gsize *out_digits,
                         gboolean *out_integer) {
    gsize digits = 0;
    gboolean integer = TRUE;
    for (; i < len; i++) {
        char c = data[i];
        if (c >= '0' && c <= '9') {
            digits++;
        } else if (c == '.' || c == 'e' || c == 'E') {
            integer = FALSE;
        } else if (c != '-' && c != '+') {
            break;
        }
    }
    *out_digits = digits;
    *out_integer = integer;
    return i;
}

static gboolean refuse_second_value(const char *data, gsize i, const char *name, GError **error) {
    pk_ws_error(error, PK_ERROR_PARSE, name, PK_WS_FIX,
                "line %u: a second JSON value follows the first (a workspace is one JSON object; "
                "were two files joined?)",
                line_of(data, i));
    return FALSE;
}

/* The value of the four hex digits at data[i], or -1. */
static int hex4(const char *data, gsize len, gsize i) {
    int value = 0;
    for (gsize k = 0; k < 4; k++) {
        if (i + k >= len || !g_ascii_isxdigit(data[i + k])) {
            return -1;
        }
        value = value * 16 + g_ascii_xdigit_value(data[i + k]);
    }
    return value;
}

/* The escape starting at the backslash data[*i], which must be one of JSON's: json-glib also
 * reads C's octal escapes ("\222") and a lone low surrogate ("\udc00"), which make strings
 * that are not UTF-8. On success *i is the escape's last character. */
static gboolean check_escape(const char *data, gsize len, gsize *i, const char *name,
                             GError **error) {
    gsize at = *i;
    char c = at + 1 < len ? data[at + 1] : '\0';
    if (c != '\0' && strchr("\"\\/bfnrt", c) != NULL) {
        *i = at + 1;
        return TRUE;
    }
    int code = c == 'u' ? hex4(data, len, at + 2) : -1;
    if (code == 0) {
        pk_ws_error(error, PK_ERROR_INVALID, name, PK_WS_FIX,
                    "line %u: a text holds the character \\u0000, which would cut it short "
                    "where it is used",
                    line_of(data, at));
        return FALSE;
    }
    int low = -1;
    if (code >= 0xD800 && code <= 0xDBFF && at + 7 < len && data[at + 6] == '\\' &&
        data[at + 7] == 'u') {
        low = hex4(data, len, at + 8);
    }
    if (code >= 0 && (code < 0xD800 || code > 0xDFFF)) {
        *i = at + 5;
        return TRUE;
    }
    if (low >= 0xDC00 && low <= 0xDFFF) {
        *i = at + 11; /* a high and a low surrogate: one character */
        return TRUE;
    }
    int shown = (int)MIN(c == 'u' ? 6 : 2, len - at);
    for (int k = 1; k < shown; k++) {
        shown = g_ascii_isgraph(data[at + k]) ? shown : 1;
    }
    pk_ws_error(error, PK_ERROR_PARSE, name, PK_WS_FIX,
                "line %u: \"%.*s\" is not a JSON escape (those are \\\" \\\\ \\/ \\b \\f \\n "
                "\\r \\t and \\uXXXX, surrogates in pairs)",
                line_of(data, at), shown, data + at);
    return FALSE;
}

/* One pass over the text outside strings: nesting depth, integer literal lengths, and an
 * object or array that starts after something else at the top level; inside strings, the
 * escapes. */
static gboolean scan_structure(const char *data, gsize len, const char *name, GError **error) {
    guint depth = 0;
    gboolean in_string = FALSE, seen_top = FALSE;
    for (gsize i = 0; i < len; i++) {
        char c = data[i];
        if (in_string) {
            if (c == '\\' && !check_escape(data, len, &i, name, error)) {
                return FALSE;
            } else if (c == '"') {
                in_string = FALSE;
            }
            continue;
        }
        if (depth == 0 && !g_ascii_isspace(c)) {
            if (seen_top && (c == '[' || c == '{')) {
                return refuse_second_value(data, i, name, error);
            }
            seen_top = TRUE;
        }
        if (c == '"') {
            in_string = TRUE;
        } else if (c == '[' || c == '{') {
            if (++depth > PK_WORKSPACE_MAX_DEPTH) {
                pk_ws_error(error, PK_ERROR_TOO_LARGE, name, PK_WS_NOT_OURS,
                            "nested more than %d levels deep (line %u); a workspace is never "
                            "nested that deep, so the file was damaged or made to crash readers",
                            PK_WORKSPACE_MAX_DEPTH, line_of(data, i));
                return FALSE;
            }
        } else if ((c == ']' || c == '}') && depth > 0) {
            depth--;
        } else if (c == '-' || (c >= '0' && c <= '9')) {
            gsize digits;
            gboolean integer;
            gsize end = scan_number(data, len, i, &digits, &integer);
            if (integer && digits > 18) {
                pk_ws_error(error, PK_ERROR_INVALID, name, PK_WS_FIX,
                            "line %u: the integer %.*s is too large (at most 18 digits)",
                            line_of(data, i), (int)MIN(end - i, 40), data + i);
                return FALSE;
            }
            i = end - 1;
        }
    }
    return TRUE;
}

gboolean pk_ws_check_text(const char *data, gsize len, const char *name, gsize *out_skip,
                          GError **error) {
    if (len > PK_WORKSPACE_MAX_FILE_SIZE) {
        pk_ws_error(error, PK_ERROR_TOO_LARGE, name, PK_WS_NOT_OURS,
                    "the file is %" G_GSIZE_FORMAT " bytes, more than a workspace may hold "
                    "(%u MiB of recipes; data lives in the sources)",
                    len, PK_WORKSPACE_MAX_FILE_SIZE / (1024u * 1024u));
        return FALSE;
    }
    gsize skip = 0;
    if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0) {
        skip = 3; /* a UTF-8 byte order mark some editors add */
    }
    if (memchr(data, '\0', len) != NULL) {
        pk_ws_error(error, PK_ERROR_NOT_TEXT, name, PK_WS_NOT_OURS,
                    "the file is binary, not a workspace (workspaces are JSON text)");
        return FALSE;
    }
    gsize i = skip;
    while (i < len && g_ascii_isspace(data[i])) {
        i++;
    }
    if (i == len) {
        pk_ws_error(error, PK_ERROR_EMPTY, name, PK_WS_FIX,
                    "the file is empty (it may have been cut short while being written)");
        return FALSE;
    }
    const char *bad = NULL;
    if (!g_utf8_validate_len(data + skip, len - skip, &bad)) {
        pk_ws_error(error, PK_ERROR_ENCODING, name, PK_WS_NOT_OURS,
                    "line %u is not valid UTF-8 text", line_of(data, (gsize)(bad - data)));
        return FALSE;
    }
    if (!scan_structure(data + skip, len - skip, name, error)) {
        return FALSE;
    }
    *out_skip = skip;
    return TRUE;
}
