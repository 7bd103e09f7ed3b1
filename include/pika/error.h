/* pika/error.h — the Pika-Plot error domain.
 *
 * Every fallible function in the non-UI layers returns gboolean or a pointer and fills a
 * GError in PK_ERROR with one of the codes below and a message a user can act on. Codes are
 * stable: they are part of the CLI's JSON output and of tests, so new codes go at the end.
 * Thread rule: all functions here are thread-safe. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define PK_ERROR (pk_error_quark())

typedef enum {
    PK_ERROR_FAILED = 1,       /* anything without a better code */
    PK_ERROR_IO = 2,           /* a file could not be read or written */
    PK_ERROR_NOT_FOUND = 3,    /* a file, table, column or node does not exist */
    PK_ERROR_PARSE = 4,        /* input text could not be parsed (CSV, JSON, arguments) */
    PK_ERROR_QUERY = 5,        /* SQL failed to prepare or run */
    PK_ERROR_DEVICE = 6,       /* a compute device failed or was lost */
    PK_ERROR_CANCELLED = 7,    /* the operation was cancelled by its caller */
    PK_ERROR_NOMEM = 8,        /* an allocation that grows with data failed */
    PK_ERROR_INVALID = 9,      /* an argument or option is invalid */
    PK_ERROR_UNSUPPORTED = 10, /* valid, but not supported here (format, operation, device) */
    PK_ERROR_VERSION = 11,     /* a library or file has a version we cannot use */
    PK_ERROR_NOT_TEXT = 12,    /* a file meant to be text is binary */
    PK_ERROR_RAGGED = 13,      /* rows have a different number of columns than the header */
    PK_ERROR_ENCODING = 14,    /* text is not valid UTF-8 (or the chosen encoding) */
    PK_ERROR_TYPE = 15,        /* a value does not fit the requested type */
    PK_ERROR_EMPTY = 16,       /* a file or result has no data */
    PK_ERROR_EXISTS = 17,      /* a table, node or file already exists */
    PK_ERROR_TOO_LARGE = 18,   /* a field, grid or request exceeds a limit */
    PK_ERROR_SECURITY = 19,    /* refused because it would reach outside what is allowed */
    PK_ERROR_UPSTREAM = 20,    /* a node did not run because a node it reads from failed */
    PK_ERROR_BUSY = 21,        /* a file is in use by another program */
} PkErrorCode;

GQuark pk_error_quark(void);

/* Returns the stable lower-case name of a code ("io", "not-found", ...) for machine-readable
 * output; "failed" for unknown codes. Never NULL; static storage. */
const char *pk_error_code_name(int code);

G_END_DECLS
