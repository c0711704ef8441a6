// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
#include "io/internal/cell_text.h"

#include <cmath>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "base/internal/absl_compat.h"
#include "base/internal/text.h"
#include "jobmatch/base/status_macros.h"

namespace jobmatch::internal {
namespace {

// Remembers the ids of one list; linear while short, hashed once long, so a
// row with 100k items stays linear in its length.
class SeenIds {
 public:
  // False when `id` was seen before.
  bool Insert(int32_t id) {
    if (set_.empty()) {
      for (int32_t s : small_) {
        if (s == id) return false;
      }
      small_.push_back(id);
      if (small_.size() > kSmall) set_.insert(small_.begin(), small_.end());
      return true;
    }
    return set_.insert(id).second;
  }

 private:
  static constexpr size_t kSmall = 16;
  std::vector<int32_t> small_;
  absl::flat_hash_set<int32_t> set_;
};

absl::Status CheckUtf8(const RowView& r, int c, absl::string_view v) {
  if (!IsValidUtf8(v)) return r.Error(c, "not valid UTF-8");
  return absl::OkStatus();
}

// Record ids and free text: the rules of the tables (base/internal/text.h,
// the same functions TableAccess::Validate applies), checked here too so
// that a CSV error names its line and column.
absl::Status ParseText(const RowView& r, int c, ColumnKind kind, std::string* out) {
  const absl::string_view v = r.Get(c);
  const std::string why = TextCellProblem(kind, std::string_view(v.data(), v.size()));
  if (!why.empty()) return r.Error(c, why);
  out->assign(v.data(), v.size());
  return absl::OkStatus();
}

absl::Status ParseCoordinate(const RowView& r, int c, double limit, double* out) {
  const absl::string_view v = r.Get(c);
  const NumError e = ParseNumber(v, out);
  if (e == NumError::kEmpty) return r.Error(c, "required value is empty");
  if (e != NumError::kOk) return r.ValueError(c, NumberReason(e, false), v);
  if (std::abs(*out) > limit) {
    return r.ValueError(c, absl::StrCat("out of range [-", limit, ", ", limit, "] degrees"), v);
  }
  return absl::OkStatus();
}

// Integer in [lo, hi]; an empty field leaves *out unchanged (the default).
template <typename T>
absl::Status ParseIntField(const RowView& r, int c, int64_t lo, int64_t hi, T* out) {
  const absl::string_view v = r.Get(c);
  int64_t x = 0;
  const NumError e = ParseNumber(v, &x);
  if (e == NumError::kEmpty) return absl::OkStatus();
  const std::string range = hi == std::numeric_limits<int32_t>::max() && lo == 0
                                ? std::string("a non-negative integer")
                                : absl::StrCat("an integer in ", lo, "..", hi);
  if (r.sensitive(c) && (e != NumError::kOk || x < lo || x > hi)) {
    return r.Error(c, absl::StrCat("not ", range));
  }
  if (e != NumError::kOk) return r.ValueError(c, NumberReason(e, true), v);
  if (x < lo || x > hi) return r.ValueError(c, absl::StrCat("must be ", range), v);
  *out = static_cast<T>(x);
  return absl::OkStatus();
}

// Finite float >= 0; empty leaves *out unchanged.
absl::Status ParseNonNegativeFloat(const RowView& r, int c, float* out) {
  const absl::string_view v = r.Get(c);
  float x = 0.0f;
  const NumError e = ParseNumber(v, &x);
  if (e == NumError::kEmpty) return absl::OkStatus();
  if (e != NumError::kOk) return r.ValueError(c, NumberReason(e, false), v);
  if (x < 0.0f) return r.ValueError(c, "must be >= 0", v);
  *out = x;
  return absl::OkStatus();
}

absl::Status ParseScheduleField(const RowView& r, int c, bool vacancy, Schedule* out) {
  const std::string v = absl::AsciiStrToLower(Strip(r.Get(c)));
  if (v.empty()) return absl::OkStatus();
  const std::optional<Schedule> s = ParseSchedule(v);
  if (vacancy && s == Schedule::kAny) {
    return r.Error(c,
                   "'any' is only valid for seekers; a vacancy offers "
                   "full_time, school_hours or flexible");
  }
  if (!s) {
    return r.ValueError(c,
                        vacancy ? "unknown schedule (expected full_time, "
                                  "school_hours or flexible)"
                                : "unknown schedule (expected full_time, "
                                  "school_hours, flexible or any)",
                        r.Get(c));
  }
  *out = *s;
  return absl::OkStatus();
}

// Items of a ';'-separated list, trimmed; empty items (a trailing ';') are
// skipped.
std::vector<absl::string_view> ListItems(absl::string_view v) {
  std::vector<absl::string_view> items;
  for (absl::string_view item : absl::StrSplit(v, ';')) {
    item = Strip(item);
    if (!item.empty()) items.push_back(item);
  }
  return items;
}

absl::Status ParseLevel(const RowView& r, int c, absl::string_view name, absl::string_view text,
                        int8_t* out) {
  int level = 0;
  if (ParseNumber(text, &level) != NumError::kOk || level < kMinSkillLevel ||
      level > kMaxSkillLevel) {
    return r.Error(c, absl::StrCat("skill ", Echo(name), ": level must be an integer in 1..8, got ",
                                   Echo(Strip(text))));
  }
  *out = static_cast<int8_t>(level);
  return absl::OkStatus();
}

absl::Status FindSkill(const RowView& r, int c, const Vocabulary& vocab, absl::string_view name,
                       SeenIds* seen, int32_t* out) {
  const std::optional<int32_t> id = vocab.FindSkill(Std(name));
  if (!id) return r.Error(c, absl::StrCat("unknown skill ", Echo(name)));
  if (!seen->Insert(*id)) {
    return r.Error(c, absl::StrCat("skill ", Echo(name), " listed more than once"));
  }
  *out = *id;
  return absl::OkStatus();
}

// `name:level;name:level`
absl::Status ParseSkillLevels(const RowView& r, int c, const Vocabulary& vocab,
                              std::vector<SkillLevel>* out) {
  SeenIds seen;
  for (absl::string_view item : ListItems(r.Get(c))) {
    const std::vector<absl::string_view> parts = absl::StrSplit(item, ':');
    if (parts.size() != 2) {
      return r.ValueError(c, "item is not of the form name:level", item);
    }
    SkillLevel sl;
    const absl::string_view name = Strip(parts[0]);
    JOBMATCH_RETURN_IF_ERROR(FindSkill(r, c, vocab, name, &seen, &sl.skill));
    JOBMATCH_RETURN_IF_ERROR(ParseLevel(r, c, name, parts[1], &sl.level));
    out->push_back(sl);
  }
  return absl::OkStatus();
}

// `name:min_level[:importance];...`
absl::Status ParseRequirements(const RowView& r, int c, const Vocabulary& vocab,
                               std::vector<Requirement>* out) {
  SeenIds seen;
  for (absl::string_view item : ListItems(r.Get(c))) {
    const std::vector<absl::string_view> parts = absl::StrSplit(item, ':');
    if (parts.size() != 2 && parts.size() != 3) {
      return r.ValueError(c, "item is not of the form name:min_level or name:min_level:importance",
                          item);
    }
    Requirement req;
    const absl::string_view name = Strip(parts[0]);
    JOBMATCH_RETURN_IF_ERROR(FindSkill(r, c, vocab, name, &seen, &req.skill));
    JOBMATCH_RETURN_IF_ERROR(ParseLevel(r, c, name, parts[1], &req.min_level));
    if (parts.size() == 3) {
      float w = 0.0f;
      if (ParseNumber(parts[2], &w) != NumError::kOk || !(w > 0.0f)) {
        return r.Error(
            c, absl::StrCat("skill ", Echo(name), ": importance must be a finite number > 0, got ",
                            Echo(Strip(parts[2]))));
      }
      req.importance = w;
    }
    out->push_back(req);
  }
  return absl::OkStatus();
}

// Industry names end up in ';'-separated lists, so they cannot hold ';'.
absl::Status CheckIndustryName(const RowView& r, int c, absl::string_view name) {
  JOBMATCH_RETURN_IF_ERROR(CheckUtf8(r, c, name));
  if (name.find(';') != absl::string_view::npos) {
    return r.ValueError(c, "an industry name cannot contain ';'", name);
  }
  return absl::OkStatus();
}

absl::Status ParseIndustryList(const RowView& r, int c, Vocabulary& vocab,
                               std::vector<int32_t>* out) {
  SeenIds seen;
  for (absl::string_view name : ListItems(r.Get(c))) {
    JOBMATCH_RETURN_IF_ERROR(CheckUtf8(r, c, name));
    const int32_t id = vocab.AddIndustry(Std(name));
    if (!seen.Insert(id)) {
      return r.Error(c, absl::StrCat("industry ", Echo(name), " listed more than once"));
    }
    out->push_back(id);
  }
  return absl::OkStatus();
}

absl::Status ParseGroups(const RowView& r, int c, const Vocabulary& vocab, GroupMask* out) {
  for (absl::string_view name : ListItems(r.Get(c))) {
    const std::optional<int32_t> id = vocab.FindGroup(Std(name));
    // The name itself is not shown: it would reveal (part of) a membership.
    if (!id) return r.Error(c, "unknown key group");
    *out |= GroupMask{1} << *id;
  }
  return absl::OkStatus();
}

absl::Status ParseEmbedding(const RowView& r, int c, CellContext& ctx, std::vector<float>* out) {
  for (absl::string_view tok :
       absl::StrSplit(r.Get(c), absl::ByAnyChar(" \t\r\n"), absl::SkipEmpty())) {
    float x = 0.0f;
    const NumError e = ParseNumber(tok, &x);
    if (e != NumError::kOk) {
      return r.ValueError(c, absl::StrCat("value ", out->size() + 1, ": ", NumberReason(e, false)),
                          tok);
    }
    out->push_back(x);
  }
  if (out->empty()) {
    return r.Error(c,
                   "embedding is empty (when the column is present every row "
                   "needs one)");
  }
  if (ctx.embedding_dim == 0) {
    ctx.embedding_dim = out->size();
    ctx.embedding_line = r.line();
  } else if (out->size() != ctx.embedding_dim) {
    return r.Error(c, absl::StrCat("embedding has ", out->size(), " values, expected ",
                                   ctx.embedding_dim, " (as on line ", ctx.embedding_line, ")"));
  }
  return absl::OkStatus();
}

absl::Status ParseDate(const RowView& r, int c, std::optional<Date>* out) {
  const absl::string_view v = Strip(r.Get(c));
  if (v.empty()) return absl::OkStatus();
  const std::optional<Date> d = ParseIsoDate(Std(v));
  if (!d) {
    return r.ValueError(c,
                        absl::StrCat("not a date (expected YYYY-MM-DD between ", kMinDateYear,
                                     "-01-01 and ", kMaxDateYear, "-12-31)"),
                        v);
  }
  *out = d;
  return absl::OkStatus();
}

// ------------------------------------------------------------- writing

// Checks that `id` names a writable entry of `table`.
absl::Status CheckId(absl::string_view kind, int32_t id, const NameTable& table,
                     absl::string_view forbidden) {
  if (id < 0 || id >= table.size()) {
    return absl::InvalidArgumentError(
        absl::StrCat(kind, " id ", id, " is not in the vocabulary (", table.size(), " names)"));
  }
  return CheckWritableName(kind, table.Name(id), forbidden);
}

void AppendBool(std::string* out, bool b) { out->append(b ? "true" : "false"); }

}  // namespace

void AppendCsvField(std::string* out, absl::string_view v) {
  if (v.find_first_of(",\"\r\n") == absl::string_view::npos) {
    out->append(v.data(), v.size());
    return;
  }
  out->push_back('"');
  for (char ch : v) {
    if (ch == '"') out->push_back('"');
    out->push_back(ch);
  }
  out->push_back('"');
}

absl::Status CheckWritableName(absl::string_view kind, absl::string_view name,
                               absl::string_view forbidden) {
  if (name.empty() || Strip(name) != name ||
      name.find_first_of(forbidden) != absl::string_view::npos) {
    return absl::InvalidArgumentError(
        absl::StrCat(kind, " name ", Echo(name),
                     " cannot be written to CSV: it is empty, has surrounding whitespace "
                     "or contains one of '",
                     forbidden, "'"));
  }
  return absl::OkStatus();
}

std::string TextCellProblem(ColumnKind kind, std::string_view text) {
  if (!IsValidUtf8(absl::string_view(text.data(), text.size()))) return "not valid UTF-8";
  if (kind == ColumnKind::kText) return FreeTextProblem(text, kMaxFreeTextBytes);
  return text.empty() ? std::string() : RecordIdProblem(text);
}

template <ColumnKind K>
absl::Status ParseCell(const RowView& r, int c, CellContext& ctx,
                       typename schema::KindTypes<K>::Value& out) {
  using enum ColumnKind;
  if constexpr (K == kIdentifier) {
    if (r.Get(c).empty()) return r.Error(c, "required value is empty");
    return ParseText(r, c, K, &out);
  } else if constexpr (K == kReference || K == kText) {
    return ParseText(r, c, K, &out);
  } else if constexpr (K == kLatitude) {
    return ParseCoordinate(r, c, 90.0, &out);
  } else if constexpr (K == kLongitude) {
    return ParseCoordinate(r, c, 180.0, &out);
  } else if constexpr (K == kKeyGroups) {
    return ParseGroups(r, c, *ctx.vocab, &out);
  } else if constexpr (K == kSkillLevels) {
    return ParseSkillLevels(r, c, *ctx.vocab, &out);
  } else if constexpr (K == kRequirements) {
    return ParseRequirements(r, c, *ctx.vocab, &out);
  } else if constexpr (K == kEducation) {
    return ParseIntField(r, c, 0, kMaxEducation, &out);
  } else if constexpr (K == kAmount) {
    return ParseNonNegativeFloat(r, c, &out);
  } else if constexpr (K == kCount) {
    return ParseIntField(r, c, 0, std::numeric_limits<int32_t>::max(), &out);
  } else if constexpr (K == kFlag) {
    const std::optional<bool> b = ParseBool(r.Get(c));
    if (!b) return r.ValueError(c, "not a boolean (true/false/1/0/yes/no)", r.Get(c));
    out = *b;
    return absl::OkStatus();
  } else if constexpr (K == kSeekerSchedule || K == kVacancySchedule) {
    return ParseScheduleField(r, c, /*vacancy=*/K == kVacancySchedule, &out);
  } else if constexpr (K == kVacancyKind) {
    const std::string kind = absl::AsciiStrToLower(Strip(r.Get(c)));
    if (kind.empty()) return absl::OkStatus();
    const std::optional<VacancyKind> k = ParseVacancyKind(kind);
    if (!k) {
      return r.ValueError(c, "unknown kind (expected regular, trainee, public_welfare or gig)",
                          r.Get(c));
    }
    out = *k;
    return absl::OkStatus();
  } else if constexpr (K == kIndustry) {
    absl::string_view industry = Strip(r.Get(c));
    if (industry.empty()) industry = kUnspecifiedIndustry;
    JOBMATCH_RETURN_IF_ERROR(CheckIndustryName(r, c, industry));
    out = ctx.vocab->AddIndustry(Std(industry));
    return absl::OkStatus();
  } else if constexpr (K == kIndustries) {
    return ParseIndustryList(r, c, *ctx.vocab, &out);
  } else if constexpr (K == kEmbedding) {
    return ParseEmbedding(r, c, ctx, &out);
  } else {
    static_assert(K == kDate);
    return ParseDate(r, c, &out);
  }
}

template <ColumnKind K>
absl::Status FormatCell(const typename schema::KindTypes<K>::Store& s, int64_t i,
                        const Vocabulary& vocab, std::string* out) {
  using enum ColumnKind;
  if constexpr (K == kIdentifier || K == kReference || K == kText) {
    out->append(s[i]);
  } else if constexpr (K == kLatitude || K == kLongitude || K == kAmount) {
    AppendShortestNumber(out, s[i]);
  } else if constexpr (K == kKeyGroups) {
    bool first = true;
    for (int g = 0; g < kMaxGroups; ++g) {
      if ((s[i] >> g & 1) == 0) continue;
      JOBMATCH_RETURN_IF_ERROR(CheckId("key group", g, vocab.groups(), ";"));
      if (!first) out->push_back(';');
      first = false;
      out->append(vocab.groups().Name(g));
    }
  } else if constexpr (K == kSkillLevels) {
    bool first = true;
    for (const SkillLevel& sl : s.row(i)) {
      JOBMATCH_RETURN_IF_ERROR(CheckId("skill", sl.skill, vocab.skills(), ":;"));
      if (!first) out->push_back(';');
      first = false;
      absl::StrAppend(out, vocab.skills().Name(sl.skill), ":", int{sl.level});
    }
  } else if constexpr (K == kRequirements) {
    bool first = true;
    for (const Requirement& r : s.row(i)) {
      JOBMATCH_RETURN_IF_ERROR(CheckId("skill", r.skill, vocab.skills(), ":;"));
      if (!first) out->push_back(';');
      first = false;
      absl::StrAppend(out, vocab.skills().Name(r.skill), ":", int{r.min_level}, ":");
      AppendShortestNumber(out, r.importance);
    }
  } else if constexpr (K == kEducation || K == kCount) {
    absl::StrAppend(out, static_cast<int64_t>(s[i]));
  } else if constexpr (K == kFlag) {
    AppendBool(out, s[i] != 0);
  } else if constexpr (K == kSeekerSchedule || K == kVacancySchedule) {
    out->append(ScheduleName(static_cast<Schedule>(s[i])));
  } else if constexpr (K == kVacancyKind) {
    out->append(VacancyKindName(static_cast<VacancyKind>(s[i])));
  } else if constexpr (K == kIndustry) {
    JOBMATCH_RETURN_IF_ERROR(CheckId("industry", s[i], vocab.industries(), ";"));
    out->append(vocab.industries().Name(s[i]));
  } else if constexpr (K == kIndustries) {
    bool first = true;
    for (int32_t ind : s.row(i)) {
      JOBMATCH_RETURN_IF_ERROR(CheckId("industry", ind, vocab.industries(), ";"));
      if (!first) out->push_back(';');
      first = false;
      out->append(vocab.industries().Name(ind));
    }
  } else if constexpr (K == kEmbedding) {
    for (int64_t j = 0; j < s.cols(); ++j) {
      if (j > 0) out->push_back(' ');
      AppendShortestNumber(out, s(i, j));
    }
  } else {
    static_assert(K == kDate);
    if (s[i] != kNoDate) out->append(FormatIsoDate(Date{s[i]}));
  }
  return absl::OkStatus();
}

#define JOBMATCH_CELL_TEXT_INSTANTIATE(K)                                                    \
  template absl::Status ParseCell<ColumnKind::K>(                                            \
      const RowView&, int, CellContext&, typename schema::KindTypes<ColumnKind::K>::Value&); \
  template absl::Status FormatCell<ColumnKind::K>(                                           \
      const typename schema::KindTypes<ColumnKind::K>::Store&, int64_t, const Vocabulary&,   \
      std::string*);
JOBMATCH_CELL_TEXT_INSTANTIATE(kIdentifier)
JOBMATCH_CELL_TEXT_INSTANTIATE(kReference)
JOBMATCH_CELL_TEXT_INSTANTIATE(kText)
JOBMATCH_CELL_TEXT_INSTANTIATE(kLatitude)
JOBMATCH_CELL_TEXT_INSTANTIATE(kLongitude)
JOBMATCH_CELL_TEXT_INSTANTIATE(kKeyGroups)
JOBMATCH_CELL_TEXT_INSTANTIATE(kSkillLevels)
JOBMATCH_CELL_TEXT_INSTANTIATE(kRequirements)
JOBMATCH_CELL_TEXT_INSTANTIATE(kEducation)
JOBMATCH_CELL_TEXT_INSTANTIATE(kAmount)
JOBMATCH_CELL_TEXT_INSTANTIATE(kCount)
JOBMATCH_CELL_TEXT_INSTANTIATE(kFlag)
JOBMATCH_CELL_TEXT_INSTANTIATE(kSeekerSchedule)
JOBMATCH_CELL_TEXT_INSTANTIATE(kVacancySchedule)
JOBMATCH_CELL_TEXT_INSTANTIATE(kVacancyKind)
JOBMATCH_CELL_TEXT_INSTANTIATE(kIndustry)
JOBMATCH_CELL_TEXT_INSTANTIATE(kIndustries)
JOBMATCH_CELL_TEXT_INSTANTIATE(kEmbedding)
JOBMATCH_CELL_TEXT_INSTANTIATE(kDate)
#undef JOBMATCH_CELL_TEXT_INSTANTIATE

}  // namespace jobmatch::internal
