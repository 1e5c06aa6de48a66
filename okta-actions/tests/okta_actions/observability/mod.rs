//! Observability over real sockets: the `action_call` span and the `/metrics` counters for the
//! actions route, the SCIM facade and the logout endpoint, and `serve`'s log formats.

mod actions;
mod capture;
mod front_ends;
mod log_format;
