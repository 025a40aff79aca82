//! Turning whatever the user typed into an FTS5 query that cannot be a syntax error.
//!
//! FTS5's query language gives meaning to `"`, `*`, `-`, `^`, `:`, `+`, parentheses and the
//! words `AND`, `OR`, `NOT` and `NEAR`; typed as they come, half of what a user types mid-word
//! is an error. So the input is split on whitespace (and control characters) and every piece becomes a quoted string
//! (with `"` doubled), where nothing is an operator. FTS5 then tokenizes each string exactly as
//! it tokenized the text, so `route-play` is the phrase "route play" and `café` matches `cafe`.
//! Pieces without a letter or digit (`-`, `*`, `(`) would be empty phrases and are dropped.
//! All pieces must match. The last piece, while it is still being typed (no whitespace
//! after it), matches as a prefix.

/// At most this many pieces are used: a pasted paragraph stays a cheap query.
const MAX_TERMS: usize = 12;

/// The FTS5 query for `input`, or `None` when there is nothing to search for.
#[must_use]
pub fn fts_query(input: &str) -> Option<String> {
    let searchable = |piece: &&str| piece.chars().any(char::is_alphanumeric);
    let pieces: Vec<&str> = input.split(separator).filter(|piece| !piece.is_empty()).collect();
    let terms: Vec<&str> = pieces.iter().copied().filter(searchable).collect();
    let typing_last = !input.ends_with(separator) && pieces.last().is_some_and(searchable) && terms.len() <= MAX_TERMS;
    let mut query = terms.iter().take(MAX_TERMS).map(|term| quoted(term)).collect::<Vec<_>>().join(" ");
    if query.is_empty() {
        return None;
    }
    if typing_last {
        query.push('*');
    }
    Some(query)
}

/// Whitespace, and control characters: FTS5 reads its query as a C string, so a NUL would
/// end it mid-quote ("unterminated string").
fn separator(c: char) -> bool {
    c.is_whitespace() || c.is_control()
}

fn quoted(term: &str) -> String {
    format!("\"{}\"", term.replace('"', "\"\""))
}

#[cfg(test)]
mod tests {
    use super::fts_query;

    #[test]
    fn every_piece_is_quoted_and_the_one_being_typed_is_a_prefix() {
        assert_eq!(fts_query("route lat").as_deref(), Some(r#""route" "lat"*"#));
        assert_eq!(fts_query("route lat ").as_deref(), Some(r#""route" "lat""#));
    }

    #[test]
    fn operators_and_quotes_lose_their_meaning() {
        assert_eq!(fts_query(r#"say "hi NEAR(x"#).as_deref(), Some(r#""say" """hi" "NEAR(x"*"#));
        assert_eq!(fts_query("a - b -").as_deref(), Some(r#""a" "b""#));
        assert_eq!(fts_query("OR").as_deref(), Some(r#""OR"*"#));
        assert_eq!(fts_query("nul\0byte").as_deref(), Some(r#""nul" "byte"*"#));
    }

    #[test]
    fn nothing_searchable_is_no_query() {
        assert_eq!(fts_query(""), None);
        assert_eq!(fts_query("   "), None);
        assert_eq!(fts_query("* - ( \" )"), None);
    }

    #[test]
    fn a_long_paste_is_capped_and_not_a_prefix() {
        let query = fts_query("word ".repeat(40).trim_end()).expect("a query");
        assert_eq!(query.matches("\"word\"").count(), 12);
        assert!(!query.ends_with('*'));
    }
}
