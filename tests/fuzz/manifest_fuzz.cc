// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// libFuzzer target: a sharded directory's manifest.json as text
// (internal::ParseShardManifest, behind ReadShardManifest). Properties: no
// crash, leak, undefined behaviour or exception (nlohmann's accessors throw
// on a type they do not expect); errors start with the manifest's name, are
// short, printable UTF-8 (no control byte, whatever the input held); a
// manifest that reads has what the reader promises (unique non-empty names,
// relative paths that stay inside the directory, counts >= 0, coordinates in
// range) and round-trips through the writer's text to an equal manifest. The seeds hold one file
// per bad-input class (types, paths, counts, coordinates, duplicates, nesting, encoding).
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <tuple>

#include "base/internal/text.h"
#include "fuzz_util.h"
#include "io/internal/shard_manifest.h"
#include "jobmatch/io/shards.h"

namespace jobmatch::fuzz {
namespace {

constexpr std::string_view kSource = "DIR/manifest.json";

bool StaysInside(const std::string& p) {
  if (p.empty() || p.front() == '/' || p.find('\0') != std::string::npos) return false;
  for (const auto& part : std::filesystem::path(p)) {
    if (part == "..") return false;
  }
  return internal::IsValidUtf8(p);
}

auto Fields(const DataShard& d) {
  return std::tie(d.name, d.seekers, d.vacancies, d.num_seekers, d.num_vacancies, d.center_lat,
                  d.center_lon, d.radius_km, d.format);
}

void Check(std::string_view text) {
  const absl::StatusOr<ShardManifest> m = internal::ParseShardManifest(text, std::string(kSource));
  if (!m.ok()) {
    const absl::string_view am = m.status().message();
    const std::string_view msg(am.data(), am.size());
    JOBMATCH_FUZZ_CHECK(msg.substr(0, kSource.size() + 2) == std::string(kSource) + ": ");
    JOBMATCH_FUZZ_CHECK(msg.size() < 4096);
    JOBMATCH_FUZZ_CHECK(internal::FindInvalidUtf8(msg) == std::string_view::npos);
    for (char c : msg) JOBMATCH_FUZZ_CHECK(static_cast<unsigned char>(c) >= 0x20 && c != 0x7f);
    return;
  }
  JOBMATCH_FUZZ_CHECK(StaysInside(m->skills));
  for (size_t i = 0; i < m->shards.size(); ++i) {
    const DataShard& d = m->shards[i];
    JOBMATCH_FUZZ_CHECK(!d.name.empty());
    for (size_t j = 0; j < i; ++j) JOBMATCH_FUZZ_CHECK(m->shards[j].name != d.name);
    JOBMATCH_FUZZ_CHECK(StaysInside(d.seekers) && StaysInside(d.vacancies));
    JOBMATCH_FUZZ_CHECK(d.num_seekers >= 0 && d.num_vacancies >= 0);
    JOBMATCH_FUZZ_CHECK(!d.center_lat ||
                        (std::isfinite(*d.center_lat) && std::fabs(*d.center_lat) <= 90));
    JOBMATCH_FUZZ_CHECK(!d.center_lon ||
                        (std::isfinite(*d.center_lon) && std::fabs(*d.center_lon) <= 180));
    JOBMATCH_FUZZ_CHECK(!d.radius_km || (std::isfinite(*d.radius_km) && *d.radius_km >= 0));
  }
  const absl::StatusOr<std::string> again = internal::ShardManifestText(*m, std::string(kSource));
  JOBMATCH_FUZZ_CHECK(again.ok());
  const absl::StatusOr<ShardManifest> back =
      internal::ParseShardManifest(*again, std::string(kSource));
  JOBMATCH_FUZZ_CHECK(back.ok());
  JOBMATCH_FUZZ_CHECK(back->skills == m->skills && back->shards.size() == m->shards.size());
  for (size_t i = 0; i < m->shards.size(); ++i) {
    JOBMATCH_FUZZ_CHECK(Fields(back->shards[i]) == Fields(m->shards[i]));
  }
}

}  // namespace
}  // namespace jobmatch::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  jobmatch::fuzz::Check(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
