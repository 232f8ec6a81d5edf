//! API tokens for writes through the HTTP API.
//!
//! A token is shown once, when created; the store keeps only its SHA-256, so
//! a copied database file does not reveal usable tokens. Each token carries
//! the name recorded as `by` in the audit trail of the edits made with it.

use crate::db::{params, OptionalExtension};
use crate::{SqliteStore, StoreError};
use sha2::{Digest, Sha256};

/// Prefix of every token, so a leaked one is recognisable.
const PREFIX: &str = "sitrep_";
/// Random bytes in a token.
const TOKEN_BYTES: usize = 32;
/// Longest token name accepted.
const MAX_NAME: usize = 100;

/// The name a token was created for (the analyst recorded in the audit trail).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TokenName(pub String);

impl std::fmt::Display for TokenName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

fn hash_token(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn check_name(name: &str) -> Result<&str, StoreError> {
    let name = name.trim();
    let reason = if name.is_empty() {
        Some("a token needs a non-empty name")
    } else if name.chars().count() > MAX_NAME {
        Some("a token name has at most 100 characters")
    } else if name.chars().any(char::is_control) {
        Some("a token name may not contain control characters")
    } else {
        None
    };
    match reason {
        Some(reason) => Err(StoreError::InvalidValue {
            field: "token name".into(),
            value: name.into(),
            reason: reason.into(),
        }),
        None => Ok(name),
    }
}

impl SqliteStore {
    /// Creates a write token for the analyst `name` and returns it. The token
    /// itself is not stored (only its SHA-256): show it to the user now.
    pub fn create_token(&mut self, name: &str) -> Result<String, StoreError> {
        let name = check_name(name)?;
        let mut bytes = [0u8; TOKEN_BYTES];
        getrandom::fill(&mut bytes).map_err(|e| StoreError::Random(e.to_string()))?;
        let token: String = std::iter::once(PREFIX.to_string())
            .chain(bytes.iter().map(|b| format!("{b:02x}")))
            .collect();
        self.conn.execute(
            "INSERT INTO tokens (name, hash) VALUES (?1, ?2)",
            params![name, hash_token(&token)],
        )?;
        Ok(token)
    }

    /// The name of a valid (known, not revoked) token; `None` for any other string.
    pub fn check_token(&self, token: &str) -> Result<Option<TokenName>, StoreError> {
        let token = token.trim();
        if !token.starts_with(PREFIX) {
            return Ok(None);
        }
        let name: Option<String> = self
            .conn
            .query_row(
                "SELECT name FROM tokens WHERE hash = ?1 AND revoked_at IS NULL",
                params![hash_token(token)],
                |r| r.get(0),
            )
            .optional()?;
        Ok(name.map(TokenName))
    }

    /// Revokes every token of the analyst `name`; returns how many were revoked.
    pub fn revoke_tokens(&mut self, name: &str) -> Result<u64, StoreError> {
        let n = self.conn.execute(
            "UPDATE tokens SET revoked_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
             WHERE name = ?1 AND revoked_at IS NULL",
            params![name.trim()],
        )?;
        Ok(n as u64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_round_trip_and_revocation() {
        let mut store = SqliteStore::open_in_memory().unwrap();
        let a = store.create_token("Ana Analyst").unwrap();
        let b = store.create_token("Ben").unwrap();
        assert_ne!(a, b);
        assert!(a.starts_with("sitrep_") && a.len() == 7 + 64);
        assert_eq!(
            store.check_token(&a).unwrap(),
            Some(TokenName("Ana Analyst".into()))
        );
        assert_eq!(store.check_token(&b).unwrap().unwrap().0, "Ben");
        // Wrong, truncated or empty tokens are refused.
        assert_eq!(store.check_token("sitrep_00").unwrap(), None);
        assert_eq!(store.check_token(&a[..a.len() - 1]).unwrap(), None);
        assert_eq!(store.check_token("").unwrap(), None);
        // Only the hash is stored.
        let stored: Vec<String> = {
            let mut st = store.conn.prepare("SELECT hash FROM tokens").unwrap();
            let rows = st.query_map([], |r| r.get(0)).unwrap();
            rows.map(|r| r.unwrap()).collect()
        };
        assert_eq!(stored.len(), 2);
        assert!(stored.iter().all(|h| h.len() == 64 && *h != a[7..]));
        assert_eq!(store.revoke_tokens("Ana Analyst").unwrap(), 1);
        assert_eq!(store.check_token(&a).unwrap(), None);
        assert!(store.check_token(&b).unwrap().is_some());
    }

    #[test]
    fn bad_names_are_refused() {
        let mut store = SqliteStore::open_in_memory().unwrap();
        assert!(store.create_token("  ").is_err());
        assert!(store.create_token("a\nb").is_err());
        assert!(store.create_token(&"x".repeat(101)).is_err());
        assert_eq!(store.create_token(" ok ").map(|t| t.len()).unwrap(), 71);
        let t = store.create_token("trimmed ").unwrap();
        assert_eq!(store.check_token(&t).unwrap().unwrap().0, "trimmed");
    }
}
