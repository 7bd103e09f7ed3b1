/* words.h — messages in the window's own words.
 *
 * The layers below the window write their hints for the `pika` command, naming its flags
 * ("import with --skip-bad-rows"). Everything the window shows passes through pk_ui_words,
 * which names the window's controls instead ("turn on “Skip bad rows”"). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* message with command-line hints rewritten for the window. New string; NULL for NULL. */
char *pk_ui_words(const char *message);

G_END_DECLS
