# The DuckDB-alone side of bench/import.sh (included from bench/CMakeLists.txt). It links only
# libduckdb; bench/import.sh also builds it by itself with cc when the build tree lacks it.
if(TARGET PikaDuckDB::duckdb)
    add_executable(duckdb-read-csv "${CMAKE_CURRENT_LIST_DIR}/duckdb-read-csv.c")
    target_compile_options(duckdb-read-csv PRIVATE ${PIKA_WARNINGS})
    target_link_libraries(duckdb-read-csv PRIVATE PikaDuckDB::duckdb)
endif()
