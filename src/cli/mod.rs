//! The command line: the playground (no subcommand) and each subcommand, dispatched from
//! what `args` parsed.

mod args;
mod ask;
mod batch;
mod builtin_emulator;
mod compare;
mod count;
mod doctor;
mod doctor_output;
mod emulator;
mod history;
mod input;
mod inspect;
mod live;
pub mod matrix;
mod output;
pub mod playground;
mod record;
mod replay;
mod routes;
mod run_file;
mod snippet;
mod table_cell;
mod terminal_text;

pub use args::*;

/// Run the command line; returns the process exit code.
pub async fn main(cli: Cli) -> i32 {
    match cli.command {
        None => {
            let start = playground::Start {
                route: cli.route,
                model: cli.model,
                demo: cli.demo,
                places: cli.places.places(),
                compare: cli.compare,
                script: cli.script,
                fresh: cli.fresh,
                matrix: cli.matrix,
            };
            playground::run(start).await
        }
        Some(Command::Ask(args)) => ask::run(args).await,
        Some(Command::Routes { json, demo, places }) => routes::run(json, demo, &places.places()).await,
        Some(Command::Emulator(args)) => emulator::run(args).await,
        Some(Command::History(args)) => history::run(args),
        Some(Command::Compare(args)) if args.matrix.prompts.is_some() || args.matrix.resume.is_some() => {
            matrix::run(args).await
        }
        Some(Command::Compare(args)) => compare::run(args).await,
        Some(Command::Matrix(args)) => matrix::command(args),
        Some(Command::Batch(args)) => batch::run(args).await,
        Some(Command::Replay(args)) => replay::run(args).await,
        Some(Command::Snippet(args)) => snippet::run(&args),
        Some(Command::Inspect(args)) => inspect::run(&args),
        Some(Command::Doctor(args)) => doctor::run(args).await,
        Some(Command::ExportRun(args)) => run_file::export(&args),
        Some(Command::ImportRun(args)) => run_file::import(&args),
    }
}

/// The exit code of a command that ended with `result`: its own, or 1 once the error is printed.
fn exit_code(result: Result<i32, String>) -> i32 {
    result.unwrap_or_else(|message| {
        eprintln!("routeplay: {}", terminal_text::for_stderr(&message));
        1
    })
}

/// The config file, with its problems printed as warnings on standard error (each says what
/// applies instead).
fn load_config(paths: &crate::config::paths::Paths) -> crate::config::file::Config {
    let (config, problems) = crate::config::file::Config::load(&paths.config_file());
    for problem in problems {
        eprintln!("routeplay: warning: {problem}");
    }
    config
}
