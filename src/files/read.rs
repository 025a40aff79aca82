//! Reading a file the user points routeplay at (config, keymap, themes, the model catalog,
//! credential files, run files) with a size cap, so `/dev/zero` or a huge file is refused
//! with its name and the limit instead of being read until memory runs out.

use std::io::Read as _;
use std::path::{Path, PathBuf};

/// The most routeplay reads from a config or credential file: 1 MiB.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;
/// The most `import-run` reads from a run file: 64 MiB (a run keeps at most 4 MiB of its
/// response's wire, and a file holds a whole conversation).
pub const MAX_RUN_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// A cap on what is read, and the kind of file it is for (named in the error).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cap {
    pub bytes: u64,
    pub what: &'static str,
}

/// Config, keymap, theme, model catalog and credential files.
pub const SETTINGS: Cap = Cap { bytes: MAX_FILE_BYTES, what: "a config or credential file" };
/// Run files for `import-run`.
pub const RUN_FILE: Cap = Cap { bytes: MAX_RUN_FILE_BYTES, what: "a run file" };

/// Why a file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// Opening or reading failed (`NotFound` among them).
    #[error("{}: cannot read the file: {source}", .path.display())]
    Io { path: PathBuf, source: std::io::Error },
    /// More than the cap, or a device that never ends.
    #[error("{}: {}", .path.display(), too_large(*.cap))]
    TooLarge { path: PathBuf, cap: Cap },
    /// Not UTF-8 text.
    #[error("{}: not UTF-8 text", .path.display())]
    NotText { path: PathBuf },
}

impl ReadError {
    /// The file was not there.
    #[must_use]
    pub fn is_not_found(&self) -> bool {
        matches!(self, Self::Io { source, .. } if source.kind() == std::io::ErrorKind::NotFound)
    }

    /// The message without the file name in front, for callers that name the file themselves.
    #[must_use]
    pub fn detail(&self) -> String {
        match self {
            Self::Io { source, .. } => format!("cannot read the file: {source}"),
            Self::TooLarge { cap, .. } => too_large(*cap),
            Self::NotText { .. } => "not UTF-8 text".to_owned(),
        }
    }
}

fn too_large(cap: Cap) -> String {
    format!("larger than {} MiB, the most routeplay reads from {}", cap.bytes / (1024 * 1024), cap.what)
}

/// The file's bytes, at most `cap`. A regular file is measured before it is read; anything
/// else (a device, a pipe) is read up to one byte past the cap.
pub fn read_bytes_with(path: &Path, cap: Cap) -> Result<Vec<u8>, ReadError> {
    let io = |source| ReadError::Io { path: path.to_path_buf(), source };
    let file = std::fs::File::open(path).map_err(io)?;
    let metadata = file.metadata().map_err(io)?;
    let too_large = || ReadError::TooLarge { path: path.to_path_buf(), cap };
    if metadata.is_file() && metadata.len() > cap.bytes {
        return Err(too_large());
    }
    let mut bytes = Vec::new();
    file.take(cap.bytes + 1).read_to_end(&mut bytes).map_err(io)?;
    if bytes.len() as u64 > cap.bytes {
        return Err(too_large());
    }
    Ok(bytes)
}

/// The file as text, at most `cap`.
pub fn read_with(path: &Path, cap: Cap) -> Result<String, ReadError> {
    String::from_utf8(read_bytes_with(path, cap)?).map_err(|_| ReadError::NotText { path: path.to_path_buf() })
}

/// A config or credential file as text, at most [`MAX_FILE_BYTES`].
pub fn read_capped(path: &Path) -> Result<String, ReadError> {
    read_with(path, SETTINGS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_small_file_is_read_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(&path, "theme = \"dark\"\n").unwrap();
        assert_eq!(read_capped(&path).unwrap(), "theme = \"dark\"\n");
    }

    #[test]
    fn a_file_past_the_limit_is_refused_with_its_name_and_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.toml");
        std::fs::write(&path, vec![b'#'; usize::try_from(MAX_FILE_BYTES).unwrap() + 1]).unwrap();
        let error = read_capped(&path).unwrap_err();
        assert!(matches!(error, ReadError::TooLarge { .. }));
        let message = error.to_string();
        assert!(message.contains("big.toml") && message.contains("1 MiB"), "{message}");
    }

    #[test]
    fn an_endless_device_is_refused_not_read_for_ever() {
        let error = read_capped(Path::new("/dev/zero")).unwrap_err();
        assert!(error.to_string().starts_with("/dev/zero: larger than 1 MiB"), "{error}");
    }

    #[test]
    fn a_missing_file_says_so() {
        assert!(read_capped(Path::new("/nonexistent/routeplay.toml")).unwrap_err().is_not_found());
        assert!(matches!(read_capped(Path::new("/dev/null")), Ok(text) if text.is_empty()));
    }
}
