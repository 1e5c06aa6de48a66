//! Validation before OIN submission: the static checks, the conformance run against a vendor
//! on loopback, and the command line's exit codes.

mod checks;
mod cli;
mod conformance;
