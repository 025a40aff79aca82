//! Reading a file the user points routeplay at (config, keymap, themes, the model catalog,
//! credential files, run files) with a size cap, so `/dev/zero` or a huge file is refused
//! with its name and the limit instead of being read until memory runs out.

use std::io::Read as _;
use std::path::{Path, PathBuf};

/// The most routeplay reads from a config or credential file: 1 MiB.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// Why a file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// Opening or reading failed (`NotFound` among them).
    #[error("{}: cannot read the file: {source}", .path.display())]
    Io { path: PathBuf, source: std::io::Error },
    /// More than [`MAX_FILE_BYTES`], or a device that never ends.
    #[error(
        "{}: larger than {} MiB, the most routeplay reads from a config or credential file (is it the right file?)",
        .path.display(), MAX_FILE_BYTES / (1024 * 1024)
    )]
    TooLarge { path: PathBuf },
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
            Self::TooLarge { .. } => format!(
                "larger than {} MiB, the most routeplay reads from a config or credential file",
                MAX_FILE_BYTES / (1024 * 1024)
            ),
            Self::NotText { .. } => "not UTF-8 text".to_owned(),
        }
    }
}

/// The file's bytes, at most [`MAX_FILE_BYTES`]. A regular file is measured before it is read;
/// anything else (a device, a pipe) is read up to one byte past the limit.
pub fn read_capped_bytes(path: &Path) -> Result<Vec<u8>, ReadError> {
    let io = |source| ReadError::Io { path: path.to_path_buf(), source };
    let file = std::fs::File::open(path).map_err(io)?;
    let metadata = file.metadata().map_err(io)?;
    if metadata.is_file() && metadata.len() > MAX_FILE_BYTES {
        return Err(ReadError::TooLarge { path: path.to_path_buf() });
    }
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes).map_err(io)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(ReadError::TooLarge { path: path.to_path_buf() });
    }
    Ok(bytes)
}

/// The file as text, at most [`MAX_FILE_BYTES`].
pub fn read_capped(path: &Path) -> Result<String, ReadError> {
    String::from_utf8(read_capped_bytes(path)?).map_err(|_| ReadError::NotText { path: path.to_path_buf() })
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
