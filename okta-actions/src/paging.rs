//! Paging records a handler already holds for Okta.

use okta_actions_contracts::{ListContract, PaginationRequest};

use crate::ActionError;

/// Okta's page size when its request names none, and the largest it gets.
const MAX_PAGE: usize = 200;

/// The page of `records` that a list action's `input` asks for, with the `nextCursor` of the
/// page after it: for a list the handler builds in memory (a vendor that answers every record at
/// once, or records derived from another list). The cursor is an offset this function issued;
/// one it did not issue is a `400 invalid_cursor` error. Declarative handlers get the same with
/// `paging = none`.
///
/// ```
/// use okta_actions::contracts::{ListGroupsInput, ListGroupsOutput, ScimGroup, action};
/// use okta_actions::{ActionContext, ActionError, provisioning_action};
///
/// /// The vendor's departments, as groups.
/// #[provisioning_action(ListGroups)]
/// async fn list_groups(
///     _ctx: &ActionContext,
///     input: ListGroupsInput,
/// ) -> Result<ListGroupsOutput, ActionError> {
///     let groups: Vec<ScimGroup> = ["Sales", "Legal"].into_iter().map(ScimGroup::new).collect();
///     okta_actions::paging::page_in_memory::<action::ListGroups>(&input, groups)
/// }
/// ```
///
/// # Errors
/// A cursor this function did not issue.
pub fn page_in_memory<C: ListContract>(
    input: &C::Input,
    records: Vec<C::Item>,
) -> Result<C::Output, ActionError> {
    let request = C::pagination(input).cloned().unwrap_or_default();
    let (records, next) = page_of(&request, records)?;
    Ok(C::page(records, next))
}

/// The page `request` asks for out of `records`, and the next page's cursor.
fn page_of<T>(
    request: &PaginationRequest,
    records: Vec<T>,
) -> Result<(Vec<T>, Option<String>), ActionError> {
    let offset: usize = match request.cursor.as_deref().filter(|c| !c.is_empty()) {
        None => 0,
        Some(c) => c.parse().map_err(|_| {
            ActionError::generic("the pagination cursor was not issued by this integration")
                .with_code("invalid_cursor")
                .with_http_status(400)
        })?,
    };
    let size = request
        .limit
        .map_or(MAX_PAGE, |limit| usize::try_from(limit).unwrap_or(1))
        .clamp(1, MAX_PAGE);
    let total = records.len();
    let page: Vec<T> = records.into_iter().skip(offset).take(size).collect();
    let end = offset.saturating_add(page.len());
    Ok((page, (end < total).then(|| end.to_string())))
}
