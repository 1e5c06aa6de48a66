//! What `DELETE /Users/{id}` does. The contracts have no delete action, so by default a DELETE
//! deactivates the user (DeactivateUser), which is what Okta itself does to deprovision; an
//! integration whose API can delete users supplies that call with
//! [`ScimConfig::delete_users_with`](super::ScimConfig::delete_users_with).

use std::fmt;
use std::future::Future;
use std::sync::Arc;

use futures::future::BoxFuture;

use crate::{ActionContext, ActionError};

type DeleteFn =
    dyn Fn(ActionContext, String) -> BoxFuture<'static, Result<(), ActionError>> + Send + Sync;

/// The integration's call that deletes a user at the vendor.
#[derive(Clone)]
pub(crate) struct DeleteUser(Arc<DeleteFn>);

impl DeleteUser {
    pub(crate) fn new<F, Fut>(delete: F) -> Self
    where
        F: Fn(ActionContext, String) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<(), ActionError>> + Send + 'static,
    {
        DeleteUser(Arc::new(move |ctx, id| Box::pin(delete(ctx, id))))
    }

    /// Deletes the user with this id.
    pub(crate) fn call(
        &self,
        ctx: ActionContext,
        id: String,
    ) -> BoxFuture<'static, Result<(), ActionError>> {
        (self.0)(ctx, id)
    }
}

impl fmt::Debug for DeleteUser {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("DeleteUser(<integration call>)")
    }
}
