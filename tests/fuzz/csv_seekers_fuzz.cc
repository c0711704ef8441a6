// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// libFuzzer target: ParseSeekersCsv. Properties checked on every input:
// no crash, leak or undefined behaviour (the sanitizers); a failed parse
// leaves the vocabulary unchanged and gives a message starting with the
// source name; a successful parse is repeatable and every row it returns is
// accepted by SeekerTable::Append. Each input is parsed with the default and
// with tiny limits.
#include <cstdint>
#include <string_view>

#include "fuzz_util.h"
#include "jobmatch/csv.h"
#include "jobmatch/dataset.h"

namespace jobmatch::fuzz {
namespace {

void ParseWith(std::string_view text, const CsvLimits& limits) {
  Vocabulary vocab = SeedVocabulary();
  const Vocabulary before = vocab;
  absl::StatusOr<std::vector<Seeker>> rows = ParseSeekersCsv(text, "fuzz.csv", vocab, limits);
  if (!rows.ok()) {
    JOBMATCH_FUZZ_CHECK(vocab == before);
    JOBMATCH_FUZZ_CHECK(rows.status().message().substr(0, 8) == "fuzz.csv");
    JOBMATCH_FUZZ_CHECK(rows.status().message().size() < 4096);
    return;
  }
  Vocabulary again = SeedVocabulary();
  absl::StatusOr<std::vector<Seeker>> rows2 = ParseSeekersCsv(text, "fuzz.csv", again, limits);
  JOBMATCH_FUZZ_CHECK(rows2.ok() && *rows2 == *rows && again == vocab);
  SeekerTable table;
  JOBMATCH_FUZZ_CHECK(table.Append(*rows, vocab).ok());
}

}  // namespace
}  // namespace jobmatch::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text = jobmatch::fuzz::AsText(data, size);
  jobmatch::fuzz::ParseWith(text, jobmatch::CsvLimits{});
  jobmatch::fuzz::ParseWith(text, jobmatch::fuzz::TinyLimits());
  return 0;
}
