// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// Concurrency stress test of the live engine: N reader threads query while
// one writer applies a fixed sequence of updates (some of them invalid, with
// automatic compaction in between). Every reader result is checked against a
// sequential oracle for the version the reader saw: the update sequence is
// replayed beforehand on a plain model, and the final data of every sequence
// number is built fresh (tables + Scorer). Bounded in work, not time, so it
// also runs under ThreadSanitizer (docs/live_engine.md):
//   cmake -S . -B build-tsan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
//       -DCMAKE_CXX_FLAGS=-fsanitize=thread -DCMAKE_EXE_LINKER_FLAGS=-fsanitize=thread
//       -DCMAKE_SHARED_LINKER_FLAGS=-fsanitize=thread
//   cmake --build build-tsan --target engine_stress_test
//   build-tsan/tests/engine_stress_test
#include <algorithm>
#include <atomic>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "jobmatch/engine/engine.h"
#include "jobmatch/matching/allocation.h"
#include "jobmatch/search/topk.h"
#include "testing/test_util.h"

namespace jobmatch {
namespace {

using ::jobmatch::testing::Instance;
using ::jobmatch::testing::InstanceOptions;
using ::jobmatch::testing::RandomInstance;
using ::jobmatch::testing::RandomPolicy;

struct Model {
  Policy policy;
  std::vector<Seeker> seekers;
  std::vector<Vacancy> vacancies;
};

template <typename Row>
void Upsert(std::vector<Row>& rows, const Row& r) {
  auto it = std::find_if(rows.begin(), rows.end(), [&](const Row& x) { return x.id == r.id; });
  if (it != rows.end()) rows.erase(it);
  rows.push_back(r);
}
template <typename Row>
void Remove(std::vector<Row>& rows, const std::string& id) {
  rows.erase(std::find_if(rows.begin(), rows.end(), [&](const Row& x) { return x.id == id; }));
}

// The fresh build of one version's final data.
struct Oracle {
  Model model;
  SeekerTable seekers;
  VacancyTable vacancies;
  std::optional<Scorer> scorer;
};

std::unique_ptr<Oracle> Build(const Model& m, const Vocabulary& vocab) {
  auto o = std::make_unique<Oracle>();
  o->model = m;
  if (!o->seekers.Append(m.seekers, vocab).ok() || !o->vacancies.Append(m.vacancies, vocab).ok()) {
    ADD_FAILURE() << "oracle tables";
    return o;
  }
  auto s = Scorer::Create(m.policy, vocab, o->seekers, o->vacancies);
  if (!s.ok()) {
    ADD_FAILURE() << s.status();
    return o;
  }
  o->scorer.emplace(*std::move(s));
  return o;
}

struct Step {
  EngineUpdate update;
  bool ok = true;
};

// A deterministic update sequence, replayed on the model as it is made.
std::vector<Step> MakeSteps(const Instance& inst, Model m, int count, uint64_t seed,
                            std::vector<Model>* models) {
  std::mt19937_64 rng(seed);
  auto pick = [&](size_t n) { return static_cast<size_t>(rng() % n); };
  std::vector<Step> steps;
  int next = 0;
  models->push_back(m);
  for (int i = 0; i < count; ++i) {
    Step st;
    EngineUpdate& u = st.update;
    const size_t kind = pick(8);
    auto new_seeker = [&](bool reuse) {
      Seeker s = inst.seeker_rows[pick(inst.seeker_rows.size())];
      s.id = (reuse && !m.seekers.empty()) ? m.seekers[pick(m.seekers.size())].id
                                           : absl::StrCat("S", 1000 + next++);
      return s;
    };
    auto new_vacancy = [&](bool reuse) {
      Vacancy v = inst.vacancy_rows[pick(inst.vacancy_rows.size())];
      v.id = (reuse && !m.vacancies.empty()) ? m.vacancies[pick(m.vacancies.size())].id
                                             : absl::StrCat("V", 1000 + next++);
      return v;
    };
    if (kind <= 2) {
      u.upsert_seekers.push_back(new_seeker(kind == 0));
    } else if (kind == 3) {
      u.upsert_vacancies.push_back(new_vacancy(pick(2) == 0));
    } else if (kind == 4 && m.seekers.size() > 5) {
      u.remove_seekers.push_back(m.seekers[pick(m.seekers.size())].id);
    } else if (kind == 5 && m.vacancies.size() > 3) {
      u.remove_vacancies.push_back(m.vacancies[pick(m.vacancies.size())].id);
    } else if (kind == 6) {
      // A batch with a bad record in the middle: rejected whole.
      for (int j = 0; j < 4; ++j) u.upsert_seekers.push_back(new_seeker(false));
      u.upsert_seekers[2].reservation_wage = -1.0f;
      st.ok = false;
    } else if (pick(4) == 0) {
      u.policy = RandomPolicy(rng(), inst.vocab);
    } else {
      for (int j = 0; j < 3; ++j) u.upsert_seekers.push_back(new_seeker(false));
      u.upsert_vacancies.push_back(new_vacancy(false));
    }
    if (st.ok) {
      if (u.policy) m.policy = *u.policy;
      for (const auto& id : u.remove_seekers) Remove(m.seekers, id);
      for (const auto& id : u.remove_vacancies) Remove(m.vacancies, id);
      for (const auto& s : u.upsert_seekers) Upsert(m.seekers, s);
      for (const auto& v : u.upsert_vacancies) Upsert(m.vacancies, v);
      models->push_back(m);
    }
    steps.push_back(std::move(st));
  }
  return steps;
}

// Failures found by reader threads, reported by the main thread.
class Problems {
 public:
  void Add(std::string what) {
    std::lock_guard<std::mutex> lock(mu_);
    if (list_.size() < 20) list_.push_back(std::move(what));
    ++count_;
  }
  int count() const {
    std::lock_guard<std::mutex> lock(mu_);
    return count_;
  }
  std::vector<std::string> list() const {
    std::lock_guard<std::mutex> lock(mu_);
    return list_;
  }

 private:
  mutable std::mutex mu_;
  std::vector<std::string> list_;
  int count_ = 0;
};

bool SameTopK(const TopKResult& a, const TopKResult& b) {
  return a.rows == b.rows && a.k == b.k && a.row_ids == b.row_ids && a.index == b.index &&
         a.score == b.score;
}

bool SameExplanation(const Explanation& a, const Explanation& b) {
  if (a.rules.size() != b.rules.size()) return false;
  for (size_t i = 0; i < a.rules.size(); ++i) {
    if (a.rules[i].name != b.rules[i].name || a.rules[i].weight != b.rules[i].weight) return false;
  }
  return a.seeker == b.seeker && a.vacancy == b.vacancy && a.eligible == b.eligible &&
         a.ineligible == b.ineligible && a.value == b.value && a.weight == b.weight &&
         a.used == b.used && a.base == b.base && a.boost == b.boost && a.score == b.score &&
         a.distance_km == b.distance_km && a.remote == b.remote;
}

// One query on `view` checked against `o`; returns a description of the
// mismatch or "".
std::string CheckOnce(const EngineView& view, const Oracle& o, std::mt19937_64& rng) {
  const Model& m = o.model;
  if (view.num_seekers() != static_cast<int64_t>(m.seekers.size()) ||
      view.num_vacancies() != static_cast<int64_t>(m.vacancies.size())) {
    return "sizes";
  }
  if (!(view.policy() == m.policy)) return "policy";
  switch (rng() % 5) {
    case 0:
    case 1: {
      const Direction d =
          rng() % 2 ? Direction::kVacanciesForSeekers : Direction::kSeekersForVacancies;
      const int64_t n =
          d == Direction::kVacanciesForSeekers ? view.num_seekers() : view.num_vacancies();
      TopKOptions opt;
      opt.k = 1 + static_cast<int>(rng() % 6);
      opt.num_threads = 1;
      if (rng() % 4 != 0) {
        for (int i = 0; i < 5 && n > 0; ++i) opt.rows.push_back(static_cast<int64_t>(rng() % n));
      }
      auto got = view.TopK(d, opt);
      auto want = jobmatch::TopK(*o.scorer, d, opt);
      if (!got.ok() || !want.ok() || !SameTopK(*got, *want)) return "top-k";
      return "";
    }
    case 2: {
      if (m.seekers.empty() || m.vacancies.empty()) return "";
      const size_t s = rng() % m.seekers.size(), v = rng() % m.vacancies.size();
      auto got = view.ExplainIds(m.seekers[s].id, m.vacancies[v].id);
      if (!got.ok()) return absl::StrCat("explain: ", got.status().ToString());
      if (!SameExplanation(*got,
                           o.scorer->Explain(static_cast<int64_t>(s), static_cast<int64_t>(v)))) {
        return "explain";
      }
      return "";
    }
    case 3: {
      const std::vector<Seeker> got = view.ExportSeekers();
      for (size_t i = 0; i < got.size(); ++i) {
        if (got[i] != o.seekers.Get(static_cast<int64_t>(i))) return "export";
      }
      return "";
    }
    default: {
      AllocationOptions ao;
      ao.candidates_per_seeker = 4;
      ao.num_threads = 1;
      ao.method = rng() % 2 ? AllocationMethod::kOptimal : AllocationMethod::kStable;
      auto got = view.Allocate(ao);
      auto want = jobmatch::Allocate(*o.scorer, ao);
      if (got.ok() != want.ok()) return "allocate status";
      if (got.ok() &&
          (got->vacancy_of_seeker != want->vacancy_of_seeker ||
           got->score_of_seeker != want->score_of_seeker ||
           got->seeker_outcome != want->seeker_outcome || got->filled != want->filled)) {
        return "allocate";
      }
      return "";
    }
  }
}

TEST(EngineStressTest, ReadersSeeConsistentVersionsWhileWriterUpdates) {
  constexpr int kReaders = 4;
  constexpr int kSteps = 300;
  InstanceOptions io;
  io.num_seekers = 80;
  io.num_vacancies = 30;
  io.embedding_dim = 4;
  auto inst = RandomInstance(2026, io);
  Model start;
  start.policy = RandomPolicy(11, inst->vocab);
  start.seekers.assign(inst->seeker_rows.begin(), inst->seeker_rows.begin() + 40);
  start.vacancies.assign(inst->vacancy_rows.begin(), inst->vacancy_rows.begin() + 15);
  std::vector<Model> models;  // models[sequence]
  const std::vector<Step> steps = MakeSteps(*inst, start, kSteps, 99, &models);
  std::vector<std::unique_ptr<Oracle>> oracles;
  for (const Model& m : models) oracles.push_back(Build(m, inst->vocab));
  ASSERT_FALSE(::testing::Test::HasFailure());

  SeekerTable s0;
  VacancyTable v0;
  ASSERT_TRUE(s0.Append(start.seekers, inst->vocab).ok());
  ASSERT_TRUE(v0.Append(start.vacancies, inst->vocab).ok());
  EngineOptions eo;
  eo.compact_min_rows = 6;  // compaction happens often, concurrently with readers
  auto created = Engine::Create(inst->vocab, std::move(s0), std::move(v0), start.policy, eo);
  ASSERT_TRUE(created.ok()) << created.status();
  Engine& engine = **created;

  Problems problems;
  std::atomic<bool> done{false};
  std::atomic<uint64_t> seen{0};  // highest sequence a reader has taken a view of
  std::atomic<int> started{0};
  std::atomic<int64_t> queries{0};
  auto reader = [&](int id) {
    std::mt19937_64 rng(1000 + id);
    uint64_t last = 0;
    std::optional<EngineView> held;  // an old view, re-checked later
    bool first = true;
    int64_t n = 0;
    while (!done.load() || n < 50) {
      EngineView view = engine.View();
      const uint64_t seq = view.sequence();
      if (seq < last) problems.Add(absl::StrCat("reader ", id, ": sequence went back"));
      last = seq;
      uint64_t prev = seen.load();
      while (prev < seq && !seen.compare_exchange_weak(prev, seq)) {
      }
      if (seq >= oracles.size()) {
        problems.Add(absl::StrCat("reader ", id, ": sequence ", seq, " beyond the oracle"));
        break;
      }
      // Two queries on one view: both must match the same version.
      for (int q = 0; q < 2; ++q) {
        std::string bad = CheckOnce(view, *oracles[seq], rng);
        if (!bad.empty()) problems.Add(absl::StrCat("reader ", id, " seq ", seq, ": ", bad));
      }
      if (!held || rng() % 8 == 0) held = view;
      std::string bad = CheckOnce(*held, *oracles[held->sequence()], rng);
      if (!bad.empty())
        problems.Add(absl::StrCat("reader ", id, " held seq ", held->sequence(), ": ", bad));
      if (first) {
        started.fetch_add(1);
        first = false;
      }
      ++n;
    }
    queries.fetch_add(n);
  };
  std::vector<std::thread> threads;
  for (int i = 0; i < kReaders; ++i) threads.emplace_back(reader, i);
  while (started.load() < kReaders) std::this_thread::yield();

  uint64_t sequence = 0;
  int writer_errors = 0;
  std::string writer_problem;
  for (size_t i = 0; i < steps.size(); ++i) {
    const absl::Status st = engine.Apply(steps[i].update);
    if (st.ok() != steps[i].ok) {
      ++writer_errors;
      writer_problem = absl::StrCat("step ", i, ": ", st.ToString());
      break;
    }
    if (st.ok()) ++sequence;
    if (engine.sequence() != sequence) {
      ++writer_errors;
      writer_problem = absl::StrCat("step ", i, ": sequence ", engine.sequence());
      break;
    }
    // Let the readers catch up with this version before the next update, so
    // every version is queried (work-bounded, no timing).
    while (seen.load() < sequence) std::this_thread::yield();
  }
  done.store(true);
  for (auto& t : threads) t.join();

  EXPECT_EQ(writer_errors, 0) << writer_problem;
  EXPECT_EQ(sequence + 1, models.size());
  EXPECT_GT(engine.stats().compactions, 0);
  EXPECT_EQ(problems.count(), 0);
  for (const std::string& p : problems.list()) ADD_FAILURE() << p;
  EXPECT_GE(queries.load(), int64_t{kReaders} * 50);
}

}  // namespace
}  // namespace jobmatch
