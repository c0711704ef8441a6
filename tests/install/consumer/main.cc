// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
// Links the installed library and runs a tiny end-to-end recommendation.
#include <iostream>

#include "jobmatch/jobmatch.h"

int main() {
  jobmatch::CityConfig cfg;
  cfg.num_seekers = 200;
  cfg.num_vacancies = 50;
  auto city = jobmatch::GenerateCity(cfg);
  if (!city.ok()) return 1;
  jobmatch::SeekerTable seekers;
  jobmatch::VacancyTable vacancies;
  if (!seekers.Append(city->seekers, city->vocab).ok()) return 1;
  if (!vacancies.Append(city->vacancies, city->vocab).ok()) return 1;
  auto scorer =
      jobmatch::Scorer::Create(jobmatch::Policy::Default(), city->vocab, seekers, vacancies);
  if (!scorer.ok()) return 1;
  jobmatch::TopKOptions opt;
  opt.k = 3;
  auto r = jobmatch::TopVacanciesForSeekers(*scorer, opt);
  if (!r.ok() || r->rows != 200) return 1;
  // Snapshots pull in Boost.Serialization: the installed config must find it.
  auto snap =
      jobmatch::SaveSnapshotToString(city->vocab, seekers, vacancies, jobmatch::Policy::Default());
  if (!snap.ok() || !jobmatch::LoadSnapshotFromBuffer(*snap).ok()) return 1;
  std::cout << "consumer ok: " << r->rows << " rows\n";
  return 0;
}
