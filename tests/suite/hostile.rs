//! Data is never code: a hostile string in every text field of a plan builds
//! and prints exactly as typed; nothing is read from outside.

use crate::common;

use common::*;

/// Typst and Jinja syntax, and line starts that Typst reads as markup.
const HOSTILE: &str =
    r#"#read("/etc/passwd") $x$ [a] * _ @x <y> // z \ {{ a }} {% if x %} /* c */ ~ -- ... 'q' "Q" `r` = h"#;
const LINES: &str = "- gạch\n+ cộng\n= tiêu đề\n2024. năm\n/ term: x";

/// One YAML double-quoted scalar holding `s`.
fn q(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n"))
}

/// The value of field `tag`: the tag, the hostile string, and a final full
/// stop (so end punctuation is left alone).
fn v(tag: &str) -> String {
    format!("{tag} {HOSTILE}.")
}

#[test]
fn every_text_field_prints_as_typed() {
    let agency = format!(
        "co_quan_chu_quan: {}\nco_quan_ban_hanh: {}\nviet_tat: {}\ndia_danh: {}\nluu: {}\n",
        q(&v("CQ")),
        q(&v("BH")),
        q("U#B"),
        q(&v("DD")),
        q(&v("LUU")),
    );
    let plan = format!(
        "loai: ke-hoach\nso: 1\nngay: 02/01/2025\nky_hieu: {ky}\ntrich_yeu: {ty}\ncan_cu:\n  - {cc}\n  - {ml}\nmo_dau: {md}\n\
noi_dung:\n  - muc: {m1}\n    noi_dung:\n      - muc: {m2}\n        noi_dung:\n          - muc: {m3}\n            noi_dung:\n              - y: {y1}\n                noi_dung:\n                  - y: {y2}\n      - {doan}\n\
ket_thuc: {kt}\nnoi_nhan:\n  - {nn}\nnguoi_ky:\n  quyen_han: [TM., KT.]\n  tap_the: {tt}\n  thu_truong: {th}\n  chuc_vu: {cv}\n  ho_ten: {ht}\n",
        ky = q("KH-#x"),
        ty = q(&v("TY")),
        cc = q(&v("CC")),
        ml = q(&format!("{LINES}.")),
        md = q(&v("MD")),
        m1 = q(&v("MA")),
        m2 = q(&v("MB")),
        m3 = q(&v("MC")),
        y1 = q(&v("YA")),
        y2 = q(&v("YB")),
        doan = q(&v("DO")),
        kt = q(&format!("KT {HOSTILE}./.")),
        nn = q(&v("NN")),
        tt = q(&v("TT")),
        th = q(&v("TH")),
        cv = q(&v("CV")),
        ht = q(&v("HT")),
    );
    let data = data_dir(&[("u/co-quan.yaml", &agency), ("u/kh.yaml", &plan)]);
    let out = tempfile::tempdir().unwrap();
    let engine = engine(data.path(), out.path());
    let laid = Laid::of(&lay_out(&engine, &source(data.path(), "u/kh.yaml")));
    let text = squeeze(&laid.text());

    // Fields printed as typed.
    for tag in ["DD", "TY", "CC", "MD", "MB", "MC", "YA", "YB", "DO", "NN", "HT"] {
        let expected = squeeze(&v(tag));
        assert!(text.contains(&expected), "{tag}: {expected}\nnot in\n{text}");
    }
    assert!(text.contains(&squeeze(&format!("KT {HOSTILE}./."))), "closing paragraph");
    assert!(text.contains(&squeeze(&format!("-Lưu:LUU {HOSTILE}."))), "Lưu line");
    assert!(text.contains(&squeeze("Số: 01/KH-#x")), "số ký hiệu");
    assert!(text.contains(&squeeze(LINES)), "line starts");
    // Fields the decree sets in capitals print as typed, in capitals.
    for tag in ["CQ", "BH", "MA", "CV"] {
        let expected = squeeze(&v(tag).to_uppercase());
        assert!(text.contains(&expected), "{tag}: {expected}\nnot in\n{text}");
    }
    for (prefix, tag) in [("TM.", "TT"), ("KT.", "TH")] {
        let expected = squeeze(&format!("{prefix} {}", v(tag).to_uppercase()));
        assert!(text.contains(&expected), "{tag}: {expected}");
    }
    // Nothing was read, evaluated or turned into markup.
    assert!(!text.contains("root:"), "a file was read");
    for r in &laid.runs {
        assert!(r.family == "Liberation Serif", "{r:?}");
    }
    // The line starts stayed text: no list marker glyphs, no heading sizes.
    assert!(laid.runs.iter().all(|r| r.size <= 14.0), "a heading or other markup appeared");
    // The PDF's metadata holds the strings too.
    let pdf = engine.typesetter.pdf(&lay_out(&engine, &source(data.path(), "u/kh.yaml")), "x").unwrap();
    assert!(String::from_utf8_lossy(&pdf).contains("TY #read"), "title metadata");
}

#[test]
fn decomposed_vietnamese_prints_like_composed() {
    use unicode_normalization::UnicodeNormalization;
    let nfc = "Tổ chức Đại hội Thi đua yêu nước tỉnh Lai Châu";
    let nfd: String = nfc.nfd().collect();
    assert_ne!(nfc, nfd);
    let plan = format!("loai: ke-hoach\nnam: 2024\ntrich_yeu: {nfd}\nnoi_dung:\n  - {nfd}.\n");
    let data = data_dir(&[("u/co-quan.yaml", AGENCY), ("u/kh.yaml", &plan)]);
    let out = tempfile::tempdir().unwrap();
    let engine = engine(data.path(), out.path());
    let laid = Laid::of(&lay_out(&engine, &source(data.path(), "u/kh.yaml")));
    assert_eq!(laid.find(nfc).len(), 2, "both fields print in NFC");
}

#[test]
fn congress_fields_print_as_typed() {
    let congress = format!("ten: {}\ngiai_doan: {}\n", q(&format!("DH {HOSTILE}")), q("2019-2024 <x>"));
    let plan = "loai: ke-hoach\nnam: 2024\nnoi_dung:\n  - Một đoạn.\n";
    let data = data_dir(&[("u/co-quan.yaml", AGENCY), ("u/dh/dai-hoi.yaml", &congress), ("u/dh/kh.yaml", plan)]);
    let out = tempfile::tempdir().unwrap();
    let engine = engine(data.path(), out.path());
    let laid = Laid::of(&lay_out(&engine, &source(data.path(), "u/dh/kh.yaml")));
    let expected = squeeze(&format!("Tổ chức DH {HOSTILE} giai đoạn 2019-2024 <x>"));
    assert!(squeeze(&laid.text()).contains(&expected), "{expected}");
}

#[test]
fn a_draft_mark_and_the_pack_print_their_data_as_typed() {
    let congress = format!("ten: {}\n", q(&format!("DH {HOSTILE}")));
    let plan = format!("loai: ke-hoach\nnam: 2024\ndu_thao: {}\nnoi_dung:\n  - Một đoạn.\n", q("[*x*] #y $z$"));
    let data = data_dir(&[("u/co-quan.yaml", AGENCY), ("u/dh/dai-hoi.yaml", &congress), ("u/dh/kh.yaml", &plan)]);
    let out = tempfile::tempdir().unwrap();
    let engine = engine(data.path(), out.path());
    let laid = Laid::of(&lay_out(&engine, &source(data.path(), "u/dh/kh.yaml")));
    assert_eq!(laid.lines_equal("[*x*] #y $z$").len(), 1, "{}", laid.text());

    // The pack: the congress's name on the cover, the plan's in the contents.
    let (sources, _) = vanban::source::discover::discover(data.path(), &[]);
    let loaded: Vec<_> = sources.iter().map(|s| engine.load(s)).collect();
    let packs = vanban::build::pack::packs(&sources, &loaded, &[], &engine.loader);
    let doc = loaded[0].as_ref().unwrap();
    let part = &doc.parts[0];
    let pages = engine.lay_out(doc, part, &engine.render(doc, part).unwrap()).unwrap().pages().len();
    let members = [vanban::build::Member { doc, part, pages }];
    let front = vanban::build::pack::front(&engine.renderer, &packs[0], &[members[0].entry()]).unwrap();
    let pack = engine.lay_out_pack(&packs[0], &front, &members).unwrap();
    let text = squeeze(&Laid::of(&pack).text());
    let cover = squeeze(&vanban::decree::format::capitals(&format!("DH {HOSTILE}")));
    assert!(text.contains(&cover), "{cover}\nnot in\n{text}");
    let contents = squeeze(&format!("KẾ HOẠCH Tổ chức DH {HOSTILE}"));
    assert!(text.contains(&contents), "{contents}\nnot in\n{text}");
}

#[test]
fn every_text_field_of_a_report_and_the_list_prints_as_typed() {
    let award = v("KT");
    let congress = format!(
        "ten: Đại hội\nkhen_thuong:\n  - {}\ndot_thi_dua: {}\nmau_so: {}\nnghi_dinh: {}\n",
        q(&award),
        q(&v("DOT")),
        q(&v("MS")),
        q(&v("ND")),
    );
    let report = format!(
        "loai: bao-cao-thanh-tich\ndoi_tuong: ca-nhan\nde_nghi: {award}\nten: {ten}\nchuc_vu: {cv}\ndon_vi: {dv}\n\
tom_tat: {tt}\ndia_danh: {dd}\nngay: 20/06/2024\nthong_tin_chung:\n  gioi_tinh: {gt}\n  ngay_sinh: 01/02/1980\n  que_quan: {qq}\n  \
qua_trinh_cong_tac:\n    - {qt}\n  noi_dung:\n    - muc: {nd}\nthanh_tich:\n  - muc: {m1}\n    bang_chi_tieu:\n      - chi_tieu: {c1}\n        dang_ky: {c2}\n        ket_qua: {c3}\n    noi_dung:\n      - y: {y1}\n      - {ml}\n\
khen_thuong_da_nhan:\n  - nam: {n1}\n    hinh_thuc: {h1}\n    quyet_dinh: {d1}\nthu_truong:\n  chuc_vu: {tc}\n  ho_ten: {th}\n",
        award = q(&award),
        ten = q(&v("TEN")),
        cv = q(&v("CV")),
        dv = q(&v("DV")),
        tt = q(&v("TOM")),
        dd = q(&v("DD")),
        gt = q(&v("GT")),
        qq = q(&v("QQ")),
        qt = q(&v("QT")),
        nd = q(&v("ND2")),
        m1 = q(&v("M1")),
        c1 = q(&v("C1")),
        c2 = q(&v("C2")),
        c3 = q(&v("C3")),
        y1 = q(&v("Y1")),
        ml = q(&format!("{LINES}.")),
        n1 = q(&v("N1")),
        h1 = q(&v("H1")),
        d1 = q(&v("D1")),
        tc = q(&v("TC")),
        th = q(&v("TH")),
    );
    let data = data_dir(&[
        ("u/co-quan.yaml", AGENCY),
        ("u/dh/dai-hoi.yaml", &congress),
        ("u/dh/bc/a.yaml", &report),
        ("u/dh/ds.yaml", "loai: danh-sach-khen-thuong\nnam: 2024\nbao_cao: bc\n"),
    ]);
    let out = tempfile::tempdir().unwrap();
    let engine = engine(data.path(), out.path());
    let laid = Laid::of(&lay_out(&engine, &source(data.path(), "u/dh/bc/a.yaml")));
    let text = squeeze(&laid.text());
    for tag in [
        "TEN", "CV", "DV", "DD", "GT", "QQ", "QT", "ND2", "M1", "C1", "C2", "C3", "Y1", "N1", "H1", "D1", "DOT", "MS",
        "ND", "TH",
    ] {
        let expected = squeeze(&v(tag));
        assert!(text.contains(&expected), "{tag}: {expected}\nnot in\n{text}");
    }
    for tag in ["KT", "TC"] {
        assert!(text.contains(&squeeze(&v(tag).to_uppercase())), "{tag} in capitals");
    }
    assert!(text.contains(&squeeze(LINES)), "line starts");
    assert!(!text.contains("root:"), "a file was read");
    assert!(laid.runs.iter().all(|r| r.size <= 14.0 && r.family == "Liberation Serif"));

    let list = Laid::of(&lay_out(&engine, &source(data.path(), "u/dh/ds.yaml")));
    let text = squeeze(&list.text());
    for tag in ["TEN", "CV", "DV", "TOM"] {
        assert!(text.contains(&squeeze(&v(tag))), "list: {tag}\n{text}");
    }
    assert!(text.contains(&squeeze(&v("KT").to_uppercase())), "list: award");
}

#[test]
fn every_text_field_of_a_script_prints_as_typed() {
    let congress = format!(
        "ten: {}\nthoi_gian: 19/07/2024 07:30\nchu_tri: {}\nkhen_thuong:\n  - {}\n",
        q(&v("DH")),
        q(&v("CT")),
        q(&v("KT")),
    );
    let report = format!(
        "loai: bao-cao-thanh-tich\ndoi_tuong: tap-the\nde_nghi: {}\nten: {}\nngay: 20/06/2024\nthong_tin_chung:\n  tru_so: A\n  chuc_nang_nhiem_vu: B\nthanh_tich:\n  - C\nthu_truong:\n  ho_ten: D\n",
        q(&v("KT")),
        q(&v("TEN")),
    );
    let script = [
        "loai: kich-ban\nnam: 2024\ndan_chuong_trinh: {mc}\nbao_cao: bc\n",
        "khach_moi:\n  - ho_ten: {kh}\n    chuc_vu: {kc}\n    nhom: Khách mời\n",
        "trao_thuong:\n  - hinh_thuc: {kt}\n    nguoi_trao: {nt}\n    quyet_dinh: {qd}\n",
        "chuong_trinh:\n  - tuyen-bo-ly-do\n  - muc: doan-chu-tich\n    doan_chu_tich: [{dct}]\n",
        "  - muc: tham-luan\n    tham_luan:\n      - nguoi: {tln}\n        chu_de: {tlc}\n",
        "  - noi_dung: {nd}\n    nguoi: {ng}\n    thoi_luong: 5\n    loi_dan: [{ld}, {ml}]\n",
        "  - trao-thuong\n  - be-mac\n",
    ]
    .concat();
    let fill = [
        ("{mc}", q(&v("MC"))),
        ("{kh}", q(&v("KH"))),
        ("{kc}", q(&v("KC"))),
        ("{kt}", q(&v("KT"))),
        ("{nt}", q(&v("NT"))),
        ("{qd}", q(&v("QD"))),
        ("{dct}", q(&v("DCT"))),
        ("{tln}", q(&v("TLN"))),
        ("{tlc}", q(&v("TLC"))),
        ("{nd}", q(&v("ND"))),
        ("{ng}", q(&v("NG"))),
        ("{ld}", q(&v("LD"))),
        ("{ml}", q(&format!("{LINES}."))),
    ];
    let script = fill.iter().fold(script, |t, (k, v)| t.replace(k, v));
    let data = data_dir(&[
        ("u/co-quan.yaml", AGENCY),
        ("u/dh/dai-hoi.yaml", &congress),
        ("u/dh/bc/a.yaml", &report),
        ("u/dh/kb.yaml", &script),
    ]);
    let out = tempfile::tempdir().unwrap();
    let engine = engine(data.path(), out.path());
    let laid = Laid::of(&lay_out(&engine, &source(data.path(), "u/dh/kb.yaml")));
    let text = squeeze(&laid.text());
    for tag in ["MC", "KH", "KC", "KT", "NT", "QD", "DCT", "TLN", "TLC", "ND", "NG", "LD", "TEN", "CT", "DH"] {
        let expected = squeeze(&v(tag));
        assert!(text.contains(&expected), "{tag}: {expected}\nnot in\n{text}");
    }
    assert!(text.contains(&squeeze(LINES)), "line starts");
    assert!(!text.contains("root:"), "a file was read");
    assert!(laid.runs.iter().all(|r| r.size <= 14.0 && r.family == "Liberation Serif"));
}

#[test]
fn bold_and_italic_only_in_a_text_tagged_md() {
    let plan = "loai: ke-hoach\nnam: 2024\ntrich_yeu: Họp\nnoi_dung:\n  - \"Chữ **thường** và *thường*\"\n  - !md \"Chữ **đậm** và *nghiêng*\"\n";
    let data = data_dir(&[("u/co-quan.yaml", AGENCY), ("u/kh.yaml", plan)]);
    let out = tempfile::tempdir().unwrap();
    let engine = engine(data.path(), out.path());
    let laid = Laid::of(&lay_out(&engine, &source(data.path(), "u/kh.yaml")));
    let text = squeeze(&laid.text());
    // As typed, asterisks and all; nothing bold or italic.
    assert!(text.contains("Chữ**thường**và*thường*"), "{text}");
    assert!(laid.find("thường").iter().all(|r| !r.bold && !r.italic));
    // Tagged `!md`: the spans are set, the asterisks gone.
    assert!(text.contains("Chữđậmvànghiêng"), "{text}");
    assert!(laid.find("đậm").iter().all(|r| r.bold && !r.italic));
    assert!(laid.find("nghiêng").iter().all(|r| r.italic && !r.bold));
}

#[test]
fn an_unknown_tag_or_a_private_use_character_is_an_error() {
    let tag = "loai: ke-hoach\nnam: 2024\ntrich_yeu: !html \"<b>Họp</b>\"\nnoi_dung:\n  - Một đoạn.\n";
    let marker = "loai: ke-hoach\nnam: 2024\ntrich_yeu: \"Họp \\uE000 đậm\"\nnoi_dung:\n  - Một đoạn.\n";
    let data = data_dir(&[("u/co-quan.yaml", AGENCY), ("u/a.yaml", tag), ("u/b.yaml", marker)]);
    let out = tempfile::tempdir().unwrap();
    let engine = engine(data.path(), out.path());
    let outcome = vanban::build::run(&engine, &[], vanban::build::Mode::Check, vanban::build::Silent);
    let all: Vec<String> = outcome.all_problems().map(|p| p.to_string()).collect();
    assert!(
        all.iter().any(|m| m.contains("a.yaml:3:")
            && m.contains("trường `trich_yeu`")
            && m.contains("thẻ `!html` không dùng được; chỉ có `!md`")),
        "{all:#?}"
    );
    assert!(all.iter().any(|m| m.contains("b.yaml:3:") && m.contains("U+E000")), "{all:#?}");
}
