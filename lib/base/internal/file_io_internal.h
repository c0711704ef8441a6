// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// Private: test hooks of base/file_io.cc and the name scheme of temporaries.
#ifndef JOBMATCH_LIB_BASE_INTERNAL_FILE_IO_INTERNAL_H_
#define JOBMATCH_LIB_BASE_INTERNAL_FILE_IO_INTERNAL_H_

#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace jobmatch::internal {

// The steps of AtomicFileWriter (kWrite before every write(2) call) and of
// FileReader (kRead before every read(2) call).
enum class FileStep { kCreateTemp, kWrite, kFsyncFile, kClose, kRename, kFsyncDir, kRead };
std::string_view FileStepName(FileStep s);

// Returned by a hook at kWrite: the write(2) call writes only half of what it
// was asked (at least one byte), as a full disk or a signal can make it do.
inline constexpr int kInjectShortWrite = -1;

// Called before each step; a positive return value makes that step fail as
// if its system call had failed with that errno (EIO, ENOSPC, ...), 0 lets
// it run, kInjectShortWrite shortens a write. Tests only; not thread-safe;
// pass {} to remove. Process-wide: covers every writer and reader.
void SetFileIoFailHookForTesting(std::function<int(FileStep)> hook);

// ".NAME.tmp-" : every temporary of target NAME starts with this.
std::string TemporaryPrefix(std::string_view target_name);
// The owner pid written in a temporary's name (".NAME.tmp-PID-XXXXXX"), or
// nullopt when the name does not have that form (e.g. an older release's
// ".NAME.tmp-XXXXXX").
std::optional<long> TemporaryOwnerPid(std::string_view entry, std::string_view target_name);

}  // namespace jobmatch::internal

#endif  // JOBMATCH_LIB_BASE_INTERNAL_FILE_IO_INTERNAL_H_
