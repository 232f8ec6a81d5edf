//! `sitrep watch`: glue over `sitrep-watch` (feeds, fetcher, watcher) and the store.

use anyhow::{bail, Context, Result};
use clap::Args;
use sitrep_watch::{Event, FetchConfig, PassSummary, WatchConfig, Watcher};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::Duration;

#[derive(Args)]
pub struct WatchArgs {
    /// Feed URLs (RSS 2.0, Atom or JSON Feed).
    feeds: Vec<String>,
    /// A file of feed URLs, one a line (blank lines and `#` comments ignored).
    #[arg(long = "feeds", value_name = "FILE")]
    feeds_file: Option<PathBuf>,
    /// One pass over every feed, then exit (for cron).
    #[arg(long)]
    once: bool,
    /// Least time between two polls of a feed (a feed's ttl or Cache-Control max-age can
    /// make it longer): 90s, 15m, 1h.
    #[arg(long, default_value = "15m", value_parser = parse_duration)]
    interval: Duration,
    /// Least time between two requests to one host (robots.txt's Crawl-delay can make it
    /// longer).
    #[arg(long, default_value = "1s", value_parser = parse_duration)]
    host_delay: Duration,
    /// Time allowed for one request, body included.
    #[arg(long, default_value = "30s", value_parser = parse_duration)]
    timeout: Duration,
    /// Largest page or feed accepted, in bytes (after decompression).
    #[arg(long, default_value_t = sitrep_ingest::DEFAULT_MAX_BYTES)]
    max_bytes: u64,
    /// Redirects followed before a fetch fails.
    #[arg(long, default_value_t = 5)]
    max_redirects: usize,
    /// Rules only: no learned model (see `sitrep extract --no-learned`).
    #[arg(long)]
    no_learned: bool,
    #[command(flatten)]
    db: crate::store_cmds::DbArg,
}

/// `90s`, `15m`, `1h`, `500ms`, or a number of seconds.
pub fn parse_duration(s: &str) -> Result<Duration, String> {
    let s = s.trim();
    let split = s
        .find(|c: char| !c.is_ascii_digit() && c != '.')
        .unwrap_or(s.len());
    let (num, unit) = s.split_at(split);
    let n: f64 = num
        .parse()
        .map_err(|_| format!("bad duration {s:?} (e.g. 90s, 15m, 1h)"))?;
    let secs = match unit.trim() {
        "" | "s" => n,
        "ms" => n / 1000.0,
        "m" | "min" => n * 60.0,
        "h" => n * 3600.0,
        u => return Err(format!("unknown unit {u:?} in {s:?} (ms, s, m, h)")),
    };
    if !secs.is_finite() || !(0.0..=30.0 * 86400.0).contains(&secs) {
        return Err(format!("duration {s:?} out of range"));
    }
    Ok(Duration::from_secs_f64(secs))
}

/// Feed URLs of a feed list file: one a line, blank lines and `#` comments skipped.
pub fn read_feed_list(text: &str) -> Vec<String> {
    text.lines()
        .map(|l| l.split_once('#').map_or(l, |(a, _)| a).trim())
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

pub fn run(args: &WatchArgs) -> Result<ExitCode> {
    let mut feeds = args.feeds.clone();
    if let Some(path) = &args.feeds_file {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("reading the feed list {}", path.display()))?;
        feeds.extend(read_feed_list(&text));
    }
    let mut once_each = std::collections::HashSet::new();
    feeds.retain(|f| once_each.insert(f.clone()));
    if feeds.is_empty() {
        bail!("no feed to watch: give feed URLs or --feeds FILE");
    }
    let stop = Arc::new(AtomicBool::new(false));
    for sig in [signal_hook::consts::SIGINT, signal_hook::consts::SIGTERM] {
        // a second signal ends the process at once
        signal_hook::flag::register_conditional_shutdown(sig, 1, Arc::clone(&stop))
            .context("installing the signal handler")?;
        signal_hook::flag::register(sig, Arc::clone(&stop))
            .context("installing the signal handler")?;
    }
    let mut store = args.db.open()?;
    let ex = crate::extract::extractor(args.no_learned, None)?;
    let version = ex.version().to_string();
    let extract = |doc: &sitrep_core::Document| sitrep_pipeline::extract_supported(&ex, doc);
    let config = WatchConfig {
        fetch: FetchConfig {
            timeout: args.timeout,
            max_bytes: args.max_bytes,
            max_redirects: args.max_redirects,
            host_delay: args.host_delay,
            ..FetchConfig::default()
        },
        interval: args.interval,
        ..WatchConfig::default()
    };
    let mut watcher = Watcher::new(&mut store, &extract, &version, config, Arc::clone(&stop))?;
    let bar = std::io::stderr().is_terminal().then(|| {
        let b = indicatif::ProgressBar::new_spinner();
        if let Ok(style) = indicatif::ProgressStyle::with_template("{spinner} {pos} items {msg}") {
            b.set_style(style);
        }
        b.enable_steady_tick(Duration::from_millis(200));
        b
    });
    let say = |line: String| match &bar {
        Some(b) => b.println(line),
        None => eprintln!("{line}"),
    };
    let mut pass_no = 0u64;
    watcher.run(
        &feeds,
        args.once,
        &mut |e: &Event| {
            if let (Some(b), Event::Item { .. }) = (&bar, e) {
                b.inc(1);
            }
            say(format!("sitrep: {e}"));
        },
        &mut |s: &PassSummary| {
            pass_no += 1;
            say(format!("sitrep: pass {pass_no}: {s}"));
        },
    )?;
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("15m"), Ok(Duration::from_secs(900)));
        assert_eq!(parse_duration("90"), Ok(Duration::from_secs(90)));
        assert_eq!(parse_duration("1h"), Ok(Duration::from_secs(3600)));
        assert_eq!(parse_duration("250ms"), Ok(Duration::from_millis(250)));
        assert!(parse_duration("5 fortnights").is_err());
        assert!(parse_duration("-1s").is_err());
        assert!(parse_duration("").is_err());
    }

    #[test]
    fn feed_lists() {
        let t = "# world\nhttps://a.example/rss.xml  # wire\n\n  https://b.example/atom\n";
        assert_eq!(
            read_feed_list(t),
            ["https://a.example/rss.xml", "https://b.example/atom"]
        );
    }
}
