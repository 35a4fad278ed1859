//! A run split into shards that merge exactly. A run of n iterations is a
//! sequence of chunks of [`CHUNK_ITERATIONS`]; shard K of N runs the K-th of N
//! contiguous ranges of those chunks ([`ShardSpec::chunks`]) with the same
//! seeds the whole run would use, and hands back what a single run's driver
//! would have merged: the moments of each of its chunks, unmerged (their
//! floating-point merge depends on order, so [`merge`] merges every chunk in
//! chunk order exactly as [`super::Runner`] does), its order-free sketches and
//! counts, and the kept iterations of its chunks. [`merge`] of every shard of a
//! run therefore gives the [`RunOutput`] of the single run, bit for bit.
//! [`ShardOutput::write`] and [`ShardOutput::read`] carry a shard between
//! processes (`opsim run --shard`, `opsim merge`).

use std::ops::Range;
use std::sync::atomic::AtomicBool;

use super::accumulator::{Accumulator, ChunkMoments};
use super::keep::{Keep, Kept};
use super::record::Layout;
use super::summary::Summary;
use super::{CHUNK_ITERATIONS, PoolError, Progress, RunOptions, RunOutput, Runner};
use crate::model::Model;
use crate::stats::wire::{Reader, WireError, Writer};

/// Shard `index` (0-based) of `count`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShardSpec {
    /// Which shard, 0 to `count - 1`.
    pub index: u64,
    /// How many shards the run is split into.
    pub count: u64,
}

/// Chunks of a run of `iterations`.
pub fn total_chunks(iterations: u64) -> u64 {
    iterations.div_ceil(CHUNK_ITERATIONS)
}

impl ShardSpec {
    /// The chunks this shard runs: the `index`-th of `count` contiguous ranges,
    /// sizes differing by at most one chunk.
    pub fn chunks(&self, iterations: u64) -> Range<u64> {
        let total = u128::from(total_chunks(iterations));
        let at = |k: u64| (u128::from(k) * total / u128::from(self.count)) as u64;
        at(self.index)..at(self.index + 1)
    }

    /// The iterations this shard runs.
    pub fn iterations(&self, iterations: u64) -> Range<u64> {
        let chunks = self.chunks(iterations);
        (chunks.start * CHUNK_ITERATIONS).min(iterations)
            ..(chunks.end * CHUNK_ITERATIONS).min(iterations)
    }
}

/// What one shard found, ready to merge with the others.
#[derive(Debug, Clone)]
pub struct ShardOutput {
    chunks: Range<u64>,
    moments: Vec<ChunkMoments>,
    accumulator: Accumulator,
    kept: Kept,
}

impl ShardOutput {
    /// The chunks the shard ran.
    pub fn chunks(&self) -> Range<u64> {
        self.chunks.clone()
    }

    /// Writes the shard for [`ShardOutput::read`]: exact bits throughout.
    pub fn write(&self, w: &mut Writer) {
        w.u64(self.chunks.start);
        w.u64(self.chunks.end);
        w.varint(self.moments.len() as u64);
        self.moments.iter().for_each(|m| m.write(w));
        self.accumulator.write(w);
        let kept = self.kept.chunks();
        w.varint(kept.len() as u64);
        for (first, rows) in kept {
            w.u64(*first);
            w.f64s(rows);
        }
    }

    /// Reads a shard written by [`ShardOutput::write`] for `model`, checking
    /// that it holds one moments entry per chunk, in order.
    pub fn read(r: &mut Reader, model: &Model) -> Result<ShardOutput, WireError> {
        let layout = Layout::new(model);
        let chunks = r.u64()?..r.u64()?;
        let n = r.len(8)?;
        if chunks.end < chunks.start || n as u64 != chunks.end - chunks.start {
            return Err(WireError(format!(
                "{n} chunks' moments for chunks {} to {}",
                chunks.start, chunks.end
            )));
        }
        let mut moments = Vec::with_capacity(n);
        for chunk in chunks.clone() {
            let m = ChunkMoments::read(r, &layout)?;
            if m.chunk != chunk {
                return Err(WireError(format!(
                    "chunk {} where chunk {chunk} was expected",
                    m.chunk
                )));
            }
            moments.push(m);
        }
        let accumulator = Accumulator::read(r, &layout)?;
        let mut kept = Kept::default();
        for _ in 0..r.len(9)? {
            let first = r.u64()?;
            kept.add(first, r.f64s()?);
        }
        Ok(ShardOutput {
            chunks,
            moments,
            accumulator,
            kept,
        })
    }
}

/// Runs shard `shard` of the run `options` describes, keeping the columns
/// `keep` asks for from its chunks; `Ok(None)` when stopped. `progress` gets
/// the iterations done within the shard.
pub fn run_shard(
    model: &Model,
    options: RunOptions,
    shard: ShardSpec,
    keep: Option<Keep>,
    progress: Progress,
    stop: &AtomicBool,
) -> Result<Option<ShardOutput>, PoolError> {
    let chunks = shard.chunks(options.iterations);
    let range = shard.iterations(options.iterations);
    let mut runner = Runner::new(model, options.seed, options.threads)?;
    runner.keep = keep;
    runner.iterations = range.start;
    runner.ordered.next = chunks.start;
    runner.ordered.chunks = Some(Vec::new());
    let offset = range.start;
    if !runner.run_to(range.end, &|done| progress(done - offset), stop) {
        return Ok(None);
    }
    Ok(Some(ShardOutput {
        chunks,
        moments: runner.ordered.chunks.take().unwrap_or_default(),
        accumulator: runner
            .merged
            .unwrap_or_else(|| Accumulator::new(&runner.layout)),
        kept: runner.kept,
    }))
}

/// Why shards could not be merged into a run.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct MergeError(pub String);

/// Merges every shard of the run `options` describes into the run's output,
/// exactly as a single run merges its chunks: moments in chunk order, sketches
/// and counts added up. The shards may come in any order, but must cover the
/// run's chunks once each.
pub fn merge(
    model: &Model,
    options: RunOptions,
    mut shards: Vec<ShardOutput>,
    keep: Option<Keep>,
) -> Result<RunOutput, MergeError> {
    shards.sort_by_key(|s| s.chunks.start);
    let total = total_chunks(options.iterations);
    let mut next = 0;
    let mut moments: Option<ChunkMoments> = None;
    let mut accumulator: Option<Accumulator> = None;
    let mut kept = Kept::default();
    for shard in shards {
        if shard.chunks.start != next {
            return Err(MergeError(format!(
                "the shards do not cover chunks {next} to {} of {total} once each",
                shard.chunks.start.max(next)
            )));
        }
        next = shard.chunks.end;
        for m in shard.moments {
            match &mut moments {
                Some(total) => total.merge(&m),
                None => moments = Some(m),
            }
        }
        accumulator = Some(match accumulator {
            Some(a) => a.merge(shard.accumulator),
            None => shard.accumulator,
        });
        kept.extend(shard.kept);
    }
    if next != total {
        return Err(MergeError(format!(
            "the shards end at chunk {next} of {total}"
        )));
    }
    let (Some(mut accumulator), Some(moments)) = (accumulator, moments) else {
        return Err(MergeError("no iterations to merge".into()));
    };
    if accumulator.iterations != options.iterations {
        return Err(MergeError(format!(
            "the shards hold {} iterations, not {}",
            accumulator.iterations, options.iterations
        )));
    }
    accumulator.moments = Some(moments);
    Ok(RunOutput {
        summary: Summary::new(model, options, accumulator),
        kept: keep.and_then(|keep| kept.columns(&keep, options.iterations)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_cover_every_chunk_once_in_order() {
        for iterations in [1, 2048, 2049, 20_000, 1_000_000] {
            let chunks = total_chunks(iterations);
            for count in 1..=chunks.min(9) {
                let mut next = 0;
                let mut sizes = Vec::new();
                for index in 0..count {
                    let r = ShardSpec { index, count }.chunks(iterations);
                    assert_eq!(r.start, next);
                    sizes.push(r.end - r.start);
                    next = r.end;
                }
                assert_eq!(next, chunks);
                let (min, max) = (sizes.iter().min().unwrap(), sizes.iter().max().unwrap());
                assert!(
                    max - min <= 1 && *min >= 1,
                    "{iterations} in {count}: {sizes:?}"
                );
            }
        }
        let last = ShardSpec { index: 2, count: 3 }.iterations(5000);
        assert_eq!(last, 4096..5000);
    }
}
