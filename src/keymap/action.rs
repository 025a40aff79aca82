//! User intents a key can be bound to. Keys live in `assets/keymap.default.toml`; names here
//! are the `action` strings used there (`snake_case`).

use serde::{Deserialize, Serialize};

/// Something the user wants done, independent of the key that asked for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    // ── application ──
    /// Leave routeplay; asks first when a draft or a running stream would be lost.
    Quit,
    /// ctrl+c: cancel the running stream; else clear the draft; else quit on a second press
    /// within a second.
    Interrupt,
    /// Turn mouse capture off (the terminal's own text selection works) or on again.
    ToggleMouse,
    /// Show or hide the help overlay.
    ToggleHelp,
    /// Switch to the next theme.
    CycleTheme,
    /// Save the current theme as `theme` in config.toml, keeping the file's comments.
    SaveTheme,
    // ── focus ──
    /// Move focus to the next pane.
    FocusNext,
    /// Move focus to the previous pane.
    FocusPrev,
    /// Focus the prompt editor.
    FocusPrompt,
    // ── runs ──
    /// Send the prompt to the selected target.
    Submit,
    /// Cancel the running request, keeping its partial output.
    CancelRun,
    /// Start a new conversation.
    NewConversation,
    /// Copy the last answer to the clipboard (OSC 52).
    CopyLastAnswer,
    /// Show or hide thinking blocks.
    ToggleThinking,
    // ── prompt settings ──
    /// Edit the system prompt.
    EditSystemPrompt,
    /// Edit the parameters (max tokens, temperature, `top_p`, stop sequences) and the request
    /// controls.
    EditParams,
    /// Attach a file to the next prompt: opens a dialog for its path.
    AttachFile,
    /// Take the last attached file off the next prompt.
    DetachLast,
    /// Count the next request's input tokens on the chosen target (every column when
    /// comparing) with the route's counting endpoint, and show its input cost.
    CountTokens,
    /// Run the doctor's checks on the chosen route and model: can it be called from here, and
    /// if not, why not.
    Doctor,
    // ── lists and scrolling ──
    /// Move up one line or item.
    Up,
    /// Move down one line or item.
    Down,
    /// Move up a page.
    PageUp,
    /// Move down a page.
    PageDown,
    /// Jump to the top.
    Top,
    /// Jump to the bottom (and follow the tail again).
    Bottom,
    /// Previous route.
    PrevRoute,
    /// Next route.
    NextRoute,
    /// Choose the highlighted item.
    Select,
    /// Type a model id by hand.
    CustomModel,
    /// Filter the model list as you type.
    FilterModels,
    /// Choose the AWS region of the Bedrock routes, or the location of the Vertex routes.
    EditRegion,
    /// Choose the AWS profile of the Bedrock routes, or the project of the Vertex routes.
    EditProfile,
    /// Send the Bedrock and Google routes to the built-in emulator with demo credentials, or back.
    ToggleDemo,
    /// Check every route's credential again, and who the AWS credentials belong to.
    RecheckCredentials,
    /// Open or close the history: stored conversations, searchable as you type.
    ToggleHistory,
    /// Delete the chosen stored conversation (asks to confirm).
    DeleteConversation,
    /// Close the overlay or editor without applying.
    Close,
    /// Show or hide the compare view: one prompt sent to several targets side by side.
    ToggleCompare,
    /// Add the chosen route and model to the compare set.
    CompareAdd,
    /// Make the compare set the chosen model on every route that offers it.
    CompareEveryRoute,
    /// Focus the previous compare column.
    ComparePrevColumn,
    /// Focus the next compare column.
    CompareNextColumn,
    /// Show the focused compare column full size, or all columns again.
    CompareZoom,
    /// Cancel the focused compare column's run.
    CompareCancelColumn,
    /// Send the focused compare column's last prompt again.
    CompareRetryColumn,
    /// Take the focused column out of the compare set.
    CompareRemoveColumn,
    /// Make the focused column the reference the others are diffed against.
    CompareReference,
    /// Show each answer as a word diff against the reference column's.
    CompareDiff,
    /// Scroll the compare columns together, or one at a time.
    CompareTogether,
    /// Continue the focused column as a normal conversation.
    ComparePromote,
    /// Save the compare set under a name in the config file.
    CompareSave,
    /// History: take the chosen conversation's last prompt back into the editor (its earlier
    /// turns as context) to send it again on another target.
    RerunFromHistory,
    /// History: send the chosen conversation's last prompt to every target of the compare set.
    CompareFromHistory,
    /// Compare view: open a compare set saved in the config file.
    CompareOpen,
    /// Explain the chosen route (what it is, with sources) and diff its request against another
    /// route's for the same model.
    ExplainRoute,
    /// Open the inspector on the latest run (the focused column's in the compare view): what it
    /// really sent and got back.
    Inspect,
    /// Inspector: show the stream as decoded events or as the raw bytes received.
    ToggleRawStream,
    /// History: play the chosen conversation's answers again from their recorded events.
    ReplayFromHistory,
    /// History: write the chosen conversation as Markdown, JSON and a run file into the data
    /// directory.
    ExportFromHistory,
    /// Demo script: replay its next step.
    ScriptNext,
    /// Inspector: copy the run's request as a `curl` command (keys from the environment).
    CopyAsCurl,
    /// Inspector: copy the run's request as an AWS CLI command (Bedrock runtime routes).
    CopyAsAws,
    /// Inspector: copy the run's request as a Python script with the provider's SDK.
    CopyAsPython,
    /// Inspector: write the run's request as every snippet that fits it, to files in the
    /// current directory.
    WriteSnippets,
    /// Compare view: show each column's request and stream (the inspector) instead of its
    /// answer, or the answers again.
    CompareRequests,
    /// History: change the speed replays play at (1×, 2×, 4×, 10×, ½×).
    CycleReplaySpeed,
    // ── compare at scale ──
    /// Load a prompt-set file (JSONL or one prompt a line) into a matrix over the compare
    /// set's targets: opens a dialog for its path.
    LoadPromptSet,
    /// Show or hide the matrix view: prompts as rows, targets as columns.
    ToggleMatrix,
    /// Matrix view: one more sample of every cell (`--repeat`), before it starts.
    MatrixMoreSamples,
    /// Matrix view: one sample fewer of every cell.
    MatrixFewerSamples,
    /// Matrix view: start (or resume) sending its cells, after a dialog with its size and
    /// estimated cost.
    MatrixStart,
    /// Matrix view: add the route pane's chosen target as a column, before the start.
    MatrixAddTarget,
    /// Matrix view: remove the chosen column, before the start.
    MatrixRemoveTarget,
    /// List the stored matrices, to reopen one (read, resume, open its rows).
    StoredMatrices,
    /// The prompt being written as a one-row matrix over the compare set's targets, each
    /// answering it several times (`compare --repeat N` without a prompt-set file).
    SamplePrompt,
}
