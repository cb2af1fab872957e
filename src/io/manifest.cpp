// manifest.json (spec 6): what a run read and wrote, each file by size,
// rows and sha256, so that `payplan verify` can tell whether the same
// inputs still give the same outputs. Written as JSON; read back with
// yaml-cpp (JSON is YAML 1.2's flow form), which names the line of a fault.
// sha256 is OpenSSL's (libcrypto): it uses the CPU's SHA instructions, so
// hashing a 2.4 GB lines.csv costs about a second, not ten.

#include <fcntl.h>
#include <openssl/evp.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <ostream>
#include <string>
#include <system_error>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "payplan/io/output.hpp"

namespace payplan {

namespace {

struct fd_closer {
  int fd;
  ~fd_closer() {
    if (fd >= 0) ::close(fd);
  }
};

struct md_free {
  void operator()(EVP_MD_CTX* c) const noexcept { EVP_MD_CTX_free(c); }
};

// Counts CSV records (RFC 4180: a line break inside quotes does not end
// one) over chunks of a file.
class record_counter {
 public:
  void add(const char* p, std::size_t n) {
    if (n == 0) return;
    if (!quoted_ && std::memchr(p, '"', n) == nullptr) {
      ends_ += static_cast<std::uint64_t>(std::count(p, p + n, '\n'));
    } else {
      for (std::size_t i = 0; i < n; ++i) {
        if (p[i] == '"') quoted_ = !quoted_;
        else if (p[i] == '\n' && !quoted_) ++ends_;
      }
    }
    last_ = p[n - 1];
    any_ = true;
  }
  // records: the line breaks, and a last record without one
  [[nodiscard]] std::uint64_t records() const noexcept { return ends_ + (any_ && last_ != '\n' ? 1 : 0); }

 private:
  std::uint64_t ends_ = 0;
  char last_ = '\n';
  bool quoted_ = false, any_ = false;
};

std::string hex(const unsigned char* d, unsigned n) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string s;
  for (unsigned i = 0; i < n; ++i) {
    s += digits[d[i] >> 4];
    s += digits[d[i] & 15];
  }
  return s;
}

void json_string(std::string& out, std::string_view s) {
  out += '"';
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20 || c == 0x7f) {
      char t[8];
      std::snprintf(t, sizeof t, "\\u%04x", c);
      out += t;
    } else {
      out += static_cast<char>(c);
    }
  }
  out += '"';
}

void json_file(std::string& out, const file_digest& f, bool with_role) {
  out += "    {";
  if (with_role) {
    out += "\"role\": ";
    json_string(out, f.role);
    out += ", ";
  }
  out += "\"path\": ";
  json_string(out, f.path);
  out += ", \"bytes\": " + std::to_string(f.bytes) + ", \"rows\": " + std::to_string(f.rows) + ", \"sha256\": ";
  json_string(out, f.sha256);
  out += '}';
}

}  // namespace

struct detail::file_digester::state {
  std::unique_ptr<EVP_MD_CTX, md_free> md{EVP_MD_CTX_new()};
  record_counter records;
  std::uint64_t bytes = 0, text_lines = 0;
  char last = '\n';
};

detail::file_digester::file_digester() : state_(std::make_unique<state>()) {
  if (!state_->md || EVP_DigestInit_ex(state_->md.get(), EVP_sha256(), nullptr) != 1)
    throw std::runtime_error("sha256: OpenSSL failed");
}
detail::file_digester::~file_digester() = default;

void detail::file_digester::add(const char* p, std::size_t n) {
  if (n == 0) return;
  EVP_DigestUpdate(state_->md.get(), p, n);
  state_->bytes += n;
  state_->records.add(p, n);
  state_->text_lines += static_cast<std::uint64_t>(std::count(p, p + n, '\n'));
  state_->last = p[n - 1];
}

file_digest detail::file_digester::finish(std::string path, std::string role, bool csv) {
  file_digest d;
  d.role = std::move(role);
  d.path = std::move(path);
  d.bytes = state_->bytes;
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned len = 0;
  EVP_DigestFinal_ex(state_->md.get(), out, &len);
  d.sha256 = hex(out, len);
  // spec 6 rows: a CSV file's records after its header; a YAML or JSON file's lines
  const std::uint64_t records = state_->records.records();
  d.rows = csv ? (records > 0 ? records - 1 : 0) : state_->text_lines + (d.bytes > 0 && state_->last != '\n' ? 1 : 0);
  return d;
}

file_digest digest_file(const std::filesystem::path& path, std::string role, bool csv) {
  fd_closer fd{::open(path.c_str(), O_RDONLY | O_CLOEXEC)};
  if (fd.fd < 0)
    throw input_error({path.string()}, "cannot read: " + std::error_code(errno, std::generic_category()).message());
  detail::file_digester digest;
  std::vector<char> buf(std::size_t{1} << 20);
  for (;;) {
    const ssize_t n = ::read(fd.fd, buf.data(), buf.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0)
      throw input_error({path.string()}, "cannot read: " + std::error_code(errno, std::generic_category()).message());
    if (n == 0) break;
    digest.add(buf.data(), static_cast<std::size_t>(n));
  }
  return digest.finish(path.string(), std::move(role), csv);
}

std::string manifest_json(const run_manifest& m) {
  std::string out = "{\n  \"payplan_version\": ";
  json_string(out, m.version);
  out += ",\n  \"arguments\": [";
  for (std::size_t i = 0; i < m.arguments.size(); ++i) {
    if (i) out += ", ";
    json_string(out, m.arguments[i]);
  }
  out += "],\n  \"closed_through\": ";
  if (m.closed_through) json_string(out, *m.closed_through);
  else out += "null";
  out += ",\n  \"periods\": [";
  for (std::size_t i = 0; i < m.periods.size(); ++i) {
    if (i) out += ", ";
    json_string(out, m.periods[i]);
  }
  out += "],\n  \"inputs\": [";
  for (std::size_t i = 0; i < m.inputs.size(); ++i) {
    out += i ? ",\n" : "\n";
    json_file(out, m.inputs[i], true);
  }
  out += m.inputs.empty() ? "],\n  \"outputs\": [" : "\n  ],\n  \"outputs\": [";
  for (std::size_t i = 0; i < m.outputs.size(); ++i) {
    out += i ? ",\n" : "\n";
    json_file(out, m.outputs[i], false);
  }
  out += m.outputs.empty() ? "]\n}\n" : "\n  ]\n}\n";
  return out;
}

run_manifest read_manifest(const std::filesystem::path& dir) {
  const std::filesystem::path path = dir / "manifest.json";
  const std::string file = path.string();
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec))
    throw input_error({file}, "no manifest.json: " + dir.string() + " is not the output of a payplan run");
  const std::string text = read_file(path);
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    throw input_error({file, static_cast<std::size_t>(e.mark.line + 1), static_cast<std::size_t>(e.mark.column + 1)},
                      "not JSON: " + e.msg);
  }
  auto at = [&](const YAML::Node& n) {
    const YAML::Mark mark = n.Mark();
    return source_location(file, mark.line >= 0 ? static_cast<std::size_t>(mark.line + 1) : 0,
                           mark.column >= 0 ? static_cast<std::size_t>(mark.column + 1) : 0);
  };
  if (!root.IsMap() || !root["payplan_version"])
    throw input_error({file}, "not a payplan manifest (no payplan_version): " + dir.string() +
                                  " is not the output of a payplan run");
  // a key's text, the key located at its node or, when missing, at its parent
  auto text_at = [&](const YAML::Node& n, const YAML::Node& parent, const std::string& what) {
    if (!n) throw input_error(at(parent), what + " is missing: not a payplan manifest");
    if (!n.IsScalar()) throw input_error(at(n), what + " is not a string");
    return n.as<std::string>();
  };
  auto list = [&](const char* key) {
    const YAML::Node n = root[key];
    if (!n || !n.IsSequence()) throw input_error(n ? at(n) : at(root), std::string(key) + " is not a list");
    return n;
  };
  run_manifest m;
  m.version = text_at(root["payplan_version"], root, "payplan_version");
  for (const auto& a : list("arguments")) m.arguments.push_back(text_at(a, root, "an argument"));
  if (const YAML::Node c = root["closed_through"]; c && !c.IsNull()) m.closed_through = text_at(c, root, "closed_through");
  for (const auto& p : list("periods")) m.periods.push_back(text_at(p, root, "a period"));
  auto files = [&](const char* key, bool with_role) {
    std::vector<file_digest> out;
    for (const auto& f : list(key)) {
      if (!f.IsMap()) throw input_error(at(f), std::string("an entry of ") + key + " is not an object");
      file_digest d;
      const std::string entry = std::string("an entry of ") + key + ": ";
      if (with_role) d.role = text_at(f["role"], f, entry + "role");
      d.path = text_at(f["path"], f, entry + "path");
      d.sha256 = text_at(f["sha256"], f, entry + "sha256");
      try {
        if (!f["bytes"] || !f["rows"]) throw input_error(at(f), entry + "bytes or rows is missing");
        d.bytes = f["bytes"].as<std::uint64_t>();
        d.rows = f["rows"].as<std::uint64_t>();
      } catch (const YAML::Exception&) {
        throw input_error(at(f), entry + "bytes and rows must be whole numbers");
      }
      out.push_back(std::move(d));
    }
    return out;
  };
  m.inputs = files("inputs", true);
  m.outputs = files("outputs", false);
  return m;
}

}  // namespace payplan
