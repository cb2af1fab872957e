#pragma once
// What a run writes (spec 5): lines.csv, statements.csv, exceptions.csv.
// (The readable statement table is presentation: payplan/report.hpp.)
//
//   class output_error;                                    // a folder or file could not be written
//   void write_lines(std::ostream&, const Result&, unsigned threads = 1);
//   void write_statements(std::ostream&, const Result&);
//   void write_exceptions(std::ostream&, const Result&);
//   void write_run(const std::filesystem::path& dir, const Result&, run_outputs = all,
//                  const PaidRun* = nullptr, const run_manifest* = nullptr);  // one atomic set
//   void write_adjustments(std::ostream&, const Result&);  // spec 6 adjustments.csv
//   struct file_digest; struct run_manifest;                   // spec 6 manifest.json
//   file_digest digest_file(path, role, csv);  std::string manifest_json(const manifest&);
//   run_manifest read_manifest(dir);
//   void write_atomically(dir, files, elsewhere = {});    // any set of outputs, as one step
//   void write_file_atomically(path, writer);              // one file, whole or not at all
//   std::string for_terminal(std::string_view, std::size_t limit = 200, bool keep_newlines = false);
//   void install_interrupt_handlers(std::string_view shown_outputs);                // for the CLI
//   void remove_on_interrupt(const std::vector<std::filesystem::path>&);           // for the CLI: its scratch, too

#include <cstddef>
#include <filesystem>
#include <functional>
#include <cstdint>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "payplan/values/error.hpp"
#include "payplan/engine/result.hpp"
#include "payplan/io/load.hpp"

namespace payplan {

/// An output that could not be written (a full disk, a file size limit, a
/// folder held by another run); what() names the folder or file.
class output_error : public error {
 public:
  using error::error;
};

using output_writer = std::function<void(std::ostream&)>;

/// The result's own order facts (Result::orders) fill order_id, account,
/// date and amount_in: no Ledger needed.
/// `threads` format lines.csv's rows (0: one a core, at most 8); the bytes are the same
/// for any count.
void write_lines(std::ostream& out, const Result& result, unsigned threads = 1);
namespace detail {
/// write_lines with its window size (lines formatted together) chosen, for
/// tests of many windows on small results; the bytes never depend on it.
/// `closed_rows` (spec 6: an earlier run's rows of the closed periods) are written right after the header.
void write_lines(std::ostream& out, const Result& result, unsigned threads, std::size_t window_lines,
                 std::string_view closed_rows = {});
}  // namespace detail
void write_statements(std::ostream& out, const Result& result);
void write_exceptions(std::ostream& out, const Result& result);

/// Which of a run's files to write (spec 5 writes all three; the CLI's
/// --outputs chooses, docs/contract-notes.md).
struct run_outputs {
  bool lines = true;
  bool statements = true;
  bool exceptions = true;
  unsigned threads = 0;  ///< that format lines.csv (0: one a core, at most 8); the bytes never depend on it
};

/// spec 6 adjustments.csv: `period,payee,component,origin_period,paid,recomputed,delta`,
/// Result::adjustments in their order (a manual row's origin, paid and recomputed empty).
void write_adjustments(std::ostream& out, const Result& result);

/// manifest.json (spec 6). Input paths are absolute, output paths the
/// files' names in the output folder.
struct run_manifest {
  std::string version;
  std::vector<std::string> arguments;  ///< the command line after `payplan`
  std::optional<std::string> closed_through;
  std::vector<std::string> periods;    ///< the labels written, in order
  std::vector<file_digest> inputs;
  std::vector<file_digest> outputs;    ///< every other file of the folder
};

namespace detail {
/// Digests a file's bytes as they are written or read, in order: its size,
/// CSV records and sha256 (spec 6 manifest.json).
class file_digester {
 public:
  file_digester();
  ~file_digester();
  file_digester(const file_digester&) = delete;
  file_digester& operator=(const file_digester&) = delete;
  void add(const char* bytes, std::size_t n);
  /// The digest so far; rows are CSV records after the header (csv) or text lines.
  [[nodiscard]] file_digest finish(std::string path, std::string role, bool csv);

 private:
  struct state;
  std::unique_ptr<state> state_;
};
}  // namespace detail

/// Reads a file once: its size, rows and sha256. input_error naming it if it cannot be read.
[[nodiscard]] file_digest digest_file(const std::filesystem::path& path, std::string role, bool csv);
[[nodiscard]] std::string manifest_json(const run_manifest& m);
/// DIR/manifest.json; input_error naming it (line and column) if it is missing or not a manifest.
[[nodiscard]] run_manifest read_manifest(const std::filesystem::path& dir);
/// This build's version (the manifest's payplan_version).
[[nodiscard]] std::string payplan_version();

/// Writes lines.csv, statements.csv and exceptions.csv (those `which`
/// names), adjustments.csv and, given `record` (its arguments and
/// inputs), manifest.json with every other file's digest, as dir's whole
/// content, in one step (see write_atomically). With `paid` (spec 6), the
/// closed periods' rows of lines.csv and statements.csv are the earlier
/// run's, byte for byte, before the result's own.
void write_run(const std::filesystem::path& dir, const Result& result, const run_outputs& which = {},
               const PaidRun* paid = nullptr, const run_manifest* record = nullptr);

/// spec 5: "Outputs appear atomically". Makes `files` (name, writer) the whole
/// content of dir in one step: they are written and synced in a staging folder
/// beside dir, which is then exchanged with dir (renameat2 RENAME_EXCHANGE),
/// so a reader or a crash sees either the old set or the new one, never a mix.
/// `elsewhere` (path, writer) are files outside dir that belong to the same
/// set (compare's --report): written beside their target first, renamed into
/// place right after the exchange, and the exchange is undone if that fails.
/// A lock file beside dir (DIR.payplan-lock) keeps a second writer out; the
/// staging folders of dead runs are removed under it. dir must be new, empty,
/// or hold only payplan's outputs (a usage_error otherwise): payplan owns it.
/// Throws output_error when something cannot be written; dir is then as before.
/// `manifest`, if given, makes manifest.json the set's last file from the
/// digests of the others (spec 6), taken of the bytes as they were written:
/// what is published (each digest's path is the file's name in dir).
using manifest_writer = std::function<std::string(const std::vector<file_digest>& written)>;
void write_atomically(const std::filesystem::path& dir, const std::vector<std::pair<std::string, output_writer>>& files,
                      const std::vector<std::pair<std::filesystem::path, output_writer>>& elsewhere = {},
                      const manifest_writer& manifest = {});

/// Writes one file so that it appears whole or not at all (written beside it,
/// synced, renamed over it). Other files in its folder are left alone.
void write_file_atomically(const std::filesystem::path& path, const output_writer& write);

/// Input-derived text made safe to show on a terminal: control bytes, C1
/// controls, bidi overrides and invalid UTF-8 are shown escaped (ESC as
/// `\x1b`), and text longer than `limit` bytes is cut in the middle with a
/// note of how much is not shown (its start, which names the file and row,
/// and its end, which says what is wrong, stay).
[[nodiscard]] std::string for_terminal(std::string_view text, std::size_t limit = 200, bool keep_newlines = false);

/// For the command line: on SIGINT, SIGTERM or SIGHUP, removes the staging
/// files of a write_atomically under way, prints "payplan: interrupted
/// (SIGTERM); OUTPUTS left unchanged" (or "... already written in full" when
/// the set was published) and dies of the signal. SIGXFSZ is ignored, so a
/// file size limit fails the write (EFBIG) with an output_error naming the file.
void install_interrupt_handlers(std::string_view shown_outputs);

/// For the command line: the interrupt handler also removes these paths, in
/// order (a file, or else an empty folder), after its own clean-up: a
/// command's scratch folder (verify's re-run) is then not left behind.
void remove_on_interrupt(const std::vector<std::filesystem::path>& paths);

}  // namespace payplan
