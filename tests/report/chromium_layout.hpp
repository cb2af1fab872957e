// Headless Chromium for the report tests: whether it is there, that a page
// renders (its DOM, screenshots), and what a person sees of it at one window width (the boxes of some elements as
// Chromium laid them out, and whether the page scrolls sideways).
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace payplan::testing {

// Whether a program is on PATH.
inline bool on_path(const char* program) {
  return std::system(("command -v " + std::string(program) + " >/dev/null 2>&1").c_str()) == 0;
}

// Renders `page` in headless Chromium: the DOM (after any script ran) holds
// every one of `expected`, and a screenshot `width` x `height` is drawn for
// each of `widths`, at least `min_png_bytes` long (left beside the page,
// "<page>-<width>.png", to look at).
inline void check_renders(const std::filesystem::path& page, const std::vector<std::string>& expected,
                          const std::vector<int>& widths, int height, std::uintmax_t min_png_bytes) {
  // a profile of its own beside the page: runs of several tests at once share no browser state
  const std::string chromium = "chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir='" +
                               (page.parent_path() / "profile").string() + "' ";
  const std::filesystem::path dom = page.parent_path() / (page.stem().string() + ".dom.html");
  const std::string dump = chromium + "--dump-dom 'file://" + page.string() + "' > '" + dom.string() + "' 2>/dev/null";
  ASSERT_EQ(std::system(dump.c_str()), 0) << dump;
  std::ifstream in(dom);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  for (const std::string& e : expected) EXPECT_NE(text.find(e), std::string::npos) << e << " in " << dom;
  for (int width : widths) {
    const std::filesystem::path png = page.parent_path() / (page.stem().string() + "-" + std::to_string(width) + ".png");
    std::filesystem::remove(png);
    const std::string shot = chromium + "--screenshot='" + png.string() + "' --window-size=" + std::to_string(width) +
                             "," + std::to_string(height) + " 'file://" + page.string() + "' >/dev/null 2>&1";
    ASSERT_EQ(std::system(shot.c_str()), 0) << shot;
    ASSERT_TRUE(std::filesystem::exists(png)) << png;
    EXPECT_GT(std::filesystem::file_size(png), min_png_bytes) << png;
  }
}

// What a person sees at one window width: the boxes headless Chromium laid
// out for the elements some CSS selectors name, measured by a script added
// to a copy of the page (the page itself has none), which writes what it
// measured into the DOM that --dump-dom prints.
struct Box {
  double left = 0, right = 0, width = 0, height = 0;
  std::string text;
};
struct Layout {
  double viewport = 0, scroll_width = 0;
  std::map<std::string, std::vector<Box>> boxes;  ///< by selector, in document order
};

inline Layout layout_at(const std::filesystem::path& page, int width, const std::vector<std::string>& selectors) {
  std::ifstream in(page);
  std::string html((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::string list;
  for (const std::string& sel : selectors) list += (list.empty() ? "" : ",") + ("'" + sel + "'");
  const std::string script =
      "<script>(function(){const o=[];const d=document.documentElement;o.push('viewport|'+d.clientWidth);"
      "o.push('scroll|'+d.scrollWidth);for(const s of [" + list + "]){for(const e of document.querySelectorAll(s)){"
      "const r=e.getBoundingClientRect();o.push(['box',s,r.left,r.right,r.width,r.height,"
      "e.textContent.replace(/\\s+/g,' ').trim()].join('|'));}}const p=document.createElement('pre');"
      "p.id='measured';p.textContent=o.join('\\n');document.body.appendChild(p);})();</script>";
  html.insert(html.rfind("</body>"), script);
  const std::filesystem::path copy = page.parent_path() / (page.stem().string() + "-measure-" + std::to_string(width) + ".html");
  const std::filesystem::path dom = page.parent_path() / (page.stem().string() + "-measured-" + std::to_string(width) + ".html");
  std::ofstream(copy) << html;
  const std::string cmd = "chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=" +
                          std::to_string(width) + ",1200 --dump-dom 'file://" + copy.string() + "' > '" + dom.string() +
                          "' 2>/dev/null";
  Layout layout;
  if (std::system(cmd.c_str()) != 0) {
    ADD_FAILURE() << cmd;
    return layout;
  }
  std::ifstream din(dom);
  const std::string text((std::istreambuf_iterator<char>(din)), std::istreambuf_iterator<char>());
  const std::size_t at = text.find("<pre id=\"measured\">");
  if (at == std::string::npos) {
    ADD_FAILURE() << "no measurements in " << dom;
    return layout;
  }
  std::istringstream lines(text.substr(at + 19, text.find("</pre>", at) - at - 19));
  for (std::string line; std::getline(lines, line);) {
    // the DOM dump escapes &, < and >
    for (const auto& [code, c] : {std::pair<std::string, std::string>{"&lt;", "<"}, {"&gt;", ">"}, {"&amp;", "&"}})
      for (std::size_t k = line.find(code); k != std::string::npos; k = line.find(code, k + 1)) line.replace(k, code.size(), c);
    std::vector<std::string> f;
    std::size_t from = 0;
    for (int k = 0; k < 6; ++k) {  // the text, last, may hold '|'
      const std::size_t bar = line.find('|', from);
      if (bar == std::string::npos) break;
      f.push_back(line.substr(from, bar - from));
      from = bar + 1;
    }
    f.push_back(line.substr(from));
    if (f[0] == "viewport") layout.viewport = std::stod(f[1]);
    else if (f[0] == "scroll") layout.scroll_width = std::stod(f[1]);
    else if (f.size() == 7)
      layout.boxes[f[1]].push_back({std::stod(f[2]), std::stod(f[3]), std::stod(f[4]), std::stod(f[5]), f[6]});
  }
  return layout;
}

// A box a person can see without scrolling sideways: laid out, inside the window.
inline void expect_visible(const Layout& l, const Box& b, const std::string& what) {
  EXPECT_GT(b.width, 0) << what;
  EXPECT_GT(b.height, 0) << what;
  EXPECT_GE(b.left, 0) << what;
  EXPECT_LE(b.right, l.viewport + 0.5) << what;
}

// The texts of the boxes of `selector`, in document order.
inline std::vector<std::string> texts(const Layout& l, const std::string& selector) {
  std::vector<std::string> out;
  if (auto it = l.boxes.find(selector); it != l.boxes.end())
    for (const Box& b : it->second) out.push_back(b.text);
  return out;
}

}  // namespace payplan::testing
