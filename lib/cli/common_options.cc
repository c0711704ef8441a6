// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
#include "cli/common_options.h"

namespace jobmatch::cli {

void AddCityOptions(CLI::App* app, CityConfig& c) {
  app->add_option("--seekers,--num-seekers", c.num_seekers, "Number of job seekers")
      ->capture_default_str();
  app->add_option("--vacancies,--num-vacancies", c.num_vacancies, "Number of vacancies")
      ->capture_default_str();
  app->add_option("--seed", c.seed, "Random seed (same seed, same city)")->capture_default_str();
  app->add_option("--embedding-dim", c.embedding_dim, "Embedding dimension (0 = none)")
      ->capture_default_str();
}

void AddMemoryBudgetOption(CLI::App* app, int64_t& bytes) {
  app->add_option("--memory-budget", bytes,
                  "Refuse (exit 4) a run estimated to need more memory than this (e.g. 512MiB, "
                  "8GB; default: half the physical memory)")
      ->transform(CLI::AsSizeValue(false))
      ->check(CLI::NonNegativeNumber);
}

}  // namespace jobmatch::cli
