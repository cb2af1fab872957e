#pragma once
// A forest of rooted trees under links and cuts, each answering "which root
// is x under" in O(log n) amortized (Sleator-Tarjan link-cut trees, splay
// based). The org's cycle check keeps the reporting lines of one date in it
// and moves to the next date by cutting and linking only the lines that
// change then: a cycle appears exactly when a person is linked below
// someone already under them.
//
//   class detail::link_cut_forest;
//     link_cut_forest(std::size_t n);        // n single-node trees
//     std::uint32_t root(std::uint32_t x);   // the root of x's tree
//     void link(std::uint32_t child, std::uint32_t parent);  // child must be a root
//     void cut(std::uint32_t x);             // x and its subtree become their own tree

#include <cstdint>
#include <vector>

namespace payplan::detail {

class link_cut_forest {
 public:
  explicit link_cut_forest(std::size_t n) : node_(n) {}

  /// The root of x's tree.
  [[nodiscard]] std::uint32_t root(std::uint32_t x) {
    access(x);
    std::uint32_t r = x;
    while (node_[r].left != nil) r = node_[r].left;
    splay(r);  // keeps repeated look-ups amortized O(log n)
    return r;
  }

  /// Makes `parent` the parent of `child`, which must be a root of another tree.
  void link(std::uint32_t child, std::uint32_t parent) {
    access(child);  // child alone on its preferred path: nothing above, nothing preferred below
    node_[child].parent = parent;  // a path-parent pointer
  }

  /// Detaches x (with its subtree) from its parent, if it has one.
  void cut(std::uint32_t x) {
    access(x);
    if (const std::uint32_t above = node_[x].left; above != nil) {
      node_[above].parent = nil;
      node_[x].left = nil;
    }
  }

 private:
  static constexpr std::uint32_t nil = UINT32_MAX;
  // A splay tree per preferred path, keyed by depth; `parent` of a splay
  // root is the path-parent (the node above the path's top), or nil.
  struct node {
    std::uint32_t left = nil, right = nil, parent = nil;
  };

  [[nodiscard]] bool is_splay_root(std::uint32_t x) const noexcept {
    const std::uint32_t p = node_[x].parent;
    return p == nil || (node_[p].left != x && node_[p].right != x);
  }

  void rotate(std::uint32_t x) noexcept {
    const std::uint32_t y = node_[x].parent, z = node_[y].parent;
    if (!is_splay_root(y)) (node_[z].left == y ? node_[z].left : node_[z].right) = x;
    node_[x].parent = z;
    if (node_[y].left == x) {
      node_[y].left = node_[x].right;
      if (node_[x].right != nil) node_[node_[x].right].parent = y;
      node_[x].right = y;
    } else {
      node_[y].right = node_[x].left;
      if (node_[x].left != nil) node_[node_[x].left].parent = y;
      node_[x].left = y;
    }
    node_[y].parent = x;
  }

  void splay(std::uint32_t x) noexcept {
    while (!is_splay_root(x)) {
      const std::uint32_t y = node_[x].parent;
      if (!is_splay_root(y)) {
        const std::uint32_t z = node_[y].parent;
        rotate((node_[y].left == x) == (node_[z].left == y) ? y : x);  // zig-zig : zig-zag
      }
      rotate(x);
    }
  }

  // Makes the path from x's root to x preferred, x the root of its splay
  // tree with no right child (nothing below x on the path).
  void access(std::uint32_t x) noexcept {
    for (std::uint32_t below = nil, y = x; y != nil; below = y, y = node_[y].parent) {
      splay(y);
      node_[y].right = below;
    }
    splay(x);
  }

  std::vector<node> node_;
};

}  // namespace payplan::detail
