// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// Tables from typed columns (io/columns.h) against the CSV reader as the
// oracle: random tables of adversarial cells (whitespace, case, duplicates,
// unknown names, out-of-range numbers, bad dates) read as text columns must
// give the same rows and vocabulary as the CSV text of the same cells, or
// fail where it fails, with the same message for cell errors; numbers given
// as doubles must equal their text.
#include "jobmatch/io/columns.h"

#include <cmath>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "gtest/gtest.h"
#include "jobmatch/data/schema.h"
#include "jobmatch/io/csv.h"

namespace jobmatch {
namespace {

Vocabulary BaseVocabulary() {
  Vocabulary v;
  v.AddSkill("welding");
  v.AddSkill("python");
  v.AddSkill("care");
  v.AddIndustry("retail");
  return v;
}

std::string Pick(std::mt19937_64& rng, const std::vector<std::string>& options) {
  return options[std::uniform_int_distribution<size_t>(0, options.size() - 1)(rng)];
}

// A cell of a column of `kind`; mostly valid, sometimes not.
std::string Cell(std::mt19937_64& rng, std::string_view kind, int64_t row) {
  const std::string k(kind);
  if (k == "identifier")
    return Pick(rng, {absl::StrCat("id", row), absl::StrCat("id", row), "dup", ""});
  if (k == "reference" || k == "text") return Pick(rng, {"", "h1", "市南区", " spaced ", "a\"b"});
  if (k == "latitude") return Pick(rng, {"36.1", "-12.5", "90", "", "91", "abc", "36.1x", "1e3"});
  if (k == "longitude") return Pick(rng, {"120.3", "-180", "181", "", "nan", "0"});
  if (k == "key_groups") {
    return Pick(rng, {"", "veteran", "veteran;disabled", " veteran ; ", "astronaut", "veteran;;"});
  }
  if (k == "skill_levels") {
    return Pick(rng,
                {"", "welding:3", "welding:3;python:8", " welding : 3 ;", "welding:9", "weld:3",
                 "welding:3;welding:4", "welding", "welding:3:1", "python:1;care:2;"});
  }
  if (k == "requirements") {
    return Pick(rng, {"", "welding:3", "welding:3:2.5", "care:1:0", "care:1:x", "python:2;care:3:1",
                      "welding:3;welding:2", "x:1", "care: 4 : 1.5 "});
  }
  if (k == "education") return Pick(rng, {"", "0", "3", "6", "7", "-1", "3.0", " 4 "});
  if (k == "amount") return Pick(rng, {"", "0", "3500", "4200.5", "-1", "1e40", "inf", "12abc"});
  if (k == "count") return Pick(rng, {"", "0", "1", "3", "-2", "2.5", "99999999999"});
  if (k == "flag") return Pick(rng, {"", "true", "False", "1", "0", "yes", "NO", "2", "maybe"});
  if (k == "seeker_schedule") return Pick(rng, {"", "any", "Full_Time", "flexible", "bogus"});
  if (k == "vacancy_schedule") return Pick(rng, {"", "full_time", "school_hours", "any", "x"});
  if (k == "vacancy_kind") return Pick(rng, {"", "regular", "Trainee", "gig", "spaceship"});
  if (k == "industry") return Pick(rng, {"", "retail", "logistics", "care;x", " logistics "});
  if (k == "industries") return Pick(rng, {"", "retail", "retail;logistics", "a;a", "new one"});
  if (k == "date")
    return Pick(rng, {"", "2024-02-29", "2023-02-29", "1899-12-31", "2024-1-5", "2000-01-01"});
  ADD_FAILURE() << "no generator for kind " << k;
  return "";
}

std::string CsvField(const std::string& v) {
  if (v.find_first_of(",\"\r\n") == std::string::npos) return v;
  std::string out = "\"";
  for (char c : v) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  return out + "\"";
}

struct Generated {
  std::vector<std::vector<std::string>> cells;  // [column][row]
  std::vector<bool> present;                    // [column]
  std::string csv;
};

// A random table of `rows` rows over `infos` (embeddings left out).
Generated Generate(std::mt19937_64& rng, absl::Span<const ColumnInfo> infos, int64_t rows,
                   double bad) {
  Generated g;
  g.cells.resize(infos.size());
  g.present.assign(infos.size(), false);
  std::vector<std::string> header;
  std::bernoulli_distribution present(0.7), keep_valid(1.0 - bad);
  for (size_t c = 0; c < infos.size(); ++c) {
    const ColumnInfo& info = infos[c];
    if (info.kind == ColumnKind::kEmbedding || (!info.required && !present(rng))) continue;
    header.emplace_back(info.name);
    g.present[c] = true;
    for (int64_t i = 0; i < rows; ++i) {
      std::string v;
      // Mostly the first (valid) option; `bad` of the time any option.
      do {
        v = Cell(rng, ColumnKindName(info.kind), i);
      } while (keep_valid(rng) &&
               (v == "dup" || v == "91" || v == "abc" || v == "weld:3" || v == "welding:9" ||
                v.find("x") != std::string::npos || v == "-1" || v == "7" || v == "bogus" ||
                v == "astronaut" || v == "2023-02-29" || v == "1899-12-31" || v == "maybe" ||
                v == "2" || v == "-2" || v == "2.5" || v == "inf" || v == "1e40" || v == "nan" ||
                v == "181" || v == "1e3" || v == "spaceship" || v == "a;a" || v == "care:1:0" ||
                v == "welding:3;welding:4" || v == "welding:3;welding:2" || v == "welding" ||
                v == "welding:3:1" || v == "99999999999" || v == "2024-1-5" || v == "any" ||
                v == "3.0" || v.empty()));
      g.cells[c].push_back(v);
    }
  }
  g.csv = absl::StrJoin(header, ",") + "\n";
  for (int64_t i = 0; i < rows; ++i) {
    std::vector<std::string> fields;
    for (size_t c = 0; c < g.cells.size(); ++c) {
      if (g.present[c]) fields.push_back(CsvField(g.cells[c][static_cast<size_t>(i)]));
    }
    g.csv += absl::StrJoin(fields, ",") + "\n";
  }
  return g;
}

// The cells as text columns; with `as_items`, list columns are given as
// items (each cell split at ';': joined again it is the same text).
std::vector<ColumnCells> TextColumns(const Generated& g, absl::Span<const ColumnInfo> infos,
                                     bool as_items) {
  std::vector<ColumnCells> cols(g.cells.size());
  for (size_t c = 0; c < g.cells.size(); ++c) {
    if (!g.present[c]) continue;
    cols[c].form = ColumnCells::Form::kText;
    const ColumnKind k = infos[c].kind;
    const bool list = k == ColumnKind::kKeyGroups || k == ColumnKind::kSkillLevels ||
                      k == ColumnKind::kRequirements || k == ColumnKind::kIndustries;
    if (as_items && list) {
      cols[c].offsets.push_back(0);
      for (const std::string& v : g.cells[c]) {
        if (!v.empty()) {
          for (absl::string_view item : absl::StrSplit(v, ';')) {
            cols[c].text.emplace_back(item.data(), item.size());
          }
        }
        cols[c].offsets.push_back(static_cast<int64_t>(cols[c].text.size()));
      }
    } else {
      for (const std::string& v : g.cells[c]) cols[c].text.emplace_back(v);
    }
  }
  return cols;
}

template <typename Row, typename TableT, typename ParseFn, typename AppendFn>
void CheckAgainstCsv(uint64_t seed, absl::Span<const ColumnInfo> infos, ParseFn parse,
                     AppendFn append) {
  std::mt19937_64 rng(seed);
  int ok = 0, failed = 0;
  for (int round = 0; round < 400; ++round) {
    const int64_t rows = std::uniform_int_distribution<int64_t>(0, 5)(rng);
    const Generated g = Generate(rng, infos, rows, round % 3 == 0 ? 0.5 : 0.05);
    SCOPED_TRACE(g.csv);
    // Oracle: the CSV reader, then the table's validation.
    Vocabulary csv_vocab = BaseVocabulary();
    TableT csv_table;
    absl::Status csv_status;
    auto parsed = parse(g.csv, csv_vocab);
    csv_status = parsed.status();
    if (csv_status.ok()) csv_status = csv_table.Append(*parsed, csv_vocab);
    // Columns.
    Vocabulary col_vocab = BaseVocabulary();
    TableT col_table;
    const std::vector<ColumnCells> cols = TextColumns(g, infos, round % 2 == 1);
    const absl::Status col_status = append(cols, rows, col_vocab, col_table);
    ASSERT_EQ(csv_status.ok(), col_status.ok()) << csv_status << "\n" << col_status;
    if (!csv_status.ok()) {
      ++failed;
      const std::string m(csv_status.message());
      // Cell errors come from the same parser: same message. (Duplicate ids
      // and table validation are worded by their own checks.)
      if (m.rfind("<src>:", 0) == 0 && m.find("duplicate id") == std::string::npos &&
          m.find("wage_min") == std::string::npos) {
        EXPECT_EQ(m, std::string(col_status.message()));
      }
      EXPECT_EQ(col_table.size(), 0);
      continue;
    }
    ++ok;
    ASSERT_EQ(col_table.size(), csv_table.size());
    for (int64_t i = 0; i < csv_table.size(); ++i) {
      EXPECT_TRUE(col_table.Get(i) == csv_table.Get(i)) << "row " << i;
    }
    EXPECT_EQ(col_vocab.industries().names(), csv_vocab.industries().names());
  }
  // Both outcomes were exercised.
  EXPECT_GT(ok, 50);
  EXPECT_GT(failed, 50);
}

TEST(ColumnsTest, SeekerTextColumnsEqualTheCsvReader) {
  CheckAgainstCsv<Seeker, SeekerTable>(
      1, SeekerColumns(),
      [](const std::string& csv, Vocabulary& v) { return ParseSeekersCsv(csv, "<src>", v); },
      [](absl::Span<const ColumnCells> cols, int64_t rows, Vocabulary& v, SeekerTable& t) {
        return AppendSeekerColumns(cols, rows, "<src>", v, t);
      });
}

TEST(ColumnsTest, VacancyTextColumnsEqualTheCsvReader) {
  CheckAgainstCsv<Vacancy, VacancyTable>(
      2, VacancyColumns(),
      [](const std::string& csv, Vocabulary& v) { return ParseVacanciesCsv(csv, "<src>", v); },
      [](absl::Span<const ColumnCells> cols, int64_t rows, Vocabulary& v, VacancyTable& t) {
        return AppendVacancyColumns(cols, rows, "<src>", v, t);
      });
}

TEST(ColumnsTest, NumbersEqualTheirText) {
  const auto infos = VacancyColumns();
  std::mt19937_64 rng(3);
  const std::vector<double> values = {0, 1, 2, 3, 6, 7, -1, 2.5, 4200.5, 1e40, NAN, 36.1, 91, -0.0};
  for (int round = 0; round < 300; ++round) {
    const int64_t rows = 3;
    std::vector<std::vector<std::string>> text(infos.size());
    std::vector<std::vector<double>> nums(infos.size());
    std::vector<ColumnCells> as_text(infos.size()), as_numbers(infos.size());
    for (size_t c = 0; c < infos.size(); ++c) {
      const ColumnKind k = infos[c].kind;
      const bool numeric = k == ColumnKind::kLatitude || k == ColumnKind::kLongitude ||
                           k == ColumnKind::kAmount || k == ColumnKind::kCount ||
                           k == ColumnKind::kEducation || k == ColumnKind::kFlag;
      if (k == ColumnKind::kIdentifier) {
        for (int64_t i = 0; i < rows; ++i) text[c].push_back(absl::StrCat("v", i));
      } else if (numeric) {
        for (int64_t i = 0; i < rows; ++i) {
          double x = values[std::uniform_int_distribution<size_t>(0, values.size() - 1)(rng)];
          if (k == ColumnKind::kLatitude || k == ColumnKind::kLongitude) {
            if (std::uniform_int_distribution<int>(0, 3)(rng) > 0) x = 36.1;
          } else if (std::uniform_int_distribution<int>(0, 2)(rng) > 0) {
            x = 1;
          }
          nums[c].push_back(x);
          std::string t;
          if (!std::isnan(x)) t = absl::StrCat(x);
          text[c].push_back(t);
        }
      } else {
        continue;
      }
      as_text[c].form = ColumnCells::Form::kText;
      for (const std::string& t : text[c]) as_text[c].text.emplace_back(t);
      if (numeric) {
        as_numbers[c].form = ColumnCells::Form::kNumbers;
        as_numbers[c].numbers = nums[c];
      } else {
        as_numbers[c] = as_text[c];
      }
    }
    Vocabulary v1 = BaseVocabulary(), v2 = BaseVocabulary();
    VacancyTable t1, t2;
    const absl::Status s1 = AppendVacancyColumns(as_text, rows, "<src>", v1, t1);
    const absl::Status s2 = AppendVacancyColumns(as_numbers, rows, "<src>", v2, t2);
    ASSERT_EQ(s1.ok(), s2.ok()) << s1 << "\n" << s2;
    if (!s1.ok()) {
      EXPECT_EQ(s1.message(), s2.message());
      EXPECT_EQ(s1.GetPayload(absl::string_view(kRowPayload.data(), kRowPayload.size())),
                s2.GetPayload(absl::string_view(kRowPayload.data(), kRowPayload.size())));
      continue;
    }
    for (int64_t i = 0; i < rows; ++i) EXPECT_TRUE(t1.Get(i) == t2.Get(i));
  }
}

TEST(ColumnsTest, ErrorsNameTheRowTheLineAndNoSensitiveValue) {
  const auto infos = SeekerColumns();
  std::vector<ColumnCells> cols(infos.size());
  // Row 0's town spans two lines (LF is allowed in free text, not in ids).
  std::vector<std::string> ids = {"a", "b", "c"}, households = {"x", "", "z"},
                           towns = {"x\ny", "", ""}, months = {"1", "2", "-7"};
  auto text = [&](std::string_view name, const std::vector<std::string>& v) {
    for (size_t c = 0; c < infos.size(); ++c) {
      if (infos[c].name != name) continue;
      cols[c].form = ColumnCells::Form::kText;
      for (const std::string& s : v) cols[c].text.emplace_back(s);
    }
  };
  const std::vector<double> lat = {1, 2, 3}, lon = {4, 5, 6};
  text("id", ids);
  text("household_id", households);
  text("town", towns);
  text("months_unemployed", months);
  cols[schema::IndexOf(kSeekerSchema, "lat")].form = ColumnCells::Form::kNumbers;
  cols[schema::IndexOf(kSeekerSchema, "lat")].numbers = lat;
  cols[schema::IndexOf(kSeekerSchema, "lon")].form = ColumnCells::Form::kNumbers;
  cols[schema::IndexOf(kSeekerSchema, "lon")].numbers = lon;
  Vocabulary vocab = BaseVocabulary();
  SeekerTable table;
  const absl::Status s = AppendSeekerColumns(cols, 3, "<df>", vocab, table);
  // Row 2 starts on line 5: the header, rows 0 (two lines) and 1.
  EXPECT_EQ(s.message(),
            "<df>:5: column 'months_unemployed': not a non-negative integer (value not shown: "
            "sensitive column)");
  EXPECT_EQ(s.GetPayload(absl::string_view(kRowPayload.data(), kRowPayload.size())),
            absl::Cord("2"));
  EXPECT_EQ(table.size(), 0);
  // A missing required column.
  cols[schema::IndexOf(kSeekerSchema, "lat")] = ColumnCells{};
  EXPECT_EQ(AppendSeekerColumns(cols, 3, "<df>", vocab, table).message(),
            "<df>:1: missing required column 'lat'");
  // Cells of the wrong length.
  cols[schema::IndexOf(kSeekerSchema, "lat")].form = ColumnCells::Form::kNumbers;
  cols[schema::IndexOf(kSeekerSchema, "lat")].numbers = absl::MakeConstSpan(lat).subspan(0, 2);
  EXPECT_EQ(AppendSeekerColumns(cols, 3, "<df>", vocab, table).message(),
            "<df>: column 'lat': 2 cells for 3 rows");
}

}  // namespace
}  // namespace jobmatch
