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

}  // namespace beacon::routing::testing
