/* Check-in at the gate: scan or type a ticket, find a name, record walk-ins, undo a
 * mistake, keep counts live.
 * Every action is queued on the phone first (localStorage) and sent in order; when
 * the network is down the queue waits and is replayed when it returns, each action
 * carrying the moment it was taken. The server counts a ticket or a walk-in record
 * once however often it is sent. The day's bookings come with the page, so the name
 * search works without network; names are compared as bookings/search.py folds
 * them: lower case, without accents. */
(function () {
  "use strict";
  var endpoints = JSON.parse(document.getElementById("checkin-endpoints").textContent);
  var labels = JSON.parse(document.getElementById("checkin-labels").textContent);
  var roster = JSON.parse(document.getElementById("checkin-roster").textContent);
  var result = document.getElementById("checkin-result");
  var actions = document.getElementById("checkin-actions");
  var queueStatus = document.getElementById("queue-status");
  var searchResults = document.getElementById("search-results");
  var latest = document.getElementById("latest");
  var latestEmpty = document.getElementById("latest-empty");
  var csrf = document.querySelector("[name=csrfmiddlewaretoken]").value;
  var storageKey = "usines-checkin-queue:" + endpoints.checkin;
  var urls = { checkin: endpoints.checkin, walkin: endpoints.walkins, undo: endpoints.undo };
  var sending = null;
  var bannerKey = null; /* the queued action the banner still speaks of, if any */

  /* The fold of bookings/search.py: "Chloé", "CHLOE" and "chloe" are one name. */
  var LETTERS = { "œ": "oe", "æ": "ae", "ß": "ss", "ø": "o", "ł": "l", "đ": "d", "ı": "i", "’": "'", "ʼ": "'" };
  function fold(text) {
    return String(text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/[œæßøłđı’ʼ]/g, function (letter) { return LETTERS[letter]; });
  }
  function code(text) { return String(text || "").toUpperCase().replace(/[^0-9A-Z]/g, ""); }
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

  /* --- What the host reads: the banner and what may be done next --------------- */
  function button(text, hidden, onClick) {
    var element = document.createElement("button");
    element.type = "button";
    element.className = "button secondary";
    element.textContent = text;
    if (hidden) {
      var context = document.createElement("span");
      context.className = "visually-hidden";
      context.textContent = " – " + hidden;
      element.append(context);
    }
    element.addEventListener("click", onClick);
    return element;
  }
  function showBanner(outcome, message, name) {
    bannerKey = null;
    result.className = "checkin-result result-" + outcome;
    result.replaceChildren();
    if (name) {
      var strong = document.createElement("strong");
      strong.textContent = name;
      result.append(strong, document.createElement("br"));
    }
    result.append(document.createTextNode(message));
    actions.replaceChildren();
  }
  function showResult(data) {
    showBanner(data.outcome, data.message, data.name);
    if (data.undo) {
      actions.append(button(labels.undo, data.name, function () { undo(data.undo); }));
    }
    if (data.force) {
      var force = data.force;
      var label = force.kind === "walkin" ? labels.record_anyway : labels.checkin_anyway;
      actions.append(button(label, data.name, function () {
        var body = force.kind === "walkin"
          ? { category: force.category, count: force.count, client_key: force.client_key }
          : { code: force.code };
        body.force = true;
        enqueue(force.kind === "walkin" ? "walkin" : "checkin", body);
      }));
    }
  }
  function showQueued(item) {
    showBanner("queued", labels.offline);
    bannerKey = item.key;
    if (item.type !== "undo") {
      actions.append(button(labels.undo, null, function () {
        undo({ kind: item.type, code: item.body.code, client_key: item.body.client_key }, item.key);
      }));
    }
  }
  function showCounts(counts) {
    if (!counts) { return; }
    document.querySelectorAll("[data-count]").forEach(function (cell) {
      var value = counts[cell.dataset.count];
      if (value !== undefined) { cell.textContent = value; }
    });
  }

  /* --- The day's bookings, searched on the phone ---------------------------------- */
  function bookingItem(entry, withTime) {
    var item = document.createElement("li");
    item.className = "row-between";
    item.dataset.code = entry.code;
    var text = document.createElement("span");
    var name = document.createElement("strong");
    name.textContent = entry.name;
    if (withTime) { text.append(entry.at + " · "); }
    text.append(name, " · " + entry.detail);
    if (entry.at && !withTime) { text.append(" · ✓ " + entry.at); }
    item.append(text);
    if (entry.at) {
      item.append(button(labels.undo, entry.name, function () {
        undo({ kind: "checkin", code: entry.code });
      }));
    } else {
      item.append(button(labels.checkin, entry.name, function () {
        enqueue("checkin", { code: entry.code });
      }));
    }
    return item;
  }
  var searchInput = document.getElementById("id_q");
  function search() {
    var wanted = fold(searchInput.value.trim());
    if (wanted.length < 2) { searchResults.hidden = true; searchResults.replaceChildren(); return; }
    var found = roster.filter(function (entry) { return fold(entry.name).indexOf(wanted) !== -1; });
    searchResults.replaceChildren();
    found.slice(0, 20).forEach(function (entry) { searchResults.append(bookingItem(entry, false)); });
    if (!found.length) {
      var none = document.createElement("li");
      none.textContent = labels.no_match;
      searchResults.append(none);
    }
    searchResults.hidden = false;
  }
  document.getElementById("search-form").addEventListener("submit", function (event) {
    event.preventDefault();
    search();
  });
  searchInput.addEventListener("input", search);

  /* --- The latest arrivals, kept as the server lists them ------------------------- */
  function addLatest(item) {
    latest.prepend(item);
    while (latest.children.length > 10) { latest.lastElementChild.remove(); }
    latestEmpty.hidden = true;
  }
  function removeLatest(selector) {
    latest.querySelectorAll(selector).forEach(function (item) { item.remove(); });
    latestEmpty.hidden = latest.children.length > 0;
  }
  function walkInItem(data, body) {
    var item = document.createElement("li");
    item.className = "row-between";
    item.dataset.key = body.client_key;
    var text = document.createElement("span");
    text.textContent = new Date().toTimeString().slice(0, 5) + " · " + data.line;
    item.append(text, button(labels.undo, data.line, function () {
      undo({ kind: "walkin", client_key: body.client_key });
    }));
    return item;
  }
  function learn(item, data) {
    /* What the server answered changes the phone's copy of the day's bookings. */
    var entry = data.code ? roster.find(function (one) { return one.code === data.code; }) : null;
    if (item.type === "checkin" && entry && (data.outcome === "welcome" || data.outcome === "already")) {
      entry.at = data.at || entry.at;
      removeLatest('[data-code="' + entry.code + '"]');
      addLatest(bookingItem(entry, true));
    } else if (item.type === "undo" && data.outcome === "undone") {
      if (entry) { entry.at = ""; removeLatest('[data-code="' + entry.code + '"]'); }
      if (data.client_key) { removeLatest('[data-key="' + data.client_key + '"]'); }
    } else if (item.type === "walkin" && data.outcome === "walk_in") {
      removeLatest('[data-key="' + item.body.client_key + '"]');
      addLatest(walkInItem(data, item.body));
    }
    if (!searchResults.hidden && searchInput.value.trim().length >= 2) { search(); }
  }

  /* --- The queue ------------------------------------------------------------------ */
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
    var item = queue[0];
    sending = item.key;
    post(urls[item.type], item.body).then(function (response) {
      if (response.status >= 500 || response.status === 0 || response.status === 429) {
        throw new Error(response.status);
      }
      return response.json().then(function (data) {
        var rest = loadQueue().filter(function (other) { return other.key !== item.key; });
        saveQueue(rest);
        learn(item, data);
        if (item.live || item.key === bannerKey) { showResult(data); }
        showCounts(data.counts);
        sending = null;
        if (rest.length) { flush(); } else if (item.wasOffline) { queueStatus.textContent = labels.sent; }
      });
    }).catch(function () {
      sending = null;
      var marked = loadQueue().map(function (other) { other.wasOffline = true; other.live = false; return other; });
      saveQueue(marked);
      if (item.live) { showQueued(item); }
    });
  }
  function enqueue(type, body) {
    body.at = new Date().toISOString();
    var queue = loadQueue().map(function (other) { other.live = false; return other; });
    queue.push({ type: type, body: body, key: body.client_key || newKey(), live: true });
    saveQueue(queue);
    flush();
  }
  /* Undo: an action still waiting on this phone is simply dropped; one the server
   * has (or may have, while it is being sent) is undone there. */
  function undo(spec, queueKey) {
    var queue = loadQueue();
    var waiting = queueKey && queueKey !== sending && queue.some(function (item) { return item.key === queueKey; });
    if (waiting) {
      saveQueue(queue.filter(function (item) { return item.key !== queueKey; }));
      showBanner("undone", labels.dropped);
      return;
    }
    var body = spec.kind === "walkin" ? { kind: "walkin", client_key: spec.client_key } : { kind: "checkin", code: spec.code };
    enqueue("undo", body);
  }

  var codeInput = document.getElementById("id_code");
  document.getElementById("code-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var typed = codeInput.value.trim();
    if (!typed) { codeInput.focus(); return; }
    enqueue("checkin", { code: typed });
    codeInput.value = "";
    codeInput.focus();
  });
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.matches("[data-code-form]")) {
      event.preventDefault();
      enqueue("checkin", { code: form.elements.code.value });
    } else if (form.matches("[data-undo-form]")) {
      event.preventDefault();
      undo({ kind: form.elements.kind.value, code: form.elements.code && form.elements.code.value,
             client_key: form.elements.client_key && form.elements.client_key.value });
    } else if (form.matches("[data-force-form]")) {
      event.preventDefault();
      var body = { force: true };
      ["code", "category", "client_key"].forEach(function (name) {
        if (form.elements[name]) { body[name] = form.elements[name].value; }
      });
      if (form.elements.count) { body.count = parseInt(form.elements.count.value, 10); }
      enqueue(form.elements.category ? "walkin" : "checkin", body);
    } else if (form.matches("[data-walkin-form]")) {
      event.preventDefault();
      var count = parseInt(form.elements.count.value, 10);
      if (!(count >= 1 && count <= 500)) { form.elements.count.focus(); return; }
      enqueue("walkin", { category: form.elements.category.value, count: count, client_key: newKey() });
      form.elements.count.value = "1";
    }
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
        if (code(text) === lastCode && now - lastAt < 4000) { return; }
        lastCode = code(text);
        lastAt = now;
        enqueue("checkin", { code: text });
      }).catch(function () {
        scannerBox.hidden = true;
        scanner = null;
        showBanner("wrong_day", labels.camera);
      });
    });
  }
})();
