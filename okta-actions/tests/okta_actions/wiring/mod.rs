//! Wiring the adapter into Okta: the OpenAPI document for Integration Builder's API Spec tab, the
//! flow plan, and the configuration guide with its `docs` command.

mod docs_cli;
mod fixtures;
mod guide;
mod openapi;
mod plan;
