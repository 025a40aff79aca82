//! The fixed set of roles a theme styles. Views ask for a role, never for a colour, so every
//! theme must define every role (a test checks the built-in ones).

macro_rules! roles {
    ($( $(#[doc = $doc:literal])+ $variant:ident = $name:literal, )+) => {
        /// A named place in the UI that a theme gives a style to.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Role {
            $( $(#[doc = $doc])+ $variant, )+
        }

        impl Role {
            /// Every role, in declaration order (which is also the index order).
            pub const ALL: &[Role] = &[$(Role::$variant),+];

            /// The name used in theme files and in [`super::Theme::style`].
            #[must_use]
            pub const fn name(self) -> &'static str {
                match self {
                    $(Role::$variant => $name,)+
                }
            }

            /// The role with this name, if there is one.
            #[must_use]
            pub fn from_name(name: &str) -> Option<Role> {
                match name {
                    $($name => Some(Role::$variant),)+
                    _ => None,
                }
            }
        }
    };
}

roles! {
    /// Ordinary text; also the base style views fill their area with.
    Text = "text",
    /// Secondary text: hints, placeholders, URLs after links.
    Dim = "dim",
    /// Border of an unfocused pane.
    Border = "border",
    /// Border of the focused pane.
    BorderFocused = "border.focused",
    /// Title of an unfocused pane.
    Title = "title",
    /// Title of the focused pane.
    TitleFocused = "title.focused",
    /// The status bar at the bottom.
    StatusBar = "status.bar",
    /// Key names shown in the status bar.
    StatusKey = "status.key",
    /// The user's prompt in the transcript.
    User = "user",
    /// The model's answer in the transcript.
    Assistant = "assistant",
    /// Thinking blocks in the transcript; should look dimmed.
    Thinking = "thinking",
    /// Tool calls and tool results in the transcript.
    Tool = "tool",
    /// Markdown headings.
    Heading = "heading",
    /// Markdown *emphasis*.
    Emphasis = "emphasis",
    /// Markdown **strong** text.
    Strong = "strong",
    /// Markdown `inline code`.
    Code = "code",
    /// Markdown fenced and indented code blocks.
    CodeBlock = "code.block",
    /// Markdown block quotes, including their gutter.
    Quote = "quote",
    /// Bullets and numbers of Markdown lists.
    ListMarker = "list.marker",
    /// Markdown link text.
    Link = "link",
    /// Markdown horizontal rules and table lines.
    Rule = "rule",
    /// The highlighted item of a list.
    Selection = "selection",
    /// Good news: a credential is ready, a run is done.
    Ok = "ok",
    /// Needs attention: a credential is missing, a run was cancelled.
    Warn = "warn",
    /// Something failed.
    Error = "error",
    /// Small highlights that need no other meaning: the active route, counters.
    Accent = "accent",
    /// Figures such as time to first token and tokens per second.
    Metric = "metric",
    /// Key names in the help overlay.
    HelpKey = "help.key",
    /// Descriptions in the help overlay.
    HelpDesc = "help.desc",
}

impl Role {
    /// Position of this role in [`Role::ALL`], used to index a theme's styles.
    #[must_use]
    pub const fn index(self) -> usize {
        self as usize
    }
}

#[cfg(test)]
mod tests {
    use super::Role;

    #[test]
    fn names_round_trip_and_indexes_match_all() {
        for (i, role) in Role::ALL.iter().enumerate() {
            assert_eq!(role.index(), i);
            assert_eq!(Role::from_name(role.name()), Some(*role));
        }
        assert_eq!(Role::from_name("nope"), None);
    }
}
