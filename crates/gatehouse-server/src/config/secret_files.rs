//! `*_FILE` variants of the secret settings (issue #18): the value is read from a file, such as
//! a Docker secret under `/run/secrets`, so it stays out of the environment and `docker inspect`.

use anyhow::{bail, Context};

/// The value of `var`: given directly, or read from the file `file` names (`{var}_FILE`), with
/// one trailing newline removed. Both at once is refused, as is an empty file.
pub fn pick(var: &str, direct: Option<String>, file: Option<&str>) -> anyhow::Result<Option<String>> {
    match (direct, file) {
        (Some(_), Some(_)) => bail!("{var} and {var}_FILE are both set; set one of them"),
        (direct, None) => Ok(direct),
        (None, Some(path)) => {
            let raw =
                std::fs::read_to_string(path).with_context(|| format!("{var}_FILE: cannot read `{path}`"))?;
            let value = raw.strip_suffix('\n').map(|v| v.strip_suffix('\r').unwrap_or(v)).unwrap_or(&raw);
            if value.is_empty() {
                bail!("{var}_FILE: `{path}` is empty");
            }
            Ok(Some(value.to_string()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::pick;

    #[test]
    fn a_file_gives_its_content_without_the_final_newline_and_both_at_once_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("secret");
        std::fs::write(&path, "s3cret value\n").unwrap();
        let path = path.to_str().unwrap();
        assert_eq!(pick("GATEHOUSE_X", None, Some(path)).unwrap().as_deref(), Some("s3cret value"));
        assert_eq!(pick("GATEHOUSE_X", Some("direct".into()), None).unwrap().as_deref(), Some("direct"));
        assert_eq!(pick("GATEHOUSE_X", None, None).unwrap(), None);
        let both = pick("GATEHOUSE_X", Some("direct".into()), Some(path)).unwrap_err().to_string();
        assert!(both.starts_with("GATEHOUSE_X and GATEHOUSE_X_FILE"), "{both}");
        let missing = pick("GATEHOUSE_X", None, Some("/nonexistent/secret")).unwrap_err().to_string();
        assert!(missing.starts_with("GATEHOUSE_X_FILE: "), "{missing}");
        std::fs::write(dir.path().join("empty"), "\n").unwrap();
        let empty = pick("GATEHOUSE_X", None, Some(dir.path().join("empty").to_str().unwrap())).unwrap_err();
        assert!(empty.to_string().contains("is empty"), "{empty}");
    }
}
