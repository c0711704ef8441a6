// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// Shared test helpers: small random instances built to produce many exact
// score ties (coarse coordinates, few distinct wages and levels).
#ifndef JOBMATCH_TESTS_TESTING_TEST_UTIL_H_
#define JOBMATCH_TESTS_TESTING_TEST_UTIL_H_

#include <cstdint>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "absl/types/span.h"
#include "jobmatch/data/tables.h"
#include "jobmatch/data/vocabulary.h"
#include "jobmatch/matching/assignment.h"
#include "jobmatch/policy/policy.h"
#include "jobmatch/scoring/scorer.h"

namespace jobmatch::testing {

struct InstanceOptions {
  int num_seekers = 40;
  int num_vacancies = 30;
  int num_skills = 6;
  int num_industries = 4;
  int embedding_dim = 0;
  // Openings per vacancy are drawn uniformly from [0, max_openings].
  int max_openings = 4;
  // Coarse values make exact ties frequent.
  bool coarse = true;
};

// Owns everything a Scorer points at.
struct Instance {
  Vocabulary vocab;
  std::vector<Seeker> seeker_rows;
  std::vector<Vacancy> vacancy_rows;
  SeekerTable seekers;
  VacancyTable vacancies;
};

// Random seekers and vacancies around one city; deterministic in `seed`.
std::unique_ptr<Instance> RandomInstance(uint64_t seed, const InstanceOptions& opt = {});

// A random but valid policy: random weights, rules over random groups,
// kinds, industries and schedules, random eligibility switches.
Policy RandomPolicy(uint64_t seed, const Vocabulary& vocab);

// Checks that `a` is a matching along listed edges (each >= min_weight)
// within capacities, and that its cardinality and total weight add up.
void ExpectFeasibleAssignment(int64_t rows, absl::Span<const int32_t> capacity,
                              const EdgeList& edges, const Assignment& a, float min_weight);

// Reads a file under the source tree (JOBMATCH_SOURCE_DIR).
std::string ReadSourceFile(const std::string& relative_path);

// How many random cases a property test runs: `full`, scaled by the
// fraction in the environment variable JOBMATCH_TEST_SCALE (a number in
// (0, 1]; unset = 1), never fewer than `minimum` (nor more than `full`).
// The sanitizer stage of scripts/test.sh sets 0.25: instrumented code runs
// 5-20x slower, and the Release stage runs every case. A malformed value
// fails the test rather than silently running fewer cases.
int RandomCases(int full, int minimum = 10);

}  // namespace jobmatch::testing

#endif  // JOBMATCH_TESTS_TESTING_TEST_UTIL_H_
