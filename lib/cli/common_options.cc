// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
#include "cli/common_options.h"

#include <cmath>
#include <limits>
#include <string>
#include <utility>

#include "base/internal/text.h"

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
      ->check(NonNegative());
}

namespace {

CLI::Validator NumberIn(double lo, double hi, bool finite, std::string reason,
                        std::string description) {
  return CLI::Validator(
      [lo, hi, finite, reason](std::string& input) -> std::string {
        double v = 0.0;
        if (!CLI::detail::lexical_cast(input, v)) return "value " + input + " is not a number";
        if (std::isnan(v) || v < lo || v > hi || (finite && !std::isfinite(v))) {
          return "value " + internal::FormatNumber(v) + " is not " + reason;
        }
        return std::string();
      },
      std::move(description));
}

}  // namespace

CLI::Validator NonNegative() {
  return NumberIn(0.0, std::numeric_limits<double>::infinity(), true, "a finite number >= 0",
                  "NONNEGATIVE");
}

CLI::Validator Positive() {
  return NumberIn(std::numeric_limits<double>::denorm_min(),
                  std::numeric_limits<double>::infinity(), true, "a finite number > 0", "POSITIVE");
}

CLI::Validator IntegerIn(int lo, int hi) {
  return NumberIn(lo, hi, true,
                  "in [" + internal::FormatNumber(static_cast<double>(lo)) + ", " +
                      internal::FormatNumber(static_cast<double>(hi)) + "]",
                  "INT in [" + std::to_string(lo) + " - " + std::to_string(hi) + "]");
}

}  // namespace jobmatch::cli
