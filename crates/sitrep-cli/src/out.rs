//! Standard output that notices when its reader has gone away (`sitrep export | head -1`).
//!
//! Every command writes its stdout through [`stdout`]. A write that fails with a broken
//! pipe marks the output closed, whatever error type it is later wrapped in (a store
//! error, a JSON error, an `anyhow` chain), and `main` then ends quietly with status 0,
//! as `head` asked for no more.

use std::io::{BufWriter, StdoutLock, Write};
use std::sync::atomic::{AtomicBool, Ordering};

static CLOSED: AtomicBool = AtomicBool::new(false);

/// Whether a write to stdout has found the pipe closed.
pub fn closed() -> bool {
    CLOSED.load(Ordering::Relaxed)
}

/// Buffered, locked stdout; a broken pipe marks it [`closed`].
pub struct Stdout(BufWriter<StdoutLock<'static>>);

/// The process's stdout, buffered and locked (flush it before it drops: a flush on drop
/// cannot report an error).
pub fn stdout() -> Stdout {
    Stdout(BufWriter::new(std::io::stdout().lock()))
}

fn note(e: std::io::Error) -> std::io::Error {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        CLOSED.store(true, Ordering::Relaxed);
    }
    e
}

impl Write for Stdout {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.write(buf).map_err(note)
    }

    fn write_all(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.0.write_all(buf).map_err(note)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush().map_err(note)
    }
}
