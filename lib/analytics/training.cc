// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
#include "jobmatch/analytics/training.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <mutex>
#include <span>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/types/span.h"
#include "analytics/internal/training_adviser.h"
#include "base/internal/text.h"
#include "io/internal/cell_text.h"
#include "io/internal/csv_writer.h"
#include "jobmatch/base/file_io.h"
#include "jobmatch/base/status_macros.h"
#include "scoring/internal/scorer_internal.h"
#include "search/internal/topk_internal.h"

namespace jobmatch {
namespace {

using internal::ChunkBuffer;
using internal::CompiledScorer;
using internal::KernelSet;

constexpr float kNegInf = -std::numeric_limits<float>::infinity();
constexpr int64_t kChunk = 128;    // seekers scored together
constexpr int64_t kVacBlock = 60;  // vacancies per embedding tile (6-row micro-kernel)

// An eligible vacancy and its score; the per-seeker search of the advice.
using Entry = internal::TrainingEntry;
using Adviser = internal::TrainingAdviser;

// Scores the seekers `rows` against the vacancies `vacs` with the kernels of
// top-k (bit-identical to Scorer::Score) and keeps the eligible pairs:
// lists[j] = {(score, vacs[i]) : pair (rows[j], vacs[i]) eligible}, in the
// order of vacs. With eligibility_only the score components are skipped
// (the scores are then 0, not the Scorer's; only which pairs are eligible).
class BlockScorer {
 public:
  BlockScorer(const Scorer& scorer, bool eligibility_only)
      : scorer_(scorer),
        cs_(internal::ScorerAccess::Compiled(scorer)),
        kern_(internal::ActiveKernels()),
        params_(cs_.params),
        emb_(cs_.use_embeddings && !eligibility_only) {
    if (eligibility_only) {
      // Only the -inf of ineligible pairs is read: skip every component and
      // the boost (eligibility does not depend on them).
      for (float& w : params_.w) w = 0.0f;
      params_.has_boost = 0;
    }
  }

  void Score(std::span<const int64_t> rows, std::span<const int32_t> vacs,
             std::vector<std::vector<Entry>>& lists) {
    const int64_t n = static_cast<int64_t>(rows.size());
    const int64_t nv = static_cast<int64_t>(vacs.size());
    lists.resize(static_cast<size_t>(n));
    for (auto& l : lists) l.clear();
    buf_.Fill(cs_, absl::MakeConstSpan(rows.data(), rows.size()));
    const int d = cs_.params.embedding_dim;
    const RowMatrixXf& vemb = scorer_.vacancies().embeddings();
    tmp_.resize(static_cast<size_t>(n));
    floor_.assign(static_cast<size_t>(n), kNegInf);
    hits_.resize(static_cast<size_t>(n));
    dots_.assign(emb_ ? static_cast<size_t>(kVacBlock * n) : 1, 0.0f);
    for (int64_t b0 = 0; b0 < nv; b0 += kVacBlock) {
      const int64_t nb = std::min(kVacBlock, nv - b0);
      if (emb_) {
        gathered_.resize(static_cast<size_t>(nb * d));
        for (int64_t i = 0; i < nb; ++i) {
          const float* src = vemb.row(vacs[b0 + i]).data();
          std::copy(src, src + d, gathered_.data() + i * d);
        }
        kern_.dot_tile(gathered_.data(), d, nb, buf_.packed(), n, d, dots_.data(), n);
      }
      for (int64_t i = 0; i < nb; ++i) {
        const int32_t v = vacs[b0 + i];
        kern_.score_row(params_, buf_.chunk(), cs_.MakeVacancyRow(v),
                        emb_ ? dots_.data() + i * n : dots_.data(), tmp_.data());
        const int64_t nh = kern_.compact_above(tmp_.data(), floor_.data(), n, hits_.data());
        for (int64_t h = 0; h < nh; ++h) lists[hits_[h]].push_back({tmp_[hits_[h]], v});
      }
    }
  }

 private:
  const Scorer& scorer_;
  const CompiledScorer& cs_;
  const KernelSet& kern_;
  internal::KernelParams params_;
  const bool emb_;
  ChunkBuffer buf_;
  std::vector<float> tmp_, floor_, dots_, gathered_;
  std::vector<int32_t> hits_;
};

absl::Status CheckCourseOptions(const Scorer& scorer, const CourseOptions& options) {
  const int64_t ns = scorer.seekers().size(), nv = scorer.vacancies().size();
  const std::vector<int32_t>& openings = scorer.vacancies().openings();
  if (options.num_threads < 0) return absl::InvalidArgumentError("num_threads must be >= 0");
  if (!options.filled.empty() && static_cast<int64_t>(options.filled.size()) != nv) {
    return absl::InvalidArgumentError(absl::StrCat(
        "filled has ", options.filled.size(), " entries, one per vacancy row (", nv, ") needed"));
  }
  if (!options.placed.empty() && static_cast<int64_t>(options.placed.size()) != ns) {
    return absl::InvalidArgumentError(absl::StrCat(
        "placed has ", options.placed.size(), " entries, one per seeker row (", ns, ") needed"));
  }
  for (size_t v = 0; v < options.filled.size(); ++v) {
    if (options.filled[v] < 0 || options.filled[v] > openings[v]) {
      return absl::InvalidArgumentError(absl::StrCat("filled[", v, "] = ", options.filled[v],
                                                     ": outside 0..", openings[v],
                                                     " (the vacancy's openings)"));
    }
  }
  return absl::OkStatus();
}

// The seekers grouped by area: the areas, sorted, into table.districts and
// table.towns; each seeker's area; the seekers in area order (stable).
struct SeekerAreas {
  std::vector<int64_t> order;
  std::vector<int32_t> area_of;
};

SeekerAreas GroupByArea(const SeekerTable& S, bool town, CourseTable& table) {
  const int64_t ns = S.size();
  std::vector<std::pair<std::string_view, std::string_view>> keys(ns);
  for (int64_t s = 0; s < ns; ++s) {
    keys[s] = {S.districts()[s], town ? std::string_view(S.towns()[s]) : std::string_view()};
  }
  SeekerAreas out;
  out.order.resize(ns);
  for (int64_t s = 0; s < ns; ++s) out.order[s] = s;
  std::stable_sort(out.order.begin(), out.order.end(),
                   [&](int64_t a, int64_t b) { return keys[a] < keys[b]; });
  out.area_of.assign(ns, 0);
  for (int64_t i = 0; i < ns; ++i) {
    const int64_t s = out.order[i];
    if (i == 0 || keys[s] != keys[out.order[i - 1]]) {
      table.districts.emplace_back(keys[s].first);
      table.towns.emplace_back(keys[s].second);
    }
    out.area_of[s] = static_cast<int32_t>(table.districts.size()) - 1;
  }
  return out;
}

// Tasks: runs of at most kChunk seekers of one area, not placed, so that a
// task never spans two areas. tasks[t] = [begin, end) in rows.
struct CourseTasks {
  std::vector<int64_t> rows;
  std::vector<std::pair<int64_t, int64_t>> tasks;
};

CourseTasks MakeCourseTasks(const SeekerAreas& areas, const std::vector<uint8_t>& placed) {
  CourseTasks out;
  std::vector<int64_t>& rows = out.rows;
  std::vector<std::pair<int64_t, int64_t>>& tasks = out.tasks;
  for (const int64_t s : areas.order) {
    if (!placed.empty() && placed[s] != 0) continue;
    const bool new_task = tasks.empty() || tasks.back().second - tasks.back().first == kChunk ||
                          areas.area_of[rows[tasks.back().first]] != areas.area_of[s];
    if (new_task) tasks.push_back({static_cast<int64_t>(rows.size()), 0});
    rows.push_back(s);
    tasks.back().second = static_cast<int64_t>(rows.size());
  }
  return out;
}

// What the tasks share: open vacancies with requirements (one without any
// is met by everyone), the places left per vacancy row, the minimum grade
// per requirement position.
struct CourseInputs {
  std::vector<int32_t> open;
  std::vector<int64_t> remaining;
  std::vector<int8_t> min_level;
};

CourseInputs MakeCourseInputs(const VacancyTable& V, const std::vector<int32_t>& filled) {
  const int64_t nv = V.size();
  const auto& offsets = V.requirements().offsets;
  CourseInputs in;
  in.remaining.assign(nv, 0);
  for (int64_t v = 0; v < nv; ++v) {
    in.remaining[v] = V.openings()[v] - (filled.empty() ? 0 : filled[v]);
    if (in.remaining[v] > 0 && offsets[v + 1] > offsets[v]) {
      in.open.push_back(static_cast<int32_t>(v));
    }
  }
  in.min_level.resize(V.requirements().values.size());
  for (size_t i = 0; i < in.min_level.size(); ++i) {
    in.min_level[i] = V.requirements().values[i].min_level;
  }
  return in;
}

// (area, requirement position) -> seekers credited; (area, skill, grade)
// -> distinct seekers credited.
using CreditMap = absl::flat_hash_map<std::pair<int32_t, int64_t>, int64_t>;
using DistinctMap = absl::flat_hash_map<std::tuple<int32_t, int32_t, int>, int64_t>;

// Task t: the requirement that is the one unmet requirement of an eligible
// pair credits its course, once per seeker and course in `distinct`; added
// under `mu`. Returns the number of seekers done.
int64_t CountTaskCredits(const Scorer& scorer, const CourseTasks& ct, const SeekerAreas& areas,
                         const CourseInputs& in, int64_t t, std::mutex& mu, CreditMap& credit,
                         DistinctMap& distinct) {
  const SeekerTable& S = scorer.seekers();
  const CompiledScorer& cs = internal::ScorerAccess::Compiled(scorer);
  const auto& offsets = scorer.vacancies().requirements().offsets;
  thread_local std::vector<std::vector<Entry>> lists;
  const auto [b, e] = ct.tasks[t];
  const int64_t m = e - b;
  const int32_t area = areas.area_of[ct.rows[b]];
  BlockScorer block(scorer, /*eligibility_only=*/true);
  block.Score(std::span<const int64_t>(ct.rows.data() + b, m), in.open, lists);
  // Seekers credited per requirement position (dense, reset through
  // `used`), and per course.
  thread_local std::vector<int64_t> local;
  thread_local std::vector<int64_t> used;
  local.resize(in.min_level.size(), 0);
  used.clear();
  absl::flat_hash_map<std::pair<int32_t, int>, int64_t> local_distinct;
  std::vector<int> level(cs.params.num_skills, 0);
  std::vector<std::pair<int32_t, int>> courses;
  for (int64_t j = 0; j < m; ++j) {
    const int64_t s = ct.rows[b + j];
    for (const SkillLevel& sl : S.skills().row(s)) level[sl.skill] = sl.level;
    courses.clear();
    for (const Entry& en : lists[j]) {
      const int32_t v = en.v;
      int unmet = 0;
      int64_t last = -1;
      for (int64_t p = offsets[v]; p < offsets[v + 1] && unmet < 2; ++p) {
        if (level[cs.req_skill[p]] < in.min_level[p]) {
          ++unmet;
          last = p;
        }
      }
      if (unmet != 1) continue;
      if (local[last]++ == 0) used.push_back(last);
      courses.push_back({cs.req_skill[last], in.min_level[last]});
    }
    std::sort(courses.begin(), courses.end());
    courses.erase(std::unique(courses.begin(), courses.end()), courses.end());
    for (const auto& c : courses) ++local_distinct[c];
    for (const SkillLevel& sl : S.skills().row(s)) level[sl.skill] = 0;
  }
  std::lock_guard<std::mutex> lock(mu);
  for (int64_t p : used) {
    credit[{area, p}] += local[p];
    local[p] = 0;
  }
  for (const auto& [c, n] : local_distinct) distinct[{area, c.first, c.second}] += n;
  return m;
}

// The course rows per (area, skill, grade): openings left that the course
// would let be filled, vacancies, distinct seekers; ranked within each area.
void AddCourseRows(const Scorer& scorer, const CourseInputs& in, const CreditMap& credit,
                   DistinctMap& distinct, CourseTable& table) {
  const CompiledScorer& cs = internal::ScorerAccess::Compiled(scorer);
  const auto& offsets = scorer.vacancies().requirements().offsets;
  absl::flat_hash_map<std::tuple<int32_t, int32_t, int>, std::pair<int64_t, int64_t>> agg;
  for (const auto& [key, c] : credit) {
    const int64_t p = key.second;
    const int64_t v = std::upper_bound(offsets.begin(), offsets.end(), p) - offsets.begin() - 1;
    auto& a = agg[{key.first, cs.req_skill[p], static_cast<int>(in.min_level[p])}];
    a.first += std::min(in.remaining[v], c);
    a.second += 1;
  }
  for (const auto& [key, a] : agg) {
    CourseRow r;
    r.area = std::get<0>(key);
    r.skill = std::get<1>(key);
    r.grade = std::get<2>(key);
    r.openings = a.first;
    r.vacancies = a.second;
    r.seekers = distinct[key];
    table.rows.push_back(r);
  }
  std::sort(table.rows.begin(), table.rows.end(), [](const CourseRow& a, const CourseRow& b) {
    return std::tie(a.area, b.openings, b.seekers, a.skill, a.grade) <
           std::tie(b.area, a.openings, a.seekers, b.skill, b.grade);
  });
  for (size_t i = 0; i < table.rows.size(); ++i) {
    table.rows[i].rank =
        (i > 0 && table.rows[i - 1].area == table.rows[i].area) ? table.rows[i - 1].rank + 1 : 1;
  }
}

}  // namespace

absl::StatusOr<TrainingAdvice> AdviseTraining(const Scorer& scorer,
                                              const TrainingOptions& options) {
  if (options.k < 1)
    return absl::InvalidArgumentError(absl::StrCat("k must be >= 1, got ", options.k));
  if (options.top < 1) {
    return absl::InvalidArgumentError(absl::StrCat("top must be >= 1, got ", options.top));
  }
  if (options.num_threads < 0) return absl::InvalidArgumentError("num_threads must be >= 0");
  const int64_t ns = scorer.seekers().size();
  TrainingAdvice res;
  res.k = options.k;
  res.top = options.top;
  if (options.seekers.empty()) {
    res.seekers.resize(ns);
    for (int64_t s = 0; s < ns; ++s) res.seekers[s] = s;
  } else {
    std::vector<uint8_t> seen(ns, 0);
    for (size_t i = 0; i < options.seekers.size(); ++i) {
      const int64_t s = options.seekers[i];
      if (s < 0 || s >= ns) {
        return absl::InvalidArgumentError(
            absl::StrCat("seekers[", i, "]: row ", s, " outside 0..", ns - 1));
      }
      if (seen[s]) {
        return absl::InvalidArgumentError(
            absl::StrCat("seekers[", i, "]: row ", s, " listed twice"));
      }
      seen[s] = 1;
    }
    res.seekers = options.seekers;
  }
  const int64_t n = static_cast<int64_t>(res.seekers.size());
  res.eligible.assign(n, 0);
  res.mean_before.assign(n, 0.0);
  std::vector<std::vector<TrainingUpgrade>> per(n);
  const int64_t nv = scorer.vacancies().size();
  std::vector<int32_t> all_vacs(nv);
  for (int64_t v = 0; v < nv; ++v) all_vacs[v] = static_cast<int32_t>(v);

  const int64_t tasks = (n + kChunk - 1) / kChunk;
  const int threads = static_cast<int>(
      std::max<int64_t>(1, std::min<int64_t>(ResolveThreadCount(options.num_threads), tasks)));
  auto run = [&](int64_t task) -> int64_t {
    thread_local std::vector<std::vector<Entry>> lists;
    const int64_t r0 = task * kChunk;
    const int64_t m = std::min(kChunk, n - r0);
    BlockScorer block(scorer, /*eligibility_only=*/false);
    Adviser adviser(scorer, options.k, options.top);
    block.Score(std::span<const int64_t>(res.seekers.data() + r0, m), all_vacs, lists);
    for (int64_t j = 0; j < m; ++j) {
      adviser.Advise(res.seekers[r0 + j], lists[j], &res.eligible[r0 + j], &res.mean_before[r0 + j],
                     &per[r0 + j]);
    }
    return m;
  };
  if (tasks > 0) {
    JOBMATCH_RETURN_IF_ERROR(internal::RunTasks(tasks, threads, options.progress, n, run));
  }
  res.offsets.assign(n + 1, 0);
  for (int64_t i = 0; i < n; ++i) {
    res.offsets[i + 1] = res.offsets[i] + static_cast<int64_t>(per[i].size());
  }
  res.upgrades.reserve(res.offsets[n]);
  for (auto& p : per) res.upgrades.insert(res.upgrades.end(), p.begin(), p.end());
  return res;
}

absl::StatusOr<CourseTable> RankCourses(const Scorer& scorer, const CourseOptions& options) {
  JOBMATCH_RETURN_IF_ERROR(CheckCourseOptions(scorer, options));
  CourseTable table;
  table.level = options.level;
  table.has_allocation = !options.filled.empty() || !options.placed.empty();
  const bool town = options.level == AreaLevel::kTown;
  const SeekerAreas areas = GroupByArea(scorer.seekers(), town, table);
  const CourseTasks course_tasks = MakeCourseTasks(areas, options.placed);
  const std::vector<int64_t>& rows = course_tasks.rows;
  const std::vector<std::pair<int64_t, int64_t>>& tasks = course_tasks.tasks;
  const CourseInputs inputs = MakeCourseInputs(scorer.vacancies(), options.filled);

  // (area, requirement position) -> seekers credited; (area, skill, grade)
  // -> distinct seekers credited.
  std::mutex mu;
  CreditMap credit;
  DistinctMap distinct;
  const int ntasks = static_cast<int>(tasks.size());
  const int threads = static_cast<int>(
      std::max<int64_t>(1, std::min<int64_t>(ResolveThreadCount(options.num_threads), ntasks)));
  auto run = [&](int64_t t) -> int64_t {
    return CountTaskCredits(scorer, course_tasks, areas, inputs, t, mu, credit, distinct);
  };
  if (ntasks > 0) {
    JOBMATCH_RETURN_IF_ERROR(internal::RunTasks(ntasks, threads, options.progress,
                                                static_cast<int64_t>(rows.size()), run));
  }
  AddCourseRows(scorer, inputs, credit, distinct, table);
  return table;
}

absl::Status WriteTrainingCsv(const std::string& path, const TrainingAdvice& advice,
                              const Scorer& scorer) {
  const int64_t n = static_cast<int64_t>(advice.seekers.size());
  const Vocabulary& vocab = scorer.vocabulary();
  const auto& ids = scorer.seekers().ids();
  return internal::WriteCsvRows(
      path, kPersonalDataFileMode, "seeker_id,rank,skill,grade,gain,newly_met", n,
      [&](int64_t i, std::string* out) {
        int rank = 0;
        for (const TrainingUpgrade& u : advice.upgrades_of(static_cast<size_t>(i))) {
          internal::AppendCsvField(out, ids[advice.seekers[i]]);
          absl::StrAppend(out, ",", ++rank, ",");
          internal::AppendCsvField(out, vocab.skills().Name(u.skill));
          absl::StrAppend(out, ",", u.grade, ",", internal::FormatNumber(u.gain), ",", u.newly_met,
                          "\n");
        }
        return absl::OkStatus();
      });
}

absl::Status WriteCoursesCsv(const std::string& path, const CourseTable& table,
                             const Vocabulary& vocab) {
  const bool town = table.level == AreaLevel::kTown;
  return internal::WriteCsvRows(
      path, kPublicFileMode,
      town ? "district,town,rank,skill,grade,openings,seekers,vacancies"
           : "district,rank,skill,grade,openings,seekers,vacancies",
      static_cast<int64_t>(table.rows.size()), [&](int64_t i, std::string* out) {
        const CourseRow& r = table.rows[i];
        internal::AppendCsvField(out, table.districts[r.area]);
        if (town) {
          out->push_back(',');
          internal::AppendCsvField(out, table.towns[r.area]);
        }
        absl::StrAppend(out, ",", r.rank, ",");
        internal::AppendCsvField(out, vocab.skills().Name(r.skill));
        absl::StrAppend(out, ",", r.grade, ",", r.openings, ",", r.seekers, ",", r.vacancies, "\n");
        return absl::OkStatus();
      });
}

}  // namespace jobmatch
