// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// Outreach case lists on paper: one CSV of every station, and one printable
// HTML page per station (analytics/outreach.h). Both hold personal data and
// are created with mode 0600 through the one file writer (base/file_io.h).
#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "base/internal/absl_compat.h"
#include "base/internal/text.h"
#include "io/internal/cell_text.h"
#include "io/internal/csv_writer.h"
#include "jobmatch/analytics/outreach.h"
#include "jobmatch/base/file_io.h"
#include "jobmatch/base/status_macros.h"

namespace jobmatch {
namespace {

// The cases in list order, as (station, case) pairs.
std::vector<std::pair<const OutreachStation*, const OutreachCase*>> Flatten(
    const OutreachList& list) {
  std::vector<std::pair<const OutreachStation*, const OutreachCase*>> out;
  out.reserve(static_cast<size_t>(list.cases));
  for (const OutreachStation& st : list.stations) {
    for (const OutreachCase& c : st.cases) out.emplace_back(&st, &c);
  }
  return out;
}

std::string JoinRules(const std::vector<std::string>& rules) {
  std::string out;
  for (const std::string& r : rules) {
    if (!out.empty()) out.push_back('+');
    out.append(r);
  }
  return out;
}

const char* KindLabel(VacancyKind k) {
  switch (k) {
    case VacancyKind::kRegular:
      return "regular 普通岗位";
    case VacancyKind::kTrainee:
      return "trainee 见习岗位";
    case VacancyKind::kPublicWelfare:
      return "public welfare 公益性岗位";
    case VacancyKind::kGig:
      return "gig 零工";
  }
  return "unknown";
}

constexpr const char* kReasonLabels[kNumOutreachReasons] = {
    "零就业家庭 zero-employment household (not covered)", "就业困难人员 hard to employ",
    "残疾人 disabled person", "长期失业青年 long-unemployed youth"};

void AppendHtml(std::string* out, std::string_view text) {
  for (char ch : text) {
    switch (ch) {
      case '&':
        out->append("&amp;");
        break;
      case '<':
        out->append("&lt;");
        break;
      case '>':
        out->append("&gt;");
        break;
      case '"':
        out->append("&quot;");
        break;
      case '\'':
        out->append("&#39;");
        break;
      default:
        // Control bytes other than tab and newline are never echoed.
        if (static_cast<unsigned char>(ch) < 0x20 && ch != '\t' && ch != '\n') {
          out->append("\xEF\xBF\xBD");  // U+FFFD
        } else {
          out->push_back(ch);
        }
    }
  }
}

std::string Html(std::string_view text) {
  std::string out;
  AppendHtml(&out, text);
  return out;
}

std::string Km(float d) { return absl::StrFormat("%.1f", static_cast<double>(d)); }

std::string Wage(const VacancyTable& V, int64_t v) {
  const float lo = V.wage_min()[v], hi = V.wage_max()[v];
  if (lo <= 0.0f && hi <= 0.0f) return "-";
  if (hi <= lo) return internal::FormatNumber(lo);
  return absl::StrCat(internal::FormatNumber(lo), "–", internal::FormatNumber(hi));
}

constexpr const char* kStyle = R"css(
:root { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", sans-serif; }
body { margin: 1.5em; color: #111; font-size: 11pt; }
h1 { font-size: 16pt; margin: 0 0 .2em 0; }
h2 { font-size: 12pt; margin: 0 0 .3em 0; }
.meta { color: #333; margin: .1em 0; }
.notice { border: 1px solid #a00; color: #a00; padding: .3em .5em; margin: .6em 0; }
.case { border-top: 2px solid #444; padding: .5em 0 .8em 0; }
dl { display: grid; grid-template-columns: max-content auto; gap: .1em 1em; margin: .2em 0 .5em 0; }
dt { font-weight: bold; }
dd { margin: 0; }
table { border-collapse: collapse; width: 100%; font-size: 10pt; }
th, td { border: 1px solid #888; padding: .15em .35em; text-align: left; vertical-align: top; }
th { background: #eee; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.none { font-style: italic; }
a { color: #024; }
@page { size: A4; margin: 12mm; }
@media print {
  body { margin: 0; font-size: 10pt; }
  .case { break-inside: avoid; page-break-inside: avoid; }
  th { background: none; }
  a { color: #000; text-decoration: none; }
}
)css";

void AppendHead(std::string* out, std::string_view title) {
  absl::StrAppend(out,
                  "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
                  "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                  "<meta name=\"robots\" content=\"noindex\">\n<title>",
                  Html(title), "</title>\n<style>", kStyle, "</style>\n</head>\n<body>\n");
}

constexpr const char* kNotice =
    "<p class=\"notice\">含个人信息，仅供就业服务站工作人员使用，请妥善保管。 Personal data: for "
    "the service station's case workers only; keep it safe and destroy it after use.</p>\n";

std::string StationPage(const OutreachList& list, const OutreachStation& st, const Scorer& scorer) {
  const SeekerTable& S = scorer.seekers();
  const VacancyTable& V = scorer.vacancies();
  std::string out;
  AppendHead(&out, absl::StrCat("上门送岗 Outreach — ", st.name));
  absl::StrAppend(
      &out, "<header>\n<h1>上门送岗 Outreach list</h1>\n<p class=\"meta station\">",
      "就业服务站 Service station (", internal::Sv(OutreachLevelName(list.level)), "): <strong>",
      Html(st.name), "</strong></p>\n<p class=\"meta\">", st.cases.size(), " people to visit, ",
      st.households_uncovered, " zero-employment households not yet covered; up to ", list.top,
      " vacancies with a free place each, best first. Long-unemployed youth: ",
      list.long_unemployed_months, " months or more. <a href=\"index.html\">All stations</a></p>\n",
      kNotice, "</header>\n<main>\n");
  for (size_t i = 0; i < st.cases.size(); ++i) {
    const OutreachCase& c = st.cases[i];
    absl::StrAppend(&out, "<section class=\"case\" id=\"case-", c.need_rank, "\" data-seeker=\"",
                    Html(S.ids()[c.seeker]), "\">\n<h2>", c.need_rank, ". ",
                    Html(S.ids()[c.seeker]), "</h2>\n<dl>\n<dt>Why 原因</dt><dd>");
    bool first = true;
    for (int r = 0; r < kNumOutreachReasons; ++r) {
      if (!((c.reasons >> r) & 1)) continue;
      absl::StrAppend(&out, first ? "" : "; ", kReasonLabels[r]);
      first = false;
    }
    absl::StrAppend(&out, "</dd>\n");
    if (!S.household_ids()[c.seeker].empty()) {
      absl::StrAppend(&out, "<dt>Household 家庭</dt><dd>", Html(S.household_ids()[c.seeker]),
                      "</dd>\n");
    }
    absl::StrAppend(
        &out, "<dt>Area 住址</dt><dd>",
        Html(absl::StrCat(S.districts()[c.seeker], " ", S.towns()[c.seeker], " ",
                          S.villages()[c.seeker])),
        "</dd>\n<dt>Allocated 已分配</dt><dd>",
        c.allocated_vacancy >= 0 ? Html(V.ids()[c.allocated_vacancy]) : std::string("— none"),
        "</dd>\n");
    const std::string advice = OutreachTrainingText(c, scorer.vocabulary());
    if (!advice.empty()) {
      absl::StrAppend(&out, "<dt>Training 培训建议</dt><dd class=\"training\">", Html(advice),
                      "</dd>\n");
    }
    absl::StrAppend(&out, "</dl>\n");
    if (c.vacancies.empty()) {
      absl::StrAppend(&out,
                      "<p class=\"none\">暂无符合条件且有空缺的岗位 No eligible vacancy with a "
                      "free place.</p>\n</section>\n");
      continue;
    }
    absl::StrAppend(&out,
                    "<table class=\"vacancies\">\n<thead><tr><th>#</th><th>Vacancy 岗位</th>"
                    "<th>Employer 单位</th><th>Kind 类型</th><th>Schedule 工时</th>"
                    "<th>Wage 月薪</th><th>Distance 距离 km</th><th>Score 匹配分</th>"
                    "<th>Priority rules 政策规则</th></tr></thead>\n<tbody>\n");
    for (size_t j = 0; j < c.vacancies.size(); ++j) {
      const OutreachVacancy& ov = c.vacancies[j];
      const int64_t v = ov.vacancy;
      absl::StrAppend(&out, "<tr><td class=\"num\">", j + 1, "</td><td class=\"vacancy\">",
                      Html(V.ids()[v]), "</td><td>", Html(V.employer_ids()[v]), "</td><td>",
                      KindLabel(static_cast<VacancyKind>(V.kind()[v])), "</td><td>",
                      internal::Sv(ScheduleName(static_cast<Schedule>(V.schedule()[v]))),
                      "</td><td class=\"num\">", Html(Wage(V, v)), "</td><td class=\"num\">",
                      ov.remote ? "remote 居家" : Km(ov.distance_km), "</td><td class=\"num\">",
                      absl::StrFormat("%.3f", static_cast<double>(ov.score)), "</td><td>",
                      Html(absl::StrJoin(ov.rules, ", ")), "</td></tr>\n");
    }
    absl::StrAppend(&out, "</tbody>\n</table>\n</section>\n");
  }
  absl::StrAppend(&out, "</main>\n</body>\n</html>\n");
  return out;
}

std::string IndexPage(const OutreachList& list, const std::vector<std::string>& files) {
  std::string out;
  AppendHead(&out, "上门送岗 Outreach — stations");
  absl::StrAppend(&out, "<header>\n<h1>上门送岗 Outreach lists</h1>\n<p class=\"meta\">",
                  list.stations.size(), " service stations (",
                  internal::Sv(OutreachLevelName(list.level)), " level), ", list.cases,
                  " people to visit, ", list.households_uncovered, " of ", list.households,
                  " zero-employment households not yet covered.</p>\n", kNotice,
                  "</header>\n<main>\n<table class=\"stations\">\n<thead><tr><th>Station "
                  "服务站</th><th>People 人数</th><th>Households 未覆盖零就业家庭</th></tr>"
                  "</thead>\n<tbody>\n");
  for (size_t k = 0; k < list.stations.size(); ++k) {
    const OutreachStation& st = list.stations[k];
    absl::StrAppend(&out, "<tr><td><a href=\"", files[k], "\">", Html(st.name),
                    "</a></td><td class=\"num\">", st.cases.size(), "</td><td class=\"num\">",
                    st.households_uncovered, "</td></tr>\n");
  }
  absl::StrAppend(&out, "</tbody>\n</table>\n</main>\n</body>\n</html>\n");
  return out;
}

absl::Status EnsurePrivateDirectory(const std::string& dir) {
  if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) {
    return absl::FailedPreconditionError(
        absl::StrCat(dir, ": cannot create the directory: ", std::strerror(errno)));
  }
  struct stat st {};
  if (::stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
    return absl::FailedPreconditionError(absl::StrCat(dir, ": not a directory"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status WriteOutreachCsv(const std::string& path, const OutreachList& list,
                              const Scorer& scorer) {
  const SeekerTable& S = scorer.seekers();
  const VacancyTable& V = scorer.vacancies();
  const auto cases = Flatten(list);
  return internal::WriteCsvRows(
      path, kPersonalDataFileMode,
      "station,need_rank,seeker_id,household_id,reason,allocated_vacancy_id,rank,vacancy_id,"
      "employer_id,kind,schedule,wage_min,wage_max,distance_km,remote,score,rules,training",
      static_cast<int64_t>(cases.size()), [&](int64_t i, std::string* out) -> absl::Status {
        const auto& [st, c] = cases[i];
        std::string head;
        internal::AppendCsvField(&head, st->name);
        absl::StrAppend(&head, ",", c->need_rank, ",");
        internal::AppendCsvField(&head, S.ids()[c->seeker]);
        head.push_back(',');
        internal::AppendCsvField(&head, S.household_ids()[c->seeker]);
        absl::StrAppend(&head, ",", OutreachReasonsText(c->reasons), ",");
        if (c->allocated_vacancy >= 0)
          internal::AppendCsvField(&head, V.ids()[c->allocated_vacancy]);
        head.push_back(',');
        std::string tail = ",";
        internal::AppendCsvField(&tail, OutreachTrainingText(*c, scorer.vocabulary()));
        tail.push_back('\n');
        if (c->vacancies.empty()) {
          absl::StrAppend(out, head, ",,,,,,,,,,", tail);
          return absl::OkStatus();
        }
        for (size_t j = 0; j < c->vacancies.size(); ++j) {
          const OutreachVacancy& ov = c->vacancies[j];
          const int64_t v = ov.vacancy;
          absl::StrAppend(out, head, j + 1, ",");
          internal::AppendCsvField(out, V.ids()[v]);
          out->push_back(',');
          internal::AppendCsvField(out, V.employer_ids()[v]);
          absl::StrAppend(out, ",",
                          internal::Sv(VacancyKindName(static_cast<VacancyKind>(V.kind()[v]))), ",",
                          internal::Sv(ScheduleName(static_cast<Schedule>(V.schedule()[v]))), ",");
          internal::AppendShortestNumber(out, V.wage_min()[v]);
          out->push_back(',');
          internal::AppendShortestNumber(out, V.wage_max()[v]);
          out->push_back(',');
          internal::AppendShortestNumber(out, ov.distance_km);
          absl::StrAppend(out, ",", ov.remote ? "1" : "0", ",");
          internal::AppendShortestNumber(out, ov.score);
          out->push_back(',');
          internal::AppendCsvField(out, JoinRules(ov.rules));
          out->append(tail);
        }
        return absl::OkStatus();
      });
}

absl::StatusOr<std::vector<std::string>> WriteOutreachHtml(const std::string& dir,
                                                           const OutreachList& list,
                                                           const Scorer& scorer) {
  JOBMATCH_RETURN_IF_ERROR(EnsurePrivateDirectory(dir));
  std::vector<std::string> files;
  files.reserve(list.stations.size());
  for (size_t k = 0; k < list.stations.size(); ++k)
    files.push_back(absl::StrFormat("station-%04d.html", k + 1));
  FileWriteOptions wo;
  wo.mode = kPersonalDataFileMode;
  std::vector<std::string> written;
  const std::string index = absl::StrCat(dir, "/index.html");
  JOBMATCH_RETURN_IF_ERROR(WriteFileAtomically(index, IndexPage(list, files), wo));
  written.push_back(index);
  for (size_t k = 0; k < list.stations.size(); ++k) {
    const std::string path = absl::StrCat(dir, "/", files[k]);
    JOBMATCH_RETURN_IF_ERROR(
        WriteFileAtomically(path, StationPage(list, list.stations[k], scorer), wo));
    written.push_back(path);
  }
  return written;
}

}  // namespace jobmatch
