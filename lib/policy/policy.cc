// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
#include "jobmatch/policy/policy.h"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <optional>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "base/internal/absl_compat.h"
#include "base/internal/text.h"
#include "jobmatch/base/file_io.h"
#include "jobmatch/base/status_macros.h"
#include "jobmatch/data/vocabulary.h"
#include "nlohmann/json.hpp"
#include "policy/internal/policy_json.h"

namespace jobmatch {
namespace {

using Json = internal::PolicyJson;

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
    return internal::PolicyFromDocument(root, source, limits);
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
  return internal::PolicyToDocument(*this).dump(2, ' ', false, Json::error_handler_t::replace) +
         "\n";
}

}  // namespace jobmatch
