//! Code and HTML blocks: shown as written, cut at the width instead of reflowed.

use super::wrap::{self, LineBuf};
use crate::ui::theme::{Role, Theme};
use pulldown_cmark::CodeBlockKind;
use ratatui::text::Span;

const CODE_GUTTER: &str = "▎ ";
/// Tabs in code expand to this, since the terminal's tab stops would misalign the gutter.
const TAB: &str = "    ";

/// The raw text of a code or HTML block, collected until the block ends.
pub(super) struct RawBlock {
    /// `Some` for code (the fence's language, maybe empty), `None` for HTML.
    language: Option<String>,
    pub text: String,
}

impl RawBlock {
    pub fn code(kind: &CodeBlockKind<'_>) -> Self {
        let language = match kind {
            CodeBlockKind::Fenced(info) => info.split_whitespace().next().unwrap_or_default().to_owned(),
            CodeBlockKind::Indented => String::new(),
        };
        RawBlock { language: Some(language), text: String::new() }
    }

    pub fn html() -> Self {
        RawBlock { language: None, text: String::new() }
    }

    /// Drawn left of every line, so code stands apart even without colours.
    pub fn gutter(&self, theme: &Theme) -> Vec<Span<'static>> {
        match self.language {
            Some(_) => vec![Span::styled(CODE_GUTTER, theme.get(Role::CodeBlock))],
            None => Vec::new(),
        }
    }

    /// The block's lines, `avail` columns at most: the language label first, then the text
    /// with long lines cut. Padded to `avail` when the style has a background, so the block
    /// reads as a box.
    pub fn body(&self, theme: &Theme, avail: usize) -> Vec<Vec<Span<'static>>> {
        let style = match self.language {
            Some(_) => theme.get(Role::CodeBlock),
            None => theme.get(Role::Dim),
        };
        let mut chunks = Vec::new();
        if let Some(language) = self.language.as_deref().filter(|language| !language.is_empty()) {
            let label = style.patch(theme.get(Role::Dim)).add_modifier(ratatui::style::Modifier::ITALIC);
            chunks.extend(wrap::hard_wrap(&wrap::clean(language, " "), label, avail));
        }
        // The last line's newline ends the block rather than adding an empty line.
        let text = self.text.strip_suffix('\n').unwrap_or(&self.text);
        for line in text.split('\n') {
            chunks.extend(wrap::hard_wrap(&wrap::clean(line, TAB), style, avail));
        }
        let pad = style.bg.is_some();
        chunks
            .into_iter()
            .map(|mut chunk: LineBuf| {
                if pad && chunk.width < avail {
                    let fill = avail - chunk.width;
                    chunk.push(&" ".repeat(fill), style, fill);
                }
                chunk.spans
            })
            .collect()
    }
}
