//! A compact binary form for the mergeable statistics, so that a run split
//! into shards (`opsim run --shard`) can hand them to `opsim merge` exactly:
//! little-endian integers and IEEE-754 bit patterns (a float comes back with
//! the same bits), counts as LEB128 variable-length integers (most sketch
//! buckets hold small counts). A [`Reader`] never panics on bad bytes: every
//! read checks what is left and says where the bytes ended or went wrong.

/// Bytes being written.
#[derive(Debug, Default)]
pub struct Writer {
    bytes: Vec<u8>,
}

impl Writer {
    /// The bytes written so far.
    pub fn into_bytes(self) -> Vec<u8> {
        self.bytes
    }

    /// One byte.
    pub fn u8(&mut self, v: u8) {
        self.bytes.push(v);
    }

    /// A 64-bit integer, 8 bytes little-endian.
    pub fn u64(&mut self, v: u64) {
        self.bytes.extend_from_slice(&v.to_le_bytes());
    }

    /// A float with its exact bits.
    pub fn f64(&mut self, v: f64) {
        self.u64(v.to_bits());
    }

    /// An integer in as few bytes as it needs (LEB128).
    pub fn varint(&mut self, mut v: u64) {
        while v >= 0x80 {
            self.bytes.push((v as u8) | 0x80);
            v >>= 7;
        }
        self.bytes.push(v as u8);
    }

    /// Text, its length first.
    pub fn str(&mut self, s: &str) {
        self.varint(s.len() as u64);
        self.bytes.extend_from_slice(s.as_bytes());
    }

    /// Floats, their count first.
    pub fn f64s(&mut self, values: &[f64]) {
        self.varint(values.len() as u64);
        values.iter().for_each(|&v| self.f64(v));
    }
}

/// Why bytes could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct WireError(pub String);

/// Bytes being read, front to back.
#[derive(Debug)]
pub struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    /// A reader of `bytes` from the start.
    pub fn new(bytes: &'a [u8]) -> Reader<'a> {
        Reader { bytes, at: 0 }
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8], WireError> {
        let end = self.at.checked_add(n).filter(|&e| e <= self.bytes.len());
        let Some(end) = end else {
            return Err(WireError(format!(
                "the data ends at byte {} where {n} more bytes were expected",
                self.bytes.len()
            )));
        };
        let taken = &self.bytes[self.at..end];
        self.at = end;
        Ok(taken)
    }

    /// One byte.
    pub fn u8(&mut self) -> Result<u8, WireError> {
        Ok(self.take(1)?[0])
    }

    /// A 64-bit integer.
    pub fn u64(&mut self) -> Result<u64, WireError> {
        let b = self.take(8)?;
        Ok(u64::from_le_bytes(b.try_into().expect("8 bytes")))
    }

    /// A float with its exact bits.
    pub fn f64(&mut self) -> Result<f64, WireError> {
        Ok(f64::from_bits(self.u64()?))
    }

    /// An integer written by [`Writer::varint`].
    pub fn varint(&mut self) -> Result<u64, WireError> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.u8()?;
            v |= u64::from(b & 0x7f) << shift;
            if b < 0x80 {
                return Ok(v);
            }
        }
        Err(WireError(format!(
            "an integer longer than 64 bits at byte {}",
            self.at
        )))
    }

    /// A length of things of at least `min_bytes` each, checked against the
    /// bytes left so that a bad length cannot ask for a huge allocation.
    pub fn len(&mut self, min_bytes: usize) -> Result<usize, WireError> {
        let n = self.varint()?;
        let left = (self.bytes.len() - self.at) as u64;
        if n.saturating_mul(min_bytes.max(1) as u64) > left {
            return Err(WireError(format!(
                "a length of {n} at byte {} is more than the {left} bytes left",
                self.at
            )));
        }
        Ok(n as usize)
    }

    /// Text written by [`Writer::str`].
    pub fn str(&mut self) -> Result<String, WireError> {
        let n = self.len(1)?;
        let at = self.at;
        String::from_utf8(self.take(n)?.to_vec())
            .map_err(|_| WireError(format!("text at byte {at} is not UTF-8")))
    }

    /// Floats written by [`Writer::f64s`].
    pub fn f64s(&mut self) -> Result<Vec<f64>, WireError> {
        let n = self.len(8)?;
        (0..n).map(|_| self.f64()).collect()
    }

    /// A count that must equal `expected`, else an error naming `what`.
    pub fn expect_len(&mut self, expected: usize, what: &str) -> Result<(), WireError> {
        let n = self.varint()?;
        if n != expected as u64 {
            return Err(WireError(format!(
                "{what}: {n} where the scenario has {expected}"
            )));
        }
        Ok(())
    }

    /// Bytes read so far.
    pub fn position(&self) -> usize {
        self.at
    }

    /// Fails unless every byte was read.
    pub fn finish(&self) -> Result<(), WireError> {
        if self.at != self.bytes.len() {
            return Err(WireError(format!(
                "{} bytes left over after the data",
                self.bytes.len() - self.at
            )));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_is_written_reads_back_with_the_same_bits() {
        let mut w = Writer::default();
        w.u8(7);
        w.u64(u64::MAX);
        w.f64(-0.0);
        w.f64(f64::MIN_POSITIVE);
        for v in [0, 127, 128, 300, u64::MAX] {
            w.varint(v);
        }
        w.str("héllo");
        w.f64s(&[1.5, f64::MAX]);
        let bytes = w.into_bytes();
        let mut r = Reader::new(&bytes);
        assert_eq!(r.u8().unwrap(), 7);
        assert_eq!(r.u64().unwrap(), u64::MAX);
        assert_eq!(r.f64().unwrap().to_bits(), (-0.0f64).to_bits());
        assert_eq!(r.f64().unwrap(), f64::MIN_POSITIVE);
        for v in [0, 127, 128, 300, u64::MAX] {
            assert_eq!(r.varint().unwrap(), v);
        }
        assert_eq!(r.str().unwrap(), "héllo");
        assert_eq!(r.f64s().unwrap(), [1.5, f64::MAX]);
        r.finish().unwrap();
        // Cut anywhere, it says so instead of panicking.
        for cut in 0..bytes.len() {
            let mut r = Reader::new(&bytes[..cut]);
            let all = (|| {
                r.u8()?;
                r.u64()?;
                r.f64()?;
                r.f64()?;
                for _ in 0..5 {
                    r.varint()?;
                }
                r.str()?;
                r.f64s()?;
                Ok::<_, WireError>(())
            })();
            assert!(all.is_err(), "cut at {cut}");
        }
    }

    #[test]
    fn a_huge_length_is_refused_before_any_allocation() {
        let mut w = Writer::default();
        w.varint(u64::MAX / 2);
        let bytes = w.into_bytes();
        assert!(Reader::new(&bytes).f64s().is_err());
    }
}
