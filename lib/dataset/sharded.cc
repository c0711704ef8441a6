// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// Sharded directories (io/shards.h): Dataset::LoadShardedCsv / Part and the
// reader they share with the snapshot layer (internal/sharded_load.h).
#include <algorithm>
#include <bit>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <type_traits>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/internal/absl_compat.h"
#include "base/internal/task_runner.h"
#include "base/internal/text.h"
#include "data/internal/table_access.h"
#include "dataset/internal/sharded_load.h"
#include "io/internal/csv_load.h"
#include "jobmatch/base/status_macros.h"
#include "jobmatch/data/schema.h"
#include "jobmatch/dataset/dataset.h"
#include "jobmatch/io/shards.h"

namespace jobmatch {
namespace {

// Each list strictly ascending and inside [0, shards); vacancies and
// remote_vacancies disjoint.
absl::Status CheckSelection(const Dataset::ShardSelection& s, int64_t shards) {
  const std::pair<const char*, const std::vector<int64_t>*> lists[] = {
      {"seekers", &s.seekers},
      {"vacancies", &s.vacancies},
      {"remote_vacancies", &s.remote_vacancies}};
  for (const auto& [name, list] : lists) {
    for (size_t i = 0; i < list->size(); ++i) {
      const int64_t v = (*list)[i];
      if (v < 0 || v >= shards) {
        return absl::InvalidArgumentError(absl::StrCat("shard selection: ", name, "[", i, "] = ", v,
                                                       " is not a shard of the manifest (0 to ",
                                                       shards - 1, ")"));
      }
      if (i > 0 && v <= (*list)[i - 1]) {
        return absl::InvalidArgumentError(
            absl::StrCat("shard selection: ", name, " must be strictly ascending (", name, "[", i,
                         "] = ", v, " follows ", (*list)[i - 1], ")"));
      }
    }
  }
  for (int64_t v : s.vacancies) {
    if (std::binary_search(s.remote_vacancies.begin(), s.remote_vacancies.end(), v)) {
      return absl::InvalidArgumentError(
          absl::StrCat("shard selection: shard ", v, " is in both vacancies and remote_vacancies"));
    }
  }
  return absl::OkStatus();
}

// The shard's files hold `got` rows where the manifest declares `declared`.
absl::Status CountMismatch(const std::filesystem::path& dir, const DataShard& shard,
                           const char* what, int64_t declared, int64_t got) {
  return absl::DataLossError(absl::StrCat((dir / kShardManifestFile).string(), ": shard '",
                                          shard.name, "' declares ", declared, " ", what,
                                          ", its file holds ", got));
}

// A snapshot shard's vocabulary seen from the data set's base vocabulary
// (built-in and policy key groups, the directory's skills file): skills and
// key groups map by name and must exist there; industries the base lacks
// are numbered from its size on, in the order the rows name them (as parsing
// the shard's CSV files would number them).
class SnapshotIds {
 public:
  SnapshotIds(const Vocabulary& shard, const Vocabulary& base) : shard_(shard) {
    for (const std::string& name : shard.skills().names()) {
      skills_.push_back(base.FindSkill(name).value_or(-1));
      skills_identity_ =
          skills_identity_ && skills_.back() + 1 == static_cast<int32_t>(skills_.size());
    }
    for (const std::string& name : shard.groups().names()) {
      groups_.push_back(base.FindGroup(name).value_or(-1));
      groups_identity_ =
          groups_identity_ && groups_.back() + 1 == static_cast<int32_t>(groups_.size());
    }
  }

  // Skills and key groups the base lacks: an error naming them (names of the
  // vocabulary only, never a row: memberships are personal data).
  absl::Status CheckCovered(const std::string& path) const {
    std::vector<std::string> skills, groups;
    for (size_t i = 0; i < skills_.size(); ++i) {
      if (skills_[i] < 0) skills.push_back(internal::QuoteForMessage(shard_.skills().Name(i)));
    }
    for (size_t i = 0; i < groups_.size(); ++i) {
      if (groups_[i] < 0) groups.push_back(internal::QuoteForMessage(shard_.groups().Name(i)));
    }
    if (!skills.empty()) {
      skills.resize(std::min<size_t>(skills.size(), 5));
      return absl::InvalidArgumentError(
          absl::StrCat(path, ": the snapshot's skills are not all in the directory's skills file (",
                       absl::StrJoin(skills, ", "), ")"));
    }
    if (!groups.empty()) {
      return absl::InvalidArgumentError(absl::StrCat(
          path, ": the snapshot declares key groups the policy does not (",
          absl::StrJoin(groups, ", "), "); load it with the policy it was saved with"));
    }
    return absl::OkStatus();
  }

  // Rewrites the ids of a table's `rows` rows in its column stores; `out`
  // (the base) receives the industries the rows name, first named first.
  template <typename Row>
  void Map(typename Table<Row>::Stores& stores, int64_t rows, Vocabulary& out) {
    constexpr auto& sc = SchemaOf<Row>::value;
    schema::ForEachColumn(sc, [&](const auto& col, auto index) {
      using Col = std::remove_cvref_t<decltype(col)>;
      auto& store = std::get<decltype(index)::value>(stores);
      if constexpr (Col::kKind == ColumnKind::kKeyGroups) {
        if (groups_identity_) return;
        for (GroupMask& m : store) {
          GroupMask mapped = 0;
          for (GroupMask rest = m; rest != 0; rest &= rest - 1) {
            mapped |= GroupMask{1} << groups_[static_cast<size_t>(std::countr_zero(rest))];
          }
          m = mapped;
        }
      } else if constexpr (Col::kKind == ColumnKind::kSkillLevels ||
                           Col::kKind == ColumnKind::kRequirements) {
        if (skills_identity_) return;
        for (auto& entry : store.values) entry.skill = skills_[static_cast<size_t>(entry.skill)];
      }
    });
    // Industries row by row, columns in schema order: the order in which
    // parsing the rows would name them.
    std::vector<int32_t> industries(static_cast<size_t>(shard_.industries().size()), -1);
    auto industry = [&](int32_t& id) {
      int32_t& mapped = industries[static_cast<size_t>(id)];
      if (mapped < 0) mapped = out.AddIndustry(shard_.industries().Name(id));  // base id if known
      id = mapped;
    };
    for (int64_t i = 0; i < rows; ++i) {
      schema::ForEachColumn(sc, [&](const auto& col, auto index) {
        using Col = std::remove_cvref_t<decltype(col)>;
        auto& store = std::get<decltype(index)::value>(stores);
        if constexpr (Col::kKind == ColumnKind::kIndustry) {
          industry(store[static_cast<size_t>(i)]);
        } else if constexpr (Col::kKind == ColumnKind::kIndustries) {
          for (int64_t o = store.offsets[i]; o < store.offsets[i + 1]; ++o) {
            industry(store.values[static_cast<size_t>(o)]);
          }
        }
      });
    }
  }

 private:
  const Vocabulary& shard_;
  std::vector<int32_t> skills_, groups_;
  bool skills_identity_ = true, groups_identity_ = true;
};

// A table of a snapshot shard, its ids in the terms of the parse's base
// vocabulary plus its own new industries, ready to append (the snapshot
// counterpart of a parsed CSV file, io/internal/csv_load.h).
template <typename Row>
struct SnapshotTable {
  std::string path;
  typename TableOf<Row>::type table;
  Vocabulary vocab;  // the base and the table's new industries
  int32_t base_industries = 0;
  std::vector<int64_t> rows;  // the rows to append: all, or the remote posts
};

template <typename Row>
void MakeSnapshotTable(const typename TableOf<Row>::type& source, SnapshotIds& ids,
                       const Vocabulary& base, const std::string& path, bool only_remote,
                       SnapshotTable<Row>& out) {
  out.path = path;
  out.vocab = base;
  out.base_industries = base.industries().size();
  typename Table<Row>::Stores stores = internal::TableAccess::CopyStores(source);
  ids.Map<Row>(stores, source.size(), out.vocab);
  // Valid by construction: LoadSnapshot validated the rows, and the ids are
  // mapped one to one onto the ids of `out.vocab`.
  const absl::Status installed = internal::TableAccess::Install<Row>(
      std::move(stores), out.vocab, out.table, absl::StatusCode::kDataLoss, /*unchecked=*/true);
  (void)installed;  // unchecked: cannot fail
  for (int64_t i = 0; i < out.table.size(); ++i) {
    if constexpr (std::is_same_v<Row, Vacancy>) {
      if (only_remote && !out.table.remote()[static_cast<size_t>(i)]) continue;
    }
    out.rows.push_back(i);
  }
}

// Appends a snapshot table as AppendParsed appends a parsed file: its new
// industries join `vocab` by name in order, ids already in `dst` are
// refused (naming the row), all or nothing. The stores are copied as they
// are (no second validation).
template <typename Row>
absl::Status AppendSnapshotTable(SnapshotTable<Row>&& s, Vocabulary& vocab,
                                 typename TableOf<Row>::type& dst) {
  Vocabulary work = vocab;
  const NameTable& local = s.vocab.industries();
  std::vector<int32_t> to_global(static_cast<size_t>(local.size()));
  bool identity = true;
  for (int32_t id = 0; id < local.size(); ++id) {
    to_global[static_cast<size_t>(id)] =
        id < s.base_industries ? id : work.AddIndustry(local.Name(id));
    identity = identity && to_global[static_cast<size_t>(id)] == id;
  }
  if (!identity) {
    auto& stores = internal::TableAccess::MutableStores(s.table);
    schema::ForEachColumn(SchemaOf<Row>::value, [&](const auto& col, auto index) {
      using Col = std::remove_cvref_t<decltype(col)>;
      auto& store = std::get<decltype(index)::value>(stores);
      if constexpr (Col::kKind == ColumnKind::kIndustry) {
        for (int32_t& id : store) id = to_global[static_cast<size_t>(id)];
      } else if constexpr (Col::kKind == ColumnKind::kIndustries) {
        for (int32_t& id : store.values) id = to_global[static_cast<size_t>(id)];
      }
    });
  }
  if (absl::Status st = internal::TableAccess::AppendRowsFrom(dst, s.table, s.rows); !st.ok()) {
    for (int64_t r : s.rows) {  // name the first id already in the table
      if (dst.Find(s.table.ids()[static_cast<size_t>(r)])) {
        return absl::InvalidArgumentError(absl::StrCat(
            s.path, ": ", internal::Sv(SchemaOf<Row>::kTable), " row ", r + 1, ": column 'id': id ",
            internal::QuoteForMessage(s.table.ids()[static_cast<size_t>(r)]),
            " is already in the table"));
      }
    }
    return absl::Status(st.code(), absl::StrCat(s.path, ": ", st.message()));
  }
  vocab = std::move(work);
  return absl::OkStatus();
}

// One shard's rows, parsed on any thread against `base`: CSV files or the
// tables of a snapshot. The statuses are those of reading its seekers and
// its vacancies one after the other: a shard whose seekers fail is not read
// on.
struct ParsedShard {
  internal::ParsedFile<Seeker> seekers;
  internal::ParsedFile<Vacancy> vacancies;
  SnapshotTable<Seeker> snapshot_seekers;
  SnapshotTable<Vacancy> snapshot_vacancies;
  absl::Status seekers_status, vacancies_status;
};

void ParseShard(const std::filesystem::path& dir, const DataShard& shard, const Vocabulary& base,
                const CsvLimits& limits, bool with_seekers, bool with_vacancies, bool only_remote,
                const absl::FunctionRef<bool(const Vacancy&)>* keep,
                const internal::OpenSnapshotFn& open_snapshot, ParsedShard& out) {
  if (!shard.is_snapshot()) {
    if (with_seekers) {
      out.seekers_status =
          internal::ParseSeekersFile((dir / shard.seekers).string(), base, limits, out.seekers);
    }
    if (out.seekers_status.ok() && with_vacancies) {
      out.vacancies_status = internal::ParseVacanciesFile((dir / shard.vacancies).string(), base,
                                                          limits, keep, out.vacancies);
    }
    return;
  }
  // Snapshot shards: one snapshot per table, each read only when its table
  // is.
  if (!open_snapshot) {
    out.seekers_status = absl::FailedPreconditionError(absl::StrCat(
        (dir / kShardManifestFile).string(), ": shard '", shard.name,
        "' is a snapshot shard; read the directory with LoadShardedData (snapshot/snapshot.h)"));
    return;
  }
  auto open = [&](const std::string& file, bool seekers, auto&& make) -> absl::Status {
    const std::string path = (dir / file).string();
    JOBMATCH_ASSIGN_OR_RETURN(std::shared_ptr<const Dataset> data, open_snapshot(path));
    // Each file holds its own table only (a swapped pair is named as such).
    if (const int64_t other = seekers ? data->vacancies().size() : data->seekers().size();
        other > 0) {
      return absl::DataLossError(absl::StrCat(
          path, ": a shard's ", seekers ? "seekers" : "vacancies", " snapshot holds ", other, " ",
          seekers ? "vacancies" : "seekers", "; it must hold its own table only"));
    }
    SnapshotIds ids(data->vocabulary(), base);
    JOBMATCH_RETURN_IF_ERROR(ids.CheckCovered(path));
    make(*data, ids, path);
    return absl::OkStatus();
  };
  if (with_seekers) {
    out.seekers_status =
        open(shard.seekers, true, [&](const Dataset& d, SnapshotIds& ids, const std::string& path) {
          MakeSnapshotTable<Seeker>(d.seekers(), ids, base, path, false, out.snapshot_seekers);
        });
  }
  if (out.seekers_status.ok() && with_vacancies) {
    out.vacancies_status = open(shard.vacancies, false,
                                [&](const Dataset& d, SnapshotIds& ids, const std::string& path) {
                                  MakeSnapshotTable<Vacancy>(d.vacancies(), ids, base, path,
                                                             only_remote, out.snapshot_vacancies);
                                });
  }
}

// The selected shards of a read manifest.
absl::StatusOr<Dataset::ShardPart> LoadShards(const std::string& directory,
                                              const ShardManifest& manifest, Policy policy,
                                              const Dataset::ShardSelection& selection,
                                              const CsvLimits& limits, const ProgressFn& progress,
                                              int num_threads,
                                              const internal::OpenSnapshotFn& open_snapshot) {
  const int64_t shards = static_cast<int64_t>(manifest.shards.size());
  JOBMATCH_RETURN_IF_ERROR(CheckSelection(selection, shards));
  const std::filesystem::path dir(directory);
  Vocabulary vocabulary;
  JOBMATCH_RETURN_IF_ERROR(AddPolicyGroups(policy, vocabulary));
  JOBMATCH_RETURN_IF_ERROR(ReadSkillsCsv((dir / manifest.skills).string(), vocabulary, limits));
  // The shards touched, in manifest order, and where each one's rows start
  // in the whole directory (the declared counts; ReadShardManifest bounds
  // them, so the sums cannot overflow).
  auto has = [](const std::vector<int64_t>& list, int64_t i) {
    return std::binary_search(list.begin(), list.end(), i);
  };
  std::vector<int64_t> touched;
  for (int64_t i = 0; i < shards; ++i) {
    if (has(selection.seekers, i) || has(selection.vacancies, i) ||
        has(selection.remote_vacancies, i)) {
      touched.push_back(i);
    }
  }
  // Each touched shard is a task: its files are parsed on any thread
  // against the vocabulary as it stands before the shards (parsing needs
  // nothing else), then, when every earlier shard is in, appended in
  // manifest order — which gives the industry ids, the rows and the first
  // error of reading the shards one after the other. A thread holds at most
  // one parsed shard, so memory stays that of the tables plus a shard per
  // thread.
  const Vocabulary base = vocabulary;
  std::vector<int64_t> seeker_base(touched.size()), vacancy_base(touched.size());
  {
    int64_t sb = 0, vb = 0, t = 0;
    for (int64_t i = 0; i < shards && t < static_cast<int64_t>(touched.size()); ++i) {
      if (touched[t] == i) {
        seeker_base[t] = sb;
        vacancy_base[t] = vb;
        ++t;
      }
      sb += manifest.shards[static_cast<size_t>(i)].num_seekers;
      vb += manifest.shards[static_cast<size_t>(i)].num_vacancies;
    }
  }
  Dataset::ShardPart part;
  SeekerTable seekers;
  VacancyTable vacancies;
  std::mutex mu;
  std::condition_variable turn_changed;
  int64_t turn = 0;     // the next shard to append (guarded by mu)
  bool failed = false;  // a shard before `turn` failed (guarded by mu)
  auto read_shard = [&](int64_t t) -> absl::Status {
    const int64_t i = touched[static_cast<size_t>(t)];
    const DataShard& shard = manifest.shards[static_cast<size_t>(i)];
    const bool with_seekers = has(selection.seekers, i);
    const bool all = has(selection.vacancies, i), remote = has(selection.remote_vacancies, i);
    bool skip;
    {
      std::lock_guard<std::mutex> lock(mu);
      skip = failed;
    }
    ParsedShard parsed;
    std::vector<int64_t> rows;  // whole-directory rows of the vacancies kept
    if (!skip) {
      // The filter sees the file's rows once each, in order: it records the
      // whole directory's row of each one kept.
      int64_t position = 0;
      auto keep_row = [&](const Vacancy& v) {
        const int64_t row = vacancy_base[t] + position++;
        if (!all && !v.remote) return false;
        rows.push_back(row);
        return true;
      };
      const absl::FunctionRef<bool(const Vacancy&)> keep = keep_row;
      ParseShard(dir, shard, base, limits, with_seekers, all || remote, !all, &keep, open_snapshot,
                 parsed);
      if (shard.is_snapshot()) {
        for (int64_t r : parsed.snapshot_vacancies.rows) rows.push_back(vacancy_base[t] + r);
      }
    }
    std::unique_lock<std::mutex> lock(mu);
    turn_changed.wait(lock, [&] { return turn == t; });
    // The checks in the order of reading the shard alone: seekers (parse,
    // append, count), then vacancies. After an earlier shard failed, nothing
    // is appended and the status is never reported (RunTasks reports the
    // lowest failing task).
    absl::Status status =
        failed ? absl::CancelledError("an earlier shard failed") : parsed.seekers_status;
    if (status.ok() && with_seekers) {
      const int64_t before = seekers.size();
      status = shard.is_snapshot()
                   ? AppendSnapshotTable(std::move(parsed.snapshot_seekers), vocabulary, seekers)
                   : internal::AppendParsed(std::move(parsed.seekers), vocabulary, seekers);
      if (status.ok() && seekers.size() - before != shard.num_seekers) {
        status = CountMismatch(dir, shard, "seekers", shard.num_seekers, seekers.size() - before);
      }
      for (int64_t r = 0; status.ok() && r < shard.num_seekers; ++r) {
        part.seeker_rows.push_back(seeker_base[t] + r);
      }
    }
    if (status.ok() && (all || remote)) {
      status = parsed.vacancies_status;
      const int64_t in_file = shard.is_snapshot() ? parsed.snapshot_vacancies.table.size()
                                                  : parsed.vacancies.rows_in_file;
      if (status.ok()) {
        status =
            shard.is_snapshot()
                ? AppendSnapshotTable(std::move(parsed.snapshot_vacancies), vocabulary, vacancies)
                : internal::AppendParsed(std::move(parsed.vacancies), vocabulary, vacancies);
      }
      if (status.ok() && in_file != shard.num_vacancies) {
        status = CountMismatch(dir, shard, "vacancies", shard.num_vacancies, in_file);
      }
      if (status.ok()) part.vacancy_rows.insert(part.vacancy_rows.end(), rows.begin(), rows.end());
    }
    failed = failed || !status.ok();
    ++turn;
    turn_changed.notify_all();
    return status;
  };
  const int threads = std::max(1, ResolveThreadCount(num_threads));
  JOBMATCH_RETURN_IF_ERROR(internal::RunTasks(static_cast<int64_t>(touched.size()), threads,
                                              progress, "cancelled", read_shard));
  JOBMATCH_ASSIGN_OR_RETURN(part.data, Dataset::Create(std::move(vocabulary), std::move(seekers),
                                                       std::move(vacancies), std::move(policy)));
  return part;
}

}  // namespace

namespace internal {

absl::StatusOr<Dataset::ShardPart> LoadShardedPart(const std::string& directory, Policy policy,
                                                   const Dataset::ShardSelection* selection,
                                                   const CsvLimits& limits,
                                                   const ProgressFn& progress, int num_threads,
                                                   const OpenSnapshotFn& open_snapshot) {
  JOBMATCH_ASSIGN_OR_RETURN(const ShardManifest manifest, ReadShardManifest(directory));
  Dataset::ShardSelection all;
  if (selection == nullptr) {
    for (int64_t i = 0; i < static_cast<int64_t>(manifest.shards.size()); ++i) {
      all.seekers.push_back(i);
      all.vacancies.push_back(i);
    }
    selection = &all;
  }
  return LoadShards(directory, manifest, std::move(policy), *selection, limits, progress,
                    num_threads, open_snapshot);
}

}  // namespace internal

absl::StatusOr<std::shared_ptr<const Dataset>> Dataset::LoadShardedCsv(const std::string& directory,
                                                                       Policy policy,
                                                                       const CsvLimits& limits,
                                                                       const ProgressFn& progress,
                                                                       int num_threads) {
  JOBMATCH_ASSIGN_OR_RETURN(ShardPart part,
                            internal::LoadShardedPart(directory, std::move(policy), nullptr, limits,
                                                      progress, num_threads, nullptr));
  return std::move(part.data);
}

absl::StatusOr<Dataset::ShardPart> Dataset::LoadShardedCsvPart(
    const std::string& directory, Policy policy, const ShardSelection& selection,
    const CsvLimits& limits, const ProgressFn& progress, int num_threads) {
  return internal::LoadShardedPart(directory, std::move(policy), &selection, limits, progress,
                                   num_threads, nullptr);
}

}  // namespace jobmatch
