# Runs a command as a separate process and checks its exit code and output, for CLI tests that
# must see the real process (exit status, stderr).
#
#   cmake -DCMD="path;arg;arg" -DEXIT=2 -DERR_REGEX="--bogus" [-DOUT_REGEX=...] -P expect_run.cmake
execute_process(COMMAND ${CMD} RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
set(ok TRUE)
if(NOT code STREQUAL "${EXIT}")
  message("exit code ${code}, expected ${EXIT}")
  set(ok FALSE)
endif()
if(DEFINED ERR_REGEX AND NOT err MATCHES "${ERR_REGEX}")
  message("stderr does not match '${ERR_REGEX}'")
  set(ok FALSE)
endif()
if(DEFINED OUT_REGEX AND NOT out MATCHES "${OUT_REGEX}")
  message("stdout does not match '${OUT_REGEX}'")
  set(ok FALSE)
endif()
if(NOT ok)
  message(FATAL_ERROR "command: ${CMD}\n--- stdout\n${out}\n--- stderr\n${err}")
endif()
