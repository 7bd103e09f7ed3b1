/* pika/core.h — the core layer in one include: errors, logging, cancellation, columns. */
#pragma once

#include "pika/cancel.h"
#include "pika/column.h"
#include "pika/error.h"
#include "pika/log.h"
#include "pika/path.h"
#include "pika/trust.h"
