// The JSON API, from the same origin. Errors carry the server's message.

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

const infoCache = { value: null };

export async function get(path, params, signal) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) {
    if (v !== null && v !== undefined && v !== "") q.set(k, String(v));
  }
  const url = "/api/" + path + (q.toString() ? "?" + q.toString() : "");
  let resp;
  try {
    resp = await fetch(url, { headers: { Accept: "application/json" }, signal });
  } catch (err) {
    if (err && err.name === "AbortError") throw err;
    throw new ApiError(0, "the server cannot be reached");
  }
  let body = null;
  try {
    body = await resp.json();
  } catch (err) {
    body = null;
  }
  if (!resp.ok) {
    const msg = body && typeof body.message === "string" ? body.message : resp.status + " " + resp.statusText;
    throw new ApiError(resp.status, msg);
  }
  return body;
}

export async function info() {
  if (!infoCache.value) infoCache.value = await get("info");
  return infoCache.value;
}

/** Label of an actor id from a response's `labels`, else the id. */
export function labelOf(labels, id) {
  return (labels && Object.prototype.hasOwnProperty.call(labels, id) && labels[id]) || id;
}
