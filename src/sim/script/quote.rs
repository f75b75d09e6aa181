//! Shell quoting for the commands the playground writes (buttons, hints): a value that comes
//! from the learner or the world stays one word, in the playground and in a real shell.

/// A word as a POSIX shell reads it: unchanged when it is made of characters no shell treats
/// specially, otherwise in single quotes, with each `'` written as `'\''`.
///
/// Quoting is what keeps a resource group named `rg(1)` or a role named
/// `Storage Blob Data Reader` a single argument, both in the playground and in a real shell.
pub fn quote(word: &str) -> String {
    let plain = !word.is_empty()
        && word.chars().all(|c| {
            c.is_ascii_alphanumeric()
                || matches!(c, '-' | '_' | '.' | '/' | ':' | '=' | '@' | ',' | '+' | '%')
        });
    if plain {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}
