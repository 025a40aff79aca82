//! Marking runs whose writer went away: done once when the store opens (the rule is in
//! [`super::process`]). A run's text received so far stays, and becomes searchable.

use rusqlite::{Connection, Transaction, TransactionBehavior};

use super::process::Writer;

/// Mark every stale `running` row `interrupted`, ending it at its writer's last save.
/// Returns how many were marked. Only `running` rows are read, through a partial index, so the
/// cost does not grow with the size of the history.
pub fn mark_interrupted(conn: &Connection, me: Writer) -> rusqlite::Result<usize> {
    let mut stale = Vec::new();
    {
        let mut select = conn.prepare("SELECT id, writer_pid, writer_start FROM run WHERE status = 'running'")?;
        let mut rows = select.query([])?;
        while let Some(row) = rows.next()? {
            let writer = Writer { pid: row.get(1)?, start: row.get(2)? };
            if !writer.may_be_alive(me) {
                stale.push(row.get::<_, i64>(0)?);
            }
        }
    }
    if stale.is_empty() {
        return Ok(0);
    }
    let tx = Transaction::new_unchecked(conn, TransactionBehavior::Immediate)?;
    let mut marked = 0;
    {
        let mut update = tx.prepare(
            "UPDATE run SET status = 'interrupted', ended_ms = last_write_ms WHERE id = ?1 AND status = 'running'",
        )?;
        for id in stale {
            marked += update.execute([id])?;
        }
    }
    tx.commit()?;
    Ok(marked)
}
