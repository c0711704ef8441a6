// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// Shared by the libFuzzer targets in tests/fuzz: a vocabulary the seed
// corpora use, and a check that aborts (so libFuzzer records the input) when
// a property of the readers does not hold.
#ifndef JOBMATCH_TESTS_FUZZ_FUZZ_UTIL_H_
#define JOBMATCH_TESTS_FUZZ_FUZZ_UTIL_H_

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "jobmatch/data/vocabulary.h"
#include "jobmatch/io/csv.h"

namespace jobmatch::fuzz {

#define JOBMATCH_FUZZ_CHECK(cond)                                                           \
  do {                                                                                      \
    if (!(cond)) {                                                                          \
      std::fprintf(stderr, "%s:%d: fuzz property failed: %s\n", __FILE__, __LINE__, #cond); \
      std::abort();                                                                         \
    }                                                                                       \
  } while (0)

// The skills the seed corpora use (tests/fuzz/corpus/*: the generator's
// rows and hand-written edge cases), ASCII and Chinese.
inline Vocabulary SeedVocabulary() {
  Vocabulary v;
  for (const char* s : {"welding",
                        "cnc",
                        "safety",
                        "电工",
                        "焊工",
                        "cashier_operation",
                        "computer_basics",
                        "data_labeling",
                        "dementia_care",
                        "dishwashing",
                        "driving_licence_c1",
                        "elderly_care",
                        "english_communication",
                        "food_service",
                        "health_management",
                        "hotel_management",
                        "infant_care",
                        "inventory_control",
                        "live_streaming_sales",
                        "medical_device_maintenance",
                        "merchandising",
                        "nutrition",
                        "office_software",
                        "product_display",
                        "python_programming",
                        "recommendation_systems",
                        "safety_training",
                        "sales",
                        "seafood_cuisine",
                        "software_testing",
                        "statistics",
                        "supply_chain_planning",
                        "truck_driving",
                        "visual_design",
                        "warehouse_management"}) {
    v.AddSkill(s);
  }
  v.AddIndustry("manufacturing");
  return v;
}

// Small limits, so that short inputs reach every limit check too.
inline CsvLimits TinyLimits() {
  CsvLimits l;
  l.max_file_bytes = 2048;
  l.max_field_bytes = 64;
  l.max_fields_per_row = 24;
  l.max_line_bytes = 256;
  return l;
}

inline std::string_view AsText(const uint8_t* data, size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// The checks of the seeker and vacancy CSV targets: `parse(text, source,
// vocab, limits)` is ParseSeekersCsv or ParseVacanciesCsv, `Table` the table
// its rows go into. A failed parse leaves the vocabulary unchanged and gives
// a short message starting with the source name; a successful parse is
// repeatable and every row it returns is accepted by Table::Append.
template <typename Table, typename Parse>
void CheckTableParse(std::string_view text, const CsvLimits& limits, Parse parse) {
  Vocabulary vocab = SeedVocabulary();
  const Vocabulary before = vocab;
  auto rows = parse(text, "fuzz.csv", vocab, limits);
  if (!rows.ok()) {
    JOBMATCH_FUZZ_CHECK(vocab == before);
    JOBMATCH_FUZZ_CHECK(rows.status().message().substr(0, 8) == "fuzz.csv");
    JOBMATCH_FUZZ_CHECK(rows.status().message().size() < 4096);
    return;
  }
  Vocabulary again = SeedVocabulary();
  auto rows2 = parse(text, "fuzz.csv", again, limits);
  JOBMATCH_FUZZ_CHECK(rows2.ok() && *rows2 == *rows && again == vocab);
  Table table;
  JOBMATCH_FUZZ_CHECK(table.Append(*rows, vocab).ok());
}

}  // namespace jobmatch::fuzz

#endif  // JOBMATCH_TESTS_FUZZ_FUZZ_UTIL_H_
