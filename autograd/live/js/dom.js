// The page's own elements, found by id: a page's template holds every one its script asks
// for, so one that is missing is a fault of the page, said by name rather than met later as
// "null has no properties".

/** @param {string} id @returns {HTMLElement} */
export function byId(id) {
  const found = document.getElementById(id);
  if (!found) throw new Error(`the page has no element #${id}`);
  return found;
}

/** A control that holds a value (a text box, a menu, a slider, a check box). */
/** @param {string} id @returns {HTMLInputElement} */
export function control(id) {
  return /** @type {HTMLInputElement} */ (byId(id));
}

/**
 * The JSON a page's template holds in <script type="application/json" id=...>.
 * @param {string} id @returns {any}
 */
export function pageData(id) {
  return JSON.parse(byId(id).textContent ?? "null");
}

const SVG = "http://www.w3.org/2000/svg";

/**
 * An SVG element with these attributes (and text), added to `parent` if one is given.
 * @param {string} name @param {Record<string, string | number>} [attributes]
 * @param {Element | null} [parent] @param {string | null} [text]
 */
export function svgElement(name, attributes = {}, parent = null, text = null) {
  const e = document.createElementNS(SVG, name);
  Object.entries(attributes).forEach(([k, v]) => e.setAttribute(k, String(v)));
  if (text !== null) e.textContent = text;
  if (parent) parent.appendChild(e);
  return e;
}
