//! The fit report as text, within 80 columns: what was read and skipped, each
//! estimate with how it was made, the goodness of fit with its meaning, and
//! the warnings. Cells quoted from the file are cut short; the terminal
//! printer shows their control characters visibly.

use std::fmt::Write;

use super::estimate::{HOURS_PER_MONTH, WEEKS_PER_MONTH};
use super::fragment::grouped;
use super::read::excerpt;
use super::{Fit, Kind, time};

/// Renders the report.
pub(crate) fn render(fit: &Fit) -> String {
    let mut out = String::new();
    let data = &fit.data;
    let kind = fit.options.kind;
    let noun = kind.noun_plural();
    let _ = writeln!(out, "opsim fit {noun}: {}", excerpt(&data.file_name));
    let _ = writeln!(out, "  layout     {}", data.columns.layout);
    let names: Vec<String> = data
        .columns
        .found
        .iter()
        .map(|(role, _, name)| format!("{}={}", role.key(kind), excerpt(name)))
        .collect();
    wrap(&mut out, "  columns    ", &names.join(", "));
    let _ = writeln!(
        out,
        "  rows       {} read, {} used, {} skipped",
        grouped(data.rows),
        grouped(data.used()),
        grouped(data.skipped_rows())
    );
    for s in &data.skipped {
        let _ = writeln!(
            out,
            "             {} {} (first on line {})",
            grouped(s.rows),
            s.reason.describe(),
            s.first_line
        );
    }
    let rate = &fit.rate;
    let _ = writeln!(
        out,
        "  range      {} to {}: {:.1} weeks, {} whole months",
        time::date(rate.first_seconds),
        time::date(rate.last_seconds),
        rate.span_weeks,
        rate.whole_months
    );
    let _ = writeln!(out, "  times      {}", data.zone.describe());
    let _ = writeln!(out);

    let title = match kind {
        Kind::Incidents => "Incidents per service per month",
        Kind::Deployments => "Deployments per service per month",
    };
    let _ = writeln!(out, "{title}");
    let months = rate.span_weeks / WEEKS_PER_MONTH;
    let _ = writeln!(
        out,
        "  estimate   {:.4} = ({} - 1) / {:.2} months / {} services",
        rate.per_service_per_month,
        grouped(rate.events),
        months,
        grouped(rate.services)
    );
    let _ = writeln!(
        out,
        "             (a month is 52/12 weeks, {HOURS_PER_MONTH} hours; services {})",
        if fit.services_from_file {
            "counted in the file"
        } else {
            "from --services"
        }
    );
    let _ = writeln!(
        out,
        "  dispersion {:.2}: month-to-month variance / mean over {} whole months;",
        rate.dispersion, rate.whole_months
    );
    let _ = writeln!(
        out,
        "             1 = as steady as a Poisson process (it is never taken below 1)"
    );
    if let (Some(lo), Some(hi)) = (
        rate.monthly_counts.iter().min(),
        rate.monthly_counts.iter().max(),
    ) {
        let _ = writeln!(
            out,
            "             ({} to {} {noun} in a whole month, all services)",
            grouped(*lo),
            grouped(*hi)
        );
    }
    let _ = writeln!(
        out,
        "  90% range  {:.4} to {:.4}: the estimate's uncertainty (lognormal,",
        rate.p5, rate.p95
    );
    let _ = writeln!(
        out,
        "             sigma {:.4}; sd/mean = sqrt(dispersion / (events - 1)) = {:.3})",
        rate.sigma_log,
        (rate.dispersion / (rate.events - 1) as f64).sqrt()
    );
    let _ = writeln!(
        out,
        "  confidence {} ({} {noun}, {:.1} weeks)",
        fit.rate_confidence,
        grouped(rate.events),
        rate.span_weeks
    );

    if let Some(restore) = &fit.restore {
        let f = &restore.lognormal;
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "Time to restore (hours): {} resolved incidents",
            grouped(f.n as u64)
        );
        if data.unresolved > 0 {
            let _ = writeln!(
                out,
                "  unresolved {} incidents with no resolved time: in the rate, not here",
                grouped(data.unresolved)
            );
        }
        let median = f.mu.exp();
        let mean = (f.mu + f.sigma * f.sigma / 2.0).exp();
        let _ = writeln!(
            out,
            "  lognormal  mu {:.4}, sigma {:.4} (of ln hours, maximum likelihood)",
            f.mu, f.sigma
        );
        let _ = writeln!(
            out,
            "             p5 {}, median {}, mean {}, p95 {} hours",
            hours(f.p5),
            hours(median),
            hours(mean),
            hours(f.p95)
        );
        let verdict = if f.is_poor() {
            "a poor fit"
        } else if f.ks > f.ks_critical {
            "detectably off, but by little"
        } else {
            "consistent with a lognormal"
        };
        let _ = writeln!(
            out,
            "  KS         {:.4}: the largest gap between the share of incidents",
            f.ks
        );
        let _ = writeln!(
            out,
            "             restored within any time and the share the fit predicts"
        );
        let _ = writeln!(
            out,
            "             (5% critical value {:.4}): {verdict}",
            f.ks_critical
        );
        if let Some(table) = &restore.empirical {
            let _ = writeln!(
                out,
                "  empirical  {} groups of equal count, each its mean (--empirical)",
                table.len()
            );
        }
        let _ = writeln!(
            out,
            "  confidence {} ({} resolved incidents)",
            restore.confidence,
            grouped(f.n as u64)
        );
        if !restore.by_tier.is_empty() {
            let _ = writeln!(out, "  by tier");
            for (name, n, tier_fit) in &restore.by_tier {
                let name: String = excerpt(name).chars().take(16).collect();
                match tier_fit {
                    Some(t) => {
                        let _ = writeln!(
                            out,
                            "    {name:16} {:>9}  p5 {:>8}  p95 {:>8}  KS {:.3}",
                            grouped(*n as u64),
                            hours(t.p5),
                            hours(t.p95),
                            t.ks
                        );
                    }
                    None => {
                        let _ = writeln!(
                            out,
                            "    {name:16} {:>9}  too few to fit",
                            grouped(*n as u64)
                        );
                    }
                }
            }
        }
    }
    if !fit.warnings.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(out, "Warnings");
        for w in &fit.warnings {
            wrap(&mut out, "  - ", w);
        }
    }
    out
}

/// Hours to three significant figures.
fn hours(h: f64) -> String {
    let v = super::estimate::four_figures(h);
    if v >= 100.0 {
        format!("{v:.0}")
    } else if v >= 10.0 {
        format!("{v:.1}")
    } else if v >= 1.0 {
        format!("{v:.2}")
    } else {
        format!("{v:.3}")
    }
}

/// Writes `text` after `lead`, wrapped at 80 columns with a hanging indent.
fn wrap(out: &mut String, lead: &str, text: &str) {
    let indent = " ".repeat(lead.chars().count());
    let mut line = lead.to_string();
    let mut empty = true;
    for word in text.split(' ') {
        if !empty && line.chars().count() + 1 + word.chars().count() > 80 {
            out.push_str(&line);
            out.push('\n');
            line = indent.clone();
            empty = true;
        }
        if !empty {
            line.push(' ');
        }
        line.push_str(word);
        empty = false;
    }
    out.push_str(&line);
    out.push('\n');
}
