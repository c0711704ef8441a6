// Copyright 2026 The jobmatch Authors. SPDX-License-Identifier: Apache-2.0
#include "jobmatch/io/shards.h"

#include <cmath>
#include <filesystem>
#include <string_view>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "base/internal/text.h"
#include "io/internal/shard_manifest.h"
#include "jobmatch/base/file_io.h"
#include "jobmatch/base/status_macros.h"
#include "nlohmann/json.hpp"

namespace jobmatch {
namespace {

using Json = nlohmann::ordered_json;
constexpr int64_t kMaxManifestBytes = 64 << 20;
constexpr int kCsvManifestVersion = 1;       // CSV shards only
constexpr int kSnapshotManifestVersion = 2;  // snapshot shards too

std::string ManifestPath(const std::string& directory) {
  return (std::filesystem::path(directory) / kShardManifestFile).string();
}

// A path relative to the directory that cannot leave it.
std::string RelativePathProblem(std::string_view p) {
  if (p.empty()) return "must not be empty";
  if (!internal::IsValidUtf8(absl::string_view(p.data(), p.size()))) return "is not valid UTF-8";
  if (p.find('\0') != std::string_view::npos) return "contains NUL";
  const std::filesystem::path path{std::string(p)};
  if (path.is_absolute() || p.front() == '/') return "must be relative to the directory";
  for (const auto& part : path) {
    if (part == "..") return "must stay inside the directory (no '..')";
  }
  return "";
}

// "shards[2].seekers", or "skills" at the top level (where == "").
std::string Join(const std::string& where, const char* key) {
  return where.empty() ? std::string(key) : absl::StrCat(where, ".", key);
}

struct Reader {
  std::string source;
  absl::Status Error(const std::string& where, const std::string& why) const {
    return absl::InvalidArgumentError(absl::StrCat(source, ": ", where, ": ", why));
  }
  absl::StatusOr<std::string> Path(const Json& obj, const char* key,
                                   const std::string& where) const {
    const auto it = obj.find(key);
    if (it == obj.end()) {
      return Error(where.empty() ? "(top level)" : where, absl::StrCat("missing '", key, "'"));
    }
    if (!it->is_string()) return Error(Join(where, key), "must be a string");
    std::string v = it->get<std::string>();
    if (std::string why = RelativePathProblem(v); !why.empty()) {
      return Error(Join(where, key), why);
    }
    return v;
  }
  absl::StatusOr<int64_t> Count(const Json& obj, const char* key, const std::string& where) const {
    const auto it = obj.find(key);
    if (it == obj.end()) {
      return Error(where.empty() ? "(top level)" : where, absl::StrCat("missing '", key, "'"));
    }
    if (!it->is_number_integer() || it->get<int64_t>() < 0) {
      return Error(Join(where, key), "must be an integer >= 0");
    }
    return it->get<int64_t>();
  }
  absl::StatusOr<std::optional<double>> Degrees(const Json& obj, const char* key,
                                                const std::string& where, double limit) const {
    const auto it = obj.find(key);
    if (it == obj.end()) return std::optional<double>();
    if (!it->is_number()) return Error(Join(where, key), "must be a number");
    const double v = it->get<double>();
    if (!std::isfinite(v) || std::fabs(v) > limit) {
      return Error(Join(where, key),
                   absl::StrCat("must be a finite number in [-", limit, ", ", limit, "]"));
    }
    return std::optional<double>(v);
  }
};

}  // namespace

namespace internal {

absl::StatusOr<ShardManifest> ParseShardManifest(std::string_view text, const std::string& source) {
  const Reader r{source};
  if (!internal::IsValidUtf8(absl::string_view(text.data(), text.size()))) {
    return absl::InvalidArgumentError(absl::StrCat(source, ": not valid UTF-8"));
  }
  Json doc;
  try {
    doc = Json::parse(text);
  } catch (const Json::exception& e) {
    std::string what = e.what();
    return r.Error("JSON", internal::EscapeForMessage(what.substr(0, 200)));
  }
  if (!doc.is_object()) return r.Error("(top level)", "must be a JSON object");
  // Each field's type is checked before its value is read: nlohmann's
  // accessors throw on a type they do not expect.
  if (const auto format = doc.find("format");
      format == doc.end() || !format->is_string() || *format != "jobmatch-shards") {
    return r.Error("format", "must be \"jobmatch-shards\"");
  }
  if (!doc.contains("version") || !doc["version"].is_number_integer() ||
      doc["version"].get<int64_t>() < kCsvManifestVersion ||
      doc["version"].get<int64_t>() > kSnapshotManifestVersion) {
    return r.Error("version",
                   absl::StrCat("must be ", kCsvManifestVersion, " or ", kSnapshotManifestVersion,
                                " (the versions this jobmatch reads)"));
  }
  const int64_t version = doc["version"].get<int64_t>();
  ShardManifest m;
  JOBMATCH_ASSIGN_OR_RETURN(m.skills, r.Path(doc, "skills", ""));
  const auto it = doc.find("shards");
  if (it == doc.end() || !it->is_array()) return r.Error("shards", "must be an array");
  absl::flat_hash_set<std::string> names;
  for (size_t i = 0; i < it->size(); ++i) {
    const Json& s = (*it)[i];
    const std::string where = absl::StrCat("shards[", i, "]");
    if (!s.is_object()) return r.Error(where, "must be an object");
    DataShard d;
    const auto name = s.find("name");
    if (name == s.end() || !name->is_string() || name->get<std::string>().empty()) {
      return r.Error(absl::StrCat(where, ".name"), "must be a non-empty string");
    }
    d.name = name->get<std::string>();
    if (std::string why = internal::RecordIdProblem(d.name); !why.empty()) {
      return r.Error(absl::StrCat(where, ".name"), why);
    }
    if (!names.insert(d.name).second) {
      return r.Error(absl::StrCat(where, ".name"),
                     absl::StrCat("duplicate shard name ", internal::QuoteForMessage(d.name)));
    }
    if (const auto format = s.find("format"); format != s.end()) {
      if (!format->is_string() || (*format != "csv" && *format != "snapshot")) {
        return r.Error(absl::StrCat(where, ".format"), "must be \"csv\" or \"snapshot\"");
      }
      if (*format == "snapshot") {
        if (version < kSnapshotManifestVersion) {
          return r.Error(
              absl::StrCat(where, ".format"),
              absl::StrCat("snapshot shards need manifest version ", kSnapshotManifestVersion));
        }
        d.format = ShardFormat::kSnapshot;
      }
    }
    JOBMATCH_ASSIGN_OR_RETURN(d.seekers, r.Path(s, "seekers", where));
    JOBMATCH_ASSIGN_OR_RETURN(d.vacancies, r.Path(s, "vacancies", where));
    JOBMATCH_ASSIGN_OR_RETURN(d.num_seekers, r.Count(s, "num_seekers", where));
    JOBMATCH_ASSIGN_OR_RETURN(d.num_vacancies, r.Count(s, "num_vacancies", where));
    JOBMATCH_ASSIGN_OR_RETURN(d.center_lat, r.Degrees(s, "center_lat", where, 90.0));
    JOBMATCH_ASSIGN_OR_RETURN(d.center_lon, r.Degrees(s, "center_lon", where, 180.0));
    const auto radius = s.find("radius_km");
    if (radius != s.end()) {
      if (!radius->is_number() || !std::isfinite(radius->get<double>()) ||
          radius->get<double>() < 0.0) {
        return r.Error(absl::StrCat(where, ".radius_km"), "must be a finite number >= 0");
      }
      d.radius_km = radius->get<double>();
    }
    m.shards.push_back(std::move(d));
  }
  return m;
}

}  // namespace internal

bool IsShardedDirectory(const std::string& directory) {
  std::error_code ec;
  return std::filesystem::is_regular_file(ManifestPath(directory), ec);
}

absl::StatusOr<ShardManifest> ReadShardManifest(const std::string& directory) {
  const std::string path = ManifestPath(directory);
  JOBMATCH_ASSIGN_OR_RETURN(FileReader file, FileReader::Open(path, FileReadOptions{}));
  if (file.size() > kMaxManifestBytes) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": manifest is ", file.size(),
                                                   " bytes, larger than the limit of ",
                                                   kMaxManifestBytes));
  }
  std::string text;
  char buf[1 << 16];
  while (true) {
    JOBMATCH_ASSIGN_OR_RETURN(const size_t n, file.ReadSome(buf, sizeof buf));
    if (n == 0) break;
    text.append(buf, n);
    if (static_cast<int64_t>(text.size()) > kMaxManifestBytes) {
      return absl::InvalidArgumentError(absl::StrCat(path, ": manifest grew beyond the limit"));
    }
  }
  return internal::ParseShardManifest(text, path);
}

absl::Status WriteShardManifest(const std::string& directory, const ShardManifest& m) {
  JOBMATCH_ASSIGN_OR_RETURN(const std::string text,
                            internal::ShardManifestText(m, ManifestPath(directory)));
  // What is written must read back.
  JOBMATCH_RETURN_IF_ERROR(internal::ParseShardManifest(text, ManifestPath(directory)).status());
  FileWriteOptions wo;
  wo.mode = kPublicFileMode;
  return WriteFileAtomically(ManifestPath(directory), text, wo);
}

namespace internal {

absl::StatusOr<std::string> ShardManifestText(const ShardManifest& m, const std::string& source) {
  // nlohmann's strict dump throws on a string that is not UTF-8: refused
  // here first, by field.
  auto utf8 = [&source](const std::string& v, const std::string& where) {
    return IsValidUtf8(v) ? absl::OkStatus()
                          : absl::InvalidArgumentError(
                                absl::StrCat(source, ": ", where, ": is not valid UTF-8"));
  };
  JOBMATCH_RETURN_IF_ERROR(utf8(m.skills, "skills"));
  for (size_t i = 0; i < m.shards.size(); ++i) {
    const DataShard& d = m.shards[i];
    const std::string where = absl::StrCat("shards[", i, "]");
    JOBMATCH_RETURN_IF_ERROR(utf8(d.name, Join(where, "name")));
    JOBMATCH_RETURN_IF_ERROR(utf8(d.seekers, Join(where, "seekers")));
    JOBMATCH_RETURN_IF_ERROR(utf8(d.vacancies, Join(where, "vacancies")));
  }
  Json doc;
  bool any_snapshot = false;
  for (const DataShard& d : m.shards) any_snapshot = any_snapshot || d.is_snapshot();
  doc["format"] = "jobmatch-shards";
  doc["version"] = any_snapshot ? kSnapshotManifestVersion : kCsvManifestVersion;
  doc["skills"] = m.skills;
  Json shards = Json::array();
  for (const DataShard& d : m.shards) {
    Json s;
    s["name"] = d.name;
    if (d.is_snapshot()) s["format"] = "snapshot";
    s["seekers"] = d.seekers;
    s["vacancies"] = d.vacancies;
    s["num_seekers"] = d.num_seekers;
    s["num_vacancies"] = d.num_vacancies;
    if (d.center_lat) s["center_lat"] = *d.center_lat;
    if (d.center_lon) s["center_lon"] = *d.center_lon;
    if (d.radius_km) s["radius_km"] = *d.radius_km;
    shards.push_back(std::move(s));
  }
  doc["shards"] = std::move(shards);
  return doc.dump(1, ' ', false, Json::error_handler_t::strict) + "\n";
}

}  // namespace internal

}  // namespace jobmatch
