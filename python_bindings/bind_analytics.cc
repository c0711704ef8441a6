// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// The analytics on a view's compacted rows as dicts of numpy column arrays:
// structural mismatch, outreach case lists, training advice and courses,
// and the equal-employment audit (_View.mismatch, outreach,
// training_advice, training_courses, audit). Glue only; heavy calls release
// the GIL.
#include <pybind11/stl.h>

#include <algorithm>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "engine_glue.h"
#include "jobmatch/analytics/audit.h"
#include "jobmatch/analytics/mismatch.h"
#include "jobmatch/analytics/outreach.h"
#include "jobmatch/analytics/training.h"
#include "jobmatch/base/status_macros.h"
#include "jobmatch/dataset/dataset.h"
#include "jobmatch/matching/allocation.h"
#include "jobmatch/scoring/scorer.h"

namespace jobmatch::python {
namespace {

// Runs the outreach lists (analytics/outreach.h) with the GIL released, and
// writes outreach.csv and the HTML pages into out_dir unless it is empty.
// `placed` or `allocation_path` give the allocation (see OutreachArrays).
OutreachList RunOutreach(const PyView& pv, OutreachOptions o,
                         std::optional<std::vector<int64_t>> placed,
                         const std::string& allocation_path, const std::string& out_dir,
                         py::object progress) {
  PyProgress prog(std::move(progress));
  o.progress = prog.Fn();
  absl::StatusOr<OutreachList> r;
  bool io_error = false;
  {
    py::gil_scoped_release release;
    r = [&]() -> absl::StatusOr<OutreachList> {
      const CompactedTables t = pv.view.Compacted();
      if (placed) o.vacancy_of_seeker = *std::move(placed);
      if (!allocation_path.empty()) {
        auto f = ReadPlacementsFromAllocationCsv(allocation_path, t.scorer.dataset());
        if (!f.ok()) {
          io_error = absl::IsNotFound(f.status()) || absl::IsPermissionDenied(f.status());
          return f.status();
        }
        o.vacancy_of_seeker = *std::move(f);
      }
      auto list = Outreach(t.scorer, o);
      if (!list.ok() || out_dir.empty()) return list;
      auto pages = WriteOutreachHtml(out_dir, *list, t.scorer);
      if (!pages.ok()) {
        io_error = true;
        return pages.status();
      }
      if (absl::Status s = WriteOutreachCsv(out_dir + "/outreach.csv", *list, t.scorer); !s.ok()) {
        io_error = true;
        return s;
      }
      return list;
    }();
  }
  prog.Finish(r.status());
  ThrowIfError(r.status(), io_error);
  return *std::move(r);
}

// The outreach lists as flat columns: one line per listed vacancy and one
// per person without any ("rank" 0, "vacancy" -1), in list order.
struct OutreachColumns {
  std::vector<int32_t> station;
  std::vector<int64_t> seeker, need_rank, rank, vacancy, allocated;
  std::vector<uint8_t> reasons, remote;
  std::vector<float> score, distance;
  std::vector<std::string> rules;
  py::list household, training;
};

// Appends one line of case `c` in station `k`: its vacancy j, or the line
// of a case without vacancies.
void AddOutreachLine(const OutreachCase& c, size_t k, size_t j,
                     const std::vector<std::string>& household_ids, const Vocabulary& vocab,
                     OutreachColumns& col) {
  col.station.push_back(static_cast<int32_t>(k));
  col.seeker.push_back(c.seeker);
  col.need_rank.push_back(c.need_rank);
  col.reasons.push_back(c.reasons);
  col.allocated.push_back(c.allocated_vacancy);
  col.household.append(py::str(household_ids[c.seeker]));
  col.training.append(py::str(OutreachTrainingText(c, vocab)));
  if (c.vacancies.empty()) {
    col.rank.push_back(0);
    col.vacancy.push_back(-1);
    col.score.push_back(std::numeric_limits<float>::quiet_NaN());
    col.distance.push_back(std::numeric_limits<float>::quiet_NaN());
    col.remote.push_back(0);
    col.rules.emplace_back();
    return;
  }
  const OutreachVacancy& ov = c.vacancies[j];
  col.rank.push_back(static_cast<int64_t>(j) + 1);
  col.vacancy.push_back(ov.vacancy);
  col.score.push_back(ov.score);
  col.distance.push_back(ov.distance_km);
  col.remote.push_back(ov.remote ? 1 : 0);
  std::string joined;
  for (const std::string& x : ov.rules) absl::StrAppend(&joined, joined.empty() ? "" : "+", x);
  col.rules.push_back(std::move(joined));
}

// Outreach case lists (analytics/outreach.h) on the view's compacted rows: a
// dict of flat columns (OutreachColumns), plus the station names. `placed`:
// None or the vacancy row per seeker row (an Allocation); `allocation_path`:
// an allocation CSV instead ("" = none); `out_dir`: also write outreach.csv
// and the HTML pages there ("" = no files).
py::dict OutreachArrays(const PyView& pv, const std::string& level, int top,
                        std::optional<int32_t> months, std::optional<std::vector<int64_t>> placed,
                        const std::string& allocation_path, const std::string& out_dir,
                        int training_top, int threads, py::object progress) {
  OutreachOptions o;
  o.training_top = training_top;
  const std::optional<OutreachLevel> lv = ParseOutreachLevel(level);
  if (!lv) {
    ThrowIfError(absl::InvalidArgumentError("level must be district, town or village"));
  }
  o.level = *lv;
  o.top = top;
  o.long_unemployed_months = months;
  o.num_threads = threads;
  const OutreachList r = RunOutreach(pv, std::move(o), std::move(placed), allocation_path, out_dir,
                                     std::move(progress));
  OutreachColumns col;
  const CompactedTables tables = pv.view.Compacted();
  for (size_t k = 0; k < r.stations.size(); ++k) {
    for (const OutreachCase& c : r.stations[k].cases) {
      const size_t lines = std::max<size_t>(1, c.vacancies.size());
      for (size_t j = 0; j < lines; ++j) {
        AddOutreachLine(c, k, j, tables.seekers.household_ids(), tables.vocabulary, col);
      }
    }
  }
  const py::ssize_t n = static_cast<py::ssize_t>(col.station.size());
  std::vector<std::string> names, reason_names;
  for (const OutreachStation& st : r.stations) names.push_back(st.name);
  for (int i = 0; i < kNumOutreachReasons; ++i) reason_names.emplace_back(OutreachReasonName(i));
  py::dict d;
  d["station"] = ToNumpy(std::move(col.station), {n});
  d["seeker"] = ToNumpy(std::move(col.seeker), {n});
  d["need_rank"] = ToNumpy(std::move(col.need_rank), {n});
  d["reasons"] = ToNumpy(std::move(col.reasons), {n});
  d["allocated"] = ToNumpy(std::move(col.allocated), {n});
  d["rank"] = ToNumpy(std::move(col.rank), {n});
  d["vacancy"] = ToNumpy(std::move(col.vacancy), {n});
  d["score"] = ToNumpy(std::move(col.score), {n});
  d["distance_km"] = ToNumpy(std::move(col.distance), {n});
  d["remote"] = ToNumpy(std::move(col.remote), {n});
  d["rules"] = col.rules;
  d["household_id"] = col.household;
  d["training"] = col.training;
  d["stations"] = names;
  d["reason_names"] = reason_names;
  d["cases"] = r.cases;
  d["households"] = r.households;
  d["households_uncovered"] = r.households_uncovered;
  d["long_unemployed_months"] = r.long_unemployed_months;
  d["allocated_here"] = r.allocated_here;
  return d;
}

// The equal-employment audit (analytics/audit.h) on the view's compacted
// rows: a dict of column arrays for the group rows ("group_*") and, with
// strata, the strata rows ("strata_*"); suppressed counts -1, flags -1.
// `placements`: None or the vacancy row per seeker row (an Allocation);
// `allocation_path`: an allocation CSV instead ("" = allocate here).
void AuditRowsToDict(const std::vector<AuditRow>& rows, const std::string& prefix, py::dict& d) {
  const py::ssize_t n = static_cast<py::ssize_t>(rows.size());
  py::list names;
  std::vector<int32_t> stratum(n), ff(n), ffo(n);
  std::vector<int64_t> seekers(n), placements(n), placements_off(n);
  std::vector<double> eligible(n), listed(n), exposure(n), rate(n), mean(n), base(n), impact(n),
      rate_off(n), base_off(n), impact_off(n);
  for (py::ssize_t i = 0; i < n; ++i) {
    const AuditRow& r = rows[i];
    names.append(r.group);
    stratum[i] = r.stratum;
    seekers[i] = r.seekers;
    eligible[i] = r.eligible_share;
    listed[i] = r.listed_share;
    exposure[i] = r.exposure;
    placements[i] = r.placements;
    rate[i] = r.placement_rate;
    mean[i] = r.mean_score_placed;
    base[i] = r.base_score_total;
    impact[i] = r.impact_ratio;
    ff[i] = r.four_fifths_flag;
    placements_off[i] = r.placements_no_priority;
    rate_off[i] = r.placement_rate_no_priority;
    base_off[i] = r.base_score_total_no_priority;
    impact_off[i] = r.impact_ratio_no_priority;
    ffo[i] = r.four_fifths_flag_no_priority;
  }
  d[py::str(prefix + "group")] = names;
  d[py::str(prefix + "stratum")] = ToNumpy(std::move(stratum), {n});
  d[py::str(prefix + "seekers")] = ToNumpy(std::move(seekers), {n});
  d[py::str(prefix + "eligible_share")] = ToNumpy(std::move(eligible), {n});
  d[py::str(prefix + "listed_share")] = ToNumpy(std::move(listed), {n});
  d[py::str(prefix + "exposure")] = ToNumpy(std::move(exposure), {n});
  d[py::str(prefix + "placements")] = ToNumpy(std::move(placements), {n});
  d[py::str(prefix + "placement_rate")] = ToNumpy(std::move(rate), {n});
  d[py::str(prefix + "mean_score_placed")] = ToNumpy(std::move(mean), {n});
  d[py::str(prefix + "base_score_total")] = ToNumpy(std::move(base), {n});
  d[py::str(prefix + "impact_ratio")] = ToNumpy(std::move(impact), {n});
  d[py::str(prefix + "four_fifths_flag")] = ToNumpy(std::move(ff), {n});
  d[py::str(prefix + "placements_no_priority")] = ToNumpy(std::move(placements_off), {n});
  d[py::str(prefix + "placement_rate_no_priority")] = ToNumpy(std::move(rate_off), {n});
  d[py::str(prefix + "base_score_total_no_priority")] = ToNumpy(std::move(base_off), {n});
  d[py::str(prefix + "impact_ratio_no_priority")] = ToNumpy(std::move(impact_off), {n});
  d[py::str(prefix + "four_fifths_flag_no_priority")] = ToNumpy(std::move(ffo), {n});
}

py::dict AuditArrays(const PyView& pv, int k, std::optional<std::vector<int64_t>> placements,
                     const std::string& allocation_path, const std::string& method,
                     const std::string& objective, const std::string& proposer, int candidates,
                     bool households, std::optional<int32_t> min_cell_seekers, bool strata,
                     int threads, bool exhaustive) {
  AuditOptions o;
  o.k = k;
  if (method != "optimal" && method != "stable") {
    throw py::value_error("method must be 'optimal' or 'stable', got '" + method + "'");
  }
  if (objective != "score" && objective != "cardinality") {
    throw py::value_error("objective must be 'score' or 'cardinality', got '" + objective + "'");
  }
  if (proposer != "seekers" && proposer != "vacancies") {
    throw py::value_error("proposer must be 'seekers' or 'vacancies', got '" + proposer + "'");
  }
  o.allocation.method = method == "stable" ? AllocationMethod::kStable : AllocationMethod::kOptimal;
  o.allocation.objective = objective == "cardinality"
                               ? AssignmentObjective::kMaxCardinalityThenWeight
                               : AssignmentObjective::kMaxWeight;
  o.allocation.proposer = proposer == "vacancies" ? Proposer::kColumns : Proposer::kRows;
  o.allocation.candidates_per_seeker = candidates;
  o.allocation.household_coverage = households;
  o.min_cell_seekers = min_cell_seekers;
  o.strata = strata;
  o.num_threads = threads;
  o.exhaustive = exhaustive;
  absl::StatusOr<AuditTable> r;
  bool io_error = false;
  {
    py::gil_scoped_release release;
    r = [&]() -> absl::StatusOr<AuditTable> {
      std::shared_ptr<const Dataset> data = pv.view.CompactedDataset();
      if (placements) o.vacancy_of_seeker = *std::move(placements);
      if (!allocation_path.empty()) {
        auto p = ReadPlacementsFromAllocationCsv(allocation_path, *data);
        if (!p.ok()) {
          io_error = absl::IsNotFound(p.status()) || absl::IsPermissionDenied(p.status());
          return p.status();
        }
        o.vacancy_of_seeker = *std::move(p);
      }
      JOBMATCH_ASSIGN_OR_RETURN(Scorer scorer, Scorer::Create(data));
      return Audit(scorer, o);
    }();
  }
  ThrowIfError(r.status(), io_error);
  py::dict d;
  AuditRowsToDict(r->groups, "group_", d);
  AuditRowsToDict(r->strata, "strata_", d);
  d["k"] = r->k;
  d["min_cell_seekers"] = r->min_cell_seekers;
  d["allocated"] = r->allocated;
  return d;
}

// The cells of a mismatch table as "cell_*" column arrays.
void AddMismatchCells(const MismatchTable& r, py::dict& d) {
  const py::ssize_t n = static_cast<py::ssize_t>(r.rows.size());
  std::vector<int32_t> skill(n), grade(n), district(n), industry(n);
  std::vector<int64_t> vacancies(n), demand(n), supply(n), reach_n(n), unfilled(n);
  std::vector<double> weighted(n), ratio(n);
  std::vector<int8_t> label(n);
  for (py::ssize_t i = 0; i < n; ++i) {
    const MismatchRow& x = r.rows[i];
    skill[i] = x.skill;
    grade[i] = x.grade;
    district[i] = x.district;
    industry[i] = x.industry;
    vacancies[i] = x.vacancies;
    demand[i] = x.demand_openings;
    weighted[i] = x.demand_weighted;
    supply[i] = x.supply_seekers;
    reach_n[i] = x.supply_in_reach;
    ratio[i] = x.ratio;
    unfilled[i] = x.unfilled_openings;
    label[i] = static_cast<int8_t>(x.label);
  }
  d["cell_skill"] = ToNumpy(std::move(skill), {n});
  d["cell_grade"] = ToNumpy(std::move(grade), {n});
  d["cell_district"] = ToNumpy(std::move(district), {n});
  d["cell_industry"] = ToNumpy(std::move(industry), {n});
  d["cell_vacancies"] = ToNumpy(std::move(vacancies), {n});
  d["cell_demand_openings"] = ToNumpy(std::move(demand), {n});
  d["cell_demand_weighted"] = ToNumpy(std::move(weighted), {n});
  d["cell_supply_seekers"] = ToNumpy(std::move(supply), {n});
  d["cell_supply_in_reach"] = ToNumpy(std::move(reach_n), {n});
  d["cell_ratio"] = ToNumpy(std::move(ratio), {n});
  d["cell_unfilled_openings"] = ToNumpy(std::move(unfilled), {n});
  d["cell_label"] = ToNumpy(std::move(label), {n});
}

// The tightness table of a mismatch table as "tight_*" column arrays.
void AddTightness(const MismatchTable& r, py::dict& d) {
  const py::ssize_t m = static_cast<py::ssize_t>(r.tightness.size());
  std::vector<int32_t> td(m), ti(m);
  std::vector<int64_t> tv(m), to(m), ts(m), tvd(m), tsd(m);
  std::vector<double> tt(m), tvm(m), tsm(m);
  for (py::ssize_t i = 0; i < m; ++i) {
    const TightnessRow& x = r.tightness[i];
    td[i] = x.district;
    ti[i] = x.industry;
    tv[i] = x.vacancies;
    to[i] = x.openings;
    ts[i] = x.seekers;
    tt[i] = x.tightness;
    tvm[i] = x.vacancy_duration_median_days;
    tvd[i] = x.vacancies_dated;
    tsm[i] = x.registration_duration_median_days;
    tsd[i] = x.seekers_dated;
  }
  d["tight_district"] = ToNumpy(std::move(td), {m});
  d["tight_industry"] = ToNumpy(std::move(ti), {m});
  d["tight_vacancies"] = ToNumpy(std::move(tv), {m});
  d["tight_openings"] = ToNumpy(std::move(to), {m});
  d["tight_seekers"] = ToNumpy(std::move(ts), {m});
  d["tight_tightness"] = ToNumpy(std::move(tt), {m});
  d["tight_vacancy_duration_median_days"] = ToNumpy(std::move(tvm), {m});
  d["tight_vacancies_dated"] = ToNumpy(std::move(tvd), {m});
  d["tight_registration_duration_median_days"] = ToNumpy(std::move(tsm), {m});
  d["tight_seekers_dated"] = ToNumpy(std::move(tsd), {m});
}

// Structural mismatch (analytics/mismatch.h) on the view's compacted rows:
// a dict of column arrays for the cells ("cell_*") and the tightness table
// ("tight_*"), the district names, the reference date and the medians.
// `filled`: None or int32 per vacancy row; `allocation_path`: an allocation
// CSV instead ("" = none).
py::dict MismatchArrays(const PyView& pv, bool by_district, bool by_industry,
                        std::optional<double> shortage, std::optional<double> surplus, bool reach,
                        std::optional<std::vector<int32_t>> filled,
                        const std::string& allocation_path, std::optional<int32_t> as_of_days) {
  MismatchOptions o;
  o.by_district = by_district;
  o.by_industry = by_industry;
  o.shortage_ratio = shortage;
  o.surplus_ratio = surplus;
  o.compute_reach = reach;
  if (as_of_days) o.as_of = Date{*as_of_days};
  absl::StatusOr<MismatchTable> r;
  bool io_error = false;
  {
    py::gil_scoped_release release;
    r = [&]() -> absl::StatusOr<MismatchTable> {
      std::shared_ptr<const Dataset> data = pv.view.CompactedDataset();
      if (filled) o.filled = *std::move(filled);
      if (!allocation_path.empty()) {
        auto f = ReadFilledFromAllocationCsv(allocation_path, *data);
        if (!f.ok()) {
          io_error = absl::IsNotFound(f.status()) || absl::IsPermissionDenied(f.status());
          return f.status();
        }
        o.filled = *std::move(f);
      }
      return Mismatch(*data, o);
    }();
  }
  ThrowIfError(r.status(), io_error);
  py::dict d;
  AddMismatchCells(*r, d);
  AddTightness(*r, d);
  py::list districts, labels;
  for (const std::string& x : r->districts) districts.append(x);
  for (int i = 0; i < 3; ++i)
    labels.append(std::string(MismatchLabelName(static_cast<MismatchLabel>(i))));
  d["districts"] = districts;
  d["label_names"] = labels;
  d["has_reach"] = r->has_reach;
  d["shortage_ratio"] = r->shortage_ratio;
  d["surplus_ratio"] = r->surplus_ratio;
  d["has_unfilled"] = r->has_unfilled;
  d["as_of_days"] = r->as_of ? py::object(py::int_(r->as_of->days)) : py::object(py::none());
  d["vacancy_duration_median_days"] = r->vacancy_duration_median_days;
  d["registration_duration_median_days"] = r->registration_duration_median_days;
  return d;
}

// Training advice (analytics/training.h) on the view's compacted rows:
// one entry per listed upgrade ("seeker" = its seeker row, "rank" 1-based)
// and, per answered seeker, "answered", "eligible", "mean_before".
py::dict TrainingArrays(const PyView& pv, std::optional<std::vector<int64_t>> rows, int k, int top,
                        int threads, py::object progress) {
  TrainingOptions o;
  if (rows) o.seekers = *std::move(rows);
  o.k = k;
  o.top = top;
  o.num_threads = threads;
  PyProgress prog(std::move(progress));
  o.progress = prog.Fn();
  absl::StatusOr<TrainingAdvice> r;
  {
    py::gil_scoped_release release;
    r = AdviseTraining(pv.view.Compacted().scorer, o);
  }
  prog.Finish(r.status());
  const py::ssize_t n = static_cast<py::ssize_t>(r->upgrades.size());
  const py::ssize_t na = static_cast<py::ssize_t>(r->seekers.size());
  std::vector<int64_t> seeker(n), rank(n), newly(n);
  std::vector<int32_t> skill(n), grade(n);
  std::vector<double> gain(n);
  for (py::ssize_t i = 0; i < na; ++i) {
    for (int64_t j = r->offsets[i]; j < r->offsets[i + 1]; ++j) {
      const TrainingUpgrade& u = r->upgrades[j];
      seeker[j] = r->seekers[i];
      rank[j] = j - r->offsets[i] + 1;
      skill[j] = u.skill;
      grade[j] = u.grade;
      gain[j] = u.gain;
      newly[j] = u.newly_met;
    }
  }
  py::dict d;
  d["seeker"] = ToNumpy(std::move(seeker), {n});
  d["rank"] = ToNumpy(std::move(rank), {n});
  d["skill"] = ToNumpy(std::move(skill), {n});
  d["grade"] = ToNumpy(std::move(grade), {n});
  d["gain"] = ToNumpy(std::move(gain), {n});
  d["newly_met"] = ToNumpy(std::move(newly), {n});
  d["answered"] = ToNumpy(std::move(r->seekers), {na});
  d["eligible"] = ToNumpy(std::move(r->eligible), {na});
  d["mean_before"] = ToNumpy(std::move(r->mean_before), {na});
  return d;
}

// Courses per area (analytics/training.h). `filled`/`placed`: None or one
// entry per vacancy / seeker row; `allocation_path`: an allocation CSV
// instead ("" = none).
py::dict CoursesArrays(const PyView& pv, const std::string& level,
                       std::optional<std::vector<int32_t>> filled,
                       std::optional<std::vector<uint8_t>> placed,
                       const std::string& allocation_path, int threads, py::object progress) {
  CourseOptions o;
  if (level == "district") {
    o.level = AreaLevel::kDistrict;
  } else if (level == "town") {
    o.level = AreaLevel::kTown;
  } else {
    throw py::value_error("level must be 'district' or 'town', got '" + level + "'");
  }
  o.num_threads = threads;
  PyProgress prog(std::move(progress));
  o.progress = prog.Fn();
  absl::StatusOr<CourseTable> r;
  bool io_error = false;
  {
    py::gil_scoped_release release;
    r = [&]() -> absl::StatusOr<CourseTable> {
      CompactedTables t = pv.view.Compacted();
      if (filled) o.filled = *std::move(filled);
      if (placed) o.placed = *std::move(placed);
      if (!allocation_path.empty()) {
        auto c = ReadAllocationCountsCsv(allocation_path, t.dataset);
        if (!c.ok()) {
          io_error = absl::IsNotFound(c.status()) || absl::IsPermissionDenied(c.status());
          return c.status();
        }
        o.filled = std::move(c->filled);
        o.placed = std::move(c->placed);
      }
      return RankCourses(t.scorer, o);
    }();
  }
  if (io_error) ThrowIfError(r.status(), true);
  prog.Finish(r.status());
  const py::ssize_t n = static_cast<py::ssize_t>(r->rows.size());
  std::vector<int32_t> area(n), skill(n), grade(n);
  std::vector<int64_t> rank(n), openings(n), seekers(n), vacancies(n);
  for (py::ssize_t i = 0; i < n; ++i) {
    const CourseRow& x = r->rows[i];
    area[i] = x.area;
    skill[i] = x.skill;
    grade[i] = x.grade;
    rank[i] = x.rank;
    openings[i] = x.openings;
    seekers[i] = x.seekers;
    vacancies[i] = x.vacancies;
  }
  py::dict d;
  d["area"] = ToNumpy(std::move(area), {n});
  d["rank"] = ToNumpy(std::move(rank), {n});
  d["skill"] = ToNumpy(std::move(skill), {n});
  d["grade"] = ToNumpy(std::move(grade), {n});
  d["openings"] = ToNumpy(std::move(openings), {n});
  d["seekers"] = ToNumpy(std::move(seekers), {n});
  d["vacancies"] = ToNumpy(std::move(vacancies), {n});
  py::list districts, towns;
  for (const std::string& x : r->districts) districts.append(x);
  for (const std::string& x : r->towns) towns.append(x);
  d["districts"] = districts;
  d["towns"] = towns;
  return d;
}

}  // namespace

void BindViewAnalytics(PyViewClass& view) {
  view.def("mismatch", &MismatchArrays, py::arg("by_district"), py::arg("by_industry"),
           py::arg("shortage_ratio"), py::arg("surplus_ratio"), py::arg("reach"), py::arg("filled"),
           py::arg("allocation_path"), py::arg("as_of_days"),
           "Structural mismatch (jobmatch::Mismatch) as a dict of arrays.")
      .def("outreach", &OutreachArrays, py::arg("level"), py::arg("top"), py::arg("months"),
           py::arg("placed"), py::arg("allocation_path"), py::arg("out_dir"),
           py::arg("training_top"), py::arg("threads"), py::arg("progress") = py::none(),
           "Outreach case lists (jobmatch::Outreach) as a dict of flat arrays.")
      // Training advice (issue 11 item 2).
      .def("training_advice", &TrainingArrays, py::arg("rows"), py::arg("k"), py::arg("top"),
           py::arg("threads"), py::arg("progress") = py::none(),
           "Training advice (jobmatch::AdviseTraining) as a dict of arrays.")
      .def("training_courses", &CoursesArrays, py::arg("level"), py::arg("filled"),
           py::arg("placed"), py::arg("allocation_path"), py::arg("threads"),
           py::arg("progress") = py::none(),
           "Courses per area (jobmatch::RankCourses) as a dict of arrays.")
      .def("audit", &AuditArrays, py::arg("k"), py::arg("placements"), py::arg("allocation_path"),
           py::arg("method"), py::arg("objective"), py::arg("proposer"), py::arg("candidates"),
           py::arg("households"), py::arg("min_cell_seekers"), py::arg("strata"),
           py::arg("threads"), py::arg("exhaustive"),
           "Equal-employment audit (jobmatch::Audit) as a dict of arrays.");
}

}  // namespace jobmatch::python
