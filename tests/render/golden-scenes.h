/* golden-scenes.h — the hand-built scenes of the golden-image tests (fixed data, no DuckDB). */
#pragma once

#include "pika/scene.h"

/* Names of every golden scene, NULL-terminated. */
extern const char *const pk_golden_scene_names[];
/* A new scene by name for a page of width × height logical pixels (density grids are sized
 * from the layout at scale 1). */
PkScene *pk_golden_scene_new(const char *name, PkTheme theme, double width, double height);
