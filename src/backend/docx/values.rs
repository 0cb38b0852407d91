//! The chosen values of the layout (`templates/the-thuc.yaml`), the same file
//! the PDF's layout mirrors, and the unit conversions of WordprocessingML.

use std::collections::BTreeMap;

/// The chosen values of the layout: `templates/the-thuc.yaml`, deserialized
/// with serde. Field names are the YAML keys; sizes in pt, lengths in mm,
/// paragraph spacing and rules in pt, line parts in em.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct Values {
    /// Page margins (mm).
    pub le: Margins,
    /// Font sizes (pt).
    pub co_chu: Sizes,
    /// Width of the header's left column (mm).
    pub cot_trai: f64,
    /// The short rules' length as a part of their text's.
    pub ti_le_gach: f64,
    /// Rule thickness (pt).
    pub net_gach: f64,
    /// First-line indent of body paragraphs (mm).
    pub thut_dau_dong: f64,
    /// Space after a body paragraph (pt).
    pub cach_doan: f64,
    /// A line's box above the baseline (em).
    pub tren_dong: f64,
    /// A line's box below the baseline (em).
    pub duoi_dong: f64,
    /// Leading between lines (em).
    pub khoang_dong: f64,
    /// Room for the signature and seal (mm).
    pub cho_ky: f64,
    /// Height of an electronic signature's image (mm).
    pub cao_chu_ky: f64,
    /// Height of a mark's frame (mm).
    pub cao_khung: f64,
    /// Thickness of a mark's frame (pt).
    pub net_khung: f64,
    /// Width of an urgency mark's frame, by its text (mm).
    pub rong_khan: BTreeMap<String, f64>,
    /// Width of a secrecy stamp's double frame, by its text (mm).
    pub rong_mat: BTreeMap<String, f64>,
    /// Between the two lines of a secrecy stamp's frame (mm).
    pub cach_vien_mat: f64,
    /// The spacing between the components.
    pub khoang_cach: Spacing,
    /// The tables' values read here (their columns are read by the
    /// templates' context).
    pub bang: Tables,
}

/// The tables' values the writer reads.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct Tables {
    /// A cell's inset left and right (pt).
    pub dem_ngang: f64,
}

/// The spacing between the components (pt, or em where said).
#[derive(Debug, Clone, serde::Deserialize)]
pub struct Spacing {
    /// Between the Quốc hiệu row and the Số row (em of the body's size).
    pub hang_dau: f64,
    pub truoc_ten_loai: f64,
    pub truoc_kinh_gui: f64,
    pub sau_phan_dau: f64,
    pub truoc_chu_ky: f64,
    pub truoc_chu_ky_bao_cao: f64,
    /// Leading of the title lines (em).
    pub dong_tieu_de: f64,
    /// Leading in tables, the Nơi nhận, signatures, footnotes (em).
    pub dong_bang: f64,
    /// Before and after a table (em).
    pub tren_bang: f64,
    pub duoi_bang: f64,
    /// Between the marks under the Số line.
    pub giua_dau_muc: f64,
    /// Before the (Kèm theo …) line (em).
    pub truoc_kem_theo: f64,
    /// Between the Kính gửi lines, between a report's title lines (em).
    pub giua_dong_tieu_de: f64,
    /// Between `Mẫu số 08` and its decree's line; after that line.
    pub mau_so: f64,
    pub sau_mau_so: f64,
    /// Between a report's signature rows (em).
    pub dong_chu_ky_bao_cao: f64,
    /// Between the lines of a script's cell (em), and a list's indent there
    /// (mm).
    pub kich_ban_doan: f64,
    pub kich_ban_thut: f64,
}

/// Page margins (mm).
#[derive(Debug, Clone, serde::Deserialize)]
pub struct Margins {
    pub tren: f64,
    pub duoi: f64,
    pub trai: f64,
    pub phai: f64,
}

/// Font sizes (pt).
#[derive(Debug, Clone, serde::Deserialize)]
pub struct Sizes {
    pub quoc_hieu: f64,
    pub tieu_ngu: f64,
    pub co_quan: f64,
    pub so_ky_hieu: f64,
    pub dia_danh: f64,
    pub ten_loai: f64,
    pub noi_dung: f64,
    pub so_trang: f64,
    pub noi_nhan: f64,
    pub noi_nhan_muc: f64,
    pub chu_ky: f64,
    pub bang: f64,
    pub chu_thich: f64,
    pub mau_so: f64,
    pub du_thao: f64,
    pub dau_muc: f64,
    pub kinh_gui: f64,
    pub soan_thao: f64,
    pub lien_he: f64,
    pub phu_luc: f64,
    pub o_8: f64,
}

impl Values {
    /// Reads `the-thuc.yaml`. Every number must be finite and not negative;
    /// sizes must be positive.
    pub fn parse(yaml: &str) -> Result<Values, String> {
        let v: Values =
            serde_yaml::from_str(yaml).map_err(|e| format!("không đọc được thể thức (the-thuc.yaml): {e}"))?;
        let s = &v.co_chu;
        let sizes = [
            ("quoc_hieu", s.quoc_hieu),
            ("tieu_ngu", s.tieu_ngu),
            ("co_quan", s.co_quan),
            ("so_ky_hieu", s.so_ky_hieu),
            ("dia_danh", s.dia_danh),
            ("ten_loai", s.ten_loai),
            ("noi_dung", s.noi_dung),
            ("so_trang", s.so_trang),
            ("noi_nhan", s.noi_nhan),
            ("noi_nhan_muc", s.noi_nhan_muc),
            ("chu_ky", s.chu_ky),
            ("bang", s.bang),
            ("chu_thich", s.chu_thich),
            ("mau_so", s.mau_so),
            ("du_thao", s.du_thao),
            ("dau_muc", s.dau_muc),
            ("kinh_gui", s.kinh_gui),
            ("soan_thao", s.soan_thao),
            ("lien_he", s.lien_he),
            ("phu_luc", s.phu_luc),
            ("o_8", s.o_8),
        ];
        for (name, size) in sizes {
            if !(size.is_finite() && size > 0.0 && size <= 1000.0) {
                return Err(format!(
                    "thể thức (the-thuc.yaml): cỡ chữ co_chu.{name} phải là số dương, không phải {size}"
                ));
            }
        }
        let others = [
            ("le.tren", v.le.tren),
            ("le.duoi", v.le.duoi),
            ("le.trai", v.le.trai),
            ("le.phai", v.le.phai),
            ("cot_trai", v.cot_trai),
            ("ti_le_gach", v.ti_le_gach),
            ("net_gach", v.net_gach),
            ("thut_dau_dong", v.thut_dau_dong),
            ("cach_doan", v.cach_doan),
            ("tren_dong", v.tren_dong),
            ("duoi_dong", v.duoi_dong),
            ("khoang_dong", v.khoang_dong),
            ("cho_ky", v.cho_ky),
            ("cao_chu_ky", v.cao_chu_ky),
            ("cao_khung", v.cao_khung),
            ("net_khung", v.net_khung),
            ("khoang_cach.hang_dau", v.khoang_cach.hang_dau),
            ("khoang_cach.truoc_ten_loai", v.khoang_cach.truoc_ten_loai),
            ("khoang_cach.truoc_kinh_gui", v.khoang_cach.truoc_kinh_gui),
            ("khoang_cach.sau_phan_dau", v.khoang_cach.sau_phan_dau),
            ("khoang_cach.truoc_chu_ky", v.khoang_cach.truoc_chu_ky),
            ("khoang_cach.truoc_chu_ky_bao_cao", v.khoang_cach.truoc_chu_ky_bao_cao),
            ("khoang_cach.dong_tieu_de", v.khoang_cach.dong_tieu_de),
            ("khoang_cach.dong_bang", v.khoang_cach.dong_bang),
            ("khoang_cach.tren_bang", v.khoang_cach.tren_bang),
            ("khoang_cach.duoi_bang", v.khoang_cach.duoi_bang),
            ("khoang_cach.giua_dau_muc", v.khoang_cach.giua_dau_muc),
            ("khoang_cach.truoc_kem_theo", v.khoang_cach.truoc_kem_theo),
            ("khoang_cach.giua_dong_tieu_de", v.khoang_cach.giua_dong_tieu_de),
            ("khoang_cach.mau_so", v.khoang_cach.mau_so),
            ("khoang_cach.sau_mau_so", v.khoang_cach.sau_mau_so),
            ("khoang_cach.dong_chu_ky_bao_cao", v.khoang_cach.dong_chu_ky_bao_cao),
            ("khoang_cach.kich_ban_doan", v.khoang_cach.kich_ban_doan),
            ("khoang_cach.kich_ban_thut", v.khoang_cach.kich_ban_thut),
            ("bang.dem_ngang", v.bang.dem_ngang),
        ];
        let widths = v.rong_khan.iter().chain(&v.rong_mat).map(|(k, n)| (k.as_str(), *n));
        for (name, n) in others.into_iter().chain([("cach_vien_mat", v.cach_vien_mat)]).chain(widths) {
            if !(n.is_finite() && (0.0..=1000.0).contains(&n)) {
                return Err(format!("thể thức (the-thuc.yaml): {name} phải là số không âm, không phải {n}"));
            }
        }
        Ok(v)
    }

    /// The height of a line's box plus `leading` em, for text of `size` pt
    /// (pt): the pitch of lines `leading` apart.
    pub(crate) fn line(&self, size: f64, leading: f64) -> f64 {
        (self.tren_dong + self.duoi_dong + leading) * size
    }
}

/// Twentieths of a point.
pub(crate) fn tw(pt: f64) -> i64 {
    (pt * 20.0).round() as i64
}

/// Millimetres in twentieths of a point.
pub(crate) fn mm(mm: f64) -> i64 {
    (mm * 1440.0 / 25.4).round() as i64
}

/// Millimetres in points.
pub(crate) fn mm_pt(mm: f64) -> f64 {
    mm * 72.0 / 25.4
}

/// A font size in half-points (`w:sz`), at least 1.
pub(crate) fn hp(pt: f64) -> i64 {
    ((pt * 2.0).round() as i64).clamp(1, 3276)
}

/// A border's thickness in eighths of a point (`w:sz` of a border), 2 to 96.
pub(crate) fn eighths(pt: f64) -> i64 {
    ((pt * 8.0).round() as i64).clamp(2, 96)
}
