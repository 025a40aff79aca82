//! How fast replays play: a setting the history cycles through, shown where a replay starts.

use super::App;

/// The speeds `ctrl+f` in the history steps through, in order.
const SPEEDS: [f64; 5] = [1.0, 2.0, 4.0, 10.0, 0.5];

impl App {
    /// Step to the next replay speed.
    pub(super) fn cycle_replay_speed(&mut self) {
        let index = SPEEDS.iter().position(|speed| (speed - self.replay_speed).abs() < f64::EPSILON);
        self.replay_speed = SPEEDS[index.map_or(0, |i| (i + 1) % SPEEDS.len())];
        self.notify(format!("replays play at {}", self.speed_label()));
    }

    /// The replay speed as the user reads it: "their recorded pace", "2× speed", "½ speed".
    #[must_use]
    pub fn speed_label(&self) -> String {
        match self.replay_speed {
            speed if (speed - 1.0).abs() < f64::EPSILON => "their recorded pace".to_owned(),
            speed if (speed - 0.5).abs() < f64::EPSILON => "½ speed".to_owned(),
            speed => format!("{speed}× speed"),
        }
    }
}
