// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// Dense top-k against brute force: every inner product computed one pair at
// a time with the active kernel's Dot (the sequential accumulation the tiled
// kernel promises to reproduce exactly) and in double precision, then sorted
// by (value desc, index asc).
#include "jobmatch/search/dense_topk.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "scoring/internal/score_kernel.h"

namespace jobmatch {
namespace {

constexpr float kNegInf = -std::numeric_limits<float>::infinity();

RowMatrixXf Random(int64_t rows, int cols, std::mt19937& rng, bool integers) {
  RowMatrixXf m(rows, cols);
  std::uniform_real_distribution<float> u(-1.0f, 1.0f);
  std::uniform_int_distribution<int> small(-2, 2);
  for (int64_t i = 0; i < rows; ++i) {
    for (int j = 0; j < cols; ++j) m(i, j) = integers ? static_cast<float>(small(rng)) : u(rng);
  }
  return m;
}

// Sorted (value desc, index asc), -inf dropped, padded to k.
void BruteRow(std::vector<std::pair<float, int64_t>> all, int k, int64_t* index, float* score) {
  all.erase(
      std::remove_if(all.begin(), all.end(), [](const auto& p) { return p.first == kNegInf; }),
      all.end());
  std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) {
    return a.first > b.first || (a.first == b.first && a.second < b.second);
  });
  for (int j = 0; j < k; ++j) {
    index[j] = j < static_cast<int>(all.size()) ? all[j].second : -1;
    score[j] = j < static_cast<int>(all.size()) ? all[j].first : kNegInf;
  }
}

DenseTopKResult BruteInnerProduct(const RowMatrixXf& q, const RowMatrixXf& x, int k) {
  const auto& kern = internal::ActiveKernels();
  DenseTopKResult r;
  r.rows = q.rows();
  r.k = k;
  r.index.resize(q.rows() * k);
  r.score.resize(q.rows() * k);
  for (int64_t i = 0; i < q.rows(); ++i) {
    std::vector<std::pair<float, int64_t>> all;
    for (int64_t j = 0; j < x.rows(); ++j) {
      all.emplace_back(kern.dot(q.row(i).data(), x.row(j).data(), static_cast<int>(q.cols())), j);
    }
    BruteRow(std::move(all), k, r.index.data() + i * k, r.score.data() + i * k);
  }
  return r;
}

struct Shape {
  int64_t nq, ni;
  int d, k, threads;
  bool integers;  // small integer coordinates: exact values, many ties
};

class InnerProductTest : public ::testing::TestWithParam<Shape> {};

TEST_P(InnerProductTest, EqualsBruteForce) {
  const Shape s = GetParam();
  std::mt19937 rng(static_cast<uint32_t>(s.nq * 131 + s.ni * 7 + s.d + s.k));
  const RowMatrixXf q = Random(s.nq, s.d, rng, s.integers);
  const RowMatrixXf x = Random(s.ni, s.d, rng, s.integers);
  DenseTopKOptions o;
  o.k = s.k;
  o.num_threads = s.threads;
  auto got = TopKInnerProduct(q, x, o);
  ASSERT_TRUE(got.ok()) << got.status();
  const DenseTopKResult want = BruteInnerProduct(q, x, s.k);
  ASSERT_EQ(got->rows, s.nq);
  ASSERT_EQ(got->k, s.k);
  EXPECT_EQ(got->index, want.index);
  for (size_t i = 0; i < want.score.size(); ++i) {
    ASSERT_EQ(got->score[i], want.score[i]) << "entry " << i;  // bit for bit
  }
  // Independent of the kernel: each returned value is the inner product.
  for (int64_t i = 0; i < s.nq; ++i) {
    for (int j = 0; j < s.k; ++j) {
      const int64_t item = got->index[i * s.k + j];
      if (item < 0) continue;
      const double exact = q.row(i).cast<double>().dot(x.row(item).cast<double>());
      EXPECT_NEAR(got->score[i * s.k + j], exact, 1e-5 * (1 + s.d));
    }
  }
}

INSTANTIATE_TEST_SUITE_P(
    Shapes, InnerProductTest,
    ::testing::Values(Shape{1, 1, 1, 1, 1, false},
                      Shape{3, 5, 4, 10, 1, false},  // k > items: padding
                      Shape{7, 61, 3, 5, 2, false}, Shape{100, 1000, 17, 10, 3, false},
                      Shape{1500, 300, 64, 20, 2, false}, Shape{70, 500, 8, 7, 4, true},
                      Shape{2100, 130, 5, 3, 3, true}, Shape{33, 257, 130, 1, 2, false},
                      Shape{64, 2000, 24, 50, 1, true}),
    // Readable, deterministic test names (the default prints the struct's bytes, padding included).
    [](const ::testing::TestParamInfo<Shape>& info) {
      const Shape& s = info.param;
      char name[96];
      std::snprintf(name, sizeof(name), "q%lld_i%lld_d%d_k%d_t%d%s", static_cast<long long>(s.nq),
                    static_cast<long long>(s.ni), s.d, s.k, s.threads, s.integers ? "_int" : "");
      return std::string(name);
    });

TEST(DenseTopKTest, ResultsDoNotDependOnThreads) {
  std::mt19937 rng(5);
  const RowMatrixXf q = Random(900, 16, rng, true);
  const RowMatrixXf x = Random(700, 16, rng, true);
  DenseTopKOptions o;
  o.k = 12;
  o.num_threads = 1;
  auto one = TopKInnerProduct(q, x, o);
  ASSERT_TRUE(one.ok());
  for (int t : {2, 3, 8}) {
    o.num_threads = t;
    auto many = TopKInnerProduct(q, x, o);
    ASSERT_TRUE(many.ok());
    EXPECT_EQ(many->index, one->index) << t << " threads";
    EXPECT_EQ(many->score, one->score) << t << " threads";
  }
}

TEST(DenseTopKTest, StridedViewsAreReadInPlace) {
  std::mt19937 rng(9);
  const RowMatrixXf wide_q = Random(50, 40, rng, false);
  const RowMatrixXf wide_x = Random(90, 40, rng, false);
  // The first 24 columns of each: a view with row stride 40, no copy.
  Eigen::Map<const RowMatrixXf, 0, Eigen::OuterStride<>> q(wide_q.data(), 50, 24,
                                                           Eigen::OuterStride<>(40));
  Eigen::Map<const RowMatrixXf, 0, Eigen::OuterStride<>> x(wide_x.data(), 90, 24,
                                                           Eigen::OuterStride<>(40));
  DenseTopKOptions o;
  o.k = 6;
  std::vector<int64_t> index(50 * 6);
  std::vector<float> score(50 * 6);
  ASSERT_TRUE(TopKInnerProductInto(q, x, o, index.data(), score.data()).ok());
  const RowMatrixXf qc = q, xc = x;
  const DenseTopKResult want = BruteInnerProduct(qc, xc, 6);
  EXPECT_EQ(index, want.index);
  EXPECT_EQ(score, want.score);
}

TEST(DenseTopKTest, RefusesBadInput) {
  RowMatrixXf q = RowMatrixXf::Ones(3, 4), x = RowMatrixXf::Ones(5, 4),
              x3 = RowMatrixXf::Ones(5, 3);
  DenseTopKOptions o;
  o.k = 0;
  EXPECT_EQ(TopKInnerProduct(q, x, o).status().code(), absl::StatusCode::kInvalidArgument);
  o.k = 2;
  auto mismatch = TopKInnerProduct(q, x3, o);
  EXPECT_EQ(mismatch.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(std::string(mismatch.status().message()).find("dimension"), std::string::npos);
  x(3, 2) = std::numeric_limits<float>::quiet_NaN();
  auto nan = TopKInnerProduct(q, x, o);
  EXPECT_EQ(nan.status().message(), "items: non-finite value at row 3, column 2");
  x(3, 2) = 1.0f;
  q(1, 0) = std::numeric_limits<float>::infinity();
  EXPECT_EQ(TopKInnerProduct(q, x, o).status().message(),
            "queries: non-finite value at row 1, column 0");
  RowMatrixXf s = RowMatrixXf::Zero(2, 3);
  s(1, 1) = std::numeric_limits<float>::quiet_NaN();
  EXPECT_EQ(TopKRows(s, o).status().message(), "scores: NaN at row 1, column 1");
}

// Products that can overflow are refused; just below the bound every item
// is ranked (none drops out as -inf or NaN), on both kernels' data paths.
TEST(DenseTopKTest, InnerProductsThatCanOverflowAreRefusedNeverDropped) {
  DenseTopKOptions o;
  o.k = 2;
  RowMatrixXf q(1, 1), x(2, 1);
  q << 1e30f;
  x << -1e30f, 1.0f;
  auto r = TopKInnerProduct(q, x, o);
  ASSERT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(std::string(r.status().message()).find("can overflow float32"), std::string::npos)
      << r.status();
  // Random large inputs on either side of the bound: accepted ones return
  // min(k, items) finite entries per query.
  std::mt19937_64 rng(5);
  int accepted = 0, refused = 0;
  for (int t = 0; t < 300; ++t) {
    const int d = 1 + static_cast<int>(rng() % 40), nq = 1 + static_cast<int>(rng() % 5),
              ni = 1 + static_cast<int>(rng() % 50);
    const float scale = std::ldexp(1.0f, 50 + static_cast<int>(rng() % 30));
    std::uniform_real_distribution<float> u(-1.0f, 1.0f);
    RowMatrixXf qq(nq, d), xx(ni, d);
    for (int i = 0; i < qq.size(); ++i) qq.data()[i] = u(rng) * scale;
    for (int i = 0; i < xx.size(); ++i) xx.data()[i] = u(rng) * scale;
    o.k = 1 + static_cast<int>(rng() % 60);
    auto res = TopKInnerProduct(qq, xx, o);
    if (!res.ok()) {
      ++refused;
      continue;
    }
    ++accepted;
    for (int i = 0; i < nq; ++i) {
      for (int j = 0; j < o.k; ++j) {
        const bool present = j < std::min(o.k, ni);
        EXPECT_EQ(res->index[i * o.k + j] >= 0, present) << "trial " << t;
        if (present) {
          EXPECT_TRUE(std::isfinite(res->score[i * o.k + j])) << "trial " << t;
        }
      }
    }
  }
  EXPECT_GT(accepted, 50);
  EXPECT_GT(refused, 50);
}

TEST(DenseTopKTest, ProgressStartsAtZeroAndCanCancel) {
  RowMatrixXf q = RowMatrixXf::Ones(10, 4), x = RowMatrixXf::Ones(20, 4);
  DenseTopKOptions o;
  o.k = 3;
  std::vector<std::pair<int64_t, int64_t>> calls;
  o.progress = [&](int64_t done, int64_t total) {
    calls.emplace_back(done, total);
    return true;
  };
  ASSERT_TRUE(TopKInnerProduct(q, x, o).ok());
  ASSERT_GE(calls.size(), 2u);
  EXPECT_EQ(calls.front(), std::make_pair(int64_t{0}, int64_t{10}));
  EXPECT_EQ(calls.back(), std::make_pair(int64_t{10}, int64_t{10}));
  o.progress = [](int64_t, int64_t) { return false; };
  EXPECT_EQ(TopKInnerProduct(q, x, o).status().code(), absl::StatusCode::kCancelled);
  EXPECT_EQ(TopKRows(q, o).status().code(), absl::StatusCode::kCancelled);
}

TEST(DenseTopKTest, RowsEqualBruteForceWithTiesAndMissingEntries) {
  for (int seed = 0; seed < 12; ++seed) {
    std::mt19937 rng(seed);
    const int64_t rows = 1 + seed * 37 % 200, cols = 1 + seed * 211 % 1500;
    const int k = 1 + seed * 7 % 40;
    RowMatrixXf s(rows, cols);
    std::uniform_int_distribution<int> v(-6, 6);
    std::bernoulli_distribution missing(seed % 3 == 0 ? 0.97 : 0.2);
    for (int64_t i = 0; i < rows; ++i) {
      for (int64_t j = 0; j < cols; ++j) {
        s(i, j) = missing(rng)
                      ? kNegInf
                      : (seed % 2 ? static_cast<float>(v(rng)) : v(rng) * 0.37f + 0.01f * j);
      }
    }
    if (seed == 5) s(0, 0) = std::numeric_limits<float>::infinity();  // +inf is an ordinary value
    DenseTopKOptions o;
    o.k = k;
    o.num_threads = 1 + seed % 4;
    auto got = TopKRows(s, o);
    ASSERT_TRUE(got.ok()) << got.status();
    std::vector<int64_t> index(rows * k);
    std::vector<float> score(rows * k);
    for (int64_t i = 0; i < rows; ++i) {
      std::vector<std::pair<float, int64_t>> all;
      for (int64_t j = 0; j < cols; ++j) all.emplace_back(s(i, j), j);
      BruteRow(std::move(all), k, index.data() + i * k, score.data() + i * k);
    }
    EXPECT_EQ(got->index, index) << "seed " << seed;
    EXPECT_EQ(got->score, score) << "seed " << seed;
  }
}

TEST(DenseTopKTest, EmptyInputs) {
  DenseTopKOptions o;
  o.k = 4;
  auto none = TopKInnerProduct(RowMatrixXf(0, 8), RowMatrixXf::Ones(3, 8), o);
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(none->rows, 0);
  auto no_items = TopKInnerProduct(RowMatrixXf::Ones(2, 8), RowMatrixXf(0, 8), o);
  ASSERT_TRUE(no_items.ok());
  EXPECT_EQ(no_items->index, std::vector<int64_t>(8, -1));
  // A dimension of 0 is refused by name (not by a stride message).
  auto no_dim = TopKInnerProduct(RowMatrixXf(2, 0), RowMatrixXf(3, 0), o);
  EXPECT_EQ(no_dim.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(std::string(no_dim.status().message()).find("dimension must be in 1.."),
            std::string::npos)
      << no_dim.status();
  auto no_cols = TopKRows(RowMatrixXf(3, 0), o);
  ASSERT_TRUE(no_cols.ok());
  EXPECT_EQ(no_cols->index, std::vector<int64_t>(12, -1));
}

}  // namespace
}  // namespace jobmatch
