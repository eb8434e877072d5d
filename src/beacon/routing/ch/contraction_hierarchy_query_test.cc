// Every CH answer is compared with the plain reference Dijkstra (ch_test_util.h) on generated
// grids and random geometric graphs with one-ways and unreachable pairs.
#include "beacon/routing/ch/contraction_hierarchy_query.h"

#include <gtest/gtest.h>

#include <memory>

#include "beacon/routing/ch/ch_test_util.h"

namespace beacon::routing::ch {
namespace {

using testing::RandomPlaces;
using testing::ReferenceDijkstra;
using testing::Spans;
using testing::ToSeeds;

struct Built {
  testing::NamedGraph named;
  ContractionHierarchy index;
  ReferenceDijkstra reference;
};

// The graphs are built once for the suite (building is the slow part under ASan) and only read.
class ContractionHierarchyQueryTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    graphs_ = std::make_unique<std::vector<Built>>();
    for (testing::NamedGraph& g : testing::TestGraphs()) {
      auto index = ContractionHierarchy::Build(g.graph.num_nodes, g.graph.arcs);
      ASSERT_TRUE(index.ok()) << index.status();
      ReferenceDijkstra reference(g.graph);
      graphs_->push_back({std::move(g), std::move(*index), std::move(reference)});
    }
  }
  static void TearDownTestSuite() { graphs_.reset(); }
  static const std::vector<Built>& Graphs() { return *graphs_; }

 private:
  static inline std::unique_ptr<std::vector<Built>> graphs_;
};

std::vector<Seed> One(std::uint32_t node) { return {Seed{NodeId{node}, 0}}; }

TEST_F(ContractionHierarchyQueryTest, OneToOneEqualsDijkstraOnTenThousandPairsPerGraph) {
  Rng rng(1);
  std::size_t unreachable = 0;
  for (const Built& b : Graphs()) {
    SCOPED_TRACE(b.named.name);
    const std::uint32_t n = b.index.num_nodes();
    ContractionHierarchyQuery query(b.index);
    std::size_t pairs = 0;
    for (int s = 0; s < 200; ++s) {
      const auto source = static_cast<std::uint32_t>(rng.UniformInt(n));
      const auto ref = b.reference.Run(One(source), false);
      for (int t = 0; t < 50; ++t) {
        const auto target = static_cast<std::uint32_t>(rng.UniformInt(n));
        ASSERT_EQ(query.Distance(One(source), One(target)), ref[target])
            << source << " -> " << target;
        ++pairs;
        if (ref[target] == kUnreachable) ++unreachable;
      }
    }
    EXPECT_EQ(pairs, 10'000U);
  }
  EXPECT_GT(unreachable, 0U) << "the generators should leave some pairs unreachable";
}

TEST_F(ContractionHierarchyQueryTest, PathsAreValidAndAsLongAsTheDistance) {
  Rng rng(2);
  for (const Built& b : Graphs()) {
    SCOPED_TRACE(b.named.name);
    const auto& arcs = b.named.graph.arcs;
    ContractionHierarchyQuery query(b.index);
    const auto places = RandomPlaces(b.index.num_nodes(), 1000, 2, 5000, rng);
    for (std::size_t i = 0; i + 1 < places.size(); i += 2) {
      const auto& from = places[i];
      const auto& to = places[i + 1];
      const PathResult path = query.Path(from, to);
      const auto ref = ToSeeds(b.reference.Run(from, false), to);
      ASSERT_EQ(path.distance, ref);
      if (ref == kUnreachable) {
        EXPECT_TRUE(path.arcs.empty());
        EXPECT_TRUE(path.nodes.empty());
        continue;
      }
      ASSERT_EQ(path.nodes.size(), path.arcs.size() + 1);
      std::uint64_t sum = 0;
      for (std::size_t k = 0; k < path.arcs.size(); ++k) {
        const InputArc& arc = arcs[path.arcs[k].value()];
        ASSERT_EQ(arc.tail, path.nodes[k]);
        ASSERT_EQ(arc.head, path.nodes[k + 1]);
        sum += arc.weight_ms;
      }
      // The path starts at a source seed and ends at a target seed whose offsets add up.
      std::uint64_t start_offset = kUnreachable;
      for (const Seed& s : from) {
        if (s.node == path.nodes.front())
          start_offset = std::min<std::uint64_t>(start_offset, s.offset_ms);
      }
      std::uint64_t end_offset = kUnreachable;
      for (const Seed& s : to) {
        if (s.node == path.nodes.back())
          end_offset = std::min<std::uint64_t>(end_offset, s.offset_ms);
      }
      ASSERT_NE(start_offset, kUnreachable);
      ASSERT_NE(end_offset, kUnreachable);
      EXPECT_EQ(start_offset + sum + end_offset, path.distance);
    }
  }
}

TEST_F(ContractionHierarchyQueryTest, SeedsWithOffsetsEqualMultiSourceDijkstra) {
  Rng rng(3);
  for (const Built& b : Graphs()) {
    SCOPED_TRACE(b.named.name);
    ContractionHierarchyQuery query(b.index);
    const auto sources = RandomPlaces(b.index.num_nodes(), 100, 3, 100'000, rng);
    const auto targets = RandomPlaces(b.index.num_nodes(), 30, 3, 100'000, rng);
    for (const auto& from : sources) {
      const auto ref = b.reference.Run(from, false);
      for (const auto& to : targets) ASSERT_EQ(query.Distance(from, to), ToSeeds(ref, to));
    }
  }
}

TEST_F(ContractionHierarchyQueryTest, OneToManyAndManyToOneEqualDijkstraOnRandomFleets) {
  Rng rng(4);
  for (const Built& b : Graphs()) {
    SCOPED_TRACE(b.named.name);
    const std::uint32_t n = b.index.num_nodes();
    ContractionHierarchyQuery query(b.index);
    std::size_t pairs = 0;
    while (pairs < 10'000) {
      const auto fleet_size = 30 + rng.UniformInt(71);
      const auto fleet = RandomPlaces(n, fleet_size, 2, 20'000, rng);
      const auto incident = RandomPlaces(n, 1, 2, 20'000, rng)[0];
      // Incident to every unit.
      const auto from_incident = b.reference.Run(incident, false);
      const auto out = query.OneToMany(incident, Spans(fleet));
      ASSERT_EQ(out.size(), fleet.size());
      for (std::size_t i = 0; i < fleet.size(); ++i) {
        ASSERT_EQ(out[i], ToSeeds(from_incident, fleet[i])) << "unit " << i;
      }
      // Every unit to the incident: a reverse Dijkstra from the incident's seeds.
      const auto to_incident = b.reference.Run(incident, true);
      const auto in = query.ManyToOne(Spans(fleet), incident);
      ASSERT_EQ(in.size(), fleet.size());
      for (std::size_t i = 0; i < fleet.size(); ++i) {
        ASSERT_EQ(in[i], ToSeeds(to_incident, fleet[i])) << "unit " << i;
      }
      pairs += fleet.size();
    }
  }
}

// A fleet kept in CachedPlaces while units move and go off duty between dispatch queries: every
// answer equals the reference Dijkstra, in both roles (units to the incident, and back).
TEST_F(ContractionHierarchyQueryTest, CachedPlacesEqualDijkstraWhileUnitsMove) {
  Rng rng(8);
  for (const Built& b : Graphs()) {
    SCOPED_TRACE(b.named.name);
    const std::uint32_t n = b.index.num_nodes();
    ContractionHierarchyQuery query(b.index);
    for (const auto role : {CachedPlaces::Role::kSources, CachedPlaces::Role::kTargets}) {
      const bool sources = role == CachedPlaces::Role::kSources;
      CachedPlaces fleet(b.index, role);
      auto units = RandomPlaces(n, 100, 2, 20'000, rng);
      std::vector<bool> on_duty(units.size(), true);
      for (std::uint32_t u = 0; u < units.size(); ++u) fleet.Set(query, u, units[u]);
      ASSERT_EQ(fleet.num_slots(), 100U);
      std::size_t pairs = 0;
      std::vector<std::uint64_t> out(fleet.num_slots());
      for (int round = 0; round < 100; ++round) {
        // Between queries a few units move, one goes off duty and one comes back.
        for (int k = 0; k < 5; ++k) {
          const auto u = static_cast<std::uint32_t>(rng.UniformInt(units.size()));
          units[u] = RandomPlaces(n, 1, 2, 20'000, rng)[0];
          fleet.Set(query, u, units[u]);
          on_duty[u] = true;
        }
        const auto off = static_cast<std::uint32_t>(rng.UniformInt(units.size()));
        fleet.Clear(off);
        on_duty[off] = false;
        const auto incident = RandomPlaces(n, 1, 2, 20'000, rng)[0];
        const auto ref = b.reference.Run(incident, /*reverse=*/sources);
        query.Distances(fleet, incident, out);
        for (std::size_t u = 0; u < units.size(); ++u) {
          const std::uint64_t want = on_duty[u] ? ToSeeds(ref, units[u]) : kUnreachable;
          ASSERT_EQ(out[u], want) << "round " << round << " unit " << u;
          ++pairs;
        }
        // The cache answers what the uncached queries answer.
        if (round % 25 == 0) {
          std::vector<std::vector<Seed>> active;
          for (std::size_t u = 0; u < units.size(); ++u) {
            if (on_duty[u]) active.push_back(units[u]);
          }
          const auto plain = sources ? query.ManyToOne(Spans(active), incident)
                                     : query.OneToMany(incident, Spans(active));
          std::size_t k = 0;
          for (std::size_t u = 0; u < units.size(); ++u) {
            if (on_duty[u]) {
              ASSERT_EQ(plain[k++], out[u]);
            }
          }
        }
      }
      EXPECT_EQ(pairs, 10'000U);
      // Emptying every slot leaves no bucket entry behind.
      for (std::uint32_t u = 0; u < units.size(); ++u) fleet.Clear(u);
      EXPECT_EQ(fleet.num_entries(), 0U);
      query.Distances(fleet, units[0], out);
      EXPECT_EQ(out, std::vector<std::uint64_t>(units.size(), kUnreachable));
    }
  }
}

TEST_F(ContractionHierarchyQueryTest, MatrixEqualsDijkstraOnTenThousandPairsPerGraph) {
  Rng rng(5);
  for (const Built& b : Graphs()) {
    SCOPED_TRACE(b.named.name);
    ContractionHierarchyQuery query(b.index);
    const auto sources = RandomPlaces(b.index.num_nodes(), 100, 2, 1000, rng);
    const auto targets = RandomPlaces(b.index.num_nodes(), 100, 2, 1000, rng);
    const auto matrix = query.Matrix(Spans(sources), Spans(targets));
    ASSERT_EQ(matrix.size(), 10'000U);
    for (std::size_t i = 0; i < sources.size(); ++i) {
      const auto ref = b.reference.Run(sources[i], false);
      for (std::size_t j = 0; j < targets.size(); ++j) {
        ASSERT_EQ(matrix[i * targets.size() + j], ToSeeds(ref, targets[j])) << i << ", " << j;
      }
    }
    // Rectangular and empty shapes.
    const auto source_spans = Spans(sources);
    const auto row = query.Matrix(std::span(source_spans).first(1), Spans(targets));
    EXPECT_EQ(std::vector<std::uint64_t>(matrix.begin(), matrix.begin() + 100), row);
    EXPECT_TRUE(query.Matrix(Spans(sources), {}).empty());
    EXPECT_TRUE(query.Matrix({}, Spans(targets)).empty());
  }
}

TEST_F(ContractionHierarchyQueryTest, OneToAllTreeEqualsFullDijkstra) {
  Rng rng(6);
  for (const Built& b : Graphs()) {
    SCOPED_TRACE(b.named.name);
    ContractionHierarchyQuery query(b.index);
    for (const auto& from : RandomPlaces(b.index.num_nodes(), 20, 3, 50'000, rng)) {
      const auto ref = b.reference.Run(from, false);
      const auto all = query.OneToAll(from);
      ASSERT_EQ(std::vector<std::uint64_t>(all.begin(), all.end()), ref);
    }
  }
}

TEST_F(ContractionHierarchyQueryTest, QueryKindsCanBeInterleavedOnOneObject) {
  const Built& b = Graphs().front();
  ContractionHierarchyQuery query(b.index);
  Rng rng(7);
  const auto places = RandomPlaces(b.index.num_nodes(), 20, 1, 0, rng);
  const auto matrix = query.Matrix(Spans(places), Spans(places));
  for (std::size_t i = 0; i < places.size(); ++i) {
    const auto all = query.OneToAll(places[i]);
    const auto row = query.OneToMany(places[i], Spans(places));
    for (std::size_t j = 0; j < places.size(); ++j) {
      EXPECT_EQ(query.Distance(places[i], places[j]), matrix[i * places.size() + j]);
      EXPECT_EQ(row[j], matrix[i * places.size() + j]);
      EXPECT_EQ(all[places[j][0].node.value()], matrix[i * places.size() + j]);
    }
  }
}

}  // namespace
}  // namespace beacon::routing::ch
