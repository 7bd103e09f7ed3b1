# The two helpers every layer and test uses.
#
# pika_add_layer(NAME SOURCES file.c... [DEPS target...] [PRIVATE_DEPS target...])
#   Adds static library pika-NAME with include/ public, the project's warnings, and the given
#   dependencies (public: seen by users of the layer; private: the layer's own door).
#
# pika_add_test(NAME SOURCES file.c... [DEPS target...] [LABELS label...] [TIMEOUT s] [ENV k=v...])
#   Adds test executable test-NAME (GLib test framework) registered with ctest under NAME,
#   labelled, run from the build directory with PIKA_TEST_DATA pointing at tests/data and the
#   user's state folder (where the record of caches written lives) inside the build tree. It
#   links pika-test-support: main() returns pk_test_run(), which exits 77 when every case was
#   skipped, and ctest shows the test as Skipped (SKIP_RETURN_CODE 77). TIMEOUT defaults to
#   120 s; sanitizer builds allow 5 times the timeout.

function(pika_add_layer name)
    cmake_parse_arguments(ARG "" "" "SOURCES;DEPS;PRIVATE_DEPS" ${ARGN})
    add_library(pika-${name} STATIC ${ARG_SOURCES})
    target_include_directories(pika-${name}
        PUBLIC "${PROJECT_SOURCE_DIR}/include"
        PRIVATE "${CMAKE_CURRENT_SOURCE_DIR}")
    target_compile_options(pika-${name} PRIVATE ${PIKA_WARNINGS})
    target_link_libraries(pika-${name} PUBLIC ${ARG_DEPS} PRIVATE ${ARG_PRIVATE_DEPS})
    set_target_properties(pika-${name} PROPERTIES POSITION_INDEPENDENT_CODE ON)
endfunction()

function(pika_add_test name)
    cmake_parse_arguments(ARG "" "TIMEOUT" "SOURCES;DEPS;LABELS;ENV" ${ARGN})
    add_executable(test-${name} ${ARG_SOURCES})
    target_compile_options(test-${name} PRIVATE ${PIKA_WARNINGS})
    target_include_directories(test-${name} PRIVATE "${PROJECT_SOURCE_DIR}/tests")
    target_link_libraries(test-${name} PRIVATE ${ARG_DEPS} pika-test-support)
    set_target_properties(test-${name} PROPERTIES RUNTIME_OUTPUT_DIRECTORY
        "${CMAKE_BINARY_DIR}/tests")
    add_test(NAME ${name} COMMAND test-${name} --tap)
    # Sanitizer builds: Mesa's lavapipe leaks a little from its JIT-compiled code, whose frames
    # LeakSanitizer cannot name (so no suppression matches). Tests labelled vulkan keep ASan and
    # UBSan but not leak detection; every other test runs without a Vulkan loader (the CPU
    # answers), so leak detection stays on for all of our own code outside src/compute/vulkan.
    # GLib's slice allocator keeps freed blocks in its own caches, where LeakSanitizer cannot
    # tell a leaked GVariant or GList node from a cached one: sanitizer runs allocate with malloc.
    if(PIKA_SANITIZE)
        list(APPEND ARG_ENV "G_SLICE=always-malloc")
        if("vulkan" IN_LIST ARG_LABELS)
            list(APPEND ARG_ENV "ASAN_OPTIONS=detect_leaks=0:abort_on_error=1")
        else()
            list(APPEND ARG_ENV "PIKA_VULKAN_LOADER=/nonexistent/libvulkan.so.1")
        endif()
    endif()
    if(NOT ARG_TIMEOUT)
        set(ARG_TIMEOUT 120)
    endif()
    if(PIKA_SANITIZE)
        # Under ASan every DuckDB-heavy test is several times slower (a `pika plot` of 1,200
        # rows takes about 10 s instead of 1.4, render-cli-plot runs it 27 times).
        math(EXPR ARG_TIMEOUT "${ARG_TIMEOUT} * 5")
    endif()
    set_tests_properties(${name} PROPERTIES
        LABELS "${ARG_LABELS}"
        TIMEOUT ${ARG_TIMEOUT}
        SKIP_RETURN_CODE 77
        ENVIRONMENT "PIKA_TEST_DATA=${PIKA_TEST_DATA_DIR};PIKA_BUILD_DIR=${CMAKE_BINARY_DIR};PIKA_SOURCE_DIR=${PROJECT_SOURCE_DIR};XDG_STATE_HOME=${CMAKE_BINARY_DIR}/test-state;G_DEBUG=fatal-criticals;${ARG_ENV}")
endfunction()
