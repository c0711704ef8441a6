// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// CSV readers and writers: every kind of bad input gives the documented
// message with the right line; failures leave vocabulary and tables alone;
// writers round-trip, including quoting, UTF-8 area names and embeddings.
#include "jobmatch/io/csv.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <random>
#include <regex>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "gtest/gtest.h"
#include "jobmatch/policy/policy.h"
#include "jobmatch/report/results_csv.h"
#include "jobmatch/scoring/scorer.h"
#include "jobmatch/search/topk.h"

namespace jobmatch {
namespace {

std::string Msg(const absl::Status& s) { return std::string(s.message()); }

// A file path unique to the running test.
std::string TempPath(const std::string& name) {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  return ::testing::TempDir() + "jobmatch_csv_" + info->test_suite_name() + "_" + info->name() +
         "_" + name;
}

void WriteFile(const std::string& path, std::string_view content) {
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  f.write(content.data(), static_cast<std::streamsize>(content.size()));
  ASSERT_TRUE(f.good()) << path;
}

std::string ReadFile(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

bool FileExists(const std::string& path) { return ::access(path.c_str(), F_OK) == 0; }

// Skills welding (0), cnc (1), safety (2); no industries yet.
Vocabulary MakeVocab() {
  Vocabulary v;
  v.AddSkill("welding");
  v.AddSkill("cnc");
  v.AddSkill("safety");
  return v;
}

// Parses seekers and returns the error message ("" on success).
std::string SeekerError(std::string_view text, Vocabulary& vocab, const CsvLimits& limits = {}) {
  auto r = ParseSeekersCsv(text, "seekers.csv", vocab, limits);
  return r.ok() ? std::string() : Msg(r.status());
}
std::string SeekerError(std::string_view text) {
  Vocabulary vocab = MakeVocab();
  return SeekerError(text, vocab);
}
std::string VacancyError(std::string_view text) {
  Vocabulary vocab = MakeVocab();
  auto r = ParseVacanciesCsv(text, "vacancies.csv", vocab);
  return r.ok() ? std::string() : Msg(r.status());
}

// ------------------------------------------------------------------ skills

TEST(SkillsCsv, AddsNamesInFileOrderIgnoringDescription) {
  Vocabulary vocab;
  ASSERT_TRUE(ParseSkillsCsv("description,skill\n"
                             "\"Arc, MIG and TIG\",welding\n"
                             "Lathes,cnc\n"
                             ",焊工\n",
                             "skills.csv", vocab)
                  .ok());
  EXPECT_EQ(vocab.skills().names(), (std::vector<std::string>{"welding", "cnc", "焊工"}));
}

TEST(SkillsCsv, DuplicateNamesTheEarlierLine) {
  Vocabulary vocab;
  const absl::Status s = ParseSkillsCsv("skill\nwelding\ncnc\nwelding\n", "skills.csv", vocab);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Msg(s),
            "skills.csv:4: column 'skill': duplicate skill 'welding' (first on "
            "line 2)");
  EXPECT_EQ(vocab.skills().size(), 0) << "all-or-nothing";
}

TEST(SkillsCsv, SeparatorsAndEmptyNamesRejected) {
  Vocabulary vocab;
  EXPECT_EQ(Msg(ParseSkillsCsv("skill\nwelding\nc++:adv\n", "skills.csv", vocab)),
            "skills.csv:3: column 'skill': a skill name cannot contain ':' or "
            "';': 'c++:adv'");
  EXPECT_EQ(Msg(ParseSkillsCsv("skill,description\n,x\n", "skills.csv", vocab)),
            "skills.csv:2: column 'skill': required value is empty");
  EXPECT_EQ(vocab.skills().size(), 0);
}

TEST(SkillsCsv, ReadFromFile) {
  const std::string path = TempPath("skills.csv");
  WriteFile(path, "skill\r\nwelding\r\ncnc\r\n");
  Vocabulary vocab;
  ASSERT_TRUE(ReadSkillsCsv(path, vocab).ok());
  EXPECT_EQ(vocab.skills().names(), (std::vector<std::string>{"welding", "cnc"}));
  std::remove(path.c_str());
}

// ------------------------------------------------------------------ header

TEST(CsvHeader, MissingRequiredColumnIsNamed) {
  EXPECT_EQ(SeekerError("id,lon\nS1,120\n"), "seekers.csv:1: missing required column 'lat'");
  EXPECT_EQ(SeekerError("id\nS1\n"), "seekers.csv:1: missing required columns 'lat', 'lon'");
  EXPECT_EQ(VacancyError("lat,lon\n36,120\n"), "vacancies.csv:1: missing required column 'id'");
}

TEST(CsvHeader, UnknownColumnIsNamed) {
  const std::string m = SeekerError("id,lat,lon,colour,size\nS1,36,120,red,4\n");
  EXPECT_EQ(m.rfind("seekers.csv:1: unknown columns 'colour', 'size' (known: id, "
                    "household_id,",
                    0),
            0u)
      << m;
  // A typo gives both halves of the story in one message.
  const std::string typo = SeekerError("id,latt,lon\nS1,36,120\n");
  EXPECT_NE(typo.find("unknown column 'latt'"), std::string::npos) << typo;
  EXPECT_NE(typo.find("; missing required column 'lat'"), std::string::npos) << typo;
}

TEST(CsvHeader, DuplicateAndEmptyColumnNames) {
  EXPECT_EQ(SeekerError("id,lat,lon,lat\nS1,1,2,3\n"), "seekers.csv:1: duplicate column 'lat'");
  EXPECT_EQ(SeekerError("id,lat,,lon\nS1,1,2,3\n"),
            "seekers.csv:1: empty column name in the header (field 3)");
}

TEST(CsvHeader, EmptyInputNeedsHeader) {
  EXPECT_EQ(SeekerError(""), "seekers.csv: empty file: a header row is required");
  EXPECT_EQ(SeekerError("\n\r\n\n"), "seekers.csv: empty file: a header row is required");
  Vocabulary vocab = MakeVocab();
  auto r = ParseSeekersCsv("id,lat,lon\n", "seekers.csv", vocab);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_TRUE(r->empty());
}

TEST(CsvHeader, ColumnOrderDoesNotMatter) {
  Vocabulary v1 = MakeVocab();
  Vocabulary v2 = MakeVocab();
  auto a = ParseSeekersCsv(
      "id,lat,lon,skills,schedule,town\nS1,36.5,120.25,welding:5;cnc:2,flexible,中韩街道\n",
      "a.csv", v1);
  auto b = ParseSeekersCsv(
      "town,schedule,skills,lon,lat,id\n中韩街道,flexible,welding:5;cnc:2,120.25,36.5,S1\n",
      "b.csv", v2);
  ASSERT_TRUE(a.ok()) << a.status();
  ASSERT_TRUE(b.ok()) << b.status();
  ASSERT_EQ(a->size(), 1u);
  EXPECT_TRUE((*a)[0] == (*b)[0]);
  EXPECT_EQ((*a)[0].area.town, "中韩街道");
  EXPECT_EQ((*a)[0].skills, (std::vector<SkillLevel>{{0, 5}, {1, 2}}));
  EXPECT_EQ((*a)[0].schedule, Schedule::kFlexible);
}

TEST(CsvHeader, WrongFieldCount) {
  EXPECT_EQ(SeekerError("id,lat,lon\nS1,36,120\nS2,36\n"),
            "seekers.csv:3: expected 3 fields (as in the header), got 2");
  EXPECT_EQ(SeekerError("id,lat,lon\nS1,36,120,\n"),
            "seekers.csv:2: expected 3 fields (as in the header), got 4");
}

// ------------------------------------------------------------------ seekers

TEST(SeekersCsv, AllColumnsAndDefaults) {
  Vocabulary vocab = MakeVocab();
  auto r = ParseSeekersCsv(
      "id,household_id,district,town,village,lat,lon,groups,skills,education,"
      "reservation_wage,max_commute_km,schedule,needs_accessibility,"
      "accepts_remote,months_unemployed,preferred_industries,embedding\n"
      "S1,H7,崂山区,中韩街道,株洲路社区,36.1,120.4,veteran;disabled,"
      "welding:5;cnc:3,4,4500.5,12,school_hours,yes,TRUE,14,"
      "制造业;logistics,0.5 -1 2e-3\n"
      "S2,,,,,-36,-120.5,,,,,,,,,,,1 2 3\n",
      "seekers.csv", vocab);
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->size(), 2u);
  const Seeker& s = (*r)[0];
  EXPECT_EQ(s.id, "S1");
  EXPECT_EQ(s.household_id, "H7");
  EXPECT_EQ(s.area, (Area{"崂山区", "中韩街道", "株洲路社区"}));
  EXPECT_EQ(s.lat, 36.1);
  EXPECT_EQ(s.lon, 120.4);
  EXPECT_EQ(s.groups, (GroupMask{1} << *vocab.FindGroup("veteran")) |
                          (GroupMask{1} << *vocab.FindGroup("disabled")));
  EXPECT_EQ(s.skills, (std::vector<SkillLevel>{{0, 5}, {1, 3}}));
  EXPECT_EQ(s.education, Education::kAssociate);
  EXPECT_EQ(s.reservation_wage, 4500.5f);
  EXPECT_EQ(s.max_commute_km, 12.0f);
  EXPECT_EQ(s.schedule, Schedule::kSchoolHours);
  EXPECT_TRUE(s.needs_accessibility);
  EXPECT_TRUE(s.accepts_remote);
  EXPECT_EQ(s.months_unemployed, 14);
  ASSERT_EQ(vocab.industries().size(), 2);
  EXPECT_EQ(s.preferred_industries, (std::vector<int32_t>{*vocab.FindIndustry("制造业"),
                                                          *vocab.FindIndustry("logistics")}));
  EXPECT_EQ(s.embedding, (std::vector<float>{0.5f, -1.0f, 2e-3f}));

  const Seeker& d = (*r)[1];
  EXPECT_EQ(d.household_id, "");
  EXPECT_EQ(d.groups, 0u);
  EXPECT_TRUE(d.skills.empty());
  EXPECT_EQ(d.education, Education::kNone);
  EXPECT_EQ(d.reservation_wage, 0.0f);
  EXPECT_EQ(d.max_commute_km, 0.0f);
  EXPECT_EQ(d.schedule, Schedule::kAny);
  EXPECT_FALSE(d.needs_accessibility);
  EXPECT_FALSE(d.accepts_remote);
  EXPECT_EQ(d.months_unemployed, 0);
  EXPECT_TRUE(d.preferred_industries.empty());
}

TEST(SeekersCsv, BadNumber) {
  EXPECT_EQ(SeekerError("id,lat,lon\nS1,north,120\n"),
            "seekers.csv:2: column 'lat': not a number: 'north'");
  EXPECT_EQ(SeekerError("id,lat,lon\nS1,,120\n"),
            "seekers.csv:2: column 'lat': required value is empty");
  EXPECT_EQ(SeekerError("id,lat,lon,education\nS1,36,120,high\n"),
            "seekers.csv:2: column 'education': not an integer: 'high'");
  EXPECT_EQ(SeekerError("id,lat,lon,education\nS1,36,120,7\n"),
            "seekers.csv:2: column 'education': must be an integer in 0..6: '7'");
  EXPECT_EQ(SeekerError("id,lat,lon,reservation_wage\nS1,36,120,-1\n"),
            "seekers.csv:2: column 'reservation_wage': must be >= 0: '-1'");
  EXPECT_EQ(SeekerError("id,lat,lon,max_commute_km\nS1,36,120,1e39\n"),
            "seekers.csv:2: column 'max_commute_km': number out of range: '1e39'");
  // A leading '+' is not accepted by std::from_chars.
  EXPECT_EQ(SeekerError("id,lat,lon\nS1,+36,120\n"),
            "seekers.csv:2: column 'lat': not a number: '+36'");
}

TEST(SeekersCsv, TrailingJunk) {
  EXPECT_EQ(SeekerError("id,lat,lon\nS1,36.1x,120\n"),
            "seekers.csv:2: column 'lat': unexpected characters after the "
            "number: '36.1x'");
  EXPECT_EQ(SeekerError("id,lat,lon,education\nS1,36,120,3.0\n"),
            "seekers.csv:2: column 'education': unexpected characters after "
            "the number: '3.0'");
  EXPECT_EQ(SeekerError("id,lat,lon\nS1,\"36,5\",120\n"),
            "seekers.csv:2: column 'lat': unexpected characters after the "
            "number: '36,5'");
}

TEST(SeekersCsv, SpacesAroundNumbersAreTrimmed) {
  Vocabulary vocab = MakeVocab();
  auto r = ParseSeekersCsv("id,lat,lon,education\nS1, 36.5 ,\t120 , 2 \n", "seekers.csv", vocab);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ((*r)[0].lat, 36.5);
  EXPECT_EQ((*r)[0].lon, 120.0);
  EXPECT_EQ((*r)[0].education, Education::kJuniorSecondary);
}

TEST(SeekersCsv, NaNRejected) {
  EXPECT_EQ(SeekerError("id,lat,lon,reservation_wage\nS1,36,120,nan\n"),
            "seekers.csv:2: column 'reservation_wage': not a finite number: 'nan'");
  EXPECT_EQ(SeekerError("id,lat,lon\nS1,NaN,120\n"),
            "seekers.csv:2: column 'lat': not a finite number: 'NaN'");
}

TEST(SeekersCsv, InfRejected) {
  EXPECT_EQ(SeekerError("id,lat,lon\nS1,36,inf\n"),
            "seekers.csv:2: column 'lon': not a finite number: 'inf'");
  EXPECT_EQ(SeekerError("id,lat,lon,max_commute_km\nS1,36,120,-Infinity\n"),
            "seekers.csv:2: column 'max_commute_km': not a finite number: "
            "'-Infinity'");
  EXPECT_EQ(SeekerError("id,lat,lon,embedding\nS1,36,120,1 inf 2\n"),
            "seekers.csv:2: column 'embedding': value 2: not a finite number: "
            "'inf'");
}

TEST(SeekersCsv, LatLonOutOfRange) {
  EXPECT_EQ(SeekerError("id,lat,lon\nS1,90.5,120\n"),
            "seekers.csv:2: column 'lat': out of range [-90, 90] degrees: '90.5'");
  EXPECT_EQ(SeekerError("id,lat,lon\nS1,36,-180.01\n"),
            "seekers.csv:2: column 'lon': out of range [-180, 180] degrees: "
            "'-180.01'");
  // The bounds themselves are valid.
  EXPECT_EQ(SeekerError("id,lat,lon\nS1,-90,180\nS2,90,-180\n"), "");
}

TEST(SeekersCsv, UnknownSkill) {
  EXPECT_EQ(SeekerError("id,lat,lon,skills\nS1,36,120,cnc:2\nS2,36,120,weldng:5\n"),
            "seekers.csv:3: column 'skills': unknown skill 'weldng'");
}

TEST(SeekersCsv, SkillLevelZeroAndNine) {
  EXPECT_EQ(SeekerError("id,lat,lon,skills\nS1,36,120,welding:0\n"),
            "seekers.csv:2: column 'skills': skill 'welding': level must be "
            "an integer in 1..8, got '0'");
  EXPECT_EQ(SeekerError("id,lat,lon,skills\nS1,36,120,cnc:1;welding:9\n"),
            "seekers.csv:2: column 'skills': skill 'welding': level must be "
            "an integer in 1..8, got '9'");
  EXPECT_EQ(SeekerError("id,lat,lon,skills\nS1,36,120,welding:8;cnc:1\n"), "");
}

TEST(SeekersCsv, MalformedSkillItems) {
  EXPECT_EQ(SeekerError("id,lat,lon,skills\nS1,36,120,welding\n"),
            "seekers.csv:2: column 'skills': item is not of the form "
            "name:level: 'welding'");
  EXPECT_EQ(SeekerError("id,lat,lon,skills\nS1,36,120,welding:3;cnc:2;welding:4\n"),
            "seekers.csv:2: column 'skills': skill 'welding' listed more than once");
  // Empty items (a trailing ';') and spaces around items are allowed.
  Vocabulary vocab = MakeVocab();
  auto r =
      ParseSeekersCsv("id,lat,lon,skills\nS1,36,120, welding : 3 ; cnc:2;\n", "seekers.csv", vocab);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ((*r)[0].skills, (std::vector<SkillLevel>{{0, 3}, {1, 2}}));
}

TEST(SeekersCsv, DuplicateIdNamesEarlierLine) {
  EXPECT_EQ(SeekerError("id,lat,lon\nS1,36,120\nS2,36,120\nS1,36,120\n"),
            "seekers.csv:4: column 'id': duplicate id 'S1' (first on line 2)");
  EXPECT_EQ(SeekerError("id,lat,lon\n,36,120\n"),
            "seekers.csv:2: column 'id': required value is empty");
}

TEST(SeekersCsv, BadSchedule) {
  EXPECT_EQ(SeekerError("id,lat,lon,schedule\nS1,36,120,nights\n"),
            "seekers.csv:2: column 'schedule': unknown schedule (expected "
            "full_time, school_hours, flexible or any): 'nights'");
  Vocabulary vocab = MakeVocab();
  auto r = ParseSeekersCsv("id,lat,lon,schedule\nS1,36,120,Any\nS2,36,120,FULL_TIME\n",
                           "seekers.csv", vocab);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ((*r)[0].schedule, Schedule::kAny);
  EXPECT_EQ((*r)[1].schedule, Schedule::kFullTime);
}

TEST(SeekersCsv, BadBool) {
  EXPECT_EQ(SeekerError("id,lat,lon,accepts_remote\nS1,36,120,maybe\n"),
            "seekers.csv:2: column 'accepts_remote': not a boolean "
            "(true/false/1/0/yes/no): 'maybe'");
}

TEST(SeekersCsv, BoolSpellings) {
  Vocabulary vocab = MakeVocab();
  auto r = ParseSeekersCsv(
      "id,lat,lon,accepts_remote\n"
      "A,0,0,true\nB,0,0,FALSE\nC,0,0,Yes\nD,0,0,no\nE,0,0,1\nF,0,0,0\nG,0,0,\n",
      "seekers.csv", vocab);
  ASSERT_TRUE(r.ok()) << r.status();
  std::vector<bool> got;
  for (const Seeker& s : *r) got.push_back(s.accepts_remote);
  EXPECT_EQ(got, (std::vector<bool>{true, false, true, false, true, false, false}));
}

TEST(SeekersCsv, EmbeddingDimensionMismatch) {
  EXPECT_EQ(SeekerError("id,lat,lon,embedding\nS1,36,120,1 2 3\nS2,36,120,1 2 3\n"
                        "S3,36,120,1 2\n"),
            "seekers.csv:4: column 'embedding': embedding has 2 values, "
            "expected 3 (as on line 2)");
  EXPECT_EQ(SeekerError("id,lat,lon,embedding\nS1,36,120,1 2 3\nS2,36,120,\n"),
            "seekers.csv:3: column 'embedding': embedding is empty (when the "
            "column is present every row needs one)");
  EXPECT_EQ(SeekerError("id,lat,lon,embedding\nS1,36,120,1 x 3\n"),
            "seekers.csv:2: column 'embedding': value 2: not a number: 'x'");
}

TEST(SeekersCsv, SensitiveValuesNotEchoed) {
  const std::string months =
      SeekerError("id,lat,lon,months_unemployed\nS1,36,120,3\nS2,36,120,-17\n");
  EXPECT_EQ(months,
            "seekers.csv:3: column 'months_unemployed': not a non-negative "
            "integer (value not shown: sensitive column)");
  EXPECT_EQ(months.find("17"), std::string::npos);

  const std::string months2 =
      SeekerError("id,lat,lon,months_unemployed\nS1,36,120,twelve_secret\n");
  EXPECT_EQ(months2.find("twelve_secret"), std::string::npos) << months2;
  EXPECT_NE(months2.find("(value not shown: sensitive column)"), std::string::npos);

  const std::string groups = SeekerError("id,lat,lon,groups\nS1,36,120,veteran;secret_cohort_x\n");
  EXPECT_EQ(groups,
            "seekers.csv:2: column 'groups': unknown key group (value not "
            "shown: sensitive column)");
  EXPECT_EQ(groups.find("secret_cohort_x"), std::string::npos);
  EXPECT_EQ(groups.find("veteran"), std::string::npos);

  const std::string access =
      SeekerError("id,lat,lon,needs_accessibility\nS1,36,120,wheelchair_secret\n");
  EXPECT_EQ(access,
            "seekers.csv:2: column 'needs_accessibility': not a boolean "
            "(true/false/1/0/yes/no) (value not shown: sensitive column)");

  const std::string household =
      SeekerError("id,lat,lon,household_id\nS1,36,120,HH\xff\xfe_secret\n");
  EXPECT_EQ(household,
            "seekers.csv:2: column 'household_id': not valid UTF-8 (value not "
            "shown: sensitive column)");

  // Too long: the column is named, the value never shown.
  CsvLimits limits;
  limits.max_field_bytes = 12;  // "household_id" itself fits
  Vocabulary vocab = MakeVocab();
  const std::string too_long =
      SeekerError("id,lat,lon,household_id\nS1,36,120,household_secret\n", vocab, limits);
  EXPECT_EQ(too_long,
            "seekers.csv:2: column 'household_id': field is longer than 12 "
            "bytes (CsvLimits::max_field_bytes)");
}

TEST(SeekersCsv, InvalidUtf8InTextColumn) {
  EXPECT_EQ(SeekerError("id,lat,lon,district\nS1,36,120,\xe5\xb4\n"),
            "seekers.csv:2: column 'district': not valid UTF-8");
  // Overlong encoding of '/'.
  EXPECT_EQ(SeekerError("id,lat,lon,town\nS1,36,120,\xc0\xaf\n"),
            "seekers.csv:2: column 'town': not valid UTF-8");
}

TEST(SeekersCsv, VocabularyUnchangedAfterFailure) {
  Vocabulary vocab = MakeVocab();
  vocab.AddIndustry("it");
  const Vocabulary before = vocab;
  const std::string m = SeekerError(
      "id,lat,lon,preferred_industries\n"
      "S1,36,120,it;制造业\n"
      "S2,36,120,logistics\n"
      "S3,36,999,it\n",
      vocab);
  EXPECT_EQ(m, "seekers.csv:4: column 'lon': out of range [-180, 180] degrees: '999'");
  EXPECT_TRUE(vocab == before);
  EXPECT_EQ(vocab.industries().size(), 1);
  EXPECT_FALSE(vocab.FindIndustry("制造业").has_value());

  // Success commits the new names, in order of first use.
  auto ok = ParseSeekersCsv(
      "id,lat,lon,preferred_industries\n"
      "S1,36,120,it;制造业\nS2,36,120,logistics;it\n",
      "seekers.csv", vocab);
  ASSERT_TRUE(ok.ok()) << ok.status();
  EXPECT_EQ(vocab.industries().names(), (std::vector<std::string>{"it", "制造业", "logistics"}));
  EXPECT_EQ((*ok)[1].preferred_industries, (std::vector<int32_t>{2, 0}));
}

// ------------------------------------------------------------------ vacancies

TEST(VacanciesCsv, AllColumnsAndDefaults) {
  Vocabulary vocab = MakeVocab();
  auto r = ParseVacanciesCsv(
      "id,employer_id,district,town,village,lat,lon,openings,requirements,"
      "min_education,wage_min,wage_max,schedule,accessible,remote,kind,"
      "industry,embedding\n"
      "V1,E9,黄岛区,,,36,120,3,welding:3:2.5;cnc:2,2,4000,6000,school_hours,"
      "1,no,public_welfare,制造业,1 0\n"
      "V2,,,,,36,120,,,,3500,,,,,,,0 1\n"
      "V3,,,,,36,120,0,,,,,,,,gig,,1 1\n",
      "vacancies.csv", vocab);
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->size(), 3u);
  const Vacancy& v = (*r)[0];
  EXPECT_EQ(v.employer_id, "E9");
  EXPECT_EQ(v.area.district, "黄岛区");
  EXPECT_EQ(v.openings, 3);
  EXPECT_EQ(v.requirements, (std::vector<Requirement>{{0, 3, 2.5f}, {1, 2, 1.0f}}));
  EXPECT_EQ(v.min_education, Education::kJuniorSecondary);
  EXPECT_EQ(v.wage_min, 4000.0f);
  EXPECT_EQ(v.wage_max, 6000.0f);
  EXPECT_EQ(v.schedule, Schedule::kSchoolHours);
  EXPECT_TRUE(v.accessible);
  EXPECT_FALSE(v.remote);
  EXPECT_EQ(v.kind, VacancyKind::kPublicWelfare);
  EXPECT_EQ(vocab.industries().Name(v.industry), "制造业");

  const Vacancy& d = (*r)[1];
  EXPECT_EQ(d.openings, 1) << "default openings";
  EXPECT_EQ(d.wage_min, 3500.0f);
  EXPECT_EQ(d.wage_max, 3500.0f) << "wage_min alone is a fixed wage";
  EXPECT_EQ(d.schedule, Schedule::kFullTime);
  EXPECT_EQ(d.kind, VacancyKind::kRegular);
  EXPECT_EQ(vocab.industries().Name(d.industry), "unspecified");
  EXPECT_EQ((*r)[2].openings, 0);
  EXPECT_EQ((*r)[2].kind, VacancyKind::kGig);
}

TEST(VacanciesCsv, IndustryColumnAbsentMeansUnspecified) {
  Vocabulary vocab = MakeVocab();
  auto r = ParseVacanciesCsv("id,lat,lon\nV1,36,120\n", "vacancies.csv", vocab);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(vocab.industries().names(), (std::vector<std::string>{"unspecified"}));
  EXPECT_EQ((*r)[0].industry, 0);
}

TEST(VacanciesCsv, NegativeOpenings) {
  EXPECT_EQ(VacancyError("id,lat,lon,openings\nV1,36,120,2\nV2,36,120,-2\n"),
            "vacancies.csv:3: column 'openings': must be a non-negative "
            "integer: '-2'");
}

TEST(VacanciesCsv, AnyScheduleRejected) {
  EXPECT_EQ(VacancyError("id,lat,lon,schedule\nV1,36,120,any\n"),
            "vacancies.csv:2: column 'schedule': 'any' is only valid for "
            "seekers; a vacancy offers full_time, school_hours or flexible");
  EXPECT_EQ(VacancyError("id,lat,lon,schedule\nV1,36,120,weekends\n"),
            "vacancies.csv:2: column 'schedule': unknown schedule (expected "
            "full_time, school_hours or flexible): 'weekends'");
}

TEST(VacanciesCsv, RequirementErrors) {
  EXPECT_EQ(VacancyError("id,lat,lon,requirements\nV1,36,120,welding:9\n"),
            "vacancies.csv:2: column 'requirements': skill 'welding': level "
            "must be an integer in 1..8, got '9'");
  EXPECT_EQ(VacancyError("id,lat,lon,requirements\nV1,36,120,welding:0:1\n"),
            "vacancies.csv:2: column 'requirements': skill 'welding': level "
            "must be an integer in 1..8, got '0'");
  EXPECT_EQ(VacancyError("id,lat,lon,requirements\nV1,36,120,welding:3:0\n"),
            "vacancies.csv:2: column 'requirements': skill 'welding': "
            "importance must be a finite number > 0, got '0'");
  EXPECT_EQ(VacancyError("id,lat,lon,requirements\nV1,36,120,welding:3:nan\n"),
            "vacancies.csv:2: column 'requirements': skill 'welding': "
            "importance must be a finite number > 0, got 'nan'");
  EXPECT_EQ(VacancyError("id,lat,lon,requirements\nV1,36,120,plumbing:3\n"),
            "vacancies.csv:2: column 'requirements': unknown skill 'plumbing'");
  EXPECT_EQ(VacancyError("id,lat,lon,requirements\nV1,36,120,cnc:2;cnc:3\n"),
            "vacancies.csv:2: column 'requirements': skill 'cnc' listed more "
            "than once");
  EXPECT_EQ(VacancyError("id,lat,lon,requirements\nV1,36,120,cnc:2:1:1\n"),
            "vacancies.csv:2: column 'requirements': item is not of the form "
            "name:min_level or name:min_level:importance: 'cnc:2:1:1'");
}

TEST(VacanciesCsv, WageErrors) {
  EXPECT_EQ(VacancyError("id,lat,lon,wage_min,wage_max\nV1,36,120,5000,4000\n"),
            "vacancies.csv:2: column 'wage_max': must be >= wage_min (5000): '4000'");
  EXPECT_EQ(VacancyError("id,lat,lon,wage_min\nV1,36,120,-1\n"),
            "vacancies.csv:2: column 'wage_min': must be >= 0: '-1'");
}

TEST(VacanciesCsv, BadKindAndIndustry) {
  EXPECT_EQ(VacancyError("id,lat,lon,kind\nV1,36,120,volunteer\n"),
            "vacancies.csv:2: column 'kind': unknown kind (expected regular, "
            "trainee, public_welfare or gig): 'volunteer'");
  EXPECT_EQ(VacancyError("id,lat,lon,industry\nV1,36,120,a;b\n"),
            "vacancies.csv:2: column 'industry': an industry name cannot "
            "contain ';': 'a;b'");
  EXPECT_EQ(VacancyError("id,lat,lon,remote\nV1,36,120,sometimes\n"),
            "vacancies.csv:2: column 'remote': not a boolean "
            "(true/false/1/0/yes/no): 'sometimes'");
}

// ------------------------------------------------------------------ syntax

TEST(CsvSyntax, QuotedFieldsWithCommasQuotesAndNewlines) {
  Vocabulary vocab = MakeVocab();
  auto r = ParseSeekersCsv(
      "id,lat,lon,town,village\n"
      "\"S,1\",36,120,\"He said \"\"hi\"\", then left\",\"two\nlines\r\nthree\"\n"
      "S2,36,120,\"\",plain\n",
      "seekers.csv", vocab);
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->size(), 2u);
  EXPECT_EQ((*r)[0].id, "S,1");
  EXPECT_EQ((*r)[0].area.town, "He said \"hi\", then left");
  EXPECT_EQ((*r)[0].area.village, "two\nlines\r\nthree");
  EXPECT_EQ((*r)[1].area.town, "");
  EXPECT_EQ((*r)[1].area.village, "plain");
}

TEST(CsvSyntax, LineNumbersCountPhysicalLinesAfterMultiLineField) {
  // Record 1 spans lines 2-4; the bad record starts on line 5.
  EXPECT_EQ(SeekerError("id,lat,lon,town\n"
                        "S1,36,120,\"a\nb\nc\"\n"
                        "S2,36,abc,x\n"),
            "seekers.csv:5: column 'lon': not a number: 'abc'");
  // An error inside a multi-line record names the line it starts on.
  EXPECT_EQ(SeekerError("id,lat,lon,town,district\n"
                        "S1,36,120,x,y\n"
                        "S2,36,120,\"a\n\nb\",\xff\n"),
            "seekers.csv:3: column 'district': not valid UTF-8");
}

TEST(CsvSyntax, EmptyLinesAreSkippedButCounted) {
  EXPECT_EQ(SeekerError("\nid,lat,lon\n\nS1,36,120\n\r\n\nS2,x,120\n"),
            "seekers.csv:7: column 'lat': not a number: 'x'");
  EXPECT_EQ(SeekerError("\n\nid,lat,lon,bogus\nS1,36,120,1\n"),
            "seekers.csv:3: unknown column 'bogus' (known: id, household_id, "
            "district, town, village, lat, lon, groups, skills, education, "
            "reservation_wage, max_commute_km, schedule, needs_accessibility, "
            "accepts_remote, months_unemployed, preferred_industries, embedding, "
            "registered_on)");
}

TEST(CsvSyntax, BomAndCrlf) {
  Vocabulary vocab = MakeVocab();
  auto r = ParseSeekersCsv(
      "\xEF\xBB\xBFid,lat,lon,town\r\nS1,36,120,崂山区\r\n"
      "S2,36.5,120.5,\"a\r\nb\"\r\n",
      "seekers.csv", vocab);
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->size(), 2u);
  EXPECT_EQ((*r)[0].id, "S1") << "BOM must not stick to the first column name";
  EXPECT_EQ((*r)[0].area.town, "崂山区") << "no stray CR at the end of a line";
  EXPECT_EQ((*r)[1].area.town, "a\r\nb");
  EXPECT_EQ(SeekerError("\xEF\xBB\xBFid,lat,lon\r\nS1,36,120\r\nS2,36,x\r\n"),
            "seekers.csv:3: column 'lon': not a number: 'x'");
}

TEST(CsvSyntax, LastLineWithoutNewline) {
  Vocabulary vocab = MakeVocab();
  auto r = ParseSeekersCsv("id,lat,lon,town\nS1,36,120,\"x\"", "seekers.csv", vocab);
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->size(), 1u);
  EXPECT_EQ((*r)[0].area.town, "x");
}

TEST(CsvSyntax, SpacesInTextFieldsArePreserved) {
  Vocabulary vocab = MakeVocab();
  auto r = ParseSeekersCsv("id,lat,lon,town\nS1,36,120,  two  spaces \n", "seekers.csv", vocab);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ((*r)[0].id, "S1");
  EXPECT_EQ((*r)[0].area.town, "  two  spaces ");
  // Ids are not trimmed either, but an id with white space at its edges is
  // refused: " S1 " and "S1" would be two seekers (docs/data_formats.md, Identifiers).
  EXPECT_EQ(SeekerError("id,lat,lon\n S1 ,36,120\n"),
            "seekers.csv:2: column 'id': has leading or trailing white space");
}

TEST(CsvSyntax, UnterminatedQuote) {
  EXPECT_EQ(SeekerError("id,lat,lon,town\n"
                        "S1,36,120,x\n"
                        "S2,36,120,\"never closed\n"
                        "S3,36,120,y\n"),
            "seekers.csv:3: column 'town': unterminated quoted field (no "
            "closing '\"' before the end of the file)");
}

TEST(CsvSyntax, QuoteInsideUnquotedField) {
  EXPECT_EQ(SeekerError("id,lat,lon,town\nS1,36,120,ab\"c\n"),
            "seekers.csv:2: column 'town': '\"' inside an unquoted field (RFC "
            "4180: enclose the field in quotes and double the '\"')");
}

TEST(CsvSyntax, TextAfterClosingQuote) {
  // Detected on line 3, inside a record that starts on line 2.
  EXPECT_EQ(SeekerError("id,lat,lon,town\nS1,36,120,\"ab\ncd\"e\n"),
            "seekers.csv:3: column 'town': unexpected character after the "
            "closing '\"' of a quoted field (a '\"' inside a quoted field must "
            "be doubled)");
  // RFC 4180 has no spaces between a closing quote and the comma.
  EXPECT_NE(SeekerError("id,lat,lon,town\nS1,36,120,\"ab\" \n"), "");
}

// ------------------------------------------------------------------ limits

TEST(CsvLimitsTest, TooBigInputRefused) {
  CsvLimits limits;
  limits.max_file_bytes = 20;
  Vocabulary vocab = MakeVocab();
  EXPECT_EQ(SeekerError("id,lat,lon\nS1,36,120\n", vocab, limits),
            "seekers.csv: input is 21 bytes, larger than the limit of 20 "
            "(CsvLimits::max_file_bytes)");

  const std::string path = TempPath("seekers.csv");
  WriteFile(path, "id,lat,lon\nS1,36,120\n");
  SeekerTable table;
  const absl::Status s = LoadSeekersCsv(path, vocab, table, limits);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Msg(s), path +
                        ": file is 21 bytes, larger than the limit of 20 "
                        "(CsvLimits::max_file_bytes)");
  std::remove(path.c_str());
}

TEST(CsvLimitsTest, HugeFileRefusedBeforeReading) {
  // A sparse 5 GiB file: reading it would take seconds and 5 GiB of memory;
  // the size check must refuse it from its metadata alone.
  const std::string path = TempPath("huge.csv");
  const int fd = ::open(path.c_str(), O_CREAT | O_TRUNC | O_WRONLY, 0600);
  ASSERT_GE(fd, 0);
  const bool sized = ::ftruncate(fd, int64_t{5} << 30) == 0;
  ::close(fd);
  if (!sized) {
    std::remove(path.c_str());
    GTEST_SKIP() << "file system cannot hold a sparse 5 GiB file";
  }
  Vocabulary vocab = MakeVocab();
  SeekerTable table;
  const absl::Status s = LoadSeekersCsv(path, vocab, table);
  EXPECT_EQ(Msg(s), path +
                        ": file is 5368709120 bytes, larger than the limit "
                        "of 4294967296 (CsvLimits::max_file_bytes)");
  std::remove(path.c_str());
}

TEST(CsvLimitsTest, FieldTooLong) {
  CsvLimits limits;
  limits.max_field_bytes = 10;
  Vocabulary vocab = MakeVocab();
  EXPECT_EQ(SeekerError("id,lat,lon,town\nS1,36,120,0123456789\n"
                        "S2,36,120,0123456789x\n",
                        vocab, limits),
            "seekers.csv:3: column 'town': field is longer than 10 bytes "
            "(CsvLimits::max_field_bytes)");
}

TEST(CsvLimitsTest, RunawayQuoteStopsAtFieldLimit) {
  CsvLimits limits;
  limits.max_field_bytes = 64;
  std::string text = "id,lat,lon,town\nS1,36,120,\"oops\n";
  for (int i = 0; i < 1000; ++i) text += "S,36,120,filler filler filler\n";
  Vocabulary vocab = MakeVocab();
  EXPECT_EQ(SeekerError(text, vocab, limits),
            "seekers.csv:2: column 'town': field is longer than 64 bytes "
            "(CsvLimits::max_field_bytes)");
}

TEST(CsvLimitsTest, TooManyFields) {
  CsvLimits limits;
  limits.max_fields_per_row = 3;
  Vocabulary vocab = MakeVocab();
  EXPECT_EQ(SeekerError("id,lat,lon\nS1,36,120\nS2,36,120,a,b,c\n", vocab, limits),
            "seekers.csv:3: more than 3 fields in one record "
            "(CsvLimits::max_fields_per_row)");
  EXPECT_EQ(SeekerError("id,lat,lon,town\nS1,36,120,x\n", vocab, limits),
            "seekers.csv:1: more than 3 fields in one record "
            "(CsvLimits::max_fields_per_row)");
}

TEST(CsvLimitsTest, RowTooLong) {
  CsvLimits limits;
  limits.max_line_bytes = 30;
  Vocabulary vocab = MakeVocab();
  // Row 2 has 3 + 3 + 4 + 11 = 21 bytes (fields plus one separator each).
  // Row 3's quoted town spans two physical lines; together they pass 30.
  EXPECT_EQ(SeekerError("id,lat,lon,town\nS1,36,120,aaaaaaaaaa\n"
                        "S2,36,120,\"aaaaaaa\naaaaaaaaaaaaaaaaaaaaa\"\n",
                        vocab, limits),
            "seekers.csv:3: row is longer than 30 bytes (CsvLimits::max_line_bytes)");
  // With the defaults: eight fields of 900 KiB each are each under the field
  // limit (1 MiB) but the row passes 4 MiB.
  std::string text = "id,lat,lon\nS1,36,120";
  for (int i = 0; i < 8; ++i) text += "," + std::string(900 << 10, 'x');
  text += "\n";
  EXPECT_EQ(SeekerError(text),
            "seekers.csv:2: row is longer than 4194304 bytes (CsvLimits::max_line_bytes)");
}

TEST(CsvLimitsTest, UnknownColumnListIsCut) {
  std::string header = "id,lat,lon";
  for (int i = 0; i < 50; ++i) header += ",c" + std::to_string(i);
  const std::string msg = SeekerError(header + "\n");
  EXPECT_EQ(msg.rfind("seekers.csv:1: unknown columns 'c0', 'c1', 'c2', 'c3', 'c4', 'c5', 'c6', "
                      "'c7', 'c8', 'c9' and 40 more (known: id, ",
                      0),
            0u)
      << msg;
}

TEST(CsvLimitsTest, HugeNumbersRefused) {
  EXPECT_EQ(SeekerError("id,lat,lon\nS1,1e999,120\n"),
            "seekers.csv:2: column 'lat': number out of range: '1e999'");
  EXPECT_EQ(SeekerError("id,lat,lon,education\nS1,36,120,99999999999999999999999\n"),
            "seekers.csv:2: column 'education': number out of range: "
            "'99999999999999999999999'");
  EXPECT_EQ(SeekerError("id,lat,lon,months_unemployed\nS1,36,120,99999999999999999999\n"),
            "seekers.csv:2: column 'months_unemployed': not a non-negative integer "
            "(value not shown: sensitive column)");
  EXPECT_EQ(SeekerError("id,lat,lon,embedding\nS1,36,120,1 -1e39\n"),
            "seekers.csv:2: column 'embedding': value 2: number out of range: '-1e39'");
  EXPECT_EQ(VacancyError("id,lat,lon,openings\nV1,36,120,2147483648\n"),
            "vacancies.csv:2: column 'openings': must be a non-negative integer: '2147483648'");
  EXPECT_EQ(VacancyError("id,lat,lon,wage_min\nV1,36,120,1e309\n"),
            "vacancies.csv:2: column 'wage_min': number out of range: '1e309'");
  // A 300-digit number is quoted cut at 80 bytes.
  EXPECT_EQ(SeekerError("id,lat,lon\nS1," + std::string(300, '9') + ",120\n"),
            "seekers.csv:2: column 'lat': out of range [-90, 90] degrees: '" +
                std::string(80, '9') + "...' (300 bytes)");
}

// Writes `prefix`, then `piece` over and over, into a FIFO until `cap`
// bytes are written or the reader closes its end. Lets a test hand a loader
// a multi-gigabyte stream without writing it to disk, and count how much of
// it the loader read before giving up.
class FifoWriter {
 public:
  FifoWriter(std::string path, std::string prefix, std::string piece, int64_t cap)
      : path_(std::move(path)) {
    std::signal(SIGPIPE, SIG_IGN);  // a closed reader gives EPIPE instead
    ::unlink(path_.c_str());
    made_ = ::mkfifo(path_.c_str(), 0600) == 0;
    if (!made_) return;
    thread_ = std::thread([this, prefix = std::move(prefix), piece = std::move(piece), cap] {
      const int fd = ::open(path_.c_str(), O_WRONLY | O_CLOEXEC);
      if (fd < 0) return;
      auto put = [&](std::string_view s) {
        while (!s.empty()) {
          const ssize_t n = ::write(fd, s.data(), s.size());
          if (n < 0 && errno == EINTR) continue;
          if (n <= 0) return false;
          written_ += n;
          s.remove_prefix(static_cast<size_t>(n));
        }
        return true;
      };
      if (put(prefix)) {
        while (written_ < cap && put(piece)) {
        }
      }
      ::close(fd);
    });
  }
  ~FifoWriter() {
    if (thread_.joinable()) thread_.join();
    ::unlink(path_.c_str());
  }
  bool made() const { return made_; }
  // Waits for the writer to stop; the bytes it got into the pipe.
  int64_t Join() {
    if (thread_.joinable()) thread_.join();
    return written_;
  }

 private:
  std::string path_;
  bool made_ = false;
  int64_t written_ = 0;
  std::thread thread_;
};

std::string RandomBytes(size_t n, uint32_t seed) {
  std::mt19937 rng(seed);
  std::string s(n, '\0');
  for (char& c : s) c = static_cast<char>(rng() & 0xFF);
  return s;
}

constexpr int64_t kTwoGiB = int64_t{2} << 30;

// A 2 GiB stream of each kind of garbage is refused after the loader has
// read a few MiB of it at most (the pipe holds 64 KiB, one read is 1 MiB),
// with a short message naming the file and line.
TEST(CsvLimitsTest, TwoGigabyteGarbageStreamsRefusedAfterReadingLittle) {
  struct Case {
    const char* name;
    std::string prefix;
    std::string piece;
    std::string want;  // expected message after "<path>"
  };
  const Case cases[] = {
      {"binary", "", RandomBytes(64 << 10, 1), ""},
      {"single_line", "id,lat,lon\nS1,36,120", "," + std::string(640 << 10, 'x'),
       ":2: row is longer than 4194304 bytes (CsvLimits::max_line_bytes)"},
      {"millions_of_columns", "id,lat,lon\n", std::string(64 << 10, ','),
       ":2: more than 1024 fields in one record (CsvLimits::max_fields_per_row)"},
      {"millions_of_header_columns", "", std::string(64 << 10, ','),
       ":1: more than 1024 fields in one record (CsvLimits::max_fields_per_row)"},
      {"one_endless_field", "id,lat,lon\n", std::string(64 << 10, 'x'),
       ":2: column 'id': field is longer than 1048576 bytes (CsvLimits::max_field_bytes)"},
      {"runaway_quote", "id,lat,lon,town\nS1,36,120,\"", "abc,def\n",
       ":2: column 'town': field is longer than 1048576 bytes (CsvLimits::max_field_bytes)"},
      {"nul_bytes", "", std::string(64 << 10, '\0'),
       ":1: field 1: field is longer than 1048576 bytes (CsvLimits::max_field_bytes)"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    const std::string path = TempPath(std::string(c.name) + ".fifo");
    FifoWriter writer(path, c.prefix, c.piece, kTwoGiB);
    if (!writer.made()) GTEST_SKIP() << "cannot make a FIFO in " << ::testing::TempDir();
    Vocabulary vocab = MakeVocab();
    const Vocabulary vocab_before = vocab;
    SeekerTable table;
    const absl::Status s = LoadSeekersCsv(path, vocab, table);
    const int64_t written = writer.Join();
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << s;
    if (c.want.empty()) {
      EXPECT_EQ(Msg(s).rfind(path + ":", 0), 0u) << Msg(s);
    } else {
      EXPECT_EQ(Msg(s), path + c.want);
    }
    EXPECT_LT(Msg(s).size(), 2000u) << Msg(s);
    EXPECT_LT(written, int64_t{16} << 20) << "the loader read on after the error";
    EXPECT_EQ(table.size(), 0);
    EXPECT_TRUE(vocab == vocab_before);
  }
}

// A line "Name:   1234 kB" of /proc/self/status, in KiB; -1 when absent.
int64_t ProcStatusKiB(std::string_view name) {
  std::ifstream f("/proc/self/status");
  std::string line;
  while (std::getline(f, line)) {
    if (line.rfind(std::string(name) + ":", 0) == 0) {
      return std::strtoll(line.c_str() + name.size() + 1, nullptr, 10);
    }
  }
  return -1;
}

// Resets the process's peak resident size (VmHWM) to its current size, so
// that the next reading shows the peak of what runs in between only, not of
// an earlier test. False when the kernel does not allow it.
bool ResetPeakRss() {
  std::ofstream f("/proc/self/clear_refs");
  f << "5";
  f.flush();
  return f.good() && ProcStatusKiB("VmHWM") >= 0;
}

// Sparse 2 GiB files (all zero bytes, or zeros after a few KiB of binary
// garbage) are refused from their first MiB: the process's peak memory does
// not grow by anything like the file's size.
TEST(CsvLimitsTest, SparseTwoGigabyteFilesRefusedWithoutReadingThem) {
  for (const bool garbage_head : {false, true}) {
    SCOPED_TRACE(garbage_head ? "garbage head" : "zeros");
    const std::string path = TempPath(garbage_head ? "garbage.csv" : "zeros.csv");
    const int fd = ::open(path.c_str(), O_CREAT | O_TRUNC | O_WRONLY, 0600);
    ASSERT_GE(fd, 0);
    bool ok = ::ftruncate(fd, kTwoGiB) == 0;
    if (ok && garbage_head) {
      const std::string head = RandomBytes(4096, 7);
      ok = ::pwrite(fd, head.data(), head.size(), 0) == static_cast<ssize_t>(head.size());
    }
    ::close(fd);
    if (!ok) {
      std::remove(path.c_str());
      GTEST_SKIP() << "file system cannot hold a sparse 2 GiB file";
    }
    const bool can_measure = ResetPeakRss();
    const int64_t rss_before = ProcStatusKiB("VmRSS");
    Vocabulary vocab = MakeVocab();
    SeekerTable table;
    const absl::Status s = LoadSeekersCsv(path, vocab, table);
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << s;
    EXPECT_EQ(Msg(s).rfind(path + ":", 0), 0u) << Msg(s);
    if (!garbage_head) {
      EXPECT_EQ(Msg(s), path +
                            ":1: field 1: field is longer than 1048576 bytes "
                            "(CsvLimits::max_field_bytes)");
    }
    if (can_measure) {
      EXPECT_LT(ProcStatusKiB("VmHWM") - rss_before, int64_t{256} << 10)
          << "KiB of peak memory added while loading";
    } else {
      ADD_FAILURE() << "cannot reset the peak resident size (/proc/self/clear_refs)";
    }
    EXPECT_EQ(table.size(), 0);
    std::remove(path.c_str());
  }
}

// The in-memory API too: one endless line (no newline, no separator) is
// given to libcsv in pieces and stopped at the field limit, instead of being
// buffered whole by libcsv before any limit is looked at.
TEST(CsvLimitsTest, EndlessLineInMemoryStopsAtTheFieldLimit) {
  const std::string text = "id,lat,lon\n" + std::string(size_t{128} << 20, 'x');
  const bool can_measure = ResetPeakRss();
  const int64_t rss_before = ProcStatusKiB("VmRSS");
  EXPECT_EQ(SeekerError(text),
            "seekers.csv:2: column 'id': field is longer than 1048576 bytes "
            "(CsvLimits::max_field_bytes)");
  ASSERT_TRUE(can_measure) << "cannot reset the peak resident size (/proc/self/clear_refs)";
  EXPECT_LT(ProcStatusKiB("VmHWM") - rss_before, int64_t{64} << 10)
      << "KiB of peak memory added while parsing";
}

// A file read in small pieces (a pipe written a few bytes at a time) gives
// exactly what parsing the same text in one piece gives: lines, BOM, CRLF
// and quoted newlines split anywhere.
TEST(LoadCsv, PipeInPiecesEqualsStringParse) {
  // The reader may stop at an error before the writer is done: the writer
  // must then see EPIPE, not die of SIGPIPE.
  std::signal(SIGPIPE, SIG_IGN);
  const std::string texts[] = {
      "\xEF\xBB\xBFid,lat,lon,town\r\nS1,36,120,崂山区\r\nS2,36.5,120.5,\"a\r\nb\"\r\n",
      "id,lat,lon,town,skills\nS1,36,120,\"x,\"\"y\"\"\nz\",welding:3;cnc:1\n\nS2,37,121,,\n",
      "\xEF\xBB\xBF"
      "id,lat,lon\nS1,36,120\nS2,36,x\n",
      "\xEF\xBBid,lat,lon\nS1,36,120\n",  // half a BOM is data: an unknown column
  };
  for (size_t t = 0; t < std::size(texts); ++t) {
    SCOPED_TRACE(t);
    const std::string& text = texts[t];
    for (size_t step : {1, 2, 3, 5}) {
      std::vector<std::string> pieces;
      for (size_t i = 0; i < text.size(); i += step) pieces.push_back(text.substr(i, step));
      const std::string path = TempPath("pieces.fifo");
      ::unlink(path.c_str());
      ASSERT_EQ(::mkfifo(path.c_str(), 0600), 0);
      std::thread writer([&] {
        const int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
        for (const std::string& p : pieces) {
          if (::write(fd, p.data(), p.size()) < 0) break;
        }
        ::close(fd);
      });
      Vocabulary v1 = MakeVocab();
      SeekerTable table;
      const absl::Status loaded = LoadSeekersCsv(path, v1, table);
      writer.join();
      ::unlink(path.c_str());
      Vocabulary v2 = MakeVocab();
      const absl::StatusOr<std::vector<Seeker>> parsed = ParseSeekersCsv(text, path, v2);
      ASSERT_EQ(loaded.ok(), parsed.ok()) << loaded << " vs " << parsed.status();
      if (!loaded.ok()) {
        EXPECT_EQ(Msg(loaded), Msg(parsed.status()));
        continue;
      }
      ASSERT_EQ(table.size(), static_cast<int64_t>(parsed->size()));
      for (int64_t i = 0; i < table.size(); ++i) EXPECT_EQ(table.Get(i), (*parsed)[i]);
      EXPECT_TRUE(v1 == v2);
    }
  }
}

// ------------------------------------------------------------------ loading

TEST(LoadCsv, CannotOpenNamesTheFile) {
  const std::string path = TempPath("does_not_exist.csv");
  Vocabulary vocab = MakeVocab();
  SeekerTable table;
  const absl::Status s = LoadSeekersCsv(path, vocab, table);
  EXPECT_EQ(s.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(Msg(s).rfind(path + ": cannot open", 0), 0u) << Msg(s);
  EXPECT_FALSE(ReadSkillsCsv(path, vocab).ok());
  EXPECT_EQ(Msg(LoadSeekersCsv(::testing::TempDir(), vocab, table)),
            ::testing::TempDir() + ": is a directory");
}

TEST(LoadCsv, AppendsRowsAndCommitsVocabulary) {
  const std::string path = TempPath("vacancies.csv");
  WriteFile(path,
            "id,lat,lon,industry,requirements\n"
            "V1,36,120,制造业,welding:3\n"
            "V2,36.1,120.1,,\n");
  Vocabulary vocab = MakeVocab();
  VacancyTable table;
  ASSERT_TRUE(LoadVacanciesCsv(path, vocab, table).ok());
  ASSERT_EQ(table.size(), 2);
  EXPECT_EQ(table.ids(), (std::vector<std::string>{"V1", "V2"}));
  EXPECT_EQ(vocab.industries().names(), (std::vector<std::string>{"制造业", "unspecified"}));
  EXPECT_EQ(table.industry(), (std::vector<int32_t>{0, 1}));
  std::remove(path.c_str());
}

TEST(LoadCsv, TableAndVocabularyUnchangedAfterFailure) {
  Vocabulary vocab = MakeVocab();
  SeekerTable table;
  Seeker s0;
  s0.id = "S0";
  s0.lat = 36.0;
  s0.lon = 120.0;
  ASSERT_TRUE(table.Append({s0}, vocab).ok());
  const Vocabulary vocab_before = vocab;

  const std::string path = TempPath("seekers.csv");
  WriteFile(path,
            "id,lat,lon,preferred_industries,skills\n"
            "S1,36,120,it,welding:2\n"
            "S2,36,120,retail,welding:12\n");
  const absl::Status s = LoadSeekersCsv(path, vocab, table);
  EXPECT_EQ(Msg(s), path +
                        ":3: column 'skills': skill 'welding': level must "
                        "be an integer in 1..8, got '12'");
  EXPECT_EQ(table.size(), 1);
  EXPECT_EQ(table.ids(), (std::vector<std::string>{"S0"}));
  EXPECT_TRUE(vocab == vocab_before);
  std::remove(path.c_str());
}

TEST(LoadCsv, IdAlreadyInTableNamesTheLine) {
  Vocabulary vocab = MakeVocab();
  SeekerTable table;
  Seeker s0;
  s0.id = "S2";
  s0.lat = 36.0;
  s0.lon = 120.0;
  ASSERT_TRUE(table.Append({s0}, vocab).ok());
  const Vocabulary vocab_before = vocab;
  const std::string path = TempPath("seekers.csv");
  WriteFile(path,
            "id,lat,lon,preferred_industries\n"
            "S1,36,120,it\n"
            "S2,36,120,it\n");
  EXPECT_EQ(Msg(LoadSeekersCsv(path, vocab, table)),
            path + ":3: column 'id': id 'S2' is already in the table");
  EXPECT_EQ(table.size(), 1);
  EXPECT_TRUE(vocab == vocab_before);
  std::remove(path.c_str());
}

TEST(LoadCsv, TableRejectionBecomesFileLevelError) {
  // The file is valid on its own, but its embedding dimension differs from
  // the table's: only Append can tell.
  Vocabulary vocab = MakeVocab();
  SeekerTable table;
  Seeker s0;
  s0.id = "S0";
  s0.embedding = {1.0f, 0.0f, 0.0f};
  ASSERT_TRUE(table.Append({s0}, vocab).ok());
  const Vocabulary vocab_before = vocab;
  const std::string path = TempPath("seekers.csv");
  WriteFile(path, "id,lat,lon,embedding,preferred_industries\nS1,36,120,1 2,it\n");
  const absl::Status s = LoadSeekersCsv(path, vocab, table);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Msg(s).rfind(path + ": ", 0), 0u) << Msg(s);
  EXPECT_NE(Msg(s).find("embedding"), std::string::npos) << Msg(s);
  EXPECT_EQ(table.size(), 1);
  EXPECT_TRUE(vocab == vocab_before);
  std::remove(path.c_str());
}

// ------------------------------------------------------------------ writing

// Text pieces that stress quoting and UTF-8.
constexpr std::string_view kPieces[] = {
    "",           "a",          "崂山区",   "中韩街道", "株洲路社区", "x,y",
    "say \"hi\"", "two\nlines", "cr\r\nlf", " padded ", "\ttab",      "'",
    "\"",         ",",          ";",        ":",        "#!"};

std::string RandomText(std::mt19937_64& rng, int max_pieces = 3) {
  std::string s;
  const int n = std::uniform_int_distribution<int>(0, max_pieces)(rng);
  for (int i = 0; i < n; ++i) {
    s += kPieces[std::uniform_int_distribution<size_t>(0, std::size(kPieces) - 1)(rng)];
  }
  return s;
}

// Random text that is a valid record id (or empty): the pieces without
// control characters and without white space at an edge.
std::string RandomIdText(std::mt19937_64& rng, int max_pieces = 3) {
  std::string s;
  const int n = std::uniform_int_distribution<int>(0, max_pieces)(rng);
  for (int i = 0; i < n; ++i) {
    std::string_view p;
    do {
      p = kPieces[std::uniform_int_distribution<size_t>(0, std::size(kPieces) - 1)(rng)];
    } while (p.find_first_of("\t\r\n") != std::string_view::npos ||
             (!p.empty() && (p.front() == ' ' || p.back() == ' ')));
    s += p;
  }
  return s;
}

float RandomFloat(std::mt19937_64& rng) {
  switch (std::uniform_int_distribution<int>(0, 3)(rng)) {
    case 0:
      return 0.0f;
    case 1:
      return static_cast<float>(std::uniform_int_distribution<int>(0, 20000)(rng));
    case 2:
      return std::uniform_real_distribution<float>(0.0f, 1e6f)(rng);
    default:
      return std::uniform_real_distribution<float>(0.0f, 1e-3f)(rng);
  }
}

Vocabulary RoundTripVocab() {
  Vocabulary v = MakeVocab();
  v.AddSkill("焊工");
  v.AddSkill("forklift licence");
  v.AddIndustry("制造业");
  v.AddIndustry("logistics");
  v.AddIndustry("it, software");  // a comma forces quoting
  return v;
}

Seeker RandomSeeker(std::mt19937_64& rng, const Vocabulary& vocab, int i, int dim) {
  Seeker s;
  s.id = "S" + std::to_string(i) + RandomIdText(rng, 1);
  s.household_id = RandomIdText(rng);
  s.area = {RandomText(rng), RandomText(rng), RandomText(rng)};
  s.lat = std::uniform_real_distribution<double>(-90.0, 90.0)(rng);
  s.lon = std::uniform_real_distribution<double>(-180.0, 180.0)(rng);
  s.groups = std::uniform_int_distribution<uint64_t>(0, (1u << kNumBuiltinGroups) - 1)(rng);
  for (int k = 0; k < vocab.skills().size(); ++k) {
    if (rng() % 2) {
      s.skills.push_back({k, static_cast<int8_t>(1 + rng() % 8)});
    }
  }
  std::shuffle(s.skills.begin(), s.skills.end(), rng);
  s.education = static_cast<Education>(rng() % 7);
  s.reservation_wage = RandomFloat(rng);
  s.max_commute_km = RandomFloat(rng);
  s.schedule = static_cast<Schedule>(rng() % 4);
  s.needs_accessibility = rng() % 2;
  s.accepts_remote = rng() % 2;
  s.months_unemployed = static_cast<int32_t>(rng() % 200);
  for (int k = 0; k < vocab.industries().size(); ++k) {
    if (rng() % 2) s.preferred_industries.push_back(k);
  }
  for (int k = 0; k < dim; ++k) {
    s.embedding.push_back(std::uniform_real_distribution<float>(-1.0f, 1.0f)(rng));
  }
  return s;
}

Vacancy RandomVacancy(std::mt19937_64& rng, const Vocabulary& vocab, int i, int dim) {
  Vacancy v;
  v.id = "V" + std::to_string(i) + RandomIdText(rng, 1);
  v.employer_id = RandomIdText(rng);
  v.area = {RandomText(rng), RandomText(rng), RandomText(rng)};
  v.lat = std::uniform_real_distribution<double>(-90.0, 90.0)(rng);
  v.lon = std::uniform_real_distribution<double>(-180.0, 180.0)(rng);
  v.openings = static_cast<int32_t>(rng() % 50);
  for (int k = 0; k < vocab.skills().size(); ++k) {
    if (rng() % 2) {
      v.requirements.push_back({k, static_cast<int8_t>(1 + rng() % 8),
                                std::uniform_real_distribution<float>(0.01f, 5.0f)(rng)});
    }
  }
  v.min_education = static_cast<Education>(rng() % 7);
  v.wage_min = RandomFloat(rng);
  v.wage_max = v.wage_min + RandomFloat(rng);
  v.schedule = static_cast<Schedule>(rng() % 3);
  v.accessible = rng() % 2;
  v.remote = rng() % 2;
  v.kind = static_cast<VacancyKind>(rng() % 4);
  v.industry = static_cast<int32_t>(rng() % vocab.industries().size());
  for (int k = 0; k < dim; ++k) {
    v.embedding.push_back(std::uniform_real_distribution<float>(-1.0f, 1.0f)(rng));
  }
  return v;
}

TEST(RoundTrip, RandomSeekers) {
  for (uint64_t seed = 1; seed <= 8; ++seed) {
    std::mt19937_64 rng(seed);
    const Vocabulary vocab = RoundTripVocab();
    const int dim = seed % 2 ? 0 : static_cast<int>(seed);
    std::vector<Seeker> rows;
    for (int i = 0; i < 60; ++i) rows.push_back(RandomSeeker(rng, vocab, i, dim));
    SeekerTable table;
    ASSERT_TRUE(table.Append(rows, vocab).ok());
    const std::string path = TempPath("seekers.csv");
    ASSERT_TRUE(WriteSeekersCsv(path, table, vocab).ok());
    EXPECT_FALSE(FileExists(path + ".tmp"));
    Vocabulary parse_vocab = vocab;
    auto parsed = ParseSeekersCsv(ReadFile(path), "seekers.csv", parse_vocab);
    ASSERT_TRUE(parsed.ok()) << parsed.status();
    ASSERT_EQ(static_cast<int64_t>(parsed->size()), table.size());
    for (int64_t i = 0; i < table.size(); ++i) {
      EXPECT_TRUE((*parsed)[i] == table.Get(i)) << "seed " << seed << " row " << i;
    }
    EXPECT_TRUE(parse_vocab == vocab);

    // Loading the file into a new table gives the same rows again.
    Vocabulary load_vocab = vocab;
    SeekerTable loaded;
    ASSERT_TRUE(LoadSeekersCsv(path, load_vocab, loaded).ok());
    ASSERT_EQ(loaded.size(), table.size());
    for (int64_t i = 0; i < table.size(); ++i) {
      Seeker a = loaded.Get(i);
      Seeker b = table.Get(i);
      // Re-normalising a unit vector may move the last bit.
      ASSERT_EQ(a.embedding.size(), b.embedding.size());
      for (size_t k = 0; k < a.embedding.size(); ++k) {
        EXPECT_NEAR(a.embedding[k], b.embedding[k], 1e-6f);
      }
      a.embedding.clear();
      b.embedding.clear();
      EXPECT_TRUE(a == b) << "seed " << seed << " row " << i;
    }
    std::remove(path.c_str());
  }
}

TEST(RoundTrip, RandomVacancies) {
  for (uint64_t seed = 1; seed <= 8; ++seed) {
    std::mt19937_64 rng(seed * 7919);
    const Vocabulary vocab = RoundTripVocab();
    const int dim = seed % 2 ? 3 : 0;
    std::vector<Vacancy> rows;
    for (int i = 0; i < 60; ++i) rows.push_back(RandomVacancy(rng, vocab, i, dim));
    VacancyTable table;
    ASSERT_TRUE(table.Append(rows, vocab).ok());
    const std::string path = TempPath("vacancies.csv");
    ASSERT_TRUE(WriteVacanciesCsv(path, table, vocab).ok());
    Vocabulary parse_vocab = vocab;
    auto parsed = ParseVacanciesCsv(ReadFile(path), "vacancies.csv", parse_vocab);
    ASSERT_TRUE(parsed.ok()) << parsed.status();
    ASSERT_EQ(static_cast<int64_t>(parsed->size()), table.size());
    for (int64_t i = 0; i < table.size(); ++i) {
      EXPECT_TRUE((*parsed)[i] == table.Get(i)) << "seed " << seed << " row " << i;
    }
    EXPECT_TRUE(parse_vocab == vocab);
    std::remove(path.c_str());
  }
}

TEST(RoundTrip, ChineseAreaNamesWrittenAsPlainUtf8) {
  const Vocabulary vocab = RoundTripVocab();
  Seeker s;
  s.id = "青岛-001";
  s.area = {"崂山区", "中韩街道", "株洲路社区"};
  s.lat = 36.1;
  s.lon = 120.47;
  SeekerTable table;
  ASSERT_TRUE(table.Append({s}, vocab).ok());
  const std::string path = TempPath("seekers.csv");
  ASSERT_TRUE(WriteSeekersCsv(path, table, vocab).ok());
  const std::string text = ReadFile(path);
  EXPECT_EQ(text.rfind("id,household_id,district,town,village,lat,lon,", 0), 0u)
      << "no BOM, header first";
  EXPECT_NE(text.find("青岛-001,,崂山区,中韩街道,株洲路社区,36.1,120.47,"), std::string::npos)
      << text;
  EXPECT_EQ(text.find('\r'), std::string::npos) << "LF line ends";
  Vocabulary v2 = vocab;
  auto parsed = ParseSeekersCsv(text, "seekers.csv", v2);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_TRUE((*parsed)[0] == table.Get(0));
  std::remove(path.c_str());
}

TEST(RoundTrip, SkillsCsv) {
  const Vocabulary vocab = RoundTripVocab();
  const std::string path = TempPath("skills.csv");
  ASSERT_TRUE(WriteSkillsCsv(path, vocab).ok());
  EXPECT_EQ(ReadFile(path), "skill\nwelding\ncnc\nsafety\n焊工\nforklift licence\n");
  Vocabulary fresh;
  ASSERT_TRUE(ReadSkillsCsv(path, fresh).ok());
  EXPECT_TRUE(fresh.skills() == vocab.skills());
  std::remove(path.c_str());
}

TEST(Writers, QuoteAsRfc4180Requires) {
  const Vocabulary vocab = RoundTripVocab();
  Vacancy v;
  v.id = "a,b";
  v.employer_id = "q\"x";
  v.area.town = "l1\nl2";
  v.area.village = "plain text";
  v.industry = 2;  // "it, software"
  VacancyTable table;
  ASSERT_TRUE(table.Append({v}, vocab).ok());
  const std::string path = TempPath("vacancies.csv");
  ASSERT_TRUE(WriteVacanciesCsv(path, table, vocab).ok());
  EXPECT_EQ(ReadFile(path),
            "id,employer_id,district,town,village,lat,lon,openings,"
            "requirements,min_education,wage_min,wage_max,schedule,accessible,"
            "remote,kind,industry\n"
            "\"a,b\",\"q\"\"x\",,\"l1\nl2\",plain text,0,0,1,,0,0,0,full_time,"
            "false,false,regular,\"it, software\"\n");
  std::remove(path.c_str());
}

TEST(Writers, FailureLeavesNoFile) {
  Vocabulary vocab = MakeVocab();
  vocab.AddSkill("bad;name");
  const std::string path = TempPath("skills.csv");
  const absl::Status s = WriteSkillsCsv(path, vocab);
  EXPECT_EQ(Msg(s),
            "skill name 'bad;name' cannot be written to CSV: it is empty, has "
            "surrounding whitespace or contains one of ':;'");
  EXPECT_FALSE(FileExists(path));
  EXPECT_FALSE(FileExists(path + ".tmp"));

  const std::string no_dir = ::testing::TempDir() + "no/such/dir/skills.csv";
  EXPECT_FALSE(WriteSkillsCsv(no_dir, MakeVocab()).ok());
}

TEST(Writers, ReplacesExistingFile) {
  const std::string path = TempPath("skills.csv");
  WriteFile(path, "old content that is longer than the new one\n");
  ASSERT_TRUE(WriteSkillsCsv(path, MakeVocab()).ok());
  EXPECT_EQ(ReadFile(path), "skill\nwelding\ncnc\nsafety\n");
  std::remove(path.c_str());
}

// Targets that are not regular files are written in place, never replaced:
// renaming a temporary over /dev/null (as root) would turn the device into a
// regular file. A FIFO stands in for a device node (no root needed).
TEST(Writers, FifoTargetIsWrittenInPlaceNotReplaced) {
  const std::string path = TempPath("skills.fifo");
  std::remove(path.c_str());
  ASSERT_EQ(::mkfifo(path.c_str(), 0600), 0) << std::strerror(errno);
  std::string got;
  std::thread reader([&] {
    std::ifstream in(path, std::ios::binary);
    got.assign(std::istreambuf_iterator<char>(in), {});
  });
  const absl::Status s = WriteSkillsCsv(path, MakeVocab());
  reader.join();
  ASSERT_TRUE(s.ok()) << s;
  EXPECT_EQ(got, "skill\nwelding\ncnc\nsafety\n");
  struct stat st;
  ASSERT_EQ(::lstat(path.c_str(), &st), 0);
  EXPECT_TRUE(S_ISFIFO(st.st_mode)) << "the FIFO was replaced";
  EXPECT_FALSE(FileExists(path + ".tmp"));
  std::remove(path.c_str());
}

TEST(Writers, SymlinkTargetIsWrittenThroughAndKept) {
  const std::string file = TempPath("skills_real.csv");
  const std::string link = TempPath("skills_link.csv");
  std::remove(link.c_str());
  WriteFile(file, "old\n");
  ASSERT_EQ(::symlink(file.c_str(), link.c_str()), 0) << std::strerror(errno);
  ASSERT_TRUE(WriteSkillsCsv(link, MakeVocab()).ok());
  struct stat st;
  ASSERT_EQ(::lstat(link.c_str(), &st), 0);
  EXPECT_TRUE(S_ISLNK(st.st_mode)) << "the link was replaced";
  EXPECT_EQ(ReadFile(file), "skill\nwelding\ncnc\nsafety\n");
  std::remove(link.c_str());
  std::remove(file.c_str());
}

TEST(Writers, DirectoryTargetIsRefused) {
  const std::string dir = TempPath("skills_dir");
  ::mkdir(dir.c_str(), 0700);
  const absl::Status s = WriteSkillsCsv(dir, MakeVocab());
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition) << s;
  EXPECT_EQ(Msg(s), dir + ": is a directory");
  ::rmdir(dir.c_str());
}

// ------------------------------------------------------------------ recommendations

// Two seekers, three vacancies; V3 is out of commuting range of both.
class RecommendationsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    vocab_ = MakeVocab();
    const int32_t mfg = vocab_.AddIndustry("manufacturing");
    Seeker s1;
    s1.id = "S1";
    s1.lat = 36.0;
    s1.lon = 120.0;
    s1.groups = GroupMask{1} << *vocab_.FindGroup("veteran");
    s1.skills = {{0, 5}};
    Seeker s2;
    s2.id = "S,2";  // needs quoting
    s2.lat = 36.01;
    s2.lon = 120.01;
    s2.skills = {{1, 3}};
    Vacancy v1;
    v1.id = "V1";
    v1.lat = 36.0;
    v1.lon = 120.0;
    v1.requirements = {{0, 3, 1.0f}};
    v1.industry = mfg;
    Vacancy v2 = v1;
    v2.id = "V2";
    v2.lat = 36.02;
    v2.requirements = {{1, 2, 1.0f}};
    Vacancy v3 = v1;
    v3.id = "V3";
    v3.lat = 40.0;
    v3.lon = 116.0;
    ASSERT_TRUE(seekers_.Append({s1, s2}, vocab_).ok());
    ASSERT_TRUE(vacancies_.Append({v1, v2, v3}, vocab_).ok());
    Policy p = Policy::Default();
    p.rules.clear();
    p.eligibility.kind_restrictions.clear();
    PriorityRule rule;
    rule.name = "veteran_first";
    rule.weight = 0.1f;
    rule.groups = {"veteran"};
    p.rules.push_back(rule);
    auto scorer = Scorer::Create(p, vocab_, seekers_, vacancies_);
    ASSERT_TRUE(scorer.ok()) << scorer.status();
    scorer_ = std::make_unique<Scorer>(std::move(*scorer));
  }

  TopKResult Top(Direction d) {
    TopKOptions opt;
    opt.k = 3;
    opt.num_threads = 1;
    auto r = TopK(*scorer_, d, opt);
    EXPECT_TRUE(r.ok()) << r.status();
    return *r;
  }

  Vocabulary vocab_;
  SeekerTable seekers_;
  VacancyTable vacancies_;
  std::unique_ptr<Scorer> scorer_;
};

// Splits a line produced for ids without quotes inside.
std::vector<std::string> SplitLine(const std::string& line) {
  std::vector<std::string> out;
  std::string cur;
  bool quoted = false;
  for (char c : line) {
    if (c == '"') {
      quoted = !quoted;
    } else if (c == ',' && !quoted) {
      out.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  out.push_back(cur);
  return out;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream ss(text);
  for (std::string l; std::getline(ss, l);) out.push_back(l);
  return out;
}

float ToFloat(const std::string& s) {
  float v = 0;
  auto r = std::from_chars(s.data(), s.data() + s.size(), v);
  EXPECT_EQ(r.ptr, s.data() + s.size()) << s;
  return v;
}

TEST_F(RecommendationsTest, VacanciesForSeekers) {
  const TopKResult r = Top(Direction::kVacanciesForSeekers);
  const std::vector<std::string> lines =
      Lines(RecommendationsToCsv(r, *scorer_, /*explain=*/false));
  ASSERT_FALSE(lines.empty());
  EXPECT_EQ(lines[0], "seeker_id,rank,vacancy_id,score");
  size_t expected = 1;
  for (int64_t i = 0; i < r.rows; ++i) {
    for (int j = 0; j < r.k; ++j) {
      if (r.index[i * r.k + j] >= 0) ++expected;
    }
  }
  ASSERT_EQ(lines.size(), expected) << "entries with index -1 are skipped";
  EXPECT_LT(expected, 1u + 2 * 3) << "V3 is out of range, so some are skipped";
  size_t line = 1;
  for (int64_t i = 0; i < r.rows; ++i) {
    for (int j = 0; j < r.k; ++j) {
      const int64_t v = r.index[i * r.k + j];
      if (v < 0) continue;
      const std::vector<std::string> f = SplitLine(lines[line++]);
      ASSERT_EQ(f.size(), 4u);
      EXPECT_EQ(f[0], seekers_.ids()[r.row_ids[i]]);
      EXPECT_EQ(f[1], std::to_string(j + 1));
      EXPECT_EQ(f[2], vacancies_.ids()[v]);
      EXPECT_EQ(ToFloat(f[3]), r.score[i * r.k + j]) << "score must round-trip";
    }
  }
  EXPECT_NE(RecommendationsToCsv(r, *scorer_, false).find("\"S,2\",1,"), std::string::npos);
}

TEST_F(RecommendationsTest, SeekersForVacanciesWithExplanation) {
  const TopKResult r = Top(Direction::kSeekersForVacancies);
  const std::vector<std::string> lines = Lines(RecommendationsToCsv(r, *scorer_, /*explain=*/true));
  ASSERT_FALSE(lines.empty());
  EXPECT_EQ(lines[0],
            "vacancy_id,rank,seeker_id,score,skill,embedding,distance,wage,"
            "schedule,education,preference,base,boost,distance_km,rules");
  size_t line = 1;
  int veteran_lines = 0;
  for (int64_t i = 0; i < r.rows; ++i) {
    for (int j = 0; j < r.k; ++j) {
      const int64_t s = r.index[i * r.k + j];
      if (s < 0) continue;
      ASSERT_LT(line, lines.size());
      const std::vector<std::string> f = SplitLine(lines[line++]);
      ASSERT_EQ(f.size(), 15u) << lines[line - 1];
      const Explanation e = scorer_->Explain(s, r.row_ids[i]);
      EXPECT_EQ(f[0], vacancies_.ids()[r.row_ids[i]]);
      EXPECT_EQ(f[2], seekers_.ids()[s]);
      EXPECT_EQ(ToFloat(f[3]), e.score);
      for (int c = 0; c < kNumComponents; ++c) {
        if (e.used[c]) {
          EXPECT_EQ(ToFloat(f[4 + c]), e.value[c]) << "component " << c;
        } else {
          EXPECT_EQ(f[4 + c], "") << "component " << c << " not in use";
        }
      }
      EXPECT_EQ(f[5], "") << "no embeddings in this data";
      EXPECT_EQ(ToFloat(f[11]), e.base);
      EXPECT_EQ(ToFloat(f[12]), e.boost);
      EXPECT_EQ(ToFloat(f[13]), e.distance_km);
      if (seekers_.ids()[s] == "S1") {
        EXPECT_EQ(f[14], "veteran_first");
        ++veteran_lines;
      } else {
        EXPECT_EQ(f[14], "");
      }
    }
  }
  EXPECT_EQ(line, lines.size());
  EXPECT_GT(veteran_lines, 0);
}

TEST_F(RecommendationsTest, FileEqualsStringAndBadResultRejected) {
  const TopKResult r = Top(Direction::kVacanciesForSeekers);
  const std::string path = TempPath("recs.csv");
  ASSERT_TRUE(WriteRecommendationsCsv(path, r, *scorer_, true).ok());
  EXPECT_EQ(ReadFile(path), RecommendationsToCsv(r, *scorer_, true));
  EXPECT_FALSE(FileExists(path + ".tmp"));
  std::remove(path.c_str());

  TopKResult bad = r;
  bad.index[0] = 99;  // not a vacancy row
  EXPECT_EQ(WriteRecommendationsCsv(path, bad, *scorer_, false).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_FALSE(FileExists(path));
  bad = r;
  bad.score.pop_back();
  EXPECT_FALSE(WriteRecommendationsCsv(path, bad, *scorer_, false).ok());
}

// WriteListsCsv (merged distributed lists) writes the lines of
// WriteRecommendationsCsv without explanations from the same lists given as
// columns, in both directions, and refuses columns of unequal length or a
// rank below 1 without writing anything.
TEST_F(RecommendationsTest, ListsFromColumnsEqualTheRecommendationsFile) {
  for (Direction d : {Direction::kVacanciesForSeekers, Direction::kSeekersForVacancies}) {
    const TopKResult r = Top(d);
    const bool by_seeker = d == Direction::kVacanciesForSeekers;
    const std::vector<std::string>& rows = by_seeker ? seekers_.ids() : vacancies_.ids();
    const std::vector<std::string>& entries = by_seeker ? vacancies_.ids() : seekers_.ids();
    std::vector<std::string> answer, entry;
    std::vector<int64_t> rank;
    std::vector<float> score;
    for (int64_t i = 0; i < r.rows; ++i) {
      for (int j = 0; j < r.k; ++j) {
        const int64_t e = r.index[i * r.k + j];
        if (e < 0) continue;
        answer.push_back(rows[r.row_ids[i]]);
        rank.push_back(j + 1);
        entry.push_back(entries[e]);
        score.push_back(r.score[i * r.k + j]);
      }
    }
    const std::string path = TempPath("lists.csv");
    ASSERT_TRUE(WriteListsCsv(path, d, answer, rank, entry, score).ok());
    EXPECT_EQ(ReadFile(path), RecommendationsToCsv(r, *scorer_, false));
    std::remove(path.c_str());
    rank.pop_back();
    EXPECT_EQ(WriteListsCsv(path, d, answer, rank, entry, score).code(),
              absl::StatusCode::kInvalidArgument);
    rank.push_back(0);
    EXPECT_EQ(WriteListsCsv(path, d, answer, rank, entry, score).code(),
              absl::StatusCode::kInvalidArgument);
    EXPECT_FALSE(FileExists(path));
  }
}

}  // namespace
}  // namespace jobmatch

namespace jobmatch {
namespace {

// ------------------------------------------------------------------ dates

TEST(CsvDates, OptionalColumnsRoundTripAndAreWrittenOnlyWhenSomeRowHasOne) {
  Vocabulary vocab = MakeVocab();
  auto rows = ParseSeekersCsv(
      "id,lat,lon,registered_on\nS1,36,120,2025-03-07\nS2,36,120,\n"
      "S3,36,120, 2024-02-29 \n",
      "seekers.csv", vocab);
  ASSERT_TRUE(rows.ok()) << rows.status();
  ASSERT_EQ(rows->size(), 3u);
  EXPECT_EQ((*rows)[0].registered_on, ParseIsoDate("2025-03-07"));
  EXPECT_FALSE((*rows)[1].registered_on.has_value());
  EXPECT_EQ((*rows)[2].registered_on, DateFromYmd(2024, 2, 29));
  SeekerTable table;
  ASSERT_TRUE(table.Append(*rows, vocab).ok());
  const std::string path = TempPath("seekers.csv");
  ASSERT_TRUE(WriteSeekersCsv(path, table, vocab).ok());
  const std::string text = ReadFile(path);
  EXPECT_NE(text.find(",registered_on\n"), std::string::npos) << text;
  EXPECT_NE(text.find(",2025-03-07\n"), std::string::npos) << text;
  Vocabulary v2 = MakeVocab();
  auto again = ParseSeekersCsv(text, "seekers.csv", v2);
  ASSERT_TRUE(again.ok()) << again.status();
  for (size_t i = 0; i < rows->size(); ++i) EXPECT_TRUE((*again)[i] == table.Get(i)) << i;

  // No row with a date: the column is not written (files of data without
  // dates are what they were before dates existed).
  SeekerTable undated;
  Seeker s;
  s.id = "S9";
  s.lat = 36;
  s.lon = 120;
  ASSERT_TRUE(undated.Append({s}, vocab).ok());
  ASSERT_TRUE(WriteSeekersCsv(path, undated, vocab).ok());
  EXPECT_EQ(ReadFile(path).find("registered_on"), std::string::npos);
  std::remove(path.c_str());

  Vocabulary v3 = MakeVocab();
  auto vac = ParseVacanciesCsv("id,lat,lon,posted_on\nV1,36,120,2026-12-04\n", "vacancies.csv", v3);
  ASSERT_TRUE(vac.ok()) << vac.status();
  EXPECT_EQ(FormatIsoDate(*(*vac)[0].posted_on), "2026-12-04");
}

TEST(CsvDates, EveryMalformedDateIsRefusedWithItsLine) {
  for (const char* bad : {"2025-02-29", "2025-13-01", "2025-00-10", "2025-1-1", "20250301",
                          "1899-12-31", "2200-01-01", "2025/03/01", "2025-03-01T00:00", "tomorrow",
                          "+2025-03-01", "２０２５-03-01"}) {
    const std::string m =
        SeekerError(absl::StrCat("id,lat,lon,registered_on\nS0,36,120,\nS1,36,"
                                 "120,",
                                 bad, "\n"));
    EXPECT_EQ(m.rfind("seekers.csv:3: column 'registered_on': not a date (expected YYYY-MM-DD "
                      "between 1900-01-01 and 2199-12-31)",
                      0),
              0u)
        << bad << ": " << m;
  }
}

// A file exported without its header row: the first data row is read as
// the header. Whatever its values, none of them (household ids, key groups,
// months unemployed, ...) may appear in the message.
TEST(CsvHeader, ValuesOfAHeaderlessFileAreNeverShown) {
  std::mt19937_64 rng(42);
  auto token = [&](int n) {
    static const char kChars[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_";
    std::string t;
    for (int i = 0; i < n; ++i) t.push_back(kChars[rng() % (sizeof kChars - 1)]);
    return t;
  };
  for (int iter = 0; iter < 300; ++iter) {
    // A plausible data row: id, household, area, coordinates, key groups,
    // skills, numbers, flags; in a random column order and count.
    std::vector<std::string> fields = {"S" + std::to_string(rng() % 100000),
                                       "H" + token(6),
                                       "市北区",
                                       "36." + std::to_string(rng() % 100000),
                                       "120." + std::to_string(rng() % 1000),
                                       "graduate_youth;disabled",
                                       "welding:3;cnc:2",
                                       std::to_string(rng() % 60),
                                       "true",
                                       token(1 + rng() % 12),
                                       "zero_employment_household"};
    std::shuffle(fields.begin(), fields.end(), rng);
    fields.resize(2 + rng() % (fields.size() - 1));
    const std::string first = absl::StrJoin(fields, ",");
    const std::string m = SeekerError(first + "\n" + first + "\n");
    // The message is built from counts and column names only.
    static const std::regex kOnlyCountsAndNames(
        "seekers\\.csv:1: [0-9]+ fields? of the first row (is|are) not column names \\(not "
        "shown: is the header row missing\\?\\); missing required columns? '[a-z_]+'(, "
        "'[a-z_]+')*");
    EXPECT_TRUE(std::regex_match(m, kOnlyCountsAndNames)) << first << "\n -> " << m;
    for (const std::string& f : fields) {
      if (f.size() >= 4) {
        EXPECT_EQ(m.find(f), std::string::npos) << f << " shown in: " << m;
      }
    }
  }
}

}  // namespace
}  // namespace jobmatch
