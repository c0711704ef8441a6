// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
#include "jobmatch/dataset/dataset.h"

#include <algorithm>
#include <filesystem>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "jobmatch/base/status_macros.h"
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
