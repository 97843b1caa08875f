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
    match_permissions(tmp.path(), path)
        .with_context(|| format!("failed to write {}", path.display()))?;
    tmp.persist(path).with_context(|| format!("failed to write {}", path.display()))?;
    Ok(())
}

/// Gives the temporary file the permissions of the file it replaces, or 0644 for a new file:
/// temporary files are created readable by their owner only.
#[cfg(unix)]
fn match_permissions(tmp: &Path, target: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let perms = match std::fs::metadata(target) {
        Ok(meta) => meta.permissions(),
        Err(_) => std::fs::Permissions::from_mode(0o644),
    };
    std::fs::set_permissions(tmp, perms)
}

#[cfg(not(unix))]
fn match_permissions(_tmp: &Path, _target: &Path) -> std::io::Result<()> {
    Ok(())
}

/// Prints a command's readable summary on stdout (unless the JSON goes there), writes its
/// JSON where `json` says, and says on stderr when an interrupted run covers only `done` of
/// `total` runs or draws.
pub(crate) fn emit<T: serde::Serialize>(
    summary: &str,
    value: &T,
    json: Option<&Path>,
    interrupted: Option<(u64, u64, &str)>,
) -> crate::error::CliResult {
    if json != Some(Path::new("-")) {
        let mut out = std::io::stdout().lock();
        out.write_all(summary.as_bytes())?;
        out.flush()?;
    }
    if let Some(path) = json {
        let text = armistice_report::json::to_json(value)
            .map_err(|e| crate::error::CliError::Other(e.into()))?;
        write(path, text.as_bytes())?;
    }
    if let Some((done, total, what)) = interrupted {
        eprintln!("interrupted: {done} of {total} {what} finished; the results cover those");
    }
    Ok(())
}
