// `beacon doctor`: checks that this machine has what Beacon needs (the shared data files and the
// time-zone database) and says what is missing, by name.
#include <fmt/format.h>

#include <filesystem>
#include <memory>

#include "beacon/base/local_time.h"

#include "beacon_version.h"
#include "command.h"
#include "data_dir.h"

namespace beacon::cli {
namespace {

struct DoctorOptions {
  std::string data_dir;
  std::string tz = std::string(TimeZone::kDefaultName);
};

// The shared files later commands read (see ../shared/data/README.md).
constexpr const char* kDataFiles[] = {
    "boston/streets.geojson",       "boston/beacon_hill.osm.pbf",
    "boston/hospitals_hifld.csv",   "boston/hospitals.geojson",
    "boston/firehouses.csv",        "boston/neighborhoods.geojson",
    "boston/tracts_2020.geojson",   "boston/population_by_tract.csv",
    "nemsis/xsd/EMSDataSet_v3.xsd", "nemsis/schematron/EMSDataSet.sch",
};

Status RunDoctor(const DoctorOptions& opts, CommandContext& ctx) {
  ctx.out << "beacon " << kBeaconVersion << "\n";
  BEACON_ASSIGN_OR_RETURN(TimeZone tz, TimeZone::Load(opts.tz));
  const Instant now = ctx.clock.Now();
  ctx.out << fmt::format("time: {} UTC, {} {}\n", FormatUtc(now), tz.FormatIso8601(now), tz.name());
  BEACON_ASSIGN_OR_RETURN(std::filesystem::path dir, ResolveDataDir(opts.data_dir));
  ctx.out << "data: " << dir.string() << "\n";
  int missing = 0;
  std::string first_missing;
  for (const char* rel : kDataFiles) {
    std::error_code ec;
    const auto size = std::filesystem::file_size(dir / rel, ec);
    if (ec) {
      ctx.out << fmt::format("  MISSING  {}\n", rel);
      if (missing++ == 0) first_missing = rel;
    } else {
      ctx.out << fmt::format("  ok {:>10} bytes  {}\n", size, rel);
    }
  }
  if (missing > 0) {
    return NotFoundError(fmt::format("{} of {} data files missing under '{}', first '{}'", missing,
                                     std::size(kDataFiles), dir.string(), first_missing));
  }
  ctx.out << "all checks passed\n";
  return OkStatus();
}

}  // namespace

void RegisterDoctor(CommandRegistry& registry) {
  CLI::App* cmd = registry.Add("doctor", "Check the shared data files and the time-zone database");
  auto opts = std::make_shared<DoctorOptions>();
  cmd->add_option("--data-dir", opts->data_dir,
                  "Shared data directory (default: $BEACON_DATA_DIR, else ../shared/data)");
  cmd->add_option("--tz", opts->tz, "IANA time zone of the city")->capture_default_str();
  registry.SetAction(cmd, [opts](CommandContext& ctx) { return RunDoctor(*opts, ctx); });
}

}  // namespace beacon::cli
