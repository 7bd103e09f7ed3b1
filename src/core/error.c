/* error.c — the PK_ERROR domain and the stable names of its codes. */
#include "pika/error.h"

G_DEFINE_QUARK(pk - error - quark, pk_error)

const char *pk_error_code_name(int code) {
    static const char *const names[] = {
        [PK_ERROR_FAILED] = "failed",       [PK_ERROR_IO] = "io",
        [PK_ERROR_NOT_FOUND] = "not-found", [PK_ERROR_PARSE] = "parse",
        [PK_ERROR_QUERY] = "query",         [PK_ERROR_DEVICE] = "device",
        [PK_ERROR_CANCELLED] = "cancelled", [PK_ERROR_NOMEM] = "nomem",
        [PK_ERROR_INVALID] = "invalid",     [PK_ERROR_UNSUPPORTED] = "unsupported",
        [PK_ERROR_VERSION] = "version",     [PK_ERROR_NOT_TEXT] = "not-text",
        [PK_ERROR_RAGGED] = "ragged",       [PK_ERROR_ENCODING] = "encoding",
        [PK_ERROR_TYPE] = "type",           [PK_ERROR_EMPTY] = "empty",
        [PK_ERROR_EXISTS] = "exists",       [PK_ERROR_TOO_LARGE] = "too-large",
        [PK_ERROR_SECURITY] = "security",   [PK_ERROR_UPSTREAM] = "upstream",
        [PK_ERROR_BUSY] = "busy",
    };
    if (code <= 0 || code >= (int)G_N_ELEMENTS(names) || names[code] == NULL) {
        return "failed";
    }
    return names[code];
}
