use std::time::Instant;
fn main() {
    let src = std::fs::read_to_string("/tmp/gen.toml").unwrap();
    let t = Instant::now();
    let mut pack = liseuse::pack::load::parse("g", &src).unwrap();
    println!("parse {:?}", t.elapsed());
    let t = Instant::now();
    liseuse::pack::sanitize::clean_pack(&mut pack);
    println!("sanitize {:?}", t.elapsed());
    let t = Instant::now();
    let text = pack.text.body.clone();
    let toks = liseuse::text::tokenize(&text);
    println!("tokenize {:?}", t.elapsed());
    let t = Instant::now();
    let _idx = liseuse::text::GlossaryIndex::build(&text, &toks, &pack.glossary);
    println!("index {:?}", t.elapsed());
    let t = Instant::now();
    let f = liseuse::text::QuoteFinder::new(&text);
    for e in &pack.glossary { let _ = f.find(&e.sentence); }
    println!("quotes {:?}", t.elapsed());
    let t = Instant::now();
    let study = liseuse::study::Study::new(pack);
    println!("study {:?}", t.elapsed());
    let t = Instant::now();
    let p = liseuse::pack::validate::validate("g", &src, &study);
    println!("validate {:?} {}", t.elapsed(), p.len());
}
