// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
#include "jobmatch/engine/engine.h"

#include <algorithm>
#include <limits>
#include <numeric>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "base/internal/absl_compat.h"
#include "data/internal/table_access.h"
#include "engine/internal/engine_internal.h"
#include "jobmatch/base/status_macros.h"
#include "jobmatch/policy/policy_check.h"
#include "jobmatch/snapshot/snapshot.h"

namespace jobmatch {
namespace internal {

std::pair<int, int64_t> RowMap::Locate(int64_t row) const {
  const int64_t lb = live_base();
  if (row >= lb) return {1, row - lb};
  const std::vector<int64_t>& d = dead->rows;
  // The live base row with rank `row` is row + j, where j counts the dead
  // rows d[i] with fewer than or exactly `row` live rows before them
  // (d[i] - i <= row); d[i] - i does not decrease with i.
  int64_t lo = 0, hi = static_cast<int64_t>(d.size());
  while (lo < hi) {
    const int64_t mid = (lo + hi) / 2;
    if (d[mid] - mid <= row) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return {0, row + lo};
}

int64_t RowMap::Global(int part, int64_t local) const {
  if (part == 1) return live_base() + local;
  const std::vector<int64_t>& d = dead->rows;
  return local - (std::lower_bound(d.begin(), d.end(), local) - d.begin());
}

}  // namespace internal

namespace {

using internal::EngineVersion;
using internal::RowMap;
using internal::Side;
using internal::Tombstones;

constexpr int64_t kCopyChunk = int64_t{1} << 16;

template <typename Table>
Side<Table> NewSide(std::shared_ptr<const Table> base) {
  Side<Table> s;
  s.dim = base->size() > 0 ? base->embedding_dim() : -1;
  s.base = std::move(base);
  s.delta = std::make_shared<const Table>();
  s.dead = std::make_shared<const Tombstones>();
  return s;
}

// A Scorer on the Dataset of two parts of a version.
absl::StatusOr<std::shared_ptr<const Scorer>> MakeCell(
    const EngineVersion& v, std::shared_ptr<const SeekerTable> seekers,
    std::shared_ptr<const VacancyTable> vacancies) {
  JOBMATCH_ASSIGN_OR_RETURN(
      std::shared_ptr<const Dataset> data,
      Dataset::FromShared(v.vocab, std::move(seekers), std::move(vacancies), v.policy));
  JOBMATCH_ASSIGN_OR_RETURN(Scorer s, Scorer::Create(std::move(data)));
  return std::make_shared<const Scorer>(std::move(s));
}

// Copies the fields of `v` that an update does not touch into a new version.
std::shared_ptr<EngineVersion> CloneVersion(const EngineVersion& v) {
  auto n = std::make_shared<EngineVersion>();
  n->sequence = v.sequence;
  n->compactions = v.compactions;
  n->vocab = v.vocab;
  n->policy = v.policy;
  n->seekers = v.seekers;
  n->vacancies = v.vacancies;
  for (int i = 0; i < 2; ++i) {
    for (int j = 0; j < 2; ++j) n->cells[i][j] = v.cells[i][j];
  }
  return n;
}

// (Re)builds the cells of `n` whose parts differ from `old`'s (all of them
// when `all`); a cell with an empty part is null.
absl::Status RebuildCells(EngineVersion& n, const EngineVersion* old, bool all) {
  for (int sp = 0; sp < 2; ++sp) {
    for (int vp = 0; vp < 2; ++vp) {
      const auto& st = n.seekers.part_ptr(sp);
      const auto& vt = n.vacancies.part_ptr(vp);
      if (!all && old != nullptr && st == old->seekers.part_ptr(sp) &&
          vt == old->vacancies.part_ptr(vp)) {
        n.cells[sp][vp] = old->cells[sp][vp];
        continue;
      }
      if (st->size() == 0 || vt->size() == 0) {
        n.cells[sp][vp] = nullptr;
        continue;
      }
      JOBMATCH_ASSIGN_OR_RETURN(n.cells[sp][vp], MakeCell(n, st, vt));
    }
  }
  return absl::OkStatus();
}

// Copies the live rows of a side into one table in export order, reporting
// progress per chunk of rows.
template <typename Table>
absl::StatusOr<std::shared_ptr<const Table>> CompactSide(const Side<Table>& side,
                                                         const std::function<bool(int64_t)>& step) {
  auto out = std::make_shared<Table>();
  const std::vector<int64_t> live = side.LiveBaseRows();
  for (size_t b = 0; b < live.size(); b += kCopyChunk) {
    const size_t n = std::min<size_t>(kCopyChunk, live.size() - b);
    JOBMATCH_RETURN_IF_ERROR(internal::TableAccess::AppendRowsFrom(
        *out, *side.base, absl::MakeConstSpan(live.data() + b, n)));
    if (!step(static_cast<int64_t>(n))) return absl::CancelledError("compaction cancelled");
  }
  std::vector<int64_t> all(static_cast<size_t>(side.delta->size()));
  std::iota(all.begin(), all.end(), int64_t{0});
  JOBMATCH_RETURN_IF_ERROR(internal::TableAccess::AppendRowsFrom(*out, *side.delta, all));
  if (!step(static_cast<int64_t>(all.size()))) return absl::CancelledError("compaction cancelled");
  return std::shared_ptr<const Table>(std::move(out));
}

absl::StatusOr<std::shared_ptr<const Scorer>> BuildCompacted(const EngineVersion& v,
                                                             const ProgressFn& progress) {
  if (v.compact() && v.cells[0][0] != nullptr) return v.cells[0][0];
  std::shared_ptr<const SeekerTable> seekers = v.seekers.base;
  std::shared_ptr<const VacancyTable> vacancies = v.vacancies.base;
  if (!v.compact()) {
    const int64_t total = v.seekers.map().size() + v.vacancies.map().size();
    int64_t done = 0;
    auto step = [&](int64_t n) {
      done += n;
      return !progress || progress(done, total);
    };
    JOBMATCH_ASSIGN_OR_RETURN(seekers, CompactSide(v.seekers, step));
    JOBMATCH_ASSIGN_OR_RETURN(vacancies, CompactSide(v.vacancies, step));
  }
  return MakeCell(v, std::move(seekers), std::move(vacancies));
}

absl::Status Rejected(const absl::Status& st) {
  return absl::Status(st.code(), absl::StrCat("update rejected, nothing applied: ", st.message()));
}

// Names used in error messages for one side.
struct SideNames {
  const char* upsert_list;  // "upsert_seekers"
  const char* remove_list;  // "remove_seekers"
  const char* noun;         // "seeker"
};

// The rows an update takes out of one side: base rows to remove (new
// tombstones) and delta rows to drop.
struct Retired {
  std::vector<int64_t> dead_add;
  std::vector<int64_t> delta_drop;
  // Retires the live row with this id; false when the side has none.
  template <typename Table>
  bool Retire(const Side<Table>& side, std::string_view id) {
    if (auto d = side.delta->Find(id)) {
      delta_drop.push_back(*d);
      return true;
    }
    if (auto b = side.base->Find(id); b && !side.dead->Contains(*b)) {
      dead_add.push_back(*b);
      return true;
    }
    return false;
  }
};

// The embedding dimension of a side after an update whose records are in
// `scratch`: the side's own, fixed by the first record it held, and equal to
// the other side's when both have one.
template <typename Table, typename Row>
absl::StatusOr<int> UpdatedDim(const Side<Table>& side, absl::Span<const Row> upserts,
                               const Table& scratch, const SideNames& names, int other_dim) {
  if (upserts.empty()) return side.dim;
  const int d = scratch.embedding_dim();
  if (side.dim >= 0 && d != side.dim) {
    return absl::InvalidArgumentError(absl::StrCat(
        names.upsert_list, "[0] (id '", upserts[0].id, "'): field 'embedding': dimension ", d,
        ", expected ", side.dim, " (fixed by the first ", names.noun, " the engine held)"));
  }
  if (other_dim > 0 && d > 0 && d != other_dim) {
    return absl::InvalidArgumentError(absl::StrCat(names.upsert_list, "[0] (id '", upserts[0].id,
                                                   "'): field 'embedding': dimension ", d,
                                                   " differs from the other side's ", other_dim));
  }
  return d;
}

// The new delta part: the old one without the dropped rows, then the
// upserted records (in `scratch`), in batch order.
template <typename Table>
absl::StatusOr<std::shared_ptr<Table>> NewDelta(const Side<Table>& side,
                                                std::vector<int64_t> delta_drop,
                                                const Table& scratch, size_t num_upserts) {
  std::sort(delta_drop.begin(), delta_drop.end());
  std::vector<int64_t> kept;
  kept.reserve(static_cast<size_t>(side.delta->size()));
  for (int64_t r = 0, j = 0; r < side.delta->size(); ++r) {
    if (j < static_cast<int64_t>(delta_drop.size()) && delta_drop[j] == r) {
      ++j;
    } else {
      kept.push_back(r);
    }
  }
  auto delta = std::make_shared<Table>();
  JOBMATCH_RETURN_IF_ERROR(internal::TableAccess::AppendRowsFrom(*delta, *side.delta, kept));
  std::vector<int64_t> all(num_upserts);
  std::iota(all.begin(), all.end(), int64_t{0});
  JOBMATCH_RETURN_IF_ERROR(internal::TableAccess::AppendRowsFrom(*delta, scratch, all));
  return delta;
}

// The side's tombstones plus the newly removed base rows.
template <typename Table>
std::shared_ptr<Tombstones> NewTombstones(const Side<Table>& side, std::vector<int64_t> dead_add) {
  auto dead = std::make_shared<Tombstones>();
  std::sort(dead_add.begin(), dead_add.end());
  dead->rows.resize(side.dead->rows.size() + dead_add.size());
  std::merge(side.dead->rows.begin(), side.dead->rows.end(), dead_add.begin(), dead_add.end(),
             dead->rows.begin());
  dead->bits = side.dead->bits;
  dead->bits.resize(static_cast<size_t>((side.base->size() + 63) / 64), 0);
  for (int64_t r : dead_add) dead->bits[static_cast<size_t>(r >> 6)] |= uint64_t{1} << (r & 63);
  return dead;
}

// Applies upserts and removes to one side, returning the new side (sharing
// whatever did not change). Validates everything first.
template <typename Table, typename Row>
absl::StatusOr<Side<Table>> UpdateSide(const Side<Table>& side, absl::Span<const Row> upserts,
                                       absl::Span<const std::string> removes,
                                       const Vocabulary& vocab, const SideNames& names,
                                       int other_dim) {
  if (upserts.empty() && removes.empty()) return side;
  Retired retired;
  absl::flat_hash_set<absl::string_view> removed;
  for (size_t i = 0; i < removes.size(); ++i) {
    const std::string& id = removes[i];
    if (!removed.insert(absl::string_view(id)).second) {
      return absl::InvalidArgumentError(
          absl::StrCat(names.remove_list, "[", i, "]: id '", id, "' listed twice"));
    }
    if (!retired.Retire(side, id)) {
      return absl::NotFoundError(
          absl::StrCat(names.remove_list, "[", i, "]: no ", names.noun, " with id '", id, "'"));
    }
  }
  // Validation of the records (ids, ranges, vocabulary ids, embeddings), with
  // the batch index in the message.
  auto scratch = std::make_shared<Table>();
  if (absl::Status st = scratch->Append(upserts, vocab); !st.ok()) {
    return absl::Status(st.code(), absl::StrCat(names.upsert_list, ": ", st.message()));
  }
  JOBMATCH_ASSIGN_OR_RETURN(const int dim, UpdatedDim(side, upserts, *scratch, names, other_dim));
  for (size_t i = 0; i < upserts.size(); ++i) {
    if (removed.contains(absl::string_view(upserts[i].id))) {
      return absl::InvalidArgumentError(absl::StrCat(names.upsert_list, "[", i, "] (id '",
                                                     upserts[i].id, "'): id also in ",
                                                     names.remove_list));
    }
    retired.Retire(side, upserts[i].id);
  }

  Side<Table> out = side;
  out.dim = dim;
  if (!retired.delta_drop.empty() || !upserts.empty()) {
    JOBMATCH_ASSIGN_OR_RETURN(
        out.delta, NewDelta(side, std::move(retired.delta_drop), *scratch, upserts.size()));
  }
  if (!retired.dead_add.empty()) out.dead = NewTombstones(side, std::move(retired.dead_add));
  return out;
}

template <typename Table>
bool SideNeedsCompaction(const Side<Table>& s, const EngineOptions& o) {
  const int64_t extra = s.delta->size() + static_cast<int64_t>(s.dead->rows.size());
  const double limit = std::max(static_cast<double>(o.compact_min_rows),
                                o.compact_fraction * static_cast<double>(s.base->size()));
  return static_cast<double>(extra) > limit;
}

}  // namespace

namespace internal {

const Scorer* CompactedOf(const EngineVersion& v, absl::Status* status) {
  std::call_once(v.compact_once, [&v] {
    auto c = BuildCompacted(v, {});
    if (c.ok()) {
      v.compacted = *std::move(c);
    } else {
      v.compact_status = c.status();
    }
  });
  *status = v.compact_status;
  return v.compacted.get();
}

}  // namespace internal

// ----------------------------------------------------------------- Engine

struct Engine::UpdateRef {
  absl::Span<const Seeker> upsert_seekers;
  absl::Span<const std::string> remove_seekers;
  absl::Span<const Vacancy> upsert_vacancies;
  absl::Span<const std::string> remove_vacancies;
  const Policy* policy = nullptr;
};

Engine::~Engine() = default;

absl::StatusOr<std::unique_ptr<Engine>> Engine::Create(Vocabulary vocabulary, SeekerTable seekers,
                                                       VacancyTable vacancies, Policy policy,
                                                       EngineOptions options, ProgressFn progress) {
  JOBMATCH_ASSIGN_OR_RETURN(std::shared_ptr<const Dataset> data,
                            Dataset::Create(std::move(vocabulary), std::move(seekers),
                                            std::move(vacancies), std::move(policy)));
  return Create(std::move(data), options, std::move(progress));
}

absl::StatusOr<std::unique_ptr<Engine>> Engine::Create(std::shared_ptr<const Dataset> data,
                                                       EngineOptions options, ProgressFn progress) {
  if (data == nullptr) return absl::InvalidArgumentError("Engine::Create: no dataset");
  if (!(options.compact_min_rows >= 0) || !(options.compact_fraction >= 0.0)) {
    return absl::InvalidArgumentError("engine options: compaction thresholds must be >= 0");
  }
  auto step = [&](int64_t done) { return !progress || progress(done, 2); };
  if (!step(0)) return absl::CancelledError("engine creation cancelled");
  auto v = std::make_shared<EngineVersion>();
  // The Dataset's policy has passed CheckPolicy against its vocabulary.
  v->vocab = data->vocabulary_ptr();
  v->policy = data->policy_ptr();
  v->seekers = NewSide(data->seekers_ptr());
  v->vacancies = NewSide(data->vacancies_ptr());
  if (v->seekers.dim > 0 && v->vacancies.dim > 0 && v->seekers.dim != v->vacancies.dim) {
    return absl::InvalidArgumentError(absl::StrCat("seeker embeddings have dimension ",
                                                   v->seekers.dim, ", vacancy embeddings ",
                                                   v->vacancies.dim));
  }
  if (!step(1)) return absl::CancelledError("engine creation cancelled");
  JOBMATCH_RETURN_IF_ERROR(RebuildCells(*v, nullptr, true));
  if (!step(2)) return absl::CancelledError("engine creation cancelled");
  std::unique_ptr<Engine> e(new Engine(options));
  e->current_ = std::move(v);
  return e;
}

std::shared_ptr<const EngineVersion> Engine::Current() const {
  std::lock_guard<std::mutex> lock(mu_);
  return current_;
}

void Engine::Publish(std::shared_ptr<const EngineVersion> v) {
  std::shared_ptr<const EngineVersion> old;
  {
    std::lock_guard<std::mutex> lock(mu_);
    old = std::move(current_);
    current_ = std::move(v);
  }
  // `old` may be the last reference: free it outside the lock.
}

EngineView Engine::View() const { return EngineView(Current()); }

absl::Status Engine::ApplyLocked(const UpdateRef& u, const ProgressFn& progress) {
  const std::shared_ptr<const EngineVersion> cur = Current();
  const int64_t total =
      static_cast<int64_t>(u.upsert_seekers.size() + u.remove_seekers.size() +
                           u.upsert_vacancies.size() + u.remove_vacancies.size()) +
      (u.policy != nullptr ? 1 : 0);
  auto report = [&](int64_t done) { return !progress || progress(done, total); };
  const absl::Status cancelled = absl::CancelledError("update cancelled, nothing applied");
  if (!report(0)) return cancelled;

  std::shared_ptr<EngineVersion> n = CloneVersion(*cur);
  if (u.policy != nullptr) {
    // The policy is checked before its groups are added to the vocabulary.
    if (absl::Status st = CheckPolicy(*u.policy); !st.ok()) return Rejected(st);
    auto vocab = VocabularyForPolicy(*u.policy, cur->vocab);
    if (!vocab.ok()) return Rejected(vocab.status());
    if (absl::Status st = CheckPolicy(*u.policy, **vocab); !st.ok()) return Rejected(st);
    auto policy = std::make_shared<const Policy>(*u.policy);
    n->vocab = *std::move(vocab);
    n->policy = std::move(policy);
  }
  {
    auto s =
        UpdateSide(cur->seekers, u.upsert_seekers, u.remove_seekers, *n->vocab,
                   SideNames{"upsert_seekers", "remove_seekers", "seeker"}, cur->vacancies.dim);
    if (!s.ok()) return Rejected(s.status());
    n->seekers = *std::move(s);
    auto v =
        UpdateSide(cur->vacancies, u.upsert_vacancies, u.remove_vacancies, *n->vocab,
                   SideNames{"upsert_vacancies", "remove_vacancies", "vacancy"}, n->seekers.dim);
    if (!v.ok()) return Rejected(v.status());
    n->vacancies = *std::move(v);
  }
  if (!report(total / 2)) return cancelled;
  if (absl::Status st = RebuildCells(*n, cur.get(), u.policy != nullptr); !st.ok()) {
    return Rejected(st);
  }
  if (!report(total)) return cancelled;
  n->sequence = cur->sequence + 1;
  const bool compact_now = options_.auto_compact && (SideNeedsCompaction(n->seekers, options_) ||
                                                     SideNeedsCompaction(n->vacancies, options_));
  Publish(std::move(n));
  if (compact_now) {
    // The update is applied and visible; a failed compaction only leaves the
    // delta as it is (the next update or Compact() tries again).
    CompactLocked({}).IgnoreError();
  }
  return absl::OkStatus();
}

absl::Status Engine::CompactLocked(const ProgressFn& progress) {
  const std::shared_ptr<const EngineVersion> cur = Current();
  if (cur->compact()) return absl::OkStatus();
  JOBMATCH_ASSIGN_OR_RETURN(std::shared_ptr<const Scorer> c, BuildCompacted(*cur, progress));
  auto n = std::make_shared<EngineVersion>();
  n->sequence = cur->sequence;
  n->compactions = ++compactions_;
  n->vocab = cur->vocab;
  n->policy = cur->policy;
  n->seekers = NewSide(c->dataset().seekers_ptr());
  n->vacancies = NewSide(c->dataset().vacancies_ptr());
  n->seekers.dim = cur->seekers.dim;
  n->vacancies.dim = cur->vacancies.dim;
  n->cells[0][0] = (c->seekers().size() > 0 && c->vacancies().size() > 0) ? c : nullptr;
  std::call_once(n->compact_once, [&] { n->compacted = c; });
  Publish(std::move(n));
  return absl::OkStatus();
}

absl::Status Engine::Apply(const EngineUpdate& update, ProgressFn progress) {
  UpdateRef u;
  u.upsert_seekers = update.upsert_seekers;
  u.remove_seekers = update.remove_seekers;
  u.upsert_vacancies = update.upsert_vacancies;
  u.remove_vacancies = update.remove_vacancies;
  u.policy = update.policy ? &*update.policy : nullptr;
  std::lock_guard<std::mutex> lock(writer_mu_);
  return ApplyLocked(u, progress);
}

absl::Status Engine::UpsertSeekers(absl::Span<const Seeker> batch, ProgressFn progress) {
  UpdateRef u;
  u.upsert_seekers = batch;
  std::lock_guard<std::mutex> lock(writer_mu_);
  return ApplyLocked(u, progress);
}
absl::Status Engine::UpsertSeeker(const Seeker& seeker) {
  return UpsertSeekers(absl::MakeConstSpan(&seeker, 1));
}
absl::Status Engine::RemoveSeekers(absl::Span<const std::string> ids, ProgressFn progress) {
  UpdateRef u;
  u.remove_seekers = ids;
  std::lock_guard<std::mutex> lock(writer_mu_);
  return ApplyLocked(u, progress);
}
absl::Status Engine::RemoveSeeker(std::string_view id) {
  const std::string s(id);
  return RemoveSeekers(absl::MakeConstSpan(&s, 1));
}
absl::Status Engine::UpsertVacancies(absl::Span<const Vacancy> batch, ProgressFn progress) {
  UpdateRef u;
  u.upsert_vacancies = batch;
  std::lock_guard<std::mutex> lock(writer_mu_);
  return ApplyLocked(u, progress);
}
absl::Status Engine::UpsertVacancy(const Vacancy& vacancy) {
  return UpsertVacancies(absl::MakeConstSpan(&vacancy, 1));
}
absl::Status Engine::RemoveVacancies(absl::Span<const std::string> ids, ProgressFn progress) {
  UpdateRef u;
  u.remove_vacancies = ids;
  std::lock_guard<std::mutex> lock(writer_mu_);
  return ApplyLocked(u, progress);
}
absl::Status Engine::RemoveVacancy(std::string_view id) {
  const std::string s(id);
  return RemoveVacancies(absl::MakeConstSpan(&s, 1));
}
absl::Status Engine::ReplacePolicy(Policy policy, ProgressFn progress) {
  UpdateRef u;
  u.policy = &policy;
  std::lock_guard<std::mutex> lock(writer_mu_);
  return ApplyLocked(u, progress);
}

absl::Status Engine::Compact(ProgressFn progress) {
  std::lock_guard<std::mutex> lock(writer_mu_);
  return CompactLocked(progress);
}

absl::Status Engine::SaveSnapshot(const std::string& path, ProgressFn progress) const {
  const EngineView view = View();  // keeps the version alive while saving
  return ::jobmatch::SaveSnapshot(path, *view.CompactedDataset(), std::move(progress));
}

absl::StatusOr<std::unique_ptr<Engine>> Engine::LoadSnapshot(const std::string& path,
                                                             EngineOptions options,
                                                             ProgressFn progress) {
  JOBMATCH_ASSIGN_OR_RETURN(std::shared_ptr<const Dataset> data,
                            ::jobmatch::LoadSnapshot(path, std::move(progress)));
  return Create(std::move(data), options);
}

}  // namespace jobmatch
