//! Sentence segmentation throughput: `cargo bench -p chronicle-segment`.
//! Prints MB/s on one core over a mixed-language paragraph written for this
//! benchmark.

use std::time::Instant;

use chronicle_segment::Segmenter;

fn main() {
    let para = "The delegates met in the old town hall on 27.04.1920 (see p. 53). \
        Делегаты собрались в старой ратуше в 1920 г. Они спорили до вечера, т.е. долго. \
        Nümayəndələr köhnə binada toplaşdılar və s. Sonra V.I. Lenin yazdı: «Biz gəlirik». \
        Các đại biểu đã họp tại tòa thị chính cũ và tranh luận đến tận tối muộn. ";
    let text = para.repeat(2000);
    let seg = Segmenter::shared();
    seg.split(&text); // warm up
    let rounds = 30;
    let start = Instant::now();
    let mut sentences = 0;
    for _ in 0..rounds {
        sentences += seg.split(&text).len();
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "split: {} sentences in {:.3} s, {:.1} MB/s",
        sentences,
        secs,
        (text.len() * rounds) as f64 / secs / 1e6
    );
}
