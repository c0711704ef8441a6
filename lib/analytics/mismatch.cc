// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
#include "jobmatch/analytics/mismatch.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "base/internal/text.h"
#include "io/internal/cell_text.h"
#include "io/internal/csv_records.h"
#include "io/internal/csv_writer.h"
#include "jobmatch/base/file_io.h"
#include "jobmatch/base/status_macros.h"

namespace jobmatch {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

struct CellKey {
  int32_t skill;
  int32_t grade;
  int32_t district;
  int32_t industry;
  bool operator==(const CellKey&) const = default;
  template <typename H>
  friend H AbslHashValue(H h, const CellKey& k) {
    return H::combine(std::move(h), k.skill, k.grade, k.district, k.industry);
  }
};

struct Cell {
  Cell() {
    row.supply_in_reach = 0;
    row.unfilled_openings = 0;
  }
  MismatchRow row;
  std::vector<int64_t> open_vacancies;  // vacancy rows with openings > 0
};

// Median of `v` (sorted here); NaN when empty.
double Median(std::vector<int64_t>& v) {
  if (v.empty()) return kNaN;
  std::sort(v.begin(), v.end());
  const size_t n = v.size();
  if (n % 2 == 1) return static_cast<double>(v[n / 2]);
  return 0.5 * (static_cast<double>(v[n / 2 - 1]) + static_cast<double>(v[n / 2]));
}

}  // namespace

std::string_view MismatchLabelName(MismatchLabel label) {
  switch (label) {
    case MismatchLabel::kShortage:
      return "shortage";
    case MismatchLabel::kBalanced:
      return "balanced";
    case MismatchLabel::kSurplus:
      return "surplus";
  }
  return "?";
}

MismatchLabel LabelRatio(double ratio, double shortage_ratio, double surplus_ratio) {
  if (ratio >= shortage_ratio) return MismatchLabel::kShortage;
  if (ratio <= surplus_ratio) return MismatchLabel::kSurplus;
  return MismatchLabel::kBalanced;
}

double ThresholdAsDecimal(float threshold) {
  const std::string text = internal::FormatNumber(threshold);
  double out = static_cast<double>(threshold);
  std::from_chars(text.data(), text.data() + text.size(), out);
  return out;
}
namespace {

using CellMap = absl::flat_hash_map<CellKey, Cell>;

// The filled counts, when given: one per vacancy row, none negative.
absl::Status CheckFilled(const VacancyTable& V, const std::vector<int32_t>& filled) {
  const int64_t nv = V.size();
  if (static_cast<int64_t>(filled.size()) != nv) {
    return absl::InvalidArgumentError(absl::StrCat("mismatch: filled has ", filled.size(),
                                                   " entries, the data ", nv, " vacancies"));
  }
  for (int64_t v = 0; v < nv; ++v) {
    if (filled[v] < 0) {
      return absl::InvalidArgumentError(absl::StrCat("mismatch: filled[", v, "] (vacancy ",
                                                     internal::QuoteForMessage(V.ids()[v]),
                                                     ") is negative"));
    }
  }
  return absl::OkStatus();
}

// The district index of every seeker and vacancy row into `districts`, the
// sorted union of their districts (filled here).
struct DistrictRows {
  std::vector<int32_t> of_seeker, of_vacancy;
};

DistrictRows IndexDistricts(const SeekerTable& S, const VacancyTable& V,
                            std::vector<std::string>& districts) {
  std::vector<std::string> names(S.districts().begin(), S.districts().end());
  names.insert(names.end(), V.districts().begin(), V.districts().end());
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  districts = std::move(names);
  absl::flat_hash_map<std::string_view, int32_t> district_index;
  for (size_t i = 0; i < districts.size(); ++i)
    district_index[districts[i]] = static_cast<int32_t>(i);
  DistrictRows rows;
  rows.of_seeker.resize(static_cast<size_t>(S.size()));
  rows.of_vacancy.resize(static_cast<size_t>(V.size()));
  for (int64_t s = 0; s < S.size(); ++s) rows.of_seeker[s] = district_index.at(S.districts()[s]);
  for (int64_t v = 0; v < V.size(); ++v) rows.of_vacancy[v] = district_index.at(V.districts()[v]);
  return rows;
}

// The cell of (skill, grade, district, industry); district and industry are
// -1 when the table is not split by them.
CellKey KeyOf(const MismatchOptions& options, int32_t skill, int grade, int32_t d, int32_t i) {
  return CellKey{skill, grade, options.by_district ? d : -1, options.by_industry ? i : -1};
}

// Demand: each requirement of each vacancy counts in its cell, its openings
// weighted by the requirement's share of the importance.
void AddDemand(const VacancyTable& V, const MismatchOptions& options,
               const std::vector<int32_t>& vd, CellMap& cells) {
  const bool has_filled = !options.filled.empty();
  for (int64_t v = 0; v < V.size(); ++v) {
    const auto reqs = V.requirements().row(v);
    double importance_sum = 0.0;
    for (const Requirement& r : reqs) importance_sum += r.importance;
    const int64_t openings = V.openings()[v];
    const int64_t unfilled =
        has_filled ? std::max<int64_t>(0, openings - options.filled[v]) : int64_t{0};
    for (const Requirement& r : reqs) {
      Cell& c = cells[KeyOf(options, r.skill, r.min_level, vd[v], V.industry()[v])];
      ++c.row.vacancies;
      c.row.demand_openings += openings;
      c.row.demand_weighted += static_cast<double>(openings) * r.importance / importance_sum;
      c.row.unfilled_openings += unfilled;
      if (openings > 0) c.open_vacancies.push_back(v);
    }
  }
}

// Whether seeker s can take vacancy v by the commute rule of the policy
// (always, when the policy does not enforce it).
bool Reaches(const SeekerTable& S, const VacancyTable& V, const Policy& policy, int64_t s,
             int64_t v) {
  if (!policy.eligibility.enforce_max_commute) return true;
  if (V.remote()[v] && S.accepts_remote()[s]) return true;
  const float dx = S.points()(s, 0) - V.points()(v, 0);
  const float dy = S.points()(s, 1) - V.points()(v, 1);
  const float dz = S.points()(s, 2) - V.points()(v, 2);
  const float d = std::sqrt(dx * dx + dy * dy + dz * dz);
  const float mc = S.max_commute_km()[s];
  const float dmax = mc > 0.0f ? mc : policy.default_max_commute_km;
  return d <= dmax;
}

// The industries seeker s counts in: -1 when the table is not split by
// industry, else the preferred ones (distinct, ascending), or all.
void IndustriesOfSeeker(const SeekerTable& S, const MismatchOptions& options,
                        int32_t num_industries, int64_t s, std::vector<int32_t>& out) {
  out.clear();
  if (!options.by_industry) {
    out.push_back(-1);
  } else if (S.preferred_industries().row(s).empty()) {
    for (int32_t i = 0; i < num_industries; ++i) out.push_back(i);
  } else {
    for (int32_t i : S.preferred_industries().row(s)) out.push_back(i);
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
  }
}

// Supply: a seeker counts in the cell of each skill at each grade up to the
// one held (and, with compute_reach, in supply_in_reach when an open vacancy
// of the cell is within reach).
void AddSupply(const Dataset& data, const MismatchOptions& options, const std::vector<int32_t>& sd,
               CellMap& cells) {
  const SeekerTable& S = data.seekers();
  const VacancyTable& V = data.vacancies();
  const int32_t num_industries = data.vocabulary().industries().size();
  std::vector<int32_t> industries_of_seeker;
  for (int64_t s = 0; s < S.size(); ++s) {
    IndustriesOfSeeker(S, options, num_industries, s, industries_of_seeker);
    for (const SkillLevel& sl : S.skills().row(s)) {
      for (int g = kMinSkillLevel; g <= sl.level; ++g) {
        for (int32_t i : industries_of_seeker) {
          Cell& c = cells[KeyOf(options, sl.skill, g, sd[s], i)];
          ++c.row.supply_seekers;
          if (options.compute_reach) {
            for (int64_t v : c.open_vacancies) {
              if (Reaches(S, V, data.policy(), s, v)) {
                ++c.row.supply_in_reach;
                break;
              }
            }
          }
        }
      }
    }
  }
}

// The rows of the non-empty cells with ratio and label, sorted by (skill,
// grade, district, industry).
void AddRows(const CellMap& cells, const MismatchOptions& options, bool has_filled,
             MismatchTable& out) {
  out.rows.reserve(cells.size());
  for (const auto& [k, c] : cells) {
    MismatchRow r = c.row;
    if (r.demand_openings == 0 && r.supply_seekers == 0) continue;
    r.skill = k.skill;
    r.grade = k.grade;
    r.district = k.district;
    r.industry = k.industry;
    // supply_in_reach and unfilled_openings were counted from 0: shift the
    // "not computed" ones to -1.
    if (!options.compute_reach) r.supply_in_reach = -1;
    if (!has_filled) r.unfilled_openings = -1;
    r.ratio = r.supply_seekers == 0
                  ? kInf
                  : static_cast<double>(r.demand_openings) / static_cast<double>(r.supply_seekers);
    r.label = LabelRatio(r.ratio, out.shortage_ratio, out.surplus_ratio);
    out.rows.push_back(r);
  }
  std::sort(out.rows.begin(), out.rows.end(), [](const MismatchRow& a, const MismatchRow& b) {
    return std::tie(a.skill, a.grade, a.district, a.industry) <
           std::tie(b.skill, b.grade, b.district, b.industry);
  });
  // Each cell's demand_weighted was added in vacancy row order (AddDemand),
  // so the sums do not depend on the hash map's order.
}

// The latest registration or posting date in the data, if any.
std::optional<Date> LatestDate(const SeekerTable& S, const VacancyTable& V) {
  int32_t latest = kNoDate;
  for (int32_t d : V.posted_on()) latest = std::max(latest, d);
  for (int32_t d : S.registered_on()) latest = std::max(latest, d);
  if (latest != kNoDate) return Date{latest};
  return std::nullopt;
}

// Tightness per district and industry, with the median durations (days
// since registration or posting, as of out.as_of) per cell and overall.
void AddTightness(const SeekerTable& S, const VacancyTable& V, const DistrictRows& rows, size_t ni,
                  MismatchTable& out) {
  const std::vector<int32_t>& sd = rows.of_seeker;
  const std::vector<int32_t>& vd = rows.of_vacancy;
  const size_t nd = out.districts.size();
  std::vector<int64_t> seekers_in(nd, 0);
  std::vector<std::vector<int64_t>> reg_days(nd);
  std::vector<std::vector<int64_t>> post_days(nd * ni);
  std::vector<int64_t> all_reg, all_post;
  for (int64_t s = 0; s < S.size(); ++s) {
    ++seekers_in[sd[s]];
    const int32_t d = S.registered_on()[s];
    if (out.as_of && d != kNoDate && d <= out.as_of->days) {
      reg_days[sd[s]].push_back(int64_t{out.as_of->days} - d);
      all_reg.push_back(int64_t{out.as_of->days} - d);
    }
  }
  out.tightness.resize(nd * ni);
  for (size_t d = 0; d < nd; ++d) {
    for (size_t i = 0; i < ni; ++i) {
      TightnessRow& t = out.tightness[d * ni + i];
      t.district = static_cast<int32_t>(d);
      t.industry = static_cast<int32_t>(i);
      t.seekers = seekers_in[d];
    }
  }
  for (int64_t v = 0; v < V.size(); ++v) {
    const size_t cell = static_cast<size_t>(vd[v]) * ni + static_cast<size_t>(V.industry()[v]);
    TightnessRow& t = out.tightness[cell];
    ++t.vacancies;
    t.openings += V.openings()[v];
    const int32_t d = V.posted_on()[v];
    if (out.as_of && d != kNoDate && d <= out.as_of->days) {
      post_days[cell].push_back(int64_t{out.as_of->days} - d);
      all_post.push_back(int64_t{out.as_of->days} - d);
    }
  }
  std::vector<double> reg_median(nd);
  for (size_t d = 0; d < nd; ++d) reg_median[d] = Median(reg_days[d]);
  for (size_t c = 0; c < out.tightness.size(); ++c) {
    TightnessRow& t = out.tightness[c];
    t.tightness = t.seekers > 0 ? static_cast<double>(t.openings) / static_cast<double>(t.seekers)
                  : t.openings > 0 ? kInf
                                   : kNaN;
    t.vacancies_dated = static_cast<int64_t>(post_days[c].size());
    t.vacancy_duration_median_days = Median(post_days[c]);
    t.seekers_dated = static_cast<int64_t>(reg_days[t.district].size());
    t.registration_duration_median_days = reg_median[t.district];
  }
  out.vacancy_duration_median_days = Median(all_post);
  out.registration_duration_median_days = Median(all_reg);
}

}  // namespace

absl::StatusOr<MismatchTable> Mismatch(const Dataset& data, const MismatchOptions& options) {
  const SeekerTable& S = data.seekers();
  const VacancyTable& V = data.vacancies();
  const Policy& policy = data.policy();
  const double shortage_ratio =
      options.shortage_ratio.value_or(ThresholdAsDecimal(policy.mismatch.shortage_ratio));
  const double surplus_ratio =
      options.surplus_ratio.value_or(ThresholdAsDecimal(policy.mismatch.surplus_ratio));
  if (!std::isfinite(shortage_ratio) || !std::isfinite(surplus_ratio) || surplus_ratio < 0.0 ||
      surplus_ratio > shortage_ratio) {
    return absl::InvalidArgumentError(
        absl::StrCat("mismatch thresholds: need finite 0 <= surplus_ratio (",
                     internal::FormatNumber(surplus_ratio), ") <= shortage_ratio (",
                     internal::FormatNumber(shortage_ratio), ")"));
  }
  const bool has_filled = !options.filled.empty();
  if (has_filled) {
    JOBMATCH_RETURN_IF_ERROR(CheckFilled(V, options.filled));
  }

  MismatchTable out;
  out.has_reach = options.compute_reach;
  out.has_unfilled = has_filled;
  out.shortage_ratio = shortage_ratio;
  out.surplus_ratio = surplus_ratio;
  const DistrictRows rows = IndexDistricts(S, V, out.districts);

  CellMap cells;
  AddDemand(V, options, rows.of_vacancy, cells);
  AddSupply(data, options, rows.of_seeker, cells);
  AddRows(cells, options, has_filled, out);

  // Reference date.
  out.as_of = options.as_of;
  if (!out.as_of) out.as_of = LatestDate(S, V);
  AddTightness(S, V, rows, static_cast<size_t>(data.vocabulary().industries().size()), out);
  return out;
}

namespace {

constexpr internal::ColumnSpec kAllocationColumns[] = {
    {"seeker_id", true, false},
    {"vacancy_id", true, false},
    {"score", false, false},
    {"outcome", false, false},
};

}  // namespace

absl::StatusOr<AllocationCounts> ReadAllocationCountsCsv(const std::string& path,
                                                         const Dataset& data) {
  const SeekerTable& S = data.seekers();
  const VacancyTable& V = data.vacancies();
  AllocationCounts counts;
  std::vector<int32_t>& filled = counts.filled;
  filled.assign(static_cast<size_t>(V.size()), 0);
  counts.placed.assign(static_cast<size_t>(S.size()), 0);
  counts.vacancy_of_seeker.assign(static_cast<size_t>(S.size()), -1);
  std::vector<int64_t> seen_on(static_cast<size_t>(S.size()), 0);
  internal::Input in;
  in.path = &path;
  JOBMATCH_RETURN_IF_ERROR(internal::ParseTable(
      in, path, CsvLimits{}, kAllocationColumns, [&](const internal::RowView& r) -> absl::Status {
        const absl::string_view sid = r.Get(0);
        const std::optional<int64_t> s = S.Find(std::string_view(sid.data(), sid.size()));
        if (!s) return r.ValueError(0, "unknown seeker id", sid);
        if (seen_on[*s] != 0) {
          return r.Error(0, absl::StrCat("seeker ", internal::Echo(sid), " twice (first on line ",
                                         seen_on[*s], ")"));
        }
        seen_on[*s] = r.line();
        const absl::string_view vid = r.Get(1);
        if (vid.empty()) return absl::OkStatus();  // not placed
        const std::optional<int64_t> v = V.Find(std::string_view(vid.data(), vid.size()));
        if (!v) return r.ValueError(1, "unknown vacancy id", vid);
        if (filled[*v] >= V.openings()[*v]) {
          return r.Error(1, absl::StrCat("vacancy ", internal::Echo(vid), " has ", V.openings()[*v],
                                         " openings and more placements"));
        }
        ++filled[*v];
        counts.placed[*s] = 1;
        counts.vacancy_of_seeker[*s] = *v;
        return absl::OkStatus();
      }));
  return counts;
}

absl::StatusOr<std::vector<int32_t>> ReadFilledFromAllocationCsv(const std::string& path,
                                                                 const Dataset& data) {
  JOBMATCH_ASSIGN_OR_RETURN(AllocationCounts counts, ReadAllocationCountsCsv(path, data));
  return std::move(counts.filled);
}

absl::StatusOr<std::vector<int64_t>> ReadPlacementsFromAllocationCsv(const std::string& path,
                                                                     const Dataset& data) {
  JOBMATCH_ASSIGN_OR_RETURN(AllocationCounts counts, ReadAllocationCountsCsv(path, data));
  return std::move(counts.vacancy_of_seeker);
}

namespace {

void AppendNumber(std::string* out, double v) {
  if (std::isnan(v)) return;  // empty cell
  out->append(internal::FormatNumber(v));
}

}  // namespace

absl::Status WriteMismatchCsv(const std::string& path, const MismatchTable& table,
                              const Vocabulary& vocab, const MismatchOptions& options) {
  std::string header = "skill,grade";
  if (options.by_district) header += ",district";
  if (options.by_industry) header += ",industry";
  header +=
      ",vacancies,demand_openings,demand_weighted,supply_seekers,supply_in_reach,ratio,"
      "unfilled_openings,label";
  return internal::WriteCsvRows(
      path, kPublicFileMode, header, static_cast<int64_t>(table.rows.size()),
      [&](int64_t i, std::string* out) {
        const MismatchRow& r = table.rows[i];
        internal::AppendCsvField(out, vocab.skills().Name(r.skill));
        absl::StrAppend(out, ",", r.grade);
        if (options.by_district) {
          out->push_back(',');
          if (r.district >= 0) internal::AppendCsvField(out, table.districts[r.district]);
        }
        if (options.by_industry) {
          out->push_back(',');
          if (r.industry >= 0) internal::AppendCsvField(out, vocab.industries().Name(r.industry));
        }
        absl::StrAppend(out, ",", r.vacancies, ",", r.demand_openings, ",");
        AppendNumber(out, r.demand_weighted);
        absl::StrAppend(out, ",", r.supply_seekers, ",");
        if (r.supply_in_reach >= 0) absl::StrAppend(out, r.supply_in_reach);
        out->push_back(',');
        AppendNumber(out, r.ratio);
        out->push_back(',');
        if (r.unfilled_openings >= 0) absl::StrAppend(out, r.unfilled_openings);
        out->push_back(',');
        out->append(MismatchLabelName(r.label));
        out->push_back('\n');
        return absl::OkStatus();
      });
}

absl::Status WriteTightnessCsv(const std::string& path, const MismatchTable& table,
                               const Vocabulary& vocab) {
  return internal::WriteCsvRows(
      path, kPublicFileMode,
      "district,industry,vacancies,openings,seekers,tightness,vacancy_duration_median_days,"
      "vacancies_dated,registration_duration_median_days,seekers_dated",
      static_cast<int64_t>(table.tightness.size()), [&](int64_t i, std::string* out) {
        const TightnessRow& t = table.tightness[i];
        internal::AppendCsvField(out, table.districts[t.district]);
        out->push_back(',');
        internal::AppendCsvField(out, vocab.industries().Name(t.industry));
        absl::StrAppend(out, ",", t.vacancies, ",", t.openings, ",", t.seekers, ",");
        AppendNumber(out, t.tightness);
        out->push_back(',');
        AppendNumber(out, t.vacancy_duration_median_days);
        absl::StrAppend(out, ",", t.vacancies_dated, ",");
        AppendNumber(out, t.registration_duration_median_days);
        absl::StrAppend(out, ",", t.seekers_dated, "\n");
        return absl::OkStatus();
      });
}

}  // namespace jobmatch
