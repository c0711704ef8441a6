// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// jobmatch::SolveAssignment (max weight) against LEMON's NetworkSimplex on
// the same graphs and the same integer objective. Benchmark-only: built
// when LEMON is installed (Debian liblemon-dev, scripts/install_deps.sh
// --bench); the library never links it.
//
//   build/bench/compare_lemon                      # random and city graphs
//   build/bench/compare_lemon --graph=all --pivot=block,candidate --repeat=3
//   build/bench/compare_lemon --graph=random --rows=20000 --cols=4000 --openings=12000
//   build/bench/compare_lemon --graph=random --weight_levels=4   # few distinct weights: many ties
//   build/bench/compare_lemon --graph=all --objective=cardinality  # most placements, then weight
//   build/bench/compare_lemon --graph=all --objective=households   # most households covered first
//   build/bench/compare_lemon --graph=skewed --write_graph=/tmp/g.bin   # then, e.g.:
//   perf record -g build/bench/compare_lemon --solver=jobmatch --graph_file=/tmp/g.bin
//
// Graph families (bench_graphs.h), all at --rows x --cols with --openings and
// --per_row edges per seeker: random (uniform columns and weights), levelsN
// (random with weights rounded up to multiples of 1/N: ties everywhere),
// city (top-k lists of the synthetic city), skewed (a few vacancies wanted by
// many seekers, and better), district (--districts regions; seekers reach
// only their own district's vacancies). --graph=all runs random, levels4,
// levels10, city, skewed and district.
//
// --pivot takes one of LEMON's rules, a comma-separated list or "all"; each
// rule runs as its own child, and the summary compares jobmatch with the
// fastest rule (lowest minimum total time). jobmatch runs with its default
// options: one thread (num_threads = 1); a graph with several components is
// solved component by component (split_components) on that thread.
//
// For each graph the parent process builds the graph once (random: the
// RandomGraph of bench_graphs.h with the same seed as bench_assignment;
// city: CityGraph, top-30 lists of the synthetic city), writes it to a
// temporary file and runs each solver in a child process of its own
// (`--solver=jobmatch|lemon --graph_file=F`), so each child's peak RSS
// (getrusage ru_maxrss) is its solver's alone on top of the loaded edge list.
//
// The LEMON network is the one SolveAssignment builds internally: one node
// per seeker with a usable edge (supply 1) and per vacancy it reaches, a
// sink (supply -seekers; SolveAssignment gives each connected component a
// sink of its own, which has the same optima); seeker -> sink "stay unassigned" (cap 1, cost 0),
// vacancy -> sink (cap openings, cost 0), seeker -> vacancy (cap 1, cost
// -llround(w * 2^30 / max|w|)) for the usable edges (weight >= 0, the
// heaviest of duplicate pairs, lowest index on ties; vacancies with openings).
// Giving each seeker supply 1 with an unassigned arc is the same as a source
// with source -> seeker arcs of capacity 1.
//
// --objective=cardinality: jobmatch runs kMaxCardinalityThenWeight; LEMON
// gets the same network with the "stay unassigned" arcs priced at a big M =
// (min(seekers, openings) + 1) * 2^30 (more than any change of the total
// quantised weight, so one solve is lexicographic: most placements, then the
// weight); the program checks that both place as many seekers and reach the
// same integer weight objective (and that LEMON's totalCost is that
// objective plus M per unplaced seeker).
//
// --objective=households: household coverage (cover_groups, then weight).
// Every seeker r with (r / 3) % 5 == 0 belongs to household r / 3 (a fifth
// of the seekers, in households of three: HouseholdOf). LEMON gets the
// lexicographic network in one solve: per household a node G (supply 1,
// G -> sink at cost 0 = "not covered"), per member r the chain r_in -> r_mid
// -> r_out with capacity 1, r_in -> sink (stay unplaced), G -> r_mid at cost
// -M (covering the household through r) and r_out -> vacancies; the
// program checks equal coverage, placements and integer weight objective. Both solvers thus
// minimise the same integer cost; the program checks that the two optima are equal exactly, that
// the float total weights agree within 1e-6 relative, and that both assignments are feasible, and
// exits with status 1 otherwise.
//
// Times are wall clock. jobmatch: the whole SolveAssignment call, from the
// EdgeList to the Assignment (validation, duplicate removal, network
// construction, solve, extraction). LEMON: "build" (usable edges,
// quantisation, SmartDigraph, NetworkSimplex construction and maps) and
// "solve" (NetworkSimplex::run) separately, plus extraction. The ratio is
// LEMON / jobmatch, so > 1 means jobmatch is faster.
#include <malloc.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "jobmatch/matching/assignment.h"
#include "lemon/network_simplex.h"
#include "lemon/smart_graph.h"
#include "matching/bench_graphs.h"

namespace {

using jobmatch::bench::Graph;
using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

// CPU time of this process (user + system): on a shared machine it varies
// less than wall time when other jobs compete for the cores.
double CpuSeconds() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}

int64_t MaxRssKb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss;  // kilobytes on Linux
}

// ---------------------------------------------------------------------------
// Graph file: a plain binary dump, read back by the child processes.

constexpr uint64_t kMagic = 0x314d4c4a4d424f4aULL;  // "JOBMJLM1"

template <typename T>
void WriteVec(std::ofstream& f, const std::vector<T>& v) {
  const uint64_t n = v.size();
  f.write(reinterpret_cast<const char*>(&n), sizeof n);
  f.write(reinterpret_cast<const char*>(v.data()), static_cast<std::streamsize>(n * sizeof(T)));
}

template <typename T>
bool ReadVec(std::ifstream& f, std::vector<T>& v) {
  uint64_t n = 0;
  if (!f.read(reinterpret_cast<char*>(&n), sizeof n)) return false;
  v.resize(n);
  return static_cast<bool>(
      f.read(reinterpret_cast<char*>(v.data()), static_cast<std::streamsize>(n * sizeof(T))));
}

bool SaveGraph(const Graph& g, const std::string& path) {
  std::ofstream f(path, std::ios::binary);
  f.write(reinterpret_cast<const char*>(&kMagic), sizeof kMagic);
  f.write(reinterpret_cast<const char*>(&g.rows), sizeof g.rows);
  WriteVec(f, g.capacity);
  WriteVec(f, g.edges.row);
  WriteVec(f, g.edges.col);
  WriteVec(f, g.edges.weight);
  return static_cast<bool>(f);
}

bool LoadGraph(const std::string& path, Graph& g) {
  std::ifstream f(path, std::ios::binary);
  uint64_t magic = 0;
  if (!f.read(reinterpret_cast<char*>(&magic), sizeof magic) || magic != kMagic) return false;
  if (!f.read(reinterpret_cast<char*>(&g.rows), sizeof g.rows)) return false;
  return ReadVec(f, g.capacity) && ReadVec(f, g.edges.row) && ReadVec(f, g.edges.col) &&
         ReadVec(f, g.edges.weight) && g.edges.col.size() == g.edges.row.size() &&
         g.edges.weight.size() == g.edges.row.size();
}

// ---------------------------------------------------------------------------
// The quantisation and usable edges of lib/assignment.cc (kMaxWeight,
// min_weight = -inf), rewritten here so the LEMON side does not call into
// jobmatch.

// 2^30 / max|w| over the usable edges (weight >= 0), as in SolveAssignment.
double Quantum(const Graph& g) {
  float max_abs = 0.0f;
  for (float w : g.edges.weight) {
    if (w >= 0.0f) max_abs = std::max(max_abs, std::abs(w));
  }
  return max_abs > 0.0f ? std::ldexp(1.0, 30) / max_abs : 1.0;
}

int64_t EdgeCost(float w, double q) { return -std::llround(static_cast<double>(w) * q); }

// Usable edges into columns with openings: weight >= 0, one per (row, col)
// pair, the heaviest (lowest index on ties). Sorted by row, then column.
std::vector<int64_t> UsableEdges(const Graph& g) {
  const int64_t m = g.edges.size();
  std::vector<int64_t> start(g.rows + 1, 0);
  for (int64_t i = 0; i < m; ++i) ++start[g.edges.row[i] + 1];
  for (int64_t r = 0; r < g.rows; ++r) start[r + 1] += start[r];
  std::vector<int64_t> by_row(m), fill(start.begin(), start.end() - 1);
  for (int64_t i = 0; i < m; ++i) by_row[fill[g.edges.row[i]]++] = i;  // index order within a row
  std::vector<int64_t> out;
  out.reserve(m);
  for (int64_t r = 0; r < g.rows; ++r) {
    auto b = by_row.begin() + start[r], e = by_row.begin() + start[r + 1];
    std::stable_sort(b, e, [&](int64_t x, int64_t y) { return g.edges.col[x] < g.edges.col[y]; });
    for (auto it = b; it != e;) {
      auto jt = it;
      int64_t best = *it;
      for (; jt != e && g.edges.col[*jt] == g.edges.col[*it]; ++jt) {
        if (g.edges.weight[*jt] > g.edges.weight[best]) best = *jt;
      }
      if (g.edges.weight[best] >= 0.0f && g.capacity[g.edges.col[best]] > 0) out.push_back(best);
      it = jt;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------
// One solver's result, as a child prints it and the parent reads it.

struct Result {
  std::string solver;
  double build_s = 0, solve_s = 0, extract_s = 0, total_s = 0;
  double cpu_s = 0;       // CPU time over total_s
  int64_t objective = 0;  // the integer cost both solvers minimise
  double weight = 0;      // sum of the chosen edges' float weights
  int64_t placed = 0;
  int64_t covered = 0;  // --objective=households: households with a member placed
  int64_t usable_edges = 0, nodes = 0, arcs = 0;
  int64_t rss_base_kb = 0, rss_peak_kb = 0;
  bool feasible = false;
  std::string status = "ok";
};

std::string Format(const Result& r) {
  char buf[1024];
  std::snprintf(buf, sizeof buf,
                "RESULT solver=%s build_s=%.6f solve_s=%.6f extract_s=%.6f total_s=%.6f cpu_s=%.6f "
                "objective=%lld "
                "weight=%.17g placed=%lld covered=%lld usable_edges=%lld nodes=%lld arcs=%lld "
                "rss_base_kb=%lld "
                "rss_peak_kb=%lld feasible=%d status=%s",
                r.solver.c_str(), r.build_s, r.solve_s, r.extract_s, r.total_s, r.cpu_s,
                static_cast<long long>(r.objective), r.weight, static_cast<long long>(r.placed),
                static_cast<long long>(r.covered), static_cast<long long>(r.usable_edges),
                static_cast<long long>(r.nodes), static_cast<long long>(r.arcs),
                static_cast<long long>(r.rss_base_kb), static_cast<long long>(r.rss_peak_kb),
                r.feasible ? 1 : 0, r.status.c_str());
  return buf;
}

bool Parse(const std::string& line, Result& r) {
  if (line.rfind("RESULT ", 0) != 0) return false;
  std::map<std::string, std::string> kv;
  std::istringstream in(line.substr(7));
  std::string tok;
  while (in >> tok) {
    const auto eq = tok.find('=');
    if (eq != std::string::npos) kv[tok.substr(0, eq)] = tok.substr(eq + 1);
  }
  auto d = [&](const char* k) { return std::strtod(kv[k].c_str(), nullptr); };
  auto i = [&](const char* k) {
    return static_cast<int64_t>(std::strtoll(kv[k].c_str(), nullptr, 10));
  };
  r.solver = kv["solver"];
  r.build_s = d("build_s");
  r.solve_s = d("solve_s");
  r.extract_s = d("extract_s");
  r.total_s = d("total_s");
  r.cpu_s = d("cpu_s");
  r.objective = i("objective");
  r.weight = d("weight");
  r.placed = i("placed");
  r.covered = i("covered");
  r.usable_edges = i("usable_edges");
  r.nodes = i("nodes");
  r.arcs = i("arcs");
  r.rss_base_kb = i("rss_base_kb");
  r.rss_peak_kb = i("rss_peak_kb");
  r.feasible = i("feasible") != 0;
  r.status = kv["status"];
  return !r.solver.empty();
}

// Objective, weight, placements and feasibility of an assignment given as
// the chosen edge of each row (-1 = none).
void Score(const Graph& g, const std::vector<int64_t>& edge_of_row, double q, Result& r) {
  r.objective = 0;
  r.weight = 0;
  r.placed = 0;
  r.feasible = static_cast<int64_t>(edge_of_row.size()) == g.rows;
  std::vector<int64_t> load(g.capacity.size(), 0);
  for (int64_t row = 0; row < static_cast<int64_t>(edge_of_row.size()); ++row) {
    const int64_t i = edge_of_row[row];
    if (i < 0) continue;
    if (i >= g.edges.size() || g.edges.row[i] != row || g.edges.weight[i] < 0.0f) {
      r.feasible = false;
      continue;
    }
    const int64_t c = g.edges.col[i];
    if (++load[c] > g.capacity[c]) r.feasible = false;
    ++r.placed;
    r.weight += g.edges.weight[i];
    r.objective += EdgeCost(g.edges.weight[i], q);
  }
}

// --objective=households: the household of seeker r, or -1.
int64_t HouseholdOf(int64_t r) { return (r / 3) % 5 == 0 ? r / 3 : -1; }

int64_t GroupsCovered(const Graph& g, const std::vector<int64_t>& edge_of_row) {
  std::vector<uint8_t> covered(static_cast<size_t>(g.rows / 3 + 1), 0);
  int64_t n = 0;
  for (int64_t r = 0; r < static_cast<int64_t>(edge_of_row.size()); ++r) {
    const int64_t h = HouseholdOf(r);
    if (h >= 0 && edge_of_row[r] >= 0 && !covered[h]) {
      covered[h] = 1;
      ++n;
    }
  }
  return n;
}

Result RunJobmatch(const Graph& g, const std::string& objective) {
  const bool cardinality = objective == "cardinality";
  Result r;
  r.solver = "jobmatch";
  const double q = Quantum(g);
  jobmatch::AssignmentOptions o;
  o.objective = cardinality ? jobmatch::AssignmentObjective::kMaxCardinalityThenWeight
                            : jobmatch::AssignmentObjective::kMaxWeight;
  if (objective == "households") {
    o.cover_groups = true;
    o.row_group.resize(static_cast<size_t>(g.rows));
    for (int64_t r = 0; r < g.rows; ++r) o.row_group[r] = HouseholdOf(r);
  }
  malloc_trim(0);
  r.rss_base_kb = MaxRssKb();
  const double c0 = CpuSeconds();
  const auto t0 = Clock::now();
  auto a = jobmatch::SolveAssignment(g.rows, g.capacity, g.edges, o);
  const auto t1 = Clock::now();
  r.cpu_s = CpuSeconds() - c0;
  r.rss_peak_kb = MaxRssKb();
  r.total_s = r.solve_s = Seconds(t0, t1);
  if (!a.ok()) {
    r.status = "error";
    std::fprintf(stderr, "jobmatch: %s\n", std::string(a.status().message()).c_str());
    return r;
  }
  Score(g, a->edge_of_row, q, r);
  r.covered = GroupsCovered(g, a->edge_of_row);
  if (std::abs(r.weight - a->total_weight) > 1e-9 * std::max(1.0, std::abs(r.weight)))
    r.feasible = false;
  // The network SolveAssignment builds (lib/assignment.cc): rows and columns
  // with a usable edge, a sink; rows -> sink, columns -> sink, edges.
  const std::vector<int64_t> usable = UsableEdges(g);
  std::vector<uint8_t> row_seen(g.rows, 0), col_seen(g.capacity.size(), 0);
  for (int64_t i : usable) {
    row_seen[g.edges.row[i]] = 1;
    col_seen[g.edges.col[i]] = 1;
  }
  int64_t nr = 0, nc = 0;
  for (uint8_t x : row_seen) nr += x;
  for (uint8_t x : col_seen) nc += x;
  r.usable_edges = static_cast<int64_t>(usable.size());
  r.nodes = nr + nc + 1;
  r.arcs = nr + nc + r.usable_edges;
  return r;
}

using Digraph = lemon::SmartDigraph;
// Flow amounts fit in int; costs and potentials need 64 bits (a potential
// is a sum of costs along a tree path, each up to 2^30).
using Simplex = lemon::NetworkSimplex<Digraph, int32_t, int64_t>;

Simplex::PivotRule PivotRule(const std::string& pivot) {
  auto rule = Simplex::BLOCK_SEARCH;
  if (pivot == "first") rule = Simplex::FIRST_ELIGIBLE;
  if (pivot == "best") rule = Simplex::BEST_ELIGIBLE;
  if (pivot == "candidate") rule = Simplex::CANDIDATE_LIST;
  if (pivot == "altering") rule = Simplex::ALTERING_LIST;
  return rule;
}

int64_t Openings(const Graph& g) {
  int64_t openings = 0;
  for (int32_t c : g.capacity) openings += c;
  return openings;
}

// Node ids as in SolveAssignment: rows, then columns, in order of first
// appearance among the usable edges; then the sink (id n).
struct NodeIds {
  std::vector<int32_t> row_node, col_node;  // -1: no usable edge
  int32_t num_row_nodes = 0;
  int32_t n = 0;  // row and column nodes
};

NodeIds NumberNodes(const Graph& g, const std::vector<int64_t>& usable) {
  NodeIds ids;
  ids.row_node.assign(g.rows, -1);
  ids.col_node.assign(g.capacity.size(), -1);
  int32_t n = 0;
  for (int64_t i : usable) {
    if (ids.row_node[g.edges.row[i]] < 0) ids.row_node[g.edges.row[i]] = n++;
  }
  ids.num_row_nodes = n;
  for (int64_t i : usable) {
    if (ids.col_node[g.edges.col[i]] < 0) ids.col_node[g.edges.col[i]] = n++;
  }
  ids.n = n;
  return ids;
}

// The LEMON graph and its maps, built in place by the Add* steps below.
struct Network {
  Digraph& graph;
  Digraph::ArcMap<int32_t>& cap;
  Digraph::ArcMap<int64_t>& cost;
  Digraph::NodeMap<int32_t>& supply;
  Digraph::Node sink;

  void Arc(Digraph::Node a, Digraph::Node b, int32_t c, int64_t k) {
    const Digraph::Arc x = graph.addArc(a, b);
    cap[x] = c;
    cost[x] = k;
  }
};

// Row -> sink "stay unassigned" arcs at cost big_m (supply 1 per row), the
// sink's supply, and column -> sink arcs (capacity = openings, cost 0).
void AddSinkArcs(const Graph& g, const NodeIds& ids, int64_t big_m, Network& net) {
  for (int64_t row = 0; row < g.rows; ++row) {
    if (ids.row_node[row] < 0) continue;
    const Digraph::Arc a = net.graph.addArc(net.graph.nodeFromId(ids.row_node[row]), net.sink);
    net.cap[a] = 1;
    net.cost[a] = big_m;
    net.supply[net.graph.nodeFromId(ids.row_node[row])] = 1;
  }
  net.supply[net.sink] = -ids.num_row_nodes;
  for (size_t c = 0; c < g.capacity.size(); ++c) {
    if (ids.col_node[c] < 0) continue;
    const Digraph::Arc a = net.graph.addArc(net.graph.nodeFromId(ids.col_node[c]), net.sink);
    net.cap[a] = g.capacity[c];
    net.cost[a] = 0;
  }
}

// Households: per member r_in (its row node) -> r_mid -> r_out, and per
// household G -> r_mid at cost -big_h; a member's edges leave from r_out.
// Returns the node each row's edges leave from (its row node when
// `households` is false).
std::vector<Digraph::Node> AddHouseholds(const Graph& g, const NodeIds& ids, bool households,
                                         int64_t big_h, Network& net) {
  std::vector<Digraph::Node> out_node(static_cast<size_t>(g.rows), lemon::INVALID);
  for (int64_t row = 0; row < g.rows; ++row) {
    if (ids.row_node[row] >= 0) out_node[row] = net.graph.nodeFromId(ids.row_node[row]);
  }
  if (!households) return out_node;
  std::vector<Digraph::Node> house(static_cast<size_t>(g.rows / 3 + 1), lemon::INVALID);
  for (int64_t row = 0; row < g.rows; ++row) {
    const int64_t h = HouseholdOf(row);
    if (h < 0 || ids.row_node[row] < 0) continue;
    if (house[h] == lemon::INVALID) {
      house[h] = net.graph.addNode();
      net.supply[house[h]] = 1;
      net.supply[net.sink] -= 1;
      net.Arc(house[h], net.sink, 1, 0);  // not covered
    }
    const Digraph::Node mid = net.graph.addNode(), out = net.graph.addNode();
    net.supply[mid] = 0;
    net.supply[out] = 0;
    net.Arc(out_node[row], mid, 1, 0);
    net.Arc(mid, out, 1, 0);
    net.Arc(house[h], mid, 1, -big_h);
    out_node[row] = out;
  }
  return out_node;
}

// Seeker -> vacancy arcs (capacity 1, quantised cost), one per usable edge.
std::vector<Digraph::Arc> AddEdgeArcs(const Graph& g, const std::vector<int64_t>& usable,
                                      const NodeIds& ids,
                                      const std::vector<Digraph::Node>& out_node, double q,
                                      Network& net) {
  std::vector<Digraph::Arc> edge_arc;
  edge_arc.reserve(usable.size());
  for (int64_t i : usable) {
    const Digraph::Arc a = net.graph.addArc(out_node[g.edges.row[i]],
                                            net.graph.nodeFromId(ids.col_node[g.edges.col[i]]));
    net.cap[a] = 1;
    net.cost[a] = EdgeCost(g.edges.weight[i], q);
    edge_arc.push_back(a);
  }
  return edge_arc;
}

// Fills the chosen edge of each row from the optimal flow; clears `integral`
// when a flow is fractional or a row gets two edges.
void ExtractAssignment(const Graph& g, const std::vector<int64_t>& usable,
                       const std::vector<Digraph::Arc>& edge_arc, const Simplex& ns,
                       std::vector<int64_t>& edge_of_row, bool& integral) {
  for (size_t k = 0; k < usable.size(); ++k) {
    const int32_t f = ns.flow(edge_arc[k]);
    if (f == 1) {
      if (edge_of_row[g.edges.row[usable[k]]] >= 0) integral = false;
      edge_of_row[g.edges.row[usable[k]]] = usable[k];
    } else if (f != 0) {
      integral = false;
    }
  }
}

// Builds the network (timed as "build"), runs NetworkSimplex ("solve") and
// reads the assignment back ("extract").
Result RunLemon(const Graph& g, const std::string& pivot, const std::string& objective) {
  const bool cardinality = objective == "cardinality";
  const bool households = objective == "households";
  Result r;
  r.solver = "lemon";
  const auto rule = PivotRule(pivot);
  malloc_trim(0);
  r.rss_base_kb = MaxRssKb();
  const double c0 = CpuSeconds();
  const auto t0 = Clock::now();
  const double q = Quantum(g);
  const std::vector<int64_t> usable = UsableEdges(g);
  const NodeIds ids = NumberNodes(g, usable);
  const int32_t n = ids.n;
  Digraph graph;
  const int64_t m =
      ids.num_row_nodes + (n - ids.num_row_nodes) + static_cast<int64_t>(usable.size());
  graph.reserveNode(n + 1);
  graph.reserveArc(static_cast<int>(m));
  for (int32_t v = 0; v <= n; ++v) graph.addNode();
  Digraph::ArcMap<int32_t> cap(graph);
  Digraph::ArcMap<int64_t> cost(graph);
  Digraph::NodeMap<int32_t> supply(graph, 0);
  Network net{graph, cap, cost, supply, graph.nodeFromId(n)};
  // Cardinality (or household coverage) first: an unplaced seeker (or an
  // uncovered household) costs more than any weight.
  const int64_t openings = Openings(g);
  const int64_t big = (std::min<int64_t>(ids.num_row_nodes, openings) + 1) * (int64_t{1} << 30);
  const int64_t big_m = cardinality ? big : 0;
  const int64_t big_h = households ? big : 0;
  AddSinkArcs(g, ids, big_m, net);
  const std::vector<Digraph::Node> out_node = AddHouseholds(g, ids, households, big_h, net);
  const std::vector<Digraph::Arc> edge_arc = AddEdgeArcs(g, usable, ids, out_node, q, net);
  Simplex ns(graph);
  ns.upperMap(cap).costMap(cost).supplyMap(supply);
  const auto t1 = Clock::now();
  const auto type = ns.run(rule);
  const auto t2 = Clock::now();
  std::vector<int64_t> edge_of_row(g.rows, -1);
  bool integral = true;
  if (type == Simplex::OPTIMAL) ExtractAssignment(g, usable, edge_arc, ns, edge_of_row, integral);
  const auto t3 = Clock::now();
  r.cpu_s = CpuSeconds() - c0;
  r.rss_peak_kb = MaxRssKb();
  r.build_s = Seconds(t0, t1);
  r.solve_s = Seconds(t1, t2);
  r.extract_s = Seconds(t2, t3);
  r.total_s = Seconds(t0, t3);
  r.usable_edges = static_cast<int64_t>(usable.size());
  r.nodes = lemon::countNodes(graph);
  r.arcs = lemon::countArcs(graph);
  if (type != Simplex::OPTIMAL) {
    r.status = type == Simplex::INFEASIBLE ? "infeasible" : "unbounded";
    return r;
  }
  Score(g, edge_of_row, q, r);
  // LEMON's own optimum (64-bit sum over all arcs; the unassigned and
  // column arcs cost 0) must be the objective of the extracted assignment.
  const int64_t unplaced = static_cast<int64_t>(ids.num_row_nodes) - r.placed;
  r.covered = GroupsCovered(g, edge_of_row);
  if (ns.totalCost<int64_t>() != r.objective + big_m * unplaced - big_h * r.covered || !integral)
    r.feasible = false;
  return r;
}

// ---------------------------------------------------------------------------
// Parent: build graphs, run the children, compare, print.

struct Flags {
  std::string graph = "random,city";
  std::string solver = "both";
  std::string graph_file;
  std::string write_graph;
  std::string pivot = "block";  // one rule, a comma-separated list, or "all"
  int64_t rows = 100000, cols = 20000, openings = 60000;
  int per_row = 30;
  uint64_t seed = 1;
  int weight_levels = 0;  // > 0: random weights rounded up to multiples of 1/levels
  int64_t districts = 100;
  int repeat = 1;
  std::string objective = "weight";  // weight, cardinality or households
};

const char* const kFamilies[] = {"random", "levels4", "levels10", "city", "skewed", "district"};
const char* const kPivots[] = {"block", "candidate", "altering", "first", "best"};

// The graph of one family at the flags' size. "levelsN" is the random graph
// with weights rounded up to multiples of 1/N (--weight_levels applies to
// "random" only).
Graph MakeGraph(const std::string& name, const Flags& fl) {
  using namespace jobmatch::bench;
  if (name == "city") return CityGraph(fl.rows, fl.cols, fl.per_row);
  if (name == "skewed") return SkewedGraph(fl.rows, fl.cols, fl.openings, fl.per_row, fl.seed);
  if (name == "district")
    return DistrictGraph(fl.rows, fl.cols, fl.openings, fl.per_row, fl.districts, fl.seed);
  int levels = fl.weight_levels;
  if (name.rfind("levels", 0) == 0) levels = std::stoi(name.substr(6));
  return RandomGraph(fl.rows, fl.cols, fl.openings, fl.per_row, fl.seed, levels);
}

bool KnownFamily(const std::string& name) {
  if (name.rfind("levels", 0) == 0 && name.size() > 6) {
    return name.find_first_not_of("0123456789", 6) == std::string::npos;
  }
  return name == "random" || name == "city" || name == "skewed" || name == "district";
}

std::string SelfExe() {
  char buf[4096];
  const ssize_t k = readlink("/proc/self/exe", buf, sizeof buf - 1);
  if (k <= 0) return {};
  buf[k] = '\0';
  return buf;
}

// Runs this program as a child on the graph file; returns its RESULT line.
bool RunChild(const std::string& solver, const std::string& file, const std::string& pivot,
              const std::string& objective, Result& r) {
  const std::string cmd = "'" + SelfExe() + "' --solver=" + solver + " --graph_file='" + file +
                          "' --pivot=" + pivot + " --objective=" + objective;
  FILE* p = popen(cmd.c_str(), "r");
  if (p == nullptr) return false;
  std::string out;
  char buf[4096];
  while (std::fgets(buf, sizeof buf, p) != nullptr) out += buf;
  const int st = pclose(p);
  std::istringstream in(out);
  std::string line;
  bool got = false;
  while (std::getline(in, line)) got = got || Parse(line, r);
  if (!got || st != 0) {
    std::fprintf(stderr, "child %s failed (status %d): %s\n", solver.c_str(), st, out.c_str());
    return false;
  }
  return true;
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const size_t k = v.size();
  return k % 2 ? v[k / 2] : 0.5 * (v[k / 2 - 1] + v[k / 2]);
}

double Min(const std::vector<double>& v) { return *std::min_element(v.begin(), v.end()); }

std::vector<std::string> SplitCommas(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  std::string x;
  while (std::getline(in, x, ',')) {
    if (!x.empty()) out.push_back(x);
  }
  return out;
}

// Writes the graph to a fresh temporary file; returns its path, or "" on failure.
std::string WriteTempGraph(const Graph& g) {
  char tmpl[] = "/tmp/compare_lemon_XXXXXX";
  const int fd = mkstemp(tmpl);
  if (fd < 0) return {};
  close(fd);
  const std::string file = tmpl;
  if (!SaveGraph(g, file)) {
    std::fprintf(stderr, "cannot write %s\n", file.c_str());
    std::remove(file.c_str());
    return {};
  }
  return file;
}

// Runs the children --repeat times: jobmatch, then each LEMON rule; the order
// rotates each round so that drift on a shared machine hits every solver.
// False as soon as a child fails.
bool RunRounds(const std::string& file, const std::vector<std::string>& pivots, const Flags& fl,
               std::vector<Result>& jm, std::vector<std::vector<Result>>& lm) {
  std::vector<std::string> who = {"jobmatch"};
  for (const std::string& pv : pivots) who.push_back(pv);
  lm.assign(pivots.size(), {});
  bool ok = true;
  for (int k = 0; k < fl.repeat && ok; ++k) {
    for (size_t s = 0; s < who.size() && ok; ++s) {
      const size_t w = (s + static_cast<size_t>(k)) % who.size();
      Result r;
      if (w == 0) {
        ok = RunChild("jobmatch", file, "block", fl.objective, r);
        if (ok) jm.push_back(r);
      } else {
        ok = RunChild("lemon", file, pivots[w - 1], fl.objective, r);
        if (ok) lm[w - 1].push_back(r);
      }
    }
  }
  return ok;
}

// The times of one solver's runs.
struct Times {
  std::vector<double> build, solve, total, cpu;
};

Times TimesOf(const std::vector<Result>& runs) {
  Times t;
  for (const Result& r : runs) {
    t.build.push_back(r.build_s);
    t.solve.push_back(r.solve_s);
    t.total.push_back(r.total_s);
    t.cpu.push_back(r.cpu_s);
  }
  return t;
}

// The network size, LEMON's configuration and the load average.
void PrintSetup(const Result& l0, double q, const Flags& fl) {
  std::printf("network: %lld nodes, %lld arcs (%lld usable edges); costs -llround(w * %.6g)\n",
              static_cast<long long>(l0.nodes), static_cast<long long>(l0.arcs),
              static_cast<long long>(l0.usable_edges), q);
  std::printf("LEMON: NetworkSimplex<SmartDigraph, int32 flow, int64 cost>, pivot rules %s\n",
              fl.pivot.c_str());
  std::printf("load average: ");
  std::ifstream la("/proc/loadavg");
  std::string s;
  std::getline(la, s);
  std::printf("%s\n", s.c_str());
}

std::string F3(double x) {
  char b[64];
  std::snprintf(b, sizeof b, "%.3f", x);
  return std::string(b);
}

// The time table: jobmatch, then each LEMON rule with its ratios to jobmatch.
// Returns the index of the best LEMON rule (the lowest minimum total time).
size_t PrintTimes(const std::vector<Result>& jm, const std::vector<std::vector<Result>>& lm,
                  const std::vector<std::string>& pivots) {
  const Times jt = TimesOf(jm);
  const Result& j = jm.front();
  std::printf("\n%-26s %10s %10s %10s %10s %10s %9s\n", "solver", "build min", "solve min",
              "total min", "total med", "CPU med", "MiB/edge");
  const double jx = static_cast<double>(j.rss_peak_kb - j.rss_base_kb) * 1024.0;
  std::printf("%-26s %10s %10s %10s %10s %10s %9.1f\n", "jobmatch", "-", "-",
              F3(Min(jt.total)).c_str(), F3(Median(jt.total)).c_str(), F3(Median(jt.cpu)).c_str(),
              jx / static_cast<double>(j.usable_edges));
  size_t best = 0;
  std::vector<double> best_lt;
  for (size_t p = 0; p < pivots.size(); ++p) {
    const Times lt = TimesOf(lm[p]);
    const Result& l = lm[p].front();
    const double lx = static_cast<double>(l.rss_peak_kb - l.rss_base_kb) * 1024.0;
    std::printf("%-26s %10s %10s %10s %10s %10s %9.1f\n", ("LEMON NS " + pivots[p]).c_str(),
                F3(Min(lt.build)).c_str(), F3(Min(lt.solve)).c_str(), F3(Min(lt.total)).c_str(),
                F3(Median(lt.total)).c_str(), F3(Median(lt.cpu)).c_str(),
                lx / static_cast<double>(l.usable_edges));
    std::printf(
        "  ratio LEMON %s / jobmatch (> 1: jobmatch faster): total %.2f, solve only %.2f; medians: "
        "wall "
        "%.2f, CPU %.2f\n",
        pivots[p].c_str(), Min(lt.total) / Min(jt.total), Min(lt.solve) / Min(jt.total),
        Median(lt.total) / Median(jt.total), Median(lt.cpu) / Median(jt.cpu));
    if (p == 0 || Min(lt.total) < Min(best_lt)) {
      best = p;
      best_lt = lt.total;
    }
  }
  return best;
}

// Checks every run against jobmatch's first: status, feasibility and what
// the objective fixes; prints each mismatch. True when all agree.
bool SameOptima(const std::vector<Result>& jm, const std::vector<std::vector<Result>>& lm,
                const std::string& objective) {
  const Result& j = jm.front();
  bool same = true;
  auto check = [&](const Result& r) {
    if (r.status != "ok" || !r.feasible) {
      std::printf("MISMATCH: %s returned status %s, feasible=%d\n", r.solver.c_str(),
                  r.status.c_str(), r.feasible);
      same = false;
    }
    // Only what the objective fixes: coverage (households), placements
    // (cardinality); the weight objective's optima may differ in both.
    if (objective == "households" && r.covered != j.covered) {
      std::printf("MISMATCH: %s covers %lld households != %lld\n", r.solver.c_str(),
                  static_cast<long long>(r.covered), static_cast<long long>(j.covered));
      same = false;
    }
    if (objective == "cardinality" && r.placed != j.placed) {
      std::printf("MISMATCH: %s places %lld != %lld\n", r.solver.c_str(),
                  static_cast<long long>(r.placed), static_cast<long long>(j.placed));
      same = false;
    }
    if (r.objective != j.objective) {
      std::printf("MISMATCH: %s integer objective %lld != %lld\n", r.solver.c_str(),
                  static_cast<long long>(r.objective), static_cast<long long>(j.objective));
      same = false;
    }
    if (std::abs(r.weight - j.weight) > 1e-6 * std::max(1.0, std::abs(j.weight))) {
      std::printf("MISMATCH: %s total weight %.9f != %.9f\n", r.solver.c_str(), r.weight, j.weight);
      same = false;
    }
  };
  for (const Result& r : jm) check(r);
  for (const auto& v : lm) {
    for (const Result& r : v) check(r);
  }
  return same;
}

// One machine-readable line per graph (for docs/benchmarks.md).
void PrintSummary(const std::string& name, const Flags& fl, int64_t openings, const Times& jt,
                  const std::string& best_rule, const Times& bt, bool same) {
  std::printf(
      "SUMMARY graph=%s objective=%s rows=%lld cols=%lld openings=%lld per_row=%d "
      "jobmatch_total_min=%.3f "
      "jobmatch_total_med=%.3f best_rule=%s lemon_total_min=%.3f lemon_solve_min=%.3f "
      "lemon_total_med=%.3f "
      "ratio_total=%.2f ratio_solve_only=%.2f ratio_cpu_med=%.2f same=%d\n\n",
      name.c_str(), fl.objective.c_str(), static_cast<long long>(fl.rows),
      static_cast<long long>(fl.cols), static_cast<long long>(openings), fl.per_row, Min(jt.total),
      Median(jt.total), best_rule.c_str(), Min(bt.total), Min(bt.solve), Median(bt.total),
      Min(bt.total) / Min(jt.total), Min(bt.solve) / Min(jt.total), Median(bt.cpu) / Median(jt.cpu),
      same ? 1 : 0);
}

// Compares one graph; returns false on a mismatch or a failed child.
bool Compare(const std::string& name, const Flags& fl) {
  std::printf("== %s graph ==\n", name.c_str());
  const auto t0 = Clock::now();
  const Graph g = MakeGraph(name, fl);
  const auto t1 = Clock::now();
  const int64_t openings = Openings(g);
  std::printf(
      "graph: %lld seekers x %zu vacancies, %lld openings, %lld edges (generated in %.1f s)\n",
      static_cast<long long>(g.rows), g.capacity.size(), static_cast<long long>(openings),
      static_cast<long long>(g.edges.size()), Seconds(t0, t1));
  const std::string file = WriteTempGraph(g);
  if (file.empty()) return false;
  const double q = Quantum(g);
  const std::vector<std::string> pivots =
      fl.pivot == "all" ? std::vector<std::string>(std::begin(kPivots), std::end(kPivots))
                        : SplitCommas(fl.pivot);
  std::vector<Result> jm;
  std::vector<std::vector<Result>> lm;
  const bool ok = RunRounds(file, pivots, fl, jm, lm);
  std::remove(file.c_str());
  if (!ok) return false;
  PrintSetup(lm.front().front(), q, fl);
  const size_t best = PrintTimes(jm, lm, pivots);
  const Result& j = jm.front();
  std::printf(
      "integer objective %lld, total weight %.6f, placed %lld, households covered %lld "
      "(jobmatch)\n",
      static_cast<long long>(j.objective), j.weight, static_cast<long long>(j.placed),
      static_cast<long long>(j.covered));
  const bool same = SameOptima(jm, lm, fl.objective);
  std::printf("optimum: %s\n", same ? "SAME (integer objectives equal)" : "DIFFERENT");
  PrintSummary(name, fl, openings, TimesOf(jm), pivots[best], TimesOf(lm[best]), same);
  return same;
}

bool ParseFlags(int argc, char** argv, Flags& fl) {
  for (int k = 1; k < argc; ++k) {
    const std::string a = argv[k];
    auto val = [&](const char* name, std::string& out) {
      const std::string p = std::string("--") + name + "=";
      if (a.rfind(p, 0) != 0) return false;
      out = a.substr(p.size());
      return true;
    };
    std::string v;
    if (val("graph", fl.graph) || val("solver", fl.solver) || val("graph_file", fl.graph_file) ||
        val("write_graph", fl.write_graph) || val("pivot", fl.pivot)) {
      continue;
    } else if (val("rows", v)) {
      fl.rows = std::stoll(v);
    } else if (val("cols", v)) {
      fl.cols = std::stoll(v);
    } else if (val("openings", v)) {
      fl.openings = std::stoll(v);
    } else if (val("per_row", v)) {
      fl.per_row = std::stoi(v);
    } else if (val("seed", v)) {
      fl.seed = std::stoull(v);
    } else if (val("weight_levels", v)) {
      fl.weight_levels = std::stoi(v);
    } else if (val("districts", v)) {
      fl.districts = std::max<int64_t>(1, std::stoll(v));
    } else if (val("objective", v)) {
      if (v != "weight" && v != "cardinality" && v != "households") {
        std::fprintf(stderr, "--objective is weight, cardinality or households, not %s\n",
                     v.c_str());
        return false;
      }
      fl.objective = v;
    } else if (val("repeat", v)) {
      fl.repeat = std::max(1, std::stoi(v));
    } else {
      std::fprintf(
          stderr,
          "usage: compare_lemon [--graph=random,city|all|FAMILY,...] [--repeat=N] [--rows=100000]\n"
          "         [--cols=20000] [--openings=60000] [--per_row=30] [--seed=1] "
          "[--weight_levels=0]\n"
          "         [--districts=100] [--pivot=block|candidate|altering|first|best|RULE,RULE|all]\n"
          "         [--objective=weight|cardinality|households]\n"
          "       families: random levelsN city skewed district (all = "
          "random,levels4,levels10,city,\n"
          "       skewed,district)\n"
          "       compare_lemon --solver=jobmatch|lemon --graph_file=F   (one solver, one RESULT "
          "line)\n"
          "       compare_lemon --graph=FAMILY --write_graph=F           (save the graph, e.g. for "
          "perf)\n");
      return false;
    }
  }
  if (fl.pivot != "all") {
    const std::vector<std::string> rules = SplitCommas(fl.pivot);
    if (rules.empty()) {
      std::fprintf(stderr,
                   "--pivot needs a rule (block, candidate, altering, first, best) or all\n");
      return false;
    }
    for (const std::string& r : rules) {
      if (std::find(std::begin(kPivots), std::end(kPivots), r) == std::end(kPivots)) {
        std::fprintf(stderr, "unknown --pivot rule %s (block, candidate, altering, first, best)\n",
                     r.c_str());
        return false;
      }
    }
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  Flags fl;
  if (!ParseFlags(argc, argv, fl)) return 2;
  if (fl.graph == "all") fl.graph = "random,levels4,levels10,city,skewed,district";
  if (!fl.write_graph.empty()) {
    if (!KnownFamily(fl.graph)) {
      std::fprintf(stderr, "--write_graph needs one graph family, not %s\n", fl.graph.c_str());
      return 2;
    }
    return SaveGraph(MakeGraph(fl.graph, fl), fl.write_graph) ? 0 : 1;
  }
  if (fl.solver != "both") {
    Graph g;
    if (fl.graph_file.empty() || !LoadGraph(fl.graph_file, g)) {
      std::fprintf(stderr, "--solver=%s needs a readable --graph_file\n", fl.solver.c_str());
      return 2;
    }
    Result r;
    if (fl.solver == "jobmatch") {
      r = RunJobmatch(g, fl.objective);
    } else if (fl.solver == "lemon") {
      r = RunLemon(g, SplitCommas(fl.pivot).front(), fl.objective);
    } else {
      std::fprintf(stderr, "unknown --solver=%s\n", fl.solver.c_str());
      return 2;
    }
    std::printf("%s\n", Format(r).c_str());
    return 0;
  }
  bool ok = true;
  for (const std::string& name : SplitCommas(fl.graph)) {
    if (!KnownFamily(name)) {
      std::fprintf(stderr, "unknown graph %s (random, levelsN, city, skewed, district, all)\n",
                   name.c_str());
      return 2;
    }
  }
  for (const std::string& name : SplitCommas(fl.graph)) ok = Compare(name, fl) && ok;
  std::printf("%s\n", ok ? "all optima equal" : "MISMATCH");
  return ok ? 0 : 1;
}
