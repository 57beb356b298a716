//! Where uploaded files live. The database stores a key; a `FileStore` maps keys to bytes. The
//! data directory is the default; an object store can implement the same trait.

use std::collections::HashMap;
use std::io;
use std::path::PathBuf;
use std::sync::{Mutex, PoisonError};

/// Keys are made by Tandem (`datasets/12/34-<hash>`), never from user input, so they need no
/// escaping; implementations still refuse anything that could leave their root.
pub trait FileStore: Send + Sync {
    fn put(&self, key: &str, bytes: &[u8]) -> io::Result<()>;
    fn get(&self, key: &str) -> io::Result<Vec<u8>>;
    fn delete(&self, key: &str) -> io::Result<()>;
}

fn checked(key: &str) -> io::Result<&str> {
    let safe = !key.is_empty()
        && key.split('/').all(|part| {
            !part.is_empty()
                && part != "."
                && part != ".."
                && part.chars().all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
        });
    if safe { Ok(key) } else { Err(io::Error::new(io::ErrorKind::InvalidInput, format!("unsafe file key {key:?}"))) }
}

/// Files under a directory (normally `<data dir>/files`). Writes go to a temporary name first
/// and are renamed, so a reader never sees half a file.
#[derive(Debug, Clone)]
pub struct LocalFiles {
    root: PathBuf,
}

impl LocalFiles {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into() }
    }
}

impl FileStore for LocalFiles {
    fn put(&self, key: &str, bytes: &[u8]) -> io::Result<()> {
        let path = self.root.join(checked(key)?);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let partial = path.with_extension("partial");
        std::fs::write(&partial, bytes)?;
        std::fs::rename(&partial, &path)
    }

    fn get(&self, key: &str) -> io::Result<Vec<u8>> {
        std::fs::read(self.root.join(checked(key)?))
    }

    fn delete(&self, key: &str) -> io::Result<()> {
        match std::fs::remove_file(self.root.join(checked(key)?)) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
            other => other,
        }
    }
}

/// Files in memory, for tests and benchmarks.
#[derive(Debug, Default)]
pub struct MemoryFiles {
    files: Mutex<HashMap<String, Vec<u8>>>,
}

impl FileStore for MemoryFiles {
    fn put(&self, key: &str, bytes: &[u8]) -> io::Result<()> {
        self.files.lock().unwrap_or_else(PoisonError::into_inner).insert(checked(key)?.to_owned(), bytes.to_vec());
        Ok(())
    }

    fn get(&self, key: &str) -> io::Result<Vec<u8>> {
        self.files
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(checked(key)?)
            .cloned()
            .ok_or_else(|| io::Error::new(io::ErrorKind::NotFound, key.to_owned()))
    }

    fn delete(&self, key: &str) -> io::Result<()> {
        self.files.lock().unwrap_or_else(PoisonError::into_inner).remove(checked(key)?);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_files_round_trip_and_refuse_escaping_keys() {
        let root = std::env::temp_dir().join(format!("tandem-files-{}", std::process::id()));
        let store = LocalFiles::new(&root);
        store.put("datasets/1/2-abc.csv", b"a,b\n1,2\n").unwrap();
        assert_eq!(store.get("datasets/1/2-abc.csv").unwrap(), b"a,b\n1,2\n");
        for bad in ["../etc/passwd", "/abs", "a//b", "a/./b", "spaced name"] {
            assert_eq!(store.put(bad, b"x").unwrap_err().kind(), io::ErrorKind::InvalidInput, "{bad}");
        }
        store.delete("datasets/1/2-abc.csv").unwrap();
        assert_eq!(store.get("datasets/1/2-abc.csv").unwrap_err().kind(), io::ErrorKind::NotFound);
        store.delete("datasets/1/2-abc.csv").unwrap();
        let _ = std::fs::remove_dir_all(root);
    }
}
