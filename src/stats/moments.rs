//! Running mean and variance (Welford), merged across chunks with the parallel
//! formula of Chan, Golub and LeVeque (1979). Merging in a fixed order (chunk
//! order) makes the result independent of how work was spread over threads.

#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Moments {
    pub n: u64,
    pub mean: f64,
    /// Sum of squared deviations from the mean.
    pub m2: f64,
}

impl Moments {
    #[inline]
    pub fn add(&mut self, x: f64) {
        self.n += 1;
        let delta = x - self.mean;
        self.mean += delta / self.n as f64;
        self.m2 += delta * (x - self.mean);
    }

    pub fn merge(&mut self, other: &Moments) {
        if other.n == 0 {
            return;
        }
        if self.n == 0 {
            *self = *other;
            return;
        }
        let n = self.n + other.n;
        let delta = other.mean - self.mean;
        let (na, nb) = (self.n as f64, other.n as f64);
        self.mean += delta * nb / n as f64;
        self.m2 += other.m2 + delta * delta * na * nb / n as f64;
        self.n = n;
    }

    /// Moments of a slice in two vectorisable passes, using the first value as a
    /// shift (the "shifted data" algorithm): exact for constant data, no division
    /// per value.
    pub fn of(values: &[f64]) -> Moments {
        let Some(&shift) = values.first() else {
            return Moments::default();
        };
        let n = values.len() as f64;
        let (s1, s2) = values.iter().fold((0.0, 0.0), |(s1, s2), &x| {
            let d = x - shift;
            (s1 + d, s2 + d * d)
        });
        Moments {
            n: values.len() as u64,
            mean: shift + s1 / n,
            m2: (s2 - s1 * s1 / n).max(0.0),
        }
    }

    /// Writes the moments with their exact bits ([`super::wire`]).
    pub fn write(&self, w: &mut super::wire::Writer) {
        w.u64(self.n);
        w.f64(self.mean);
        w.f64(self.m2);
    }

    /// Reads moments written by [`Moments::write`].
    pub fn read(r: &mut super::wire::Reader) -> Result<Moments, super::wire::WireError> {
        Ok(Moments {
            n: r.u64()?,
            mean: r.f64()?,
            m2: r.f64()?,
        })
    }

    /// Sample standard deviation (n - 1 in the denominator); 0 for n < 2.
    pub fn sd(&self) -> f64 {
        if self.n < 2 {
            0.0
        } else {
            (self.m2 / (self.n - 1) as f64).max(0.0).sqrt()
        }
    }

    /// Monte Carlo standard error of the mean, sd / sqrt(n).
    pub fn se(&self) -> f64 {
        if self.n == 0 {
            0.0
        } else {
            self.sd() / (self.n as f64).sqrt()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merge_equals_one_pass() {
        let data: Vec<f64> = (0..1000)
            .map(|i| ((i * 37) % 101) as f64 * 1.5 - 20.0)
            .collect();
        let mut whole = Moments::default();
        data.iter().for_each(|&x| whole.add(x));
        let mut a = Moments::default();
        let mut b = Moments::default();
        data[..333].iter().for_each(|&x| a.add(x));
        data[333..].iter().for_each(|&x| b.add(x));
        a.merge(&b);
        assert_eq!(a.n, whole.n);
        assert!((a.mean - whole.mean).abs() < 1e-9);
        assert!((a.sd() - whole.sd()).abs() < 1e-9);
        let exact_mean = data.iter().sum::<f64>() / 1000.0;
        let exact_var = data.iter().map(|x| (x - exact_mean).powi(2)).sum::<f64>() / 999.0;
        assert!((whole.mean - exact_mean).abs() < 1e-9);
        assert!((whole.sd() - exact_var.sqrt()).abs() < 1e-9);
        let batch = Moments::of(&data);
        assert!((batch.mean - exact_mean).abs() < 1e-9);
        assert!((batch.sd() - exact_var.sqrt()).abs() < 1e-9);
    }

    #[test]
    fn constant_data_has_exactly_zero_spread() {
        let m = Moments::of(&[1234.5678; 300]);
        assert_eq!(m.mean, 1234.5678);
        assert_eq!(m.sd(), 0.0);
    }
}
