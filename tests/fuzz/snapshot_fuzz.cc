// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// libFuzzer target for the snapshot loader (snapshot.h). Seed corpus:
// tests/fuzz/corpus/snapshot/ (valid small snapshots and damaged ones).
//
// Random bytes almost never pass the checksums, so half of the inputs are
// also tried with their checksums repaired (internal::RewriteChecksums): that
// drives the fuzzer into the Boost.Serialization payload decoder and the
// table validation, the parts that must hold against hostile files.
//
// Build (clang): compile with -fsanitize=fuzzer,address,undefined and
// -I<source>/lib, link against libjobmatch built with the same sanitizers.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "data/internal/table_access.h"
#include "jobmatch/snapshot/snapshot.h"
#include "snapshot/internal/snapshot_internal.h"

namespace {

void Check(std::string_view bytes) {
  auto data = jobmatch::LoadSnapshotFromBuffer(bytes, "fuzz");
  auto info = jobmatch::InspectSnapshotBuffer(bytes, "fuzz");
  if (data.ok()) {
    // Whatever loads is consistent: it passes validation again and its
    // header agreed with it.
    using jobmatch::internal::TableAccess;
    if (TableAccess::Validate<jobmatch::Seeker>((*data)->seekers().stores(),
                                                (*data)->vocabulary()) ||
        TableAccess::Validate<jobmatch::Vacancy>((*data)->vacancies().stores(),
                                                 (*data)->vocabulary()) ||
        !info.ok() || !info->payload_ok || info->num_seekers != (*data)->seekers().size() ||
        info->num_vacancies != (*data)->vacancies().size()) {
      std::abort();
    }
  } else if (data.status().message().empty()) {
    std::abort();  // every refusal says why
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  Check(bytes);
  if (size > static_cast<size_t>(jobmatch::internal::kHeaderBytes) && (data[size - 1] & 1) != 0) {
    // Declared payload length = what is there; both checksums valid.
    std::string repaired(bytes);
    const uint64_t payload = size - jobmatch::internal::kHeaderBytes;
    for (int i = 0; i < 8; ++i) repaired[32 + i] = static_cast<char>(payload >> (8 * i));
    jobmatch::internal::RewriteChecksums(repaired);
    Check(repaired);
  }
  return 0;
}
