// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// base/internal/text.h: the one number formatter of messages, UTF-8 and
// identifier checks.
#include "base/internal/text.h"

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <random>
#include <string>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace jobmatch::internal {
namespace {

TEST(FormatNumberTest, ShortestFormThatReadsBack) {
  EXPECT_EQ(FormatNumber(10.0000001), "10.0000001");
  EXPECT_EQ(FormatNumber(10.0), "10");
  EXPECT_EQ(FormatNumber(100000.0), "100000");
  EXPECT_EQ(FormatNumber(0.001), "0.001");
  EXPECT_EQ(FormatNumber(1e-7), "0.0000001");
  EXPECT_EQ(FormatNumber(1e-8), "1e-08");
  EXPECT_EQ(FormatNumber(1e300), "1e+300");
  EXPECT_EQ(FormatNumber(std::numeric_limits<double>::max()), "1.7976931348623157e+308");
  EXPECT_EQ(FormatNumber(std::numeric_limits<double>::infinity()), "inf");
  EXPECT_EQ(FormatNumber(-std::numeric_limits<double>::infinity()), "-inf");
  EXPECT_EQ(FormatNumber(std::nan("")), "nan");
  EXPECT_EQ(FormatNumber(0.99f), "0.99");  // not 0.9900000095367432
  EXPECT_EQ(FormatNumber(std::nextafter(10.0f, 11.0f)), "10.000001");
  EXPECT_EQ(FormatNumber(3.4e38f), "3.4e+38");
}

TEST(FormatNumberTest, RandomDoublesAndFloatsRoundTripAndStayShort) {
  std::mt19937_64 rng(7);
  for (int i = 0; i < 200000; ++i) {
    uint64_t bits = rng();
    double d;
    std::memcpy(&d, &bits, sizeof d);
    if (std::isnan(d)) continue;
    const std::string s = FormatNumber(d);
    EXPECT_LE(s.size(), 30u) << s;  // never hundreds of digits
    EXPECT_EQ(std::strtod(s.c_str(), nullptr), d) << s;
    uint32_t fbits = static_cast<uint32_t>(bits >> 7);
    float f;
    std::memcpy(&f, &fbits, sizeof f);
    if (std::isnan(f)) continue;
    const std::string t = FormatNumber(f);
    EXPECT_LE(t.size(), 30u) << t;
    EXPECT_EQ(std::strtof(t.c_str(), nullptr), f) << t;
  }
}

TEST(Utf8Test, FindsTheFirstInvalidByte) {
  EXPECT_EQ(FindInvalidUtf8("plain ascii"), std::string_view::npos);
  EXPECT_EQ(FindInvalidUtf8("青岛 ok"), std::string_view::npos);
  EXPECT_EQ(FindInvalidUtf8("\xf0\x9f\x98\x80"), std::string_view::npos);  // U+1F600
  EXPECT_EQ(FindInvalidUtf8("ab\xff"), 2u);
  EXPECT_EQ(FindInvalidUtf8("a\x80"), 1u);              // lone continuation byte
  EXPECT_EQ(FindInvalidUtf8("a\xc0\x80"), 1u);          // overlong NUL
  EXPECT_EQ(FindInvalidUtf8("a\xe0\x80\xaf"), 1u);      // overlong '/'
  EXPECT_EQ(FindInvalidUtf8("a\xed\xa0\x80"), 1u);      // surrogate U+D800
  EXPECT_EQ(FindInvalidUtf8("a\xf4\x90\x80\x80"), 1u);  // above U+10FFFF
  EXPECT_EQ(FindInvalidUtf8("ab\xe9\x9d"), 2u);         // cut short
  EXPECT_EQ(FindInvalidUtf8(std::string_view("a\0b", 3)), std::string_view::npos);  // NUL is UTF-8
}

TEST(IdentifierTest, Rules) {
  EXPECT_EQ(IdentifierProblem("migrant_worker"), "");
  EXPECT_EQ(IdentifierProblem("外来务工人员"), "");
  EXPECT_EQ(IdentifierProblem("two words"), "");
  EXPECT_EQ(IdentifierProblem(std::string(128, 'x')), "");
  EXPECT_EQ(IdentifierProblem(""), "must not be empty");
  EXPECT_EQ(IdentifierProblem(std::string(129, 'x')),
            "is 129 bytes long, more than the limit of 128");
  EXPECT_EQ(IdentifierProblem(" x"), "has leading or trailing white space");
  EXPECT_EQ(IdentifierProblem("x\t"), "contains the control character U+0009 (at byte 1)");
  EXPECT_EQ(IdentifierProblem("a;b"), "contains ';' (the list separator of the CSV files)");
  EXPECT_EQ(IdentifierProblem("a\xff"), "is not valid UTF-8 (at byte 1)");
  EXPECT_EQ(IdentifierProblem(std::string_view("a\0", 2)),
            "contains the control character U+0000 (at byte 1)");
  EXPECT_EQ(IdentifierProblem("a\x7f"), "contains the control character U+007F (at byte 1)");
  EXPECT_EQ(IdentifierProblem("a\xc2\x9f"), "contains the control character U+009F (at byte 1)");
  EXPECT_EQ(IdentifierProblem("a\xc2\xa0"), "");  // no-break space inside is text
}

TEST(QuoteTest, PrintableValidUtf8AndShort) {
  EXPECT_EQ(QuoteForMessage("veteran"), "'veteran'");
  EXPECT_EQ(QuoteForMessage("a\x01\xff\\b"), "'a\\x01\\xff\\x5cb'");
  EXPECT_EQ(QuoteForMessage(std::string(100, 'k')),
            absl::StrCat("'", std::string(80, 'k'), "...' (100 bytes)"));
  // Cut on a character boundary: 27 three-byte characters are 81 bytes.
  std::string cn;
  for (int i = 0; i < 27; ++i) cn += "岛";
  const std::string q = QuoteForMessage(cn);
  EXPECT_EQ(FindInvalidUtf8(q), std::string_view::npos);
  EXPECT_EQ(q.substr(0, 79), absl::StrCat("'", cn.substr(0, 78)));
  EXPECT_NE(q.find("...' (81 bytes)"), std::string::npos) << q;
  EXPECT_EQ(EscapeForMessage("last read: '\"a\x01'"), "last read: '\"a\\x01'");
}

}  // namespace
}  // namespace jobmatch::internal
