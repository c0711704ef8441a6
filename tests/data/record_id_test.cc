// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// What a record id (seeker, vacancy, household, employer) may contain
// (docs/data_formats.md, "Identifiers"), tested as a class: thousands of
// generated ids built from pieces whose effect is known by construction
// (the oracle), through every way data enters — Append, the CSV reader and a
// snapshot round trip — which must all agree. Sensitive ids (household) never
// appear in a message.
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "jobmatch/data/tables.h"
#include "jobmatch/data/vocabulary.h"
#include "jobmatch/dataset/dataset.h"
#include "jobmatch/io/csv.h"
#include "jobmatch/policy/policy.h"
#include "jobmatch/snapshot/snapshot.h"

namespace jobmatch {
namespace {

// A piece of an id and what it does to the id's validity.
enum class Effect {
  kFine,       // allowed anywhere
  kBad,        // refused anywhere (invalid UTF-8, control, invisible)
  kBadAtEdge,  // white space: refused as the first or last piece only
  kNotNfc,     // not in normalisation form NFC
};
struct Piece {
  std::string bytes;
  Effect effect;
};

const std::vector<Piece>& Pieces() {
  static const std::vector<Piece> kPieces = {
      {"S", Effect::kFine},
      {"07", Effect::kFine},
      {"-", Effect::kFine},
      {"张", Effect::kFine},
      {"崂山", Effect::kFine},
      {"\xc3\xa9", Effect::kFine},          // é, composed (NFC)
      {"\xc3\x85", Effect::kFine},          // Å, composed
      {"\xea\xb0\x80", Effect::kFine},      // 가, a Hangul syllable (NFC)
      {"\xf0\x9f\x98\x80", Effect::kFine},  // an emoji (4 bytes)
      {"_x", Effect::kFine},
      {"e\xcc\x81", Effect::kNotNfc},                 // e + combining acute (NFD é)
      {"\xe2\x84\xab", Effect::kNotNfc},              // U+212B ANGSTROM SIGN (NFC: U+00C5)
      {"\xe1\x84\x80\xe1\x85\xa1", Effect::kNotNfc},  // Hangul jamo that compose to 가
      {" ", Effect::kBadAtEdge},
      {"\xc2\xa0", Effect::kBadAtEdge},      // no-break space
      {"\xe3\x80\x80", Effect::kBadAtEdge},  // ideographic space
      {std::string("\0", 1), Effect::kBad},
      {"\x1b[31m", Effect::kBad},  // ESC: a terminal escape
      {"\x07", Effect::kBad},      // BEL
      {"\t", Effect::kBad},
      {"\x7f", Effect::kBad},
      {"\xc2\x85", Effect::kBad},      // U+0085 NEXT LINE (C1 control)
      {"\xef\xbb\xbf", Effect::kBad},  // U+FEFF byte order mark
      {"\xe2\x80\x8b", Effect::kBad},  // U+200B zero width space
      {"\xe2\x80\xae", Effect::kBad},  // U+202E right-to-left override
      {"\xc2\xad", Effect::kBad},      // U+00AD soft hyphen
      {"\xff", Effect::kBad},          // never valid in UTF-8
      {"\xc0\xaf", Effect::kBad},      // overlong '/'
      {"\xed\xa0\x80", Effect::kBad},  // a UTF-16 surrogate
      {"\xe5\xb4", Effect::kBad},      // truncated sequence
  };
  return kPieces;
}

struct GeneratedId {
  std::string id;
  bool valid = true;
};

GeneratedId MakeId(std::mt19937_64& rng, bool allow_long) {
  const auto& pieces = Pieces();
  std::uniform_int_distribution<size_t> pick(0, pieces.size() - 1);
  std::uniform_int_distribution<int> len(1, 5);
  const int n = len(rng);
  GeneratedId g;
  // Mostly fine pieces, so that valid ids are common too.
  std::bernoulli_distribution fine(0.75);
  for (int i = 0; i < n; ++i) {
    const Piece* p = &pieces[pick(rng)];
    if (fine(rng)) {
      while (p->effect != Effect::kFine) p = &pieces[pick(rng)];
    }
    g.id += p->bytes;
    if (p->effect == Effect::kBad || p->effect == Effect::kNotNfc) g.valid = false;
    if (p->effect == Effect::kBadAtEdge && (i == 0 || i == n - 1)) g.valid = false;
  }
  if (allow_long && std::bernoulli_distribution(0.05)(rng)) {
    g.id += std::string(300, 'L');  // over the 256-byte limit
    g.valid = false;
  }
  return g;
}

Seeker MakeSeeker(std::string id, std::string household) {
  Seeker s;
  s.id = std::move(id);
  s.household_id = std::move(household);
  s.lat = 36.0;
  s.lon = 120.0;
  return s;
}

// CSV text of one seeker; fields quoted (RFC 4180) so that any byte fits.
std::string SeekerCsv(const std::string& id, const std::string& household) {
  auto quote = [](const std::string& v) {
    std::string out = "\"";
    for (char c : v) {
      if (c == '"') out += '"';
      out += c;
    }
    return out + "\"";
  };
  return absl::StrCat("id,household_id,lat,lon\n", quote(id), ",", quote(household), ",36,120\n");
}

bool AppendAccepts(const Seeker& s) {
  Vocabulary vocab;
  SeekerTable t;
  const absl::Status st = t.Append({s}, vocab);
  if (!st.ok()) {
    EXPECT_EQ(t.size(), 0) << "a refused append changed the table";
  }
  return st.ok();
}

TEST(RecordIdTest, EveryEntryPathAgreesWithTheRuleOnGeneratedIds) {
  std::mt19937_64 rng(20261204);
  int valid = 0, invalid = 0;
  for (int i = 0; i < 3000; ++i) {
    const GeneratedId g = MakeId(rng, true);
    SCOPED_TRACE(::testing::PrintToString(g.id));
    // As a seeker id.
    EXPECT_EQ(AppendAccepts(MakeSeeker(g.id, "")), g.valid);
    {
      Vocabulary vocab;
      auto rows = ParseSeekersCsv(SeekerCsv(g.id, ""), "seekers.csv", vocab);
      EXPECT_EQ(rows.ok(), g.valid) << rows.status();
      if (!rows.ok()) {
        EXPECT_THAT(std::string(rows.status().message()),
                    ::testing::StartsWith("seekers.csv:2: column 'id': "));
      }
    }
    // As a household id (sensitive): the same rule, and never echoed.
    const GeneratedId h = MakeId(rng, false);
    Vocabulary vocab;
    auto rows = ParseSeekersCsv(SeekerCsv("S1", h.id), "seekers.csv", vocab);
    SeekerTable t;
    const absl::Status append = t.Append({MakeSeeker("S1", h.id)}, vocab);
    EXPECT_EQ(rows.ok(), h.valid) << rows.status();
    EXPECT_EQ(append.ok(), h.valid) << append;
    for (const absl::Status& st : {rows.status(), append}) {
      if (st.ok() || h.id.size() < 5) continue;
      const std::string m(st.message());
      EXPECT_EQ(m.find(h.id), std::string::npos) << m;
    }
    (g.valid ? valid : invalid)++;
  }
  // Both outcomes are well represented.
  EXPECT_GT(valid, 500);
  EXPECT_GT(invalid, 500);
}

TEST(RecordIdTest, ComposedAndDecomposedSpellingsCannotBeTwoPeople) {
  Vocabulary vocab;
  SeekerTable t;
  ASSERT_TRUE(t.Append({MakeSeeker("Jos\xc3\xa9", "")}, vocab).ok());
  const absl::Status st = t.Append({MakeSeeker("Jose\xcc\x81", "")}, vocab);
  ASSERT_FALSE(st.ok());
  EXPECT_THAT(std::string(st.message()), ::testing::HasSubstr("normalisation form NFC"));
  EXPECT_EQ(t.size(), 1);
}

TEST(RecordIdTest, MessagesNameTheProblemWithoutRawControlBytes) {
  Vocabulary vocab;
  auto rows = ParseSeekersCsv(SeekerCsv("S\x1b[2J", ""), "seekers.csv", vocab);
  ASSERT_FALSE(rows.ok());
  const std::string m(rows.status().message());
  EXPECT_EQ(m.find('\x1b'), std::string::npos) << "raw ESC in the message";
  EXPECT_THAT(m, ::testing::HasSubstr("control character U+001B"));
  auto nul = ParseSeekersCsv(SeekerCsv(std::string("S\0T", 3), ""), "seekers.csv", vocab);
  ASSERT_FALSE(nul.ok());
  EXPECT_EQ(std::string(nul.status().message()).find('\0'), std::string::npos);
}

TEST(RecordIdTest, VacancyAndEmployerIdsFollowTheSameRule) {
  std::mt19937_64 rng(7);
  for (int i = 0; i < 500; ++i) {
    const GeneratedId g = MakeId(rng, false);
    SCOPED_TRACE(::testing::PrintToString(g.id));
    Vacancy v;
    v.id = g.id;
    v.lat = 36.0;
    v.lon = 120.0;
    Vocabulary vocab;
    vocab.AddIndustry("logistics");  // industry id 0
    VacancyTable t;
    const absl::Status st = t.Append({v}, vocab);
    EXPECT_EQ(st.ok(), g.valid) << st;
    v.id = "V1";
    v.employer_id = g.id;
    VacancyTable t2;
    EXPECT_EQ(t2.Append({v}, vocab).ok(), g.valid);
  }
}

TEST(RecordIdTest, AreaNamesRefuseControlCharactersAndByteOrderMarks) {
  Vocabulary vocab;
  for (const std::string& bad : {std::string("崂山\x1b"), std::string("\xef\xbb\xbf崂山区"),
                                 std::string("a\0b", 3), std::string(1100, 'x')}) {
    Seeker s = MakeSeeker("S1", "");
    s.area.district = bad;
    SeekerTable t;
    EXPECT_FALSE(t.Append({s}, vocab).ok()) << ::testing::PrintToString(bad);
  }
  Seeker s = MakeSeeker("S1", "");
  s.area = Area{"崂山区", "中韩街道", " 株洲路社区 "};  // spaces are allowed in free text
  SeekerTable t;
  EXPECT_TRUE(t.Append({s}, vocab).ok());
}

TEST(RecordIdTest, SnapshotsRoundTripOnlyValidIdsAndKeepThemExact) {
  std::mt19937_64 rng(99);
  std::vector<Seeker> rows;
  for (int i = 0; rows.size() < 200 && i < 5000; ++i) {
    GeneratedId g = MakeId(rng, false);
    if (!g.valid) continue;
    g.id += absl::StrCat("#", rows.size());  // unique
    rows.push_back(MakeSeeker(g.id, g.id + "H"));
  }
  auto data = Dataset::FromRows(Vocabulary(), rows, {}, Policy::Default());
  ASSERT_TRUE(data.ok()) << data.status();
  auto bytes = SaveSnapshotToString(**data);
  ASSERT_TRUE(bytes.ok()) << bytes.status();
  auto loaded = LoadSnapshotFromBuffer(*bytes, "ids.jms");
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  ASSERT_EQ((*loaded)->seekers().size(), static_cast<int64_t>(rows.size()));
  for (size_t i = 0; i < rows.size(); ++i) {
    EXPECT_EQ((*loaded)->seekers().ids()[i], rows[i].id);
    EXPECT_EQ((*loaded)->seekers().household_ids()[i], rows[i].household_id);
  }
}

}  // namespace
}  // namespace jobmatch
