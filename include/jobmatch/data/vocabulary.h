// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// Vocabulary: maps names (UTF-8) to dense ids for skills, industries and
// key groups (重点群体). Ids are assigned in insertion order starting at 0 and
// never change, so ids in data tables stay valid as names are added.
//
// Key groups start with the built-in groups of the policy (below, ids 0..6);
// a policy file may declare more (at most kMaxGroups in all).
//
// Thread safety: const methods may be called concurrently; Add* must not run
// concurrently with anything else.
//
// Example:
//   jobmatch::Vocabulary vocab;
//   int32_t welding = vocab.AddSkill("welding");
//   std::optional<int32_t> g = vocab.FindGroup("veteran");  // built-in
#ifndef JOBMATCH_DATA_VOCABULARY_H_
#define JOBMATCH_DATA_VOCABULARY_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "jobmatch/data/types.h"

namespace jobmatch {

// Built-in key groups, in id order.
inline constexpr std::string_view kBuiltinGroups[] = {
    "graduate_youth",             // 高校毕业生等青年
    "veteran",                    // 退役军人
    "disabled",                   // 残疾人
    "rural_labour",               // 农村劳动力
    "hard_to_employ",             // 就业困难人员
    "zero_employment_household",  // 零就业家庭
    "older_worker",               // 大龄劳动者
};
inline constexpr int kNumBuiltinGroups = 7;

// One name <-> dense id table.
class NameTable {
 public:
  // Returns the id of `name`, adding it if new.
  int32_t Add(std::string_view name);
  std::optional<int32_t> Find(std::string_view name) const;
  const std::string& Name(int32_t id) const { return names_[id]; }
  int32_t size() const { return static_cast<int32_t>(names_.size()); }
  const std::vector<std::string>& names() const { return names_; }
  bool operator==(const NameTable& o) const { return names_ == o.names_; }

 private:
  std::vector<std::string> names_;
  absl::flat_hash_map<std::string, int32_t> ids_;
};

class Vocabulary {
 public:
  // Creates a vocabulary holding the built-in key groups only.
  Vocabulary();

  int32_t AddSkill(std::string_view name) { return skills_.Add(name); }
  int32_t AddIndustry(std::string_view name) { return industries_.Add(name); }
  // Adds a key group; fails when the name is empty or kMaxGroups is reached.
  absl::StatusOr<int32_t> AddGroup(std::string_view name);

  std::optional<int32_t> FindSkill(std::string_view n) const { return skills_.Find(n); }
  std::optional<int32_t> FindIndustry(std::string_view n) const { return industries_.Find(n); }
  std::optional<int32_t> FindGroup(std::string_view n) const { return groups_.Find(n); }

  const NameTable& skills() const { return skills_; }
  const NameTable& industries() const { return industries_; }
  const NameTable& groups() const { return groups_; }

  bool operator==(const Vocabulary& o) const = default;

 private:
  NameTable skills_;
  NameTable industries_;
  NameTable groups_;
};

}  // namespace jobmatch

#endif  // JOBMATCH_DATA_VOCABULARY_H_
