//! manifest.json: what makes a command's files one set. It names what made
//! them (command, opsim version, scenario files and their SHA-256, overrides,
//! seed, iterations) and lists every other file of the set with its size and
//! SHA-256; the run id is a digest of that list. `opsim verify DIR` checks a
//! folder against it. Rendered from the files alone, so two runs that write
//! the same bytes write the same manifest.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::OutputFile;

/// The manifest's file name in every output folder.
pub const MANIFEST_FILE: &str = "manifest.json";

/// The version of the manifest's layout; `opsim verify` refuses others.
pub const MANIFEST_FORMAT: u32 = 1;

/// The largest manifest `opsim verify` reads (a set of thousands of files
/// fits well within it).
pub const MAX_MANIFEST_BYTES: u64 = 4 * 1024 * 1024;

/// What made a set of files: everything in the manifest but the file list.
#[derive(Debug, Clone)]
pub struct SetInfo {
    /// The command that wrote the set: `run`, `sweep` or `compare`.
    pub command: &'static str,
    /// Each scenario file as given on the command line, with its SHA-256.
    pub scenarios: Vec<(String, String)>,
    /// The `--set` overrides, as given.
    pub overrides: Vec<String>,
    /// The seed of the run (of every point, of both files).
    pub seed: u64,
    /// Iterations of the run (of every point, of each file).
    pub iterations: u64,
}

/// manifest.json as written and read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// [`MANIFEST_FORMAT`].
    pub manifest_format: u32,
    /// The first 16 hex digits of the SHA-256 of the file list: the same
    /// files give the same id.
    pub run_id: String,
    /// `run`, `sweep` or `compare`.
    pub command: String,
    /// Version of opsim that wrote the set.
    pub opsim_version: String,
    /// The scenario files.
    pub scenarios: Vec<ManifestScenario>,
    /// The `--set` overrides.
    pub overrides: Vec<String>,
    /// The seed.
    pub seed: u64,
    /// Iterations.
    pub iterations: u64,
    /// Every file of the set but the manifest, by name.
    pub files: Vec<ManifestFile>,
}

/// A scenario file that the set was made from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ManifestScenario {
    /// The file as given on the command line.
    pub file: String,
    /// SHA-256 of its bytes, lower-case hex.
    pub sha256: String,
}

/// One file of the set.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ManifestFile {
    /// Its name in the folder.
    pub name: String,
    /// Its size in bytes.
    pub bytes: u64,
    /// SHA-256 of its bytes, lower-case hex.
    pub sha256: String,
}

/// SHA-256 of `bytes` as lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// Bytes (a digest) as lower-case hex.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

impl ManifestFile {
    /// The entry for a rendered file.
    pub fn of(file: &OutputFile) -> ManifestFile {
        ManifestFile {
            name: file.name.clone(),
            bytes: file.contents.len() as u64,
            sha256: sha256_hex(&file.contents),
        }
    }
}

impl Manifest {
    /// The manifest of a set of files (in any order; listed by name).
    pub fn new(info: &SetInfo, mut files: Vec<ManifestFile>) -> Manifest {
        files.sort_by(|a, b| a.name.cmp(&b.name));
        let listing: String = files
            .iter()
            .map(|f| format!("{}\0{}\0{}\n", f.name, f.bytes, f.sha256))
            .collect();
        Manifest {
            manifest_format: MANIFEST_FORMAT,
            run_id: sha256_hex(listing.as_bytes())[..16].to_string(),
            command: info.command.to_string(),
            opsim_version: env!("CARGO_PKG_VERSION").to_string(),
            scenarios: info
                .scenarios
                .iter()
                .map(|(file, sha256)| ManifestScenario {
                    file: file.clone(),
                    sha256: sha256.clone(),
                })
                .collect(),
            overrides: info.overrides.clone(),
            seed: info.seed,
            iterations: info.iterations,
            files,
        }
    }

    /// manifest.json's bytes.
    pub fn render(&self) -> OutputFile {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        OutputFile::new(MANIFEST_FILE, text)
    }

    /// Reads manifest.json's bytes, or says why they are not a manifest.
    pub fn parse(bytes: &[u8]) -> Result<Manifest, String> {
        let manifest: Manifest = serde_json::from_slice(bytes).map_err(|e| e.to_string())?;
        if manifest.manifest_format != MANIFEST_FORMAT {
            return Err(format!(
                "manifest_format {} is not one this opsim reads ({MANIFEST_FORMAT})",
                manifest.manifest_format
            ));
        }
        Ok(manifest)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn info() -> SetInfo {
        SetInfo {
            command: "run",
            scenarios: vec![("a.toml".into(), sha256_hex(b"a"))],
            overrides: vec![],
            seed: 7,
            iterations: 100,
        }
    }

    #[test]
    fn sha256_of_abc_is_the_published_digest() {
        // FIPS 180-2, appendix B.1.
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn the_run_id_follows_the_files_not_their_order() {
        let a = OutputFile::new("a.csv", "1");
        let b = OutputFile::new("b.csv", "2");
        let one = Manifest::new(&info(), vec![ManifestFile::of(&a), ManifestFile::of(&b)]);
        let two = Manifest::new(&info(), vec![ManifestFile::of(&b), ManifestFile::of(&a)]);
        assert_eq!(one, two);
        let changed = OutputFile::new("b.csv", "3");
        let three = Manifest::new(
            &info(),
            vec![ManifestFile::of(&a), ManifestFile::of(&changed)],
        );
        assert_ne!(one.run_id, three.run_id);
    }

    #[test]
    fn a_manifest_reads_back_as_written() {
        let m = Manifest::new(&info(), vec![ManifestFile::of(&OutputFile::new("x", "y"))]);
        assert_eq!(Manifest::parse(&m.render().contents).unwrap(), m);
        let mut other = m.clone();
        other.manifest_format = 9;
        assert!(Manifest::parse(&other.render().contents).is_err());
    }
}
