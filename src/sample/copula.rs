//! Rank correlation between once-per-iteration inputs by a Gaussian copula:
//! each correlated input's uniform point u is taken to normal space,
//! z = Phi^-1(u), the vector of them is multiplied by the lower Cholesky factor
//! L of the Pearson matrix R, and each component goes back, u' = Phi((L z)_k),
//! before the input's own inverse CDF. Every u' is exactly uniform, so each
//! input keeps its distribution; a Spearman rank correlation rho_s is asked of
//! the normals as the Pearson r = 2 sin(pi rho_s / 6), which gives a Spearman
//! correlation of exactly rho_s (Pearson 1907; Kruskal 1958).

/// Pearson correlation of the normals that gives Spearman `rho_s`.
pub fn pearson_for_spearman(rho_s: f64) -> f64 {
    2.0 * libm::sin(std::f64::consts::PI * rho_s / 6.0)
}

/// Pivots above this count as positive; between it and minus it as zero (a
/// semi-definite matrix, e.g. two inputs correlated at 1).
const PIVOT_TOLERANCE: f64 = 1e-10;

/// The lower Cholesky factor of a correlation matrix of `dimension` inputs.
#[derive(Debug, Clone, PartialEq)]
pub struct Copula {
    dimension: usize,
    /// Row-major, `dimension` x `dimension`, zero above the diagonal.
    lower: Box<[f64]>,
}

impl Copula {
    /// The copula of the Pearson matrix `pearson` (row-major, symmetric, unit
    /// diagonal); `Err(k)` when it is not positive semi-definite, k being the
    /// first row (in the given order) at which that shows.
    pub fn new(dimension: usize, pearson: &[f64]) -> Result<Copula, usize> {
        let n = dimension;
        let mut lower = vec![0.0; n * n];
        for i in 0..n {
            for j in 0..=i {
                let dot: f64 = (0..j).map(|k| lower[i * n + k] * lower[j * n + k]).sum();
                let rest = pearson[i * n + j] - dot;
                if i == j {
                    if rest < -PIVOT_TOLERANCE {
                        return Err(i);
                    }
                    lower[i * n + i] = rest.max(0.0).sqrt();
                } else if lower[j * n + j] > PIVOT_TOLERANCE.sqrt() {
                    lower[i * n + j] = rest / lower[j * n + j];
                } else if rest.abs() > 1e-8 {
                    return Err(i);
                }
            }
        }
        Ok(Copula {
            dimension,
            lower: lower.into(),
        })
    }

    /// Inputs it correlates.
    pub fn dimension(&self) -> usize {
        self.dimension
    }

    /// Replaces independent standard normals `z` by L z, in place.
    #[inline]
    pub fn correlate(&self, z: &mut [f64]) {
        let n = self.dimension;
        for i in (0..n).rev() {
            let row = &self.lower[i * n..i * n + i + 1];
            z[i] = row.iter().zip(&z[..=i]).map(|(l, z)| l * z).sum();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cholesky_reproduces_the_matrix() {
        let r = [1.0, 0.5, 0.2, 0.5, 1.0, -0.3, 0.2, -0.3, 1.0];
        let c = Copula::new(3, &r).unwrap();
        for i in 0..3 {
            for j in 0..3 {
                let v: f64 = (0..3)
                    .map(|k| c.lower[i * 3 + k] * c.lower[j * 3 + k])
                    .sum();
                assert!((v - r[i * 3 + j]).abs() < 1e-15);
            }
        }
    }

    #[test]
    fn perfect_correlation_is_semi_definite_and_allowed() {
        let c = Copula::new(2, &[1.0, 1.0, 1.0, 1.0]).unwrap();
        let mut z = [0.7, -2.0];
        c.correlate(&mut z);
        assert_eq!(z, [0.7, 0.7]);
    }

    #[test]
    fn an_impossible_matrix_names_its_row() {
        // a and b move together, b and c together, but a and c oppositely.
        let r = [1.0, 0.9, -0.9, 0.9, 1.0, 0.9, -0.9, 0.9, 1.0];
        assert_eq!(Copula::new(3, &r), Err(2));
    }

    #[test]
    fn spearman_to_pearson_fixes_the_ends() {
        assert!((pearson_for_spearman(1.0) - 1.0).abs() < 1e-15);
        assert_eq!(pearson_for_spearman(0.0), 0.0);
        assert!((pearson_for_spearman(-0.5) + 0.5176380902050415).abs() < 1e-15);
    }
}
