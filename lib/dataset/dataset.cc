// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
#include "jobmatch/dataset/dataset.h"

#include <algorithm>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "base/internal/task_runner.h"
#include "io/internal/csv_load.h"
#include "jobmatch/base/status_macros.h"
#include "jobmatch/io/shards.h"
#include "jobmatch/policy/policy_check.h"

namespace jobmatch {

absl::Status AddPolicyGroups(const Policy& policy, Vocabulary& vocabulary) {
  // The policy's own rules first: its group names must be identifiers
  // before they enter a vocabulary.
  JOBMATCH_RETURN_IF_ERROR(CheckPolicy(policy));
  for (const std::string& g : policy.extra_groups) {
    if (vocabulary.FindGroup(g)) continue;
    JOBMATCH_RETURN_IF_ERROR(vocabulary.AddGroup(g).status());
  }
  return absl::OkStatus();
}

absl::StatusOr<std::shared_ptr<const Dataset>> Dataset::FromShared(
    std::shared_ptr<const Vocabulary> vocabulary, std::shared_ptr<const SeekerTable> seekers,
    std::shared_ptr<const VacancyTable> vacancies, std::shared_ptr<const Policy> policy) {
  if (!vocabulary || !seekers || !vacancies || !policy) {
    return absl::InvalidArgumentError("Dataset::FromShared: a part is null");
  }
  // Includes: every key group the policy declares is in the vocabulary.
  JOBMATCH_RETURN_IF_ERROR(CheckPolicy(*policy, *vocabulary));
  std::shared_ptr<Dataset> d(new Dataset());
  d->vocabulary_ = std::move(vocabulary);
  d->seekers_ = std::move(seekers);
  d->vacancies_ = std::move(vacancies);
  d->policy_ = std::move(policy);
  return std::shared_ptr<const Dataset>(std::move(d));
}

absl::StatusOr<std::shared_ptr<const Dataset>> Dataset::Create(Vocabulary vocabulary,
                                                               SeekerTable seekers,
                                                               VacancyTable vacancies,
                                                               Policy policy) {
  JOBMATCH_RETURN_IF_ERROR(AddPolicyGroups(policy, vocabulary));
  return FromShared(std::make_shared<const Vocabulary>(std::move(vocabulary)),
                    std::make_shared<const SeekerTable>(std::move(seekers)),
                    std::make_shared<const VacancyTable>(std::move(vacancies)),
                    std::make_shared<const Policy>(std::move(policy)));
}

absl::StatusOr<std::shared_ptr<const Dataset>> Dataset::FromRows(
    Vocabulary vocabulary, absl::Span<const Seeker> seekers, absl::Span<const Vacancy> vacancies,
    Policy policy) {
  JOBMATCH_RETURN_IF_ERROR(AddPolicyGroups(policy, vocabulary));
  SeekerTable s;
  VacancyTable v;
  JOBMATCH_RETURN_IF_ERROR(s.Append(seekers, vocabulary));
  JOBMATCH_RETURN_IF_ERROR(v.Append(vacancies, vocabulary));
  return Create(std::move(vocabulary), std::move(s), std::move(v), std::move(policy));
}

Dataset::CsvFiles Dataset::CsvFiles::InDirectory(const std::string& directory) {
  const std::filesystem::path dir(directory.empty() ? "." : directory);
  return CsvFiles{(dir / "skills.csv").string(), (dir / "seekers.csv").string(),
                  (dir / "vacancies.csv").string()};
}

absl::StatusOr<std::shared_ptr<const Dataset>> Dataset::LoadCsv(const CsvFiles& files,
                                                                Policy policy,
                                                                const CsvLimits& limits) {
  Vocabulary vocabulary;
  JOBMATCH_RETURN_IF_ERROR(AddPolicyGroups(policy, vocabulary));
  JOBMATCH_RETURN_IF_ERROR(ReadSkillsCsv(files.skills, vocabulary, limits));
  SeekerTable seekers;
  VacancyTable vacancies;
  JOBMATCH_RETURN_IF_ERROR(LoadSeekersCsv(files.seekers, vocabulary, seekers, limits));
  JOBMATCH_RETURN_IF_ERROR(LoadVacanciesCsv(files.vacancies, vocabulary, vacancies, limits));
  return Create(std::move(vocabulary), std::move(seekers), std::move(vacancies), std::move(policy));
}

namespace {

// Each list strictly ascending and inside [0, shards); vacancies and
// remote_vacancies disjoint.
absl::Status CheckSelection(const Dataset::ShardSelection& s, int64_t shards) {
  const std::pair<const char*, const std::vector<int64_t>*> lists[] = {
      {"seekers", &s.seekers},
      {"vacancies", &s.vacancies},
      {"remote_vacancies", &s.remote_vacancies}};
  for (const auto& [name, list] : lists) {
    for (size_t i = 0; i < list->size(); ++i) {
      const int64_t v = (*list)[i];
      if (v < 0 || v >= shards) {
        return absl::InvalidArgumentError(absl::StrCat("shard selection: ", name, "[", i, "] = ", v,
                                                       " is not a shard of the manifest (0 to ",
                                                       shards - 1, ")"));
      }
      if (i > 0 && v <= (*list)[i - 1]) {
        return absl::InvalidArgumentError(
            absl::StrCat("shard selection: ", name, " must be strictly ascending (", name, "[", i,
                         "] = ", v, " follows ", (*list)[i - 1], ")"));
      }
    }
  }
  for (int64_t v : s.vacancies) {
    if (std::binary_search(s.remote_vacancies.begin(), s.remote_vacancies.end(), v)) {
      return absl::InvalidArgumentError(
          absl::StrCat("shard selection: shard ", v, " is in both vacancies and remote_vacancies"));
    }
  }
  return absl::OkStatus();
}

// The shard's files hold `got` rows where the manifest declares `declared`.
absl::Status CountMismatch(const std::filesystem::path& dir, const DataShard& shard,
                           const char* what, int64_t declared, int64_t got) {
  return absl::DataLossError(absl::StrCat((dir / kShardManifestFile).string(), ": shard '",
                                          shard.name, "' declares ", declared, " ", what,
                                          ", its file holds ", got));
}

// The selected shards of a read manifest (Dataset::LoadShardedCsvPart).
absl::StatusOr<Dataset::ShardPart> LoadShards(const std::string& directory,
                                              const ShardManifest& manifest, Policy policy,
                                              const Dataset::ShardSelection& selection,
                                              const CsvLimits& limits, const ProgressFn& progress,
                                              int num_threads) {
  const int64_t shards = static_cast<int64_t>(manifest.shards.size());
  JOBMATCH_RETURN_IF_ERROR(CheckSelection(selection, shards));
  const std::filesystem::path dir(directory);
  Vocabulary vocabulary;
  JOBMATCH_RETURN_IF_ERROR(AddPolicyGroups(policy, vocabulary));
  JOBMATCH_RETURN_IF_ERROR(ReadSkillsCsv((dir / manifest.skills).string(), vocabulary, limits));
  // The shards touched, in manifest order, and where each one's rows start
  // in the whole directory (the declared counts; ReadShardManifest bounds
  // them, so the sums cannot overflow).
  auto has = [](const std::vector<int64_t>& list, int64_t i) {
    return std::binary_search(list.begin(), list.end(), i);
  };
  std::vector<int64_t> touched;
  for (int64_t i = 0; i < shards; ++i) {
    if (has(selection.seekers, i) || has(selection.vacancies, i) ||
        has(selection.remote_vacancies, i)) {
      touched.push_back(i);
    }
  }
  // Each touched shard is a task: its files are parsed on any thread
  // against the vocabulary as it stands before the shards (parsing needs
  // nothing else), then, when every earlier shard is in, appended in
  // manifest order — which gives the industry ids, the rows and the first
  // error of reading the shards one after the other. A thread holds at most
  // one parsed shard, so memory stays that of the tables plus a shard per
  // thread.
  const Vocabulary base = vocabulary;
  std::vector<int64_t> seeker_base(touched.size()), vacancy_base(touched.size());
  {
    int64_t sb = 0, vb = 0, t = 0;
    for (int64_t i = 0; i < shards && t < static_cast<int64_t>(touched.size()); ++i) {
      if (touched[t] == i) {
        seeker_base[t] = sb;
        vacancy_base[t] = vb;
        ++t;
      }
      sb += manifest.shards[static_cast<size_t>(i)].num_seekers;
      vb += manifest.shards[static_cast<size_t>(i)].num_vacancies;
    }
  }
  Dataset::ShardPart part;
  SeekerTable seekers;
  VacancyTable vacancies;
  std::mutex mu;
  std::condition_variable turn_changed;
  int64_t turn = 0;     // the next shard to append (guarded by mu)
  bool failed = false;  // a shard before `turn` failed (guarded by mu)
  auto read_shard = [&](int64_t t) -> absl::Status {
    const int64_t i = touched[static_cast<size_t>(t)];
    const DataShard& shard = manifest.shards[static_cast<size_t>(i)];
    const bool with_seekers = has(selection.seekers, i);
    const bool all = has(selection.vacancies, i), remote = has(selection.remote_vacancies, i);
    bool skip;
    {
      std::lock_guard<std::mutex> lock(mu);
      skip = failed;
    }
    internal::ParsedFile<Seeker> ps;
    internal::ParsedFile<Vacancy> pv;
    absl::Status seekers_parsed, vacancies_parsed;
    std::vector<int64_t> rows;  // whole-directory rows of the vacancies kept
    if (!skip && with_seekers) {
      seekers_parsed = internal::ParseSeekersFile((dir / shard.seekers).string(), base, limits, ps);
    }
    // As one after the other: a shard whose seekers fail is not read on.
    if (!skip && seekers_parsed.ok() && (all || remote)) {
      // The filter sees the file's rows once each, in order: it records the
      // whole directory's row of each one kept.
      int64_t position = 0;
      auto keep_row = [&](const Vacancy& v) {
        const int64_t row = vacancy_base[t] + position++;
        if (!all && !v.remote) return false;
        rows.push_back(row);
        return true;
      };
      const absl::FunctionRef<bool(const Vacancy&)> keep = keep_row;
      vacancies_parsed =
          internal::ParseVacanciesFile((dir / shard.vacancies).string(), base, limits, &keep, pv);
    }
    std::unique_lock<std::mutex> lock(mu);
    turn_changed.wait(lock, [&] { return turn == t; });
    // The checks in the order of reading the shard alone: seekers (parse,
    // append, count), then vacancies. After an earlier shard failed, nothing
    // is appended and the status is never reported (RunTasks reports the
    // lowest failing task).
    absl::Status status = failed ? absl::CancelledError("an earlier shard failed") : seekers_parsed;
    if (status.ok() && with_seekers) {
      const int64_t before = seekers.size();
      status = internal::AppendParsed(std::move(ps), vocabulary, seekers);
      if (status.ok() && seekers.size() - before != shard.num_seekers) {
        status = CountMismatch(dir, shard, "seekers", shard.num_seekers, seekers.size() - before);
      }
      for (int64_t r = 0; status.ok() && r < shard.num_seekers; ++r) {
        part.seeker_rows.push_back(seeker_base[t] + r);
      }
    }
    if (status.ok() && (all || remote)) {
      status = vacancies_parsed;
      const int64_t in_file = pv.rows_in_file;
      if (status.ok()) status = internal::AppendParsed(std::move(pv), vocabulary, vacancies);
      if (status.ok() && in_file != shard.num_vacancies) {
        status = CountMismatch(dir, shard, "vacancies", shard.num_vacancies, in_file);
      }
      if (status.ok()) part.vacancy_rows.insert(part.vacancy_rows.end(), rows.begin(), rows.end());
    }
    failed = failed || !status.ok();
    ++turn;
    turn_changed.notify_all();
    return status;
  };
  const int threads = std::max(1, ResolveThreadCount(num_threads));
  JOBMATCH_RETURN_IF_ERROR(internal::RunTasks(static_cast<int64_t>(touched.size()), threads,
                                              progress, "cancelled", read_shard));
  JOBMATCH_ASSIGN_OR_RETURN(part.data, Dataset::Create(std::move(vocabulary), std::move(seekers),
                                                       std::move(vacancies), std::move(policy)));
  return part;
}

}  // namespace

absl::StatusOr<std::shared_ptr<const Dataset>> Dataset::LoadShardedCsv(const std::string& directory,
                                                                       Policy policy,
                                                                       const CsvLimits& limits,
                                                                       const ProgressFn& progress,
                                                                       int num_threads) {
  JOBMATCH_ASSIGN_OR_RETURN(const ShardManifest manifest, ReadShardManifest(directory));
  ShardSelection all;
  for (int64_t i = 0; i < static_cast<int64_t>(manifest.shards.size()); ++i) {
    all.seekers.push_back(i);
    all.vacancies.push_back(i);
  }
  JOBMATCH_ASSIGN_OR_RETURN(ShardPart part, LoadShards(directory, manifest, std::move(policy), all,
                                                       limits, progress, num_threads));
  return std::move(part.data);
}

absl::StatusOr<Dataset::ShardPart> Dataset::LoadShardedCsvPart(
    const std::string& directory, Policy policy, const ShardSelection& selection,
    const CsvLimits& limits, const ProgressFn& progress, int num_threads) {
  JOBMATCH_ASSIGN_OR_RETURN(const ShardManifest manifest, ReadShardManifest(directory));
  return LoadShards(directory, manifest, std::move(policy), selection, limits, progress,
                    num_threads);
}

absl::StatusOr<std::shared_ptr<const Vocabulary>> VocabularyForPolicy(
    const Policy& policy, std::shared_ptr<const Vocabulary> vocabulary) {
  for (const std::string& g : policy.extra_groups) {
    if (vocabulary->FindGroup(g)) continue;
    auto grown = std::make_shared<Vocabulary>(*vocabulary);
    JOBMATCH_RETURN_IF_ERROR(AddPolicyGroups(policy, *grown));
    return std::shared_ptr<const Vocabulary>(std::move(grown));
  }
  return vocabulary;
}

absl::StatusOr<std::shared_ptr<const Dataset>> Dataset::WithPolicy(Policy policy) const {
  JOBMATCH_ASSIGN_OR_RETURN(std::shared_ptr<const Vocabulary> vocabulary,
                            VocabularyForPolicy(policy, vocabulary_));
  return FromShared(std::move(vocabulary), seekers_, vacancies_,
                    std::make_shared<const Policy>(std::move(policy)));
}

}  // namespace jobmatch
