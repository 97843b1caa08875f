//! Writing outputs without ever losing what the user had: write a temporary file beside
//! the target, then rename it over the target. `-` means stdout.

use std::io::Write;
use std::path::Path;

use anyhow::Context;

/// Writes `bytes` to `path` atomically, or to stdout when `path` is `-`.
pub(crate) fn write(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    if path == Path::new("-") {
        let mut out = std::io::stdout().lock();
        out.write_all(bytes)?;
        out.flush()?;
        return Ok(());
    }
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::NamedTempFile::new_in(dir)
        .with_context(|| format!("failed to create a temporary file in {}", dir.display()))?;
    tmp.write_all(bytes).with_context(|| format!("failed to write {}", path.display()))?;
    tmp.persist(path).with_context(|| format!("failed to write {}", path.display()))?;
    Ok(())
}
