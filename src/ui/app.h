/* app.h — PkApp, the application: `pika-plot [WORKSPACE | FILE...]`.
 *
 * Owns the compute engine shared by every window (pk_compute_new with the policy from
 * PIKA_COMPUTE), the style sheet, the theme choice (app.theme: system, light, dark), the
 * About window, the keyboard shortcuts and app.dump-state (Ctrl+Alt+D). A GPU fallback
 * reported by the engine (from a worker) becomes a toast on the active window.
 * Main thread only. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define PK_TYPE_APP (pk_app_get_type())
G_DECLARE_FINAL_TYPE(PkApp, pk_app, PK, APP, AdwApplication)

PkApp *pk_app_new(void);

/* Chooses GTK's renderer before the first window, unless GSK_RENDERER says otherwise: on a
 * machine without a GPU (Linux: no render node under /dev/dri) GTK's GL renderer runs in
 * software (llvmpipe), where its Cairo renderer draws our windows several times faster
 * (docs/PERFORMANCE.md, Desktop application), so GSK_RENDERER is set to "cairo". Returns the
 * renderer chosen ("cairo"), or NULL when GTK chooses. Call before gtk_init. */
const char *pk_app_choose_renderer(void);

/* Logs a step of the start-up with the time since pk_app_new (g_info: PIKA_LOG=info shows
 * "start +123.4 ms: what"). Any thread. */
void pk_app_mark(const char *what);

G_END_DECLS
