# Renders a simulation report.html in headless Chromium and checks that every chart drew: each
# <svg class="chart"> is laid out with a non-zero size and holds drawn marks (rect, line, path,
# circle, polyline or polygon with a non-empty bounding box, as Chromium's layout computes it).
#
#   cmake -DCHROMIUM=/usr/bin/chromium -DREPORT=.../report.html -DWORK=dir -DCHARTS=5
#         -P render_report.cmake
#
# The report itself has no script (it must open anywhere, offline); the check is added to a
# copy, which Chromium loads from a file URL and prints as its DOM after the load event.
foreach(v CHROMIUM REPORT WORK CHARTS)
  if(NOT DEFINED ${v})
    message(FATAL_ERROR "render_report.cmake: -D${v}= is required")
  endif()
endforeach()
if(NOT EXISTS "${CHROMIUM}")
  message(FATAL_ERROR "Chromium not found at ${CHROMIUM} (deps/debian.txt installs it)")
endif()
if(NOT EXISTS "${REPORT}")
  message(FATAL_ERROR "no report at ${REPORT}")
endif()
file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}/profile")
file(READ "${REPORT}" html)
set(check [=[
<script>
window.addEventListener('load', () => {
  const lines = [];
  for (const svg of document.querySelectorAll('svg.chart')) {
    const box = svg.getBoundingClientRect();
    let drawn = 0;
    for (const el of svg.querySelectorAll('rect,line,path,circle,polyline,polygon')) {
      const b = el.getBBox();
      if (b.width > 0 || b.height > 0) drawn++;
    }
    lines.push('CHART ' + Math.round(box.width) + 'x' + Math.round(box.height) + ' marks=' + drawn +
               ' ' + svg.getAttribute('aria-label'));
  }
  const pre = document.createElement('pre');
  pre.id = 'render-check';
  pre.textContent = 'CHARTS=' + lines.length + '\n' + lines.join('\n') + '\nEND';
  document.body.appendChild(pre);
});
</script>
]=])
string(FIND "${html}" "</body>" at)
if(at LESS 0)
  message(FATAL_ERROR "${REPORT}: no </body>")
endif()
string(SUBSTRING "${html}" 0 ${at} head)
string(SUBSTRING "${html}" ${at} -1 tail)
file(WRITE "${WORK}/report.html" "${head}${check}${tail}")
execute_process(
  COMMAND "${CHROMIUM}" --headless --no-sandbox --disable-gpu --disable-background-networking
          --disable-component-update --no-first-run --disable-sync --disable-quic
          --user-data-dir=${WORK}/profile --virtual-time-budget=10000 --dump-dom
          "file://${WORK}/report.html"
  RESULT_VARIABLE code OUTPUT_VARIABLE dom ERROR_VARIABLE err TIMEOUT 120)
if(NOT code EQUAL 0)
  message(FATAL_ERROR "Chromium exited with ${code}:\n${err}")
endif()
string(REGEX MATCH "CHARTS=[0-9]+[^E]*END" result "${dom}")
if(result STREQUAL "")
  message(FATAL_ERROR "the check did not run in Chromium; stderr:\n${err}")
endif()
message("${result}")
string(REGEX MATCH "CHARTS=([0-9]+)" _ "${result}")
if(NOT CMAKE_MATCH_1 EQUAL CHARTS)
  message(FATAL_ERROR "${CMAKE_MATCH_1} chart(s) in the page, expected ${CHARTS}")
endif()
string(REGEX MATCHALL "CHART [1-9][0-9]*x[1-9][0-9]* marks=[1-9][0-9]*" drawn "${result}")
list(LENGTH drawn n)
if(NOT n EQUAL CHARTS)
  message(FATAL_ERROR "only ${n} of ${CHARTS} chart(s) drew (size and marks above)")
endif()
