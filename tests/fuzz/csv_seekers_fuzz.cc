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
#include "jobmatch/data/tables.h"
#include "jobmatch/io/csv.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text = jobmatch::fuzz::AsText(data, size);
  const auto parse = [](std::string_view t, const char* source, jobmatch::Vocabulary& vocab,
                        const jobmatch::CsvLimits& limits) {
    return jobmatch::ParseSeekersCsv(t, source, vocab, limits);
  };
  jobmatch::fuzz::CheckTableParse<jobmatch::SeekerTable>(text, jobmatch::CsvLimits{}, parse);
  jobmatch::fuzz::CheckTableParse<jobmatch::SeekerTable>(text, jobmatch::fuzz::TinyLimits(), parse);
  return 0;
}
