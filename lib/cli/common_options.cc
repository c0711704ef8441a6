// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
#include "cli/common_options.h"

#include "cli/number_options.h"

namespace jobmatch::cli {

void AddCityOptions(CLI::App* app, CityConfig& c) {
  AddNumberOption(app, "--seekers,--num-seekers", c.num_seekers, "Number of job seekers",
                  NonNegativeInteger(), /*show_default=*/true);
  AddNumberOption(app, "--vacancies,--num-vacancies", c.num_vacancies, "Number of vacancies",
                  NonNegativeInteger(), /*show_default=*/true);
  AddNumberOption(app, "--seed", c.seed, "Random seed (same seed, same city)", AnyUnsigned(),
                  /*show_default=*/true);
  AddNumberOption(app, "--embedding-dim", c.embedding_dim, "Embedding dimension (0 = none)",
                  IntegerIn(0, 4096), /*show_default=*/true);
}

void AddMemoryBudgetOption(CLI::App* app, int64_t& bytes) {
  AddNumberOption(app, "--memory-budget", bytes,
                  "Refuse (exit 4) a run estimated to need more memory than this (e.g. 512MiB, "
                  "8GB; default: half the physical memory)",
                  SizeInBytes());
}

}  // namespace jobmatch::cli
