//! Record columns kept value by value for a run's first iterations, so that the
//! analysis, which needs them iteration by iteration,
//! reads them from the run instead of simulating those iterations again. Whole
//! chunks are kept as their workers finish them, in any order, and put in
//! iteration order at the end: the columns do not depend on the thread count,
//! and are the values the analysis would get by simulating those iterations again.

use super::record::Record;

/// Which record scalars to keep, for iterations `0..iterations`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keep {
    /// Indices into the record's scalars, in the order they are kept.
    pub columns: Vec<usize>,
    /// How many of the run's first iterations to keep.
    pub iterations: u64,
}

impl Keep {
    /// Whether the chunk that starts at iteration `first` holds a kept iteration.
    pub fn wants(&self, first: u64) -> bool {
        first < self.iterations
    }

    /// Appends the kept values of one iteration's record to `rows`.
    #[inline]
    pub fn row(&self, record: &Record, rows: &mut Vec<f64>) {
        rows.extend(self.columns.iter().map(|&c| record.scalars[c]));
    }
}

/// Kept rows of whole chunks, by the chunk's first iteration.
#[derive(Debug, Clone, Default)]
pub(crate) struct Kept {
    chunks: Vec<(u64, Vec<f64>)>,
}

impl Kept {
    /// Keeps the rows of the chunk that starts at iteration `first`.
    pub(crate) fn add(&mut self, first: u64, rows: Vec<f64>) {
        self.chunks.push((first, rows));
    }

    /// The kept chunks as (first iteration, rows), in the order they came.
    pub(crate) fn chunks(&self) -> &[(u64, Vec<f64>)] {
        &self.chunks
    }

    pub(crate) fn extend(&mut self, other: Kept) {
        self.chunks.extend(other.chunks);
    }

    /// Column by column, the kept values of iterations `0..n`, n the smaller of
    /// `run` (iterations run) and `keep.iterations`; None if some are missing.
    pub(crate) fn columns(mut self, keep: &Keep, run: u64) -> Option<Vec<Vec<f64>>> {
        let n = run.min(keep.iterations) as usize;
        let width = keep.columns.len();
        self.chunks.sort_unstable_by_key(|&(first, _)| first);
        let mut columns = vec![Vec::with_capacity(n); width];
        let mut next = 0;
        for (first, rows) in &self.chunks {
            if *first != next as u64 || next >= n {
                break;
            }
            for row in rows.chunks_exact(width.max(1)).take(n - next) {
                for (column, &value) in columns.iter_mut().zip(row) {
                    column.push(value);
                }
                next += 1;
            }
        }
        (next == n).then_some(columns)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_kept_in_any_order_come_out_in_iteration_order() {
        let keep = Keep {
            columns: vec![4, 7],
            iterations: 5,
        };
        // Two columns; chunks of three iterations, the second finished first.
        let mut kept = Kept::default();
        kept.add(3, vec![30.0, 31.0, 40.0, 41.0, 50.0, 51.0]);
        kept.add(0, vec![0.0, 1.0, 10.0, 11.0, 20.0, 21.0]);
        let columns = kept.clone().columns(&keep, 6).unwrap();
        assert_eq!(columns[0], [0.0, 10.0, 20.0, 30.0, 40.0]);
        assert_eq!(columns[1], [1.0, 11.0, 21.0, 31.0, 41.0]);
        // A shorter run keeps fewer.
        assert_eq!(kept.clone().columns(&keep, 2).unwrap()[1], [1.0, 11.0]);
        // A missing chunk gives nothing rather than a gap.
        let mut gap = Kept::default();
        gap.add(3, vec![30.0, 31.0, 40.0, 41.0, 50.0, 51.0]);
        assert_eq!(gap.columns(&keep, 6), None);
        assert!(keep.wants(3) && !keep.wants(5));
    }
}
