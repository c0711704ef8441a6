// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// Options shared by several commands: the synthetic city's size and seed,
// the memory budget, and the checks of numeric options.
#ifndef JOBMATCH_CLI_COMMON_OPTIONS_H_
#define JOBMATCH_CLI_COMMON_OPTIONS_H_

#include <cstdint>

#include "CLI/CLI.hpp"
#include "jobmatch/synth/generator.h"

namespace jobmatch::cli {

// --seekers, --vacancies, --seed, --embedding-dim.
void AddCityOptions(CLI::App* app, CityConfig& c);

// --memory-budget SIZE (bytes, or with a unit: 512MiB, 8GB; 1 KB = 1024
// bytes), stored in `bytes`; 0 (the default) = half the physical memory.
void AddMemoryBudgetOption(CLI::App* app, int64_t& bytes);

// Checks of numeric options, used instead of CLI::Range,
// CLI::NonNegativeNumber and CLI::PositiveNumber: those print their bounds
// with std::to_string, so `--congestion-factor inf` was refused as "not in
// range 0.000000 to 1797693134862315708..." (a 309-digit number), and they
// let NaN through. Here every number is printed by the library's one
// formatter (shortest round-trip form) and NaN is refused. --help shows the
// same descriptions as before.
CLI::Validator NonNegative();              // finite, >= 0
CLI::Validator Positive();                 // finite, > 0
CLI::Validator IntegerIn(int lo, int hi);  // in [lo, hi]

}  // namespace jobmatch::cli

#endif  // JOBMATCH_CLI_COMMON_OPTIONS_H_
