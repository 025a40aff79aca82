//! Short distinct labels for compare targets: the part of each route and model id that tells it
//! apart from the others (`converse sonnet-4-5`), so a narrow strip never reads "bedrock…" thrice.

use crate::routes::Target;

/// One short label per target, in order: the shortest distinguishing suffix of the route (when
/// the routes differ) and of the model id (when the models differ). The caller adds the column
/// number, which keeps labels distinct even for identical targets.
#[must_use]
pub fn short_labels(targets: &[Target]) -> Vec<String> {
    let routes: Vec<String> = targets.iter().map(|t| t.route.to_string()).collect();
    let full: Vec<String> = targets.iter().map(|t| t.model.clone()).collect();
    let short: Vec<String> = targets.iter().map(|t| without_release(&t.model).to_owned()).collect();
    // Dropping prefixes, dates and `-v1:0` must not merge two targets the full ids tell apart.
    let pairs = |models: &[String]| {
        distinct_count(&routes.iter().zip(models).map(|(r, m)| format!("{r} {m}")).collect::<Vec<_>>())
    };
    let models = if pairs(&short) < pairs(&full) { full } else { short };
    let route_parts = suffixes(&routes);
    let model_parts = suffixes(&models);
    route_parts
        .into_iter()
        .zip(model_parts)
        .map(|(route, model)| match (route.is_empty(), model.is_empty()) {
            (true, true) => String::new(),
            (false, true) => route,
            (true, false) => model,
            (false, false) => format!("{route} {model}"),
        })
        .collect()
}

/// For each id, its shortest suffix (starting at a separator) that no other distinct id ends
/// with, preferring one with a word in it; empty when every id is the same.
fn suffixes(ids: &[String]) -> Vec<String> {
    if distinct_count(ids) < 2 {
        return vec![String::new(); ids.len()];
    }
    ids.iter()
        .map(|id| {
            let others: Vec<&String> = ids.iter().filter(|other| *other != id).collect();
            let unique: Vec<&str> = starts(id)
                .into_iter()
                .rev()
                .map(|start| &id[start..])
                .filter(|tail| others.iter().all(|other| !ends_at_boundary(other, tail)))
                .collect();
            // A bare number (`4-5`) names no model: prefer a tail with a word in it.
            let worded = unique.iter().find(|tail| tail.chars().any(char::is_alphabetic));
            worded.or(unique.first()).map_or_else(|| id.clone(), |tail| (*tail).to_owned())
        })
        .collect()
}

/// Whether `id` ends with `tail` starting at one of its own boundaries (so `sonnet` does not
/// clash with `opus-sonnet`'s tail only by accident of characters).
fn ends_at_boundary(id: &str, tail: &str) -> bool {
    id.ends_with(tail) && starts(id).contains(&(id.len() - tail.len()))
}

/// Byte offsets where a part of `id` starts: 0 and after each separator, except between two
/// digits, so `2.5` and `4-5` stay whole.
fn starts(id: &str) -> Vec<usize> {
    let chars: Vec<(usize, char)> = id.char_indices().collect();
    let mut starts = vec![0];
    for window in chars.windows(3) {
        let [(_, before), (_, sep), (next, after)] = [window[0], window[1], window[2]];
        let separator = matches!(sep, '-' | '.' | '_' | ':' | '/' | '@');
        if separator && !(before.is_ascii_digit() && after.is_ascii_digit()) {
            starts.push(next);
        }
    }
    starts
}

/// `id` without a region or vendor prefix (`global.anthropic.`) and a trailing release date or
/// version (`-20250929`, `-v1:0`, `@001`), which say little about which model it is.
fn without_release(id: &str) -> &str {
    let mut id = id;
    // A `.` before a letter ends a prefix; a `.` between digits is a version (`2.5`).
    if let Some(dot) = id
        .char_indices()
        .rev()
        .find(|&(at, c)| c == '.' && id[at + 1..].starts_with(char::is_alphabetic))
        .map(|(at, _)| at)
    {
        id = &id[dot + 1..];
    }
    loop {
        let Some(cut) = id.rfind(['-', '@']) else { return id };
        let tail = &id[cut + 1..];
        let date = tail.len() >= 6 && tail.bytes().all(|b| b.is_ascii_digit());
        let version = tail.starts_with('v') && tail[1..].bytes().all(|b| b.is_ascii_digit() || b == b':');
        let revision = id.as_bytes()[cut] == b'@';
        if cut == 0 || !(date || version || revision) {
            return id;
        }
        id = &id[..cut];
    }
}

fn distinct_count(ids: &[String]) -> usize {
    let mut seen: Vec<&String> = ids.iter().collect();
    seen.sort();
    seen.dedup();
    seen.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routes::RouteId;

    fn labels(targets: &[(RouteId, &str)]) -> Vec<String> {
        short_labels(&targets.iter().map(|(route, model)| Target::new(*route, *model)).collect::<Vec<_>>())
    }

    #[test]
    fn same_model_on_four_routes_is_told_apart_by_route() {
        let model = "anthropic.claude-sonnet-4-5-20250929-v1:0";
        let got = labels(&[
            (RouteId::BedrockMantle, model),
            (RouteId::BedrockInvoke, model),
            (RouteId::BedrockConverse, "global.anthropic.claude-sonnet-4-5-20250929-v1:0"),
            (RouteId::Anthropic, "claude-sonnet-4-5-20250929"),
        ]);
        assert_eq!(got, ["mantle", "invoke", "converse", "anthropic"]);
    }

    #[test]
    fn models_lose_their_release_date_and_shared_prefix() {
        let got = labels(&[
            (RouteId::Anthropic, "claude-sonnet-4-5-20250929"),
            (RouteId::Anthropic, "claude-haiku-4-5-20251001"),
            (RouteId::Emulator, "emulator-tools"),
        ]);
        assert_eq!(got, ["anthropic sonnet-4-5", "anthropic haiku-4-5", "emulator tools"]);
    }

    #[test]
    fn a_region_prefix_is_kept_when_it_is_the_only_difference() {
        let got = labels(&[
            (RouteId::BedrockConverse, "us.anthropic.claude-sonnet-4-5-20250929-v1:0"),
            (RouteId::BedrockConverse, "global.anthropic.claude-sonnet-4-5-20250929-v1:0"),
        ]);
        assert_eq!(
            got,
            ["us.anthropic.claude-sonnet-4-5-20250929-v1:0", "global.anthropic.claude-sonnet-4-5-20250929-v1:0"]
        );
    }

    #[test]
    fn a_date_is_kept_when_it_is_the_only_difference() {
        let got = labels(&[
            (RouteId::Anthropic, "claude-sonnet-4-20250514"),
            (RouteId::Anthropic, "claude-sonnet-4-20250601"),
        ]);
        assert_eq!(got, ["sonnet-4-20250514", "sonnet-4-20250601"]);
    }

    #[test]
    fn version_numbers_stay_whole() {
        let got = labels(&[(RouteId::GeminiApi, "gemini-2.5-flash"), (RouteId::GeminiApi, "gemini-2.0-flash")]);
        assert_eq!(got, ["2.5-flash", "2.0-flash"]);
    }

    #[test]
    fn identical_targets_get_empty_labels_for_the_column_number_to_tell_apart() {
        let got = labels(&[(RouteId::Emulator, "emulator-sonnet"), (RouteId::Emulator, "emulator-sonnet")]);
        assert_eq!(got, ["", ""]);
    }
}
