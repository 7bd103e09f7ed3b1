/* main.c — the `pika` command: dispatch to subcommands, --version, --help, exit codes, and
 * Ctrl+C.
 *
 * Ctrl+C: the platform seam (pk_platform_watch_interrupts, installed before any other thread
 * starts) hands it to on_interrupt on a thread of its own, never into a signal handler nor into
 * another thread's system call. The first Ctrl+C requests the process-wide PkCancel, which long
 * work polls or listens to (the data layer interrupts DuckDB), so the command unwinds normally,
 * drops any partial table and exits with PK_CLI_EXIT_INTERRUPT (130). A second Ctrl+C removes the
 * temporary files in progress (pika/path.h) and exits at once with 130.
 *
 * The command table keeps one row per subcommand; a subcommand added later (run, validate,
 * new) is one file, one row here and one line in CMakeLists.txt. */
#include "cli-private.h"

#include "pika/path.h"
#include "platform.h"

#include <errno.h>
#include <stdarg.h>
#include <string.h>

typedef struct {
    const char *name;
    const char *summary;
    PkCliCommandFunc func;
} PkCliCommand;

static const PkCliCommand commands[] = {
#ifdef PIKA_CLI_HAVE_DATA
    {"import", "Import CSV/TSV, Parquet or JSON files into a table", pk_cli_cmd_import},
    {"query", "Run SQL and print the result", pk_cli_cmd_query},
    {"schema", "List tables, or the columns of one table", pk_cli_cmd_schema},
    {"export", "Write a table or a query result to CSV, JSON or Parquet", pk_cli_cmd_export},
#endif
#ifdef PIKA_CLI_HAVE_PLOT
    {"plot", "Draw a plot of a table, query or file to PNG, SVG or PDF", pk_cli_cmd_plot},
#endif
#ifdef PIKA_CLI_HAVE_WORKSPACE
    {"new", "Create a starter workspace from data files", pk_cli_cmd_new},
    {"run", "Evaluate a workspace and write its plots", pk_cli_cmd_run},
    {"validate", "Check a workspace without running its queries", pk_cli_cmd_validate},
#endif
    {"demo-data", "Write the deterministic sample dataset as CSV", pk_cli_cmd_demo_data},
    {"info", "Print versions of Pika-Plot and its libraries", pk_cli_cmd_info},
};

static PkCancel *cli_cancel;
static gboolean cli_show_help;

PkCancel *pk_cli_get_cancel(void) {
    return cli_cancel;
}

/* Runs on the seam's watcher thread for every Ctrl+C. */
static void on_interrupt(guint n_interrupts, gpointer data) {
    (void)data;
    if (n_interrupts > 1) {
        pk_path_discard_all_temps(); /* files half written, a cache half made */
        pk_platform_exit_now(PK_CLI_EXIT_INTERRUPT);
    }
    pk_cancel_request(cli_cancel);
}

/* Makes the process-wide cancel and turns Ctrl+C into a request of it. */
static void interrupt_install(void) {
    cli_cancel = pk_cancel_new();
    pk_platform_watch_interrupts(on_interrupt, NULL);
}

int pk_cli_fail(const char *cmd, const GError *error) {
    fprintf(stderr, "pika: %s: %s\n", cmd, error != NULL ? error->message : "failed");
    if (error != NULL && g_error_matches(error, PK_ERROR, PK_ERROR_CANCELLED)) {
        return PK_CLI_EXIT_INTERRUPT;
    }
    return PK_CLI_EXIT_FAILURE;
}

int pk_cli_usage_error(const char *cmd, const char *format, ...) {
    va_list args;
    va_start(args, format);
    g_autofree char *message = g_strdup_vprintf(format, args);
    va_end(args);
    fprintf(stderr, "pika: %s: %s\nTry 'pika %s --help'.\n", cmd, message, cmd);
    return PK_CLI_EXIT_USAGE;
}

GOptionContext *pk_cli_context_new(const char *cmd, const char *parameter_string,
                                   const char *summary, const GOptionEntry *entries) {
    const GOptionEntry help_entries[] = {
        {"help", 'h', 0, G_OPTION_ARG_NONE, &cli_show_help, "Show this help", NULL},
        G_OPTION_ENTRY_NULL,
    };
    g_autofree char *prgname = g_strdup_printf("pika %s", cmd);
    g_set_prgname(prgname);
    GOptionContext *context = g_option_context_new(parameter_string);
    g_option_context_set_help_enabled(context, FALSE);
    g_option_context_set_summary(context, summary);
    if (entries != NULL) {
        g_option_context_add_main_entries(context, entries, NULL);
    }
    g_option_context_add_main_entries(context, help_entries, NULL);
    return context;
}

int pk_cli_parse(GOptionContext *context, const char *cmd, int *argc, char ***argv) {
    g_autoptr(GError) error = NULL;
    cli_show_help = FALSE;
    if (!g_option_context_parse(context, argc, argv, &error)) {
        return pk_cli_usage_error(cmd, "%s", error->message);
    }
    if (cli_show_help) {
        g_autofree char *help = g_option_context_get_help(context, TRUE, NULL);
        fputs(help, stdout);
        return PK_CLI_EXIT_OK;
    }
    return -1;
}

gboolean pk_cli_parse_count(const char *text, guint64 *out_value) {
    guint64 value = 0;
    if (text == NULL || !g_ascii_string_to_unsigned(text, 10, 0, G_MAXUINT64, &value, NULL)) {
        return FALSE;
    }
    *out_value = value;
    return TRUE;
}

static void print_usage(FILE *out) {
    fputs("Usage: pika COMMAND [OPTION...] [ARGUMENT...]\n\n"
          "Explore large tabular data: import files into an embedded DuckDB database, query,\n"
          "export.\n\nCommands:\n",
          out);
    for (gsize i = 0; i < G_N_ELEMENTS(commands); i++) {
        fprintf(out, "  %-10s  %s\n", commands[i].name, commands[i].summary);
    }
    fputs("\nOptions:\n  -h, --help     Show this help (pika COMMAND --help for a command)\n"
          "  -V, --version  Print the version\n\n"
          "Exit codes: 0 success, 1 failure, 2 usage error, 130 interrupted (Ctrl+C).\n",
          out);
}

static const PkCliCommand *find_command(const char *name) {
    for (gsize i = 0; i < G_N_ELEMENTS(commands); i++) {
        if (strcmp(commands[i].name, name) == 0) {
            return &commands[i];
        }
    }
    return NULL;
}

static int dispatch(int argc, char **argv) {
    if (argc < 2) {
        print_usage(stderr);
        return PK_CLI_EXIT_USAGE;
    }
    const char *name = argv[1];
    if (strcmp(name, "--version") == 0 || strcmp(name, "-V") == 0) {
        printf("pika %s\n", PIKA_VERSION);
        return PK_CLI_EXIT_OK;
    }
    if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0 || strcmp(name, "help") == 0) {
        if (argc > 2 && find_command(argv[2]) != NULL) {
            char *help_argv[] = {argv[2], (char *)"--help", NULL};
            return find_command(argv[2])->func(2, help_argv);
        }
        print_usage(stdout);
        return PK_CLI_EXIT_OK;
    }
    const PkCliCommand *command = find_command(name);
    if (command == NULL) {
        fprintf(stderr, "pika: unknown command '%s'\nTry 'pika --help'.\n", name);
        return PK_CLI_EXIT_USAGE;
    }
    return command->func(argc - 1, argv + 1);
}

int main(int argc, char **argv) {
    interrupt_install(); /* first: before any other thread starts (platform.h) */
    pk_log_init(PK_LOG_LEVEL_WARNING);
    int status = dispatch(argc, argv);
    if (fflush(stdout) != 0 && status == PK_CLI_EXIT_OK) {
        fprintf(stderr, "pika: could not write the output: %s\n", g_strerror(errno));
        status = PK_CLI_EXIT_FAILURE;
    }
    return status;
}
