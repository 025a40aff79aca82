//! A panic on a thread other than the UI's (the history writer, a blocking task) is reported,
//! not lost: through the playground's sink while it runs, and kept for stderr after restore.
//! Its own test binary, since the panic hook is the whole process's.

use std::sync::mpsc;

#[test]
fn a_panic_on_another_thread_reaches_the_sink_and_is_kept_for_stderr() {
    routeplay::terminal::install_panic_hook();
    let (tx, shown) = mpsc::channel::<String>();
    let tx = std::sync::Mutex::new(tx);
    routeplay::terminal::forward_panics(move |report| {
        let _ = tx.lock().unwrap().send(report.to_owned());
    });
    let writer =
        std::thread::Builder::new().name("routeplay-store".into()).spawn(|| panic!("the writer fell over")).unwrap();
    assert!(writer.join().is_err());

    let report = shown.recv_timeout(std::time::Duration::from_secs(5)).expect("the sink was told");
    assert!(report.contains("routeplay-store") && report.contains("the writer fell over"), "{report}");
    assert!(report.contains("panic_report.rs:"), "names where: {report}");
    assert_eq!(routeplay::terminal::take_panics(), vec![report], "kept to print after restore");
}
