//! `vanban serve`: the clerk's desk, a local web page over the same data,
//! templates, fonts, engine and build record as `vanban watch`. It shows
//! every document of every congress with its state, previews it, edits its
//! data (saving rebuilds), takes an invitee list from Excel, adds a
//! document from a starter, and hands out the invitations as one ZIP.
//!
//! - [`desk`]: the builder thread and the snapshot the pages are drawn from;
//! - [`pages`]: the HTML (templates built into the binary);
//! - [`files`]: saving, backups, conflicts, uploads, the ZIP;
//! - [`within`]: every path a request names stays in the data or output
//!   folder;
//! - this module: the routes, and the guard every request passes: the
//!   address it was sent to, the access key when the desk is reachable from
//!   other machines, and the session token and origin of every request that
//!   changes something.

pub mod desk;
pub mod files;
pub mod pages;
pub mod within;

use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{DefaultBodyLimit, Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use serde::Deserialize;
use serde_json::json;

use crate::build::status::FileState;
use crate::diag::Problem;

use desk::INVITATION;
pub use desk::{Desk, Setup};

/// Where the desk listens, and who may use it.
#[derive(Debug, Clone)]
pub struct Listen {
    pub address: IpAddr,
    pub port: u16,
}

/// The running desk as the routes see it.
struct App {
    desk: Arc<Desk>,
    /// Sent by the pages with every request that changes something.
    session: String,
    /// Asked of every request when the desk listens beyond this machine.
    access: Option<String>,
    /// The Host headers a request may carry (loopback only); any when the
    /// access key guards the desk.
    hosts: Vec<String>,
}

/// A random token: 128 bits from the OS, in hex.
fn token() -> Result<String, Problem> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|e| Problem::new("", format!("không tạo được khóa ngẫu nhiên: {e}")))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// Builds everything, then serves the desk until interrupted. `ready` is
/// told the address to open (with the access key when there is one) once
/// the first build is done and the port is open.
pub fn run(setup: Setup, listen: Listen, ready: impl FnOnce(&str)) -> Result<(), Problem> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| Problem::new("", format!("không khởi động được máy chủ: {e}")))?;
    runtime.block_on(async move {
        let addr = SocketAddr::new(listen.address, listen.port);
        let listener = tokio::net::TcpListener::bind(addr).await.map_err(|e| {
            Problem::new("", format!("không mở được cổng {}: {e} (cổng đang bận? chọn cổng khác bằng --cong)", listen.port))
        })?;
        let port = listener.local_addr().map(|a| a.port()).unwrap_or(listen.port);
        let out_data = setup.paths.data.clone();
        let desk = tokio::task::spawn_blocking(move || Desk::start(setup))
            .await
            .map_err(|e| Problem::new(&out_data, format!("lỗi khi dựng lần đầu: {e}")))??;
        let local = listen.address.is_loopback();
        let access = if local { None } else { Some(token()?) };
        let hosts = ["127.0.0.1", "localhost", "[::1]"].iter().map(|h| format!("{h}:{port}")).collect();
        let app = Arc::new(App { desk, session: token()?, access: access.clone(), hosts });
        let shown_host = if local || listen.address.is_unspecified() {
            if local { "127.0.0.1".to_string() } else { "ĐỊA_CHỈ_MÁY_NÀY".to_string() }
        } else {
            listen.address.to_string()
        };
        let url = match &access {
            None => format!("http://{shown_host}:{port}/"),
            Some(key) => format!("http://{shown_host}:{port}/?khoa={key}"),
        };
        ready(&url);
        // Ctrl+C ends the desk at once: an open page's event stream would
        // hold a graceful shutdown forever, and every write is atomic.
        let server = axum::serve(listener, router(app));
        tokio::select! {
            result = async { server.await } => result.map_err(|e| Problem::new("", format!("máy chủ dừng vì lỗi: {e}"))),
            _ = tokio::signal::ctrl_c() => Ok(()),
        }
    })?;
    runtime.shutdown_background();
    Ok(())
}

fn router(app: Arc<App>) -> Router {
    Router::new()
        .route("/", get(dashboard))
        .route("/van-ban", get(document))
        .route("/tep/{*duong_dan}", get(output_file))
        .route("/tai-ve/giay-moi.zip", get(invitations_zip))
        .route("/su-kien", get(events))
        .route("/tai-san/{ten}", get(asset))
        .route("/luu", post(save).layer(DefaultBodyLimit::max(files::MAX_YAML * 3 + 4096)))
        .route("/danh-sach", post(upload).layer(DefaultBodyLimit::max(files::MAX_LIST)))
        .route("/them", post(add).layer(DefaultBodyLimit::max(16 << 10)))
        .fallback(|| async { refused(StatusCode::NOT_FOUND, "Không có trang này.") })
        .layer(middleware::from_fn_with_state(Arc::clone(&app), guard))
        .with_state(app)
}

/// A refusal in words: a page for a browser, the same words in JSON for
/// the pages' own requests.
fn refused(status: StatusCode, why: &str) -> Response {
    let title = match status {
        StatusCode::NOT_FOUND => "Không tìm thấy",
        StatusCode::FORBIDDEN | StatusCode::UNAUTHORIZED => "Không được phép",
        _ => "Không thực hiện được",
    };
    (status, [(header::CACHE_CONTROL, "no-store")], Html(pages::message(title, why))).into_response()
}

/// The JSON answer of a blocking task: its body, or its refusal with a
/// status; `failed` when the task itself did not finish.
fn json_answer(
    done: Result<Result<serde_json::Value, (StatusCode, serde_json::Value)>, tokio::task::JoinError>,
    failed: &str,
) -> Response {
    match done {
        Ok(Ok(body)) => axum::Json(body).into_response(),
        Ok(Err((status, body))) => (status, axum::Json(body)).into_response(),
        Err(_) => json_refused(StatusCode::INTERNAL_SERVER_ERROR, failed),
    }
}

fn json_refused(status: StatusCode, why: &str) -> Response {
    (status, axum::Json(json!({ "loi": why }))).into_response()
}

/// Every request: sent to this desk's address; with the access key when
/// the desk listens beyond this machine; and, when it changes something,
/// with this session's token and from this desk's own pages.
async fn guard(State(app): State<Arc<App>>, req: Request, next: Next) -> Response {
    let headers = req.headers();
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("").to_string();
    let mut set_cookie = None;
    match &app.access {
        // Loopback: another site's page reaching 127.0.0.1 through a name
        // of its own (DNS rebinding) is refused by its Host.
        None if !app.hosts.contains(&host) => {
            return refused(
                StatusCode::FORBIDDEN,
                "Địa chỉ không đúng: hãy mở bàn làm việc bằng địa chỉ vanban in ra.",
            );
        }
        None => {}
        Some(key) => {
            let by_cookie = cookie(headers, "vanban_khoa").is_some_and(|c| same(&c, key));
            let by_query = query_param(req.uri().query().unwrap_or(""), "khoa").is_some_and(|k| same(&k, key));
            if !by_cookie && !by_query {
                return refused(
                    StatusCode::UNAUTHORIZED,
                    "Cần khóa truy cập: mở đúng địa chỉ (có ?khoa=…) mà lệnh vanban serve in ra.",
                );
            }
            if by_query && !by_cookie {
                set_cookie = Some(format!("vanban_khoa={key}; Path=/; HttpOnly; SameSite=Strict"));
            }
        }
    }
    if !matches!(*req.method(), Method::GET | Method::HEAD) {
        // A body larger than any the desk takes is refused before it is read.
        let declared = headers.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
        if declared.is_some_and(|n| n > files::MAX_LIST as u64) {
            return json_refused(StatusCode::PAYLOAD_TOO_LARGE, "tệp quá lớn: danh sách tải lên tối đa 16 MB");
        }
        let token_ok =
            headers.get("x-vanban-token").and_then(|v| v.to_str().ok()).is_some_and(|t| same(t, &app.session));
        let origin_ok = match headers.get(header::ORIGIN).and_then(|o| o.to_str().ok()) {
            Some(origin) => origin == format!("http://{host}"),
            None => headers.get("sec-fetch-site").and_then(|s| s.to_str().ok()).is_none_or(|s| s != "cross-site"),
        };
        if !token_ok || !origin_ok {
            return json_refused(
                StatusCode::FORBIDDEN,
                "Yêu cầu bị từ chối: không đến từ trang của bàn làm việc này (tải lại trang rồi thử lại).",
            );
        }
    }
    let mut response = next.run(req).await;
    if let Some(c) = set_cookie.and_then(|c| HeaderValue::from_str(&c).ok()) {
        response.headers_mut().insert(header::SET_COOKIE, c);
    }
    let h = response.headers_mut();
    h.insert("x-content-type-options", HeaderValue::from_static("nosniff"));
    h.insert("referrer-policy", HeaderValue::from_static("no-referrer"));
    h.insert(
        "content-security-policy",
        HeaderValue::from_static(
            "default-src 'self'; frame-src 'self'; object-src 'self'; frame-ancestors 'self'; base-uri 'none'; form-action 'self'",
        ),
    );
    response
}

/// Compares two tokens in time that does not depend on where they differ.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers.get_all(header::COOKIE).iter().filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(';')).find_map(|c| {
        let (k, v) = c.trim().split_once('=')?;
        (k == name).then(|| v.to_string())
    })
}

fn query_param(query: &str, name: &str) -> Option<String> {
    query.split('&').find_map(|kv| {
        let (k, v) = kv.split_once('=')?;
        (k == name).then(|| v.to_string())
    })
}

#[derive(Deserialize)]
struct Part {
    phan: Option<String>,
}

async fn dashboard(State(app): State<Arc<App>>, Query(q): Query<Part>) -> Response {
    let fragment = q.phan.as_deref() == Some("bang");
    let html = tokio::task::spawn_blocking(move || pages::dashboard(&app.desk, &app.session, fragment)).await;
    match html {
        Ok(html) => ([(header::CACHE_CONTROL, "no-store")], Html(html)).into_response(),
        Err(_) => refused(StatusCode::INTERNAL_SERVER_ERROR, "Lỗi khi vẽ trang."),
    }
}

#[derive(Deserialize)]
struct DocumentQuery {
    tep: String,
    sua: Option<String>,
    phan: Option<String>,
    /// The build a save answered with: the page waits (a few seconds at
    /// most) for the snapshot that shows it.
    sau: Option<u64>,
}

async fn document(State(app): State<Arc<App>>, Query(q): Query<DocumentQuery>) -> Response {
    let html = tokio::task::spawn_blocking(move || {
        if let Some(v) = q.sau {
            app.desk.wait_for(v, std::time::Duration::from_secs(10));
        }
        let rel = within::plain(&q.tep).map_err(|r| (StatusCode::BAD_REQUEST, r.0))?;
        let snap = app.desk.snapshot();
        let listed = snap.document(&rel).ok_or((
            StatusCode::NOT_FOUND,
            "Không có văn bản này trong thư mục dữ liệu (tệp đã đổi tên hay bị xóa?).",
        ))?;
        let files = pages::editable(&app.desk, listed);
        let edit = match &q.sua {
            None => rel.clone(),
            Some(s) => {
                let s = within::plain(s).map_err(|r| (StatusCode::BAD_REQUEST, r.0))?;
                files
                    .iter()
                    .map(|(_, f)| f.clone())
                    .find(|f| *f == s)
                    .ok_or((StatusCode::NOT_FOUND, "Trang này chỉ sửa tệp của văn bản, của Đại hội và của cơ quan."))?
            }
        };
        within::existing(&app.desk.paths().data, &pages::slashed(&edit)).map_err(|r| (StatusCode::NOT_FOUND, r.0))?;
        Ok::<_, (StatusCode, &str)>(pages::document(&app.desk, &app.session, listed, &edit, q.phan.is_some()))
    })
    .await;
    match html {
        Ok(Ok(html)) => ([(header::CACHE_CONTROL, "no-store")], Html(html)).into_response(),
        Ok(Err((status, why))) => refused(status, why),
        Err(_) => refused(StatusCode::INTERNAL_SERVER_ERROR, "Lỗi khi vẽ trang."),
    }
}

/// A file of the output folder (PDF, Word copy, mailing list), never a
/// hidden one (the build record, kept parts).
async fn output_file(State(app): State<Arc<App>>, axum::extract::Path(rel): axum::extract::Path<String>) -> Response {
    let out = app.desk.paths().out.clone();
    let found = tokio::task::spawn_blocking(move || {
        let path = within::existing(&out, &rel)?;
        if !path.is_file() {
            return Err(within::Refused("không tìm thấy tệp"));
        }
        std::fs::read(&path).map(|b| (path, b)).map_err(|_| within::Refused("không đọc được tệp"))
    })
    .await;
    let Ok(Ok((path, bytes))) = found else {
        return refused(StatusCode::NOT_FOUND, "Không có tệp này trong thư mục ra.");
    };
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    let kind = match ext.as_str() {
        "pdf" => "application/pdf",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "csv" => "text/csv; charset=utf-8",
        "typ" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    };
    let name = path.file_name().unwrap_or_default().to_string_lossy().into_owned();
    let disposition = if ext == "pdf" { "inline" } else { "attachment" };
    let disposition = format!("{disposition}; filename*=UTF-8''{}", pages::encode(&name));
    let mut r = (StatusCode::OK, Body::from(bytes)).into_response();
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    r
}

#[derive(Deserialize)]
struct Of {
    tep: String,
}

/// Every invitation of a GIẤY MỜI and its mailing list, as one ZIP; refused
/// while any of them is not current (a stale invitation is never sent).
async fn invitations_zip(State(app): State<Arc<App>>, Query(q): Query<Of>) -> Response {
    let made = tokio::task::spawn_blocking(move || {
        let rel = within::plain(&q.tep).map_err(|r| (StatusCode::BAD_REQUEST, r.0.to_string()))?;
        let snap = app.desk.snapshot();
        let l = snap
            .document(&rel)
            .filter(|l| l.kind == Some(INVITATION))
            .ok_or((StatusCode::NOT_FOUND, "Không có giấy mời này.".to_string()))?;
        let folder = rel.with_extension("");
        let members: Vec<&(PathBuf, FileState)> =
            l.files.iter().filter(|(f, _)| f.parent() == Some(folder.as_path())).collect();
        let not_current = members.iter().filter(|(_, s)| *s != FileState::Current).count();
        if not_current > 0 || members.is_empty() {
            return Err((
                StatusCode::CONFLICT,
                format!(
                    "Chưa tải được: {not_current} tệp giấy mời chưa hiện hành (lỗi thời, lỗi hay chưa dựng). \
                     Sửa các lỗi trên trang của giấy mời rồi tải lại."
                ),
            ));
        }
        let files: Vec<PathBuf> = members.iter().map(|(f, _)| f.clone()).collect();
        let zip = files::zip(&app.desk.paths().out, &files).map_err(|e| (StatusCode::INTERNAL_SERVER_ERROR, e))?;
        Ok((rel.file_stem().unwrap_or_default().to_string_lossy().into_owned(), zip))
    })
    .await;
    match made {
        Ok(Ok((stem, bytes))) => {
            let mut r = (StatusCode::OK, Body::from(bytes)).into_response();
            let h = r.headers_mut();
            h.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/zip"));
            h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            let d = format!("attachment; filename*=UTF-8''{}.zip", pages::encode(&stem));
            if let Ok(v) = HeaderValue::from_str(&d) {
                h.insert(header::CONTENT_DISPOSITION, v);
            }
            r
        }
        Ok(Err((status, why))) => refused(status, &why),
        Err(_) => refused(StatusCode::INTERNAL_SERVER_ERROR, "Lỗi khi đóng gói."),
    }
}

/// Tells the pages each time a build ends: its number and time.
async fn events(State(app): State<Arc<App>>) -> impl IntoResponse {
    let rx = app.desk.changes.subscribe();
    let stream = futures_util::stream::unfold((rx, app), |(mut rx, app)| async move {
        loop {
            match rx.recv().await {
                Ok(version) => {
                    let at = app.desk.snapshot().at.clone();
                    let data = json!({ "phien_ban": version, "luc": at }).to_string();
                    return Some((Ok::<_, std::convert::Infallible>(Event::default().data(data)), (rx, app)));
                }
                Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => continue,
                Err(tokio::sync::broadcast::error::RecvError::Closed) => return None,
            }
        }
    });
    Sse::new(stream).keep_alive(KeepAlive::default())
}

async fn asset(axum::extract::Path(name): axum::extract::Path<String>) -> Response {
    let (kind, text) = match name.as_str() {
        "ban.css" => ("text/css; charset=utf-8", include_str!("trang/ban.css")),
        "ban.js" => ("text/javascript; charset=utf-8", include_str!("trang/ban.js")),
        _ => return refused(StatusCode::NOT_FOUND, "Không có tệp này."),
    };
    ([(header::CONTENT_TYPE, kind), (header::CACHE_CONTROL, "no-cache")], text).into_response()
}

#[derive(Deserialize)]
struct SaveRequest {
    tep: String,
    phien_ban: String,
    goc: String,
    noi_dung: String,
}

/// Saves a YAML file of the data folder and rebuilds; answers with the
/// file's new version and what the build found.
async fn save(State(app): State<Arc<App>>, axum::Json(q): axum::Json<SaveRequest>) -> Response {
    let done = tokio::task::spawn_blocking(move || {
        let data = app.desk.paths().data.clone();
        let path = within::existing(&data, &q.tep).map_err(|r| (StatusCode::BAD_REQUEST, json!({ "loi": r.0 })))?;
        if !path.is_file() || !crate::source::discover::is_yaml(&path) {
            return Err((StatusCode::BAD_REQUEST, json!({ "loi": "chỉ sửa được tệp .yaml" })));
        }
        if q.noi_dung.len() > files::MAX_YAML {
            return Err((StatusCode::PAYLOAD_TOO_LARGE, json!({ "loi": "tệp quá lớn (quá 2 MB)" })));
        }
        let saved = {
            let _one = app.desk.writing.lock().unwrap();
            files::save(&path, &q.noi_dung, &q.phien_ban, &q.goc)
        };
        let version = match saved {
            Ok(v) => v,
            Err(files::Unsaved::Conflict(c)) => {
                return Err((
                    StatusCode::CONFLICT,
                    json!({ "loi": "tệp đã đổi trên đĩa từ lúc mở", "phien_ban": c.version, "hien_tai": c.now, "khac": c.changes }),
                ));
            }
            Err(files::Unsaved::Failed(why)) => return Err((StatusCode::INTERNAL_SERVER_ERROR, json!({ "loi": why }))),
        };
        let Some(rebuilt) = app.desk.rebuild() else {
            // The templates or fonts could not be read: nothing was built.
            let said = "Đã lưu, nhưng chưa dựng lại được: mẫu hay phông chữ đang lỗi (xem trang đầu).";
            return Ok(json!({ "phien_ban": version, "thong_bao": said, "so_loi": 1, "lan_dung": 0 }));
        };
        let errors = rebuilt.outcome.all_problems().filter(|p| p.is_error()).count();
        let build = rebuilt.version;
        let said = match errors {
            0 => format!("Đã lưu lúc {} và dựng lại.", chrono::Local::now().format("%H:%M:%S")),
            n => format!("Đã lưu lúc {}; bản dựng có {n} lỗi (xem bên phải). PDF cũ được giữ và ghi là LỖI THỜI.", chrono::Local::now().format("%H:%M:%S")),
        };
        Ok(json!({ "phien_ban": version, "thong_bao": said, "so_loi": errors, "lan_dung": build }))
    })
    .await;
    json_answer(done, "lỗi khi lưu")
}

#[derive(Deserialize)]
struct UploadQuery {
    tep: String,
    ten: String,
    chap_nhan: Option<String>,
}

/// An invitee list uploaded for a GIẤY MỜI: checked, then (when clean, or
/// its warnings accepted) it replaces the list and everything is rebuilt.
async fn upload(State(app): State<Arc<App>>, Query(q): Query<UploadQuery>, body: Bytes) -> Response {
    let done = tokio::task::spawn_blocking(move || {
        let data = app.desk.paths().data.clone();
        let yaml = within::existing(&data, &q.tep).map_err(|r| (StatusCode::BAD_REQUEST, json!({ "loi": r.0 })))?;
        // `existing` accepted it, so it is a plain path below the data folder.
        if app.desk.snapshot().document(Path::new(&q.tep)).and_then(|l| l.kind) != Some(INVITATION) {
            return Err((StatusCode::BAD_REQUEST, json!({ "loi": "chỉ giấy mời mới có danh sách khách mời" })));
        }
        let name = Path::new(&q.ten).file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let lines = |ps: &[Problem]| -> Vec<String> {
            ps.iter()
                .map(|p| {
                    let at = match (p.line, p.column) {
                        (Some(l), Some(c)) => format!("dòng {l}, cột {c}: "),
                        (Some(l), None) => format!("dòng {l}: "),
                        _ => String::new(),
                    };
                    let field = p.field.as_ref().map(|f| format!("cột `{f}`: ")).unwrap_or_default();
                    let kind = if p.is_error() { "lỗi" } else { "cảnh báo" };
                    format!("{kind}: {at}{field}{}", p.message)
                })
                .collect()
        };
        let result = {
            let _one = app.desk.writing.lock().unwrap();
            files::upload(&yaml, &data, &name, &body, q.chap_nhan.is_some())
        };
        match result {
            Err(why) => Err((StatusCode::BAD_REQUEST, json!({ "loi": why }))),
            Ok(files::Upload::Refused(ps)) => Err((
                StatusCode::UNPROCESSABLE_ENTITY,
                json!({ "loi": format!("Danh sách {name} có lỗi: chưa thay gì. Sửa trong Excel rồi tải lên lại."), "cac_loi": lines(&ps) }),
            )),
            Ok(files::Upload::Warned(ps)) => Err((
                StatusCode::CONFLICT,
                json!({ "loi": format!("Danh sách {name} có cảnh báo: chưa thay gì. Xem rồi chọn chấp nhận nếu đúng."), "cac_loi": lines(&ps) }),
            )),
            Ok(files::Upload::Replaced { invitees, warnings }) => {
                let build = app.desk.rebuild().map(|r| r.version).unwrap_or(0);
                Ok(json!({
                    "thong_bao": format!("Đã thay danh sách: {invitees} khách mời; đã dựng lại các giấy mời."),
                    "cac_loi": lines(&warnings),
                    "lan_dung": build,
                }))
            }
        }
    })
    .await;
    json_answer(done, "lỗi khi tải lên")
}

#[derive(Deserialize)]
struct AddRequest {
    thu_muc: String,
    loai: String,
    ten: String,
}

/// "Thêm văn bản": `vanban new`'s starter of a kind, in a congress folder.
async fn add(State(app): State<Arc<App>>, axum::Json(q): axum::Json<AddRequest>) -> Response {
    let done = tokio::task::spawn_blocking(move || {
        let data = app.desk.paths().data.clone();
        let name = q.ten.trim();
        let name = if name.ends_with(".yaml") { name.to_string() } else { format!("{name}.yaml") };
        let stem = name.trim_end_matches(".yaml");
        if stem.is_empty() || !stem.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-') {
            return Err("tên tệp chỉ gồm chữ thường không dấu, số và dấu gạch ngang (vd. giay-moi-dot-2)".to_string());
        }
        let target = within::new_file(&data, &q.thu_muc, &name).map_err(|r| r.0.to_string())?;
        let written = {
            let _one = app.desk.writing.lock().unwrap();
            crate::starter::write(&q.loai, &target).map_err(|p| p.message)?
        };
        // Its page needs it in the snapshot.
        if let Some(r) = app.desk.rebuild() {
            app.desk.wait_for(r.version, std::time::Duration::from_secs(30));
        }
        let root = data.canonicalize().unwrap_or(data);
        let rel = written.first().and_then(|w| w.canonicalize().ok()?.strip_prefix(&root).ok().map(Path::to_path_buf));
        Ok(rel.map(|r| pages::page_of(&r, None)).unwrap_or_else(|| "/".into()))
    })
    .await;
    match done {
        Ok(Ok(href)) => axum::Json(json!({ "href": href })).into_response(),
        Ok(Err(why)) => json_refused(StatusCode::BAD_REQUEST, &why),
        Err(_) => json_refused(StatusCode::INTERNAL_SERVER_ERROR, "lỗi khi thêm văn bản"),
    }
}
