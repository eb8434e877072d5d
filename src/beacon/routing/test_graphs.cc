#include "beacon/routing/test_graphs.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <fstream>
#include <sstream>

#include "beacon/geo/distance.h"
#include "beacon/routing/graph_builder.h"

namespace beacon::routing::testing {

Graph MakeGraph(const std::vector<LatLon>& nodes, const std::vector<Street>& streets) {
  GraphBuilder b(WeightUnit::kMilliseconds);
  for (const LatLon& p : nodes) b.AddNode(p);
  std::uint64_t id = 0;
  for (const Street& s : streets) {
    const auto len = static_cast<std::uint32_t>(
        std::llround(geo::HaversineDistance(nodes[s.from], nodes[s.to]).value() * 100));
    ArcInput in{.tail = NodeId{s.from},
                .head = NodeId{s.to},
                .weight = s.ms,
                .length_cm = len,
                .road_class = RoadClass::kResidential,
                .source_id = ++id,
                .name = s.name,
                .shape = {}};
    const ArcId a = b.AddArc(in);
    if (s.two_way) {
      std::swap(in.tail, in.head);
      b.SetTwins(a, b.AddArc(in));
    }
  }
  auto g = std::move(b).Build();
  EXPECT_TRUE(g.ok()) << g.status();
  return std::move(g).value();
}

TempDir::TempDir() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  path_ = std::filesystem::temp_directory_path() /
          ("beacon_routing_test_" + std::to_string(::getpid()) + "_" +
           (info != nullptr ? std::string(info->name()) : std::string("suite")));
  std::filesystem::remove_all(path_);
  std::filesystem::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

void WriteFile(const std::filesystem::path& path, std::string_view text) {
  std::ofstream out(path, std::ios::binary);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
}

std::string ReadFileBytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace beacon::routing::testing
