// The numbers on a picture's records (the SVG every graph picture shares: picture.py or
// simple_layout.py), rewritten in place: what the live page and the playground's graph of one
// sample both do after their engine runs.
import { format } from "./numbers.js";

// The text elements of node i's record (inside `root`) that hold its data and its grad.
/**
 * @typedef {{data: Element | undefined, grad: Element | undefined}} Fields
 * @param {ParentNode} root @param {number} i @returns {Fields}
 */
export function fields(root, i) {
  const texts = [...root.querySelectorAll(`#n${i} text`)];
  return {
    data: texts.find((t) => (t.textContent ?? "").startsWith("data ")),
    grad: texts.find((t) => (t.textContent ?? "").startsWith("grad ")),
  };
}

// A number that changed flashes in the highlight colour. Switching to the other of two
// classes with the same animation restarts it without a layout, so a large graph redraws as
// fast as a small one.
/** @param {Element | undefined} element @param {string} text */
export function write(element, text) {
  if (!element || element.textContent === text) return;
  element.textContent = text;
  const again = element.classList.contains("flash-a");
  element.classList.replace(again ? "flash-a" : "flash-b", again ? "flash-b" : "flash-a") ||
    element.classList.add("flash-a");
}

// Every record's data and grad from an engine's result ({data, grad}).
/**
 * @param {Fields[]} texts @param {{data: ArrayLike<number>, grad: ArrayLike<number>}} result
 */
export function rewrite(texts, result) {
  texts.forEach((t, i) => {
    write(t.data, `data ${format(result.data[i])}`);
    write(t.grad, `grad ${format(result.grad[i])}`);
  });
}

// A picture shrunk to fit its container's width, down to `smallest` of its size and no
// smaller (wider pictures scroll): 0.7 keeps records' 11 pt text over 10 px high, 0.85 edge
// labels' 9 pt too.
/** @param {HTMLElement} container @param {SVGSVGElement} svg @param {number} [smallest] */
export function fitWidth(container, svg, smallest = 0.7) {
  const [width, height] = [svg.width.baseVal.value, svg.height.baseVal.value];
  const scale = Math.min(1, Math.max(smallest, (container.clientWidth - 4) / width));
  svg.setAttribute("width", `${width * scale}px`);
  svg.setAttribute("height", `${height * scale}px`);
}
