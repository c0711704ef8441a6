// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// Test helpers for sharded directories (io/shards.h): a small country
// written as `jobmatch generate --country` writes one, and row comparisons
// that see industries by name (their ids depend on the order of reading).
#ifndef JOBMATCH_TESTS_TESTING_SHARDED_COUNTRY_H_
#define JOBMATCH_TESTS_TESTING_SHARDED_COUNTRY_H_

#include <cstdint>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "jobmatch/dataset/dataset.h"
#include "jobmatch/synth/country.h"

namespace jobmatch::testing {

// An empty directory under the test temp dir (removed first if present).
std::filesystem::path FreshDir(const std::string& name);

// Replaces the file's content.
void WriteText(const std::filesystem::path& p, const std::string& text);

// Writes a small country of `cities` CSV shards (3000 seekers, 400
// vacancies in all) to `dir`; returns all rows in shard order.
// `new_industries`: from the second city on, some vacancies and seekers name
// industries first seen in that city, or in the city before it, so that
// industry ids depend on the order of reading. `extra_groups`: key groups
// (a policy must declare them to read the files) of which some seekers are
// members.
City WriteCountry(const std::filesystem::path& dir, int cities, bool new_industries = false,
                  const std::vector<std::string>& extra_groups = {});

// Row `i` of `a` equals row `j` of `b`, industries compared by name
// (gtest failures otherwise; use with ASSERT_NO_FATAL_FAILURE).
void ExpectSameSeeker(const Dataset& a, int64_t i, const Dataset& b, int64_t j);
void ExpectSameVacancy(const Dataset& a, int64_t i, const Dataset& b, int64_t j);

// A random selection of `shards` shards as a distributed task makes one:
// each shard's seekers with probability 1/2, its vacancies whole, its
// remote posts only, or nothing, with probability 1/3 each.
Dataset::ShardSelection RandomSelection(std::mt19937_64& rng, int64_t shards);

// `a` and `b` hold the same vocabulary and the same rows, ids included.
void ExpectSameData(const Dataset& a, const Dataset& b);

}  // namespace jobmatch::testing

#endif  // JOBMATCH_TESTS_TESTING_SHARDED_COUNTRY_H_
