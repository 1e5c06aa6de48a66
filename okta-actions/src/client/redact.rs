//! Scrubbing a tenant's secrets out of any text that might be shown (vendor messages echoing a
//! key, transport errors quoting a URL with an API-key query parameter).

use std::fmt;
use std::sync::Arc;

use okta_actions_contracts::Secret;

/// What replaces a secret.
const REDACTED: &str = "[redacted]";

/// The secrets of one vendor client; [`Redactor::scrub`] removes them from text.
#[derive(Clone, Default)]
pub(crate) struct Redactor {
    secrets: Arc<[Secret]>,
}

impl Redactor {
    /// A redactor for these secrets (empty ones are ignored).
    pub(crate) fn new(secrets: impl IntoIterator<Item = Secret>) -> Self {
        let mut secrets: Vec<Secret> = secrets
            .into_iter()
            .filter(|secret| !secret.expose().is_empty())
            .collect();
        // Longest first, so a secret that contains another is removed whole.
        secrets.sort_by_key(|secret| std::cmp::Reverse(secret.expose().len()));
        Redactor {
            secrets: secrets.into(),
        }
    }

    /// A redactor that also removes `extra` (an access token obtained later).
    pub(crate) fn with(&self, extra: &Secret) -> Self {
        Redactor::new(self.secrets.iter().cloned().chain([extra.clone()]))
    }

    /// `text` with every secret replaced by `[redacted]`.
    pub(crate) fn scrub(&self, text: &str) -> String {
        self.secrets.iter().fold(text.to_owned(), |text, secret| {
            text.replace(secret.expose(), REDACTED)
        })
    }
}

impl fmt::Debug for Redactor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Redactor({} secrets)", self.secrets.len())
    }
}
