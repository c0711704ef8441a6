// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
#include "jobmatch/data/vocabulary.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "base/internal/absl_compat.h"

namespace jobmatch {

int32_t NameTable::Add(std::string_view name) {
  auto [it, inserted] = ids_.try_emplace(std::string(name), static_cast<int32_t>(names_.size()));
  if (inserted) names_.emplace_back(name);
  return it->second;
}

std::optional<int32_t> NameTable::Find(std::string_view name) const {
  auto it = ids_.find(internal::Sv(name));
  if (it == ids_.end()) return std::nullopt;
  return it->second;
}

Vocabulary::Vocabulary() {
  for (std::string_view g : kBuiltinGroups) groups_.Add(g);
}

absl::StatusOr<int32_t> Vocabulary::AddGroup(std::string_view name) {
  if (name.empty()) return absl::InvalidArgumentError("empty key-group name");
  if (auto id = groups_.Find(name)) return *id;
  if (groups_.size() >= kMaxGroups) {
    return absl::ResourceExhaustedError(absl::StrCat("cannot add key group '", internal::Sv(name),
                                                     "': at most ", kMaxGroups, " groups"));
  }
  return groups_.Add(name);
}

}  // namespace jobmatch
