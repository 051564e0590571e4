use super::*;

#[test]
fn fold_removes_marks_and_keeps_scripts() {
    assert_eq!(fold("Biləcəri"), "bileceri");
    assert_eq!(fold("Şuşa"), "susa");
    assert_eq!(fold("İrəvan"), "irevan");
    assert_eq!(fold("Nasib Bey’s"), "nasib beys");
    assert_eq!(fold("Хасроў-бек"), "хасроу бек");
    assert_eq!(fold("Hồ Chí Minh"), "ho chi minh");
}

#[test]
fn stem_drops_final_vowels_but_keeps_three_letters() {
    assert_eq!(stem("shusha"), "shush");
    assert_eq!(stem("baku"), "bak");
    assert_eq!(stem("nzhdeh"), "nzhdeh");
    assert_eq!(stem("ua"), "ua");
    assert_eq!(stem("aia"), "aia");
}

#[test]
fn skeleton_classes() {
    assert_eq!(skeleton("khosrov"), skeleton("khasrow"));
    assert_eq!(skeleton("ordzhonikidze"), skeleton("orjonikidze"));
    assert_eq!(skeleton("nzhdeh"), skeleton("nzhde"));
    assert_eq!(skeleton("mammad"), skeleton("mamed"));
    assert_ne!(skeleton("jamo"), skeleton("mammad"));
    assert_eq!(skeleton("thomson"), skeleton("tomsan"));
}

#[test]
fn similarity_is_jaro_winkler() {
    assert!(similarity("shusha", "shushi") > 0.9);
    assert!(similarity("baku", "london") < 0.6);
    assert_eq!(similarity("abc", "abc"), 1.0);
}
