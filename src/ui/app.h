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

/* Logs a step of the start-up with the time since pk_app_new (g_info: PIKA_LOG=info shows
 * "start +123.4 ms: what"). Any thread. */
void pk_app_mark(const char *what);

G_END_DECLS
