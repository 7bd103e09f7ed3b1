/* fuzz-util.c — see fuzz-util.h.
 *
 * The scratch folder and the database live for the whole process (libFuzzer runs millions of
 * inputs in one process); atexit removes the folder. A crashed run leaves its folder behind,
 * which is why scripts/fuzz.sh points TMPDIR at a folder of its own. */
#include "fuzz-util.h"

#include <glib/gstdio.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *tmpdir = NULL;
static PkDb *db = NULL;

static GLogWriterOutput write_log(GLogLevelFlags level, const GLogField *fields, gsize n_fields,
                                  gpointer user_data) {
    (void)user_data;
    const char *domain = NULL, *message = "";
    for (gsize i = 0; i < n_fields; i++) {
        if (strcmp(fields[i].key, "GLIB_DOMAIN") == 0) {
            domain = fields[i].value;
        } else if (strcmp(fields[i].key, "MESSAGE") == 0) {
            message = fields[i].value;
        }
    }
    gboolean ours = g_strcmp0(domain, "pika") == 0;
    if (level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL)) {
        fprintf(stderr, "fuzz: %s %s: %s\n", domain != NULL ? domain : "(no domain)",
                (level & G_LOG_LEVEL_ERROR) ? "error" : "critical", message);
        abort();
    }
    if (!ours && (level & G_LOG_LEVEL_WARNING)) {
        fprintf(stderr, "fuzz: %s warning: %s\n", domain != NULL ? domain : "(no domain)", message);
    }
    return G_LOG_WRITER_HANDLED;
}

static void remove_tree(const char *dir) {
    GDir *d = g_dir_open(dir, 0, NULL);
    const char *name;
    while (d != NULL && (name = g_dir_read_name(d)) != NULL) {
        g_autofree char *path = g_build_filename(dir, name, NULL);
        if (g_file_test(path, G_FILE_TEST_IS_DIR) && !g_file_test(path, G_FILE_TEST_IS_SYMLINK)) {
            remove_tree(path);
        } else {
            g_unlink(path);
        }
    }
    if (d != NULL) {
        g_dir_close(d);
    }
    g_rmdir(dir);
}

static void at_exit(void) {
    g_clear_pointer(&db, pk_db_close);
    if (tmpdir != NULL) {
        remove_tree(tmpdir);
        g_clear_pointer(&tmpdir, g_free);
    }
}

/* Fontconfig reads DejaVu only and keeps its cache in the scratch folder, not in $HOME. */
static void set_up_fonts(void) {
    g_autofree char *conf = g_build_filename(fuzz_tmpdir(), "fonts.conf", NULL);
    g_autofree char *cache = g_build_filename(fuzz_tmpdir(), "fontconfig", NULL);
    g_autofree char *text = g_strdup_printf(
        "<?xml version=\"1.0\"?>\n<fontconfig>\n"
        "  <dir>/usr/share/fonts/truetype/dejavu</dir>\n  <cachedir>%s</cachedir>\n"
        "  <alias><family>Sans</family><prefer><family>DejaVu Sans</family></prefer></alias>\n"
        "</fontconfig>\n",
        cache);
    g_autoptr(GError) error = NULL;
    if (!g_file_set_contents(conf, text, -1, &error)) {
        g_error("fuzz: cannot write %s: %s", conf, error->message);
    }
    g_setenv("FONTCONFIG_FILE", conf, TRUE);
}

void fuzz_init(void) {
    static gboolean done = FALSE;
    if (done) {
        return;
    }
    done = TRUE;
    g_log_set_writer_func(write_log, NULL, NULL);
    set_up_fonts();
    /* The CPU answers every plot (no Vulkan driver, whose JIT leaks by design), one thread. */
    g_setenv("PIKA_VULKAN_LOADER", "/nonexistent/libvulkan.so.1", TRUE);
    g_setenv("PIKA_COMPUTE", "cpu", TRUE);
    g_setenv("PIKA_THREADS", "1", TRUE);
    atexit(at_exit);
}

void fuzz_note(const char *format, ...) {
    static int verbose = -1;
    if (verbose < 0) {
        verbose = g_getenv("PIKA_FUZZ_VERBOSE") != NULL;
    }
    if (!verbose) {
        return;
    }
    va_list args;
    va_start(args, format);
    g_autofree char *text = g_strdup_vprintf(format, args);
    va_end(args);
    fprintf(stderr, "fuzz: %s\n", text);
}

const char *fuzz_tmpdir(void) {
    if (tmpdir == NULL) {
        g_autoptr(GError) error = NULL;
        tmpdir = g_dir_make_tmp("pika-fuzz-XXXXXX", &error);
        if (tmpdir == NULL) {
            g_error("fuzz: no scratch folder: %s", error->message);
        }
    }
    return tmpdir;
}

PkDb *fuzz_db(void) {
    if (db == NULL) {
        g_autoptr(GError) error = NULL;
        g_autofree char *spill = g_build_filename(fuzz_tmpdir(), "duckdb-tmp", NULL);
        PkDbOptions opts;
        pk_db_options_defaults(&opts);
        opts.threads = 1;
        opts.memory_limit_bytes = 256u << 20;
        opts.temp_directory = spill;
        db = pk_db_open(NULL, &opts, &error);
        if (db == NULL) {
            g_error("fuzz: no database: %s", error->message);
        }
    }
    return db;
}

void fuzz_write_file(const char *path, const void *data, gsize len) {
    FILE *file = fopen(path, "wb");
    gboolean ok = file != NULL && (len == 0 || fwrite(data, 1, len, file) == len);
    if (file != NULL) {
        ok = fclose(file) == 0 && ok;
    }
    if (!ok) {
        g_error("fuzz: cannot write %s", path);
    }
}

void fuzz_exec(const char *sql) {
    g_autoptr(GError) error = NULL;
    PkConn *conn = pk_db_connect(fuzz_db(), &error);
    gboolean ok = conn != NULL && pk_conn_exec(conn, sql, NULL, &error);
    pk_conn_close(conn);
    if (!ok) {
        g_error("fuzz: setup SQL failed: %s\n%s", error->message, sql);
    }
}

char *fuzz_workspace_text(const char *kind, const char *name, const char *params, gsize len,
                          const char *more_nodes, const char *edges, gsize *out_len) {
    GString *text = g_string_new("{\"format\": \"pika-workspace\", \"version\": 1, \"nodes\": [");
    g_string_append_printf(text, "{\"name\": \"%s\", \"kind\": \"%s\", \"params\": ", name, kind);
    g_string_append_len(text, params, (gssize)len);
    g_string_append_printf(text, "}%s]", more_nodes != NULL ? more_nodes : "");
    if (edges != NULL) {
        g_string_append_printf(text, ", \"edges\": %s", edges);
    }
    g_string_append(text, "}\n");
    *out_len = text->len;
    return g_string_free(text, FALSE);
}
