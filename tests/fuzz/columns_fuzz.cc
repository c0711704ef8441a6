// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
//
// libFuzzer target: the DataFrame conversion layer of the Python package
// (io/columns.h: AppendSeekerColumns / AppendVacancyColumns, what
// jobmatch.Engine(DataFrames) and upserts call). The input chooses the
// table, the number of rows and, per schema column, its form (absent, text
// cells, numbers — any double, NaN, infinities, subnormals —, day counts,
// list items with offsets, an embedding matrix) and the cells' bytes.
// Properties: no crash, leak, undefined behaviour or exception; all or
// nothing (a refusal leaves the table and the vocabulary as they were; an
// acceptance appends exactly `rows` rows); an error starts with the source
// name, is bounded, printable UTF-8, carries the row payload, and never holds
// the bytes of a sensitive column's cell (every such cell starts with a
// marker the message must not contain).
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "base/internal/text.h"
#include "fuzz_util.h"
#include "jobmatch/data/schema.h"
#include "jobmatch/io/columns.h"

namespace jobmatch::fuzz {
namespace {

constexpr std::string_view kMarker = "SECRET7";

// Reads the input front to back; past the end it yields zeros.
struct Reader {
  const uint8_t* p;
  size_t n;
  uint8_t Byte() {
    if (n == 0) return 0;
    --n;
    return *p++;
  }
  uint64_t Bits() {
    uint64_t bits = 0;
    for (int i = 0; i < 8; ++i) bits |= uint64_t{Byte()} << (8 * i);
    return bits;
  }
  double Double() {
    const uint64_t bits = Bits();
    double d;
    std::memcpy(&d, &bits, sizeof d);
    return d;
  }
  // Bytes up to a 0x1f separator (or the end), at most 40.
  std::string Cell() {
    std::string s;
    while (n > 0 && s.size() < 40) {
      const uint8_t b = Byte();
      if (b == 0x1f) break;
      s.push_back(static_cast<char>(b));
    }
    return s;
  }
};

// A double as a float without the out-of-range conversion (inf instead).
float ToFloat(double d) {
  if (d > 3.4028234663852886e38) return HUGE_VALF;
  if (d < -3.4028234663852886e38) return -HUGE_VALF;
  return static_cast<float>(d);
}

template <typename Table, typename Append>
void Run(Reader& in, absl::Span<const ColumnInfo> schema, Append append) {
  const int64_t rows = in.Byte() % 7;
  std::vector<ColumnCells> cols(schema.size());
  // Storage the cells point into; reserved so that views stay valid.
  std::vector<std::string> strings;
  strings.reserve(schema.size() * 64 + 64);
  std::vector<std::vector<double>> numbers(schema.size());
  std::vector<std::vector<int64_t>> days(schema.size());
  std::vector<std::vector<float>> matrices(schema.size());
  for (size_t c = 0; c < schema.size(); ++c) {
    const ColumnInfo& info = schema[c];
    ColumnCells& col = cols[c];
    const uint8_t form = in.Byte() % 8;
    if (form == 0) continue;  // absent
    if (form == 1 && info.kind != ColumnKind::kEmbedding) {
      col.form = ColumnCells::Form::kNumbers;
      for (int64_t r = 0; r < rows; ++r) {
        const uint8_t how = in.Byte() % 6;
        numbers[c].push_back(how == 0   ? std::nan("")
                             : how == 1 ? static_cast<double>(in.Byte())
                             : how == 2 ? HUGE_VAL * (in.Byte() % 2 ? 1 : -1)
                             : how == 3 ? 4.9e-324 * in.Byte()
                                        : in.Double());
      }
      col.numbers = numbers[c];
    } else if (form == 2 && info.kind == ColumnKind::kDate) {
      col.form = ColumnCells::Form::kDays;
      for (int64_t r = 0; r < rows; ++r) {
        const uint8_t how = in.Byte() % 4;
        days[c].push_back(how == 0   ? kNoDays
                          : how == 1 ? static_cast<int64_t>(in.Bits())  // any day count
                                     : static_cast<int64_t>(in.Byte()) * 100);
      }
      col.days = days[c];
    } else if (form == 3 && info.kind == ColumnKind::kEmbedding) {
      col.form = ColumnCells::Form::kMatrix;
      const int64_t dim = in.Byte() % 4;
      for (int64_t i = 0; i < rows * dim; ++i) {
        const uint8_t how = in.Byte() % 4;
        matrices[c].push_back(how == 0 ? ToFloat(in.Double())
                                       : static_cast<float>(in.Byte()) - 128.0f);
      }
      col.matrix = matrices[c].data();
      col.matrix_rows = rows;
      col.matrix_cols = dim;
      col.matrix_stride = dim;
    } else {
      col.form = ColumnCells::Form::kText;
      const bool lists = form == 4;
      if (lists) col.offsets.push_back(0);
      for (int64_t r = 0; r < rows; ++r) {
        const int items = lists ? in.Byte() % 4 : 1;
        for (int i = 0; i < items; ++i) {
          std::string cell = in.Cell();
          // The marker stands for a sensitive value: a message may quote
          // other cells, so the fuzzer must not forge it into them (it
          // learns the string from the comparison below).
          for (size_t at; (at = cell.find(kMarker)) != std::string::npos;) cell[at] = '_';
          if (info.sensitive) cell = std::string(kMarker) + cell;
          strings.push_back(std::move(cell));
          col.text.push_back(strings.back());
        }
        if (lists) col.offsets.push_back(static_cast<int64_t>(col.text.size()));
      }
    }
  }
  Vocabulary vocab = SeedVocabulary();
  const Vocabulary before = vocab;
  Table table;
  const absl::Status st = append(cols, rows, vocab, table);
  if (!st.ok()) {
    JOBMATCH_FUZZ_CHECK(vocab == before);
    JOBMATCH_FUZZ_CHECK(table.size() == 0);
    const absl::string_view am = st.message();
    const std::string_view m(am.data(), am.size());
    JOBMATCH_FUZZ_CHECK(m.substr(0, 5) == "fuzz:" || m.substr(0, 4) == "fuzz");
    JOBMATCH_FUZZ_CHECK(m.size() < 4096);
    JOBMATCH_FUZZ_CHECK(internal::FindInvalidUtf8(m) == std::string_view::npos);
    for (char ch : m) JOBMATCH_FUZZ_CHECK(static_cast<unsigned char>(ch) >= 0x20 && ch != 0x7f);
    JOBMATCH_FUZZ_CHECK(m.find(kMarker) == std::string_view::npos);
    return;
  }
  JOBMATCH_FUZZ_CHECK(table.size() == rows);
}

}  // namespace
}  // namespace jobmatch::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace jobmatch;
  fuzz::Reader in{data, size};
  if (in.Byte() % 2 == 0) {
    fuzz::Run<SeekerTable>(
        in, SeekerColumns(),
        [](absl::Span<const ColumnCells> c, int64_t rows, Vocabulary& v, SeekerTable& t) {
          return AppendSeekerColumns(c, rows, "fuzz", v, t);
        });
  } else {
    fuzz::Run<VacancyTable>(
        in, VacancyColumns(),
        [](absl::Span<const ColumnCells> c, int64_t rows, Vocabulary& v, VacancyTable& t) {
          return AppendVacancyColumns(c, rows, "fuzz", v, t);
        });
  }
  return 0;
}
