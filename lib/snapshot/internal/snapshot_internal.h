// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// Private parts of the snapshot code (snapshot.h), shared by snapshot.cc,
// snapshot_serialize.cc and the white-box tests: the fixed header, the
// payload codec, and a failure hook for crash-safety tests.
#ifndef JOBMATCH_LIB_SNAPSHOT_INTERNAL_SNAPSHOT_INTERNAL_H_
#define JOBMATCH_LIB_SNAPSHOT_INTERNAL_SNAPSHOT_INTERNAL_H_

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "jobmatch/data/tables.h"
#include "jobmatch/data/vocabulary.h"
#include "jobmatch/policy/policy.h"
#include "jobmatch/snapshot/snapshot.h"

namespace jobmatch::internal {

// ------------------------------------------------------------------ header
// Layout (all integers little-endian; docs/snapshot_format.md):
inline constexpr std::array<unsigned char, 8> kSnapshotMagic = {0x89, 'J', 'M', 'S',
                                                                'N',  'A', 'P', '\n'};
inline constexpr int kHeaderBytes = 128;
inline constexpr uint32_t kByteOrderMark = 0x01020304;

struct SnapshotHeader {
  uint32_t format_version = 0;
  uint32_t header_bytes = kHeaderBytes;
  // The writer's byte order: the bytes of kByteOrderMark as its CPU stores
  // them, read back as little-endian (0x01020304 on little-endian writers).
  uint32_t byte_order = 0;
  uint8_t sizeof_float = 0, sizeof_double = 0, sizeof_size_t = 0, sizeof_long = 0;
  uint16_t lib_major = 0, lib_minor = 0, lib_patch = 0;
  uint16_t boost_archive_version = 0;
  uint64_t payload_bytes = 0;
  uint64_t payload_xxh3 = 0;
  uint64_t num_seekers = 0, num_vacancies = 0;
  uint32_t num_skills = 0, num_industries = 0, num_groups = 0;
  uint32_t seeker_embedding_dim = 0, vacancy_embedding_dim = 0;
  uint32_t flags = 0;
  uint64_t header_xxh3 = 0;  // over bytes [0, 120)
};

// The header this build writes for a payload (everything but the counts).
SnapshotHeader CurrentHeader();
std::array<char, kHeaderBytes> EncodeHeader(const SnapshotHeader& h);
// Checks magic, version, header size, header checksum, byte order and type
// sizes; `source` names the file in errors.
absl::StatusOr<SnapshotHeader> DecodeHeader(std::string_view bytes, std::string_view source);
uint64_t Xxh3(std::string_view bytes);
// Recomputes both checksums of a snapshot held in memory (tests use it to
// build hostile files that pass the checksum).
void RewriteChecksums(std::string& snapshot);

// Payload (de)serialisation with Boost.Serialization (snapshot_serialize.cc):
// the vocabulary, the policy, then each table's columns in schema order
// (data/schema.h), each encoded by its store type. Encode never fails except
// on allocation. Decode throws nothing: it returns DataLoss
// (ResourceExhausted when out of memory) with a message that does not name
// the source; the caller prefixes it. Decoded tables pass the one validation
// of the schema (data/internal/table_access.h) with code DataLoss. `out` is
// only written on success.
std::string EncodePayload(const Vocabulary& vocab, const SeekerTable& seekers,
                          const VacancyTable& vacancies, const Policy& policy);
absl::Status DecodePayload(std::string_view payload, uint32_t format_version,
                           std::shared_ptr<const Dataset>& out);

// ------------------------------------------------------------- test hooks
enum class SaveStep { kCreateTemp, kWrite, kFsyncFile, kClose, kRename, kFsyncDir };
std::string_view SaveStepName(SaveStep s);
// Called before each step of SaveSnapshot (kWrite before every write call);
// returning true makes that step fail as if the system call had failed with
// EIO. Tests only; not thread-safe; pass {} to remove.
void SetSaveFailHookForTesting(std::function<bool(SaveStep)> hook);

}  // namespace jobmatch::internal

#endif  // JOBMATCH_LIB_SNAPSHOT_INTERNAL_SNAPSHOT_INTERNAL_H_
