/* data-fixture.h — the fixture the data-layer tests share: an in-memory database, a
 * connection to it, and a temporary folder for the files a test writes (removed with them). */
#pragma once

#include "pika/data.h"

typedef struct {
    PkDb *db;
    PkConn *conn;
    char *dir;
} Fixture;

void fixture_set_up(Fixture *f, gconstpointer data);
void fixture_tear_down(Fixture *f, gconstpointer data);
