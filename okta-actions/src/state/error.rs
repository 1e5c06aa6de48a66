//! [`StateError`]: why a shared-state operation failed. Messages name the store by its
//! redacted address and never carry a password or a stored value.

use std::fmt;

/// Why a [`StateStore`](super::StateStore) operation failed.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum StateError {
    /// The store's address or settings are unusable (at connection time).
    Config {
        /// What is wrong, with any password redacted.
        reason: String,
    },
    /// The store could not be reached or did not answer in time.
    Unavailable {
        /// The store's address, password redacted.
        store: String,
        /// The client library's message.
        reason: String,
    },
    /// The store answered something this crate did not write (another program shares the
    /// key prefix, or a value of another kind sits under the key).
    Unexpected {
        /// The key.
        key: String,
        /// What was wrong with the answer.
        reason: String,
    },
    /// An in-memory store holds as many live entries as it may; nothing was forgotten to
    /// make room for this one.
    Full {
        /// The store's capacity.
        capacity: usize,
    },
}

impl fmt::Display for StateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StateError::Config { reason } => write!(f, "unusable state store: {reason}"),
            StateError::Unavailable { store, reason } => {
                write!(f, "the state store {store} is unavailable: {reason}")
            }
            StateError::Unexpected { key, reason } => {
                write!(
                    f,
                    "the state store holds an unexpected value at `{key}`: {reason}"
                )
            }
            StateError::Full { capacity } => write!(
                f,
                "the in-memory state store holds {capacity} live entries, its capacity"
            ),
        }
    }
}

impl std::error::Error for StateError {}
