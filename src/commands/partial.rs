//! The partial result of one shard of a run (`opsim run --shard K/N`) or of a
//! sweep (`opsim sweep --shard K/N`), the file `opsim merge` reads: a versioned header, the length of the body and
//! its SHA-256 (so a truncated or damaged file is told apart from a good one),
//! then the body: what made the run (opsim's version, the scenario's name,
//! text, `--set` overrides and their hash, seed, iterations, the shard's place,
//! whether the analysis is wanted, a sweep's `--vary`) and the shard's
//! statistics ([`crate::engine::shard::ShardOutput`]) or a sweep shard's
//! points ([`crate::sweep::write_points`]), every float with its exact bits.
//! The scenario travels inside the partial, so a merge needs only the partials.

use std::path::Path;

use sha2::{Digest, Sha256};

use super::CommandError;
use crate::engine::shard::{ShardOutput, ShardSpec};
use crate::export::manifest::hex;
use crate::model::Model;
use crate::stats::wire::{Reader, Writer};
use crate::sweep::{Points, read_points};

/// The first bytes of every partial of a run.
const MAGIC: &[u8] = b"opsim partial result\n";

/// The first bytes of every partial of a sweep (as long as [`MAGIC`]).
const SWEEP_MAGIC: &[u8] = b"opsim partial sweeps\n";

/// What a partial holds a shard of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A run's chunks (`opsim run --shard`).
    Run,
    /// A sweep's points (`opsim sweep --shard`).
    Sweep,
}

impl Kind {
    fn magic(self) -> &'static [u8] {
        match self {
            Kind::Run => MAGIC,
            Kind::Sweep => SWEEP_MAGIC,
        }
    }
}

/// The layout of the partial; a partial of another layout is refused.
const FORMAT_VERSION: u64 = 2;

/// What made a shard's run: everything partials of one run share, and the
/// shard's place in it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct PartialMeta {
    /// opsim's version (`CARGO_PKG_VERSION`).
    pub opsim_version: String,
    /// The scenario file as named on the command line.
    pub scenario_name: String,
    /// The scenario file's text.
    pub scenario_text: String,
    /// The `--set` overrides, as given (`PATH=VALUE`).
    pub overrides: Vec<String>,
    /// A sweep's `--vary` arguments, as given; empty for a run.
    pub varies: Vec<String>,
    /// [`scenario_hash`] of the text, overrides and varied parameters.
    pub scenario_hash: String,
    /// Seed of the run.
    pub seed: u64,
    /// Iterations of the whole run (every shard's together).
    pub iterations: u64,
    /// This shard's place.
    pub shard: ShardSpec,
    /// Whether the run is `--summary-only` (no analysis, charts or report).
    pub summary_only: bool,
}

/// Lower-case hex SHA-256 of the scenario text, its overrides and a sweep's
/// varied parameters (each `--vary` prefixed so it cannot pass for a `--set`),
/// each followed by a zero byte: two partials with the same hash ran the same
/// compiled scenario (or grid of them).
pub(crate) fn scenario_hash(text: &str, overrides: &[String], varies: &[String]) -> String {
    let mut hash = Sha256::new();
    for part in std::iter::once(text).chain(overrides.iter().map(String::as_str)) {
        hash.update(part.as_bytes());
        hash.update([0u8]);
    }
    for vary in varies {
        hash.update(b"--vary ");
        hash.update(vary.as_bytes());
        hash.update([0u8]);
    }
    hex(&hash.finalize())
}

/// The file name of shard K of N's partial in its output folder.
pub(crate) fn file_name(kind: Kind, shard: ShardSpec) -> String {
    let prefix = match kind {
        Kind::Run => "",
        Kind::Sweep => "sweep-",
    };
    format!("{prefix}partial-{}-of-{}.opsim", shard.index, shard.count)
}

/// The bytes of a run shard's partial.
pub(crate) fn encode(meta: &PartialMeta, shard: &ShardOutput) -> Vec<u8> {
    encode_with(Kind::Run, meta, &|w| shard.write(w))
}

/// The bytes of a partial of `kind`, its own part written by `write`.
pub(crate) fn encode_with(kind: Kind, meta: &PartialMeta, write: &dyn Fn(&mut Writer)) -> Vec<u8> {
    let mut w = Writer::default();
    w.str(&meta.opsim_version);
    w.str(&meta.scenario_name);
    w.str(&meta.scenario_text);
    w.varint(meta.overrides.len() as u64);
    meta.overrides.iter().for_each(|o| w.str(o));
    w.varint(meta.varies.len() as u64);
    meta.varies.iter().for_each(|v| w.str(v));
    w.str(&meta.scenario_hash);
    w.u64(meta.seed);
    w.u64(meta.iterations);
    w.u64(meta.shard.index);
    w.u64(meta.shard.count);
    w.u8(u8::from(meta.summary_only));
    write(&mut w);
    let body = w.into_bytes();
    let mut bytes = kind.magic().to_vec();
    bytes.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    bytes.extend_from_slice(&(body.len() as u64).to_le_bytes());
    bytes.extend_from_slice(&Sha256::digest(&body));
    bytes.extend_from_slice(&body);
    bytes
}

/// A partial read from a file: its header checked, its statistics not yet
/// read (that needs the compiled scenario).
pub(crate) struct Partial {
    /// The file it was read from, for messages.
    pub path: String,
    /// What it holds a shard of.
    pub kind: Kind,
    /// What made it.
    pub meta: PartialMeta,
    body: Vec<u8>,
    statistics_at: usize,
}

impl Partial {
    /// Reads and checks a partial file: its header, length and checksum,
    /// and what made it.
    pub(crate) fn read(path: &Path) -> Result<Partial, CommandError> {
        let shown = path.display().to_string();
        let fail = |why: String| CommandError::Usage(format!("partial `{shown}`: {why}"));
        let bytes = std::fs::read(path).map_err(|e| fail(format!("cannot read it: {e}")))?;
        let header = MAGIC.len() + 8 + 8 + 32;
        let kind = if bytes.starts_with(MAGIC) {
            Kind::Run
        } else if bytes.starts_with(SWEEP_MAGIC) {
            Kind::Sweep
        } else {
            return Err(fail(
                "this is not a partial result of `opsim run --shard` or `opsim sweep --shard` (it does not start as one)"
                    .into(),
            ));
        };
        if bytes.len() < header {
            return Err(fail(format!(
                "the file is truncated: {} bytes, shorter than a partial's header; run its shard again",
                bytes.len()
            )));
        }
        let word = |at: usize| u64::from_le_bytes(bytes[at..at + 8].try_into().expect("8 bytes"));
        let version = word(MAGIC.len());
        if version != FORMAT_VERSION {
            return Err(fail(format!(
                "it is in partial format {version}, and this opsim reads format {FORMAT_VERSION}: merge with the opsim that ran the shards"
            )));
        }
        let length = word(MAGIC.len() + 8);
        let body = &bytes[header..];
        if body.len() as u64 != length {
            return Err(fail(format!(
                "the file is truncated or has extra bytes: its header says {length} bytes of data, it holds {}; run its shard again",
                body.len()
            )));
        }
        if Sha256::digest(body).as_slice() != &bytes[header - 32..header] {
            return Err(fail(
                "the file is damaged: its data does not match its checksum; run its shard again"
                    .into(),
            ));
        }
        let mut r = Reader::new(body);
        let meta = (|| {
            let opsim_version = r.str()?;
            let scenario_name = r.str()?;
            let scenario_text = r.str()?;
            let overrides = (0..r.len(1)?).map(|_| r.str()).collect::<Result<_, _>>()?;
            let varies = (0..r.len(1)?).map(|_| r.str()).collect::<Result<_, _>>()?;
            Ok::<_, crate::stats::wire::WireError>(PartialMeta {
                opsim_version,
                scenario_name,
                scenario_text,
                overrides,
                varies,
                scenario_hash: r.str()?,
                seed: r.u64()?,
                iterations: r.u64()?,
                shard: ShardSpec {
                    index: r.u64()?,
                    count: r.u64()?,
                },
                summary_only: r.u8()? != 0,
            })
        })()
        .map_err(|e| fail(format!("cannot read what made it: {e}")))?;
        let statistics_at = r.position();
        Ok(Partial {
            path: shown,
            kind,
            meta,
            body: body.to_vec(),
            statistics_at,
        })
    }

    /// The shard's statistics, read for the compiled scenario.
    pub(crate) fn statistics(&self, model: &Model) -> Result<ShardOutput, CommandError> {
        let mut r = Reader::new(&self.body[self.statistics_at..]);
        let shard = ShardOutput::read(&mut r, model)
            .and_then(|s| r.finish().map(|()| s))
            .map_err(|e| {
                CommandError::Usage(format!(
                    "partial `{}`: its statistics do not fit its scenario ({e}); run its shard again with this opsim",
                    self.path
                ))
            })?;
        Ok(shard)
    }

    /// A sweep shard's points, in grid order.
    pub(crate) fn points(&self) -> Result<Points, CommandError> {
        let mut r = Reader::new(&self.body[self.statistics_at..]);
        read_points(&mut r)
            .and_then(|p| r.finish().map(|()| p))
            .map_err(|e| {
                CommandError::Usage(format!(
                    "partial `{}`: its points cannot be read ({e}); run its shard again with this opsim",
                    self.path
                ))
            })
    }
}
