// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// The live engine against an independent oracle: a plain model of the final
// records (a vector per side, updated by the documented order rule: an upsert
// goes last, a removal closes the gap), built fresh into tables and scored
// with the batch API. After random update sequences every query — top-k both
// ways, every pair's score and explanation, both allocation methods — must be
// identical, bit for bit. Failed updates must leave everything unchanged.
#include "jobmatch/engine/engine.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "jobmatch/matching/allocation.h"
#include "jobmatch/search/topk.h"
#include "jobmatch/snapshot/snapshot.h"
#include "testing/oracles.h"
#include "testing/test_util.h"

namespace jobmatch {
namespace {

using ::jobmatch::testing::BruteForceTopK;

using ::jobmatch::testing::Instance;
using ::jobmatch::testing::InstanceOptions;
using ::jobmatch::testing::RandomInstance;
using ::jobmatch::testing::RandomPolicy;

// The final data, kept the way docs/live_engine.md defines the row order.
struct Model {
  Vocabulary vocab;
  Policy policy;
  std::vector<Seeker> seekers;
  std::vector<Vacancy> vacancies;

  template <typename Row>
  static void Upsert(std::vector<Row>& rows, const Row& r) {
    auto it = std::find_if(rows.begin(), rows.end(), [&](const Row& x) { return x.id == r.id; });
    if (it != rows.end()) rows.erase(it);
    rows.push_back(r);
  }
  template <typename Row>
  static void Remove(std::vector<Row>& rows, const std::string& id) {
    auto it = std::find_if(rows.begin(), rows.end(), [&](const Row& x) { return x.id == id; });
    ASSERT_NE(it, rows.end());
    rows.erase(it);
  }
  template <typename Row>
  static bool Has(const std::vector<Row>& rows, const std::string& id) {
    return std::any_of(rows.begin(), rows.end(), [&](const Row& x) { return x.id == id; });
  }
};

// Tables and scorer built from scratch from the model.
struct Fresh {
  Vocabulary vocab;
  SeekerTable seekers;
  VacancyTable vacancies;
  std::optional<Scorer> scorer;
};

std::unique_ptr<Fresh> BuildFresh(const Model& m) {
  auto f = std::make_unique<Fresh>();
  f->vocab = m.vocab;
  for (const std::string& g : m.policy.extra_groups) {
    if (!f->vocab.FindGroup(g)) {
      EXPECT_TRUE(f->vocab.AddGroup(g).ok());
    }
  }
  EXPECT_TRUE(f->seekers.Append(m.seekers, f->vocab).ok());
  EXPECT_TRUE(f->vacancies.Append(m.vacancies, f->vocab).ok());
  auto s = Scorer::Create(m.policy, f->vocab, f->seekers, f->vacancies);
  EXPECT_TRUE(s.ok()) << s.status();
  if (s.ok()) f->scorer.emplace(*std::move(s));
  return f;
}

void ExpectSameExplanation(const Explanation& a, const Explanation& b) {
  EXPECT_EQ(a.seeker, b.seeker);
  EXPECT_EQ(a.vacancy, b.vacancy);
  EXPECT_EQ(a.eligible, b.eligible);
  EXPECT_EQ(a.ineligible, b.ineligible);
  EXPECT_EQ(a.value, b.value);
  EXPECT_EQ(a.weight, b.weight);
  EXPECT_EQ(a.used, b.used);
  EXPECT_EQ(a.base, b.base);
  ASSERT_EQ(a.rules.size(), b.rules.size());
  for (size_t i = 0; i < a.rules.size(); ++i) {
    EXPECT_EQ(a.rules[i].name, b.rules[i].name);
    EXPECT_EQ(a.rules[i].weight, b.rules[i].weight);
  }
  EXPECT_EQ(a.boost_uncapped, b.boost_uncapped);
  EXPECT_EQ(a.boost, b.boost);
  EXPECT_EQ(a.score, b.score);
  EXPECT_EQ(a.distance_km, b.distance_km);
  EXPECT_EQ(a.remote, b.remote);
}

void ExpectSameTopK(const TopKResult& a, const TopKResult& b) {
  EXPECT_EQ(a.direction, b.direction);
  EXPECT_EQ(a.rows, b.rows);
  EXPECT_EQ(a.k, b.k);
  EXPECT_EQ(a.row_ids, b.row_ids);
  EXPECT_EQ(a.index, b.index);
  EXPECT_EQ(a.score, b.score);
}

void ExpectSameAllocation(const AllocationResult& a, const AllocationResult& b) {
  EXPECT_EQ(a.vacancy_of_seeker, b.vacancy_of_seeker);
  EXPECT_EQ(a.score_of_seeker, b.score_of_seeker);
  EXPECT_EQ(a.seeker_outcome, b.seeker_outcome);
  EXPECT_EQ(a.filled, b.filled);
  EXPECT_EQ(a.vacancy_outcome, b.vacancy_outcome);
  EXPECT_EQ(a.placed, b.placed);
  EXPECT_EQ(a.total_openings, b.total_openings);
  EXPECT_EQ(a.total_score, b.total_score);
  EXPECT_EQ(a.households, b.households);
  EXPECT_EQ(a.households_covered, b.households_covered);
  EXPECT_EQ(a.reserved_places, b.reserved_places);
  EXPECT_EQ(a.reserved_filled, b.reserved_filled);
}

// Every query of `view` equals the fresh build of `m`.
void ExpectMatchesModel(const EngineView& view, const Model& m, uint64_t seed) {
  SCOPED_TRACE(absl::StrCat("sequence ", view.sequence()));
  const auto fresh = BuildFresh(m);
  ASSERT_TRUE(fresh->scorer.has_value());
  const Scorer& sc = *fresh->scorer;
  ASSERT_EQ(view.num_seekers(), static_cast<int64_t>(m.seekers.size()));
  ASSERT_EQ(view.num_vacancies(), static_cast<int64_t>(m.vacancies.size()));
  EXPECT_EQ(view.policy(), m.policy);
  EXPECT_EQ(view.vocabulary(), fresh->vocab);
  for (int64_t r = 0; r < view.num_seekers(); ++r) {
    EXPECT_EQ(view.SeekerId(r), m.seekers[r].id);
    EXPECT_EQ(view.FindSeeker(m.seekers[r].id), r);
    EXPECT_EQ(view.GetSeeker(r), fresh->seekers.Get(r));
  }
  for (int64_t r = 0; r < view.num_vacancies(); ++r) {
    EXPECT_EQ(view.VacancyId(r), m.vacancies[r].id);
    EXPECT_EQ(view.FindVacancy(m.vacancies[r].id), r);
    EXPECT_EQ(view.GetVacancy(r), fresh->vacancies.Get(r));
  }
  // Every pair: score and explanation.
  for (int64_t s = 0; s < view.num_seekers(); ++s) {
    for (int64_t v = 0; v < view.num_vacancies(); ++v) {
      const float a = view.Score(s, v), b = sc.Score(s, v);
      ASSERT_TRUE(a == b || (std::isnan(a) && std::isnan(b))) << s << "," << v;
      if ((s + v) % 7 == 0) ExpectSameExplanation(view.Explain(s, v), sc.Explain(s, v));
    }
  }
  // Top-k both ways, all rows and a random subset in random order.
  std::mt19937_64 rng(seed);
  for (Direction d : {Direction::kVacanciesForSeekers, Direction::kSeekersForVacancies}) {
    for (int k : {1, 4, 50}) {
      TopKOptions o;
      o.k = k;
      o.num_threads = 2;
      auto got = view.TopK(d, o);
      auto want = jobmatch::TopK(sc, d, o);
      ASSERT_TRUE(got.ok()) << got.status();
      ASSERT_TRUE(want.ok());
      ExpectSameTopK(*got, *want);
      const int64_t n =
          d == Direction::kVacanciesForSeekers ? view.num_seekers() : view.num_vacancies();
      if (n == 0) continue;
      o.rows.clear();
      for (int i = 0; i < 7; ++i) o.rows.push_back(static_cast<int64_t>(rng() % n));
      got = view.TopK(d, o);
      want = jobmatch::TopK(sc, d, o);
      ASSERT_TRUE(got.ok());
      ExpectSameTopK(*got, *want);
    }
  }
  // Allocation, both methods.
  for (int method = 0; method < 2; ++method) {
    AllocationOptions ao;
    ao.method = static_cast<AllocationMethod>(method);
    ao.household_coverage = method == 0;
    ao.candidates_per_seeker = 5;
    ao.num_threads = 1;
    auto got = view.Allocate(ao);
    auto want = jobmatch::Allocate(sc, ao);
    ASSERT_EQ(got.ok(), want.ok());
    if (got.ok()) ExpectSameAllocation(*got, *want);
  }
  // The compacted tables are the fresh tables.
  CompactedTables c = view.Compacted();
  ASSERT_EQ(c.seekers.size(), fresh->seekers.size());
  for (int64_t r = 0; r < c.seekers.size(); ++r) EXPECT_EQ(c.seekers.Get(r), fresh->seekers.Get(r));
  ASSERT_EQ(c.vacancies.size(), fresh->vacancies.size());
  for (int64_t r = 0; r < c.vacancies.size(); ++r) {
    EXPECT_EQ(c.vacancies.Get(r), fresh->vacancies.Get(r));
  }
  EXPECT_EQ(c.policy, m.policy);
}

// The state visible through a view, to prove a failed update changed nothing.
struct Observed {
  uint64_t sequence;
  std::vector<Seeker> seekers;
  std::vector<Vacancy> vacancies;
  Policy policy;
  Vocabulary vocab;
  bool operator==(const Observed&) const = default;
};
Observed Observe(const Engine& e) {
  EngineView v = e.View();
  return {v.sequence(), v.ExportSeekers(), v.ExportVacancies(), v.policy(), v.vocabulary()};
}

// Random records drawn from a larger instance (fresh ids or existing ones).
class Source {
 public:
  Source(uint64_t seed, int embedding_dim) : rng_(seed) {
    InstanceOptions o;
    o.num_seekers = 120;
    o.num_vacancies = 60;
    o.embedding_dim = embedding_dim;
    inst_ = RandomInstance(seed, o);
  }
  const Instance& instance() const { return *inst_; }
  Seeker RandomSeeker(const std::string& id) {
    Seeker s = inst_->seeker_rows[rng_() % inst_->seeker_rows.size()];
    s.id = id;
    return s;
  }
  Vacancy RandomVacancy(const std::string& id) {
    Vacancy v = inst_->vacancy_rows[rng_() % inst_->vacancy_rows.size()];
    v.id = id;
    return v;
  }
  std::mt19937_64& rng() { return rng_; }

 private:
  std::mt19937_64 rng_;
  std::unique_ptr<Instance> inst_;
};

std::unique_ptr<Engine> MakeEngine(const Model& m, const EngineOptions& opt) {
  SeekerTable s;
  VacancyTable v;
  EXPECT_TRUE(s.Append(m.seekers, m.vocab).ok());
  EXPECT_TRUE(v.Append(m.vacancies, m.vocab).ok());
  auto e = Engine::Create(m.vocab, std::move(s), std::move(v), m.policy, opt);
  EXPECT_TRUE(e.ok()) << e.status();
  return e.ok() ? *std::move(e) : nullptr;
}

// A random update; `bad` makes one record in the middle invalid.
struct RandomUpdate {
  EngineUpdate update;
  bool expect_ok = true;
};

RandomUpdate MakeUpdate(Source& src, const Model& m, int* next_id, bool allow_bad) {
  std::mt19937_64& rng = src.rng();
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<uint64_t>(n)); };
  RandomUpdate ru;
  EngineUpdate& u = ru.update;
  const int kind = pick(10);
  auto upsert_seekers = [&](int n) {
    std::vector<std::string> used;
    for (int i = 0; i < n; ++i) {
      std::string id;
      // Existing id (replace) or a new one; never twice in one batch.
      if (!m.seekers.empty() && pick(2) == 0) {
        id = m.seekers[pick(static_cast<int>(m.seekers.size()))].id;
      } else {
        id = absl::StrCat("S", (*next_id)++);
      }
      if (std::find(used.begin(), used.end(), id) != used.end()) continue;
      used.push_back(id);
      Seeker s = src.RandomSeeker(id);
      // Exact copies of existing rows produce score ties across parts.
      if (!m.seekers.empty() && pick(4) == 0) {
        s = m.seekers[pick(static_cast<int>(m.seekers.size()))];
        s.id = id;
      }
      u.upsert_seekers.push_back(s);
    }
  };
  auto upsert_vacancies = [&](int n) {
    std::vector<std::string> used;
    for (int i = 0; i < n; ++i) {
      std::string id;
      if (!m.vacancies.empty() && pick(2) == 0) {
        id = m.vacancies[pick(static_cast<int>(m.vacancies.size()))].id;
      } else {
        id = absl::StrCat("V", (*next_id)++);
      }
      if (std::find(used.begin(), used.end(), id) != used.end()) continue;
      used.push_back(id);
      Vacancy v = src.RandomVacancy(id);
      if (!m.vacancies.empty() && pick(4) == 0) {
        v = m.vacancies[pick(static_cast<int>(m.vacancies.size()))];
        v.id = id;
      }
      u.upsert_vacancies.push_back(v);
    }
  };
  auto remove_some = [&](auto& rows, std::vector<std::string>& out, int n, const auto& upserts) {
    for (int i = 0; i < n && !rows.empty(); ++i) {
      const std::string& id = rows[pick(static_cast<int>(rows.size()))].id;
      if (std::find(out.begin(), out.end(), id) != out.end()) continue;
      if (std::any_of(upserts.begin(), upserts.end(), [&](const auto& r) { return r.id == id; })) {
        continue;
      }
      out.push_back(id);
    }
  };
  switch (kind) {
    case 0:
    case 1:
      upsert_seekers(1);
      break;
    case 2:
      upsert_vacancies(1);
      break;
    case 3:
      upsert_seekers(1 + pick(12));
      break;
    case 4:
      upsert_vacancies(1 + pick(6));
      break;
    case 5:
      remove_some(m.seekers, u.remove_seekers, 1 + pick(4), u.upsert_seekers);
      break;
    case 6:
      remove_some(m.vacancies, u.remove_vacancies, 1 + pick(3), u.upsert_vacancies);
      break;
    case 7:
      upsert_seekers(pick(5));
      upsert_vacancies(pick(3));
      remove_some(m.seekers, u.remove_seekers, pick(3), u.upsert_seekers);
      remove_some(m.vacancies, u.remove_vacancies, pick(2), u.upsert_vacancies);
      break;
    case 8:
      if (pick(3) == 0) {
        u.policy = RandomPolicy(rng(), m.vocab);
      } else {
        upsert_seekers(2);
      }
      break;
    default:
      upsert_seekers(3);
      upsert_vacancies(1);
      break;
  }
  if (allow_bad && pick(4) == 0) {
    ru.expect_ok = false;
    switch (pick(4)) {
      case 0: {  // a bad record in the middle of a seeker batch
        upsert_seekers(3);
        Seeker bad = src.RandomSeeker(absl::StrCat("S", (*next_id)++));
        bad.skills.push_back({0, 9});
        bad.skills.erase(bad.skills.begin(), bad.skills.end() - 1);
        u.upsert_seekers.insert(u.upsert_seekers.begin() + u.upsert_seekers.size() / 2, bad);
        break;
      }
      case 1: {
        upsert_vacancies(2);
        Vacancy bad = src.RandomVacancy(absl::StrCat("V", (*next_id)++));
        bad.wage_max = bad.wage_min - 1.0f;
        u.upsert_vacancies.insert(u.upsert_vacancies.begin() + u.upsert_vacancies.size() / 2, bad);
        break;
      }
      case 2:
        u.remove_seekers.push_back("no-such-seeker");
        break;
      default: {
        Policy p = m.policy;
        p.weights[0] = -1.0f;
        u.policy = p;
        break;
      }
    }
  }
  return ru;
}

void ApplyToModel(const EngineUpdate& u, Model& m) {
  if (u.policy) {
    m.policy = *u.policy;
  }
  for (const std::string& id : u.remove_seekers) Model::Remove(m.seekers, id);
  for (const std::string& id : u.remove_vacancies) Model::Remove(m.vacancies, id);
  for (const Seeker& s : u.upsert_seekers) Model::Upsert(m.seekers, s);
  for (const Vacancy& v : u.upsert_vacancies) Model::Upsert(m.vacancies, v);
}

struct SequenceCase {
  int embedding_dim;
  bool auto_compact;
  int64_t compact_min_rows;
};

class EngineSequenceTest : public ::testing::TestWithParam<SequenceCase> {};

TEST_P(EngineSequenceTest, RandomUpdatesEqualFreshBuild) {
  const SequenceCase c = GetParam();
  for (uint64_t seed = 1; seed <= 3; ++seed) {
    SCOPED_TRACE(absl::StrCat("seed ", seed));
    Source src(seed * 7919 + c.embedding_dim, c.embedding_dim);
    Model m;
    m.vocab = src.instance().vocab;
    m.policy = RandomPolicy(seed, m.vocab);
    // Start from a part of the instance.
    for (int i = 0; i < 30; ++i) m.seekers.push_back(src.instance().seeker_rows[i]);
    for (int i = 0; i < 15; ++i) m.vacancies.push_back(src.instance().vacancy_rows[i]);
    EngineOptions opt;
    opt.auto_compact = c.auto_compact;
    opt.compact_min_rows = c.compact_min_rows;
    auto engine = MakeEngine(m, opt);
    ASSERT_NE(engine, nullptr);
    ExpectMatchesModel(engine->View(), m, seed);
    int next_id = 100000;
    uint64_t sequence = 0;
    int64_t max_delta = 0, max_removed = 0, explicit_compactions = 0;
    for (int step = 0; step < 40; ++step) {
      RandomUpdate ru = MakeUpdate(src, m, &next_id, /*allow_bad=*/true);
      const Observed before = Observe(*engine);
      const EngineView old_view = engine->View();
      absl::Status st = engine->Apply(ru.update);
      if (!ru.expect_ok) {
        ASSERT_FALSE(st.ok()) << "step " << step;
        EXPECT_TRUE(absl::StrContains(st.message(), "nothing applied")) << st;
        EXPECT_EQ(Observe(*engine), before) << st;
        continue;
      }
      ASSERT_TRUE(st.ok()) << "step " << step << ": " << st;
      ApplyToModel(ru.update, m);
      ++sequence;
      EXPECT_EQ(engine->sequence(), sequence);
      // A view taken before still sees the old version.
      EXPECT_EQ(old_view.sequence(), sequence - 1);
      EXPECT_EQ(old_view.ExportSeekers(), before.seekers);
      const EngineStats st_now = engine->stats();
      max_delta = std::max(max_delta, st_now.seeker_delta_rows + st_now.vacancy_delta_rows);
      max_removed =
          std::max(max_removed, st_now.seeker_removed_base_rows + st_now.vacancy_removed_base_rows);
      if (!c.auto_compact && step % 13 == 12) {
        ASSERT_TRUE(engine->Compact().ok());
        ++explicit_compactions;
        EXPECT_EQ(engine->stats().seeker_delta_rows, 0);
      }
      if (step % 4 == 3) ExpectMatchesModel(engine->View(), m, seed * 100 + step);
      if (::testing::Test::HasFatalFailure()) return;
    }
    ExpectMatchesModel(engine->View(), m, seed + 999);
    const EngineStats s = engine->stats();
    // Both paths were exercised: deltas and tombstones merged by queries,
    // and compaction.
    if (!c.auto_compact) {
      EXPECT_GT(max_delta, 10);
      EXPECT_GT(max_removed, 3);
      EXPECT_EQ(s.compactions, explicit_compactions);
      EXPECT_GT(explicit_compactions, 0);
    } else {
      EXPECT_GT(s.compactions, 0);
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Cases, EngineSequenceTest,
                         ::testing::Values(SequenceCase{0, false,
                                                        4096},        // deltas and tombstones grow
                                           SequenceCase{0, true, 4},  // frequent compaction
                                           SequenceCase{4, false, 4096},  // embeddings in use
                                           SequenceCase{4, true, 8}),
                         [](const ::testing::TestParamInfo<SequenceCase>& i) {
                           return absl::StrCat("dim", i.param.embedding_dim,
                                               i.param.auto_compact ? "_autocompact" : "_delta");
                         });

// ------------------------------------------------------- failure kinds

class EngineFailureTest : public ::testing::Test {
 protected:
  void SetUp() override {
    src_ = std::make_unique<Source>(42, 4);
    m_.vocab = src_->instance().vocab;
    m_.policy = Policy::Default();
    for (int i = 0; i < 20; ++i) m_.seekers.push_back(src_->instance().seeker_rows[i]);
    for (int i = 0; i < 10; ++i) m_.vacancies.push_back(src_->instance().vacancy_rows[i]);
    EngineOptions opt;
    opt.auto_compact = false;
    engine_ = MakeEngine(m_, opt);
    // Put something in the deltas and tombstones so every part is involved.
    ASSERT_TRUE(engine_->UpsertSeeker(src_->RandomSeeker("S-delta")).ok());
    ASSERT_TRUE(engine_->RemoveSeeker(m_.seekers[3].id).ok());
    ASSERT_TRUE(engine_->UpsertVacancy(src_->RandomVacancy("V-delta")).ok());
  }
  // Applies `u`, expects `code` and every `needle` in the message, and no change.
  void ExpectRejected(const EngineUpdate& u, absl::StatusCode code,
                      const std::vector<std::string>& needles,
                      const std::vector<std::string>& absent = {}) {
    const Observed before = Observe(*engine_);
    absl::Status st = engine_->Apply(u);
    EXPECT_EQ(st.code(), code) << st;
    for (const std::string& n : needles)
      EXPECT_TRUE(absl::StrContains(st.message(), n)) << st << " lacks " << n;
    for (const std::string& n : absent) EXPECT_FALSE(absl::StrContains(st.message(), n)) << st;
    EXPECT_EQ(Observe(*engine_), before);
  }
  std::vector<Seeker> Batch(int n) {
    std::vector<Seeker> b;
    for (int i = 0; i < n; ++i) b.push_back(src_->RandomSeeker(absl::StrCat("N", i)));
    return b;
  }

  std::unique_ptr<Source> src_;
  Model m_;
  std::unique_ptr<Engine> engine_;
};

TEST_F(EngineFailureTest, BadSeekerFieldsRejectWholeBatch) {
  struct Case {
    const char* field;
    void (*spoil)(Seeker&);
  };
  const Case cases[] = {
      {"skills",
       [](Seeker& s) {
         s.skills = {{0, 9}};
       }},
      {"skills",
       [](Seeker& s) {
         s.skills = {{999, 3}};
       }},
      {"lat/lon", [](Seeker& s) { s.lat = std::nan(""); }},
      {"groups", [](Seeker& s) { s.groups = GroupMask{1} << 63; }},
      {"reservation_wage", [](Seeker& s) { s.reservation_wage = -1.0f; }},
      {"preferred_industries", [](Seeker& s) { s.preferred_industries = {999}; }},
      {"id", [](Seeker& s) { s.id = ""; }},
      {"embedding",
       [](Seeker& s) {
         s.embedding = {1.0f, 2.0f};
       }},
  };
  for (const Case& c : cases) {
    EngineUpdate u;
    u.upsert_seekers = Batch(5);
    c.spoil(u.upsert_seekers[2]);
    ExpectRejected(u, absl::StatusCode::kInvalidArgument, {"upsert_seekers", "row 2", c.field});
  }
}

TEST_F(EngineFailureTest, SensitiveValuesNeverInMessages) {
  EngineUpdate u;
  u.upsert_seekers = Batch(3);
  u.upsert_seekers[1].months_unemployed = -7321;
  ExpectRejected(u, absl::StatusCode::kInvalidArgument,
                 {"upsert_seekers", "row 1", "months_unemployed"}, {"7321"});
}

TEST_F(EngineFailureTest, DuplicateIdsInOneBatch) {
  EngineUpdate u;
  u.upsert_seekers = Batch(4);
  u.upsert_seekers[3].id = u.upsert_seekers[1].id;
  ExpectRejected(u, absl::StatusCode::kInvalidArgument, {"row 3", "duplicate"});
}

TEST_F(EngineFailureTest, EmbeddingDimensionIsFixed) {
  EngineUpdate u;
  u.upsert_seekers = Batch(2);
  for (Seeker& s : u.upsert_seekers) s.embedding = {1.0f, 0.0f, 0.0f};
  ExpectRejected(u, absl::StatusCode::kInvalidArgument, {"embedding", "dimension 3", "expected 4"});
}

TEST_F(EngineFailureTest, BadVacancyRejectsMixedUpdate) {
  EngineUpdate u;
  u.upsert_seekers = Batch(3);
  u.remove_seekers = {m_.seekers[0].id};
  u.upsert_vacancies = {src_->RandomVacancy("W1"), src_->RandomVacancy("W2"),
                        src_->RandomVacancy("W3")};
  u.upsert_vacancies[1].openings = -1;
  ExpectRejected(u, absl::StatusCode::kInvalidArgument, {"upsert_vacancies", "row 1", "openings"});
}

TEST_F(EngineFailureTest, RemovingUnknownIdIsNotFound) {
  EngineUpdate u;
  u.remove_seekers = {m_.seekers[0].id, "nobody", m_.seekers[1].id};
  ExpectRejected(u, absl::StatusCode::kNotFound, {"remove_seekers[1]", "nobody"});
  // Already removed is unknown too.
  EngineUpdate again;
  again.remove_seekers = {m_.seekers[3].id};
  ExpectRejected(again, absl::StatusCode::kNotFound, {"remove_seekers[0]"});
  EngineUpdate vac;
  vac.remove_vacancies = {"nothing"};
  ExpectRejected(vac, absl::StatusCode::kNotFound, {"remove_vacancies[0]"});
  const Observed before = Observe(*engine_);
  EXPECT_EQ(engine_->RemoveVacancy("nothing").code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(Observe(*engine_), before);
}

TEST_F(EngineFailureTest, IdTwiceInRemovesOrInBothLists) {
  EngineUpdate u;
  u.remove_seekers = {m_.seekers[0].id, m_.seekers[0].id};
  ExpectRejected(u, absl::StatusCode::kInvalidArgument, {"remove_seekers[1]", "twice"});
  EngineUpdate both;
  both.remove_seekers = {m_.seekers[0].id};
  both.upsert_seekers = {src_->RandomSeeker(m_.seekers[0].id)};
  ExpectRejected(both, absl::StatusCode::kInvalidArgument,
                 {"upsert_seekers[0]", "also in remove_seekers"});
}

TEST_F(EngineFailureTest, InvalidPolicyRejectsUpdateWithIt) {
  EngineUpdate u;
  u.upsert_seekers = Batch(2);
  Policy p = Policy::Default();
  p.rules.push_back({.name = "bad", .weight = -0.5f});
  u.policy = p;
  ExpectRejected(u, absl::StatusCode::kInvalidArgument, {"positive measure"});
  Policy unknown = Policy::Default();
  unknown.rules.push_back({.name = "r", .weight = 0.1f, .groups = {"martians"}});
  const Observed before = Observe(*engine_);
  EXPECT_FALSE(engine_->ReplacePolicy(unknown).ok());
  EXPECT_EQ(Observe(*engine_), before);
}

TEST_F(EngineFailureTest, CancelledUpdateChangesNothing) {
  const Observed before = Observe(*engine_);
  int calls = 0;
  absl::Status st = engine_->UpsertSeekers(Batch(10), [&](int64_t done, int64_t total) {
    ++calls;
    return done < total;  // cancel at the end
  });
  EXPECT_EQ(st.code(), absl::StatusCode::kCancelled);
  EXPECT_GE(calls, 2);
  EXPECT_EQ(Observe(*engine_), before);
  st = engine_->Compact([](int64_t, int64_t) { return false; });
  EXPECT_EQ(st.code(), absl::StatusCode::kCancelled);
  EXPECT_EQ(Observe(*engine_), before);
  EXPECT_EQ(engine_->stats().compactions, 0);
}

// ------------------------------------------------------------- semantics

TEST(EngineTest, UpsertMovesRowLastAndCompactionKeepsOrder) {
  Source src(5, 0);
  Model m;
  m.vocab = src.instance().vocab;
  m.policy = Policy::Default();
  for (int i = 0; i < 5; ++i) m.seekers.push_back(src.instance().seeker_rows[i]);
  for (int i = 0; i < 3; ++i) m.vacancies.push_back(src.instance().vacancy_rows[i]);
  EngineOptions opt;
  opt.auto_compact = false;
  auto e = MakeEngine(m, opt);
  ASSERT_NE(e, nullptr);
  ASSERT_TRUE(e->UpsertSeeker(src.RandomSeeker(m.seekers[1].id)).ok());
  ASSERT_TRUE(e->RemoveSeeker(m.seekers[3].id).ok());
  ASSERT_TRUE(e->UpsertSeeker(src.RandomSeeker("new")).ok());
  std::vector<std::string> want = {m.seekers[0].id, m.seekers[2].id, m.seekers[4].id,
                                   m.seekers[1].id, "new"};
  auto ids = [&] {
    std::vector<std::string> out;
    for (const Seeker& s : e->View().ExportSeekers()) out.push_back(s.id);
    return out;
  };
  EXPECT_EQ(ids(), want);
  const EngineStats before = e->stats();
  EXPECT_EQ(before.seeker_delta_rows, 2);
  EXPECT_EQ(before.seeker_removed_base_rows, 2);
  ASSERT_TRUE(e->Compact().ok());
  EXPECT_EQ(ids(), want);
  const EngineStats after = e->stats();
  EXPECT_EQ(after.sequence, before.sequence);  // same data, same sequence
  EXPECT_EQ(after.seeker_delta_rows, 0);
  EXPECT_EQ(after.seeker_base_rows, 5);
  EXPECT_EQ(after.compactions, 1);
}

TEST(EngineTest, PolicyWithExtraGroupGrowsVocabulary) {
  Source src(6, 0);
  Model m;
  m.vocab = src.instance().vocab;
  m.policy = Policy::Default();
  for (int i = 0; i < 10; ++i) m.seekers.push_back(src.instance().seeker_rows[i]);
  for (int i = 0; i < 5; ++i) m.vacancies.push_back(src.instance().vacancy_rows[i]);
  auto e = MakeEngine(m, {});
  ASSERT_NE(e, nullptr);
  Policy p = Policy::Default();
  p.extra_groups = {"returning_migrant"};
  p.rules.push_back({.name = "migrants", .weight = 0.1f, .groups = {"returning_migrant"}});
  // A seeker in the new group is refused before the policy declares it ...
  Seeker s = src.RandomSeeker("M1");
  const int32_t gid = m.vocab.groups().size();
  s.groups |= GroupMask{1} << gid;
  EXPECT_FALSE(e->UpsertSeeker(s).ok());
  // ... and accepted in the same update that brings the policy.
  EngineUpdate u;
  u.policy = p;
  u.upsert_seekers = {s};
  ASSERT_TRUE(e->Apply(u).ok());
  EXPECT_EQ(e->View().vocabulary().FindGroup("returning_migrant"), gid);
  ApplyToModel(u, m);
  ExpectMatchesModel(e->View(), m, 6);
}

TEST(EngineTest, ExplanationTextNamesIds) {
  Source src(8, 0);
  Model m;
  m.vocab = src.instance().vocab;
  m.policy = Policy::Default();
  for (int i = 0; i < 4; ++i) m.seekers.push_back(src.instance().seeker_rows[i]);
  for (int i = 0; i < 4; ++i) m.vacancies.push_back(src.instance().vacancy_rows[i]);
  EngineOptions opt;
  opt.auto_compact = false;
  auto e = MakeEngine(m, opt);
  ASSERT_NE(e, nullptr);
  ASSERT_TRUE(e->UpsertSeeker(src.RandomSeeker("Late")).ok());
  ASSERT_TRUE(e->UpsertVacancy(src.RandomVacancy("LateV")).ok());
  EngineView v = e->View();
  auto ex = v.ExplainIds("Late", "LateV");
  ASSERT_TRUE(ex.ok());
  EXPECT_EQ(ex->seeker, 4);
  EXPECT_EQ(ex->vacancy, 4);
  EXPECT_TRUE(absl::StrContains(v.ExplanationText(*ex), "seeker Late -> vacancy LateV"));
  EXPECT_EQ(v.ExplainIds("nobody", "LateV").status().code(), absl::StatusCode::kNotFound);
}

TEST(EngineTest, EmptyEngineTakesFirstRows) {
  Source src(9, 4);
  Model m;
  m.vocab = src.instance().vocab;
  m.policy = Policy::Default();
  auto e = MakeEngine(m, {});
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->View().num_seekers(), 0);
  TopKOptions o;
  auto r = e->TopK(Direction::kVacanciesForSeekers, o);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->rows, 0);
  EngineUpdate u;
  for (int i = 0; i < 6; ++i) u.upsert_seekers.push_back(src.instance().seeker_rows[i]);
  for (int i = 0; i < 4; ++i) u.upsert_vacancies.push_back(src.instance().vacancy_rows[i]);
  ASSERT_TRUE(e->Apply(u).ok());
  ApplyToModel(u, m);
  ExpectMatchesModel(e->View(), m, 9);
  // Remove everything, then the fixed embedding dimension still holds.
  EngineUpdate clear;
  for (const Seeker& s : m.seekers) clear.remove_seekers.push_back(s.id);
  ASSERT_TRUE(e->Apply(clear).ok());
  ApplyToModel(clear, m);
  ExpectMatchesModel(e->View(), m, 10);
  Seeker odd = src.RandomSeeker("odd");
  odd.embedding = {1.0f};
  EXPECT_EQ(e->UpsertSeeker(odd).code(), absl::StatusCode::kInvalidArgument);
}

// What Engine::Save/Load will do: save the compacted view of a version with
// deltas and removals, load it into a new engine, get the same answers.
TEST(EngineTest, SnapshotOfCompactedViewRestoresTheSameEngine) {
  Source src(12, 4);
  Model m;
  m.vocab = src.instance().vocab;
  m.policy = RandomPolicy(12, m.vocab);
  for (int i = 0; i < 25; ++i) m.seekers.push_back(src.instance().seeker_rows[i]);
  for (int i = 0; i < 12; ++i) m.vacancies.push_back(src.instance().vacancy_rows[i]);
  EngineOptions opt;
  opt.auto_compact = false;
  auto e = MakeEngine(m, opt);
  ASSERT_NE(e, nullptr);
  int next_id = 500;
  for (int i = 0; i < 15; ++i) {
    RandomUpdate ru = MakeUpdate(src, m, &next_id, /*allow_bad=*/false);
    ASSERT_TRUE(e->Apply(ru.update).ok());
    ApplyToModel(ru.update, m);
  }
  EngineView view = e->View();
  ASSERT_FALSE(view.stats().seeker_delta_rows == 0 && view.stats().seeker_removed_base_rows == 0);
  CompactedTables c = view.Compacted();
  auto bytes = SaveSnapshotToString(c.vocabulary, c.seekers, c.vacancies, c.policy);
  ASSERT_TRUE(bytes.ok()) << bytes.status();
  auto data = LoadSnapshotFromBuffer(*bytes);
  ASSERT_TRUE(data.ok()) << data.status();
  auto restored = Engine::Create(*std::move(data));
  ASSERT_TRUE(restored.ok()) << restored.status();
  ExpectMatchesModel((*restored)->View(), m, 12);
  EXPECT_EQ((*restored)->View().ExportSeekers(), view.ExportSeekers());
  EXPECT_EQ((*restored)->View().ExportVacancies(), view.ExportVacancies());
}

// Engine::SaveSnapshot / Engine::LoadSnapshot through a real file: the
// restored engine equals the model; a damaged file is refused and a failed
// save keeps the earlier file.
TEST(EngineTest, SaveAndLoadSnapshotFile) {
  Source src(21, 4);
  Model m;
  m.vocab = src.instance().vocab;
  m.policy = RandomPolicy(21, m.vocab);
  for (int i = 0; i < 30; ++i) m.seekers.push_back(src.instance().seeker_rows[i]);
  for (int i = 0; i < 10; ++i) m.vacancies.push_back(src.instance().vacancy_rows[i]);
  EngineOptions opt;
  opt.auto_compact = false;
  auto e = MakeEngine(m, opt);
  ASSERT_NE(e, nullptr);
  int next_id = 700;
  for (int i = 0; i < 10; ++i) {
    RandomUpdate ru = MakeUpdate(src, m, &next_id, /*allow_bad=*/false);
    ASSERT_TRUE(e->Apply(ru.update).ok());
    ApplyToModel(ru.update, m);
  }
  const std::string dir = ::testing::TempDir();
  const std::string path = dir + "/engine_save_load_test.jms";
  ASSERT_TRUE(e->SaveSnapshot(path).ok());
  auto restored = Engine::LoadSnapshot(path, opt);
  ASSERT_TRUE(restored.ok()) << restored.status();
  ExpectMatchesModel((*restored)->View(), m, 21);
  EXPECT_EQ((*restored)->View().ExportSeekers(), e->View().ExportSeekers());
  EXPECT_EQ((*restored)->sequence(), 0u);

  // A save that fails (the target is a directory) leaves no engine change
  // and the loader refuses a damaged file with the path in the message.
  EXPECT_FALSE(e->SaveSnapshot(dir).ok());
  std::string bytes;
  {
    std::ifstream in(path, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), {});
  }
  ASSERT_GT(bytes.size(), 200u);
  bytes[bytes.size() / 2] ^= 0x10;
  const std::string bad = dir + "/engine_save_load_test_bad.jms";
  {
    std::ofstream out(bad, std::ios::binary);
    out << bytes;
  }
  auto refused = Engine::LoadSnapshot(bad);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find(bad), std::string::npos) << refused.status();
  std::remove(path.c_str());
  std::remove(bad.c_str());
}

// ------------------------------------------- building blocks used by Engine

TEST(TopKExcludedCandidatesTest, EqualsBruteForceWithoutThoseRows) {
  auto inst = RandomInstance(77, {.num_seekers = 90, .num_vacancies = 70});
  auto sc =
      Scorer::Create(RandomPolicy(77, inst->vocab), inst->vocab, inst->seekers, inst->vacancies);
  ASSERT_TRUE(sc.ok());
  std::mt19937_64 rng(77);
  for (Direction d : {Direction::kVacanciesForSeekers, Direction::kSeekersForVacancies}) {
    const int64_t cands = d == Direction::kVacanciesForSeekers ? 70 : 90;
    std::vector<uint64_t> bits((cands + 63) / 64, 0);
    for (int64_t c = 0; c < cands; ++c) {
      if (rng() % 3 == 0) bits[c / 64] |= uint64_t{1} << (c % 64);
    }
    TopKOptions o;
    o.k = 6;
    o.num_threads = 2;
    o.excluded_candidates = bits;
    auto got = TopK(*sc, d, o);
    ASSERT_TRUE(got.ok());
    // Oracle: brute force without the mask, excluded rows filtered out.
    TopKOptions all = o;
    all.excluded_candidates = {};
    all.k = static_cast<int>(cands);
    TopKResult full = BruteForceTopK(*sc, d, all);
    for (int64_t r = 0; r < got->rows; ++r) {
      std::vector<int64_t> want;
      for (int64_t j = 0; j < full.k; ++j) {
        const int64_t c = full.index[r * full.k + j];
        if (c >= 0 && ((bits[c / 64] >> (c % 64)) & 1) == 0 && want.size() < 6) want.push_back(c);
      }
      want.resize(6, -1);
      EXPECT_EQ(std::vector<int64_t>(got->index.begin() + r * 6, got->index.begin() + r * 6 + 6),
                want);
    }
    // Brute force honours the mask too.
    ExpectSameTopK(BruteForceTopK(*sc, d, o), *got);
    TopKOptions shortmask = o;
    std::vector<uint64_t> one(1, 0);
    shortmask.excluded_candidates = one;
    EXPECT_EQ(TopK(*sc, d, shortmask).status().code(), absl::StatusCode::kInvalidArgument);
  }
}

}  // namespace
}  // namespace jobmatch
