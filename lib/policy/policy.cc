// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
#include "jobmatch/policy/policy.h"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <optional>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "base/internal/absl_compat.h"
#include "base/internal/text.h"
#include "jobmatch/base/file_io.h"
#include "jobmatch/base/status_macros.h"
#include "jobmatch/data/vocabulary.h"
#include "nlohmann/json.hpp"
#include "policy/internal/policy_values.h"

namespace jobmatch {
namespace {

using Json = nlohmann::ordered_json;

constexpr int kPolicyFormatVersion = 1;
constexpr std::string_view kComponentNames[kNumComponents] = {
    "skill", "embedding", "distance", "wage", "schedule", "education", "preference"};

std::string Quote(absl::string_view v) { return internal::QuoteForMessage(internal::Std(v)); }

// The longest prefix of `v` of at most `max` bytes that ends on a UTF-8
// character boundary.
absl::string_view CutUtf8(absl::string_view v, size_t max) {
  if (v.size() <= max) return v;
  size_t n = max;
  while (n > 0 && (static_cast<unsigned char>(v[n]) & 0xC0) == 0x80) --n;
  return v.substr(0, n);
}

// nlohmann's parse messages longer than this are cut.
constexpr size_t kMaxParseMessageBytes = 200;

using internal::LineColumn;
using internal::LineColumnOf;

// The offset of the first '[' or '{' that opens level max_depth + 1, if
// any, skipping strings and comments the way the parser reads them. Only
// the nesting is looked at; everything else is left to the parser.
std::optional<size_t> FindExcessNesting(absl::string_view text, int max_depth) {
  int depth = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '"') {
      for (++i; i < text.size() && text[i] != '"'; ++i) {
        if (text[i] == '\\') ++i;  // skip the escaped character
      }
    } else if (c == '/' && i + 1 < text.size() && text[i + 1] == '/') {
      while (i < text.size() && text[i] != '\n') ++i;
    } else if (c == '/' && i + 1 < text.size() && text[i + 1] == '*') {
      const size_t end = text.find("*/", i + 2);
      if (end == absl::string_view::npos) return std::nullopt;  // the parser reports it
      i = end + 1;
    } else if (c == '[' || c == '{') {
      if (++depth > max_depth) return i;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return std::nullopt;
}

// Finds the first key that appears twice in one object, anywhere in the
// document (nlohmann keeps the last copy silently), and its JSON path. Fed
// the parser's events; never stops the parse.
class DuplicateKeyFinder {
 public:
  bool Event(Json::parse_event_t event, const Json& parsed) {
    switch (event) {
      case Json::parse_event_t::object_start:
        frames_.push_back(Frame{});
        break;
      case Json::parse_event_t::array_start:
        frames_.push_back(Frame{});
        frames_.back().is_array = true;
        break;
      case Json::parse_event_t::key: {
        Frame& f = frames_.back();
        f.key = parsed.get<std::string>();
        if (!f.keys.insert(f.key).second && path_.empty()) path_ = CurrentPath();
        break;
      }
      case Json::parse_event_t::value:
        Next();
        break;
      case Json::parse_event_t::object_end:
      case Json::parse_event_t::array_end:
        frames_.pop_back();
        Next();
        break;
    }
    return true;
  }

  bool found() const { return !path_.empty(); }
  const std::string& path() const { return path_; }

 private:
  struct Frame {
    bool is_array = false;
    size_t index = 0;  // arrays: the element being read
    std::string key;   // objects: the key being read
    absl::flat_hash_set<std::string> keys;
  };

  // A value of the innermost container is complete.
  void Next() {
    if (!frames_.empty() && frames_.back().is_array) ++frames_.back().index;
  }

  std::string CurrentPath() const {
    std::string out;
    for (size_t i = 0; i < frames_.size(); ++i) {
      const Frame& f = frames_[i];
      if (f.is_array) {
        absl::StrAppend(&out, "[", f.index, "]");
      } else {
        // A key is shown as is unless it needs quoting (too long, control
        // characters).
        const std::string quoted = Quote(f.key);
        const bool plain = quoted.size() == f.key.size() + 2;
        absl::StrAppend(&out, i == 0 ? "" : ".", plain ? f.key : quoted);
      }
    }
    return out;
  }

  std::vector<Frame> frames_;
  std::string path_;
};

// Reads one policy document, tracking the JSON path for error messages.
class Reader {
 public:
  Reader(absl::string_view source, const PolicyLimits& limits) : source_(source), limits_(limits) {}

  const PolicyLimits& limits() const { return limits_; }

  // Refuses an array longer than `max` before its entries are looked at
  // (some checks on entries are quadratic).
  absl::Status CheckLength(const Json& array, absl::string_view path, int64_t max,
                           absl::string_view limit_name) const {
    if (static_cast<int64_t>(array.size()) > max) {
      return Error(path, absl::StrCat("has ", array.size(), " entries, more than the limit of ",
                                      max, " (PolicyLimits::", limit_name, ")"));
    }
    return absl::OkStatus();
  }

  absl::Status Error(absl::string_view path, absl::string_view why) const {
    return absl::InvalidArgumentError(absl::StrCat(source_, ": ", path, ": ", why));
  }

  static std::string Join(absl::string_view path, absl::string_view key) {
    return path.empty() ? std::string(key) : absl::StrCat(path, ".", key);
  }

  absl::Status CheckKeys(const Json& obj, absl::string_view path,
                         std::initializer_list<absl::string_view> allowed) const {
    if (!obj.is_object()) return Error(path, "must be an object");
    for (auto it = obj.begin(); it != obj.end(); ++it) {
      bool ok = false;
      for (absl::string_view a : allowed) ok |= (a == it.key());
      if (!ok) {
        return Error(path, absl::StrCat("unknown key ", Quote(it.key()),
                                        " (allowed: ", absl::StrJoin(allowed, ", "), ")"));
      }
    }
    return absl::OkStatus();
  }

  // Reads a finite number in `range` when present. The JSON number (a
  // double) is compared, so 10.0000001 is outside [0, 10] although it would
  // round to the float 10.
  absl::Status Number(const Json& obj, absl::string_view key, absl::string_view path,
                      internal::ValueRange range, float* out) const {
    auto it = obj.find(std::string(key));
    if (it == obj.end()) return absl::OkStatus();
    const std::string p = Join(path, key);
    if (!it->is_number()) return Error(p, "must be a number");
    const double v = it->get<double>();
    if (!std::isfinite(v) || v < range.lo || v > range.hi) {
      return Error(p, internal::RangeReason(range, v));
    }
    *out = static_cast<float>(v);
    return absl::OkStatus();
  }

  absl::Status Bool(const Json& obj, absl::string_view key, absl::string_view path,
                    bool* out) const {
    auto it = obj.find(std::string(key));
    if (it == obj.end()) return absl::OkStatus();
    if (!it->is_boolean()) return Error(Join(path, key), "must be true or false");
    *out = it->get<bool>();
    return absl::OkStatus();
  }

  absl::Status String(const Json& obj, absl::string_view key, absl::string_view path,
                      std::string* out) const {
    auto it = obj.find(std::string(key));
    if (it == obj.end()) return absl::OkStatus();
    if (!it->is_string()) return Error(Join(path, key), "must be a string");
    *out = it->get<std::string>();
    return absl::OkStatus();
  }

  absl::Status Strings(const Json& obj, absl::string_view key, absl::string_view path,
                       std::vector<std::string>* out) const {
    auto it = obj.find(std::string(key));
    if (it == obj.end()) return absl::OkStatus();
    const std::string p = Join(path, key);
    if (!it->is_array()) return Error(p, "must be an array of strings");
    JOBMATCH_RETURN_IF_ERROR(CheckLength(*it, p, limits_.max_list_items, "max_list_items"));
    out->clear();
    for (size_t i = 0; i < it->size(); ++i) {
      const Json& e = (*it)[i];
      if (!e.is_string() || e.get<std::string>().empty()) {
        return Error(absl::StrCat(p, "[", i, "]"), "must be a non-empty string");
      }
      out->push_back(e.get<std::string>());
    }
    return absl::OkStatus();
  }

  template <typename Enum, typename ParseFn>
  absl::Status Enums(const Json& obj, absl::string_view key, absl::string_view path, ParseFn parse,
                     absl::string_view allowed, std::vector<Enum>* out) const {
    std::vector<std::string> names;
    JOBMATCH_RETURN_IF_ERROR(Strings(obj, key, path, &names));
    out->clear();
    for (size_t i = 0; i < names.size(); ++i) {
      auto e = parse(names[i]);
      if (!e) {
        return Error(absl::StrCat(Join(path, key), "[", i, "]"),
                     absl::StrCat("unknown value ", Quote(names[i]), " (allowed: ", allowed, ")"));
      }
      out->push_back(*e);
    }
    return absl::OkStatus();
  }

 private:
  std::string source_;
  PolicyLimits limits_;
};

constexpr absl::string_view kKindList = "regular, trainee, public_welfare, gig";
constexpr absl::string_view kVacancyScheduleList = "full_time, school_hours, flexible";
constexpr absl::string_view kScheduleList = "full_time, school_hours, flexible, any";

std::optional<Schedule> ParseVacancySchedule(std::string_view s) {
  auto r = ParseSchedule(s);
  if (r && *r == Schedule::kAny) return std::nullopt;
  return r;
}

absl::Status ParseRule(const Reader& rd, const Json& j, absl::string_view path,
                       PriorityRule* rule) {
  JOBMATCH_RETURN_IF_ERROR(
      rd.CheckKeys(j, path,
                   {"name", "weight", "groups", "min_months_unemployed", "seeker_schedules",
                    "kinds", "industries", "schedules", "description"}));
  if (!j.contains("name") || !j.contains("weight")) {
    return rd.Error(path, "a rule needs 'name' and 'weight'");
  }
  JOBMATCH_RETURN_IF_ERROR(rd.String(j, "name", path, &rule->name));
  if (j["weight"].is_number() && j["weight"].get<double>() < 0) {
    return rd.Error(absl::StrCat(path, ".weight"),
                    "must be >= 0: priority for key groups is a positive measure and "
                    "no rule may lower a score");
  }
  JOBMATCH_RETURN_IF_ERROR(rd.Number(j, "weight", path, internal::kRuleWeightRange, &rule->weight));
  JOBMATCH_RETURN_IF_ERROR(rd.Strings(j, "groups", path, &rule->groups));
  float months = 0;
  JOBMATCH_RETURN_IF_ERROR(
      rd.Number(j, "min_months_unemployed", path, internal::kMinMonthsRange, &months));
  if (months != std::floor(months)) {
    return rd.Error(absl::StrCat(path, ".min_months_unemployed"), "must be an integer");
  }
  rule->min_months_unemployed = static_cast<int32_t>(months);
  JOBMATCH_RETURN_IF_ERROR(
      rd.Enums(j, "seeker_schedules", path, ParseSchedule, kScheduleList, &rule->seeker_schedules));
  JOBMATCH_RETURN_IF_ERROR(rd.Enums(j, "kinds", path, ParseVacancyKind, kKindList, &rule->kinds));
  JOBMATCH_RETURN_IF_ERROR(rd.Strings(j, "industries", path, &rule->industries));
  JOBMATCH_RETURN_IF_ERROR(
      rd.Enums(j, "schedules", path, ParseVacancySchedule, kVacancyScheduleList, &rule->schedules));
  return absl::OkStatus();
}

absl::StatusOr<Policy> ParseDocument(const Json& root, absl::string_view source,
                                     const PolicyLimits& limits) {
  Reader rd(source, limits);
  Policy p;
  p.rules.clear();
  p.eligibility.kind_restrictions.clear();
  JOBMATCH_RETURN_IF_ERROR(
      rd.CheckKeys(root, "(root)",
                   {"format_version", "name", "description", "groups", "weights", "scoring",
                    "priority", "eligibility", "quotas", "mismatch", "outreach", "audit"}));
  if (!root.contains("format_version")) {
    return rd.Error("format_version", absl::StrCat("missing (this library reads version ",
                                                   kPolicyFormatVersion, ")"));
  }
  if (!root["format_version"].is_number_integer()) {
    return rd.Error("format_version", "must be an integer");
  }
  if (root["format_version"].get<int64_t>() != kPolicyFormatVersion) {
    return rd.Error("format_version", absl::StrCat("unsupported (this library reads version ",
                                                   kPolicyFormatVersion, ")"));
  }
  JOBMATCH_RETURN_IF_ERROR(rd.String(root, "name", "", &p.name));
  JOBMATCH_RETURN_IF_ERROR(rd.Strings(root, "groups", "", &p.extra_groups));

  if (auto it = root.find("weights"); it != root.end()) {
    JOBMATCH_RETURN_IF_ERROR(rd.CheckKeys(
        *it, "weights",
        {"skill", "embedding", "distance", "wage", "schedule", "education", "preference"}));
    for (int c = 0; c < kNumComponents; ++c) {
      JOBMATCH_RETURN_IF_ERROR(rd.Number(*it, internal::Sv(kComponentNames[c]), "weights",
                                         internal::kComponentWeightRange, &p.weights[c]));
    }
  }

  if (auto it = root.find("scoring"); it != root.end()) {
    const Json& s = *it;
    JOBMATCH_RETURN_IF_ERROR(
        rd.CheckKeys(s, "scoring",
                     {"partial_credit_per_grade", "default_max_commute_km", "wage_zero_ratio",
                      "education_penalty_per_level", "neutral_preference", "schedule_fit"}));
    JOBMATCH_RETURN_IF_ERROR(rd.Number(s, "partial_credit_per_grade", "scoring",
                                       internal::kPartialCreditRange, &p.partial_credit_per_grade));
    JOBMATCH_RETURN_IF_ERROR(rd.Number(s, "default_max_commute_km", "scoring",
                                       internal::kDefaultMaxCommuteRange,
                                       &p.default_max_commute_km));
    JOBMATCH_RETURN_IF_ERROR(rd.Number(s, "wage_zero_ratio", "scoring",
                                       internal::kWageZeroRatioRange, &p.wage_zero_ratio));
    JOBMATCH_RETURN_IF_ERROR(rd.Number(s, "education_penalty_per_level", "scoring",
                                       internal::kEducationPenaltyRange,
                                       &p.education_penalty_per_level));
    JOBMATCH_RETURN_IF_ERROR(rd.Number(s, "neutral_preference", "scoring",
                                       internal::kNeutralPreferenceRange, &p.neutral_preference));
    if (auto sf = s.find("schedule_fit"); sf != s.end()) {
      JOBMATCH_RETURN_IF_ERROR(rd.CheckKeys(*sf, "scoring.schedule_fit",
                                            {"full_time", "school_hours", "flexible", "any"}));
      for (int a = 0; a < kNumSeekerSchedules; ++a) {
        const absl::string_view an = internal::Sv(ScheduleName(static_cast<Schedule>(a)));
        auto row = sf->find(std::string(an));
        if (row == sf->end()) continue;
        const std::string path = absl::StrCat("scoring.schedule_fit.", an);
        JOBMATCH_RETURN_IF_ERROR(
            rd.CheckKeys(*row, path, {"full_time", "school_hours", "flexible"}));
        for (int b = 0; b < kNumVacancySchedules; ++b) {
          JOBMATCH_RETURN_IF_ERROR(
              rd.Number(*row, internal::Sv(ScheduleName(static_cast<Schedule>(b))), path,
                        internal::kScheduleFitRange, &p.schedule_fit[a][b]));
        }
      }
    }
  }

  if (auto it = root.find("priority"); it != root.end()) {
    JOBMATCH_RETURN_IF_ERROR(rd.CheckKeys(*it, "priority", {"max_total_boost", "rules"}));
    JOBMATCH_RETURN_IF_ERROR(rd.Number(*it, "max_total_boost", "priority",
                                       internal::kMaxTotalBoostRange, &p.max_total_boost));
    if (auto rules = it->find("rules"); rules != it->end()) {
      if (!rules->is_array()) return rd.Error("priority.rules", "must be an array");
      JOBMATCH_RETURN_IF_ERROR(
          rd.CheckLength(*rules, "priority.rules", limits.max_rules, "max_rules"));
      for (size_t i = 0; i < rules->size(); ++i) {
        PriorityRule r;
        JOBMATCH_RETURN_IF_ERROR(
            ParseRule(rd, (*rules)[i], absl::StrCat("priority.rules[", i, "]"), &r));
        p.rules.push_back(std::move(r));
      }
    }
  }

  if (auto it = root.find("mismatch"); it != root.end()) {
    JOBMATCH_RETURN_IF_ERROR(rd.CheckKeys(*it, "mismatch", {"shortage_ratio", "surplus_ratio"}));
    JOBMATCH_RETURN_IF_ERROR(rd.Number(*it, "shortage_ratio", "mismatch",
                                       internal::kMismatchRatioRange, &p.mismatch.shortage_ratio));
    JOBMATCH_RETURN_IF_ERROR(rd.Number(*it, "surplus_ratio", "mismatch",
                                       internal::kMismatchRatioRange, &p.mismatch.surplus_ratio));
  }

  if (auto it = root.find("outreach"); it != root.end()) {
    JOBMATCH_RETURN_IF_ERROR(rd.CheckKeys(*it, "outreach", {"long_unemployed_months"}));
    float months = static_cast<float>(p.outreach.long_unemployed_months);
    JOBMATCH_RETURN_IF_ERROR(
        rd.Number(*it, "long_unemployed_months", "outreach", internal::kMinMonthsRange, &months));
    if (months != std::floor(months)) {
      return rd.Error("outreach.long_unemployed_months", "must be an integer");
    }
    p.outreach.long_unemployed_months = static_cast<int32_t>(months);
  }

  if (auto it = root.find("audit"); it != root.end()) {
    JOBMATCH_RETURN_IF_ERROR(rd.CheckKeys(*it, "audit", {"min_cell_seekers"}));
    float cells = static_cast<float>(p.audit.min_cell_seekers);
    JOBMATCH_RETURN_IF_ERROR(
        rd.Number(*it, "min_cell_seekers", "audit", internal::kAuditMinCellRange, &cells));
    if (cells != std::floor(cells)) {
      return rd.Error("audit.min_cell_seekers", "must be an integer");
    }
    p.audit.min_cell_seekers = static_cast<int32_t>(cells);
  }

  if (auto it = root.find("eligibility"); it != root.end()) {
    const Json& e = *it;
    JOBMATCH_RETURN_IF_ERROR(
        rd.CheckKeys(e, "eligibility",
                     {"enforce_max_commute", "enforce_accessibility", "enforce_min_education",
                      "enforce_reservation_wage", "kind_restrictions"}));
    auto& el = p.eligibility;
    JOBMATCH_RETURN_IF_ERROR(
        rd.Bool(e, "enforce_max_commute", "eligibility", &el.enforce_max_commute));
    JOBMATCH_RETURN_IF_ERROR(
        rd.Bool(e, "enforce_accessibility", "eligibility", &el.enforce_accessibility));
    JOBMATCH_RETURN_IF_ERROR(
        rd.Bool(e, "enforce_min_education", "eligibility", &el.enforce_min_education));
    JOBMATCH_RETURN_IF_ERROR(
        rd.Bool(e, "enforce_reservation_wage", "eligibility", &el.enforce_reservation_wage));
    if (auto kr = e.find("kind_restrictions"); kr != e.end()) {
      if (!kr->is_array()) return rd.Error("eligibility.kind_restrictions", "must be an array");
      // Each kind at most once: a longer list repeats one.
      if (kr->size() > static_cast<size_t>(kNumVacancyKinds)) {
        return rd.Error("eligibility.kind_restrictions",
                        absl::StrCat("has ", kr->size(), " entries, more than the ",
                                     kNumVacancyKinds, " vacancy kinds (each kind at most once)"));
      }
      for (size_t i = 0; i < kr->size(); ++i) {
        const std::string path = absl::StrCat("eligibility.kind_restrictions[", i, "]");
        const Json& r = (*kr)[i];
        JOBMATCH_RETURN_IF_ERROR(rd.CheckKeys(r, path, {"kind", "groups", "description"}));
        std::string kind;
        JOBMATCH_RETURN_IF_ERROR(rd.String(r, "kind", path, &kind));
        auto k = ParseVacancyKind(kind);
        if (!k) {
          return rd.Error(absl::StrCat(path, ".kind"), absl::StrCat("unknown kind ", Quote(kind),
                                                                    " (allowed: ", kKindList, ")"));
        }
        KindRestriction res;
        res.kind = *k;
        JOBMATCH_RETURN_IF_ERROR(rd.Strings(r, "groups", path, &res.groups));
        el.kind_restrictions.push_back(std::move(res));
      }
    }
  }

  if (auto it = root.find("quotas"); it != root.end()) {
    if (!it->is_array()) return rd.Error("quotas", "must be an array");
    JOBMATCH_RETURN_IF_ERROR(rd.CheckLength(*it, "quotas", limits.max_quotas, "max_quotas"));
    for (size_t i = 0; i < it->size(); ++i) {
      const std::string path = absl::StrCat("quotas[", i, "]");
      const Json& q = (*it)[i];
      JOBMATCH_RETURN_IF_ERROR(
          rd.CheckKeys(q, path, {"name", "groups", "kinds", "share", "description"}));
      QuotaRule rule;
      if (!q.contains("name") || !q.contains("share") || !q.contains("groups")) {
        return rd.Error(path, "a quota needs 'name', 'groups' and 'share'");
      }
      JOBMATCH_RETURN_IF_ERROR(rd.String(q, "name", path, &rule.name));
      JOBMATCH_RETURN_IF_ERROR(rd.Strings(q, "groups", path, &rule.groups));
      JOBMATCH_RETURN_IF_ERROR(
          rd.Enums(q, "kinds", path, ParseVacancyKind, kKindList, &rule.kinds));
      JOBMATCH_RETURN_IF_ERROR(
          rd.Number(q, "share", path, internal::kQuotaShareRange, &rule.share));
      p.quotas.push_back(std::move(rule));
    }
  }

  // Every value check (ranges of the floats, names, duplicates, groups
  // built in or declared, the equal-treatment guarantees) is CheckPolicy's:
  // the same for a file and for a Policy built in C++ (policy_check.h).
  JOBMATCH_RETURN_IF_ERROR(internal::CheckPolicyFrom(p, internal::Std(source)));
  return p;
}

// The double closest to the shortest decimal that round-trips `f`, so the
// JSON shows 0.03 rather than 0.029999999329447746.
double Pretty(float f) {
  char buf[32];
  auto r = std::to_chars(buf, buf + sizeof buf, f);
  return std::strtod(std::string(buf, r.ptr).c_str(), nullptr);
}

Json ToJsonDoc(const Policy& p) {
  Json root;
  root["format_version"] = kPolicyFormatVersion;
  root["name"] = p.name;
  root["groups"] = p.extra_groups;
  Json w = Json::object();
  for (int c = 0; c < kNumComponents; ++c)
    w[std::string(kComponentNames[c])] = Pretty(p.weights[c]);
  root["weights"] = w;
  Json s;
  s["partial_credit_per_grade"] = Pretty(p.partial_credit_per_grade);
  s["default_max_commute_km"] = Pretty(p.default_max_commute_km);
  s["wage_zero_ratio"] = Pretty(p.wage_zero_ratio);
  s["education_penalty_per_level"] = Pretty(p.education_penalty_per_level);
  s["neutral_preference"] = Pretty(p.neutral_preference);
  Json sf = Json::object();
  for (int a = 0; a < kNumSeekerSchedules; ++a) {
    Json row = Json::object();
    for (int b = 0; b < kNumVacancySchedules; ++b) {
      row[std::string(ScheduleName(static_cast<Schedule>(b)))] = Pretty(p.schedule_fit[a][b]);
    }
    sf[std::string(ScheduleName(static_cast<Schedule>(a)))] = row;
  }
  s["schedule_fit"] = sf;
  root["scoring"] = s;
  Json rules = Json::array();
  for (const PriorityRule& r : p.rules) {
    Json j;
    j["name"] = r.name;
    j["weight"] = Pretty(r.weight);
    if (!r.groups.empty()) j["groups"] = r.groups;
    if (r.min_months_unemployed > 0) j["min_months_unemployed"] = r.min_months_unemployed;
    auto names = [](const auto& v, auto namefn) {
      Json a = Json::array();
      for (auto e : v) a.push_back(std::string(namefn(e)));
      return a;
    };
    if (!r.seeker_schedules.empty())
      j["seeker_schedules"] = names(r.seeker_schedules, ScheduleName);
    if (!r.kinds.empty()) j["kinds"] = names(r.kinds, VacancyKindName);
    if (!r.industries.empty()) j["industries"] = r.industries;
    if (!r.schedules.empty()) j["schedules"] = names(r.schedules, ScheduleName);
    rules.push_back(j);
  }
  root["priority"] = {{"max_total_boost", Pretty(p.max_total_boost)}, {"rules", rules}};
  Json e;
  e["enforce_max_commute"] = p.eligibility.enforce_max_commute;
  e["enforce_accessibility"] = p.eligibility.enforce_accessibility;
  e["enforce_min_education"] = p.eligibility.enforce_min_education;
  e["enforce_reservation_wage"] = p.eligibility.enforce_reservation_wage;
  Json kr = Json::array();
  for (const auto& r : p.eligibility.kind_restrictions) {
    kr.push_back({{"kind", std::string(VacancyKindName(r.kind))}, {"groups", r.groups}});
  }
  e["kind_restrictions"] = kr;
  root["eligibility"] = e;
  Json quotas = Json::array();
  for (const QuotaRule& q : p.quotas) {
    Json j;
    j["name"] = q.name;
    j["groups"] = q.groups;
    Json kinds = Json::array();
    for (VacancyKind k : q.kinds) kinds.push_back(std::string(VacancyKindName(k)));
    j["kinds"] = kinds;
    j["share"] = Pretty(q.share);
    quotas.push_back(j);
  }
  root["quotas"] = quotas;
  if (p.mismatch != MismatchThresholds{}) {
    Json m;
    m["shortage_ratio"] = Pretty(p.mismatch.shortage_ratio);
    m["surplus_ratio"] = Pretty(p.mismatch.surplus_ratio);
    root["mismatch"] = m;
  }
  if (p.outreach != OutreachSettings{}) {
    Json m;
    m["long_unemployed_months"] = p.outreach.long_unemployed_months;
    root["outreach"] = m;
  }
  if (p.audit != AuditSettings{}) {
    Json a;
    a["min_cell_seekers"] = p.audit.min_cell_seekers;
    root["audit"] = a;
  }
  return root;
}

}  // namespace

std::string_view ComponentName(Component c) { return kComponentNames[static_cast<int>(c)]; }

Policy Policy::Default() {
  Policy p;
  p.name = "qingdao-2025-key-groups";
  auto rule = [](std::string name, float w, std::vector<std::string> groups) {
    PriorityRule r;
    r.name = std::move(name);
    r.weight = w;
    r.groups = std::move(groups);
    return r;
  };
  // Measure (九): graduates and youth, with trainee posts (见习岗位) meant for them.
  p.rules.push_back(rule("graduate_youth", 0.03f, {"graduate_youth"}));
  {
    PriorityRule r = rule("graduate_youth_trainee_post", 0.07f, {"graduate_youth"});
    r.kinds = {VacancyKind::kTrainee};
    p.rules.push_back(std::move(r));
  }
  // Measure (十): veterans, disabled persons; "mother posts" by schedule, not gender.
  p.rules.push_back(rule("veteran", 0.06f, {"veteran"}));
  p.rules.push_back(rule("disabled", 0.06f, {"disabled"}));
  {
    PriorityRule r;
    r.name = "school_hours_post_fit";
    r.weight = 0.05f;
    r.seeker_schedules = {Schedule::kSchoolHours};
    r.schedules = {Schedule::kSchoolHours};
    p.rules.push_back(std::move(r));
  }
  // Measure (十一): rural labour.
  p.rules.push_back(rule("rural_labour", 0.04f, {"rural_labour"}));
  // Measure (十二): hard-to-employ persons and zero-employment households.
  p.rules.push_back(rule("hard_to_employ", 0.08f, {"hard_to_employ"}));
  {
    PriorityRule r = rule("hard_to_employ_public_welfare_post", 0.05f, {"hard_to_employ"});
    r.kinds = {VacancyKind::kPublicWelfare};
    p.rules.push_back(std::move(r));
  }
  p.rules.push_back(rule("zero_employment_household", 0.12f, {"zero_employment_household"}));
  {
    PriorityRule r;
    r.name = "long_term_unemployed";
    r.weight = 0.04f;
    r.min_months_unemployed = 12;
    p.rules.push_back(std::move(r));
  }
  // Measures (五)(二十): older workers (silver-economy re-employment).
  p.rules.push_back(rule("older_worker", 0.04f, {"older_worker"}));
  p.max_total_boost = 0.25f;

  p.eligibility.kind_restrictions = {
      {VacancyKind::kPublicWelfare, {"hard_to_employ"}},
      {VacancyKind::kTrainee, {"graduate_youth"}},
  };
  return p;
}

absl::StatusOr<Policy> Policy::FromJson(std::string_view text, std::string_view source) {
  return FromJson(text, source, PolicyLimits{});
}

absl::StatusOr<Policy> Policy::FromJson(std::string_view text_in, std::string_view source_in,
                                        const PolicyLimits& limits) {
  const absl::string_view text = internal::Sv(text_in), source = internal::Sv(source_in);
  if (static_cast<int64_t>(text.size()) > limits.max_file_bytes) {
    return absl::InvalidArgumentError(
        absl::StrCat(source, ": policy is ", text.size(), " bytes, larger than the limit of ",
                     limits.max_file_bytes, " (PolicyLimits::max_file_bytes)"));
  }
  // Bytes a reader could disagree about are refused before anything else:
  // a NUL (C-string readers stop there, so the rest of the file would be
  // ignored) and bytes that are not UTF-8 (nlohmann checks strings only, not
  // comments, and would echo the bad bytes in its message).
  if (const size_t nul = text.find('\0'); nul != absl::string_view::npos) {
    const LineColumn lc = LineColumnOf(internal::Std(text), nul);
    return absl::InvalidArgumentError(absl::StrCat(
        source, ":", lc.line, ":", lc.column,
        ": NUL byte: a policy file is UTF-8 text, and readers that stop at a NUL would ignore "
        "the rest"));
  }
  if (const size_t bad = internal::FindInvalidUtf8(internal::Std(text));
      bad != std::string_view::npos) {
    const LineColumn lc = LineColumnOf(internal::Std(text), bad);
    return absl::InvalidArgumentError(absl::StrFormat(
        "%s:%d:%d: not valid UTF-8 (byte 0x%02x): a policy file is UTF-8 text", source, lc.line,
        lc.column, static_cast<unsigned>(static_cast<unsigned char>(text[bad]))));
  }
  // Before the JSON tree is built: nlohmann's parser itself is not
  // recursive, but a tree thousands of levels deep is of no use here and
  // costs memory per level.
  if (const std::optional<size_t> at = FindExcessNesting(text, limits.max_depth)) {
    const LineColumn lc = LineColumnOf(internal::Std(text), *at);
    return absl::InvalidArgumentError(absl::StrCat(source, ":", lc.line, ":", lc.column,
                                                   ": nested deeper than ", limits.max_depth,
                                                   " levels (PolicyLimits::max_depth)"));
  }
  Json root;
  DuplicateKeyFinder duplicates;
  try {
    root = Json::parse(
        text.begin(), text.end(),
        [&duplicates](int, Json::parse_event_t event, Json& parsed) {
          return duplicates.Event(event, parsed);
        },
        /*allow_exceptions=*/true, /*ignore_comments=*/true);
  } catch (const Json::parse_error& e) {
    const LineColumn lc = LineColumnOf(internal::Std(text), e.byte == 0 ? 0 : e.byte - 1);
    std::string what = e.what();
    if (auto pos = what.find("syntax error"); pos != std::string::npos) what = what.substr(pos);
    // nlohmann quotes the last token read, which may be a huge string or
    // hold control characters.
    what = internal::EscapeForMessage(what);
    if (what.size() > kMaxParseMessageBytes) {
      what = absl::StrCat(CutUtf8(what, kMaxParseMessageBytes), "...");
    }
    return absl::InvalidArgumentError(
        absl::StrCat(source, ":", lc.line, ":", lc.column, ": invalid JSON: ", what));
  } catch (const Json::exception& e) {
    // A number too large for a double ("1e400") is an out_of_range error
    // without a position.
    std::string what = e.what();
    if (auto pos = what.find("] "); pos != std::string::npos) what = what.substr(pos + 2);
    what = internal::EscapeForMessage(what);
    if (what.size() > kMaxParseMessageBytes) {
      what = absl::StrCat(CutUtf8(what, kMaxParseMessageBytes), "...");
    }
    return absl::InvalidArgumentError(absl::StrCat(source, ": invalid JSON: ", what));
  }
  if (duplicates.found()) {
    return absl::InvalidArgumentError(
        absl::StrCat(source, ": ", duplicates.path(),
                     ": duplicate key: a key may appear once in an object (JSON readers "
                     "disagree on which copy counts)"));
  }
  try {
    return ParseDocument(root, source, limits);
  } catch (const Json::exception& e) {
    return absl::InvalidArgumentError(absl::StrCat(source, ": ", e.what()));
  }
}

absl::StatusOr<Policy> Policy::FromFile(const std::string& path) {
  return FromFile(path, PolicyLimits{});
}

absl::StatusOr<Policy> Policy::FromFile(const std::string& path, const PolicyLimits& limits) {
  // Regular files only: a FIFO or device is refused before any read.
  auto file = FileReader::Open(path, FileReadOptions{});
  if (!file.ok()) {
    // "PATH: cannot open: reason" -> "PATH: cannot open policy file: reason".
    std::string m(file.status().message());
    const std::string from = absl::StrCat(path, ": cannot open:");
    if (m.rfind(from, 0) == 0)
      m.replace(path.size(), from.size() - path.size() - 1, ": cannot open policy file");
    return absl::Status(file.status().code(), m);
  }
  const auto too_big = [&](absl::string_view size) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": policy file is ", size, " bytes, larger than the limit of ",
                     limits.max_file_bytes, " (PolicyLimits::max_file_bytes)"));
  };
  if (file->size() > limits.max_file_bytes) return too_big(absl::StrCat(file->size()));
  std::string text;
  char buf[1 << 16];
  while (true) {
    JOBMATCH_ASSIGN_OR_RETURN(const size_t n, file->ReadSome(buf, sizeof buf));
    if (n == 0) break;
    text.append(buf, n);
    if (static_cast<int64_t>(text.size()) > limits.max_file_bytes) {
      return too_big(absl::StrCat("more than ", limits.max_file_bytes));
    }
  }
  return FromJson(text, path, limits);
}

// A Policy built in C++ may hold names that are not UTF-8 (CheckPolicy refuses
// them): they are written with U+FFFD rather than throwing out of ToJson.
std::string Policy::ToJson() const {
  return ToJsonDoc(*this).dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace jobmatch
