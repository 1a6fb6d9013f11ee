use std::ops::Range;
pub fn find_quote(text: &str, quote: &str) -> Option<Range<usize>> {
    let q = quote.replace('\u{2019}', "'");
    let t = text.replace('\u{2019}', "'");
    t.find(&q).map(|s| s..s + q.len())
}
