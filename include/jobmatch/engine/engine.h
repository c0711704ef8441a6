// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// Engine: the live state of a long-running public employment service (PES)
// back end. It holds the vocabulary, seekers, vacancies and policy, applies
// incremental updates (upsert and remove seekers and vacancies, one or many
// at a time, replace the policy) without rebuilding from scratch, and answers
// queries — top-k both ways, explanations, allocation — from many threads at
// once while updates are applied. Guarantees and design: docs/live_engine.md.
//
// Versions. Every successful update publishes a new immutable version; its
// sequence number is the count of successful updates since Create (failed
// updates publish nothing; compaction republishes the same data under the
// same sequence). A query runs on one version from start to end (snapshot
// isolation): take an EngineView, query it as often as needed, and every
// answer comes from that same version, whatever writers do meanwhile.
//
// Row order ("export order"). Queries speak of rows by their index in the
// version's export order, which is defined, independent of compaction:
//   * the rows given to Create come first, in table order;
//   * an upserted row goes last; upserting an existing id removes the old row
//     and appends the new one (a batch appends in batch order);
//   * a removed row disappears and later rows move up.
// ExportSeekers()/ExportVacancies() and Compacted() list rows in that order.
// Every result — TopK (ties broken by row index ascending), Explain, Score,
// Allocate — equals what the batch API (scorer.h, topk.h, allocation.h)
// gives on tables built fresh from the same final records appended in export
// order, with the version's vocabulary and policy, bit for bit.
//
// Updates are all-or-nothing: every record of an update is validated first;
// on any error nothing changes, the sequence does not move, and the status
// names the list, the 0-based index in it, the field and why (never the value
// of a sensitive field). Removing an id that is not present is an error
// (NotFound), as is naming an id twice in one list or in both the upsert and
// the remove list of one update.
//
// Vocabulary: fixed at Create, except that a policy declaring extra key
// groups (policy.h) adds the missing ones (new ids, existing ones unchanged),
// as the CLI does. Embedding dimension: each side's is fixed by the first row
// it ever holds (0 = no embeddings); rows of another dimension are refused,
// and so is a dimension different from the other side's when both are > 0.
//
// Thread safety: every method of Engine and EngineView may be called from any
// thread. Writers (updates, ReplacePolicy, Compact) are serialised; readers
// never wait for a writer's work (only for a pointer copy under a mutex), and
// a writer never invalidates a view a reader holds.
//
// Example:
//   JOBMATCH_ASSIGN_OR_RETURN(std::unique_ptr<jobmatch::Engine> engine,
//       jobmatch::Engine::Create(std::move(vocab), std::move(seekers),
//                                std::move(vacancies), jobmatch::Policy::Default()));
//   JOBMATCH_RETURN_IF_ERROR(engine->UpsertSeekers(new_seekers));
//   jobmatch::EngineView view = engine->View();          // one version
//   std::optional<int64_t> row = view.FindSeeker("S0001");
//   jobmatch::TopKOptions opt; opt.k = 10; opt.rows = {*row};
//   JOBMATCH_ASSIGN_OR_RETURN(jobmatch::TopKResult top,
//       view.TopK(jobmatch::Direction::kVacanciesForSeekers, opt));
//   // top.index[j]: vacancy row in view's export order; view.VacancyId(...)
#ifndef JOBMATCH_ENGINE_ENGINE_H_
#define JOBMATCH_ENGINE_ENGINE_H_

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "jobmatch/base/progress.h"
#include "jobmatch/data/tables.h"
#include "jobmatch/data/types.h"
#include "jobmatch/data/vocabulary.h"
#include "jobmatch/dataset/dataset.h"
#include "jobmatch/matching/allocation.h"
#include "jobmatch/policy/policy.h"
#include "jobmatch/scoring/scorer.h"
#include "jobmatch/search/topk.h"

namespace jobmatch {

namespace internal {
struct EngineVersion;  // private, lib/engine_internal.h
}  // namespace internal

struct EngineOptions {
  // Automatic compaction after an update when, on either side, the rows in
  // the delta plus the removed base rows exceed
  //   max(compact_min_rows, compact_fraction * base rows).
  // Compaction runs on the writer thread (readers are never blocked by it);
  // turn it off to call Compact() yourself, e.g. in a quiet hour.
  bool auto_compact = true;
  int64_t compact_min_rows = 4096;
  double compact_fraction = 1.0 / 128;
};

// One all-or-nothing update. Order of effect: the policy (when set) is
// replaced first, so the upserts are checked against its vocabulary; then
// removes and upserts (an id may not appear in both lists).
struct EngineUpdate {
  std::vector<Seeker> upsert_seekers;
  std::vector<std::string> remove_seekers;
  std::vector<Vacancy> upsert_vacancies;
  std::vector<std::string> remove_vacancies;
  std::optional<Policy> policy;
};

// Sizes of a version's internal parts (for monitoring and tests).
struct EngineStats {
  uint64_t sequence = 0;
  int64_t seekers = 0, vacancies = 0;                   // live rows
  int64_t seeker_base_rows = 0, vacancy_base_rows = 0;  // incl. removed ones
  int64_t seeker_delta_rows = 0, vacancy_delta_rows = 0;
  int64_t seeker_removed_base_rows = 0, vacancy_removed_base_rows = 0;
  int64_t compactions = 0;  // by this engine so far (at publication)
};

// The whole version as plain tables in export order, with a Scorer over
// them: what a fresh build from the final data gives. Valid while the
// EngineView it came from (or a copy of it) lives.
struct CompactedTables {
  const Dataset& dataset;
  const Vocabulary& vocabulary;
  const SeekerTable& seekers;
  const VacancyTable& vacancies;
  const Policy& policy;
  const Scorer& scorer;
};

// A handle on one immutable version. Cheap to copy; keeps the version alive.
// All methods are const and thread-safe. Row arguments are checked
// (JOBMATCH_CHECK aborts on an out-of-range row: look rows up with Find*).
class EngineView {
 public:
  uint64_t sequence() const;
  int64_t num_seekers() const;
  int64_t num_vacancies() const;
  const Vocabulary& vocabulary() const;
  const Policy& policy() const;
  EngineStats stats() const;

  // Row of an id in export order, or nullopt. O(log removed rows).
  std::optional<int64_t> FindSeeker(std::string_view id) const;
  std::optional<int64_t> FindVacancy(std::string_view id) const;
  const std::string& SeekerId(int64_t row) const;
  const std::string& VacancyId(int64_t row) const;
  // The stored record (embedding L2-normalised as stored, see dataset.h).
  Seeker GetSeeker(int64_t row) const;
  Vacancy GetVacancy(int64_t row) const;
  // All records in export order. O(rows).
  std::vector<Seeker> ExportSeekers() const;
  std::vector<Vacancy> ExportVacancies() const;

  // Exact top-k as topk.h, rows and candidates in export order:
  // options.rows (empty = all rows of the direction's side), k, num_threads
  // and progress as there; excluded_candidates must be empty.
  [[nodiscard]] absl::StatusOr<TopKResult> TopK(Direction direction,
                                                const TopKOptions& options) const;
  float Score(int64_t seeker_row, int64_t vacancy_row) const;
  // Rows in the Explanation are export-order rows.
  Explanation Explain(int64_t seeker_row, int64_t vacancy_row) const;
  // NotFound when an id is absent.
  [[nodiscard]] absl::StatusOr<Explanation> ExplainIds(std::string_view seeker_id,
                                                       std::string_view vacancy_id) const;
  // Explanation::ToString with this version's ids.
  std::string ExplanationText(const Explanation& e) const;
  // Global allocation (allocation.h) over this version; rows in export order.
  // Runs on the compacted tables (built once per version, see Compacted()).
  [[nodiscard]] absl::StatusOr<AllocationResult> Allocate(const AllocationOptions& options) const;

  // The version as compacted tables (for saving a snapshot, allocation and
  // batch work). Built on first use and cached in the version — O(rows) the
  // first time unless the version is already compact (e.g. right after
  // Engine::Compact()), free afterwards.
  CompactedTables Compacted() const;
  // The same as a Dataset (shared, e.g. to keep beyond the view or save it).
  std::shared_ptr<const Dataset> CompactedDataset() const;

 private:
  friend class Engine;
  explicit EngineView(std::shared_ptr<const internal::EngineVersion> v) : v_(std::move(v)) {}
  std::shared_ptr<const internal::EngineVersion> v_;
};

class Engine {
 public:
  // Takes ownership of the data (move it in; e.g. from a snapshot or CSV
  // load). Validates the policy against the vocabulary (adding the policy's
  // extra key groups when missing) and compiles the scorer. `progress`
  // reports (steps done, steps total).
  [[nodiscard]] static absl::StatusOr<std::unique_ptr<Engine>> Create(
      Vocabulary vocabulary, SeekerTable seekers, VacancyTable vacancies, Policy policy,
      EngineOptions options = {}, ProgressFn progress = {});
  // The same from a Dataset, whose parts the engine shares (no copy).
  [[nodiscard]] static absl::StatusOr<std::unique_ptr<Engine>> Create(
      std::shared_ptr<const Dataset> data, EngineOptions options = {}, ProgressFn progress = {});

  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;
  ~Engine();

  // The current version. Never blocks on a writer's work.
  EngineView View() const;
  uint64_t sequence() const { return View().sequence(); }
  EngineStats stats() const { return View().stats(); }

  // Updates. Each is all-or-nothing and, when it succeeds, visible to every
  // View() taken after it returns (not to views taken before). Cost: the
  // records of the update, the delta tables and a recompilation of the
  // scorers that touch a changed delta — never a copy of the base tables
  // (except the automatic compaction, see EngineOptions). `progress`
  // reports (records done, records total); returning false cancels and
  // leaves the state unchanged.
  [[nodiscard]] absl::Status Apply(const EngineUpdate& update, ProgressFn progress = {});
  [[nodiscard]] absl::Status UpsertSeekers(absl::Span<const Seeker> batch,
                                           ProgressFn progress = {});
  [[nodiscard]] absl::Status UpsertSeeker(const Seeker& seeker);
  [[nodiscard]] absl::Status RemoveSeekers(absl::Span<const std::string> ids,
                                           ProgressFn progress = {});
  [[nodiscard]] absl::Status RemoveSeeker(std::string_view id);
  [[nodiscard]] absl::Status UpsertVacancies(absl::Span<const Vacancy> batch,
                                             ProgressFn progress = {});
  [[nodiscard]] absl::Status UpsertVacancy(const Vacancy& vacancy);
  [[nodiscard]] absl::Status RemoveVacancies(absl::Span<const std::string> ids,
                                             ProgressFn progress = {});
  [[nodiscard]] absl::Status RemoveVacancy(std::string_view id);
  // Recompiles the scorers (no table copy). Invalid policy: error, no change.
  [[nodiscard]] absl::Status ReplacePolicy(Policy policy, ProgressFn progress = {});

  // Merges the deltas and removals into new base tables and publishes the
  // result under the same sequence. O(rows). `progress` reports (rows
  // copied, rows total); cancelling leaves the state as it was.
  [[nodiscard]] absl::Status Compact(ProgressFn progress = {});

  // Conveniences: the same calls on View().
  [[nodiscard]] absl::StatusOr<TopKResult> TopK(Direction direction,
                                                const TopKOptions& options) const {
    return View().TopK(direction, options);
  }
  [[nodiscard]] absl::StatusOr<Explanation> ExplainIds(std::string_view seeker_id,
                                                       std::string_view vacancy_id) const {
    return View().ExplainIds(seeker_id, vacancy_id);
  }
  [[nodiscard]] absl::StatusOr<AllocationResult> Allocate(const AllocationOptions& o) const {
    return View().Allocate(o);
  }

  // Snapshots (snapshot.h, docs/snapshot_format.md). SaveSnapshot writes the
  // current version (its compacted tables, vocabulary and policy) crash-safely
  // to `path`; a failure leaves any earlier file at `path` intact. Progress
  // is in bytes. The sequence number is not stored.
  [[nodiscard]] absl::Status SaveSnapshot(const std::string& path, ProgressFn progress = {}) const;
  // Builds an engine from a snapshot written by SaveSnapshot or by
  // `jobmatch snapshot save`; the file is fully validated first (a damaged
  // or hostile file is an error, never a crash). Starts at sequence 0.
  [[nodiscard]] static absl::StatusOr<std::unique_ptr<Engine>> LoadSnapshot(
      const std::string& path, EngineOptions options = {}, ProgressFn progress = {});

 private:
  struct UpdateRef;
  explicit Engine(EngineOptions options) : options_(options) {}
  absl::Status ApplyLocked(const UpdateRef& u, const ProgressFn& progress);
  absl::Status CompactLocked(const ProgressFn& progress);
  std::shared_ptr<const internal::EngineVersion> Current() const;
  void Publish(std::shared_ptr<const internal::EngineVersion> v);

  const EngineOptions options_;
  // Serialises writers. Held during a whole update (and its compaction).
  std::mutex writer_mu_;
  // Guards current_ only; held for a pointer copy. std::mutex rather than
  // absl::Mutex so ThreadSanitizer sees it with Debian's uninstrumented
  // Abseil (docs/live_engine.md).
  mutable std::mutex mu_;
  std::shared_ptr<const internal::EngineVersion> current_;  // guarded by mu_
  int64_t compactions_ = 0;                                 // guarded by writer_mu_
};

}  // namespace jobmatch

#endif  // JOBMATCH_ENGINE_ENGINE_H_
