// DOM building without HTML strings: every value from a document or the store becomes a text
// node or an attribute set with setAttribute. innerHTML is never used. Links are checked.

const SVG_NS = "http://www.w3.org/2000/svg";

/** Append children: strings and numbers become text nodes; arrays are flattened; null/false skipped. */
function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else if (child instanceof Node) el.appendChild(child);
    else el.appendChild(document.createTextNode(String(child)));
  }
  return el;
}

function setAttrs(el, attrs) {
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "on") {
      for (const [type, fn] of Object.entries(value)) el.addEventListener(type, fn);
    } else if (key === "text") {
      el.textContent = String(value);
    } else if (key === "href") {
      const safe = safeHref(value);
      if (safe !== null) el.setAttribute("href", safe);
    } else if (key === "dataset") {
      for (const [k, v] of Object.entries(value)) el.dataset[k] = String(v);
    } else if (key === "value" && "value" in el) {
      el.value = String(value);
    } else if (key === "checked" || key === "selected" || key === "disabled" || key === "hidden") {
      el[key] = Boolean(value);
    } else {
      el.setAttribute(key, value === true ? "" : String(value));
    }
  }
  return el;
}

/** h("a", {href: "#/x", class: "y"}, "text", child...) */
export function h(tag, attrs, ...children) {
  return append(setAttrs(document.createElement(tag), attrs), children);
}

/** The same in the SVG namespace. */
export function s(tag, attrs, ...children) {
  return append(setAttrs(document.createElementNS(SVG_NS, tag), attrs), children);
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

export function replace(el, ...children) {
  clear(el);
  return append(el, children);
}

/** An address from a document is used as a link only if it is http(s); anything else is dropped. */
export function safeUrl(value) {
  if (typeof value !== "string" || !value) return null;
  try {
    const url = new URL(value, window.location.href);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch (err) {
    return null;
  }
}

/** In-app links start with "#/" (or "/"), outside ones must be http(s). */
function safeHref(value) {
  const text = String(value);
  if (text.startsWith("#") || (text.startsWith("/") && !text.startsWith("//"))) return text;
  return safeUrl(text);
}

/** A link to an outside page: opened in a new tab, without referrer or opener. */
export function extLink(url, label) {
  const safe = safeUrl(url);
  if (!safe) return label ? document.createTextNode(String(label)) : null;
  return h("a", { href: safe, target: "_blank", rel: "noopener noreferrer nofollow" }, label || safe);
}

/** "#/path?key=value" with the empty values left out. */
export function route(path, params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) {
    if (v !== null && v !== undefined && v !== "") q.set(k, String(v));
  }
  const qs = q.toString();
  return "#/" + path.split("/").map(encodeURIComponent).join("/") + (qs ? "?" + qs : "");
}

export function table(headers, rows, opts = {}) {
  const head = h("thead", null, h("tr", null, headers.map((c) =>
    h("th", { scope: "col", class: typeof c === "object" ? c.class : null }, typeof c === "object" ? c.label : c))));
  const body = h("tbody", null, rows);
  const t = h("table", null, opts.caption ? h("caption", { class: "sr-only" }, opts.caption) : null, head, body);
  return h("div", { class: "table-wrap", tabindex: opts.scroll ? "0" : null, role: opts.scroll ? "region" : null,
                    "aria-label": opts.scroll ? opts.caption : null }, t);
}

export function fmtNumber(n) {
  return typeof n === "number" ? n.toLocaleString("en-US") : "";
}

export function scoreEl(score) {
  if (typeof score !== "number") return h("span", { class: "muted" }, "–");
  const cls = score > 0.05 ? "score pos" : score < -0.05 ? "score neg" : "score";
  return h("span", { class: cls, title: "cooperation (+1) … conflict (−1)" }, (score > 0 ? "+" : "") + score.toFixed(2));
}

export function quadChip(quad) {
  return quad ? h("span", { class: "chip q-" + quad }, quad.replace("-", " ")) : null;
}

export function message(kind, text) {
  return h("p", { class: kind, role: kind === "error" ? "alert" : null }, text);
}

/** Colour of a cooperation–conflict score in [-1, 1]: red … grey … green. */
export function scoreColor(score) {
  const t = Math.max(-1, Math.min(1, Number(score) || 0));
  const grey = [184, 188, 198], red = [192, 57, 43], green = [30, 132, 73];
  const to = t < 0 ? red : green;
  const k = Math.abs(t);
  const c = grey.map((g, i) => Math.round(g + (to[i] - g) * k));
  return `rgb(${c[0]}, ${c[1]}, ${c[2]})`;
}
