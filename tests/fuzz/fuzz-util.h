/* fuzz-util.h — what the fuzz targets share: one-time setup of a quiet, strict process, a
 * scratch folder, an in-memory database, and workspace text built around a fuzzed member.
 *
 * Each target defines LLVMFuzzerTestOneInput (libFuzzer's entry point). Built with clang and
 * -fsanitize=fuzzer (PIKA_FUZZ=ON, scripts/fuzz.sh) libFuzzer drives it; in the ordinary build
 * replay.c drives it over the committed corpus, so every input that once crashed stays a test.
 *
 * Strictness: a GLib critical (a failed g_return_if_fail, i.e. a caller's bug) or error aborts,
 * so the fuzzer reports it as a crash; the project's own debug, info, message and warning
 * lines are dropped (they are expected for bad input), other libraries' warnings are printed.
 * Files are written only under the scratch folder. Thread rule: call from the fuzzing thread. */
#pragma once

#include "pika/data.h"
#include "pika/graph.h"

#include <glib.h>
#include <stddef.h>
#include <stdint.h>

G_BEGIN_DECLS

/* libFuzzer's entry point, defined by each target. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Sets the process up once (logging, environment for a small footprint: one DuckDB thread,
 * one compute thread, the CPU compute backend). Safe to call on every input. */
void fuzz_init(void);

/* Prints a line to stderr when PIKA_FUZZ_VERBOSE is set (what an input did: for looking at a
 * corpus, never while fuzzing). */
void fuzz_note(const char *format, ...) G_GNUC_PRINTF(1, 2);

/* This process's scratch folder (under $TMPDIR), created on first use, removed at exit.
 * Borrowed. */
const char *fuzz_tmpdir(void);

/* The process's in-memory database (one thread, 256 MiB, spilling into the scratch folder),
 * opened on first use and closed at exit. Never locked down. Borrowed. */
PkDb *fuzz_db(void);

/* Writes len bytes to path (without the flush to disk of g_file_set_contents, which would
 * make a fuzzer wait on the disk for every input); aborts when it cannot. */
void fuzz_write_file(const char *path, const void *data, gsize len);

/* Runs SQL on the process's database; aborts when it fails (setup, not input). */
void fuzz_exec(const char *sql);

/* The workspace text of one node of kind named name whose "params" member is the len bytes of
 * params, verbatim (the fuzzed part; it may be anything), followed by more_nodes (NULL or
 * text of further nodes, each starting with ',') and edges (NULL or the text of an "edges"
 * array). New string (it may hold NUL bytes from params); its length in *out_len. */
char *fuzz_workspace_text(const char *kind, const char *name, const char *params, gsize len,
                          const char *more_nodes, const char *edges, gsize *out_len);

G_END_DECLS
