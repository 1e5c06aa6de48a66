//! "Did you mean" suggestions for misspelled names.

/// The candidate closest to `name`, if it is close enough to be a likely typo.
pub(crate) fn closest<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let lowered = name.to_ascii_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(&lowered, &c.to_ascii_lowercase()), c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::closest;

    #[test]
    fn suggests_the_nearest_name_only_when_close() {
        let names = ["ListUsers", "ListGroups", "GetUserById"];
        assert_eq!(closest("ListUser", names), Some("ListUsers"));
        assert_eq!(closest("listusers", names), Some("ListUsers"));
        assert_eq!(closest("GetUserByID", names), Some("GetUserById"));
        assert_eq!(closest("Frobnicate", names), None);
    }
}
