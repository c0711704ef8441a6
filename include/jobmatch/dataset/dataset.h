// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// Dataset: the one owner of the data a Scorer reads — the vocabulary, the
// seeker and vacancy tables and the policy — immutable and shared. A Scorer
// (scoring/scorer.h) keeps its Dataset alive; the live engine
// (engine/engine.h) is a sequence of versions built from Datasets that share
// their unchanged parts; snapshots save and load Datasets; the CLI and the
// Python package hold one.
//
// The factories are the one place where a policy meets a vocabulary: the
// policy is checked on its own (CheckPolicy, policy/policy_check.h), the key
// groups it declares (Policy::extra_groups) are added to the vocabulary when
// missing (new ids; existing ids never change, so the tables' group masks
// stay valid), and the policy is checked against the vocabulary (every name
// it uses must resolve). Every Dataset holds a policy that passed both.
//
// Thread safety: a Dataset is immutable; every method is const and may be
// called from any thread.
//
// Example:
//   JOBMATCH_ASSIGN_OR_RETURN(std::shared_ptr<const jobmatch::Dataset> data,
//       jobmatch::Dataset::LoadCsv(jobmatch::Dataset::CsvFiles::InDirectory("data/"),
//                                  jobmatch::Policy::Default()));
//   JOBMATCH_ASSIGN_OR_RETURN(jobmatch::Scorer scorer, jobmatch::Scorer::Create(data));
#ifndef JOBMATCH_DATASET_DATASET_H_
#define JOBMATCH_DATASET_DATASET_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "jobmatch/base/progress.h"
#include "jobmatch/data/tables.h"
#include "jobmatch/data/types.h"
#include "jobmatch/data/vocabulary.h"
#include "jobmatch/io/csv.h"
#include "jobmatch/policy/policy.h"

namespace jobmatch {

class Dataset {
 public:
  // Takes ownership of the parts (move them in). Adds the policy's key
  // groups to the vocabulary when missing.
  [[nodiscard]] static absl::StatusOr<std::shared_ptr<const Dataset>> Create(Vocabulary vocabulary,
                                                                             SeekerTable seekers,
                                                                             VacancyTable vacancies,
                                                                             Policy policy);

  // Shares existing parts without copying them (the live engine's versions,
  // a policy change). Nothing is added: the vocabulary must already hold the
  // policy's key groups (InvalidArgument otherwise).
  [[nodiscard]] static absl::StatusOr<std::shared_ptr<const Dataset>> FromShared(
      std::shared_ptr<const Vocabulary> vocabulary, std::shared_ptr<const SeekerTable> seekers,
      std::shared_ptr<const VacancyTable> vacancies, std::shared_ptr<const Policy> policy);

  // Validates and appends rows into fresh tables (all-or-nothing; messages
  // as SeekerTable::Append). The policy's key groups are added to `vocabulary`
  // first, so rows may name them.
  [[nodiscard]] static absl::StatusOr<std::shared_ptr<const Dataset>> FromRows(
      Vocabulary vocabulary, absl::Span<const Seeker> seekers, absl::Span<const Vacancy> vacancies,
      Policy policy);

  // The three CSV files of a data set (docs/data_formats.md).
  struct CsvFiles {
    std::string skills;
    std::string seekers;
    std::string vacancies;
    // skills.csv, seekers.csv and vacancies.csv in `directory`.
    static CsvFiles InDirectory(const std::string& directory);
  };
  // Reads the files under `policy`: the vocabulary starts with the built-in
  // key groups and the policy's, then the skills file, then the seekers and
  // vacancies (which add their industries). Errors name file, line, column.
  [[nodiscard]] static absl::StatusOr<std::shared_ptr<const Dataset>> LoadCsv(
      const CsvFiles& files, Policy policy, const CsvLimits& limits = {});

  // Reads a sharded directory (io/shards.h: manifest.json, one skills.csv,
  // one seekers and one vacancies CSV per shard) into one data set: the
  // shards in manifest order, each checked against the counts the manifest
  // declares. Errors name the shard's file and line. `progress` (optional)
  // is called with (shards done, shards total) from the calling thread;
  // returning false cancels. Shards are parsed on `num_threads` threads (0 =
  // all cores) and appended in manifest order: the data set, its industry
  // ids and the error reported (the first in manifest order) do not depend
  // on the thread count.
  [[nodiscard]] static absl::StatusOr<std::shared_ptr<const Dataset>> LoadShardedCsv(
      const std::string& directory, Policy policy, const CsvLimits& limits = {},
      const ProgressFn& progress = nullptr, int num_threads = 0);

  // Part of a sharded directory, as one task of a distributed job reads it
  // (python: jobmatch.distributed): shards are positions in the manifest's
  // list, each list strictly ascending, `vacancies` and `remote_vacancies`
  // disjoint.
  struct ShardSelection {
    std::vector<int64_t> seekers;           // shards whose seekers are read
    std::vector<int64_t> vacancies;         // shards whose vacancies are read
    std::vector<int64_t> remote_vacancies;  // shards of which only remote posts are read
  };
  struct ShardPart {
    std::shared_ptr<const Dataset> data;
    // The row each loaded seeker / vacancy has in the whole directory (as
    // LoadShardedCsv reads it); ascending, so the part keeps the whole data
    // set's row order and hence its tie-breaks.
    std::vector<int64_t> seeker_rows;
    std::vector<int64_t> vacancy_rows;
  };
  // Reads the selected shards as LoadShardedCsv reads them all: the same
  // checks (every file read must hold the rows the manifest declares; a
  // remote-only shard's file is parsed and checked whole), the same errors.
  // Rows of the whole directory are counted from the manifest's declared
  // sizes. The vocabulary holds the skills file's skills and the industries
  // of the files read, so industry ids may differ from a whole load's; names,
  // scores and orders do not. `progress`: (shards read, shards to read);
  // `num_threads` as for LoadShardedCsv.
  [[nodiscard]] static absl::StatusOr<ShardPart> LoadShardedCsvPart(
      const std::string& directory, Policy policy, const ShardSelection& selection,
      const CsvLimits& limits = {}, const ProgressFn& progress = nullptr, int num_threads = 0);

  // The same vocabulary and tables (shared, not copied) under another
  // policy; the vocabulary is copied only when the policy adds key groups.
  [[nodiscard]] absl::StatusOr<std::shared_ptr<const Dataset>> WithPolicy(Policy policy) const;

  const Vocabulary& vocabulary() const { return *vocabulary_; }
  const SeekerTable& seekers() const { return *seekers_; }
  const VacancyTable& vacancies() const { return *vacancies_; }
  const Policy& policy() const { return *policy_; }

  // The shared parts, for building other Datasets that share them.
  const std::shared_ptr<const Vocabulary>& vocabulary_ptr() const { return vocabulary_; }
  const std::shared_ptr<const SeekerTable>& seekers_ptr() const { return seekers_; }
  const std::shared_ptr<const VacancyTable>& vacancies_ptr() const { return vacancies_; }
  const std::shared_ptr<const Policy>& policy_ptr() const { return policy_; }

 private:
  Dataset() = default;
  std::shared_ptr<const Vocabulary> vocabulary_;
  std::shared_ptr<const SeekerTable> seekers_;
  std::shared_ptr<const VacancyTable> vacancies_;
  std::shared_ptr<const Policy> policy_;
};

// Adds the key groups `policy` declares (Policy::extra_groups) that
// `vocabulary` lacks; ids of existing groups never change. Fails when the
// 64-group limit is reached. Dataset's factories call it; it is public for
// callers that build a vocabulary before reading rows that name the groups.
[[nodiscard]] absl::Status AddPolicyGroups(const Policy& policy, Vocabulary& vocabulary);

// The vocabulary `policy` needs: `vocabulary` itself when it holds the
// policy's key groups, otherwise a copy with them added.
[[nodiscard]] absl::StatusOr<std::shared_ptr<const Vocabulary>> VocabularyForPolicy(
    const Policy& policy, std::shared_ptr<const Vocabulary> vocabulary);

}  // namespace jobmatch

#endif  // JOBMATCH_DATASET_DATASET_H_
