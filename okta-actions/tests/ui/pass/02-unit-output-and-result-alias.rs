//! Status-only actions may return `()`; a `Result` alias is accepted.

use okta_actions::contracts::*;
use okta_actions::{ActionContext, ActionError, provisioning_action};

type ActionResult<T> = Result<T, ActionError>;

#[provisioning_action(DeactivateUser)]
async fn deactivate(_ctx: &ActionContext, input: DeactivateUserInput) -> Result<(), ActionError> {
    if input.user_id.is_empty() {
        return Err(ActionError::not_found("no such user"));
    }
    Ok(())
}

#[provisioning_action(ActivateUser)]
pub async fn activate(_ctx: &ActionContext, _input: ActivateUserInput) -> ActionResult<ActivateUserOutput> {
    Ok(ActivateUserOutput {})
}

fn main() {
    let ctx = ActionContext::new("req-1");
    let input = DeactivateUserInput { user_id: String::new() };
    let outcome = futures::executor::block_on(deactivate::handler(&ctx, input));
    assert_eq!(outcome.unwrap_err().summary(), "no such user");
    let _ = activate;
}
