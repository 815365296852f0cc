// The simulator's page: draws what GET /events sends and posts inputs to
// /api/input. Plain JavaScript, no framework, no build step. Nothing typed
// is shown here: the keys go to the terminal, which shows what it wants.
"use strict";

const $ = (id) => document.getElementById(id);
const KEYBOARD = { Enter: "ENTER", Escape: "CANCEL", Backspace: "CLEAR", m: "MENU", M: "MENU", F1: "F1", ".": "." };
const DIGIT = /^[0-9]$/;
/** states in which the digits typed are secret: a digit's button is not lit when typed on the keyboard */
const SECRET_STATES = new Set(["pin", "manager-pin"]);

let power = false;
let paperIn = true;
let cardIn = false;

function el(tag, attrs, text) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

async function send(input) {
  try {
    const res = await fetch("api/input", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(input) });
    if (!res.ok) {
      const body = await res.json().catch(() => ({}));
      // a 409 comes with a notice event too; other refusals are shown here
      if (res.status !== 409 && body.error) showNotice(body.error.message);
    }
  } catch {
    showNotice("the simulator does not answer");
  }
}

function showNotice(text) {
  const n = $("notice");
  n.textContent = text;
  n.classList.remove("flash");
  void n.offsetWidth;
  n.classList.add("flash");
}

function drawDisplay(lines) {
  const d = $("display");
  d.replaceChildren(...(lines || []).map((l) => el("div", { class: "line" }, l)));
}

function drawState(state, card) {
  const s = $("state");
  s.dataset.state = state;
  cardIn = card;
  $("state-text").textContent = state;
  $("card-text").textContent = card ? "card in the reader" : "";
  $("remove-card").disabled = !card;
}

function drawPower(on) {
  power = on;
  $("state").dataset.power = on ? "on" : "off";
  document.body.classList.toggle("off", !on);
  $("power-cut").disabled = !on;
  $("power-on").disabled = on;
}

function drawPaper(isIn) {
  paperIn = isIn;
  $("paper-toggle").textContent = isIn ? "Paper out" : "Load paper";
  $("paper-text").textContent = isIn ? "" : "no paper";
}

function addReceipt(r) {
  const box = el("figure", { class: "receipt", "data-text": r.lines.join("\n"), "data-id": String(r.id) });
  const caption = el("figcaption", {}, `#${r.id}${r.copy ? ` · ${r.copy} copy` : ""}`);
  const paper = el("div", { class: "paper" });
  // the SVG comes from the simulator's own ESC/POS interpreter
  paper.innerHTML = r.svg;
  box.append(caption, paper);
  const list = $("receipts");
  list.append(box);
  box.scrollIntoView({ block: "nearest", inline: "end" });
}

const ARROWS = { "to-card": "→ card", "from-card": "← card", "to-host": "→ host", "from-host": "← host", host: "host", terminal: "terminal", simulator: "simulator" };

function addTrace(kind, dir, text) {
  const box = $("trace");
  const atEnd = box.scrollTop + box.clientHeight >= box.scrollHeight - 4;
  const line = el("div", { class: "trace-line", "data-kind": kind });
  line.append(el("span", { class: "tag" }, `${kind}${dir ? ` ${ARROWS[dir] || dir}` : ""}`), el("span", { class: "text" }, text));
  box.append(line);
  if (atEnd) box.scrollTop = box.scrollHeight;
}

function drawDeviceTime(t) {
  const d = $("device-time");
  d.dataset.cardIoMs = String(t.cardIoMs);
  d.dataset.cardIoBoundMs = String(t.cardIoBoundMs);
  d.dataset.printMs = String(t.printMs);
  d.dataset.networkMs = String(t.networkMs);
  d.dataset.networkMessages = String(t.networkMessages);
  d.dataset.networkSentBytes = String(t.networkSentBytes);
  d.dataset.networkReceivedBytes = String(t.networkReceivedBytes);
  const ms = (v) => `${Number(v).toFixed(1)} ms`;
  $("dt-card").textContent = ms(t.cardIoMs);
  $("dt-bound").textContent = ms(t.cardIoBoundMs);
  $("dt-network").textContent = ms(t.networkMs);
  $("dt-link").textContent = t.networkLink;
  $("dt-traffic").textContent = `${t.networkMessages} message${t.networkMessages === 1 ? "" : "s"}, ${t.networkSentBytes} B out, ${t.networkReceivedBytes} B in`;
  $("dt-print").textContent = ms(t.printMs);
  $("dt-total").textContent = ms(t.totalMs);
}

function onEvent(e) {
  switch (e.type) {
    case "snapshot":
      drawPower(e.power);
      drawPaper(e.paperIn);
      drawState(e.state, e.cardIn);
      drawDisplay(e.display);
      $("receipts").replaceChildren();
      for (const r of e.receipts) addReceipt(r);
      $("trace").replaceChildren();
      for (const t of e.trace) addTrace(t.kind, t.dir, t.text);
      drawDeviceTime(e.deviceTime);
      break;
    case "display":
      drawDisplay(e.lines);
      break;
    case "state":
      drawState(e.state, e.cardIn);
      break;
    case "log":
      addTrace("log", "terminal", e.text);
      break;
    case "notice":
      showNotice(e.text);
      break;
    case "receipt":
      addReceipt(e);
      break;
    case "trace":
      addTrace(e.kind, e.dir, e.text);
      break;
    case "deviceTime":
      drawDeviceTime(e);
      break;
    case "power":
      drawPower(e.on);
      break;
    case "paper":
      drawPaper(e.in);
      break;
  }
}

function connect() {
  const source = new EventSource("events");
  source.onmessage = (m) => onEvent(JSON.parse(m.data));
  source.onerror = () => showNotice("lost the simulator: reconnecting…");
}

async function wallet() {
  const cards = await (await fetch("api/cards")).json();
  $("wallet-swipe").replaceChildren(...cards.swipe.map((c) => el("button", { "data-swipe": String(c.index) }, c.label)));
  $("wallet-chip").replaceChildren(...cards.chip.map((c) => el("button", { "data-insert": String(c.index) }, c.label)));
}

document.addEventListener("click", (e) => {
  const b = e.target instanceof Element ? e.target.closest("button") : null;
  if (!b) return;
  if (b.dataset.key) send({ key: b.dataset.key });
  else if (b.dataset.swipe) send({ swipe: Number(b.dataset.swipe), reverse: $("swipe-reverse").checked, damage: $("swipe-damage").checked, speed: $("swipe-speed").value });
  else if (b.dataset.insert) send({ insert: Number(b.dataset.insert) });
  else if (b.dataset.fault) send({ fault: b.dataset.fault });
  else if (b.id === "remove-card") send({ remove: true });
  else if (b.id === "power-cut") send({ power: "cut" });
  else if (b.id === "power-on") send({ power: "on" });
  else if (b.id === "paper-toggle") send({ paper: paperIn ? "out" : "in" });
});

document.addEventListener("keydown", (e) => {
  if (e.ctrlKey || e.altKey || e.metaKey) return;
  const t = e.target;
  if (t instanceof HTMLInputElement || t instanceof HTMLSelectElement || t instanceof HTMLTextAreaElement) return;
  const key = DIGIT.test(e.key) ? e.key : KEYBOARD[e.key];
  if (!key) return;
  e.preventDefault();
  const button = document.querySelector(`button[data-key="${key}"]`);
  // which digit button lights would show the PIN to anyone watching the screen
  const secret = DIGIT.test(key) && SECRET_STATES.has($("state").dataset.state);
  if (button && !secret) {
    button.classList.add("pressed");
    setTimeout(() => button.classList.remove("pressed"), 120);
  }
  send({ key });
});

document.addEventListener("change", (e) => {
  const box = e.target;
  if (box instanceof HTMLInputElement && box.dataset.show) $("trace").classList.toggle(`hide-${box.dataset.show}`, !box.checked);
});

wallet().catch(() => showNotice("could not read the wallet"));
connect();
