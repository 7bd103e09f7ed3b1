/* words.c — command-line hints rewritten for the window (words.h).
 *
 * Longer phrases come first, so a whole sentence is rewritten before the flag inside it. */
#include "words.h"

static const struct {
    const char *cli, *window;
} phrases[] = {
    {"Raise the limit with --max-line-size BYTES, or skip such lines with --skip-bad-rows.",
     "Turn on “Skip bad rows” in the import dialog to skip such lines."},
    {"Raise the limit with --max-line-size BYTES.",
     "Split the long lines, or turn on “Skip bad rows” in the import dialog to skip them."},
    {"import with --skip-bad-rows", "turn on “Skip bad rows” in the import dialog"},
    {"or use --skip-bad-rows", "or turn on “Skip bad rows” in the import dialog"},
    {"--skip-bad-rows", "“Skip bad rows” in the import dialog"},
    {"import it with --encoding latin-1", "choose the Latin-1 encoding in the import dialog"},
    {"(--delimiter)", "(Delimiter)"},
    {" or replace it (--replace)", ""},
    {"--value and --agg apply", "Value and Aggregate apply"},
    {"use --type heatmap", "choose the heatmap type"},
    {"(--value)", "(Value)"},
    {"(--agg)", "(Aggregate)"},
    {"use --bucket auto", "choose the time bucket auto"},
    {"--delimiter", "Delimiter"},
    {"--value", "Value"},
    {"--agg", "Aggregate"},
    {"--bucket", "Time bucket"},
    {"--type ", "the type "},
};

char *pk_ui_words(const char *message) {
    if (message == NULL) {
        return NULL;
    }
    GString *text = g_string_new(message);
    for (guint i = 0; i < G_N_ELEMENTS(phrases); i++) {
        g_string_replace(text, phrases[i].cli, phrases[i].window, 0);
    }
    return g_string_free(text, FALSE);
}
