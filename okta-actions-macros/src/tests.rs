//! Unit tests of the checker and golden snapshots of the expansion.

use okta_actions_contracts::Capability;
use quote::quote;

use crate::action::entry;

fn expand(
    capability: Capability,
    attr: proc_macro2::TokenStream,
    item: proc_macro2::TokenStream,
) -> String {
    let tokens = entry(capability, attr, item);
    let file: syn::File = syn::parse2(tokens).expect("the expansion is a list of items");
    prettyplease::unparse(&file)
}

#[test]
fn imperative_handler_expansion() {
    insta::assert_snapshot!(expand(
        Capability::Provisioning,
        quote!(ListUsers),
        quote! {
            /// Lists users.
            pub async fn list_users(ctx: &ActionContext, input: ListUsersInput) -> Result<ListUsersOutput, ActionError> {
                todo!()
            }
        },
    ));
}

#[test]
fn unit_output_expansion() {
    insta::assert_snapshot!(expand(
        Capability::Provisioning,
        quote!(DeactivateUser),
        quote! {
            async fn deactivate(ctx: &ActionContext, input: DeactivateUserInput) -> Result<(), ActionError> {
                Ok(())
            }
        },
    ));
}

#[test]
fn declarative_list_expansion() {
    insta::assert_snapshot!(expand(
        Capability::Provisioning,
        quote!(ListUsers, vendor = "GET /v2/users"),
        quote! {
            fn list_users(user: AcmeUser) -> ScimUser {
                to_scim(user)
            }
        },
    ));
}

#[test]
fn universal_logout_needs_no_action_name() {
    let out = expand(
        Capability::UniversalLogout,
        quote!(),
        quote!(
            async fn logout(
                ctx: &ActionContext,
                input: UniversalLogoutInput,
            ) -> Result<UniversalLogoutOutput, ActionError> {
                todo!()
            }
        ),
    );
    assert!(out.contains("action::UniversalLogout"), "{out}");
    assert!(!out.contains("compile_error"), "{out}");
}

#[test]
fn every_problem_of_one_item_is_reported() {
    let out = expand(
        Capability::Provisioning,
        quote!(ListUser),
        quote!(
            fn f<T>(x: u8) {}
        ),
    );
    assert_eq!(out.matches("compile_error").count(), 5, "{out}");
    assert!(out.contains("did you mean `ListUsers`?"));
    assert!(out.contains("cannot be generic"));
    assert!(out.contains("must be an `async fn`"));
    assert!(out.contains("takes 2 parameters"));
    assert!(out.contains("add the return type"));
}

#[test]
fn vendor_paths_are_checked_against_the_input_fields() {
    let ok = expand(
        Capability::Provisioning,
        quote!(UpdateUser, vendor = "GET /v2/users/{user.id}"),
        quote!(
            fn f(v: V) -> UpdateUserOutput {
                todo!()
            }
        ),
    );
    assert!(!ok.contains("compile_error"), "{ok}");
    let bad = expand(
        Capability::Provisioning,
        quote!(GetGroupById, vendor = "GET /v2/groups/{groupID}/x/{nope}"),
        quote!(
            fn f(v: V) -> GetGroupByIdOutput {
                todo!()
            }
        ),
    );
    assert!(bad.contains("did you mean `{groupId}`?"), "{bad}");
    assert!(
        bad.contains("`{nope}` is not a field of `GetGroupByIdInput`"),
        "{bad}"
    );
    let relative = expand(
        Capability::Provisioning,
        quote!(GetGroupById, vendor = "GET v2/groups"),
        quote!(
            fn f(v: V) -> GetGroupByIdOutput {
                todo!()
            }
        ),
    );
    assert!(relative.contains("must start with `/`"), "{relative}");
}

#[test]
fn wrong_capability_names_the_right_macro() {
    let out = expand(
        Capability::Entitlements,
        quote!(UniversalLogout),
        quote!(
            async fn f() {}
        ),
    );
    assert!(out.contains("`UniversalLogout` is a Universal Logout action, not an Entitlement Management action: use `#[universal_logout_action]`"), "{out}");
}

#[test]
fn page_paging_takes_a_record_or_a_page_count_not_both() {
    let expand_page = |paging: proc_macro2::TokenStream| {
        expand(
            Capability::Provisioning,
            quote!(ListUsers, vendor = "GET /api/people", items = "people", paging = #paging),
            quote!(
                fn f(p: Person) -> ScimUser {
                    todo!()
                }
            ),
        )
    };
    let pages = expand_page(quote!(page(
        param = "page",
        size = "per_page",
        pages = "pages"
    )));
    assert!(!pages.contains("compile_error"), "{pages}");
    assert!(
        pages.contains("pages: ::core::option::Option::Some(\"pages\")"),
        "{pages}"
    );
    let both = expand_page(quote!(page(
        param = "page",
        total = "count",
        pages = "pages"
    )));
    assert!(
        both.contains("takes `total` (the number of records) or `pages`"),
        "{both}"
    );
    let offset = expand_page(quote!(offset(param = "skip", pages = "pages")));
    assert!(
        offset.contains("`offset(..)` has no parameter `pages`"),
        "{offset}"
    );
}
