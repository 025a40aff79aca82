//! Attachments as Converse content blocks (PROTOCOLS-WAVE2 §3b): an image as
//! `{"image":{"format","source":{"bytes"}}}`, a PDF or text file as
//! `{"document":{"format","name","source":{"bytes"}}}` (blobs are base64 in JSON). A document's
//! `name` has strict rules (BCR `DocumentBlock.name`): 1–200 characters, only alphanumerics,
//! whitespace (never two in a row), hyphens, parentheses and square brackets; and Bedrock refuses
//! two documents of one message with the same name.

use serde_json::{Value, json};
use std::collections::HashSet;

use crate::routes::attachment::Attachment;

/// The longest document name Bedrock takes.
const MAX_NAME: usize = 200;
/// The name of a document whose file name keeps nothing.
const FALLBACK_NAME: &str = "document";

/// The blocks for a user turn's attachments, in order, with distinct document names.
#[must_use]
pub fn attachment_blocks(attachments: &[Attachment]) -> Vec<Value> {
    let mut names = HashSet::new();
    attachments
        .iter()
        .map(|attachment| {
            let source = json!({ "bytes": attachment.base64() });
            if attachment.kind.is_image() {
                json!({ "image": { "format": attachment.kind.format(), "source": source } })
            } else {
                let name = distinct(&document_name(&attachment.name), &mut names);
                json!({ "document": { "format": attachment.kind.format(), "name": name, "source": source } })
            }
        })
        .collect()
}

/// Whether any of `attachments` is sent as a document (which needs a text block beside it).
#[must_use]
pub fn has_document(attachments: &[Attachment]) -> bool {
    attachments.iter().any(|attachment| !attachment.kind.is_image())
}

/// A file name made into a document name Bedrock takes: the extension dropped, every other
/// character that is not allowed turned into a hyphen (`report_v2.final.pdf` →
/// `report-v2-final`), whitespace runs made one space, cut to 200 characters.
#[must_use]
pub fn document_name(file_name: &str) -> String {
    let stem = match file_name.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem,
        _ => file_name,
    };
    let mut name = String::new();
    for c in stem.chars() {
        let next = if c.is_ascii_alphanumeric() || "()[]".contains(c) {
            c
        } else if c.is_whitespace() {
            ' '
        } else {
            '-'
        };
        // Runs of replaced characters and of whitespace become one.
        if (next == ' ' || next == '-') && name.ends_with(next) {
            continue;
        }
        name.push(next);
    }
    let name = name.trim_matches(|c| c == ' ' || c == '-');
    let name: String = name.chars().take(MAX_NAME).collect();
    let name = name.trim_end();
    if name.is_empty() { FALLBACK_NAME.to_owned() } else { name.to_owned() }
}

/// `name`, or `name (2)`, `name (3)`… when it is already taken, still within 200 characters.
fn distinct(name: &str, taken: &mut HashSet<String>) -> String {
    let mut candidate = name.to_owned();
    let mut number = 2;
    while taken.contains(&candidate) {
        let suffix = format!(" ({number})");
        let stem: String = name.chars().take(MAX_NAME - suffix.len()).collect();
        candidate = format!("{}{suffix}", stem.trim_end());
        number += 1;
    }
    taken.insert(candidate.clone());
    candidate
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routes::attachment::AttachmentKind;

    #[test]
    fn names_are_sanitised() {
        let cases = [
            ("report_v2.final.pdf", "report-v2-final"),
            ("Quarterly Report (Q3) [draft].pdf", "Quarterly Report (Q3) [draft]"),
            ("two  spaces\tand tab.txt", "two spaces and tab"),
            ("John's report.pdf", "John-s report"),
            ("__init__.txt", "init"),
            ("Résumé.pdf", "R-sum"),
            ("分析.pdf", FALLBACK_NAME),
            (".pdf", "pdf"),
            ("notes", "notes"),
            ("a - b.txt", "a - b"),
        ];
        for (file, expected) in cases {
            assert_eq!(document_name(file), expected, "{file}");
        }
        let long = format!("{}.pdf", "x".repeat(300));
        assert_eq!(document_name(&long).len(), MAX_NAME);
    }

    #[test]
    fn every_sanitised_name_follows_the_rules() {
        for file in ["a..b", "  lead", "x__ __y.pdf", "((ok))", "\u{0}\u{1}.bin", "end -.txt"] {
            let name = document_name(file);
            assert!((1..=MAX_NAME).contains(&name.len()), "{file:?} → {name:?}");
            assert!(name.chars().all(|c| c.is_ascii_alphanumeric() || " -()[]".contains(c)), "{name:?}");
            assert!(!name.contains("  "), "{name:?}");
        }
    }

    #[test]
    fn duplicate_names_get_a_number() {
        let mut taken = HashSet::new();
        assert_eq!(distinct("notes", &mut taken), "notes");
        assert_eq!(distinct("notes", &mut taken), "notes (2)");
        assert_eq!(distinct("notes", &mut taken), "notes (3)");
        let long = "y".repeat(MAX_NAME);
        assert_eq!(distinct(&long, &mut taken), long);
        assert_eq!(distinct(&long, &mut taken).len(), MAX_NAME);
    }

    #[test]
    fn images_and_documents_in_converse_shape() {
        let blocks = attachment_blocks(&[
            Attachment::of_bytes("cat.png", AttachmentKind::Png, b"png"),
            Attachment::of_bytes("a_b.pdf", AttachmentKind::Pdf, b"%PDF"),
            Attachment::of_bytes("a-b.txt", AttachmentKind::Text, b"hi"),
        ]);
        assert_eq!(
            blocks,
            [
                json!({"image": {"format": "png", "source": {"bytes": "cG5n"}}}),
                json!({"document": {"format": "pdf", "name": "a-b", "source": {"bytes": "JVBERg=="}}}),
                json!({"document": {"format": "txt", "name": "a-b (2)", "source": {"bytes": "aGk="}}}),
            ]
        );
    }
}
