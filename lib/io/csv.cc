// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// CSV readers and writers. Parsing is done by libcsv in strict RFC 4180 mode;
// this file adds line tracking, the schema (docs/data_formats.md), limits and
// the all-or-nothing commit.
#include "jobmatch/io/csv.h"

#include <csv.h>  // libcsv

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <functional>
#include <limits>
#include <string>
#include <system_error>
#include <type_traits>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "base/internal/absl_compat.h"
#include "jobmatch/base/file_io.h"
#include "jobmatch/base/status_macros.h"
#include "jobmatch/policy/policy.h"

namespace jobmatch {
namespace {

constexpr absl::string_view kUtf8Bom = "\xEF\xBB\xBF";
constexpr absl::string_view kSensitiveNote = " (value not shown: sensitive column)";
constexpr absl::string_view kUnspecifiedIndustry = "unspecified";

// libcsv parser states (libcsv.c); csv.h exposes `pstate` but not the names.
// We need them to know whether a physical line starts a new record and to
// say which kind of quoting error stopped the parser.
constexpr int kLibcsvRowNotBegun = 0;
constexpr int kLibcsvFieldBegun = 2;
constexpr int kLibcsvFieldMightHaveEnded = 3;
// libcsv grows its field buffer linearly by this much; its default (128 B)
// makes a 1 MiB embedding field cost thousands of reallocations.
constexpr size_t kLibcsvBlockSize = size_t{64} << 10;

// libcsv is given at most this much of a line at a time (see FeedLines).
constexpr size_t kMaxSegmentBytes = size_t{64} << 10;
// Error messages quote at most this many bytes of a value.
constexpr size_t kMaxEchoBytes = 80;
// ... and list at most this many unknown column names.
constexpr size_t kMaxNamesListed = 10;
// Writers hand data to the file in chunks of about this size.
constexpr size_t kWriteChunkBytes = size_t{1} << 20;

// ------------------------------------------------------------- messages

// Quotes a user value for an error message, cut on a UTF-8 boundary so that
// one runaway field cannot produce a megabyte-long message.
std::string Echo(absl::string_view v) {
  if (v.size() <= kMaxEchoBytes) return absl::StrCat("'", v, "'");
  size_t n = kMaxEchoBytes;
  while (n > 0 && (static_cast<unsigned char>(v[n]) & 0xC0) == 0x80) --n;
  return absl::StrCat("'", v.substr(0, n), "...' (", v.size(), " bytes)");
}

absl::Status FileError(absl::string_view source, absl::string_view reason) {
  return absl::InvalidArgumentError(absl::StrCat(source, ": ", reason));
}

absl::Status LineError(absl::string_view source, int64_t line, absl::string_view reason) {
  return absl::InvalidArgumentError(absl::StrCat(source, ":", line, ": ", reason));
}

absl::Status FieldError(absl::string_view source, int64_t line, absl::string_view column,
                        absl::string_view reason) {
  return absl::InvalidArgumentError(
      absl::StrCat(source, ":", line, ": column '", column, "': ", reason));
}

// ------------------------------------------------------------- scalars

// The other way round from internal::Sv, for jobmatch's own std::string_view
// APIs.
std::string_view Std(absl::string_view s) { return {s.data(), s.size()}; }

absl::string_view Strip(absl::string_view s) { return absl::StripAsciiWhitespace(s); }

// Strict UTF-8 (no overlong forms, no surrogates, at most U+10FFFF), so that
// names and areas can be passed on to JSON, Python and terminals safely.
bool IsValidUtf8(absl::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const auto* end = p + s.size();
  while (p < end) {
    const unsigned char c = *p;
    if (c < 0x80) {
      ++p;
      continue;
    }
    int len;
    uint32_t min;
    uint32_t cp;
    if ((c & 0xE0) == 0xC0) {
      len = 2, min = 0x80, cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3, min = 0x800, cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4, min = 0x10000, cp = c & 0x07;
    } else {
      return false;
    }
    if (end - p < len) return false;
    for (int i = 1; i < len; ++i) {
      if ((p[i] & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (p[i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      return false;
    }
    p += len;
  }
  return true;
}

enum class NumError { kOk, kEmpty, kInvalid, kTrailing, kNotFinite, kOutOfRange };

// Locale-independent number parsing (std::from_chars); surrounding ASCII
// whitespace is ignored, anything else after the number is an error.
template <typename T>
NumError ParseNumber(absl::string_view s, T* out) {
  s = Strip(s);
  if (s.empty()) return NumError::kEmpty;
  const char* first = s.data();
  const char* last = first + s.size();
  T v{};
  std::from_chars_result r;
  if constexpr (std::is_floating_point_v<T>) {
    r = std::from_chars(first, last, v, std::chars_format::general);
  } else {
    r = std::from_chars(first, last, v);
  }
  if (r.ec == std::errc::invalid_argument) return NumError::kInvalid;
  if (r.ec == std::errc::result_out_of_range) return NumError::kOutOfRange;
  if (r.ptr != last) return NumError::kTrailing;
  if constexpr (std::is_floating_point_v<T>) {
    if (!std::isfinite(v)) return NumError::kNotFinite;
  }
  *out = v;
  return NumError::kOk;
}

absl::string_view NumberReason(NumError e, bool integer) {
  switch (e) {
    case NumError::kEmpty:
      return "value is empty";
    case NumError::kTrailing:
      return "unexpected characters after the number";
    case NumError::kNotFinite:
      return "not a finite number";
    case NumError::kOutOfRange:
      return "number out of range";
    case NumError::kOk:
    case NumError::kInvalid:
      break;
  }
  return integer ? "not an integer" : "not a number";
}

std::optional<bool> ParseBool(absl::string_view s) {
  const std::string v = absl::AsciiStrToLower(Strip(s));
  if (v.empty() || v == "false" || v == "0" || v == "no") return false;
  if (v == "true" || v == "1" || v == "yes") return true;
  return std::nullopt;
}

// ------------------------------------------------------------- records

// Called once per record, the header first: (physical line the record
// starts on, its fields).
using RecordFn = std::function<absl::Status(int64_t, absl::Span<const std::string>)>;

class LibcsvParser {
 public:
  LibcsvParser() {
    csv_init(&p_, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL);
    // RFC 4180: spaces are part of a field. libcsv trims them by default,
    // which would also lose leading/trailing spaces of ids and names.
    csv_set_space_func(&p_, [](unsigned char) { return 0; });
    csv_set_blk_size(&p_, kLibcsvBlockSize);
  }
  ~LibcsvParser() { csv_free(&p_); }
  LibcsvParser(const LibcsvParser&) = delete;
  LibcsvParser& operator=(const LibcsvParser&) = delete;
  csv_parser* get() { return &p_; }

 private:
  csv_parser p_;
};

struct RecordReader {
  absl::string_view source;
  const CsvLimits* limits;
  const RecordFn* on_record;
  std::vector<std::string> fields;  // reused; the first num_fields are live
  size_t num_fields = 0;
  int64_t record_bytes = 0;  // field bytes (plus one separator each) of the record so far
  int64_t line = 0;          // physical line being fed to libcsv
  int64_t record_line = 1;   // physical line the current record started on
  std::vector<std::string> header;
  bool saw_header = false;
  absl::Status status;

  // "column 'x'" for data records, "field n" in the header.
  std::string Where(size_t i) const {
    if (saw_header && i < header.size()) {
      return absl::StrCat("column ", Echo(Strip(header[i])));
    }
    return absl::StrCat("field ", i + 1);
  }
  absl::Status TooLong(size_t i) const {
    return LineError(source, record_line,
                     absl::StrCat(Where(i), ": field is longer than ", limits->max_field_bytes,
                                  " bytes (CsvLimits::max_field_bytes)"));
  }
  absl::Status RowTooLong() const {
    return LineError(source, record_line,
                     absl::StrCat("row is longer than ", limits->max_line_bytes,
                                  " bytes (CsvLimits::max_line_bytes)"));
  }
};

void OnField(void* data, size_t len, void* ctx) {
  auto* r = static_cast<RecordReader*>(ctx);
  if (!r->status.ok()) return;
  if (static_cast<int64_t>(r->num_fields) >= r->limits->max_fields_per_row) {
    r->status = LineError(r->source, r->record_line,
                          absl::StrCat("more than ", r->limits->max_fields_per_row,
                                       " fields in one record (CsvLimits::max_fields_per_row)"));
    return;
  }
  if (static_cast<int64_t>(len) > r->limits->max_field_bytes) {
    r->status = r->TooLong(r->num_fields);
    return;
  }
  r->record_bytes += static_cast<int64_t>(len) + 1;
  if (r->record_bytes > r->limits->max_line_bytes) {
    r->status = r->RowTooLong();
    return;
  }
  if (r->num_fields == r->fields.size()) r->fields.emplace_back();
  r->fields[r->num_fields++].assign(static_cast<const char*>(data), len);
}

void OnRecord(int /*terminator*/, void* ctx) {
  auto* r = static_cast<RecordReader*>(ctx);
  if (r->status.ok()) {
    absl::Span<const std::string> rec(r->fields.data(), r->num_fields);
    if (!r->saw_header) {
      r->header.assign(rec.begin(), rec.end());
      r->saw_header = true;
    }
    r->status = (*r->on_record)(r->record_line, rec);
  }
  r->num_fields = 0;
  r->record_bytes = 0;
  // A bare CR can end a record mid-line; the next one starts on this line.
  r->record_line = r->line;
}

// Feeds text to libcsv one physical line at a time so that every record
// knows the line it starts on (a quoted field may span lines). The text may
// arrive in pieces of any size (a file is read in chunks): a line split
// between two pieces is still one line. Memory stays bounded by the limits:
// libcsv holds at most one field, the reader at most one record.
class RecordStream {
 public:
  RecordStream(absl::string_view source, const CsvLimits& limits, const RecordFn& on_record) {
    r_.source = source;
    r_.limits = &limits;
    r_.on_record = &on_record;
  }

  absl::Status Feed(absl::string_view text) {
    if (bom_checked_) return FeedLines(text);
    // A BOM may only stand at the very start; hold back the first bytes
    // until it is known whether they are one (a pipe may deliver them one
    // at a time).
    const size_t take = std::min(kUtf8Bom.size() - head_.size(), text.size());
    head_.append(text.data(), take);
    text.remove_prefix(take);
    if (head_.size() < kUtf8Bom.size()) return absl::OkStatus();
    bom_checked_ = true;
    if (head_ != kUtf8Bom) JOBMATCH_RETURN_IF_ERROR(FeedLines(head_));
    return FeedLines(text);
  }

  absl::Status Finish() {
    if (!bom_checked_) {
      bom_checked_ = true;
      // A lone prefix of a BOM is data.
      JOBMATCH_RETURN_IF_ERROR(FeedLines(head_));
    }
    csv_parser* p = parser_.get();
    if (csv_fini(p, OnField, OnRecord, &r_) != 0) {
      return LineError(r_.source, r_.record_line,
                       absl::StrCat(r_.Where(r_.num_fields),
                                    ": unterminated quoted field (no closing '\"' before the "
                                    "end of the file)"));
    }
    return r_.status;
  }

  bool saw_header() const { return r_.saw_header; }

 private:
  absl::Status FeedLines(absl::string_view text) {
    csv_parser* p = parser_.get();
    size_t pos = 0;
    while (pos < text.size()) {
      // A line is fed in pieces of at most kMaxSegmentBytes, so that the
      // limits are checked often even on one endless line.
      const size_t window = std::min(text.size() - pos, kMaxSegmentBytes);
      const void* nl = std::memchr(text.data() + pos, '\n', window);
      const size_t end = nl == nullptr
                             ? pos + window
                             : static_cast<size_t>(static_cast<const char*>(nl) - text.data()) + 1;
      if (!in_line_) {
        ++r_.line;
        if (p->pstate == kLibcsvRowNotBegun) r_.record_line = r_.line;
      }
      in_line_ = nl == nullptr;
      const size_t len = end - pos;
      const size_t used = csv_parse(p, text.data() + pos, len, OnField, OnRecord, &r_);
      JOBMATCH_RETURN_IF_ERROR(r_.status);
      if (used != len) {
        if (csv_error(p) != CSV_EPARSE) {
          return absl::ResourceExhaustedError(
              absl::StrCat(r_.source, ":", r_.line, ": ", csv_strerror(csv_error(p))));
        }
        absl::string_view why = p->pstate == kLibcsvFieldMightHaveEnded
                                    ? "unexpected character after the closing '\"' of a quoted "
                                      "field (a '\"' inside a quoted field must be doubled)"
                                : p->pstate == kLibcsvFieldBegun
                                    ? "'\"' inside an unquoted field (RFC 4180: enclose the "
                                      "field in quotes and double the '\"')"
                                    : "malformed quoting";
        return LineError(r_.source, r_.line, absl::StrCat(r_.Where(r_.num_fields), ": ", why));
      }
      // A field is only handed over when it ends; stop a runaway one (say,
      // an unbalanced quote swallowing the rest of the file) as soon as it
      // is too long rather than buffering all of it.
      const auto entry = static_cast<int64_t>(p->entry_pos);
      if (entry > r_.limits->max_field_bytes) return r_.TooLong(r_.num_fields);
      if (r_.record_bytes + entry > r_.limits->max_line_bytes) return r_.RowTooLong();
      pos = end;
    }
    return absl::OkStatus();
  }

  LibcsvParser parser_;
  RecordReader r_;
  bool bom_checked_ = false;
  bool in_line_ = false;  // the last piece ended inside a physical line
  std::string head_;      // the first (up to 3) bytes, until the BOM question is settled
};

// ------------------------------------------------------------- schema

struct ColumnSpec {
  absl::string_view name;
  bool required;
  bool sensitive;  // value never shown in messages
};

// One data record seen through the header: column c of the schema.
class RowView {
 public:
  RowView(absl::string_view source, absl::Span<const ColumnSpec> specs, const std::vector<int>& pos)
      : source_(source), specs_(specs), pos_(pos) {}

  void Reset(int64_t line, absl::Span<const std::string> fields) {
    line_ = line;
    fields_ = fields;
  }
  int64_t line() const { return line_; }
  bool Has(int c) const { return pos_[c] >= 0; }
  // The raw field; empty when the column is absent.
  absl::string_view Get(int c) const {
    return pos_[c] >= 0 ? absl::string_view(fields_[pos_[c]]) : absl::string_view();
  }
  // `reason` must not contain the value of a sensitive column.
  absl::Status Error(int c, absl::string_view reason) const {
    if (specs_[c].sensitive) {
      return FieldError(source_, line_, specs_[c].name, absl::StrCat(reason, kSensitiveNote));
    }
    return FieldError(source_, line_, specs_[c].name, reason);
  }
  // "reason: 'value'", or the sensitive note instead of the value.
  absl::Status ValueError(int c, absl::string_view reason, absl::string_view value) const {
    if (specs_[c].sensitive) return Error(c, reason);
    return Error(c, absl::StrCat(reason, ": ", Echo(value)));
  }
  bool sensitive(int c) const { return specs_[c].sensitive; }

 private:
  absl::string_view source_;
  absl::Span<const ColumnSpec> specs_;
  const std::vector<int>& pos_;
  int64_t line_ = 0;
  absl::Span<const std::string> fields_;
};

absl::Status ResolveHeader(absl::string_view source, int64_t line,
                           absl::Span<const std::string> fields, absl::Span<const ColumnSpec> specs,
                           std::vector<int>* pos) {
  pos->assign(specs.size(), -1);
  std::vector<std::string> unknown;
  size_t num_unknown = 0;
  for (size_t i = 0; i < fields.size(); ++i) {
    const absl::string_view name = Strip(fields[i]);
    if (name.empty()) {
      return LineError(source, line,
                       absl::StrCat("empty column name in the header (field ", i + 1, ")"));
    }
    size_t c = 0;
    while (c < specs.size() && specs[c].name != name) ++c;
    if (c == specs.size()) {
      ++num_unknown;
      if (unknown.size() < kMaxNamesListed) unknown.push_back(Echo(name));
      continue;
    }
    if ((*pos)[c] >= 0) {
      return LineError(source, line, absl::StrCat("duplicate column ", Echo(name)));
    }
    (*pos)[c] = static_cast<int>(i);
  }
  std::vector<std::string> missing;
  for (size_t c = 0; c < specs.size(); ++c) {
    if (specs[c].required && (*pos)[c] < 0) missing.push_back(Echo(specs[c].name));
  }
  if (unknown.empty() && missing.empty()) return absl::OkStatus();
  std::vector<std::string> parts;
  if (!unknown.empty()) {
    std::vector<absl::string_view> known;
    for (const ColumnSpec& s : specs) known.push_back(s.name);
    const std::string more = num_unknown > unknown.size()
                                 ? absl::StrCat(" and ", num_unknown - unknown.size(), " more")
                                 : std::string();
    parts.push_back(absl::StrCat(num_unknown == 1 ? "unknown column " : "unknown columns ",
                                 absl::StrJoin(unknown, ", "), more,
                                 " (known: ", absl::StrJoin(known, ", "), ")"));
  }
  if (!missing.empty()) {
    parts.push_back(
        absl::StrCat(missing.size() == 1 ? "missing required column " : "missing required columns ",
                     absl::StrJoin(missing, ", ")));
  }
  return LineError(source, line, absl::StrJoin(parts, "; "));
}

// Reads of a file are this large; the file is never held in memory whole.
constexpr size_t kReadChunkBytes = size_t{1} << 20;

// What a table is parsed from: text in memory, or a file read in chunks.
struct Input {
  absl::string_view text;
  const std::string* path = nullptr;  // when set, read this file instead
};

absl::Status FileTooBig(absl::string_view source, absl::string_view what, int64_t size,
                        const CsvLimits& limits) {
  return FileError(source, absl::StrCat(what, " is ", size, " bytes, larger than the limit of ",
                                        limits.max_file_bytes, " (CsvLimits::max_file_bytes)"));
}

// Streams a file through `stream`. A regular file's size is checked against
// the limit before anything is read, so a huge file is refused at once;
// other files (pipes, devices) are cut off as soon as they pass it. Bad
// content is refused at the first bad record, having read only up to it.
absl::Status StreamFile(const std::string& path, const CsvLimits& limits, RecordStream* stream) {
  FileReadOptions ro;
  ro.allow_pipes = true;  // `--seekers <(zcat seekers.csv.gz)`; devices are refused
  JOBMATCH_ASSIGN_OR_RETURN(FileReader file, FileReader::Open(path, ro));
  if (file.is_regular() && file.size() > limits.max_file_bytes) {
    return FileTooBig(path, "file", file.size(), limits);
  }
  std::vector<char> buf(kReadChunkBytes);
  int64_t total = 0;
  while (true) {
    JOBMATCH_ASSIGN_OR_RETURN(const size_t n, file.ReadSome(buf.data(), buf.size()));
    if (n == 0) break;
    total += static_cast<int64_t>(n);
    if (total > limits.max_file_bytes) {
      return FileError(path,
                       absl::StrCat("input is longer than the limit of ", limits.max_file_bytes,
                                    " bytes (CsvLimits::max_file_bytes)"));
    }
    JOBMATCH_RETURN_IF_ERROR(stream->Feed(absl::string_view(buf.data(), static_cast<size_t>(n))));
  }
  return absl::OkStatus();
}

// Parses a table with a header: checks limits, strips the BOM, resolves the
// header against `specs` and calls `on_row` for each data record.
absl::Status ParseTable(const Input& in, absl::string_view source, const CsvLimits& limits,
                        absl::Span<const ColumnSpec> specs,
                        const std::function<absl::Status(const RowView&)>& on_row) {
  if (in.path == nullptr && static_cast<int64_t>(in.text.size()) > limits.max_file_bytes) {
    return FileTooBig(source, "input", static_cast<int64_t>(in.text.size()), limits);
  }
  std::vector<int> pos;
  size_t num_columns = 0;
  bool have_header = false;
  RowView row(source, specs, pos);
  const RecordFn on_record = [&](int64_t line,
                                 absl::Span<const std::string> fields) -> absl::Status {
    if (!have_header) {
      have_header = true;
      num_columns = fields.size();
      return ResolveHeader(source, line, fields, specs, &pos);
    }
    if (fields.size() != num_columns) {
      return LineError(source, line,
                       absl::StrCat("expected ", num_columns, " fields (as in the header), got ",
                                    fields.size()));
    }
    row.Reset(line, fields);
    return on_row(row);
  };
  RecordStream stream(source, limits, on_record);
  if (in.path != nullptr) {
    JOBMATCH_RETURN_IF_ERROR(StreamFile(*in.path, limits, &stream));
  } else {
    JOBMATCH_RETURN_IF_ERROR(stream.Feed(in.text));
  }
  JOBMATCH_RETURN_IF_ERROR(stream.Finish());
  if (!have_header) {
    return FileError(source, "empty file: a header row is required");
  }
  return absl::OkStatus();
}

// ------------------------------------------------------------- fields

absl::Status CheckUtf8(const RowView& r, int c, absl::string_view v) {
  if (!IsValidUtf8(v)) return r.Error(c, "not valid UTF-8");
  return absl::OkStatus();
}

absl::Status ParseText(const RowView& r, int c, std::string* out) {
  const absl::string_view v = r.Get(c);
  JOBMATCH_RETURN_IF_ERROR(CheckUtf8(r, c, v));
  out->assign(v.data(), v.size());
  return absl::OkStatus();
}

absl::Status ParseId(const RowView& r, int c, std::string* out) {
  if (r.Get(c).empty()) return r.Error(c, "required value is empty");
  return ParseText(r, c, out);
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

// Finite float >= 0; empty leaves *out unchanged. Sets *present.
absl::Status ParseNonNegativeFloat(const RowView& r, int c, float* out, bool* present = nullptr) {
  const absl::string_view v = r.Get(c);
  float x = 0.0f;
  const NumError e = ParseNumber(v, &x);
  if (present != nullptr) *present = e != NumError::kEmpty;
  if (e == NumError::kEmpty) return absl::OkStatus();
  if (e != NumError::kOk) return r.ValueError(c, NumberReason(e, false), v);
  if (x < 0.0f) return r.ValueError(c, "must be >= 0", v);
  *out = x;
  return absl::OkStatus();
}

absl::Status ParseBoolField(const RowView& r, int c, bool* out) {
  const std::optional<bool> b = ParseBool(r.Get(c));
  if (!b) {
    return r.ValueError(c, "not a boolean (true/false/1/0/yes/no)", r.Get(c));
  }
  *out = *b;
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
                       std::vector<int32_t>* seen, int32_t* out) {
  const std::optional<int32_t> id = vocab.FindSkill(Std(name));
  if (!id) return r.Error(c, absl::StrCat("unknown skill ", Echo(name)));
  for (int32_t s : *seen) {
    if (s == *id) {
      return r.Error(c, absl::StrCat("skill ", Echo(name), " listed more than once"));
    }
  }
  seen->push_back(*id);
  *out = *id;
  return absl::OkStatus();
}

// `name:level;name:level`
absl::Status ParseSkillLevels(const RowView& r, int c, const Vocabulary& vocab,
                              std::vector<SkillLevel>* out) {
  std::vector<int32_t> seen;
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
  std::vector<int32_t> seen;
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
  for (absl::string_view name : ListItems(r.Get(c))) {
    JOBMATCH_RETURN_IF_ERROR(CheckUtf8(r, c, name));
    const int32_t id = vocab.AddIndustry(Std(name));
    for (int32_t i : *out) {
      if (i == id) {
        return r.Error(c, absl::StrCat("industry ", Echo(name), " listed more than once"));
      }
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

// The embedding dimension of a file: set by the first row.
struct EmbeddingDim {
  size_t dim = 0;
  int64_t line = 0;
};

absl::Status ParseEmbedding(const RowView& r, int c, EmbeddingDim* dim, std::vector<float>* out) {
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
  if (dim->dim == 0) {
    dim->dim = out->size();
    dim->line = r.line();
  } else if (out->size() != dim->dim) {
    return r.Error(c, absl::StrCat("embedding has ", out->size(), " values, expected ", dim->dim,
                                   " (as on line ", dim->line, ")"));
  }
  return absl::OkStatus();
}

// Checks that `id` is new in this file; `first` maps ids to their lines.
absl::Status CheckUniqueId(const RowView& r, int c, const std::string& id,
                           absl::flat_hash_map<std::string, int64_t>* first) {
  auto [it, inserted] = first->try_emplace(id, r.line());
  if (!inserted) {
    return r.Error(c, absl::StrCat("duplicate id ", Echo(id), " (first on line ", it->second, ")"));
  }
  return absl::OkStatus();
}

// ------------------------------------------------------------- skills.csv

enum SkillCol { kSkName, kSkDescription, kNumSkillCols };
constexpr ColumnSpec kSkillColumns[kNumSkillCols] = {
    {"skill", true, false},
    {"description", false, false},
};

// ------------------------------------------------------------- seekers.csv

enum SeekerCol {
  kSId,
  kSHouseholdId,
  kSDistrict,
  kSTown,
  kSVillage,
  kSLat,
  kSLon,
  kSGroups,
  kSSkills,
  kSEducation,
  kSReservationWage,
  kSMaxCommuteKm,
  kSSchedule,
  kSNeedsAccessibility,
  kSAcceptsRemote,
  kSMonthsUnemployed,
  kSPreferredIndustries,
  kSEmbedding,
  kNumSeekerCols
};
constexpr ColumnSpec kSeekerColumns[kNumSeekerCols] = {
    {"id", true, false},
    {"household_id", false, true},
    {"district", false, false},
    {"town", false, false},
    {"village", false, false},
    {"lat", true, false},
    {"lon", true, false},
    {"groups", false, true},
    {"skills", false, false},
    {"education", false, false},
    {"reservation_wage", false, false},
    {"max_commute_km", false, false},
    {"schedule", false, false},
    {"needs_accessibility", false, true},
    {"accepts_remote", false, false},
    {"months_unemployed", false, true},
    {"preferred_industries", false, false},
    {"embedding", false, false},
};

// Parses into `vocab` (the caller's working copy) and `rows`; `lines` gets
// the line each row starts on.
absl::Status ParseSeekersInto(const Input& in, absl::string_view source, Vocabulary& vocab,
                              const CsvLimits& limits, std::vector<Seeker>* rows,
                              std::vector<int64_t>* lines) {
  absl::flat_hash_map<std::string, int64_t> first_line;
  EmbeddingDim dim;
  return ParseTable(in, source, limits, kSeekerColumns, [&](const RowView& r) -> absl::Status {
    Seeker s;
    JOBMATCH_RETURN_IF_ERROR(ParseId(r, kSId, &s.id));
    JOBMATCH_RETURN_IF_ERROR(CheckUniqueId(r, kSId, s.id, &first_line));
    JOBMATCH_RETURN_IF_ERROR(ParseText(r, kSHouseholdId, &s.household_id));
    JOBMATCH_RETURN_IF_ERROR(ParseText(r, kSDistrict, &s.area.district));
    JOBMATCH_RETURN_IF_ERROR(ParseText(r, kSTown, &s.area.town));
    JOBMATCH_RETURN_IF_ERROR(ParseText(r, kSVillage, &s.area.village));
    JOBMATCH_RETURN_IF_ERROR(ParseCoordinate(r, kSLat, 90.0, &s.lat));
    JOBMATCH_RETURN_IF_ERROR(ParseCoordinate(r, kSLon, 180.0, &s.lon));
    JOBMATCH_RETURN_IF_ERROR(ParseGroups(r, kSGroups, vocab, &s.groups));
    JOBMATCH_RETURN_IF_ERROR(ParseSkillLevels(r, kSSkills, vocab, &s.skills));
    JOBMATCH_RETURN_IF_ERROR(ParseIntField(r, kSEducation, 0, kMaxEducation, &s.education));
    JOBMATCH_RETURN_IF_ERROR(ParseNonNegativeFloat(r, kSReservationWage, &s.reservation_wage));
    JOBMATCH_RETURN_IF_ERROR(ParseNonNegativeFloat(r, kSMaxCommuteKm, &s.max_commute_km));
    JOBMATCH_RETURN_IF_ERROR(ParseScheduleField(r, kSSchedule, /*vacancy=*/false, &s.schedule));
    JOBMATCH_RETURN_IF_ERROR(ParseBoolField(r, kSNeedsAccessibility, &s.needs_accessibility));
    JOBMATCH_RETURN_IF_ERROR(ParseBoolField(r, kSAcceptsRemote, &s.accepts_remote));
    JOBMATCH_RETURN_IF_ERROR(ParseIntField(
        r, kSMonthsUnemployed, 0, std::numeric_limits<int32_t>::max(), &s.months_unemployed));
    JOBMATCH_RETURN_IF_ERROR(
        ParseIndustryList(r, kSPreferredIndustries, vocab, &s.preferred_industries));
    if (r.Has(kSEmbedding)) {
      JOBMATCH_RETURN_IF_ERROR(ParseEmbedding(r, kSEmbedding, &dim, &s.embedding));
    }
    rows->push_back(std::move(s));
    if (lines != nullptr) lines->push_back(r.line());
    return absl::OkStatus();
  });
}

// ------------------------------------------------------------- vacancies.csv

enum VacancyCol {
  kVId,
  kVEmployerId,
  kVDistrict,
  kVTown,
  kVVillage,
  kVLat,
  kVLon,
  kVOpenings,
  kVRequirements,
  kVMinEducation,
  kVWageMin,
  kVWageMax,
  kVSchedule,
  kVAccessible,
  kVRemote,
  kVKind,
  kVIndustry,
  kVEmbedding,
  kNumVacancyCols
};
constexpr ColumnSpec kVacancyColumns[kNumVacancyCols] = {
    {"id", true, false},
    {"employer_id", false, false},
    {"district", false, false},
    {"town", false, false},
    {"village", false, false},
    {"lat", true, false},
    {"lon", true, false},
    {"openings", false, false},
    {"requirements", false, false},
    {"min_education", false, false},
    {"wage_min", false, false},
    {"wage_max", false, false},
    {"schedule", false, false},
    {"accessible", false, false},
    {"remote", false, false},
    {"kind", false, false},
    {"industry", false, false},
    {"embedding", false, false},
};

absl::Status ParseVacanciesInto(const Input& in, absl::string_view source, Vocabulary& vocab,
                                const CsvLimits& limits, std::vector<Vacancy>* rows,
                                std::vector<int64_t>* lines) {
  absl::flat_hash_map<std::string, int64_t> first_line;
  EmbeddingDim dim;
  return ParseTable(in, source, limits, kVacancyColumns, [&](const RowView& r) -> absl::Status {
    Vacancy v;
    JOBMATCH_RETURN_IF_ERROR(ParseId(r, kVId, &v.id));
    JOBMATCH_RETURN_IF_ERROR(CheckUniqueId(r, kVId, v.id, &first_line));
    JOBMATCH_RETURN_IF_ERROR(ParseText(r, kVEmployerId, &v.employer_id));
    JOBMATCH_RETURN_IF_ERROR(ParseText(r, kVDistrict, &v.area.district));
    JOBMATCH_RETURN_IF_ERROR(ParseText(r, kVTown, &v.area.town));
    JOBMATCH_RETURN_IF_ERROR(ParseText(r, kVVillage, &v.area.village));
    JOBMATCH_RETURN_IF_ERROR(ParseCoordinate(r, kVLat, 90.0, &v.lat));
    JOBMATCH_RETURN_IF_ERROR(ParseCoordinate(r, kVLon, 180.0, &v.lon));
    JOBMATCH_RETURN_IF_ERROR(
        ParseIntField(r, kVOpenings, 0, std::numeric_limits<int32_t>::max(), &v.openings));
    JOBMATCH_RETURN_IF_ERROR(ParseRequirements(r, kVRequirements, vocab, &v.requirements));
    JOBMATCH_RETURN_IF_ERROR(ParseIntField(r, kVMinEducation, 0, kMaxEducation, &v.min_education));
    bool has_max = false;
    JOBMATCH_RETURN_IF_ERROR(ParseNonNegativeFloat(r, kVWageMin, &v.wage_min));
    JOBMATCH_RETURN_IF_ERROR(ParseNonNegativeFloat(r, kVWageMax, &v.wage_max, &has_max));
    if (!has_max) {
      v.wage_max = v.wage_min;  // a single figure is a fixed wage
    } else if (v.wage_max < v.wage_min) {
      return r.ValueError(kVWageMax,
                          absl::StrCat("must be >= wage_min (", Strip(r.Get(kVWageMin)), ")"),
                          r.Get(kVWageMax));
    }
    JOBMATCH_RETURN_IF_ERROR(ParseScheduleField(r, kVSchedule, /*vacancy=*/true, &v.schedule));
    JOBMATCH_RETURN_IF_ERROR(ParseBoolField(r, kVAccessible, &v.accessible));
    JOBMATCH_RETURN_IF_ERROR(ParseBoolField(r, kVRemote, &v.remote));
    if (const std::string kind = absl::AsciiStrToLower(Strip(r.Get(kVKind))); !kind.empty()) {
      const std::optional<VacancyKind> k = ParseVacancyKind(kind);
      if (!k) {
        return r.ValueError(kVKind,
                            "unknown kind (expected regular, trainee, "
                            "public_welfare or gig)",
                            r.Get(kVKind));
      }
      v.kind = *k;
    }
    absl::string_view industry = Strip(r.Get(kVIndustry));
    if (industry.empty()) industry = kUnspecifiedIndustry;
    JOBMATCH_RETURN_IF_ERROR(CheckIndustryName(r, kVIndustry, industry));
    v.industry = vocab.AddIndustry(Std(industry));
    if (r.Has(kVEmbedding)) {
      JOBMATCH_RETURN_IF_ERROR(ParseEmbedding(r, kVEmbedding, &dim, &v.embedding));
    }
    rows->push_back(std::move(v));
    if (lines != nullptr) lines->push_back(r.line());
    return absl::OkStatus();
  });
}

// ------------------------------------------------------------- files

// ------------------------------------------------------------- writing

void AppendField(std::string* out, absl::string_view v) {
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

// Shortest text that parses back to the same value (std::to_chars).
template <typename T>
void AppendNumber(std::string* out, T v) {
  char buf[64];
  const std::to_chars_result r = std::to_chars(buf, buf + sizeof buf, v);
  out->append(buf, r.ptr);
}

void AppendBool(std::string* out, bool b) { out->append(b ? "true" : "false"); }

// Names that go into ';'-separated (and, for skills, ':'-separated) lists
// must survive splitting and trimming to read back unchanged.
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

// Checks that `id` names a writable entry of `table`.
absl::Status CheckId(absl::string_view kind, int32_t id, const NameTable& table,
                     absl::string_view forbidden) {
  if (id < 0 || id >= table.size()) {
    return absl::InvalidArgumentError(
        absl::StrCat(kind, " id ", id, " is not in the vocabulary (", table.size(), " names)"));
  }
  return CheckWritableName(kind, table.Name(id), forbidden);
}

void AppendEmbedding(std::string* out, const std::vector<float>& e) {
  for (size_t i = 0; i < e.size(); ++i) {
    if (i > 0) out->push_back(' ');
    AppendNumber(out, e[i]);
  }
}

constexpr absl::string_view kSeekerHeader =
    "id,household_id,district,town,village,lat,lon,groups,skills,education,"
    "reservation_wage,max_commute_km,schedule,needs_accessibility,"
    "accepts_remote,months_unemployed,preferred_industries";
constexpr absl::string_view kVacancyHeader =
    "id,employer_id,district,town,village,lat,lon,openings,requirements,"
    "min_education,wage_min,wage_max,schedule,accessible,remote,kind,industry";

absl::Status AppendSeekerRow(const Seeker& s, const Vocabulary& vocab, bool with_embedding,
                             std::string* out) {
  AppendField(out, s.id);
  out->push_back(',');
  AppendField(out, s.household_id);
  out->push_back(',');
  AppendField(out, s.area.district);
  out->push_back(',');
  AppendField(out, s.area.town);
  out->push_back(',');
  AppendField(out, s.area.village);
  out->push_back(',');
  AppendNumber(out, s.lat);
  out->push_back(',');
  AppendNumber(out, s.lon);
  out->push_back(',');
  std::string list;
  for (int g = 0; g < kMaxGroups; ++g) {
    if ((s.groups >> g & 1) == 0) continue;
    JOBMATCH_RETURN_IF_ERROR(CheckId("key group", g, vocab.groups(), ";"));
    if (!list.empty()) list.push_back(';');
    list.append(vocab.groups().Name(g));
  }
  AppendField(out, list);
  out->push_back(',');
  list.clear();
  for (const SkillLevel& sl : s.skills) {
    JOBMATCH_RETURN_IF_ERROR(CheckId("skill", sl.skill, vocab.skills(), ":;"));
    if (!list.empty()) list.push_back(';');
    absl::StrAppend(&list, vocab.skills().Name(sl.skill), ":", int{sl.level});
  }
  AppendField(out, list);
  out->push_back(',');
  absl::StrAppend(out, static_cast<int>(s.education), ",");
  AppendNumber(out, s.reservation_wage);
  out->push_back(',');
  AppendNumber(out, s.max_commute_km);
  out->push_back(',');
  absl::StrAppend(out, internal::Sv(ScheduleName(s.schedule)), ",");
  AppendBool(out, s.needs_accessibility);
  out->push_back(',');
  AppendBool(out, s.accepts_remote);
  absl::StrAppend(out, ",", s.months_unemployed, ",");
  list.clear();
  for (int32_t ind : s.preferred_industries) {
    JOBMATCH_RETURN_IF_ERROR(CheckId("industry", ind, vocab.industries(), ";"));
    if (!list.empty()) list.push_back(';');
    list.append(vocab.industries().Name(ind));
  }
  AppendField(out, list);
  if (with_embedding) {
    out->push_back(',');
    AppendEmbedding(out, s.embedding);
  }
  out->push_back('\n');
  return absl::OkStatus();
}

absl::Status AppendVacancyRow(const Vacancy& v, const Vocabulary& vocab, bool with_embedding,
                              std::string* out) {
  AppendField(out, v.id);
  out->push_back(',');
  AppendField(out, v.employer_id);
  out->push_back(',');
  AppendField(out, v.area.district);
  out->push_back(',');
  AppendField(out, v.area.town);
  out->push_back(',');
  AppendField(out, v.area.village);
  out->push_back(',');
  AppendNumber(out, v.lat);
  out->push_back(',');
  AppendNumber(out, v.lon);
  absl::StrAppend(out, ",", v.openings, ",");
  std::string list;
  for (const Requirement& r : v.requirements) {
    JOBMATCH_RETURN_IF_ERROR(CheckId("skill", r.skill, vocab.skills(), ":;"));
    if (!list.empty()) list.push_back(';');
    absl::StrAppend(&list, vocab.skills().Name(r.skill), ":", int{r.min_level}, ":");
    AppendNumber(&list, r.importance);
  }
  AppendField(out, list);
  absl::StrAppend(out, ",", static_cast<int>(v.min_education), ",");
  AppendNumber(out, v.wage_min);
  out->push_back(',');
  AppendNumber(out, v.wage_max);
  absl::StrAppend(out, ",", internal::Sv(ScheduleName(v.schedule)), ",");
  AppendBool(out, v.accessible);
  out->push_back(',');
  AppendBool(out, v.remote);
  absl::StrAppend(out, ",", internal::Sv(VacancyKindName(v.kind)), ",");
  JOBMATCH_RETURN_IF_ERROR(CheckId("industry", v.industry, vocab.industries(), ";"));
  AppendField(out, vocab.industries().Name(v.industry));
  if (with_embedding) {
    out->push_back(',');
    AppendEmbedding(out, v.embedding);
  }
  out->push_back('\n');
  return absl::OkStatus();
}

// Writes a table: header, then `append_row(i, &buffer)` for each row, in
// chunks, to `path` via a temporary file.
absl::Status WriteRows(const std::string& path, unsigned mode, absl::string_view header,
                       int64_t rows,
                       const std::function<absl::Status(int64_t, std::string*)>& append_row) {
  FileWriteOptions wo;
  wo.mode = mode;
  wo.non_regular = NonRegularTarget::kWriteInPlace;
  JOBMATCH_ASSIGN_OR_RETURN(AtomicFileWriter file, AtomicFileWriter::Create(path, wo));
  std::string buf(header);
  buf.push_back('\n');
  for (int64_t i = 0; i < rows; ++i) {
    JOBMATCH_RETURN_IF_ERROR(append_row(i, &buf));
    if (buf.size() >= kWriteChunkBytes) {
      JOBMATCH_RETURN_IF_ERROR(file.Write(buf));
      buf.clear();
    }
  }
  JOBMATCH_RETURN_IF_ERROR(file.Write(buf));
  return file.Commit();
}

// ------------------------------------------------------------- recommendations

absl::Status CheckResult(const TopKResult& result, const Scorer& scorer) {
  const bool by_seeker = result.direction == Direction::kVacanciesForSeekers;
  const int64_t row_n = by_seeker ? scorer.seekers().size() : scorer.vacancies().size();
  const int64_t entry_n = by_seeker ? scorer.vacancies().size() : scorer.seekers().size();
  const size_t cells = static_cast<size_t>(std::max<int64_t>(result.rows, 0)) *
                       static_cast<size_t>(std::max(result.k, 0));
  if (result.rows < 0 || result.k < 0 ||
      result.row_ids.size() != static_cast<size_t>(result.rows) || result.index.size() != cells ||
      result.score.size() != cells) {
    return absl::InvalidArgumentError(
        "TopKResult has inconsistent sizes (rows, k, row_ids, index, score)");
  }
  for (int64_t id : result.row_ids) {
    if (id < 0 || id >= row_n) {
      return absl::InvalidArgumentError(
          absl::StrCat("TopKResult row id ", id, " is not a row of the scorer's tables"));
    }
  }
  for (int64_t id : result.index) {
    if (id < -1 || id >= entry_n) {
      return absl::InvalidArgumentError(
          absl::StrCat("TopKResult index ", id, " is not a row of the scorer's tables"));
    }
  }
  return absl::OkStatus();
}

std::string RecommendationsHeader(Direction direction, bool explain) {
  std::string h = direction == Direction::kVacanciesForSeekers ? "seeker_id,rank,vacancy_id,score"
                                                               : "vacancy_id,rank,seeker_id,score";
  if (explain) {
    for (int c = 0; c < kNumComponents; ++c) {
      absl::StrAppend(&h, ",", internal::Sv(ComponentName(static_cast<Component>(c))));
    }
    h.append(",base,boost,distance_km,rules");
  }
  return h;
}

// Appends the lines of result row `i`.
void AppendRecommendations(const TopKResult& result, const Scorer& scorer, bool explain, int64_t i,
                           std::string* out) {
  const bool by_seeker = result.direction == Direction::kVacanciesForSeekers;
  const std::vector<std::string>& row_ids =
      by_seeker ? scorer.seekers().ids() : scorer.vacancies().ids();
  const std::vector<std::string>& entry_ids =
      by_seeker ? scorer.vacancies().ids() : scorer.seekers().ids();
  const int64_t row = result.row_ids[i];
  for (int j = 0; j < result.k; ++j) {
    const size_t cell = static_cast<size_t>(i) * result.k + j;
    const int64_t entry = result.index[cell];
    if (entry < 0) continue;
    AppendField(out, row_ids[row]);
    absl::StrAppend(out, ",", j + 1, ",");
    AppendField(out, entry_ids[entry]);
    out->push_back(',');
    AppendNumber(out, result.score[cell]);
    if (explain) {
      const Explanation e = by_seeker ? scorer.Explain(row, entry) : scorer.Explain(entry, row);
      for (int c = 0; c < kNumComponents; ++c) {
        out->push_back(',');
        // A component not in use (say, embeddings absent) has no value.
        if (e.used[c]) AppendNumber(out, e.value[c]);
      }
      out->push_back(',');
      AppendNumber(out, e.base);
      out->push_back(',');
      AppendNumber(out, e.boost);
      out->push_back(',');
      AppendNumber(out, e.distance_km);
      out->push_back(',');
      std::string rules;
      for (const FiredRule& fr : e.rules) {
        if (!rules.empty()) rules.push_back(';');
        rules.append(fr.name);
      }
      AppendField(out, rules);
    }
    out->push_back('\n');
  }
}

}  // namespace

// ------------------------------------------------------------- public API

namespace {

absl::Status ParseSkillsInto(const Input& in, absl::string_view source, const CsvLimits& limits,
                             Vocabulary& vocab) {
  std::vector<std::string> names;
  absl::flat_hash_map<std::string, int64_t> first_line;
  JOBMATCH_RETURN_IF_ERROR(
      ParseTable(in, source, limits, kSkillColumns, [&](const RowView& r) -> absl::Status {
        const std::string name(Strip(r.Get(kSkName)));
        if (name.empty()) return r.Error(kSkName, "required value is empty");
        JOBMATCH_RETURN_IF_ERROR(CheckUtf8(r, kSkName, name));
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

}  // namespace

absl::Status ParseSkillsCsv(std::string_view text_in, std::string_view source_in, Vocabulary& vocab,
                            const CsvLimits& limits) {
  return ParseSkillsInto(Input{internal::Sv(text_in)}, internal::Sv(source_in), limits, vocab);
}

absl::Status ReadSkillsCsv(const std::string& path, Vocabulary& vocab, const CsvLimits& limits) {
  return ParseSkillsInto(Input{{}, &path}, path, limits, vocab);
}

absl::StatusOr<std::vector<Seeker>> ParseSeekersCsv(std::string_view text_in,
                                                    std::string_view source_in, Vocabulary& vocab,
                                                    const CsvLimits& limits) {
  const absl::string_view text = internal::Sv(text_in);
  const absl::string_view source = internal::Sv(source_in);
  Vocabulary work = vocab;
  std::vector<Seeker> rows;
  JOBMATCH_RETURN_IF_ERROR(ParseSeekersInto(Input{text}, source, work, limits, &rows, nullptr));
  vocab = std::move(work);
  return rows;
}

absl::StatusOr<std::vector<Vacancy>> ParseVacanciesCsv(std::string_view text_in,
                                                       std::string_view source_in,
                                                       Vocabulary& vocab, const CsvLimits& limits) {
  const absl::string_view text = internal::Sv(text_in);
  const absl::string_view source = internal::Sv(source_in);
  Vocabulary work = vocab;
  std::vector<Vacancy> rows;
  JOBMATCH_RETURN_IF_ERROR(ParseVacanciesInto(Input{text}, source, work, limits, &rows, nullptr));
  vocab = std::move(work);
  return rows;
}

namespace {

// Shared tail of Load*Csv: refuse ids already in the table with the line of
// the row, let the table validate the rest, then commit the vocabulary.
template <typename Table, typename Row>
absl::Status AppendLoaded(const std::string& path, const std::vector<Row>& rows,
                          const std::vector<int64_t>& lines, Vocabulary& work, Vocabulary& vocab,
                          Table& table) {
  for (size_t i = 0; i < rows.size(); ++i) {
    if (table.Find(rows[i].id)) {
      return FieldError(path, lines[i], "id",
                        absl::StrCat("id ", Echo(rows[i].id), " is already in the table"));
    }
  }
  if (absl::Status st = table.Append(rows, work); !st.ok()) {
    return absl::Status(st.code(), absl::StrCat(path, ": ", st.message()));
  }
  vocab = std::move(work);
  return absl::OkStatus();
}

}  // namespace

absl::Status LoadSeekersCsv(const std::string& path, Vocabulary& vocab, SeekerTable& table,
                            const CsvLimits& limits) {
  Vocabulary work = vocab;
  std::vector<Seeker> rows;
  std::vector<int64_t> lines;
  JOBMATCH_RETURN_IF_ERROR(ParseSeekersInto(Input{{}, &path}, path, work, limits, &rows, &lines));
  return AppendLoaded(path, rows, lines, work, vocab, table);
}

absl::Status LoadVacanciesCsv(const std::string& path, Vocabulary& vocab, VacancyTable& table,
                              const CsvLimits& limits) {
  Vocabulary work = vocab;
  std::vector<Vacancy> rows;
  std::vector<int64_t> lines;
  JOBMATCH_RETURN_IF_ERROR(ParseVacanciesInto(Input{{}, &path}, path, work, limits, &rows, &lines));
  return AppendLoaded(path, rows, lines, work, vocab, table);
}

absl::Status WriteSkillsCsv(const std::string& path, const Vocabulary& vocab) {
  return WriteRows(path, kPublicFileMode, "skill", vocab.skills().size(),
                   [&](int64_t i, std::string* out) -> absl::Status {
                     const std::string& name = vocab.skills().Name(static_cast<int32_t>(i));
                     JOBMATCH_RETURN_IF_ERROR(CheckWritableName("skill", name, ":;"));
                     AppendField(out, name);
                     out->push_back('\n');
                     return absl::OkStatus();
                   });
}

absl::Status WriteSeekersCsv(const std::string& path, const SeekerTable& table,
                             const Vocabulary& vocab) {
  const bool with_embedding = table.embedding_dim() > 0;
  const std::string header = absl::StrCat(kSeekerHeader, with_embedding ? ",embedding" : "");
  return WriteRows(path, kPersonalDataFileMode, header, table.size(),
                   [&](int64_t i, std::string* out) {
                     return AppendSeekerRow(table.Get(i), vocab, with_embedding, out);
                   });
}

absl::Status WriteVacanciesCsv(const std::string& path, const VacancyTable& table,
                               const Vocabulary& vocab) {
  const bool with_embedding = table.embedding_dim() > 0;
  const std::string header = absl::StrCat(kVacancyHeader, with_embedding ? ",embedding" : "");
  return WriteRows(path, kPublicFileMode, header, table.size(), [&](int64_t i, std::string* out) {
    return AppendVacancyRow(table.Get(i), vocab, with_embedding, out);
  });
}

absl::Status WriteRecommendationsCsv(const std::string& path, const TopKResult& result,
                                     const Scorer& scorer, bool explain) {
  JOBMATCH_RETURN_IF_ERROR(CheckResult(result, scorer));
  return WriteRows(path, kPersonalDataFileMode, RecommendationsHeader(result.direction, explain),
                   result.rows, [&](int64_t i, std::string* out) {
                     AppendRecommendations(result, scorer, explain, i, out);
                     return absl::OkStatus();
                   });
}

std::string RecommendationsToCsv(const TopKResult& result, const Scorer& scorer, bool explain) {
  // No status to return: a result that does not belong to `scorer` is a
  // programming error.
  JOBMATCH_CHECK(CheckResult(result, scorer).ok());
  std::string out = RecommendationsHeader(result.direction, explain);
  out.push_back('\n');
  for (int64_t i = 0; i < result.rows; ++i) {
    AppendRecommendations(result, scorer, explain, i, &out);
  }
  return out;
}

// ----------------------------------------------------------------- allocation

absl::Status WriteAllocationCsv(const std::string& path, const AllocationResult& result,
                                const Scorer& scorer) {
  const SeekerTable& seekers = scorer.seekers();
  const VacancyTable& vacancies = scorer.vacancies();
  if (static_cast<int64_t>(result.vacancy_of_seeker.size()) != seekers.size() ||
      static_cast<int64_t>(result.filled.size()) != vacancies.size()) {
    return absl::InvalidArgumentError("allocation result does not match the scorer's tables");
  }
  return WriteRows(path, kPersonalDataFileMode, "seeker_id,vacancy_id,score,outcome",
                   seekers.size(), [&](int64_t s, std::string* out) {
                     AppendField(out, seekers.ids()[s]);
                     out->push_back(',');
                     const int64_t v = result.vacancy_of_seeker[s];
                     if (v >= 0) AppendField(out, vacancies.ids()[v]);
                     out->push_back(',');
                     if (v >= 0) AppendNumber(out, result.score_of_seeker[s]);
                     out->push_back(',');
                     out->append(SeekerOutcomeName(result.seeker_outcome[s]));
                     out->push_back('\n');
                     return absl::OkStatus();
                   });
}

absl::Status WriteVacancyFillCsv(const std::string& path, const AllocationResult& result,
                                 const Scorer& scorer) {
  const VacancyTable& vacancies = scorer.vacancies();
  if (static_cast<int64_t>(result.filled.size()) != vacancies.size()) {
    return absl::InvalidArgumentError("allocation result does not match the scorer's tables");
  }
  return WriteRows(path, kPublicFileMode, "vacancy_id,openings,filled,outcome", vacancies.size(),
                   [&](int64_t v, std::string* out) {
                     AppendField(out, vacancies.ids()[v]);
                     out->push_back(',');
                     AppendNumber(out, vacancies.openings()[v]);
                     out->push_back(',');
                     AppendNumber(out, result.filled[v]);
                     out->push_back(',');
                     out->append(VacancyOutcomeName(result.vacancy_outcome[v]));
                     out->push_back('\n');
                     return absl::OkStatus();
                   });
}

}  // namespace jobmatch
