# DuckDB: the fetched libduckdb.so and duckdb.h (scripts/fetch-duckdb.sh) as imported target
# PikaDuckDB::duckdb. Only src/data links it. Executables that link the data layer find the
# library through an rpath: the fetched folder in the build tree, $ORIGIN/../lib once installed.
set(PIKA_DUCKDB_DIR "${PROJECT_SOURCE_DIR}/third_party/duckdb" CACHE PATH
    "Folder holding libduckdb.so and duckdb.h")
if(NOT EXISTS "${PIKA_DUCKDB_DIR}/libduckdb.so" OR NOT EXISTS "${PIKA_DUCKDB_DIR}/duckdb.h")
    message(FATAL_ERROR "DuckDB not found in ${PIKA_DUCKDB_DIR}: run scripts/setup.sh first "
                        "(or scripts/fetch-duckdb.sh), or configure with -DPIKA_BUILD_DATA=OFF.")
endif()
add_library(PikaDuckDB::duckdb SHARED IMPORTED GLOBAL)
set_target_properties(PikaDuckDB::duckdb PROPERTIES
    IMPORTED_LOCATION "${PIKA_DUCKDB_DIR}/libduckdb.so"
    IMPORTED_NO_SONAME ON
    INTERFACE_INCLUDE_DIRECTORIES "${PIKA_DUCKDB_DIR}"
    INTERFACE_COMPILE_DEFINITIONS "DUCKDB_API_NO_DEPRECATED")
set(CMAKE_BUILD_RPATH "${PIKA_DUCKDB_DIR}")
set(CMAKE_INSTALL_RPATH "$ORIGIN/../lib")
install(FILES "${PIKA_DUCKDB_DIR}/libduckdb.so" DESTINATION lib)
