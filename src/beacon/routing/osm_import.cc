#include "beacon/routing/osm_import.h"

#include <fmt/format.h>

namespace beacon::routing {

Result<Graph> ImportOsm(const std::filesystem::path& path, const Profile&, ImportReport*) {
  return UnimplementedError(fmt::format("'{}': OSM PBF import is not built yet", path.string()));
}

}  // namespace beacon::routing
