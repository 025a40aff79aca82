//! Standard output for the commands that print results. `println!` panics when the reader
//! has gone (`routeplay history list | head -1`); these end the process quietly instead, as a
//! command killed by SIGPIPE would, since there is no one left to read the rest. On a
//! terminal, control characters in the text are escaped ([`super::terminal_text`]): an
//! answer or a title may hold escape sequences that must not reach it.

use std::io::Write;

/// Write `text` to standard output; a closed pipe ends the process with status 0.
pub fn write(text: &str) {
    let text = super::terminal_text::for_stdout(text);
    let mut stdout = std::io::stdout().lock();
    let written = stdout.write_all(text.as_bytes()).and_then(|()| stdout.flush());
    if let Err(error) = written {
        if error.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!("routeplay: cannot write to standard output: {error}");
        std::process::exit(1);
    }
}

/// `print!`, through [`write`].
macro_rules! out {
    ($($arg:tt)*) => { $crate::cli::output::write(&format!($($arg)*)) };
}

/// `println!`, through [`write`].
macro_rules! outln {
    ($($arg:tt)*) => { $crate::cli::output::write(&(format!($($arg)*) + "\n")) };
}

pub(crate) use {out, outln};
