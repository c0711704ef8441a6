// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// Snapshot files: the fixed header, crash-safe saving (temp file, fsync,
// rename, directory fsync) and untrusted loading (header, length and
// checksum checks before the payload is deserialised).
#include "jobmatch/snapshot/snapshot.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <boost/archive/basic_archive.hpp>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <memory>
#include <new>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "base/internal/absl_compat.h"
#include "base/internal/file_io_internal.h"
#include "jobmatch/base/file_io.h"
#include "jobmatch/base/status_macros.h"
#include "snapshot/internal/snapshot_internal.h"

// XXH3-64 from Debian's libxxhash-dev, compiled into this file (header-only
// use): no run-time library, nothing for find_package(jobmatch) users to link.
#define XXH_INLINE_ALL
#include <xxhash.h>

#ifndef JOBMATCH_VERSION_MAJOR
#define JOBMATCH_VERSION_MAJOR 0
#define JOBMATCH_VERSION_MINOR 0
#define JOBMATCH_VERSION_PATCH 0
#endif

namespace jobmatch {
namespace internal {
namespace {

constexpr int64_t kIoChunk = int64_t{8} << 20;

void PutU16(char* p, uint16_t v) {
  for (int i = 0; i < 2; ++i) p[i] = static_cast<char>(v >> (8 * i));
}
void PutU32(char* p, uint32_t v) {
  for (int i = 0; i < 4; ++i) p[i] = static_cast<char>(v >> (8 * i));
}
void PutU64(char* p, uint64_t v) {
  for (int i = 0; i < 8; ++i) p[i] = static_cast<char>(v >> (8 * i));
}
uint16_t GetU16(const char* p) {
  uint16_t v = 0;
  for (int i = 1; i >= 0; --i)
    v = static_cast<uint16_t>((v << 8) | static_cast<unsigned char>(p[i]));
  return v;
}
uint32_t GetU32(const char* p) {
  uint32_t v = 0;
  for (int i = 3; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(p[i]);
  return v;
}
uint64_t GetU64(const char* p) {
  uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(p[i]);
  return v;
}

absl::Status Prefixed(absl::string_view source, const absl::Status& s) {
  return absl::Status(s.code(), absl::StrCat(source, ": ", s.message()));
}

}  // namespace

uint64_t Xxh3(std::string_view bytes) { return XXH3_64bits(bytes.data(), bytes.size()); }

std::string_view SaveStepName(SaveStep s) {
  switch (s) {
    case SaveStep::kCreateTemp:
      return "create temporary file";
    case SaveStep::kWrite:
      return "write";
    case SaveStep::kFsyncFile:
      return "fsync";
    case SaveStep::kClose:
      return "close";
    case SaveStep::kRename:
      return "rename";
    case SaveStep::kFsyncDir:
      return "fsync directory";
  }
  return "?";
}

// The save steps are the steps of the one writer (base/file_io.h): the hook
// is installed there, translated.
void SetSaveFailHookForTesting(std::function<bool(SaveStep)> hook) {
  if (!hook) {
    SetFileIoFailHookForTesting({});
    return;
  }
  SetFileIoFailHookForTesting([hook = std::move(hook)](FileStep f) {
    SaveStep s;
    switch (f) {
      case FileStep::kCreateTemp:
        s = SaveStep::kCreateTemp;
        break;
      case FileStep::kWrite:
        s = SaveStep::kWrite;
        break;
      case FileStep::kFsyncFile:
        s = SaveStep::kFsyncFile;
        break;
      case FileStep::kClose:
        s = SaveStep::kClose;
        break;
      case FileStep::kRename:
        s = SaveStep::kRename;
        break;
      case FileStep::kFsyncDir:
        s = SaveStep::kFsyncDir;
        break;
      default:
        return 0;
    }
    return hook(s) ? EIO : 0;
  });
}

SnapshotHeader CurrentHeader() {
  SnapshotHeader h;
  h.format_version = kSnapshotFormatVersion;
  h.header_bytes = kHeaderBytes;
  const uint32_t mark = kByteOrderMark;
  unsigned char native[4];
  std::memcpy(native, &mark, 4);
  h.byte_order = GetU32(reinterpret_cast<const char*>(native));
  h.sizeof_float = sizeof(float);
  h.sizeof_double = sizeof(double);
  h.sizeof_size_t = sizeof(size_t);
  h.sizeof_long = sizeof(long);
  h.lib_major = JOBMATCH_VERSION_MAJOR;
  h.lib_minor = JOBMATCH_VERSION_MINOR;
  h.lib_patch = JOBMATCH_VERSION_PATCH;
  h.boost_archive_version = static_cast<uint16_t>(boost::archive::BOOST_ARCHIVE_VERSION());
  return h;
}

std::array<char, kHeaderBytes> EncodeHeader(const SnapshotHeader& h) {
  std::array<char, kHeaderBytes> b{};
  std::memcpy(b.data(), kSnapshotMagic.data(), 8);
  char* p = b.data();
  PutU32(p + 8, h.format_version);
  PutU32(p + 12, h.header_bytes);
  PutU32(p + 16, h.byte_order);
  p[20] = static_cast<char>(h.sizeof_float);
  p[21] = static_cast<char>(h.sizeof_double);
  p[22] = static_cast<char>(h.sizeof_size_t);
  p[23] = static_cast<char>(h.sizeof_long);
  PutU16(p + 24, h.lib_major);
  PutU16(p + 26, h.lib_minor);
  PutU16(p + 28, h.lib_patch);
  PutU16(p + 30, h.boost_archive_version);
  PutU64(p + 32, h.payload_bytes);
  PutU64(p + 40, h.payload_xxh3);
  PutU64(p + 48, h.num_seekers);
  PutU64(p + 56, h.num_vacancies);
  PutU32(p + 64, h.num_skills);
  PutU32(p + 68, h.num_industries);
  PutU32(p + 72, h.num_groups);
  PutU32(p + 76, h.seeker_embedding_dim);
  PutU32(p + 80, h.vacancy_embedding_dim);
  PutU32(p + 84, h.flags);
  // 88..119 reserved, zero.
  PutU64(p + 120, XXH3_64bits(p, 120));
  return b;
}

namespace {

// The header fields after the format version (byte offsets as EncodeHeader
// writes them).
void ReadHeaderFields(const char* p, SnapshotHeader& h) {
  h.header_bytes = GetU32(p + 12);
  h.byte_order = GetU32(p + 16);
  h.sizeof_float = static_cast<uint8_t>(p[20]);
  h.sizeof_double = static_cast<uint8_t>(p[21]);
  h.sizeof_size_t = static_cast<uint8_t>(p[22]);
  h.sizeof_long = static_cast<uint8_t>(p[23]);
  h.lib_major = GetU16(p + 24);
  h.lib_minor = GetU16(p + 26);
  h.lib_patch = GetU16(p + 28);
  h.boost_archive_version = GetU16(p + 30);
  h.payload_bytes = GetU64(p + 32);
  h.payload_xxh3 = GetU64(p + 40);
  h.num_seekers = GetU64(p + 48);
  h.num_vacancies = GetU64(p + 56);
  h.num_skills = GetU32(p + 64);
  h.num_industries = GetU32(p + 68);
  h.num_groups = GetU32(p + 72);
  h.seeker_embedding_dim = GetU32(p + 76);
  h.vacancy_embedding_dim = GetU32(p + 80);
  h.flags = GetU32(p + 84);
}

// A snapshot is read only where it was written: same byte order, same type
// sizes, no unknown flag.
absl::Status CheckSamePlatform(const SnapshotHeader& h, absl::string_view source) {
  auto err = [&](absl::StatusCode code, auto&&... parts) {
    return absl::Status(code, absl::StrCat(source, ": ", parts...));
  };
  const SnapshotHeader cur = CurrentHeader();
  if (h.byte_order != cur.byte_order) {
    return err(absl::StatusCode::kInvalidArgument,
               h.byte_order == 0x04030201u
                   ? "written on a machine of the other byte order (big-endian)"
                   : "bad byte-order mark",
               "; snapshots are not portable across byte orders: re-export as CSV");
  }
  if (h.sizeof_float != cur.sizeof_float || h.sizeof_double != cur.sizeof_double ||
      h.sizeof_size_t != cur.sizeof_size_t || h.sizeof_long != cur.sizeof_long) {
    return err(
        absl::StatusCode::kInvalidArgument,
        absl::StrFormat("written with other type sizes (float %d, double %d, size_t %d, long %d; "
                        "here %d, %d, %d, %d)",
                        h.sizeof_float, h.sizeof_double, h.sizeof_size_t, h.sizeof_long,
                        cur.sizeof_float, cur.sizeof_double, cur.sizeof_size_t, cur.sizeof_long));
  }
  if (h.flags != 0) {
    return err(absl::StatusCode::kInvalidArgument, "unknown header flags 0x", absl::Hex(h.flags));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<SnapshotHeader> DecodeHeader(std::string_view bytes, std::string_view source_in) {
  const absl::string_view source = Sv(source_in);
  auto err = [&](absl::StatusCode code, auto&&... parts) {
    return absl::Status(code, absl::StrCat(source, ": ", parts...));
  };
  if (bytes.empty()) {
    return err(absl::StatusCode::kInvalidArgument, "empty file (0 bytes), not a jobmatch snapshot");
  }
  if (bytes.size() < 8 || std::memcmp(bytes.data(), kSnapshotMagic.data(), 8) != 0) {
    std::string hex;
    for (size_t i = 0; i < std::min<size_t>(bytes.size(), 8); ++i) {
      absl::StrAppend(&hex, absl::StrFormat("%02x", static_cast<unsigned char>(bytes[i])));
    }
    return err(absl::StatusCode::kInvalidArgument,
               "not a jobmatch snapshot (bad magic: starts with ", hex,
               ", expected 894a4d534e41500a)");
  }
  if (bytes.size() < 12) {
    return err(absl::StatusCode::kDataLoss, "truncated inside the header (", bytes.size(),
               " bytes)");
  }
  const char* p = bytes.data();
  SnapshotHeader h;
  h.format_version = GetU32(p + 8);
  if (h.format_version < kOldestSnapshotFormatVersion ||
      h.format_version > kSnapshotFormatVersion) {
    return err(absl::StatusCode::kInvalidArgument, "snapshot format version ", h.format_version,
               " is not supported: this jobmatch reads versions ", kOldestSnapshotFormatVersion,
               " to ", kSnapshotFormatVersion,
               h.format_version > kSnapshotFormatVersion ? " (written by a newer jobmatch?)" : "");
  }
  if (bytes.size() < static_cast<size_t>(kHeaderBytes)) {
    return err(absl::StatusCode::kDataLoss, "truncated inside the header (", bytes.size(),
               " bytes; the header has ", kHeaderBytes, ")");
  }
  if (GetU64(p + 120) != XXH3_64bits(p, 120)) {
    return err(absl::StatusCode::kDataLoss, "header checksum mismatch: the header is corrupt");
  }
  ReadHeaderFields(p, h);
  if (h.header_bytes != static_cast<uint32_t>(kHeaderBytes)) {
    return err(absl::StatusCode::kDataLoss, "header size field is ", h.header_bytes, ", expected ",
               kHeaderBytes);
  }
  JOBMATCH_RETURN_IF_ERROR(CheckSamePlatform(h, source));
  return h;
}

void RewriteChecksums(std::string& s) {
  if (s.size() < static_cast<size_t>(kHeaderBytes)) return;
  PutU64(s.data() + 40, XXH3_64bits(s.data() + kHeaderBytes, s.size() - kHeaderBytes));
  PutU64(s.data() + 120, XXH3_64bits(s.data(), 120));
}

namespace {

// File length vs the header's declared payload length.
absl::Status CheckLength(const SnapshotHeader& h, uint64_t file_bytes, absl::string_view source) {
  const uint64_t have = file_bytes - kHeaderBytes;
  if (have < h.payload_bytes) {
    return absl::DataLossError(absl::StrCat(source, ": truncated: the header declares ",
                                            h.payload_bytes, " payload bytes, the file holds ",
                                            have));
  }
  if (have > h.payload_bytes) {
    return absl::DataLossError(absl::StrCat(source, ": ", have - h.payload_bytes,
                                            " unexpected bytes after the payload (header declares ",
                                            h.payload_bytes, ")"));
  }
  return absl::OkStatus();
}

absl::Status CheckCounts(const SnapshotHeader& h, const Dataset& d, absl::string_view source) {
  auto mismatch = [&](absl::string_view what, uint64_t header, uint64_t payload) {
    return absl::DataLossError(absl::StrCat(source, ": the header says ", header, " ", what,
                                            ", the payload holds ", payload));
  };
  if (h.num_seekers != static_cast<uint64_t>(d.seekers().size()))
    return mismatch("seekers", h.num_seekers, d.seekers().size());
  if (h.num_vacancies != static_cast<uint64_t>(d.vacancies().size())) {
    return mismatch("vacancies", h.num_vacancies, d.vacancies().size());
  }
  if (h.num_skills != static_cast<uint32_t>(d.vocabulary().skills().size())) {
    return mismatch("skills", h.num_skills, d.vocabulary().skills().size());
  }
  if (h.num_industries != static_cast<uint32_t>(d.vocabulary().industries().size())) {
    return mismatch("industries", h.num_industries, d.vocabulary().industries().size());
  }
  if (h.num_groups != static_cast<uint32_t>(d.vocabulary().groups().size())) {
    return mismatch("key groups", h.num_groups, d.vocabulary().groups().size());
  }
  if (h.seeker_embedding_dim != static_cast<uint32_t>(d.seekers().embedding_dim())) {
    return mismatch("seeker embedding dimensions", h.seeker_embedding_dim,
                    d.seekers().embedding_dim());
  }
  if (h.vacancy_embedding_dim != static_cast<uint32_t>(d.vacancies().embedding_dim())) {
    return mismatch("vacancy embedding dimensions", h.vacancy_embedding_dim,
                    d.vacancies().embedding_dim());
  }
  return absl::OkStatus();
}

// Everything after the header has been read into memory.
absl::StatusOr<std::shared_ptr<const Dataset>> LoadPayload(const SnapshotHeader& h,
                                                           std::string_view payload,
                                                           absl::string_view source) {
  const uint64_t sum = Xxh3(payload);
  if (sum != h.payload_xxh3) {
    return absl::DataLossError(absl::StrFormat(
        "%s: payload checksum mismatch (XXH3-64 %016x, header says %016x): the file is corrupt",
        source, sum, h.payload_xxh3));
  }
  std::shared_ptr<const Dataset> d;
  if (auto s = DecodePayload(payload, h.format_version, d); !s.ok()) return Prefixed(source, s);
  if (auto s = CheckCounts(h, *d, source); !s.ok()) return s;
  return d;
}

SnapshotInfo MakeInfo(const SnapshotHeader& h, absl::string_view source, int64_t file_bytes) {
  SnapshotInfo info;
  info.path = std::string(source);
  info.format_version = h.format_version;
  info.library_version = absl::StrCat(h.lib_major, ".", h.lib_minor, ".", h.lib_patch);
  info.boost_archive_version = h.boost_archive_version;
  info.file_bytes = file_bytes;
  info.header_bytes = h.header_bytes;
  info.payload_bytes = static_cast<int64_t>(h.payload_bytes);
  info.payload_checksum = h.payload_xxh3;
  info.num_seekers = static_cast<int64_t>(h.num_seekers);
  info.num_vacancies = static_cast<int64_t>(h.num_vacancies);
  info.num_skills = static_cast<int32_t>(h.num_skills);
  info.num_industries = static_cast<int32_t>(h.num_industries);
  info.num_groups = static_cast<int32_t>(h.num_groups);
  info.seeker_embedding_dim = static_cast<int32_t>(h.seeker_embedding_dim);
  info.vacancy_embedding_dim = static_cast<int32_t>(h.vacancy_embedding_dim);
  return info;
}

// ------------------------------------------------------------- file I/O

// Opens a snapshot for reading: regular files only, refused before any
// read (a FIFO never blocks).
absl::StatusOr<FileReader> OpenForRead(const std::string& path) {
  FileReadOptions ro;
  ro.noun = "snapshot file";
  auto r = FileReader::Open(path, ro);
  if (r.status().code() == absl::StatusCode::kNotFound) {
    return absl::NotFoundError(absl::StrCat(path, ": no such snapshot file"));
  }
  return r;
}

// Reads exactly `n` bytes in chunks, reporting progress (short file = DataLoss).
absl::Status ReadFully(FileReader& file, char* dst, int64_t n, const ProgressFn& progress,
                       int64_t done_before, int64_t total) {
  int64_t got = 0;
  while (got < n) {
    const int64_t want = std::min<int64_t>(n - got, kIoChunk);
    JOBMATCH_RETURN_IF_ERROR(file.ReadExactly(dst + got, static_cast<size_t>(want)));
    got += want;
    if (progress && !progress(done_before + got, total)) {
      return absl::CancelledError(absl::StrCat(file.path(), ": load cancelled"));
    }
  }
  return absl::OkStatus();
}

absl::Status WriteFully(AtomicFileWriter& w, std::string_view bytes, const ProgressFn& progress,
                        int64_t& done, int64_t total) {
  while (!bytes.empty()) {
    const size_t want = static_cast<size_t>(std::min<int64_t>(bytes.size(), kIoChunk));
    JOBMATCH_RETURN_IF_ERROR(w.Write(bytes.substr(0, want)));
    bytes.remove_prefix(want);
    done += static_cast<int64_t>(want);
    if (progress && !progress(done, total)) {
      return absl::CancelledError(absl::StrCat(w.temporary_path(), ": save cancelled"));
    }
  }
  return absl::OkStatus();
}

SnapshotHeader HeaderFor(const Vocabulary& vocab, const SeekerTable& seekers,
                         const VacancyTable& vacancies, std::string_view payload) {
  SnapshotHeader h = CurrentHeader();
  h.payload_bytes = payload.size();
  h.payload_xxh3 = Xxh3(payload);
  h.num_seekers = static_cast<uint64_t>(seekers.size());
  h.num_vacancies = static_cast<uint64_t>(vacancies.size());
  h.num_skills = static_cast<uint32_t>(vocab.skills().size());
  h.num_industries = static_cast<uint32_t>(vocab.industries().size());
  h.num_groups = static_cast<uint32_t>(vocab.groups().size());
  h.seeker_embedding_dim = static_cast<uint32_t>(seekers.embedding_dim());
  h.vacancy_embedding_dim = static_cast<uint32_t>(vacancies.embedding_dim());
  return h;
}

}  // namespace
}  // namespace internal

// ---------------------------------------------------------------- public

using internal::kHeaderBytes;

absl::StatusOr<std::string> SaveSnapshotToString(const Vocabulary& vocabulary,
                                                 const SeekerTable& seekers,
                                                 const VacancyTable& vacancies,
                                                 const Policy& policy) {
  std::string payload;
  try {
    payload = internal::EncodePayload(vocabulary, seekers, vacancies, policy);
  } catch (const std::bad_alloc&) {
    return absl::ResourceExhaustedError("out of memory while encoding the snapshot");
  }
  const auto header =
      internal::EncodeHeader(internal::HeaderFor(vocabulary, seekers, vacancies, payload));
  std::string out(header.data(), header.size());
  out += payload;
  return out;
}

absl::Status SaveSnapshot(const std::string& path, const Vocabulary& vocabulary,
                          const SeekerTable& seekers, const VacancyTable& vacancies,
                          const Policy& policy, ProgressFn progress) {
  namespace fs = std::filesystem;
  const fs::path target(path);
  if (path.empty() || !target.has_filename()) {
    return absl::InvalidArgumentError(
        absl::StrCat("'", path, "': a snapshot path must name a file"));
  }
  // Only regular files are replaced: renaming over a device (/dev/null), a
  // pipe or a socket would replace the node itself, and writing into one in
  // place could not be crash-safe. Checked again when the file is created.
  if (struct stat st; ::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode)) {
    return absl::FailedPreconditionError(
        absl::StrCat(path, S_ISDIR(st.st_mode) ? ": is a directory" : ": is not a regular file",
                     "; snapshots are saved to regular files only"));
  }
  std::string payload;
  try {
    payload = internal::EncodePayload(vocabulary, seekers, vacancies, policy);
  } catch (const std::bad_alloc&) {
    return absl::ResourceExhaustedError(
        absl::StrCat(path, ": out of memory while encoding the snapshot"));
  }
  const auto header =
      internal::EncodeHeader(internal::HeaderFor(vocabulary, seekers, vacancies, payload));
  // Snapshots hold personal data: 0600.
  FileWriteOptions wo;
  wo.mode = kPersonalDataFileMode;
  wo.non_regular = NonRegularTarget::kRefuse;
  wo.what = "snapshot";
  JOBMATCH_ASSIGN_OR_RETURN(AtomicFileWriter w, AtomicFileWriter::Create(path, wo));
  const int64_t total = kHeaderBytes + static_cast<int64_t>(payload.size());
  int64_t done = 0;
  JOBMATCH_RETURN_IF_ERROR(internal::WriteFully(w, std::string_view(header.data(), header.size()),
                                                progress, done, total));
  JOBMATCH_RETURN_IF_ERROR(internal::WriteFully(w, payload, progress, done, total));
  return w.Commit();
}

absl::Status SaveSnapshot(const std::string& path, const Dataset& data, ProgressFn progress) {
  return SaveSnapshot(path, data.vocabulary(), data.seekers(), data.vacancies(), data.policy(),
                      std::move(progress));
}

absl::StatusOr<std::string> SaveSnapshotToString(const Dataset& data) {
  return SaveSnapshotToString(data.vocabulary(), data.seekers(), data.vacancies(), data.policy());
}

absl::StatusOr<std::shared_ptr<const Dataset>> LoadSnapshotFromBuffer(std::string_view bytes,
                                                                      std::string_view source_in) {
  const absl::string_view source = internal::Sv(source_in);
  auto h = internal::DecodeHeader(bytes, source_in);
  if (!h.ok()) return h.status();
  if (auto s = internal::CheckLength(*h, bytes.size(), source); !s.ok()) return s;
  return internal::LoadPayload(*h, bytes.substr(kHeaderBytes), source);
}

absl::StatusOr<std::shared_ptr<const Dataset>> LoadSnapshot(const std::string& path,
                                                            ProgressFn progress) {
  JOBMATCH_ASSIGN_OR_RETURN(FileReader file, internal::OpenForRead(path));
  const int64_t file_size = file.size();
  char head[kHeaderBytes];
  const int64_t head_n = std::min<int64_t>(file_size, kHeaderBytes);
  if (auto s = internal::ReadFully(file, head, head_n, {}, 0, 0); !s.ok()) return s;
  auto h = internal::DecodeHeader(std::string_view(head, static_cast<size_t>(head_n)), path);
  if (!h.ok()) return h.status();
  if (auto s = internal::CheckLength(*h, static_cast<uint64_t>(file_size), path); !s.ok()) return s;
  // The payload length now equals what the file holds: the allocation is
  // bounded by the file size.
  // Not zero-filled: read() overwrites every byte.
  std::unique_ptr<char[]> payload;
  const int64_t payload_n = static_cast<int64_t>(h->payload_bytes);
  try {
    payload = std::make_unique_for_overwrite<char[]>(static_cast<size_t>(payload_n));
  } catch (const std::bad_alloc&) {
    return absl::ResourceExhaustedError(
        absl::StrCat(path, ": out of memory reading ", h->payload_bytes, " payload bytes"));
  }
  if (auto s =
          internal::ReadFully(file, payload.get(), payload_n, progress, kHeaderBytes, file_size);
      !s.ok()) {
    return s;
  }
  return internal::LoadPayload(*h, std::string_view(payload.get(), static_cast<size_t>(payload_n)),
                               path);
}

absl::StatusOr<SnapshotInfo> InspectSnapshotBuffer(std::string_view bytes,
                                                   std::string_view source_in) {
  const absl::string_view source = internal::Sv(source_in);
  auto h = internal::DecodeHeader(bytes, source_in);
  if (!h.ok()) return h.status();
  SnapshotInfo info = internal::MakeInfo(*h, source, static_cast<int64_t>(bytes.size()));
  if (auto s = internal::CheckLength(*h, bytes.size(), source); !s.ok()) {
    info.payload_problem = std::string(s.message());
    return info;
  }
  const uint64_t sum = internal::Xxh3(bytes.substr(kHeaderBytes));
  info.payload_ok = sum == h->payload_xxh3;
  if (!info.payload_ok) {
    info.payload_problem =
        absl::StrFormat("%s: payload checksum mismatch (XXH3-64 %016x, header says %016x)", source,
                        sum, h->payload_xxh3);
  }
  return info;
}

absl::StatusOr<SnapshotInfo> InspectSnapshot(const std::string& path) {
  JOBMATCH_ASSIGN_OR_RETURN(FileReader file, internal::OpenForRead(path));
  const int64_t file_size = file.size();
  char head[kHeaderBytes];
  const int64_t head_n = std::min<int64_t>(file_size, kHeaderBytes);
  if (auto s = internal::ReadFully(file, head, head_n, {}, 0, 0); !s.ok()) return s;
  auto h = internal::DecodeHeader(std::string_view(head, static_cast<size_t>(head_n)), path);
  if (!h.ok()) return h.status();
  SnapshotInfo info = internal::MakeInfo(*h, path, file_size);
  if (auto s = internal::CheckLength(*h, static_cast<uint64_t>(file_size), path); !s.ok()) {
    info.payload_problem = std::string(s.message());
    return info;
  }
  // Stream the payload through the hash: no allocation of its size.
  XXH3_state_t* st = XXH3_createState();
  if (st == nullptr) return absl::ResourceExhaustedError("cannot allocate a hash state");
  XXH3_64bits_reset(st);
  std::string chunk(static_cast<size_t>(internal::kIoChunk), '\0');
  int64_t left = file_size - kHeaderBytes;
  absl::Status rs;
  while (left > 0 && rs.ok()) {
    const int64_t n = std::min<int64_t>(left, internal::kIoChunk);
    rs = internal::ReadFully(file, chunk.data(), n, {}, 0, 0);
    if (rs.ok()) XXH3_64bits_update(st, chunk.data(), static_cast<size_t>(n));
    left -= n;
  }
  const uint64_t sum = XXH3_64bits_digest(st);
  XXH3_freeState(st);
  if (!rs.ok()) return rs;
  info.payload_ok = sum == h->payload_xxh3;
  if (!info.payload_ok) {
    info.payload_problem =
        absl::StrFormat("%s: payload checksum mismatch (XXH3-64 %016x, header says %016x)", path,
                        sum, h->payload_xxh3);
  }
  return info;
}

std::string SnapshotInfo::ToString() const {
  std::string s;
  absl::StrAppendFormat(&s, "snapshot:        %s\n", path);
  absl::StrAppendFormat(&s, "format version:  %d (jobmatch %s, Boost archive %d)\n", format_version,
                        library_version, boost_archive_version);
  absl::StrAppendFormat(&s, "size:            %d bytes (header %d, payload %d declared)\n",
                        file_bytes, header_bytes, payload_bytes);
  absl::StrAppendFormat(&s, "seekers:         %d (embedding dimension %d)\n", num_seekers,
                        seeker_embedding_dim);
  absl::StrAppendFormat(&s, "vacancies:       %d (embedding dimension %d)\n", num_vacancies,
                        vacancy_embedding_dim);
  absl::StrAppendFormat(&s, "vocabulary:      %d skills, %d industries, %d key groups\n",
                        num_skills, num_industries, num_groups);
  absl::StrAppendFormat(&s, "checksum:        XXH3-64 %016x %s\n", payload_checksum,
                        payload_ok ? "OK" : "BAD");
  if (!payload_ok) absl::StrAppendFormat(&s, "problem:         %s\n", payload_problem);
  return s;
}

}  // namespace jobmatch
