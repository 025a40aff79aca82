//! Who is writing a `running` row, and whether that writer is still alive.
//!
//! Each run row records its writer: the process id and the process's start time. On Linux the
//! start time is field 22 of `/proc/<pid>/stat` (clock ticks since boot), which tells a live
//! writer from an unrelated process that was later given the same pid.
//!
//! The rule, applied by [`super::Store::open`] to every `running` row:
//! - the row's pid is this process's pid: the writer is alive when the start time matches (the
//!   run belongs to this process, perhaps another connection of it); a different start time
//!   means an earlier process that had the same pid (common in containers) — stale;
//! - another pid: stale when `/proc/<pid>` does not exist, or exists with a different start
//!   time (the pid was reused);
//! - without `/proc` (not Linux), or when `/proc/<pid>/stat` cannot be read or parsed, a foreign
//!   writer counts as alive: a run is never marked interrupted on a guess.
//!
//! Where `/proc/self/stat` cannot be read, the start time is the moment this process first
//! asked, which still tells this process from earlier ones with the same pid.

use std::fs;
use std::io::ErrorKind;
use std::path::Path;
use std::sync::OnceLock;

/// A process that writes runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Writer {
    pub pid: i64,
    pub start: i64,
}

impl Writer {
    /// This process.
    pub fn current() -> Writer {
        static CURRENT: OnceLock<Writer> = OnceLock::new();
        *CURRENT.get_or_init(|| {
            let pid = i64::from(std::process::id());
            let start = match fs::read_to_string("/proc/self/stat") {
                Ok(stat) => start_ticks(&stat),
                Err(_) => None, // no procfs: fall back to the time of this first call
            };
            let start = start.unwrap_or_else(super::ids::now_ms);
            Writer { pid, start }
        })
    }

    /// Whether this writer may still be running, seen from `me` (see the module's rule).
    pub fn may_be_alive(self, me: Writer) -> bool {
        if self.pid == me.pid {
            return self.start == me.start;
        }
        match fs::read_to_string(format!("/proc/{}/stat", self.pid)) {
            Ok(stat) => start_ticks(&stat).is_none_or(|start| start == self.start),
            Err(error) if error.kind() == ErrorKind::NotFound => !Path::new("/proc/self/stat").exists(),
            Err(_) => true,
        }
    }
}

/// Field 22 (`starttime`) of a `/proc/<pid>/stat` line. The command name (field 2) is in
/// parentheses and may itself hold spaces and parentheses, so fields are counted from the last
/// closing parenthesis, where field 3 starts.
fn start_ticks(stat: &str) -> Option<i64> {
    let (_, after_name) = stat.rsplit_once(')')?;
    after_name.split_whitespace().nth(22 - 3)?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::process::Command;

    #[test]
    fn the_start_time_is_read_past_a_name_with_spaces_and_parentheses() {
        let stat = "4242 (odd) name (x)) S 1 4242 4242 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 987654 1000 10";
        assert_eq!(start_ticks(stat), Some(987_654));
        assert_eq!(start_ticks("garbage"), None);
        assert_eq!(start_ticks("1 (short) S 1"), None);
    }

    #[test]
    fn this_process_is_alive_and_an_earlier_one_with_its_pid_is_not() {
        let me = Writer::current();
        assert!(me.may_be_alive(me));
        assert!(!Writer { start: me.start - 1, ..me }.may_be_alive(me));
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_reaped_child_is_gone_and_a_live_one_is_alive_unless_its_pid_was_reused() {
        let me = Writer::current();
        let mut exited = Command::new("true").spawn().expect("spawn true");
        let pid = i64::from(exited.id());
        exited.wait().expect("wait");
        assert!(!Writer { pid, start: 0 }.may_be_alive(me));

        let mut sleeping = Command::new("sleep").arg("30").spawn().expect("spawn sleep");
        let pid = i64::from(sleeping.id());
        let stat = fs::read_to_string(format!("/proc/{pid}/stat")).expect("stat");
        let ticks = start_ticks(&stat).expect("start time");
        assert!(Writer { pid, start: ticks }.may_be_alive(me));
        assert!(!Writer { pid, start: ticks + 1 }.may_be_alive(me));
        sleeping.kill().expect("kill");
        sleeping.wait().expect("wait");
    }
}
