# Per-target warnings and sanitizers. Never global flags: third-party code is not ours to fix.
function(beacon_set_warnings target)
  target_compile_options(${target} PRIVATE
    -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion -Wnon-virtual-dtor
    -Wold-style-cast -Wcast-align -Woverloaded-virtual -Wnull-dereference -Wdouble-promotion
    -Wformat=2 -Wimplicit-fallthrough -Wmisleading-indentation -Wduplicated-cond
    -Wduplicated-branches -Wlogical-op -Wuseless-cast)
  if(BEACON_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()

function(beacon_set_sanitizers target)
  if(BEACON_SANITIZE)
    target_compile_options(${target} PRIVATE -fsanitize=${BEACON_SANITIZE} -fno-omit-frame-pointer
      -fno-sanitize-recover=all)
    target_link_options(${target} PRIVATE -fsanitize=${BEACON_SANITIZE})
    if(BEACON_SANITIZE STREQUAL "thread")
      # Asio's scheduler, inlined into our code under TSan, uses atomic_thread_fence (GCC warns
      # TSan does not model it) and trips -Wnull-dereference at -O1; both are Boost's, not ours.
      target_compile_options(${target} PRIVATE -Wno-tsan -Wno-null-dereference)
    endif()
  endif()
endfunction()
