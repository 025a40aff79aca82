//! Rendering tests: each construct, width limits, partial input, and cutting for streaming.

use super::{render, stable_prefix_len};
use crate::ui::theme::{Role, Theme};
use ratatui::style::Modifier;
use ratatui::text::Line;

fn plain(lines: &[Line<'_>]) -> Vec<String> {
    lines.iter().map(ToString::to_string).collect()
}

fn show(text: &str, width: u16) -> Vec<String> {
    plain(&render(text, width, &Theme::default()))
}

/// The span containing `needle` in the rendered lines.
fn span_style(lines: &[Line<'_>], needle: &str) -> ratatui::style::Style {
    lines
        .iter()
        .flat_map(|line| &line.spans)
        .find(|span| span.content.contains(needle))
        .map_or_else(|| panic!("`{needle}` not rendered"), |span| span.style)
}

/// Documents mixing every construct, wide characters and emoji.
const DOCUMENTS: &[&str] = &[
    "# Title\n\nSome *emphasis*, **strong** and `code` in a paragraph that goes on for a while.\n\n- one\n- two with a longer text that wraps\n  - nested item\n- three\n\n1. first\n2. second\n\n> quoted text that is long enough to wrap around\n> > nested quote\n\n```rust\nfn main() { println!(\"a very long line of code that must be cut, not reflowed\"); }\n```\n\n---\n\n[a link](https://example.com/a/rather/long/path) and <https://auto.link>\n",
    "日本語のテキストはとても長いので、折り返す必要があります。中文也是一样的。\n\n- 項目一つ目の長いテキスト\n- 😀 emoji 👨\u{200d}👩\u{200d}👧 family ❤\u{fe0f} hearts 🇺🇸 flags e\u{301} accents\n",
    "| Name | Value | Note |\n|:-----|------:|:----:|\n| alpha | 1 | first |\n| beta beta | 22 | 日本 |\n\nAfter the table.\n",
    "1. **Loose** item\n\n   with a second paragraph\n\n2. Another\n\n   ```\n   code in item\n   ```\n\n- [ ] task\n- [x] done\n\nline one  \nline two after a hard break\n\n<!-- a comment -->\n\n    indented code\n\tthat is tabbed\n",
    "Averyveryverylongwordwithoutanyspacesatallthatmustbebrokenacrosslines ~~struck~~ text\n\n> - list in quote\n>   continued\n>\n> ```sh\n> echo in quote\n> ```\n",
];

#[test]
fn paragraphs_are_separated_by_one_blank_line() {
    assert_eq!(show("one\ntwo\n\n\n\nthree", 20), ["one two", "", "three"]);
}

#[test]
fn headings_are_marked_and_styled() {
    let theme = Theme::default();
    let lines = render("## Section\ntext", 20, &theme);
    assert_eq!(plain(&lines), ["## Section", "", "text"]);
    assert_eq!(span_style(&lines, "Section"), theme.get(Role::Heading));
}

#[test]
fn inline_styles_use_their_roles() {
    let theme = Theme::default();
    let lines = render("*em* **strong** `code` ~~gone~~ plain", 80, &theme);
    assert_eq!(plain(&lines), ["em strong code gone plain"]);
    assert_eq!(span_style(&lines, "em"), theme.get(Role::Emphasis));
    assert_eq!(span_style(&lines, "strong"), theme.get(Role::Strong));
    assert_eq!(span_style(&lines, "code"), theme.get(Role::Code));
    assert!(span_style(&lines, "gone").add_modifier.contains(Modifier::CROSSED_OUT));
    assert_eq!(span_style(&lines, "plain"), ratatui::style::Style::default());
}

#[test]
fn list_items_hang_their_wrapped_lines() {
    assert_eq!(show("- alpha beta gamma\n- delta", 12), ["• alpha beta", "  gamma", "• delta"]);
}

#[test]
fn nested_and_numbered_lists_indent() {
    assert_eq!(
        show("1. one\n2. two\n   - inner item\n     - deeper\n3. three", 30),
        ["1. one", "2. two", "   ◦ inner item", "     ▪ deeper", "3. three"]
    );
}

#[test]
fn loose_lists_keep_their_blank_lines() {
    assert_eq!(show("- a\n\n- b\n\n  more b\n\nafter", 20), ["• a", "", "• b", "", "  more b", "", "after"]);
}

#[test]
fn task_list_items_show_boxes() {
    assert_eq!(show("- [ ] todo\n- [x] done", 20), ["• [ ] todo", "• [x] done"]);
}

#[test]
fn block_quotes_have_a_gutter_on_every_line() {
    let theme = Theme::default();
    let lines = render("> quoted words here\n>\n> second", 10, &theme);
    assert_eq!(plain(&lines), ["│ quoted", "│ words", "│ here", "│", "│ second"]);
    assert_eq!(lines[0].spans[0].style, theme.get(Role::Quote));
}

#[test]
fn fenced_code_is_labelled_and_cut_not_reflowed() {
    let theme = Theme::default();
    let lines = render("```rust\nlet x = 1;   // spaced\nabcdefghijkl\n```", 10, &theme);
    assert_eq!(plain(&lines), ["▎ rust", "▎ let x = ", "▎ 1;   // ", "▎ spaced", "▎ abcdefgh", "▎ ijkl"]);
    assert_eq!(span_style(&lines, "abcdefgh").fg, theme.get(Role::CodeBlock).fg);
}

#[test]
fn code_with_a_background_is_padded_to_a_box() {
    let themes = crate::ui::theme::Themes::built_in();
    let theme = themes.get("catppuccin-mocha").expect("built-in theme");
    let lines = render("```\nab\n```", 8, theme);
    assert_eq!(plain(&lines), ["▎ ab    "]);
}

#[test]
fn rules_span_the_width() {
    assert_eq!(show("a\n\n---\n\nb", 5), ["a", "", "─────", "", "b"]);
}

#[test]
fn links_show_their_url_dimmed_once() {
    let theme = Theme::default();
    let lines = render("[docs](https://x.io) <https://y.io> <me@z.io>", 80, &theme);
    assert_eq!(plain(&lines), ["docs (https://x.io) https://y.io me@z.io"]);
    assert_eq!(span_style(&lines, "docs"), theme.get(Role::Link));
    assert_eq!(span_style(&lines, "(https://x.io)"), theme.get(Role::Dim));
}

#[test]
fn tables_align_when_they_fit_and_stack_when_not() {
    let table = "| a | bb |\n|---|---:|\n| ccc | d |";
    assert_eq!(show(table, 20), ["a   │ bb", "────┼───", "ccc │  d"]);
    assert_eq!(show(table, 6), ["a │ bb", "──────", "ccc │", "d"]);
}

#[test]
fn lines_never_exceed_the_width() {
    let theme = Theme::default();
    for text in DOCUMENTS {
        for width in 1..=60u16 {
            for line in render(text, width, &theme) {
                assert!(line.width() <= usize::from(width), "width {width}: {line:?}");
            }
        }
    }
}

#[test]
fn every_partial_document_fits_too() {
    let theme = Theme::default();
    for text in DOCUMENTS {
        for end in (0..=text.len()).filter(|&end| text.is_char_boundary(end)) {
            for width in [1, 2, 7, 30] {
                for line in render(&text[..end], width, &theme) {
                    assert!(line.width() <= usize::from(width), "width {width}, {:?}: {line:?}", &text[..end]);
                }
            }
        }
    }
}

#[test]
fn zero_width_renders_nothing() {
    for text in DOCUMENTS {
        assert!(render(text, 0, &Theme::default()).is_empty());
    }
}

#[test]
fn partial_input_renders_what_is_there() {
    assert_eq!(show("text\n\n```py\nprint(1)\nprin", 20), ["text", "", "▎ py", "▎ print(1)", "▎ prin"]);
    assert_eq!(show("```", 20), ["▎ "]);
    assert_eq!(show("some **bold", 20), ["some **bold"]);
    assert_eq!(show("- one\n- ", 20), ["• one", "• "]);
    assert_eq!(show("| a | b |\n|---|", 20), ["| a | b | |---|"]);
}

#[test]
fn control_characters_are_dropped() {
    assert_eq!(show("red \u{1b}[31mtext", 20), ["red [31mtext"]);
}

/// Rendering the stable prefix and the rest apart, joined by a blank line, matches the whole.
fn assert_cut_is_invisible(text: &str, width: u16) {
    let theme = Theme::default();
    let cut = stable_prefix_len(text);
    let whole = render(text, width, &theme);
    if cut == 0 {
        return;
    }
    let mut joined = render(&text[..cut], width, &theme);
    joined.push(Line::default());
    joined.extend(render(&text[cut..], width, &theme));
    assert_eq!(plain(&joined), plain(&whole), "cut at {cut} of {text:?}");
    assert_eq!(joined, whole, "styles differ, cut at {cut} of {text:?}");
}

#[test]
fn stable_prefix_cut_renders_like_the_whole() {
    for text in DOCUMENTS {
        assert!(stable_prefix_len(text) > 0, "no cut in {text:?}");
        for end in (0..=text.len()).filter(|&end| text.is_char_boundary(end)) {
            assert_cut_is_invisible(&text[..end], 24);
        }
    }
}

#[test]
fn stable_prefix_avoids_fences_lists_and_reference_definitions() {
    assert_eq!(stable_prefix_len("a\n\nb"), 3);
    assert_eq!(stable_prefix_len("a\n\n```\nx\n\ny"), 3);
    assert_eq!(stable_prefix_len("a\n\n```\nx\n\ny\n```\n\nz"), 17);
    assert_eq!(stable_prefix_len("- a\n- b\n\n- c"), 0);
    assert_eq!(stable_prefix_len("- a\n\n  b\n\n  c"), 0);
    assert_eq!(stable_prefix_len("1. a\n\n2"), 0);
    assert_eq!(stable_prefix_len("1. a\n\n2\n"), 6);
    assert_eq!(stable_prefix_len("> a\n>\n> b"), 0);
    assert_eq!(stable_prefix_len("[x]\n\n[x]: https://example.com\n\nmore"), 0);
    assert_eq!(stable_prefix_len("no blank line yet"), 0);
}

#[test]
fn snapshot_of_a_mixed_document() {
    insta::assert_snapshot!(show(DOCUMENTS[0], 36).join("\n"));
}

#[test]
fn snapshot_of_wide_characters() {
    insta::assert_snapshot!(show(DOCUMENTS[1], 20).join("\n"));
}

#[test]
fn snapshot_of_lists_tables_and_breaks() {
    insta::assert_snapshot!(format!(
        "{}\n=====\n{}",
        show(DOCUMENTS[2], 40).join("\n"),
        show(DOCUMENTS[3], 30).join("\n")
    ));
}
