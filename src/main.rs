//! The `routeplay` binary: parses the command line and hands over to `routeplay::cli`.

use clap::Parser;

fn main() {
    let cli = routeplay::cli::Cli::parse();
    // `ask` streams one answer: on one thread, each event is read, decoded and printed without
    // being handed from a worker thread to the one that prints.
    let mut builder = if matches!(cli.command, Some(routeplay::cli::Command::Ask(_))) {
        tokio::runtime::Builder::new_current_thread()
    } else {
        tokio::runtime::Builder::new_multi_thread()
    };
    let runtime = match builder.enable_all().build() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("routeplay: cannot start the async runtime: {error}");
            std::process::exit(1);
        }
    };
    let code = runtime.block_on(routeplay::cli::main(cli));
    // Do not wait for lingering tasks (a stalled stream, the emulator) on the way out.
    runtime.shutdown_background();
    std::process::exit(code);
}
