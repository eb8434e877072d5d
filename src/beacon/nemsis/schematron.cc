#include "beacon/nemsis/schematron.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <fstream>
#include <sstream>
#include <thread>

extern char** environ;

namespace beacon::nemsis {
namespace {

// Runs argv to completion (or kills it after `timeout`); stderr goes to `err_file`.
Status Run(const std::vector<std::string>& argv, const std::filesystem::path& err_file,
           std::chrono::seconds timeout, std::string_view what) {
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err_file.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0600);
  pid_t pid = 0;
  const int rc = posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) {
    return UnavailableError(fmt::format("{}: cannot run '{}': {} (install default-jre-headless)",
                                        what, argv[0], std::strerror(rc)));
  }
  // The budget is counted in polls (no clock is read: Beacon's time comes from its Clock seam,
  // and a tool's timeout needs no precision).
  constexpr std::chrono::milliseconds kPoll{20};
  const auto polls = std::chrono::duration_cast<std::chrono::milliseconds>(timeout) / kPoll;
  int status = 0;
  for (std::int64_t n = 0;; ++n) {
    const pid_t done = waitpid(pid, &status, WNOHANG);
    if (done == pid) break;
    if (done < 0 && errno != EINTR) return InternalError(fmt::format("{}: waitpid failed", what));
    if (n > polls) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      return DeadlineExceededError(fmt::format("{}: stopped after {} s", what, timeout.count()));
    }
    std::this_thread::sleep_for(kPoll);
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return OkStatus();
  std::ifstream in(err_file);
  std::string line;
  std::string first;
  while (std::getline(in, line)) {
    // Saxon's harmless note about sch:properties is not the reason for a failure.
    if (line.find("sch:properties") != std::string::npos || line.empty()) continue;
    first = line;
    break;
  }
  return InternalError(fmt::format(
      "{} failed ({}): {}", what,
      WIFEXITED(status) ? fmt::format("exit {}", WEXITSTATUS(status)) : std::string("killed"),
      first.empty() ? "see " + err_file.string() : first));
}

Status NeedFile(const std::filesystem::path& p, std::string_view what, std::string_view package) {
  std::error_code ec;
  if (std::filesystem::is_regular_file(p, ec)) return OkStatus();
  return NotFoundError(
      fmt::format("{} '{}' not found (Debian package {})", what, p.string(), package));
}

// An SVRL location by local names: /*[local-name()='EMSDataSet' and namespace-uri()='...']/...
// (or /*:EMSDataSet[namespace-uri()='...'][1]/...) -> /EMSDataSet/Header/...
std::string ShortLocation(const std::string& location) {
  static constexpr std::string_view kNs = "[namespace-uri()='";
  static constexpr std::string_view kLocal = "*[local-name()='";
  std::string s;
  for (std::size_t i = 0; i < location.size();) {
    // The skeleton's form: *[local-name()='eResponse' and namespace-uri()='...'] -> eResponse
    if (location.compare(i, kLocal.size(), kLocal) == 0) {
      const std::size_t name_end = location.find('\'', i + kLocal.size());
      const std::size_t close = location.find(']', name_end == std::string::npos ? i : name_end);
      if (name_end != std::string::npos && close != std::string::npos) {
        s += location.substr(i + kLocal.size(), name_end - i - kLocal.size());
        i = close + 1;
        continue;
      }
    }
    if (location.compare(i, kNs.size(), kNs) == 0) {
      const std::size_t end = location.find("']", i + kNs.size());
      if (end != std::string::npos) {
        i = end + 2;
        continue;
      }
    }
    s += location[i++];
  }
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s.compare(i, 2, "*:") == 0) {
      ++i;
      continue;
    }
    out += s[i];
  }
  return out;
}

std::string Collapse(std::string_view text) {
  std::string out;
  bool space = false;
  for (char c : text) {
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

std::string Attr(const xmlNode* n, const char* name) {
  xmlChar* v = xmlGetProp(n, reinterpret_cast<const xmlChar*>(name));
  if (v == nullptr) return {};
  std::string out = reinterpret_cast<const char*>(v);
  xmlFree(v);
  return out;
}

void Collect(const xmlNode* n, std::vector<Finding>& out) {
  for (; n != nullptr; n = n->next) {
    if (n->type != XML_ELEMENT_NODE) continue;
    const std::string_view name = reinterpret_cast<const char*>(n->name);
    if (name == "failed-assert" || name == "successful-report") {
      Finding f;
      f.rule = Attr(n, "id");
      const std::string role = Attr(n, "role");
      f.severity = role.find("WARN") != std::string::npos ? Severity::kWarning : Severity::kError;
      f.path = ShortLocation(Attr(n, "location"));
      for (const xmlNode* c = n->children; c != nullptr; c = c->next) {
        if (c->type == XML_ELEMENT_NODE &&
            std::string_view(reinterpret_cast<const char*>(c->name)) == "text") {
          xmlChar* t = xmlNodeGetContent(c);
          if (t != nullptr) {
            f.message = Collapse(reinterpret_cast<const char*>(t));
            xmlFree(t);
          }
        }
      }
      out.push_back(std::move(f));
    }
    Collect(n->children, out);
  }
}

Result<std::vector<Finding>> ReadSvrl(const std::filesystem::path& svrl) {
  xmlDoc* doc = xmlReadFile(svrl.c_str(), nullptr, XML_PARSE_NONET | XML_PARSE_NOBLANKS);
  if (doc == nullptr) {
    return DataLossError(fmt::format("schematron report '{}' is not readable XML", svrl.string()));
  }
  std::vector<Finding> out;
  Collect(xmlDocGetRootElement(doc), out);
  xmlFreeDoc(doc);
  return out;
}

}  // namespace

std::string_view WorstRole(const SchematronReport& r) {
  bool warning = false;
  for (const Finding& f : r.findings) {
    if (f.severity == Severity::kError) return "ERROR";
    warning = true;
  }
  return warning ? "WARNING" : "PASS";
}

Result<SchematronValidator> SchematronValidator::Compile(const std::filesystem::path& sch,
                                                         const std::filesystem::path& work_dir,
                                                         SchematronSetup setup) {
  BEACON_RETURN_IF_ERROR(NeedFile(sch, "NEMSIS schematron", "none: ../shared/data/nemsis"));
  BEACON_RETURN_IF_ERROR(NeedFile(setup.saxon_jar, "Saxon-HE", "libsaxonhe-java"));
  BEACON_RETURN_IF_ERROR(NeedFile(setup.skeleton, "ISO Schematron skeleton", "python3-lxml"));
  std::error_code ec;
  std::filesystem::create_directories(work_dir, ec);
  if (ec) {
    return UnavailableError(
        fmt::format("cannot make work directory '{}': {}", work_dir.string(), ec.message()));
  }
  // The skeleton refuses the XSLT 2 query binding; this wrapper accepts it, writes an XSLT 2.0
  // validator and declares the xs: prefix the NEMSIS rules use (xs:dateTime, xs:decimal).
  const std::filesystem::path wrapper = work_dir / "sch2xslt2.xsl";
  {
    std::ofstream w(wrapper);
    w << R"(<?xml version="1.0"?>
<!-- Written by Beacon: runs the ISO Schematron skeleton on an XSLT 2 binding schema. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:axsl="http://www.w3.org/1999/XSL/TransformAlias"
    xmlns:iso="http://purl.oclc.org/dsdl/schematron">
  <xsl:import href="file://)"
      << setup.skeleton.string() << R"("/>
  <xsl:namespace-alias stylesheet-prefix="axsl" result-prefix="xsl"/>
  <xsl:template match="iso:schema[@queryBinding='xslt2']" priority="50">
    <axsl:stylesheet xmlns:xs="http://www.w3.org/2001/XMLSchema">
      <xsl:apply-templates select="iso:ns"/>
      <xsl:attribute name="version">2.0</xsl:attribute>
      <xsl:apply-templates select="." mode="stylesheetbody"/>
    </axsl:stylesheet>
  </xsl:template>
</xsl:stylesheet>
)";
    if (!w) return UnavailableError(fmt::format("cannot write '{}'", wrapper.string()));
  }
  SchematronValidator v;
  v.setup_ = std::move(setup);
  v.work_dir_ = work_dir;
  v.xslt_ = work_dir / "EMSDataSet.sch.xsl";
  BEACON_RETURN_IF_ERROR(
      Run({v.setup_.java.string(), "-Xmx" + v.setup_.max_heap, "-jar", v.setup_.saxon_jar.string(),
           "-s:" + sch.string(), "-xsl:" + wrapper.string(), "-o:" + v.xslt_.string(),
           "allow-foreign=true"},
          work_dir / "compile.err", v.setup_.timeout, "compiling the schematron"));
  return v;
}

Result<std::vector<SchematronReport>> SchematronValidator::Validate(
    std::span<const std::filesystem::path> files) const {
  std::vector<SchematronReport> reports;
  if (files.empty()) return reports;
  // One Saxon run over a directory of links named by position (two inputs may share a name).
  const std::filesystem::path in = work_dir_ / "in";
  const std::filesystem::path out = work_dir_ / "out";
  std::error_code ec;
  std::filesystem::remove_all(in, ec);
  std::filesystem::remove_all(out, ec);
  std::filesystem::create_directories(in, ec);
  std::filesystem::create_directories(out, ec);
  if (ec)
    return UnavailableError(fmt::format("cannot prepare '{}': {}", in.string(), ec.message()));
  for (std::size_t i = 0; i < files.size(); ++i) {
    const std::filesystem::path target = std::filesystem::absolute(files[i], ec);
    if (ec || !std::filesystem::is_regular_file(target, ec)) {
      return NotFoundError(fmt::format("cannot read '{}'", files[i].string()));
    }
    std::filesystem::create_symlink(target, in / fmt::format("{:06}.xml", i), ec);
    if (ec)
      return UnavailableError(fmt::format("cannot link '{}': {}", target.string(), ec.message()));
  }
  BEACON_RETURN_IF_ERROR(
      Run({setup_.java.string(), "-Xmx" + setup_.max_heap, "-jar", setup_.saxon_jar.string(),
           "-s:" + in.string(), "-xsl:" + xslt_.string(), "-o:" + out.string()},
          work_dir_ / "validate.err", setup_.timeout, "running the schematron"));
  for (std::size_t i = 0; i < files.size(); ++i) {
    BEACON_ASSIGN_OR_RETURN(std::vector<Finding> findings,
                            ReadSvrl(out / fmt::format("{:06}.xml", i)));
    reports.push_back({files[i], std::move(findings)});
  }
  return reports;
}

}  // namespace beacon::nemsis
