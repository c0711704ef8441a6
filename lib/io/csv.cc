// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// The input tables as CSV files, driven by the schema (data/schema.h): the
// header names are the columns' names, each cell is read and written by the
// text form of its kind (io/internal/cell_text.h), and the rows are validated
// by the one validation of the tables (Append).
#include "jobmatch/io/csv.h"

#include <numeric>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/internal/absl_compat.h"
#include "base/internal/text.h"
#include "io/internal/cell_text.h"
#include "io/internal/csv_load.h"
#include "io/internal/csv_records.h"
#include "io/internal/csv_writer.h"
#include "jobmatch/base/file_io.h"
#include "jobmatch/base/status_macros.h"
#include "jobmatch/data/schema.h"

namespace jobmatch {
namespace {

using internal::CellContext;
using internal::ColumnSpec;
using internal::Echo;
using internal::Input;
using internal::RowView;
using internal::Strip;

// ------------------------------------------------------------- skills.csv

enum SkillCol { kSkName, kSkDescription, kNumSkillCols };
constexpr ColumnSpec kSkillColumns[kNumSkillCols] = {
    {"skill", true, false},
    {"description", false, false},
};

absl::Status ParseSkillsInto(const Input& in, absl::string_view source, const CsvLimits& limits,
                             Vocabulary& vocab) {
  std::vector<std::string> names;
  absl::flat_hash_map<std::string, int64_t> first_line;
  JOBMATCH_RETURN_IF_ERROR(internal::ParseTable(
      in, source, limits, kSkillColumns, [&](const RowView& r) -> absl::Status {
        const std::string name(Strip(r.Get(kSkName)));
        if (name.empty()) return r.Error(kSkName, "required value is empty");
        if (!internal::IsValidUtf8(name)) return r.Error(kSkName, "not valid UTF-8");
        // ':' and ';' separate items in the skills/requirements columns.
        if (name.find_first_of(":;") != std::string::npos) {
          return r.ValueError(kSkName, "a skill name cannot contain ':' or ';'", name);
        }
        auto [it, inserted] = first_line.try_emplace(name, r.line());
        if (!inserted) {
          return r.Error(kSkName, absl::StrCat("duplicate skill ", Echo(name), " (first on line ",
                                               it->second, ")"));
        }
        names.push_back(name);
        return absl::OkStatus();
      }));
  for (const std::string& n : names) vocab.AddSkill(n);
  return absl::OkStatus();
}

// ------------------------------------------------- seekers.csv, vacancies.csv

// The reader's view of a table's schema: one spec per column, in order.
template <typename Row>
std::vector<ColumnSpec> SpecsOf() {
  std::vector<ColumnSpec> specs;
  schema::ForEachColumn(SchemaOf<Row>::value, [&](const auto& col, auto) {
    specs.push_back(ColumnSpec{internal::Sv(col.info.name), col.info.required, col.info.sensitive});
  });
  return specs;
}

// Rules across cells of a vacancy row: a single wage figure is a fixed
// wage, and a range must not be upside down.
absl::Status FinishRow(const RowView&, Seeker&) { return absl::OkStatus(); }
absl::Status FinishRow(const RowView& r, Vacancy& v) {
  constexpr int kWageMin = static_cast<int>(schema::IndexOf(kVacancySchema, "wage_min"));
  constexpr int kWageMax = static_cast<int>(schema::IndexOf(kVacancySchema, "wage_max"));
  if (Strip(r.Get(kWageMax)).empty()) {
    v.wage_max = v.wage_min;
  } else if (v.wage_max < v.wage_min) {
    return r.ValueError(kWageMax,
                        absl::StrCat("must be >= wage_min (", Strip(r.Get(kWageMin)), ")"),
                        r.Get(kWageMax));
  }
  return absl::OkStatus();
}

// Parses a seekers or vacancies file into `vocab` (the caller's working
// copy) and `rows`; `lines` gets the line each row starts on.
template <typename Row>
absl::Status ParseRowsInto(const Input& in, absl::string_view source, Vocabulary& vocab,
                           const CsvLimits& limits, std::vector<Row>* rows,
                           std::vector<int64_t>* lines) {
  const std::vector<ColumnSpec> specs = SpecsOf<Row>();
  absl::flat_hash_map<std::string, int64_t> first_line;
  CellContext ctx{&vocab};
  return internal::ParseTable(in, source, limits, specs, [&](const RowView& r) -> absl::Status {
    Row row;
    absl::Status status;
    schema::ForEachColumn(SchemaOf<Row>::value, [&](const auto& col, auto index) {
      using Col = std::remove_cvref_t<decltype(col)>;
      constexpr int c = static_cast<int>(decltype(index)::value);
      if (!status.ok()) return;
      if (Col::kKind == ColumnKind::kEmbedding && !r.Has(c)) return;
      status = internal::ParseCell<Col::kKind>(r, c, ctx, Col::Field(row));
      if constexpr (Col::kKind == ColumnKind::kIdentifier) {
        if (!status.ok()) return;
        auto [it, inserted] = first_line.try_emplace(Col::Field(row), r.line());
        if (!inserted) {
          status = r.Error(c, absl::StrCat("duplicate id ", Echo(Col::Field(row)),
                                           " (first on line ", it->second, ")"));
        }
      }
    });
    JOBMATCH_RETURN_IF_ERROR(status);
    JOBMATCH_RETURN_IF_ERROR(FinishRow(r, row));
    rows->push_back(std::move(row));
    if (lines != nullptr) lines->push_back(r.line());
    return absl::OkStatus();
  });
}

template <typename Row>
absl::StatusOr<std::vector<Row>> ParseRowsCsv(std::string_view text, std::string_view source,
                                              Vocabulary& vocab, const CsvLimits& limits) {
  Vocabulary work = vocab;
  std::vector<Row> rows;
  JOBMATCH_RETURN_IF_ERROR(ParseRowsInto<Row>(Input{internal::Sv(text)}, internal::Sv(source), work,
                                              limits, &rows, nullptr));
  vocab = std::move(work);
  return rows;
}

// Step 1 of loading a file (any thread): parses it with a copy of `base`
// and keeps the rows `keep` accepts (when given). Industries the file names
// that `base` lacks get ids from base.industries().size() on, in order of
// first appearance.
template <typename Row>
absl::Status ParseRowsFile(const std::string& path, const Vocabulary& base, const CsvLimits& limits,
                           const absl::FunctionRef<bool(const Row&)>* keep,
                           internal::ParsedFile<Row>& out) {
  out.path = path;
  out.vocab = base;
  out.base_industries = base.industries().size();
  out.rows.clear();
  out.lines.clear();
  JOBMATCH_RETURN_IF_ERROR(
      ParseRowsInto<Row>(Input{{}, &path}, path, out.vocab, limits, &out.rows, &out.lines));
  out.rows_in_file = static_cast<int64_t>(out.rows.size());
  if (keep != nullptr) {
    size_t kept = 0;
    for (size_t i = 0; i < out.rows.size(); ++i) {
      if (!(*keep)(out.rows[i])) continue;
      if (kept != i) {
        out.rows[kept] = std::move(out.rows[i]);
        out.lines[kept] = out.lines[i];
      }
      ++kept;
    }
    out.rows.resize(kept);
    out.lines.resize(kept);
  }
  return absl::OkStatus();
}

// Step 2 (files in order, one at a time): the file's new industries join
// `vocab` by name in the order the file named them — the ids a load of the
// files one after the other gives — and its rows' industry ids follow; ids
// already in the table are refused with the line of the row, the table
// validates the rest, then the vocabulary is committed. `vocab` must extend
// the base the file was parsed with.
template <typename Row>
absl::Status AppendParsedRows(internal::ParsedFile<Row>&& parsed, Vocabulary& vocab,
                              typename TableOf<Row>::type& table) {
  Vocabulary work = vocab;
  const NameTable& local = parsed.vocab.industries();
  // Local id -> id in `vocab`: the base's ids are shared.
  std::vector<int32_t> to_global(static_cast<size_t>(local.size()));
  std::iota(to_global.begin(), to_global.begin() + parsed.base_industries, 0);
  bool identity = true;
  for (int32_t id = parsed.base_industries; id < local.size(); ++id) {
    to_global[id] = work.AddIndustry(local.Name(id));
    identity = identity && to_global[id] == id;
  }
  if (!identity) {
    for (Row& row : parsed.rows) {
      schema::ForEachColumn(SchemaOf<Row>::value, [&](const auto& col, auto) {
        using Col = std::remove_cvref_t<decltype(col)>;
        if constexpr (Col::kKind == ColumnKind::kIndustry) {
          Col::Field(row) = to_global[Col::Field(row)];
        } else if constexpr (Col::kKind == ColumnKind::kIndustries) {
          for (int32_t& id : Col::Field(row)) id = to_global[id];
        }
      });
    }
  }
  for (size_t i = 0; i < parsed.rows.size(); ++i) {
    if (table.Find(parsed.rows[i].id)) {
      return internal::FieldError(
          parsed.path, parsed.lines[i], "id",
          absl::StrCat("id ", Echo(parsed.rows[i].id), " is already in the table"));
    }
  }
  if (absl::Status st = table.Append(parsed.rows, work); !st.ok()) {
    return absl::Status(st.code(), absl::StrCat(parsed.path, ": ", st.message()));
  }
  vocab = std::move(work);
  return absl::OkStatus();
}

// Reads a file and appends its rows: the two steps above, on the calling
// thread.
template <typename Row>
absl::Status LoadRowsCsv(const std::string& path, Vocabulary& vocab,
                         typename TableOf<Row>::type& table, const CsvLimits& limits) {
  internal::ParsedFile<Row> parsed;
  JOBMATCH_RETURN_IF_ERROR(ParseRowsFile<Row>(path, vocab, limits, nullptr, parsed));
  return AppendParsedRows<Row>(std::move(parsed), vocab, table);
}

// Writes a table: every column of the schema in order, except those written
// only when present (embeddings, dates) when no row has a value.
template <typename Row>
absl::Status WriteRowsCsv(const std::string& path, unsigned mode, const Table<Row>& table,
                          const Vocabulary& vocab) {
  constexpr auto& sc = SchemaOf<Row>::value;
  std::vector<bool> written;
  std::vector<absl::string_view> names;
  schema::ForEachColumn(sc, [&](const auto& col, auto index) {
    using Col = std::remove_cvref_t<decltype(col)>;
    const auto& store = std::get<decltype(index)::value>(table.stores());
    bool present = true;
    if constexpr (Col::kKind == ColumnKind::kEmbedding) {
      present = store.cols() > 0;
    } else if constexpr (Col::kKind == ColumnKind::kDate) {
      present = false;
      for (int32_t d : store) present = present || d != kNoDate;
    }
    written.push_back(present);
    if (present) names.push_back(internal::Sv(col.info.name));
  });
  std::string cell;
  return internal::WriteCsvRows(path, mode, absl::StrJoin(names, ","), table.size(),
                                [&](int64_t i, std::string* out) -> absl::Status {
                                  absl::Status status;
                                  bool first = true;
                                  schema::ForEachColumn(sc, [&](const auto& col, auto index) {
                                    using Col = std::remove_cvref_t<decltype(col)>;
                                    if (!status.ok() || !written[decltype(index)::value]) return;
                                    if (!first) out->push_back(',');
                                    first = false;
                                    cell.clear();
                                    status = internal::FormatCell<Col::kKind>(
                                        std::get<decltype(index)::value>(table.stores()), i, vocab,
                                        &cell);
                                    internal::AppendCsvField(out, cell);
                                  });
                                  out->push_back('\n');
                                  return status;
                                });
}

}  // namespace

absl::Status ParseSkillsCsv(std::string_view text_in, std::string_view source_in, Vocabulary& vocab,
                            const CsvLimits& limits) {
  return ParseSkillsInto(Input{internal::Sv(text_in)}, internal::Sv(source_in), limits, vocab);
}

absl::Status ReadSkillsCsv(const std::string& path, Vocabulary& vocab, const CsvLimits& limits) {
  return ParseSkillsInto(Input{{}, &path}, path, limits, vocab);
}

absl::StatusOr<std::vector<Seeker>> ParseSeekersCsv(std::string_view text, std::string_view source,
                                                    Vocabulary& vocab, const CsvLimits& limits) {
  return ParseRowsCsv<Seeker>(text, source, vocab, limits);
}

absl::StatusOr<std::vector<Vacancy>> ParseVacanciesCsv(std::string_view text,
                                                       std::string_view source, Vocabulary& vocab,
                                                       const CsvLimits& limits) {
  return ParseRowsCsv<Vacancy>(text, source, vocab, limits);
}

absl::Status LoadSeekersCsv(const std::string& path, Vocabulary& vocab, SeekerTable& table,
                            const CsvLimits& limits) {
  return LoadRowsCsv<Seeker>(path, vocab, table, limits);
}

absl::Status LoadVacanciesCsv(const std::string& path, Vocabulary& vocab, VacancyTable& table,
                              const CsvLimits& limits) {
  return LoadRowsCsv<Vacancy>(path, vocab, table, limits);
}

namespace internal {

absl::Status ParseSeekersFile(const std::string& path, const Vocabulary& base,
                              const CsvLimits& limits, ParsedFile<Seeker>& out) {
  return ParseRowsFile<Seeker>(path, base, limits, nullptr, out);
}

absl::Status ParseVacanciesFile(const std::string& path, const Vocabulary& base,
                                const CsvLimits& limits,
                                const absl::FunctionRef<bool(const Vacancy&)>* keep,
                                ParsedFile<Vacancy>& out) {
  return ParseRowsFile<Vacancy>(path, base, limits, keep, out);
}

absl::Status AppendParsed(ParsedFile<Seeker>&& parsed, Vocabulary& vocab, SeekerTable& table) {
  return AppendParsedRows<Seeker>(std::move(parsed), vocab, table);
}

absl::Status AppendParsed(ParsedFile<Vacancy>&& parsed, Vocabulary& vocab, VacancyTable& table) {
  return AppendParsedRows<Vacancy>(std::move(parsed), vocab, table);
}

}  // namespace internal

absl::Status WriteSkillsCsv(const std::string& path, const Vocabulary& vocab) {
  return internal::WriteCsvRows(
      path, kPublicFileMode, "skill", vocab.skills().size(),
      [&](int64_t i, std::string* out) -> absl::Status {
        const std::string& name = vocab.skills().Name(static_cast<int32_t>(i));
        JOBMATCH_RETURN_IF_ERROR(internal::CheckWritableName("skill", name, ":;"));
        internal::AppendCsvField(out, name);
        out->push_back('\n');
        return absl::OkStatus();
      });
}

absl::Status WriteSeekersCsv(const std::string& path, const SeekerTable& table,
                             const Vocabulary& vocab) {
  return WriteRowsCsv<Seeker>(path, kPersonalDataFileMode, table, vocab);
}

absl::Status WriteVacanciesCsv(const std::string& path, const VacancyTable& table,
                               const Vocabulary& vocab) {
  return WriteRowsCsv<Vacancy>(path, kPublicFileMode, table, vocab);
}

}  // namespace jobmatch
