/* Check-in at the gate: scan or type a ticket, record walk-ins, keep counts live.
 * Every action is queued on the phone first (localStorage) and sent in order; when
 * the network is down the queue waits and is replayed when it returns. The server
 * counts a ticket or a walk-in record once however often it is sent. */
(function () {
  "use strict";
  var endpoints = JSON.parse(document.getElementById("checkin-endpoints").textContent);
  var labels = JSON.parse(document.getElementById("checkin-labels").textContent);
  var result = document.getElementById("checkin-result");
  var queueStatus = document.getElementById("queue-status");
  var csrf = document.querySelector("[name=csrfmiddlewaretoken]").value;
  var storageKey = "usines-checkin-queue:" + endpoints.checkin;
  var sending = false;

  function newKey() {
    if (window.crypto && window.crypto.randomUUID) { return window.crypto.randomUUID(); }
    return String(Date.now()) + Math.random().toString(16).slice(2);
  }
  function loadQueue() {
    try { return JSON.parse(window.localStorage.getItem(storageKey) || "[]"); }
    catch (error) { return []; }
  }
  function saveQueue(queue) {
    window.localStorage.setItem(storageKey, JSON.stringify(queue));
    queueStatus.textContent = queue.length ? labels.pending + " " + queue.length : "";
  }
  function showResult(data) {
    result.className = "checkin-result result-" + data.outcome;
    result.replaceChildren();
    if (data.name) {
      var name = document.createElement("strong");
      name.textContent = data.name;
      result.append(name, document.createElement("br"));
    }
    result.append(document.createTextNode(data.message));
  }
  function showCounts(counts) {
    if (!counts) { return; }
    document.querySelectorAll("[data-count]").forEach(function (cell) {
      var value = counts[cell.dataset.count];
      if (value !== undefined) { cell.textContent = value; }
    });
  }
  function post(url, body) {
    return fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify(body),
      credentials: "same-origin"
    });
  }

  function flush() {
    if (sending) { return; }
    var queue = loadQueue();
    if (!queue.length) { return; }
    sending = true;
    var item = queue[0];
    var url = item.type === "checkin" ? endpoints.checkin : endpoints.walkins;
    post(url, item.body).then(function (response) {
      if (response.status >= 500 || response.status === 0) { throw new Error(response.status); }
      return response.json().then(function (data) {
        var rest = loadQueue().filter(function (other) { return other.key !== item.key; });
        saveQueue(rest);
        if (item.type === "checkin" && item.live) { showResult(data); }
        showCounts(data.counts);
        sending = false;
        if (rest.length) { flush(); } else if (item.wasOffline) { queueStatus.textContent = labels.sent; }
      });
    }).catch(function () {
      sending = false;
      var marked = loadQueue().map(function (other) { other.wasOffline = true; other.live = false; return other; });
      saveQueue(marked);
      if (item.live) {
        result.className = "checkin-result result-queued";
        result.textContent = labels.offline;
      }
    });
  }

  function enqueue(type, body) {
    var queue = loadQueue().map(function (other) { other.live = false; return other; });
    queue.push({ type: type, body: body, key: body.client_key || newKey(), live: true });
    saveQueue(queue);
    flush();
  }

  var codeInput = document.getElementById("id_code");
  document.getElementById("code-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var code = codeInput.value.trim();
    if (!code) { codeInput.focus(); return; }
    enqueue("checkin", { code: code });
    codeInput.value = "";
    codeInput.focus();
  });
  document.querySelectorAll("[data-code-form]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      enqueue("checkin", { code: form.elements.code.value });
    });
  });
  document.querySelectorAll("[data-walkin-form]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var count = parseInt(form.elements.count.value, 10);
      if (!(count >= 1 && count <= 500)) { form.elements.count.focus(); return; }
      enqueue("walkin", {
        category: form.elements.category.value, count: count, client_key: newKey()
      });
      form.elements.count.value = "1";
    });
  });

  window.addEventListener("online", flush);
  window.setInterval(flush, 15000);
  window.setInterval(function () {
    if (loadQueue().length) { return; }
    fetch(endpoints.counts, { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) { if (data) { showCounts(data.counts); } })
      .catch(function () { /* offline: counts refresh when the network is back */ });
  }, 20000);
  saveQueue(loadQueue());
  flush();

  var scanButton = document.querySelector("[data-scan]");
  var scannerBox = document.getElementById("scanner");
  if (scanButton && window.Html5Qrcode && navigator.mediaDevices) {
    scanButton.hidden = false;
    var scanner = null;
    var lastCode = "";
    var lastAt = 0;
    scanButton.addEventListener("click", function () {
      if (scanner) {
        scanner.stop().catch(function () {});
        scanner = null;
        scannerBox.hidden = true;
        return;
      }
      scannerBox.hidden = false;
      scanner = new window.Html5Qrcode("scanner");
      scanner.start({ facingMode: "environment" }, { fps: 10, qrbox: 220 }, function (text) {
        var now = Date.now();
        if (text === lastCode && now - lastAt < 4000) { return; }
        lastCode = text;
        lastAt = now;
        enqueue("checkin", { code: text });
      }).catch(function () {
        scannerBox.hidden = true;
        scanner = null;
        result.className = "checkin-result result-wrong_day";
        result.textContent = labels.camera;
      });
    });
  }
})();
