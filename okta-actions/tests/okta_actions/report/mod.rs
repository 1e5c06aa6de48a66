//! The validation report's renderers: a snapshot of every format for a ready and a failing
//! integration, the JSON against its published schema, well-formed JUnit XML with the right
//! counts, HTML and Markdown that escape what the model holds, and colour only when asked.

mod fixtures;
mod format;
mod html;
mod human;
mod json_schema;
mod junit;
mod markdown;
mod snapshots;
