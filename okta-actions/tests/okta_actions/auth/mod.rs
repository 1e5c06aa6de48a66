//! Auth mapping declaration, credential application and OAuth tokens.

mod credentials;
mod mapping;
mod test_key;
mod tokens;
