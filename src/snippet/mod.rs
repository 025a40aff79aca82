//! "Copy as": a stored run's request as a runnable `curl` command, AWS CLI command or Python
//! script (`routeplay snippet RUN_ID --as curl|aws|python`).
//!
//! Everything here is pure: [`SnippetRequest::build`] rebuilds the request with the routes' own
//! builders, and one module per format renders it. Snippets never hold a credential: keys,
//! AWS credentials and Google tokens are read from the environment (or `gcloud`) when the
//! snippet runs, and host overrides (`ANTHROPIC_BASE_URL`, `AWS_ENDPOINT_URL_BEDROCK_RUNTIME`,
//! …) are honoured as routeplay honours them.

pub mod aws;
pub mod curl;
mod from_sent;
pub mod python;
mod python_openai;
mod request;
pub mod shell;

use std::fmt;
use std::fmt::Write as _;
use std::str::FromStr;

pub use request::{EMULATOR_BASE_URL, HostSettings, SnippetRequest};

/// What a snippet is written for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Curl,
    Aws,
    Python,
}

impl Format {
    pub const ALL: [Format; 3] = [Format::Curl, Format::Aws, Format::Python];

    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Format::Curl => "curl",
            Format::Aws => "aws",
            Format::Python => "python",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Format {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Format::ALL
            .into_iter()
            .find(|format| format.name() == s)
            .ok_or_else(|| format!("unknown snippet kind {s:?}; use curl, aws or python"))
    }
}

/// `lines` as shell and Python comments, one `# ` line each.
#[must_use]
pub fn comments(lines: &[String]) -> String {
    lines.iter().fold(String::new(), |mut out, line| {
        let _ = writeln!(out, "# {line}");
        out
    })
}

/// The snippet for `request`; an error for a route the format does not cover (`aws` outside
/// the Bedrock runtime routes).
pub fn render(format: Format, request: &SnippetRequest) -> Result<String, String> {
    match format {
        Format::Curl => Ok(curl::render(request)),
        Format::Aws => aws::render(request),
        Format::Python => Ok(python::render(request)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_parse_from_their_names() {
        for format in Format::ALL {
            assert_eq!(format.name().parse(), Ok(format));
        }
        assert!("ruby".parse::<Format>().unwrap_err().contains("curl, aws or python"));
    }
}
