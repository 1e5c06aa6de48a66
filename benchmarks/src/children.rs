//! Benchmark servers in their own processes: the vendor, the SDK adapter, the hand-written
//! route and the records server each run as a child of this binary, so the CPU time and memory
//! of one are never mixed with another's.

use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::process::{Child, ChildStdin, Command, Stdio};

use crate::Result;

/// The first line a child server prints: `ready <url>`.
const READY: &str = "ready ";

/// A child process of this binary serving on 127.0.0.1. Killed (by its own pid) when dropped;
/// it also exits by itself when this process ends, as its stdin closes.
#[derive(Debug)]
pub(crate) struct ChildServer {
    child: Child,
    url: String,
    /// Held open: the child exits when it reads end-of-file.
    _stdin: Option<ChildStdin>,
}

impl ChildServer {
    /// Runs this binary with `args` and waits for its `ready <url>` line.
    pub(crate) fn spawn(args: &[&str]) -> Result<Self> {
        let mut child = Command::new(std::env::current_exe()?)
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()?;
        let stdin = child.stdin.take();
        let stdout = child.stdout.take().ok_or("the child has no stdout")?;
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line)?;
        let url = line
            .trim()
            .strip_prefix(READY)
            .ok_or_else(|| format!("`{}` did not start: it printed {line:?}", args.join(" ")))?
            .to_owned();
        Ok(ChildServer {
            child,
            url,
            _stdin: stdin,
        })
    }

    /// Where it serves, e.g. `http://127.0.0.1:41234`.
    pub(crate) fn url(&self) -> &str {
        &self.url
    }

    /// Its process id, for `/proc/<pid>/stat`.
    pub(crate) fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for ChildServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// In a child server: says where it serves, and exits when the parent goes away (stdin closes).
pub(crate) fn announce(url: &str) -> Result<()> {
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "{READY}{url}")?;
    stdout.flush()?;
    std::thread::spawn(|| {
        let mut sink = Vec::new();
        let _ = std::io::stdin().read_to_end(&mut sink);
        std::process::exit(0);
    });
    Ok(())
}
