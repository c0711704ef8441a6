// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// Private: one immutable version of the live engine (engine.h).
//
// Each side (seekers, vacancies) is a base table, a small delta table and the
// set of removed ("dead") base rows; both tables are shared, never modified
// once published, so consecutive versions share everything an update did not
// touch. Export order = the live base rows in base order, then the delta rows
// in delta order. A Scorer is kept per (seeker part, vacancy part) pair
// ("cell"), on a Dataset sharing the version's vocabulary and policy and the
// two parts: an update recompiles only the cells of the parts it replaced.
#ifndef JOBMATCH_LIB_ENGINE_INTERNAL_ENGINE_INTERNAL_H_
#define JOBMATCH_LIB_ENGINE_INTERNAL_ENGINE_INTERNAL_H_

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "jobmatch/data/tables.h"
#include "jobmatch/data/vocabulary.h"
#include "jobmatch/policy/policy.h"
#include "jobmatch/scoring/scorer.h"

namespace jobmatch::internal {

// Removed rows of a base table.
struct Tombstones {
  std::vector<int64_t> rows;   // sorted ascending
  std::vector<uint64_t> bits;  // bit r set = row r removed; empty when rows is
  bool Contains(int64_t r) const {
    return !bits.empty() && ((bits[static_cast<size_t>(r >> 6)] >> (r & 63)) & 1) != 0;
  }
};

// Maps export-order rows of one side to (part, local row) and back:
// part 0 = base (minus dead rows), part 1 = delta.
struct RowMap {
  int64_t base_rows = 0;
  int64_t delta_rows = 0;
  const Tombstones* dead = nullptr;

  int64_t live_base() const { return base_rows - static_cast<int64_t>(dead->rows.size()); }
  int64_t size() const { return live_base() + delta_rows; }
  int64_t part_live(int part) const { return part == 0 ? live_base() : delta_rows; }
  std::pair<int, int64_t> Locate(int64_t row) const;
  int64_t Global(int part, int64_t local) const;
};

template <typename Table>
struct Side {
  std::shared_ptr<const Table> base;
  std::shared_ptr<const Table> delta;
  std::shared_ptr<const Tombstones> dead;
  int dim = -1;  // embedding dimension, fixed by the first row; -1 = not yet

  RowMap map() const { return RowMap{base->size(), delta->size(), dead.get()}; }
  const Table& part(int p) const { return p == 0 ? *base : *delta; }
  const std::shared_ptr<const Table>& part_ptr(int p) const { return p == 0 ? base : delta; }
  bool compact() const { return delta->size() == 0 && dead->rows.empty(); }
  // Export-order row of `id`, or nullopt.
  std::optional<int64_t> Find(std::string_view id) const {
    if (auto d = delta->Find(id)) return map().Global(1, *d);
    if (auto b = base->Find(id); b && !dead->Contains(*b)) return map().Global(0, *b);
    return std::nullopt;
  }
  std::vector<int64_t> LiveBaseRows() const {
    std::vector<int64_t> rows;
    rows.reserve(static_cast<size_t>(map().live_base()));
    for (int64_t r = 0; r < base->size(); ++r) {
      if (!dead->Contains(r)) rows.push_back(r);
    }
    return rows;
  }
};

struct EngineVersion {
  uint64_t sequence = 0;
  int64_t compactions = 0;
  std::shared_ptr<const Vocabulary> vocab;
  std::shared_ptr<const Policy> policy;
  Side<SeekerTable> seekers;
  Side<VacancyTable> vacancies;
  // [seeker part][vacancy part]: a Scorer on the Dataset of the two parts
  // (which it keeps alive); null when either part table has no rows.
  std::shared_ptr<const Scorer> cells[2][2];

  // Compacted form: a Scorer on the version's tables in export order, built
  // at most once (EngineView::Compacted).
  mutable std::once_flag compact_once;
  mutable absl::Status compact_status;
  mutable std::shared_ptr<const Scorer> compacted;

  bool compact() const { return seekers.compact() && vacancies.compact(); }
};

// The version's compacted Scorer, built on first use (thread-safe, once per
// version); null with *status set when building it failed.
const Scorer* CompactedOf(const EngineVersion& v, absl::Status* status);

}  // namespace jobmatch::internal

#endif  // JOBMATCH_LIB_ENGINE_INTERNAL_ENGINE_INTERNAL_H_
