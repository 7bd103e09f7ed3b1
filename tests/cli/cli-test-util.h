/* cli-test-util.h — running the built `pika` from tests.
 *
 * The binary is $PIKA_BUILD_DIR/bin/pika. Each run captures stdout, stderr and the exit code
 * (a process killed by a signal reports 128 + the signal, as shells do). Expected outputs live
 * in tests/cli/expected/; with PIKA_UPDATE_EXPECTED=1 in the environment a comparison rewrites
 * the expected file instead (review the diff before keeping it). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
    char *out;
    char *err;
    int status; /* exit code */
} CliRun;

void cli_run_clear(CliRun *run);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(CliRun, cli_run_clear)

/* Path of the built pika. Static storage. */
const char *cli_pika_path(void);
/* Runs pika with the NULL-terminated arguments (after the program name), optionally feeding
 * stdin_text (NULL = none). Asserts that it could be started. */
void cli_run(CliRun *run, const char *stdin_text, const char *first, ...) G_GNUC_NULL_TERMINATED;
void cli_runv(CliRun *run, const char *stdin_text, const char *const *args);

/* tests/cli/fixtures/<name> or tests/data/corpus/<name>. New strings. */
char *cli_fixture(const char *name);
char *cli_corpus(const char *name);

/* A new empty temporary directory, and its recursive removal. */
char *cli_tmpdir(void);
void cli_rmtree(const char *path);

/* Replaces run-dependent parts of an output (durations) with fixed text. New string. */
char *cli_normalise(const char *text);
/* Asserts that text (normalised) equals tests/cli/expected/<name>. */
void cli_assert_expected(const char *text, const char *name);

/* Asserts a failure: the exit code, stdout empty, stderr starting with "pika: <cmd>: " and
 * containing `piece`. */
void cli_assert_failure(const CliRun *run, int status, const char *cmd, const char *piece);

/* Lower-case hex SHA-256 of a file's bytes. New string. */
char *cli_file_sha256(const char *path);

G_END_DECLS
