// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// Reading CSV records: libcsv in strict RFC 4180 mode, fed one physical line
// at a time so every record knows its line; the limits of CsvLimits; the
// header resolved against a table's columns.
#include "io/internal/csv_records.h"

#include <csv.h>  // libcsv

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <functional>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/internal/text.h"
#include "jobmatch/base/file_io.h"
#include "jobmatch/base/status_macros.h"

namespace jobmatch::internal {

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

absl::Status RowView::Error(int c, absl::string_view reason) const {
  if (specs_[c].sensitive) {
    return FieldError(source_, line_, specs_[c].name, absl::StrCat(reason, kSensitiveColumnNote));
  }
  return FieldError(source_, line_, specs_[c].name, reason);
}

absl::Status RowView::ValueError(int c, absl::string_view reason, absl::string_view value) const {
  if (specs_[c].sensitive) return Error(c, reason);
  return Error(c, absl::StrCat(reason, ": ", Echo(value)));
}

namespace {

constexpr absl::string_view kUtf8Bom = "\xEF\xBB\xBF";

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
// ... and list at most this many unknown column names.
constexpr size_t kMaxNamesListed = 10;

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

}  // namespace

namespace {

// Could `name` be a column name? Only such names are echoed in messages:
// when a header row is missing, the first data row is read as the header,
// and its fields (household ids, key groups, ...) must not be shown.
bool LooksLikeColumnName(absl::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  for (char c : name) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-' && c != '.' &&
        c != ' ') {
      return false;
    }
  }
  return true;
}

}  // namespace

absl::Status ResolveHeader(absl::string_view source, int64_t line,
                           absl::Span<const std::string> fields, absl::Span<const ColumnSpec> specs,
                           std::vector<int>* pos) {
  pos->assign(specs.size(), -1);
  std::vector<absl::string_view> unknown;
  for (size_t i = 0; i < fields.size(); ++i) {
    const absl::string_view name = Strip(fields[i]);
    if (name.empty()) {
      return LineError(source, line,
                       absl::StrCat("empty column name in the header (field ", i + 1, ")"));
    }
    size_t c = 0;
    while (c < specs.size() && specs[c].name != name) ++c;
    if (c == specs.size()) {
      unknown.push_back(name);
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
  const size_t known_fields = fields.size() - unknown.size();
  if (!unknown.empty() && !missing.empty() && 2 * known_fields < fields.size()) {
    // Most fields are no column names and required columns are missing:
    // most likely the header row is missing and this is a data row (ids,
    // households, key groups ...). Nothing of it is shown.
    parts.push_back(absl::StrCat(
        unknown.size(),
        unknown.size() == 1 ? " field of the first row is" : " fields of the first row are",
        " not column names (not shown: is the header row missing?)"));
  } else if (!unknown.empty()) {
    std::vector<std::string> shown;
    size_t hidden = 0;
    for (absl::string_view name : unknown) {
      if (!LooksLikeColumnName(name)) {
        ++hidden;
      } else if (shown.size() < kMaxNamesListed) {
        shown.push_back(Echo(name));
      }
    }
    std::vector<absl::string_view> known;
    for (const ColumnSpec& s : specs) known.push_back(s.name);
    const size_t more = unknown.size() - shown.size() - hidden;
    std::string list = absl::StrJoin(shown, ", ");
    if (more > 0) absl::StrAppend(&list, list.empty() ? "" : " ", "and ", more, " more");
    if (hidden > 0) {
      absl::StrAppend(&list, list.empty() ? "" : ", ", hidden, hidden == 1 ? " name" : " names",
                      " not shown (not a plain column name)");
    }
    parts.push_back(absl::StrCat(unknown.size() == 1 ? "unknown column " : "unknown columns ", list,
                                 " (known: ", absl::StrJoin(known, ", "), ")"));
  }
  if (!missing.empty()) {
    parts.push_back(
        absl::StrCat(missing.size() == 1 ? "missing required column " : "missing required columns ",
                     absl::StrJoin(missing, ", ")));
  }
  return LineError(source, line, absl::StrJoin(parts, "; "));
}

namespace {

// Reads of a file are this large; the file is never held in memory whole.
constexpr size_t kReadChunkBytes = size_t{1} << 20;

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

}  // namespace

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

}  // namespace jobmatch::internal
