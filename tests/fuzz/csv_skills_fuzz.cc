// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// libFuzzer target: ParseSkillsCsv. Properties: no crash, leak or undefined
// behaviour; a failed parse leaves the vocabulary unchanged and names the
// source; a successful one adds names that are valid, unique and free of
// the list separators ':' and ';' (so seekers.csv can name them).
#include <cstdint>
#include <string_view>

#include "fuzz_util.h"
#include "jobmatch/io/csv.h"

namespace jobmatch::fuzz {
namespace {

void ParseWith(std::string_view text, const CsvLimits& limits) {
  Vocabulary vocab;
  vocab.AddSkill("welding");
  const Vocabulary before = vocab;
  const absl::Status st = ParseSkillsCsv(text, "fuzz.csv", vocab, limits);
  if (!st.ok()) {
    JOBMATCH_FUZZ_CHECK(vocab == before);
    JOBMATCH_FUZZ_CHECK(st.message().substr(0, 8) == "fuzz.csv");
    JOBMATCH_FUZZ_CHECK(st.message().size() < 4096);
    return;
  }
  for (int32_t i = 1; i < vocab.skills().size(); ++i) {
    const std::string& name = vocab.skills().Name(i);
    JOBMATCH_FUZZ_CHECK(!name.empty());
    JOBMATCH_FUZZ_CHECK(name.find_first_of(":;") == std::string::npos);
  }
}

}  // namespace
}  // namespace jobmatch::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text = jobmatch::fuzz::AsText(data, size);
  jobmatch::fuzz::ParseWith(text, jobmatch::CsvLimits{});
  jobmatch::fuzz::ParseWith(text, jobmatch::fuzz::TinyLimits());
  return 0;
}
