//! Wiring the adapter into Okta: the OpenAPI document for Integration Builder's API Spec tab and
//! the flow plan.

mod fixtures;
mod openapi;
mod plan;
