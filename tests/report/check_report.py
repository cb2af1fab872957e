#!/usr/bin/env python3
"""Check `payplan compare` end to end on rules-examples/plan-change, and that
its HTML report really draws something in a browser.

    python3 tests/report/check_report.py --payplan build/payplan --source . --work /tmp/report-check

1. Runs `payplan compare` (plan-2025 vs plan-2026-proposal over 2026) with
   --out WORK/out --report WORK/report.html; it must exit 0 and write
   compare.csv, summary.csv and the report.
2. The CSVs agree exactly (decimal.Decimal, no floats): every compare.csv
   row has delta = amount_b - amount_a; summary.csv's `total,cost` row
   equals the sums of compare.csv's amount_a, amount_b and delta columns;
   its `period` rows add up to the total as well.
3. Headless Chromium reads the report (--dump-dom, after its script has
   run): the page must show what a finance director decides on, with the
   figures of summary.csv and compare.csv: the total cost under each plan
   with thousands separators, the cost by component (each component's sums
   of compare.csv), the plan diff's lines (the 5% -> 4% base rate, the new
   12% band, the new team-growth), the histogram's range labels around an
   "unchanged" bin, and a row for every payee with names and roles.
4. Headless Chromium takes screenshots of the report at a desktop's and a
   phone's width (WORK/report-1280.png, WORK/report-420.png, kept for a
   person to look at). Each PNG is decoded here with zlib (chunks, CRCs,
   IDAT inflated, scanline filters undone) and must not be blank: more
   than 1% of its pixels differ from the background colour, and the charts'
   colours are there (the two plans' bars, and the gain/loss bars of the
   per-payee chart: columns on a desktop, rows on a phone).

Standard library only. Chromium is Debian's `chromium` package (found on
PATH, or given with --chromium or $CHROMIUM). Exits 0 when every check
passes; otherwise prints what failed and exits 1.
"""

from __future__ import annotations

import argparse
import html as html_mod
import collections
import csv
import os
import shutil
import struct
import subprocess
import sys
import zlib
from decimal import Decimal
from pathlib import Path

EXAMPLE = Path("rules-examples") / "plan-change"
RANGE = ("2026-01-01", "2026-12-31")
WINDOWS = ((1280, 2400), (420, 3600))   # a desktop and a phone
# Colours the report draws with (src/report/report.cpp), and how many pixels of
# each the screenshot must hold at least. Bars are tens of pixels wide and
# hundreds high; 150 pixels is a small fraction of one.
CHART_COLOURS = {
    "plan A bars (#4e79a7)": [(0x4E, 0x79, 0xA7)],
    "plan B bars (#f28e2b)": [(0xF2, 0x8E, 0x2B)],
    "per-payee bars (#59a14f or #e15759)": [(0x59, 0xA1, 0x4F), (0xE1, 0x57, 0x59)],
}
MIN_COLOUR_PIXELS = 150
TOLERANCE = 8          # per channel, for colour management and antialiasing
MIN_NON_BACKGROUND = 0.01


class CheckFailed(Exception):
    pass


def check(cond: bool, message: str) -> None:
    if not cond:
        raise CheckFailed(message)


# --- 1. run compare ------------------------------------------------------------

def run_compare(payplan: Path, source: Path, work: Path) -> tuple[Path, Path]:
    ex = source / EXAMPLE
    for name in ("plan-2025.yaml", "plan-2026-proposal.yaml", "org.yaml", "orders.csv"):
        check((ex / name).is_file(), f"missing example input {ex / name}")
    out, report = work / "out", work / "report.html"
    shutil.rmtree(out, ignore_errors=True)
    for stale in (report, *(work / f"report-{w}.png" for w, _ in WINDOWS)):
        if stale.exists():
            stale.unlink()
    cmd = [str(payplan), "compare",
           "--plan", str(ex / "plan-2025.yaml"), "--plan", str(ex / "plan-2026-proposal.yaml"),
           "--org", str(ex / "org.yaml"), "--orders", str(ex / "orders.csv"),
           "--out", str(out), "--from", RANGE[0], "--to", RANGE[1], "--report", str(report)]
    print("$ " + " ".join(cmd))
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    except FileNotFoundError:
        raise CheckFailed(f"payplan not found at {payplan}")
    except subprocess.TimeoutExpired:
        raise CheckFailed("payplan compare did not finish in 300 s")
    check(p.returncode == 0, f"payplan compare exited {p.returncode}\nstdout:\n{p.stdout}\nstderr:\n{p.stderr}")
    check("total cost" in p.stdout, f"payplan compare printed no 'total cost' line:\n{p.stdout}")
    for name in ("compare.csv", "summary.csv"):
        check((out / name).is_file(), f"payplan compare wrote no {out / name}")
    check(report.is_file(), f"payplan compare wrote no report at {report}")
    print("ok: compare exited 0 and wrote compare.csv, summary.csv and report.html")
    return out, report


# --- 2. the CSVs agree -------------------------------------------------------------

def read_csv(path: Path, header: list[str]) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        check(reader.fieldnames == header, f"{path}: header is {reader.fieldnames}, expected {header}")
        return list(reader)


def money(value: str, where: str) -> Decimal:
    try:
        return Decimal(value)
    except Exception:
        raise CheckFailed(f"{where}: {value!r} is not a decimal amount")


def check_csvs(out: Path) -> None:
    rows = read_csv(out / "compare.csv", ["period", "payee", "component", "amount_a", "amount_b", "delta"])
    check(len(rows) > 0, "compare.csv has no rows")
    sum_a = sum_b = sum_d = Decimal(0)
    for n, r in enumerate(rows, start=2):
        a = money(r["amount_a"], f"compare.csv line {n} amount_a")
        b = money(r["amount_b"], f"compare.csv line {n} amount_b")
        dlt = money(r["delta"], f"compare.csv line {n} delta")
        check(dlt == b - a, f"compare.csv line {n}: delta {dlt} != amount_b - amount_a = {b - a}")
        sum_a, sum_b, sum_d = sum_a + a, sum_b + b, sum_d + dlt

    summary = read_csv(out / "summary.csv", ["scope", "key", "amount_a", "amount_b", "delta"])
    totals = [r for r in summary if r["scope"] == "total" and r["key"] == "cost"]
    check(len(totals) == 1, f"summary.csv has {len(totals)} 'total,cost' rows, expected 1")
    t = totals[0]
    t_a = money(t["amount_a"], "summary.csv total amount_a")
    t_b = money(t["amount_b"], "summary.csv total amount_b")
    t_d = money(t["delta"], "summary.csv total delta")
    check(t_d == sum_d, f"summary.csv total delta {t_d} != sum of compare.csv's delta column {sum_d}")
    check(t_a == sum_a, f"summary.csv total amount_a {t_a} != sum of compare.csv's amount_a {sum_a}")
    check(t_b == sum_b, f"summary.csv total amount_b {t_b} != sum of compare.csv's amount_b {sum_b}")
    periods = [r for r in summary if r["scope"] == "period"]
    check(len(periods) > 0, "summary.csv has no period rows")
    p_d = sum((money(r["delta"], f"summary.csv period {r['key']}") for r in periods), Decimal(0))
    check(p_d == t_d, f"summary.csv period deltas add up to {p_d}, the total delta is {t_d}")
    print(f"ok: {len(rows)} compare.csv rows; total delta {t_d} = sum of their deltas "
          f"(A {t_a}, B {t_b}); {len(periods)} period rows add up to it")


def check_html(report: Path) -> None:
    text = report.read_text(encoding="utf-8")
    check(text.lstrip().lower().startswith("<!doctype html"), f"{report} does not start with <!DOCTYPE html>")
    # each chart twice: for a desktop's width and a phone's (CSS shows one)
    check(text.count("<svg") == 4, f"{report} has {text.count('<svg')} <svg> charts, expected 4")
    check("width='760'" not in text and text.count("width='100%'") == 4,
          f"{report}: the charts must take the page's width (viewBox, width 100%)")
    check("<table" in text, f"{report} has no table")
    # the only link is the payee table as CSV, inline in a data: URI
    outside = text.replace("href='data:text/csv;", "")
    for ref in ("src=", "href=", "@import", "url("):
        check(ref not in outside, f"{report} refers to something outside the page ({ref!r}): it must be self-contained")
    print("ok: report.html is one self-contained page with 2 SVG charts (each for two widths) and tables")


def grouped(d: Decimal) -> str:
    """1234567.5 -> '1,234,567.50', with a minus sign (U+2212) for a negative, as the report shows amounts."""
    return ("\u2212" if d < 0 else "") + f"{abs(d):,.2f}"


def check_dom(chromium: str, report: Path, work: Path, out: Path) -> None:
    cmd = [chromium, "--headless", "--no-sandbox", "--disable-gpu", f"--user-data-dir={work / 'chromium-profile'}",
           "--dump-dom", report.resolve().as_uri()]
    print("$ " + " ".join(cmd))
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=180, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        raise CheckFailed("chromium did not dump the DOM within 180 s")
    check(p.returncode == 0 and "<body" in p.stdout, f"chromium --dump-dom exited {p.returncode}\n{p.stderr[-4000:]}")
    dom = html_mod.unescape(p.stdout)
    (work / "report.dom.html").write_text(dom, encoding="utf-8")
    rows = read_csv(out / "compare.csv", ["period", "payee", "component", "amount_a", "amount_b", "delta"])
    summary = read_csv(out / "summary.csv", ["scope", "key", "amount_a", "amount_b", "delta"])
    total = next(r for r in summary if r["scope"] == "total")
    t_a, t_b = Decimal(total["amount_a"]), Decimal(total["amount_b"])
    expected = [f"<td>total cost</td><td>{grouped(t_a)}</td><td>{grouped(t_b)}</td>"]
    # the component breakdown: each component's sums of compare.csv
    by: dict[str, list[Decimal]] = {}
    for r in rows:
        s = by.setdefault(r["component"], [Decimal(0), Decimal(0)])
        s[0] += Decimal(r["amount_a"])
        s[1] += Decimal(r["amount_b"])
    check(set(by) == {"commission", "override", "team-growth"}, f"compare.csv's components are {sorted(by)}")
    for component, (a, b) in by.items():
        expected.append(f"<td>{component}</td><td>{grouped(a)}</td><td>{grouped(b)}</td>")
    # the plan diff, in words; the breakdowns' heads; the histogram's labels
    arrow = "\u2192"
    expected += [f"from 0% to 100% of quota: 5% {arrow} 4%", f"above 125% of quota: 8% {arrow} 12%",
                 "<b>team-growth</b>: new, team_growth for role manager", "By role", "By manager's team",
                 ">unchanged<", "\u22122,000 to 0", "0 to 2,000",
                 "<td class=\"text\">Helen Brooks</td><td class=\"text\">manager</td>",
                 "<table class=\"numbers sortable js\">"]   # the script ran: the heads sort on a click
    for e in expected:
        check(e in dom, f"the report's DOM (work/report.dom.html) does not show {e!r}")
    payees = [r for r in summary if r["scope"] == "payee"]
    shown = dom[dom.index("Every payee"):].count("<tr><td>")
    check(shown == len(payees), f"the payee table has {shown} rows, summary.csv {len(payees)} payees")
    print(f"ok: the DOM shows the totals {grouped(t_a)} and {grouped(t_b)}, the {len(by)} components' sums, the plan "
          f"diff, the histogram's bins and all {shown} payees")


# --- 3. screenshot, and a PNG decoder --------------------------------------------

def find_chromium(given: str | None) -> str:
    if given:   # asked for by name: that one or nothing
        found = shutil.which(given) or (given if Path(given).is_file() else None)
        check(found is not None, f"--chromium {given}: no such program")
        return found
    candidates = [os.environ.get("CHROMIUM"), "chromium", "chromium-browser", "google-chrome"]
    for c in candidates:
        if c and (shutil.which(c) or Path(c).is_file()):
            return shutil.which(c) or c
    raise CheckFailed("headless Chromium not found (looked for --chromium, $CHROMIUM, chromium, chromium-browser, "
                      "google-chrome): install Debian's package with `apt-get install -y chromium`")


def screenshot(chromium: str, report: Path, work: Path, window: tuple[int, int]) -> Path:
    png = work / f"report-{window[0]}.png"
    cmd = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
           f"--user-data-dir={work / 'chromium-profile'}",
           f"--screenshot={png}", f"--window-size={window[0]},{window[1]}", report.resolve().as_uri()]
    print("$ " + " ".join(cmd))
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=180, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        raise CheckFailed("chromium did not take the screenshot within 180 s")
    check(p.returncode == 0 and png.is_file(),
          f"chromium exited {p.returncode} without writing {png}\nstdout:\n{p.stdout}\nstderr:\n{p.stderr[-4000:]}")
    print(f"ok: screenshot written to {png} ({png.stat().st_size} bytes)")
    return png


def paeth(a: int, b: int, c: int) -> int:
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    if pa <= pb and pa <= pc:
        return a
    return b if pb <= pc else c


def decode_png(path: Path) -> tuple[int, int, int, list[bytes]]:
    """Returns (width, height, channels, rows): each row is the unfiltered
    bytes of one scanline, `channels` bytes per pixel (8-bit greyscale, grey
    + alpha, RGB or RGBA, not interlaced: what Chromium writes)."""
    data = path.read_bytes()
    check(data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG (bad signature)")
    pos, ihdr, idat, seen_end = 8, None, [], False
    while pos < len(data):
        check(pos + 8 <= len(data), f"{path}: truncated chunk header at byte {pos}")
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        check(len(body) == length and pos + 12 + length <= len(data), f"{path}: truncated {kind!r} chunk")
        (crc,) = struct.unpack(">I", data[pos + 8 + length:pos + 12 + length])
        check(zlib.crc32(kind + body) & 0xFFFFFFFF == crc, f"{path}: bad CRC in {kind!r} chunk")
        if kind == b"IHDR":
            ihdr = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"IEND":
            seen_end = True
            break
        pos += 12 + length
    check(ihdr is not None and idat and seen_end, f"{path}: missing IHDR, IDAT or IEND")
    width, height, depth, colour, _, _, interlace = ihdr
    channels = {0: 1, 4: 2, 2: 3, 6: 4}.get(colour)
    check(depth == 8 and channels is not None and interlace == 0,
          f"{path}: unsupported PNG (bit depth {depth}, colour type {colour}, interlace {interlace})")
    try:
        raw = zlib.decompress(b"".join(idat))
    except zlib.error as e:
        raise CheckFailed(f"{path}: IDAT does not inflate: {e}")
    stride = width * channels
    check(len(raw) == height * (stride + 1), f"{path}: {len(raw)} bytes of scanlines, expected {height * (stride + 1)}")
    rows, prev = [], bytearray(stride)
    for y in range(height):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        bpp = channels
        if f == 1:
            for i in range(bpp, stride):
                line[i] = (line[i] + line[i - bpp]) & 0xFF
        elif f == 2:
            for i in range(stride):
                line[i] = (line[i] + prev[i]) & 0xFF
        elif f == 3:
            for i in range(stride):
                left = line[i - bpp] if i >= bpp else 0
                line[i] = (line[i] + ((left + prev[i]) >> 1)) & 0xFF
        elif f == 4:
            for i in range(stride):
                left = line[i - bpp] if i >= bpp else 0
                up_left = prev[i - bpp] if i >= bpp else 0
                line[i] = (line[i] + paeth(left, prev[i], up_left)) & 0xFF
        else:
            check(f == 0, f"{path}: scanline {y} has unknown filter type {f}")
        rows.append(bytes(line))
        prev = line
    return width, height, channels, rows


def check_screenshot(png: Path, window: tuple[int, int]) -> None:
    width, height, channels, rows = decode_png(png)
    check((width, height) == window, f"{png} is {width}x{height}, expected {window[0]}x{window[1]}")
    counts: collections.Counter = collections.Counter()
    for line in rows:
        if channels >= 3:
            counts.update(line[i:i + 3] for i in range(0, len(line), channels))
        else:
            counts.update(bytes([line[i]] * 3) for i in range(0, len(line), channels))
    total = width * height
    background, bg_count = counts.most_common(1)[0]
    other = total - bg_count
    share = other / total
    check(share > MIN_NON_BACKGROUND,
          f"{png} is (nearly) blank: only {other} of {total} pixels ({share:.2%}) differ from the background "
          f"#{background.hex()}")
    print(f"ok: {share:.1%} of the pixels differ from the background #{background.hex()}, "
          f"{len(counts)} distinct colours")

    def near(colour: bytes, target: tuple[int, int, int]) -> bool:
        return all(abs(c - t) <= TOLERANCE for c, t in zip(colour, target))

    for label, targets in CHART_COLOURS.items():
        n = sum(k for colour, k in counts.items() if any(near(colour, t) for t in targets))
        check(n >= MIN_COLOUR_PIXELS,
              f"{png}: only {n} pixels of the {label} colour, expected at least {MIN_COLOUR_PIXELS}: "
              f"that chart did not render")
        print(f"ok: {n} pixels of {label}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--payplan", required=True, help="the payplan binary")
    ap.add_argument("--source", required=True, help="the repository root (holds rules-examples/)")
    ap.add_argument("--work", required=True, help="a scratch folder (created; its out/ and report files replaced)")
    ap.add_argument("--chromium", help="the Chromium binary (default: chromium on PATH)")
    args = ap.parse_args()
    work = Path(args.work).resolve()
    work.mkdir(parents=True, exist_ok=True)
    try:
        chromium = find_chromium(args.chromium)
        out, report = run_compare(Path(args.payplan).resolve(), Path(args.source).resolve(), work)
        check_csvs(out)
        check_html(report)
        check_dom(chromium, report, work, out)
        for window in WINDOWS:
            check_screenshot(screenshot(chromium, report, work, window), window)
    except CheckFailed as e:
        print(f"FAILED: {e}", file=sys.stderr)
        return 1
    print(f"all checks passed; the screenshots are {', '.join(str(work / f'report-{w}.png') for w, _ in WINDOWS)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
