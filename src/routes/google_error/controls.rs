//! Hints for the `INVALID_ARGUMENT` refusals a request control draws on the Google routes:
//! thinking settings a model does not take, `labels` on the Gemini API or against the label
//! rules, and inline files of a type Gemini does not read.

/// What to do about a 400 whose `message` names a request control, if it does.
pub(super) fn invalid_argument_hint(message: &str) -> Option<String> {
    let lower = message.to_ascii_lowercase();
    let hint = if lower.contains("only one of thinking budget and thinking level") {
        "set either --thinking (thinkingBudget, Gemini 2.5) or --effort (thinkingLevel, Gemini 3), not both"
    } else if lower.contains("thinking level") || lower.contains("thinking_level") {
        "--effort is Gemini 3's thinkingLevel (low or high; medium and minimal on Gemini 3 Flash only); \
         on Gemini 2.5 use --thinking BUDGET instead"
    } else if lower.contains("thinking budget") || lower.contains("budget 0") || lower.contains("thinking can't") {
        "thinking budgets differ per model: Gemini 2.5 Pro takes 128–32768 and cannot turn thinking off (0); \
         Flash 0–24576; Flash-Lite 512–24576; `--thinking adaptive` (-1) lets the model decide"
    } else if lower.contains("unknown name \"labels\"") {
        "labels (--meta) are Vertex-only: the Gemini API refuses them; use the vertex-gemini route or drop --meta"
    } else if lower.contains("label") {
        "label keys start with a lowercase letter and hold lowercase letters, digits, '_' and '-' (at most 63); \
         values the same, possibly empty; at most 64 labels"
    } else if lower.contains("mime type") || lower.contains("mimetype") {
        "Gemini reads PNG, JPEG, WebP and HEIC/HEIF images, PDFs and plain text inline; convert the file \
         (GIF is not on Google's list)"
    } else if lower.contains("service_tier") || lower.contains("servicetier") {
        "Gemini's service tiers are standard, priority and flex"
    } else {
        return None;
    };
    Some(hint.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hint(message: &str) -> String {
        invalid_argument_hint(message).unwrap_or_default()
    }

    #[test]
    fn each_control_refusal_says_what_to_change() {
        assert!(hint("You can only set only one of thinking budget and thinking level.").contains("not both"));
        assert!(hint("Thinking level is not supported for this model.").contains("--thinking BUDGET"));
        assert!(hint("The thinking budget (52428) is invalid.").contains("128–32768"));
        assert!(
            hint("Budget 0 is invalid. This model only works in thinking mode.").contains("cannot turn thinking off")
        );
        let labels = "Invalid JSON payload received. Unknown name \"labels\": Cannot find field.";
        assert!(hint(labels).contains("vertex-gemini"));
        assert!(hint(r#"label key "Team" starts with 'T', not a lowercase letter"#).contains("lowercase letter"));
        assert!(hint("Unsupported MIME type: image/gif").contains("PNG, JPEG"));
        assert!(
            hint("Unable to submit request because it has a mimeType parameter with value image/gif").contains("PDF")
        );
        assert!(hint("Invalid value at 'service_tier' (type.googleapis.com/x.ServiceTier), \"gold\"").contains("flex"));
        assert_eq!(invalid_argument_hint("Request contains an invalid argument."), None);
    }
}
