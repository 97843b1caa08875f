//! Hand-written SVG charts for the reports: dated line charts, horizontal bar charts,
//! per-issue distribution charts and tornado charts.
//!
//! Why no charting crate: the four charts are a few hundred lines of string formatting,
//! the output must be static SVG (no JavaScript, nothing fetched) with exact `width` and
//! `height` attributes that the browser test checks, and the bytes must be deterministic.
//! Every chart is an `<svg>` element with `class="chart"`, a `data-chart` kind, a
//! `<title>`, a visible title, axis labels, and every piece of user text escaped.
//!
//! Labels come from scenario files and may be long (the flagship has actor names of 60
//! characters and questions of 90): margins grow with the estimated width of the labels
//! ([`text_width`]) up to a cap, and text that still does not fit is shortened with an
//! ellipsis ([`fit`]); the full text stays in the marks' `<title>` tooltips.

use std::fmt::Write;

/// Width of every chart, in CSS pixels.
pub const WIDTH: u32 = 720;

/// Fixed colours, in series order; chosen to stay distinguishable in greyscale print.
pub const PALETTE: [&str; 8] =
    ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2"];

/// Dash patterns of line series, in series order, so that series which coincide (two
/// agreements never signed, both at 0%) stay visible and tell apart in greyscale.
pub const DASHES: [&str; 4] = ["", "7 3", "2 3", "10 3 2 3"];

/// The colour and dash pattern of series `k`: colours cycle every 8 and dashes every 4,
/// shifted once per cycle of colours so that the first 32 series are all distinct.
fn series_style(k: usize) -> (&'static str, &'static str) {
    (PALETTE[k % PALETTE.len()], DASHES[(k + k / PALETTE.len()) % DASHES.len()])
}

/// Estimated width in CSS pixels of `s` set in a sans-serif font at `size` pixels, from
/// Arial-like advance widths (real fonts differ by a few per cent; callers leave slack).
///
/// # Examples
/// ```
/// use armistice_report::svg::text_width;
/// assert!(text_width("Ukraine", 12.0) > 30.0 && text_width("Ukraine", 12.0) < 60.0);
/// assert_eq!(text_width("", 12.0), 0.0);
/// ```
pub fn text_width(s: &str, size: f64) -> f64 {
    s.chars().map(advance).sum::<f64>() * size
}

/// The advance width of one character, in ems.
fn advance(c: char) -> f64 {
    match c {
        'i' | 'j' | 'l' | '.' | ',' | ':' | ';' | '\'' | '!' | '|' => 0.25,
        'f' | 't' | 'r' | 'I' | ' ' | '(' | ')' | '[' | ']' | '-' | '/' => 0.34,
        'm' | 'w' => 0.84,
        'M' | 'W' => 0.9,
        'A'..='Z' => 0.7,
        '0'..='9' => 0.56,
        'a'..='z' => 0.54,
        c if c.is_ascii() => 0.6,
        c if u32::from(c) >= 0x2E80 => 1.0,
        _ => 0.62,
    }
}

/// `s` as it is when it fits in `max` pixels at `size` pixels, else shortened to fit with
/// a trailing ellipsis.
///
/// # Examples
/// ```
/// use armistice_report::svg::{fit, text_width};
/// assert_eq!(fit("Russia", 200.0, 12.0), "Russia");
/// let short = fit("US faction: fast end to US involvement (Vance, Hegseth circle)", 150.0, 12.0);
/// assert!(short.ends_with('…') && text_width(&short, 12.0) <= 150.0);
/// ```
pub fn fit(s: &str, max: f64, size: f64) -> String {
    if text_width(s, size) <= max {
        return s.to_string();
    }
    let room = max - text_width("…", size);
    let mut out = String::new();
    let mut used = 0.0;
    for c in s.chars() {
        used += advance(c) * size;
        if used > room {
            break;
        }
        out.push(c);
    }
    let mut out = out.trim_end().to_string();
    out.push('…');
    out
}

/// A left margin wide enough for the widest of `labels` at `size` pixels, between `min`
/// and `max`.
fn label_margin<'a>(labels: impl Iterator<Item = &'a str>, size: f64, min: f64, max: f64) -> f64 {
    let widest = labels.map(|l| text_width(l, size)).fold(0.0, f64::max);
    (widest + 14.0).clamp(min, max)
}

/// A dated series for [`line_chart`]: one `(date, value)` per point.
#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    pub name: String,
    pub points: Vec<(String, f64)>,
}

/// One bar of a [`bar_chart`].
#[derive(Clone, Debug, PartialEq)]
pub struct Bar {
    pub label: String,
    pub value: f64,
    /// Text shown after the bar, e.g. `"42%"`.
    pub text: String,
}

/// What a [`distribution_chart`] shows for one issue on the 0–100 scale.
#[derive(Clone, Debug, PartialEq)]
pub struct IssueView {
    pub name: String,
    /// What 0 and 100 mean.
    pub low: String,
    pub high: String,
    /// The simulated settlement: p10, p50, p90 and mean; `None` when no run settled it.
    pub settlement: Option<[f64; 4]>,
    /// Every static model's prediction (models with no deal are left out by the caller).
    pub models: Vec<(String, f64)>,
    pub status_quo: Option<f64>,
    /// Actors' positions.
    pub actors: Vec<(String, f64)>,
}

/// One input's swing for a [`tornado`] chart: the answer with the input at its p10 and p90.
#[derive(Clone, Debug, PartialEq)]
pub struct Swing {
    pub label: String,
    pub at_low: f64,
    pub at_high: f64,
}

/// A line chart of dated series on a 0–1 axis (probabilities), shown as percentages.
///
/// Points are spaced by their index: the forecast's series are per period, so equal
/// steps are equal times. The x axis is labelled with about six of the longest series'
/// dates. Each series has its own colour and dash pattern, so coinciding series stay
/// visible; the legend below the plot takes three columns, or fewer for long names.
///
/// # Examples
/// ```
/// use armistice_report::svg::{line_chart, Series};
/// let s = Series { name: "ceasefire".into(), points: vec![("2025-04-01".into(), 0.1), ("2025-04-08".into(), 0.2)] };
/// let svg = line_chart("P(ceasefire in force)", "probability", &[s]);
/// assert!(svg.starts_with("<svg"));
/// assert!(svg.contains("width=\"720\""));
/// ```
pub fn line_chart(title: &str, y_label: &str, series: &[Series]) -> String {
    let h = 300;
    let names: Vec<&str> = series.iter().map(|s| s.name.as_str()).collect();
    let (cols, col_w) = legend_columns(&names);
    let rows = series.len().div_ceil(cols) as f64;
    let (left, right, top, bottom) = (56.0, 16.0, 36.0, 64.0 + 18.0 * rows);
    let height = h + (18.0 * rows) as u32;
    let pw = WIDTH as f64 - left - right;
    let ph = height as f64 - top - bottom;
    let n = series.iter().map(|s| s.points.len()).max().unwrap_or(0);
    let x = |i: usize| left + if n > 1 { pw * i as f64 / (n - 1) as f64 } else { pw / 2.0 };
    let y = |v: f64| top + ph * (1.0 - v.clamp(0.0, 1.0));

    let mut out = open("line", title, height);
    // Horizontal grid and y ticks every 25%.
    for k in 0..=4 {
        let v = k as f64 / 4.0;
        let _ = write!(
            out,
            r##"<line x1="{:.1}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke="#ddd"/><text x="{:.1}" y="{:.1}" font-size="11" text-anchor="end">{}%</text>"##,
            left,
            y(v),
            left + pw,
            y(v),
            left - 6.0,
            y(v) + 4.0,
            k * 25
        );
    }
    // Date ticks from the longest series.
    if let Some(longest) = series.iter().max_by_key(|s| s.points.len()) {
        let step = n.div_ceil(6).max(1);
        for i in (0..n).step_by(step) {
            if let Some((date, _)) = longest.points.get(i) {
                let _ = write!(
                    out,
                    r##"<line x1="{0:.1}" y1="{1:.1}" x2="{0:.1}" y2="{2:.1}" stroke="#999"/><text x="{0:.1}" y="{3:.1}" font-size="11" text-anchor="middle">{4}</text>"##,
                    x(i),
                    top + ph,
                    top + ph + 4.0,
                    top + ph + 17.0,
                    escape(date)
                );
            }
        }
    }
    axes(&mut out, left, top, pw, ph);
    let _ = write!(
        out,
        r#"<text x="{:.1}" y="{:.1}" font-size="12" text-anchor="middle">date</text>"#,
        left + pw / 2.0,
        top + ph + 34.0
    );
    y_axis_label(&mut out, y_label, top + ph / 2.0);
    for (k, s) in series.iter().enumerate() {
        let pts: Vec<String> = s
            .points
            .iter()
            .enumerate()
            .map(|(i, &(_, v))| format!("{:.1},{:.1}", x(i), y(v)))
            .collect();
        let _ = write!(
            out,
            r#"<polyline class="series" fill="none"{} stroke-width="2" points="{}"><title>{}</title></polyline>"#,
            stroke(k),
            pts.join(" "),
            escape(&s.name)
        );
    }
    legend(&mut out, &names, (cols, col_w), top + ph + 48.0);
    out.push_str("</svg>");
    out
}

/// A horizontal bar chart; bars scale to `max` (or to the largest value when `None`).
pub fn bar_chart(title: &str, x_label: &str, bars: &[Bar], max: Option<f64>) -> String {
    let row = 24.0;
    let left = label_margin(bars.iter().map(|b| b.label.as_str()), 12.0, 200.0, 320.0);
    let (right, top) = (70.0, 36.0);
    let ph = row * bars.len().max(1) as f64;
    let height = (top + ph + 44.0) as u32;
    let pw = WIDTH as f64 - left - right;
    let top_value = max.unwrap_or_else(|| bars.iter().map(|b| b.value).fold(0.0, f64::max));
    let scale = if top_value > 0.0 { pw / top_value } else { 0.0 };

    let mut out = open("bar", title, height);
    for (i, b) in bars.iter().enumerate() {
        let y0 = top + row * i as f64;
        let w = (b.value.max(0.0) * scale).min(pw);
        let _ = write!(
            out,
            r##"<text x="{:.1}" y="{:.1}" font-size="12" text-anchor="end">{}</text><rect class="bar" x="{left:.1}" y="{:.1}" width="{w:.1}" height="{:.1}" fill="{}"><title>{}: {}</title></rect><text x="{:.1}" y="{:.1}" font-size="11">{}</text>"##,
            left - 6.0,
            y0 + row * 0.65,
            escape(&fit(&b.label, left - 12.0, 12.0)),
            y0 + 3.0,
            row - 6.0,
            PALETTE[0],
            escape(&b.label),
            escape(&b.text),
            left + w + 4.0,
            y0 + row * 0.65,
            escape(&b.text)
        );
    }
    axes(&mut out, left, top, pw, ph);
    let _ = write!(
        out,
        r#"<text x="{:.1}" y="{:.1}" font-size="12" text-anchor="middle">{}</text>"#,
        left + pw / 2.0,
        top + ph + 30.0,
        escape(x_label)
    );
    out.push_str("</svg>");
    out
}

/// One issue on its 0–100 scale: the p10–p90 band of the simulated settlement with its
/// median and mean, each model's prediction as a diamond, the status quo as a dashed line,
/// and each actor's position as a dot.
pub fn distribution_chart(view: &IssueView) -> String {
    let fixed = ["simulated settlement", "positions:"];
    let labels = view.models.iter().chain(&view.actors).map(|(name, _)| name.as_str());
    let left = label_margin(labels.chain(fixed), 12.0, 150.0, 300.0);
    let (right, top) = (24.0, 36.0);
    let rows = 2 + view.models.len() + view.actors.len();
    let row = 20.0;
    let ph = row * rows as f64;
    let height = (top + ph + 56.0) as u32;
    let pw = WIDTH as f64 - left - right;
    let x = |v: f64| left + pw * v.clamp(0.0, 100.0) / 100.0;

    let mut out = open("distribution", &view.name, height);
    for k in 0..=4 {
        let v = k as f64 * 25.0;
        let _ = write!(
            out,
            r##"<line x1="{0:.1}" y1="{1:.1}" x2="{0:.1}" y2="{2:.1}" stroke="#ddd"/><text x="{0:.1}" y="{3:.1}" font-size="11" text-anchor="middle">{4}</text>"##,
            x(v),
            top,
            top + ph,
            top + ph + 15.0,
            v
        );
    }
    if let Some(sq) = view.status_quo {
        let _ = write!(
            out,
            r##"<line class="status-quo" x1="{0:.1}" y1="{1:.1}" x2="{0:.1}" y2="{2:.1}" stroke="#555" stroke-dasharray="4 3"><title>status quo: {3:.1}</title></line>"##,
            x(sq),
            top,
            top + ph,
            sq
        );
    }
    let mut r = 0usize;
    let label = |out: &mut String, r: usize, text: &str| {
        let _ = write!(
            out,
            r#"<text x="{:.1}" y="{:.1}" font-size="12" text-anchor="end">{}</text>"#,
            left - 6.0,
            top + row * r as f64 + row * 0.7,
            escape(&fit(text, left - 12.0, 12.0))
        );
    };
    label(&mut out, r, "simulated settlement");
    let cy = |r: usize| top + row * r as f64 + row / 2.0;
    match view.settlement {
        Some([p10, p50, p90, mean]) => {
            let (c, bx, bw) = (cy(r), x(p10), (x(p90) - x(p10)).max(1.0));
            let (mx, ax) = (x(p50), x(mean));
            let _ = write!(
                out,
                r##"<rect class="band" x="{bx:.1}" y="{:.1}" width="{bw:.1}" height="14" fill="#9ecae1"><title>p10 {p10:.1} – p90 {p90:.1}</title></rect>"##,
                c - 7.0
            );
            let _ = write!(
                out,
                r##"<line class="median" x1="{mx:.1}" y1="{:.1}" x2="{mx:.1}" y2="{:.1}" stroke="#08519c" stroke-width="3"><title>median {p50:.1}</title></line>"##,
                c - 9.0,
                c + 9.0
            );
            let _ = write!(
                out,
                r##"<circle class="mean" cx="{ax:.1}" cy="{c:.1}" r="4" fill="#fff" stroke="#08519c" stroke-width="2"><title>mean {mean:.1}</title></circle>"##
            );
        }
        None => {
            let _ = write!(
                out,
                r#"<text x="{:.1}" y="{:.1}" font-size="11" font-style="italic">no run settled this issue</text>"#,
                left + 6.0,
                cy(r) + 4.0
            );
        }
    }
    r += 1;
    for (i, (name, v)) in view.models.iter().enumerate() {
        label(&mut out, r, name);
        let (cx, c) = (x(*v), cy(r));
        let _ = write!(
            out,
            r#"<path class="model" d="M{:.1},{:.1} L{:.1},{:.1} L{:.1},{:.1} L{:.1},{:.1} Z" fill="{}"><title>{}: {:.1}</title></path>"#,
            cx,
            c - 6.0,
            cx + 6.0,
            c,
            cx,
            c + 6.0,
            cx - 6.0,
            c,
            PALETTE[(i + 1) % PALETTE.len()],
            escape(name),
            v
        );
        r += 1;
    }
    if !view.actors.is_empty() {
        label(&mut out, r, "positions:");
        r += 1;
        for (name, v) in &view.actors {
            label(&mut out, r, name);
            let _ = write!(
                out,
                r##"<circle class="actor" cx="{:.1}" cy="{:.1}" r="4" fill="#444"><title>{}: {:.1}</title></circle>"##,
                x(*v),
                cy(r),
                escape(name),
                v
            );
            r += 1;
        }
    }
    axes(&mut out, left, top, pw, ph);
    let _ = write!(
        out,
        r#"<text x="{:.1}" y="{:.1}" font-size="11" text-anchor="start">{}</text><text x="{:.1}" y="{:.1}" font-size="11" text-anchor="end">{}</text>"#,
        left,
        top + ph + 32.0,
        escape(&fit(&format!("0: {}", view.low), pw, 11.0)),
        left + pw,
        top + ph + 46.0,
        escape(&fit(&format!("100: {}", view.high), pw, 11.0))
    );
    out.push_str("</svg>");
    out
}

/// A tornado chart: for each input, a bar from the answer at the input's p10 to the
/// answer at its p90, around the baseline answer; inputs are drawn in the given order
/// (the caller sorts them by swing, largest first). The baseline is labelled above the
/// plot, clear of the range's end values below it.
pub fn tornado(title: &str, x_label: &str, baseline: f64, swings: &[Swing]) -> String {
    let row = 22.0;
    let left = label_margin(swings.iter().map(|s| s.label.as_str()), 12.0, 240.0, 320.0);
    let (right, top) = (24.0, 50.0);
    let ph = row * swings.len().max(1) as f64;
    let height = (top + ph + 48.0) as u32;
    let pw = WIDTH as f64 - left - right;
    let lo = swings.iter().flat_map(|s| [s.at_low, s.at_high]).fold(baseline, f64::min);
    let hi = swings.iter().flat_map(|s| [s.at_low, s.at_high]).fold(baseline, f64::max);
    let span = if hi > lo { hi - lo } else { 1.0 };
    let (lo, span) = (lo - span * 0.05, span * 1.1);
    let x = |v: f64| left + pw * (v - lo) / span;

    let mut out = open("tornado", title, height);
    for (i, s) in swings.iter().enumerate() {
        let y0 = top + row * i as f64;
        let _ = write!(
            out,
            r#"<text x="{:.1}" y="{:.1}" font-size="12" text-anchor="end">{}</text>"#,
            left - 6.0,
            y0 + row * 0.65,
            escape(&fit(&s.label, left - 12.0, 12.0))
        );
        // Low end of the input in blue, high end in red, each from the baseline.
        for (v, colour, end) in [(s.at_low, PALETTE[0], "p10"), (s.at_high, PALETTE[1], "p90")] {
            let (a, b) = (x(baseline.min(v)), x(baseline.max(v)));
            let _ = write!(
                out,
                r#"<rect class="swing" x="{a:.1}" y="{:.1}" width="{:.1}" height="{:.1}" fill="{colour}"><title>{} at {end}: {v:.4}</title></rect>"#,
                y0 + 3.0,
                (b - a).max(1.0),
                row - 6.0,
                escape(&s.label)
            );
        }
    }
    let label = format!("baseline {baseline:.3}");
    let half = text_width(&label, 11.0) / 2.0;
    let _ = write!(
        out,
        r##"<line class="baseline" x1="{0:.1}" y1="{1:.1}" x2="{0:.1}" y2="{2:.1}" stroke="#000"/><text x="{3:.1}" y="{4:.1}" font-size="11" text-anchor="middle">{label}</text>"##,
        x(baseline),
        top - 2.0,
        top + ph,
        x(baseline).clamp(left + half, (left + pw - half).max(left + half)),
        top - 6.0,
    );
    axes(&mut out, left, top, pw, ph);
    let _ = write!(
        out,
        r#"<text x="{:.1}" y="{:.1}" font-size="12" text-anchor="middle">{}</text><text x="{:.1}" y="{:.1}" font-size="11" text-anchor="start">{:.3}</text><text x="{:.1}" y="{:.1}" font-size="11" text-anchor="end">{:.3}</text>"#,
        left + pw / 2.0,
        top + ph + 34.0,
        escape(x_label),
        left,
        top + ph + 15.0,
        lo,
        left + pw,
        top + ph + 15.0,
        lo + span
    );
    out.push_str("</svg>");
    out
}

/// Escapes text for SVG and HTML content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The chart's root element, its `<title>` (in full), background and visible title
/// (shortened to the chart's width).
fn open(kind: &str, title: &str, height: u32) -> String {
    let t = escape(title);
    // Bold text is about a tenth wider than regular.
    let shown = escape(&fit(title, f64::from(WIDTH) - 16.0, 14.0 * 1.1));
    format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" class="chart" data-chart="{kind}" width="{WIDTH}" height="{height}" viewBox="0 0 {WIDTH} {height}" role="img" font-family="sans-serif"><title>{t}</title><rect width="{WIDTH}" height="{height}" fill="#fff"/><text x="8" y="20" font-size="14" font-weight="bold">{shown}</text>"##
    )
}

fn axes(out: &mut String, left: f64, top: f64, pw: f64, ph: f64) {
    let _ = write!(
        out,
        r##"<path class="axes" d="M{left:.1},{top:.1} L{left:.1},{:.1} L{:.1},{:.1}" fill="none" stroke="#333"/>"##,
        top + ph,
        left + pw,
        top + ph
    );
}

fn y_axis_label(out: &mut String, label: &str, mid: f64) {
    let _ = write!(
        out,
        r#"<text x="14" y="{mid:.1}" font-size="12" text-anchor="middle" transform="rotate(-90 14 {mid:.1})">{}</text>"#,
        escape(label)
    );
}

/// The `stroke` attributes of series `k`: its colour and, after the first, its dashes.
fn stroke(k: usize) -> String {
    let (colour, dash) = series_style(k);
    if dash.is_empty() {
        format!(r#" stroke="{colour}""#)
    } else {
        format!(r#" stroke="{colour}" stroke-dasharray="{dash}""#)
    }
}

/// Legend width of one entry besides its name: the swatch and the gaps.
const SWATCH: f64 = 34.0;

/// The legend's columns and column width for `names`: three columns of 220 pixels when
/// every name fits in one, else two, else one.
fn legend_columns(names: &[&str]) -> (usize, f64) {
    let widest = names.iter().map(|n| text_width(n, 11.0)).fold(0.0, f64::max) + SWATCH;
    if widest <= 220.0 {
        (3, 220.0)
    } else if widest <= 324.0 {
        (2, 324.0)
    } else {
        (1, 648.0)
    }
}

/// The legend of a line chart: a swatch in each series' colour and dashes, and its name,
/// shortened to its column.
fn legend(out: &mut String, names: &[&str], (cols, col_w): (usize, f64), y0: f64) {
    for (k, name) in names.iter().enumerate() {
        let (col, row) = (k % cols, k / cols);
        let x = 56.0 + col as f64 * col_w;
        let y = y0 + row as f64 * 18.0;
        let _ = write!(
            out,
            r#"<line class="swatch" x1="{x:.1}" y1="{0:.1}" x2="{1:.1}" y2="{0:.1}"{2} stroke-width="2"/><text x="{3:.1}" y="{y:.1}" font-size="11">{4}</text>"#,
            y - 4.0,
            x + 24.0,
            stroke(k),
            x + 28.0,
            escape(&fit(name, col_w - SWATCH, 11.0))
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn count(hay: &str, needle: &str) -> usize {
        hay.matches(needle).count()
    }

    /// Checks what every chart shares: one root with exact size, a title, balanced tags.
    fn well_formed(svg: &str, kind: &str) -> u32 {
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""), "{svg}");
        assert!(svg.ends_with("</svg>"));
        assert_eq!(count(svg, "<svg"), 1);
        assert!(svg.contains(&format!("data-chart=\"{kind}\"")));
        assert!(svg.contains(&format!("width=\"{WIDTH}\"")));
        assert_eq!(count(svg, "<title>"), count(svg, "</title>"));
        assert_eq!(count(svg, "<text"), count(svg, "</text>"));
        assert!(!svg.contains("NaN") && !svg.contains("inf"), "{svg}");
        let h = svg.split("height=\"").nth(1).and_then(|s| s.split('"').next()).unwrap_or("0");
        let h: u32 = h.parse().unwrap_or(0);
        assert!(svg.contains(&format!("viewBox=\"0 0 {WIDTH} {h}\"")));
        h
    }

    #[test]
    fn line_chart_draws_one_polyline_per_series_with_all_points() {
        let pts = |v: &[f64]| -> Vec<(String, f64)> {
            v.iter().enumerate().map(|(i, &p)| (format!("2025-04-{:02}", i + 1), p)).collect()
        };
        let s = [
            Series { name: "a <b>".into(), points: pts(&[0.0, 0.5, 1.0]) },
            Series { name: "c".into(), points: pts(&[0.2, 0.2, 0.2]) },
        ];
        let svg = line_chart("P & Q", "probability", &s);
        assert_eq!(well_formed(&svg, "line"), 318);
        assert_eq!(count(&svg, "class=\"series\""), 2);
        assert!(svg.contains("<title>a &lt;b&gt;</title>"));
        assert!(svg.contains("<title>P &amp; Q</title>"));
        assert!(svg.contains(">probability</text>") && svg.contains(">date</text>"));
        // Plot 648 wide from x = 56 and 200 high from y = 36: 0 at y 236, 1 at y 36.
        assert!(svg.contains("points=\"56.0,236.0 380.0,136.0 704.0,36.0\""), "{svg}");
    }

    #[test]
    fn bar_chart_scales_bars_to_the_maximum() {
        let bars = [
            Bar { label: "x".into(), value: 0.5, text: "50%".into() },
            Bar { label: "y".into(), value: 1.0, text: "100%".into() },
        ];
        let svg = bar_chart("outcomes", "share of runs", &bars, Some(1.0));
        assert_eq!(well_formed(&svg, "bar"), 36 + 48 + 44);
        assert_eq!(count(&svg, "class=\"bar\""), 2);
        assert!(svg.contains("width=\"225.0\""), "{svg}");
        assert!(svg.contains("width=\"450.0\""), "{svg}");
    }

    #[test]
    fn distribution_chart_has_band_models_status_quo_and_actors() {
        let view = IssueView {
            name: "territory".into(),
            low: "all to b".into(),
            high: "all to a".into(),
            settlement: Some([20.0, 40.0, 70.0, 42.0]),
            models: vec![("mean".into(), 45.0), ("smp".into(), 50.0)],
            status_quo: Some(30.0),
            actors: vec![("a".into(), 90.0), ("b".into(), 10.0)],
        };
        let svg = distribution_chart(&view);
        well_formed(&svg, "distribution");
        assert_eq!(count(&svg, "class=\"band\""), 1);
        assert_eq!(count(&svg, "class=\"median\""), 1);
        assert_eq!(count(&svg, "class=\"model\""), 2);
        assert_eq!(count(&svg, "class=\"actor\""), 2);
        assert_eq!(count(&svg, "class=\"status-quo\""), 1);
        // p10 at 20 on a 546-wide plot starting at 150.
        assert!(svg.contains("x=\"259.2\""), "{svg}");
        let none = distribution_chart(&IssueView { settlement: None, ..view });
        assert!(none.contains("no run settled this issue"));
    }

    #[test]
    fn tornado_bars_run_from_the_baseline() {
        let swings = [
            Swing { label: "cost.ru".into(), at_low: 0.2, at_high: 0.6 },
            Swing { label: "aid".into(), at_low: 0.35, at_high: 0.45 },
        ];
        let svg = tornado("P(ceasefire)", "probability", 0.4, &swings);
        well_formed(&svg, "tornado");
        assert_eq!(count(&svg, "class=\"swing\""), 4);
        assert!(svg.contains("baseline 0.400"));
        // Range 0.2–0.6 padded by 5%: baseline at the middle of the 456-wide plot.
        assert!(svg.contains("x1=\"468.0\""), "{svg}");
        well_formed(&tornado("empty", "p", 0.5, &[]), "tornado");
    }

    /// The text of every `<text>` element whose `text-anchor` is `end` and whose x is `x`.
    fn texts_ending_at(svg: &str, x: f64) -> Vec<String> {
        let key = format!("<text x=\"{x:.1}\"");
        svg.split(&key)
            .skip(1)
            .filter(|rest| {
                rest.split('>').next().is_some_and(|a| a.contains("text-anchor=\"end\""))
            })
            .filter_map(|rest| rest.split('>').nth(1).and_then(|t| t.split('<').next()))
            .map(str::to_string)
            .collect()
    }

    const LONG: &str = "US faction: fast end to US involvement (Vance, Hegseth circle)";

    #[test]
    fn fit_shortens_only_what_does_not_fit() {
        assert_eq!(fit("Russia", 100.0, 12.0), "Russia");
        for max in [40.0, 150.0, 300.0] {
            let short = fit(LONG, max, 12.0);
            assert!(short.ends_with('…') && short.chars().count() < LONG.chars().count());
            assert!(text_width(&short, 12.0) <= max, "{short} is wider than {max}");
            assert!(LONG.starts_with(short.trim_end_matches('…')));
        }
        // Narrow and wide letters differ, and wide scripts count double.
        assert!(text_width("iiii", 12.0) < text_width("MMMM", 12.0));
        assert!(text_width("和平", 12.0) > text_width("ab", 12.0));
        assert_eq!(fit("anything", 0.0, 12.0), "…");
    }

    #[test]
    fn long_bar_labels_widen_the_margin_then_are_shortened() {
        let bars = [
            Bar { label: LONG.into(), value: 58.3, text: "58.3".into() },
            Bar { label: "Russia".into(), value: 80.0, text: "80.0".into() },
        ];
        let svg = bar_chart("Actors", "capability", &bars, None);
        well_formed(&svg, "bar");
        // The margin is at its cap of 320: labels end at 314, bars start at 320.
        let labels = texts_ending_at(&svg, 314.0);
        assert_eq!(labels.len(), 2, "{svg}");
        assert!(labels[0].ends_with('…') && text_width(&labels[0], 12.0) <= 308.0);
        assert_eq!(labels[1], "Russia");
        assert!(svg.contains("<rect class=\"bar\" x=\"320.0\""));
        // The full name stays in the tooltip.
        assert!(svg.contains(&format!("<title>{}: 58.3</title>", escape(LONG))));
        // Short labels keep the narrowest margin.
        let short = bar_chart("x", "y", &bars[1..], None);
        assert!(short.contains("<rect class=\"bar\" x=\"200.0\""));
    }

    #[test]
    fn long_actor_names_fit_in_the_distribution_chart() {
        let view = IssueView {
            name: "territory".into(),
            low: "l".repeat(200),
            high: "h".into(),
            settlement: None,
            models: vec![("mean".into(), 45.0)],
            status_quo: None,
            actors: vec![(LONG.into(), 90.0), ("Ukraine".into(), 10.0)],
        };
        let svg = distribution_chart(&view);
        well_formed(&svg, "distribution");
        let labels = texts_ending_at(&svg, 294.0);
        assert_eq!(labels.len(), 5, "{svg}");
        assert!(labels.iter().all(|l| text_width(l, 12.0) <= 288.0));
        assert!(labels[3].ends_with('…'));
        // The scale's end label is cut to the plot's width.
        assert!(svg.contains("0: llll") && svg.contains("l…</text>"));
    }

    #[test]
    fn coinciding_series_are_told_apart_by_dashes() {
        let flat = |name: &str| Series {
            name: name.into(),
            points: vec![("2025-04-01".into(), 0.0), ("2025-04-08".into(), 0.0)],
        };
        let s: Vec<Series> = (0..9).map(|k| flat(&format!("kind {k}"))).collect();
        let svg = line_chart("P(signed)", "probability", &s);
        well_formed(&svg, "line");
        let styles: Vec<(&str, &str)> = (0..9).map(series_style).collect();
        for (a, x) in styles.iter().enumerate() {
            for y in &styles[a + 1..] {
                assert_ne!(x, y);
            }
        }
        // The second series (and its legend swatch) is dashed, the first is not.
        assert_eq!(count(&svg, "stroke=\"#d62728\" stroke-dasharray=\"7 3\""), 2);
        assert_eq!(count(&svg, "stroke=\"#1f77b4\" stroke-width"), 2);
        assert_eq!(count(&svg, "class=\"swatch\""), 9);
    }

    #[test]
    fn long_legend_names_take_fewer_columns() {
        assert_eq!(legend_columns(&["a", "b"]), (3, 220.0));
        assert_eq!(
            legend_columns(&["a", "Comprehensive settlement of every issue on the table"]).0,
            2
        );
        assert_eq!(legend_columns(&[LONG, &LONG.repeat(2)]).0, 1);
        let s: Vec<Series> = (0..4)
            .map(|k| Series {
                name: format!("Comprehensive settlement of all issues {k}"),
                points: vec![("d".into(), 0.5)],
            })
            .collect();
        // Four names in two columns: two legend rows, 36 pixels below the 300 of the plot.
        assert_eq!(well_formed(&line_chart("t", "p", &s), "line"), 336);
    }

    #[test]
    fn tornado_baseline_label_clears_the_range_labels() {
        let swings = [Swing { label: LONG.into(), at_low: 0.005, at_high: 0.011 }];
        let svg = tornado("Will Russia and Ukraine sign a general ceasefire?", "p", 0.005, &swings);
        well_formed(&svg, "tornado");
        // Above the plot (which starts at y 50), and inside the plot's width.
        let tail = svg.split("baseline 0.005").next().and_then(|s| s.rsplit("<text x=\"").next());
        let x: f64 =
            tail.and_then(|t| t.split('"').next()).and_then(|t| t.parse().ok()).unwrap_or(0.0);
        assert!(tail.is_some_and(|t| t.contains("y=\"44.0\"")), "{svg}");
        assert!(x - text_width("baseline 0.005", 11.0) / 2.0 >= 320.0 - 0.1, "{x}");
        // The long input name is shortened at the margin's cap.
        assert!(texts_ending_at(&svg, 314.0).iter().all(|l| l.ends_with('…')));
    }

    #[test]
    fn long_titles_are_shortened_on_the_chart_and_kept_in_full_in_the_tooltip() {
        let title = "Will a general ceasefire or a comprehensive settlement be in force on 31 December 2026, with every guarantor on board?";
        let svg = bar_chart(title, "x", &[], None);
        assert!(svg.contains(&format!("<title>{title}</title>")));
        assert!(svg.contains("font-weight=\"bold\">Will a general") && svg.contains("…</text>"));
    }

    #[test]
    fn escape_covers_markup_characters() {
        assert_eq!(
            escape(r#"<a href="x">'&'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
    }
}
