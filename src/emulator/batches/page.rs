//! The list pager the API shares with `GET /v1/models`: `limit` (1 to 1000, default 20),
//! `after_id` (the page after that item) and `before_id` (the page just before it).

use std::ops::Range;

/// Page size without `limit`, as the API.
const DEFAULT_LIMIT: usize = 20;

/// Which items of the listing a page shows, and whether more lie beyond it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shown {
    pub range: Range<usize>,
    pub has_more: bool,
}

/// The page of `ids` (in listing order) the query string asks for; an unknown id in
/// `after_id` or `before_id` gives an empty page.
pub fn page(ids: &[&str], query: &str) -> Result<Shown, String> {
    let mut limit = DEFAULT_LIMIT;
    let (mut start, mut end) = (0, ids.len());
    let mut from_end = false;
    for (name, value) in query.split('&').filter_map(|pair| pair.split_once('=')) {
        match name {
            "limit" => {
                limit = value
                    .parse()
                    .ok()
                    .filter(|n| (1..=1000).contains(n))
                    .ok_or_else(|| format!("limit: must be an integer from 1 to 1000, not {value:?}"))?;
            }
            "after_id" => start = ids.iter().position(|id| *id == value).map_or(ids.len(), |at| at + 1),
            "before_id" => {
                end = ids.iter().position(|id| *id == value).unwrap_or(0);
                from_end = true;
            }
            _ => {}
        }
    }
    let end = end.max(start);
    let has_more = end - start > limit;
    let range = if from_end { end.saturating_sub(limit).max(start)..end } else { start..(start + limit).min(end) };
    Ok(Shown { range, has_more })
}

#[cfg(test)]
mod tests {
    use super::*;

    const IDS: [&str; 5] = ["e", "d", "c", "b", "a"];

    #[test]
    fn pages_forward_and_back() {
        assert_eq!(page(&IDS, "").unwrap(), Shown { range: 0..5, has_more: false });
        assert_eq!(page(&IDS, "limit=2").unwrap(), Shown { range: 0..2, has_more: true });
        assert_eq!(page(&IDS, "limit=2&after_id=d").unwrap(), Shown { range: 2..4, has_more: true });
        assert_eq!(page(&IDS, "limit=2&after_id=b").unwrap(), Shown { range: 4..5, has_more: false });
        assert_eq!(page(&IDS, "limit=2&before_id=b").unwrap(), Shown { range: 1..3, has_more: true });
        assert_eq!(page(&IDS, "after_id=zz").unwrap().range, 5..5);
        assert!(page(&IDS, "limit=0").is_err());
        assert!(page(&IDS, "limit=1001").is_err());
    }
}
