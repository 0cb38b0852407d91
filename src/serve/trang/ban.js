// The desk's one script: live updates (server-sent events), the editor
// with line numbers, saving with conflict detection, the upload of an
// invitee list and "Thêm văn bản". No framework, no network but this server.
"use strict";
(function () {
  const phien = document.querySelector('meta[name="vanban-phien"]').content;
  const trang = document.body.dataset.trang;
  const post = (url, body, type) => fetch(url, {
    method: "POST",
    headers: { "X-Vanban-Token": phien, "Content-Type": type || "application/json" },
    body: type ? body : JSON.stringify(body),
  });
  const dat = (el, text, lop) => { el.textContent = text; el.className = lop || ""; };

  // --- live updates -------------------------------------------------------
  // `sau`: the build a save answered with, which the page waits for.
  async function lamMoi(sau) {
    if (trang === "bang") {
      const r = await fetch("/?phan=bang");
      if (r.ok) { document.getElementById("bang").innerHTML = await r.text(); ganFormThem(); }
    } else if (trang === "van-ban") {
      const khung = document.getElementById("tinh-trang");
      const r = await fetch("/van-ban?tep=" + encodeURIComponent(khung.dataset.tep) + "&phan=tinh-trang" + (sau ? "&sau=" + sau : ""));
      if (!r.ok) return;
      khung.innerHTML = await r.text();
      const moi = khung.querySelector(".tinh-trang").dataset.xem;
      const xem = document.getElementById("xem-truoc");
      if (moi && xem.getAttribute("src") !== moi) xem.setAttribute("src", moi);
    }
  }
  if (window.EventSource) {
    const su = new EventSource("/su-kien");
    su.onmessage = (e) => {
      const d = JSON.parse(e.data);
      document.getElementById("lan-dung").textContent = "Dựng lần " + d.phien_ban + " lúc " + d.luc;
      lamMoi();
    };
  }

  // --- "Thêm văn bản" -----------------------------------------------------
  function ganFormThem() {
    document.querySelectorAll(".form-them").forEach((f) => {
      f.onsubmit = async (e) => {
        e.preventDefault();
        const kq = f.querySelector(".ket-qua");
        const r = await post("/them", { thu_muc: f.dataset.thuMuc, loai: f.loai.value, ten: f.ten.value });
        const j = await r.json().catch(() => ({ loi: "máy chủ không trả lời" }));
        if (r.ok) location.href = j.href; else dat(kq, j.loi, "chua-luu");
      };
    });
  }
  ganFormThem();

  // --- the editor ---------------------------------------------------------
  const form = document.getElementById("form-sua");
  if (form) {
    const o = document.getElementById("noi-dung");
    const so = document.getElementById("so-dong");
    const goc = document.getElementById("goc");
    const kq = document.getElementById("ket-qua-luu");
    const xd = document.getElementById("xung-dot");
    const khoa = "vanban:" + form.dataset.tep;
    let ban = form.dataset.phienBan;
    const danhSo = () => {
      const n = o.value.split("\n").length;
      let s = "";
      for (let i = 1; i <= n; i++) s += i + "\n";
      so.textContent = s;
      so.scrollTop = o.scrollTop;
    };
    // Text typed and not saved survives a closed tab or a crash.
    const nhap = JSON.parse(localStorage.getItem(khoa) || "null");
    if (nhap && nhap.ban === ban && nhap.chu !== o.value) {
      o.value = nhap.chu;
      dat(kq, "Đã mở lại bản bạn sửa dở (chưa lưu).", "chua-luu");
    }
    danhSo();
    o.addEventListener("input", () => { danhSo(); localStorage.setItem(khoa, JSON.stringify({ ban, chu: o.value })); });
    o.addEventListener("scroll", () => { so.scrollTop = o.scrollTop; });
    // A problem's "sửa" link: #dong-N puts the caret on line N.
    const m = location.hash.match(/^#dong-(\d+)$/);
    if (m) {
      const lines = o.value.split("\n");
      const at = lines.slice(0, Number(m[1]) - 1).join("\n").length + (Number(m[1]) > 1 ? 1 : 0);
      o.focus();
      o.setSelectionRange(at, at + (lines[Number(m[1]) - 1] || "").length);
      o.scrollTop = Math.max(0, (Number(m[1]) - 5) * 20);
      danhSo();
    }
    window.addEventListener("beforeunload", (e) => { if (o.value !== goc.value) { e.preventDefault(); e.returnValue = ""; } });

    async function luu(banGoc) {
      dat(kq, "Đang lưu và dựng lại…");
      let r;
      try {
        r = await post("/luu", { tep: form.dataset.tep, phien_ban: banGoc, goc: goc.value, noi_dung: o.value });
      } catch (e) { dat(kq, "Không lưu được: máy chủ vanban không trả lời. Bản của bạn vẫn ở đây.", "chua-luu"); return; }
      const j = await r.json().catch(() => ({ loi: "máy chủ trả lời không đọc được" }));
      if (r.ok) {
        ban = j.phien_ban; form.dataset.phienBan = ban; goc.value = o.value; xd.hidden = true;
        localStorage.removeItem(khoa);
        dat(kq, j.thong_bao, j.so_loi ? "chua-luu" : "da-luu");
        await lamMoi(j.lan_dung);
      } else if (r.status === 409) {
        xd.hidden = false;
        xd.dataset.banDia = j.phien_ban;
        xd.dataset.chuDia = j.hien_tai;
        const pre = xd.querySelector(".khac");
        pre.textContent = "";
        for (const [dau, dong] of j.khac) {
          const s = document.createElement("span");
          s.className = dau === "-" ? "bo" : dau === "+" ? "moi" : "";
          s.textContent = (dau === " " ? "  " : dau + " ") + dong + "\n";
          pre.appendChild(s);
        }
        dat(kq, "Chưa lưu: tệp đã đổi trên đĩa.", "chua-luu");
      } else {
        dat(kq, "Chưa lưu: " + (j.loi || r.status), "chua-luu");
      }
    }
    form.addEventListener("submit", (e) => { e.preventDefault(); luu(ban); });
    document.addEventListener("keydown", (e) => {
      if ((e.ctrlKey || e.metaKey) && e.key === "s") { e.preventDefault(); luu(ban); }
    });
    document.getElementById("ghi-de").onclick = () => luu(xd.dataset.banDia);
    document.getElementById("lay-ban-dia").onclick = () => {
      if (!confirm("Bỏ bản bạn đang sửa và mở bản trên đĩa?")) return;
      o.value = xd.dataset.chuDia; goc.value = o.value; ban = xd.dataset.banDia; form.dataset.phienBan = ban;
      localStorage.removeItem(khoa); xd.hidden = true; danhSo(); dat(kq, "Đã mở bản trên đĩa.");
    };
  }

  // --- the invitee list ---------------------------------------------------
  const ds = document.getElementById("form-danh-sach");
  if (ds) {
    const kq = document.getElementById("ket-qua-danh-sach");
    async function taiLen(chapNhan) {
      const tep = ds.tep.files[0];
      if (!tep) return;
      kq.textContent = "Đang kiểm tra…";
      const url = "/danh-sach?tep=" + encodeURIComponent(ds.dataset.tep) + "&ten=" + encodeURIComponent(tep.name) + (chapNhan ? "&chap_nhan=1" : "");
      const r = await post(url, tep, "application/octet-stream");
      const j = await r.json().catch(() => ({ loi: "máy chủ trả lời không đọc được" }));
      kq.textContent = "";
      const p = document.createElement("p");
      p.textContent = j.thong_bao || j.loi || "";
      p.className = r.ok ? "da-luu" : "chua-luu";
      kq.appendChild(p);
      if (j.cac_loi && j.cac_loi.length) {
        const ul = document.createElement("ul");
        for (const l of j.cac_loi) { const li = document.createElement("li"); li.textContent = l; ul.appendChild(li); }
        kq.appendChild(ul);
      }
      if (r.status === 409) {
        const b = document.createElement("button");
        b.type = "button"; b.textContent = "Chấp nhận các cảnh báo và thay danh sách";
        b.onclick = () => taiLen(true);
        kq.appendChild(b);
      }
      if (r.ok) lamMoi(j.lan_dung);
    }
    ds.addEventListener("submit", (e) => { e.preventDefault(); taiLen(false); });
  }
})();
