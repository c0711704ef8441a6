// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// Policy files that two readers could read differently are refused
// (docs/policy_file.md, "What the checker guarantees"): duplicate keys at
// any depth, NUL bytes anywhere, bytes that are not UTF-8 (also inside
// comments), numbers just outside a limit (with the number printed so the
// reason shows), names that are not identifiers. Each class is generated
// many times over; every message is checked to be printable UTF-8.
#include <cmath>
#include <cstdlib>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "gtest/gtest.h"
#include "jobmatch/policy/policy.h"
#include "nlohmann/json.hpp"
#include "testing/test_util.h"

namespace jobmatch {
namespace {

using Json = nlohmann::ordered_json;

std::string Msg(const absl::StatusOr<Policy>& p) { return std::string(p.status().message()); }

// Every message: valid UTF-8 without control characters, and short.
void ExpectPrintable(const std::string& m) {
  for (size_t i = 0; i < m.size(); ++i) {
    const auto c = static_cast<unsigned char>(m[i]);
    ASSERT_FALSE(c < 0x20 || c == 0x7f) << "control byte at " << i << " in " << m;
  }
  // Re-encoding through nlohmann throws on invalid UTF-8.
  EXPECT_NO_THROW(Json(m).dump()) << m;
  EXPECT_LT(m.size(), 4096u);
}

// Line and column (1-based, bytes) of `offset`, counted here independently.
std::string LineCol(const std::string& text, size_t offset) {
  size_t line = 1, col = 1;
  for (size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++line;
      col = 1;
    } else {
      ++col;
    }
  }
  return absl::StrCat(line, ":", col);
}

const std::string& DefaultText() {
  static const std::string text = testing::ReadSourceFile("policies/default.json");
  return text;
}

// ------------------------------------------------------------ duplicates

// Writes `j` as JSON text, emitting the member `dup_key` of the object at
// `dup_path` twice (first with `first_value`).
void Write(const Json& j, const std::string& path, const std::string& dup_path,
           const std::string& dup_key, const Json& first_value, std::string* out) {
  if (j.is_object()) {
    out->push_back('{');
    bool first = true;
    for (auto it = j.begin(); it != j.end(); ++it) {
      const std::string child = path.empty() ? it.key() : path + "." + it.key();
      auto member = [&](const Json& v) {
        if (!first) out->push_back(',');
        first = false;
        *out += Json(it.key()).dump() + ":";
        Write(v, child, dup_path, dup_key, first_value, out);
      };
      if (path == dup_path && it.key() == dup_key) member(first_value);
      member(*it);
    }
    out->push_back('}');
  } else if (j.is_array()) {
    out->push_back('[');
    for (size_t i = 0; i < j.size(); ++i) {
      if (i > 0) out->push_back(',');
      Write(j[i], absl::StrCat(path, "[", i, "]"), dup_path, dup_key, first_value, out);
    }
    out->push_back(']');
  } else {
    *out += j.dump();
  }
}

// Every (object path, key) of `j`.
void Members(const Json& j, const std::string& path,
             std::vector<std::pair<std::string, std::string>>* out) {
  if (j.is_object()) {
    for (auto it = j.begin(); it != j.end(); ++it) {
      out->push_back({path, it.key()});
      Members(*it, path.empty() ? it.key() : path + "." + it.key(), out);
    }
  } else if (j.is_array()) {
    for (size_t i = 0; i < j.size(); ++i) Members(j[i], absl::StrCat(path, "[", i, "]"), out);
  }
}

// A random JSON value up to `depth` levels deep (the content of a
// "description", which the reader ignores).
Json RandomValue(std::mt19937_64& rng, int depth) {
  auto uni = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  const int kind = depth == 0 ? uni(0, 2) : uni(0, 4);
  if (kind == 0) return uni(-5, 5);
  if (kind == 1) return absl::StrCat("s", uni(0, 9));
  if (kind == 2) return nullptr;
  if (kind == 3) {
    Json a = Json::array();
    for (int i = uni(0, 3); i > 0; --i) a.push_back(RandomValue(rng, depth - 1));
    return a;
  }
  Json o = Json::object();
  for (int i = uni(1, 3); i > 0; --i) o[absl::StrCat("k", uni(0, 5))] = RandomValue(rng, depth - 1);
  return o;
}

TEST(PolicyInputTest, DuplicateKeysAreRefusedAtEveryDepthWithTheirPath) {
  const Json doc = Json::parse(DefaultText());
  std::vector<std::pair<std::string, std::string>> members;
  Members(doc, "", &members);
  ASSERT_GT(members.size(), 80u);
  // Every key of the shipped file, twice: with the same value, and with a
  // different one first (the reader used to keep the last).
  for (const auto& [path, key] : members) {
    for (const Json& first : {Json(nullptr), Json(-5)}) {
      std::string text;
      Write(doc, "", path, key, first, &text);
      auto p = Policy::FromJson(text, "dup.json");
      const std::string want = absl::StrCat(
          "dup.json: ", path.empty() ? key : path + "." + key,
          ": duplicate key: a key may appear once in an object (JSON readers disagree on which "
          "copy counts)");
      EXPECT_EQ(Msg(p), want) << text;
    }
  }
  // Random documents nested under "description" (up to 8 levels deep).
  std::mt19937_64 rng(5);
  int tried = 0;
  for (int round = 0; round < 3000; ++round) {
    Json d = Json::parse(R"({"format_version": 1})");
    d["description"] = RandomValue(rng, 7);
    std::vector<std::pair<std::string, std::string>> ms;
    Members(d, "", &ms);
    const auto& [path, key] = ms[std::uniform_int_distribution<size_t>(0, ms.size() - 1)(rng)];
    std::string text;
    Write(d, "", path, key, Json("x"), &text);
    auto p = Policy::FromJson(text, "dup.json");
    EXPECT_EQ(Msg(p).rfind(absl::StrCat("dup.json: ", path.empty() ? key : path + "." + key,
                                        ": duplicate key"),
                           0),
              0u)
        << text << "\n"
        << Msg(p);
    ++tried;
  }
  EXPECT_EQ(tried, 3000);
  // The documented example.
  EXPECT_EQ(Msg(Policy::FromJson(R"({"format_version": 1, "weights": {"skill": -5, "skill": 0.4}})",
                                 "w.json"))
                .rfind("w.json: weights.skill: duplicate key", 0),
            0u);
}

// ------------------------------------------------------------------ bytes

TEST(PolicyInputTest, NulAtEveryOffsetIsRefusedWithLineAndColumn) {
  const std::string& text = DefaultText();
  for (size_t at = 0; at <= text.size(); ++at) {
    for (bool replace : {false, true}) {
      if (replace && at == text.size()) continue;
      std::string t = text;
      if (replace) {
        t[at] = '\0';
      } else {
        t.insert(at, 1, '\0');
      }
      auto p = Policy::FromJson(t, "nul.json");
      ASSERT_EQ(Msg(p), absl::StrCat("nul.json:", LineCol(t, at),
                                     ": NUL byte: a policy file is UTF-8 text, and readers that "
                                     "stop at a NUL would ignore the rest"))
          << at;
    }
  }
  // Bytes after a NUL used to be ignored.
  EXPECT_FALSE(Policy::FromJson(std::string("{\"format_version\": 1}\0{{{", 25)).ok());
}

TEST(PolicyInputTest, InvalidUtf8AnywhereIsRefusedWithLineAndColumn) {
  // Inside comments too: nlohmann does not look at them.
  const std::string text = "// a comment\n" + DefaultText() + "/* end */\n";
  const std::vector<std::string> bad = {"\x80",         "\xff",         "\xc0\x80",
                                        "\xe0\x80\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80",
                                        "\xe9\x9d",     "\xc3"};
  std::mt19937_64 rng(9);
  for (int i = 0; i < 3000; ++i) {
    const size_t at = std::uniform_int_distribution<size_t>(0, text.size())(rng);
    const std::string& b = bad[i % bad.size()];
    std::string t = text;
    t.insert(at, b);
    auto p = Policy::FromJson(t, "u.json");
    ASSERT_EQ(Msg(p), absl::StrFormat("u.json:%s: not valid UTF-8 (byte 0x%02x): a policy file is "
                                      "UTF-8 text",
                                      LineCol(t, at), static_cast<unsigned char>(b[0])))
        << at;
    ExpectPrintable(Msg(p));
  }
  // Valid multi-byte text, in names and in comments, loads.
  auto ok = Policy::FromJson("{\"format_version\": 1, /* 青岛 */ \"name\": \"青岛 😀\"}");
  ASSERT_TRUE(ok.ok()) << ok.status();
  EXPECT_EQ(ok->name, "青岛 😀");
}

// ---------------------------------------------------------------- numbers

struct NumberField {
  std::string path;
  double lo, hi;
  // The policy with the value as JSON text `v`.
  std::string (*doc)(const std::string& v);
  bool negative_is_weight = false;  // below 0 gives the positive-measure message
};

std::string Weights(const std::string& key, const std::string& v) {
  return absl::StrCat(R"({"format_version": 1, "weights": {")", key, R"(": )", v, "}}");
}

std::vector<NumberField> AllNumberFields() {
  std::vector<NumberField> f;
  auto add = [&](std::string path, double lo, double hi, std::string (*doc)(const std::string&),
                 bool neg = false) {
    f.push_back({std::move(path), lo, hi, doc, neg});
  };
#define JM_WEIGHT(k) add("weights." k, 0, 1000, [](const std::string& v) { return Weights(k, v); });
  JM_WEIGHT("skill")
  JM_WEIGHT("embedding")
  JM_WEIGHT("distance")
  JM_WEIGHT("wage")
  JM_WEIGHT("schedule")
  JM_WEIGHT("education")
  JM_WEIGHT("preference")
#undef JM_WEIGHT
#define JM_SCORING(k, lo, hi)                                                            \
  add("scoring." k, lo, hi, [](const std::string& v) {                                   \
    return absl::StrCat(R"({"format_version": 1, "scoring": {")", k, R"(": )", v, "}}"); \
  });
  JM_SCORING("partial_credit_per_grade", 0, 1)
  JM_SCORING("default_max_commute_km", 0.001, 20000)
  JM_SCORING("wage_zero_ratio", 0, 0.99)
  JM_SCORING("education_penalty_per_level", 0, 1)
  JM_SCORING("neutral_preference", 0, 1)
#undef JM_SCORING
#define JM_FIT(a, b)                                                                              \
  add("scoring.schedule_fit." a "." b, 0, 1, [](const std::string& v) {                           \
    return absl::StrCat(R"({"format_version": 1, "scoring": {"schedule_fit": {")", a, R"(": {")", \
                        b, R"(": )", v, "}}}}");                                                  \
  });
#define JM_FIT_ROW(a) JM_FIT(a, "full_time") JM_FIT(a, "school_hours") JM_FIT(a, "flexible")
  JM_FIT_ROW("full_time")
  JM_FIT_ROW("school_hours")
  JM_FIT_ROW("flexible")
  JM_FIT_ROW("any")
#undef JM_FIT_ROW
#undef JM_FIT
  add("priority.max_total_boost", 0, 10, [](const std::string& v) {
    return absl::StrCat(R"({"format_version": 1, "priority": {"max_total_boost": )", v, "}}");
  });
  add(
      "priority.rules[0].weight", 0, 10,
      [](const std::string& v) {
        return absl::StrCat(
            R"({"format_version": 1, "priority": {"rules": [{"name": "r", "weight": )", v,
            R"(, "groups": ["veteran", "disabled", "older_worker"]}]}})");
      },
      true);
  add("priority.rules[0].min_months_unemployed", 0, 1200, [](const std::string& v) {
    return absl::StrCat(
        R"({"format_version": 1, "priority": {"rules": [{"name": "r", "weight": 0.1, "groups": ["veteran", "disabled", "older_worker"], "min_months_unemployed": )",
        v, "}]}}");
  });
  add("quotas[0].share", 0, 1, [](const std::string& v) {
    return absl::StrCat(
        R"({"format_version": 1, "quotas": [{"name": "q", "groups": ["graduate_youth"], "share": )",
        v, "}]}");
  });
  return f;
}

std::string Json17(double v) { return absl::StrFormat("%.17g", v); }

TEST(PolicyInputTest, NumbersAtAndJustBeyondEveryLimit) {
  const std::vector<NumberField> fields = AllNumberFields();
  ASSERT_EQ(fields.size(), 7u + 5u + 12u + 4u);
  std::mt19937_64 rng(3);
  for (const NumberField& f : fields) {
    // At the limits: accepted.
    for (double v : {f.lo, f.hi}) {
      auto p = Policy::FromJson(f.doc(Json17(v)), "n.json");
      EXPECT_TRUE(p.ok()) << f.path << " = " << Json17(v) << ": " << p.status();
    }
    // Just beyond: the next double, a relative 1e-9 and 1e-7 beyond, and a
    // random amount beyond; the message prints the number in a form that
    // reads back to it and differs from the limit.
    std::vector<std::pair<double, bool>> beyond;  // value, above
    for (double rel : {0.0, 1e-12, 1e-9, 1e-7}) {
      const double up = rel == 0 ? std::nextafter(f.hi, INFINITY) : f.hi * (1 + rel) + rel;
      const double down = rel == 0 ? std::nextafter(f.lo, -INFINITY) : f.lo * (1 - rel) - rel;
      beyond.push_back({up, true});
      beyond.push_back({down, false});
    }
    beyond.push_back({f.hi + std::uniform_real_distribution<double>(0, 1e6)(rng), true});
    for (const auto& [v, above] : beyond) {
      auto p = Policy::FromJson(f.doc(Json17(v)), "n.json");
      ASSERT_FALSE(p.ok()) << f.path << " = " << Json17(v);
      const std::string m = Msg(p);
      ExpectPrintable(m);
      if (!above && f.negative_is_weight) {
        EXPECT_EQ(m, absl::StrCat("n.json: ", f.path,
                                  ": must be >= 0: priority for key groups is a positive measure "
                                  "and no rule may lower a score"));
        continue;
      }
      const std::string prefix = absl::StrCat("n.json: ", f.path, ": must be a finite number in [");
      ASSERT_EQ(m.rfind(prefix, 0), 0u) << m;
      const size_t got = m.find("], got ");
      ASSERT_NE(got, std::string::npos) << m;
      const std::string bounds = m.substr(prefix.size(), got - prefix.size());
      const std::string shown = m.substr(got + 7);
      EXPECT_EQ(std::strtod(shown.c_str(), nullptr), v) << m;  // reads back exactly
      EXPECT_LE(shown.size(), 24u) << m;                       // shortest form
      const std::string lo = bounds.substr(0, bounds.find(", "));
      const std::string hi = bounds.substr(bounds.find(", ") + 2);
      EXPECT_EQ(std::strtod(lo.c_str(), nullptr), f.lo) << m;
      EXPECT_EQ(std::strtod(hi.c_str(), nullptr), f.hi) << m;
      EXPECT_NE(shown, above ? hi : lo) << m;  // the reason is visible
    }
  }
  // The documented example.
  EXPECT_EQ(Msg(Policy::FromJson(
                R"({"format_version": 1, "priority": {"max_total_boost": 10.0000001}})", "t.json")),
            "t.json: priority.max_total_boost: must be a finite number in [0, 10], got 10.0000001");
  // Huge numbers never print hundreds of digits.
  EXPECT_EQ(
      Msg(Policy::FromJson(R"({"format_version": 1, "weights": {"skill": 1.7976931348623157e308}})",
                           "t.json")),
      "t.json: weights.skill: must be a finite number in [0, 1000], got 1.7976931348623157e+308");
}

// ------------------------------------------------------------------ names

TEST(PolicyInputTest, NamesInTheFileAreIdentifiers) {
  struct Place {
    std::string path;  // where the bad name lands
    std::string doc;   // with NAME in its place
  };
  const std::vector<Place> places = {
      {"groups[0]", R"({"format_version": 1, "groups": [NAME]})"},
      {"priority.rules[0].name",
       R"({"format_version": 1, "priority": {"rules": [{"name": NAME, "weight": 0.1, "groups": ["veteran"]}]}})"},
      {"priority.rules[0].groups[0]",
       R"({"format_version": 1, "priority": {"rules": [{"name": "r", "weight": 0.1, "groups": [NAME]}]}})"},
      {"priority.rules[0].industries[0]",
       R"({"format_version": 1, "priority": {"rules": [{"name": "r", "weight": 0.1, "groups": ["veteran"], "industries": [NAME]}]}})"},
      {"eligibility.kind_restrictions[0].groups[0]",
       R"({"format_version": 1, "eligibility": {"kind_restrictions": [{"kind": "gig", "groups": [NAME]}]}})"},
      {"quotas[0].name",
       R"({"format_version": 1, "quotas": [{"name": NAME, "groups": ["veteran"], "share": 0.5}]})"},
      {"quotas[0].groups[0]",
       R"({"format_version": 1, "quotas": [{"name": "q", "groups": [NAME], "share": 0.5}]})"},
  };
  struct Bad {
    std::string json;  // the name as a JSON string
    std::string why;
  };
  std::vector<Bad> bads = {
      {R"("a;b")", "contains ';' (the list separator of the CSV files)"},
      {R"(" a")", "has leading or trailing white space"},
      {R"("a ")", "has leading or trailing white space"},
      {Json(std::string(129, 'x')).dump(), "is 129 bytes long, more than the limit of 128"},
      {R"("a\u0085")", "contains the control character U+0085 (at byte 1)"},
      {R"("a\u007f")", "contains the control character U+007F (at byte 1)"},
  };
  for (int c = 0; c < 0x20; ++c) {
    bads.push_back({absl::StrFormat(R"("a\u%04x")", c),
                    absl::StrFormat("contains the control character U+%04X (at byte 1)", c)});
  }
  int n = 0;
  for (const Place& place : places) {
    for (const Bad& b : bads) {
      std::string doc = place.doc;
      doc.replace(doc.find("NAME"), 4, b.json);
      auto p = Policy::FromJson(doc, "names.json");
      const std::string m = Msg(p);
      EXPECT_EQ(m.rfind("names.json: " + place.path + ": invalid ", 0), 0u) << doc << "\n" << m;
      EXPECT_NE(m.find(" name: " + b.why), std::string::npos) << m;
      ExpectPrintable(m);
      ++n;
    }
    // At the limit, and in Chinese: accepted where the name need not be
    // known (declared groups, rule and quota names).
    if (place.path == "groups[0]" || place.path.find(".name") != std::string::npos) {
      for (const std::string& good :
           {Json(std::string(128, 'x')).dump(), std::string(R"("外来务工人员")")}) {
        std::string doc = place.doc;
        doc.replace(doc.find("NAME"), 4, good);
        EXPECT_TRUE(Policy::FromJson(doc).ok()) << doc;
      }
    }
  }
  EXPECT_EQ(n, 7 * 38);
  // An unknown name with odd bytes is quoted with escapes, never raw.
  const std::string m = Msg(Policy::FromJson(
      R"({"format_version": 1, "priority": {"rules": [{"name": "r", "weight": 0.1, "groups": ["vet\\eran"]}]}})",
      "q.json"));
  EXPECT_EQ(m,
            "q.json: priority.rules[0].groups[0]: unknown key group 'vet\\x5ceran' (built-in "
            "groups, or declare it in \"groups\")");
}

}  // namespace
}  // namespace jobmatch
