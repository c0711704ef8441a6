// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// White-box tests of the column-level access the library uses
// (lib/data/internal/table_access.h).
#include "data/internal/table_access.h"

#include <cstdint>
#include <vector>

#include "gtest/gtest.h"
#include "testing/test_util.h"

namespace jobmatch {
namespace {

using ::jobmatch::internal::TableAccess;
using ::jobmatch::testing::RandomInstance;

TEST(TableAccessTest, AppendRowsFromCopiesVerbatimAllOrNothing) {
  auto inst = RandomInstance(
      3, {.num_seekers = 30, .num_vacancies = 20, .embedding_dim = 5, .coarse = false});
  SeekerTable t;
  const std::vector<int64_t> rows = {1, 4, 5, 20};
  ASSERT_TRUE(TableAccess::AppendRowsFrom(t, inst->seekers, rows).ok());
  ASSERT_EQ(t.size(), 4);
  for (int i = 0; i < 4; ++i)
    EXPECT_EQ(t.Get(i), inst->seekers.Get(rows[i]));  // bit-exact embeddings
  EXPECT_EQ(t.Find(inst->seekers.ids()[5]), 2);
  // Already present: refused, unchanged.
  const std::vector<int64_t> again = {2, 5};
  EXPECT_FALSE(TableAccess::AppendRowsFrom(t, inst->seekers, again).ok());
  EXPECT_EQ(t.size(), 4);
  const std::vector<int64_t> unsorted = {8, 7};
  EXPECT_FALSE(TableAccess::AppendRowsFrom(t, inst->seekers, unsorted).ok());
  EXPECT_EQ(t.size(), 4);
  VacancyTable v;
  const std::vector<int64_t> vr = {0, 19};
  ASSERT_TRUE(TableAccess::AppendRowsFrom(v, inst->vacancies, vr).ok());
  EXPECT_EQ(v.Get(1), inst->vacancies.Get(19));
  EXPECT_EQ(v.total_openings(), inst->vacancies.openings()[0] + inst->vacancies.openings()[19]);
}

}  // namespace
}  // namespace jobmatch
