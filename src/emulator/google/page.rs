//! Google-style pagination: `pageSize` (0 or absent: the default, at most 1000) and an opaque
//! `pageToken` that the previous page's `nextPageToken` gave.

use super::error::GoogleError;
use super::form;
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

/// The largest page.
const MAX_PAGE: usize = 1000;
/// What a token says before the offset, so a token from elsewhere is refused.
const TOKEN_MARK: &str = "routeplay-offset:";

/// One page of `all` for `query`, and the token of the next page if there is one.
pub fn page<'a, T>(
    all: &'a [T],
    query: &[(String, String)],
    default: usize,
) -> Result<(&'a [T], Option<String>), GoogleError> {
    let size = match form::value(query, "pageSize") {
        None | Some("") => default,
        Some(text) => match text.parse::<i64>() {
            Ok(0) => default,
            Ok(size) if size > 0 => usize::try_from(size).unwrap_or(MAX_PAGE).min(MAX_PAGE),
            Ok(_) => return Err(GoogleError::invalid("page_size must be greater than or equal to 0.")),
            Err(_) => {
                return Err(GoogleError::invalid(format!("Invalid value at 'page_size' (TYPE_INT32), \"{text}\"")));
            }
        },
    };
    let start = match form::value(query, "pageToken") {
        None | Some("") => 0,
        Some(token) => {
            offset(token).filter(|at| *at <= all.len()).ok_or_else(|| GoogleError::invalid("Invalid page token."))?
        }
    };
    let end = (start + size).min(all.len());
    let next = (end < all.len()).then(|| URL_SAFE_NO_PAD.encode(format!("{TOKEN_MARK}{end}")));
    Ok((&all[start..end], next))
}

fn offset(token: &str) -> Option<usize> {
    let text = String::from_utf8(URL_SAFE_NO_PAD.decode(token).ok()?).ok()?;
    text.strip_prefix(TOKEN_MARK)?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(text: &str) -> Vec<(String, String)> {
        form::pairs(text)
    }

    #[test]
    fn pages_through_with_tokens() {
        let all = [1, 2, 3, 4, 5];
        let (first, next) = page(&all, &query("pageSize=2"), 50).expect("page");
        assert_eq!(first, [1, 2]);
        let (second, next) =
            page(&all, &query(&format!("pageSize=2&pageToken={}", next.expect("more"))), 50).expect("page");
        assert_eq!(second, [3, 4]);
        let (last, next) =
            page(&all, &query(&format!("pageSize=2&pageToken={}", next.expect("more"))), 50).expect("page");
        assert_eq!((last, next), (&[5][..], None));
        assert_eq!(page(&all, &query("pageSize=0"), 50).expect("page").0.len(), 5);
        assert!(page(&all, &query("pageSize=x"), 50).is_err());
        assert!(page(&all, &query("pageSize=-1"), 50).is_err());
        assert!(page(&all, &query("pageToken=bogus"), 50).is_err());
    }
}
