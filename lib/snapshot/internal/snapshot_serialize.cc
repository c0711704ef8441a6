// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// The snapshot payload: Boost.Serialization binary archives (no archive
// header: the snapshot header carries the format version, byte order and type
// sizes) over memory stream buffers. Every column is a length followed by its
// elements as one binary object, so saving and loading are memcpy-bound.
// Strings are packed per column as a length array plus one byte blob.
//
// Boost.Serialization trusts its input; we do not. Every length is checked
// against the bytes that remain before anything is allocated or read, and
// loaded tables go through TableAccess::Install (data/internal/
// table_access.h: shapes, then the one validation of the schema) before the
// caller sees them.
#include <boost/archive/binary_iarchive.hpp>
#include <boost/archive/binary_oarchive.hpp>
#include <boost/serialization/binary_object.hpp>
#include <boost/serialization/level.hpp>
#include <boost/serialization/split_free.hpp>
#include <boost/serialization/tracking.hpp>
#include <cstring>
#include <limits>
#include <stdexcept>
#include <streambuf>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "base/internal/absl_compat.h"
#include "data/internal/table_access.h"
#include "jobmatch/data/schema.h"
#include "jobmatch/data/tables.h"
#include "jobmatch/data/vocabulary.h"
#include "jobmatch/dataset/dataset.h"
#include "jobmatch/policy/policy.h"
#include "snapshot/internal/snapshot_internal.h"

namespace jobmatch::internal {
namespace {

static_assert(std::numeric_limits<float>::is_iec559 && std::numeric_limits<double>::is_iec559,
              "snapshots store IEEE-754 floats");

// Thrown inside the Boost load functions, caught in DecodePayload.
class FormatError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class MemoryInBuf : public std::streambuf {
 public:
  MemoryInBuf(const char* p, size_t n) {
    char* b = const_cast<char*>(p);  // never written: get area only
    setg(b, b, b + n);
  }
  int64_t remaining() const { return static_cast<int64_t>(egptr() - gptr()); }
};

class StringOutBuf : public std::streambuf {
 public:
  explicit StringOutBuf(std::string* out) : out_(out) {}

 protected:
  int_type overflow(int_type c) override {
    if (c != traits_type::eof()) out_->push_back(static_cast<char>(c));
    return traits_type::not_eof(c);
  }
  std::streamsize xsputn(const char* s, std::streamsize n) override {
    out_->append(s, static_cast<size_t>(n));
    return n;
  }

 private:
  std::string* out_;
};

}  // namespace

// What a load function needs beyond the archive: the bytes left, for bounds
// checks. Reached through Boost's archive helper mechanism.
struct LoadContext {
  const MemoryInBuf* buf = nullptr;
  uint32_t format_version = 0;
  const Vocabulary* vocabulary = nullptr;  // decoded before the tables
};

namespace {

// ------------------------------------------------------------------ saving

template <class Ar>
void SaveCount(Ar& ar, int64_t n) {
  ar << n;
}

template <class Ar, class T>
void SavePod(Ar& ar, const T* p, int64_t n) {
  static_assert((std::is_trivially_copyable_v<T> && std::has_unique_object_representations_v<T>) ||
                std::is_floating_point_v<T>);  // no padding bytes in the file
  SaveCount(ar, n);
  if (n > 0) ar << boost::serialization::make_binary_object(p, static_cast<size_t>(n) * sizeof(T));
}

template <class Ar, class T>
void SavePod(Ar& ar, const std::vector<T>& v) {
  SavePod(ar, v.data(), static_cast<int64_t>(v.size()));
}

// Strings as [count][uint32 length x count][blob of all bytes].
template <class Ar, class Get>
void SaveStrings(Ar& ar, int64_t n, Get get) {
  std::vector<uint32_t> len(static_cast<size_t>(n));
  std::string blob;
  size_t total = 0;
  for (int64_t i = 0; i < n; ++i) total += get(i).size();
  blob.reserve(total);
  for (int64_t i = 0; i < n; ++i) {
    const std::string& s = get(i);
    len[static_cast<size_t>(i)] = static_cast<uint32_t>(s.size());
    blob += s;
  }
  SavePod(ar, len);
  if (!blob.empty()) ar << boost::serialization::make_binary_object(blob.data(), blob.size());
}

template <class Ar>
void SaveStrings(Ar& ar, const std::vector<std::string>& v) {
  SaveStrings(ar, static_cast<int64_t>(v.size()),
              [&](int64_t i) -> const std::string& { return v[i]; });
}

template <class Ar>
void SaveMatrix(Ar& ar, const RowMatrixXf& m) {
  SaveCount(ar, m.rows());
  SaveCount(ar, m.cols());
  if (m.size() > 0) {
    ar << boost::serialization::make_binary_object(m.data(),
                                                   static_cast<size_t>(m.size()) * sizeof(float));
  }
}

// ----------------------------------------------------------------- loading

template <class Ar>
const MemoryInBuf& Buf(Ar& ar) {
  return *ar.template get_helper<LoadContext>().buf;
}

template <class Ar>
void Need(Ar& ar, int64_t bytes, const std::string& what) {
  if (Buf(ar).remaining() < bytes) {
    throw FormatError(absl::StrCat("payload ends inside ", what, " (", bytes, " bytes needed, ",
                                   Buf(ar).remaining(), " left)"));
  }
}

// A count of elements of `elem_bytes` bytes each that must still fit in the
// payload: this is what caps every allocation by the file size.
template <class Ar>
int64_t LoadCount(Ar& ar, const std::string& what, int64_t elem_bytes) {
  Need(ar, 8, what);
  int64_t n = 0;
  ar >> n;
  const int64_t left = Buf(ar).remaining();
  if (n < 0 || (elem_bytes > 0 && n > left / elem_bytes)) {
    throw FormatError(absl::StrCat(what, ": declared ", n, " elements of ", elem_bytes,
                                   " bytes but only ", left, " payload bytes remain"));
  }
  return n;
}

template <class Ar>
void LoadBytes(Ar& ar, void* p, int64_t bytes, const std::string& what) {
  Need(ar, bytes, what);
  if (bytes > 0) {
    auto obj = boost::serialization::make_binary_object(p, static_cast<size_t>(bytes));
    ar >> obj;
  }
}

// `expected` < 0: any length.
template <class Ar, class T>
void LoadPod(Ar& ar, std::vector<T>& v, const std::string& what, int64_t expected) {
  const int64_t n = LoadCount(ar, what, sizeof(T));
  if (expected >= 0 && n != expected) {
    throw FormatError(absl::StrCat(what, ": ", n, " entries, expected ", expected));
  }
  v.resize(static_cast<size_t>(n));
  LoadBytes(ar, v.data(), n * static_cast<int64_t>(sizeof(T)), what);
}

template <class Ar, class Put>
void LoadStrings(Ar& ar, const std::string& what, int64_t expected, Put put) {
  std::vector<uint32_t> len;
  LoadPod(ar, len, what + " (lengths)", expected);
  int64_t total = 0;
  for (uint32_t l : len) total += l;  // <= 2^32 * n, no overflow for n < 2^31
  Need(ar, total, what);
  std::string blob(static_cast<size_t>(total), '\0');
  LoadBytes(ar, blob.data(), total, what);
  size_t pos = 0;
  for (size_t i = 0; i < len.size(); ++i) {
    put(static_cast<int64_t>(i), std::string(blob, pos, len[i]));
    pos += len[i];
  }
}

template <class Ar>
void LoadStrings(Ar& ar, std::vector<std::string>& v, const std::string& what, int64_t expected) {
  v.clear();
  LoadStrings(ar, what, expected, [&](int64_t, std::string&& s) { v.push_back(std::move(s)); });
}

template <class Ar>
void LoadMatrix(Ar& ar, RowMatrixXf& m, const std::string& what, int64_t rows_expected) {
  constexpr int64_t kMaxDim = 65536;
  const int64_t rows = LoadCount(ar, what + " (rows)", 0);
  const int64_t cols = LoadCount(ar, what + " (columns)", 0);
  if (rows != rows_expected) {
    throw FormatError(absl::StrCat(what, ": ", rows, " rows, expected ", rows_expected));
  }
  if (cols > kMaxDim) throw FormatError(absl::StrCat(what, ": dimension ", cols, " > ", kMaxDim));
  if (cols > 0 && rows > Buf(ar).remaining() / (cols * 4)) {
    throw FormatError(absl::StrCat(what, ": ", rows, " x ", cols, " floats declared but only ",
                                   Buf(ar).remaining(), " payload bytes remain"));
  }
  m.resize(rows, cols);
  LoadBytes(ar, m.data(), rows * cols * 4, what);
}

// Skill lists and requirements are stored column by column (no padding
// bytes in the file).
template <class Ar>
void SaveSkills(Ar& ar, const RaggedArray<SkillLevel>& r) {
  SavePod(ar, r.offsets);
  std::vector<int32_t> skill(r.values.size());
  std::vector<int8_t> level(r.values.size());
  for (size_t i = 0; i < r.values.size(); ++i) {
    skill[i] = r.values[i].skill;
    level[i] = r.values[i].level;
  }
  SavePod(ar, skill);
  SavePod(ar, level);
}

template <class Ar>
void LoadSkills(Ar& ar, RaggedArray<SkillLevel>& r, const std::string& what, int64_t rows) {
  LoadPod(ar, r.offsets, what + " (offsets)", rows + 1);
  std::vector<int32_t> skill;
  std::vector<int8_t> level;
  LoadPod(ar, skill, what + " (skill ids)", -1);
  LoadPod(ar, level, what + " (levels)", static_cast<int64_t>(skill.size()));
  r.values.resize(skill.size());
  for (size_t i = 0; i < skill.size(); ++i) r.values[i] = SkillLevel{skill[i], level[i]};
}

template <class Ar>
void SaveRequirements(Ar& ar, const RaggedArray<Requirement>& r) {
  SavePod(ar, r.offsets);
  std::vector<int32_t> skill(r.values.size());
  std::vector<int8_t> level(r.values.size());
  std::vector<float> importance(r.values.size());
  for (size_t i = 0; i < r.values.size(); ++i) {
    skill[i] = r.values[i].skill;
    level[i] = r.values[i].min_level;
    importance[i] = r.values[i].importance;
  }
  SavePod(ar, skill);
  SavePod(ar, level);
  SavePod(ar, importance);
}

template <class Ar>
void LoadRequirements(Ar& ar, RaggedArray<Requirement>& r, const std::string& what, int64_t rows) {
  LoadPod(ar, r.offsets, what + " (offsets)", rows + 1);
  std::vector<int32_t> skill;
  std::vector<int8_t> level;
  std::vector<float> importance;
  LoadPod(ar, skill, what + " (skill ids)", -1);
  LoadPod(ar, level, what + " (levels)", static_cast<int64_t>(skill.size()));
  LoadPod(ar, importance, what + " (importance)", static_cast<int64_t>(skill.size()));
  r.values.resize(skill.size());
  for (size_t i = 0; i < skill.size(); ++i)
    r.values[i] = Requirement{skill[i], level[i], importance[i]};
}

template <class Ar>
void SaveRagged(Ar& ar, const RaggedArray<int32_t>& r) {
  SavePod(ar, r.offsets);
  SavePod(ar, r.values);
}

template <class Ar>
void LoadRagged(Ar& ar, RaggedArray<int32_t>& r, const std::string& what, int64_t rows) {
  LoadPod(ar, r.offsets, what + " (offsets)", rows + 1);
  LoadPod(ar, r.values, what + " (values)", -1);
}

// One encoding per store type of the schema (data/schema.h).
template <class Ar, class T>
void SaveStore(Ar& ar, const std::vector<T>& v) {
  SavePod(ar, v);
}
template <class Ar>
void SaveStore(Ar& ar, const std::vector<std::string>& v) {
  SaveStrings(ar, v);
}
template <class Ar>
void SaveStore(Ar& ar, const RaggedArray<SkillLevel>& r) {
  SaveSkills(ar, r);
}
template <class Ar>
void SaveStore(Ar& ar, const RaggedArray<Requirement>& r) {
  SaveRequirements(ar, r);
}
template <class Ar>
void SaveStore(Ar& ar, const RaggedArray<int32_t>& r) {
  SaveRagged(ar, r);
}
template <class Ar>
void SaveStore(Ar& ar, const RowMatrixXf& m) {
  SaveMatrix(ar, m);
}

template <class Ar, class T>
void LoadStore(Ar& ar, std::vector<T>& v, const std::string& what, int64_t rows) {
  LoadPod(ar, v, what, rows);
}
template <class Ar>
void LoadStore(Ar& ar, std::vector<std::string>& v, const std::string& what, int64_t rows) {
  LoadStrings(ar, v, what, rows);
}
template <class Ar>
void LoadStore(Ar& ar, RaggedArray<SkillLevel>& r, const std::string& what, int64_t rows) {
  LoadSkills(ar, r, what, rows);
}
template <class Ar>
void LoadStore(Ar& ar, RaggedArray<Requirement>& r, const std::string& what, int64_t rows) {
  LoadRequirements(ar, r, what, rows);
}
template <class Ar>
void LoadStore(Ar& ar, RaggedArray<int32_t>& r, const std::string& what, int64_t rows) {
  LoadRagged(ar, r, what, rows);
}
template <class Ar>
void LoadStore(Ar& ar, RowMatrixXf& m, const std::string& what, int64_t rows) {
  LoadMatrix(ar, m, what, rows);
}

}  // namespace
}  // namespace jobmatch::internal

// -------------------------------------------- Boost.Serialization functions
// Non-intrusive save/load pairs.

namespace boost::serialization {

template <class Ar>
void save(Ar& ar, const jobmatch::Vocabulary& v, const unsigned int /*version*/) {
  using namespace jobmatch::internal;
  SaveStrings(ar, v.skills().names());
  SaveStrings(ar, v.industries().names());
  SaveStrings(ar, v.groups().names());
}

template <class Ar>
void load(Ar& ar, jobmatch::Vocabulary& out, const unsigned int /*version*/) {
  using namespace jobmatch::internal;
  std::vector<std::string> skills, industries, groups;
  LoadStrings(ar, skills, "vocabulary.skills", -1);
  LoadStrings(ar, industries, "vocabulary.industries", -1);
  LoadStrings(ar, groups, "vocabulary.groups", -1);
  jobmatch::Vocabulary v;
  for (size_t i = 0; i < skills.size(); ++i) {
    if (v.AddSkill(skills[i]) != static_cast<int32_t>(i)) {
      throw FormatError(absl::StrCat("vocabulary.skills: '", skills[i], "' listed twice"));
    }
  }
  for (size_t i = 0; i < industries.size(); ++i) {
    if (v.AddIndustry(industries[i]) != static_cast<int32_t>(i)) {
      throw FormatError(absl::StrCat("vocabulary.industries: '", industries[i], "' listed twice"));
    }
  }
  if (groups.size() < static_cast<size_t>(jobmatch::kNumBuiltinGroups)) {
    throw FormatError(absl::StrCat("vocabulary.groups: ", groups.size(), " groups, the ",
                                   jobmatch::kNumBuiltinGroups, " built-in ones are missing"));
  }
  for (size_t i = 0; i < groups.size(); ++i) {
    if (i < static_cast<size_t>(jobmatch::kNumBuiltinGroups)) {
      if (groups[i] != jobmatch::kBuiltinGroups[i]) {
        throw FormatError(absl::StrCat("vocabulary.groups: group ", i, " is '", groups[i],
                                       "', expected the built-in '",
                                       Sv(jobmatch::kBuiltinGroups[i]), "'"));
      }
      continue;
    }
    auto id = v.AddGroup(groups[i]);
    if (!id.ok()) throw FormatError(absl::StrCat("vocabulary.groups: ", id.status().message()));
    if (*id != static_cast<int32_t>(i)) {
      throw FormatError(absl::StrCat("vocabulary.groups: '", groups[i], "' listed twice"));
    }
  }
  out = std::move(v);
}

// The policy is stored as its canonical JSON text (policy file format,
// itself versioned) and parsed by the policy parser, which validates it.
template <class Ar>
void save(Ar& ar, const jobmatch::Policy& p, const unsigned int /*version*/) {
  using namespace jobmatch::internal;
  const std::string json = p.ToJson();
  SaveStrings(ar, 1, [&](int64_t) -> const std::string& { return json; });
}

template <class Ar>
void load(Ar& ar, jobmatch::Policy& out, const unsigned int /*version*/) {
  using namespace jobmatch::internal;
  std::string json;
  LoadStrings(ar, "policy", 1, [&](int64_t, std::string&& s) { json = std::move(s); });
  auto p = jobmatch::Policy::FromJson(json, "policy");
  if (!p.ok()) throw FormatError(std::string(p.status().message()));
  out = *std::move(p);
}

// Tables: the row count, then every column of the schema (data/schema.h)
// that the format version holds, in schema order, each encoded by its store
// type. Decoded columns are installed through TableAccess::Install, which
// runs the one validation of the schema with code DataLoss.
template <class Ar, class Row>
void SaveTable(Ar& ar, const jobmatch::Table<Row>& t) {
  using namespace jobmatch::internal;
  SaveCount(ar, t.size());
  jobmatch::schema::ForEachColumn(jobmatch::SchemaOf<Row>::value, [&](const auto&, auto index) {
    SaveStore(ar, std::get<decltype(index)::value>(t.stores()));
  });
}

template <class Ar, class Row>
void LoadTable(Ar& ar, jobmatch::Table<Row>& out) {
  using namespace jobmatch::internal;
  const std::string table(Sv(jobmatch::SchemaOf<Row>::kTable));
  const uint32_t version = ar.template get_helper<LoadContext>().format_version;
  // One row costs at least 4 bytes per string column, so the row count is
  // bounded by the payload before any column is allocated.
  const int64_t n = LoadCount(ar, table + " (row count)", 20);
  typename jobmatch::Table<Row>::Stores stores;
  jobmatch::schema::ForEachColumn(jobmatch::SchemaOf<Row>::value, [&](const auto& col, auto index) {
    if (col.info.since_format > version) return;
    LoadStore(ar, std::get<decltype(index)::value>(stores),
              absl::StrCat(table, ".", Sv(col.info.name)), n);
  });
  TableAccess::FillAbsentColumns<Row>(stores, n, version);
  const jobmatch::Vocabulary& vocab = *ar.template get_helper<LoadContext>().vocabulary;
  if (auto s =
          TableAccess::Install<Row>(std::move(stores), vocab, out, absl::StatusCode::kDataLoss);
      !s.ok()) {
    throw FormatError(std::string(s.message()));
  }
}

template <class Ar>
void save(Ar& ar, const jobmatch::SeekerTable& t, const unsigned int /*version*/) {
  SaveTable(ar, t);
}
template <class Ar>
void load(Ar& ar, jobmatch::SeekerTable& out, const unsigned int /*version*/) {
  LoadTable(ar, out);
}
template <class Ar>
void save(Ar& ar, const jobmatch::VacancyTable& t, const unsigned int /*version*/) {
  SaveTable(ar, t);
}
template <class Ar>
void load(Ar& ar, jobmatch::VacancyTable& out, const unsigned int /*version*/) {
  LoadTable(ar, out);
}

}  // namespace boost::serialization

BOOST_SERIALIZATION_SPLIT_FREE(jobmatch::Vocabulary)
BOOST_SERIALIZATION_SPLIT_FREE(jobmatch::Policy)
BOOST_SERIALIZATION_SPLIT_FREE(jobmatch::SeekerTable)
BOOST_SERIALIZATION_SPLIT_FREE(jobmatch::VacancyTable)
// No per-class metadata in the archive: the snapshot header's format version
// decides the layout of everything.
BOOST_CLASS_IMPLEMENTATION(jobmatch::Vocabulary, boost::serialization::object_serializable)
BOOST_CLASS_IMPLEMENTATION(jobmatch::Policy, boost::serialization::object_serializable)
BOOST_CLASS_IMPLEMENTATION(jobmatch::SeekerTable, boost::serialization::object_serializable)
BOOST_CLASS_IMPLEMENTATION(jobmatch::VacancyTable, boost::serialization::object_serializable)
BOOST_CLASS_TRACKING(jobmatch::Vocabulary, boost::serialization::track_never)
BOOST_CLASS_TRACKING(jobmatch::Policy, boost::serialization::track_never)
BOOST_CLASS_TRACKING(jobmatch::SeekerTable, boost::serialization::track_never)
BOOST_CLASS_TRACKING(jobmatch::VacancyTable, boost::serialization::track_never)

namespace jobmatch::internal {

constexpr unsigned kArchiveFlags = boost::archive::no_header | boost::archive::no_codecvt;

std::string EncodePayload(const Vocabulary& vocab, const SeekerTable& seekers,
                          const VacancyTable& vacancies, const Policy& policy) {
  std::string out;
  // Rough size: lets most of the payload land without reallocation.
  out.reserve(
      static_cast<size_t>(4096 + seekers.size() * 160 + vacancies.size() * 160 +
                          4 * (seekers.embeddings().size() + vacancies.embeddings().size())));
  {
    StringOutBuf buf(&out);
    boost::archive::binary_oarchive ar(buf, kArchiveFlags);
    ar << vocab << policy << seekers << vacancies;
  }
  return out;
}

absl::Status DecodePayload(std::string_view payload, uint32_t format_version,
                           std::shared_ptr<const Dataset>& out) {
  MemoryInBuf buf(payload.data(), payload.size());
  Vocabulary vocabulary;
  Policy policy;
  SeekerTable seekers;
  VacancyTable vacancies;
  try {
    boost::archive::binary_iarchive ar(buf, kArchiveFlags);
    LoadContext& ctx = ar.get_helper<LoadContext>();
    ctx.buf = &buf;
    ctx.format_version = format_version;
    ar >> vocabulary;
    ctx.vocabulary = &vocabulary;
    ar >> policy >> seekers >> vacancies;
  } catch (const FormatError& e) {
    return absl::DataLossError(e.what());
  } catch (const std::bad_alloc&) {
    return absl::ResourceExhaustedError("out of memory while decoding the payload");
  } catch (const std::exception& e) {
    // Boost archive exceptions: cannot happen after our bounds checks, but
    // never let an exception cross the API.
    return absl::DataLossError(absl::StrCat("payload decoding failed: ", e.what()));
  }
  if (buf.remaining() != 0) {
    return absl::DataLossError(
        absl::StrCat("payload has ", buf.remaining(), " unexpected bytes after the last table"));
  }
  auto d = Dataset::Create(std::move(vocabulary), std::move(seekers), std::move(vacancies),
                           std::move(policy));
  if (!d.ok()) return absl::DataLossError(d.status().message());
  out = *std::move(d);
  return absl::OkStatus();
}

}  // namespace jobmatch::internal
