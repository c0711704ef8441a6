// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// Options shared by several commands: the synthetic city's size and seed,
// the memory budget. Numeric options go through cli/number_options.h.
#ifndef JOBMATCH_CLI_COMMON_OPTIONS_H_
#define JOBMATCH_CLI_COMMON_OPTIONS_H_

#include <cstdint>

#include "CLI/CLI.hpp"
#include "jobmatch/synth/generator.h"

namespace jobmatch::cli {

// --seekers, --vacancies (>= 0), --seed (any uint64), --embedding-dim (0-4096).
void AddCityOptions(CLI::App* app, CityConfig& c);

// --memory-budget SIZE (bytes, or with a unit: 512MiB, 8GB; 1 KB = 1024
// bytes; at most INT64_MAX bytes), stored in `bytes`; 0 (the default) =
// half the physical memory.
void AddMemoryBudgetOption(CLI::App* app, int64_t& bytes);

}  // namespace jobmatch::cli

#endif  // JOBMATCH_CLI_COMMON_OPTIONS_H_
