//! Offset maps between the original text and copies made for matching.

/// For `text.replace(['’', '‘'], "'")`: entry `i` is the offset in `text` of byte `i`
/// of the copy (plus one final entry for the end).
pub fn straight_quote_map(text: &str) -> Vec<usize> {
    let mut map = Vec::with_capacity(text.len() + 1);
    for (i, c) in text.char_indices() {
        let n = if matches!(c, '’' | '‘') {
            1
        } else {
            c.len_utf8()
        };
        map.extend(std::iter::repeat_n(i, n));
    }
    map.push(text.len());
    map
}
