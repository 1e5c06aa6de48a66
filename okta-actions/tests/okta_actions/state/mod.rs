//! State shared by replicas through a real `redis-server` on 127.0.0.1: the store itself, the
//! Universal Logout replay store, SCIM cursors and vendor rate-limit pauses, each with two
//! adapters standing for two replicas behind a load balancer.
//!
//! Without `redis-server` on the `PATH` these tests print why and pass, unless `CI` is set:
//! then they fail, so that CI cannot silently skip them.

mod cli;
mod logout;
mod rate_limit;
mod scim;
mod store;
mod support;
