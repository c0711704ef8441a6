// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// The quota syntax (policy/quota_spec.h): what it accepts, and that it
// refuses every number form CSV and JSON refuse.
#include "jobmatch/policy/quota_spec.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace jobmatch {
namespace {

std::string Msg(const absl::Status& s) { return std::string(s.message()); }

TEST(ParseQuotaSpec, AcceptsGroupsShareAndKinds) {
  auto q = ParseQuotaSpec("graduate_youth+veteran:0.25:trainee+gig", "q1");
  ASSERT_TRUE(q.ok()) << q.status();
  EXPECT_EQ(q->name, "q1");
  EXPECT_EQ(q->groups, (std::vector<std::string>{"graduate_youth", "veteran"}));
  EXPECT_EQ(q->kinds, (std::vector<VacancyKind>{VacancyKind::kTrainee, VacancyKind::kGig}));
  EXPECT_EQ(q->share, 0.25f);
  auto r = ParseQuotaSpec("disabled:1", "n");
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->kinds.empty());
  EXPECT_EQ(r->share, 1.0f);
  for (const char* ok : {"a:0", "a:1e-1", "a:.5", "a:0.5:", "a++b:0.5:+regular+", "a:5E-1"}) {
    EXPECT_TRUE(ParseQuotaSpec(ok, "n").ok()) << ok;
  }
}

TEST(ParseQuotaSpec, RefusesWhatCsvAndJsonRefuse) {
  for (const char* bad :
       {"a:0x1p-1", "a:0X.8p0", "a:inf", "a:-inf", "a:nan", "a:NaN", "a:infinity", "a:+0.5",
        "a: 0.5", "a:0.5 ", "a:", "a:1.5", "a:-0.1", "a:1e999", "a:0,5", "a:½", "a:0.5x"}) {
    const auto q = ParseQuotaSpec(bad, "n");
    EXPECT_EQ(q.status().code(), absl::StatusCode::kInvalidArgument) << bad;
    EXPECT_THAT(Msg(q.status()), ::testing::HasSubstr("share must be a number in [0, 1]")) << bad;
  }
}

TEST(ParseQuotaSpec, MessagesNameTheSpecAndTheSyntax) {
  EXPECT_EQ(ParseQuotaSpec("veteran", "n").status().message(),
            "'veteran': wrong number of ':' fields (expected GROUP[+GROUP]:SHARE[:KIND[+KIND]])");
  EXPECT_EQ(ParseQuotaSpec("a:0.1:b:c", "n").status().message(),
            "'a:0.1:b:c': wrong number of ':' fields (expected GROUP[+GROUP]:SHARE[:KIND[+KIND]])");
  EXPECT_EQ(ParseQuotaSpec("+:0.5", "n").status().message(),
            "'+:0.5': no group (expected GROUP[+GROUP]:SHARE[:KIND[+KIND]])");
  EXPECT_EQ(
      ParseQuotaSpec("a:0.5:spaceship", "n").status().message(),
      "'a:0.5:spaceship': unknown kind 'spaceship' (expected GROUP[+GROUP]:SHARE[:KIND[+KIND]])");
}

// Control bytes and bytes that are not UTF-8 are never echoed raw (a terminal
// would act on an ESC sequence): every byte below 0x20, DEL and 0x80..0xff,
// in the spec and in a kind name.
TEST(ParseQuotaSpec, MessagesNeverEchoControlOrNonUtf8Bytes) {
  for (int b = 0; b < 256; ++b) {
    if (b >= 0x20 && b < 0x7f) continue;
    const std::string c(1, static_cast<char>(b));
    for (const std::string& spec : {"v" + c + ":2", "v:0.5:k" + c, c + ":x"}) {
      const absl::Status st = ParseQuotaSpec(spec, "n").status();
      ASSERT_FALSE(st.ok()) << b;
      for (char ch : st.message()) {
        EXPECT_TRUE(static_cast<unsigned char>(ch) >= 0x20 && static_cast<unsigned char>(ch) < 0x7f)
            << "byte " << b << " in " << st.message();
      }
    }
  }
}

}  // namespace
}  // namespace jobmatch
